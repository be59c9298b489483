/* Routes, sign-in, and the counter's actions. Engine refusals become 409 with the engine's own
 * words, reason code and values; an unknown ticket or target 404; the database failing 503. */
#include "api.h"
#include "apps.h"
#include "branch.h"
#include "clock.h"
#include "report.h"
#include "staff.h"
#include "text_i18n.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define COOKIE "console_session"
#define WAITING_SHOWN 100              /* the waiting list a page gets; the total is sent too */
#define SCREEN_EVENTS_WALKED 500       /* events one /api/screen answer looks through, at most */

enum { PUBLIC, SIGNED_IN, CHANGES };   /* what a route needs */

typedef int (*route_fn)(console *c, console_request *req, const console_session *s, json_t *body);

typedef struct {
    const char *method, *path;
    int needs;
    route_fn fn;
} route;

static int minutes_between(dawr_ms from, dawr_ms to) { return from && to > from ? (int)((to - from) / 60000) : 0; }

static json_t *clock_json(dawr_ms t)
{
    char text[32];
    if (!t) return json_null();
    dawr_clock_format(t, text, sizeof text);
    text[16] = 0;                      /* "YYYY-MM-DD HH:MM" */
    return json_string(text + 11);
}

static json_t *ticket_json(const dawr_ticket *t, dawr_ms now, const char *note)
{
    json_t *j = json_pack("{s:I, s:s, s:s, s:s, s:b, s:i, s:o, s:i}", "id", (json_int_t)t->id, "code", t->code,
                          "service", t->service, "state", dawr_state_name(t->state), "priority", t->priority,
                          "recalls", t->recalls, "issued_at", clock_json(t->issued_at), "waited_minutes",
                          minutes_between(t->issued_at, t->first_called_at ? t->first_called_at : now));
    if (t->counter[0]) json_object_set_new(j, "counter", json_string(t->counter));
    if (t->called_at) json_object_set_new(j, "called_minutes_ago", json_integer(minutes_between(t->called_at, now)));
    if (t->serving_at) json_object_set_new(j, "serving_minutes", json_integer(minutes_between(t->serving_at, now)));
    if (note && *note) json_object_set_new(j, "note", json_string(note));
    if (t->appointment_at) json_object_set_new(j, "appointment_at", clock_json(t->appointment_at));
    json_t *needs = json_array();
    for (int i = 0; i < DAWR_NEED_COUNT; i++)
        if (t->needs & (1u << i)) json_array_append_new(needs, json_string(dawr_need_tag((dawr_need)i)));
    json_object_set_new(j, "needs", needs);
    json_object_set_new(j, "channel", json_string(dawr_channel_tag(t->channel)));
    json_object_set_new(j, "in_person", json_boolean(dawr_channel_in_person(t->channel)));
    if (t->outcome[0]) json_object_set_new(j, "outcome", json_string(t->outcome));
    if (t->state == DAWR_ASIDE) {
        json_object_set_new(j, "aside_at", clock_json(t->aside_at));
        json_object_set_new(j, "aside_minutes", json_integer(minutes_between(t->aside_at, now)));
    }
    return j;
}

/* The queue's last failure as an answer with STATUS: its reason's code, values and words. */
static int reply_queue_error(console *c, console_request *req, unsigned status)
{
    const char *code = dawr_queue_reason(c->queue);
    json_error_t jerr;
    return console_reply_refusal(req, status, *code ? code : dawr_why_code(DAWR_WHY_DB_FAILED),
                              json_loads(dawr_queue_reason_values(c->queue), 0, &jerr), "%s",
                              dawr_queue_error(c->queue));
}

/* The engine's result as an answer: the ticket on success, its reason otherwise. */
static int reply_result(console *c, console_request *req, int result, const dawr_ticket *t)
{
    if (result == DAWR_OK) {
        c->changed = 1;
        char note[400];
        dawr_staff_note(c->queue, t->id, note, sizeof note);
        return console_reply_json(req, MHD_HTTP_OK, json_pack("{s:o}", "ticket", ticket_json(t, dawr_clock_now(), note)),
                               NULL);
    }
    unsigned status = result == DAWR_REFUSED ? MHD_HTTP_CONFLICT : result == DAWR_NOT_FOUND ? MHD_HTTP_NOT_FOUND
                                                                                            : MHD_HTTP_SERVICE_UNAVAILABLE;
    return reply_queue_error(c, req, status);
}

static json_t *counter_json(const dawr_counter *k)
{
    json_t *services = json_array();
    for (int i = 0; i < k->service_count; i++) json_array_append_new(services, json_string(k->services[i]));
    return json_pack("{s:s, s:s, s:s, s:o}", "id", k->id, "name_ar", k->name_ar, "name_en", k->name_en, "services",
                     services);
}

/* ---- sign-in ---- */

static int api_session(console *c, console_request *req, const console_session *unused, json_t *body)
{
    (void)unused; (void)body;
    const console_session *s = NULL;
    console_sessions_find(c->sessions, console_request_cookie(req, COOKIE), dawr_clock_monotonic_us() / 1e6, &s);
    json_t *counters = json_array();
    for (int i = 0; i < dawr_config_counter_count(c->cfg); i++) {
        const dawr_counter *k = dawr_config_counter(c->cfg, i);
        json_t *j = counter_json(k);
        json_object_set_new(j, "pin_set", json_boolean(dawr_staff_has_pin(c->queue, k->id) == 1));
        json_array_append_new(counters, j);
    }
    json_t *j = json_pack("{s:b, s:o}", "signed_in", s != NULL, "counters", counters);
    if (s) {
        json_object_set_new(j, "counter", json_string(s->counter));
        json_object_set_new(j, "csrf", json_string(s->csrf));
    }
    return console_reply_json(req, MHD_HTTP_OK, j, NULL);
}

