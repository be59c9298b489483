/* The UI shell: window, retained elements drawn with the text pipeline, taps, scripts,
 * screenshots and the layout dump. One thread: everything runs in the program's loop. */
#include "ui_sdl.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "text_png.h"
#include "text_sdl.h"

#define CACHE_MAX 160             /* text textures kept between frames */
#define CACHE_AGE 600             /* frames a texture is kept without use */
#define MAX_SCREENS 64

typedef enum { STEP_TAP, STEP_PRESS, STEP_RELEASE, STEP_WAIT, STEP_KEY, STEP_TYPE, STEP_SHOT, STEP_DUMP, STEP_QUIT } step_kind;

typedef struct {
    step_kind kind;
    char *arg;                    /* element name, key name, text or screenshot name; may be NULL */
    int x, y, ms;
    bool at_point;                /* tap/press X Y rather than by name */
    int line;
} step;

typedef struct {                  /* an element as kept for this frame */
    dawr_ui_element e;
    double contrast;              /* of its text against what is behind it; 0 = no text */
    int ink_h;                    /* height of the text's ink, pixels */
    SDL_Rect ink;                 /* where the text's ink was drawn (its lines' width), pixels */
    SDL_Rect icon;                /* where the icon was drawn; w 0 = none */
    int notdef;                   /* .notdef glyphs in its text */
} item;

typedef struct {
    char *text;
    dawr_layout_opts o;
    SDL_Color fg;
    SDL_Texture *tex;
    int w, h, ink_top, ink_h;
    bool rtl;                     /* direction of its (first) paragraph, for alignment */
    int notdef;                   /* glyphs no installed face has */
    unsigned long long used;
} cached;

struct dawr_ui {
    dawr_ui_opts o;
    SDL_Window *win;
    SDL_Renderer *ren;
    dawr_text *text;
    int w, h;
    double px_per_mm;
    bool dirty;
    bool headless;                /* SDL's dummy or offscreen video driver */
    unsigned long long frame;
    Uint64 frame_start;           /* SDL's performance counter when the frame began */

    char screen[64];
    char last_shot_screen[64];
    SDL_Color background;
    item *items;
    int n_items, cap_items;

    char *pressed;                /* name of the button held down */
    char tapped[128];

    cached cache[CACHE_MAX];

    step *steps;
    int n_steps, next_step;
    Uint64 step_due_ms;           /* SDL ticks: the shell times its script by SDL's clock */
    char *pending_shot;
    int shot_seq;
    int press_x, press_y;         /* where the script's press went down */

    FILE *frame_log;
    json_t *screens;              /* {screen name: [elements]} for the dump */
};

/* Wall-clock microseconds, for the frame log's lines. */
static long long unix_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* --- options ------------------------------------------------------------------------- */

int dawr_ui_parse_args(dawr_ui_opts *o, int *argc, char **argv, char *err, size_t err_size)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (!strcmp(a, "--script")) slot = &o->script_path;
        else if (!strcmp(a, "--screenshot-dir")) slot = &o->screenshot_dir;
        else if (!strcmp(a, "--frame-log")) slot = &o->frame_log_path;
        else if (!strcmp(a, "--dump-layout")) { o->dump_layout_path = "-"; continue; }
        else if (!strncmp(a, "--dump-layout=", 14)) { o->dump_layout_path = a + 14; continue; }
        else if (!strcmp(a, "--windowed")) { o->windowed = true; continue; }
        else if (!strcmp(a, "--at")) {
            if (i + 1 >= *argc || sscanf(argv[i + 1], "%d,%d", &o->x, &o->y) != 2 || o->x < -16384 || o->y < -16384 ||
                o->x > 16384 || o->y > 16384) {
                snprintf(err, err_size, "--at needs X,Y on the desktop, e.g. 0,0");
                return -1;
            }
            o->placed = true;
            i++;
            continue;
        } else if (!strcmp(a, "--size")) {
            if (i + 1 >= *argc || sscanf(argv[i + 1], "%dx%d", &o->width, &o->height) != 2 || o->width < 64 ||
                o->height < 64 || o->width > 16384 || o->height > 16384) {
                snprintf(err, err_size, "--size needs WIDTHxHEIGHT, e.g. 1920x1080");
                return -1;
            }
            i++;
            continue;
        } else { argv[out++] = argv[i]; continue; }
        if (i + 1 >= *argc || !*argv[i + 1]) {
            snprintf(err, err_size, "%s needs a value", a);
            return -1;
        }
        *slot = argv[++i];
    }
    argv[out] = NULL;
    *argc = out;
    return 0;
}

/* --- script ---------------------------------------------------------------------------- */

