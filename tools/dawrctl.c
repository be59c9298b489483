/* dawrctl: Dawr's scriptable interface. Every subcommand takes --json; errors go to stderr
 * with a non-zero exit and change nothing. Exit: 0 done, 1 refused or not found,
 * 2 bad usage or configuration, 3 the database failed. */
#include "app.h"
#include "application.h"
#include "appointment.h"
#include "family.h"
#include "text_message.h"
#include "branch.h"
#include "central_report.h"
#include "clock.h"
#include "hours.h"
#include "queue.h"
#include "slips.h"
#include "staff.h"
#include "report.h"
#include "report_pdf.h"
#include "text_date.h"
#include "text_i18n.h"
#include "text_number.h"
#include "text_template.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_REASONS 8

#define MAX_NEEDS 8

typedef struct {
    int json, priority, csv, central;
    const char *ticket, *note, *since, *limit, *output;
    const char *channel, *handled_at, *outcome, *expect;
    const char *needs[MAX_NEEDS];
    int need_count;
    const char *from, *to, *by, *pdf, *lang, *date, *call;
    const char *status, *consent, *counter;
    int overdue;
    const char *reasons[MAX_REASONS];
    int reason_count;
    const char *args[4];
    int arg_count;
} options;

typedef struct {
    const char *name, *usage;
    int args;                           /* positional arguments it needs */
    int (*run)(dawr_queue *q, dawr_app *app, options *o);
    int no_database;                    /* runs on the configuration alone (Q is NULL) */
} command;

static const char *program = "dawrctl";
static const command COMMANDS[];
/* The language of the human output: the user's ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG). */
static dawr_lang ui;

/* Says why the command line is refused: "dawrctl: " and FORMAT (a translation) with ARG. */
static int refuse(const char *format, const char *arg)
{
    fprintf(stderr, "%s: ", program);
    fprintf(stderr, format, arg);
    fputc('\n', stderr);
    return 2;
}

static json_t *ticket_json(const dawr_ticket *t)
{
    char issued[32] = "";
    dawr_clock_format(t->issued_at, issued, sizeof issued);
    json_t *j = json_pack("{s:I, s:s, s:s, s:i, s:s, s:s, s:b, s:s, s:s}", "id", (json_int_t)t->id,
                          "code", t->code, "service", t->service, "number", t->number, "prefix",
                          (char[]){ t->prefix, 0 }, "day", t->day, "priority", t->priority, "state",
                          dawr_state_name(t->state), "issued_at", issued);
    if (t->counter[0]) json_object_set_new(j, "counter", json_string(t->counter));
    if (t->state == DAWR_WAITING && t->people_ahead >= 0) {
        json_object_set_new(j, "people_ahead", json_integer(t->people_ahead));
        json_object_set_new(j, "wait_minutes", json_integer(t->wait_minutes));
    }
    if (t->recalls) json_object_set_new(j, "recalls", json_integer(t->recalls));
    json_t *needs = json_array();
    for (int i = 0; i < DAWR_NEED_COUNT; i++)
        if (t->needs & (1u << i)) json_array_append_new(needs, json_string(dawr_need_tag((dawr_need)i)));
    json_object_set_new(j, "needs", needs);
    json_object_set_new(j, "channel", json_string(dawr_channel_tag(t->channel)));
    if (t->outcome[0]) json_object_set_new(j, "outcome", json_string(t->outcome));
    if (t->state == DAWR_ASIDE) {
        char at[32] = "";
        dawr_clock_format(t->aside_at, at, sizeof at);
        json_object_set_new(j, "aside_at", json_string(at));
    }
    return j;
}

static void print_json(json_t *j)
{
    json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
    json_decref(j);
}

/* A state in words (dawr_state_name gives its code). */
static const char *state_word(dawr_state state)
{
    static const char *const WORDS[] = {
        [DAWR_WAITING] = NC_("ticket state", "waiting"), [DAWR_CALLED] = NC_("ticket state", "called"),
        [DAWR_SERVING] = NC_("ticket state", "being served"), [DAWR_DONE] = NC_("ticket state", "finished"),
        [DAWR_NOSHOW] = NC_("ticket state", "did not come"), [DAWR_CANCELLED] = NC_("ticket state", "cancelled"),
    };
    return (unsigned)state < sizeof WORDS / sizeof WORDS[0] ? dawr_trc(ui, "ticket state", WORDS[state]) : "";
}

/* Reports an operation's result: the ticket on success (VERB, a msgid with %s for its code and
 * one for its state), the reason on failure. */
static int report(dawr_queue *q, options *o, int result, const dawr_ticket *t, const char *verb)
{
    if (result != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, dawr_queue_error(q));
        return result == DAWR_STORE_FAILED ? 3 : 1;
    }
    if (o->json) { print_json(ticket_json(t)); return 0; }
    printf(dawr_tr(ui, verb), t->code, state_word(t->state));
    if (t->counter[0] && t->state != DAWR_WAITING) printf(" %s", dawr_tr(ui, "at counter"));
    if (t->counter[0] && t->state != DAWR_WAITING) printf(" %s", t->counter);
    printf("\n");
    return 0;
}

static int cmd_init(dawr_queue *q, dawr_app *app, options *o)
{
    (void)q;
    if (o->json) print_json(json_pack("{s:s, s:b}", "database", app->db_path, "ready", 1));
    else printf(dawr_tr(ui, "%s is ready\n"), app->db_path);
    return 0;
}

static int cmd_issue(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    dawr_ticket t;
    dawr_issue_request req = { .service = o->args[0], .priority = o->priority, .handled_at = o->handled_at,
                               .outcome = o->outcome };
    for (int i = 0; i < o->need_count; i++) {
        unsigned bits;
        char bad[64];
        if (dawr_needs_parse(o->needs[i], &bits, bad, sizeof bad) < 0) {
            fprintf(stderr, "%s: ", program);
            fprintf(stderr, dawr_tr(ui, "unknown need \"%s\" (one of wheelchair cannot_stand frail unwell "
                                        "hard_of_hearing companion cannot_read)\n"), bad);
            return 1;
        }
        req.needs |= bits;
    }
    if (o->channel && dawr_channel_parse(o->channel, &req.channel) < 0) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "unknown channel \"%s\" (one of kiosk desk phone whatsapp letter branch home_visit)\n"),
                o->channel);
        return 1;
    }
    if (!o->channel && o->handled_at) req.channel = DAWR_CHANNEL_DESK;
    int r = dawr_queue_issue_request(q, &req, &t);
    if (r == DAWR_OK && !o->json && t.state == DAWR_DONE) {
        printf(dawr_tr(ui, "%s recorded as handled at once at counter %s\n"), t.code, t.counter);
        return 0;
    }
    if (r == DAWR_OK && !o->json) {       /* only a ticket just issued knows who is ahead of it */
        printf(t.priority ? dawr_tr(ui, "%s issued (priority, %d ahead, about %d min)\n")
                          : dawr_tr(ui, "%s issued (%d ahead, about %d min)\n"),
               t.code, t.people_ahead, t.wait_minutes);
        return 0;
    }
    return report(q, o, r, &t, N_("%s issued"));
}

static int cmd_call(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    dawr_ticket t;
    int r = o->ticket ? dawr_queue_call_ticket(q, o->args[0], o->ticket, &t) : dawr_queue_call_next(q, o->args[0], &t);
    return report(q, o, r, &t, N_("%s called"));
}

#define COUNTER_COMMAND(fn, call, verb) \
    static int fn(dawr_queue *q, dawr_app *app, options *o) \
    { (void)app; dawr_ticket t; return report(q, o, call(q, o->args[0], &t), &t, verb); }
COUNTER_COMMAND(cmd_recall, dawr_queue_recall, N_("%s called again"))
COUNTER_COMMAND(cmd_serve, dawr_queue_serve, N_("%s being served"))
COUNTER_COMMAND(cmd_noshow, dawr_queue_noshow, N_("%s marked as not come"))
COUNTER_COMMAND(cmd_cancel, dawr_queue_cancel, N_("%s cancelled"))
COUNTER_COMMAND(cmd_show, dawr_queue_find, N_("%s is %s"))

static int cmd_done(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    dawr_ticket t;
    return report(q, o, dawr_queue_done_outcome(q, o->args[0], o->outcome, o->expect, &t), &t, N_("%s finished"));
}

static int cmd_aside(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    dawr_ticket t;
    return report(q, o, dawr_queue_aside(q, o->args[0], o->expect, &t), &t, N_("%s set aside (keeps its number)"));
}

static int cmd_resume(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    dawr_ticket t;
    int r = dawr_queue_resume(q, o->args[0], o->args[1], &t);
    return report(q, o, r, &t, r == DAWR_OK && t.state == DAWR_SERVING ? N_("%s taken back, being served")
                                                                      : N_("%s taken back, called"));
}

