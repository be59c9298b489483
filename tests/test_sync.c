/* Branches and the centre, with a real PostgreSQL 15 (a private cluster, tests/pgutil.h) and
 * real branch databases filled by the engine: dawr-sync sends every event exactly once, with
 * no gaps, when the centre was stopped, when the sender is SIGKILLed in the middle of batches,
 * after a restore (a new generation); a payload the centre holds differently is an alarm; a
 * branch's role cannot write or read another's rows; the central report of a branch equals
 * its own report, and the association's totals are the sum. Without PostgreSQL the test says
 * so, and fails under CI (where make deps installs it). */
#include "branch.h"
#include "harness.h"
#include "pgutil.h"
#include "testutil.h"
#include "appmonth.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static test_pg pg;
static char work[600];

typedef struct {
    const char *id, *name_en, *day;
    char dir[700], conf[800], db[800];
    int filled;
} branch;

static branch north = { .id = "north", .name_en = "North branch", .day = "2026-11-01" },
              east = { .id = "east", .name_en = "East branch", .day = "2026-11-02" },
              south = { .id = "south", .name_en = "South branch", .day = "2026-11-03" };

/* The default configuration with this branch's [branch] and [central], connecting as USER. */
static void write_conf(const char *path, const branch *b, const char *user)
{
    char base[65536], text[70000];
    read_file_into(default_config_path(), base, sizeof base);
    snprintf(text, sizeof text, "%s\n[branch]\nid = %s\nname_ar = فرع %s\nname_en = %s\n\n[central]\nconnection = %s\n",
             base, b->id, b->id, b->name_en, test_pg_conninfo(&pg, user, "dawr"));
    write_file(path, text);
}

static void prepare(branch *b)
{
    snprintf(b->dir, sizeof b->dir, "%s/%s", work, b->id);
    mkdir(b->dir, 0755);
    snprintf(b->conf, sizeof b->conf, "%s/dawr.conf", b->dir);
    snprintf(b->db, sizeof b->db, "%s/dawr.db", b->dir);
    char role[64];
    snprintf(role, sizeof role, "dawr_branch_%s", b->id);
    write_conf(b->conf, b, role);
}

/* A reception's day on B's database from HOUR: TICKETS tickets issued a minute apart, two desks
 * calling, serving, finishing, referring some (with a private note), some cancelled, some rated,
 * a few left waiting. Returns the newest event id. */
static long long traffic(const branch *b, const char *day, int hour, int tickets)
{
    char err[512], when[40];
    dawr_config *cfg = dawr_config_load(b->conf, err, sizeof err);
    if (!cfg) { fprintf(stderr, "%s\n", err); exit(2); }
    dawr_queue *q = dawr_queue_open(cfg, b->db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "%s\n", err); exit(2); }
    snprintf(when, sizeof when, "%sT%02d:00:00", day, hour);
    fake_now = at_local(when);
    dawr_queue_set_clock(q, fake_clock, NULL);
    static const char *services[] = { "new_request", "follow_up", "inquiry", "documents", "complaint" };
    const char *desks[2] = { "1", "2" };
    int stage[2] = { 0, 0 };
    dawr_ticket cur[2], t;
    for (int step = 0; step < tickets + 10; step++) {
        fake_now += 47000;
        if (step < tickets && dawr_queue_issue(q, services[step % 5], step % 9 == 0, &t) == DAWR_OK && step % 11 == 5) {
            char ref[32];
            snprintf(ref, sizeof ref, "#%lld", t.id);
            dawr_queue_cancel(q, ref, NULL);
        }
        for (int c = 0; c < 2; c++) {
            if (stage[c] == 0) { if (dawr_queue_call_next(q, desks[c], &cur[c]) == DAWR_OK) stage[c] = 1; }
            else if (stage[c] == 1) { if (dawr_queue_serve(q, desks[c], &cur[c]) == DAWR_OK) stage[c] = 2; }
            else {
                if (cur[c].number % 7 == 3 && strcmp(cur[c].service, "inquiry"))
                    dawr_queue_transfer(q, desks[c], "inquiry", "a private note about the visitor", NULL);
                else if (dawr_queue_done(q, desks[c], &cur[c]) == DAWR_OK && cur[c].number % 3) {
                    char ref[32];
                    snprintf(ref, sizeof ref, "#%lld", cur[c].id);
                    const char *why[] = { "waiting" };
                    int score = 1 + cur[c].number % 5;
                    dawr_queue_rate(q, ref, score, why, score <= 2, NULL);
                }
                stage[c] = 0;
            }
        }
    }
    long long last = dawr_queue_last_event_id(q);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    return last;
}

static int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int run(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* dawr-sync --once for B: its exit status (0 sent, 1 alarm, 3 failed). */
static int sync_once(const branch *b, const char *extra)
{
    return run("%s/dawr-sync --config '%s' --db '%s' --once %s 2>>'%s/sync.log'", build_dir(), b->conf, b->db, extra,
               b->dir);
}

static long long centre(const char *sql) { return test_pg_int(&pg, "dawr", sql, NULL, 0); }

static long long centre_count(const char *branch_id)
{
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE branch = '%s'", branch_id);
    return centre(sql);
}

/* dawrctl sync status --json for B, parsed (NULL when it printed none). */
static json_t *sync_status(const branch *b)
{
    char out[900];
    snprintf(out, sizeof out, "%s/status.json", b->dir);
    run("%s/dawrctl --config '%s' --db '%s' --json sync status >'%s' 2>/dev/null", build_dir(), b->conf, b->db, out);
    return json_load_file(out, 0, NULL);
}

/* Every event of B's database is at the centre once, under the generation its id falls in. */
static void check_every_event_once(const branch *b)
{
    char err[512];
    dawr_config *cfg = dawr_config_load(b->conf, err, sizeof err);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, b->db, &(dawr_queue_options){ .create = 1 }, err, sizeof err) : NULL;
    REQUIRE(q, "%s", err);
    dawr_generation gens[DAWR_MAX_GENERATIONS];
    int n = dawr_branch_generations(q, gens, DAWR_MAX_GENERATIONS);
    long long newest = dawr_queue_last_event_id(q);
    for (int g = 0; g < n; g++) {
        long long last = gens[g].last_event ? gens[g].last_event : newest;
        char sql[600];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE branch = '%s' AND generation = '%.32s'"
                 " AND id BETWEEN %lld AND %lld", b->id, gens[g].id, gens[g].first_event, last);
        CHECK_INT(centre(sql), last - gens[g].first_event + 1);
    }
    dawr_queue_close(q);
    dawr_config_free(cfg);
    /* Each (generation, id) once by the primary key; no id missing between a generation's first and last. */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT generation, max(id) - min(id) + 1 - count(*) AS gap"
             " FROM events WHERE branch = '%s' GROUP BY generation) g WHERE gap <> 0", b->id);
    CHECK_INT(centre(sql), 0);
}

