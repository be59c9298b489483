/* Opening hours, prayer times and the Hijri calendar (issue 17): the prayer times against npm's
 * adhan (tests/prayer, installed with "npm ci") for a year in four Saudi cities, [hours] refused
 * line by line, days and instants as the programs keep them, and "dawrctl hours" as scripts run it. */
#include "harness.h"
#include "testutil.h"

#include "hours.h"
#include "prayer.h"
#include "queue.h"

#include <jansson.h>
#include <math.h>
#include <sys/wait.h>
#include <time.h>

static int run(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A year of days in each city, all six times within two minutes of the oracle's. */
static void prayer_times_match_adhan(void)
{
    REQUIRE(run("command -v node >/dev/null 2>&1") == 0, "node is not installed (apt-get install nodejs)");
    if (access("tests/prayer/node_modules/adhan/package.json", R_OK) != 0)
        REQUIRE(run("cd tests/prayer && npm ci --no-audit --no-fund >&2") == 0, "npm ci in tests/prayer failed");
    static const struct { const char *name; double lat, lon; } cities[] = {
        { "Umluj", 25.0213, 37.2685 }, { "Riyadh", 24.7136, 46.6753 },
        { "Makkah", 21.3891, 39.8579 }, { "Jeddah", 21.4858, 39.1925 }, { "Tabuk", 28.3835, 36.5662 },
    };
    for (size_t c = 0; c < sizeof cities / sizeof cities[0]; c++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "TZ=Asia/Riyadh node tests/prayer/oracle.mjs %.4f %.4f 2027", cities[c].lat, cities[c].lon);
        FILE *p = popen(cmd, "r");
        REQUIRE(p, "popen");
        char line[256];
        int days = 0, worst = 0, off_by_one = 0;
        while (fgets(line, sizeof line, p)) {
            int y, m, d, h[6], mi[6], mine[DAWR_PRAYER_COUNT];
            if (sscanf(line, "%d-%d-%d %d:%d %d:%d %d:%d %d:%d %d:%d %d:%d", &y, &m, &d, &h[0], &mi[0], &h[1], &mi[1],
                       &h[2], &mi[2], &h[3], &mi[3], &h[4], &mi[4], &h[5], &mi[5]) != 15) continue;
            days++;
            REQUIRE(dawr_prayer_times(y, m, d, cities[c].lat, cities[c].lon, 180, 90, mine) == 0, "%s", line);
            for (int i = 0; i < DAWR_PRAYER_COUNT; i++) {
                int diff = abs(mine[i] - (h[i] * 60 + mi[i]));
                if (diff > worst) worst = diff;
                off_by_one += diff == 1;
                CHECK(diff <= 2, "%s %04d-%02d-%02d %s: ours %02d:%02d, adhan %02d:%02d", cities[c].name, y, m, d,
                      dawr_prayer_name((dawr_prayer)i), mine[i] / 60, mine[i] % 60, h[i], mi[i]);
            }
        }
        pclose(p);
        CHECK_INT(days, 365);
        fprintf(stderr, "  %s: %d days, worst difference %d min, %d times one minute apart\n", cities[c].name, days,
                worst, off_by_one);
    }
}

/* Hand-checked anchors: Umluj's Dhuhr and Isha on 6 December 2026, and Isha + 120 in Ramadan. */
static void prayer_times_known_day(void)
{
    int t[DAWR_PRAYER_COUNT], r[DAWR_PRAYER_COUNT];
    REQUIRE(dawr_prayer_times(2026, 12, 6, 25.0213, 37.2685, 180, 90, t) == 0, "computed");
    CHECK_INT(t[DAWR_PRAYER_DHUHR], 12 * 60 + 22);
    CHECK_INT(t[DAWR_PRAYER_ISHA] - t[DAWR_PRAYER_MAGHRIB], 90);
    REQUIRE(dawr_prayer_times(2026, 12, 6, 25.0213, 37.2685, 180, 120, r) == 0, "computed");
    CHECK_INT(r[DAWR_PRAYER_ISHA] - r[DAWR_PRAYER_MAGHRIB], 120);
    CHECK(t[DAWR_PRAYER_FAJR] < t[DAWR_PRAYER_SUNRISE] && t[DAWR_PRAYER_SUNRISE] < t[DAWR_PRAYER_DHUHR] &&
          t[DAWR_PRAYER_DHUHR] < t[DAWR_PRAYER_ASR] && t[DAWR_PRAYER_ASR] < t[DAWR_PRAYER_MAGHRIB], "in order");
    CHECK(dawr_prayer_times(2026, 12, 21, 89.0, 0, 0, 90, t) == -1, "no sunrise at the pole in December");
}

