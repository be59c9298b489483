#include "text_font.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FONTS_MAX 32           /* faces loaded at most, all weights together */
#define GLYPH_CACHE_MAX 16384  /* rendered glyphs kept per face */
#define MISSING_SLOTS 1024     /* code points no installed face has, remembered */

typedef struct {
    uint64_t key;              /* 0 = empty slot */
    dawr_glyph_image img;
} glyph_slot;

struct dawr_face {
    char *path;
    int index;
    FT_Face ft;
    hb_font_t *hb;
    int upem, ascender, descender;
    int size_q;                /* size set on ft, in 1/4 px; 0 = none yet */
    glyph_slot *slots;
    size_t n_slots, used;
    uint8_t *scratch;          /* the last glyph rendered when the cache is full */
};

struct dawr_fonts {
    FcConfig *fc;
    FT_Library ft;
    dawr_face *faces[FONTS_MAX];
    int n_faces;
    /* Per weight: the faces tried in order; the first n_primary are the chosen ones. */
    int chain[2][FONTS_MAX];
    int n_chain[2], n_primary[2], n_user[2];
    int arabic[2], latin[2];
    uint32_t missing[2][MISSING_SLOTS];
};

static void set_err(char *err, size_t err_len, const char *fmt, ...)
{
    if (!err || !err_len) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_len, fmt, ap);
    va_end(ap);
}

static void face_free(dawr_face *face)
{
    if (!face) return;
    for (size_t i = 0; i < face->n_slots; i++)
        if (face->slots[i].key) free((void *)face->slots[i].img.pixels);
    free(face->slots);
    free(face->scratch);
    hb_font_destroy(face->hb);
    if (face->ft) FT_Done_Face(face->ft);
    free(face->path);
    free(face);
}

static dawr_face *face_load(FT_Library lib, const char *path, int index, char *err, size_t err_len)
{
    dawr_face *face = calloc(1, sizeof *face);
    if (!face || !(face->path = strdup(path))) {
        free(face);
        set_err(err, err_len, "out of memory");
        return NULL;
    }
    face->index = index;
    if (FT_New_Face(lib, path, index, &face->ft)) {
        set_err(err, err_len, "cannot load font file %s", path);
        face_free(face);
        return NULL;
    }
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) {
        set_err(err, err_len, "cannot read font file %s", path);
        face_free(face);
        return NULL;
    }
    hb_face_t *hbf = hb_face_create(blob, (unsigned)index);
    face->hb = hb_font_create(hbf);
    face->upem = (int)hb_face_get_upem(hbf);
    hb_face_destroy(hbf);
    hb_blob_destroy(blob);
    hb_font_extents_t ext;
    hb_font_get_h_extents(face->hb, &ext);
    face->ascender = ext.ascender;
    face->descender = -ext.descender;
    return face;
}

/* Returns the index of the face for path/index, loading it when new; -1 on failure. */
static int fonts_add_face(dawr_fonts *f, const char *path, int index, char *err, size_t err_len)
{
    for (int i = 0; i < f->n_faces; i++)
        if (f->faces[i]->index == index && strcmp(f->faces[i]->path, path) == 0) return i;
    if (f->n_faces == FONTS_MAX) {
        set_err(err, err_len, "too many fonts loaded (%d)", FONTS_MAX);
        return -1;
    }
    dawr_face *face = face_load(f->ft, path, index, err, err_len);
    if (!face) return -1;
    f->faces[f->n_faces] = face;
    return f->n_faces++;
}

static void chain_add(dawr_fonts *f, int w, int face)
{
    for (int i = 0; i < f->n_chain[w]; i++)
        if (f->chain[w][i] == face) return;
    if (f->n_chain[w] < FONTS_MAX) f->chain[w][f->n_chain[w]++] = face;
}

static bool pattern_has_family(FcPattern *p, const char *family)
{
    FcChar8 *s;
    for (int i = 0; FcPatternGetString(p, FC_FAMILY, i, &s) == FcResultMatch; i++)
        if (strcasecmp((const char *)s, family) == 0) return true;
    return false;
}

