/* Printing through a real, private cupsd: a ticket is issued and printed through the
 * kiosk's code path (print.h), and what reached the device is decoded and compared; then
 * the faults: paper out, queue stopped, device unreachable, cupsd not running. In each, the
 * ticket stands, the state is reported in plain words, nothing is dropped silently, and
 * after the fault is cleared the held job or a reprint comes out. */
#include "harness.h"
#include "printutil.h"

#include "escpos.h"
#include "print.h"
#include "receipt.h"

static test_cupsd cupsd;
static int cupsd_ok;
static char filter_path[512], ppd80[512], ppd58[512];

/* A test receipt: the real layout of a freshly issued ticket. */
typedef struct {
    dawr_config *cfg;
    dawr_queue *q;
    const char *db;
    dawr_ticket ticket;
    dawr_mono bitmap;
    dawr_receipt_box number_box;
} fixture;

static int fixture_open(fixture *f, const char *name, const char *service)
{
    memset(f, 0, sizeof *f);
    char err[512];
    f->cfg = load_default_config();
    f->db = scratch_db(name);
    f->q = dawr_queue_open(f->cfg, f->db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!f->q) { fprintf(stderr, "%s\n", err); return -1; }
    if (dawr_queue_issue(f->q, service, 0, &f->ticket) != DAWR_OK) return -1;
    dawr_receipt *r = dawr_receipt_new(f->cfg, err, sizeof err);
    if (!r) { fprintf(stderr, "%s\n", err); return -1; }
    dawr_receipt_layout lay;
    int rc = dawr_receipt_render(r, &f->ticket, NULL, dawr_clock_now(), &f->bitmap, &lay);
    f->number_box = lay.number;
    dawr_receipt_free(r);
    return rc;
}

static void fixture_close(fixture *f)
{
    dawr_mono_release(&f->bitmap);
    dawr_queue_close(f->q);
    dawr_config_free(f->cfg);
}

static dawr_printer_settings settings(const char *format, const char *queue)
{
    return (dawr_printer_settings){ .format = format, .queue = queue, .uri = "", .server = cupsd.socket_path,
                                    .preview_dir = cupsd.out_dir, .language = "ar", .width_mm = 80,
                                    .width_dots = 576, .dpi = 203 };
}

/* How many events of KIND the ticket has in the store, read as another program would. */
static long long events_of(const fixture *f, const char *kind)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE ticket = %lld AND kind = '%s'", f->ticket.id, kind);
    return query_int(f->db, sql);
}

/* Decodes what the device received for CUPS job JOB on QUEUE and compares it with the
 * bitmap that was sent. */
static void check_device_output(const fixture *f, const char *queue, int job)
{
    dawr_mono got;
    dawr_escpos_info info;
    char err[512];
    REQUIRE(test_cupsd_receipt(&cupsd, queue, job, &got, &info, err, sizeof err) == 0, "%s", err);
    CHECK_INT(got.width, 576);
    CHECK(info.ends_with_cut, "the receipt does not end with a cut (%d cuts)", info.cuts);
    CHECK(dawr_mono_equal(&got, &f->bitmap), "the device's bitmap (%dx%d) differs from the receipt's (%dx%d)",
          got.width, got.height, f->bitmap.width, f->bitmap.height);
    const dawr_receipt_box *b = &f->number_box;
    long ink = dawr_mono_count(&got, b->x, b->y, b->w, b->h);
    CHECK(ink > (long)b->w * b->h / 20, "little ink where the ticket number should be: %ld dots in %dx%d", ink, b->w, b->h);
    dawr_mono_release(&got);
}

/* Prints F's receipt through S, waits for the job to end, and checks it is done and what
 * reached QUEUE's device. Returns the CUPS job's id, 0 when it did not print. */
static int print_one(const fixture *f, const dawr_printer_settings *s, const char *queue)
{
    char err[256];
    dawr_printer *p = dawr_print_open(s, f->q, err, sizeof err);
    CHECK(p != NULL, "%s", err);
    if (!p) return 0;
    int job = dawr_print_submit(p, f->ticket.id, &f->bitmap);
    CHECK(job > 0, "submit");
    int state = job > 0 ? dawr_print_wait(p, job, 20000, 0) : DAWR_JOB_FAILED;
    dawr_print_job info = {0};
    if (job > 0) dawr_print_job_info(p, job, &info);
    CHECK(state == DAWR_JOB_DONE, "job ended %s: %s", dawr_job_state_name(state), info.message);
    dawr_print_close(p);
    if (state != DAWR_JOB_DONE) return 0;
    check_device_output(f, queue, info.cups_job);
    return info.cups_job;
}