static int api_sign_in(console *c, console_request *req, const console_session *unused, json_t *body)
{
    (void)unused;
    const char *counter = json_string_value(json_object_get(body, "counter"));
    const char *pin = json_string_value(json_object_get(body, "pin"));
    if (!counter || !pin)
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                N_("give \"counter\" and \"pin\" as strings"));
    char err[400];
    dawr_sign_in_info info;
    int r = dawr_staff_sign_in(c->queue, c->cfg, counter, pin, dawr_clock_now(), &info, err, sizeof err);
    /* engine/staff.c gives English words only: the code comes from its result. */
    if (r == DAWR_STAFF_WRONG_PIN)
        return console_reply_refusal(req, MHD_HTTP_UNAUTHORIZED, console_http_code_name(DAWR_E_WRONG_PIN),
                                  json_pack("{s:i}", "attempts_left", info.attempts_left), "%s", err);
    if (r == DAWR_STAFF_LOCKED)
        return console_reply_refusal(req, MHD_HTTP_TOO_MANY_REQUESTS, console_http_code_name(DAWR_E_LOCKED),
                                  json_pack("{s:i}", "retry_after", info.locked_seconds), "%s", err);
    if (r == DAWR_NOT_FOUND)
        return console_reply_refusal(req, MHD_HTTP_NOT_FOUND, dawr_why_code(DAWR_WHY_UNKNOWN_COUNTER),
                                  json_pack("{s:s}", "counter", counter), "%s", err);
    if (r == DAWR_STAFF_NO_PIN)
        return console_reply_refusal(req, MHD_HTTP_FORBIDDEN, console_http_code_name(DAWR_E_NO_PIN),
                                  json_pack("{s:s}", "counter", counter), "%s", err);
    if (r != DAWR_OK)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, dawr_why_code(DAWR_WHY_DB_FAILED), NULL, "%s",
                                  err);
    const console_session *s = console_sessions_create(c->sessions, counter, dawr_clock_monotonic_us() / 1e6);
    int lifetime = (int)console_sessions_lifetime(c->sessions);
    char cookie[256];
    snprintf(cookie, sizeof cookie, COOKIE "=%s; HttpOnly; SameSite=Strict; Path=/; Max-Age=%d", s->token, lifetime);
    return console_reply_json(req, MHD_HTTP_OK, json_pack("{s:s, s:s, s:i}", "counter", s->counter, "csrf", s->csrf,
                                                       "expires_in", lifetime), cookie);
}

static int api_sign_out(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)body;
    console_sessions_remove(c->sessions, s->token);
    return console_reply_json(req, MHD_HTTP_OK, json_pack("{s:b}", "signed_in", 0),
                           COOKIE "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
}

/* ---- what the counter's page shows ---- */

typedef struct { json_t *list; dawr_ms now; int total; } waiting_ctx;

static int add_waiting(const dawr_ticket *t, const char *note, void *ctx)
{
    waiting_ctx *w = ctx;
    if (w->total++ < WAITING_SHOWN) json_array_append_new(w->list, ticket_json(t, w->now, note));
    return 0;
}

static json_t *printer_json(console *c)
{
    dawr_event_kind kind;
    char detail[512];
    dawr_ms at;
    if (dawr_staff_printer(c->queue, &kind, &at, detail, sizeof detail) != 1)
        return json_pack("{s:s}", "state", "unknown");
    json_error_t jerr;
    json_t *d = json_loads(detail, 0, &jerr);
    return json_pack("{s:s, s:o, s:o}", "state", dawr_event_kind_name(kind), "at", clock_json(at), "detail", d ? d : json_object());
}

static json_t *help_call_json(const dawr_help_call *h, dawr_ms now)
{
    return json_pack("{s:I, s:o, s:s, s:s, s:I}", "id", (json_int_t)h->id, "at", clock_json(h->at), "source", h->source,
                     "screen", h->screen, "age_seconds", (json_int_t)(now > h->at ? (now - h->at) / 1000 : 0));
}

/* Today's help calls nobody has answered, oldest first. */
static json_t *help_calls_json(console *c, dawr_ms now)
{
    dawr_help_call calls[32];
    int n = dawr_queue_help_calls(c->queue, calls, 32);
    json_t *list = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(list, help_call_json(&calls[i], now));
    return list;
}

/* What a counter may choose from: needs (and which ask for priority), channels, outcomes. */
static json_t *choices_json(const dawr_config *cfg)
{
    json_t *needs = json_array(), *channels = json_array(), *outcomes = json_array();
    for (int i = 0; i < DAWR_NEED_COUNT; i++)
        json_array_append_new(needs, json_pack("{s:s, s:b}", "id", dawr_need_tag((dawr_need)i), "priority",
                                               (dawr_needs_priority_mask() >> i) & 1));
    for (int i = 0; i < DAWR_CHANNEL_COUNT; i++)
        json_array_append_new(channels, json_pack("{s:s, s:b}", "id", dawr_channel_tag((dawr_channel)i), "in_person",
                                                  dawr_channel_in_person((dawr_channel)i)));
    for (int i = 0; i < dawr_config_outcome_count(cfg); i++) {
        const dawr_outcome *o = dawr_config_outcome(cfg, i);
        json_array_append_new(outcomes, json_pack("{s:s, s:s, s:s}", "id", o->id, "name_ar", o->name_ar, "name_en",
                                                  o->name_en));
    }
    return json_pack("{s:o, s:o, s:o}", "needs", needs, "channels", channels, "outcomes", outcomes);
}

