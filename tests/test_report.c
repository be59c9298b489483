/* Reports through the real dawrctl: a synthetic day with known times (DAWR_NOW), every
 * figure of the CSV and the JSON against values worked out by hand below; empty periods,
 * ranges across midnight and a month, tickets still open; the PDF opens and carries Arabic
 * text in logical order. */
#include "harness.h"
#include "report.h"
#include "testutil.h"
#include "appmonth.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <sys/wait.h>

static char dir[600], out_path[700], err_path[700], db[700], conf[1000];
static char out[262144], err[8192];

/* Runs dawrctl at local time NOW (NULL: the real clock); returns its exit status. */
static int ctl(const char *now, const char *args)
{
    const char *build = getenv("BUILD");
    char cmd[4096], env[64] = "";
    if (now) snprintf(env, sizeof env, "DAWR_NOW=2026-%s", now);
    snprintf(cmd, sizeof cmd, "%s %s/dawrctl --config %s --db %s %s >%s 2>%s", env, build ? build : "build", conf, db,
             args, out_path, err_path);
    int st = system(cmd);
    read_file_into(out_path, out, sizeof out);
    read_file_into(err_path, err, sizeof err);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void setup(const char *name)
{
    snprintf(dir, sizeof dir, "%s", scratch_dir(name));
    snprintf(out_path, sizeof out_path, "%s/out", dir);
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(conf, sizeof conf, "%s", default_config_path());
}

/* The synthetic day, 2026-11-25 (times are minutes after 08:00 in the comments):
 *   A-001 new_request   issued 0, called 10 at 1, served 12..20           → wait 10, service 8, rated 5
 *   C-001 inquiry       issued 2, called 11 at 2, served 13, referred 18 to social_research;
 *                       called 28 at 3, served 29..35 → wait 9, service 5 + 6 = 11, rated 2 (waiting, clarity)
 *   A-002 new_request   issued 4, called 22 at 1, recalled 23, 24, no-show 30 → wait 18
 *   D-001 social_res.   issued 5, called 15 at 3, served 16..26           → wait 10, service 10, rated 4
 *   B-001 follow_up     issued 40, still waiting at the end of the day       → open */
static const struct { const char *at, *args; } DAY[] = {
    { "11-25T08:00:00", "init" },
    { "11-25T08:00:00", "issue new_request" },
    { "11-25T08:02:00", "issue inquiry" },
    { "11-25T08:04:00", "issue new_request" },
    { "11-25T08:05:00", "issue social_research" },
    { "11-25T08:10:00", "call 1" },
    { "11-25T08:11:00", "call 2" },
    { "11-25T08:12:00", "serve 1" },
    { "11-25T08:13:00", "serve 2" },
    { "11-25T08:15:00", "call 3" },
    { "11-25T08:16:00", "serve 3" },
    { "11-25T08:18:00", "transfer 2 social_research --note \"needs the researcher\"" },
    { "11-25T08:20:00", "done 1" },
    { "11-25T08:21:00", "rate A-001 5" },
    { "11-25T08:22:00", "call 1" },
    { "11-25T08:23:00", "recall 1" },
    { "11-25T08:24:00", "recall 1" },
    { "11-25T08:26:00", "done 3" },
    { "11-25T08:27:00", "rate D-001 4" },
    { "11-25T08:28:00", "call 3" },
    { "11-25T08:29:00", "serve 3" },
    { "11-25T08:30:00", "noshow 1" },
    { "11-25T08:35:00", "done 3" },
    { "11-25T08:36:00", "rate C-001 2 --reason waiting --reason clarity" },
    { "11-25T08:40:00", "issue follow_up" },
};

static int build_day(void)
{
    for (size_t i = 0; i < sizeof DAY / sizeof DAY[0]; i++)
        if (ctl(DAY[i].at, DAY[i].args) != 0) {
            fprintf(stderr, "  %s %s: %s", DAY[i].at, DAY[i].args, err);
            return -1;
        }
    return 0;
}

/* Expected figures of one CSV row / JSON group. NAN = undefined (empty field, null). */
typedef struct {
    const char *group, *key;
    int tickets, served, noshow, transfers, cancelled, open;
    int wait_n; double wait_mean, wait_median, wait_p90;
    int service_n; double service_mean, service_median, service_p90;
    int ratings; double rating_mean; int faces[5]; double satisfied, response;
    int low, low_waiting, low_clarity;
} expected;

#define U NAN
static const expected DAY_FIGURES[] = {
    { "total", "", 5, 3, 1, 1, 0, 1, 4, 11.75, 10, 18, 3, 29.0 / 3, 10, 11, 3, 11.0 / 3, { 0, 1, 0, 1, 1 }, 2.0 / 3, 1,
      1, 1, 1 },
    { "reason", "new_request", 2, 1, 1, 0, 0, 0, 2, 14, 14, 18, 1, 8, 8, 8, 1, 5, { 0, 0, 0, 0, 1 }, 1, 1, 0, 0, 0 },
    { "reason", "follow_up", 1, 0, 0, 0, 0, 1, 0, U, U, U, 0, U, U, U, 0, U, { 0 }, U, U, 0, 0, 0 },
    { "reason", "inquiry", 1, 1, 0, 1, 0, 0, 1, 9, 9, 9, 1, 11, 11, 11, 1, 2, { 0, 1, 0, 0, 0 }, 0, 1, 1, 1, 1 },
    { "reason", "social_research", 1, 1, 0, 0, 0, 0, 1, 10, 10, 10, 1, 10, 10, 10, 1, 4, { 0, 0, 0, 1, 0 }, 1, 1, 0, 0,
      0 },
    { "reason", "documents", 0, 0, 0, 0, 0, 0, 0, U, U, U, 0, U, U, U, 0, U, { 0 }, U, U, 0, 0, 0 },
    { "reason", "complaint", 0, 0, 0, 0, 0, 0, 0, U, U, U, 0, U, U, U, 0, U, { 0 }, U, U, 0, 0, 0 },
    { "counter", "1", 2, 1, 1, 0, 0, 0, 2, 14, 14, 18, 1, 8, 8, 8, 1, 5, { 0, 0, 0, 0, 1 }, 1, 1, 0, 0, 0 },
    { "counter", "2", 1, 0, 0, 1, 0, 0, 1, 9, 9, 9, 1, 5, 5, 5, 0, U, { 0 }, U, U, 0, 0, 0 },
    { "counter", "3", 2, 2, 0, 0, 0, 0, 1, 10, 10, 10, 2, 8, 8, 10, 2, 3, { 0, 1, 0, 1, 0 }, 0.5, 1, 1, 1, 1 },
    { "period", "2026-11-25", 5, 3, 1, 1, 0, 1, 4, 11.75, 10, 18, 3, 29.0 / 3, 10, 11, 3, 11.0 / 3, { 0, 1, 0, 1, 1 },
      2.0 / 3, 1, 1, 1, 1 },
    { "hour", "08", 5, 3, 1, 1, 0, 1, 4, 11.75, 10, 18, 3, 29.0 / 3, 10, 11, 3, 11.0 / 3, { 0, 1, 0, 1, 1 }, 2.0 / 3, 1,
      1, 1, 1 },
};

/* ---- CSV ---- */

#define MAX_FIELDS 64
static char *header[MAX_FIELDS];
static int header_n;

static int split(char *line, char **fields)
{
    int n = 0;
    fields[n++] = line;
    for (char *s = line; *s && n < MAX_FIELDS; s++)
        if (*s == ',') { *s = 0; fields[n++] = s + 1; }
    return n;
}

/* Finds the CSV row GROUP,KEY in CSV (a copy is cut in place); fills FIELDS. */
static int csv_find(char *csv, const char *group, const char *key, char **fields)
{
    char *save = NULL;
    int first = 1;
    for (char *line = strtok_r(csv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        if (first) { header_n = split(line, header); first = 0; continue; }
        int n = split(line, fields);
        if (n >= 3 && !strcmp(fields[0], group) && !strcmp(fields[1], key)) return n;
    }
    return 0;
}

static const char *field(char **fields, int n, const char *name)
{
    for (int i = 0; i < header_n && i < n; i++)
        if (!strcmp(header[i], name)) return fields[i];
    return NULL;
}

static void check_num(const char *what, const char *key, const char *name, const char *got, double want, double tol)
{
    if (isnan(want)) { CHECK(got && !*got, "%s %s %s: expected empty, got \"%s\"", what, key, name, got ? got : "(none)"); return; }
    CHECK(got && *got && fabs(strtod(got, NULL) - want) <= tol, "%s %s %s: expected %.4f, got \"%s\"", what, key, name,
          want, got ? got : "(none)");
}

static void check_csv_row(const char *csv_text, const expected *e)
{
    static char copy[262144];
    snprintf(copy, sizeof copy, "%s", csv_text);
    char *f[MAX_FIELDS];
    int n = csv_find(copy, e->group, e->key, f);
    REQUIRE(n > 0, "no CSV row %s,%s", e->group, e->key);
    const struct { const char *name; double want, tol; } cols[] = {
        { "tickets", e->tickets, 0 }, { "served", e->served, 0 }, { "noshow", e->noshow, 0 },
        { "transfers", e->transfers, 0 }, { "cancelled", e->cancelled, 0 }, { "open", e->open, 0 },
        { "wait_count", e->wait_n, 0 }, { "wait_mean_min", e->wait_mean, 0.006 },
        { "wait_median_min", e->wait_median, 0.006 }, { "wait_p90_min", e->wait_p90, 0.006 },
        { "service_count", e->service_n, 0 }, { "service_mean_min", e->service_mean, 0.006 },
        { "service_median_min", e->service_median, 0.006 }, { "service_p90_min", e->service_p90, 0.006 },
        { "ratings", e->ratings, 0 }, { "rating_mean", e->rating_mean, 0.006 }, { "face_1", e->faces[0], 0 },
        { "face_2", e->faces[1], 0 }, { "face_3", e->faces[2], 0 }, { "face_4", e->faces[3], 0 },
        { "face_5", e->faces[4], 0 }, { "satisfied", e->satisfied, 0.0001 }, { "response_rate", e->response, 0.0001 },
        { "low_ratings", e->low, 0 }, { "low_waiting", e->low_waiting, 0 }, { "low_clarity", e->low_clarity, 0 },
        { "low_courtesy", 0, 0 },
    };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        check_num("CSV", e->key, cols[i].name, field(f, n, cols[i].name), cols[i].want, cols[i].tol);
}

/* ---- JSON ---- */

static void check_json_num(const char *key, const char *name, json_t *v, double want, double tol)
{
    if (isnan(want)) { CHECK(json_is_null(v), "JSON %s %s: expected null", key, name); return; }
    CHECK(json_is_number(v) && fabs(json_number_value(v) - want) <= tol, "JSON %s %s: expected %.4f, got %.4f", key,
          name, want, json_is_number(v) ? json_number_value(v) : -999.0);
}

static json_t *json_group(json_t *report, const char *group, const char *key)
{
    if (!strcmp(group, "total")) return json_object_get(report, "total");
    const char *list = !strcmp(group, "reason") ? "reasons" : !strcmp(group, "counter") ? "counters"
                     : !strcmp(group, "period") ? "periods" : "hours";
    json_t *a = json_object_get(report, list), *g;
    size_t i;
    json_array_foreach(a, i, g) {
        json_t *k = json_object_get(g, "key");
        if (k && !strcmp(json_string_value(k), key)) return g;
        json_t *h = json_object_get(g, "hour");
        if (h && json_integer_value(h) == atoi(key) && !strcmp(list, "hours")) return g;
    }
    return NULL;
}

static void check_json_group(json_t *report, const expected *e)
{
    json_t *g = json_group(report, e->group, e->key);
    REQUIRE(g, "no JSON group %s %s", e->group, e->key);
    const struct { const char *name; int want; } ints[] = {
        { "tickets", e->tickets }, { "served", e->served }, { "noshow", e->noshow }, { "transfers", e->transfers },
        { "cancelled", e->cancelled }, { "open", e->open },
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        CHECK(json_integer_value(json_object_get(g, ints[i].name)) == ints[i].want, "JSON %s %s: expected %d",
              e->key, ints[i].name, ints[i].want);
    json_t *w = json_object_get(g, "wait_minutes"), *s = json_object_get(g, "service_minutes");
    json_t *r = json_object_get(g, "ratings");
    CHECK_INT(json_integer_value(json_object_get(w, "count")), e->wait_n);
    check_json_num(e->key, "wait mean", json_object_get(w, "mean"), e->wait_mean, 0.006);
    check_json_num(e->key, "wait median", json_object_get(w, "median"), e->wait_median, 0.006);
    check_json_num(e->key, "wait p90", json_object_get(w, "p90"), e->wait_p90, 0.006);
    CHECK_INT(json_integer_value(json_object_get(s, "count")), e->service_n);
    check_json_num(e->key, "service mean", json_object_get(s, "mean"), e->service_mean, 0.006);
    check_json_num(e->key, "service median", json_object_get(s, "median"), e->service_median, 0.006);
    check_json_num(e->key, "service p90", json_object_get(s, "p90"), e->service_p90, 0.006);
    CHECK_INT(json_integer_value(json_object_get(r, "count")), e->ratings);
    check_json_num(e->key, "rating mean", json_object_get(r, "mean"), e->rating_mean, 0.006);
    for (int i = 0; i < 5; i++)
        CHECK_INT(json_integer_value(json_array_get(json_object_get(r, "faces"), (size_t)i)), e->faces[i]);
    check_json_num(e->key, "satisfied", json_object_get(r, "satisfied"), e->satisfied, 0.0001);
    check_json_num(e->key, "response_rate", json_object_get(r, "response_rate"), e->response, 0.0001);
    CHECK_INT(json_integer_value(json_object_get(r, "low")), e->low);
    json_t *lr = json_object_get(r, "low_reasons");
    CHECK_INT(json_integer_value(json_object_get(lr, "waiting")), e->low_waiting);
    CHECK_INT(json_integer_value(json_object_get(lr, "clarity")), e->low_clarity);
    CHECK_INT(json_integer_value(json_object_get(lr, "courtesy")), 0);
}

static json_t *out_json(void)
{
    json_error_t e;
    json_t *j = json_loads(out, 0, &e);
    if (!j) fprintf(stderr, "  not JSON (%s): %.200s\n", e.text, out);
    return j;
}

static void synthetic_day_csv_and_json(void)
{
    setup("report-day");
    REQUIRE(build_day() == 0, "building the day");
    REQUIRE(ctl("11-25T09:00:00", "report --from 2026-11-25 --to 2026-11-25 --csv") == 0, "csv: %s", err);
    static char csv[262144];
    snprintf(csv, sizeof csv, "%s", out);
    for (size_t i = 0; i < sizeof DAY_FIGURES / sizeof DAY_FIGURES[0]; i++) check_csv_row(csv, &DAY_FIGURES[i]);
    REQUIRE(ctl("11-25T09:00:00", "report --from 2026-11-25 --to 2026-11-25 --json") == 0, "json: %s", err);
    json_t *j = out_json();
    REQUIRE(j, "JSON");
    CHECK_STR(json_string_value(json_object_get(j, "by")), "day");
    CHECK_INT(json_integer_value(json_object_get(j, "days")), 1);
    CHECK_INT(json_array_size(json_object_get(j, "hours")), 1);   /* only hours with visits */
    for (size_t i = 0; i < sizeof DAY_FIGURES / sizeof DAY_FIGURES[0]; i++) check_json_group(j, &DAY_FIGURES[i]);
    json_decref(j);
    /* The plain summary too. */
    CHECK_INT(ctl("11-25T09:00:00", "report --from 2026-11-25 --to 2026-11-25"), 0);
    CHECK(strstr(out, "New support request") != NULL, "summary: %s", out);
}

/* Issue 14: help calls per day and the time to answer them, exact on two synthetic days.
 * 11-25: 08:03:00 answered at 08:03:40 (40 s); 08:33:00, pressed again at 08:33:30 (no second
 * call), answered at 08:35:00 (120 s); 08:50:00 never answered. 11-26: 09:00:00 answered at
 * 09:00:10 (10 s). So 11-25: 3 calls, 2 answered, median 80 s, longest 120 s; 11-26: 1, 1, 10,
 * 10; both days: 4 calls, 3 answered, median 40 s (10, 40, 120), longest 120 s. */
static void help_calls_per_day(void)
{
    setup("report-help");
    static const struct { const char *at, *args; } STEPS[] = {
        { "11-25T08:00:00", "init" },
        { "11-25T08:03:00", "ask-help kiosk" }, { "11-25T08:03:40", "help-ack 2" },
        { "11-25T08:33:00", "ask-help kiosk" }, { "11-25T08:33:30", "ask-help kiosk" },
        { "11-25T08:35:00", "help-ack 1" },
        { "11-25T08:50:00", "ask-help kiosk" },
        { "11-26T09:00:00", "ask-help kiosk" }, { "11-26T09:00:10", "help-ack 1" },
    };
    for (size_t i = 0; i < sizeof STEPS / sizeof STEPS[0]; i++)
        REQUIRE(ctl(STEPS[i].at, STEPS[i].args) == 0, "%s %s: %s", STEPS[i].at, STEPS[i].args, err);
    REQUIRE(ctl("11-26T12:00:00", "report --from 2026-11-25 --to 2026-11-26 --json") == 0, "json: %s", err);
    json_t *j = out_json();
    REQUIRE(j, "JSON");
    struct { json_t *help; int calls, answered; double median, longest; } want[] = {
        { json_object_get(json_object_get(j, "total"), "help"), 4, 3, 40, 120 },
        { json_object_get(json_array_get(json_object_get(j, "periods"), 0), "help"), 3, 2, 80, 120 },
        { json_object_get(json_array_get(json_object_get(j, "periods"), 1), "help"), 1, 1, 10, 10 },
    };
    for (int i = 0; i < 3; i++) {
        REQUIRE(want[i].help, "no help figures in group %d", i);
        CHECK_INT(json_integer_value(json_object_get(want[i].help, "calls")), want[i].calls);
        CHECK_INT(json_integer_value(json_object_get(want[i].help, "answered")), want[i].answered);
        CHECK(json_real_value(json_object_get(json_object_get(want[i].help, "answer_seconds"), "median")) == want[i].median,
              "group %d median", i);
        CHECK(json_real_value(json_object_get(want[i].help, "longest_seconds")) == want[i].longest, "group %d longest", i);
    }
    json_decref(j);
    REQUIRE(ctl("11-26T12:00:00", "report --from 2026-11-25 --to 2026-11-26 --csv") == 0, "csv: %s", err);
    CHECK(strstr(out, ",help_calls,help_answered,help_median_seconds,help_longest_seconds,value\n") != NULL, "header: %s", out);
    const char *total = strstr(out, "\ntotal,");
    CHECK(total && strstr(total, ",4,3,40.00,120.00,\n") == strchr(total + 1, '\n') - strlen(",4,3,40.00,120.00,"),
          "total row: %.300s", total ? total : out);
    const char *day = strstr(out, "\nperiod,2026-11-25,");
    CHECK(day && strstr(day, ",3,2,80.00,120.00,\n"), "11-25 row: %.300s", day ? day : out);
    /* The board's PDF says the same, in words. */
    char args[2048], text[65536];
    snprintf(args, sizeof args, "report --from 2026-11-25 --to 2026-11-26 --pdf %s/help.pdf --lang en", dir);
    REQUIRE(ctl("11-26T12:00:00", args) == 0, "pdf: %s", err);
    snprintf(args, sizeof args, "pdftotext -enc UTF-8 %s/help.pdf %s/help.txt", dir, dir);
    REQUIRE(system(args) == 0, "pdftotext");
    snprintf(args, sizeof args, "%s/help.txt", dir);
    read_file_into(args, text, sizeof text);
    CHECK(strstr(text, "Help calls: 4 · answered: 3 · median time to answer: 40 s · longest: 120 s") != NULL,
          "the PDF's help line: %s", strstr(text, "Help") ? strstr(text, "Help") : "none");
}

/* Issue 17 on the shipped hours (Sunday 2026-12-06: 08:00-14:00, last ticket 13:45, Dhuhr's pause
 * 12:22-12:42): the wait as lived and its part in pauses, and the tickets refused while closed.
 * 12-06: refused 07:30 (new_request) and 07:50 (inquiry); A-001 12:10 called 12:15 (wait 5, 0 in
 *        the pause); A-002 12:20 called 12:45 (25, 20); A-003 12:25, in the pause, called 12:50
 *        (25, 17); refused 13:50 (inquiry). The pause's start and end noticed by a program at
 *        12:23 and 12:45, as the kiosk and the console do.
 * 12-07: A-001 12:20; counter 1 ends the pause early at 12:25; called 12:30 (wait 10, 3 in the
 *        pause 12:22-12:25); refused 14:30 (follow_up).
 * So: waits 5 25 25 10 (mean 16.25), parts in pauses 0 20 17 3 (mean 10, median 10, p90 20);
 * refused 4 (12-06: 3, 12-07: 1; new_request 1, inquiry 2, follow_up 1). */
static void pauses_and_refusals(void)
{
    setup("report-hours");
    snprintf(conf, sizeof conf, "%s", shipped_config_path());
    static const struct { const char *at, *args; int status; } STEPS[] = {
        { "12-06T07:00:00", "init", 0 },
        { "12-06T07:30:00", "issue new_request", 1 }, { "12-06T07:50:00", "issue inquiry", 1 },
        { "12-06T12:10:00", "issue new_request", 0 }, { "12-06T12:15:00", "call 1", 0 },
        { "12-06T12:16:00", "done 1", 0 }, { "12-06T12:20:00", "issue new_request", 0 },
        { "12-06T12:25:00", "issue new_request", 0 }, { "12-06T12:30:00", "call 1", 1 },
        { "12-06T12:45:00", "call 1", 0 }, { "12-06T12:50:00", "done 1", 0 }, { "12-06T12:50:00", "call 1", 0 },
        { "12-06T12:55:00", "done 1", 0 }, { "12-06T13:50:00", "issue inquiry", 1 },
        { "12-07T12:20:00", "issue new_request", 0 }, { "12-07T12:25:00", "end-pause 1", 0 },
        { "12-07T12:30:00", "call 1", 0 }, { "12-07T12:35:00", "done 1", 0 },
        { "12-07T14:30:00", "issue follow_up", 1 },
    };
    char why[512];
    dawr_config *cfg = dawr_config_load(conf, why, sizeof why);
    REQUIRE(cfg, "%s", why);
    REQUIRE(dawr_clock_use_timezone("Asia/Riyadh") == 0, "zone");
    dawr_queue *q = NULL;
    for (size_t i = 0; i < sizeof STEPS / sizeof STEPS[0]; i++) {
        REQUIRE(ctl(STEPS[i].at, STEPS[i].args) == STEPS[i].status, "%s %s: %s%s", STEPS[i].at, STEPS[i].args, out, err);
        /* A program running through the day notices the pause's start and end. */
        const char *notice = !strcmp(STEPS[i].at, "12-06T12:20:00") ? "2026-12-06T12:23:00"
                             : !strcmp(STEPS[i].at, "12-06T12:30:00") ? "2026-12-06T12:45:00" : NULL;
        if (!notice) continue;
        if (!q) q = dawr_queue_open(cfg, db, NULL, why, sizeof why);
        REQUIRE(q, "%s", why);
        dawr_queue_set_clock(q, fake_clock, NULL);
        dawr_clock_parse(notice, &fake_now);
        CHECK_INT(dawr_queue_note_pauses(q), 1);
    }
    dawr_queue_close(q);
    dawr_config_free(cfg);
    REQUIRE(ctl("12-08T09:00:00", "report --from 2026-12-06 --to 2026-12-07 --json") == 0, "json: %s", err);
    json_t *j = out_json();
    REQUIRE(j, "JSON");
    json_t *total = json_object_get(j, "total"), *paused = json_object_get(total, "wait_paused_minutes");
    check_json_num("wait mean", "total", json_object_get(json_object_get(total, "wait_minutes"), "mean"), 16.25, 0.006);
    CHECK_INT(json_integer_value(json_object_get(paused, "count")), 4);
    check_json_num("paused mean", "total", json_object_get(paused, "mean"), 10, 0.006);
    check_json_num("paused median", "total", json_object_get(paused, "median"), 10, 0.006);
    check_json_num("paused p90", "total", json_object_get(paused, "p90"), 20, 0.006);
    CHECK_INT(json_integer_value(json_object_get(total, "refused_closed")), 4);
    static const struct { const char *group, *key; int refused; double paused_mean; } WANT[] = {
        { "period", "2026-12-06", 3, 37.0 / 3 }, { "period", "2026-12-07", 1, 3 },
        { "reason", "new_request", 1, 10 }, { "reason", "inquiry", 2, NAN }, { "reason", "follow_up", 1, NAN },
        { "counter", "1", 0, 10 },
    };
    for (size_t i = 0; i < sizeof WANT / sizeof WANT[0]; i++) {
        json_t *g = json_group(j, WANT[i].group, WANT[i].key);
        REQUIRE(g, "no %s %s", WANT[i].group, WANT[i].key);
        CHECK_INT(json_integer_value(json_object_get(g, "refused_closed")), WANT[i].refused);
        check_json_num("paused mean", WANT[i].key, json_object_get(json_object_get(g, "wait_paused_minutes"), "mean"),
                       WANT[i].paused_mean, 0.006);
    }
    json_decref(j);
    REQUIRE(ctl("12-08T09:00:00", "report --from 2026-12-06 --to 2026-12-07 --csv") == 0, "csv: %s", err);
    static char csv[262144];
    snprintf(csv, sizeof csv, "%s", out);
    char *fields[MAX_FIELDS];
    int n = csv_find(csv, "total", "", fields);
    REQUIRE(n, "no total row: %s", out);
    check_num("csv", "total", "refused_closed", field(fields, n, "refused_closed"), 4, 0);
    check_num("csv", "total", "wait_paused_mean_min", field(fields, n, "wait_paused_mean_min"), 10, 0.006);
    check_num("csv", "total", "wait_paused_p90_min", field(fields, n, "wait_paused_p90_min"), 20, 0.006);
    /* The plain summary and the board's PDF say the same in words. */
    REQUIRE(ctl("12-08T09:00:00", "report --from 2026-12-06 --to 2026-12-07") == 0, "text: %s", err);
    CHECK(strstr(out, "Waiting (mean 16.2 min) of which in prayer pauses: mean 10.0, median 10.0, p90 20.0 min") ||
              strstr(out, "Waiting (mean 16.3 min) of which in prayer pauses: mean 10.0, median 10.0, p90 20.0 min"),
          "summary: %s", out);
    CHECK(strstr(out, "4 tickets refused because the reception was closed (none issued)") != NULL, "summary: %s", out);
    char args[2048], text[65536];
    snprintf(args, sizeof args, "report --from 2026-12-06 --to 2026-12-07 --pdf %s/hours.pdf --lang en", dir);
    REQUIRE(ctl("12-08T09:00:00", args) == 0, "pdf: %s", err);
    snprintf(args, sizeof args, "pdftotext -enc UTF-8 %s/hours.pdf %s/hours.txt", dir, dir);
    REQUIRE(system(args) == 0, "pdftotext");
    snprintf(args, sizeof args, "%s/hours.txt", dir);
    read_file_into(args, text, sizeof text);
    CHECK(strstr(text, "Waiting mean: 16.2 min · of it in prayer pauses, mean: 10.0 min") != NULL &&
              strstr(text, "Tickets refused because the reception was closed: 4") != NULL,
          "the PDF's hours line: %s", strstr(text, "Opening") ? strstr(text, "Opening") : "none");
}

/* A ticket still waiting when its day ends is closed as cancelled: open on the day, then not. */
static void open_tickets_at_the_end(void)
{
    setup("report-open");
    REQUIRE(build_day() == 0, "building the day");
    REQUIRE(ctl("11-25T08:41:00", "call 2") == 0, "call B-001: %s", err);   /* called, never finished */
    REQUIRE(ctl("11-25T09:00:00", "report --from 2026-11-25 --to 2026-11-25 --json") == 0, "%s", err);
    json_t *j = out_json();
    json_t *t = json_object_get(j, "total");
    CHECK_INT(json_integer_value(json_object_get(t, "open")), 1);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(t, "wait_minutes"), "count")), 5);
    json_decref(j);
    /* Next day: a waiting ticket would be expired; this one was called, so it stays open. */
    REQUIRE(ctl("11-26T08:00:00", "issue inquiry") == 0, "%s", err);
    REQUIRE(ctl("11-26T08:01:00", "report --from 2026-11-25 --to 2026-11-26 --json") == 0, "%s", err);
    j = out_json();
    t = json_object_get(j, "total");
    CHECK_INT(json_integer_value(json_object_get(t, "tickets")), 6);
    CHECK_INT(json_integer_value(json_object_get(t, "open")), 2);
    CHECK_INT(json_array_size(json_object_get(j, "periods")), 2);
    json_decref(j);
    /* A day where one is left waiting: expired into cancelled on the next day's first operation. */
    REQUIRE(ctl("11-27T08:00:00", "issue inquiry") == 0, "%s", err);
    REQUIRE(ctl("11-27T08:01:00", "report --from 2026-11-26 --to 2026-11-26 --csv") == 0, "%s", err);
    static char csv[262144];
    snprintf(csv, sizeof csv, "%s", out);
    expected e = { "total", "", 1, 0, 0, 0, 1, 0, 0, U, U, U, 0, U, U, U, 0, U, { 0 }, U, U, 0, 0, 0 };
    check_csv_row(csv, &e);
}

