/* Reading QR codes back with a real decoder (zbar), as the kiosk's scanner would: from a
 * receipt's dots or from a printed PNG (the preview printer's). */
#ifndef DAWR_TEST_QRUTIL_H
#define DAWR_TEST_QRUTIL_H

#include "mono.h"
#include "text_png.h"

#include <stdio.h>
#include <stdlib.h>
#include <zbar.h>

/* Decodes the QR codes in W x H gray bytes (0 = black); the first one's text into OUT. Returns how many. */
static inline int decode_qr_gray(const uint8_t *gray, int w, int h, char *out, size_t size)
{
    zbar_image_scanner_t *scanner = zbar_image_scanner_create();
    zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *image = zbar_image_create();
    zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(image, (unsigned)w, (unsigned)h);
    zbar_image_set_data(image, gray, (unsigned long)w * h, NULL);
    int n = zbar_scan_image(scanner, image);
    out[0] = 0;
    const zbar_symbol_t *sym = zbar_image_first_symbol(image);
    if (sym) snprintf(out, size, "%s", zbar_symbol_get_data(sym));
    zbar_image_destroy(image);
    zbar_image_scanner_destroy(scanner);
    return n;
}

/* The same for a receipt's dots M. */
static inline int decode_qr(const dawr_mono *m, char *out, size_t size)
{
    uint8_t *gray = malloc((size_t)m->width * m->height);
    for (int y = 0; y < m->height; y++)
        for (int x = 0; x < m->width; x++) gray[(size_t)y * m->width + x] = dawr_mono_get(m, x, y) ? 0 : 255;
    int n = decode_qr_gray(gray, m->width, m->height, out, size);
    free(gray);
    return n;
}

/* The same for the PNG at PATH; -1 when it cannot be read. */
static inline int decode_qr_png(const char *path, char *out, size_t size)
{
    char err[256];
    int w, h;
    uint8_t *gray = dawr_png_read(path, DAWR_PNG_GRAY, &w, &h, err, sizeof err);
    if (!gray) {
        fprintf(stderr, "  %s\n", err);
        out[0] = 0;
        return -1;
    }
    int n = decode_qr_gray(gray, w, h, out, size);
    free(gray);
    return n;
}

#endif
