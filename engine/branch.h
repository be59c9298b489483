/* The branch's side of sending its log to the association's centre (dawr-sync, sync/): the
 * database's generations, the events as they leave the appliance (only what reports use: no
 * notes, no contact numbers, no PIN data), and what the sender last recorded, which
 * `dawrctl sync status` and the console's manager page show. No SQL above the engine. */
#ifndef DAWR_BRANCH_H
#define DAWR_BRANCH_H

#include "queue.h"

#include <jansson.h>

#define DAWR_MAX_GENERATIONS 64

/* A generation: a random id (32 hex digits) made by init and made anew by restore; it covers
 * the event ids from FIRST_EVENT up to the next generation's. The centre keys every event by
 * (branch, generation, event id). */
typedef struct {
    char id[33];
    long long first_event;
    long long last_event;          /* the last id it covers, or 0 for the newest (open-ended) */
} dawr_generation;

/* Fills OUT with this database's generations, oldest first. Returns the count (at least 1),
 * or a negative DAWR_ result. */
int dawr_branch_generations(dawr_queue *q, dawr_generation *out, int max);

/* Starts a new generation from the next event id on (what restore does). Returns DAWR_OK. */
int dawr_branch_new_generation(dawr_queue *q);

/* Puts the backup BACKUP (made by dawrctl backup) in place as the database at DB_PATH, written
 * into the live file through SQLite's online backup (the programs using it go on: they notice
 * the new generation and read it again; no -wal is replayed), migrated to this Dawr's schema, with a new generation from its
 * next event id on: the events the appliance logs from now on are never confused with those
 * the lost database had sent after the backup was made. Returns DAWR_OK, or DAWR_STORE_FAILED
 * with the reason in ERR (DB_PATH untouched when BACKUP cannot be read or is not a Dawr
 * database). */
int dawr_branch_restore(const dawr_config *cfg, const char *backup, const char *db_path, char *err, size_t err_size);

/* One event as sent: DETAIL is a JSON object holding only the keys reports read; TICKET_GENERATION
 * names the generation of the ticket's issue event ("" when the event is about no ticket), so a
 * ticket is (branch, ticket_generation, ticket) at the centre. Strings valid during the callback. */
typedef struct {
    long long id;
    dawr_ms at;
    long long ticket;
    const char *ticket_generation;
    const char *counter;
    const char *kind;
    const char *detail;
} dawr_shared_event;

/* Calls FN for each event with AFTER < id <= UP_TO (0: no bound), oldest first, at most LIMIT
 * (0 = all); stops early when FN returns non-zero. Returns the count given, or a negative
 * DAWR_ result. */
int dawr_branch_events(dawr_queue *q, long long after, long long up_to, int limit,
                       int (*fn)(const dawr_shared_event *ev, void *ctx), void *ctx);

/* The detail of an event of KIND as sent: only the keys reports read (a new JSON text, free()
 * it; NULL when DETAIL is not a JSON object). */
char *dawr_branch_shared_detail(const char *kind, const char *detail);

/* What the sender last recorded (times in ms since the epoch, 0 = never). */
typedef struct {
    dawr_ms last_ok_at;
    long long central_cursor;      /* the highest event id the centre held then */
    long long last_event_id;       /* the newest event here now */
    long long backlog;             /* events here the centre did not hold then */
    dawr_ms last_error_at;
    char last_error[512];          /* in words; "" when the last round went well */
    dawr_ms alarm_at;
    char alarm[512];               /* a payload the centre holds differently; "" when none */
} dawr_sync_status;

int dawr_branch_sync_status(dawr_queue *q, dawr_sync_status *out);

/* The same for people and pages (`dawrctl sync status --json`, the console's /api/sync):
 * {branch, generation, configured, last_ok_at, central_cursor, last_event_id, backlog,
 * last_error_at, last_error, alarm_at, alarm}, times as "YYYY-MM-DD HH:MM:SS" local or null.
 * A new reference, or NULL when the database cannot be read. */
json_t *dawr_branch_sync_status_json(dawr_queue *q, const dawr_config *cfg);

/* The sender's records: a good round (the centre now holds up to CURSOR; clears the error and
 * the alarm, since the sender never gets past a conflict), a failed one (WHY in words), and an
 * alarm (WHAT in words; the sender stops there). Each returns DAWR_OK or DAWR_STORE_FAILED. */
int dawr_branch_record_ok(dawr_queue *q, dawr_ms at, long long cursor);
int dawr_branch_record_error(dawr_queue *q, dawr_ms at, const char *why);
int dawr_branch_record_alarm(dawr_queue *q, dawr_ms at, const char *what);

#endif