/* B's day of traffic, sent. */
static void fill(branch *b)
{
    if (b->filled) return;
    traffic(b, b->day, 8, 120);
    CHECK_INT(sync_once(b, ""), 0);
    b->filled = 1;
}

static void init_central_is_versioned_and_repeatable(void)
{
    const char *owner = test_pg_conninfo(&pg, "dawr", "dawr");
    for (int i = 0; i < 2; i++)
        CHECK_INT(run("%s/dawr-sync --init-central --connection '%s' >%s/init.out 2>&1", build_dir(), owner, work), 0);
    char out[512], path[700];
    snprintf(path, sizeof path, "%s/init.out", work);
    read_file_into(path, out, sizeof out);
    CHECK(strstr(out, "schema version 4"), "said: %s", out);
    CHECK_INT(centre("SELECT count(*) FROM dawr_schema"), 4);
    CHECK_INT(centre("SELECT count(*) FROM pg_policies WHERE tablename = 'events'"), 2);
}

static void centre_stopped_then_started_every_event_once(void)
{
    REQUIRE(test_pg_stop(&pg) == 0, "could not stop the centre");
    long long first_half = traffic(&north, north.day, 8, 60);
    pid_t pid = fork();
    if (pid == 0) {
        char log[900];
        snprintf(log, sizeof log, "%s/daemon.log", north.dir);
        if (!freopen(log, "w", stderr)) _exit(127);
        char path[600];
        snprintf(path, sizeof path, "%s/dawr-sync", build_dir());
        execl(path, "dawr-sync", "--config", north.conf, "--db", north.db, "--interval", "1", "--max-wait", "1", (char *)NULL);
        _exit(127);
    }
    sleep(2);
    json_t *s = sync_status(&north);
    const char *error = json_string_value(json_object_get(s, "last_error"));
    CHECK(error && strstr(error, "cannot be reached"), "the error in words: %s", error ? error : "(none)");
    CHECK_INT(json_integer_value(json_object_get(s, "backlog")), first_half);
    json_decref(s);
    CHECK(test_pg_start(&pg) == 0, "could not start the centre again");
    long long newest = traffic(&north, north.day, 11, 60);    /* the day goes on while it catches up */
    long long backlog = -1;
    for (int i = 0; i < 100 && backlog != 0; i++) {
        usleep(100000);
        s = sync_status(&north);
        backlog = s && !*json_string_value(json_object_get(s, "last_error")) ? json_integer_value(json_object_get(s, "backlog")) : -1;
        json_decref(s);
    }
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "dawr-sync ended on SIGTERM with %d", st);
    CHECK_INT(backlog, 0);
    CHECK_INT(centre_count("north"), newest);
    check_every_event_once(&north);
    /* What stays on the appliance: no notes, nothing about PINs. */
    CHECK_INT(centre("SELECT count(*) FROM events WHERE detail ? 'note'"), 0);
    CHECK(centre("SELECT count(*) FROM events WHERE kind = 'transfer'") > 0, "the day had referrals");
    north.filled = 1;
}

static void sigkill_in_the_middle_of_batches_exactly_once(void)
{
    long long newest = traffic(&east, east.day, 8, 400);
    /* A centre far away: each batch takes 10 ms more inside its transaction, so most kills land
     * while one is open (and a busy machine cannot finish the whole log between two looks). */
    CHECK_INT(centre("CREATE FUNCTION slow_centre() RETURNS trigger LANGUAGE plpgsql AS"
                     " $$ BEGIN PERFORM pg_sleep(0.01); RETURN NULL; END $$;"
                     "CREATE TRIGGER slow_centre AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION slow_centre()"), 0);
    int kills = 0, partial = 0;
    srand(19);
    for (int i = 0; i < 50; i++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (!freopen("/dev/null", "w", stderr)) _exit(127);
            char path[600];
            snprintf(path, sizeof path, "%s/dawr-sync", build_dir());
            execl(path, "dawr-sync", "--config", east.conf, "--db", east.db, "--once", "--batch", "2", (char *)NULL);
            _exit(127);
        }
        /* Killed once it has committed a batch of its own (however slow its start, under ASan
         * too): while it is reading, sending or committing the next. */
        long long before = centre_count("east");
        int gone = 0;
        usleep((useconds_t)(rand() % 20000));
        for (int w = 0; w < 1000 && !gone && centre_count("east") == before; w++) {
            gone = waitpid(pid, NULL, WNOHANG) == pid;
            usleep(1000);
        }
        if (!gone && kill(pid, SIGKILL) == 0) kills++;
        if (!gone) waitpid(pid, NULL, 0);
        long long held = centre_count("east");
        if (held > 0 && held < newest) partial++;
        /* After every kill: whole batches only, from 1 with no gap. */
        CHECK_INT(centre("SELECT coalesce(max(id), 0) - count(*) FROM events WHERE branch = 'east'"), 0);
    }
    CHECK_INT(centre("DROP TRIGGER slow_centre ON events; DROP FUNCTION slow_centre()"), 0);
    fprintf(stderr, "  sigkill: %d kills, %d left the centre part-way (of %lld events)\n", kills, partial, newest);
    CHECK(kills >= 40, "only %d of the senders were killed while running", kills);
    CHECK(partial > 5, "only %d kills landed part-way through sending", partial);
    CHECK_INT(sync_once(&east, ""), 0);       /* no alarm: what was sent is what is here */
    CHECK_INT(centre_count("east"), newest);
    check_every_event_once(&east);
    east.filled = 1;
}

