#include "text_layout.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>

#include "text_utf8.h"

#define DEFAULT_SIZE_PX 24.0f
#define CACHE_BUCKETS 1024

/* A glyph as HarfBuzz gave it, before lines: font units, cluster = paragraph index. */
typedef struct {
    uint32_t gid, cluster;
    int32_t x_advance, x_offset, y_offset;
} shaped_glyph;

/* A shaping item: characters [start, end) of the paragraph with one level, script, face. */
typedef struct {
    uint32_t start, end;
    uint8_t level;
    hb_script_t script;
    int face;
    uint32_t first, count;     /* in the shaped glyph store */
} item;

/* A piece of a line, before reordering. */
typedef struct {
    uint32_t start, end;
    uint8_t level;
    int item;
} segment;

struct dawr_layout {
    int refs;
    dawr_text *engine;
    char *text;
    size_t len;
    dawr_layout_opts opts;
    uint64_t hash;
    dawr_layout *next_in_bucket, *lru_prev, *lru_next;
    bool cached;
    float width, height;
    size_t notdef;
    dawr_line *lines;
    size_t n_lines, cap_lines;
    dawr_run *runs;
    size_t n_runs, cap_runs;
    dawr_glyph *glyphs;
    size_t n_glyphs, cap_glyphs;
    void *attachment;
    void (*attachment_free)(void *);
};

/* Growable scratch array. */
typedef struct { void *p; size_t cap; } scratch;

struct dawr_text {
    dawr_fonts *fonts;
    dawr_bidi *bidi;
    hb_buffer_t *buf;
    hb_unicode_funcs_t *ufuncs;
    hb_language_t lang_ar, lang_en;
    UBreakIterator *brk;
    /* Per character of the whole text or of one paragraph. */
    scratch cps, offsets, scripts, faces, adv, levels, u16, u16map, breaks, ends;
    scratch shaped, items, segs;
    size_t n_shaped, n_items, n_segs;
    /* The layout cache: hash buckets and a most-recently-used list. */
    dawr_layout *buckets[CACHE_BUCKETS];
    dawr_layout *lru_head, *lru_tail;
    size_t cache_max, cache_n;
};

#define MAX_MARKS_IN_A_ROW 30

static void *reserve(scratch *s, size_t n, size_t size)
{
    if (n == 0) n = 1;                 /* never NULL for "nothing yet" (a run of only bidi controls) */
    if (n <= s->cap) return s->p;
    size_t cap = s->cap ? s->cap : 256;
    while (cap < n) cap *= 2;
    void *p = realloc(s->p, cap * size);
    if (!p) return NULL;
    s->p = p;
    s->cap = cap;
    return p;
}

dawr_text *dawr_text_new(const char *family, char *err, size_t err_len)
{
    dawr_text *t = calloc(1, sizeof *t);
    if (!t) {
        if (err && err_len) snprintf(err, err_len, "out of memory");
        return NULL;
    }
    t->fonts = dawr_fonts_new(family, err, err_len);
    if (!t->fonts) goto fail;
    t->bidi = dawr_bidi_new();
    t->buf = hb_buffer_create();
    if (!t->bidi || !hb_buffer_allocation_successful(t->buf)) {
        if (err && err_len) snprintf(err, err_len, "out of memory");
        goto fail;
    }
    t->ufuncs = hb_unicode_funcs_get_default();
    t->lang_ar = hb_language_from_string("ar", -1);
    t->lang_en = hb_language_from_string("en", -1);
    t->cache_max = 512;
    return t;
fail:
    dawr_text_free(t);
    return NULL;
}

static void layout_destroy(dawr_layout *l)
{
    if (l->attachment_free) l->attachment_free(l->attachment);
    free(l->text);
    free(l->lines);
    free(l->runs);
    free(l->glyphs);
    free(l);
}

void dawr_layout_free(dawr_layout *l)
{
    if (l && --l->refs == 0) layout_destroy(l);
}

static void cache_remove(dawr_text *t, dawr_layout *l)
{
    dawr_layout **pp = &t->buckets[l->hash % CACHE_BUCKETS];
    while (*pp != l) pp = &(*pp)->next_in_bucket;
    *pp = l->next_in_bucket;
    if (l->lru_prev) l->lru_prev->lru_next = l->lru_next; else t->lru_head = l->lru_next;
    if (l->lru_next) l->lru_next->lru_prev = l->lru_prev; else t->lru_tail = l->lru_prev;
    l->cached = false;
    t->cache_n--;
    dawr_layout_free(l);
}