static const char *BASE =
    "[dawr]\ntimezone = Asia/Riyadh\n"
    "[service a]\nprefix = A\nname_ar = أ\nname_en = A\n"
    "[counter 1]\nname_ar = ١\nname_en = 1\nservices = a\n"
    "[hours]\n";                      /* [hours] is line 11 */

/* Loads BASE + HOURS; returns the error ("" when it loaded). */
static const char *load_hours(const char *hours)
{
    static char err[512];
    char text[2048], path[600];
    snprintf(path, sizeof path, "%s/dawr.conf", scratch_dir("hours-conf"));
    snprintf(text, sizeof text, "%s%s", BASE, hours);
    write_file(path, text);
    err[0] = 0;
    dawr_config *cfg = dawr_config_load(path, err, sizeof err);
    dawr_config_free(cfg);
    const char *rel = strstr(err, "dawr.conf:");
    return rel ? rel : err;
}

#define CHECK_REFUSED(hours, want) do { const char *e_ = load_hours(hours); \
        CHECK(strstr(e_, want) != NULL, "for %s: expected \"%s\", got \"%s\"", hours, want, e_); } while (0)

static void config_refusals(void)
{
    CHECK_STR(load_hours("sunday = 08:00-12:00 16:00-18:00\nclosed_hijri = 09-29..10-04 Eid\n"), "");
    CHECK_REFUSED("monday = 08:00-12:00 11:30-14:00\n", "dawr.conf:12: the spans 08:00-12:00 and 11:30-14:00 on monday overlap");
    CHECK_REFUSED("\nfriday = 22:00-02:00\n", "dawr.conf:13: the span 22:00-02:00 on friday ends before it starts");
    CHECK_REFUSED("sunday = 8-14\n", "dawr.conf:12: sunday must be \"closed\" or spans");
    CHECK_REFUSED("sunday = 08:00-25:00\n", "dawr.conf:12:");
    CHECK_REFUSED("closed_hijri = 13-01 Nothing\n", "dawr.conf:12: closed_hijri: 13-01 is no Hijri date");
    CHECK_REFUSED("closed_hijri = 09-31 Nothing\n", "dawr.conf:12: closed_hijri: 09-31 is no Hijri date");
    CHECK_REFUSED("closed = 02-30 Nothing\n", "dawr.conf:12: closed: 02-30 is no Gregorian date");
    CHECK_REFUSED("closed = 23 September\n", "dawr.conf:12: closed must be a month-day");
    CHECK_REFUSED("sunday = 08:00-08:30\npause_minutes = 40\n", "dawr.conf:13: a pause of 40 minutes is longer than the span 08:00-08:30 on sunday");
    CHECK_REFUSED("pause_prayers = none\nramadan = 10:00-10:10\n", "dawr.conf:13: the span 10:00-10:10 on ramadan is not longer than last_ticket_minutes");
    CHECK_REFUSED("latitude = 91\n", "dawr.conf:12: latitude must be a number of degrees from -90 to 90");
    CHECK_REFUSED("longitude = 37.2E\n", "dawr.conf:12: longitude must be a number of degrees");
    CHECK_REFUSED("longitude = -180.5\n", "dawr.conf:12: longitude must be a number of degrees from -180 to 180");
    CHECK_REFUSED("pause_prayers = dhuhr sunrise\n", "dawr.conf:12: pause_prayers must be");
    CHECK_REFUSED("dhuhr_at = 12.15\n", "dawr.conf:12: dhuhr_at must be a time like 12:15");
    CHECK_REFUSED("sunrise_offset = 5\n", "dawr.conf:12: unknown key \"sunrise_offset\" in [hours]");
    CHECK_REFUSED("monday = 08:00-14:00\nmonday = closed\n", "dawr.conf:13: \"monday\" is given twice");
}

static dawr_config *cfg;

static dawr_ms at(const char *local)
{
    dawr_ms t = 0;
    dawr_clock_parse(local, &t);
    return t;
}

