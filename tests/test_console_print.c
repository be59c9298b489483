/* The console's reprint button through a real, private cupsd (tests/printutil.h): the real
 * dawr-console with [printer] pointing at a file-backend queue, staff signed in over HTTP,
 * POST /api/reprint, and what reached the device decoded back to a bitmap of the configured
 * width; the print_done event recorded; the refusals (no ticket, no CSRF token, unknown
 * ticket); and a stopped queue: 503 with the printer's words, the job held, then printed. */
#include "harness.h"
#include "printutil.h"
#include "consoleutil.h"

#include "escpos.h"

static test_cupsd cupsd;
static int cupsd_ok;
static char conf[700], db[700];
static console_proc server;

/* The default configuration with [printer] queue = receipt80 on the private cupsd. */
static int write_config(const char *dir)
{
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    FILE *in = fopen(default_config_path(), "r");
    if (!in) return -1;
    static char text[65536], changed[70000];
    size_t n = fread(text, 1, sizeof text - 1, in);
    fclose(in);
    text[n] = 0;
    char *queue = strstr(text, "queue = dawr-receipt");
    if (!queue) return -1;
    snprintf(changed, sizeof changed, "%.*squeue = receipt80\nserver = %s%s", (int)(queue - text), text,
             cupsd.socket_path, queue + strlen("queue = dawr-receipt"));
    write_file(conf, changed);
    return 0;
}

/* Waits up to 20 s for at least COUNT events of KIND; returns how many there are. */
static long long wait_events(const char *kind, long long count)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE kind = '%s'", kind);
    long long n = 0;
    for (int i = 0; i < 400 && (n = query_int(db, sql)) < count; i++) sleep_ms(50);
    return n;
}

/* The CUPS job of Dawr's job JOB, from its print_done event (0 when none). */
static int cups_job_of(int job)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT json_extract(detail, '$.cups_job') FROM events WHERE kind = 'print_done'"
             " AND json_extract(detail, '$.job') = %d", job);
    return (int)query_int(db, sql);
}

/* What the device got for CUPS job JOB decodes to a receipt 576 dots wide (80 mm at 203 dpi). */
static void check_device_output(int cups_job)
{
    dawr_mono got;
    dawr_escpos_info info;
    char err[512];
    REQUIRE(test_cupsd_receipt(&cupsd, "receipt80", cups_job, &got, &info, err, sizeof err) == 0, "%s", err);
    CHECK_INT(got.width, 576);
    CHECK(got.height > 300, "a receipt only %d dots long", got.height);
    CHECK(dawr_mono_count(&got, 0, 0, got.width, got.height) > 1000, "an almost blank receipt");
    CHECK(info.ends_with_cut, "the receipt does not end with a cut");
    dawr_mono_release(&got);
}

