/* The board's PDF: cairo's PDF surface, text laid out by the project's pipeline and drawn
 * as positioned glyphs with cairo fonts made from the same font files, charts and tables
 * mirrored for Arabic (the start side is the right). */
#include "report_pdf.h"

#include "clock.h"
#include "text_date.h"
#include "text_i18n.h"
#include "text_layout.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 42.0
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 18)
#define MAX_FACES 32

typedef struct { double r, g, b; } rgb;
static const rgb INK = { 0.13, 0.15, 0.17 }, MUTED = { 0.40, 0.43, 0.46 }, TEAL = { 0.09, 0.39, 0.37 },
                 PALE = { 0.91, 0.95, 0.94 }, WHITE = { 1, 1, 1 }, SAND = { 0.80, 0.62, 0.32 }, RULE = { 0.80, 0.83, 0.84 };
/* The five faces, from not satisfied (1) to excellent (5). */
static const rgb FACE_COLOURS[5] = { { 0.80, 0.33, 0.27 }, { 0.90, 0.55, 0.25 }, { 0.88, 0.74, 0.28 },
                                     { 0.52, 0.72, 0.35 }, { 0.22, 0.58, 0.36 } };

typedef struct {
    cairo_surface_t *surface;
    cairo_t *cr;
    dawr_text *text;
    const dawr_report *r;
    const dawr_report_pdf_opts *o;
    dawr_lang lang;
    int rtl;
    struct { const dawr_face *face; cairo_font_face_t *cf; } faces[MAX_FACES];
    int n_faces;
    int page;
    double y;                          /* where the next block goes on this page */
} pdf;

/* ---- strings ---- */

enum {
    S_TITLE, S_SUBTITLE, S_PERIOD, S_FROM, S_TO, S_DAYS, S_POLICY, S_TICKETS, S_SERVED, S_NOSHOW, S_TRANSFERS, S_OPEN,
    S_CANCELLED, S_WAIT_MEDIAN, S_SATISFIED, S_RESPONSE, S_CH_REASONS, S_CH_HOURS, S_CH_FACES, S_CH_TREND, S_REASON,
    S_COUNTER, S_PERIOD_COL, S_HOUR, S_WAIT, S_SERVICE, S_MEAN, S_MEDIAN, S_P90, S_RATINGS, S_RATING_MEAN, S_T_VISITS,
    S_T_SATISFACTION, S_T_COUNTERS, S_T_COUNTERS_SAT, S_T_PERIODS, S_T_HOURS, S_T_LOW, S_LOW_REASON, S_LOW_COUNT,
    S_NO_DATA, S_NOTES, S_NOTE_1, S_NOTE_2, S_NOTE_3, S_PAGE, S_COUNTERS_NOTE, S_T_HELP, S_HELP_CALLS, S_HELP_ANSWERED,
    S_HELP_MEDIAN, S_HELP_LONGEST, S_SECONDS, S_HELP_NONE, S_BRANCHES, S_BRANCH, S_BRANCHES_NOTE, S_CH_BRANCH_WAIT,
    S_CH_BRANCH_SATISFIED, S_T_BRANCHES, S_T_CHANNELS, S_CHANNEL, S_T_OUTCOMES, S_TOTAL,
    S_SET_ASIDE, S_T_ASIDE, S_ASIDE_TIMES, S_ASIDE_MINUTES, S_ASIDE_NOTE, S_T_HELP_PERIODS, S_HELP_ANSWERED_COL,
    S_HELP_MEDIAN_COL, S_HELP_LONGEST_COL, S_T_HOURS_KEPT, S_PAUSED_PART, S_MINUTES,
    S_REFUSED, S_T_APPS, S_STEP, S_APPLICATIONS, S_APPS_OPENED, S_DECIDED, S_DECISION_DAYS, S_AFTER_MINIMUM,
    S_WITHIN_TARGET, S_DAYS_UNIT, S_OVERDUE, S_T_APPOINTMENTS, S_APPOINTMENTS, S_BOOKED, S_KEPT, S_LATE, S_MISSED,
    S_COMING, S_MESSAGES, S_MSG_DECISION, S_MSG_DOCUMENTS, S_MSG_REMINDER, S_APPS_NOTE, S_FACE_1, S_FACE_2, S_FACE_3, S_FACE_4,
    S_FACE_5, S_COUNT,
};

/* The report's words, translated in the catalogues with the context "report"; the five faces
 * are the kiosk's words (dawr_tr_rating). */
