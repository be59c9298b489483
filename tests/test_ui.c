/* The UI shell in-process under SDL's dummy driver: elements, taps from a script (release
 * inside counts, sliding off does not), screenshots, the layout dump in px and mm with the
 * WCAG contrast; interface strings; spoken ticket codes; the speech log. */
#include "harness.h"
#include "testutil.h"

#include "speech_sdl.h"
#include "app.h"
#include "ui_icon.h"
#include "ui_sdl.h"

#include <dirent.h>
#include <jansson.h>
#include <librsvg/rsvg.h>

static const SDL_Color white = { 255, 255, 255, 255 }, black = { 0, 0, 0, 255 }, navy = { 11, 31, 51, 255 };

static void contrast_formula(void)
{
    CHECK(fabs(dawr_ui_contrast(white, black) - 21) < 0.01, "white on black: %f", dawr_ui_contrast(white, black));
    CHECK(fabs(dawr_ui_contrast(white, white) - 1) < 0.001, "same colour");
    /* #767676 on white is the classic 4.54:1 */
    SDL_Color grey = { 0x76, 0x76, 0x76, 255 };
    CHECK(fabs(dawr_ui_contrast(grey, white) - 4.54) < 0.01, "grey: %f", dawr_ui_contrast(grey, white));
    SDL_Color mid = dawr_ui_mix(black, white, 0.5f);
    CHECK_INT(mid.r, 128);
}

/* Draws the test's screen "home": a title, an OK button, a Cancel button. */
static void draw(dawr_ui *ui, int taps)
{
    char text[64];
    snprintf(text, sizeof text, "نقرات %d", taps);
    dawr_ui_begin(ui, taps ? "after" : "home", navy);
    dawr_ui_add(ui, &(dawr_ui_element){ .name = "title", .kind = DAWR_UI_LABEL, .rect = { 100, 50, 800, 120 }, .text = text,
                                        .size_px = 72, .dir = DAWR_DIR_RTL, .fg = white, .weight = DAWR_WEIGHT_BOLD });
    dawr_ui_add(ui, &(dawr_ui_element){ .name = "ok", .kind = DAWR_UI_BUTTON, .rect = { 100, 300, 400, 200 }, .text = "موافق",
                                        .size_px = 64, .align = DAWR_ALIGN_CENTER, .dir = DAWR_DIR_RTL, .fg = black,
                                        .bg = white, .radius_px = 24, .pad_px = 10 });
    dawr_ui_add(ui, &(dawr_ui_element){ .name = "cancel", .kind = DAWR_UI_BUTTON, .rect = { 600, 300, 400, 200 },
                                        .text = "Cancel", .size_px = 64, .align = DAWR_ALIGN_CENTER, .fg = white,
                                        .bg = { 120, 20, 20, 255 }, .flags = DAWR_UI_FIT });
    dawr_ui_present(ui);
}

