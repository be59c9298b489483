/* The slip service (printer/slips.h) against a real, private cupsd (tests/printutil.h): a
 * ticket's slip reaches the device as the bitmap the service lays out and the service says it
 * was printed; a reprint leaves out people ahead and the wait (the rule, tested here once); a
 * stopped queue is the typed "needs attention" state with the printer's words in English and
 * Arabic, the ticket stands, and the slip comes out after cupsenable. A return appointment's
 * slip (issue 16) reaches the device as laid out: the reference, the day and time in both
 * calendars, the documents to bring, its QR code, and never the contact's number. */
#include "harness.h"
#include "printutil.h"

#include "escpos.h"
#include "queue_internal.h"
#include "slips.h"

#include "qrutil.h"

static test_cupsd cupsd;
static int cupsd_ok;
static char ppd80[512];

typedef struct {
    dawr_config *cfg;
    dawr_queue *q;
    char db[700];
    dawr_slips *slips;
} fixture;

/* The default configuration with [printer] on QUEUE of the private cupsd, a fresh database and
 * the service over both. Returns 0, or -1 with the reason on stderr. */
static int fixture_open(fixture *f, const char *name, const char *queue)
{
    memset(f, 0, sizeof *f);
    const char *dir = scratch_dir(name);
    char conf[700], err[512];
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(f->db, sizeof f->db, "%s/dawr.db", dir);
    static char text[65536], changed[70000];
    read_file_into(default_config_path(), text, sizeof text);
    char *at = strstr(text, "queue = dawr-receipt");
    if (!at) { fprintf(stderr, "no \"queue = dawr-receipt\" in the default configuration\n"); return -1; }
    snprintf(changed, sizeof changed, "%.*squeue = %s\nserver = %s%s", (int)(at - text), text, queue,
             cupsd.socket_path, at + strlen("queue = dawr-receipt"));
    write_file(conf, changed);
    if (!(f->cfg = dawr_config_load(conf, err, sizeof err)) || !(f->q = dawr_queue_open(f->cfg, f->db, &(dawr_queue_options){ .create = 1 }, err, sizeof err)) ||
        !(f->slips = dawr_slips_open(f->cfg, f->q, err, sizeof err))) {
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    return 0;
}

static void fixture_close(fixture *f)
{
    dawr_slips_close(f->slips);
    dawr_queue_close(f->q);
    dawr_config_free(f->cfg);
}

static long long events_of(const fixture *f, long long ticket, const char *kind)
{
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE ticket = %lld AND kind = '%s'", ticket, kind);
    return query_int(f->db, sql);
}

/* Polls as an event loop would until SLIP is printed or 20 s passed; its status into OUT. */
static void until_printed(fixture *f, int slip, dawr_slip_status *out)
{
    for (int i = 0; i < 400; i++) {
        dawr_slips_poll(f->slips);
        dawr_slips_status(f->slips, slip, out);
        if (out->state == DAWR_SLIP_PRINTED) return;
        sleep_ms(50);
    }
}

/* What QUEUE's device got for CUPS job JOB, decoded, is WANT. */
static void check_device_got(const char *queue, int job, const dawr_mono *want)
{
    dawr_mono got;
    dawr_escpos_info info;
    char err[512];
    REQUIRE(test_cupsd_receipt(&cupsd, queue, job, &got, &info, err, sizeof err) == 0, "%s", err);
    CHECK(info.ends_with_cut, "the slip does not end with a cut");
    CHECK(dawr_mono_equal(&got, want), "the device's bitmap (%dx%d) is not the slip laid out (%dx%d)", got.width,
          got.height, want->width, want->height);
    dawr_mono_release(&got);
}

static void a_slip_is_printed(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    fixture f;
    REQUIRE(fixture_open(&f, "slips-printed", "receipt80") == 0, "fixture");
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(f.q, "inquiry", 0, &t) == DAWR_OK, "%s", dawr_queue_error(f.q));
    dawr_slip_status st;
    dawr_slips_of_ticket(f.slips, t.id, &st);
    CHECK(st.state == DAWR_SLIP_NONE, "before printing: %s", dawr_slip_state_name(st.state));

    int slip = dawr_slips_print(f.slips, &t, DAWR_LANG_AR, DAWR_SLIP_ORIGINAL);
    REQUIRE(slip > 0, "print: %s", dawr_slips_error(f.slips));
    CHECK_INT(events_of(&f, t.id, "print"), 1);             /* recorded before print returns */
    CHECK(dawr_slips_poll(f.slips) == 1, "the new slip is a change to show");
    dawr_slips_wait(f.slips, slip, 20000, &st);
    CHECK(st.state == DAWR_SLIP_PRINTED, "the slip is %s (%s): %s", dawr_slip_state_name(st.state),
          dawr_print_problem_code(st.problem), st.message);
    CHECK(st.problem == DAWR_PRINT_OK, "problem %s", dawr_print_problem_code(st.problem));
    CHECK(st.slip == slip && st.cups_job > 0, "slip %d, CUPS job %d", st.slip, st.cups_job);
    dawr_slip_status of;
    dawr_slips_of_ticket(f.slips, t.id, &of);
    CHECK(of.state == DAWR_SLIP_PRINTED && of.slip == slip, "the ticket's newest slip: %d, %s", of.slip,
          dawr_slip_state_name(of.state));
    dawr_printer_status ps;
    CHECK(dawr_slips_printer(f.slips, &ps) == 1 && !ps.attention, "the printer: %s", ps.message);

    dawr_mono want;
    REQUIRE(dawr_slips_render(f.slips, &t, DAWR_LANG_AR, DAWR_SLIP_ORIGINAL, &want) == 0, "%s", dawr_slips_error(f.slips));
    CHECK_INT(want.width, 576);
    check_device_got("receipt80", st.cups_job, &want);
    dawr_mono_release(&want);
    fixture_close(&f);                                       /* records the rest */
    CHECK_INT(events_of(&f, t.id, "print_done"), 1);
}

