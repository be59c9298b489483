#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct dawr_store {
    sqlite3 *db;
    int mode;
    char *path;
    dev_t dev;                   /* the file opened: the path must go on naming it */
    ino_t ino;
};

#define WAL_HEADER_BYTES 32      /* a -wal no longer than its header holds no page */

/* Forward migrations: MIGRATIONS[i] takes user_version i to i+1. Never edit a shipped one. */
static const char *const MIGRATIONS[] = {
    /* 1: services, counters, tickets, events, ratings. Times are milliseconds since the
     * epoch (UTC); "day" is the local service day the number belongs to. */
    "CREATE TABLE services (id TEXT PRIMARY KEY) STRICT;"
    "CREATE TABLE counters ("
    "  id TEXT PRIMARY KEY,"
    "  priority_streak INTEGER NOT NULL DEFAULT 0,"  /* priority tickets called in a row */
    "  last_call_at INTEGER) STRICT;"
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
    "CREATE TABLE tickets ("
    "  id INTEGER PRIMARY KEY,"
    "  day TEXT NOT NULL,"
    "  prefix TEXT NOT NULL CHECK (length(prefix) = 1),"
    "  number INTEGER NOT NULL CHECK (number > 0),"
    "  service TEXT NOT NULL REFERENCES services(id),"
    "  priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),"
    "  state TEXT NOT NULL CHECK (state IN ('waiting','called','serving','done','noshow','cancelled')),"
    "  counter TEXT REFERENCES counters(id),"  /* at this counter, or sent to it when waiting */
    "  issued_at INTEGER NOT NULL,"
    "  first_called_at INTEGER, called_at INTEGER, recalls INTEGER NOT NULL DEFAULT 0,"
    "  serving_at INTEGER, finished_at INTEGER,"
    "  UNIQUE (day, prefix, number)) STRICT;"
    /* A counter serves one visitor at a time: two would be impossible, not just unlikely. */
    "CREATE UNIQUE INDEX tickets_one_per_counter ON tickets(counter) WHERE state IN ('called','serving');"
    "CREATE INDEX tickets_waiting_service ON tickets(day, service, priority, issued_at, id)"
    "  WHERE state = 'waiting' AND counter IS NULL;"
    "CREATE INDEX tickets_waiting_counter ON tickets(day, counter, priority, issued_at, id)"
    "  WHERE state = 'waiting' AND counter IS NOT NULL;"
    "CREATE INDEX tickets_done ON tickets(service, finished_at) WHERE state = 'done';"
    "CREATE INDEX tickets_day_state ON tickets(day, state);"
    "CREATE INDEX tickets_finished ON tickets(finished_at) WHERE finished_at IS NOT NULL;"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  at INTEGER NOT NULL,"
    "  ticket INTEGER REFERENCES tickets(id),"
    "  counter TEXT,"
    "  kind TEXT NOT NULL,"
    "  detail TEXT NOT NULL DEFAULT '{}') STRICT;"
    "CREATE INDEX events_ticket ON events(ticket);"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    "  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TRIGGER events_no_delete BEFORE DELETE ON events"
    "  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
    "CREATE TABLE ratings ("
    "  ticket INTEGER PRIMARY KEY REFERENCES tickets(id),"  /* one rating per ticket */
    "  score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),"
    "  reasons TEXT NOT NULL DEFAULT '',"                   /* space-separated tags */
    "  at INTEGER NOT NULL) STRICT;",
    /* 2: staff PINs for the console, as Argon2id hashes only, with each counter's run of wrong
     * PINs and lock, kept here so that restarting the console does not lift a lock; an index
     * so screens find the newest printer event without reading the whole log. */
    "CREATE TABLE counter_pins ("
    "  counter TEXT PRIMARY KEY REFERENCES counters(id),"
    "  pin_hash TEXT NOT NULL CHECK (pin_hash LIKE '$argon2id$%'),"
    "  set_at INTEGER NOT NULL,"
    "  failures INTEGER NOT NULL DEFAULT 0,"      /* wrong PINs in a row */
    "  locked_until INTEGER NOT NULL DEFAULT 0) STRICT;"  /* ms since the epoch; 0 = not locked */
    "CREATE INDEX events_kind ON events(kind, id);",
    /* 3: wrong PINs count per place they are typed, in a row each: 'counter ID' (its console)
     * or 'kiosk' (its maintenance), so wrong PINs at the public kiosk cannot lock the consoles.
     * The counters' runs and locks move here from counter_pins. */
    "CREATE TABLE pin_locks ("
    "  place TEXT PRIMARY KEY CHECK (place = 'kiosk' OR place LIKE 'counter %'),"
    "  failures INTEGER NOT NULL DEFAULT 0,"      /* wrong PINs in a row */
    "  locked_until INTEGER NOT NULL DEFAULT 0) STRICT;"  /* ms since the epoch; 0 = not locked */
    "INSERT INTO pin_locks (place, failures, locked_until)"
    "  SELECT 'counter ' || counter, failures, locked_until FROM counter_pins"
    "  WHERE failures > 0 OR locked_until > 0;"
    "ALTER TABLE counter_pins DROP COLUMN failures;"
    "ALTER TABLE counter_pins DROP COLUMN locked_until;",
    /* 4: sending the log to the association's centre (engine/branch.h). Each database has
     * generations: a random id made here (by init) and a new one by restore, each covering the
     * event ids from first_event on, so a restored copy's new events never collide with those
     * already sent. The sender's last state is kept for the screens. Every issue event carries
     * its service day from now on, old ones derived from their ticket, so that the log alone
     * gives the reports (the only edit ever made to the append-only log, here, once). */
    "CREATE TABLE generations ("
    "  id TEXT PRIMARY KEY CHECK (length(id) = 32),"
    "  first_event INTEGER NOT NULL UNIQUE CHECK (first_event > 0),"
    "  made_at INTEGER NOT NULL) STRICT;"
    "INSERT INTO generations (id, first_event, made_at)"
    "  VALUES (lower(hex(randomblob(16))), 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));"
    "CREATE TABLE sync_status ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  last_ok_at INTEGER NOT NULL DEFAULT 0,"      /* ms since the epoch of the last good round */
    "  central_cursor INTEGER NOT NULL DEFAULT 0,"  /* the centre's highest event id, then */
    "  last_error_at INTEGER NOT NULL DEFAULT 0,"
    "  last_error TEXT NOT NULL DEFAULT '',"
    "  alarm_at INTEGER NOT NULL DEFAULT 0,"        /* a payload the centre holds differently */
    "  alarm TEXT NOT NULL DEFAULT '') STRICT;"
    "INSERT INTO sync_status (id) VALUES (1);"
    "DROP TRIGGER events_no_update;"
    "UPDATE events SET detail = json_set(detail, '$.day', (SELECT day FROM tickets WHERE id = events.ticket))"
    "  WHERE kind = 'issue' AND json_extract(detail, '$.day') IS NULL AND ticket IS NOT NULL;"
    "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
    "  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;",
    /* 5: a ticket's needs, its channel and outcome, and the state 'aside' (a visitor who stepped
     * away, taken back later with the same number). SQLite cannot change a CHECK in place: the
     * table is rebuilt (migrate() turns foreign keys off around it and checks them before commit). */
    "CREATE TABLE tickets_4 ("
    "  id INTEGER PRIMARY KEY,"
    "  day TEXT NOT NULL,"
    "  prefix TEXT NOT NULL CHECK (length(prefix) = 1),"
    "  number INTEGER NOT NULL CHECK (number > 0),"
    "  service TEXT NOT NULL REFERENCES services(id),"
    "  priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),"
    "  state TEXT NOT NULL CHECK (state IN ('waiting','called','serving','done','noshow','cancelled','aside')),"
    "  counter TEXT REFERENCES counters(id),"  /* at this counter, sent to it when waiting, set aside there */
    "  issued_at INTEGER NOT NULL,"
    "  first_called_at INTEGER, called_at INTEGER, recalls INTEGER NOT NULL DEFAULT 0,"
    "  serving_at INTEGER, finished_at INTEGER,"
    "  needs TEXT NOT NULL DEFAULT '',"        /* space-separated tags of DAWR_NEEDS */
    "  channel TEXT NOT NULL DEFAULT 'kiosk',"  /* a tag of DAWR_CHANNELS */
    "  outcome TEXT,"                           /* an [outcomes] id, recorded when done */
    "  aside_at INTEGER,"                       /* set aside since (state 'aside') */
    "  aside_ms INTEGER NOT NULL DEFAULT 0,"    /* time spent aside, excluded from service time */
    "  UNIQUE (day, prefix, number)) STRICT;"
    "INSERT INTO tickets_4 (id, day, prefix, number, service, priority, state, counter, issued_at, first_called_at,"
    "  called_at, recalls, serving_at, finished_at)"
    "  SELECT id, day, prefix, number, service, priority, state, counter, issued_at, first_called_at,"
    "  called_at, recalls, serving_at, finished_at FROM tickets;"
    "DROP TABLE tickets;"
    "ALTER TABLE tickets_4 RENAME TO tickets;"
    "CREATE UNIQUE INDEX tickets_one_per_counter ON tickets(counter) WHERE state IN ('called','serving');"
    "CREATE INDEX tickets_waiting_service ON tickets(day, service, priority, issued_at, id)"
    "  WHERE state = 'waiting' AND counter IS NULL;"
    "CREATE INDEX tickets_waiting_counter ON tickets(day, counter, priority, issued_at, id)"
    "  WHERE state = 'waiting' AND counter IS NOT NULL;"
    "CREATE INDEX tickets_done ON tickets(service, finished_at) WHERE state = 'done';"
    "CREATE INDEX tickets_day_state ON tickets(day, state);"
    "CREATE INDEX tickets_finished ON tickets(finished_at) WHERE finished_at IS NOT NULL;",
    /* 6: one more place, 'all': every wrong PIN at any counter or the kiosk within one window
     * (failures in it, locked_until its end), so guessing across places has a budget too. */
    "CREATE TABLE pin_locks_6 ("
    "  place TEXT PRIMARY KEY CHECK (place IN ('kiosk', 'all') OR place LIKE 'counter %'),"
    "  failures INTEGER NOT NULL DEFAULT 0,"
    "  locked_until INTEGER NOT NULL DEFAULT 0) STRICT;"
    "INSERT INTO pin_locks_6 (place, failures, locked_until) SELECT place, failures, locked_until FROM pin_locks;"
    "DROP TABLE pin_locks;"
    "ALTER TABLE pin_locks_6 RENAME TO pin_locks;",
    /* 7: applications followed to their answer (engine/application.h). No name, no national
     * ID: a reference read aloud (Hijri year and number), its ticket, its step and dates. A phone
     * number lives only in application_contacts, with who consented and when, never in the log
     * (which is append-only and sent to the centre): erasing the row erases it. */
    "CREATE TABLE applications ("
    "  id INTEGER PRIMARY KEY,"
    "  hijri_year INTEGER NOT NULL CHECK (hijri_year BETWEEN 1300 AND 1999),"
    "  number INTEGER NOT NULL CHECK (number > 0),"
    "  ticket INTEGER NOT NULL UNIQUE REFERENCES tickets(id),"  /* one application per visit */
    "  step TEXT NOT NULL,"                  /* an [applications] step id */
    "  opened_at INTEGER NOT NULL,"
    "  opened_day TEXT NOT NULL,"            /* the local day it was opened, YYYY-MM-DD */
    "  answer_not_before TEXT NOT NULL,"     /* opened_day + committee_days, YYYY-MM-DD */
    "  changed_at INTEGER NOT NULL,"
    "  decided_at INTEGER,"                  /* first reached a decision step */
    "  closed_at INTEGER,"                   /* reached a closing step: then the contact's days run */
    "  UNIQUE (hijri_year, number)) STRICT;"
    "CREATE INDEX applications_step ON applications(step, opened_at);"
    "CREATE TABLE application_contacts ("
    "  application INTEGER PRIMARY KEY REFERENCES applications(id),"
    "  phone TEXT NOT NULL CHECK (length(phone) BETWEEN 8 AND 16),"
    "  consent_by TEXT NOT NULL CHECK (consent_by IN ('applicant', 'family')),"
    "  consent_at INTEGER NOT NULL,"
    "  counter TEXT) STRICT;",               /* who recorded it, NULL from dawrctl */
    /* 8: return appointments of applications (engine/appointment.h): when, booked, moved,
     * cancelled; the times are no one's personal data. An application has one coming at most. */
    "CREATE TABLE appointments ("
    "  id INTEGER PRIMARY KEY,"
    "  application INTEGER NOT NULL REFERENCES applications(id),"
    "  at INTEGER NOT NULL,"                 /* the instant, ms */
    "  local TEXT NOT NULL,"                 /* the same, local \"YYYY-MM-DD HH:MM\" as booked */
    "  booked_at INTEGER NOT NULL,"
    "  changed_at INTEGER NOT NULL,"         /* booked or last moved */
    "  cancelled_at INTEGER) STRICT;"
    "CREATE INDEX appointments_application ON appointments(application, id);"
    "CREATE INDEX appointments_local ON appointments(local) WHERE cancelled_at IS NULL;",
    /* 9: checking in for an appointment (appointment.h): the ticket is marked with the
     * appointment's instant (called near it, engine/queue.c), the appointment keeps the ticket
     * it was checked in with (one check-in each), and each counter counts its appointment calls
     * in a row (appointment_ratio), beside priority_streak. */
    "ALTER TABLE tickets ADD COLUMN appointment_at INTEGER;"
    "ALTER TABLE appointments ADD COLUMN checkin_ticket INTEGER REFERENCES tickets(id);"
    "ALTER TABLE counters ADD COLUMN appointment_streak INTEGER NOT NULL DEFAULT 0;",
};
#define LATEST ((int)(sizeof MIGRATIONS / sizeof MIGRATIONS[0]))

