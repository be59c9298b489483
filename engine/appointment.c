/* Appointments in the applications' transactions (application_internal.h): a check of the time
 * against the day's opening hours, one row per appointment, and its event. */
#include "appointment.h"
#include "application_internal.h"
#include "hours.h"
#include "queue_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* WHEN ("YYYY-MM-DD HH:MM" or "YYYY-MM-DDTHH:MM") into its date and minute of the day. 0, or -1. */
static int parse_when(const char *when, int *y, int *m, int *d, int *minute)
{
    int hh, mm, used = 0;
    char sep;
    if (!when || sscanf(when, "%4d-%2d-%2d%c%2d:%2d%n", y, m, d, &sep, &hh, &mm, &used) != 6 || when[used] ||
        (sep != ' ' && sep != 'T') || strlen(when) != 16 || hh > 23 || mm > 59 || hh < 0 || mm < 0)
        return -1;
    *minute = hh * 60 + mm;
    return 0;
}

static void hhmm(int minutes, char *out, size_t size)
{
    snprintf(out, size, "%02u:%02u", (unsigned)(minutes / 60) % 100u, (unsigned)minutes % 60u);
}

/* Whether WHEN is a time the reception receives visitors, in the future: its instant into *AT
 * and the canonical text into LOCAL (17 bytes); else the refusal, recorded. */
static int check_time(dawr_applications *a, const char *when, dawr_ms *at, char *local)
{
    dawr_queue *q = dawr_app_queue(a);
    const dawr_config *cfg = dawr_queue_config(q);
    int y, m, d, minute;
    dawr_hours_day day;
    if (parse_when(when, &y, &m, &d, &minute) < 0 || dawr_hours_day_of(cfg, y, m, d, &day) < 0 || day.month != m ||
        day.day != d)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_NOT_A_TIME, json_pack("{s:s}", "at", when ? when : ""),
                             "\"%s\" is not a date and time (YYYY-MM-DD HH:MM, local)", when ? when : "");
    snprintf(local, 17, "%04u-%02u-%02u %02u:%02u", (unsigned)y % 10000u, (unsigned)m % 100u, (unsigned)d % 100u,
             (unsigned)(minute / 60) % 100u, (unsigned)minute % 60u);
    *at = dawr_hours_instant(y, m, d, minute);
    if (*at <= dawr_queue_op_now(q))
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_PAST_TIME, json_pack("{s:s}", "at", local),
                             "%s has passed: an appointment is booked in the future", local);
    char hours[128] = "", from[8], to[8];
    int open = 0;
    for (int i = 0; i < day.span_count; i++) {
        hhmm(day.spans[i].from, from, sizeof from);
        hhmm(day.spans[i].to, to, sizeof to);
        snprintf(hours + strlen(hours), sizeof hours - strlen(hours), "%s%s-%s", i ? " " : "", from, to);
        open |= minute >= day.spans[i].from && minute < day.spans[i].to;
    }
    if (!open)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_OUTSIDE_HOURS,
                             json_pack("{s:s, s:s, s:s?}", "at", local, "hours", hours, "holiday", day.holiday),
                             day.span_count ? "%s is outside the opening hours of that day (%s)"
                                            : "%s: the reception is closed that day%s", local,
                             day.span_count ? hours : day.holiday ? " (a holiday)" : "");
    for (int i = 0; i < day.pause_count; i++)
        if (minute >= day.pauses[i].from && minute < day.pauses[i].to) {
            hhmm(day.pauses[i].from, from, sizeof from);
            hhmm(day.pauses[i].to, to, sizeof to);
            return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_OUTSIDE_HOURS,
                                 json_pack("{s:s, s:s, s:s, s:s, s:s}", "at", local, "hours", hours, "prayer",
                                           dawr_prayer_name(day.pauses[i].prayer), "pause_from", from, "pause_to", to),
                                 "%s is in the %s prayer pause (%s-%s)", local, dawr_prayer_name(day.pauses[i].prayer),
                                 from, to);
        }
    return DAWR_OK;
}

