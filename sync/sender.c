/* One round of sending, and the wait between failed rounds. */
#include "sender.h"

#include "branch.h"
#include "clock.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

typedef struct {
    json_t *rows;
    long long last_id;
} batch;

static int add_row(const dawr_shared_event *ev, void *ctx)
{
    batch *b = ctx;
    json_t *detail = json_loads(ev->detail, 0, NULL);
    json_array_append_new(b->rows, json_pack("{s:I, s:I, s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)ev->id, "at",
                                             (json_int_t)ev->at, "ticket", (json_int_t)ev->ticket, "ticket_generation",
                                             ev->ticket_generation, "counter", ev->counter, "kind", ev->kind, "detail",
                                             detail ? detail : json_object()));
    b->last_id = ev->id;
    return 0;
}

static int alarm(dawr_queue *q, char *err, size_t err_size, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int alarm(dawr_queue *q, char *err, size_t err_size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, err_size, fmt, ap);
    va_end(ap);
    dawr_branch_record_alarm(q, dawr_clock_now(), err);
    return DAWR_SYNC_ALARM;
}

static int failed(dawr_queue *q, char *err)
{
    dawr_branch_record_error(q, dawr_clock_now(), err);
    return DAWR_SYNC_FAILED;
}

int dawr_sync_round(dawr_queue *q, const dawr_config *cfg, dawr_central *c, int batch_size, long long *sent, char *err,
                    size_t err_size)
{
    const dawr_branch_settings *br = dawr_config_branch(cfg);
    *sent = 0;
    if (batch_size <= 0) batch_size = 1000;
    if (!*br->id) {
        snprintf(err, err_size, "this appliance has no [branch] id in its configuration, so it sends nothing");
        return failed(q, err);
    }
    dawr_generation gens[DAWR_MAX_GENERATIONS];
    int ngen = dawr_branch_generations(q, gens, DAWR_MAX_GENERATIONS);
    if (ngen < 1) {
        snprintf(err, err_size, "cannot read this database's generations: %s", dawr_queue_error(q));
        return failed(q, err);
    }
    if (dawr_central_name_branch(c, br->id, br->name_ar, br->name_en, err, err_size)) return failed(q, err);
    long long newest = dawr_queue_last_event_id(q), cursor = 0;
    for (int g = 0; g < ngen; g++) {
        const dawr_generation *gen = &gens[g];
        long long last = gen->last_event ? gen->last_event : newest;
        if (dawr_central_cursor(c, br->id, gen->id, &cursor, err, err_size)) return failed(q, err);
        if (cursor > last) {
            /* An older generation may well have gone further at the centre than the backup a
             * restore started from; the newest may not: this database lost what it had sent. */
            if (g + 1 < ngen) continue;
            return alarm(q, err, err_size,
                         "the centre holds events up to %lld of generation %.8s, but this database ends at %lld: "
                         "it is an older copy put back without dawrctl restore; nothing more is sent until it "
                         "is restored with dawrctl restore (which gives it a new generation)",
                         cursor, gen->id, last);
        }
        /* From the cursor's own event on: it must be the same at both ends. */
        long long after = cursor >= gen->first_event ? cursor - 1 : gen->first_event - 1;
        for (;;) {
            batch b = { json_array(), 0 };
            int n = dawr_branch_events(q, after, gen->last_event, batch_size, add_row, &b);
            if (n < 0) {
                json_decref(b.rows);
                snprintf(err, err_size, "cannot read this database's events: %s", dawr_queue_error(q));
                return failed(q, err);
            }
            if (n == 0) { json_decref(b.rows); break; }
            char *text = json_dumps(b.rows, JSON_COMPACT);
            json_decref(b.rows);
            if (!text) { snprintf(err, err_size, "out of memory"); return failed(q, err); }
            long long conflict = 0;
            int rc = dawr_central_send(c, br->id, gen->id, text, &conflict, err, err_size);
            free(text);
            if (rc < 0) return failed(q, err);
            if (rc > 0)
                return alarm(q, err, err_size,
                             "event %lld of generation %.8s is held at the centre with a different content: this "
                             "database is a copy that went its own way; nothing was dropped and nothing more is sent "
                             "until a person has looked (restore the right copy with dawrctl restore)",
                             conflict, gen->id);
            *sent += b.last_id - (after > cursor ? after : cursor);
            after = b.last_id;
            if (n < batch_size) break;
        }
        cursor = after > cursor ? after : cursor;
    }
    dawr_branch_record_ok(q, dawr_clock_now(), cursor);
    return DAWR_SYNC_SENT;
}

long dawr_sync_backoff_ms(int failures, long cap_ms)
{
    long wait = 1000;
    for (int i = 1; i < failures && wait < cap_ms; i++) wait *= 2;
    if (wait > cap_ms) wait = cap_ms;
    unsigned int r = 0;
    if (getrandom(&r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) r = (unsigned int)rand();
    return wait / 2 + (long)(r % (unsigned long)(wait / 2 + 1));
}
