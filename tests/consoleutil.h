/* Helpers for the console's tests and benchmark: start the real build/dawr-console on a free
 * loopback port, talk plain HTTP/1.1 to it over sockets, sign in as staff. */
#ifndef DAWR_CONSOLEUTIL_H
#define DAWR_CONSOLEUTIL_H

#include <arpa/inet.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

static inline double now_seconds(void)
{
    return dawr_clock_monotonic_us() / 1e6;
}

typedef struct { pid_t pid; int port; } console_proc;

/* Starts dawr-console with CONFIG and DB on 127.0.0.1:0, plus EXTRA (NULL-terminated, may be
 * NULL); reads the port it prints. Returns 0, or -1. */
static inline int console_start(console_proc *c, const char *config, const char *db, const char *const *extra)
{
    int fds[2];
    if (pipe(fds) != 0) return -1;
    char program[600];
    snprintf(program, sizeof program, "%s/dawr-console", build_dir());
    const char *argv[20] = { program, "--config", config, "--db", db, "--listen", "127.0.0.1:0" };
    int n = 7;
    for (int i = 0; extra && extra[i] && n < 19; i++) argv[n++] = extra[i];
    argv[n] = NULL;
    c->pid = fork();
    if (c->pid < 0) return -1;
    if (c->pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execv(program, (char *const *)argv);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    char line[512] = "";
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    const char *at = got ? strstr(line, "127.0.0.1:") : NULL;
    c->port = at ? atoi(at + 10) : 0;
    if (c->port > 0) return 0;
    fprintf(stderr, "  dawr-console did not start: %s\n", line);
    kill(c->pid, SIGKILL);
    waitpid(c->pid, NULL, 0);
    return -1;
}

/* Stops it with SIGTERM; returns its exit status (0: clean, and no leaks under ASan). */
static inline int console_stop(console_proc *c)
{
    int st = 0;
    kill(c->pid, SIGTERM);
    if (waitpid(c->pid, &st, 0) < 0) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A connected socket to 127.0.0.1:PORT with a receive timeout, or -1. */
static inline int http_connect(int port, double timeout)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        if (fd >= 0) close(fd);
        return -1;
    }
    struct timeval tv = { .tv_sec = (time_t)timeout, .tv_usec = (suseconds_t)((timeout - (int)timeout) * 1e6) };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static inline int send_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = send(fd, data, len, MSG_NOSIGNAL);
        if (n <= 0) return -1;
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

typedef struct {
    int status;
    char head[4096];                   /* status line and headers */
    char body[262144];                 /* the pages' catalogue (/api/strings) is past 64 KiB */
} http_reply;

/* One request on its own connection. HEADERS are extra "Name: value\r\n" lines (may be NULL);
 * BODY (may be NULL) is sent as application/json. Returns the status, or -1. */
static inline int http_do(int port, const char *method, const char *path, const char *headers, const char *body,
                          http_reply *r)
{
    memset(r, 0, sizeof *r);
    int fd = http_connect(port, 10);
    if (fd < 0) return r->status = -1;
    static __thread char req[16384];
    size_t body_len = body ? strlen(body) : 0;
    int n = snprintf(req, sizeof req, "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n%s", method, path,
                     headers ? headers : "");
    if (body) n += snprintf(req + n, sizeof req - n, "Content-Type: application/json\r\nContent-Length: %zu\r\n", body_len);
    n += snprintf(req + n, sizeof req - n, "\r\n");
    static __thread char in[sizeof r->head + sizeof r->body];
    size_t got = 0;
    if (send_all(fd, req, (size_t)n) == 0 && (!body || send_all(fd, body, body_len) == 0)) {
        ssize_t k;
        while (got < sizeof in - 1 && (k = recv(fd, in + got, sizeof in - 1 - got, 0)) > 0) got += (size_t)k;
    }
    close(fd);
    in[got] = 0;
    char *split = strstr(in, "\r\n\r\n");
    if (!split || sscanf(in, "HTTP/1.%*d %d", &r->status) != 1) return r->status = -1;
    size_t head_len = (size_t)(split - in);
    snprintf(r->head, sizeof r->head, "%.*s", (int)(head_len < sizeof r->head ? head_len : sizeof r->head - 1), in);
    snprintf(r->body, sizeof r->body, "%s", split + 4);
    return r->status;
}

/* The value of header NAME in R (case-insensitive) into OUT; "" when absent. */
static inline const char *http_header(const http_reply *r, const char *name, char *out, size_t size)
{
    out[0] = 0;
    size_t n = strlen(name);
    for (const char *line = strstr(r->head, "\r\n"); line; line = strstr(line + 2, "\r\n"))
        if (!strncasecmp(line + 2, name, n) && line[2 + n] == ':') {
            const char *v = line + 3 + n;
            while (*v == ' ') v++;
            size_t len = strcspn(v, "\r\n");
            snprintf(out, size, "%.*s", (int)(len < size ? len : size - 1), v);
            break;
        }
    return out;
}

/* Staff signed in at one counter. */
typedef struct {
    int port;
    char cookie[128];                  /* "console_session=..." */
    char csrf[80];
} staff;

/* Signs in at COUNTER with PIN. Returns the HTTP status (200 when signed in). */
static inline int staff_sign_in(staff *s, int port, const char *counter, const char *pin, http_reply *r)
{
    memset(s, 0, sizeof *s);
    s->port = port;
    char body[128];
    snprintf(body, sizeof body, "{\"counter\":\"%s\",\"pin\":\"%s\"}", counter, pin);
    if (http_do(port, "POST", "/api/sign-in", NULL, body, r) != 200) return r->status;
    char set_cookie[256];
    http_header(r, "Set-Cookie", set_cookie, sizeof set_cookie);
    snprintf(s->cookie, sizeof s->cookie, "%.*s", (int)strcspn(set_cookie, ";"), set_cookie);
    json_error_t e;
    json_t *j = json_loads(r->body, 0, &e);
    snprintf(s->csrf, sizeof s->csrf, "%s", j && json_string_value(json_object_get(j, "csrf"))
                                          ? json_string_value(json_object_get(j, "csrf")) : "");
    json_decref(j);
    return 200;
}

/* METHOD PATH as S, with its cookie and CSRF token, and BODY (may be NULL). Returns the status. */
static inline int staff_do(const staff *s, const char *method, const char *path, const char *body, http_reply *r)
{
    char headers[400];
    snprintf(headers, sizeof headers, "Cookie: %s\r\nX-CSRF-Token: %s\r\n", s->cookie, s->csrf);
    return http_do(s->port, method, path, headers, body, r);
}

/* The string at KEY (or "ticket.code"-style one level down) of R's JSON body into OUT. */
static inline const char *json_field(const http_reply *r, const char *key, char *out, size_t size)
{
    out[0] = 0;
    json_error_t e;
    json_t *j = json_loads(r->body, 0, &e), *v = j;
    char path[128];
    snprintf(path, sizeof path, "%s", key);
    char *save = NULL;
    for (char *part = strtok_r(path, ".", &save); part && v; part = strtok_r(NULL, ".", &save))
        v = json_object_get(v, part);
    if (json_is_string(v)) snprintf(out, size, "%s", json_string_value(v));
    else if (json_is_integer(v)) snprintf(out, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_boolean(v)) snprintf(out, size, "%s", json_is_true(v) ? "true" : "false");
    else if (json_is_null(v)) snprintf(out, size, "null");
    json_decref(j);
    return out;
}

/* Sets PIN for COUNTER with the real dawrctl, after `dawrctl init` (only init makes a database;
 * on one already there it changes nothing). Returns the exit status. */
static inline int set_pin(const char *config, const char *db, const char *counter, const char *pin)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s init >/dev/null && "
             "echo '%s' | %s/dawrctl --config %s --db %s set-pin %s >/dev/null", build_dir(), config, db, pin,
             build_dir(), config, db, counter);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The body of R as JSON (NULL, said on stderr, when it is not). */