static void empty_periods_and_bad_ranges(void)
{
    setup("report-empty");
    REQUIRE(ctl("10-01T08:00:00", "init") == 0, "%s", err);
    REQUIRE(ctl("10-01T08:00:00", "report --from 2026-10-01 --to 2026-10-03 --by day --json") == 0, "%s", err);
    json_t *j = out_json();
    REQUIRE(j, "JSON");
    json_t *periods = json_object_get(j, "periods");
    CHECK_INT(json_array_size(periods), 3);
    CHECK_STR(json_string_value(json_object_get(json_array_get(periods, 2), "key")), "2026-10-03");
    json_t *t = json_object_get(j, "total");
    CHECK_INT(json_integer_value(json_object_get(t, "tickets")), 0);
    CHECK(json_is_null(json_object_get(json_object_get(t, "wait_minutes"), "median")), "median of nothing is null");
    CHECK(json_is_null(json_object_get(json_object_get(t, "ratings"), "response_rate")), "0 ratings ÷ 0 served is null");
    CHECK(json_is_null(json_object_get(json_object_get(t, "ratings"), "satisfied")), "no ratings: null");
    json_decref(j);
    REQUIRE(ctl("10-01T08:00:00", "report --from 2026-10-01 --to 2026-10-03 --csv") == 0, "%s", err);
    static char csv[262144];
    snprintf(csv, sizeof csv, "%s", out);
    expected e = { "period", "2026-10-02", 0, 0, 0, 0, 0, 0, 0, U, U, U, 0, U, U, U, 0, U, { 0 }, U, U, 0, 0, 0 };
    check_csv_row(csv, &e);
    CHECK_INT(ctl("10-01T08:00:00", "report --from 2026-10-03 --to 2026-10-01"), 2);
    CHECK(strstr(err, "before it starts") != NULL, "%s", err);
    CHECK_INT(ctl("10-01T08:00:00", "report --from 2026-02-30 --to 2026-03-01"), 2);
    CHECK_INT(ctl("10-01T08:00:00", "report --from 2026-10-01"), 2);
    CHECK_INT(ctl("10-01T08:00:00", "report --from 2026-10-01 --to 2026-10-01 --by year"), 2);
    /* The PDF of an empty period still opens. */
    char args[1600];
    snprintf(args, sizeof args, "report --from 2026-10-01 --to 2026-10-03 --pdf %s/empty.pdf", dir);
    CHECK_INT(ctl("10-01T08:00:00", args), 0);
    char cmd[3200];
    snprintf(cmd, sizeof cmd, "pdftoppm -r 20 -f 1 -l 1 -png %s/empty.pdf %s/empty >/dev/null 2>&1", dir, dir);
    CHECK(system(cmd) == 0, "pdftoppm of the empty report");
}

