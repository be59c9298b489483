/* Reports: one SQL query reads the range's tickets with their events and rating in ticket
 * and event order; each ticket's events are replayed here (waiting, service segments,
 * referrals per counter) and folded into the groups; statistics are sorted at the end. */
#include "report.h"

#include "application.h"
#include "clock.h"
#include "family.h"
#include "hours.h"
#include "queue_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* A growable list of durations in minutes, never negative; the zeros are only counted (most
 * waits have no minute in a prayer pause: a year over ten branches need not hold them). */
typedef struct {
    double *v;
    size_t n, cap, zeros;
} values;

/* A group while it is being filled. */
typedef struct {
    dawr_report_figures *f;
    values wait, wait_paused, service, aside, help;
    double score_sum;
} acc;

/* A prayer pause as it happened: FROM..TO, cut short where a counter ended it early. */
typedef struct {
    dawr_ms from, to;
} pause_span;

/* An application as its events tell it, up to the horizon. */
typedef struct {
    long long key;                     /* its reference's year and number: the order kept */
    dawr_ms opened_at;
    dawr_ms decided_at;                /* its first app_step into a decision step, 0 none */
    long opened_day, not_before_day;   /* local day numbers */
    int step;                          /* index of its step among the configured ones, -1 unknown */
    int closed;                        /* it reached a closing step */
    int last_appointment;              /* its newest appointment's index, -1 none */
} app_run;

/* An appointment: booked, followed through its moves to a cancel or a check-in. */
typedef struct {
    char at[17];                       /* local "YYYY-MM-DD HH:MM" after its moves */
    int before;                        /* the application's appointment before it, -1 none */
    int cancelled, checked_in, minutes;
} appointment_run;

typedef struct builder {
    dawr_report *r;
    acc total, *reasons, *counters, *periods, hours[24], channels[DAWR_CHANNEL_COUNT];
    int reason_cap, counter_cap;
    int oom;
    long from_day;
    int *period_of_day;                /* period index of each day of the range */
    pause_span *pauses;                /* the range's pauses in time order */
    size_t pause_count, pause_cap;
    time_t hour_from, hour_to;         /* UTC seconds known to be in local hour HOUR (localtime_r is dear) */
    int hour;
    char day_text[11];                 /* the last day parsed, and its number */
    long day_number;
    dawr_ms horizon;                   /* H: the earlier of now and the range's last moment */
    long horizon_day, over_day;        /* H's local day, and the first day not over by H */
    app_run *apps;                     /* by key */
    size_t app_count, app_cap;
    appointment_run *appointments;
    size_t appointment_count, appointment_cap;
    values decision_days;              /* the applications' figures tallied so far (app_tally) */
    int after_minimum, within_target;
} builder;

/* SRC (NULL: "") into DST of SIZE bytes, cut short as snprintf would: a copy per event, so
 * without snprintf's cost. */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = src ? strnlen(src, size - 1) : 0;
    memcpy(dst, src ? src : "", n);
    dst[n] = 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, char *out)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    int yy = (int)((y + (m <= 2)) % 10000), mm = (int)m % 13, dd = (int)d % 32;  /* in range for 1900..9999 */
    snprintf(out, 11, "%04d-%02d-%02d", yy < 0 ? 0 : yy, mm < 0 ? 0 : mm, dd < 0 ? 0 : dd);
}

/* Parses a valid "YYYY-MM-DD" into a day number. Returns 0, or -1. */
static int parse_day(const char *s, long *out)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-') return -1;
    int v[8], k = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) continue;
        if (s[i] < '0' || s[i] > '9') return -1;
        v[k++] = s[i] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    if (m < 1 || m > 12 || d < 1 || y < 1900) return -1;
    static const int month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (d > month_days[m - 1] || (m == 2 && d == 29 && !leap)) return -1;
    *out = days_from_civil(y, m, d);
    return 0;
}

/* parse_day, remembering the last day parsed: a ticket's day is read again by each report fed. */
static int builder_day(builder *b, const char *s, long *out)
{
    if (s && b->day_text[0] && !strcmp(s, b->day_text)) { *out = b->day_number; return 0; }
    if (parse_day(s, out)) return -1;
    memcpy(b->day_text, s, sizeof b->day_text);
    b->day_number = *out;
    return 0;
}

/* The local hour of SECS (-1 when unknown), remembered for the rest of its UTC hour when the
 * offset from UTC is the same at both ends of it (no change of offset falls inside). */
static int builder_hour(builder *b, time_t secs)
{
    if (secs >= b->hour_from && secs < b->hour_to) return b->hour;
    struct tm tm, first, last;
    if (!localtime_r(&secs, &tm)) return -1;
    time_t from = secs - tm.tm_min * 60 - tm.tm_sec, to = from + 3600;
    time_t end = to - 1;
    if (localtime_r(&from, &first) && localtime_r(&end, &last) && first.tm_gmtoff == tm.tm_gmtoff &&
        last.tm_gmtoff == tm.tm_gmtoff && first.tm_hour == tm.tm_hour && last.tm_hour == tm.tm_hour) {
        b->hour_from = from;
        b->hour_to = to;
        b->hour = tm.tm_hour;
    }
    return tm.tm_hour;
}

int dawr_report_by_parse(const char *s, dawr_report_by *out)
{
    if (!strcmp(s, "day")) *out = DAWR_REPORT_BY_DAY;
    else if (!strcmp(s, "week")) *out = DAWR_REPORT_BY_WEEK;
    else if (!strcmp(s, "month")) *out = DAWR_REPORT_BY_MONTH;
    else return -1;
    return 0;
}

const char *dawr_report_by_name(dawr_report_by by)
{
    return by == DAWR_REPORT_BY_DAY ? "day" : by == DAWR_REPORT_BY_WEEK ? "week" : "month";
}

dawr_report_by dawr_report_by_default(const char *from, const char *to)
{
    long a, b;
    if (parse_day(from, &a) || parse_day(to, &b)) return DAWR_REPORT_BY_DAY;
    long days = b - a + 1;
    return days <= 31 ? DAWR_REPORT_BY_DAY : days <= 92 ? DAWR_REPORT_BY_WEEK : DAWR_REPORT_BY_MONTH;
}

static void push(builder *b, values *v, double x)
{
    if (x == 0) { v->zeros++; return; }
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        double *nv = realloc(v->v, cap * sizeof *nv);
        if (!nv) { b->oom = 1; return; }
        v->v = nv;
        v->cap = cap;
    }
    v->v[v->n++] = x;
}

/* Puts the K-th smallest of V[0..N) at V[K], smaller ones before it, larger after
 * (quickselect, median-of-three pivot): order statistics without sorting. */
static void select_kth(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (hi > lo) {
        size_t mid = lo + (hi - lo) / 2;
        double a = v[lo], b = v[mid], c = v[hi];
        double pivot = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
        size_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i <= j) {
                double t = v[i]; v[i] = v[j]; v[j] = t;
                i++;
                if (j == 0) break;
                j--;
            }
        }
        if (k <= j) hi = j;
        else if (k >= i) lo = i;
        else return;
    }
}

/* The K-th smallest (0-based) of V and its zeros, which come first, looked for among V's first
 * WITHIN values (a selection before left the smallest there). */
static double kth(values *v, size_t k, size_t within)
{
    if (k < v->zeros) return 0;
    select_kth(v->v, within, k - v->zeros);
    return v->v[k - v->zeros];
}

/* How many of V's values come at or before rank K once K is selected (the zeros first). */
static size_t up_to(const values *v, size_t k)
{
    return k < v->zeros ? 0 : k - v->zeros + 1;
}

/* Fills the statistic from the values (reordering them) and frees them. */

static void stat_finish(values *v, dawr_report_stat *s)
{
    /* A negative duration (a clock set back) would come before the zeros: store them after all. */
    for (size_t i = 0; i < v->n && v->zeros; i++)
        if (v->v[i] < 0) {
            double *nv = realloc(v->v, (v->n + v->zeros) * sizeof *nv);
            if (!nv) break;
            for (v->v = nv; v->zeros; v->zeros--) v->v[v->n++] = 0;
        }
    size_t n = v->n + v->zeros;
    s->count = (int)n;
    s->mean = s->median = s->p90 = NAN;
    if (n) {
        double sum = 0;
        for (size_t i = 0; i < v->n; i++) sum += v->v[i];
        s->mean = sum / (double)n;
        size_t rank = (size_t)ceil(0.9 * (double)n);       /* nearest rank, 1-based */
        size_t p90 = rank ? rank - 1 : 0;
        s->p90 = kth(v, p90, v->n);
        /* Each selection leaves the smaller values before it: the next one looks only there. */
        double upper = kth(v, n / 2, up_to(v, p90));
        s->median = n % 2 ? upper : (kth(v, n / 2 - 1, up_to(v, n / 2)) + upper) / 2;   /* even: with the largest of the lower half */
    }
    free(v->v);
    *v = (values){0};
}

static void acc_finish(acc *a)
{
    dawr_report_figures *f = a->f;
    stat_finish(&a->wait, &f->wait);
    stat_finish(&a->wait_paused, &f->wait_paused);
    stat_finish(&a->service, &f->service);
    stat_finish(&a->aside, &f->aside);
    f->help_longest = a->help.zeros ? 0 : NAN;
    for (size_t i = 0; i < a->help.n; i++)
        if (isnan(f->help_longest) || a->help.v[i] > f->help_longest) f->help_longest = a->help.v[i];
    stat_finish(&a->help, &f->help_answer);
    f->rating_mean = f->ratings ? a->score_sum / f->ratings : NAN;
    f->satisfied = f->ratings ? (double)(f->faces[3] + f->faces[4]) / f->ratings : NAN;
    f->response_rate = f->served ? (double)f->ratings / f->served : NAN;
}

