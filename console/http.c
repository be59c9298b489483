/* libmicrohttpd in external-epoll mode: we own the loop, so the queue's SQLite connection is
 * only ever used from one thread and a slow client is just one more idle socket. */
#include "http.h"
#include "clock.h"
#include "text_i18n.h"

#include <arpa/inet.h>
#include <errno.h>
#include <strings.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* One TCP connection, from accept to close: whether it is still sending a request, and since when. */
typedef struct peer {
    struct peer *prev, *next;
    int fd;
    struct in_addr from;
    double since;                      /* monotonic seconds: accepted, or its last answer finished */
    int receiving, cut;                /* cut: shut down by us, libmicrohttpd has yet to close it */
} peer;

struct console_http {
    struct MHD_Daemon *daemon;
    int listen_fd, epoll_fd, port;
    console_http_handler handler;
    void *ctx;
    peer *links;
    int receiving;                     /* links with receiving set and not cut */
};

static double now_s(void) { return dawr_clock_monotonic_us() / 1e6; }

/* Closes L's socket under libmicrohttpd, which then finds it closed and ends the connection. */
static void cut(console_http *h, peer *l)
{
    if (l->cut) return;
    if (l->receiving) h->receiving--;
    l->cut = 1;
    shutdown(l->fd, SHUT_RDWR);
}

static void set_receiving(console_http *h, peer *l, int receiving)
{
    if (!l || l->cut || l->receiving == receiving) return;
    h->receiving += receiving ? 1 : -1;
    l->receiving = receiving;
    if (receiving) l->since = now_s();
}

static peer *peer_of(struct MHD_Connection *conn)
{
    const union MHD_ConnectionInfo *i = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return i ? i->socket_context : NULL;
}

/* Too many connections part-way through a request: the oldest one of the address that has the
 * most goes, so the addresses with few (the screens, the counters) keep theirs. */
static void make_room(console_http *h)
{
    while (h->receiving > DAWR_HTTP_MAX_RECEIVING) {
        peer *victim = NULL;
        int most = 0;
        for (peer *l = h->links; l; l = l->next) {
            if (!l->receiving || l->cut) continue;
            int n = 0;
            for (peer *m = h->links; m; m = m->next) n += m->receiving && !m->cut && m->from.s_addr == l->from.s_addr;
            if (n > most || (n == most && l->since < victim->since)) { most = n; victim = l; }
        }
        if (!victim) return;
        cut(h, victim);
    }
}

static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
                          enum MHD_ConnectionNotificationCode what)
{
    console_http *h = cls;
    peer *l = *socket_context;
    if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
        if (!l) return;
        if (l->receiving && !l->cut) h->receiving--;
        if (l->prev) l->prev->next = l->next;
        else h->links = l->next;
        if (l->next) l->next->prev = l->prev;
        free(l);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *addr = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    l = calloc(1, sizeof *l);
    if (!l || !fd) {
        /* Without a record it could not be bounded: refuse it. */
        if (fd) shutdown(fd->connect_fd, SHUT_RDWR);
        free(l);
        return;
    }
    l->fd = fd->connect_fd;
    if (addr && addr->client_addr->sa_family == AF_INET) l->from = ((const struct sockaddr_in *)addr->client_addr)->sin_addr;
    l->next = h->links;
    if (h->links) h->links->prev = l;
    h->links = l;
    *socket_context = l;
    set_receiving(h, l, 1);
    make_room(h);
}

/* Connections whose request has not arrived whole in time, however slowly it came, are closed. */
static void sweep(console_http *h)
{
    double now = now_s();
    for (peer *l = h->links; l; l = l->next)
        if (l->receiving && !l->cut && now - l->since > DAWR_HTTP_REQUEST_SECONDS) cut(h, l);
}

/* A request being read: its body so far. */
typedef struct {
    char body[DAWR_HTTP_MAX_BODY + 1];
    size_t len;
    int too_big;
} pending;

int console_reply(console_request *req, unsigned status, struct MHD_Response *resp)
{
    if (!resp) return -1;
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
    enum MHD_Result r = MHD_queue_response(req->conn, status, resp);
    MHD_destroy_response(resp);
    return r == MHD_YES ? 0 : -1;
}

