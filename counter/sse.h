/* Live updates: Server-Sent Event streams. Each open stream sits suspended in libmicrohttpd
 * until dawr_sse_broadcast has something for it, so fifty idle pages cost nothing. */
#ifndef DAWR_SSE_H
#define DAWR_SSE_H

#include "http.h"

typedef struct dawr_sse dawr_sse;

dawr_sse *dawr_sse_new(void);
/* Frees the list; call after dawr_http_stop, which ends every stream. Accepts NULL. */
void dawr_sse_free(dawr_sse *sse);

/* Answers REQ with a stream for the session TOKEN, starting with a "change" event carrying
 * LAST_EVENT_ID so the page loads at once. Returns 0 or -1. */
int dawr_sse_open(dawr_sse *sse, dawr_request *req, const char *token, long long last_event_id);

/* Sends every stream a "change" event: {"last_event_id": N}. */
void dawr_sse_broadcast(dawr_sse *sse, long long last_event_id);

/* Ends the streams whose session ALIVE says is over; sends the others a comment line, which
 * also finds the ones whose browser went away. */
void dawr_sse_heartbeat(dawr_sse *sse, int (*alive)(void *ctx, const char *token), void *ctx);

/* Ends every stream (shutting down). */
void dawr_sse_close_all(dawr_sse *sse);

int dawr_sse_count(const dawr_sse *sse);

#endif