/* Fills OUT from appointment row ID of application REF. 0, or a failure. */
static int load_row(dawr_applications *a, long long id, const char *ref, dawr_appointment *out)
{
    sqlite3 *db = dawr_queue_db(dawr_app_queue(a));
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(db, "SELECT at, local, booked_at, changed_at, coalesce(cancelled_at, 0), coalesce(checkin_ticket, 0)"
                               " FROM appointments WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out->ref, sizeof out->ref, "%s", ref);
        out->at = sqlite3_column_int64(st, 0);
        snprintf(out->local, sizeof out->local, "%s", (const char *)sqlite3_column_text(st, 1));
        out->booked_at = sqlite3_column_int64(st, 2);
        out->changed_at = sqlite3_column_int64(st, 3);
        out->cancelled_at = sqlite3_column_int64(st, 4);
        out->checkin_ticket = sqlite3_column_int64(st, 5);
        out->past = out->at <= dawr_queue_op_now(dawr_app_queue(a));
        int y, m, d, minute;
        if (parse_when(out->local, &y, &m, &d, &minute) == 0) dawr_hijri_from_gregorian(y, m, d, &out->hijri);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? DAWR_OK : dawr_app_db_failed(a, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
}

/* The one row id SQL (with P1 the application's row and P2 a local time as text) finds; 0 none, <0 failure. */
static long long row_of(dawr_applications *a, const char *sql, long long app_id, const char *local)
{
    sqlite3 *db = dawr_queue_db(dawr_app_queue(a));
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, app_id);
    if (local) sqlite3_bind_text(st, 2, local, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    long long id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? id : dawr_app_db_failed(a, rc);
}

/* The newest appointment of application row APP not cancelled into OUT (its row id into *ID):
 * 1, 0 when none, <0 on failure. */
static int newest(dawr_applications *a, long long app, const char *ref, dawr_appointment *out, long long *id)
{
    memset(out, 0, sizeof *out);
    long long found = row_of(a, "SELECT id FROM appointments WHERE application = ?1 AND cancelled_at IS NULL"
                                " ORDER BY id DESC LIMIT 1", app, NULL);
    if (found <= 0) return (int)found;
    *id = found;
    int r = load_row(a, found, ref, out);
    return r ? r : 1;
}

/* Refuses a change to AP, whose visitor has checked in: the ticket given then into GIVEN. */
static int refuse_checked_in(dawr_applications *a, const dawr_appointment *ap, dawr_ticket *given)
{
    char tref[24];
    snprintf(tref, sizeof tref, "#%lld", ap->checkin_ticket);
    int r = dawr_queue_find_in(dawr_app_queue(a), tref, given);
    if (r) return dawr_app_from_queue(a, r);
    return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_ALREADY_CHECKED_IN,
                         json_pack("{s:s, s:s, s:s}", "application", ap->ref, "at", ap->local, "ticket", given->code),
                         "the appointment of %s at %s is checked in already: ticket %s", ap->ref, ap->local, given->code);
}

/* REF's application (its row into *APP_ID) and its newest appointment: 1, 0 when none, or a
 * failure (<0, recorded). */
static int current(dawr_applications *a, const char *ref, const char *counter, dawr_application *app, long long *app_id,
                   dawr_appointment *out, long long *id)
{
    int r = dawr_app_counter_known(a, counter);
    if (r || (r = dawr_app_load(a, ref, app, app_id))) return r;
    return newest(a, *app_id, app->ref, out, id);
}

/* Runs SQL with P1..P4 (integers, then P3 as text when TEXT) to completion. */
static int run(dawr_applications *a, const char *sql, long long p1, long long p2, const char *text, long long p4)
{
    sqlite3 *db = dawr_queue_db(dawr_app_queue(a));
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, p1);
    sqlite3_bind_int64(st, 2, p2);
    if (text) sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, p4);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? DAWR_OK : dawr_app_db_failed(a, rc);
}

enum { BOOK, MOVE, CANCEL };

static int refuse_past(dawr_applications *a, const dawr_appointment *ap)
{
    return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPOINTMENT_PAST,
                         json_pack("{s:s, s:s}", "application", ap->ref, "at", ap->local),
                         "the appointment of %s at %s has passed: it can no longer change (book a new one)", ap->ref,
                         ap->local);
}

