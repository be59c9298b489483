/* Fuzzes what the CUPS filter reads: bytes as a CUPS or PWG raster document; a page read is
 * encoded as ESC/POS and decoded back to the same bitmap. Also any bytes as ESC/POS. */
#include "escpos.h"
#include "rasterdoc.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dawr_mono page, back;
    dawr_escpos_info info;
    char err[256];
    int dpi;
    if (dawr_rasterdoc_read(data, size, &page, &dpi, err, sizeof err) == 0) {
        dawr_bytes out = {0};
        if (dawr_escpos_encode(&page, 4, &out) == 0) {
            if (dawr_escpos_decode(out.data, out.len, &back, &info, err, sizeof err) != 0) abort();
            if (!dawr_mono_equal(&page, &back)) abort();
            dawr_mono_release(&back);
        }
        dawr_bytes_release(&out);
        dawr_mono_release(&page);
    }
    if (dawr_escpos_decode(data, size, &back, &info, err, sizeof err) == 0) dawr_mono_release(&back);
    return 0;
}