static void restored_branch_gets_a_new_generation_and_nothing_is_dropped(void)
{
    traffic(&south, "2026-11-03", 8, 40);
    char backup[900], copy[900];
    snprintf(backup, sizeof backup, "%s/backup.db", south.dir);
    snprintf(copy, sizeof copy, "%s/copy.db", south.dir);
    CHECK_INT(run("%s/dawrctl --config '%s' --db '%s' backup '%s' >/dev/null", build_dir(), south.conf, south.db, backup), 0);
    long long lost = traffic(&south, "2026-11-03", 10, 40);   /* sent, then the disk dies */
    CHECK_INT(sync_once(&south, ""), 0);
    CHECK_INT(centre_count("south"), lost);
    long long old_generations = centre("SELECT count(DISTINCT generation) FROM events WHERE branch = 'south'");

    /* The old backup put back by hand, as a plain copy: the centre holds more of its generation. */
    CHECK_INT(run("cp '%s' '%s' && rm -f '%s-wal' '%s-shm' && cp '%s' '%s'", south.db, copy, south.db, south.db,
                  backup, south.db), 0);
    CHECK_INT(sync_once(&south, ""), 1);
    json_t *s = sync_status(&south);
    const char *alarm = json_string_value(json_object_get(s, "alarm"));
    CHECK(alarm && strstr(alarm, "older copy"), "alarm: %s", alarm ? alarm : "(none)");
    json_decref(s);
    CHECK_INT(run("%s/dawrctl --config '%s' --db '%s' sync status >/dev/null 2>&1", build_dir(), south.conf, south.db), 1);

    /* Restored as it should be: a new generation from the backup's next event on. */
    CHECK_INT(run("%s/dawrctl --config '%s' --db '%s' restore '%s' >/dev/null", build_dir(), south.conf, south.db, backup), 0);
    CHECK_INT(query_int(south.db, "SELECT count(*) FROM generations"), 2);
    long long newest = traffic(&south, "2026-11-04", 8, 40);
    CHECK_INT(sync_once(&south, ""), 0);
    s = sync_status(&south);
    CHECK_STR(json_string_value(json_object_get(s, "alarm")), "");
    CHECK_INT(json_integer_value(json_object_get(s, "backlog")), 0);
    json_decref(s);
    /* Nothing the centre had is gone (the lost day's events stay), and every event here is there. */
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE branch = 'south' AND generation = '%.32s'",
             query_text(south.db, "SELECT id FROM generations ORDER BY first_event LIMIT 1"));
    CHECK_INT(centre(sql), lost);
    CHECK_INT(centre("SELECT count(DISTINCT generation) FROM events WHERE branch = 'south'"), old_generations + 1);
    long long fork_at = query_int(south.db, "SELECT max(first_event) FROM generations");
    CHECK_INT(centre_count("south"), lost + newest - fork_at + 1);
    check_every_event_once(&south);
    south.filled = 1;
}

static void a_forged_payload_at_the_centre_is_an_alarm(void)
{
    fill(&north);
    long long held = centre_count("north");
    /* The centre's copy of the newest event is changed behind the branch's back. */
    char sql[300];
    snprintf(sql, sizeof sql, "UPDATE events SET detail = detail || '{\"forged\": true}' WHERE branch = 'north' AND id = %lld",
             held);
    CHECK_INT(centre(sql), 1);
    traffic(&north, north.day, 15, 3);
    CHECK_INT(sync_once(&north, ""), 1);
    CHECK_INT(centre_count("north"), held);        /* the batch was not half-sent */
    json_t *s = sync_status(&north);
    const char *alarm = json_string_value(json_object_get(s, "alarm"));
    char want[64];
    snprintf(want, sizeof want, "event %lld ", held);
    CHECK(alarm && strstr(alarm, want) && strstr(alarm, "different content"), "alarm: %s", alarm ? alarm : "(none)");
    CHECK(json_integer_value(json_object_get(s, "backlog")) > 0, "the backlog stays");
    json_decref(s);
    char log[900], text[4096];
    snprintf(log, sizeof log, "%s/sync.log", north.dir);
    read_file_into(log, text, sizeof text);
    CHECK(strstr(text, "ALARM: event"), "logged: %s", text);
    /* Put right at the centre, the sender goes on and the alarm clears. */
    snprintf(sql, sizeof sql, "UPDATE events SET detail = detail - 'forged' WHERE branch = 'north' AND id = %lld", held);
    CHECK_INT(centre(sql), 1);
    CHECK_INT(sync_once(&north, ""), 0);
    s = sync_status(&north);
    CHECK_STR(json_string_value(json_object_get(s, "alarm")), "");
    CHECK_INT(json_integer_value(json_object_get(s, "backlog")), 0);
    json_decref(s);
    check_every_event_once(&north);
}

