/* The console's HTTP server: libmicrohttpd driven from our own loop (epoll, no threads), with
 * bounded connections and timeouts so one slow client cannot hold up the others. Bodies are
 * collected up to DAWR_HTTP_MAX_BODY bytes; larger ones are answered 413 before being read. */
#ifndef DAWR_HTTP_H
#define DAWR_HTTP_H

#include <jansson.h>
#include <stddef.h>

#define DAWR_HTTP_MAX_BODY 8192
#define DAWR_HTTP_MAX_CONNECTIONS 256
#define DAWR_HTTP_MAX_PER_IP 128
#define DAWR_HTTP_TIMEOUT_SECONDS 15     /* an idle or unfinished request is dropped after this */

typedef struct dawr_http dawr_http;
struct MHD_Connection;
struct MHD_Response;

/* One complete request, valid during the handler only. */
typedef struct {
    const char *method, *path;           /* path already percent-decoded by libmicrohttpd */
    const char *body;                    /* NUL-terminated; "" when none */
    size_t body_len;
    struct MHD_Connection *conn;
} dawr_request;

/* Answers REQ; returns 0, or -1 when no answer could be queued (the connection is dropped). */
typedef int (*dawr_http_handler)(void *ctx, dawr_request *req);

/* Listens on HOST:PORT (PORT 0: any free port) and calls HANDLER for each request.
 * Returns a server (stop with dawr_http_stop) or NULL with the reason in ERR. */
dawr_http *dawr_http_start(const char *host, int port, dawr_http_handler handler, void *ctx, char *err,
                           size_t err_size);
/* Stops listening and closes every connection. Accepts NULL. */
void dawr_http_stop(dawr_http *h);
/* The port actually listened on. */
int dawr_http_port(const dawr_http *h);
/* Waits at most MAX_MS for network activity and handles it. Returns 0, -1 on a fatal error. */
int dawr_http_wait(dawr_http *h, int max_ms);

/* A request header or cookie; NULL when absent. */
const char *dawr_request_header(const dawr_request *req, const char *name);
const char *dawr_request_cookie(const dawr_request *req, const char *name);

/* Queues RESP (taken over) with STATUS and the security headers every answer carries. */
int dawr_reply(dawr_request *req, unsigned status, struct MHD_Response *resp);
/* BODY (stolen) as JSON; SET_COOKIE may be NULL. */
int dawr_reply_json(dawr_request *req, unsigned status, json_t *body, const char *set_cookie);
/* {"error": message} with STATUS. */
int dawr_reply_error(dawr_request *req, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
