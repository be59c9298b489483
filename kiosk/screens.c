#include "screens.h"

#include "hours.h"
#include "palette.h"
#include "receipt.h"
#include "text_date.h"
#include "text_speak.h"
#include "text_i18n.h"
#include "text_template.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sizes in millimetres on the glass. Choices are far above the minimums (20 mm targets,
 * 5 mm gaps, 8 mm text): a hand that shakes needs room, eyes of 80 need size. */
#define MARGIN 8.0
#define GAP 8.0
#define HEADER 34.0
#define FOOTER 30.0
#define CHOICE_EM 12.0      /* em size of choice words; Arabic and Latin ink is >= 8 mm */
#define BIG_EM 15.0
#define BUTTON_EM 11.5   /* the least for any button: cap height 0.71 em >= 8 mm */
#define BODY_EM 8.0
#define SMALL_EM 6.5
#define ARABIC_ZERO_SCALE 2.6  /* "٠" drawn this much larger reads as tall as the other digits */
#define INFO_EM 8.5      /* what a visitor must act on: cap height 0.71 em >= 6 mm */
#define TILE_ICON 28.0   /* a visit reason's pictogram: at least 25 mm, seen from a step away */
#define FOOTER_ICON 20.0 /* the speaker and the raised hand in the footer's 30 mm buttons */

typedef struct {
    const kiosk_view *v;
    const kiosk_flow *f;
    double ppm, wmm, hmm;
    int w, h, rtl, portrait;
    char buf[12][512];      /* texts composed for this frame (the shell copies them) */
    int nbuf;
} ctx;

static char *scratch(ctx *c) { return c->buf[c->nbuf++ % 12]; }

static SDL_Color sdl(kiosk_rgb c) { return (SDL_Color){ c.r, c.g, c.b, 255 }; }

static int px(const ctx *c, double mm) { return (int)lround(mm * c->ppm); }

/* A rectangle given from the start of the line (the right in Arabic), in mm. */
static SDL_Rect place(const ctx *c, double x, double y, double w, double h)
{
    int x0 = px(c, x), x1 = px(c, x + w), y0 = px(c, y), y1 = px(c, y + h);
    SDL_Rect r = { c->rtl ? c->w - x1 : x0, y0, x1 - x0, y1 - y0 };
    return r;
}

/* Element flags of the kiosk's own, above the shell's: how an element is heard. */
enum {
    SILENT = 1 << 12,        /* not spoken (its words are spoken by another item) */
    HEAR_ONLY = 1 << 13,     /* spoken when tapped in hear-first, not in the whole screen's reading */
    KIOSK_FLAGS = SILENT | HEAR_ONLY,
};

/* Records what element NAME says, in LANG, in reading order (the order drawn). */
static void say(ctx *c, const char *name, dawr_lang lang, const char *text, int whole)
{
    kiosk_spoken *s = c->v->spoken;
    if (!s || !text || !*text || s->count >= KIOSK_SPOKEN_MAX) return;
    kiosk_spoken_item *it = &s->item[s->count];
    snprintf(it->name, sizeof it->name, "%s", name);
    it->lang = lang;
    it->whole = whole;
    if (dawr_text_speakable(text, it->text, sizeof it->text)) s->count++;
}

/* The button hear-first said last is outlined thick, so the eye follows the ear. */
static int heard(const ctx *c, const char *name) { return c->f->hear_first && !strcmp(c->f->heard, name); }

/* The element as the shell gets it (not added). */
static dawr_ui_element element_of(const ctx *c, dawr_ui_kind kind, const char *name, SDL_Rect r, const char *text,
                                  double em, const kiosk_colors *k, int flags)
{
    dawr_ui_element e = {
        .name = name, .kind = kind, .rect = r, .text = text, .size_px = (float)(em * c->ppm),
        .weight = kind == DAWR_UI_BUTTON || em >= CHOICE_EM ? DAWR_WEIGHT_BOLD : DAWR_WEIGHT_REGULAR,
        .align = kind == DAWR_UI_BUTTON ? DAWR_ALIGN_CENTER : DAWR_ALIGN_START,
        .dir = c->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR,
        .fg = sdl(k->fg), .bg = sdl(k->bg), .border = sdl(k->border),
        .border_px = kind == DAWR_UI_BUTTON ? px(c, 0.8) : 0,
        .radius_px = kind == DAWR_UI_LABEL ? 0 : px(c, 4),
        .pad_px = px(c, 3), .flags = flags,   /* line spacing: the layout's, by script */
    };
    return e;
}

/* The height in mm a label's TEXT needs at EM in a box W mm wide: the room it is given. */
static double label_mm(const ctx *c, const char *text, double em, double w)
{
    dawr_ui_element e = element_of(c, DAWR_UI_LABEL, "", place(c, 0, 0, w, 10), text, em, kiosk_palette(KIOSK_STYLE_PAGE),
                                   DAWR_UI_WRAP | DAWR_UI_TOP);
    return dawr_ui_text_height(c->v->ui, &e) / c->ppm + 1;
}

/* The texture of pictogram ICON (assets/icons/ICON.svg) MM tall, cached by the shell's icons;
 * NULL without one, or when it cannot be drawn (the element then shows its words alone). */
static SDL_Texture *icon_of(const ctx *c, const char *icon, double mm)
{
    if (!c->v->icons || !icon || !*icon) return NULL;
    char file[128], path[1024];
    snprintf(file, sizeof file, "icons/%s.svg", icon);
    return dawr_icons_get(c->v->icons, dawr_asset_path(file, path, sizeof path), px(c, mm));
}

/* An element in colours K, with the pictogram ICON (may be NULL) ICON_MM tall above its words,
 * or at their start with DAWR_UI_ICON_START. */
static void element_with(ctx *c, dawr_ui_kind kind, const char *name, SDL_Rect r, const char *text, double em,
                         const kiosk_colors *k, int flags, const char *icon, double icon_mm)
{
    if (!(flags & (SILENT | DAWR_UI_HIDDEN_DUMP))) say(c, name, c->f->lang, text, !(flags & HEAR_ONLY));
    flags &= ~KIOSK_FLAGS;
    dawr_ui_element e = element_of(c, kind, name, r, text, em, k, flags);
    e.icon = icon_of(c, icon, icon_mm);
    e.icon_px = e.icon ? px(c, icon_mm) : 0;
    if (kind == DAWR_UI_LABEL && k == kiosk_palette(KIOSK_STYLE_PAGE)) e.bg.a = 0;
    if (kind == DAWR_UI_BUTTON && heard(c, name)) {
        e.border = sdl(kiosk_palette(KIOSK_STYLE_PAGE)->fg);
        e.border_px = px(c, 2.5);
    }
    dawr_ui_add(c->v->ui, &e);
}

static void element(ctx *c, dawr_ui_kind kind, const char *name, SDL_Rect r, const char *text, double em,
                    kiosk_style style, int flags)
{
    element_with(c, kind, name, r, text, em, kiosk_palette(style), flags, NULL, 0);
}

static void button_as(ctx *c, const char *name, SDL_Rect r, const char *text, double em, kiosk_style style, int flags)
{
    element(c, DAWR_UI_BUTTON, name, r, text, em, style, DAWR_UI_WRAP | flags);
}

/* A button with the pictogram ICON ICON_MM tall (above its words, or at their start with DAWR_UI_ICON_START). */
static void icon_button(ctx *c, const char *name, SDL_Rect r, const char *text, double em, const kiosk_colors *k, int flags,
                        const char *icon, double icon_mm)
{
    element_with(c, DAWR_UI_BUTTON, name, r, text, em, k, DAWR_UI_WRAP | flags, icon, icon_mm);
}

static void button(ctx *c, const char *name, SDL_Rect r, const char *text, double em, kiosk_style style)
{
    button_as(c, name, r, text, em, style, 0);
}

static void label(ctx *c, const char *name, SDL_Rect r, const char *text, double em, kiosk_style style, int flags)
{
    element(c, DAWR_UI_LABEL, name, r, text, em, style, flags | DAWR_UI_WRAP);
}

static void centred_as(ctx *c, const char *name, SDL_Rect r, const char *text, double em, kiosk_style style, int flags)
{
    if (!(flags & SILENT)) say(c, name, c->f->lang, text, 1);
    const kiosk_colors *k = kiosk_palette(style);
    dawr_ui_element e = {
        .name = name, .kind = DAWR_UI_LABEL, .rect = r, .text = text, .size_px = (float)(em * c->ppm),
        .weight = DAWR_WEIGHT_BOLD, .align = DAWR_ALIGN_CENTER, .dir = c->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR,
        .fg = sdl(k->fg), .bg = sdl(k->bg), .radius_px = px(c, 4), .pad_px = px(c, 3), .flags = DAWR_UI_WRAP,
    };
    if (style == KIOSK_STYLE_PAGE) e.bg.a = 0;
    dawr_ui_add(c->v->ui, &e);
}

static void centred(ctx *c, const char *name, SDL_Rect r, const char *text, double em, kiosk_style style)
{
    centred_as(c, name, r, text, em, style, 0);
}

/* The association's name in the visitor's language (dawr.conf). */
static const char *association(const ctx *c)
{
    const dawr_association_settings *a = dawr_config_association(c->f->cfg);
    return c->f->lang == DAWR_LANG_AR ? a->name_ar : a->name_en;
}

/* The name and logo, and today's date in both calendars, on every screen. */
static void header(ctx *c)
{
    double logo = 26;
    /* The association's logo, the file its receipts print; without it, the name alone. */
    if (c->v->logo)
        dawr_ui_add(c->v->ui, &(dawr_ui_element){ .name = "logo", .kind = DAWR_UI_IMAGE, .rect = place(c, MARGIN, 4, logo, logo),
                                                  .image = c->v->logo });
    double x = MARGIN + logo + 5, w = c->wmm - x - MARGIN;
    dawr_ui_element e = {
        .name = "association", .kind = DAWR_UI_LABEL, .rect = place(c, x, 3, w, 17), .text = association(c),
        .size_px = (float)((c->portrait ? 7.5 : 9) * c->ppm), .weight = DAWR_WEIGHT_BOLD, .align = DAWR_ALIGN_START,
        .dir = c->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR, .fg = sdl(kiosk_palette(KIOSK_STYLE_PAGE)->fg), .flags = DAWR_UI_FIT,
    };
    dawr_ui_add(c->v->ui, &e);
    int home = c->f->screen == KIOSK_HOME || c->f->screen == KIOSK_CLOSED;   /* heard in full once, not before every screen */
    say(c, "association", c->f->lang, e.text, home);
    char *date = scratch(c);
    long long now = dawr_clock_now() / 1000;
    const char *tz = dawr_config_settings(c->f->cfg)->timezone;
    if (home && dawr_text_speak_date(now, tz, c->f->lang, date, 512) >= 0) say(c, "date", c->f->lang, date, 1);
    if (dawr_date_format_both(now, tz, c->f->lang, date, 512) < 0) date[0] = 0;
    e.name = "date";
    e.rect = place(c, x, 20, w, 13);
    e.text = date;
    e.size_px = (float)((c->portrait ? 5.5 : 6.5) * c->ppm);
    e.weight = DAWR_WEIGHT_REGULAR;
    dawr_ui_add(c->v->ui, &e);
}