static void script_taps_and_dump(void)
{
    const char *dir = scratch_dir("ui-script");
    char script[700], shots[700], dump[700];
    snprintf(script, sizeof script, "%s/script", dir);
    snprintf(shots, sizeof shots, "%s/shots", dir);
    snprintf(dump, sizeof dump, "%s/layout.json", dir);
    /* a tap on ok; a press on cancel that slides off (no tap); a tap by point on ok; a key */
    write_file(script, "# comment\ntap ok\nwait 20\npress cancel\nwait 10\nscreenshot pressed\nwait 10\n"
                       "release\ntap 300 400\nkey Escape\ntype 42\nquit\n");
    dawr_ui_opts o = { .screen_width_mm = 1210 };
    char *argv[] = { "prog", "--script", script, "--screenshot-dir", shots, "--dump-layout=x", "--size", "1280x720", "keep", NULL };
    int argc = 9;
    char err[256];
    REQUIRE(dawr_ui_parse_args(&o, &argc, argv, err, sizeof err) == 0, "%s", err);
    CHECK_INT(argc, 2);
    CHECK_STR(argv[1], "keep");
    o.dump_layout_path = dump;
    dawr_ui *ui = dawr_ui_open(&o, err, sizeof err);
    REQUIRE(ui, "open: %s", err);
    int w, h;
    dawr_ui_size(ui, &w, &h);
    CHECK(w == 1280 && h == 720, "size %dx%d", w, h);
    CHECK(fabs(dawr_ui_px_per_mm(ui) - 1280 / 1210.0) < 1e-9, "px per mm");
    int taps = 0, escapes = 0, quit = 0, typed = 0;
    bool saw_pressed = false;
    Uint64 start = SDL_GetTicks64();
    while (!quit && SDL_GetTicks64() - start < 5000) {
        SDL_Event ev;
        if (dawr_ui_wait_event(ui, &ev, 100)) {
            if (ev.type == SDL_QUIT) quit = 1;
            if (ev.type == SDL_KEYDOWN && ev.key.keysym.sym == SDLK_ESCAPE) escapes++;
            if (ev.type == SDL_TEXTINPUT && !strcmp(ev.text.text, "42")) typed++;
            if (ev.type == SDL_MOUSEBUTTONDOWN) {   /* slide off cancel before releasing */
                const char *tapped = dawr_ui_handle_event(ui, &ev);
                (void)tapped;
                if (dawr_ui_pressed(ui) && !strcmp(dawr_ui_pressed(ui), "cancel")) {
                    saw_pressed = true;
                    SDL_Event move = { .motion = { .type = SDL_MOUSEMOTION, .state = SDL_BUTTON_LMASK, .x = 50, .y = 50 } };
                    dawr_ui_handle_event(ui, &move);
                    CHECK(dawr_ui_pressed(ui) == NULL, "sliding off cancels the press");
                }
                continue;
            }
            const char *tapped = dawr_ui_handle_event(ui, &ev);
            if (tapped) {
                CHECK_STR(tapped, "ok");
                taps++;
                dawr_ui_invalidate(ui);
            }
        }
        if (dawr_ui_dirty(ui)) draw(ui, taps);
    }
    CHECK_INT(quit, 1);
    CHECK_INT(taps, 2);
    CHECK_INT(escapes, 1);
    CHECK_INT(typed, 1);
    CHECK(saw_pressed, "cancel was pressed");
    const dawr_ui_element *ok = dawr_ui_find(ui, "ok");
    CHECK(ok && ok->rect.w == 400, "find ok");
    dawr_ui_close(ui);

    char path[800];
    snprintf(path, sizeof path, "%s/001-home.png", shots);
    CHECK(access(path, R_OK) == 0, "%s", path);
    snprintf(path, sizeof path, "%s/003-pressed.png", shots);
    CHECK(access(path, R_OK) == 0, "%s", path);
    json_error_t je;
    json_t *j = json_load_file(dump, 0, &je);
    REQUIRE(j, "dump: %s", je.text);
    CHECK_INT(json_integer_value(json_object_get(j, "width")), 1280);
    json_t *screens = json_object_get(j, "screens");
    CHECK_INT(json_array_size(screens), 2);
    json_t *home = json_array_get(screens, 0);
    CHECK_STR(json_string_value(json_object_get(home, "screen")), "home");
    json_t *el = json_array_get(json_object_get(home, "elements"), 1);
    CHECK_STR(json_string_value(json_object_get(el, "name")), "ok");
    CHECK_STR(json_string_value(json_object_get(el, "kind")), "button");
    CHECK_STR(json_string_value(json_object_get(el, "text")), "موافق");
    double wmm = json_real_value(json_object_get(json_object_get(el, "rect_mm"), "w"));
    CHECK(fabs(wmm - 400 * 1210 / 1280.0) < 0.01, "rect_mm.w %f", wmm);
    CHECK(fabs(json_real_value(json_object_get(el, "contrast")) - 21) < 0.01, "contrast of black on white");
    CHECK(json_real_value(json_object_get(el, "ink_height_mm")) > 10, "ink height");
    CHECK_INT(json_integer_value(json_object_get(el, "notdef")), 0);
    /* the title has no fill: its contrast is against the screen's background */
    json_t *title = json_array_get(json_object_get(home, "elements"), 0);
    double c = json_real_value(json_object_get(title, "contrast"));
    CHECK(fabs(c - dawr_ui_contrast(white, navy)) < 0.01, "title contrast %f", c);
    json_decref(j);
}