static void prints_through_the_driver_queue(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    fixture f;
    REQUIRE(fixture_open(&f, "print-raster", "new_request") == 0, "fixture");
    dawr_printer_settings s = settings("raster", "receipt80");
    print_one(&f, &s, "receipt80");
    CHECK_INT(events_of(&f, "print"), 1);
    CHECK_INT(events_of(&f, "print_done"), 1);
    fixture_close(&f);
}

static void raw_queue_gets_the_same_bitmap_and_a_cut(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    fixture f;
    REQUIRE(fixture_open(&f, "print-raw", "inquiry") == 0, "fixture");
    dawr_printer_settings s = settings("raw", "rawreceipt");
    int cups_job = print_one(&f, &s, "rawreceipt");
    REQUIRE(cups_job > 0, "the raw job did not print");
    /* Raw: the device got exactly the bytes Dawr made. */
    dawr_bytes sent = {0};
    REQUIRE(dawr_print_encode(&s, &f.bitmap, &sent, NULL) == 0, "encode");
    size_t len;
    uint8_t *got = test_cupsd_output(&cupsd, "rawreceipt", cups_job, &len);
    CHECK(got && len == sent.len && memcmp(got, sent.data, len) == 0, "raw bytes changed on the way (%zu vs %zu)",
          got ? len : 0, sent.len);
    free(got);
    dawr_bytes_release(&sent);
    fixture_close(&f);
}

/* A fault while printing: the job is held with a clear message and an event, the ticket
 * stays, and after CLEAR the held job comes out. */
typedef struct {
    const char *name, *queue;
    const char *fault;              /* written to the backend's fault file, or NULL */
    int disable;                    /* cupsdisable before printing */
    const char *message;            /* expected in the job's and the printer's message ("a|b": either) */
    const char *reason;             /* expected in printer-state-reasons ("a|b": either) */
    dawr_print_problem problem, or; /* the job's and the printer's problem: either */
} fault_case;

static const fault_case FAULTS[] = {
    { "paper out", "faultpaper", "media-empty", 0, "out of paper", "media-empty", DAWR_PRINT_PAPER_OUT,
      DAWR_PRINT_PAPER_OUT },
    { "queue stopped", "faultstop", NULL, 1, "stopped", "paused", DAWR_PRINT_QUEUE_STOPPED, DAWR_PRINT_QUEUE_STOPPED },
    /* While the backend runs: offline; once it gave up, the stopped queue with its words. */
    { "device unreachable", "faultoffline", "offline", 0, "offline|The printer does not answer", "offline|paused",
      DAWR_PRINT_OFFLINE, DAWR_PRINT_QUEUE_STOPPED },
};

/* Whether TEXT contains one of the |-separated ALTERNATIVES. */
static int contains_any(const char *text, const char *alternatives)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", alternatives);
    for (char *save = NULL, *a = strtok_r(copy, "|", &save); a; a = strtok_r(NULL, "|", &save))
        if (strstr(text, a)) return 1;
    return 0;
}

