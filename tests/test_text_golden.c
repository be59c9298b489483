/* Golden images: strings of the association's letterhead and policy rendered through the
 * pipeline and compared with PNGs checked in under tests/golden/, with a small per-pixel
 * tolerance. On a difference the test writes BUILD/tests/golden-out/NAME.png and
 * NAME.diff.png. The fonts are pinned: their checksums are verified first.
 * Regenerate after checking the new images by eye: DAWR_UPDATE_GOLDEN=1 make check. */
#include "harness.h"
#include "text_fixture.h"
#include "text_layout.h"
#include "text_raster.h"

#include <jansson.h>
#include <sys/stat.h>

#define GOLDEN_DIR "tests/golden"
#define TOLERANCE 48          /* a pixel differs when its ink differs by more than this */
#define MAX_DIFF_PERMILLE 2   /* and at most 0.2% of the pixels may differ */

typedef struct {
    const char *name, *text;
    dawr_layout_opts opts;
} golden;

static const golden goldens[] = {
    { "name_diacritics", "رُؤفَاءُ لِرَعَايَةِ كِبَارِ السِّنِ بِأَمْلَج", { .size_px = 40, .dir = DAWR_DIR_RTL } },
    { "name_bold_center", "رُؤفَاء لرعاية كبار السن بأملج",
      { .size_px = 32, .width_px = 560, .dir = DAWR_DIR_RTL, .align = DAWR_ALIGN_CENTER, .weight = DAWR_WEIGHT_BOLD } },
    { "phones", "واتساب: ٠٥٣٧٠٦٣٨١٩ – ٠٥٥٥٣٧٥٨٨٧", { .size_px = 32, .dir = DAWR_DIR_RTL } },
    { "website_email", "موقعنا Roofaa.org.sa وبريدنا Gameciaroofaa@gmail.com للتواصل",
      { .size_px = 28, .dir = DAWR_DIR_RTL } },
    { "ticket", "تذكرة رقم A-023", { .size_px = 40, .dir = DAWR_DIR_RTL } },
    { "parentheses", "الخدمة (A-023) Roofaa.org.sa (لكبار السن)", { .size_px = 32, .dir = DAWR_DIR_RTL } },
    { "lam_alef", "لا، الأولوية لكبار السن والإدارة لا تتأخر", { .size_px = 36, .dir = DAWR_DIR_RTL } },
    { "wrap", "تردّ لجنة البحث على الطلبات خلال مدة لا تقل عن أسبوعين، ونشكر لكم صبركم وتفهّمكم",
      { .size_px = 30, .width_px = 420, .dir = DAWR_DIR_RTL } },
    { "english_wrap", "Roofaa Association for the Care of the Elderly in Umluj (رؤفاء), Roofaa.org.sa",
      { .size_px = 26, .width_px = 420, .dir = DAWR_DIR_LTR } },
    { "dates", "اليوم \u2068٢٥ نوفمبر ٢٠٢٦ م\u2069 — \u2068١٥ جمادى الآخرة ١٤٤٨ هـ\u2069",
      { .size_px = 28, .dir = DAWR_DIR_RTL } },
};

static dawr_text *engine;
static int fonts_ok;

static void test_fonts_pinned(void)
{
    fonts_ok = fixture_check_font_sums() == 0;
    CHECK(fonts_ok, "the pinned font files changed (%s): check the goldens by eye, then update the "
          "checksums and run with DAWR_UPDATE_GOLDEN=1", FIXTURE_FONTS_SUMS);
}

static void write_diff(const dawr_bitmap *got, const dawr_bitmap *want, const char *path)
{
    dawr_bitmap d;
    int w = got->width > want->width ? got->width : want->width;
    int h = got->height > want->height ? got->height : want->height;
    if (dawr_bitmap_init(&d, w, h) < 0) return;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int a = x < got->width && y < got->height ? got->pixels[y * got->stride + x] : 0;
            int b = x < want->width && y < want->height ? want->pixels[y * want->stride + x] : 0;
            d.pixels[y * d.stride + x] = (uint8_t)(a > b ? a - b : b - a);
        }
    char err[256];
    if (dawr_bitmap_write_png(&d, path, err, sizeof err) < 0) fprintf(stderr, "  %s\n", err);
    dawr_bitmap_release(&d);
}

