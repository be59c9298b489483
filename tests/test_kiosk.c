/* The kiosk end to end: the real build/dawr-kiosk on SDL's dummy driver, driven by scripts,
 * checked through the database, the layout dump, the speech log and the frame log; its
 * receipts as PNG previews, and through a private cupsd (tests/printutil.h) to a file device. */
#include "harness.h"
#include "printutil.h"
#include "testutil.h"
#include "flow.h"
#include "staff.h"
#include "text_layout.h"

#include "escpos.h"
#include "config.h"
#include "text_i18n.h"
#include "text_png.h"
#include "text_utf8.h"

#include <unicode/uchar.h>

#include <jansson.h>
#include <glob.h>
#include <limits.h>
#include <math.h>
#include <dirent.h>
#include <sys/wait.h>

static char dir[600], conf[700], db[900], script[700], dump[700], speech[700], frames[700], shots[700];
static char previews[700];

/* The [printer] lines the next setup() writes instead of the default's "format = raster" and
 * "queue = dawr-receipt" (NULL: PNG previews in the test's folder, no printer needed). */
static const char *printer_lines;

/* When set, the next setup() passes the configuration's text through it before writing it. */
static void (*conf_rewrite)(char *text, size_t size);

/* Whether the next setup() keeps the shipped [hours] (the hours' tests) instead of always open. */
static int shipped_hours;

/* A scratch folder with the default configuration, taps counted twice only after
 * DOUBLE_TAP_MS, and an initialised database. */
static void setup(const char *name, int double_tap_ms)
{
    snprintf(dir, sizeof dir, "%s", scratch_dir(name));
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(script, sizeof script, "%s/script", dir);
    snprintf(dump, sizeof dump, "%s/layout.json", dir);
    snprintf(speech, sizeof speech, "%s/speech.log", dir);
    snprintf(frames, sizeof frames, "%s/frames.log", dir);
    snprintf(shots, sizeof shots, "%s/shots", dir);
    snprintf(previews, sizeof previews, "%s/receipts", dir);
    mkdir(previews, 0755);
    static char text[32768];
    read_file_into(shipped_hours ? shipped_config_path() : default_config_path(), text, sizeof text);
    char *fmt = strstr(text, "format = raster\n"), *queue = strstr(text, "queue = dawr-receipt\n");
    if (fmt && queue && queue > fmt) {
        static char with[sizeof text];
        char lines[1024];
        if (printer_lines) snprintf(lines, sizeof lines, "%s", printer_lines);
        else snprintf(lines, sizeof lines, "format = preview\npreview_dir = %s", previews);
        snprintf(with, sizeof with, "%.*s%s\n%.*s%s", (int)(fmt - text), text, lines,
                 (int)(queue - fmt - strlen("format = raster\n")), fmt + strlen("format = raster\n"),
                 queue + strlen("queue = dawr-receipt\n"));
        snprintf(text, sizeof text, "%s", with);
    } else {
        fprintf(stderr, "  the default configuration's [printer] changed: the kiosk tests print as configured\n");
    }
    char *at = strstr(text, "double_tap_ms = 700");
    if (at) {
        static char tail[sizeof text];
        snprintf(tail, sizeof tail, "%s", at + strlen("double_tap_ms = 700"));
        snprintf(at, sizeof text - (size_t)(at - text), "double_tap_ms = %d%s", double_tap_ms, tail);
    }
    if (conf_rewrite) conf_rewrite(text, sizeof text);
    write_file(conf, text);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s init >/dev/null", getenv("BUILD") ? getenv("BUILD") : "build",
             conf, db);
    if (system(cmd) != 0) fprintf(stderr, "  dawrctl init failed\n");
}

/* Runs dawrctl ARGS on the test's database at local time NOW. */
static int ctl(const char *now, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "DAWR_NOW=%s %s/dawrctl --config %s --db %s %s >/dev/null", now,
             getenv("BUILD") ? getenv("BUILD") : "build", conf, db, args);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Set: the next kiosks write no screenshots (each costs a PNG of the whole panel). */
static int without_shots;

/* Runs the kiosk with the script TEXT; ENV and EXTRA are put before and after the command.
 * Returns the exit status. */
static int kiosk(const char *env, const char *extra, const char *text)
{
    write_file(script, text);
    static char cmd[16384];
    snprintf(cmd, sizeof cmd,
             "%s SDL_VIDEODRIVER=dummy %s timeout 60 %s/dawr-kiosk --config %s --db %s --script %s"
             " --dump-layout=%s --speech-log %s --frame-log %s %s%s %s 2>>%s/stderr",
             env ? env : "", env && strstr(env, "SDL_AUDIODRIVER=") ? "" : "SDL_AUDIODRIVER=dummy", getenv("BUILD") ? getenv("BUILD") : "build", conf, db, script, dump, speech, frames,
             without_shots ? "" : "--screenshot-dir ", without_shots ? "" : shots, extra ? extra : "", dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int count_lines(const char *path, const char *needle)
{
    static char buf[1 << 20];
    read_file_into(path, buf, sizeof buf);
    int n = 0;
    for (const char *p = buf; (p = strstr(p, needle)); p++) n++;
    return n;
}

/* The rectangle (pixels) of element NAME on screen SCREEN in the last layout dump; 0 when found. */
static int rect_of(const char *screen, const char *name, int *x, int *y, int *w, int *h)
{
    json_error_t e;
    json_t *root = json_load_file(dump, 0, &e);
    json_t *screens = json_object_get(root, "screens"), *s;
    size_t i, j;
    int found = -1;
    json_array_foreach(screens, i, s) {
        if (strcmp(json_string_value(json_object_get(s, "screen")), screen)) continue;
        json_t *el;
        json_array_foreach(json_object_get(s, "elements"), j, el) {
            if (strcmp(json_string_value(json_object_get(el, "name")), name)) continue;
            json_t *r = json_object_get(el, "rect");
            *x = (int)json_integer_value(json_object_get(r, "x"));
            *y = (int)json_integer_value(json_object_get(r, "y"));
            *w = (int)json_integer_value(json_object_get(r, "w"));
            *h = (int)json_integer_value(json_object_get(r, "h"));
            found = 0;
        }
    }
    json_decref(root);
    return found;
}

#define NOW "2026-11-25T10:00:00"

/* A tremor's second tap on the same spot issues nothing: one ticket, the number shown after
 * the commit, and the second tap ignored on the ticket screen. */
static void ticket_issued_once_after_a_double_tap(void)
{
    setup("kiosk-double", 700);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap take_ticket\nwait 800\nquit\n"), 0);
    int sx, sy, sw, sh, hx, hy, hw, hh;
    REQUIRE(rect_of("services", "service_new_request", &sx, &sy, &sw, &sh) == 0, "no service_new_request in the dump");
    REQUIRE(rect_of("home", "take_ticket", &hx, &hy, &hw, &hh) == 0, "no take_ticket in the dump");
    /* Twice on "take a ticket" where "new request" comes next: without the guard the second tap
     * would issue a ticket nobody chose. Then twice on "new request": one ticket. */
    int x = sx + sw / 2, y = sy + sh / 2, x0 = hx > sx ? hx : sx, y0 = hy > sy ? hy : sy;
    int x1 = hx + hw < sx + sw ? hx + hw : sx + sw, y1 = hy + hh < sy + sh ? hy + hh : sy + sh;
    REQUIRE(x1 > x0 && y1 > y0, "take_ticket and new_request do not overlap");
    hx = (x0 + x1) / 2;
    hy = (y0 + y1) / 2;
    char text[512];
    snprintf(text, sizeof text, "wait 1500\ntap %d %d\ntap %d %d\nwait 1500\ntap %d %d\ntap %d %d\nwait 300\nquit\n",
             hx, hy, hx, hy, x, y, x, y);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, text), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'issue'"), 1);
    CHECK_STR(query_text(db, "SELECT service FROM tickets"), "new_request");
    CHECK_INT(count_lines(frames, "ignored (too soon"), 1);
    CHECK_INT(count_lines(frames, "screen ticket"), 1);
    /* The ticket screen spoke the number as the waiting-room screen calls it: the letter's name. */
    CHECK(count_lines(speech, "say ar رقمكم إيه 1. ") == 1, "speech log lacks the number");
}

/* The visitor rates a finished visit once, with a reason; a second attempt is told kindly. */
static void rating_stored_once_and_second_refused_kindly(void)
{
    setup("kiosk-rate", 100);
    CHECK_INT(ctl("2026-11-25T09:30:00", "issue new_request"), 0);
    CHECK_INT(ctl("2026-11-25T09:31:00", "call 1"), 0);
    CHECK_INT(ctl("2026-11-25T09:40:00", "done 1"), 0);
    CHECK_INT(ctl("2026-11-25T09:41:00", "issue inquiry"), 0);
    CHECK_INT(ctl("2026-11-25T09:42:00", "call 2"), 0);
    CHECK_INT(ctl("2026-11-25T09:50:00", "done 2"), 0);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL,
                    "tap rate_visit\nwait 250\ntap finished_A-001\nwait 250\ntap face_2\nwait 250\n"
                    "tap reason_waiting\nwait 250\ntap reasons_send\nwait 250\ntap message_done\nwait 250\n"
                    /* the keypad: 1, OK: A-001 is rated, so the one left numbered 1 is C-001's */
                    "tap rate_visit\nwait 250\ntap key_1\nwait 250\ntap key_ok\nwait 250\n"
                    "tap face_5\nwait 250\ntap message_done\nwait 250\n"
                    /* both rated: the keypad's 1 is told kindly */
                    "tap rate_visit\nwait 250\ntap key_1\nwait 250\ntap key_ok\nwait 250\ntap message_done\nwait 250\n"
                    /* the scanner types the QR text and Enter */
                    "type DAWR:2026-11-25:C-001\nkey Return\nwait 250\nquit\n"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 2);
    CHECK_STR(query_text(db, "SELECT score || ' ' || reasons FROM ratings r JOIN tickets t ON t.id = r.ticket"
                             " WHERE t.prefix = 'A'"), "2 waiting");
    CHECK_STR(query_text(db, "SELECT score FROM ratings r JOIN tickets t ON t.id = r.ticket WHERE t.prefix = 'C'"), "5");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'rate'"), 2);
    CHECK_INT(count_lines(frames, "screen rate_thanks"), 2);
    CHECK_INT(count_lines(frames, "screen rate_already"), 2);    /* by the keypad, and by the scanner */
}

/* "I need help" is an event the console sees, and the visitor hears that someone comes. */
static void help_alerts_the_reception(void)
{
    setup("kiosk-help", 100);
    /* A long press is a tap too: held 1.5 s on "take a ticket". */
    CHECK_INT(kiosk(NULL, NULL, "press take_ticket\nwait 1500\nrelease\nwait 250\ntap help\nwait 250\ntap home\n"
                                "wait 250\ntap help\nwait 250\ntap home\nwait 250\nquit\n"), 0);
    /* The second press, nobody having answered yet, is the same call (issue 14). */
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'help'"), 1);
    CHECK_STR(query_text(db, "SELECT detail FROM events WHERE kind = 'help'"), "{\"screen\":\"services\",\"source\":\"kiosk\"}");
    CHECK_INT(count_lines(speech, "سيأتي أحد الموظفين لمساعدتكم"), 2);
    CHECK_INT(count_lines(speech, "click"), 5);
    /* Back from help returns to where the visitor was. */
    CHECK_INT(count_lines(frames, "screen services"), 3);
}

/* The text of element NAME on screen SCREEN in the last layout dump, into OUT ("" if none). */
static const char *text_of(const char *screen, const char *name, char *out, size_t size)
{
    json_error_t e;
    json_t *root = json_load_file(dump, 0, &e), *s, *el;
    size_t i, j;
    out[0] = 0;
    json_array_foreach(json_object_get(root, "screens"), i, s) {
        if (strcmp(json_string_value(json_object_get(s, "screen")), screen)) continue;
        json_array_foreach(json_object_get(s, "elements"), j, el)
            if (!strcmp(json_string_value(json_object_get(el, "name")), name) && json_is_string(json_object_get(el, "text")))
                snprintf(out, size, "%s", json_string_value(json_object_get(el, "text")));
    }
    json_decref(root);
    return out;
}

/* Runs the kiosk with SCRIPT in the background; once its visitor's help call is in the store,
 * counter 2 answers it with dawrctl help-ack, as a member of staff pressing "I'm coming" would.
 * Returns the kiosk's exit status. */