int dawr_store_schema_latest(void) { return LATEST; }

const char *dawr_store_describe(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_FULL: return "the database is full (no space left on the disk or its size limit reached)";
    case SQLITE_BUSY: case SQLITE_LOCKED: return "the database stayed busy (another program held it too long)";
    case SQLITE_READONLY: return "the database is read-only here";
    case SQLITE_IOERR: return "the disk reported an input/output error";
    case SQLITE_CORRUPT: case SQLITE_NOTADB: return "the database file is damaged or is not a Dawr database";
    case SQLITE_CANTOPEN: return "the database file cannot be opened (missing folder or no permission)";
    case SQLITE_NOMEM: return "out of memory";
    case SQLITE_CONSTRAINT:
        if (rc == SQLITE_CONSTRAINT_COMMITHOOK)
            return "the database file was deleted or replaced under this program (nothing is written to it any more)";
        return sqlite3_errstr(rc);
    default: return sqlite3_errstr(rc);
    }
}

static int exec(dawr_store *s, const char *sql, char *err, size_t err_size)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK)
        snprintf(err, err_size, "%s (%s)", dawr_store_describe(rc), msg ? msg : sqlite3_errmsg(s->db));
    sqlite3_free(msg);
    return rc;
}

int dawr_store_schema_version(dawr_store *s)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

