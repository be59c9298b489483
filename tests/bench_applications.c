/* Benchmark of the console's applications page (issue 16) over real HTTP on loopback: 10,000
 * applications over 100 days (a tenth at "documents needed", a third decided, some told), and
 * the p50 and p99 of the page's list — overdue, documents needed, and every open one (the oldest
 * 100 of each, with the total) — each answer with who should be told today, and the console's
 * CPU time per answer (which the machine's other load does not lengthen). Target: p99 of a
 * filtered list < 50 ms.
 * The tickets and applications are written straight into the database made by dawrctl init:
 * ten thousand visits through the queue would take minutes and measure nothing more.
 * Prints "name: value unit" lines. */
#include "testutil.h"
#include "consoleutil.h"

#include <sqlite3.h>

enum { APPLICATIONS = 10000, DAYS = 100, ROUNDS = 200 };

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Writes the synthetic applications into DB, the newest opened on 2026-12-06. 0, or -1. */
static int seed(const char *db)
{
    sqlite3 *s;
    if (sqlite3_open(db, &s) != SQLITE_OK) return -1;
    sqlite3_stmt *t, *a;
    int ok = sqlite3_exec(s, "BEGIN", NULL, NULL, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(s, "INSERT INTO tickets (id, day, prefix, number, service, state, issued_at, finished_at,"
                                   " outcome) VALUES (?1, ?2, 'A', ?3, 'new_request', 'done', ?4, ?4, 'registered')",
                                -1, &t, NULL) == SQLITE_OK &&
             sqlite3_prepare_v2(s, "INSERT INTO applications (hijri_year, number, ticket, step, opened_at, opened_day,"
                                   " answer_not_before, changed_at, decided_at) VALUES (1448, ?1, ?1, ?2, ?3, ?4,"
                                   " date(?4, '+14 days'), ?3, ?5)", -1, &a, NULL) == SQLITE_OK;
    static const char *const steps[] = { "received", "committee", "documents_needed", "accepted", "registered" };
    for (int i = 1; ok && i <= APPLICATIONS; i++) {
        int day = (i - 1) * DAYS / APPLICATIONS;                 /* 0 .. 99 days before 2026-12-06 */
        char text[11];
        dawr_ms at = at_local("2026-12-06T10:00:00") - (dawr_ms)(DAYS - 1 - day) * 86400000;
        dawr_clock_day(at, text, sizeof text);
        const char *step = steps[i % 10 == 0 ? 2 : i % 3 == 0 ? 3 + (i % 2) : i % 2];
        int decided = !strcmp(step, "accepted") || !strcmp(step, "registered");
        sqlite3_bind_int(t, 1, i);
        sqlite3_bind_text(t, 2, text, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(t, 3, i);
        sqlite3_bind_int64(t, 4, at);
        ok = sqlite3_step(t) == SQLITE_DONE;
        sqlite3_reset(t);
        sqlite3_bind_int(a, 1, i);
        sqlite3_bind_text(a, 2, step, -1, SQLITE_STATIC);
        sqlite3_bind_int64(a, 3, at);
        sqlite3_bind_text(a, 4, text, -1, SQLITE_TRANSIENT);
        if (decided) sqlite3_bind_int64(a, 5, at + 3600000);
        else sqlite3_bind_null(a, 5);
        ok = ok && sqlite3_step(a) == SQLITE_DONE;
        sqlite3_reset(a);
    }
    sqlite3_finalize(t);
    sqlite3_finalize(a);
    /* Most decisions were told long ago: the to-tell list is the last few days'. */
    ok = ok && sqlite3_exec(s, "INSERT INTO events (at, ticket, kind, detail) SELECT decided_at + 60000, ticket, 'app_notify',"
                               " json_object('application', '1448-' || printf('%04d', number), 'message', 'decision',"
                               " 'lang', 'ar') FROM applications WHERE decided_at IS NOT NULL AND opened_day < '2026-12-03';"
                               "COMMIT", NULL, NULL, NULL) == SQLITE_OK;
    if (!ok) fprintf(stderr, "seed: %s\n", sqlite3_errmsg(s));
    sqlite3_close(s);
    return ok ? 0 : -1;
}

/* GET PATH as WHO, the whole answer (larger than http_reply holds) into BODY: its status, or -1. */
static int get_all(const staff *who, const char *path, char *body, size_t size, size_t *len)
{
    int fd = http_connect(who->port, 10);
    char req[1024];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nCookie: %s\r\n\r\n",
                     path, who->cookie);
    static char in[1 << 21];
    size_t got = 0;
    ssize_t k;
    if (fd < 0 || send_all(fd, req, (size_t)n) != 0) { if (fd >= 0) close(fd); return -1; }
    while (got < sizeof in - 1 && (k = recv(fd, in + got, sizeof in - 1 - got, 0)) > 0) got += (size_t)k;
    close(fd);
    in[got] = 0;
    int status = 0;
    char *split = strstr(in, "\r\n\r\n");
    if (!split || sscanf(in, "HTTP/1.%*d %d", &status) != 1) return -1;
    *len = got - (size_t)(split + 4 - in);
    snprintf(body, size, "%s", split + 4);
    return status;
}

/* PID's CPU time so far, user and system, in ms (from /proc): the console's own work, which
 * the machine's other load does not lengthen. */
static double cpu_ms(pid_t pid)
{
    char path[64], line[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char *got = fgets(line, sizeof line, f);
    fclose(f);
    const char *after = got ? strrchr(line, ')') : NULL;
    unsigned long utime = 0, stime = 0;
    if (!after || sscanf(after + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &utime, &stime) != 2) return 0;
    return (double)(utime + stime) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static void measure(const staff *who, pid_t server, const char *name, const char *path)
{
    double cpu0 = cpu_ms(server);
    static double took[ROUNDS];
    static char body[1 << 21];
    size_t len = 0;
    int bad = 0, listed = 0, told = 0, total = 0;
    for (int i = 0; i < ROUNDS; i++) {
        double t0 = now_seconds();
        int status = get_all(who, path, body, sizeof body, &len);
        took[i] = now_seconds() - t0;
        if (status != 200) { if (!bad++) fprintf(stderr, "%s: %d %.300s\n", path, status, body); continue; }
        if (i == 0) {
            json_error_t e;
            json_t *j = json_loads(body, 0, &e);
            if (!j) fprintf(stderr, "%s: %zu bytes, not JSON: %s\n", path, len, e.text);
            listed = (int)json_array_size(json_object_get(j, "applications"));
            told = (int)json_array_size(json_object_get(j, "to_tell"));
            total = (int)json_integer_value(json_object_get(j, "total"));
            json_decref(j);
        }
    }
    qsort(took, ROUNDS, sizeof took[0], compare);
    printf("applications_%s_listed: %d of %d applications (%d to tell, %zu bytes)\n", name, listed, total, told, len);
    printf("applications_%s_p50: %.1f ms\n", name, took[ROUNDS / 2] * 1000);
    printf("applications_%s_p99: %.1f ms%s\n", name, took[ROUNDS * 99 / 100] * 1000, bad ? " (some failed)" : "");
    printf("applications_%s_console_cpu: %.1f ms per answer\n", name, (cpu_ms(server) - cpu0) / ROUNDS);
}

int main(void)
{
    const char *dir = scratch_dir("bench-applications");
    char db[700], conf[700];
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(conf, sizeof conf, "%s", default_config_path());
    setenv("DAWR_NOW", "2026-12-06T10:00:00", 1);
    if (set_pin(conf, db, "1", "1111") != 0 || seed(db) != 0) return 1;
    console_proc server;
    if (console_start(&server, conf, db, NULL) != 0) return 1;
    http_reply r;
    staff one;
    if (staff_sign_in(&one, server.port, "1", "1111", &r) != 200) return 1;
    measure(&one, server.pid, "overdue", "/api/applications?view=overdue");
    measure(&one, server.pid, "documents_needed", "/api/applications?step=documents_needed");
    measure(&one, server.pid, "open", "/api/applications");
    return console_stop(&server);
}
