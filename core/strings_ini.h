/* Interface strings (assets/strings.ini): one table per language, [ar] and [en]. Long texts
 * split into numbered keys (key_1, key_2, ...) come back joined with a space. */
#ifndef DAWR_STRINGS_INI_H
#define DAWR_STRINGS_INI_H

#include <stddef.h>

#include "text_number.h"

typedef struct dawr_strings dawr_strings;

/* Reads PATH. Returns the table (free with dawr_strings_free) or NULL with the reason in ERR. */
dawr_strings *dawr_strings_load(const char *path, char *err, size_t err_size);
void dawr_strings_free(dawr_strings *s);

/* The string KEY in LANG (joined from KEY_1, KEY_2, ... when KEY itself is absent), else the
 * other language's, else KEY itself, so a missing string shows rather than crashes.
 * Owned by the table. */
const char *dawr_strings_get(const dawr_strings *s, dawr_lang lang, const char *key);

/* Writes TEMPLATE to OUT with each "{NAME}" replaced by the value after NAME in the
 * NULL-terminated list of NAME, VALUE pairs, e.g. dawr_strings_fill(out, n, t, "number", "A-023",
 * NULL). Unknown fields stay as they are. Returns the bytes written, or -1 when OUT is too small. */
int dawr_strings_fill(char *out, size_t size, const char *template, ...);

/* The path of FILE in the assets folder ($DAWR_ASSETS, ./assets when it has dawr.conf, else the
 * installed data folder) into OUT. Returns OUT. */
const char *dawr_asset_path(const char *file, char *out, size_t size);

#endif
