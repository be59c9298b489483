/* dawr-console: the staff console, a small web server for the counters' browsers.
 *   dawr-console [--config FILE] [--db FILE] [--listen ADDR:PORT] [--pages DIR] [--session-seconds N]
 * One loop: libmicrohttpd's sockets, and every 25 ms a cheap look at the database
 * (its file still at the path, data_version, then the newest event id) whose changes go out
 * to the open streams; once a
 * reprint started printing, every 250 ms its thread's news is recorded as print events. */
#include "api.h"
#include "app.h"
#include "clock.h"
#include "notify.h"
#include "text_i18n.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TICK_MS 25                     /* how often the database is looked at: a help press reaches the pages within a frame or two */
#define PRINT_POLL_MS 250               /* how often the printing thread's news is recorded */
#define HOURS_POLL_MS 1000              /* how often the opening hours are asked whether a pause began */
#define HEARTBEAT_SECONDS 15           /* streams get a comment line this often */
#define LOCK_WAIT_MS 50                /* a write waits this long for another program's lock, then 503 */

static const char *program = "dawr-console";
static volatile sig_atomic_t stopping;

static void on_signal(int sig) { (void)sig; stopping = 1; }

static int alive(void *ctx, const char *token)
{
    return console_sessions_alive(ctx, token, dawr_clock_monotonic_us() / 1e6);
}

/* The pages folder: --pages, else "console" in the assets folder (see dawr_asset_path()). */
static const char *pages_dir(const char *given, char *buf, size_t size)
{
    return given ? given : dawr_asset_path("console", buf, size);
}

typedef struct {
    const char *listen, *pages;
    int session_seconds;
} options;

static void usage(FILE *f)
{
    fprintf(f, "usage: %s [--config FILE] [--db FILE] [--listen ADDR:PORT] [--pages DIR] [--session-seconds N]\n"
               "       %s --help | --version\n"
               "The staff console: a web server for the counters' browsers. man dawr-console says more.\n",
            program, program);
}

/* Returns 0, or 2 after printing the reason. */
static int parse_options(int argc, char **argv, options *o)
{
    for (int i = 1; i < argc; i++) {
        const char **value = !strcmp(argv[i], "--listen") ? &o->listen : !strcmp(argv[i], "--pages") ? &o->pages : NULL;
        const char *seconds = NULL;
        if (!value && strcmp(argv[i], "--session-seconds")) {
            fprintf(stderr, "%s: unknown option %s\n", program, argv[i]);
            usage(stderr);
            return 2;
        }
        if (i + 1 >= argc) { fprintf(stderr, "%s: %s needs a value\n", program, argv[i]); return 2; }
        if (value) *value = argv[++i];
        else seconds = argv[++i];
        char *end;
        long v = seconds ? strtol(seconds, &end, 10) : 1;
        if (seconds && (end == seconds || *end || v <= 0 || v > 7 * 24 * 3600)) {
            fprintf(stderr, "%s: --session-seconds needs a number of seconds from 1 to 604800 (a week)\n", program);
            return 2;
        }
        if (seconds) o->session_seconds = (int)v;
    }
    return 0;
}

/* A help call or its answer goes to every page as a "help" event at once, so the banner shows
 * (or clears) without waiting for the page to load the whole state. */
static int push_help(const dawr_event *ev, void *ctx)
{
    console *c = ctx;
    if (ev->kind != DAWR_EVENT_HELP && ev->kind != DAWR_EVENT_HELP_ACK) return 0;
    json_error_t jerr;
    json_t *detail = json_loads(ev->detail ? ev->detail : "{}", 0, &jerr);
    char at[32];
    dawr_clock_format(ev->at, at, sizeof at);
    at[16] = 0;
    json_t *j = ev->kind == DAWR_EVENT_HELP
        ? json_pack("{s:s, s:I, s:s, s:O?}", "kind", "help", "id", (json_int_t)ev->id, "at", at + 11, "source",
                    json_object_get(detail, "source"))
        : json_pack("{s:s, s:O?, s:s, s:O?}", "kind", "help_ack", "id", json_object_get(detail, "help"), "counter",
                    ev->counter, "seconds", json_object_get(detail, "seconds"));
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    if (text) console_sse_send(c->sse, "help", text);
    free(text);
    json_decref(j);
    json_decref(detail);
    return 0;
}

