/* Reports: waiting, service, no-shows, referrals and satisfaction over a range of service
 * days, per visit reason, per counter, per period and per hour of the day, computed from the
 * store's tickets, events and ratings. The definitions are in docs/reports.md; in short:
 *  - a ticket belongs to the range by its service day (tickets.day), to its visit reason by
 *    the service it was issued for (the first transfer's from_service, else tickets.service),
 *    to an hour by its local issue time;
 *  - waiting = issue → its first 'call' event (the ticket row loses first_called_at on a
 *    transfer); tickets never called have no waiting time;
 *  - service = 'serve' → the 'done' or 'transfer' that ends it at that counter (the call when
 *    finished without 'serve'); a served ticket's service time is the sum of its segments;
 *  - set aside: 'aside' → 'resume' (or the day's end) is neither waiting nor service;
 *  - statistics in minutes: mean, median (mean of the two middle values when even), 90th
 *    percentile by nearest rank (the ⌈0.9·n⌉-th smallest); undefined (NAN, JSON null, CSV
 *    empty) when there are no values; shares and rates likewise when their divisor is 0;
 *  - help calls belong to the range and a period by the local day of the call; the time to
 *    answer is the call → its 'help_ack' in seconds (unanswered calls have none);
 *  - opening hours: of each waiting time, the part spent in prayer pauses (from the log's
 *    'pause_start' and an early 'pause_end'); 'refused' attempts (closed) by their local day;
 *  - applications (issue 16, the total only), from their events up to the horizon H, the
 *    earlier of now (dawr_clock_now, DAWR_NOW in tests) and the end of the range's last day:
 *    those opened in the range (app_open's local day) and the step each is at at H (every
 *    configured step listed); decided = their first app_step into a decision step at or before
 *    H; decision_days the statistic of decision - opening in days; the shares of the decided
 *    answered on or after app_open's answer_not_before, and by the local day opened +
 *    answer_target_days; overdue = of every application opened by H, neither closed nor decided
 *    at H and answer_not_before before H's local day (as engine/application.c); appointments
 *    (app_book followed through app_move) whose time falls in the range: cancelled (app_cancel),
 *    kept (app_checkin minutes <= appointment_late_minutes), late (more), missed (no check-in,
 *    its day over by H), coming; app_notify messages by their local day.
 * Plain values; dawr_report_free() frees one. */
#ifndef DAWR_REPORT_H
#define DAWR_REPORT_H

#include "config.h"
#include "queue.h"

#include <jansson.h>
#include <stdio.h>

typedef enum { DAWR_REPORT_BY_DAY, DAWR_REPORT_BY_WEEK, DAWR_REPORT_BY_MONTH } dawr_report_by;

/* A statistic of durations in minutes; mean/median/p90 are NAN when count is 0. */
typedef struct {
    int count;
    double mean, median, p90;
} dawr_report_stat;

typedef struct {
    int tickets;          /* issued (per counter: tickets called there at least once) */
    int served;           /* finished 'done' (per counter: finished there) */
    int noshow;           /* ended as no-show (per counter: marked there) */
    int transfers;        /* referrals: transfer events (per counter: made there) */
    int cancelled;        /* cancelled or expired at the end of their day */
    int open;             /* still waiting, called or being served when the report was made */
    dawr_report_stat wait, service;
    dawr_report_stat wait_paused; /* of each waiting time above, the minutes in prayer pauses */
    int refused_closed;   /* tickets asked for while closed, refused (none made); not per counter or hour */
    int ratings;          /* ratings of these tickets (per counter: of visits finished there) */
    int faces[5];         /* ratings with score 1..5 */
    double rating_mean;   /* NAN when no rating */
    double satisfied;     /* share of ratings scoring 4 or 5; NAN when no rating */
    double response_rate; /* ratings ÷ served; NAN when none served */
    int low_ratings;      /* scores 1 and 2 */
    int low_reasons[DAWR_MAX_REASONS]; /* low ratings giving each configured rating reason */
    /* Visitors' help calls (the total and the periods only), by the local day of the call: */
    int help_calls;       /* calls made ("I need help") */
    int help_answered;    /* of them, answered by a counter's "I'm coming" */
    dawr_report_stat help_answer; /* seconds from a call to its answer */
    double help_longest;  /* the longest of them, seconds; NAN when none was answered */
    int set_asides;       /* times set aside (per counter: set aside there) */
    dawr_report_stat aside; /* per ticket set aside and no longer aside: its whole time aside */
    int outcomes[DAWR_MAX_OUTCOMES]; /* visits finished with each configured outcome (per counter: finished there) */
} dawr_report_figures;

