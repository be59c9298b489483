/* Needs and priority, the policy's channels, visits handled at once, set-aside visits and
 * outcomes (issue 14), in the queue engine and its reports, on a real SQLite file. */
#include "harness.h"
#include "testutil.h"
#include "report.h"
#include "branch.h"

#include <math.h>
#include <sqlite3.h>

static const char *CONFIG =
    "[dawr]\n"
    "timezone = Asia/Riyadh\n"
    "priority_ratio = 2\n"
    "rating_reasons = waiting courtesy clarity place other\n"
    "[service new_request]\nprefix = A\nname_ar = طلب دعم جديد\nname_en = New request\nexpected_minutes = 12\n"
    "document_ar = الهوية\ndocument_en = ID card\n"
    "[service inquiry]\nprefix = C\nname_ar = استفسار\nname_en = Inquiry\n"
    "[service social_research]\nprefix = D\nname_ar = الباحث\nname_en = Researcher\n"
    "[counter 1]\nname_ar = ١\nname_en = One\nservices = new_request inquiry\n"
    "[counter 2]\nname_ar = ٢\nname_en = Two\nservices = new_request inquiry\n"
    "[counter 3]\nname_ar = ٣\nname_en = Three\nservices = social_research\n";

static dawr_config *cfg;
static dawr_queue *q;
static char db_path[600], dir_path[600];

static void fresh(const char *name, const char *extra)
{
    dawr_queue_close(q);
    dawr_config_free(cfg);
    const char *dir = scratch_dir(name);
    snprintf(dir_path, sizeof dir_path, "%s", dir);
    char conf[600], err[512], text[4096];
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(text, sizeof text, "%s%s%s", CONFIG, extra ? extra : "", ALWAYS_OPEN_HOURS);
    write_file(conf, text);
    snprintf(db_path, sizeof db_path, "%s/dawr.db", dir);
    cfg = dawr_config_load(conf, err, sizeof err);
    if (!cfg) { fprintf(stderr, "%s\n", err); exit(2); }
    q = dawr_queue_open(cfg, db_path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "%s\n", err); exit(2); }
    fake_now = at_local("2026-11-25T09:00:00");
    dawr_queue_set_clock(q, fake_clock, NULL);
}

static void minutes_pass(int m) { fake_now += (dawr_ms)m * 60000; }

#define REFUSED_WITHOUT_CHANGE(call, code, reason) do { \
        long long before_ = dawr_queue_last_event_id(q); \
        CHECK_INT(call, code); \
        CHECK_STR(dawr_queue_reason(q), reason); \
        CHECK_INT(dawr_queue_last_event_id(q), before_); } while (0)

static void needs_ask_for_priority_or_say_what_helps(void)
{
    fresh("needs", NULL);
    unsigned needs;
    char bad[64] = "", text[160];
    CHECK_INT(dawr_needs_parse("hard_of_hearing, companion", &needs, bad, sizeof bad), 0);
    CHECK_INT(needs, DAWR_NEED_BIT(HARD_OF_HEARING) | DAWR_NEED_BIT(COMPANION));
    CHECK_STR(dawr_needs_format(needs, text, sizeof text), "hard_of_hearing companion");
    CHECK_INT(dawr_needs_parse("wheelchair deaf", &needs, bad, sizeof bad), -1);
    CHECK_STR(bad, "deaf");
    CHECK_INT(dawr_needs_priority_mask(), DAWR_NEED_BIT(WHEELCHAIR) | DAWR_NEED_BIT(CANNOT_STAND) |
                                          DAWR_NEED_BIT(FRAIL) | DAWR_NEED_BIT(UNWELL));

    dawr_ticket a, b, c;
    dawr_issue_request hear = { .service = "new_request", .needs = DAWR_NEED_BIT(HARD_OF_HEARING) };
    CHECK_INT(dawr_queue_issue_request(q, &hear, &a), DAWR_OK);
    CHECK_INT(a.priority, 0);            /* a need that is no priority does not jump the queue */
    CHECK_INT(a.needs, DAWR_NEED_BIT(HARD_OF_HEARING));
    CHECK_INT(a.channel, DAWR_CHANNEL_KIOSK);
    minutes_pass(1);
    dawr_issue_request wheel = { .service = "new_request", .needs = DAWR_NEED_BIT(WHEELCHAIR) | DAWR_NEED_BIT(COMPANION) };
    CHECK_INT(dawr_queue_issue_request(q, &wheel, &b), DAWR_OK);
    CHECK_INT(b.priority, 1);
    CHECK_INT(b.people_ahead, 0);
    CHECK_STR(query_text(db_path, "SELECT detail FROM events WHERE ticket = 2"),
              "{\"channel\":\"kiosk\",\"day\":\"2026-11-25\",\"needs\":\"wheelchair companion\",\"priority\":true,"
              "\"service\":\"new_request\"}");
    CHECK_STR(query_text(db_path, "SELECT needs || '/' || channel FROM tickets WHERE id = 2"), "wheelchair companion/kiosk");
    /* The fairness rule is unchanged: the priority ticket first. */
    CHECK_INT(dawr_queue_call_next(q, "1", &c), DAWR_OK);
    CHECK_STR(c.code, "A-002");
    CHECK_INT(c.needs, DAWR_NEED_BIT(WHEELCHAIR) | DAWR_NEED_BIT(COMPANION));
}

