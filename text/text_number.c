#include "text_number.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

dawr_lang dawr_lang_parse(const char *s)
{
    return s && (s[0] == 'e' || s[0] == 'E') && (s[1] == 'n' || s[1] == 'N') &&
                   (s[2] == 0 || s[2] == '_' || s[2] == '-')
               ? DAWR_LANG_EN : DAWR_LANG_AR;
}

int dawr_number_format(long long n, int width, dawr_lang lang, char *buf, size_t len)
{
    char ascii[32];
    unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
    if (width < 0) width = 0;
    if (width > 20) width = 20;
    int k = snprintf(ascii, sizeof ascii, "%s%0*llu", n < 0 ? "-" : "", width, u);
    size_t need = lang == DAWR_LANG_AR ? (size_t)k * 2 + 1 : (size_t)k + 1;
    if (!buf || len < need) return -1;
    size_t o = 0;
    for (int i = 0; i < k; i++) {
        if (lang == DAWR_LANG_AR && ascii[i] >= '0' && ascii[i] <= '9') {
            buf[o++] = (char)0xD9;                          /* U+0660 + d */
            buf[o++] = (char)(0xA0 + (ascii[i] - '0'));
        } else {
            buf[o++] = ascii[i];
        }
    }
    buf[o] = 0;
    return (int)o;
}

char *dawr_digits_localize(const char *s, dawr_lang lang)
{
    size_t n = strlen(s);
    char *out = malloc(n * 2 + 1);
    if (!out) return NULL;
    const unsigned char *p = (const unsigned char *)s;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (lang == DAWR_LANG_AR && p[i] >= '0' && p[i] <= '9') {
            out[o++] = (char)0xD9;
            out[o++] = (char)(0xA0 + (p[i] - '0'));
        } else if (lang == DAWR_LANG_EN && p[i] == 0xD9 && i + 1 < n && p[i + 1] >= 0xA0 && p[i + 1] <= 0xA9) {
            out[o++] = (char)('0' + (p[++i] - 0xA0));      /* U+0660..0669 */
        } else if (lang == DAWR_LANG_EN && p[i] == 0xDB && i + 1 < n && p[i + 1] >= 0xB0 && p[i + 1] <= 0xB9) {
            out[o++] = (char)('0' + (p[++i] - 0xB0));      /* U+06F0..06F9 */
        } else {
            out[o++] = (char)p[i];
        }
    }
    out[o] = 0;
    return out;
}

int dawr_text_isolate(const char *s, int first_strong, char *buf, size_t len)
{
    int k = snprintf(buf, len, "%s%s%s", first_strong ? DAWR_FSI : DAWR_LRI, s, DAWR_PDI);
    return k < 0 || (size_t)k >= len ? -1 : k;
}
