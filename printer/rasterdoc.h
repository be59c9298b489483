/* Raster documents for CUPS: a receipt bitmap as CUPS raster (what Dawr's own driver
 * queue takes, application/vnd.cups-raster) or PWG raster (IPP Everywhere printers,
 * image/pwg-raster), written through libcups' raster writer into memory, and read back. */
#ifndef DAWR_RASTERDOC_H
#define DAWR_RASTERDOC_H

#include "escpos.h"
#include "mono.h"

#define DAWR_MIME_CUPS_RASTER "application/vnd.cups-raster"
#define DAWR_MIME_PWG_RASTER "image/pwg-raster"
#define DAWR_MIME_RAW "application/vnd.cups-raw"

/* Appends M as one page of compressed CUPS raster, 1 bit per dot, 1 = black, at DPI, the
 * page exactly the receipt's size. Returns 0, or -1 when out of memory. */
int dawr_rasterdoc_cups(const dawr_mono *m, int dpi, dawr_bytes *out);

/* Appends M as one page of PWG raster, sgray_8 (the type every IPP Everywhere printer must
 * take). Returns 0, or -1 when out of memory. */
int dawr_rasterdoc_pwg(const dawr_mono *m, int dpi, dawr_bytes *out);

/* Reads the first page of a CUPS or PWG raster document into a new bitmap (1-bit K or W,
 * or 8-bit gray thresholded at half). DPI (may be NULL) receives the horizontal
 * resolution. Returns 0, or -1 with the reason in ERR. */
int dawr_rasterdoc_read(const uint8_t *data, size_t len, dawr_mono *out, int *dpi, char *err, size_t err_size);

/* Reads one page from an open libcups raster stream R (struct _cups_raster_s *) into OUT.
 * Returns 1 for a page, 0 at the end, -1 on a bad page with the reason in ERR. */
struct _cups_raster_s;
int dawr_rasterdoc_read_page(struct _cups_raster_s *r, dawr_mono *out, int *dpi, char *err, size_t err_size);

#endif
