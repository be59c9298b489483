-- Dawr's central database, version 2: each ticket's events kept together, as the lines the
-- report reads (tools/central_report.c), so that a year's report over every branch reads one
-- row per ticket instead of joining and sorting every event. Filled from the events a
-- statement inserts (a trigger), and for the events already held when this version is applied.

-- A JSON string member of DETAIL, tabs and line breaks made spaces ('' when absent or not a string).
CREATE FUNCTION dawr_report_text(detail jsonb, key text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN jsonb_typeof(detail -> key) = 'string' THEN translate(detail ->> key, E'\t\n\r', '   ') ELSE '' END $$;

-- One event as the report reads it: at, kind, counter, then what its detail says that the
-- figures use (issue: day, service, channel; transfer: from and to service; done: outcome;
-- rate: score and reasons separated by spaces; resume: state), separated by tabs.
CREATE FUNCTION dawr_report_line(at bigint, kind text, counter text, detail jsonb) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT array_to_string(ARRAY[at::text, translate(kind, E'\t\n\r', '   '), translate(counter, E'\t\n\r', '   ')]
        || CASE kind
            WHEN 'issue' THEN ARRAY[dawr_report_text(detail, 'day'), dawr_report_text(detail, 'service'),
                                    dawr_report_text(detail, 'channel')]
            WHEN 'transfer' THEN ARRAY[dawr_report_text(detail, 'from_service'), dawr_report_text(detail, 'to_service')]
            WHEN 'done' THEN ARRAY[dawr_report_text(detail, 'outcome')]
            WHEN 'rate' THEN ARRAY[CASE WHEN jsonb_typeof(detail -> 'score') = 'number'
                                             AND detail ->> 'score' ~ '^-?[0-9]{1,9}$' THEN detail ->> 'score' ELSE '0' END,
                                   coalesce((SELECT string_agg(translate(r #>> '{}', E'\t\n\r ', '    '), ' ')
                                             FROM jsonb_array_elements(CASE WHEN jsonb_typeof(detail -> 'reasons') = 'array'
                                                                            THEN detail -> 'reasons' ELSE '[]' END) r
                                             WHERE jsonb_typeof(r) = 'string'), '')]
            WHEN 'resume' THEN ARRAY[dawr_report_text(detail, 'state')]
            ELSE ARRAY[]::text[] END, E'\t') $$;

CREATE TABLE ticket_logs (
    branch text NOT NULL REFERENCES branches (id),
    ticket_generation text NOT NULL,
    ticket bigint NOT NULL,
    day text NOT NULL DEFAULT '',    -- the service day its (first) issue event names; '' until it came
    log text NOT NULL,               -- its events' lines (dawr_report_line), one a line, as they came
    PRIMARY KEY (branch, ticket_generation, ticket));
CREATE INDEX ticket_logs_by_day ON ticket_logs (day);

-- The lines of a statement's new events, added to their tickets' logs (a batch holds each
-- event once: ON CONFLICT DO NOTHING leaves resent events out of NEW TABLE).
CREATE FUNCTION dawr_log_new_events() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ BEGIN
    INSERT INTO ticket_logs AS t (branch, ticket_generation, ticket, day, log)
    SELECT branch, ticket_generation, ticket,
           coalesce((array_agg(dawr_report_text(detail, 'day') ORDER BY id) FILTER (WHERE kind = 'issue'))[1], ''),
           string_agg(dawr_report_line(at, kind, counter, detail), E'\n' ORDER BY id)
      FROM new_events WHERE ticket <> 0 GROUP BY branch, ticket_generation, ticket
    ON CONFLICT (branch, ticket_generation, ticket) DO UPDATE
        SET day = CASE WHEN t.day = '' THEN excluded.day ELSE t.day END, log = t.log || E'\n' || excluded.log;
    RETURN NULL;
END $$;

INSERT INTO ticket_logs (branch, ticket_generation, ticket, day, log)
SELECT branch, ticket_generation, ticket,
       coalesce((array_agg(dawr_report_text(detail, 'day') ORDER BY id) FILTER (WHERE kind = 'issue'))[1], ''),
       string_agg(dawr_report_line(at, kind, counter, detail), E'\n' ORDER BY id)
  FROM events WHERE ticket <> 0 GROUP BY branch, ticket_generation, ticket;

CREATE TRIGGER events_into_ticket_logs AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION dawr_log_new_events();

-- Reports read ticket_logs now: the indexes made for reading events by ticket go.
DROP INDEX events_issue_day;
DROP INDEX events_by_ticket;

ALTER TABLE ticket_logs ENABLE ROW LEVEL SECURITY;
CREATE POLICY reader_reads_ticket_logs ON ticket_logs FOR SELECT TO dawr_reader USING (true);
GRANT SELECT ON ticket_logs TO dawr_reader;