/* The rule: a reprint's layout does not depend on people ahead and the wait (it leaves them
 * out), an original's does; and the reprint is what reaches the device. */
static void a_reprint_leaves_out_the_wait(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    fixture f;
    REQUIRE(fixture_open(&f, "slips-reprint", "receipt80") == 0, "fixture");
    dawr_ticket first, t;
    REQUIRE(dawr_queue_issue(f.q, "inquiry", 0, &first) == DAWR_OK && dawr_queue_issue(f.q, "inquiry", 0, &t) == DAWR_OK,
            "%s", dawr_queue_error(f.q));
    REQUIRE(t.people_ahead == 1 && t.wait_minutes > 0, "%d ahead, %d min", t.people_ahead, t.wait_minutes);
    dawr_ticket later = t;                                   /* the same ticket, other figures */
    later.people_ahead = 7;
    later.wait_minutes = 45;
    dawr_mono original, original_later, reprint, reprint_later;
    REQUIRE(dawr_slips_render(f.slips, &t, DAWR_LANG_EN, DAWR_SLIP_ORIGINAL, &original) == 0 &&
            dawr_slips_render(f.slips, &later, DAWR_LANG_EN, DAWR_SLIP_ORIGINAL, &original_later) == 0 &&
            dawr_slips_render(f.slips, &t, DAWR_LANG_EN, DAWR_SLIP_REPRINT, &reprint) == 0 &&
            dawr_slips_render(f.slips, &later, DAWR_LANG_EN, DAWR_SLIP_REPRINT, &reprint_later) == 0,
            "%s", dawr_slips_error(f.slips));
    CHECK(!dawr_mono_equal(&original, &original_later), "an original does not show people ahead and the wait");
    CHECK(dawr_mono_equal(&reprint, &reprint_later), "a reprint shows people ahead or the wait");
    CHECK(reprint.height < original.height, "the reprint (%d dots) is not shorter than the original (%d)",
          reprint.height, original.height);

    int slip = dawr_slips_print(f.slips, &later, DAWR_LANG_EN, DAWR_SLIP_REPRINT);
    REQUIRE(slip > 0, "print: %s", dawr_slips_error(f.slips));
    dawr_slip_status st;
    dawr_slips_wait(f.slips, slip, 20000, &st);
    CHECK(st.state == DAWR_SLIP_PRINTED, "the reprint is %s: %s", dawr_slip_state_name(st.state), st.message);
    if (st.state == DAWR_SLIP_PRINTED) check_device_got("receipt80", st.cups_job, &reprint);
    dawr_mono_release(&original);
    dawr_mono_release(&original_later);
    dawr_mono_release(&reprint);
    dawr_mono_release(&reprint_later);
    fixture_close(&f);
}

