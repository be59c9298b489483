/* The waiting-room screen, drawn as named elements (so --dump-layout lists what a visitor
 * sees): the association at the top with the clock and both dates, the current call very
 * large, the last five calls, the waiting per visit reason, and the announcements.
 * Arabic leads: the reading order is right to left, English follows smaller. Ticket numbers
 * only, never anything personal. */
#include "display.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text_date.h"
#include "text_i18n.h"
#include "text_number.h"
#include "text_template.h"

/* Calm, high-contrast colours; every text colour below is at least 7:1 on its fill. */
static const SDL_Color BG = { 0x0B, 0x1F, 0x33, 255 };
static const SDL_Color BAND = { 0x10, 0x2A, 0x43, 255 };
static const SDL_Color PANEL = { 0x0B, 0x4F, 0x4A, 255 };      /* teal */
/* A new call: warm amber #FFBF00 under navy text (BG), 10.1:1; white on it would be 1.65:1, so
 * the call's text turns navy while the panel is amber. */
static const SDL_Color AMBER = { 0xFF, 0xBF, 0x00, 255 };
static const SDL_Color AMBER_EDGE = { 0xB3, 0x5C, 0x00, 255 };  /* the breathing edge on amber */
static const SDL_Color GOLD = { 0xFF, 0xC9, 0x40, 255 };
static const SDL_Color WHITE = { 255, 255, 255, 255 };
static const SDL_Color SUB = { 0xD9, 0xE2, 0xEC, 255 };
static const SDL_Color ROW = { 0x13, 0x32, 0x4F, 255 };
static const SDL_Color NONE = { 0, 0, 0, 0 };

/* Text height the current ticket must reach on the TV (EN 301 549's 0.7° at 5 m is ~61 mm). */
#define TICKET_MIN_MM 60.0
/* The ink of Latin capitals and digits is about 0.71 em in Noto Sans. */
#define CAP_EM 0.71
/* How much larger a zero count is drawn so that "٠" is about as tall as the other digits. */
#define ZERO_SCALE 2.45f   /* its ink then 0.78 of a one's height, and as wide as its box */

static void label(dawr_ui *ui, const char *name, SDL_Rect r, const char *text, float size, SDL_Color fg,
                  dawr_dir dir, dawr_align align, dawr_weight weight, int flags)
{
    dawr_ui_add(ui, &(dawr_ui_element){ .name = name, .kind = DAWR_UI_LABEL, .rect = r, .text = text, .size_px = size,
                                        .fg = fg, .dir = dir, .align = align, .weight = weight,
                                        .flags = flags | DAWR_UI_FIT });
}

static void box(dawr_ui *ui, const char *name, SDL_Rect r, SDL_Color bg, SDL_Color border, int border_px, int radius)
{
    dawr_ui_add(ui, &(dawr_ui_element){ .name = name, .kind = DAWR_UI_BOX, .rect = r, .bg = bg, .border = border,
                                        .border_px = border_px, .radius_px = radius, .flags = DAWR_UI_HIDDEN_DUMP });
}

static const dawr_counter *counter_of(const display_view *v, const dawr_ticket *t)
{
    return dawr_config_find_counter(v->cfg, t->counter);
}

int display_view_ticker_count(const dawr_config *cfg)
{
    const dawr_display_settings *d = dawr_config_display(cfg);
    return d->announcement_ar_count + d->announcement_en_count;
}

void display_view_set_time(display_view *v, long long now_ms)
{
    const char *tz = dawr_config_settings(v->cfg)->timezone;
    if (dawr_time_format(now_ms / 1000, tz, DAWR_LANG_AR, v->clock, sizeof v->clock) < 0) v->clock[0] = 0;
    if (dawr_date_format(now_ms / 1000, tz, DAWR_CAL_GREGORIAN, DAWR_LANG_AR, 1, v->date_gregorian,
                         sizeof v->date_gregorian) < 0)
        v->date_gregorian[0] = 0;
    if (dawr_date_format(now_ms / 1000, tz, DAWR_CAL_HIJRI, DAWR_LANG_AR, 0, v->date_hijri, sizeof v->date_hijri) < 0)
        v->date_hijri[0] = 0;
}

