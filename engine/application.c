/* Applications on the queue's store: each operation is one of the queue's transactions
 * (dawr_queue_begin/end), so a change and its event happen together or not at all. */
#include "application.h"
#include "application_internal.h"
#include "hours.h"
#include "queue_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY_MS (24LL * 60 * 60 * 1000)

struct dawr_applications {
    dawr_queue *q;
    const dawr_config *cfg;
    char error[512];
    dawr_app_why why;
    char values[512];
    char hijri_day[11];             /* the last day converted, and its Hijri date: ICU's calendars */
    dawr_hijri_date hijri;          /* cost tens of microseconds, and a list's days repeat */
};

#define DAWR_APP_WHY_CODE_(name, code) [DAWR_APP_WHY_##name] = code,
static const char *const WHY_CODES[DAWR_APP_WHY_COUNT] = { DAWR_APPLICATION_REASONS(DAWR_APP_WHY_CODE_) };
#undef DAWR_APP_WHY_CODE_

dawr_applications *dawr_applications_new(dawr_queue *q)
{
    dawr_applications *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->q = q;
    a->cfg = dawr_queue_config(q);
    return a;
}

void dawr_applications_free(dawr_applications *a) { free(a); }
dawr_queue *dawr_app_queue(const dawr_applications *a) { return a->q; }
const char *dawr_applications_error(const dawr_applications *a) { return a->error; }
dawr_app_why dawr_applications_why(const dawr_applications *a) { return a->why; }
const char *dawr_applications_reason(const dawr_applications *a)
{
    return a->why > DAWR_APP_WHY_NONE && a->why < DAWR_APP_WHY_COUNT ? WHY_CODES[a->why] : "";
}
const char *dawr_applications_reason_values(const dawr_applications *a) { return a->why ? a->values : "{}"; }

int dawr_app_fail(dawr_applications *a, int result, dawr_app_why why, json_t *values, const char *fmt, ...)
{
    a->why = why;
    va_list ap;
    va_start(ap, fmt);
    dawr_reason_record(a->values, sizeof a->values, values, a->error, sizeof a->error, fmt, ap);
    va_end(ap);
    return result;
}

int dawr_app_from_queue(dawr_applications *a, int result)
{
    dawr_why why = dawr_queue_why(a->q);
    dawr_app_why mine = result == DAWR_STORE_FAILED ? DAWR_APP_WHY_DB_FAILED
                      : why == DAWR_WHY_NO_TICKET || why == DAWR_WHY_NOT_A_TICKET ? DAWR_APP_WHY_NO_TICKET
                      : why != DAWR_WHY_NONE && why != DAWR_WHY_DB_FAILED ? DAWR_APP_WHY_TICKET_REFUSED
                      : DAWR_APP_WHY_DB_FAILED;
    json_t *values = json_loads(dawr_queue_reason_values(a->q), 0, NULL);
    if (mine == DAWR_APP_WHY_TICKET_REFUSED && values) json_object_set_new(values, "reason", json_string(dawr_why_code(why)));
    return dawr_app_fail(a, result, mine, values, "%s", dawr_queue_error(a->q));
}

int dawr_app_db_failed(dawr_applications *a, int rc)
{
    dawr_queue_store_failed(a->q, rc);
    return dawr_app_from_queue(a, DAWR_STORE_FAILED);
}

void dawr_application_format_ref(int year, int number, char *out, size_t size)
{
    snprintf(out, size, "%d-%04d", year, number);
}

/* The next digit of S (Western, Arabic-Indic U+0660.. or Eastern U+06F0..) into *D; bytes used, 0 if none. */
static int digit_at(const unsigned char *s, int *d)
{
    if (*s >= '0' && *s <= '9') { *d = *s - '0'; return 1; }
    if (s[0] == 0xD9 && s[1] >= 0xA0 && s[1] <= 0xA9) { *d = s[1] - 0xA0; return 2; }
    if (s[0] == 0xDB && s[1] >= 0xB0 && s[1] <= 0xB9) { *d = s[1] - 0xB0; return 2; }
    return 0;
}

int dawr_application_parse_ref(const char *text, int *year, int *number)
{
    if (!text) return -1;
    const unsigned char *s = (const unsigned char *)text;
    char digits[2][16];
    int parts = 0, len = 0;
    while (*s == ' ') s++;
    while (*s) {
        int d, used = digit_at(s, &d);
        if (used) {
            if (len == 15) return -1;
            digits[parts][len++] = (char)('0' + d);
            s += used;
        } else if ((*s == '-' || *s == ' ' || *s == '/') && len && parts == 0) {
            digits[0][len] = 0;
            parts = 1;
            len = 0;
            while (s[1] == ' ') s++;
            s++;
        } else if (*s == ' ' && !s[strspn((const char *)s, " ")]) {
            break;                                     /* trailing spaces */
        } else return -1;
    }
    digits[parts][len] = 0;
    const char *y, *n;
    char joined_year[5];
    if (parts == 0) {                                  /* typed on a keypad without the dash */
        if (len < 5) return -1;
        memcpy(joined_year, digits[0], 4);
        joined_year[4] = 0;
        y = joined_year;
        n = digits[0] + 4;
    } else {
        y = digits[0];
        n = digits[1];
    }
    if (strlen(y) != 4 || !*n || strlen(n) > 7) return -1;
    int yy = atoi(y), nn = atoi(n);
    if (yy < 1300 || yy > 1999 || nn <= 0) return -1;
    *year = yy;
    *number = nn;
    return 0;
}

