/* Fonts for the text pipeline: faces found through fontconfig by language and weight
 * (an Arabic face, a Latin face, an optional family the caller asks for first), each loaded
 * as a FreeType face for rasterising and a HarfBuzz font for shaping, plus per-character
 * fallback through fontconfig so that no .notdef box is drawn when any installed face
 * has the glyph. Each face keeps a cache of rendered glyph bitmaps. */
#ifndef DAWR_TEXT_FONT_H
#define DAWR_TEXT_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <hb.h>

typedef enum { DAWR_WEIGHT_REGULAR, DAWR_WEIGHT_BOLD } dawr_weight;

typedef struct dawr_fonts dawr_fonts;
typedef struct dawr_face dawr_face;

/* A rendered glyph: coverage 0..255, width bytes per row; left/top place the bitmap's
 * top-left corner relative to the pen position on the baseline (top counts upwards). */
typedef struct {
    int width, height, left, top;
    const uint8_t *pixels;
} dawr_glyph_image;

/* Finds and loads the faces: family (NULL for none) first, then the Arabic face
 * (Noto Sans Arabic, or any face fontconfig offers for language "ar") and the Latin face
 * (Noto Sans, or any face for "en"), in both weights. Fontconfig reads its configuration
 * now, so FONTCONFIG_FILE must be set before. Returns NULL with a message in err
 * (err_len bytes) when a face is missing. Free with dawr_fonts_free(). */
dawr_fonts *dawr_fonts_new(const char *family, char *err, size_t err_len);
void dawr_fonts_free(dawr_fonts *f);

/* Returns the index of the face to draw cp with in weight w: prev when it is >= 0 and has
 * the glyph (for spaces, punctuation and marks that follow their neighbours), else the
 * requested family, then the Arabic face before the Latin one when arabic is true (the
 * other way round when not), then faces added by fallback, then a new fallback face asked
 * from fontconfig. When no installed face has cp, returns the first face (which will draw
 * .notdef). */
int dawr_fonts_face_for(dawr_fonts *f, dawr_weight w, uint32_t cp, bool arabic, int prev);

/* The same for a character cluster cps[0..n) (a base and its combining marks): returns a
 * face with all of them, so that a mark is drawn by its base's face, or -1 when no face
 * has them all (then choose per character). */
int dawr_fonts_face_for_cluster(dawr_fonts *f, dawr_weight w, const uint32_t *cps, size_t n,
                                bool arabic, int prev);

/* The face at index i (from dawr_fonts_face_for), owned by f and alive as long as f. */
dawr_face *dawr_fonts_face(const dawr_fonts *f, int i);

/* Line metrics of the primary faces of weight w, in ems: the largest ascender and
 * descender (positive, below the baseline) among them. */
void dawr_fonts_metrics(const dawr_fonts *f, dawr_weight w, float *ascender, float *descender);

const char *dawr_face_path(const dawr_face *face);
/* The face's index in its file (font collections), for drawing it with another library. */
int dawr_face_index(const dawr_face *face);
int dawr_face_upem(const dawr_face *face);
bool dawr_face_has_char(const dawr_face *face, uint32_t cp);
/* The HarfBuzz font, scaled in font units; owned by the face. */
hb_font_t *dawr_face_hb(const dawr_face *face);

/* Renders glyph gid at size_px (to 1/4 px) with the pen at a horizontal sub-pixel phase of
 * phase/4 px (0..3), from the face's cache. The pixels stay valid until the next call on
 * the same face. Returns 0, or -1 when FreeType cannot render the glyph. */
int dawr_face_glyph(dawr_face *face, uint32_t gid, float size_px, int phase, dawr_glyph_image *out);

#endif
