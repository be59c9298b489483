/* Queue benchmarks: durable issues per second (against a bare durable SQLite insert in the
 * same process), call-next latency with 10,000 waiting tickets, status latency. */
#include "queue_internal.h"
#include "testutil.h"

#include <sqlite3.h>
#include <time.h>

static double seconds(void)
{
    return dawr_clock_monotonic_us() / 1e6;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double percentile(double *v, int n, double p)
{
    qsort(v, n, sizeof v[0], compare_double);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i];
}

/* The floor: one INSERT per durable transaction, same pragmas, no rules. */
static double bare_inserts_per_second(const char *dir, int n)
{
    char path[700];
    snprintf(path, sizeof path, "%s/bare.db", dir);
    sqlite3 *db;
    sqlite3_open(path, &db);
    sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                     "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER)", NULL, NULL, NULL);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT INTO t (n) VALUES (?)", -1, &st, NULL);
    double t0 = seconds();
    for (int i = 0; i < n; i++) {
        sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
        sqlite3_bind_int(st, 1, i);
        sqlite3_step(st);
        sqlite3_reset(st);
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    }
    double rate = n / (seconds() - t0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return rate;
}

int main(void)
{
    dawr_config *cfg = load_default_config();
    const char *dir = scratch_dir("bench-queue");
    char path[700], err[512];
    snprintf(path, sizeof path, "%s/dawr.db", dir);
    dawr_queue *q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "%s\n", err); return 1; }

    const int n_issue = 2000;
    double bare = bare_inserts_per_second(dir, n_issue);
    double t0 = seconds();
    for (int i = 0; i < n_issue; i++) dawr_queue_issue(q, "new_request", 0, NULL);
    double issue_rate = n_issue / (seconds() - t0);
    printf("issue_durable: %.0f tickets/s\n", issue_rate);
    printf("bare_durable_insert: %.0f rows/s\n", bare);
    printf("issue_vs_bare_insert: %.2f ratio\n", issue_rate / bare);

    /* Fill to 10,000 waiting tickets quickly (the fill is not measured). */
    sqlite3_exec(dawr_queue_db(q), "PRAGMA synchronous = OFF", NULL, NULL, NULL);
    const char *services[] = { "new_request", "follow_up", "inquiry", "documents", "complaint", "social_research" };
    for (int i = n_issue; i < 10000; i++) dawr_queue_issue(q, services[i % 6], i % 9 == 0, NULL);
    sqlite3_exec(dawr_queue_db(q), "PRAGMA synchronous = FULL", NULL, NULL, NULL);

    enum { CALLS = 1000 };
    static double call_ms[CALLS], status_ms[CALLS / 10];
    for (int i = 0; i < CALLS; i++) {
        const char *counter = i % 2 ? "1" : "2";
        double a = seconds();
        if (dawr_queue_call_next(q, counter, NULL) != DAWR_OK) { fprintf(stderr, "%s\n", dawr_queue_error(q)); return 1; }
        call_ms[i] = (seconds() - a) * 1000;
        dawr_queue_done(q, counter, NULL);
    }
    for (int i = 0; i < CALLS / 10; i++) {
        dawr_status s;
        double a = seconds();
        dawr_queue_status(q, &s);
        status_ms[i] = (seconds() - a) * 1000;
    }
    double issue_ms = 1000.0 / issue_rate;
    double p50 = percentile(call_ms, CALLS, 0.5), p99 = percentile(call_ms, CALLS, 0.99);
    printf("call_p50_10k_waiting: %.3f ms\n", p50);
    printf("call_p99_10k_waiting: %.3f ms (target < 2 ms: %s)\n", p99, p99 < 2 ? "met" : "NOT met");
    printf("call_p50_vs_issue: %.2f ratio\n", p50 / issue_ms);
    printf("status_p50_10k_waiting: %.3f ms\n", percentile(status_ms, CALLS / 10, 0.5));
    printf("status_p99_10k_waiting: %.3f ms\n", percentile(status_ms, CALLS / 10, 0.99));
    dawr_queue_close(q);
    dawr_config_free(cfg);
    return 0;
}
