/* Slips for tickets: the one service every program prints through (the kiosk, the console's
 * reprint, dawrctl). It lays a ticket's slip out (receipt.h), hands it to the printing thread
 * (print.h), which returns at once, and tells its caller how the slip goes: printing, printed,
 * waiting for the printer (with the printer's words in English and Arabic) or failed. The
 * fonts and the printing thread start with the first slip, so opening costs nothing.
 * One rule lives here: a reprint leaves out people ahead and the wait, which were true when
 * the ticket was issued and are not known after. */
#ifndef DAWR_SLIPS_H
#define DAWR_SLIPS_H

#include "appointment.h"
#include "config.h"
#include "receipt.h"
#include "mono.h"
#include "print.h"
#include "queue.h"
#include "text_number.h"

#include <stddef.h>

typedef struct dawr_slips dawr_slips;

typedef enum {
    DAWR_SLIP_ORIGINAL,       /* printed as the ticket is issued: with people ahead and the wait */
    DAWR_SLIP_REPRINT,        /* printed again later: without them */
    DAWR_SLIP_DOCUMENTS,      /* after a visit finished with documents missing: the service's
                               * documents to bring, in the visitor's language */
} dawr_slip_copy;

typedef enum {
    DAWR_SLIP_NONE,           /* nothing printed for the ticket */
    DAWR_SLIP_PRINTING,       /* queued, sent or printing */
    DAWR_SLIP_PRINTED,
    DAWR_SLIP_ATTENTION,      /* waiting for the printer (paper, cover, stopped): comes out once fixed */
    DAWR_SLIP_FAILED,         /* not printed: print it again */
} dawr_slip_state;

/* How one slip goes. */
typedef struct {
    int slip;                 /* its number (dawr_slips_print), 0 when none */
    dawr_slip_state state;
    dawr_print_problem problem;   /* why it waits or failed; DAWR_PRINT_OK otherwise */
    int cups_job;             /* the job in CUPS or the printer; 0 until accepted */
    char message[256];        /* what happened to it, for staff (English); may be "" */
    char printer_en[256];     /* the printer's words when it needs attention, else "" */
    char printer_ar[256];
} dawr_slip_status;

/* Prepares slips for CFG (its [printer]; CFG must outlive the service), with events in Q when
 * not NULL (written on the caller's thread only; Q must outlive the service). For the kiosk's
 * layout tests, $DAWR_KIOSK_PRINT_STATE=printing|printed|attention forces what
 * dawr_slips_of_ticket() says (read here, once); a list ("printing,printed,attention") gives
 * each new ticket asked about the next state in turn. Returns NULL with the reason in ERR. */
dawr_slips *dawr_slips_open(const dawr_config *cfg, dawr_queue *q, char *err, size_t err_size);

/* Events from now on go to Q (NULL: none): for a program that started before its database
 * existed (the kiosk before dawrctl init or restore). Q must outlive the service. */
void dawr_slips_set_events(dawr_slips *s, dawr_queue *q);

/* Stops the printing thread (after its current request), records the last events, frees
 * everything. Jobs already in CUPS stay there. Accepts NULL. */
void dawr_slips_close(dawr_slips *s);

/* The [printer] language: for a slip no visitor chose a language for. */
dawr_lang dawr_slips_language(const dawr_slips *s);

/* T's slip in LANG as it would be printed now, into a new bitmap OUT (dawr_mono_release).
 * Returns 0, or -1 with the reason in dawr_slips_problem() and dawr_slips_error(). */
int dawr_slips_render(dawr_slips *s, const dawr_ticket *t, dawr_lang lang, dawr_slip_copy copy, dawr_mono *out);

/* Lays T's slip out and queues it (T is committed: a failed slip never loses the ticket);
 * returns at once with the slip's number (> 0), its "print" event recorded, or -1 with the
 * reason in dawr_slips_problem() and dawr_slips_error(). */
int dawr_slips_print(dawr_slips *s, const dawr_ticket *t, dawr_lang lang, dawr_slip_copy copy);

/* A return appointment's slip (receipt.h) of application APP in LANG: laid out into a new
 * bitmap OUT (LAYOUT may be NULL), or queued as dawr_slips_print does, its "print" event on the
 * application's ticket. The same returns. */
int dawr_slips_render_appointment(dawr_slips *s, const dawr_application *app, const dawr_appointment *ap, dawr_lang lang,
                                  dawr_mono *out, dawr_receipt_layout *layout);
int dawr_slips_print_appointment(dawr_slips *s, const dawr_application *app, const dawr_appointment *ap, dawr_lang lang);

/* Why the last render or print failed: DAWR_PRINT_CANNOT_START, _NOT_LAID_OUT or
 * _OUT_OF_MEMORY, and in words (owned by S). */
dawr_print_problem dawr_slips_problem(const dawr_slips *s);
const char *dawr_slips_error(const dawr_slips *s);

/* Records what changed as events; cheap, never waits for the printer: call it from the event
 * loop. Returns 1 when a slip or the printer changed since the last call (redraw, notify). */
int dawr_slips_poll(dawr_slips *s);

/* How SLIP goes, into OUT (state NONE when there is no such slip). */
void dawr_slips_status(dawr_slips *s, int slip, dawr_slip_status *out);

/* How the newest slip of ticket TICKET_ID goes (of the last few printed), into OUT: NONE when
 * none, ATTENTION with DAWR_PRINT_CANNOT_START when printing could not start. */
void dawr_slips_of_ticket(dawr_slips *s, long long ticket_id, dawr_slip_status *out);

/* Waits up to TIMEOUT_MS, recording events, until SLIP is printed, failed or held for the
 * printer (dawrctl), then says how it goes into OUT. */
void dawr_slips_wait(dawr_slips *s, int slip, int timeout_ms, dawr_slip_status *out);

/* The printer as last seen into OUT: 1, or 0 when nothing was printed yet, -1 when printing
 * could not start (OUT untouched then). */
int dawr_slips_printer(dawr_slips *s, dawr_printer_status *out);

/* "none", "printing", "printed", "attention", "failed". */
const char *dawr_slip_state_name(dawr_slip_state state);

#endif