static int migrate_each(dawr_store *s, char *err, size_t err_size);

/* Whether the foreign keys hold: a migration that rebuilds a table runs with them off. */
static int foreign_keys_hold(dawr_store *s, char *err, size_t err_size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "%s", sqlite3_errmsg(s->db));
        return 0;
    }
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        snprintf(err, err_size, "a migration would break a reference from %s to %s; nothing was changed",
                 (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 2));
    else if (rc != SQLITE_DONE) snprintf(err, err_size, "%s", sqlite3_errmsg(s->db));
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
}

/* Applies each missing migration in its own immediate transaction, with foreign keys off (SQLite's
 * way to rebuild a table others refer to) and checked before each commit. */
static int migrate(dawr_store *s, char *err, size_t err_size)
{
    if (exec(s, "PRAGMA foreign_keys = OFF", err, err_size) != SQLITE_OK) return -1;
    int r = migrate_each(s, err, err_size);
    char ignored[256];
    if (exec(s, "PRAGMA foreign_keys = ON", r ? ignored : err, r ? sizeof ignored : err_size) != SQLITE_OK) return -1;
    return r;
}

static int migrate_each(dawr_store *s, char *err, size_t err_size)
{
    for (;;) {
        if (exec(s, "BEGIN IMMEDIATE", err, err_size) != SQLITE_OK) return -1;
        int v = dawr_store_schema_version(s);
        if (v == LATEST) return exec(s, "COMMIT", err, err_size) == SQLITE_OK ? 0 : -1;
        if (v < 0 || v > LATEST) {
            exec(s, "ROLLBACK", err, err_size);
            snprintf(err, err_size, "the database has schema version %d; this Dawr knows versions up to %d "
                     "(is it from a newer Dawr?)", v, LATEST);
            return -1;
        }
        char bump[64];
        snprintf(bump, sizeof bump, "PRAGMA user_version = %d", v + 1);
        if (exec(s, MIGRATIONS[v], err, err_size) != SQLITE_OK || !foreign_keys_hold(s, err, err_size) ||
            exec(s, bump, err, err_size) != SQLITE_OK || exec(s, "COMMIT", err, err_size) != SQLITE_OK) {
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            return -1;
        }
    }
}

