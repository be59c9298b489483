/* Dates and times through ICU's calendars: Gregorian and Hijri (Umm al-Qura) side by side,
 * Arabic month names and Arabic-Indic digits in Arabic, English names in English. Fields
 * are isolated (FSI/LRI…PDI) so that a date or a time range after Arabic words keeps its
 * order. Times are Unix seconds; zones are IANA names such as "Asia/Riyadh". */
#ifndef DAWR_TEXT_DATE_H
#define DAWR_TEXT_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "text_number.h"

typedef enum { DAWR_CAL_GREGORIAN, DAWR_CAL_HIJRI } dawr_calendar;

/* Each function writes a NUL-terminated UTF-8 string to buf (len bytes) and returns the
 * bytes written, or -1 when ICU fails (bad zone) or buf is too small; it holds no state. */

/* A long date without isolation, e.g. "١٥ جمادى الآخرة ١٤٤٨ هـ", "25 November 2026 AD";
 * weekday first when weekday is not 0. */
int dawr_date_format(int64_t t, const char *tz, dawr_calendar cal, dawr_lang lang, int weekday,
                     char *buf, size_t len);

/* Both calendars side by side, each isolated with FSI…PDI:
 * "⁨٢٥ نوفمبر ٢٠٢٦ م⁩ — ⁨١٥ جمادى الآخرة ١٤٤٨ هـ⁩". */
int dawr_date_format_both(int64_t t, const char *tz, dawr_lang lang, char *buf, size_t len);

/* An ISO-style Gregorian date, "2026-11-25", in LRI…PDI; in Arabic "٢٠٢٦-١١-٢٥" with
 * left-to-right marks around the hyphens (Arabic-Indic digits need them to keep order). */
int dawr_date_format_numeric(int64_t t, const char *tz, dawr_lang lang, char *buf, size_t len);

/* The one time of day every screen and slip shows: 12-hour, "١٠:٤٥ ص" / "3:05 PM" (ص/م and
 * AM/PM from ICU's locale data), isolated (FSI…PDI) with a no-break space before the marker,
 * so a line never breaks inside it. */
int dawr_time_format(int64_t t, const char *tz, dawr_lang lang, char *buf, size_t len);

/* A 24-hour time range, "10:45 - 11:30", in LRI…PDI; in Arabic with Arabic-Indic digits
 * and left-to-right marks around the dash. */
int dawr_time_range_format(int64_t from, int64_t to, const char *tz, dawr_lang lang, char *buf,
                           size_t len);

#endif
