/* The staff console over real HTTP on loopback: the real dawr-console, a scratch database,
 * PINs set with the real dawrctl. Each action, each refusal, static files, a slow client,
 * two counters calling at the same instant, and the live stream. */
#include "harness.h"
#include "testutil.h"
#include "consoleutil.h"
#include "http.h"
#include "sse.h"
#include "staff.h"

#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <sys/stat.h>

static char db[700];
static console_proc server;
static const char *config;

/* A fresh database with PINs 1111, 2222 at counters 1 and 2 (3 has none), and the console. */
static int start(const char *name, const char *const *extra)
{
    snprintf(db, sizeof db, "%s", scratch_db(name));
    config = default_config_path();
    if (set_pin(config, db, "1", "1111") || set_pin(config, db, "2", "2222")) {
        fprintf(stderr, "  dawrctl set-pin failed\n");
        return -1;
    }
    return console_start(&server, config, db, extra);
}

/* The machine-readable code of the error answer R (docs/api.md "Errors"). */

static void stop(void)
{
    CHECK_INT(console_stop(&server), 0);
}

/* Issues tickets for SERVICE straight into the database, as the kiosk would. */
static void issue(const char *service, int count)
{
    dawr_config *cfg = load_default_config();
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "  %s\n", err); exit(2); }
    for (int i = 0; i < count; i++)
        if (dawr_queue_issue(q, service, 0, NULL) != DAWR_OK) fprintf(stderr, "  issue: %s\n", dawr_queue_error(q));
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

/* Runs the real dawrctl on the test's database with ARGS; its output into OUT when not NULL.
 * Returns its exit status. */
static int dawrctl(const char *args, char *out, size_t out_size)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s %s 2>&1", build_dir(), config, db, args);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t n = 0, got;
    char sink[4096];
    while ((got = fread(out ? out + n : sink, 1, out ? out_size - 1 - n : sizeof sink, p)) > 0)
        if (out) n += got;
    if (out) out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The group with KEY in the report's array ARRAY ("reasons", "counters"), or NULL. */
static json_t *group(json_t *report, const char *array, const char *key)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(report, array), i, g)
        if (!strcmp(json_string_value(json_object_get(g, "key")), key)) return g;
    return NULL;
}