static void draw_band(dawr_ui *ui, const display_view *v, SDL_Rect band, bool portrait)
{
    const int pad = band.h / 10;
    const dawr_display_settings *d = dawr_config_display(v->cfg);
    box(ui, "band", band, BAND, NONE, 0, 0);
    int split = portrait ? band.w * 55 / 100 : band.w * 58 / 100;    /* the association's part, right */
    int right = band.x + band.w - pad;
    if (v->logo) {
        int s = band.h - 2 * pad;
        dawr_ui_add(ui, &(dawr_ui_element){ .name = "logo", .kind = DAWR_UI_IMAGE, .rect = { right - s, band.y + pad, s, s },
                                            .image = v->logo });
        right -= s + pad;
    }
    (void)d;
    int x0 = band.x + band.w - split;
    SDL_Rect name_ar = { x0, band.y + pad, right - x0, (band.h - 2 * pad) * 62 / 100 };
    SDL_Rect name_en = { x0, name_ar.y + name_ar.h, right - x0, (band.h - 2 * pad) * 38 / 100 };
    label(ui, "association_ar", name_ar, dawr_config_association(v->cfg)->name_ar, name_ar.h * 0.66f,   /* its vowel marks inside */
          WHITE, DAWR_DIR_RTL, DAWR_ALIGN_START, DAWR_WEIGHT_BOLD, 0);
    label(ui, "association_en", name_en, dawr_config_association(v->cfg)->name_en, name_en.h * 0.75f,
          SUB, DAWR_DIR_LTR, DAWR_ALIGN_END, DAWR_WEIGHT_REGULAR, 0);

    /* Clock and dates, left. */
    int left_w = band.w - split - 2 * pad;
    SDL_Rect clock_r = { band.x + pad, band.y + pad, left_w * 36 / 100, band.h - 2 * pad };
    SDL_Rect dates = { clock_r.x + clock_r.w + pad, band.y + pad, left_w - clock_r.w - pad, (band.h - 2 * pad) / 2 };
    label(ui, "clock", clock_r, v->clock, clock_r.h * 0.62f, WHITE, DAWR_DIR_RTL, DAWR_ALIGN_CENTER, DAWR_WEIGHT_BOLD, 0);
    label(ui, "date_gregorian", dates, v->date_gregorian, dates.h * 0.68f, SUB, DAWR_DIR_RTL, DAWR_ALIGN_START, DAWR_WEIGHT_REGULAR, 0);
    dates.y += dates.h;
    label(ui, "date_hijri", dates, v->date_hijri, dates.h * 0.68f, SUB, DAWR_DIR_RTL, DAWR_ALIGN_START, DAWR_WEIGHT_REGULAR, 0);
    if (!v->online) {              /* small and discreet: the screen still shows the last state */
        SDL_Rect r = { band.x + band.w - split, band.y + band.h - pad * 3 / 2 - 2, split / 3, pad * 3 / 2 };
        char text[128];
        snprintf(text, sizeof text, "%s …", dawr_tr(DAWR_LANG_AR, "Reconnecting"));
        label(ui, "offline", r, text, r.h * 0.8f, GOLD, DAWR_DIR_RTL, DAWR_ALIGN_END, DAWR_WEIGHT_REGULAR, 0);
    }
}

static bool draw_hours(dawr_ui *ui, const display_view *v, SDL_Rect ticket, SDL_Rect sub, SDL_Rect all);

/* The current call, worded as an invitation: "الرقم A-001 / تفضّلوا إلى شباك الاستقبال ١". While
 * it is new the panel is amber with navy text; it turns back to teal with white text at once
 * when the call's time is over (a fade would pass through colours no text reads on at 7:1). */
