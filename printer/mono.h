/* A 1-bit bitmap at the printer's resolution: what a thermal printer burns. Rows of
 * width/8 bytes (width is a multiple of 8), most significant bit = leftmost dot, 1 = ink,
 * the layout ESC/POS "GS v 0" and CUPS 1-bit black raster use, so no conversion is needed. */
#ifndef DAWR_MONO_H
#define DAWR_MONO_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int width, height;            /* dots; width is a multiple of 8 */
    int stride;                   /* bytes per row, width / 8 */
    uint8_t *bits;                /* stride * height bytes, owned by the bitmap */
} dawr_mono;

/* Allocates a blank (white) WIDTH × HEIGHT bitmap; WIDTH is rounded up to a multiple of 8.
 * Returns 0, or -1 when out of memory or a size is not in 1..32767. */
int dawr_mono_init(dawr_mono *m, int width, int height);
/* Frees the bits and zeroes M; accepts NULL or a zeroed bitmap. */
void dawr_mono_release(dawr_mono *m);

/* Changes the height, keeping the top rows and blanking new ones. Returns 0 or -1. */
int dawr_mono_resize(dawr_mono *m, int height);

static inline int dawr_mono_get(const dawr_mono *m, int x, int y)
{
    if (x < 0 || y < 0 || x >= m->width || y >= m->height) return 0;
    return (m->bits[(size_t)y * m->stride + (x >> 3)] >> (7 - (x & 7))) & 1;
}

static inline void dawr_mono_set(dawr_mono *m, int x, int y, int ink)
{
    if (x < 0 || y < 0 || x >= m->width || y >= m->height) return;
    uint8_t *b = &m->bits[(size_t)y * m->stride + (x >> 3)];
    uint8_t bit = (uint8_t)(0x80 >> (x & 7));
    *b = ink ? (uint8_t)(*b | bit) : (uint8_t)(*b & ~bit);
}

/* Fills the rectangle (clipped) with ink or paper. */
void dawr_mono_fill(dawr_mono *m, int x, int y, int w, int h, int ink);

/* Draws 8-bit ink coverage (0 = paper, 255 = ink; W × H, STRIDE bytes a row) at (X, Y),
 * clipped: thresholded at THRESHOLD (ink when coverage >= it) for crisp text, or with
 * Floyd–Steinberg error diffusion when THRESHOLD is 0 (photographs, the logo). */
void dawr_mono_draw_gray(dawr_mono *m, const uint8_t *gray, int w, int h, int stride, int x, int y, int threshold);

/* Dots of ink inside the rectangle (clipped). */
long dawr_mono_count(const dawr_mono *m, int x, int y, int w, int h);

/* Whether two bitmaps have the same size and the same dots. */
int dawr_mono_equal(const dawr_mono *a, const dawr_mono *b);

/* Writes M as a 1-bit grayscale PNG (black ink on white), with its resolution DPI recorded.
 * Returns 0, or -1 with the reason in ERR. */
int dawr_mono_write_png(const dawr_mono *m, int dpi, const char *path, char *err, size_t err_size);

/* The same PNG into a new buffer (free with free()) of *SIZE bytes: the preview printer's
 * document. Returns 0, or -1 when out of memory. */
int dawr_mono_encode_png(const dawr_mono *m, int dpi, uint8_t **out, size_t *size);

/* Reads any PNG into a new bitmap, ink where the gray value is below 128. Returns 0, or -1
 * with the reason in ERR. */
int dawr_mono_read_png(const char *path, dawr_mono *out, char *err, size_t err_size);

#endif