static int kiosk_answered_by_counter_2(const char *script_text)
{
    long long before = query_int(db, "SELECT count(*) FROM events WHERE kind = 'help'");
    pid_t pid = fork();
    if (pid == 0) _exit(kiosk("DAWR_NOW=" NOW, NULL, script_text));
    int acked = 0;
    for (int i = 0; i < 300 && !acked; i++) {      /* up to 30 s: the machine may be loaded */
        if (query_int(db, "SELECT count(*) FROM events WHERE kind = 'help'") > before) acked = ctl(NOW, "help-ack 2") == 0;
        else usleep(100000);
    }
    CHECK(acked, "the help call was never made or never answered");
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Issue 14: once counter 2 presses "I'm coming", the help screen says, and the kiosk says aloud,
 * that someone from that counter is coming, in the visitor's language. */
static void help_screen_names_the_counter_that_is_coming(void)
{
    char text[1024];
    setup("kiosk-help-ack", 100);
    /* The kiosk learns it by itself within a second; the script waits long enough on a busy machine. */
    CHECK_INT(kiosk_answered_by_counter_2("tap help\nwait 8000\nquit\n"), 0);
    CHECK_STR(text_of("help", "help_coming", text, sizeof text), "أحد الموظفين من شباك الاستقبال ٢ قادم إليكم الآن");
    /* Spoken with the digit the voice reads (the speech pipeline's own rule). */
    CHECK_INT(count_lines(speech, "say ar أحد الموظفين من شباك الاستقبال 2 قادم إليكم الآن"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'help_ack' AND counter = '2'"), 1);

    CHECK_INT(kiosk_answered_by_counter_2("tap language\nwait 250\ntap help\nwait 8000\nquit\n"), 0);
    CHECK_STR(text_of("help", "help_coming", text, sizeof text), "A member of staff from Reception desk 2 is coming to you now");
    CHECK_INT(count_lines(speech, "say en A member of staff from Reception desk 2 is coming to you now"), 1);
}

/* Issue 14: a service's own notice (dawr.conf) is on its ticket screen; a service without one
 * shows none (the committee's two weeks only where configured). */
static void service_notice_on_its_ticket_screen(void)
{
    setup("kiosk-notice", 100);
    char text[4096];
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap take_ticket\nwait 250\ntap service_new_request\nwait 400\nquit\n"), 0);
    CHECK(strstr(text_of("ticket", "notice", text, sizeof text), "يُحال طلبكم إلى لجنة البحث") != NULL, "notice: %s", text);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap language\nwait 250\ntap take_ticket\nwait 250\ntap service_new_request\n"
                                           "wait 400\nquit\n"), 0);
    CHECK(strstr(text_of("ticket", "notice", text, sizeof text), "research committee, which studies it") != NULL,
          "English notice: %s", text);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap take_ticket\nwait 250\ntap service_inquiry\nwait 400\nquit\n"), 0);
    CHECK_STR(text_of("ticket", "notice", text, sizeof text), "");
}

/* Issue 14: yesterday's receipt, scanned, rates yesterday's E-001, not today's; scanned again,
 * it is thanked as already rated; a receipt from eight days ago is too old, said kindly. */
static void old_receipt_scanned_rates_its_own_visit(void)
{
    setup("kiosk-old-receipt", 100);
    CHECK_INT(ctl("2026-11-17T09:00:00", "issue documents"), 0);    /* #1, eight days before */
    CHECK_INT(ctl("2026-11-17T09:01:00", "call 1"), 0);
    CHECK_INT(ctl("2026-11-17T09:05:00", "done 1"), 0);
    CHECK_INT(ctl("2026-11-24T09:00:00", "issue documents"), 0);    /* #2, yesterday's E-001 */
    CHECK_INT(ctl("2026-11-24T09:01:00", "call 1"), 0);
    CHECK_INT(ctl("2026-11-24T09:05:00", "done 1"), 0);
    CHECK_INT(ctl("2026-11-25T09:00:00", "issue documents"), 0);    /* #3, today's E-001 */
    CHECK_INT(ctl("2026-11-25T09:01:00", "call 1"), 0);
    CHECK_INT(ctl("2026-11-25T09:05:00", "done 1"), 0);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL,
                    "tap rate_visit\nwait 250\ntype DAWR:T:2:2026-11-24:E-001\nkey Return\nwait 250\n"
                    "tap face_4\nwait 250\ntap message_done\nwait 250\n"
                    "tap rate_visit\nwait 250\ntype DAWR:T:2:2026-11-24:E-001\nkey Return\nwait 250\n"
                    "tap message_done\nwait 250\n"
                    "tap rate_visit\nwait 250\ntype DAWR:T:1:2026-11-17:E-001\nkey Return\nwait 250\nquit\n"), 0);
    CHECK_STR(query_text(db, "SELECT ticket || ' ' || score FROM ratings"), "2 4");
    CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 1);
    CHECK_INT(count_lines(frames, "screen rate_already"), 1);
    CHECK_INT(count_lines(frames, "screen rate_too_old"), 1);
    CHECK_INT(count_lines(speech, "مضى على هذه الزيارة وقت طويل"), 1);
}

/* The taps (accepted ones) in the frame log before each "screen ticket", into TAPS; returns how
 * many tickets were shown. */
static int taps_to_tickets(int *taps, int max)
{
    static char buf[1 << 20];
    read_file_into(frames, buf, sizeof buf);
    int n = 0, count = 0;
    for (char *line = strtok(buf, "\n"); line && n < max; line = strtok(NULL, "\n")) {
        if (strstr(line, "tap ") && !strstr(line, "ignored")) count++;
        if (strstr(line, "screen ticket")) { taps[n++] = count; count = 0; }
        if (strstr(line, "screen home")) count = 0;
    }
    return n;
}

/* The common path stays two taps to a ticket; priority or a need costs one more, is spoken
 * back, goes with the ticket, and ([kiosk] self_priority = no) only the needs that are no
 * priority are offered. */
static void two_taps_to_a_ticket_and_one_more_for_needs(void)
{
    setup("kiosk-needs", 100);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL,
                    "tap take_ticket\nwait 250\ntap service_inquiry\nwait 250\ntap home\nwait 250\n"
                    "tap needs\nwait 250\ntap need_hard_of_hearing\nwait 250\ntap service_new_request\nwait 250\n"
                    "tap home\nwait 250\ntap needs\nwait 250\ntap need_wheelchair\nwait 250\ntap service_inquiry\n"
                    "wait 250\nquit\n"), 0);
    int taps[4];
    REQUIRE(taps_to_tickets(taps, 4) == 3, "three tickets shown");
    CHECK_INT(taps[0], 2);
    CHECK_INT(taps[1], 3);
    CHECK_INT(taps[2], 3);
    CHECK_STR(query_text(db, "SELECT group_concat(prefix || number || ':' || needs || ':' || priority, ' ')"
                             " FROM (SELECT * FROM tickets ORDER BY id)"), "C1::0 A1:hard_of_hearing:0 C2:wheelchair:1");
    CHECK_STR(query_text(db, "SELECT json_extract(detail, '$.needs') FROM events WHERE kind = 'issue' AND ticket = 2"),
              "hard_of_hearing");
    /* Spoken: the question, then what was noted before the visit reasons. */
    CHECK_INT(count_lines(speech, "ما الذي يساعدكم؟"), 2);
    CHECK_INT(count_lines(speech, "سجّلنا: ضعيف السمع"), 2);     /* at the reasons, and on the ticket screen */
    int x, y, w, h;
    CHECK(rect_of("needs", "need_wheelchair", &x, &y, &w, &h) == 0, "wheelchair offered");

    /* Several needs: one tap each, and back from the reasons for another; a marked one is said
     * "chosen" and, touched again, taken back. The common need path above stays one tap more. */
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL,
                    "tap needs\nwait 250\ntap need_wheelchair\nwait 250\ntap needs\nwait 250\n"
                    "tap need_hard_of_hearing\nwait 250\ntap needs\nwait 250\ntap need_cannot_read\nwait 250\n"
                    "tap needs\nwait 250\ntap need_cannot_read\nwait 250\ntap service_new_request\nwait 250\n"
                    "tap home\nwait 250\ntap needs\nwait 250\ntap need_hard_of_hearing\nwait 250\n"
                    "tap needs\nwait 250\ntap listen\nwait 250\nquit\n"), 0);
    CHECK_STR(query_text(db, "SELECT needs || ':' || priority FROM tickets WHERE id = 4"), "wheelchair hard_of_hearing:1");
    CHECK_INT(count_lines(speech, "سجّلنا: كرسي متحرك، ضعيف السمع، وسيراعي الموظف ذلك"), 3);   /* twice at the reasons, on the ticket */
    CHECK_INT(count_lines(speech, "ضعيف السمع: تم اختياره"), 1);   /* the needs screen read aloud */
    char shown[512];
    CHECK_STR(text_of("needs", "need_hard_of_hearing", shown, sizeof shown), "✔ ضعيف السمع");
    CHECK_STR(text_of("needs", "need_cannot_read", shown, sizeof shown), "لا يقرأ");

    /* Visitors may not ask for priority themselves here: those buttons are gone and do nothing. */
    setup("kiosk-needs-no-priority", 100);
    static char text[16384];
    read_file_into(conf, text, sizeof text);
    char *k = strstr(text, "self_priority = yes");
    REQUIRE(k, "self_priority in the configuration");
    static char with[sizeof text];
    snprintf(with, sizeof with, "%.*sself_priority = no%s", (int)(k - text), text, k + strlen("self_priority = yes"));
    write_file(conf, with);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap needs\nwait 250\ntap need_wheelchair\nwait 250\ntap need_cannot_read\n"
                                         "wait 250\ntap service_inquiry\nwait 250\nquit\n"), 0);
    CHECK(rect_of("needs", "need_wheelchair", &x, &y, &w, &h) != 0, "wheelchair offered without self_priority");
    CHECK(rect_of("needs", "need_cannot_read", &x, &y, &w, &h) == 0, "cannot_read not offered");
    CHECK_STR(query_text(db, "SELECT needs || ':' || priority FROM tickets"), "cannot_read:0");
}

/* Every screen, both languages, both orientations, every printing state: sizes, gaps, text and
 * contrast measured in the dumps, and no .notdef in any text. The full tour (the printer needing
 * attention, its longest line): each screen a visitor can reach by touch or scanner, a screen
 * drawn in two states dumped when it is left ("dump NAME"), the help screen last, once a counter
 * answered. The database holds A-001 finished today, C-001 waiting and E-001 finished eight days
 * ago (LAYOUT_DB). */
/* The new request's ticket screen, each page of its documents turned and dumped as
 * PREFIX-1 .. PREFIX-4 (a "page_next" not shown does nothing). */
#define NEW_REQUEST_PAGES 4
static void turn_pages(char *out, size_t size, const char *prefix)
{
    size_t n = 0;
    for (int p = 1; p <= NEW_REQUEST_PAGES; p++)
        n += (size_t)snprintf(out + n, size - n, "%sdump %s-%d\n", p > 1 ? "tap page_next\nwait 150\n" : "", prefix, p);
}
/* The full tour, the printer needing attention (its longest line). */
static const char *const TOUR =
    "wait 100\nscreenshot home\ntap take_ticket\nwait 150\ndump services\n%s"
    "tap service_new_request\nwait 300\n%s"
    "tap home\nwait 150\n"
    "tap rate_visit\nwait 150\ntap finished_A-001\nwait 150\ntap face_1\nwait 150\ntap reason_place\nwait 150\n"
    "tap reasons_send\nwait 150\ntap message_done\nwait 150\ntap rate_visit\nwait 150\ntap key_1\nwait 150\ntap key_ok\nwait 150\n"
    "tap message_done\nwait 150\ntap rate_visit\nwait 150\ntap key_9\nwait 150\ntap key_ok\nwait 150\n"
    "tap message_done\nwait 150\ntap rate_visit\nwait 150\ntype DAWR:T:3:2026-11-25:C-001\nkey Return\nwait 150\n"
    "tap message_done\nwait 150\ntap rate_visit\nwait 150\ntype DAWR:T:1:2026-11-17:E-001\nkey Return\nwait 150\n"
    "tap message_done\nwait 150\n"
    "tap needs\nwait 150\ntap need_companion\nwait 150\ntap service_inquiry\nwait 300\ntap home\nwait 150\n"
    "tap help\nwait 150\ndump help_waiting\nwait 2500\nquit\n";
/* The second page of visit reasons, where the configuration has more than fit on one. */
static const char *const TOUR_PAGE2 = "tap page_next\nwait 150\ndump services_page2\ntap page_prev\nwait 150\n";
/* Printing, then printed (one state a ticket): the ticket screens alone, a new request's and an
 * inquiry's with a need, in each state. */
static const char *const TICKETS =
    "wait 100\ntap take_ticket\nwait 150\ntap service_new_request\nwait 300\n%s"
    "tap home\nwait 150\ntap take_ticket\nwait 150\ntap service_new_request\nwait 300\n%s"
    "tap home\nwait 150\ntap needs\nwait 150\ntap need_companion\nwait 150\ntap service_inquiry\nwait 300\n"
    "dump inquiry_printing\ntap home\nwait 150\n"
    "tap needs\nwait 150\ntap need_companion\nwait 150\ntap service_inquiry\nwait 300\ndump inquiry_printed\nquit\n";
/* What the full tour shows, every one measured. */
static const char *const TOUR_SCREENS[] = { "home", "services", "needs", "ticket", "rate_find", "rate_faces", "rate_reasons",
                                            "rate_thanks", "rate_already", "rate_not_found", "rate_not_served",
                                            "rate_too_old", "help" };

/* The longest texts a real association would write: its full name, a visit reason with a long
 * name in both languages, the new request's eight documents and a long notice, a seventh reason
 * (a second page of reasons), a counter named at length (the help screen names it). */
static const char *const LONG_DOCS[8][2] = {
    { "الهوية الوطنية أو الإقامة سارية المفعول للمتقدم ولجميع أفراد الأسرة المقيمين معه",
      "A valid national ID card or residence permit for the applicant and every family member living with them" },
    { "سجل الأسرة أو صك الولاية أو الوكالة الشرعية لمن يتقدم نيابة عن كبير السن",
      "Family record, or the guardianship deed or power of attorney of whoever applies for the elder" },
    { "تقرير طبي حديث من مستشفى حكومي لا يزيد عمره على ستة أشهر إن وُجد",
      "A recent medical report from a government hospital, no older than six months, if there is one" },
    { "ما يثبت الدخل الشهري (تعريف بالراتب أو الضمان الاجتماعي أو التقاعد)",
      "Proof of monthly income (salary certificate, social security or pension statement)" },
    { "شهادة الآيبان البنكي باسم المستفيد مختومة من البنك", "Bank IBAN certificate in the beneficiary's name, stamped by the bank" },
    { "عقد الإيجار الموثق في منصة إيجار أو صك ملكية المسكن", "The tenancy contract registered on Ejar, or the title deed of the home" },
    { "فواتير الكهرباء والماء لآخر ثلاثة أشهر", "Electricity and water bills for the last three months" },
    { "صورة شخصية حديثة بخلفية بيضاء", "A recent personal photograph on a white background" },
};
/* Two lines each: dawr.conf continues a long text on an indented line. */
#define LONG_NOTICE_AR "يُحال طلبكم إلى لجنة البحث الاجتماعي لدراسته وزيارة المسكن عند الحاجة، وتردّ عليكم اللجنة\n  " \
    "بالقبول أو الاعتذار برسالة نصية خلال مدة لا تقل عن أسبوعين، ونرجو عدم مراجعة الجمعية بشأن الطلب قبل ذلك."
#define LONG_NOTICE_EN "Your request goes to the social research committee, which studies it and visits your home\n  " \
    "when needed; it replies with acceptance or refusal by text message in two weeks at the earliest, so please do " \
    "not call on the association about it before then."
#define LONG_COUNTER_AR "مكتب الاستقبال وخدمة المستفيدين وكبار السن رقم ٢"
#define LONG_COUNTER_EN "Reception and beneficiary services desk for the elderly, number 2"

/* Replaces, in TEXT, the span from the first FROM up to (not including) the next UNTIL (or
 * FROM alone when UNTIL is NULL) by WITH. */
static void conf_replace(char *text, size_t size, const char *from, const char *until, const char *with)
{
    char *a = strstr(text, from), *b = a && until ? strstr(a, until) : a ? a + strlen(from) : NULL;
    REQUIRE(a && b, "the shipped configuration has no \"%s\"", from);
    static char tail[32768];
    snprintf(tail, sizeof tail, "%s", b);
    snprintf(a, size - (size_t)(a - text), "%s%s", with, tail);
}