/* Instants on the shipped configuration, in Umluj's zone. */
static void instants(void)
{
    dawr_hours_now n;
    REQUIRE(dawr_hours_at(cfg, at("2026-12-06T09:00:00"), &n) == 0, "computed");
    CHECK(n.issuing && !n.paused, "a Sunday at 09:00 is open");
    CHECK_INT(n.pause.prayer, DAWR_PRAYER_DHUHR);
    CHECK_INT(n.pause_from, at("2026-12-06T12:22:00"));
    CHECK_INT(n.pause_to, at("2026-12-06T12:42:00"));
    dawr_hours_at(cfg, at("2026-12-06T12:30:00"), &n);
    CHECK(n.issuing && n.paused, "Dhuhr pauses the reception and tickets are still issued");
    dawr_hours_at(cfg, at("2026-12-06T13:44:59"), &n);
    CHECK(n.issuing, "the last ticket is at 13:45");
    dawr_hours_at(cfg, at("2026-12-06T13:45:00"), &n);
    CHECK(!n.issuing && !n.paused, "no ticket from 13:45");
    CHECK_INT(n.next_open, at("2026-12-07T08:00:00"));
    dawr_hours_at(cfg, at("2026-12-06T07:59:00"), &n);
    CHECK(!n.issuing, "not before 08:00");
    CHECK_INT(n.next_open, at("2026-12-06T08:00:00"));
    dawr_hours_at(cfg, at("2026-12-04T22:14:00"), &n);   /* the issue's Friday night */
    CHECK(!n.issuing, "Friday is closed");
    CHECK_INT(n.next_open, at("2026-12-06T08:00:00"));
    dawr_hours_at(cfg, at("2027-03-08T10:30:00"), &n);   /* 29 Ramadan 1448: Eid al-Fitr's closing begins */
    CHECK(!n.issuing && n.day.holiday && !strcmp(n.day.holiday, "Eid al-Fitr"), "29 Ramadan is closed");
    CHECK_INT(n.next_open, at("2027-03-14T08:00:00"));    /* 4 Shawwal is a Friday; Saturday closed; Sunday */
    dawr_hours_at(cfg, at("2027-02-15T09:30:00"), &n);   /* Ramadan: from 10:00 */
    CHECK(!n.issuing && n.day.ramadan, "Ramadan opens at 10:00");
    CHECK_INT(n.next_open, at("2027-02-15T10:00:00"));
    /* A wait across Dhuhr's pause holds the pause's 20 minutes; one before it none. */
    CHECK_INT(dawr_hours_paused_between(cfg, at("2026-12-06T12:00:00"), at("2026-12-06T13:00:00")), 20 * 60000);
    CHECK_INT(dawr_hours_paused_between(cfg, at("2026-12-06T12:30:00"), at("2026-12-06T13:00:00")), 12 * 60000);
    CHECK_INT(dawr_hours_paused_between(cfg, at("2026-12-06T09:00:00"), at("2026-12-06T12:00:00")), 0);
    CHECK_INT(dawr_hours_paused_between(cfg, at("2026-12-06T09:00:00"), at("2026-12-07T13:00:00")), 40 * 60000);
}

/* dawrctl hours --json on chosen dates, as a script reads it. */
static json_t *hours_json(const char *date)
{
    char cmd[2048], path[600];
    const char *build = getenv("BUILD");
    snprintf(path, sizeof path, "%s/out.json", scratch_dir("hours-ctl"));
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s hours --date %s --json >%s", build ? build : "build",
             shipped_config_path(), date, path);
    if (run(cmd) != 0) return NULL;
    json_error_t e;
    return json_load_file(path, 0, &e);
}

static const char *field(json_t *j, const char *path)
{
    char key[64];
    snprintf(key, sizeof key, "%s", path);
    char *dot = strchr(key, '.');
    if (dot) { *dot = 0; j = json_object_get(j, key); path = dot + 1; }
    json_t *v = json_object_get(j, dot ? path : key);
    return json_is_string(v) ? json_string_value(v) : json_is_true(v) ? "true" : json_is_false(v) ? "false" : json_is_null(v) ? "null" : "?";
}

static int minutes_of(const char *hhmm) { return atoi(hhmm) * 60 + atoi(hhmm + 3); }

