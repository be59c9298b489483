/* The queue engine's transitions, refusals, ordering rules and clock, on a real SQLite file. */
#include "harness.h"
#include "testutil.h"
#include "staff.h"
#include "testhook.h"

#include <sqlite3.h>

static const char *SMALL_CONFIG =
    "[dawr]\n"
    "timezone = Asia/Riyadh\n"
    "priority_ratio = 2\n"
    "noshow_recalls = 2\n"
    "noshow_grace_minutes = 5\n"
    "rating_reasons = waiting courtesy clarity place other\n"
    "[service new_request]\nprefix = A\nname_ar = طلب دعم جديد\nname_en = New request\nexpected_minutes = 12\n"
    "[service follow_up]\nprefix = B\nname_ar = متابعة\nname_en = Follow-up\n"
    "[service social_research]\nprefix = D\nname_ar = الباحث\nname_en = Researcher\n"
    "[counter 1]\nname_ar = ١\nname_en = One\nservices = new_request follow_up\n"
    "[counter 2]\nname_ar = ٢\nname_en = Two\nservices = new_request follow_up\n"
    "[counter 3]\nname_ar = ٣\nname_en = Three\nservices = social_research\n"
    ALWAYS_OPEN_HOURS;

static dawr_config *cfg;
static dawr_queue *q;
static char db_path[600];

/* A fresh database with the small configuration and the clock at 09:00 on 2026-11-25. */
static void fresh(const char *name)
{
    dawr_queue_close(q);
    dawr_config_free(cfg);
    const char *dir = scratch_dir(name);
    char conf[600], err[512];
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    write_file(conf, SMALL_CONFIG);
    snprintf(db_path, sizeof db_path, "%s/dawr.db", dir);
    cfg = dawr_config_load(conf, err, sizeof err);
    if (!cfg) { fprintf(stderr, "%s\n", err); exit(2); }
    q = dawr_queue_open(cfg, db_path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "%s\n", err); exit(2); }
    fake_now = at_local("2026-11-25T09:00:00");
    dawr_queue_set_clock(q, fake_clock, NULL);
}

static void minutes_pass(int m) { fake_now += (dawr_ms)m * 60000; }

static void issue_numbers_per_prefix(void)
{
    fresh("numbers");
    dawr_ticket a1, a2, b1;
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, &a1), DAWR_OK);
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, &a2), DAWR_OK);
    CHECK_INT(dawr_queue_issue(q, "follow_up", 0, &b1), DAWR_OK);
    CHECK_STR(a1.code, "A-001");
    CHECK_STR(a2.code, "A-002");
    CHECK_STR(b1.code, "B-001");
    CHECK_STR(a1.day, "2026-11-25");
    CHECK_INT(a2.state, DAWR_WAITING);
    CHECK_INT(a2.people_ahead, 1);
    CHECK_INT(b1.people_ahead, 0);
    CHECK_INT(dawr_queue_last_event_id(q), 3);
}

