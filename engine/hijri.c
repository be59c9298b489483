/* The engine asks ICU's calendar arithmetic only (ucal); formatting dates for people stays in
 * text/text_date.c. */
#include "hijri.h"

#include <unicode/ucal.h>

int dawr_hijri_from_gregorian(int year, int month, int day, dawr_hijri_date *out)
{
    UErrorCode err = U_ZERO_ERROR;
    static const UChar utc[] = { 'U', 'T', 'C', 0 };
    UCalendar *greg = ucal_open(utc, -1, "en@calendar=gregorian", UCAL_GREGORIAN, &err);
    UCalendar *hijri = ucal_open(utc, -1, "en@calendar=islamic-umalqura", UCAL_DEFAULT, &err);
    if (U_FAILURE(err)) {
        if (greg) ucal_close(greg);
        if (hijri) ucal_close(hijri);
        return -1;
    }
    /* Noon, so that no zone or leap second moves the day. */
    ucal_setDateTime(greg, year, month - 1, day, 12, 0, 0, &err);
    UDate t = ucal_getMillis(greg, &err);
    ucal_setMillis(hijri, t, &err);
    out->year = ucal_get(hijri, UCAL_EXTENDED_YEAR, &err);
    out->month = ucal_get(hijri, UCAL_MONTH, &err) + 1;
    out->day = ucal_get(hijri, UCAL_DATE, &err);
    ucal_close(greg);
    ucal_close(hijri);
    return U_FAILURE(err) ? -1 : 0;
}

int dawr_hijri_month_day_exists(int month, int day)
{
    return month >= 1 && month <= 12 && day >= 1 && day <= 30;
}

const char *dawr_hijri_month_name(int month)
{
    static const char *const names[] = { "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani",
                                         "Jumada al-Ula", "Jumada al-Akhirah", "Rajab", "Shaban",
                                         "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah" };
    return month >= 1 && month <= 12 ? names[month - 1] : "";
}