static void dawrctl_days(void)
{
    json_t *j = hours_json("2026-12-06");          /* a Sunday */
    REQUIRE(j, "dawrctl hours --json");
    CHECK_STR(field(j, "date"), "2026-12-06");
    CHECK_STR(field(j, "hijri"), "1448-06-26");
    CHECK_STR(field(j, "open"), "true");
    CHECK_STR(field(j, "ramadan"), "false");
    CHECK_STR(field(j, "holiday"), "null");
    CHECK_STR(field(j, "last_ticket"), "13:45");
    json_t *span = json_array_get(json_object_get(j, "spans"), 0), *pause = json_array_get(json_object_get(j, "pauses"), 0);
    CHECK_STR(field(span, "from"), "08:00");
    CHECK_STR(field(span, "to"), "14:00");
    CHECK_INT(json_array_size(json_object_get(j, "pauses")), 1);   /* Asr at 15:21 is after closing */
    CHECK_STR(field(pause, "prayer"), "dhuhr");
    CHECK_STR(field(pause, "from"), field(j, "prayers.dhuhr"));
    CHECK_STR(field(pause, "to"), "12:42");
    CHECK_INT(minutes_of(field(j, "prayers.isha")) - minutes_of(field(j, "prayers.maghrib")), 90);
    for (int i = 0; i < DAWR_PRAYER_COUNT; i++) {
        char key[32];
        snprintf(key, sizeof key, "prayers.%s", dawr_prayer_name((dawr_prayer)i));
        CHECK(strlen(field(j, key)) == 5, "%s", key);
    }
    json_decref(j);

    j = hours_json("2026-12-04");                   /* a Friday */
    REQUIRE(j, "friday");
    CHECK_STR(field(j, "open"), "false");
    CHECK_STR(field(j, "holiday"), "null");
    CHECK_INT(json_array_size(json_object_get(j, "spans")), 0);
    CHECK_INT(json_array_size(json_object_get(j, "pauses")), 0);
    json_decref(j);

    j = hours_json("2026-09-23");                   /* National Day, a Wednesday */
    REQUIRE(j, "national day");
    CHECK_STR(field(j, "open"), "false");
    CHECK_STR(field(j, "holiday"), "National Day");
    json_decref(j);

    j = hours_json("2027-03-09");                   /* 1 Shawwal 1448, a Tuesday */
    REQUIRE(j, "eid");
    CHECK_STR(field(j, "hijri"), "1448-10-01");
    CHECK_STR(field(j, "open"), "false");
    CHECK_STR(field(j, "holiday"), "Eid al-Fitr");
    json_decref(j);

    j = hours_json("2027-02-15");                   /* 8 Ramadan 1448, a Monday */
    REQUIRE(j, "ramadan");
    CHECK_STR(field(j, "ramadan"), "true");
    CHECK_STR(field(j, "open"), "true");
    span = json_array_get(json_object_get(j, "spans"), 0);
    CHECK_STR(field(span, "from"), "10:00");
    CHECK_STR(field(span, "to"), "15:00");
    CHECK_STR(field(j, "last_ticket"), "14:45");
    CHECK_INT(minutes_of(field(j, "prayers.isha")) - minutes_of(field(j, "prayers.maghrib")), 120);
    json_decref(j);

    char cmd[2048];
    const char *build = getenv("BUILD");
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s hours --date 2027-02-30 2>/dev/null", build ? build : "build",
             shipped_config_path());
    CHECK_INT(run(cmd), 2);
}