/* DAY ("YYYY-MM-DD") plus DAYS calendar days into OUT (11 bytes). */
static void add_days(const char *day, int days, char *out)
{
    struct tm tm = { 0 };
    sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += days;
    tm.tm_hour = 12;                                   /* noon: no zone moves the day */
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u, (unsigned)tm.tm_mday % 100u);
}

static void hijri_of_day(const char *day, dawr_hijri_date *out)
{
    int y, m, d;
    memset(out, 0, sizeof *out);
    if (sscanf(day, "%d-%d-%d", &y, &m, &d) == 3) dawr_hijri_from_gregorian(y, m, d, out);
}

void dawr_app_from_row(dawr_applications *a, sqlite3_stmt *st, dawr_application *out)
{
    memset(out, 0, sizeof *out);
    dawr_application_format_ref(sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), out->ref, sizeof out->ref);
    out->ticket = sqlite3_column_int64(st, 2);
    snprintf(out->step, sizeof out->step, "%s", (const char *)sqlite3_column_text(st, 3));
    out->opened_at = sqlite3_column_int64(st, 4);
    snprintf(out->opened_day, sizeof out->opened_day, "%s", (const char *)sqlite3_column_text(st, 5));
    snprintf(out->answer_not_before, sizeof out->answer_not_before, "%s", (const char *)sqlite3_column_text(st, 6));
    if (strcmp(a->hijri_day, out->answer_not_before)) {
        hijri_of_day(out->answer_not_before, &a->hijri);
        snprintf(a->hijri_day, sizeof a->hijri_day, "%s", out->answer_not_before);
    }
    out->answer_not_before_hijri = a->hijri;
    out->changed_at = sqlite3_column_int64(st, 7);
    out->decided_at = sqlite3_column_int64(st, 8);
    out->closed_at = sqlite3_column_int64(st, 9);
    snprintf(out->ticket_day, sizeof out->ticket_day, "%s", (const char *)sqlite3_column_text(st, 10));
    snprintf(out->ticket_code, sizeof out->ticket_code, "%s-%03d", (const char *)sqlite3_column_text(st, 11),
             sqlite3_column_int(st, 12));
    snprintf(out->service, sizeof out->service, "%s", (const char *)sqlite3_column_text(st, 13));
    out->has_contact = sqlite3_column_int(st, 14);
    out->overdue = !out->closed_at && !out->decided_at && strcmp(dawr_queue_op_day(a->q), out->answer_not_before) > 0;
    if (out->closed_at)
        dawr_clock_day(out->closed_at + dawr_config_applications(a->cfg)->contact_days * DAY_MS, out->contact_erased_on,
                       sizeof out->contact_erased_on);
}

int dawr_app_load(dawr_applications *a, const char *ref, dawr_application *out, long long *id)
{
    int year, number;
    if (dawr_application_parse_ref(ref, &year, &number) < 0)
        return dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NOT_A_REFERENCE, json_pack("{s:s}", "application", ref ? ref : ""),
                    "\"%s\" is not an application's reference (expected the Hijri year and a number, like 1448-0007)",
                    ref ? ref : "");
    sqlite3_stmt *st;
    sqlite3 *db = dawr_queue_db(a->q);
    if (sqlite3_prepare_v2(db, "SELECT " DAWR_APP_COLUMNS DAWR_APP_FROM " WHERE a.hijri_year = ? AND a.number = ?", -1, &st, NULL))
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int(st, 2, number);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        dawr_app_from_row(a, st, out);
        if (id) *id = sqlite3_column_int64(st, 15);
    }
    sqlite3_finalize(st);
    if (rc == SQLITE_ROW) return DAWR_OK;
    if (rc != SQLITE_DONE) return dawr_app_db_failed(a, rc);
    char canonical[16];
    dawr_application_format_ref(year, number, canonical, sizeof canonical);
    return dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_APPLICATION, json_pack("{s:s}", "application", canonical),
                "no application %s", canonical);
}

