/* Prayer times from the sun's position.
 * - The sun's declination and the equation of time: the U.S. Naval Observatory's "Approximate
 *   Solar Coordinates" (aa.usno.navy.mil/faq/sun_approx), good to about a minute of arc over
 *   two centuries around 2000, far finer than a minute of time.
 * - The hour angle at which the sun reaches an altitude, the Asr shadow altitude and the
 *   iteration on each time: Hamid Zarrabi-Zadeh, "Prayer Times Calculation" (praytimes.org/
 *   calculation), the formulas most open-source prayer-time libraries share.
 * - Julian day: Jean Meeus, "Astronomical Algorithms", 2nd ed., chapter 7.
 * - The Umm al-Qura method: Fajr 18.5 degrees, Isha 90 minutes after Maghrib (120 in Ramadan),
 *   Asr at a shadow factor of 1; sunrise and Maghrib at 0.833 degrees below the horizon
 *   (refraction and the sun's radius). */
#include "prayer.h"

#include <math.h>
#include <string.h>

#define DEG (M_PI / 180.0)

static const char *const NAMES[] = {
#define DAWR_PRAYER_NAME_(name, text) text,
    DAWR_PRAYERS(DAWR_PRAYER_NAME_)
#undef DAWR_PRAYER_NAME_
};

const char *dawr_prayer_name(dawr_prayer prayer)
{
    return (unsigned)prayer < DAWR_PRAYER_COUNT ? NAMES[prayer] : "";
}

int dawr_prayer_parse(const char *name, dawr_prayer *out)
{
    for (int i = 0; i < DAWR_PRAYER_COUNT; i++)
        if (!strcmp(name, NAMES[i])) { *out = (dawr_prayer)i; return 0; }
    return -1;
}

/* Meeus 7.1: the Julian day at 0h UT of a Gregorian date. */
static double julian_day(int year, int month, int day)
{
    if (month <= 2) { year--; month += 12; }
    int a = year / 100, b = 2 - a + a / 4;
    return floor(365.25 * (year + 4716)) + floor(30.6001 * (month + 1)) + day + b - 1524.5;
}

static double wrap(double x, double range)
{
    x = fmod(x, range);
    return x < 0 ? x + range : x;
}

/* USNO: the sun's declination (degrees) and the equation of time (hours) at Julian day JD. */
static void sun_position(double jd, double *declination, double *equation_of_time)
{
    double d = jd - 2451545.0;
    double g = wrap(357.529 + 0.98560028 * d, 360.0);
    double q = wrap(280.459 + 0.98564736 * d, 360.0);
    double l = wrap(q + 1.915 * sin(g * DEG) + 0.020 * sin(2 * g * DEG), 360.0);
    double e = 23.439 - 0.00000036 * d;
    double ra = wrap(atan2(cos(e * DEG) * sin(l * DEG), cos(l * DEG)) / DEG / 15.0, 24.0);
    *declination = asin(sin(e * DEG) * sin(l * DEG)) / DEG;
    double eqt = q / 15.0 - ra;
    *equation_of_time = eqt - 24.0 * floor(eqt / 24.0 + 0.5);  /* within +-12 h */
}

typedef struct {
    double jd0;                        /* the date's Julian day at 0h UT, shifted to the place's meridian */
    double latitude;
} place_day;

/* Local mean solar noon (hours) near solar time T. */
static double noon(const place_day *pd, double t)
{
    double decl, eqt;
    sun_position(pd->jd0 + t / 24.0, &decl, &eqt);
    return 12.0 - eqt;
}

/* The solar time (hours) near T when the sun's altitude is ALTITUDE degrees, before noon when
 * MORNING. -1 when it never is. */
static double altitude_time(const place_day *pd, double altitude, double t, int morning)
{
    double decl, eqt;
    sun_position(pd->jd0 + t / 24.0, &decl, &eqt);
    double c = (sin(altitude * DEG) - sin(decl * DEG) * sin(pd->latitude * DEG)) /
               (cos(decl * DEG) * cos(pd->latitude * DEG));
    if (c < -1.0 || c > 1.0) return -1.0;
    double hours = acos(c) / DEG / 15.0;
    return 12.0 - eqt + (morning ? -hours : hours);
}

/* The solar time near T when a shadow is FACTOR object lengths longer than at noon. */
static double asr_time(const place_day *pd, double factor, double t)
{
    double decl, eqt;
    sun_position(pd->jd0 + t / 24.0, &decl, &eqt);
    double altitude = atan(1.0 / (factor + tan(fabs(pd->latitude - decl) * DEG))) / DEG;
    return altitude_time(pd, altitude, t, 0);
}

int dawr_prayer_times(int year, int month, int day, double latitude, double longitude, int utc_offset_minutes,
                      int isha_after_maghrib, int out_minutes[DAWR_PRAYER_COUNT])
{
    place_day pd = { julian_day(year, month, day) - longitude / 360.0, latitude };
    /* Solar times, refined three times from rough guesses: each pass takes the sun where the
     * previous one put the event. */
    double t[DAWR_PRAYER_COUNT] = { 5, 6, 12, 13, 18, 18 };
    for (int pass = 0; pass < 3; pass++) {
        t[DAWR_PRAYER_FAJR] = altitude_time(&pd, -18.5, t[DAWR_PRAYER_FAJR], 1);
        t[DAWR_PRAYER_SUNRISE] = altitude_time(&pd, -0.833, t[DAWR_PRAYER_SUNRISE], 1);
        t[DAWR_PRAYER_DHUHR] = noon(&pd, t[DAWR_PRAYER_DHUHR]);
        t[DAWR_PRAYER_ASR] = asr_time(&pd, 1.0, t[DAWR_PRAYER_ASR]);
        t[DAWR_PRAYER_MAGHRIB] = altitude_time(&pd, -0.833, t[DAWR_PRAYER_MAGHRIB], 0);
        for (int i = 0; i < DAWR_PRAYER_ISHA; i++)
            if (t[i] < 0) return -1;
    }
    /* Solar time to local clock time: minus the longitude's hours, plus the zone's offset. */
    double shift = utc_offset_minutes / 60.0 - longitude / 15.0;
    for (int i = 0; i < DAWR_PRAYER_ISHA; i++)
        out_minutes[i] = (int)floor((t[i] + shift) * 60.0 + 0.5);
    out_minutes[DAWR_PRAYER_ISHA] = (int)floor((t[DAWR_PRAYER_MAGHRIB] + shift) * 60.0 + isha_after_maghrib + 0.5);
    return 0;
}
