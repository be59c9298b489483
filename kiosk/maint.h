/* The staff's way in: a hidden gesture (a long hold on the top corner at the start of the
 * line — top right in Arabic — then two taps on the opposite top corner) opens a PIN pad;
 * the right PIN opens maintenance (reprint, printer state, exit). No key combination does. */
#ifndef KIOSK_MAINT_H
#define KIOSK_MAINT_H

#include "queue.h"
#include "touch.h"

#include <stddef.h>

typedef struct {
    int stage;               /* 0: waiting for the hold, 1..2: taps seen on the other corner */
    kiosk_ms since;          /* when the current stage began */
    kiosk_ms down_at;        /* when a finger went down in the first corner */
    int down_in_first;
} kiosk_gesture;

/* Feeds a finger going down or up at (X, Y) on a W x H screen; CORNER is the corner size in
 * pixels; FIRST_RIGHT says whether the hold is in the top-right corner (Arabic). Returns 1
 * when the gesture is complete. The whole gesture must finish within 10 seconds. */
int kiosk_gesture_feed(kiosk_gesture *g, int down, int x, int y, int w, int h, int corner, int first_right,
                       kiosk_ms now);

/* Whether PIN is a staff PIN: the PIN of any counter in the console's Argon2id store (engine/
 * staff.h, set with `dawrctl set-pin COUNTER`). Wrong PINs count against the kiosk's own lock
 * (pin_attempts, lockout_minutes), never a counter's console. No PIN set means maintenance
 * stays locked. Slow on purpose (Argon2id per counter). Says why in WHY (never the PIN). */
int kiosk_maint_pin_ok(dawr_queue *q, const dawr_config *cfg, const char *pin, char *why, size_t why_size);

#endif