static void faults_hold_the_job_until_cleared(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    for (size_t i = 0; i < sizeof FAULTS / sizeof FAULTS[0]; i++) {
        const fault_case *c = &FAULTS[i];
        fixture f;
        REQUIRE(fixture_open(&f, "print-fault", "follow_up") == 0, "fixture");
        test_cupsd_add_queue(&cupsd, c->queue, ppd80);
        test_cupsd_fault(&cupsd, c->fault);
        if (c->disable) run_cmd("cupsdisable %s", c->queue);
        dawr_printer_settings s = settings("raster", c->queue);
        char err[256];
        dawr_printer *p = dawr_print_open(&s, f.q, err, sizeof err);
        REQUIRE(p != NULL, "%s", err);
        int job = dawr_print_submit(p, f.ticket.id, &f.bitmap);
        int state = dawr_print_wait(p, job, 20000, 1);
        dawr_print_job info;
        dawr_printer_status st;
        /* Each fault ends with the queue stopped (the backend gave up, or cupsdisable): wait for
         * that, or cupsenable below could come before the stop and be lost. */
        for (int k = 0; k < 200; k++) {
            dawr_print_status(p, &st);
            if (st.state == 5) break;
            sleep_ms(50);
            dawr_print_poll(p);
        }
        CHECK(st.state == 5, "%s: the queue did not stop (state %d)", c->name, st.state);
        dawr_print_job_info(p, job, &info);
        dawr_print_status(p, &st);
        CHECK(state == DAWR_JOB_HELD, "%s: job is %s (%s)", c->name, dawr_job_state_name(state), info.message);
        CHECK(contains_any(info.message, c->message), "%s: job message \"%s\"", c->name, info.message);
        CHECK(st.attention && contains_any(st.message, c->message), "%s: printer message \"%s\"", c->name, st.message);
        CHECK(contains_any(st.reasons, c->reason), "%s: reasons \"%s\"", c->name, st.reasons);
        CHECK(info.problem == c->problem || info.problem == c->or, "%s: the job's problem \"%s\"", c->name,
              dawr_print_problem_code(info.problem));
        CHECK(st.problem == c->problem || st.problem == c->or, "%s: the printer's problem \"%s\"", c->name,
              dawr_print_problem_code(st.problem));
        CHECK(st.message_ar[0] != 0, "%s: no Arabic message", c->name);
        /* One held event, or one more when the reason changed (offline, then stopped). */
        CHECK(events_of(&f, "print_held") >= 1 && events_of(&f, "print_held") <= 2, "%s: %lld print_held events",
              c->name, events_of(&f, "print_held"));
        CHECK(query_int(f.db, "SELECT count(*) FROM events WHERE kind = 'printer_state'") >= 1, "%s: no printer_state", c->name);
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT state FROM tickets WHERE id = %lld", f.ticket.id);
        CHECK_STR(query_text(f.db, sql), "waiting");
        /* Clear the fault: the held job comes out. */
        test_cupsd_fault(&cupsd, NULL);
        run_cmd("cupsenable %s", c->queue);
        state = dawr_print_wait(p, job, 20000, 0);
        dawr_print_job_info(p, job, &info);
        CHECK(state == DAWR_JOB_DONE, "%s: after cupsenable the job is %s (%s)", c->name, dawr_job_state_name(state),
              info.message);
        dawr_print_close(p);
        check_device_output(&f, c->queue, info.cups_job);
        CHECK_INT(events_of(&f, "print_done"), 1);
        fixture_close(&f);
    }
}

static void cupsd_not_running_then_reprint(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    fixture f;
    REQUIRE(fixture_open(&f, "print-nocupsd", "documents") == 0, "fixture");
    test_cupsd_stop(&cupsd);
    dawr_printer_settings s = settings("raster", "receipt80");
    char err[256];
    dawr_printer *p = dawr_print_open(&s, f.q, err, sizeof err);
    REQUIRE(p != NULL, "%s", err);
    int job = dawr_print_submit(p, f.ticket.id, &f.bitmap);
    int state = dawr_print_wait(p, job, 20000, 0);
    dawr_print_job info;
    dawr_printer_status st;
    dawr_print_job_info(p, job, &info);
    dawr_print_status(p, &st);
    CHECK(state == DAWR_JOB_FAILED, "job is %s", dawr_job_state_name(state));
    CHECK(strstr(info.message, "does not answer") != NULL, "message: %s", info.message);
    CHECK(info.problem == DAWR_PRINT_UNREACHABLE, "the job's problem: %s", dawr_print_problem_code(info.problem));
    CHECK(!st.reachable && st.attention, "printer status reachable=%d attention=%d", st.reachable, st.attention);
    CHECK(st.problem == DAWR_PRINT_UNREACHABLE, "the printer's problem: %s", dawr_print_problem_code(st.problem));
    dawr_print_poll(p);
    CHECK_INT(events_of(&f, "print_failed"), 1);
    char detail[128];
    snprintf(detail, sizeof detail, "SELECT json_extract(detail, '$.problem') FROM events WHERE ticket = %lld AND"
             " kind = 'print_failed'", f.ticket.id);
    CHECK_STR(query_text(f.db, detail), "unreachable");
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM tickets WHERE id = %lld AND state = 'waiting'", f.ticket.id);
    CHECK_INT(query_int(f.db, sql), 1);
    /* cupsd comes back: a reprint comes out. */
    cupsd_ok = test_cupsd_start(&cupsd) == 0;
    REQUIRE(cupsd_ok, "cupsd did not restart");
    int again = dawr_print_submit(p, f.ticket.id, &f.bitmap);
    state = dawr_print_wait(p, again, 20000, 0);
    dawr_print_job_info(p, again, &info);
    CHECK(state == DAWR_JOB_DONE, "reprint is %s: %s", dawr_job_state_name(state), info.message);
    dawr_print_close(p);
    check_device_output(&f, "receipt80", info.cups_job);
    CHECK_INT(events_of(&f, "print"), 2);
    fixture_close(&f);
}