static void each_action(void)
{
    REQUIRE(start("console-actions", NULL) == 0, "start");
    issue("inquiry", 3);
    http_reply r;
    char v[512];
    staff one, three;
    CHECK_INT(staff_sign_in(&one, server.port, "1", "1111", &r), 200);
    char cookie[300];
    http_header(&r, "Set-Cookie", cookie, sizeof cookie);
    CHECK(strstr(cookie, "HttpOnly") && strstr(cookie, "SameSite=Strict") && strstr(cookie, "Path=/") &&
          strstr(cookie, "Max-Age="), "cookie: %s", cookie);
    CHECK_INT(strlen(one.csrf), 64);
    CHECK_INT(staff_do(&one, "GET", "/api/session", NULL, &r), 200);
    CHECK_STR(json_field(&r, "counter", v, sizeof v), "1");
    CHECK_STR(json_field(&r, "csrf", v, sizeof v), one.csrf);

    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket", v, sizeof v), "null");
    CHECK_STR(json_field(&r, "waiting_total", v, sizeof v), "3");
    CHECK_STR(json_field(&r, "printer.state", v, sizeof v), "unknown");
    CHECK(strstr(r.body, "\"waited_minutes\"") != NULL, "waiting list with minutes: %s", r.body);

    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-001");
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "called");
    CHECK_INT(staff_do(&one, "POST", "/api/recall", "{}", &r), 200);
    CHECK_STR(json_field(&r, "ticket.recalls", v, sizeof v), "1");
    CHECK_INT(staff_do(&one, "POST", "/api/serve", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "serving");
    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-001");
    CHECK_STR(json_field(&r, "waiting_total", v, sizeof v), "2");

    /* Bytes that are not UTF-8 in the note: refused with the reason, nothing changed. */
    CHECK_INT(staff_do(&one, "POST", "/api/transfer", "{\"target\":\"social_research\",\"note\":\"\xff\xfe\"}", &r), 400);
    CHECK_CODE(r, "bad_request");
    CHECK(strstr(r.body, "not UTF-8") != NULL, "why: %s", r.body);
    CHECK_STR(query_text(db, "SELECT state || ' ' || service FROM tickets WHERE number = 1"), "serving inquiry");
    /* Referral to the social researcher, with a note she sees in her list. */
    CHECK_INT(staff_do(&one, "POST", "/api/transfer", "{\"target\":\"social_research\",\"note\":\"widow, needs a visit\"}",
                       &r), 200);
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "waiting");
    CHECK_STR(json_field(&r, "ticket.service", v, sizeof v), "social_research");
    CHECK_STR(json_field(&r, "ticket.note", v, sizeof v), "widow, needs a visit");
    set_pin(config, db, "3", "3333");
    CHECK_INT(staff_sign_in(&three, server.port, "3", "3333", &r), 200);
    CHECK_INT(staff_do(&three, "GET", "/api/state", NULL, &r), 200);
    CHECK(strstr(r.body, "\"code\":\"C-001\"") && strstr(r.body, "widow, needs a visit"), "researcher's list: %s", r.body);
    CHECK_INT(staff_do(&three, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-001");
    CHECK_INT(staff_do(&three, "POST", "/api/done", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.state", v, sizeof v), "done");

    /* A named ticket out of order, a no-show refused for the grace period, then done. */
    CHECK_INT(staff_do(&one, "POST", "/api/call", "{\"ticket\":\"C-003\"}", &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-003");
    CHECK_INT(staff_do(&one, "POST", "/api/noshow", NULL, &r), 409);
    CHECK(strstr(r.body, "\"error\"") != NULL, "the engine's reason: %s", r.body);
    CHECK_CODE(r, "noshow_too_early");
    CHECK_STR(json_field(&r, "ticket", v, sizeof v), "C-003");
    CHECK(strstr(r.body, "\"recalls_left\":2") && strstr(r.body, "\"seconds_left\":"), "values: %s", r.body);
    CHECK_INT(staff_do(&one, "POST", "/api/done", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/call", "{\"ticket\":\"Z-999\"}", &r), 404);
    CHECK_CODE(r, "no_ticket");
    CHECK_STR(json_field(&r, "ticket", v, sizeof v), "Z-999");
    /* A number past the range is not a ticket: C-4294967297 once called C-001. */
    CHECK_INT(staff_do(&one, "POST", "/api/call", "{\"ticket\":\"C-4294967297\"}", &r), 404);
    CHECK_CODE(r, "not_a_ticket");
    /* The printer's state is whatever its newest event says (the printing part writes them). */
    sqlite3 *raw;
    sqlite3_open(db, &raw);
    sqlite3_exec(raw, "INSERT INTO events (at, kind, detail) VALUES (0, 'print_failed', '{\"reason\":\"paper out\"}')",
                 NULL, NULL, NULL);
    sqlite3_close(raw);
    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
    CHECK_STR(json_field(&r, "printer.state", v, sizeof v), "print_failed");
    CHECK_STR(json_field(&r, "printer.detail.reason", v, sizeof v), "paper out");

    /* The manager's page: the board's report for today. C-001 was issued for inquiry, so it
     * stays that visit reason after its referral; the kiosk's ratings come in with dawrctl. */
    CHECK_INT(dawrctl("rate C-001 2 --reason waiting --reason clarity", NULL, 0), 0);
    CHECK_INT(dawrctl("rate C-003 5", NULL, 0), 0);
    CHECK_INT(staff_do(&one, "GET", "/api/today", NULL, &r), 200);
    json_t *today = json_loads(r.body, 0, NULL);
    REQUIRE(today, "not JSON: %s", r.body);
    json_t *total = json_object_get(today, "total"), *ratings = json_object_get(total, "ratings");
    CHECK_STR(json_string_value(json_object_get(today, "from")), json_string_value(json_object_get(today, "day")));
    CHECK_INT(json_integer_value(json_object_get(total, "tickets")), 3);
    CHECK_INT(json_integer_value(json_object_get(total, "served")), 2);
    CHECK_INT(json_integer_value(json_object_get(total, "transfers")), 1);
    CHECK_INT(json_integer_value(json_object_get(total, "open")), 1);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(total, "wait_minutes"), "count")), 2);
    CHECK_INT(json_integer_value(json_object_get(ratings, "count")), 2);
    CHECK(fabs(json_number_value(json_object_get(ratings, "mean")) - 3.5) < 1e-9, "rating mean: %s", r.body);
    CHECK(fabs(json_number_value(json_object_get(ratings, "satisfied")) - 0.5) < 1e-9, "satisfied: %s", r.body);
    CHECK_INT(json_integer_value(json_array_get(json_object_get(ratings, "faces"), 1)), 1);
    CHECK_INT(json_integer_value(json_array_get(json_object_get(ratings, "faces"), 4)), 1);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(ratings, "low_reasons"), "clarity")), 1);
    json_t *inquiry = group(today, "reasons", "inquiry"), *research = group(today, "reasons", "social_research");
    CHECK_INT(json_integer_value(json_object_get(inquiry, "tickets")), 3);
    CHECK_INT(json_integer_value(json_object_get(inquiry, "served")), 2);
    CHECK_STR(json_string_value(json_object_get(inquiry, "name_ar")), "استفسار");
    CHECK_INT(json_integer_value(json_object_get(research, "tickets")), 0);
    CHECK_INT(json_integer_value(json_object_get(group(today, "counters", "1"), "served")), 1);
    CHECK_INT(json_integer_value(json_object_get(group(today, "counters", "3"), "served")), 1);
    /* The sender's state for the manager's page: nothing sent yet, every event waiting. */
    CHECK_INT(staff_do(&one, "GET", "/api/sync", NULL, &r), 200);
    json_t *sync = json_loads(r.body, 0, NULL);
    CHECK(sync && json_is_null(json_object_get(sync, "last_ok_at")), "sync: %s", r.body);
    CHECK(json_integer_value(json_object_get(sync, "backlog")) > 0 &&
          json_integer_value(json_object_get(sync, "backlog")) == json_integer_value(json_object_get(sync, "last_event_id")),
          "backlog: %s", r.body);
    CHECK_STR(json_string_value(json_object_get(sync, "last_error")), "");
    json_decref(sync);
    /* The same figures as the board's report for that day, made by dawrctl from the same rows. */
    char cmd[200], out[65536];
    snprintf(cmd, sizeof cmd, "report --from %s --to %s --json", json_string_value(json_object_get(today, "day")),
             json_string_value(json_object_get(today, "day")));
    CHECK_INT(dawrctl(cmd, out, sizeof out), 0);
    json_t *board = json_loads(out, 0, NULL);
    REQUIRE(board, "dawrctl report: %s", out);
    for (const char *const *k = (const char *const[]){ "total", "reasons", "counters", "hours", NULL }; *k; k++)
        CHECK(json_equal(json_object_get(today, *k), json_object_get(board, *k)), "%s differs from the board's report", *k);
    json_decref(board);
    json_decref(today);

    CHECK_INT(staff_do(&one, "POST", "/api/sign-out", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 401);
    CHECK_CODE(r, "sign_in_first");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'transfer'"), 1);
    stop();
}

static void refusals(void)
{
    const char *extra[] = { "--session-seconds", "2", NULL };
    REQUIRE(start("console-refusals", extra) == 0, "start");
    http_reply r;
    char v[512];
    staff s;
    /* PINs: stored only as Argon2id hashes. */
    CHECK(strncmp(query_text(db, "SELECT pin_hash FROM counter_pins WHERE counter = '1'"), "$argon2id$", 10) == 0,
          "hash: %s", query_text(db, "SELECT pin_hash FROM counter_pins WHERE counter = '1'"));
    CHECK_INT(set_pin(config, db, "1", "12"), 2);                          /* too short */
    CHECK_INT(set_pin(config, db, "1", "12ab"), 2);
    {   /* Two lines: refused whole, not the first taken. */
        char cmd[2048];
        snprintf(cmd, sizeof cmd, "printf '4321\\n9999\\n' | %s/dawrctl --config %s --db %s set-pin 1 2>/dev/null", build_dir(),
                 config, db);
        int st = system(cmd);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "set-pin took two lines: %d", st);
    }
    CHECK_INT(set_pin(config, db, "9", "1234"), 1);                        /* no such counter */
    CHECK_INT(staff_sign_in(&s, server.port, "3", "1234", &r), 403);       /* no PIN set there */
    CHECK_CODE(r, "no_pin");
    CHECK_STR(json_field(&r, "counter", v, sizeof v), "3");
    CHECK_INT(staff_sign_in(&s, server.port, "9", "1234", &r), 404);
    CHECK_CODE(r, "unknown_counter");
    CHECK_INT(http_do(server.port, "POST", "/api/sign-in", "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}", NULL,
                      &r), 415);
    /* The media type exactly: application/jsonp is another type. */
    CHECK_INT(http_do(server.port, "POST", "/api/sign-in", "Content-Type: application/jsonp\r\nContent-Length: 2\r\n\r\n{}",
                      NULL, &r), 415);
    CHECK_INT(http_do(server.port, "POST", "/api/sign-in", "Content-Type: application/json-seq\r\nContent-Length: 2\r\n\r\n{}",
                      NULL, &r), 415);
    /* Broken JSON says where, not the parser's own words. */
    CHECK_INT(http_do(server.port, "POST", "/api/sign-in", NULL, "{\"counter\": ", &r), 400);
    CHECK(strstr(r.body, "not valid JSON (line 1, column") != NULL, "answer: %s", r.body);
    CHECK(!strstr(r.body, "expected") && !strstr(r.body, "premature"), "the parser's words leak: %s", r.body);
    /* HTTP/1.1 without Host is refused. */
    {
        int fd = http_connect(server.port, 5);
        REQUIRE(fd >= 0, "connect");
        const char *raw = "GET /api/screen HTTP/1.1\r\nConnection: close\r\n\r\n";
        char in[2048] = "";
        size_t got = 0;
        ssize_t k;
        if (send_all(fd, raw, strlen(raw)) == 0)
            while (got < sizeof in - 1 && (k = recv(fd, in + got, sizeof in - 1 - got, 0)) > 0) got += (size_t)k;
        in[got] = 0;
        close(fd);
        CHECK(!strncmp(in, "HTTP/1.1 400", 12), "without Host: %.60s", in);
        CHECK(strstr(in, "needs a Host header") != NULL, "without Host: %.200s", in);
    }
    CHECK_CODE(r, "bad_request");
    /* Wrong PINs: four counted, the fifth locks, and then even the right PIN is refused. */
    for (int i = 1; i <= 4; i++) {
        CHECK_INT(staff_sign_in(&s, server.port, "2", "0000", &r), 401);
        CHECK_CODE(r, "wrong_pin");
        CHECK_INT(atoi(json_field(&r, "attempts_left", v, sizeof v)), 5 - i);
    }
    CHECK_INT(staff_sign_in(&s, server.port, "2", "0000", &r), 429);
    CHECK_CODE(r, "locked");
    CHECK_INT(staff_sign_in(&s, server.port, "2", "2222", &r), 429);
    CHECK_CODE(r, "locked");
    CHECK(atoi(json_field(&r, "retry_after", v, sizeof v)) > 250, "retry_after %s", v);
    CHECK(query_int(db, "SELECT locked_until FROM pin_locks WHERE place = 'counter 2'") > 0, "lock kept in the database");
    /* The kiosk is not locked: its maintenance takes counter 2's PIN, and the console's wrong PINs
     * left the kiosk no count to lock it sooner. */
    CHECK_INT(query_int(db, "SELECT count(*) FROM pin_locks WHERE place = 'kiosk'"), 0);
    dawr_config *cfg = load_default_config();
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, v, sizeof v);
    REQUIRE(q, "%s", v);
    char which[64];
    CHECK_INT(dawr_staff_kiosk_sign_in(q, cfg, "2222", dawr_clock_now(), which, sizeof which, NULL, v, sizeof v), DAWR_OK);
    CHECK_STR(which, "2");
    dawr_queue_close(q);
    dawr_config_free(cfg);
    staff two;
    CHECK_INT(staff_sign_in(&two, server.port, "2", "2222", &r), 429);   /* and the kiosk lifted no console lock */
    CHECK_INT(staff_sign_in(&s, server.port, "1", "1111", &r), 200);     /* other counters are not locked */

    /* Sessions and CSRF. */
    CHECK_INT(http_do(server.port, "GET", "/api/state", NULL, NULL, &r), 401);
    CHECK_CODE(r, "sign_in_first");
    CHECK_INT(http_do(server.port, "POST", "/api/call-next", NULL, NULL, &r), 401);
    CHECK_CODE(r, "sign_in_first");
    char headers[300];
    snprintf(headers, sizeof headers, "Cookie: %s\r\n", s.cookie);
    CHECK_INT(http_do(server.port, "POST", "/api/call-next", headers, NULL, &r), 403);  /* no token */
    CHECK_CODE(r, "bad_csrf");
    staff forged = s;
    memset(forged.csrf, 'a', 64);
    CHECK_INT(staff_do(&forged, "POST", "/api/call-next", NULL, &r), 403);
    CHECK_CODE(r, "bad_csrf");
    forged = s;
    forged.csrf[10] = 0;
    CHECK_INT(staff_do(&forged, "POST", "/api/call-next", NULL, &r), 403);
    CHECK_CODE(r, "bad_csrf");
    forged = s;
    memset(strchr(forged.cookie, '=') + 1, 'b', 64);
    CHECK_INT(staff_do(&forged, "GET", "/api/state", NULL, &r), 401);
    CHECK_CODE(r, "sign_in_first");

    /* Bodies. */
    CHECK_INT(staff_do(&s, "POST", "/api/transfer", "{\"target\": ", &r), 400);
    CHECK_CODE(r, "bad_request");
    CHECK_INT(staff_do(&s, "POST", "/api/transfer", "[1, 2]", &r), 400);
    CHECK_CODE(r, "bad_request");
    CHECK_INT(staff_do(&s, "POST", "/api/transfer", "{\"target\": 7}", &r), 400);
    CHECK_CODE(r, "bad_request");
    static char big[9001];
    memset(big, ' ', sizeof big - 1);
    big[0] = '{';
    big[sizeof big - 2] = '}';
    CHECK_INT(staff_do(&s, "POST", "/api/transfer", big, &r), 413);
    CHECK_CODE(r, "too_large");
    CHECK_INT(staff_do(&s, "GET", "/api/nothing-here", NULL, &r), 404);
    CHECK_CODE(r, "not_found");
    CHECK_INT(staff_do(&s, "POST", "/api/call-next", NULL, &r), 409);  /* nobody waiting */
    CHECK(strstr(r.body, "error") != NULL, "%s", r.body);
    CHECK_CODE(r, "nobody_waiting");
    CHECK_STR(json_field(&r, "counter", v, sizeof v), "1");

    /* Another counter's ticket: the session is the counter, so there is no way to name one. */
    issue("inquiry", 1);
    staff other;
    set_pin(config, db, "3", "3333");
    CHECK_INT(staff_sign_in(&other, server.port, "3", "3333", &r), 200);
    CHECK_INT(staff_sign_in(&s, server.port, "1", "1111", &r), 200);   /* fresh: sessions here last 2 idle seconds */
    CHECK_INT(staff_do(&s, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "C-001");
    CHECK_INT(staff_do(&other, "POST", "/api/done", NULL, &r), 409);
    CHECK_CODE(r, "no_visitor");
    CHECK_STR(json_field(&r, "counter", v, sizeof v), "3");
    CHECK_INT(staff_do(&other, "POST", "/api/noshow", NULL, &r), 409);
    CHECK_CODE(r, "no_visitor");
    CHECK_INT(staff_do(&other, "POST", "/api/transfer", "{\"target\":\"inquiry\"}", &r), 409);
    CHECK_CODE(r, "no_visitor");
    CHECK_INT(staff_do(&other, "POST", "/api/call", "{\"ticket\":\"C-001\"}", &r), 409);
    CHECK_CODE(r, "not_waiting");
    CHECK_STR(json_field(&r, "state", v, sizeof v), "called");
    CHECK_INT(staff_do(&other, "POST", "/api/done", "{\"counter\":\"1\"}", &r), 400);
    CHECK_CODE(r, "bad_request");
    CHECK_STR(query_text(db, "SELECT state || ' ' || counter FROM tickets WHERE number = 1 AND prefix = 'C'"),
              "called 1");

    /* Expiry: the session lapses after 2 idle seconds here. */
    usleep(2600 * 1000);
    CHECK_INT(staff_do(&s, "GET", "/api/state", NULL, &r), 401);
    CHECK_STR(json_field(&r, "expired", v, sizeof v), "true");
    CHECK_CODE(r, "expired");
    CHECK_INT(staff_do(&s, "POST", "/api/done", NULL, &r), 401);
    stop();
}