static const char *const STRINGS[S_FACE_1] = {
    [S_TITLE] = NC_("report", "Reception and beneficiary satisfaction report"),
    [S_SUBTITLE] = NC_("report", "Waiting, service, referrals and what visitors thought"),
    [S_PERIOD] = NC_("report", "Period"),
    [S_FROM] = NC_("report", "From"),
    [S_TO] = NC_("report", "To"),
    [S_DAYS] = NC_("report", "Days"),
    [S_POLICY] = NC_("report", "Rating the service is the beneficiary's right; it is a tool for "
                       "evaluation and improvement, not for punishment or shaming."),
    [S_TICKETS] = NC_("report", "Visits"),
    [S_SERVED] = NC_("report", "Served"),
    [S_NOSHOW] = NC_("report", "No-shows"),
    [S_TRANSFERS] = NC_("report", "Referrals"),
    [S_OPEN] = NC_("report", "Open"),
    [S_CANCELLED] = NC_("report", "Cancelled"),
    [S_WAIT_MEDIAN] = NC_("report", "Median wait (min)"),
    [S_SATISFIED] = NC_("report", "Satisfied"),
    [S_RESPONSE] = NC_("report", "Response rate"),
    [S_CH_REASONS] = NC_("report", "Visits per reason"),
    [S_CH_HOURS] = NC_("report", "Mean waiting time by hour of arrival (min)"),
    [S_CH_FACES] = NC_("report", "Ratings over the five faces"),
    [S_CH_TREND] = NC_("report", "Share satisfied over the period"),
    [S_REASON] = NC_("report", "Visit reason"),
    [S_COUNTER] = NC_("report", "Counter"),
    [S_PERIOD_COL] = NC_("report", "Period"),
    [S_HOUR] = NC_("report", "Hour"),
    [S_WAIT] = NC_("report", "Waiting"),
    [S_SERVICE] = NC_("report", "Service"),
    [S_MEAN] = NC_("report", "mean"),
    [S_MEDIAN] = NC_("report", "median"),
    [S_P90] = NC_("report", "p90"),
    [S_RATINGS] = NC_("report", "Ratings"),
    [S_RATING_MEAN] = NC_("report", "Mean rating"),
    [S_T_VISITS] = NC_("report", "Visits and times per reason (minutes)"),
    [S_T_SATISFACTION] = NC_("report", "Satisfaction per reason"),
    [S_T_COUNTERS] = NC_("report", "Visits and times per counter (minutes)"),
    [S_T_COUNTERS_SAT] = NC_("report", "Satisfaction per counter"),
    [S_T_PERIODS] = NC_("report", "Figures per period"),
    [S_T_HOURS] = NC_("report", "Busiest hours of the day"),
    [S_T_LOW] = NC_("report", "Reasons given with low ratings (1 and 2)"),
    [S_LOW_REASON] = NC_("report", "Reason"),
    [S_LOW_COUNT] = NC_("report", "Times given"),
    [S_NO_DATA] = NC_("report", "No data in this period"),
    [S_NOTES] = NC_("report", "How the figures are counted"),
    [S_NOTE_1] = NC_("report", "Waiting: from the ticket's issue to its first call. Service: from "
                       "the start of service to its end; a referred visit adds up its parts."),
    [S_NOTE_2] = NC_("report", "The median is the middle value; p90 is the time nine visitors in "
                       "ten did not exceed."),
    [S_NOTE_3] = NC_("report", "Satisfied: ratings of 4 or 5 among all ratings. Response rate: "
                       "ratings ÷ visits served."),
    [S_PAGE] = NC_("report", "Page"),
    [S_COUNTERS_NOTE] = NC_("report", "Counter figures are for improvement, not for judging people."),
    [S_T_HELP] = NC_("report", "Visitors' calls for help"),
    [S_HELP_CALLS] = NC_("report", "Help calls"),
    [S_HELP_ANSWERED] = NC_("report", "answered"),
    [S_HELP_MEDIAN] = NC_("report", "median time to answer"),
    [S_HELP_LONGEST] = NC_("report", "longest"),
    [S_SECONDS] = NC_("report", "s"),
    [S_HELP_NONE] = NC_("report", "Nobody called for help in this period."),
    [S_BRANCHES] = NC_("report", "The branches compared"),
    [S_BRANCH] = NC_("report", "Branch"),
    [S_BRANCHES_NOTE] = NC_("report", "Figures per branch and per counter are for improvement, never to blame."),
    [S_CH_BRANCH_WAIT] = NC_("report", "Median waiting time per branch (min)"),
    [S_CH_BRANCH_SATISFIED] = NC_("report", "Share satisfied per branch (%)"),
    [S_T_BRANCHES] = NC_("report", "Figures per branch"),
    [S_T_CHANNELS] = NC_("report", "Visits by how they came"),
    [S_CHANNEL] = NC_("report", "Channel"),
    [S_T_OUTCOMES] = NC_("report", "Outcomes per visit reason and counter"),
    [S_TOTAL] = NC_("report", "Total"),
    [S_SET_ASIDE] = NC_("report", "Set aside"),
    [S_T_ASIDE] = NC_("report", "Visits set aside"),
    [S_ASIDE_TIMES] = NC_("report", "Times set aside"),
    [S_ASIDE_MINUTES] = NC_("report", "time aside per visit (min)"),
    [S_ASIDE_NOTE] = NC_("report", "Time aside runs from setting a visit aside to taking it back, or to the end "
                           "of its day when it is closed; each visit's whole time aside counts once, and it is "
                           "neither waiting nor service."),
    [S_T_HELP_PERIODS] = NC_("report", "Calls for help per period"),
    [S_HELP_ANSWERED_COL] = NC_("report", "Answered"),
    [S_HELP_MEDIAN_COL] = NC_("report", "Median time to answer (s)"),
    [S_HELP_LONGEST_COL] = NC_("report", "Longest time to answer (s)"),
    [S_T_HOURS_KEPT] = NC_("report", "Opening hours and prayer pauses"),
    [S_PAUSED_PART] = NC_("report", "of it in prayer pauses, mean"),
    [S_MINUTES] = NC_("report", "min"),
    [S_REFUSED] = NC_("report", "Tickets refused because the reception was closed"),
    [S_T_APPS] = NC_("report", "Applications followed to their answer"),
    [S_STEP] = NC_("report", "Step now"),
    [S_APPLICATIONS] = NC_("report", "Applications"),
    [S_APPS_OPENED] = NC_("report", "Opened in this period"),
    [S_DECIDED] = NC_("report", "Decided"),
    [S_DECISION_DAYS] = NC_("report", "days to a decision"),
    [S_AFTER_MINIMUM] = NC_("report", "Answered on or after the earliest answer date"),
    [S_WITHIN_TARGET] = NC_("report", "Answered within the target"),
    [S_DAYS_UNIT] = NC_("report", "days"),
    [S_OVERDUE] = NC_("report", "Overdue: past the earliest answer date and not yet decided"),
    [S_T_APPOINTMENTS] = NC_("report", "Return appointments in this period"),
    [S_APPOINTMENTS] = NC_("report", "Appointments"),
    [S_BOOKED] = NC_("report", "Booked"),
    [S_KEPT] = NC_("report", "Kept"),
    [S_LATE] = NC_("report", "Late"),
    [S_MISSED] = NC_("report", "Missed"),
    [S_COMING] = NC_("report", "Coming"),
    [S_MESSAGES] = NC_("report", "Messages to families"),
    [S_MSG_DECISION] = NC_("report", "decision ready"),
    [S_MSG_DOCUMENTS] = NC_("report", "documents needed"),
    [S_MSG_REMINDER] = NC_("report", "appointment reminders"),
    [S_APPS_NOTE] = NC_("report", "An application counts in the period it was opened in, at its step at the end "
                          "of the period (or now); the days to a decision run from its opening to its first "
                          "decision. Kept: checked in no later than the minutes allowed; late: later than that; "
                          "missed: no check-in by the end of its day; cancelled ones are counted apart."),
};

/* The channels' words, as the console names them (context "channel"), in DAWR_CHANNELS' order. */
static const char *const CHANNEL_WORDS[DAWR_CHANNEL_COUNT] = {
    NC_("channel", "Kiosk"), NC_("channel", "In person at the desk"), NC_("channel", "Phone call"),
    NC_("channel", "WhatsApp"), NC_("channel", "Letter"), NC_("channel", "Branch office representative"),
    NC_("channel", "Home visit request"),
};

static const char *S(const pdf *p, int id)
{
    if (id >= S_FACE_1 && id <= S_FACE_5) return dawr_tr_rating(p->lang, id - S_FACE_1 + 1);
    return dawr_trc(p->lang, "report", STRINGS[id]);
}

/* The association's name in the report's language (dawr.conf), "" when it has none. */
static const char *association(const pdf *p) { return p->o->association ? p->o->association : ""; }

/* ---- numbers ---- */

static const char *fmt_int(const pdf *p, long long n, char *buf, size_t size)
{
    if (dawr_number_format(n, 0, p->lang, buf, size) < 0) snprintf(buf, size, "?");
    return buf;
}

/* X with DECIMALS decimals in the language's digits and decimal separator; "—" when undefined. */
static const char *fmt_dec(const pdf *p, double x, int decimals, char *buf, size_t size)
{
    if (isnan(x)) { snprintf(buf, size, "—"); return buf; }
    char ascii[64], *o = buf;
    snprintf(ascii, sizeof ascii, "%.*f", decimals, x);
    if (p->lang == DAWR_LANG_EN) { snprintf(buf, size, "%s", ascii); return buf; }
    for (const char *s = ascii; *s && (size_t)(o - buf) + 4 < size; s++) {
        if (*s >= '0' && *s <= '9') { *o++ = '\xD9'; *o++ = (char)(0xA0 + (*s - '0')); }
        else if (*s == '.') { *o++ = '\xD9'; *o++ = '\xAB'; }      /* U+066B ARABIC DECIMAL SEPARATOR */
        else *o++ = *s;
    }
    *o = 0;
    return buf;
}

static const char *fmt_pct(const pdf *p, double share, char *buf, size_t size)
{
    if (isnan(share)) { snprintf(buf, size, "—"); return buf; }
    char n[32];
    fmt_dec(p, 100 * share, 0, n, sizeof n);
    snprintf(buf, size, "%s%s", n, p->lang == DAWR_LANG_EN ? "%" : "٪");
    return buf;
}

/* A date key ("2026-11-25", "2026-11") in the language's digits, isolated left to right, with
 * left-to-right marks around the hyphens (Arabic-Indic digits need them to keep order). */
static const char *fmt_key(const pdf *p, const char *key, char *buf, size_t size)
{
    char marked[96], *o = marked;
    for (const char *s = key; *s && (size_t)(o - marked) + 8 < sizeof marked; s++) {
        if (*s == '-' && p->lang != DAWR_LANG_EN) { memcpy(o, "\xE2\x80\x8E-\xE2\x80\x8E", 7); o += 7; }
        else *o++ = *s;
    }
    *o = 0;
    char *loc = dawr_digits_localize(marked, p->lang);
    if (dawr_text_isolate(loc ? loc : marked, 0, buf, size) < 0) snprintf(buf, size, "%s", key);
    free(loc);
    return buf;
}

/* ---- text ---- */

static cairo_font_face_t *cairo_face(pdf *p, const dawr_face *face)
{
    for (int i = 0; i < p->n_faces; i++)
        if (p->faces[i].face == face) return p->faces[i].cf;
    if (p->n_faces == MAX_FACES) return NULL;
    /* The same file and face index as the pipeline's FreeType face, so glyph ids agree;
     * cairo opens and owns its own FreeType face for it. */
    FcPattern *pat = FcPatternCreate();
    if (!pat) return NULL;
    FcPatternAddString(pat, FC_FILE, (const FcChar8 *)dawr_face_path(face));
    FcPatternAddInteger(pat, FC_INDEX, dawr_face_index(face));
    cairo_font_face_t *cf = cairo_ft_font_face_create_for_pattern(pat);
    FcPatternDestroy(pat);
    if (cairo_font_face_status(cf) != CAIRO_STATUS_SUCCESS) { cairo_font_face_destroy(cf); return NULL; }
    p->faces[p->n_faces].face = face;
    p->faces[p->n_faces++].cf = cf;
    return cf;
}

