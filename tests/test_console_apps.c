/* Issue 16 at the staff console, over real HTTP against the real dawr-console: the applications
 * page's list and its filters (open, overdue past the earliest answer date, documents needed, by
 * status), one application's history, and a change of status with a note (CSRF as every write);
 * bad input says why and changes nothing. The applications are made by the real dawrctl, and the
 * clock moved across two weeks with DAWR_NOW. */
#include "harness.h"
#include "testutil.h"
#include "consoleutil.h"

static console_fixture fx;
static console_proc server;

/* dawrctl ARGS on the test's database; its exit status. */
static int ctl(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s %s >/dev/null", build_dir(), fx.conf, fx.db, args);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A new database with PINs at counters 1 and 2, and N new requests finished as registered on
 * 2026-11-22 (a Sunday, open 08:00-14:00 by the shipped [hours]): applications 1448-0001 to N.
 * The receipts are PNG files in fx.previews (the preview printer writes the real bitmap). */
static void applications_made(const char *name, int n)
{
    setenv("DAWR_NOW", "2026-11-22T09:00:00", 1);
    REQUIRE(console_fixture_make(&fx, name, shipped_config_path(), 2) == 0, "the test's appliance");
    for (int i = 0; i < n; i++)
        REQUIRE(ctl("issue new_request") == 0 && ctl("call 1") == 0 && ctl("done 1 --outcome registered") == 0,
                "visit %d", i + 1);
    CHECK_INT(query_int(fx.db, "SELECT count(*) FROM applications"), n);
}

/* The references listed in R's "applications", space-separated. */
static const char *refs_of(const http_reply *r)
{
    static char out[4096];
    out[0] = 0;
    json_t *j = body_json(r);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(j, "applications"), i, a)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", i ? " " : "", json_string_value(json_object_get(a, "ref")));
    json_decref(j);
    return out;
}

