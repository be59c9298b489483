/* Opening hours: the configured rules applied to one local day, and to an instant. */
#include "hours.h"

#include <string.h>
#include <time.h>

dawr_ms dawr_hours_instant(int year, int month, int day, int minutes)
{
    struct tm tm = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_min = minutes, .tm_isdst = -1 };
    return (dawr_ms)mktime(&tm) * 1000;
}

/* The local date of T. */
static void local_date(dawr_ms t, int *year, int *month, int *day)
{
    time_t s = (time_t)(t / 1000);
    struct tm tm;
    localtime_r(&s, &tm);
    *year = tm.tm_year + 1900;
    *month = tm.tm_mon + 1;
    *day = tm.tm_mday;
}

/* Whether month-day (M, D) is within RULE's range, which may wrap the year's end. */
static int in_range(const dawr_closed_days *rule, int m, int d)
{
    int x = m * 100 + d, a = rule->from_month * 100 + rule->from_day, b = rule->to_month * 100 + rule->to_day;
    return a <= b ? x >= a && x <= b : x >= a || x <= b;
}

int dawr_hours_day_of(const dawr_config *cfg, int year, int month, int day, dawr_hours_day *out)
{
    const dawr_hours_settings *h = dawr_config_hours(cfg);
    memset(out, 0, sizeof *out);
    /* mktime normalises: a date that comes back different is no date. */
    struct tm tm = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day, .tm_hour = 12, .tm_isdst = -1 };
    time_t noon = mktime(&tm);
    if (noon == (time_t)-1 || tm.tm_year != year - 1900 || tm.tm_mon != month - 1 || tm.tm_mday != day) return -1;
    out->year = year;
    out->month = month;
    out->day = day;
    out->weekday = tm.tm_wday;
    if (dawr_hijri_from_gregorian(year, month, day, &out->hijri) < 0) return -1;
    out->ramadan = out->hijri.month == DAWR_HIJRI_RAMADAN;
    for (int i = 0; i < h->closed_count && !out->holiday; i++) {
        const dawr_closed_days *rule = &h->closed[i];
        if (rule->hijri ? in_range(rule, out->hijri.month, out->hijri.day) : in_range(rule, month, day))
            out->holiday = rule->name;
    }
    const dawr_day_spans *spans = &h->week[out->weekday];
    if (out->ramadan && spans->count) spans = &h->ramadan;  /* Ramadan keeps the week's closed days */
    if (!out->holiday) {
        memcpy(out->spans, spans->spans, sizeof out->spans);
        out->span_count = spans->count;
    }
    out->last_ticket = out->span_count ? out->spans[out->span_count - 1].to - h->last_ticket_minutes : -1;
    if (dawr_prayer_times(year, month, day, h->latitude, h->longitude, (int)(tm.tm_gmtoff / 60), out->ramadan ? 120 : 90,
                          out->prayers) < 0)
        return -1;
    /* A prayer kept (offset, or the mosque's fixed time) within a span pauses it. */
    for (int p = 0; p < DAWR_PRAYER_COUNT; p++) {
        if (!(h->pause_prayers & 1u << p)) continue;
        int at = h->fixed_minutes[p] >= 0 ? h->fixed_minutes[p] : out->prayers[p] + h->offset_minutes[p];
        for (int i = 0; i < out->span_count; i++)
            if (at >= out->spans[i].from && at < out->spans[i].to) {
                int to = at + h->pause_minutes;
                out->pauses[out->pause_count++] = (dawr_pause){ (dawr_prayer)p, at, to < out->spans[i].to ? to : out->spans[i].to };
            }
    }
    return 0;
}