static int load_script(dawr_ui *ui, const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f) { snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno)); return -1; }
    char line[1024];
    int n = 0, rc = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        line[strcspn(line, "\r\n")] = 0;
        char *s = line + strspn(line, " \t");
        if (!*s || *s == '#') continue;
        char word[32] = "", rest[1000] = "";
        int used = 0;
        sscanf(s, "%31s %n", word, &used);
        snprintf(rest, sizeof rest, "%s", s + used);
        for (size_t k = strlen(rest); k && (rest[k - 1] == ' ' || rest[k - 1] == '\t'); k--) rest[k - 1] = 0;
        step st = { .line = n };
        int x, y, ms;
        char tail;
        if (!strcmp(word, "tap") || !strcmp(word, "press")) {
            st.kind = word[0] == 't' ? STEP_TAP : STEP_PRESS;
            if (sscanf(rest, "%d %d %c", &x, &y, &tail) == 2) { st.at_point = true; st.x = x; st.y = y; }
            else if (!*rest) { snprintf(err, err_size, "%s:%d: %s needs a name or X Y", path, n, word); rc = -1; break; }
            else st.arg = strdup(rest);
        } else if (!strcmp(word, "release")) st.kind = STEP_RELEASE;
        else if (!strcmp(word, "quit")) st.kind = STEP_QUIT;
        else if (!strcmp(word, "wait")) {
            if (sscanf(rest, "%d %c", &ms, &tail) != 1 || ms < 0) {
                snprintf(err, err_size, "%s:%d: wait needs milliseconds, not \"%s\"", path, n, rest);
                rc = -1;
                break;
            }
            st.kind = STEP_WAIT;
            st.ms = ms;
        } else if (!strcmp(word, "key") || !strcmp(word, "type") || !strcmp(word, "screenshot") || !strcmp(word, "dump")) {
            st.kind = word[0] == 'k' ? STEP_KEY : word[0] == 't' ? STEP_TYPE : word[0] == 'd' ? STEP_DUMP : STEP_SHOT;
            if (!*rest) { snprintf(err, err_size, "%s:%d: %s needs a value", path, n, word); rc = -1; break; }
            if (st.kind == STEP_KEY && SDL_GetKeyFromName(rest) == SDLK_UNKNOWN) {
                snprintf(err, err_size, "%s:%d: unknown key \"%s\" (SDL key names: Return, Escape, 5, A ...)", path, n, rest);
                rc = -1;
                break;
            }
            st.arg = strdup(rest);
        } else {
            snprintf(err, err_size, "%s:%d: unknown command \"%s\" (tap, press, release, wait, key, type, screenshot, dump, quit)",
                     path, n, word);
            rc = -1;
            break;
        }
        step *grown = realloc(ui->steps, (size_t)(ui->n_steps + 1) * sizeof *grown);
        if (!grown) { free(st.arg); snprintf(err, err_size, "out of memory"); rc = -1; break; }
        ui->steps = grown;
        ui->steps[ui->n_steps++] = st;
    }
    fclose(f);
    return rc;
}

static void push_mouse(dawr_ui *ui, Uint32 type, int x, int y)
{
    SDL_Event ev;
    memset(&ev, 0, sizeof ev);
    ev.type = type;
    ev.button.windowID = SDL_GetWindowID(ui->win);
    ev.button.button = SDL_BUTTON_LEFT;
    ev.button.state = type == SDL_MOUSEBUTTONDOWN ? SDL_PRESSED : SDL_RELEASED;
    ev.button.clicks = 1;
    ev.button.x = x;
    ev.button.y = y;
    ev.button.timestamp = SDL_GetTicks();
    SDL_PushEvent(&ev);
}

static bool step_point(dawr_ui *ui, const step *st, int *x, int *y)
{
    if (st->at_point) { *x = st->x; *y = st->y; return true; }
    const dawr_ui_element *e = dawr_ui_find(ui, st->arg);
    if (!e) {
        fprintf(stderr, "script line %d: no element \"%s\" on screen \"%s\"\n", st->line, st->arg, ui->screen);
        return false;
    }
    *x = e->rect.x + e->rect.w / 2;
    *y = e->rect.y + e->rect.h / 2;
    return true;
}

/* Plays the steps that are due: only after a frame is shown and none is pending, so taps
 * aim at what the screen shows. */
static void write_dump(dawr_ui *ui, const char *path);

/* The script's "dump NAME": the layout so far, now, beside the exit's dump (FILE.json becomes
 * FILE-NAME.json), so one run measures a screen in several states. */
static void dump_now(dawr_ui *ui, const char *name)
{
    const char *path = ui->o.dump_layout_path;
    if (!path || !ui->screens || !ui->frame) return;
    if (!strcmp(path, "-")) { write_dump(ui, path); return; }
    char named[1200];
    size_t n = strlen(path);
    int ext = n > 5 && !strcmp(path + n - 5, ".json");
    snprintf(named, sizeof named, "%.*s-%s%s", (int)(ext ? n - 5 : n), path, name, ext ? ".json" : "");
    write_dump(ui, named);
}

