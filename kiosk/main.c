/* dawr-kiosk: the reception's touchscreen. One loop: SDL events (taps through the UI shell,
 * the barcode scanner's typing), the flow's timers, and a frame when something changed.
 *
 *   dawr-kiosk [--config FILE] [--db FILE] [shell options: --script, --screenshot-dir,
 *              --dump-layout, --frame-log, --size WxH, --windowed, --at X,Y]
 *              [--speech-log FILE] [--mute] [--fast-clock N] [--closable]
 *
 * --fast-clock N runs the kiosk's timers N times faster (tests of the idle return).
 * --closable (development, make run) lets the window's close button end it; without it the
 * appliance's kiosk cannot be left. */
#include "app.h"
#include "flow.h"
#include "maint.h"
#include "screens.h"
#include "slips.h"
#include "speech_sdl.h"
#include "text_i18n.h"
#include "touch.h"
#include "ui_sdl.h"
#include "notify.h"

#include <unistd.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    const char *speech_log;
    int mute;
    int fast_clock;
    int closable;
} kiosk_opts;

static void usage(FILE *f)
{
    fputs("usage: dawr-kiosk [--config FILE] [--db FILE] [--speech-log FILE] [--mute] [--closable]\n"
          "                  [--script FILE] [--screenshot-dir DIR] [--dump-layout[=FILE]]\n"
          "                  [--frame-log FILE] [--size WxH] [--windowed] [--at X,Y] [--fast-clock N]\n"
          "                  [--help] [--version]\n"
          "The visitors' touchscreen: takes queue tickets. --closable (development) lets the window's\n"
          "close button end it. man dawr-kiosk says more.\n", f);
}

static int take_own_args(kiosk_opts *k, int *argc, char **argv)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (!strcmp(argv[i], "--speech-log") && i + 1 < *argc) k->speech_log = argv[++i];
        else if (!strcmp(argv[i], "--mute")) k->mute = 1;
        else if (!strcmp(argv[i], "--closable")) k->closable = 1;
        else if (!strcmp(argv[i], "--fast-clock") && i + 1 < *argc) k->fast_clock = atoi(argv[++i]);
        else if (argv[i][0] == '-') { fprintf(stderr, "dawr-kiosk: unknown option %s\n", argv[i]); return -1; }
        else argv[out++] = argv[i];
    }
    argv[out] = NULL;
    *argc = out;
    if (k->fast_clock < 1) k->fast_clock = 1;
    return 0;
}

/* The panel's millimetres in the orientation of the window: the configuration gives the
 * panel as mounted, and a portrait window of a landscape-configured panel turns it. */
static void screen_mm(const dawr_config *cfg, dawr_ui_opts *o)
{
    const dawr_kiosk_settings *k = dawr_config_kiosk(cfg);
    int w = o->width, h = o->height;
    if (!w || !h) {
        SDL_DisplayMode mode;
        const char *driver = SDL_GetCurrentVideoDriver();
        int headless = driver && (!strcmp(driver, "dummy") || !strcmp(driver, "offscreen"));
        if (!headless && SDL_GetDesktopDisplayMode(0, &mode) == 0) { w = mode.w; h = mode.h; }
        else { w = 1920; h = 1080; }
    }
    int portrait = h > w, cfg_portrait = k->screen_height_mm > k->screen_width_mm;
    o->screen_width_mm = portrait == cfg_portrait ? k->screen_width_mm : k->screen_height_mm;
    o->screen_height_mm = portrait == cfg_portrait ? k->screen_height_mm : k->screen_width_mm;
}

/* No key, no window-manager close and no signal from SDL leaves the kiosk. */
static void lock_down(void)
{
    SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");          /* SIGTERM from systemd still stops it */
    SDL_SetHint(SDL_HINT_WINDOWS_NO_CLOSE_ON_ALT_F4, "1");
    SDL_SetHint(SDL_HINT_GRAB_KEYBOARD, "1");
    SDL_SetHint(SDL_HINT_ALLOW_ALT_TAB_WHILE_GRABBED, "0");
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    SDL_SetHint(SDL_HINT_MOUSE_FOCUS_CLICKTHROUGH, "1");
}

#define PRINT_POLL_MS 250           /* the printer's events reach the store this often at most */
#define PRINT_BUSY_MS 1000          /* the longest recording them waits for a busy database */

static kiosk_ms now_ms(int fast) { return dawr_clock_monotonic_us() / 1000 * fast; }