static void longest_texts(char *text, size_t size)
{
    conf_replace(text, size, "name_ar = رُؤفَاء", "\n", "name_ar = جمعية رُؤفَاء الخيرية لرعاية كبار السن وذوي الاحتياجات الخاصة بمحافظة أملج");
    conf_replace(text, size, "name_en = Roofaa", "\n",
                 "name_en = Roofaa Charitable Association for the Care of the Elderly and People with Special Needs in Umluj");
    conf_replace(text, size, "name_ar = طلب دعم جديد", "\n", "name_ar = طلب دعم جديد: مساعدة مالية أو عينية أو سكنية");
    conf_replace(text, size, "name_en = New support request", "\n", "name_en = New support request: financial, in-kind or housing help");
    static char block[8192];
    size_t n = (size_t)snprintf(block, sizeof block, "notice_ar = %s\nnotice_en = %s\n", LONG_NOTICE_AR, LONG_NOTICE_EN);
    for (int i = 0; i < 8; i++)
        n += (size_t)snprintf(block + n, sizeof block - n, "document_ar = %s\ndocument_en = %s\n", LONG_DOCS[i][0], LONG_DOCS[i][1]);
    conf_replace(text, size, "notice_ar = ", "\n[service follow_up]", block);
    conf_replace(text, size, "[counter 1]", NULL,
                 "[service home_visit]\nprefix = H\nname_ar = طلب زيارة منزلية من الأخصائي الاجتماعي لكبير السن\n"
                 "name_en = A home visit by the social worker for an elderly person\nicon = social-research\n"
                 "colour = #2E3A12\nexpected_minutes = 30\n\n[counter 1]");
    conf_replace(text, size, "name_ar = شباك الاستقبال ٢", "\n", "name_ar = " LONG_COUNTER_AR);
    conf_replace(text, size, "name_en = Reception desk 2", "\n", "name_en = " LONG_COUNTER_EN);
    conf_replace(text, size, "services = social_research", "\n", "services = social_research home_visit");
}

static int notdef_in(dawr_text *t, const char *text, int rtl)
{
    dawr_layout_opts o = { .size_px = 40, .dir = rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR };
    dawr_layout *l = dawr_text_layout(t, text, (size_t)-1, &o);
    int n = l ? (int)dawr_layout_notdef_count(l) : 1;
    dawr_layout_free(l);
    return n;
}

static double tiles_icon_min = 1e9;
static int tiles_checked;

static void mm_rect(json_t *r, double *x, double *y, double *w, double *h)
{
    *x = json_number_value(json_object_get(r, "x"));
    *y = json_number_value(json_object_get(r, "y"));
    *w = json_number_value(json_object_get(r, "w"));
    *h = json_number_value(json_object_get(r, "h"));
}

/* What a visitor must read to act on (the ticket screen's information, the counter coming to
 * help): cap height >= 6 mm, EN 301 549 at 500 mm from the glass. */
static int must_act_on(const char *screen, const char *name)
{
    static const char *const NAMES[] = { "reason", "people_ahead", "estimated_wait", "needs_noted", "printing", "documents",
                                         "notice" };
    if (!strcmp(screen, "help")) return !strcmp(name, "help_coming");
    if (!strcmp(screen, "closed")) return !strcmp(name, "next_open") || !strcmp(name, "channels");
    if (!strcmp(name, "pause_note")) return 1;
    if (strcmp(screen, "ticket")) return 0;
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++)
        if (!strcmp(name, NAMES[i])) return 1;
    return 0;
}

static double info_cap_min = 1e9;     /* the smallest must-act-on cap height seen, mm */
static int screens_measured;          /* screens measured by check_dump, in all states and runs */
static int pages_turned;              /* second and later pages of a ticket's documents measured */

/* Text drawn outside its element (overflowing, so cut by the screen or covered) or over
 * another element: every text's ink against its own rectangle and every other one. */
static void check_text_room(const char *what, const char *screen, json_t *els, size_t j, json_t *el, double ppm)
{
    json_t *ink = json_object_get(el, "ink_rect_mm"), *other;
    if (!ink) return;
    const char *name = json_string_value(json_object_get(el, "name"));
    double ix, iy, iw, ih, x, y, w, h, tol = 1.0 / ppm + 0.05;
    mm_rect(ink, &ix, &iy, &iw, &ih);
    mm_rect(json_object_get(el, "rect_mm"), &x, &y, &w, &h);
    if (ih <= 0) return;
    CHECK(ix >= x - tol && iy >= y - tol && ix + iw <= x + w + tol && iy + ih <= y + h + tol,
          "%s %s/%s: text overflows its box: ink %.1f,%.1f %.1fx%.1f mm in %.1f,%.1f %.1fx%.1f", what, screen, name, ix, iy,
          iw, ih, x, y, w, h);
    size_t k;
    json_array_foreach(els, k, other) {
        if (k == j) continue;
        double ox, oy, ow, oh;
        mm_rect(json_object_get(other, "rect_mm"), &ox, &oy, &ow, &oh);
        double cx = fmin(ix + iw, ox + ow) - fmax(ix, ox), cy = fmin(iy + ih, oy + oh) - fmax(iy, oy);
        CHECK(cx <= tol || cy <= tol, "%s %s: the text of %s overlaps %s", what, screen, name,
              json_string_value(json_object_get(other, "name")));
    }
}

/* A visit reason's tile: a pictogram at least 25 mm tall, a fill of its own (no other tile's). */
static void check_tile(const char *what, json_t *els, size_t j, json_t *el)
{
    const char *name = json_string_value(json_object_get(el, "name"));
    json_t *icon = json_object_get(el, "icon_rect_mm"), *other;
    REQUIRE(icon, "%s services/%s: no pictogram", what, name);
    double ix, iy, iw, ih;
    mm_rect(icon, &ix, &iy, &iw, &ih);
    CHECK(ih >= 25.0, "%s services/%s: pictogram %.1f mm tall", what, name, ih);
    if (ih < tiles_icon_min) tiles_icon_min = ih;
    const char *fill = json_string_value(json_object_get(el, "fill"));
    REQUIRE(fill, "%s services/%s: no fill", what, name);
    size_t k;
    json_array_foreach(els, k, other) {
        const char *on = json_string_value(json_object_get(other, "name"));
        if (k == j || strncmp(on, "service_", 8)) continue;
        const char *of = json_string_value(json_object_get(other, "fill"));
        CHECK(!of || strcmp(of, fill), "%s: %s and %s share the colour %s", what, name, on, fill);
    }
    tiles_checked++;
}

/* The pictograms' edges as drawn in SHOT (a screenshot of the services screen): inside each
 * tile's icon, pixels between the ink and the fill (anti-aliasing), not only two colours. */
static void check_icons_smooth(const char *what, const char *shot, json_t *els, int min_icons)
{
    int w, h;
    char err[256];
    uint8_t *px = dawr_png_read(shot, DAWR_PNG_RGBA, &w, &h, err, sizeof err);
    REQUIRE(px, "%s: %s", what, err);
    size_t j;
    json_t *el;
    int icons = 0;
    json_array_foreach(els, j, el) {
        const char *name = json_string_value(json_object_get(el, "name"));
        json_t *ir = json_object_get(el, "icon_rect_mm");
        if (strncmp(name, "service_", 8) || !ir) continue;
        double ppm = (double)json_integer_value(json_object_get(json_object_get(el, "rect"), "w")) /
                     json_number_value(json_object_get(json_object_get(el, "rect_mm"), "w"));
        double x, y, rw, rh;
        mm_rect(ir, &x, &y, &rw, &rh);
        unsigned fill = (unsigned)strtoul(json_string_value(json_object_get(el, "fill")) + 1, NULL, 16);
        long ink = 0, between = 0, values[256] = { 0 };
        for (int py = (int)(y * ppm); py < (int)((y + rh) * ppm) && py < h; py++)
            for (int qx = (int)(x * ppm); qx < (int)((x + rw) * ppm) && qx < w; qx++) {
                const uint8_t *p = px + ((size_t)py * w + qx) * 4;
                unsigned c = (unsigned)p[0] << 16 | p[1] << 8 | p[2];
                if (c == 0xFFFFFF) ink++;
                else if (c != fill) { between++; values[p[0]]++; }
            }
        int distinct = 0;
        for (int v = 0; v < 256; v++) distinct += values[v] > 0;
        CHECK(ink > 0, "%s %s: no white ink in its icon", what, name);
        CHECK(between > 20 && distinct >= 8, "%s %s: the icon's edges have %ld pixels between ink and fill, %d shades: "
              "not anti-aliased", what, name, between, distinct);
        icons++;
    }
    CHECK(icons >= min_icons, "%s: %d icons measured", what, icons);
    free(px);
}

/* Measures the dump's screens (ONLY: that one alone, NULL: all). */
static void check_dump(dawr_text *t, const char *what, int rtl, const char *only, int min_screens, int min_buttons)
{
    json_error_t e;
    json_t *root = json_load_file(dump, 0, &e);
    REQUIRE(root, "%s: no layout dump: %s", what, e.text);
    double ppm = json_real_value(json_object_get(root, "px_per_mm"));
    json_t *screens = json_object_get(root, "screens"), *s;
    CHECK((int)json_array_size(screens) >= min_screens, "%s: %d screens", what, (int)json_array_size(screens));
    size_t i, j, k;
    int buttons = 0;
    double min_size = 1e9, min_gap = 1e9, min_em = 1e9, min_contrast = 1e9, min_info = 1e9;
    json_array_foreach(screens, i, s) {
        const char *screen = json_string_value(json_object_get(s, "screen"));
        json_t *els = json_object_get(s, "elements"), *el, *other;
        if (only && strcmp(screen, only)) continue;
        screens_measured++;
        json_array_foreach(els, j, el) {
            const char *name = json_string_value(json_object_get(el, "name"));
            const char *text = json_string_value(json_object_get(el, "text"));
            json_t *c = json_object_get(el, "contrast");
            if (json_is_number(c)) {
                double v = json_number_value(c);
                CHECK(v >= 7.0, "%s %s/%s: contrast %.2f", what, screen, name, v);
                if (v < min_contrast) min_contrast = v;
            }
            /* .notdef as the kiosk drew it (the shell counts it), and laid out again here */
            json_t *nd = json_object_get(el, "notdef");
            if (json_is_integer(nd))
                CHECK(json_integer_value(nd) == 0, "%s %s/%s: drawn with .notdef: \"%s\"", what, screen, name, text);
            if (text && *text) CHECK(notdef_in(t, text, rtl) == 0, "%s %s/%s: .notdef in \"%s\"", what, screen, name, text);
            check_text_room(what, screen, els, j, el, ppm);
            if (!strcmp(screen, "services") && !strncmp(name, "service_", 8)) check_tile(what, els, j, el);
            if (must_act_on(screen, name)) {
                double em = json_number_value(json_object_get(el, "text_px")) / ppm;
                CHECK(em * 0.714 >= 6.0, "%s %s/%s: information at %.1f mm cap height", what, screen, name, em * 0.714);
                if (em * 0.714 < min_info) min_info = em * 0.714;
                if (em * 0.714 < info_cap_min) info_cap_min = em * 0.714;
            }
            if (strcmp(json_string_value(json_object_get(el, "kind")), "button")) continue;
            buttons++;
            json_t *r = json_object_get(el, "rect_mm");
            double w = json_number_value(json_object_get(r, "w")), h = json_number_value(json_object_get(r, "h"));
            CHECK(w >= 20 && h >= 20, "%s %s/%s: %.1f x %.1f mm", what, screen, name, w, h);
            if (w < min_size) min_size = w;
            if (h < min_size) min_size = h;
            double em = json_number_value(json_object_get(el, "text_px")) / ppm;
            /* Cap height of the faces used is 0.714 em: choice text at least 8 mm high. */
            CHECK(em * 0.714 >= 8.0, "%s %s/%s: text %.1f mm em", what, screen, name, em);
            if (em < min_em) min_em = em;
            double x = json_number_value(json_object_get(r, "x")), y = json_number_value(json_object_get(r, "y"));
            json_array_foreach(els, k, other) {
                if (k <= j || strcmp(json_string_value(json_object_get(other, "kind")), "button")) continue;
                json_t *q = json_object_get(other, "rect_mm");
                double ox = json_number_value(json_object_get(q, "x")), oy = json_number_value(json_object_get(q, "y"));
                double ow = json_number_value(json_object_get(q, "w")), oh = json_number_value(json_object_get(q, "h"));
                double gx = fmax(ox - (x + w), x - (ox + ow)), gy = fmax(oy - (y + h), y - (oy + oh));
                double gap = fmax(gx, gy);
                CHECK(gap >= 5.0, "%s %s: %s and %s are %.1f mm apart", what, screen, name,
                      json_string_value(json_object_get(other, "name")), gap);
                if (gap < min_gap) min_gap = gap;
            }
        }
    }
    CHECK(buttons >= min_buttons, "%s: only %d buttons", what, buttons);
    printf("%s: %d buttons, smallest %.1f mm, smallest gap %.1f mm, smallest button text %.1f mm em"
           " (cap %.1f mm), information cap %.1f mm, lowest contrast %.2f\n", what, buttons, min_size, min_gap, min_em,
           min_em * 0.714, min_info, min_contrast);
    json_decref(root);
}

static void check_layout(dawr_text *t, const char *what, int rtl, int min_screens, int min_buttons)
{
    check_dump(t, what, rtl, NULL, min_screens, min_buttons);
}

/* The layout run R's database: A-001 finished today, C-001 waiting, E-001 finished eight days ago. */
static int layout_db(void)
{
    return ctl("2026-11-17T09:00:00", "issue documents") | ctl("2026-11-17T09:01:00", "call 1") |
           ctl("2026-11-17T09:05:00", "done 1") | ctl("2026-11-25T09:30:00", "issue new_request") |
           ctl("2026-11-25T09:31:00", "call 1") | ctl("2026-11-25T09:40:00", "done 1") |
           ctl("2026-11-25T09:45:00", "issue inquiry");
}

/* Runs the kiosk with SCRIPT; once its visitor's help call is in the store, counter 2 answers
 * it (as "I'm coming" on the console would). Returns 0 when the kiosk ran and the call was answered. */