void dawr_text_set_cache_size(dawr_text *t, size_t n)
{
    t->cache_max = n;
    while (t->cache_n > n) cache_remove(t, t->lru_tail);
}

void dawr_text_free(dawr_text *t)
{
    if (!t) return;
    dawr_text_set_cache_size(t, 0);
    dawr_fonts_free(t->fonts);
    dawr_bidi_free(t->bidi);
    hb_buffer_destroy(t->buf);
    if (t->brk) ubrk_close(t->brk);
    scratch *all[] = { &t->cps, &t->offsets, &t->scripts, &t->faces, &t->adv, &t->levels,
                       &t->u16, &t->u16map, &t->breaks, &t->ends, &t->shaped, &t->items, &t->segs };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) free(all[i]->p);
    free(t);
}

static uint64_t layout_hash(const char *s, size_t len, const dawr_layout_opts *o)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    uint32_t fields[6];
    memcpy(&fields[0], &o->size_px, 4);
    memcpy(&fields[1], &o->width_px, 4);
    fields[2] = (uint32_t)o->dir;
    fields[3] = (uint32_t)o->align;
    fields[4] = (uint32_t)o->weight;
    memcpy(&fields[5], &o->line_em, 4);
    for (int i = 0; i < 6; i++) h = (h ^ fields[i]) * 1099511628211ull;
    return h;
}

static bool opts_equal(const dawr_layout_opts *a, const dawr_layout_opts *b)
{
    return a->size_px == b->size_px && a->width_px == b->width_px && a->dir == b->dir &&
           a->align == b->align && a->weight == b->weight && a->line_em == b->line_em;
}

static bool is_space(dawr_text *t, uint32_t cp)
{
    return cp == ' ' || cp == '\t' ||
           (cp > 0x7F && hb_unicode_general_category(t->ufuncs, cp) ==
                             HB_UNICODE_GENERAL_CATEGORY_SPACE_SEPARATOR);
}

static bool is_ignorable(dawr_text *t, uint32_t cp)
{
    return (cp >= 0xFE00 && cp <= 0xFE0F) || (cp >= 0xE0000 && cp <= 0xE0FFF) ||
           (cp > 0x7F && hb_unicode_general_category(t->ufuncs, cp) == HB_UNICODE_GENERAL_CATEGORY_FORMAT);
}

