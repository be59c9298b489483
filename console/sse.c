#include "sse.h"
#include "session.h"
#include "text_i18n.h"

#include <microhttpd.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct stream {
    console_sse *owner;
    struct stream *prev, *next;
    struct MHD_Connection *conn;
    char token[DAWR_SESSION_TOKEN];
    char buf[512];                     /* what is still to send */
    size_t len, off;
    int suspended, closing;
} stream;

struct console_sse {
    stream *head;
    int count;
};

console_sse *console_sse_new(void) { return calloc(1, sizeof(console_sse)); }

void console_sse_free(console_sse *sse)
{
    if (!sse) return;
    for (stream *s = sse->head; s; s = s->next) s->owner = NULL;   /* none should be left */
    free(sse);
}

int console_sse_count(const console_sse *sse) { return sse->count; }

/* Appends TEXT to S's buffer; a change not yet sent is replaced, since only the newest counts. */
static void put(stream *s, const char *text)
{
    if (s->off == s->len) s->off = s->len = 0;
    size_t n = strlen(text);
    if (s->len + n >= sizeof s->buf) {
        if (s->off) return;            /* half-sent: the next broadcast will catch up */
        s->len = 0;
    }
    memcpy(s->buf + s->len, text, n);
    s->len += n;
}

static void wake(stream *s)
{
    if (s->suspended) {
        s->suspended = 0;
        MHD_resume_connection(s->conn);
    }
}

static ssize_t read_stream(void *cls, uint64_t pos, char *out, size_t max)
{
    (void)pos;
    stream *s = cls;
    if (s->off < s->len) {
        size_t n = s->len - s->off < max ? s->len - s->off : max;
        memcpy(out, s->buf + s->off, n);
        s->off += n;
        return (ssize_t)n;
    }
    if (s->closing) return MHD_CONTENT_READER_END_OF_STREAM;
    /* Nothing to say: sleep until a broadcast wakes us (returning 0 alone would spin). */
    s->suspended = 1;
    MHD_suspend_connection(s->conn);
    return 0;
}

static void free_stream(void *cls)
{
    stream *s = cls;
    if (s->owner) {
        if (s->prev) s->prev->next = s->next;
        else s->owner->head = s->next;
        if (s->next) s->next->prev = s->prev;
        s->owner->count--;
    }
    free(s);
}

static void end_stream(stream *s)
{
    s->closing = 1;
    wake(s);
}

/* Makes room for one more stream of TOKEN: ends its oldest past the per-session cap, and the
 * oldest of all past the total. The list is newest first. */
static void make_room(console_sse *sse, const char *token)
{
    stream *oldest_mine = NULL, *oldest = NULL;
    int mine = 0, all = 0;
    for (stream *s = sse->head; s; s = s->next) {
        if (s->closing) continue;
        all++;
        oldest = s;
        if (!strcmp(s->token, token)) { mine++; oldest_mine = s; }
    }
    if (mine >= DAWR_SSE_PER_SESSION) end_stream(oldest_mine);
    else if (all >= DAWR_SSE_MAX) end_stream(oldest);
}

int console_sse_drop_gone(console_sse *sse)
{
    struct pollfd fds[DAWR_SSE_MAX * 2];
    stream *of[DAWR_SSE_MAX * 2];
    int n = 0, dropped = 0;
    for (stream *s = sse->head; s && n < DAWR_SSE_MAX * 2; s = s->next) {
        if (!s->suspended || s->closing) continue;
        const union MHD_ConnectionInfo *fd = MHD_get_connection_info(s->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (!fd) continue;
        fds[n] = (struct pollfd){ .fd = fd->connect_fd, .events = POLLRDHUP };
        of[n++] = s;
    }
    if (n == 0 || poll(fds, (nfds_t)n, 0) <= 0) return 0;
    for (int i = 0; i < n; i++)
        if (fds[i].revents & (POLLRDHUP | POLLHUP | POLLERR)) { end_stream(of[i]); dropped++; }
    return dropped;
}

int console_sse_open(console_sse *sse, console_request *req, const char *token, long long last_event_id)
{
    stream *s = calloc(1, sizeof *s);
    if (!s) return console_reply_error(req, MHD_HTTP_SERVICE_UNAVAILABLE, DAWR_E_OUT_OF_MEMORY, N_("out of memory"));
    s->conn = req->conn;
    snprintf(s->token, sizeof s->token, "%s", token);
    snprintf(s->buf, sizeof s->buf, "retry: 2000\n\nevent: change\ndata: {\"last_event_id\":%lld}\n\n", last_event_id);
    s->len = strlen(s->buf);
    struct MHD_Response *resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 1024, read_stream, s, free_stream);
    if (!resp) { free(s); return -1; }
    make_room(sse, token);
    s->owner = sse;
    s->next = sse->head;
    if (sse->head) sse->head->prev = s;
    sse->head = s;
    sse->count++;
    MHD_add_response_header(resp, "Content-Type", "text/event-stream; charset=utf-8");
    MHD_add_response_header(resp, "Cache-Control", "no-store");
    MHD_add_response_header(resp, "X-Accel-Buffering", "no");
    MHD_add_response_header(resp, "Connection", "close");   /* an ended stream frees its slot */
    /* A stream is quiet for long stretches: the idle timeout is for requests, not for it. */
    MHD_set_connection_option(req->conn, MHD_CONNECTION_OPTION_TIMEOUT, 0u);
    return console_reply(req, MHD_HTTP_OK, resp);
}

void console_sse_broadcast(console_sse *sse, long long last_event_id)
{
    char data[64];
    snprintf(data, sizeof data, "{\"last_event_id\":%lld}", last_event_id);
    console_sse_send(sse, "change", data);
}

void console_sse_send(console_sse *sse, const char *event, const char *data)
{
    char text[400];
    if (snprintf(text, sizeof text, "event: %s\ndata: %s\n\n", event, data) >= (int)sizeof text) return;
    for (stream *s = sse->head; s; s = s->next) {
        if (s->closing) continue;
        put(s, text);
        wake(s);
    }
}

void console_sse_heartbeat(console_sse *sse, int (*alive)(void *ctx, const char *token), void *ctx)
{
    for (stream *s = sse->head; s; s = s->next) {
        if (!alive(ctx, s->token)) end_stream(s);
        else { put(s, ": still here\n\n"); wake(s); }
    }
}

void console_sse_close_all(console_sse *sse)
{
    for (stream *s = sse->head; s; s = s->next) end_stream(s);
}