static int kiosk_helped_by_counter_2(const char *env, const char *extra, const char *script_text)
{
    pid_t pid = fork();
    if (pid == 0) _exit(kiosk(env, extra, script_text));
    int acked = 0, st, ended = 0;
    while (!acked && !ended) {                     /* as long as the kiosk runs */
        if (query_int(db, "SELECT count(*) FROM events WHERE kind = 'help'") > 0) acked = ctl(NOW, "help-ack 2") == 0;
        else usleep(100000);
        ended = waitpid(pid, &st, WNOHANG) == pid;
    }
    if (!ended) waitpid(pid, &st, 0);
    return !acked || !WIFEXITED(st) || WEXITSTATUS(st) != 0;
}

/* The dump written by "dump NAME" in the layout run's folder FOLDER ("" NAME: the one at exit). */
static void dump_in(const char *folder, const char *name)
{
    snprintf(dump, sizeof dump, "%.500s/layout%s%.100s.json", folder, *name ? "-" : "", name);
}

/* The new request's ticket screen dumped as PREFIX-1 .. in the run's FOLDER: each page measured,
 * every document of NR and its whole notice on one of them; its printing line into LINE. */
static void check_new_request_pages(dawr_text *t, const char *what, int rtl, const char *folder, const char *prefix,
                                    const dawr_service *nr, char *line, size_t line_size)
{
    static char docs_seen[16384], notice_seen[4096];
    char text[4096], positions[NEW_REQUEST_PAGES][64];
    docs_seen[0] = notice_seen[0] = 0;
    int more = 1, page = 1;
    for (; page <= NEW_REQUEST_PAGES && more; page++) {
        char name[64];
        snprintf(name, sizeof name, "%s-%d", prefix, page);
        dump_in(folder, name);
        strncat(docs_seen, text_of("ticket", "documents", text, sizeof text), sizeof docs_seen - strlen(docs_seen) - 1);
        strncat(notice_seen, text_of("ticket", "notice", text, sizeof text), sizeof notice_seen - strlen(notice_seen) - 1);
        if (page == 1) text_of("ticket", "printing", line, line_size);
        check_dump(t, what, rtl, "ticket", 1, 3);
        more = *text_of("ticket", "page_next", text, sizeof text) != 0;
        text_of("ticket", "page_position", positions[page - 1], sizeof positions[page - 1]);
        if (page > 1) pages_turned++;
    }
    CHECK(!more, "%s: the documents need more than %d pages", what, NEW_REQUEST_PAGES);
    /* Where there are pages, each shows its position, "1/2" in the language's digits. */
    int pages = page - 1;
    char want[64], one[32], all[32];
    dawr_number_format(pages, 0, rtl ? DAWR_LANG_AR : DAWR_LANG_EN, all, sizeof all);
    for (int p = 1; p <= pages; p++) {
        dawr_number_format(p, 0, rtl ? DAWR_LANG_AR : DAWR_LANG_EN, one, sizeof one);
        snprintf(want, sizeof want, "%s/%s", one, all);
        CHECK_STR(positions[p - 1], pages > 1 ? want : "");
    }

    for (int i = 0; i < nr->document_count; i++)
        CHECK(strstr(docs_seen, rtl ? nr->documents_ar[i] : nr->documents_en[i]) != NULL, "%s: the ticket screen lacks"
              " the document \"%s\"", what, rtl ? nr->documents_ar[i] : nr->documents_en[i]);
    const char *own = rtl ? nr->notice_ar : nr->notice_en;
    CHECK(strstr(notice_seen, own + strlen(own) - 20) != NULL, "%s: the notice is cut: %s", what, notice_seen);
}

static void every_screen_measured_in_both_languages_and_orientations(void)
{
    char err[256];
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    REQUIRE(t, "%s", err);
    static const struct { const char *what, *size, *lang; } VIEWS[] = {
        { "ar landscape", "1920x1080", "ar" }, { "en landscape", "1920x1080", "en" },
        { "ar portrait", "1080x1920", "ar" }, { "en portrait", "1080x1920", "en" },
    };
    /* Per view and texts, two kiosks: the full tour (attention), and the tickets printing then printed. */
    enum { NV = 4, NC = 2, N = NV * NC * 2 };
    pid_t pids[N];
    static char folders[N][512];
    fflush(NULL);
    for (int r = 0; r < N; r++) {
        int v = r % NV, longest = r / NV % NC, tickets = r / (NV * NC);
        char name[32];
        snprintf(name, sizeof name, "kiosk-layout%d", r);
        conf_rewrite = longest ? longest_texts : NULL;
        pids[r] = fork();
        if (pids[r] == 0) {
            setup(name, 100);
            int bad = layout_db();
            static char extra[64], env[128], pages[2][1024], script_text[8192], text[8400];
            snprintf(extra, sizeof extra, "--size %s", VIEWS[v].size);
            snprintf(env, sizeof env, "DAWR_NOW=" NOW " DAWR_KIOSK_PRINT_STATE=%s", tickets ? "printing,printed" : "attention");
            turn_pages(pages[0], sizeof pages[0], tickets ? "nr_printing" : "nr_attention");
            turn_pages(pages[1], sizeof pages[1], "nr_printed");
            if (tickets) snprintf(script_text, sizeof script_text, TICKETS, pages[0], pages[1]);
            else snprintf(script_text, sizeof script_text, TOUR, TOUR_PAGE2, pages[0]);   /* both have two pages */
            snprintf(text, sizeof text, "%s%s", strcmp(VIEWS[v].lang, "en") ? "" : "tap language\nwait 150\n", script_text);
            without_shots = tickets || longest;  /* pictured once, in the shipped texts' tour */
            bad |= tickets ? kiosk(env, extra, text) : kiosk_helped_by_counter_2(env, extra, text);
            _exit(bad ? 1 : 0);
        }
        snprintf(folders[r], sizeof folders[r], "%.400s/tests/tmp/%s-%d", getenv("BUILD") ? getenv("BUILD") : "build", name,
                 (int)pids[r]);
    }
    conf_rewrite = NULL;
    char lines[NV * NC][3][512];                   /* each view's printing line in each state */
    for (int r = 0; r < N; r++) {
        int v = r % NV, longest = r / NV % NC, tickets = r / (NV * NC), rtl = !strcmp(VIEWS[v].lang, "ar");
        int status = -1;
        char what[96], text[4096];
        snprintf(what, sizeof what, "%s, %s, %s texts", VIEWS[v].what, tickets ? "printing and printed" : "attention",
                 longest ? "longest" : "shipped");
        waitpid(pids[r], &status, 0);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s: the kiosk or dawrctl failed, or no counter answered"
              " (status %d)", what, status);
        snprintf(conf, sizeof conf, "%.500s/dawr.conf", folders[r]);
        dawr_config *cfg = dawr_config_load(conf, err, sizeof err);
        REQUIRE(cfg, "%s: %s", what, err);
        const dawr_service *nr = dawr_config_find_service(cfg, "new_request");
        REQUIRE(nr, "%s: no new_request", what);
        char (*line)[512] = lines[r % (NV * NC)];
        if (tickets) {
            snprintf(what, sizeof what, "%s, printing, %s texts", VIEWS[v].what, longest ? "longest" : "shipped");
            check_new_request_pages(t, what, rtl, folders[r], "nr_printing", nr, line[1], sizeof line[1]);
            dump_in(folders[r], "inquiry_printing");
            check_dump(t, what, rtl, "ticket", 1, 3);
            snprintf(what, sizeof what, "%s, printed, %s texts", VIEWS[v].what, longest ? "longest" : "shipped");
            check_new_request_pages(t, what, rtl, folders[r], "nr_printed", nr, line[2], sizeof line[2]);
            dump_in(folders[r], "inquiry_printed");
            check_dump(t, what, rtl, "ticket", 1, 3);
            /* the three states really differ on the screen */
            CHECK(*line[0] && *line[1] && *line[2] && strcmp(line[0], line[1]) && strcmp(line[1], line[2]) &&
                  strcmp(line[0], line[2]), "%s: the printing lines are not three states: \"%s\" \"%s\" \"%s\"", what,
                  line[0], line[1], line[2]);
            dawr_config_free(cfg);
            continue;
        }
        check_new_request_pages(t, what, rtl, folders[r], "nr_attention", nr, line[0], sizeof line[0]);
        tiles_checked = 0;
        dump_in(folders[r], "services");
        check_dump(t, what, rtl, "services", 1, 6);
        int tiles_first = tiles_checked;
        dump_in(folders[r], "services_page2");
        check_dump(t, what, rtl, "services", 1, 3);
        if (longest)
            CHECK(rect_of("services", "service_home_visit", &(int){ 0 }, &(int){ 0 }, &(int){ 0 }, &(int){ 0 }) == 0,
                  "%s: the eighth reason is not on the second page", what);
        else
            CHECK(rect_of("services", "service_complaint", &(int){ 0 }, &(int){ 0 }, &(int){ 0 }, &(int){ 0 }) == 0,
                  "%s: the seventh shipped reason is not on the second page", what);
        CHECK(tiles_checked == dawr_config_service_count(cfg), "%s: %d of %d reason tiles measured", what, tiles_checked,
              dawr_config_service_count(cfg));
        dump_in(folders[r], "help_waiting");
        check_dump(t, what, rtl, "help", 1, 2);
        dump_in(folders[r], "");
        json_error_t e;
        json_t *root = json_load_file(dump, 0, &e), *s, *els = NULL;
        size_t i;
        for (size_t k = 0; k < sizeof TOUR_SCREENS / sizeof *TOUR_SCREENS; k++) {
            int seen = 0;
            json_array_foreach(json_object_get(root, "screens"), i, s)
                seen |= !strcmp(json_string_value(json_object_get(s, "screen")), TOUR_SCREENS[k]);
            CHECK(seen, "%s: the tour did not reach %s", what, TOUR_SCREENS[k]);
        }
        json_decref(root);
        check_dump(t, what, rtl, NULL, 13, 40);
        /* The help screen names the counter whose member of staff is coming. */
        const dawr_counter *k2 = dawr_config_find_counter(cfg, "2");
        CHECK(k2 && strstr(text_of("help", "help_coming", text, sizeof text), rtl ? k2->name_ar : k2->name_en) != NULL,
              "%s: the help screen does not name the counter coming: %s", what, text);
        dawr_config_free(cfg);
        if (longest) continue;
        /* the services screen as drawn: its pictograms anti-aliased */
        root = json_load_file(dump, 0, &e);
        char pattern[1024];
        snprintf(pattern, sizeof pattern, "%.500s/shots/*-services.png", folders[r]);
        glob_t g;
        REQUIRE(glob(pattern, 0, NULL, &g) == 0, "%s: no screenshot %s", what, pattern);
        char shot[1024];
        snprintf(shot, sizeof shot, "%s", g.gl_pathv[0]);
        globfree(&g);
        json_array_foreach(json_object_get(root, "screens"), i, s)
            if (!strcmp(json_string_value(json_object_get(s, "screen")), "services")) els = json_object_get(s, "elements");
        if (els) check_icons_smooth(what, shot, els, tiles_first);
        else CHECK(0, "%s: no services screen", what);
        json_decref(root);
    }
    printf("reason tiles: smallest pictogram %.1f mm tall\n", tiles_icon_min);
    printf("layout: %d screens measured from %d kiosks (3 printing states, 2 languages, 2 orientations, shipped and"
           " longest texts), %d of them a ticket's later pages of documents; smallest must-act-on cap height %.1f mm\n",
           screens_measured, N, pages_turned, info_cap_min);
    CHECK(pages_turned >= 12, "only %d later pages of documents: the longest texts should need them", pages_turned);
    CHECK(info_cap_min >= 6.0, "must-act-on text at %.1f mm cap height", info_cap_min);
    dawr_text_free(t);
}

/* The four ways a visitor meets the kiosk. */
typedef struct { const char *name, *size; int en; } view;
static const view VIEWS4[] = {
    { "ar landscape", "1920x1080", 0 }, { "en landscape", "1920x1080", 1 },
    { "ar portrait", "1080x1920", 0 }, { "en portrait", "1080x1920", 1 },
};

/* Runs the kiosk at NOW in view V with SCRIPT (English chosen first when V is English) and
 * measures every screen it drew as "V WHAT" (at least MIN_SCREENS screens, MIN_BUTTONS buttons
 * each). Returns the kiosk's exit status. */
static int kiosk_in_view(dawr_text *t, const view *v, const char *now, const char *script, const char *what,
                         int min_screens, int min_buttons)
{
    char env[64], extra[64], text[2048], measured[128];
    snprintf(env, sizeof env, "DAWR_NOW=%s", now);
    snprintf(extra, sizeof extra, "--size %s", v->size);
    snprintf(text, sizeof text, "%s%s", v->en ? "tap language\nwait 250\n" : "", script);
    int status = kiosk(env, extra, text);
    snprintf(measured, sizeof measured, "%s %s", v->name, what);
    check_layout(t, measured, !v->en, min_screens, min_buttons);
    return status;
}

/* Issue 17: closed on the shipped hours (Sunday 2026-12-06 at 13:50, after the last ticket at
 * 13:45): the calm closed screen instead of home, in both languages and orientations, measured
 * like the others; the next opening in both calendars and the association's channels shown and
 * spoken; no way to a ticket; the day's visit still rated. */
