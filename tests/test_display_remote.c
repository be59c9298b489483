/* dawr-display on a display-box: the real program under SDL's dummy driver, its [display]
 * source pointing at the real dawr-console on loopback (a real SQLite file behind it, calls made
 * through the console's API and dawrctl), or at a tiny fake server on a real socket for answers
 * the console never gives. Checks each call and recall announced exactly once, nothing old on
 * first contact, the waiting counts, the console stopped (last state kept, offline) and
 * restarted (missed call once, old ones never again), a restored database, malformed answers
 * refused, and that no poll holds the frame loop. */
#include "harness.h"
#include "testutil.h"
#include "consoleutil.h"
#include "displayutil.h"

#include <poll.h>
#include <pthread.h>

static display_files F;
static char box_conf[700];
static console_proc server;

static void setup(const char *name)
{
    display_files_in(&F, name);
    snprintf(box_conf, sizeof box_conf, "%s/box.conf", F.dir);
}

/* The default configuration with [display] source = http://127.0.0.1:PORT, as the installer
 * writes it on a display-box. */
static void write_box_conf(int port)
{
    static char text[65536];
    read_file_into(default_config_path(), text, sizeof text);
    char *at = strstr(text, "\nsource =\n");
    if (!at) { fprintf(stderr, "  no \"source =\" line in the default configuration\n"); exit(2); }
    FILE *f = fopen(box_conf, "w");
    if (!f) { perror(box_conf); exit(2); }
    fprintf(f, "%.*s\nsource = http://127.0.0.1:%d\n%s", (int)(at - text), text, port, at + strlen("\nsource =\n"));
    fclose(f);
}

/* Runs the real dawrctl on the appliance's database; returns its exit status. */
static int ctl(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s %s >/dev/null 2>>%s/ctl.err", build_dir(),
             default_config_path(), F.db, args, F.dir);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The console on DB at 127.0.0.1:PORT (0: any free port). */
static int console_up(int port)
{
    char listen[64];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
    const char *extra[] = { "--listen", listen, NULL };
    return console_start(&server, default_config_path(), F.db, port ? extra : NULL);
}

/* dawr-display with the box's configuration, and a --db that does not exist: a display-box
 * has no database, and must not need one. */
static pid_t start_display(void)
{
    char no_db[800];
    snprintf(no_db, sizeof no_db, "%s/no-database-here.db", F.dir);
    return display_start(&F, NULL, box_conf, no_db, "--size 960x540");
}

