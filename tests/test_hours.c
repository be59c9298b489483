/* Opening hours, prayer times and the Hijri calendar (issue 17): the prayer times against npm's
 * adhan (tests/prayer, installed with "npm ci") for a year in four Saudi cities, [hours] refused
 * line by line, days and instants as the programs keep them, and "dawrctl hours" as scripts run it. */
#include "harness.h"
#include "testutil.h"

#include "hours.h"
#include "prayer.h"

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
    dawr_hours_at(cfg, at("2026-12-04T22:14:00"), &n);   /* the Friday night */
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
             default_config_path(), date, path);
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
             default_config_path());
    CHECK_INT(run(cmd), 2);
}

/* A bad [hours] stops dawrctl with the line, exit 2, and nothing created. */
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
}

int main(int argc, char **argv)
{
    cfg = load_default_config();
    if (!cfg || dawr_clock_use_timezone("Asia/Riyadh") != 0) return 1;
    static const test_case cases[] = {
        { "prayer_times_match_adhan", prayer_times_match_adhan },
        { "prayer_times_known_day", prayer_times_known_day },
        { "config_refusals", config_refusals },
        { "instants", instants },
        { "dawrctl_days", dawrctl_days },
        { "dawrctl_refuses_bad_hours", dawrctl_refuses_bad_hours },
        { NULL, NULL },
    };
    int r = harness_main("hours", cases, argc, argv);
    dawr_config_free(cfg);
    return r;
}