static void draw_current(dawr_ui *ui, const display_view *v, SDL_Rect p)
{
    const dawr_status *st = v->status;
    const float h = v->highlight;
    const bool lit = h > 0.02f && v->status->recent_call_count > 0;
    const SDL_Color fg = lit ? BG : WHITE, sub = lit ? BG : SUB;
    int border = (int)lroundf(4 + 10 * h);
    box(ui, "current_panel", p, lit ? AMBER : PANEL, lit ? dawr_ui_mix(AMBER, AMBER_EDGE, h) : PANEL, border, p.h / 16);
    const int pad = p.h / 18 + 14;         /* room for the widest border: the text never moves */
    SDL_Rect head = { p.x + pad, p.y + pad, p.w - 2 * pad, p.h * 13 / 100 };
    SDL_Rect head_ar = { head.x + head.w / 3, head.y, head.w * 2 / 3, head.h };
    SDL_Rect head_en = { head.x, head.y, head.w / 3, head.h };
    SDL_Rect ticket = { p.x + pad, head.y + head.h, p.w - 2 * pad, p.h * 50 / 100 };
    SDL_Rect counter_ar = { p.x + pad, ticket.y + ticket.h, p.w - 2 * pad, p.h * 15 / 100 };
    SDL_Rect counter_en = { p.x + pad, counter_ar.y + counter_ar.h, p.w - 2 * pad, p.h * 10 / 100 };
    SDL_Rect below = { counter_ar.x, counter_ar.y, counter_ar.w, counter_ar.h + counter_en.h };
    const int inset = p.h / 30 + 4;      /* closed, the panel is teal with its thin border: its whole height */
    if (draw_hours(ui, v, ticket, below, (SDL_Rect){ head.x, p.y + inset, head.w, p.h - 2 * inset })) return;
    if (st->recent_call_count == 0) {
        label(ui, "current_ticket", ticket, dawr_tr(DAWR_LANG_AR, "Please wait until your number is called"),
              ticket.h * 0.3f, WHITE, DAWR_DIR_RTL, DAWR_ALIGN_CENTER, DAWR_WEIGHT_REGULAR, 0);
        label(ui, "current_counter", counter_en, dawr_tr(DAWR_LANG_EN, "Please wait until your number is called"),
              counter_en.h * 0.6f, SUB, DAWR_DIR_LTR, DAWR_ALIGN_CENTER, DAWR_WEIGHT_REGULAR, 0);
        return;
    }
    label(ui, "call_number_ar", head_ar, dawr_tr(DAWR_LANG_AR, "Number"), head.h * 0.8f, fg,
          DAWR_DIR_RTL, DAWR_ALIGN_START, DAWR_WEIGHT_BOLD, 0);
    label(ui, "call_number_en", head_en, dawr_tr(DAWR_LANG_EN, "Number"), head.h * 0.6f, sub,
          DAWR_DIR_LTR, DAWR_ALIGN_START, DAWR_WEIGHT_REGULAR, 0);
    const dawr_ticket *t = &st->recent_calls[0];
    const dawr_counter *c = counter_of(v, t);
    /* As large as the panel allows, and never under 60 mm of ink on the configured TV. */
    float size = (float)(dawr_ui_mm(ui, TICKET_MIN_MM) / CAP_EM);
    if (size < ticket.h * 0.8f / CAP_EM) size = ticket.h * 0.8f / CAP_EM;
    label(ui, "current_ticket", ticket, t->code, size, fg, DAWR_DIR_LTR, DAWR_ALIGN_CENTER, DAWR_WEIGHT_BOLD, 0);
    char text[256];
    if (dawr_template_fill(text, sizeof text, dawr_tr(DAWR_LANG_AR, "Please proceed to {counter}"), "counter",
                           c ? c->name_ar : t->counter, (const char *)NULL) < 0)
        snprintf(text, sizeof text, "%s", c ? c->name_ar : t->counter);
    label(ui, "current_counter", counter_ar, text, counter_ar.h * 0.85f, fg, DAWR_DIR_RTL, DAWR_ALIGN_CENTER,
          DAWR_WEIGHT_BOLD, 0);
    if (dawr_template_fill(text, sizeof text, dawr_tr(DAWR_LANG_EN, "Please proceed to {counter}"), "counter",
                           c ? c->name_en : t->counter, (const char *)NULL) < 0)
        snprintf(text, sizeof text, "%s", c ? c->name_en : t->counter);
    label(ui, "current_counter_en", counter_en, text, counter_en.h * 0.8f, sub, DAWR_DIR_LTR, DAWR_ALIGN_CENTER,
          DAWR_WEIGHT_REGULAR, 0);
}

/* Whether anyone is still waiting or at a counter today: the counters finish the day after closing. */
static bool day_goes_on(const dawr_status *st)
{
    for (int i = 0; i < st->service_count; i++)
        if (st->services[i].waiting) return true;
    for (int i = 0; i < st->counter_count; i++)
        if (st->counters[i].has_ticket || st->counters[i].waiting) return true;
    return false;
}

/* The local "HH:MM" of T, isolated, in LANG's digits, into OUT. */
static void hhmm(long long t, dawr_lang lang, char *out, size_t size)
{
    time_t s = (time_t)(t / 1000);
    struct tm tm;
    localtime_r(&s, &tm);
    char hh[16], mm[16];
    dawr_number_format(tm.tm_hour, 2, lang, hh, sizeof hh);
    dawr_number_format(tm.tm_min, 2, lang, mm, sizeof mm);
    snprintf(out, size, DAWR_LRI "%s:%s" DAWR_PDI, hh, mm);
}

