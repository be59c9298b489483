/* Slips: receipt.h's layout, print.h's thread, and the newest slip of the last few tickets. */
#include "slips.h"

#include "clock.h"
#include "receipt.h"
#include "testhook.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REMEMBERED 16               /* tickets whose newest slip is remembered */

struct dawr_slips {
    const dawr_config *cfg;
    dawr_queue *q;                  /* events; may be NULL */
    dawr_receipt *receipt;          /* fonts and logo, from the first slip */
    dawr_printer *printer;          /* the printing thread, from the first print */
    int cannot_start;               /* the last try to start failed */
    dawr_slip_state forced[3];      /* $DAWR_KIOSK_PRINT_STATE, one state a ticket in turn */
    int forced_count;               /* 0: not set */
    long long forced_ticket;        /* the ticket last asked about, and how many were */
    int forced_tickets;
    int changed;                    /* events recorded since dawr_slips_poll last said so */
    struct { long long ticket; int slip; } newest[REMEMBERED];
    int next;
    dawr_print_problem problem;
    char error[512];
};

static const char *const STATE_NAMES[] = { "none", "printing", "printed", "attention", "failed" };

const char *dawr_slip_state_name(dawr_slip_state state)
{
    return (unsigned)state < sizeof STATE_NAMES / sizeof STATE_NAMES[0] ? STATE_NAMES[state] : "unknown";
}

/* The one test override, for the kiosk's layout tests: every screen measured in each printing
 * state, whatever the printer does. "printing,printed,attention" gives the first ticket asked
 * about the first state, the next one the second, and so on in turn. Returns how many. */
static int forced_states(dawr_slip_state out[3])
{
    const char *env = dawr_testhook_get(DAWR_TESTHOOK_KIOSK_PRINT_STATE);
    int n = 0;
    while (env && *env && n < 3) {
        size_t len = strcspn(env, ",");
        for (dawr_slip_state st = DAWR_SLIP_PRINTING; st <= DAWR_SLIP_ATTENTION; st++)
            if (strlen(STATE_NAMES[st]) == len && !strncmp(env, STATE_NAMES[st], len)) out[n++] = st;
        env += len + (env[len] == ',');
    }
    return n;
}

/* Records why the last operation failed; returns -1. */
static int fail(dawr_slips *s, dawr_print_problem problem, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->error, sizeof s->error, fmt, ap);
    va_end(ap);
    s->problem = problem;
    return -1;
}

dawr_slips *dawr_slips_open(const dawr_config *cfg, dawr_queue *q, char *err, size_t err_size)
{
    dawr_slips *s = calloc(1, sizeof *s);
    if (!s) { snprintf(err, err_size, "out of memory"); return NULL; }
    s->cfg = cfg;
    s->q = q;
    s->forced_count = forced_states(s->forced);
    return s;
}

void dawr_slips_set_events(dawr_slips *s, dawr_queue *q)
{
    s->q = q;
    if (s->printer) dawr_print_set_events(s->printer, q);
}

void dawr_slips_close(dawr_slips *s)
{
    if (!s) return;
    dawr_print_close(s->printer);
    dawr_receipt_free(s->receipt);
    free(s);
}

dawr_lang dawr_slips_language(const dawr_slips *s) { return dawr_lang_parse(dawr_config_printer(s->cfg)->language); }

dawr_print_problem dawr_slips_problem(const dawr_slips *s) { return s->problem; }

const char *dawr_slips_error(const dawr_slips *s) { return s->error; }

/* The fonts and the logo, and with PRINTER the printing thread. 0, or -1 (said in S). */
static int start(dawr_slips *s, int printer)
{
    char err[512];
    s->cannot_start = 1;
    if (!s->receipt && !(s->receipt = dawr_receipt_new(s->cfg, err, sizeof err)))
        return fail(s, DAWR_PRINT_CANNOT_START, "cannot lay out slips: %s", err);
    if (printer && !s->printer && !(s->printer = dawr_print_open(dawr_config_printer(s->cfg), s->q, err, sizeof err)))
        return fail(s, DAWR_PRINT_CANNOT_START, "cannot print: %s", err);
    s->cannot_start = 0;
    return 0;
}

static int submit(dawr_slips *s, long long ticket, const char *what, dawr_mono *m);

/* Lays out T's slip; S's fonts are loaded. */
static int lay_out(dawr_slips *s, const dawr_ticket *t, dawr_lang lang, dawr_slip_copy copy, dawr_mono *out)
{
    dawr_ticket shown = *t;
    if (copy == DAWR_SLIP_REPRINT) {
        /* The reprint rule: people ahead and the wait were true at issue and are not known now. */
        shown.people_ahead = -1;
        shown.wait_minutes = 0;
    }
    dawr_receipt_kind kind = copy == DAWR_SLIP_DOCUMENTS ? DAWR_RECEIPT_DOCUMENTS : DAWR_RECEIPT_TICKET;
    if (dawr_receipt_render_kind(s->receipt, &shown, kind, lang == DAWR_LANG_EN ? "en" : "ar", dawr_clock_now(), out,
                                 NULL) < 0)
        return fail(s, DAWR_PRINT_NOT_LAID_OUT, "cannot lay out the slip of %s: %s", t->code,
                    dawr_receipt_error(s->receipt));
    return 0;
}