/* Runs SQL with the integer parameters given (-1 ends them) to completion. */
static int exec_ints(dawr_queue *q, const char *sql, long long p1, long long p2)
{
    sqlite3_stmt *st;
    sqlite3 *db = dawr_queue_db(q);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return dawr_queue_store_failed(q, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, p1);
    sqlite3_bind_int64(st, 2, p2);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? DAWR_OK : dawr_queue_store_failed(q, rc);
}

int dawr_application_erase_due_in(dawr_queue *q, int *erased)
{
    *erased = 0;
    const dawr_config *cfg = dawr_queue_config(q);
    sqlite3 *db = dawr_queue_db(q);
    sqlite3_stmt *st;
    /* CROSS JOIN keeps the few contacts the outer loop: every operation begins here, and
     * SQLite would otherwise scan all the applications (10,000 in the bench) each time. */
    if (sqlite3_prepare_v2(db, "SELECT a.id, a.hijri_year, a.number, a.ticket FROM application_contacts c"
                               " CROSS JOIN applications a ON a.id = c.application"
                               " WHERE a.closed_at IS NOT NULL AND a.closed_at + ?1 < ?2", -1, &st, NULL) != SQLITE_OK)
        return dawr_queue_store_failed(q, sqlite3_errcode(db));
    /* Counted in days: a contact goes on its day, at the day's first change, not a day late
     * because that change came before the hour it was closed. */
    time_t now = (time_t)(dawr_queue_op_now(q) / 1000);
    struct tm today;
    localtime_r(&now, &today);
    sqlite3_bind_int64(st, 1, dawr_config_applications(cfg)->contact_days * DAY_MS);
    sqlite3_bind_int64(st, 2, dawr_hours_instant(today.tm_year + 1900, today.tm_mon + 1, today.tm_mday + 1, 0));
    int rc, r = DAWR_OK;
    while (r == DAWR_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        char ref[16];
        dawr_application_format_ref(sqlite3_column_int(st, 1), sqlite3_column_int(st, 2), ref, sizeof ref);
        r = exec_ints(q, "DELETE FROM application_contacts WHERE application = ?1", sqlite3_column_int64(st, 0), 0);
        if (!r) r = dawr_queue_append_event(q, dawr_queue_op_now(q), sqlite3_column_int64(st, 3), NULL,
                                            DAWR_EVENT_APP_CONTACT_ERASED,
                                            json_pack("{s:s, s:s}", "application", ref, "why", "retention"));
        if (!r) ++*erased;
    }
    if (r == DAWR_OK && rc != SQLITE_DONE) r = dawr_queue_store_failed(q, rc);
    sqlite3_finalize(st);
    return r;
}

