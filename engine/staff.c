/* Staff PINs and the counter page's reads, on the queue's connection; their events go through
 * the queue's logger. Statements are prepared per call: these run a few times a second at
 * most, unlike the queue's hot path. */
#include "staff.h"
#include "queue_internal.h"
#include "store.h"

#include <ctype.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int fail(char *err, size_t size, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
    return code;
}

static sqlite3 *db_of(dawr_queue *q) { return dawr_queue_db(q); }

static int store_failed(dawr_queue *q, int rc, char *err, size_t size)
{
    return fail(err, size, DAWR_STORE_FAILED, "%s (%s)", dawr_store_describe(rc), sqlite3_errmsg(db_of(q)));
}

static int valid_pin(const char *pin, int min_length)
{
    size_t n = strlen(pin);
    if (n < (size_t)min_length || n > DAWR_PIN_MAX) return 0;
    for (; *pin; pin++)
        if (!isdigit((unsigned char)*pin)) return 0;
    return 1;
}

/* Runs one write SQL with text parameters A and B (may be NULL) and integer N. */
static int exec_write(sqlite3 *db, const char *sql, const char *a, const char *b, long long n)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (rc != SQLITE_OK) return rc;
    if (a) sqlite3_bind_text(st, 1, a, -1, SQLITE_STATIC);
    if (b) sqlite3_bind_text(st, 2, b, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, n);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int dawr_staff_set_pin(dawr_queue *q, const char *counter_id, const char *pin, char *err, size_t err_size)
{
    if (sodium_init() < 0) return fail(err, err_size, DAWR_STORE_FAILED, "libsodium could not start");
    int min_length = dawr_config_settings(dawr_queue_config(q))->pin_min_length;
    if (min_length < DAWR_PIN_MIN) min_length = DAWR_PIN_MIN;
    if (!valid_pin(pin, min_length))
        return fail(err, err_size, DAWR_STAFF_BAD_PIN, "a PIN is %d to %d digits%s", min_length, DAWR_PIN_MAX,
                    min_length > DAWR_PIN_MIN ? " here ([console] pin_min_length)" : "");
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return fail(err, err_size, DAWR_STORE_FAILED, "out of memory while hashing the PIN");
    sqlite3 *db = db_of(q);
    dawr_ms now = dawr_clock_now();
    int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    if (rc != SQLITE_OK) return store_failed(q, rc, err, err_size);
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(db, "SELECT 1 FROM counters WHERE id = ?", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, counter_id, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        sqlite3_finalize(st);
    }
    int result = DAWR_OK;
    if (rc == SQLITE_DONE) {
        result = fail(err, err_size, DAWR_NOT_FOUND, "unknown counter \"%s\"", counter_id);
    } else if (rc != SQLITE_ROW) {
        result = store_failed(q, rc, err, err_size);
    } else if ((rc = exec_write(db, "INSERT INTO counter_pins (counter, pin_hash, set_at) VALUES (?1, ?2, ?3)"
                                    " ON CONFLICT (counter) DO UPDATE SET pin_hash = excluded.pin_hash,"
                                    " set_at = excluded.set_at",
                                counter_id, hash, now)) != SQLITE_OK ||
               (rc = exec_write(db, "DELETE FROM pin_locks WHERE place = 'counter ' || ?1", counter_id, NULL,
                                0)) != SQLITE_OK) {
        result = store_failed(q, rc, err, err_size);
    } else if (dawr_queue_append_event(q, now, 0, counter_id, DAWR_EVENT_PIN, NULL) != DAWR_OK) {
        result = fail(err, err_size, DAWR_STORE_FAILED, "%s", dawr_queue_error(q));
    } else if ((rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL)) != SQLITE_OK) {
        result = store_failed(q, rc, err, err_size);
    }
    sodium_memzero(hash, sizeof hash);
    if (!sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    return result;
}

/* Reads COUNTER's hash. Returns DAWR_OK, DAWR_STAFF_NO_PIN or a failure. */
static int read_pin(dawr_queue *q, const char *counter_id, char *hash, size_t hash_size, char *err, size_t err_size)
{
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db_of(q), "SELECT pin_hash FROM counter_pins WHERE counter = ?", -1, &st, NULL);
    if (rc != SQLITE_OK) return store_failed(q, rc, err, err_size);
    sqlite3_bind_text(st, 1, counter_id, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && hash) snprintf(hash, hash_size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return DAWR_OK;
    if (rc == SQLITE_DONE)
        return fail(err, err_size, DAWR_STAFF_NO_PIN, "counter %s has no PIN yet: set one with dawrctl set-pin %s",
                    counter_id, counter_id);
    return store_failed(q, rc, err, err_size);
}