static void a_branch_role_cannot_write_or_read_another_branch(void)
{
    fill(&north);
    fill(&east);
    char err[512];
    const char *a = "dawr_branch_north";
    CHECK_INT(test_pg_int(&pg, a, "SELECT count(*) FROM events WHERE branch = 'east'", err, sizeof err), 0);
    CHECK_INT(test_pg_int(&pg, a, "SELECT count(*) FROM events WHERE branch <> 'north'", err, sizeof err), 0);
    CHECK(test_pg_int(&pg, a, "SELECT count(*) FROM events", err, sizeof err) == centre_count("north"), "sees its own");
    CHECK_INT(test_pg_int(&pg, a, "SELECT count(*) FROM branches", err, sizeof err), 1);
    CHECK_INT(test_pg_int(&pg, a, "INSERT INTO events (branch, generation, id, at, kind) VALUES"
                                  " ('east', '0123456789abcdef0123456789abcdef', 999999, 0, 'issue')", err, sizeof err), -1);
    CHECK(strstr(err, "row-level security"), "refused because: %s", err);
    CHECK_INT(test_pg_int(&pg, a, "UPDATE events SET at = 0 WHERE branch = 'north'", err, sizeof err), -1);
    CHECK(strstr(err, "permission denied"), "refused because: %s", err);
    CHECK_INT(test_pg_int(&pg, a, "DELETE FROM events", err, sizeof err), -1);
    CHECK(strstr(err, "permission denied"), "refused because: %s", err);
    CHECK_INT(test_pg_int(&pg, a, "UPDATE branches SET name_en = 'taken' WHERE id = 'east'", err, sizeof err), 0);
    CHECK_INT(centre("SELECT count(*) FROM branches WHERE name_en = 'taken'"), 0);
    CHECK_INT(centre("SELECT count(*) FROM events WHERE id = 999999"), 0);
}

/* A day of north's on the shipped [hours] (Sunday 2026-12-06: 08:00-14:00, Dhuhr's pause
 * 12:22-12:42) and the next, made of events about no ticket as much as of tickets: attempts
 * refused while closed (07:30, 07:50, 13:50; 12-07 14:30), help calls (09:00 answered in 90 s,
 * 10:00 in 40 s, 10:30 never), waits across the pause (the kiosk and console notice its start
 * and end at 12:23 and 12:45), and on 12-07 the pause ended early by counter 3 at 12:25 (the
 * social researcher's, free of the other days' visits). Sent. */
static void hours_day(branch *b)
{
    static int done;
    if (done) return;
    done = 1;
    char conf[900], base[65536], text[70000], err[512];
    read_file_into(shipped_config_path(), base, sizeof base);
    snprintf(conf, sizeof conf, "%s/hours.conf", b->dir);
    snprintf(text, sizeof text, "%s\n[branch]\nid = %s\nname_ar = فرع %s\nname_en = %s\n\n[central]\nconnection = %s\n",
             base, b->id, b->id, b->name_en, test_pg_conninfo(&pg, "dawr_branch_north", "dawr"));
    write_file(conf, text);
    dawr_config *cfg = dawr_config_load(conf, err, sizeof err);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, b->db, NULL, err, sizeof err) : NULL;
    REQUIRE(q, "%s", err);
    dawr_queue_set_clock(q, fake_clock, NULL);
    static const struct { const char *at, *what, *arg; int status; } STEPS[] = {
        { "2026-12-06T07:30:00", "issue", "new_request", DAWR_REFUSED },
        { "2026-12-06T07:50:00", "issue", "inquiry", DAWR_REFUSED },
        { "2026-12-06T09:00:00", "help", NULL, DAWR_OK }, { "2026-12-06T09:01:30", "ack", "1", DAWR_OK },
        { "2026-12-06T10:00:00", "help", NULL, DAWR_OK }, { "2026-12-06T10:00:40", "ack", "2", DAWR_OK },
        { "2026-12-06T10:30:00", "help", NULL, DAWR_OK },
        { "2026-12-06T12:10:00", "issue", "social_research", DAWR_OK }, { "2026-12-06T12:15:00", "call", "3", DAWR_OK },
        { "2026-12-06T12:16:00", "done", "3", DAWR_OK }, { "2026-12-06T12:20:00", "issue", "social_research", DAWR_OK },
        { "2026-12-06T12:23:00", "notice", NULL, 1 }, { "2026-12-06T12:25:00", "issue", "social_research", DAWR_OK },
        { "2026-12-06T12:30:00", "call", "3", DAWR_REFUSED }, { "2026-12-06T12:45:00", "notice", NULL, 1 },
        { "2026-12-06T12:45:00", "call", "3", DAWR_OK }, { "2026-12-06T12:50:00", "done", "3", DAWR_OK },
        { "2026-12-06T12:50:00", "call", "3", DAWR_OK }, { "2026-12-06T12:55:00", "done", "3", DAWR_OK },
        { "2026-12-06T13:50:00", "issue", "inquiry", DAWR_REFUSED },
        { "2026-12-07T12:20:00", "issue", "social_research", DAWR_OK }, { "2026-12-07T12:23:00", "notice", NULL, 1 },
        { "2026-12-07T12:25:00", "end-pause", "3", DAWR_OK }, { "2026-12-07T12:30:00", "call", "3", DAWR_OK },
        { "2026-12-07T12:35:00", "done", "3", DAWR_OK }, { "2026-12-07T14:30:00", "issue", "follow_up", DAWR_REFUSED },
    };
    for (size_t i = 0; i < sizeof STEPS / sizeof STEPS[0]; i++) {
        fake_now = at_local(STEPS[i].at);
        const char *w = STEPS[i].what;
        dawr_ticket t;
        dawr_help_call h;
        int r = !strcmp(w, "issue") ? dawr_queue_issue(q, STEPS[i].arg, 0, &t)
                : !strcmp(w, "help") ? dawr_queue_help(q, "kiosk", "services", &h, NULL)
                : !strcmp(w, "ack") ? dawr_queue_help_ack(q, STEPS[i].arg, 0, &h, NULL)
                : !strcmp(w, "call") ? dawr_queue_call_next(q, STEPS[i].arg, &t)
                : !strcmp(w, "done") ? dawr_queue_done(q, STEPS[i].arg, &t)
                : !strcmp(w, "end-pause") ? dawr_queue_end_pause(q, STEPS[i].arg)
                : dawr_queue_note_pauses(q);
        CHECK(r == STEPS[i].status, "%s %s %s: %d, not %d", STEPS[i].at, w, STEPS[i].arg ? STEPS[i].arg : "", r,
              STEPS[i].status);
    }
    dawr_queue_close(q);
    dawr_config_free(cfg);
    CHECK_INT(sync_once(b, ""), 0);
}

