/* Fuzzes the kiosk's scanner: any bytes typed as the USB barcode scanner types them (a
 * receipt's QR "DAWR:T:<id>:<day>:<code>", "A-023", "#12", digits, or anything), then Enter,
 * on the rating screen, against a database in a temp file with visits finished today. The
 * flow must land on a screen it knows and never rate a visit the code does not name. */
#include "app.h"
#include "config.h"
#include "flow.h"
#include "queue.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static dawr_config *scan_cfg;
static kiosk_flow scan_flow;
static char scan_dir[64];
static int scan_ready;
static kiosk_ms scan_now;

static void scan_cleanup(void)
{
    kiosk_flow_finish(&scan_flow);
    dawr_config_free(scan_cfg);
    char path[128];
    for (const char *const *s = (const char *const[]){ "/dawr.db", "/dawr.db-wal", "/dawr.db-shm", NULL }; *s; s++) {
        snprintf(path, sizeof path, "%s%s", scan_dir, *s);
        unlink(path);
    }
    rmdir(scan_dir);
}

/* The association's configuration and a database with three visits finished at counter 1. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    /* An instant the shipped [hours] keep open (Sunday 09:00), so visits can be made whatever the
     * hour the fuzzer runs at; the flow then reads the same clock. */
    setenv("DAWR_NOW", "2026-12-06T09:00:00", 0);
    char conf[1024], err[512], db[128];
    snprintf(scan_dir, sizeof scan_dir, "%s/dawr-fuzz-scan-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(scan_dir)) abort();
    snprintf(db, sizeof db, "%s/dawr.db", scan_dir);
    scan_cfg = dawr_config_load(dawr_asset_path("dawr.conf", conf, sizeof conf), err, sizeof err);
    dawr_queue *q = scan_cfg ? dawr_queue_open(scan_cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err) : NULL;
    if (!q) { fprintf(stderr, "fuzz_scan: %s\n", err); abort(); }
    for (int i = 0; i < 3; i++)
        if (dawr_queue_issue(q, "inquiry", 0, NULL) != DAWR_OK || dawr_queue_call_next(q, "1", NULL) != DAWR_OK ||
            dawr_queue_serve(q, "1", NULL) != DAWR_OK || dawr_queue_done(q, "1", NULL) != DAWR_OK)
            abort();
    dawr_queue_close(q);
    kiosk_flow_init(&scan_flow, scan_cfg, db, NULL, 0);
    atexit(scan_cleanup);
    scan_ready = 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!scan_ready) LLVMFuzzerInitialize(NULL, NULL);
    char text[256];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = 0;                       /* a keyboard types no NUL: the code ends at one */
    kiosk_flow_tap(&scan_flow, "home", scan_now += 10);
    kiosk_flow_tap(&scan_flow, "rate_visit", scan_now += 10);
    /* Typed in pieces, as key events arrive: split where the first byte says. */
    size_t split = n ? data[0] % (n + 1) : 0;
    char first[256];
    memcpy(first, text, split);
    first[split] = 0;
    kiosk_flow_text(&scan_flow, first, scan_now += 10);
    kiosk_flow_text(&scan_flow, text + split, scan_now += 10);
    kiosk_flow_enter(&scan_flow, scan_now += 10);
    if ((unsigned)scan_flow.screen >= KIOSK_SCREEN_COUNT) abort();
    /* Only the three finished visits can be chosen, by their own code, number or id. */
    if (scan_flow.screen == KIOSK_RATE_FACES && (scan_flow.ticket.number < 1 || scan_flow.ticket.number > 3)) abort();
    return 0;
}