static void desk_tickets_by_channel_and_visits_handled_at_once(void)
{
    fresh("channels", NULL);
    dawr_ticket t, called;
    dawr_issue_request phone = { .service = "inquiry", .channel = DAWR_CHANNEL_PHONE, .handled_at = "2",
                                 .outcome = "answered" };
    CHECK_INT(dawr_queue_issue_request(q, &phone, &t), DAWR_OK);
    CHECK_INT(t.state, DAWR_DONE);
    CHECK_STR(t.counter, "2");
    CHECK_STR(t.outcome, "answered");
    CHECK_INT(t.channel, DAWR_CHANNEL_PHONE);
    CHECK_STR(query_text(db_path, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events ORDER BY id)"), "issue done");
    CHECK_STR(query_text(db_path, "SELECT detail FROM events WHERE kind = 'done'"),
              "{\"handled_at_once\":true,\"outcome\":\"answered\",\"service_seconds\":0}");
    /* A WhatsApp call-back is queued and called like any ticket, at the counter only. */
    dawr_issue_request back = { .service = "inquiry", .channel = DAWR_CHANNEL_WHATSAPP };
    CHECK_INT(dawr_queue_issue_request(q, &back, &t), DAWR_OK);
    CHECK_STR(t.code, "C-002");
    CHECK_INT(t.state, DAWR_WAITING);
    dawr_issue_request desk = { .service = "inquiry", .channel = DAWR_CHANNEL_DESK, .priority = 1 };
    CHECK_INT(dawr_queue_issue_request(q, &desk, &t), DAWR_OK);
    CHECK_INT(t.priority, 1);
    CHECK_INT(dawr_queue_call_next(q, "1", &called), DAWR_OK);
    CHECK_STR(called.code, "C-003");
    CHECK_INT(dawr_queue_done(q, "1", NULL), DAWR_OK);
    CHECK_INT(dawr_queue_call_next(q, "1", &called), DAWR_OK);
    CHECK_STR(called.code, "C-002");
    dawr_status st;
    CHECK_INT(dawr_queue_status(q, &st), DAWR_OK);
    CHECK_INT(st.recent_call_count, 1);   /* the desk's C-003, not the call-back */
    CHECK_STR(st.recent_calls[0].code, "C-003");
    CHECK_INT(st.counters[0].has_ticket, 1);
    CHECK_STR(st.counters[0].ticket.code, "C-002");
    CHECK_INT(dawr_channel_in_person(DAWR_CHANNEL_DESK), 1);
    CHECK_INT(dawr_channel_in_person(DAWR_CHANNEL_HOME_VISIT), 0);
    dawr_channel ch;
    CHECK_INT(dawr_channel_parse("branch", &ch), 0);
    CHECK_INT(ch, DAWR_CHANNEL_BRANCH);
    CHECK_INT(dawr_channel_parse("fax", &ch), -1);
}

static void new_actions_refuse_and_change_nothing(void)
{
    fresh("refusals", NULL);
    dawr_ticket t;
    dawr_issue_request r = { .service = "inquiry", .needs = 1u << DAWR_NEED_COUNT };
    REFUSED_WITHOUT_CHANGE(dawr_queue_issue_request(q, &r, &t), DAWR_REFUSED, "unknown_need");
    r = (dawr_issue_request){ .service = "inquiry", .channel = DAWR_CHANNEL_COUNT };
    REFUSED_WITHOUT_CHANGE(dawr_queue_issue_request(q, &r, &t), DAWR_REFUSED, "unknown_channel");
    r = (dawr_issue_request){ .service = "inquiry", .handled_at = "1" };
    REFUSED_WITHOUT_CHANGE(dawr_queue_issue_request(q, &r, &t), DAWR_REFUSED, "not_handled_at_once");
    r = (dawr_issue_request){ .service = "inquiry", .channel = DAWR_CHANNEL_PHONE, .handled_at = "9" };
    REFUSED_WITHOUT_CHANGE(dawr_queue_issue_request(q, &r, &t), DAWR_NOT_FOUND, "unknown_counter");
    r = (dawr_issue_request){ .service = "inquiry", .channel = DAWR_CHANNEL_PHONE, .outcome = "answered" };
    REFUSED_WITHOUT_CHANGE(dawr_queue_issue_request(q, &r, &t), DAWR_REFUSED, "outcome_needs_handling");
    r = (dawr_issue_request){ .service = "inquiry", .channel = DAWR_CHANNEL_PHONE, .handled_at = "1", .outcome = "won" };
    REFUSED_WITHOUT_CHANGE(dawr_queue_issue_request(q, &r, &t), DAWR_REFUSED, "unknown_outcome");
    REFUSED_WITHOUT_CHANGE(dawr_queue_aside(q, "1", NULL, &t), DAWR_REFUSED, "no_visitor");
    REFUSED_WITHOUT_CHANGE(dawr_queue_aside(q, "9", NULL, &t), DAWR_NOT_FOUND, "unknown_counter");
    REFUSED_WITHOUT_CHANGE(dawr_queue_resume(q, "1", "C-007", &t), DAWR_NOT_FOUND, "no_ticket");
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, NULL), DAWR_OK);
    CHECK_INT(dawr_queue_issue(q, "social_research", 0, NULL), DAWR_OK);
    REFUSED_WITHOUT_CHANGE(dawr_queue_resume(q, "1", "C-001", &t), DAWR_REFUSED, "not_aside");
    CHECK_STR(dawr_queue_reason_values(q), "{\"ticket\":\"C-001\",\"state\":\"waiting\"}");
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    REFUSED_WITHOUT_CHANGE(dawr_queue_done_outcome(q, "1", "won", NULL, &t), DAWR_REFUSED, "unknown_outcome");
    /* A page drawn when counter 1 had another visitor: the late click changes nothing. */
    REFUSED_WITHOUT_CHANGE(dawr_queue_done_outcome(q, "1", "answered", "C-009", &t), DAWR_REFUSED, "stale");
    CHECK_STR(dawr_queue_reason_values(q), "{\"ticket\":\"C-001\",\"expected\":\"C-009\"}");
    REFUSED_WITHOUT_CHANGE(dawr_queue_aside(q, "1", "C-009", &t), DAWR_REFUSED, "stale");
    CHECK_INT(dawr_queue_call_next(q, "3", &t), DAWR_OK);
    CHECK_INT(dawr_queue_aside(q, "3", "D-001", &t), DAWR_OK);
    /* Counter 1 is busy, counter 2 does not serve the researcher's service. */
    REFUSED_WITHOUT_CHANGE(dawr_queue_resume(q, "1", "D-001", &t), DAWR_REFUSED, "counter_busy");
    REFUSED_WITHOUT_CHANGE(dawr_queue_resume(q, "2", "D-001", &t), DAWR_REFUSED, "not_served_here");
    CHECK_INT(dawr_queue_done_outcome(q, "1", "answered", "c-001", &t), DAWR_OK);
    CHECK_STR(t.outcome, "answered");
}