static void list_filters_history_and_change(void)
{
    applications_made("ca-list", 3);
    REQUIRE(ctl("app status 1448-0002 documents_needed --note 'the ID copy'") == 0, "documents needed");
    REQUIRE(ctl("app status 1448-0003 committee") == 0 && ctl("app status 1448-0003 accepted") == 0, "decided");
    /* Fifteen days on: past the earliest answer date (14 days) of all three. */
    setenv("DAWR_NOW", "2026-12-07T09:00:00", 1);
    REQUIRE(console_start(&server, fx.conf, fx.db, NULL) == 0, "console");
    http_reply r;
    char v[256];
    CHECK_INT(http_do(server.port, "GET", "/api/applications", NULL, NULL, &r), 401);
    CHECK_INT(http_do(server.port, "GET", "/applications", NULL, NULL, &r), 200);
    CHECK(strstr(r.body, "applications.js") != NULL, "the page loads its script");
    staff one;
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in");

    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK_STR(refs_of(&r), "1448-0001 1448-0002 1448-0003");
    CHECK_STR(json_field(&r, "day", v, sizeof v), "2026-12-07");
    /* Overdue: open, undecided, past its earliest answer date (2026-12-06): not the accepted one. */
    CHECK_INT(staff_do(&one, "GET", "/api/applications?view=overdue", NULL, &r), 200);
    CHECK_STR(refs_of(&r), "1448-0001 1448-0002");
    CHECK_STR(json_field(&r, "total", v, sizeof v), "2");
    CHECK_INT(staff_do(&one, "GET", "/api/applications?step=documents_needed", NULL, &r), 200);
    CHECK_STR(refs_of(&r), "1448-0002");
    CHECK_INT(staff_do(&one, "GET", "/api/applications?step=accepted", NULL, &r), 200);
    CHECK_STR(refs_of(&r), "1448-0003");
    CHECK_INT(staff_do(&one, "GET", "/api/applications?step=nonsense", NULL, &r), 409);
    CHECK_CODE(r, "unknown_step");
    CHECK_INT(staff_do(&one, "GET", "/api/applications?view=everything", NULL, &r), 400);
    json_t *j = NULL;
    CHECK_INT(staff_do(&one, "GET", "/api/applications?view=overdue", NULL, &r), 200);
    j = body_json(&r);
    json_t *first = json_array_get(json_object_get(j, "applications"), 0);
    CHECK(json_is_true(json_object_get(first, "overdue")), "1448-0001 is marked overdue");
    CHECK_STR(json_string_value(json_object_get(first, "answer_not_before")), "2026-12-06");
    CHECK_STR(json_string_value(json_object_get(first, "answer_not_before_hijri")), "1448-06-26");
    CHECK_INT(json_array_size(json_object_get(j, "steps")), 7);
    json_decref(j);

    /* One application's history: its opening and its change with the note. */
    CHECK_INT(staff_do(&one, "GET", "/api/application?ref=1448-0002", NULL, &r), 200);
    j = body_json(&r);
    json_t *history = json_object_get(j, "history");
    CHECK_INT(json_array_size(history), 2);
    CHECK_STR(json_string_value(json_object_get(json_array_get(history, 1), "kind")), "app_step");
    CHECK_STR(json_string_value(json_object_get(json_object_get(json_array_get(history, 1), "detail"), "note")),
              "the ID copy");
    json_decref(j);
    /* Typed on a keypad, in Arabic-Indic digits: the same application. */
    CHECK_INT(staff_do(&one, "GET", "/api/application?ref=%D9%A1%D9%A4%D9%A4%D9%A8%D9%A0%D9%A0%D9%A0%D9%A2", NULL, &r), 200);
    CHECK_STR(json_field(&r, "application.ref", v, sizeof v), "1448-0002");

    /* A change of status with a note, by counter 1. */
    long long before = fixture_events(&fx);
    CHECK_INT(staff_do(&one, "POST", "/api/application/step",
                       "{\"ref\":\"1448-0002\",\"step\":\"committee\",\"note\":\"all papers in\"}", &r), 200);
    CHECK_STR(json_field(&r, "application.step", v, sizeof v), "committee");
    CHECK_INT(fixture_events(&fx), before + 1);
    CHECK_STR(query_text(fx.db, "SELECT counter || ' ' || json_extract(detail, '$.note') FROM events ORDER BY id DESC LIMIT 1"),
              "1 all papers in");
    CHECK_INT(staff_do(&one, "GET", "/api/applications?step=documents_needed", NULL, &r), 200);
    CHECK_STR(refs_of(&r), "");

    /* Bad input: a clear reason, and nothing changed. */
    before = fixture_events(&fx);
    char headers[256];
    snprintf(headers, sizeof headers, "Cookie: %s\r\n", one.cookie);
    CHECK_INT(http_do(server.port, "POST", "/api/application/step", headers, "{\"ref\":\"1448-0001\",\"step\":\"committee\"}",
                      &r), 403);
    CHECK_CODE(r, "bad_csrf");
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0099\",\"step\":\"committee\"}", &r), 404);
    CHECK_CODE(r, "no_application");
    CHECK_STR(json_field(&r, "application", v, sizeof v), "1448-0099");
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"A-001\",\"step\":\"committee\"}", &r), 404);
    CHECK_CODE(r, "not_a_reference");
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0001\",\"step\":\"won\"}", &r), 409);
    CHECK_CODE(r, "unknown_step");
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0002\",\"step\":\"committee\"}", &r), 409);
    CHECK_CODE(r, "already_in_step");
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0001\"}", &r), 400);
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0001\",\"step\":\"declined\"}", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/application/step", "{\"ref\":\"1448-0001\",\"step\":\"committee\"}", &r), 409);
    CHECK_CODE(r, "application_closed");
    CHECK_INT(fixture_events(&fx), before + 1);
    /* A closed one leaves the open list; named by its step, it is found. */
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK_STR(refs_of(&r), "1448-0002 1448-0003");
    CHECK_INT(staff_do(&one, "GET", "/api/applications?step=declined", NULL, &r), 200);
    CHECK_STR(refs_of(&r), "1448-0001");
    CHECK(!strstr(r.body, "phone"), "no phone number in a list");
    CHECK_INT(console_stop(&server), 0);
}