/* The row of help, listen, language and home at the foot of every screen. */
static void footer(ctx *c, int with_home)
{
    kiosk_screen s = c->f->screen;
    int language = s != KIOSK_MAINT && s != KIOSK_MAINT_PIN;
    double y = c->hmm - MARGIN - FOOTER, x = MARGIN, avail = c->wmm - 2 * MARGIN, help_y = y;
    if (c->portrait) y -= FOOTER + GAP;   /* help gets a row of its own, below (drawn last: reading order) */
    /* After a need was chosen, the reasons' screen offers the way back for another (or to take one back). */
    int more_needs = s == KIOSK_SERVICES && c->f->needs;
    int n = (with_home ? 1 : 0) + more_needs + 1 + language + !c->portrait;
    double weights[5], total = 0;
    const char *names[5], *texts[5];
    kiosk_style styles[5];
    int i = 0;
    if (with_home) { names[i] = "home"; texts[i] = s == KIOSK_HELP ? dawr_tr(c->f->lang, "Back") : dawr_tr(c->f->lang, "Home");
                     styles[i] = KIOSK_STYLE_SECONDARY; weights[i++] = 1.2; }
    if (more_needs) {
        names[i] = "needs"; texts[i] = dawr_tr(c->f->lang, "Another need"); styles[i] = KIOSK_STYLE_SECONDARY;
        weights[i++] = c->portrait ? 2.2 : 1.3;   /* landscape: five in a row, help keeps its words on one line */
    }
    names[i] = "listen"; texts[i] = c->v->reading ? dawr_tr(c->f->lang, "Stop") : dawr_tr(c->f->lang, "Listen"); styles[i] = KIOSK_STYLE_SECONDARY;
    weights[i++] = 1;
    if (language) { names[i] = "language"; texts[i] = c->f->lang == DAWR_LANG_AR ? "English" : "العربية"; styles[i] = KIOSK_STYLE_SECONDARY;
                    weights[i++] = 1; }
    if (!c->portrait) { names[i] = "help"; texts[i] = dawr_tr(c->f->lang, "I need help"); styles[i] = KIOSK_STYLE_HELP;
                        weights[i++] = more_needs ? 2.1 : 1.8; }
    for (int j = 0; j < n; j++) total += weights[j];
    double unit = (avail - GAP * (n - 1)) / total;
    for (int j = 0; j < n; j++) {
        double w = unit * weights[j];
        int other = !strcmp(names[j], "language");  /* "English" is said by the English voice */
        /* a speaker for "Listen", a raised hand for help: known without reading */
        const char *icon = !strcmp(names[j], "listen") ? "listen" : !strcmp(names[j], "help") ? "help" : NULL;
        icon_button(c, names[j], place(c, x, y, w, FOOTER), texts[j], BUTTON_EM, kiosk_palette(styles[j]),
                    (other ? SILENT : 0) | DAWR_UI_ICON_START, icon, FOOTER_ICON);
        if (other) say(c, names[j], c->f->lang == DAWR_LANG_AR ? DAWR_LANG_EN : DAWR_LANG_AR, texts[j], 1);
        x += w + GAP;
    }
    if (c->portrait)
        icon_button(c, "help", place(c, MARGIN, help_y, avail, FOOTER), dawr_tr(c->f->lang, "I need help"), BUTTON_EM,
                    kiosk_palette(KIOSK_STYLE_HELP), DAWR_UI_ICON_START, "help", FOOTER_ICON);
}

/* The body between header and footer, in mm. */
static void body(const ctx *c, double *x, double *y, double *w, double *h)
{
    *x = MARGIN;
    *y = HEADER + 8;
    *w = c->wmm - 2 * MARGIN;
    double foot = c->portrait ? 2 * FOOTER + GAP : FOOTER;
    *h = c->hmm - MARGIN - foot - GAP - *y;
}

/* Lays N cells in a grid of COLS columns inside the rectangle; cell I's rectangle in mm. */
static void cell(int i, int cols, int rows, double x, double y, double w, double h, double *cx, double *cy,
                 double *cw, double *ch)
{
    *cw = (w - GAP * (cols - 1)) / cols;
    *ch = (h - GAP * (rows - 1)) / rows;
    *cx = x + (i % cols) * (*cw + GAP);
    *cy = y + (i / cols) * (*ch + GAP);
}

static void home(ctx *c)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    label(c, "greeting", place(c, x, y, w, 18), dawr_tr(c->f->lang, "Welcome, it is our pleasure to serve you"), 10, KIOSK_STYLE_PAGE, 0);
    y += 18 + GAP;
    h -= 18 + GAP;
    const char *take = dawr_tr(c->f->lang, "Please take a number"), *rate = dawr_tr(c->f->lang, "Please rate your visit");
    const kiosk_colors *primary = kiosk_palette(KIOSK_STYLE_PRIMARY), *second = kiosk_palette(KIOSK_STYLE_SELECTED);
    /* Taking a number is why most come: it is first, larger and louder; rating stays easy.
     * Priority or help below them (drawn after, in reading order): one tap more for those who
     * need it, none for the others. */
    double nh = 30;
    h -= nh + GAP;
    if (c->portrait) {
        double bh = (h - GAP) * 0.62;
        icon_button(c, "take_ticket", place(c, x, y, w, bh), take, BIG_EM, primary, 0, "take-number", 36);
        icon_button(c, "rate_visit", place(c, x, y + bh + GAP, w, h - bh - GAP), rate, CHOICE_EM, second, DAWR_UI_ICON_START,
                    "rate-visit", TILE_ICON);
    } else {
        double bw = (w - 2 * GAP) * 0.62;
        icon_button(c, "take_ticket", place(c, x, y, bw, h), take, BIG_EM, primary, 0, "take-number", 36);
        icon_button(c, "rate_visit", place(c, x + bw + 2 * GAP, y, w - bw - 2 * GAP, h), rate, CHOICE_EM, second, 0,
                    "rate-visit", TILE_ICON);
    }
    icon_button(c, "needs", place(c, x, y + h + GAP, w, nh),
                dawr_config_kiosk(c->f->cfg)->self_priority ? dawr_tr(c->f->lang, "I need priority or special help")
                                                            : dawr_tr(c->f->lang, "I need special help"),
                BUTTON_EM, kiosk_palette(KIOSK_STYLE_SECONDARY), DAWR_UI_ICON_START, "needs", 22);
}

/* The local "HH:MM" of T in LANG's digits into OUT (isolated, so it keeps its order in Arabic). */
static void clock_text(dawr_ms t, dawr_lang lang, char *out, size_t size)
{
    char text[32];
    dawr_clock_format(t, text, sizeof text);
    text[16] = 0;
    char *digits = dawr_digits_localize(text + 11, lang);
    dawr_text_isolate(digits ? digits : text + 11, 0, out, size);
    free(digits);
}

/* A prayer's name in LANG. */
static const char *prayer_word(dawr_lang lang, dawr_prayer p)
{
    static const char *const WORDS[DAWR_PRAYER_COUNT] = {
        [DAWR_PRAYER_FAJR] = NC_("prayer", "Fajr"), [DAWR_PRAYER_SUNRISE] = NC_("prayer", "Sunrise"),
        [DAWR_PRAYER_DHUHR] = NC_("prayer", "Dhuhr"), [DAWR_PRAYER_ASR] = NC_("prayer", "Asr"),
        [DAWR_PRAYER_MAGHRIB] = NC_("prayer", "Maghrib"), [DAWR_PRAYER_ISHA] = NC_("prayer", "Isha"),
    };
    return (unsigned)p < DAWR_PRAYER_COUNT ? dawr_trc(lang, "prayer", WORDS[p]) : "";
}

/* Closed: calmly, when the reception opens again (both calendars), where else the association
 * answers, and the rating of a visit made today still open. */
static void closed(ctx *c)
{
    const kiosk_flow *f = c->f;
    dawr_lang lang = f->lang;
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    centred(c, "closed_title", place(c, x, y, w, 22), dawr_tr(lang, "The reception is closed now"), CHOICE_EM, KIOSK_STYLE_PAGE);
    y += 22 + GAP / 2;
    char *next = scratch(c);
    next[0] = 0;
    if (f->hours.next_open) {
        char date[256], time[64];
        const char *tz = dawr_config_settings(f->cfg)->timezone;
        if (dawr_date_format(f->hours.next_open / 1000, tz, DAWR_CAL_GREGORIAN, lang, 1, date, sizeof date) < 0) date[0] = 0;
        clock_text(f->hours.next_open, lang, time, sizeof time);
        char hijri[160], both[512];
        if (dawr_date_format(f->hours.next_open / 1000, tz, DAWR_CAL_HIJRI, lang, 0, hijri, sizeof hijri) < 0) hijri[0] = 0;
        snprintf(both, sizeof both, "%s (%s)", date, hijri);
        dawr_template_fill(next, 512, dawr_tr(lang, "We open again on {date} at {time}"), "date", both, "time", time, NULL);
    }
    if (*next) {
        double rows = label_mm(c, next, INFO_EM + 0.5, w - 8) + 8;   /* bold, and the label's padding */
        centred(c, "next_open", place(c, x, y, w, rows), next, INFO_EM + 0.5, KIOSK_STYLE_PAGE);
        y += rows + GAP / 2;
    }
    const dawr_association_settings *a = dawr_config_association(f->cfg);
    char *channels = scratch(c);
    dawr_tr_channels(channels, 512, lang, a->website, a->whatsapp_count ? a->whatsapp[0] : NULL);
    if (*channels) {
        double rows = label_mm(c, channels, INFO_EM, w - 8) + 8;
        centred(c, "channels", place(c, x, y, w, rows), channels, INFO_EM, KIOSK_STYLE_PAGE);
        y += rows + GAP;
    }
    char *rate = scratch(c);
    snprintf(rate, 512, "\xE2\x98\x85\n%s", dawr_tr(lang, "Please rate your visit"));
    double bh = c->hmm - MARGIN - (c->portrait ? 2 * FOOTER + GAP : FOOTER) - GAP - y;
    if (bh > 60) bh = 60;
    button(c, "rate_visit", place(c, x + (c->portrait ? 0 : w / 4), y, c->portrait ? w : w / 2, bh), rate, CHOICE_EM,
           KIOSK_STYLE_SELECTED);
}