/* Draws one run: glyphs at their positions, with the run's text mapped by clusters so that
 * the PDF's text is the logical string. */
static void draw_run(pdf *p, const dawr_layout *l, const dawr_run *run, double x, double y)
{
    size_t n_glyphs, text_len;
    const dawr_glyph *glyphs = dawr_layout_glyphs(l, &n_glyphs);
    const char *text = dawr_layout_text(l, &text_len);
    cairo_font_face_t *cf = cairo_face(p, dawr_layout_face(l, run->face));
    if (!cf || !run->n_glyphs) return;
    cairo_set_font_face(p->cr, cf);
    cairo_set_font_size(p->cr, dawr_layout_size(l));
    int n = (int)run->n_glyphs;
    cairo_glyph_t *cg = malloc((size_t)n * sizeof *cg);
    cairo_text_cluster_t *cl = malloc((size_t)n * sizeof *cl);
    if (!cg || !cl) { free(cg); free(cl); return; }
    for (int i = 0; i < n; i++) {
        const dawr_glyph *g = &glyphs[run->first_glyph + i];
        cg[i] = (cairo_glyph_t){ g->id, x + g->x, y + g->y };
    }
    /* Clusters in logical order: glyphs from the end for a right-to-left run. */
    int n_cl = 0, ok = 1;
    uint32_t prev = 0;
    for (int k = 0; k < n && ok; k++) {
        const dawr_glyph *g = &glyphs[run->first_glyph + (run->rtl ? n - 1 - k : k)];
        if (g->cluster < run->start || g->cluster >= run->end || (k && g->cluster < prev)) ok = 0;
        else if (k && g->cluster == prev) cl[n_cl - 1].num_glyphs++;
        else {
            if (n_cl) cl[n_cl - 1].num_bytes = (int)(g->cluster - prev);
            cl[n_cl++] = (cairo_text_cluster_t){ 0, 1 };
            prev = g->cluster;
        }
    }
    if (ok && n_cl) {
        cl[n_cl - 1].num_bytes = (int)(run->end - prev);
        uint32_t first = glyphs[run->first_glyph + (run->rtl ? n - 1 : 0)].cluster;
        cl[0].num_bytes += (int)(first - run->start);      /* leading marks or controls */
        if (n_cl == 1) cl[0].num_bytes = (int)(run->end - run->start);
        cairo_show_text_glyphs(p->cr, text + run->start, (int)(run->end - run->start), cg, n, cl, n_cl,
                               run->rtl ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
    } else {
        cairo_show_glyphs(p->cr, cg, n);
    }
    free(cg);
    free(cl);
}

static void draw_layout(pdf *p, const dawr_layout *l, double x, double y, rgb c)
{
    size_t n_runs;
    const dawr_run *runs = dawr_layout_runs(l, &n_runs);
    cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
    for (size_t i = 0; i < n_runs; i++) draw_run(p, l, &runs[i], x, y);
}

static dawr_layout *lay(pdf *p, const char *s, double size, double width, int bold, dawr_align align)
{
    dawr_layout_opts o = { .size_px = (float)size, .width_px = (float)width, .dir = p->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR,
                           .align = align, .weight = bold ? DAWR_WEIGHT_BOLD : DAWR_WEIGHT_REGULAR };
    return dawr_text_layout(p->text, s, (size_t)-1, &o);
}

/* Draws S in the box of WIDTH whose left edge is X, top Y; wraps. Returns its height. */
static double text(pdf *p, const char *s, double x, double y, double width, double size, int bold, dawr_align align,
                   rgb c)
{
    dawr_layout *l = lay(p, s, size, width, bold, align);
    if (!l) return 0;
    draw_layout(p, l, x, y, c);
    double h = dawr_layout_height(l);
    dawr_layout_free(l);
    return h;
}

/* The left edge of a box WIDTH wide that starts OFFSET from the start side of the content. */
static double box_x(const pdf *p, double offset, double width)
{
    return p->rtl ? PAGE_W - MARGIN - offset - width : MARGIN + offset;
}

static void fill_rect(pdf *p, double x, double y, double w, double h, rgb c)
{
    cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_fill(p->cr);
}

/* ---- pages ---- */

static void footer(pdf *p)
{
    char n[16], line[256];
    snprintf(line, sizeof line, "%s — %s %s", association(p), S(p, S_PAGE), fmt_int(p, p->page, n, sizeof n));
    cairo_set_source_rgb(p->cr, RULE.r, RULE.g, RULE.b);
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, MARGIN, PAGE_H - MARGIN + 2);
    cairo_line_to(p->cr, PAGE_W - MARGIN, PAGE_H - MARGIN + 2);
    cairo_stroke(p->cr);
    text(p, line, MARGIN, PAGE_H - MARGIN + 6, CONTENT_W, 8, 0, DAWR_ALIGN_CENTER, MUTED);
}

static void new_page(pdf *p)
{
    if (p->page) {
        footer(p);
        cairo_show_page(p->cr);
    }
    p->page++;
    p->y = MARGIN;
}

/* Starts a new page unless NEED points fit below y. */
static void need(pdf *p, double need)
{
    if (p->y + need > BOTTOM) new_page(p);
}

static void heading(pdf *p, const char *s)
{
    need(p, 60);
    fill_rect(p, box_x(p, 0, 4), p->y + 2, 4, 16, SAND);
    p->y += text(p, s, box_x(p, 10, CONTENT_W - 10), p->y, CONTENT_W - 10, 13, 1, DAWR_ALIGN_START, TEAL) + 6;
}

static void period_text(pdf *p, const char *day, char *buf, size_t size)
{
    char iso[32];
    snprintf(iso, sizeof iso, "%sT12:00:00", day);
    dawr_ms t = 0;
    const char *tz = p->o->timezone ? p->o->timezone : "Asia/Riyadh";
    if (dawr_clock_parse(iso, &t) != 0 || dawr_date_format_both(t / 1000, tz, p->lang, buf, size) < 0)
        snprintf(buf, size, "%s", day);
}

static void cover(pdf *p)
{
    const dawr_report *r = p->r;
    char buf[512], a[256], b[256], n[32];
    fill_rect(p, 0, 0, PAGE_W, 150, TEAL);
    fill_rect(p, 0, 150, PAGE_W, 4, SAND);
    text(p, association(p), MARGIN, 52, CONTENT_W, p->lang == DAWR_LANG_EN ? 20 : 26, 1, DAWR_ALIGN_CENTER, WHITE);
    double y = 200;
    y += text(p, S(p, S_TITLE), MARGIN, y, CONTENT_W, 22, 1, DAWR_ALIGN_CENTER, INK) + 4;
    y += text(p, S(p, S_SUBTITLE), MARGIN, y, CONTENT_W, 13, 0, DAWR_ALIGN_CENTER, MUTED) + 28;
    /* The period in both calendars. */
    period_text(p, r->from, a, sizeof a);
    period_text(p, r->to, b, sizeof b);
    fill_rect(p, MARGIN + 40, y, CONTENT_W - 80, 96, PALE);
    y += 12;
    y += text(p, S(p, S_PERIOD), MARGIN + 50, y, CONTENT_W - 100, 12, 1, DAWR_ALIGN_CENTER, TEAL) + 4;
    snprintf(buf, sizeof buf, "%s %s", S(p, S_FROM), a);
    y += text(p, buf, MARGIN + 50, y, CONTENT_W - 100, 12, 0, DAWR_ALIGN_CENTER, INK) + 2;
    snprintf(buf, sizeof buf, "%s %s", S(p, S_TO), b);
    y += text(p, buf, MARGIN + 50, y, CONTENT_W - 100, 12, 0, DAWR_ALIGN_CENTER, INK) + 2;
    snprintf(buf, sizeof buf, "%s: %s", S(p, S_DAYS), fmt_int(p, r->days, n, sizeof n));
    text(p, buf, MARGIN + 50, y, CONTENT_W - 100, 10, 0, DAWR_ALIGN_CENTER, MUTED);
    y = 470;
    /* Key figures, five boxes from the start side. */
    const dawr_report_figures *f = &r->total;
    struct { int label; char value[32]; } kf[5] = { { S_TICKETS, "" }, { S_SERVED, "" }, { S_WAIT_MEDIAN, "" },
                                                     { S_SATISFIED, "" }, { S_RESPONSE, "" } };
    fmt_int(p, f->tickets, kf[0].value, sizeof kf[0].value);
    fmt_int(p, f->served, kf[1].value, sizeof kf[1].value);
    fmt_dec(p, f->wait.median, 1, kf[2].value, sizeof kf[2].value);
    fmt_pct(p, f->satisfied, kf[3].value, sizeof kf[3].value);
    fmt_pct(p, f->response_rate, kf[4].value, sizeof kf[4].value);
    double w = (CONTENT_W - 4 * 8) / 5;
    for (int i = 0; i < 5; i++) {
        double x = box_x(p, i * (w + 8), w);
        fill_rect(p, x, y, w, 84, PALE);
        fill_rect(p, x, y, w, 3, TEAL);
        text(p, kf[i].value, x, y + 14, w, 22, 1, DAWR_ALIGN_CENTER, TEAL);
        text(p, S(p, kf[i].label), x + 4, y + 50, w - 8, 9, 0, DAWR_ALIGN_CENTER, INK);
    }
    y += 130;
    text(p, S(p, S_POLICY), MARGIN + 30, y, CONTENT_W - 60, 12, 0, DAWR_ALIGN_CENTER, TEAL);
    y += 70;
    double h = 0;
    h += text(p, S(p, S_NOTES), box_x(p, 0, CONTENT_W), y, CONTENT_W, 10, 1, DAWR_ALIGN_START, INK) + 2;
    for (int i = S_NOTE_1; i <= S_NOTE_3; i++)
        h += text(p, S(p, i), box_x(p, 0, CONTENT_W), y + h, CONTENT_W, 8.5, 0, DAWR_ALIGN_START, MUTED) + 1;
}