static void a_stopped_queue_needs_attention(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    REQUIRE(test_cupsd_add_queue(&cupsd, "slipstop", ppd80) == 0, "lpadmin");
    run_cmd("cupsdisable slipstop");
    fixture f;
    REQUIRE(fixture_open(&f, "slips-stopped", "slipstop") == 0, "fixture");
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(f.q, "documents", 0, &t) == DAWR_OK, "%s", dawr_queue_error(f.q));
    int slip = dawr_slips_print(f.slips, &t, DAWR_LANG_AR, DAWR_SLIP_ORIGINAL);
    REQUIRE(slip > 0, "print: %s", dawr_slips_error(f.slips));
    dawr_slip_status st;
    dawr_slips_wait(f.slips, slip, 20000, &st);
    CHECK(st.state == DAWR_SLIP_ATTENTION, "the slip is %s: %s", dawr_slip_state_name(st.state), st.message);
    CHECK(st.problem == DAWR_PRINT_QUEUE_STOPPED, "problem \"%s\"", dawr_print_problem_code(st.problem));
    CHECK(st.printer_en[0] && st.printer_ar[0], "the printer's words: \"%s\" / \"%s\"", st.printer_en, st.printer_ar);
    dawr_slip_status of;
    dawr_slips_of_ticket(f.slips, t.id, &of);
    CHECK(of.state == DAWR_SLIP_ATTENTION && of.problem == DAWR_PRINT_QUEUE_STOPPED, "the ticket's slip: %s, %s",
          dawr_slip_state_name(of.state), dawr_print_problem_code(of.problem));
    CHECK_INT(events_of(&f, t.id, "print_held"), 1);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT json_extract(detail, '$.problem') FROM events WHERE ticket = %lld AND"
             " kind = 'print_held'", t.id);
    CHECK_STR(query_text(f.db, sql), "queue_stopped");
    snprintf(sql, sizeof sql, "SELECT state FROM tickets WHERE id = %lld", t.id);
    CHECK_STR(query_text(f.db, sql), "waiting");

    run_cmd("cupsenable slipstop");
    until_printed(&f, slip, &st);
    CHECK(st.state == DAWR_SLIP_PRINTED, "after cupsenable the slip is %s: %s", dawr_slip_state_name(st.state),
          st.message);
    dawr_mono want;
    REQUIRE(dawr_slips_render(f.slips, &t, DAWR_LANG_AR, DAWR_SLIP_ORIGINAL, &want) == 0, "%s", dawr_slips_error(f.slips));
    if (st.state == DAWR_SLIP_PRINTED) check_device_got("slipstop", st.cups_job, &want);
    dawr_mono_release(&want);
    fixture_close(&f);
    CHECK_INT(events_of(&f, t.id, "print_done"), 1);
}



/* Whether a line of LAY contains NEEDLE. */
static int has_line(const dawr_receipt_layout *lay, const char *needle)
{
    for (int i = 0; i < lay->line_count; i++)
        if (strstr(lay->lines[i].text, needle)) return 1;
    return 0;
}

