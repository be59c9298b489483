/* Paragraph layout: UTF-8 → bidi levels (text_bidi) → runs by level, script and font
 * (text_font, with fallback) → HarfBuzz shaping per run → line breaking with ICU's UAX #14
 * iterator in logical order → per-line reordering of runs → positioned glyphs.
 * A dawr_text engine owns the fonts, the scratch buffers and a cache of layouts of
 * unchanged strings. One engine is used from one thread at a time. */
#ifndef DAWR_TEXT_LAYOUT_H
#define DAWR_TEXT_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text_bidi.h"
#include "text_font.h"

typedef enum { DAWR_ALIGN_START, DAWR_ALIGN_END, DAWR_ALIGN_CENTER } dawr_align;

/* Options of one layout; zero-initialised means 24 px, no wrapping, automatic direction,
 * start alignment, regular weight, the fonts' line height. */
typedef struct {
    float size_px;      /* em size in pixels */
    float width_px;     /* wrap width in pixels; 0 = one line per paragraph */
    dawr_dir dir;       /* paragraph direction; AUTO = first strong character */
    dawr_align align;   /* start = right in a right-to-left paragraph */
    dawr_weight weight;
    float line_em;      /* line height in ems; 0 = by the paragraph's script: 1.7 when it has
                         * Arabic (room for its marks), 1.4 otherwise. Lines tighter than the
                         * faces' ascender + descender (about 2.1 for Noto Sans Arabic) centre
                         * the faces' box, so tall stacked marks may reach into the next line */
} dawr_layout_opts;

/* A positioned glyph. x, y: pen position in layout pixels (y down, on the baseline). */
typedef struct {
    uint32_t id;        /* glyph id in its run's face; 0 is .notdef */
    uint32_t cluster;   /* byte offset in the text of the first character it draws */
    float x, y, x_advance;
} dawr_glyph;

/* A run: glyphs of one face and direction, left to right as drawn. */
typedef struct {
    int face;               /* for dawr_layout_face() */
    bool rtl;
    uint32_t start, end;    /* byte range of the text */
    uint32_t first_glyph, n_glyphs;
    float x, width;
} dawr_run;

/* A line: runs left to right, lines top to bottom. */
typedef struct {
    uint32_t start, end;    /* byte range of the text, in logical order */
    uint32_t first_run, n_runs;
    float x, width;         /* ink-box of the line, trailing spaces not counted */
    float baseline;         /* y of the baseline from the layout's top */
    bool rtl;               /* direction of its paragraph */
} dawr_line;

typedef struct dawr_text dawr_text;
typedef struct dawr_layout dawr_layout;

/* Creates an engine with fonts found by fontconfig (family first when not NULL).
 * Returns NULL with a message in err when a font is missing. Free with dawr_text_free()
 * after every layout made by it. */
dawr_text *dawr_text_new(const char *family, char *err, size_t err_len);
void dawr_text_free(dawr_text *t);

/* Sets how many layouts the cache keeps (0 turns it off and empties it). Default 512. */
void dawr_text_set_cache_size(dawr_text *t, size_t n);

/* Lays out len bytes of utf8 ((size_t)-1: up to the NUL). Invalid UTF-8 draws U+FFFD;
 * line feeds, CR LF and U+2029 end paragraphs. Returns a layout, shared with the cache
 * (do not change it); release with dawr_layout_free(). NULL when out of memory. */
dawr_layout *dawr_text_layout(dawr_text *t, const char *utf8, size_t len, const dawr_layout_opts *o);

/* Drops one reference to the layout; frees it with the last. Accepts NULL. */
void dawr_layout_free(dawr_layout *l);

/* Accessors; the arrays belong to the layout. */
const dawr_line *dawr_layout_lines(const dawr_layout *l, size_t *n);
const dawr_run *dawr_layout_runs(const dawr_layout *l, size_t *n);
const dawr_glyph *dawr_layout_glyphs(const dawr_layout *l, size_t *n);
float dawr_layout_width(const dawr_layout *l);
float dawr_layout_height(const dawr_layout *l);
float dawr_layout_size(const dawr_layout *l);
const char *dawr_layout_text(const dawr_layout *l, size_t *len);
/* Glyphs drawn as .notdef (id 0): missing in every installed face. */
size_t dawr_layout_notdef_count(const dawr_layout *l);
/* The face of a run (dawr_run.face), owned by the engine. */
dawr_face *dawr_layout_face(const dawr_layout *l, int face);

/* A rendering kept with the layout by another module (text_raster keeps the layout's
 * bitmap there), freed with free_fn when the layout is freed. Setting a new one frees the
 * old one. Layouts are shared through the cache, so this is a cache, not a state. */
void *dawr_layout_attachment(const dawr_layout *l);
void dawr_layout_set_attachment(const dawr_layout *l, void *p, void (*free_fn)(void *));

/* Returns the layout as JSON text,
 * {"lines":[{"runs":[{"font":…,"rtl":…,"start":…,"end":…,"glyphs":[{"id":…,"cluster":…,
 * "x_advance":…},…]},…]},…]} plus positions; free with free(). NULL when out of memory. */
char *dawr_layout_dump_json(const dawr_layout *l);

#endif
