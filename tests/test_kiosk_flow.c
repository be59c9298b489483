/* The kiosk's flow (kiosk/flow.h) without SDL: its screens driven by button names on a real
 * SQLite file, staff working through the engine beside it, slips printed as PNG previews.
 * Time is injected: the flow's milliseconds are given by hand, the wall clock is pinned. */
#include "harness.h"
#include "testutil.h"

#include "appointment.h"
#include "flow.h"
#include "slips.h"
#include "touch.h"

#include <sqlite3.h>
#include <sys/stat.h>

static char dir[600], conf[700], db[700];
static dawr_config *cfg;

/* Makes the database at PATH as `dawrctl init` does: only init may. Returns 0 when it did. */
static int init_db(const char *path)
{
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    dawr_queue_close(q);
    return q ? 0 : -1;
}

/* A scratch folder NAME with the default configuration, its slips written as PNG previews
 * into the folder, loaded into CFG; the wall clock pinned to a weekday morning; the
 * database made (init). */
static void setup(const char *name)
{
    snprintf(dir, sizeof dir, "%s", scratch_dir(name));
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    static char text[16384], with[16384];
    read_file_into(default_config_path(), text, sizeof text);
    char *fmt = strstr(text, "format = raster\n"), *queue = strstr(text, "queue = dawr-receipt\n");
    if (fmt && queue > fmt) {
        snprintf(with, sizeof with, "%.*sformat = preview\npreview_dir = %s\n%.*s%s", (int)(fmt - text), text, dir,
                 (int)(queue - fmt - strlen("format = raster\n")), fmt + strlen("format = raster\n"),
                 queue + strlen("queue = dawr-receipt\n"));
        write_file(conf, with);
    } else {
        fprintf(stderr, "  the default configuration's [printer] changed: slips go where it says\n");
        write_file(conf, text);
    }
    dawr_config_free(cfg);
    char err[512];
    cfg = dawr_config_load(conf, err, sizeof err);
    if (!cfg) { fprintf(stderr, "%s\n", err); exit(2); }
    setenv("DAWR_NOW", "2026-11-25T10:00:00", 1);
    dawr_clock_use_timezone(dawr_config_settings(cfg)->timezone);
    init_db(db);
}

/* The slips the flow prints through, and their events' own connection (as dawr-kiosk has). */
static dawr_slips *slips;
static dawr_queue *print_log;

/* The flow at NOW on DB_PATH with the slips beside it, as dawr-kiosk starts them. */
static void start(kiosk_flow *f, const char *db_path, kiosk_ms now)
{
    char err[512];
    print_log = dawr_queue_open(cfg, db_path, NULL, err, sizeof err);   /* NULL: slips print without events */
    slips = dawr_slips_open(cfg, print_log, err, sizeof err);
    if (!slips) { fprintf(stderr, "slips: %s\n", err); exit(2); }
    kiosk_flow_init(f, cfg, db_path, slips, now);
}

static void stop(kiosk_flow *f)
{
    kiosk_flow_finish(f);
    dawr_slips_close(slips);
    dawr_queue_close(print_log);
}

/* The staff's own connection to the test's database. */
static dawr_queue *staff(void)
{
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "staff: %s\n", err); exit(2); }
    return q;
}

/* A visit finished at counter 1: issued for SERVICE, called, served and done. Returns its code. */
static const char *finished_visit(dawr_queue *q, const char *service)
{
    static dawr_ticket t;
    if (dawr_queue_issue(q, service, 0, &t) != DAWR_OK || dawr_queue_call_next(q, "1", NULL) != DAWR_OK ||
        dawr_queue_serve(q, "1", NULL) != DAWR_OK || dawr_queue_done(q, "1", NULL) != DAWR_OK)
        fprintf(stderr, "  staff: %s\n", dawr_queue_error(q));
    return t.code;
}

#define CHECK_SCREEN(f, want) CHECK_STR(kiosk_screen_name((f)->screen), kiosk_screen_name(want))

