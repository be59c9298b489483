#include "maint.h"

#include "staff.h"

#include <stdio.h>
#include <string.h>

#define HOLD_MS 3000
#define WITHIN_MS 10000

int kiosk_gesture_feed(kiosk_gesture *g, int down, int x, int y, int w, int h, int corner, int first_right,
                       kiosk_ms now)
{
    (void)h;
    int top = y < corner;
    int in_right = top && x >= w - corner, in_left = top && x < corner;
    int in_first = first_right ? in_right : in_left, in_second = first_right ? in_left : in_right;
    if (g->stage && now - g->since > WITHIN_MS) g->stage = 0;
    if (down) {
        g->down_in_first = in_first;
        g->down_at = now;
        if (g->stage && !in_second) g->stage = 0;
        return 0;
    }
    if (g->down_in_first && in_first && now - g->down_at >= HOLD_MS) {
        g->stage = 1;
        g->since = now;
        return 0;
    }
    if (g->stage && in_second) {
        if (++g->stage == 3) { g->stage = 0; return 1; }
        return 0;
    }
    g->stage = 0;
    return 0;
}

int kiosk_maint_pin_ok(dawr_queue *q, const dawr_config *cfg, const char *pin, char *why, size_t why_size)
{
    char counter[64];
    if (!pin || !*pin) { snprintf(why, why_size, "no PIN typed"); return 0; }
    if (dawr_staff_kiosk_sign_in(q, cfg, pin, dawr_clock_now(), counter, sizeof counter, NULL, why, why_size) != DAWR_OK)
        return 0;
    snprintf(why, why_size, "the PIN of counter %s", counter);
    return 1;
}
