/* Appointments in the applications' transactions (application_internal.h): a check of the time
 * against the day's opening hours, one row per appointment, and its event. */
#include "appointment.h"
#include "application_internal.h"
#include "hours.h"
#include "queue_internal.h"

#include <stdio.h>
#include <string.h>

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

/* The newest appointment of application row APP not cancelled into OUT (its row id into *ID):
 * 1, 0 when none, <0 on failure. */
static int newest(dawr_applications *a, long long app, const char *ref, dawr_appointment *out, long long *id)
{
    dawr_queue *q = dawr_app_queue(a);
    sqlite3 *db = dawr_queue_db(q);
    sqlite3_stmt *st;
    memset(out, 0, sizeof *out);
    if (sqlite3_prepare_v2(db, "SELECT id, at, local, booked_at, changed_at FROM appointments WHERE application = ?1"
                               " AND cancelled_at IS NULL ORDER BY id DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_int64(st, 1, app);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(st, 0);
        snprintf(out->ref, sizeof out->ref, "%s", ref);
        out->at = sqlite3_column_int64(st, 1);
        snprintf(out->local, sizeof out->local, "%s", (const char *)sqlite3_column_text(st, 2));
        out->booked_at = sqlite3_column_int64(st, 3);
        out->changed_at = sqlite3_column_int64(st, 4);
        out->past = out->at <= dawr_queue_op_now(q);
        int y, m, d, minute;
        if (parse_when(out->local, &y, &m, &d, &minute) == 0) dawr_hijri_from_gregorian(y, m, d, &out->hijri);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : dawr_app_db_failed(a, rc);
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
    int coming = has && !out->past;
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
    if (has <= 0 || ap.past) return has < 0 ? has : DAWR_OK;
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