/* Applications on B's database (the first LINES lines of tests/appmonth.h's month), sent. */
static void applications_sent(branch *b, int lines)
{
    static int done[2];
    int *mine = &done[b == &north ? 0 : 1];
    if (*mine) return;
    *mine = 1;
    char err[512];
    dawr_config *cfg = dawr_config_load(b->conf, err, sizeof err);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, b->db, NULL, err, sizeof err) : NULL;
    REQUIRE(q, "%s", err);
    dawr_queue_set_clock(q, fake_clock, NULL);
    CHECK_INT(app_month(q, lines), 0);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    CHECK_INT(sync_once(b, ""), 0);
}

/* dawrctl's JSON report into a new value: the central one (--central, with BOARD_CONF) or B's. */
static json_t *report_json(const char *conf, const char *db, const char *from, const char *to, const char *out)
{
    if (db) run("%s/dawrctl --config '%s' --db '%s' --json report --from %s --to %s >'%s'", build_dir(), conf, db, from, to, out);
    else run("%s/dawrctl --config '%s' --json report --central --from %s --to %s >'%s'", build_dir(), conf, from, to, out);
    return json_load_file(out, 0, NULL);
}

static json_t *branch_report(json_t *central, const char *id)
{
    size_t i;
    json_t *b;
    json_array_foreach(json_object_get(central, "branches"), i, b)
        if (!strcmp(json_string_value(json_object_get(b, "id")), id)) return json_object_get(b, "report");
    return NULL;
}

/* Every figure, those made from events about no ticket too (help calls and their answers,
 * attempts refused while closed, the waits' part in prayer pauses). */
static void central_report_equals_each_branch_report_and_totals_sum(void)
{
    fill(&north);
    fill(&east);
    applications_sent(&north, APP_MONTH_LINES);   /* the whole month, after it only part of it */
    applications_sent(&east, 30);
    hours_day(&north);
    char board[800], out[800];
    snprintf(board, sizeof board, "%s/board.conf", work);
    write_conf(board, &north, "dawr");
    const char *from = "2026-11-01", *to = "2026-12-07";
    snprintf(out, sizeof out, "%s/central.json", work);
    json_t *central = report_json(board, NULL, from, to, out);
    REQUIRE(central, "no central report in %s", out);
    branch *both[] = { &north, &east };
    for (int i = 0; i < 2; i++) {
        snprintf(out, sizeof out, "%s/local.json", both[i]->dir);
        json_t *local = report_json(both[i]->conf, both[i]->db, from, to, out);
        json_t *mine = branch_report(central, both[i]->id);
        CHECK(local && mine && json_equal(local, mine), "the central report of %s differs from its own (%s)",
              both[i]->id, out);
        CHECK(json_integer_value(json_object_get(json_object_get(local, "total"), "tickets")) > 100, "a real day");
        json_decref(local);
    }
    /* North's figures from events about no ticket are there, so the equality above means something. */
    size_t i;
    json_t *nt = json_object_get(branch_report(central, "north"), "total"), *help = json_object_get(nt, "help");
    CHECK_INT(json_integer_value(json_object_get(help, "calls")), 3);
    CHECK_INT(json_integer_value(json_object_get(help, "answered")), 2);
    CHECK(json_number_value(json_object_get(json_object_get(help, "answer_seconds"), "median")) == 65 &&
          json_number_value(json_object_get(help, "longest_seconds")) == 90, "help answers 40 s and 90 s");
    CHECK_INT(json_integer_value(json_object_get(nt, "refused_closed")), 4);
    /* North's applications (the month of tests/appmonth.h, all of it before now) are there too. */
    json_t *napps = json_object_get(branch_report(central, "north"), "applications");
    CHECK_INT(json_integer_value(json_object_get(napps, "opened")), 7);
    CHECK_INT(json_integer_value(json_object_get(napps, "decided")), 4);
    CHECK(json_integer_value(json_object_get(napps, "overdue")) >= 1, "F is overdue");   /* more as days pass */
    CHECK_INT(json_integer_value(json_object_get(json_object_get(napps, "appointments"), "kept")), 4);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(napps, "appointments"), "late")), 1);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(napps, "appointments"), "cancelled")), 2);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(napps, "notifications"), "total")), 7);
    /* 12-06: 12:20 → 12:45 (20 min in the pause), 12:25 → 12:50 (17); 12-07: 12:20 → 12:30 (3, ended early). */
    json_t *week = NULL, *p;
    json_array_foreach(json_object_get(branch_report(central, "north"), "periods"), i, p)
        if (!strcmp(json_string_value(json_object_get(p, "key")), "2026-12-06")) week = p;
    json_t *paused = json_object_get(week, "wait_paused_minutes");
    CHECK(json_integer_value(json_object_get(paused, "count")) == 4 && json_number_value(json_object_get(paused, "mean")) == 10 &&
          json_number_value(json_object_get(paused, "p90")) == 20, "the waits' part in pauses in the week of 12-06");
    /* The association's counts are the branches' counts added up. */
    static const char *counts[] = { "tickets", "served", "noshow", "transfers", "cancelled", "open", "refused_closed" };
    json_t *all = json_object_get(json_object_get(central, "association"), "total");
    for (size_t k = 0; k < sizeof counts / sizeof counts[0]; k++) {
        long long sum = 0;
        size_t i;
        json_t *b;
        json_array_foreach(json_object_get(central, "branches"), i, b)
            sum += json_integer_value(json_object_get(json_object_get(json_object_get(b, "report"), "total"), counts[k]));
        CHECK_INT(json_integer_value(json_object_get(all, counts[k])), sum);
    }
    /* The association's applications are the branches' added up, their decision times joined. */
    static const char *app_counts[] = { "opened", "decided", "overdue" }, *appointment_counts[] = { "booked", "kept", "late", "missed", "cancelled" };
    json_t *aa = json_object_get(json_object_get(central, "association"), "applications");
    for (size_t k = 0; k < 3 + 5 + 1; k++) {
        long long sum = 0;
        size_t i;
        json_t *b;
        const char *key = k < 3 ? app_counts[k] : k < 8 ? appointment_counts[k - 3] : "total";
        json_array_foreach(json_object_get(central, "branches"), i, b) {
            json_t *apps = json_object_get(json_object_get(b, "report"), "applications");
            json_t *in = k < 3 ? apps : json_object_get(apps, k < 8 ? "appointments" : "notifications");
            sum += json_integer_value(json_object_get(in, key));
        }
        json_t *in = k < 3 ? aa : json_object_get(aa, k < 8 ? "appointments" : "notifications");
        CHECK(json_integer_value(json_object_get(in, key)) == sum && sum > 0, "the association's %s: %lld, the branches' %lld",
              key, json_integer_value(json_object_get(in, key)), sum);
    }
    CHECK_INT(json_integer_value(json_object_get(json_object_get(aa, "decision_days"), "count")),
              json_integer_value(json_object_get(aa, "decided")));
    static const char *help_counts[] = { "calls", "answered" };
    for (size_t k = 0; k < 2; k++) {
        long long sum = 0;
        size_t i;
        json_t *b;
        json_array_foreach(json_object_get(central, "branches"), i, b)
            sum += json_integer_value(json_object_get(
                json_object_get(json_object_get(json_object_get(b, "report"), "total"), "help"), help_counts[k]));
        CHECK_INT(json_integer_value(json_object_get(json_object_get(all, "help"), help_counts[k])), sum);
    }
    /* The association's waits are the branches' waits, each against its own branch's pauses. */
    long long waits = 0;
    double paused_sum = 0;
    json_t *b;
    json_array_foreach(json_object_get(central, "branches"), i, b) {
        json_t *p = json_object_get(json_object_get(json_object_get(b, "report"), "total"), "wait_paused_minutes");
        waits += json_integer_value(json_object_get(p, "count"));
        paused_sum += json_integer_value(json_object_get(p, "count")) * json_number_value(json_object_get(p, "mean"));
    }
    json_t *all_paused = json_object_get(all, "wait_paused_minutes");
    CHECK_INT(json_integer_value(json_object_get(all_paused, "count")), waits);
    CHECK(fabs(json_number_value(json_object_get(all_paused, "mean")) * (double)waits - paused_sum) < 0.01 * (double)waits,
          "the association's minutes in pauses are the branches' added up");
    json_t *ratings = json_object_get(all, "ratings");
    CHECK(json_integer_value(json_object_get(ratings, "count")) > 0, "ratings were counted");
    /* A changed figure is seen: the comparison can fail. */
    json_t *local = report_json(north.conf, north.db, from, "2026-11-01", out);
    CHECK(!json_equal(local, branch_report(central, "east")), "two branches' reports compare equal");
    json_decref(local);
    json_decref(central);
    snprintf(out, sizeof out, "%s/central.csv", work);
    CHECK_INT(run("%s/dawrctl --config '%s' report --central --csv --from %s --to %s >'%s'", build_dir(), board, from, to, out), 0);
    char csv[65536];
    read_file_into(out, csv, sizeof csv);
    CHECK(!strncmp(csv, "branch,group,", 13) && strstr(csv, "\nall,total,") && strstr(csv, "\nnorth,total,") &&
          strstr(csv, "\neast,counter,"), "CSV: %.300s", csv);
}

