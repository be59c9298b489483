/* The documents Dawr sends, without a printer: ESC/POS raster decodes back to the same
 * bitmap and ends with a cut; CUPS and PWG raster read back the same; the CUPS filter
 * turns CUPS raster into the same ESC/POS; the preview PNG is the exact bitmap. */
#include "harness.h"
#include "testutil.h"

#include "escpos.h"
#include "print.h"
#include "rasterdoc.h"

#include <cups/raster.h>
#include <fcntl.h>
#include <sys/wait.h>

/* A bitmap with structure in every row and column: diagonal, border, and blocks. */
static void sample(dawr_mono *m, int width, int height)
{
    dawr_mono_init(m, width, height);
    for (int y = 0; y < height; y++) {
        dawr_mono_set(m, (y * 3) % width, y, 1);
        dawr_mono_set(m, 0, y, 1);
        dawr_mono_set(m, width - 1, y, 1);
    }
    dawr_mono_fill(m, 0, 0, width, 2, 1);
    dawr_mono_fill(m, 40, 100, 200, 90, 1);
    dawr_mono_fill(m, width - 50, height - 50, 40, 40, 1);
}

static const struct { int width, height; } SIZES[] = { { 576, 700 }, { 384, 300 }, { 576, 128 }, { 384, 1 } };

static void escpos_round_trip_and_cut(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        dawr_mono m, back;
        sample(&m, SIZES[i].width, SIZES[i].height);
        dawr_bytes b = {0};
        REQUIRE(dawr_escpos_encode(&m, 4, &b) == 0, "encode");
        CHECK(b.data[0] == 0x1B && b.data[1] == 0x40, "does not start with ESC @");
        const uint8_t cut[] = { 0x1D, 0x56, 66, 0 };
        CHECK(memcmp(b.data + b.len - 4, cut, 4) == 0, "does not end with GS V 66 0");
        dawr_escpos_info info;
        char err[256];
        REQUIRE(dawr_escpos_decode(b.data, b.len, &back, &info, err, sizeof err) == 0, "%s", err);
        CHECK(dawr_mono_equal(&m, &back), "%dx%d did not come back the same", m.width, m.height);
        CHECK(info.ends_with_cut && info.cuts == 1, "cuts %d, ends with cut %d", info.cuts, info.ends_with_cut);
        CHECK_INT(info.bands, (m.height + DAWR_ESCPOS_BAND - 1) / DAWR_ESCPOS_BAND);
        CHECK_INT(info.feed_lines, 4);
        /* A stream cut short is refused, not half-read. */
        dawr_mono half;
        CHECK(dawr_escpos_decode(b.data, b.len / 2, &half, NULL, err, sizeof err) < 0 || m.height <= 1,
              "half a stream was accepted");
        dawr_mono_release(&back);
        dawr_bytes_release(&b);
        dawr_mono_release(&m);
    }
}

static void cups_and_pwg_raster_round_trip(void)
{
    for (size_t i = 0; i < sizeof SIZES / sizeof SIZES[0]; i++) {
        dawr_mono m;
        sample(&m, SIZES[i].width, SIZES[i].height);
        for (int pwg = 0; pwg < 2; pwg++) {
            dawr_bytes b = {0};
            REQUIRE((pwg ? dawr_rasterdoc_pwg(&m, 203, &b) : dawr_rasterdoc_cups(&m, 203, &b)) == 0, "encode");
            CHECK(memcmp(b.data, pwg ? "RaS2" : "2SaR", 4) == 0,
                  "sync word %.4s", (const char *)b.data);
            dawr_mono back;
            int dpi = 0;
            char err[256];
            REQUIRE(dawr_rasterdoc_read(b.data, b.len, &back, &dpi, err, sizeof err) == 0, "%s", err);
            CHECK(dawr_mono_equal(&m, &back), "%s %dx%d did not come back the same", pwg ? "PWG" : "CUPS", m.width,
                  m.height);
            CHECK_INT(dpi, 203);
            dawr_mono_release(&back);
            dawr_bytes_release(&b);
        }
        dawr_mono_release(&m);
    }
}

