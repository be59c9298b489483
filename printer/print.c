/* Printing: backends in a table, one worker thread for every CUPS/IPP request, a mailbox of
 * changes the caller's thread turns into store events.
 *
 * Why a thread: a request to cupsd or to a printer blocks (a connect to a host that does
 * not answer waits for its timeout, seconds), and the kiosk must never freeze. The worker
 * owns the HTTP connection and the libcups per-thread settings; the caller's thread owns
 * the store. They share only the job list and the mailbox, under one mutex. */
#include "print.h"

#include "rasterdoc.h"
#include "text_i18n.h"

#include <cups/cups.h>
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FEED_LINES 4
#define CONNECT_TIMEOUT_MS 3000
#define REQUEST_TIMEOUT_S 5.0
#define BUSY_POLL_MS 250          /* while a job is in flight */
#define IDLE_POLL_MS 2000         /* the printer's state when nothing prints */

typedef struct job {
    dawr_print_job info;
    dawr_bytes doc;               /* freed once delivered */
    const char *mime;
    int reported_state;           /* last state turned into a change, -1 none */
    char reported_message[256];
} job;

typedef struct change {
    long long ticket;
    dawr_event_kind kind;
    char *detail;                 /* JSON text, owned */
} change;

typedef struct backend backend;

struct dawr_printer {
    const dawr_printer_settings *s;
    const backend *backend;
    dawr_queue *q;
    pthread_t thread;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    job **jobs;
    int job_count, job_cap;
    change *changes;
    int change_count, change_cap;
    dawr_printer_status status;
    /* The worker's own: */
    http_t *http;
    char printer_uri[1024], resource[512], host[256];
    int port;
    http_encryption_t encryption;
};

/* A backend: how a receipt becomes a document, and how a document reaches the printer. */
struct backend {
    const char *name, *mime;
    int (*encode)(const dawr_mono *m, int dpi, dawr_bytes *out);
    /* On the worker thread, without the lock: delivers J's document. Fills CUPS_JOB and
     * MESSAGE; returns the job's next state. */
    dawr_job_state (*deliver)(dawr_printer *p, const job *j, int *cups_job, dawr_print_problem *problem, char *message,
                              size_t size);
    int watched;                  /* the job and printer are watched through IPP */
};

static int encode_escpos(const dawr_mono *m, int dpi, dawr_bytes *out)
{
    (void)dpi;
    return dawr_escpos_encode(m, FEED_LINES, out);
}

static int encode_png(const dawr_mono *m, int dpi, dawr_bytes *out)
{
    uint8_t *png;
    size_t size;
    if (dawr_mono_encode_png(m, dpi, &png, &size) < 0) return -1;
    int rc = dawr_bytes_append(out, png, size);
    free(png);
    return rc;
}

static dawr_job_state deliver_ipp(dawr_printer *p, const job *j, int *cups_job, dawr_print_problem *problem,
                                  char *message, size_t size);
static dawr_job_state deliver_file(dawr_printer *p, const job *j, int *cups_job, dawr_print_problem *problem,
                                   char *message, size_t size);

static const backend BACKENDS[] = {
    { "raster", DAWR_MIME_CUPS_RASTER, dawr_rasterdoc_cups, deliver_ipp, 1 },
    { "raw", DAWR_MIME_RAW, encode_escpos, deliver_ipp, 1 },
    { "ipp", DAWR_MIME_PWG_RASTER, dawr_rasterdoc_pwg, deliver_ipp, 1 },
    { "preview", "image/png", encode_png, deliver_file, 0 },
};

static const backend *find_backend(const char *name)
{
    for (size_t i = 0; i < sizeof BACKENDS / sizeof BACKENDS[0]; i++)
        if (!strcmp(BACKENDS[i].name, name)) return &BACKENDS[i];
    return NULL;
}

const char *dawr_job_state_name(dawr_job_state state)
{
    static const char *const names[] = { "queued", "sent", "printing", "held", "done", "failed" };
    return (unsigned)state < sizeof names / sizeof names[0] ? names[state] : "unknown";
}

