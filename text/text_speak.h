/* Interface text made fit for a voice: what the screen shows for the eye (bullets, pictogram
 * characters, bidi isolates, era abbreviations) is not what a listener who cannot read should
 * hear. The speech synthesiser gets only words, digits and sentence punctuation. */
#ifndef DAWR_TEXT_SPEAK_H
#define DAWR_TEXT_SPEAK_H

#include <stddef.h>
#include <stdint.h>

#include "text_number.h"

/* Copies IN to OUT (SIZE bytes, NUL-terminated) without symbols (Unicode categories Sm, Sc,
 * Sk, So: ✚ ★ ♫ ☎), bullets, format controls (isolates, marks) and the ellipsis; Arabic-Indic
 * digits become ASCII ones (espeak-ng reads those as numbers in both voices); a line break
 * becomes a pause (", "); runs of spaces become one. Returns the bytes written (truncated at
 * a character boundary when OUT is too small). */
size_t dawr_text_speakable(const char *in, char *out, size_t size);

/* Whether TEXT holds a character dawr_text_speakable removes (tests: no symbol reaches the
 * voice). Returns the first such code point, or 0. */
uint32_t dawr_text_unspeakable(const char *text);

/* A date in both calendars as words: "15 جمادى الآخرة 1448 هجري، الموافق 25 نوفمبر 2026
 * ميلادي" / "15 Jumada II 1448 in the Hijri calendar, 25 November 2026". Returns the bytes
 * written, or -1 (bad zone, OUT too small). */
int dawr_text_speak_date(int64_t t, const char *tz, dawr_lang lang, char *out, size_t size);

#endif