/* ---- charts ---- */

/* Horizontal bars: labels on the start side, bars growing toward the end side. */
static void chart_bars(pdf *p, const char *title, const char *const *labels, const double *values, int n,
                       const rgb *colours, int decimals)
{
    heading(p, title);
    double label_w = 170, bar_h = 14, gap = 6, area = CONTENT_W - label_w - 50, max = 0;
    for (int i = 0; i < n; i++) if (!isnan(values[i]) && values[i] > max) max = values[i];
    need(p, n * (bar_h + gap));
    for (int i = 0; i < n; i++) {
        double y = p->y + i * (bar_h + gap);
        text(p, labels[i], box_x(p, 0, label_w - 8), y, label_w - 8, 9.5, 0, DAWR_ALIGN_START, INK);
        double len = max > 0 && !isnan(values[i]) ? area * values[i] / max : 0;
        fill_rect(p, box_x(p, label_w, len), y, len, bar_h, colours ? colours[i] : TEAL);
        char v[32];
        fmt_dec(p, values[i], decimals, v, sizeof v);
        text(p, v, box_x(p, label_w + len + 4, 44), y, 44, 9, 1, DAWR_ALIGN_START, INK);
    }
    p->y += n * (bar_h + gap) + 14;
}

/* Vertical bars over hours (earliest at the start side), value labels above. */
static void chart_hours(pdf *p)
{
    const dawr_report *r = p->r;
    heading(p, S(p, S_CH_HOURS));
    int first = 24, last = -1;
    for (int h = 0; h < 24; h++)
        if (r->hours[h].f.tickets) { if (h < first) first = h; last = h; }
    double height = 110;
    need(p, height + 30);
    if (last < 0) {
        p->y += text(p, S(p, S_NO_DATA), MARGIN, p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, MUTED) + 12;
        return;
    }
    double max = 0;
    for (int h = first; h <= last; h++)
        if (!isnan(r->hours[h].f.wait.mean) && r->hours[h].f.wait.mean > max) max = r->hours[h].f.wait.mean;
    int n = last - first + 1;
    double slot = fmin(CONTENT_W / n, 44), bw = slot * 0.6, base = p->y + 14 + height;
    cairo_set_source_rgb(p->cr, RULE.r, RULE.g, RULE.b);
    cairo_set_line_width(p->cr, 0.7);
    cairo_move_to(p->cr, box_x(p, 0, n * slot), base);
    cairo_line_to(p->cr, box_x(p, 0, n * slot) + n * slot, base);
    cairo_stroke(p->cr);
    for (int i = 0; i < n; i++) {
        const dawr_report_figures *f = &r->hours[first + i].f;
        double x = box_x(p, i * slot, slot), v = f->wait.mean;
        double len = max > 0 && !isnan(v) ? height * v / max : 0;
        fill_rect(p, x + (slot - bw) / 2, base - len, bw, len, TEAL);
        char s[32], hh[16];
        fmt_dec(p, v, 1, s, sizeof s);
        text(p, s, x, base - len - 12, slot, 7.5, 0, DAWR_ALIGN_CENTER, INK);
        snprintf(hh, sizeof hh, "%02d", first + i);
        char *loc = dawr_digits_localize(hh, p->lang);
        text(p, loc ? loc : hh, x, base + 2, slot, 8, 0, DAWR_ALIGN_CENTER, MUTED);
        free(loc);
    }
    p->y = base + 26;
}

/* A simple face: a disc with eyes and a mouth from frown (score 1) to smile (score 5). */
static void draw_face(pdf *p, double cx, double cy, double rad, int score)
{
    cairo_t *cr = p->cr;
    rgb c = FACE_COLOURS[score - 1];
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
    cairo_arc(cr, cx, cy, rad, 0, 2 * M_PI);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_arc(cr, cx - rad * 0.35, cy - rad * 0.25, rad * 0.11, 0, 2 * M_PI);
    cairo_arc(cr, cx + rad * 0.35, cy - rad * 0.25, rad * 0.11, 0, 2 * M_PI);
    cairo_fill(cr);
    double curve = (score - 3) * 0.22 * rad;      /* negative: frown */
    cairo_set_line_width(cr, rad * 0.12);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_move_to(cr, cx - rad * 0.45, cy + rad * 0.35 - curve / 2);
    cairo_curve_to(cr, cx - rad * 0.2, cy + rad * 0.35 + curve, cx + rad * 0.2, cy + rad * 0.35 + curve,
                   cx + rad * 0.45, cy + rad * 0.35 - curve / 2);
    cairo_stroke(cr);
}

static void chart_faces(pdf *p)
{
    const dawr_report_figures *f = &p->r->total;
    heading(p, S(p, S_CH_FACES));
    double height = 90, slot = CONTENT_W / 5, bw = slot * 0.45;
    need(p, height + 80);
    int max = 0;
    for (int i = 0; i < 5; i++) if (f->faces[i] > max) max = f->faces[i];
    double base = p->y + 14 + height;
    for (int i = 0; i < 5; i++) {
        double x = box_x(p, i * slot, slot), len = max ? height * f->faces[i] / max : 0;
        fill_rect(p, x + (slot - bw) / 2, base - len, bw, len, FACE_COLOURS[i]);
        char v[32], line[96], pct[32];
        fmt_int(p, f->faces[i], v, sizeof v);
        fmt_pct(p, f->ratings ? (double)f->faces[i] / f->ratings : NAN, pct, sizeof pct);
        snprintf(line, sizeof line, "%s (%s)", v, pct);
        text(p, line, x, base - len - 13, slot, 8.5, 1, DAWR_ALIGN_CENTER, INK);
        draw_face(p, x + slot / 2, base + 16, 11, i + 1);
        text(p, S(p, S_FACE_1 + i), x, base + 30, slot, 8.5, 0, DAWR_ALIGN_CENTER, INK);
    }
    p->y = base + 52;
}