static int act(dawr_applications *a, int what, const char *ref, const char *when, const char *counter,
               dawr_appointment *out)
{
    dawr_queue *q = dawr_app_queue(a);
    dawr_application app;
    long long app_id = 0, id = 0;
    int has = current(a, ref, counter, &app, &app_id, out, &id);
    if (has < 0) return has;
    if (what != CANCEL && app.closed_at)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPLICATION_CLOSED,
                             json_pack("{s:s, s:s}", "application", app.ref, "step", app.step),
                             "application %s is closed (%s): no appointment is booked for it", app.ref, app.step);
    dawr_ticket given;
    if (what != BOOK && has && out->checkin_ticket) return refuse_checked_in(a, out, &given);   /* kept as it was */
    int coming = has && !out->past && !out->checkin_ticket;
    if (what == BOOK && coming)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_ALREADY_BOOKED,
                             json_pack("{s:s, s:s}", "application", app.ref, "at", out->local),
                             "application %s has an appointment at %s already: move or cancel it", app.ref, out->local);
    if (what != BOOK && has && out->past) return refuse_past(a, out);
    if (what != BOOK && !has)
        return dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_APPOINTMENT, json_pack("{s:s}", "application", app.ref),
                             "application %s has no coming appointment", app.ref);
    dawr_ms now = dawr_queue_op_now(q), at = 0;
    char local[17] = "";
    int r;
    if (what != CANCEL && (r = check_time(a, when, &at, local))) return r;
    char from[17];
    snprintf(from, sizeof from, "%s", out->local);
    json_t *detail;
    dawr_event_kind kind;
    if (what == BOOK) {
        r = run(a, "INSERT INTO appointments (application, at, local, booked_at, changed_at)"
                   " VALUES (?1, ?2, ?3, ?4, ?4)", app_id, at, local, now);
        detail = json_pack("{s:s, s:s}", "application", app.ref, "at", local);
        kind = DAWR_EVENT_APP_BOOK;
    } else if (what == MOVE) {
        r = run(a, "UPDATE appointments SET at = ?2, local = ?3, changed_at = ?4 WHERE id = ?1", id, at, local, now);
        detail = json_pack("{s:s, s:s, s:s}", "application", app.ref, "at", local, "from", from);
        kind = DAWR_EVENT_APP_MOVE;
    } else {
        r = run(a, "UPDATE appointments SET cancelled_at = ?2 WHERE id = ?1", id, now, NULL, 0);
        detail = json_pack("{s:s, s:s}", "application", app.ref, "at", from);
        kind = DAWR_EVENT_APP_CANCEL;
    }
    if (r) { json_decref(detail); return r; }
    if ((r = dawr_queue_append_event(q, now, app.ticket, counter, kind, detail))) return dawr_app_from_queue(a, r);
    if (what == CANCEL) {
        out->cancelled_at = now;
        return DAWR_OK;
    }
    has = newest(a, app_id, app.ref, out, &id);
    return has < 0 ? has : DAWR_OK;
}

int dawr_appointment_book(dawr_applications *a, const char *ref, const char *when, const char *counter,
                          dawr_appointment *out)
{
    dawr_appointment local;
    DAWR_APP_IN_TRANSACTION(a, act(a, BOOK, ref, when, counter, out ? out : &local));
}

int dawr_appointment_move(dawr_applications *a, const char *ref, const char *when, const char *counter,
                          dawr_appointment *out)
{
    dawr_appointment local;
    DAWR_APP_IN_TRANSACTION(a, act(a, MOVE, ref, when, counter, out ? out : &local));
}

int dawr_appointment_cancel(dawr_applications *a, const char *ref, const char *counter, dawr_appointment *out)
{
    dawr_appointment local;
    DAWR_APP_IN_TRANSACTION(a, act(a, CANCEL, ref, NULL, counter, out ? out : &local));
}

int dawr_appointment_cancel_for_closed_in(dawr_applications *a, const char *ref, const char *counter)
{
    dawr_application app;
    dawr_appointment ap;
    long long app_id, id;
    int has = current(a, ref, counter, &app, &app_id, &ap, &id);
    if (has <= 0 || ap.past || ap.checkin_ticket) return has < 0 ? has : DAWR_OK;   /* a kept one stays kept */
    return act(a, CANCEL, ref, NULL, counter, &ap);
}

int dawr_appointment_coming_in(dawr_applications *a, const dawr_application *app, dawr_appointment *out)
{
    dawr_application again;
    long long app_id, id;
    int has = current(a, app->ref, NULL, &again, &app_id, out, &id);
    if (has < 0) return has;
    if (has && out->past) return refuse_past(a, out);
    return has ? DAWR_OK
               : dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_APPOINTMENT, json_pack("{s:s}", "application", app->ref),
                               "application %s has no coming appointment", app->ref);
}