int dawr_staff_has_pin(dawr_queue *q, const char *counter_id)
{
    char err[256];
    int r = read_pin(q, counter_id, NULL, 0, err, sizeof err);
    return r == DAWR_OK ? 1 : r == DAWR_STAFF_NO_PIN ? 0 : -1;
}

/* Whether PIN is COUNTER_ID's: DAWR_OK, DAWR_STAFF_WRONG_PIN, DAWR_STAFF_NO_PIN or a failure.
 * Counts nothing. */
static int pin_matches(dawr_queue *q, const char *counter_id, const char *pin, char *err, size_t err_size)
{
    char hash[crypto_pwhash_STRBYTES];
    int r = read_pin(q, counter_id, hash, sizeof hash, err, err_size);
    if (r) return r;
    return crypto_pwhash_str_verify(hash, pin, strlen(pin)) == 0 ? DAWR_OK : DAWR_STAFF_WRONG_PIN;
}

/* A lock of its own for each place PINs are typed: a counter's console (COUNTER the counter's
 * id) or the kiosk's maintenance (COUNTER NULL), so wrong PINs at one never lock another.
 * Its row in pin_locks is KEY; people read it as NAME. */
static void lock_place(const char *counter, char *key, size_t key_size, char *name, size_t name_size)
{
    if (!counter) {
        snprintf(key, key_size, "kiosk");
        snprintf(name, name_size, "the kiosk");
        return;
    }
    snprintf(key, key_size, "counter %s", counter);
    snprintf(name, name_size, "counter %s", counter);
}

/* DAWR_OK when COUNTER's place (see lock_place) is not locked at NOW, else DAWR_STAFF_LOCKED
 * with the seconds left in INFO, or a failure. */
static int lock_check(dawr_queue *q, const char *counter, dawr_ms now, dawr_sign_in_info *info, char *err,
                      size_t err_size)
{
    char key[96], name[96];
    lock_place(counter, key, sizeof key, name, sizeof name);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db_of(q), "SELECT locked_until FROM pin_locks WHERE place = ?", -1, &st, NULL);
    if (rc != SQLITE_OK) return store_failed(q, rc, err, err_size);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    dawr_ms locked_until = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return store_failed(q, rc, err, err_size);
    if (locked_until <= now) return DAWR_OK;
    info->locked_seconds = (int)((locked_until - now + 999) / 1000);
    return fail(err, err_size, DAWR_STAFF_LOCKED, "too many wrong PINs: sign-in at %s is locked for %d more seconds",
                name, info->locked_seconds);
}

/* A right PIN at COUNTER's place: its count starts again. DAWR_OK or a failure. */
static int lock_clear(dawr_queue *q, const char *counter, char *err, size_t err_size)
{
    char key[96], name[96];
    lock_place(counter, key, sizeof key, name, sizeof name);
    int rc = exec_write(db_of(q), "DELETE FROM pin_locks WHERE place = ?1", key, NULL, 0);
    return rc == SQLITE_OK ? DAWR_OK : store_failed(q, rc, err, err_size);
}

/* Counts one attempt at COUNTER's place before its PIN is checked: a PIN is never checked
 * when the attempt cannot be recorded (a full disk must not give unlimited guesses). Locks the
 * place when this attempt reaches the limit; a right PIN clears it all again. DAWR_OK with the
 * place's count and lock in *FAILURES and *UNTIL, or a failure. */
