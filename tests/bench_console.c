/* Benchmark of the staff console over real HTTP on loopback: call-next latency with 20 counters
 * pressing at once, how long one call takes to reach 50 open Server-Sent-Event streams, and a
 * visitor's help press at the kiosk until 20 raw streams have it (p99; the banner drawn in real
 * pages is tests/bench_console_browser), and a signed-in call-next and the screens' /api/screen
 * quiet and while 256 hostile connections (128 from each of two addresses) trickle one header
 * line a second and open again when closed (p99 each).
 * Prints "name: value unit" lines. */
#include "staff.h"
#include "testutil.h"
#include "consoleutil.h"

#include <poll.h>
#include <pthread.h>

enum { CLIENTS = 20, ROUNDS = 25, STREAMS = 50, FANOUTS = 7, ALONE = 40, HELP_PAGES = 20, HELP_ROUNDS = 100,
       HOSTILE = 128, UNDER_ATTACK = 100 };

static console_proc server;
static pthread_barrier_t start_line;
static double latencies[CLIENTS * ROUNDS];

typedef struct { int index; staff who; } client;

static void *press(void *arg)
{
    client *c = arg;
    http_reply *r = malloc(sizeof *r);
    pthread_barrier_wait(&start_line);
    for (int i = 0; i < ROUNDS; i++) {
        double t0 = now_seconds();
        int status = staff_do(&c->who, "POST", "/api/call-next", NULL, r);
        latencies[c->index * ROUNDS + i] = status == 200 ? now_seconds() - t0 : -1;
        staff_do(&c->who, "POST", "/api/done", NULL, r);
    }
    free(r);
    return NULL;
}

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Reads what has arrived on FD; returns 1 when a change event beyond the first came. */
static int drain(int fd, char *buf, size_t *len, size_t size)
{
    ssize_t n = recv(fd, buf + *len, size - 1 - *len, MSG_DONTWAIT);
    if (n > 0) { *len += (size_t)n; buf[*len] = 0; }
    return *len > 0;
}

static int count_named(const char *buf, const char *what)
{
    int n = 0;
    for (const char *p = buf; (p = strstr(p, what)); p++) n++;
    return n;
}

static int count_events(const char *buf)
{
    int n = 0;
    for (const char *p = buf; (p = strstr(p, "event: change")); p++) n++;
    return n;
}

/* The p99 of UNDER_ATTACK signed-in call-next (each with its done) as WHO and of as many
 * /api/screen, alternating, into *CALL and *SCREEN (seconds; a failed one counts as 10 s). */
static void measure_pair(const staff *who, http_reply *r, double *call, double *screen)
{
    static double calls[UNDER_ATTACK], screens[UNDER_ATTACK];
    for (int i = 0; i < UNDER_ATTACK; i++) {
        double t0 = now_seconds();
        calls[i] = staff_do(who, "POST", "/api/call-next", NULL, r) == 200 ? now_seconds() - t0 : 10;
        staff_do(who, "POST", "/api/done", NULL, r);
        t0 = now_seconds();
        screens[i] = http_do(who->port, "GET", "/api/screen", NULL, NULL, r) == 200 ? now_seconds() - t0 : 10;
    }
    qsort(calls, UNDER_ATTACK, sizeof calls[0], compare);
    qsort(screens, UNDER_ATTACK, sizeof screens[0], compare);
    *call = calls[(int)(UNDER_ATTACK * 0.99)];
    *screen = screens[(int)(UNDER_ATTACK * 0.99)];
}