static void closed_screen_in_both_languages_and_orientations(void)
{
    char err[256];
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    REQUIRE(t, "%s", err);
    shipped_hours = 1;
    for (size_t r = 0; r < sizeof VIEWS4 / sizeof *VIEWS4; r++) {
        const view *v = &VIEWS4[r];
        const char *next = v->en ? "08:00" : "\u0660\u0668:\u0660\u0660", *hijri = v->en ? "Jumada" : "\u062c\u0645\u0627\u062f\u0649";
        const char *channel = v->en ? "WhatsApp" : "\u0648\u0627\u062a\u0633\u0627\u0628";
        setup("kiosk-closed", 100);
        CHECK_INT(ctl("2026-12-06T13:00:00", "issue new_request") | ctl("2026-12-06T13:10:00", "call 1") |
                  ctl("2026-12-06T13:30:00", "done 1"), 0);
        CHECK_INT(kiosk_in_view(t, v, "2026-12-06T13:50:00",
                                "wait 300\nscreenshot closed\ntap take_ticket\nwait 250\ntap rate_visit\nwait 250\n"
                                "tap finished_A-001\nwait 250\ntap face_5\nwait 250\ntap home\nwait 250\n"
                                "tap listen\nwait 300\nquit\n", "closed", 3, 6), 0);
        json_error_t e;
        json_t *root = json_load_file(dump, 0, &e), *s0 = json_array_get(json_object_get(root, "screens"), 0), *el;
        CHECK_STR(json_string_value(json_object_get(s0, "screen")), "closed");
        size_t i;
        int saw_next = 0, saw_channels = 0, saw_take = 0;
        json_array_foreach(json_object_get(s0, "elements"), i, el) {
            const char *name = json_string_value(json_object_get(el, "name")), *words = json_string_value(json_object_get(el, "text"));
            if (!strcmp(name, "next_open")) saw_next = words && strstr(words, next) && strstr(words, hijri);
            if (!strcmp(name, "channels")) saw_channels = words && strstr(words, "Roofaa.org.sa") && strstr(words, channel);
            saw_take |= !strcmp(name, "take_ticket");
        }
        CHECK(saw_next, "%s: the next opening (Monday %s, and the Hijri date) is shown", v->name, next);
        CHECK(saw_channels, "%s: the website and WhatsApp are shown", v->name);
        CHECK(!saw_take, "%s: the closed screen offers no ticket", v->name);
        json_decref(root);
        CHECK(count_lines(speech, channel) >= 1, "%s: the channels are spoken", v->name);
        CHECK_STR(query_text(db, "SELECT count(*) || ' ' || (SELECT count(*) FROM ratings) FROM tickets"), "1 1");
    }
    shipped_hours = 0;
    dawr_text_free(t);
}

/* Issue 17: a ticket during Dhuhr's pause on the shipped hours (Sunday 2026-12-06 at 12:25, the
 * pause 12:22-12:42) is issued; its screen says when calling resumes and an estimated wait that
 * runs past the pause's end, though nobody is ahead, and says it aloud with the ticket; measured in
 * both languages and orientations. */
static void ticket_during_a_prayer_pause(void)
{
    char err[256];
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    REQUIRE(t, "%s", err);
    shipped_hours = 1;
    for (size_t r = 0; r < sizeof VIEWS4 / sizeof *VIEWS4; r++) {
        const view *v = &VIEWS4[r];
        const char *until = v->en ? "12:42" : "\u0661\u0662:\u0664\u0662", *wait_words = v->en ? "17 minutes" : "\u0661\u0667";
        const char *prayer = v->en ? "Dhuhr" : "\u0627\u0644\u0638\u0647\u0631";
        setup("kiosk-pause", 100);
        CHECK_INT(kiosk_in_view(t, v, "2026-12-06T12:25:00", "wait 300\ntap take_ticket\nwait 250\ntap service_new_request\n"
                                "wait 400\nscreenshot pause\nquit\n", "pause", 3, 6), 0);
        CHECK_STR(query_text(db, "SELECT count(*) FROM tickets"), "1");
        char note[1024], wait[1024];
        text_of("ticket", "pause_note", note, sizeof note);
        text_of("ticket", "estimated_wait", wait, sizeof wait);
        CHECK(strstr(note, until) != NULL, "%s: the pause's end on the ticket screen: %s", v->name, note);
        CHECK(strstr(wait, wait_words) != NULL, "%s: the wait runs to the pause's end: %s", v->name, wait);
        CHECK(count_lines(speech, prayer) >= 1, "%s: the pause is spoken with the ticket", v->name);
    }
    shipped_hours = 0;
    dawr_text_free(t);
}

static uint32_t symbol_in(const char *text);

/* Issue 16: the follow-up of an earlier request in both languages and orientations. The number
 * typed wrong is told kindly, typed right shows where the request is (its step, the earliest
 * answer in both calendars), says it aloud on arrival without a symbol, and its ticket is noted
 * in the request's history; after the committee's decision the screen says there is news. */
static void follow_up_screens_in_both_languages_and_orientations(void)
{
    char err[256];
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    REQUIRE(t, "%s", err);
    for (size_t r = 0; r < sizeof VIEWS4 / sizeof *VIEWS4; r++) {
        const view *v = &VIEWS4[r];
        const char *step = v->en ? "Received" : "استُلم الطلب", *year = v->en ? "1448" : "\u0661\u0664\u0664\u0668";
        const char *ref = "\u20661448-0001\u2069";   /* as printed, in both languages, kept left to right */
        setup("kiosk-follow", 100);
        CHECK_INT(ctl("2026-11-17T09:00:00", "issue new_request") | ctl("2026-11-17T09:01:00", "call 1") |
                  ctl("2026-11-17T09:05:00", "done 1") | ctl("2026-11-17T09:06:00", "app new A-001"), 0);
        CHECK_INT(kiosk_in_view(t, v, NOW, "wait 200\ntap take_ticket\nwait 250\ntap service_follow_up\nwait 250\n"
                                "tap key_7\nwait 250\ntap key_ok\nwait 250\ntap follow_again\nwait 250\ntap key_1\nwait 250\n"
                                "tap key_ok\nwait 400\nscreenshot follow\ntap follow_ticket\nwait 300\nquit\n",
                                "follow-up", 5, 2), 0);
        char shown_step[512], news[1024], title[512];
        text_of("follow_status", "follow_step", shown_step, sizeof shown_step);
        text_of("follow_status", "follow_news", news, sizeof news);
        text_of("follow_status", "title", title, sizeof title);
        CHECK_STR(shown_step, step);
        CHECK(strstr(title, ref) != NULL, "%s: the reference is not shown as printed: %s", v->name, title);
        /* The earliest answer, 14 days after 17 November: 1 December 2026, and its Hijri date. */
        CHECK(strstr(news, v->en ? "December" : "ديسمبر") && strstr(news, year),
              "%s: the earliest answer in both calendars: %s", v->name, news);
        CHECK(count_lines(speech, step) >= 1, "%s: the step is not said on arrival", v->name);
        static char log[1 << 16];
        read_file_into(speech, log, sizeof log);
        for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
            uint32_t sym = strncmp(line, "say ", 4) ? 0 : symbol_in(line);
            CHECK(!sym, "%s: U+%04X reaches the voice: %s", v->name, (unsigned)sym, line);
        }
        CHECK_INT(query_int(db, "SELECT count(*) FROM tickets WHERE service = 'follow_up'"), 1);
        CHECK_INT(query_int(db, "SELECT json_extract(detail, '$.visit_ticket') FROM events WHERE kind = 'app_visit'"),
                  query_int(db, "SELECT id FROM tickets WHERE service = 'follow_up'"));
        /* Decided: the same screen says news waits at the reception. */
        CHECK_INT(ctl(NOW, "app status 1448-0001 committee") | ctl(NOW, "app status 1448-0001 accepted"), 0);
        CHECK_INT(kiosk_in_view(t, v, NOW, "wait 200\ntap take_ticket\nwait 250\ntap service_follow_up\nwait 250\n"
                                "tap key_1\nwait 250\ntap key_ok\nwait 400\nquit\n", "follow-up decided", 3, 2), 0);
        text_of("follow_status", "follow_news", news, sizeof news);
        CHECK(strstr(news, v->en ? "news for you" : "لدينا أخبار") != NULL, "%s: after the decision: %s", v->name, news);
    }
    dawr_text_free(t);
}

/* Issue 16: "I have an appointment" and a slip scanned at the start screen, in both languages
 * and orientations: the slip's screen, a foreign code and another day told kindly (the day in both
 * calendars), the ticket saying its appointment's time, a second scan told it is checked in
 * already; measured like the others, said aloud without symbols. */
static void appointment_screens_in_both_languages_and_orientations(void)
{
    char err[256];
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    REQUIRE(t, "%s", err);
    for (size_t r = 0; r < sizeof VIEWS4 / sizeof *VIEWS4; r++) {
        const view *v = &VIEWS4[r];
        setup("kiosk-appointment", 100);
        CHECK_INT(ctl("2026-11-17T09:00:00", "issue new_request") | ctl("2026-11-17T09:01:00", "call 1") |
                  ctl("2026-11-17T09:05:00", "done 1") | ctl("2026-11-17T09:06:00", "app new A-001") |
                  ctl("2026-11-17T09:07:00", "issue new_request") | ctl("2026-11-17T09:08:00", "call 1") |
                  ctl("2026-11-17T09:09:00", "done 1") | ctl("2026-11-17T09:10:00", "app new A-002") |
                  ctl("2026-11-17T09:11:00", "app book 1448-0001 2026-11-25T11:30") |
                  ctl("2026-11-17T09:12:00", "app book 1448-0002 2026-11-26T10:00"), 0);
        /* The reason's screen, then another association's code. */
        char hint[1024], notice[1024], note[1024];
        CHECK_INT(kiosk_in_view(t, v, NOW, "wait 200\ntap take_ticket\nwait 250\ntap service_appointment\nwait 250\n"
                                "screenshot appointment\ntype https://example.org/x\nkey Return\nwait 300\nquit\n",
                                "appointment", 4, 2), 0);
        text_of("appt_find", "appt_hint", hint, sizeof hint);
        text_of("appt_notice", "appt_message", notice, sizeof notice);
        CHECK(strstr(hint, "\u20661448-0007\u2069") != NULL, "%s: the slip's number shown as printed: %s", v->name, hint);
        CHECK(strstr(notice, v->en ? "not one of our appointment slips" : "ليست من بطاقات مواعيدنا") != NULL,
              "%s: a foreign code told kindly: %s", v->name, notice);
        /* Tomorrow's slip at the start screen: 26 November 2026 = 16 Jumada II 1448, at 10:00. */
        CHECK_INT(kiosk_in_view(t, v, NOW, "wait 200\ntype DAWR:A:1448-0002:2026-11-26T10:00\nkey Return\nwait 300\nquit\n", "appointment another day", 2, 2), 0);
        text_of("appt_notice", "appt_message", notice, sizeof notice);
        CHECK(strstr(notice, v->en ? "November" : "نوفمبر") && strstr(notice, v->en ? "Jumada" : "جمادى") &&
              strstr(notice, v->en ? "10:00" : "\u0661\u0660:\u0660\u0660"), "%s: another day in both calendars: %s",
              v->name, notice);
        CHECK(count_lines(speech, v->en ? "not today" : "وليس اليوم") >= 1, "%s: another day is said", v->name);
        /* Today's slip at the start screen: the ticket for 11:30, then the same slip again. */
        CHECK_INT(kiosk_in_view(t, v, NOW, "wait 200\ntype DAWR:A:1448-0001:2026-11-25T11:30\nkey Return\nwait 400\n"
                                "screenshot checked-in\ntap home\nwait 250\ntype DAWR:A:1448-0001:2026-11-25T11:30\n"
                                "key Return\nwait 300\nquit\n", "appointment checked in", 3, 1), 0);
        text_of("ticket", "appointment_note", note, sizeof note);
        text_of("appt_notice", "appt_message", notice, sizeof notice);
        CHECK(strstr(note, v->en ? "11:30" : "\u0661\u0661:\u0663\u0660") && strstr(note, v->en ? "early" : "مبكرًا"),
              "%s: the ticket's appointment: %s", v->name, note);
        CHECK(strstr(notice, "G-001") && strstr(notice, v->en ? "already checked in" : "سُجّل حضورك"),
              "%s: a second scan: %s", v->name, notice);
        CHECK(count_lines(speech, v->en ? "already checked in" : "سُجّل حضورك") >= 1, "%s: the second scan is said", v->name);
        static char log[1 << 16];
        read_file_into(speech, log, sizeof log);
        for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
            uint32_t sym = strncmp(line, "say ", 4) ? 0 : symbol_in(line);
            CHECK(!sym, "%s: U+%04X reaches the voice: %s", v->name, (unsigned)sym, line);
        }
        CHECK_STR(query_text(db, "SELECT count(*) || ' ' || (SELECT count(*) FROM events WHERE kind = 'app_checkin')"
                                 " FROM tickets WHERE service = 'appointment'"), "1 1");
    }
    dawr_text_free(t);
}

/* The staff's gesture in Arabic: hold the top-right corner three seconds, then two taps on
 * the top-left one. */
#define GESTURE "press 1900 20\nwait 3100\nrelease\nwait 100\ntap 20 20\nwait 200\ntap 20 20\nwait 200\n"

/* Sets PIN for COUNTER with the real dawrctl on the test's database; its exit status. */
static int set_pin(const char *counter, const char *pin)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "echo %s | %s/dawrctl --config %s --db %s set-pin %s >/dev/null", pin,
             getenv("BUILD") ? getenv("BUILD") : "build", conf, db, counter);
    return system(cmd);
}

/* The staff's gesture and PIN open maintenance; a wrong PIN goes home; exit ends the kiosk. */
/* The first symbol, bullet or format control in TEXT (what a voice would read out as a
 * symbol's name or stumble on), by ICU's categories, independently of the kiosk's filter. */
static uint32_t symbol_in(const char *text)
{
    size_t len = strlen(text);
    uint32_t cps[4096], offs[4097];
    if (len >= 4096) return 0xFFFD;
    size_t n = dawr_utf8_decode(text, len, cps, offs);
    for (size_t i = 0; i < n; i++) {
        int8_t t = u_charType((UChar32)cps[i]);
        if (t == U_MATH_SYMBOL || t == U_CURRENCY_SYMBOL || t == U_MODIFIER_SYMBOL || t == U_OTHER_SYMBOL ||
            t == U_FORMAT_CHAR || cps[i] == 0x2022 || cps[i] == 0x2026 || cps[i] == 0xFFFD)
            return cps[i];
    }
    return 0;
}

/* A new request whose documents run to pages (the longest texts): its second page shows "2/N" in
 * the language's digits, and "Listen" there says "Page 2 of N" after the documents and notice, before
 * the footer's buttons. */
