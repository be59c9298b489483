/* The queue engine. Every public operation runs inside one BEGIN IMMEDIATE transaction:
 * begin() → the operation's checks and writes, each appending its event → end(). */
#include "queue.h"
#include "queue_internal.h"
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_STATEMENTS 64
#define MEDIAN_SAMPLES 20   /* recent finished visits behind the service-time estimate */
#define MIN_SAMPLES 3       /* fewer than this: use the configured expected_minutes */
#define MAX_NOTE_BYTES 280

struct dawr_queue {
    const dawr_config *cfg;
    dawr_store *store;
    sqlite3 *db;
    dawr_queue_options options;  /* as opened: a replaced file is reopened so */
    char generation[33];         /* the newest generation when opened: a restore makes a new one */
    long long watched_version;   /* data_version when the generation was last read */
    dawr_ms (*now_fn)(void *);
    void *now_ctx;
    dawr_ms now;                 /* the time of the operation in progress */
    char today[11];              /* its service day */
    char error[512];
    dawr_why why;                /* the last refusal's reason, with its values as JSON text */
    char why_values[512];
    struct { const char *sql; sqlite3_stmt *st; } cache[MAX_STATEMENTS];
    int cached;
    dawr_ms hours_for;           /* the instant HOURS was computed for: hours cost ICU, screens ask often */
    dawr_hours_now hours;
    char noted_day[11];          /* the day of NOTED_START and NOTED_END: pauses (by index) already in the log */
    unsigned noted_start, noted_end;
};

static const char *const STATE_NAMES[] = { "waiting", "called", "serving", "done", "noshow", "cancelled", "aside" };
#define STATE_COUNT ((int)(sizeof STATE_NAMES / sizeof STATE_NAMES[0]))

const char *dawr_state_name(dawr_state s) { return (int)s >= 0 && (int)s < STATE_COUNT ? STATE_NAMES[s] : ""; }

#define DAWR_NEED_TAG_(name, tag, prio) [DAWR_NEED_##name] = tag,
static const char *const NEED_TAGS[DAWR_NEED_COUNT] = { DAWR_NEEDS(DAWR_NEED_TAG_) };
#undef DAWR_NEED_TAG_
#define DAWR_NEED_PRIO_(name, tag, prio) | (prio ? DAWR_NEED_BIT(name) : 0u)
static const unsigned PRIORITY_NEEDS = 0u DAWR_NEEDS(DAWR_NEED_PRIO_);
#undef DAWR_NEED_PRIO_

unsigned dawr_needs_priority_mask(void) { return PRIORITY_NEEDS; }
const char *dawr_need_tag(dawr_need need) { return (int)need >= 0 && need < DAWR_NEED_COUNT ? NEED_TAGS[need] : ""; }

int dawr_needs_parse(const char *text, unsigned *out, char *bad, size_t bad_size)
{
    unsigned bits = 0;
    const char *s = text ? text : "";
    while (*s) {
        s += strspn(s, " ,\t");
        size_t len = strcspn(s, " ,\t");
        if (!len) break;
        int found = -1;
        for (int i = 0; i < DAWR_NEED_COUNT; i++)
            if (strlen(NEED_TAGS[i]) == len && !strncmp(s, NEED_TAGS[i], len)) found = i;
        if (found < 0) {
            if (bad) snprintf(bad, bad_size, "%.*s", (int)(len < 64 ? len : 64), s);
            return -1;
        }
        bits |= 1u << found;
        s += len;
    }
    *out = bits;
    return 0;
}

char *dawr_needs_format(unsigned needs, char *out, size_t size)
{
    size_t n = 0;
    if (size) out[0] = 0;
    for (int i = 0; i < DAWR_NEED_COUNT; i++)
        if (needs & (1u << i) && n < size) n += (size_t)snprintf(out + n, size - n, "%s%s", n ? " " : "", NEED_TAGS[i]);
    return out;
}

#define DAWR_CHANNEL_TAG_(name, tag, in_person) [DAWR_CHANNEL_##name] = tag,
static const char *const CHANNEL_TAGS[DAWR_CHANNEL_COUNT] = { DAWR_CHANNELS(DAWR_CHANNEL_TAG_) };
#undef DAWR_CHANNEL_TAG_
#define DAWR_CHANNEL_PERSON_(name, tag, in_person) [DAWR_CHANNEL_##name] = in_person,
static const int CHANNEL_IN_PERSON[DAWR_CHANNEL_COUNT] = { DAWR_CHANNELS(DAWR_CHANNEL_PERSON_) };
#undef DAWR_CHANNEL_PERSON_

const char *dawr_channel_tag(dawr_channel c) { return (int)c >= 0 && c < DAWR_CHANNEL_COUNT ? CHANNEL_TAGS[c] : ""; }
int dawr_channel_in_person(dawr_channel c) { return (int)c >= 0 && c < DAWR_CHANNEL_COUNT && CHANNEL_IN_PERSON[c]; }

int dawr_channel_parse(const char *tag, dawr_channel *out)
{
    for (int i = 0; tag && i < DAWR_CHANNEL_COUNT; i++)
        if (!strcmp(tag, CHANNEL_TAGS[i])) { *out = (dawr_channel)i; return 0; }
    return -1;
}

#define DAWR_EVENT_NAME_(name, text) [DAWR_EVENT_##name] = text,
static const char *const EVENT_NAMES[DAWR_EVENT_KIND_COUNT] = { DAWR_EVENT_KINDS(DAWR_EVENT_NAME_) };
#undef DAWR_EVENT_NAME_

const char *dawr_event_kind_name(dawr_event_kind kind)
{
    return kind > DAWR_EVENT_NONE && kind < DAWR_EVENT_KIND_COUNT ? EVENT_NAMES[kind] : "";
}

void dawr_bind_event_kind(sqlite3_stmt *st, int index, dawr_event_kind kind)
{
    sqlite3_bind_text(st, index, dawr_event_kind_name(kind), -1, SQLITE_STATIC);
}

int dawr_event_kind_parse(const char *name, dawr_event_kind *out)
{
    /* The first letter first: reports parse the kind of every event of a year. */
    for (int k = DAWR_EVENT_NONE + 1; name && k < DAWR_EVENT_KIND_COUNT; k++)
        if (name[0] == EVENT_NAMES[k][0] && !strcmp(name, EVENT_NAMES[k])) { *out = (dawr_event_kind)k; return 0; }
    return -1;
}

/* Records why an operation failed: RESULT, the reason WHY with the VALUES its words name (taken;
 * NULL for none), and the English words. Returns RESULT. */
void dawr_reason_record(char *values_out, size_t values_size, json_t *values, char *error, size_t error_size,
                        const char *fmt, va_list ap)
{
    char *text = values ? json_dumps(values, JSON_COMPACT) : NULL;
    snprintf(values_out, values_size, "%s", text && strlen(text) < values_size ? text : "{}");
    free(text);
    json_decref(values);
    vsnprintf(error, error_size, fmt, ap);
}

static int fail(dawr_queue *q, int result, dawr_why why, json_t *values, const char *fmt, ...)
{
    q->why = why;
    va_list ap;
    va_start(ap, fmt);
    dawr_reason_record(q->why_values, sizeof q->why_values, values, q->error, sizeof q->error, fmt, ap);
    va_end(ap);
    return result;
}

/* Why nothing is done on a file no longer at the queue's path; DAWR_OK when it still is. */
static int file_lost(dawr_queue *q)
{
    int state = dawr_store_file_state(q->store);
    if (state == DAWR_STORE_FILE_SAME) return DAWR_OK;
    return fail(q, DAWR_STORE_FAILED, DAWR_WHY_DB_REPLACED, json_pack("{s:s}", "path", dawr_store_path(q->store)),
                "the database file %s was %s while in use; nothing is done until a Dawr database is there again "
                "(dawrctl init or dawrctl restore)", dawr_store_path(q->store),
                state == DAWR_STORE_FILE_GONE ? "deleted" : "replaced");
}

static int store_failed(dawr_queue *q, int rc)
{
    if (rc == SQLITE_CONSTRAINT_COMMITHOOK && file_lost(q) != DAWR_OK) return DAWR_STORE_FAILED;
    return fail(q, DAWR_STORE_FAILED, DAWR_WHY_DB_FAILED, NULL, "%s (%s); nothing was changed", dawr_store_describe(rc), sqlite3_errmsg(q->db));
}

int dawr_queue_store_failed(dawr_queue *q, int rc) { return store_failed(q, rc); }

void dawr_queue_set_busy_ms(dawr_queue *q, int ms) { sqlite3_busy_timeout(q->db, ms > 0 ? ms : 1); }

const char *dawr_queue_error(const dawr_queue *q) { return q->error; }

#define DAWR_WHY_CODE_(name, code) [DAWR_WHY_##name] = code,
static const char *const WHY_CODES[DAWR_WHY_COUNT] = { DAWR_QUEUE_REASONS(DAWR_WHY_CODE_) };
#undef DAWR_WHY_CODE_

const char *dawr_why_code(dawr_why why) { return why > DAWR_WHY_NONE && why < DAWR_WHY_COUNT ? WHY_CODES[why] : ""; }
dawr_why dawr_queue_why(const dawr_queue *q) { return q->why; }
const char *dawr_queue_reason(const dawr_queue *q) { return dawr_why_code(q->why); }
const char *dawr_queue_reason_values(const dawr_queue *q) { return q->why ? q->why_values : "{}"; }

/* A prepared statement for SQL (a string literal), kept for the queue's lifetime. */
static sqlite3_stmt *stmt(dawr_queue *q, const char *sql)
{
    for (int i = 0; i < q->cached; i++)
        if (q->cache[i].sql == sql) {
            sqlite3_reset(q->cache[i].st);
            sqlite3_clear_bindings(q->cache[i].st);
            return q->cache[i].st;
        }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fail(q, DAWR_STORE_FAILED, DAWR_WHY_DB_FAILED, NULL, "internal error preparing a query: %s", sqlite3_errmsg(q->db));
        return NULL;
    }
    if (q->cached < MAX_STATEMENTS) {
        q->cache[q->cached].sql = sql;
        q->cache[q->cached++].st = st;
    }
    return st;
}

/* Runs a prepared write to completion. Returns DAWR_OK or a store failure. */
static int run(dawr_queue *q, sqlite3_stmt *st)
{
    if (!st) return DAWR_STORE_FAILED;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DAWR_OK : store_failed(q, rc);
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s && *s) sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
    else sqlite3_bind_null(st, i);
}

/* The one way a ticket's code is written, everywhere it is shown: A-023. */
static void format_code(char *out, size_t size, char prefix, long long number)
{
    snprintf(out, size, "%c-%03lld", prefix, number);
}

void dawr_ticket_from_row(sqlite3_stmt *st, dawr_ticket *t)
{
    memset(t, 0, sizeof *t);
    t->id = sqlite3_column_int64(st, 0);
    snprintf(t->day, sizeof t->day, "%s", (const char *)sqlite3_column_text(st, 1));
    t->prefix = ((const char *)sqlite3_column_text(st, 2))[0];
    t->number = sqlite3_column_int(st, 3);
    format_code(t->code, sizeof t->code, t->prefix, t->number);
    snprintf(t->service, sizeof t->service, "%s", (const char *)sqlite3_column_text(st, 4));
    snprintf(t->counter, sizeof t->counter, "%s", (const char *)sqlite3_column_text(st, 5));
    t->priority = sqlite3_column_int(st, 6);
    const char *state = (const char *)sqlite3_column_text(st, 7);
    for (int i = 0; i < STATE_COUNT; i++)
        if (!strcmp(state, STATE_NAMES[i])) t->state = (dawr_state)i;
    t->issued_at = sqlite3_column_int64(st, 8);
    t->first_called_at = sqlite3_column_int64(st, 9);
    t->called_at = sqlite3_column_int64(st, 10);
    t->recalls = sqlite3_column_int(st, 11);
    t->serving_at = sqlite3_column_int64(st, 12);
    t->finished_at = sqlite3_column_int64(st, 13);
    dawr_needs_parse((const char *)sqlite3_column_text(st, 14), &t->needs, NULL, 0);
    t->channel = DAWR_CHANNEL_KIOSK;
    dawr_channel_parse((const char *)sqlite3_column_text(st, 15), &t->channel);
    snprintf(t->outcome, sizeof t->outcome, "%s", (const char *)sqlite3_column_text(st, 16));
    t->aside_at = sqlite3_column_int64(st, 17);
    t->aside_ms = sqlite3_column_int64(st, 18);
    t->appointment_at = sqlite3_column_int64(st, 19);
}