/* 2026-11-30 (a Monday) 23:50 to 2026-12-01 00:25: a visit served across midnight, and one
 * on the next day and month. */
static void across_midnight_and_month(void)
{
    setup("report-month");
    static const struct { const char *at, *args; } steps[] = {
        { "11-30T23:50:00", "init" },          { "11-30T23:50:00", "issue inquiry" },
        { "11-30T23:55:00", "call 1" },        { "11-30T23:56:00", "serve 1" },
        { "12-01T00:05:00", "done 1" },        { "12-01T00:06:00", "rate '#1' 4" },
        { "12-01T00:10:00", "issue inquiry" }, { "12-01T00:20:00", "call 2" },
        { "12-01T00:25:00", "done 2" },
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++)
        REQUIRE(ctl(steps[i].at, steps[i].args) == 0, "%s %s: %s", steps[i].at, steps[i].args, err);
    REQUIRE(ctl("12-01T01:00:00", "report --from 2026-11-30 --to 2026-12-01 --by month --json") == 0, "%s", err);
    json_t *j = out_json();
    json_t *periods = json_object_get(j, "periods");
    REQUIRE(json_array_size(periods) == 2, "two months: %s", out);
    json_t *nov = json_array_get(periods, 0), *dec = json_array_get(periods, 1);
    CHECK_STR(json_string_value(json_object_get(nov, "key")), "2026-11");
    CHECK_STR(json_string_value(json_object_get(nov, "from")), "2026-11-30");
    CHECK_STR(json_string_value(json_object_get(dec, "to")), "2026-12-01");
    CHECK_INT(json_integer_value(json_object_get(nov, "tickets")), 1);
    CHECK_INT(json_integer_value(json_object_get(dec, "tickets")), 1);
    /* Served from 23:56 to 00:05 belongs to its service day, 30 November: 9 minutes. */
    check_json_num("nov", "service", json_object_get(json_object_get(nov, "service_minutes"), "mean"), 9, 0.006);
    check_json_num("nov", "wait", json_object_get(json_object_get(nov, "wait_minutes"), "mean"), 5, 0.006);
    /* Finished by done without serve: service from the call, 00:20..00:25. */
    check_json_num("dec", "service", json_object_get(json_object_get(dec, "service_minutes"), "mean"), 5, 0.006);
    check_json_num("dec", "response", json_object_get(json_object_get(dec, "ratings"), "response_rate"), 0, 0.0001);
    json_t *t = json_object_get(j, "total");
    check_json_num("total", "wait median", json_object_get(json_object_get(t, "wait_minutes"), "median"), 7.5, 0.006);
    check_json_num("total", "response", json_object_get(json_object_get(t, "ratings"), "response_rate"), 0.5, 0.0001);
    json_decref(j);
    /* Hours: 23 and 00. */
    REQUIRE(ctl("12-01T01:00:00", "report --from 2026-11-30 --to 2026-12-01 --by week --json") == 0, "%s", err);
    j = out_json();
    periods = json_object_get(j, "periods");
    CHECK_INT(json_array_size(periods), 1);   /* both days in the week of Sunday 29 November */
    CHECK_STR(json_string_value(json_object_get(json_array_get(periods, 0), "key")), "2026-11-29");
    CHECK_INT(json_array_size(json_object_get(j, "hours")), 2);
    json_decref(j);
    REQUIRE(ctl("12-01T01:00:00", "report --from 2026-12-01 --to 2026-12-01 --json") == 0, "%s", err);
    j = out_json();
    CHECK_INT(json_integer_value(json_object_get(json_object_get(j, "total"), "tickets")), 1);
    json_decref(j);
}