static void listen_says_the_ticket_page(void)
{
    for (int lang = 0; lang < 2; lang++) {
        conf_rewrite = longest_texts;
        setup(lang ? "kiosk-pages-en" : "kiosk-pages-ar", 100);
        conf_rewrite = NULL;
        char text[1024];
        snprintf(text, sizeof text, "%swait 100\ntap take_ticket\nwait 150\ntap service_new_request\nwait 300\n"
                 "tap page_next\nwait 150\ntap listen\nwait 300\nquit\n", lang ? "tap language\nwait 150\n" : "");
        CHECK_INT(kiosk("DAWR_NOW=" NOW, "--mute", text), 0);
        char pos[64], two[32], heard[128];
        text_of("ticket", "page_position", pos, sizeof pos);
        dawr_number_format(2, 0, lang ? DAWR_LANG_EN : DAWR_LANG_AR, two, sizeof two);
        const char *slash = strchr(pos, '/');
        CHECK(slash && (size_t)(slash - pos) == strlen(two) && !strncmp(pos, two, strlen(two)) && slash[1],
              "%s: the second page's position reads \"%s\"", lang ? "en" : "ar", pos);
        int pages = 0;
        for (int n = 2; n <= 16 && slash; n++) {   /* N as the screen shows it, in the language's digits */
            char all[32];
            dawr_number_format(n, 0, lang ? DAWR_LANG_EN : DAWR_LANG_AR, all, sizeof all);
            if (!strcmp(slash + 1, all)) pages = n;
        }
        CHECK(pages >= 2, "%s: no count of pages in \"%s\"", lang ? "en" : "ar", pos);
        snprintf(heard, sizeof heard, lang ? "Page 2 of %d. " : "الصفحة 2 من %d. ", pages);
        CHECK(count_lines(speech, heard) == 1, "%s: \"%s\" is not said at the end of the reading", lang ? "en" : "ar", heard);
        CHECK(count_lines(speech, lang ? "Documents to bring" : "المستندات المطلوبة") >= 1, "%s: the documents are not read",
              lang ? "en" : "ar");
    }
}

/* "Listen" on every screen in both languages: no symbol reaches the voice, the language switch
 * is said by the other language's voice, and on the ticket screen the reading names every
 * document the new request needs and the committee's notice with its date in both calendars. */
static void listen_reads_every_screen_without_symbols(void)
{
    static const char *const SCRIPT =
        "wait 100\ntap listen\nwait 150\ntap listen\nwait 150\ntap take_ticket\nwait 150\ntap take_ticket\nwait 150\n"
        "tap listen\nwait 150\ntap service_new_request\nwait 150\ntap service_new_request\nwait 150\n"
        "tap listen\nwait 150\ntap home\nwait 150\ntap home\nwait 150\n"
        "tap listen\nwait 150\ntap rate_visit\nwait 150\ntap rate_visit\nwait 150\ntap listen\nwait 150\n"
        "tap finished_C-001\nwait 150\ntap finished_C-001\nwait 150\ntap listen\nwait 150\ntap face_1\nwait 150\n"
        "tap face_1\nwait 150\ntap listen\nwait 150\ntap reason_place\nwait 150\ntap reason_place\nwait 150\n"
        "tap listen\nwait 150\ntap reasons_send\nwait 150\ntap reasons_send\nwait 150\ntap listen\nwait 150\n"
        "tap help\nwait 150\ntap help\nwait 150\ntap listen\nwait 150\nquit\n";
    char err[256];
    dawr_config *cfg = dawr_config_load(default_config_path(), err, sizeof err);
    REQUIRE(cfg, "%s", err);
    const dawr_service *nr = dawr_config_find_service(cfg, "new_request");
    REQUIRE(nr && nr->document_count >= 3, "the default configuration's new_request has no documents");
    for (int lang = 0; lang < 2; lang++) {
        setup(lang ? "kiosk-listen-en" : "kiosk-listen-ar", 100);
        CHECK_INT(ctl("2026-11-25T09:30:00", "issue inquiry") | ctl("2026-11-25T09:31:00", "call 1") |
                  ctl("2026-11-25T09:40:00", "done 1"), 0);
        char text[4096];
        snprintf(text, sizeof text, "%s%s", lang ? "tap language\nwait 150\n" : "", SCRIPT);
        CHECK_INT(kiosk("DAWR_NOW=" NOW, "--mute", text), 0);
        static char log[1 << 18];
        read_file_into(speech, log, sizeof log);
        int says = 0, ticket_reading = 0, other_voice = 0;
        const char *own = lang ? "say en " : "say ar ", *other = lang ? "say ar العربية\n" : "say en English\n";
        for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
            if (strncmp(line, "say ", 4)) continue;
            says++;
            uint32_t sym = symbol_in(line);
            CHECK(!sym, "U+%04X reaches the voice: %s", (unsigned)sym, line);
            CHECK(!strstr(line, ".."), "a doubled full stop is said: %s", line);
            char with_nl[4200];
            snprintf(with_nl, sizeof with_nl, "%s\n", line);
            if (!strcmp(with_nl, other)) other_voice++;
            CHECK(!strstr(line + 7, lang ? "العربية" : "English") || !strcmp(with_nl, other),
                  "the other language's word in this voice: %s", line);
            if (strncmp(line, own, 7) || !strstr(line, lang ? "Your number Ay 1" : "رقمكم إيه 1")) continue;
            const char *docs_word = lang ? "Documents to bring" : "المستندات المطلوبة";
            if (!strstr(line, docs_word) || strstr(line, "Touch Listen") || strstr(line, "المسوا زر")) continue;
            ticket_reading++;                  /* the whole ticket screen, not its arrival */
            for (int i = 0; i < nr->document_count; i++) {
                const char *doc = lang ? nr->documents_en[i] : nr->documents_ar[i];
                CHECK(strstr(line, doc) != NULL, "the ticket screen's reading lacks \"%s\": %s", doc, line);
            }
            CHECK(strstr(line, lang ? "in the Hijri calendar, 9 December 2026" : "هجري، الموافق 9 ديسمبر 2026 ميلادي"),
                  "the reply's date in both calendars is not said: %s", line);
            CHECK(strstr(line, lang ? "two weeks" : "أسبوعين") != NULL, "the committee's notice is not said: %s", line);
        }
        CHECK(says >= 12, "%s: only %d clips said", lang ? "en" : "ar", says);
        CHECK(ticket_reading == 1, "%s: the ticket screen was read %d times", lang ? "en" : "ar", ticket_reading);
        CHECK(other_voice >= 3, "%s: the language switch said %d times in its own voice", lang ? "en" : "ar", other_voice);
        CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 2);
        CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 1);
    }
    dawr_config_free(cfg);
}

/* Hear-first, after "Listen": a tap says the button and outlines it, the second tap chooses;
 * a tremor's quick second tap (inside double_tap_ms) is still nothing, so it cannot choose;
 * a long press counts as a tap. Never two tickets, never one nobody heard. */
static void hear_first_says_a_button_before_choosing_it(void)
{
    setup("kiosk-hear", 700);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, "--mute",
                    "tap take_ticket\nwait 800\ntap listen\nwait 800\n"
                    /* a trembling double tap on new request: one tap counts, and only says it */
                    "tap service_new_request\nwait 150\ntap service_new_request\nwait 800\nquit\n"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 0);
    CHECK_INT(count_lines(speech, "say ar طلب دعم جديد\n"), 1);
    CHECK_INT(count_lines(frames, "ignored (too soon"), 1);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, "--mute",
                    "tap take_ticket\nwait 800\ntap listen\nwait 800\n"
                    "tap service_new_request\nwait 800\ntap service_inquiry\nwait 800\n"
                    /* a long press is a tap: heard, then chosen */
                    "press service_new_request\nwait 1200\nrelease\nwait 800\ntap service_new_request\nwait 800\n"
                    "quit\n"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);
    CHECK_STR(query_text(db, "SELECT service FROM tickets"), "new_request");
    CHECK_INT(count_lines(speech, "say ar طلب دعم جديد\n"), 2);
    CHECK(count_lines(speech, "say ar استفسار") >= 1, "the inquiry tile was not said");
    /* and the reading ends with how to hear a button */
    CHECK(count_lines(speech, "المسوه مرة ثانية لاختياره") >= 1, "hear-first is not explained");
}

/* "Listen" while its reading plays stops it (the real espeak-ng into SDL's dummy audio, which
 * plays in real time); the next "Listen" reads again. Maintenance changes the loudness in 3 dB
 * steps from -24 to 0 dB, and SDL's disk audio driver shows the samples really 24 dB apart. */
static void listen_stops_and_volume_spans_24_db(void)
{
    setup("kiosk-stop", 100);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "wait 200\ntap listen\nwait 600\ntap listen\nwait 300\ntap listen\nwait 300\nquit\n"), 0);
    static char log[1 << 16];
    read_file_into(speech, log, sizeof log);
    /* The reading ends with the hint; right after it, the second Listen's stop (no click: a stop). */
    CHECK(strstr(log, "لاختياره\nstop\n") != NULL, "the second Listen did not stop the reading: %s", log);
    CHECK_INT(count_lines(speech, "say ar رُؤفَاء"), 2);   /* the third Listen read again */
    CHECK_INT(set_pin("1", "4821"), 0);
    char text[2048];
    size_t n = (size_t)snprintf(text, sizeof text, "wait 200\n%stap pin_4\nwait 150\ntap pin_8\nwait 150\ntap pin_2\n"
                                "wait 150\ntap pin_1\nwait 150\ntap pin_ok\nwait 2500\n", GESTURE);
    for (int i = 0; i < 9; i++) n += (size_t)snprintf(text + n, sizeof text - n, "tap maint_quieter\nwait 150\n");
    for (int i = 0; i < 9; i++) n += (size_t)snprintf(text + n, sizeof text - n, "tap maint_louder\nwait 150\n");
    snprintf(text + n, sizeof text - n, "quit\n");
    CHECK_INT(kiosk("DAWR_NOW=" NOW, "--mute", text), 0);
    CHECK_INT(count_lines(speech, "volume -24\n"), 1);   /* reached once: the ninth step stays there */
    CHECK_INT(count_lines(speech, "volume 0\n"), 1);
    CHECK_INT(count_lines(speech, "volume -9\n"), 2);   /* from -6 down, and on the way back up */
    /* Kept across a restart: maintenance ended at 0 dB, and the next start speaks at 0 dB
     * although dawr.conf says -6. */
    CHECK_STR(query_text(db, "SELECT value FROM meta WHERE key = 'kiosk_speech_volume_db'"), "0");
    CHECK_INT(kiosk("DAWR_NOW=" NOW, "--mute", "wait 200\nquit\n"), 0);
    CHECK_INT(count_lines(speech, "volume 0\n"), 1);
    CHECK_INT(count_lines(speech, "volume -6\n"), 0);
    /* The samples: the same reading at 0 dB and at -24 dB, written by SDL's disk driver, on a
     * new database where dawr.conf's value holds. */
    setup("kiosk-volume-audio", 100);
    double peak[2] = { 0, 0 };
    for (int i = 0; i < 2; i++) {
        char path[800], env[1200], c[16384];
        snprintf(path, sizeof path, "%s/audio%d.raw", dir, i);
        read_file_into(conf, c, sizeof c);
        char *at = strstr(c, "\nspeech_volume_db = ");
        REQUIRE(at, "the configuration has no speech_volume_db");
        at++;
        char rest[16384];
        snprintf(rest, sizeof rest, "%s", strchr(at, '\n'));
        snprintf(at, sizeof c - (size_t)(at - c), "speech_volume_db = %d%s", i ? -24 : 0, rest);
        write_file(conf, c);
        snprintf(env, sizeof env, "DAWR_NOW=" NOW " SDL_DISKAUDIOFILE=%s", path);
        static char cmdline[4096];
        snprintf(cmdline, sizeof cmdline, "%s SDL_AUDIODRIVER=disk", env);
        CHECK_INT(kiosk(cmdline, NULL, "wait 200\ntap listen\nwait 3000\nquit\n"), 0);
        FILE *fp = fopen(path, "rb");
        REQUIRE(fp, "SDL's disk audio wrote nothing at %s", path);
        int16_t s[4096];
        size_t got;
        while ((got = fread(s, sizeof *s, 4096, fp)) > 0)
            for (size_t k = 0; k < got; k++) peak[i] = fmax(peak[i], fabs((double)s[k]));
        fclose(fp);
    }
    REQUIRE(peak[1] > 0, "nothing audible at -24 dB (peak %.0f at 0 dB)", peak[0]);
    double db = 20 * log10(peak[0] / peak[1]);
    printf("voice: peak %.0f at 0 dB, %.0f at -24 dB: %.1f dB apart\n", peak[0], peak[1], db);
    CHECK(db >= 18.0, "the volume spans only %.1f dB", db);
}

static void maintenance_needs_the_gesture_and_the_pin(void)
{
    setup("kiosk-maint", 100);
    const char *gesture = GESTURE;
    char text[2048];
    snprintf(text, sizeof text, "key Escape\nkey F4\nwait 100\ntap take_ticket\nwait 250\ntap service_inquiry\nwait 250\n"
                                "tap home\nwait 250\n%stap pin_1\nwait 200\ntap pin_ok\nwait 200\n"
                                "%stap pin_2\nwait 200\ntap pin_4\nwait 200\ntap pin_6\nwait 200\ntap pin_8\nwait 200\n"
                                "tap pin_ok\nwait 200\ntap maint_reprint\nwait 200\ntap maint_exit\nwait 800\nscreenshot still-running\n",
             gesture, gesture);
    /* The staff PIN store: counter 2's PIN opens maintenance (counter 1 has none). */
    CHECK_INT(set_pin("2", "2468"), 0);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, text), 0);
    CHECK_INT(count_lines(frames, "screen maint_pin"), 2);
    CHECK_INT(count_lines(frames, "screen maint\n"), 1);
    char err[4096];
    snprintf(text, sizeof text, "%s/stderr", dir);
    read_file_into(text, err, sizeof err);
    CHECK(strstr(err, "maintenance PIN refused") && strstr(err, "maintenance PIN accepted"), "stderr: %s", err);
    CHECK(strstr(err, "maintenance: reprint C-001") != NULL, "no reprint of the last ticket: %s", err);
    CHECK(strstr(err, "the PIN of counter 2") != NULL, "not counter 2's PIN: %s", err);
    /* The wrong PIN counted against the kiosk's own lock, which the right one cleared; no
     * counter's console lock was touched (the budget of all places keeps its row). */
    CHECK_INT(query_int(db, "SELECT count(*) FROM pin_locks WHERE place <> 'all'"), 0);
    /* Printed once, reprinted once, through the preview backend. */
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print' AND ticket = 1"), 2);
    char png[800];
    snprintf(png, sizeof png, "%s/ticket-1.png", previews);
    CHECK(access(png, F_OK) == 0, "no preview %s", png);
    /* The kiosk ended by maint_exit, before the script's screenshot. */
    CHECK_INT(count_lines(frames, "still-running"), 0);
    /* The staff's screens are measured like the visitors' ones. */
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    REQUIRE(t, "%s", err);
    check_layout(t, "maintenance screens", 1, 4, 20);
    dawr_text_free(t);
}

