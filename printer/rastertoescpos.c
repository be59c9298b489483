/* rastertoescpos: the CUPS filter of Dawr's receipt driver. Reads CUPS raster (1- or
 * 8-bit gray, the kiosk sends 1-bit at the printer's resolution) and writes ESC/POS:
 * each page as GS v 0 raster bands, a feed past the cutter and a partial cut.
 *
 *     rastertoescpos job user title copies options [file]
 *
 * Messages to cupsd go to stderr as "ERROR: ..." / "INFO: ...", as filters do. */
#include "escpos.h"
#include "rasterdoc.h"

#include <cups/raster.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FEED_LINES 4

static int write_all(int fd, const uint8_t *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0) return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 6 || argc > 7) {
        fprintf(stderr, "usage: %s job user title copies options [file]\n", argv[0]);
        return 1;
    }
    int fd = 0;
    if (argc == 7 && (fd = open(argv[6], O_RDONLY)) < 0) {
        fprintf(stderr, "ERROR: cannot open the print file %s\n", argv[6]);
        return 1;
    }
    int copies = atoi(argv[4]);
    if (copies < 1 || copies > 10) copies = 1;
    cups_raster_t *r = cupsRasterOpen(fd, CUPS_RASTER_READ);
    if (!r) {
        fprintf(stderr, "ERROR: the print file is not CUPS raster\n");
        return 1;
    }
    int pages = 0, status = 0;
    for (;;) {
        dawr_mono page;
        char err[256];
        int got = dawr_rasterdoc_read_page(r, &page, NULL, err, sizeof err);
        if (got == 0) break;
        if (got < 0) { fprintf(stderr, "ERROR: %s\n", err); status = 1; break; }
        pages++;
        fprintf(stderr, "PAGE: %d %d\n", pages, copies);
        dawr_bytes out = {0};
        int ok = 1;
        for (int c = 0; c < copies && ok; c++) ok = dawr_escpos_encode(&page, FEED_LINES, &out) == 0;
        dawr_mono_release(&page);
        if (!ok || write_all(1, out.data, out.len) < 0) {
            fprintf(stderr, "ERROR: cannot write the receipt to the printer\n");
            dawr_bytes_release(&out);
            status = 1;
            break;
        }
        dawr_bytes_release(&out);
    }
    cupsRasterClose(r);
    if (fd) close(fd);
    if (!status && pages == 0) { fprintf(stderr, "ERROR: no pages in the print file\n"); status = 1; }
    if (!status) fprintf(stderr, "INFO: %d receipt%s sent\n", pages, pages == 1 ? "" : "s");
    return status;
}