static void acc_free(acc *a)
{
    free(a->wait.v);
    free(a->wait_paused.v);
    free(a->service.v);
    free(a->aside.v);
    free(a->help.v);
}

/* Finds the group KEY in LIST, adding it (named from the configuration, else by its key). */
static int group_index(builder *b, int counters, const char *key)
{
    dawr_report *r = b->r;
    dawr_report_group **list = counters ? &r->counters : &r->reasons;
    acc **accs = counters ? &b->counters : &b->reasons;
    int *count = counters ? &r->counter_count : &r->reason_count, *cap = counters ? &b->counter_cap : &b->reason_cap;
    for (int i = 0; i < *count; i++)
        if ((*list)[i].key[0] == key[0] && !strcmp((*list)[i].key, key)) return i;   /* the first letter first: a call per event */
    if (*count == *cap) {
        int ncap = *cap ? *cap * 2 : 8;
        dawr_report_group *nl = realloc(*list, (size_t)ncap * sizeof *nl);
        if (nl) *list = nl;
        acc *na = nl ? realloc(*accs, (size_t)ncap * sizeof *na) : NULL;
        if (!na) { b->oom = 1; return -1; }
        *accs = na;
        *cap = ncap;
        for (int i = 0; i < *count; i++) (*accs)[i].f = &(*list)[i].f;  /* the list moved */
    }
    dawr_report_group *g = &(*list)[*count];
    memset(g, 0, sizeof *g);
    snprintf(g->key, sizeof g->key, "%s", key);
    snprintf(g->from, sizeof g->from, "%s", r->from);
    snprintf(g->to, sizeof g->to, "%s", r->to);
    g->name_ar = g->name_en = NULL;
    if (counters) {
        const dawr_counter *c = dawr_config_find_counter(r->cfg, key);
        if (c) { g->name_ar = c->name_ar; g->name_en = c->name_en; }
    } else {
        const dawr_service *s = dawr_config_find_service(r->cfg, key);
        if (s) { g->name_ar = s->name_ar; g->name_en = s->name_en; }
    }
    (*accs)[*count] = (acc){ .f = &g->f };
    return (*count)++;
}

/* Fixes names of groups not in the configuration once the list stops moving. */
static void name_unknown(dawr_report_group *list, int n)
{
    for (int i = 0; i < n; i++)
        if (!list[i].name_ar) list[i].name_ar = list[i].name_en = list[i].key;
}