static void set_aside_and_taken_back_at_another_counter(void)
{
    fresh("aside", NULL);
    dawr_ticket t, other, list[8];
    dawr_queue_issue(q, "new_request", 0, NULL);
    minutes_pass(1);
    dawr_queue_issue(q, "new_request", 0, NULL);
    minutes_pass(4);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    minutes_pass(1);
    CHECK_INT(dawr_queue_serve(q, "1", &t), DAWR_OK);
    minutes_pass(3);                      /* served 3 minutes, then sent for a document */
    CHECK_INT(dawr_queue_aside(q, "1", "A-001", &t), DAWR_OK);
    CHECK_INT(t.state, DAWR_ASIDE);
    CHECK_INT(t.aside_at, fake_now);
    CHECK_INT(dawr_queue_set_aside(q, list, 8), 1);
    CHECK_STR(list[0].code, "A-001");
    CHECK_STR(list[0].counter, "1");
    /* The counter is free for the next visitor; the set-aside ticket is never called by "next". */
    CHECK_INT(dawr_queue_call_next(q, "1", &other), DAWR_OK);
    CHECK_STR(other.code, "A-002");
    CHECK_INT(dawr_queue_call_next(q, "2", &other), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "nobody_waiting");
    minutes_pass(20);
    CHECK_INT(dawr_queue_resume(q, "2", "A-001", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    CHECK_INT(t.state, DAWR_SERVING);     /* its visit had begun: it goes on */
    CHECK_STR(t.counter, "2");
    CHECK_INT(t.aside_ms, 20 * 60000);
    CHECK_INT(dawr_queue_set_aside(q, list, 8), 0);
    minutes_pass(2);
    CHECK_INT(dawr_queue_done_outcome(q, "2", DAWR_OUTCOME_DOCUMENTS_MISSING, NULL, &t), DAWR_OK);
    CHECK_INT(t.finished_at - t.serving_at, 5 * 60000);   /* 3 + 2: the 20 aside are not service */
    CHECK_STR(query_text(db_path, "SELECT group_concat(kind, ' ') FROM (SELECT kind FROM events WHERE ticket = 1 ORDER BY id)"),
              "issue call serve aside resume done");
    CHECK_STR(query_text(db_path, "SELECT detail FROM events WHERE kind = 'resume'"),
              "{\"aside_seconds\":1200,\"from_counter\":\"1\",\"state\":\"serving\"}");
    CHECK_STR(query_text(db_path, "SELECT json_extract(detail, '$.service_seconds') FROM events WHERE kind = 'done'"), "300");
    /* A called one set aside comes back called, and the screens call it to its new counter. */
    CHECK_INT(dawr_queue_done(q, "1", NULL), DAWR_OK);
    dawr_queue_issue(q, "inquiry", 0, NULL);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_INT(dawr_queue_aside(q, "1", NULL, &t), DAWR_OK);
    CHECK_INT(dawr_queue_resume(q, "2", "C-001", &t), DAWR_OK);
    CHECK_INT(t.state, DAWR_CALLED);
    dawr_status st;
    CHECK_INT(dawr_queue_status(q, &st), DAWR_OK);
    CHECK_STR(st.recent_calls[0].code, "C-001");
    CHECK_STR(st.recent_calls[0].counter, "2");
    REFUSED_WITHOUT_CHANGE(dawr_queue_resume(q, "1", "C-001", &t), DAWR_REFUSED, "not_aside");
}

static void a_ticket_still_aside_at_the_end_of_its_day_is_closed(void)
{
    fresh("aside-day", NULL);
    dawr_ticket t;
    dawr_queue_issue(q, "inquiry", 0, NULL);
    dawr_queue_call_next(q, "1", &t);
    CHECK_INT(dawr_queue_aside(q, "1", NULL, &t), DAWR_OK);
    fake_now = at_local("2026-11-26T08:00:00");
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, &t), DAWR_OK);
    CHECK_STR(t.code, "C-001");
    CHECK_STR(query_text(db_path, "SELECT state FROM tickets WHERE id = 1"), "cancelled");
    CHECK_STR(query_text(db_path, "SELECT json_extract(detail, '$.reason') FROM events WHERE kind = 'expire'"),
              "still set aside when the service day ended");
    CHECK_INT(query_int(db_path, "SELECT aside_ms FROM tickets WHERE id = 1"), 23 * 3600000LL);
    CHECK_INT(query_int(db_path, "SELECT aside_at IS NULL FROM tickets WHERE id = 1"), 1);
    REFUSED_WITHOUT_CHANGE(dawr_queue_resume(q, "1", "1", &t), DAWR_REFUSED, "not_aside");
}