static void test_goldens(void)
{
    int update = getenv("DAWR_UPDATE_GOLDEN") && *getenv("DAWR_UPDATE_GOLDEN") == '1';
    char outdir[512], err[256];
    snprintf(outdir, sizeof outdir, "%s/tests/golden-out", fixture_build_dir());
    mkdir(outdir, 0755);
    int matched = 0, n = (int)(sizeof goldens / sizeof *goldens);
    for (int i = 0; i < n; i++) {
        const golden *g = &goldens[i];
        char want_path[600], got_path[600], diff_path[600];
        snprintf(want_path, sizeof want_path, "%s/%s.png", GOLDEN_DIR, g->name);
        snprintf(got_path, sizeof got_path, "%s/%s.png", outdir, g->name);
        snprintf(diff_path, sizeof diff_path, "%s/%s.diff.png", outdir, g->name);
        dawr_layout *l = dawr_text_layout(engine, g->text, (size_t)-1, &g->opts);
        dawr_bitmap got, want;
        REQUIRE(l && dawr_raster_layout(l, 8, &got) == 0, "%s: layout failed", g->name);
        CHECK(dawr_layout_notdef_count(l) == 0, "%s draws .notdef", g->name);
        dawr_layout_free(l);
        if (update) {
            CHECK(dawr_bitmap_write_png(&got, want_path, err, sizeof err) == 0, "%s", err);
            fprintf(stderr, "  wrote %s\n", want_path);
            dawr_bitmap_release(&got);
            continue;
        }
        if (dawr_bitmap_read_png(want_path, &want, err, sizeof err) < 0) {
            CHECK(0, "%s (regenerate with DAWR_UPDATE_GOLDEN=1)", err);
            dawr_bitmap_write_png(&got, got_path, err, sizeof err);
            dawr_bitmap_release(&got);
            continue;
        }
        long differ = 0;
        int same_size = got.width == want.width && got.height == want.height;
        if (same_size)
            for (int y = 0; y < got.height; y++)
                for (int x = 0; x < got.width; x++) {
                    int d = got.pixels[y * got.stride + x] - want.pixels[y * want.stride + x];
                    differ += d > TOLERANCE || d < -TOLERANCE;
                }
        long allowed = (long)got.width * got.height * MAX_DIFF_PERMILLE / 1000;
        if (!same_size || differ > allowed) {
            dawr_bitmap_write_png(&got, got_path, err, sizeof err);
            write_diff(&got, &want, diff_path);
            CHECK(0, "%s: %s (%dx%d, golden %dx%d, %ld pixels differ, %ld allowed); see %s and %s",
                  g->name, same_size ? "pixels differ" : "size differs", got.width, got.height,
                  want.width, want.height, differ, allowed, got_path, diff_path);
        } else {
            matched++;
        }
        dawr_bitmap_release(&got);
        dawr_bitmap_release(&want);
    }
    if (!update) printf("goldens: %d of %d match\n", matched, n);
}

/* The tool's --dump: lines, runs left to right, glyphs with ids, clusters and advances. */
static void test_textshot_dump(void)
{
    char cmd[1024];
    const char *text = "تذكرة رقم A-023";
    snprintf(cmd, sizeof cmd, "%s/textshot --dump --dir rtl --size 32 '%s'", fixture_build_dir(), text);
    FILE *p = popen(cmd, "r");
    REQUIRE(p, "cannot run %s", cmd);
    json_error_t jerr;
    json_t *root = json_loadf(p, 0, &jerr);
    int rc = pclose(p);
    REQUIRE(root, "bad JSON from textshot: %s", jerr.text);
    CHECK_INT(rc, 0);
    json_t *lines = json_object_get(root, "lines");
    REQUIRE(json_is_array(lines) && json_array_size(lines) == 1, "one line expected");
    json_t *runs = json_object_get(json_array_get(lines, 0), "runs");
    REQUIRE(json_is_array(runs) && json_array_size(runs) == 2, "two runs expected");
    json_t *r0 = json_array_get(runs, 0), *r1 = json_array_get(runs, 1);
    /* Left to right as drawn: the Latin code first, then the Arabic words. */
    CHECK(json_is_false(json_object_get(r0, "rtl")), "first run is the left-to-right code");
    CHECK(json_is_true(json_object_get(r1, "rtl")), "second run is Arabic");
    CHECK_INT(json_integer_value(json_object_get(r0, "start")), strlen("تذكرة رقم "));
    CHECK_INT(json_integer_value(json_object_get(r0, "end")), strlen(text));
    CHECK_INT(json_integer_value(json_object_get(r1, "start")), 0);
    CHECK(strstr(json_string_value(json_object_get(r1, "font")), "NotoSansArabic-Regular.ttf"), "Arabic font");
    json_t *glyphs = json_object_get(r1, "glyphs"), *gl;
    size_t i;
    long prev_cluster = 1 << 30;
    json_array_foreach(glyphs, i, gl) {
        long c = (long)json_integer_value(json_object_get(gl, "cluster"));
        CHECK(c <= prev_cluster, "right-to-left run: clusters fall from left to right");
        CHECK(json_integer_value(json_object_get(gl, "id")) > 0, "glyph id");
        CHECK(json_number_value(json_object_get(gl, "x_advance")) >= 0, "advance");
        prev_cluster = c;
    }
    json_decref(root);
    snprintf(cmd, sizeof cmd, "%s/textshot -o %s/tests/golden-out/textshot.png '%s'", fixture_build_dir(),
             fixture_build_dir(), text);
    CHECK(system(cmd) == 0, "textshot -o failed");
}

static const test_case cases[] = {
    { "fonts_pinned", test_fonts_pinned },
    { "goldens", test_goldens },
    { "textshot_dump", test_textshot_dump },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    return fixture_main("text_golden", cases, &engine, -1, argc, argv);
}