/* A bad [hours] stops dawrctl and the four programs with the line, exit 2, nothing created. */
static void dawrctl_refuses_bad_hours(void)
{
    char path[600], db[700], err_path[700], cmd[2400], text[1024], err[1024];
    const char *dir = scratch_dir("hours-bad");
    snprintf(path, sizeof path, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    snprintf(text, sizeof text, "%slatitude = 125.5\n", BASE);
    write_file(path, text);
    const char *build = getenv("BUILD");
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s init 2>%s", build ? build : "build", path, db, err_path);
    CHECK_INT(run(cmd), 2);
    read_file_into(err_path, err, sizeof err);
    CHECK(strstr(err, "dawr.conf:12: latitude must be a number of degrees from -90 to 90") != NULL, "%s", err);
    CHECK(access(db, F_OK) != 0, "a database was created");
    /* The programs refuse it the same way before starting anything. */
    snprintf(text, sizeof text, "%smonday = 08:00-12:00 11:30-14:00\n", BASE);
    write_file(path, text);
    static const char *const PROGRAMS[] = { "dawr-console", "dawr-kiosk", "dawr-display", "dawr-sync" };
    for (size_t i = 0; i < sizeof PROGRAMS / sizeof *PROGRAMS; i++) {
        snprintf(cmd, sizeof cmd, "timeout 20 %s/%s --config %s --db %s 2>%s", build ? build : "build", PROGRAMS[i], path, db,
                 err_path);
        CHECK_INT(run(cmd), 2);
        read_file_into(err_path, err, sizeof err);
        CHECK(strstr(err, "dawr.conf:12: the spans 08:00-12:00 and 11:30-14:00 on monday overlap") != NULL, "%s: %s",
              PROGRAMS[i], err);
        CHECK(access(db, F_OK) != 0, "%s created a database", PROGRAMS[i]);
    }
}


/* ---- the queue on the shipped hours, the clock at chosen instants ---- */

static char query_db[700];   /* the database of the queue test on */

static dawr_queue *open_queue(const char *name)
{
    char err[512];
    snprintf(query_db, sizeof query_db, "%s", scratch_db(name));
    dawr_queue *q = dawr_queue_open(cfg, query_db, &(dawr_queue_options){ .create = 1 }, err, sizeof err);   /* as init */
    if (!q) fprintf(stderr, "%s\n", err);
    else dawr_queue_set_clock(q, fake_clock, NULL);
    return q;
}

static long long count_events(dawr_event_kind kind)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM events WHERE kind = '%s'", dawr_event_kind_name(kind));
    return query_int(query_db, sql);
}

/* A normal Sunday: tickets from 08:00, called, the last ticket at 13:44 and none at 13:45; the
 * counters still finish the day's tickets after it. */
static void queue_normal_day_and_closing(void)
{
    dawr_queue *q = open_queue("hours-day");
    REQUIRE(q, "queue");
    dawr_ticket t;
    fake_now = at("2026-12-06T07:59:00");
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, &t), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "closed");
    CHECK(strstr(dawr_queue_reason_values(q), "\"next_open\":\"2026-12-06 08:00\"") != NULL, "%s", dawr_queue_reason_values(q));
    fake_now = at("2026-12-06T09:00:00");
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, &t), DAWR_OK);
    CHECK_STR(t.code, "C-001");
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_INT(dawr_queue_done(q, "1", &t), DAWR_OK);
    fake_now = at("2026-12-06T13:44:00");
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, &t), DAWR_OK);
    fake_now = at("2026-12-06T13:45:00");
    CHECK_INT(dawr_queue_issue(q, "inquiry", 0, NULL), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "closed");
    CHECK(strstr(dawr_queue_reason_values(q), "\"next_open\":\"2026-12-07 08:00\"") != NULL, "%s", dawr_queue_reason_values(q));
    /* After the last ticket and after closing the counters finish the day's visitors. */
    fake_now = at("2026-12-06T14:05:00");
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(t.code, "C-002");
    CHECK_INT(dawr_queue_done(q, "1", &t), DAWR_OK);
    CHECK_INT(count_events(DAWR_EVENT_REFUSED), 2);
    CHECK_INT(query_int(query_db, "SELECT count(*) FROM tickets"), 2);
    CHECK_STR(query_text(query_db, "SELECT json_extract(detail, '$.service') || ' ' || json_extract(detail, '$.channel') || ' '"
                                   " || json_extract(detail, '$.reason') FROM events WHERE kind = 'refused' ORDER BY id LIMIT 1"),
              "inquiry kiosk closed");
    dawr_queue_close(q);
}

/* Closed days: Friday night (the issue's), a Gregorian holiday, an Eid by the Hijri date, and a
 * Ramadan morning before Ramadan's 10:00; Ramadan's Isha 120 minutes after Maghrib. */
