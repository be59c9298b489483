/* The display's view of a console over the network (a display-box, [display] source): the
 * console's GET /api/screen (docs/api.md) asked about three times a second through libcurl's
 * multi interface, one step per poll, so the frame loop never waits on the network. An
 * unreachable console, an HTTP error or an answer that is not the screen's JSON keeps the last
 * known status (online = false) and is retried. Calls are announced once, as the local feed
 * does: nothing old at first sight, and a restored database starts again from its newest event. */
#include "display.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define REQUEST_MS 300             /* between requests: a call is on the screen within ~0.4 s */
#define RETRY_MS 1000              /* between attempts while the console does not answer */
#define CONNECT_TIMEOUT_MS 1500    /* a LAN console that has not accepted in this long is away */
#define TIMEOUT_MS 3000            /* nor one that has not answered in this long */
#define MAX_ANSWER (256 * 1024)    /* the screen's answer is a few KB: anything larger is not it */
#define STALE_CALL_S 120           /* a call this old when it arrives (we were cut off) is shown, not spoken */

struct display_remote {
    const dawr_config *cfg;
    char base[256];                /* "http://HOST:PORT", no trailing slash */
    char url[320];
    CURLM *multi;
    CURL *easy;                    /* reused, so the connection to the console stays open */
    bool busy;                     /* a request is in flight */
    char *answer;
    size_t len;
    bool too_big;
    long long next_request_ms;
    long long seen_event;          /* newest event already looked at; -1 before the first answer */
    dawr_status status;
    bool online, logged_offline;
    bool warned_unknown;           /* said once that the console names services this box lacks */
};

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
    display_remote *r = arg;
    size_t bytes = size * n;
    if (r->len + bytes > MAX_ANSWER) { r->too_big = true; return 0; }   /* 0: libcurl stops the transfer */
    memcpy(r->answer + r->len, data, bytes);
    r->len += bytes;
    return bytes;
}

display_remote *display_remote_new(const dawr_config *cfg, const char *base_url)
{
    display_remote *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->cfg = cfg;
    r->seen_event = -1;
    snprintf(r->base, sizeof r->base, "%s", base_url);
    for (size_t n = strlen(r->base); n > 7 && r->base[n - 1] == '/'; n--) r->base[n - 1] = 0;
    r->answer = malloc(MAX_ANSWER + 1);
    if (!r->answer || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) { free(r->answer); free(r); return NULL; }
    r->multi = curl_multi_init();
    r->easy = curl_easy_init();
    if (!r->multi || !r->easy) { display_remote_free(r); return NULL; }
    curl_easy_setopt(r->easy, CURLOPT_PROTOCOLS_STR, "http");
    curl_easy_setopt(r->easy, CURLOPT_PROXY, "");          /* the console is on the LAN: never via a proxy */
    curl_easy_setopt(r->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(r->easy, CURLOPT_CONNECTTIMEOUT_MS, (long)CONNECT_TIMEOUT_MS);
    curl_easy_setopt(r->easy, CURLOPT_TIMEOUT_MS, (long)TIMEOUT_MS);
    curl_easy_setopt(r->easy, CURLOPT_USERAGENT, "dawr-display");
    curl_easy_setopt(r->easy, CURLOPT_WRITEFUNCTION, on_data);
    curl_easy_setopt(r->easy, CURLOPT_WRITEDATA, r);
    return r;
}

void display_remote_free(display_remote *r)
{
    if (!r) return;
    if (r->busy) curl_multi_remove_handle(r->multi, r->easy);
    curl_easy_cleanup(r->easy);
    curl_multi_cleanup(r->multi);
    curl_global_cleanup();
    free(r->answer);
    free(r);
}

const dawr_status *display_remote_status(const display_remote *r) { return &r->status; }
bool display_remote_online(const display_remote *r) { return r->online; }

static void go_offline(display_remote *r, const char *why)
{
    if (!r->logged_offline)
        fprintf(stderr, "dawr-display: no usable answer from the console at %s (%s); showing the last known state\n",
                r->base, why);
    r->logged_offline = true;
    r->online = false;
    r->next_request_ms = dawr_clock_monotonic_us() / 1000 + RETRY_MS;
}

static void start_request(display_remote *r)
{
    /* The first request asks for no calls: first sight announces nothing old. */
    if (r->seen_event < 0) snprintf(r->url, sizeof r->url, "%s/api/screen", r->base);
    else snprintf(r->url, sizeof r->url, "%s/api/screen?after=%lld", r->base, r->seen_event);
    curl_easy_setopt(r->easy, CURLOPT_URL, r->url);
    r->len = 0;
    r->too_big = false;
    if (curl_multi_add_handle(r->multi, r->easy) != CURLM_OK) { go_offline(r, "libcurl refused the request"); return; }
    r->busy = true;
    r->next_request_ms = dawr_clock_monotonic_us() / 1000 + REQUEST_MS;
}

static const char *str_at(json_t *o, const char *key) { return json_string_value(json_object_get(o, key)); }

/* An integer member >= 0 into *OUT; false when missing or of another type. */
static bool int_at(json_t *o, const char *key, long long *out)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v) || json_integer_value(v) < 0) return false;
    *out = (long long)json_integer_value(v);
    return true;
}