static void services(ctx *c)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    label(c, "title", place(c, x, y, w, 16), dawr_tr(c->f->lang, "Why are you visiting today? Touch your choice"), 10, KIOSK_STYLE_PAGE, 0);
    y += 16 + GAP;
    h -= 16 + GAP;
    int n = dawr_config_service_count(c->f->cfg);
    int cols = c->portrait ? 1 : 3, rows = c->portrait ? 6 : 2;
    /* A name a third of the row cannot hold beside its pictogram: two columns, four a page. */
    for (int i = 0; i < n && cols == 3; i++) {
        const dawr_service *sv = dawr_config_service(c->f->cfg, i);
        double cx, cy, cw, ch;
        cell(0, 3, 2, x, y, w, h - 26 - GAP, &cx, &cy, &cw, &ch);
        if (label_mm(c, c->f->lang == DAWR_LANG_AR ? sv->name_ar : sv->name_en, CHOICE_EM, cw - TILE_ICON - 12) > ch - 2) cols = 2;
    }
    int per = cols * rows;
    int pages = (n + per - 1) / per, page = c->f->page < pages ? c->f->page : pages - 1;
    int first = page * per, count = n - first < per ? n - first : per;
    if (pages > 1) h -= 26 + GAP;
    for (int i = 0; i < count; i++) {
        const dawr_service *sv = dawr_config_service(c->f->cfg, first + i);
        double cx, cy, cw, ch;
        cell(i, cols, rows, x, y, w, h, &cx, &cy, &cw, &ch);
        char *name = scratch(c);
        snprintf(name, 512, "service_%s", sv->id);
        const char *words = c->f->lang == DAWR_LANG_AR ? sv->name_ar : sv->name_en;
        /* Each reason its own colour and pictogram (dawr.conf), white on the deep fill. */
        kiosk_colors own = { .fg = { 255, 255, 255 }, .bg = { (uint8_t)(sv->colour >> 16), (uint8_t)(sv->colour >> 8), (uint8_t)sv->colour } };
        own.border = (kiosk_rgb){ (uint8_t)(own.bg.r / 2), (uint8_t)(own.bg.g / 2), (uint8_t)(own.bg.b / 2) };
        /* The pictogram above the words, or at their start when a long name needs the height. */
        int beside = c->portrait || label_mm(c, words, CHOICE_EM, cw - 6) + TILE_ICON + 6 > ch;
        icon_button(c, name, place(c, cx, cy, cw, ch), words, CHOICE_EM, &own, SILENT | (beside ? DAWR_UI_ICON_START : 0),
                    sv->icon, TILE_ICON);
        say(c, name, c->f->lang, words, 1);    /* the reason's name, never its pictogram */
    }
    if (pages > 1) {
        double py = y + h + GAP, bw = (w - GAP) / 2;
        if (page > 0) button(c, "page_prev", place(c, x, py, bw, 26), dawr_tr(c->f->lang, "Previous"), BUTTON_EM, KIOSK_STYLE_SECONDARY);
        if (page < pages - 1)
            button(c, "page_next", place(c, x + bw + GAP, py, bw, 26), dawr_tr(c->f->lang, "More"), BUTTON_EM, KIOSK_STYLE_SECONDARY);
    }

}

/* Priority and what would help: each a big button; one tap chooses and goes on. */
static void needs(ctx *c)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    /* The title is given the lines it takes (two in English on a portrait panel). */
    const char *title = dawr_tr(c->f->lang, "What would help you? Touch your choice; the staff will know");
    double th = fmax(16, label_mm(c, title, 10, w));
    label(c, "title", place(c, x, y, w, th), title, 10, KIOSK_STYLE_PAGE, 0);
    y += th + GAP;
    h -= th + GAP;
    int shown[DAWR_NEED_COUNT], n = 0;
    for (int i = 0; i < DAWR_NEED_COUNT; i++)
        if (kiosk_flow_offers_need(c->f, (dawr_need)i)) shown[n++] = i;
    int cols = c->portrait ? 1 : n > 4 ? 3 : 2, rows = (n + cols - 1) / cols;
    for (int k = 0; k < n; k++) {
        double cx, cy, cw, ch;
        cell(k, cols, rows, x, y, w, h, &cx, &cy, &cw, &ch);
        if (c->rtl) cx = x + w - (cx - x) - cw;
        char *name = scratch(c);
        snprintf(name, 512, "need_%s", dawr_need_tag((dawr_need)shown[k]));
        int prio = (dawr_needs_priority_mask() >> shown[k]) & 1, chosen = (c->f->needs >> shown[k]) & 1;
        const char *words = dawr_receipt_need_words((dawr_need)shown[k], c->f->lang);
        char *text = scratch(c), *heard_need = scratch(c);
        /* A need already chosen is marked, and said so: touching it again takes it back. */
        snprintf(text, 512, "%s%s", chosen ? "\xE2\x9C\x94 " : "", words);
        button_as(c, name, place(c, cx, cy, cw, ch), text, CHOICE_EM,
                  chosen ? KIOSK_STYLE_SECONDARY : prio ? KIOSK_STYLE_PRIMARY : KIOSK_STYLE_SELECTED, SILENT);
        snprintf(heard_need, 512, "%s%s%s", words, chosen ? ": " : "", chosen ? dawr_tr(c->f->lang, "chosen") : "");
        say(c, name, c->f->lang, heard_need, 1);
    }
}

/* The chosen needs' words, "hard of hearing, with a companion" (the Arabic comma in Arabic). */
static void needs_words(unsigned chosen, dawr_lang lang, char *out, size_t size)
{
    size_t n = 0;
    out[0] = 0;
    for (int i = 0; i < DAWR_NEED_COUNT && n < size; i++)
        if (chosen & (1u << i))
            n += (size_t)snprintf(out + n, size - n, "%s%s", n ? (lang == DAWR_LANG_AR ? "\xD8\x8C " : ", ") : "",
                                  dawr_receipt_need_words((dawr_need)i, lang));
}

/* "Noted: hard of hearing, with a companion; ..." for the chosen needs, in LANG; "" without. */
static void needs_noted(unsigned chosen, dawr_lang lang, char *out, size_t size)
{
    char words[512];
    out[0] = 0;
    needs_words(chosen, lang, words, sizeof words);
    if (*words)
        dawr_template_fill(out, size, dawr_tr(lang, "Noted: {need}; the staff will take care of it"), "need", words,
                           (const char *)NULL);
}

static void fill_number(const ctx *c, int n, char *out)
{
    dawr_number_format(n, 0, c->f->lang, out, 32);
}

/* NOTES' heading and its documents FROM up to TO (not included), into OUT; NL[i] is where
 * document i's line begins (its "\n"), NL[count] the end. */
static void doc_span(const char *notes, const char *const *nl, int from, int to, char *out, size_t size)
{
    snprintf(out, size, "%.*s%.*s", (int)(nl[0] - notes), notes, (int)(nl[to] - nl[from]), nl[from]);
}

/* Page F->page of the documents (NOTES: the heading, then a line each) and NOTICE, at full
 * width in the room X, Y, W, H, with the buttons that turn the pages at its foot and between
 * them the page's position ("1/2", in the language's digits). The pages' count; the page shown
 * in *SHOWN. */
static int ticket_pages(ctx *c, const dawr_service *sv, const char *notes, const char *notice, double x, double y,
                        double w, double h, int *shown)
{
    const double bar = 26, room = h - bar - GAP;
    int docs = sv->document_count, starts[DAWR_MAX_DOCUMENTS + 1], pages = 0;
    const char *nl[DAWR_MAX_DOCUMENTS + 1];
    for (int i = 0; i < docs; i++) {
        const char *p = strchr(i ? nl[i - 1] + 1 : notes, '\n');
        nl[i] = p ? p : notes + strlen(notes);
    }
    nl[docs] = notes + strlen(notes);
    char text[DAWR_MAX_DOCUMENTS * 256 + 128];
    /* Each page as many documents as its room holds, one at least however long. */
    for (int at = 0; at < docs; ) {
        starts[pages++] = at;
        int end = at + 1;
        for (; end < docs; end++) {
            doc_span(notes, nl, at, end + 1, text, sizeof text);
            if (label_mm(c, text, INFO_EM, w) > room) break;
        }
        at = end;
    }
    starts[pages] = docs;
    double need_n = *notice ? label_mm(c, notice, INFO_EM, w) : 0, last_h = 0;
    if (pages) {
        doc_span(notes, nl, starts[pages - 1], docs, text, sizeof text);
        last_h = label_mm(c, text, INFO_EM, w);
    }
    /* The notice after the last documents when it fits there, else on a page of its own. */
    int notice_alone = need_n > 0 && (!pages || last_h + 4 + need_n > room);
    int total = pages + notice_alone, page = c->f->page < total ? c->f->page : total - 1;
    if (page < pages) {
        doc_span(notes, nl, starts[page], starts[page + 1], text, sizeof text);
        double dh = label_mm(c, text, INFO_EM, w);
        label(c, "documents", place(c, x, y, w, dh), text, INFO_EM, KIOSK_STYLE_NOTICE, DAWR_UI_TOP | SILENT);
        if (page == pages - 1 && !notice_alone && need_n > 0)
            label(c, "notice", place(c, x, y + dh + 4, w, need_n), notice, INFO_EM, KIOSK_STYLE_NOTICE, DAWR_UI_TOP | SILENT);
    } else
        label(c, "notice", place(c, x, y, w, need_n), notice, INFO_EM, KIOSK_STYLE_NOTICE, DAWR_UI_TOP | SILENT);
    const double pos_w = total > 1 ? 40 : 0;     /* "12/16" at the buttons' size */
    double by = y + h - bar, bw = (w - pos_w - GAP * (total > 1 ? 2 : 1)) / 2;
    if (page > 0)
        button_as(c, "page_prev", place(c, x, by, bw, bar), dawr_tr(c->f->lang, "Previous"), BUTTON_EM, KIOSK_STYLE_SECONDARY, HEAR_ONLY);
    if (total > 1) {
        char *pos = scratch(c), one[32], all[32];
        fill_number(c, page + 1, one);
        fill_number(c, total, all);
        dawr_template_fill(pos, 512, dawr_trc(c->f->lang, "the ticket screen's page shown and their count", "{page}/{pages}"),
                           "page", one, "pages", all, (const char *)NULL);
        centred_as(c, "page_position", place(c, x + bw + GAP, by, pos_w, bar), pos, BUTTON_EM, KIOSK_STYLE_PAGE, SILENT);
    }
    if (page < total - 1)
        button_as(c, "page_next", place(c, x + w - bw, by, bw, bar), dawr_tr(c->f->lang, "More"), BUTTON_EM, KIOSK_STYLE_PRIMARY,
                  HEAR_ONLY);
    *shown = page;
    return total;
}

/* The ticket: the number and what the visitor must act on (people ahead, the wait, the printer,
 * what to bring, when the committee answers), none of it under 6 mm cap height (INFO_EM), and
 * each in a box of its own, so nothing is cut when the printer's words take room. Landscape: the
 * number's panel (with the people ahead and the wait) at the start, then the printing line and
 * the documents beside the notice. Portrait: the panel on top, then the rest in one column. */
