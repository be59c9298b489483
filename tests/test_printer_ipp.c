/* The same ticket to an IPP Everywhere printer, simulated by ippeveprinter (cups-ipp-utils),
 * as PWG raster straight from Dawr (no cupsd). On Debian 12 ippeveprinter needs avahi, so the
 * test re-runs itself inside a private network and mount namespace (unshare) with lo up, its
 * own system dbus and an avahi-daemon on lo; where that is impossible it says why and skips. */
#include "harness.h"
#include "printutil.h"

#include "print.h"
#include "rasterdoc.h"
#include "receipt.h"

#include <dirent.h>
#include <sys/prctl.h>

static char spool[700], work[600];
static int port;
static pid_t ipp_pid, dbus_pid;

/* Starts ippeveprinter on a free port, keeping documents in SPOOL_DIR and running COMMAND on
 * each (what a real printer's engine would do; a command can report printer state). */
static int start_printer(const char *command, const char *spool_dir, int *port_out, pid_t *pid_out)
{
    int p = free_tcp_port();
    pid_t pid = fork();
    if (pid == 0) {
        char log[800], portarg[16];
        snprintf(log, sizeof log, "%s/ippeveprinter-%d.log", work, p);
        snprintf(portarg, sizeof portarg, "%d", p);
        if (!freopen(log, "w", stderr) || !freopen(log, "a", stdout)) _exit(127);
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        execlp("ippeveprinter", "ippeveprinter", "-p", portarg, "-k", "-c", command, "-d", spool_dir, "-f",
               "image/pwg-raster", "-r", "off", "Dawr Test", (char *)NULL);
        _exit(127);
    }
    *port_out = p;
    *pid_out = pid;
    for (int i = 0; i < 100; i++) {
        if (run_cmd("ipptool -q ipp://127.0.0.1:%d/ipp/print get-printer-attributes.test 2>/dev/null", p) == 0)
            return 0;
        sleep_ms(100);
    }
    fprintf(stderr, "ippeveprinter did not answer; see %s/ippeveprinter-%d.log\n", work, p);
    return -1;
}

static int start_ipp_printer(void)
{
    const char *dir = scratch_dir("ippeve");
    char *abs = dir ? realpath(dir, NULL) : NULL;
    if (!abs) return -1;
    snprintf(work, sizeof work, "%.500s", abs);
    free(abs);
    snprintf(spool, sizeof spool, "%s/spool", work);
    mkdir(spool, 0755);
    char conf[700];
    snprintf(conf, sizeof conf, "%s/avahi.conf", work);
    write_file(conf, "[server]\nuse-ipv4=yes\nuse-ipv6=no\nallow-interfaces=lo\nenable-dbus=yes\n"
                     "[wide-area]\nenable-wide-area=no\n[publish]\npublish-hinfo=no\npublish-workstation=no\n");
    if (run_cmd("ip link set lo up && mount -t tmpfs tmpfs /run/dbus 2>/dev/null || "
                "{ mkdir -p /run/dbus && mount -t tmpfs tmpfs /run/dbus; }") != 0 ||
        run_cmd("mkdir -p /run/avahi-daemon && mount -t tmpfs tmpfs /run/avahi-daemon") != 0) {
        fprintf(stderr, "cannot prepare lo, /run/dbus and /run/avahi-daemon in the namespace\n");
        return -1;
    }
    char pidfile[700];
    snprintf(pidfile, sizeof pidfile, "%s/dbus.pid", work);
    if (run_cmd("dbus-daemon --system --fork --nopidfile --print-pid >'%s'", pidfile) != 0) return -1;
    FILE *f = fopen(pidfile, "r");
    if (!f || fscanf(f, "%d", &dbus_pid) != 1) dbus_pid = 0;
    if (f) fclose(f);
    if (run_cmd("avahi-daemon -f '%s' -D --no-chroot --no-rlimits 2>'%s/avahi.log'", conf, work) != 0) {
        fprintf(stderr, "avahi-daemon did not start\n");
        return -1;
    }
    return start_printer("/bin/true", spool, &port, &ipp_pid);
}

static void stop_ipp_printer(void)
{
    if (ipp_pid > 0) { kill(ipp_pid, SIGTERM); waitpid(ipp_pid, NULL, 0); }
    run_cmd("avahi-daemon -k 2>/dev/null");
    if (dbus_pid > 0) kill(dbus_pid, SIGTERM);
}