static dawr_state state_named(const char *name)
{
    return name && !strcmp(name, "serving") ? DAWR_SERVING : DAWR_CALLED;
}

/* The console's answer J as a status ST (zeroed by the caller). Returns NULL, or which part
 * was not what the screen expects. */
static const char *read_status(display_remote *r, json_t *j, dawr_status *st)
{
    json_t *services = json_object_get(j, "services"), *counters = json_object_get(j, "counters");
    json_t *recent = json_object_get(j, "recent_calls"), *el;
    size_t i;
    if (!json_is_object(j)) return "not a JSON object";
    if (!str_at(j, "day") || !int_at(j, "last_event_id", &st->last_event_id)) return "no day or last_event_id";
    if (!json_is_array(services) || !json_is_array(counters) || !json_is_array(recent))
        return "no services, counters or recent_calls";
    snprintf(st->day, sizeof st->day, "%s", str_at(j, "day"));
    json_array_foreach(services, i, el) {
        long long waiting = 0, priority = 0, minutes = 0;
        if (!str_at(el, "id") || !int_at(el, "waiting", &waiting)) return "a service without id or waiting";
        int_at(el, "waiting_priority", &priority);
        int_at(el, "wait_minutes", &minutes);
        /* The box's own configuration names and orders the services' words. */
        const dawr_service *sv = dawr_config_find_service(r->cfg, str_at(el, "id"));
        if (!sv || st->service_count == DAWR_MAX_SERVICES) {
            if (!r->warned_unknown)
                fprintf(stderr, "dawr-display: the console counts service \"%s\", which this box's configuration "
                        "does not have; copy the appliance's services into it\n", str_at(el, "id"));
            r->warned_unknown = true;
            continue;
        }
        st->services[st->service_count].service = sv;
        st->services[st->service_count].waiting = (int)waiting;
        st->services[st->service_count].waiting_priority = (int)priority;
        st->services[st->service_count].wait_minutes = (int)minutes;
        st->service_count++;
    }
    json_array_foreach(counters, i, el) {
        const dawr_counter *k = str_at(el, "id") ? dawr_config_find_counter(r->cfg, str_at(el, "id")) : NULL;
        if (!str_at(el, "id")) return "a counter without id";
        if (!k || st->counter_count == DAWR_MAX_COUNTERS) continue;
        st->counters[st->counter_count].counter = k;
        const char *code = str_at(el, "ticket");
        if (code) {
            dawr_ticket *t = &st->counters[st->counter_count].ticket;
            st->counters[st->counter_count].has_ticket = 1;
            snprintf(t->code, sizeof t->code, "%s", code);
            snprintf(t->counter, sizeof t->counter, "%s", k->id);
            t->state = state_named(str_at(el, "state"));
        }
        st->counter_count++;
    }
    /* The opening hours as the console keeps them; a console without them is taken as open. */
    json_t *hours = json_object_get(j, "hours");
    st->hours.issuing = !json_is_object(hours) || json_is_true(json_object_get(hours, "open"));
    if (json_is_object(hours)) {
        st->hours.paused = json_is_true(json_object_get(hours, "paused"));
        dawr_prayer prayer;
        if (str_at(hours, "prayer") && dawr_prayer_parse(str_at(hours, "prayer"), &prayer) == 0) st->hours.pause.prayer = prayer;
        char when[40];
        dawr_ms t;
        if (str_at(hours, "pause_until")) {
            snprintf(when, sizeof when, "%.10sT%.5s:00", st->day, str_at(hours, "pause_until"));
            if (dawr_clock_parse(when, &t) == 0) st->hours.pause_to = t;
        }
        if (str_at(hours, "next_open")) {
            snprintf(when, sizeof when, "%.10sT%.5s:00", str_at(hours, "next_open"), str_at(hours, "next_open") + 11);
            if (strlen(str_at(hours, "next_open")) == 16 && dawr_clock_parse(when, &t) == 0) st->hours.next_open = t;
        }
    }
    /* The console decides that help is overdue; an open call from long ago says the same here. */
    st->help_open = json_is_true(json_object_get(j, "help_needed"));
    st->help_oldest_at = st->help_open ? 1 : 0;
    int max_recent = (int)(sizeof st->recent_calls / sizeof st->recent_calls[0]);
    json_array_foreach(recent, i, el) {
        if (!str_at(el, "code") || !str_at(el, "counter")) return "a recent call without code or counter";
        if (st->recent_call_count == max_recent) break;
        dawr_ticket *t = &st->recent_calls[st->recent_call_count++];
        snprintf(t->code, sizeof t->code, "%s", str_at(el, "code"));
        snprintf(t->counter, sizeof t->counter, "%s", str_at(el, "counter"));
        t->state = DAWR_CALLED;
    }
    return NULL;
}