static void ticket(ctx *c)
{
    const kiosk_flow *f = c->f;
    const dawr_service *sv = dawr_config_find_service(f->cfg, f->ticket.service);
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    double pw = c->portrait ? w : 150, ph = c->portrait ? 132 : h;
    element(c, DAWR_UI_BOX, "number_panel", place(c, x, y, pw, ph), NULL, 0, KIOSK_STYLE_NUMBER, DAWR_UI_HIDDEN_DUMP);
    centred_as(c, "your_number", place(c, x + 4, y + 3, pw - 8, 16), dawr_tr(c->f->lang, "Your number"), 9, KIOSK_STYLE_NUMBER, SILENT);
    char *code = scratch(c);
    dawr_text_isolate(f->ticket.code, 0, code, 512);
    centred_as(c, "number", place(c, x + 4, y + 20, pw - 8, 50), code, 40, KIOSK_STYLE_NUMBER, SILENT);
    /* Said as the waiting-room screen will call it: the letter's name, then the number. */
    char *spoken = scratch(c), letter[64];
    if (dawr_speech_ticket_words(f->ticket.code, f->lang, letter, sizeof letter) < 0) letter[0] = 0;
    snprintf(spoken, 512, "%s %s", dawr_tr(c->f->lang, "Your number"), letter);
    say(c, "number", f->lang, spoken, 1);
    double py = y + 71;
    if (sv) {
        centred(c, "reason", place(c, x + 4, py, pw - 8, c->portrait ? 18 : 32),
                f->lang == DAWR_LANG_AR ? sv->name_ar : sv->name_en, INFO_EM, KIOSK_STYLE_NUMBER);
        py += c->portrait ? 19 : 33;
    }
    dawr_lang lang = f->lang;
    char *ahead = scratch(c), *wait = scratch(c), people[128], mins[128];
    if (f->ticket.people_ahead == 0) snprintf(ahead, 512, "%s", dawr_tr(lang, "You are next"));
    else {
        dawr_tr_count(people, sizeof people, lang, "{n} person", "{n} people", f->ticket.people_ahead);
        snprintf(ahead, 512, "%s: %s", dawr_tr(lang, "Waiting before you"), people);
    }
    dawr_tr_count(mins, sizeof mins, lang, "{n} minute", "{n} minutes", f->ticket.wait_minutes > 0 ? f->ticket.wait_minutes : 1);
    snprintf(wait, 512, "%s: %s", dawr_tr(lang, "Estimated wait"), mins);
    int with_wait = f->ticket.people_ahead > 0 || f->ticket.wait_minutes > 0;   /* next, but after a prayer pause */
    double rows = y + ph - py - 3, row = with_wait ? rows / 2 : rows;
    element(c, DAWR_UI_LABEL, "people_ahead", place(c, x + 4, py, pw - 8, row), ahead, INFO_EM + 0.5, KIOSK_STYLE_NUMBER,
            DAWR_UI_WRAP);
    if (with_wait)
        element(c, DAWR_UI_LABEL, "estimated_wait", place(c, x + 4, py + row, pw - 8, row), wait, INFO_EM + 0.5,
                KIOSK_STYLE_NUMBER, DAWR_UI_WRAP);
    /* The printer's line, then what to bring and the committee's notice. */
    double ix = c->portrait ? x : x + pw + GAP, iy = c->portrait ? y + ph + GAP : y, iw = c->portrait ? w : w - pw - GAP;
    double ih = c->portrait ? h - ph - GAP : h;
    /* The needs the visitor chose, said back in words, above the printer's line. */
    if (f->ticket.needs) {
        char *noted = scratch(c);
        needs_noted(f->ticket.needs, lang, noted, 512);
        double nl = label_mm(c, noted, INFO_EM, iw);
        label(c, "needs_noted", place(c, ix, iy, iw, nl), noted, INFO_EM, KIOSK_STYLE_PAGE, DAWR_UI_TOP);
        iy += nl + 4;
        ih -= nl + 4;
    }
    /* Checked in for an appointment: its time, and kindly what an early or late arrival means. */
    dawr_ms appointment = f->ticket.appointment_at ? f->ticket.appointment_at : f->checked_in ? f->checkin.appointment.at : 0;
    if (appointment) {
        char *note = scratch(c), time[64];
        clock_text(appointment, lang, time, sizeof time);
        const char *form = !f->ticket.appointment_at
            ? dawr_tr(lang, "Your appointment was at {time}. You are checked in and will be served in the usual order.")
            : f->checked_in && f->checkin.kind == DAWR_CHECKIN_EARLY
            ? dawr_tr(lang, "For your appointment at {time}. You are early: we will call you near that time, or sooner "
                            "if your turn comes. No need to stand by the counter.")
            : dawr_tr(lang, "For your appointment at {time}");
        dawr_template_fill(note, 512, form, "time", time, (const char *)NULL);
        double al = label_mm(c, note, INFO_EM, iw);
        label(c, "appointment_note", place(c, ix, iy, iw, al), note, INFO_EM, KIOSK_STYLE_PAGE, DAWR_UI_TOP);
        iy += al + 4;
        ih -= al + 4;
    }
    /* A prayer pause on now or within the wait: when calling resumes (the estimate holds it). */
    const dawr_hours_now *hr = &f->hours;
    dawr_ms waited_until = f->ticket.issued_at + (dawr_ms)f->ticket.wait_minutes * 60000;
    if (f->have_hours && hr->pause.to && hr->pause_to > f->ticket.issued_at && (hr->paused || hr->pause_from < waited_until)) {
        char *pause = scratch(c), time[64];
        clock_text(hr->pause_to, lang, time, sizeof time);
        const char *form = hr->paused ? dawr_tr(lang, "The reception is paused for the {prayer} prayer; calling resumes at {time}")
                                      : dawr_tr(lang, "The reception pauses for the {prayer} prayer; calling resumes at {time}");
        dawr_template_fill(pause, 512, form,
                           "prayer", prayer_word(lang, hr->pause.prayer), "time", time, NULL);
        double pl = label_mm(c, pause, INFO_EM, iw);
        label(c, "pause_note", place(c, ix, iy, iw, pl), pause, INFO_EM, KIOSK_STYLE_PAGE, DAWR_UI_TOP);
        iy += pl + 4;
        ih -= pl + 4;
    }
    dawr_slip_status slip = { .state = DAWR_SLIP_NONE };
    if (f->slips) dawr_slips_of_ticket(f->slips, f->ticket.id, &slip);
    /* Held or failed: the ticket is still valid; the number stays large beside this line. */
    int trouble = slip.state == DAWR_SLIP_ATTENTION || slip.state == DAWR_SLIP_FAILED;
    const char *print = slip.state == DAWR_SLIP_PRINTING ? dawr_tr(c->f->lang, "Printing your number…")
                      : slip.state == DAWR_SLIP_PRINTED ? dawr_tr(c->f->lang, "Please take your printed ticket")
                      : trouble ? dawr_tr(c->f->lang, "Sorry, the number could not be printed") : dawr_tr(c->f->lang, "Please show this number to the staff when it is called");
    char *pline = scratch(c);
    const char *why = !trouble ? "" : f->lang == DAWR_LANG_AR ? slip.printer_ar : slip.printer_en;
    if (trouble && *why) snprintf(pline, 512, "%s (%s). %s", print, why, dawr_tr(c->f->lang, "Your number is valid; please show it to the staff"));
    else if (trouble) snprintf(pline, 512, "%s. %s", print, dawr_tr(c->f->lang, "Your number is valid; please show it to the staff"));
    else snprintf(pline, 512, "%s", print);
    double plh = fmax(label_mm(c, pline, INFO_EM, iw), 20);
    label(c, "printing", place(c, ix, iy, iw, plh), pline, INFO_EM, trouble ? KIOSK_STYLE_WARN : KIOSK_STYLE_PAGE,
          DAWR_UI_TOP);
    /* What to bring, and the service's own notice from dawr.conf (the committee's two weeks
     * only where configured) with the first day a reply may come, as on the receipt. */
    const char *own = !sv ? "" : f->lang == DAWR_LANG_AR || !*sv->notice_en ? sv->notice_ar : sv->notice_en;
    if (!sv || (!sv->document_count && !*own)) return;
    double ny = iy + plh + 4, nh = ih - plh - 4;
    /* Both written before they are placed: each gets the room it needs. */
    /* Room for every document a service may list (16 long lines): none is ever cut off. */
    char notes[DAWR_MAX_DOCUMENTS * 256 + 128];
    size_t len = (size_t)snprintf(notes, sizeof notes, "%s:", dawr_tr(f->lang, "Documents to bring"));
    for (int i = 0; i < sv->document_count && len < sizeof notes; i++)
        len += (size_t)snprintf(notes + len, sizeof notes - len, "\n\xE2\x80\xA2 %s",
                                f->lang == DAWR_LANG_EN && sv->documents_en[i] ? sv->documents_en[i] : sv->documents_ar[i]);
    char notice[2048], date[256], *heard_notice = scratch(c);
    int64_t reply = f->ticket.issued_at / 1000 + DAWR_REPLY_NOT_BEFORE_DAYS * 86400;
    const char *tz = dawr_config_settings(f->cfg)->timezone;
    if (dawr_date_format_both(reply, tz, f->lang, date, sizeof date) < 0) date[0] = 0;
    snprintf(notice, sizeof notice, "%s\n%s %s", own, dawr_tr(f->lang, "No reply before:"), date);
    /* More than the room holds (a long list, a long notice): pages the visitor turns, the
     * documents a few a page at full width, the notice after them; all are still heard. */
    double need_d = sv->document_count ? label_mm(c, notes, INFO_EM, c->portrait ? iw : (iw - GAP) * 0.54) : 0;
    double need_n = *own ? label_mm(c, notice, INFO_EM, c->portrait || !sv->document_count ? iw : iw - (iw - GAP) * 0.54 - GAP) : 0;
    int fits = c->portrait || !sv->document_count || !*own ? need_d + (need_d && need_n ? 4 : 0) + need_n <= nh
                                                           : need_d <= nh && need_n <= nh;
    int page = 0, pages = 1;
    if (!fits) {
        pages = ticket_pages(c, sv, notes, notice, ix, ny, iw, nh, &page);
        if (sv->document_count) say(c, "documents", f->lang, notes, 1);
    } else if (!sv->document_count || !*own) {              /* one of them: the whole room */
        if (sv->document_count) label(c, "documents", place(c, ix, ny, iw, nh), notes, INFO_EM, KIOSK_STYLE_NOTICE, DAWR_UI_TOP);
        else label(c, "notice", place(c, ix, ny, iw, nh), notice, INFO_EM, KIOSK_STYLE_NOTICE, DAWR_UI_TOP | SILENT);
    } else {
        /* Landscape: documents beside the notice; portrait: documents above it, the spare room shared. */
        double dw = c->portrait ? iw : (iw - GAP) * 0.54, dh = nh;
        if (c->portrait) {
            double need_d = label_mm(c, notes, INFO_EM, iw), need_n = label_mm(c, notice, INFO_EM, iw);
            dh = need_d + 4 + need_n <= nh ? need_d + (nh - need_d - need_n - 4) / 2 : nh * need_d / (need_d + need_n);
        }
        double tx = c->portrait ? ix : ix + dw + GAP, ty = c->portrait ? ny + dh + 4 : ny;
        double tw = c->portrait ? iw : iw - dw - GAP, th = c->portrait ? nh - dh - 4 : nh;
        label(c, "documents", place(c, ix, ny, dw, dh), notes, INFO_EM, KIOSK_STYLE_NOTICE, DAWR_UI_TOP);
        label(c, "notice", place(c, tx, ty, tw, th), notice, INFO_EM, KIOSK_STYLE_NOTICE, DAWR_UI_TOP | SILENT);
    }
    if (*own) {
        /* The notice is heard with its date in words. */
        if (dawr_text_speak_date(reply, tz, f->lang, date, sizeof date) < 0) date[0] = 0;
        size_t ends = strlen(own);         /* a notice ending its own sentence gets no second stop */
        const char *stop = ends && (own[ends - 1] == '.' || own[ends - 1] == '!') ? "" : ".";
        snprintf(heard_notice, 512, "%s%s %s %s", own, stop, dawr_tr(f->lang, "No reply before:"), date);
        say(c, "notice", f->lang, heard_notice, 1);
    }
    if (pages > 1) {                   /* last, as the screen shows it at its foot */
        char *heard_page = scratch(c), one[32], all[32];
        fill_number(c, page + 1, one);
        fill_number(c, pages, all);
        dawr_template_fill(heard_page, 512, dawr_tr(f->lang, "Page {page} of {pages}"), "page", one, "pages", all,
                           (const char *)NULL);
        say(c, "page_position", f->lang, heard_page, 1);
    }
}

/* The digits' keypad in the box KX, KY, KW, KH: what was typed above twelve keys (key_0 ...
 * key_9, key_del, key_ok). */