/* Runs the filter as cupsd would, on a file, and decodes its output. */
static void filter_turns_cups_raster_into_the_same_escpos(void)
{
    const char *dir = scratch_dir("filter");
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    dawr_mono m;
    sample(&m, 576, 700);
    dawr_bytes b = {0};
    REQUIRE(dawr_rasterdoc_cups(&m, 203, &b) == 0, "encode");
    char in[600], out[600], cmd[2000];
    snprintf(in, sizeof in, "%s/receipt.ras", dir);
    snprintf(out, sizeof out, "%s/receipt.prn", dir);
    FILE *f = fopen(in, "wb");
    REQUIRE(f && fwrite(b.data, 1, b.len, f) == b.len, "write %s", in);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s/rastertoescpos 1 dawr ticket 1 '' '%s' >'%s' 2>'%s.log'", build, in, out, out);
    CHECK(system(cmd) == 0, "the filter failed; see %s.log", out);
    /* And from standard input, as the first filter of a job. */
    snprintf(cmd, sizeof cmd, "%s/rastertoescpos 1 dawr ticket 1 '' <'%s' | cmp -s - '%s'", build, in, out);
    CHECK(system(cmd) == 0, "the filter wrote something else when reading standard input");
    FILE *g = fopen(out, "rb");
    REQUIRE(g, "no output");
    static uint8_t data[1 << 20];
    size_t len = fread(data, 1, sizeof data, g);
    fclose(g);
    dawr_mono back;
    dawr_escpos_info info;
    char err[256];
    REQUIRE(dawr_escpos_decode(data, len, &back, &info, err, sizeof err) == 0, "%s", err);
    CHECK(dawr_mono_equal(&m, &back), "the filter changed the bitmap");
    CHECK(info.ends_with_cut, "no cut at the end");
    dawr_mono_release(&back);
    /* Not raster: refused with a message for cupsd. */
    snprintf(cmd, sizeof cmd, "echo hello | %s/rastertoescpos 1 dawr ticket 1 '' 2>'%s.err' >/dev/null", build, out);
    CHECK(system(cmd) != 0, "the filter accepted text");
    dawr_bytes_release(&b);
    dawr_mono_release(&m);
}

/* Writes one raster page with header H and ROWS rows of ROW_BYTES bytes (0x5A) to PATH. */
static int write_raster_page(const char *path, cups_page_header2_t *h, unsigned rows, unsigned row_bytes)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    cups_raster_t *r = fd >= 0 ? cupsRasterOpen(fd, CUPS_RASTER_WRITE) : NULL;
    int ok = r && cupsRasterWriteHeader2(r, h);
    uint8_t row[8192];
    memset(row, 0x5A, sizeof row);
    for (unsigned y = 0; ok && y < rows; y++) ok = cupsRasterWritePixels(r, row, row_bytes) == row_bytes;
    if (r) cupsRasterClose(r);
    if (fd >= 0) close(fd);
    return ok ? 0 : -1;
}

/* Page headers that disagree with themselves are refused before any row is read: exit 1, an
 * ERROR line for cupsd, nothing sent to the printer (an 8-bit page with fewer bytes per line
 * than dots once made the filter read past its row buffer and print heap bytes). */
static void filter_refuses_page_headers_that_disagree(void)
{
    const char *dir = scratch_dir("badraster");
    struct { const char *what; unsigned bits, width, height, bytes_per_line, rows, row_bytes; const char *says; } bad[] = {
        { "8-bit, fewer bytes per line than dots", 8, 576, 40, 64, 40, 64, "bytes per line" },
        { "1-bit, fewer bytes per line than dots", 1, 576, 40, 8, 40, 8, "bytes per line" },
        { "8-bit, more bytes per line than dots", 8, 64, 10, 640, 10, 640, "bytes per line" },
        { "no width (libcups itself refuses the header)", 8, 0, 10, 0, 0, 0, "no pages" },
        { "a kilometre long", 1, 576, 4000000, 72, 1, 72, "dots" },
        { "4 bits", 4, 576, 10, 288, 10, 288, "bits" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cups_page_header2_t h;
        memset(&h, 0, sizeof h);
        h.HWResolution[0] = h.HWResolution[1] = 203;
        h.cupsWidth = bad[i].width;
        h.cupsHeight = bad[i].height;
        h.cupsBitsPerColor = h.cupsBitsPerPixel = bad[i].bits;
        h.cupsBytesPerLine = bad[i].bytes_per_line;
        h.cupsColorOrder = CUPS_ORDER_CHUNKED;
        h.cupsColorSpace = bad[i].bits == 8 ? CUPS_CSPACE_SW : CUPS_CSPACE_K;
        h.cupsNumColors = 1;
        char in[600], out[600], log[600], cmd[2000], text[4096];
        snprintf(in, sizeof in, "%s/bad-%zu.ras", dir, i);
        snprintf(out, sizeof out, "%s/bad-%zu.prn", dir, i);
        snprintf(log, sizeof log, "%s/bad-%zu.log", dir, i);
        REQUIRE(write_raster_page(in, &h, bad[i].rows, bad[i].row_bytes) == 0, "%s: cannot write %s", bad[i].what, in);
        snprintf(cmd, sizeof cmd, "%s/rastertoescpos 1 dawr ticket 1 '' '%s' >'%s' 2>'%s'", build_dir(), in, out, log);
        int rc = system(cmd);
        CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1, "%s: the filter's exit status was %d, not 1", bad[i].what, rc);
        read_file_into(log, text, sizeof text);
        CHECK(strstr(text, "ERROR: ") && strstr(text, bad[i].says), "%s: cupsd was told: %s", bad[i].what, text);
        struct stat st;
        CHECK(stat(out, &st) == 0 && st.st_size == 0, "%s: %lld bytes went to the printer", bad[i].what,
              (long long)st.st_size);
    }
}