static void bad_script_is_refused(void)
{
    const char *dir = scratch_dir("ui-bad");
    char script[700], err[512];
    snprintf(script, sizeof script, "%s/script", dir);
    write_file(script, "tap ok\nwait soon\n");
    dawr_ui_opts o = { .script_path = script };
    dawr_ui *ui = dawr_ui_open(&o, err, sizeof err);
    CHECK(!ui, "opened");
    CHECK(strstr(err, "script:2: wait needs milliseconds"), "%s", err);
    dawr_ui_close(ui);
    write_file(script, "jump 3\n");
    ui = dawr_ui_open(&o, err, sizeof err);
    CHECK(!ui && strstr(err, "script:1: unknown command \"jump\""), "%s", err);
    dawr_ui_close(ui);
    char *argv[] = { "prog", "--size", "big", NULL };
    int argc = 3;
    dawr_ui_opts o2 = { 0 };
    CHECK_INT(dawr_ui_parse_args(&o2, &argc, argv, err, sizeof err), -1);
}

static void ticket_words(void)
{
    char out[128];
    dawr_speech_ticket_words("A-023", DAWR_LANG_AR, out, sizeof out);
    CHECK_STR(out, "إيه 23");
    dawr_speech_ticket_words("B-100", DAWR_LANG_EN, out, sizeof out);
    CHECK_STR(out, "Bee 100");
    dawr_speech_ticket_words("C-007", DAWR_LANG_EN, out, sizeof out);
    CHECK_STR(out, "See 7");
}

static void speech_log_in_order(void)
{
    const char *dir = scratch_dir("ui-speech");
    char log[700], err[256];
    snprintf(log, sizeof log, "%s/speech.log", dir);
    /* with the dummy audio driver this really synthesises; the log is what tests read */
    dawr_speech *s = dawr_speech_open(&(dawr_speech_opts){ .log_path = log }, err, sizeof err);
    REQUIRE(s, "%s", err);
    CHECK_INT(dawr_speech_chime(s), 0);
    CHECK_INT(dawr_speech_say(s, DAWR_LANG_AR, "الرقم إيه 23"), 0);
    CHECK_INT(dawr_speech_say(s, DAWR_LANG_EN, "Number Ay 23"), 0);
    /* the dummy audio device plays in real time: the clips keep it busy for a while */
    bool audible = false;
    for (int i = 0; i < 400 && !audible; i++) { audible = dawr_speech_audible(s); SDL_Delay(5); }
    CHECK(audible, "espeak-ng did not start with the dummy audio driver");
    SDL_Delay(300);
    CHECK(dawr_speech_busy(s), "nothing queued or playing 300 ms after three clips");
    dawr_speech_close(s);
    FILE *f = fopen(log, "r");
    char text[512] = "";
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = 0;
    if (f) fclose(f);
    CHECK_STR(text, "chime\nsay ar الرقم إيه 23\nsay en Number Ay 23\n");
    /* muted: logged, nothing opened */
    s = dawr_speech_open(&(dawr_speech_opts){ .mute = true }, err, sizeof err);
    CHECK(s && !dawr_speech_audible(s) && !dawr_speech_busy(s), "muted");
    dawr_speech_say(s, DAWR_LANG_AR, "مرحبا");
    dawr_speech_close(s);
}

