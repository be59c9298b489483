/* The kiosk's receipts: after the store committed a ticket, its receipt is rendered (in the
 * visitor's language) and handed to printer/print.h, which returns at once; a worker thread
 * talks to CUPS. The kiosk's loop calls kiosk_printing_poll() on each wake-up (at most every
 * 250 ms it records the printer's events in the store) and the ticket screen shows how the
 * job goes: printing, printed, or the printer's own words when it needs attention. The
 * ticket is valid whatever happens to its receipt. */
#ifndef KIOSK_PRINTING_H
#define KIOSK_PRINTING_H

#include "config.h"
#include "queue.h"
#include "text_number.h"
#include "touch.h"

typedef enum {
    KIOSK_PRINT_UNKNOWN,     /* nothing submitted for this ticket yet (a printer that could not start is ATTENTION) */
    KIOSK_PRINT_PRINTING,
    KIOSK_PRINT_PRINTED,
    KIOSK_PRINT_ATTENTION,   /* out of paper, jammed, offline: the ticket is still valid */
} kiosk_print_state;

/* Prepares printing for CFG's [printer] with events in DB_PATH (both must outlive it). The
 * printer, its own store connection and the receipt's fonts start with the first receipt. */
void kiosk_printing_init(const dawr_config *cfg, const char *db_path);

/* Stops the printing thread (after its current request) and records the last events. */
void kiosk_printing_finish(void);

/* Renders T's receipt in LANG and submits it (T was committed). A reprint is one more call. */
void kiosk_printing_submit(const dawr_ticket *t, dawr_lang lang);

/* Records what changed as events; cheap, never waits for the printer: call it from the loop.
 * Returns 1 when a job or the printer changed (the screen should be drawn again). */
int kiosk_printing_poll(kiosk_ms now);

/* How printing T's latest receipt is going. For the layout tests' worst case,
 * $DAWR_KIOSK_PRINT_STATE (printing, printed, attention) overrides it. */
kiosk_print_state kiosk_printing_state(const dawr_ticket *t);

/* Why the printer needs attention, in LANG (the printer's message; "" when it said nothing).
 * Static: valid until the next call. */
const char *kiosk_printing_message(dawr_lang lang);

/* The printer's state in words for the maintenance screen (static, English). */
const char *kiosk_printing_describe(void);

#endif