static void keypad(ctx *c, double kx, double ky, double kw, double kh)
{
    const kiosk_flow *f = c->f;
    char *typed = scratch(c);
    snprintf(typed, 512, "%s", f->keypad);
    char *shown = dawr_digits_localize(typed, f->lang);
    label(c, "keypad_display", place(c, kx, ky, kw, 22), shown && *shown ? shown : dawr_tr(c->f->lang, "Type the number here"),
          shown && *shown ? 12 : SMALL_EM, KIOSK_STYLE_NOTICE, 0);
    free(shown);
    static const char *const KEYS[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok" };
    for (int i = 0; i < 12; i++) {
        double cx, cy, cw, ch;
        /* Keypads read left to right in both languages, as on a telephone. */
        cell(i, 3, 4, kx, ky + 22 + 4, kw, kh - 26, &cx, &cy, &cw, &ch);
        if (c->rtl) cx = kx + kw - (cx - kx) - cw;
        char *name = scratch(c), *text = scratch(c);
        snprintf(name, 512, "key_%s", KEYS[i]);
        if (!strcmp(KEYS[i], "del")) snprintf(text, 512, "%s", dawr_tr(c->f->lang, "Delete"));
        else if (!strcmp(KEYS[i], "ok")) snprintf(text, 512, "%s", dawr_trc(c->f->lang, "keypad key that confirms", "OK"));
        else fill_number(c, KEYS[i][0] - '0', text);
        /* Twelve keys read aloud would drown the screen: each is heard when touched in hear-first. */
        if (!strcmp(KEYS[i], "0") && c->rtl) {
            /* "٠" is a small diamond a third of a digit's height: drawn larger, on one line
             * centred by its ink, it is as tall as the keys beside it. */
            say(c, name, c->f->lang, text, 0);
            dawr_ui_element e = element_of(c, DAWR_UI_BUTTON, name, place(c, cx, cy, cw, ch), text, 13 * ARABIC_ZERO_SCALE,
                                           kiosk_palette(KIOSK_STYLE_SECONDARY), 0);
            if (heard(c, name)) { e.border = sdl(kiosk_palette(KIOSK_STYLE_PAGE)->fg); e.border_px = px(c, 2.5); }
            dawr_ui_add(c->v->ui, &e);
            continue;
        }
        button_as(c, name, place(c, cx, cy, cw, ch), text, !strcmp(KEYS[i], "del") || !strcmp(KEYS[i], "ok") ? BUTTON_EM : 13,
                  !strcmp(KEYS[i], "ok") ? KIOSK_STYLE_PRIMARY : KIOSK_STYLE_SECONDARY, HEAR_ONLY);
    }
}

static void rate_find(ctx *c)
{
    const kiosk_flow *f = c->f;
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    label(c, "title", place(c, x, y, w, 14), dawr_tr(c->f->lang, "Choose your number, type it, or scan your ticket"), 10, KIOSK_STYLE_PAGE, 0);
    y += 14 + 4;
    h -= 14 + 4;
    /* The keypad: at the end of the line in landscape, below the list in portrait. */
    double kw = c->portrait ? w : 150, kh = c->portrait ? 150 : h;
    double kx = c->portrait ? x : x + w - kw, ky = c->portrait ? y + h - kh : y;
    double lw = c->portrait ? w : w - kw - 2 * GAP, lh = c->portrait ? h - kh - GAP : h;
    keypad(c, kx, ky, kw, kh);
    /* The visits that ended in the last hour, as big numbers. */
    if (f->finished_count == 0) {
        label(c, "no_finished", place(c, x, y, lw, lh), dawr_tr(c->f->lang, "No visit finished in the last hour. Please type your number with the keys"), BODY_EM, KIOSK_STYLE_PAGE, DAWR_UI_TOP);
        return;
    }
    int cols = c->portrait ? 4 : 3, rows = c->portrait ? 2 : 4, n = f->finished_count < cols * rows ? f->finished_count
                                                                                                    : cols * rows;
    for (int i = 0; i < n; i++) {
        double cx, cy, cw, ch;
        cell(i, cols, rows, x, y, lw, lh, &cx, &cy, &cw, &ch);
        char *name = scratch(c), *text = scratch(c);
        snprintf(name, 512, "finished_%s", f->finished[i].ticket.code);
        dawr_text_isolate(f->finished[i].ticket.code, 0, text, 512);
        button_as(c, name, place(c, cx, cy, cw, ch), text, CHOICE_EM, KIOSK_STYLE_SELECTED, SILENT);
        char letter[64];
        if (dawr_speech_ticket_words(f->finished[i].ticket.code, f->lang, letter, sizeof letter) >= 0)
            say(c, name, f->lang, letter, 1);
    }
}

static void message(ctx *c, const char *name, const char *icon, const char *text, const char *sub, kiosk_style style,
                    int ok_button);

/* A page asking for a request's number: TITLE on top, the keypad beside it (below, upright), and
 * FORM filled with an example reference into *HINT; the room left for words into X, Y, LW, LH. */
static void number_page(ctx *c, const char *title, const char *form, char **hint, double *x, double *y, double *lw,
                        double *lh)
{
    double w, h;
    body(c, x, y, &w, &h);
    label(c, "title", place(c, *x, *y, w, 14), title, 10, KIOSK_STYLE_PAGE, 0);
    *y += 14 + 4;
    h -= 14 + 4;
    double kw = c->portrait ? w : 150, kh = c->portrait ? 150 : h;
    keypad(c, c->portrait ? *x : *x + w - kw, c->portrait ? *y + h - kh : *y, kw, kh);
    *lw = c->portrait ? w : w - kw - 2 * GAP;
    *lh = c->portrait ? h - kh - GAP : h;
    /* A reference keeps Western digits, as printed and as staff see it: Arabic-Indic digits
     * around its hyphen would be set right to left (0007-1448). */
    char *example = scratch(c);
    *hint = scratch(c);
    dawr_text_isolate("1448-0007", 0, example, 512);
    dawr_template_fill(*hint, 512, form, "example", example, (const char *)NULL);
}

/* A follow-up of a request: its number typed on the keypad, or the receipt scanned; or a
 * ticket without it (the reception finds the request with the visitor). */
static void follow_find(ctx *c)
{
    dawr_lang lang = c->f->lang;
    double x, y, lw, lh, bh = 30;
    char *hint;
    number_page(c, dawr_tr(lang, "Type your request's number, or scan your paper"),
                dawr_tr(lang, "The number is on the paper the reception gave you, like {example}. Its last digits are enough."),
                &hint, &x, &y, &lw, &lh);
    label(c, "follow_hint", place(c, x, y, lw, lh - bh - GAP), hint, INFO_EM, KIOSK_STYLE_PAGE, DAWR_UI_TOP);
    button(c, "follow_without", place(c, x, y + lh - bh, lw, bh), dawr_tr(lang, "Without it: take a queue number"),
           BUTTON_EM, KIOSK_STYLE_SECONDARY);
}

/* "I have an appointment": the slip's square code shown to the scanner (a picture of the slip),
 * or its number typed; or a ticket without it. */
static void appt_find(ctx *c)
{
    const kiosk_flow *f = c->f;
    double x, y, lw, lh;
    char *hint;
    number_page(c, dawr_tr(f->lang, "Scan your appointment slip, or type its number"),
                dawr_tr(f->lang, "Hold the square code of your appointment slip in front of the scanner. "
                                 "Or type the number printed on it, like {example}: its last digits are enough."),
                &hint, &x, &y, &lw, &lh);
    double bh = 30, need = label_mm(c, hint, INFO_EM, lw), pic = fmin(40, lh - bh - GAP - need - 4);
    /* The slip's picture where the room allows (landscape); the words say it everywhere. */
    if (pic >= 24) {
        element_with(c, DAWR_UI_LABEL, "appt_picture", place(c, x, y, lw, pic), NULL, BODY_EM,
                     kiosk_palette(KIOSK_STYLE_PAGE), SILENT, "appointment", pic - 4);
        y += pic + 4;
        lh -= pic + 4;
    }
    label(c, "appt_hint", place(c, x, y, lw, lh - bh - GAP), hint, INFO_EM, KIOSK_STYLE_PAGE, DAWR_UI_TOP);
    button(c, "appt_without", place(c, x, y + lh - bh, lw, bh), dawr_tr(f->lang, "Without it: take a queue number"),
           BUTTON_EM, KIOSK_STYLE_SECONDARY);
}

/* The day and time of AT in words to read ("Monday 23 November 2026 (13 Jumada II 1448) at 10:30")
 * into SHOWN, and to hear into HEARD. */
static void appointment_when(const ctx *c, dawr_ms at, char *shown, char *heard, size_t size)
{
    const char *tz = dawr_config_settings(c->f->cfg)->timezone;
    char date[256], said[256], time[64];
    if (dawr_date_format_both(at / 1000, tz, c->f->lang, date, sizeof date) < 0) date[0] = 0;
    if (dawr_text_speak_date(at / 1000, tz, c->f->lang, said, sizeof said) < 0) snprintf(said, sizeof said, "%s", date);
    clock_text(at, c->f->lang, time, sizeof time);
    const char *form = dawr_trc(c->f->lang, "an appointment's day and time", "{date} at {time}");
    dawr_template_fill(shown, size, form, "date", date, "time", time, (const char *)NULL);
    dawr_template_fill(heard, size, form, "date", said, "time", time, (const char *)NULL);
}

/* A check-in refused, said kindly (docs/applications.md, "Checking in"): nothing changed; an
 * ordinary ticket offered, or for one checked in already, their number. */
static void appt_notice(ctx *c)
{
    const kiosk_flow *f = c->f;
    const dawr_checkin *ck = &f->checkin;
    dawr_lang lang = f->lang;
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    char *text = scratch(c), *heard = scratch(c), *when = scratch(c), *when_heard = scratch(c);
    const char *sub = dawr_tr(lang, "Please take a queue number: the reception will gladly help you.");
    if (ck->appointment.at) appointment_when(c, ck->appointment.at, when, when_heard, 512);
    const char *form = NULL;
    switch (f->checkin_why) {
    case DAWR_APP_WHY_ALREADY_CHECKED_IN: {
        char code[64], letter[64];
        dawr_text_isolate(ck->ticket.code, 0, code, sizeof code);
        form = dawr_tr(lang, "You are already checked in. Your number is {number}");
        dawr_template_fill(text, 512, form, "number", code, (const char *)NULL);
        if (dawr_speech_ticket_words(ck->ticket.code, lang, letter, sizeof letter) < 0) snprintf(letter, sizeof letter, "%s", code);
        dawr_template_fill(heard, 512, form, "number", letter, (const char *)NULL);
        sub = dawr_tr(lang, "Please wait to be called; there is no need for another number.");
        form = NULL;
        break;
    }
    case DAWR_APP_WHY_APPOINTMENT_OTHER_DAY:
        form = ck->appointment.past ? dawr_tr(lang, "Your appointment was on {when}")
                                    : dawr_tr(lang, "Your appointment is on {when}, not today");
        sub = ck->appointment.past ? dawr_tr(lang, "You can take a queue number now: the reception will gladly help you.")
                                   : dawr_tr(lang, "You can take a queue number now, or come back on that day.");
        break;
    case DAWR_APP_WHY_APPOINTMENT_MOVED:
        form = dawr_tr(lang, "Your appointment was moved to {when}");
        sub = dawr_tr(lang, "You can take a queue number now, or come back on that day.");
        break;
    case DAWR_APP_WHY_APPOINTMENT_CANCELLED:
        snprintf(text, 512, "%s", dawr_tr(lang, "This appointment was cancelled"));
        break;
    case DAWR_APP_WHY_APPLICATION_CLOSED:
        snprintf(text, 512, "%s", dawr_tr(lang, "This request is complete, so its appointment is no longer needed"));
        sub = dawr_tr(lang, "Please take a queue number: the reception will gladly help you with anything new.");
        break;
    case DAWR_APP_WHY_NO_APPLICATION: case DAWR_APP_WHY_NOT_A_REFERENCE:
        snprintf(text, 512, "%s", dawr_tr(lang, "We could not find an appointment with this number"));
        sub = dawr_tr(lang, "Please take a queue number: the reception will find it with you.");
        break;
    case DAWR_APP_WHY_NO_APPOINTMENT:
        snprintf(text, 512, "%s", dawr_tr(lang, "We could not find an appointment for this request"));
        break;
    case DAWR_APP_WHY_NOT_A_SLIP:
        snprintf(text, 512, "%s", dawr_tr(lang, "This is not one of our appointment slips, or it cannot be read"));
        break;
    default:
        snprintf(text, 512, "%s", dawr_tr(lang, "We could not check you in just now"));
        break;
    }
    if (form) {
        dawr_template_fill(text, 512, form, "when", when, (const char *)NULL);
        dawr_template_fill(heard, 512, form, "when", when_heard, (const char *)NULL);
    }
    const char *spoken = form || f->checkin_why == DAWR_APP_WHY_ALREADY_CHECKED_IN ? heard : text;
    element_with(c, DAWR_UI_LABEL, "icon", place(c, x, y, w, 34), NULL, BODY_EM, kiosk_palette(KIOSK_STYLE_PAGE), SILENT,
                 "appointment", 30);
    double ty = y + 38, th = fmax(30, label_mm(c, text, 11, w - 6) + 2);
    centred_as(c, "appt_message", place(c, x, ty, w, th), text, 11, KIOSK_STYLE_PAGE, SILENT);
    say(c, "appt_message", lang, spoken, 1);
    double sh = label_mm(c, sub, INFO_EM, w - 6) + 2;
    centred(c, "sub", place(c, x, ty + th + 2, w, sh), sub, INFO_EM, KIOSK_STYLE_PAGE);
    double bh = 30, by = y + h - bh;
    if (f->checkin_why == DAWR_APP_WHY_ALREADY_CHECKED_IN) {
        button(c, "message_done", place(c, x + w / 2 - 50, by, 100, bh), dawr_trc(lang, "button that closes a message", "OK"),
               BUTTON_EM, KIOSK_STYLE_PRIMARY);
        return;
    }
    double bw = fmin((w - GAP) / 2, 160);
    const char *take = dawr_tr(lang, "Take a queue number"), *again = dawr_tr(lang, "Scan or type again");
    /* As tall as the longer words need in half a portrait's width (two lines). */
    bh = fmax(bh, fmax(label_mm(c, take, BUTTON_EM, bw - 8), label_mm(c, again, BUTTON_EM, bw - 8)) + 6);
    by = y + h - bh;
    double first = c->rtl ? x + w / 2 + GAP / 2 : x + w / 2 - GAP / 2 - bw;
    double second = c->rtl ? x + w / 2 - GAP / 2 - bw : x + w / 2 + GAP / 2;
    button(c, "appt_ticket", place(c, first, by, bw, bh), take, BUTTON_EM, KIOSK_STYLE_PRIMARY);
    button(c, "appt_again", place(c, second, by, bw, bh), again, BUTTON_EM, KIOSK_STYLE_SECONDARY);
}

/* Where the request is, in kind words and without personal details; then its follow-up ticket. */
static void follow_status(ctx *c)
{
    const kiosk_flow *f = c->f;
    const dawr_application *a = &f->follow;
    const dawr_step *step = dawr_config_find_step(f->cfg, a->step);
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    double bottom = y + h;
    char *title = scratch(c), *shown = scratch(c);
    dawr_text_isolate(a->ref, 0, shown, 512);   /* Western digits, as on paper (see follow_find) */
    dawr_template_fill(title, 512, dawr_tr(f->lang, "Your request {reference}"), "reference", shown, (const char *)NULL);
    label(c, "title", place(c, x, y, w, 14), title, 10, KIOSK_STYLE_PAGE, SILENT);
    /* The reference heard as two numbers, the year and the request's. */
    char *heard_title = scratch(c), *spoken = dawr_digits_localize(a->ref, f->lang);
    for (char *p = spoken; p && *p; p++) if (*p == '-') *p = ' ';
    dawr_template_fill(heard_title, 512, dawr_tr(f->lang, "Your request {reference}"), "reference",
                       spoken ? spoken : "", (const char *)NULL);
    free(spoken);
    say(c, "title", f->lang, heard_title, 1);
    y += 14 + 4;
    const char *name = !step ? a->step : f->lang == DAWR_LANG_AR ? step->name_ar : step->name_en;
    double sh = fmax(24, label_mm(c, name, CHOICE_EM, w) + 2);
    centred_as(c, "follow_step", place(c, x, y, w, sh), name, CHOICE_EM, KIOSK_STYLE_NOTICE, 0);
    y += sh + GAP;
    /* What it means for the visitor: news waits at the reception, or the earliest answer. */
    char *line = scratch(c), *heard_line = scratch(c), date[256], said[256];
    heard_line[0] = 0;
    if (a->closed_at) snprintf(line, 512, "%s", dawr_tr(f->lang, "This request is complete. The reception will gladly help you with anything new."));
    else if (a->decided_at) snprintf(line, 512, "%s", dawr_tr(f->lang, "Please see the reception: we have news for you."));
    else if (a->overdue) snprintf(line, 512, "%s", dawr_tr(f->lang, "The answer is due. Please see the reception."));
    else {
        const char *tz = dawr_config_settings(f->cfg)->timezone;
        int64_t at = dawr_hours_instant(atoi(a->answer_not_before), atoi(a->answer_not_before + 5),
                                        atoi(a->answer_not_before + 8), 12 * 60) / 1000;
        if (dawr_date_format_both(at, tz, f->lang, date, sizeof date) < 0) date[0] = 0;
        if (dawr_text_speak_date(at, tz, f->lang, said, sizeof said) < 0) snprintf(said, sizeof said, "%s", date);
        const char *words = dawr_tr(f->lang, "Your request is with the research committee. The answer comes no earlier than {date}.");
        dawr_template_fill(line, 512, words, "date", date, (const char *)NULL);
        dawr_template_fill(heard_line, 512, words, "date", said, (const char *)NULL);
    }
    /* The button as tall as its words need (two lines in a portrait's width). */
    const char *take = dawr_tr(f->lang, "Take a queue number for the follow-up");
    double bw = fmin(w, 200), bh = fmax(30, label_mm(c, take, BUTTON_EM, bw - 8) + 6), by = bottom - bh;
    label(c, "follow_news", place(c, x, y, w, by - GAP - y), line, INFO_EM, KIOSK_STYLE_PAGE,
          DAWR_UI_TOP | (*heard_line ? SILENT : 0));
    if (*heard_line) say(c, "follow_news", f->lang, heard_line, 1);
    button(c, "follow_ticket", place(c, x + (w - bw) / 2, by, bw, bh), take, BUTTON_EM, KIOSK_STYLE_PRIMARY);
}

/* No request with that number: said kindly, a ticket all the same, or the number again. */
static void follow_not_found(ctx *c)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    message(c, "not_found", NULL, dawr_tr(c->f->lang, "We could not find a request with this number"),
            dawr_tr(c->f->lang, "Take a queue number: the reception will find your request with you"), KIOSK_STYLE_PAGE, 0);
    double bw = fmin((w - GAP) / 2, 160), bh = 30, by = y + h - bh;
    double first = c->rtl ? x + w / 2 + GAP / 2 : x + w / 2 - GAP / 2 - bw;
    double second = c->rtl ? x + w / 2 - GAP / 2 - bw : x + w / 2 + GAP / 2;
    button(c, "follow_without", place(c, first, by, bw, bh), dawr_tr(c->f->lang, "Take a queue number"), BUTTON_EM,
           KIOSK_STYLE_PRIMARY);
    button(c, "follow_again", place(c, second, by, bw, bh), dawr_tr(c->f->lang, "Type the number again"), BUTTON_EM,
           KIOSK_STYLE_SECONDARY);
}

