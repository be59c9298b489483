#include "text_speak.h"

#include "text_date.h"
#include "text_utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

/* What the eye needs and the ear does not: symbols, bullets, format controls, the ellipsis. */
static int unspeakable(uint32_t cp)
{
    switch (u_charType((UChar32)cp)) {
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL: case U_FORMAT_CHAR:
        return 1;
    default:
        break;
    }
    return cp == 0x2022 || cp == 0x2023 || cp == 0x2043 || cp == 0x25E6 || cp == 0x2026 || cp == DAWR_REPLACEMENT_CHAR;
}

size_t dawr_text_speakable(const char *in, char *out, size_t size)
{
    if (!size) return 0;
    size_t len = strlen(in), n = 0;
    uint32_t *cps = malloc((len + 1) * sizeof *cps), *offs = malloc((len + 1) * sizeof *offs);
    if (!cps || !offs) { free(cps); free(offs); out[0] = 0; return 0; }
    size_t count = dawr_utf8_decode(in, len, cps, offs);
    int pending = 0;                   /* a space is owed before the next word */
    for (size_t i = 0; i < count; i++) {
        uint32_t cp = cps[i];
        if (unspeakable(cp)) continue;
        if (cp >= 0x0660 && cp <= 0x0669) cp = '0' + (cp - 0x0660);       /* Arabic-Indic digits */
        else if (cp >= 0x06F0 && cp <= 0x06F9) cp = '0' + (cp - 0x06F0);  /* Persian digits */
        if (cp == '\n') {              /* a line break is a pause, unless punctuation ends the line */
            int ends = n && (strchr(".,:;!?", out[n - 1]) ||
                             (n >= 2 && (!memcmp(out + n - 2, "\xD8\x8C", 2) || !memcmp(out + n - 2, "\xD8\x9F", 2) ||
                                         !memcmp(out + n - 2, "\xD8\x9B", 2))));
            /* the comma of the line's own script: "،" after Arabic letters */
            int arabic = n >= 2 && ((unsigned char)out[n - 2] >= 0xD8 && (unsigned char)out[n - 2] <= 0xDB);
            if (n && !ends && arabic && n + 2 < size) { memcpy(out + n, "\xD8\x8C", 2); n += 2; }
            else if (n && !ends && n + 1 < size) out[n++] = ',';
            pending = n > 0;
            continue;
        }
        if (u_isUWhiteSpace((UChar32)cp)) { pending = n > 0; continue; }
        char enc[8];
        size_t k = dawr_utf8_encode(cp, enc);
        if (n + pending + k >= size) break;
        if (pending) out[n++] = ' ';
        pending = 0;
        memcpy(out + n, enc, k);
        n += k;
    }
    while (n && out[n - 1] == ' ') n--;
    out[n] = 0;
    free(cps);
    free(offs);
    return n;
}

uint32_t dawr_text_unspeakable(const char *text)
{
    size_t len = strlen(text);
    uint32_t *cps = malloc((len + 1) * sizeof *cps), *offs = malloc((len + 1) * sizeof *offs), found = 0;
    if (!cps || !offs) { free(cps); free(offs); return 0; }
    size_t count = dawr_utf8_decode(text, len, cps, offs);
    for (size_t i = 0; i < count && !found; i++)
        if (unspeakable(cps[i])) found = cps[i];
    free(cps);
    free(offs);
    return found;
}

/* A long date with its era abbreviation ("هـ", "AD") replaced by words a voice says well. */
static int date_words(int64_t t, const char *tz, dawr_calendar cal, dawr_lang lang, char *out, size_t size)
{
    char d[160];
    if (dawr_date_format(t, tz, cal, lang, 0, d, sizeof d) < 0) return -1;
    char *era = strrchr(d, ' ');
    if (era) *era = 0;
    const char *words = lang == DAWR_LANG_AR ? (cal == DAWR_CAL_HIJRI ? " هجري" : " ميلادي")
                                             : (cal == DAWR_CAL_HIJRI ? " in the Hijri calendar" : "");
    int k = snprintf(out, size, "%s%s", d, words);
    return k < 0 || (size_t)k >= size ? -1 : k;
}

int dawr_text_speak_date(int64_t t, const char *tz, dawr_lang lang, char *out, size_t size)
{
    char h[200], g[200], both[420];
    if (date_words(t, tz, DAWR_CAL_HIJRI, lang, h, sizeof h) < 0 ||
        date_words(t, tz, DAWR_CAL_GREGORIAN, lang, g, sizeof g) < 0)
        return -1;
    int k = snprintf(both, sizeof both, lang == DAWR_LANG_AR ? "%s، الموافق %s" : "%s, %s", h, g);
    if (k < 0 || (size_t)k >= sizeof both) return -1;
    return (int)dawr_text_speakable(both, out, size);
}