static int api_state(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)body;
    dawr_status *st = malloc(sizeof *st);
    if (!st) return console_reply_error(req, MHD_HTTP_SERVICE_UNAVAILABLE, DAWR_E_OUT_OF_MEMORY, N_("out of memory"));
    int r = dawr_queue_status(c->queue, st);
    if (r != DAWR_OK) {
        free(st);
        return reply_queue_error(c, req, MHD_HTTP_SERVICE_UNAVAILABLE);
    }
    dawr_ms now = dawr_clock_now();
    const dawr_counter *me = dawr_config_find_counter(c->cfg, s->counter);
    json_t *ticket = json_null(), *counters = json_array(), *services = json_array();
    for (int i = 0; i < st->counter_count; i++) {
        const dawr_counter *k = st->counters[i].counter;
        if (k == me) {
            if (st->counters[i].has_ticket) {
                char note[400];
                dawr_staff_note(c->queue, st->counters[i].ticket.id, note, sizeof note);
                ticket = ticket_json(&st->counters[i].ticket, now, note);
            }
            continue;
        }
        json_t *j = counter_json(k);
        json_object_set_new(j, "open", json_boolean(st->counters[i].open));
        json_object_set_new(j, "ticket", st->counters[i].has_ticket ? json_string(st->counters[i].ticket.code)
                                                                      : json_null());
        json_array_append_new(counters, j);
    }
    for (int i = 0; i < st->service_count; i++) {
        const dawr_service *sv = st->services[i].service;
        json_array_append_new(services, json_pack("{s:s, s:s#, s:s, s:s, s:i, s:i, s:b}", "id", sv->id, "prefix",
                                                  &sv->prefix, 1, "name_ar", sv->name_ar, "name_en", sv->name_en,
                                                  "waiting", st->services[i].waiting, "wait_minutes",
                                                  st->services[i].wait_minutes, "mine",
                                                  dawr_counter_serves(me, sv->id)));
    }
    waiting_ctx w = { .list = json_array(), .now = now };
    dawr_staff_waiting(c->queue, me, now, add_waiting, &w);
    /* Every set-aside ticket of the day, each saying whether this counter may take it back. */
    dawr_ticket aside[64];
    int n_aside = dawr_queue_set_aside(c->queue, aside, 64);
    json_t *aside_list = json_array();
    for (int i = 0; i < n_aside; i++) {
        json_t *a = ticket_json(&aside[i], now, NULL);
        json_object_set_new(a, "mine", json_boolean(dawr_counter_serves(me, aside[i].service)));
        json_array_append_new(aside_list, a);
    }
    json_t *j = json_pack("{s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:s, s:o, s:i, s:i, s:i, s:I}",
                          "counter", counter_json(me), "ticket", ticket, "waiting", w.list, "waiting_total", w.total,
                          "counters", counters, "services", services, "printer", printer_json(c), "day", st->day,
                          "now", clock_json(now), "issued_today", st->issued_today, "served_today",
                          st->served_today, "noshow_today", st->noshow_today, "last_event_id",
                          (json_int_t)st->last_event_id);
    json_object_set_new(j, "help_calls", help_calls_json(c, now));
    json_object_set_new(j, "help_answer_seconds", json_integer(dawr_config_settings(c->cfg)->help_answer_seconds));
    json_object_set_new(j, "set_aside", aside_list);
    json_object_set_new(j, "choices", choices_json(c->cfg));
    json_object_set_new(j, "hours", dawr_hours_now_json(&st->hours));
    free(st);
    return console_reply_json(req, MHD_HTTP_OK, j, NULL);
}

/* "I'm coming": this counter answers a help call, {"call": ID}, or {} for the oldest open one. */
static int api_help_ack(console *c, console_request *req, const console_session *s, json_t *body)
{
    json_t *call = json_object_get(body, "call");
    if (call && (!json_is_integer(call) || json_integer_value(call) < 1))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   "give \"call\" as a help call's id (a whole number from /api/state), or nothing");
    dawr_help_call h;
    int seconds;
    int r = dawr_queue_help_ack(c->queue, s->counter, call ? (long long)json_integer_value(call) : 0, &h, &seconds);
    if (r != DAWR_OK)
        return reply_queue_error(c, req, r == DAWR_REFUSED ? MHD_HTTP_CONFLICT : r == DAWR_NOT_FOUND
                                 ? MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE);
    c->changed = 1;
    return console_reply_json(req, MHD_HTTP_OK, json_pack("{s:o, s:s, s:i}", "call", help_call_json(&h, dawr_clock_now()),
                                                          "counter", s->counter, "seconds", seconds), NULL);
}

