/* dawr-display as it runs in the waiting room: the real program under SDL's dummy driver on a
 * scratch database, with dawrctl calling meanwhile. Checks the layout dump (current call,
 * history, counts, 60 mm digits, 7:1 contrast), screenshots, the spoken-announcement log (in
 * order, a recall again), a locked, removed and recreated database, and the day's rollover. */
#include "harness.h"
#include "testutil.h"
#include "displayutil.h"
#include "text_png.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

static display_files F;
static int shipped_hours;   /* the hours' test: the shipped [hours] instead of always open */

static const char *config_path(void) { return shipped_hours ? shipped_config_path() : default_config_path(); }

/* Runs "dawrctl --config DEFAULT --db DB ARGS" quietly; returns its exit status. */
static int ctl(const char *env, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s/dawrctl --config %s --db %s %s >/dev/null 2>>%s/ctl.err", env ? env : "",
             build_dir(), config_path(), F.db, args, F.dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Starts dawr-display on the default configuration and F's database with ENV and extra ARGS. */
static pid_t start_display(const char *env, const char *args)
{
    return display_start(&F, env, config_path(), F.db, args);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return calloc(1, 1);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = calloc(1, (size_t)n + 1);
    if (buf && n > 0 && fread(buf, 1, (size_t)n, f) != (size_t)n) buf[0] = 0;
    fclose(f);
    return buf;
}

static int log_has(const char *path, const char *needle)
{
    char *text = slurp(path);
    int found = text && strstr(text, needle) != NULL;
    free(text);
    return found;
}

/* Waits up to MS for NEEDLE in the frame log. */
static int wait_for(const char *needle, int ms)
{
    for (int t = 0; t < ms; t += 20) {
        if (log_has(F.frames, needle)) return 1;
        usleep(20000);
    }
    return 0;
}

static int count_lines(const char *text, const char *prefix)
{
    int n = 0;
    for (const char *p = text; p && *p;) {
        if (!strncmp(p, prefix, strlen(prefix))) n++;
        p = strchr(p, '\n');
        if (p) p++;
    }
    return n;
}

/* Reads a screenshot as RGBA. */
static unsigned char *read_png(const char *path, int *w, int *h)
{
    char err[512];
    unsigned char *px = dawr_png_read(path, DAWR_PNG_RGBA, w, h, err, sizeof err);
    if (!px) fprintf(stderr, "  %s\n", err);
    return px;
}

/* Share of pixels that differ inside rect X, Y, W, H between two screenshots. */
static double changed_share(const char *a, const char *b, int x, int y, int rw, int rh)
{
    int w1, h1, w2, h2;
    unsigned char *p = read_png(a, &w1, &h1), *q = read_png(b, &w2, &h2);
    double share = -1;
    if (p && q && w1 == w2 && h1 == h2) {
        long diff = 0, all = 0;
        for (int j = y; j < y + rh && j < h1; j++)
            for (int i = x; i < x + rw && i < w1; i++, all++)
                diff += memcmp(p + ((size_t)j * w1 + i) * 4, q + ((size_t)j * w1 + i) * 4, 3) != 0;
        share = all ? (double)diff / all : 0;
    }
    free(p);
    free(q);
    return share;
}

static void calls_appear_and_are_announced_in_order(void)
{
    display_files_in(&F, "display-calls");
    REQUIRE(ctl(NULL, "init") == 0, "init");
    for (int i = 0; i < 3; i++) ctl(NULL, "issue new_request");
    ctl(NULL, "issue inquiry");
    ctl(NULL, "issue social_research");
    pid_t pid = start_display(NULL, NULL);
    REQUIRE(wait_for("frame ", 20000), "no first frame");
    CHECK_INT(ctl(NULL, "call 1"), 0);        /* A-001 at reception desk 1 */
    CHECK_INT(ctl(NULL, "call 2"), 0);        /* A-002 at desk 2, at once: queued, not talked over */
    CHECK_INT(ctl(NULL, "call 3"), 0);        /* D-001 at the researcher's office */
    CHECK(wait_for("shown D-001", 5000), "D-001 never shown");
    CHECK_INT(ctl(NULL, "recall 1"), 0);      /* A-001 again */
    int chimes = 0;
    for (int t = 0; t < 5000 && chimes < 4; t += 20) {   /* the recall is the fourth announcement */
        char *said = slurp(F.speech);
        chimes = count_lines(said, "chime");
        free(said);
        usleep(20000);
    }
    CHECK_INT(chimes, 4);
    usleep(100000);
    CHECK_INT(display_stop(pid), 0);

    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    /* Every text inside its box and off every other element, 7:1, nothing off screen. */
    static const char *const every_text[] = { "", NULL };
    display_check_layout("waiting room", els, 1920, 1080, every_text);
    /* A call invites: "Number A-001, please proceed to …", never "Now serving" before the
     * visitor has arrived; the current call is not listed again below it. */
    CHECK_STR(display_text_of(els, "call_number_ar"), "الرقم");
    CHECK_STR(display_text_of(els, "call_number_en"), "Number");
    CHECK_STR(display_text_of(els, "current_ticket"), "A-001");
    CHECK_STR(display_text_of(els, "current_counter"), "تفضّلوا إلى شباك الاستقبال ١");
    CHECK_STR(display_text_of(els, "current_counter_en"), "Please proceed to Reception desk 1");
    CHECK_STR(display_text_of(els, "history_1_ticket"), "D-001");
    CHECK_STR(display_text_of(els, "history_2_ticket"), "A-002");
    CHECK_STR(display_text_of(els, "history_2_counter"), "شباك الاستقبال ٢");
    CHECK(display_element(els, "history_3_ticket") == NULL, "only three tickets were called, one is current");
    /* The association's logo (the receipt's file) in the header, beside its name. */
    json_t *logo = display_element(els, "logo"), *name = display_element(els, "association_ar");
    REQUIRE(logo && name, "no logo or name in the header");
    json_t *lr = json_object_get(logo, "rect"), *nr = json_object_get(name, "rect");
    int ly = (int)json_integer_value(json_object_get(lr, "y")), lh = (int)json_integer_value(json_object_get(lr, "h"));
    CHECK(lh >= 40 && ly < (int)json_integer_value(json_object_get(nr, "y")) + (int)json_integer_value(json_object_get(nr, "h")),
          "the logo is %d px at y %d, not in the header", lh, ly);
    CHECK_STR(json_string_value(json_object_get(logo, "kind")), "image");
    CHECK_STR(display_text_of(els, "waiting_new_request_count"), "١");   /* A-003 waits */
    CHECK_STR(display_text_of(els, "waiting_inquiry_count"), "١");
    CHECK_STR(display_text_of(els, "waiting_social_research_count"), "٠");
    /* A zero reads as a digit, not a bullet: its ink as tall as a one's (it was a third). */
    double one_mm = json_real_value(json_object_get(display_element(els, "waiting_inquiry_count"), "ink_height_mm"));
    double zero_mm =
        json_real_value(json_object_get(display_element(els, "waiting_social_research_count"), "ink_height_mm"));
    CHECK(one_mm > 0 && zero_mm >= 0.75 * one_mm, "zero's ink %.1f mm against one's %.1f mm", zero_mm, one_mm);
    /* Waiting tiles of one size, their names at one size. */
    {
        json_t *first_tile = NULL;
        double name_px = -1;
        size_t k;
        json_t *e;
        json_array_foreach(els, k, e) {
            const char *nm = json_string_value(json_object_get(e, "name"));
            size_t len = strlen(nm);
            if (strncmp(nm, "waiting_", 8) || strcmp(nm, "waiting_title") == 0) continue;
            if (len > 5 && !strcmp(nm + len - 5, "_name")) {
                double px = json_real_value(json_object_get(e, "text_px"));
                if (name_px < 0) name_px = px;
                CHECK(px == name_px, "%s drawn at %.1f px, another name at %.1f", nm, px, name_px);
                json_t *r = json_object_get(e, "rect");
                if (!first_tile) first_tile = r;
                CHECK(json_integer_value(json_object_get(r, "w")) == json_integer_value(json_object_get(first_tile, "w")) &&
                          json_integer_value(json_object_get(r, "h")) ==
                              json_integer_value(json_object_get(first_tile, "h")),
                      "%s: tiles of different sizes", nm);
            }
        }
        CHECK(name_px > 0, "no waiting names");
    }
    CHECK(display_text_of(els, "date_hijri") && strstr(display_text_of(els, "date_hijri"), "هـ"), "Hijri date");
    /* The clock is the receipt's 12-hour time (text_date's one formatter): "١٠:٤٥ ص". */
    const char *clock = display_text_of(els, "clock");
    CHECK(clock && (strstr(clock, "\xC2\xA0ص") || strstr(clock, "\xC2\xA0م")), "clock: %s", clock ? clock : "none");
    CHECK(display_text_of(els, "ticker") && *display_text_of(els, "ticker"), "ticker");
    /* 60 mm digits on the configured TV, and every text at least 7:1 */
    json_t *cur = display_element(els, "current_ticket");
    double ink = json_real_value(json_object_get(cur, "ink_height_mm"));
    CHECK(ink >= 60, "current ticket's digits are %.1f mm tall", ink);
    size_t i;
    json_t *el;
    json_array_foreach(els, i, el) {
        json_t *c = json_object_get(el, "contrast");
        json_t *notdef = json_object_get(el, "notdef");
        CHECK(!notdef || json_integer_value(notdef) == 0, "%s: %d .notdef glyphs",
              json_string_value(json_object_get(el, "name")), (int)json_integer_value(notdef));
        if (json_is_real(c))
            CHECK(json_real_value(c) >= 7, "%s: contrast %.2f", json_string_value(json_object_get(el, "name")),
                  json_real_value(c));
        const char *name = json_string_value(json_object_get(el, "name"));
        json_t *r = json_object_get(el, "rect");
        int x = (int)json_integer_value(json_object_get(r, "x")), w = (int)json_integer_value(json_object_get(r, "w"));
        int y = (int)json_integer_value(json_object_get(r, "y")), h = (int)json_integer_value(json_object_get(r, "h"));
        CHECK(x >= 0 && y >= 0 && x + w <= 1920 && y + h <= 1080, "%s outside the screen", name);
    }

    /* Speech: chime, Arabic, English for each call in order, and the recall again. */
    char *said = slurp(F.speech);
    CHECK_INT(count_lines(said, "chime"), 4);
    const char *expect[] = {
        "chime\nsay ar الرقم إيه 1، تفضّلوا إلى شباك الاستقبال ١\nsay en Number Ay 1, please go to Reception desk 1\n",
        "chime\nsay ar الرقم إيه 2، تفضّلوا إلى شباك الاستقبال ٢\n",
        "chime\nsay ar الرقم دي 1، تفضّلوا إلى مكتب الباحث الاجتماعي\n",
    };
    const char *at = said;
    for (int k = 0; k < 3; k++) {
        const char *found = at ? strstr(at, expect[k]) : NULL;
        CHECK(found, "announcement %d missing or out of order in:\n%s", k + 1, said);
        at = found ? found + 1 : NULL;
    }
    const char *first = strstr(said, expect[0]);
    CHECK(first && strstr(first + 1, expect[0]), "the recall was not announced again:\n%s", said);
    free(said);

    /* Screenshots: the first frame (no call yet) and the last differ where the call is shown. */
    char a[800], b[800];
    snprintf(a, sizeof a, "%s/001-main.png", F.shots);
    snprintf(b, sizeof b, "%s/002-final.png", F.shots);
    json_t *r = json_object_get(cur, "rect");
    double share = changed_share(a, b, (int)json_integer_value(json_object_get(r, "x")),
                                 (int)json_integer_value(json_object_get(r, "y")),
                                 (int)json_integer_value(json_object_get(r, "w")),
                                 (int)json_integer_value(json_object_get(r, "h")));
    CHECK(share > 0.05, "current-call area changed in %.3f of its pixels", share);
    /* The recall is new at the end: its panel is the warm amber #FFBF00 (navy text on it). */
    int sw, sh;
    unsigned char *px = read_png(b, &sw, &sh);
    if (px) {
        int x = (int)json_integer_value(json_object_get(r, "x")) + 4, y = (int)json_integer_value(json_object_get(r, "y")) + 4;
        const unsigned char *c = px + ((size_t)y * sw + x) * 4;
        CHECK(c[0] == 0xFF && c[1] == 0xBF && c[2] == 0x00, "the new call's panel is #%02X%02X%02X, not amber", c[0], c[1],
              c[2]);
    }
    free(px);
    json_decref(root);
}

/* Issue 14: the big panel shows where a ticket was called, not where it went: counter 1 calls
 * C-002 and transfers it to counter 2, and the screen still says counter 1. A help call nobody
 * answered for two minutes puts a discreet line in the ticker, naming nobody. */
static void transferred_call_and_unanswered_help(void)
{
    display_files_in(&F, "display-transfer-help");
    REQUIRE(ctl(NULL, "init") == 0, "init");
    ctl(NULL, "issue inquiry");
    ctl(NULL, "issue inquiry");
    ctl(NULL, "call 1");
    ctl(NULL, "done 1");
    CHECK_INT(ctl(NULL, "call 1"), 0);                          /* C-002 at desk 1 */
    CHECK_INT(ctl(NULL, "transfer 1 2"), 0);                    /* sent to desk 2, which never called it */
    char env[64];
    snprintf(env, sizeof env, "DAWR_NOW=@%lld", (long long)time(NULL) - 120);
    CHECK_INT(ctl(env, "ask-help kiosk"), 0);
    pid_t pid = start_display(NULL, NULL);
    REQUIRE(wait_for("shown C-002", 20000), "C-002 never shown");
    usleep(300000);
    CHECK_INT(display_stop(pid), 0);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK_STR(display_text_of(els, "current_ticket"), "C-002");
    CHECK_STR(display_text_of(els, "current_counter"), "تفضّلوا إلى شباك الاستقبال ١");
    CHECK_STR(display_text_of(els, "history_1_counter"), "شباك الاستقبال ١");   /* C-001, done earlier */
    const char *help = display_text_of(els, "help_needed");
    CHECK(help && (strstr(help, "يحتاج إلى مساعدة") || strstr(help, "needs help")), "help line: %s", help ? help : "none");
    CHECK(display_element(els, "ticker") == NULL, "the announcements stay while help is needed");
    json_decref(root);
}

/* Closed, the association's channels from dawr.conf (Roofaa.org.sa, WhatsApp 0537063819) under
 * when the reception opens again, Arabic first with its own digits, then English; at least as
 * large as the closed screen's English line less a quarter, every text in its box at 7:1. */
static void check_closed_channels(const char *what, json_t *els, int w, int h)
{
    const char *ar = display_text_of(els, "channels_ar"), *en = display_text_of(els, "channels_en");
    CHECK(ar && strstr(ar, "Roofaa.org.sa") && strstr(ar, "\u0660\u0665\u0663\u0667\u0660\u0666\u0663\u0668\u0661\u0669") &&
              strstr(ar, "\u0648\u0627\u062a\u0633\u0627\u0628"), "%s: Arabic channels: %s", what, ar ? ar : "none");
    CHECK(en && strstr(en, "Roofaa.org.sa") && strstr(en, "WhatsApp") && strstr(en, "0537063819"),
          "%s: English channels: %s", what, en ? en : "none");
    json_t *hours = display_element(els, "hours_en"), *car = display_element(els, "channels_ar"),
           *cen = display_element(els, "channels_en");
    REQUIRE(hours && car && cen, "%s: a closed line is missing", what);
    double r_hours = display_num(json_object_get(hours, "rect"), "y"), r_ar = display_num(json_object_get(car, "rect"), "y"),
           r_en = display_num(json_object_get(cen, "rect"), "y");
    CHECK(r_hours < r_ar && r_ar < r_en, "%s: not hours, Arabic channels, English channels from the top", what);
    /* read from the room: the channels' Arabic at an em of at least 20 mm on the configured TV */
    double em_mm = display_num(car, "text_px") * display_num(json_object_get(car, "rect_mm"), "h") /
                     display_num(json_object_get(car, "rect"), "h");
    fprintf(stderr, "  %s: channels' Arabic at %.0f px, an em of %.1f mm\n", what, display_num(car, "text_px"), em_mm);
    CHECK(em_mm >= 20, "%s: the channels' text is %.1f mm", what, em_mm);
    CHECK(display_num(cen, "text_px") >= 0.75 * display_num(hours, "text_px"), "%s: English channels %.0f px against %.0f",
          what, display_num(cen, "text_px"), display_num(hours, "text_px"));
    static const char *const closed_texts[] = { "hours_", "channels_", NULL };
    display_check_layout(what, els, w, h, closed_texts);
}

/* Issue 17 on the shipped hours: during Dhuhr's pause (Sunday 2026-12-06, 12:22-12:42) the screen
 * says the pause and when calling resumes, in Arabic and English, in the current call's place;
 * after closing it still shows the day's calls while anyone waits, then that the reception is
 * closed and when it opens again. */
static void prayer_pause_and_closed(void)
{
    shipped_hours = 1;
    display_files_in(&F, "display-hours");
    REQUIRE(ctl(NULL, "init") == 0, "init");
    CHECK_INT(ctl("DAWR_NOW=2026-12-06T12:00:00", "issue inquiry"), 0);
    CHECK_INT(ctl("DAWR_NOW=2026-12-06T12:01:00", "call 1"), 0);
    pid_t pid = start_display("DAWR_NOW=2026-12-06T12:30:00", NULL);
    REQUIRE(wait_for("frame ", 20000), "no first frame");
    usleep(500000);
    CHECK_INT(display_stop(pid), 0);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    const char *ar = display_text_of(els, "hours_ar"), *en = display_text_of(els, "hours_en");
    CHECK(ar && strstr(ar, "\u0627\u0644\u0638\u0647\u0631") && strstr(ar, "\u0661\u0662:\u0664\u0662"), "Arabic: %s", ar ? ar : "none");
    CHECK(en && strstr(en, "Dhuhr") && strstr(en, "12:42"), "English: %s", en ? en : "none");
    CHECK(display_element(els, "current_ticket") == NULL, "no call shown during the pause");
    json_decref(root);
    /* 14:10: closed, C-001 still at desk 1: the calls stay. Then done: closed until Monday. */
    pid = start_display("DAWR_NOW=2026-12-06T14:10:00", NULL);
    REQUIRE(wait_for("frame ", 20000), "no first frame");
    usleep(500000);
    CHECK_INT(display_stop(pid), 0);
    els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK(display_element(els, "hours_ar") == NULL && display_text_of(els, "current_ticket"), "the day's calls go on after closing");
    json_decref(root);
    CHECK_INT(ctl("DAWR_NOW=2026-12-06T14:11:00", "done 1"), 0);
    pid = start_display("DAWR_NOW=2026-12-06T14:12:00", NULL);
    REQUIRE(wait_for("frame ", 20000), "no first frame");
    usleep(500000);
    CHECK_INT(display_stop(pid), 0);
    els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    en = display_text_of(els, "hours_en");
    CHECK(en && strstr(en, "closed") && strstr(en, "Monday") && strstr(en, "08:00"), "English: %s", en ? en : "none");
    ar = display_text_of(els, "hours_ar");
    CHECK(ar && strstr(ar, "\u0627\u0644\u0627\u062b\u0646\u064a\u0646"), "Arabic names Monday: %s", ar ? ar : "none");
    check_closed_channels("closed landscape", els, 1920, 1080);
    json_decref(root);
    /* The same in portrait: everything still fits. */
    pid = start_display("DAWR_NOW=2026-12-06T14:12:00", "--size 1080x1920");
    REQUIRE(wait_for("frame ", 20000), "no first frame");
    usleep(500000);
    CHECK_INT(display_stop(pid), 0);
    els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK(display_text_of(els, "hours_ar") != NULL, "portrait: not closed");
    check_closed_channels("closed portrait", els, 1080, 1920);
    json_decref(root);
    shipped_hours = 0;
}

/* A visitor hard of hearing is shown longer (30 s instead of 8); a WhatsApp call-back called at
 * a counter is not announced in the waiting room at all, nor listed among the calls. */
static void hard_of_hearing_shown_longer_and_call_backs_not_announced(void)
{
    display_files_in(&F, "display-needs");
    REQUIRE(ctl(NULL, "init") == 0, "init");
    ctl(NULL, "issue inquiry --channel whatsapp");
    ctl(NULL, "issue new_request --need hard_of_hearing");
    ctl(NULL, "issue new_request");
    pid_t pid = start_display(NULL, NULL);
    REQUIRE(wait_for("frame ", 20000), "no first frame");
    CHECK_INT(ctl(NULL, "call 1 --ticket C-001"), 0);    /* the call-back: at the counter only */
    CHECK_INT(ctl(NULL, "call 2"), 0);                   /* A-001, hard of hearing */
    CHECK(wait_for("call A-001 for 30000 ms", 5000), "A-001 not shown longer");
    CHECK_INT(ctl(NULL, "done 1"), 0);
    CHECK_INT(ctl(NULL, "call 1"), 0);                   /* */
    CHECK(wait_for("call A-002 for 8000 ms", 5000), "A-002 not shown as usual");
    usleep(100000);
    CHECK_INT(display_stop(pid), 0);
    CHECK(!log_has(F.frames, "call C-001"), "the call-back was announced");
    char *said = slurp(F.speech);
    CHECK_INT(count_lines(said, "chime"), 2);
    free(said);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK_STR(display_text_of(els, "current_ticket"), "A-002");
    CHECK_STR(display_text_of(els, "history_1_ticket"), "A-001");
    CHECK(display_element(els, "history_2_ticket") == NULL, "the call-back is in the history");
    json_decref(root);
}

static void locked_removed_and_recreated_database(void)
{
    display_files_in(&F, "display-faults");
    REQUIRE(ctl(NULL, "init") == 0, "init");
    ctl(NULL, "issue new_request");
    ctl(NULL, "call 1");

    /* Another program holds the database exclusively (even against readers) as the screen
     * starts: it shows a discreet sign, and the calls once the lock goes. */
    sqlite3 *h;
    REQUIRE(sqlite3_open(F.db, &h) == SQLITE_OK, "open");
    int rc = sqlite3_exec(h, "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;"
                             " INSERT INTO meta (key, value) VALUES ('test_lock', '1');", NULL, NULL, NULL);
    CHECK(rc == SQLITE_OK, "lock: %s", sqlite3_errmsg(h));
    pid_t pid = start_display(NULL, NULL);
    CHECK(wait_for("offline", 20000), "no offline sign while locked");
    CHECK(!log_has(F.frames, "shown A-001"), "read through an exclusive lock?");
    sqlite3_exec(h, "ROLLBACK;", NULL, NULL, NULL);
    sqlite3_close(h);
    CHECK(wait_for("online", 5000), "did not recover after the lock");
    CHECK(wait_for("shown A-001", 5000), "A-001 not shown after the lock");

    /* A writer's long transaction (WAL): the screen reads on and never freezes. */
    REQUIRE(sqlite3_open(F.db, &h) == SQLITE_OK, "open");
    CHECK(sqlite3_exec(h, "BEGIN EXCLUSIVE; INSERT INTO meta (key, value) VALUES ('test_lock', '1');", NULL, NULL,
                       NULL) == SQLITE_OK, "write lock: %s", sqlite3_errmsg(h));
    usleep(600000);
    sqlite3_exec(h, "ROLLBACK;", NULL, NULL, NULL);
    sqlite3_close(h);
    ctl(NULL, "issue new_request");
    CHECK_INT(ctl(NULL, "call 2"), 0);
    CHECK(wait_for("shown A-002", 3000), "A-002 not shown after the write lock");

    /* Removed: still the last state, offline; recreated (a restore): back by itself. */
    char path[800];
    unlink(F.db);
    snprintf(path, sizeof path, "%s-wal", F.db);
    unlink(path);
    snprintf(path, sizeof path, "%s-shm", F.db);
    unlink(path);
    usleep(1200000);
    char *log = slurp(F.frames);
    int offline_signs = 0;
    for (const char *p = log; (p = strstr(p, " offline\n")); p++) offline_signs++;
    free(log);
    int offline_again = offline_signs >= 2;
    CHECK(offline_again, "no offline sign with the database removed");
    CHECK(kill(pid, 0) == 0, "the display died with its database");
    CHECK_INT(ctl(NULL, "init"), 0);
    ctl(NULL, "issue inquiry");
    CHECK_INT(ctl(NULL, "call 2"), 0);
    CHECK(wait_for("shown C-001", 5000), "C-001 of the new database not shown");
    CHECK_INT(display_stop(pid), 0);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    CHECK(els && !display_element(els, "offline"), "still offline at the end");
    CHECK_STR(display_text_of(els, "current_ticket"), "C-001");
    json_decref(root);
    char *errors = slurp(F.errlog);
    CHECK(strstr(errors, "showing the last known state") && strstr(errors, "answers again"), "stderr: %s", errors);
    free(errors);
}

static void missing_database_at_start_then_created(void)
{
    display_files_in(&F, "display-missing");
    pid_t pid = start_display(NULL, NULL);
    CHECK(wait_for("offline", 20000), "no offline sign without a database");
    CHECK_INT(ctl(NULL, "init"), 0);
    ctl(NULL, "issue follow_up");
    ctl(NULL, "call 1");
    CHECK(wait_for("shown B-001", 5000), "B-001 not shown once the database exists");
    CHECK_INT(display_stop(pid), 0);
}

static void yesterdays_calls_are_not_shown(void)
{
    display_files_in(&F, "display-day");
    const char *late = "DAWR_NOW=2026-11-25T23:58:00";
    REQUIRE(ctl(late, "init") == 0, "init");
    ctl(late, "issue new_request");
    ctl(late, "call 1");
    pid_t pid = start_display("DAWR_NOW=2026-11-26T00:00:30", NULL);
    CHECK(wait_for("frame ", 20000), "no frame");
    usleep(300000);
    CHECK_INT(display_stop(pid), 0);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK(strcmp(display_text_of(els, "current_ticket") ? display_text_of(els, "current_ticket") : "", "A-001") != 0,
          "yesterday's call still shown");
    CHECK(display_element(els, "history_1_ticket") == NULL, "yesterday's history still shown");
    json_decref(root);
}

static void portrait_silent_and_bad_arguments(void)
{
    display_files_in(&F, "display-portrait");
    REQUIRE(ctl(NULL, "init") == 0, "init");
    ctl(NULL, "issue complaint");
    ctl(NULL, "call 2");
    /* no audio driver at all: it says so and carries on */
    pid_t pid = start_display("SDL_AUDIODRIVER=none", "--size 1080x1920");
    CHECK(wait_for("shown F-001", 20000), "F-001 not shown");
    CHECK_INT(display_stop(pid), 0);
    char *errors = slurp(F.errlog);
    CHECK(strstr(errors, "silent"), "no word of the missing audio: %s", errors);
    free(errors);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK_INT(json_integer_value(json_object_get(root, "height")), 1920);
    CHECK_STR(display_text_of(els, "current_ticket"), "F-001");
    static const char *const every_text[] = { "", NULL };
    display_check_layout("portrait", els, 1080, 1920, every_text);
    size_t i;
    json_t *el;
    json_array_foreach(els, i, el) {
        json_t *r = json_object_get(el, "rect");
        int x = (int)json_integer_value(json_object_get(r, "x")), w = (int)json_integer_value(json_object_get(r, "w"));
        int y = (int)json_integer_value(json_object_get(r, "y")), h = (int)json_integer_value(json_object_get(r, "h"));
        CHECK(x >= 0 && y >= 0 && x + w <= 1080 && y + h <= 1920, "%s outside the portrait screen",
              json_string_value(json_object_get(el, "name")));
    }
    json_decref(root);

    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s/dawr-display --config %s --db %s --loud 2>%s", build_dir(), default_config_path(), F.db,
             F.errlog);
    int st = system(cmd);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "unknown argument: exit %d", WEXITSTATUS(st));
    char script[800];
    snprintf(script, sizeof script, "%s/bad-script", F.dir);
    write_file(script, "tap\n");
    snprintf(cmd, sizeof cmd, "%s/dawr-display --config %s --db %s --script %s 2>%s", build_dir(),
             default_config_path(), F.db, script, F.errlog);
    st = system(cmd);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) != 0, "bad script accepted");
    errors = slurp(F.errlog);
    CHECK(strstr(errors, "bad-script:1: tap needs a name or X Y"), "%s", errors);
    free(errors);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "calls_appear_and_are_announced_in_order", calls_appear_and_are_announced_in_order },
        { "transferred_call_and_unanswered_help", transferred_call_and_unanswered_help },
        { "hard_of_hearing_shown_longer_and_call_backs_not_announced", hard_of_hearing_shown_longer_and_call_backs_not_announced },
        { "locked_removed_and_recreated_database", locked_removed_and_recreated_database },
        { "missing_database_at_start_then_created", missing_database_at_start_then_created },
        { "yesterdays_calls_are_not_shown", yesterdays_calls_are_not_shown },
        { "portrait_silent_and_bad_arguments", portrait_silent_and_bad_arguments },
        { "prayer_pause_and_closed", prayer_pause_and_closed },
        { NULL, NULL },
    };
    return harness_main("display", cases, argc, argv);
}