static void appointments_booked_moved_cancelled_and_printed(void)
{
    applications_made("ca-appointments", 1);
    REQUIRE(console_start(&server, fx.conf, fx.db, NULL) == 0, "console");
    http_reply r;
    char v[256], path[800];
    staff one;
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in");
    CHECK_INT(staff_do(&one, "GET", "/api/application?ref=1448-0001", NULL, &r), 200);
    CHECK_STR(json_field(&r, "appointment", v, sizeof v), "null");
    CHECK_INT(staff_do(&one, "POST", "/api/application/book", "{\"ref\":\"1448-0001\",\"at\":\"2026-11-23 10:30\"}", &r), 200);
    CHECK_STR(json_field(&r, "appointment.at", v, sizeof v), "2026-11-23 10:30");
    CHECK_STR(json_field(&r, "appointment.day_hijri", v, sizeof v), "1448-06-13");
    /* Bad input: a clear reason each, and nothing changed. */
    long long before = fixture_events(&fx);
    CHECK_INT(staff_do(&one, "POST", "/api/application/move", "{\"ref\":\"1448-0001\",\"at\":\"2026-11-23 16:00\"}", &r), 409);
    CHECK_CODE(r, "outside_hours");
    CHECK_STR(json_field(&r, "hours", v, sizeof v), "08:00-14:00");
    CHECK_INT(staff_do(&one, "POST", "/api/application/move", "{\"ref\":\"1448-0001\",\"at\":\"2026-11-27 10:00\"}", &r), 409);
    CHECK_CODE(r, "outside_hours");
    CHECK_INT(staff_do(&one, "POST", "/api/application/move", "{\"ref\":\"1448-0001\",\"at\":\"2026-11-21 10:00\"}", &r), 409);
    CHECK_CODE(r, "past_time");
    CHECK_INT(staff_do(&one, "POST", "/api/application/book", "{\"ref\":\"1448-0001\",\"at\":\"2026-11-24 10:00\"}", &r), 409);
    CHECK_CODE(r, "already_booked");
    CHECK_INT(staff_do(&one, "POST", "/api/application/book", "{\"ref\":\"1448-0002\",\"at\":\"2026-11-24 10:00\"}", &r), 404);
    CHECK_CODE(r, "no_application");
    CHECK_INT(staff_do(&one, "POST", "/api/application/move", "{\"ref\":\"1448-0001\",\"at\":\"soon\"}", &r), 409);
    CHECK_CODE(r, "not_a_time");
    CHECK_INT(staff_do(&one, "POST", "/api/application/book", "{\"ref\":\"1448-0001\"}", &r), 400);
    CHECK_INT(fixture_events(&fx), before);
    CHECK_STR(query_text(fx.db, "SELECT local FROM appointments"), "2026-11-23 10:30");
    /* Moved, its slip printed (the preview printer writes the application's ticket's PNG). */
    CHECK_INT(staff_do(&one, "POST", "/api/application/move", "{\"ref\":\"1448-0001\",\"at\":\"2026-11-24 09:15\"}", &r), 200);
    CHECK_STR(json_field(&r, "appointment.at", v, sizeof v), "2026-11-24 09:15");
    snprintf(path, sizeof path, "%s/ticket-1.png", fx.previews);
    CHECK_INT(file_size(path), 0);
    CHECK_INT(staff_do(&one, "POST", "/api/application/slip", "{\"ref\":\"1448-0001\",\"lang\":\"ar\"}", &r), 202);
    for (int i = 0; i < 100 && !file_size(path); i++) usleep(50000);
    CHECK(file_size(path) > 1000, "the appointment slip was printed: %s", path);
    /* Its print_done is logged after the file is written: waited for, so the counts below are the refusals'. */
    for (int i = 0; i < 100 && !query_int(fx.db, "SELECT count(*) FROM events WHERE kind = 'print_done' AND ticket = 1"); i++)
        usleep(50000);
    CHECK_INT(query_int(fx.db, "SELECT count(*) FROM events WHERE kind = 'print' AND ticket = 1"), 1);
    CHECK_INT(staff_do(&one, "POST", "/api/application/cancel", "{\"ref\":\"1448-0001\"}", &r), 200);
    CHECK_STR(json_field(&r, "appointment", v, sizeof v), "null");
    before = fixture_events(&fx);
    CHECK_INT(staff_do(&one, "POST", "/api/application/cancel", "{\"ref\":\"1448-0001\"}", &r), 404);
    CHECK_CODE(r, "no_appointment");
    CHECK_INT(staff_do(&one, "POST", "/api/application/slip", "{\"ref\":\"1448-0001\"}", &r), 404);
    CHECK_CODE(r, "no_appointment");
    CHECK_INT(fixture_events(&fx), before);
    CHECK_STR(query_text(fx.db, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE kind LIKE 'app_%'"
                             " ORDER BY id)"), "app_open app_book app_move app_cancel");
    /* History shows them. */
    CHECK_INT(staff_do(&one, "GET", "/api/application?ref=1448-0001", NULL, &r), 200);
    CHECK(strstr(r.body, "\"app_move\"") && strstr(r.body, "\"app_cancel\""), "the history shows the appointment's events");
    /* A day later the booked time has passed: no slip for it, and it can no longer be cancelled. */
    CHECK_INT(staff_do(&one, "POST", "/api/application/book", "{\"ref\":\"1448-0001\",\"at\":\"2026-11-22 13:00\"}", &r), 200);
    CHECK_INT(console_stop(&server), 0);
    setenv("DAWR_NOW", "2026-11-23T09:00:00", 1);
    REQUIRE(console_start(&server, fx.conf, fx.db, NULL) == 0, "console");
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in");
    before = fixture_events(&fx);
    CHECK_INT(staff_do(&one, "POST", "/api/application/slip", "{\"ref\":\"1448-0001\"}", &r), 409);
    CHECK_CODE(r, "appointment_past");
    CHECK_INT(staff_do(&one, "POST", "/api/application/cancel", "{\"ref\":\"1448-0001\"}", &r), 409);
    CHECK_CODE(r, "appointment_past");
    CHECK_INT(fixture_events(&fx), before);
    CHECK_INT(console_stop(&server), 0);
}