/* Loads ticket ID into OUT. */
static int load_ticket(dawr_queue *q, long long id, dawr_ticket *out)
{
    sqlite3_stmt *st = stmt(q, "SELECT " DAWR_TICKET_COLUMNS " FROM tickets WHERE id = ?");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) dawr_ticket_from_row(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return DAWR_OK;
    return rc == SQLITE_DONE ? fail(q, DAWR_NOT_FOUND, DAWR_WHY_NO_TICKET, json_pack("{s:I}", "ticket", (json_int_t)id),
                                               "no ticket with id %lld", id) : store_failed(q, rc);
}

int dawr_queue_append_event(dawr_queue *q, dawr_ms at, long long ticket, const char *counter, dawr_event_kind kind,
                            json_t *detail)
{
    char *text = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    json_decref(detail);
    sqlite3_stmt *st = stmt(q, "INSERT INTO events (at, ticket, counter, kind, detail) VALUES (?, ?, ?, ?, ?)");
    if (!st) { free(text); return DAWR_STORE_FAILED; }
    sqlite3_bind_int64(st, 1, at);
    if (ticket) sqlite3_bind_int64(st, 2, ticket);
    bind_text_or_null(st, 3, counter);
    sqlite3_bind_text(st, 4, dawr_event_kind_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, text ? text : "{}", -1, SQLITE_TRANSIENT);
    free(text);
    return run(q, st);
}

/* Appends one event of the operation in progress. DETAIL is released here. */
static int log_event(dawr_queue *q, long long ticket, const char *counter, dawr_event_kind kind, json_t *detail)
{
    return dawr_queue_append_event(q, q->now, ticket, counter, kind, detail);
}

/* At the first change of a new service day, yesterday's still-waiting tickets are closed:
 * their numbers stay theirs, and the log says why. */
static int roll_over(dawr_queue *q)
{
    sqlite3_stmt *st = stmt(q, "SELECT value FROM meta WHERE key = 'day'");
    if (!st) return DAWR_STORE_FAILED;
    int rc = sqlite3_step(st);
    int same = rc == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(st, 0), q->today);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_failed(q, rc);
    if (same) return DAWR_OK;
    st = stmt(q, "INSERT INTO events (at, ticket, kind, detail) SELECT ?1, id, ?3,"
                 " json_object('day', day, 'reason', CASE state WHEN 'aside' THEN 'still set aside when the service day ended'"
                 " ELSE 'still waiting when the service day ended' END, 'state', state)"
                 " FROM tickets WHERE state IN ('waiting', 'aside') AND day < ?2 ORDER BY id");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_text(st, 2, q->today, -1, SQLITE_STATIC);
    dawr_bind_event_kind(st, 3, DAWR_EVENT_EXPIRE);
    int r = run(q, st);
    if (r) return r;
    /* A set-aside visit's time aside ends with its day. */
    st = stmt(q, "UPDATE tickets SET aside_ms = aside_ms + CASE state WHEN 'aside' THEN ?1 - aside_at ELSE 0 END,"
                 " aside_at = NULL, state = 'cancelled', finished_at = ?1 WHERE state IN ('waiting', 'aside') AND day < ?2");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_text(st, 2, q->today, -1, SQLITE_STATIC);
    if ((r = run(q, st))) return r;
    /* Once a day, too: contacts whose days after their application closed are over go. */
    int erased;
    if ((r = dawr_application_erase_due_in(q, &erased))) return r;
    st = stmt(q, "INSERT INTO meta (key, value) VALUES ('day', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    return run(q, st);
}

static int begin(dawr_queue *q)
{
    q->error[0] = 0;
    q->why = DAWR_WHY_NONE;
    q->now = q->now_fn ? q->now_fn(q->now_ctx) : dawr_clock_now();
    dawr_clock_day(q->now, q->today, sizeof q->today);
    if (file_lost(q)) return DAWR_STORE_FAILED;
    int rc = sqlite3_exec(q->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return store_failed(q, rc);
    int r = roll_over(q);
    if (r) sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return r;
}

/* Commits when RESULT is DAWR_OK, otherwise rolls back; returns the final result. */
static int end(dawr_queue *q, int result)
{
    if (result == DAWR_OK) {
        int rc = sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
        q->why = DAWR_WHY_NONE;        /* a refusal met on the way (a free counter) is no reason */
        if (rc == SQLITE_OK) return DAWR_OK;
        result = store_failed(q, rc);
    }
    if (!sqlite3_get_autocommit(q->db)) sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return result;
}

int dawr_queue_begin(dawr_queue *q) { return begin(q); }
int dawr_queue_end(dawr_queue *q, int result) { return end(q, result); }
dawr_ms dawr_queue_op_now(const dawr_queue *q) { return q->now; }
const char *dawr_queue_op_day(const dawr_queue *q) { return q->today; }

/* Whether every configured service and counter already has its row: then opening needs no
 * write lock, so a program starting beside busy writers does not wait for them. */
static int config_in_store(dawr_queue *q)
{
    for (int i = 0; i < dawr_config_service_count(q->cfg) + dawr_config_counter_count(q->cfg); i++) {
        int is_service = i < dawr_config_service_count(q->cfg);
        sqlite3_stmt *st = is_service ? stmt(q, "SELECT 1 FROM services WHERE id = ?")
                                      : stmt(q, "SELECT 1 FROM counters WHERE id = ?");
        if (!st) return 0;
        sqlite3_bind_text(st, 1, is_service ? dawr_config_service(q->cfg, i)->id
                                            : dawr_config_counter(q->cfg, i - dawr_config_service_count(q->cfg))->id,
                          -1, SQLITE_STATIC);
        int found = sqlite3_step(st) == SQLITE_ROW;
        sqlite3_reset(st);
        if (!found) return 0;
    }
    return 1;
}

static int sync_config(dawr_queue *q)
{
    if (config_in_store(q)) return DAWR_OK;
    int r = begin(q);
    if (r) return r;
    for (int i = 0; !r && i < dawr_config_service_count(q->cfg); i++) {
        sqlite3_stmt *st = stmt(q, "INSERT OR IGNORE INTO services (id) VALUES (?)");
        if (!st) { r = DAWR_STORE_FAILED; break; }
        sqlite3_bind_text(st, 1, dawr_config_service(q->cfg, i)->id, -1, SQLITE_STATIC);
        r = run(q, st);
    }
    for (int i = 0; !r && i < dawr_config_counter_count(q->cfg); i++) {
        sqlite3_stmt *st = stmt(q, "INSERT OR IGNORE INTO counters (id) VALUES (?)");
        if (!st) { r = DAWR_STORE_FAILED; break; }
        sqlite3_bind_text(st, 1, dawr_config_counter(q->cfg, i)->id, -1, SQLITE_STATIC);
        r = run(q, st);
    }
    return end(q, r);
}

/* The newest generation's id into OUT (33 bytes); "" when it cannot be read. */
static void newest_generation(dawr_queue *q, char *out)
{
    sqlite3_stmt *st = stmt(q, "SELECT id FROM generations ORDER BY first_event DESC LIMIT 1");
    out[0] = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW) snprintf(out, 33, "%s", (const char *)sqlite3_column_text(st, 0));
    if (st) sqlite3_reset(st);
}

/* Puts the queue on STORE (freshly opened): the statements of the old one go with it. */
static int stand_on(dawr_queue *q, dawr_store *store, char *err, size_t err_size)
{
    for (int i = 0; i < q->cached; i++) sqlite3_finalize(q->cache[i].st);
    q->cached = 0;
    dawr_store_close(q->store);
    q->store = store;
    q->db = dawr_store_db(store);
    if (!q->options.read_only && sync_config(q) != DAWR_OK) {
        snprintf(err, err_size, "%s: %s", dawr_store_path(store), q->error);
        return -1;
    }
    q->watched_version = dawr_store_data_version(store);
    newest_generation(q, q->generation);
    return 0;
}

dawr_queue *dawr_queue_open(const dawr_config *cfg, const char *path, const dawr_queue_options *options,
                            char *err, size_t err_size)
{
    dawr_queue_options o = options ? *options : (dawr_queue_options){ 0 };
    int mode = o.read_only ? DAWR_STORE_READ_ONLY : DAWR_STORE_READ_WRITE;
    if (dawr_clock_use_timezone(dawr_config_settings(cfg)->timezone) != 0) {
        snprintf(err, err_size, "cannot use the time zone %s", dawr_config_settings(cfg)->timezone);
        return NULL;
    }
    dawr_queue *q = calloc(1, sizeof *q);
    if (!q) { snprintf(err, err_size, "out of memory"); return NULL; }
    q->cfg = cfg;
    q->options = o;
    q->options.create = 0;             /* a file replaced later is never made anew */
    dawr_store *store = dawr_store_open(path, mode, o.busy_ms, o.create, err, err_size);
    if (!store) { free(q); return NULL; }
    if (stand_on(q, store, err, err_size) != 0) {
        dawr_queue_close(q);
        return NULL;
    }
    return q;
}

int dawr_queue_file_ok(dawr_queue *q)
{
    q->error[0] = 0;
    q->why = DAWR_WHY_NONE;
    return file_lost(q);
}

dawr_file_state dawr_queue_watch_file(dawr_queue *q)
{
    q->error[0] = 0;
    q->why = DAWR_WHY_NONE;
    if (dawr_store_file_state(q->store) == DAWR_STORE_FILE_SAME) {
        long long v = dawr_store_data_version(q->store);
        if (v == q->watched_version) return DAWR_FILE_SAME;
        char gen[33];
        newest_generation(q, gen);
        q->watched_version = v;
        if (!gen[0] || !strcmp(gen, q->generation)) return DAWR_FILE_SAME;
        snprintf(q->generation, sizeof q->generation, "%s", gen);
        snprintf(q->error, sizeof q->error, "the database %s was restored (a new generation); read it again",
                 dawr_store_path(q->store));
        return DAWR_FILE_RELOADED;
    }
    char err[512], path[4096];
    snprintf(path, sizeof path, "%s", dawr_store_path(q->store));
    dawr_store *s = dawr_store_open(path, q->options.read_only ? DAWR_STORE_READ_ONLY : DAWR_STORE_READ_WRITE,
                                    q->options.busy_ms, 0, err, sizeof err);
    if (!s || stand_on(q, s, err, sizeof err) != 0) {
        file_lost(q);
        size_t n = strlen(q->error);
        if (n + 2 < sizeof q->error) {   /* why the file there now cannot be used */
            int room = (int)(sizeof q->error - n - 3);
            snprintf(q->error + n, sizeof q->error - n, ": %.*s", room, err);
        }
        return DAWR_FILE_LOST;
    }
    snprintf(q->error, sizeof q->error, "the database %s was replaced; the file there now is read",
             dawr_store_path(q->store));
    return DAWR_FILE_RELOADED;
}

void dawr_queue_close(dawr_queue *q)
{
    if (!q) return;
    for (int i = 0; i < q->cached; i++) sqlite3_finalize(q->cache[i].st);
    dawr_store_close(q->store);
    free(q);
}

void dawr_queue_set_clock(dawr_queue *q, dawr_ms (*now)(void *), void *ctx)
{
    q->now_fn = now;
    q->now_ctx = ctx;
}

/* ---- estimates ---- */

static int compare_ms(const void *a, const void *b)
{
    dawr_ms x = *(const dawr_ms *)a, y = *(const dawr_ms *)b;
    return (x > y) - (x < y);
}

/* Median service time of the service's recent visits: the median, because one long,
 * complicated case should not make every later visitor expect a long wait. */