/* The file identity a database stores (meta 'file'): the inode it was last opened as. Only the
 * inode, since a disk's device number may differ after a reboot. */
static void file_marker(const struct stat *st, char *out, size_t size)
{
    snprintf(out, size, "%llu", (unsigned long long)st->st_ino);
}

/* The 'file' marker of the database file at PATH as it lies on the disk, without its -wal
 * (SQLite's immutable=1: no journal, no locks). 0 with it in OUT; -1 when there is none or the
 * file cannot be read so (then nothing can be told). */
static int marker_on_disk(const char *path, char *out, size_t size)
{
    char uri[4200] = "file:";
    size_t n = strlen(uri);
    for (const char *p = path; *p && n + 4 < sizeof uri - 16; p++)   /* a URI escapes these */
        n += *p == '%' || *p == '?' || *p == '#' ? (size_t)snprintf(uri + n, 4, "%%%02X", (unsigned char)*p)
                                                   : (size_t)(uri[n] = *p, uri[n + 1] = 0, 1);
    snprintf(uri + n, sizeof uri - n, "?immutable=1");
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    int found = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL) == SQLITE_OK &&
                sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'file'", -1, &st, NULL) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW;
    if (found) snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return found ? 0 : -1;
}

/* SQLite's -wal names no database: after `mv backup.db dawr.db` under running programs, the
 * dawr.db-wal left by the file that was there would be replayed into the one put there, and
 * tickets removed by the restore would come back. The database stores the inode it was opened
 * as (meta 'file', checkpointed at once); a -wal with pages beside a file whose own copy names
 * another inode was written on top of that other file. A writer moves it and its -shm aside
 * (kept, never replayed); a reader refuses. Returns 0 when PATH may be opened. */