static void faces(ctx *c)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    char *title = scratch(c), code[64];
    dawr_text_isolate(c->f->ticket.code, 0, code, sizeof code);
    snprintf(title, 512, "%s  %s", dawr_tr(c->f->lang, "How was your visit?"), code);
    label(c, "title", place(c, x, y, w, 16), title, 10, KIOSK_STYLE_PAGE, SILENT);
    char *heard_title = scratch(c), letter[64];
    if (dawr_speech_ticket_words(c->f->ticket.code, c->f->lang, letter, sizeof letter) < 0) letter[0] = 0;
    snprintf(heard_title, 512, "%s %s", dawr_tr(c->f->lang, "How was your visit?"), letter);
    say(c, "title", c->f->lang, heard_title, 1);
    y += 16;
    h -= 16;
    /* The policy: rating is the visitor's right, to improve, never to blame. */
    const char *right = dawr_tr(c->f->lang, "Your opinion is your right: it helps us improve, and it is never used to blame anyone");
    double rh = label_mm(c, right, INFO_EM, w);
    label(c, "your_right", place(c, x, y, w, rh), right, INFO_EM, KIOSK_STYLE_PAGE, DAWR_UI_TOP);
    y += rh + GAP;
    h -= rh + GAP;
    /* A skip, below the faces: rating is a right, never a duty. */
    const double skip_h = 26;
    h -= skip_h + GAP;
    /* The best face first in reading order (at the right in Arabic, the left in English, the
     * top in portrait): the "first means good" order respondents expect (docs/kiosk.md). */
    for (int p = 0; p < 5; p++) {
        const int i = 4 - p;                   /* face_N is score N */
        double cx, cy, cw, ch;
        if (c->portrait) cell(p, 1, 5, x, y, w, h, &cx, &cy, &cw, &ch);
        else cell(p, 5, 1, x, y, w, h, &cx, &cy, &cw, &ch);
        char *name = scratch(c);
        snprintf(name, 512, "face_%d", i + 1);
        kiosk_style st = (kiosk_style)(KIOSK_STYLE_FACE1 + i);
        SDL_Rect r = place(c, cx, cy, cw, ch);
        const kiosk_colors *k = kiosk_palette(st);
        dawr_ui_element e = {
            .name = name, .kind = DAWR_UI_BUTTON, .rect = r, .text = dawr_tr_rating(c->f->lang, i + 1), .size_px = (float)(BUTTON_EM * c->ppm),
            .weight = DAWR_WEIGHT_BOLD, .align = DAWR_ALIGN_CENTER, .dir = c->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR,
            .fg = sdl(k->fg), .bg = sdl(k->bg), .border = sdl(k->border), .border_px = px(c, 0.8),
            .radius_px = px(c, 4), .pad_px = px(c, 3), .flags = DAWR_UI_WRAP | (c->portrait ? 0 : DAWR_UI_TOP),
        };
        say(c, name, c->f->lang, e.text, 1);
        if (c->portrait) { e.align = c->rtl ? DAWR_ALIGN_START : DAWR_ALIGN_START; e.pad_px = px(c, 6) + r.h; }
        dawr_ui_add(c->v->ui, &e);
        if (c->v->faces && !c->v->faces[i]) c->v->faces[i] = kiosk_face_texture(dawr_ui_renderer(c->v->ui), i + 1, 256);
        if (c->v->faces && c->v->faces[i]) {
            double fs = c->portrait ? ch - 10 : (cw < ch - 30 ? cw : ch - 30) - 10;
            double fx = c->portrait ? cx + 5 : cx + (cw - fs) / 2, fy = c->portrait ? cy + 5 : cy + 24 + (ch - 24 - fs) / 2;
            char *fname = scratch(c);
            snprintf(fname, 512, "face_%d_image", i + 1);
            dawr_ui_element img = { .name = fname, .kind = DAWR_UI_IMAGE, .rect = place(c, fx, fy, fs, fs),
                                    .image = c->v->faces[i], .flags = DAWR_UI_HIDDEN_DUMP };
            dawr_ui_add(c->v->ui, &img);
        }
    }
    button(c, "skip_rating", place(c, x + w / 4, y + h + GAP, w / 2, skip_h), dawr_tr(c->f->lang, "Skip, without rating"),
           BUTTON_EM, KIOSK_STYLE_SECONDARY);
}

