/* Benchmark: a year of one branch (300 tickets a day through the real queue operations, about
 * 110k tickets and their events) sent by dawr-sync from nothing to a private PostgreSQL 15
 * (tests/pgutil.h), then a day's increment; then the central yearly report over ten branches
 * (the year copied under ten branch ids at the centre), its time and the peak memory of
 * `dawrctl report --central` and of the server process that answers its query, with one
 * branch's yearly report from its own SQLite file as the reference. Prints "name: value unit"
 * lines. Targets: the increment < 1 s, the ten-branch yearly report < 2 s. */
#include "branch.h"
#include "pgutil.h"
#include "queue_internal.h"
#include "testutil.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#define PER_DAY 300

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* DAYS days of reception from FIRST on, through the queue's own operations. */
static void reception(dawr_queue *q, const char *first, int days)
{
    static const char *services[] = { "new_request", "follow_up", "inquiry", "documents", "complaint" };
    const char *desks[2] = { "1", "2" };
    char when[40];
    snprintf(when, sizeof when, "%sT08:00:00", first);
    dawr_ms day0 = at_local(when);
    for (int d = 0; d < days; d++) {
        fake_now = day0 + (dawr_ms)d * 86400000;
        int stage[2] = { 0, 0 }, recalled[2] = { 0, 0 };
        dawr_ticket cur[2], t;
        for (int step = 0; step < PER_DAY + 10; step++) {
            fake_now += 60000;
            if (step < PER_DAY) dawr_queue_issue(q, services[step % 5], step % 9 == 0, &t);
            for (int c = 0; c < 2; c++) {
                /* Two desks keep up with a ticket a minute: each finishes one and calls the next at once. */
                if (stage[c] == 1) {
                    if (cur[c].number % 5 == 0 && !recalled[c]) recalled[c] = 1, dawr_queue_recall(q, desks[c], &cur[c]);
                    else if (dawr_queue_serve(q, desks[c], &cur[c]) == DAWR_OK) stage[c] = 2;
                    continue;
                }
                if (stage[c] == 2) {
                    if (dawr_queue_done(q, desks[c], &cur[c]) == DAWR_OK && cur[c].number % 2) {
                        char ref[32];
                        snprintf(ref, sizeof ref, "#%lld", cur[c].id);
                        dawr_queue_rate(q, ref, 1 + cur[c].number % 5, NULL, 0, NULL);
                    }
                    stage[c] = 0;
                }
                if (dawr_queue_call_next(q, desks[c], &cur[c]) == DAWR_OK) stage[c] = 1, recalled[c] = 0;
            }
        }
        for (int c = 0; c < 2; c++) {        /* the day's last visits end before closing */
            dawr_queue_serve(q, desks[c], NULL);
            dawr_queue_done(q, desks[c], NULL);
        }
    }
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Runs CMD in sh: its time into *MS, its peak resident memory into *RSS_KB. Returns its exit status. */
static int timed(const char *cmd, double *ms, long *rss_kb)
{
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid == 0) { execl("/bin/sh", "sh", "-c", cmd, (char *)NULL); _exit(127); }
    int st;
    struct rusage ru;
    wait4(pid, &st, 0, &ru);
    *ms = now_ms() - t0;
    *rss_kb = ru.ru_maxrss;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* SQL (a COPY ... TO STDOUT, as the report reads the tickets) run to its end on a new
 * connection, then the peak resident memory (VmHWM) of the server process that ran it, in kB;
 * -1 when it cannot be read. */
static long server_peak_kb(const test_pg *pg, const char *sql)
{
    PGconn *c = PQconnectdb(test_pg_conninfo(pg, "dawr", "dawr"));
    PGresult *r = PQexec(c, "SELECT pg_backend_pid()");
    int backend = PQresultStatus(r) == PGRES_TUPLES_OK ? atoi(PQgetvalue(r, 0, 0)) : 0;
    PQclear(r);
    r = PQexec(c, sql);
    int copying = PQresultStatus(r) == PGRES_COPY_OUT;
    PQclear(r);
    char *row;
    while (copying && PQgetCopyData(c, &row, 0) > 0) PQfreemem(row);
    while ((r = PQgetResult(c))) PQclear(r);
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", backend);
    long kb = -1;
    FILE *f = backend ? fopen(path, "r") : NULL;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) kb = atol(line + 6);
    if (f) fclose(f);
    PQfinish(c);
    return kb;
}

