/* Printer benchmarks: what the kiosk's thread pays to print a ticket (receipt layout +
 * rasterisation + dawr_print_submit), p50 and p99, target p99 under 100 ms; the bytes sent per
 * receipt in each format; and, on a private cupsd, the time from submission until CUPS has
 * accepted the job and until the device has the receipt (the worker's side). */
#include "printutil.h"

#include "print.h"
#include "receipt.h"

static double ms_now(void)
{
    return dawr_clock_monotonic_us() / 1e3;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *v, int n, double p)
{
    qsort(v, n, sizeof v[0], compare_double);
    return v[(int)(p * (n - 1) + 0.5)];
}

#define RUNS 200

int main(void)
{
    char err[512];
    dawr_config *cfg = load_default_config();
    const char *db = scratch_db("bench-printer");
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    dawr_receipt *r = dawr_receipt_new(cfg, err, sizeof err);
    if (!q || !r) { fprintf(stderr, "%s\n", err); return 1; }
    static dawr_ticket tickets[RUNS];
    for (int i = 0; i < RUNS; i++) dawr_queue_issue(q, i % 3 ? "inquiry" : "new_request", 0, &tickets[i]);

    /* The kiosk's cost: a printer whose cupsd is not there, so jobs fail in the worker without
     * side effects; the caller's side is the same as with a working printer. */
    dawr_printer_settings s = *dawr_config_printer(cfg);
    s.server = "/nonexistent/dawr-bench.sock";
    dawr_printer *p = dawr_print_open(&s, NULL, err, sizeof err);
    if (!p) { fprintf(stderr, "%s\n", err); return 1; }
    static double layout[RUNS], submit[RUNS], total[RUNS];
    for (int i = 0; i < RUNS; i++) {
        dawr_mono m;
        double t0 = ms_now();
        if (dawr_receipt_render(r, &tickets[i], i % 2 ? "ar" : "en", dawr_clock_now(), &m, NULL) < 0) return 1;
        double t1 = ms_now();
        dawr_print_submit(p, tickets[i].id, &m);
        double t2 = ms_now();
        dawr_mono_release(&m);
        layout[i] = t1 - t0;
        submit[i] = t2 - t1;
        total[i] = t2 - t0;
        dawr_print_poll(p);
    }
    dawr_print_close(p);
    printf("receipt_layout_raster_p50: %.2f ms\n", percentile(layout, RUNS, 0.5));
    printf("receipt_layout_raster_p99: %.2f ms\n", percentile(layout, RUNS, 0.99));
    printf("print_submit_p50: %.3f ms\n", percentile(submit, RUNS, 0.5));
    printf("print_submit_p99: %.3f ms\n", percentile(submit, RUNS, 0.99));
    printf("receipt_layout_raster_submit_p50: %.2f ms\n", percentile(total, RUNS, 0.5));
    printf("receipt_layout_raster_submit_p99: %.2f ms (target < 100)\n", percentile(total, RUNS, 0.99));

    /* Bytes per receipt, for a new request (the longest) and an inquiry. */
    static const char *const FORMATS[] = { "raster", "raw", "ipp", "preview" };
    for (int k = 0; k < 2; k++) {
        dawr_mono m;
        dawr_receipt_render(r, &tickets[k == 0 ? 0 : 1], "ar", dawr_clock_now(), &m, NULL);
        for (int f = 0; f < 4; f++) {
            dawr_printer_settings fs = s;
            fs.format = FORMATS[f];
            dawr_bytes b = {0};
            const char *mime;
            dawr_print_encode(&fs, &m, &b, &mime);
            printf("bytes_%s_%s: %zu bytes (%s, %dx%d dots)\n", k == 0 ? "new_request" : "inquiry", FORMATS[f], b.len,
                   mime, m.width, m.height);
            dawr_bytes_release(&b);
        }
        dawr_mono_release(&m);
    }

    /* The worker's side on a real, private cupsd: submission until CUPS accepted the job, and
     * until the device had the receipt. */
    test_cupsd cupsd = {0};
    char filter[1024], ppd[1024], rel[512];
    snprintf(rel, sizeof rel, "%s/rastertoescpos", getenv("BUILD") ? getenv("BUILD") : "build");
    if (realpath(rel, filter) && realpath("printer/ppd/dawr-escpos-80mm.ppd", ppd) &&
        test_cupsd_setup(&cupsd, "bench-cupsd", filter) == 0 && test_cupsd_add_queue(&cupsd, "bench", ppd) == 0) {
        dawr_printer_settings cs = s;
        cs.server = cupsd.socket_path;
        cs.queue = "bench";
        dawr_printer *cp = dawr_print_open(&cs, NULL, err, sizeof err);
        enum { JOBS = 20 };
        double accepted[JOBS], done[JOBS];
        int n = 0;
        for (int i = 0; cp && i < JOBS; i++) {
            dawr_mono m;
            dawr_receipt_render(r, &tickets[i], "ar", dawr_clock_now(), &m, NULL);
            double t0 = ms_now();
            int job = dawr_print_submit(cp, tickets[i].id, &m);
            dawr_mono_release(&m);
            dawr_print_job info = {0};
            while (dawr_print_job_info(cp, job, &info) == 0 && info.state == DAWR_JOB_QUEUED) sleep_ms(1);
            accepted[n] = ms_now() - t0;
            if (dawr_print_wait(cp, job, 20000, 0) != DAWR_JOB_DONE) break;
            done[n++] = ms_now() - t0;
        }
        dawr_print_close(cp);
        if (n) {
            printf("cupsd_accepted_p50: %.1f ms\n", percentile(accepted, n, 0.5));
            printf("cupsd_accepted_max: %.1f ms\n", percentile(accepted, n, 1.0));
            printf("cupsd_printed_p50: %.1f ms (includes the watcher's %d ms polling)\n", percentile(done, n, 0.5), 250);
        }
    } else {
        printf("cupsd_accepted_p50: skipped (no private cupsd)\n");
    }
    test_cupsd_remove(&cupsd);
    dawr_receipt_free(r);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    return 0;
}
