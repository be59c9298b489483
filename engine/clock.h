/* Time for the queue: milliseconds since the epoch, and the local "service day".
 * The clock can be injected (DAWR_NOW for scripts and tests, see testhook.h) so midnight can be tested.
 * And the one monotonic clock every program measures intervals and timeouts with. */
#ifndef DAWR_CLOCK_H
#define DAWR_CLOCK_H

#include <stddef.h>

typedef long long dawr_ms;

/* Makes TZ the process's local zone (the configured reception's zone). Returns 0, or -1
 * when the zone is unknown. */
int dawr_clock_use_timezone(const char *tz);

/* Now: $DAWR_NOW when set ("2026-11-25T08:30:00" local time, or "@SECONDS" since the
 * epoch), otherwise the real time. */
dawr_ms dawr_clock_now(void);

/* Parses the DAWR_NOW forms above into OUT. Returns 0, or -1 when TEXT is not one of them. */
int dawr_clock_parse(const char *text, dawr_ms *out);

/* The local service day of T as "YYYY-MM-DD" into DAY (at least 11 bytes). */
void dawr_clock_day(dawr_ms t, char *day, size_t size);

/* T as local "YYYY-MM-DD HH:MM:SS" into OUT. */
void dawr_clock_format(dawr_ms t, char *out, size_t size);

/* Microseconds of a monotonic clock: never set back, not the time of day, not DAWR_NOW.
 * For intervals and timeouts (timers, watchdogs, sessions, benchmarks). */
long long dawr_clock_monotonic_us(void);

#endif