static long long int_at(json_t *j, const char *key) { return (long long)json_integer_value(json_object_get(j, key)); }

/* The waiting-room screens' endpoint: public, read-only, ticket numbers only; each call and
 * recall once after ?after=N, nothing old on a first look, bounded, malformed after refused. */
static void screen_for_waiting_rooms(void)
{
    REQUIRE(start("console-screen", NULL) == 0, "start");
    http_reply r;
    issue("new_request", 3);
    issue("inquiry", 1);
    CHECK_INT(http_do(server.port, "GET", "/api/screen", NULL, NULL, &r), 200);   /* no session needed */
    json_t *j = body_json(&r);
    REQUIRE(j, "not JSON: %s", r.body);
    long long first = int_at(j, "last_event_id");
    CHECK_INT(first, query_int(db, "SELECT max(id) FROM events"));   /* the PINs' and the four issues' */
    CHECK_INT(int_at(j, "until"), first);                  /* a first look announces nothing old */
    CHECK_INT(json_array_size(json_object_get(j, "calls")), 0);
    CHECK_INT(int_at(json_array_get(json_object_get(j, "services"), 0), "waiting"), 3);
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "services"), 0), "id")),
              "new_request");
    json_decref(j);

    /* A-001 called at desk 1, referred to the researcher with a private note, called and
     * called again there. */
    staff one;
    CHECK_INT(staff_sign_in(&one, server.port, "1", "1111", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/transfer",
                       "{\"target\":\"social_research\",\"note\":\"private: lives alone, no income\"}", &r), 200);
    CHECK_INT(dawrctl("call 3", NULL, 0), 0);
    CHECK_INT(dawrctl("recall 3", NULL, 0), 0);
    char path[64];
    snprintf(path, sizeof path, "/api/screen?after=%lld", first);
    CHECK_INT(http_do(server.port, "GET", path, NULL, NULL, &r), 200);
    CHECK(!strstr(r.body, "lives alone") && !strstr(r.body, "note") && !strstr(r.body, "detail"),
          "private words on the screens' endpoint: %s", r.body);
    j = body_json(&r);
    REQUIRE(j, "not JSON: %s", r.body);
    json_t *calls = json_object_get(j, "calls");
    REQUIRE(json_array_size(calls) == 3, "three calls expected: %s", r.body);
    const char *want[3][3] = { { "call", "A-001", "1" }, { "call", "A-001", "3" }, { "recall", "A-001", "3" } };
    long long prev = first;
    for (int i = 0; i < 3; i++) {
        json_t *c = json_array_get(calls, i);
        CHECK_STR(json_string_value(json_object_get(c, "kind")), want[i][0]);
        CHECK_STR(json_string_value(json_object_get(c, "code")), want[i][1]);
        CHECK_STR(json_string_value(json_object_get(c, "counter")), want[i][2]);
        CHECK(int_at(c, "id") > prev, "event ids in order: %lld after %lld", int_at(c, "id"), prev);
        CHECK(int_at(c, "age_seconds") >= 0 && int_at(c, "age_seconds") < 60, "age %lld", int_at(c, "age_seconds"));
        prev = int_at(c, "id");
    }
    long long last = int_at(j, "last_event_id");
    CHECK_INT(int_at(j, "until"), last);
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "recent_calls"), 0), "code")),
              "A-001");
    CHECK_STR(json_string_value(json_object_get(json_array_get(json_object_get(j, "recent_calls"), 0), "counter")),
              "3");
    json_t *desk3 = json_array_get(json_object_get(j, "counters"), 2);
    CHECK_STR(json_string_value(json_object_get(desk3, "id")), "3");
    CHECK_STR(json_string_value(json_object_get(desk3, "ticket")), "A-001");
    CHECK_STR(json_string_value(json_object_get(desk3, "state")), "called");
    CHECK(json_is_null(json_object_get(json_array_get(json_object_get(j, "counters"), 0), "ticket")), "desk 1 is free");
    CHECK_INT(int_at(json_array_get(json_object_get(j, "services"), 0), "waiting"), 2);
    json_t *inquiry = NULL, *sv;
    size_t k;
    json_array_foreach(json_object_get(j, "services"), k, sv)
        if (!strcmp(json_string_value(json_object_get(sv, "id")) ? json_string_value(json_object_get(sv, "id")) : "", "inquiry"))
            inquiry = sv;
    CHECK_INT(int_at(inquiry, "waiting"), 1);
    json_decref(j);

    /* Asked again from where it stopped: nothing twice. */
    snprintf(path, sizeof path, "/api/screen?after=%lld", last);
    CHECK_INT(http_do(server.port, "GET", path, NULL, NULL, &r), 200);
    j = body_json(&r);
    CHECK(j && json_array_size(json_object_get(j, "calls")) == 0, "announced twice: %s", r.body);
    json_decref(j);
    /* Past the newest event (a restored database): nothing, and last_event_id tells the screen. */
    CHECK_INT(http_do(server.port, "GET", "/api/screen?after=99999", NULL, NULL, &r), 200);
    j = body_json(&r);
    CHECK(j && int_at(j, "last_event_id") == last && json_array_size(json_object_get(j, "calls")) == 0, "%s", r.body);
    json_decref(j);

    /* Malformed after: 400 with words that say what to send. */
    const char *bad[] = { "/api/screen?after=abc", "/api/screen?after=-3", "/api/screen?after=", "/api/screen?after=4x",
                          "/api/screen?after=99999999999999999999" };
    char v[512];
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(http_do(server.port, "GET", bad[i], NULL, NULL, &r), 400);
        CHECK_CODE(r, "bad_request");
        CHECK(strstr(json_field(&r, "error", v, sizeof v), "after must be an event id"), "%s: %s", bad[i], r.body);
    }
    CHECK_INT(http_do(server.port, "POST", "/api/screen", NULL, NULL, &r), 405);
    CHECK_CODE(r, "bad_method");

    /* Bounded: one answer looks through at most 500 events; "until" says where to go on. */
    issue("documents", 520);
    CHECK_INT(dawrctl("call 1", NULL, 0), 0);                          /* A-002, after the 520 issues */
    snprintf(path, sizeof path, "/api/screen?after=%lld", last);
    CHECK_INT(http_do(server.port, "GET", path, NULL, NULL, &r), 200);
    j = body_json(&r);
    long long until = j ? int_at(j, "until") : 0;
    CHECK(j && until == last + 500 && json_array_size(json_object_get(j, "calls")) == 0, "%s", r.body);
    CHECK(j && int_at(j, "last_event_id") == last + 521, "last_event_id %lld", j ? int_at(j, "last_event_id") : 0);
    json_decref(j);
    snprintf(path, sizeof path, "/api/screen?after=%lld", until);
    CHECK_INT(http_do(server.port, "GET", path, NULL, NULL, &r), 200);
    j = body_json(&r);
    calls = j ? json_object_get(j, "calls") : NULL;
    CHECK(json_array_size(calls) == 1 && !strcmp(json_string_value(json_object_get(json_array_get(calls, 0), "code")),
                                                 "A-002"), "%s", r.body);
    CHECK(j && int_at(j, "until") == last + 521, "%s", r.body);
    json_decref(j);
    stop();
}