static void call_next_takes_the_oldest_it_serves(void)
{
    fresh("oldest");
    dawr_ticket t;
    dawr_queue_issue(q, "social_research", 0, NULL);
    minutes_pass(1);
    dawr_queue_issue(q, "follow_up", 0, NULL);
    minutes_pass(1);
    dawr_queue_issue(q, "new_request", 0, NULL);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(t.code, "B-001");           /* D-001 is older but counter 1 does not serve it */
    CHECK_INT(t.state, DAWR_CALLED);
    CHECK_STR(t.counter, "1");
    CHECK_INT(dawr_queue_call_next(q, "2", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    CHECK_INT(dawr_queue_call_next(q, "3", &t), DAWR_OK);
    CHECK_STR(t.code, "D-001");
}

static void full_life_of_a_ticket(void)
{
    fresh("life");
    dawr_ticket t;
    dawr_queue_issue(q, "new_request", 0, NULL);
    minutes_pass(4);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_INT(t.first_called_at, fake_now);
    minutes_pass(1);
    CHECK_INT(dawr_queue_serve(q, "1", &t), DAWR_OK);
    CHECK_INT(t.state, DAWR_SERVING);
    minutes_pass(9);
    CHECK_INT(dawr_queue_done(q, "1", &t), DAWR_OK);
    CHECK_INT(t.state, DAWR_DONE);
    CHECK_INT(t.finished_at - t.serving_at, 9 * 60000);
    const char *reasons[] = { "waiting", "waiting" };
    CHECK_INT(dawr_queue_rate(q, "A-001", 2, reasons, 2, &t), DAWR_OK);
    /* Done from "called" (the visitor came at once) counts service from the call. */
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_call_next(q, "2", &t);
    minutes_pass(3);
    CHECK_INT(dawr_queue_done(q, "2", &t), DAWR_OK);
    CHECK_INT(t.serving_at, t.called_at);
    CHECK_STR(query_text(db_path, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events ORDER BY id)"),
              "issue call serve done rate issue call done");
    CHECK_STR(query_text(db_path, "SELECT reasons FROM ratings"), "waiting");
}

/* Each refusal must leave the log exactly as it was, and name its reason's code. */
#define REFUSED_WITHOUT_CHANGE(call, code, reason, words) do { \
        long long before_ = dawr_queue_last_event_id(q); \
        CHECK_INT(call, code); \
        CHECK_STR(dawr_queue_reason(q), reason); \
        CHECK(strstr(dawr_queue_error(q), words) != NULL, "message \"%s\" lacks \"%s\"", dawr_queue_error(q), words); \
        CHECK_INT(dawr_queue_last_event_id(q), before_); } while (0)

static void refusals_change_nothing(void)
{
    fresh("refusals");
    dawr_ticket t;
    REFUSED_WITHOUT_CHANGE(dawr_queue_call_next(q, "1", &t), DAWR_REFUSED, "nobody_waiting", "nobody is waiting");
    REFUSED_WITHOUT_CHANGE(dawr_queue_done(q, "1", &t), DAWR_REFUSED, "no_visitor", "nobody to finish");
    REFUSED_WITHOUT_CHANGE(dawr_queue_recall(q, "1", &t), DAWR_REFUSED, "no_visitor", "no visitor");
    REFUSED_WITHOUT_CHANGE(dawr_queue_noshow(q, "1", &t), DAWR_REFUSED, "no_visitor", "no visitor");
    REFUSED_WITHOUT_CHANGE(dawr_queue_serve(q, "1", &t), DAWR_REFUSED, "no_visitor", "no visitor");
    REFUSED_WITHOUT_CHANGE(dawr_queue_transfer(q, "1", "social_research", NULL, &t), DAWR_REFUSED, "no_visitor", "no visitor");
    REFUSED_WITHOUT_CHANGE(dawr_queue_call_next(q, "9", &t), DAWR_NOT_FOUND, "unknown_counter", "unknown counter \"9\"");
    REFUSED_WITHOUT_CHANGE(dawr_queue_issue(q, "lunch", 0, &t), DAWR_NOT_FOUND, "unknown_service", "unknown service \"lunch\"");
    dawr_queue_issue(q, "social_research", 0, NULL);
    dawr_queue_issue(q, "new_request", 0, NULL);
    REFUSED_WITHOUT_CHANGE(dawr_queue_call_ticket(q, "1", "D-001", &t), DAWR_REFUSED, "not_served_here", "does not serve");
    REFUSED_WITHOUT_CHANGE(dawr_queue_call_ticket(q, "1", "A-009", &t), DAWR_NOT_FOUND, "no_ticket", "no ticket A-009");
    REFUSED_WITHOUT_CHANGE(dawr_queue_call_ticket(q, "1", "zz", &t), DAWR_NOT_FOUND, "not_a_ticket", "not a ticket");
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, "A-001", 5, NULL, 0, &t), DAWR_REFUSED, "not_finished", "has not finished");
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(dawr_queue_reason(q), "");   /* the free counter checked on the way is no reason */
    REFUSED_WITHOUT_CHANGE(dawr_queue_call_next(q, "1", &t), DAWR_REFUSED, "counter_busy", "still calling A-001");
    CHECK_STR(dawr_queue_reason_values(q), "{\"counter\":\"1\",\"ticket\":\"A-001\",\"state\":\"called\"}");
    REFUSED_WITHOUT_CHANGE(dawr_queue_transfer(q, "1", "new_request", NULL, &t), DAWR_REFUSED, "already_for_service", "already for");
    REFUSED_WITHOUT_CHANGE(dawr_queue_transfer(q, "1", "1", NULL, &t), DAWR_REFUSED, "already_at_counter", "already at counter 1");
    REFUSED_WITHOUT_CHANGE(dawr_queue_transfer(q, "1", "kitchen", NULL, &t), DAWR_NOT_FOUND, "unknown_target", "unknown service or counter");
    CHECK_INT(dawr_queue_serve(q, "1", &t), DAWR_OK);
    REFUSED_WITHOUT_CHANGE(dawr_queue_recall(q, "1", &t), DAWR_REFUSED, "already_serving", "already being served");
    REFUSED_WITHOUT_CHANGE(dawr_queue_noshow(q, "1", &t), DAWR_REFUSED, "noshow_while_serving", "being served");
    CHECK_INT(dawr_queue_done(q, "1", &t), DAWR_OK);
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, "A-001", 0, NULL, 0, &t), DAWR_REFUSED, "bad_score", "from 1 to 5");
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, "A-001", 6, NULL, 0, &t), DAWR_REFUSED, "bad_score", "from 1 to 5");
    const char *bad[] = { "rudeness" };
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, "A-001", 1, bad, 1, &t), DAWR_REFUSED, "unknown_reason", "unknown rating reason");
    CHECK_INT(dawr_queue_rate(q, "A-001", 4, NULL, 0, &t), DAWR_OK);
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, "A-001", 5, NULL, 0, &t), DAWR_REFUSED, "already_rated", "already been rated");
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, "#2", 5, NULL, 0, &t), DAWR_REFUSED, "already_rated", "already been rated");
    REFUSED_WITHOUT_CHANGE(dawr_queue_cancel(q, "A-001", &t), DAWR_REFUSED, "cannot_cancel", "cannot be cancelled");
    CHECK_INT(dawr_queue_cancel(q, "D-001", &t), DAWR_OK);
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, "D-001", 3, NULL, 0, &t), DAWR_REFUSED, "not_finished", "not served");
    REFUSED_WITHOUT_CHANGE(dawr_queue_call_ticket(q, "3", "D-001", &t), DAWR_REFUSED, "not_waiting", "not waiting");
}

