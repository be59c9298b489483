#include "palette.h"

#include <math.h>

static double channel(uint8_t c)
{
    double v = c / 255.0;
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(kiosk_rgb c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double kiosk_contrast(kiosk_rgb a, kiosk_rgb b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

#define RGB(x) { (uint8_t)((x) >> 16), (uint8_t)((x) >> 8 & 0xff), (uint8_t)((x) & 0xff) }

/* A warm off-white page with near-black ink; every button deep and calm with white words, so
 * that the darker pressed state (the shell darkens it) only raises the contrast.
 * Faces go from a deep red to a deep green, each dark enough for white words at 7:1. */
static const kiosk_colors PALETTE[KIOSK_STYLE_COUNT] = {
    [KIOSK_STYLE_PAGE]      = { RGB(0x111111), RGB(0xFBF8F1), RGB(0xFBF8F1), RGB(0xFBF8F1) },
    [KIOSK_STYLE_PRIMARY]   = { RGB(0xFFFFFF), RGB(0x0B4F3C), RGB(0x062A20), RGB(0x041F17) },
    [KIOSK_STYLE_SECONDARY] = { RGB(0xFFFFFF), RGB(0x3D4A52), RGB(0x262F35), RGB(0x1C2327) },
    [KIOSK_STYLE_HELP]      = { RGB(0xFFFFFF), RGB(0x8A1C00), RGB(0x5C1300), RGB(0x4A0F00) },
    [KIOSK_STYLE_NUMBER]    = { RGB(0xFFFFFF), RGB(0x12263F), RGB(0x12263F), RGB(0x12263F) },
    [KIOSK_STYLE_NOTICE]    = { RGB(0x111111), RGB(0xFFF1C7), RGB(0xFFF1C7), RGB(0x8A6D00) },
    [KIOSK_STYLE_WARN]      = { RGB(0xFFFFFF), RGB(0x7A2E00), RGB(0x7A2E00), RGB(0x7A2E00) },
    [KIOSK_STYLE_FACE1]     = { RGB(0xFFFFFF), RGB(0x8E1B1B), RGB(0x5E1111), RGB(0x4A0D0D) },
    [KIOSK_STYLE_FACE2]     = { RGB(0xFFFFFF), RGB(0x8A3B00), RGB(0x5C2700), RGB(0x4A1F00) },
    [KIOSK_STYLE_FACE3]     = { RGB(0xFFFFFF), RGB(0x5E5200), RGB(0x3E3600), RGB(0x302A00) },
    [KIOSK_STYLE_FACE4]     = { RGB(0xFFFFFF), RGB(0x35610E), RGB(0x224009), RGB(0x1A3107) },
    [KIOSK_STYLE_FACE5]     = { RGB(0xFFFFFF), RGB(0x0B5A2A), RGB(0x063A1B), RGB(0x042C14) },
    [KIOSK_STYLE_SELECTED]  = { RGB(0xFFFFFF), RGB(0x12263F), RGB(0x0A1626), RGB(0x0A1626) },
};

const kiosk_colors *kiosk_palette(kiosk_style style) { return &PALETTE[style]; }

kiosk_rgb kiosk_palette_page(void) { return PALETTE[KIOSK_STYLE_PAGE].bg; }

double kiosk_palette_min_contrast(void)
{
    double min = 21;
    for (int i = 0; i < KIOSK_STYLE_COUNT; i++) {
        double a = kiosk_contrast(PALETTE[i].fg, PALETTE[i].bg), b = kiosk_contrast(PALETTE[i].fg, PALETTE[i].pressed_bg);
        if (a < min) min = a;
        if (b < min) min = b;
    }
    return min;
}
