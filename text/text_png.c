#include "text_png.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const int BYTES[] = { 0, 1, 3, 4 };   /* per pixel, by format; GRAY1 packs 8 in a byte */
static const int SIMPLE[] = { 0, PNG_FORMAT_GRAY, PNG_FORMAT_RGB, PNG_FORMAT_RGBA };
static const int COLOR[] = { PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA };

uint8_t *dawr_png_read(const char *path, dawr_png_format format, int *width, int *height, char *err,
                       size_t err_size)
{
    if (format <= DAWR_PNG_GRAY1 || format > DAWR_PNG_RGBA) {
        snprintf(err, err_size, "%s: cannot read into that pixel format", path);
        return NULL;
    }
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&img, path)) {
        snprintf(err, err_size, "%s: %s", path, img.message);
        return NULL;
    }
    img.format = (png_uint_32)SIMPLE[format];
    uint8_t *px = malloc(PNG_IMAGE_SIZE(img));
    if (!px) {
        png_image_free(&img);
        snprintf(err, err_size, "%s: out of memory", path);
        return NULL;
    }
    if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
        snprintf(err, err_size, "%s: %s", path, img.message);
        free(px);
        return NULL;
    }
    *width = (int)img.width;
    *height = (int)img.height;
    return px;
}

/* Where the encoder writes: a file, or a buffer that grows. */
typedef struct {
    FILE *file;
    uint8_t *data;
    size_t size, cap;
    char *why;                    /* libpng's reason for a failure */
    size_t why_size;
} sink;

static void on_error(png_structp png, png_const_charp msg)
{
    sink *s = png_get_error_ptr(png);
    snprintf(s->why, s->why_size, "%s", msg);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp msg) { (void)png; (void)msg; }

static void to_memory(png_structp png, png_bytep data, size_t n)
{
    sink *s = png_get_io_ptr(png);
    if (s->size + n > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->size + n) cap *= 2;
        uint8_t *grown = realloc(s->data, cap);
        if (!grown) png_error(png, "out of memory");
        s->data = grown;
        s->cap = cap;
    }
    memcpy(s->data + s->size, data, n);
    s->size += n;
}

static void flush_nothing(png_structp png) { (void)png; }

/* Encodes the image into S. Returns 0, or -1 with the reason in S->why. */
static int encode(sink *s, dawr_png_format format, const uint8_t *pixels, int w, int h, size_t stride, int dpi)
{
    if (format < DAWR_PNG_GRAY1 || format > DAWR_PNG_RGBA || w < 1 || h < 1 ||
        stride < (format == DAWR_PNG_GRAY1 ? ((size_t)w + 7) / 8 : (size_t)w * BYTES[format])) {
        snprintf(s->why, s->why_size, "not an image: %d x %d pixels, %zu bytes a row", w, h, stride);
        return -1;
    }
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, s, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        snprintf(s->why, s->why_size, "out of memory");
        png_destroy_write_struct(&png, NULL);
        return -1;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return -1;
    }
    if (s->file) png_init_io(png, s->file);
    else png_set_write_fn(png, s, to_memory, flush_nothing);
    png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, format == DAWR_PNG_GRAY1 ? 1 : 8, COLOR[format],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (dpi > 0) {
        png_uint_32 ppm = (png_uint_32)(dpi / 0.0254 + 0.5);
        png_set_pHYs(png, info, ppm, ppm, PNG_RESOLUTION_METER);
    }
    png_write_info(png, info);
    for (int y = 0; y < h; y++) png_write_row(png, pixels + (size_t)y * stride);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return 0;
}

int dawr_png_write(const char *path, dawr_png_format format, const uint8_t *pixels, int w, int h, size_t stride,
                   int dpi, char *err, size_t err_size)
{
    char why[256] = "";
    sink s = { .file = fopen(path, "wb"), .why = why, .why_size = sizeof why };
    if (!s.file) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(errno));
        return -1;
    }
    int rc = encode(&s, format, pixels, w, h, stride, dpi);
    if (fclose(s.file) != 0 && rc == 0) {
        snprintf(why, sizeof why, "%s", strerror(errno));
        rc = -1;
    }
    if (rc < 0) snprintf(err, err_size, "%s: cannot write the PNG: %s", path, why);
    return rc;
}

int dawr_png_encode(dawr_png_format format, const uint8_t *pixels, int w, int h, size_t stride, int dpi,
                    uint8_t **out, size_t *size)
{
    char why[256];
    sink s = { .why = why, .why_size = sizeof why };
    if (encode(&s, format, pixels, w, h, stride, dpi) < 0) {
        free(s.data);
        return -1;
    }
    *out = s.data;
    *size = s.size;
    return 0;
}