static void reprint_through_cupsd(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    const char *dir = scratch_dir("console-print");
    REQUIRE(write_config(dir) == 0, "configuration with queue = dawr-receipt");
    REQUIRE(set_pin(conf, db, "1", "1111") == 0, "set-pin");
    REQUIRE(console_start(&server, conf, db, NULL) == 0, "dawr-console");
    http_reply r;
    char v[512];
    staff one;
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign-in: %d %s", r.status, r.body);

    /* Refusals: nothing at the counter and nothing finished; no CSRF token; unknown ticket. */
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{}", &r), 409);
    CHECK(strstr(r.body, "no ticket to reprint") != NULL, "409 body: %s", r.body);
    CHECK_STR(json_field(&r, "code", v, sizeof v), "nothing_to_reprint");
    char headers[300];
    snprintf(headers, sizeof headers, "Cookie: %s\r\n", one.cookie);
    CHECK_INT(http_do(server.port, "POST", "/api/reprint", headers, "{}", &r), 403);
    CHECK_STR(json_field(&r, "code", v, sizeof v), "bad_csrf");
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{\"ticket\":\"Z-999\"}", &r), 404);
    CHECK_STR(json_field(&r, "code", v, sizeof v), "no_ticket");
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{\"ticket\":7}", &r), 400);
    CHECK_STR(json_field(&r, "code", v, sizeof v), "bad_request");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind LIKE 'print%'"), 0);

    /* The ticket at the counter. */
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config '%s' --db '%s' issue inquiry >/dev/null", build_dir(), conf, db);
    REQUIRE(system(cmd) == 0, "dawrctl issue");
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-001");
    double t0 = now_seconds();
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{}", &r), 202);
    CHECK(now_seconds() - t0 < 2, "the reply took %.2f s", now_seconds() - t0);
    CHECK_STR(json_field(&r, "ticket", v, sizeof v), "C-001");
    CHECK_STR(json_field(&r, "job", v, sizeof v), "1");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print' AND ticket = 1"), 1);
    CHECK_INT(wait_events("print_done", 1), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print_done' AND ticket = 1"), 1);
    int cups_job = cups_job_of(1);
    CHECK(cups_job > 0, "no CUPS job in the print_done event");
    check_device_output(cups_job);
    /* The page sees it through the state (the newest print event). */
    for (int i = 0; i < 40; i++) {
        CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
        if (!strcmp(json_field(&r, "printer.state", v, sizeof v), "print_done")) break;
        sleep_ms(50);
    }
    CHECK_STR(json_field(&r, "printer.state", v, sizeof v), "print_done");

    /* Finished: {} reprints the counter's last finished ticket; a named one works too. */
    CHECK_INT(staff_do(&one, "POST", "/api/done", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{}", &r), 202);
    CHECK_STR(json_field(&r, "ticket", v, sizeof v), "C-001");
    CHECK_STR(json_field(&r, "job", v, sizeof v), "2");
    CHECK_INT(wait_events("print_done", 2), 2);
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{\"ticket\":\"C-001\"}", &r), 202);
    CHECK_INT(wait_events("print_done", 3), 3);
    check_device_output(cups_job_of(3));

    /* A stopped queue: the job is held; the next reprint says so (503) but is queued too; after
     * cupsenable both come out. */
    run_cmd("cupsdisable receipt80");
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{}", &r), 202);
    CHECK_INT(wait_events("print_held", 1), 1);
    CHECK_INT(staff_do(&one, "POST", "/api/reprint", "{}", &r), 503);
    CHECK(strstr(r.body, "stopped") != NULL, "503 body: %s", r.body);
    CHECK_STR(json_field(&r, "code", v, sizeof v), "printer_trouble");
    CHECK(json_field(&r, "ticket", v, sizeof v)[0] != 0, "503 names the ticket: %s", r.body);
    CHECK_STR(json_field(&r, "queued", v, sizeof v), "true");
    CHECK_STR(json_field(&r, "job", v, sizeof v), "5");
    run_cmd("cupsenable receipt80");
    CHECK_INT(wait_events("print_done", 5), 5);
    check_device_output(cups_job_of(5));
    CHECK_INT(console_stop(&server), 0);
}

int main(int argc, char **argv)
{
    if (geteuid() != 0) {     /* cupsd switches to lp for filters, and backends of mode 0700 run as root */
        printf("console_print: skipped: a private cupsd needs root\nconsole_print: 0 passed, 0 failed\n");
        return 0;
    }
    char rel[512], filter[512], ppd80[512];
    snprintf(rel, sizeof rel, "%s/rastertoescpos", build_dir());
    if (!realpath(rel, filter)) { fprintf(stderr, "no filter at %s\n", rel); return 2; }
    if (!realpath("printer/ppd/dawr-escpos-80mm.ppd", ppd80)) return 2;
    cupsd_ok = test_cupsd_setup(&cupsd, "console-cupsd", filter) == 0 &&
               test_cupsd_add_queue(&cupsd, "receipt80", ppd80) == 0;
    static const test_case cases[] = {
        { "reprint_through_cupsd", reprint_through_cupsd },
        { NULL, NULL },
    };
    int rc = harness_main("console_print", cases, argc, argv);
    test_cupsd_remove(&cupsd);
    return rc;
}
