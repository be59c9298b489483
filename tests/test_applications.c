/* Applications followed to their answer: references, steps and their events, the earliest
 * answer date, a contact kept only with consent, erased on its day and never sent to the centre,
 * and [applications]' errors. A real SQLite file, the engine's API and the real dawrctl. */
#include "application.h"
#include "appointment.h"
#include "branch.h"
#include "queue_internal.h"
#include "harness.h"
#include "testutil.h"

#include <jansson.h>
#include <sys/wait.h>

static dawr_config *cfg;

/* A queue on a new database at the fake clock's time. */
static dawr_queue *fresh(const char *name, const char *now)
{
    char err[512];
    fake_now = at_local(now);
    dawr_queue *q = dawr_queue_open(cfg, scratch_db(name), &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "open: %s\n", err); exit(2); }
    dawr_queue_set_clock(q, fake_clock, NULL);
    return q;
}

static const char *db_path(dawr_queue *q)
{
    return sqlite3_db_filename(dawr_queue_db(q), "main");
}

/* A visit of SERVICE called and finished at counter 1 with OUTCOME. */
static dawr_ticket visit(dawr_queue *q, const char *service, const char *outcome)
{
    dawr_ticket t;
    if (dawr_queue_issue(q, service, 0, &t) || dawr_queue_call_next(q, "1", &t) ||
        dawr_queue_done_outcome(q, "1", outcome, NULL, &t)) {
        fprintf(stderr, "visit: %s\n", dawr_queue_error(q));
        exit(2);
    }
    return t;
}

static int events_of(dawr_queue *q, const char *kind)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE kind = '%s'", kind);
    return query_int(db_path(q), sql);
}