static int set_stale_wal_aside(const char *path, const struct stat *db, int mode, char *err, size_t err_size)
{
    char wal[4200], shm[4200], marker[64], mine[64];
    snprintf(wal, sizeof wal, "%s-wal", path);
    snprintf(shm, sizeof shm, "%s-shm", path);
    struct stat ws;
    if (stat(wal, &ws) != 0 || ws.st_size <= WAL_HEADER_BYTES) return 0;
    file_marker(db, mine, sizeof mine);
    if (marker_on_disk(path, marker, sizeof marker) != 0 || !strcmp(marker, mine)) return 0;
    if (mode == DAWR_STORE_READ_ONLY) {
        snprintf(err, err_size, "%s: its -wal belongs to the file that was there before (the database was "
                 "replaced while programs had it open); waiting for a program that writes to set it aside", path);
        return -1;
    }
    char aside[4300], aside_shm[4300];
    long long at = (long long)time(NULL);
    snprintf(aside, sizeof aside, "%s.stale-%lld", wal, at);
    snprintf(aside_shm, sizeof aside_shm, "%s.stale-%lld", shm, at);
    if (rename(wal, aside) != 0) {
        snprintf(err, err_size, "%s: its -wal belongs to the file that was there before and cannot be set aside: %s",
                 path, strerror(errno));
        return -1;
    }
    if (rename(shm, aside_shm) != 0 && errno != ENOENT) unlink(shm);   /* an index only: rebuilt */
    fprintf(stderr, "dawr: %s was replaced while programs had it open; its old -wal, never replayed, is kept as %s\n",
            path, aside);
    return 0;
}

/* Refuses commits once the path names another file (or none): a program whose database was
 * deleted or replaced under it stops writing to it. */
static int commit_hook(void *arg)
{
    return dawr_store_file_state(arg) != DAWR_STORE_FILE_SAME;
}

/* Records the inode opened in the database itself, for set_stale_wal_aside(), when it differs. */
static int record_file(dawr_store *s, char *err, size_t err_size)
{
    char mine[64];
    struct stat st = { .st_ino = s->ino };
    file_marker(&st, mine, sizeof mine);
    sqlite3_stmt *q;
    int same = sqlite3_prepare_v2(s->db, "SELECT value = ?1 FROM meta WHERE key = 'file'", -1, &q, NULL) == SQLITE_OK &&
               sqlite3_bind_text(q, 1, mine, -1, SQLITE_TRANSIENT) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW &&
               sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (same) return 0;
    char sql[160];
    snprintf(sql, sizeof sql, "INSERT OR REPLACE INTO meta (key, value) VALUES ('file', '%s')", mine);
    if (exec(s, sql, err, err_size) != SQLITE_OK) return -1;
    /* Into the file itself at once, so that a crash now leaves no -wal that looks stale. */
    sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
    return 0;
}

