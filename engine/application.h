/* Applications followed to their answer (the policy's steps 5-7): a new support request gets a
 * reference read aloud and typed on a keypad (the Hijri year and a number, 1448-0007), tied to
 * its ticket, and moves through the [applications] steps, each change an event with the counter,
 * the time and a short note. It keeps no name and no national ID. A phone number to tell the
 * family is kept only with consent (who gave it, when), only while the application is open and
 * contact_days after it closes, never in the log and never sent to the centre. docs/applications.md. */
#ifndef DAWR_APPLICATION_H
#define DAWR_APPLICATION_H

#include "hijri.h"
#include "queue.h"

#include <jansson.h>
#include <stddef.h>

/* The longest note on a change of step, in bytes of UTF-8. */
#define DAWR_APPLICATION_NOTE_MAX 280

/* An application as a value. */
typedef struct {
    char ref[16];                 /* "1448-0007" */
    long long ticket;             /* the ticket's id */
    char ticket_code[16];         /* "A-023" of its day */
    char ticket_day[11];
    char service[33];
    char step[33];                /* an [applications] step id */
    dawr_ms opened_at, changed_at;
    dawr_ms decided_at;           /* first reached a decision step, 0 not yet */
    dawr_ms closed_at;            /* reached a closing step, 0 while open */
    char opened_day[11];          /* YYYY-MM-DD, local */
    char answer_not_before[11];   /* the earliest answer: opened_day + committee_days (Gregorian) */
    dawr_hijri_date answer_not_before_hijri;  /* the same day by Umm al-Qura */
    int overdue;                  /* open, undecided, and past its earliest answer date */
    int has_contact;
    char contact_erased_on[11];   /* the day its contact goes (closed day + contact_days), "" while open */
} dawr_application;

/* A contact kept with consent. */
typedef struct {
    char phone[17];               /* digits, with a leading + when international */
    char consent_by[10];          /* "applicant" or "family" */
    dawr_ms consent_at;
    char counter[33];             /* who recorded it, "" from dawrctl */
} dawr_contact;

/* Every reason an operation on applications is refused, as X(NAME, "code") in the queue's style
 * (DAWR_QUEUE_REASONS): stable codes for programs, the values in the comment. */
#define DAWR_APPLICATION_REASONS(X) \
    X(DB_FAILED, "db_failed")                 /* the database failed; nothing was changed */ \
    X(NOT_A_REFERENCE, "not_a_reference")     /* application: not written like 1448-0007 */ \
    X(NO_APPLICATION, "no_application")       /* application: no such reference */ \
    X(NO_TICKET, "no_ticket")                 /* ticket (the queue's reason, passed on) */ \
    X(ALREADY_APPLIED, "already_applied")     /* ticket, application: the ticket has one */ \
    X(UNKNOWN_STEP, "unknown_step")           /* step: not one of [applications] steps */ \
    X(ALREADY_IN_STEP, "already_in_step")     /* application, step */ \
    X(APPLICATION_CLOSED, "application_closed") /* application, step: it is finished */ \
    X(NOTE_TOO_LONG, "note_too_long")         /* max_bytes */ \
    X(NOTE_NOT_TEXT, "note_not_text")         /* the note's bytes are not valid UTF-8 */ \
    X(CONSENT_NEEDED, "consent_needed")       /* consent_by: not applicant or family */ \
    X(NOT_A_PHONE, "not_a_phone")             /* a phone number is 8 to 15 digits, maybe a leading + */ \
    X(UNKNOWN_COUNTER, "unknown_counter")     /* counter */ \
    X(NO_CONTACT, "no_contact")               /* application: no contact is kept (no consent) */ \
    X(NOT_A_TIME, "not_a_time")               /* at: not a local "YYYY-MM-DD HH:MM" */ \
    X(PAST_TIME, "past_time")                 /* at: an appointment is booked in the future only */ \
    X(OUTSIDE_HOURS, "outside_hours")         /* at, hours (the day's spans, "" when closed), holiday,
                                                 prayer (when in a prayer pause) */ \
    X(ALREADY_BOOKED, "already_booked")       /* application, at: it has a coming appointment; move it */ \
    X(NO_APPOINTMENT, "no_appointment")       /* application: no coming appointment */ \
    X(APPOINTMENT_PAST, "appointment_past")   /* application, at: its time has passed */ \
    X(UNKNOWN_MESSAGE, "unknown_message")     /* message: not decision, documents or reminder */ \
    X(NO_DECISION, "no_decision")             /* application, step: no decision recorded yet */ \
    X(NOT_A_SLIP, "not_a_slip")               /* text: no appointment slip of ours (another association's
                                                 code, a damaged or altered one) */ \
    X(APPOINTMENT_CANCELLED, "appointment_cancelled") /* application, at: the slip's appointment was cancelled */ \
    X(APPOINTMENT_MOVED, "appointment_moved") /* application, at (the new time), from: moved to another day */ \
    X(APPOINTMENT_OTHER_DAY, "appointment_other_day") /* application, at, past: it is not today */ \
    X(ALREADY_CHECKED_IN, "already_checked_in") /* application, at, ticket: checked in already, with that ticket */ \
    X(TICKET_REFUSED, "ticket_refused")       /* reason (the queue's code, as closed) and its values: no ticket now */

