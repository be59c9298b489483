/* The interface's strings (assets/strings.ini): sections [ar] and [en] of key = value.
 * inih reads lines of at most 199 bytes, so a long text is split into numbered keys
 * (notice_1, notice_2, …) that are joined here with a space under the base key. */
#ifndef DAWR_TEXT_STRINGS_H
#define DAWR_TEXT_STRINGS_H

#include <stddef.h>

#include "text_number.h"

typedef struct dawr_strings dawr_strings;

/* Loads path. Returns NULL with "path:line: reason" in err on an unknown section, a key
 * given twice, invalid UTF-8 or a syntax error, or "path: reason" when it cannot be read.
 * Free with dawr_strings_free(). */
dawr_strings *dawr_strings_load(const char *path, char *err, size_t err_len);
void dawr_strings_free(dawr_strings *s);

/* The string for key in lang; when that language lacks it, the other language's; when
 * both do, key itself, so a missing string shows on screen instead of failing. Owned by
 * s, valid until it is freed. */
const char *dawr_strings_get(const dawr_strings *s, dawr_lang lang, const char *key);

/* Number of strings of lang (joined keys once, their parts too) and the i-th key, in
 * sorted order, for walking all of them. */
size_t dawr_strings_count(const dawr_strings *s, dawr_lang lang);
const char *dawr_strings_key(const dawr_strings *s, dawr_lang lang, size_t i);

#endif