dawr_store *dawr_store_open(const char *path, int mode, int busy_ms, int create, char *err, size_t err_size)
{
    if (busy_ms < 0) {
        snprintf(err, err_size, "%s: a busy timeout is 0 (the default) or more milliseconds, not %d", path, busy_ms);
        return NULL;
    }
    struct stat before;
    int exists = stat(path, &before) == 0;
    if ((!exists || before.st_size == 0) && (!create || mode == DAWR_STORE_READ_ONLY)) {
        snprintf(err, err_size, "no Dawr database at %s: run dawrctl init", path);
        return NULL;
    }
    if (exists && set_stale_wal_aside(path, &before, mode, err, err_size) != 0) return NULL;
    dawr_store *s = calloc(1, sizeof *s);
    if (!s || !(s->path = strdup(path))) { free(s); snprintf(err, err_size, "out of memory"); return NULL; }
    s->mode = mode;
    int flags = mode == DAWR_STORE_READ_ONLY ? SQLITE_OPEN_READONLY
                                             : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &s->db, flags | SQLITE_OPEN_NOMUTEX, NULL);
    struct stat opened;
    if (rc == SQLITE_OK && stat(path, &opened) != 0) rc = SQLITE_CANTOPEN;
    if (rc != SQLITE_OK) {
        snprintf(err, err_size, rc == SQLITE_CANTOPEN && !create ? "no Dawr database at %s: run dawrctl init" : "%s: %s",
                 path, dawr_store_describe(rc));
        dawr_store_close(s);
        return NULL;
    }
    s->dev = opened.st_dev;
    s->ino = opened.st_ino;
    sqlite3_extended_result_codes(s->db, 1);
    /* Writers queue for each other (a transaction is short); a screen that only watches must
     * not freeze behind a lock: it gives up soon and tries again on its next poll. */
    sqlite3_busy_timeout(s->db, busy_ms ? busy_ms : mode == DAWR_STORE_READ_ONLY ? 100 : 10000);
    char why[512];
    const char *setup = mode == DAWR_STORE_READ_ONLY
        ? "PRAGMA foreign_keys = ON; PRAGMA query_only = ON;"
        : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
    if (exec(s, setup, why, sizeof why) != SQLITE_OK) {
        snprintf(err, err_size, "%s: %s", path, why);
        dawr_store_close(s);
        return NULL;
    }
    /* Only init makes a database: an empty or foreign file is refused, never given a schema. */
    if (!create && dawr_store_schema_version(s) <= 0) {
        snprintf(err, err_size, "no Dawr database at %s (%s): run dawrctl init", path,
                 dawr_store_schema_version(s) < 0 ? "the file is not an SQLite database" : "the file holds no Dawr tables");
        dawr_store_close(s);
        return NULL;
    }
    if (mode != DAWR_STORE_READ_ONLY && (migrate(s, why, sizeof why) != 0 || record_file(s, why, sizeof why) != 0)) {
        snprintf(err, err_size, "%s: %s", path, why);
        dawr_store_close(s);
        return NULL;
    }
    if (mode == DAWR_STORE_READ_ONLY && dawr_store_schema_version(s) != LATEST) {
        snprintf(err, err_size, "%s: schema version %d, expected %d (run dawrctl init)", path,
                 dawr_store_schema_version(s), LATEST);
        dawr_store_close(s);
        return NULL;
    }
    sqlite3_commit_hook(s->db, commit_hook, s);
    return s;
}

int dawr_store_file_state(dawr_store *s)
{
    struct stat st;
    if (stat(s->path, &st) != 0) return errno == ENOENT || errno == ENOTDIR ? DAWR_STORE_FILE_GONE : DAWR_STORE_FILE_SAME;
    return st.st_dev == s->dev && st.st_ino == s->ino ? DAWR_STORE_FILE_SAME : DAWR_STORE_FILE_REPLACED;
}

const char *dawr_store_path(const dawr_store *s) { return s->path; }