static bool is_mark(dawr_text *t, uint32_t cp)
{
    hb_unicode_general_category_t g = hb_unicode_general_category(t->ufuncs, cp);
    return g == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK || g == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
           g == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

static bool is_weak_script(hb_script_t s)
{
    return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

/* --- building the result ------------------------------------------------------------- */

static dawr_line *add_line(dawr_layout *l)
{
    if (l->n_lines == l->cap_lines) {
        size_t cap = l->cap_lines ? l->cap_lines * 2 : 4;
        void *p = realloc(l->lines, cap * sizeof *l->lines);
        if (!p) return NULL;
        l->lines = p;
        l->cap_lines = cap;
    }
    dawr_line *line = &l->lines[l->n_lines++];
    memset(line, 0, sizeof *line);
    line->first_run = (uint32_t)l->n_runs;
    return line;
}

static dawr_run *add_run(dawr_layout *l)
{
    if (l->n_runs == l->cap_runs) {
        size_t cap = l->cap_runs ? l->cap_runs * 2 : 8;
        void *p = realloc(l->runs, cap * sizeof *l->runs);
        if (!p) return NULL;
        l->runs = p;
        l->cap_runs = cap;
    }
    dawr_run *run = &l->runs[l->n_runs++];
    memset(run, 0, sizeof *run);
    run->first_glyph = (uint32_t)l->n_glyphs;
    return run;
}

static int reserve_glyphs(dawr_layout *l, size_t more)
{
    if (l->n_glyphs + more <= l->cap_glyphs) return 0;
    size_t cap = l->cap_glyphs ? l->cap_glyphs : 32;
    while (cap < l->n_glyphs + more) cap *= 2;
    void *p = realloc(l->glyphs, cap * sizeof *l->glyphs);
    if (!p) return -1;
    l->glyphs = p;
    l->cap_glyphs = cap;
    return 0;
}

/* --- shaping --------------------------------------------------------------------------- */

/* Shapes paragraph characters [start, end) (cps is the paragraph) at level with script and
 * face, appending to the shaped glyph store; sets *first, *count. */
static int shape(dawr_text *t, const uint32_t *cps, size_t n, uint32_t start, uint32_t end,
                 uint8_t level, hb_script_t script, int face, uint32_t *first, uint32_t *count)
{
    hb_buffer_t *buf = t->buf;
    hb_buffer_clear_contents(buf);
    hb_buffer_add_codepoints(buf, cps, (int)n, start, (int)(end - start));
    hb_buffer_set_direction(buf, level & 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, script);
    hb_buffer_set_language(buf, script == HB_SCRIPT_ARABIC ? t->lang_ar : t->lang_en);
    hb_buffer_set_flags(buf, (hb_buffer_flags_t)((start == 0 ? HB_BUFFER_FLAG_BOT : 0) |
                                                 (end == n ? HB_BUFFER_FLAG_EOT : 0) |
                                                 HB_BUFFER_FLAG_REMOVE_DEFAULT_IGNORABLES));
    hb_shape(dawr_face_hb(dawr_fonts_face(t->fonts, face)), buf, NULL, 0);
    unsigned ng;
    hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &ng);
    hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    shaped_glyph *g = reserve(&t->shaped, t->n_shaped + ng, sizeof *g);
    if (!g) return -1;
    g += t->n_shaped;
    for (unsigned i = 0; i < ng; i++) {
        g[i].gid = info[i].codepoint;
        g[i].cluster = info[i].cluster;
        g[i].x_advance = pos[i].x_advance;
        g[i].x_offset = pos[i].x_offset;
        g[i].y_offset = pos[i].y_offset;
    }
    *first = (uint32_t)t->n_shaped;
    *count = ng;
    t->n_shaped += ng;
    return 0;
}

/* --- one paragraph --------------------------------------------------------------------- */

typedef struct {
    dawr_text *t;
    dawr_layout *l;
    const uint32_t *cps;       /* paragraph code points */
    const uint32_t *offsets;   /* their byte offsets */
    size_t n;
    const hb_script_t *scripts;
    const int *faces;
    const float *adv;          /* pixels per character */
    float size, line_height, ascender;
    int par_level;
} para;

/* Width of [a, b) without trailing spaces; *trail gets the spaces' width. */
static float span_width(const para *p, uint32_t a, uint32_t b, float *trail)
{
    float w = 0, tw = 0;
    uint32_t e = b;
    while (e > a && is_space(p->t, p->cps[e - 1])) tw += p->adv[--e];
    for (uint32_t i = a; i < e; i++) w += p->adv[i];
    if (trail) *trail = tw;
    return w;
}

/* Lays out line [ls, le) of the paragraph at baseline y. */
static int emit_line(para *p, uint32_t ls, uint32_t le, float y)
{
    dawr_text *t = p->t;
    dawr_layout *l = p->l;
    dawr_line *line = add_line(l);
    if (!line) return -1;
    line->start = p->offsets[ls];
    line->end = p->offsets[le];
    line->baseline = y;
    line->rtl = p->par_level & 1;
    if (le == ls) return 0;

    uint8_t *lev = reserve(&t->levels, le - ls, 1);
    segment *seg = reserve(&t->segs, le - ls, sizeof *seg);
    if (!lev || !seg || dawr_bidi_line(t->bidi, ls, le, lev, NULL) < 0) return -1;

    /* Pieces of the shaping items within the line, split where rule L1 changed levels. */
    const item *items = t->items.p;
    size_t ns = 0;
    for (size_t k = 0; k < t->n_items; k++) {
        uint32_t a = items[k].start > ls ? items[k].start : ls;
        uint32_t b = items[k].end < le ? items[k].end : le;
        for (uint32_t i = a; i < b;) {
            uint32_t j = i + 1;
            while (j < b && lev[j - ls] == lev[i - ls]) j++;
            seg[ns++] = (segment){ i, j, lev[i - ls], (int)k };
            i = j;
        }
    }
    /* Rule L2 on the pieces: reverse every sequence at or above each odd level. */
    uint8_t hi = 0, lo_odd = 255;
    for (size_t i = 0; i < ns; i++) {
        if (seg[i].level > hi) hi = seg[i].level;
        if ((seg[i].level & 1) && seg[i].level < lo_odd) lo_odd = seg[i].level;
    }
    for (int lv = hi; lv >= lo_odd && lv > 0; lv--) {
        for (size_t i = 0; i < ns;) {
            if (seg[i].level < lv) { i++; continue; }
            size_t j = i;
            while (j < ns && seg[j].level >= lv) j++;
            for (size_t a = i, b = j - 1; a < b; a++, b--) {
                segment tmp = seg[a]; seg[a] = seg[b]; seg[b] = tmp;
            }
            i = j;
        }
    }

    float trail;
    line->width = span_width(p, ls, le, &trail);
    /* Trailing spaces sit at the paragraph's end side: on the left in a right-to-left line. */
    float pen = (p->par_level & 1) ? -trail : 0;
    for (size_t s = 0; s < ns; s++) {
        const item *it = &items[seg[s].item];
        uint32_t first = it->first, count = it->count;
        if (seg[s].start != it->start || seg[s].end != it->end || seg[s].level != it->level) {
            if (shape(t, p->cps, p->n, seg[s].start, seg[s].end, seg[s].level, it->script,
                      it->face, &first, &count) < 0)
                return -1;
        }
        dawr_run *run = add_run(l);
        if (!run || reserve_glyphs(l, count) < 0) return -1;
        dawr_face *face = dawr_fonts_face(t->fonts, it->face);
        float k = p->size / (float)dawr_face_upem(face);
        run->face = it->face;
        run->rtl = seg[s].level & 1;
        run->start = p->offsets[seg[s].start];
        run->end = p->offsets[seg[s].end];
        run->x = pen;
        const shaped_glyph *sg = (const shaped_glyph *)t->shaped.p + first;
        for (uint32_t i = 0; i < count; i++) {
            dawr_glyph *g = &l->glyphs[l->n_glyphs++];
            g->id = sg[i].gid;
            g->cluster = p->offsets[sg[i].cluster];
            g->x = pen + (float)sg[i].x_offset * k;
            g->y = y - (float)sg[i].y_offset * k;
            g->x_advance = (float)sg[i].x_advance * k;
            pen += g->x_advance;
            if (g->id == 0) l->notdef++;
        }
        run->n_glyphs = count;
        run->width = pen - run->x;
        line->n_runs++;
    }
    return 0;
}

/* Finds the line breaks of the paragraph with ICU (UAX #14) and emits the lines. */
static int break_lines(para *p, float *y)
{
    dawr_text *t = p->t;
    float limit = p->l->opts.width_px;
    float total = span_width(p, 0, (uint32_t)p->n, NULL);
    if (limit <= 0 || total <= limit) {
        *y += p->line_height;
        return emit_line(p, 0, (uint32_t)p->n, *y - p->line_height + p->ascender);
    }
    /* UTF-16 copy for ICU, with each unit's paragraph index. */
    UChar *u = reserve(&t->u16, 2 * p->n + 1, sizeof *u);
    uint32_t *map = reserve(&t->u16map, 2 * p->n + 1, sizeof *map);
    if (!u || !map) return -1;
    int32_t nu = 0;
    for (size_t i = 0; i < p->n; i++) {
        uint32_t c = p->cps[i];
        map[nu] = (uint32_t)i;
        if (c >= 0x10000) {
            u[nu++] = (UChar)(0xD7C0 + (c >> 10));
            map[nu] = (uint32_t)i;
            u[nu++] = (UChar)(0xDC00 | (c & 0x3FF));
        } else {
            u[nu++] = (UChar)c;
        }
    }
    map[nu] = (uint32_t)p->n;
    UErrorCode err = U_ZERO_ERROR;
    if (!t->brk) t->brk = ubrk_open(UBRK_LINE, "ar", u, nu, &err);
    else ubrk_setText(t->brk, u, nu, &err);
    if (U_FAILURE(err)) return -1;

    /* The breaks allowed: ICU's, but none inside an isolate (FSI, LRI, RLI … PDI), so a date,
     * a time or a ticket code is one unit. */
    uint32_t *breaks = reserve(&t->breaks, p->n + 1, sizeof *breaks);
    uint32_t *ends = reserve(&t->ends, p->n + 1, sizeof *ends);
    if (!breaks || !ends) return -1;
    size_t nb = 0, scanned = 0;
    int depth = 0;
    for (int32_t b16 = ubrk_following(t->brk, 0); b16 != UBRK_DONE; b16 = ubrk_next(t->brk)) {
        uint32_t b = map[b16];
        for (; scanned < b; scanned++) {
            uint32_t c = p->cps[scanned];
            if (c >= 0x2066 && c <= 0x2068) depth++;
            else if (c == 0x2069 && depth > 0) depth--;
        }
        if (b > 0 && (nb == 0 || b > breaks[nb - 1]) && (depth == 0 || b == p->n)) breaks[nb++] = b;
    }
    if (nb == 0 || breaks[nb - 1] != p->n) breaks[nb++] = (uint32_t)p->n;

    /* Greedy: each line takes what fits; a piece wider than the line stays whole (never
     * broken inside a word). */
    size_t nl = 0;
    uint32_t ls = 0;
    int64_t cand = -1;
    for (size_t k = 0; k < nb; k++) {
        uint32_t b = breaks[k];
        if (b <= ls) continue;
        if (span_width(p, ls, b, NULL) <= limit) { cand = b; continue; }
        uint32_t end = cand < 0 ? b : (uint32_t)cand;
        ends[nl++] = end;
        ls = end;
        cand = -1;
        if (ls < b) {
            if (span_width(p, ls, b, NULL) <= limit) cand = b;
            else ends[nl++] = ls = b;
        }
    }
    if (ls < p->n) ends[nl++] = (uint32_t)p->n;

    /* Balance: a last line of one word takes the word before it when both fit and the line
     * before keeps two, so no word stands alone at the end where a better break exists. */
    if (nl >= 2) {
        uint32_t last = ends[nl - 2], before = nl >= 3 ? ends[nl - 3] : 0;
        size_t k = 0;
        while (k < nb && breaks[k] <= last) k++;
        bool one_word = k < nb && breaks[k] == p->n;
        int64_t moved = -1, kept = -1;      /* the line before keeps two words at least */
        for (size_t j = 0; j < nb && breaks[j] < last; j++)
            if (breaks[j] > before) { kept = moved; moved = breaks[j]; }
        if (one_word && kept > 0 && span_width(p, (uint32_t)moved, (uint32_t)p->n, NULL) <= limit)
            ends[nl - 2] = (uint32_t)moved;
    }
    ls = 0;
    for (size_t k = 0; k < nl; k++) {
        *y += p->line_height;
        if (emit_line(p, ls, ends[k], *y - p->line_height + p->ascender) < 0) return -1;
        ls = ends[k];
    }
    return 0;
}

static int layout_paragraph(dawr_text *t, dawr_layout *l, size_t ps, size_t pe, float *y)
{
    const uint32_t *cps = (const uint32_t *)t->cps.p + ps;
    size_t n = pe - ps;
    const dawr_layout_opts *o = &l->opts;
    hb_script_t *scripts = reserve(&t->scripts, n + 1, sizeof *scripts);
    int *faces = reserve(&t->faces, n + 1, sizeof *faces);
    float *adv = reserve(&t->adv, n + 1, sizeof *adv);
    if (!scripts || !faces || !adv) return -1;
    if (dawr_bidi_resolve(t->bidi, cps, n, o->dir) < 0) return -1;
    const uint8_t *levels = dawr_bidi_levels(t->bidi);

    /* Scripts: weak characters (spaces, digits, punctuation, marks) take the script of the
     * strong character before them, or after them at the start. */
    for (size_t i = 0; i < n; i++) {
        hb_script_t s = hb_unicode_script(t->ufuncs, cps[i]);
        scripts[i] = is_weak_script(s) ? HB_SCRIPT_INVALID : s;
    }
    hb_script_t prev = HB_SCRIPT_INVALID;
    for (size_t i = 0; i < n; i++) {
        if (scripts[i] != HB_SCRIPT_INVALID) { prev = scripts[i]; continue; }
        if (prev == HB_SCRIPT_INVALID) {
            size_t j = i;
            while (j < n && scripts[j] == HB_SCRIPT_INVALID) j++;
            prev = j < n ? scripts[j] : HB_SCRIPT_LATIN;
        }
        scripts[i] = prev;
    }

    /* Faces: weak characters stay in their neighbour's face when it has them; a base and
     * its combining marks get one face that has them all when there is one. */
    for (size_t i = 0; i < n;) {
        uint32_t c = cps[i];
        int before = i > 0 ? faces[i - 1] : -1;
        if (is_ignorable(t, c)) { faces[i++] = before; continue; }
        bool weak = is_weak_script(hb_unicode_script(t->ufuncs, c));
        bool arabic = scripts[i] == HB_SCRIPT_ARABIC;
        size_t j = i + 1;
        while (j < n && j - i < 16 && is_mark(t, cps[j])) j++;
        int f = -1;
        if (j > i + 1 && !(before >= 0 && is_mark(t, c)))
            f = dawr_fonts_face_for_cluster(t->fonts, o->weight, cps + i, j - i, arabic, weak ? before : -1);
        if (f < 0) {
            faces[i] = dawr_fonts_face_for(t->fonts, o->weight, c, arabic, weak ? before : -1);
            i++;
            continue;
        }
        for (size_t k = i; k < j; k++) faces[k] = f;
        i = j;
    }
    for (size_t i = n; i-- > 0;)
        if (faces[i] < 0) faces[i] = i + 1 < n ? faces[i + 1] : dawr_fonts_face_for(t->fonts, o->weight, ' ', false, -1);

    /* Items of one level, script and face, shaped once; advances per character. */
    t->n_items = 0;
    t->n_shaped = 0;
    for (size_t i = 0; i < n; i++) adv[i] = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && levels[j] == levels[i] && scripts[j] == scripts[i] && faces[j] == faces[i]) j++;
        item *it = reserve(&t->items, t->n_items + 1, sizeof *it);
        if (!it) return -1;
        it += t->n_items++;
        *it = (item){ (uint32_t)i, (uint32_t)j, levels[i], scripts[i], faces[i], 0, 0 };
        if (shape(t, cps, n, it->start, it->end, it->level, it->script, it->face, &it->first, &it->count) < 0)
            return -1;
        float k = l->opts.size_px / (float)dawr_face_upem(dawr_fonts_face(t->fonts, it->face));
        const shaped_glyph *g = (const shaped_glyph *)t->shaped.p + it->first;
        for (uint32_t m = 0; m < it->count; m++) adv[g[m].cluster] += (float)g[m].x_advance * k;
        i = j;
    }

    float asc, desc;
    dawr_fonts_metrics(t->fonts, o->weight, &asc, &desc);
    /* Line spacing by script: Arabic needs room for its marks (1.7 em), Latin less (1.4). */
    bool arabic = false;
    for (size_t i = 0; i < n && !arabic; i++) arabic = scripts[i] == HB_SCRIPT_ARABIC;
    float line_em = o->line_em > 0 ? o->line_em : arabic ? 1.7f : 1.4f;
    para p = { t, l, cps, (const uint32_t *)t->offsets.p + ps, n, scripts, faces, adv,
               o->size_px, line_em * o->size_px, ((line_em - asc - desc) / 2 + asc) * o->size_px,
               dawr_bidi_par_level(t->bidi) };
    return break_lines(&p, y);
}