static void run_script(dawr_ui *ui)
{
    while (ui->next_step < ui->n_steps && ui->frame > 0 && !ui->dirty && SDL_GetTicks64() >= ui->step_due_ms) {
        step *st = &ui->steps[ui->next_step++];
        int x, y;
        switch (st->kind) {
        case STEP_TAP:
            if (step_point(ui, st, &x, &y)) { push_mouse(ui, SDL_MOUSEBUTTONDOWN, x, y); push_mouse(ui, SDL_MOUSEBUTTONUP, x, y); }
            return;               /* let the program draw what the tap changed */
        case STEP_PRESS:
            if (step_point(ui, st, &x, &y)) { ui->press_x = x; ui->press_y = y; push_mouse(ui, SDL_MOUSEBUTTONDOWN, x, y); }
            return;
        case STEP_RELEASE:
            push_mouse(ui, SDL_MOUSEBUTTONUP, ui->press_x, ui->press_y);
            return;
        case STEP_WAIT:
            ui->step_due_ms = SDL_GetTicks64() + (Uint64)st->ms;
            break;
        case STEP_KEY: {
            SDL_Event ev;
            memset(&ev, 0, sizeof ev);
            ev.type = SDL_KEYDOWN;
            ev.key.windowID = SDL_GetWindowID(ui->win);
            ev.key.state = SDL_PRESSED;
            ev.key.keysym.sym = SDL_GetKeyFromName(st->arg);
            ev.key.keysym.scancode = SDL_GetScancodeFromKey(ev.key.keysym.sym);
            SDL_PushEvent(&ev);
            ev.type = SDL_KEYUP;
            ev.key.state = SDL_RELEASED;
            SDL_PushEvent(&ev);
            return;
        }
        case STEP_TYPE: {
            SDL_Event ev;
            memset(&ev, 0, sizeof ev);
            ev.type = SDL_TEXTINPUT;
            ev.text.windowID = SDL_GetWindowID(ui->win);
            /* An event holds 31 bytes: a longer text (a slip's QR) comes in pieces, as a
             * scanner's keys do, never cut inside a character. */
            const char *p = st->arg;
            while (*p) {
                size_t n = strlen(p) < sizeof ev.text.text - 1 ? strlen(p) : sizeof ev.text.text - 1;
                while (n && (p[n] & 0xC0) == 0x80) n--;
                memcpy(ev.text.text, p, n);
                ev.text.text[n] = 0;
                SDL_PushEvent(&ev);
                p += n;
            }
            return;
        }
        case STEP_SHOT:
            dawr_ui_request_screenshot(ui, st->arg);
            return;
        case STEP_DUMP:
            dump_now(ui, st->arg);
            return;
        case STEP_QUIT: {
            SDL_Event ev;
            memset(&ev, 0, sizeof ev);
            ev.type = SDL_QUIT;
            SDL_PushEvent(&ev);
            return;
        }
        }
    }
}

int dawr_ui_wait_event(dawr_ui *ui, SDL_Event *ev, int timeout_ms)
{
    run_script(ui);
    if (SDL_PollEvent(ev)) return 1;
    if (ui->dirty) return 0;
    if (ui->next_step < ui->n_steps) {
        Uint64 now = SDL_GetTicks64();
        int ms = ui->step_due_ms <= now ? 1 : (int)(ui->step_due_ms - now);
        if (timeout_ms < 0 || ms < timeout_ms) timeout_ms = ms;
    }
    if (timeout_ms == 0) return 0;
    if (ui->headless) {
        /* SDL's dummy drivers wait by polling every millisecond; nothing but our own script
         * can send events there, so sleep the whole time instead. */
        SDL_Delay(timeout_ms < 0 || timeout_ms > 100 ? 100 : (Uint32)timeout_ms);
        return SDL_PollEvent(ev) ? 1 : 0;
    }
    return SDL_WaitEventTimeout(ev, timeout_ms) ? 1 : 0;
}

/* --- opening and closing --------------------------------------------------------------- */

dawr_ui *dawr_ui_open(const dawr_ui_opts *opts, char *err, size_t err_size)
{
    dawr_ui *ui = calloc(1, sizeof *ui);
    if (!ui) { snprintf(err, err_size, "out of memory"); return NULL; }
    ui->o = *opts;
    if (ui->o.script_path && load_script(ui, ui->o.script_path, err, err_size) < 0) goto fail;
    if (ui->o.screenshot_dir && mkdir(ui->o.screenshot_dir, 0755) < 0 && errno != EEXIST) {
        snprintf(err, err_size, "%s: cannot create: %s", ui->o.screenshot_dir, strerror(errno));
        goto fail;
    }
    if (ui->o.frame_log_path && !(ui->frame_log = fopen(ui->o.frame_log_path, "w"))) {
        snprintf(err, err_size, "%s: cannot open: %s", ui->o.frame_log_path, strerror(errno));
        goto fail;
    }
    if (ui->frame_log) setvbuf(ui->frame_log, NULL, _IOLBF, 0);
    ui->screens = json_object();
    ui->text = dawr_text_new(NULL, err, err_size);
    if (!ui->text) goto fail;
    SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) < 0) {
        snprintf(err, err_size, "cannot start SDL video: %s", SDL_GetError());
        goto fail;
    }
    int w = ui->o.width, h = ui->o.height;
    const char *driver = SDL_GetCurrentVideoDriver();
    bool headless = ui->headless = driver && (!strcmp(driver, "dummy") || !strcmp(driver, "offscreen"));
    SDL_DisplayMode mode;
    if (!w || !h) {
        if (!headless && SDL_GetDesktopDisplayMode(0, &mode) == 0) { w = mode.w; h = mode.h; }
        else { w = 1920; h = 1080; }
    }
    Uint32 flags = ui->o.windowed || headless || ui->o.width ? 0 : SDL_WINDOW_FULLSCREEN_DESKTOP;
    ui->win = SDL_CreateWindow(ui->o.title ? ui->o.title : "Dawr", ui->o.placed ? ui->o.x : (int)SDL_WINDOWPOS_CENTERED,
                               ui->o.placed ? ui->o.y : (int)SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!ui->win) { snprintf(err, err_size, "cannot open a %dx%d window: %s", w, h, SDL_GetError()); goto fail; }
    ui->ren = SDL_CreateRenderer(ui->win, -1, 0);
    if (!ui->ren) { snprintf(err, err_size, "cannot create a renderer: %s", SDL_GetError()); goto fail; }
    SDL_GetRendererOutputSize(ui->ren, &ui->w, &ui->h);
    if (!ui->o.windowed && !headless) SDL_ShowCursor(SDL_DISABLE);
    if (ui->o.screen_width_mm > 0) ui->px_per_mm = ui->w / ui->o.screen_width_mm;
    else if (ui->o.screen_height_mm > 0) ui->px_per_mm = ui->h / ui->o.screen_height_mm;
    else ui->px_per_mm = 96 / 25.4;
    ui->dirty = true;
    return ui;
