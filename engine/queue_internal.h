/* The queue's insides, for the engine's own modules that read or write the tables beside the
 * queue's operations (staff.c, report.c) and for tests that inject faults. Programs use queue.h:
 * this header includes <sqlite3.h>, which no part above the engine may include, so the build
 * refuses it there. */
#ifndef DAWR_QUEUE_INTERNAL_H
#define DAWR_QUEUE_INTERNAL_H

#include "queue.h"

#include <jansson.h>
#include <stdarg.h>
#include <sqlite3.h>

/* The queue's connection. Owned by the queue. */
sqlite3 *dawr_queue_db(dawr_queue *q);

/* Copies the database BACKUP into the queue's own file through SQLite's online backup (the
 * programs using it go on, and see the restored content whole), then migrates it. Returns
 * DAWR_OK, or DAWR_STORE_FAILED with the reason in dawr_queue_error (nothing changed). */
int dawr_queue_restore_from(dawr_queue *q, const char *backup);

/* The configuration the queue was opened with. */
const dawr_config *dawr_queue_config(const dawr_queue *q);

/* The one writer of the log: appends an event of KIND at AT in the caller's transaction (in
 * its own when none is open). COUNTER may be NULL; DETAIL is a JSON object or NULL for {}, and
 * is released here. Returns DAWR_OK or DAWR_STORE_FAILED (the reason in dawr_queue_error). */
int dawr_queue_append_event(dawr_queue *q, dawr_ms at, long long ticket, const char *counter, dawr_event_kind kind,
                            json_t *detail);

/* Binds parameter INDEX of ST to KIND's name, so SQL compares kinds by the table's names
 * ("WHERE kind = ?4"), never by words of its own. */
void dawr_bind_event_kind(sqlite3_stmt *st, int index, dawr_event_kind kind);

/* The tickets table's columns that dawr_ticket_from_row reads:
 * "SELECT " DAWR_TICKET_COLUMNS ", more FROM tickets ...". */
#define DAWR_TICKET_COLUMNS "id, day, prefix, number, service, coalesce(counter, ''), priority, state," \
                            " issued_at, coalesce(first_called_at, 0), coalesce(called_at, 0), recalls," \
                            " coalesce(serving_at, 0), coalesce(finished_at, 0), needs, channel, coalesce(outcome, '')," \
                            " coalesce(aside_at, 0), aside_ms, coalesce(appointment_at, 0)"
/* How many columns DAWR_TICKET_COLUMNS reads: the index of the first column after them. */
#define DAWR_TICKET_COLUMN_COUNT 20
/* Fills OUT from a row of ST that starts with DAWR_TICKET_COLUMNS (people_ahead left 0). */
void dawr_ticket_from_row(sqlite3_stmt *st, dawr_ticket *out);

/* A transaction of the engine's other modules, as the queue's own operations run: begin (BEGIN
 * IMMEDIATE, the operation's time and day fixed, yesterday closed), then end with the result
 * (commit on DAWR_OK, else roll back). */
int dawr_queue_begin(dawr_queue *q);
int dawr_queue_end(dawr_queue *q, int result);
/* The time and the service day of the operation in progress. */
dawr_ms dawr_queue_op_now(const dawr_queue *q);
const char *dawr_queue_op_day(const dawr_queue *q);
/* Writes a refusal's VALUES (taken; NULL for none) as JSON into VALUES_OUT ("{}" when it does
 * not fit) and its words FMT, AP into ERROR: the one way the queue and applications record why. */
void dawr_reason_record(char *values_out, size_t values_size, json_t *values, char *error, size_t error_size,
                        const char *fmt, va_list ap);
/* Records a database failure RC as the queue's last error; returns DAWR_STORE_FAILED. */
int dawr_queue_store_failed(dawr_queue *q, int rc);
/* Issues the ticket REQ asks for inside the operation in progress (appointment.c's check-in):
 * as dawr_queue_issue_request, without a transaction of its own. */
int dawr_queue_issue_in(dawr_queue *q, const dawr_issue_request *req, dawr_ticket *out);
/* Resolves a ticket reference ("A-023" today, "#12" or "12") inside the operation in progress. */
int dawr_queue_find_in(dawr_queue *q, const char *ref, dawr_ticket *out);

/* application.c, inside a queue operation: opens an application for the finished ticket T at
 * COUNTER when [applications] says its service and outcome open one (nothing when it has one
 * already); and erases the contacts whose days after closing are over. DAWR_OK or a store failure. */
int dawr_application_open_for_visit(dawr_queue *q, const dawr_ticket *t, const char *counter);
/* Notes in application REF's history that ticket TICKET_ID was taken about it (nothing when REF
 * names none). In the caller's transaction. */
int dawr_application_note_visit(dawr_queue *q, const char *ref, long long ticket_id);
int dawr_application_erase_due_in(dawr_queue *q, int *erased);

#endif
