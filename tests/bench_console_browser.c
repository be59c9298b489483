/* Benchmark: a visitor's help press until the banner is drawn on 20 signed-in console pages in
 * Debian's chromium (tests/browser/help_bench.mjs, playwright-core), printed beside the same
 * presses' stream-only figure as the reference. Skips, saying why, without node or chromium.
 *
 *   bench_console_browser              runs the benchmark (make bench)
 *   bench_console_browser --press CONFIG DB
 *                                      the kiosk's side, for the script: each "help" line on stdin
 *                                      makes a help call as the kiosk does (dawr_queue_help) and
 *                                      answers "WALL_MS RESULT", WALL_MS the wall clock just before
 *                                      the call; each "ack" line answers the oldest call (counter 1);
 *                                      "stream PORT COOKIE" opens one plain event stream, read by a
 *                                      thread here, and "streamed" answers "WALL_MS COUNT": when its
 *                                      latest "help" event came, and how many came (the reference). */
#include "config.h"
#include "queue.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int run(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static double wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The reference stream: when its latest "help" event arrived, and how many have. */
static pthread_mutex_t stream_lock = PTHREAD_MUTEX_INITIALIZER;
static double stream_help_at;
static int stream_helps;

static void *read_stream(void *arg)
{
    int fd = *(int *)arg;
    static char buf[1 << 16];
    size_t len = 0;
    for (;;) {
        ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
        if (n <= 0) return NULL;
        double at = wall_ms();
        len += (size_t)n;
        buf[len] = 0;
        int found = 0;
        char *p = buf, *end;
        while ((end = strstr(p, "\n\n"))) {       /* whole events only */
            *end = 0;
            if (strstr(p, "event: help\n") && strstr(p, "\"kind\":\"help\"")) found++;
            p = end + 2;
        }
        len -= (size_t)(p - buf);
        memmove(buf, p, len + 1);
        if (found) {
            pthread_mutex_lock(&stream_lock);
            stream_help_at = at;
            stream_helps += found;
            pthread_mutex_unlock(&stream_lock);
        }
    }
}

static int open_stream(int port, const char *cookie)
{
    static int fd;
    fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    char req[1024];
    int n = snprintf(req, sizeof req, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n", cookie);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0 || send(fd, req, (size_t)n, 0) != n) return -1;
    pthread_t t;
    return pthread_create(&t, NULL, read_stream, &fd) == 0 ? 0 : -1;
}

/* The kiosk's presses, on the wall clock the browser's pages read too (CLOCK_REALTIME). */
static int press_loop(const char *config, const char *db)
{
    char err[512], line[512];
    dawr_config *cfg = dawr_config_load(config, err, sizeof err);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, db, NULL, err, sizeof err) : NULL;
    if (!q) { fprintf(stderr, "bench_console_browser: %s\n", err); dawr_config_free(cfg); return 1; }
    while (fgets(line, sizeof line, stdin)) {
        double at = wall_ms();
        int r = -1, port = 0;
        char cookie[400];
        if (!strcmp(line, "help\n")) r = dawr_queue_help(q, "kiosk", "home", NULL, NULL);
        else if (!strcmp(line, "ack\n")) r = dawr_queue_help_ack(q, "1", 0, NULL, NULL);
        else if (sscanf(line, "stream %d %399s", &port, cookie) == 2) r = open_stream(port, cookie);
        else if (!strcmp(line, "streamed\n")) {
            pthread_mutex_lock(&stream_lock);
            at = stream_help_at;
            r = stream_helps;
            pthread_mutex_unlock(&stream_lock);
        }
        printf("%.3f %d\n", at, r);
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
