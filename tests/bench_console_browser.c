/* Benchmark: a visitor's help press until the banner is drawn on 20 signed-in console pages in
 * Debian's chromium (tests/browser/help_bench.mjs, playwright-core), printed beside the same
 * presses' stream-only figure as the reference. Skips, saying why, without node or chromium.
 *
 *   bench_console_browser              runs the benchmark (make bench)
 *   bench_console_browser --press CONFIG DB
 *                                      the kiosk's side, for the script: each "help" line on stdin
 *                                      makes a help call as the kiosk does (dawr_queue_help) and
 *                                      answers "WALL_MS RESULT", WALL_MS the wall clock just before
 *                                      the call; each "ack" line answers the oldest call (counter 1). */
#include "config.h"
#include "queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The kiosk's presses, on the wall clock the browser's pages read too (CLOCK_REALTIME). */
static int press_loop(const char *config, const char *db)
{
    char err[512], line[64];
    dawr_config *cfg = dawr_config_load(config, err, sizeof err);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, db, NULL, err, sizeof err) : NULL;
    if (!q) { fprintf(stderr, "bench_console_browser: %s\n", err); dawr_config_free(cfg); return 1; }
    while (fgets(line, sizeof line, stdin)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        int r = -1;
        if (!strcmp(line, "help\n")) r = dawr_queue_help(q, "kiosk", "home", NULL, NULL);
        else if (!strcmp(line, "ack\n")) r = dawr_queue_help_ack(q, "1", 0, NULL, NULL);
        printf("%.3f %d\n", ts.tv_sec * 1e3 + ts.tv_nsec / 1e6, r);
        fflush(stdout);
    }
    dawr_queue_close(q);
    dawr_config_free(cfg);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--press")) return press_loop(argv[2], argv[3]);
    const char *chromium = getenv("CHROMIUM") ? getenv("CHROMIUM") : "/usr/bin/chromium";
    if (run("command -v node >/dev/null 2>&1") != 0 || access(chromium, X_OK) != 0) {
        printf("console_help_banner_20_pages_p99: skipped: %s is not installed (apt-get install chromium nodejs)\n",
               access(chromium, X_OK) != 0 ? chromium : "node");
        return 0;
    }
    if (access("tests/browser/node_modules/playwright-core/package.json", R_OK) != 0 &&
        run("cd tests/browser && npm ci --no-audit --no-fund >&2") != 0) {
        fprintf(stderr, "npm ci in tests/browser failed: playwright-core could not be installed\n");
        return 1;
    }
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "PRESS='%s' node tests/browser/help_bench.mjs", argv[0]);
    return run(cmd) == 0 ? 0 : 1;
}
