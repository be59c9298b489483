#include "touch.h"

void kiosk_touch_init(kiosk_touch *t, int double_tap_ms, int long_press_ms)
{
    *t = (kiosk_touch){ .double_tap_ms = double_tap_ms, .long_press_ms = long_press_ms, .target = -1 };
}

void kiosk_touch_down(kiosk_touch *t, int target, kiosk_ms now)
{
    t->target = target;
    t->inside = target >= 0;
    t->fired = 0;
    t->down_at = now;
}

void kiosk_touch_move(kiosk_touch *t, int target)
{
    if (t->target >= 0) t->inside = target == t->target;
}

/* Whether a tap at NOW counts; every tap, counted or not, restarts the quiet interval,
 * so a hand that keeps shaking keeps being ignored. */
static int counts(kiosk_touch *t, kiosk_ms now)
{
    int ok = !t->have_last || now - t->last_tap_at >= t->double_tap_ms;
    if (ok) { t->last_tap_at = now; t->have_last = 1; }
    return ok;
}

int kiosk_touch_up(kiosk_touch *t, int target, kiosk_ms now)
{
    int was = t->target, fired = t->fired;
    t->target = -1;
    t->inside = 0;
    if (was < 0 || fired || target != was) return -1;
    return counts(t, now) ? was : -1;
}

int kiosk_touch_tick(kiosk_touch *t, kiosk_ms now)
{
    if (t->target < 0 || !t->inside || t->fired || now - t->down_at < t->long_press_ms) return -1;
    t->fired = 1;
    return counts(t, now) ? t->target : -1;
}

int kiosk_touch_pressed(const kiosk_touch *t)
{
    return t->target >= 0 && t->inside && !t->fired ? t->target : -1;
}

void kiosk_touch_cancel(kiosk_touch *t)
{
    t->target = -1;
    t->inside = 0;
}