static void outcomes_come_from_the_configuration(void)
{
    fresh("outcomes", NULL);
    CHECK_INT(dawr_config_outcome_count(cfg), 5);
    CHECK_STR(dawr_config_outcome(cfg, 2)->id, "documents_missing");
    CHECK_STR(dawr_config_outcome(cfg, 4)->name_en, "Complaint recorded");
    CHECK_INT(dawr_config_kiosk(cfg)->self_priority, 1);
    fresh("outcomes2", "[kiosk]\nself_priority = no\n[outcomes]\nanswered = أجيب | Answered\n"
                       "documents_missing = مستندات ناقصة | Documents missing\n");
    CHECK_INT(dawr_config_outcome_count(cfg), 2);
    CHECK_STR(dawr_config_outcome(cfg, 0)->name_ar, "أجيب");
    CHECK_STR(dawr_config_outcome(cfg, 1)->name_en, "Documents missing");
    CHECK(dawr_config_find_outcome(cfg, "registered") == NULL, "the section replaces the defaults");
    CHECK_INT(dawr_config_kiosk(cfg)->self_priority, 0);
    const char *bad[][2] = {
        { "[outcomes]\nanswered = Answered\n", "\"Arabic name | English name\"" },
        { "[outcomes]\nAnswered = أ | A\n", "lower-case" },
        { "[outcomes]\nanswered = | A\n", "both an Arabic and an English" },
        { "[kiosk]\nself_priority = maybe\n", "self_priority must be yes or no" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char path[700], text[4096], err[512];
        snprintf(path, sizeof path, "%s/bad.conf", scratch_dir("outcomes-bad"));
        snprintf(text, sizeof text, "%s%s", CONFIG, bad[i][0]);
        write_file(path, text);
        dawr_config *c = dawr_config_load(path, err, sizeof err);
        CHECK(c == NULL && strstr(err, bad[i][1]) && strstr(err, ":33:"), "case %zu: %s", i, err);
        dawr_config_free(c);
    }
}

/* A database at schema 4, as a Dawr of then left it (undoing migration 5 by hand), keeps its
 * tickets, events and ratings, which become kiosk tickets without needs. */
static void schema_4_database_migrates_its_tickets(void)
{
    fresh("schema4", NULL);
    dawr_ticket t;
    dawr_queue_issue(q, "inquiry", 1, NULL);
    dawr_queue_call_next(q, "1", &t);
    dawr_queue_done(q, "1", &t);
    CHECK_INT(dawr_queue_rate(q, "C-001", 4, NULL, 0, NULL), DAWR_OK);
    dawr_queue_issue(q, "new_request", 0, NULL);
    dawr_queue_close(q);
    q = NULL;
    sqlite3 *db;
    REQUIRE(sqlite3_open(db_path, &db) == SQLITE_OK, "open");
    const char *undo =
        "PRAGMA foreign_keys = OFF; BEGIN;"
        "ALTER TABLE counters DROP COLUMN appointment_streak;"                                /* migration 9's */
        "DROP TABLE appointments; DROP TABLE application_contacts; DROP TABLE applications;"   /* migration 7's */
        "CREATE TABLE t3 (id INTEGER PRIMARY KEY, day TEXT NOT NULL, prefix TEXT NOT NULL CHECK (length(prefix) = 1),"
        " number INTEGER NOT NULL CHECK (number > 0), service TEXT NOT NULL REFERENCES services(id),"
        " priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),"
        " state TEXT NOT NULL CHECK (state IN ('waiting','called','serving','done','noshow','cancelled')),"
        " counter TEXT REFERENCES counters(id), issued_at INTEGER NOT NULL, first_called_at INTEGER, called_at INTEGER,"
        " recalls INTEGER NOT NULL DEFAULT 0, serving_at INTEGER, finished_at INTEGER, UNIQUE (day, prefix, number)) STRICT;"
        "INSERT INTO t3 SELECT id, day, prefix, number, service, priority, state, counter, issued_at, first_called_at,"
        " called_at, recalls, serving_at, finished_at FROM tickets;"
        "DROP TABLE tickets; ALTER TABLE t3 RENAME TO tickets;"
        "CREATE UNIQUE INDEX tickets_one_per_counter ON tickets(counter) WHERE state IN ('called','serving');"
        "PRAGMA user_version = 4; COMMIT;";
    CHECK(sqlite3_exec(db, undo, NULL, NULL, NULL) == SQLITE_OK, "to schema 4: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    CHECK_INT(query_int(db_path, "PRAGMA user_version"), 4);
    char err[512];
    q = dawr_queue_open(cfg, db_path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    REQUIRE(q != NULL, "reopen: %s", err);
    dawr_queue_set_clock(q, fake_clock, NULL);
    CHECK(query_int(db_path, "PRAGMA user_version") >= 5, "migrated past schema 4");
    CHECK_STR(query_text(db_path, "SELECT group_concat(code, ' ') FROM (SELECT prefix || '-' || number || ':' || state"
                                  " || ':' || channel || ':' || needs || ':' || priority AS code FROM tickets ORDER BY id)"),
              "C-1:done:kiosk::1 A-1:waiting:kiosk::0");
    CHECK_INT(query_int(db_path, "SELECT count(*) FROM pragma_foreign_key_check"), 0);
    CHECK_INT(query_int(db_path, "SELECT count(*) FROM ratings"), 1);
    CHECK_INT(query_int(db_path, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets'"
                                 " AND name LIKE 'tickets_%'"), 6);
    char report[1024];
    CHECK_INT(dawr_queue_check(q, report, sizeof report), 0);
    CHECK_INT(dawr_queue_call_next(q, "2", &t), DAWR_OK);
    CHECK_STR(t.code, "A-001");
    CHECK_INT(dawr_queue_aside(q, "2", NULL, &t), DAWR_OK);
}

static double stat_of(json_t *o, const char *path1, const char *path2)
{
    json_t *v = json_object_get(json_object_get(o, path1), path2);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* O's compact text, in a buffer kept until the next call. */
static const char *dumped(json_t *o, size_t flags)
{
    static char text[1024];
    char *s = json_dumps(o, flags);
    snprintf(text, sizeof text, "%s", s ? s : "");
    free(s);
    return text;
}

static json_t *group(json_t *report, const char *list, const char *key)
{
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(report, list), i, g)
        if (!strcmp(json_string_value(json_object_get(g, "key")), key)) return g;
    return NULL;
}

/* The log's events kept for feeding, grouped by ticket as the centre reads them. */
typedef struct { long long id, ticket; dawr_ms at; char kind[24], counter[33], detail[512]; } logged;
static logged LOG[256];
static int log_count;

static int keep_event(const dawr_event *ev, void *ctx)
{
    (void)ctx;
    if (log_count == 256) return 1;
    logged *l = &LOG[log_count++];
    *l = (logged){ .id = ev->id, .ticket = ev->ticket, .at = ev->at };
    snprintf(l->kind, sizeof l->kind, "%s", dawr_event_kind_name(ev->kind));
    snprintf(l->counter, sizeof l->counter, "%s", ev->counter);
    snprintf(l->detail, sizeof l->detail, "%s", ev->detail);
    return 0;
}

static int by_ticket(const void *a, const void *b)
{
    const logged *x = a, *y = b;
    return x->ticket != y->ticket ? (x->ticket > y->ticket) - (x->ticket < y->ticket) : (x->id > y->id) - (x->id < y->id);
}

/* One synthetic day, every figure known in advance (on the queue fresh() opened). */
static void build_visits_day(void)
{
    dawr_ticket t;
    /* 09:00 kiosk A-001, 09:02 desk A-002 (hard of hearing), phone C-001 handled at once at 2. */
    dawr_queue_issue(q, "new_request", 0, NULL);
    minutes_pass(2);
    dawr_issue_request desk = { .service = "new_request", .channel = DAWR_CHANNEL_DESK,
                                .needs = DAWR_NEED_BIT(HARD_OF_HEARING) };
    CHECK_INT(dawr_queue_issue_request(q, &desk, NULL), DAWR_OK);
    dawr_issue_request phone = { .service = "inquiry", .channel = DAWR_CHANNEL_PHONE, .handled_at = "2",
                                 .outcome = "answered" };
    CHECK_INT(dawr_queue_issue_request(q, &phone, NULL), DAWR_OK);
    dawr_issue_request back = { .service = "inquiry", .channel = DAWR_CHANNEL_WHATSAPP };
    CHECK_INT(dawr_queue_issue_request(q, &back, NULL), DAWR_OK);           /* C-002, a call-back */
    minutes_pass(4);                                                          /* 09:06 */
    dawr_queue_call_next(q, "1", &t);                                         /* A-001 waited 6 */
    dawr_queue_serve(q, "1", &t);
    minutes_pass(4);                                                          /* 09:10 */
    CHECK_INT(dawr_queue_aside(q, "1", NULL, &t), DAWR_OK);                   /* 4 min served */
    dawr_queue_call_next(q, "1", &t);                                         /* A-002 waited 8 */
    CHECK_STR(t.code, "A-002");
    dawr_queue_serve(q, "1", &t);
    minutes_pass(6);                                                          /* 09:16 */
    CHECK_INT(dawr_queue_done_outcome(q, "1", "registered", NULL, NULL), DAWR_OK);
    minutes_pass(4);                                                          /* 09:20: 10 aside */
    CHECK_INT(dawr_queue_resume(q, "2", "A-001", &t), DAWR_OK);
    minutes_pass(2);
    CHECK_INT(dawr_queue_done_outcome(q, "2", DAWR_OUTCOME_DOCUMENTS_MISSING, NULL, NULL), DAWR_OK); /* 4+2 = 6 */
    dawr_queue_call_next(q, "2", &t);                                         /* C-002 waited 20 */
    CHECK_STR(t.code, "C-002");
    minutes_pass(3);
    CHECK_INT(dawr_queue_done_outcome(q, "2", "answered", NULL, NULL), DAWR_OK);    /* 3, from the call */
    CHECK_INT(dawr_queue_rate(q, "A-001", 5, NULL, 0, NULL), DAWR_OK);
    CHECK_INT(dawr_queue_rate(q, "A-002", 2, NULL, 0, NULL), DAWR_OK);
    CHECK_INT(dawr_queue_rate(q, "C-001", 4, NULL, 0, NULL), DAWR_OK);
}

/* The synthetic day's figures in JSON, CSV and the centre's report. */
static void report_counts_channels_outcomes_and_time_aside(void)
{
    fresh("report", NULL);
    build_visits_day();

    dawr_report *r;
    char err[256];
    REQUIRE(dawr_report_compute(q, "2026-11-25", "2026-11-25", DAWR_REPORT_BY_DAY, &r, err, sizeof err) == DAWR_OK, "%s", err);
    json_t *j = dawr_report_json(r);
    json_t *kiosk = group(j, "channels", "kiosk"), *dsk = group(j, "channels", "desk"),
           *ph = group(j, "channels", "phone"), *wa = group(j, "channels", "whatsapp"), *letter = group(j, "channels", "letter");
    REQUIRE(kiosk && dsk && ph && wa && letter, "every channel listed");
    CHECK_INT(json_array_size(json_object_get(j, "channels")), DAWR_CHANNEL_COUNT);
    CHECK_INT(json_integer_value(json_object_get(kiosk, "tickets")), 1);
    CHECK_INT(json_integer_value(json_object_get(kiosk, "served")), 1);
    CHECK(stat_of(kiosk, "wait_minutes", "mean") == 6, "kiosk wait %g", stat_of(kiosk, "wait_minutes", "mean"));
    CHECK(stat_of(kiosk, "service_minutes", "mean") == 6, "kiosk service %g", stat_of(kiosk, "service_minutes", "mean"));
    CHECK(stat_of(dsk, "wait_minutes", "mean") == 8, "desk wait %g", stat_of(dsk, "wait_minutes", "mean"));
    CHECK(stat_of(wa, "wait_minutes", "mean") == 20, "whatsapp wait %g", stat_of(wa, "wait_minutes", "mean"));
    CHECK_INT(json_integer_value(json_object_get(ph, "tickets")), 1);
    CHECK_INT(json_integer_value(json_object_get(ph, "served")), 1);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(ph, "wait_minutes"), "count")), 0);
    CHECK(stat_of(dsk, "ratings", "mean") == 2, "desk rating %g", stat_of(dsk, "ratings", "mean"));
    CHECK(stat_of(ph, "ratings", "mean") == 4, "phone rating %g", stat_of(ph, "ratings", "mean"));
    CHECK_INT(json_integer_value(json_object_get(letter, "tickets")), 0);
    json_t *total = json_object_get(j, "total");
    CHECK_INT(json_integer_value(json_object_get(total, "set_asides")), 1);
    CHECK(stat_of(total, "aside_minutes", "mean") == 10, "aside %g", stat_of(total, "aside_minutes", "mean"));
    CHECK(stat_of(total, "service_minutes", "mean") == 5, "service mean %g", stat_of(total, "service_minutes", "mean"));
    CHECK_STR(dumped(json_object_get(total, "outcomes"), JSON_COMPACT),
              "{\"answered\":2,\"registered\":1,\"documents_missing\":1,\"referred\":0,\"complaint_recorded\":0}");
    json_t *c1 = group(j, "counters", "1"), *c2 = group(j, "counters", "2");
    CHECK_STR(dumped(json_object_get(c1, "outcomes"), JSON_COMPACT),
              "{\"answered\":0,\"registered\":1,\"documents_missing\":0,\"referred\":0,\"complaint_recorded\":0}");
    CHECK_STR(dumped(json_object_get(c2, "outcomes"), JSON_COMPACT),
              "{\"answered\":2,\"registered\":0,\"documents_missing\":1,\"referred\":0,\"complaint_recorded\":0}");
    CHECK_INT(json_integer_value(json_object_get(c1, "set_asides")), 1);
    CHECK_INT(json_integer_value(json_object_get(c2, "set_asides")), 0);
    json_t *newreq = group(j, "reasons", "new_request"), *inq = group(j, "reasons", "inquiry");
    CHECK_INT(json_integer_value(json_object_get(json_object_get(newreq, "outcomes"), "documents_missing")), 1);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(inq, "outcomes"), "answered")), 2);
    /* Counter 1's service: A-001's 4 minutes before it was set aside, A-002's 6; counter 2's: 2 and 3. */
    CHECK(stat_of(c1, "service_minutes", "mean") == 5, "counter 1 %g", stat_of(c1, "service_minutes", "mean"));
    CHECK(stat_of(c2, "service_minutes", "mean") == 2.5, "counter 2 %g", stat_of(c2, "service_minutes", "mean"));
    char *csv = NULL;
    size_t csv_size = 0;
    FILE *f = open_memstream(&csv, &csv_size);
    CHECK_INT(dawr_report_write_csv(r, f), 0);
    fclose(f);
    CHECK(strstr(csv, ",set_asides,aside_count,aside_mean_min,aside_median_min,aside_p90_min,outcome_answered,"
                      "outcome_registered,outcome_documents_missing,outcome_referred,outcome_complaint_recorded,"
                      "help_calls,help_answered,help_median_seconds,help_longest_seconds,value\n"), "header");
    CHECK(strstr(csv, "\nchannel,phone,phone,2026-11-25,2026-11-25,1,1,"), "phone row");
    free(csv);
    /* The centre's report from the log alone (dawr_report_feed) says the same. */
    log_count = 0;
    REQUIRE(dawr_queue_events(q, 0, 0, keep_event, NULL) == DAWR_OK, "events");
    qsort(LOG, (size_t)log_count, sizeof LOG[0], by_ticket);
    dawr_report_feed *feed = dawr_report_feed_new(cfg, "2026-11-25", "2026-11-25", DAWR_REPORT_BY_DAY, err, sizeof err);
    REQUIRE(feed, "%s", err);
    for (int i = 0; i < log_count; i++) {        /* with only the details the centre is sent */
        char *sent = dawr_branch_shared_detail(LOG[i].kind, LOG[i].detail);
        CHECK_INT(dawr_report_feed_event(feed, LOG[i].ticket, LOG[i].at, LOG[i].kind, LOG[i].counter, sent), 0);
        free(sent);
    }
    /* What the centre gets: the channel and the outcome, never a visitor's needs. */
    char *shared = dawr_branch_shared_detail("issue", "{\"channel\":\"desk\",\"day\":\"2026-11-25\",\"needs\":"
                                                       "\"hard_of_hearing\",\"priority\":false,\"service\":\"new_request\"}");
    CHECK_STR(shared, "{\"channel\":\"desk\",\"day\":\"2026-11-25\",\"priority\":false,\"service\":\"new_request\"}");
    free(shared);
    shared = dawr_branch_shared_detail("done", "{\"outcome\":\"answered\",\"service_seconds\":60}");
    CHECK_STR(shared, "{\"outcome\":\"answered\",\"service_seconds\":60}");
    free(shared);
    /* Of the events about no ticket, what reports read: no next opening, no screen's state. */
    shared = dawr_branch_shared_detail("refused", "{\"channel\":\"kiosk\",\"holiday\":null,\"next_open\":"
                                                  "\"2026-11-26 08:00\",\"reason\":\"closed\",\"service\":\"inquiry\"}");
    CHECK_STR(shared, "{\"channel\":\"kiosk\",\"reason\":\"closed\",\"service\":\"inquiry\"}");
    free(shared);
    shared = dawr_branch_shared_detail("pause_end", "{\"cut_seconds\":300,\"day\":\"2026-11-25\",\"early\":true,"
                                                    "\"prayer\":\"dhuhr\"}");
    CHECK_STR(shared, "{\"day\":\"2026-11-25\",\"early\":true,\"prayer\":\"dhuhr\"}");
    free(shared);
    shared = dawr_branch_shared_detail("help_ack", "{\"help\":42,\"seconds\":90}");
    CHECK_STR(shared, "{\"help\":42,\"seconds\":90}");
    free(shared);
    dawr_report *fed;
    REQUIRE(dawr_report_feed_finish(feed, &fed, err, sizeof err) == DAWR_OK, "%s", err);
    json_t *jf = dawr_report_json(fed);
    char *a = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS), *b = json_dumps(jf, JSON_COMPACT | JSON_SORT_KEYS);
    CHECK(a && b && !strcmp(a, b), "the log's report differs:\n%s\n%s", a, b);
    free(b);
    json_decref(jf);
    dawr_report_free(fed);
    /* The tickets split between two feeds (two branches), added into a third: the same report,
     * medians and percentiles included (the association's, tools/central_report.c). */
    dawr_report_feed *half[2], *sum = dawr_report_feed_new(cfg, "2026-11-25", "2026-11-25", DAWR_REPORT_BY_DAY, err, sizeof err);
    REQUIRE(sum, "%s", err);
    for (int k = 0; k < 2; k++) {
        half[k] = dawr_report_feed_new(cfg, "2026-11-25", "2026-11-25", DAWR_REPORT_BY_DAY, err, sizeof err);
        REQUIRE(half[k], "%s", err);
    }
    for (int i = 0; i < log_count; i++) {
        char *sent = dawr_branch_shared_detail(LOG[i].kind, LOG[i].detail);
        CHECK_INT(dawr_report_feed_event(half[LOG[i].ticket % 2], LOG[i].ticket, LOG[i].at, LOG[i].kind, LOG[i].counter, sent), 0);
        free(sent);
    }
    for (int k = 0; k < 2; k++) {
        CHECK_INT(dawr_report_feed_add(sum, half[k]), 0);
        REQUIRE(dawr_report_feed_finish(half[k], &fed, err, sizeof err) == DAWR_OK, "%s", err);
        CHECK(fed->total.tickets > 0 && fed->total.tickets < r->total.tickets, "half of the tickets: %d", fed->total.tickets);
        dawr_report_free(fed);
    }
    REQUIRE(dawr_report_feed_finish(sum, &fed, err, sizeof err) == DAWR_OK, "%s", err);
    jf = dawr_report_json(fed);
    b = json_dumps(jf, JSON_COMPACT | JSON_SORT_KEYS);
    CHECK(a && b && !strcmp(a, b), "the two halves' report added differs:\n%s\n%s", a, b);
    free(a);
    free(b);
    json_decref(jf);
    dawr_report_free(fed);
    json_decref(j);
    dawr_report_free(r);
}