/* The configured rating reasons REASONS (tags separated by spaces) names, a bit each. */
static unsigned reasons_given(const builder *b, const char *reasons)
{
    const dawr_settings *s = dawr_config_settings(b->r->cfg);
    unsigned mask = 0;
    for (int i = 0; reasons && i < s->rating_reason_count; i++) {
        size_t n = strlen(s->rating_reasons[i]);
        for (const char *p = reasons; (p = strstr(p, s->rating_reasons[i])); p += n)
            if ((p == reasons || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) { mask |= 1u << i; break; }
    }
    return mask;
}

static void add_rating(acc *a, int score, unsigned low_reasons)
{
    if (score < 1 || score > 5) return;
    dawr_report_figures *f = a->f;
    f->ratings++;
    f->faces[score - 1]++;
    a->score_sum += score;
    if (score > 2) return;
    f->low_ratings++;
    for (int i = 0; i < DAWR_MAX_REASONS; i++)
        if (low_reasons & 1u << i) f->low_reasons[i]++;
}

/* What one ticket's events said, replayed. Counters are indexes into the report's list. */
typedef struct {
    dawr_ms first_call, call_at, serve_at;  /* call_at, serve_at: of the visit at at_counter */
    double service_min;                     /* sum of its service segments */
    int reason;                             /* from the issue event; -1: tickets.service */
    short first_counter, done_counter, at_counter, transfers, set_asides, segments;
    uint64_t called_mask;                   /* counters (first 64) that called it */
} ticket_run;

/* A ticket's state as the figures count it. */
enum { STATE_OPEN, STATE_ASIDE, STATE_DONE, STATE_NOSHOW, STATE_CANCELLED };

/* A ticket's row, read after its events; below SCORE, what finish_ticket works out once for
 * every group the ticket goes into. */
typedef struct {
    const char *day, *service, *state, *reasons, *channel, *outcome;
    dawr_ms issued_at, aside_ms;
    int score;
    int status, outcome_index;              /* STATE_*, the outcome's index or -1 */
    double wait, wait_paused;               /* minutes to the first call, and of them in pauses */
    unsigned low_reasons;                   /* the rating reasons a low rating gave, a bit each */
} ticket_row;

/* FROM_SERVICE: the service a transfer took the ticket from; for a resume, the state it went
 * back to (NULL for other events). */
static void replay_event(builder *b, ticket_run *t, dawr_ms at, dawr_event_kind kind, const char *counter,
                         const char *from_service)
{
    if (kind == DAWR_EVENT_RESUME) {
        /* Taken back: a new visit at that counter, served from now when it had been served. */
        int ci = counter && *counter ? group_index(b, 1, counter) : -1;
        if (ci < 0) return;
        t->at_counter = (short)ci;
        t->call_at = at;
        t->serve_at = from_service && !strcmp(from_service, "serving") ? at : 0;
        return;
    }
    /* The visit reason is the service the ticket was issued for: the row's service until a
     * transfer changes it, so the first transfer says what it was. */
    if (from_service && *from_service && t->reason < 0) t->reason = group_index(b, 0, from_service);
    if (!counter || !*counter) return;     /* every counter event names its counter */
    int ci = group_index(b, 1, counter);
    if (ci < 0) return;
    acc *c = &b->counters[ci];
    if (kind == DAWR_EVENT_CALL || kind == DAWR_EVENT_RECALL) {
        if (!t->first_call) {
            t->first_call = at;
            t->first_counter = (short)ci;
        }
        uint64_t bit = ci < 64 ? (uint64_t)1 << ci : 0;
        if (!bit || !(t->called_mask & bit)) {
            t->called_mask |= bit;
            c->f->tickets++;
        }
        if (kind == DAWR_EVENT_CALL || t->at_counter != ci) t->call_at = at, t->serve_at = 0;
        t->at_counter = (short)ci;
        return;
    }
    if (kind == DAWR_EVENT_SERVE) { t->serve_at = at; return; }
    int done = kind == DAWR_EVENT_DONE, aside = kind == DAWR_EVENT_ASIDE;
    if (aside) {
        c->f->set_asides++;
        t->set_asides++;
    }
    if (done || kind == DAWR_EVENT_TRANSFER || aside) {
        dawr_ms start = t->serve_at ? t->serve_at : done ? t->call_at : 0;
        if (start) {
            double minutes = (double)(at - start) / 60000.0;
            push(b, &c->service, minutes);
            t->service_min += minutes;
            t->segments++;
        }
        if (done) {
            c->f->served++;
            t->done_counter = (short)ci;
        } else if (!aside) {
            c->f->transfers++;
            t->transfers++;
        }
        t->serve_at = t->call_at = 0;
        return;
    }
    if (kind == DAWR_EVENT_NOSHOW) c->f->noshow++;
}

/* The index of OUTCOME in the configuration's [outcomes], -1 for none or one no longer configured. */
static int outcome_index(builder *b, const char *outcome)
{
    for (int i = 0; outcome && *outcome && i < dawr_config_outcome_count(b->r->cfg); i++)
        if (!strcmp(dawr_config_outcome(b->r->cfg, i)->id, outcome)) return i;
    return -1;
}

/* Milliseconds of FROM..TO inside the range's pauses (sorted by start, not overlapping). */
static dawr_ms paused_within(const builder *b, dawr_ms from, dawr_ms to)
{
    size_t lo = 0, hi = b->pause_count;
    while (lo < hi) {                  /* the first pause ending after FROM */
        size_t mid = lo + (hi - lo) / 2;
        if (b->pauses[mid].to <= from) lo = mid + 1;
        else hi = mid;
    }
    dawr_ms total = 0;
    for (size_t i = lo; i < b->pause_count && b->pauses[i].from < to; i++) {
        dawr_ms a = b->pauses[i].from > from ? b->pauses[i].from : from, z = b->pauses[i].to < to ? b->pauses[i].to : to;
        if (z > a) total += z - a;
    }
    return total;
}

/* Adds a waiting time and its part in pauses to one group. */
static void add_wait(builder *b, acc *a, const ticket_row *row)
{
    push(b, &a->wait, row->wait);
    push(b, &a->wait_paused, row->wait_paused);
}

/* Adds a replayed ticket to one group. */
static void add_ticket(builder *b, acc *a, const ticket_run *t, const ticket_row *row)
{
    dawr_report_figures *f = a->f;
    f->tickets++;
    if (row->status == STATE_DONE) {
        f->served++;
        /* A visit handled at once (a phone call recorded after it) has no service time. */
        if (t->segments) push(b, &a->service, t->service_min);
    } else if (row->status == STATE_NOSHOW) f->noshow++;
    else if (row->status == STATE_CANCELLED) f->cancelled++;
    else f->open++;
    f->transfers += t->transfers;
    f->set_asides += t->set_asides;
    /* A ticket's time aside once it came back (or its day ended); one still aside is open. */
    if (t->set_asides && row->status != STATE_ASIDE) push(b, &a->aside, (double)row->aside_ms / 60000.0);
    if (row->outcome_index >= 0) f->outcomes[row->outcome_index]++;
    if (t->first_call) add_wait(b, a, row);
    if (row->score) add_rating(a, row->score, row->low_reasons);
}

static void finish_ticket(builder *b, const ticket_run *t, const ticket_row *read)
{
    int ri = t->reason >= 0 ? t->reason : group_index(b, 0, read->service);
    if (ri < 0) return;
    ticket_row row = *read;
    const char *state = row.state ? row.state : "";
    row.status = !strcmp(state, "done") ? STATE_DONE : !strcmp(state, "noshow") ? STATE_NOSHOW
               : !strcmp(state, "cancelled") ? STATE_CANCELLED : !strcmp(state, "aside") ? STATE_ASIDE : STATE_OPEN;
    row.outcome_index = outcome_index(b, row.outcome);
    if (t->first_call) {
        row.wait = (double)(t->first_call - row.issued_at) / 60000.0;
        row.wait_paused = (double)paused_within(b, row.issued_at, t->first_call) / 60000.0;
    }
    row.low_reasons = row.score >= 1 && row.score <= 2 ? reasons_given(b, row.reasons) : 0;
    add_ticket(b, &b->total, t, &row);
    add_ticket(b, &b->reasons[ri], t, &row);
    long d;
    if (!builder_day(b, row.day, &d) && d >= b->from_day && d - b->from_day < b->r->days)
        add_ticket(b, &b->periods[b->period_of_day[d - b->from_day]], t, &row);
    int hour = builder_hour(b, (time_t)(row.issued_at / 1000));
    if (hour >= 0) add_ticket(b, &b->hours[hour], t, &row);
    dawr_channel ch = DAWR_CHANNEL_KIOSK;
    dawr_channel_parse(row.channel, &ch);
    add_ticket(b, &b->channels[ch], t, &row);
    /* Per counter: waiting of the first call made there, ratings of the visit finished there;
     * counts and service segments were added while replaying. */
    if (t->first_call && t->first_counter >= 0)
        add_wait(b, &b->counters[t->first_counter], &row);
    if (row.score && t->done_counter >= 0) add_rating(&b->counters[t->done_counter], row.score, row.low_reasons);
    if (row.outcome_index >= 0 && t->done_counter >= 0) b->counters[t->done_counter].f->outcomes[row.outcome_index]++;
}

/* One group per period of the range; each day's period index in b->period_of_day. */
static int make_periods(builder *b, long from, long to)
{
    dawr_report *r = b->r;
    r->days = (int)(to - from + 1);
    b->period_of_day = calloc((size_t)r->days, sizeof *b->period_of_day);
    r->periods = calloc((size_t)r->days, sizeof *r->periods);
    b->periods = calloc((size_t)r->days, sizeof *b->periods);
    if (!b->period_of_day || !r->periods || !b->periods) return -1;
    for (long d = from; d <= to; d++) {
        char day[11], key[40];
        civil_from_days(d, day);
        if (r->by == DAWR_REPORT_BY_DAY) snprintf(key, sizeof key, "%s", day);
        else if (r->by == DAWR_REPORT_BY_MONTH) snprintf(key, sizeof key, "%.7s", day);
        else civil_from_days(d - ((d + 4) % 7 + 7) % 7, key);  /* the week's Sunday */
        int n = r->period_count;
        if (!n || strcmp(r->periods[n - 1].key, key)) {
            dawr_report_group *g = &r->periods[r->period_count++];
            snprintf(g->key, sizeof g->key, "%s", key);
            snprintf(g->from, sizeof g->from, "%s", day);
            g->name_ar = g->name_en = g->key;
            b->periods[n] = (acc){ .f = &g->f };
        }
        snprintf(r->periods[r->period_count - 1].to, sizeof r->periods[0].to, "%s", day);
        b->period_of_day[d - from] = r->period_count - 1;
    }
    return 0;
}

/* Ticket ids grow with issue time (and the service day with them), so the range's tickets
 * are the ids LO..HI, each checked again by day, and their events all come after the issue
 * event of LO: one pass over the events in log order, in rowid ranges, with no index seeks;
 * then one over the tickets with their ratings. */
static const char RANGE_SQL[] =
    "SELECT min(id), max(id) FROM tickets WHERE day BETWEEN ?1 AND ?2";
static const char EVENT_BOUNDS_SQL[] =
    "SELECT (SELECT min(id) FROM events WHERE ticket = ?1), (SELECT max(id) FROM events WHERE ticket BETWEEN ?1 AND ?2)";
static const char EVENTS_SQL[] =
    "SELECT ticket, at, kind, counter, CASE kind WHEN ?5 THEN json_extract(detail, '$.from_service')"
    "   WHEN ?6 THEN json_extract(detail, '$.state') END"
    " FROM events WHERE id BETWEEN ?3 AND ?4 AND +ticket BETWEEN ?1 AND ?2"
    "   AND +kind IN (?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ORDER BY id";
/* The kinds replayed, as EVENTS_SQL's parameters 5 to 12 (the transfer and the resume first). */
static const dawr_event_kind REPLAYED[] = { DAWR_EVENT_TRANSFER, DAWR_EVENT_RESUME, DAWR_EVENT_CALL, DAWR_EVENT_RECALL,
                                            DAWR_EVENT_SERVE, DAWR_EVENT_DONE, DAWR_EVENT_NOSHOW, DAWR_EVENT_ASIDE };
static const char TICKETS_SQL[] =
    "SELECT t.id, t.day, t.service, t.state, t.issued_at, r.score, r.reasons, t.channel, coalesce(t.outcome, ''),"
    " t.aside_ms"
    " FROM tickets t LEFT JOIN ratings r ON r.ticket = t.id"
    " WHERE t.id BETWEEN ?1 AND ?2 AND t.day BETWEEN ?3 AND ?4";

static int query_failed(sqlite3 *db, sqlite3_stmt *st, char *err, size_t err_size)
{
    snprintf(err, err_size, "cannot read the report: %s", sqlite3_errmsg(db));
    sqlite3_finalize(st);
    return -1;
}

static int read_tickets(builder *b, sqlite3 *db, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    long long lo = 0, hi = -1, ev_lo = 0, ev_hi = -1;
    if (sqlite3_prepare_v2(db, RANGE_SQL, -1, &st, NULL) != SQLITE_OK) return query_failed(db, st, err, err_size);
    sqlite3_bind_text(st, 1, b->r->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, b->r->to, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_ROW) return query_failed(db, st, err, err_size);
    if (sqlite3_column_type(st, 0) == SQLITE_NULL) { sqlite3_finalize(st); return 0; }   /* no tickets */
    lo = sqlite3_column_int64(st, 0);
    hi = sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, EVENT_BOUNDS_SQL, -1, &st, NULL) != SQLITE_OK) return query_failed(db, st, err, err_size);
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    if (sqlite3_step(st) != SQLITE_ROW) return query_failed(db, st, err, err_size);
    ev_lo = sqlite3_column_int64(st, 0);
    ev_hi = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 1);
    sqlite3_finalize(st);

    size_t n = (size_t)(hi - lo + 1);
    ticket_run *runs = malloc(n * sizeof *runs);
    if (!runs) { b->oom = 1; return -1; }
    for (size_t i = 0; i < n; i++)
        runs[i] = (ticket_run){ .reason = -1, .first_counter = -1, .done_counter = -1, .at_counter = -1 };
    int rc;
    if (sqlite3_prepare_v2(db, EVENTS_SQL, -1, &st, NULL) != SQLITE_OK) { free(runs); return query_failed(db, st, err, err_size); }
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    sqlite3_bind_int64(st, 3, ev_lo);
    sqlite3_bind_int64(st, 4, ev_hi);
    for (int i = 0; i < (int)(sizeof REPLAYED / sizeof REPLAYED[0]); i++) dawr_bind_event_kind(st, 5 + i, REPLAYED[i]);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && !b->oom) {
        dawr_event_kind kind = DAWR_EVENT_NONE;
        dawr_event_kind_parse((const char *)sqlite3_column_text(st, 2), &kind);
        replay_event(b, &runs[sqlite3_column_int64(st, 0) - lo], sqlite3_column_int64(st, 1), kind,
                     (const char *)sqlite3_column_text(st, 3), (const char *)sqlite3_column_text(st, 4));
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) { free(runs); return query_failed(db, st, err, err_size); }
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, TICKETS_SQL, -1, &st, NULL) != SQLITE_OK) { free(runs); return query_failed(db, st, err, err_size); }
    sqlite3_bind_int64(st, 1, lo);
    sqlite3_bind_int64(st, 2, hi);
    sqlite3_bind_text(st, 3, b->r->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, b->r->to, -1, SQLITE_STATIC);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && !b->oom) {
        const char *reasons = (const char *)sqlite3_column_text(st, 6);
        ticket_row row = { .day = (const char *)sqlite3_column_text(st, 1),
                           .service = (const char *)sqlite3_column_text(st, 2),
                           .state = (const char *)sqlite3_column_text(st, 3), .reasons = reasons ? reasons : "",
                           .channel = (const char *)sqlite3_column_text(st, 7),
                           .outcome = (const char *)sqlite3_column_text(st, 8), .issued_at = sqlite3_column_int64(st, 4),
                           .aside_ms = sqlite3_column_int64(st, 9), .score = sqlite3_column_int(st, 5) };
        finish_ticket(b, &runs[sqlite3_column_int64(st, 0) - lo], &row);
    }
    free(runs);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return query_failed(db, st, err, err_size);
    sqlite3_finalize(st);
    return b->oom ? -1 : 0;
}

/* The range's help calls and their answers, counted in the total and their day's period. */
static const char HELP_SQL[] =
    "SELECT h.at, (SELECT json_extract(a.detail, '$.seconds') FROM events a WHERE a.kind = ?4"
    " AND json_extract(a.detail, '$.help') = h.id ORDER BY a.id LIMIT 1)"
    " FROM events h WHERE h.kind = ?3 AND h.at BETWEEN ?1 AND ?2";

/* A help call made AT into the total and its day's period (none outside the range), answered
 * after SECONDS when ANSWERED. */
