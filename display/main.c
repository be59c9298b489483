/* dawr-display: the waiting-room screen. One loop: SDL events (and the test script), a poll
 * of the feed every 50 ms (the store's change signal, or on a display-box one step of the
 * request to the console), the clock's minute, the new-call animation and
 * the announcements' turn. It sleeps in between and draws only when something changed. */
#include "display.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "clock.h"
#include "notify.h"
#include "text_i18n.h"
#include "text_template.h"

#define POLL_MS 50                 /* a call shows within a poll, a frame and a bit: < 200 ms */
#define ANIMATION_MS 8000          /* a new call stays unmissable this long */
#define LONG_CALL_MS 30000         /* a visitor hard of hearing: longer, while staff fetch them */
#define FRAME_MS 33                /* animation frames, ~30 per second */
#define TICKER_MS 12000            /* each announcement stays this long */

typedef struct {
    dawr_ui *ui;
    dawr_speech *speech;
    const dawr_config *cfg;
    long long highlight_start_ms;  /* monotonic; 0 = none */
    long long highlight_ms;        /* how long the newest call stays unmissable */
} display_state;

static volatile sig_atomic_t stop_requested;
static void on_signal(int sig) { (void)sig; stop_requested = 1; }

static void usage(FILE *f)
{
    fputs("usage: dawr-display [--config FILE] [--db FILE] [--speech-log FILE] [--mute]\n"
          "                    [--script FILE] [--screenshot-dir DIR] [--dump-layout[=FILE]]\n"
          "                    [--frame-log FILE] [--size WxH] [--windowed] [--at X,Y]\n"
          "                    [--help] [--version]\n"
          "The waiting-room screen: calls tickets to counters. man dawr-display says more.\n", f);
}

/* A call or recall: the chime, then the words in Arabic, then in English when configured. */
static void on_call(const dawr_event *ev, void *ctx)
{
    display_state *s = ctx;
    s->highlight_start_ms = dawr_clock_monotonic_us() / 1000;
    s->highlight_ms = display_call_flag(ev, "long_call", false) ? LONG_CALL_MS : ANIMATION_MS;
    dawr_ui_log(s->ui, "call %s for %lld ms", ev->code, s->highlight_ms);
    const dawr_counter *c = dawr_config_find_counter(s->cfg, ev->counter);
    char words[64], text[512];
    dawr_speech_chime(s->speech);
    dawr_speech_ticket_words(ev->code, DAWR_LANG_AR, words, sizeof words);
    if (dawr_template_fill(text, sizeof text, dawr_tr(DAWR_LANG_AR, "Number {number}, please go to {counter}"), "number",
                          words, "counter", c ? c->name_ar : ev->counter, NULL) > 0)
        dawr_speech_say(s->speech, DAWR_LANG_AR, text);
    if (dawr_config_display(s->cfg)->speak_english) {
        dawr_speech_ticket_words(ev->code, DAWR_LANG_EN, words, sizeof words);
        if (dawr_template_fill(text, sizeof text, dawr_tr(DAWR_LANG_EN, "Number {number}, please go to {counter}"),
                              "number", words, "counter", c ? c->name_en : ev->counter, NULL) > 0)
            dawr_speech_say(s->speech, DAWR_LANG_EN, text);
    }
}