/* The library call other programs (the console's manager page) use: same figures. */
static void library_call_for_the_console(void)
{
    setup("report-api");
    REQUIRE(build_day() == 0, "building the day");
    dawr_config *cfg = load_default_config();
    char why[512];
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .read_only = 1 }, why, sizeof why);
    REQUIRE(q, "%s", why);
    dawr_report *r;
    REQUIRE(dawr_report_compute(q, "2026-11-25", "2026-11-25", DAWR_REPORT_BY_DAY, &r, why, sizeof why) == DAWR_OK,
            "%s", why);
    CHECK_INT(r->total.tickets, 5);
    CHECK_INT(r->reason_count, dawr_config_service_count(cfg));
    CHECK_STR(r->reasons[0].key, "new_request");
    CHECK_STR(r->reasons[0].name_ar, "طلب دعم جديد");
    CHECK(fabs(r->total.wait.p90 - 18) < 1e-9 && fabs(r->total.service.mean - 29.0 / 3) < 1e-9, "stats");
    CHECK(isnan(r->reasons[1].f.wait.mean) && isnan(r->reasons[1].f.response_rate), "undefined is NAN");
    CHECK_INT(r->hours[8].f.tickets, 5);
    json_t *j = dawr_report_json(r);
    CHECK_INT(json_integer_value(json_object_get(json_object_get(j, "total"), "served")), 3);
    json_decref(j);
    dawr_report_free(r);
    CHECK(dawr_report_compute(q, "2026-11-25", "2026-13-01", DAWR_REPORT_BY_DAY, &r, why, sizeof why) == DAWR_REFUSED
              && !r, "month 13 accepted");
    CHECK(strstr(why, "2026-13-01") != NULL, "message: %s", why);
    CHECK(dawr_report_compute(q, "2016-01-01", "2026-12-31", DAWR_REPORT_BY_DAY, &r, why, sizeof why) == DAWR_REFUSED
              && !r, "more than ten years accepted");
    CHECK(dawr_report_compute(q, "2026-11-26", "2026-11-25", DAWR_REPORT_BY_DAY, &r, why, sizeof why) == DAWR_REFUSED
              && !r, "a range ending before it starts accepted");
    CHECK(strstr(why, "before it starts") != NULL, "message: %s", why);
    dawr_report_by by;
    CHECK(dawr_report_by_default("2026-01-01", "2026-01-31") == DAWR_REPORT_BY_DAY, "31 days by day");
    CHECK(dawr_report_by_default("2026-01-01", "2026-03-31") == DAWR_REPORT_BY_WEEK, "a quarter by week");
    CHECK(dawr_report_by_default("2026-01-01", "2026-12-31") == DAWR_REPORT_BY_MONTH, "a year by month");
    CHECK(dawr_report_by_parse("week", &by) == 0 && by == DAWR_REPORT_BY_WEEK, "week");
    dawr_queue_close(q);
    dawr_config_free(cfg);
}