static int cmd_transfer(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    dawr_ticket t;
    int r = dawr_queue_transfer(q, o->args[0], o->args[1], o->note, &t);
    if (r == DAWR_OK && !o->json) {
        printf(t.counter[0] ? dawr_tr(ui, "%s transferred to counter %s (keeps its number and place)\n")
                            : dawr_tr(ui, "%s transferred to %s (keeps its number and place)\n"),
               t.code, t.counter[0] ? t.counter : t.service);
        return 0;
    }
    return report(q, o, r, &t, "");
}

static json_t *help_call_json(const dawr_help_call *h)
{
    char at[32] = "";
    dawr_clock_format(h->at, at, sizeof at);
    return json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)h->id, "at", at, "source", h->source, "screen", h->screen);
}

/* A visitor's call for help at SOURCE, as the kiosk's button records it (scripts, tests). */
static int cmd_ask_help(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    dawr_help_call h;
    int again = 0;
    int r = dawr_queue_help(q, o->args[0], NULL, &h, &again);
    if (r != DAWR_OK) { fprintf(stderr, "%s: %s\n", program, dawr_queue_error(q)); return 3; }
    if (o->json) {
        json_t *j = help_call_json(&h);
        json_object_set_new(j, "again", json_boolean(again));
        print_json(j);
    } else printf(again ? dawr_tr(ui, "help call %lld is still open: no second call\n") : dawr_tr(ui, "help call %lld made\n"),
                  h.id);
    return 0;
}

/* "I'm coming": COUNTER answers the help call --call ID, or the oldest open one. */
static int cmd_help_ack(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    long long id = 0;
    if (o->call) {
        char *end;
        errno = 0;
        id = strtoll(o->call, &end, 10);
        if (!*o->call || *end || errno == ERANGE || id < 1) {
            fprintf(stderr, dawr_tr(ui, "%s: --call must be a help call's id (a whole number), not \"%s\"\n"), program, o->call);
            return 2;
        }
    }
    dawr_help_call h;
    int seconds;
    int r = dawr_queue_help_ack(q, o->args[0], id, &h, &seconds);
    if (r != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, dawr_queue_error(q));
        return r == DAWR_STORE_FAILED ? 3 : 1;
    }
    if (o->json) {
        json_t *j = help_call_json(&h);
        json_object_set_new(j, "counter", json_string(o->args[0]));
        json_object_set_new(j, "seconds", json_integer(seconds));
        print_json(j);
    } else printf(dawr_tr(ui, "counter %s is coming to help call %lld (answered after %d s)\n"), o->args[0], h.id, seconds);
    return 0;
}

/* COUNTER ends the prayer pause on now early: calls are made again. */
static int cmd_end_pause(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    int r = dawr_queue_end_pause(q, o->args[0]);
    if (r != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, dawr_queue_error(q));
        return r == DAWR_STORE_FAILED ? 3 : 1;
    }
    dawr_hours_now h;
    if ((r = dawr_queue_hours(q, &h)) != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, dawr_queue_error(q));
        return 3;
    }
    if (o->json) {
        json_t *j = dawr_hours_now_json(&h);
        json_object_set_new(j, "counter", json_string(o->args[0]));
        print_json(j);
    } else printf(dawr_tr(ui, "counter %s ended the prayer pause: calls are made again\n"), o->args[0]);
    return 0;
}

static int cmd_rate(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    char *end;
    long score = strtol(o->args[1], &end, 10);
    if (*end || end == o->args[1]) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "the score must be a number from 1 to 5, not \"%s\"\n"), o->args[1]);
        return 2;
    }
    if (score < 1 || score > 5) {       /* checked before it is narrowed: 4294967301 is not 5 */
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "a rating is a score from 1 to 5, not %s\n"), o->args[1]);
        return 1;
    }
    dawr_ticket t;
    int r = dawr_queue_rate(q, o->args[0], (int)score, o->reasons, o->reason_count, &t);
    if (r == DAWR_OK && o->json) {
        json_t *reasons = json_array();
        for (int i = 0; i < o->reason_count; i++) json_array_append_new(reasons, json_string(o->reasons[i]));
        print_json(json_pack("{s:s, s:I, s:i, s:o}", "code", t.code, "id", (json_int_t)t.id, "score", (int)score,
                             "reasons", reasons));
        return 0;
    }
    return report(q, o, r, &t, N_("%s rated, thank you"));
}

/* The calling rule in LANG, in words staff can read (README "The queue"). */
static const char *queue_rule(const dawr_config *cfg, dawr_lang lang, char *out, size_t size)
{
    if (dawr_tr_count(out, size, lang,
                      "The longest-waiting ticket is called first. Priority tickets (wheelchair, very frail) go before "
                      "others, but after every {n} priority call an ordinary ticket is called if one is waiting, so "
                      "nobody waits forever. A transferred ticket keeps its number and issue time, so it keeps its place.",
                      "The longest-waiting ticket is called first. Priority tickets (wheelchair, very frail) go before "
                      "others, but after every {n} priority calls an ordinary ticket is called if one is waiting, so "
                      "nobody waits forever. A transferred ticket keeps its number and issue time, so it keeps its place.",
                      dawr_config_settings(cfg)->priority_ratio) < 0)
        out[0] = 0;
    /* The appointments' rule beside it (docs/queue.md): near their time, fair to walk-ins. */
    char counted[768], lead[16];
    size_t used = strlen(out);
    dawr_number_format(DAWR_APPOINTMENT_LEAD_MINUTES, 0, lang, lead, sizeof lead);
    if (dawr_tr_count(counted, sizeof counted, lang,
                      "An appointment ticket waits like the others until {lead} minutes before its time; from then it "
                      "goes ahead of ordinary tickets (after priority ones), but after every {n} appointment call an "
                      "ordinary ticket waiting longer is called.",
                      "An appointment ticket waits like the others until {lead} minutes before its time; from then it "
                      "goes ahead of ordinary tickets (after priority ones), but after every {n} appointment calls an "
                      "ordinary ticket waiting longer is called.",
                      dawr_config_settings(cfg)->appointment_ratio) >= 0 && used + 1 < size) {
        out[used] = ' ';
        dawr_template_fill(out + used + 1, size - used - 1, counted, "lead", lead, NULL);
    }
    return out;
}

static int cmd_status(dawr_queue *q, dawr_app *app, options *o)
{
    dawr_status s;
    dawr_ticket set_aside[64];
    int r = dawr_queue_status(q, &s);
    int aside = r ? 0 : dawr_queue_set_aside(q, set_aside, 64);
    if (aside < 0) r = aside;
    if (r) return report(q, o, r, NULL, "");
    char rule[1024];
    if (o->json) {
        json_t *services = json_array(), *counters = json_array(), *calls = json_array();
        for (int i = 0; i < s.service_count; i++)
            json_array_append_new(services, json_pack("{s:s, s:s, s:i, s:i, s:i, s:f, s:i}", "id", s.services[i].service->id,
                "prefix", (char[]){ s.services[i].service->prefix, 0 }, "waiting", s.services[i].waiting,
                "waiting_priority", s.services[i].waiting_priority, "wait_minutes", s.services[i].wait_minutes,
                "median_service_minutes", s.services[i].median_service_minutes, "samples", s.services[i].samples));
        for (int i = 0; i < s.counter_count; i++) {
            json_t *c = json_pack("{s:s, s:b, s:i}", "id", s.counters[i].counter->id, "open", s.counters[i].open,
                                  "waiting", s.counters[i].waiting);
            json_object_set_new(c, "ticket", s.counters[i].has_ticket ? ticket_json(&s.counters[i].ticket) : json_null());
            json_array_append_new(counters, c);
        }
        for (int i = 0; i < s.recent_call_count; i++) json_array_append_new(calls, ticket_json(&s.recent_calls[i]));
        json_t *aside_list = json_array();
        for (int i = 0; i < aside; i++) json_array_append_new(aside_list, ticket_json(&set_aside[i]));
        print_json(json_pack("{s:s, s:i, s:i, s:i, s:I, s:o, s:o, s:o, s:o, s:s}", "day", s.day, "issued", s.issued_today,
                             "served", s.served_today, "noshow", s.noshow_today, "last_event_id",
                             (json_int_t)s.last_event_id, "services", services, "counters", counters,
                             "recent_calls", calls, "set_aside", aside_list, "rule",
                             queue_rule(app->config, DAWR_LANG_EN, rule, sizeof rule)));
        return 0;
    }
    printf(dawr_tr(ui, "Service day %s: %d issued, %d served, %d not come\n"), s.day, s.issued_today, s.served_today,
           s.noshow_today);
    printf("\n%-18s %-3s %8s %9s %10s\n", dawr_trc(ui, "status column", "service"), "",
           dawr_trc(ui, "status column", "waiting"), dawr_trc(ui, "status column", "priority"),
           dawr_trc(ui, "status column", "wait (min)"));
    for (int i = 0; i < s.service_count; i++)
        printf("%-18s %-3c %8d %9d %10d\n", s.services[i].service->id, s.services[i].service->prefix,
               s.services[i].waiting, s.services[i].waiting_priority, s.services[i].wait_minutes);
    printf("\n");
    for (int i = 0; i < s.counter_count; i++) {
        printf("%s %-4s %-6s ", dawr_trc(ui, "status", "counter"), s.counters[i].counter->id,
               s.counters[i].open ? dawr_trc(ui, "counter", "open") : dawr_trc(ui, "counter", "idle"));
        if (s.counters[i].has_ticket)
            printf("%s %s", state_word(s.counters[i].ticket.state), s.counters[i].ticket.code);
        else
            printf("%s", dawr_trc(ui, "counter", "free"));
        printf(dawr_tr(ui, " (%d could be called)\n"), s.counters[i].waiting);
    }
    for (int i = 0; i < aside; i++)
        printf(dawr_tr(ui, "%s set aside at counter %s: any counter of %s takes it back (dawrctl resume)\n"),
               set_aside[i].code, set_aside[i].counter, set_aside[i].service);
    /* The rule in both languages, the user's first. */
    printf("\n%s %s\n", dawr_tr(ui, "Rule:"), queue_rule(app->config, ui, rule, sizeof rule));
    dawr_lang other = ui == DAWR_LANG_AR ? DAWR_LANG_EN : DAWR_LANG_AR;
    printf("%s %s\n", dawr_tr(other, "Rule:"), queue_rule(app->config, other, rule, sizeof rule));
    return 0;
}