int main(int argc, char **argv)
{
    dawr_app app;
    if (dawr_app_answer_gnu("dawr-display", argc, argv, usage)) return 0;
    if (dawr_app_start(&app, "dawr-display", &argc, argv) < 0) return 2;
    const dawr_display_settings *d = dawr_config_display(app.config);
    dawr_ui_opts uo = { .title = "Dawr", .screen_width_mm = d->width_mm, .screen_height_mm = d->height_mm };
    dawr_speech_opts so = { 0 };
    char err[1024];
    if (dawr_ui_parse_args(&uo, &argc, argv, err, sizeof err) < 0) {
        fprintf(stderr, "dawr-display: %s\n", err);
        dawr_app_finish(&app);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--speech-log") && i + 1 < argc) so.log_path = argv[++i];
        else if (!strcmp(argv[i], "--mute")) so.mute = true;
        else {
            fprintf(stderr, "dawr-display: unknown argument %s\n", argv[i]);
            usage(stderr);
            dawr_app_finish(&app);
            return 2;
        }
    }
    int rc = 1;
    dawr_clock_use_timezone(dawr_config_settings(app.config)->timezone);
    char path[1024];
    dawr_ui *ui = NULL;
    dawr_speech *speech = NULL;
    display_feed *feed = NULL;
    SDL_Texture *logo = NULL;
    if (dawr_i18n_open(NULL, err, sizeof err) < 0) { fprintf(stderr, "dawr-display: %s\n", err); goto done; }
    if (!(ui = dawr_ui_open(&uo, err, sizeof err))) { fprintf(stderr, "dawr-display: %s\n", err); goto done; }
    if (!(speech = dawr_speech_open(&so, err, sizeof err))) { fprintf(stderr, "dawr-display: %s\n", err); goto done; }
    if (!(feed = display_feed_new(app.config, app.db_path))) { fprintf(stderr, "dawr-display: out of memory\n"); goto done; }
    if (*d->logo) logo = dawr_ui_load_round_png(ui, dawr_asset_path(d->logo, path, sizeof path));
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);

    display_state s = { .ui = ui, .speech = speech, .cfg = app.config, .highlight_ms = ANIMATION_MS };
    display_view view = { .cfg = app.config, .status = display_feed_status(feed), .logo = logo };
    long long next_poll = 0, next_frame = 0, shown_minute = -1, ticker_since = dawr_clock_monotonic_us() / 1000;
    char shown_code[16] = "";
    int ticker_n = display_view_ticker_count(app.config);
    display_feed_poll(feed, true, NULL, NULL);
    bool was_online = true, final_frame = false;
    bool ready = false;                /* systemd: READY=1 after the first frame, then the watchdog */
    for (bool running = true; running;) {
        dawr_notify_watchdog();
        if (stop_requested && !final_frame) {   /* one last frame, for a screenshot at exit */
            final_frame = true;
            dawr_ui_request_screenshot(ui, "final");
        }
        long long now = dawr_clock_monotonic_us() / 1000;
        bool animating = s.highlight_start_ms && now - s.highlight_start_ms < s.highlight_ms;
        long long wake = next_poll;
        if (animating && next_frame < wake) wake = next_frame;
        SDL_Event ev;
        int timeout = wake > now ? (int)(wake - now) : 0;
        if (dawr_ui_wait_event(ui, &ev, timeout)) {
            if (ev.type == SDL_QUIT) running = false;
            dawr_ui_handle_event(ui, &ev);
        }
        now = dawr_clock_monotonic_us() / 1000;
        long long wall = dawr_clock_now();
        bool new_minute = wall / 60000 != shown_minute;
        if (now >= next_poll || new_minute) {
            next_poll = now + POLL_MS;
            long long t0 = dawr_clock_monotonic_us();
            if (display_feed_poll(feed, new_minute, on_call, &s)) {
                dawr_ui_invalidate(ui);
                dawr_ui_log(ui, "poll %lld", dawr_clock_monotonic_us() - t0);
            }
        }
        if (new_minute) {
            shown_minute = wall / 60000;
            display_view_set_time(&view, wall);
            dawr_ui_invalidate(ui);
        }
        bool help = display_view_help_needed(app.config, display_feed_status(feed), wall);
        if (help != view.help_needed) { view.help_needed = help; dawr_ui_invalidate(ui); }
        if ((ticker_n > 1 || help) && now - ticker_since >= TICKER_MS) {
            ticker_since = now;
            view.ticker_index = (view.ticker_index + 1) % ticker_n;
            dawr_ui_invalidate(ui);
        }
        animating = s.highlight_start_ms && now - s.highlight_start_ms < s.highlight_ms + FRAME_MS;
        if (animating && now >= next_frame) {
            next_frame = now + FRAME_MS;
            dawr_ui_invalidate(ui);
        }
        if (!dawr_ui_dirty(ui)) continue;
        /* The new call's edge swells slowly twice, then settles in the last quarter; the panel
         * turns back from amber when it has (view.c): calm, and never a blink. */
        float t = s.highlight_start_ms ? (float)(now - s.highlight_start_ms) / s.highlight_ms : 1;
        if (t > 1) t = 1;
        float u = t < 0.75f ? 0 : (t - 0.75f) / 0.25f;
        float fade = 1 - u * u * (3 - 2 * u);
        view.highlight = fade * (0.85f + 0.15f * cosf(t * 4 * (float)M_PI));
        view.online = display_feed_online(feed);
        if (view.online != was_online) dawr_ui_log(ui, view.online ? "online" : "offline");
        was_online = view.online;
        display_view_draw(ui, &view);
        dawr_ui_present(ui);
        if (!ready) ready = dawr_notify_ready() == 0;
        const dawr_status *st = display_feed_status(feed);
        const char *code = st->recent_call_count ? st->recent_calls[0].code : "";
        if (strcmp(code, shown_code)) {
            snprintf(shown_code, sizeof shown_code, "%s", code);
            dawr_ui_log(ui, "shown %s", *code ? code : "-");
        }
        if (final_frame) running = false;
    }
    rc = 0;
done:
    if (logo) SDL_DestroyTexture(logo);
    display_feed_free(feed);
    dawr_speech_close(speech);
    dawr_ui_close(ui);
    SDL_Quit();
    dawr_app_finish(&app);
    return rc;
}