static void preview_png_is_the_exact_bitmap(void)
{
    const char *dir = scratch_dir("preview");
    dawr_mono m, back;
    sample(&m, 384, 300);
    char path[600], err[256];
    snprintf(path, sizeof path, "%s/r.png", dir);
    REQUIRE(dawr_mono_write_png(&m, 203, path, err, sizeof err) == 0, "%s", err);
    REQUIRE(dawr_mono_read_png(path, &back, err, sizeof err) == 0, "%s", err);
    CHECK(dawr_mono_equal(&m, &back), "the PNG is not the bitmap");
    dawr_mono_release(&back);
    /* The preview backend writes the same through the print API. */
    dawr_printer_settings s = { .format = "preview", .queue = "", .uri = "", .server = "", .preview_dir = dir,
                                .language = "ar", .width_dots = 384, .dpi = 203 };
    dawr_printer *p = dawr_print_open(&s, NULL, err, sizeof err);
    REQUIRE(p, "%s", err);
    int job = dawr_print_submit(p, 7, &m);
    CHECK_INT(dawr_print_wait(p, job, 5000, 0), DAWR_JOB_DONE);
    dawr_print_close(p);
    snprintf(path, sizeof path, "%s/ticket-7.png", dir);
    REQUIRE(dawr_mono_read_png(path, &back, err, sizeof err) == 0, "%s", err);
    CHECK(dawr_mono_equal(&m, &back), "the preview backend's PNG is not the bitmap");
    dawr_mono_release(&back);
    dawr_mono_release(&m);
}

/* Printing's events go to the store through dawr_queue_log(), which changes no ticket and
 * refuses what is not an event. */
static void print_events_in_the_store(void)
{
    char err[512];
    dawr_config *cfg = load_default_config();
    const char *db = scratch_db("print-events");
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    REQUIRE(q, "%s", err);
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(q, "inquiry", 0, &t) == DAWR_OK, "issue");
    const char *dir = scratch_dir("print-events-png");
    dawr_printer_settings s = { .format = "preview", .queue = "", .uri = "", .server = "", .preview_dir = dir,
                                .language = "ar", .width_dots = 384, .dpi = 203 };
    dawr_printer *p = dawr_print_open(&s, q, err, sizeof err);
    REQUIRE(p, "%s", err);
    dawr_mono m;
    sample(&m, 384, 200);
    int job = dawr_print_submit(p, t.id, &m);
    CHECK_INT(dawr_print_wait(p, job, 5000, 0), DAWR_JOB_DONE);
    dawr_print_close(p);
    CHECK_STR(query_text(db, "SELECT group_concat(kind, ' ') FROM events WHERE ticket = 1 ORDER BY id"),
              "issue print print_done");
    CHECK_STR(query_text(db, "SELECT json_extract(detail, '$.format') FROM events WHERE kind = 'print'"), "preview");
    CHECK_STR(query_text(db, "SELECT state FROM tickets WHERE id = 1"), "waiting");
    CHECK_INT(dawr_queue_log(q, 0, DAWR_EVENT_PRINTER_STATE, "{\"reachable\":false}"), DAWR_OK);
    CHECK_INT(dawr_queue_log(q, t.id, DAWR_EVENT_NONE, NULL), DAWR_REFUSED);
    CHECK_INT(dawr_queue_log(q, t.id, DAWR_EVENT_KIND_COUNT, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "bad_event");
    CHECK_INT(dawr_queue_log(q, t.id, DAWR_EVENT_PRINT, "[1, 2]"), DAWR_REFUSED);
    CHECK(strstr(dawr_queue_error(q), "not a JSON object") != NULL, "error: %s", dawr_queue_error(q));
    CHECK_INT(dawr_queue_log(q, 999, DAWR_EVENT_PRINT, NULL), DAWR_NOT_FOUND);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events"), 4);
    char report[1024];
    CHECK_INT(dawr_queue_check(q, report, sizeof report), 0);
    dawr_mono_release(&m);
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "escpos_round_trip_and_cut", escpos_round_trip_and_cut },
        { "cups_and_pwg_raster_round_trip", cups_and_pwg_raster_round_trip },
        { "filter_turns_cups_raster_into_the_same_escpos", filter_turns_cups_raster_into_the_same_escpos },
        { "filter_refuses_page_headers_that_disagree", filter_refuses_page_headers_that_disagree },
        { "preview_png_is_the_exact_bitmap", preview_png_is_the_exact_bitmap },
        { "print_events_in_the_store", print_events_in_the_store },
        { NULL, NULL },
    };
    return harness_main("printer_escpos", cases, argc, argv);
}
