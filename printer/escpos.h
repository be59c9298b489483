/* ESC/POS for receipt printers: a 1-bit bitmap as "GS v 0" raster bands, then feed and a
 * partial cut; and the decoder the tests and tools use to read back what reached a device.
 * ESC/POS code pages cannot shape Arabic, so Dawr never sends text, only raster. */
#ifndef DAWR_ESCPOS_H
#define DAWR_ESCPOS_H

#include "mono.h"

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer; a zeroed one is empty. */
typedef struct {
    uint8_t *data;
    size_t len, cap;
} dawr_bytes;

/* Appends N bytes. Returns 0, or -1 when out of memory (the buffer is unchanged). */
int dawr_bytes_append(dawr_bytes *b, const void *data, size_t n);
void dawr_bytes_release(dawr_bytes *b);

/* Rows per "GS v 0" command: small enough for printers with little buffer memory. */
#define DAWR_ESCPOS_BAND 128

/* Appends to OUT: ESC @ (initialise), M as GS v 0 bands, ESC d FEED_LINES (feed past the
 * cutter), GS V 66 0 (partial cut). Returns 0, or -1 when out of memory. */
int dawr_escpos_encode(const dawr_mono *m, int feed_lines, dawr_bytes *out);

/* What a device received, read back. */
typedef struct {
    int bands;                    /* GS v 0 commands */
    int cuts;                     /* GS V commands */
    int ends_with_cut;            /* nothing but feeds after the last cut */
    int feed_lines;               /* total of ESC d n */
} dawr_escpos_info;

/* Decodes ESC/POS bytes (the commands above; any other byte is an error) into a new bitmap
 * OUT of the rasters stacked top to bottom. Returns 0, or -1 with the reason in ERR (the
 * offset and byte that is not understood). */
int dawr_escpos_decode(const uint8_t *data, size_t len, dawr_mono *out, dawr_escpos_info *info,
                       char *err, size_t err_size);

#endif