static inline json_t *body_json(const http_reply *r)
{
    json_error_t e;
    json_t *j = json_loads(r->body, 0, &e);
    if (!j) fprintf(stderr, "  not JSON: %s\n", r->body);
    return j;
}

/* The refusal's "code" in R is WANT (a harness.h check). */
#define CHECK_CODE(r, want) do { char c_[64]; CHECK_STR(json_field(&(r), "code", c_, sizeof c_), want); } while (0)

/* A test's own appliance in a scratch folder: its database, its configuration and the folder
 * where the receipt printer writes each slip as a PNG file (the real bitmap, ticket-ID.png). */
typedef struct {
    char db[700], conf[700], previews[700];
} console_fixture;

/* Makes NAME's fixture: the configuration BASE (its "format = raster" made "format = preview"
 * into PREVIEWS), then a database by `dawrctl init` with the PINs 1111, 2222, ... at counters 1
 * to PINS. The console is started on it with console_start(&server, f->conf, f->db, NULL).
 * Returns 0, or -1 saying why on stderr. */
static inline int console_fixture_make(console_fixture *f, const char *name, const char *base, int pins)
{
    const char *dir = scratch_dir(name);
    if (!dir) return -1;
    snprintf(f->db, sizeof f->db, "%s/dawr.db", dir);
    snprintf(f->conf, sizeof f->conf, "%s/dawr.conf", dir);
    snprintf(f->previews, sizeof f->previews, "%s/receipts", dir);
    mkdir(f->previews, 0755);
    static char text[65536], edited[70000];
    read_file_into(base, text, sizeof text);
    char *format = strstr(text, "format = raster");
    if (!format) { fprintf(stderr, "  no \"format = raster\" in %s\n", base); return -1; }
    *format = 0;
    snprintf(edited, sizeof edited, "%sformat = preview\npreview_dir = %s%s", text, f->previews, format + 15);
    write_file(f->conf, edited);
    for (int i = 1; i <= pins; i++) {
        char counter[16], pin[16];
        snprintf(counter, sizeof counter, "%d", i);
        snprintf(pin, sizeof pin, "%d%d%d%d", i % 10, i % 10, i % 10, i % 10);
        if (set_pin(f->conf, f->db, counter, pin) != 0) { fprintf(stderr, "  no PIN at counter %d\n", i); return -1; }
    }
    return 0;
}

