/* 1-bit bitmaps: allocation, drawing 8-bit coverage into them (threshold or dithering),
 * and PNG files for previews and tests. */
#include "mono.h"

#include "text_png.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dawr_mono_init(dawr_mono *m, int width, int height)
{
    memset(m, 0, sizeof *m);
    if (width < 1 || height < 1 || width > 32767 || height > 32767) return -1;
    m->width = (width + 7) & ~7;
    m->height = height;
    m->stride = m->width / 8;
    m->bits = calloc((size_t)m->stride * height, 1);
    return m->bits ? 0 : -1;
}

void dawr_mono_release(dawr_mono *m)
{
    if (!m) return;
    free(m->bits);
    memset(m, 0, sizeof *m);
}

int dawr_mono_resize(dawr_mono *m, int height)
{
    if (height < 1 || height > 32767) return -1;
    uint8_t *bits = realloc(m->bits, (size_t)m->stride * height);
    if (!bits) return -1;
    if (height > m->height) memset(bits + (size_t)m->stride * m->height, 0, (size_t)m->stride * (height - m->height));
    m->bits = bits;
    m->height = height;
    return 0;
}

void dawr_mono_fill(dawr_mono *m, int x, int y, int w, int h, int ink)
{
    int x0 = x < 0 ? 0 : x, y0 = y < 0 ? 0 : y;
    int x1 = x + w > m->width ? m->width : x + w, y1 = y + h > m->height ? m->height : y + h;
    for (int yy = y0; yy < y1; yy++)
        for (int xx = x0; xx < x1; xx++) dawr_mono_set(m, xx, yy, ink);
}

void dawr_mono_draw_gray(dawr_mono *m, const uint8_t *gray, int w, int h, int stride, int x, int y, int threshold)
{
    if (threshold > 0) {
        for (int j = 0; j < h; j++) {
            int ty = y + j;
            if (ty < 0 || ty >= m->height) continue;
            const uint8_t *row = gray + (size_t)j * stride;
            for (int i = 0; i < w; i++)
                if (row[i] >= threshold) dawr_mono_set(m, x + i, ty, 1);
        }
        return;
    }
    /* Floyd–Steinberg on two rows of errors, in 1/16 units. */
    int *err = calloc((size_t)2 * (w + 2), sizeof *err);
    if (!err) return;
    int *cur = err + 1, *next = err + 1 + (w + 2);
    for (int j = 0; j < h; j++) {
        memset(next - 1, 0, (size_t)(w + 2) * sizeof *next);
        const uint8_t *row = gray + (size_t)j * stride;
        for (int i = 0; i < w; i++) {
            int v = row[i] + cur[i] / 16;
            int ink = v >= 128;
            int e = v - (ink ? 255 : 0);
            cur[i + 1] += e * 7;
            next[i - 1] += e * 3;
            next[i] += e * 5;
            next[i + 1] += e;
            if (ink) dawr_mono_set(m, x + i, y + j, 1);
        }
        int *t = cur; cur = next; next = t;
    }
    free(err);
}

long dawr_mono_count(const dawr_mono *m, int x, int y, int w, int h)
{
    long n = 0;
    for (int yy = y; yy < y + h; yy++)
        for (int xx = x; xx < x + w; xx++) n += dawr_mono_get(m, xx, yy);
    return n;
}

int dawr_mono_equal(const dawr_mono *a, const dawr_mono *b)
{
    return a->width == b->width && a->height == b->height &&
           memcmp(a->bits, b->bits, (size_t)a->stride * a->height) == 0;
}

/* M's rows as PNG's 1-bit gray: the same packing, but 1 = white. NULL when out of memory. */
static uint8_t *as_png_gray1(const dawr_mono *m)
{
    size_t n = (size_t)m->stride * m->height;
    uint8_t *gray = malloc(n);
    if (gray)
        for (size_t i = 0; i < n; i++) gray[i] = (uint8_t)~m->bits[i];
    return gray;
}

int dawr_mono_write_png(const dawr_mono *m, int dpi, const char *path, char *err, size_t err_size)
{
    uint8_t *gray = as_png_gray1(m);
    if (!gray) { snprintf(err, err_size, "%s: out of memory", path); return -1; }
    int rc = dawr_png_write(path, DAWR_PNG_GRAY1, gray, m->width, m->height, (size_t)m->stride, dpi, err, err_size);
    free(gray);
    return rc;
}

int dawr_mono_encode_png(const dawr_mono *m, int dpi, uint8_t **out, size_t *size)
{
    uint8_t *gray = as_png_gray1(m);
    int rc = gray ? dawr_png_encode(DAWR_PNG_GRAY1, gray, m->width, m->height, (size_t)m->stride, dpi, out, size) : -1;
    free(gray);
    return rc;
}

int dawr_mono_read_png(const char *path, dawr_mono *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    int w, h;
    uint8_t *gray = dawr_png_read(path, DAWR_PNG_GRAY, &w, &h, err, err_size);
    if (!gray) return -1;
    if (dawr_mono_init(out, w, h) < 0) {
        free(gray);
        snprintf(err, err_size, "%s: %d x %d dots: too large or out of memory", path, w, h);
        return -1;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (gray[(size_t)y * w + x] < 128) dawr_mono_set(out, x, y, 1);
    free(gray);
    return 0;
}