/* Places the lines by alignment once the layout's width is known. */
static void layout_align(dawr_layout *l)
{
    float w = l->opts.width_px;
    if (w <= 0)
        for (size_t i = 0; i < l->n_lines; i++)
            if (l->lines[i].width > w) w = l->lines[i].width;
    l->width = w;
    for (size_t i = 0; i < l->n_lines; i++) {
        dawr_line *line = &l->lines[i];
        float room = w - line->width, x;
        switch (l->opts.align) {
        case DAWR_ALIGN_END: x = line->rtl ? 0 : room; break;
        case DAWR_ALIGN_CENTER: x = room / 2; break;
        default: x = line->rtl ? room : 0; break;
        }
        line->x = x;
        for (uint32_t r = line->first_run; r < line->first_run + line->n_runs; r++) {
            dawr_run *run = &l->runs[r];
            run->x += x;
            for (uint32_t g = run->first_glyph; g < run->first_glyph + run->n_glyphs; g++)
                l->glyphs[g].x += x;
        }
    }
}

static int is_break(const uint32_t *cps, size_t i, size_t n, size_t *skip)
{
    uint32_t c = cps[i];
    *skip = 1;
    if (c == '\r' && i + 1 < n && cps[i + 1] == '\n') *skip = 2;
    return c == '\n' || c == '\r' || c == 0x2029 || c == 0x2028 || c == 0x85 || c == 0x0B || c == 0x0C;
}

