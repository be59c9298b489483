#include "text_date.h"

#include <stdio.h>
#include <string.h>
#include <unicode/udat.h>
#include <unicode/ustring.h>

/* Formats t with an ICU pattern in locale and zone to UTF-8; returns bytes or -1. */
static int icu_format(int64_t t, const char *tz, const char *locale, const char *pattern,
                      char *buf, size_t len)
{
    UChar utz[64], upat[64], out[256];
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(utz, 64, NULL, tz ? tz : "Asia/Riyadh", -1, &err);
    u_strFromUTF8(upat, 64, NULL, pattern, -1, &err);
    if (U_FAILURE(err)) return -1;
    UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, locale, utz, -1, upat, -1, &err);
    if (U_FAILURE(err)) return -1;
    int32_t n = udat_format(f, (UDate)t * 1000.0, out, 256, NULL, &err);
    udat_close(f);
    if (U_FAILURE(err) || n >= 256) return -1;
    int32_t bytes = 0;
    u_strToUTF8(buf, (int32_t)len, &bytes, out, n, &err);
    if (U_FAILURE(err) || err == U_STRING_NOT_TERMINATED_WARNING || (size_t)bytes >= len) return -1;
    return bytes;
}

/* ICU checks zone names loosely (unknown ones become GMT): refuse them here. */
static int zone_ok(const char *tz)
{
    UChar utz[64], canon[64];
    UErrorCode err = U_ZERO_ERROR;
    UBool system = 0;
    if (!tz) return 1;
    u_strFromUTF8(utz, 64, NULL, tz, -1, &err);
    ucal_getCanonicalTimeZoneID(utz, -1, canon, 64, &system, &err);
    return U_SUCCESS(err) && system;
}

static const char *locale_for(dawr_calendar cal, dawr_lang lang)
{
    if (lang == DAWR_LANG_EN)
        return cal == DAWR_CAL_HIJRI ? "en@calendar=islamic-umalqura" : "en@calendar=gregorian";
    return cal == DAWR_CAL_HIJRI ? "ar_SA@calendar=islamic-umalqura;numbers=arab"
                                 : "ar_SA@calendar=gregorian;numbers=arab";
}

int dawr_date_format(int64_t t, const char *tz, dawr_calendar cal, dawr_lang lang, int weekday,
                     char *buf, size_t len)
{
    if (!zone_ok(tz)) return -1;
    const char *pattern = weekday ? (lang == DAWR_LANG_AR ? "EEEE d MMMM y G" : "EEEE, d MMMM y G")
                                  : "d MMMM y G";
    return icu_format(t, tz, locale_for(cal, lang), pattern, buf, len);
}

int dawr_time_format(int64_t t, const char *tz, dawr_lang lang, char *buf, size_t len)
{
    char hm[64], marker[64];
    const char *locale = locale_for(DAWR_CAL_GREGORIAN, lang);
    if (!zone_ok(tz) || icu_format(t, tz, locale, "h:mm", hm, sizeof hm) < 0 ||
        icu_format(t, tz, locale, "a", marker, sizeof marker) < 0)
        return -1;
    /* the digits kept left to right, then a no-break space and the marker */
    int k = snprintf(buf, len, DAWR_FSI DAWR_LRI "%s" DAWR_PDI "\xC2\xA0%s" DAWR_PDI, hm, marker);
    return k < 0 || (size_t)k >= len ? -1 : k;
}

int dawr_date_format_both(int64_t t, const char *tz, dawr_lang lang, char *buf, size_t len)
{
    char g[128], h[128];
    if (dawr_date_format(t, tz, DAWR_CAL_GREGORIAN, lang, 0, g, sizeof g) < 0 ||
        dawr_date_format(t, tz, DAWR_CAL_HIJRI, lang, 0, h, sizeof h) < 0)
        return -1;
    int k = snprintf(buf, len, DAWR_FSI "%s" DAWR_PDI " \xE2\x80\x94 " DAWR_FSI "%s" DAWR_PDI, g, h);
    return k < 0 || (size_t)k >= len ? -1 : k;
}

/* Arabic-Indic digits are class AN, and neutrals between two AN numbers resolve to
 * right-to-left (rule N1) even inside LRI…PDI: "٢٠٢٦-١١-٢٥" would still show as
 * "٢٥-١١-٢٠٢٦". A left-to-right mark on each side of a separator keeps the order. */
#define SEP_LRM "\xE2\x80\x8E"

int dawr_date_format_numeric(int64_t t, const char *tz, dawr_lang lang, char *buf, size_t len)
{
    char d[64];
    const char *pattern = lang == DAWR_LANG_AR ? "yyyy'" SEP_LRM "-" SEP_LRM "'MM'" SEP_LRM "-" SEP_LRM "'dd"
                                               : "yyyy-MM-dd";
    if (!zone_ok(tz) || icu_format(t, tz, locale_for(DAWR_CAL_GREGORIAN, lang), pattern, d, sizeof d) < 0)
        return -1;
    return dawr_text_isolate(d, 0, buf, len);
}

int dawr_time_range_format(int64_t from, int64_t to, const char *tz, dawr_lang lang, char *buf,
                           size_t len)
{
    char a[64], b[64], r[140];
    const char *loc = locale_for(DAWR_CAL_GREGORIAN, lang);
    if (!zone_ok(tz) || icu_format(from, tz, loc, "HH:mm", a, sizeof a) < 0 ||
        icu_format(to, tz, loc, "HH:mm", b, sizeof b) < 0)
        return -1;
    snprintf(r, sizeof r, lang == DAWR_LANG_AR ? "%s" SEP_LRM " - " SEP_LRM "%s" : "%s - %s", a, b);
    return dawr_text_isolate(r, 0, buf, len);
}