typedef struct {
    char key[40];         /* service id, counter id, period ("2026-11-25", "2026-11-22" for the
                           * week starting that Sunday, "2026-11"), or hour "08" */
    char from[11], to[11]; /* days covered (periods: clipped to the range) */
    const char *name_ar, *name_en; /* owned by the configuration, or the key when unknown */
    dawr_report_figures f;
} dawr_report_group;

/* Applications and their appointments (definitions above; the total only). */
typedef struct {
    int opened;                        /* opened in the range */
    int by_step[DAWR_MAX_STEPS];       /* of them, at each configured step at H (config order) */
    int decided;                       /* of them, decided at or before H */
    dawr_report_stat decision_days;    /* days from opening to the decision */
    double share_after_minimum;        /* decided on or after answer_not_before; NAN when none decided */
    double share_within_target;        /* decided within answer_target_days; NAN when none decided */
    int overdue;                       /* at H, of all opened by then */
    int booked, kept, late, missed, coming; /* appointments in the range, not cancelled: booked = the rest's sum */
    int cancelled;                     /* appointments in the range cancelled by H */
    int notifications;                 /* app_notify in the range */
    int notified[3];                   /* of them, decision, documents, reminder (family.h's order) */
} dawr_report_applications;

typedef struct {
    char from[11], to[11];
    dawr_report_by by;
    int days;
    const dawr_config *cfg;           /* the configuration it was made with (not owned) */
    dawr_report_figures total;
    dawr_report_group *reasons, *counters, *periods;
    int reason_count, counter_count, period_count;
    dawr_report_group channels[DAWR_CHANNEL_COUNT]; /* by how the visit came, every channel listed */
    dawr_report_group hours[24];      /* by local hour of issue */
    dawr_report_applications applications;
} dawr_report;

/* Parses "day", "week" or "month". Returns 0, or -1. */
int dawr_report_by_parse(const char *s, dawr_report_by *out);
const char *dawr_report_by_name(dawr_report_by by);
/* The grouping used when none is asked: days up to 31 days, weeks up to 92, else months. */
dawr_report_by dawr_report_by_default(const char *from, const char *to);

/* Computes the report for service days FROM..TO (inclusive, "YYYY-MM-DD") on the queue's store,
 * with the queue's configuration, in one read transaction. Returns DAWR_OK with a new report in
 * *OUT (free with dawr_report_free), or with *OUT NULL and the reason in ERR: DAWR_REFUSED for
 * bad dates, FROM after TO or more than ten years, DAWR_STORE_FAILED when the database failed
 * or memory ran out. Hours use the process's local zone (dawr_clock_use_timezone). */
int dawr_report_compute(dawr_queue *q, const char *from, const char *to, dawr_report_by by, dawr_report **out,
                        char *err, size_t err_size);
void dawr_report_free(dawr_report *r);

/* The same report made from the log alone, as dawr-sync sends it (engine/branch.h): the
 * association's centre feeds its events here, so a branch's central figures are computed by
 * this very code. The events about no ticket first (below), then the tickets: each ticket's
 * events come together, in log order, its issue event first;
 * TICKET is any number that differs from the previous ticket's (tickets issued outside the
 * range are skipped by the day their issue event carries). */
typedef struct dawr_report_feed dawr_report_feed;

/* NULL with the reason in ERR for a bad range (as dawr_report_compute) or no memory. */
dawr_report_feed *dawr_report_feed_new(const dawr_config *cfg, const char *from, const char *to, dawr_report_by by,
                                       char *err, size_t err_size);
/* KIND is the event kind's name, DETAIL its JSON object (an application's event goes to
 * dawr_report_feed_application). Returns 0, or -1 when memory ran out. */
