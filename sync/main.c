/* dawr-sync: sends this appliance's event log to the association's central PostgreSQL, and
 * with --init-central / --add-branch makes the central schema and a branch's role. */
#include "app.h"
#include "branch.h"
#include "central.h"
#include "clock.h"
#include "notify.h"
#include "sender.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *program = "dawr-sync";
static volatile sig_atomic_t stopping;

static void on_signal(int sig) { (void)sig; stopping = 1; }

static void print_usage(FILE *to)
{
    fprintf(to, "usage: %s [--config FILE] [--db FILE] [--once] [--batch N] [--interval SECONDS] [--max-wait SECONDS]\n"
                "       %s [--config FILE] --init-central [--connection CONNINFO]\n"
                "       %s [--config FILE] --add-branch ID [--connection CONNINFO]\n"
                "       %s --help | --version\n"
                "Sends the log to [central] connection; --init-central makes or migrates the central schema and\n"
                "--add-branch makes a branch's role, both with the owner's CONNINFO. Exit: 0 done, 1 alarm (a\n"
                "payload the centre holds differently), 2 bad usage or configuration, 3 failed.\n",
            program, program, program, program);
}

static int usage(FILE *to)
{
    print_usage(to);
    return 2;
}

/* Sleeps MS milliseconds unless asked to stop. */
static void nap(long ms)
{
    while (ms > 0 && !stopping) {
        long step = ms < 200 ? ms : 200;
        struct timespec ts = { step / 1000, (step % 1000) * 1000000L };
        nanosleep(&ts, NULL);
        dawr_notify_watchdog();
        ms -= step;
    }
}

static long parse_count(const char *text, long lo, long hi)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    return errno || *end || end == text || v < lo || v > hi ? -1 : v;
}

/* The schema and the roles, with the owner's connection. */
static int admin(dawr_app *app, const char *connection, const char *add_branch)
{
    const char *conninfo = connection ? connection : dawr_config_branch(app->config)->central;
    if (!*conninfo) {
        fprintf(stderr, "%s: no connection: give --connection or [central] connection in %s\n", program, app->config_path);
        return 2;
    }
    char err[1024];
    dawr_central *c = dawr_central_connect(conninfo, err, sizeof err);
    if (!c) { fprintf(stderr, "%s: %s\n", program, err); return 3; }
    int rc;
    if (add_branch) {
        char role[80];
        rc = dawr_central_add_branch(c, add_branch, role, sizeof role, err, sizeof err);
        if (!rc) printf("branch %s may log in as the role %s (give it a password or a certificate)\n", add_branch, role);
    } else {
        char dir[1024];
        int version = 0;
        rc = dawr_central_init(c, dawr_asset_path("central", dir, sizeof dir), &version, err, sizeof err);
        if (!rc) printf("the central database is at schema version %d\n", version);
    }
    if (rc) fprintf(stderr, "%s: %s\n", program, err);
    dawr_central_close(c);
    return rc ? 3 : 0;
}

int main(int argc, char **argv)
{
    if (dawr_app_answer_gnu(program, argc, argv, print_usage)) return 0;
    dawr_app app;
    if (dawr_app_start(&app, program, &argc, argv) != 0) return 2;
    int once = 0, init = 0;
    long batch = 1000, interval = 5, max_wait = 300;
    const char *connection = NULL, *add_branch = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int has_value = i + 1 < argc;
        if (!strcmp(a, "--once")) once = 1;
        else if (!strcmp(a, "--init-central")) init = 1;
        else if (!strcmp(a, "--connection") && has_value) connection = argv[++i];
        else if (!strcmp(a, "--add-branch") && has_value) add_branch = argv[++i];
        else if (!strcmp(a, "--batch") && has_value) batch = parse_count(argv[++i], 1, 100000);
        else if (!strcmp(a, "--interval") && has_value) interval = parse_count(argv[++i], 1, 86400);
        else if (!strcmp(a, "--max-wait") && has_value) max_wait = parse_count(argv[++i], 1, 86400);
        else { fprintf(stderr, "%s: unknown or incomplete option %s\n", program, a); dawr_app_finish(&app); return usage(stderr); }
        if (batch < 0 || interval < 0 || max_wait < 0) {
            fprintf(stderr, "%s: %s takes a whole number in range, not \"%s\"\n", program, a, argv[i]);
            dawr_app_finish(&app);
            return 2;
        }
    }
    if (init || add_branch) {
        int rc = admin(&app, connection, add_branch);
        dawr_app_finish(&app);
        return rc;
    }
    const dawr_branch_settings *br = dawr_config_branch(app.config);
    const char *conninfo = connection ? connection : br->central;
    if (!*br->id || !*conninfo) {
        fprintf(stderr, "%s: %s: this appliance sends its log only with a [branch] id and a [central] connection\n",
                program, app.config_path);
        dawr_app_finish(&app);
        return 2;
    }
    char err[1024];
    dawr_queue *q = dawr_queue_open(app.config, app.db_path, NULL, err, sizeof err);
    if (!q) { fprintf(stderr, "%s: %s\n", program, err); dawr_app_finish(&app); return 3; }
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    dawr_central *c = NULL;
    int failures = 0, status = 0;
    dawr_notify_ready();                 /* sending needs no centre to be up */
    char last_said[1024] = "";
    while (!stopping) {
        int rc = DAWR_SYNC_FAILED;
        long long sent = 0;
        /* A database deleted or replaced under it: nothing is sent from (or written to) the old
         * file; a restored one is read afresh, its new generation sent from its start. */
        dawr_file_state fs = dawr_queue_watch_file(q);
        if (fs == DAWR_FILE_RELOADED) fprintf(stderr, "%s: %s\n", program, dawr_queue_error(q));
        if (fs == DAWR_FILE_LOST) {
            snprintf(err, sizeof err, "out of service: %s", dawr_queue_error(q));
        } else {
            if (!c) c = dawr_central_connect(conninfo, err, sizeof err);
            if (!c) dawr_branch_record_error(q, dawr_clock_now(), err);
            else rc = dawr_sync_round(q, app.config, c, (int)batch, &sent, err, sizeof err);
        }
        if (rc == DAWR_SYNC_SENT) {
            if (sent) fprintf(stderr, "%s: sent %lld events\n", program, sent);
            if (failures) fprintf(stderr, "%s: the centre takes the log again\n", program);
            failures = 0;
            last_said[0] = 0;
            status = 0;
        } else {
            /* Said once per new trouble, not every retry. */
            if (strcmp(last_said, err)) {
                fprintf(stderr, "%s: %s%s\n", program, rc == DAWR_SYNC_ALARM ? "ALARM: " : "", err);
                snprintf(last_said, sizeof last_said, "%s", err);
            }
            failures++;
            status = rc == DAWR_SYNC_ALARM ? 1 : 3;
            if (rc == DAWR_SYNC_FAILED) { dawr_central_close(c); c = NULL; }
        }
        if (once) break;
        nap(rc == DAWR_SYNC_SENT ? interval * 1000 : dawr_sync_backoff_ms(failures, max_wait * 1000));
    }
    dawr_notify_stopping();
    dawr_central_close(c);
    dawr_queue_close(q);
    dawr_app_finish(&app);
    return once ? status : 0;
}