void dawr_store_close(dawr_store *s)
{
    if (!s) return;
    /* A file no longer at its path: no checkpoint on closing, which would delete the -wal and
     * -shm by their names, now another file's. */
    if (s->db && s->path && dawr_store_file_state(s) != DAWR_STORE_FILE_SAME)
        sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
    sqlite3_close_v2(s->db);
    free(s->path);
    free(s);
}

sqlite3 *dawr_store_db(dawr_store *s) { return s->db; }

long long dawr_store_data_version(dawr_store *s)
{
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_prepare_v2(s->db, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

int dawr_store_backup(dawr_store *s, const char *dest, char *err, size_t err_size)
{
    sqlite3 *out;
    int rc = sqlite3_open_v2(dest, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        snprintf(err, err_size, "%s: %s", dest, dawr_store_describe(rc));
        sqlite3_close(out);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(out, "main", s->db, "main");
    if (!b) {
        snprintf(err, err_size, "%s: %s", dest, sqlite3_errmsg(out));
        sqlite3_close(out);
        return -1;
    }
    /* Copy in steps so writers are only paused briefly; restart if they change the source. */
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) {
        snprintf(err, err_size, "%s: backup failed: %s", dest, dawr_store_describe(rc));
        sqlite3_close(out);
        return -1;
    }
    sqlite3_stmt *st;
    int ok = sqlite3_prepare_v2(out, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), "ok");
    sqlite3_finalize(st);
    sqlite3_close(out);
    if (!ok) { snprintf(err, err_size, "%s: the copy failed its integrity check", dest); return -1; }
    return 0;
}

int dawr_store_backup_usable(const char *backup, char *err, size_t err_size)
{
    sqlite3 *src = NULL;
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_open_v2(backup, &src, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(src, "SELECT (SELECT count(*) FROM sqlite_schema WHERE name IN ('tickets', 'events')),"
                                     " (SELECT quick_check FROM pragma_quick_check)", -1, &st, NULL) == SQLITE_OK &&
             sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) == 2 &&
             !strcmp((const char *)sqlite3_column_text(st, 1), "ok");
    sqlite3_finalize(st);
    if (!ok) snprintf(err, err_size, "%s: not a readable, healthy Dawr database (%s); nothing was changed", backup,
                      src ? sqlite3_errmsg(src) : "cannot open");
    sqlite3_close(src);
    return ok ? 0 : -1;
}

/* Why the backup API into the live file, and not a new file renamed over it: SQLite documents
 * that renaming or unlinking a database file in use, or parting it from its -wal, can corrupt
 * it (sqlite.org/howtocorrupt.html, "Unlinking or renaming a database file while in use"), while
 * sqlite3_backup_step(-1) copies every page in one write transaction of the destination's own
 * connection (sqlite.org/c3ref/backup_finish.html): it goes through the destination's -wal like
 * any commit, so no older -wal frame can be replayed over it, readers see the old or the new
 * content whole, and the other programs keep their connections (they notice the new generation
 * and read again). */
int dawr_store_restore(dawr_store *s, const char *backup, char *err, size_t err_size)
{
    if (dawr_store_backup_usable(backup, err, err_size) != 0) return -1;
    sqlite3 *src = NULL;
    if (sqlite3_open_v2(backup, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err, err_size, "%s: %s; nothing was changed", backup, sqlite3_errmsg(src));
        sqlite3_close(src);
        return -1;
    }
    sqlite3_backup *b = sqlite3_backup_init(s->db, "main", src, "main");
    int rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(s->db);
    int done = rc == SQLITE_DONE;
    if (sqlite3_backup_finish(b) != SQLITE_OK) done = 0;
    sqlite3_close(src);
    if (!done) {
        snprintf(err, err_size, "%s: cannot restore into it: %s; nothing was changed", s->path,
                 dawr_store_describe(rc == SQLITE_DONE ? sqlite3_errcode(s->db) : rc));
        return -1;
    }
    char why[512];
    if (migrate(s, why, sizeof why) != 0 || record_file(s, why, sizeof why) != 0) {
        snprintf(err, err_size, "%s: restored, but %s", s->path, why);
        return -1;
    }
    return 0;
}

/* Runs SQL whose rows each describe one problem; appends them to REPORT. */
static int count_problems(dawr_store *s, const char *sql, const char *label, char *report, size_t size)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
    int problems = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *what = (const char *)sqlite3_column_text(st, 0);
        if (what && !strcmp(what, "ok")) continue;
        problems++;
        size_t len = strlen(report);
        if (len < size) snprintf(report + len, size - len, "%s: %s\n", label, what ? what : "?");
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? problems : -1;
}

