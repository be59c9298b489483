/* Printing receipts without ever freezing the kiosk. dawr_print_submit() encodes the
 * receipt for the configured backend (CUPS raster to Dawr's driver queue, ESC/POS bytes to
 * a raw queue, PWG raster to an IPP Everywhere printer, or a PNG preview file) and returns
 * at once; one worker thread does all the talking to CUPS (which can block for seconds
 * when cupsd or the printer does not answer) and watches the job and the printer through
 * IPP. The caller's event loop calls dawr_print_poll(), which turns what changed into
 * events in the store ("print", "print_held", "print_done", "print_failed",
 * "printer_state") for the kiosk and the staff console. Programs print through slips.h,
 * which lays the slip out and drives this.
 * A ticket is committed before it is printed: a failed print never loses it, and a
 * reprint is one more dawr_print_submit(). */
#ifndef DAWR_PRINT_H
#define DAWR_PRINT_H

#include "config.h"
#include "escpos.h"
#include "mono.h"
#include "queue.h"

#include <stddef.h>

typedef struct dawr_printer dawr_printer;

/* Why a job waits or failed, or what the printer needs, as X(NAME, "code"): the code is stable
 * (the events' "problem", programs switch on it); print.c says each in English and Arabic. */
#define DAWR_PRINT_PROBLEMS(X) \
    X(UNREACHABLE, "unreachable")         /* CUPS (or the IPP printer) does not answer */ \
    X(REFUSED, "refused")                 /* the queue or printer refused the document */ \
    X(PAPER_OUT, "paper_out") \
    X(PAPER_JAM, "paper_jam") \
    X(COVER_OPEN, "cover_open") \
    X(OFFLINE, "offline")                 /* the printer reports itself offline */ \
    X(DEVICE_SILENT, "device_silent")     /* CUPS cannot reach the device (connecting, timed out) */ \
    X(QUEUE_STOPPED, "queue_stopped")     /* the CUPS queue is paused: a failure or cupsdisable */ \
    X(PRINTER_STOPPED, "printer_stopped") /* stopped, for reasons Dawr does not know */ \
    X(PRINTER_ERROR, "printer_error")     /* an "-error" reason Dawr does not know */ \
    X(JOB_HELD, "job_held")               /* held, and the printer says nothing more */ \
    X(JOB_LOST, "job_lost")               /* the print service no longer knows the job (restarted?) */ \
    X(JOB_CANCELLED, "job_cancelled") \
    X(JOB_ABORTED, "job_aborted") \
    X(NOT_WRITTEN, "not_written")         /* the preview file could not be written */ \
    X(NOT_SENT, "not_sent")               /* printing stopped before the job was handed over */ \
    X(OUT_OF_MEMORY, "out_of_memory") \
    X(CANNOT_START, "cannot_start")       /* slips.h: the fonts, the logo or the printing thread */ \
    X(NOT_LAID_OUT, "not_laid_out")       /* slips.h: the slip's layout failed */

#define DAWR_PRINT_ENUM_(name, code) DAWR_PRINT_##name,
typedef enum { DAWR_PRINT_OK, DAWR_PRINT_PROBLEMS(DAWR_PRINT_ENUM_) DAWR_PRINT_PROBLEM_COUNT } dawr_print_problem;
#undef DAWR_PRINT_ENUM_

/* The code of PROBLEM; "" for DAWR_PRINT_OK or out of range. */
const char *dawr_print_problem_code(dawr_print_problem problem);

typedef enum {
    DAWR_JOB_QUEUED,     /* in Dawr, not yet handed to CUPS */
    DAWR_JOB_SENT,       /* accepted by CUPS or the printer, waiting its turn */
    DAWR_JOB_PRINTING,
    DAWR_JOB_HELD,       /* waiting because the printer needs attention (paper, offline, stopped) */
    DAWR_JOB_DONE,
    DAWR_JOB_FAILED,     /* not printed: CUPS unreachable, refused, aborted or cancelled */
} dawr_job_state;

/* One print job as Dawr sees it. */
typedef struct {
    int id;              /* Dawr's job number, from dawr_print_submit() */
    long long ticket;
    dawr_job_state state;
    int cups_job;        /* the job id in CUPS or the printer; 0 until accepted */
    size_t bytes;        /* the document sent */
    dawr_print_problem problem; /* why it waits or failed; DAWR_PRINT_OK otherwise */
    char message[256];   /* the same for staff (English), with the printer's details */
} dawr_print_job;

/* The printer as last seen. */
typedef struct {
    int reachable;       /* CUPS (or the IPP printer) answered the last request */
    int state;           /* IPP printer-state: 3 idle, 4 processing, 5 stopped; 0 not known yet */
    int attention;       /* someone must act: paper, cover, offline, stopped, unreachable */
    dawr_print_problem problem; /* what needs attention; DAWR_PRINT_OK when all is well */
    char reasons[256];   /* printer-state-reasons, space-separated; "none" when all is well */
    char detail[256];    /* printer-state-message: the printer's or its backend's own words */
    char message[256];   /* for staff: "out of paper", ... */
    char message_ar[256];/* the same in Arabic, for the kiosk's line under the ticket number */
} dawr_printer_status;

/* Starts printing for the [printer] settings S (which must outlive the printer). Events go
 * to Q when it is not NULL (written only from dawr_print_poll(), on the caller's thread).
 * Returns a printer (dawr_print_close) or NULL with the reason in ERR. */
dawr_printer *dawr_print_open(const dawr_printer_settings *s, dawr_queue *q, char *err, size_t err_size);

/* Events from now on go to Q (NULL: none); for a connection opened after the printer, once
 * the database exists. Caller's thread. */
void dawr_print_set_events(dawr_printer *p, dawr_queue *q);

/* Stops the worker (after its current request, which has timeouts), records the last
 * changes and frees everything. Jobs already in CUPS stay there. Accepts NULL. */
void dawr_print_close(dawr_printer *p);

/* Encodes RECEIPT for the backend and queues it for TICKET (0: no ticket); returns at once
 * with Dawr's job number (> 0), or -1 when out of memory. The bitmap is not kept. */
int dawr_print_submit(dawr_printer *p, long long ticket, const dawr_mono *receipt);

/* Records what changed since the last call as events (when there is a queue) and returns
 * how many changes there were. Does not wait for the printer. Call it from the event loop. */
int dawr_print_poll(dawr_printer *p);

/* The job numbered JOB into OUT. Returns 0, or -1 when there is no such job. */
int dawr_print_job_info(dawr_printer *p, int job, dawr_print_job *out);

/* The printer's last seen state into OUT. */
void dawr_print_status(dawr_printer *p, dawr_printer_status *out);

/* For dawr_slips_wait (dawrctl) and tests: polls until JOB is done or failed (or held, when UNTIL_HELD), or
 * TIMEOUT_MS passed. Returns the job's state then, or -1 when there is no such job. */
int dawr_print_wait(dawr_printer *p, int job, int timeout_ms, int until_held);

/* The document the backend makes of RECEIPT, appended to OUT, and its MIME type (static)
 * in MIME when not NULL: what dawr_print_submit() sends. Returns 0, or -1. */
int dawr_print_encode(const dawr_printer_settings *s, const dawr_mono *receipt, dawr_bytes *out, const char **mime);

/* "queued", "sent", "printing", "held", "done", "failed". */
const char *dawr_job_state_name(dawr_job_state state);

#endif