static void reasons(ctx *c)
{
    const dawr_settings *s = dawr_config_settings(c->f->cfg);
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    label(c, "title", place(c, x, y, w, 16), dawr_tr(c->f->lang, "We are sorry. What did not meet your expectations?"), 10, KIOSK_STYLE_PAGE, 0);
    y += 16 + GAP;
    h -= 16 + GAP + 28 + GAP;
    int n = s->rating_reason_count < 6 ? s->rating_reason_count : 6;
    int cols = c->portrait ? 1 : 3, rows = c->portrait ? n : (n + 2) / 3;
    for (int i = 0; i < n; i++) {
        double cx, cy, cw, ch;
        cell(i, cols, rows, x, y, w, h, &cx, &cy, &cw, &ch);
        char *name = scratch(c);
        const char *words = dawr_tr_rating_reason(c->f->lang, s->rating_reasons[i]);
        const int chosen = c->f->reasons[i];
        snprintf(name, 512, "reason_%s", s->rating_reasons[i]);
        /* Chosen is seen by shape, not only colour: a thick gold border and a large tick in a
         * white square at the start; unchosen, a thin border and an empty square. */
        SDL_Rect r = place(c, cx, cy, cw, ch);
        dawr_ui_element e = element_of(c, DAWR_UI_BUTTON, name, r, words, BUTTON_EM,
                                       kiosk_palette(chosen ? KIOSK_STYLE_SELECTED : KIOSK_STYLE_SECONDARY), DAWR_UI_WRAP);
        const double mark = fmin(ch - 8, 22);  /* the square's side, mm */
        e.pad_px = px(c, mark + 6);             /* both sides, so the words stay centred */
        if (chosen) { e.border = sdl(kiosk_palette_chosen_edge()); e.border_px = px(c, 2.5); }
        if (heard(c, name)) { e.border = sdl(kiosk_palette(KIOSK_STYLE_PAGE)->fg); e.border_px = px(c, 2.5); }
        dawr_ui_add(c->v->ui, &e);
        SDL_Rect sq = place(c, cx + 4, cy + (ch - mark) / 2, mark, mark);
        char sq_name[96], tick_name[96];     /* decoration, never tapped or listed */
        snprintf(sq_name, sizeof sq_name, "%s_box", name);
        const kiosk_colors *page = kiosk_palette(KIOSK_STYLE_PAGE);
        dawr_ui_add(c->v->ui, &(dawr_ui_element){ .name = sq_name, .kind = DAWR_UI_BOX, .rect = sq,
                                                  .bg = chosen ? sdl(page->bg) : (SDL_Color){ 0, 0, 0, 0 },
                                                  .border = sdl(page->bg), .border_px = px(c, 1.2), .radius_px = px(c, 2),
                                                  .flags = DAWR_UI_HIDDEN_DUMP });
        if (chosen) {
            snprintf(tick_name, sizeof tick_name, "%s_tick", name);
            dawr_ui_add(c->v->ui, &(dawr_ui_element){ .name = tick_name, .kind = DAWR_UI_LABEL, .rect = sq,
                                                      .text = "\xE2\x9C\x94", .size_px = (float)(mark * 0.9 * c->ppm),
                                                      .fg = sdl(page->fg), .align = DAWR_ALIGN_CENTER,
                                                      .flags = DAWR_UI_HIDDEN_DUMP });
        }
        char *heard_reason = scratch(c);
        snprintf(heard_reason, 512, "%s%s%s", words, chosen ? ": " : "", chosen ? dawr_tr(c->f->lang, "chosen") : "");
        say(c, name, c->f->lang, heard_reason, 1);
    }
    button(c, "reasons_send", place(c, x + w / 4, y + h + GAP, w / 2, 28), dawr_tr(c->f->lang, "Send"), BUTTON_EM, KIOSK_STYLE_PRIMARY);
}

static void message(ctx *c, const char *name, const char *icon, const char *text, const char *sub, kiosk_style style,
                    int ok_button)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    if (icon) element_with(c, DAWR_UI_LABEL, "icon", place(c, x, y, w, 40), NULL, BODY_EM, kiosk_palette(style), SILENT, icon, 34);
    double ty = y + (icon ? 44 : 6), th = fmax(40, label_mm(c, text, 12, w - 6) + 2);   /* a long counter's name */
    centred(c, name, place(c, x, ty, w, th), text, 12, KIOSK_STYLE_PAGE);
    if (sub) centred(c, "sub", place(c, x, ty + th + 2, w, 26), sub, BODY_EM, KIOSK_STYLE_PAGE);
    if (ok_button) button(c, "message_done", place(c, x + w / 2 - 50, y + h - 30, 100, 30), dawr_trc(c->f->lang, "button that closes a message", "OK"), BUTTON_EM,
                          KIOSK_STYLE_PRIMARY);
}

/* "Staff will come", and once a counter answered (the engine's help_ack), which counter is coming. */
static void help_screen(ctx *c)
{
    const char *text = dawr_tr(c->f->lang, "A member of staff will come to help you shortly");
    if (c->f->help_counter[0]) {
        const dawr_counter *k = dawr_config_find_counter(c->f->cfg, c->f->help_counter);
        const char *counter = !k ? c->f->help_counter : c->f->lang == DAWR_LANG_AR ? k->name_ar : k->name_en;
        char *coming = scratch(c);
        dawr_template_fill(coming, 512, dawr_tr(c->f->lang, "A member of staff from {counter} is coming to you now"),
                           "counter", counter, (const char *)NULL);
        text = coming;
    }
    message(c, "help_coming", "help", text, dawr_tr(c->f->lang, "Please stay where you are; we are coming to you"),
            KIOSK_STYLE_PAGE, 0);
}

static void pin_pad(ctx *c)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    char dots[64], title[256];
    size_t n = strlen(c->f->pin);
    dots[0] = 0;
    for (size_t i = 0; i < n && i < 12; i++) strcat(dots, "\xE2\x97\x8F");   /* ● */
    snprintf(title, sizeof title, "%s %s", dawr_tr(c->f->lang, "Staff PIN"), dots);
    label(c, "title", place(c, x, y, w, 16), title, 10, KIOSK_STYLE_PAGE, 0);
    double kw = 150, kx = x + (w - kw) / 2;
    static const char *const KEYS[12] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok" };
    for (int i = 0; i < 12; i++) {
        double cx, cy, cw, ch;
        cell(i, 3, 4, kx, y + 20, kw, h - 20, &cx, &cy, &cw, &ch);
        if (c->rtl) cx = kx + kw - (cx - kx) - cw;
        char *name = scratch(c), *text = scratch(c);
        snprintf(name, 512, "pin_%s", KEYS[i]);
        if (!strcmp(KEYS[i], "del")) snprintf(text, 512, "%s", dawr_tr(c->f->lang, "Delete"));
        else if (!strcmp(KEYS[i], "ok")) snprintf(text, 512, "%s", dawr_trc(c->f->lang, "keypad key that confirms", "OK"));
        else snprintf(text, 512, "%s", KEYS[i]);
        button(c, name, place(c, cx, cy, cw, ch), text, BUTTON_EM, KIOSK_STYLE_SECONDARY);
    }
}

static void maint(ctx *c)
{
    double x, y, w, h;
    body(c, &x, &y, &w, &h);
    label(c, "title", place(c, x, y, w, 16), dawr_tr(c->f->lang, "Maintenance"), 10, KIOSK_STYLE_PAGE, 0);
    char *state = scratch(c);
    dawr_printer_status st;
    int started = c->f->slips ? dawr_slips_printer(c->f->slips, &st) : 0;
    snprintf(state, 512, "%s: %s    %s", dawr_tr(c->f->lang, "Printer"),
             started > 0 ? (c->f->lang == DAWR_LANG_AR ? st.message_ar : st.message) : started < 0 ? dawr_tr(c->f->lang, "cannot start printing (see the log)")
                                                    : dawr_tr(c->f->lang, "nothing printed yet"),
             c->f->have_last_issued ? c->f->last_issued.code : "");
    label(c, "printer_state", place(c, x, y + 20, w, 14), state, BODY_EM, KIOSK_STYLE_PAGE, 0);
    double bw = (w - GAP) / 2;
    button(c, "maint_reprint", place(c, x, y + 40, bw, 40), dawr_tr(c->f->lang, "Reprint the last number"), BUTTON_EM, KIOSK_STYLE_PRIMARY);
    button(c, "maint_exit", place(c, x + bw + GAP, y + 40, bw, 40), dawr_tr(c->f->lang, "Close the kiosk"), BUTTON_EM, KIOSK_STYLE_HELP);
    /* The voice's loudness for the room: 3 dB a step over 24 dB. */
    char *volume = scratch(c), db[32];
    dawr_number_format(-c->f->volume_db, 0, c->f->lang, db, sizeof db);
    snprintf(volume, 512, "%s: %s%s %s", dawr_tr(c->f->lang, "Voice volume"), c->f->volume_db ? "\xE2\x88\x92" : "", db,
             dawr_tr(c->f->lang, "dB"));
    label(c, "volume", place(c, x, y + 88, w, 14), volume, BODY_EM, KIOSK_STYLE_PAGE, 0);
    button(c, "maint_quieter", place(c, x, y + 106, bw, 36), dawr_tr(c->f->lang, "Quieter"), BUTTON_EM, KIOSK_STYLE_SECONDARY);
    button(c, "maint_louder", place(c, x + bw + GAP, y + 106, bw, 36), dawr_tr(c->f->lang, "Louder"), BUTTON_EM,
           KIOSK_STYLE_SECONDARY);
}