static void noshow_waits_for_recalls_and_grace(void)
{
    fresh("noshow");
    dawr_ticket t;
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_call_next(q, "1", &t);
    REFUSED_WITHOUT_CHANGE(dawr_queue_noshow(q, "1", &t), DAWR_REFUSED, "noshow_too_early", "too soon");
    minutes_pass(2);
    CHECK_INT(dawr_queue_recall(q, "1", &t), DAWR_OK);
    CHECK_INT(t.recalls, 1);
    minutes_pass(1);
    CHECK_INT(dawr_queue_recall(q, "1", &t), DAWR_OK);
    CHECK_INT(t.recalls, 2);
    minutes_pass(1);                       /* 4 minutes after the first call, 2 recalls */
    REFUSED_WITHOUT_CHANGE(dawr_queue_noshow(q, "1", &t), DAWR_REFUSED, "noshow_too_early", "240 s ago");
    CHECK(strstr(dawr_queue_reason_values(q), "\"recalls_left\":0,\"seconds\":240,\"seconds_left\":60"), "%s",
          dawr_queue_reason_values(q));
    minutes_pass(1);
    CHECK_INT(dawr_queue_noshow(q, "1", &t), DAWR_OK);
    CHECK_INT(t.state, DAWR_NOSHOW);
    /* The counter is free again. */
    dawr_queue_issue(q, "new_request", 0, NULL);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(t.code, "A-002");
}

static void priority_first_but_never_starving(void)
{
    fresh("priority");
    /* Ordinary O1 O2 O3 arrive first, then priority P1..P5. */
    for (int i = 0; i < 3; i++) { dawr_queue_issue(q, "new_request", 0, NULL); minutes_pass(1); }
    for (int i = 0; i < 5; i++) { dawr_queue_issue(q, "follow_up", 1, NULL); minutes_pass(1); }
    const char *expected[] = { "B-001", "B-002", "A-001", "B-003", "B-004", "A-002", "B-005", "A-003" };
    for (int i = 0; i < 8; i++) {
        dawr_ticket t;
        CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
        CHECK(!strcmp(t.code, expected[i]), "call %d: expected %s, got %s", i + 1, expected[i], t.code);
        dawr_queue_done(q, "1", NULL);
    }
}

static void priority_ratio_is_per_counter(void)
{
    fresh("ratio");
    /* Counter 2's priority calls do not use up counter 1's. */
    dawr_queue_issue(q, "follow_up", 1, NULL);
    dawr_queue_call_next(q, "2", NULL);
    dawr_queue_done(q, "2", NULL);
    for (int i = 0; i < 2; i++) dawr_queue_issue(q, "new_request", 0, NULL);
    for (int i = 0; i < 4; i++) dawr_queue_issue(q, "new_request", 1, NULL);
    dawr_ticket t;
    /* Counter 1 calls two priority tickets; its third call goes to an ordinary one. */
    dawr_queue_call_next(q, "1", &t); dawr_queue_done(q, "1", NULL);
    CHECK_STR(t.code, "A-003");
    dawr_queue_call_next(q, "1", &t); dawr_queue_done(q, "1", NULL);
    CHECK_STR(t.code, "A-004");
    dawr_queue_call_next(q, "1", &t); dawr_queue_done(q, "1", NULL);
    CHECK_STR(t.code, "A-001");
    dawr_queue_call_next(q, "1", &t); dawr_queue_done(q, "1", NULL);
    CHECK_STR(t.code, "A-005");
}

/* An appointment ticket as the check-in issues it (appointment.h), for the appointment at LOCAL. */
static void issue_for_appointment(const char *service, const char *local)
{
    dawr_issue_request req = { .service = service, .appointment_at = at_local(local) };
    dawr_ticket t;
    CHECK_INT(dawr_queue_issue_request(q, &req, &t), DAWR_OK);
    CHECK_INT(t.appointment_at, at_local(local));
}

/* Calls at counter 1 and finishes each, expecting the codes EXPECTED in order. */
static void calls_in_order(const char *const *expected, int n, const char *what)
{
    for (int i = 0; i < n; i++) {
        dawr_ticket t;
        CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
        CHECK(!strcmp(t.code, expected[i]), "%s, call %d: expected %s, got %s", what, i + 1, expected[i], t.code);
        dawr_queue_done(q, "1", NULL);
    }
}

static void appointments_never_starve_walk_ins(void)
{
    fresh("appointments-fair");
    /* Two walk-ins first, then five visitors checked in for 09:30, all due by 09:25. */
    for (int i = 0; i < 2; i++) { dawr_queue_issue(q, "new_request", 0, NULL); minutes_pass(1); }
    for (int i = 0; i < 5; i++) { issue_for_appointment("follow_up", "2026-11-25T09:30:00"); minutes_pass(1); }
    fake_now = at_local("2026-11-25T09:25:00");
    /* appointment_ratio (3 by default): three appointments go ahead, then the walk-in waiting longest. */
    static const char *const expected[] = { "B-001", "B-002", "B-003", "A-001", "B-004", "B-005", "A-002" };
    calls_in_order(expected, 7, "appointments and walk-ins");
}

static void an_early_arrival_waits_until_its_time(void)
{
    fresh("appointments-early");
    for (int i = 0; i < 3; i++) { dawr_queue_issue(q, "new_request", 0, NULL); minutes_pass(1); }
    issue_for_appointment("follow_up", "2026-11-25T09:40:00");             /* B-001, at 09:03, 37 minutes early */
    /* 09:29: eleven minutes before, it waits behind those who came before it. */
    fake_now = at_local("2026-11-25T09:29:00");
    static const char *const before[] = { "A-001" };
    calls_in_order(before, 1, "before its time");
    /* 09:30: DAWR_APPOINTMENT_LEAD_MINUTES (10) before its time, it goes ahead. */
    fake_now = at_local("2026-11-25T09:30:00");
    static const char *const near[] = { "B-001", "A-002", "A-003" };
    calls_in_order(near, 3, "near its time");
    /* An early one whose turn comes by arrival is called then: waiting like others is no loss. */
    fresh("appointments-turn");
    issue_for_appointment("follow_up", "2026-11-25T11:00:00");
    minutes_pass(1);
    dawr_queue_issue(q, "new_request", 0, NULL);
    static const char *const turn[] = { "B-001", "A-001" };
    calls_in_order(turn, 2, "its turn by arrival");
}