static void static_files(void)
{
    REQUIRE(start("console-files", NULL) == 0, "start");
    http_reply r;
    char v[200];
    CHECK_INT(http_do(server.port, "GET", "/", NULL, NULL, &r), 200);
    CHECK_STR(http_header(&r, "Content-Type", v, sizeof v), "text/html; charset=utf-8");
    CHECK(strstr(r.body, "dir=\"rtl\"") != NULL, "Arabic right-to-left page");
    CHECK_INT(http_do(server.port, "GET", "/console.css", NULL, NULL, &r), 200);
    CHECK_STR(http_header(&r, "Content-Type", v, sizeof v), "text/css; charset=utf-8");
    CHECK_INT(http_do(server.port, "GET", "/console.js", NULL, NULL, &r), 200);
    CHECK_STR(http_header(&r, "Content-Type", v, sizeof v), "text/javascript; charset=utf-8");
    /* The pages' shared api() and page start: served, and loaded by each of the three pages. */
    CHECK_INT(http_do(server.port, "GET", "/api.js", NULL, NULL, &r), 200);
    CHECK_STR(http_header(&r, "Content-Type", v, sizeof v), "text/javascript; charset=utf-8");
    CHECK(strstr(r.body, "async function api(") != NULL, "api.js holds api()");
    static const char *const pages[] = { "/", "/applications", "/manager" };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        CHECK_INT(http_do(server.port, "GET", pages[i], NULL, NULL, &r), 200);
        CHECK(strstr(r.body, "<script src=\"api.js\"") != NULL, "%s does not load api.js", pages[i]);
    }
    CHECK_INT(http_do(server.port, "GET", "/manager.html", NULL, NULL, &r), 200);
    CHECK(strstr(http_header(&r, "Content-Security-Policy", v, sizeof v), "default-src 'self'") != NULL, "CSP");
    static const char *const escapes[] = {
        "/../dawr.conf", "/%2e%2e/dawr.conf", "/%2E%2E/dawr.conf", "/..%2fdawr.conf", "/%2e%2e%2fdawr.conf",
        "/./index.html", "/.", "/..", "//etc/passwd", "/%2fetc%2fpasswd", "/console/",
        "/../../../../etc/passwd", "/..\\dawr.conf",
    };
    for (size_t i = 0; i < sizeof escapes / sizeof escapes[0]; i++) {
        int status = http_do(server.port, "GET", escapes[i], NULL, NULL, &r);
        CHECK(status == 404 || status == 400, "%s: %d", escapes[i], status);
        CHECK(!strstr(r.body, "[service") && !strstr(r.body, "root:"), "%s leaked a file", escapes[i]);
    }
    CHECK_INT(http_do(server.port, "POST", "/index.html", NULL, "{}", &r), 405);
    CHECK_CODE(r, "bad_method");
    stop();
}

/* A FIFO or a link in the pages folder is not a page: answered 404 at once, never waited on
 * (opening a FIFO once blocked the console's only loop until a writer came). */
static void a_fifo_in_the_pages_folder_is_not_served(void)
{
    char pages[600];                   /* scratch_dir's answer is overwritten by the next call */
    snprintf(pages, sizeof pages, "%s", scratch_dir("console-fifo-pages"));
    char cmd[1400], path[700];
    snprintf(cmd, sizeof cmd, "cp '%s/console/index.html' '%s/'", getenv("DAWR_ASSETS") ? getenv("DAWR_ASSETS") : "assets",
             pages);
    REQUIRE(system(cmd) == 0, "cannot copy the pages");
    snprintf(path, sizeof path, "%s/stuck.html", pages);
    REQUIRE(mkfifo(path, 0644) == 0, "mkfifo %s", path);
    snprintf(path, sizeof path, "%s/link.html", pages);
    REQUIRE(symlink("index.html", path) == 0, "symlink %s", path);
    const char *extra[] = { "--pages", pages, NULL };
    REQUIRE(start("console-fifo", extra) == 0, "start");
    http_reply r;
    double t0 = now_seconds();
    CHECK_INT(http_do(server.port, "GET", "/stuck.html", NULL, NULL, &r), 404);
    CHECK(now_seconds() - t0 < 2, "the FIFO held the answer %.1f s", now_seconds() - t0);
    CHECK_INT(http_do(server.port, "GET", "/link.html", NULL, NULL, &r), 404);
    CHECK_INT(http_do(server.port, "GET", "/index.html", NULL, NULL, &r), 200);
    CHECK(strstr(r.body, "dir=\"rtl\"") != NULL, "the real page after the FIFO");
    stop();
}

static void slow_client_does_not_block_others(void)
{
    REQUIRE(start("console-slow", NULL) == 0, "start");
    int slow = http_connect(server.port, 5);
    REQUIRE(slow >= 0, "connect");
    send_all(slow, "POST /api/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n{\"coun", 71);
    int idle = http_connect(server.port, 5);   /* and one that says nothing at all */
    http_reply r;
    for (int i = 0; i < 5; i++) {
        double t0 = now_seconds();
        CHECK_INT(http_do(server.port, "GET", "/api/session", NULL, NULL, &r), 200);
        CHECK(now_seconds() - t0 < 1.0, "request %d took %.2f s", i, now_seconds() - t0);
    }
    staff s;
    CHECK_INT(staff_sign_in(&s, server.port, "1", "1111", &r), 200);
    close(slow);
    close(idle);
    stop();
}

/* Issue 18.1: 128 connections from each of two addresses, each sending one header line a
 * second and never finishing (once every slot there was), plus a counter's page opening streams
 * in a loop: the display box's /api/screen and a signed-in page from a third address are still
 * answered within a second, again and again. A request that trickles in is closed after
 * DAWR_HTTP_REQUEST_SECONDS however often it sends a line. */
