/* A synthetic month of applications (issue 16's reports), written through the engine at the
 * fake clock's times: opened, moved through their steps, appointments booked, moved, cancelled
 * and checked in (app_checkin written as the kiosk writes it), messages to the family. The
 * figures it gives for 2026-11-01..2026-11-30 at 2026-11-25 12:00 are worked out by hand in
 * tests/test_report.c. Needs testutil.h's fake clock. */
#ifndef DAWR_TEST_APPMONTH_H
#define DAWR_TEST_APPMONTH_H

#include "application.h"
#include "appointment.h"
#include "family.h"

#include <stdio.h>
#include <string.h>

/* Applications by letter, in the order opened (their references 1448-0001... in a new database). */
typedef struct {
    char ref[8][16];
    long long ticket[8];
} app_month_refs;

/* One line of the month: at (local), what, the application's letter, an argument. */
static const struct { const char *at, *what; char app; const char *arg; } APP_MONTH[] = {
    { "2026-10-20T09:00:00", "open", 'F', NULL },             /* before the range: overdue, never counted as opened */
    { "2026-10-20T09:05:00", "step", 'F', "committee" },
    { "2026-10-20T09:06:00", "contact", 'F', NULL },
    { "2026-10-21T10:00:00", "notify", 'F', "documents" },    /* before the range */
    { "2026-11-01T08:00:00", "book", 'F', "2026-11-05 09:00" },
    { "2026-11-01T09:00:00", "open", 'A', NULL },
    { "2026-11-01T10:00:00", "open", 'B', NULL },
    { "2026-11-02T09:00:00", "open", 'C', NULL },
    { "2026-11-02T09:30:00", "step", 'A', "committee" },
    { "2026-11-02T09:31:00", "step", 'B', "committee" },
    { "2026-11-03T09:00:00", "open", 'D', NULL },
    { "2026-11-03T09:30:00", "book", 'B', "2026-11-12 09:00" },
    { "2026-11-04T09:00:00", "step", 'D', "committee" },
    { "2026-11-04T09:01:00", "book", 'D', "2026-11-10 09:00" },   /* missed */
    { "2026-11-04T09:02:00", "contact", 'D', NULL },
    { "2026-11-05T08:40:00", "checkin", 'F', "-20" },         /* early: kept */
    { "2026-11-05T09:00:00", "step", 'C', "documents_needed" },
    { "2026-11-05T09:01:00", "contact", 'C', NULL },
    { "2026-11-05T10:00:00", "notify", 'C', "documents" },
    { "2026-11-09T10:00:00", "notify", 'D', "reminder" },
    { "2026-11-10T12:00:00", "step", 'B', "declined" },       /* before its earliest answer; cancels its 11-12 */
    { "2026-11-16T09:00:00", "step", 'A', "accepted" },
    { "2026-11-16T09:10:00", "book", 'A', "2026-11-18 10:00" },
    { "2026-11-16T09:11:00", "contact", 'A', NULL },
    { "2026-11-16T10:00:00", "notify", 'A', "decision" },
    { "2026-11-17T09:00:00", "step", 'A', "registered" },
    { "2026-11-17T09:01:00", "move", 'A', "2026-11-19 10:00" },
    { "2026-11-18T10:00:00", "notify", 'A', "reminder" },
    { "2026-11-19T10:05:00", "checkin", 'A', "5" },           /* kept */
    { "2026-11-20T09:00:00", "step", 'C', "accepted" },
    { "2026-11-20T09:01:00", "open", 'E', NULL },
    { "2026-11-20T09:10:00", "book", 'C', "2026-11-22 11:00" },
    { "2026-11-20T09:11:00", "book", 'E', "2026-11-21 10:00" },
    { "2026-11-20T10:00:00", "notify", 'C', "decision" },
    { "2026-11-21T09:00:00", "open", 'G', NULL },
    { "2026-11-21T09:01:00", "notify", 'C', "reminder" },
    { "2026-11-21T10:00:00", "checkin", 'E', "0" },           /* kept */
    { "2026-11-22T09:00:00", "open", 'I', NULL },
    { "2026-11-22T09:01:00", "step", 'G', "committee" },
    { "2026-11-22T09:10:00", "book", 'G', "2026-11-24 09:00" },
    { "2026-11-22T09:11:00", "book", 'I', "2026-11-24 10:00" },   /* missed */
    { "2026-11-22T11:45:00", "checkin", 'C', "45" },          /* late */
    { "2026-11-23T09:00:00", "cancel", 'G', NULL },
    { "2026-11-23T09:01:00", "step", 'I', "committee" },
    { "2026-11-23T09:02:00", "book", 'G', "2026-11-26 09:00" },   /* coming at 11-25 12:00 */
    { "2026-11-23T10:00:00", "book", 'C', "2026-11-30 09:00" },   /* coming */
    { "2026-11-24T09:00:00", "book", 'E', "2026-11-29 10:00" },   /* coming */
    { "2026-11-25T09:00:00", "book", 'A', "2026-11-28 10:00" },   /* coming */
    /* After 2026-11-25 12:00, the report's now: none of these counts in it. */
    { "2026-11-26T09:02:00", "checkin", 'G', "2" },
    { "2026-11-26T10:00:00", "notify", 'A', "reminder" },
    { "2026-11-27T09:00:00", "step", 'D', "accepted" },
};
#define APP_MONTH_LINES ((int)(sizeof APP_MONTH / sizeof APP_MONTH[0]))