/* Long runs (at least MIN pixels) of colour RGB (±8 each) down the pixel column X of a binary
 * PPM, listed top to bottom into RUNS as 'a' (the first colour) or 'b' (the second). */
static int colour_runs(const char *ppm, int x, const int rgb[2][3], int min, char *runs, size_t size)
{
    FILE *f = fopen(ppm, "rb");
    int w, h, max;
    if (!f || fscanf(f, "P6 %d %d %d", &w, &h, &max) != 3 || fgetc(f) == EOF || x >= w) { if (f) fclose(f); return -1; }
    unsigned char *px = malloc((size_t)w * h * 3);
    size_t got = px ? fread(px, 3, (size_t)w * h, f) : 0;
    fclose(f);
    size_t n = 0;
    int current = -1, length = 0;
    for (int y = 0; y <= h && got == (size_t)w * h; y++) {
        int which = -1;
        for (int c = 0; y < h && c < 2; c++) {
            const unsigned char *p = px + ((size_t)y * w + x) * 3;
            if (abs(p[0] - rgb[c][0]) <= 8 && abs(p[1] - rgb[c][1]) <= 8 && abs(p[2] - rgb[c][2]) <= 8) which = c;
        }
        if (which == current) { length++; continue; }
        if (current >= 0 && length >= min && n + 1 < size) runs[n++] = (char)('a' + current);
        current = which;
        length = 1;
    }
    runs[n] = 0;
    free(px);
    return got == (size_t)w * h ? 0 : -1;
}

/* The board's PDF from the centre: the association's figures, each branch named in both
 * languages with its figures, and the chart of waits and satisfaction drawn for each. */
