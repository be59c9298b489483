/* The kiosk's colours, every text colour checked against its background for a contrast of
 * at least 7:1 (WCAG 2 "AAA" contrast ratio, computed, not assumed). */
#ifndef KIOSK_PALETTE_H
#define KIOSK_PALETTE_H

#include <stdint.h>

typedef struct { uint8_t r, g, b; } kiosk_rgb;

/* WCAG 2 contrast ratio of two opaque colours, 1..21. */
double kiosk_contrast(kiosk_rgb a, kiosk_rgb b);

/* The colour pairs of the kiosk: text on background. */
typedef enum {
    KIOSK_STYLE_PAGE,        /* titles and body text on the page */
    KIOSK_STYLE_PRIMARY,     /* the big choices */
    KIOSK_STYLE_SECONDARY,   /* lesser buttons: back, language, listen */
    KIOSK_STYLE_HELP,        /* "I need help" */
    KIOSK_STYLE_NUMBER,      /* the ticket number panel */
    KIOSK_STYLE_NOTICE,      /* documents and the committee notice */
    KIOSK_STYLE_WARN,        /* printer trouble, out of service */
    KIOSK_STYLE_FACE1, KIOSK_STYLE_FACE2, KIOSK_STYLE_FACE3, KIOSK_STYLE_FACE4, KIOSK_STYLE_FACE5,
    KIOSK_STYLE_SELECTED,    /* a chosen reason */
    KIOSK_STYLE_COUNT
} kiosk_style;

typedef struct {
    kiosk_rgb fg, bg, pressed_bg, border;
} kiosk_colors;

/* The colours of STYLE (a static table). */
const kiosk_colors *kiosk_palette(kiosk_style style);

/* The page's background. */
kiosk_rgb kiosk_palette_page(void);

/* The lowest text contrast over every style, normal and pressed (tests and start-up check). */
double kiosk_palette_min_contrast(void);

#endif
