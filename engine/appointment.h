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
} dawr_appointment;

/* Books REF's appointment at WHEN (local "YYYY-MM-DD HH:MM", or with a T). Refusals:
 * not_a_time, past_time, outside_hours, already_booked, application_closed and the
 * applications' own. OUT (may be NULL) gets it. */
int dawr_appointment_book(dawr_applications *a, const char *ref, const char *when, const char *counter,
                          dawr_appointment *out);
/* Moves REF's coming appointment to WHEN: no_appointment, appointment_past, and as booking. */
int dawr_appointment_move(dawr_applications *a, const char *ref, const char *when, const char *counter,
                          dawr_appointment *out);
/* Cancels REF's coming appointment: no_appointment, appointment_past. */
int dawr_appointment_cancel(dawr_applications *a, const char *ref, const char *counter, dawr_appointment *out);
/* REF's newest appointment not cancelled (coming or past) into OUT: DAWR_OK, or DAWR_NOT_FOUND
 * with no_appointment. */
int dawr_appointment_of(dawr_applications *a, const char *ref, dawr_appointment *out);

/* The appointment as JSON: application, at (local), hijri ("YYYY-MM-DD"), booked_at, changed_at,
 * past. A new reference. */
json_t *dawr_appointment_json(const dawr_appointment *ap);

#endif