static double median_service_minutes(dawr_queue *q, const dawr_service *svc, int *samples)
{
    sqlite3_stmt *st = stmt(q, "SELECT finished_at - serving_at FROM tickets WHERE service = ? AND state = 'done'"
                               " AND serving_at IS NOT NULL ORDER BY finished_at DESC LIMIT 20");
    dawr_ms v[MEDIAN_SAMPLES];
    int n = 0;
    if (st) {
        sqlite3_bind_text(st, 1, svc->id, -1, SQLITE_STATIC);
        while (n < MEDIAN_SAMPLES && sqlite3_step(st) == SQLITE_ROW) v[n++] = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
    }
    *samples = n >= MIN_SAMPLES ? n : 0;
    if (n < MIN_SAMPLES) return svc->expected_minutes;
    qsort(v, n, sizeof v[0], compare_ms);
    double m = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
    return m / 60000.0;
}

/* Counters serving SVC that called someone recently; all of them if none has yet today. */
static int open_counters(dawr_queue *q, const dawr_service *svc)
{
    int serving = 0, open = 0;
    dawr_ms since = q->now - (dawr_ms)dawr_config_settings(q->cfg)->open_counter_minutes * 60000;
    for (int i = 0; i < dawr_config_counter_count(q->cfg); i++) {
        const dawr_counter *c = dawr_config_counter(q->cfg, i);
        if (!dawr_counter_serves(c, svc->id)) continue;
        serving++;
        sqlite3_stmt *st = stmt(q, "SELECT 1 FROM counters WHERE id = ? AND last_call_at >= ?");
        if (!st) continue;
        sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, since);
        if (sqlite3_step(st) == SQLITE_ROW) open++;
        sqlite3_reset(st);
    }
    return open ? open : serving ? serving : 1;
}

static int count_waiting(dawr_queue *q, const char *service, int priority_only, long long except)
{
    sqlite3_stmt *st = stmt(q, "SELECT count(*) FROM tickets WHERE day = ? AND service = ? AND state = 'waiting'"
                               " AND counter IS NULL AND priority >= ? AND id <> ?");
    if (!st) return 0;
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, service, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, priority_only);
    sqlite3_bind_int64(st, 4, except);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    sqlite3_reset(st);
    return n;
}

/* ---- opening hours ---- */

/* The configured hours at the operation's now (computed once per instant), into OUT. */
static int config_hours(dawr_queue *q, dawr_hours_now *out)
{
    if (q->hours_for != q->now || !q->hours_for) {
        if (dawr_hours_at(q->cfg, q->now, &q->hours) < 0)
            return fail(q, DAWR_STORE_FAILED, DAWR_WHY_DB_FAILED, NULL, "the opening hours could not be worked out (ICU calendar)");
        q->hours_for = q->now;
    }
    *out = q->hours;
    return DAWR_OK;
}

/* When a counter ended PRAYER's pause (FROM..TO) early: the end's instant, 0 when it did not. */
static dawr_ms early_end(dawr_queue *q, dawr_prayer prayer, dawr_ms from, dawr_ms to)
{
    sqlite3_stmt *st = stmt(q, "SELECT coalesce(min(at), 0) FROM events WHERE kind = ?1 AND at >= ?2 AND at < ?3"
                               " AND json_extract(detail, '$.prayer') = ?4 AND json_extract(detail, '$.early')");
    if (!st) return 0;
    dawr_bind_event_kind(st, 1, DAWR_EVENT_PAUSE_END);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    sqlite3_bind_text(st, 4, dawr_prayer_name(prayer), -1, SQLITE_STATIC);
    dawr_ms at = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return at;
}

/* The hours now with a pause ended early counted as over. */
static int hours_now(dawr_queue *q, dawr_hours_now *out)
{
    int r = config_hours(q, out);
    if (r || !out->pause.to) return r;
    dawr_ms early = early_end(q, out->pause.prayer, out->pause_from, out->pause_to);
    if (early && early <= q->now) {
        out->paused = 0;
        out->pause_to = early;
    }
    return DAWR_OK;
}

/* Local "HH:MM" of T. */
static const char *local_hhmm(dawr_ms t, char out[20])
{
    dawr_clock_format(t, out, 20);
    memmove(out, out + 11, 5);
    out[5] = 0;
    return out;
}

/* Local "YYYY-MM-DD HH:MM" of T. */
static const char *local_minute(dawr_ms t, char out[20])
{
    dawr_clock_format(t, out, 20);
    out[16] = 0;
    return out;
}

dawr_ms dawr_queue_paused_between(dawr_queue *q, dawr_ms from, dawr_ms to)
{
    if (to <= from) return 0;
    dawr_ms total = dawr_hours_paused_between(q->cfg, from, to);
    /* A pause a counter ended early: the part after its end was no pause. */
    sqlite3_stmt *st = stmt(q, "SELECT at, at + 1000 * coalesce(json_extract(detail, '$.cut_seconds'), 0) FROM events"
                               " WHERE kind = ?1 AND json_extract(detail, '$.early') AND at < ?3"
                               " AND at + 1000 * coalesce(json_extract(detail, '$.cut_seconds'), 0) > ?2");
    if (!st) return total;
    dawr_bind_event_kind(st, 1, DAWR_EVENT_PAUSE_END);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_int64(st, 3, to);
    while (sqlite3_step(st) == SQLITE_ROW) {
        dawr_ms a = sqlite3_column_int64(st, 0), b = sqlite3_column_int64(st, 1);
        if (a < from) a = from;
        if (b > to) b = to;
        if (b > a) total -= b - a;
    }
    sqlite3_reset(st);
    return total > 0 ? total : 0;
}

/* MINUTES of counters' work from now, as minutes of the clock: today's pauses ahead added (the one
 * on now first), as the visitors in the room live them. */
static int with_pauses(dawr_queue *q, int minutes)
{
    dawr_hours_now h;
    if (hours_now(q, &h)) return minutes;
    dawr_ms start = h.paused ? h.pause_to : q->now, end = start + (dawr_ms)minutes * 60000;
    for (int round = 0; round < DAWR_PRAYER_COUNT; round++) {
        dawr_ms paused = 0;
        for (int i = 0; i < h.day.pause_count; i++) {
            dawr_ms a = dawr_hours_instant(h.day.year, h.day.month, h.day.day, h.day.pauses[i].from);
            dawr_ms b = dawr_hours_instant(h.day.year, h.day.month, h.day.day, h.day.pauses[i].to);
            if (a < start) a = start;
            if (b > end) b = end;
            if (b > a) paused += b - a;
        }
        dawr_ms next = start + (dawr_ms)minutes * 60000 + paused;
        if (next == end) break;
        end = next;
    }
    return (int)((end - q->now + 59999) / 60000);
}

static int estimate_minutes(dawr_queue *q, const dawr_service *svc, int ahead, double *median, int *samples)
{
    *median = median_service_minutes(q, svc, samples);
    return with_pauses(q, ahead ? (int)ceil(ahead * *median / open_counters(q, svc)) : 0);
}

/* Refuses a call while a prayer pause is on. */
static int refuse_if_paused(dawr_queue *q)
{
    dawr_hours_now h;
    int r = hours_now(q, &h);
    if (r || !h.paused) return r;
    char until[20];
    local_hhmm(h.pause_to, until);
    return fail(q, DAWR_REFUSED, DAWR_WHY_PAUSED,
                json_pack("{s:s, s:s}", "prayer", dawr_prayer_name(h.pause.prayer), "until", until),
                "the reception is paused for the %s prayer until %s: nobody is called during a pause",
                dawr_prayer_name(h.pause.prayer), until);
}

/* ---- operations ---- */

static int find_counter(dawr_queue *q, const char *id, const dawr_counter **out);
static int check_outcome(dawr_queue *q, const char *outcome);

static int do_issue(dawr_queue *q, const dawr_issue_request *req, dawr_ticket *out)
{
    const char *service_id = req->service ? req->service : "";
    const dawr_service *svc = dawr_config_find_service(q->cfg, service_id);
    if (!svc) return fail(q, DAWR_NOT_FOUND, DAWR_WHY_UNKNOWN_SERVICE, json_pack("{s:s}", "service", service_id),
                          "unknown service \"%s\"", service_id);
    if (req->needs >> DAWR_NEED_COUNT)
        return fail(q, DAWR_REFUSED, DAWR_WHY_UNKNOWN_NEED, json_pack("{s:i}", "need", (int)req->needs),
                    "needs %#x name no known need", req->needs);
    if ((int)req->channel < 0 || req->channel >= DAWR_CHANNEL_COUNT)
        return fail(q, DAWR_REFUSED, DAWR_WHY_UNKNOWN_CHANNEL, json_pack("{s:i}", "channel", (int)req->channel),
                    "%d is no channel", (int)req->channel);
    const dawr_counter *at = NULL;
    int handled = req->handled_at && *req->handled_at;
    if (handled) {
        if (req->channel == DAWR_CHANNEL_KIOSK)
            return fail(q, DAWR_REFUSED, DAWR_WHY_NOT_HANDLED_AT_ONCE, json_pack("{s:s}", "channel", "kiosk"),
                        "a kiosk ticket is never a visit handled at once; name the channel");
        int r = find_counter(q, req->handled_at, &at);
        if (r) return r;
    }
    if (req->outcome && *req->outcome) {
        if (!handled)
            return fail(q, DAWR_REFUSED, DAWR_WHY_OUTCOME_NEEDS_HANDLING, json_pack("{s:s}", "outcome", req->outcome),
                        "only a visit handled at once has an outcome when it is made");
        int r = check_outcome(q, req->outcome);
        if (r) return r;
    }
    if (!handled) {
        /* Nobody is given a ticket that will never be called: when closed, the attempt is logged
         * (the caller commits it) and refused. */
        dawr_hours_now h;
        int r = hours_now(q, &h);
        if (r) return r;
        if (!h.issuing) {
            char next[20];
            json_t *values = json_pack("{s:o, s:o}", "next_open", h.next_open ? json_string(local_minute(h.next_open, next)) : json_null(),
                                       "holiday", h.day.holiday ? json_string(h.day.holiday) : json_null());
            json_t *detail = json_pack("{s:s, s:s, s:s, s:O, s:O}", "service", svc->id, "channel", dawr_channel_tag(req->channel),
                                       "reason", dawr_why_code(DAWR_WHY_CLOSED), "next_open", json_object_get(values, "next_open"),
                                       "holiday", json_object_get(values, "holiday"));
            if ((r = log_event(q, 0, NULL, DAWR_EVENT_REFUSED, detail))) { json_decref(values); return r; }
            return fail(q, DAWR_REFUSED, DAWR_WHY_CLOSED, values, "the reception is closed: no ticket is issued now%s%s",
                        h.next_open ? "; it opens again at " : "", h.next_open ? next : "");
        }
    }
    int priority = req->priority || (req->needs & PRIORITY_NEEDS);
    char needs[160];
    dawr_needs_format(req->needs, needs, sizeof needs);
    sqlite3_stmt *st = stmt(q, "INSERT INTO tickets (day, prefix, number, service, priority, state, issued_at, needs, channel,"
                               " appointment_at) SELECT ?1, ?2, coalesce(max(number), 0) + 1, ?3, ?4, 'waiting', ?5, ?6, ?7, ?8"
                               " FROM tickets WHERE day = ?1 AND prefix = ?2");
    if (!st) return DAWR_STORE_FAILED;
    char prefix[2] = { svc->prefix, 0 };
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, prefix, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, svc->id, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, priority ? 1 : 0);
    sqlite3_bind_int64(st, 5, q->now);
    sqlite3_bind_text(st, 6, needs, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, dawr_channel_tag(req->channel), -1, SQLITE_STATIC);
    if (req->appointment_at && !handled) sqlite3_bind_int64(st, 8, req->appointment_at);
    else sqlite3_bind_null(st, 8);
    int r = run(q, st);
    if (r) return r;
    long long id = sqlite3_last_insert_rowid(q->db);
    json_t *detail = json_pack("{s:s, s:b, s:s, s:s}", "service", svc->id, "priority", priority ? 1 : 0, "day", q->today,
                               "channel", dawr_channel_tag(req->channel));
    if (*needs) json_object_set_new(detail, "needs", json_string(needs));
    if (at) json_object_set_new(detail, "handled_at", json_string(at->id));
    char appointment[20];
    if (req->appointment_at && !handled)
        json_object_set_new(detail, "appointment", json_string(local_minute(req->appointment_at, appointment)));
    if ((r = log_event(q, id, NULL, DAWR_EVENT_ISSUE, detail))) return r;
    if (req->application && (r = dawr_application_note_visit(q, req->application, id))) return r;
    if (at) {
        /* Handled at once: answered when it was made, so it waited nothing and took no counter's turn. */
        st = stmt(q, "UPDATE tickets SET state = 'done', counter = ?1, first_called_at = ?2, called_at = ?2,"
                     " serving_at = ?2, finished_at = ?2, outcome = ?3 WHERE id = ?4");
        if (!st) return DAWR_STORE_FAILED;
        sqlite3_bind_text(st, 1, at->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, q->now);
        bind_text_or_null(st, 3, req->outcome);
        sqlite3_bind_int64(st, 4, id);
        if ((r = run(q, st))) return r;
        json_t *done = json_pack("{s:i, s:b}", "service_seconds", 0, "handled_at_once", 1);
        if (req->outcome && *req->outcome) json_object_set_new(done, "outcome", json_string(req->outcome));
        if ((r = log_event(q, id, at->id, DAWR_EVENT_DONE, done))) return r;
        if ((r = load_ticket(q, id, out))) return r;
        return dawr_application_open_for_visit(q, out, at->id);
    }
    if ((r = load_ticket(q, id, out))) return r;
    out->people_ahead = count_waiting(q, svc->id, out->priority, id);
    double median;
    int samples;
    out->wait_minutes = estimate_minutes(q, svc, out->people_ahead, &median, &samples);
    return DAWR_OK;
}