static void take_a_number(void)
{
    setup("flow-take");
    dawr_queue *q = staff();
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(q, "inquiry", 0, &t) == DAWR_OK && dawr_queue_issue(q, "inquiry", 0, &t) == DAWR_OK,
            "%s", dawr_queue_error(q));
    kiosk_flow f;
    start(&f, db, 1000);
    CHECK_SCREEN(&f, KIOSK_HOME);
    CHECK(f.q != NULL, "the database did not open: %s", f.error);
    CHECK_INT(f.lang, DAWR_LANG_AR);
    CHECK_INT(kiosk_flow_tap(&f, "take_ticket", 2000), 1);
    CHECK_SCREEN(&f, KIOSK_SERVICES);
    CHECK(!f.have_ticket, "a number before a reason was chosen");
    /* A reason no configuration has changes nothing and issues nothing. */
    CHECK_INT(kiosk_flow_tap(&f, "service_no_such_thing", 2500), 0);
    CHECK_SCREEN(&f, KIOSK_SERVICES);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 2);
    CHECK_INT(kiosk_flow_tap(&f, "service_inquiry", 3000), 1);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK(f.have_ticket, "no ticket shown");
    CHECK_STR(f.ticket.code, "C-003");
    CHECK_INT(f.ticket.people_ahead, 2);
    CHECK(f.ticket.wait_minutes > 0, "no estimate: %d", f.ticket.wait_minutes);
    /* What the screen shows is what the store committed. */
    CHECK_STR(query_text(db, "SELECT state FROM tickets WHERE prefix = 'C' AND number = 3"), "waiting");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'issue'"), 3);
    /* Its slip is on its way, and it is the one maintenance would reprint. */
    dawr_slip_status slip;
    dawr_slips_of_ticket(slips, f.ticket.id, &slip);
    CHECK(slip.state != DAWR_SLIP_NONE, "no slip for the ticket: %s", dawr_slip_state_name(slip.state));
    CHECK(f.have_last_issued && !strcmp(f.last_issued.code, "C-003"), "last issued: %s", f.last_issued.code);
    /* The ticket stays for ticket_seconds, then the kiosk is ready for the next visitor. */
    kiosk_ms shown = (kiosk_ms)dawr_config_kiosk(cfg)->ticket_seconds * 1000;
    CHECK_INT(kiosk_flow_tick(&f, 3000 + shown - 1), 0);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_INT(kiosk_flow_tick(&f, 3000 + shown), 1);
    CHECK_SCREEN(&f, KIOSK_HOME);
    CHECK(!f.have_ticket, "the number is still shown at home");
    /* "Done" goes home at once. */
    kiosk_flow_tap(&f, "take_ticket", 100000);
    kiosk_flow_tap(&f, "service_new_request", 100500);
    CHECK_STR(f.ticket.code, "A-001");
    CHECK_INT(kiosk_flow_tap(&f, "ticket_done", 101000), 1);
    CHECK_SCREEN(&f, KIOSK_HOME);
    stop(&f);
    dawr_queue_close(q);
}

/* A tap counts as dawr-kiosk counts it: through the double-tap guard, then the flow. */
static int tap(kiosk_flow *f, kiosk_touch *guard, const char *name, kiosk_ms now)
{
    if (!kiosk_touch_accept(guard, now)) return 0;
    kiosk_flow_tap(f, name, now);
    return 1;
}

static void double_tap_takes_one_ticket(void)
{
    setup("flow-double");
    int quiet = dawr_config_kiosk(cfg)->double_tap_ms;
    REQUIRE(quiet > 100, "double_tap_ms is %d", quiet);
    kiosk_flow f;
    start(&f, db, 0);
    kiosk_touch guard;
    kiosk_touch_init(&guard, quiet);
    kiosk_ms t = 10000;
    CHECK(tap(&f, &guard, "take_ticket", t), "the first tap did not count");
    CHECK_SCREEN(&f, KIOSK_SERVICES);
    /* A shaking hand's second touch lands on the reasons that just appeared: nothing issued. */
    CHECK(!tap(&f, &guard, "service_inquiry", t + 100), "a tap 100 ms after the last counted");
    CHECK_SCREEN(&f, KIOSK_SERVICES);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 0);
    /* Each ignored tap restarts the quiet time; a deliberate tap after it counts. */
    CHECK(!tap(&f, &guard, "service_inquiry", t + 100 + quiet - 1), "a tap inside the quiet time counted");
    t += 100 + 2 * quiet;
    CHECK(tap(&f, &guard, "service_inquiry", t), "a deliberate tap was ignored");
    CHECK_SCREEN(&f, KIOSK_TICKET);
    /* A double tap on the reason: the second is ignored, and even if it reached the flow the
     * ticket screen has no reasons to press. */
    CHECK(!tap(&f, &guard, "service_inquiry", t + 150), "the double tap's second touch counted");
    kiosk_flow_tap(&f, "service_inquiry", t + 200);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);
    CHECK_STR(f.ticket.code, "C-001");
    stop(&f);
}