/* Creates the application of ticket T at the first step. */
static int create(dawr_queue *q, const dawr_ticket *t, const char *counter, char *ref, size_t ref_size)
{
    const dawr_applications_settings *s = dawr_config_applications(dawr_queue_config(q));
    const char *today = dawr_queue_op_day(q);
    dawr_hijri_date h;
    hijri_of_day(today, &h);
    if (h.year < 1300) return dawr_queue_store_failed(q, SQLITE_ERROR);   /* ICU could not say the year */
    /* The policy: an answer in no less than two weeks, counted in calendar days from the request. */
    char not_before[11];
    add_days(today, s->committee_days, not_before);
    sqlite3 *db = dawr_queue_db(q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO applications (hijri_year, number, ticket, step, opened_at, opened_day,"
                               " answer_not_before, changed_at) SELECT ?1, coalesce(max(number), 0) + 1, ?2, ?3, ?4, ?5,"
                               " ?6, ?4 FROM applications WHERE hijri_year = ?1 RETURNING number", -1, &st, NULL) != SQLITE_OK)
        return dawr_queue_store_failed(q, sqlite3_errcode(db));
    sqlite3_bind_int(st, 1, h.year);
    sqlite3_bind_int64(st, 2, t->id);
    sqlite3_bind_text(st, 3, s->steps[0].id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, dawr_queue_op_now(q));
    sqlite3_bind_text(st, 5, today, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, not_before, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int number = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
    if (rc == SQLITE_ROW) rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return dawr_queue_store_failed(q, rc);
    dawr_application_format_ref(h.year, number, ref, ref_size);
    return dawr_queue_append_event(q, dawr_queue_op_now(q), t->id, counter, DAWR_EVENT_APP_OPEN,
                                   json_pack("{s:s, s:s, s:s, s:s}", "application", ref, "step", s->steps[0].id,
                                             "answer_not_before", not_before, "service", t->service));
}

/* The application of ticket ID: its reference into REF, 1; 0 when it has none; <0 on failure. */
static int ticket_application(dawr_queue *q, long long id, char *ref, size_t size)
{
    sqlite3 *db = dawr_queue_db(q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT hijri_year, number FROM applications WHERE ticket = ?", -1, &st, NULL) != SQLITE_OK)
        return dawr_queue_store_failed(q, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) dawr_application_format_ref(sqlite3_column_int(st, 0), sqlite3_column_int(st, 1), ref, size);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : dawr_queue_store_failed(q, rc);
}

/* Decided here: only the configured services' visits (a new support request) finished with the
 * configured outcome ("registered": the request was taken in full) become applications; an
 * inquiry or a complaint recorded is not a request the committee answers. */
int dawr_application_open_for_visit(dawr_queue *q, const dawr_ticket *t, const char *counter)
{
    const dawr_applications_settings *s = dawr_config_applications(dawr_queue_config(q));
    if (strcmp(t->outcome, s->open_outcome)) return DAWR_OK;
    int wanted = 0;
    for (int i = 0; i < s->open_service_count; i++) wanted |= !strcmp(s->open_services[i], t->service);
    if (!wanted) return DAWR_OK;
    char ref[16];
    int has = ticket_application(q, t->id, ref, sizeof ref);
    if (has) return has < 0 ? has : DAWR_OK;
    return create(q, t, counter, ref, sizeof ref);
}

int dawr_application_note_visit(dawr_queue *q, const char *ref, long long ticket_id)
{
    int year, number;
    if (dawr_application_parse_ref(ref, &year, &number) < 0) return DAWR_OK;
    sqlite3 *db = dawr_queue_db(q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT ticket FROM applications WHERE hijri_year = ?1 AND number = ?2", -1, &st,
                           NULL) != SQLITE_OK)
        return dawr_queue_store_failed(q, sqlite3_errcode(db));
    sqlite3_bind_int(st, 1, year);
    sqlite3_bind_int(st, 2, number);
    int rc = sqlite3_step(st);
    long long app_ticket = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    char canonical[16];
    sqlite3_finalize(st);
    if (rc == SQLITE_DONE) return DAWR_OK;
    if (rc != SQLITE_ROW) return dawr_queue_store_failed(q, rc);
    dawr_application_format_ref(year, number, canonical, sizeof canonical);
    /* On the application's own ticket, where its history is read. */
    return dawr_queue_append_event(q, dawr_queue_op_now(q), app_ticket, NULL, DAWR_EVENT_APP_VISIT,
                                   json_pack("{s:s, s:I}", "application", canonical, "visit_ticket",
                                             (json_int_t)ticket_id));
}

int dawr_app_begin(dawr_applications *a)
{
    a->error[0] = 0;
    a->why = DAWR_APP_WHY_NONE;
    int erased, r = dawr_queue_begin(a->q);
    if (r) return dawr_app_from_queue(a, r);
    if ((r = dawr_application_erase_due_in(a->q, &erased))) {
        dawr_app_from_queue(a, r);
        return dawr_queue_end(a->q, r);
    }
    return DAWR_OK;
}

int dawr_app_end(dawr_applications *a, int r)
{
    int saved_why = a->why;
    char saved[512];
    snprintf(saved, sizeof saved, "%s", a->error);
    int final = dawr_queue_end(a->q, r);
    if (final != r) return dawr_app_from_queue(a, final);        /* the commit failed */
    a->why = final ? (dawr_app_why)saved_why : DAWR_APP_WHY_NONE;
    snprintf(a->error, sizeof a->error, "%s", final ? saved : "");
    return final;
}


int dawr_app_counter_known(dawr_applications *a, const char *counter)
{
    if (!counter || !*counter || dawr_config_find_counter(a->cfg, counter)) return DAWR_OK;
    return dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_UNKNOWN_COUNTER, json_pack("{s:s}", "counter", counter),
                "unknown counter \"%s\"", counter);
}

static int do_open(dawr_applications *a, const char *ticket_ref, const char *counter, dawr_application *out)
{
    int r = dawr_app_counter_known(a, counter);
    if (r) return r;
    dawr_ticket t;
    if ((r = dawr_queue_find_in(a->q, ticket_ref ? ticket_ref : "", &t))) return dawr_app_from_queue(a, r);
    char ref[16];
    int has = ticket_application(a->q, t.id, ref, sizeof ref);
    if (has < 0) return dawr_app_from_queue(a, has);
    if (has)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_ALREADY_APPLIED, json_pack("{s:s, s:s}", "ticket", t.code, "application", ref),
                    "ticket %s already has application %s", t.code, ref);
    if ((r = create(a->q, &t, counter, ref, sizeof ref))) return dawr_app_from_queue(a, r);
    return dawr_app_load(a, ref, out, NULL);
}

int dawr_application_open(dawr_applications *a, const char *ticket_ref, const char *counter, dawr_application *out)
{
    dawr_application local;
    DAWR_APP_IN_TRANSACTION(a, do_open(a, ticket_ref, counter, out ? out : &local));
}