int dawr_report_feed_event(dawr_report_feed *feed, long long ticket, dawr_ms at, const char *kind,
                           const char *counter, const char *detail);

/* What an event's detail says that the figures read, already taken out of its JSON (the
 * centre keeps it so, sync/central.h); NULL or "" where it says nothing. */
typedef struct {
    const char *day, *service, *channel;   /* issue */
    const char *from_service, *to_service; /* transfer */
    const char *outcome;                   /* done */
    int score;                             /* rate: 1..5, anything else no rating */
    const char *reasons;                   /* rate: its reasons' tags separated by spaces */
    const char *state;                     /* resume: the state it went back to */
} dawr_report_detail;

/* dawr_report_feed_event with the kind parsed and the detail taken out (NULL: it says nothing). */
int dawr_report_feed_detail(dawr_report_feed *feed, long long ticket, dawr_ms at, dawr_event_kind kind,
                            const char *counter, const dawr_report_detail *detail);
/* Events about no ticket, fed before the tickets (each returns 0, or -1 when memory ran out):
 * a help call made AT, answered after SECONDS when ANSWERED (its first 'help_ack'); */
int dawr_report_feed_help(dawr_report_feed *feed, dawr_ms at, int answered, double seconds);
/* a prayer pause: its 'pause_start' (local DAY, FROM and TO "HH:MM"), cut short at EARLY_END, the
 * first 'pause_end' marked early of that day and prayer (0: none); the pauses in time order; */
int dawr_report_feed_pause(dawr_report_feed *feed, const char *day, const char *from, const char *to,
                           dawr_ms early_end);
/* a 'refused' attempt whose reason is 'closed', for SERVICE by CHANNEL. */
int dawr_report_feed_refused(dawr_report_feed *feed, dawr_ms at, const char *service, const char *channel);

/* What an application's event says that the figures read (NULL where it says nothing). */
typedef struct {
    const char *application;           /* every kind: its reference */
    const char *step;                  /* app_open, app_step */
    const char *answer_not_before;     /* app_open: "YYYY-MM-DD" */
    const char *at;                    /* app_book, app_move, app_cancel, app_checkin: local "YYYY-MM-DD HH:MM" */
    const char *from;                  /* app_move: the time it had */
    int minutes;                       /* app_checkin: arrival minus the appointment */
    const char *message;               /* app_notify: decision, documents or reminder */
} dawr_report_app_detail;
/* An application's event (app_open, app_step, app_book, app_move, app_cancel, app_checkin,
 * app_notify; other kinds are ignored) made AT, all of them in log order, before the tickets. */
int dawr_report_feed_application(dawr_report_feed *feed, dawr_ms at, dawr_event_kind kind,
                                 const dawr_report_app_detail *detail);
/* Adds to FEED all that FROM was fed, as if fed to FEED but with FROM's pauses (the association's
 * report is its branches' added, each branch's waits set against its own pauses): the counts
 * summed, the values the statistics are made from joined. FEED and FROM cover the same range by
 * the same periods; FROM is still to be finished. Returns 0, or -1 when memory ran out. A count
 * added to dawr_report_figures is to be added in figures_add (engine/report.c) too. */
int dawr_report_feed_add(dawr_report_feed *feed, dawr_report_feed *from);
/* Frees FEED. Returns DAWR_OK with the report in *OUT, or DAWR_STORE_FAILED (no memory). */
int dawr_report_feed_finish(dawr_report_feed *feed, dawr_report **out, char *err, size_t err_size);

/* The report as JSON (minutes rounded to 0.01, shares to 0.0001, undefined as null).
 * Returns a new reference. */
json_t *dawr_report_json(const dawr_report *r);
json_t *dawr_report_figures_json(const dawr_report *r, const dawr_report_figures *f);

/* The report as CSV, one row per group (total, reason, counter, period, hour, channel) with a
 * header line, then a row per applications' figure (group "applications", its name in key, its
 * number in the last column, value, empty on the other rows); undefined values are empty
 * fields. Returns 0, or -1 when writing failed. */
int dawr_report_write_csv(const dawr_report *r, FILE *out);

#endif
