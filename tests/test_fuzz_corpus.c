/* Replays the fuzzers' seed corpora and every input a fuzzer once crashed on (tests/fuzz/
 * corpus/NAME/ and tests/fuzz/crashes/NAME/) through the same entry points `make fuzz` runs,
 * under make check's own build (and check-asan's sanitizers): a crash found stays fixed. */
#include "harness.h"
#include "testutil.h"

#include <dirent.h>

#define LLVMFuzzerTestOneInput fuzz_config_one
#include "fuzz/fuzz_config.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_text_one
#define LLVMFuzzerInitialize fuzz_text_init
#include "fuzz/fuzz_text.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fuzz_raster_one
#include "fuzz/fuzz_raster.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_console_one
#define LLVMFuzzerInitialize fuzz_console_init
#include "fuzz/fuzz_console.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fuzz_scan_one
#define LLVMFuzzerInitialize fuzz_scan_init
#include "fuzz/fuzz_scan.c"
#undef LLVMFuzzerTestOneInput
#undef LLVMFuzzerInitialize
#define LLVMFuzzerTestOneInput fuzz_svg_one
#include "fuzz/fuzz_svg.c"
#undef LLVMFuzzerTestOneInput

/* Runs ONE on every file of tests/fuzz/WHERE/NAME; returns how many. */
static int replay(const char *where, const char *name, int (*one)(const uint8_t *, size_t))
{
    char dir[300];
    snprintf(dir, sizeof dir, "tests/fuzz/%s/%s", where, name);
    DIR *d = opendir(dir);
    if (!d) return 0;
    int count = 0;
    struct dirent *e;
    static uint8_t data[1 << 20];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char path[600];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        size_t n = fread(data, 1, sizeof data, f);
        fclose(f);
        one(data, n);
        count++;
    }
    closedir(d);
    return count;
}

static void config_inputs(void)
{
    CHECK(replay("corpus", "fuzz_config", fuzz_config_one) >= 3, "the seed corpus of fuzz_config is missing");
    replay("crashes", "fuzz_config", fuzz_config_one);
}

static void text_inputs(void)
{
    CHECK(replay("corpus", "fuzz_text", fuzz_text_one) >= 3, "the seed corpus of fuzz_text is missing");
    replay("crashes", "fuzz_text", fuzz_text_one);
}

static void raster_inputs(void)
{
    CHECK(replay("corpus", "fuzz_raster", fuzz_raster_one) >= 3, "the seed corpus of fuzz_raster is missing");
    replay("crashes", "fuzz_raster", fuzz_raster_one);
}

static void console_inputs(void)
{
    CHECK(replay("corpus", "fuzz_console", fuzz_console_one) >= 10, "the seed corpus of fuzz_console is missing");
    replay("crashes", "fuzz_console", fuzz_console_one);
}

static void scan_inputs(void)
{
    CHECK(replay("corpus", "fuzz_scan", fuzz_scan_one) >= 5, "the seed corpus of fuzz_scan is missing");
    replay("crashes", "fuzz_scan", fuzz_scan_one);
}

static void svg_inputs(void)
{
    CHECK(replay("corpus", "fuzz_svg", fuzz_svg_one) >= 10, "the seed corpus of fuzz_svg is missing");
    replay("crashes", "fuzz_svg", fuzz_svg_one);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "config_inputs", config_inputs },
        { "text_inputs", text_inputs },
        { "raster_inputs", raster_inputs },
        { "console_inputs", console_inputs },
        { "scan_inputs", scan_inputs },
        { "svg_inputs", svg_inputs },
        { NULL, NULL },
    };
    return harness_main("fuzz_corpus", cases, argc, argv);
}
