/* Fuzzes the console's request handling through the same code the server runs: the real
 * libmicrohttpd server of console/http.c with console_api_handle on loopback, a database in a
 * temp file, receipts to the preview backend. Each input is the raw bytes of one connection
 * (method, path, headers, body, or none of these well formed), sent whole and then closed for
 * writing; "@S@" and "@C@" in it become a signed-in session's cookie value and CSRF token, so
 * the signed-in routes are reached too. Never a crash or a leak, and the server stays up. */
#include "api.h"
#include "app.h"
#include "clock.h"
#include "http.h"
#include "session.h"
#include "slips.h"
#include "sse.h"
#include "staff.h"
#include "text_i18n.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static console con;
static console_http *con_http;
static dawr_config *con_cfg;
static char con_dir[64], con_token[DAWR_SESSION_TOKEN], con_csrf[DAWR_SESSION_TOKEN];
static int con_port;

static void con_cleanup(void)
{
    console_sse_close_all(con.sse);
    for (int i = 0; i < 5 && console_sse_count(con.sse) > 0; i++) console_http_wait(con_http, 5);
    console_http_stop(con_http);
    dawr_slips_close(con.slips);
    console_sse_free(con.sse);
    console_files_close(con.files);
    console_sessions_free(con.sessions);
    dawr_queue_close(con.queue);
    dawr_config_free(con_cfg);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", con_dir);
    if (system(cmd) != 0) fprintf(stderr, "fuzz_console: %s was left\n", con_dir);
}

/* The association's configuration with receipts as preview files in DIR. */
static dawr_config *preview_config(const char *dir, char *err, size_t err_size)
{
    char path[1024], conf[128];
    static char text[1 << 16], out[(1 << 16) + 256];
    FILE *f = fopen(dawr_asset_path("dawr.conf", path, sizeof path), "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f) fclose(f);
    text[n] = 0;
    char *fmt = strstr(text, "format = raster\n"), *queue = strstr(text, "queue = dawr-receipt\n");
    if (!fmt || queue < fmt) { snprintf(err, err_size, "the [printer] of %s changed", path); return NULL; }
    snprintf(out, sizeof out, "%.*sformat = preview\npreview_dir = %s\n%.*s%s", (int)(fmt - text), text, dir,
             (int)(queue - fmt - strlen("format = raster\n")), fmt + strlen("format = raster\n"),
             queue + strlen("queue = dawr-receipt\n"));
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    f = fopen(conf, "w");
    if (!f) { snprintf(err, err_size, "cannot write %s", conf); return NULL; }
    fputs(out, f);
    fclose(f);
    return dawr_config_load(conf, err, err_size);
}

/* The console as dawr-console starts it, on 127.0.0.1 and any free port, with PIN 1111 at
 * counter 1, one session signed in there and tickets waiting. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[1200], db[128], pages[1024];
    signal(SIGPIPE, SIG_IGN);
    snprintf(con_dir, sizeof con_dir, "%s/dawr-fuzz-console-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(con_dir)) abort();
    snprintf(db, sizeof db, "%s/dawr.db", con_dir);
    if (!(con_cfg = preview_config(con_dir, err, sizeof err)) || dawr_i18n_open(NULL, err, sizeof err) < 0 ||
        !(con.queue = dawr_queue_open(con_cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err)) ||
        dawr_staff_set_pin(con.queue, "1", "1111", err, sizeof err) != DAWR_OK ||
        !(con.slips = dawr_slips_open(con_cfg, con.queue, err, sizeof err)) ||
        !(con.files = console_files_open(dawr_asset_path("console", pages, sizeof pages), err, sizeof err)) ||
        !(con_http = console_http_start("127.0.0.1", 0, console_api_handle, &con, err, sizeof err))) {
        fprintf(stderr, "fuzz_console: %s\n", err);
        abort();
    }
    con.cfg = con_cfg;
    dawr_queue_set_busy_ms(con.queue, 50);
    con.sessions = console_sessions_new(3600);
    con.sse = console_sse_new();
    const console_session *s = console_sessions_create(con.sessions, "1", dawr_clock_monotonic_us() / 1e6);
    if (!s || !con.sse) abort();
    snprintf(con_token, sizeof con_token, "%s", s->token);
    snprintf(con_csrf, sizeof con_csrf, "%s", s->csrf);
    dawr_ticket t;
    for (int i = 0; i < 5; i++) dawr_queue_issue(con.queue, "inquiry", 0, &t);
    /* One receipt printed first, so the fonts and the printing thread are there before any
     * input: what they keep for the process's life is no input's leak. */
    if (dawr_slips_print(con.slips, &t, DAWR_LANG_AR, DAWR_SLIP_REPRINT) < 0) abort();
    for (int i = 0; i < 100; i++) { dawr_slips_poll(con.slips); usleep(10000); }
    con_port = console_http_port(con_http);
    atexit(con_cleanup);
    return 0;
}

