/* Benchmark: a year of synthetic reception data (300 tickets a day with their events and
 * ratings), written with direct SQL in one transaction into a scratch database made by the
 * real schema; then a monthly and a yearly report, timed, in a fresh process so that its peak
 * memory is its own. Prints "name: value unit" lines. Target: the yearly report under 500 ms. */
#include "report.h"
#include "report_pdf.h"
#include "queue.h"
#include "queue_internal.h"
#include "testutil.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#define DAYS 365
#define PER_DAY 300

static double now_ms(void)
{
    return dawr_clock_monotonic_us() / 1e3;
}

static double cpu_ms(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static unsigned rng = 12345;
static unsigned rnd(unsigned n) { rng = rng * 1103515245u + 12345u; return (rng >> 16) % n; }

static int exec_sql(sqlite3 *db, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) { fprintf(stderr, "%s: %s\n", sql, msg); sqlite3_free(msg); return -1; }
    return 0;
}

static void event(sqlite3_stmt *st, dawr_ms at, long long ticket, const char *counter, const char *kind, const char *detail)
{
    sqlite3_bind_int64(st, 1, at);
    sqlite3_bind_int64(st, 2, ticket);
    if (counter) sqlite3_bind_text(st, 3, counter, -1, SQLITE_STATIC); else sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, detail, -1, SQLITE_TRANSIENT);
    sqlite3_step(st);
    sqlite3_reset(st);
}

/* Fills the year 2025 in DB. Returns the number of events written, or -1. */
static long generate(sqlite3 *db, const dawr_config *cfg)
{
    static const char *const reasons[] = { "waiting", "courtesy", "clarity", "place", "other" };
    if (exec_sql(db, "PRAGMA synchronous = OFF; BEGIN; PRAGMA defer_foreign_keys = ON") < 0) return -1;
    sqlite3_stmt *t, *e, *r;
    sqlite3_prepare_v2(db, "INSERT INTO tickets (id, day, prefix, number, service, state, counter, issued_at,"
                           " first_called_at, called_at, serving_at, finished_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", -1, &t, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO events (at, ticket, counter, kind, detail) VALUES (?,?,?,?,?)", -1, &e, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO ratings (ticket, score, reasons, at) VALUES (?,?,?,?)", -1, &r, NULL);
    long events = 0;
    long long id = 0;
    int n_services = dawr_config_service_count(cfg);
    for (int d = 0; d < DAYS; d++) {
        char day[11], start[32];
        struct tm tm = { .tm_year = 125, .tm_mon = 0, .tm_mday = 1 + d, .tm_hour = 12 };
        timegm(&tm);                                   /* normalises the date */
        strftime(day, sizeof day, "%Y-%m-%d", &tm);
        snprintf(start, sizeof start, "%sT08:00:00", day);
        dawr_ms t0;
        dawr_clock_parse(start, &t0);
        int numbers[26] = { 0 };
        for (int k = 0; k < PER_DAY; k++) {
            const dawr_service *sv = dawr_config_service(cfg, (int)rnd((unsigned)n_services));
            const char *counter = !strcmp(sv->id, "social_research") ? "3" : rnd(2) ? "1" : "2";
            dawr_ms issued = t0 + (dawr_ms)k * 96000 + rnd(60000);       /* 08:00 to 16:00 */
            dawr_ms called = issued + 60000 * (dawr_ms)(1 + rnd(40)), serving = called + 60000 * (dawr_ms)rnd(3);
            dawr_ms done = serving + 60000 * (dawr_ms)(2 + rnd(20));
            unsigned fate = rnd(100);
            const char *service = sv->id;                  /* the ticket row's, after any transfer */
            const char *state = fate < 5 ? "noshow" : fate < 8 ? "cancelled" : "done";
            char detail[96];
            id++;
            snprintf(detail, sizeof detail, "{\"service\":\"%s\",\"priority\":false}", sv->id);
            event(e, issued, id, NULL, "issue", detail);
            events++;
            if (fate >= 5 && fate < 8) {
                event(e, done, id, NULL, "cancel", "{}");
                events++;
            } else {
                event(e, called, id, counter, "call", "{\"priority\":false}");
                events++;
                if (fate < 5) {
                    event(e, called + 60000, id, counter, "recall", "{\"recalls\":1}");
                    event(e, called + 120000, id, counter, "recall", "{\"recalls\":2}");
                    event(e, called + 400000, id, counter, "noshow", "{\"recalls\":2,\"seconds\":400}");
                    events += 3;
                } else {
                    event(e, serving, id, counter, "serve", "{}");
                    events++;
                    if (fate < 18 && strcmp(counter, "3")) {    /* referred to the social researcher */
                        dawr_ms tr = serving + 180000;
                        char tdetail[128];
                        snprintf(tdetail, sizeof tdetail, "{\"from_service\":\"%s\",\"to_service\":\"social_research\"}", sv->id);
                        event(e, tr, id, counter, "transfer", tdetail);
                        event(e, tr + 300000, id, "3", "call", "{\"priority\":false}");
                        event(e, tr + 360000, id, "3", "serve", "{}");
                        counter = "3";
                        service = "social_research";
                        events += 3;
                        done += 600000;
                    }
                    event(e, done, id, counter, "done", "{\"service_seconds\":300}");
                    events++;
                    if (rnd(100) < 60) {
                        int score = 1 + (int)rnd(5);
                        sqlite3_bind_int64(r, 1, id);
                        sqlite3_bind_int(r, 2, score);
                        sqlite3_bind_text(r, 3, score <= 2 ? reasons[rnd(5)] : "", -1, SQLITE_STATIC);
                        sqlite3_bind_int64(r, 4, done + 30000);
                        sqlite3_step(r);
                        sqlite3_reset(r);
                        event(e, done + 30000, id, NULL, "rate", "{}");
                        events++;
                    }
                }
            }
            sqlite3_bind_int64(t, 1, id);
            sqlite3_bind_text(t, 2, day, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(t, 3, (char[]){ sv->prefix, 0 }, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(t, 4, ++numbers[sv->prefix - 'A']);
            sqlite3_bind_text(t, 5, service, -1, SQLITE_STATIC);
            sqlite3_bind_text(t, 6, state, -1, SQLITE_STATIC);
            sqlite3_bind_null(t, 7);
            sqlite3_bind_int64(t, 8, issued);
            for (int c = 9; c <= 12; c++) sqlite3_bind_int64(t, c, fate >= 5 && fate < 8 ? 0 : called);
            sqlite3_bind_int64(t, 12, done);
            if (sqlite3_step(t) != SQLITE_DONE) { fprintf(stderr, "insert: %s\n", sqlite3_errmsg(db)); return -1; }
            sqlite3_reset(t);
        }
    }
    sqlite3_finalize(t);
    sqlite3_finalize(e);
    sqlite3_finalize(r);
    if (exec_sql(db, "COMMIT; PRAGMA synchronous = FULL; ANALYZE") < 0) return -1;
    return events;
}

static long rss_kb(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    size_t n = strlen(field);
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, field, n)) v = atol(line + n + 1);
    if (f) fclose(f);
    return v;
}