static int do_set_step(dawr_applications *a, const char *ref, const char *step_id, const char *counter,
                       const char *note, dawr_application *out)
{
    long long id;
    int r = dawr_app_counter_known(a, counter);
    if (r || (r = dawr_app_load(a, ref, out, &id))) return r;
    const dawr_step *step = dawr_config_find_step(a->cfg, step_id);
    if (!step)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_UNKNOWN_STEP, json_pack("{s:s}", "step", step_id ? step_id : ""),
                    "unknown step \"%s\" (not one of [applications] steps)", step_id ? step_id : "");
    if (out->closed_at)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPLICATION_CLOSED, json_pack("{s:s, s:s}", "application", out->ref,
                                                                               "step", out->step),
                    "application %s is closed (%s); nothing was changed", out->ref, out->step);
    if (!strcmp(out->step, step->id))
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_ALREADY_IN_STEP, json_pack("{s:s, s:s}", "application", out->ref,
                                                                            "step", step->id),
                    "application %s is already at %s", out->ref, step->id);
    if (note && strlen(note) > DAWR_APPLICATION_NOTE_MAX)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_NOTE_TOO_LONG, json_pack("{s:i}", "max_bytes", DAWR_APPLICATION_NOTE_MAX),
                    "the note is longer than %d bytes; keep it short", DAWR_APPLICATION_NOTE_MAX);
    json_t *note_text = note && *note ? json_string(note) : NULL;      /* NULL: not valid UTF-8 */
    if (note && *note && !note_text)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_NOTE_NOT_TEXT, NULL,
                    "the note is not valid UTF-8 text; nothing was changed (type it again)");
    dawr_ms now = dawr_queue_op_now(a->q);
    sqlite3 *db = dawr_queue_db(a->q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "UPDATE applications SET step = ?1, changed_at = ?2,"
                               " decided_at = CASE WHEN ?3 AND decided_at IS NULL THEN ?2 ELSE decided_at END,"
                               " closed_at = CASE WHEN ?4 THEN ?2 ELSE NULL END WHERE id = ?5", -1, &st, NULL) != SQLITE_OK) {
        json_decref(note_text);
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    }
    sqlite3_bind_text(st, 1, step->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int(st, 3, step->decision);
    sqlite3_bind_int(st, 4, step->closes);
    sqlite3_bind_int64(st, 5, id);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) { json_decref(note_text); return dawr_app_db_failed(a, rc); }
    json_t *detail = json_pack("{s:s, s:s, s:s}", "application", out->ref, "step", step->id, "from_step", out->step);
    if (note_text) json_object_set_new(detail, "note", note_text);
    if ((r = dawr_queue_append_event(a->q, now, out->ticket, counter, DAWR_EVENT_APP_STEP, detail))) return dawr_app_from_queue(a, r);
    char canonical[16];
    snprintf(canonical, sizeof canonical, "%s", out->ref);
    if (step->closes && (r = dawr_appointment_cancel_for_closed_in(a, canonical, counter))) return r;
    return dawr_app_load(a, canonical, out, NULL);
}

int dawr_application_set_step(dawr_applications *a, const char *ref, const char *step, const char *counter,
                              const char *note, dawr_application *out)
{
    dawr_application local;
    DAWR_APP_IN_TRANSACTION(a, do_set_step(a, ref, step, counter, note, out ? out : &local));
}

int dawr_application_find(dawr_applications *a, const char *ref, dawr_application *out)
{
    dawr_application local;
    DAWR_APP_IN_TRANSACTION(a, dawr_app_load(a, ref, out ? out : &local, NULL));
}

static int load_of_ticket(dawr_applications *a, long long ticket_id, dawr_application *out)
{
    char ref[16];
    int has = ticket_application(a->q, ticket_id, ref, sizeof ref);
    if (has < 0) return dawr_app_from_queue(a, has);
    if (!has)
        return dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_APPLICATION, json_pack("{s:I}", "ticket", (json_int_t)ticket_id),
                             "ticket #%lld opened no application", ticket_id);
    return dawr_app_load(a, ref, out, NULL);
}

int dawr_application_of_ticket(dawr_applications *a, long long ticket_id, dawr_application *out)
{
    dawr_application local;
    DAWR_APP_IN_TRANSACTION(a, load_of_ticket(a, ticket_id, out ? out : &local));
}

/* One statement per filter, so a step's list walks its index (applications_step: step, then
 * opened_at, then id, the list's order) and stops at the limit instead of sorting every row. */
#define LIST_STEP    " WHERE a.step = ?1"
#define LIST_OPEN    " WHERE a.closed_at IS NULL"
#define LIST_OVERDUE " AND a.closed_at IS NULL AND a.decided_at IS NULL AND a.answer_not_before < ?3"
#define LIST_ORDER   " ORDER BY a.opened_at, a.id LIMIT ?4"