/* Five wrong PINs at the public kiosk lock its maintenance, for lockout_minutes, and nothing
 * else: the consoles still sign in with their PINs (the console's own core call), and once the
 * lock is over the kiosk opens with a right PIN again. */
static void kiosk_lock_is_its_own(void)
{
    setup("kiosk-lock", 100);
    CHECK_INT(set_pin("1", "1111"), 0);
    CHECK_INT(set_pin("2", "2468"), 0);
    static char text[8192];
    text[0] = 0;
    for (int i = 0; i < 5; i++)
        strcat(text, GESTURE "tap pin_9\nwait 200\ntap pin_9\nwait 200\ntap pin_9\nwait 200\ntap pin_9\nwait 200\n"
                     "tap pin_ok\nwait 400\n");
    strcat(text, GESTURE "tap pin_1\nwait 200\ntap pin_1\nwait 200\ntap pin_1\nwait 200\ntap pin_1\nwait 200\n"
                 "tap pin_ok\nwait 400\nquit\n");
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, text), 0);
    CHECK_INT(count_lines(frames, "screen maint_pin"), 6);
    CHECK_INT(count_lines(frames, "screen maint\n"), 0);          /* locked: even the right PIN is refused */
    static char err[1 << 16];
    char path[800];
    snprintf(path, sizeof path, "%s/stderr", dir);
    read_file_into(path, err, sizeof err);
    CHECK(strstr(err, "wrong PIN (4 more tries before a 5-minute lock)") &&
          strstr(err, "wrong PIN (1 more tries before a 5-minute lock)"), "no attempts left: %s", err);
    CHECK(strstr(err, "wrong PIN, 5 times: sign-in at the kiosk is locked for 5 minutes"), "no lock: %s", err);
    CHECK(strstr(err, "sign-in at the kiosk is locked for 300 more seconds"), "right PIN not refused: %s", err);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'lockout' AND counter IS NULL"
                            " AND json_extract(detail, '$.where') = 'kiosk' AND json_extract(detail, '$.minutes') = 5"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM pin_locks WHERE place NOT IN ('kiosk', 'all')"), 0);

    /* The consoles: the same call the console's sign-in makes, right PINs, while the kiosk is locked. */
    dawr_config *cfg = load_default_config();
    char why[400];
    dawr_queue *q = dawr_queue_open(cfg, db, &(dawr_queue_options){ .create = 1 }, why, sizeof why);
    REQUIRE(q, "%s", why);
    dawr_ms locked_at = at_local(NOW);
    CHECK_INT(dawr_staff_sign_in(q, cfg, "1", "1111", locked_at + 1000, NULL, why, sizeof why), DAWR_OK);
    CHECK_INT(dawr_staff_sign_in(q, cfg, "2", "2468", locked_at + 1000, NULL, why, sizeof why), DAWR_OK);
    /* The kiosk's lock holds to its last second, and is over after it. */
    char counter[64];
    dawr_sign_in_info info;
    CHECK_INT(dawr_staff_kiosk_sign_in(q, cfg, "1111", locked_at + 5 * 60000 - 1000, counter, sizeof counter, &info, why,
                                       sizeof why), DAWR_STAFF_LOCKED);
    CHECK_INT(info.locked_seconds, 1);
    dawr_queue_close(q);
    dawr_config_free(cfg);

    /* Five minutes later the real kiosk lets the staff in again. */
    CHECK_INT(kiosk("DAWR_NOW=2026-11-25T10:05:00", NULL,
                    GESTURE "tap pin_2\nwait 200\ntap pin_4\nwait 200\ntap pin_6\nwait 200\ntap pin_8\nwait 200\n"
                    "tap pin_ok\nwait 400\nquit\n"), 0);
    CHECK_INT(count_lines(frames, "screen maint\n"), 1);
    read_file_into(path, err, sizeof err);
    CHECK(strstr(err, "maintenance PIN accepted: the PIN of counter 2"), "stderr: %s", err);
    CHECK_INT(query_int(db, "SELECT count(*) FROM pin_locks WHERE place <> 'all'"), 0);   /* the right PIN cleared the kiosk's count */
}

/* A database not there yet shows the calm screen; once dawrctl init made it, the kiosk is back,
 * and its receipts' events are recorded too (their connection opened once there was a file). */