static int print_event(const dawr_event *ev, void *ctx)
{
    options *o = ctx;
    char at[32];
    dawr_clock_format(ev->at, at, sizeof at);
    if (o->json) {
        json_error_t jerr;
        json_t *detail = json_loads(ev->detail, 0, &jerr);
        json_t *j = json_pack("{s:I, s:s, s:s, s:o}", "id", (json_int_t)ev->id, "at", at, "kind", dawr_event_kind_name(ev->kind), "detail",
                              detail ? detail : json_object());
        if (ev->ticket) {
            json_object_set_new(j, "ticket", json_integer(ev->ticket));
            json_object_set_new(j, "code", json_string(ev->code));
        }
        if (ev->counter[0]) json_object_set_new(j, "counter", json_string(ev->counter));
        json_dumpf(j, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(j);
    } else {
        printf("%6lld %s %-8s %-6s %-3s %s\n", ev->id, at, dawr_event_kind_name(ev->kind), ev->code[0] ? ev->code : "-",
               ev->counter[0] ? ev->counter : "-", ev->detail);
    }
    return 0;
}

/* A whole number 0..MAX from the command line into OUT; -1 when TEXT is not one. */
static int parse_count(const char *text, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end || errno == ERANGE || v < 0 || v > max) return -1;
    *out = v;
    return 0;
}

static int cmd_events(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    long long since = 0, limit = 0;
    if ((o->since && parse_count(o->since, LLONG_MAX / 2, &since) < 0) ||
        (o->limit && parse_count(o->limit, 1000000, &limit) < 0)) {
        return refuse(dawr_tr(ui, "--since takes an event id and --limit a count from 0 to 1000000, not \"%s\""),
                      o->since && parse_count(o->since, LLONG_MAX / 2, &since) < 0 ? o->since : o->limit);
    }
    int r = dawr_queue_events(q, since, (int)limit, print_event, o);
    return r ? report(q, o, r, NULL, "") : 0;
}

static int cmd_backup(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    if (dawr_queue_backup(q, o->args[0]) != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, dawr_queue_error(q));
        return 3;
    }
    if (o->json) print_json(json_pack("{s:s, s:b}", "backup", o->args[0], "checked", 1));
    else printf(dawr_tr(ui, "backed up to %s (checked)\n"), o->args[0]);
    return 0;
}

static int cmd_check(dawr_queue *q, dawr_app *app, options *o)
{
    char report_text[8192];
    int problems = dawr_queue_check(q, report_text, sizeof report_text);
    if (o->json)
        print_json(json_pack("{s:s, s:b, s:i, s:s}", "database", app->db_path, "ok", problems == 0, "problems",
                             problems, "report", report_text));
    else if (problems == 0)
        printf(dawr_tr(ui, "%s: ok\n"), app->db_path);
    else if (problems > 0)
        fprintf(stderr, dawr_ntr(ui, "%s: %d problem:\n%s", "%s: %d problems:\n%s", (unsigned long)problems), app->db_path,
                problems, report_text);
    else
        fprintf(stderr, "%s: %s", app->db_path, report_text);
    return problems == 0 ? 0 : problems < 0 ? 3 : 1;
}

/* Reads the PIN from standard input (one line), so it shows in no process list or history. */
static int cmd_set_pin(dawr_queue *q, dawr_app *app, options *o)
{
    (void)app;
    /* The whole of standard input is the PIN, one line: a second line is refused, not dropped. */
    char pin[64] = "";
    size_t n = fread(pin, 1, sizeof pin - 1, stdin);
    pin[n] = 0;
    if (n && pin[n - 1] == '\n') pin[--n] = 0;
    if (n && pin[n - 1] == '\r') pin[--n] = 0;
    if (n == 0 || strpbrk(pin, "\r\n") || !feof(stdin)) {
        memset(pin, 0, sizeof pin);
        fprintf(stderr, "%s: %s\n", program,
                dawr_tr(ui, "give the PIN alone, on one line of standard input, for example: echo 4821 | dawrctl set-pin 1"));
        return 2;
    }
    char err[512];
    int r = dawr_staff_set_pin(q, o->args[0], pin, err, sizeof err);
    memset(pin, 0, sizeof pin);
    if (r != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, err);
        return r == DAWR_STORE_FAILED ? 3 : r == DAWR_STAFF_BAD_PIN ? 2 : 1;
    }
    if (o->json) print_json(json_pack("{s:s, s:b}", "counter", o->args[0], "pin_set", 1));
    else printf(dawr_tr(ui, "PIN set for counter %s (stored as an Argon2id hash)\n"), o->args[0]);
    return 0;
}

/* Prints the figures of one group as a line of the plain-text summary. */
static void print_figures(const char *label, const dawr_report_figures *f)
{
    printf("%-34s %7d %7d %7d %7d %5d", label, f->tickets, f->served, f->noshow, f->transfers, f->open);
    if (f->wait.count) printf(" %7.1f %7.1f", f->wait.median, f->wait.p90);
    else printf(" %7s %7s", "-", "-");
    if (f->service.count) printf(" %7.1f", f->service.median);
    else printf(" %7s", "-");
    if (f->ratings) printf(" %7.2f %5.0f%%\n", f->rating_mean, 100 * f->satisfied);
    else printf(" %7s %6s\n", "-", "-");
}

/* The board's PDF of the association's report: its figures, then a page comparing the branches.
 * Counter ids are each branch's own, so counters are left to each branch's report. Returns
 * an exit status. */
static int central_report_pdf(dawr_app *app, options *o, const dawr_central_report *r)
{
    const dawr_settings *s = dawr_config_settings(app->config);
    const dawr_association_settings *a = dawr_config_association(app->config);
    dawr_report_pdf_branch *branches = calloc((size_t)(r->branch_count ? r->branch_count : 1), sizeof *branches);
    if (!branches) { fprintf(stderr, "%s: out of memory\n", program); return 1; }
    for (int i = 0; i < r->branch_count; i++) {
        const dawr_central_branch *b = &r->branches[i].branch;
        branches[i] = (dawr_report_pdf_branch){ b->id, b->name_ar, b->name_en, r->branches[i].report };
    }
    dawr_report_pdf_opts po = { .lang = dawr_lang_parse(o->lang ? o->lang : s->language), .show_counters = 0,
                                .timezone = s->timezone, .branches = branches, .branch_count = r->branch_count };
    po.association = po.lang == DAWR_LANG_EN ? a->name_en : a->name_ar;
    char err[1024];
    int status = 0;
    if (dawr_report_pdf_write(r->association, o->pdf, &po, err, sizeof err) < 0) {
        fprintf(stderr, "%s: %s\n", program, err);
        status = 1;
    } else if (!o->json && !o->csv) {
        printf(dawr_tr(ui, "report %s..%s written to %s\n"), r->association->from, r->association->to, o->pdf);
    }
    free(branches);
    return status;
}

