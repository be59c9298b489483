/* CUPS and PWG raster through libcups' raster streams, to and from memory. */
#include "rasterdoc.h"

#include <cups/raster.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static ssize_t write_bytes(void *ctx, unsigned char *buffer, size_t length)
{
    return dawr_bytes_append(ctx, buffer, length) ? -1 : (ssize_t)length;
}

typedef struct { const uint8_t *data; size_t len, at; } reader;

static ssize_t read_bytes(void *ctx, unsigned char *buffer, size_t length)
{
    reader *r = ctx;
    size_t n = r->len - r->at < length ? r->len - r->at : length;
    memcpy(buffer, r->data + r->at, n);
    r->at += n;
    return (ssize_t)n;
}

static void page_size(cups_page_header2_t *h, const dawr_mono *m, int dpi)
{
    h->HWResolution[0] = h->HWResolution[1] = (unsigned)dpi;
    h->cupsWidth = (unsigned)m->width;
    h->cupsHeight = (unsigned)m->height;
    h->PageSize[0] = (unsigned)(m->width * 72.0 / dpi + 0.5);
    h->PageSize[1] = (unsigned)(m->height * 72.0 / dpi + 0.5);
    h->cupsPageSize[0] = (float)(m->width * 72.0 / dpi);
    h->cupsPageSize[1] = (float)(m->height * 72.0 / dpi);
    h->ImagingBoundingBox[2] = h->PageSize[0];
    h->ImagingBoundingBox[3] = h->PageSize[1];
    h->NumCopies = 1;
}

int dawr_rasterdoc_cups(const dawr_mono *m, int dpi, dawr_bytes *out)
{
    cups_raster_t *r = cupsRasterOpenIO(write_bytes, out, CUPS_RASTER_WRITE_COMPRESSED);
    if (!r) return -1;
    cups_page_header2_t h;
    memset(&h, 0, sizeof h);
    page_size(&h, m, dpi);
    snprintf(h.MediaClass, sizeof h.MediaClass, "PwgRaster");
    snprintf(h.cupsPageSizeName, sizeof h.cupsPageSizeName, "Custom.%dx%d", m->width, m->height);
    h.cupsBitsPerColor = 1;
    h.cupsBitsPerPixel = 1;
    h.cupsBytesPerLine = (unsigned)m->stride;
    h.cupsColorOrder = CUPS_ORDER_CHUNKED;
    h.cupsColorSpace = CUPS_CSPACE_K;
    h.cupsNumColors = 1;
    int ok = cupsRasterWriteHeader2(r, &h);
    for (int y = 0; ok && y < m->height; y++)
        ok = cupsRasterWritePixels(r, m->bits + (size_t)y * m->stride, (unsigned)m->stride) == (unsigned)m->stride;
    cupsRasterClose(r);
    return ok ? 0 : -1;
}

int dawr_rasterdoc_pwg(const dawr_mono *m, int dpi, dawr_bytes *out)
{
    /* PWG media sizes are in hundredths of millimetres. */
    pwg_media_t *media = pwgMediaForSize((int)(m->width * 2540.0 / dpi + 0.5), (int)(m->height * 2540.0 / dpi + 0.5));
    cups_page_header2_t h;
    if (!media || !cupsRasterInitPWGHeader(&h, media, "sgray_8", dpi, dpi, "one-sided", NULL)) return -1;
    page_size(&h, m, dpi);        /* exact dots, not the rounded millimetres */
    h.cupsBytesPerLine = (unsigned)m->width;
    uint8_t *row = malloc((size_t)m->width);
    cups_raster_t *r = row ? cupsRasterOpenIO(write_bytes, out, CUPS_RASTER_WRITE_PWG) : NULL;
    int ok = r && cupsRasterWriteHeader2(r, &h);
    for (int y = 0; ok && y < m->height; y++) {
        for (int x = 0; x < m->width; x++) row[x] = dawr_mono_get(m, x, y) ? 0 : 255; /* sgray: 0 = black */
        ok = cupsRasterWritePixels(r, row, (unsigned)m->width) == (unsigned)m->width;
    }
    if (r) cupsRasterClose(r);
    free(row);
    return ok ? 0 : -1;
}

/* The largest page read: a metre of 80 mm paper at 300 dpi, wider than any receipt printer. */
#define MAX_PAGE_DOTS_WIDE 4096
#define MAX_PAGE_DOTS_LONG 12000

/* Whether H describes a page this reader can take, every field checked against the others
 * before any row is read (a row buffer of cupsBytesPerLine must hold cupsWidth pixels).
 * 0, or -1 with the reason in ERR. */