static void reference_format_and_uniqueness(void)
{
    int y, n;
    char ref[16];
    dawr_application_format_ref(1448, 7, ref, sizeof ref);
    CHECK_STR(ref, "1448-0007");
    dawr_application_format_ref(1448, 12345, ref, sizeof ref);
    CHECK_STR(ref, "1448-12345");
    static const char *const good[] = { "1448-0007", "1448-7", "1448 0007", "14480007", " 1448/07 ",
                                        "\xd9\xa1\xd9\xa4\xd9\xa4\xd9\xa8-\xd9\xa0\xd9\xa0\xd9\xa0\xd9\xa7" };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        y = n = 0;
        CHECK(dawr_application_parse_ref(good[i], &y, &n) == 0 && y == 1448 && n == 7, "\"%s\" read as %d-%d", good[i], y, n);
    }
    static const char *const bad[] = { "", "1448", "1448-", "1448-0", "A-001", "1448-00x7", "0999-0001", "14-0007",
                                       "1448-12345678", "1448--7" };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        CHECK(dawr_application_parse_ref(bad[i], &y, &n) < 0, "\"%s\" taken as a reference", bad[i]);

    dawr_queue *q = fresh("refs", "2026-11-25T09:00:00");
    dawr_applications *a = dawr_applications_new(q);
    visit(q, "new_request", "registered");
    visit(q, "new_request", "answered");            /* not registered: no application */
    visit(q, "inquiry", "registered");              /* not a new request: none */
    dawr_ticket t = visit(q, "new_request", "registered");
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM applications"), 2);
    dawr_application ap;
    REQUIRE(dawr_application_find(a, "1448-0002", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_INT(ap.ticket, t.id);
    CHECK_STR(ap.step, "received");
    /* Opened by hand for another ticket: the next number; a second one for the same ticket is refused. */
    dawr_ticket other;
    dawr_queue_issue(q, "follow_up", 0, &other);
    REQUIRE(dawr_application_open(a, other.code, "2", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_STR(ap.ref, "1448-0003");
    CHECK_INT(dawr_application_open(a, other.code, NULL, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "already_applied");
    CHECK_INT(dawr_application_open(a, "Z-999", NULL, NULL), DAWR_NOT_FOUND);
    CHECK_STR(dawr_applications_reason(a), "no_ticket");
    CHECK_INT(dawr_application_open(a, other.code, "99", NULL), DAWR_NOT_FOUND);
    CHECK_STR(dawr_applications_reason(a), "unknown_counter");
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM applications"), 3);
    /* A new Hijri year starts the numbers again. */
    fake_now = at_local("2027-07-01T09:00:00");
    dawr_hijri_date h;
    dawr_hijri_from_gregorian(2027, 7, 1, &h);
    REQUIRE(h.year == 1449, "2027-07-01 is in %d AH", h.year);
    visit(q, "new_request", "registered");
    CHECK(dawr_application_find(a, "1449-0001", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    char report[1024];
    CHECK(dawr_queue_check(q, report, sizeof report) == 0, "check: %s", report);
    dawr_applications_free(a);
    dawr_queue_close(q);
}

static int count_event(const dawr_event *ev, void *ctx)
{
    ++*(int *)ctx;
    return ev->kind == DAWR_EVENT_NONE;                  /* a kind this program does not know: stop */
}

static void status_changes_and_events(void)
{
    dawr_queue *q = fresh("steps", "2026-11-25T09:00:00");
    dawr_applications *a = dawr_applications_new(q);
    visit(q, "new_request", "registered");
    dawr_application ap;
    fake_now += 3600 * 1000;
    REQUIRE(dawr_application_set_step(a, "1448-0001", "committee", "1", "الملف كامل", &ap) == DAWR_OK, "%s",
            dawr_applications_error(a));
    CHECK_STR(ap.step, "committee");
    CHECK_INT(ap.changed_at, fake_now);
    CHECK_INT(ap.decided_at, 0);
    CHECK_STR(query_text(db_path(q), "SELECT counter || ' ' || json_extract(detail, '$.from_step') || ' '"
                                     " || json_extract(detail, '$.note') FROM events WHERE kind = 'app_step'"),
              "1 received الملف كامل");
    int before = query_int(db_path(q), "SELECT count(*) FROM events");
    /* Refusals change nothing. */
    CHECK_INT(dawr_application_set_step(a, "1448-0001", "committee", "1", NULL, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "already_in_step");
    CHECK_INT(dawr_application_set_step(a, "1448-0001", "approved", "1", NULL, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "unknown_step");
    CHECK_INT(dawr_application_set_step(a, "1448-0042", "accepted", "1", NULL, NULL), DAWR_NOT_FOUND);
    CHECK_STR(dawr_applications_reason(a), "no_application");
    CHECK_INT(dawr_application_set_step(a, "A-001", "accepted", "1", NULL, NULL), DAWR_NOT_FOUND);
    CHECK_STR(dawr_applications_reason(a), "not_a_reference");
    char long_note[DAWR_APPLICATION_NOTE_MAX + 2];
    memset(long_note, 'x', sizeof long_note - 1);
    long_note[sizeof long_note - 1] = 0;
    CHECK_INT(dawr_application_set_step(a, "1448-0001", "accepted", "1", long_note, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "note_too_long");
    CHECK_INT(dawr_application_set_step(a, "1448-0001", "accepted", "1", "bad \xc3\x28 bytes", NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "note_not_text");
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM events"), before);
    CHECK_STR(query_text(db_path(q), "SELECT step FROM applications"), "committee");
    /* A decision is kept once; a closing step closes it, and then nothing moves it. */
    fake_now += 3600 * 1000;
    dawr_ms decided = fake_now;
    REQUIRE(dawr_application_set_step(a, "1448-0001", "accepted", NULL, NULL, &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_INT(ap.decided_at, decided);
    fake_now += 3600 * 1000;
    REQUIRE(dawr_application_set_step(a, "1448-0001", "delivered", "2", "", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_INT(ap.decided_at, decided);
    CHECK_INT(ap.closed_at, fake_now);
    CHECK_INT(dawr_application_set_step(a, "1448-0001", "committee", "1", NULL, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "application_closed");
    CHECK_INT(events_of(q, "app_step"), 3);
    /* The log stays append-only. */
    CHECK(sqlite3_exec(dawr_queue_db(q), "DELETE FROM events WHERE kind = 'app_step'", NULL, NULL, NULL) != SQLITE_OK,
          "an application's event could be deleted");
    int seen = 0;
    CHECK_INT(dawr_application_history(a, "1448-0001", count_event, &seen), DAWR_OK);
    CHECK_INT(seen, 4);                                          /* opened, and three steps */
    dawr_applications_free(a);
    dawr_queue_close(q);
}

static void earliest_answer_date(void)
{
    dawr_queue *q = fresh("answer", "2026-11-25T13:50:00");
    dawr_applications *a = dawr_applications_new(q);
    visit(q, "new_request", "registered");
    fake_now = at_local("2026-12-25T09:00:00");
    visit(q, "new_request", "registered");
    dawr_application ap;
    REQUIRE(dawr_application_find(a, "1448-0001", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    /* Two weeks of calendar days, as the policy says "no less than two weeks". */
    CHECK_STR(ap.answer_not_before, "2026-12-09");
    dawr_hijri_date h;
    dawr_hijri_from_gregorian(2026, 12, 9, &h);
    CHECK(ap.answer_not_before_hijri.year == h.year && ap.answer_not_before_hijri.month == h.month &&
          ap.answer_not_before_hijri.day == h.day && h.year == 1448, "Hijri %d-%d-%d", ap.answer_not_before_hijri.year,
          ap.answer_not_before_hijri.month, ap.answer_not_before_hijri.day);
    json_t *j = dawr_application_json(a, &ap);
    char hijri[16];
    snprintf(hijri, sizeof hijri, "%04d-%02d-%02d", h.year, h.month, h.day);
    CHECK_STR(json_string_value(json_object_get(j, "answer_not_before_hijri")), hijri);
    CHECK(json_object_get(j, "phone") == NULL, "the JSON names a phone");
    json_decref(j);
    REQUIRE(dawr_application_find(a, "1448-0002", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_STR(ap.answer_not_before, "2027-01-08");  /* over the year's end */
    /* Overdue: open, undecided and past its date; on the date itself it is not. */
    dawr_application list[8];
    fake_now = at_local("2026-12-09T12:00:00");
    CHECK_INT(dawr_applications_list(a, NULL, 1, list, 8), 0);
    fake_now = at_local("2027-01-08T12:00:00");
    int n = dawr_applications_list(a, NULL, 1, list, 8);
    REQUIRE(n == 1, "%d overdue", n);
    CHECK_STR(list[0].ref, "1448-0001");
    CHECK(list[0].overdue, "not marked overdue");
    dawr_application_set_step(a, "1448-0001", "documents_needed", "1", NULL, NULL);
    CHECK_INT(dawr_applications_list(a, NULL, 1, list, 8), 1);   /* still undecided */
    CHECK_INT(dawr_applications_list(a, "documents_needed", 0, list, 8), 1);
    /* Each filter's count is its list's length without the limit; the limit keeps the oldest. */
    CHECK_INT(dawr_applications_list(a, "documents_needed", 1, list, 8), 1);
    CHECK_INT(dawr_applications_count(a, "documents_needed", 1), 1);
    CHECK_INT(dawr_applications_count(a, "documents_needed", 0), 1);
    CHECK_INT(dawr_applications_count(a, NULL, 1), 1);
    CHECK_INT(dawr_applications_count(a, NULL, 0), 2);
    CHECK_INT(dawr_applications_list(a, NULL, 0, list, 1), 1);
    CHECK_STR(list[0].ref, "1448-0001");
    dawr_application_set_step(a, "1448-0001", "declined", "1", NULL, NULL);
    CHECK_INT(dawr_applications_list(a, NULL, 1, list, 8), 0);
    CHECK_INT(dawr_applications_list(a, NULL, 0, list, 8), 1);   /* open ones: 1448-0002 */
    CHECK_STR(list[0].ref, "1448-0002");
    CHECK_INT(dawr_applications_count(a, NULL, 0), 1);
    CHECK_INT(dawr_applications_list(a, "declined", 0, list, 8), 1);   /* named by its step, a closed one is found */
    CHECK_INT(dawr_applications_count(a, "declined", 0), 1);
    CHECK_INT(dawr_applications_count(a, "declined", 1), 0);          /* decided: never overdue */
    CHECK_INT(dawr_applications_list(a, "nonsense", 0, list, 8), DAWR_REFUSED);
    CHECK_INT(dawr_applications_count(a, "nonsense", 0), DAWR_REFUSED);
    dawr_applications_free(a);
    dawr_queue_close(q);
}

static void consent_required_for_contact(void)
{
    dawr_queue *q = fresh("consent", "2026-11-25T09:00:00");
    dawr_applications *a = dawr_applications_new(q);
    visit(q, "new_request", "registered");
    CHECK_INT(dawr_application_set_contact(a, "1448-0001", "0501234567", NULL, "1", NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "consent_needed");
    CHECK_INT(dawr_application_set_contact(a, "1448-0001", "0501234567", "neighbour", "1", NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "consent_needed");
    CHECK_INT(dawr_application_set_contact(a, "1448-0001", "call me", "applicant", "1", NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "not_a_phone");
    CHECK_INT(dawr_application_set_contact(a, "1448-0001", "12345", "applicant", "1", NULL), DAWR_REFUSED);
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM application_contacts"), 0);
    CHECK_INT(events_of(q, "app_contact"), 0);
    dawr_application ap;
    REQUIRE(dawr_application_set_contact(a, "1448-0001", "00966 50-123 4567", "family", "1", &ap) == DAWR_OK, "%s",
            dawr_applications_error(a));
    CHECK(ap.has_contact, "no contact");
    dawr_contact c;
    REQUIRE(dawr_application_contact(a, "1448-0001", &c) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_STR(c.phone, "+966501234567");
    CHECK_STR(c.consent_by, "family");
    CHECK_INT(c.consent_at, fake_now);
    CHECK_STR(c.counter, "1");
    CHECK_STR(query_text(db_path(q), "SELECT detail FROM events WHERE kind = 'app_contact'"),
              "{\"application\":\"1448-0001\",\"consent_by\":\"family\"}");
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM events WHERE detail LIKE '%1234567%'"), 0);
    /* A closed application takes no new contact. */
    dawr_application_set_step(a, "1448-0001", "declined", "1", NULL, NULL);
    CHECK_INT(dawr_application_set_contact(a, "1448-0001", "0501234567", "applicant", "1", NULL), DAWR_REFUSED);
    CHECK_STR(dawr_applications_reason(a), "application_closed");
    /* Erased on request: gone, logged, a second erase finds nothing. */
    REQUIRE(dawr_application_erase_contact(a, "1448-0001", "1") == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM application_contacts"), 0);
    CHECK_STR(query_text(db_path(q), "SELECT json_extract(detail, '$.why') FROM events WHERE kind = 'app_erase'"),
              "request");
    CHECK_INT(dawr_application_erase_contact(a, "1448-0001", "1"), DAWR_NOT_FOUND);
    CHECK_STR(dawr_applications_reason(a), "no_contact");
    dawr_applications_free(a);
    dawr_queue_close(q);
}

/* Collects what dawr-sync would send. */
static int collect(const dawr_shared_event *ev, void *ctx)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s}", "kind", ev->kind, "detail", ev->detail));
    return 0;
}

static void contact_never_in_what_sync_sends(void)
{
    dawr_queue *q = fresh("sync", "2026-11-25T09:00:00");
    dawr_applications *a = dawr_applications_new(q);
    visit(q, "new_request", "registered");
    dawr_application_set_contact(a, "1448-0001", "+966501234567", "applicant", "1", NULL);
    dawr_application_set_step(a, "1448-0001", "committee", "1", "الهاتف 0509876543", NULL);
    json_t *exported;
    REQUIRE(dawr_application_export(a, "1448-0001", "1", &exported) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_STR(json_string_value(json_object_get(json_object_get(exported, "contact"), "phone")), "+966501234567");
    json_decref(exported);
    json_t *sent = json_array();
    dawr_branch_events(q, 0, 0, 0, collect, sent);
    char *text = json_dumps(sent, 0);
    CHECK(strstr(text, "501234567") == NULL, "the phone number is sent: %s", text);
    CHECK(strstr(text, "0509876543") == NULL, "a note is sent: %s", text);
    CHECK(strstr(text, "\"kind\": \"app_contact\", \"detail\": \"{}\"") != NULL, "app_contact not sent empty: %s", text);
    CHECK(strstr(text, "\\\"step\\\":\\\"committee\\\"") != NULL, "the step is not sent: %s", text);
    free(text);
    json_decref(sent);
    dawr_applications_free(a);
    dawr_queue_close(q);
}

static char out[65536];

/* Runs dawrctl on DB with ENV; the exit status; stdout in OUT. */
static int ctl(const char *db, const char *env, const char *args)
{
    char cmd[2048], path[800];
    snprintf(path, sizeof path, "%s.out", db);
    snprintf(cmd, sizeof cmd, "%s %s/dawrctl --config %s --db %s %s >%s 2>&1", env, build_dir(), default_config_path(),
             db, args, path);
    int st = system(cmd);
    read_file_into(path, out, sizeof out);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void contact_erased_after_contact_days(void)
{
    char db[700];
    snprintf(db, sizeof db, "%s", scratch_db("erase"));
    const char *day0 = "DAWR_NOW=2026-11-25T09:00:00";
    CHECK_INT(ctl(db, "", "init"), 0);             /* only init makes a database */
    CHECK_INT(ctl(db, day0, "issue new_request"), 0);
    CHECK_INT(ctl(db, day0, "call 1"), 0);
    CHECK_INT(ctl(db, day0, "done 1 --outcome registered"), 0);
    CHECK_INT(ctl(db, day0, "app contact 1448-0001 0501234567"), 1);          /* no consent */
    CHECK(strstr(out, "consent_needed") != NULL, "%s", out);
    CHECK_INT(ctl(db, day0, "app contact 1448-0001 0501234567 --consent applicant --counter 1"), 0);
    CHECK_INT(ctl(db, "DAWR_NOW=2026-12-20T10:00:00", "app status 1448-0001 declined --note 'لا تنطبق الشروط'"), 0);
    /* contact_days = 30 after closing, counted in days: still kept the day before, gone on the
     * day, even before the hour it closed. */
    CHECK_INT(ctl(db, "DAWR_NOW=2027-01-18T23:59:00", "app show 1448-0001 --json"), 0);
    CHECK(strstr(out, "\"has_contact\": true") != NULL, "%s", out);
    CHECK(strstr(out, "\"contact_erased_on\": \"2027-01-19\"") != NULL, "%s", out);
    CHECK_INT(query_int(db, "SELECT count(*) FROM application_contacts"), 1);
    CHECK_INT(ctl(db, "DAWR_NOW=2027-01-19T08:00:00", "app list --status declined --json"), 0);
    CHECK(strstr(out, "\"has_contact\": false") != NULL, "%s", out);
    CHECK_INT(query_int(db, "SELECT count(*) FROM application_contacts"), 0);
    CHECK_STR(query_text(db, "SELECT json_extract(detail, '$.why') FROM events WHERE kind = 'app_erase'"), "retention");
    CHECK_INT(ctl(db, "DAWR_NOW=2027-01-19T10:00:00", "app export 1448-0001"), 0);
    CHECK(strstr(out, "\"contact\": null") != NULL, "%s", out);
    CHECK_INT(ctl(db, "DAWR_NOW=2027-01-19T10:00:00", "app erase-contact 1448-0001"), 1);
    CHECK(strstr(out, "no_contact") != NULL, "%s", out);
    CHECK_INT(ctl(db, "DAWR_NOW=2027-01-19T10:00:00", "app status 1448-0001 nowhere"), 1);
    CHECK_INT(ctl(db, "DAWR_NOW=2027-01-19T10:00:00", "application frobnicate"), 2);
    CHECK_INT(ctl(db, "DAWR_NOW=2027-01-19T10:00:00", "check"), 0);
}

static void erased_by_the_first_change_of_a_day(void)
{
    dawr_queue *q = fresh("rollover", "2026-11-25T09:00:00");
    dawr_applications *a = dawr_applications_new(q);
    visit(q, "new_request", "registered");
    dawr_application_set_contact(a, "1448-0001", "0501234567", "applicant", "1", NULL);
    dawr_application_set_step(a, "1448-0001", "declined", "1", NULL, NULL);
    fake_now = at_local("2026-12-26T08:00:00");                 /* 31 days on: a queue change erases it */
    dawr_queue_issue(q, "inquiry", 0, NULL);
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM application_contacts"), 0);
    CHECK_INT(events_of(q, "app_erase"), 1);
    dawr_applications_free(a);
    dawr_queue_close(q);
}

/* The default file without its [applications] section (its last), into DEF. */
static void default_without_applications(char *def, size_t size)
{
    read_file_into(default_config_path(), def, size);
    char *own = strstr(def, "\n[applications]");
    if (own) own[1] = 0;
}

/* Loads the default file with SECTION appended; the error into ERR ("" when it loads). */
static void load_with(const char *section, char *err, size_t size)
{
    char def[131072], path[700];
    default_without_applications(def, sizeof def);
    snprintf(path, sizeof path, "%s/dawr.conf", scratch_dir("appconf"));
    FILE *f = fopen(path, "w");
    fprintf(f, "%s\n%s", def, section);
    fclose(f);
    err[0] = 0;
    dawr_config *c = dawr_config_load(path, err, size);
    dawr_config_free(c);
}

static void config_errors(void)
{
    char def[131072];
    default_without_applications(def, sizeof def);
    int lines = 1;                                   /* the section starts after the file and a blank line */
    for (const char *s = def; *s; s++) lines += *s == '\n';
    static const struct { const char *section, *want; int line; } cases[] = {
        { "[applications]\ncommittee_days = 0\n", "committee_days must be a whole number from 1 to 365", 2 },
        { "[applications]\ncontact_days = forever\n", "contact_days must be a whole number from 0 to 365", 2 },
        { "[applications]\nstep = a | أ\n", "step must be \"id | Arabic name | English name\"", 2 },
        { "[applications]\nstep = A | أ | A\n", "step id \"A\" must be lower-case", 2 },
        { "[applications]\nstep = a | أ | A\nstep = a | ب | B\n", "step a is given twice", 3 },
        { "[applications]\nclosing = finished\n", "closing names \"finished\", which is no step", 2 },
        { "[applications]\ndecisions = yes\n", "decisions names \"yes\", which is no step", 2 },
        { "[applications]\nstep = a | أ | A\nstep = b | ب | B\nclosing = a\n", "the first step, a, may not close", 4 },
        { "[applications]\nstep = a | أ | A\nstep = b | ب | B\n", "no step closes an application", 1 },
        { "[applications]\nopen_services = new_request nothing\n", "open_services names unknown service \"nothing\"", 2 },
        { "[applications]\nopen_outcome = hired\n", "open_outcome \"hired\" is not one of [outcomes]", 2 },
        { "[applications]\ncolour = red\n", "unknown key \"colour\" in [applications]", 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char err[512], want[64];
        load_with(cases[i].section, err, sizeof err);
        snprintf(want, sizeof want, "dawr.conf:%d: ", lines + cases[i].line);
        CHECK(strstr(err, want) != NULL && strstr(err, cases[i].want) != NULL, "case %zu: \"%s\", want line %s and \"%s\"",
              i, err, want, cases[i].want);
    }
    char err[512];
    load_with("[applications]\ncommittee_days = 21\ncontact_days = 0\nstep = new | جديد | New\n"
              "step = yes | قبول | Yes\nstep = no | اعتذار | No\ndecisions = yes no\nclosing = no\n", err, sizeof err);
    CHECK_STR(err, "");
    const dawr_applications_settings *s = dawr_config_applications(cfg);
    CHECK_INT(s->committee_days, 14);
    CHECK_INT(s->contact_days, 30);
    CHECK_INT(s->step_count, 7);
    CHECK_STR(s->steps[0].id, "received");
    CHECK_STR(s->open_outcome, "registered");
    CHECK(s->open_service_count == 1 && !strcmp(s->open_services[0], "new_request"), "open services");
    /* dawrctl refuses to start on a bad file, exit 2, with the line. */
    char path[700], cmd[1600];
    load_with("[applications]\ncommittee_days = -3\n", err, sizeof err);
    snprintf(path, sizeof path, "%s/dawr.conf", scratch_dir("appconf2"));
    FILE *f = fopen(path, "w");
    fprintf(f, "%s\n[applications]\ncommittee_days = -3\n", def);
    fclose(f);
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s app list >/dev/null 2>&1", build_dir(), path);
    int st = system(cmd);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "dawrctl on a bad [applications]: status %d", st);
}


/* A refusal of an appointment: the reason's code, and no event written. */
static void refused_with(dawr_queue *q, dawr_applications *a, int r, const char *code)
{
    (void)q;
    CHECK(r != DAWR_OK, "accepted where %s was expected", code);
    CHECK_STR(dawr_applications_reason(a), code);
}

static void appointments_within_opening_hours(void)
{
    /* The shipped [hours]: a Sunday, open 08:00-14:00 with Dhuhr's pause; closed on Fridays. */
    char err[512];
    dawr_config *always = cfg, *shipped = dawr_config_load(shipped_config_path(), err, sizeof err);
    REQUIRE(shipped, "%s", err);
    cfg = shipped;
    dawr_queue *q = fresh("appointments", "2026-11-22T09:00:00");
    dawr_applications *a = dawr_applications_new(q);
    visit(q, "new_request", "registered");
    dawr_appointment ap;
    REQUIRE(dawr_appointment_book(a, "1448-0001", "2026-11-23 10:30", "1", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_STR(ap.local, "2026-11-23 10:30");
    CHECK(ap.hijri.year == 1448 && ap.hijri.month == 6 && ap.hijri.day == 13, "Hijri %d-%d-%d", ap.hijri.year,
          ap.hijri.month, ap.hijri.day);
    CHECK_INT(ap.at, at_local("2026-11-23T10:30:00"));
    CHECK_INT(events_of(q, "app_book"), 1);
    int events = query_int(db_path(q), "SELECT count(*) FROM events");
    /* Bad input: each with its reason, nothing written. */
    refused_with(q, a, dawr_appointment_book(a, "1448-0001", "2026-11-24 10:00", "1", NULL), "already_booked");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-23 15:00", "1", NULL), "outside_hours");
    CHECK_STR(dawr_applications_reason_values(a), "{\"at\":\"2026-11-23 15:00\",\"hours\":\"08:00-14:00\",\"holiday\":null}");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-23 07:59", "1", NULL), "outside_hours");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-23 14:00", "1", NULL), "outside_hours");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-23 12:20", "1", NULL), "outside_hours");
    CHECK(strstr(dawr_applications_reason_values(a), "\"prayer\":\"dhuhr\"") != NULL, "%s", dawr_applications_reason_values(a));
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-27 10:00", "1", NULL), "outside_hours");  /* Friday */
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-22 08:30", "1", NULL), "past_time");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-02-30 10:00", "1", NULL), "not_a_time");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "tomorrow", "1", NULL), "not_a_time");
    refused_with(q, a, dawr_appointment_move(a, "1448-0009", "2026-11-24 10:00", "1", NULL), "no_application");
    refused_with(q, a, dawr_appointment_book(a, "A-001", "2026-11-24 10:00", "1", NULL), "not_a_reference");
    refused_with(q, a, dawr_appointment_book(a, "1448-0001", "2026-11-24 10:00", "9", NULL), "unknown_counter");
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM events"), events);
    CHECK_STR(query_text(db_path(q), "SELECT local FROM appointments"), "2026-11-23 10:30");
    /* Moved (the last minute of the morning is still open), then cancelled: each an event. */
    REQUIRE(dawr_appointment_move(a, "1448-0001", "2026-11-24T13:59", "2", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_STR(query_text(db_path(q), "SELECT json_extract(detail, '$.from') || ' -> ' || json_extract(detail, '$.at')"
                                     " FROM events WHERE kind = 'app_move'"), "2026-11-23 10:30 -> 2026-11-24 13:59");
    REQUIRE(dawr_appointment_cancel(a, "1448-0001", "2", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_INT(events_of(q, "app_cancel"), 1);
    refused_with(q, a, dawr_appointment_cancel(a, "1448-0001", "2", NULL), "no_appointment");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-25 10:00", "2", NULL), "no_appointment");
    /* A new one, then its day passes: it can be neither moved nor cancelled, and a new one is booked. */
    REQUIRE(dawr_appointment_book(a, "1448-0001", "2026-11-23 09:00", "1", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    fake_now = at_local("2026-11-23T11:00:00");
    events = query_int(db_path(q), "SELECT count(*) FROM events");
    refused_with(q, a, dawr_appointment_cancel(a, "1448-0001", "1", NULL), "appointment_past");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-24 10:00", "1", NULL), "appointment_past");
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM events"), events);
    REQUIRE(dawr_appointment_of(a, "1448-0001", &ap) == DAWR_OK && ap.past, "the past appointment is found");
    REQUIRE(dawr_appointment_book(a, "1448-0001", "2026-11-24 10:00", "1", &ap) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK(!ap.past, "the new one is coming");
    /* dawrctl check finds an appointment nobody booked (one written around the engine). */
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", "check"), 0);
    /* dawrctl's notify: refused without consent (exit 1, nothing logged), then the links. */
    int notified = events_of(q, "app_notify");
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", "app notify 1448-0001 reminder"), 1);
    CHECK(strstr(out, "no_contact") != NULL, "dawrctl says why: %s", out);
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", "app contact 1448-0001 0551234567 --consent applicant"), 0);
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", "--json app notify 1448-0001 reminder --lang en"), 0);
    CHECK(strstr(out, "\"whatsapp\": \"https://wa.me/966551234567?text=") && strstr(out, "\"tel\": \"tel:0551234567\"") &&
          strstr(out, "24 November 2026"), "dawrctl notify: %s", out);
    CHECK_INT(events_of(q, "app_notify"), notified + 1);
    char png[800], args[1000];
    snprintf(png, sizeof png, "%s.slip.png", db_path(q));
    snprintf(args, sizeof args, "app slip 1448-0001 -o %s --lang ar", png);
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", args), 0);
    CHECK(strstr(out, "1448-0001") != NULL && access(png, R_OK) == 0, "dawrctl app slip: %s", out);
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", "app show 1448-0001"), 0);
    CHECK(strstr(out, "appointment of 1448-0001 at 2026-11-24 10:00") != NULL, "dawrctl show: %s", out);
    visit(q, "new_request", "registered");                   /* 1448-0002, never booked */
    sqlite3 *db;
    REQUIRE(sqlite3_open(db_path(q), &db) == SQLITE_OK, "open");
    CHECK(sqlite3_exec(db, "INSERT INTO appointments (application, at, local, booked_at, changed_at)"
                           " SELECT id, 1, '2026-11-30 10:00', 1, 1 FROM applications WHERE number = 2", NULL, NULL,
                       NULL) == SQLITE_OK, "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", "check"), 1);
    CHECK(strstr(out, "has no booking event") != NULL, "check: %s", out);
    /* Its time (written as long past) has come: no slip for it. */
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-23T11:00:00", "app slip 1448-0002 -o /dev/null"), 1);
    CHECK(strstr(out, "appointment_past") != NULL, "dawrctl app slip of a past appointment: %s", out);
    /* Closing an application cancels its coming appointment (nobody is expected for it), and a
     * closed one books nothing. */
    int cancels = events_of(q, "app_cancel");
    REQUIRE(dawr_application_set_step(a, "1448-0001", "declined", "1", NULL, NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_INT(events_of(q, "app_cancel"), cancels + 1);
    CHECK_STR(query_text(db_path(q), "SELECT local FROM appointments WHERE cancelled_at IS NOT NULL ORDER BY id DESC LIMIT 1"),
              "2026-11-24 10:00");
    refused_with(q, a, dawr_appointment_move(a, "1448-0001", "2026-11-25 10:00", "1", NULL), "application_closed");
    refused_with(q, a, dawr_appointment_book(a, "1448-0001", "2026-11-25 10:00", "1", NULL), "application_closed");
    /* What sync sends of them: the times, never anything else. */
    char *shared = dawr_branch_shared_detail("app_move", "{\"application\":\"1448-0001\",\"at\":\"x\",\"from\":\"y\",\"note\":\"n\"}");
    CHECK_STR(shared, "{\"application\":\"1448-0001\",\"at\":\"x\",\"from\":\"y\"}");
    free(shared);
    dawr_applications_free(a);
    dawr_queue_close(q);
    cfg = always;
    dawr_config_free(shipped);
}

/* Tickets and events, to see that a refusal changed nothing. */
static int counts(dawr_queue *q)
{
    return query_int(db_path(q), "SELECT (SELECT count(*) FROM tickets) * 100000 + (SELECT count(*) FROM events)");
}

/* Checks in with TEXT and expects the refusal CODE with nothing changed. */
static void checkin_refused(dawr_queue *q, dawr_applications *a, const char *text, const char *code, dawr_checkin *out)
{
    int before = counts(q);
    dawr_issue_request req = { .service = "appointment" };
    int r = dawr_appointment_checkin(a, text, &req, out);
    CHECK(r != DAWR_OK, "\"%s\" checked in where %s was expected", text, code);
    CHECK(!strcmp(dawr_applications_reason(a), code), "\"%s\": %s where %s was expected (%s)", text,
          dawr_applications_reason(a), code, dawr_applications_error(a));
    CHECK_INT(counts(q), before);
}

static dawr_checkin checkin_ok(dawr_queue *q, dawr_applications *a, const char *text)
{
    dawr_checkin c;
    dawr_issue_request req = { .service = "appointment" };
    int tickets = query_int(db_path(q), "SELECT count(*) FROM tickets"), checkins = events_of(q, "app_checkin");
    int r = dawr_appointment_checkin(a, text, &req, &c);
    CHECK(r == DAWR_OK, "%s: %s", text, dawr_applications_error(a));
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM tickets"), tickets + 1);
    CHECK_INT(events_of(q, "app_checkin"), checkins + 1);
    CHECK_STR(c.ticket.service, "appointment");
    return c;
}

static void checking_in_by_the_slip(void)
{
    dawr_queue *q = fresh("checkin", "2026-11-22T09:00:00");
    dawr_applications *a = dawr_applications_new(q);
    for (int i = 0; i < 7; i++) visit(q, "new_request", "registered");        /* 1448-0001 .. 0007 */
    static const char *const booked[][2] = {
        { "1448-0001", "2026-11-23 10:30" }, { "1448-0002", "2026-11-23 10:00" }, { "1448-0003", "2026-11-23 10:00" },
        { "1448-0004", "2026-11-24 10:00" }, { "1448-0005", "2026-11-23 12:00" }, { "1448-0006", "2026-11-23 13:00" },
        { "1448-0007", "2026-11-23 13:30" },
    };
    for (int i = 0; i < 7; i++)
        REQUIRE(dawr_appointment_book(a, booked[i][0], booked[i][1], "1", NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    REQUIRE(dawr_appointment_move(a, "1448-0004", "2026-11-23 11:00", "1", NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    REQUIRE(dawr_appointment_move(a, "1448-0005", "2026-11-25 10:00", "1", NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    REQUIRE(dawr_appointment_cancel(a, "1448-0006", "1", NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    REQUIRE(dawr_application_set_step(a, "1448-0007", "declined", "1", NULL, NULL) == DAWR_OK, "%s", dawr_applications_error(a));

    /* The day before: its day, said kindly, nothing changes. */
    dawr_checkin c;
    checkin_refused(q, a, "DAWR:A:1448-0001:2026-11-23T10:30", "appointment_other_day", &c);
    CHECK_STR(c.appointment.local, "2026-11-23 10:30");
    CHECK(!c.appointment.past && c.appointment.hijri.month == 6 && c.appointment.hijri.day == 13, "its day in both calendars");

    /* 90 minutes early (more than appointment_early_minutes, 60): checked in all the same. */
    fake_now = at_local("2026-11-23T09:00:00");
    dawr_issue_request req = { .service = "appointment" };
    c = checkin_ok(q, a, "DAWR:A:1448-0001:2026-11-23T10:30");
    CHECK_INT(c.kind, DAWR_CHECKIN_EARLY);
    CHECK_INT(c.minutes, -90);
    CHECK_INT(c.ticket.appointment_at, at_local("2026-11-23T10:30:00"));
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT detail FROM events WHERE kind = 'app_checkin' ORDER BY id DESC LIMIT 1");
    char expect[200];
    snprintf(expect, sizeof expect, "{\"application\":\"1448-0001\",\"at\":\"2026-11-23 10:30\",\"minutes\":-90,\"visit_ticket\":%lld}",
             c.ticket.id);
    CHECK_STR(query_text(db_path(q), sql), expect);
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM events WHERE kind = 'app_checkin' AND ticket = "
                                    "(SELECT ticket FROM applications WHERE number = 1)"), 1);
    /* A second scan: already checked in, with the same number; nothing changes. */
    char first[16];
    snprintf(first, sizeof first, "%s", c.ticket.code);
    checkin_refused(q, a, "dawr:a:1448-0001:2026-11-23t10:30", "already_checked_in", &c);
    CHECK_STR(c.ticket.code, first);
    checkin_refused(q, a, "1448-0001", "already_checked_in", &c);             /* typed: the same appointment */

    /* 20 minutes late: on time (up to appointment_late_minutes, 30), an appointment ticket. */
    fake_now = at_local("2026-11-23T10:20:00");
    c = checkin_ok(q, a, "DAWR:A:1448-0002:2026-11-23T10:00");
    CHECK(c.kind == DAWR_CHECKIN_ON_TIME && c.minutes == 20 && c.ticket.appointment_at == at_local("2026-11-23T10:00:00"),
          "on time: kind %d, %d minutes", c.kind, c.minutes);
    /* 45 minutes late: checked in (the report counts it late) but an ordinary ticket. */
    fake_now = at_local("2026-11-23T10:45:00");
    c = checkin_ok(q, a, "1448-3");                                          /* typed on the keypad */
    CHECK(c.kind == DAWR_CHECKIN_LATE && c.minutes == 45 && c.ticket.appointment_at == 0, "late: kind %d, %d minutes, at %lld",
          c.kind, c.minutes, (long long)c.ticket.appointment_at);
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM tickets WHERE appointment_at IS NULL AND service = 'appointment'"), 1);
    /* Moved to today: the old slip checks in to the current one. */
    fake_now = at_local("2026-11-23T10:50:00");
    c = checkin_ok(q, a, "DAWR:A:1448-0004:2026-11-24T10:00");
    CHECK(c.kind == DAWR_CHECKIN_ON_TIME && c.minutes == -10 && !strcmp(c.appointment.local, "2026-11-23 11:00"),
          "moved to today: %s, %d minutes", c.appointment.local, c.minutes);
    /* Moved to another day: the new day and time, nothing changes. */
    checkin_refused(q, a, "DAWR:A:1448-0005:2026-11-23T12:00", "appointment_moved", &c);
    CHECK_STR(c.appointment.local, "2026-11-25 10:00");
    CHECK(c.appointment.hijri.year == 1448 && c.appointment.hijri.month == 6 && c.appointment.hijri.day == 15,
          "the new day in Hijri: %d-%d-%d", c.appointment.hijri.year, c.appointment.hijri.month, c.appointment.hijri.day);
    checkin_refused(q, a, "DAWR:A:1448-0006:2026-11-23T13:00", "appointment_cancelled", &c);
    checkin_refused(q, a, "DAWR:A:1448-0007:2026-11-23T13:30", "application_closed", &c);
    checkin_refused(q, a, "1448-0006", "no_appointment", &c);
    /* Bad input: unknown, foreign, tampered. */
    checkin_refused(q, a, "DAWR:A:1448-0099:2026-11-23T10:30", "no_application", &c);
    checkin_refused(q, a, "https://example.org/appointment?id=1448-0002", "not_a_slip", &c);
    checkin_refused(q, a, "DAWR:T:1:2026-11-22:A-001", "not_a_slip", &c);
    checkin_refused(q, a, "DAWR:A:1448-0002:2026-11-23T10:3O", "not_a_slip", &c);
    checkin_refused(q, a, "DAWR:A:1448-0002:2026-11-23T10:45", "not_a_slip", &c);   /* never booked then */
    checkin_refused(q, a, "DAWR:A:1448-00x2:2026-11-23T10:00", "not_a_slip", &c);
    checkin_refused(q, a, "", "not_a_slip", &c);
    /* The day after: a past appointment is another day too. */
    fake_now = at_local("2026-11-24T09:00:00");
    checkin_refused(q, a, "DAWR:A:1448-0002:2026-11-23T10:00", "appointment_other_day", &c);
    CHECK(c.appointment.past, "said as past");
    /* Once per appointment: the log has one app_checkin each, and the table the ticket. */
    CHECK_INT(events_of(q, "app_checkin"), 4);
    CHECK_INT(query_int(db_path(q), "SELECT count(*) FROM appointments WHERE checkin_ticket IS NOT NULL"), 4);
    (void)req;
    /* Staff check a visitor in by hand at a desk: the same rules through dawrctl. */
    REQUIRE(dawr_appointment_book(a, "1448-0002", "2026-11-24 10:00", "1", NULL) == DAWR_OK, "%s", dawr_applications_error(a));
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-24T09:55:00", "--json app checkin 1448-0002"), 0);
    CHECK(strstr(out, "\"minutes\": -5") && strstr(out, "\"kind\": \"on_time\"") && strstr(out, "\"appointment_ticket\": true"),
          "dawrctl app checkin: %s", out);
    CHECK_STR(query_text(db_path(q), "SELECT channel FROM tickets ORDER BY id DESC LIMIT 1"), "desk");
    int before = counts(q);
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-24T09:56:00", "app checkin DAWR:A:1448-0002:2026-11-24T10:00"), 1);
    CHECK(strstr(out, "already_checked_in") != NULL, "dawrctl: a second check-in: %s", out);
    CHECK_INT(counts(q), before);
    /* dawrctl check: one check-in per appointment; a second written around the engine is found. */
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-24T09:56:00", "check"), 0);
    sqlite3 *db;
    REQUIRE(sqlite3_open(db_path(q), &db) == SQLITE_OK, "open");
    CHECK(sqlite3_exec(db, "INSERT INTO events (at, ticket, kind, detail) SELECT at + 1, ticket, kind, detail FROM events"
                           " WHERE kind = 'app_checkin' ORDER BY id DESC LIMIT 1", NULL, NULL, NULL) == SQLITE_OK,
          "%s", sqlite3_errmsg(db));
    sqlite3_close(db);
    CHECK_INT(ctl(db_path(q), "DAWR_NOW=2026-11-24T09:56:00", "check"), 1);
    CHECK(strstr(out, "was checked in 2 times") != NULL, "check: %s", out);
    dawr_applications_free(a);
    dawr_queue_close(q);
}

int main(int argc, char **argv)
{
    cfg = load_default_config();
    static const test_case cases[] = {
        { "reference_format_and_uniqueness", reference_format_and_uniqueness },
        { "status_changes_and_events", status_changes_and_events },
        { "earliest_answer_date", earliest_answer_date },
        { "consent_required_for_contact", consent_required_for_contact },
        { "contact_never_in_what_sync_sends", contact_never_in_what_sync_sends },
        { "contact_erased_after_contact_days", contact_erased_after_contact_days },
        { "erased_by_the_first_change_of_a_day", erased_by_the_first_change_of_a_day },
        { "config_errors", config_errors },
        { "appointments_within_opening_hours", appointments_within_opening_hours },
        { "checking_in_by_the_slip", checking_in_by_the_slip },
        { NULL, NULL },
    };
    int r = harness_main("applications", cases, argc, argv);
    dawr_config_free(cfg);
    return r;
}