static void failing_database_recovers_by_itself(void)
{
    setup("kiosk-oos", 100);
    char missing[700], env[4000];
    snprintf(missing, sizeof missing, "%s/later", dir);
    snprintf(db, sizeof db, "%s/dawr.db", missing);
    /* Only init makes the database: the folder appears first, the database a moment later. */
    snprintf(env, sizeof env, "(sleep 1; mkdir -p %s; sleep 0.5; %s/dawrctl --config %s --db %s init >/dev/null) &",
             missing, getenv("BUILD") ? getenv("BUILD") : "build", conf, db);
    CHECK_INT(kiosk(env, NULL, "wait 500\ntap take_ticket\nwait 4500\ntap take_ticket\nwait 200\ntap service_inquiry\n"
                               "wait 1000\nquit\n"), 0);
    CHECK_INT(count_lines(frames, "screen out_of_service"), 1);
    CHECK_INT(count_lines(frames, "screen ticket"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print' AND ticket = (SELECT id FROM tickets)"), 1);
    char err[256];
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    REQUIRE(t, "%s", err);
    check_layout(t, "out-of-service screens", 1, 4, 10);
    dawr_text_free(t);
}

/* A database another program holds (8 s, from 1 s after the start): the tap waits at most
 * 3 s, no number is shown, the calm screen comes, and the kiosk is back by itself once the
 * lock is gone. */
static void locked_database_shows_no_number_and_recovers(void)
{
    setup("kiosk-locked", 100);
    char env[1200];
    snprintf(env, sizeof env, "(sleep 1; printf 'BEGIN EXCLUSIVE;\\n.shell sleep 8\\nCOMMIT;\\n' | sqlite3 %s) &", db);
    CHECK_INT(kiosk(env, NULL, "tap take_ticket\nwait 1200\ntap service_inquiry\nwait 9500\ntap take_ticket\nwait 250\n"
                               "tap service_inquiry\nwait 250\nquit\n"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);
    CHECK_INT(count_lines(frames, "screen out_of_service"), 1);
    CHECK_INT(count_lines(frames, "screen ticket"), 1);
    /* The ticket screen came only after the out-of-service one: the refused tap showed nothing. */
    static char log[1 << 16];
    read_file_into(frames, log, sizeof log);
    char *oos = strstr(log, "screen out_of_service"), *tk = strstr(log, "screen ticket");
    CHECK(oos && tk && oos < tk, "order of screens: %s", log);
}

/* An untouched decision screen waits at least a minute, then goes home (timers 100x faster). */
static void idle_returns_home_but_not_within_a_minute(void)
{
    setup("kiosk-idle", 100);
    CHECK_INT(kiosk(NULL, "--fast-clock 25", "tap take_ticket\nwait 5000\nquit\n"), 0);
    static char log[1 << 16];
    read_file_into(frames, log, sizeof log);
    /* The kiosk's own clock says how long the screen stayed untouched (idle_seconds = 90; the
     * loop wakes every 200 ms, 5 kiosk seconds here, later when a slow frame holds it). */
    const char *at = strstr(log, "idle services went home after ");
    REQUIRE(at, "no return home: %s", log);
    double seconds = atoll(at + strlen("idle services went home after ")) / 1000.0;
    CHECK(seconds >= 90 && seconds < 150, "went home after %.0f kiosk seconds", seconds);
    CHECK(strstr(at, "screen home") != NULL, "home not drawn");
}

/* ---- Through a private cupsd to a file device (tests/printutil.h) ---- */

static test_cupsd cupsd;
static int cupsd_state;             /* 0 not tried, 1 running, -1 cannot run */

/* Starts the private cupsd once, with a driver queue QUEUE; 0, or -1 (skip, reason printed). */
static int need_cupsd(const char *queue)
{
    if (geteuid() != 0) {            /* cupsd switches to lp for filters; a 0700 backend runs as root */
        printf("  skipped: a private cupsd needs root\n");
        return -1;
    }
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    if (!cupsd_state) {
        char rel[512], filter[PATH_MAX];
        snprintf(rel, sizeof rel, "%s/rastertoescpos", build);
        cupsd_state = realpath(rel, filter) && test_cupsd_setup(&cupsd, "kiosk-cupsd", filter) == 0 ? 1 : -1;
    }
    if (cupsd_state < 0) return -1;
    char *ppd = realpath("printer/ppd/dawr-escpos-80mm.ppd", NULL);
    int rc = ppd && strlen(ppd) < 1000 ? test_cupsd_add_queue(&cupsd, queue, ppd) : -1;
    free(ppd);
    if (rc != 0) fprintf(stderr, "  cannot add the queue %s\n", queue);
    return rc ? -1 : 0;
    return 0;
}

/* The kiosk configured for the private cupsd's QUEUE. */
static void setup_cups(const char *name, const char *queue)
{
    static char lines[1024];
    snprintf(lines, sizeof lines, "format = raster\nqueue = %s\nserver = %s", queue, cupsd.socket_path);
    printer_lines = lines;
    setup(name, 100);
    printer_lines = NULL;
}

/* A visitor takes a ticket; the kiosk prints it through the driver queue: the device gets an
 * ESC/POS raster receipt of the configured width, print_done is recorded, and the ticket
 * screen says it was printed. */
static void kiosk_receipt_reaches_the_printer(void)
{
    if (need_cupsd("kiosk80") < 0) return;
    test_cupsd_fault(&cupsd, NULL);
    setup_cups("kiosk-cups", "kiosk80");
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap take_ticket\nwait 250\ntap service_inquiry\nwait 7000\nquit\n"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM tickets"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print' AND ticket = 1"), 1);
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print_done' AND ticket = 1"), 1);
    int job = (int)query_int(db, "SELECT json_extract(detail, '$.cups_job') FROM events WHERE kind = 'print_done'");
    dawr_mono got;
    dawr_escpos_info info;
    char err[512];
    REQUIRE(test_cupsd_receipt(&cupsd, "kiosk80", job, &got, &info, err, sizeof err) == 0, "%s", err);
    CHECK_INT(got.width, 576);                           /* width_mm = 80 at 203 dpi */
    CHECK(got.height > 600, "a receipt only %d dots tall", got.height);
    CHECK(dawr_mono_count(&got, 0, 0, got.width, got.height) > 10000, "hardly any ink on the receipt");
    CHECK(info.ends_with_cut, "the receipt does not end with a cut");
    dawr_mono_release(&got);
    char line[1024];
    text_of("ticket", "printing", line, sizeof line);
    CHECK(strstr(line, "خذوا التذكرة المطبوعة") != NULL, "the ticket screen's printing line: %s", line);
}

/* Paper out (the backend exits 4 with STATE: +media-empty-error): the ticket stands, the
 * ticket screen shows the attention line with the printer's words, and the store has the
 * held or failed job and the printer's state. */
static void paper_out_shows_the_attention_line(void)
{
    if (need_cupsd("kioskpaper") < 0) return;
    test_cupsd_fault(&cupsd, "media-empty");
    setup_cups("kiosk-paper", "kioskpaper");
    int rc = kiosk("DAWR_NOW=" NOW, NULL, "tap take_ticket\nwait 250\ntap service_new_request\nwait 7000\nquit\n");
    test_cupsd_fault(&cupsd, NULL);
    run_cmd("cancel -a kioskpaper >/dev/null 2>&1; cupsenable kioskpaper");
    CHECK_INT(rc, 0);
    CHECK_STR(query_text(db, "SELECT prefix || number || ' ' || state FROM tickets"), "A1 waiting");
    CHECK(query_int(db, "SELECT count(*) FROM events WHERE kind IN ('print_held', 'print_failed') AND ticket = 1") >= 1,
          "no print_held or print_failed event");
    CHECK(query_int(db, "SELECT count(*) FROM events WHERE kind = 'printer_state'"
                        " AND json_extract(detail, '$.attention')") >= 1, "no printer_state event needing attention");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'print_done'"), 0);
    char line[1024];
    text_of("ticket", "printing", line, sizeof line);
    CHECK(strstr(line, "تعذّرت طباعة الرقم") && strstr(line, "أبرزوه للموظف"), "no attention line: %s", line);
    /* The printer's words: out of paper, or (once the backend gave up) the stopped queue. */
    CHECK(strstr(line, "الورق") || strstr(line, "متوقفة"), "the printer's words are not on the line: %s", line);
    CHECK(count_lines(speech, "say ar") >= 1, "nothing said");
}

/* Three visitors wait for an inquiry (5 minutes each, two counters): the fourth is told the
 * people ahead and the wait in the right plural form, "٨ دقائق" and not "٨ دقيقة". */
static void ticket_screen_counts_in_plural_forms(void)
{
    setup("kiosk-plural", 100);
    for (int i = 0; i < 3; i++) CHECK_INT(ctl("2026-11-25T09:50:00", "issue inquiry"), 0);
    char line[1024];
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap take_ticket\nwait 250\ntap service_inquiry\nwait 500\nquit\n"), 0);
    text_of("ticket", "people_ahead", line, sizeof line);
    CHECK_STR(line, "ينتظر قبلكم: ٣ أشخاص");
    text_of("ticket", "estimated_wait", line, sizeof line);
    CHECK_STR(line, "مدة الانتظار المتوقعة: ٨ دقائق");
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL,
                    "tap language\nwait 250\ntap take_ticket\nwait 250\ntap service_inquiry\nwait 500\nquit\n"), 0);
    text_of("ticket", "people_ahead", line, sizeof line);
    CHECK_STR(line, "Waiting before you: 4 people");
    text_of("ticket", "estimated_wait", line, sizeof line);
    CHECK_STR(line, "Estimated wait: 10 minutes");
}

/* The flow reacts to the queue's reason code, not its words: a visit rated elsewhere between
 * the faces and the tap is told kindly as "already rated". */
static void a_rating_refused_as_already_rated_is_told_kindly(void)
{
    const char *path = scratch_db("kiosk-flow-rated");
    char db_path[700], why[400];
    snprintf(db_path, sizeof db_path, "%s", path);
    setenv("DAWR_NOW", "2026-11-25T10:00:00", 1);
    dawr_config *cfg = load_default_config();
    dawr_queue *q = dawr_queue_open(cfg, db_path, &(dawr_queue_options){ .create = 1 }, why, sizeof why);
    REQUIRE(q, "%s", why);
    dawr_ticket t;
    REQUIRE(dawr_queue_issue(q, "new_request", 0, &t) == DAWR_OK && dawr_queue_call_next(q, "1", NULL) == DAWR_OK &&
            dawr_queue_done(q, "1", NULL) == DAWR_OK, "a finished visit: %s", dawr_queue_error(q));
    kiosk_flow f;
    kiosk_flow_init(&f, cfg, db_path, NULL, 1000);               /* no slips: rating prints nothing */
    kiosk_flow_tap(&f, "rate_visit", 2000);
    CHECK_STR(kiosk_screen_name(f.screen), "rate_find");
    kiosk_flow_tap(&f, "finished_A-001", 3000);
    CHECK_STR(kiosk_screen_name(f.screen), "rate_faces");
    CHECK_INT(dawr_queue_rate(q, "A-001", 4, NULL, 0, NULL), DAWR_OK);     /* rated at the same time elsewhere */
    kiosk_flow_tap(&f, "face_5", 4000);
    CHECK_STR(kiosk_screen_name(f.screen), "rate_already");
    CHECK(f.q && dawr_queue_why(f.q) == DAWR_WHY_ALREADY_RATED, "reason %s", f.q ? dawr_queue_reason(f.q) : "(closed)");
    CHECK_STR(query_text(db_path, "SELECT group_concat(score) FROM ratings"), "4");
    kiosk_flow_finish(&f);
    dawr_queue_close(q);
    dawr_config_free(cfg);
    unsetenv("DAWR_NOW");
}

/* An icon file broken after the configuration was checked: the kiosk says so once, the tile
 * shows its words alone and still gives a ticket; the other tiles keep their pictograms. */
static void a_broken_icon_leaves_its_tile_working(void)
{
    setup("kiosk-broken-icon", 100);
    static char cmd[4096];
    char assets[1024], env[1200];
    snprintf(assets, sizeof assets, "%s/assets", dir);
    snprintf(cmd, sizeof cmd, "cp -r %s %s && printf 'not a picture' >%s/icons/inquiry.svg",
             getenv("DAWR_ASSETS") ? getenv("DAWR_ASSETS") : "assets", assets, assets);
    REQUIRE(system(cmd) == 0, "%s", cmd);
    snprintf(env, sizeof env, "DAWR_NOW=" NOW " DAWR_ASSETS=%s", assets);
    CHECK_INT(kiosk(env, NULL, "wait 100\ntap take_ticket\nwait 250\ntap service_inquiry\nwait 400\nquit\n"), 0);
    char err_path[800];
    snprintf(err_path, sizeof err_path, "%s/stderr", dir);
    CHECK_INT(count_lines(err_path, "icons/inquiry.svg cannot be drawn"), 1);
    int x, y, w, h;
    CHECK(rect_of("ticket", "number", &x, &y, &w, &h) == 0, "no ticket screen after the broken tile");
    json_error_t e;
    json_t *root = json_load_file(dump, 0, &e), *sc, *el;
    size_t i, j;
    int plain = 0, with_icon = 0;
    json_array_foreach(json_object_get(root, "screens"), i, sc) {
        if (strcmp(json_string_value(json_object_get(sc, "screen")), "services")) continue;
        json_array_foreach(json_object_get(sc, "elements"), j, el) {
            const char *name = json_string_value(json_object_get(el, "name"));
            if (!strcmp(name, "service_inquiry")) plain = !json_object_get(el, "icon_rect_mm");
            else if (!strncmp(name, "service_", 8)) with_icon += json_object_get(el, "icon_rect_mm") != NULL;
        }
    }
    json_decref(root);
    CHECK(plain, "the broken icon's tile should show its words alone");
    CHECK_INT(with_icon, 5);
}

/* A number of element NAME on screen SCREEN in the last layout dump (-1 when none). */
static double number_of(const char *screen, const char *name, const char *field)
{
    json_error_t e;
    json_t *root = json_load_file(dump, 0, &e), *s, *el;
    size_t i, j;
    double v = -1;
    json_array_foreach(json_object_get(root, "screens"), i, s) {
        if (strcmp(json_string_value(json_object_get(s, "screen")), screen)) continue;
        json_array_foreach(json_object_get(s, "elements"), j, el)
            if (!strcmp(json_string_value(json_object_get(el, "name")), name))
                v = json_number_value(json_object_get(el, field));
    }
    json_decref(root);
    return v;
}

/* The screenshot whose name ends in SUFFIX (e.g. "-reasons_none.png"), read as RGBA. */
static unsigned char *shot_ending(const char *suffix, int *w, int *h)
{
    DIR *d = opendir(shots);
    struct dirent *de;
    char path[1400] = "";
    while (d && (de = readdir(d))) {
        size_t n = strlen(de->d_name), k = strlen(suffix);
        if (n > k && !strcmp(de->d_name + n - k, suffix)) snprintf(path, sizeof path, "%s/%s", shots, de->d_name);
    }
    if (d) closedir(d);
    char err[256];
    unsigned char *px = *path ? dawr_png_read(path, DAWR_PNG_RGBA, w, h, err, sizeof err) : NULL;
    if (!px) fprintf(stderr, "  no screenshot *%s\n", suffix);
    return px;
}

/* The pixels of RECT that are not its fill (the most common colour there): the shape drawn. */
static unsigned char *shape_in(const unsigned char *px, int sw, int x, int y, int w, int h)
{
    unsigned char *mask = calloc((size_t)w * h, 1);
    uint32_t fill = 0;
    int best = 0;
    for (int k = 0; k < 64 && mask; k++) {        /* a sample is enough to name the fill */
        const unsigned char *c = px + ((size_t)(y + h / 2 + (k % 8 - 4) * h / 20) * sw + x + (k / 8) * w / 8 + 2) * 4;
        uint32_t v = (uint32_t)c[0] << 16 | c[1] << 8 | c[2];
        int n = 0;
        for (int j = 0; j < h; j += 3)
            for (int i = 0; i < w; i += 3) {
                const unsigned char *q = px + ((size_t)(y + j) * sw + x + i) * 4;
                n += ((uint32_t)q[0] << 16 | q[1] << 8 | q[2]) == v;
            }
        if (n > best) { best = n; fill = v; }
    }
    for (int j = 0; mask && j < h; j++)
        for (int i = 0; i < w; i++) {
            const unsigned char *q = px + ((size_t)(y + j) * sw + x + i) * 4;
            mask[(size_t)j * w + i] = ((uint32_t)q[0] << 16 | q[1] << 8 | q[2]) != fill;
        }
    return mask;
}

/* Issue 15: rating is the visitor's right. The faces screen says so; the best face comes first
 * in reading order (right in Arabic, left in English); a skip stores nothing; a chosen reason
 * differs in shape, not only colour; a rated visit is not offered again; the keypad's words
 * are clear and its "٠" as tall as its other digits. */
static void rating_is_a_right_best_first_with_a_skip(void)
{
    setup("kiosk-right", 100);
    CHECK_INT(ctl("2026-11-25T09:30:00", "issue new_request"), 0);
    CHECK_INT(ctl("2026-11-25T09:31:00", "call 1"), 0);
    CHECK_INT(ctl("2026-11-25T09:40:00", "done 1"), 0);
    CHECK_INT(ctl("2026-11-25T09:41:00", "issue inquiry"), 0);
    CHECK_INT(ctl("2026-11-25T09:42:00", "call 2"), 0);
    CHECK_INT(ctl("2026-11-25T09:50:00", "done 2"), 0);
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL,
                    "tap rate_visit\nwait 250\ntap finished_A-001\nwait 250\ntap skip_rating\nwait 250\n"
                    "tap rate_visit\nwait 250\ntap finished_A-001\nwait 250\ntap face_1\nwait 250\n"
                    "screenshot reasons_none\nwait 250\ntap reason_place\nwait 250\nscreenshot reasons_place\nwait 250\n"
                    "tap reasons_send\nwait 250\ntap message_done\nwait 250\ntap rate_visit\nwait 250\nquit\n"), 0);
    CHECK_INT(query_int(db, "SELECT count(*) FROM ratings"), 1);          /* the skip stored nothing */
    CHECK_STR(query_text(db, "SELECT score || ' ' || reasons FROM ratings"), "1 place");
    CHECK_INT(count_lines(frames, "screen rate_thanks"), 1);
    char text[1024];
    CHECK_STR(text_of("rate_faces", "your_right", text, sizeof text), dawr_tr(DAWR_LANG_AR,
              "Your opinion is your right: it helps us improve, and it is never used to blame anyone"));
    CHECK(*text_of("rate_faces", "skip_rating", text, sizeof text), "no skip");
    /* Best first: in Arabic the best face is at the right, the worst at the left. */
    for (int i = 1; i < 5; i++) {
        char a[24], b[24];
        snprintf(a, sizeof a, "face_%d", i);
        snprintf(b, sizeof b, "face_%d", i + 1);
        int ax, ay, aw, ah, bx, by, bw, bh;
        CHECK(rect_of("rate_faces", a, &ax, &ay, &aw, &ah) == 0 && rect_of("rate_faces", b, &bx, &by, &bw, &bh) == 0 &&
                  bx > ax, "%s is not right of %s in Arabic", b, a);
    }
    /* The rated visit is not listed again; the other is. */
    CHECK(!*text_of("rate_find", "finished_A-001", text, sizeof text), "A-001, rated, listed again");
    CHECK(*text_of("rate_find", "finished_C-001", text, sizeof text), "C-001 not listed");
    /* The keypad's words: no "scan" (امسحوا) beside a "delete" (مسح) key. */
    char title[1024], del[256];
    text_of("rate_find", "title", title, sizeof title);
    text_of("rate_find", "key_del", del, sizeof del);
    CHECK(*title && !strstr(title, "مسح") && !strstr(del, "مسح"), "keypad words: \"%s\" beside \"%s\"", title, del);
    double zero = number_of("rate_find", "key_0", "ink_height_mm"), one = number_of("rate_find", "key_1", "ink_height_mm");
    CHECK(one > 0 && zero >= 0.75 * one, "the ٠ key's digit is %.1f mm tall, the ١ key's %.1f mm", zero, one);
    /* A chosen reason differs in shape: its drawn pixels (all that is not the fill) change in a
     * large share of the button. Recolouring alone would change none of them. */
    int x, y, w, h, sw, sh, tw, th;
    REQUIRE(rect_of("rate_reasons", "reason_place", &x, &y, &w, &h) == 0, "no reason_place");
    unsigned char *none = shot_ending("-reasons_none.png", &sw, &sh), *chosen = shot_ending("-reasons_place.png", &tw, &th);
    if (none && chosen && sw == tw && sh == th) {
        unsigned char *m1 = shape_in(none, sw, x, y, w, h), *m2 = shape_in(chosen, sw, x, y, w, h);
        long differ = 0;
        for (long k = 0; m1 && m2 && k < (long)w * h; k++) differ += m1[k] != m2[k];
        double share = (double)differ / ((double)w * h);
        CHECK(share >= 0.06, "a chosen reason's shape differs in only %.3f of its button", share);
        free(m1);
        free(m2);
    } else
        CHECK(0, "screenshots of the reasons missing");
    free(none);
    free(chosen);
    /* English reads left to right: the best face at the left. */
    CHECK_INT(kiosk("DAWR_NOW=" NOW, NULL, "tap language\nwait 250\ntap rate_visit\nwait 250\ntap finished_C-001\nwait 250\nquit\n"), 0);
    int fx, fy, fw, fh, lx, ly, lw, lh;
    CHECK(rect_of("rate_faces", "face_5", &fx, &fy, &fw, &fh) == 0 && rect_of("rate_faces", "face_1", &lx, &ly, &lw, &lh) == 0 &&
              fx < lx, "in English the best face is not at the left");
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "ticket_issued_once_after_a_double_tap", ticket_issued_once_after_a_double_tap },
        { "rating_stored_once_and_second_refused_kindly", rating_stored_once_and_second_refused_kindly },
        { "help_alerts_the_reception", help_alerts_the_reception },
        { "help_screen_names_the_counter_that_is_coming", help_screen_names_the_counter_that_is_coming },
        { "listen_says_the_ticket_page", listen_says_the_ticket_page },
        { "listen_reads_every_screen_without_symbols", listen_reads_every_screen_without_symbols },
        { "hear_first_says_a_button_before_choosing_it", hear_first_says_a_button_before_choosing_it },
        { "listen_stops_and_volume_spans_24_db", listen_stops_and_volume_spans_24_db },
        { "old_receipt_scanned_rates_its_own_visit", old_receipt_scanned_rates_its_own_visit },
        { "service_notice_on_its_ticket_screen", service_notice_on_its_ticket_screen },
        { "two_taps_to_a_ticket_and_one_more_for_needs", two_taps_to_a_ticket_and_one_more_for_needs },
        { "every_screen_measured_in_both_languages_and_orientations",
          every_screen_measured_in_both_languages_and_orientations },
        { "closed_screen_in_both_languages_and_orientations", closed_screen_in_both_languages_and_orientations },
        { "ticket_during_a_prayer_pause", ticket_during_a_prayer_pause },
        { "follow_up_screens_in_both_languages_and_orientations", follow_up_screens_in_both_languages_and_orientations },
        { "appointment_screens_in_both_languages_and_orientations", appointment_screens_in_both_languages_and_orientations },
        { "maintenance_needs_the_gesture_and_the_pin", maintenance_needs_the_gesture_and_the_pin },
        { "kiosk_lock_is_its_own", kiosk_lock_is_its_own },
        { "failing_database_recovers_by_itself", failing_database_recovers_by_itself },
        { "locked_database_shows_no_number_and_recovers", locked_database_shows_no_number_and_recovers },
        { "idle_returns_home_but_not_within_a_minute", idle_returns_home_but_not_within_a_minute },
        { "kiosk_receipt_reaches_the_printer", kiosk_receipt_reaches_the_printer },
        { "ticket_screen_counts_in_plural_forms", ticket_screen_counts_in_plural_forms },
        { "paper_out_shows_the_attention_line", paper_out_shows_the_attention_line },
        { "a_rating_refused_as_already_rated_is_told_kindly", a_rating_refused_as_already_rated_is_told_kindly },
        { "a_broken_icon_leaves_its_tile_working", a_broken_icon_leaves_its_tile_working },
        { "rating_is_a_right_best_first_with_a_skip", rating_is_a_right_best_first_with_a_skip },
        { NULL, NULL },
    };
    int rc = harness_main("kiosk", cases, argc, argv);
    test_cupsd_remove(&cupsd);
    return rc;
}
