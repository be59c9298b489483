/* The project's bidi layer: the Unicode Bidirectional Algorithm (UAX #9, brackets and
 * isolates included) over FriBidi, for one paragraph at a time. Resolve the paragraph
 * once, then ask for each line's levels (rule L1 applied) and visual order. */
#ifndef DAWR_TEXT_BIDI_H
#define DAWR_TEXT_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { DAWR_DIR_AUTO, DAWR_DIR_RTL, DAWR_DIR_LTR } dawr_dir;

typedef struct dawr_bidi dawr_bidi;

/* Returns a new, empty resolver (scratch buffers grow as needed), or NULL when out of
 * memory. Free with dawr_bidi_free(). */
dawr_bidi *dawr_bidi_new(void);
void dawr_bidi_free(dawr_bidi *b);

/* Resolves the embedding levels of the paragraph cps[0..n). With DAWR_DIR_AUTO the
 * direction comes from the first strong character (rules P2, P3; LTR when none).
 * The resolver keeps no pointer to cps. Returns 0, or -1 when out of memory. */
int dawr_bidi_resolve(dawr_bidi *b, const uint32_t *cps, size_t n, dawr_dir dir);

/* The resolved paragraph level: 0 (LTR) or 1 (RTL). */
int dawr_bidi_par_level(const dawr_bidi *b);

/* Levels of the paragraph before line rules, n entries; owned by b, valid until the next
 * dawr_bidi_resolve(). */
const uint8_t *dawr_bidi_levels(const dawr_bidi *b);

/* True when character i is removed by rule X9 (explicit formatting codes and BN). */
bool dawr_bidi_is_removed(const dawr_bidi *b, size_t i);

/* For the line [start, end) of the paragraph: writes its levels after rule L1 to
 * levels[0..end-start) and, when visual is not NULL, the paragraph indices of its
 * characters in visual order, left to right (rule L2). Returns 0, or -1 on bad range or
 * out of memory. */
int dawr_bidi_line(dawr_bidi *b, size_t start, size_t end, uint8_t *levels, uint32_t *visual);

#endif