int dawr_slips_render(dawr_slips *s, const dawr_ticket *t, dawr_lang lang, dawr_slip_copy copy, dawr_mono *out)
{
    if (start(s, 0) < 0) return -1;
    return lay_out(s, t, lang, copy, out);
}

int dawr_slips_print(dawr_slips *s, const dawr_ticket *t, dawr_lang lang, dawr_slip_copy copy)
{
    if (start(s, 1) < 0) return -1;
    dawr_mono m;
    if (lay_out(s, t, lang, copy, &m) < 0) return -1;
    return submit(s, t->id, t->code, &m);
}

int dawr_slips_render_appointment(dawr_slips *s, const dawr_application *app, const dawr_appointment *ap, dawr_lang lang,
                                  dawr_mono *out, dawr_receipt_layout *layout)
{
    if (start(s, 0) < 0) return -1;
    if (dawr_receipt_render_appointment(s->receipt, app, ap, lang == DAWR_LANG_EN ? "en" : "ar", dawr_clock_now(), out,
                                        layout) < 0)
        return fail(s, DAWR_PRINT_NOT_LAID_OUT, "cannot lay out the appointment slip of %s: %s", app->ref,
                    dawr_receipt_error(s->receipt));
    return 0;
}

/* Hands the laid-out M of ticket TICKET to the printing thread and remembers it. */
static int submit(dawr_slips *s, long long ticket, const char *what, dawr_mono *m)
{
    int slip = dawr_print_submit(s->printer, ticket, m);
    dawr_mono_release(m);
    if (slip < 0) return fail(s, DAWR_PRINT_OUT_OF_MEMORY, "the slip of %s: out of memory", what);
    s->newest[s->next].ticket = ticket;
    s->newest[s->next].slip = slip;
    s->next = (s->next + 1) % REMEMBERED;
    dawr_print_poll(s->printer);    /* the "print" event, with the ticket, now */
    s->changed = 1;
    return slip;
}

int dawr_slips_print_appointment(dawr_slips *s, const dawr_application *app, const dawr_appointment *ap, dawr_lang lang)
{
    if (start(s, 1) < 0) return -1;
    dawr_mono m;
    if (dawr_slips_render_appointment(s, app, ap, lang, &m, NULL) < 0) return -1;
    return submit(s, app->ticket, app->ref, &m);
}

int dawr_slips_poll(dawr_slips *s)
{
    int changed = s->changed;
    s->changed = 0;
    if (s->printer && dawr_print_poll(s->printer) > 0) changed = 1;
    return changed;
}

void dawr_slips_status(dawr_slips *s, int slip, dawr_slip_status *out)
{
    memset(out, 0, sizeof *out);
    dawr_print_job j;
    if (!s->printer || slip <= 0 || dawr_print_job_info(s->printer, slip, &j) < 0) return;
    dawr_printer_status st;
    dawr_print_status(s->printer, &st);
    out->slip = slip;
    out->cups_job = j.cups_job;
    out->problem = j.problem;
    snprintf(out->message, sizeof out->message, "%s", j.message);
    if (st.attention) {
        snprintf(out->printer_en, sizeof out->printer_en, "%s", st.message);
        snprintf(out->printer_ar, sizeof out->printer_ar, "%s", st.message_ar);
    }
    switch (j.state) {
    case DAWR_JOB_DONE: out->state = DAWR_SLIP_PRINTED; break;
    case DAWR_JOB_HELD: out->state = DAWR_SLIP_ATTENTION; break;
    case DAWR_JOB_FAILED: out->state = DAWR_SLIP_FAILED; break;
    case DAWR_JOB_QUEUED: case DAWR_JOB_SENT: case DAWR_JOB_PRINTING:
        out->state = DAWR_SLIP_PRINTING;
        if (st.attention) {         /* waiting in a queue the printer cannot serve (paper out before it started) */
            out->state = DAWR_SLIP_ATTENTION;
            out->problem = st.problem;
            snprintf(out->message, sizeof out->message, "waiting: %.240s", st.message);
        }
        break;
    }
}

void dawr_slips_of_ticket(dawr_slips *s, long long ticket_id, dawr_slip_status *out)
{
    int slip = 0;
    for (int k = 1; k <= REMEMBERED && !slip; k++) {
        int i = (s->next - k + REMEMBERED) % REMEMBERED;
        if (s->newest[i].slip && s->newest[i].ticket == ticket_id) slip = s->newest[i].slip;
    }
    dawr_slips_status(s, slip, out);
    if (out->state == DAWR_SLIP_NONE && s->cannot_start) {
        out->state = DAWR_SLIP_ATTENTION;
        out->problem = DAWR_PRINT_CANNOT_START;
        snprintf(out->message, sizeof out->message, "%.250s", s->error);
    }
    if (s->forced_count) {
        if (!s->forced_tickets || ticket_id != s->forced_ticket) { s->forced_ticket = ticket_id; s->forced_tickets++; }
        out->state = s->forced[(s->forced_tickets - 1) % s->forced_count];
    }
}

void dawr_slips_wait(dawr_slips *s, int slip, int timeout_ms, dawr_slip_status *out)
{
    if (s->printer && slip > 0) dawr_print_wait(s->printer, slip, timeout_ms, 1);
    dawr_slips_status(s, slip, out);
}

int dawr_slips_printer(dawr_slips *s, dawr_printer_status *out)
{
    if (!s->printer) return s->cannot_start ? -1 : 0;
    dawr_print_status(s->printer, out);
    return 1;
}