#define PROBLEM_CODE_(name, code) [DAWR_PRINT_##name] = code,
static const char *const PROBLEM_CODES[DAWR_PRINT_PROBLEM_COUNT] = { DAWR_PRINT_PROBLEMS(PROBLEM_CODE_) };
#undef PROBLEM_CODE_

const char *dawr_print_problem_code(dawr_print_problem problem)
{
    return problem > DAWR_PRINT_OK && problem < DAWR_PRINT_PROBLEM_COUNT ? PROBLEM_CODES[problem] : "";
}

/* ---- Messages people read ---- */

/* printer-state-reasons Dawr explains, matched by prefix (media-empty-report, -warning and
 * -error are one condition). */
static const struct { const char *prefix; dawr_print_problem problem; } REASONS[] = {
    { "media-empty", DAWR_PRINT_PAPER_OUT },
    { "media-needed", DAWR_PRINT_PAPER_OUT },
    { "media-jam", DAWR_PRINT_PAPER_JAM },
    { "cover-open", DAWR_PRINT_COVER_OPEN },
    { "door-open", DAWR_PRINT_COVER_OPEN },
    { "offline", DAWR_PRINT_OFFLINE },
    { "connecting-to-device", DAWR_PRINT_DEVICE_SILENT },
    { "timed-out", DAWR_PRINT_DEVICE_SILENT },
    { "paused", DAWR_PRINT_QUEUE_STOPPED },
};

/* What the printer's conditions say, to staff and on the kiosk's line (msgids: the English is
 * the staff's message, the Arabic its translation). */
static const char *const PRINTER_WORDS[DAWR_PRINT_PROBLEM_COUNT] = {
    [DAWR_PRINT_UNREACHABLE] = N_("the print service does not answer (CUPS not running or unreachable)"),
    [DAWR_PRINT_PAPER_OUT] = N_("out of paper: put in a new roll"),
    [DAWR_PRINT_PAPER_JAM] = N_("paper jam: open the cover and free the paper"),
    [DAWR_PRINT_COVER_OPEN] = N_("the cover is open"),
    [DAWR_PRINT_OFFLINE] = N_("the printer is offline: check its cable and power"),
    [DAWR_PRINT_DEVICE_SILENT] = N_("the printer does not answer: check its cable and power"),
    [DAWR_PRINT_QUEUE_STOPPED] = N_("the printer queue is stopped: fix the printer, then enable the queue (cupsenable)"),
    [DAWR_PRINT_PRINTER_STOPPED] = N_("the printer is stopped"),
    [DAWR_PRINT_PRINTER_ERROR] = N_("the printer needs attention"),
};

/* The status needs attention for PROBLEM: its words, with the printer's own when they help. */
static void needs(dawr_printer_status *st, dawr_print_problem problem)
{
    st->attention = 1;
    st->problem = problem;
    const char *en = dawr_tr(DAWR_LANG_EN, PRINTER_WORDS[problem]);
    if (problem == DAWR_PRINT_QUEUE_STOPPED && st->detail[0])   /* stopped by a failure: say which */
        snprintf(st->message, sizeof st->message,
                 dawr_tr(DAWR_LANG_EN, "the printer queue is stopped (%.120s): fix the printer, then enable the queue "
                                       "(cupsenable)"), st->detail);
    else if (problem == DAWR_PRINT_PRINTER_STOPPED || problem == DAWR_PRINT_PRINTER_ERROR)
        snprintf(st->message, sizeof st->message, "%s (%.200s)", en, st->reasons);
    else
        snprintf(st->message, sizeof st->message, "%s", en);
    snprintf(st->message_ar, sizeof st->message_ar, "%s", dawr_tr(DAWR_LANG_AR, PRINTER_WORDS[problem]));
}