static void hostile_connections_leave_room(void)
{
    REQUIRE(start("console-hostile", NULL) == 0, "start");
    http_reply r;
    staff s;
    REQUIRE(staff_sign_in(&s, server.port, "1", "1111", &r) == 200, "sign in");
    trickle slow = { .from = "127.0.0.4", .port = server.port, .count = 1, .line_every = 1 };
    trickle a = { .from = "127.0.0.2", .port = server.port, .count = 128, .line_every = 1 };
    trickle b = { .from = "127.0.0.3", .port = server.port, .count = 128, .line_every = 1 };
    double t0 = now_seconds();
    REQUIRE(trickle_start(&slow) == 0 && trickle_start(&a) == 0 && trickle_start(&b) == 0, "threads");
    char req[400];
    snprintf(req, sizeof req, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n", s.cookie);
    int streams[40], slow_closed_after = 0, late = 0;
    for (int i = 0; i < 40; i++) {
        streams[i] = connect_from("127.0.0.5", server.port);
        usleep(2000);
        if (streams[i] >= 0) send(streams[i], req, strlen(req), MSG_NOSIGNAL);
    }
    usleep(300000);
    while (now_seconds() - t0 < DAWR_HTTP_REQUEST_SECONDS + 2.5) {
        double t1 = now_seconds();
        CHECK_INT(http_do(server.port, "GET", "/api/screen", NULL, NULL, &r), 200);
        double t2 = now_seconds();
        CHECK_INT(staff_do(&s, "GET", "/api/state", NULL, &r), 200);
        double t3 = now_seconds();
        if (t2 - t1 >= 1.0 || t3 - t2 >= 1.0) late++;
        CHECK(t2 - t1 < 1.0 && t3 - t2 < 1.0, "at %.1f s: /api/screen took %.2f s, /api/state %.2f s", t1 - t0, t2 - t1,
              t3 - t2);
        if (!slow_closed_after && slow.reopened) slow_closed_after = (int)(now_seconds() - t0 + 0.5);
        if (late > 3) break;
        usleep(200000);
    }
    trickle_stop(&a);
    trickle_stop(&b);
    trickle_stop(&slow);
    /* Room was made by closing the flooding addresses' oldest, and the lone slow one only at its time. */
    CHECK(a.reopened + b.reopened > 0, "no hostile connection was closed");
    CHECK(slow_closed_after >= DAWR_HTTP_REQUEST_SECONDS - 1 && slow_closed_after <= DAWR_HTTP_REQUEST_SECONDS + 2,
          "the trickling request was closed after %d s", slow_closed_after);
    for (int i = 0; i < 40; i++)
        if (streams[i] >= 0) close(streams[i]);
    stop();
}

/* Reads FD until the server closes it or SECONDS pass; 1 when it closed. */
static int closed_within(int fd, double seconds)
{
    double end = now_seconds() + seconds;
    char buf[4096];
    for (;;) {
        int ms = (int)((end - now_seconds()) * 1000);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (ms <= 0 || poll(&p, 1, ms) <= 0) return 0;
        ssize_t n = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno != EAGAIN)) return 1;
    }
}

/* Opens a live stream as S; returns its socket once the first event came, or -1. */
static int open_stream(const staff *s)
{
    int fd = http_connect(server.port, 5);
    char req[400], buf[4096] = "";
    size_t len = 0;
    snprintf(req, sizeof req, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n", s->cookie);
    if (fd < 0 || send_all(fd, req, strlen(req)) != 0) return -1;
    size_t got = 0;
    double end = now_seconds() + 5;
    while (!strstr(buf, "event: change") && now_seconds() < end) {
        ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
        if (n <= 0) break;
        len += (size_t)n;
        buf[len] = 0;
        got = len;
    }
    if (!got || !strstr(buf, "event: change")) { close(fd); return -1; }
    return fd;
}

/* Issue 18.1 and 18.10: one session keeps DAWR_SSE_PER_SESSION streams, the oldest end; all
 * sessions together keep DAWR_SSE_MAX; a stream whose page went away frees its connection at
 * once, not at the next heartbeat (15 s). */
static void streams_are_capped_and_freed(void)
{
    REQUIRE(start("console-streams", NULL) == 0, "start");
    http_reply r;
    staff s;
    REQUIRE(staff_sign_in(&s, server.port, "1", "1111", &r) == 200, "sign in");
    enum { MINE = DAWR_SSE_PER_SESSION + 6 };
    int fds[MINE];
    for (int i = 0; i < MINE; i++) REQUIRE((fds[i] = open_stream(&s)) >= 0, "stream %d", i);
    for (int i = 0; i < MINE - DAWR_SSE_PER_SESSION; i++) CHECK(closed_within(fds[i], 2), "old stream %d still open", i);
    for (int i = MINE - DAWR_SSE_PER_SESSION; i < MINE; i++) CHECK(!closed_within(fds[i], 0.2), "stream %d was closed", i);
    /* Others' streams up to the total: the oldest of all (this session's) make room. */
    static staff others[DAWR_SSE_MAX / DAWR_SSE_PER_SESSION];
    static int theirs[DAWR_SSE_MAX];
    int n = 0;
    for (int k = 0; k < DAWR_SSE_MAX / DAWR_SSE_PER_SESSION; k++) {
        REQUIRE(staff_sign_in(&others[k], server.port, "2", "2222", &r) == 200, "sign in %d", k);
        for (int i = 0; i < DAWR_SSE_PER_SESSION; i++) REQUIRE((theirs[n++] = open_stream(&others[k])) >= 0, "stream");
    }
    for (int i = MINE - DAWR_SSE_PER_SESSION; i < MINE; i++) CHECK(closed_within(fds[i], 2), "stream %d still open", i);
    for (int i = 0; i < n; i++) CHECK(!closed_within(theirs[i], 0.01), "their stream %d was closed", i);
    /* A page goes away: its connection is gone from the server within half a second. */
    usleep(200000);
    int before = open_sockets(server.pid);
    close(theirs[0]);
    double t0 = now_seconds();
    while (open_sockets(server.pid) >= before && now_seconds() - t0 < 3) usleep(20000);
    CHECK(now_seconds() - t0 < 0.5, "the stream's connection stayed %.2f s after the page went away", now_seconds() - t0);
    CHECK_INT(open_sockets(server.pid), before - 1);
    for (int i = 0; i < MINE; i++) close(fds[i]);
    for (int i = 1; i < n; i++) close(theirs[i]);
    stop();
}

/* A request sent from another thread, timed. */
typedef struct { const char *method, *path, *body; const staff *who; int status; double seconds; http_reply r; } timed;

static void *send_timed(void *arg)
{
    timed *t = arg;
    double t0 = now_seconds();
    t->status = t->who ? staff_do(t->who, t->method, t->path, t->body, &t->r)
                       : http_do(server.port, t->method, t->path, NULL, t->body, &t->r);
    t->seconds = now_seconds() - t0;
    return NULL;
}

/* Issue 18.6: another program holds the write lock (BEGIN IMMEDIATE) for as long as it likes.
 * A sign-in (which writes its attempt) and a call are answered 503 quickly, nothing changed;
 * reads sent meanwhile are answered within 100 ms; once the lock goes both work. */
static void held_write_lock_does_not_freeze(void)
{
    REQUIRE(start("console-locked", NULL) == 0, "start");
    issue("inquiry", 1);
    http_reply r;
    staff s;
    REQUIRE(staff_sign_in(&s, server.port, "1", "1111", &r) == 200, "sign in");
    sqlite3 *other;
    REQUIRE(sqlite3_open(db, &other) == SQLITE_OK, "open");
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK, "lock");
    timed sign_in = { "POST", "/api/sign-in", "{\"counter\":\"2\",\"pin\":\"2222\"}", NULL, 0, 0, { 0 } };
    timed call = { "POST", "/api/call-next", NULL, &s, 0, 0, { 0 } };
    timed reads[3] = { { "GET", "/api/screen", NULL, NULL, 0, 0, { 0 } }, { "GET", "/api/session", NULL, NULL, 0, 0, { 0 } },
                       { "GET", "/api/state", NULL, &s, 0, 0, { 0 } } };
    for (int round = 0; round < 2; round++) {
        pthread_t w, rd[3];
        pthread_create(&w, NULL, send_timed, round ? &call : &sign_in);
        usleep(5000);                  /* the write is on the loop first */
        for (int i = 0; i < 3; i++) pthread_create(&rd[i], NULL, send_timed, &reads[i]);
        pthread_join(w, NULL);
        for (int i = 0; i < 3; i++) pthread_join(rd[i], NULL);
        timed *wr = round ? &call : &sign_in;
        CHECK_INT(wr->status, 503);
        CHECK_CODE(wr->r, "db_failed");
        CHECK(wr->seconds < 0.5, "%s answered after %.2f s", wr->path, wr->seconds);
        for (int i = 0; i < 3; i++) {
            CHECK_INT(reads[i].status, 200);
            CHECK(reads[i].seconds < 0.1, "%s answered after %.3f s beside %s", reads[i].path, reads[i].seconds, wr->path);
        }
    }
    CHECK_STR(query_text(db, "SELECT state FROM tickets"), "waiting");
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    staff two;
    CHECK_INT(staff_sign_in(&two, server.port, "2", "2222", &r), 200);
    CHECK_INT(staff_do(&s, "POST", "/api/call-next", NULL, &r), 200);
    stop();
}

/* Two counters press call-next at the same instant, many times. */
typedef struct { staff *who; pthread_barrier_t *start; char code[16]; int status; } press;

static void *press_call_next(void *arg)
{
    press *p = arg;
    http_reply *r = malloc(sizeof *r);
    pthread_barrier_wait(p->start);
    p->status = staff_do(p->who, "POST", "/api/call-next", NULL, r);
    json_field(r, "ticket.code", p->code, sizeof p->code);
    staff_do(p->who, "POST", "/api/done", NULL, r);
    free(r);
    return NULL;
}