static int page_header_ok(const cups_page_header2_t *h, char *err, size_t err_size)
{
    unsigned bits = h->cupsBitsPerPixel;
    if ((bits != 1 && bits != 8) || h->cupsBitsPerColor != bits ||
        (h->cupsColorSpace != CUPS_CSPACE_K && h->cupsColorSpace != CUPS_CSPACE_W &&
         h->cupsColorSpace != CUPS_CSPACE_SW)) {
        snprintf(err, err_size, "raster page of %u bits (%u per colour) in colour space %d: only 1- or 8-bit gray is printed",
                 bits, h->cupsBitsPerColor, (int)h->cupsColorSpace);
        return -1;
    }
    if (h->cupsWidth == 0 || h->cupsHeight == 0 || h->cupsWidth > MAX_PAGE_DOTS_WIDE ||
        h->cupsHeight > MAX_PAGE_DOTS_LONG) {
        snprintf(err, err_size, "raster page of %ux%u dots: a receipt is 1 to %u dots wide and 1 to %u long",
                 h->cupsWidth, h->cupsHeight, MAX_PAGE_DOTS_WIDE, MAX_PAGE_DOTS_LONG);
        return -1;
    }
    unsigned want = (h->cupsWidth * bits + 7) / 8;
    if (h->cupsBytesPerLine != want) {
        snprintf(err, err_size, "raster page header disagrees with itself: %u bytes per line for %u dots of %u bits (%u expected)",
                 h->cupsBytesPerLine, h->cupsWidth, bits, want);
        return -1;
    }
    return 0;
}

int dawr_rasterdoc_read_page(cups_raster_t *r, dawr_mono *out, int *dpi, char *err, size_t err_size)
{
    cups_page_header2_t h;
    memset(out, 0, sizeof *out);
    if (!cupsRasterReadHeader2(r, &h)) return 0;
    if (page_header_ok(&h, err, err_size) < 0) return -1;
    int bits = (int)h.cupsBitsPerPixel;
    int ink_high = h.cupsColorSpace == CUPS_CSPACE_K;  /* K: high = ink; W, SW, gray: high = paper */
    if (dpi) *dpi = (int)h.HWResolution[0];
    if (dawr_mono_init(out, (int)h.cupsWidth, (int)h.cupsHeight) < 0) {
        snprintf(err, err_size, "raster page %ux%u: out of memory", h.cupsWidth, h.cupsHeight);
        return -1;
    }
    uint8_t *row = malloc(h.cupsBytesPerLine);
    if (!row) { dawr_mono_release(out); snprintf(err, err_size, "out of memory"); return -1; }
    for (unsigned y = 0; y < h.cupsHeight; y++) {
        if (cupsRasterReadPixels(r, row, h.cupsBytesPerLine) != h.cupsBytesPerLine) {
            snprintf(err, err_size, "raster page cut short at row %u of %u", y, h.cupsHeight);
            free(row);
            dawr_mono_release(out);
            return -1;
        }
        uint8_t *dst = out->bits + (size_t)y * out->stride;
        if (bits == 1) {
            size_t n = h.cupsBytesPerLine < (unsigned)out->stride ? h.cupsBytesPerLine : (size_t)out->stride;
            for (size_t i = 0; i < n; i++) dst[i] = ink_high ? row[i] : (uint8_t)~row[i];
            if (out->width % 8 == 0 && h.cupsWidth % 8) dst[n - 1] &= (uint8_t)(0xFF << (8 - h.cupsWidth % 8));
        } else {
            for (unsigned x = 0; x < h.cupsWidth; x++)
                if (ink_high ? row[x] >= 128 : row[x] < 128) dawr_mono_set(out, (int)x, (int)y, 1);
        }
    }
    free(row);
    return 1;
}

int dawr_rasterdoc_read(const uint8_t *data, size_t len, dawr_mono *out, int *dpi, char *err, size_t err_size)
{
    reader rd = { data, len, 0 };
    cups_raster_t *r = cupsRasterOpenIO(read_bytes, &rd, CUPS_RASTER_READ);
    if (!r) { snprintf(err, err_size, "not a CUPS or PWG raster document"); return -1; }
    int got = dawr_rasterdoc_read_page(r, out, dpi, err, err_size);
    cupsRasterClose(r);
    if (got == 0) snprintf(err, err_size, "raster document without a page (%zu bytes)", len);
    return got == 1 ? 0 : -1;
}