static void rating_once_per_visit(void)
{
    setup("flow-rate");
    dawr_queue *q = staff();
    kiosk_flow f;
    start(&f, db, 0);
    char first[16], name[40];
    snprintf(first, sizeof first, "%s", finished_visit(q, "inquiry"));
    CHECK_STR(first, "C-001");
    /* The list shows the last hour's finished visits; the visitor picks theirs and a face. */
    CHECK_INT(kiosk_flow_tap(&f, "rate_visit", 1000), 1);
    CHECK_SCREEN(&f, KIOSK_RATE_FIND);
    REQUIRE(f.finished_count == 1, "%d finished visits listed", f.finished_count);
    CHECK_STR(f.finished[0].ticket.code, first);
    CHECK(!f.finished[0].rated, "already rated");
    snprintf(name, sizeof name, "finished_%s", first);
    kiosk_flow_tap(&f, name, 2000);
    CHECK_SCREEN(&f, KIOSK_RATE_FACES);
    kiosk_flow_tap(&f, "face_5", 3000);
    CHECK_SCREEN(&f, KIOSK_RATE_THANKS);
    CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 1);
    CHECK_INT(query_int(db, "SELECT score FROM ratings"), 5);
    kiosk_flow_tap(&f, "message_done", 4000);
    CHECK_SCREEN(&f, KIOSK_HOME);
    /* A rated visit is not offered again (issue 15): the list no longer holds it. */
    kiosk_flow_tap(&f, "rate_visit", 5000);
    CHECK_INT(f.finished_count, 0);
    kiosk_flow_tap(&f, name, 6000);
    CHECK_SCREEN(&f, KIOSK_RATE_FIND);
    CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 1);
    kiosk_flow_tap(&f, "home", 7000);
    /* Typed on the keypad by its number, a second attempt is thanked kindly and stores nothing. */
    kiosk_flow_tap(&f, "rate_visit", 8000);
    kiosk_flow_tap(&f, "key_1", 8100);
    kiosk_flow_tap(&f, "key_ok", 8200);
    CHECK_SCREEN(&f, KIOSK_RATE_ALREADY);
    kiosk_flow_tap(&f, "message_done", 8300);
    /* Rated elsewhere while the visitor looked at the faces: still a kind word. */
    char second[16];
    snprintf(second, sizeof second, "%s", finished_visit(q, "inquiry"));
    kiosk_flow_tap(&f, "rate_visit", 9000);
    snprintf(name, sizeof name, "finished_%s", second);
    kiosk_flow_tap(&f, name, 9100);
    CHECK_SCREEN(&f, KIOSK_RATE_FACES);
    REQUIRE(dawr_queue_rate(q, second, 4, NULL, 0, NULL) == DAWR_OK, "%s", dawr_queue_error(q));
    kiosk_flow_tap(&f, "face_5", 9200);
    CHECK_SCREEN(&f, KIOSK_RATE_ALREADY);
    CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 2);
    CHECK_INT(query_int(db, "SELECT score FROM ratings r JOIN tickets t ON t.id = r.ticket WHERE t.number = 2"), 4);
    kiosk_flow_tap(&f, "message_done", 9300);
    /* A low face asks why, optionally; the reasons chosen are stored with the score. */
    char third[16];
    snprintf(third, sizeof third, "%s", finished_visit(q, "inquiry"));
    kiosk_flow_text(&f, "DAWR:T:3:2026-11-25:", 10000);    /* the receipt's QR, as the scanner types it */
    kiosk_flow_text(&f, third, 10010);
    kiosk_flow_enter(&f, 10020);
    CHECK_SCREEN(&f, KIOSK_RATE_FACES);
    CHECK_STR(f.ticket.code, third);
    kiosk_flow_tap(&f, "face_2", 10100);
    CHECK_SCREEN(&f, KIOSK_RATE_REASONS);
    kiosk_flow_tap(&f, "reason_waiting", 10200);
    kiosk_flow_tap(&f, "reasons_send", 10300);
    CHECK_SCREEN(&f, KIOSK_RATE_THANKS);
    CHECK_STR(query_text(db, "SELECT score || ' ' || reasons FROM ratings r JOIN tickets t ON t.id = r.ticket"
                             " WHERE t.number = 3"), "2 waiting");
    /* A number nobody finished today. */
    kiosk_flow_tap(&f, "message_done", 11000);
    kiosk_flow_tap(&f, "rate_visit", 11100);
    kiosk_flow_tap(&f, "key_9", 11200);
    kiosk_flow_tap(&f, "key_ok", 11300);
    CHECK_SCREEN(&f, KIOSK_RATE_NOT_FOUND);
    stop(&f);
    dawr_queue_close(q);
}

static void help_writes_an_event(void)
{
    setup("flow-help");
    kiosk_flow f;
    start(&f, db, 0);
    kiosk_flow_tap(&f, "take_ticket", 1000);
    CHECK_INT(kiosk_flow_tap(&f, "help", 2000), 1);
    CHECK_SCREEN(&f, KIOSK_HELP);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'help'"), 1);
    CHECK_STR(query_text(db, "SELECT json_extract(detail, '$.source') || ' ' || json_extract(detail, '$.screen')"
                             " FROM events WHERE kind = 'help'"), "kiosk services");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'help' AND ticket IS NOT NULL"), 0);
    /* Pressing it again while nobody has answered makes no second call (issue 14); "back"
     * returns to where the visitor was. */
    kiosk_flow_tap(&f, "help", 3000);
    CHECK_SCREEN(&f, KIOSK_HELP);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'help'"), 1);
    CHECK_INT(kiosk_flow_tap(&f, "home", 4000), 1);
    CHECK_SCREEN(&f, KIOSK_SERVICES);
    stop(&f);
}