/* Share satisfied per period, a line through the periods that have ratings. */
static void chart_trend(pdf *p)
{
    const dawr_report *r = p->r;
    heading(p, S(p, S_CH_TREND));
    double height = 100, left_pad = 30;
    need(p, height + 40);
    double top = p->y + 6, base = top + height, w = CONTENT_W - left_pad;
    int n = r->period_count;
    cairo_set_line_width(p->cr, 0.5);
    for (int k = 0; k <= 4; k++) {
        double y = base - height * k / 4;
        cairo_set_source_rgb(p->cr, RULE.r, RULE.g, RULE.b);
        cairo_move_to(p->cr, box_x(p, 0, w), y);
        cairo_line_to(p->cr, box_x(p, 0, w) + w, y);
        cairo_stroke(p->cr);
        char s[16];
        fmt_pct(p, k / 4.0, s, sizeof s);
        text(p, s, box_x(p, w, left_pad), y - 5, left_pad - 2, 7, 0, DAWR_ALIGN_END, MUTED);
    }
    double slot = w / (n > 0 ? n : 1);
    int every = n > 12 ? (n + 11) / 12 : 1, started = 0;
    cairo_set_source_rgb(p->cr, TEAL.r, TEAL.g, TEAL.b);
    cairo_set_line_width(p->cr, 1.6);
    for (int i = 0; i < n; i++) {
        double x = box_x(p, i * slot, slot) + slot / 2, v = r->periods[i].f.satisfied;
        if (isnan(v)) { started = 0; continue; }
        double y = base - height * v;
        if (started) cairo_line_to(p->cr, x, y);
        else cairo_move_to(p->cr, x, y);
        started = 1;
    }
    cairo_stroke(p->cr);
    for (int i = 0; i < n; i++) {
        double x = box_x(p, i * slot, slot) + slot / 2, v = r->periods[i].f.satisfied;
        if (!isnan(v)) {
            cairo_set_source_rgb(p->cr, TEAL.r, TEAL.g, TEAL.b);
            cairo_arc(p->cr, x, base - height * v, 2.4, 0, 2 * M_PI);
            cairo_fill(p->cr);
        }
        if (i % every) continue;
        const char *key = r->periods[i].key;
        char label[128];
        fmt_key(p, r->by == DAWR_REPORT_BY_MONTH ? key : key + 5, label, sizeof label);
        text(p, label, x - 30, base + 3, 60, 7, 0, DAWR_ALIGN_CENTER, MUTED);
    }
    p->y = base + 24;
}

/* ---- tables ---- */

typedef struct { int title; double width; } column;
typedef void (*cell_fn)(pdf *p, int row, int col, char *buf, size_t size, void *ctx);

static void table_header(pdf *p, const column *cols, int n, const char *const *titles)
{
    double off = 0, h = 0;
    dawr_layout *ls[16] = { 0 };
    for (int c = 0; c < n; c++) {               /* as tall as the longest wrapped title */
        const char *t = titles && titles[c] ? titles[c] : S(p, cols[c].title);
        ls[c] = lay(p, t, 7.5, cols[c].width - 6, 1, c ? DAWR_ALIGN_CENTER : DAWR_ALIGN_START);
        if (ls[c] && dawr_layout_height(ls[c]) > h) h = dawr_layout_height(ls[c]);
    }
    h += 8;
    fill_rect(p, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, h, TEAL);
    for (int c = 0; c < n; c++) {
        if (ls[c]) draw_layout(p, ls[c], box_x(p, off + 3, cols[c].width - 6), p->y + 4, WHITE);
        dawr_layout_free(ls[c]);
        off += cols[c].width;
    }
    p->y += h;
}

/* A table of N rows; the first column is text, the others are centred figures. Column
 * widths are scaled to the content width. Repeats the header after a page break. */
static void table(pdf *p, int title, const column *cols_in, int n_cols, const char *const *titles, int rows,
                  cell_fn cell, void *ctx)
{
    column cols[16];
    double sum = 0;
    for (int c = 0; c < n_cols; c++) sum += cols_in[c].width;
    for (int c = 0; c < n_cols; c++) cols[c] = (column){ cols_in[c].title, cols_in[c].width * CONTENT_W / sum };
    need(p, 90 + 16 * (rows < 3 ? rows : 3));   /* no heading alone at the foot of a page */
    heading(p, S(p, title));
    table_header(p, cols, n_cols, titles);
    if (!rows) {
        p->y += text(p, S(p, S_NO_DATA), MARGIN, p->y + 4, CONTENT_W, 9, 0, DAWR_ALIGN_CENTER, MUTED) + 8;
    }
    for (int row = 0; row < rows; row++) {
        dawr_layout *ls[16] = { 0 };
        double h = 0;
        for (int c = 0; c < n_cols; c++) {     /* as tall as the longest wrapped cell */
            char buf[256] = "";
            cell(p, row, c, buf, sizeof buf, ctx);
            ls[c] = lay(p, buf, 8, cols[c].width - 6, c == 0, c ? DAWR_ALIGN_CENTER : DAWR_ALIGN_START);
            if (ls[c] && dawr_layout_height(ls[c]) > h) h = dawr_layout_height(ls[c]);
        }
        h += 4;
        if (p->y + h > BOTTOM) { new_page(p); table_header(p, cols, n_cols, titles); }
        if (row % 2) fill_rect(p, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, h, PALE);
        double off = 0;
        for (int c = 0; c < n_cols; c++) {
            if (ls[c]) draw_layout(p, ls[c], box_x(p, off + 3, cols[c].width - 6), p->y + 2, INK);
            dawr_layout_free(ls[c]);
            off += cols[c].width;
        }
        p->y += h;
    }
    cairo_set_source_rgb(p->cr, TEAL.r, TEAL.g, TEAL.b);
    cairo_set_line_width(p->cr, 0.8);
    cairo_move_to(p->cr, MARGIN, p->y);
    cairo_line_to(p->cr, PAGE_W - MARGIN, p->y);
    cairo_stroke(p->cr);
    p->y += 16;
}

typedef struct { const dawr_report_group *groups; int n; } group_list;

static const char *group_name(const pdf *p, const dawr_report_group *g)
{
    return p->lang == DAWR_LANG_EN ? g->name_en : g->name_ar;
}

static void visits_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    const group_list *gl = ctx;
    const dawr_report_group *g = &gl->groups[row];
    const dawr_report_figures *f = &g->f;
    switch (col) {
    case 0: snprintf(buf, size, "%s", group_name(p, g)); break;
    case 1: fmt_int(p, f->tickets, buf, size); break;
    case 2: fmt_int(p, f->served, buf, size); break;
    case 3: fmt_int(p, f->noshow, buf, size); break;
    case 4: fmt_int(p, f->transfers, buf, size); break;
    case 5: fmt_int(p, f->open, buf, size); break;
    case 6: fmt_dec(p, f->wait.mean, 1, buf, size); break;
    case 7: fmt_dec(p, f->wait.median, 1, buf, size); break;
    case 8: fmt_dec(p, f->wait.p90, 1, buf, size); break;
    case 9: fmt_dec(p, f->service.mean, 1, buf, size); break;
    case 10: fmt_dec(p, f->service.median, 1, buf, size); break;
    case 11: fmt_dec(p, f->service.p90, 1, buf, size); break;
    }
}

static void satisfaction_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    const group_list *gl = ctx;
    const dawr_report_group *g = &gl->groups[row];
    const dawr_report_figures *f = &g->f;
    if (col == 0) snprintf(buf, size, "%s", group_name(p, g));
    else if (col == 1) fmt_int(p, f->ratings, buf, size);
    else if (col == 2) fmt_dec(p, f->rating_mean, 2, buf, size);
    else if (col <= 7) fmt_int(p, f->faces[col - 3], buf, size);
    else if (col == 8) fmt_pct(p, f->satisfied, buf, size);
    else fmt_pct(p, f->response_rate, buf, size);
}

static const char *const *visit_titles(pdf *p, char t[12][96])
{
    static const char *ptrs[12];
    int w = S_WAIT, s = S_SERVICE;
    for (int i = 0; i < 12; i++) ptrs[i] = NULL;
    snprintf(t[6], 96, "%s %s", S(p, w), S(p, S_MEAN));
    snprintf(t[7], 96, "%s %s", S(p, w), S(p, S_MEDIAN));
    snprintf(t[8], 96, "%s %s", S(p, w), S(p, S_P90));
    snprintf(t[9], 96, "%s %s", S(p, s), S(p, S_MEAN));
    snprintf(t[10], 96, "%s %s", S(p, s), S(p, S_MEDIAN));
    snprintf(t[11], 96, "%s %s", S(p, s), S(p, S_P90));
    for (int i = 6; i < 12; i++) ptrs[i] = t[i];
    return ptrs;
}