/* The association's report from the central database (--central): no local database. */
static int central_report(dawr_app *app, options *o, dawr_report_by by)
{
    const char *conninfo = dawr_config_branch(app->config)->central;
    if (!*conninfo) {
        fprintf(stderr, "%s: report --central needs [central] connection in %s\n", program, app->config_path);
        return 2;
    }
    char err[1024];
    dawr_central *c = dawr_central_connect(conninfo, err, sizeof err);
    if (!c) { fprintf(stderr, "%s: %s\n", program, err); return 3; }
    dawr_central_report *r;
    int result = dawr_central_report_compute(app->config, c, o->from, o->to, by, &r, err, sizeof err);
    dawr_central_close(c);
    if (result != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, err);
        return result == DAWR_REFUSED ? 2 : 3;
    }
    int status = 0;
    if (o->pdf) status = central_report_pdf(app, o, r);
    if (o->json) print_json(dawr_central_report_json(r));
    else if (o->csv) { if (dawr_central_report_write_csv(r, stdout) < 0) status = 1; }
    else if (!o->pdf) {
        const dawr_report *a = r->association;
        printf("The association, %s..%s (%d day%s, %d branch%s). Times in minutes: waiting = issue to first call.\n"
               "Per branch for improvement, never to blame.\n\n", a->from, a->to, a->days, a->days == 1 ? "" : "s",
               r->branch_count, r->branch_count == 1 ? "" : "es");
        printf("%-34s %7s %7s %7s %7s %5s %7s %7s %7s %7s %6s\n", "", "tickets", "served", "noshow", "referred", "open",
               "wait50", "wait90", "serv50", "rating", "happy");
        print_figures("all branches", &a->total);
        for (int i = 0; i < r->branch_count; i++) {
            const dawr_central_branch *b = &r->branches[i].branch;
            print_figures(*b->name_en ? b->name_en : b->id, &r->branches[i].report->total);
        }
    }
    dawr_central_report_free(r);
    return status;
}

static int cmd_report(dawr_queue *q, dawr_app *app, options *o)
{
    if (!o->from || !o->to) {
        fprintf(stderr, "%s: %s\n", program,
                dawr_tr(ui, "report needs --from DATE and --to DATE (YYYY-MM-DD, service days, inclusive)"));
        return 2;
    }
    dawr_report_by by = dawr_report_by_default(o->from, o->to);
    if (o->by && dawr_report_by_parse(o->by, &by) < 0) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "--by must be day, week or month, not \"%s\"\n"), o->by);
        return 2;
    }
    if (o->lang && strcmp(o->lang, "ar") && strcmp(o->lang, "en")) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "--lang must be ar or en, not \"%s\"\n"), o->lang);
        return 2;
    }
    if (o->central) return central_report(app, o, by);
    char err[1024];
    dawr_report *r;
    int result = dawr_report_compute(q, o->from, o->to, by, &r, err, sizeof err);
    if (result != DAWR_OK) {
        fprintf(stderr, "%s: %s\n", program, err);
        return result == DAWR_STORE_FAILED ? 3 : 2;
    }
    int status = 0;
    if (o->pdf) {
        const dawr_settings *s = dawr_config_settings(app->config);
        const dawr_association_settings *a = dawr_config_association(app->config);
        dawr_report_pdf_opts po = { .lang = dawr_lang_parse(o->lang ? o->lang : s->language),
                                    .show_counters = s->report_show_counters, .timezone = s->timezone };
        po.association = po.lang == DAWR_LANG_EN ? a->name_en : a->name_ar;
        if (dawr_report_pdf_write(r, o->pdf, &po, err, sizeof err) < 0) {
            fprintf(stderr, "%s: %s\n", program, err);
            status = 1;
        } else if (!o->json && !o->csv) {
            printf(dawr_tr(ui, "report %s..%s written to %s\n"), r->from, r->to, o->pdf);
        }
    }
    if (o->json) print_json(dawr_report_json(r));
    else if (o->csv) { if (dawr_report_write_csv(r, stdout) < 0) status = 1; }
    else if (!o->pdf) {
        static const char *const BY[] = { NC_("report period", "day"), NC_("report period", "week"),
                                          NC_("report period", "month") };
        const char *by_word = dawr_report_by_name(r->by);
        for (size_t i = 0; i < sizeof BY / sizeof BY[0]; i++)
            if (!strcmp(by_word, BY[i])) by_word = dawr_trc(ui, "report period", BY[i]);
        printf(dawr_ntr(ui, "Report %s..%s (%d day, by %s). Times in minutes: waiting = issue to first call.\n",
                        "Report %s..%s (%d days, by %s). Times in minutes: waiting = issue to first call.\n",
                        (unsigned long)r->days),
               r->from, r->to, r->days, by_word);
        /* Short column heads, so that the figures line up under them. */
        printf("\n%-34s %7s %7s %7s %7s %5s %7s %7s %7s %7s %6s\n", "", dawr_trc(ui, "report column", "tickets"),
               dawr_trc(ui, "report column", "served"), dawr_trc(ui, "report column", "noshow"),
               dawr_trc(ui, "report column", "referred"), dawr_trc(ui, "report column", "open"),
               dawr_trc(ui, "report column", "wait50"), dawr_trc(ui, "report column", "wait90"),
               dawr_trc(ui, "report column", "serv50"), dawr_trc(ui, "report column", "rating"),
               dawr_trc(ui, "report column", "happy"));
        print_figures(dawr_trc(ui, "report row", "all"), &r->total);
        for (int i = 0; i < r->reason_count; i++)
            print_figures(ui == DAWR_LANG_AR ? r->reasons[i].name_ar : r->reasons[i].name_en, &r->reasons[i].f);
        for (int i = 0; i < r->counter_count; i++) {
            char label[80];
            snprintf(label, sizeof label, "%s %s", dawr_trc(ui, "status", "counter"), r->counters[i].key);
            print_figures(label, &r->counters[i].f);
        }
        for (int i = 0; i < r->period_count; i++) print_figures(r->periods[i].key, &r->periods[i].f);
        /* Opening hours: the wait as lived, beside it its part in prayer pauses; the refusals. */
        const dawr_report_figures *t = &r->total;
        printf("\n");
        if (t->wait.count)
            printf(dawr_tr(ui, "Waiting (mean %.1f min) of which in prayer pauses: mean %.1f, median %.1f, p90 %.1f min\n"),
                   t->wait.mean, t->wait_paused.mean, t->wait_paused.median, t->wait_paused.p90);
        printf(dawr_ntr(ui, "%d ticket refused because the reception was closed (none issued)\n",
                        "%d tickets refused because the reception was closed (none issued)\n", (unsigned long)t->refused_closed),
               t->refused_closed);
        /* Applications (issue 16): the range's as they stood at its end, or now (docs/reports.md). */
        const dawr_report_applications *ap = &r->applications;
        printf(dawr_tr(ui, "Applications opened: %d, decided: %d (median %.1f days, p90 %.1f), overdue: %d\n"),
               ap->opened, ap->decided, ap->decision_days.median, ap->decision_days.p90, ap->overdue);
        printf(dawr_tr(ui, "Appointments: %d (kept %d, late %d, missed %d, coming %d), cancelled %d\n"), ap->booked,
               ap->kept, ap->late, ap->missed, ap->coming, ap->cancelled);
        printf(dawr_tr(ui, "Messages to families: %d\n"), ap->notifications);
    }
    dawr_report_free(r);
    return status;
}

/* The ticket named in args[0] and the slip service, for receipt and reprint: 0, or an exit
 * status after saying why. Both make a reprint: the ticket was issued earlier. */
static int slip_of(dawr_queue *q, dawr_app *app, options *o, dawr_ticket *t, dawr_lang *lang, dawr_slips **out)
{
    int r = dawr_queue_find(q, o->args[0], t);
    if (r != DAWR_OK) return report(q, o, r, t, "");
    if (o->lang && strcmp(o->lang, "ar") && strcmp(o->lang, "en")) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "--lang must be ar or en, not \"%s\"\n"), o->lang);
        return 2;
    }
    char err[512];
    if (!(*out = dawr_slips_open(app->config, q, err, sizeof err))) { fprintf(stderr, "%s: %s\n", program, err); return 3; }
    *lang = o->lang ? dawr_lang_parse(o->lang) : dawr_slips_language(*out);
    return 0;
}

/* Says why S could not make or send a slip; the exit status: 2 when it could not start (the
 * configuration: fonts, logo, printer), else 3. */
static int slip_failed(dawr_slips *s)
{
    fprintf(stderr, "%s: %s\n", program, dawr_slips_error(s));
    return dawr_slips_problem(s) == DAWR_PRINT_CANNOT_START ? 2 : 3;
}