static void count_help(builder *b, dawr_ms at, int answered, double seconds)
{
    char day[11];
    long d;
    dawr_clock_day(at, day, sizeof day);
    if (parse_day(day, &d) || d < b->from_day || d - b->from_day >= b->r->days) return;
    acc *both[2] = { &b->total, &b->periods[b->period_of_day[d - b->from_day]] };
    for (int i = 0; i < 2; i++) {
        both[i]->f->help_calls++;
        if (!answered) continue;
        both[i]->f->help_answered++;
        push(b, &both[i]->help, seconds);
    }
}

static int read_help(builder *b, sqlite3 *db, long from_day, long to_day, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, HELP_SQL, -1, &st, NULL) != SQLITE_OK) return query_failed(db, st, err, err_size);
    /* A day either side in UTC covers every zone; each call is then placed by its local day. */
    sqlite3_bind_int64(st, 1, (sqlite3_int64)(from_day - 1) * 86400000);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)(to_day + 2) * 86400000);
    dawr_bind_event_kind(st, 3, DAWR_EVENT_HELP);
    dawr_bind_event_kind(st, 4, DAWR_EVENT_HELP_ACK);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        count_help(b, sqlite3_column_int64(st, 0), sqlite3_column_type(st, 1) != SQLITE_NULL, sqlite3_column_double(st, 1));
    if (rc != SQLITE_DONE) return query_failed(db, st, err, err_size);
    sqlite3_finalize(st);
    return b->oom ? -1 : 0;
}

/* The range's prayer pauses from the log: each 'pause_start' (once per pause, its day and local
 * "HH:MM" span in its detail), ended where a counter ended it early. Read before the tickets. */
static const char PAUSES_SQL[] =
    "SELECT json_extract(s.detail, '$.day'), json_extract(s.detail, '$.from'), json_extract(s.detail, '$.to'),"
    " (SELECT min(e.at) FROM events e WHERE e.kind = ?4 AND json_extract(e.detail, '$.early')"
    "   AND json_extract(e.detail, '$.day') = json_extract(s.detail, '$.day')"
    "   AND json_extract(e.detail, '$.prayer') = json_extract(s.detail, '$.prayer'))"
    " FROM events s WHERE s.kind = ?3 AND s.at BETWEEN ?1 AND ?2 ORDER BY s.at";

/* Minutes after midnight of "HH:MM" (24:00 allowed); -1 when it is not one. */
static int hhmm_minutes(const char *s)
{
    int h, m;
    char rest;
    if (!s || sscanf(s, "%2d:%2d%c", &h, &m, &rest) != 2 || h < 0 || h > 24 || m < 0 || m > 59) return -1;
    return h * 60 + m;
}

/* The pause of local DAY from FROM to TO ("HH:MM"), cut short at EARLY (0: not ended early),
 * added after those before it; one that is no pause or overlaps the one before is left out. */
static void add_pause(builder *b, const char *day, const char *from, const char *to, dawr_ms early)
{
    int y, mo, d, a = hhmm_minutes(from), z = hhmm_minutes(to);
    if (!day || sscanf(day, "%4d-%2d-%2d", &y, &mo, &d) != 3 || a < 0 || z <= a) return;
    pause_span p = { dawr_hours_instant(y, mo, d, a), dawr_hours_instant(y, mo, d, z) };
    if (early && early < p.to) p.to = early > p.from ? early : p.from;
    /* Kept in order of their start and apart, as paused_within() needs. */
    if (b->pause_count && p.from < b->pauses[b->pause_count - 1].to) return;
    if (b->pause_count == b->pause_cap) {
        size_t cap = b->pause_cap ? b->pause_cap * 2 : 16;
        pause_span *n = realloc(b->pauses, cap * sizeof *n);
        if (!n) { b->oom = 1; return; }
        b->pauses = n;
        b->pause_cap = cap;
    }
    b->pauses[b->pause_count++] = p;
}

static int read_pauses(builder *b, sqlite3 *db, long from_day, long to_day, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, PAUSES_SQL, -1, &st, NULL) != SQLITE_OK) return query_failed(db, st, err, err_size);
    /* A day either side: a ticket of the range may wait past midnight or from the day before. */
    sqlite3_bind_int64(st, 1, (sqlite3_int64)(from_day - 2) * 86400000);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)(to_day + 3) * 86400000);
    dawr_bind_event_kind(st, 3, DAWR_EVENT_PAUSE_START);
    dawr_bind_event_kind(st, 4, DAWR_EVENT_PAUSE_END);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && !b->oom)
        add_pause(b, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
                  (const char *)sqlite3_column_text(st, 2), sqlite3_column_type(st, 3) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 3));
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return query_failed(db, st, err, err_size);
    sqlite3_finalize(st);
    return b->oom ? -1 : 0;
}

/* Tickets asked for while closed: each a 'refused' event without a ticket, counted by its local
 * day in the total and its period, and in its visit reason and channel. */
static const char REFUSED_SQL[] =
    "SELECT at, json_extract(detail, '$.service'), json_extract(detail, '$.channel') FROM events"
    " WHERE kind = ?3 AND at BETWEEN ?1 AND ?2 AND json_extract(detail, '$.reason') = 'closed'";

/* A ticket for SERVICE by CHANNEL refused at AT because closed: in the total, its day's period
 * (none outside the range), its visit reason and its channel. */
static void count_refused(builder *b, dawr_ms at, const char *service, const char *channel)
{
    char day[11];
    long d;
    dawr_clock_day(at, day, sizeof day);
    if (parse_day(day, &d) || d < b->from_day || d - b->from_day >= b->r->days) return;
    b->r->total.refused_closed++;
    b->r->periods[b->period_of_day[d - b->from_day]].f.refused_closed++;
    int ri = service && *service ? group_index(b, 0, service) : -1;
    if (ri >= 0) b->r->reasons[ri].f.refused_closed++;
    dawr_channel ch;
    if (channel && dawr_channel_parse(channel, &ch) == 0) b->r->channels[ch].f.refused_closed++;
}

static int read_refused(builder *b, sqlite3 *db, long from_day, long to_day, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, REFUSED_SQL, -1, &st, NULL) != SQLITE_OK) return query_failed(db, st, err, err_size);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)(from_day - 1) * 86400000);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)(to_day + 2) * 86400000);
    dawr_bind_event_kind(st, 3, DAWR_EVENT_REFUSED);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        count_refused(b, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                      (const char *)sqlite3_column_text(st, 2));
    if (rc != SQLITE_DONE) return query_failed(db, st, err, err_size);
    sqlite3_finalize(st);
    return b->oom ? -1 : 0;
}

/* ---- applications (their events in log order, before the tickets) ---- */

/* The local day number of AT (parse_day of dawr_clock_day); -1 when it cannot be said. */
static long local_day(dawr_ms at)
{
    char day[16];
    long d;
    dawr_clock_day(at, day, sizeof day);
    return parse_day(day, &d) ? -1 : d;
}

static int step_index(const builder *b, const char *id)
{
    const dawr_applications_settings *s = dawr_config_applications(b->r->cfg);
    for (int i = 0; id && i < s->step_count; i++)
        if (!strcmp(s->steps[i].id, id)) return i;
    return -1;
}

/* Where the application with KEY is in the sorted list, or would go. */
static size_t app_slot(const builder *b, long long key)
{
    size_t lo = 0, hi = b->app_count;
    if (hi && b->apps[hi - 1].key < key) return hi;    /* references come in order: the usual case */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->apps[mid].key < key) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The application REF names, NULL when it was not opened (by H) or REF is none. */
static app_run *app_find(builder *b, const char *ref, long long *key_out)
{
    int year, number;
    if (!ref || dawr_application_parse_ref(ref, &year, &number)) return NULL;
    long long key = (long long)year * 1000000000LL + number;
    if (key_out) *key_out = key;
    size_t i = app_slot(b, key);
    return i < b->app_count && b->apps[i].key == key ? &b->apps[i] : NULL;
}

static void app_opened(builder *b, dawr_ms at, const dawr_report_app_detail *d)
{
    long long key = -1;
    if (app_find(b, d->application, &key) || key < 0) return;    /* opened once; KEY set for a reference */
    if (b->app_count == b->app_cap) {
        size_t cap = b->app_cap ? b->app_cap * 2 : 64;
        app_run *n = realloc(b->apps, cap * sizeof *n);
        if (!n) { b->oom = 1; return; }
        b->apps = n;
        b->app_cap = cap;
    }
    size_t i = app_slot(b, key);
    memmove(b->apps + i + 1, b->apps + i, (b->app_count - i) * sizeof *b->apps);
    b->app_count++;
    long not_before;
    int step = d->step ? step_index(b, d->step) : 0;
    b->apps[i] = (app_run){ .key = key, .opened_at = at, .opened_day = local_day(at), .step = step, .last_appointment = -1,
                            .not_before_day = parse_day(d->answer_not_before, &not_before) ? -1 : not_before };
}

/* The application's newest appointment at AT (local time) not cancelled, or NULL. */
static appointment_run *appointment_at(builder *b, const app_run *app, const char *at)
{
    for (int i = app->last_appointment; at && i >= 0; i = b->appointments[i].before)
        if (!b->appointments[i].cancelled && !strcmp(b->appointments[i].at, at)) return &b->appointments[i];
    return NULL;
}

static void appointment_booked(builder *b, app_run *app, const char *at)
{
    if (!at) return;
    if (b->appointment_count == b->appointment_cap) {
        size_t cap = b->appointment_cap ? b->appointment_cap * 2 : 64;
        appointment_run *n = realloc(b->appointments, cap * sizeof *n);
        if (!n) { b->oom = 1; return; }
        b->appointments = n;
        b->appointment_cap = cap;
    }
    appointment_run *ap = &b->appointments[b->appointment_count];
    *ap = (appointment_run){ .before = app->last_appointment };
    copy_text(ap->at, sizeof ap->at, at);
    app->last_appointment = (int)b->appointment_count++;
}