/* The newest document ippeveprinter kept, read into DATA. */
static uint8_t *kept_document(size_t *len)
{
    DIR *d = opendir(spool);
    if (!d) return NULL;
    char best[1200] = "";
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".pwg") || strstr(e->d_name, ".ras")) snprintf(best, sizeof best, "%s/%s", spool, e->d_name);
    closedir(d);
    return best[0] ? test_read_bytes(best, len) : NULL;
}

static void ticket_reaches_an_ipp_everywhere_printer(void)
{
    char err[512], uri[128];
    dawr_config *cfg = load_default_config();
    const char *db = scratch_db("print-ipp");
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    REQUIRE(q, "%s", err);
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(q, "new_request", 0, &t) == DAWR_OK, "issue");
    dawr_receipt *r = dawr_receipt_new(cfg, err, sizeof err);
    REQUIRE(r, "%s", err);
    dawr_mono bitmap;
    dawr_receipt_layout lay;
    REQUIRE(dawr_receipt_render(r, &t, "ar", dawr_clock_now(), &bitmap, &lay) == 0, "%s", dawr_receipt_error(r));
    dawr_receipt_free(r);
    snprintf(uri, sizeof uri, "ipp://127.0.0.1:%d/ipp/print", port);
    dawr_printer_settings s = { .format = "ipp", .queue = "", .uri = uri, .server = "", .preview_dir = "",
                                .language = "ar", .width_dots = 576, .dpi = 203 };
    dawr_printer *p = dawr_print_open(&s, q, err, sizeof err);
    REQUIRE(p, "%s", err);
    int job = dawr_print_submit(p, t.id, &bitmap);
    int state = dawr_print_wait(p, job, 20000, 0);
    dawr_print_job info;
    dawr_print_job_info(p, job, &info);
    CHECK(state == DAWR_JOB_DONE, "job is %s: %s", dawr_job_state_name(state), info.message);
    dawr_print_close(p);
    size_t len = 0;
    uint8_t *data = kept_document(&len);
    CHECK(data != NULL, "ippeveprinter kept no document in %s", spool);
    if (data) {
        dawr_mono got;
        int dpi = 0;
        CHECK(memcmp(data, "RaS2", 4) == 0, "not PWG raster: %.4s", (const char *)data);
        if (dawr_rasterdoc_read(data, len, &got, &dpi, err, sizeof err) == 0) {
            CHECK(dawr_mono_equal(&got, &bitmap), "the printer's page (%dx%d) is not the receipt (%dx%d)", got.width,
                  got.height, bitmap.width, bitmap.height);
            CHECK_INT(dpi, 203);
            CHECK(dawr_mono_count(&got, lay.number.x, lay.number.y, lay.number.w, lay.number.h) > 0,
                  "no ink in the number's box");
            dawr_mono_release(&got);
        } else {
            CHECK(0, "cannot read the printer's document: %s", err);
        }
        free(data);
    }
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE ticket = %lld AND kind = 'print_done'", t.id);
    CHECK_INT(query_int(db, sql), 1);
    dawr_mono_release(&bitmap);
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