static void two_counters_never_get_the_same_ticket(void)
{
    REQUIRE(start("console-race", NULL) == 0, "start");
    enum { ROUNDS = 40 };
    issue("inquiry", ROUNDS * 2);
    http_reply r;
    staff a, b;
    REQUIRE(staff_sign_in(&a, server.port, "1", "1111", &r) == 200, "sign in 1");
    REQUIRE(staff_sign_in(&b, server.port, "2", "2222", &r) == 200, "sign in 2");
    static char seen[ROUNDS * 2][16];
    int n = 0;
    for (int round = 0; round < ROUNDS; round++) {
        pthread_barrier_t start_line;
        pthread_barrier_init(&start_line, NULL, 2);
        press p[2] = { { &a, &start_line, "", 0 }, { &b, &start_line, "", 0 } };
        pthread_t t[2];
        for (int i = 0; i < 2; i++) pthread_create(&t[i], NULL, press_call_next, &p[i]);
        for (int i = 0; i < 2; i++) pthread_join(t[i], NULL);
        pthread_barrier_destroy(&start_line);
        for (int i = 0; i < 2; i++) {
            CHECK_INT(p[i].status, 200);
            for (int j = 0; j < n; j++) CHECK(strcmp(seen[j], p[i].code) != 0, "%s given twice", p[i].code);
            snprintf(seen[n++], sizeof seen[0], "%s", p[i].code);
        }
    }
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets WHERE state = 'done'"), ROUNDS * 2);
    CHECK_INT(query_int(db, "SELECT count(DISTINCT ticket) FROM events WHERE kind = 'call'"), ROUNDS * 2);
    stop();
}

/* Reads from FD until TEXT has arrived after offset FROM, or SECONDS pass; 1 when it came. */
static int wait_for(int fd, char *buf, size_t size, size_t *len, size_t from, const char *text, double seconds)
{
    double end = now_seconds() + seconds;
    while (!strstr(buf + from, text)) {
        int ms = (int)((end - now_seconds()) * 1000);
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (ms <= 0 || poll(&p, 1, ms) <= 0) return 0;
        ssize_t n = recv(fd, buf + *len, size - 1 - *len, 0);
        if (n <= 0) return 0;
        *len += (size_t)n;
        buf[*len] = 0;
    }
    return 1;
}

