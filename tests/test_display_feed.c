/* The waiting-room screen's feed (display/feed.c) without SDL: a real SQLite file written
 * through the engine as the counters write it, watched by the feed's own read-only
 * connection. Calls are announced once, a recall again; the counts follow; a database that
 * is removed, missing or replaced takes the screen offline and back. */
#include "harness.h"
#include "testutil.h"

#include "display.h"

#include <unistd.h>

static char db[700];
static dawr_config *cfg;

/* The calls the feed announced since the last reset. */
static struct { dawr_event_kind kind; char code[16], counter[33]; } calls[16];
static int call_count;

static void on_call(const dawr_event *ev, void *ctx)
{
    (void)ctx;
    if (call_count < 16) {
        calls[call_count].kind = ev->kind;
        snprintf(calls[call_count].code, sizeof calls[0].code, "%s", ev->code);
        snprintf(calls[call_count].counter, sizeof calls[0].counter, "%s", ev->counter);
    }
    call_count++;
}

/* One poll; the calls it announced are counted from zero. Returns what poll returned. */
static bool poll_once(display_feed *f, bool force)
{
    call_count = 0;
    return display_feed_poll(f, force, on_call, NULL);
}

/* Polls every 50 ms until the feed's online state is WANT or 5 s passed. Returns whether it came. */
static bool poll_until_online(display_feed *f, bool want)
{
    for (int i = 0; i < 100; i++) {
        poll_once(f, false);
        if (display_feed_online(f) == want) return true;
        usleep(50000);
    }
    return false;
}

/* Waiting tickets of SERVICE_ID in the feed's last status; -1 when the service is not there. */
static int waiting(const display_feed *f, const char *service_id)
{
    const dawr_status *st = display_feed_status(f);
    for (int i = 0; i < st->service_count; i++)
        if (!strcmp(st->services[i].service->id, service_id)) return st->services[i].waiting;
    return -1;
}

static dawr_queue *open_db(void)
{
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "%s\n", err); exit(2); }
    return q;
}

static void setup(const char *name)
{
    snprintf(db, sizeof db, "%s", scratch_db(name));
    if (!cfg) cfg = load_default_config();
    setenv("DAWR_NOW", "2026-11-25T10:00:00", 1);
    dawr_clock_use_timezone(dawr_config_settings(cfg)->timezone);
}

static void calls_once_recall_again_counts(void)
{
    setup("feed-calls");
    dawr_queue *q = open_db();
    REQUIRE(dawr_queue_issue(q, "new_request", 0, NULL) == DAWR_OK, "%s", dawr_queue_error(q));
    REQUIRE(dawr_queue_call_next(q, "1", NULL) == DAWR_OK, "%s", dawr_queue_error(q));
    display_feed *f = display_feed_new(cfg, db);
    REQUIRE(f, "no feed");
    CHECK(!display_feed_online(f), "online before the first poll");
    /* The first sight of the store announces nothing old. */
    CHECK(poll_once(f, true), "the first poll changed nothing");
    CHECK(display_feed_online(f), "offline on a good database");
    CHECK_INT(call_count, 0);
    CHECK_INT(waiting(f, "new_request"), 0);
    /* Issued tickets: the counts move, nobody is called. */
    for (int i = 0; i < 3; i++) dawr_queue_issue(q, "inquiry", 0, NULL);
    dawr_queue_issue(q, "new_request", 0, NULL);
    CHECK(poll_once(f, false), "new tickets changed nothing");
    CHECK_INT(call_count, 0);
    CHECK_INT(waiting(f, "inquiry"), 3);
    CHECK_INT(waiting(f, "new_request"), 1);
    CHECK(!poll_once(f, false), "a poll with nothing new said something changed");
    /* A call is announced once. */
    REQUIRE(dawr_queue_serve(q, "1", NULL) == DAWR_OK && dawr_queue_done(q, "1", NULL) == DAWR_OK, "%s",
            dawr_queue_error(q));
    dawr_ticket t;
    REQUIRE(dawr_queue_call_next(q, "2", &t) == DAWR_OK, "%s", dawr_queue_error(q));
    CHECK(poll_once(f, false), "a call changed nothing");
    REQUIRE(call_count == 1, "%d calls announced", call_count);
    CHECK_STR(dawr_event_kind_name(calls[0].kind), "call");
    CHECK_STR(calls[0].code, t.code);
    CHECK_STR(calls[0].counter, "2");
    CHECK_INT(waiting(f, "new_request") + waiting(f, "inquiry"), 3);
    CHECK(display_feed_status(f)->recent_call_count >= 1 &&
          !strcmp(display_feed_status(f)->recent_calls[0].code, t.code), "the newest call is not first");
    poll_once(f, true);
    CHECK_INT(call_count, 0);
    /* A recall is announced again. */
    REQUIRE(dawr_queue_recall(q, "2", NULL) == DAWR_OK, "%s", dawr_queue_error(q));
    poll_once(f, false);
    REQUIRE(call_count == 1, "%d calls announced", call_count);
    CHECK_STR(dawr_event_kind_name(calls[0].kind), "recall");
    CHECK_STR(calls[0].code, t.code);
    /* Two calls between polls: both, oldest first. */
    dawr_ticket a, b;
    REQUIRE(dawr_queue_call_next(q, "1", &a) == DAWR_OK && dawr_queue_serve(q, "2", NULL) == DAWR_OK &&
            dawr_queue_done(q, "2", NULL) == DAWR_OK && dawr_queue_call_next(q, "2", &b) == DAWR_OK, "%s",
            dawr_queue_error(q));
    poll_once(f, false);
    REQUIRE(call_count == 2, "%d calls announced", call_count);
    CHECK_STR(calls[0].code, a.code);
    CHECK_STR(calls[1].code, b.code);
    CHECK_INT(waiting(f, "new_request") + waiting(f, "inquiry"), 1);
    display_feed_free(f);
    dawr_queue_close(q);
}

