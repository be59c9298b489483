/* Hijri dates by the Umm al-Qura calendar (Saudi Arabia's civil Hijri calendar), from ICU's
 * "islamic-umalqura" calendar, the same one the screens print (text/text_date.c). */
#ifndef DAWR_HIJRI_H
#define DAWR_HIJRI_H

typedef struct {
    int year, month, day;              /* month 1 (Muharram) .. 12 (Dhu al-Hijjah); 9 is Ramadan */
} dawr_hijri_date;

#define DAWR_HIJRI_RAMADAN 9

/* The Umm al-Qura date of the Gregorian civil date YEAR-MONTH-DAY into OUT.
 * Returns 0, or -1 when ICU fails. */
int dawr_hijri_from_gregorian(int year, int month, int day, dawr_hijri_date *out);

/* Whether some Hijri year has a day DAY in month MONTH (months have 29 or 30 days). */
int dawr_hijri_month_day_exists(int month, int day);

/* The month's English name as written in transliteration ("Ramadan", "Shawwal"); "" out of range. */
const char *dawr_hijri_month_name(int month);

#endif
