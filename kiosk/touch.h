/* Taps for shaking hands. The UI shell counts a tap on release inside the button pressed
 * (sliding off cancels; a long hold then release still counts). This guard adds the rule the
 * kiosk needs on top: a tap sooner than double_tap_ms after the last one counts for nothing,
 * so a tremor never issues two tickets, even when the second tap lands on the next screen. */
#ifndef KIOSK_TOUCH_H
#define KIOSK_TOUCH_H

#include <stdint.h>

typedef int64_t kiosk_ms;

typedef struct {
    int double_tap_ms;
    kiosk_ms last_tap_at;    /* when the last tap came, counted or not */
    int have_last;
} kiosk_touch;

void kiosk_touch_init(kiosk_touch *t, int double_tap_ms);

/* A tap came at NOW (milliseconds, monotonic). Returns 1 when it counts. Every tap, counted
 * or not, restarts the quiet interval, so a hand that keeps shaking keeps being ignored. */
int kiosk_touch_accept(kiosk_touch *t, kiosk_ms now);

#endif