static int lock_count_attempt(dawr_queue *q, const dawr_config *cfg, const char *counter, dawr_ms now, int *failures,
                              dawr_ms *until, char *err, size_t err_size)
{
    const dawr_settings *s = dawr_config_settings(cfg);
    char key[96], name[96];
    lock_place(counter, key, sizeof key, name, sizeof name);
    sqlite3 *db = db_of(q);
    int rc = exec_write(db, "INSERT INTO pin_locks (place) VALUES (?1) ON CONFLICT DO NOTHING", key, NULL, 0);
    if (rc != SQLITE_OK) return store_failed(q, rc, err, err_size);
    /* One statement, so two attempts at once both count. */
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(db, "UPDATE pin_locks SET"
                                " locked_until = CASE WHEN failures + 1 >= ?2 THEN ?3 ELSE locked_until END,"
                                " failures = CASE WHEN failures + 1 >= ?2 THEN 0 ELSE failures + 1 END"
                                " WHERE place = ?1 RETURNING failures, locked_until", -1, &st, NULL);
    if (rc != SQLITE_OK) return store_failed(q, rc, err, err_size);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, s->pin_attempts);
    sqlite3_bind_int64(st, 3, now + (dawr_ms)s->lockout_minutes * 60000);
    rc = sqlite3_step(st);
    *failures = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    *until = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    rc = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? DAWR_OK : store_failed(q, rc, err, err_size);
}

#define BUDGET_WINDOW_MS (60 * 60 * 1000)

/* Counts one attempt against the budget of all places together ('all': failures in the
 * window, locked_until the window's end), before any PIN is checked, like lock_count_attempt.
 * DAWR_OK, DAWR_STAFF_LOCKED once the window's budget is spent (seconds left in INFO; a
 * "lockout" event where "all" when this attempt spent it), or a failure. A right PIN gives its
 * attempt back (budget_refund), so only wrong ones use the budget up. */
static int budget_count_attempt(dawr_queue *q, const dawr_config *cfg, dawr_ms now, dawr_sign_in_info *info,
                                char *err, size_t err_size)
{
    int budget = dawr_config_settings(cfg)->pin_failures_per_hour;
    sqlite3 *db = db_of(q);
    int rc = exec_write(db, "INSERT INTO pin_locks (place) VALUES ('all') ON CONFLICT DO NOTHING", NULL, NULL, 0);
    if (rc != SQLITE_OK) return store_failed(q, rc, err, err_size);
    sqlite3_stmt *st;
    rc = sqlite3_prepare_v2(db, "UPDATE pin_locks SET"
                                " failures = CASE WHEN locked_until <= ?1 THEN 1 ELSE failures + 1 END,"
                                " locked_until = CASE WHEN locked_until <= ?1 THEN ?2 ELSE locked_until END"
                                " WHERE place = 'all' RETURNING failures, locked_until", -1, &st, NULL);
    if (rc != SQLITE_OK) return store_failed(q, rc, err, err_size);
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, now + BUDGET_WINDOW_MS);
    rc = sqlite3_step(st);
    int failures = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    dawr_ms until = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    rc = rc == SQLITE_ROW ? sqlite3_step(st) : rc;
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return store_failed(q, rc, err, err_size);
    if (failures <= budget) return DAWR_OK;
    if (failures == budget + 1)
        dawr_queue_append_event(q, now, 0, NULL, DAWR_EVENT_LOCKOUT,
                                json_pack("{s:i, s:s}", "minutes", (int)((until - now + 59999) / 60000), "where", "all"));
    info->locked_seconds = (int)((until - now + 999) / 1000);
    return fail(err, err_size, DAWR_STAFF_LOCKED,
                "too many wrong PINs at all counters together (%d within an hour): sign-in everywhere is locked for "
                "%d more seconds", budget, info->locked_seconds);
}

/* A right PIN: its attempt goes back to the budget of all places. */
static void budget_refund(dawr_queue *q)
{
    exec_write(db_of(q), "UPDATE pin_locks SET failures = max(failures - 1, 0) WHERE place = 'all'", NULL, NULL, 0);
}

/* After a wrong PIN whose attempt lock_count_attempt counted: DAWR_STAFF_WRONG_PIN, or
 * DAWR_STAFF_LOCKED when this one locked the place (a "lockout" event is logged). */
