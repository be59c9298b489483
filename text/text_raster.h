/* Rasterising a layout into an 8-bit coverage bitmap, without SDL (the receipt printer
 * uses it), and PNG files for the tool and the golden tests. Glyph bitmaps come from the
 * faces' caches (text_font), so repeated glyphs are rendered once. */
#ifndef DAWR_TEXT_RASTER_H
#define DAWR_TEXT_RASTER_H

#include <stddef.h>
#include <stdint.h>

#include "text_layout.h"

/* Ink coverage, 0 = paper, 255 = full ink; stride bytes per row. A plain value: the pixels
 * belong to whoever filled it in, released with dawr_bitmap_release(). */
typedef struct {
    int width, height, stride;
    uint8_t *pixels;
} dawr_bitmap;

/* Allocates a blank width × height bitmap. Returns 0, or -1 when out of memory or the
 * size is not positive or over 32767. */
int dawr_bitmap_init(dawr_bitmap *b, int width, int height);
/* Frees the pixels and zeroes b; accepts a zeroed or NULL b. */
void dawr_bitmap_release(dawr_bitmap *b);

/* Fills out with a new bitmap of the layout's size plus margin on each side, drawn.
 * Returns 0, or -1 when out of memory. */
int dawr_raster_layout(const dawr_layout *l, int margin, dawr_bitmap *out);

/* Returns the layout's bitmap (no margin), rendered on the first call and kept with the
 * layout, so a cached layout of an unchanged string is rasterised once. Owned by the
 * layout: valid until it is freed. NULL when out of memory. */
const dawr_bitmap *dawr_raster_cached(const dawr_layout *l);

/* Writes b as an 8-bit grayscale PNG, black ink on white. Returns 0, or -1 with a message
 * in err. */
int dawr_bitmap_write_png(const dawr_bitmap *b, const char *path, char *err, size_t err_len);

/* Reads a PNG written by dawr_bitmap_write_png (any PNG is converted to gray) into a new
 * bitmap of ink coverage. Returns 0, or -1 with a message in err. */
int dawr_bitmap_read_png(const char *path, dawr_bitmap *out, char *err, size_t err_len);

#endif