/* GNOME's librsvg draws SVG DATA into a new W x H straight-alpha ARGB surface: the reference. */
static SDL_Surface *rsvg_reference(const char *data, size_t len, int w, int h)
{
    RsvgHandle *handle = rsvg_handle_new_from_data((const guint8 *)data, len, NULL);
    if (!handle) return NULL;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    cairo_surface_t *cs = cairo_image_surface_create_for_data(s->pixels, CAIRO_FORMAT_ARGB32, w, h, s->pitch);
    cairo_t *cr = cairo_create(cs);
    RsvgRectangle viewport = { 0, 0, w, h };
    rsvg_handle_render_document(handle, cr, &viewport, NULL);
    cairo_destroy(cr);
    cairo_surface_destroy(cs);
    g_object_unref(handle);
    return s;
}

/* Pixels of A and B (same size) whose alpha or colour differ by more than 48 of 255, per
 * mille; *MEAN the mean alpha difference. */
static int differing_per_mille(SDL_Surface *a, SDL_Surface *b, double *mean)
{
    long far = 0, sum = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            Uint32 p = ((Uint32 *)((Uint8 *)a->pixels + y * a->pitch))[x], q = ((Uint32 *)((Uint8 *)b->pixels + y * b->pitch))[x];
            int worst = 0, pa = (int)(p >> 24), qa = (int)(q >> 24);
            for (int shift = 0; shift < 32; shift += 8) {
                /* premultiplied, so that the colour of nearly transparent pixels weighs nothing */
                int u = (int)(p >> shift & 255), v = (int)(q >> shift & 255);
                if (shift < 24) u = u * pa / 255, v = v * qa / 255;
                if (abs(u - v) > worst) worst = abs(u - v);
            }
            far += worst > 48;
            sum += abs(pa - qa);
        }
    *mean = (double)sum / (a->w * a->h);
    return (int)(far * 1000 / (a->w * a->h));
}

static void icons_drawn_as_librsvg_draws_them(void)
{
    /* Every shipped pictogram at the sizes the kiosk uses, and the faces' kind of drawing. */
    char dir[1024], path[1400];
    dawr_asset_path("icons", dir, sizeof dir);
    DIR *d = opendir(dir);
    REQUIRE(d, "%s: no icons", dir);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".svg")) continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        static char data[8192];
        read_file_into(path, data, sizeof data);
        REQUIRE(*data, "%s unreadable", path);
        static const int SIZES[] = { 81, 145, 300 };
        for (int i = 0; i < 3; i++) {
            char err[256] = "";
            SDL_Surface *ours = dawr_svg_surface(data, strlen(data), SIZES[i], SIZES[i], err, sizeof err);
            SDL_Surface *ref = rsvg_reference(data, strlen(data), SIZES[i], SIZES[i]);
            CHECK(ours && ref, "%s at %d: not drawn (%s)", e->d_name, SIZES[i], err);
            if (ours && ref) {
                SDL_Surface *straight = SDL_ConvertSurfaceFormat(ref, SDL_PIXELFORMAT_ARGB8888, 0);
                /* cairo's premultiplied pixels made straight, as ours are */
                for (int y = 0; y < ref->h; y++)
                    for (int x = 0; x < ref->w; x++) {
                        Uint32 *px = (Uint32 *)((Uint8 *)straight->pixels + y * straight->pitch) + x, p = *px, a = p >> 24;
                        if (a && a < 255)
                            *px = a << 24 | ((p >> 16 & 255) * 255 / a) << 16 | ((p >> 8 & 255) * 255 / a) << 8 | ((p & 255) * 255 / a);
                    }
                double mean;
                int far = differing_per_mille(ours, straight, &mean);
                CHECK(far <= 1 && mean < 0.5, "%s at %d px: %d per mille of pixels differ from librsvg's, mean alpha difference %.2f",
                      e->d_name, SIZES[i], far, mean);
                SDL_FreeSurface(straight);
            }
            SDL_FreeSurface(ours);
            SDL_FreeSurface(ref);
        }
        files++;
    }
    closedir(d);
    CHECK(files >= 12, "%d icons compared", files);
    /* In colour, as the kiosk's faces are drawn: a disc, eyes, a quadratic smile, a rounded rectangle. */
    static const char FACE[] = "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'>"
                               "<circle cx='50' cy='50' r='46' fill='#A8E0B8' stroke='#111111' stroke-width='4.5'/>"
                               "<circle cx='34' cy='39' r='5' fill='#111111'/><ellipse cx='66' cy='39' rx='5' ry='7' fill='#111111'/>"
                               "<path d='M27 61 Q50 85 73 61' fill='none' stroke='#111111' stroke-width='4.5' stroke-linecap='round'/>"
                               "<rect x='10' y='80' width='30' height='12' rx='4' fill='rgb(200,40,40)' fill-opacity='0.5'"
                               " transform='rotate(10 25 86)'/></svg>";
    char err[256] = "";
    SDL_Surface *ours = dawr_svg_surface(FACE, strlen(FACE), 256, 256, err, sizeof err), *ref = rsvg_reference(FACE, strlen(FACE), 256, 256);
    REQUIRE(ours && ref, "face: not drawn (%s)", err);
    for (int y = 0; y < ref->h; y++)
        for (int x = 0; x < ref->w; x++) {
            Uint32 *px = (Uint32 *)((Uint8 *)ref->pixels + y * ref->pitch) + x, p = *px, a = p >> 24;
            if (a && a < 255) *px = a << 24 | ((p >> 16 & 255) * 255 / a) << 16 | ((p >> 8 & 255) * 255 / a) << 8 | ((p & 255) * 255 / a);
        }
    double mean;
    int far = differing_per_mille(ours, ref, &mean);
    CHECK(far <= 1 && mean < 0.5, "face: %d per mille differ, mean %.2f", far, mean);
    SDL_FreeSurface(ours);
    SDL_FreeSurface(ref);
}