/* This counter ends the prayer pause on now early, {}: calls are made again (logged). */
static int api_end_pause(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)body;
    int r = dawr_queue_end_pause(c->queue, s->counter);
    dawr_hours_now h;
    if (r == DAWR_OK) r = dawr_queue_hours(c->queue, &h);
    if (r != DAWR_OK)
        return reply_queue_error(c, req, r == DAWR_REFUSED ? MHD_HTTP_CONFLICT : r == DAWR_NOT_FOUND
                                 ? MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE);
    c->changed = 1;
    return console_reply_json(req, MHD_HTTP_OK, json_pack("{s:o, s:s}", "hours", dawr_hours_now_json(&h), "counter", s->counter),
                              NULL);
}

static int api_events(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)body;
    return console_sse_open(c->sse, req, s->token, dawr_queue_last_event_id(c->queue));
}

/* ---- the waiting-room screens: public, read-only, ticket numbers only ---- */

typedef struct { json_t *list; long long newest, until; dawr_ms now; } screen_walk;

static int add_screen_call(const dawr_event *ev, void *ctx)
{
    screen_walk *w = ctx;
    if (ev->id > w->newest) return 1;  /* written after the status was read: the next answer's */
    w->until = ev->id;
    if (ev->kind != DAWR_EVENT_CALL && ev->kind != DAWR_EVENT_RECALL && ev->kind != DAWR_EVENT_RESUME) return 0;
    json_error_t jerr;
    json_t *d = json_loads(ev->detail, 0, &jerr);
    int screen = !json_is_false(json_object_get(d, "screen")), long_call = json_is_true(json_object_get(d, "long_call"));
    json_decref(d);
    if (!screen) return 0;             /* a call-back: called at the counter, not in the room */
    /* The event's detail is left out on purpose: it may carry a transfer note. Only "long" is
     * told, never why (a need is no business of the waiting room). */
    json_t *call = json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)ev->id, "kind", dawr_event_kind_name(ev->kind),
                             "code", ev->code, "counter", ev->counter, "age_seconds",
                             (json_int_t)(w->now > ev->at ? (w->now - ev->at) / 1000 : 0));
    if (long_call) json_object_set_new(call, "long", json_true());
    json_array_append_new(w->list, call);
    return 0;
}

/* What the waiting-room screen shows (docs/api.md): the counters' tickets, the last calls,
 * the waiting per service, and with ?after=N the calls and recalls since event N. */
static int api_screen(console *c, console_request *req, const console_session *unused, json_t *body)
{
    (void)unused; (void)body;
    const char *after_text = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "after");
    long long after = -1;
    if (after_text) {
        size_t n = strlen(after_text);
        if (n == 0 || n > 18 || strspn(after_text, "0123456789") != n)
            return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                    N_("after must be an event id (a whole number 0 or more), for example ?after=42, "
                                    "not \"%.40s\""), after_text);
        after = strtoll(after_text, NULL, 10);
    }
    dawr_status *st = malloc(sizeof *st);
    if (!st) return console_reply_error(req, MHD_HTTP_SERVICE_UNAVAILABLE, DAWR_E_OUT_OF_MEMORY, N_("out of memory"));
    if (dawr_queue_status(c->queue, st) != DAWR_OK) {
        free(st);
        return reply_queue_error(c, req, MHD_HTTP_SERVICE_UNAVAILABLE);
    }
    json_t *counters = json_array(), *recent = json_array(), *services = json_array();
    for (int i = 0; i < st->counter_count; i++) {
        const dawr_ticket *t = &st->counters[i].ticket;
        json_array_append_new(counters, st->counters[i].has_ticket
            ? json_pack("{s:s, s:s, s:s}", "id", st->counters[i].counter->id, "ticket", t->code, "state",
                        dawr_state_name(t->state))
            : json_pack("{s:s, s:n}", "id", st->counters[i].counter->id, "ticket"));
    }
    for (int i = 0; i < st->recent_call_count; i++)
        json_array_append_new(recent, json_pack("{s:s, s:s}", "code", st->recent_calls[i].code, "counter",
                                                st->recent_calls[i].counter));
    for (int i = 0; i < st->service_count; i++)
        json_array_append_new(services, json_pack("{s:s, s:i, s:i, s:i}", "id", st->services[i].service->id,
                                                  "waiting", st->services[i].waiting, "waiting_priority",
                                                  st->services[i].waiting_priority, "wait_minutes",
                                                  st->services[i].wait_minutes));
    screen_walk w = { .list = json_array(), .newest = st->last_event_id, .now = dawr_clock_now(),
                      .until = after < st->last_event_id ? after : st->last_event_id };
    if (after < 0) w.until = st->last_event_id;   /* a first look: nothing old to announce */
    else if (after < st->last_event_id &&
             dawr_queue_events(c->queue, after, SCREEN_EVENTS_WALKED, add_screen_call, &w) != DAWR_OK) {
        json_decref(w.list);
        json_decref(counters); json_decref(recent); json_decref(services);
        free(st);
        return reply_queue_error(c, req, MHD_HTTP_SERVICE_UNAVAILABLE);
    }
    /* A call nobody answered in time: the screen says that a visitor needs help, never who. */
    dawr_ms due = (dawr_ms)dawr_config_settings(c->cfg)->help_answer_seconds * 1000;
    int help_needed = st->help_open && w.now - st->help_oldest_at >= due;
    json_t *j = json_pack("{s:s, s:I, s:o, s:o, s:o, s:o, s:I, s:b}", "day", st->day, "last_event_id",
                          (json_int_t)st->last_event_id, "counters", counters, "recent_calls", recent, "services",
                          services, "calls", w.list, "until", (json_int_t)w.until, "help_needed", help_needed);
    json_object_set_new(j, "hours", dawr_hours_now_json(&st->hours));
    free(st);
    return console_reply_json(req, MHD_HTTP_OK, j, NULL);
}

