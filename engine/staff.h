/* Staff at the counters, on the queue's store: PINs kept only as Argon2id hashes (libsodium),
 * sign-in locked after repeated wrong PINs (each counter's console and the kiosk's maintenance
 * apart), and what a counter's page needs beyond dawr_queue_status: its waiting list and the
 * newest printer event. (Today's figures for the manager are the board's report for one day:
 * engine/report.h.)
 * The locks live in the database (table pin_locks: one per counter and one for the kiosk), so
 * restarting a program lifts none. */
#ifndef DAWR_STAFF_H
#define DAWR_STAFF_H

#include "clock.h"
#include "queue.h"

#include <stddef.h>

/* Results beyond the queue's DAWR_OK / DAWR_NOT_FOUND / DAWR_STORE_FAILED. */
enum {
    DAWR_STAFF_WRONG_PIN = -4,    /* the PIN does not match; attempts_left says how many remain */
    DAWR_STAFF_LOCKED = -5,       /* too many wrong PINs; locked_seconds says how long still */
    DAWR_STAFF_NO_PIN = -6,       /* no PIN was ever set for that counter: no sign-in at all */
    DAWR_STAFF_BAD_PIN = -7,      /* set_pin: not 4 to 12 digits */
};

#define DAWR_PIN_MIN 4
#define DAWR_PIN_MAX 12

/* Stores an Argon2id hash of PIN (4..12 digits) for COUNTER_ID, replacing any older one and
 * lifting its counter's lock (not the kiosk's); logs a "pin" event (without the PIN). Returns DAWR_OK or a result above,
 * with the reason in ERR. */
int dawr_staff_set_pin(dawr_queue *q, const char *counter_id, const char *pin, char *err, size_t err_size);

/* Whether COUNTER_ID has a PIN: 1 yes, 0 no, <0 on failure. */
int dawr_staff_has_pin(dawr_queue *q, const char *counter_id);

typedef struct {
    int attempts_left;            /* after a wrong PIN: how many more before the lock */
    int locked_seconds;           /* when locked: seconds until sign-in is allowed again */
} dawr_sign_in_info;

/* Checks PIN for COUNTER_ID at time NOW (the console). A wrong PIN counts against that
 * counter's own lock: the settings' pin_attempts-th wrong one in a row locks its sign-in for
 * lockout_minutes (a "lockout" event is logged); while locked no PIN is even checked. A right
 * PIN clears the count. Slow on purpose (Argon2id).
 * Returns DAWR_OK or a result above (reason in ERR, details in INFO when not NULL). */
int dawr_staff_sign_in(dawr_queue *q, const dawr_config *cfg, const char *counter_id, const char *pin,
                       dawr_ms now, dawr_sign_in_info *info, char *err, size_t err_size);

/* The kiosk's maintenance: PIN is right when it is any configured counter's PIN; that
 * counter's id goes in COUNTER_ID. Counts against the kiosk's own lock, with the same settings
 * and results as dawr_staff_sign_in, and never against (nor checks) a counter's: the public
 * touchscreen cannot lock the consoles, nor the consoles the kiosk. DAWR_STAFF_NO_PIN when no
 * counter has a PIN. Slow on purpose (one Argon2id check per counter). */
int dawr_staff_kiosk_sign_in(dawr_queue *q, const dawr_config *cfg, const char *pin, dawr_ms now, char *counter_id,
                             size_t counter_size, dawr_sign_in_info *info, char *err, size_t err_size);

/* Calls FN for each ticket waiting today that COUNTER may call, in the order call-next follows
 * within one priority (priority first, then oldest), with NOTE the latest transfer note ("" when
 * none; valid during the call only). Stops early when FN returns non-zero. */
int dawr_staff_waiting(dawr_queue *q, const dawr_counter *counter, dawr_ms now,
                       int (*fn)(const dawr_ticket *t, const char *note, void *ctx), void *ctx);

/* The latest transfer note of ticket ID into NOTE ("" when none). */
int dawr_staff_note(dawr_queue *q, long long ticket_id, char *note, size_t note_size);

/* What the console reprints for COUNTER_ID: the ticket called or served there now, else the
 * one it finished (done) last today as of NOW, into OUT. Returns DAWR_OK, DAWR_NOT_FOUND when
 * there is neither, or DAWR_STORE_FAILED. */
int dawr_staff_reprint_ticket(dawr_queue *q, const char *counter_id, dawr_ms now, dawr_ticket *out);

/* The newest printing event (DAWR_EVENT_PRINT ... DAWR_EVENT_PRINTER_STATE): its KIND, time and
 * DETAIL (JSON). Returns 1 when there is one, 0 when none, <0 on failure. */
int dawr_staff_printer(dawr_queue *q, dawr_event_kind *kind, dawr_ms *at, char *detail, size_t detail_size);

#endif