static void an_appointment_slip_is_printed(void)
{
    REQUIRE(cupsd_ok, "no private cupsd");
    fixture f;
    REQUIRE(fixture_open(&f, "slips-appointment", "receipt80") == 0, "fixture");
    fake_now = at_local("2026-11-22T09:00:00");             /* a Sunday, open 08:00-14:00 */
    dawr_queue_set_clock(f.q, fake_clock, NULL);
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(f.q, "new_request", 0, &t) == DAWR_OK && dawr_queue_call_next(f.q, "1", &t) == DAWR_OK &&
            dawr_queue_done_outcome(f.q, "1", "registered", NULL, &t) == DAWR_OK, "%s", dawr_queue_error(f.q));
    dawr_applications *a = dawr_applications_new(f.q);
    dawr_application app;
    dawr_appointment ap;
    REQUIRE(dawr_application_set_contact(a, "1448-0001", "0551234567", "family", "1", &app) == DAWR_OK &&
            dawr_appointment_book(a, "1448-0001", "2026-11-23 10:30", "1", &ap) == DAWR_OK,
            "%s", dawr_applications_error(a));
    dawr_receipt_layout lay;
    dawr_mono en, ar;
    REQUIRE(dawr_slips_render_appointment(f.slips, &app, &ap, DAWR_LANG_EN, &en, &lay) == 0, "%s", dawr_slips_error(f.slips));
    CHECK_STR(lay.qr_text, "DAWR:A:1448-0001:2026-11-23T10:30");
    CHECK(has_line(&lay, "1448-0001"), "the reference is not on the slip");
    CHECK(has_line(&lay, "23 November 2026"), "the Gregorian day is not on the slip");
    CHECK(has_line(&lay, "13 Jumada II 1448"), "the Hijri day is not on the slip");
    CHECK(has_line(&lay, "10:30"), "the time is not on the slip");
    CHECK(has_line(&lay, "National ID card or residence permit") && has_line(&lay, "Family record"),
          "the documents to bring are not on the slip");
    CHECK(!has_line(&lay, "0551234567") && !has_line(&lay, "551234567"), "the contact's number is on the slip");
    dawr_mono_release(&en);
    REQUIRE(dawr_slips_render_appointment(f.slips, &app, &ap, DAWR_LANG_AR, &ar, &lay) == 0, "%s", dawr_slips_error(f.slips));
    CHECK(has_line(&lay, "\xd9\xa1\xd9\xa4\xd9\xa4\xd9\xa8") && has_line(&lay, "\xd8\xac\xd9\x85\xd8\xa7\xd8\xaf\xd9\x89"),
          "the Hijri year or month is not on the Arabic slip");
    CHECK(has_line(&lay, "\xd8\xb3\xd8\xac\xd9\x84 \xd8\xa7\xd9\x84\xd8\xa3\xd8\xb3\xd8\xb1\xd8\xa9"),
          "the Arabic documents are not on the slip");

    int slip = dawr_slips_print_appointment(f.slips, &app, &ap, DAWR_LANG_AR);
    REQUIRE(slip > 0, "print: %s", dawr_slips_error(f.slips));
    CHECK_INT(events_of(&f, t.id, "print"), 1);             /* on the application's ticket */
    dawr_slip_status st;
    dawr_slips_wait(f.slips, slip, 20000, &st);
    CHECK(st.state == DAWR_SLIP_PRINTED, "the appointment slip is %s: %s", dawr_slip_state_name(st.state), st.message);
    if (st.state == DAWR_SLIP_PRINTED) {
        check_device_got("receipt80", st.cups_job, &ar);
        /* What reached the printer, read back: its QR code names the appointment. */
        dawr_mono got;
        dawr_escpos_info info;
        char err[512], qr[256];
        REQUIRE(test_cupsd_receipt(&cupsd, "receipt80", st.cups_job, &got, &info, err, sizeof err) == 0, "%s", err);
        CHECK_INT(decode_qr(&got, qr, sizeof qr), 1);
        CHECK_STR(qr, "DAWR:A:1448-0001:2026-11-23T10:30");
        dawr_mono_release(&got);
    }
    dawr_mono_release(&ar);
    dawr_applications_free(a);
    fixture_close(&f);
}

int main(int argc, char **argv)
{
    if (geteuid() != 0) {     /* cupsd switches to lp for filters, and backends of mode 0700 run as root */
        printf("printer_slips: skipped: a private cupsd needs root\nprinter_slips: 0 passed, 0 failed\n");
        return 0;
    }
    char rel[512], filter[512];
    snprintf(rel, sizeof rel, "%s/rastertoescpos", build_dir());
    if (!realpath(rel, filter)) { fprintf(stderr, "no filter at %s\n", rel); return 2; }
    if (!realpath("printer/ppd/dawr-escpos-80mm.ppd", ppd80)) return 2;
    cupsd_ok = test_cupsd_setup(&cupsd, "slips-cupsd", filter) == 0 &&
               test_cupsd_add_queue(&cupsd, "receipt80", ppd80) == 0;
    static const test_case cases[] = {
        { "a_slip_is_printed", a_slip_is_printed },
        { "a_reprint_leaves_out_the_wait", a_reprint_leaves_out_the_wait },
        { "a_stopped_queue_needs_attention", a_stopped_queue_needs_attention },
        { "an_appointment_slip_is_printed", an_appointment_slip_is_printed },
        { NULL, NULL },
    };
    int rc = harness_main("printer_slips", cases, argc, argv);
    test_cupsd_remove(&cupsd);
    return rc;
}
