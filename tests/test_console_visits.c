/* Issue 14 at the staff console, over real HTTP against the real dawr-console: "new ticket" at
 * the desk with needs and a channel (printed, handled at once, or a call-back), set aside and
 * taken back at another counter, finishing with an outcome that prints the documents to bring
 * (the preview printer writes the real bitmap), stale and wrong requests changing nothing. */
#include "harness.h"
#include "testutil.h"
#include "consoleutil.h"

static console_fixture fx;
static console_proc server;

/* The default configuration printing to PNG files in a scratch folder; PINs at counters 1 to 3. */
static int start(const char *name)
{
    return console_fixture_make(&fx, name, default_config_path(), 3) ? -1 : console_start(&server, fx.conf, fx.db, NULL);
}

static void new_ticket_at_the_desk(void)
{
    REQUIRE(start("cv-issue") == 0, "console");
    staff one;
    http_reply r;
    char v[128], path[800];
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in");
    /* In person at the desk, hard of hearing with a companion, printed. */
    CHECK_INT(staff_do(&one, "POST", "/api/issue",
                       "{\"service\":\"new_request\",\"channel\":\"desk\",\"needs\":[\"hard_of_hearing\",\"companion\"],"
                       "\"print\":true}", &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "A-001");
    CHECK_STR(json_field(&r, "ticket.channel", v, sizeof v), "desk");
    CHECK_STR(json_field(&r, "slip.state", v, sizeof v), "printing");
    snprintf(path, sizeof path, "%s/ticket-1.png", fx.previews);
    for (int i = 0; i < 100 && !file_size(path); i++) usleep(50000);
    CHECK(file_size(path) > 1000, "the desk's ticket was printed: %s", path);
    CHECK_STR(query_text(fx.db, "SELECT needs || '/' || channel || '/' || priority FROM tickets WHERE id = 1"),
              "hard_of_hearing companion/desk/0");
    /* A phone call answered at once: done at this counter, with its outcome; never printed. */
    CHECK_INT(staff_do(&one, "POST", "/api/issue",
                       "{\"service\":\"inquiry\",\"channel\":\"phone\",\"handled\":true,\"outcome\":\"answered\"}", &r), 200);
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "done");
    CHECK_STR(json_field(&r, "ticket.counter", v, sizeof v), "1");
    CHECK_STR(json_field(&r, "ticket.outcome", v, sizeof v), "answered");
    /* A WhatsApp message queued for a call-back, with priority (very frail). */
    CHECK_INT(staff_do(&one, "POST", "/api/issue", "{\"service\":\"inquiry\",\"channel\":\"whatsapp\",\"needs\":[\"frail\"]}",
                       &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-002");
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "waiting");
    json_t *j = body_json(&r);
    CHECK(json_is_true(json_object_get(json_object_get(j, "ticket"), "priority")), "frail asks for priority");
    CHECK(json_is_false(json_object_get(json_object_get(j, "ticket"), "in_person")), "a call-back is not in the room");
    json_decref(j);
    /* The counter's page lists the needs beside the waiting ticket, and the choices. */
    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
    j = body_json(&r);
    json_t *waiting = json_object_get(j, "waiting");
    CHECK_STR(json_string_value(json_object_get(json_array_get(waiting, 0), "code")), "C-002");   /* priority first */
    json_t *a1 = json_array_get(waiting, 1);
    CHECK_STR(json_string_value(json_object_get(a1, "code")), "A-001");
    CHECK_STR(json_string_value(json_array_get(json_object_get(a1, "needs"), 0)), "hard_of_hearing");
    json_t *choices = json_object_get(j, "choices");
    CHECK_INT(json_array_size(json_object_get(choices, "needs")), 7);
    CHECK_INT(json_array_size(json_object_get(choices, "channels")), 7);
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(choices, "outcomes"), 2), "id")),
              "documents_missing");
    json_decref(j);
    /* The call-back is called at the counter and never on the waiting-room screen. */
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-002");
    CHECK_INT(http_do(server.port, "GET", "/api/screen", NULL, NULL, &r), 200);
    j = body_json(&r);
    CHECK_INT(json_array_size(json_object_get(j, "recent_calls")), 0);
    json_decref(j);
    /* The desk's A-001, hard of hearing: on the screen's calls as "long", and never why. */
    CHECK_INT(staff_do(&one, "POST", "/api/done", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/call", "{\"ticket\":\"A-001\"}", &r), 200);
    CHECK_INT(http_do(server.port, "GET", "/api/screen?after=0", NULL, NULL, &r), 200);
    j = body_json(&r);
    json_t *calls = json_object_get(j, "calls");
    CHECK_INT(json_array_size(calls), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(calls, 0), "code")), "A-001");
    CHECK(json_is_true(json_object_get(json_array_get(calls, 0), "long")), "A-001 not long: %s", r.body);
    CHECK(!strstr(r.body, "hearing"), "the screen names a need: %s", r.body);
    json_decref(j);
    CHECK_INT(staff_do(&one, "POST", "/api/done", NULL, &r), 200);
    /* Wrong requests refuse with the queue's codes and change nothing. */
    long long before = fixture_events(&fx);
    static const struct { const char *body; int status; const char *code; } bad[] = {
        { "{\"service\":\"inquiry\",\"channel\":\"fax\"}", 409, "unknown_channel" },
        { "{\"service\":\"inquiry\",\"needs\":[\"deaf\"]}", 409, "unknown_need" },
        { "{\"service\":\"lunch\"}", 404, "unknown_service" },
        { "{\"service\":\"inquiry\",\"channel\":\"kiosk\",\"handled\":true}", 409, "not_handled_at_once" },
        { "{\"service\":\"inquiry\",\"channel\":\"phone\",\"outcome\":\"answered\"}", 409, "outcome_needs_handling" },
        { "{\"service\":\"inquiry\",\"channel\":\"phone\",\"handled\":true,\"outcome\":\"won\"}", 409, "unknown_outcome" },
        { "{\"service\":\"inquiry\",\"channel\":\"phone\",\"print\":true}", 400, "bad_request" },
        { "{\"service\":\"inquiry\",\"needs\":\"frail\"}", 400, "bad_request" },
        { "{\"channel\":\"desk\"}", 400, "bad_request" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK(staff_do(&one, "POST", "/api/issue", bad[i].body, &r) == bad[i].status, "%s: %d %s", bad[i].body, r.status, r.body);
        CHECK_CODE(r, bad[i].code);
    }
    CHECK_INT(fixture_events(&fx), before);
    CHECK_INT(console_stop(&server), 0);
}