/* OUT NULL: only counts them. */
static int do_list(dawr_applications *a, const char *step_id, int overdue, dawr_application *out, int max)
{
    const dawr_step *step = NULL;
    if (step_id && *step_id && !(step = dawr_config_find_step(a->cfg, step_id)))
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_UNKNOWN_STEP, json_pack("{s:s}", "step", step_id),
                    "unknown step \"%s\" (not one of [applications] steps)", step_id);
    static const char *const SQL[2][2][2] = {       /* [out][step][overdue] */
        { { "SELECT count(*) FROM applications a" LIST_OPEN,
            "SELECT count(*) FROM applications a" LIST_OPEN LIST_OVERDUE },
          { "SELECT count(*) FROM applications a" LIST_STEP,
            "SELECT count(*) FROM applications a" LIST_STEP LIST_OVERDUE } },
        { { "SELECT " DAWR_APP_COLUMNS DAWR_APP_FROM LIST_OPEN LIST_ORDER, "SELECT " DAWR_APP_COLUMNS DAWR_APP_FROM LIST_OPEN LIST_OVERDUE LIST_ORDER },
          { "SELECT " DAWR_APP_COLUMNS DAWR_APP_FROM LIST_STEP LIST_ORDER, "SELECT " DAWR_APP_COLUMNS DAWR_APP_FROM LIST_STEP LIST_OVERDUE LIST_ORDER } },
    };
    sqlite3 *db = dawr_queue_db(a->q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, SQL[out != NULL][step != NULL][overdue != 0], -1, &st, NULL) != SQLITE_OK)
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    if (step) sqlite3_bind_text(st, 1, step->id, -1, SQLITE_STATIC);
    if (overdue) sqlite3_bind_text(st, 3, dawr_queue_op_day(a->q), -1, SQLITE_STATIC);
    if (out) sqlite3_bind_int(st, 4, max);
    int n = 0, rc;
    if (!out && (rc = sqlite3_step(st)) == SQLITE_ROW) n = sqlite3_column_int(st, 0);
    while (out && (rc = sqlite3_step(st)) == SQLITE_ROW && n < max) dawr_app_from_row(a, st, &out[n++]);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? n : dawr_app_db_failed(a, rc);
}

int dawr_applications_list(dawr_applications *a, const char *step, int overdue, dawr_application *out, int max)
{
    int r = dawr_app_begin(a);
    if (r) return r;
    int n = do_list(a, step, overdue, out, max);
    r = dawr_app_end(a, n < 0 ? n : DAWR_OK);
    return r ? r : n;
}

int dawr_applications_count(dawr_applications *a, const char *step, int overdue)
{
    int r = dawr_app_begin(a);
    if (r) return r;
    int n = do_list(a, step, overdue, NULL, 0);
    r = dawr_app_end(a, n < 0 ? n : DAWR_OK);
    return r ? r : n;
}

static int do_history(dawr_applications *a, const char *ref, int (*fn)(const dawr_event *, void *), void *ctx)
{
    dawr_application app;
    int r = dawr_app_load(a, ref, &app, NULL);
    if (r) return r;
    sqlite3 *db = dawr_queue_db(a->q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT id, at, coalesce(counter, ''), kind, detail FROM events"
                               " WHERE ticket = ?1 AND kind LIKE 'app\\_%' ESCAPE '\\' ORDER BY id", -1, &st, NULL) != SQLITE_OK)
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, app.ticket);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        dawr_event ev = { .id = sqlite3_column_int64(st, 0), .at = sqlite3_column_int64(st, 1), .ticket = app.ticket,
                          .detail = (const char *)sqlite3_column_text(st, 4) };
        snprintf(ev.code, sizeof ev.code, "%s", app.ticket_code);
        snprintf(ev.counter, sizeof ev.counter, "%s", (const char *)sqlite3_column_text(st, 2));
        if (dawr_event_kind_parse((const char *)sqlite3_column_text(st, 3), &ev.kind) < 0) ev.kind = DAWR_EVENT_NONE;
        if (fn(&ev, ctx)) { rc = SQLITE_DONE; break; }
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? DAWR_OK : dawr_app_db_failed(a, rc);
}

int dawr_application_history(dawr_applications *a, const char *ref, int (*fn)(const dawr_event *, void *), void *ctx)
{
    DAWR_APP_IN_TRANSACTION(a, do_history(a, ref, fn, ctx));
}

/* PHONE with spaces, dashes and brackets dropped, Arabic-Indic digits made Western, 00 made +:
 * 8 to 15 digits, maybe after a +. Returns 0 with it in OUT (17 bytes), or -1. */