static int find(dawr_applications *a, const char *ref, dawr_appointment *out)
{
    dawr_application app;
    long long app_id, id;
    int has = current(a, ref, NULL, &app, &app_id, out, &id);
    if (has < 0) return has;
    return has ? DAWR_OK
               : dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_APPOINTMENT, json_pack("{s:s}", "application", app.ref),
                               "application %s has no appointment", app.ref);
}

int dawr_appointment_of(dawr_applications *a, const char *ref, dawr_appointment *out)
{
    DAWR_APP_IN_TRANSACTION(a, find(a, ref, out));
}

static json_t *time_json(dawr_ms at)
{
    char text[32];
    dawr_clock_format(at, text, sizeof text);
    return json_string(text);
}

json_t *dawr_appointment_json(const dawr_appointment *ap)
{
    char hijri[16];
    snprintf(hijri, sizeof hijri, "%04d-%02d-%02d", ap->hijri.year % 10000, ap->hijri.month % 100, ap->hijri.day % 100);
    return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:b}", "application", ap->ref, "at", ap->local, "day_hijri", hijri,
                     "time", ap->local + 11, "booked_at", time_json(ap->booked_at), "changed_at", time_json(ap->changed_at),
                     "past", ap->past);
}

int dawr_appointment_parse_slip(const char *text, char ref[16], char at[17])
{
    const char *p = text;
    while (p && *p && strncasecmp(p, "DAWR:A:", 7)) p++;
    if (!p || !*p) return -1;
    p += 7;
    int year, number, y, m, d, minute;
    char when[17], rest[2];
    size_t len = strcspn(p, ":");
    if (len < 6 || len > 12 || p[len] != ':') return -1;
    char typed[16];
    snprintf(typed, sizeof typed, "%.*s", (int)len, p);
    /* The slip writes 1448-0007: digits and one hyphen, nothing read loosely as the keypad is. */
    if (strspn(typed, "0123456789-") != len || dawr_application_parse_ref(typed, &year, &number) < 0) return -1;
    if (sscanf(p + len + 1, "%16s%1s", when, rest) != 1 || strlen(when) != 16 || toupper((unsigned char)when[10]) != 'T' ||
        (when[10] = 'T', parse_when(when, &y, &m, &d, &minute) < 0))
        return -1;
    dawr_application_format_ref(year, number, ref, 16);
    snprintf(at, 17, "%.10s %.5s", when, when + 11);
    return 0;
}