static const char *prayer_word(dawr_lang lang, dawr_prayer p)
{
    static const char *const WORDS[DAWR_PRAYER_COUNT] = {
        [DAWR_PRAYER_FAJR] = NC_("prayer", "Fajr"), [DAWR_PRAYER_SUNRISE] = NC_("prayer", "Sunrise"),
        [DAWR_PRAYER_DHUHR] = NC_("prayer", "Dhuhr"), [DAWR_PRAYER_ASR] = NC_("prayer", "Asr"),
        [DAWR_PRAYER_MAGHRIB] = NC_("prayer", "Maghrib"), [DAWR_PRAYER_ISHA] = NC_("prayer", "Isha"),
    };
    return (unsigned)p < DAWR_PRAYER_COUNT ? dawr_trc(lang, "prayer", WORDS[p]) : "";
}

/* The association's channels (dawr.conf's website and first WhatsApp number) in LANG, worded
 * as the kiosk's closed screen says them, into OUT; "" when dawr.conf names none. */
static void channels_text(const dawr_config *cfg, dawr_lang lang, char *out, size_t size)
{
    const dawr_association_settings *a = dawr_config_association(cfg);
    dawr_tr_channels(out, size, lang, a->website, a->whatsapp_count ? a->whatsapp[0] : NULL);
}

/* Closed: LINES stacked in AREA from the top, each given the height its wrapped text needs at
 * its size; when they do not all fit, every size shrinks together (the Arabic stays the larger). */
typedef struct {
    const char *name, *text;
    float px;
    SDL_Color fg;
    dawr_dir dir;
    dawr_weight weight;
} hours_line;

static void stack_lines(dawr_ui *ui, SDL_Rect area, hours_line *lines, int n)
{
    int heights[4], total = 0;
    const int gap = area.h / 60;
    for (int k = 0; k < 14; k++) {
        total = 0;
        for (int i = 0; i < n; i++) {
            dawr_ui_element e = { .kind = DAWR_UI_LABEL, .rect = { 0, 0, area.w, area.h }, .text = lines[i].text,
                                  .size_px = lines[i].px, .dir = lines[i].dir, .weight = lines[i].weight,
                                  .flags = DAWR_UI_WRAP };
            heights[i] = dawr_ui_text_height(ui, &e);
            total += heights[i] + (i ? gap : 0);
        }
        if (total <= area.h) break;
        for (int i = 0; i < n; i++) lines[i].px = floorf(lines[i].px * 0.93f);
    }
    int y = area.y + (total < area.h ? (area.h - total) / 2 : 0);    /* the block centred, calmly */
    for (int i = 0; i < n; i++) {
        int h = heights[i] < area.y + area.h - y ? heights[i] : area.y + area.h - y;
        label(ui, lines[i].name, (SDL_Rect){ area.x, y, area.w, h }, lines[i].text, lines[i].px, lines[i].fg, lines[i].dir,
              DAWR_ALIGN_CENTER, lines[i].weight, DAWR_UI_WRAP);
        y += h + gap;
    }
}

/* A prayer pause, or closed with nobody left to call: in the current call's place, calmly, in
 * Arabic and then English (the kiosk says the same); closed, the association's channels below
 * (ALL: the panel's whole inside). Returns false when the calls are shown. */