/* Fills the status's problem, messages and attention flag from its state and reasons. */
static void explain(dawr_printer_status *st)
{
    st->message[0] = st->message_ar[0] = 0;
    st->attention = 0;
    st->problem = DAWR_PRINT_OK;
    if (!st->reachable) { needs(st, DAWR_PRINT_UNREACHABLE); return; }
    for (size_t i = 0; i < sizeof REASONS / sizeof REASONS[0]; i++) {
        const char *hit = strstr(st->reasons, REASONS[i].prefix);
        if (hit && (hit == st->reasons || hit[-1] == ' ')) { needs(st, REASONS[i].problem); return; }
    }
    if (st->state == IPP_PSTATE_STOPPED) {
        needs(st, DAWR_PRINT_PRINTER_STOPPED);
    } else if (strstr(st->reasons, "-error")) {
        needs(st, DAWR_PRINT_PRINTER_ERROR);
    } else {
        const char *words = st->state == IPP_PSTATE_PROCESSING ? NC_("printer state", "printing")
                                                               : NC_("printer state", "ready");
        snprintf(st->message, sizeof st->message, "%s", dawr_trc(DAWR_LANG_EN, "printer state", words));
        snprintf(st->message_ar, sizeof st->message_ar, "%s", dawr_trc(DAWR_LANG_AR, "printer state", words));
    }
}

/* ---- The mailbox (under the lock) ---- */

static void post(dawr_printer *p, long long ticket, dawr_event_kind kind, json_t *detail)
{
    char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(detail);
    if (!text) return;
    if (p->change_count == p->change_cap) {
        int cap = p->change_cap ? p->change_cap * 2 : 16;
        change *grown = realloc(p->changes, (size_t)cap * sizeof *grown);
        if (!grown) { free(text); return; }
        p->changes = grown;
        p->change_cap = cap;
    }
    change *c = &p->changes[p->change_count++];
    c->ticket = ticket;
    c->kind = kind;
    c->detail = text;
}

static const char *target(const dawr_printer *p)
{
    return !strcmp(p->backend->name, "ipp") ? p->s->uri : !strcmp(p->backend->name, "preview") ? p->s->preview_dir
                                                                                               : p->s->queue;
}

/* Sets J's state and posts an event when the state or its message changed. */
static void set_job(dawr_printer *p, job *j, dawr_job_state state, int cups_job, dawr_print_problem problem,
                    const char *message)
{
    j->info.state = state;
    j->info.problem = problem;
    if (cups_job) j->info.cups_job = cups_job;
    snprintf(j->info.message, sizeof j->info.message, "%s", message ? message : "");
    if ((int)state == j->reported_state && !strcmp(j->reported_message, j->info.message)) return;
    j->reported_state = (int)state;
    snprintf(j->reported_message, sizeof j->reported_message, "%s", j->info.message);
    dawr_event_kind kind = state == DAWR_JOB_DONE ? DAWR_EVENT_PRINT_DONE : state == DAWR_JOB_FAILED ? DAWR_EVENT_PRINT_FAILED
                         : state == DAWR_JOB_HELD ? DAWR_EVENT_PRINT_HELD : DAWR_EVENT_NONE;
    if (kind == DAWR_EVENT_NONE) return;   /* sent and printing are not worth a line in the log */
    json_t *d = json_pack("{s:i, s:i, s:s, s:s}", "job", j->info.id, "cups_job", j->info.cups_job, "printer",
                          target(p), "state", dawr_job_state_name(state));
    if (j->info.message[0]) json_object_set_new(d, "message", json_string(j->info.message));
    if (problem) json_object_set_new(d, "problem", json_string(dawr_print_problem_code(problem)));
    if (state == DAWR_JOB_HELD || state == DAWR_JOB_FAILED) {
        json_object_set_new(d, "printer_message_ar", json_string(p->status.message_ar));
        json_object_set_new(d, "reprint", json_true());
    }
    post(p, j->info.ticket, kind, d);
}

