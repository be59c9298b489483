/* The display's view of the store: a read-only connection polled for PRAGMA data_version,
 * re-read only when it moves. A locked, missing or replaced database keeps the last known
 * status (online = false) and is retried until it answers again. With [display] source set,
 * every call goes to the remote feed (remote.c) instead. */
#include "display.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


#define REOPEN_MS 500              /* between attempts to open a missing database */
#define STAT_MS 500                /* between checks that the file is still the same file */

struct display_feed {
    const dawr_config *cfg;
    const char *db_path;
    dawr_queue *q;
    dev_t dev;
    ino_t ino;
    long long next_open_ms, next_stat_ms;
    long long data_version;
    long long seen_event;          /* newest event already looked at; -1 before the first open */
    dawr_status status;
    bool online, logged_offline;
    display_remote *remote;        /* a display-box: the console instead of the store */
};

display_feed *display_feed_new(const dawr_config *cfg, const char *db_path)
{
    display_feed *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->cfg = cfg;
    f->db_path = db_path;
    f->seen_event = -1;
    f->data_version = -1;
    const char *source = dawr_config_display(cfg)->source;
    if (*source && !(f->remote = display_remote_new(cfg, source))) { free(f); return NULL; }
    return f;
}

void display_feed_free(display_feed *f)
{
    if (!f) return;
    dawr_queue_close(f->q);
    display_remote_free(f->remote);
    free(f);
}

const dawr_status *display_feed_status(const display_feed *f)
{
    return f->remote ? display_remote_status(f->remote) : &f->status;
}

bool display_feed_online(const display_feed *f)
{
    return f->remote ? display_remote_online(f->remote) : f->online;
}

static void go_offline(display_feed *f, const char *why)
{
    if (!f->logged_offline)
        fprintf(stderr, "dawr-display: the database does not answer (%s); showing the last known state\n", why);
    f->logged_offline = true;
    f->online = false;
}

static void close_queue(display_feed *f, const char *why)
{
    go_offline(f, why);   /* first: WHY may be the queue's own words */
    dawr_queue_close(f->q);
    f->q = NULL;
    f->data_version = -1;
    f->next_open_ms = dawr_clock_monotonic_us() / 1000 + REOPEN_MS;
}

static bool try_open(display_feed *f)
{
    struct stat st;
    if (stat(f->db_path, &st) < 0) { go_offline(f, strerror(errno)); return false; }
    char err[512];
    /* A screen must never stall on a writer: wait briefly, then show the last state. */
    f->q = dawr_queue_open(f->cfg, f->db_path, &(dawr_queue_options){ .read_only = 1, .busy_ms = 20 }, err, sizeof err);
    if (!f->q) { go_offline(f, err); return false; }
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->next_stat_ms = dawr_clock_monotonic_us() / 1000 + STAT_MS;
    return true;
}

bool display_call_flag(const dawr_event *ev, const char *name, bool absent)
{
    json_error_t jerr;
    json_t *d = ev->detail ? json_loads(ev->detail, 0, &jerr) : NULL;
    json_t *v = json_object_get(d, name);
    bool flag = json_is_boolean(v) ? json_is_true(v) : absent;
    json_decref(d);
    return flag;
}

typedef struct {
    display_feed *f;
    display_call_fn fn;
    void *ctx;
} event_walk;

static int on_event(const dawr_event *ev, void *arg)
{
    event_walk *w = arg;
    w->f->seen_event = ev->id;
    /* Calls, recalls and set-aside visits taken back, of visitors in the room only. */
    if ((ev->kind == DAWR_EVENT_CALL || ev->kind == DAWR_EVENT_RECALL || ev->kind == DAWR_EVENT_RESUME) && w->fn &&
        display_call_flag(ev, "screen", true))
        w->fn(ev, w->ctx);
    return 0;
}

bool display_feed_poll(display_feed *f, bool force, display_call_fn on_call, void *ctx)
{
    if (f->remote) return display_remote_poll(f->remote, force, on_call, ctx);
    long long now = dawr_clock_monotonic_us() / 1000;
    bool was_online = f->online;
    if (f->q && now >= f->next_stat_ms) {   /* removed or replaced (a restore): reopen */
        struct stat st;
        f->next_stat_ms = now + STAT_MS;
        if (stat(f->db_path, &st) < 0) close_queue(f, "the file is gone");
        else if (st.st_ino != f->ino || st.st_dev != f->dev) close_queue(f, "the file was replaced");
    }
    if (f->q) {                             /* restored in place (a new generation): read afresh */
        dawr_file_state fs = dawr_queue_watch_file(f->q);
        if (fs == DAWR_FILE_LOST) close_queue(f, dawr_queue_error(f->q));
        else if (fs == DAWR_FILE_RELOADED) { f->seen_event = -1; force = true; }
    }
    if (!f->q) {
        if (now < f->next_open_ms) return was_online != f->online;
        f->next_open_ms = now + REOPEN_MS;
        if (!try_open(f)) return was_online != f->online;
        force = true;
    }
    long long dv = dawr_queue_data_version(f->q);
    if (dv < 0) { go_offline(f, dawr_queue_error(f->q)); return was_online != f->online; }
    if (dv == f->data_version && !force && f->online) return false;
    dawr_status st;
    memset(&st, 0, sizeof st);     /* compared whole below, padding included */
    if (dawr_queue_status(f->q, &st) != DAWR_OK) {
        go_offline(f, dawr_queue_error(f->q));
        return was_online != f->online;
    }
    /* The first sight of a database announces nothing old; a database replaced by an older
     * one (a restore) starts again from its newest event. */
    if (f->seen_event < 0 || st.last_event_id < f->seen_event) f->seen_event = st.last_event_id;
    else if (st.last_event_id > f->seen_event) {
        event_walk w = { f, on_call, ctx };
        if (dawr_queue_events(f->q, f->seen_event, 0, on_event, &w) != DAWR_OK) {
            go_offline(f, dawr_queue_error(f->q));
            return was_online != f->online;
        }
    }
    f->data_version = dv;
    bool changed = memcmp(&st, &f->status, sizeof st) != 0 || !f->online;
    f->status = st;
    if (!f->online && f->logged_offline) fprintf(stderr, "dawr-display: the database answers again\n");
    f->online = true;
    f->logged_offline = false;
    return changed;
}
