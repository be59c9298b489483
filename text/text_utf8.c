#include "text_utf8.h"

size_t dawr_utf8_decode(const char *s, size_t len, uint32_t *cps, uint32_t *offsets)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, n = 0;
    while (i < len) {
        unsigned c = p[i];
        uint32_t cp;
        size_t need, k;
        offsets[n] = (uint32_t)i;
        if (c < 0x80) { cps[n++] = c; i++; continue; }
        /* Lead byte and the range allowed for the first continuation byte (Table 3-7). */
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) {
            need = 2; cp = c & 0x0F;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3; cp = c & 0x07;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else { cps[n++] = DAWR_REPLACEMENT_CHAR; i++; continue; }
        for (k = 1; k <= need; k++) {
            if (i + k >= len) break;
            unsigned b = p[i + k];
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) break;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (k <= need) { cps[n++] = DAWR_REPLACEMENT_CHAR; i += k; continue; }
        cps[n++] = cp;
        i += need + 1;
    }
    offsets[n] = (uint32_t)len;
    return n;
}

size_t dawr_utf8_encode(uint32_t cp, char *out)
{
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = DAWR_REPLACEMENT_CHAR;
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6)); out[1] = (char)(0x80 | (cp & 0x3F)); return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12)); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F)); return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18)); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}
