/* Fuzzes the pictograms' SVG reader (ui/ui_icon): any bytes as an icon file, drawn at a size
 * taken from the first byte. Never a crash or a leak: a picture, or a refusal with its reason.
 * The reader is ours (issue 15: librsvg cost the kiosk 10 MB), so it is fuzzed like the rest. */
#include "ui_icon.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int px = 1 + data[0] % 96;
    char err[256];
    SDL_Surface *s = dawr_svg_surface((const char *)data + 1, size - 1, px, px, err, sizeof err);
    if (s) SDL_FreeSurface(s);
    else if (!err[0]) abort();         /* a refusal always says why */
    return 0;
}