/* Scans TEXT as the barcode scanner types it, then Enter, from the rating screen. */
/* Issue 16: "Follow-up of a previous request" asks for the application's reference. Typed (its
 * number alone, this Hijri year's) or from the first visit's receipt, the status is shown and
 * the follow-up ticket is noted in the application's history; an unknown number, a tampered
 * receipt and a visitor without either each still get a ticket, noted nowhere. */
static void follow_up_finds_the_application(void)
{
    setup("flow-follow");
    setenv("DAWR_NOW", "2026-11-10T10:00:00", 1);
    dawr_queue *q = staff();
    const char *first = finished_visit(q, "new_request");
    long long first_id = query_int(db, "SELECT max(id) FROM tickets");
    dawr_applications *a = dawr_applications_new(q);
    dawr_application app;
    REQUIRE(dawr_application_open(a, first, "1", &app) == DAWR_OK, "%s", dawr_applications_error(a));
    char first_code[16], number[8];
    snprintf(first_code, sizeof first_code, "%s", first);
    snprintf(number, sizeof number, "%d", atoi(strchr(app.ref, '-') + 1));
    setenv("DAWR_NOW", "2026-11-25T10:00:00", 1);
    kiosk_flow f;
    start(&f, db, 0);
    kiosk_flow_tap(&f, "take_ticket", 1000);
    kiosk_flow_tap(&f, "service_follow_up", 1100);
    CHECK_SCREEN(&f, KIOSK_FOLLOW_FIND);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);          /* nothing issued yet */
    /* An unknown number: told kindly, then typed again. */
    kiosk_flow_tap(&f, "key_9", 1200);
    kiosk_flow_tap(&f, "key_9", 1300);
    kiosk_flow_tap(&f, "key_ok", 1400);
    CHECK_SCREEN(&f, KIOSK_FOLLOW_NOT_FOUND);
    kiosk_flow_tap(&f, "follow_again", 1500);
    CHECK_SCREEN(&f, KIOSK_FOLLOW_FIND);
    for (const char *d = number; *d; d++) {
        char key[8] = "key_";
        key[4] = *d;
        kiosk_flow_tap(&f, key, 1600);
    }
    kiosk_flow_tap(&f, "key_ok", 1700);
    CHECK_SCREEN(&f, KIOSK_FOLLOW_STATUS);
    CHECK_STR(f.follow.ref, app.ref);
    CHECK_STR(f.follow.step, "received");
    kiosk_flow_tap(&f, "follow_ticket", 1800);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_STR(f.ticket.service, "follow_up");
    CHECK_INT(query_int(db, "SELECT json_extract(detail, '$.visit_ticket') FROM events WHERE kind = 'app_visit'"), f.ticket.id);
    CHECK_INT(query_int(db, "SELECT ticket FROM events WHERE kind = 'app_visit'"), first_id);

    /* The first visit's receipt, after the committee's decision: the status is the news. */
    dawr_application_set_step(a, app.ref, "committee", "1", NULL, NULL);
    REQUIRE(dawr_application_set_step(a, app.ref, "accepted", "1", "", &app) == DAWR_OK, "%s", dawr_applications_error(a));
    char qr[96];
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-10:%s", first_id, first_code);
    kiosk_flow_tap(&f, "home", 2000);
    kiosk_flow_tap(&f, "take_ticket", 2100);
    kiosk_flow_tap(&f, "service_follow_up", 2200);
    kiosk_flow_text(&f, qr, 2300);
    kiosk_flow_enter(&f, 2400);
    CHECK_SCREEN(&f, KIOSK_FOLLOW_STATUS);
    CHECK_STR(f.follow.step, "accepted");
    CHECK(f.follow.decided_at != 0, "the decision's time is not known to the kiosk");
    /* A receipt whose code does not match its ticket: no application, a ticket all the same. */
    /* An appointment slip at the follow-up: the request it names. */
    snprintf(qr, sizeof qr, "DAWR:A:%s:2026-11-30T10:00", app.ref);
    kiosk_flow_text(&f, qr, 2420);
    kiosk_flow_enter(&f, 2430);
    CHECK_SCREEN(&f, KIOSK_FOLLOW_STATUS);
    CHECK_STR(f.follow.ref, app.ref);
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-10:Z-999", first_id);
    kiosk_flow_text(&f, qr, 2500);
    kiosk_flow_enter(&f, 2600);
    CHECK_SCREEN(&f, KIOSK_FOLLOW_NOT_FOUND);
    kiosk_flow_tap(&f, "follow_without", 2700);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_STR(f.ticket.service, "follow_up");
    /* Without the number at all. */
    kiosk_flow_tap(&f, "home", 3000);
    kiosk_flow_tap(&f, "take_ticket", 3100);
    kiosk_flow_tap(&f, "service_follow_up", 3200);
    kiosk_flow_tap(&f, "follow_without", 3300);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets WHERE service = 'follow_up'"), 3);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'app_visit'"), 1);
    stop(&f);
    dawr_applications_free(a);
    dawr_queue_close(q);
}