/* The measuring process: opens DB, times the reports, prints the figures. */
static int measure(const char *path)
{
    dawr_config *cfg = load_default_config();
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .read_only = 1 }, err, sizeof err);
    if (!q) { fprintf(stderr, "%s\n", err); return 1; }
    long base = rss_kb("VmRSS:");
    struct { const char *name, *from, *to; dawr_report_by by; } runs[] = {
        { "report_month", "2025-06-01", "2025-06-30", DAWR_REPORT_BY_DAY },
        { "report_year", "2025-01-01", "2025-12-31", DAWR_REPORT_BY_MONTH },
        { "report_year_by_day", "2025-01-01", "2025-12-31", DAWR_REPORT_BY_DAY },
    };
    int status = 0;
    for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++) {
        double best = 1e9, best_cpu = 1e9;
        int tickets = 0;
        for (int rep = 0; rep < 3; rep++) {
            double t0 = now_ms(), c0 = cpu_ms();
            dawr_report *r;
            dawr_report_compute(q, runs[i].from, runs[i].to, runs[i].by, &r, err, sizeof err);
            double dt = now_ms() - t0, dc = cpu_ms() - c0;
            if (dc < best_cpu) best_cpu = dc;
            if (!r) { fprintf(stderr, "%s: %s\n", runs[i].name, err); return 1; }
            tickets = r->total.tickets;
            dawr_report_free(r);
            if (dt < best) best = dt;
        }
        printf("%s_tickets: %d tickets\n", runs[i].name, tickets);
        printf("%s_time: %.1f ms\n", runs[i].name, best);
        printf("%s_cpu: %.1f ms\n", runs[i].name, best_cpu);
        if (!strcmp(runs[i].name, "report_year"))
            printf("report_year_under_500ms: %s\n", best < 500 ? "yes" : best_cpu < 500 ? "cpu only (machine busy)" : "no");
    }
    printf("report_peak_rss: %.1f MB\n", rss_kb("VmHWM:") / 1024.0);
    printf("report_rss_over_open_db: %.1f MB\n", (rss_kb("VmHWM:") - base) / 1024.0);
    /* The board's PDF of the year, once. */
    dawr_report *r;
    dawr_report_compute(q, "2025-01-01", "2025-12-31", DAWR_REPORT_BY_MONTH, &r, err, sizeof err);
    char pdf_path[800];
    snprintf(pdf_path, sizeof pdf_path, "%s.pdf", path);
    dawr_report_pdf_opts po = { .lang = DAWR_LANG_AR, .show_counters = 1, .timezone = "Asia/Riyadh",
                                .association = "رُؤفَاء لرعاية كبار السن بأملج" };
    double t0 = now_ms();
    if (!r || dawr_report_pdf_write(r, pdf_path, &po, err, sizeof err) < 0) { fprintf(stderr, "pdf: %s\n", err); status = 1; }
    else printf("report_year_pdf_time: %.1f ms\n", now_ms() - t0);
    dawr_report_free(r);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    return status;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--measure")) return measure(argv[2]);
    const char *path = scratch_db("bench-report");
    dawr_config *cfg = load_default_config();
    char err[512];
    dawr_queue *q = dawr_queue_open(cfg, path, &(dawr_queue_options){ .create = 1 }, err, sizeof err);   /* the real schema */
    if (!q) { fprintf(stderr, "%s\n", err); return 1; }
    double t0 = now_ms();
    long events = generate(dawr_queue_db(q), cfg);
    double dt = now_ms() - t0;
    dawr_queue_close(q);
    dawr_config_free(cfg);
    if (events < 0) return 1;
    printf("report_data_tickets: %d tickets\n", DAYS * PER_DAY);
    printf("report_data_events: %ld events\n", events);
    printf("report_data_generate: %.0f ms\n", dt);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execl("/proc/self/exe", argv[0], "--measure", path, (char *)NULL);
        _exit(127);
    }
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}