static void stream_receives_a_call(void)
{
    REQUIRE(start("console-sse", NULL) == 0, "start");
    issue("inquiry", 2);
    http_reply r;
    staff s;
    REQUIRE(staff_sign_in(&s, server.port, "1", "1111", &r) == 200, "sign in");
    CHECK_INT(http_do(server.port, "GET", "/api/events", NULL, NULL, &r), 401);
    CHECK_CODE(r, "sign_in_first");
    int fd = http_connect(server.port, 5);
    REQUIRE(fd >= 0, "connect");
    char req[400], buf[8192] = "";
    size_t len = 0;
    snprintf(req, sizeof req, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n", s.cookie);
    send_all(fd, req, strlen(req));
    CHECK(wait_for(fd, buf, sizeof buf, &len, 0, "event: change", 3), "first event: %s", buf);
    CHECK(strstr(buf, "text/event-stream") != NULL, "content type: %s", buf);
    long long first = atoll(strstr(buf, "last_event_id\":") + 15);
    size_t mark = len;
    CHECK_INT(staff_do(&s, "POST", "/api/call-next", NULL, &r), 200);
    CHECK(wait_for(fd, buf, sizeof buf, &len, mark, "}\n\n", 3), "no update after the call: %s", buf);
    const char *id = strstr(buf + mark, "last_event_id\":");
    CHECK(id && atoll(id + 15) > first, "event id moved: %s", buf);
    /* A change made by another program (the kiosk issuing) reaches the stream too. */
    mark = len;
    issue("inquiry", 1);
    CHECK(wait_for(fd, buf, sizeof buf, &len, mark, "}\n\n", 3), "no update after another program's change: %s", buf);
    close(fd);
    stop();
}

/* Issue 14: "I need help" reaches a person. A kiosk's press (made two minutes ago, on the
 * kiosk's own connection) reaches a signed-in page's stream as a "help" event at once and is
 * listed by /api/state on every page; a second press makes no second call; past
 * help_answer_seconds the waiting-room screen says help is needed (no personal data); counter 2
 * answers it with "I'm coming", which goes to the stream too and clears every page; a second
 * answer, an unknown call and a bad body are refused and change nothing. */
static dawr_ms two_minutes_ago(void *ctx) { (void)ctx; return dawr_clock_now() - 120000; }

static void help_call_is_answered_by_one_counter(void)
{
    REQUIRE(start("console-help", NULL) == 0, "start");
    http_reply r;
    staff one, two;
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in 1");
    REQUIRE(staff_sign_in(&two, server.port, "2", "2222", &r) == 200, "sign in 2");
    int fd = http_connect(server.port, 5);
    REQUIRE(fd >= 0, "connect");
    char req[400], buf[8192] = "", v[512];
    size_t len = 0;
    snprintf(req, sizeof req, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n\r\n", one.cookie);
    send_all(fd, req, strlen(req));
    CHECK(wait_for(fd, buf, sizeof buf, &len, 0, "event: change", 3), "first event: %s", buf);
    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
    CHECK(strstr(r.body, "\"help_calls\":[]") != NULL, "no call yet: %s", r.body);
    CHECK(strstr(r.body, "\"help_answer_seconds\":60") != NULL, "the setting: %s", r.body);
    dawr_config *cfg = load_default_config();
    char err[512];
    dawr_queue *kiosk = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    REQUIRE(kiosk, "%s", err);
    dawr_queue_set_clock(kiosk, two_minutes_ago, NULL);
    size_t mark = len;
    dawr_help_call h;
    int again = -1;
    REQUIRE(dawr_queue_help(kiosk, "kiosk", "services", &h, &again) == DAWR_OK, "%s", dawr_queue_error(kiosk));
    CHECK(wait_for(fd, buf, sizeof buf, &len, mark, "event: help", 3), "no help event on the stream: %s", buf + mark);
    char want[96];
    snprintf(want, sizeof want, "\"kind\":\"help\",\"id\":%lld", h.id);
    CHECK(strstr(buf + mark, want) && strstr(buf + mark, "\"source\":\"kiosk\""), "help event: %s", buf + mark);
    CHECK_INT(dawr_queue_help(kiosk, "kiosk", "help", NULL, &again), DAWR_OK);
    CHECK_INT(again, 1);
    for (int page = 0; page < 2; page++) {
        CHECK_INT(staff_do(page ? &two : &one, "GET", "/api/state", NULL, &r), 200);
        snprintf(want, sizeof want, "\"help_calls\":[{\"id\":%lld,", h.id);
        CHECK(strstr(r.body, want) && strstr(r.body, "\"screen\":\"services\"") && !strstr(r.body, "}, {\"id\""),
              "page %d lists one call: %s", page + 1, r.body);
    }
    CHECK_INT(http_do(server.port, "GET", "/api/screen", NULL, NULL, &r), 200);
    CHECK(strstr(r.body, "\"help_needed\":true") != NULL, "two minutes unanswered: %s", r.body);
    CHECK(!strstr(r.body, "kiosk") && !strstr(r.body, "\"screen\""), "the screen names nothing: %s", r.body);
    /* Refusals first: nothing is written. */
    long long events = query_int(db, "SELECT max(id) FROM events");
    CHECK_INT(staff_do(&two, "POST", "/api/help-ack", "{\"call\":\"x\"}", &r), 400);
    CHECK_CODE(r, "bad_request");
    CHECK_INT(staff_do(&two, "POST", "/api/help-ack", "{\"call\":99999}", &r), 404);
    CHECK_CODE(r, "no_help_call");
    CHECK_INT(http_do(server.port, "POST", "/api/help-ack", "Content-Type: application/json\r\n", "{}", &r), 401);
    CHECK_INT(query_int(db, "SELECT max(id) FROM events"), events);
    mark = len;
    CHECK_INT(staff_do(&two, "POST", "/api/help-ack", "{}", &r), 200);
    CHECK_STR(json_field(&r, "counter", v, sizeof v), "2");
    CHECK(atoi(json_field(&r, "seconds", v, sizeof v)) >= 120, "seconds: %s", r.body);
    CHECK(wait_for(fd, buf, sizeof buf, &len, mark, "help_ack", 3), "no answer on the stream: %s", buf + mark);
    CHECK(strstr(buf + mark, "\"counter\":\"2\""), "answer event: %s", buf + mark);
    CHECK_STR(query_text(db, "SELECT kind || ' ' || counter FROM events ORDER BY id DESC LIMIT 1"), "help_ack 2");
    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
    CHECK(strstr(r.body, "\"help_calls\":[]") != NULL, "page 1 cleared: %s", r.body);
    snprintf(want, sizeof want, "{\"call\":%lld}", h.id);
    events = query_int(db, "SELECT max(id) FROM events");
    CHECK_INT(staff_do(&one, "POST", "/api/help-ack", want, &r), 409);
    CHECK_CODE(r, "help_answered");
    CHECK_INT(query_int(db, "SELECT max(id) FROM events"), events);
    CHECK_INT(http_do(server.port, "GET", "/api/screen", NULL, NULL, &r), 200);
    CHECK(strstr(r.body, "\"help_needed\":false") != NULL, "answered: %s", r.body);
    close(fd);
    dawr_queue_close(kiosk);
    dawr_config_free(cfg);
    stop();
}

/* The pages' words: every translation of a catalogue with its plural rule, from the same
 * catalogues as the screens; the server's own words in the language the request asks for. */
static void strings_for_the_pages(void)
{
    REQUIRE(start("console-strings", NULL) == 0, "start");
    http_reply r;
    CHECK_INT(http_do(server.port, "GET", "/api/strings?lang=ar", NULL, NULL, &r), 200);
    json_error_t e;
    json_t *j = json_loads(r.body, 0, &e);
    REQUIRE(j, "not JSON (%s): %.200s", e.text, r.body);
    json_t *m = json_object_get(j, "messages");
    CHECK_STR(json_string_value(json_object_get(j, "lang")), "ar");
    CHECK(strstr(json_string_value(json_object_get(j, "plural")), "n%100>=11") != NULL, "Arabic plural rule");
    CHECK_STR(json_string_value(json_object_get(m, "Call next")), "النداء التالي");
    CHECK_STR(json_string_value(json_object_get(m, "button\004Transfer")), "تحويل");
    json_t *forms = json_object_get(m, "{n} minute");
    CHECK(json_array_size(forms) == 6, "six forms of a minute");
    CHECK_STR(json_string_value(json_array_get(forms, 2)), "دقيقتان");
    CHECK(json_object_size(m) > 200, "only %zu messages", json_object_size(m));
    json_decref(j);
    CHECK_INT(http_do(server.port, "GET", "/api/strings?lang=en", NULL, NULL, &r), 200);
    j = json_loads(r.body, 0, &e);
    CHECK_STR(json_string_value(json_object_get(json_object_get(j, "messages"), "Call next")), "Call next");
    CHECK_STR(json_string_value(json_object_get(j, "plural")), "(n != 1)");
    json_decref(j);
    CHECK_INT(http_do(server.port, "GET", "/api/strings?lang=fr", NULL, NULL, &r), 400);
    CHECK_CODE(r, "bad_request");
    char v[256];
    CHECK_INT(http_do(server.port, "GET", "/api/nothing", NULL, NULL, &r), 404);
    CHECK_STR(json_field(&r, "error", v, sizeof v), "no such API call: /api/nothing");
    CHECK_INT(http_do(server.port, "GET", "/api/nothing", "Accept-Language: ar\r\n", NULL, &r), 404);
    CHECK_STR(json_field(&r, "error", v, sizeof v), "لا يوجد طلب بهذا الاسم: /api/nothing");
    CHECK_CODE(r, "not_found");
    stop();
}

/* Every code an answer can carry, the console's own and the queue's, has words in console.js's
 * TEXT table ("e_CODE:"); those words are msgids, so tests/test_translations proves they are
 * translated in both catalogues. */
static void every_code_has_words_in_both_languages(void)
{
#define AS_CODE(name, code) code,
    static const char *const codes[] = { DAWR_HTTP_CODES(AS_CODE) DAWR_QUEUE_REASONS(AS_CODE) };
#undef AS_CODE
    static char js[262144];
    char path[600];
    snprintf(path, sizeof path, "%s/console/console.js", getenv("DAWR_ASSETS") ? getenv("DAWR_ASSETS") : "assets");
    read_file_into(path, js, sizeof js);
    char *table = strstr(js, "\nconst TEXT = {"), *end = table ? strstr(table, "\n};") : NULL;
    REQUIRE(end, "%s: no TEXT table", path);
    *end = 0;
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        char key[64];
        snprintf(key, sizeof key, " e_%s: (", codes[i]);
        CHECK(strstr(table, key) != NULL, "console.js has no words for the code %s", codes[i]);
    }
    CHECK_INT(sizeof codes / sizeof *codes, DAWR_E_COUNT + DAWR_WHY_COUNT - 1);
}

/* GET /api/screen until it answers STATUS, for at most 2 s; the seconds it took (-1: never). */
static double screen_answers(int status, http_reply *r)
{
    double t0 = now_seconds();
    while (now_seconds() - t0 < 2) {
        if (http_do(server.port, "GET", "/api/screen", NULL, NULL, r) == status) return now_seconds() - t0;
        usleep(10 * 1000);
    }
    return -1;
}

/* The waiting count /api/screen gives for new_request (the first service); -1 on no answer. */
static long long waiting_on_screen(void)
{
    http_reply r;
    if (http_do(server.port, "GET", "/api/screen", NULL, NULL, &r) != 200) return -1;
    json_t *j = body_json(&r);
    long long n = j ? int_at(json_array_get(json_object_get(j, "services"), 0), "waiting") : -1;
    json_decref(j);
    return n;
}

/* GET /api/screen until new_request shows WANT waiting, for at most 2 s: the seconds, or -1. */
static double screen_shows_waiting(long long want)
{
    double t0 = now_seconds();
    while (now_seconds() - t0 < 2) {
        if (waiting_on_screen() == want) return now_seconds() - t0;
        usleep(10 * 1000);
    }
    return -1;
}

/* The database deleted under the running console: within a poll every API call answers 503
 * db_replaced saying so, nothing makes a new file; `dawrctl init` brings it back; a file that
 * is no database put in its place is refused the same way, a Dawr database there is read. */
static void a_deleted_or_replaced_database_is_noticed(void)
{
    REQUIRE(start("console-lost", NULL) == 0, "start");
    issue("new_request", 2);
    http_reply r;
    CHECK(screen_shows_waiting(2) >= 0, "the screen never showed 2 waiting");
    char cmd[2400];
    snprintf(cmd, sizeof cmd, "rm -f %s %s-wal %s-shm", db, db, db);
    REQUIRE(system(cmd) == 0, "rm");
    double took = screen_answers(503, &r);
    CHECK(took >= 0 && took < 0.5, "the console answered 200 for %.2f s after the file was deleted", took);
    fprintf(stderr, "  noticed a deleted database in %.0f ms\n", took * 1000);
    CHECK_CODE(r, "db_replaced");
    CHECK(strstr(r.body, "deleted") && strstr(r.body, "dawrctl restore"), "reason: %s", r.body);
    staff one;
    CHECK_INT(staff_sign_in(&one, server.port, "1", "1111", &r), 503);
    CHECK_CODE(r, "db_replaced");
    CHECK(access(db, F_OK) != 0, "a database was made again at %s", db);
    CHECK(dawrctl("issue new_request", NULL, 0) != 0, "dawrctl issued into no database");
    CHECK(access(db, F_OK) != 0, "dawrctl made a database");

    /* init: an empty database, read within a poll. */
    CHECK_INT(dawrctl("init", NULL, 0), 0);
    took = screen_answers(200, &r);
    CHECK(took >= 0 && took < 0.5, "still refused %.2f s after init", took);
    CHECK_INT(waiting_on_screen(), 0);
    CHECK_INT(dawrctl("issue new_request", NULL, 0), 0);
    CHECK(screen_shows_waiting(1) >= 0, "the ticket issued after init is not on the screen");

    /* Another file put in its place: not a database, refused and said so. */
    char other[800];
    snprintf(other, sizeof other, "%s.other", db);
    write_file(other, "this is not a database, it is a shopping list: flour, dates, coffee\n");
    REQUIRE(rename(other, db) == 0, "mv");
    CHECK(screen_answers(503, &r) >= 0, "a file that is no database was served: %s", r.body);
    CHECK_CODE(r, "db_replaced");
    CHECK(strstr(r.body, "replaced") != NULL, "reason: %s", r.body);
    CHECK_INT(staff_sign_in(&one, server.port, "1", "1111", &r), 503);
    char text[256];
    read_file_into(db, text, sizeof text);
    CHECK(!strncmp(text, "this is not a database", 22), "the file put there was written: %.40s", text);
    stop();
}

/* Started before there is a database (the first boot's init not run, or the file deleted while
 * it was stopped): the console serves its pages, answers every API call 503 with the reason and
 * makes no file; once `dawrctl init` made one, it is in service within a poll. */
static void a_console_started_without_its_database_waits_for_one(void)
{
    snprintf(db, sizeof db, "%s", scratch_db("console-none"));
    config = default_config_path();
    REQUIRE(access(db, F_OK) != 0, "%s is there already", db);
    REQUIRE(console_start(&server, config, db, NULL) == 0, "the console did not start without a database");
    http_reply r;
    CHECK_INT(http_do(server.port, "GET", "/api/screen", NULL, NULL, &r), 503);
    CHECK_CODE(r, "db_replaced");
    CHECK(strstr(r.body, "no Dawr database") && strstr(r.body, "dawrctl init"), "reason: %s", r.body);
    CHECK_INT(http_do(server.port, "GET", "/", NULL, NULL, &r), 200);
    usleep(300 * 1000);                 /* a few polls */
    CHECK(access(db, F_OK) != 0, "the console made a database at %s", db);

    CHECK_INT(dawrctl("init", NULL, 0), 0);
    double took = screen_answers(200, &r);
    CHECK(took >= 0 && took < 0.5, "still refused %.2f s after init", took);
    CHECK_INT(set_pin(config, db, "1", "1111"), 0);
    CHECK_INT(dawrctl("issue new_request", NULL, 0), 0);
    CHECK(screen_shows_waiting(1) >= 0, "the ticket issued after init is not on the screen");
    staff one;
    CHECK_INT(staff_sign_in(&one, server.port, "1", "1111", &r), 200);
    stop();
}

/* Issue 18 item 5: backup, two more tickets, `dawrctl restore` with the console running. The
 * console shows what the restored file holds within a poll, the two later tickets never come
 * back from a -wal, and what is committed after the restore is kept. */
static void restore_with_the_console_running(void)
{
    REQUIRE(start("console-restore", NULL) == 0, "start");
    issue("new_request", 3);
    char backup[800], cmd[2000];
    snprintf(backup, sizeof backup, "%s.backup", db);
    snprintf(cmd, sizeof cmd, "backup %s", backup);
    CHECK_INT(dawrctl(cmd, NULL, 0), 0);
    issue("new_request", 2);
    http_reply r;
    staff one;
    CHECK_INT(staff_sign_in(&one, server.port, "1", "1111", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);   /* the console writes too */
    CHECK(screen_shows_waiting(4) >= 0, "the screen never showed 4 waiting");
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 5);

    snprintf(cmd, sizeof cmd, "restore %s", backup);
    char out[2048];
    CHECK_INT(dawrctl(cmd, out, sizeof out), 0);
    double took = screen_shows_waiting(3);
    CHECK(took >= 0 && took < 0.5, "the console still shows the old queue %.2f s after the restore", took);
    fprintf(stderr, "  the console showed the restored queue %.0f ms after dawrctl restore\n", took * 1000);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 3);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets WHERE state != 'waiting'"), 0);

    /* After the restore: the console's session still works on the restored file, a ticket
     * issued by dawrctl follows the restored ones, and both are kept. */
    CHECK_INT(staff_sign_in(&one, server.port, "1", "1111", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", NULL, &r), 200);
    CHECK(strstr(r.body, "\"A-001\"") != NULL, "call-next after the restore: %s", r.body);
    CHECK_INT(dawrctl("issue new_request", out, sizeof out), 0);
    CHECK(strstr(out, "A-004") != NULL, "the ticket after the restore: %s", out);
    CHECK(screen_shows_waiting(3) >= 0, "the screen lost the ticket issued after the restore");
    stop();
    /* Everything run again on the file as the programs left it: nothing replayed, nothing lost. */
    CHECK_INT(dawrctl("status", NULL, 0), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 4);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets WHERE prefix = 'A' AND number = 4"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets WHERE state = 'called'"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM generations"), 2);
}

/* The issue's way: `mv backup dawr.db` under the running console, whose -wal holds two later
 * tickets. The -wal is the other file's: set aside, never replayed (the two never come back);
 * the console reads the file put there within a poll, and what is written after is kept. */
static void a_backup_moved_into_place_replays_no_wal(void)
{
    REQUIRE(start("console-mv", NULL) == 0, "start");
    issue("new_request", 3);
    char backup[800], wal[800], cmd[2000];
    snprintf(backup, sizeof backup, "%s.backup", db);
    snprintf(wal, sizeof wal, "%s-wal", db);
    snprintf(cmd, sizeof cmd, "backup %s", backup);
    CHECK_INT(dawrctl(cmd, NULL, 0), 0);
    issue("new_request", 2);
    CHECK(screen_shows_waiting(5) >= 0, "the screen never showed 5 waiting");
    struct stat st;
    REQUIRE(stat(wal, &st) == 0 && st.st_size > 32, "the console's -wal holds nothing: the case is not made");
    REQUIRE(rename(backup, db) == 0, "mv");
    double took = screen_shows_waiting(3);
    CHECK(took >= 0 && took < 0.5, "the console did not read the file moved into place (%.2f s)", took);
    char out[2048];
    CHECK_INT(dawrctl("issue new_request", out, sizeof out), 0);
    CHECK(strstr(out, "A-004") != NULL, "the old -wal was replayed: %s", out);
    CHECK(screen_shows_waiting(4) >= 0, "the screen lost the ticket issued after the move");
    stop();
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 4);
    snprintf(cmd, sizeof cmd, "ls %s-wal.stale-* >/dev/null 2>&1", db);
    CHECK(system(cmd) == 0, "the old -wal was not kept aside");
}

/* Issue 17: Dhuhr's pause on the shipped hours (Sunday 2026-12-06, 12:22-12:42), the clock pinned
 * at 12:30 for the console and dawrctl: the page is told of the pause, call-next is refused with
 * its end, the console logs the pause's start by itself, counter 1 ends it early (logged with
 * the counter) and the next call is made; a second end is refused. */
static void prayer_pause_at_the_counter(void)
{
    setenv("DAWR_NOW", "2026-12-06T12:30:00", 1);
    snprintf(db, sizeof db, "%s", scratch_db("console-pause"));
    config = shipped_config_path();
    REQUIRE(set_pin(config, db, "1", "1111") == 0 && console_start(&server, config, db, NULL) == 0, "start");
    CHECK_INT(dawrctl("issue inquiry", NULL, 0), 0);
    http_reply r;
    staff one;
    REQUIRE(staff_sign_in(&one, server.port, "1", "1111", &r) == 200, "sign in");
    CHECK_INT(staff_do(&one, "GET", "/api/state", NULL, &r), 200);
    CHECK(strstr(r.body, "\"paused\":true") && strstr(r.body, "\"pause_until\":\"12:42\"") && strstr(r.body, "\"prayer\":\"dhuhr\""),
          "the page is told of the pause: %s", r.body);
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", "{}", &r), 409);
    CHECK_CODE(r, "paused");
    CHECK(strstr(r.body, "\"until\":\"12:42\"") != NULL, "%s", r.body);
    for (int i = 0; i < 50 && query_int(db, "SELECT count(*) FROM events WHERE kind = 'pause_start'") < 1; i++) usleep(100000);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'pause_start'"), 1);
    CHECK_INT(staff_do(&one, "POST", "/api/end-pause", "{}", &r), 200);
    CHECK(strstr(r.body, "\"paused\":false") != NULL, "%s", r.body);
    CHECK_STR(query_text(db, "SELECT counter || ' ' || json_extract(detail, '$.early') || ' ' || json_extract(detail, '$.cut_seconds')"
                             " FROM events WHERE kind = 'pause_end'"), "1 1 720");
    CHECK_INT(staff_do(&one, "POST", "/api/call-next", "{}", &r), 200);
    CHECK_INT(staff_do(&one, "POST", "/api/end-pause", "{}", &r), 409);
    CHECK_CODE(r, "not_paused");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'pause_end'"), 1);
    stop();
    unsetenv("DAWR_NOW");
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    static const test_case cases[] = {
        { "each_action", each_action },
        { "a_deleted_or_replaced_database_is_noticed", a_deleted_or_replaced_database_is_noticed },
        { "a_console_started_without_its_database_waits_for_one", a_console_started_without_its_database_waits_for_one },
        { "restore_with_the_console_running", restore_with_the_console_running },
        { "a_backup_moved_into_place_replays_no_wal", a_backup_moved_into_place_replays_no_wal },
        { "refusals", refusals },
        { "screen_for_waiting_rooms", screen_for_waiting_rooms },
        { "static_files", static_files },
        { "a_fifo_in_the_pages_folder_is_not_served", a_fifo_in_the_pages_folder_is_not_served },
        { "slow_client_does_not_block_others", slow_client_does_not_block_others },
        { "hostile_connections_leave_room", hostile_connections_leave_room },
        { "streams_are_capped_and_freed", streams_are_capped_and_freed },
        { "held_write_lock_does_not_freeze", held_write_lock_does_not_freeze },
        { "two_counters_never_get_the_same_ticket", two_counters_never_get_the_same_ticket },
        { "stream_receives_a_call", stream_receives_a_call },
        { "help_call_is_answered_by_one_counter", help_call_is_answered_by_one_counter },
        { "every_code_has_words_in_both_languages", every_code_has_words_in_both_languages },
        { "strings_for_the_pages", strings_for_the_pages },
        { "prayer_pause_at_the_counter", prayer_pause_at_the_counter },
        { NULL, NULL },
    };
    return harness_main("console", cases, argc, argv);
}