#define DAWR_APP_WHY_ENUM_(name, code) DAWR_APP_WHY_##name,
typedef enum { DAWR_APP_WHY_NONE, DAWR_APPLICATION_REASONS(DAWR_APP_WHY_ENUM_) DAWR_APP_WHY_COUNT } dawr_app_why;
#undef DAWR_APP_WHY_ENUM_

typedef struct dawr_applications dawr_applications;

/* The applications of the database Q holds (opened read-write), by its configuration. Q must
 * outlive it. NULL when out of memory. */
dawr_applications *dawr_applications_new(dawr_queue *q);
void dawr_applications_free(dawr_applications *a);

/* Why the last operation failed, in English words; its reason code ("" after a success) and the
 * values its words name as a JSON object's text. Valid until the next operation. */
const char *dawr_applications_error(const dawr_applications *a);
dawr_app_why dawr_applications_why(const dawr_applications *a);
const char *dawr_applications_reason(const dawr_applications *a);
const char *dawr_applications_reason_values(const dawr_applications *a);

/* Each operation below runs in one transaction, first erasing the contacts whose time is over,
 * and returns DAWR_OK, DAWR_NOT_FOUND, DAWR_REFUSED or DAWR_STORE_FAILED (queue.h) with the
 * reason above; OUT (may be NULL) gets the application acted on. COUNTER may be NULL (dawrctl). */

/* Opens an application for the ticket TICKET_REF ("A-023" today, or "#ID") at its first step. */
int dawr_application_open(dawr_applications *a, const char *ticket_ref, const char *counter, dawr_application *out);
/* Moves REF to STEP with NOTE (NULL or "" for none; UTF-8, at most DAWR_APPLICATION_NOTE_MAX bytes). */
int dawr_application_set_step(dawr_applications *a, const char *ref, const char *step, const char *counter,
                              const char *note, dawr_application *out);
int dawr_application_find(dawr_applications *a, const char *ref, dawr_application *out);
/* The application opened by the visit of ticket TICKET_ID (its receipt's QR): DAWR_OK, or
 * DAWR_NOT_FOUND (no_application). */
int dawr_application_of_ticket(dawr_applications *a, long long ticket_id, dawr_application *out);
/* Open applications at STEP (NULL: any) — or, with OVERDUE, only those overdue — oldest first,
 * into OUT (MAX); closed ones too when STEP names a closing step. Returns the count or <0. */
int dawr_applications_list(dawr_applications *a, const char *step, int overdue, dawr_application *out, int max);
/* How many applications dawr_applications_list would give without a limit, or <0. */
int dawr_applications_count(dawr_applications *a, const char *step, int overdue);
/* Calls FN for each event of REF's application, oldest first. Returns DAWR_OK or a result above. */
int dawr_application_history(dawr_applications *a, const char *ref, int (*fn)(const dawr_event *ev, void *ctx),
                             void *ctx);

/* Keeps PHONE for the open application REF, given by CONSENT_BY ("applicant" or "family") now. */
int dawr_application_set_contact(dawr_applications *a, const char *ref, const char *phone, const char *consent_by,
                                 const char *counter, dawr_application *out);
/* The contact kept for REF into OUT: DAWR_OK, or DAWR_NOT_FOUND (no_contact, no_application). */
int dawr_application_contact(dawr_applications *a, const char *ref, dawr_contact *out);
/* Erases REF's contact on request. */
int dawr_application_erase_contact(dawr_applications *a, const char *ref, const char *counter);
/* Everything kept about REF, for the person it concerns: {application, history, contact}; logs
 * that it was handed over. A new reference into *OUT. */
int dawr_application_export(dawr_applications *a, const char *ref, const char *counter, json_t **out);
/* Erases now the contacts whose contact_days after closing are over; their count into *ERASED. */
int dawr_applications_erase_due(dawr_applications *a, int *erased);

/* The application as JSON (dawrctl --json, later the console): ref, ticket, step, its names, the
 * dates (answer_not_before in both calendars), overdue, has_contact. Never the phone number. */
json_t *dawr_application_json(const dawr_applications *a, const dawr_application *app);

/* A reference typed or read: "1448-0007", "1448 7", "14480007", in Western or Arabic-Indic
 * digits, into its year and number. Returns 0, or -1 when TEXT is not one. */
int dawr_application_parse_ref(const char *text, int *year, int *number);
/* The one way a reference is written: 1448-0007 (more digits past 9999). */
void dawr_application_format_ref(int year, int number, char *out, size_t size);

#endif
