/* Word to the family (issue 16): Dawr sends nothing itself and needs no internet. Staff prepare
 * a message on their own device (the console's WhatsApp and tel: links, text/text_message.h), and
 * only where a contact is kept with consent; each is logged (app_notify: the message's kind and
 * language, never the number). And who should be told today: a decision recorded but not yet
 * told, an appointment tomorrow not yet reminded. docs/applications.md. */
#ifndef DAWR_FAMILY_H
#define DAWR_FAMILY_H

#include "application.h"
#include "appointment.h"

/* What a message says. */
typedef enum {
    DAWR_MESSAGE_DECISION,        /* the committee's answer is ready: please come or call */
    DAWR_MESSAGE_DOCUMENTS,       /* documents are needed to go on */
    DAWR_MESSAGE_REMINDER,        /* the coming appointment */
    DAWR_MESSAGE_COUNT
} dawr_message_kind;

/* "decision", "documents", "reminder"; and back (-1 when NAME is none). */
const char *dawr_message_kind_name(dawr_message_kind kind);
int dawr_message_kind_parse(const char *name, dawr_message_kind *out);

/* Logs that the KIND message in LANG ("ar" or "en") is prepared for REF's family and gives what
 * it needs: the application into APP, the contact into CONTACT, the coming appointment into
 * APPOINTMENT (a reminder's; zeroed otherwise). Refusals, nothing logged: unknown_message,
 * no_contact (no consent recorded), no_decision (a decision message before any), no_appointment,
 * appointment_past (a reminder), and the applications' own. */
int dawr_family_notify(dawr_applications *a, const char *ref, const char *kind, const char *lang, const char *counter,
                       dawr_application *app, dawr_contact *contact, dawr_appointment *appointment);

/* One who should be told today. */
typedef struct {
    dawr_application app;
    dawr_message_kind kind;       /* DECISION or REMINDER */
    char appointment[17];         /* a reminder's local "YYYY-MM-DD HH:MM" */
} dawr_to_tell;

/* The most dawr_family_to_tell lists in one answer. */
#define DAWR_TO_TELL_MAX 256

/* Who should be told today, into OUT (MAX, at most DAWR_TO_TELL_MAX): every application with a decision recorded and no
 * decision message since, then every appointment of tomorrow with no reminder since it was
 * booked or moved; with or without a contact (without one, staff tell them at their next visit
 * or call). Returns the count or a failure (<0). */
int dawr_family_to_tell(dawr_applications *a, dawr_to_tell *out, int max);

#endif
