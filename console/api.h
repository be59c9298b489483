/* The console's JSON API under /api/, its live stream, and the pages around it.
 * Every state-changing request needs a session (cookie) and its CSRF token (X-CSRF-Token);
 * a session is bound to one counter, so a request can act on that counter's ticket only. */
#ifndef DAWR_API_H
#define DAWR_API_H

#include "files.h"
#include "http.h"
#include "queue.h"
#include "session.h"
#include "slips.h"
#include "sse.h"

/* Everything a request may touch. Owned by main; the API only borrows it. */
typedef struct {
    const dawr_config *cfg;
    const char *db_path;               /* to open it later when the console started without it */
    dawr_queue *queue;                 /* NULL until there is a database (lost says why) */
    console_sessions *sessions;
    console_sse *sse;
    console_files *files;
    dawr_slips *slips;                 /* reprints; starts printing at the first, main polls it */
    int changed;                       /* this process wrote: tell the streams now */
    char lost[1024];                   /* the database file was deleted or replaced, in words: every
                                          API call answers 503 db_replaced until one is there again */
} console;

/* The request handler for console_http_start; CTX is a console. */
int console_api_handle(void *ctx, console_request *req);

#endif