static int cmd_receipt(dawr_queue *q, dawr_app *app, options *o)
{
    dawr_ticket t;
    dawr_lang lang;
    dawr_slips *s;
    int status = slip_of(q, app, o, &t, &lang, &s);
    if (status) return status;
    dawr_mono m;
    if (dawr_slips_render(s, &t, lang, DAWR_SLIP_REPRINT, &m) < 0) {
        status = slip_failed(s);
        dawr_slips_close(s);
        return status;
    }
    dawr_slips_close(s);
    const char *path = o->output ? o->output : "receipt.png";
    char err[512];
    if (dawr_mono_write_png(&m, dawr_config_printer(app->config)->dpi, path, err, sizeof err) < 0) {
        fprintf(stderr, "%s: %s\n", program, err);
        status = 3;
    } else if (o->json) {
        print_json(json_pack("{s:s, s:s, s:i, s:i}", "code", t.code, "preview", path, "width", m.width, "height", m.height));
    } else {
        printf(dawr_tr(ui, "%s: receipt of %s, %dx%d dots\n"), path, t.code, m.width, m.height);
    }
    dawr_mono_release(&m);
    return status;
}

#define REPRINT_WAIT_MS 30000       /* dawrctl waits this long for the printer to take the slip */

static int cmd_reprint(dawr_queue *q, dawr_app *app, options *o)
{
    dawr_ticket t;
    dawr_lang lang;
    dawr_slips *s;
    int status = slip_of(q, app, o, &t, &lang, &s);
    if (status) return status;
    int slip = dawr_slips_print(s, &t, lang, DAWR_SLIP_REPRINT);
    if (slip < 0) {
        status = slip_failed(s);
        dawr_slips_close(s);
        return status;
    }
    dawr_slip_status st;
    dawr_slips_wait(s, slip, REPRINT_WAIT_MS, &st);
    dawr_slips_close(s);
    int ok = st.state == DAWR_SLIP_PRINTED || st.state == DAWR_SLIP_PRINTING;
    if (o->json) {
        print_json(json_pack("{s:s, s:I, s:s, s:s, s:i, s:s, s:s}", "code", t.code, "id", (json_int_t)t.id, "state",
                             dawr_slip_state_name(st.state), "problem", dawr_print_problem_code(st.problem), "cups_job",
                             st.cups_job, "message", st.message, "printer", st.printer_en));
    } else if (ok) {
        printf(st.state == DAWR_SLIP_PRINTED ? dawr_tr(ui, "%s reprinted\n")
                                             : dawr_tr(ui, "%s sent to the printer, still printing\n"), t.code);
    }
    if (!ok) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "%s was not printed: %s\n"), t.code, st.message[0] ? st.message : st.printer_en);
    }
    return ok ? 0 : 1;
}

/* A prayer's name in the user's language (dawr_prayer_name gives its key in dawr.conf). */
static const char *prayer_word(dawr_prayer prayer)
{
    static const char *const WORDS[] = {
        [DAWR_PRAYER_FAJR] = NC_("prayer", "Fajr"), [DAWR_PRAYER_SUNRISE] = NC_("prayer", "Sunrise"),
        [DAWR_PRAYER_DHUHR] = NC_("prayer", "Dhuhr"), [DAWR_PRAYER_ASR] = NC_("prayer", "Asr"),
        [DAWR_PRAYER_MAGHRIB] = NC_("prayer", "Maghrib"), [DAWR_PRAYER_ISHA] = NC_("prayer", "Isha"),
    };
    _Static_assert(sizeof WORDS / sizeof WORDS[0] == DAWR_PRAYER_COUNT, "a word for every prayer");
    return (unsigned)prayer < DAWR_PRAYER_COUNT ? dawr_trc(ui, "prayer", WORDS[prayer]) : "";
}

/* One "label: value" line of sync status, in the user's language. */
static void print_line(const char *label, const char *value)
{
    printf("%s: %s\n", dawr_tr(ui, label), value);
}

static void print_time(const char *label, dawr_ms at)
{
    char text[32];
    snprintf(text, sizeof text, "%s", dawr_tr(ui, "never"));
    if (at) dawr_clock_format(at, text, sizeof text);
    print_line(label, text);
}

/* What dawr-sync last recorded: the last good send, the backlog, the last error in words. */
static int cmd_sync(dawr_queue *q, dawr_app *app, options *o)
{
    if (strcmp(o->args[0], "status")) {
        fprintf(stderr, "%s: usage: %s sync status\n", program, program);
        return 2;
    }
    const dawr_branch_settings *br = dawr_config_branch(app->config);
    dawr_sync_status s;
    dawr_generation gens[DAWR_MAX_GENERATIONS];
    int ngen = dawr_branch_generations(q, gens, DAWR_MAX_GENERATIONS);
    if (ngen < 1 || dawr_branch_sync_status(q, &s) != DAWR_OK) {
        fprintf(stderr, "%s: cannot read the sending status\n", program);
        return 3;
    }
    const char *generation = gens[ngen - 1].id;
    if (o->json) {
        json_t *j = dawr_branch_sync_status_json(q, app->config);
        if (!j) { fprintf(stderr, "%s: cannot read the sending status\n", program); return 3; }
        print_json(j);
        return s.alarm[0] ? 1 : 0;
    }
    if (!*br->id || !*br->central)
        printf("%s\n", dawr_tr(ui, "This appliance sends its log nowhere: dawr.conf has no [branch] id or [central] connection."));
    char text[256];
    snprintf(text, sizeof text, dawr_tr(ui, "%s (generation %.8s)"), *br->id ? br->id : "-", generation);
    print_line(N_("branch"), text);
    print_time(N_("last successful send"), s.last_ok_at);
    char count[64];
    dawr_tr_count(count, sizeof count, ui, "{n} event", "{n} events", (long)s.backlog);
    snprintf(text, sizeof text, dawr_tr(ui, "%s (the centre held up to %lld; the newest here is %lld)"), count,
             s.central_cursor, s.last_event_id);
    print_line(N_("backlog"), text);
    print_line(N_("last error"), s.last_error[0] ? s.last_error : dawr_tr(ui, "none"));
    if (s.last_error[0]) print_time(N_("at"), s.last_error_at);
    if (s.alarm[0]) {
        print_line(N_("ALARM"), s.alarm);
        print_time(N_("at"), s.alarm_at);
    }
    return s.alarm[0] ? 1 : 0;
}

/* MINUTES after midnight as "HH:MM" (within the day; the day's end, a span's, is 24:00). */
static void hhmm(int minutes, char out[6])
{
    if (minutes == 1440) { snprintf(out, 6, "24:00"); return; }
    unsigned m = (unsigned)((minutes % 1440 + 1440) % 1440);
    snprintf(out, 6, "%02u:%02u", m / 60 % 24, m % 60);
}

static json_t *span_json(int from, int to, const char *prayer)
{
    char a[6], b[6];
    hhmm(from, a);
    hhmm(to, b);
    json_t *j = json_pack("{s:s, s:s}", "from", a, "to", b);
    if (prayer) json_object_set_new(j, "prayer", json_string(prayer));
    return j;
}

/* One day of the opening hours, as the programs will keep it: --date YYYY-MM-DD, else today. */
static int cmd_hours(dawr_queue *q, dawr_app *app, options *o)
{
    (void)q;
    int y, m, d, n = 0;
    if (o->date) {
        if (sscanf(o->date, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || o->date[n])
            return refuse(dawr_tr(ui, "--date must be YYYY-MM-DD, not \"%s\""), o->date);
    } else {
        char today[11];
        dawr_clock_day(dawr_clock_now(), today, sizeof today);
        sscanf(today, "%4d-%2d-%2d", &y, &m, &d);
    }
    dawr_hours_day day;
    if (dawr_hours_day_of(app->config, y, m, d, &day) < 0)
        return refuse(dawr_tr(ui, "%s is no date this program can compute"), o->date ? o->date : dawr_tr(ui, "today"));
    char date[11], hijri[16], t[6];
    snprintf(date, sizeof date, "%04d-%02d-%02d", day.year, day.month, day.day);
    snprintf(hijri, sizeof hijri, "%04d-%02d-%02d", day.hijri.year, day.hijri.month, day.hijri.day);
    if (o->json) {
        json_t *spans = json_array(), *pauses = json_array(), *prayers = json_object();
        for (int i = 0; i < day.span_count; i++) json_array_append_new(spans, span_json(day.spans[i].from, day.spans[i].to, NULL));
        for (int i = 0; i < day.pause_count; i++)
            json_array_append_new(pauses, span_json(day.pauses[i].from, day.pauses[i].to, dawr_prayer_name(day.pauses[i].prayer)));
        for (int i = 0; i < DAWR_PRAYER_COUNT; i++) {
            hhmm(day.prayers[i], t);
            json_object_set_new(prayers, dawr_prayer_name((dawr_prayer)i), json_string(t));
        }
        static const char *const weekdays[] = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };
        hhmm(day.last_ticket, t);
        print_json(json_pack("{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:b, s:o, s:o}", "date", date, "weekday",
                             weekdays[day.weekday], "hijri", hijri, "open", day.span_count > 0, "spans", spans,
                             "last_ticket", day.span_count ? json_string(t) : json_null(), "pauses", pauses,
                             "ramadan", day.ramadan, "holiday", day.holiday ? json_string(day.holiday) : json_null(),
                             "prayers", prayers));
        return 0;
    }
    /* The Hijri date in the user's language, by ICU (the same Umm al-Qura calendar). */
    char hijri_words[160];
    if (dawr_date_format(dawr_hours_instant(day.year, day.month, day.day, 12 * 60) / 1000,
                         dawr_config_settings(app->config)->timezone, DAWR_CAL_HIJRI, ui, 0, hijri_words,
                         sizeof hijri_words) < 0)
        snprintf(hijri_words, sizeof hijri_words, "%s", hijri);
    printf("%s (%s)\n", date, hijri_words);
    if (day.holiday) printf(dawr_tr(ui, "closed: %s\n"), day.holiday);
    else if (!day.span_count) printf("%s\n", dawr_trc(ui, "opening hours", "closed"));
    else {
        printf("%s", dawr_trc(ui, "opening hours", "open:"));
        for (int i = 0; i < day.span_count; i++) {
            char a[6], b[6];
            hhmm(day.spans[i].from, a);
            hhmm(day.spans[i].to, b);
            printf(" %s-%s", a, b);
        }
        hhmm(day.last_ticket, t);
        printf("\n");
        printf(dawr_tr(ui, "last ticket: %s\n"), t);
    }
    for (int i = 0; i < day.pause_count; i++) {
        char a[6], b[6];
        hhmm(day.pauses[i].from, a);
        hhmm(day.pauses[i].to, b);
        printf(dawr_tr(ui, "pause for %s: %s-%s\n"), prayer_word(day.pauses[i].prayer), a, b);
    }
    for (int i = 0; i < DAWR_PRAYER_COUNT; i++) {
        hhmm(day.prayers[i], t);
        printf("%s%s %s", i ? dawr_trc(ui, "list", ", ") : "", prayer_word((dawr_prayer)i), t);
    }
    printf("\n");
    return 0;
}