static void set_status(dawr_printer *p, const dawr_printer_status *st)
{
    int same = p->status.reachable == st->reachable && p->status.state == st->state &&
               !strcmp(p->status.reasons, st->reasons) && !strcmp(p->status.message, st->message);
    p->status = *st;
    if (same) return;
    json_t *d = json_pack("{s:s, s:b, s:i, s:s, s:b, s:s, s:s, s:s}", "printer", target(p), "reachable", st->reachable,
                          "state", st->state, "reasons", st->reasons, "attention", st->attention, "message", st->message,
                          "message_ar", st->message_ar, "detail", st->detail);
    if (st->problem) json_object_set_new(d, "problem", json_string(dawr_print_problem_code(st->problem)));
    post(p, 0, DAWR_EVENT_PRINTER_STATE, d);
}

/* ---- The worker's IPP requests (no lock held) ---- */

static int connect_printer(dawr_printer *p, char *message, size_t size)
{
    if (p->http) return 0;
    p->http = httpConnect2(p->host, p->port, NULL, AF_UNSPEC, p->encryption, 1, CONNECT_TIMEOUT_MS, NULL);
    if (!p->http) {
        snprintf(message, size, "the print service at %s does not answer (%s)", p->host, cupsLastErrorString());
        return -1;
    }
    httpSetTimeout(p->http, REQUEST_TIMEOUT_S, NULL, NULL);
    return 0;
}

static void disconnect_printer(dawr_printer *p)
{
    httpClose(p->http);
    p->http = NULL;
}

static ipp_t *new_request(dawr_printer *p, ipp_op_t op)
{
    ipp_t *req = ippNewRequest(op);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, p->printer_uri);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL, "dawr");
    return req;
}

/* A transport failure (not an IPP refusal) closes the connection so the next try reconnects. */
static int transport_failed(void)
{
    ipp_status_t e = cupsLastError();
    return e == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || e == IPP_STATUS_ERROR_INTERNAL;
}

static dawr_job_state deliver_ipp(dawr_printer *p, const job *j, int *cups_job, dawr_print_problem *problem,
                                  char *message, size_t size)
{
    *problem = DAWR_PRINT_UNREACHABLE;
    if (connect_printer(p, message, size) < 0) return DAWR_JOB_FAILED;
    *problem = DAWR_PRINT_OK;
    char title[64];
    snprintf(title, sizeof title, "dawr-ticket-%lld", j->info.ticket);
    ipp_t *req = new_request(p, IPP_OP_PRINT_JOB);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "job-name", NULL, title);
    ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_MIMETYPE, "document-format", NULL, j->mime);
    http_status_t hs = cupsSendRequest(p->http, req, p->resource, ippLength(req) + j->doc.len);
    if (hs == HTTP_STATUS_CONTINUE) hs = cupsWriteRequestData(p->http, (const char *)j->doc.data, j->doc.len);
    ipp_t *resp = hs == HTTP_STATUS_CONTINUE ? cupsGetResponse(p->http, p->resource) : NULL;
    ippDelete(req);
    ipp_attribute_t *id = resp ? ippFindAttribute(resp, "job-id", IPP_TAG_INTEGER) : NULL;
    dawr_job_state next = DAWR_JOB_SENT;
    if (!resp || cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE || !id) {
        snprintf(message, size, "%s %s refused the receipt: %s", !strcmp(p->backend->name, "ipp") ? "printer" : "queue",
                 target(p), resp ? cupsLastErrorString() : httpStatus(hs));
        *problem = DAWR_PRINT_REFUSED;
        if (!resp || transport_failed()) {
            snprintf(message, size, "the print service does not answer (%s)", cupsLastErrorString());
            *problem = DAWR_PRINT_UNREACHABLE;
            disconnect_printer(p);
        }
        next = DAWR_JOB_FAILED;
    } else {
        *cups_job = ippGetInteger(id, 0);
        message[0] = 0;
    }
    ippDelete(resp);
    return next;
}

