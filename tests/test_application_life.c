/* Issue 16: the whole life of one application, as its people live it, with the real programs:
 * the visitor at the real dawr-kiosk (scripts, SDL's dummy driver), the staff at the real
 * dawr-console over HTTP, the slip read back by a real QR decoder from what the printer wrote,
 * dawrctl for the manager; the clock moved across two weeks and more with DAWR_NOW. On the
 * shipped configuration (its hours and prayer pauses), printing PNG previews. */
#include "harness.h"
#include "testutil.h"
#include "consoleutil.h"
#include "qrutil.h"

#include <math.h>
#include <sqlite3.h>
#include <sys/stat.h>

static char dir[600], conf[700], db[700], previews[700], script[700], dump[700], speech[700];
static console_proc server;

/* Runs the real kiosk at local time NOW through SCRIPT (taps 800 ms apart: the shipped kiosk
 * takes a second tap within double_tap_ms, 700, for a tremor's); its exit status. */
static int kiosk(const char *now, const char *script_text)
{
    write_file(script, script_text);
    static char cmd[8192];
    snprintf(cmd, sizeof cmd, "DAWR_NOW=%s SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy timeout 60 %s/dawr-kiosk"
             " --config %s --db %s --script %s --dump-layout=%s --speech-log %s 2>>%s/stderr",
             now, build_dir(), conf, db, script, dump, speech, dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The text of element NAME on SCREEN in the kiosk's last layout dump, into OUT. */
static const char *shown(const char *screen, const char *name, char *out, size_t size)
{
    out[0] = 0;
    json_error_t e;
    json_t *root = json_load_file(dump, 0, &e), *s, *el;
    size_t i, j;
    json_array_foreach(json_object_get(root, "screens"), i, s) {
        if (strcmp(json_string_value(json_object_get(s, "screen")), screen)) continue;
        json_array_foreach(json_object_get(s, "elements"), j, el)
            if (!strcmp(json_string_value(json_object_get(el, "name")), name))
                snprintf(out, size, "%s", json_string_value(json_object_get(el, "text")) ?: "");
    }
    json_decref(root);
    return out;
}

/* dawrctl ARGS at NOW; its output into OUT (may be NULL), its exit status returned. */
static int ctl(const char *now, const char *args, char *out, size_t size)
{
    static char cmd[4096];
    snprintf(cmd, sizeof cmd, "DAWR_NOW=%s %s/dawrctl --config %s --db %s %s 2>&1", now, build_dir(), conf, db, args);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t n = out ? fread(out, 1, size - 1, p) : 0;
    if (out) out[n] = 0;
    else {
        char sink[4096];
        while (fread(sink, 1, sizeof sink, p) > 0) {}
    }
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The console started at local time NOW, signed in at counter 1. */
static void console_at(const char *now, staff *one)
{
    http_reply r;
    setenv("DAWR_NOW", now, 1);
    REQUIRE(console_start(&server, conf, db, NULL) == 0, "the console at %s", now);
    REQUIRE(staff_sign_in(one, server.port, "1", "1111", &r) == 200, "sign in at %s", now);
}

/* How many are listed in R's "to_tell". */
static int to_tell(const http_reply *r)
{
    json_error_t e;
    json_t *j = json_loads(r->body, 0, &e);
    int n = (int)json_array_size(json_object_get(j, "to_tell"));
    json_decref(j);
    return n;
}

static long long events_now(void) { return query_int(db, "SELECT count(*) FROM events"); }

static long long file_time(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec : 0;
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "%s", scratch_dir("application-life"));
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(previews, sizeof previews, "%s/receipts", dir);
    snprintf(script, sizeof script, "%s/script", dir);
    snprintf(dump, sizeof dump, "%s/layout.json", dir);
    snprintf(speech, sizeof speech, "%s/speech.log", dir);
    mkdir(previews, 0755);
    static char text[65536], edited[70000];
    read_file_into(shipped_config_path(), text, sizeof text);
    char *format = strstr(text, "format = raster");
    REQUIRE(format, "no \"format = raster\" in the shipped configuration");
    *format = 0;
    snprintf(edited, sizeof edited, "%sformat = preview\npreview_dir = %s%s", text, previews, format + 15);
    write_file(conf, edited);
    REQUIRE(set_pin(conf, db, "1", "1111") == 0, "a PIN for counter 1");
}

static void an_application_from_request_to_service(void)
{
    setup();
    http_reply r;
    staff one;
    char v[512], path[800];
    static char out[1 << 20];

    /* Sunday 22 November, 09:00: a new request at the kiosk, received at counter 1 and finished
     * as registered: the application is opened by itself. */
    CHECK_INT(kiosk("2026-11-22T09:00:00", "wait 200\ntap take_ticket\nwait 800\ntap service_new_request\nwait 800\nquit\n"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets WHERE service = 'new_request'"), 1);
    console_at("2026-11-22T09:10:00", &one);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/serve", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/done", "{\"outcome\":\"registered\"}", &r), 200);
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK_STR(json_field(&r, "total", v, sizeof v), "1");
    CHECK_INT(staff_do(&one, "GET", "/api/application?ref=1448-0001", NULL, &r), 200);
    CHECK_STR(json_field(&r, "application.step", v, sizeof v), "received");
    CHECK_STR(json_field(&r, "application.answer_not_before", v, sizeof v), "2026-12-06");
    /* The family's number, with their consent, kept but in no answer. */
    long long before = events_now();
    CHECK_INT(staff_do(&one, "POST", "/api/application/contact",
                       "{\"ref\":\"1448-0001\",\"phone\":\"0551234567\",\"consent_by\":\"maybe\"}", &r), 409);
    CHECK_INT(staff_do(&one, "POST", "/api/application/contact",
                       "{\"ref\":\"1448-0001\",\"phone\":\"055\",\"consent_by\":\"family\"}", &r), 409);
    CHECK_INT(events_now(), before);
    CHECK_INT(staff_do(&one, "POST", "/api/application/contact",
                       "{\"ref\":\"1448-0001\",\"phone\":\"0551234567\",\"consent_by\":\"family\"}", &r), 200);
    CHECK_STR(json_field(&r, "application.has_contact", v, sizeof v), "true");
    CHECK(!strstr(r.body, "0551234567"), "the number came back: %s", r.body);
    CHECK_INT(staff_do(&one, "POST", "/api/application/step",
                       "{\"ref\":\"1448-0001\",\"step\":\"committee\",\"note\":\"all papers in\"}", &r), 200);
    CHECK_INT(console_stop(&server), 0);

    /* A week on, the visitor asks at the kiosk by typing the number alone: the step, shown and
     * said, and the follow-up ticket noted in the application's history. */
    CHECK_INT(kiosk("2026-11-29T09:30:00", "wait 200\ntap take_ticket\nwait 800\ntap service_follow_up\nwait 800\n"
                    "tap key_1\nwait 800\ntap key_ok\nwait 800\ntap follow_ticket\nwait 800\nquit\n"), 0);
    CHECK_STR(shown("follow_status", "follow_step", v, sizeof v), "لدى لجنة البحث");
    read_file_into(speech, out, sizeof out);
    CHECK(strstr(out, "لدى لجنة البحث") != NULL, "the step is not said: %s", out);
    CHECK(!strstr(out, "0551234567") && !strstr(out, "٠٥٥١٢٣٤٥٦٧"), "the number was said");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'app_visit'"), 1);

    /* Fifteen days after the request, undecided: overdue on the staff's list. The committee's
     * acceptance is recorded; the family is to be told, once. */
    console_at("2026-12-07T09:00:00", &one);
    CHECK_INT(staff_do(&one, "GET", "/api/applications?view=overdue", NULL, &r), 200);
    CHECK_STR(json_field(&r, "total", v, sizeof v), "1");
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0001\",\"step\":\"accepted\"}", &r), 200);
    CHECK_INT(staff_do(&one, "GET", "/api/applications?view=overdue", NULL, &r), 200);
    CHECK_STR(json_field(&r, "total", v, sizeof v), "0");
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK(strstr(r.body, "\"message\": \"decision\"") || strstr(r.body, "\"message\":\"decision\""),
          "the decision is not among who to tell today: %s", r.body);
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0001\",\"message\":\"decision\"}", &r), 200);
    CHECK(strstr(json_field(&r, "whatsapp", v, sizeof v), "https://wa.me/966551234567?text=") == v,
          "the WhatsApp link: %s", v);
    CHECK_STR(json_field(&r, "tel", v, sizeof v), "tel:0551234567");
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK_INT(to_tell(&r), 0);

    /* A return appointment tomorrow at 10:30, its slip printed and read back. */
    CHECK_INT(staff_do(&one, "POST", "/api/application/book", "{\"ref\":\"1448-0001\",\"at\":\"2026-12-08 10:30\"}", &r), 200);
    snprintf(path, sizeof path, "%s/ticket-1.png", previews);
    long long printed = file_time(path);
    CHECK_INT(staff_do(&one, "POST", "/api/application/slip", "{\"ref\":\"1448-0001\"}", &r), 202);
    for (int i = 0; i < 100 && file_time(path) == printed; i++) usleep(50000);
    char qr[128];
    CHECK_INT(decode_qr_png(path, qr, sizeof qr), 1);
    CHECK_STR(qr, "DAWR:A:1448-0001:2026-12-08T10:30");
    /* The reminder is due today (the appointment is tomorrow). */
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK(strstr(r.body, "reminder") != NULL, "no reminder among who to tell today: %s", r.body);
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0001\",\"message\":\"reminder\",\"lang\":\"en\"}", &r), 200);
    CHECK_INT(console_stop(&server), 0);

    /* Tuesday 8 December. A walk-in takes a number at 10:05; at 10:22 the visitor scans the slip
     * at the kiosk's start screen: checked in, a ticket for the appointment at 10:30. The same
     * slip again: already checked in, told the same number, nothing new. */
    CHECK_INT(kiosk("2026-12-08T10:05:00", "wait 200\ntap take_ticket\nwait 800\ntap service_inquiry\nwait 800\nquit\n"), 0);
    long long walk_in = query_int(db, "SELECT max(id) FROM tickets");
    char scan[256];                    /* the scanner types what the printed slip's QR says */
    snprintf(scan, sizeof scan, "wait 300\ntype %s\nkey Return\nwait 800\nquit\n", qr);
    CHECK_INT(kiosk("2026-12-08T10:22:00", scan), 0);
    long long checked_in = query_int(db, "SELECT max(id) FROM tickets");
    CHECK(checked_in == walk_in + 1, "no ticket for the appointment");
    CHECK_STR(query_text(db, "SELECT service FROM tickets ORDER BY id DESC LIMIT 1"), "appointment");
    CHECK(strstr(shown("ticket", "appointment_note", v, sizeof v), "١٠:٣٠") != NULL, "the ticket screen: %s", v);
    CHECK_INT(query_int(db, "SELECT json_extract(detail, '$.visit_ticket') FROM events WHERE kind = 'app_checkin'"), checked_in);
    CHECK_INT(query_int(db, "SELECT json_extract(detail, '$.minutes') FROM events WHERE kind = 'app_checkin'"), -8);
    before = events_now();
    CHECK_INT(kiosk("2026-12-08T10:24:00", scan), 0);
    CHECK_INT(query_int(db, "SELECT max(id) FROM tickets"), checked_in);
    CHECK_INT(events_now(), before);
    char code[16];
    snprintf(code, sizeof code, "%.15s", query_text(db, "SELECT prefix || '-' || printf('%03d', number) FROM tickets"
                                                     " ORDER BY id DESC LIMIT 1"));
    CHECK(strstr(shown("appt_notice", "appt_message", v, sizeof v), "سُجّل حضوركم من قبل") && strstr(v, code),
          "the second check-in is not told its number %s: %s", code, v);

    /* 10:25, five minutes before its time: the appointment is called ahead of the walk-in who
     * has waited twenty minutes; the walk-in next. Then registration and the service: closed,
     * and the kept appointment is not cancelled by the closing. */
    console_at("2026-12-08T10:25:00", &one);
    /* The visitor is here: the appointment can be neither moved nor cancelled. */
    before = events_now();
    CHECK_INT(staff_do(&one, "POST", "/api/application/move", "{\"ref\":\"1448-0001\",\"at\":\"2026-12-09 10:00\"}", &r), 409);
    CHECK_STR(json_field(&r, "code", v, sizeof v), "already_checked_in");
    CHECK_STR(json_field(&r, "ticket", v, sizeof v), code);
    CHECK_INT(staff_do(&one, "POST", "/api/application/cancel", "{\"ref\":\"1448-0001\"}", &r), 409);
    CHECK_INT(events_now(), before);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.service", v, sizeof v), "appointment");
    CHECK_STR(json_field(&r, "ticket.appointment_at", v, sizeof v), "10:30");
    CHECK_INT(staff_do(&one, "POST", "/api/done", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.service", v, sizeof v), "inquiry");
    CHECK_INT(staff_do(&one, "POST", "/api/done", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0001\",\"step\":\"registered\"}", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0001\",\"step\":\"delivered\"}", &r), 200);
    CHECK_STR(json_field(&r, "application.open", v, sizeof v), "false");
    CHECK_STR(json_field(&r, "application.has_contact", v, sizeof v), "true");
    CHECK_INT(console_stop(&server), 0);

    /* The contact outlives its closed application by contact_days (30), counted in days: kept
     * on 6 January 2027, erased by the first change of 7 January (before the hour it closed). */
    CHECK_INT(ctl("2027-01-06T09:00:00", "app show 1448-0001 --json", out, sizeof out), 0);
    CHECK(strstr(out, "\"has_contact\": true") != NULL, "the contact went early: %s", out);
    CHECK_INT(ctl("2027-01-06T12:00:00", "issue inquiry", NULL, 0), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM application_contacts"), 1);
    CHECK_INT(ctl("2027-01-07T08:30:00", "issue inquiry", NULL, 0), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM application_contacts"), 0);
    CHECK_STR(query_text(db, "SELECT json_extract(detail, '$.why') FROM events WHERE kind = 'app_erase'"), "retention");
    CHECK(!strstr(query_text(db, "SELECT group_concat(detail) FROM events"), "0551234567"), "the number is in the log");

    /* The whole life in its history, in order. */
    CHECK_STR(query_text(db, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE kind LIKE 'app_%' ORDER BY id)"),
              "app_open app_contact app_step app_visit app_step app_notify app_book app_notify app_checkin app_step app_step app_erase");
    /* The board's report of November and December: every figure of the application's life. */
    CHECK_INT(ctl("2027-01-07T09:05:00", "--json report --from 2026-11-01 --to 2026-12-31", out, sizeof out), 0);
    json_error_t e;
    json_t *report = json_loads(out, 0, &e), *apps = json_object_get(report, "applications");
    REQUIRE(apps, "no applications in the report: %s", out);
    CHECK_INT(json_integer_value(json_object_get(apps, "opened")), 1);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(apps, "by_step"), "delivered")), 1);
    CHECK_INT(json_integer_value(json_object_get(apps, "decided")), 1);
    /* 22 Nov 09:10 to 7 Dec 09:00: 14 days 23 h 50 min. */
    CHECK(fabs(json_real_value(json_object_get(json_object_get(apps, "decision_days"), "median")) - 14.99) < 0.005,
          "days to the decision: %s", out);
    CHECK(json_real_value(json_object_get(apps, "share_after_minimum")) == 1.0, "answered after the minimum");
    CHECK_INT(json_integer_value(json_object_get(apps, "overdue")), 0);
    json_t *ap = json_object_get(apps, "appointments"), *told = json_object_get(apps, "notifications");
    CHECK_INT(json_integer_value(json_object_get(ap, "booked")), 1);
    CHECK_INT(json_integer_value(json_object_get(ap, "kept")), 1);
    CHECK_INT(json_integer_value(json_object_get(ap, "missed")), 0);
    CHECK_INT(json_integer_value(json_object_get(told, "decision")), 1);
    CHECK_INT(json_integer_value(json_object_get(told, "reminder")), 1);
    json_decref(report);

    int checked = ctl("2027-01-07T09:05:00", "check", out, sizeof out);
    CHECK(checked == 0, "dawrctl check: %d: %s", checked, out);

    /* dawrctl check finds the applications' rules broken around the engine: a step the log does
     * not say, a closed application still expecting a visit, an appointment checked in twice. */
    sqlite3 *raw;
    REQUIRE(sqlite3_open(db, &raw) == SQLITE_OK, "open");
    CHECK(sqlite3_exec(raw, "UPDATE applications SET step = 'committee';"
                            "INSERT INTO appointments (application, at, local, booked_at, changed_at)"
                            " SELECT id, closed_at + 86400000, '2026-12-09 10:00', closed_at, closed_at FROM applications;"
                            "INSERT INTO events (at, ticket, kind, detail) SELECT at, ticket, kind, detail"
                            " FROM events WHERE kind = 'app_checkin';", NULL, NULL, NULL) == SQLITE_OK,
          "%s", sqlite3_errmsg(raw));
    sqlite3_close(raw);
    CHECK_INT(ctl("2027-01-07T09:05:00", "check", out, sizeof out), 1);
    CHECK(strstr(out, "application 1448-0001 is at committee but its log says delivered") != NULL, "%s", out);
    CHECK(strstr(out, "application 1448-0001 is closed but still expects a visit at 2026-12-09 10:00") != NULL, "%s", out);
    CHECK(strstr(out, "the appointment at 2026-12-08 10:30 of application 1448-0001 was checked in 2 times") != NULL, "%s", out);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "an_application_from_request_to_service", an_application_from_request_to_service },
        { NULL, NULL },
    };
    return harness_main("application_life", cases, argc, argv);
}