static void the_board_pdf_compares_the_branches(void)
{
    fill(&north);
    fill(&east);
    char board[800], pdf[800], out[900], text[262144];
    snprintf(board, sizeof board, "%s/board.conf", work);
    write_conf(board, &north, "dawr");
    const char *from = "2026-11-01", *to = "2026-11-02";
    snprintf(out, sizeof out, "%s/pdf-central.json", work);
    json_t *central = report_json(board, NULL, from, to, out);
    REQUIRE(central, "no central report");
    snprintf(pdf, sizeof pdf, "%s/board-en.pdf", work);
    CHECK_INT(run("%s/dawrctl --config '%s' report --central --from %s --to %s --pdf '%s' --lang en >/dev/null", build_dir(),
                  board, from, to, pdf), 0);
    CHECK_INT(run("pdftotext -enc UTF-8 '%s' '%s.txt'", pdf, pdf), 0);
    snprintf(out, sizeof out, "%s.txt", pdf);
    read_file_into(out, text, sizeof text);
    CHECK(strstr(text, "The branches compared") && strstr(text, "never to blame"), "the branches' page and its note");
    char *flat = strdup(squeeze(text));             /* without spaces, line breaks and bidi controls */
    CHECK(strstr(text, "Median waiting time per branch") && strstr(text, "Share satisfied per branch"), "the chart's titles");
    /* The table as laid out: each row one line, runs of spaces made one. */
    static char rows[70000];
    CHECK_INT(run("pdftotext -layout -enc UTF-8 '%s' - | tr -s ' ' >'%s.rows'", pdf, pdf), 0);
    snprintf(out, sizeof out, "%s.rows", pdf);
    read_file_into(out, rows, sizeof rows);
    branch *both[] = { &north, &east };
    for (int i = 0; i < 2; i++) {
        char names[200], figures[400];
        json_t *total = json_object_get(branch_report(central, both[i]->id), "total");
        snprintf(names, sizeof names, "%s · فرع %s", both[i]->name_en, both[i]->id);
        CHECK(strstr(flat, squeeze(names)), "%s named in both languages", both[i]->id);
        /* Its row, one line in pdftotext's layout: the names (ending with the Arabic one's
         * "north"), then tickets, served, no-shows and referrals. */
        snprintf(figures, sizeof figures, "%s %lld %lld %lld %lld ", both[i]->id,
                 json_integer_value(json_object_get(total, "tickets")), json_integer_value(json_object_get(total, "served")),
                 json_integer_value(json_object_get(total, "noshow")), json_integer_value(json_object_get(total, "transfers")));
        CHECK(strstr(rows, figures), "%s's figures in its row: %s", both[i]->id, figures);
    }
    /* The association's visits on the cover. */
    char all[64];
    snprintf(all, sizeof all, "%lld", json_integer_value(json_object_get(json_object_get(json_object_get(central, "association"),
                                                                                        "total"), "tickets")));
    CHECK(strstr(text, all), "the association's %s visits", all);
    /* The chart, page 2 at 144 dpi: down the column just inside the bars' start, two long
     * teal bars (median waits) and then two long green ones (satisfied). */
    CHECK_INT(run("pdftoppm -r 144 -f 2 -l 2 '%s' '%s/page' && mv '%s'/page*.ppm '%s/page2.ppm'", pdf, work, work, work), 0);
    static const int colours[2][3] = { { 23, 99, 94 }, { 56, 148, 92 } };
    char runs[64], ppm[800];
    snprintf(ppm, sizeof ppm, "%s/page2.ppm", work);
    CHECK_INT(colour_runs(ppm, (42 + 170 + 3) * 2, colours, 24, runs, sizeof runs), 0);
    CHECK(!strncmp(runs, "aabb", 4), "bars down the chart: %s (a: wait, b: satisfied)", runs);
    /* In Arabic: the names the other way round, the page right to left. */
    snprintf(pdf, sizeof pdf, "%s/board-ar.pdf", work);
    CHECK_INT(run("%s/dawrctl --config '%s' report --central --from %s --to %s --pdf '%s' --lang ar >/dev/null", build_dir(),
                  board, from, to, pdf), 0);
    CHECK_INT(run("pdftotext -enc UTF-8 '%s' '%s.txt'", pdf, pdf), 0);
    snprintf(out, sizeof out, "%s.txt", pdf);
    read_file_into(out, text, sizeof text);
    CHECK(strstr(squeeze(text), squeeze("فرع north · North branch")) && strstr(squeeze(text), squeeze("فرع east · East branch")),
          "the Arabic PDF names each branch in Arabic, then in English");
    free(flat);
    json_decref(central);
}

/* A centre made before the tickets' logs (schema version 1, assets/central/001 only) holding a
 * branch's events: --init-central migrates it, and its central report is the branch's own. */