/* ---- the counter's actions: always its own counter, from the session ---- */

static int api_call_next(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)body;
    dawr_ticket t;
    return reply_result(c, req, dawr_queue_call_next(c->queue, s->counter, &t), &t);
}

static int api_call(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *code = json_string_value(json_object_get(body, "ticket"));
    if (!code || !*code)
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                N_("give \"ticket\", for example \"A-023\""));
    dawr_ticket t;
    return reply_result(c, req, dawr_queue_call_ticket(c->queue, s->counter, code, &t), &t);
}

#define COUNTER_ACTION(fn, op) \
    static int fn(console *c, console_request *req, const console_session *s, json_t *body) \
    { (void)body; dawr_ticket t; return reply_result(c, req, op(c->queue, s->counter, &t), &t); }
COUNTER_ACTION(api_recall, dawr_queue_recall)
COUNTER_ACTION(api_serve, dawr_queue_serve)
COUNTER_ACTION(api_noshow, dawr_queue_noshow)

/* An optional string member NAME of BODY into *OUT (NULL when absent or null); 0 when it is
 * something else. */
static int optional_string(json_t *body, const char *name, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = json_is_string(v) ? json_string_value(v) : NULL;
    return !v || json_is_string(v) || json_is_null(v);
}

/* {"outcome"?, "expect"?, "lang"?}: finishes the visit at this counter; with documents missing
 * and documents configured for its service, their slip is printed in LANG (or [printer]'s). */
static int api_done(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *outcome, *expect, *lang;
    if (!optional_string(body, "outcome", &outcome) || !optional_string(body, "expect", &expect) ||
        !optional_string(body, "lang", &lang) || (lang && strcmp(lang, "ar") && strcmp(lang, "en")))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   "give optionally \"outcome\" (an id of [outcomes]), \"expect\" (the ticket the page "
                                   "shows, for example \"A-023\") and \"lang\" (\"ar\" or \"en\")");
    dawr_ticket t;
    int r = dawr_queue_done_outcome(c->queue, s->counter, outcome, expect, &t);
    if (r != DAWR_OK || !outcome || strcmp(outcome, DAWR_OUTCOME_DOCUMENTS_MISSING)) return reply_result(c, req, r, &t);
    const dawr_service *sv = dawr_config_find_service(c->cfg, t.service);
    c->changed = 1;
    json_t *j = json_pack("{s:o}", "ticket", ticket_json(&t, dawr_clock_now(), NULL));
    if (!sv || !sv->document_count) {
        json_object_set_new(j, "documents_slip", json_pack("{s:s}", "state", "none"));
        return console_reply_json(req, MHD_HTTP_OK, j, NULL);
    }
    dawr_lang l = lang ? dawr_lang_parse(lang) : dawr_slips_language(c->slips);
    int job = dawr_slips_print(c->slips, &t, l, DAWR_SLIP_DOCUMENTS);
    /* The visit is finished either way; the page says whether its slip is printing. */
    json_object_set_new(j, "documents_slip", job > 0 ? json_pack("{s:s, s:i}", "state", "printing", "job", job)
                                                     : json_pack("{s:s, s:s}", "state", "failed", "message",
                                                                 dawr_slips_error(c->slips)));
    return console_reply_json(req, MHD_HTTP_OK, j, NULL);
}

static int api_aside(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *expect;
    if (!optional_string(body, "expect", &expect))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   "give optionally \"expect\": the ticket the page shows, for example \"A-023\"");
    dawr_ticket t;
    return reply_result(c, req, dawr_queue_aside(c->queue, s->counter, expect, &t), &t);
}

static int api_resume(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *code = json_string_value(json_object_get(body, "ticket"));
    if (!code || !*code)
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   "give \"ticket\", the set-aside ticket, for example \"A-023\"");
    dawr_ticket t;
    return reply_result(c, req, dawr_queue_resume(c->queue, s->counter, code, &t), &t);
}

/* "new ticket" at the desk: {"service", "channel"?, "priority"?, "needs"?: [tags], "handled"?,
 * "outcome"?, "print"?}. Handled: a visit answered at once at this counter (a phone call);
 * print: an in-person ticket's slip on the receipt printer. */