static void queue_closed_days(void)
{
    dawr_queue *q = open_queue("hours-closed");
    REQUIRE(q, "queue");
    static const struct { const char *at, *holiday, *next; } closed[] = {
        { "2026-12-04T22:14:00", "null", "2026-12-06 08:00" },            /* Friday night */
        { "2026-09-23T09:00:00", "\"National Day\"", "2026-09-24 08:00" }, /* a Wednesday */
        { "2027-03-10T09:00:00", "\"Eid al-Fitr\"", "2027-03-14 08:00" },  /* 1 Shawwal 1448 */
        { "2027-02-15T09:30:00", "null", "2027-02-15 10:00" },             /* Ramadan opens at 10:00 */
    };
    for (size_t i = 0; i < sizeof closed / sizeof *closed; i++) {
        fake_now = at(closed[i].at);
        CHECK_INT(dawr_queue_issue(q, "new_request", 0, NULL), DAWR_REFUSED);
        CHECK_STR(dawr_queue_reason(q), "closed");
        char want[120];
        snprintf(want, sizeof want, "\"holiday\":%s", closed[i].holiday);
        CHECK(strstr(dawr_queue_reason_values(q), want) != NULL, "%s: %s", closed[i].at, dawr_queue_reason_values(q));
        snprintf(want, sizeof want, "\"next_open\":\"%s\"", closed[i].next);
        CHECK(strstr(dawr_queue_reason_values(q), want) != NULL, "%s: %s", closed[i].at, dawr_queue_reason_values(q));
    }
    fake_now = at("2027-02-15T10:30:00");
    CHECK_INT(dawr_queue_issue(q, "new_request", 0, NULL), DAWR_OK);
    CHECK_INT(query_int(query_db, "SELECT count(*) FROM events WHERE kind = 'refused'"), 4);
    CHECK_INT(query_int(query_db, "SELECT count(*) FROM tickets"), 1);
    dawr_hours_day ramadan, other;
    REQUIRE(dawr_hours_day_of(cfg, 2027, 2, 15, &ramadan) == 0 && dawr_hours_day_of(cfg, 2026, 12, 6, &other) == 0, "days");
    CHECK(ramadan.ramadan && ramadan.spans[0].from == 600 && ramadan.spans[0].to == 900, "Ramadan's 10:00-15:00");
    CHECK_INT(ramadan.prayers[DAWR_PRAYER_ISHA] - ramadan.prayers[DAWR_PRAYER_MAGHRIB], 120);
    CHECK_INT(other.prayers[DAWR_PRAYER_ISHA] - other.prayers[DAWR_PRAYER_MAGHRIB], 90);
    dawr_queue_close(q);
}

/* Dhuhr's pause on Sunday 2026-12-06 is 12:22-12:42: tickets are issued and their estimate holds
 * the pause, nobody is called, the no-show grace stops, the start and end are logged once by two
 * programs, and a counter may end it early. */
