/* Live updates: Server-Sent Event streams. Each open stream sits suspended in libmicrohttpd
 * until console_sse_broadcast has something for it, so fifty idle pages cost nothing.
 * A session keeps at most DAWR_SSE_PER_SESSION streams and all together DAWR_SSE_MAX: a new
 * one past either ends the oldest, so streams cannot take the slots the pages need. */
#ifndef DAWR_SSE_H
#define DAWR_SSE_H

#include "http.h"

#define DAWR_SSE_PER_SESSION 4         /* a few tabs of one counter */
#define DAWR_SSE_MAX 64

typedef struct console_sse console_sse;

console_sse *console_sse_new(void);
/* Frees the list; call after console_http_stop, which ends every stream. Accepts NULL. */
void console_sse_free(console_sse *sse);

/* Answers REQ with a stream for the session TOKEN, starting with a "change" event carrying
 * LAST_EVENT_ID so the page loads at once. Returns 0 or -1. */
int console_sse_open(console_sse *sse, console_request *req, const char *token, long long last_event_id);

/* Sends every stream a "change" event: {"last_event_id": N}. */
void console_sse_broadcast(console_sse *sse, long long last_event_id);
/* Sends every stream the event EVENT with DATA (one line of JSON, under 300 bytes). */
void console_sse_send(console_sse *sse, const char *event, const char *data);

/* Ends the streams whose session ALIVE says is over; sends the others a comment line, which
 * also finds the ones whose browser went away. */
void console_sse_heartbeat(console_sse *sse, int (*alive)(void *ctx, const char *token), void *ctx);

/* Ends at once the streams whose browser hung up (a suspended stream is not watched by
 * libmicrohttpd, so its slot would stay taken until the next heartbeat). Returns how many. */
int console_sse_drop_gone(console_sse *sse);

/* Ends every stream (shutting down). */
void console_sse_close_all(console_sse *sse);

int console_sse_count(const console_sse *sse);

#endif