static int run_shell(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void pdf_in_arabic_and_english(void)
{
    setup("report-pdf");
    REQUIRE(build_day() == 0, "building the day");
    char path[PATH_MAX];
    if (realpath("tests/fonts/fonts.conf", path)) setenv("FONTCONFIG_FILE", path, 1);   /* pinned fonts */
    char args[1600], cmd[3200];
    snprintf(args, sizeof args, "report --from 2026-11-25 --to 2026-11-25 --pdf %s/ar.pdf", dir);
    REQUIRE(ctl("11-25T09:00:00", args) == 0, "pdf: %s", err);
    snprintf(cmd, sizeof cmd, "pdftoppm -r 50 -png %s/ar.pdf %s/ar >/dev/null 2>&1", dir, dir);
    CHECK(run_shell(cmd) == 0, "pdftoppm could not read the PDF");
    snprintf(cmd, sizeof cmd, "%s/ar-1.png", dir);
    CHECK(access(cmd, R_OK) == 0, "no first page %s", cmd);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s/ar.pdf %s/ar.txt", dir, dir);
    REQUIRE(run_shell(cmd) == 0, "pdftotext");
    static char text[262144];
    snprintf(cmd, sizeof cmd, "%s/ar.txt", dir);
    read_file_into(cmd, text, sizeof text);
    /* Logical order: the words as they are typed, left to right in the file. (pdftotext
     * gives a lam-alef ligature's two letters reversed, so these words avoid it.) */
    CHECK(strstr(text, "لرعاية كبار السن بأملج") != NULL, "association's name not found in logical order");
    CHECK(strstr(text, "طلب دعم جديد") != NULL, "service name not found");
    CHECK(strstr(text, "جمادى") != NULL, "Hijri month not found");
    CHECK(strstr(text, "نوفمبر") != NULL, "Gregorian month not found");
    /* pdftotext wraps numbers in embedding controls: compare without them and spaces. */
    CHECK(strstr(squeeze(text), "٢٥نوفمبر٢٠٢٦") != NULL, "Gregorian date with Arabic-Indic digits in order");
    CHECK(strstr(text, "١٤٤٨") != NULL, "Hijri year");
    CHECK(strstr(text, "شباك الاستقبال") || strstr(text, "شباك"), "counter names shown by default");
    CHECK(strstr(text, "جديد دعم طلب") == NULL, "words in visual (reversed) order");
    /* English on request. */
    snprintf(args, sizeof args, "report --from 2026-11-25 --to 2026-11-25 --pdf %s/en.pdf --lang en", dir);
    REQUIRE(ctl("11-25T09:00:00", args) == 0, "pdf en: %s", err);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s/en.pdf %s/en.txt", dir, dir);
    REQUIRE(run_shell(cmd) == 0, "pdftotext en");
    snprintf(cmd, sizeof cmd, "%s/en.txt", dir);
    read_file_into(cmd, text, sizeof text);
    CHECK(strstr(text, "Roofaa Association for the Care of the Elderly in Umluj") != NULL, "English name");
    CHECK(strstr(text, "New support request") != NULL, "English service name");
    CHECK(strstr(text, "Reception desk 1") != NULL, "English counter name");
    /* [reports] show_counters = no leaves the counters out of the PDF. */
    char conf2[800], text_conf[16384];
    snprintf(conf2, sizeof conf2, "%s/hidden.conf", dir);
    read_file_into(default_config_path(), text_conf, sizeof text_conf);
    char *at = strstr(text_conf, "show_counters = yes");
    REQUIRE(at, "default config has show_counters = yes");
    memcpy(at, "show_counters = no ", 19);
    write_file(conf2, text_conf);
    snprintf(conf, sizeof conf, "%s", conf2);
    snprintf(args, sizeof args, "report --from 2026-11-25 --to 2026-11-25 --pdf %s/hidden.pdf --lang en", dir);
    REQUIRE(ctl("11-25T09:00:00", args) == 0, "pdf hidden: %s", err);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s/hidden.pdf %s/hidden.txt", dir, dir);
    REQUIRE(run_shell(cmd) == 0, "pdftotext hidden");
    snprintf(cmd, sizeof cmd, "%s/hidden.txt", dir);
    read_file_into(cmd, text, sizeof text);
    CHECK(strstr(text, "Reception desk 1") == NULL, "counter shown although show_counters = no");
    CHECK(strstr(text, "New support request") != NULL, "reasons still shown");
    unsetenv("FONTCONFIG_FILE");
}

/* Issue 16: the applications' figures on the synthetic month of tests/appmonth.h, 2026-11-01..30.
 * At 2026-11-25 12:00 (H = now). Opened in the range: A B C D E G I (F on 10-20 is not), at
 * their steps then: registered A, declined B, accepted C, committee D G I, received E. Decided:
 * B 11-01 10:00 → 11-10 12:00 (9 d 2 h, before its earliest answer 11-15), A 11-01 09:00 →
 * 11-16 09:00 (15 d), C 11-02 09:00 → 11-20 09:00 (18 d); all within 30 days. Overdue: F
 * (earliest 11-03) and D (11-17), undecided and open. Appointments in November: kept F (−20
 * min), A (moved to 11-19, +5), E (0); late C (+45); missed D 11-10, I 11-24; coming G 11-26,
 * A 11-28, E 11-29, C 11-30; cancelled G 11-24 and B 11-12 (B declined). Messages: documents C;
 * reminders D, A, C; decisions A, C (F's of 10-21 is before the range). What happened after H —
 * G's check-in, A's reminder on 11-26, D accepted on 11-27 — is not counted yet.
 * At 2026-12-10 (H = the end of 11-30) it is: decided 4 (D: 24 d), overdue F only, kept 4 (G
 * +2), missed 5 (A 11-28, E 11-29, C 11-30 too), coming 0, reminders 4. With a target of 10 days
 * only B is answered within it (1/3). */
typedef struct {
    int opened, steps[7], decided, count;
    double mean, median, p90, after, within;
    int overdue, booked, kept, late, missed, coming, cancelled, sent, decision, documents, reminder;
} app_expected;

static const char *const APP_STEPS[7] = { "received", "committee", "documents_needed", "accepted", "declined", "registered", "delivered" };

static void check_app_json(const app_expected *e, json_t *a)
{
    CHECK_INT(json_integer_value(json_object_get(a, "opened")), e->opened);
    for (int i = 0; i < 7; i++) {
        json_t *n = json_object_get(json_object_get(a, "by_step"), APP_STEPS[i]);
        CHECK(json_is_integer(n) && json_integer_value(n) == e->steps[i], "by_step %s: %lld, not %d", APP_STEPS[i],
              json_integer_value(n), e->steps[i]);
    }
    CHECK_INT(json_object_size(json_object_get(a, "by_step")), 7);
    CHECK_INT(json_integer_value(json_object_get(a, "decided")), e->decided);
    json_t *d = json_object_get(a, "decision_days");
    CHECK_INT(json_integer_value(json_object_get(d, "count")), e->count);
    check_json_num("applications", "decision_days mean", json_object_get(d, "mean"), e->mean, 0.006);
    check_json_num("applications", "decision_days median", json_object_get(d, "median"), e->median, 0.006);
    check_json_num("applications", "decision_days p90", json_object_get(d, "p90"), e->p90, 0.006);
    check_json_num("applications", "share_after_minimum", json_object_get(a, "share_after_minimum"), e->after, 0.00006);
    check_json_num("applications", "share_within_target", json_object_get(a, "share_within_target"), e->within, 0.00006);
    CHECK_INT(json_integer_value(json_object_get(a, "target_days")), 30);
    CHECK_INT(json_integer_value(json_object_get(a, "overdue")), e->overdue);
    json_t *ap = json_object_get(a, "appointments"), *n = json_object_get(a, "notifications");
    const struct { const char *key; int want; json_t *in; } ints[] = {
        { "booked", e->booked, ap }, { "kept", e->kept, ap }, { "late", e->late, ap }, { "missed", e->missed, ap },
        { "coming", e->coming, ap }, { "cancelled", e->cancelled, ap }, { "late_minutes", 30, ap },
        { "total", e->sent, n }, { "decision", e->decision, n }, { "documents", e->documents, n },
        { "reminder", e->reminder, n },
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        json_t *v = json_object_get(ints[i].in, ints[i].key);
        CHECK(json_is_integer(v) && json_integer_value(v) == ints[i].want, "applications %s: %lld, not %d", ints[i].key,
              json_integer_value(v), ints[i].want);
    }
}

/* The applications' CSV rows: each figure's value in the last column. */
static void check_app_csv(const app_expected *e, const char *csv_text)
{
    static char copy[262144];
    char *fields[MAX_FIELDS];
    const struct { const char *key; double want; } rows[] = {
        { "opened", e->opened }, { "step_received", e->steps[0] }, { "step_committee", e->steps[1] },
        { "step_accepted", e->steps[3] }, { "step_declined", e->steps[4] }, { "decided", e->decided },
        { "decision_days_mean", e->mean }, { "decision_days_median", e->median }, { "decision_days_p90", e->p90 },
        { "share_after_minimum", e->after }, { "share_within_target", e->within }, { "target_days", 30 },
        { "overdue", e->overdue }, { "appointments_booked", e->booked }, { "appointments_kept", e->kept },
        { "appointments_late", e->late }, { "appointments_missed", e->missed }, { "appointments_coming", e->coming },
        { "appointments_cancelled", e->cancelled }, { "notifications", e->sent },
        { "notifications_decision", e->decision }, { "notifications_documents", e->documents },
        { "notifications_reminder", e->reminder },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(copy, sizeof copy, "%s", csv_text);
        int n = csv_find(copy, "applications", rows[i].key, fields);
        CHECK(n == header_n, "applications,%s: %d fields, the header %d", rows[i].key, n, header_n);
        if (n != header_n) continue;
        CHECK_STR(header[n - 1], "value");
        check_num("applications", rows[i].key, "value", fields[n - 1], rows[i].want, 0.006);
    }
}

static void applications_in_a_synthetic_month(void)
{
    setup("report-apps");
    char e[512];
    dawr_config *cfg = dawr_config_load(conf, e, sizeof e);
    dawr_queue *q = cfg ? dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, e, sizeof e) : NULL;
    REQUIRE(q, "%s", e);
    dawr_queue_set_clock(q, fake_clock, NULL);
    int made = app_month(q, APP_MONTH_LINES);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    REQUIRE(made == 0, "the month could not be written");
    static const app_expected at_25th = {
        7, { 1, 3, 0, 1, 1, 1, 0 }, 3, 3, (9 + 2.0 / 24 + 15 + 18) / 3, 15, 18, 2.0 / 3, 1,
        2, 10, 3, 1, 2, 4, 2, 6, 2, 1, 3,
    };
    static const app_expected at_end = {
        7, { 1, 2, 0, 2, 1, 1, 0 }, 4, 4, (9 + 2.0 / 24 + 15 + 18 + 24) / 4, 16.5, 24, 0.75, 1,
        1, 10, 4, 1, 5, 0, 2, 7, 2, 1, 4,
    };
    const struct { const char *now; const app_expected *want; } runs[] = { { "11-25T12:00:00", &at_25th }, { "12-10T12:00:00", &at_end } };
    for (int i = 0; i < 2; i++) {
        REQUIRE(ctl(runs[i].now, "report --from 2026-11-01 --to 2026-11-30 --json") == 0, "json: %s", err);
        json_t *j = out_json();
        REQUIRE(j, "JSON");
        check_app_json(runs[i].want, json_object_get(j, "applications"));
        json_decref(j);
        REQUIRE(ctl(runs[i].now, "report --from 2026-11-01 --to 2026-11-30 --csv") == 0, "csv: %s", err);
        check_app_csv(runs[i].want, out);
    }
    /* The board's PDF says the same at 11-25, in words and in the appointments' table. */
    char path[PATH_MAX], args[1600], cmd[3200];
    static char text[262144];
    if (realpath("tests/fonts/fonts.conf", path)) setenv("FONTCONFIG_FILE", path, 1);
    snprintf(args, sizeof args, "report --from 2026-11-01 --to 2026-11-30 --pdf %s/apps.pdf --lang en", dir);
    REQUIRE(ctl("11-25T12:00:00", args) == 0, "pdf: %s", err);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s/apps.pdf %s/apps.txt", dir, dir);
    REQUIRE(run_shell(cmd) == 0, "pdftotext");
    snprintf(cmd, sizeof cmd, "%s/apps.txt", dir);
    read_file_into(cmd, text, sizeof text);
    CHECK(strstr(text, "Decided: 3 · days to a decision: median 15.0, p90 18.0") != NULL, "decided line");
    CHECK(strstr(text, "Answered on or after the earliest answer date: 67% · Answered within the target (30 days): 100%"),
          "shares line");
    CHECK(strstr(text, "not yet decided: 2") != NULL, "overdue line");
    CHECK(strstr(text, "Messages to families: 6 (decision ready 2 · documents needed 1 · appointment reminders 3)"),
          "messages line");
    const char *table = strstr(text, "Cancelled\n\n10\n\n3\n\n1\n\n2\n\n4\n\n2\n");
    CHECK(table != NULL, "the appointments' row: %.400s", strstr(text, "Booked") ? strstr(text, "Booked") : text);
    const char *opened = strstr(text, "Opened in this period\n\n7\n");
    CHECK(opened != NULL, "opened in the steps' table");
    snprintf(args, sizeof args, "report --from 2026-11-01 --to 2026-11-30 --pdf %s/apps-ar.pdf", dir);
    REQUIRE(ctl("11-25T12:00:00", args) == 0, "pdf ar: %s", err);
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s/apps-ar.pdf %s/apps-ar.txt", dir, dir);
    REQUIRE(run_shell(cmd) == 0, "pdftotext ar");
    snprintf(cmd, sizeof cmd, "%s/apps-ar.txt", dir);
    read_file_into(cmd, text, sizeof text);
    CHECK(strstr(text, "الطلبات حتى الرد عليها") != NULL, "the applications' heading in Arabic");
    CHECK(strstr(text, "مواعيد العودة") != NULL, "the appointments' heading in Arabic");
    unsetenv("FONTCONFIG_FILE");
    /* The plain summary's lines. */
    REQUIRE(ctl("11-25T12:00:00", "report --from 2026-11-01 --to 2026-11-30") == 0, "summary: %s", err);
    CHECK(strstr(out, "Applications opened: 7, decided: 3 (median 15.0 days, p90 18.0), overdue: 2\n") &&
          strstr(out, "Appointments: 10 (kept 3, late 1, missed 2, coming 4), cancelled 2\n") &&
          strstr(out, "Messages to families: 6\n"), "summary: %s", out);
    /* A target of 10 days: of A (15 d), B (9 d) and C (18 d), only B is within it. */
    char conf10[800], text_conf[70000];
    snprintf(conf10, sizeof conf10, "%s/target10.conf", dir);
    read_file_into(default_config_path(), text_conf, sizeof text_conf);
    char *target = strstr(text_conf, "answer_target_days = 30");
    REQUIRE(target, "the default configuration's answer_target_days = 30");
    memcpy(target, "answer_target_days = 10", 23);
    write_file(conf10, text_conf);
    snprintf(conf, sizeof conf, "%s", conf10);
    REQUIRE(ctl("11-25T12:00:00", "report --from 2026-11-01 --to 2026-11-30 --json") == 0, "json: %s", err);
    json_t *j10 = out_json(), *a10 = json_object_get(j10, "applications");
    check_json_num("applications", "share_within_target (10 days)", json_object_get(a10, "share_within_target"), 1.0 / 3, 0.00006);
    check_json_num("applications", "share_after_minimum (10 days)", json_object_get(a10, "share_after_minimum"), 2.0 / 3, 0.00006);
    CHECK_INT(json_integer_value(json_object_get(a10, "target_days")), 10);
    json_decref(j10);
    snprintf(conf, sizeof conf, "%s", default_config_path());
    /* Nothing decided in a range without openings: the shares are undefined, the figures 0. */
    REQUIRE(ctl("12-10T12:00:00", "report --from 2026-10-01 --to 2026-10-19 --json") == 0, "json: %s", err);
    json_t *j = out_json(), *a = json_object_get(j, "applications");
    CHECK(json_is_null(json_object_get(a, "share_after_minimum")) && json_is_null(json_object_get(a, "share_within_target")),
          "shares without a decision");
    CHECK_INT(json_integer_value(json_object_get(a, "opened")), 0);
    CHECK_INT(json_integer_value(json_object_get(a, "overdue")), 0);
    json_decref(j);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "synthetic_day_csv_and_json", synthetic_day_csv_and_json },
        { "help_calls_per_day", help_calls_per_day },
        { "pauses_and_refusals", pauses_and_refusals },
        { "open_tickets_at_the_end", open_tickets_at_the_end },
        { "empty_periods_and_bad_ranges", empty_periods_and_bad_ranges },
        { "across_midnight_and_month", across_midnight_and_month },
        { "library_call_for_the_console", library_call_for_the_console },
        { "pdf_in_arabic_and_english", pdf_in_arabic_and_english },
        { "applications_in_a_synthetic_month", applications_in_a_synthetic_month },
        { NULL, NULL },
    };
    return harness_main("report", cases, argc, argv);
}