static int checkin(dawr_applications *a, const char *text, const dawr_issue_request *req, dawr_checkin *out)
{
    dawr_queue *q = dawr_app_queue(a);
    const dawr_applications_settings *cfg = dawr_config_applications(dawr_queue_config(q));
    memset(out, 0, sizeof *out);
    char ref[16], slip_at[17] = "";
    int year, number;
    if (dawr_appointment_parse_slip(text, ref, slip_at) < 0) {
        /* A reference typed: the application's current appointment. Anything else is no slip. */
        if (!text || strchr(text, ':') || dawr_application_parse_ref(text, &year, &number) < 0)
            return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_NOT_A_SLIP, json_pack("{s:s}", "text", text ? text : ""),
                                 "\"%.40s\" is not an appointment slip of this association", text ? text : "");
        dawr_application_format_ref(year, number, ref, sizeof ref);
    }
    dawr_application app;
    long long app_id, id = 0, current = 0;
    int r = dawr_app_load(a, ref, &app, &app_id);
    if (r) return r;
    snprintf(out->appointment.ref, sizeof out->appointment.ref, "%s", app.ref);
    if (app.closed_at)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPLICATION_CLOSED,
                             json_pack("{s:s, s:s}", "application", app.ref, "step", app.step),
                             "application %s is closed (%s): no appointment is kept for it", app.ref, app.step);
    current = row_of(a, "SELECT id FROM appointments WHERE application = ?1 AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1",
                     app_id, NULL);
    if (current < 0) return (int)current;
    if (*slip_at) {
        /* The slip's own appointment: its row, or one moved away from that time (app_move's from). */
        id = row_of(a, "SELECT id FROM appointments WHERE application = ?1 AND local = ?2 ORDER BY id DESC LIMIT 1",
                    app_id, slip_at);
        if (id < 0) return (int)id;
        int moved = 0;
        if (!id) {
            long long m = row_of(a, "SELECT count(*) FROM events e JOIN applications p ON p.ticket = e.ticket"
                                    " WHERE p.id = ?1 AND e.kind = 'app_move' AND json_extract(e.detail, '$.from') = ?2",
                                 app_id, slip_at);
            if (m < 0) return (int)m;
            if (!m)
                return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_NOT_A_SLIP, json_pack("{s:s}", "text", text),
                                     "application %s never had an appointment at %s: the slip is not one of ours", app.ref,
                                     slip_at);
            moved = 1;
        }
        dawr_appointment ap;
        if (id && (r = load_row(a, id, app.ref, &ap))) return r;
        if (moved || ap.cancelled_at) {
            /* Moved or cancelled: the current one, when there is one today, is the visitor's. */
            dawr_appointment now_one;
            char today[11];
            snprintf(today, sizeof today, "%s", dawr_queue_op_day(q));
            if (current && (r = load_row(a, current, app.ref, &now_one))) return r;
            if (current && !strncmp(now_one.local, today, 10)) {
                id = current;
            } else if (moved && current && !now_one.past) {
                out->appointment = now_one;
                return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPOINTMENT_MOVED,
                                     json_pack("{s:s, s:s, s:s}", "application", app.ref, "at", now_one.local, "from", slip_at),
                                     "the appointment of %s at %s was moved to %s", app.ref, slip_at, now_one.local);
            } else {
                if (id) out->appointment = ap;
                else snprintf(out->appointment.local, sizeof out->appointment.local, "%s", slip_at);
                return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPOINTMENT_CANCELLED,
                                     json_pack("{s:s, s:s}", "application", app.ref, "at", slip_at),
                                     "the appointment of %s at %s was cancelled", app.ref, slip_at);
            }
        }
    } else {
        if (!current)
            return dawr_app_fail(a, DAWR_NOT_FOUND, DAWR_APP_WHY_NO_APPOINTMENT, json_pack("{s:s}", "application", app.ref),
                                 "application %s has no appointment", app.ref);
        id = current;
    }
    if ((r = load_row(a, id, app.ref, &out->appointment))) return r;
    const dawr_appointment *ap = &out->appointment;
    if (strncmp(ap->local, dawr_queue_op_day(q), 10))
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_APPOINTMENT_OTHER_DAY,
                             json_pack("{s:s, s:s, s:b}", "application", app.ref, "at", ap->local, "past", ap->past),
                             "the appointment of %s is at %s, not today", app.ref, ap->local);
    if (ap->checkin_ticket) return refuse_checked_in(a, ap, &out->ticket);
    /* Whole minutes, rounded towards zero: 10:29:30 for 10:30 is on time, not a minute early. */
    dawr_ms now = dawr_queue_op_now(q);
    out->minutes = (int)((now - ap->at) / 60000);
    out->kind = out->minutes < -cfg->appointment_early_minutes ? DAWR_CHECKIN_EARLY
              : out->minutes <= cfg->appointment_late_minutes ? DAWR_CHECKIN_ON_TIME : DAWR_CHECKIN_LATE;
    dawr_issue_request issue = *req;
    issue.application = NULL;          /* the app_checkin below is its link, not an app_visit */
    issue.appointment_at = out->kind == DAWR_CHECKIN_LATE ? 0 : ap->at;
    if ((r = dawr_queue_issue_in(q, &issue, &out->ticket))) return dawr_app_from_queue(a, r);
    if ((r = run(a, "UPDATE appointments SET checkin_ticket = ?2 WHERE id = ?1", id, out->ticket.id, NULL, 0))) return r;
    json_t *detail = json_pack("{s:s, s:s, s:I, s:i}", "application", app.ref, "at", ap->local, "visit_ticket",
                               (json_int_t)out->ticket.id, "minutes", out->minutes);
    if ((r = dawr_queue_append_event(q, now, app.ticket, NULL, DAWR_EVENT_APP_CHECKIN, detail))) return dawr_app_from_queue(a, r);
    return DAWR_OK;
}

int dawr_appointment_checkin(dawr_applications *a, const char *text, const dawr_issue_request *req, dawr_checkin *out)
{
    dawr_checkin local;
    DAWR_APP_IN_TRANSACTION(a, checkin(a, text, req, out ? out : &local));
}