static void count_application(builder *b, dawr_ms at, dawr_event_kind kind, const dawr_report_app_detail *d)
{
    if (at > b->horizon) return;                        /* after H: not yet, for the report */
    dawr_report_applications *f = &b->r->applications;
    if (kind == DAWR_EVENT_APP_NOTIFY) {
        long day = local_day(at);
        if (day < b->from_day || day - b->from_day >= b->r->days) return;
        f->notifications++;
        dawr_message_kind m;
        if (d->message && dawr_message_kind_parse(d->message, &m) == 0 && m < 3) f->notified[m]++;
        return;
    }
    if (kind == DAWR_EVENT_APP_OPEN) { app_opened(b, at, d); return; }
    app_run *app = app_find(b, d->application, NULL);
    if (!app) return;
    const dawr_applications_settings *s = dawr_config_applications(b->r->cfg);
    appointment_run *ap;
    switch (kind) {
    case DAWR_EVENT_APP_STEP:
        app->step = step_index(b, d->step);
        if (app->step >= 0 && s->steps[app->step].decision && !app->decided_at) app->decided_at = at;
        if (app->step >= 0 && s->steps[app->step].closes) app->closed = 1;
        break;
    case DAWR_EVENT_APP_BOOK: appointment_booked(b, app, d->at); break;
    case DAWR_EVENT_APP_MOVE:
        if ((ap = appointment_at(b, app, d->from)) && d->at) copy_text(ap->at, sizeof ap->at, d->at);
        break;
    case DAWR_EVENT_APP_CANCEL:
        if ((ap = appointment_at(b, app, d->at))) ap->cancelled = 1;
        break;
    case DAWR_EVENT_APP_CHECKIN:
        if ((ap = appointment_at(b, app, d->at)) && !ap->checked_in) ap->checked_in = 1, ap->minutes = d->minutes;
        break;
    default: break;
    }
}

/* FROM's applications, as they stand at its horizon, counted into INTO's figures. */
static void app_tally(builder *into, const builder *from)
{
    dawr_report_applications *f = &into->r->applications;
    const dawr_applications_settings *s = dawr_config_applications(from->r->cfg);
    long first = from->from_day, last = from->from_day + from->r->days - 1;
    for (size_t i = 0; i < from->app_count; i++) {
        const app_run *app = &from->apps[i];
        if (!app->closed && !app->decided_at && app->not_before_day >= 0 && app->not_before_day < from->horizon_day)
            f->overdue++;
        for (int k = app->last_appointment; k >= 0; k = from->appointments[k].before) {
            const appointment_run *ap = &from->appointments[k];
            char day[11];
            long d;
            copy_text(day, sizeof day, ap->at);
            if (parse_day(day, &d) || d < first || d > last) continue;
            if (ap->cancelled) f->cancelled++;
            else {
                f->booked++;
                if (ap->checked_in && ap->minutes <= s->appointment_late_minutes) f->kept++;
                else if (ap->checked_in) f->late++;
                else if (d < from->over_day) f->missed++;
                else f->coming++;
            }
        }
        if (app->opened_day < first || app->opened_day > last) continue;
        f->opened++;
        if (app->step >= 0 && app->step < DAWR_MAX_STEPS) f->by_step[app->step]++;
        if (!app->decided_at) continue;
        f->decided++;
        push(into, &into->decision_days, (double)(app->decided_at - app->opened_at) / 86400000.0);
        long decided_day = local_day(app->decided_at);
        if (decided_day >= app->not_before_day) into->after_minimum++;
        if (decided_day <= app->opened_day + s->answer_target_days) into->within_target++;
    }
}

static void app_finish(builder *b)
{
    app_tally(b, b);
    dawr_report_applications *f = &b->r->applications;
    stat_finish(&b->decision_days, &f->decision_days);
    f->share_after_minimum = f->decided ? (double)b->after_minimum / f->decided : NAN;
    f->share_within_target = f->decided ? (double)b->within_target / f->decided : NAN;
}

/* The applications' events up to H, in log order (through events_kind). */
static const char APPLICATIONS_SQL[] =
    "SELECT at, kind, json_extract(detail, '$.application'), json_extract(detail, '$.step'),"
    " json_extract(detail, '$.answer_not_before'), json_extract(detail, '$.at'), json_extract(detail, '$.from'),"
    " json_extract(detail, '$.minutes'), json_extract(detail, '$.message')"
    " FROM events WHERE kind IN (?2, ?3, ?4, ?5, ?6, ?7, ?8) AND at <= ?1 ORDER BY id";
static const dawr_event_kind APPLICATION_KINDS[] = { DAWR_EVENT_APP_OPEN, DAWR_EVENT_APP_STEP, DAWR_EVENT_APP_BOOK,
                                                     DAWR_EVENT_APP_MOVE, DAWR_EVENT_APP_CANCEL, DAWR_EVENT_APP_CHECKIN,
                                                     DAWR_EVENT_APP_NOTIFY };

static int read_applications(builder *b, sqlite3 *db, char *err, size_t err_size)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, APPLICATIONS_SQL, -1, &st, NULL) != SQLITE_OK) return query_failed(db, st, err, err_size);
    sqlite3_bind_int64(st, 1, b->horizon);
    for (int i = 0; i < 7; i++) dawr_bind_event_kind(st, 2 + i, APPLICATION_KINDS[i]);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && !b->oom) {
        dawr_event_kind kind = DAWR_EVENT_NONE;
        dawr_event_kind_parse((const char *)sqlite3_column_text(st, 1), &kind);
        dawr_report_app_detail d = {
            .application = (const char *)sqlite3_column_text(st, 2), .step = (const char *)sqlite3_column_text(st, 3),
            .answer_not_before = (const char *)sqlite3_column_text(st, 4), .at = (const char *)sqlite3_column_text(st, 5),
            .from = (const char *)sqlite3_column_text(st, 6), .minutes = sqlite3_column_int(st, 7),
            .message = (const char *)sqlite3_column_text(st, 8),
        };
        count_application(b, sqlite3_column_int64(st, 0), kind, &d);
    }
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return query_failed(db, st, err, err_size);
    sqlite3_finalize(st);
    return b->oom ? -1 : 0;
}

static int refuse(char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    return DAWR_REFUSED;
}

/* Starts a report of FROM..TO: its groups made, every configured reason and counter with a row.
 * Returns DAWR_OK, DAWR_REFUSED (bad range, reason in ERR) or DAWR_STORE_FAILED (no memory). */
static int builder_start(builder *b, const dawr_config *cfg, const char *from, const char *to, dawr_report_by by,
                         char *err, size_t err_size)
{
    long a, z;
    memset(b, 0, sizeof *b);
    if (parse_day(from, &a)) return refuse(err, err_size, "\"%s\" is not a date YYYY-MM-DD", from ? from : "");
    if (parse_day(to, &z)) return refuse(err, err_size, "\"%s\" is not a date YYYY-MM-DD", to ? to : "");
    if (z < a) return refuse(err, err_size, "the range ends (%s) before it starts (%s)", to, from);
    if (z - a > 3660) return refuse(err, err_size, "the range %s..%s is longer than ten years", from, to);
    dawr_report *r = calloc(1, sizeof *r);
    b->r = r;
    b->from_day = a;
    if (!r) { b->oom = 1; return DAWR_STORE_FAILED; }
    snprintf(r->from, sizeof r->from, "%s", from);
    snprintf(r->to, sizeof r->to, "%s", to);
    r->by = by;
    r->cfg = cfg;
    b->total.f = &r->total;
    for (int h = 0; h < 24; h++) {
        snprintf(r->hours[h].key, sizeof r->hours[h].key, "%02d", h);
        snprintf(r->hours[h].from, sizeof r->hours[h].from, "%s", from);
        snprintf(r->hours[h].to, sizeof r->hours[h].to, "%s", to);
        r->hours[h].name_ar = r->hours[h].name_en = r->hours[h].key;
        b->hours[h].f = &r->hours[h].f;
    }
    for (int c = 0; c < DAWR_CHANNEL_COUNT; c++) {
        dawr_report_group *g = &r->channels[c];
        snprintf(g->key, sizeof g->key, "%s", dawr_channel_tag((dawr_channel)c));
        snprintf(g->from, sizeof g->from, "%s", from);
        snprintf(g->to, sizeof g->to, "%s", to);
        g->name_ar = g->name_en = g->key;
        b->channels[c].f = &g->f;
    }
    if (make_periods(b, a, z) < 0) { b->oom = 1; return DAWR_STORE_FAILED; }
    /* H: now, or the last moment of the range's last day (mktime carries day 32 over). */
    char last[11];
    int y, mo, d;
    civil_from_days(z, last);
    sscanf(last, "%4d-%2d-%2d", &y, &mo, &d);
    dawr_ms now = dawr_clock_now(), end = dawr_hours_instant(y, mo, d + 1, 0) - 1;
    b->horizon = now < end ? now : end;
    b->horizon_day = local_day(b->horizon);
    b->over_day = local_day(b->horizon + 1);
    /* Every configured reason and counter has a row, in the configuration's order, even empty. */
    for (int i = 0; i < dawr_config_service_count(cfg); i++) group_index(b, 0, dawr_config_service(cfg, i)->id);
    for (int i = 0; i < dawr_config_counter_count(cfg); i++) group_index(b, 1, dawr_config_counter(cfg, i)->id);
    return b->oom ? DAWR_STORE_FAILED : DAWR_OK;
}