static void scan(kiosk_flow *f, const char *text, kiosk_ms now)
{
    kiosk_flow_tap(f, "home", now);
    kiosk_flow_tap(f, "rate_visit", now + 10);
    kiosk_flow_text(f, text, now + 20);
    kiosk_flow_enter(f, now + 30);
}

/* Issue 14: a receipt's QR names one ticket (id and day). Yesterday's E-001 rates yesterday's
 * visit, never today's E-001; a typed code means today's; a receipt older than rating_days, a
 * visit not served, a QR whose day or code do not match its id and a huge id are told kindly. */
static void old_receipt_rates_its_own_visit(void)
{
    setup("flow-old-receipt");
    setenv("DAWR_NOW", "2026-11-24T10:00:00", 1);
    dawr_queue *q = staff();
    char yesterday[16];
    snprintf(yesterday, sizeof yesterday, "%s", finished_visit(q, "documents"));
    long long old_id = query_int(db, "SELECT max(id) FROM tickets");
    setenv("DAWR_NOW", "2026-11-25T10:00:00", 1);
    char today[16];
    snprintf(today, sizeof today, "%s", finished_visit(q, "documents"));
    CHECK_STR(yesterday, "E-001");
    CHECK_STR(today, "E-001");
    long long today_id = query_int(db, "SELECT max(id) FROM tickets");
    kiosk_flow f;
    start(&f, db, 0);
    char qr[80];
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-24:E-001", old_id);
    scan(&f, qr, 1000);
    CHECK_SCREEN(&f, KIOSK_RATE_FACES);
    CHECK_INT(f.ticket.id, old_id);
    kiosk_flow_tap(&f, "face_4", 1100);
    CHECK_SCREEN(&f, KIOSK_RATE_THANKS);
    CHECK_INT(query_int(db, "SELECT ticket FROM ratings"), old_id);
    scan(&f, qr, 2000);                                     /* the same receipt again */
    CHECK_SCREEN(&f, KIOSK_RATE_ALREADY);
    /* Today's id with yesterday's day, or another code: not this receipt's ticket. */
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-24:E-001", today_id);
    scan(&f, qr, 3000);
    CHECK_SCREEN(&f, KIOSK_RATE_NOT_FOUND);
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-25:A-001", today_id);
    scan(&f, qr, 4000);
    CHECK_SCREEN(&f, KIOSK_RATE_NOT_FOUND);
    /* A number too big for any ticket does not wrap into one (4294967296 + id, 2^64 + id). */
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-25:E-001", 4294967296LL + today_id);
    scan(&f, qr, 5000);
    CHECK_SCREEN(&f, KIOSK_RATE_NOT_FOUND);
    scan(&f, "DAWR:T:18446744073709551618:2026-11-25:E-001", 6000);
    CHECK_SCREEN(&f, KIOSK_RATE_NOT_FOUND);
    /* Nor does a typed code, a "#" id or a number (they once became E-001 and #1 through atoi). */
    static const char *const huge[] = { "E-4294967297", "#4294967297", "#18446744073709551617", "4294967297", NULL };
    for (int i = 0; huge[i]; i++) {
        scan(&f, huge[i], 6100 + i * 100);
        CHECK(f.screen == KIOSK_RATE_NOT_FOUND, "%s: screen %s", huge[i], kiosk_screen_name(f.screen));
    }
    /* The typed code is today's visit. */
    scan(&f, "E-001", 7000);
    CHECK_SCREEN(&f, KIOSK_RATE_FACES);
    CHECK_INT(f.ticket.id, today_id);
    /* A visit not served yet: nothing to rate. */
    dawr_ticket waiting;
    REQUIRE(dawr_queue_issue(q, "inquiry", 0, &waiting) == DAWR_OK, "%s", dawr_queue_error(q));
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-25:C-001", waiting.id);
    scan(&f, qr, 8000);
    CHECK_SCREEN(&f, KIOSK_RATE_NOT_SERVED);
    /* Eight days on, past rating_days = 7: too old, kindly; nothing stored. */
    setenv("DAWR_NOW", "2026-12-03T10:00:00", 1);
    snprintf(qr, sizeof qr, "DAWR:T:%lld:2026-11-25:E-001", today_id);
    scan(&f, qr, 9000);
    CHECK_SCREEN(&f, KIOSK_RATE_TOO_OLD);
    CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 1);
    stop(&f);
    dawr_queue_close(q);
    setenv("DAWR_NOW", "2026-11-25T10:00:00", 1);
}

