/* The store under stress and faults: concurrent writers, SIGKILL at random moments, a full
 * disk, backup and check, a database from the future. Real processes, real SQLite files. */
#include "harness.h"
#include "staff.h"
#include "queue_internal.h"
#include "store.h"
#include "testutil.h"

#include <errno.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

static dawr_config *cfg;

static dawr_queue *open_or_die(const char *path)
{
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "open %s: %s\n", path, err); _exit(3); }
    return q;
}

static int check_ok(const char *path, char *report, size_t size)
{
    dawr_queue *q = open_or_die(path);
    int problems = dawr_queue_check(q, report, size);
    dawr_queue_close(q);
    return problems;
}

static void four_processes_issue_2000_without_gap(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s", scratch_db("concurrent"));
    dawr_queue_close(open_or_die(path));
    pid_t kids[4];
    int go[2];
    REQUIRE(pipe(go) == 0, "pipe");
    for (int k = 0; k < 4; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            close(go[1]);
            dawr_queue *q = open_or_die(path);
            char start;
            if (read(go[0], &start, 1) != 0) _exit(1);   /* all four start together */
            for (int i = 0; i < 500; i++)
                if (dawr_queue_issue(q, "new_request", 0, NULL) != DAWR_OK) {
                    fprintf(stderr, "child %d: %s\n", k, dawr_queue_error(q));
                    _exit(1);
                }
            dawr_queue_close(q);
            _exit(0);
        }
    }
    close(go[0]);
    close(go[1]);                                        /* end of file: go */
    for (int k = 0; k < 4; k++) {
        int st;
        waitpid(kids[k], &st, 0);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d failed (status %d)", k, st);
    }
    CHECK_INT(query_int(path, "SELECT count(*) FROM tickets"), 2000);
    CHECK_INT(query_int(path, "SELECT count(DISTINCT number) FROM tickets"), 2000);
    CHECK_INT(query_int(path, "SELECT min(number) FROM tickets"), 1);
    CHECK_INT(query_int(path, "SELECT max(number) FROM tickets"), 2000);
    CHECK_INT(query_int(path, "SELECT count(*) FROM events WHERE kind = 'issue'"), 2000);
    char report[2048];
    CHECK(check_ok(path, report, sizeof report) == 0, "check: %s", report);
}

/* The child issues and calls forever, writing each ticket id to FD after issue returned. */
static void issue_until_killed(const char *path, int fd)
{
    dawr_queue *q = open_or_die(path);
    for (unsigned i = 0;; i++) {
        dawr_ticket t;
        if (dawr_queue_issue(q, i % 3 ? "new_request" : "follow_up", i % 7 == 0, &t) != DAWR_OK) _exit(1);
        if (write(fd, &t.id, sizeof t.id) != sizeof t.id) _exit(1);
        if (i % 2) {
            const char *counter = i % 4 == 1 ? "1" : "2";
            if (dawr_queue_call_next(q, counter, NULL) == DAWR_OK) dawr_queue_done(q, counter, NULL);
        }
    }
}

static void sigkill_never_loses_an_issued_ticket(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s", scratch_db("sigkill"));
    dawr_queue_close(open_or_die(path));
    srand(20261125);
    long long returned = 0, missing = 0;
    for (int round = 0; round < 200; round++) {
        int fds[2];
        REQUIRE(pipe(fds) == 0, "pipe");
        pid_t kid = fork();
        if (kid == 0) { close(fds[0]); issue_until_killed(path, fds[1]); }
        close(fds[1]);
        /* Wait for the first issued ticket, so every kill lands in the middle of real work. */
        long long first;
        int got_first = read(fds[0], &first, sizeof first) == sizeof first;
        struct timespec pause = { 0, (rand() % 20) * 1000000L + rand() % 1000000 };
        nanosleep(&pause, NULL);
        kill(kid, SIGKILL);
        waitpid(kid, NULL, 0);
        CHECK(got_first, "round %d: the child issued nothing", round);
        long long id;
        sqlite3 *db;
        sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db, "SELECT 1 FROM tickets WHERE id = ?", -1, &st, NULL);
        for (int have = got_first; have || read(fds[0], &id, sizeof id) == sizeof id; have = 0) {
            if (have) id = first;
            returned++;
            sqlite3_bind_int64(st, 1, id);
            if (sqlite3_step(st) != SQLITE_ROW) missing++;
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        close(fds[0]);
    }
    fprintf(stderr, "  sigkill: 200 kills, %lld tickets returned by issue, %lld missing\n", returned, missing);
    CHECK(returned >= 200, "too few tickets issued to mean anything: %lld", returned);
    CHECK_INT(missing, 0);
    char report[2048];
    CHECK(check_ok(path, report, sizeof report) == 0, "check: %s", report);
    CHECK_INT(query_int(path, "SELECT count(*) - count(DISTINCT day || prefix || number) FROM tickets"), 0);
}