/* The PDF of the synthetic day in LANG, as text laid out in rows (pdftotext -layout), into OUT. */
static const char *pdf_text(const char *lang, char *out, size_t size)
{
    const char *dir = dir_path;
    static char cmd[8192];
    out[0] = 0;
    snprintf(cmd, sizeof cmd, "DAWR_NOW=2026-11-25T12:00:00 %s/dawrctl --config %s/dawr.conf --db %s report --from 2026-11-25"
             " --to 2026-11-25 --pdf %s/%s.pdf --lang %s >/dev/null && pdftotext -layout -enc UTF-8 %s/%s.pdf %s/%s.txt",
             getenv("BUILD") ? getenv("BUILD") : "build", dir, db_path, dir, lang, lang, dir, lang, dir, lang);
    CHECK(system(cmd) == 0, "%s", cmd);
    snprintf(cmd, sizeof cmd, "%s/%s.txt", dir, lang);
    read_file_into(cmd, out, size);
    return out;
}

/* TEXT without spaces, line ends and the bidi controls pdftotext adds (U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069), into a static buffer. */
static const char *squeezed(const char *text)
{
    static char out[1 << 18];
    size_t n = 0;
    for (const unsigned char *u = (const unsigned char *)text; *u && n + 1 < sizeof out;) {
        if (*u == ' ' || *u == '\n') { u++; continue; }
        if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x8E || u[2] == 0x8F || (u[2] >= 0xAA && u[2] <= 0xAE))) { u += 3; continue; }
        if (u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9) { u += 3; continue; }
        out[n++] = (char)*u++;
    }
    out[n] = 0;
    return out;
}

