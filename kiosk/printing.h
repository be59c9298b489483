/* The printing state shown under the ticket number. Printing belongs to the printer branch;
 * this is the hook it plugs into: one function that starts printing a ticket and one that
 * says how it went. Until then the state is unknown and the screen asks the visitor to show
 * the number to the staff, which is always valid. */
#ifndef KIOSK_PRINTING_H
#define KIOSK_PRINTING_H

#include "queue.h"

typedef enum {
    KIOSK_PRINT_UNKNOWN,     /* no printer wired in (yet) */
    KIOSK_PRINT_PRINTING,
    KIOSK_PRINT_PRINTED,
    KIOSK_PRINT_ATTENTION,   /* out of paper, jammed, offline: the ticket is still valid */
} kiosk_print_state;

/* Starts printing T (after the store committed it). */
void kiosk_printing_submit(const dawr_ticket *t);

/* How printing T is going. For tests and screenshots, $DAWR_KIOSK_PRINT_STATE (printing,
 * printed, attention) overrides the unknown state. */
kiosk_print_state kiosk_printing_state(const dawr_ticket *t);

/* The printer's state in words for the maintenance screen (a static string). */
const char *kiosk_printing_describe(void);

#endif
