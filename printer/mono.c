/* 1-bit bitmaps: allocation, drawing 8-bit coverage into them (threshold or dithering),
 * and PNG files for previews and tests. */
#include "mono.h"

#include <errno.h>
#include <png.h>
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

int dawr_mono_write_png(const dawr_mono *m, int dpi, const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "wb");
    if (!f) { snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno)); return -1; }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *row = malloc((size_t)m->stride);
    int ok = 0;
    if (!png || !info || !row) { snprintf(err, err_size, "%s: out of memory", path); goto done; }
    if (setjmp(png_jmpbuf(png))) { snprintf(err, err_size, "%s: cannot write the PNG", path); goto done; }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)m->width, (png_uint_32)m->height, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
    png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    for (int y = 0; y < m->height; y++) {
        const uint8_t *src = m->bits + (size_t)y * m->stride;
        for (int i = 0; i < m->stride; i++) row[i] = (uint8_t)~src[i]; /* PNG gray: 1 = white */
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    ok = 1;
done:
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(row);
    if (fclose(f) != 0 && ok) { snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno)); ok = 0; }
    return ok ? 0 : -1;
}

int dawr_mono_read_png(const char *path, dawr_mono *out, char *err, size_t err_size)
{
    png_image image;
    memset(&image, 0, sizeof image);
    memset(out, 0, sizeof *out);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path)) {
        snprintf(err, err_size, "%s: %s", path, image.message);
        return -1;
    }
    image.format = PNG_FORMAT_GRAY;
    uint8_t *gray = malloc(PNG_IMAGE_SIZE(image));
    if (!gray || dawr_mono_init(out, (int)image.width, (int)image.height) < 0) {
        free(gray);
        png_image_free(&image);
        snprintf(err, err_size, "%s: out of memory", path);
        return -1;
    }
    if (!png_image_finish_read(&image, NULL, gray, 0, NULL)) {
        snprintf(err, err_size, "%s: %s", path, image.message);
        free(gray);
        dawr_mono_release(out);
        return -1;
    }
    for (int y = 0; y < out->height; y++)
        for (int x = 0; x < (int)image.width; x++)
            if (gray[(size_t)y * image.width + x] < 128) dawr_mono_set(out, x, y, 1);
    free(gray);
    return 0;
}