static bool draw_hours(dawr_ui *ui, const display_view *v, SDL_Rect ticket, SDL_Rect sub, SDL_Rect all)
{
    const dawr_hours_now *hr = &v->status->hours;
    if (!hr->paused && (hr->issuing || day_goes_on(v->status))) return false;
    char ar[512], en[512], when_ar[256] = "", when_en[256] = "";
    const char *tz = dawr_config_settings(v->cfg)->timezone;
    if (hr->paused) {
        hhmm(hr->pause_to, DAWR_LANG_AR, when_ar, sizeof when_ar);
        hhmm(hr->pause_to, DAWR_LANG_EN, when_en, sizeof when_en);
        dawr_template_fill(ar, sizeof ar, dawr_tr(DAWR_LANG_AR, "Paused for the {prayer} prayer; calling resumes at {time}"),
                           "prayer", prayer_word(DAWR_LANG_AR, hr->pause.prayer), "time", when_ar, NULL);
        dawr_template_fill(en, sizeof en, dawr_tr(DAWR_LANG_EN, "Paused for the {prayer} prayer; calling resumes at {time}"),
                           "prayer", prayer_word(DAWR_LANG_EN, hr->pause.prayer), "time", when_en, NULL);
        label(ui, "hours_ar", ticket, ar, ticket.h * 0.22f, WHITE, DAWR_DIR_RTL, DAWR_ALIGN_CENTER, DAWR_WEIGHT_BOLD, DAWR_UI_WRAP);
        label(ui, "hours_en", sub, en, sub.h * 0.3f, SUB, DAWR_DIR_LTR, DAWR_ALIGN_CENTER, DAWR_WEIGHT_REGULAR, DAWR_UI_WRAP);
        return true;
    }
    if (hr->next_open) {
        char date_ar[336], greg[160], hijri[160], date_en[160], t_ar[64], t_en[64];
        /* The weekday and both calendars in Arabic, as the kiosk says it. */
        if (dawr_date_format(hr->next_open / 1000, tz, DAWR_CAL_GREGORIAN, DAWR_LANG_AR, 1, greg, sizeof greg) < 0) greg[0] = 0;
        if (dawr_date_format(hr->next_open / 1000, tz, DAWR_CAL_HIJRI, DAWR_LANG_AR, 0, hijri, sizeof hijri) < 0) hijri[0] = 0;
        snprintf(date_ar, sizeof date_ar, "%s (%s)", greg, hijri);
        if (dawr_date_format(hr->next_open / 1000, tz, DAWR_CAL_GREGORIAN, DAWR_LANG_EN, 1, date_en, sizeof date_en) < 0) date_en[0] = 0;
        hhmm(hr->next_open, DAWR_LANG_AR, t_ar, sizeof t_ar);
        hhmm(hr->next_open, DAWR_LANG_EN, t_en, sizeof t_en);
        dawr_template_fill(ar, sizeof ar, dawr_tr(DAWR_LANG_AR, "The reception is closed now; we open again on {date} at {time}"),
                           "date", date_ar, "time", t_ar, NULL);
        dawr_template_fill(en, sizeof en, dawr_tr(DAWR_LANG_EN, "The reception is closed now; we open again on {date} at {time}"),
                           "date", date_en, "time", t_en, NULL);
    } else {
        snprintf(ar, sizeof ar, "%s", dawr_tr(DAWR_LANG_AR, "The reception is closed now"));
        snprintf(en, sizeof en, "%s", dawr_tr(DAWR_LANG_EN, "The reception is closed now"));
    }
    char ch_ar[512], ch_en[512];
    channels_text(v->cfg, DAWR_LANG_AR, ch_ar, sizeof ch_ar);
    channels_text(v->cfg, DAWR_LANG_EN, ch_en, sizeof ch_en);
    hours_line lines[4] = {
        { "hours_ar", ar, ticket.h * 0.22f, WHITE, DAWR_DIR_RTL, DAWR_WEIGHT_BOLD },
        { "hours_en", en, sub.h * 0.3f, SUB, DAWR_DIR_LTR, DAWR_WEIGHT_REGULAR },
        { "channels_ar", ch_ar, sub.h * 0.3f, WHITE, DAWR_DIR_RTL, DAWR_WEIGHT_REGULAR },
        { "channels_en", ch_en, sub.h * 0.26f, SUB, DAWR_DIR_LTR, DAWR_WEIGHT_REGULAR },
    };
    stack_lines(ui, all, lines, *ch_ar ? 4 : 2);
    return true;
}