/* The line of TEXT holding NEEDLE after the title AFTER, its runs of spaces made one, into a
 * static buffer ("" none). */
static const char *row_in(const char *text, const char *after, const char *needle)
{
    static char row[1024];
    row[0] = 0;
    const char *from = strstr(text, after), *at = from ? strstr(from, needle) : NULL;
    if (!at) return row;
    while (at > text && at[-1] != '\n') at--;
    size_t n = 0;
    for (; *at && *at != '\n' && n + 1 < sizeof row; at++)
        if (*at != ' ' || (n && row[n - 1] != ' ')) row[n++] = *at;
    while (n && row[n - 1] == ' ') n--;
    row[n] = 0;
    return row;
}

/* The board's PDF carries the same day's figures: visits by channel, outcomes per reason and
 * counter, the time set aside with how it is counted, and the help calls per day. */
static void pdf_shows_channels_outcomes_aside_and_help(void)
{
    fresh("report-pdf", NULL);
    build_visits_day();
    /* Help: 09:30 answered after 40 s, 10:00 after 120 s, 10:30 never: median 80 s, longest 120 s. */
    fake_now = at_local("2026-11-25T09:30:00");
    CHECK_INT(dawr_queue_help(q, "kiosk", "home", NULL, NULL), DAWR_OK);
    fake_now += 40000;
    CHECK_INT(dawr_queue_help_ack(q, "2", 0, NULL, NULL), DAWR_OK);
    fake_now = at_local("2026-11-25T10:00:00");
    CHECK_INT(dawr_queue_help(q, "kiosk", "home", NULL, NULL), DAWR_OK);
    fake_now += 120000;
    CHECK_INT(dawr_queue_help_ack(q, "1", 0, NULL, NULL), DAWR_OK);
    fake_now = at_local("2026-11-25T10:30:00");
    CHECK_INT(dawr_queue_help(q, "kiosk", "home", NULL, NULL), DAWR_OK);
    static char text[1 << 18];
    pdf_text("en", text, sizeof text);
    CHECK_STR(row_in(text, "Visitors' calls for help", "Help calls: "), "Help calls: 3 · answered: 2 · median time to answer: 80 s · longest: 120 s");
    CHECK_STR(row_in(text, "Calls for help per period", "Longest time to answer"), "Period Help calls Answered Median time to answer (s) Longest time to answer (s)");
    CHECK_STR(row_in(text, "Calls for help per period", "2026-11-25 "), "2026-11-25 3 2 80 120");
    CHECK_STR(row_in(text, "Visits by how they came", "Kiosk "), "Kiosk 1 1 6.0 6.0 1 5.00 100%");
    CHECK_STR(row_in(text, "Visits by how they came", "In person at the desk "), "In person at the desk 1 1 8.0 8.0 1 2.00 0%");
    CHECK_STR(row_in(text, "Visits by how they came", "Phone call "), "Phone call 1 1 — — 1 4.00 100%");
    CHECK_STR(row_in(text, "Visits by how they came", "WhatsApp "), "WhatsApp 1 1 20.0 20.0 0 — —");
    CHECK_STR(row_in(text, "Visits by how they came", "Letter "), "Letter 0 0 — — 0 — —");
    CHECK_STR(row_in(text, "Visits by how they came", "Home visit request "), "Home visit request 0 0 — — 0 — —");
    CHECK_STR(row_in(text, "Outcomes per visit reason and counter", "Visit reason  "), "Visit reason Answered Registered Documents Referred on Complaint Set aside");
    CHECK_STR(row_in(text, "Outcomes per visit reason and counter", "New request "), "New request 0 1 1 0 0 1");
    CHECK_STR(row_in(text, "Outcomes per visit reason and counter", "Inquiry "), "Inquiry 2 0 0 0 0 0");
    CHECK_STR(row_in(text, "Outcomes per visit reason and counter", "Total "), "Total 2 1 1 0 0 1");
    CHECK_STR(row_in(text, "Outcomes per visit reason and counter", "One "), "One 0 1 0 0 0 1");
    CHECK_STR(row_in(text, "Outcomes per visit reason and counter", "Two "), "Two 2 0 1 0 0 0");
    CHECK_STR(row_in(text, "Visits set aside", "Times set aside"), "Times set aside: 1 · time aside per visit (min): mean 10.0 · median 10.0 · p90 10.0");
    CHECK(strstr(text, "Time aside runs from setting a visit aside to taking it back, or to the end of its day when it is closed;"),
          "how time aside is counted");
    /* Arabic: the same rows read right to left (pdftotext lays them out visually: the figures first). */
    pdf_text("ar", text, sizeof text);
    const char *ar = squeezed(text);
    CHECK(strstr(ar, "١٢٠٨٠٢٣٢٠٢٦-١١-٢٥"), "help calls on 2026-11-25 in Arabic");
    CHECK(strstr(ar, "٪١٠٠٥٫٠٠١٦٫٠٦٫٠١١الجهاز"), "the kiosk's channel in Arabic");
    CHECK(strstr(ar, "——٠٢٠٫٠٢٠٫٠١١واتساب"), "WhatsApp in Arabic");
    CHECK(strstr(ar, "١٠٠١١٢المجموع"), "the outcomes' total in Arabic");
    CHECK(strstr(ar, "مراتالتنحيةالمؤقتة"), "times set aside in Arabic");
    CHECK(strstr(ar, "طلباتالمساعدةحسبالفترة"), "help per period's title in Arabic");
    CHECK(strstr(ar, "الزياراتحسبطريقةالوصول"), "channels' title in Arabic");
    CHECK(strstr(ar, "وقتالتنحيةمنتنحيةالزيارة"), "how time aside is counted, in Arabic");
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "needs_ask_for_priority_or_say_what_helps", needs_ask_for_priority_or_say_what_helps },
        { "desk_tickets_by_channel_and_visits_handled_at_once", desk_tickets_by_channel_and_visits_handled_at_once },
        { "new_actions_refuse_and_change_nothing", new_actions_refuse_and_change_nothing },
        { "set_aside_and_taken_back_at_another_counter", set_aside_and_taken_back_at_another_counter },
        { "a_ticket_still_aside_at_the_end_of_its_day_is_closed", a_ticket_still_aside_at_the_end_of_its_day_is_closed },
        { "outcomes_come_from_the_configuration", outcomes_come_from_the_configuration },
        { "schema_4_database_migrates_its_tickets", schema_4_database_migrates_its_tickets },
        { "report_counts_channels_outcomes_and_time_aside", report_counts_channels_outcomes_and_time_aside },
        { "pdf_shows_channels_outcomes_aside_and_help", pdf_shows_channels_outcomes_aside_and_help },
        { NULL, NULL },
    };
    int rc = harness_main("visits", cases, argc, argv);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    return rc;
}