int dawr_hours_at(const dawr_config *cfg, dawr_ms t, dawr_hours_now *out)
{
    const dawr_hours_settings *h = dawr_config_hours(cfg);
    memset(out, 0, sizeof *out);
    int y, m, d;
    local_date(t, &y, &m, &d);
    if (dawr_hours_day_of(cfg, y, m, d, &out->day) < 0) return -1;
    const dawr_hours_day *day = &out->day;
    dawr_ms midnight = dawr_hours_instant(y, m, d, 0);
    int minute = (int)((t - midnight) / 60000);
    for (int i = 0; i < day->span_count; i++)
        if (minute >= day->spans[i].from && minute < day->spans[i].to - h->last_ticket_minutes) out->issuing = 1;
    for (int i = 0; i < day->pause_count; i++) {
        const dawr_pause *p = &day->pauses[i];
        if (minute < p->to) {
            out->pause = *p;
            out->pause_from = dawr_hours_instant(y, m, d, p->from);
            out->pause_to = dawr_hours_instant(y, m, d, p->to);
            out->paused = minute >= p->from;
            break;
        }
    }
    if (out->issuing) return 0;
    /* The next issuing minute: later today, else the first span of the next open day. */
    for (int i = 0; i < day->span_count; i++)
        if (minute < day->spans[i].from) {
            out->next_open = dawr_hours_instant(y, m, d, day->spans[i].from);
            return 0;
        }
    for (int ahead = 1; ahead <= 400; ahead++) {
        struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + ahead, .tm_hour = 12, .tm_isdst = -1 };
        mktime(&tm);
        dawr_hours_day next;
        if (dawr_hours_day_of(cfg, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &next) < 0) return -1;
        if (next.span_count) {
            out->next_open = dawr_hours_instant(next.year, next.month, next.day, next.spans[0].from);
            return 0;
        }
    }
    return 0;
}

dawr_ms dawr_hours_paused_between(const dawr_config *cfg, dawr_ms from, dawr_ms to)
{
    dawr_ms total = 0;
    int y, m, d;
    local_date(from, &y, &m, &d);
    /* Day by day, from FROM's day to TO's (a wait is hours, but may cross a night). */
    for (int ahead = 0; ahead < 400; ahead++) {
        struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + ahead, .tm_hour = 12, .tm_isdst = -1 };
        mktime(&tm);
        int yy = tm.tm_year + 1900, mm = tm.tm_mon + 1, dd = tm.tm_mday;
        if (dawr_hours_instant(yy, mm, dd, 0) >= to) break;
        dawr_hours_day day;
        if (dawr_hours_day_of(cfg, yy, mm, dd, &day) < 0) break;
        for (int i = 0; i < day.pause_count; i++) {
            dawr_ms a = dawr_hours_instant(yy, mm, dd, day.pauses[i].from), b = dawr_hours_instant(yy, mm, dd, day.pauses[i].to);
            if (a < from) a = from;
            if (b > to) b = to;
            if (b > a) total += b - a;
        }
    }
    return total;
}

/* T as local text, LENGTH characters of "YYYY-MM-DD HH:MM" from OFFSET; null when T is 0. */
static json_t *local_text(dawr_ms t, int offset, int length)
{
    if (!t) return json_null();
    char text[32];
    dawr_clock_format(t, text, sizeof text);
    text[offset + length] = 0;
    return json_string(text + offset);
}

json_t *dawr_hours_now_json(const dawr_hours_now *h)
{
    int has_pause = h->pause.to != 0;
    return json_pack("{s:b, s:b, s:o, s:o, s:o, s:o, s:o, s:b}", "open", h->issuing, "paused", h->paused, "prayer",
                     has_pause ? json_string(dawr_prayer_name(h->pause.prayer)) : json_null(), "pause_from",
                     has_pause ? local_text(h->pause_from, 11, 5) : json_null(), "pause_until",
                     has_pause ? local_text(h->pause_to, 11, 5) : json_null(), "next_open",
                     h->issuing ? json_null() : local_text(h->next_open, 0, 16), "holiday",
                     h->day.holiday ? json_string(h->day.holiday) : json_null(), "ramadan", h->day.ramadan);
}