/* `dawrctl reprint`, as staff use it: prints through the configured queue, and when the
 * printer needs attention says so and exits 1, the job held until the queue is enabled. */
static void dawrctl_reprint(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    const char *dir = scratch_dir("reprint");
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char conf[600], db[600], cmd[6144];
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    FILE *in = fopen(default_config_path(), "r");
    REQUIRE(in, "default configuration");
    static char text[65536], changed[70000];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = 0;
    char *queue = strstr(text, "queue = dawr-receipt");
    REQUIRE(queue, "queue = dawr-receipt in the default configuration");
    snprintf(changed, sizeof changed, "%.*squeue = receipt80\nserver = %s%s", (int)(queue - text), text,
             cupsd.socket_path, queue + strlen("queue = dawr-receipt"));
    write_file(conf, changed);
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config '%s' --db '%s' init >/dev/null && "
             "%s/dawrctl --config '%s' --db '%s' issue inquiry >/dev/null && "
             "%s/dawrctl --config '%s' --db '%s' reprint C-001 >'%s/out' 2>&1", build, conf, db, build, conf, db, build,
             conf, db, dir);
    int rc = system(cmd);
    CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "reprint: status %d", rc);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print_done' AND ticket = 1"), 1);
    run_cmd("cupsdisable receipt80");
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config '%s' --db '%s' --json reprint C-001 >'%s/out' 2>'%s/err'", build,
             conf, db, dir, dir);
    rc = system(cmd);
    CHECK(WIFEXITED(rc) && WEXITSTATUS(rc) == 1, "reprint to a stopped queue: status %d", rc);
    char path[700], message[1024] = "";
    snprintf(path, sizeof path, "%s/err", dir);
    FILE *e = fopen(path, "r");
    if (e) { size_t k = fread(message, 1, sizeof message - 1, e); message[k] = 0; fclose(e); }
    CHECK(strstr(message, "C-001 was not printed") && strstr(message, "stopped"), "message: %s", message);
    char out[2048];
    snprintf(path, sizeof path, "%s/out", dir);
    read_file_into(path, out, sizeof out);
    CHECK(strstr(out, "\"state\": \"attention\"") && strstr(out, "\"problem\": \"queue_stopped\""), "--json: %s", out);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print_held' AND ticket = 1"), 1);
    CHECK_STR(query_text(db, "SELECT json_extract(detail, '$.reprint') FROM events WHERE kind = 'print_held'"), "1");
    run_cmd("cupsenable receipt80");
}

int main(int argc, char **argv)
{
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    if (geteuid() != 0) {     /* cupsd switches to lp for filters, and backends of mode 0700 run as root */
        printf("printer_cups: skipped: a private cupsd needs root\nprinter_cups: 0 passed, 0 failed\n");
        return 0;
    }
    char rel[512];
    snprintf(rel, sizeof rel, "%s/rastertoescpos", build);
    if (!realpath(rel, filter_path)) { fprintf(stderr, "no filter at %s\n", rel); return 2; }
    if (!realpath("printer/ppd/dawr-escpos-80mm.ppd", ppd80) || !realpath("printer/ppd/dawr-escpos-58mm.ppd", ppd58))
        return 2;
    cupsd_ok = test_cupsd_setup(&cupsd, "cupsd", filter_path) == 0 &&
               test_cupsd_add_queue(&cupsd, "receipt80", ppd80) == 0 &&
               test_cupsd_add_queue(&cupsd, "rawreceipt", NULL) == 0;
    static const test_case cases[] = {
        { "prints_through_the_driver_queue", prints_through_the_driver_queue },
        { "raw_queue_gets_the_same_bitmap_and_a_cut", raw_queue_gets_the_same_bitmap_and_a_cut },
        { "faults_hold_the_job_until_cleared", faults_hold_the_job_until_cleared },
        { "cupsd_not_running_then_reprint", cupsd_not_running_then_reprint },
        { "dawrctl_reprint", dawrctl_reprint },
        { NULL, NULL },
    };
    int rc = harness_main("printer_cups", cases, argc, argv);
    test_cupsd_remove(&cupsd);
    return rc;
}