static void an_old_centre_migrates_and_reports_the_same(void)
{
    fill(&north);
    char old_assets[800], conf[800], text[70000], base[65536], out[800], assets[PATH_MAX];
    REQUIRE(realpath(getenv("DAWR_ASSETS") ? getenv("DAWR_ASSETS") : "assets", assets), "no assets folder");
    snprintf(old_assets, sizeof old_assets, "%s/old-assets", work);
    CHECK_INT(run("mkdir -p '%s/central' && for f in '%s'/*; do [ \"$(basename \"$f\")\" = central ] || ln -sf \"$f\" '%s/'; done"
                  " && ln -sf '%s/central/001-events.sql' '%s/central/'", old_assets, assets, old_assets, assets, old_assets), 0);
    CHECK_INT(centre("CREATE DATABASE dawr_old"), 0);
    char owner[600];
    snprintf(owner, sizeof owner, "%s", test_pg_conninfo(&pg, "dawr", "dawr_old"));
    snprintf(out, sizeof out, "%s/old-init.out", work);
    CHECK_INT(run("DAWR_ASSETS='%s' %s/dawr-sync --init-central --connection '%s' >'%s' 2>&1 && "
                  "%s/dawr-sync --add-branch north --connection '%s' >>'%s' 2>&1", old_assets, build_dir(), owner, out,
                  build_dir(), owner, out), 0);
    read_file_into(out, text, sizeof text);
    CHECK(strstr(text, "schema version 1"), "said: %s", text);
    /* North's log sent to the old centre, as its appliance would. */
    read_file_into(default_config_path(), base, sizeof base);
    snprintf(conf, sizeof conf, "%s/old-north.conf", work);
    snprintf(text, sizeof text, "%s\n[branch]\nid = north\nname_ar = فرع north\nname_en = North branch\n\n[central]\nconnection = %s\n",
             base, test_pg_conninfo(&pg, "dawr_branch_north", "dawr_old"));
    write_file(conf, text);
    CHECK_INT(run("%s/dawr-sync --config '%s' --db '%s' --once 2>>'%s/sync.log'", build_dir(), conf, north.db, north.dir), 0);
    CHECK_INT(run("%s/dawr-sync --init-central --connection '%s' >'%s' 2>&1", build_dir(), owner, out), 0);
    read_file_into(out, text, sizeof text);
    CHECK(strstr(text, "schema version 4"), "said: %s", text);
    /* The board reads the migrated centre. */
    snprintf(conf, sizeof conf, "%s/old-board.conf", work);
    snprintf(text, sizeof text, "%s\n[branch]\nid = north\nname_ar = فرع north\nname_en = North branch\n\n[central]\nconnection = %s\n",
             base, owner);
    write_file(conf, text);
    snprintf(out, sizeof out, "%s/old-central.json", work);
    run("%s/dawrctl --config '%s' --json report --central --from %s --to %s >'%s'", build_dir(), conf, north.day, north.day, out);
    json_t *central = json_load_file(out, 0, NULL);
    snprintf(out, sizeof out, "%s/old-local.json", north.dir);
    json_t *local = report_json(north.conf, north.db, north.day, north.day, out);
    json_t *mine = central ? branch_report(central, "north") : NULL;
    CHECK(local && mine && json_equal(local, mine), "the migrated centre's report of north differs from its own");
    CHECK(json_integer_value(json_object_get(json_object_get(mine, "total"), "tickets")) > 100, "a real day");
    json_decref(local);
    json_decref(central);
}

/* A centre that holds an event about no ticket with the empty detail an older sender sent (here
 * north's newest, a refusal) takes the same event sent again with its detail as the same: no
 * alarm. Another payload than that is still one. Run last: the centre's copy is changed. */
static void an_older_senders_empty_detail_is_no_alarm(void)
{
    fill(&north);
    hours_day(&north);
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE branch = 'north' AND kind = 'refused'"
             " AND id = (SELECT max(id) FROM events WHERE branch = 'north')");
    REQUIRE(centre(sql) == 1, "north's newest event at the centre is a refusal");
    snprintf(sql, sizeof sql, "UPDATE events SET detail = '{}' WHERE branch = 'north' AND kind = 'refused'"
             " AND id = (SELECT max(id) FROM events WHERE branch = 'north')");
    CHECK_INT(centre(sql), 1);
    CHECK_INT(sync_once(&north, ""), 0);
    json_t *s = sync_status(&north);
    CHECK_STR(json_string_value(json_object_get(s, "alarm")), "");
    json_decref(s);
    snprintf(sql, sizeof sql, "UPDATE events SET detail = '{\"service\": \"complaint\"}' WHERE branch = 'north'"
             " AND kind = 'refused' AND id = (SELECT max(id) FROM events WHERE branch = 'north')");
    CHECK_INT(centre(sql), 1);
    CHECK_INT(sync_once(&north, ""), 1);
}

int main(int argc, char **argv)
{
    const char *ci = getenv("CI");
    if (test_pg_setup(&pg) != 0) {
        test_pg_remove(&pg);
        if (ci && *ci) {
            fprintf(stderr, "FAIL sync: %s\n", pg.why);
            printf("sync: 0 passed, 1 failed\n");
            return 1;
        }
        printf("sync: skipped: %s\nsync: 0 passed, 0 failed\n", pg.why);
        return 0;
    }
    snprintf(work, sizeof work, "%s", scratch_dir("sync"));
    branch *all[] = { &north, &east, &south };
    char owner[600];
    snprintf(owner, sizeof owner, "%s", test_pg_conninfo(&pg, "dawr", "dawr"));
    int ready = run("%s/dawr-sync --init-central --connection '%s' >/dev/null", build_dir(), owner) == 0;
    for (int i = 0; i < 3; i++) {
        prepare(all[i]);
        ready = ready && run("%s/dawr-sync --add-branch %s --connection '%s' >/dev/null", build_dir(), all[i]->id, owner) == 0;
    }
    if (!ready) fprintf(stderr, "the central schema or the branches' roles could not be made\n");
    static const test_case cases[] = {
        { "init_central_is_versioned_and_repeatable", init_central_is_versioned_and_repeatable },
        { "centre_stopped_then_started_every_event_once", centre_stopped_then_started_every_event_once },
        { "sigkill_in_the_middle_of_batches_exactly_once", sigkill_in_the_middle_of_batches_exactly_once },
        { "restored_branch_gets_a_new_generation_and_nothing_is_dropped", restored_branch_gets_a_new_generation_and_nothing_is_dropped },
        { "a_forged_payload_at_the_centre_is_an_alarm", a_forged_payload_at_the_centre_is_an_alarm },
        { "a_branch_role_cannot_write_or_read_another_branch", a_branch_role_cannot_write_or_read_another_branch },
        { "central_report_equals_each_branch_report_and_totals_sum", central_report_equals_each_branch_report_and_totals_sum },
        { "an_old_centre_migrates_and_reports_the_same", an_old_centre_migrates_and_reports_the_same },
        { "the_board_pdf_compares_the_branches", the_board_pdf_compares_the_branches },
        { "an_older_senders_empty_detail_is_no_alarm", an_older_senders_empty_detail_is_no_alarm },
        { NULL, NULL },
    };
    int rc = ready ? harness_main("sync", cases, argc, argv) : (printf("sync: 0 passed, 1 failed\n"), 1);
    test_pg_remove(&pg);
    return rc;
}
