/* Shared set-up of the text tests: pinned fonts (tests/fonts/fonts.conf names the font
 * files, tests/fonts/fonts.sha256 their checksums) and small helpers on layouts.
 * Tests run from the top of the tree (tests/run does). */
#ifndef DAWR_TEXT_FIXTURE_H
#define DAWR_TEXT_FIXTURE_H

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "text_layout.h"

#define FIXTURE_FONTS_CONF "tests/fonts/fonts.conf"
#define FIXTURE_FONTS_SUMS "tests/fonts/fonts.sha256"

/* Points fontconfig at the private configuration; call before any font is loaded. */
static inline void fixture_use_pinned_fonts(void)
{
    char path[PATH_MAX];
    if (realpath(FIXTURE_FONTS_CONF, path)) setenv("FONTCONFIG_FILE", path, 1);
}

/* Verifies the pinned font files against their recorded checksums; 0 when they match. */
static inline int fixture_check_font_sums(void)
{
    return system("sha256sum --quiet --strict -c " FIXTURE_FONTS_SUMS " >&2");
}

/* Build directory for test outputs ($BUILD from tests/run, else build). */
static inline const char *fixture_build_dir(void)
{
    const char *b = getenv("BUILD");
    return b && *b ? b : "build";
}

/* x of the first glyph drawn for the character at byte offset cluster; NAN when none. */
static inline float fixture_glyph_x(const dawr_layout *l, uint32_t cluster)
{
    size_t n;
    const dawr_glyph *g = dawr_layout_glyphs(l, &n);
    for (size_t i = 0; i < n; i++)
        if (g[i].cluster == cluster) return g[i].x;
    return NAN;
}

/* Byte offset of the first occurrence of needle in the layout's text; UINT32_MAX if none. */
static inline uint32_t fixture_offset(const dawr_layout *l, const char *needle)
{
    const char *text = dawr_layout_text(l, NULL), *p = strstr(text, needle);
    return p ? (uint32_t)(p - text) : UINT32_MAX;
}

/* The main of a text test: pinned fonts, a new engine in *ENGINE (CACHE_SIZE layouts cached,
 * -1 for the default), the cases, the engine freed. A missing font fails the suite. */
static inline int fixture_main(const char *suite, const test_case *cases, dawr_text **engine, long cache_size,
                               int argc, char **argv)
{
    char err[256];
    fixture_use_pinned_fonts();
    *engine = dawr_text_new(NULL, err, sizeof err);
    if (!*engine) {
        fprintf(stderr, "cannot load fonts: %s\n", err);
        printf("%s: 0 passed, 1 failed\n", suite);
        return 1;
    }
    if (cache_size >= 0) dawr_text_set_cache_size(*engine, (size_t)cache_size);
    int rc = harness_main(suite, cases, argc, argv);
    dawr_text_free(*engine);
    return rc;
}

#endif