int main(int argc, char **argv)
{
    dawr_app app;
    kiosk_opts k = { 0 };
    dawr_ui_opts uo = { .title = "Dawr" };
    char err[1024];
    if (dawr_app_answer_gnu("dawr-kiosk", argc, argv, usage)) return 0;
    if (dawr_app_start(&app, "dawr-kiosk", &argc, argv) < 0) return 2;
    if (dawr_ui_parse_args(&uo, &argc, argv, err, sizeof err) < 0 || take_own_args(&k, &argc, argv) < 0) {
        if (*err) fprintf(stderr, "dawr-kiosk: %s\n", err);
        dawr_app_finish(&app);
        return 2;
    }
    dawr_clock_use_timezone(dawr_config_settings(app.config)->timezone);
    if (!k.closable) lock_down();
    int status = 1;
    dawr_ui *ui = NULL;
    dawr_speech *speech = NULL;
    kiosk_view view = { 0 };
    static kiosk_spoken spoken;        /* the last frame's words, for "Listen" and hear-first */
    kiosk_flow flow;
    int flow_started = 0;
    dawr_queue *print_log = NULL;      /* the slips' own connection, for their events */
    dawr_slips *slips = NULL;

    if (dawr_i18n_open(NULL, err, sizeof err) < 0) { fprintf(stderr, "dawr-kiosk: %s\n", err); goto out; }
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) { fprintf(stderr, "dawr-kiosk: %s\n", SDL_GetError()); goto out; }
    screen_mm(app.config, &uo);
    ui = dawr_ui_open(&uo, err, sizeof err);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);                        /* the shell holds its own */
    if (!ui) { fprintf(stderr, "dawr-kiosk: %s\n", err); goto out; }
    dawr_speech_opts so = { .log_path = k.speech_log, .mute = k.mute };
    speech = dawr_speech_open(&so, err, sizeof err);
    if (!speech) { fprintf(stderr, "dawr-kiosk: %s\n", err); goto out; }
    static SDL_Texture *faces[5];      /* drawn by the faces screen when first shown */
    view.faces = faces;
    view.icons = dawr_icons_new(dawr_ui_renderer(ui));
    char logo_path[1024];
    /* The association's logo: the file its receipts print (none: the header shows the name alone). */
    if (access(dawr_asset_path("receipt-logo.png", logo_path, sizeof logo_path), R_OK) == 0)
        view.logo = dawr_ui_load_round_png(ui, logo_path);
    view.ui = ui;
    view.spoken = &spoken;

    /* Events are a log: without the store the slips still print. */
    print_log = dawr_queue_open(app.config, app.db_path, &(dawr_queue_options){ .busy_ms = PRINT_BUSY_MS }, err,
                                sizeof err);
    if (!print_log) fprintf(stderr, "dawr-kiosk: printing without events: %s\n", err);
    slips = dawr_slips_open(app.config, print_log, err, sizeof err);
    if (!slips) { fprintf(stderr, "dawr-kiosk: %s\n", err); goto out; }
    kiosk_flow_init(&flow, app.config, app.db_path, slips, now_ms(k.fast_clock));
    flow_started = 1;
    int volume = dawr_speech_set_volume(speech, flow.volume_db);
    int reading = 0;                   /* a whole-screen reading was queued and may still play */
    kiosk_ms printer_polled = 0;
    kiosk_touch guard;
    kiosk_touch_init(&guard, dawr_config_kiosk(app.config)->double_tap_ms);
    kiosk_gesture gesture = { 0 };
    SDL_StartTextInput();
    dawr_ui_log(ui, "start");
    int running = 1, last_minute = -1;
    kiosk_screen shown = KIOSK_SCREEN_COUNT;   /* none yet */
    dawr_lang shown_lang = flow.lang;
    int ready = 0;                     /* systemd: READY=1 after the first frame, then the watchdog */
    while (running && !flow.quit) {
        dawr_notify_watchdog();
        SDL_Event ev;
        if (dawr_ui_wait_event(ui, &ev, 200)) {
            kiosk_ms now = now_ms(k.fast_clock);
            /* Only a script (tests), maintenance or --closable's close button ends the kiosk. */
            if (ev.type == SDL_QUIT && (uo.script_path || k.closable)) running = 0;
            if (ev.type == SDL_MOUSEBUTTONDOWN || ev.type == SDL_MOUSEBUTTONUP) {
                int w, h;
                dawr_ui_size(ui, &w, &h);
                /* Timed by the events' own timestamps: a busy frame must not shorten a hold. */
                if (kiosk_gesture_feed(&gesture, ev.type == SDL_MOUSEBUTTONDOWN, ev.button.x, ev.button.y, w, h,
                                       dawr_ui_mm(ui, 25), flow.lang == DAWR_LANG_AR, (kiosk_ms)ev.button.timestamp))
                    kiosk_flow_maintenance(&flow, now);
                if (ev.type == SDL_MOUSEBUTTONDOWN) dawr_ui_log(ui, "press");
            }
            const char *tapped = dawr_ui_handle_event(ui, &ev);
            if (tapped) {
                int counts = kiosk_touch_accept(&guard, (kiosk_ms)ev.common.timestamp);
                dawr_ui_log(ui, "tap %s%s", tapped, counts ? "" : " ignored (too soon after the last tap)");
                /* "Listen" during its own reading stops it; the next "Listen" reads again. */
                if (counts && reading && !strcmp(tapped, "listen") && dawr_speech_busy(speech)) {
                    dawr_speech_stop(speech);
                    reading = 0;
                    dawr_ui_invalidate(ui);
                } else if (counts) {
                    dawr_speech_click(speech);
                    kiosk_flow_tap(&flow, tapped, now);
                }
            }
            if (ev.type == SDL_TEXTINPUT) kiosk_flow_text(&flow, ev.text.text, now);
            if (ev.type == SDL_KEYDOWN && (ev.key.keysym.sym == SDLK_RETURN || ev.key.keysym.sym == SDLK_KP_ENTER))
                kiosk_flow_enter(&flow, now);
        }
        /* The printer's news: at most every 250 ms, on the wake-ups the loop has anyway (the
         * wait above returns within 200 ms); never waits for the printer. */
        kiosk_ms real = dawr_clock_monotonic_us() / 1000;
        if (real - printer_polled >= PRINT_POLL_MS || real < printer_polled) {
            printer_polled = real;
            /* The slips' own connection follows the database file as the flow's does; started
             * before there was one, it is opened once the flow has found one. */
            if (print_log && dawr_queue_watch_file(print_log) == DAWR_FILE_RELOADED)
                fprintf(stderr, "dawr-kiosk: printing: %s\n", dawr_queue_error(print_log));
            if (!print_log && flow.q) {
                print_log = dawr_queue_open(app.config, app.db_path, &(dawr_queue_options){ .busy_ms = PRINT_BUSY_MS },
                                            err, sizeof err);
                if (print_log) dawr_slips_set_events(slips, print_log);
            }
            if (dawr_slips_poll(slips)) dawr_ui_invalidate(ui);
        }
        kiosk_screen before = flow.screen;
        if (kiosk_flow_tick(&flow, now_ms(k.fast_clock)) && flow.idle_after)
            dawr_ui_log(ui, "idle %s went home after %lld ms untouched", kiosk_screen_name(before),
                        (long long)flow.idle_after);
        flow.idle_after = 0;
        int minute = (int)(dawr_clock_now() / 60000 % 1440);   /* the date changes at midnight */
        if (minute != last_minute) { last_minute = minute; dawr_ui_invalidate(ui); }
        if (flow.volume_db != volume) volume = dawr_speech_set_volume(speech, flow.volume_db);
        if (reading && !dawr_speech_busy(speech)) reading = 0;
        if (view.reading != reading) { view.reading = reading; dawr_ui_invalidate(ui); }
        if (flow.speak_pending || flow.screen != shown || flow.lang != shown_lang) dawr_ui_invalidate(ui);
        if (dawr_ui_dirty(ui)) {
            struct timespec c0, c1;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
            kiosk_screens_draw(&view, &flow);
            dawr_ui_present(ui);
            if (!ready) ready = dawr_notify_ready() == 0;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
            /* CPU time of the frame: what drawing costs, whatever else the machine runs */
            dawr_ui_log(ui, "draw_cpu_us %lld %s %s",
                        (long long)(c1.tv_sec - c0.tv_sec) * 1000000 + (c1.tv_nsec - c0.tv_nsec) / 1000,
                        kiosk_screen_name(flow.screen), flow.screen != shown || flow.lang != shown_lang ? "new" : "same");
            if (flow.screen != shown || flow.lang != shown_lang)
                dawr_ui_log(ui, "screen %s", kiosk_screen_name(flow.screen));
            shown = flow.screen;
            shown_lang = flow.lang;
            if (flow.speak_pending) {
                /* A new screen or a button heard ends the reading before it. */
                if ((reading || flow.speak_pending == KIOSK_SAY_SCREEN) && dawr_speech_busy(speech)) dawr_speech_stop(speech);
                kiosk_screens_speak(&view, &flow, flow.speak_pending, speech);
                reading = flow.speak_pending == KIOSK_SAY_SCREEN;
                view.reading = reading && dawr_speech_busy(speech);
                flow.speak_pending = KIOSK_SAY_NOTHING;
                if (view.reading) dawr_ui_invalidate(ui);
            }
        }
    }
    status = 0;
out:
    if (flow_started) kiosk_flow_finish(&flow);
    dawr_slips_close(slips);           /* records its last events, so before their connection goes */
    dawr_queue_close(print_log);
    for (int i = 0; view.faces && i < 5; i++)
        if (view.faces[i]) SDL_DestroyTexture(view.faces[i]);
    if (view.logo) SDL_DestroyTexture(view.logo);
    dawr_icons_free(view.icons);
    dawr_speech_close(speech);
    dawr_ui_close(ui);
    dawr_app_finish(&app);
    SDL_Quit();
    return status;
}