static dawr_job_state deliver_file(dawr_printer *p, const job *j, int *cups_job, dawr_print_problem *problem,
                                   char *message, size_t size)
{
    char path[1024];
    *cups_job = 0;
    *problem = DAWR_PRINT_NOT_WRITTEN;
    snprintf(path, sizeof path, "%s/ticket-%lld.png", p->s->preview_dir, j->info.ticket);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(j->doc.data, 1, j->doc.len, f) != j->doc.len) {
        snprintf(message, size, "cannot write the preview %s: %s", path, strerror(errno));
        if (f) fclose(f);
        return DAWR_JOB_FAILED;
    }
    if (fclose(f) != 0) {
        snprintf(message, size, "cannot write the preview %s: %s", path, strerror(errno));
        return DAWR_JOB_FAILED;
    }
    snprintf(message, size, "written to %s", path);
    *problem = DAWR_PRINT_OK;
    return DAWR_JOB_DONE;
}

static void copy_reasons(ipp_attribute_t *a, char *out, size_t size)
{
    out[0] = 0;
    for (int i = 0; a && i < ippGetCount(a); i++) {
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s%s", n ? " " : "", ippGetString(a, i, NULL));
    }
    if (!out[0]) snprintf(out, size, "none");
}

static void query_printer(dawr_printer *p, dawr_printer_status *st)
{
    static const char *const want[] = { "printer-state", "printer-state-reasons", "printer-state-message" };
    char message[256];
    memset(st, 0, sizeof *st);
    snprintf(st->reasons, sizeof st->reasons, "none");
    if (connect_printer(p, message, sizeof message) == 0) {
        ipp_t *req = new_request(p, IPP_OP_GET_PRINTER_ATTRIBUTES);
        ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, NULL, want);
        ipp_t *resp = cupsDoRequest(p->http, req, p->resource);
        if (resp && cupsLastError() <= IPP_STATUS_OK_EVENTS_COMPLETE) {
            st->reachable = 1;
            st->state = ippGetInteger(ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM), 0);
            copy_reasons(ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD), st->reasons, sizeof st->reasons);
            const char *m = ippGetString(ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT), 0, NULL);
            if (m) snprintf(st->detail, sizeof st->detail, "%s", m);
        } else if (!resp || transport_failed()) {
            disconnect_printer(p);
        } else {
            st->reachable = 1;        /* it answered, but not about this printer: report why */
            st->state = IPP_PSTATE_STOPPED;
            snprintf(st->reasons, sizeof st->reasons, "%s", cupsLastErrorString());
        }
        ippDelete(resp);
    }
    explain(st);
}

/* Asks for one job's state into STATE (the IPP job-state; 0 when it could not be asked, -1
 * when the printer no longer knows the job) and the message its driver or backend left. */
static void query_job(dawr_printer *p, int cups_job, int *state, char *message, size_t size)
{
    static const char *const want[] = { "job-state", "job-state-reasons", "job-printer-state-message" };
    char why[256];
    *state = 0;
    message[0] = 0;
    if (connect_printer(p, why, sizeof why) < 0) return;
    ipp_t *req = new_request(p, IPP_OP_GET_JOB_ATTRIBUTES);
    ippAddInteger(req, IPP_TAG_OPERATION, IPP_TAG_INTEGER, "job-id", cups_job);
    ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes", 3, NULL, want);
    ipp_t *resp = cupsDoRequest(p->http, req, p->resource);
    if (resp && cupsLastError() <= IPP_STATUS_OK_EVENTS_COMPLETE) {
        *state = ippGetInteger(ippFindAttribute(resp, "job-state", IPP_TAG_ENUM), 0);
        const char *m = ippGetString(ippFindAttribute(resp, "job-printer-state-message", IPP_TAG_TEXT), 0, NULL);
        if (m) snprintf(message, size, "%s", m);
    } else if (cupsLastError() == IPP_STATUS_ERROR_NOT_FOUND) {
        *state = -1;
    } else if (!resp || transport_failed()) {
        disconnect_printer(p);
    }
    ippDelete(resp);
}

/* ---- The worker ---- */

/* The next job to deliver, or NULL. Under the lock. */
static job *next_queued(dawr_printer *p)
{
    for (int i = 0; i < p->job_count; i++)
        if (p->jobs[i]->info.state == DAWR_JOB_QUEUED) return p->jobs[i];
    return NULL;
}