static int normalise_phone(const char *phone, char *out)
{
    int n = 0, digits = 0;
    const unsigned char *s = (const unsigned char *)phone;
    if (*s == '+') { out[n++] = '+'; s++; }
    while (*s) {
        int d, used = digit_at(s, &d);
        if (used) {
            if (digits == 15) return -1;
            out[n++] = (char)('0' + d);
            digits++;
            s += used;
        } else if (*s == ' ' || *s == '-' || *s == '(' || *s == ')') s++;
        else return -1;
    }
    out[n] = 0;
    if (out[0] == '0' && out[1] == '0') {              /* 00966...: the same as +966... */
        memmove(out + 1, out + 2, (size_t)n - 1);
        out[0] = '+';
        digits -= 2;
    }
    return digits >= 8 && digits <= 15 ? 0 : -1;
}

static int do_set_contact(dawr_applications *a, const char *ref, const char *phone, const char *consent_by,
                          const char *counter, dawr_application *out)
{
    long long id;
    int r = dawr_app_counter_known(a, counter);
    if (r || (r = dawr_app_load(a, ref, out, &id))) return r;
    if (!consent_by || (strcmp(consent_by, "applicant") && strcmp(consent_by, "family")))
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_CONSENT_NEEDED, json_pack("{s:s}", "consent_by", consent_by ? consent_by : ""),
                    "a contact is kept only with consent: say who gave it (applicant or family); nothing was kept");
    if (out->closed_at)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPLICATION_CLOSED, json_pack("{s:s, s:s}", "application", out->ref,
                                                                               "step", out->step),
                    "application %s is closed (%s): no contact is kept for it", out->ref, out->step);
    char normal[17];
    if (!phone || normalise_phone(phone, normal) < 0)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_NOT_A_PHONE, NULL,
                    "that is not a phone number (8 to 15 digits, maybe after +); nothing was kept");
    sqlite3 *db = dawr_queue_db(a->q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "INSERT INTO application_contacts (application, phone, consent_by, consent_at, counter)"
                               " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (application) DO UPDATE SET phone = excluded.phone,"
                               " consent_by = excluded.consent_by, consent_at = excluded.consent_at,"
                               " counter = excluded.counter", -1, &st, NULL) != SQLITE_OK)
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, normal, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, consent_by, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, dawr_queue_op_now(a->q));
    if (counter && *counter) sqlite3_bind_text(st, 5, counter, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) return dawr_app_db_failed(a, rc);
    /* The log says that consent was given and by whom, never the number. */
    if ((r = dawr_queue_append_event(a->q, dawr_queue_op_now(a->q), out->ticket, counter, DAWR_EVENT_APP_CONTACT,
                                     json_pack("{s:s, s:s}", "application", out->ref, "consent_by", consent_by))))
        return dawr_app_from_queue(a, r);
    out->has_contact = 1;
    return DAWR_OK;
}

int dawr_application_set_contact(dawr_applications *a, const char *ref, const char *phone, const char *consent_by,
                                 const char *counter, dawr_application *out)
{
    dawr_application local;
    DAWR_APP_IN_TRANSACTION(a, do_set_contact(a, ref, phone, consent_by, counter, out ? out : &local));
}

/* The contact of application row ID into OUT: 1, 0 when none, <0 on failure. */
static int read_contact(dawr_applications *a, long long id, dawr_contact *out)
{
    memset(out, 0, sizeof *out);
    sqlite3 *db = dawr_queue_db(a->q);
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT phone, consent_by, consent_at, coalesce(counter, '') FROM application_contacts"
                               " WHERE application = ?", -1, &st, NULL) != SQLITE_OK)
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out->phone, sizeof out->phone, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(out->consent_by, sizeof out->consent_by, "%s", (const char *)sqlite3_column_text(st, 1));
        out->consent_at = sqlite3_column_int64(st, 2);
        snprintf(out->counter, sizeof out->counter, "%s", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : dawr_app_db_failed(a, rc);
}

int dawr_application_contact_in(dawr_applications *a, const char *ref, dawr_contact *out)
{
    dawr_application app;
    long long id;
    int r = dawr_app_load(a, ref, &app, &id);
    if (r) return r;
    int has = read_contact(a, id, out);
    if (has < 0) return has;
    return has ? DAWR_OK : dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_CONTACT, json_pack("{s:s}", "application", app.ref),
                                "no contact is kept for application %s", app.ref);
}

int dawr_application_contact(dawr_applications *a, const char *ref, dawr_contact *out)
{
    DAWR_APP_IN_TRANSACTION(a, dawr_application_contact_in(a, ref, out));
}