int dawr_store_check(dawr_store *s, char *report, size_t size)
{
    static const struct { const char *label, *sql; } checks[] = {
        { "integrity", "PRAGMA integrity_check" },
        { "foreign key", "SELECT \"table\" || ' row ' || rowid || ' points to a missing ' || parent"
                         " FROM pragma_foreign_key_check" },
        { "duplicate number", "SELECT day || ' ' || prefix || '-' || number || ' given ' || count(*) || ' times'"
                              " FROM tickets GROUP BY day, prefix, number HAVING count(*) > 1" },
        { "missing number", "SELECT day || ' ' || prefix || ': highest number ' || max(number) || ' but '"
                            " || count(*) || ' tickets' FROM tickets GROUP BY day, prefix"
                            " HAVING max(number) <> count(*)" },
        { "unlogged ticket", "SELECT 'ticket ' || id || ' has no issue event' FROM tickets t WHERE NOT EXISTS"
                             " (SELECT 1 FROM events e WHERE e.ticket = t.id AND e.kind = 'issue')" },
        { "rating", "SELECT 'ticket ' || r.ticket || ' rated but not served' FROM ratings r"
                    " JOIN tickets t ON t.id = r.ticket WHERE t.state <> 'done'" },
        { "application", "SELECT 'application ' || hijri_year || '-' || printf('%04d', number) || ' has no open event'"
                         " FROM applications a WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.kind = 'app_open'"
                         " AND e.ticket = a.ticket)" },
        { "contact", "SELECT 'application ' || a.hijri_year || '-' || printf('%04d', a.number) || ' keeps a contact"
                     " without consent' FROM application_contacts c JOIN applications a ON a.id = c.application"
                     " WHERE c.consent_by NOT IN ('applicant', 'family') OR c.consent_at <= 0" },
        { "appointment", "SELECT 'the appointment at ' || p.local || ' of application ' || a.hijri_year || '-' ||"
                         " printf('%04d', a.number) || ' has no booking event' FROM appointments p"
                         " JOIN applications a ON a.id = p.application WHERE NOT EXISTS (SELECT 1 FROM events e"
                         " WHERE e.kind = 'app_book' AND e.ticket = a.ticket)" },
        { "application step", "SELECT 'application ' || a.hijri_year || '-' || printf('%04d', a.number) || ' is at '"
                              " || a.step || ' but its log says ' || coalesce(("
                              "SELECT json_extract(e.detail, '$.step') FROM events e WHERE e.ticket = a.ticket"
                              " AND e.kind IN ('app_open', 'app_step') ORDER BY e.id DESC LIMIT 1), 'nothing')"
                              " FROM applications a WHERE a.step IS NOT coalesce(("
                              "SELECT json_extract(e.detail, '$.step') FROM events e WHERE e.ticket = a.ticket"
                              " AND e.kind IN ('app_open', 'app_step') ORDER BY e.id DESC LIMIT 1), '')" },
        { "closed application", "SELECT 'application ' || a.hijri_year || '-' || printf('%04d', a.number) ||"
                                " ' is closed but still expects a visit at ' || p.local FROM appointments p"
                                " JOIN applications a ON a.id = p.application WHERE a.closed_at IS NOT NULL"
                                " AND p.cancelled_at IS NULL AND p.checkin_ticket IS NULL AND p.at > a.closed_at" },
        { "check-in", "SELECT 'the appointment at ' || json_extract(detail, '$.at') || ' of application ' ||"
                      " json_extract(detail, '$.application') || ' was checked in ' || count(*) || ' times'"
                      " FROM events WHERE kind = 'app_checkin' GROUP BY json_extract(detail, '$.application'),"
                      " json_extract(detail, '$.at') HAVING count(*) > 1" },
    };
    if (size) report[0] = 0;
    int total = 0;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        int n = count_problems(s, checks[i].sql, checks[i].label, report, size);
        if (n < 0) {
            snprintf(report, size, "the check could not run: %s", sqlite3_errmsg(s->db));
            return -1;
        }
        total += n;
    }
    return total;
}