/* ---- applications (engine/application.h) ---- */

/* Says why an operation on applications failed; the exit status (1 refused, 3 the database). */
static int app_refused(dawr_applications *a, int r)
{
    fprintf(stderr, "%s: %s (%s)\n", program, dawr_applications_error(a), dawr_applications_reason(a));
    return r == DAWR_STORE_FAILED ? 3 : 1;
}

/* An application in one line: reference, step in the reader's language, the earliest answer in
 * both calendars. */
static void print_application(const dawr_app *app, const dawr_application *ap)
{
    const dawr_step *st = dawr_config_find_step(app->config, ap->step);
    printf(dawr_tr(ui, "application %s (ticket %s of %s): %s"), ap->ref, ap->ticket_code, ap->ticket_day,
           st ? (ui == DAWR_LANG_AR ? st->name_ar : st->name_en) : ap->step);
    printf("; ");
    printf(dawr_tr(ui, "answer not before %s (%04d-%02d-%02d AH)"), ap->answer_not_before,
           ap->answer_not_before_hijri.year, ap->answer_not_before_hijri.month, ap->answer_not_before_hijri.day);
    if (ap->overdue) printf("; %s", dawr_tr(ui, "overdue"));
    if (ap->has_contact) printf("; %s", dawr_tr(ui, "contact kept with consent"));
    printf("\n");
}

static int print_history_line(const dawr_event *ev, void *ctx)
{
    (void)ctx;
    char at[32];
    dawr_clock_format(ev->at, at, sizeof at);
    printf("  %s  %s  %s  %s\n", at, dawr_event_kind_name(ev->kind), ev->counter[0] ? ev->counter : "-", ev->detail);
    return 0;
}

static int history_json(const dawr_event *ev, void *ctx)
{
    char at[32];
    dawr_clock_format(ev->at, at, sizeof at);
    json_t *d = json_loads(ev->detail, 0, NULL);
    json_array_append_new(ctx, json_pack("{s:s, s:s, s:s, s:o}", "at", at, "kind", dawr_event_kind_name(ev->kind),
                                         "counter", ev->counter, "detail", d ? d : json_object()));
    return 0;
}

/* An appointment in one line: when, in both calendars. */
static void print_appointment(const dawr_appointment *ap)
{
    printf(ap->cancelled_at ? dawr_tr(ui, "appointment of %s at %s (%04d-%02d-%02d AH) cancelled\n")
                            : dawr_tr(ui, "appointment of %s at %s (%04d-%02d-%02d AH)\n"),
           ap->ref, ap->local, ap->hijri.year, ap->hijri.month, ap->hijri.day);
}

/* The family's message for o->args[1] (kind o->args[2], in --lang or Arabic): its words and the
 * WhatsApp and tel: links, for a staff member to open on their own phone; logged. */
static int app_notify(dawr_applications *a, const dawr_app *app, const options *o)
{
    const char *lang = o->lang ? o->lang : "ar";
    if (strcmp(lang, "ar") && strcmp(lang, "en")) return refuse(dawr_tr(ui, "unknown language \"%s\" (ar or en)"), lang);
    dawr_application ap;
    dawr_contact contact;
    dawr_appointment when;
    int r = dawr_family_notify(a, o->args[1], o->args[2], lang, o->counter, &ap, &contact, &when);
    if (r) return app_refused(a, r);
    const dawr_service *sv = dawr_config_find_service(app->config, ap.service);
    const dawr_association_settings *as = dawr_config_association(app->config);
    dawr_lang l = dawr_lang_parse(lang);
    const char *docs[DAWR_MAX_DOCUMENTS];
    int n = 0;
    for (int i = 0; sv && i < sv->document_count && i < DAWR_MAX_DOCUMENTS; i++)
        docs[n++] = l == DAWR_LANG_AR || !sv->documents_en[i] ? sv->documents_ar[i] : sv->documents_en[i];
    static char text[4096], wa[16384];
    char tel[64];
    if (dawr_message_compose(o->args[2], l, l == DAWR_LANG_AR ? as->name_ar : as->name_en, ap.ref, docs, n, when.at / 1000,
                             dawr_config_settings(app->config)->timezone, text, sizeof text) < 0 ||
        dawr_message_whatsapp_link(contact.phone, text, wa, sizeof wa) < 0 || dawr_message_tel_link(contact.phone, tel, sizeof tel) < 0)
        return refuse(dawr_tr(ui, "the message for %s is too long"), ap.ref);
    if (o->json)
        print_json(json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "application", ap.ref, "message", o->args[2], "lang", lang,
                             "text", text, "whatsapp", wa, "tel", tel));
    else
        printf("%s\n\n%s\n%s\n", text, wa, tel);
    return 0;
}

/* The coming appointment's slip of o->args[1]: into a PNG with -o, else printed and waited for. */
static int app_slip(dawr_queue *q, dawr_applications *a, const dawr_app *app, const options *o)
{
    if (o->lang && strcmp(o->lang, "ar") && strcmp(o->lang, "en"))
        return refuse(dawr_tr(ui, "unknown language \"%s\" (ar or en)"), o->lang);
    dawr_application ap;
    dawr_appointment when;
    int r = dawr_application_find(a, o->args[1], &ap);
    if (!r) r = dawr_appointment_of(a, ap.ref, &when);
    if (r) return app_refused(a, r);
    if (when.past) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "the appointment of %s at %s has passed: book a new one to print its slip"), ap.ref,
                when.local);
        fprintf(stderr, " (appointment_past)\n");
        return 1;
    }
    char err[512];
    dawr_slips *s = dawr_slips_open(app->config, q, err, sizeof err);
    if (!s) { fprintf(stderr, "%s: %s\n", program, err); return 3; }
    dawr_lang lang = o->lang ? dawr_lang_parse(o->lang) : dawr_slips_language(s);
    int status = 0;
    if (o->output) {
        dawr_mono m;
        if (dawr_slips_render_appointment(s, &ap, &when, lang, &m, NULL) < 0) status = slip_failed(s);
        else {
            if (dawr_mono_write_png(&m, dawr_config_printer(app->config)->dpi, o->output, err, sizeof err) < 0) {
                fprintf(stderr, "%s: %s\n", program, err);
                status = 3;
            } else if (o->json) {
                print_json(json_pack("{s:s, s:s, s:s, s:i, s:i}", "application", ap.ref, "at", when.local, "preview",
                                     o->output, "width", m.width, "height", m.height));
            } else {
                printf(dawr_tr(ui, "%s: appointment slip of %s, %dx%d dots\n"), o->output, ap.ref, m.width, m.height);
            }
            dawr_mono_release(&m);
        }
        dawr_slips_close(s);
        return status;
    }
    int slip = dawr_slips_print_appointment(s, &ap, &when, lang);
    dawr_slip_status st = { 0 };
    if (slip < 0) status = slip_failed(s);
    else dawr_slips_wait(s, slip, REPRINT_WAIT_MS, &st);
    dawr_slips_close(s);
    if (slip < 0) return status;
    int ok = st.state == DAWR_SLIP_PRINTED || st.state == DAWR_SLIP_PRINTING;
    if (o->json)
        print_json(json_pack("{s:s, s:s, s:s, s:s, s:i}", "application", ap.ref, "at", when.local, "state",
                             dawr_slip_state_name(st.state), "message", st.message, "cups_job", st.cups_job));
    else if (ok)
        printf(dawr_tr(ui, "the appointment slip of %s is printed\n"), ap.ref);
    if (!ok) {
        fprintf(stderr, "%s: ", program);
        fprintf(stderr, dawr_tr(ui, "%s was not printed: %s\n"), ap.ref, st.message[0] ? st.message : st.printer_en);
    }
    return ok ? 0 : 1;
}