static int do_erase_contact(dawr_applications *a, const char *ref, const char *counter)
{
    dawr_contact c;
    dawr_application app;
    long long id;
    int r = dawr_app_counter_known(a, counter);
    if (r || (r = dawr_app_load(a, ref, &app, &id))) return r;
    int has = read_contact(a, id, &c);
    if (has < 0) return has;
    if (!has)
        return dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_CONTACT, json_pack("{s:s}", "application", app.ref),
                    "no contact is kept for application %s", app.ref);
    if ((r = exec_ints(a->q, "DELETE FROM application_contacts WHERE application = ?1", id, 0)) ||
        (r = dawr_queue_append_event(a->q, dawr_queue_op_now(a->q), app.ticket, counter, DAWR_EVENT_APP_CONTACT_ERASED,
                                     json_pack("{s:s, s:s}", "application", app.ref, "why", "request"))))
        return dawr_app_from_queue(a, r);
    return DAWR_OK;
}

int dawr_application_erase_contact(dawr_applications *a, const char *ref, const char *counter)
{
    DAWR_APP_IN_TRANSACTION(a, do_erase_contact(a, ref, counter));
}

int dawr_applications_erase_due(dawr_applications *a, int *erased)
{
    a->error[0] = 0;
    a->why = DAWR_APP_WHY_NONE;
    *erased = 0;
    int r = dawr_queue_begin(a->q);     /* (on a new service day it has erased some already) */
    if (r) return dawr_app_from_queue(a, r);
    r = dawr_application_erase_due_in(a->q, erased);
    return dawr_app_end(a, r ? dawr_app_from_queue(a, r) : DAWR_OK);
}

static json_t *time_json(dawr_ms at)
{
    if (!at) return json_null();
    char text[32];
    dawr_clock_format(at, text, sizeof text);
    return json_string(text);
}

json_t *dawr_application_json(const dawr_applications *a, const dawr_application *app)
{
    const dawr_step *step = dawr_config_find_step(a->cfg, app->step);
    char hijri[16];
    snprintf(hijri, sizeof hijri, "%04d-%02d-%02d", app->answer_not_before_hijri.year % 10000,
             app->answer_not_before_hijri.month % 100, app->answer_not_before_hijri.day % 100);
    json_t *j = json_pack("{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:b}",
                          "ref", app->ref, "ticket", (json_int_t)app->ticket, "ticket_code", app->ticket_code,
                          "ticket_day", app->ticket_day, "service", app->service, "step", app->step,
                          "step_ar", step ? step->name_ar : "", "step_en", step ? step->name_en : "",
                          "opened_at", time_json(app->opened_at), "opened_day", app->opened_day,
                          "answer_not_before", app->answer_not_before, "answer_not_before_hijri", hijri,
                          "changed_at", time_json(app->changed_at), "decided_at", time_json(app->decided_at),
                          "closed_at", time_json(app->closed_at), "open", !app->closed_at, "overdue", app->overdue,
                          "has_contact", app->has_contact);
    if (app->has_contact && app->contact_erased_on[0])
        json_object_set_new(j, "contact_erased_on", json_string(app->contact_erased_on));
    return j;
}

static int add_event(const dawr_event *ev, void *ctx)
{
    json_t *d = json_loads(ev->detail ? ev->detail : "{}", 0, NULL);
    json_array_append_new(ctx, json_pack("{s:o, s:s, s:s, s:o}", "at", time_json(ev->at), "kind",
                                         dawr_event_kind_name(ev->kind), "counter", ev->counter, "detail",
                                         d ? d : json_object()));
    return 0;
}

static int do_export(dawr_applications *a, const char *ref, const char *counter, json_t *result)
{
    dawr_application app;
    dawr_contact c;
    long long id;
    int r = dawr_app_counter_known(a, counter);
    if (r || (r = dawr_app_load(a, ref, &app, &id))) return r;
    /* The handing over is logged first, so the export shows it too. */
    if ((r = dawr_queue_append_event(a->q, dawr_queue_op_now(a->q), app.ticket, counter, DAWR_EVENT_APP_EXPORT,
                                     json_pack("{s:s}", "application", app.ref))))
        return dawr_app_from_queue(a, r);
    json_t *history = json_array();
    json_object_set_new(result, "application", dawr_application_json(a, &app));
    json_object_set_new(result, "history", history);
    if ((r = do_history(a, app.ref, add_event, history))) return r;
    int has = read_contact(a, id, &c);
    if (has < 0) return has;
    json_object_set_new(result, "contact", has ? json_pack("{s:s, s:s, s:o, s:s}", "phone", c.phone, "consent_by",
                                                           c.consent_by, "consent_at", time_json(c.consent_at),
                                                           "recorded_by", c.counter)
                                               : json_null());
    json_object_set_new(result, "exported_at", time_json(dawr_queue_op_now(a->q)));
    return DAWR_OK;
}

int dawr_application_export(dawr_applications *a, const char *ref, const char *counter, json_t **out)
{
    *out = NULL;
    json_t *result = json_object();
    int r = dawr_app_begin(a);
    if (r) { json_decref(result); return r; }
    r = dawr_app_end(a, do_export(a, ref, counter, result));
    if (r) json_decref(result);
    else *out = result;
    return r;
}