static bool pattern_has_char(FcPattern *p, uint32_t cp)
{
    FcCharSet *cs;
    return FcPatternGetCharSet(p, FC_CHARSET, 0, &cs) == FcResultMatch && FcCharSetHasChar(cs, cp);
}

/* Asks fontconfig for family (or NULL) / lang / weight. With strict, only that family is
 * accepted; otherwise the match must hold probe. Returns a face index or -1. */
static int fonts_match(dawr_fonts *f, const char *family, const char *lang, int w, bool strict,
                       uint32_t probe, char *err, size_t err_len)
{
    FcPattern *p = FcPatternCreate();
    if (!p) { set_err(err, err_len, "out of memory"); return -1; }
    if (family) FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    if (lang) FcPatternAddString(p, FC_LANG, (const FcChar8 *)lang);
    FcPatternAddInteger(p, FC_WEIGHT, w == DAWR_WEIGHT_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(p, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(f->fc, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcPattern *m = FcFontMatch(f->fc, p, &res);
    FcPatternDestroy(p);
    int idx = -1;
    FcChar8 *file;
    int index = 0;
    if (!m || FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) {
        set_err(err, err_len, "no font installed for %s%s%s", family ? family : "",
                family && lang ? ", " : "", lang ? lang : "");
    } else if (strict && !pattern_has_family(m, family)) {
        set_err(err, err_len, "font family \"%s\" is not installed (fontconfig offers %s)",
                family, (const char *)file);
    } else if (!strict && probe && !pattern_has_char(m, probe)) {
        set_err(err, err_len, "no font for language \"%s\" is installed (fontconfig offers %s; "
                "install fonts-noto-core)", lang, (const char *)file);
    } else {
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        idx = fonts_add_face(f, (const char *)file, index, err, err_len);
    }
    if (m) FcPatternDestroy(m);
    return idx;
}

dawr_fonts *dawr_fonts_new(const char *family, char *err, size_t err_len)
{
    dawr_fonts *f = calloc(1, sizeof *f);
    if (!f) { set_err(err, err_len, "out of memory"); return NULL; }
    if (FT_Init_FreeType(&f->ft)) {
        set_err(err, err_len, "cannot initialise FreeType");
        free(f);
        return NULL;
    }
    f->fc = FcInitLoadConfigAndFonts();
    if (!f->fc) {
        set_err(err, err_len, "cannot load the fontconfig configuration");
        goto fail;
    }
    for (int w = 0; w < 2; w++) {
        if (family && *family) {
            int i = fonts_match(f, family, NULL, w, true, 0, err, err_len);
            if (i < 0) goto fail;
            chain_add(f, w, i);
        }
        f->n_user[w] = f->n_chain[w];
        f->arabic[w] = fonts_match(f, "Noto Sans Arabic", "ar", w, false, 0x0627, err, err_len);
        if (f->arabic[w] < 0) goto fail;
        f->latin[w] = fonts_match(f, "Noto Sans", "en", w, false, 'a', err, err_len);
        if (f->latin[w] < 0) goto fail;
        chain_add(f, w, f->arabic[w]);
        chain_add(f, w, f->latin[w]);
        f->n_primary[w] = f->n_chain[w];
    }
    return f;
fail:
    dawr_fonts_free(f);
    return NULL;
}

void dawr_fonts_free(dawr_fonts *f)
{
    if (!f) return;
    for (int i = 0; i < f->n_faces; i++) face_free(f->faces[i]);
    if (f->fc) FcConfigDestroy(f->fc);
    FT_Done_FreeType(f->ft);
    free(f);
}

static bool missing_has(const uint32_t *set, uint32_t cp)
{
    for (uint32_t i = cp % MISSING_SLOTS, k = 0; k < MISSING_SLOTS; k++, i = (i + 1) % MISSING_SLOTS) {
        if (set[i] == cp + 1) return true;
        if (set[i] == 0) return false;
    }
    return false;
}

static void missing_add(uint32_t *set, uint32_t cp)
{
    for (uint32_t i = cp % MISSING_SLOTS, k = 0; k < MISSING_SLOTS; k++, i = (i + 1) % MISSING_SLOTS)
        if (set[i] == 0) { set[i] = cp + 1; return; }
}

static bool face_has_all(const dawr_face *face, const uint32_t *cps, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!dawr_face_has_char(face, cps[i])) return false;
    return true;
}

/* Asks fontconfig for any scalable face with all of cps; returns its index or -1. */
static int fonts_fallback(dawr_fonts *f, int w, const uint32_t *cps, size_t n)
{
    FcPattern *p = FcPatternCreate();
    FcCharSet *cs = FcCharSetCreate();
    int idx = -1;
    if (!p || !cs) goto done;
    for (size_t i = 0; i < n; i++) FcCharSetAddChar(cs, cps[i]);
    FcPatternAddCharSet(p, FC_CHARSET, cs);
    FcPatternAddInteger(p, FC_WEIGHT, w == DAWR_WEIGHT_BOLD ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
    FcPatternAddBool(p, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(f->fc, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcFontSet *set = FcFontSort(f->fc, p, FcFalse, NULL, &res);
    for (int i = 0; set && i < set->nfont && idx < 0; i++) {
        FcPattern *m = set->fonts[i];
        FcChar8 *file;
        FcCharSet *mcs;
        FcBool scalable = FcFalse;
        int index = 0;
        if (FcPatternGetCharSet(m, FC_CHARSET, 0, &mcs) != FcResultMatch || !FcCharSetIsSubset(cs, mcs) ||
            FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch)
            continue;
        FcPatternGetBool(m, FC_SCALABLE, 0, &scalable);
        if (!scalable) continue;
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        idx = fonts_add_face(f, (const char *)file, index, NULL, 0);
        if (idx >= 0 && !face_has_all(f->faces[idx], cps, n)) idx = -1;
    }
    if (set) FcFontSetDestroy(set);
done:
    if (cs) FcCharSetDestroy(cs);
    if (p) FcPatternDestroy(p);
    return idx;
}

/* Tries the faces in order (see dawr_fonts_face_for); -1 when none has all of cps. */
static int fonts_pick(dawr_fonts *f, int wi, const uint32_t *cps, size_t n, bool arabic, int prev)
{
    if (prev >= 0 && prev < f->n_faces && face_has_all(f->faces[prev], cps, n)) return prev;
    for (int i = 0; i < f->n_user[wi]; i++)
        if (face_has_all(f->faces[f->chain[wi][i]], cps, n)) return f->chain[wi][i];
    int first = arabic ? f->arabic[wi] : f->latin[wi], second = arabic ? f->latin[wi] : f->arabic[wi];
    if (face_has_all(f->faces[first], cps, n)) return first;
    if (face_has_all(f->faces[second], cps, n)) return second;
    for (int i = f->n_primary[wi]; i < f->n_chain[wi]; i++)
        if (face_has_all(f->faces[f->chain[wi][i]], cps, n)) return f->chain[wi][i];
    return -1;
}

int dawr_fonts_face_for(dawr_fonts *f, dawr_weight w, uint32_t cp, bool arabic, int prev)
{
    int wi = w == DAWR_WEIGHT_BOLD;
    int idx = fonts_pick(f, wi, &cp, 1, arabic, prev);
    if (idx >= 0) return idx;
    if (!missing_has(f->missing[wi], cp)) {
        idx = fonts_fallback(f, wi, &cp, 1);
        if (idx >= 0) {
            chain_add(f, wi, idx);
            return idx;
        }
        missing_add(f->missing[wi], cp);
    }
    return f->chain[wi][0];
}

int dawr_fonts_face_for_cluster(dawr_fonts *f, dawr_weight w, const uint32_t *cps, size_t n,
                                bool arabic, int prev)
{
    int wi = w == DAWR_WEIGHT_BOLD;
    int idx = fonts_pick(f, wi, cps, n, arabic, prev);
    if (idx >= 0 || n > 8) return idx;
    idx = fonts_fallback(f, wi, cps, n);
    if (idx >= 0) chain_add(f, wi, idx);
    return idx;
}

dawr_face *dawr_fonts_face(const dawr_fonts *f, int i)
{
    return i >= 0 && i < f->n_faces ? f->faces[i] : NULL;
}

void dawr_fonts_metrics(const dawr_fonts *f, dawr_weight w, float *ascender, float *descender)
{
    int wi = w == DAWR_WEIGHT_BOLD;
    float asc = 0, desc = 0;
    for (int i = 0; i < f->n_primary[wi]; i++) {
        const dawr_face *face = f->faces[f->chain[wi][i]];
        float a = (float)face->ascender / (float)face->upem, d = (float)face->descender / (float)face->upem;
        if (a > asc) asc = a;
        if (d > desc) desc = d;
    }
    *ascender = asc;
    *descender = desc;
}

const char *dawr_face_path(const dawr_face *face) { return face->path; }
int dawr_face_index(const dawr_face *face) { return face->index; }
int dawr_face_upem(const dawr_face *face) { return face->upem; }
hb_font_t *dawr_face_hb(const dawr_face *face) { return face->hb; }

bool dawr_face_has_char(const dawr_face *face, uint32_t cp)
{
    return FT_Get_Char_Index(face->ft, cp) != 0;
}

static uint64_t glyph_key(uint32_t gid, int size_q, int phase)
{
    return ((uint64_t)gid << 24 | (uint64_t)(size_q & 0x3FFFFF) << 2 | (uint64_t)(phase & 3)) + 1;
}

static int face_grow(dawr_face *face)
{
    size_t n = face->n_slots ? face->n_slots * 2 : 256;
    glyph_slot *slots = calloc(n, sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < face->n_slots; i++) {
        if (!face->slots[i].key) continue;
        size_t j = face->slots[i].key * 0x9E3779B97F4A7C15ull >> 32 & (n - 1);
        while (slots[j].key) j = (j + 1) & (n - 1);
        slots[j] = face->slots[i];
    }
    free(face->slots);
    face->slots = slots;
    face->n_slots = n;
    return 0;
}

int dawr_face_glyph(dawr_face *face, uint32_t gid, float size_px, int phase, dawr_glyph_image *out)
{
    int size_q = (int)(size_px * 4 + 0.5f);
    uint64_t key = glyph_key(gid, size_q, phase);
    size_t j = 0;
    if (face->n_slots) {
        j = key * 0x9E3779B97F4A7C15ull >> 32 & (face->n_slots - 1);
        while (face->slots[j].key) {
            if (face->slots[j].key == key) { *out = face->slots[j].img; return 0; }
            j = (j + 1) & (face->n_slots - 1);
        }
    }
    if (size_q != face->size_q) {
        if (FT_Set_Char_Size(face->ft, 0, size_q * 16, 72, 72)) return -1;
        face->size_q = size_q;
    }
    FT_Vector delta = { (phase & 3) * 16, 0 };
    FT_Set_Transform(face->ft, NULL, &delta);
    if (FT_Load_Glyph(face->ft, gid, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP | FT_LOAD_RENDER))
        return -1;
    FT_GlyphSlot slot = face->ft->glyph;
    FT_Bitmap *bm = &slot->bitmap;
    if (bm->pixel_mode != FT_PIXEL_MODE_GRAY) return -1;
    int w = (int)bm->width, h = (int)bm->rows;
    uint8_t *pixels = malloc(w * h > 0 ? (size_t)w * (size_t)h : 1);
    if (!pixels) return -1;
    for (int y = 0; y < h; y++)
        memcpy(pixels + (size_t)y * (size_t)w, bm->buffer + (ptrdiff_t)y * bm->pitch, (size_t)w);
    dawr_glyph_image img = { w, h, slot->bitmap_left, slot->bitmap_top, pixels };
    *out = img;
    if (face->used >= GLYPH_CACHE_MAX) {
        free(face->scratch);
        face->scratch = pixels;
        return 0;
    }
    if ((face->used + 1) * 10 > face->n_slots * 7) {
        if (face_grow(face) < 0) {
            free(face->scratch);
            face->scratch = pixels;
            return 0;
        }
        j = key * 0x9E3779B97F4A7C15ull >> 32 & (face->n_slots - 1);
        while (face->slots[j].key) j = (j + 1) & (face->n_slots - 1);
    }
    face->slots[j].key = key;
    face->slots[j].img = img;
    face->used++;
    return 0;
}