static void group_tables(pdf *p, int first_col, int visits_title, int sat_title, const dawr_report_group *groups,
                         int n)
{
    group_list gl = { groups, n };
    static const column visits[] = { { 0, 2.6 }, { S_TICKETS, 1 }, { S_SERVED, 1 }, { S_NOSHOW, 1 },
                                     { S_TRANSFERS, 1 }, { S_OPEN, 1 }, { 0, 1.1 }, { 0, 1.1 }, { 0, 1.1 },
                                     { 0, 1.1 }, { 0, 1.1 }, { 0, 1.1 } };
    column v[12];
    memcpy(v, visits, sizeof v);
    v[0].title = first_col;
    char t[12][96];
    table(p, visits_title, v, 12, visit_titles(p, t), n, visits_cell, &gl);
    column s[10] = { { first_col, 2.6 }, { S_RATINGS, 1 }, { S_RATING_MEAN, 1 }, { S_FACE_1, 1 }, { S_FACE_2, 1 },
                     { S_FACE_3, 1 }, { S_FACE_4, 1 }, { S_FACE_5, 1 }, { S_SATISFIED, 1 }, { S_RESPONSE, 1.3 } };
    char digits[5][8];
    const char *titles[10] = { 0 };
    for (int i = 0; i < 5; i++) {                          /* the faces' scores as headings */
        fmt_int(p, i + 1, digits[i], sizeof digits[i]);
        titles[3 + i] = digits[i];
    }
    table(p, sat_title, s, 10, titles, n, satisfaction_cell, &gl);
}

static void period_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    (void)ctx;
    const dawr_report_group *g = &p->r->periods[row];
    const dawr_report_figures *f = &g->f;
    if (col == 0) fmt_key(p, g->key, buf, size);
    else if (col == 1) fmt_int(p, f->tickets, buf, size);
    else if (col == 2) fmt_int(p, f->served, buf, size);
    else if (col == 3) fmt_int(p, f->noshow, buf, size);
    else if (col == 4) fmt_dec(p, f->wait.median, 1, buf, size);
    else if (col == 5) fmt_dec(p, f->service.median, 1, buf, size);
    else if (col == 6) fmt_int(p, f->ratings, buf, size);
    else fmt_pct(p, f->satisfied, buf, size);
}

typedef struct { int hours[24], n; } hour_order;

static void hour_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    const hour_order *ho = ctx;
    int h = ho->hours[row];
    const dawr_report_figures *f = &p->r->hours[h].f;
    if (col == 0) {
        /* The hour as a time range, isolated, in the language's digits (any day will do). */
        char at[32];
        dawr_ms t = 0;
        snprintf(at, sizeof at, "2026-01-01T%02d:00:00", h % 24);
        if (dawr_clock_parse(at, &t) != 0 ||
            dawr_time_range_format(t / 1000, t / 1000 + 3600, p->o->timezone ? p->o->timezone : "Asia/Riyadh",
                                   p->lang, buf, size) < 0)
            snprintf(buf, size, "%02d", h % 24);
    } else if (col == 1) fmt_int(p, f->tickets, buf, size);
    else if (col == 2) fmt_dec(p, f->wait.mean, 1, buf, size);
    else if (col == 3) fmt_dec(p, f->wait.median, 1, buf, size);
    else fmt_pct(p, f->satisfied, buf, size);
}

typedef struct { const char *tags[DAWR_MAX_REASONS]; int counts[DAWR_MAX_REASONS], n; } low_list;

static void low_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    const low_list *ll = ctx;
    if (col == 0) snprintf(buf, size, "%s", dawr_tr_rating_reason(p->lang, ll->tags[row]));
    else fmt_int(p, ll->counts[row], buf, size);
}

/* The branch's name in the report's language, then in the other one when it has it. */
static const char *branch_names(const pdf *p, const dawr_report_pdf_branch *b, char *buf, size_t size)
{
    const char *first = p->lang == DAWR_LANG_EN ? b->name_en : b->name_ar;
    const char *second = p->lang == DAWR_LANG_EN ? b->name_ar : b->name_en;
    if (!first || !*first) first = b->id;
    if (second && *second && strcmp(second, first)) snprintf(buf, size, "%s · %s", first, second);
    else snprintf(buf, size, "%s", first);
    return buf;
}

static void branch_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    (void)ctx;
    const dawr_report_pdf_branch *b = &p->o->branches[row];
    const dawr_report_figures *f = &b->report->total;
    switch (col) {
    case 0: branch_names(p, b, buf, size); break;
    case 1: fmt_int(p, f->tickets, buf, size); break;
    case 2: fmt_int(p, f->served, buf, size); break;
    case 3: fmt_int(p, f->noshow, buf, size); break;
    case 4: fmt_int(p, f->transfers, buf, size); break;
    case 5: fmt_dec(p, f->wait.median, 1, buf, size); break;
    case 6: fmt_dec(p, f->wait.p90, 1, buf, size); break;
    case 7: fmt_dec(p, f->service.median, 1, buf, size); break;
    case 8: fmt_int(p, f->ratings, buf, size); break;
    case 9: fmt_pct(p, f->satisfied, buf, size); break;
    default: fmt_pct(p, f->response_rate, buf, size); break;
    }
}

/* The association's branches side by side: the note, waits and satisfaction as bars, a table. */
static void branches(pdf *p)
{
    const dawr_report_pdf_opts *o = p->o;
    new_page(p);
    heading(p, S(p, S_BRANCHES));
    p->y += text(p, S(p, S_BRANCHES_NOTE), box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 1, DAWR_ALIGN_START, TEAL) + 10;
    enum { MAX_BARS = 64 };
    int n = o->branch_count < MAX_BARS ? o->branch_count : MAX_BARS;
    const char *labels[MAX_BARS];
    double waits[MAX_BARS], satisfied[MAX_BARS];
    rgb green[MAX_BARS];
    for (int i = 0; i < n; i++) {
        const dawr_report_pdf_branch *b = &o->branches[i];
        labels[i] = (p->lang == DAWR_LANG_EN ? b->name_en : b->name_ar);
        if (!labels[i] || !*labels[i]) labels[i] = b->id;
        waits[i] = b->report->total.wait.median;
        satisfied[i] = 100 * b->report->total.satisfied;
        green[i] = FACE_COLOURS[4];
    }
    chart_bars(p, S(p, S_CH_BRANCH_WAIT), labels, waits, n, NULL, 1);
    chart_bars(p, S(p, S_CH_BRANCH_SATISFIED), labels, satisfied, n, green, 0);
    static const column cols[] = { { S_BRANCH, 4 }, { S_TICKETS, 1 }, { S_SERVED, 1 }, { S_NOSHOW, 1 },
                                   { S_TRANSFERS, 1 }, { 0, 1.1 }, { 0, 1.1 }, { 0, 1.1 }, { S_RATINGS, 1 },
                                   { S_SATISFIED, 1 }, { S_RESPONSE, 1.2 } };
    char t[12][96];
    const char *const *vt = visit_titles(p, t);
    const char *titles[11] = { NULL, NULL, NULL, NULL, NULL, vt[7], vt[8], vt[10], NULL, NULL, NULL };
    table(p, S_T_BRANCHES, cols, 11, titles, o->branch_count, branch_cell, NULL);
}

static void channel_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    (void)ctx;
    const dawr_report_figures *f = &p->r->channels[row].f;
    switch (col) {
    case 0: snprintf(buf, size, "%s", dawr_trc(p->lang, "channel", CHANNEL_WORDS[row])); break;
    case 1: fmt_int(p, f->tickets, buf, size); break;
    case 2: fmt_int(p, f->served, buf, size); break;
    case 3: fmt_dec(p, f->wait.median, 1, buf, size); break;
    case 4: fmt_dec(p, f->wait.p90, 1, buf, size); break;
    case 5: fmt_int(p, f->ratings, buf, size); break;
    case 6: fmt_dec(p, f->rating_mean, 2, buf, size); break;
    default: fmt_pct(p, f->satisfied, buf, size); break;
    }
}

/* The outcomes table's rows: the visit reasons, their total, then the counters (when shown). */
typedef struct { const char *names[DAWR_MAX_SERVICES * 2 + 8]; const dawr_report_figures *f[DAWR_MAX_SERVICES * 2 + 8]; int n, outcomes; } outcome_rows;

