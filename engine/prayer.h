/* The five prayers and sunrise for a place and a day, by the Umm al-Qura method (Fajr with the
 * sun 18.5 degrees below the horizon, Isha a fixed time after Maghrib, Asr when a shadow is one
 * object length longer than at noon). No Debian library computes them; this is the standard
 * solar arithmetic, its sources cited in prayer.c. */
#ifndef DAWR_PRAYER_H
#define DAWR_PRAYER_H

#define DAWR_PRAYERS(X) \
    X(FAJR, "fajr") X(SUNRISE, "sunrise") X(DHUHR, "dhuhr") X(ASR, "asr") X(MAGHRIB, "maghrib") X(ISHA, "isha")

#define DAWR_PRAYER_ENUM_(name, text) DAWR_PRAYER_##name,
typedef enum { DAWR_PRAYERS(DAWR_PRAYER_ENUM_) DAWR_PRAYER_COUNT } dawr_prayer;
#undef DAWR_PRAYER_ENUM_

/* "fajr", "sunrise", ...; "" out of range. */
const char *dawr_prayer_name(dawr_prayer prayer);
/* The prayer named NAME into OUT. Returns 0, or -1 when NAME is none of them. */
int dawr_prayer_parse(const char *name, dawr_prayer *out);

/* The times of the civil date YEAR-MONTH-DAY at LATITUDE, LONGITUDE (degrees, north and east
 * positive) as minutes after that date's local midnight, where local time is UTC plus
 * UTC_OFFSET_MINUTES; Isha is ISHA_AFTER_MAGHRIB minutes after Maghrib (90, or 120 in
 * Ramadan). Each time is rounded to the nearest minute, as the published timetables are.
 * Returns 0, or -1 when the sun never reaches one of the angles that day (far polar places). */
int dawr_prayer_times(int year, int month, int day, double latitude, double longitude, int utc_offset_minutes,
                      int isha_after_maghrib, int out_minutes[DAWR_PRAYER_COUNT]);

#endif