static int wrong_pin(dawr_queue *q, const dawr_config *cfg, const char *counter, dawr_ms now, int failures,
                     dawr_ms until, dawr_sign_in_info *info, char *err, size_t err_size)
{
    const dawr_settings *s = dawr_config_settings(cfg);
    char key[96], name[96];
    lock_place(counter, key, sizeof key, name, sizeof name);
    if (until > now) {
        /* The lock holds even when its log line cannot be written. */
        dawr_queue_append_event(q, now, 0, counter, DAWR_EVENT_LOCKOUT,
                                json_pack("{s:i, s:s}", "minutes", s->lockout_minutes, "where", key));
        info->locked_seconds = s->lockout_minutes * 60;
        return fail(err, err_size, DAWR_STAFF_LOCKED, "wrong PIN, %d times: sign-in at %s is locked for %d minutes",
                    s->pin_attempts, name, s->lockout_minutes);
    }
    info->attempts_left = s->pin_attempts - failures;
    return fail(err, err_size, DAWR_STAFF_WRONG_PIN, "wrong PIN (%d more tries before a %d-minute lock)",
                info->attempts_left, s->lockout_minutes);
}

int dawr_staff_sign_in(dawr_queue *q, const dawr_config *cfg, const char *counter_id, const char *pin,
                       dawr_ms now, dawr_sign_in_info *info, char *err, size_t err_size)
{
    dawr_sign_in_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    if (sodium_init() < 0) return fail(err, err_size, DAWR_STORE_FAILED, "libsodium could not start");
    if (!dawr_config_find_counter(cfg, counter_id))
        return fail(err, err_size, DAWR_NOT_FOUND, "unknown counter \"%s\"", counter_id);
    int r = lock_check(q, counter_id, now, info, err, err_size);
    if (r) return r;
    if (!dawr_staff_has_pin(q, counter_id))
        return pin_matches(q, counter_id, pin, err, err_size);  /* says why: no PIN, or the store */
    int failures;
    dawr_ms until;
    if ((r = budget_count_attempt(q, cfg, now, info, err, err_size)) ||
        (r = lock_count_attempt(q, cfg, counter_id, now, &failures, &until, err, err_size)))
        return r;
    r = pin_matches(q, counter_id, pin, err, err_size);
    if (r == DAWR_OK) budget_refund(q);
    if (r == DAWR_OK) return lock_clear(q, counter_id, err, err_size);
    return r == DAWR_STAFF_WRONG_PIN ? wrong_pin(q, cfg, counter_id, now, failures, until, info, err, err_size) : r;
}

int dawr_staff_kiosk_sign_in(dawr_queue *q, const dawr_config *cfg, const char *pin, dawr_ms now, char *counter_id,
                             size_t counter_size, dawr_sign_in_info *info, char *err, size_t err_size)
{
    dawr_sign_in_info local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    if (counter_size) counter_id[0] = 0;
    if (sodium_init() < 0) return fail(err, err_size, DAWR_STORE_FAILED, "libsodium could not start");
    int r = lock_check(q, NULL, now, info, err, err_size);
    if (r) return r;
    int any_pin = 0;
    for (int i = 0; i < dawr_config_counter_count(cfg); i++) any_pin |= dawr_staff_has_pin(q, dawr_config_counter(cfg, i)->id);
    if (!any_pin)
        return fail(err, err_size, DAWR_STAFF_NO_PIN, "no counter has a PIN yet: set one with dawrctl set-pin COUNTER");
    int failures;
    dawr_ms until;
    if ((r = budget_count_attempt(q, cfg, now, info, err, err_size)) ||
        (r = lock_count_attempt(q, cfg, NULL, now, &failures, &until, err, err_size)))
        return r;
    for (int i = 0; i < dawr_config_counter_count(cfg); i++) {
        const char *id = dawr_config_counter(cfg, i)->id;
        r = pin_matches(q, id, pin, err, err_size);
        if (r == DAWR_OK) {
            snprintf(counter_id, counter_size, "%s", id);
            budget_refund(q);
            return lock_clear(q, NULL, err, err_size);
        }
        if (r != DAWR_STAFF_WRONG_PIN && r != DAWR_STAFF_NO_PIN) return r;
    }
    return wrong_pin(q, cfg, NULL, now, failures, until, info, err, err_size);
}

/* The latest transfer note of ticket t, with the transfer kind's name bound to parameter P. */
#define LAST_NOTE(P) "(SELECT coalesce(json_extract(e.detail, '$.note'), '') FROM events e" \
                     " WHERE e.ticket = t.id AND e.kind = " P " ORDER BY e.id DESC LIMIT 1)"