static void outcome_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    const outcome_rows *o = ctx;
    if (col == 0) snprintf(buf, size, "%s", o->names[row]);
    else if (col <= o->outcomes) fmt_int(p, o->f[row]->outcomes[col - 1], buf, size);
    else fmt_int(p, o->f[row]->set_asides, buf, size);
}

static void help_period_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    (void)ctx;
    const dawr_report_group *g = &p->r->periods[row];
    const dawr_report_figures *f = &g->f;
    if (col == 0) fmt_key(p, g->key, buf, size);
    else if (col == 1) fmt_int(p, f->help_calls, buf, size);
    else if (col == 2) fmt_int(p, f->help_answered, buf, size);
    else if (col == 3) fmt_dec(p, f->help_answer.median, 0, buf, size);
    else fmt_dec(p, f->help_longest, 0, buf, size);
}

/* How visits came, what they ended with, how long they stood aside (docs/reports.md). */
static void channels_outcomes_aside(pdf *p)
{
    const dawr_report *r = p->r;
    static const column ch_cols[] = { { S_CHANNEL, 2.4 }, { S_TICKETS, 1 }, { S_SERVED, 1 }, { 0, 1.2 }, { 0, 1.2 },
                                      { S_RATINGS, 1 }, { S_RATING_MEAN, 1 }, { S_SATISFIED, 1 } };
    char w1[96], w2[96];
    snprintf(w1, sizeof w1, "%s %s", S(p, S_WAIT), S(p, S_MEDIAN));
    snprintf(w2, sizeof w2, "%s %s", S(p, S_WAIT), S(p, S_P90));
    const char *ch_titles[8] = { NULL, NULL, NULL, w1, w2, NULL, NULL, NULL };
    table(p, S_T_CHANNELS, ch_cols, 8, ch_titles, DAWR_CHANNEL_COUNT, channel_cell, NULL);

    outcome_rows o = { .n = 0 };
    o.outcomes = dawr_config_outcome_count(r->cfg);
    if (o.outcomes > 14) o.outcomes = 14;           /* the table's sixteen columns */
    for (int i = 0; i < r->reason_count && o.n < DAWR_MAX_SERVICES; i++, o.n++) {
        o.names[o.n] = group_name(p, &r->reasons[i]);
        o.f[o.n] = &r->reasons[i].f;
    }
    o.names[o.n] = S(p, S_TOTAL);
    o.f[o.n++] = &r->total;
    for (int i = 0; p->o->show_counters && i < r->counter_count && o.n < DAWR_MAX_SERVICES * 2 + 8; i++, o.n++) {
        o.names[o.n] = group_name(p, &r->counters[i]);
        o.f[o.n] = &r->counters[i].f;
    }
    column oc[16] = { { S_REASON, 2.4 } };
    const char *oc_titles[16] = { NULL };
    for (int i = 0; i < o.outcomes; i++) {
        const dawr_outcome *out = dawr_config_outcome(r->cfg, i);
        oc[1 + i] = (column){ 0, 1 };
        oc_titles[1 + i] = p->lang == DAWR_LANG_EN ? out->name_en : out->name_ar;
    }
    oc[1 + o.outcomes] = (column){ S_SET_ASIDE, 1 };
    table(p, S_T_OUTCOMES, oc, o.outcomes + 2, oc_titles, o.n, outcome_cell, &o);

    /* Set aside: how often, how long, and how that time is counted. */
    const dawr_report_figures *f = &r->total;
    heading(p, S(p, S_T_ASIDE));
    char line[512], n[32], mean[32], median[32], p90[32];
    snprintf(line, sizeof line, "%s: %s · %s: %s %s · %s %s · %s %s", S(p, S_ASIDE_TIMES),
             fmt_int(p, f->set_asides, n, sizeof n), S(p, S_ASIDE_MINUTES), S(p, S_MEAN),
             fmt_dec(p, f->aside.mean, 1, mean, sizeof mean), S(p, S_MEDIAN), fmt_dec(p, f->aside.median, 1, median, sizeof median),
             S(p, S_P90), fmt_dec(p, f->aside.p90, 1, p90, sizeof p90));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 4;
    p->y += text(p, S(p, S_ASIDE_NOTE), box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 8.5, 0, DAWR_ALIGN_START, MUTED) + 16;
}

static void step_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    (void)ctx;
    const dawr_applications_settings *s = dawr_config_applications(p->r->cfg);
    const dawr_report_applications *a = &p->r->applications;
    if (row == s->step_count) {
        if (col == 0) snprintf(buf, size, "%s", S(p, S_APPS_OPENED));
        else fmt_int(p, a->opened, buf, size);
    } else if (col == 0) snprintf(buf, size, "%s", p->lang == DAWR_LANG_EN ? s->steps[row].name_en : s->steps[row].name_ar);
    else fmt_int(p, a->by_step[row], buf, size);
}

static void appointment_cell(pdf *p, int row, int col, char *buf, size_t size, void *ctx)
{
    (void)row; (void)ctx;
    const dawr_report_applications *a = &p->r->applications;
    const int n[] = { 0, a->booked, a->kept, a->late, a->missed, a->coming, a->cancelled };
    if (col == 0) snprintf(buf, size, "%s", S(p, S_APPOINTMENTS));
    else fmt_int(p, n[col], buf, size);
}

/* Applications, their return appointments and the word sent to families (docs/reports.md). */
static void applications(pdf *p)
{
    const dawr_report_applications *a = &p->r->applications;
    const dawr_applications_settings *s = dawr_config_applications(p->r->cfg);
    static const column step_cols[] = { { S_STEP, 3 }, { S_APPLICATIONS, 1 } };
    table(p, S_T_APPS, step_cols, 2, NULL, (s->step_count < DAWR_MAX_STEPS ? s->step_count : DAWR_MAX_STEPS) + 1,
          step_cell, NULL);
    char line[768], n1[32], n2[32], n3[32], n4[32];
    need(p, 80);                                   /* the lines stay together */
    snprintf(line, sizeof line, "%s: %s · %s: %s %s%s %s %s", S(p, S_DECIDED), fmt_int(p, a->decided, n1, sizeof n1),
             S(p, S_DECISION_DAYS), S(p, S_MEDIAN), fmt_dec(p, a->decision_days.median, 1, n2, sizeof n2),
             p->rtl ? "،" : ",", S(p, S_P90),
             fmt_dec(p, a->decision_days.p90, 1, n3, sizeof n3));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 2;
    snprintf(line, sizeof line, "%s: %s · %s (%s %s): %s", S(p, S_AFTER_MINIMUM),
             fmt_pct(p, a->share_after_minimum, n1, sizeof n1), S(p, S_WITHIN_TARGET),
             fmt_int(p, s->answer_target_days, n2, sizeof n2), S(p, S_DAYS_UNIT), fmt_pct(p, a->share_within_target, n3, sizeof n3));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 2;
    snprintf(line, sizeof line, "%s: %s", S(p, S_OVERDUE), fmt_int(p, a->overdue, n1, sizeof n1));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 16;
    static const column ap_cols[] = { { 0, 2 }, { S_BOOKED, 1 }, { S_KEPT, 1 }, { S_LATE, 1 }, { S_MISSED, 1 },
                                      { S_COMING, 1 }, { S_CANCELLED, 1 } };
    const char *ap_titles[7] = { " " };
    table(p, S_T_APPOINTMENTS, ap_cols, 7, ap_titles, 1, appointment_cell, NULL);
    need(p, 60);
    snprintf(line, sizeof line, "%s: %s (%s %s · %s %s · %s %s)", S(p, S_MESSAGES),
             fmt_int(p, a->notifications, n1, sizeof n1), S(p, S_MSG_DECISION), fmt_int(p, a->notified[0], n2, sizeof n2),
             S(p, S_MSG_DOCUMENTS), fmt_int(p, a->notified[1], n3, sizeof n3), S(p, S_MSG_REMINDER),
             fmt_int(p, a->notified[2], n4, sizeof n4));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 4;
    p->y += text(p, S(p, S_APPS_NOTE), box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 8.5, 0, DAWR_ALIGN_START, MUTED) + 16;
}

