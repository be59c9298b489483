/* Return appointments of applications (issue 16): a date and time within the opening hours
 * ([hours], engine/hours.h: an open span of that day, not in a prayer pause, in the future),
 * booked, moved or cancelled, each an event of the application's ticket (app_book, app_move,
 * app_cancel). An application has one coming appointment at most; a past one stays as it was
 * (kept or missed is the reports' business) and can be neither moved nor cancelled. The
 * refusals are the applications' (application.h). docs/applications.md. */
#ifndef DAWR_APPOINTMENT_H
#define DAWR_APPOINTMENT_H

#include "application.h"

/* An appointment as a value. */
typedef struct {
    char ref[16];                 /* its application */
    dawr_ms at;
    char local[17];               /* "YYYY-MM-DD HH:MM" in the reception's zone */
    dawr_hijri_date hijri;        /* its day by Umm al-Qura */
    dawr_ms booked_at, changed_at, cancelled_at;
    int past;                     /* its time has come (as of the operation) */
    long long checkin_ticket;     /* the ticket its visitor was given on checking in, 0 while not */
} dawr_appointment;

/* Books REF's appointment at WHEN (local "YYYY-MM-DD HH:MM", or with a T). Refusals:
 * not_a_time, past_time, outside_hours, already_booked, application_closed and the
 * applications' own. OUT (may be NULL) gets it. */
int dawr_appointment_book(dawr_applications *a, const char *ref, const char *when, const char *counter,
                          dawr_appointment *out);
/* Moves REF's coming appointment to WHEN: no_appointment, appointment_past, already_checked_in
 * (its visitor is here: it is kept, not moved), and as booking. A checked-in appointment is no
 * longer coming: a new one may be booked. */
int dawr_appointment_move(dawr_applications *a, const char *ref, const char *when, const char *counter,
                          dawr_appointment *out);
/* Cancels REF's coming appointment: no_appointment, appointment_past. */
int dawr_appointment_cancel(dawr_applications *a, const char *ref, const char *counter, dawr_appointment *out);
/* REF's newest appointment not cancelled (coming or past) into OUT: DAWR_OK, or DAWR_NOT_FOUND
 * with no_appointment. */
int dawr_appointment_of(dawr_applications *a, const char *ref, dawr_appointment *out);

/* How a check-in went (docs/applications.md, "Checking in"). */
typedef enum {
    DAWR_CHECKIN_ON_TIME,         /* from appointment_early_minutes before to appointment_late_minutes after */
    DAWR_CHECKIN_EARLY,           /* earlier: an appointment ticket all the same, called near its time */
    DAWR_CHECKIN_LATE,            /* later the same day: checked in, but an ordinary ticket (walk-in order) */
} dawr_checkin_kind;

typedef struct {
    dawr_checkin_kind kind;
    dawr_appointment appointment; /* the one checked in; on a refusal the one it names (moved: the new one) */
    dawr_ticket ticket;           /* the new ticket; with already_checked_in, the one given then */
    int minutes;                  /* arrival minus the appointment's time, whole minutes, signed */
} dawr_checkin;

/* Reads a slip's QR, "DAWR:A:1448-0007:2026-12-08T10:30" (anywhere in TEXT, in either case),
 * into REF ("1448-0007") and AT (local "2026-12-08 10:30"). 0, or -1 when TEXT holds none. */
int dawr_appointment_parse_slip(const char *text, char ref[16], char at[17]);

/* Checks the visitor in by their slip (TEXT: its QR as above, or a reference typed: then the
 * application's current appointment) and issues the ticket REQ asks for (service, needs,
 * channel; its application and appointment_at are set here), all in one transaction with an
 * app_checkin event (application, at, visit_ticket, minutes) once per appointment. Refusals
 * change nothing: not_a_slip, not_a_reference, no_application, application_closed,
 * no_appointment, appointment_cancelled, appointment_moved (to another day), appointment_other_day,
 * already_checked_in (OUT->ticket is that ticket), ticket_refused (closed). A slip whose
 * appointment was moved or rebooked to today checks in to the current one. OUT gets what the
 * visitor is told, on refusals too. */
int dawr_appointment_checkin(dawr_applications *a, const char *text, const dawr_issue_request *req, dawr_checkin *out);

/* The appointment as JSON: application, at (local), hijri ("YYYY-MM-DD"), booked_at, changed_at,
 * past. A new reference. */
json_t *dawr_appointment_json(const dawr_appointment *ap);

#endif