static void priority_before_appointments(void)
{
    fresh("appointments-priority");
    dawr_queue_issue(q, "new_request", 0, NULL);                              /* A-001, a walk-in */
    minutes_pass(1);
    issue_for_appointment("follow_up", "2026-11-25T09:05:00");                /* B-001, due */
    minutes_pass(1);
    dawr_queue_issue(q, "new_request", 1, NULL);                              /* A-002, priority */
    static const char *const expected[] = { "A-002", "B-001", "A-001" };
    calls_in_order(expected, 3, "priority, appointment, walk-in");
    /* An appointment jumping nobody (it came before every walk-in) does not count towards the ratio. */
    fresh("appointments-older");
    for (int i = 0; i < 4; i++) { issue_for_appointment("follow_up", "2026-11-25T09:00:00"); minutes_pass(1); }
    dawr_queue_issue(q, "new_request", 0, NULL);                              /* A-001 after all four */
    static const char *const older[] = { "B-001", "B-002", "B-003", "B-004", "A-001" };
    calls_in_order(older, 5, "appointments that came first");
}

static void call_a_named_ticket_out_of_order(void)
{
    fresh("named");
    for (int i = 0; i < 3; i++) dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_ticket t;
    CHECK_INT(dawr_queue_call_ticket(q, "2", "a003", &t), DAWR_OK);
    CHECK_STR(t.code, "A-003");
    CHECK_STR(t.counter, "2");
    const char *detail = query_text(db_path, "SELECT detail FROM events WHERE kind = 'call'");
    CHECK(strstr(detail, "\"out_of_order\":true") != NULL, "detail %s", detail);
    dawr_queue_done(q, "2", NULL);
    CHECK_INT(dawr_queue_call_next(q, "2", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
}

static void transfer_keeps_number_and_place(void)
{
    fresh("transfer");
    dawr_ticket t, first;
    dawr_queue_issue(q, "new_request", 0, &first);
    minutes_pass(5);
    dawr_queue_issue(q, "social_research", 0, NULL);   /* D-001, issued after A-001 */
    dawr_queue_call_next(q, "1", &t);
    dawr_queue_serve(q, "1", &t);
    minutes_pass(3);
    CHECK_INT(dawr_queue_transfer(q, "1", "social_research", "needs the researcher", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    CHECK_STR(t.service, "social_research");
    CHECK_INT(t.state, DAWR_WAITING);
    CHECK_INT(t.issued_at, first.issued_at);
    CHECK_INT(t.first_called_at, 0);
    /* The researcher calls A-001 before D-001: it kept its place. */
    CHECK_INT(dawr_queue_call_next(q, "3", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    /* To a counter: only that counter calls it. */
    CHECK_INT(dawr_queue_transfer(q, "3", "2", NULL, &t), DAWR_OK);
    CHECK_STR(t.counter, "2");
    CHECK_STR(t.service, "social_research");
    dawr_queue_issue(q, "new_request", 0, NULL);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(t.code, "A-002");
    CHECK_INT(dawr_queue_call_next(q, "2", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    CHECK_STR(query_text(db_path, "SELECT detail FROM events WHERE kind = 'transfer' ORDER BY id LIMIT 1"),
              "{\"from_service\":\"new_request\",\"note\":\"needs the researcher\",\"to_service\":\"social_research\"}");
}

static void numbering_restarts_at_local_midnight(void)
{
    fresh("midnight");
    dawr_ticket t, old;
    fake_now = at_local("2026-11-25T23:58:00");
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_issue(q, "new_request", 0, &old);     /* A-002 will still be waiting at midnight */
    dawr_queue_issue(q, "follow_up", 0, NULL);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);  /* A-001 called before midnight ... */
    CHECK_STR(t.code, "A-001");
    fake_now = at_local("2026-11-25T23:59:59");
    dawr_queue_issue(q, "new_request", 0, &t);
    CHECK_STR(t.code, "A-003");
    fake_now = at_local("2026-11-26T00:00:00");     /* 21:00 UTC: the local day has turned */
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    CHECK_STR(t.day, "2026-11-26");
    CHECK(t.id != old.id, "a new ticket, not the old one");
    CHECK_INT(dawr_queue_done(q, "1", &t), DAWR_OK);       /* ... and finished after it */
    CHECK_STR(t.day, "2026-11-25");
    /* Yesterday's waiting A-002 is closed with a reason, not lost, and never called today. */
    CHECK_INT(dawr_queue_find(q, "#2", &t), DAWR_OK);
    CHECK_STR(t.code, "A-002");
    CHECK_INT(t.state, DAWR_CANCELLED);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    CHECK_STR(t.day, "2026-11-26");
    CHECK_INT(dawr_queue_call_next(q, "2", &t), DAWR_REFUSED);
    CHECK_INT(dawr_queue_find(q, "A-001", &t), DAWR_OK);   /* a code means today's ticket */
    CHECK_STR(t.day, "2026-11-26");
    CHECK_STR(query_text(db_path, "SELECT group_concat(ticket) FROM events WHERE kind = 'expire'"), "2,3,4");
    char report[1024];
    CHECK_INT(dawr_queue_check(q, report, sizeof report), 0);
}

static void estimate_uses_median_of_recent_visits(void)
{
    fresh("estimate");
    dawr_ticket t;
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, &t), DAWR_OK);
    CHECK_INT(t.wait_minutes, 0);                     /* nobody ahead */
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, &t), DAWR_OK);
    CHECK_INT(t.wait_minutes, 6);                     /* 1 ahead × 12 min guessed ÷ 2 counters */
    dawr_queue_cancel(q, "A-001", NULL);
    dawr_queue_cancel(q, "A-002", NULL);
    int minutes[] = { 10, 40, 20 };                   /* one long case: median 20, mean 23.3 */
    for (int i = 0; i < 3; i++) {
        dawr_queue_issue(q, "new_request", 0, NULL);
        dawr_queue_call_next(q, "1", NULL);
        dawr_queue_serve(q, "1", NULL);
        minutes_pass(minutes[i]);
        dawr_queue_done(q, "1", NULL);
    }
    for (int i = 0; i < 3; i++) dawr_queue_issue(q, "new_request", 0, NULL);
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, &t), DAWR_OK);
    CHECK_INT(t.people_ahead, 3);
    CHECK_INT(t.wait_minutes, 60);                    /* only counter 1 is open: 3 × 20 ÷ 1 */
    dawr_status s;
    CHECK_INT(dawr_queue_status(q, &s), DAWR_OK);
    CHECK_INT(s.services[0].samples, 3);
    CHECK(s.services[0].median_service_minutes == 20.0, "median %f", s.services[0].median_service_minutes);
    CHECK_INT(s.services[0].waiting, 4);
    CHECK_INT(s.counters[0].open, 1);
    CHECK_INT(s.counters[1].open, 0);
    /* Priority tickets count only the priority tickets ahead of them. */
    CHECK_INT(dawr_queue_issue(q, "new_request", 1, &t), DAWR_OK);
    CHECK_INT(t.people_ahead, 0);
}

static void status_shows_counters_and_recent_calls(void)
{
    fresh("status");
    for (int i = 0; i < 4; i++) dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_issue(q, "social_research", 0, NULL);
    dawr_queue_call_next(q, "1", NULL);
    dawr_queue_call_next(q, "2", NULL);
    dawr_queue_recall(q, "1", NULL);
    dawr_status s;
    CHECK_INT(dawr_queue_status(q, &s), DAWR_OK);
    CHECK_INT(s.issued_today, 5);
    CHECK_INT(s.services[0].waiting, 2);
    CHECK_INT(s.counters[0].has_ticket, 1);
    CHECK_STR(s.counters[0].ticket.code, "A-001");
    CHECK_INT(s.counters[2].has_ticket, 0);
    CHECK_INT(s.counters[2].waiting, 1);
    CHECK_INT(s.recent_call_count, 2);
    CHECK_STR(s.recent_calls[0].code, "A-001");        /* the recall makes it the newest */
    CHECK_STR(s.recent_calls[1].code, "A-002");
    CHECK_INT(s.last_event_id, dawr_queue_last_event_id(q));
}

static void readers_notice_changes_cheaply(void)
{
    fresh("changes");
    char err[512];
    dawr_queue *reader = dawr_queue_open(cfg, db_path, &(dawr_queue_options){ .read_only = 1 }, err, sizeof err);
    REQUIRE(reader != NULL, "%s", err);
    long long v0 = dawr_queue_data_version(reader), e0 = dawr_queue_last_event_id(reader);
    CHECK_INT(dawr_queue_data_version(reader), v0);   /* nothing changed: same value */
    dawr_queue_issue(q, "new_request", 0, NULL);
    CHECK(dawr_queue_data_version(reader) != v0, "data_version did not move after a commit");
    CHECK_INT(dawr_queue_last_event_id(reader), e0 + 1);
    CHECK_INT(dawr_queue_issue(reader, "new_request", 0, NULL), DAWR_STORE_FAILED);
    dawr_queue_close(reader);
}

static void events_are_append_only(void)
{
    fresh("appendonly");
    dawr_queue_issue(q, "new_request", 0, NULL);
    sqlite3 *db;
    sqlite3_open(db_path, &db);
    char *msg = NULL;
    CHECK(sqlite3_exec(db, "UPDATE events SET kind = 'x'", NULL, NULL, &msg) != SQLITE_OK, "update allowed");
    CHECK(msg && strstr(msg, "append-only"), "message %s", msg ? msg : "");
    sqlite3_free(msg);
    CHECK(sqlite3_exec(db, "DELETE FROM events", NULL, NULL, NULL) != SQLITE_OK, "delete allowed");
    /* Two tickets with one number are impossible, not just unlikely. */
    CHECK(sqlite3_exec(db, "INSERT INTO tickets (day, prefix, number, service, state, issued_at)"
                           " VALUES ('2026-11-25', 'A', 1, 'new_request', 'waiting', 0)", NULL, NULL, NULL)
              == SQLITE_CONSTRAINT, "duplicate number accepted");
    sqlite3_close(db);
}

/* The kiosk's "rate your visit": today's finished visits of the last hour, newest first, each
 * saying whether it was rated; and a visitor's call for help is one event. */
static void finished_visits_and_help(void)
{
    fresh("queue-finished");
    dawr_ticket t;
    for (int i = 0; i < 3; i++) {
        dawr_queue_issue(q, "new_request", 0, NULL);
        dawr_queue_call_next(q, "1", NULL);
        minutes_pass(40);
        CHECK_INT(dawr_queue_done(q, "1", &t), DAWR_OK);
    }
    CHECK_INT(dawr_queue_rate(q, "A-003", 5, NULL, 0, NULL), DAWR_OK);
    dawr_queue_issue(q, "follow_up", 0, NULL);                 /* waiting: not listed */
    dawr_finished f[8];
    int n = dawr_queue_finished(q, fake_now - 60 * 60000, f, 8);
    CHECK_INT(n, 2);
    CHECK_STR(f[0].ticket.code, "A-003");
    CHECK_INT(f[0].rated, 1);
    CHECK_STR(f[1].ticket.code, "A-002");
    CHECK_INT(f[1].rated, 0);
    CHECK_INT(dawr_queue_finished(q, 0, f, 8), 3);
    CHECK_INT(dawr_queue_finished(q, 0, f, 1), 1);
    long long before = dawr_queue_last_event_id(q);
    CHECK_INT(dawr_queue_help(q, "kiosk", "home", NULL, NULL), DAWR_OK);
    CHECK_INT(dawr_queue_last_event_id(q), before + 1);
    CHECK_STR(query_text(db_path, "SELECT kind || ' ' || detail FROM events ORDER BY id DESC LIMIT 1"),
              "help {\"screen\":\"home\",\"source\":\"kiosk\"}");
}

/* Issue 14: a screen shows where a ticket was called, from the call event. Counter 1 calls C-002
 * (here A-002) and transfers it to counter 2, which never called it: the recent call still says
 * counter 1; sent back to a service, the counter is not emptied either. */
static void recent_calls_come_from_the_call_event(void)
{
    fresh("recent-call-transfer");
    dawr_ticket t;
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_call_next(q, "1", NULL);
    dawr_queue_done(q, "1", NULL);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(t.code, "A-002");
    dawr_ms called = fake_now;
    minutes_pass(2);
    CHECK_INT(dawr_queue_transfer(q, "1", "2", NULL, &t), DAWR_OK);
    dawr_status st;
    CHECK_INT(dawr_queue_status(q, &st), DAWR_OK);
    CHECK_INT(st.recent_call_count, 2);
    CHECK_STR(st.recent_calls[0].code, "A-002");
    CHECK_STR(st.recent_calls[0].counter, "1");
    CHECK_INT(st.recent_calls[0].called_at, called);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_REFUSED);     /* A-002 waits for counter 2 only */
    dawr_queue_issue(q, "follow_up", 0, NULL);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_INT(dawr_queue_transfer(q, "1", "new_request", NULL, &t), DAWR_OK);
    CHECK_INT(dawr_queue_status(q, &st), DAWR_OK);
    CHECK_STR(st.recent_calls[0].code, "B-001");
    CHECK_STR(st.recent_calls[0].counter, "1");
}