/* DATA with @S@ and @C@ replaced, into OUT (at most SIZE bytes); returns its length. */
static size_t fill_in(const uint8_t *data, size_t size, char *out, size_t out_size)
{
    size_t n = 0;
    for (size_t i = 0; i < size && n < out_size; i++) {
        const char *with = NULL;
        if (i + 3 <= size && !memcmp(data + i, "@S@", 3)) with = con_token;
        else if (i + 3 <= size && !memcmp(data + i, "@C@", 3)) with = con_csrf;
        if (with && n + strlen(with) <= out_size) {
            memcpy(out + n, with, strlen(with));
            n += strlen(with);
            i += 2;
        } else {
            out[n++] = (char)data[i];
        }
    }
    return n;
}

/* A non-blocking connection to the console. libFuzzer's timer signal (SIGALRM each second, no
 * SA_RESTART) may interrupt connect with EINTR: the connection then goes on by itself and is
 * waited for. A refusal means the server is down, which is a crash. */
static int connect_to_console(void)
{
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons((uint16_t)con_port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { perror("fuzz_console: socket"); abort(); }
    int why = connect(fd, (struct sockaddr *)&to, sizeof to) == 0 ? 0 : errno;
    for (int round = 0; why == EINTR && round < 500; round++) {
        struct pollfd p = { .fd = fd, .events = POLLOUT };
        if (poll(&p, 1, 10) > 0) {
            socklen_t len = sizeof why;
            if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &why, &len) != 0) why = errno;
        }
    }
    if (why) {
        fprintf(stderr, "fuzz_console: cannot connect to the console: %s\n", strerror(why));
        abort();
    }
    fcntl(fd, F_SETFL, O_NONBLOCK);
    return fd;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!con_http) LLVMFuzzerInitialize(NULL, NULL);
    static char request[16384];
    size_t len = fill_in(data, size, request, sizeof request);
    int fd = connect_to_console();
    size_t sent = 0, got = 0;
    int closed = 0, shut = 0, idle = 0;
    /* The server's own loop, as dawr-console runs it, until it has closed, or has gone quiet
     * after answering (a kept-alive connection), or says nothing to a request never finished. */
    for (int round = 0; round < 400 && !closed && idle < (got ? 3 : 20); round++) {
        if (sent < len) {
            ssize_t k = send(fd, request + sent, len - sent, MSG_NOSIGNAL);
            if (k > 0) sent += (size_t)k;
            else if (k < 0 && errno != EAGAIN && errno != EINTR) break;
        }
        if (sent == len && !shut) shut = shutdown(fd, SHUT_WR) == 0;
        if (console_http_wait(con_http, 1) != 0) abort();
        console_sse_drop_gone(con.sse);
        char sink[4096];
        ssize_t k;
        size_t before = got;
        while ((k = recv(fd, sink, sizeof sink, 0)) > 0) got += (size_t)k;
        if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR)) closed = 1;
        idle = sent == len && got == before ? idle + 1 : 0;
    }
    close(fd);
    dawr_slips_poll(con.slips);
    for (int i = 0; i < 3; i++) console_http_wait(con_http, 0);
    return 0;
}