static void charts(pdf *p)
{
    const dawr_report *r = p->r;
    new_page(p);
    const char *labels[DAWR_MAX_SERVICES + 8];
    double values[DAWR_MAX_SERVICES + 8];
    int n = 0;
    for (int i = 0; i < r->reason_count && n < DAWR_MAX_SERVICES + 8; i++, n++) {
        labels[n] = group_name(p, &r->reasons[i]);
        values[n] = r->reasons[i].f.tickets;
    }
    chart_bars(p, S(p, S_CH_REASONS), labels, values, n, NULL, 0);
    chart_hours(p);
    chart_faces(p);
    chart_trend(p);
}

static void tables(pdf *p)
{
    const dawr_report *r = p->r;
    new_page(p);
    group_tables(p, S_REASON, S_T_VISITS, S_T_SATISFACTION, r->reasons, r->reason_count);
    if (p->o->show_counters) {
        need(p, 160);                        /* the note stays with the counters' tables */
        p->y += text(p, S(p, S_COUNTERS_NOTE), box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 8.5, 0,
                     DAWR_ALIGN_START, MUTED) + 4;
        group_tables(p, S_COUNTER, S_T_COUNTERS, S_T_COUNTERS_SAT, r->counters, r->counter_count);
    }
    /* Low-rating reasons, most given first. */
    low_list ll = { .n = 0 };
    const dawr_settings *s = dawr_config_settings(r->cfg);
    for (int i = 0; i < s->rating_reason_count; i++) {
        ll.tags[ll.n] = s->rating_reasons[i];
        ll.counts[ll.n++] = r->total.low_reasons[i];
    }
    for (int i = 1; i < ll.n; i++)
        for (int j = i; j > 0 && ll.counts[j] > ll.counts[j - 1]; j--) {
            const char *t = ll.tags[j]; ll.tags[j] = ll.tags[j - 1]; ll.tags[j - 1] = t;
            int c = ll.counts[j]; ll.counts[j] = ll.counts[j - 1]; ll.counts[j - 1] = c;
        }
    static const column low_cols[] = { { S_LOW_REASON, 3 }, { S_LOW_COUNT, 1 } };
    table(p, S_T_LOW, low_cols, 2, NULL, r->total.low_ratings ? ll.n : 0, low_cell, &ll);
    /* Busiest hours: the ten with most visits. */
    hour_order ho = { .n = 0 };
    for (int h = 0; h < 24; h++) if (r->hours[h].f.tickets) ho.hours[ho.n++] = h;
    for (int i = 1; i < ho.n; i++)
        for (int j = i; j > 0 && r->hours[ho.hours[j]].f.tickets > r->hours[ho.hours[j - 1]].f.tickets; j--) {
            int t = ho.hours[j]; ho.hours[j] = ho.hours[j - 1]; ho.hours[j - 1] = t;
        }
    static const column hour_cols[] = { { S_HOUR, 2 }, { S_TICKETS, 1 }, { S_MEAN, 1 }, { S_MEDIAN, 1 },
                                        { S_SATISFIED, 1 } };
    char t1[96], t2[96];
    snprintf(t1, sizeof t1, "%s %s", S(p, S_WAIT), S(p, S_MEAN));
    snprintf(t2, sizeof t2, "%s %s", S(p, S_WAIT), S(p, S_MEDIAN));
    const char *hour_titles[5] = { NULL, NULL, t1, t2, NULL };
    table(p, S_T_HOURS, hour_cols, 5, hour_titles, ho.n < 10 ? ho.n : 10, hour_cell, &ho);
    static const column period_cols[] = { { S_PERIOD_COL, 1.6 }, { S_TICKETS, 1 }, { S_SERVED, 1 }, { S_NOSHOW, 1 },
                                          { S_WAIT_MEDIAN, 1.3 }, { S_SERVICE, 1 }, { S_RATINGS, 1 },
                                          { S_SATISFIED, 1 } };
    char t3[96];
    snprintf(t3, sizeof t3, "%s %s", S(p, S_SERVICE), S(p, S_MEDIAN));
    const char *period_titles[8] = { NULL, NULL, NULL, NULL, NULL, t3, NULL, NULL };
    table(p, S_T_PERIODS, period_cols, 8, period_titles, r->period_count, period_cell, NULL);
    /* Help calls: how many, and how soon a person answered (docs/reports.md). */
    const dawr_report_figures *f = &r->total;
    heading(p, S(p, S_T_HELP));
    char line[512], calls[32], answered[32], median[32], longest[32];
    if (!f->help_calls) snprintf(line, sizeof line, "%s", S(p, S_HELP_NONE));
    else if (!f->help_answered)
        snprintf(line, sizeof line, "%s: %s · %s: %s", S(p, S_HELP_CALLS), fmt_int(p, f->help_calls, calls, sizeof calls),
                 S(p, S_HELP_ANSWERED), fmt_int(p, 0, answered, sizeof answered));
    else
        snprintf(line, sizeof line, "%s: %s · %s: %s · %s: %s %s · %s: %s %s", S(p, S_HELP_CALLS),
                 fmt_int(p, f->help_calls, calls, sizeof calls), S(p, S_HELP_ANSWERED),
                 fmt_int(p, f->help_answered, answered, sizeof answered), S(p, S_HELP_MEDIAN),
                 fmt_dec(p, f->help_answer.median, 0, median, sizeof median), S(p, S_SECONDS), S(p, S_HELP_LONGEST),
                 fmt_dec(p, f->help_longest, 0, longest, sizeof longest), S(p, S_SECONDS));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 16;
    static const column help_cols[] = { { S_PERIOD_COL, 1.6 }, { S_HELP_CALLS, 1 }, { S_HELP_ANSWERED_COL, 1 },
                                        { S_HELP_MEDIAN_COL, 1.3 }, { S_HELP_LONGEST_COL, 1.3 } };
    table(p, S_T_HELP_PERIODS, help_cols, 5, NULL, f->help_calls ? r->period_count : 0, help_period_cell, NULL);
    channels_outcomes_aside(p);
    /* The wait as visitors lived it, beside it its part in prayer pauses; the refusals (docs/reports.md). */
    heading(p, S(p, S_T_HOURS_KEPT));
    char wait[32], paused[32], refused[32];
    snprintf(line, sizeof line, "%s %s: %s %s · %s: %s %s", S(p, S_WAIT), S(p, S_MEAN),
             fmt_dec(p, f->wait.mean, 1, wait, sizeof wait), S(p, S_MINUTES), S(p, S_PAUSED_PART),
             fmt_dec(p, f->wait_paused.mean, 1, paused, sizeof paused), S(p, S_MINUTES));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 2;
    snprintf(line, sizeof line, "%s: %s", S(p, S_REFUSED), fmt_int(p, f->refused_closed, refused, sizeof refused));
    p->y += text(p, line, box_x(p, 0, CONTENT_W), p->y, CONTENT_W, 10, 0, DAWR_ALIGN_START, INK) + 22;
    applications(p);
}

int dawr_report_pdf_write(const dawr_report *r, const char *path, const dawr_report_pdf_opts *o, char *err,
                          size_t err_size)
{
    pdf p = { .r = r, .o = o, .lang = o->lang, .rtl = o->lang != DAWR_LANG_EN };
    char why[512];
    p.text = dawr_text_new(o->family, why, sizeof why);
    if (!p.text) { snprintf(err, err_size, "fonts: %s", why); return -1; }
    p.surface = cairo_pdf_surface_create(path, PAGE_W, PAGE_H);
    p.cr = cairo_create(p.surface);
    int ok = cairo_surface_status(p.surface) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, S(&p, S_TITLE));
        cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_AUTHOR, association(&p));
        cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_CREATOR, "Dawr");
        new_page(&p);
        cover(&p);
        if (o->branch_count) branches(&p);
        charts(&p);
        tables(&p);
        footer(&p);
        cairo_show_page(p.cr);
    }
    cairo_status_t st = cairo_status(p.cr);
    cairo_destroy(p.cr);
    cairo_surface_finish(p.surface);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(p.surface);
    cairo_surface_destroy(p.surface);
    for (int i = 0; i < p.n_faces; i++) cairo_font_face_destroy(p.faces[i].cf);
    dawr_text_free(p.text);
    if (!ok || st != CAIRO_STATUS_SUCCESS) {
        snprintf(err, err_size, "%s: cannot write the PDF: %s", path, cairo_status_to_string(st));
        return -1;
    }
    return 0;
}
