/* Shaping compared with HarfBuzz's own tool: for each Arabic string, the glyph ids and
 * clusters of the layout (one right-to-left run) must equal what `hb-shape` prints for the
 * same font file, in the same order. Fonts are pinned (tests/fonts). */
#include "harness.h"
#include "text_fixture.h"
#include "text_layout.h"

#include <unistd.h>

static dawr_text *engine;

static const char *const strings[] = {
    "رُؤفَاءُ لِرَعَايَةِ كِبَارِ السِّنِ بِأَمْلَج",
    "رؤفاء لرعاية كبار السن بأملج",
    "لا إله إلا أنتم الأولى",
    "السلام عليكم ورحمة الله وبركاته",
    "تفضّلوا بأخذ رقم الانتظار",
    "فضلاً، قيّموا زيارتكم؟",
    "تردّ لجنة البحث خلال مدة لا تقل عن أسبوعين",
    "مستشفى الملك فهد، قسم الطوارئ",
    "يُخدم الآن",
    "ـــ ﷲ ئ ؤ ة ى ﻻ",
    "غير راضٍ جيد جدًا ممتاز",
    NULL,
};

/* Runs hb-shape on text with font; writes "id=cluster|…" (visual order) to out. */
static int hb_shape_tool(const char *font, const char *text, char *out, size_t len)
{
    char path[] = "/tmp/dawr-hbshape-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return -1;
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "hb-shape --direction=rtl --script=Arab --language=ar --bot --eot "
             "--remove-default-ignorables --utf8-clusters --no-glyph-names --no-positions '%s' --text-file='%s'",
             font, path);
    FILE *p = popen(cmd, "r");
    int ok = p && fgets(out, (int)len, p) != NULL;
    if (p && pclose(p) != 0) ok = 0;
    unlink(path);
    if (!ok) return -1;
    /* "[582=3|…]\n" → "582=3|…" */
    size_t n = strcspn(out, "\n");
    out[n] = 0;
    if (n >= 2 && out[0] == '[' && out[n - 1] == ']') {
        memmove(out, out + 1, n - 2);
        out[n - 2] = 0;
    }
    return 0;
}

static void check_strings(dawr_weight weight)
{
    int compared = 0;
    for (const char *const *s = strings; *s; s++) {
        dawr_layout_opts o = { .size_px = 32, .dir = DAWR_DIR_RTL, .weight = weight };
        dawr_layout *l = dawr_text_layout(engine, *s, (size_t)-1, &o);
        REQUIRE(l, "layout failed");
        size_t nr, ng;
        const dawr_run *runs = dawr_layout_runs(l, &nr);
        const dawr_glyph *g = dawr_layout_glyphs(l, &ng);
        if (nr != 1) {
            CHECK(nr == 1, "\"%s\": %zu runs, expected one Arabic run", *s, nr);
            dawr_layout_free(l);
            continue;
        }
        const char *font = dawr_face_path(dawr_layout_face(l, runs[0].face));
        char ours[8192] = "", theirs[8192];
        size_t o_len = 0;
        for (size_t i = 0; i < ng && o_len + 32 < sizeof ours; i++)
            o_len += (size_t)snprintf(ours + o_len, sizeof ours - o_len, "%s%u=%u", i ? "|" : "",
                                      g[i].id, g[i].cluster);
        if (hb_shape_tool(font, *s, theirs, sizeof theirs) < 0) {
            CHECK(0, "cannot run hb-shape (Debian package libharfbuzz-bin)");
        } else {
            CHECK(strcmp(ours, theirs) == 0, "\"%s\" with %s:\n    ours    %s\n    hb-shape %s", *s, font,
                  ours, theirs);
            compared++;
        }
        CHECK_INT(dawr_layout_notdef_count(l), 0);
        dawr_layout_free(l);
    }
    printf("hb-shape: %d strings compared (%s)\n", compared, weight == DAWR_WEIGHT_BOLD ? "bold" : "regular");
}

static void test_shaping_regular_matches_hb_shape(void) { check_strings(DAWR_WEIGHT_REGULAR); }
static void test_shaping_bold_matches_hb_shape(void) { check_strings(DAWR_WEIGHT_BOLD); }

static void test_shaping_naskh_matches_hb_shape(void)
{
    char err[256];
    dawr_text *saved = engine;
    engine = dawr_text_new("Noto Naskh Arabic", err, sizeof err);
    REQUIRE(engine, "Noto Naskh Arabic: %s", err);
    check_strings(DAWR_WEIGHT_REGULAR);
    dawr_text_free(engine);
    engine = saved;
}

static const test_case cases[] = {
    { "shaping_regular_matches_hb_shape", test_shaping_regular_matches_hb_shape },
    { "shaping_bold_matches_hb_shape", test_shaping_bold_matches_hb_shape },
    { "shaping_naskh_matches_hb_shape", test_shaping_naskh_matches_hb_shape },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    return fixture_main("text_shape", cases, &engine, -1, argc, argv);
}