static int api_issue(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *service = json_string_value(json_object_get(body, "service"));
    const char *channel, *outcome;
    json_t *needs = json_object_get(body, "needs"), *priority = json_object_get(body, "priority"),
           *handled = json_object_get(body, "handled"), *print = json_object_get(body, "print");
    if (!service || !optional_string(body, "channel", &channel) || !optional_string(body, "outcome", &outcome) ||
        (needs && !json_is_array(needs)) || (priority && !json_is_boolean(priority)) ||
        (handled && !json_is_boolean(handled)) || (print && !json_is_boolean(print)))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   "give \"service\", and optionally \"channel\", \"priority\" (true or false), "
                                   "\"needs\" (a list of tags), \"handled\" (true or false), \"outcome\" and \"print\"");
    dawr_issue_request r = { .service = service, .priority = json_is_true(priority), .channel = DAWR_CHANNEL_DESK,
                             .handled_at = json_is_true(handled) ? s->counter : NULL, .outcome = outcome };
    if (channel && dawr_channel_parse(channel, &r.channel) < 0)
        return console_reply_refusal(req, MHD_HTTP_CONFLICT, dawr_why_code(DAWR_WHY_UNKNOWN_CHANNEL),
                                     json_pack("{s:s}", "channel", channel), "unknown channel \"%s\"", channel);
    size_t i;
    json_t *tag;
    json_array_foreach(needs, i, tag) {
        unsigned bit;
        if (!json_is_string(tag) || dawr_needs_parse(json_string_value(tag), &bit, NULL, 0) < 0 || !bit)
            return console_reply_refusal(req, MHD_HTTP_CONFLICT, dawr_why_code(DAWR_WHY_UNKNOWN_NEED),
                                         json_pack("{s:O}", "need", tag), "unknown need in \"needs\"");
        r.needs |= bit;
    }
    if (json_is_true(print) && (!dawr_channel_in_person(r.channel) || r.handled_at))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   "only a queued ticket of a visitor in person is printed");
    dawr_ticket t;
    int result = dawr_queue_issue_request(c->queue, &r, &t);
    if (result != DAWR_OK || !json_is_true(print)) return reply_result(c, req, result, &t);
    c->changed = 1;
    int job = dawr_slips_print(c->slips, &t, dawr_slips_language(c->slips), DAWR_SLIP_ORIGINAL);
    json_t *j = json_pack("{s:o}", "ticket", ticket_json(&t, dawr_clock_now(), NULL));
    json_object_set_new(j, "slip", job > 0 ? json_pack("{s:s, s:i}", "state", "printing", "job", job)
                                           : json_pack("{s:s, s:s}", "state", "failed", "message",
                                                       dawr_slips_error(c->slips)));
    json_object_set_new(j, "people_ahead", json_integer(t.people_ahead));
    return console_reply_json(req, MHD_HTTP_OK, j, NULL);
}

static int api_transfer(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *target = json_string_value(json_object_get(body, "target"));
    json_t *note = json_object_get(body, "note");
    if (!target || !*target || (note && !json_is_string(note) && !json_is_null(note)))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                N_("give \"target\" (a service or counter id) and optionally \"note\" (text)"));
    dawr_ticket t;
    return reply_result(c, req, dawr_queue_transfer(c->queue, s->counter, target, json_string_value(note), &t), &t);
}

/* Whether the printer is known to be in trouble, as the page shows it: the newest print event
 * is a held or failed job, or a printer_state needing attention. Its words into MSG. */
static int printer_trouble(console *c, char *msg, size_t size)
{
    dawr_event_kind kind;
    char detail[512];
    dawr_ms at;
    if (dawr_staff_printer(c->queue, &kind, &at, detail, sizeof detail) != 1) return 0;
    json_error_t jerr;
    json_t *d = json_loads(detail, 0, &jerr);
    int trouble = kind == DAWR_EVENT_PRINT_HELD || kind == DAWR_EVENT_PRINT_FAILED ||
                  (kind == DAWR_EVENT_PRINTER_STATE && json_is_true(json_object_get(d, "attention")));
    const char *m = json_string_value(json_object_get(d, "message"));
    if (!m || !*m) m = json_string_value(json_object_get(d, "reason"));
    snprintf(msg, size, "%s", m && *m ? m : "the printer needs attention");
    json_decref(d);
    return trouble;
}

/* Reprints a receipt: {"ticket":"A-023"}, or {} for the ticket at this counter, else the one
 * it finished last today, in the [printer] language. The slip service returns at once; the
 * job's progress reaches the page as print events.
 * 202 when queued; 503 (with "ticket" and "job": queued all the same, it waits in CUPS and
 * comes out once the printer is fixed, or ends in print_failed) when the printer is known to
 * be in trouble; 409 when there is no ticket to reprint. */
static int api_reprint(console *c, console_request *req, const console_session *s, json_t *body)
{
    json_t *ref = json_object_get(body, "ticket");
    if (ref && !json_is_string(ref))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                N_("give \"ticket\" as a string, for example \"A-023\""));
    dawr_ms now = dawr_clock_now();
    dawr_ticket t;
    int r = ref ? dawr_queue_find(c->queue, json_string_value(ref), &t)
                : dawr_staff_reprint_ticket(c->queue, s->counter, now, &t);
    if (r == DAWR_NOT_FOUND && !ref)
        return console_reply_refusal(req, MHD_HTTP_CONFLICT, console_http_code_name(DAWR_E_NOTHING_TO_REPRINT),
                                  json_pack("{s:s}", "counter", s->counter), N_("there is no ticket to reprint: counter "
                                  "%s has no ticket now and finished none today; name one, for example "
                                  "{\"ticket\":\"A-023\"}"), s->counter);
    if (ref && r != DAWR_OK)
        return reply_queue_error(c, req, r == DAWR_NOT_FOUND ? MHD_HTTP_NOT_FOUND : MHD_HTTP_SERVICE_UNAVAILABLE);
    if (r != DAWR_OK)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, dawr_why_code(DAWR_WHY_DB_FAILED), NULL,
                                  N_("the database cannot be read"));
    char trouble[256];
    int in_trouble = printer_trouble(c, trouble, sizeof trouble);
    int job = dawr_slips_print(c->slips, &t, dawr_slips_language(c->slips), DAWR_SLIP_REPRINT);
    if (job < 0)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, console_http_code_name(DAWR_E_CANNOT_PRINT),
                                  json_pack("{s:s}", "ticket", t.code), N_("%s; nothing was printed"),
                                  dawr_slips_error(c->slips));
    c->changed = 1;                    /* the "print" event, now */
    if (in_trouble)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, console_http_code_name(DAWR_E_PRINTER_TROUBLE),
                                  json_pack("{s:s, s:i, s:b}", "ticket", t.code, "job", job, "queued", 1), "%s",
                                  trouble);
    return console_reply_json(req, MHD_HTTP_ACCEPTED, json_pack("{s:s, s:i}", "ticket", t.code, "job", job), NULL);
}