static int in_flight(const job *j)
{
    return j->info.state == DAWR_JOB_SENT || j->info.state == DAWR_JOB_PRINTING || j->info.state == DAWR_JOB_HELD;
}

/* Updates one watched job from its IPP job-state, the message its backend left (JOB_MESSAGE)
 * and the printer's status. Under the lock. */
static void follow_job(dawr_printer *p, job *j, int ipp_state, const char *job_message)
{
    const dawr_printer_status *st = &p->status;
    switch (ipp_state) {
    case 0: return;                /* not asked: keep what we know */
    case -1:
        set_job(p, j, DAWR_JOB_FAILED, 0, DAWR_PRINT_JOB_LOST, "the print service no longer knows this job (restarted?)");
        return;
    case IPP_JSTATE_COMPLETED: set_job(p, j, DAWR_JOB_DONE, 0, DAWR_PRINT_OK, NULL); return;
    case IPP_JSTATE_CANCELED: set_job(p, j, DAWR_JOB_FAILED, 0, DAWR_PRINT_JOB_CANCELLED, "the job was cancelled"); return;
    case IPP_JSTATE_ABORTED: {
        char msg[300];
        const char *why = *job_message ? job_message : st->attention ? st->message : "";
        snprintf(msg, sizeof msg, "the job was aborted%s%.200s", *why ? ": " : "", why);
        set_job(p, j, DAWR_JOB_FAILED, 0, DAWR_PRINT_JOB_ABORTED, msg);
        return;
    }
    default:
        if (st->attention || ipp_state == IPP_JSTATE_HELD || ipp_state == IPP_JSTATE_STOPPED) {
            /* The printer's reason first (it names the fault), else what the backend said. */
            char msg[300];
            snprintf(msg, sizeof msg, "waiting: %.250s",
                     st->attention ? st->message : *job_message ? job_message : "the job is held");
            set_job(p, j, DAWR_JOB_HELD, 0, st->attention ? st->problem : DAWR_PRINT_JOB_HELD, msg);
        } else {
            set_job(p, j, ipp_state == IPP_JSTATE_PROCESSING ? DAWR_JOB_PRINTING : DAWR_JOB_SENT, 0, DAWR_PRINT_OK, NULL);
        }
    }
}