/* Finishes the statistics (when OK) and frees the builder; the report into *OUT. */
static int builder_finish(builder *b, int ok, dawr_report **out, char *err, size_t err_size)
{
    dawr_report *r = b->r;
    ok = ok && r && !b->oom;
    if (ok) {
        name_unknown(r->reasons, r->reason_count);
        name_unknown(r->counters, r->counter_count);
        acc_finish(&b->total);
        for (int i = 0; i < r->reason_count; i++) acc_finish(&b->reasons[i]);
        for (int i = 0; i < r->counter_count; i++) acc_finish(&b->counters[i]);
        for (int i = 0; i < r->period_count; i++) acc_finish(&b->periods[i]);
        for (int h = 0; h < 24; h++) acc_finish(&b->hours[h]);
        for (int c = 0; c < DAWR_CHANNEL_COUNT; c++) acc_finish(&b->channels[c]);
        app_finish(b);
    } else if (b->oom || !r) snprintf(err, err_size, "out of memory");
    acc_free(&b->total);
    for (int i = 0; b->reasons && i < r->reason_count; i++) acc_free(&b->reasons[i]);
    for (int i = 0; b->counters && i < r->counter_count; i++) acc_free(&b->counters[i]);
    for (int i = 0; b->periods && i < r->period_count; i++) acc_free(&b->periods[i]);
    for (int h = 0; h < 24; h++) acc_free(&b->hours[h]);
    for (int c = 0; c < DAWR_CHANNEL_COUNT; c++) acc_free(&b->channels[c]);
    free(b->reasons);
    free(b->counters);
    free(b->periods);
    free(b->period_of_day);
    free(b->pauses);
    free(b->apps);
    free(b->appointments);
    free(b->decision_days.v);
    if (!ok) { dawr_report_free(r); return DAWR_STORE_FAILED; }
    *out = r;
    return DAWR_OK;
}