static dawr_layout *layout_build(dawr_text *t, const char *s, size_t len, const dawr_layout_opts *o)
{
    dawr_layout *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->refs = 1;
    l->engine = t;
    l->opts = *o;
    l->len = len;
    l->text = malloc(len + 1);
    uint32_t *cps = reserve(&t->cps, len + 1, sizeof *cps);
    uint32_t *offsets = reserve(&t->offsets, len + 1, sizeof *offsets);
    if (!l->text || !cps || !offsets) goto fail;
    memcpy(l->text, s, len);
    l->text[len] = 0;
    size_t n = dawr_utf8_decode(s, len, cps, offsets);
    /* Other control characters would draw .notdef: show them as U+FFFD. */
    for (size_t i = 0; i < n; i++)
        if ((cps[i] < 0x20 && cps[i] != '\t' && cps[i] != '\n' && cps[i] != '\r' &&
             cps[i] != 0x0B && cps[i] != 0x0C) || (cps[i] >= 0x7F && cps[i] < 0x85) ||
            (cps[i] > 0x85 && cps[i] < 0xA0))
            cps[i] = DAWR_REPLACEMENT_CHAR;
        else if (cps[i] == '\t')
            cps[i] = ' ';
    /* Unicode's stream-safe limit (UAX #15): at most 30 marks in a row; the rest are dropped,
     * so a flood of marks costs linear time (shaping reorders one cluster in quadratic time). */
    size_t kept = 0, marks = 0;
    for (size_t i = 0; i < n; i++) {
        marks = is_mark(t, cps[i]) ? marks + 1 : 0;
        if (marks > MAX_MARKS_IN_A_ROW) continue;
        cps[kept] = cps[i];
        offsets[kept++] = offsets[i];
    }
    offsets[kept] = offsets[n];
    n = kept;

    float y = 0;
    size_t ps = 0, skip = 1;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && !is_break(cps, i, n, &skip)) continue;
        if (layout_paragraph(t, l, ps, i, &y) < 0) goto fail;
        if (i < n) i += skip - 1;
        ps = i + 1;
    }
    l->height = y;
    layout_align(l);
    return l;
