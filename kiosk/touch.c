#include "touch.h"

void kiosk_touch_init(kiosk_touch *t, int double_tap_ms)
{
    *t = (kiosk_touch){ .double_tap_ms = double_tap_ms };
}

int kiosk_touch_accept(kiosk_touch *t, kiosk_ms now)
{
    int ok = !t->have_last || now - t->last_tap_at >= t->double_tap_ms;
    t->last_tap_at = now;
    t->have_last = 1;
    return ok;
}