static void *worker(void *arg)
{
    dawr_printer *p = arg;
    double last_printer_poll = -1e9;
    if (p->backend->watched && strcmp(p->backend->name, "ipp")) cupsSetServer(*p->s->server ? p->s->server : NULL);
    if (!strcmp(p->backend->name, "raster") || !strcmp(p->backend->name, "raw")) {
        /* A named queue on the scheduler: cupsServer() is a host, "host:port" or a socket path. */
        snprintf(p->host, sizeof p->host, "%s", cupsServer());
        p->port = ippPort();
        p->encryption = cupsEncryption();
        httpAssembleURIf(HTTP_URI_CODING_ALL, p->printer_uri, sizeof p->printer_uri, "ipp", NULL, "localhost", 0,
                         "/printers/%s", p->s->queue);
        snprintf(p->resource, sizeof p->resource, "/printers/%s", p->s->queue);
    } else if (!strcmp(p->backend->name, "ipp")) {
        char scheme[32], user[64];
        httpSeparateURI(HTTP_URI_CODING_ALL, p->s->uri, scheme, sizeof scheme, user, sizeof user, p->host,
                        sizeof p->host, &p->port, p->resource, sizeof p->resource);
        p->encryption = !strcmp(scheme, "ipps") ? HTTP_ENCRYPTION_ALWAYS : HTTP_ENCRYPTION_IF_REQUESTED;
        snprintf(p->printer_uri, sizeof p->printer_uri, "%s", p->s->uri);
    }
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        job *j = next_queued(p);
        if (j) {
            int cups_job = 0;
            dawr_print_problem problem = DAWR_PRINT_OK;
            char message[256];
            pthread_mutex_unlock(&p->lock);
            dawr_job_state next = p->backend->deliver(p, j, &cups_job, &problem, message, sizeof message);
            pthread_mutex_lock(&p->lock);
            dawr_bytes_release(&j->doc);
            if (next == DAWR_JOB_FAILED && p->backend->watched) {
                dawr_printer_status st = p->status;
                if (problem == DAWR_PRINT_UNREACHABLE) { st.reachable = 0; st.state = 0; explain(&st); }
                set_status(p, &st);
            }
            set_job(p, j, next, cups_job, problem, message);
            last_printer_poll = -1e9;  /* look at the printer right after a submission */
            continue;
        }
        int busy = 0;
        for (int i = 0; i < p->job_count; i++) busy |= in_flight(p->jobs[i]);
        double now = dawr_clock_monotonic_us() / 1000.0;
        if (p->backend->watched && (busy || now - last_printer_poll >= IDLE_POLL_MS)) {
            last_printer_poll = now;
            /* The jobs first, then the printer: a job that ended between the two requests is
             * explained by the printer's state at its end (reasons are set before a job stops). */
            typedef struct { job *j; int cups_job, state; char message[256]; } watch;
            int n = 0;
            watch *w = busy ? calloc((size_t)p->job_count, sizeof *w) : NULL;
            for (int i = 0; w && i < p->job_count; i++)
                if (in_flight(p->jobs[i])) w[n++] = (watch){ .j = p->jobs[i], .cups_job = p->jobs[i]->info.cups_job };
            pthread_mutex_unlock(&p->lock);
            for (int i = 0; i < n; i++) query_job(p, w[i].cups_job, &w[i].state, w[i].message, sizeof w[i].message);
            dawr_printer_status st;
            query_printer(p, &st);
            pthread_mutex_lock(&p->lock);
            set_status(p, &st);
            for (int i = 0; i < n; i++) follow_job(p, w[i].j, st.reachable ? w[i].state : 0, w[i].message);
            free(w);
        }
        if (p->stop || next_queued(p)) continue;
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        long wait_ms = busy ? BUSY_POLL_MS : IDLE_POLL_MS;
        until.tv_sec += wait_ms / 1000;
        until.tv_nsec += (wait_ms % 1000) * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&p->wake, &p->lock, &until);
    }
    pthread_mutex_unlock(&p->lock);
    disconnect_printer(p);
    return NULL;
}

/* ---- The caller's side ---- */

dawr_printer *dawr_print_open(const dawr_printer_settings *s, dawr_queue *q, char *err, size_t err_size)
{
    const backend *b = find_backend(s->format);
    if (!b) { snprintf(err, err_size, "printer format \"%s\" is not raster, raw, ipp or preview", s->format); return NULL; }
    dawr_printer *p = calloc(1, sizeof *p);
    if (!p) { snprintf(err, err_size, "out of memory"); return NULL; }
    p->s = s;
    p->backend = b;
    p->q = q;
    snprintf(p->status.reasons, sizeof p->status.reasons, "none");
    p->status.reachable = 1;
    explain(&p->status);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->wake, NULL);
    int rc = pthread_create(&p->thread, NULL, worker, p);
    if (rc) {
        snprintf(err, err_size, "cannot start the printing thread: %s", strerror(rc));
        dawr_print_close(p);
        return NULL;
    }
    p->started = 1;
    return p;
}

void dawr_print_set_events(dawr_printer *p, dawr_queue *q) { p->q = q; }