fail:
    layout_destroy(l);
    return NULL;
}

dawr_layout *dawr_text_layout(dawr_text *t, const char *utf8, size_t len, const dawr_layout_opts *opts)
{
    if (!utf8) utf8 = "";
    if (len == (size_t)-1) len = strlen(utf8);
    dawr_layout_opts o;
    memset(&o, 0, sizeof o);
    if (opts) o = *opts;
    if (!(o.size_px > 0) || o.size_px > 2048) o.size_px = DEFAULT_SIZE_PX;
    if (!(o.width_px > 0)) o.width_px = 0;
    if (!(o.line_em > 0) || o.line_em > 100) o.line_em = 0;
    uint64_t h = layout_hash(utf8, len, &o);
    if (t->cache_max) {
        for (dawr_layout *l = t->buckets[h % CACHE_BUCKETS]; l; l = l->next_in_bucket) {
            if (l->hash != h || l->len != len || memcmp(l->text, utf8, len) != 0 ||
                !opts_equal(&l->opts, &o))
                continue;
            if (l != t->lru_head) {
                l->lru_prev->lru_next = l->lru_next;
                if (l->lru_next) l->lru_next->lru_prev = l->lru_prev; else t->lru_tail = l->lru_prev;
                l->lru_prev = NULL;
                l->lru_next = t->lru_head;
                t->lru_head->lru_prev = l;
                t->lru_head = l;
            }
            l->refs++;
            return l;
        }
    }
    dawr_layout *l = layout_build(t, utf8, len, &o);
    if (!l || !t->cache_max) return l;
    l->hash = h;
    if (t->cache_n >= t->cache_max) cache_remove(t, t->lru_tail);
    l->next_in_bucket = t->buckets[h % CACHE_BUCKETS];
    t->buckets[h % CACHE_BUCKETS] = l;
    l->lru_next = t->lru_head;
    if (t->lru_head) t->lru_head->lru_prev = l; else t->lru_tail = l;
    t->lru_head = l;
    l->cached = true;
    l->refs++;
    t->cache_n++;
    return l;
}