/* The applications' letters in the order they are opened. */
static int app_month_index(char letter)
{
    static const char order[] = "FABCDEGI";
    const char *p = strchr(order, letter);
    return p ? (int)(p - order) : 0;
}

/* The first LINES lines of the month (APP_MONTH_LINES: all) on Q at their times. Returns 0, or
 * -1 with the line that failed on stderr. */
static int app_month(dawr_queue *q, int lines)
{
    dawr_applications *a = dawr_applications_new(q);
    app_month_refs refs;
    memset(&refs, 0, sizeof refs);
    int rc = a ? 0 : -1;
    for (int i = 0; !rc && i < lines && i < APP_MONTH_LINES; i++) {
        fake_now = at_local(APP_MONTH[i].at);
        int k = app_month_index(APP_MONTH[i].app);
        const char *w = APP_MONTH[i].what, *ref = refs.ref[k];
        int r;
        if (!strcmp(w, "open")) {
            dawr_ticket t;
            dawr_application app;
            char tref[32];
            r = dawr_queue_issue(q, "new_request", 0, &t);
            snprintf(tref, sizeof tref, "#%lld", t.id);
            if (!r) r = dawr_application_open(a, tref, "1", &app);
            if (!r) { snprintf(refs.ref[k], sizeof refs.ref[k], "%s", app.ref); refs.ticket[k] = t.id; }
        } else if (!strcmp(w, "step")) r = dawr_application_set_step(a, ref, APP_MONTH[i].arg, "1", NULL, NULL);
        else if (!strcmp(w, "contact")) r = dawr_application_set_contact(a, ref, "0501234567", "applicant", "1", NULL);
        else if (!strcmp(w, "notify")) {
            dawr_application app;
            dawr_contact contact;
            dawr_appointment ap;
            r = dawr_family_notify(a, ref, APP_MONTH[i].arg, "ar", "1", &app, &contact, &ap);
        }
        else if (!strcmp(w, "book")) r = dawr_appointment_book(a, ref, APP_MONTH[i].arg, "1", NULL);
        else if (!strcmp(w, "move")) r = dawr_appointment_move(a, ref, APP_MONTH[i].arg, "1", NULL);
        else if (!strcmp(w, "cancel")) r = dawr_appointment_cancel(a, ref, "1", NULL);
        else {
            /* The kiosk's check-in: the appointment's time, the ticket it issued, the minutes late. */
            dawr_appointment ap;
            dawr_ticket t;
            char detail[200];
            r = dawr_appointment_of(a, ref, &ap);
            if (!r) r = dawr_queue_issue(q, "follow_up", 0, &t);
            snprintf(detail, sizeof detail, "{\"application\":\"%s\",\"at\":\"%s\",\"visit_ticket\":%lld,\"minutes\":%s}",
                     ref, ap.local, t.id, APP_MONTH[i].arg);
            if (!r) r = dawr_queue_log(q, refs.ticket[k], DAWR_EVENT_APP_CHECKIN, detail);
        }
        if (r) {
            fprintf(stderr, "  app_month %s %s %c: %s%s\n", APP_MONTH[i].at, w, APP_MONTH[i].app, dawr_applications_error(a),
                    dawr_queue_error(q));
            rc = -1;
        }
    }
    dawr_applications_free(a);
    return rc;
}

#endif