/* A printer whose engine reports paper out: Dawr says so in words, the ticket stands. */
static void paper_out_is_reported(void)
{
    char err[512], uri[128], script[700], spool2[700];
    snprintf(script, sizeof script, "%s/paper-out.sh", work);
    /* The engine stays out of paper a second before it gives up, so Dawr sees the job held, then aborted. */
    write_file(script, "#!/bin/sh\necho 'STATE: +media-empty-error' >&2\necho 'ERROR: Paper out' >&2\nsleep 1\nexit 1\n");
    chmod(script, 0755);
    snprintf(spool2, sizeof spool2, "%s/spool-paper-out", work);
    mkdir(spool2, 0755);
    int port2;
    pid_t pid2;
    REQUIRE(start_printer(script, spool2, &port2, &pid2) == 0, "second ippeveprinter");
    dawr_config *cfg = load_default_config();
    const char *db = scratch_db("print-ipp-paper");
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    REQUIRE(q, "%s", err);
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(q, "inquiry", 0, &t) == DAWR_OK, "issue");
    dawr_mono m;
    dawr_mono_init(&m, 576, 300);
    dawr_mono_fill(&m, 100, 100, 300, 100, 1);
    snprintf(uri, sizeof uri, "ipp://127.0.0.1:%d/ipp/print", port2);
    dawr_printer_settings s = { .format = "ipp", .queue = "", .uri = uri, .server = "", .preview_dir = "",
                                .language = "ar", .width_dots = 576, .dpi = 203 };
    dawr_printer *p = dawr_print_open(&s, q, err, sizeof err);
    REQUIRE(p, "%s", err);
    int job = dawr_print_submit(p, t.id, &m);
    int state = dawr_print_wait(p, job, 20000, 0);
    for (int i = 0; i < 40; i++) {             /* the printer's state follows the job's end */
        dawr_printer_status st;
        dawr_print_status(p, &st);
        if (st.attention) break;
        sleep_ms(100);
    }
    dawr_print_job info;
    dawr_printer_status st;
    dawr_print_job_info(p, job, &info);
    dawr_print_status(p, &st);
    CHECK(state == DAWR_JOB_FAILED || state == DAWR_JOB_HELD, "job is %s (%s)", dawr_job_state_name(state), info.message);
    CHECK(strstr(info.message, "out of paper") != NULL, "job message: %s", info.message);
    CHECK(st.attention && strstr(st.message, "out of paper"), "printer: %s (%s)", st.message, st.reasons);
    CHECK(strstr(st.message_ar, "نفد الورق") != NULL, "Arabic: %s", st.message_ar);
    dawr_print_close(p);
    CHECK(query_int(db, "SELECT count(*) FROM events WHERE kind = 'printer_state' AND "
                        "json_extract(detail, '$.reasons') LIKE '%media-empty%'") >= 1, "no printer_state event");
    /* Held, then failed (a busy machine's polls may miss the held step): each logged once, the last says why. */
    CHECK(query_int(db, "SELECT count(*) FROM events WHERE kind IN ('print_failed', 'print_held') AND ticket = 1") >= 1,
          "no print_failed or print_held event");
    CHECK_INT(query_int(db, "SELECT count(*) - count(DISTINCT kind || detail) FROM events WHERE ticket = 1 AND "
                            "kind IN ('print_failed', 'print_held')"), 0);
    CHECK(strstr(query_text(db, "SELECT detail FROM events WHERE ticket = 1 AND kind IN ('print_failed', 'print_held') "
                                "ORDER BY id DESC LIMIT 1"), "out of paper") != NULL, "the last print event does not say why");
    CHECK_STR(query_text(db, "SELECT state FROM tickets WHERE id = 1"), "waiting");
    kill(pid2, SIGTERM);
    waitpid(pid2, NULL, 0);
    dawr_mono_release(&m);
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

static int skip(const char *why)
{
    fprintf(stderr, "printer_ipp: skipped: %s\n", why);
    printf("printer_ipp: skipped: %s\n", why);
    printf("printer_ipp: 0 passed, 0 failed\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (!getenv("DAWR_IN_NETNS")) {
        if (run_cmd("{ command -v ippeveprinter && command -v avahi-daemon && command -v dbus-daemon && "
                    "command -v unshare; } >/dev/null") != 0)
            return skip("ippeveprinter, avahi-daemon, dbus-daemon or unshare is not installed");
        if (run_cmd("unshare --net --mount true 2>/dev/null") != 0)
            return skip("cannot make a private network namespace here (unshare --net --mount: not permitted)");
        setenv("DAWR_IN_NETNS", "1", 1);
        fflush(stdout);
        char *args[argc + 4];
        args[0] = "unshare";
        args[1] = "--net";
        args[2] = "--mount";
        for (int i = 0; i < argc; i++) args[3 + i] = argv[i];
        args[argc + 3] = NULL;
        execvp("unshare", args);
        return skip("cannot run unshare");
    }
    if (start_ipp_printer() < 0) {
        stop_ipp_printer();
        return skip("ippeveprinter could not be started in the namespace (see the messages above)");
    }
    static const test_case cases[] = {
        { "ticket_reaches_an_ipp_everywhere_printer", ticket_reaches_an_ipp_everywhere_printer },
        { "paper_out_is_reported", paper_out_is_reported },
        { NULL, NULL },
    };
    int rc = harness_main("printer_ipp", cases, argc, argv);
    stop_ipp_printer();
    return rc;
}