/* Fills the database until it refuses; the message is clear and nothing committed is lost. */
static void full_database_refuses_clearly(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s", scratch_db("full"));
    dawr_queue *q = open_or_die(path);
    long long pages = query_int(path, "PRAGMA page_count");
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages + 8);
    sqlite3_exec(dawr_queue_db(q), sql, NULL, NULL, NULL);
    int issued = 0, r;
    while ((r = dawr_queue_issue(q, "inquiry", 0, NULL)) == DAWR_OK && issued < 100000) issued++;
    CHECK_INT(r, DAWR_STORE_FAILED);
    CHECK(strstr(dawr_queue_error(q), "the database is full") != NULL, "message: %s", dawr_queue_error(q));
    CHECK(strstr(dawr_queue_error(q), "nothing was changed") != NULL, "message: %s", dawr_queue_error(q));
    CHECK(issued > 10, "only %d tickets fit", issued);
    /* Refusals of a full store still answer reads. */
    dawr_status s;
    CHECK_INT(dawr_queue_status(q, &s), DAWR_OK);
    CHECK_INT(s.issued_today, issued);
    dawr_queue_close(q);
    CHECK_INT(query_int(path, "SELECT count(*) FROM tickets"), issued);
    char report[2048];
    CHECK(check_ok(path, report, sizeof report) == 0, "check: %s", report);
    q = open_or_die(path);                            /* room again: the next number follows on */
    dawr_ticket t;
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, &t), DAWR_OK);
    CHECK_INT(t.number, issued + 1);
    dawr_queue_close(q);
}

/* When a wrong PIN cannot be counted (no byte can be written), no PIN is checked at all: on a
 * full disk twelve wrong PINs once went uncounted and the right one then signed in, an oracle
 * with unlimited guesses. Also at the kiosk's place. With room again, the right PIN works. */