/* The calls in J since the last answer, each announced once; moves seen_event on. */
static const char *read_calls(display_remote *r, json_t *j, long long last, display_call_fn on_call, void *ctx)
{
    long long until;
    json_t *calls = json_object_get(j, "calls"), *el;
    size_t i;
    if (!json_is_array(calls) || !int_at(j, "until", &until)) return "no calls or until";
    json_array_foreach(calls, i, el) {         /* checked whole before any is announced */
        long long id, age;
        if (!int_at(el, "id", &id) || !int_at(el, "age_seconds", &age) || !str_at(el, "kind") || !str_at(el, "code") ||
            !str_at(el, "counter"))
            return "a call without id, age_seconds, kind, code or counter";
    }
    /* The first sight of a console announces nothing old; a database replaced by an older one
     * (a restore) starts again from its newest event. */
    if (r->seen_event < 0 || last < r->seen_event) { r->seen_event = last; return NULL; }
    dawr_ms now = dawr_clock_now();
    json_array_foreach(calls, i, el) {
        long long id = 0, age = 0;
        int_at(el, "id", &id);
        int_at(el, "age_seconds", &age);
        dawr_event ev = { .id = id, .at = now - age * 1000, .detail = "{}" };
        dawr_event_kind_parse(str_at(el, "kind"), &ev.kind);
        if (id <= r->seen_event || id > until) continue;     /* never twice */
        r->seen_event = id;
        if (age > STALE_CALL_S || !on_call ||
            (ev.kind != DAWR_EVENT_CALL && ev.kind != DAWR_EVENT_RECALL && ev.kind != DAWR_EVENT_RESUME))
            continue;
        if (json_is_true(json_object_get(el, "long"))) ev.detail = "{\"long_call\":true}";
        snprintf(ev.code, sizeof ev.code, "%s", str_at(el, "code"));
        snprintf(ev.counter, sizeof ev.counter, "%s", str_at(el, "counter"));
        on_call(&ev, ctx);
    }
    if (until > r->seen_event) r->seen_event = until;
    if (until < last) r->next_request_ms = dawr_clock_monotonic_us() / 1000;      /* more to look through: ask again at once */
    return NULL;
}

/* A finished request: its answer read into the status. Returns true when the screen changed. */
static bool finish(display_remote *r, CURLcode result, display_call_fn on_call, void *ctx)
{
    char why[160];
    long code = 0;
    if (result != CURLE_OK) {
        snprintf(why, sizeof why, "%s", r->too_big ? "the answer is too large" : curl_easy_strerror(result));
        go_offline(r, why);
        return false;
    }
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &code);
    r->answer[r->len] = 0;
    json_error_t jerr;
    json_t *j = json_loadb(r->answer, r->len, 0, &jerr);
    if (code != 200) {
        const char *message = json_string_value(json_object_get(j, "error"));
        snprintf(why, sizeof why, "HTTP %ld%s%.120s", code, message ? ": " : "", message ? message : "");
        json_decref(j);
        go_offline(r, why);
        return false;
    }
    if (!j) {
        snprintf(why, sizeof why, "the answer is not JSON: %.100s", jerr.text);
        go_offline(r, why);
        return false;
    }
    dawr_status *st = calloc(1, sizeof *st);   /* zeroed: compared whole below, padding included */
    const char *bad = st ? read_status(r, j, st) : "out of memory";
    if (!bad) bad = read_calls(r, j, st->last_event_id, on_call, ctx);
    json_decref(j);
    if (bad) {
        snprintf(why, sizeof why, "the answer is not the screen's: %s", bad);
        free(st);
        go_offline(r, why);
        return false;
    }
    bool changed = memcmp(st, &r->status, sizeof *st) != 0 || !r->online;
    r->status = *st;
    free(st);
    if (!r->online && r->logged_offline) fprintf(stderr, "dawr-display: the console at %s answers again\n", r->base);
    r->online = true;
    r->logged_offline = false;
    return changed;
}

bool display_remote_poll(display_remote *r, bool force, display_call_fn on_call, void *ctx)
{
    bool was_online = r->online, changed = false;
    if (r->busy) {
        int running = 0, left = 0;
        curl_multi_perform(r->multi, &running);
        for (CURLMsg *m; (m = curl_multi_info_read(r->multi, &left));) {
            if (m->msg != CURLMSG_DONE || m->easy_handle != r->easy) continue;
            CURLcode result = m->data.result;
            curl_multi_remove_handle(r->multi, r->easy);
            r->busy = false;
            changed = finish(r, result, on_call, ctx);
            break;
        }
    }
    /* FORCE (the minute's turn) asks at once unless the console is known to be away. */
    long long now = dawr_clock_monotonic_us() / 1000;
    if (!r->busy && (now >= r->next_request_ms || (force && r->online))) {
        start_request(r);
        int running = 0;
        if (r->busy) curl_multi_perform(r->multi, &running);   /* connect and send now, read at the next poll */
    }
    return changed || was_online != r->online;
}