static void idle_returns_home(void)
{
    setup("flow-idle");
    kiosk_ms idle = (kiosk_ms)dawr_config_kiosk(cfg)->idle_seconds * 1000;
    REQUIRE(idle >= 60000, "idle_seconds is %lld s", (long long)idle / 1000);
    kiosk_flow f;
    start(&f, db, 0);
    /* Home waits for the next visitor however long it takes. */
    CHECK_INT(kiosk_flow_timeout(&f, KIOSK_HOME), 0);
    CHECK_INT(kiosk_flow_tick(&f, 10 * idle), 0);
    CHECK_SCREEN(&f, KIOSK_HOME);
    kiosk_ms t = 10 * idle;
    kiosk_flow_tap(&f, "take_ticket", t);
    kiosk_flow_tap(&f, "language", t + 1000);
    CHECK_INT(f.lang, DAWR_LANG_EN);
    /* A touch restarts the wait. */
    CHECK_INT(kiosk_flow_tick(&f, t + 1000 + idle - 1), 0);
    CHECK_SCREEN(&f, KIOSK_SERVICES);
    CHECK_INT(kiosk_flow_tick(&f, t + 1000 + idle), 1);
    CHECK_SCREEN(&f, KIOSK_HOME);
    CHECK_INT(f.idle_after, idle);
    CHECK_INT(f.lang, DAWR_LANG_AR);              /* the next visitor starts in the configured language */
    CHECK(!f.speak_pending, "an empty kiosk speaks");
    /* Every decision screen does the same: the PIN pad, "I need help", the reasons. */
    kiosk_flow_maintenance(&f, t + 2 * idle);
    CHECK_SCREEN(&f, KIOSK_MAINT_PIN);
    CHECK_INT(kiosk_flow_timeout(&f, KIOSK_MAINT_PIN), idle);
    kiosk_flow_tick(&f, t + 3 * idle);
    CHECK_SCREEN(&f, KIOSK_HOME);
    kiosk_flow_tap(&f, "help", t + 4 * idle);
    kiosk_flow_tick(&f, t + 5 * idle);
    CHECK_SCREEN(&f, KIOSK_HOME);
    CHECK_INT(kiosk_flow_timeout(&f, KIOSK_RATE_REASONS), idle);
    CHECK_INT(kiosk_flow_timeout(&f, KIOSK_OUT_OF_SERVICE), 0);
    stop(&f);
}

static void missing_database_recovers(void)
{
    setup("flow-missing");
    char folder[700], missing[800];
    snprintf(folder, sizeof folder, "%s/not-yet", dir);
    snprintf(missing, sizeof missing, "%s/dawr.db", folder);
    kiosk_flow f;
    start(&f, missing, 1000);
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    CHECK(f.q == NULL, "a queue on a database that cannot be made");
    CHECK(*f.error, "no reason kept for the log");
    CHECK(!f.speak_pending, "a starting kiosk speaks");
    /* Taps do nothing there but ask for help; "home" does not leave it. */
    CHECK_INT(kiosk_flow_tap(&f, "take_ticket", 1500), 0);
    CHECK_INT(kiosk_flow_tap(&f, "home", 1600), 0);
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    mkdir(folder, 0755);
    /* The folder alone makes no database: only init does. */
    CHECK_INT(kiosk_flow_tick(&f, 1000 + KIOSK_RETRY_MS), 0);
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    CHECK(access(missing, F_OK) != 0, "the kiosk made a database");
    CHECK(strstr(f.error, "run dawrctl init") != NULL, "reason: %s", f.error);
    REQUIRE(init_db(missing) == 0, "init");
    CHECK_INT(kiosk_flow_tick(&f, 1000 + 2 * KIOSK_RETRY_MS - 1), 0);
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    CHECK_INT(kiosk_flow_tick(&f, 1000 + 2 * KIOSK_RETRY_MS), 1);
    CHECK_SCREEN(&f, KIOSK_HOME);
    CHECK(f.q != NULL, "back home without a database");
    kiosk_flow_tap(&f, "take_ticket", 5000);
    kiosk_flow_tap(&f, "service_inquiry", 5500);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_INT(query_int(missing, "SELECT count(*) FROM tickets"), 1);
    stop(&f);
}

/* A database deleted under the kiosk: the next tick shows out of service, nothing is written
 * anywhere; a database put there again (init) brings it home, writing into that one. */
