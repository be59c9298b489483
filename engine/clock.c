#include "clock.h"

#include "testhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int dawr_clock_use_timezone(const char *tz)
{
    if (setenv("TZ", tz, 1) != 0) return -1;
    tzset();
    return 0;
}

int dawr_clock_parse(const char *text, dawr_ms *out)
{
    if (text[0] == '@') {
        char *end;
        long long s = strtoll(text + 1, &end, 10);
        if (end == text + 1 || (*end && *end != '.')) return -1;
        double frac = *end == '.' ? strtod(end, NULL) : 0;
        *out = s * 1000 + (dawr_ms)(frac * 1000);
        return 0;
    }
    struct tm tm = {0};
    int n = 0;
    if (sscanf(text, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 || text[n])
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1) return -1;
    *out = (dawr_ms)t * 1000;
    return 0;
}

dawr_ms dawr_clock_now(void)
{
    const char *fake = dawr_testhook_get(DAWR_TESTHOOK_NOW);
    dawr_ms t;
    if (fake && dawr_clock_parse(fake, &t) == 0) return t;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (dawr_ms)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void local_tm(dawr_ms t, struct tm *tm)
{
    time_t s = (time_t)(t >= 0 ? t / 1000 : (t - 999) / 1000);
    localtime_r(&s, tm);
}

void dawr_clock_day(dawr_ms t, char *day, size_t size)
{
    struct tm tm;
    local_tm(t, &tm);
    strftime(day, size, "%Y-%m-%d", &tm);
}

void dawr_clock_format(dawr_ms t, char *out, size_t size)
{
    struct tm tm;
    local_tm(t, &tm);
    strftime(out, size, "%Y-%m-%d %H:%M:%S", &tm);
}

long long dawr_clock_monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