/* Issue 14: "I need help" is a call a person answers. A second press while it is open makes no
 * second call; counter 2 answers it with the seconds it took; a second answer is refused and
 * names who is going; an unknown call is not found; yesterday's unanswered call is not today's. */
static void help_calls_are_answered_once(void)
{
    fresh("help-calls");
    dawr_help_call h, again_call, open[4];
    int again = -1, seconds = -1;
    CHECK_INT(dawr_queue_help_calls(q, open, 4), 0);
    CHECK_INT(dawr_queue_help(q, "kiosk", "services", &h, &again), DAWR_OK);
    CHECK_INT(again, 0);
    CHECK_STR(h.source, "kiosk");
    CHECK_INT(h.at, fake_now);
    long long events = dawr_queue_last_event_id(q);
    minutes_pass(1);
    CHECK_INT(dawr_queue_help(q, "kiosk", "help", &again_call, &again), DAWR_OK);
    CHECK_INT(again, 1);
    CHECK_INT(again_call.id, h.id);
    CHECK_INT(dawr_queue_last_event_id(q), events);             /* no second call */
    CHECK_INT(dawr_queue_help_calls(q, open, 4), 1);
    CHECK_STR(open[0].screen, "services");
    dawr_status st;
    CHECK_INT(dawr_queue_status(q, &st), DAWR_OK);
    CHECK_INT(st.help_open, 1);
    CHECK_INT(st.help_oldest_at, h.at);
    CHECK_INT(dawr_queue_help_ack(q, "9", h.id, NULL, NULL), DAWR_NOT_FOUND);
    CHECK_STR(dawr_queue_reason(q), "unknown_counter");
    CHECK_INT(dawr_queue_help_ack(q, "2", h.id + 100, NULL, NULL), DAWR_NOT_FOUND);
    CHECK_STR(dawr_queue_reason(q), "no_help_call");
    minutes_pass(1);
    fake_now += 5000;
    dawr_help_call answered;
    CHECK_INT(dawr_queue_help_ack(q, "2", h.id, &answered, &seconds), DAWR_OK);
    CHECK_INT(seconds, 125);
    CHECK_INT(answered.id, h.id);
    CHECK_STR(query_text(db_path, "SELECT kind || ' ' || counter || ' ' || detail FROM events ORDER BY id DESC LIMIT 1"),
              "help_ack 2 {\"help\":1,\"seconds\":125}");
    events = dawr_queue_last_event_id(q);
    CHECK_INT(dawr_queue_help_ack(q, "1", h.id, NULL, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "help_answered");
    CHECK_STR(dawr_queue_reason_values(q), "{\"call\":1,\"counter\":\"2\"}");
    CHECK_INT(dawr_queue_help_ack(q, "1", 0, NULL, NULL), DAWR_NOT_FOUND);
    CHECK_INT(dawr_queue_last_event_id(q), events);             /* refusals write nothing */
    CHECK_INT(dawr_queue_help_calls(q, open, 4), 0);
    CHECK_INT(dawr_queue_status(q, &st), DAWR_OK);
    CHECK_INT(st.help_open, 0);
    /* Answered, a new press is a new call; unanswered at midnight, it is not the next day's. */
    CHECK_INT(dawr_queue_help(q, "kiosk", "home", &h, &again), DAWR_OK);
    CHECK_INT(again, 0);
    CHECK_INT(dawr_queue_help_calls(q, open, 4), 1);
    fake_now = at_local("2026-11-26T08:00:00");
    CHECK_INT(dawr_queue_help_calls(q, open, 4), 0);
    CHECK_INT(dawr_queue_help(q, "kiosk", "home", &again_call, &again), DAWR_OK);
    CHECK_INT(again, 0);
    CHECK(again_call.id > h.id, "a new day's call");
}

/* Issue 14: an older receipt's visit may be rated within rating_days (default 7), not after;
 * dawr_queue_rateable says so, and why not. */
static void older_visits_rated_within_rating_days(void)
{
    fresh("rating-days");
    dawr_ticket t;
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_call_next(q, "1", NULL);
    dawr_queue_done(q, "1", &t);
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_call_next(q, "1", NULL);
    dawr_queue_done(q, "1", NULL);
    char ref1[32], ref2[32];
    snprintf(ref1, sizeof ref1, "#%lld", t.id);
    snprintf(ref2, sizeof ref2, "#%lld", t.id + 1);
    fake_now = at_local("2026-12-02T13:00:00");                 /* seven days on */
    CHECK_INT(dawr_queue_rateable(q, ref1, &t), DAWR_OK);
    CHECK_STR(t.day, "2026-11-25");
    CHECK_INT(dawr_queue_rate(q, ref1, 4, NULL, 0, NULL), DAWR_OK);
    CHECK_INT(dawr_queue_rateable(q, ref1, &t), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "already_rated");
    CHECK_INT(dawr_queue_rateable(q, ref2, &t), DAWR_OK);
    fake_now = at_local("2026-12-03T09:00:00");                 /* eight days on */
    CHECK_INT(dawr_queue_rateable(q, ref2, &t), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "too_old_to_rate");
    REFUSED_WITHOUT_CHANGE(dawr_queue_rate(q, ref2, 4, NULL, 0, NULL), DAWR_REFUSED, "too_old_to_rate", "too old to rate");
    CHECK_STR(dawr_queue_reason_values(q), "{\"ticket\":\"A-002\",\"day\":\"2026-11-25\",\"days\":7}");
}

/* The clock's override is one of the test hooks (engine/testhook.h), read by name in one place;
 * empty counts as unset, so the real clock runs. */
static void the_clock_override_is_a_test_hook(void)
{
    CHECK_STR(dawr_testhook_variable(DAWR_TESTHOOK_NOW), "DAWR_NOW");
    CHECK_STR(dawr_testhook_variable(DAWR_TESTHOOK_KIOSK_PRINT_STATE), "DAWR_KIOSK_PRINT_STATE");
    CHECK_STR(dawr_testhook_variable(DAWR_TESTHOOK_COUNT), "");
    setenv("DAWR_NOW", "2026-11-25T08:30:00", 1);
    CHECK_STR(dawr_testhook_get(DAWR_TESTHOOK_NOW), "2026-11-25T08:30:00");
    CHECK_INT(dawr_clock_now(), at_local("2026-11-25T08:30:00"));
    setenv("DAWR_NOW", "@1764048600", 1);
    CHECK_INT(dawr_clock_now(), 1764048600000LL);
    setenv("DAWR_NOW", "", 1);
    CHECK(dawr_testhook_get(DAWR_TESTHOOK_NOW) == NULL, "an empty override is no override");
    CHECK(dawr_clock_now() > at_local("2026-01-01T00:00:00"), "the real clock");
    unsetenv("DAWR_NOW");
    CHECK(dawr_testhook_get(DAWR_TESTHOOK_NOW) == NULL, "unset");
    CHECK(dawr_testhook_get(DAWR_TESTHOOK_COUNT) == NULL, "out of range");
}

/* The event kinds are one table: every kind's name maps back to it, no two share a name, an
 * unknown name is refused, and what the queue writes is read back as the same kinds. */
static int collect_kinds(const dawr_event *ev, void *ctx)
{
    char *out = ctx;
    size_t n = strlen(out);
    snprintf(out + n, 256 - n, "%s%s", n ? " " : "", dawr_event_kind_name(ev->kind));
    return 0;
}

static void event_kinds_round_trip(void)
{
    for (int k = DAWR_EVENT_NONE + 1; k < DAWR_EVENT_KIND_COUNT; k++) {
        const char *name = dawr_event_kind_name((dawr_event_kind)k);
        dawr_event_kind back = DAWR_EVENT_NONE;
        CHECK(*name && strlen(name) < 16, "kind %d has the name \"%s\"", k, name);
        CHECK(dawr_event_kind_parse(name, &back) == 0 && back == (dawr_event_kind)k, "%s maps back to %d", name, back);
        for (int j = DAWR_EVENT_NONE + 1; j < k; j++)
            CHECK(strcmp(name, dawr_event_kind_name((dawr_event_kind)j)), "two kinds named %s", name);
    }
    CHECK_STR(dawr_event_kind_name(DAWR_EVENT_PRINTER_STATE), "printer_state");
    CHECK_STR(dawr_event_kind_name(DAWR_EVENT_NONE), "");
    CHECK_STR(dawr_event_kind_name(DAWR_EVENT_KIND_COUNT), "");
    dawr_event_kind kind = DAWR_EVENT_HELP;
    CHECK_INT(dawr_event_kind_parse("Call", &kind), -1);
    CHECK_INT(dawr_event_kind_parse("print_", &kind), -1);
    CHECK_INT(dawr_event_kind_parse("", &kind), -1);
    CHECK_INT(dawr_event_kind_parse(NULL, &kind), -1);
    CHECK_INT(kind, DAWR_EVENT_HELP);                   /* a refused name leaves OUT alone */
    fresh("event-kinds");
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_call_next(q, "1", NULL);
    dawr_queue_recall(q, "1", NULL);
    dawr_queue_serve(q, "1", NULL);
    dawr_queue_done(q, "1", NULL);
    dawr_queue_rate(q, "A-001", 5, NULL, 0, NULL);
    dawr_queue_help(q, "kiosk", "home", NULL, NULL);
    CHECK_INT(dawr_queue_log(q, 1, DAWR_EVENT_PRINT_DONE, NULL), DAWR_OK);
    char kinds[256] = "";
    CHECK_INT(dawr_queue_events(q, 0, 0, collect_kinds, kinds), DAWR_OK);
    CHECK_STR(kinds, "issue call recall serve done rate help print_done");
    CHECK_STR(query_text(db_path, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events ORDER BY id)"), kinds);
}

/* Staff events are written by the queue's logger and read back through its event API like any
 * other: a PIN set is a "pin" event at that counter (never the PIN), a lock a "lockout" event
 * saying where; a refused PIN writes nothing. */
typedef struct { int n; dawr_event_kind kind[4]; char counter[4][33], detail[4][128]; long long ticket[4]; } event_list;

static int collect_events(const dawr_event *ev, void *ctx)
{
    event_list *l = ctx;
    if (l->n == 4) return 1;
    l->kind[l->n] = ev->kind;
    l->ticket[l->n] = ev->ticket;
    snprintf(l->counter[l->n], sizeof l->counter[0], "%s", ev->counter);
    snprintf(l->detail[l->n], sizeof l->detail[0], "%s", ev->detail);
    l->n++;
    return 0;
}

static void staff_events_go_through_the_log(void)
{
    fresh("staff-events");
    char err[256];
    long long before = dawr_queue_last_event_id(q);
    CHECK_INT(dawr_staff_set_pin(q, "1", "4821", err, sizeof err), DAWR_OK);
    event_list l = { 0 };
    CHECK_INT(dawr_queue_events(q, before, 0, collect_events, &l), DAWR_OK);
    REQUIRE(l.n == 1, "%d events after a PIN was set", l.n);
    CHECK_INT(l.kind[0], DAWR_EVENT_PIN);
    CHECK_STR(l.counter[0], "1");
    CHECK_INT(l.ticket[0], 0);
    CHECK_STR(l.detail[0], "{}");
    CHECK_INT(dawr_staff_set_pin(q, "9", "4821", err, sizeof err), DAWR_NOT_FOUND);
    CHECK_INT(dawr_staff_set_pin(q, "1", "12", err, sizeof err), DAWR_STAFF_BAD_PIN);
    CHECK_INT(dawr_queue_last_event_id(q), before + 1);
    before = dawr_queue_last_event_id(q);
    int r = DAWR_OK;
    for (int i = 0; i < 5 && r != DAWR_STAFF_LOCKED; i++) r = dawr_staff_sign_in(q, cfg, "1", "0000", fake_now, NULL, err, sizeof err);
    CHECK_INT(r, DAWR_STAFF_LOCKED);
    memset(&l, 0, sizeof l);
    CHECK_INT(dawr_queue_events(q, before, 0, collect_events, &l), DAWR_OK);
    REQUIRE(l.n == 1, "%d events after the lock", l.n);
    CHECK_INT(l.kind[0], DAWR_EVENT_LOCKOUT);
    CHECK_STR(l.counter[0], "1");
    CHECK_STR(l.detail[0], "{\"minutes\":5,\"where\":\"counter 1\"}");
    CHECK_STR(query_text(db_path, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE counter = '1' ORDER BY id)"),
              "pin lockout");
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "issue_numbers_per_prefix", issue_numbers_per_prefix },
        { "call_next_takes_the_oldest_it_serves", call_next_takes_the_oldest_it_serves },
        { "full_life_of_a_ticket", full_life_of_a_ticket },
        { "refusals_change_nothing", refusals_change_nothing },
        { "noshow_waits_for_recalls_and_grace", noshow_waits_for_recalls_and_grace },
        { "priority_first_but_never_starving", priority_first_but_never_starving },
        { "priority_ratio_is_per_counter", priority_ratio_is_per_counter },
        { "appointments_never_starve_walk_ins", appointments_never_starve_walk_ins },
        { "an_early_arrival_waits_until_its_time", an_early_arrival_waits_until_its_time },
        { "priority_before_appointments", priority_before_appointments },
        { "call_a_named_ticket_out_of_order", call_a_named_ticket_out_of_order },
        { "transfer_keeps_number_and_place", transfer_keeps_number_and_place },
        { "numbering_restarts_at_local_midnight", numbering_restarts_at_local_midnight },
        { "estimate_uses_median_of_recent_visits", estimate_uses_median_of_recent_visits },
        { "status_shows_counters_and_recent_calls", status_shows_counters_and_recent_calls },
        { "readers_notice_changes_cheaply", readers_notice_changes_cheaply },
        { "events_are_append_only", events_are_append_only },
        { "finished_visits_and_help", finished_visits_and_help },
        { "event_kinds_round_trip", event_kinds_round_trip },
        { "recent_calls_come_from_the_call_event", recent_calls_come_from_the_call_event },
        { "help_calls_are_answered_once", help_calls_are_answered_once },
        { "older_visits_rated_within_rating_days", older_visits_rated_within_rating_days },
        { "staff_events_go_through_the_log", staff_events_go_through_the_log },
        { "the_clock_override_is_a_test_hook", the_clock_override_is_a_test_hook },
        { NULL, NULL },
    };
    int status = harness_main("queue", cases, argc, argv);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    return status;
}