int console_reply_json(console_request *req, unsigned status, json_t *body, const char *set_cookie)
{
    char *text = body ? json_dumps(body, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(body);
    if (!text) return -1;
    struct MHD_Response *resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
    if (!resp) { free(text); return -1; }
    MHD_add_response_header(resp, "Content-Type", "application/json; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    if (set_cookie) MHD_add_response_header(resp, "Set-Cookie", set_cookie);
    return console_reply(req, status, resp);
}

#define DAWR_HTTP_NAME_(name, code) [DAWR_E_##name] = code,
static const char *const CODE_NAMES[] = { DAWR_HTTP_CODES(DAWR_HTTP_NAME_) };
#undef DAWR_HTTP_NAME_

const char *console_http_code_name(console_http_code code) { return CODE_NAMES[code]; }

static int reply_words(console_request *req, unsigned status, const char *code, json_t *values, const char *fmt,
                       va_list ap)
{
    char message[600];
    vsnprintf(message, sizeof message, dawr_tr(console_request_lang(req), fmt), ap);
    json_t *body = json_is_object(values) ? values : json_object();
    if (body != values) json_decref(values);
    json_object_set_new(body, "error", json_string(message));
    json_object_set_new(body, "code", json_string(code));
    return console_reply_json(req, status, body, NULL);
}

int console_reply_refusal(console_request *req, unsigned status, const char *code, json_t *values, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = reply_words(req, status, code, values, fmt, ap);
    va_end(ap);
    return r;
}

int console_reply_error(console_request *req, unsigned status, console_http_code code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = reply_words(req, status, CODE_NAMES[code], NULL, fmt, ap);
    va_end(ap);
    return r;
}

dawr_lang console_request_lang(const console_request *req)
{
    /* Only the first tag matters: the pages send their own language alone. */
    const char *accept = console_request_header(req, "Accept-Language");
    return accept && !strncasecmp(accept + strspn(accept, " "), "ar", 2) ? DAWR_LANG_AR : DAWR_LANG_EN;
}

const char *console_request_header(const console_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *console_request_cookie(const console_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **state)
{
    console_http *h = cls;
    pending *p = *state;
    if (!p) {
        /* First call: headers only. Refuse a body announced too big before reading it. */
        p = calloc(1, sizeof *p);
        if (!p) return MHD_NO;
        *state = p;
        console_request req = { .method = method, .path = url, .body = "", .conn = conn };
        const char *length = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        int r = 1;
        if (!strcmp(version, MHD_HTTP_VERSION_1_1) && !MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))
            r = console_reply_error(&req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                    N_("an HTTP/1.1 request needs a Host header"));
        else if (length && strtoull(length, NULL, 10) > DAWR_HTTP_MAX_BODY)
            r = console_reply_error(&req, MHD_HTTP_CONTENT_TOO_LARGE, DAWR_E_TOO_LARGE,
                                    N_("the request body is larger than %d bytes"), DAWR_HTTP_MAX_BODY);
        if (r == 1) return MHD_YES;
        set_receiving(h, peer_of(conn), 0);      /* answered already */
        return r == 0 ? MHD_YES : MHD_NO;
    }
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        if (p->len + n > DAWR_HTTP_MAX_BODY) p->too_big = 1;
        else { memcpy(p->body + p->len, upload_data, n); p->len += n; }
        *upload_data_size = 0;
        return MHD_YES;
    }
    p->body[p->len] = 0;
    console_request req = { .method = method, .path = url, .body = p->body, .body_len = p->len, .conn = conn };
    set_receiving(h, peer_of(conn), 0);          /* the whole request is here */
    if (p->too_big)
        return console_reply_error(&req, MHD_HTTP_CONTENT_TOO_LARGE, DAWR_E_TOO_LARGE,
                                N_("the request body is larger than %d bytes"), DAWR_HTTP_MAX_BODY) == 0 ? MHD_YES : MHD_NO;
    if (strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "POST"))
        return console_reply_error(&req, MHD_HTTP_METHOD_NOT_ALLOWED, DAWR_E_BAD_METHOD, N_("method %s is not used here"),
                                method) == 0 ? MHD_YES : MHD_NO;
    return h->handler(h->ctx, &req) == 0 ? MHD_YES : MHD_NO;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state, enum MHD_RequestTerminationCode why)
{
    (void)why;
    free(*state);
    *state = NULL;
    set_receiving(cls, peer_of(conn), 1);        /* kept alive: the next request's time starts now */
}

/* Binds and listens ourselves, so a busy port is reported in our words and port 0 works. */
static int listen_on(const char *host, int port, int *bound_port, char *err, size_t err_size)
{
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) {
        snprintf(err, err_size, "%s is not an IPv4 address", host);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, 128) != 0) {
        snprintf(err, err_size, "cannot listen on %s:%d: %s", host, port, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    socklen_t len = sizeof addr;
    getsockname(fd, (struct sockaddr *)&addr, &len);
    *bound_port = ntohs(addr.sin_port);
    return fd;
}

console_http *console_http_start(const char *host, int port, console_http_handler handler, void *ctx, char *err,
                           size_t err_size)
{
    console_http *h = calloc(1, sizeof *h);
    if (!h) { snprintf(err, err_size, "out of memory"); return NULL; }
    h->handler = handler;
    h->ctx = ctx;
    h->listen_fd = listen_on(host, port, &h->port, err, err_size);
    if (h->listen_fd < 0) { free(h); return NULL; }
    h->daemon = MHD_start_daemon(MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
                                 on_request, h,
                                 MHD_OPTION_LISTEN_SOCKET, h->listen_fd,
                                 MHD_OPTION_CONNECTION_LIMIT, (unsigned)DAWR_HTTP_MAX_CONNECTIONS,
                                 MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)DAWR_HTTP_MAX_PER_IP,
                                 MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)DAWR_HTTP_TIMEOUT_SECONDS,
                                 MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
                                 MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
                                 MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
                                 MHD_OPTION_END);
    const union MHD_DaemonInfo *info = h->daemon ? MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_EPOLL_FD) : NULL;
    if (!info) {
        snprintf(err, err_size, "libmicrohttpd could not start on %s:%d", host, port);
        console_http_stop(h);
        return NULL;
    }
    h->epoll_fd = info->epoll_fd;
    h->listen_fd = -1;                 /* libmicrohttpd closes it when it stops */
    return h;
}

void console_http_stop(console_http *h)
{
    if (!h) return;
    if (h->daemon) MHD_stop_daemon(h->daemon);
    if (h->listen_fd >= 0) close(h->listen_fd);
    free(h);
}

int console_http_port(const console_http *h) { return h->port; }

int console_http_wait(console_http *h, int max_ms)
{
    MHD_UNSIGNED_LONG_LONG mhd_ms;
    int wait_ms = max_ms;
    if (MHD_get_timeout(h->daemon, &mhd_ms) == MHD_YES && mhd_ms < (MHD_UNSIGNED_LONG_LONG)wait_ms)
        wait_ms = (int)mhd_ms;
    struct pollfd p = { .fd = h->epoll_fd, .events = POLLIN };
    if (poll(&p, 1, wait_ms) < 0 && errno != EINTR) return -1;
    if (MHD_run(h->daemon) != MHD_YES) return -1;
    sweep(h);
    return 0;
}