/* Sends the streams a change when the database has one: ours (CHANGED) or another program's.
 * Returns 1 when it did. */
static int look_for_changes(console *c, long long *data_version, long long *last_event)
{
    long long v = dawr_queue_data_version(c->queue);
    if (v == *data_version && !c->changed) return 0;
    *data_version = v;
    c->changed = 0;
    long long id = dawr_queue_last_event_id(c->queue);
    if (id == *last_event) return 0;
    dawr_queue_events(c->queue, *last_event, 200, push_help, c);
    *last_event = id;
    console_sse_broadcast(c->sse, id);
    return 1;
}

/* Started without a usable database: tries again each tick; once one is there (dawrctl init
 * or restore), serves it and tells the streams. Returns 1 when it did. */
static int open_late(console *c, long long *data_version, long long *last_event)
{
    char err[sizeof c->lost];
    c->queue = dawr_queue_open(c->cfg, c->db_path, NULL, err, sizeof err);
    if (!c->queue) {
        if (strcmp(c->lost, err)) fprintf(stderr, "%s: out of service: %s\n", program, err);
        snprintf(c->lost, sizeof c->lost, "%s", err);
        return 0;
    }
    dawr_queue_set_busy_ms(c->queue, LOCK_WAIT_MS);
    dawr_slips_set_events(c->slips, c->queue);
    fprintf(stderr, "%s: the database %s is there: in service\n", program, c->db_path);
    c->lost[0] = 0;
    *data_version = -1;
    *last_event = dawr_queue_last_event_id(c->queue);
    console_sse_broadcast(c->sse, *last_event);
    return 1;
}

/* The database's file, looked at every tick: deleted or replaced, the API answers 503 until a
 * Dawr database is there again; restored or replaced by one, everything is read again from it
 * (the pages reload at the broadcast). Returns 1 when the streams were told. */
static int watch_file(console *c, long long *data_version, long long *last_event)
{
    if (!c->queue) return open_late(c, data_version, last_event);
    dawr_file_state state = dawr_queue_watch_file(c->queue);
    if (state == DAWR_FILE_SAME) return 0;
    if (state == DAWR_FILE_LOST) {
        if (strcmp(c->lost, dawr_queue_error(c->queue)))
            fprintf(stderr, "%s: out of service: %s\n", program, dawr_queue_error(c->queue));
        snprintf(c->lost, sizeof c->lost, "%s", dawr_queue_error(c->queue));
        return 0;
    }
    fprintf(stderr, "%s: %s\n", program, dawr_queue_error(c->queue));
    c->lost[0] = 0;
    *data_version = -1;
    *last_event = dawr_queue_last_event_id(c->queue);
    console_sse_broadcast(c->sse, *last_event);
    return 1;
}

