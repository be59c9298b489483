/* PNG files and buffers: the one module that talks to libpng. Pixels are rows of bytes
 * top to bottom, STRIDE bytes apart, in one of the formats below; converting to and from
 * ink (text_raster's coverage, the printer's dots) is the caller's business. */
#ifndef DAWR_TEXT_PNG_H
#define DAWR_TEXT_PNG_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    DAWR_PNG_GRAY1,      /* 1 bit a pixel, leftmost in the high bit, 1 = white (writing only) */
    DAWR_PNG_GRAY,       /* 1 byte a pixel, 0 = black */
    DAWR_PNG_RGB,        /* 3 bytes a pixel */
    DAWR_PNG_RGBA,       /* 4 bytes a pixel, straight alpha */
} dawr_png_format;

/* Reads any PNG at PATH converted to FORMAT (not GRAY1) into a new buffer of
 * width × height pixels, rows packed (stride = width × bytes a pixel); free with free().
 * NULL with "PATH: reason" in ERR when it cannot be read or decoded. */
uint8_t *dawr_png_read(const char *path, dawr_png_format format, int *width, int *height, char *err,
                       size_t err_size);

/* Writes W × H pixels of FORMAT, STRIDE bytes a row, to PATH; DPI > 0 records the
 * resolution (the receipt's 203 dpi), 0 records none. Returns 0, or -1 with "PATH: reason" in ERR. */
int dawr_png_write(const char *path, dawr_png_format format, const uint8_t *pixels, int w, int h, size_t stride,
                   int dpi, char *err, size_t err_size);

/* The same PNG into a new buffer (free with free()) of *SIZE bytes. Returns 0, or -1 when
 * out of memory or the image is invalid. */
int dawr_png_encode(dawr_png_format format, const uint8_t *pixels, int w, int h, size_t stride, int dpi,
                    uint8_t **out, size_t *size);

#endif
