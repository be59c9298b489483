#include "text_raster.h"

#include "text_png.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dawr_bitmap_init(dawr_bitmap *b, int width, int height)
{
    memset(b, 0, sizeof *b);
    if (width <= 0 || height <= 0 || width > 32767 || height > 32767) return -1;
    b->pixels = calloc((size_t)width * (size_t)height, 1);
    if (!b->pixels) return -1;
    b->width = width;
    b->height = height;
    b->stride = width;
    return 0;
}

void dawr_bitmap_release(dawr_bitmap *b)
{
    if (!b) return;
    free(b->pixels);
    memset(b, 0, sizeof *b);
}

static void blend(dawr_bitmap *t, const dawr_glyph_image *img, int x0, int y0)
{
    int gx = 0, gy = 0, w = img->width, h = img->height;
    if (x0 < 0) { gx = -x0; w -= gx; x0 = 0; }
    if (y0 < 0) { gy = -y0; h -= gy; y0 = 0; }
    if (x0 + w > t->width) w = t->width - x0;
    if (y0 + h > t->height) h = t->height - y0;
    for (int y = 0; y < h; y++) {
        const uint8_t *src = img->pixels + (size_t)(gy + y) * (size_t)img->width + gx;
        uint8_t *dst = t->pixels + (size_t)(y0 + y) * (size_t)t->stride + x0;
        for (int x = 0; x < w; x++) {
            unsigned s = src[x];
            if (!s) continue;
            unsigned d = dst[x];
            /* "Over": overlapping joins of Arabic letters do not darken. */
            dst[x] = d ? (uint8_t)(s + d - (s * d + 127) / 255) : (uint8_t)s;
        }
    }
}

/* Draws the layout into TARGET with its top-left corner at (X, Y), clipped. */
static void draw(const dawr_layout *l, dawr_bitmap *target, float x, float y)
{
    size_t n_runs, n_glyphs;
    const dawr_run *runs = dawr_layout_runs(l, &n_runs);
    const dawr_glyph *glyphs = dawr_layout_glyphs(l, &n_glyphs);
    float size = dawr_layout_size(l);
    for (size_t r = 0; r < n_runs; r++) {
        dawr_face *face = dawr_layout_face(l, runs[r].face);
        for (uint32_t i = runs[r].first_glyph; i < runs[r].first_glyph + runs[r].n_glyphs; i++) {
            const dawr_glyph *g = &glyphs[i];
            float qx = floorf((x + g->x) * 4 + 0.5f);
            int ix = (int)floorf(qx / 4), phase = (int)(qx - (float)ix * 4);
            int iy = (int)floorf(y + g->y + 0.5f);
            dawr_glyph_image img;
            if (dawr_face_glyph(face, g->id, size, phase, &img) < 0 || !img.width) continue;
            blend(target, &img, ix + img.left, iy - img.top);
        }
    }
}

int dawr_raster_layout(const dawr_layout *l, int margin, dawr_bitmap *out)
{
    int w = (int)ceilf(dawr_layout_width(l)) + 2 * margin;
    int h = (int)ceilf(dawr_layout_height(l)) + 2 * margin;
    if (dawr_bitmap_init(out, w > 0 ? w : 1, h > 0 ? h : 1) < 0) return -1;
    draw(l, out, (float)margin, (float)margin);
    return 0;
}

static void bitmap_free(void *p)
{
    dawr_bitmap_release(p);
    free(p);
}

const dawr_bitmap *dawr_raster_cached(const dawr_layout *l)
{
    dawr_bitmap *b = dawr_layout_attachment(l);
    if (b) return b;
    b = malloc(sizeof *b);
    if (!b || dawr_raster_layout(l, 0, b) < 0) {
        free(b);
        return NULL;
    }
    dawr_layout_set_attachment(l, b, bitmap_free);
    return b;
}

int dawr_bitmap_write_png(const dawr_bitmap *b, const char *path, char *err, size_t err_len)
{
    uint8_t *gray = malloc((size_t)b->width * (size_t)b->height);
    if (!gray) {
        snprintf(err, err_len, "%s: out of memory", path);
        return -1;
    }
    for (int y = 0; y < b->height; y++)
        for (int x = 0; x < b->width; x++)
            gray[(size_t)y * b->width + x] = (uint8_t)(255 - b->pixels[(size_t)y * b->stride + x]);
    int rc = dawr_png_write(path, DAWR_PNG_GRAY, gray, b->width, b->height, (size_t)b->width, 0, err, err_len);
    free(gray);
    return rc;
}

int dawr_bitmap_read_png(const char *path, dawr_bitmap *out, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    int w, h;
    uint8_t *gray = dawr_png_read(path, DAWR_PNG_GRAY, &w, &h, err, err_len);
    if (!gray) return -1;
    if (dawr_bitmap_init(out, w, h) < 0) {
        snprintf(err, err_len, "%s: %d x %d pixels: too large or out of memory", path, w, h);
        free(gray);
        return -1;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) out->pixels[(size_t)y * out->stride + x] = (uint8_t)(255 - gray[(size_t)y * w + x]);
    free(gray);
    return 0;
}
