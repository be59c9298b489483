#include "printing.h"

#include "print.h"
#include "receipt.h"
#include "testhook.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POLL_MS 250                 /* events reach the store this often at most */
#define BUSY_MS 1000                /* the longest a poll waits for a busy database */
#define REMEMBERED 16               /* tickets whose latest job is remembered */

static struct {
    const dawr_config *cfg;
    const char *db_path;
    dawr_queue *q;                  /* the printer's own connection, for its events */
    dawr_printer *printer;
    dawr_receipt *receipt;
    int failed;                     /* the printer could not start: said once */
    kiosk_ms polled_at;
    struct { long long ticket; int job; } jobs[REMEMBERED];
    int next;
    char message[256], described[320];
    unsigned seen;                  /* a digest of the last seen states, to redraw on a change */
} P;

void kiosk_printing_init(const dawr_config *cfg, const char *db_path)
{
    memset(&P, 0, sizeof P);
    P.cfg = cfg;
    P.db_path = db_path;
}

void kiosk_printing_finish(void)
{
    dawr_print_close(P.printer);
    dawr_receipt_free(P.receipt);
    dawr_queue_close(P.q);
    const dawr_config *cfg = P.cfg;
    const char *db_path = P.db_path;
    kiosk_printing_init(cfg, db_path);
}

/* The printer and the receipt's fonts, at the first receipt. 0, or -1 (logged). */
static int start(void)
{
    if (P.printer && P.receipt) return 0;
    char err[512];
    if (!P.q) {
        /* Events are a log: without the store the receipt still prints. */
        P.q = dawr_queue_open(P.cfg, P.db_path, &(dawr_queue_options){ .busy_ms = BUSY_MS }, err, sizeof err);
        if (!P.q) fprintf(stderr, "dawr-kiosk: printing without events: %s\n", err);
    }
    if (!P.receipt && !(P.receipt = dawr_receipt_new(P.cfg, err, sizeof err))) goto fail;
    if (!P.printer && !(P.printer = dawr_print_open(dawr_config_printer(P.cfg), P.q, err, sizeof err))) goto fail;
    return 0;
fail:
    if (!P.failed) fprintf(stderr, "dawr-kiosk: cannot print: %s\n", err);
    P.failed = 1;
    return -1;
}

void kiosk_printing_submit(const dawr_ticket *t, dawr_lang lang)
{
    if (start() < 0) return;
    dawr_mono m;
    if (dawr_receipt_render(P.receipt, t, lang == DAWR_LANG_EN ? "en" : "ar", dawr_clock_now(), &m, NULL) < 0) {
        fprintf(stderr, "dawr-kiosk: receipt of %s: %s\n", t->code, dawr_receipt_error(P.receipt));
        return;
    }
    int job = dawr_print_submit(P.printer, t->id, &m);
    dawr_mono_release(&m);
    if (job < 0) { fprintf(stderr, "dawr-kiosk: receipt of %s: out of memory\n", t->code); return; }
    P.jobs[P.next].ticket = t->id;
    P.jobs[P.next].job = job;
    P.next = (P.next + 1) % REMEMBERED;
    fprintf(stderr, "dawr-kiosk: printing %s (job %d)\n", t->code, job);
    dawr_print_poll(P.printer);     /* the "print" event, with the ticket */
}

/* The latest job of TICKET, or 0. */
static int job_of(long long ticket)
{
    for (int k = 1; k <= REMEMBERED; k++) {
        int i = (P.next - k + REMEMBERED) % REMEMBERED;
        if (P.jobs[i].job && P.jobs[i].ticket == ticket) return P.jobs[i].job;
    }
    return 0;
}

int kiosk_printing_poll(kiosk_ms now)
{
    if (!P.printer || (now - P.polled_at < POLL_MS && now >= P.polled_at)) return 0;
    P.polled_at = now;
    dawr_print_poll(P.printer);
    /* Redraw when the newest job or the printer changed. */
    dawr_printer_status st;
    dawr_print_status(P.printer, &st);
    dawr_print_job j = { .state = 0 };
    int last = P.jobs[(P.next - 1 + REMEMBERED) % REMEMBERED].job;
    if (last) dawr_print_job_info(P.printer, last, &j);
    unsigned seen = (unsigned)last * 131u + (unsigned)j.state * 17u + (unsigned)st.attention * 7u + (unsigned)st.state;
    for (const char *c = st.message; *c; c++) seen = seen * 31u + (unsigned char)*c;
    int changed = seen != P.seen;
    P.seen = seen;
    return changed;
}

static kiosk_print_state forced(void)
{
    const char *env = dawr_testhook_get(DAWR_TESTHOOK_KIOSK_PRINT_STATE);
    if (env && !strcmp(env, "printing")) return KIOSK_PRINT_PRINTING;
    if (env && !strcmp(env, "printed")) return KIOSK_PRINT_PRINTED;
    if (env && !strcmp(env, "attention")) return KIOSK_PRINT_ATTENTION;
    return KIOSK_PRINT_UNKNOWN;
}

kiosk_print_state kiosk_printing_state(const dawr_ticket *t)
{
    kiosk_print_state f = forced();
    if (f != KIOSK_PRINT_UNKNOWN) return f;
    if (!t) return P.failed ? KIOSK_PRINT_ATTENTION : KIOSK_PRINT_UNKNOWN;
    int job = job_of(t->id);
    dawr_print_job j;
    if (!P.printer || !job || dawr_print_job_info(P.printer, job, &j) < 0)
        return P.failed ? KIOSK_PRINT_ATTENTION : KIOSK_PRINT_UNKNOWN;
    switch (j.state) {
    case DAWR_JOB_DONE: return KIOSK_PRINT_PRINTED;
    case DAWR_JOB_HELD: case DAWR_JOB_FAILED: return KIOSK_PRINT_ATTENTION;
    default: {
        /* Waiting in a queue the printer cannot serve (paper out before the job started). */
        dawr_printer_status st;
        dawr_print_status(P.printer, &st);
        return st.attention ? KIOSK_PRINT_ATTENTION : KIOSK_PRINT_PRINTING;
    }
    }
}

const char *kiosk_printing_message(dawr_lang lang)
{
    P.message[0] = 0;
    if (!P.printer) return P.message;
    dawr_printer_status st;
    dawr_print_status(P.printer, &st);
    if (st.attention) snprintf(P.message, sizeof P.message, "%s", lang == DAWR_LANG_AR ? st.message_ar : st.message);
    return P.message;
}

const char *kiosk_printing_describe(void)
{
    if (P.failed && !P.printer) return "cannot start printing (see the log)";
    if (!P.printer) return "nothing printed yet";
    dawr_printer_status st;
    dawr_print_status(P.printer, &st);
    snprintf(P.described, sizeof P.described, "%s", st.message);
    return P.described;
}