/* The percent-encoded LINK's text after "?text=", decoded. */
static const char *decoded_text(const char *link)
{
    static char out[8192];
    const char *p = strstr(link, "?text=");
    size_t n = 0;
    for (p = p ? p + 6 : ""; *p && n < sizeof out - 1; p++) {
        unsigned v;
        if (*p == '%' && sscanf(p + 1, "%2x", &v) == 1) { out[n++] = (char)v; p += 2; }
        else out[n++] = *p;
    }
    out[n] = 0;
    return out;
}

/* Who should be told in R's "to_tell", as "REF:message" space-separated. */
static const char *to_tell_of(const http_reply *r)
{
    static char out[2048];
    out[0] = 0;
    json_t *j = body_json(r);
    size_t i;
    json_t *a;
    json_array_foreach(json_object_get(j, "to_tell"), i, a)
        snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s:%s", i ? " " : "",
                 json_string_value(json_object_get(a, "ref")), json_string_value(json_object_get(a, "message")));
    json_decref(j);
    return out;
}

static void word_to_the_family_only_with_consent(void)
{
    applications_made("ca-notify", 3);
    REQUIRE(ctl("app contact 1448-0001 '055 123 4567' --consent family") == 0 &&
            ctl("app contact 1448-0003 +966500000003 --consent applicant") == 0, "contacts");
    REQUIRE(ctl("app status 1448-0001 committee") == 0 && ctl("app status 1448-0001 accepted") == 0 &&
            ctl("app status 1448-0002 declined") == 0, "decisions");
    REQUIRE(ctl("app book 1448-0003 '2026-11-23 10:30'") == 0, "an appointment tomorrow");
    REQUIRE(console_start(&server, fx.conf, fx.db, NULL) == 0, "console");
    http_reply r;
    char v[16384];
    staff one;
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in");
    /* Who should be told today: the two decisions, and tomorrow's appointment. */
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK_STR(to_tell_of(&r), "1448-0001:decision 1448-0002:decision 1448-0003:reminder");
    CHECK(!strstr(r.body, "0551234567") && !strstr(r.body, "500000003"), "a number in the list");
    json_t *j = body_json(&r);
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "to_tell"), 2), "appointment_at")),
              "2026-11-23 10:30");
    CHECK(json_is_false(json_object_get(json_array_get(json_object_get(j, "to_tell"), 1), "has_contact")),
          "1448-0002 has no contact");
    json_decref(j);

    /* Bad input: a clear reason, nothing logged. */
    long long before = fixture_events(&fx);
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0002\",\"message\":\"decision\"}", &r), 404);
    CHECK_CODE(r, "no_contact");
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0001\",\"message\":\"reminder\"}", &r), 404);
    CHECK_CODE(r, "no_appointment");
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0003\",\"message\":\"decision\"}", &r), 409);
    CHECK_CODE(r, "no_decision");
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0001\",\"message\":\"hello\"}", &r), 409);
    CHECK_CODE(r, "unknown_message");
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0009\",\"message\":\"decision\"}", &r), 404);
    CHECK_CODE(r, "no_application");
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify", "{\"ref\":\"1448-0001\",\"message\":\"decision\",\"lang\":\"fr\"}", &r), 400);
    CHECK_INT(fixture_events(&fx), before);

    /* The decision, in Arabic: WhatsApp's click-to-chat with the number in its international
     * form, the text the same once decoded, and a tel: link; logged without the number. */
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify",
                       "{\"ref\":\"1448-0001\",\"message\":\"decision\",\"lang\":\"ar\"}", &r), 200);
    char text[8192];
    json_field(&r, "text", text, sizeof text);
    CHECK(strstr(text, "1448-0001") != NULL, "the reference is in the message: %s", text);
    CHECK(strstr(text, "\xd8\xb1\xd9\x8f\xd8\xa4\xd9\x81\xd9\x8e\xd8\xa7\xd8\xa1") != NULL, "the association's Arabic name: %s", text);
    json_field(&r, "whatsapp", v, sizeof v);
    CHECK(!strncmp(v, "https://wa.me/966551234567?text=", 32), "the WhatsApp link: %.80s", v);
    CHECK(!strpbrk(v + 32, " \n"), "the link's text is not encoded");
    CHECK_STR(decoded_text(v), text);
    CHECK_STR(json_field(&r, "tel", v, sizeof v), "tel:0551234567");
    CHECK_INT(fixture_events(&fx), before + 1);
    CHECK_STR(query_text(fx.db, "SELECT detail FROM events ORDER BY id DESC LIMIT 1"),
              "{\"application\":\"1448-0001\",\"lang\":\"ar\",\"message\":\"decision\"}");
    /* The reminder, in English: the day in both calendars, the time, the documents. */
    CHECK_INT(staff_do(&one, "POST", "/api/application/notify",
                       "{\"ref\":\"1448-0003\",\"message\":\"reminder\",\"lang\":\"en\"}", &r), 200);
    json_field(&r, "text", text, sizeof text);
    CHECK(strstr(text, "23 November 2026") && strstr(text, "13 Jumada II 1448") && strstr(text, "10:30") &&
          strstr(text, "Family record"), "the reminder: %s", text);
    CHECK(!strncmp(json_field(&r, "whatsapp", v, sizeof v), "https://wa.me/966500000003?text=", 32), "%.60s", v);
    /* Told: only the decision nobody could be told by message is left. */
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK_STR(to_tell_of(&r), "1448-0002:decision");
    /* A moved appointment is to be told again. */
    CHECK_INT(staff_do(&one, "POST", "/api/application/move", "{\"ref\":\"1448-0003\",\"at\":\"2026-11-23 11:00\"}", &r), 200);
    CHECK_INT(staff_do(&one, "GET", "/api/applications", NULL, &r), 200);
    CHECK_STR(to_tell_of(&r), "1448-0002:decision 1448-0003:reminder");
    /* The number is on no public screen and in no history. */
    CHECK_INT(http_do(server.port, "GET", "/api/screen", NULL, NULL, &r), 200);
    CHECK(!strstr(r.body, "551234567"), "the number on the waiting-room screen's answer");
    CHECK_INT(staff_do(&one, "GET", "/api/application?ref=1448-0001", NULL, &r), 200);
    CHECK(!strstr(r.body, "551234567"), "the number in the application's answer");
    CHECK_INT(query_int(fx.db, "SELECT count(*) FROM events WHERE detail LIKE '%551234567%'"), 0);
    CHECK_INT(console_stop(&server), 0);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "list_filters_history_and_change", list_filters_history_and_change },
        { "appointments_booked_moved_cancelled_and_printed", appointments_booked_moved_cancelled_and_printed },
        { "word_to_the_family_only_with_consent", word_to_the_family_only_with_consent },
        { NULL, NULL },
    };
    return harness_main("console_apps", cases, argc, argv);
}
