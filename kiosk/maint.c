#include "maint.h"

#include <stdlib.h>
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

int kiosk_maint_pin_ok(const char *pin)
{
    const char *want = getenv("DAWR_KIOSK_PIN");
    if (!want || strlen(want) < 4 || !pin) return 0;
    size_t n = strlen(want), m = strlen(pin);
    unsigned diff = (unsigned)(n ^ m);
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)want[i] ^ (unsigned char)(i < m ? pin[i] : 0);
    return diff == 0;
}
