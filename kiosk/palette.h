/* The kiosk's colours: text on its background. The contrast is measured where each text is
 * drawn (the shell's layout dump, dawr_ui_contrast), and tests/test_kiosk.c requires at least
 * 7:1 (WCAG 2 "AAA") on every screen, in both languages and both orientations. */
#ifndef KIOSK_PALETTE_H
#define KIOSK_PALETTE_H

#include <stdint.h>

typedef struct { uint8_t r, g, b; } kiosk_rgb;

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
    kiosk_rgb fg, bg, border;    /* a pressed button's fill is darkened by the shell */
} kiosk_colors;

/* The colours of STYLE (a static table). */
const kiosk_colors *kiosk_palette(kiosk_style style);

/* The page's background. */
kiosk_rgb kiosk_palette_page(void);
/* The thick edge of a chosen reason: warm gold, seen on the page and on the chosen fill. */
kiosk_rgb kiosk_palette_chosen_edge(void);

#endif