#define WITH_TRANSACTION(q, call) do { int r_ = begin(q); if (r_) return r_; return end(q, call); } while (0)

int dawr_queue_issue_in(dawr_queue *q, const dawr_issue_request *req, dawr_ticket *out) { return do_issue(q, req, out); }

int dawr_queue_issue_request(dawr_queue *q, const dawr_issue_request *req, dawr_ticket *out)
{
    dawr_ticket local;
    int r = begin(q);
    if (r) return r;
    r = do_issue(q, req, out ? out : &local);
    if (r != DAWR_REFUSED || q->why != DAWR_WHY_CLOSED) return end(q, r);
    /* Refused because closed: the attempt's event is kept, the refusal still told. */
    char error[sizeof q->error], values[sizeof q->why_values];
    memcpy(error, q->error, sizeof error);
    memcpy(values, q->why_values, sizeof values);
    if ((r = end(q, DAWR_OK))) return r;
    q->why = DAWR_WHY_CLOSED;
    memcpy(q->error, error, sizeof error);
    memcpy(q->why_values, values, sizeof values);
    return DAWR_REFUSED;
}

int dawr_queue_issue(dawr_queue *q, const char *service_id, int priority, dawr_ticket *out)
{
    dawr_issue_request req = { .service = service_id, .priority = priority };
    return dawr_queue_issue_request(q, &req, out);
}

static int find_counter(dawr_queue *q, const char *id, const dawr_counter **out)
{
    *out = dawr_config_find_counter(q->cfg, id);
    return *out ? DAWR_OK : fail(q, DAWR_NOT_FOUND, DAWR_WHY_UNKNOWN_COUNTER, json_pack("{s:s}", "counter", id),
                                   "unknown counter \"%s\"", id);
}

/* The ticket called or being served at COUNTER. Returns DAWR_OK, or DAWR_NOT_FOUND if none. */
static int current_ticket(dawr_queue *q, const dawr_counter *c, dawr_ticket *out)
{
    sqlite3_stmt *st = stmt(q, "SELECT " DAWR_TICKET_COLUMNS " FROM tickets WHERE counter = ? AND state IN ('called', 'serving')");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) dawr_ticket_from_row(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return DAWR_OK;
    return rc == SQLITE_DONE ? fail(q, DAWR_NOT_FOUND, DAWR_WHY_NO_VISITOR, json_pack("{s:s}", "counter", c->id),
                                    "counter %s has no visitor called or being served", c->id)
                             : store_failed(q, rc);
}

static int require_free(dawr_queue *q, const dawr_counter *c)
{
    dawr_ticket t;
    int r = current_ticket(q, c, &t);
    if (r == DAWR_NOT_FOUND) return DAWR_OK;
    if (r) return r;
    return fail(q, DAWR_REFUSED, DAWR_WHY_COUNTER_BUSY, json_pack("{s:s, s:s, s:s}", "counter", c->id, "ticket", t.code,
                                                               "state", dawr_state_name(t.state)),
                "counter %s is still %s %s: finish it (done), transfer it or mark a no-show first",
                c->id, t.state == DAWR_CALLED ? "calling" : "serving", t.code);
}

/* The kinds of waiting ticket call-next chooses between (docs/queue.md). */
enum { ORDINARY, PRIORITY, APPOINTMENT_DUE };

/* The first waiting ticket today of class KIND that counter C may call, into *ID and its issue
 * time into *ISSUED (0 when none): the longest-waiting one, and among appointments that have
 * come, the earliest appointment. An appointment not yet come (more than
 * DAWR_APPOINTMENT_LEAD_MINUTES ahead) waits as an ordinary ticket. 0, or -1 on failure. */
#define WAITING_FOR_SERVICE "SELECT id, issued_at, coalesce(appointment_at, 0) FROM tickets WHERE day = ?1" \
                            " AND service = ?2 AND state = 'waiting' AND counter IS NULL"
#define WAITING_AT_COUNTER "SELECT id, issued_at, coalesce(appointment_at, 0) FROM tickets WHERE day = ?1" \
                           " AND counter = ?2 AND state = 'waiting' AND counter IS NOT NULL"
#define ORDINARY_ONES " AND priority = 0 AND (appointment_at IS NULL OR appointment_at > ?3) ORDER BY issued_at, id LIMIT 1"
#define PRIORITY_ONES " AND priority = 1 ORDER BY issued_at, id LIMIT 1"
#define DUE_ONES " AND priority = 0 AND appointment_at <= ?3 ORDER BY appointment_at, issued_at, id LIMIT 1"
static const char *const FIRST_WAITING[3][2] = {
    [ORDINARY] = { WAITING_FOR_SERVICE ORDINARY_ONES, WAITING_AT_COUNTER ORDINARY_ONES },
    [PRIORITY] = { WAITING_FOR_SERVICE PRIORITY_ONES, WAITING_AT_COUNTER PRIORITY_ONES },
    [APPOINTMENT_DUE] = { WAITING_FOR_SERVICE DUE_ONES, WAITING_AT_COUNTER DUE_ONES },
};

static int first_waiting(dawr_queue *q, const dawr_counter *c, int kind, long long *id, dawr_ms *issued)
{
    dawr_ms due = q->now + (dawr_ms)DAWR_APPOINTMENT_LEAD_MINUTES * 60000, best_key = 0;
    *id = 0;
    *issued = 0;
    for (int i = 0; i <= c->service_count; i++) {
        sqlite3_stmt *st = stmt(q, FIRST_WAITING[kind][i < c->service_count ? 0 : 1]);
        if (!st) return -1;
        sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, i < c->service_count ? c->services[i] : c->id, -1, SQLITE_STATIC);
        if (kind != PRIORITY) sqlite3_bind_int64(st, 3, due);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            long long row = sqlite3_column_int64(st, 0);
            dawr_ms at = sqlite3_column_int64(st, 1), key = kind == APPOINTMENT_DUE ? sqlite3_column_int64(st, 2) : at;
            if (!*id || key < best_key || (key == best_key && (at < *issued || (at == *issued && row < *id)))) {
                *id = row;
                *issued = at;
                best_key = key;
            }
        }
        sqlite3_reset(st);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) { store_failed(q, rc); return -1; }
    }
    return 0;
}

/* What the waiting-room screens need from a call of T, added to DETAIL (returned): "screen":
 * false for a visitor not in the room (a call-back), "long_call": true for one who is hard of
 * hearing (shown longer; the console prompts staff to fetch them). */
static json_t *call_detail(const dawr_ticket *t, json_t *detail)
{
    if (!dawr_channel_in_person(t->channel)) json_object_set_new(detail, "screen", json_false());
    if (t->needs & DAWR_NEED_BIT(HARD_OF_HEARING)) json_object_set_new(detail, "long_call", json_true());
    return detail;
}

/* Marks ticket ID called at counter C and logs it. */
static int mark_called(dawr_queue *q, const dawr_counter *c, long long id, int streak, int appointment_streak,
                       int out_of_order, dawr_ticket *out)
{
    sqlite3_stmt *st = stmt(q, "UPDATE tickets SET state = 'called', counter = ?1, called_at = ?2,"
                               " first_called_at = coalesce(first_called_at, ?2) WHERE id = ?3");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int64(st, 3, id);
    int r = run(q, st);
    if (r) return r;
    st = stmt(q, "UPDATE counters SET priority_streak = ?1, appointment_streak = coalesce(?4, appointment_streak),"
                 " last_call_at = ?2 WHERE id = ?3");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int(st, 1, streak);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_text(st, 3, c->id, -1, SQLITE_STATIC);
    if (appointment_streak >= 0) sqlite3_bind_int(st, 4, appointment_streak);   /* -1: left as it is */
    if ((r = run(q, st))) return r;
    if ((r = load_ticket(q, id, out))) return r;
    json_t *detail = call_detail(out, json_pack("{s:b}", "priority", out->priority));
    char appointment[20];
    if (out->appointment_at) json_object_set_new(detail, "appointment", json_string(local_minute(out->appointment_at, appointment)));
    if (out_of_order) json_object_set_new(detail, "out_of_order", json_true());
    return log_event(q, id, c->id, DAWR_EVENT_CALL, detail);
}

/* Counter C's calls in a row of priority tickets (into *PRIORITY) and of appointments that went
 * ahead of an ordinary ticket (into *APPOINTMENT). */
static void streaks(dawr_queue *q, const dawr_counter *c, int *priority, int *appointment)
{
    *priority = *appointment = 0;
    sqlite3_stmt *st = stmt(q, "SELECT priority_streak, appointment_streak FROM counters WHERE id = ?");
    if (!st) return;
    sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        *priority = sqlite3_column_int(st, 0);
        *appointment = sqlite3_column_int(st, 1);
    }
    sqlite3_reset(st);
}

static int do_call_next(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = find_counter(q, counter_id, &c);
    if (r || (r = require_free(q, c)) || (r = refuse_if_paused(q))) return r;
    long long prio, due, ordinary;
    dawr_ms prio_at, due_at, ordinary_at;
    if (first_waiting(q, c, PRIORITY, &prio, &prio_at) || first_waiting(q, c, APPOINTMENT_DUE, &due, &due_at) ||
        first_waiting(q, c, ORDINARY, &ordinary, &ordinary_at))
        return DAWR_STORE_FAILED;
    const dawr_settings *s = dawr_config_settings(q->cfg);
    int streak, appointment_streak;
    streaks(q, c, &streak, &appointment_streak);
    /* Priority first, but after priority_ratio of them in a row another ticket's turn. */
    if (prio && (streak < s->priority_ratio || (!ordinary && !due))) return mark_called(q, c, prio, streak + 1, -1, 0, out);
    /* Then an appointment whose time has come: one that waited longer than every ordinary ticket
     * jumps nobody; one that goes ahead counts, and after appointment_ratio of those in a row the
     * ordinary ticket waiting longest is called. */
    if (due && (!ordinary || due_at <= ordinary_at)) return mark_called(q, c, due, 0, -1, 0, out);
    if (due && appointment_streak < s->appointment_ratio) return mark_called(q, c, due, 0, appointment_streak + 1, 0, out);
    if (ordinary) return mark_called(q, c, ordinary, 0, 0, 0, out);
    return fail(q, DAWR_REFUSED, DAWR_WHY_NOBODY_WAITING, json_pack("{s:s}", "counter", c->id),
                "nobody is waiting for counter %s", c->id);
}

int dawr_queue_call_next(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_call_next(q, counter_id, out ? out : &local));
}

static int not_a_ticket(dawr_queue *q, const char *ref)
{
    return fail(q, DAWR_NOT_FOUND, DAWR_WHY_NOT_A_TICKET, json_pack("{s:s}", "ticket", ref),
                "\"%s\" is not a ticket (expected a code like A-023)", ref);
}

/* No day gives more tickets of one letter than this; a larger number is not a ticket. */
#define MAX_TICKET_NUMBER 99999

