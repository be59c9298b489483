/* The layout's own reordering (runs split by level, script, font and line, then rule L2 on
 * the pieces) must give the same visual order as the bidi layer, which passes Unicode's
 * BidiCharacterTest. Random strings over letters that never form ligatures (Latin, Hebrew,
 * right-joining Arabic, Arabic-Indic and European digits, punctuation, brackets, isolates
 * and embeddings), laid out with and without wrapping: each line's glyph clusters, left to right, must be the
 * characters of dawr_bidi_line()'s visual order. Fonts are pinned (tests/fonts). */
#include "harness.h"
#include "text_bidi.h"
#include "text_fixture.h"
#include "text_layout.h"
#include "text_utf8.h"

#define N_STRINGS 3000
#define MAX_LEN 48

static dawr_text *engine;

static const uint32_t alphabet[] = {
    'a', 'b', 'c', 'd', 'x', 'y', 'A', 'B', '1', '2', '3', ' ', ' ', ' ', '-', '+', '.', ',', ':',
    '/', '(', ')', '[', ']', '!', '#', '$', '%',
    0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05E9,                 /* Hebrew letters: R, unjoined */
    0x0631, 0x0632, 0x0648, 0x062F, 0x0627, 0x060C,         /* Arabic AL that form no ligature */
    0x0661, 0x0662, 0x0663, 0x066B,                         /* Arabic-Indic digits, AN */
    0x06F1, 0x06F2,                                         /* Persian digits, EN */
    0x2066, 0x2067, 0x2068, 0x2069,                         /* LRI RLI FSI PDI */
    0x202A, 0x202B, 0x202C, 0x200E, 0x200F,                 /* LRE RLE PDF LRM RLM */
};

static uint32_t rng = 12345;
static uint32_t next_random(void)
{
    rng ^= rng << 13; rng ^= rng >> 17; rng ^= rng << 5;
    return rng;
}

static bool is_format(uint32_t c)
{
    return (c >= 0x2066 && c <= 0x2069) || (c >= 0x202A && c <= 0x202E) || c == 0x200E || c == 0x200F;
}

static void test_layout_order_matches_bidi(void)
{
    dawr_bidi *bidi = dawr_bidi_new();
    REQUIRE(bidi, "out of memory");
    int failures = 0, lines_checked = 0;
    for (int k = 0; k < N_STRINGS && failures < 10; k++) {
        char text[MAX_LEN * 4 + 1];
        uint32_t cps[MAX_LEN * 4 + 1], offs[MAX_LEN * 4 + 2], visual[MAX_LEN * 4];
        uint8_t levels[MAX_LEN * 4];
        size_t len = 0, n = 1 + next_random() % MAX_LEN;
        for (size_t i = 0; i < n; i++)
            len += dawr_utf8_encode(alphabet[next_random() % (sizeof alphabet / sizeof *alphabet)], text + len);
        text[len] = 0;
        dawr_dir dir = (dawr_dir)(next_random() % 3);
        float widths[] = { 0, 50, 120 };
        dawr_layout_opts o = { .size_px = 20, .dir = dir, .width_px = widths[next_random() % 3] };
        dawr_layout *l = dawr_text_layout(engine, text, len, &o);
        REQUIRE(l, "layout failed");
        size_t ncp = dawr_utf8_decode(text, len, cps, offs);
        if (dawr_bidi_resolve(bidi, cps, ncp, dir) < 0) { CHECK(0, "bidi failed"); break; }
        size_t n_lines, n_runs, n_glyphs;
        const dawr_line *lines = dawr_layout_lines(l, &n_lines);
        const dawr_run *runs = dawr_layout_runs(l, &n_runs);
        const dawr_glyph *glyphs = dawr_layout_glyphs(l, &n_glyphs);
        for (size_t li = 0; li < n_lines; li++) {
            size_t a = 0, b = 0;
            while (a < ncp && offs[a] < lines[li].start) a++;
            while (b < ncp && offs[b] < lines[li].end) b++;
            if (dawr_bidi_line(bidi, a, b, levels, visual) < 0) { CHECK(0, "bidi line failed"); continue; }
            char want[1024] = "", got[1024] = "";
            size_t wl = 0, gl = 0;
            for (size_t i = 0; i < b - a; i++)
                if (!dawr_bidi_is_removed(bidi, visual[i]) && !is_format(cps[visual[i]]))
                    wl += (size_t)snprintf(want + wl, sizeof want - wl, "%u ", offs[visual[i]]);
            /* HarfBuzz merges a removed format character's cluster into its neighbour's:
             * a glyph stands for the first visible character at or after its cluster. */
            for (uint32_t r = lines[li].first_run; r < lines[li].first_run + lines[li].n_runs; r++)
                for (uint32_t g = runs[r].first_glyph; g < runs[r].first_glyph + runs[r].n_glyphs; g++) {
                    size_t c = 0;
                    while (c < ncp && offs[c] < glyphs[g].cluster) c++;
                    while (c + 1 < ncp && (dawr_bidi_is_removed(bidi, c) || is_format(cps[c]))) c++;
                    gl += (size_t)snprintf(got + gl, sizeof got - gl, "%u ", offs[c]);
                }
            lines_checked++;
            if (strcmp(want, got) != 0) {
                failures++;
                fprintf(stderr, "  string %d, line %zu, dir %d, width %.0f:", k, li, dir, o.width_px);
                for (size_t i = 0; i < ncp; i++) fprintf(stderr, " %04X", cps[i]);
                fprintf(stderr, "\n    bidi   %s\n    layout %s\n", want, got);
            }
        }
        CHECK_INT(dawr_layout_notdef_count(l), 0);
        dawr_layout_free(l);
    }
    printf("visual order: %d lines checked, %d differ\n", lines_checked, failures);
    CHECK(failures == 0, "%d lines in another order than the bidi layer's", failures);
    dawr_bidi_free(bidi);
}

static const test_case cases[] = {
    { "layout_order_matches_bidi", test_layout_order_matches_bidi },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    return fixture_main("text_order", cases, &engine, 0, argc, argv);
}
