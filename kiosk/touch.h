/* Taps for shaking hands, without SDL: a press belongs to the button it started on; it counts
 * on release inside that button (sliding off cancels, sliding back re-arms), or at once when
 * held long enough; any tap sooner than double_tap_ms after the last one counts for nothing,
 * so a tremor never issues two tickets, even when the second tap lands on the next screen. */
#ifndef KIOSK_TOUCH_H
#define KIOSK_TOUCH_H

#include <stdint.h>

typedef int64_t kiosk_ms;

typedef struct {
    int double_tap_ms, long_press_ms;
    int target;              /* button the finger went down on, -1 none */
    int inside;              /* the finger is still over it */
    int fired;               /* a long press already counted; release does nothing */
    kiosk_ms down_at;
    kiosk_ms last_tap_at;    /* when the last tap counted (or was swallowed) */
    int have_last;
} kiosk_touch;

void kiosk_touch_init(kiosk_touch *t, int double_tap_ms, int long_press_ms);

/* The finger went down over TARGET (-1: no button) at NOW. */
void kiosk_touch_down(kiosk_touch *t, int target, kiosk_ms now);
/* The finger moved; TARGET is the button under it now. */
void kiosk_touch_move(kiosk_touch *t, int target);
/* The finger lifted over TARGET. Returns the button tapped, or -1 (slid off, ignored). */
int kiosk_touch_up(kiosk_touch *t, int target, kiosk_ms now);
/* Called every frame: returns the button of a long press the first time it is long enough. */
int kiosk_touch_tick(kiosk_touch *t, kiosk_ms now);
/* The button to draw pressed now, or -1. */
int kiosk_touch_pressed(const kiosk_touch *t);
/* Forgets the press in progress (the screen changed under the finger). */
void kiosk_touch_cancel(kiosk_touch *t);

#endif