/* Resolves REF ("A-023" today, "#12" or "12" by id) to a ticket. */
static int find_ref(dawr_queue *q, const char *ref, dawr_ticket *out)
{
    const char *s = ref;
    if (*s == '#') s++;
    if (isdigit((unsigned char)*s)) {
        char *end;
        errno = 0;
        long long id = strtoll(s, &end, 10);
        if (*end || errno == ERANGE || id <= 0) return not_a_ticket(q, ref);
        return load_ticket(q, id, out) == DAWR_OK ? DAWR_OK
             : fail(q, DAWR_NOT_FOUND, DAWR_WHY_NO_TICKET, json_pack("{s:s}", "ticket", ref), "no ticket %s", ref);
    }
    char letter = (char)toupper((unsigned char)s[0]);
    if (letter < 'A' || letter > 'Z') return not_a_ticket(q, ref);
    s++;
    if (*s == '-') s++;
    char *end;
    errno = 0;
    long n = strtol(s, &end, 10);          /* range-checked: E-4294967297 is not E-001 */
    if (end == s || *end || errno == ERANGE || n <= 0 || n > MAX_TICKET_NUMBER) return not_a_ticket(q, ref);
    sqlite3_stmt *st = stmt(q, "SELECT " DAWR_TICKET_COLUMNS " FROM tickets WHERE day = ? AND prefix = ? AND number = ?");
    if (!st) return DAWR_STORE_FAILED;
    char prefix[2] = { letter, 0 };
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, prefix, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 3, (int)n);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) dawr_ticket_from_row(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return DAWR_OK;
    char code[32];
    format_code(code, sizeof code, letter, n);
    return rc == SQLITE_DONE ? fail(q, DAWR_NOT_FOUND, DAWR_WHY_NO_TICKET, json_pack("{s:s}", "ticket", ref),
                                    "no ticket %s today", code) : store_failed(q, rc);
}

static int do_call_ticket(dawr_queue *q, const char *counter_id, const char *ref, dawr_ticket *out)
{
    const dawr_counter *c;
    dawr_ticket t;
    int r = find_counter(q, counter_id, &c);
    if (r || (r = require_free(q, c)) || (r = find_ref(q, ref, &t)) || (r = refuse_if_paused(q))) return r;
    if (t.state != DAWR_WAITING)
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOT_WAITING, json_pack("{s:s, s:s}", "ticket", t.code, "state",
                                                                     dawr_state_name(t.state)),
                    "%s is not waiting (it is %s)", t.code, dawr_state_name(t.state));
    if (strcmp(t.day, q->today))
        return fail(q, DAWR_REFUSED, DAWR_WHY_OTHER_DAY, json_pack("{s:s, s:s}", "ticket", t.code, "day", t.day),
                    "%s belongs to the service day %s", t.code, t.day);
    if (t.counter[0] && strcmp(t.counter, c->id))
        return fail(q, DAWR_REFUSED, DAWR_WHY_SENT_ELSEWHERE, json_pack("{s:s, s:s}", "ticket", t.code, "counter",
                                                                        t.counter),
                    "%s was sent to counter %s", t.code, t.counter);
    if (!t.counter[0] && !dawr_counter_serves(c, t.service))
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOT_SERVED_HERE, json_pack("{s:s, s:s, s:s}", "ticket", t.code,
                                                                         "counter", c->id, "service", t.service),
                    "counter %s does not serve %s (%s)", c->id, t.service, t.code);
    int streak, appointment_streak;
    streaks(q, c, &streak, &appointment_streak);
    return mark_called(q, c, t.id, streak, -1, 1, out);
}

int dawr_queue_call_ticket(dawr_queue *q, const char *counter_id, const char *ref, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_call_ticket(q, counter_id, ref, out ? out : &local));
}

/* COUNTER called someone now: it counts as open for the estimated wait. */
static int counter_called_now(dawr_queue *q, const dawr_counter *c)
{
    sqlite3_stmt *st = stmt(q, "UPDATE counters SET last_call_at = ? WHERE id = ?");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_text(st, 2, c->id, -1, SQLITE_STATIC);
    return run(q, st);
}

/* Loads the ticket at COUNTER_ID into T, refusing when there is none. */
static int ticket_at(dawr_queue *q, const char *counter_id, const dawr_counter **c, dawr_ticket *t)
{
    int r = find_counter(q, counter_id, c);
    if (r) return r;
    r = current_ticket(q, *c, t);
    return r == DAWR_NOT_FOUND ? DAWR_REFUSED : r;
}

static int do_recall(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = ticket_at(q, counter_id, &c, out);
    if (r) return r;
    if (out->state != DAWR_CALLED)
        return fail(q, DAWR_REFUSED, DAWR_WHY_ALREADY_SERVING, json_pack("{s:s}", "ticket", out->code),
                    "%s is already being served at counter %s", out->code, c->id);
    if ((r = refuse_if_paused(q))) return r;
    sqlite3_stmt *st = stmt(q, "UPDATE tickets SET recalls = recalls + 1, called_at = ?1 WHERE id = ?2");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_int64(st, 2, out->id);
    if ((r = run(q, st)) || (r = load_ticket(q, out->id, out))) return r;
    if ((r = counter_called_now(q, c))) return r;
    return log_event(q, out->id, c->id, DAWR_EVENT_RECALL, call_detail(out, json_pack("{s:i}", "recalls", out->recalls)));
}

int dawr_queue_recall(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_recall(q, counter_id, out ? out : &local));
}

/* Moves the ticket at a counter to STATE (serving, done or noshow) and logs the step's event. */
static int finish_step(dawr_queue *q, const dawr_counter *c, dawr_ticket *t, dawr_state state, json_t *detail)
{
    sqlite3_stmt *st = stmt(q, "UPDATE tickets SET state = ?1,"
                               " serving_at = CASE ?1 WHEN 'serving' THEN ?2"
                               "   WHEN 'done' THEN coalesce(serving_at, called_at) ELSE serving_at END,"
                               " finished_at = CASE WHEN ?1 = 'serving' THEN NULL ELSE ?2 END WHERE id = ?3");
    if (!st) { json_decref(detail); return DAWR_STORE_FAILED; }
    sqlite3_bind_text(st, 1, dawr_state_name(state), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int64(st, 3, t->id);
    int r = run(q, st);
    if (r || (r = load_ticket(q, t->id, t))) { json_decref(detail); return r; }
    dawr_event_kind kind = state == DAWR_SERVING ? DAWR_EVENT_SERVE : state == DAWR_DONE ? DAWR_EVENT_DONE : DAWR_EVENT_NOSHOW;
    return log_event(q, t->id, c->id, kind, detail);
}

static int do_serve(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = ticket_at(q, counter_id, &c, out);
    if (r) return r;
    if (out->state != DAWR_CALLED)
        return fail(q, DAWR_REFUSED, DAWR_WHY_ALREADY_SERVING, json_pack("{s:s}", "ticket", out->code),
                    "%s is already being served", out->code);
    return finish_step(q, c, out, DAWR_SERVING, NULL);
}

int dawr_queue_serve(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_serve(q, counter_id, out ? out : &local));
}

static int do_noshow(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = ticket_at(q, counter_id, &c, out);
    if (r) return r;
    if (out->state != DAWR_CALLED)
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOSHOW_WHILE_SERVING, json_pack("{s:s}", "ticket", out->code),
                    "%s is being served; a no-show is only for a visitor who has not come", out->code);
    const dawr_settings *s = dawr_config_settings(q->cfg);
    /* The grace does not run during a prayer pause: nobody walks to a counter then. */
    long waited = (long)((q->now - out->first_called_at - dawr_queue_paused_between(q, out->first_called_at, q->now)) / 1000);
    /* Old people walk slowly: never a no-show before the recalls and the grace period. */
    if (out->recalls < s->noshow_recalls || waited < s->noshow_grace_seconds)
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOSHOW_TOO_EARLY,
                    json_pack("{s:s, s:i, s:i, s:i, s:i}", "ticket", out->code, "recalls", out->recalls,
                              "recalls_left", out->recalls < s->noshow_recalls ? s->noshow_recalls - out->recalls : 0,
                              "seconds", (int)waited, "seconds_left",
                              waited < s->noshow_grace_seconds ? s->noshow_grace_seconds - (int)waited : 0),
                    "too soon for a no-show of %s: first called %ld s ago and recalled %d time%s; "
                    "a no-show needs %d recall%s and %d s after the first call",
                    out->code, waited, out->recalls, out->recalls == 1 ? "" : "s", s->noshow_recalls,
                    s->noshow_recalls == 1 ? "" : "s", s->noshow_grace_seconds);
    return finish_step(q, c, out, DAWR_NOSHOW, json_pack("{s:i, s:i}", "recalls", out->recalls, "seconds", (int)waited));
}

int dawr_queue_noshow(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_noshow(q, counter_id, out ? out : &local));
}

static int do_transfer(dawr_queue *q, const char *counter_id, const char *target, const char *note, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = ticket_at(q, counter_id, &c, out);
    if (r) return r;
    const dawr_service *to_service = dawr_config_find_service(q->cfg, target);
    const dawr_counter *to_counter = to_service ? NULL : dawr_config_find_counter(q->cfg, target);
    if (!to_service && !to_counter) return fail(q, DAWR_NOT_FOUND, DAWR_WHY_UNKNOWN_TARGET,
                                                   json_pack("{s:s}", "target", target),
                                                   "unknown service or counter \"%s\"", target);
    if (to_counter == c)
        return fail(q, DAWR_REFUSED, DAWR_WHY_ALREADY_AT_COUNTER, json_pack("{s:s, s:s}", "ticket", out->code,
                                                                            "counter", c->id),
                    "%s is already at counter %s", out->code, c->id);
    if (to_service && !strcmp(to_service->id, out->service))
        return fail(q, DAWR_REFUSED, DAWR_WHY_ALREADY_FOR_SERVICE, json_pack("{s:s, s:s}", "ticket", out->code,
                                                                             "service", target),
                    "%s is already for %s; name another service or a counter", out->code, target);
    if (note && strlen(note) > MAX_NOTE_BYTES)
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOTE_TOO_LONG, json_pack("{s:i}", "max_bytes", MAX_NOTE_BYTES),
                    "the note is longer than %d bytes; keep it short", MAX_NOTE_BYTES);
    json_t *note_text = note && *note ? json_string(note) : NULL;    /* NULL: not valid UTF-8 */
    json_decref(note_text);
    if (note && *note && !note_text)
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOTE_NOT_TEXT, NULL,
                    "the note is not valid UTF-8 text; nothing was changed (type it again)");
    char from_service[33];
    snprintf(from_service, sizeof from_service, "%s", out->service);
    /* Back to waiting with its number and original issue time, so it keeps its place. */
    sqlite3_stmt *st = stmt(q, "UPDATE tickets SET state = 'waiting', service = ?1, counter = ?2,"
                               " first_called_at = NULL, called_at = NULL, recalls = 0, serving_at = NULL WHERE id = ?3");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, to_service ? to_service->id : out->service, -1, SQLITE_TRANSIENT);
    bind_text_or_null(st, 2, to_counter ? to_counter->id : NULL);
    sqlite3_bind_int64(st, 3, out->id);
    if ((r = run(q, st)) || (r = load_ticket(q, out->id, out))) return r;
    json_t *detail = json_pack("{s:s, s:s}", "from_service", from_service, "to_service", out->service);
    if (to_counter) json_object_set_new(detail, "to_counter", json_string(to_counter->id));
    if (note && *note) json_object_set_new(detail, "note", json_string(note));
    return log_event(q, out->id, c->id, DAWR_EVENT_TRANSFER, detail);
}

int dawr_queue_transfer(dawr_queue *q, const char *counter_id, const char *target, const char *note, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_transfer(q, counter_id, target, note, out ? out : &local));
}

static int check_outcome(dawr_queue *q, const char *outcome)
{
    if (dawr_config_find_outcome(q->cfg, outcome)) return DAWR_OK;
    return fail(q, DAWR_REFUSED, DAWR_WHY_UNKNOWN_OUTCOME, json_pack("{s:s}", "outcome", outcome),
                "unknown outcome \"%s\" (not one of [outcomes])", outcome);
}

