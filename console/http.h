/* The console's HTTP server: libmicrohttpd driven from our own loop (epoll, no threads), with
 * bounded connections and timeouts so one slow client cannot hold up the others. Bodies are
 * collected up to DAWR_HTTP_MAX_BODY bytes; larger ones are answered 413 before being read.
 * A request must arrive whole within DAWR_HTTP_REQUEST_SECONDS however slowly it trickles, and
 * at most DAWR_HTTP_MAX_RECEIVING connections may be part-way through sending one: a new one
 * past that closes the oldest of the address that has the most, so a flood from a few
 * addresses cannot keep the screens and the counters' pages out. */
#ifndef DAWR_HTTP_H
#define DAWR_HTTP_H

#include "text_number.h"

#include <jansson.h>
#include <stddef.h>

#define DAWR_HTTP_MAX_BODY 8192
#define DAWR_HTTP_MAX_CONNECTIONS 512    /* receiving + live streams (sse.h) + being answered */
#define DAWR_HTTP_MAX_RECEIVING 192      /* connections still sending their request */
#define DAWR_HTTP_MAX_PER_IP 128
#define DAWR_HTTP_TIMEOUT_SECONDS 15     /* a connection with no traffic at all is dropped after this */
#define DAWR_HTTP_REQUEST_SECONDS 10     /* a request's headers and body must all arrive in this */

typedef struct console_http console_http;
struct MHD_Connection;
struct MHD_Response;

/* One complete request, valid during the handler only. */
typedef struct {
    const char *method, *path;           /* path already percent-decoded by libmicrohttpd */
    const char *body;                    /* NUL-terminated; "" when none */
    size_t body_len;
    struct MHD_Connection *conn;
} console_request;

/* Answers REQ; returns 0, or -1 when no answer could be queued (the connection is dropped). */
typedef int (*console_http_handler)(void *ctx, console_request *req);

/* Listens on HOST:PORT (PORT 0: any free port) and calls HANDLER for each request.
 * Returns a server (stop with console_http_stop) or NULL with the reason in ERR. */
console_http *console_http_start(const char *host, int port, console_http_handler handler, void *ctx, char *err,
                           size_t err_size);
/* Stops listening and closes every connection. Accepts NULL. */
void console_http_stop(console_http *h);
/* The port actually listened on. */
int console_http_port(const console_http *h);
/* Waits at most MAX_MS for network activity and handles it. Returns 0, -1 on a fatal error. */
int console_http_wait(console_http *h, int max_ms);

/* The language REQ asks its words in: Arabic when its Accept-Language begins with ar, else English. */
dawr_lang console_request_lang(const console_request *req);

/* A request header or cookie; NULL when absent. */
const char *console_request_header(const console_request *req, const char *name);
const char *console_request_cookie(const console_request *req, const char *name);

/* Queues RESP (taken over) with STATUS and the security headers every answer carries. */
int console_reply(console_request *req, unsigned status, struct MHD_Response *resp);
/* BODY (stolen) as JSON; SET_COOKIE may be NULL. */
int console_reply_json(console_request *req, unsigned status, json_t *body, const char *set_cookie);
/* The codes of the console's own refusals, as X(NAME, "code"); the queue's reasons
 * (DAWR_QUEUE_REASONS) come through as they are. Every code is said in both languages by
 * assets/console/console.js (tests/test_console.c checks) and listed in docs/api.md. */
#define DAWR_HTTP_CODES(X) \
    X(BAD_REQUEST, "bad_request")             /* the request is malformed: a programming error */ \
    X(TOO_LARGE, "too_large")                 /* the body is over DAWR_HTTP_MAX_BODY */ \
    X(BAD_METHOD, "bad_method") \
    X(NOT_FOUND, "not_found")                 /* no such API call or page */ \
    X(SIGN_IN_FIRST, "sign_in_first") \
    X(EXPIRED, "expired")                     /* the sign-in lapsed */ \
    X(BAD_CSRF, "bad_csrf")                   /* reload the page */ \
    X(WRONG_PIN, "wrong_pin")                 /* attempts_left */ \
    X(LOCKED, "locked")                       /* retry_after (seconds) */ \
    X(NO_PIN, "no_pin")                       /* counter */ \
    X(NOTHING_TO_REPRINT, "nothing_to_reprint") /* counter */ \
    X(PRINTER_TROUBLE, "printer_trouble")     /* ticket, job, queued: printed once the printer is fixed */ \
    X(CANNOT_PRINT, "cannot_print")           /* ticket: nothing was printed */ \
    X(OUT_OF_MEMORY, "out_of_memory")

#define DAWR_HTTP_ENUM_(name, code) DAWR_E_##name,
typedef enum { DAWR_HTTP_CODES(DAWR_HTTP_ENUM_) DAWR_E_COUNT } console_http_code;
#undef DAWR_HTTP_ENUM_

/* The code of one of DAWR_HTTP_CODES. */
const char *console_http_code_name(console_http_code code);

/* {"error": words, "code": CODE} and the VALUES (taken; NULL for none) its words name, with STATUS.
 * CODE is one of DAWR_HTTP_CODES' or the queue's reasons. FMT is a msgid (mark it N_ so that
 * make pot finds it): the words come in the request's language (console_request_lang), English
 * by default; the engine's own words, passed as "%s", stay English. */
int console_reply_refusal(console_request *req, unsigned status, const char *code, json_t *values, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* The same for one of DAWR_HTTP_CODES, without values. */
int console_reply_error(console_request *req, unsigned status, console_http_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
