/* UTF-8 decoding for the text pipeline: bytes to code points, keeping each code point's
 * byte offset so that layouts can report positions in the caller's own string. */
#ifndef DAWR_TEXT_UTF8_H
#define DAWR_TEXT_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define DAWR_REPLACEMENT_CHAR 0xFFFDu

/* Decodes len bytes of s into cps[] and offsets[] (both with room for len entries;
 * offsets[n] is set to len, so offsets needs len + 1). Each invalid or truncated sequence,
 * overlong form or surrogate becomes one U+FFFD per maximal ill-formed subpart, as the
 * Unicode standard recommends. Returns the number of code points. */
size_t dawr_utf8_decode(const char *s, size_t len, uint32_t *cps, uint32_t *offsets);

/* Encodes cp into out (4 bytes of room); returns the number of bytes written. */
size_t dawr_utf8_encode(uint32_t cp, char *out);

#endif