/* The ticket at COUNTER_ID into OUT, refused as stale when EXPECT names another one. */
static int expected_at(dawr_queue *q, const char *counter_id, const char *expect, const char *verb,
                       const dawr_counter **c, dawr_ticket *out)
{
    int r = ticket_at(q, counter_id, c, out);
    if (r == DAWR_REFUSED)
        return fail(q, r, DAWR_WHY_NO_VISITOR, json_pack("{s:s}", "counter", counter_id),
                    "counter %s has nobody to %s", counter_id, verb);
    if (r) return r;
    if (expect && *expect && strcasecmp(expect, out->code))
        return fail(q, DAWR_REFUSED, DAWR_WHY_STALE, json_pack("{s:s, s:s}", "ticket", out->code, "expected", expect),
                    "counter %s now has %s, not %s: the page was out of date; nothing was changed",
                    counter_id, out->code, expect);
    return DAWR_OK;
}

static int do_done(dawr_queue *q, const char *counter_id, const char *outcome, const char *expect, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = expected_at(q, counter_id, expect, "finish", &c, out);
    if (r) return r;
    if (outcome && *outcome && (r = check_outcome(q, outcome))) return r;
    if (outcome && *outcome) {
        sqlite3_stmt *st = stmt(q, "UPDATE tickets SET outcome = ? WHERE id = ?");
        if (!st) return DAWR_STORE_FAILED;
        sqlite3_bind_text(st, 1, outcome, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, out->id);
        if ((r = run(q, st))) return r;
    }
    dawr_ms started = out->serving_at ? out->serving_at : out->called_at;
    json_t *detail = json_pack("{s:I}", "service_seconds", (json_int_t)((q->now - started) / 1000));
    if (outcome && *outcome) json_object_set_new(detail, "outcome", json_string(outcome));
    if ((r = finish_step(q, c, out, DAWR_DONE, detail))) return r;
    /* A new request finished as registered becomes an application, in the same transaction. */
    return dawr_application_open_for_visit(q, out, c->id);
}

int dawr_queue_done(dawr_queue *q, const char *counter_id, dawr_ticket *out)
{
    return dawr_queue_done_outcome(q, counter_id, NULL, NULL, out);
}

int dawr_queue_done_outcome(dawr_queue *q, const char *counter_id, const char *outcome, const char *expect,
                            dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_done(q, counter_id, outcome, expect, out ? out : &local));
}

static int do_aside(dawr_queue *q, const char *counter_id, const char *expect, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = expected_at(q, counter_id, expect, "set aside", &c, out);
    if (r) return r;
    const char *from = dawr_state_name(out->state);
    /* It leaves the counter free; counter says where it was set aside, for the console's list. */
    sqlite3_stmt *st = stmt(q, "UPDATE tickets SET state = 'aside', aside_at = ? WHERE id = ?");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_int64(st, 2, out->id);
    if ((r = run(q, st)) || (r = load_ticket(q, out->id, out))) return r;
    return log_event(q, out->id, c->id, DAWR_EVENT_ASIDE, json_pack("{s:s}", "from_state", from));
}

int dawr_queue_aside(dawr_queue *q, const char *counter_id, const char *expect, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_aside(q, counter_id, expect, out ? out : &local));
}

static int do_resume(dawr_queue *q, const char *counter_id, const char *ref, dawr_ticket *out)
{
    const dawr_counter *c;
    int r = find_counter(q, counter_id, &c);
    if (r || (r = require_free(q, c)) || (r = find_ref(q, ref, out))) return r;
    if (out->state != DAWR_ASIDE)
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOT_ASIDE, json_pack("{s:s, s:s}", "ticket", out->code, "state",
                                                                   dawr_state_name(out->state)),
                    "%s is not set aside (it is %s)", out->code, dawr_state_name(out->state));
    if (strcmp(out->day, q->today))
        return fail(q, DAWR_REFUSED, DAWR_WHY_OTHER_DAY, json_pack("{s:s, s:s}", "ticket", out->code, "day", out->day),
                    "%s belongs to the service day %s", out->code, out->day);
    if (!dawr_counter_serves(c, out->service))
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOT_SERVED_HERE, json_pack("{s:s, s:s, s:s}", "ticket", out->code,
                                                                         "counter", c->id, "service", out->service),
                    "counter %s does not serve %s (%s)", c->id, out->service, out->code);
    char from[33];
    snprintf(from, sizeof from, "%s", out->counter);
    dawr_ms aside = q->now - out->aside_at;
    /* Called again where it is taken back: the screen tells the visitor which counter; a visit
     * already begun goes on being served, its start moved on by the time aside, which is
     * neither service nor waiting (docs/reports.md). */
    sqlite3_stmt *st = stmt(q, "UPDATE tickets SET state = CASE WHEN serving_at IS NULL THEN 'called' ELSE 'serving' END,"
                               " serving_at = serving_at + ?2 - aside_at,"
                               " counter = ?1, called_at = ?2, aside_ms = aside_ms + ?2 - aside_at, aside_at = NULL"
                               " WHERE id = ?3");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, q->now);
    sqlite3_bind_int64(st, 3, out->id);
    if ((r = run(q, st)) || (r = load_ticket(q, out->id, out))) return r;
    if ((r = counter_called_now(q, c))) return r;
    return log_event(q, out->id, c->id, DAWR_EVENT_RESUME,
                     call_detail(out, json_pack("{s:I, s:s, s:s}", "aside_seconds", (json_int_t)(aside / 1000),
                                                "from_counter", from, "state", dawr_state_name(out->state))));
}

int dawr_queue_resume(dawr_queue *q, const char *counter_id, const char *ref, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_resume(q, counter_id, ref, out ? out : &local));
}

static int do_cancel(dawr_queue *q, const char *ref, dawr_ticket *out)
{
    int r = find_ref(q, ref, out);
    if (r) return r;
    if (out->state != DAWR_WAITING && out->state != DAWR_CALLED && out->state != DAWR_ASIDE)
        return fail(q, DAWR_REFUSED, DAWR_WHY_CANNOT_CANCEL, json_pack("{s:s, s:s}", "ticket", out->code, "state",
                                                                       dawr_state_name(out->state)),
                    "%s cannot be cancelled: it is %s", out->code, dawr_state_name(out->state));
    char counter[33];
    snprintf(counter, sizeof counter, "%s", out->counter);
    sqlite3_stmt *st = stmt(q, "UPDATE tickets SET aside_ms = aside_ms + coalesce(?1 - aside_at, 0), aside_at = NULL,"
                               " state = 'cancelled', finished_at = ?1 WHERE id = ?2");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, q->now);
    sqlite3_bind_int64(st, 2, out->id);
    if ((r = run(q, st)) || (r = load_ticket(q, out->id, out))) return r;
    return log_event(q, out->id, counter, DAWR_EVENT_CANCEL, NULL);
}

int dawr_queue_cancel(dawr_queue *q, const char *ref, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_cancel(q, ref, out ? out : &local));
}

/* The oldest service day whose visits may still be rated (rating_days before today) into DAY. */
static void oldest_rating_day(dawr_queue *q, char day[11])
{
    dawr_clock_day(q->now - (dawr_ms)dawr_config_settings(q->cfg)->rating_days * 86400000, day, 11);
}

/* Whether ticket ID has its rating: 1, 0, or -1 when the store failed. */
static int has_rating(dawr_queue *q, long long id)
{
    sqlite3_stmt *st = stmt(q, "SELECT 1 FROM ratings WHERE ticket = ?");
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : (store_failed(q, rc), -1);
}

/* Whether the visit T may be rated now: finished, within rating_days, not yet rated. */
static int check_rateable(dawr_queue *q, const dawr_ticket *out)
{
    const dawr_settings *s = dawr_config_settings(q->cfg);
    if (out->state != DAWR_DONE)
        return fail(q, DAWR_REFUSED, DAWR_WHY_NOT_FINISHED, json_pack("{s:s, s:s}", "ticket", out->code, "state",
                                                                      dawr_state_name(out->state)),
                    "%s cannot be rated: %s", out->code,
                    out->state == DAWR_WAITING || out->state == DAWR_CALLED || out->state == DAWR_SERVING
                        ? "the visit has not finished yet" : "it was not served");
    char oldest[11];
    oldest_rating_day(q, oldest);
    if (strcmp(out->day, oldest) < 0)
        return fail(q, DAWR_REFUSED, DAWR_WHY_TOO_OLD_TO_RATE, json_pack("{s:s, s:s, s:i}", "ticket", out->code, "day",
                                                                         out->day, "days", s->rating_days),
                    "%s of %s is too old to rate: a visit may be rated up to %d days later", out->code, out->day,
                    s->rating_days);
    int rated = has_rating(q, out->id);
    if (rated < 0) return DAWR_STORE_FAILED;
    if (rated)
        return fail(q, DAWR_REFUSED, DAWR_WHY_ALREADY_RATED, json_pack("{s:s}", "ticket", out->code), "%s has already been rated; thank you, one rating per visit", out->code);
    return DAWR_OK;
}

static int do_rate(dawr_queue *q, const char *ref, int score, const char *const *reasons, int n, dawr_ticket *out)
{
    if (score < 1 || score > 5)
        return fail(q, DAWR_REFUSED, DAWR_WHY_BAD_SCORE, json_pack("{s:i}", "score", score), "a rating is a score from 1 to 5, not %d", score);
    const dawr_settings *s = dawr_config_settings(q->cfg);
    char tags[256] = "";
    for (int i = 0; i < n; i++) {
        int known = 0;
        for (int j = 0; j < s->rating_reason_count; j++) known |= !strcmp(reasons[i], s->rating_reasons[j]);
        if (!known)
            return fail(q, DAWR_REFUSED, DAWR_WHY_UNKNOWN_REASON, json_pack("{s:s}", "reason", reasons[i]),
                        "unknown rating reason \"%s\"", reasons[i]);
        size_t len = strlen(tags);
        char padded[64];
        snprintf(padded, sizeof padded, " %s ", reasons[i]);
        char spaced[260];
        snprintf(spaced, sizeof spaced, " %s ", tags);
        if (strstr(spaced, padded)) continue;           /* the same reason twice counts once */
        snprintf(tags + len, sizeof tags - len, "%s%s", len ? " " : "", reasons[i]);
    }
    int r = find_ref(q, ref, out);
    if (r || (r = check_rateable(q, out))) return r;
    sqlite3_stmt *st = stmt(q, "INSERT INTO ratings (ticket, score, reasons, at) VALUES (?, ?, ?, ?)");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, out->id);
    sqlite3_bind_int(st, 2, score);
    sqlite3_bind_text(st, 3, tags, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, q->now);
    if ((r = run(q, st))) return r;
    json_t *list = json_array();
    for (char *tag = tags, *next; *tag; tag = next) {
        next = tag + strcspn(tag, " ");
        json_array_append_new(list, json_stringn(tag, (size_t)(next - tag)));
        if (*next) next++;
    }
    return log_event(q, out->id, NULL, DAWR_EVENT_RATE, json_pack("{s:i, s:o}", "score", score, "reasons", list));
}

int dawr_queue_rate(dawr_queue *q, const char *ref, int score, const char *const *reasons, int n, dawr_ticket *out)
{
    dawr_ticket local;
    WITH_TRANSACTION(q, do_rate(q, ref, score, reasons, n, out ? out : &local));
}

/* Reads outside a write transaction see one consistent snapshot. */
static int do_log(dawr_queue *q, long long ticket_id, dawr_event_kind kind, const char *detail_json)
{
    if (!*dawr_event_kind_name(kind))
        return fail(q, DAWR_REFUSED, DAWR_WHY_BAD_EVENT, json_pack("{s:i}", "kind", (int)kind), "%d is no kind of event", (int)kind);
    json_t *detail = NULL;
    if (detail_json) {
        json_error_t jerr;
        detail = json_loads(detail_json, 0, &jerr);
        if (!json_is_object(detail)) {
            json_decref(detail);
            return fail(q, DAWR_REFUSED, DAWR_WHY_BAD_EVENT, json_pack("{s:s}", "kind", dawr_event_kind_name(kind)),
                        "detail of a \"%s\" event is not a JSON object", dawr_event_kind_name(kind));
        }
    }
    if (ticket_id) {
        dawr_ticket t;
        int r = load_ticket(q, ticket_id, &t);
        if (r) { json_decref(detail); return r; }
    }
    return log_event(q, ticket_id, NULL, kind, detail);
}