void dawr_print_close(dawr_printer *p)
{
    if (!p) return;
    if (p->started) {
        pthread_mutex_lock(&p->lock);
        p->stop = 1;
        pthread_cond_signal(&p->wake);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
    }
    /* Receipts never handed over are reported, not dropped silently. */
    for (int i = 0; i < p->job_count; i++)
        if (p->jobs[i]->info.state == DAWR_JOB_QUEUED)
            set_job(p, p->jobs[i], DAWR_JOB_FAILED, 0, DAWR_PRINT_NOT_SENT, "printing stopped before the receipt was sent");
    dawr_print_poll(p);
    for (int i = 0; i < p->job_count; i++) {
        dawr_bytes_release(&p->jobs[i]->doc);
        free(p->jobs[i]);
    }
    free(p->jobs);
    free(p->changes);
    pthread_cond_destroy(&p->wake);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

int dawr_print_encode(const dawr_printer_settings *s, const dawr_mono *receipt, dawr_bytes *out, const char **mime)
{
    const backend *b = find_backend(s->format);
    if (!b) return -1;
    if (mime) *mime = b->mime;
    return b->encode(receipt, s->dpi, out);
}

int dawr_print_submit(dawr_printer *p, long long ticket, const dawr_mono *receipt)
{
    job *j = calloc(1, sizeof *j);
    if (!j) return -1;
    if (p->backend->encode(receipt, p->s->dpi, &j->doc) < 0) { dawr_bytes_release(&j->doc); free(j); return -1; }
    j->mime = p->backend->mime;
    j->info.ticket = ticket;
    j->info.state = DAWR_JOB_QUEUED;
    j->info.bytes = j->doc.len;
    j->reported_state = -1;
    pthread_mutex_lock(&p->lock);
    if (p->job_count == p->job_cap) {
        int cap = p->job_cap ? p->job_cap * 2 : 16;
        job **grown = realloc(p->jobs, (size_t)cap * sizeof *grown);
        if (!grown) { pthread_mutex_unlock(&p->lock); dawr_bytes_release(&j->doc); free(j); return -1; }
        p->jobs = grown;
        p->job_cap = cap;
    }
    j->info.id = p->job_count + 1;
    p->jobs[p->job_count++] = j;
    post(p, ticket, DAWR_EVENT_PRINT, json_pack("{s:i, s:s, s:s, s:s, s:I, s:i, s:i}", "job", j->info.id, "format",
                                       p->backend->name, "printer", target(p), "document_format", j->mime, "bytes",
                                       (json_int_t)j->doc.len, "width", receipt->width, "height", receipt->height));
    pthread_cond_signal(&p->wake);
    pthread_mutex_unlock(&p->lock);
    return j->info.id;
}

int dawr_print_poll(dawr_printer *p)
{
    pthread_mutex_lock(&p->lock);
    change *changes = p->changes;
    int n = p->change_count;
    p->changes = NULL;
    p->change_count = p->change_cap = 0;
    pthread_mutex_unlock(&p->lock);
    for (int i = 0; i < n; i++) {
        /* A store failure loses a log line, never the ticket; the printer's state stays readable. */
        if (p->q && dawr_queue_log(p->q, changes[i].ticket, changes[i].kind, changes[i].detail) != DAWR_OK)
            fprintf(stderr, "dawr: cannot record a %s event: %s\n", dawr_event_kind_name(changes[i].kind),
                    dawr_queue_error(p->q));
        free(changes[i].detail);
    }
    free(changes);
    return n;
}

int dawr_print_job_info(dawr_printer *p, int id, dawr_print_job *out)
{
    int found = -1;
    pthread_mutex_lock(&p->lock);
    if (id >= 1 && id <= p->job_count) {
        *out = p->jobs[id - 1]->info;
        found = 0;
    }
    pthread_mutex_unlock(&p->lock);
    return found;
}

void dawr_print_status(dawr_printer *p, dawr_printer_status *out)
{
    pthread_mutex_lock(&p->lock);
    *out = p->status;
    pthread_mutex_unlock(&p->lock);
}

int dawr_print_wait(dawr_printer *p, int id, int timeout_ms, int until_held)
{
    double until = dawr_clock_monotonic_us() / 1000.0 + timeout_ms;
    dawr_print_job j;
    for (;;) {
        if (dawr_print_job_info(p, id, &j) < 0) return -1;
        dawr_print_poll(p);         /* after reading the state, so its events are recorded */
        if (j.state == DAWR_JOB_DONE || j.state == DAWR_JOB_FAILED || (until_held && j.state == DAWR_JOB_HELD) ||
            dawr_clock_monotonic_us() / 1000.0 >= until)
            return (int)j.state;
        usleep(20 * 1000);
    }
}