const dawr_line *dawr_layout_lines(const dawr_layout *l, size_t *n) { *n = l->n_lines; return l->lines; }
const dawr_run *dawr_layout_runs(const dawr_layout *l, size_t *n) { *n = l->n_runs; return l->runs; }
const dawr_glyph *dawr_layout_glyphs(const dawr_layout *l, size_t *n) { *n = l->n_glyphs; return l->glyphs; }
float dawr_layout_width(const dawr_layout *l) { return l->width; }
float dawr_layout_height(const dawr_layout *l) { return l->height; }
float dawr_layout_size(const dawr_layout *l) { return l->opts.size_px; }
size_t dawr_layout_notdef_count(const dawr_layout *l) { return l->notdef; }

const char *dawr_layout_text(const dawr_layout *l, size_t *len)
{
    if (len) *len = l->len;
    return l->text;
}

dawr_face *dawr_layout_face(const dawr_layout *l, int face)
{
    return dawr_fonts_face(l->engine->fonts, face);
}

void *dawr_layout_attachment(const dawr_layout *l)
{
    return l->attachment;
}

void dawr_layout_set_attachment(const dawr_layout *cl, void *p, void (*free_fn)(void *))
{
    dawr_layout *l = (dawr_layout *)cl;
    if (l->attachment_free) l->attachment_free(l->attachment);
    l->attachment = p;
    l->attachment_free = free_fn;
}