int main(void)
{
    test_pg pg = { 0 };
    if (test_pg_setup(&pg) != 0) {
        printf("sync_bench: skipped: %s\n", pg.why);
        test_pg_remove(&pg);
        return getenv("CI") && *getenv("CI") ? 1 : 0;
    }
    const char *dir = scratch_dir("bench-sync");
    char conf[800], db[800], base[65536], text[70000], cmd[4096];
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    read_file_into(default_config_path(), base, sizeof base);
    snprintf(text, sizeof text, "%s\n[branch]\nid = b0\nname_ar = فرع\nname_en = Branch 0\n\n[central]\nconnection = %s\n",
             base, test_pg_conninfo(&pg, "dawr_branch_b0", "dawr"));
    write_file(conf, text);
    int status = 1;
    snprintf(cmd, sizeof cmd, "%s/dawr-sync --init-central --connection '%s' >/dev/null && "
             "%s/dawr-sync --add-branch b0 --connection '%s' >/dev/null", build_dir(), test_pg_conninfo(&pg, "dawr", "dawr"),
             build_dir(), test_pg_conninfo(&pg, "dawr", "dawr"));
    if (run(cmd) != 0) { fprintf(stderr, "no central schema\n"); goto out; }

    char err[512];
    dawr_config *cfg = dawr_config_load(conf, err, sizeof err);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, err, sizeof err) : NULL;
    if (!q) { fprintf(stderr, "%s\n", err); goto out; }
    sqlite3_exec(dawr_queue_db(q), "PRAGMA synchronous = OFF", NULL, NULL, NULL);   /* the data, not the bench */
    dawr_queue_set_clock(q, fake_clock, NULL);
    double t0 = now_ms();
    reception(q, "2025-01-01", 365);
    long long events = dawr_queue_last_event_id(q);
    printf("sync_data_tickets: %lld tickets\n", query_int(db, "SELECT count(*) FROM tickets"));
    printf("sync_data_events: %lld events\n", events);
    printf("sync_data_generate: %.0f ms\n", now_ms() - t0);
    fflush(stdout);

    snprintf(cmd, sizeof cmd, "%s/dawr-sync --config '%s' --db '%s' --once 2>/dev/null", build_dir(), conf, db);
    t0 = now_ms();
    if (run(cmd) != 0) { fprintf(stderr, "the year was not sent\n"); goto close; }
    double dt = now_ms() - t0;
    printf("sync_year_time: %.0f ms\n", dt);
    printf("sync_year_rate: %.0f events/s\n", events / (dt / 1000));
    long long held = test_pg_int(&pg, "dawr", "SELECT count(*) FROM events", NULL, 0);
    printf("sync_year_all_sent: %s\n", held == events ? "yes" : "NO");

    reception(q, "2026-01-01", 1);
    long long day = dawr_queue_last_event_id(q) - events;
    t0 = now_ms();
    if (run(cmd) != 0) { fprintf(stderr, "the day was not sent\n"); goto close; }
    dt = now_ms() - t0;
    printf("sync_day_events: %lld events\n", day);
    printf("sync_day_time: %.0f ms\n", dt);
    printf("sync_day_under_1s: %s\n", dt < 1000 ? "yes" : "no");
    fflush(stdout);

    /* Ten branches at the centre: the year copied under nine more ids. */
    /* The tickets' logs are copied with them rather than remade by the trigger: the same rows, sooner. */
    if (test_pg_int(&pg, "dawr", "INSERT INTO branches (id, role, name_ar, name_en) SELECT 'b' || n, 'copy_b' || n,"
                    " 'فرع ' || n, 'Branch ' || n FROM generate_series(1, 9) n", NULL, 0) != 9 ||
        test_pg_int(&pg, "dawr", "ALTER TABLE events DISABLE TRIGGER events_into_ticket_logs", NULL, 0) < 0 ||
        test_pg_int(&pg, "dawr", "INSERT INTO events (branch, generation, id, at, ticket, ticket_generation, counter, kind,"
                    " detail) SELECT 'b' || n, generation, id, at, ticket, ticket_generation, counter, kind, detail"
                    " FROM events, generate_series(1, 9) n", NULL, 0) <= 0 ||
        test_pg_int(&pg, "dawr", "INSERT INTO ticket_logs (branch, ticket_generation, ticket, day, log) SELECT 'b' || n,"
                    " ticket_generation, ticket, day, log FROM ticket_logs, generate_series(1, 9) n", NULL, 0) <= 0 ||
        test_pg_int(&pg, "dawr", "ALTER TABLE events ENABLE TRIGGER events_into_ticket_logs", NULL, 0) < 0) {
        fprintf(stderr, "no copies\n");
        goto close;
    }
    test_pg_int(&pg, "dawr", "VACUUM ANALYZE ticket_logs", NULL, 0);
    snprintf(text, sizeof text, "%s\n[branch]\nid = b0\nname_ar = فرع\nname_en = Branch 0\n\n[central]\nconnection = %s\n",
             base, test_pg_conninfo(&pg, "dawr", "dawr"));
    snprintf(conf, sizeof conf, "%s/board.conf", dir);
    write_file(conf, text);
    snprintf(cmd, sizeof cmd, "exec %s/dawrctl --config '%s' report --central --json --from 2025-01-01 --to 2025-12-31 >%s/central.json",
             build_dir(), conf, dir);
    long rss_kb;
    if (timed(cmd, &dt, &rss_kb) != 0) { fprintf(stderr, "the central report failed\n"); goto close; }
    printf("central_report_10_branches_tickets: %lld tickets\n",
           10 * query_int(db, "SELECT count(*) FROM tickets WHERE day LIKE '2025-%'"));
    printf("central_report_10_branches_time: %.0f ms\n", dt);
    printf("central_report_10_branches_peak_rss: %.1f MB\n", rss_kb / 1024.0);
    printf("central_report_under_2s: %s\n", dt < 2000 ? "yes" : "no");
    printf("central_report_server_peak_rss: %.1f MB (its query's backend, shared buffers it touched included)\n",
           server_peak_kb(&pg, "COPY (SELECT branch, log FROM ticket_logs WHERE day BETWEEN '2025-01-01' AND '2025-12-31')"
                                 " TO STDOUT (FORMAT binary)") / 1024.0);
    /* The reference in the same run: one branch's year from its own SQLite file. */
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(cmd, sizeof cmd, "exec %s/dawrctl --config '%s' --db '%s' report --json --from 2025-01-01 --to 2025-12-31 >%s/local.json",
             build_dir(), conf, db, dir);
    if (timed(cmd, &dt, &rss_kb) != 0) { fprintf(stderr, "the local report failed\n"); goto close; }
    printf("local_report_1_branch_time: %.0f ms (reference)\n", dt);
    printf("local_report_1_branch_peak_rss: %.1f MB (reference)\n", rss_kb / 1024.0);
    status = 0;
close:
    dawr_queue_close(q);
    dawr_config_free(cfg);
out:
    test_pg_remove(&pg);
    return status;
}