fail:
    dawr_ui_close(ui);
    return NULL;
}

static void write_dump(dawr_ui *ui, const char *path)
{
    json_t *root = json_pack("{s:i, s:i, s:f, s:[]}", "width", ui->w, "height", ui->h, "px_per_mm", ui->px_per_mm,
                             "screens");
    json_t *list = json_object_get(root, "screens");
    const char *name;
    json_t *elements;
    json_object_foreach(ui->screens, name, elements)
        json_array_append_new(list, json_pack("{s:s, s:O}", "screen", name, "elements", elements));
    int flags = JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(5);
    if (!strcmp(path, "-")) {
        json_dumpf(root, stdout, flags);
        fputc('\n', stdout);
        fflush(stdout);
    } else if (json_dump_file(root, path, flags) < 0)
        fprintf(stderr, "dawr-ui: cannot write the layout to %s\n", path);
    json_decref(root);
}

static void clear_items(dawr_ui *ui)
{
    for (int i = 0; i < ui->n_items; i++) { free((char *)ui->items[i].e.name); free((char *)ui->items[i].e.text); }
    ui->n_items = 0;
}

void dawr_ui_close(dawr_ui *ui)
{
    if (!ui) return;
    if (ui->o.dump_layout_path && ui->screens && ui->frame) write_dump(ui, ui->o.dump_layout_path);
    clear_items(ui);
    free(ui->items);
    for (int i = 0; i < CACHE_MAX; i++) {
        free(ui->cache[i].text);
        if (ui->cache[i].tex) SDL_DestroyTexture(ui->cache[i].tex);
    }
    for (int i = 0; i < ui->n_steps; i++) free(ui->steps[i].arg);
    free(ui->steps);
    free(ui->pending_shot);
    free(ui->pressed);
    json_decref(ui->screens);
    if (ui->frame_log) fclose(ui->frame_log);
    if (ui->ren) SDL_DestroyRenderer(ui->ren);
    if (ui->win) SDL_DestroyWindow(ui->win);
    if (SDL_WasInit(SDL_INIT_VIDEO)) SDL_QuitSubSystem(SDL_INIT_VIDEO);
    dawr_text_free(ui->text);
    free(ui);
}

SDL_Renderer *dawr_ui_renderer(dawr_ui *ui) { return ui->ren; }
void dawr_ui_size(const dawr_ui *ui, int *w, int *h) { *w = ui->w; *h = ui->h; }
double dawr_ui_px_per_mm(const dawr_ui *ui) { return ui->px_per_mm; }
int dawr_ui_mm(const dawr_ui *ui, double mm) { return (int)lround(mm * ui->px_per_mm); }
void dawr_ui_invalidate(dawr_ui *ui) { ui->dirty = true; }
bool dawr_ui_dirty(const dawr_ui *ui) { return ui->dirty; }
const char *dawr_ui_pressed(const dawr_ui *ui) { return ui->pressed; }

/* --- events ------------------------------------------------------------------------------ */

static const dawr_ui_element *button_at(const dawr_ui *ui, int x, int y)
{
    for (int i = ui->n_items - 1; i >= 0; i--) {
        const dawr_ui_element *e = &ui->items[i].e;
        SDL_Point p = { x, y };
        if (e->kind == DAWR_UI_BUTTON && SDL_PointInRect(&p, &e->rect)) return e;
    }
    return NULL;
}

const char *dawr_ui_handle_event(dawr_ui *ui, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) SDL_GetRendererOutputSize(ui->ren, &ui->w, &ui->h);
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED || ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED)
            ui->dirty = true;
        return NULL;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        ui->dirty = true;
        return NULL;
    case SDL_MOUSEBUTTONDOWN: {
        const dawr_ui_element *b = button_at(ui, ev->button.x, ev->button.y);
        free(ui->pressed);
        ui->pressed = b ? strdup(b->name) : NULL;
        if (b) ui->dirty = true;
        return NULL;
    }
    case SDL_MOUSEMOTION:
        if (ui->pressed && (ev->motion.state & SDL_BUTTON_LMASK)) {
            const dawr_ui_element *b = button_at(ui, ev->motion.x, ev->motion.y);
            if (!b || strcmp(b->name, ui->pressed)) {   /* slid off: cancelled */
                free(ui->pressed);
                ui->pressed = NULL;
                ui->dirty = true;
            }
        }
        return NULL;
    case SDL_MOUSEBUTTONUP: {
        if (!ui->pressed) return NULL;
        const dawr_ui_element *b = button_at(ui, ev->button.x, ev->button.y);
        const char *result = NULL;
        if (b && !strcmp(b->name, ui->pressed)) {
            snprintf(ui->tapped, sizeof ui->tapped, "%s", b->name);
            result = ui->tapped;
        }
        free(ui->pressed);
        ui->pressed = NULL;
        ui->dirty = true;
        return result;
    }
    default:
        return NULL;
    }
}