static void draw_history(dawr_ui *ui, const display_view *v, SDL_Rect p)
{
    const dawr_status *st = v->status;
    const int pad = p.h / 40;
    SDL_Rect title = { p.x, p.y, p.w, p.h * 12 / 100 };
    char text[160];
    snprintf(text, sizeof text, "%s  " DAWR_LRI "%s" DAWR_PDI, dawr_tr(DAWR_LANG_AR, "Recent calls"),
             dawr_tr(DAWR_LANG_EN, "Recent calls"));
    label(ui, "history_title", title, text, title.h * 0.62f, SUB, DAWR_DIR_RTL, DAWR_ALIGN_START, DAWR_WEIGHT_BOLD, 0);
    int row_h = (p.h - title.h) / 5;
    for (int i = 0; i < 5; i++) {
        SDL_Rect row = { p.x, title.y + title.h + i * row_h, p.w, row_h - pad };
        char name[32];
        snprintf(name, sizeof name, "history_%d", i + 1);
        box(ui, name, row, ROW, NONE, 0, row.h / 5);
        /* the calls before the current one: the current call is in the big panel, not twice */
        if (i + 1 >= st->recent_call_count) continue;
        const dawr_ticket *t = &st->recent_calls[i + 1];
        const dawr_counter *c = counter_of(v, t);
        SDL_Rect code = { row.x + row.w * 55 / 100, row.y, row.w * 42 / 100, row.h };
        SDL_Rect counter = { row.x + row.w * 4 / 100, row.y, row.w * 50 / 100, row.h };
        snprintf(name, sizeof name, "history_%d_ticket", i + 1);
        label(ui, name, code, t->code, row.h * 0.62f, WHITE, DAWR_DIR_LTR, DAWR_ALIGN_CENTER, DAWR_WEIGHT_BOLD, 0);
        snprintf(name, sizeof name, "history_%d_counter", i + 1);
        label(ui, name, counter, c ? c->name_ar : t->counter, row.h * 0.4f, SUB, DAWR_DIR_RTL, DAWR_ALIGN_START,
              DAWR_WEIGHT_REGULAR, 0);
    }
}

static void draw_waiting(dawr_ui *ui, const display_view *v, SDL_Rect p, int columns)
{
    const dawr_status *st = v->status;
    const int gap = p.h / 14;
    SDL_Rect title = { p.x + p.w * 84 / 100, p.y, p.w * 16 / 100, p.h };
    char text[160];
    snprintf(text, sizeof text, "%s\n%s", dawr_tr(DAWR_LANG_AR, "People waiting"),
             dawr_tr(DAWR_LANG_EN, "People waiting"));
    dawr_ui_add(ui, &(dawr_ui_element){ .name = "waiting_title", .kind = DAWR_UI_LABEL, .rect = title, .text = text,
                                        .size_px = p.h * (columns < 6 ? 0.16f : 0.24f), .fg = SUB, .dir = DAWR_DIR_RTL,
                                        .align = DAWR_ALIGN_CENTER, .weight = DAWR_WEIGHT_BOLD,
                                        .flags = DAWR_UI_FIT | DAWR_UI_WRAP });
    int n = st->service_count;
    if (n == 0) return;
    int rows = (n + columns - 1) / columns;
    int area_w = title.x - p.x - gap;
    int chip_w = (area_w - (columns - 1) * gap) / columns, chip_h = (p.h - (rows - 1) * gap) / rows;
    /* Every chip the same size, and every name at one size: the largest at which the longest
     * fits its two lines (a shrunken name would look less important). */
    SDL_Rect name_box = { 0, 0, chip_w * 57 / 100, chip_h * 8 / 10 };
    float name_px = chip_h * 0.25f;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 12 && name_px > 8; k++) {
            dawr_ui_element e = { .kind = DAWR_UI_LABEL, .rect = name_box, .text = st->services[i].service->name_ar,
                                  .size_px = name_px, .dir = DAWR_DIR_RTL, .flags = DAWR_UI_WRAP };
            if (dawr_ui_text_height(ui, &e) <= name_box.h) break;
            name_px = floorf(name_px * 0.92f);
        }
    const float count_px = chip_h * 0.6f;
    for (int i = 0; i < n; i++) {
        const dawr_service *sv = st->services[i].service;
        int col = i % columns, r = i / columns;
        /* right to left: the first reason at the right */
        SDL_Rect chip = { p.x + area_w - (col + 1) * chip_w - col * gap, p.y + r * (chip_h + gap), chip_w, chip_h };
        char name[64], count[32];
        snprintf(name, sizeof name, "waiting_%s", sv->id);
        box(ui, name, chip, ROW, NONE, 0, chip_h / 6);
        SDL_Rect count_r = { chip.x + chip.w * 2 / 100, chip.y, chip.w * 36 / 100, chip.h };   /* room for the wide ٠ */
        SDL_Rect name_r = { chip.x + chip.w * 40 / 100, chip.y + chip.h / 10, name_box.w, name_box.h };
        int waiting = st->services[i].waiting;
        dawr_number_format(waiting, 1, DAWR_LANG_AR, count, sizeof count);
        snprintf(name, sizeof name, "waiting_%s_count", sv->id);
        /* The Arabic-Indic zero is a small diamond about a third of a digit's height (Noto Sans
         * Arabic: 226 of 684 units): drawn larger it reads as zero, not as a bullet. */
        dawr_ui_add(ui, &(dawr_ui_element){ .name = name, .kind = DAWR_UI_LABEL, .rect = count_r, .text = count,
                                            .size_px = waiting == 0 ? count_px * ZERO_SCALE : count_px, .fg = GOLD,
                                            .dir = DAWR_DIR_RTL, .align = DAWR_ALIGN_CENTER, .weight = DAWR_WEIGHT_BOLD,
                                            .flags = waiting == 0 ? 0 : DAWR_UI_FIT });
        snprintf(name, sizeof name, "waiting_%s_name", sv->id);
        dawr_ui_add(ui, &(dawr_ui_element){ .name = name, .kind = DAWR_UI_LABEL, .rect = name_r, .text = sv->name_ar,
                                            .size_px = name_px, .fg = WHITE, .dir = DAWR_DIR_RTL,
                                            .align = DAWR_ALIGN_START, .flags = DAWR_UI_WRAP });
    }
}

