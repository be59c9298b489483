/* Runs Unicode's BidiCharacterTest.txt through the project's bidi layer (text/text_bidi):
 * for every line, the resolved paragraph level, the levels after rule L1 and the visual
 * order must match. Prints how many lines passed and lists failures. */
#include "harness.h"
#include "text_bidi.h"

#include <stdint.h>

#define BIDI_TEST_FILE "/usr/share/unicode/BidiCharacterTest.txt"
#define MAX_CPS 256

static int parse_hex_list(char *s, uint32_t *out, int max)
{
    int n = 0;
    for (char *tok = strtok(s, " "); tok && n < max; tok = strtok(NULL, " "))
        out[n++] = (uint32_t)strtoul(tok, NULL, 16);
    return n;
}

/* Checks one test line; returns 1 when it passes, 0 when not, -1 when malformed. */
static int check_line(dawr_bidi *b, char *line, char *why, size_t why_len)
{
    char *field[5];
    for (int i = 0; i < 5; i++) {
        field[i] = strsep(&line, ";");
        if (!field[i]) return -1;
    }
    uint32_t cps[MAX_CPS], visual[MAX_CPS];
    uint8_t levels[MAX_CPS];
    int n = parse_hex_list(field[0], cps, MAX_CPS);
    int dir_code = atoi(field[1]), want_par = atoi(field[2]);
    dawr_dir dir = dir_code == 0 ? DAWR_DIR_LTR : dir_code == 1 ? DAWR_DIR_RTL : DAWR_DIR_AUTO;
    if (dawr_bidi_resolve(b, cps, (size_t)n, dir) < 0 ||
        dawr_bidi_line(b, 0, (size_t)n, levels, visual) < 0) {
        snprintf(why, why_len, "resolver failed");
        return 0;
    }
    if (dawr_bidi_par_level(b) != want_par) {
        snprintf(why, why_len, "paragraph level %d, want %d", dawr_bidi_par_level(b), want_par);
        return 0;
    }
    int i = 0;
    for (char *tok = strtok(field[3], " "); tok; tok = strtok(NULL, " "), i++) {
        if (i >= n) { snprintf(why, why_len, "too many levels"); return -1; }
        if (strcmp(tok, "x") == 0) {
            if (!dawr_bidi_is_removed(b, (size_t)i)) {
                snprintf(why, why_len, "char %d should be removed by X9", i);
                return 0;
            }
        } else if (atoi(tok) != levels[i]) {
            snprintf(why, why_len, "char %d level %d, want %s", i, levels[i], tok);
            return 0;
        }
    }
    int v = 0;
    char *tok = strtok(field[4], " \r\n");
    for (int k = 0; k < n; k++) {
        if (dawr_bidi_is_removed(b, visual[k])) continue;
        if (!tok) { snprintf(why, why_len, "visual order too long"); return 0; }
        if ((uint32_t)atoi(tok) != visual[k]) {
            snprintf(why, why_len, "visual position %d is char %u, want %s", v, visual[k], tok);
            return 0;
        }
        v++;
        tok = strtok(NULL, " \r\n");
    }
    if (tok) { snprintf(why, why_len, "visual order too short"); return 0; }
    return 1;
}

static void test_bidi_character_test(void)
{
    FILE *f = fopen(BIDI_TEST_FILE, "r");
    REQUIRE(f, "cannot open %s (Debian package unicode-data)", BIDI_TEST_FILE);
    dawr_bidi *b = dawr_bidi_new();
    REQUIRE(b, "out of memory");
    char line[8192], why[128];
    long total = 0, passed = 0, lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\r') continue;
        total++;
        int r = check_line(b, line, why, sizeof why);
        if (r == 1) passed++;
        else if (total - passed <= 50)
            fprintf(stderr, "  BidiCharacterTest.txt:%ld: %s\n", lineno, r < 0 ? "malformed" : why);
    }
    fclose(f);
    dawr_bidi_free(b);
    printf("BidiCharacterTest.txt: %ld of %ld lines passed (%.3f%%)\n", passed, total,
           total ? 100.0 * (double)passed / (double)total : 0.0);
    CHECK(total > 90000, "only %ld test lines read", total);
    CHECK(passed == total, "%ld lines failed", total - passed);
}

static void test_bidi_empty_and_line_range(void)
{
    dawr_bidi *b = dawr_bidi_new();
    REQUIRE(b, "out of memory");
    CHECK_INT(dawr_bidi_resolve(b, NULL, 0, DAWR_DIR_RTL), 0);
    CHECK_INT(dawr_bidi_par_level(b), 1);
    uint32_t cps[] = { 0x0627, 0x0020, 0x0031 };
    uint8_t lv[3];
    CHECK_INT(dawr_bidi_resolve(b, cps, 3, DAWR_DIR_AUTO), 0);
    CHECK_INT(dawr_bidi_line(b, 2, 5, lv, NULL), -1);
    dawr_bidi_free(b);
    dawr_bidi_free(NULL);
}

static const test_case cases[] = {
    { "bidi_character_test", test_bidi_character_test },
    { "bidi_empty_and_line_range", test_bidi_empty_and_line_range },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    return harness_main("text_bidi", cases, argc, argv);
}