int dawr_report_compute(dawr_queue *q, const char *from, const char *to, dawr_report_by by, dawr_report **out,
                        char *err, size_t err_size)
{
    *out = NULL;
    builder b;
    int r = builder_start(&b, dawr_queue_config(q), from, to, by, err, err_size);
    if (r == DAWR_REFUSED) return r;
    int ok = 0;
    if (r == DAWR_OK) {
        /* One snapshot, so the figures agree with each other while the reception goes on. */
        sqlite3 *db = dawr_queue_db(q);
        int in_tx = sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
        long last = b.from_day + b.r->days - 1;
        ok = read_pauses(&b, db, b.from_day, last, err, err_size) == 0 &&
             read_applications(&b, db, err, err_size) == 0 && read_tickets(&b, db, err, err_size) == 0 &&
             read_help(&b, db, b.from_day, last, err, err_size) == 0 &&
             read_refused(&b, db, b.from_day, last, err, err_size) == 0;
        if (in_tx) sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    return builder_finish(&b, ok, out, err, err_size);
}

/* ---- the same report from the log alone (events as dawr-sync sends them) ---- */

struct dawr_report_feed {
    builder b;
    long long ticket;               /* the ticket being read; its events come together */
    int skip;                       /* it was issued outside the range (or its issue is missing) */
    ticket_run run;
    char day[11], service[33], state[16], channel[16], outcome[33];
    char reasons[260];
    dawr_ms issued_at, aside_since, aside_ms;
    int score;
};

dawr_report_feed *dawr_report_feed_new(const dawr_config *cfg, const char *from, const char *to, dawr_report_by by,
                                       char *err, size_t err_size)
{
    /* Hours are the reception's local hours, as the queue sets them for dawr_report_compute. */
    if (dawr_clock_use_timezone(dawr_config_settings(cfg)->timezone) != 0) {
        snprintf(err, err_size, "unknown time zone \"%s\"", dawr_config_settings(cfg)->timezone);
        return NULL;
    }
    dawr_report_feed *f = calloc(1, sizeof *f);
    if (!f) { snprintf(err, err_size, "out of memory"); return NULL; }
    int r = builder_start(&f->b, cfg, from, to, by, err, err_size);
    if (r != DAWR_OK) {
        dawr_report *unused = NULL;
        if (r == DAWR_STORE_FAILED) builder_finish(&f->b, 0, &unused, err, err_size);
        free(f);
        return NULL;
    }
    f->skip = 1;
    return f;
}

/* The ticket read so far goes into the groups, as read_tickets does with its row. */
static void feed_end_ticket(dawr_report_feed *f)
{
    if (f->skip) return;
    ticket_row row = { .day = f->day, .service = f->service, .state = f->state, .reasons = f->reasons,
                       .channel = f->channel, .outcome = f->outcome, .issued_at = f->issued_at,
                       .aside_ms = f->aside_ms, .score = f->score };
    finish_ticket(&f->b, &f->run, &row);
    f->skip = 1;
}

/* The state a ticket is left in by each kind of event (NULL: unchanged). */
static const char *state_after(dawr_event_kind kind)
{
    switch (kind) {
    case DAWR_EVENT_ISSUE: case DAWR_EVENT_TRANSFER: return "waiting";
    case DAWR_EVENT_CALL: case DAWR_EVENT_RECALL: return "called";
    case DAWR_EVENT_SERVE: return "serving";
    case DAWR_EVENT_DONE: return "done";
    case DAWR_EVENT_NOSHOW: return "noshow";
    case DAWR_EVENT_CANCEL: case DAWR_EVENT_EXPIRE: return "cancelled";
    case DAWR_EVENT_ASIDE: return "aside";
    default: return NULL;                         /* a resume: its detail says */
    }
}


int dawr_report_feed_detail(dawr_report_feed *f, long long ticket, dawr_ms at, dawr_event_kind kind,
                            const char *counter, const dawr_report_detail *d)
{
    if (!ticket) return 0;                        /* events about no ticket count in no figure */
    if (ticket != f->ticket) {
        feed_end_ticket(f);
        f->ticket = ticket;
        if (kind != DAWR_EVENT_ISSUE) return 0;   /* its issue is not here: not a ticket of the range */
    } else if (f->skip) return 0;
    static const dawr_report_detail none = { 0 };
    if (!d) d = &none;
    if (kind == DAWR_EVENT_ISSUE) {
        long n;
        f->skip = !d->day || builder_day(&f->b, d->day, &n) || n < f->b.from_day || n - f->b.from_day >= f->b.r->days;
        if (!f->skip) {
            f->run = (ticket_run){ .reason = -1, .first_counter = -1, .done_counter = -1, .at_counter = -1 };
            copy_text(f->day, sizeof f->day, d->day);
            copy_text(f->service, sizeof f->service, d->service);
            f->issued_at = at;
            f->score = 0;
            f->reasons[0] = 0;
            f->outcome[0] = 0;
            f->aside_since = f->aside_ms = 0;
            copy_text(f->channel, sizeof f->channel, d->channel && *d->channel ? d->channel : "kiosk");
        }
    } else if (kind == DAWR_EVENT_DONE) {
        copy_text(f->outcome, sizeof f->outcome, d->outcome);
    } else if (kind == DAWR_EVENT_ASIDE) {
        f->aside_since = at;
    } else if (kind == DAWR_EVENT_TRANSFER) {
        if (d->to_service && *d->to_service) copy_text(f->service, sizeof f->service, d->to_service);
    } else if (kind == DAWR_EVENT_RATE) {
        f->score = d->score;
        copy_text(f->reasons, sizeof f->reasons, d->reasons);
    }
    /* Time aside ends when the ticket is taken back, or closed at its day's end. */
    if (f->aside_since && (kind == DAWR_EVENT_RESUME || kind == DAWR_EVENT_EXPIRE || kind == DAWR_EVENT_CANCEL)) {
        f->aside_ms += at - f->aside_since;
        f->aside_since = 0;
    }
    if (!f->skip) {
        const char *state = kind == DAWR_EVENT_RESUME ? (d->state && *d->state ? d->state : NULL) : state_after(kind);
        if (state) copy_text(f->state, sizeof f->state, state);
        for (size_t k = 0; k < sizeof REPLAYED / sizeof REPLAYED[0]; k++)
            if (REPLAYED[k] == kind)
                replay_event(&f->b, &f->run, at, kind, counter,
                             kind == DAWR_EVENT_TRANSFER ? d->from_service : kind == DAWR_EVENT_RESUME ? d->state : NULL);
    }
    return f->b.oom ? -1 : 0;
}

int dawr_report_feed_event(dawr_report_feed *f, long long ticket, dawr_ms at, const char *kind_name, const char *counter,
                           const char *detail_json)
{
    dawr_event_kind kind = DAWR_EVENT_NONE;
    dawr_event_kind_parse(kind_name, &kind);
    for (size_t i = 0; i < sizeof APPLICATION_KINDS / sizeof APPLICATION_KINDS[0]; i++)
        if (kind == APPLICATION_KINDS[i]) {
            /* An application's event: its figures do not depend on the tickets fed around it. */
            json_t *j = json_loads(detail_json ? detail_json : "{}", 0, NULL);
            dawr_report_app_detail d = {
                .application = json_string_value(json_object_get(j, "application")),
                .step = json_string_value(json_object_get(j, "step")),
                .answer_not_before = json_string_value(json_object_get(j, "answer_not_before")),
                .at = json_string_value(json_object_get(j, "at")), .from = json_string_value(json_object_get(j, "from")),
                .minutes = (int)json_integer_value(json_object_get(j, "minutes")),
                .message = json_string_value(json_object_get(j, "message")),
            };
            int r = dawr_report_feed_application(f, at, kind, &d);
            json_decref(j);
            return r;
        }
    /* Only these kinds say something in their detail that the figures read. */
    int detailed = kind == DAWR_EVENT_ISSUE || kind == DAWR_EVENT_TRANSFER || kind == DAWR_EVENT_RATE ||
                   kind == DAWR_EVENT_DONE || kind == DAWR_EVENT_RESUME;
    json_t *j = detailed ? json_loads(detail_json ? detail_json : "{}", 0, NULL) : NULL;
    dawr_report_detail d = {
        .day = json_string_value(json_object_get(j, "day")), .service = json_string_value(json_object_get(j, "service")),
        .channel = json_string_value(json_object_get(j, "channel")),
        .from_service = json_string_value(json_object_get(j, "from_service")),
        .to_service = json_string_value(json_object_get(j, "to_service")),
        .outcome = json_string_value(json_object_get(j, "outcome")), .state = json_string_value(json_object_get(j, "state")),
        .score = (int)json_integer_value(json_object_get(j, "score")),
    };
    char reasons[260] = "";
    size_t i, len = 0;
    json_t *tag;
    json_array_foreach(json_object_get(j, "reasons"), i, tag)
        if (json_is_string(tag) && len < sizeof reasons)
            len += (size_t)snprintf(reasons + len, sizeof reasons - len, "%s%s", len ? " " : "", json_string_value(tag));
    d.reasons = reasons;
    int r = dawr_report_feed_detail(f, ticket, at, kind, counter, &d);
    json_decref(j);
    return r;
}

int dawr_report_feed_help(dawr_report_feed *f, dawr_ms at, int answered, double seconds)
{
    count_help(&f->b, at, answered, seconds);
    return f->b.oom ? -1 : 0;
}

int dawr_report_feed_pause(dawr_report_feed *f, const char *day, const char *from, const char *to, dawr_ms early_end)
{
    add_pause(&f->b, day, from, to, early_end);
    return f->b.oom ? -1 : 0;
}

int dawr_report_feed_refused(dawr_report_feed *f, dawr_ms at, const char *service, const char *channel)
{
    count_refused(&f->b, at, service, channel);
    return f->b.oom ? -1 : 0;
}

int dawr_report_feed_application(dawr_report_feed *f, dawr_ms at, dawr_event_kind kind,
                                 const dawr_report_app_detail *detail)
{
    static const dawr_report_app_detail none = { 0 };
    count_application(&f->b, at, kind, detail ? detail : &none);
    return f->b.oom ? -1 : 0;
}

/* FROM's values after INTO's. */
static void values_add(builder *b, values *into, const values *from)
{
    into->zeros += from->zeros;
    if (!from->n) return;
    if (into->n + from->n > into->cap) {
        double *nv = realloc(into->v, (into->n + from->n) * sizeof *nv);
        if (!nv) { b->oom = 1; return; }
        into->v = nv;
        into->cap = into->n + from->n;
    }
    memcpy(into->v + into->n, from->v, from->n * sizeof *into->v);
    into->n += from->n;
}

/* FROM's counts added to INTO's (the statistics are made from the values, at the end). */
static void figures_add(dawr_report_figures *into, const dawr_report_figures *from)
{
    into->tickets += from->tickets;
    into->served += from->served;
    into->noshow += from->noshow;
    into->transfers += from->transfers;
    into->cancelled += from->cancelled;
    into->open += from->open;
    into->refused_closed += from->refused_closed;
    into->ratings += from->ratings;
    for (int i = 0; i < 5; i++) into->faces[i] += from->faces[i];
    into->low_ratings += from->low_ratings;
    for (int i = 0; i < DAWR_MAX_REASONS; i++) into->low_reasons[i] += from->low_reasons[i];
    into->help_calls += from->help_calls;
    into->help_answered += from->help_answered;
    into->set_asides += from->set_asides;
    for (int i = 0; i < DAWR_MAX_OUTCOMES; i++) into->outcomes[i] += from->outcomes[i];
}

static void acc_add(builder *b, acc *into, const acc *from)
{
    figures_add(into->f, from->f);
    values_add(b, &into->wait, &from->wait);
    values_add(b, &into->wait_paused, &from->wait_paused);
    values_add(b, &into->service, &from->service);
    values_add(b, &into->aside, &from->aside);
    values_add(b, &into->help, &from->help);
    into->score_sum += from->score_sum;
}

int dawr_report_feed_add(dawr_report_feed *f, dawr_report_feed *from)
{
    feed_end_ticket(from);
    builder *b = &f->b;
    const builder *o = &from->b;
    const dawr_report *r = o->r;
    acc_add(b, &b->total, &o->total);
    /* Reasons and counters by their keys; periods, hours and channels are the same lists. */
    for (int i = 0; i < r->reason_count; i++) {
        int gi = group_index(b, 0, r->reasons[i].key);
        if (gi >= 0) acc_add(b, &b->reasons[gi], &o->reasons[i]);
    }
    for (int i = 0; i < r->counter_count; i++) {
        int gi = group_index(b, 1, r->counters[i].key);
        if (gi >= 0) acc_add(b, &b->counters[gi], &o->counters[i]);
    }
    for (int i = 0; i < r->period_count && i < b->r->period_count; i++) acc_add(b, &b->periods[i], &o->periods[i]);
    for (int h = 0; h < 24; h++) acc_add(b, &b->hours[h], &o->hours[h]);
    for (int c = 0; c < DAWR_CHANNEL_COUNT; c++) acc_add(b, &b->channels[c], &o->channels[c]);
    /* Applications: FROM's as they stand at its horizon, and its messages. */
    app_tally(b, o);
    dawr_report_applications *fa = &b->r->applications;
    const dawr_report_applications *oa = &r->applications;
    fa->notifications += oa->notifications;
    for (int i = 0; i < 3; i++) fa->notified[i] += oa->notified[i];
    return b->oom ? -1 : 0;
}

int dawr_report_feed_finish(dawr_report_feed *f, dawr_report **out, char *err, size_t err_size)
{
    *out = NULL;
    feed_end_ticket(f);
    int r = builder_finish(&f->b, 1, out, err, err_size);
    free(f);
    return r;
}

void dawr_report_free(dawr_report *r)
{
    if (!r) return;
    free(r->reasons);
    free(r->counters);
    free(r->periods);
    free(r);
}

/* ---- output ---- */

static json_t *number_or_null(double x, double unit)
{
    return isnan(x) ? json_null() : json_real(round(x / unit) * unit);
}

static json_t *stat_json(const dawr_report_stat *s)
{
    return json_pack("{s:i, s:o, s:o, s:o}", "count", s->count, "mean", number_or_null(s->mean, 0.01), "median",
                     number_or_null(s->median, 0.01), "p90", number_or_null(s->p90, 0.01));
}

json_t *dawr_report_figures_json(const dawr_report *r, const dawr_report_figures *f)
{
    json_t *faces = json_array(), *low = json_object();
    for (int i = 0; i < 5; i++) json_array_append_new(faces, json_integer(f->faces[i]));
    const dawr_settings *s = dawr_config_settings(r->cfg);
    for (int i = 0; i < s->rating_reason_count; i++)
        json_object_set_new(low, s->rating_reasons[i], json_integer(f->low_reasons[i]));
    json_t *ratings = json_pack("{s:i, s:o, s:o, s:o, s:o, s:i, s:o}", "count", f->ratings, "mean",
                                number_or_null(f->rating_mean, 0.01), "faces", faces, "satisfied",
                                number_or_null(f->satisfied, 0.0001), "response_rate",
                                number_or_null(f->response_rate, 0.0001), "low", f->low_ratings, "low_reasons", low);
    json_t *outcomes = json_object();
    for (int i = 0; i < dawr_config_outcome_count(r->cfg); i++)
        json_object_set_new(outcomes, dawr_config_outcome(r->cfg, i)->id, json_integer(f->outcomes[i]));
    return json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:i, s:o, s:o, s:i}", "tickets", f->tickets,
                     "served", f->served, "noshow", f->noshow, "transfers", f->transfers, "cancelled", f->cancelled,
                     "open", f->open, "wait_minutes", stat_json(&f->wait), "wait_paused_minutes",
                     stat_json(&f->wait_paused), "service_minutes", stat_json(&f->service), "ratings", ratings,
                     "set_asides", f->set_asides, "aside_minutes", stat_json(&f->aside), "outcomes", outcomes,
                     "refused_closed", f->refused_closed);
}

static json_t *groups_json(const dawr_report *r, const dawr_report_group *g, int n, int named, int ranged)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s}", "key", g[i].key);
        if (named) {
            json_object_set_new(o, "name_ar", json_string(g[i].name_ar));
            json_object_set_new(o, "name_en", json_string(g[i].name_en));
        }
        if (ranged) {
            json_object_set_new(o, "from", json_string(g[i].from));
            json_object_set_new(o, "to", json_string(g[i].to));
        }
        json_t *figures = dawr_report_figures_json(r, &g[i].f);
        json_object_update(o, figures);
        json_decref(figures);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *help_json(const dawr_report_figures *f)
{
    return json_pack("{s:i, s:i, s:o, s:o}", "calls", f->help_calls, "answered", f->help_answered, "answer_seconds",
                     stat_json(&f->help_answer), "longest_seconds", number_or_null(f->help_longest, 0.01));
}

/* The message kinds counted, in dawr_report_applications.notified's order. */
static const char *const MESSAGES[3] = { "decision", "documents", "reminder" };

