/* The visitor's receipt as a 1-bit bitmap at the printer's resolution, laid out top to
 * bottom: the association's name and logo, the ticket number very large, the visit reason,
 * Gregorian and Hijri date and time, people ahead and the estimated wait, for a new
 * request the documents to bring, the service's notice (dawr.conf) and the date two weeks on,
 * the association's channels, a QR code identifying the ticket, and the invitation to rate
 * the visit at the kiosk. A ticket with needs shows a small line naming them (and "priority")
 * under the visit reason, so the desk sees them on the slip the visitor hands over. Arabic first; English when the visitor chose English. */
#ifndef DAWR_RECEIPT_H
#define DAWR_RECEIPT_H

#include "appointment.h"
#include "config.h"
#include "mono.h"
#include "queue.h"
#include "text_number.h"

#include <stddef.h>

/* The research committee replies to a new request no sooner than this (the policy's two
 * weeks): the receipt and the kiosk's ticket screen show and say the first such day. */
#define DAWR_REPLY_NOT_BEFORE_DAYS 14

typedef struct { int x, y, w, h; } dawr_receipt_box;

/* One line of text as laid out: its words (the start, UTF-8) and where its ink may fall. */
typedef struct {
    char text[120];
    dawr_receipt_box box;         /* x and width of the line's ink; y from about its cap line */
} dawr_receipt_line;

#define DAWR_RECEIPT_MAX_LINES 64

/* Where the layout put things, for tests and for the kiosk's on-screen copy. */
typedef struct {
    dawr_receipt_box number;      /* the ticket number's ink */
    dawr_receipt_box qr;          /* the QR code, quiet zone included */
    dawr_receipt_box logo;
    int qr_module;                /* dots per QR module */
    char qr_text[128];            /* what the QR code says */
    dawr_receipt_line lines[DAWR_RECEIPT_MAX_LINES]; /* every line of text, top to bottom */
    int line_count;
} dawr_receipt_layout;

typedef struct dawr_receipt dawr_receipt;

/* Prepares receipts for the reception in CFG (which must outlive it): fonts, the logo.
 * Returns a handle (dawr_receipt_free) or NULL with the reason in ERR. */
dawr_receipt *dawr_receipt_new(const dawr_config *cfg, char *err, size_t err_size);
void dawr_receipt_free(dawr_receipt *r);

/* Lays out T's receipt in LANG ("ar" or "en"; NULL: the [printer] language) as of NOW
 * (dates, the two-week notice) into a new bitmap OUT, [printer] width_dots wide; LAYOUT
 * may be NULL. Returns 0, or -1 with the reason in dawr_receipt_error(). */
int dawr_receipt_render(dawr_receipt *r, const dawr_ticket *t, const char *lang, dawr_ms now, dawr_mono *out,
                        dawr_receipt_layout *layout);

/* What a slip is: the visitor's ticket, or after a visit finished with documents missing, the
 * list of the service's documents to bring (no wait, no QR code). */
typedef enum { DAWR_RECEIPT_TICKET, DAWR_RECEIPT_DOCUMENTS } dawr_receipt_kind;

/* As dawr_receipt_render, for either KIND. */
int dawr_receipt_render_kind(dawr_receipt *r, const dawr_ticket *t, dawr_receipt_kind kind, const char *lang,
                             dawr_ms now, dawr_mono *out, dawr_receipt_layout *layout);

/* A return appointment's slip (issue 16): the association, "Your appointment", the application's
 * reference very large, the day and time in both calendars, the documents its service asks for,
 * the association's channels and a QR code of the appointment. No name, no phone number: the
 * contact is never printed. As dawr_receipt_render otherwise. */
int dawr_receipt_render_appointment(dawr_receipt *r, const dawr_application *app, const dawr_appointment *ap,
                                    const char *lang, dawr_ms now, dawr_mono *out, dawr_receipt_layout *layout);
/* What its QR code says: "DAWR:A:<reference>:<local time>", e.g. "DAWR:A:1448-0007:2026-12-08T10:30". */
void dawr_receipt_appointment_qr_text(const dawr_appointment *ap, char *buf, size_t size);

/* The words of NEED in LANG, as the receipt's mark and the kiosk say them. */
const char *dawr_receipt_need_words(dawr_need need, dawr_lang lang);

/* Why the last render failed. Owned by R. */
const char *dawr_receipt_error(const dawr_receipt *r);

/* What the QR code says: "DAWR:T:<id>:<day>:<code>", e.g. "DAWR:T:42:2026-11-25:A-023":
 * enough for the kiosk's rating screen and the console to find the ticket. */
void dawr_receipt_qr_text(const dawr_ticket *t, char *buf, size_t size);

#endif