int dawr_queue_log(dawr_queue *q, long long ticket_id, dawr_event_kind kind, const char *detail_json)
{
    WITH_TRANSACTION(q, do_log(q, ticket_id, kind, detail_json));
}

static int begin_read(dawr_queue *q)
{
    q->error[0] = 0;
    q->why = DAWR_WHY_NONE;
    q->now = q->now_fn ? q->now_fn(q->now_ctx) : dawr_clock_now();
    dawr_clock_day(q->now, q->today, sizeof q->today);
    if (file_lost(q)) return DAWR_STORE_FAILED;
    int rc = sqlite3_exec(q->db, "BEGIN", NULL, NULL, NULL);
    return rc == SQLITE_OK ? DAWR_OK : store_failed(q, rc);
}

int dawr_queue_find_in(dawr_queue *q, const char *ref, dawr_ticket *out) { return find_ref(q, ref, out); }

int dawr_queue_find(dawr_queue *q, const char *ref, dawr_ticket *out)
{
    int r = begin_read(q);
    if (r) return r;
    r = find_ref(q, ref, out);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return r;
}

int dawr_queue_finished(dawr_queue *q, dawr_ms since, dawr_finished *out, int max)
{
    int r = begin_read(q);
    if (r) return r;
    sqlite3_stmt *st = stmt(q, "SELECT " DAWR_TICKET_COLUMNS ", EXISTS (SELECT 1 FROM ratings r WHERE r.ticket = tickets.id)"
                               " FROM tickets WHERE state = 'done' AND day = ? AND finished_at >= ?"
                               " ORDER BY finished_at DESC, id DESC LIMIT ?");
    if (!st) { sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL); return DAWR_STORE_FAILED; }
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since);
    sqlite3_bind_int(st, 3, max > 0 ? max : 0);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        dawr_ticket_from_row(st, &out[n].ticket);
        out[n++].rated = sqlite3_column_int(st, DAWR_TICKET_COLUMN_COUNT);
    }
    sqlite3_reset(st);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return rc == SQLITE_DONE ? n : store_failed(q, rc);
}

int dawr_queue_set_aside(dawr_queue *q, dawr_ticket *out, int max)
{
    int r = begin_read(q);
    if (r) return r;
    sqlite3_stmt *st = stmt(q, "SELECT " DAWR_TICKET_COLUMNS " FROM tickets WHERE day = ? AND state = 'aside'"
                               " ORDER BY aside_at, id LIMIT ?");
    if (!st) { sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL); return DAWR_STORE_FAILED; }
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, max > 0 ? max : 0);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) dawr_ticket_from_row(st, &out[n++]);
    sqlite3_reset(st);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return rc == SQLITE_DONE ? n : store_failed(q, rc);
}

int dawr_queue_rateable(dawr_queue *q, const char *ref, dawr_ticket *out)
{
    int r = begin_read(q);
    if (r) return r;
    r = find_ref(q, ref, out);
    if (r == DAWR_OK) r = check_rateable(q, out);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return r;
}

/* Today's open help calls, oldest first, into OUT (MAX), only those from SOURCE when not NULL.
 * Returns the count or a store failure. */
static int open_help_calls(dawr_queue *q, const char *source, dawr_help_call *out, int max)
{
    sqlite3_stmt *st = stmt(q, "SELECT e.id, e.at, coalesce(json_extract(e.detail, '$.source'), ''),"
                               " coalesce(json_extract(e.detail, '$.screen'), '') FROM events e WHERE e.kind = ?1"
                               " AND NOT EXISTS (SELECT 1 FROM events a WHERE a.kind = ?2"
                               "   AND json_extract(a.detail, '$.help') = e.id)"
                               " ORDER BY e.id DESC LIMIT 64");
    if (!st) return DAWR_STORE_FAILED;
    dawr_bind_event_kind(st, 1, DAWR_EVENT_HELP);
    dawr_bind_event_kind(st, 2, DAWR_EVENT_HELP_ACK);
    dawr_help_call found[64];
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        dawr_help_call h = { .id = sqlite3_column_int64(st, 0), .at = sqlite3_column_int64(st, 1) };
        snprintf(h.source, sizeof h.source, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(h.screen, sizeof h.screen, "%s", (const char *)sqlite3_column_text(st, 3));
        char day[11];
        dawr_clock_day(h.at, day, sizeof day);
        if (strcmp(day, q->today)) continue;   /* yesterday's call: the visitor has gone home */
        if (source && strcmp(h.source, source)) continue;
        found[n++] = h;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return store_failed(q, rc);
    int kept = 0;
    for (int i = n - 1; i >= 0 && kept < max; i--) out[kept++] = found[i];
    return kept;
}

static int do_help(dawr_queue *q, const char *source, const char *screen, dawr_help_call *out, int *again)
{
    /* A second press while the first is unanswered is the same visitor waiting: no second call. */
    int n = open_help_calls(q, source ? source : "", out, 1);
    if (n < 0) return n;
    *again = n > 0;
    if (n) return DAWR_OK;
    json_t *detail = json_object();
    if (source) json_object_set_new(detail, "source", json_string(source));
    if (screen) json_object_set_new(detail, "screen", json_string(screen));
    int r = log_event(q, 0, NULL, DAWR_EVENT_HELP, detail);
    if (r) return r;
    *out = (dawr_help_call){ .id = sqlite3_last_insert_rowid(q->db), .at = q->now };
    snprintf(out->source, sizeof out->source, "%s", source ? source : "");
    snprintf(out->screen, sizeof out->screen, "%s", screen ? screen : "");
    return DAWR_OK;
}

int dawr_queue_help(dawr_queue *q, const char *source, const char *screen, dawr_help_call *out, int *again)
{
    dawr_help_call local;
    int local_again;
    WITH_TRANSACTION(q, do_help(q, source, screen, out ? out : &local, again ? again : &local_again));
}

int dawr_queue_help_calls(dawr_queue *q, dawr_help_call *out, int max)
{
    int r = begin_read(q);
    if (r) return r;
    r = open_help_calls(q, NULL, out, max);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return r;
}

static int do_help_ack(dawr_queue *q, const char *counter_id, long long call_id, dawr_help_call *out, int *seconds)
{
    const dawr_counter *c;
    int r = find_counter(q, counter_id, &c);
    if (r) return r;
    dawr_help_call open[64];
    int n = open_help_calls(q, NULL, open, 64);
    if (n < 0) return n;
    for (int i = 0; i < n; i++)
        if (!call_id || open[i].id == call_id) {
            *out = open[i];
            *seconds = (int)((q->now - out->at) / 1000);
            return log_event(q, 0, c->id, DAWR_EVENT_HELP_ACK,
                             json_pack("{s:I, s:i}", "help", (json_int_t)out->id, "seconds", *seconds));
        }
    /* Not open: answered already (by whom), or no call at all. */
    sqlite3_stmt *st = stmt(q, "SELECT coalesce(counter, '') FROM events WHERE kind = ?1 AND json_extract(detail, '$.help') = ?2"
                               " ORDER BY id LIMIT 1");
    if (!st) return DAWR_STORE_FAILED;
    dawr_bind_event_kind(st, 1, DAWR_EVENT_HELP_ACK);
    sqlite3_bind_int64(st, 2, call_id);
    char by[33] = "";
    int answered = call_id && sqlite3_step(st) == SQLITE_ROW;
    if (answered) snprintf(by, sizeof by, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (answered)
        return fail(q, DAWR_REFUSED, DAWR_WHY_HELP_ANSWERED, json_pack("{s:I, s:s}", "call", (json_int_t)call_id,
                                                                       "counter", by),
                    "counter %s is already going to help call %lld", by, call_id);
    json_t *values = json_pack("{s:I}", "call", (json_int_t)call_id);
    if (!call_id) return fail(q, DAWR_NOT_FOUND, DAWR_WHY_NO_HELP_CALL, values, "no visitor is waiting for help");
    return fail(q, DAWR_NOT_FOUND, DAWR_WHY_NO_HELP_CALL, values, "no open help call %lld today", call_id);
}

int dawr_queue_help_ack(dawr_queue *q, const char *counter_id, long long call_id, dawr_help_call *out, int *seconds)
{
    dawr_help_call local;
    int local_seconds;
    WITH_TRANSACTION(q, do_help_ack(q, counter_id, call_id, out ? out : &local, seconds ? seconds : &local_seconds));
}

int dawr_queue_help_answered(dawr_queue *q, long long call_id, char *counter, size_t size)
{
    if (size) counter[0] = 0;
    int r = begin_read(q);
    if (r) return r;
    sqlite3_stmt *st = stmt(q, "SELECT coalesce(counter, '') FROM events WHERE kind = ?1 AND json_extract(detail, '$.help') = ?2"
                               " ORDER BY id LIMIT 1");
    if (!st) { sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL); return DAWR_STORE_FAILED; }
    dawr_bind_event_kind(st, 1, DAWR_EVENT_HELP_ACK);
    sqlite3_bind_int64(st, 2, call_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && size) snprintf(counter, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? DAWR_OK : store_failed(q, rc);
}

static void count_today(dawr_queue *q, dawr_status *out)
{
    sqlite3_stmt *st = stmt(q, "SELECT count(*), coalesce(sum(state = 'done'), 0), coalesce(sum(state = 'noshow'), 0)"
                               " FROM tickets WHERE day = ?");
    if (!st) return;
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        out->issued_today = sqlite3_column_int(st, 0);
        out->served_today = sqlite3_column_int(st, 1);
        out->noshow_today = sqlite3_column_int(st, 2);
    }
    sqlite3_reset(st);
}

static int fill_status(dawr_queue *q, dawr_status *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->day, sizeof out->day, "%s", q->today);
    out->service_count = dawr_config_service_count(q->cfg);
    for (int i = 0; i < out->service_count; i++) out->services[i].service = dawr_config_service(q->cfg, i);
    /* One pass over the waiting tickets, counted per service and priority. */
    sqlite3_stmt *st = stmt(q, "SELECT service, priority, count(*) FROM tickets WHERE day = ? AND state = 'waiting'"
                               " AND counter IS NULL GROUP BY service, priority");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, q->today, -1, SQLITE_STATIC);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *id = (const char *)sqlite3_column_text(st, 0);
        for (int i = 0; i < out->service_count; i++)
            if (!strcmp(out->services[i].service->id, id)) {
                out->services[i].waiting += sqlite3_column_int(st, 2);
                if (sqlite3_column_int(st, 1)) out->services[i].waiting_priority += sqlite3_column_int(st, 2);
            }
    }
    sqlite3_reset(st);
    for (int i = 0; i < out->service_count; i++) {
        const dawr_service *svc = out->services[i].service;
        out->services[i].wait_minutes = estimate_minutes(q, svc, out->services[i].waiting,
                                                         &out->services[i].median_service_minutes,
                                                         &out->services[i].samples);
    }
    out->counter_count = dawr_config_counter_count(q->cfg);
    dawr_ms since = q->now - (dawr_ms)dawr_config_settings(q->cfg)->open_counter_minutes * 60000;
    for (int i = 0; i < out->counter_count; i++) {
        const dawr_counter *c = dawr_config_counter(q->cfg, i);
        out->counters[i].counter = c;
        int r = current_ticket(q, c, &out->counters[i].ticket);
        if (r == DAWR_STORE_FAILED) return r;
        out->counters[i].has_ticket = r == DAWR_OK;
        for (int j = 0; j < out->service_count; j++)
            if (dawr_counter_serves(c, out->services[j].service->id)) out->counters[i].waiting += out->services[j].waiting;
        st = stmt(q, "SELECT (last_call_at >= ?2), (SELECT count(*) FROM tickets WHERE day = ?3"
                                   " AND counter = ?1 AND state = 'waiting' AND counter IS NOT NULL)"
                                   " FROM counters WHERE id = ?1");
        if (!st) return DAWR_STORE_FAILED;
        sqlite3_bind_text(st, 1, c->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, since);
        sqlite3_bind_text(st, 3, q->today, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            out->counters[i].open = sqlite3_column_int(st, 0);
            out->counters[i].waiting += sqlite3_column_int(st, 1);
        }
        sqlite3_reset(st);
    }
    /* What a screen shows for a call is the call event's: its counter and time, not where the
     * ticket went since (a transfer moves the ticket, never the call). Calls of visitors in the
     * room only: a call-back is called at the counter, not on the screen. */
    st = stmt(q, "SELECT e.ticket, coalesce(e.counter, ''), e.at FROM events e WHERE e.kind IN (?1, ?2, ?3)"
                 " ORDER BY e.id DESC LIMIT 50");
    if (!st) return DAWR_STORE_FAILED;
    dawr_bind_event_kind(st, 1, DAWR_EVENT_CALL);
    dawr_bind_event_kind(st, 2, DAWR_EVENT_RECALL);
    dawr_bind_event_kind(st, 3, DAWR_EVENT_RESUME);
    long long seen[DAWR_RECENT_CALLS];
    char called_at_counter[DAWR_RECENT_CALLS][33];
    dawr_ms called_when[DAWR_RECENT_CALLS];
    while (out->recent_call_count < DAWR_RECENT_CALLS && sqlite3_step(st) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        int dup = 0;
        for (int i = 0; i < out->recent_call_count; i++) dup |= seen[i] == id;
        if (dup) continue;
        snprintf(called_at_counter[out->recent_call_count], 33, "%s", (const char *)sqlite3_column_text(st, 1));
        called_when[out->recent_call_count] = sqlite3_column_int64(st, 2);
        out->recent_calls[out->recent_call_count].id = id;
        seen[out->recent_call_count++] = id;
    }
    sqlite3_reset(st);
    for (int i = 0; i < out->recent_call_count; i++) {
        int r = load_ticket(q, out->recent_calls[i].id, &out->recent_calls[i]);
        if (r) return r;
        snprintf(out->recent_calls[i].counter, sizeof out->recent_calls[i].counter, "%.32s", called_at_counter[i]);
        out->recent_calls[i].called_at = called_when[i];
    }
    /* Only today's calls of visitors in the room belong on the screens: a phone call-back is
     * called at the counter, not in the waiting room. */
    int kept = 0;
    for (int i = 0; i < out->recent_call_count; i++)
        if (!strcmp(out->recent_calls[i].day, q->today) && dawr_channel_in_person(out->recent_calls[i].channel))
            out->recent_calls[kept++] = out->recent_calls[i];
    out->recent_call_count = kept;
    count_today(q, out);
    dawr_help_call help[64];
    int open = open_help_calls(q, NULL, help, 64);
    if (open < 0) return open;
    out->help_open = open;
    out->help_oldest_at = open ? help[0].at : 0;
    out->last_event_id = dawr_queue_last_event_id(q);
    return DAWR_OK;
}

