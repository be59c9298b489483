#include "text_bidi.h"

#include <fribidi.h>
#include <stdlib.h>
#include <string.h>

struct dawr_bidi {
    size_t n, cap;
    int par_level;
    FriBidiParType base;
    FriBidiCharType *types;
    FriBidiBracketType *brackets;
    FriBidiLevel *levels;
    FriBidiLevel *line_levels;
    FriBidiStrIndex *map;
};

dawr_bidi *dawr_bidi_new(void)
{
    return calloc(1, sizeof(dawr_bidi));
}

void dawr_bidi_free(dawr_bidi *b)
{
    if (!b) return;
    free(b->types); free(b->brackets); free(b->levels); free(b->line_levels); free(b->map);
    free(b);
}

static int bidi_reserve(dawr_bidi *b, size_t n)
{
    if (n <= b->cap) return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < n) cap *= 2;
    void *t = realloc(b->types, cap * sizeof *b->types);
    if (!t) return -1;
    b->types = t;
    if (!(t = realloc(b->brackets, cap * sizeof *b->brackets))) return -1;
    b->brackets = t;
    if (!(t = realloc(b->levels, cap * sizeof *b->levels))) return -1;
    b->levels = t;
    if (!(t = realloc(b->line_levels, cap * sizeof *b->line_levels))) return -1;
    b->line_levels = t;
    if (!(t = realloc(b->map, cap * sizeof *b->map))) return -1;
    b->map = t;
    b->cap = cap;
    return 0;
}

int dawr_bidi_resolve(dawr_bidi *b, const uint32_t *cps, size_t n, dawr_dir dir)
{
    if (bidi_reserve(b, n ? n : 1) < 0) return -1;
    b->n = n;
    b->base = dir == DAWR_DIR_RTL ? FRIBIDI_PAR_RTL : dir == DAWR_DIR_LTR ? FRIBIDI_PAR_LTR
                                                                         : FRIBIDI_PAR_ON;
    if (n == 0) {
        b->par_level = dir == DAWR_DIR_RTL;
        return 0;
    }
    /* The order FriBidi needs to pass all of BidiCharacterTest: types, then bracket types
     * (rule N0), then levels. */
    fribidi_get_bidi_types(cps, (FriBidiStrIndex)n, b->types);
    fribidi_get_bracket_types(cps, (FriBidiStrIndex)n, b->types, b->brackets);
    if (!fribidi_get_par_embedding_levels_ex(b->types, b->brackets, (FriBidiStrIndex)n,
                                             &b->base, b->levels))
        return -1;
    b->par_level = FRIBIDI_IS_RTL(b->base) ? 1 : 0;
    return 0;
}

int dawr_bidi_par_level(const dawr_bidi *b)
{
    return b->par_level;
}

const uint8_t *dawr_bidi_levels(const dawr_bidi *b)
{
    return (const uint8_t *)b->levels;
}

bool dawr_bidi_is_removed(const dawr_bidi *b, size_t i)
{
    return i < b->n && FRIBIDI_IS_EXPLICIT_OR_BN(b->types[i]);
}

int dawr_bidi_line(dawr_bidi *b, size_t start, size_t end, uint8_t *levels, uint32_t *visual)
{
    if (start > end || end > b->n) return -1;
    size_t len = end - start;
    if (len == 0) return 0;
    memcpy(b->line_levels, b->levels + start, len * sizeof *b->line_levels);
    for (size_t i = 0; i < len; i++) b->map[i] = (FriBidiStrIndex)i;
    /* No REORDER_NSM: HarfBuzz places marks itself, and the flag breaks the test file. */
    if (!fribidi_reorder_line(0, b->types + start, (FriBidiStrIndex)len, 0, b->base,
                              b->line_levels, NULL, b->map))
        return -1;
    for (size_t i = 0; i < len; i++) {
        levels[i] = (uint8_t)b->line_levels[i];
        if (visual) visual[i] = (uint32_t)(start + (size_t)b->map[i]);
    }
    return 0;
}
