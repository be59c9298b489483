/* The branch's side of sending its log: generations, the shared events, the sender's records. */
#include "branch.h"

#include "queue_internal.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed(dawr_queue *q)
{
    (void)q;
    return DAWR_STORE_FAILED;
}

int dawr_branch_generations(dawr_queue *q, dawr_generation *out, int max)
{
    sqlite3 *db = dawr_queue_db(q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id, first_event FROM generations ORDER BY first_event", -1, &st, NULL) != SQLITE_OK)
        return failed(q);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max) {
        snprintf(out[n].id, sizeof out[n].id, "%s", (const char *)sqlite3_column_text(st, 0));
        out[n].first_event = sqlite3_column_int64(st, 1);
        out[n].last_event = 0;
        if (n) out[n - 1].last_event = out[n].first_event - 1;
        n++;
    }
    sqlite3_finalize(st);
    if ((rc != SQLITE_DONE && rc != SQLITE_ROW) || n == 0) return DAWR_STORE_FAILED;
    return n;
}

int dawr_branch_new_generation(dawr_queue *q)
{
    /* From the next id AUTOINCREMENT gives (sqlite_sequence remembers ids of a restored copy). */
    const char *sql = "INSERT INTO generations (id, first_event, made_at)"
                      " SELECT lower(hex(randomblob(16))), max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),"
                      "   (SELECT max(first_event) FROM generations)) + 1, ?1";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(dawr_queue_db(q), sql, -1, &st, NULL) != SQLITE_OK) return failed(q);
    sqlite3_bind_int64(st, 1, dawr_clock_now());
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? DAWR_OK : DAWR_STORE_FAILED;
}

int dawr_branch_restore(const dawr_config *cfg, const char *backup, const char *db_path, char *err, size_t err_size)
{
    /* Into the live file, never by moving files: the programs using it go on and reload. A
     * restore may make the database where there is none (after a lost disk). */
    if (dawr_store_backup_usable(backup, err, err_size) != 0) return DAWR_STORE_FAILED;
    dawr_queue *q = dawr_queue_open(cfg, db_path, &(dawr_queue_options){ .create = 1 }, err, err_size);
    if (!q) return DAWR_STORE_FAILED;
    int r = dawr_queue_restore_from(q, backup);
    if (r != DAWR_OK) snprintf(err, err_size, "%s", dawr_queue_error(q));
    else if ((r = dawr_branch_new_generation(q)) != DAWR_OK)
        snprintf(err, err_size, "%s: restored, but no new generation could be made: %s", db_path,
                 sqlite3_errmsg(dawr_queue_db(q)));
    dawr_queue_close(q);
    return r;
}

/* The keys of each kind's detail that reports read, space-separated with spaces around; other
 * kinds send {}. Notes, printer messages, a visitor's needs and everything about PINs stay on
 * the appliance; so does all about a contact (app_contact sends {}; its number is in no event). */
static const struct { const char *kind, *keys; } SHARED_KEYS[] = {
    { "issue", " service priority day channel " },
    { "call", " priority out_of_order " },
    { "recall", " recalls " },
    { "noshow", " recalls seconds " },
    { "transfer", " from_service to_service to_counter " },
    { "done", " service_seconds outcome " },
    { "resume", " state " },
    { "rate", " score reasons " },
    { "expire", " day " },
    { "help", " source screen " },
    { "help_ack", " help seconds " },               /* the call answered (its event id) and how soon */
    { "pause_start", " day prayer from to " },
    { "pause_end", " day prayer early " },
    { "refused", " service channel reason " },      /* a ticket asked for while closed; nobody named */
    { "app_open", " application step answer_not_before service " },
    { "app_step", " application step from_step " },
    { "app_book", " application at " },             /* appointments: times, nobody named */
    { "app_move", " application at from " },
    { "app_cancel", " application at " },
    { "app_notify", " application message lang " },   /* never the number */
    { "app_checkin", " application at visit_ticket minutes " },
};

char *dawr_branch_shared_detail(const char *kind, const char *detail)
{
    json_t *in = json_loads(detail ? detail : "{}", 0, NULL);
    if (!json_is_object(in)) { json_decref(in); return NULL; }
    const char *keys = NULL;
    for (size_t i = 0; i < sizeof SHARED_KEYS / sizeof SHARED_KEYS[0]; i++)
        if (!strcmp(SHARED_KEYS[i].kind, kind)) keys = SHARED_KEYS[i].keys;
    json_t *out = json_object();
    const char *key;
    json_t *value;
    json_object_foreach(in, key, value) {
        char padded[80];
        snprintf(padded, sizeof padded, " %s ", key);
        if (keys && strlen(key) < 70 && strstr(keys, padded)) json_object_set(out, key, value);
    }
    char *text = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(in);
    json_decref(out);
    return text;
}