int dawr_staff_waiting(dawr_queue *q, const dawr_counter *counter, dawr_ms now,
                       int (*fn)(const dawr_ticket *t, const char *note, void *ctx), void *ctx)
{
    char today[11];
    dawr_clock_day(now, today, sizeof today);
    /* The counter's services as a JSON array, so one statement serves any number of them. */
    char services[DAWR_MAX_SERVICES * 40] = "[";
    for (int i = 0; i < counter->service_count; i++) {
        size_t n = strlen(services);
        snprintf(services + n, sizeof services - n, "%s\"%s\"", i ? "," : "", counter->services[i]);
    }
    strncat(services, "]", sizeof services - strlen(services) - 1);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db_of(q), "SELECT " DAWR_TICKET_COLUMNS ", " LAST_NOTE("?4") " FROM tickets t"
                                " WHERE day = ?1 AND state = 'waiting' AND (counter = ?2 OR (counter IS NULL AND"
                                " service IN (SELECT value FROM json_each(?3))))"
                                " ORDER BY priority DESC, issued_at, id", -1, &st, NULL);
    if (rc != SQLITE_OK) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, counter->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, services, -1, SQLITE_STATIC);
    dawr_bind_event_kind(st, 4, DAWR_EVENT_TRANSFER);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        dawr_ticket t;
        dawr_ticket_from_row(st, &t);
        t.people_ahead = -1;
        if (fn(&t, (const char *)sqlite3_column_text(st, DAWR_TICKET_COLUMN_COUNT), ctx)) { rc = SQLITE_DONE; break; }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? DAWR_OK : DAWR_STORE_FAILED;
}

int dawr_staff_reprint_ticket(dawr_queue *q, const char *counter_id, dawr_ms now, dawr_ticket *out)
{
    char today[11];
    dawr_clock_day(now, today, sizeof today);
    sqlite3_stmt *st;
    int rc = sqlite3_prepare_v2(db_of(q), "SELECT " DAWR_TICKET_COLUMNS " FROM tickets t WHERE counter = ?1 AND"
                                " (state IN ('called', 'serving') OR (state = 'done' AND day = ?2))"
                                " ORDER BY state IN ('called', 'serving') DESC, finished_at DESC, id DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK) return DAWR_STORE_FAILED;
    sqlite3_bind_text(st, 1, counter_id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, today, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) dawr_ticket_from_row(st, out);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? DAWR_OK : rc == SQLITE_DONE ? DAWR_NOT_FOUND : DAWR_STORE_FAILED;
}

int dawr_staff_note(dawr_queue *q, long long ticket_id, char *note, size_t note_size)
{
    sqlite3_stmt *st;
    note[0] = 0;
    int rc = sqlite3_prepare_v2(db_of(q), "SELECT " LAST_NOTE("?2") " FROM tickets t WHERE t.id = ?1", -1, &st, NULL);
    if (rc != SQLITE_OK) return DAWR_STORE_FAILED;
    sqlite3_bind_int64(st, 1, ticket_id);
    dawr_bind_event_kind(st, 2, DAWR_EVENT_TRANSFER);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(note, note_size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? DAWR_OK : DAWR_STORE_FAILED;
}

int dawr_staff_printer(dawr_queue *q, dawr_event_kind *kind, dawr_ms *at, char *detail, size_t detail_size)
{
    sqlite3_stmt *st;
    /* Searches on the kind index, not a scan of the log. */
    int rc = sqlite3_prepare_v2(db_of(q), "SELECT kind, at, detail FROM events WHERE kind IN (?1, ?2, ?3, ?4, ?5)"
                                " ORDER BY id DESC LIMIT 1", -1, &st, NULL);
    if (rc != SQLITE_OK) return -1;
    _Static_assert(DAWR_EVENT_PRINTER_STATE - DAWR_EVENT_PRINT == 4, "the five printing kinds, in a row");
    for (int k = DAWR_EVENT_PRINT; k <= DAWR_EVENT_PRINTER_STATE; k++)
        dawr_bind_event_kind(st, k - DAWR_EVENT_PRINT + 1, (dawr_event_kind)k);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *kind = DAWR_EVENT_NONE;
        dawr_event_kind_parse((const char *)sqlite3_column_text(st, 0), kind);
        *at = sqlite3_column_int64(st, 1);
        snprintf(detail, detail_size, "%s", (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}
