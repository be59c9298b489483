/* When the reception is open: the weekly spans or Ramadan's, the closed days by Gregorian or
 * Hijri date, the last ticket before each span's end, and the prayer pauses, all from [hours]
 * in dawr.conf. Local times are in the configured zone (dawr_clock_use_timezone). */
#ifndef DAWR_HOURS_H
#define DAWR_HOURS_H

#include "clock.h"
#include "config.h"
#include "hijri.h"
#include "prayer.h"

#include <jansson.h>

/* A prayer pause, in minutes after local midnight. */
typedef struct {
    dawr_prayer prayer;
    int from, to;                      /* from the prayer as the reception keeps it, to the span's end at most */
} dawr_pause;

/* One local day. */
typedef struct {
    int year, month, day, weekday;     /* weekday 0 = Sunday */
    dawr_hijri_date hijri;
    int ramadan;                       /* Hijri month 9: Ramadan's spans, Isha 120 minutes after Maghrib */
    const char *holiday;               /* the closed-day rule's name, NULL when none */
    dawr_span spans[DAWR_MAX_SPANS];
    int span_count;                    /* 0: closed all day */
    int last_ticket;                   /* minutes: the day's last ticket; -1 when closed */
    int prayers[DAWR_PRAYER_COUNT];    /* computed for the place, minutes after local midnight */
    dawr_pause pauses[DAWR_PRAYER_COUNT];
    int pause_count;
} dawr_hours_day;

/* The local date YEAR-MONTH-DAY into OUT. Returns 0, or -1 when it is no date or ICU fails. */
int dawr_hours_day_of(const dawr_config *cfg, int year, int month, int day, dawr_hours_day *out);

/* What holds at the instant T. */
typedef struct {
    dawr_hours_day day;                /* T's local day */
    int issuing;                       /* a ticket may be issued now */
    int paused;                        /* a prayer pause is on: no call */
    dawr_pause pause;                  /* the pause on, or the next one today (pause.to == 0: none) */
    dawr_ms pause_from, pause_to;      /* that pause as instants */
    dawr_ms next_open;                 /* when not issuing: the next instant tickets are issued, 0 = none within a year */
} dawr_hours_now;

/* Fills OUT for T. Returns 0, or -1 when ICU fails. */
int dawr_hours_at(const dawr_config *cfg, dawr_ms t, dawr_hours_now *out);

/* H as JSON for programs and pages: {"open": issuing, "paused", "prayer" (the pause on or next
 * today, null when none), "pause_from", "pause_until" (local "HH:MM" or null), "next_open" (local
 * "YYYY-MM-DD HH:MM" or null), "holiday" (or null), "ramadan"}. A new reference. */
json_t *dawr_hours_now_json(const dawr_hours_now *h);

/* The milliseconds of prayer pauses between FROM and TO (the pauses as configured). */
dawr_ms dawr_hours_paused_between(const dawr_config *cfg, dawr_ms from, dawr_ms to);

/* The instant of minute MINUTES after the local midnight of YEAR-MONTH-DAY. */
dawr_ms dawr_hours_instant(int year, int month, int day, int minutes);

#endif