/* What the renderer does not draw is refused with a reason (the kiosk then shows words alone),
 * never drawn wrong. */
static void unsupported_svg_is_refused(void)
{
    static const char *const BAD[] = {
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><text x='1' y='9'>A</text></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><path d='M1 1L9 9' fill='url(#g)'/></svg>",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><path d='M1 1 Xq'/></svg>",
        "<html/>",
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><path d='M1 1L9 9'</svg>",
    };
    for (int i = 0; i < 5; i++) {
        char err[256] = "";
        SDL_Surface *s = dawr_svg_surface(BAD[i], strlen(BAD[i]), 32, 32, err, sizeof err);
        CHECK(!s && *err, "case %d: drawn (%s)", i, err);
        SDL_FreeSurface(s);
    }
    /* An editor's own elements and a title are no drawing: left out, the rest drawn. */
    static const char OK[] = "<svg xmlns='http://www.w3.org/2000/svg' xmlns:sodipodi='x' viewBox='0 0 10 10'>"
                             "<title>t</title><sodipodi:namedview><x/></sodipodi:namedview>"
                             "<rect x='0' y='0' width='10' height='10' style='fill: #ffffff'/></svg>";
    char err[256] = "";
    SDL_Surface *s = dawr_svg_surface(OK, strlen(OK), 8, 8, err, sizeof err);
    REQUIRE(s, "drawn: %s", err);
    CHECK(((Uint32 *)s->pixels)[4 * s->pitch / 4 + 4] == 0xFFFFFFFF, "white square: %08x", ((Uint32 *)s->pixels)[4 * s->pitch / 4 + 4]);
    SDL_FreeSurface(s);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "contrast_formula", contrast_formula },
        { "script_taps_and_dump", script_taps_and_dump },
        { "bad_script_is_refused", bad_script_is_refused },
        { "ticket_words", ticket_words },
        { "speech_log_in_order", speech_log_in_order },
        { "icons_drawn_as_librsvg_draws_them", icons_drawn_as_librsvg_draws_them },
        { "unsupported_svg_is_refused", unsupported_svg_is_refused },
        { NULL, NULL },
    };
    int rc = harness_main("ui", cases, argc, argv);
    SDL_Quit();
    return rc;
}
