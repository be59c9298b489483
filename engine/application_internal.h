/* The applications' insides, for the engine's modules beside application.c (appointment.c):
 * the operation's transaction and the way a refusal is recorded, so every operation on an
 * application runs and fails the same way. Programs use application.h and appointment.h. */
#ifndef DAWR_APPLICATION_INTERNAL_H
#define DAWR_APPLICATION_INTERNAL_H

#include "application.h"

#include <sqlite3.h>

/* The queue A was made on. */
dawr_queue *dawr_app_queue(const dawr_applications *a);

/* Begins an operation: the queue's transaction, then the contacts whose time is over go. */
int dawr_app_begin(dawr_applications *a);
/* Ends it with result R (commit on DAWR_OK, else roll back), keeping R's reason. */
int dawr_app_end(dawr_applications *a, int r);
#define DAWR_APP_IN_TRANSACTION(a, call) do { int r_ = dawr_app_begin(a); if (r_) return r_; return dawr_app_end(a, call); } while (0)

/* Records why an operation failed (VALUES taken, may be NULL). Returns RESULT. */
int dawr_app_fail(dawr_applications *a, int result, dawr_app_why why, json_t *values, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* A failure the queue recorded (the database, or its own reason about a ticket), as ours. */
int dawr_app_from_queue(dawr_applications *a, int result);
/* The database failed with RC: recorded as the queue's and ours. Returns DAWR_STORE_FAILED. */
int dawr_app_db_failed(dawr_applications *a, int rc);
/* COUNTER is NULL, "" or a configured counter: DAWR_OK, else unknown_counter. */
int dawr_app_counter_known(dawr_applications *a, const char *counter);
/* The application REF into OUT (and its row id into *ID when not NULL), inside an operation. */
int dawr_app_load(dawr_applications *a, const char *ref, dawr_application *out, long long *id);
/* An application's columns as dawr_app_from_row reads them (columns 0 to 15), then its FROM:
 * "SELECT " DAWR_APP_COLUMNS " WHERE ...", more columns after them; a query reading many
 * applications reads them in one statement rather than a dawr_app_load each. */
#define DAWR_APP_COLUMNS "a.hijri_year, a.number, a.ticket, a.step, a.opened_at, a.opened_day, a.answer_not_before," \
                         " a.changed_at, coalesce(a.decided_at, 0), coalesce(a.closed_at, 0), t.day, t.prefix, t.number," \
                         " t.service, EXISTS (SELECT 1 FROM application_contacts c WHERE c.application = a.id), a.id"
#define DAWR_APP_FROM    " FROM applications a JOIN tickets t ON t.id = a.ticket"
/* The application at ST's row (a query of DAWR_APP_COLUMNS) into OUT. */
void dawr_app_from_row(dawr_applications *a, sqlite3_stmt *st, dawr_application *out);

/* The contact kept for REF into OUT, inside an operation: DAWR_OK, or no_contact. */
int dawr_application_contact_in(dawr_applications *a, const char *ref, dawr_contact *out);
/* APP's coming appointment into OUT, inside an operation: DAWR_OK, or no_appointment,
 * appointment_past (appointment.c). */
#include "appointment.h"
int dawr_appointment_coming_in(dawr_applications *a, const dawr_application *app, dawr_appointment *out);
/* REF has just closed: its coming appointment, if any, is cancelled (an app_cancel event), so
 * nobody is expected for a request that is finished. Inside an operation. */
int dawr_appointment_cancel_for_closed_in(dawr_applications *a, const char *ref, const char *counter);

#endif