static double round2(float v)
{
    return round((double)v * 100.0) / 100.0;
}

char *dawr_layout_dump_json(const dawr_layout *l)
{
    json_t *root = json_object(), *lines = json_array();
    json_object_set_new(root, "width", json_real(round2(l->width)));
    json_object_set_new(root, "height", json_real(round2(l->height)));
    json_object_set_new(root, "lines", lines);
    for (size_t i = 0; i < l->n_lines; i++) {
        const dawr_line *line = &l->lines[i];
        json_t *jl = json_object(), *runs = json_array();
        json_object_set_new(jl, "start", json_integer(line->start));
        json_object_set_new(jl, "end", json_integer(line->end));
        json_object_set_new(jl, "rtl", json_boolean(line->rtl));
        json_object_set_new(jl, "x", json_real(round2(line->x)));
        json_object_set_new(jl, "width", json_real(round2(line->width)));
        json_object_set_new(jl, "baseline", json_real(round2(line->baseline)));
        json_object_set_new(jl, "runs", runs);
        json_array_append_new(lines, jl);
        for (uint32_t r = line->first_run; r < line->first_run + line->n_runs; r++) {
            const dawr_run *run = &l->runs[r];
            json_t *jr = json_object(), *glyphs = json_array();
            json_object_set_new(jr, "font", json_string(dawr_face_path(dawr_layout_face(l, run->face))));
            json_object_set_new(jr, "rtl", json_boolean(run->rtl));
            json_object_set_new(jr, "start", json_integer(run->start));
            json_object_set_new(jr, "end", json_integer(run->end));
            json_object_set_new(jr, "x", json_real(round2(run->x)));
            json_object_set_new(jr, "glyphs", glyphs);
            json_array_append_new(runs, jr);
            for (uint32_t g = run->first_glyph; g < run->first_glyph + run->n_glyphs; g++) {
                json_t *jg = json_object();
                json_object_set_new(jg, "id", json_integer(l->glyphs[g].id));
                json_object_set_new(jg, "cluster", json_integer(l->glyphs[g].cluster));
                json_object_set_new(jg, "x_advance", json_real(round2(l->glyphs[g].x_advance)));
                json_object_set_new(jg, "x", json_real(round2(l->glyphs[g].x)));
                json_object_set_new(jg, "y", json_real(round2(l->glyphs[g].y)));
                json_array_append_new(glyphs, jg);
            }
        }
    }
    char *s = json_dumps(root, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(10));
    json_decref(root);
    return s;
}