/* ---- the manager's figures ---- */

/* Today's report: the board's figures (engine/report.c, docs/reports.md) for the local service
 * day, as dawr_report_json gives them, plus the day and time they were made. */
static int api_today(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)s; (void)body;
    dawr_ms now = dawr_clock_now();
    char today[11], err[256];
    dawr_clock_day(now, today, sizeof today);
    dawr_report *r;
    if (dawr_report_compute(c->queue, today, today, DAWR_REPORT_BY_DAY, &r, err, sizeof err) != DAWR_OK)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, dawr_why_code(DAWR_WHY_DB_FAILED), NULL, "%s",
                                  err);
    json_t *j = dawr_report_json(r);
    dawr_report_free(r);
    json_t *choices = choices_json(c->cfg);          /* the outcomes' names, for the page's table */
    json_object_set(j, "outcome_names", json_object_get(choices, "outcomes"));
    json_decref(choices);
    json_t *steps = json_array();                    /* the applications' steps, for their table */
    const dawr_applications_settings *as = dawr_config_applications(c->cfg);
    for (int i = 0; i < as->step_count; i++)
        json_array_append_new(steps, json_pack("{s:s, s:s, s:s}", "id", as->steps[i].id, "name_ar", as->steps[i].name_ar,
                                               "name_en", as->steps[i].name_en));
    json_object_set_new(j, "step_names", steps);
    json_object_set_new(j, "day", json_string(today));
    json_object_set_new(j, "now", clock_json(now));
    return console_reply_json(req, MHD_HTTP_OK, j, NULL);
}

/* ---- the pages' words ---- */

static void add_entry(const dawr_i18n_entry *e, void *messages)
{
    char key[1024];
    if (e->context) snprintf(key, sizeof key, "%s\004%s", e->context, e->msgid);
    else snprintf(key, sizeof key, "%s", e->msgid);
    json_t *value;
    if (e->plural) {
        value = json_array();
        for (int i = 0; i < e->form_count; i++) json_array_append_new(value, json_string(e->forms[i]));
    } else {
        value = json_string(e->forms[0]);
    }
    json_object_set_new(messages, key, value);
}

/* Every translation of ?lang=ar|en's catalogue, {"lang", "plural" (the Plural-Forms
 * expression), "messages": {msgid: text, or the forms of a counted one}}, for the pages. */
static int api_strings(console *c, console_request *req, const console_session *unused, json_t *body)
{
    (void)c; (void)unused; (void)body;
    const char *lang = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, "lang");
    if (!lang || (strcmp(lang, "ar") && strcmp(lang, "en")))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("lang must be ar or en, for example ?lang=ar, not \"%.20s\""), lang ? lang : "");
    dawr_lang l = dawr_lang_parse(lang);
    char rule[256], err[512];
    json_t *messages = json_object();
    if (dawr_i18n_plural_rule(l, rule, sizeof rule) < 0 || dawr_i18n_each(l, add_entry, messages, err, sizeof err) < 0) {
        json_decref(messages);
        return console_reply_error(req, MHD_HTTP_SERVICE_UNAVAILABLE, DAWR_E_OUT_OF_MEMORY,
                                   N_("the catalogue cannot be read"));
    }
    return console_reply_json(req, MHD_HTTP_OK, json_pack("{s:s, s:s, s:o}", "lang", lang, "plural", rule, "messages",
                                                          messages), NULL);
}

/* What dawr-sync last recorded (engine/branch.h), as `dawrctl sync status --json` shows it. */
static int api_sync(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)s; (void)body;
    json_t *j = dawr_branch_sync_status_json(c->queue, c->cfg);
    if (!j)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, dawr_why_code(DAWR_WHY_DB_FAILED), NULL,
                                  "the database cannot be read");
    return console_reply_json(req, MHD_HTTP_OK, j, NULL);
}