static void a_pin_is_not_checked_when_the_attempt_cannot_be_counted(void)
{
    char path[700], err[512];
    snprintf(path, sizeof path, "%s", scratch_db("pin-full"));
    dawr_queue *q = open_or_die(path);
    REQUIRE(dawr_staff_set_pin(q, "1", "4821", err, sizeof err) == DAWR_OK, "%s", err);
    dawr_queue_close(q);
    int fds[2];
    REQUIRE(pipe(fds) == 0, "pipe");
    pid_t kid = fork();
    if (kid == 0) {
        dawr_queue *cq = open_or_die(path);
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = { 0, 0 };  /* no file may grow: every write of the log fails */
        setrlimit(RLIMIT_FSIZE, &lim);
        const dawr_config *cfg = dawr_queue_config(cq);
        char msg[1024] = "";
        int wrong_answered = 0;
        for (int i = 0; i < 12; i++)
            if (dawr_staff_sign_in(cq, cfg, "1", "0000", 1000, NULL, err, sizeof err) == DAWR_STORE_FAILED) wrong_answered++;
        int right = dawr_staff_sign_in(cq, cfg, "1", "4821", 1000, NULL, err, sizeof err);
        char counter[16];
        int kiosk = dawr_staff_kiosk_sign_in(cq, cfg, "4821", 1000, counter, sizeof counter, NULL, err, sizeof err);
        snprintf(msg, sizeof msg, "%d %d %d %s", wrong_answered, right, kiosk, err);
        if (write(fds[1], msg, strlen(msg)) < 0) _exit(1);
        _exit(0);
    }
    close(fds[1]);
    char msg[1024] = "";
    ssize_t n = read(fds[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = 0;
    close(fds[0]);
    waitpid(kid, NULL, 0);
    int wrong_answered = -1, right = 0, kiosk = 0;
    sscanf(msg, "%d %d %d", &wrong_answered, &right, &kiosk);
    CHECK_INT(wrong_answered, 12);
    CHECK(right == DAWR_STORE_FAILED, "the right PIN answered %d while nothing could be counted: %s", right, msg);
    CHECK(kiosk == DAWR_STORE_FAILED, "the kiosk's sign-in answered %d while nothing could be counted", kiosk);
    CHECK(strstr(msg, "nothing was changed") || strstr(msg, "full") || strstr(msg, "input/output"), "why: %s", msg);
    q = open_or_die(path);                       /* room again */
    CHECK_INT(dawr_staff_sign_in(q, dawr_queue_config(q), "1", "4821", 2000, NULL, err, sizeof err), DAWR_OK);
    dawr_queue_close(q);
}

/* The same with a real write failure: the file size limit makes write() fail with EFBIG. */
static void file_size_limit_refuses_clearly(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s", scratch_db("fsize"));
    dawr_queue_close(open_or_die(path));
    int fds[2];
    REQUIRE(pipe(fds) == 0, "pipe");
    pid_t kid = fork();
    if (kid == 0) {
        signal(SIGXFSZ, SIG_IGN);
        struct rlimit lim = { 64 * 1024, 64 * 1024 };
        setrlimit(RLIMIT_FSIZE, &lim);
        dawr_queue *q = open_or_die(path);
        int issued = 0;
        while (dawr_queue_issue(q, "inquiry", 0, NULL) == DAWR_OK && issued < 100000) issued++;
        char msg[512];
        snprintf(msg, sizeof msg, "%d %s", issued, dawr_queue_error(q));
        if (write(fds[1], msg, strlen(msg)) < 0) _exit(1);
        dawr_queue_close(q);
        _exit(0);
    }
    close(fds[1]);
    char msg[512] = "";
    ssize_t n = read(fds[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = 0;
    close(fds[0]);
    waitpid(kid, NULL, 0);
    int issued = atoi(msg);
    CHECK(issued > 0, "nothing issued: %s", msg);
    CHECK(strstr(msg, "full") || strstr(msg, "input/output"), "message: %s", msg);
    CHECK_INT(query_int(path, "SELECT count(*) FROM tickets"), issued);
    char report[2048];
    CHECK(check_ok(path, report, sizeof report) == 0, "check: %s", report);
}

static void backup_is_a_checked_copy(void)
{
    const char *dir = scratch_dir("backup");
    char path[600], copy[600];
    snprintf(path, sizeof path, "%s/dawr.db", dir);
    snprintf(copy, sizeof copy, "%s/copy.db", dir);
    dawr_queue *q = open_or_die(path);
    for (int i = 0; i < 50; i++) dawr_queue_issue(q, "documents", 0, NULL);
    CHECK_INT(dawr_queue_backup(q, copy), DAWR_OK);
    dawr_queue_close(q);
    CHECK_INT(query_int(copy, "SELECT count(*) FROM tickets"), 50);
    CHECK_INT(query_int(copy, "PRAGMA user_version"), dawr_store_schema_latest());
    char report[2048];
    CHECK(check_ok(copy, report, sizeof report) == 0, "check of the copy: %s", report);
    q = open_or_die(path);
    snprintf(copy, sizeof copy, "%s/no/such/folder/copy.db", dir);
    CHECK_INT(dawr_queue_backup(q, copy), DAWR_STORE_FAILED);
    CHECK(strstr(dawr_queue_error(q), "cannot be opened") != NULL, "message: %s", dawr_queue_error(q));
    dawr_queue_close(q);
}

static void check_finds_tampering(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s", scratch_db("tamper"));
    dawr_queue *q = open_or_die(path);
    for (int i = 0; i < 3; i++) dawr_queue_issue(q, "inquiry", 0, NULL);
    dawr_queue_close(q);
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA foreign_keys = OFF; DELETE FROM tickets WHERE number = 2;", NULL, NULL, NULL);
    sqlite3_close(db);
    char report[2048];
    CHECK_INT(check_ok(path, report, sizeof report), 2);  /* a missing number and an orphan event */
    CHECK(strstr(report, "missing number") != NULL, "report: %s", report);
    CHECK(strstr(report, "foreign key") != NULL, "report: %s", report);
}

static void refuses_a_database_from_the_future_or_garbage(void)
{
    const char *dir = scratch_dir("future");
    char path[600], err[512];
    snprintf(path, sizeof path, "%s/dawr.db", dir);
    dawr_queue_close(open_or_die(path));
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(db);
    dawr_queue *q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    CHECK(q == NULL, "opened a schema-99 database");
    CHECK(strstr(err, "schema version 99") != NULL, "message: %s", err);
    dawr_queue_close(q);
    snprintf(path, sizeof path, "%s/garbage.db", dir);
    write_file(path, "this is not a database, it is a shopping list: rice, dates, coffee, cardamom ......");
    q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    CHECK(q == NULL, "opened garbage");
    CHECK(strstr(err, "damaged or is not a Dawr database") != NULL, "message: %s", err);
    dawr_queue_close(q);
    snprintf(path, sizeof path, "%s/missing/folder/dawr.db", dir);
    q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    CHECK(q == NULL && strstr(err, "cannot be opened"), "message: %s", err);
    dawr_queue_close(q);
}

/* A database at schema 2 (before the kiosk's own PIN lock), as a Dawr of then left it: the
 * counters' wrong-PIN runs and locks in counter_pins. Made from a fresh one by undoing
 * migration 3 by hand, then opened: the runs and locks move to pin_locks and still hold. */
static void schema_2_database_migrates_its_pin_locks(void)
{
    char path[700], err[512];
    snprintf(path, sizeof path, "%s", scratch_db("schema2"));
    dawr_queue *q = open_or_die(path);
    CHECK_INT(dawr_staff_set_pin(q, "1", "1111", err, sizeof err), DAWR_OK);
    CHECK_INT(dawr_staff_set_pin(q, "2", "2222", err, sizeof err), DAWR_OK);
    dawr_queue_close(q);
    dawr_ms now = at_local("2026-11-25T10:00:00");
    char sql[1024];
    snprintf(sql, sizeof sql, "ALTER TABLE tickets DROP COLUMN appointment_at;"           /* migration 9's */
             "ALTER TABLE counters DROP COLUMN appointment_streak;"
             "DROP TABLE appointments;"                                  /* migration 8's */
             "DROP TABLE application_contacts; DROP TABLE applications;"   /* migration 7's */
             "DROP TABLE generations; DROP TABLE sync_status; DROP TABLE pin_locks;"
             "ALTER TABLE counter_pins ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;"
             "ALTER TABLE counter_pins ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;"
             "UPDATE counter_pins SET failures = 3 WHERE counter = '1';"
             "UPDATE counter_pins SET locked_until = %lld WHERE counter = '2';"
             "PRAGMA user_version = 2;", (long long)now + 60000);
    sqlite3 *db;
    REQUIRE(sqlite3_open(path, &db) == SQLITE_OK, "open %s", path);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK, "to schema 2: %s", sqlite3_errmsg(db));
    sqlite3_close(db);

    q = open_or_die(path);
    CHECK_INT(query_int(path, "PRAGMA user_version"), dawr_store_schema_latest());
    CHECK_INT(query_int(path, "SELECT failures FROM pin_locks WHERE place = 'counter 1'"), 3);
    CHECK_INT(query_int(path, "SELECT locked_until FROM pin_locks WHERE place = 'counter 2'"), now + 60000);
    CHECK_INT(query_int(path, "SELECT count(*) FROM pin_locks"), 2);
    CHECK_INT(query_int(path, "SELECT count(*) FROM pragma_table_info('counter_pins')"
                              " WHERE name IN ('failures', 'locked_until')"), 0);
    /* The carried runs and locks work as before; the kiosk starts with a count of its own. */
    dawr_sign_in_info info;
    CHECK_INT(dawr_staff_sign_in(q, cfg, "2", "2222", now, &info, err, sizeof err), DAWR_STAFF_LOCKED);
    CHECK_INT(info.locked_seconds, 60);
    CHECK_INT(dawr_staff_sign_in(q, cfg, "1", "0000", now, &info, err, sizeof err), DAWR_STAFF_WRONG_PIN);
    CHECK_INT(info.attempts_left, 1);
    CHECK_INT(dawr_staff_kiosk_sign_in(q, cfg, "0000", now, NULL, 0, &info, err, sizeof err), DAWR_STAFF_WRONG_PIN);
    CHECK_INT(info.attempts_left, 4);
    char counter[64];
    CHECK_INT(dawr_staff_kiosk_sign_in(q, cfg, "2222", now, counter, sizeof counter, &info, err, sizeof err), DAWR_OK);
    CHECK_STR(counter, "2");
    dawr_queue_close(q);
    char report[2048];
    CHECK(check_ok(path, report, sizeof report) == 0, "check: %s", report);
}

/* Issue 18.10: guessing a PIN across counters and at the kiosk, a few at each so no place
 * locks, once took about a day for a 4-digit PIN. Every wrong PIN now also counts in one budget
 * for all places ([console] pin_failures_per_hour, here 6), kept in the database: past it every
 * sign-in is locked, right PINs too, until the hour is over; right PINs give their attempt back.
 * And [console] pin_min_length makes set-pin require longer PINs. */
static void wrong_pins_everywhere_share_one_budget(void)
{
    static char text[65536];
    char conf[700], path[700], err[512], counter[64];
    read_file_into(default_config_path(), text, sizeof text);
    snprintf(conf, sizeof conf, "%s/budget.conf", scratch_dir("pin-budget"));
    char *at = strstr(text, "pin_failures_per_hour = 20");
    REQUIRE(at, "the default configuration names pin_failures_per_hour = 20");
    memcpy(at, "pin_failures_per_hour = 6 ", 26);
    at = strstr(text, "pin_min_length = 4");
    REQUIRE(at, "the default configuration names pin_min_length = 4");
    at[17] = '6';
    write_file(conf, text);
    dawr_config *c6 = dawr_config_load(conf, err, sizeof err);
    REQUIRE(c6, "%s", err);
    snprintf(path, sizeof path, "%s", scratch_db("pin-budget"));
    dawr_queue *q = dawr_queue_open(c6, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    REQUIRE(q, "%s", err);
    CHECK_INT(dawr_staff_set_pin(q, "1", "1111", err, sizeof err), DAWR_STAFF_BAD_PIN);
    CHECK(strstr(err, "a PIN is 6 to 12 digits") != NULL, "why: %s", err);
    CHECK_INT(dawr_staff_set_pin(q, "1", "111111", err, sizeof err), DAWR_OK);
    CHECK_INT(dawr_staff_set_pin(q, "2", "222222", err, sizeof err), DAWR_OK);
    CHECK_INT(dawr_staff_set_pin(q, "3", "333333", err, sizeof err), DAWR_OK);
    dawr_ms t = at_local("2026-11-25T10:00:00");
    dawr_sign_in_info info;
    /* Right PINs use none of it. */
    for (int i = 0; i < 10; i++) CHECK_INT(dawr_staff_sign_in(q, c6, "1", "111111", t, &info, err, sizeof err), DAWR_OK);
    /* Two wrong at each of counters 1 and 2 and at the kiosk: no place locks, the budget is spent. */
    for (int i = 0; i < 2; i++) {
        CHECK_INT(dawr_staff_sign_in(q, c6, "1", "000000", t + i, &info, err, sizeof err), DAWR_STAFF_WRONG_PIN);
        CHECK_INT(dawr_staff_sign_in(q, c6, "2", "000000", t + i, &info, err, sizeof err), DAWR_STAFF_WRONG_PIN);
        CHECK_INT(dawr_staff_kiosk_sign_in(q, c6, "000000", t + i, NULL, 0, &info, err, sizeof err), DAWR_STAFF_WRONG_PIN);
    }
    long long before = dawr_queue_last_event_id(q);
    CHECK_INT(dawr_staff_sign_in(q, c6, "3", "000000", t + 1000, &info, err, sizeof err), DAWR_STAFF_LOCKED);
    CHECK(strstr(err, "all counters together") != NULL, "why: %s", err);
    CHECK_INT(info.locked_seconds, 3600 - 1);
    CHECK_INT(query_int(path, "SELECT count(*) FROM events WHERE kind = 'lockout'"
                              " AND json_extract(detail, '$.where') = 'all'"), 1);
    CHECK(dawr_queue_last_event_id(q) == before + 1, "one lockout event");
    /* Now every place refuses even its right PIN, after a restart too. */
    CHECK_INT(dawr_staff_sign_in(q, c6, "3", "333333", t + 2000, &info, err, sizeof err), DAWR_STAFF_LOCKED);
    dawr_queue_close(q);
    q = dawr_queue_open(c6, path, NULL, err, sizeof err);
    REQUIRE(q, "%s", err);
    CHECK_INT(dawr_staff_sign_in(q, c6, "1", "111111", t + 3000, &info, err, sizeof err), DAWR_STAFF_LOCKED);
    CHECK_INT(dawr_staff_kiosk_sign_in(q, c6, "222222", t + 3000, counter, sizeof counter, &info, err, sizeof err),
              DAWR_STAFF_LOCKED);
    CHECK_INT(query_int(path, "SELECT count(*) FROM events WHERE kind = 'lockout'"), 1);
    /* The hour over, right PINs work again and a new budget starts. */
    dawr_ms later = t + 3600 * 1000 + 1;
    CHECK_INT(dawr_staff_sign_in(q, c6, "1", "111111", later, &info, err, sizeof err), DAWR_OK);
    CHECK_INT(dawr_staff_kiosk_sign_in(q, c6, "222222", later, counter, sizeof counter, &info, err, sizeof err), DAWR_OK);
    CHECK_INT(dawr_staff_sign_in(q, c6, "3", "000000", later, &info, err, sizeof err), DAWR_STAFF_WRONG_PIN);
    dawr_queue_close(q);
    dawr_config_free(c6);
}

/* A database at schema 3 (before branches): its issue events get their service day from their
 * tickets, and it gets a generation; nothing else in the log changes and it stays append-only. */
static void schema_3_database_gets_days_in_its_log_and_a_generation(void)
{
    char path[700];
    snprintf(path, sizeof path, "%s", scratch_db("schema3"));
    dawr_queue *q = open_or_die(path);
    dawr_ticket t;
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, &t), DAWR_OK);
    CHECK_INT(dawr_queue_issue(q, "follow_up", 0, &t), DAWR_OK);
    dawr_queue_close(q);
    sqlite3 *db;
    REQUIRE(sqlite3_open(path, &db) == SQLITE_OK, "open %s", path);
    CHECK(sqlite3_exec(db, "ALTER TABLE tickets DROP COLUMN appointment_at;"                                  /* migration 9's */
                           "ALTER TABLE counters DROP COLUMN appointment_streak;"
                           "DROP TABLE appointments; DROP TABLE application_contacts; DROP TABLE applications;"   /* migration 7's */
                           "DROP TABLE generations; DROP TABLE sync_status; DROP TRIGGER events_no_update;"
                           "UPDATE events SET detail = json_remove(detail, '$.day');"
                           "CREATE TRIGGER events_no_update BEFORE UPDATE ON events"
                           "  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;"
                           "PRAGMA user_version = 3;", NULL, NULL, NULL) == SQLITE_OK, "to schema 3: %s", sqlite3_errmsg(db));
    sqlite3_close(db);
    CHECK_INT(query_int(path, "SELECT count(*) FROM events WHERE json_extract(detail, '$.day') IS NOT NULL"), 0);
    q = open_or_die(path);
    dawr_queue_close(q);
    CHECK_INT(query_int(path, "SELECT count(*) FROM events e JOIN tickets t ON t.id = e.ticket"
                              " WHERE e.kind = 'issue' AND json_extract(e.detail, '$.day') = t.day"), 2);
    CHECK_INT(query_int(path, "SELECT count(*) FROM generations WHERE length(id) = 32 AND first_event = 1"), 1);
    REQUIRE(sqlite3_open(path, &db) == SQLITE_OK, "open %s", path);
    CHECK(sqlite3_exec(db, "UPDATE events SET at = 0", NULL, NULL, NULL) != SQLITE_OK, "the log is append-only again");
    sqlite3_close(db);
}

static long long elapsed_ms(long long since_us)
{
    return (dawr_clock_monotonic_us() - since_us) / 1000;
}

/* Opening takes the longest wait for another program's lock as an option: while a second
 * connection holds the write lock, an open with a short timeout fails within it, saying why,
 * and changes nothing; a queue opened so gives up as soon on each operation. */
static void a_busy_database_fails_within_the_timeout(void)
{
    char path[700], err[512];
    snprintf(path, sizeof path, "%s", scratch_db("busy"));
    dawr_queue *q = open_or_die(path);
    dawr_queue_issue(q, "inquiry", 0, NULL);
    dawr_queue_close(q);
    long long events = query_int(path, "SELECT count(*) FROM events");
    sqlite3 *holder;
    REQUIRE(sqlite3_open(path, &holder) == SQLITE_OK, "open %s", path);
    REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK, "lock: %s", sqlite3_errmsg(holder));

    long long t0 = dawr_clock_monotonic_us();
    q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .busy_ms = 300 }, err, sizeof err);
    long long waited = elapsed_ms(t0);
    CHECK(q == NULL, "opened a database another connection holds");
    CHECK(strstr(err, "stayed busy") != NULL, "message: %s", err);
    CHECK(waited >= 250 && waited < 2500, "gave up after %lld ms, not about 300", waited);
    dawr_queue_close(q);
    q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .busy_ms = -1 }, err, sizeof err);
    CHECK(q == NULL && strstr(err, "not -1"), "a negative timeout: %s", err);
    dawr_queue_close(q);
    sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL);
    CHECK_INT(query_int(path, "SELECT count(*) FROM events"), events);

    /* Opened, then held: an operation fails within the same timeout, and nothing is changed. */
    q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .busy_ms = 300 }, err, sizeof err);
    REQUIRE(q != NULL, "%s", err);
    REQUIRE(sqlite3_exec(holder, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK, "lock: %s", sqlite3_errmsg(holder));
    t0 = dawr_clock_monotonic_us();
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, NULL), DAWR_STORE_FAILED);
    waited = elapsed_ms(t0);
    CHECK(waited >= 250 && waited < 2500, "issue gave up after %lld ms, not about 300", waited);
    CHECK_STR(dawr_queue_reason(q), "db_failed");
    CHECK(strstr(dawr_queue_error(q), "nothing was changed") != NULL, "message: %s", dawr_queue_error(q));
    sqlite3_exec(holder, "COMMIT", NULL, NULL, NULL);
    sqlite3_close(holder);
    CHECK_INT(query_int(path, "SELECT count(*) FROM events"), events);
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, NULL), DAWR_OK);   /* free again: it works */
    dawr_queue_close(q);
}

