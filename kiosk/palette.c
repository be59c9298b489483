#include "palette.h"

#define RGB(x) { (uint8_t)((x) >> 16), (uint8_t)((x) >> 8 & 0xff), (uint8_t)((x) & 0xff) }

/* A warm off-white page with near-black ink; every button deep and calm with white words, so
 * that the darker pressed state (the shell darkens the fill) only raises the contrast.
 * Faces go from a deep red to a deep green, each dark enough for white words at 7:1. */
static const kiosk_colors PALETTE[KIOSK_STYLE_COUNT] = {
    [KIOSK_STYLE_PAGE]      = { RGB(0x111111), RGB(0xFBF8F1), RGB(0xFBF8F1) },
    [KIOSK_STYLE_PRIMARY]   = { RGB(0xFFFFFF), RGB(0x0B4F3C), RGB(0x041F17) },
    [KIOSK_STYLE_SECONDARY] = { RGB(0xFFFFFF), RGB(0x3D4A52), RGB(0x1C2327) },
    [KIOSK_STYLE_HELP]      = { RGB(0xFFFFFF), RGB(0x8A1C00), RGB(0x4A0F00) },
    [KIOSK_STYLE_NUMBER]    = { RGB(0xFFFFFF), RGB(0x12263F), RGB(0x12263F) },
    [KIOSK_STYLE_NOTICE]    = { RGB(0x111111), RGB(0xFFF1C7), RGB(0x8A6D00) },
    [KIOSK_STYLE_WARN]      = { RGB(0xFFFFFF), RGB(0x7A2E00), RGB(0x7A2E00) },
    [KIOSK_STYLE_FACE1]     = { RGB(0xFFFFFF), RGB(0x8E1B1B), RGB(0x4A0D0D) },
    [KIOSK_STYLE_FACE2]     = { RGB(0xFFFFFF), RGB(0x8A3B00), RGB(0x4A1F00) },
    [KIOSK_STYLE_FACE3]     = { RGB(0xFFFFFF), RGB(0x5E5200), RGB(0x302A00) },
    [KIOSK_STYLE_FACE4]     = { RGB(0xFFFFFF), RGB(0x35610E), RGB(0x1A3107) },
    [KIOSK_STYLE_FACE5]     = { RGB(0xFFFFFF), RGB(0x0B5A2A), RGB(0x042C14) },
    [KIOSK_STYLE_SELECTED]  = { RGB(0xFFFFFF), RGB(0x12263F), RGB(0x0A1626) },
};

const kiosk_colors *kiosk_palette(kiosk_style style) { return &PALETTE[style]; }

kiosk_rgb kiosk_palette_page(void) { return PALETTE[KIOSK_STYLE_PAGE].bg; }

kiosk_rgb kiosk_palette_chosen_edge(void) { return (kiosk_rgb)RGB(0xF2B600); }