static void queue_prayer_pause(void)
{
    dawr_queue *q = open_queue("hours-pause");
    REQUIRE(q, "queue");
    char err[512];
    dawr_queue *other = dawr_queue_open(cfg, query_db, NULL, err, sizeof err);   /* a second program */
    REQUIRE(other, "%s", err);
    dawr_queue_set_clock(other, fake_clock, NULL);
    dawr_ticket t, second;
    /* The estimate in the morning for one ahead, then the same at 12:20, across the pause. */
    fake_now = at("2026-12-06T09:00:00");
    dawr_queue_issue(q, "inquiry", 0, &t);
    dawr_queue_issue(q, "inquiry", 0, &second);
    int morning = second.wait_minutes;
    CHECK(morning > 2 && morning < 20, "one ahead in the morning: %d minutes", morning);
    dawr_queue_call_next(q, "1", &t);
    dawr_queue_done(q, "1", &t);
    dawr_queue_call_next(q, "1", &t);
    dawr_queue_done(q, "1", &t);
    fake_now = at("2026-12-06T12:20:00");
    dawr_queue_issue(q, "inquiry", 0, &t);
    CHECK_INT(dawr_queue_call_next(q, "2", &t), DAWR_OK);          /* called at 12:20, before the pause */
    dawr_queue_issue(q, "inquiry", 0, &t);
    dawr_queue_issue(q, "inquiry", 0, &second);
    CHECK_INT(second.wait_minutes, morning + 20);
    CHECK_INT(dawr_queue_note_pauses(q), 0);
    /* During the pause: issued, the wait runs to the pause's end, no call. */
    fake_now = at("2026-12-06T12:25:00");
    dawr_hours_now h;
    CHECK_INT(dawr_queue_hours(q, &h), DAWR_OK);
    CHECK(h.paused && h.issuing && h.pause.prayer == DAWR_PRAYER_DHUHR, "paused for Dhuhr");
    CHECK_INT(h.pause_to, at("2026-12-06T12:42:00"));
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "paused");
    CHECK_STR(dawr_queue_reason_values(q), "{\"prayer\":\"dhuhr\",\"until\":\"12:42\"}");
    CHECK_INT(dawr_queue_recall(q, "2", &t), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "paused");
    /* Both programs notice the start; it is logged once. */
    CHECK_INT(dawr_queue_note_pauses(q) + dawr_queue_note_pauses(other), 1);
    CHECK_INT(query_int(query_db, "SELECT count(*) FROM events WHERE kind = 'pause_start'"), 1);
    dawr_status st;
    CHECK_INT(dawr_queue_status(other, &st), DAWR_OK);
    CHECK(st.hours.paused && st.hours.pause_to == at("2026-12-06T12:42:00"), "the status holds the pause");
    /* After the pause the grace (5 minutes) has run only 2 minutes before it and 2 after. */
    fake_now = at("2026-12-06T12:44:00");
    CHECK_INT(dawr_queue_recall(q, "2", &t), DAWR_OK);
    CHECK_INT(dawr_queue_recall(q, "2", &t), DAWR_OK);
    CHECK_INT(dawr_queue_noshow(q, "2", &t), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "noshow_too_early");
    CHECK(strstr(dawr_queue_reason_values(q), "\"seconds\":240") != NULL, "%s", dawr_queue_reason_values(q));
    CHECK_INT(dawr_queue_note_pauses(other) + dawr_queue_note_pauses(q), 1);
    CHECK_INT(query_int(query_db, "SELECT count(*) FROM events WHERE kind = 'pause_end'"), 1);
    /* Asr (15:21) is after closing: no pause. Next day, a counter ends Dhuhr's pause early. */
    fake_now = at("2026-12-07T12:30:00");
    CHECK_INT(dawr_queue_end_pause(q, "9"), DAWR_NOT_FOUND);
    CHECK_INT(dawr_queue_end_pause(q, "1"), DAWR_OK);
    CHECK_INT(dawr_queue_hours(q, &h), DAWR_OK);
    CHECK(!h.paused, "the pause ended early");
    CHECK_INT(dawr_queue_end_pause(q, "1"), DAWR_REFUSED);
    CHECK_STR(dawr_queue_reason(q), "not_paused");
    dawr_queue_issue(q, "inquiry", 0, &t);
    CHECK_INT(dawr_queue_call_next(q, "1", &t), DAWR_OK);
    CHECK_STR(query_text(query_db, "SELECT counter || ' ' || json_extract(detail, '$.early') FROM events WHERE kind = 'pause_end'"
                                   " ORDER BY id DESC LIMIT 1"), "1 1");
    fake_now = at("2026-12-07T12:50:00");
    CHECK_INT(dawr_queue_note_pauses(q), 0);
    /* The part of a wait in pauses counts the early end: 12:20 to 12:50 held 10 minutes of it. */
    CHECK_INT(dawr_queue_paused_between(q, at("2026-12-07T12:20:00"), at("2026-12-07T12:50:00")),
              (at("2026-12-07T12:30:00") - h.pause_from));
    dawr_queue_close(other);
    dawr_queue_close(q);
}

int main(int argc, char **argv)
{
    char err[512];
    cfg = dawr_config_load(shipped_config_path(), err, sizeof err);
    if (!cfg) fprintf(stderr, "%s\n", err);
    if (!cfg || dawr_clock_use_timezone("Asia/Riyadh") != 0) return 1;
    static const test_case cases[] = {
        { "prayer_times_match_adhan", prayer_times_match_adhan },
        { "prayer_times_known_day", prayer_times_known_day },
        { "config_refusals", config_refusals },
        { "instants", instants },
        { "dawrctl_days", dawrctl_days },
        { "dawrctl_refuses_bad_hours", dawrctl_refuses_bad_hours },
        { "queue_normal_day_and_closing", queue_normal_day_and_closing },
        { "queue_closed_days", queue_closed_days },
        { "queue_prayer_pause", queue_prayer_pause },
        { NULL, NULL },
    };
    int r = harness_main("hours", cases, argc, argv);
    dawr_config_free(cfg);
    return r;
}