static void deleted_database_goes_out_of_service(void)
{
    setup("flow-deleted");
    kiosk_flow f;
    start(&f, db, 0);
    kiosk_flow_tap(&f, "take_ticket", 1000);
    kiosk_flow_tap(&f, "service_inquiry", 1500);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "rm -f %s %s-wal %s-shm", db, db, db);
    REQUIRE(system(cmd) == 0, "rm");
    CHECK_INT(kiosk_flow_tick(&f, 1600), 1);
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    CHECK(strstr(f.error, "deleted") != NULL, "reason: %s", f.error);
    CHECK(access(db, F_OK) != 0, "a database made again");
    CHECK_INT(kiosk_flow_tap(&f, "take_ticket", 2000), 0);
    CHECK_INT(kiosk_flow_tick(&f, 1700 + KIOSK_RETRY_MS), 0);   /* still none there */
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    REQUIRE(init_db(db) == 0, "init");
    CHECK_INT(kiosk_flow_tick(&f, 1700 + 2 * KIOSK_RETRY_MS), 1);
    CHECK_SCREEN(&f, KIOSK_HOME);
    kiosk_flow_tap(&f, "take_ticket", 9000);
    kiosk_flow_tap(&f, "service_inquiry", 9500);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);
    stop(&f);
}

static void locked_database_recovers(void)
{
    setup("flow-locked");
    kiosk_flow f;
    start(&f, db, 0);
    kiosk_flow_tap(&f, "take_ticket", 1000);
    sqlite3 *other;
    REQUIRE(sqlite3_open(db, &other) == SQLITE_OK, "open");
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK, "lock: %s", sqlite3_errmsg(other));
    /* The tap waits a moment for the other program, then the calm screen: no ticket, no number. */
    CHECK_INT(kiosk_flow_tap(&f, "service_inquiry", 2000), 1);
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    CHECK(!f.have_ticket, "a number shown that the store did not commit");
    CHECK(strstr(f.error, "locked") || strstr(f.error, "busy"), "reason: %s", f.error);
    /* The retry is counted from the first look at the calm screen. */
    CHECK_INT(kiosk_flow_tick(&f, 2100), 0);
    sqlite3_exec(other, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(other);
    CHECK_INT(kiosk_flow_tick(&f, 2100 + KIOSK_RETRY_MS - 1), 0);
    CHECK_SCREEN(&f, KIOSK_OUT_OF_SERVICE);
    CHECK_INT(kiosk_flow_tick(&f, 2100 + KIOSK_RETRY_MS), 1);
    CHECK_SCREEN(&f, KIOSK_HOME);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 0);
    kiosk_flow_tap(&f, "take_ticket", 6000);
    kiosk_flow_tap(&f, "service_inquiry", 6500);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_STR(f.ticket.code, "C-001");
    stop(&f);
}

/* Scans TEXT with the USB scanner (text, then Enter) at NOW. */
static void scan_here(kiosk_flow *f, const char *text, kiosk_ms now)
{
    kiosk_flow_text(f, text, now);
    kiosk_flow_enter(f, now + 50);
}

