/* Fuzzes the text pipeline: bytes (any UTF-8, valid or not) laid out with options taken from
 * the first bytes, then rasterised. Never a crash; a layout unless memory runs out. */
#include "text_layout.h"
#include "text_raster.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static dawr_text *text;

static void free_text(void) { dawr_text_free(text); }

/* The fonts are found once, before the first input, so their caches are not taken for leaks. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[256];
    if (!(text = dawr_text_new(NULL, err, sizeof err))) abort();
    atexit(free_text);                 /* so the leak check at exit sees only real leaks */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!text) LLVMFuzzerInitialize(NULL, NULL);
    if (size < 3) return 0;
    dawr_layout_opts o = { .size_px = 8 + data[0] % 64, .width_px = (float)(data[1] % 4) * 100,
                           .dir = (dawr_dir)(data[2] % 3), .align = (dawr_align)(data[2] / 3 % 3),
                           .weight = (dawr_weight)(data[2] / 9 % 2) };
    dawr_layout *l = dawr_text_layout(text, (const char *)data + 3, size - 3, &o);
    if (!l) abort();
    if (size < 600) {                  /* rasterising is slow; layouts are the interesting part */
        dawr_bitmap bm;
        if (dawr_raster_layout(l, 2, &bm) == 0) dawr_bitmap_release(&bm);
    }
    dawr_layout_free(l);
    return 0;
}