/* --- drawing ------------------------------------------------------------------------------ */

static double luminance(SDL_Color c)
{
    double ch[3] = { c.r / 255.0, c.g / 255.0, c.b / 255.0 };
    for (int i = 0; i < 3; i++) ch[i] = ch[i] <= 0.03928 ? ch[i] / 12.92 : pow((ch[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
}

double dawr_ui_contrast(SDL_Color a, SDL_Color b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

SDL_Color dawr_ui_mix(SDL_Color a, SDL_Color b, float t)
{
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    SDL_Color c = { (Uint8)lroundf(a.r + (b.r - a.r) * t), (Uint8)lroundf(a.g + (b.g - a.g) * t),
                    (Uint8)lroundf(a.b + (b.b - a.b) * t), (Uint8)lroundf(a.a + (b.a - a.a) * t) };
    return c;
}

static void fill_round(SDL_Renderer *r, SDL_Rect rc, int radius, SDL_Color c)
{
    if (rc.w <= 0 || rc.h <= 0) return;
    SDL_SetRenderDrawColor(r, c.r, c.g, c.b, c.a);
    SDL_SetRenderDrawBlendMode(r, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    if (radius * 2 > rc.w) radius = rc.w / 2;
    if (radius * 2 > rc.h) radius = rc.h / 2;
    if (radius <= 1) { SDL_RenderFillRect(r, &rc); return; }
    SDL_Rect mid = { rc.x, rc.y + radius, rc.w, rc.h - 2 * radius };
    SDL_RenderFillRect(r, &mid);
    SDL_Rect rows[2 * 256];
    int n = 0;
    if (radius > 256) radius = 256;
    for (int i = 0; i < radius; i++) {
        double dy = radius - i - 0.5;
        int inset = (int)lround(radius - sqrt((double)radius * radius - dy * dy));
        rows[n++] = (SDL_Rect){ rc.x + inset, rc.y + i, rc.w - 2 * inset, 1 };
        rows[n++] = (SDL_Rect){ rc.x + inset, rc.y + rc.h - 1 - i, rc.w - 2 * inset, 1 };
    }
    SDL_RenderFillRects(r, rows, n);
}

/* The texture of a text, from the cache or made now. */
static cached *text_texture(dawr_ui *ui, const char *text, const dawr_layout_opts *o, SDL_Color fg)
{
    cached *slot = NULL;
    for (int i = 0; i < CACHE_MAX; i++) {
        cached *c = &ui->cache[i];
        if (c->tex && !memcmp(&c->o, o, sizeof *o) && !memcmp(&c->fg, &fg, sizeof fg) && !strcmp(c->text, text)) {
            c->used = ui->frame + 1;
            return c;
        }
        if (!slot || !c->tex || (slot->tex && c->used < slot->used)) slot = c;
    }
    dawr_layout *l = dawr_text_layout(ui->text, text, (size_t)-1, o);
    if (!l) return NULL;
    size_t n_lines = 0;
    const dawr_line *lines = dawr_layout_lines(l, &n_lines);
    bool rtl = n_lines ? lines[0].rtl : o->dir == DAWR_DIR_RTL;
    int notdef = (int)dawr_layout_notdef_count(l);
    SDL_Surface *s = dawr_text_sdl_surface(l, fg, 0);
    dawr_layout_free(l);
    if (!s) return NULL;
    int top = -1, bottom = -1;
    for (int y = 0; y < s->h; y++) {
        const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < s->w; x++)
            if (row[x] >> 24 > 64) { if (top < 0) top = y; bottom = y; break; }
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(ui->ren, s);
    int w = s->w, h = s->h;
    SDL_FreeSurface(s);
    if (!tex) return NULL;
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    if (slot->tex) SDL_DestroyTexture(slot->tex);
    free(slot->text);
    *slot = (cached){ .text = strdup(text), .o = *o, .fg = fg, .tex = tex, .w = w, .h = h,
                      .ink_top = top < 0 ? 0 : top, .ink_h = top < 0 ? 0 : bottom - top + 1, .used = ui->frame + 1,
                      .rtl = rtl, .notdef = notdef };
    if (!slot->text) { SDL_DestroyTexture(tex); slot->tex = NULL; return NULL; }
    return slot;
}

/* Options for E's text, shrunk to fit when asked. */
static dawr_layout_opts text_opts(dawr_ui *ui, const dawr_ui_element *e, int avail)
{
    dawr_layout_opts o = { .size_px = e->size_px > 0 ? e->size_px : 24, .dir = e->dir, .align = e->align,
                           .weight = e->weight, .line_em = e->line_em };
    int avail_h = e->rect.h - 2 * e->pad_px;
    if ((e->flags & DAWR_UI_FIT) && !(e->flags & DAWR_UI_WRAP)) {
        /* one line: as wide as the rectangle; its line box may exceed the height a little,
         * since ink rarely fills the ascender and descender */
        dawr_layout *l = dawr_text_layout(ui->text, e->text, (size_t)-1, &o);
        float w = l ? dawr_layout_width(l) : 0, h = l ? dawr_layout_height(l) : 0;
        dawr_layout_free(l);
        float scale = 1;
        if (w > avail && w > 0) scale = avail / w;
        if (h * scale > avail_h * 1.3f && h > 0 && avail_h > 0) scale = avail_h * 1.3f / h;
        if (scale < 1) o.size_px = floorf(o.size_px * scale * 0.98f);
    } else if (e->flags & DAWR_UI_FIT) {
        /* wrapped: smaller until the lines fit the height */
        o.width_px = avail > 1 ? (float)avail : 1;
        for (int i = 0; i < 12 && o.size_px > 6; i++) {
            dawr_layout *l = dawr_text_layout(ui->text, e->text, (size_t)-1, &o);
            bool fits = !l || dawr_layout_height(l) <= avail_h;
            size_t n = 0;
            const dawr_line *lines = l ? dawr_layout_lines(l, &n) : NULL;
            for (size_t k = 0; k < n; k++) fits = fits && lines[k].width <= avail + 1;
            dawr_layout_free(l);
            if (fits) break;
            o.size_px = floorf(o.size_px * 0.9f);
        }
    }
    if (o.size_px < 6) o.size_px = 6;
    /* Wrapped text is aligned by the layout; one line is as wide as its ink and placed in the
     * rectangle here, so a rectangle that moves or changes width reuses the texture. */
    o.width_px = e->flags & DAWR_UI_WRAP ? (avail > 1 ? (float)avail : 1) : 0;
    return o;
}

int dawr_ui_text_height(dawr_ui *ui, const dawr_ui_element *e)
{
    if (!e->text || !*e->text) return 2 * e->pad_px;
    dawr_layout_opts o = text_opts(ui, e, e->rect.w - 2 * e->pad_px);
    dawr_layout *l = dawr_text_layout(ui->text, e->text, (size_t)-1, &o);
    int h = l ? (int)ceilf(dawr_layout_height(l)) : 0;
    dawr_layout_free(l);
    return h + 2 * e->pad_px;
}

/* What is behind the element's centre among those drawn before it: for the contrast. */
static SDL_Color backdrop(const dawr_ui *ui, const dawr_ui_element *e)
{
    if (e->bg.a == 255) return e->bg;
    SDL_Point p = { e->rect.x + e->rect.w / 2, e->rect.y + e->rect.h / 2 };
    for (int i = ui->n_items - 1; i >= 0; i--) {
        const dawr_ui_element *b = &ui->items[i].e;
        if (b->bg.a == 255 && SDL_PointInRect(&p, &b->rect)) return b->bg;
    }
    return ui->background;
}

void dawr_ui_begin(dawr_ui *ui, const char *screen, SDL_Color background)
{
    ui->frame_start = SDL_GetPerformanceCounter();
    clear_items(ui);
    snprintf(ui->screen, sizeof ui->screen, "%s", screen);
    ui->background = background;
    SDL_SetRenderDrawBlendMode(ui->ren, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(ui->ren, background.r, background.g, background.b, 255);
    SDL_RenderClear(ui->ren);
}

int dawr_ui_add(dawr_ui *ui, const dawr_ui_element *src)
{
    if (ui->n_items == ui->cap_items) {
        int cap = ui->cap_items ? ui->cap_items * 2 : 64;
        item *grown = realloc(ui->items, (size_t)cap * sizeof *grown);
        if (!grown) return -1;
        ui->items = grown;
        ui->cap_items = cap;
    }
    dawr_ui_element e = *src;
    bool pressed = e.kind == DAWR_UI_BUTTON && ui->pressed && e.name && !strcmp(ui->pressed, e.name);
    if (pressed && e.bg.a) e.bg = dawr_ui_mix(e.bg, (SDL_Color){ 0, 0, 0, 255 }, 0.35f);
    SDL_Color behind = backdrop(ui, &e);
    /* Fill and border. */
    if (e.border.a && e.border_px > 0) {
        fill_round(ui->ren, e.rect, e.radius_px, e.border);
        SDL_Rect in = { e.rect.x + e.border_px, e.rect.y + e.border_px, e.rect.w - 2 * e.border_px, e.rect.h - 2 * e.border_px };
        fill_round(ui->ren, in, e.radius_px - e.border_px, e.bg.a ? e.bg : behind);
    } else if (e.bg.a)
        fill_round(ui->ren, e.rect, e.radius_px, e.bg);
    if (pressed) {                 /* a pressed button shows it at once: a thick light edge */
        SDL_SetRenderDrawColor(ui->ren, 255, 255, 255, 255);
        for (int k = 0; k < 6; k++) {
            SDL_Rect edge = { e.rect.x + k, e.rect.y + k, e.rect.w - 2 * k, e.rect.h - 2 * k };
            SDL_RenderDrawRect(ui->ren, &edge);
        }
    }
    if (e.kind == DAWR_UI_IMAGE && e.image) {
        int tw, th;
        SDL_QueryTexture(e.image, NULL, NULL, &tw, &th);
        double s = fmin((double)e.rect.w / tw, (double)e.rect.h / th);
        SDL_Rect dst = { e.rect.x + (int)(e.rect.w - tw * s) / 2, e.rect.y + (int)(e.rect.h - th * s) / 2,
                         (int)(tw * s), (int)(th * s) };
        SDL_RenderCopy(ui->ren, e.image, NULL, &dst);
    }
    item it = { .e = e };
    if (e.icon && e.icon_px > 0) {
        /* The icon above the text (or at its start); the text keeps the rest of the rectangle. */
        int s = e.icon_px, start = e.flags & DAWR_UI_ICON_START;
        bool rtl = e.dir == DAWR_DIR_RTL;
        SDL_Rect dst = start ? (SDL_Rect){ rtl ? e.rect.x + e.rect.w - e.pad_px - s : e.rect.x + e.pad_px, e.rect.y + (e.rect.h - s) / 2, s, s }
                             : (SDL_Rect){ e.rect.x + (e.rect.w - s) / 2, e.rect.y + e.pad_px, s, s };
        SDL_SetTextureColorMod(e.icon, e.fg.r, e.fg.g, e.fg.b);
        SDL_RenderCopy(ui->ren, e.icon, NULL, &dst);
        it.icon = dst;
        if (start) { e.rect.w -= s + e.pad_px; if (!rtl) e.rect.x += s + e.pad_px; }
        else { e.rect.y += s + e.pad_px; e.rect.h -= s + e.pad_px; }
    }
    if (e.text && *e.text) {
        int avail = e.rect.w - 2 * e.pad_px;
        dawr_layout_opts o = text_opts(ui, &e, avail);
        cached *c = text_texture(ui, e.text, &o, e.fg);
        if (c) {
            int y;
            if (e.flags & (DAWR_UI_TOP | DAWR_UI_WRAP)) {
                y = e.flags & DAWR_UI_TOP ? e.rect.y + e.pad_px : e.rect.y + (e.rect.h - c->h) / 2;
            } else
                y = e.rect.y + (e.rect.h - c->ink_h) / 2 - c->ink_top;
            int x = e.rect.x + e.pad_px;
            if (!(e.flags & DAWR_UI_WRAP)) {
                bool right = e.align == DAWR_ALIGN_START ? c->rtl : e.align == DAWR_ALIGN_END ? !c->rtl : false;
                x += e.align == DAWR_ALIGN_CENTER ? (avail - c->w) / 2 : right ? avail - c->w : 0;
            }
            SDL_Rect dst = { x, y, c->w, c->h };
            SDL_RenderCopy(ui->ren, c->tex, NULL, &dst);
            it.ink_h = c->ink_h;
            it.ink = (SDL_Rect){ dst.x, dst.y + c->ink_top, c->w, c->ink_h };
            it.notdef = c->notdef;
        }
        it.contrast = dawr_ui_contrast(e.fg, e.bg.a == 255 ? e.bg : behind);
    }
    it.e.rect = src->rect;          /* taps and the dump: the whole element, icon included */
    it.e.name = strdup(e.name ? e.name : "");
    it.e.text = e.text ? strdup(e.text) : NULL;
    if (!it.e.name || (e.text && !it.e.text)) { free((char *)it.e.name); free((char *)it.e.text); return -1; }
    ui->items[ui->n_items++] = it;
    return 0;
}

const dawr_ui_element *dawr_ui_find(const dawr_ui *ui, const char *name)
{
    for (int i = 0; i < ui->n_items; i++)
        if (!strcmp(ui->items[i].e.name, name)) return &ui->items[i].e;
    return NULL;
}

static json_t *rect_json(SDL_Rect r, double scale)
{
    return json_pack("{s:f, s:f, s:f, s:f}", "x", r.x * scale, "y", r.y * scale, "w", r.w * scale, "h", r.h * scale);
}

static void keep_layout(dawr_ui *ui)
{
    static const char *const kinds[] = { "label", "button", "box", "image" };
    json_t *list = json_array();
    double mm = 1 / ui->px_per_mm;
    for (int i = 0; i < ui->n_items; i++) {
        const item *it = &ui->items[i];
        if (it->e.flags & DAWR_UI_HIDDEN_DUMP) continue;
        json_t *o = json_pack("{s:s, s:s, s:{s:i, s:i, s:i, s:i}, s:o}", "name", it->e.name, "kind", kinds[it->e.kind],
                              "rect", "x", it->e.rect.x, "y", it->e.rect.y, "w", it->e.rect.w, "h", it->e.rect.h,
                              "rect_mm", rect_json(it->e.rect, mm));
        json_object_set_new(o, "text", it->e.text ? json_string(it->e.text) : json_null());
        if (it->e.text && *it->e.text) {
            json_object_set_new(o, "text_px", json_real(it->e.size_px));
            json_object_set_new(o, "ink_height_mm", json_real(round(it->ink_h * mm * 10) / 10));
            json_object_set_new(o, "ink_rect_mm", rect_json(it->ink, mm));
            json_object_set_new(o, "contrast", json_real(round(it->contrast * 100) / 100));
            json_object_set_new(o, "notdef", json_integer(it->notdef));
        } else
            json_object_set_new(o, "contrast", json_null());
        if (it->e.bg.a == 255) {
            char fill[8];
            snprintf(fill, sizeof fill, "#%02X%02X%02X", it->e.bg.r, it->e.bg.g, it->e.bg.b);
            json_object_set_new(o, "fill", json_string(fill));
        }
        if (it->icon.w) json_object_set_new(o, "icon_rect_mm", rect_json(it->icon, mm));
        json_array_append_new(list, o);
    }
    json_object_set_new(ui->screens, ui->screen, list);
}

/* Writes the renderer's current frame to PATH as PNG. Returns 0 or -1 (logged). */
static int screenshot(dawr_ui *ui, const char *path)
{
    size_t stride = (size_t)ui->w * 4;
    unsigned char *px = malloc(stride * (size_t)ui->h);
    if (!px) return -1;
    int rc = -1;
    char err[512];
    if (SDL_RenderReadPixels(ui->ren, NULL, SDL_PIXELFORMAT_RGBA32, px, (int)stride) < 0)
        fprintf(stderr, "dawr-ui: cannot read the frame: %s\n", SDL_GetError());
    else {
        for (size_t i = 3; i < stride * (size_t)ui->h; i += 4) px[i] = 255;
        rc = dawr_png_write(path, DAWR_PNG_RGBA, px, ui->w, ui->h, stride, 0, err, sizeof err);
        if (rc < 0) fprintf(stderr, "dawr-ui: %s\n", err);
    }
    free(px);
    return rc;
}

static SDL_Texture *load_png(dawr_ui *ui, const char *path, bool round)
{
    char err[512];
    int w, h;
    uint8_t *px = dawr_png_read(path, DAWR_PNG_RGBA, &w, &h, err, sizeof err);
    if (!px) {
        fprintf(stderr, "dawr-ui: cannot read %s\n", err);
        return NULL;
    }
    /* A round badge printed on white paper: its corners outside the circle become transparent,
     * the circle's edge smooth (coverage over half a pixel either side). */
    double rad = fmin(w, h) / 2.0;
    for (int y = 0; round && y < h; y++)
        for (int x = 0; x < w; x++) {
            double d = hypot(x + 0.5 - w / 2.0, y + 0.5 - h / 2.0), cover = fmin(1, fmax(0, rad - d + 0.5));
            px[((size_t)y * w + x) * 4 + 3] = (uint8_t)lround(px[((size_t)y * w + x) * 4 + 3] * cover);
        }
    SDL_Texture *tex = NULL;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(px, w, h, 32, w * 4, SDL_PIXELFORMAT_RGBA32);
    if (s) { tex = SDL_CreateTextureFromSurface(ui->ren, s); SDL_FreeSurface(s); }
    if (tex) SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    else fprintf(stderr, "dawr-ui: cannot make a texture of %s: %s\n", path, SDL_GetError());
    free(px);
    return tex;
}

SDL_Texture *dawr_ui_load_png(dawr_ui *ui, const char *path) { return load_png(ui, path, false); }

SDL_Texture *dawr_ui_load_round_png(dawr_ui *ui, const char *path) { return load_png(ui, path, true); }

void dawr_ui_request_screenshot(dawr_ui *ui, const char *name)
{
    free(ui->pending_shot);
    ui->pending_shot = strdup(name);
    ui->dirty = true;
}

void dawr_ui_present(dawr_ui *ui)
{
    char path[1024];
    if (ui->o.screenshot_dir && (strcmp(ui->last_shot_screen, ui->screen) || ui->pending_shot)) {
        snprintf(path, sizeof path, "%s/%03d-%s.png", ui->o.screenshot_dir, ++ui->shot_seq,
                 ui->pending_shot ? ui->pending_shot : ui->screen);
        screenshot(ui, path);
        snprintf(ui->last_shot_screen, sizeof ui->last_shot_screen, "%s", ui->screen);
    }
    free(ui->pending_shot);
    ui->pending_shot = NULL;
    if (ui->o.dump_layout_path) keep_layout(ui);
    SDL_RenderPresent(ui->ren);
    ui->frame++;
    ui->dirty = false;
    /* Textures not used for a long time go. */
    for (int i = 0; i < CACHE_MAX; i++)
        if (ui->cache[i].tex && ui->cache[i].used + CACHE_AGE < ui->frame) {
            SDL_DestroyTexture(ui->cache[i].tex);
            free(ui->cache[i].text);
            memset(&ui->cache[i], 0, sizeof ui->cache[i]);
        }
    if (ui->frame_log)
        fprintf(ui->frame_log, "frame %lld %lld %s\n", unix_us(),
                (long long)((SDL_GetPerformanceCounter() - ui->frame_start) * 1000000 / SDL_GetPerformanceFrequency()),
                ui->screen);
}

void dawr_ui_log(dawr_ui *ui, const char *fmt, ...)
{
    if (!ui->frame_log) return;
    fprintf(ui->frame_log, "%lld ", unix_us());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(ui->frame_log, fmt, ap);
    va_end(ap);
    fputc('\n', ui->frame_log);
}
