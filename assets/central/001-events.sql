-- Dawr's central database, version 1: every branch's events, keyed by (branch, generation, id),
-- each branch's role inserting and reading only its own rows (row level security), the
-- board's readers reading all. Applied once, in one transaction, by dawr-sync --init-central.
CREATE TABLE branches (
    id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9-]{1,32}$'),
    role name NOT NULL UNIQUE,                  -- the PostgreSQL role its appliance logs in as
    name_ar text NOT NULL DEFAULT '',
    name_en text NOT NULL DEFAULT '');

CREATE TABLE events (
    branch text NOT NULL REFERENCES branches (id),
    generation text NOT NULL CHECK (generation ~ '^[0-9a-f]{32}$'),
    id bigint NOT NULL CHECK (id > 0),
    at bigint NOT NULL,                         -- ms since the epoch, as the appliance logged it
    ticket bigint NOT NULL DEFAULT 0,           -- 0: about no ticket
    ticket_generation text NOT NULL DEFAULT '', -- the generation of the ticket's issue event
    counter text NOT NULL DEFAULT '',
    kind text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}',
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (branch, generation, id));
-- Reports find a range's tickets by their issue day, then read each ticket's events in order.
CREATE INDEX events_issue_day ON events ((detail ->> 'day'), branch) WHERE kind = 'issue';
CREATE INDEX events_by_ticket ON events (branch, ticket_generation, ticket, id) WHERE ticket <> 0;

-- The branch whose role is logged in ('' for any other role). Runs as the owner, who may read
-- branches whole.
CREATE FUNCTION dawr_my_branch() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT coalesce((SELECT id FROM branches WHERE role = session_user), '') $$;

DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dawr_branch') THEN CREATE ROLE dawr_branch NOLOGIN; END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dawr_reader') THEN CREATE ROLE dawr_reader NOLOGIN; END IF;
END $$;

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE branches ENABLE ROW LEVEL SECURITY;
CREATE POLICY branch_own_events ON events TO dawr_branch
    USING (branch = dawr_my_branch()) WITH CHECK (branch = dawr_my_branch());
CREATE POLICY branch_own_row ON branches TO dawr_branch
    USING (id = dawr_my_branch()) WITH CHECK (id = dawr_my_branch());
CREATE POLICY reader_reads_events ON events FOR SELECT TO dawr_reader USING (true);
CREATE POLICY reader_reads_branches ON branches FOR SELECT TO dawr_reader USING (true);

-- A branch adds to its log and names itself; nobody but the owner changes or deletes a row.
GRANT SELECT, INSERT ON events TO dawr_branch;
GRANT SELECT, UPDATE (name_ar, name_en) ON branches TO dawr_branch;
GRANT SELECT ON events, branches TO dawr_reader;
GRANT EXECUTE ON FUNCTION dawr_my_branch() TO dawr_branch, dawr_reader;