static void set_aside_taken_back_and_finished_with_documents_missing(void)
{
    REQUIRE(start("cv-aside") == 0, "console");
    staff one, two, three;
    http_reply r;
    char v[128], path[800];
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in 1");
    REQUIRE(staff_sign_in(&two, server.port, "2", "2222", &r) == 200, "sign in 2");
    REQUIRE(staff_sign_in(&three, server.port, "3", "3333", &r) == 200, "sign in 3");
    CHECK_INT(staff_do(&one, "POST", "/api/issue", "{\"service\":\"new_request\",\"channel\":\"desk\"}", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/issue", "{\"service\":\"new_request\",\"channel\":\"desk\"}", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/serve", NULL, &r), 200);
    long long before = fixture_events(&fx);
    CHECK_INT(staff_do(&one, "POST", "/api/aside", "{\"expect\":\"A-002\"}", &r), 409);   /* a page out of date */
    CHECK_CODE(r, "stale");
    CHECK_INT(staff_do(&two, "POST", "/api/aside", NULL, &r), 409);
    CHECK_CODE(r, "no_visitor");
    CHECK_INT(fixture_events(&fx), before);
    CHECK_INT(staff_do(&one, "POST", "/api/aside", "{\"expect\":\"A-001\"}", &r), 200);
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "aside");
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "A-002");
    /* Every page lists it; only counters of its service may take it back. */
    CHECK_INT(staff_do(&three, "GET", "/api/state", NULL, &r), 200);
    json_t *j = body_json(&r);
    json_t *a = json_array_get(json_object_get(j, "set_aside"), 0);
    CHECK_STR(json_string_value(json_object_get(a, "code")), "A-001");
    CHECK(json_is_false(json_object_get(a, "mine")), "counter 3 does not serve new requests");
    json_decref(j);
    before = fixture_events(&fx);
    CHECK_INT(staff_do(&three, "POST", "/api/resume", "{\"ticket\":\"A-001\"}", &r), 409);
    CHECK_CODE(r, "not_served_here");
    CHECK_INT(staff_do(&one, "POST", "/api/resume", "{\"ticket\":\"A-001\"}", &r), 409);
    CHECK_CODE(r, "counter_busy");
    CHECK_INT(staff_do(&two, "POST", "/api/resume", "{\"ticket\":\"A-002\"}", &r), 409);
    CHECK_CODE(r, "not_aside");
    CHECK_INT(staff_do(&two, "POST", "/api/resume", "{\"ticket\":\"Z-404\"}", &r), 404);
    CHECK_CODE(r, "no_ticket");
    CHECK_INT(staff_do(&two, "POST", "/api/resume", "{}", &r), 400);
    CHECK_INT(staff_do(&two, "POST", "/api/done", "{\"outcome\":\"won\"}", &r), 409);
    CHECK_CODE(r, "no_visitor");
    CHECK_INT(staff_do(&one, "POST", "/api/done", "{\"outcome\":\"won\"}", &r), 409);
    CHECK_CODE(r, "unknown_outcome");
    CHECK_INT(staff_do(&one, "POST", "/api/done", "{\"outcome\":\"answered\",\"expect\":\"A-001\"}", &r), 409);
    CHECK_CODE(r, "stale");
    CHECK_INT(staff_do(&one, "POST", "/api/done", "{\"lang\":\"fr\"}", &r), 400);
    CHECK_INT(fixture_events(&fx), before);
    CHECK_INT(staff_do(&two, "POST", "/api/resume", "{\"ticket\":\"A-001\"}", &r), 200);
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "serving");
    CHECK_STR(json_field(&r, "ticket.counter", v, sizeof v), "2");
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "A-001");
    CHECK_INT(staff_do(&two, "GET", "/api/state", NULL, &r), 200);
    j = body_json(&r);
    CHECK_INT(json_array_size(json_object_get(j, "set_aside")), 0);
    json_decref(j);
    /* Documents missing: finished, and the service's documents printed in English. */
    snprintf(path, sizeof path, "%s/ticket-1.png", fx.previews);
    CHECK_INT(file_size(path), 0);
    CHECK_INT(staff_do(&two, "POST", "/api/done", "{\"outcome\":\"documents_missing\",\"expect\":\"A-001\",\"lang\":\"en\"}", &r), 200);
    CHECK_STR(json_field(&r, "ticket.outcome", v, sizeof v), "documents_missing");
    CHECK_STR(json_field(&r, "documents_slip.state", v, sizeof v), "printing");
    for (int i = 0; i < 100 && !file_size(path); i++) usleep(50000);
    CHECK(file_size(path) > 1000, "the documents slip was printed: %s", path);
    CHECK_STR(query_text(fx.db, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE ticket = 1"
                             " AND kind NOT LIKE 'print%' ORDER BY id)"), "issue call serve aside resume done");
    CHECK_INT(query_int(fx.db, "SELECT count(*) FROM events WHERE ticket = 1 AND kind = 'print'"), 1);
    CHECK_INT(console_stop(&server), 0);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "new_ticket_at_the_desk", new_ticket_at_the_desk },
        { "set_aside_taken_back_and_finished_with_documents_missing", set_aside_taken_back_and_finished_with_documents_missing },
        { NULL, NULL },
    };
    return harness_main("console_visits", cases, argc, argv);
}