int main(void)
{
    signal(SIGPIPE, SIG_IGN);
    const char *dir = scratch_dir("bench-console");
    char config[700], db[700], err[512];
    snprintf(config, sizeof config, "%s/bench.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    FILE *f = fopen(config, "w");
    fprintf(f, "[service q]\nprefix = A\nname_ar = استفسار\nname_en = Inquiry\n");
    for (int i = 1; i <= CLIENTS; i++)
        fprintf(f, "[counter %d]\nname_ar = شباك %d\nname_en = Desk %d\nservices = q\n", i, i, i);
    fclose(f);

    dawr_config *cfg = dawr_config_load(config, err, sizeof err);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err) : NULL;
    if (!q) { fprintf(stderr, "bench_console: %s\n", err); return 1; }
    char id[8];
    for (int i = 1; i <= CLIENTS; i++) {
        snprintf(id, sizeof id, "%d", i);
        dawr_staff_set_pin(q, id, "123456", err, sizeof err);
    }
    for (int i = 0; i < CLIENTS * ROUNDS + FANOUTS + ALONE + 1 + 2 * UNDER_ATTACK; i++) dawr_queue_issue(q, "q", 0, NULL);
    dawr_queue_close(q);
    dawr_config_free(cfg);

    if (console_start(&server, config, db, NULL) != 0) return 1;
    static client clients[CLIENTS];
    http_reply *r = malloc(sizeof *r);
    for (int i = 0; i < CLIENTS; i++) {
        snprintf(id, sizeof id, "%d", i + 1);
        clients[i].index = i;
        if (staff_sign_in(&clients[i].who, server.port, id, "123456", r) != 200) {
            fprintf(stderr, "bench_console: sign-in at %s: %d %s\n", id, r->status, r->body);
            return 1;
        }
    }

    /* One counter alone: the cost of one call itself (one durable transaction). */
    double alone[ALONE];
    for (int i = 0; i < ALONE; i++) {
        double t1 = now_seconds();
        staff_do(&clients[0].who, "POST", "/api/call-next", NULL, r);
        alone[i] = now_seconds() - t1;
        staff_do(&clients[0].who, "POST", "/api/done", NULL, r);
    }
    qsort(alone, ALONE, sizeof alone[0], compare);
    printf("console_call_next_p50_1_client: %.2f ms\n", alone[ALONE / 2] * 1000);

    /* Quiet, then under attack: the same calls, the same way. */
    double quiet_call, quiet_screen, hostile_call, hostile_screen;
    measure_pair(&clients[0].who, r, &quiet_call, &quiet_screen);
    trickle a = { .from = "127.0.0.2", .port = server.port, .count = HOSTILE, .line_every = 1 };
    trickle b = { .from = "127.0.0.3", .port = server.port, .count = HOSTILE, .line_every = 1 };
    trickle_start(&a);
    trickle_start(&b);
    usleep(1500000);                   /* every hostile connection open and trickling */
    measure_pair(&clients[0].who, r, &hostile_call, &hostile_screen);
    trickle_stop(&a);
    trickle_stop(&b);
    printf("console_call_next_p99_quiet: %.2f ms\n", quiet_call * 1000);
    printf("console_call_next_p99_256_hostile: %.2f ms (%.1fx quiet; target within 2x)\n", hostile_call * 1000,
           hostile_call / quiet_call);
    printf("console_screen_p99_quiet: %.2f ms\n", quiet_screen * 1000);
    printf("console_screen_p99_256_hostile: %.2f ms (%.1fx quiet; target within 2x; hostile connections closed: %d)\n",
           hostile_screen * 1000, hostile_screen / quiet_screen, a.reopened + b.reopened);

    pthread_barrier_init(&start_line, NULL, CLIENTS);
    pthread_t threads[CLIENTS];
    double t0 = now_seconds();
    for (int i = 0; i < CLIENTS; i++) pthread_create(&threads[i], NULL, press, &clients[i]);
    for (int i = 0; i < CLIENTS; i++) pthread_join(threads[i], NULL);
    double elapsed = now_seconds() - t0;
    int ok = 0;
    for (int i = 0; i < CLIENTS * ROUNDS; i++)
        if (latencies[i] >= 0) latencies[ok++] = latencies[i];
    qsort(latencies, ok, sizeof latencies[0], compare);
    if (ok < CLIENTS * ROUNDS) fprintf(stderr, "bench_console: %d of %d calls failed\n", CLIENTS * ROUNDS - ok,
                                       CLIENTS * ROUNDS);
    if (ok) {
        printf("console_call_next_p50_20_clients: %.2f ms\n", latencies[ok / 2] * 1000);
        printf("console_call_next_p99_20_clients: %.2f ms\n", latencies[(int)(ok * 0.99)] * 1000);
        printf("console_call_next_throughput: %.0f calls/s (each with its done)\n", ok / elapsed);
    }

    /* Fifty open streams, then one call: the time until the last stream has heard of it. */
    static int fds[STREAMS];
    static char bufs[STREAMS][4096];
    static size_t lens[STREAMS];
    char req[400];
    for (int i = 0; i < STREAMS; i++) {
        /* Spread over the sessions: one session keeps only DAWR_SSE_PER_SESSION streams. */
        snprintf(req, sizeof req, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n",
                 clients[i % CLIENTS].who.cookie);
        fds[i] = http_connect(server.port, 5);
        if (fds[i] < 0 || send_all(fds[i], req, strlen(req)) != 0) { fprintf(stderr, "bench_console: stream %d\n", i); return 1; }
    }
    double fanout[FANOUTS];
    int measured = 0;
    for (int round = 0; round < FANOUTS; round++) {
        int before[STREAMS];
        double settle = now_seconds() + 1.0;      /* let every stream show what it has so far */
        while (now_seconds() < settle)
            for (int i = 0; i < STREAMS; i++) drain(fds[i], bufs[i], &lens[i], sizeof bufs[i]);
        for (int i = 0; i < STREAMS; i++) {
            if (lens[i] > sizeof bufs[i] / 2) lens[i] = bufs[i][0] = 0;   /* keep room */
            before[i] = count_events(bufs[i]);
        }
        double start = now_seconds();
        staff_do(&clients[0].who, "POST", "/api/call-next", NULL, r);
        int heard = 0;
        while (heard < STREAMS && now_seconds() - start < 5) {
            struct pollfd p[STREAMS];
            for (int i = 0; i < STREAMS; i++) p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
            poll(p, STREAMS, 50);
            heard = 0;
            for (int i = 0; i < STREAMS; i++) {
                drain(fds[i], bufs[i], &lens[i], sizeof bufs[i]);
                heard += count_events(bufs[i]) > before[i];
            }
        }
        if (heard == STREAMS) fanout[measured++] = now_seconds() - start;
        staff_do(&clients[0].who, "POST", "/api/done", NULL, r);
    }
    qsort(fanout, measured, sizeof fanout[0], compare);
    if (measured) {
        printf("console_sse_fanout_50_streams_median: %.2f ms (call sent until all %d streams heard)\n",
               fanout[measured / 2] * 1000, STREAMS);
        printf("console_sse_fanout_50_streams_max: %.2f ms\n", fanout[measured - 1] * 1000);
    } else {
        printf("console_sse_fanout_50_streams_median: failed (not every stream heard the call)\n");
    }
    /* A visitor's help press at the kiosk (another program writing the database) until 20 open
     * streams have its "help" event, the banner's trigger; answered each round. */
    dawr_config *kcfg = dawr_config_load(config, err, sizeof err);
    dawr_queue *kiosk = kcfg ? dawr_queue_open(kcfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err) : NULL;
    if (!kiosk) fprintf(stderr, "bench_console: kiosk: %s\n", err);   /* measured as failed; the console still stops */
    double help[HELP_ROUNDS];
    int helped = 0;
    for (int round = 0; kiosk && round < HELP_ROUNDS; round++) {
        int before[HELP_PAGES];
        for (int i = 0; i < HELP_PAGES; i++) {
            drain(fds[i], bufs[i], &lens[i], sizeof bufs[i]);
            if (lens[i] > sizeof bufs[i] / 2) lens[i] = bufs[i][0] = 0;
            before[i] = count_named(bufs[i], "\"kind\":\"help\"");
        }
        double start = now_seconds();
        if (dawr_queue_help(kiosk, "kiosk", "home", NULL, NULL) != DAWR_OK) break;
        int heard = 0;
        while (heard < HELP_PAGES && now_seconds() - start < 5) {
            struct pollfd p[HELP_PAGES];
            for (int i = 0; i < HELP_PAGES; i++) p[i] = (struct pollfd){ .fd = fds[i], .events = POLLIN };
            poll(p, HELP_PAGES, 20);
            heard = 0;
            for (int i = 0; i < HELP_PAGES; i++) {
                drain(fds[i], bufs[i], &lens[i], sizeof bufs[i]);
                heard += count_named(bufs[i], "\"kind\":\"help\"") > before[i];
            }
        }
        if (heard == HELP_PAGES) help[helped++] = now_seconds() - start;
        staff_do(&clients[0].who, "POST", "/api/help-ack", "{}", r);
    }
    dawr_queue_close(kiosk);
    dawr_config_free(kcfg);
    qsort(help, helped, sizeof help[0], compare);
    if (helped == HELP_ROUNDS) {
        printf("console_help_to_20_streams_p50: %.2f ms (kiosk press until all %d raw streams had it)\n",
               help[helped / 2] * 1000, HELP_PAGES);
        printf("console_help_to_20_streams_p99: %.2f ms (stream only: the banner drawn in chromium is bench_console_browser)\n",
               help[(int)(helped * 0.99)] * 1000);
    } else {
        printf("console_help_to_20_streams_p99: failed (%d of %d presses reached every stream)\n", helped, HELP_ROUNDS);
    }
    for (int i = 0; i < STREAMS; i++) close(fds[i]);
    free(r);
    int status = console_stop(&server);
    return status == 0 && measured && helped == HELP_ROUNDS ? 0 : 1;
}