int dawr_branch_events(dawr_queue *q, long long after, long long up_to, int limit,
                       int (*fn)(const dawr_shared_event *ev, void *ctx), void *ctx)
{
    dawr_generation gens[DAWR_MAX_GENERATIONS];
    int ngen = dawr_branch_generations(q, gens, DAWR_MAX_GENERATIONS);
    if (ngen < 0) return ngen;
    /* A ticket's first event is its issue: its id says the ticket's generation. */
    static const char sql[] =
        "SELECT e.id, e.at, coalesce(e.ticket, 0), coalesce(e.counter, ''), e.kind, e.detail,"
        " CASE WHEN e.ticket IS NULL THEN 0 ELSE (SELECT min(i.id) FROM events i WHERE i.ticket = e.ticket) END"
        " FROM events e WHERE e.id > ?1 AND (?2 = 0 OR e.id <= ?2) ORDER BY e.id LIMIT ?3";
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(dawr_queue_db(q), sql, -1, &st, NULL) != SQLITE_OK) return failed(q);
    sqlite3_bind_int64(st, 1, after);
    sqlite3_bind_int64(st, 2, up_to);
    sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
    int n = 0, rc, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *kind = (const char *)sqlite3_column_text(st, 4);
        char *detail = dawr_branch_shared_detail(kind, (const char *)sqlite3_column_text(st, 5));
        long long issue = sqlite3_column_int64(st, 6);
        const char *tgen = "";
        for (int g = 0; issue && g < ngen; g++)
            if (issue >= gens[g].first_event) tgen = gens[g].id;
        dawr_shared_event ev = { sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2),
                                 tgen, (const char *)sqlite3_column_text(st, 3), kind, detail ? detail : "{}" };
        stop = fn(&ev, ctx);
        free(detail);
        n++;
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE) return DAWR_STORE_FAILED;
    return n;
}

int dawr_branch_sync_status(dawr_queue *q, dawr_sync_status *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(dawr_queue_db(q), "SELECT last_ok_at, central_cursor, last_error_at, last_error, alarm_at, alarm,"
                           " coalesce((SELECT max(id) FROM events), 0) FROM sync_status WHERE id = 1", -1, &st, NULL) != SQLITE_OK)
        return failed(q);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->last_ok_at = sqlite3_column_int64(st, 0);
        out->central_cursor = sqlite3_column_int64(st, 1);
        out->last_error_at = sqlite3_column_int64(st, 2);
        snprintf(out->last_error, sizeof out->last_error, "%s", (const char *)sqlite3_column_text(st, 3));
        out->alarm_at = sqlite3_column_int64(st, 4);
        snprintf(out->alarm, sizeof out->alarm, "%s", (const char *)sqlite3_column_text(st, 5));
        out->last_event_id = sqlite3_column_int64(st, 6);
        out->backlog = out->last_event_id > out->central_cursor ? out->last_event_id - out->central_cursor : 0;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? DAWR_OK : DAWR_STORE_FAILED;
}

static json_t *time_or_null(dawr_ms at)
{
    char text[32];
    if (!at) return json_null();
    dawr_clock_format(at, text, sizeof text);
    return json_string(text);
}

json_t *dawr_branch_sync_status_json(dawr_queue *q, const dawr_config *cfg)
{
    const dawr_branch_settings *br = dawr_config_branch(cfg);
    dawr_sync_status s;
    dawr_generation gens[DAWR_MAX_GENERATIONS];
    int ngen = dawr_branch_generations(q, gens, DAWR_MAX_GENERATIONS);
    if (ngen < 1 || dawr_branch_sync_status(q, &s) != DAWR_OK) return NULL;
    return json_pack("{s:s, s:s, s:b, s:o, s:I, s:I, s:I, s:o, s:s, s:o, s:s}", "branch", br->id, "generation",
                     gens[ngen - 1].id, "configured", *br->id && *br->central, "last_ok_at", time_or_null(s.last_ok_at),
                     "central_cursor", (json_int_t)s.central_cursor, "last_event_id", (json_int_t)s.last_event_id,
                     "backlog", (json_int_t)s.backlog, "last_error_at", time_or_null(s.last_error_at), "last_error",
                     s.last_error, "alarm_at", time_or_null(s.alarm_at), "alarm", s.alarm);
}

static int record(dawr_queue *q, const char *sql, dawr_ms at, long long number, const char *text)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(dawr_queue_db(q), sql, -1, &st, NULL) != SQLITE_OK) return failed(q);
    sqlite3_bind_int64(st, 1, at);
    sqlite3_bind_int64(st, 2, number);
    sqlite3_bind_text(st, 3, text ? text : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? DAWR_OK : DAWR_STORE_FAILED;
}

int dawr_branch_record_ok(dawr_queue *q, dawr_ms at, long long cursor)
{
    return record(q, "UPDATE sync_status SET last_ok_at = ?1, central_cursor = ?2, last_error = ?3, alarm = ?3"
                     " WHERE id = 1", at, cursor, "");
}

int dawr_branch_record_error(dawr_queue *q, dawr_ms at, const char *why)
{
    return record(q, "UPDATE sync_status SET last_error_at = ?1, last_error = ?3 WHERE id = 1 AND ?2 = 0", at, 0, why);
}

int dawr_branch_record_alarm(dawr_queue *q, dawr_ms at, const char *what)
{
    return record(q, "UPDATE sync_status SET alarm_at = ?1, alarm = ?3, last_error_at = ?1, last_error = ?3"
                     " WHERE id = 1 AND ?2 = 0", at, 0, what);
}