static void remove_db(void)
{
    char path[800];
    unlink(db);
    snprintf(path, sizeof path, "%s-wal", db);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", db);
    unlink(path);
}

static void removed_and_recreated(void)
{
    setup("feed-removed");
    dawr_queue *q = open_db();
    dawr_queue_issue(q, "inquiry", 0, NULL);
    dawr_queue_issue(q, "inquiry", 0, NULL);
    display_feed *f = display_feed_new(cfg, db);
    REQUIRE(f, "no feed");
    poll_once(f, true);
    REQUIRE(display_feed_online(f), "offline on a good database");
    CHECK_INT(waiting(f, "inquiry"), 2);
    /* Removed: offline, the last known state kept on the screen. */
    dawr_queue_close(q);
    remove_db();
    CHECK(poll_until_online(f, false), "still online on a removed database");
    CHECK_INT(waiting(f, "inquiry"), 2);
    /* Created again (a restore): back online with what the new file holds, nothing old announced. */
    q = open_db();
    dawr_queue_issue(q, "documents", 0, NULL);
    CHECK(poll_until_online(f, true), "still offline on the new database");
    CHECK_INT(call_count, 0);
    CHECK_INT(waiting(f, "inquiry"), 0);
    CHECK_INT(waiting(f, "documents"), 1);
    /* and it follows the new file */
    REQUIRE(dawr_queue_call_next(q, "1", NULL) == DAWR_OK, "%s", dawr_queue_error(q));
    poll_once(f, false);
    REQUIRE(call_count == 1, "%d calls announced", call_count);
    CHECK_STR(calls[0].code, "E-001");
    display_feed_free(f);
    dawr_queue_close(q);
}

static void missing_at_start(void)
{
    setup("feed-missing");
    display_feed *f = display_feed_new(cfg, db);
    REQUIRE(f, "a missing database must not stop the feed");
    poll_once(f, true);
    CHECK(!display_feed_online(f), "online without a database");
    CHECK_INT(display_feed_status(f)->service_count, 0);
    dawr_queue *q = open_db();
    dawr_queue_issue(q, "complaint", 0, NULL);
    CHECK(poll_until_online(f, true), "still offline once the database is there");
    CHECK_INT(waiting(f, "complaint"), 1);
    CHECK_INT(call_count, 0);
    display_feed_free(f);
    dawr_queue_close(q);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "calls_once_recall_again_counts", calls_once_recall_again_counts },
        { "removed_and_recreated", removed_and_recreated },
        { "missing_at_start", missing_at_start },
        { NULL, NULL },
    };
    int rc = harness_main("display_feed", cases, argc, argv);
    dawr_config_free(cfg);
    return rc;
}