int dawr_queue_status(dawr_queue *q, dawr_status *out)
{
    int r = begin_read(q);
    if (r) return r;
    r = fill_status(q, out);
    if (!r) r = hours_now(q, &out->hours);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return r;
}

int dawr_queue_events(dawr_queue *q, long long since, int limit, int (*fn)(const dawr_event *, void *), void *ctx)
{
    sqlite3_stmt *st = stmt(q, "SELECT e.id, e.at, coalesce(e.ticket, 0), coalesce(t.prefix, ''), coalesce(t.number, 0),"
                               " coalesce(e.counter, ''), e.kind, e.detail FROM events e"
                               " LEFT JOIN tickets t ON t.id = e.ticket WHERE e.id > ? ORDER BY e.id LIMIT ?");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, since);
    sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        dawr_event ev = { .id = sqlite3_column_int64(st, 0), .at = sqlite3_column_int64(st, 1),
                          .ticket = sqlite3_column_int64(st, 2) };
        const char *prefix = (const char *)sqlite3_column_text(st, 3);
        if (*prefix) format_code(ev.code, sizeof ev.code, prefix[0], sqlite3_column_int(st, 4));
        snprintf(ev.counter, sizeof ev.counter, "%s", (const char *)sqlite3_column_text(st, 5));
        dawr_event_kind_parse((const char *)sqlite3_column_text(st, 6), &ev.kind);
        ev.detail = (const char *)sqlite3_column_text(st, 7);
        if (fn(&ev, ctx)) { rc = SQLITE_DONE; break; }
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? DAWR_OK : store_failed(q, rc);
}

long long dawr_queue_last_event_id(dawr_queue *q)
{
    sqlite3_stmt *st = stmt(q, "SELECT coalesce(max(id), 0) FROM events");
    if (!st) return -1;
    long long id = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return id;
}

long long dawr_queue_data_version(dawr_queue *q) { return dawr_store_data_version(q->store); }

sqlite3 *dawr_queue_db(dawr_queue *q) { return q->db; }

const dawr_config *dawr_queue_config(const dawr_queue *q) { return q->cfg; }

int dawr_queue_backup(dawr_queue *q, const char *dest)
{
    return dawr_store_backup(q->store, dest, q->error, sizeof q->error) == 0 ? DAWR_OK : DAWR_STORE_FAILED;
}

int dawr_queue_restore_from(dawr_queue *q, const char *backup)
{
    if (file_lost(q)) return DAWR_STORE_FAILED;
    for (int i = 0; i < q->cached; i++) sqlite3_reset(q->cache[i].st);
    if (dawr_store_restore(q->store, backup, q->error, sizeof q->error) != 0) return DAWR_STORE_FAILED;
    return sync_config(q);
}

int dawr_queue_check(dawr_queue *q, char *report, size_t size)
{
    return dawr_store_check(q->store, report, size);
}

int dawr_queue_hours(dawr_queue *q, dawr_hours_now *out)
{
    int r = begin_read(q);
    if (r) return r;
    r = hours_now(q, out);
    sqlite3_exec(q->db, "COMMIT", NULL, NULL, NULL);
    return r;
}

/* Whether an event of KIND for PRAYER is in the log since FROM. */
static int pause_logged(dawr_queue *q, dawr_event_kind kind, dawr_prayer prayer, dawr_ms from)
{
    sqlite3_stmt *st = stmt(q, "SELECT count(*) FROM events WHERE kind = ?1 AND at >= ?2 AND json_extract(detail, '$.prayer') = ?3");
    if (!st) return -1;
    dawr_bind_event_kind(st, 1, kind);
    sqlite3_bind_int64(st, 2, from);
    sqlite3_bind_text(st, 3, dawr_prayer_name(prayer), -1, SQLITE_STATIC);
    int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_reset(st);
    return n;
}

/* Today's pauses that have begun (bits into *STARTED) and ended (*ENDED) by now, per the hours H. */
static void pauses_due(dawr_queue *q, const dawr_hours_now *h, unsigned *started, unsigned *ended)
{
    *started = *ended = 0;
    for (int i = 0; i < h->day.pause_count; i++) {
        const dawr_pause *p = &h->day.pauses[i];
        dawr_ms from = dawr_hours_instant(h->day.year, h->day.month, h->day.day, p->from);
        dawr_ms to = dawr_hours_instant(h->day.year, h->day.month, h->day.day, p->to);
        if (q->now >= from) *started |= 1u << i;
        if (q->now >= to || (h->pause.to && h->pause.prayer == p->prayer && !h->paused && q->now >= from)) *ended |= 1u << i;
    }
}

/* Logs what of H's pauses (by the bits STARTED and ENDED) the log lacks, in the transaction open. */
static int log_pauses(dawr_queue *q, const dawr_hours_now *h, unsigned started, unsigned ended, int *written)
{
    for (int i = 0; i < h->day.pause_count; i++) {
        const dawr_pause *p = &h->day.pauses[i];
        dawr_ms from = dawr_hours_instant(h->day.year, h->day.month, h->day.day, p->from);
        char a[20], b[20];
        snprintf(a, sizeof a, "%02d:%02d", p->from / 60, p->from % 60);
        snprintf(b, sizeof b, "%02d:%02d", p->to / 60, p->to % 60);
        int n, r;
        if (started & 1u << i) {
            if ((n = pause_logged(q, DAWR_EVENT_PAUSE_START, p->prayer, from)) < 0) return DAWR_STORE_FAILED;
            if (!n) {
                if ((r = log_event(q, 0, NULL, DAWR_EVENT_PAUSE_START, json_pack("{s:s, s:s, s:s, s:s}", "day", q->today, "prayer",
                                                                                dawr_prayer_name(p->prayer), "from", a, "to", b))))
                    return r;
                ++*written;
            }
        }
        if (ended & 1u << i) {
            if ((n = pause_logged(q, DAWR_EVENT_PAUSE_END, p->prayer, from)) < 0) return DAWR_STORE_FAILED;
            if (!n) {
                if ((r = log_event(q, 0, NULL, DAWR_EVENT_PAUSE_END, json_pack("{s:s, s:s, s:b, s:i}", "day", q->today, "prayer",
                                                                              dawr_prayer_name(p->prayer), "early", 0, "cut_seconds", 0))))
                    return r;
                ++*written;
            }
        }
    }
    return DAWR_OK;
}

static int do_note_pauses(dawr_queue *q, int *written)
{
    dawr_hours_now h;
    int r = hours_now(q, &h);
    if (r) return r;
    unsigned started, ended;
    pauses_due(q, &h, &started, &ended);
    if ((r = log_pauses(q, &h, started, ended, written))) return r;
    snprintf(q->noted_day, sizeof q->noted_day, "%s", q->today);
    q->noted_start = started;
    q->noted_end = ended;
    return DAWR_OK;
}

int dawr_queue_note_pauses(dawr_queue *q)
{
    /* Cheap when nothing changed since the last look: no transaction at all. */
    q->now = q->now_fn ? q->now_fn(q->now_ctx) : dawr_clock_now();
    dawr_clock_day(q->now, q->today, sizeof q->today);
    dawr_hours_now h;
    if (config_hours(q, &h)) return DAWR_STORE_FAILED;
    unsigned started, ended;
    pauses_due(q, &h, &started, &ended);
    if (!strcmp(q->noted_day, q->today) && (started & ~q->noted_start) == 0 && (ended & ~q->noted_end) == 0) return 0;
    int written = 0, r = begin(q);
    if (r) return r;
    r = end(q, do_note_pauses(q, &written));
    return r ? r : written;
}

static int do_end_pause(dawr_queue *q, const char *counter_id)
{
    const dawr_counter *c;
    int r = find_counter(q, counter_id, &c);
    if (r) return r;
    dawr_hours_now h;
    if ((r = hours_now(q, &h))) return r;
    if (!h.paused) return fail(q, DAWR_REFUSED, DAWR_WHY_NOT_PAUSED, NULL, "no prayer pause is on to end");
    int written = 0;
    unsigned started, ended;
    pauses_due(q, &h, &started, &ended);
    if ((r = log_pauses(q, &h, started, 0, &written))) return r;
    return log_event(q, 0, c->id, DAWR_EVENT_PAUSE_END,
                     json_pack("{s:s, s:s, s:b, s:i}", "day", q->today, "prayer", dawr_prayer_name(h.pause.prayer), "early", 1,
                               "cut_seconds", (int)((h.pause_to - q->now) / 1000)));
}

int dawr_queue_end_pause(dawr_queue *q, const char *counter_id)
{
    WITH_TRANSACTION(q, do_end_pause(q, counter_id ? counter_id : ""));
}

/* One row of meta, beside the service day: the volume is the appliance's, not a visit's, so
 * it is no event and is not sent to the centre. */
int dawr_queue_speech_volume(dawr_queue *q, int *db)
{
    sqlite3_stmt *st = stmt(q, "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'kiosk_speech_volume_db'");
    if (!st) return DAWR_STORE_FAILED;
    int rc = sqlite3_step(st), found = rc == SQLITE_ROW;
    if (found) *db = sqlite3_column_int(st, 0);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_failed(q, rc);
    if (found && (*db < -24 || *db > 0)) *db = *db < -24 ? -24 : 0;   /* edited by hand: the nearest allowed */
    return found;
}

int dawr_queue_set_speech_volume(dawr_queue *q, int db)
{
    db = db < -24 ? -24 : db > 0 ? 0 : db;
    sqlite3_stmt *st = stmt(q, "INSERT INTO meta (key, value) VALUES ('kiosk_speech_volume_db', ?1)"
                               " ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    if (!st) return DAWR_STORE_FAILED;
    sqlite3_bind_int(st, 1, db);
    return run(q, st);
}