void kiosk_screens_draw(const kiosk_view *v, const kiosk_flow *f)
{
    ctx *c = &(ctx){ .v = v, .f = f };
    c->ppm = dawr_ui_px_per_mm(v->ui);
    dawr_ui_size(v->ui, &c->w, &c->h);
    c->wmm = c->w / c->ppm;
    c->hmm = c->h / c->ppm;
    c->portrait = c->h > c->w;
    c->rtl = f->lang == DAWR_LANG_AR;
    if (v->spoken) v->spoken->count = 0;
    dawr_ui_begin(v->ui, kiosk_screen_name(f->screen), sdl(kiosk_palette_page()));
    header(c);
    int with_home = f->screen != KIOSK_HOME && f->screen != KIOSK_CLOSED && f->screen != KIOSK_OUT_OF_SERVICE;
    switch (f->screen) {
    case KIOSK_HOME: home(c); break;
    case KIOSK_CLOSED: closed(c); break;
    case KIOSK_SERVICES: services(c); break;
    case KIOSK_NEEDS: needs(c); break;
    case KIOSK_TICKET: ticket(c); break;
    case KIOSK_RATE_FIND: rate_find(c); break;
    case KIOSK_FOLLOW_FIND: follow_find(c); break;
    case KIOSK_FOLLOW_STATUS: follow_status(c); break;
    case KIOSK_FOLLOW_NOT_FOUND: follow_not_found(c); break;
    case KIOSK_APPT_FIND: appt_find(c); break;
    case KIOSK_APPT_NOTICE: appt_notice(c); break;
    case KIOSK_RATE_FACES: faces(c); break;
    case KIOSK_RATE_REASONS: reasons(c); break;
    case KIOSK_RATE_THANKS:
        message(c, "thanks", "thanks", dawr_tr(c->f->lang, "Thank you, we wish you good health"), NULL, KIOSK_STYLE_PAGE, 1);
        break;
    case KIOSK_RATE_ALREADY:
        message(c, "already", "done", dawr_tr(c->f->lang, "You have already rated this visit, thank you"), dawr_tr(c->f->lang, "Your opinion is saved; we are always glad to serve you"), KIOSK_STYLE_PAGE, 1);
        break;
    case KIOSK_RATE_NOT_FOUND:
        message(c, "not_found", NULL, dawr_tr(c->f->lang, "We could not find this number among today's finished visits"), dawr_tr(c->f->lang, "The reception staff will gladly help you"), KIOSK_STYLE_PAGE, 1);
        break;
    case KIOSK_RATE_NOT_SERVED:
        message(c, "not_served", NULL, dawr_tr(c->f->lang, "This visit has not been completed, so it cannot be rated yet"),
                dawr_tr(c->f->lang, "The reception staff will gladly help you"), KIOSK_STYLE_PAGE, 1);
        break;
    case KIOSK_RATE_TOO_OLD:
        message(c, "too_old", NULL, dawr_tr(c->f->lang, "This visit was too long ago to be rated now; thank you for caring"),
                dawr_tr(c->f->lang, "The reception staff will gladly help you"), KIOSK_STYLE_PAGE, 1);
        break;
    case KIOSK_HELP:
        help_screen(c);
        break;
    case KIOSK_OUT_OF_SERVICE:
        message(c, "out_of_service", NULL, dawr_tr(c->f->lang, "Sorry, this screen is resting for a moment"), dawr_tr(c->f->lang, "Please go to the reception desk; the screen will be back by itself"), KIOSK_STYLE_PAGE, 0);
        break;
    case KIOSK_MAINT_PIN: pin_pad(c); break;
    case KIOSK_MAINT: maint(c); break;
    default: break;
    }
    footer(c, with_home);
}

/* Says ITEMS (N of them) in order, one clip per run of one language, sentences apart. */
static void say_items(dawr_speech *s, const kiosk_spoken_item *const *items, int n)
{
    char clip[8192];
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        const char *t = items[i]->text;
        size_t tl = strlen(t);
        if (len && (items[i]->lang != items[i - 1]->lang || len + tl + 3 >= sizeof clip)) {
            dawr_speech_say(s, items[i - 1]->lang, clip);
            len = 0;
        }
        if (len) {
            /* a full stop between items that do not end a sentence themselves */
            const char *end = clip + len - 1;
            int stop = strchr(".,:;!?", *end) || (len >= 2 && (!memcmp(end - 1, "\xD8\x8C", 2) || !memcmp(end - 1, "\xD8\x9F", 2)));
            len += (size_t)snprintf(clip + len, sizeof clip - len, "%s", stop ? " " : ". ");
        }
        len += (size_t)snprintf(clip + len, sizeof clip - len, "%s", t);
    }
    if (len) dawr_speech_say(s, items[n - 1]->lang, clip);
}

void kiosk_screens_speak(const kiosk_view *v, const kiosk_flow *f, kiosk_say what, dawr_speech *s)
{
    static const char *const PROMPTS[KIOSK_SCREEN_COUNT] = {
        [KIOSK_HOME] = N_("Welcome, it is our pleasure to serve you"),
        [KIOSK_SERVICES] = N_("Why are you visiting today? Touch your choice"),
        [KIOSK_NEEDS] = N_("What would help you? Touch your choice; the staff will know"),
        [KIOSK_TICKET] = N_("Your number"),
        [KIOSK_RATE_FIND] = N_("Choose your number, type it, or scan your ticket"),
        [KIOSK_RATE_FACES] = N_("How was your visit?"),
        [KIOSK_RATE_REASONS] = N_("We are sorry. What did not meet your expectations?"),
        [KIOSK_RATE_THANKS] = N_("Thank you, we wish you good health"),
        [KIOSK_RATE_ALREADY] = N_("You have already rated this visit, thank you"),
        [KIOSK_RATE_NOT_FOUND] = N_("We could not find this number among today's finished visits"),
        [KIOSK_RATE_NOT_SERVED] = N_("This visit has not been completed, so it cannot be rated yet"),
        [KIOSK_RATE_TOO_OLD] = N_("This visit was too long ago to be rated now; thank you for caring"),
        [KIOSK_FOLLOW_FIND] = N_("Type your request's number, or scan your paper"),
        [KIOSK_FOLLOW_NOT_FOUND] = N_("We could not find a request with this number"),
        [KIOSK_APPT_FIND] = N_("Scan your appointment slip, or type its number"),
        [KIOSK_HELP] = N_("A member of staff will come to help you shortly"),
        [KIOSK_OUT_OF_SERVICE] = N_("Sorry, this screen is resting for a moment"),
        [KIOSK_MAINT_PIN] = N_("Staff PIN"),
        [KIOSK_MAINT] = N_("Maintenance"),
    };
    /* The ticket's essentials said on arrival (a prayer pause's end among them); the documents and
     * the notice come with "Listen". */
    static const char *const TICKET[] = { "number", "people_ahead", "estimated_wait", "appointment_note", "pause_note",
                                          "needs_noted", "printing" };
    /* A request's status is said whole on arrival: for a visitor who cannot read it, it is the news. */
    static const char *const STATUS[] = { "title", "follow_step", "follow_news" };
    /* A check-in refused is said whole on arrival, as a request's status is. */
    static const char *const NOTICE[] = { "appt_message", "sub" };
    const kiosk_spoken *sp = v->spoken;
    const kiosk_spoken_item *items[KIOSK_SPOKEN_MAX + 2];
    kiosk_spoken_item extra[2];
    int n = 0;
    if (!sp || what == KIOSK_SAY_NOTHING) return;
    if (what == KIOSK_SAY_ARRIVAL && f->screen == KIOSK_SERVICES && f->needs) {
        /* What the visitor just chose is said back to them before the reasons. */
        char noted[512];
        needs_noted(f->needs, f->lang, noted, sizeof noted);
        extra[1].lang = f->lang;
        dawr_text_speakable(noted, extra[1].text, sizeof extra[1].text);
        items[n++] = &extra[1];
    }
    for (int i = 0; i < sp->count; i++) {
        const kiosk_spoken_item *it = &sp->item[i];
        if (what == KIOSK_SAY_SCREEN && it->whole) items[n++] = it;
        else if (what == KIOSK_SAY_BUTTON && !strcmp(it->name, f->heard)) { items[n++] = it; break; }
        else if (what == KIOSK_SAY_ARRIVAL && f->screen == KIOSK_TICKET) {
            for (size_t k = 0; k < sizeof TICKET / sizeof *TICKET; k++)
                if (!strcmp(it->name, TICKET[k])) items[n++] = it;
        } else if (what == KIOSK_SAY_ARRIVAL && f->screen == KIOSK_FOLLOW_STATUS) {
            for (size_t k = 0; k < sizeof STATUS / sizeof *STATUS; k++)
                if (!strcmp(it->name, STATUS[k])) items[n++] = it;
        } else if (what == KIOSK_SAY_ARRIVAL && f->screen == KIOSK_APPT_NOTICE) {
            for (size_t k = 0; k < sizeof NOTICE / sizeof *NOTICE; k++)
                if (!strcmp(it->name, NOTICE[k])) items[n++] = it;
        }
    }
    const char *tail = NULL;
    if (what == KIOSK_SAY_SCREEN) tail = N_("To hear a button, touch it once; touch it again to choose it");
    else if (what == KIOSK_SAY_ARRIVAL && f->screen == KIOSK_TICKET) {
        const dawr_service *sv = dawr_config_find_service(f->cfg, f->ticket.service);
        if (sv && (sv->document_count || *sv->notice_ar)) tail = N_("To hear the documents to bring, touch Listen");
    } else if (what == KIOSK_SAY_ARRIVAL && f->screen == KIOSK_HELP && f->help_counter[0]) {
        for (int i = 0; i < sp->count; i++)     /* which counter is coming, as the screen words it */
            if (!strcmp(sp->item[i].name, "help_coming")) items[n++] = &sp->item[i];
    } else if (what == KIOSK_SAY_ARRIVAL && f->screen != KIOSK_FOLLOW_STATUS && f->screen != KIOSK_APPT_NOTICE)
        tail = PROMPTS[f->screen];
    if (tail) {
        extra[0].lang = f->lang;
        dawr_text_speakable(dawr_tr(f->lang, tail), extra[0].text, sizeof extra[0].text);
        items[n++] = &extra[0];
    }
    if (what == KIOSK_SAY_ARRIVAL && f->screen == KIOSK_MAINT)
        for (int i = 0; i < sp->count; i++)
            if (!strcmp(sp->item[i].name, "volume")) items[n++] = &sp->item[i];   /* staff hear the loudness */
    if (n) say_items(s, items, n);
}

/* A round face: a coloured disc, two eyes, and a mouth from a deep frown to a broad smile, drawn
 * as SVG so its edges are smooth at any size. */
SDL_Texture *kiosk_face_texture(SDL_Renderer *r, int score, int size)
{
    static const char *const FILL[5] = { "#F3B7B7", "#F8CFA6", "#F5E79E", "#CDE8A8", "#A8E0B8" };
    if (score < 1 || score > 5) return NULL;
    double curve = (score - 3) / 2.0;             /* -1 frown .. +1 smile */
    /* the mouth's corners at y 66 - 5*curve, its middle pulled down (smile) or up (frown) */
    double corner = 66 - 5 * curve, control = corner + 24 * curve;
    char svg[1024], err[256];
    int n = snprintf(svg, sizeof svg,
                     "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'>"
                     "<circle cx='50' cy='50' r='46' fill='%s' stroke='#111111' stroke-width='4.5'/>"
                     "<circle cx='34' cy='39' r='5' fill='#111111'/><circle cx='66' cy='39' r='5' fill='#111111'/>"
                     "<path d='M27 %.1f Q50 %.1f 73 %.1f' fill='none' stroke='#111111' stroke-width='4.5' stroke-linecap='round'/>"
                     "</svg>", FILL[score - 1], corner, control, corner);
    SDL_Texture *t = dawr_svg_texture(r, svg, (size_t)n, size, size, err, sizeof err);
    if (!t) fprintf(stderr, "dawr-kiosk: cannot draw face %d: %s\n", score, err);
    return t;
}