static void appointment_slip_checks_in(void)
{
    setup("flow-checkin");
    setenv("DAWR_NOW", "2026-11-22T09:00:00", 1);
    dawr_queue *q = staff();
    dawr_applications *a = dawr_applications_new(q);
    dawr_application first, second;
    REQUIRE(dawr_application_open(a, finished_visit(q, "new_request"), "1", &first) == DAWR_OK, "%s", dawr_applications_error(a));
    REQUIRE(dawr_application_open(a, finished_visit(q, "new_request"), "1", &second) == DAWR_OK, "%s", dawr_applications_error(a));
    REQUIRE(dawr_appointment_book(a, first.ref, "2026-11-23 10:30", "1", NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    REQUIRE(dawr_appointment_book(a, second.ref, "2026-11-24 09:00", "1", NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    setenv("DAWR_NOW", "2026-11-23T10:25:00", 1);
    kiosk_flow f;
    start(&f, db, 0);
    /* The slip scanned at the start screen: straight to the ticket, marked for 10:30. */
    char slip[96];
    snprintf(slip, sizeof slip, "DAWR:A:%s:2026-11-23T10:30", first.ref);
    int tickets = query_int(db, "SELECT count(*) FROM tickets");
    scan_here(&f, slip, 1000);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_STR(f.ticket.service, "appointment");
    CHECK_INT(f.ticket.appointment_at, at_local("2026-11-23T10:30:00"));
    CHECK_INT(f.checkin.minutes, -5);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), tickets + 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'app_checkin'"), 1);
    CHECK_INT(query_int(db, "SELECT json_extract(detail, '$.visit_ticket') FROM events WHERE kind = 'app_checkin'"), f.ticket.id);
    char code[16];
    snprintf(code, sizeof code, "%s", f.ticket.code);
    /* The same slip again: already checked in, the same number, nothing new. */
    kiosk_flow_tap(&f, "ticket_done", 2000);
    CHECK_SCREEN(&f, KIOSK_HOME);
    int events = query_int(db, "SELECT count(*) FROM events");
    scan_here(&f, slip, 2100);
    CHECK_SCREEN(&f, KIOSK_APPT_NOTICE);
    CHECK_INT(f.checkin_why, DAWR_APP_WHY_ALREADY_CHECKED_IN);
    CHECK_STR(f.checkin.ticket.code, code);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), tickets + 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events"), events);
    kiosk_flow_tap(&f, "appt_ticket", 2200);                                /* not offered: no second ticket */
    CHECK_SCREEN(&f, KIOSK_APPT_NOTICE);
    kiosk_flow_tap(&f, "message_done", 2300);
    CHECK_SCREEN(&f, KIOSK_HOME);
    /* "I have an appointment", then another association's code: told kindly, a ticket all the same. */
    kiosk_flow_tap(&f, "take_ticket", 3000);
    kiosk_flow_tap(&f, "service_appointment", 3100);
    CHECK_SCREEN(&f, KIOSK_APPT_FIND);
    scan_here(&f, "https://example.org/booking/1448-0001", 3200);
    CHECK_SCREEN(&f, KIOSK_APPT_NOTICE);
    CHECK_INT(f.checkin_why, DAWR_APP_WHY_NOT_A_SLIP);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events"), events);
    kiosk_flow_tap(&f, "appt_ticket", 3300);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK(f.ticket.appointment_at == 0 && !f.checked_in, "an ordinary ticket after a foreign code");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'app_visit'"), 0);
    /* The second request's number typed: its appointment is tomorrow, said with its day; the
     * ordinary ticket taken now is noted in its history. */
    kiosk_flow_tap(&f, "home", 4000);
    kiosk_flow_tap(&f, "take_ticket", 4100);
    kiosk_flow_tap(&f, "service_appointment", 4200);
    for (const char *d = strchr(second.ref, '-') + 1; *d; d++) {
        char key[8] = "key_";
        key[4] = *d;
        kiosk_flow_tap(&f, key, 4300);
    }
    kiosk_flow_tap(&f, "key_ok", 4400);
    CHECK_SCREEN(&f, KIOSK_APPT_NOTICE);
    CHECK_INT(f.checkin_why, DAWR_APP_WHY_APPOINTMENT_OTHER_DAY);
    CHECK_STR(f.checkin.appointment.local, "2026-11-24 09:00");
    kiosk_flow_tap(&f, "appt_again", 4500);
    CHECK_SCREEN(&f, KIOSK_APPT_FIND);
    kiosk_flow_tap(&f, "key_9", 4600);
    kiosk_flow_tap(&f, "key_9", 4650);
    kiosk_flow_tap(&f, "key_ok", 4700);                                     /* no such request */
    CHECK_SCREEN(&f, KIOSK_APPT_NOTICE);
    CHECK_INT(f.checkin_why, DAWR_APP_WHY_NO_APPLICATION);
    snprintf(slip, sizeof slip, "DAWR:A:%s:2026-11-24T09:00", second.ref);
    scan_here(&f, slip, 4800);                                                   /* its slip, on this screen too */
    CHECK_INT(f.checkin_why, DAWR_APP_WHY_APPOINTMENT_OTHER_DAY);
    kiosk_flow_tap(&f, "appt_ticket", 4900);
    CHECK_SCREEN(&f, KIOSK_TICKET);
    CHECK_INT(query_int(db, "SELECT json_extract(detail, '$.visit_ticket') FROM events WHERE kind = 'app_visit'"), f.ticket.id);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'app_checkin'"), 1);
    stop(&f);
    dawr_applications_free(a);
    dawr_queue_close(q);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "take_a_number", take_a_number },
        { "double_tap_takes_one_ticket", double_tap_takes_one_ticket },
        { "rating_once_per_visit", rating_once_per_visit },
        { "help_writes_an_event", help_writes_an_event },
        { "old_receipt_rates_its_own_visit", old_receipt_rates_its_own_visit },
        { "idle_returns_home", idle_returns_home },
        { "missing_database_recovers", missing_database_recovers },
        { "deleted_database_goes_out_of_service", deleted_database_goes_out_of_service },
        { "locked_database_recovers", locked_database_recovers },
        { "follow_up_finds_the_application", follow_up_finds_the_application },
        { "appointment_slip_checks_in", appointment_slip_checks_in },
        { NULL, NULL },
    };
    int rc = harness_main("kiosk_flow", cases, argc, argv);
    dawr_config_free(cfg);
    return rc;
}
