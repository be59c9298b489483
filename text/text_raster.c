#include "text_raster.h"

#include <math.h>
#include <png.h>
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
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, err_len, "cannot write %s", path);
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    uint8_t *row = malloc((size_t)b->width);
    if (!png || !info || !row || setjmp(png_jmpbuf(png))) {
        snprintf(err, err_len, "cannot encode PNG %s", path);
        png_destroy_write_struct(&png, &info);
        free(row);
        fclose(f);
        return -1;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, (png_uint_32)b->width, (png_uint_32)b->height, 8, PNG_COLOR_TYPE_GRAY,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < b->height; y++) {
        const uint8_t *src = b->pixels + (size_t)y * (size_t)b->stride;
        for (int x = 0; x < b->width; x++) row[x] = (uint8_t)(255 - src[x]);
        png_write_row(png, row);
    }
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(row);
    if (fclose(f) != 0) {
        snprintf(err, err_len, "cannot write %s", path);
        return -1;
    }
    return 0;
}

int dawr_bitmap_read_png(const char *path, dawr_bitmap *out, char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, err_len, "cannot read %s: %s", path, img.message);
        return -1;
    }
    img.format = PNG_FORMAT_GRAY;
    if (dawr_bitmap_init(out, (int)img.width, (int)img.height) < 0 ||
        !png_image_finish_read(&img, NULL, out->pixels, out->stride, NULL)) {
        snprintf(err, err_len, "cannot decode %s: %s", path, img.message);
        png_image_free(&img);
        dawr_bitmap_release(out);
        return -1;
    }
    for (size_t i = 0; i < (size_t)out->width * (size_t)out->height; i++)
        out->pixels[i] = (uint8_t)(255 - out->pixels[i]);
    return 0;
}