/* Staff check a visitor in by hand at a desk (the slip's text or the reference), by the kiosk's
 * rules: the ticket of the first appointment service, made at the desk. */
static int app_checkin(dawr_applications *a, const dawr_app *app, options *o)
{
    const dawr_applications_settings *as = dawr_config_applications(app->config);
    dawr_application ap;
    const char *service = as->appointment_service_count ? as->appointment_services[0] : NULL;
    char slip_ref[16], slip_at[17];
    const char *ref = dawr_appointment_parse_slip(o->args[1], slip_ref, slip_at) == 0 ? slip_ref : o->args[1];
    if (!service && dawr_application_find(a, ref, &ap) == DAWR_OK) service = ap.service;
    dawr_issue_request req = { .service = service, .channel = DAWR_CHANNEL_DESK };
    dawr_checkin ck;
    int r = dawr_appointment_checkin(a, o->args[1], &req, &ck);
    if (r) {
        int status = app_refused(a, r);
        if (dawr_applications_why(a) == DAWR_APP_WHY_ALREADY_CHECKED_IN)
            fprintf(stderr, "%s: %s\n", program, ck.ticket.code);
        return status;
    }
    static const char *const KINDS[] = { "on_time", "early", "late" };
    if (o->json)
        print_json(json_pack("{s:s, s:s, s:s, s:I, s:i, s:s, s:b}", "application", ck.appointment.ref, "at",
                             ck.appointment.local, "ticket", ck.ticket.code, "ticket_id", (json_int_t)ck.ticket.id,
                             "minutes", ck.minutes, "kind", KINDS[ck.kind], "appointment_ticket",
                             ck.ticket.appointment_at != 0));
    else
        printf(dawr_tr(ui, "checked in for the appointment of %s at %s (%+d min): ticket %s%s\n"), ck.appointment.ref,
               ck.appointment.local, ck.minutes, ck.ticket.code,
               ck.ticket.appointment_at ? "" : dawr_tr(ui, ", served in the usual order"));
    return 0;
}

static int cmd_application(dawr_queue *q, dawr_app *app, options *o)
{
    static const struct { const char *name; int args; } ACTIONS[] = {
        { "new", 2 }, { "status", 3 }, { "show", 2 }, { "list", 1 }, { "contact", 3 }, { "erase-contact", 2 },
        { "export", 2 }, { "book", 3 }, { "move", 3 }, { "cancel", 2 },
        { "notify", 3 }, { "slip", 2 }, { "checkin", 2 },
    };
    const char *action = o->arg_count ? o->args[0] : "";
    size_t i = 0;
    while (i < sizeof ACTIONS / sizeof ACTIONS[0] && strcmp(ACTIONS[i].name, action)) i++;
    if (i == sizeof ACTIONS / sizeof ACTIONS[0] || o->arg_count != ACTIONS[i].args) {
        for (const command *c = COMMANDS; c->name; c++)
            if (!strcmp(c->name, "app")) fprintf(stderr, "%s: %s %s %s\n", program, dawr_tr(ui, "usage:"), program, c->usage);
        return 2;
    }
    dawr_applications *a = dawr_applications_new(q);
    if (!a) { fprintf(stderr, "%s: out of memory\n", program); return 3; }
    dawr_application ap;
    int r, status = 0;
    if (!strcmp(action, "new") || !strcmp(action, "status") || !strcmp(action, "show") || !strcmp(action, "contact")) {
        r = !strcmp(action, "new") ? dawr_application_open(a, o->args[1], o->counter, &ap)
          : !strcmp(action, "status") ? dawr_application_set_step(a, o->args[1], o->args[2], o->counter, o->note, &ap)
          : !strcmp(action, "contact") ? dawr_application_set_contact(a, o->args[1], o->args[2], o->consent, o->counter, &ap)
          : dawr_application_find(a, o->args[1], &ap);
        if (r) status = app_refused(a, r);
        else if (o->json) {
            json_t *j = dawr_application_json(a, &ap);
            if (!strcmp(action, "show")) {
                json_t *history = json_array();
                dawr_application_history(a, ap.ref, history_json, history);
                json_object_set_new(j, "history", history);
                dawr_appointment when;
                json_object_set_new(j, "appointment", dawr_appointment_of(a, ap.ref, &when) == DAWR_OK
                                                          ? dawr_appointment_json(&when) : json_null());
            }
            print_json(j);
        } else {
            print_application(app, &ap);
            dawr_appointment when;
            if (!strcmp(action, "show") && dawr_appointment_of(a, ap.ref, &when) == DAWR_OK) print_appointment(&when);
            if (!strcmp(action, "show")) dawr_application_history(a, ap.ref, print_history_line, NULL);
        }
    } else if (!strcmp(action, "list")) {
        enum { MAX_LISTED = 10000 };
        dawr_application *list = malloc(MAX_LISTED * sizeof *list);
        int n = list ? dawr_applications_list(a, o->status, o->overdue, list, MAX_LISTED) : DAWR_STORE_FAILED;
        if (n < 0) status = app_refused(a, n);
        else if (o->json) {
            json_t *arr = json_array();
            for (int k = 0; k < n; k++) json_array_append_new(arr, dawr_application_json(a, &list[k]));
            print_json(json_pack("{s:o}", "applications", arr));
        } else {
            for (int k = 0; k < n; k++) print_application(app, &list[k]);
            if (!n) printf("%s\n", dawr_tr(ui, "no applications"));
        }
        free(list);
    } else if (!strcmp(action, "book") || !strcmp(action, "move") || !strcmp(action, "cancel")) {
        dawr_appointment ap;
        r = !strcmp(action, "book") ? dawr_appointment_book(a, o->args[1], o->args[2], o->counter, &ap)
          : !strcmp(action, "move") ? dawr_appointment_move(a, o->args[1], o->args[2], o->counter, &ap)
          : dawr_appointment_cancel(a, o->args[1], o->counter, &ap);
        if (r) status = app_refused(a, r);
        else if (o->json) {
            json_t *j = dawr_appointment_json(&ap);
            json_object_set_new(j, "cancelled", json_boolean(ap.cancelled_at != 0));
            print_json(j);
        } else print_appointment(&ap);
    } else if (!strcmp(action, "checkin")) {
        status = app_checkin(a, app, o);
    } else if (!strcmp(action, "notify")) {
        status = app_notify(a, app, o);
    } else if (!strcmp(action, "slip")) {
        status = app_slip(q, a, app, o);
    } else if (!strcmp(action, "erase-contact")) {
        r = dawr_application_erase_contact(a, o->args[1], o->counter);
        if (r) status = app_refused(a, r);
        else if (o->json) print_json(json_pack("{s:s, s:b}", "application", o->args[1], "contact_erased", 1));
        else printf(dawr_tr(ui, "the contact of application %s is erased\n"), o->args[1]);
    } else {                                             /* export: always JSON, for the person asking */
        json_t *j;
        r = dawr_application_export(a, o->args[1], o->counter, &j);
        if (r) status = app_refused(a, r);
        else print_json(j);
    }
    dawr_applications_free(a);
    return status;
}