int main(int argc, char **argv)
{
    cfg = load_default_config();
    static const test_case cases[] = {
        { "four_processes_issue_2000_without_gap", four_processes_issue_2000_without_gap },
        { "sigkill_never_loses_an_issued_ticket", sigkill_never_loses_an_issued_ticket },
        { "full_database_refuses_clearly", full_database_refuses_clearly },
        { "a_pin_is_not_checked_when_the_attempt_cannot_be_counted", a_pin_is_not_checked_when_the_attempt_cannot_be_counted },
        { "file_size_limit_refuses_clearly", file_size_limit_refuses_clearly },
        { "backup_is_a_checked_copy", backup_is_a_checked_copy },
        { "check_finds_tampering", check_finds_tampering },
        { "refuses_a_database_from_the_future_or_garbage", refuses_a_database_from_the_future_or_garbage },
        { "schema_2_database_migrates_its_pin_locks", schema_2_database_migrates_its_pin_locks },
        { "wrong_pins_everywhere_share_one_budget", wrong_pins_everywhere_share_one_budget },
        { "schema_3_database_gets_days_in_its_log_and_a_generation", schema_3_database_gets_days_in_its_log_and_a_generation },
        { "a_busy_database_fails_within_the_timeout", a_busy_database_fails_within_the_timeout },
        { NULL, NULL },
    };
    int status = harness_main("store", cases, argc, argv);
    dawr_config_free(cfg);
    return status;
}