static const route ROUTES[] = {
    { "GET", "/api/strings", PUBLIC, api_strings },
    { "GET", "/api/session", PUBLIC, api_session },
    { "POST", "/api/sign-in", PUBLIC, api_sign_in },
    { "POST", "/api/sign-out", CHANGES, api_sign_out },
    { "GET", "/api/state", SIGNED_IN, api_state },
    { "GET", "/api/events", SIGNED_IN, api_events },
    { "GET", "/api/today", SIGNED_IN, api_today },
    { "GET", "/api/sync", SIGNED_IN, api_sync },
    { "GET", "/api/screen", PUBLIC, api_screen },
    { "POST", "/api/call-next", CHANGES, api_call_next },
    { "POST", "/api/call", CHANGES, api_call },
    { "POST", "/api/recall", CHANGES, api_recall },
    { "POST", "/api/serve", CHANGES, api_serve },
    { "POST", "/api/noshow", CHANGES, api_noshow },
    { "POST", "/api/transfer", CHANGES, api_transfer },
    { "POST", "/api/done", CHANGES, api_done },
    { "POST", "/api/aside", CHANGES, api_aside },
    { "POST", "/api/resume", CHANGES, api_resume },
    { "POST", "/api/issue", CHANGES, api_issue },
    { "POST", "/api/reprint", CHANGES, api_reprint },
    { "POST", "/api/help-ack", CHANGES, api_help_ack },
    { "POST", "/api/end-pause", CHANGES, api_end_pause },
    { "GET", "/api/applications", SIGNED_IN, console_apps_list },
    { "GET", "/api/application", SIGNED_IN, console_apps_show },
    { "POST", "/api/application/open", CHANGES, console_apps_open },
    { "POST", "/api/application/step", CHANGES, console_apps_step },
    { "POST", "/api/application/contact", CHANGES, console_apps_contact },
    { "POST", "/api/application/erase-contact", CHANGES, console_apps_erase_contact },
    { "POST", "/api/application/book", CHANGES, console_apps_book },
    { "POST", "/api/application/move", CHANGES, console_apps_move },
    { "POST", "/api/application/cancel", CHANGES, console_apps_cancel },
    { "POST", "/api/application/slip", CHANGES, console_apps_slip },
    { "POST", "/api/application/notify", CHANGES, console_apps_notify },
    { NULL, NULL, 0, NULL },
};

/* Whether a Content-Type names JSON exactly: "application/json", any case, parameters after
 * ';' allowed ("application/jsonp" or "application/json-seq" are other types). */
static int is_json_type(const char *type)
{
    if (!type) return 0;
    while (*type == ' ') type++;
    if (strncasecmp(type, "application/json", 16) != 0) return 0;
    type += 16;
    while (*type == ' ' || *type == '\t') type++;
    return *type == 0 || *type == ';';
}

/* The body as a JSON object ({} when empty) into *OUT, or an answer already queued (-1/0). */
static int read_body(console_request *req, json_t **out)
{
    *out = NULL;
    if (req->body_len == 0) { *out = json_object(); return 1; }
    const char *type = console_request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (!is_json_type(type))
        return console_reply_error(req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, DAWR_E_BAD_REQUEST,
                                N_("send the body as application/json"));
    json_error_t jerr;
    json_t *j = json_loadb(req->body, req->body_len, 0, &jerr);
    if (!json_is_object(j)) {
        json_decref(j);
        /* Where, not the parser's own words: those are its internals. */
        if (j) return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST, N_("the body is JSON but not an object"));
        if (json_error_code(&jerr) == json_error_invalid_utf8)
            return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                       N_("the body has bytes that are not UTF-8 text (line %d, column %d); "
                                          "nothing was changed"), jerr.line, jerr.column);
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("the body is not valid JSON (line %d, column %d)"), jerr.line, jerr.column);
    }
    /* The counter comes from the sign-in; a request naming one is a mistake or an attempt. */
    if (json_object_get(j, "counter") && strcmp(req->path, "/api/sign-in") != 0) {
        json_decref(j);
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                N_("a request cannot name a counter: it acts at the counter you signed in at"));
    }
    *out = j;
    return 1;
}

int console_api_handle(void *ctx, console_request *req)
{
    console *c = ctx;
    if (strncmp(req->path, "/api/", 5) != 0) return console_files_serve(c->files, req);
    const route *r = ROUTES;
    int path_known = 0;
    for (; r->path; r++) {
        if (strcmp(r->path, req->path)) continue;
        path_known = 1;
        if (!strcmp(r->method, req->method)) break;
    }
    if (!r->path)
        return path_known ? console_reply_error(req, MHD_HTTP_METHOD_NOT_ALLOWED, DAWR_E_BAD_METHOD,
                                             N_("use another method for %s"), req->path)
                          : console_reply_error(req, MHD_HTTP_NOT_FOUND, DAWR_E_NOT_FOUND, N_("no such API call: %s"),
                                             req->path);
    /* One stat per call: a file deleted or replaced since the last poll is never read or written. */
    if (c->lost[0] || dawr_queue_file_ok(c->queue) != DAWR_OK)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, dawr_why_code(DAWR_WHY_DB_REPLACED), NULL,
                                     "%s", c->lost[0] ? c->lost : dawr_queue_error(c->queue));
    const console_session *s = NULL;
    if (r->needs != PUBLIC) {
        int found = console_sessions_find(c->sessions, console_request_cookie(req, COOKIE), dawr_clock_monotonic_us() / 1e6, &s);
        if (found == DAWR_SESSION_EXPIRED)
            return console_reply_refusal(req, MHD_HTTP_UNAUTHORIZED, console_http_code_name(DAWR_E_EXPIRED),
                                      json_pack("{s:b}", "expired", 1), N_("your sign-in has expired; sign in again"));
        if (found != DAWR_SESSION_FOUND)
            return console_reply_error(req, MHD_HTTP_UNAUTHORIZED, DAWR_E_SIGN_IN_FIRST, N_("sign in first"));
    }
    if (r->needs == CHANGES && !console_session_csrf_ok(s, console_request_header(req, "X-CSRF-Token")))
        return console_reply_error(req, MHD_HTTP_FORBIDDEN, DAWR_E_BAD_CSRF,
                                N_("missing or wrong X-CSRF-Token; reload the page"));
    json_t *body = NULL;
    if (!strcmp(req->method, "POST")) {
        int ok = read_body(req, &body);
        if (ok <= 0) return ok;
    }
    int result = r->fn(c, req, s, body);
    json_decref(body);
    return result;
}