static json_t *applications_json(const dawr_report *r)
{
    const dawr_report_applications *a = &r->applications;
    const dawr_applications_settings *s = dawr_config_applications(r->cfg);
    json_t *steps = json_object(), *sent = json_pack("{s:i}", "total", a->notifications);
    for (int i = 0; i < s->step_count && i < DAWR_MAX_STEPS; i++) json_object_set_new(steps, s->steps[i].id, json_integer(a->by_step[i]));
    for (int i = 0; i < 3; i++) json_object_set_new(sent, MESSAGES[i], json_integer(a->notified[i]));
    return json_pack("{s:i, s:o, s:i, s:o, s:o, s:o, s:i, s:i, s:{s:i, s:i, s:i, s:i, s:i, s:i, s:i}, s:o}", "opened",
                     a->opened, "by_step", steps, "decided", a->decided, "decision_days", stat_json(&a->decision_days),
                     "share_after_minimum", number_or_null(a->share_after_minimum, 0.0001), "share_within_target",
                     number_or_null(a->share_within_target, 0.0001), "target_days", s->answer_target_days, "overdue",
                     a->overdue, "appointments", "booked", a->booked, "kept", a->kept, "late", a->late, "missed",
                     a->missed, "coming", a->coming, "cancelled", a->cancelled, "late_minutes",
                     s->appointment_late_minutes, "notifications", sent);
}

json_t *dawr_report_json(const dawr_report *r)
{
    json_t *hours = json_array();
    for (int h = 0; h < 24; h++) {
        if (!r->hours[h].f.tickets) continue;
        json_t *o = json_pack("{s:i}", "hour", h);
        json_t *figures = dawr_report_figures_json(r, &r->hours[h].f);
        json_object_update(o, figures);
        json_decref(figures);
        json_array_append_new(hours, o);
    }
    json_t *total = dawr_report_figures_json(r, &r->total), *periods = groups_json(r, r->periods, r->period_count, 0, 1);
    json_object_set_new(total, "help", help_json(&r->total));
    for (int i = 0; i < r->period_count; i++)
        json_object_set_new(json_array_get(periods, (size_t)i), "help", help_json(&r->periods[i].f));
    return json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "from", r->from, "to", r->to, "by",
                     dawr_report_by_name(r->by), "days", r->days, "total", total,
                     "reasons", groups_json(r, r->reasons, r->reason_count, 1, 0), "counters",
                     groups_json(r, r->counters, r->counter_count, 1, 0), "periods", periods, "hours", hours,
                     "channels", groups_json(r, r->channels, DAWR_CHANNEL_COUNT, 0, 0), "applications",
                     applications_json(r));
}

static void csv_number(FILE *out, double x, const char *fmt)
{
    fputc(',', out);
    if (!isnan(x)) fprintf(out, fmt, x);
}

/* A field in double quotes when it holds a comma, quote or line break. */
static void csv_text(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) { fputs(s, out); return; }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"') fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void csv_row(FILE *out, const dawr_report *r, const char *group, const dawr_report_group *g,
                    const dawr_report_figures *f)
{
    fprintf(out, "%s,", group);
    csv_text(out, g ? g->key : "");
    fputc(',', out);
    csv_text(out, g && g->name_en ? g->name_en : "");
    fprintf(out, ",%s,%s,%d,%d,%d,%d,%d,%d,%d", g ? g->from : r->from, g ? g->to : r->to, f->tickets, f->served,
            f->noshow, f->transfers, f->cancelled, f->open, f->refused_closed);
    const dawr_report_stat *stats[2] = { &f->wait, &f->service };
    for (int i = 0; i < 2; i++) {
        fprintf(out, ",%d", stats[i]->count);
        csv_number(out, stats[i]->mean, "%.2f");
        csv_number(out, stats[i]->median, "%.2f");
        csv_number(out, stats[i]->p90, "%.2f");
        if (i) continue;
        /* Beside the waiting, its part in prayer pauses (the same tickets). */
        csv_number(out, f->wait_paused.mean, "%.2f");
        csv_number(out, f->wait_paused.median, "%.2f");
        csv_number(out, f->wait_paused.p90, "%.2f");
    }
    fprintf(out, ",%d", f->ratings);
    csv_number(out, f->rating_mean, "%.2f");
    for (int i = 0; i < 5; i++) fprintf(out, ",%d", f->faces[i]);
    csv_number(out, f->satisfied, "%.4f");
    csv_number(out, f->response_rate, "%.4f");
    fprintf(out, ",%d", f->low_ratings);
    const dawr_settings *s = dawr_config_settings(r->cfg);
    for (int i = 0; i < s->rating_reason_count; i++) fprintf(out, ",%d", f->low_reasons[i]);
    fprintf(out, ",%d,%d", f->set_asides, f->aside.count);
    csv_number(out, f->aside.mean, "%.2f");
    csv_number(out, f->aside.median, "%.2f");
    csv_number(out, f->aside.p90, "%.2f");
    for (int i = 0; i < dawr_config_outcome_count(r->cfg); i++) fprintf(out, ",%d", f->outcomes[i]);
    /* Help calls are counted by day: only the total and the periods have them. */
    if (!strcmp(group, "total") || !strcmp(group, "period")) {
        fprintf(out, ",%d,%d", f->help_calls, f->help_answered);
        csv_number(out, f->help_answer.median, "%.2f");
        csv_number(out, f->help_longest, "%.2f");
    } else fputs(",,,,", out);
    fputs(",\n", out);                               /* value: the applications' rows only */
}

/* One applications' row: its figure's name in key, the groups' columns empty (COLUMNS of them
 * between to and value), the number in value (empty when undefined). */
static void csv_app_row(FILE *out, const dawr_report *r, int columns, const char *key, const char *name, double value,
                        const char *fmt)
{
    fputs("applications,", out);
    csv_text(out, key);
    fputc(',', out);
    csv_text(out, name ? name : "");
    fprintf(out, ",%s,%s", r->from, r->to);
    for (int i = 0; i < columns; i++) fputc(',', out);
    csv_number(out, value, fmt);
    fputc('\n', out);
}

static void csv_applications(FILE *out, const dawr_report *r, int columns)
{
    const dawr_report_applications *a = &r->applications;
    const dawr_applications_settings *s = dawr_config_applications(r->cfg);
    char key[80];
    csv_app_row(out, r, columns, "opened", NULL, a->opened, "%.0f");
    for (int i = 0; i < s->step_count && i < DAWR_MAX_STEPS; i++) {
        snprintf(key, sizeof key, "step_%s", s->steps[i].id);
        csv_app_row(out, r, columns, key, s->steps[i].name_en, a->by_step[i], "%.0f");
    }
    const struct { const char *key; double value; const char *fmt; } rows[] = {
        { "decided", a->decided, "%.0f" }, { "decision_days_mean", a->decision_days.mean, "%.2f" },
        { "decision_days_median", a->decision_days.median, "%.2f" }, { "decision_days_p90", a->decision_days.p90, "%.2f" },
        { "share_after_minimum", a->share_after_minimum, "%.4f" }, { "share_within_target", a->share_within_target, "%.4f" },
        { "target_days", s->answer_target_days, "%.0f" }, { "overdue", a->overdue, "%.0f" },
        { "appointments_booked", a->booked, "%.0f" }, { "appointments_kept", a->kept, "%.0f" },
        { "appointments_late", a->late, "%.0f" }, { "appointments_missed", a->missed, "%.0f" },
        { "appointments_coming", a->coming, "%.0f" }, { "appointments_cancelled", a->cancelled, "%.0f" },
        { "notifications", a->notifications, "%.0f" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) csv_app_row(out, r, columns, rows[i].key, NULL, rows[i].value, rows[i].fmt);
    for (int i = 0; i < 3; i++) {
        snprintf(key, sizeof key, "notifications_%s", MESSAGES[i]);
        csv_app_row(out, r, columns, key, NULL, a->notified[i], "%.0f");
    }
}

int dawr_report_write_csv(const dawr_report *r, FILE *out)
{
    /* The header into memory first: its columns are counted for the applications' rows. */
    char *head = NULL;
    size_t head_size = 0;
    FILE *h = open_memstream(&head, &head_size);
    if (!h) return -1;
    fputs("group,key,name,from,to,tickets,served,noshow,transfers,cancelled,open,refused_closed,"
          "wait_count,wait_mean_min,wait_median_min,wait_p90_min,wait_paused_mean_min,wait_paused_median_min,"
          "wait_paused_p90_min,"
          "service_count,service_mean_min,service_median_min,service_p90_min,"
          "ratings,rating_mean,face_1,face_2,face_3,face_4,face_5,satisfied,response_rate,low_ratings", h);
    const dawr_settings *s = dawr_config_settings(r->cfg);
    for (int i = 0; i < s->rating_reason_count; i++) fprintf(h, ",low_%s", s->rating_reasons[i]);
    fputs(",set_asides,aside_count,aside_mean_min,aside_median_min,aside_p90_min", h);
    for (int i = 0; i < dawr_config_outcome_count(r->cfg); i++) fprintf(h, ",outcome_%s", dawr_config_outcome(r->cfg, i)->id);
    fputs(",help_calls,help_answered,help_median_seconds,help_longest_seconds,value\n", h);
    if (fclose(h) != 0 || !head) { free(head); return -1; }
    int columns = -5;                                 /* fields between "to" and "value" */
    for (const char *p = head; *p; p++) columns += *p == ',';
    fputs(head, out);
    free(head);
    csv_row(out, r, "total", NULL, &r->total);
    for (int i = 0; i < r->reason_count; i++) csv_row(out, r, "reason", &r->reasons[i], &r->reasons[i].f);
    for (int i = 0; i < r->counter_count; i++) csv_row(out, r, "counter", &r->counters[i], &r->counters[i].f);
    for (int i = 0; i < r->period_count; i++) csv_row(out, r, "period", &r->periods[i], &r->periods[i].f);
    for (int h = 0; h < 24; h++)
        if (r->hours[h].f.tickets) csv_row(out, r, "hour", &r->hours[h], &r->hours[h].f);
    for (int c = 0; c < DAWR_CHANNEL_COUNT; c++) csv_row(out, r, "channel", &r->channels[c], &r->channels[c].f);
    csv_applications(out, r, columns);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