/* How many events F's log holds. */
static inline long long fixture_events(const console_fixture *f) { return query_int(f->db, "SELECT count(*) FROM events"); }

/* The file's size, 0 when absent: the preview printer writes ticket-ID.png. */
static inline long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* A non-blocking socket from the loopback address FROM (127.0.0.2, ...) to 127.0.0.1:PORT,
 * connecting; or -1. Binding the source gives each hostile client its own address. */
static inline int connect_from(const char *from, int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    struct sockaddr_in me = { .sin_family = AF_INET }, to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    inet_pton(AF_INET, from, &me.sin_addr);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&me, sizeof me) != 0 ||
        (connect(fd, (struct sockaddr *)&to, sizeof to) != 0 && errno != EINPROGRESS)) {
        if (fd >= 0) close(fd);
        return -1;
    }
    return fd;
}

/* A hostile client: COUNT connections from FROM, each sending a request line and then one
 * header line every LINE_EVERY seconds, never finishing; one the server closes is opened again
 * at once. REOPENED counts those closings. */
typedef struct {
    const char *from;
    int port, count;
    double line_every;
    volatile int stop;
    int reopened;
    pthread_t thread;
} trickle;

static inline void *trickle_run(void *arg)
{
    trickle *t = arg;
    int fds[256], sent[256];
    for (int i = 0; i < t->count; i++) { fds[i] = connect_from(t->from, t->port); sent[i] = 0; }
    double next_line = now_seconds();
    while (!t->stop) {
        int line = now_seconds() >= next_line;
        if (line) next_line += t->line_every;
        for (int i = 0; i < t->count; i++) {
            struct pollfd p = { .fd = fds[i], .events = POLLRDHUP };
            char sink[256];
            int gone = fds[i] < 0 || (poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) &&
                                      recv(fds[i], sink, sizeof sink, MSG_DONTWAIT) <= 0);
            if (gone) {
                if (fds[i] >= 0) { close(fds[i]); t->reopened++; }
                fds[i] = connect_from(t->from, t->port);
                sent[i] = 0;
                continue;
            }
            if (!sent[i]) {
                static const char head[] = "GET /api/screen HTTP/1.1\r\nHost: 127.0.0.1\r\n";
                if (send(fds[i], head, sizeof head - 1, MSG_NOSIGNAL) == (ssize_t)sizeof head - 1) sent[i] = 1;
            } else if (line) {
                send(fds[i], "X-Slow: 1\r\n", 11, MSG_NOSIGNAL);
            }
        }
        usleep(20000);
    }
    for (int i = 0; i < t->count; i++)
        if (fds[i] >= 0) close(fds[i]);
    return NULL;
}

static inline int trickle_start(trickle *t) { return pthread_create(&t->thread, NULL, trickle_run, t); }
static inline void trickle_stop(trickle *t) { t->stop = 1; pthread_join(t->thread, NULL); }

/* How many sockets process PID has open. */
static inline int open_sockets(pid_t pid)
{
    char dir[64], path[400], target[64];
    snprintf(dir, sizeof dir, "/proc/%d/fd", (int)pid);
    int n = 0;
    for (int fd = 0; fd < 4096; fd++) {
        snprintf(path, sizeof path, "%s/%d", dir, fd);
        ssize_t len = readlink(path, target, sizeof target - 1);
        if (len > 0) { target[len] = 0; n += !strncmp(target, "socket:", 7); }
    }
    return n;
}

#endif