int main(int argc, char **argv)
{
    dawr_app app;
    if (dawr_app_answer_gnu(program, argc, argv, usage)) return 0;
    if (dawr_app_start(&app, program, &argc, argv) != 0) return 2;
    options o = { 0 };
    if (parse_options(argc, argv, &o)) { dawr_app_finish(&app); return 2; }
    const dawr_settings *set = dawr_config_settings(app.config);
    const char *listen = o.listen ? o.listen : set->console_listen;
    char host[16], err[1024], buf[1024];
    int port, status = 1;
    if (dawr_config_parse_listen(listen, host, sizeof host, &port) != 0) {
        fprintf(stderr, "%s: --listen must be an IPv4 address and a port, like 0.0.0.0:8080, not \"%s\"\n", program,
                listen);
        dawr_app_finish(&app);
        return 2;
    }
    console c = { .cfg = app.config, .db_path = app.db_path };
    console_http *http = NULL;
    if (dawr_i18n_open(NULL, err, sizeof err) < 0) { fprintf(stderr, "%s: %s\n", program, err); status = 2; goto out; }
    /* Without its database (none made yet, or deleted) the console still starts: every API
     * call is answered 503 with the reason until one is there (see open_late()). */
    c.queue = dawr_queue_open(app.config, app.db_path, NULL, err, sizeof err);
    if (!c.queue) {
        fprintf(stderr, "%s: out of service: %s\n", program, err);
        snprintf(c.lost, sizeof c.lost, "%s", err);
    }
    /* Patient while starting; then the one loop never stalls behind another program's write
     * lock: reads need none (WAL), a write still blocked after LOCK_WAIT_MS is answered 503. */
    if (c.queue) dawr_queue_set_busy_ms(c.queue, LOCK_WAIT_MS);
    c.slips = dawr_slips_open(app.config, c.queue, err, sizeof err);
    if (!c.slips) { fprintf(stderr, "%s: %s\n", program, err); goto out; }
    c.sessions = console_sessions_new(o.session_seconds ? o.session_seconds : set->session_minutes * 60.0);
    c.sse = console_sse_new();
    if (!c.sessions || !c.sse) { fprintf(stderr, "%s: out of memory\n", program); goto out; }
    c.files = console_files_open(pages_dir(o.pages, buf, sizeof buf), err, sizeof err);
    if (!c.files) { fprintf(stderr, "%s: %s\n", program, err); goto out; }
    http = console_http_start(host, port, console_api_handle, &c, err, sizeof err);
    if (!http) { fprintf(stderr, "%s: %s\n", program, err); goto out; }

    struct sigaction sa = { .sa_handler = on_signal };   /* no SA_RESTART: poll returns at once */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    printf("%s: listening on http://%s:%d/ (database %s)\n", program, host, console_http_port(http), app.db_path);
    fflush(stdout);
    dawr_notify_ready();

    long long data_version = -1, last_event = c.queue ? dawr_queue_last_event_id(c.queue) : 0;
    double next_tick = 0, next_print = 0, next_hours = 0, next_heartbeat = dawr_clock_monotonic_us() / 1e6 + HEARTBEAT_SECONDS;
    status = 0;
    int woken = 0;                     /* streams were just resumed: let the server write at once */
    while (!stopping) {
        if (console_http_wait(http, woken ? 0 : TICK_MS) != 0) { fprintf(stderr, "%s: the server failed\n", program); status = 1; break; }
        double now = dawr_clock_monotonic_us() / 1e6;
        woken = console_sse_drop_gone(c.sse) > 0;
        dawr_notify_watchdog();
        if (now >= next_print) {
            if (dawr_slips_poll(c.slips)) c.changed = 1;
            next_print = now + PRINT_POLL_MS / 1000.0;
        }
        if (now >= next_hours && !c.lost[0]) {
            if (dawr_queue_note_pauses(c.queue) > 0) c.changed = 1;   /* a prayer pause began or ended */
            next_hours = now + HOURS_POLL_MS / 1000.0;
        }
        if (c.changed || now >= next_tick) {
            woken = watch_file(&c, &data_version, &last_event);
            if (!c.lost[0]) woken |= look_for_changes(&c, &data_version, &last_event);
            next_tick = now + TICK_MS / 1000.0;
        }
        if (now >= next_heartbeat) {
            console_sse_heartbeat(c.sse, alive, c.sessions);
            woken = 1;
            next_heartbeat = now + HEARTBEAT_SECONDS;
        }
    }
    dawr_notify_stopping();
    /* Let the streams end cleanly before the server goes. */
    console_sse_close_all(c.sse);
    for (int i = 0; i < 5 && console_sse_count(c.sse) > 0; i++) console_http_wait(http, 20);
out:
    console_http_stop(http);
    dawr_slips_close(c.slips);         /* records its last events, so before the queue goes */
    console_sse_free(c.sse);
    console_files_close(c.files);
    console_sessions_free(c.sessions);
    dawr_queue_close(c.queue);
    dawr_app_finish(&app);
    return status;
}