static const command COMMANDS[] = {
    { "init", "init", 0, cmd_init, 0 },
    { "issue", "issue SERVICE [--priority] [--need TAG]... [--channel CHANNEL] [--handled-at COUNTER [--outcome ID]]", 1,
      cmd_issue, 0 },
    { "call", "call COUNTER [--ticket CODE]", 1, cmd_call, 0 },
    { "recall", "recall COUNTER", 1, cmd_recall, 0 },
    { "serve", "serve COUNTER", 1, cmd_serve, 0 },
    { "noshow", "noshow COUNTER", 1, cmd_noshow, 0 },
    { "transfer", "transfer COUNTER SERVICE|COUNTER [--note TEXT]", 2, cmd_transfer, 0 },
    { "done", "done COUNTER [--outcome ID] [--expect TICKET]", 1, cmd_done, 0 },
    { "aside", "aside COUNTER [--expect TICKET]", 1, cmd_aside, 0 },
    { "resume", "resume COUNTER TICKET", 2, cmd_resume, 0 },
    { "cancel", "cancel TICKET", 1, cmd_cancel, 0 },
    { "show", "show TICKET", 1, cmd_show, 0 },
    { "rate", "rate TICKET SCORE [--reason TAG]...", 2, cmd_rate, 0 },
    { "ask-help", "ask-help SOURCE   (a visitor's call for help, as the kiosk's button makes it)", 1, cmd_ask_help, 0 },
    { "help-ack", "help-ack COUNTER [--call ID]   (I'm coming: the oldest open help call, or ID)", 1, cmd_help_ack, 0 },
    { "end-pause", "end-pause COUNTER   (ends the prayer pause on now early: calls are made again)", 1, cmd_end_pause, 0 },
    { "status", "status", 0, cmd_status, 0 },
    { "events", "events [--since ID] [--limit N]", 0, cmd_events, 0 },
    { "set-pin", "set-pin COUNTER   < PIN (4 to 12 digits, at least [console] pin_min_length)", 1, cmd_set_pin, 0 },
    { "backup", "backup FILE", 1, cmd_backup, 0 },
    { "check", "check", 0, cmd_check, 0 },
    { "receipt", "receipt TICKET [-o FILE.png] [--lang ar|en]", 1, cmd_receipt, 0 },
    { "reprint", "reprint TICKET [--lang ar|en]", 1, cmd_reprint, 0 },
    { "report", "report --from DATE --to DATE [--by day|week|month] [--central] [--csv|--json|--pdf FILE [--lang ar|en]]", 0,
      cmd_report, 0 },
    { "hours", "hours [--date YYYY-MM-DD]", 0, cmd_hours, 1 },
    { "sync", "sync status", 1, cmd_sync, 0 },
    { "app", "app new TICKET | status REF STEP [--note TEXT] | show REF | list [--status STEP] [--overdue]"
      " | contact REF PHONE --consent applicant|family | erase-contact REF | export REF"
      " | book REF \"YYYY-MM-DD HH:MM\" | move REF \"YYYY-MM-DD HH:MM\" | cancel REF"
      " | notify REF decision|documents|reminder [--lang ar|en] | slip REF [-o FILE.png] [--lang ar|en]"
      " | checkin REF|SLIP   [--counter ID]", -1,
      cmd_application, 0 },
    /* restore opens the database its own way (main). */
    { "restore", "restore BACKUP   (safe with the programs running; the database gets a new generation)", 1, NULL, 0 },
    { NULL, NULL, 0, NULL, 0 },
};

static void print_usage(FILE *to)
{
    fprintf(to, "%s %s [--config FILE] [--db FILE] [--json] SUBCOMMAND\n", dawr_tr(ui, "usage:"), program);
    for (const command *c = COMMANDS; c->name; c++) fprintf(to, "  %s\n", c->usage);
    fprintf(to, "%s\n", dawr_tr(ui, "TICKET is a code of today (A-023) or #ID. DAWR_NOW=YYYY-MM-DDTHH:MM:SS sets the clock "
                                    "for tests."));
    fprintf(to, "%s\n", dawr_tr(ui, "--help shows this, --version the version; man dawrctl says more."));
}

static int usage(FILE *to)
{
    print_usage(to);
    return 2;
}

/* Reads flags and positional arguments after the subcommand. Returns 0, or 2 on bad usage. */
static int parse_options(int argc, char **argv, options *o)
{
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char **value = !strcmp(a, "--ticket") ? &o->ticket : !strcmp(a, "--note") ? &o->note
                           : !strcmp(a, "--since") ? &o->since : !strcmp(a, "--limit") ? &o->limit
                           : !strcmp(a, "--from") ? &o->from : !strcmp(a, "--to") ? &o->to
                           : !strcmp(a, "--by") ? &o->by : !strcmp(a, "--pdf") ? &o->pdf
                           : !strcmp(a, "-o") || !strcmp(a, "--output") ? &o->output
                           : !strcmp(a, "--lang") ? &o->lang : !strcmp(a, "--date") ? &o->date
                           : !strcmp(a, "--channel") ? &o->channel : !strcmp(a, "--handled-at") ? &o->handled_at
                           : !strcmp(a, "--outcome") ? &o->outcome : !strcmp(a, "--expect") ? &o->expect
                           : !strcmp(a, "--call") ? &o->call : !strcmp(a, "--status") ? &o->status
                           : !strcmp(a, "--consent") ? &o->consent : !strcmp(a, "--counter") ? &o->counter : NULL;
        if (!strcmp(a, "--json")) o->json = 1;
        else if (!strcmp(a, "--csv")) o->csv = 1;
        else if (!strcmp(a, "--central")) o->central = 1;
        else if (!strcmp(a, "--priority")) o->priority = 1;
        else if (!strcmp(a, "--overdue")) o->overdue = 1;
        else if (value || !strcmp(a, "--reason") || !strcmp(a, "--need")) {
            if (i + 1 >= argc) return refuse(dawr_tr(ui, "%s needs a value"), a);
            if (value) *value = argv[++i];
            else if (!strcmp(a, "--need") && o->need_count == MAX_NEEDS) return refuse(dawr_tr(ui, "too many needs"), "");
            else if (!strcmp(a, "--need")) o->needs[o->need_count++] = argv[++i];
            else if (o->reason_count == MAX_REASONS) return refuse(dawr_tr(ui, "too many reasons"), "");
            else o->reasons[o->reason_count++] = argv[++i];
        } else if (a[0] == '-' && a[1] == '-') {
            return refuse(dawr_tr(ui, "unknown option %s"), a);
        } else if (o->arg_count == 4) {
            return refuse(dawr_tr(ui, "too many arguments"), "");
        } else {
            o->args[o->arg_count++] = a;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    options o = {0};
    ui = dawr_i18n_user_lang();
    /* --json may also come before the subcommand. */
    int out = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) o.json = 1;
        else argv[out++] = argv[i];
    }
    argc = out;
    if (dawr_app_answer_gnu(program, argc, argv, print_usage)) return 0;
    dawr_app app;
    if (dawr_app_start(&app, program, &argc, argv) != 0) return 2;
    if (argc < 2) { dawr_app_finish(&app); return usage(stderr); }
    const command *cmd = COMMANDS;
    while (cmd->name && strcmp(cmd->name, argv[1])) cmd++;
    if (!cmd->name) {
        refuse(dawr_tr(ui, "unknown subcommand \"%s\""), argv[1]);
        dawr_app_finish(&app);
        return usage(stderr);
    }
    int status = parse_options(argc, argv, &o);
    if (!status && cmd->args >= 0 && o.arg_count != cmd->args) {
        fprintf(stderr, "%s: %s %s %s\n", program, dawr_tr(ui, "usage:"), program, cmd->usage);
        status = 2;
    }
    if (status) { dawr_app_finish(&app); return status; }
    if (cmd->no_database) {
        if (dawr_clock_use_timezone(dawr_config_settings(app.config)->timezone) != 0) {
            status = refuse(dawr_tr(ui, "unknown time zone %s"), dawr_config_settings(app.config)->timezone);
        } else {
            status = cmd->run(NULL, &app, &o);
        }
        dawr_app_finish(&app);
        return status;
    }
    char err[1024];
    if (!cmd->run) {                     /* restore: into the live file, which it may make */
        status = dawr_branch_restore(app.config, o.args[0], app.db_path, err, sizeof err) == DAWR_OK ? 0 : 3;
        if (status) fprintf(stderr, "%s: %s\n", program, err);
        else if (o.json) print_json(json_pack("{s:s, s:s, s:b}", "database", app.db_path, "restored_from", o.args[0], "new_generation", 1));
        else printf("%s restored from %s, with a new generation\n", app.db_path, o.args[0]);
        dawr_app_finish(&app);
        return status;
    }
    if (o.central && !strcmp(cmd->name, "report") && o.from && o.to) {   /* needs no local database */
        dawr_report_by by = dawr_report_by_default(o.from, o.to);
        if (o.by && dawr_report_by_parse(o.by, &by) < 0) {
            fprintf(stderr, "%s: --by must be day, week or month, not \"%s\"\n", program, o.by);
            status = 2;
        } else if (o.lang && strcmp(o.lang, "ar") && strcmp(o.lang, "en")) {
            fprintf(stderr, "%s: ", program);
            fprintf(stderr, dawr_tr(ui, "--lang must be ar or en, not \"%s\"\n"), o.lang);
            status = 2;
        } else status = central_report(&app, &o, by);
        dawr_app_finish(&app);
        return status;
    }
    /* Only init makes a database: any other command on a missing one says so. */
    dawr_queue *q = dawr_queue_open(app.config, app.db_path, &(dawr_queue_options){ .create = cmd->run == cmd_init },
                                    err, sizeof err);
    if (!q) {
        fprintf(stderr, "%s: %s\n", program, err);
        dawr_app_finish(&app);
        return 3;
    }
    status = cmd->run(q, &app, &o);
    dawr_queue_close(q);
    dawr_app_finish(&app);
    return status;
}