bool display_view_help_needed(const dawr_config *cfg, const dawr_status *st, long long now_ms)
{
    return st->help_open > 0 && now_ms - st->help_oldest_at >= dawr_config_settings(cfg)->help_answer_seconds * 1000LL;
}

static void draw_ticker(dawr_ui *ui, const display_view *v, SDL_Rect p)
{
    const dawr_display_settings *d = dawr_config_display(v->cfg);
    box(ui, "ticker_band", p, GOLD, NONE, 0, 0);
    SDL_Rect r = { p.x + p.h / 2, p.y, p.w - p.h, p.h };
    if (v->help_needed) {             /* in place of the announcements, in turn; never who or where */
        bool ar = v->ticker_index % 2 == 0;
        label(ui, "help_needed", r, dawr_tr(ar ? DAWR_LANG_AR : DAWR_LANG_EN, "A visitor at the reception needs help; would a member of staff please go to them"),
              p.h * 0.52f, BG, ar ? DAWR_DIR_RTL : DAWR_DIR_LTR, DAWR_ALIGN_START, DAWR_WEIGHT_BOLD, 0);
        return;
    }
    int n = display_view_ticker_count(v->cfg);
    if (n == 0) return;
    int i = v->ticker_index % n;
    bool ar = i < d->announcement_ar_count;
    const char *text = ar ? d->announcements_ar[i] : d->announcements_en[i - d->announcement_ar_count];
    label(ui, "ticker", r, text, p.h * 0.52f, BG, ar ? DAWR_DIR_RTL : DAWR_DIR_LTR, DAWR_ALIGN_START, DAWR_WEIGHT_BOLD, 0);
}

void display_view_draw(dawr_ui *ui, const display_view *v)
{
    int w, h;
    dawr_ui_size(ui, &w, &h);
    bool portrait = h > w;
    int m = (portrait ? w : h) / 40;
    dawr_ui_begin(ui, "main", BG);
    SDL_Rect band = { 0, 0, w, portrait ? h * 8 / 100 : h * 13 / 100 };
    SDL_Rect ticker = { 0, h - (portrait ? h * 5 / 100 : h * 75 / 1000), w, portrait ? h * 5 / 100 : h * 75 / 1000 };
    int waiting_h = portrait ? h * 15 / 100 : h * 16 / 100;
    SDL_Rect waiting = { m, ticker.y - m - waiting_h, w - 2 * m, waiting_h };
    int top = band.h + m, bottom = waiting.y - m;
    draw_band(ui, v, band, portrait);
    if (portrait) {
        int cur_h = (bottom - top) * 56 / 100;
        draw_current(ui, v, (SDL_Rect){ m, top, w - 2 * m, cur_h });
        draw_history(ui, v, (SDL_Rect){ m, top + cur_h + m, w - 2 * m, bottom - top - cur_h - m });
    } else {
        int hist_w = w * 34 / 100;
        draw_current(ui, v, (SDL_Rect){ m + hist_w + m, top, w - hist_w - 3 * m, bottom - top });
        draw_history(ui, v, (SDL_Rect){ m, top, hist_w, bottom - top });
    }
    draw_waiting(ui, v, waiting, portrait ? 3 : 6);
    draw_ticker(ui, v, ticker);
}
