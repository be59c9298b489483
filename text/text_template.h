/* Filling "{name}" fields in interface strings (receipts, screens, announcements). */
#ifndef DAWR_TEXT_TEMPLATE_H
#define DAWR_TEXT_TEMPLATE_H

#include <stddef.h>

/* Writes TEMPLATE to OUT with each "{NAME}" replaced by the value after NAME in the
 * NULL-terminated list of NAME, VALUE pairs, e.g. dawr_template_fill(out, n, t, "number", "A-023",
 * (const char *)NULL); a NULL value is "". Unknown fields stay as they are. Returns the bytes
 * written, or -1 when OUT is too small (OUT is then ""). */
int dawr_template_fill(char *out, size_t size, const char *template, ...);

#endif