static int count_in(const char *path, const char *needle)
{
    static char text[1 << 20];
    read_file_into(path, text, sizeof text);
    int n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

/* Waits up to MS for at least N times NEEDLE in the file at PATH. */
static int wait_count(const char *path, const char *needle, int n, int ms)
{
    for (int t = 0; t < ms; t += 20) {
        if (count_in(path, needle) >= n) return 1;
        usleep(20000);
    }
    return count_in(path, needle) >= n;
}

static int chimes(void) { return count_in(F.speech, "chime\n"); }

/* No poll of the feed took a quarter of a second (a blocking request would take up to its 3 s
 * limit): the network never holds the frame loop. */
static void check_polls_quick(void)
{
    static char text[1 << 20];
    read_file_into(F.frames, text, sizeof text);
    int polls = 0;
    for (const char *p = text; (p = strstr(p, " poll ")); p++) {
        long long us = atoll(p + 6);
        polls++;
        CHECK(us < 250000, "a poll took %lld us", us);
    }
    CHECK(polls > 0, "no poll in the frame log");
}

#define CALL_A2 "say ar الرقم إيه 2، تفضّلوا إلى شباك الاستقبال ٢\n"

static void calls_come_over_the_network_once_each(void)
{
    setup("display-remote-calls");
    REQUIRE(ctl("init") == 0, "init");
    for (int i = 0; i < 3; i++) ctl("issue new_request");
    ctl("issue inquiry");
    REQUIRE(ctl("call 1") == 0, "call");                   /* A-001, before the screen starts: old */
    REQUIRE(set_pin(default_config_path(), F.db, "2", "2222") == 0, "set-pin");
    REQUIRE(console_up(0) == 0, "console");
    int port = server.port;
    write_box_conf(port);
    pid_t pid = start_display();
    CHECK(wait_count(F.frames, "shown A-001", 1, 20000), "the console's current call A-001 never shown");
    usleep(800000);                                     /* a few polls */
    CHECK_INT(chimes(), 0);                             /* first contact: nothing old announced */

    /* A call through the console's API, then a recall with dawrctl (another program). */
    staff two;
    http_reply r;
    char v[64];
    CHECK_INT(staff_sign_in(&two, port, "2", "2222", &r), 200);
    CHECK_INT(staff_do(&two, "POST", "/api/call-next", NULL, &r), 200);
    CHECK_STR(json_field(&r, "ticket.code", v, sizeof v), "A-002");
    CHECK(wait_count(F.frames, "shown A-002", 1, 5000), "A-002 not shown");
    CHECK(wait_count(F.speech, "chime\n", 1, 5000), "A-002 not announced");
    CHECK_INT(ctl("recall 2"), 0);
    CHECK(wait_count(F.speech, "chime\n", 2, 5000), "the recall not announced");
    usleep(1000000);
    CHECK_INT(chimes(), 2);                             /* nothing twice */
    CHECK_INT(count_in(F.speech, CALL_A2), 2);

    /* The console stops: the last state stays, with the offline sign; the display lives on. */
    int offline_before = count_in(F.frames, " offline\n");
    CHECK_INT(console_stop(&server), 0);
    CHECK(wait_count(F.frames, " offline\n", offline_before + 1, 5000), "no offline sign with the console stopped");
    CHECK(wait_count(F.errlog, "showing the last known state", 1, 2000), "no word on stderr");
    CHECK(kill(pid, 0) == 0, "the display died with the console");
    /* A call while the screen is cut off, then the console back on the same address. */
    CHECK_INT(ctl("done 1"), 0);
    CHECK_INT(ctl("call 1"), 0);                        /* */
    usleep(500000);
    CHECK_INT(count_in(F.frames, "shown A-003"), 0);
    REQUIRE(console_up(port) == 0, "console again");
    CHECK_INT(server.port, port);
    CHECK(wait_count(F.frames, "shown A-003", 1, 5000), "A-003 not shown after the console came back");
    CHECK(wait_count(F.speech, "chime\n", 3, 5000), "the call missed while offline not announced");
    usleep(1000000);
    CHECK_INT(chimes(), 3);                             /* never again */
    CHECK_INT(count_in(F.speech, CALL_A2), 2);
    CHECK_INT(count_in(F.speech, "say ar الرقم إيه 3، تفضّلوا إلى شباك الاستقبال ١\n"), 1);
    CHECK_INT(count_in(F.errlog, "showing the last known state"), 1);  /* one line going offline, one coming back */
    CHECK_INT(count_in(F.errlog, "answers again"), 1);
    CHECK_INT(display_stop(pid), 0);
    CHECK_INT(console_stop(&server), 0);

    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK_STR(display_text_of(els, "current_ticket"), "A-003");
    CHECK_STR(display_text_of(els, "current_counter_en"), "Please proceed to Reception desk 1");
    CHECK_STR(display_text_of(els, "history_1_ticket"), "A-002");
    CHECK_STR(display_text_of(els, "waiting_new_request_count"), "٠");
    CHECK_STR(display_text_of(els, "waiting_inquiry_count"), "١");
    CHECK(display_text_of(els, "offline") == NULL, "still offline at the end");
    json_decref(root);
    char path[800];
    snprintf(path, sizeof path, "%s/no-database-here.db", F.dir);
    CHECK(access(path, F_OK) != 0, "the display-box opened a database of its own");
    check_polls_quick();
}

/* The appliance's database restored from an older backup: the screen starts again from its
 * newest event, so the next call (with an id it has seen before) is announced, once. */
static void restored_database_starts_again(void)
{
    setup("display-remote-restore");
    REQUIRE(ctl("init") == 0, "init");
    for (int i = 0; i < 3; i++) ctl("issue new_request");
    char backup[800], cmd[4000];
    snprintf(backup, sizeof backup, "%s/backup.db", F.dir);
    snprintf(cmd, sizeof cmd, "backup %s", backup);
    REQUIRE(ctl(cmd) == 0, "backup");
    ctl("call 1");
    ctl("done 1");
    ctl("call 1");                                      /* A-002; the log is now 3 events ahead */
    REQUIRE(console_up(0) == 0, "console");
    int port = server.port;
    write_box_conf(port);
    pid_t pid = start_display();
    CHECK(wait_count(F.frames, "shown A-002", 1, 20000), "A-002 not shown");
    CHECK_INT(console_stop(&server), 0);
    snprintf(cmd, sizeof cmd, "cp %s %s && rm -f %s-wal %s-shm", backup, F.db, F.db, F.db);
    REQUIRE(system(cmd) == 0, "restore");
    REQUIRE(console_up(port) == 0, "console again");
    CHECK(wait_count(F.frames, "shown -", 1, 5000), "the restored database has no call yet");
    CHECK_INT(chimes(), 0);
    CHECK_INT(ctl("call 2"), 0);                        /* A-001 again, an event id seen before the restore */
    CHECK(wait_count(F.speech, "chime\n", 1, 5000), "the call after the restore was not announced");
    usleep(800000);
    CHECK_INT(chimes(), 1);
    CHECK_INT(count_in(F.speech, "say ar الرقم إيه 1، تفضّلوا إلى شباك الاستقبال ٢\n"), 1);
    CHECK_INT(display_stop(pid), 0);
    CHECK_INT(console_stop(&server), 0);
}

/* ---- a tiny fake console on a real socket, for answers the real one never gives ---- */

static pthread_mutex_t fake_lock = PTHREAD_MUTEX_INITIALIZER;
static char fake_answer[400000];        /* the whole HTTP answer sent to each request */
static int fake_hang;                   /* read the request, answer nothing */
static char fake_requests[65536];       /* the request lines seen, one a line */
static volatile int fake_stop;
static int fake_fd, fake_port;

static void fake_set(int status, const char *body)
{
    pthread_mutex_lock(&fake_lock);
    snprintf(fake_answer, sizeof fake_answer, "HTTP/1.1 %d X\r\nContent-Type: application/json\r\n"
             "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", status, strlen(body), body);
    fake_hang = 0;
    pthread_mutex_unlock(&fake_lock);
}

static void *fake_serve(void *arg)
{
    (void)arg;
    int hung[64], n_hung = 0;
    while (!fake_stop) {
        struct pollfd p = { .fd = fake_fd, .events = POLLIN };
        if (poll(&p, 1, 50) <= 0) continue;
        int c = accept(fake_fd, NULL, NULL);
        if (c < 0) continue;
        struct timeval tv = { .tv_sec = 2 };
        setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char req[4096];
        size_t len = 0;
        ssize_t k;
        while (len < sizeof req - 1 && (k = recv(c, req + len, sizeof req - 1 - len, 0)) > 0) {
            len += (size_t)k;
            req[len] = 0;
            if (strstr(req, "\r\n\r\n")) break;
        }
        req[len] = 0;
        pthread_mutex_lock(&fake_lock);
        size_t used = strlen(fake_requests);
        snprintf(fake_requests + used, sizeof fake_requests - used, "%.*s\n", (int)strcspn(req, "\r\n"), req);
        int hang = fake_hang;
        if (!hang) send_all(c, fake_answer, strlen(fake_answer));
        pthread_mutex_unlock(&fake_lock);
        if (hang && n_hung < 64) hung[n_hung++] = c;
        else close(c);
    }
    for (int i = 0; i < n_hung; i++) close(hung[i]);
    return NULL;
}

#define SCREEN(last, until, recent, calls) \
    "{\"day\":\"2026-11-25\",\"last_event_id\":" #last ",\"counters\":[{\"id\":\"1\",\"ticket\":null}]," \
    "\"recent_calls\":[" recent "],\"services\":[{\"id\":\"new_request\",\"waiting\":4},{\"id\":\"inquiry\"," \
    "\"waiting\":2}],\"calls\":[" calls "],\"until\":" #until "}"

static void malformed_answers_keep_the_last_state(void)
{
    setup("display-remote-fake");
    fake_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    REQUIRE(fake_fd >= 0 && bind(fake_fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fake_fd, 16) == 0 &&
            getsockname(fake_fd, (struct sockaddr *)&a, &alen) == 0, "fake server: %s", strerror(errno));
    fake_port = ntohs(a.sin_port);
    fake_set(200, SCREEN(10, 10, "{\"code\":\"A-007\",\"counter\":\"1\"}", ""));
    fake_stop = 0;
    pthread_t thread;
    REQUIRE(pthread_create(&thread, NULL, fake_serve, NULL) == 0, "thread");
    write_box_conf(fake_port);
    pid_t pid = start_display();
    CHECK(wait_count(F.frames, "shown A-007", 1, 20000), "A-007 not shown");

    /* Not JSON, then JSON of another shape, then an HTTP error: the last state, offline, and
     * one line on stderr for all three. */
    int offline_before = count_in(F.frames, " offline\n"), online_before = count_in(F.frames, " online\n");
    fake_set(200, "{\"day\": \"2026-");
    CHECK(wait_count(F.frames, " offline\n", offline_before + 1, 5000), "no offline sign for a broken answer");
    CHECK(wait_count(F.errlog, "is not JSON", 1, 2000), "stderr does not say why");
    fake_set(200, "{\"day\": \"2026-11-25\", \"services\": 3}");
    usleep(1500000);
    fake_set(500, "{\"error\": \"the database failed\"}");
    usleep(1500000);
    static char big[300000];                            /* far beyond any screen's answer */
    memset(big, ' ', sizeof big - 1);
    big[0] = '[';
    big[sizeof big - 2] = ']';
    fake_set(200, big);
    usleep(1500000);
    CHECK(kill(pid, 0) == 0, "the display died of a bad answer");
    CHECK_INT(count_in(F.errlog, "showing the last known state"), 1);
    CHECK_INT(count_in(F.frames, " online\n"), online_before);   /* never online meanwhile */
    CHECK_INT(count_in(F.frames, "shown A-007"), 1);      /* the last state stayed */

    /* Sane again, with a new call: shown, announced once though the answer repeats it. */
    fake_set(200, SCREEN(11, 11, "{\"code\":\"A-008\",\"counter\":\"1\"}",
                         "{\"id\":11,\"kind\":\"call\",\"code\":\"A-008\",\"counter\":\"1\",\"age_seconds\":0}"));
    CHECK(wait_count(F.frames, "shown A-008", 1, 5000), "A-008 not shown");
    CHECK(wait_count(F.errlog, "answers again", 1, 2000), "no word of coming back");
    usleep(1500000);                                    /* several answers, all with call 11 */
    CHECK_INT(chimes(), 1);
    /* A call that arrives old (the box was cut off for long) is shown, not spoken. */
    fake_set(200, SCREEN(12, 12, "{\"code\":\"A-009\",\"counter\":\"1\"}",
                         "{\"id\":12,\"kind\":\"call\",\"code\":\"A-009\",\"counter\":\"1\",\"age_seconds\":900}"));
    CHECK(wait_count(F.frames, "shown A-009", 1, 5000), "A-009 not shown");
    usleep(600000);
    CHECK_INT(chimes(), 1);

    /* A console that accepts and never answers: offline after the request's time limit, and
     * meanwhile every poll stays quick. */
    offline_before = count_in(F.frames, " offline\n");
    pthread_mutex_lock(&fake_lock);
    fake_hang = 1;
    pthread_mutex_unlock(&fake_lock);
    CHECK(wait_count(F.frames, " offline\n", offline_before + 1, 8000), "no offline sign for a console that hangs");
    CHECK(wait_count(F.errlog, "Timeout", 1, 1000), "stderr does not say it timed out");
    CHECK_INT(display_stop(pid), 0);
    fake_stop = 1;
    pthread_join(thread, NULL);
    close(fake_fd);

    /* The first request asked for no old calls; later ones from the newest event seen. */
    CHECK(!strncmp(fake_requests, "GET /api/screen HTTP/1.1\n", 25), "first request: %.60s", fake_requests);
    CHECK(strstr(fake_requests, "GET /api/screen?after=10 HTTP/1.1\n") &&
          strstr(fake_requests, "GET /api/screen?after=12 HTTP/1.1\n"), "requests:\n%.400s", fake_requests);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    CHECK_STR(display_text_of(els, "current_ticket"), "A-009");
    CHECK_STR(display_text_of(els, "waiting_new_request_count"), "٤");
    CHECK_STR(display_text_of(els, "waiting_inquiry_count"), "٢");
    CHECK(display_text_of(els, "offline") != NULL, "no offline sign in the last frame");
    json_decref(root);
    check_polls_quick();
}

/* The console says closed (GET /api/screen's hours) with nobody waiting: the box says when it
 * opens again and, from its own dawr.conf (the appliance's), the association's channels. */
static void closed_shows_the_channels(void)
{
    setup("display-remote-closed");
    fake_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET };
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t alen = sizeof a;
    REQUIRE(fake_fd >= 0 && bind(fake_fd, (struct sockaddr *)&a, sizeof a) == 0 && listen(fake_fd, 16) == 0 &&
            getsockname(fake_fd, (struct sockaddr *)&a, &alen) == 0, "fake server: %s", strerror(errno));
    fake_port = ntohs(a.sin_port);
    fake_requests[0] = 0;
    fake_set(200, "{\"day\":\"2026-12-06\",\"last_event_id\":5,\"counters\":[{\"id\":\"1\",\"ticket\":null}],"
                  "\"recent_calls\":[],\"services\":[{\"id\":\"new_request\",\"waiting\":0}],\"calls\":[],\"until\":5,"
                  "\"hours\":{\"open\":false,\"paused\":false,\"next_open\":\"2026-12-07 08:00\"}}");
    fake_stop = 0;
    pthread_t thread;
    REQUIRE(pthread_create(&thread, NULL, fake_serve, NULL) == 0, "thread");
    write_box_conf(fake_port);
    pid_t pid = start_display();
    /* A second request is made only once the first answer was read (the frame log's "online" is
     * written only after an "offline", which a quick first answer never causes). */
    int asked = 0;
    for (int t = 0; t < 20000 && asked < 2; t += 20) {
        pthread_mutex_lock(&fake_lock);
        asked = 0;
        for (const char *p = fake_requests; (p = strstr(p, "GET /api/screen")); p++) asked++;
        pthread_mutex_unlock(&fake_lock);
        usleep(20000);
    }
    CHECK(asked >= 2, "the box asked %d times", asked);
    usleep(500000);
    CHECK_INT(display_stop(pid), 0);
    fake_stop = 1;
    pthread_join(thread, NULL);
    close(fake_fd);
    json_t *root;
    json_t *els = display_elements(&F, &root);
    REQUIRE(els, "no layout");
    const char *en = display_text_of(els, "hours_en"), *ch_ar = display_text_of(els, "channels_ar"),
               *ch_en = display_text_of(els, "channels_en");
    CHECK(en && strstr(en, "closed") && strstr(en, "Monday") && strstr(en, "08:00"), "hours: %s", en ? en : "none");
    CHECK(ch_ar && strstr(ch_ar, "Roofaa.org.sa") && strstr(ch_ar, "\u0660\u0665\u0663\u0667\u0660\u0666\u0663\u0668\u0661\u0669"),
          "Arabic channels: %s", ch_ar ? ch_ar : "none");
    CHECK(ch_en && strstr(ch_en, "Roofaa.org.sa") && strstr(ch_en, "0537063819"), "English channels: %s", ch_en ? ch_en : "none");
    static const char *const closed_texts[] = { "hours_", "channels_", NULL };
    display_check_layout("display-box closed", els, 960, 540, closed_texts);
    json_decref(root);
}

int main(int argc, char **argv)
{
    signal(SIGPIPE, SIG_IGN);
    static const test_case cases[] = {
        { "calls_come_over_the_network_once_each", calls_come_over_the_network_once_each },
        { "restored_database_starts_again", restored_database_starts_again },
        { "malformed_answers_keep_the_last_state", malformed_answers_keep_the_last_state },
        { "closed_shows_the_channels", closed_shows_the_channels },
        { NULL, NULL },
    };
    return harness_main("display_remote", cases, argc, argv);
}
