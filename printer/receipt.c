/* Receipt layout. Each section draws at the running y and moves it down; the bitmap is
 * cut to the height used. Text goes through the project's text pipeline (bidi, shaping,
 * line breaking, Arabic-Indic digits, Hijri dates) as 8-bit coverage and is thresholded
 * for a crisp thermal print; the logo is dithered. Sizes are in dots at 203 dpi and scale
 * with the configured resolution; bold faces, because thin joins vanish on thermal paper. */
#include "receipt.h"
#include "text_template.h"

#include "app.h"

#include "text_date.h"
#include "text_layout.h"
#include "text_number.h"
#include "text_raster.h"
#include "text_i18n.h"

#include <qrencode.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEIGHT 8000
#define THRESHOLD 110             /* coverage from which a dot is burnt: bold, crisp strokes */

struct dawr_receipt {
    const dawr_config *cfg;
    const dawr_printer_settings *pr;
    dawr_text *text;
    dawr_bitmap logo;             /* 8-bit coverage; width 0 when there is no logo */
    char error[256];
};

typedef struct {
    dawr_receipt *r;
    dawr_mono *m;
    int y, margin;
    float scale;                  /* dpi / 203 */
    dawr_lang lang;
    dawr_receipt_layout *lay;     /* where the lines of text are kept */
} page;

static int fail(dawr_receipt *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
    return -1;
}

dawr_receipt *dawr_receipt_new(const dawr_config *cfg, char *err, size_t err_size)
{
    dawr_receipt *r = calloc(1, sizeof *r);
    if (!r) { snprintf(err, err_size, "out of memory"); return NULL; }
    r->cfg = cfg;
    r->pr = dawr_config_printer(cfg);
    char path[1024];
    r->text = dawr_text_new(NULL, err, err_size);
    if (!r->text) { dawr_receipt_free(r); return NULL; }
    dawr_asset_path("receipt-logo.png", path, sizeof path);
    char logo_err[256];
    if (access(path, R_OK) == 0 && dawr_bitmap_read_png(path, &r->logo, logo_err, sizeof logo_err) < 0) {
        snprintf(err, err_size, "%s", logo_err);
        dawr_receipt_free(r);
        return NULL;
    }
    return r;
}

void dawr_receipt_free(dawr_receipt *r)
{
    if (!r) return;
    dawr_text_free(r->text);
    dawr_bitmap_release(&r->logo);
    free(r);
}

const char *dawr_receipt_error(const dawr_receipt *r) { return r->error; }

void dawr_receipt_qr_text(const dawr_ticket *t, char *buf, size_t size)
{
    snprintf(buf, size, "DAWR:T:%lld:%s:%s", t->id, t->day, t->code);
}

/* Keeps each line of text L (drawn at X, Y) in the layout: what it says and where. */
static void keep_lines(page *p, const dawr_layout *l, int x, int y)
{
    size_t n = 0, len = 0;
    const dawr_line *lines = dawr_layout_lines(l, &n);
    const char *all = dawr_layout_text(l, &len);
    for (size_t i = 0; i < n && p->lay->line_count < DAWR_RECEIPT_MAX_LINES; i++) {
        dawr_receipt_line *k = &p->lay->lines[p->lay->line_count++];
        int bytes = (int)(lines[i].end - lines[i].start);
        snprintf(k->text, sizeof k->text, "%.*s", bytes < (int)sizeof k->text ? bytes : (int)sizeof k->text - 1,
                 all + lines[i].start);
        int top = (int)(lines[i].baseline - dawr_layout_size(l));
        k->box = (dawr_receipt_box){ x + (int)lines[i].x, y + (top > 0 ? top : 0), (int)lines[i].width,
                                     (int)(dawr_layout_size(l) * 1.3f) };
    }
}

/* Draws UTF8 at size SIZE (dots at 203 dpi) in the printable width less INDENT dots at the
 * line's start, wrapped, aligned ALIGN in the page's direction; INK (may be NULL) receives the
 * box of the dots burnt. FIRST_BASELINE (may be NULL) receives the first line's baseline. */
static int text_at(page *p, const char *utf8, float size, dawr_weight weight, dawr_align align, int indent,
                   dawr_receipt_box *ink, int *first_baseline)
{
    int width = p->m->width - 2 * p->margin - indent;
    int rtl = p->lang == DAWR_LANG_AR, x = p->margin + (rtl ? 0 : indent);
    dawr_layout_opts o = { .size_px = size * p->scale, .width_px = (float)width,
                           .dir = rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR, .align = align,
                           .weight = weight };   /* line spacing: the layout's, by script */
    dawr_layout *l = dawr_text_layout(p->r->text, utf8, (size_t)-1, &o);
    const dawr_bitmap *b = l ? dawr_raster_cached(l) : NULL;
    if (!b) { dawr_layout_free(l); return fail(p->r, "out of memory laying out \"%.40s\"", utf8); }
    dawr_mono_draw_gray(p->m, b->pixels, b->width, b->height, b->stride, x, p->y, THRESHOLD);
    keep_lines(p, l, x, p->y);
    if (first_baseline) {
        size_t n = 0;
        const dawr_line *lines = dawr_layout_lines(l, &n);
        *first_baseline = n ? (int)lines[0].baseline : 0;
    }
    if (ink) {
        int x0 = b->width, y0 = b->height, x1 = -1, y1 = -1;
        for (int y = 0; y < b->height; y++)
            for (int xx = 0; xx < b->width; xx++)
                if (b->pixels[(size_t)y * b->stride + xx] >= THRESHOLD) {
                    if (xx < x0) x0 = xx;
                    if (xx > x1) x1 = xx;
                    if (y < y0) y0 = y;
                    if (y > y1) y1 = y;
                }
        *ink = x1 < 0 ? (dawr_receipt_box){ 0, 0, 0, 0 }
                      : (dawr_receipt_box){ x + x0, p->y + y0, x1 - x0 + 1, y1 - y0 + 1 };
    }
    p->y += b->height;
    dawr_layout_free(l);
    return 0;
}

static int text(page *p, const char *utf8, float size, dawr_weight weight, dawr_align align, dawr_receipt_box *ink)
{
    return text_at(p, utf8, size, weight, align, 0, ink, NULL);
}

/* A bullet with a hanging indent: "•" at the line's start, the item's every line set in after
 * it, so wrapped lines start under the item's first word, not under the bullet. */
static int bullet(page *p, const char *item, float size)
{
    int rtl = p->lang == DAWR_LANG_AR;
    dawr_layout_opts o = { .size_px = size * p->scale, .dir = rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR,
                           .weight = DAWR_WEIGHT_BOLD };
    dawr_layout *l = dawr_text_layout(p->r->text, "\xE2\x80\xA2", (size_t)-1, &o);
    const dawr_bitmap *b = l ? dawr_raster_cached(l) : NULL;
    if (!b) { dawr_layout_free(l); return fail(p->r, "out of memory laying out a bullet"); }
    size_t n = 0;
    const dawr_line *lines = dawr_layout_lines(l, &n);
    int indent = b->width + (int)(size * p->scale * 0.45f), y = p->y, baseline = 0;
    if (text_at(p, item, size, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, indent, NULL, &baseline)) { dawr_layout_free(l); return -1; }
    /* on the item's first baseline, at the start of the line */
    int x = rtl ? p->m->width - p->margin - b->width : p->margin;
    dawr_mono_draw_gray(p->m, b->pixels, b->width, b->height, b->stride, x, y + baseline - (n ? (int)lines[0].baseline : 0),
                        THRESHOLD);
    dawr_layout_free(l);
    return 0;
}

static void gap(page *p, int dots) { p->y += (int)(dots * p->scale + 0.5f); }

static void rule(page *p, int dashed)
{
    gap(p, 8);
    for (int x = p->margin; x < p->m->width - p->margin; x++)
        if (!dashed || (x / 8) % 2 == 0) dawr_mono_fill(p->m, x, p->y, 1, 2, 1);
    p->y += 2;
    gap(p, 10);
}

/* The logo, dithered, centred. */
static void logo(page *p, dawr_receipt_layout *lay)
{
    const dawr_bitmap *b = &p->r->logo;
    if (!b->width) return;
    int x = (p->m->width - b->width) / 2;
    dawr_mono_draw_gray(p->m, b->pixels, b->width, b->height, b->stride, x, p->y, 0);
    lay->logo = (dawr_receipt_box){ x, p->y, b->width, b->height };
    p->y += b->height;
    gap(p, 6);
}

/* The QR code, centred, with its quiet zone of 4 modules. */
static int qr(page *p, const char *payload, dawr_receipt_layout *lay)
{
    QRcode *code = QRcode_encodeString(payload, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!code) return fail(p->r, "cannot make the QR code for \"%s\"", payload);
    int module = (int)(6 * p->scale);
    if (module < 3) module = 3;
    int size = (code->width + 8) * module;
    int x0 = (p->m->width - size) / 2, y0 = p->y;
    for (int j = 0; j < code->width; j++)
        for (int i = 0; i < code->width; i++)
            if (code->data[j * code->width + i] & 1)
                dawr_mono_fill(p->m, x0 + (i + 4) * module, y0 + (j + 4) * module, module, module, 1);
    lay->qr = (dawr_receipt_box){ x0, y0, size, size };
    lay->qr_module = module;
    snprintf(lay->qr_text, sizeof lay->qr_text, "%s", payload);
    p->y += size;
    QRcode_free(code);
    return 0;
}

/* "label: value" in the page's language. */
static int labelled(page *p, const char *label, const char *value, float size)
{
    char line[1200];
    snprintf(line, sizeof line, "%.600s: %.580s", label, value);
    return text(p, line, size, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL);
}

const char *dawr_receipt_need_words(dawr_need need, dawr_lang lang)
{
    static const char *const WORDS[DAWR_NEED_COUNT] = {
        [DAWR_NEED_WHEELCHAIR] = NC_("need", "Wheelchair"), [DAWR_NEED_CANNOT_STAND] = NC_("need", "Cannot stand long"),
        [DAWR_NEED_FRAIL] = NC_("need", "Very frail"), [DAWR_NEED_UNWELL] = NC_("need", "Unwell"),
        [DAWR_NEED_HARD_OF_HEARING] = NC_("need", "Hard of hearing"),
        [DAWR_NEED_COMPANION] = NC_("need", "With a companion"), [DAWR_NEED_CANNOT_READ] = NC_("need", "Cannot read"),
    };
    return (int)need >= 0 && need < DAWR_NEED_COUNT ? dawr_trc(lang, "need", WORDS[need]) : "";
}

/* The small mark of a ticket's needs: "Priority · Hard of hearing", nothing without needs. */
static int needs_mark(page *p, const dawr_ticket *t)
{
    if (!t->needs && !t->priority) return 0;
    char line[512] = "";
    size_t n = 0;
    if (t->priority) n += (size_t)snprintf(line, sizeof line, "%s", dawr_trc(p->lang, "receipt mark", "Priority"));
    for (int i = 0; i < DAWR_NEED_COUNT && n < sizeof line; i++)
        if (t->needs & (1u << i))
            n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", n ? " · " : "", dawr_receipt_need_words((dawr_need)i, p->lang));
    return text(p, line, 22, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL);
}

/* The association's website and WhatsApp numbers (dawr.conf), in the language's digits. */
static int channels(page *p)
{
    const dawr_association_settings *as = dawr_config_association(p->r->cfg);
    char value[512];
    if (*as->website || as->whatsapp_count) rule(p, 1);
    if (*as->website && labelled(p, dawr_tr(p->lang, "Website"), as->website, 24)) return -1;
    if (!as->whatsapp_count) return 0;
    size_t len = 0;
    value[0] = 0;
    for (int i = 0; i < as->whatsapp_count && len < sizeof value - 64; i++) {
        char *digits = dawr_digits_localize(as->whatsapp[i], p->lang);
        len += (size_t)snprintf(value + len, sizeof value - len, "%s" DAWR_LRI "%s" DAWR_PDI, i ? " / " : "",
                                digits ? digits : as->whatsapp[i]);
        free(digits);
    }
    return labelled(p, dawr_tr(p->lang, "WhatsApp"), value, 24);
}

/* After a visit finished with documents missing: what to bring, in the visitor's language. */
static int documents_sections(page *p, const dawr_ticket *t, dawr_ms now, dawr_receipt_layout *lay)
{
    const dawr_config *cfg = p->r->cfg;
    const dawr_service *sv = dawr_config_find_service(cfg, t->service);
    const dawr_association_settings *as = dawr_config_association(cfg);
    int ar = p->lang == DAWR_LANG_AR;
    char buf[1024], value[512];
    logo(p, lay);
    if (text(p, ar ? as->name_ar : as->name_en, 30, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    rule(p, 0);
    if (text(p, dawr_tr(p->lang, "Documents to bring to complete your request"), 30, DAWR_WEIGHT_BOLD,
             DAWR_ALIGN_CENTER, NULL))
        return -1;
    dawr_text_isolate(t->code, 0, buf, sizeof buf);
    if (sv) {
        snprintf(value, sizeof value, "%.100s  %.400s", buf, ar ? sv->name_ar : sv->name_en);
        if (text(p, value, 26, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    }
    if (dawr_date_format_both((int64_t)(now / 1000), dawr_config_settings(cfg)->timezone, p->lang, value,
                              sizeof value) > 0 && labelled(p, dawr_tr(p->lang, "Date"), value, 22))
        return -1;
    rule(p, 1);
    for (int i = 0; sv && i < sv->document_count; i++) {
        const char *doc = ar || !sv->documents_en[i] ? sv->documents_ar[i] : sv->documents_en[i];
        if (bullet(p, doc, 26)) return -1;
    }
    gap(p, 8);
    if (text(p, dawr_tr(p->lang, "Please bring them on your next visit; you are welcome any time"), 24,
             DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL))
        return -1;
    return channels(p);
}

static int sections(page *p, const dawr_ticket *t, dawr_ms now, dawr_receipt_layout *lay)
{
    const dawr_config *cfg = p->r->cfg;
    const char *tz = dawr_config_settings(cfg)->timezone;
    const dawr_service *sv = dawr_config_find_service(cfg, t->service);
    int ar = p->lang == DAWR_LANG_AR;
    char buf[1024], value[512];

    const dawr_association_settings *as = dawr_config_association(cfg);
    dawr_lang lang = p->lang;
    logo(p, lay);
    if (text(p, ar ? as->name_ar : as->name_en, 30, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    rule(p, 0);
    if (text(p, dawr_tr(lang, "Your number"), 30, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    dawr_text_isolate(t->code, 0, buf, sizeof buf);
    /* As large as the paper allows: 150 dots high on 80 mm, smaller on 58 mm so "A-023" fits. */
    float usable = (float)(p->m->width - 2 * p->margin) / p->scale;
    float number_size = usable >= 560 ? 150 : 150 * usable / 560;
    if (text(p, buf, number_size, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, &lay->number)) return -1;
    if (sv && text(p, ar ? sv->name_ar : sv->name_en, 36, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    if (needs_mark(p, t)) return -1;
    if (t->appointment_at && dawr_time_format((int64_t)(t->appointment_at / 1000), tz, lang, value, sizeof value) > 0) {
        /* Checked in for a return appointment: called near its time (docs/queue.md). */
        dawr_template_fill(buf, sizeof buf, dawr_tr(lang, "For your appointment at {time}"), "time", value, (const char *)NULL);
        if (text(p, buf, 26, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    }
    rule(p, 1);

    dawr_ms issued = t->issued_at ? t->issued_at : now;
    if (dawr_date_format_both((int64_t)(issued / 1000), tz, lang, value, sizeof value) > 0 &&
        labelled(p, dawr_tr(lang, "Date"), value, 24))
        return -1;
    if (dawr_time_format((int64_t)(issued / 1000), tz, lang, value, sizeof value) > 0 &&
        labelled(p, dawr_tr(lang, "Time"), value, 24))
        return -1;
    if (t->state == DAWR_WAITING && t->people_ahead >= 0) {
        char count[128];
        if (t->people_ahead == 0) {
            if (text(p, dawr_tr(lang, "You are next"), 28, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL)) return -1;
        } else {
            dawr_tr_count(count, sizeof count, lang, "{n} person", "{n} people", t->people_ahead);
            if (labelled(p, dawr_tr(lang, "Waiting before you"), count, 28)) return -1;
        }
        if (dawr_tr_count(count, sizeof count, lang, "{n} minute", "{n} minutes", t->wait_minutes) < 0)
            dawr_number_format(t->wait_minutes, 0, lang, count, sizeof count);   /* too long for the line: the number alone */
        if (labelled(p, dawr_tr(lang, "Estimated wait"), count, 28)) return -1;
    }

    /* What to bring, and the service's own notice (dawr.conf): the research committee's two
     * weeks only where the association configured it. */
    const char *notice = !sv ? "" : ar || !*sv->notice_en ? sv->notice_ar : sv->notice_en;
    if (sv && sv->document_count > 0) {
        rule(p, 1);
        if (text(p, dawr_tr(lang, "Documents to bring"), 28, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL)) return -1;
        for (int i = 0; i < sv->document_count; i++) {
            const char *doc = ar || !sv->documents_en[i] ? sv->documents_ar[i] : sv->documents_en[i];
            if (bullet(p, doc, 24)) return -1;
        }
    }
    if (*notice) {
        if (sv->document_count > 0) gap(p, 8);
        else rule(p, 1);
        if (text(p, notice, 24, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL)) return -1;
        if (dawr_date_format_both((int64_t)(now / 1000) + DAWR_REPLY_NOT_BEFORE_DAYS * 86400, tz, lang, value, sizeof value) > 0) {
            if (text(p, dawr_tr(lang, "No reply before:"), 24, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL) ||
                text(p, value, 24, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL))
                return -1;
        }
    }

    if (channels(p)) return -1;
    rule(p, 1);

    char payload[128];
    dawr_receipt_qr_text(t, payload, sizeof payload);
    if (qr(p, payload, lay)) return -1;
    gap(p, 6);
    if (text(p, dawr_tr(lang, "After your visit, please rate it on the reception screen"), 26, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    gap(p, 6);
    if (text(p, dawr_tr(lang, "Please show this number to the staff when it is called"), 22, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    return 0;
}

void dawr_receipt_appointment_qr_text(const dawr_appointment *ap, char *buf, size_t size)
{
    snprintf(buf, size, "DAWR:A:%s:%.10sT%.5s", ap->ref, ap->local, ap->local + 11);
}

/* A return appointment: when, in both calendars, what to bring, and its QR code. */
static int appointment_sections(page *p, const dawr_application *app, const dawr_appointment *ap,
                                dawr_receipt_layout *lay)
{
    const dawr_config *cfg = p->r->cfg;
    const char *tz = dawr_config_settings(cfg)->timezone;
    const dawr_service *sv = dawr_config_find_service(cfg, app->service);
    const dawr_association_settings *as = dawr_config_association(cfg);
    int ar = p->lang == DAWR_LANG_AR;
    char buf[256], value[512];
    logo(p, lay);
    if (text(p, ar ? as->name_ar : as->name_en, 30, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    rule(p, 0);
    if (text(p, dawr_tr(p->lang, "Your appointment"), 30, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    if (text(p, dawr_tr(p->lang, "Request number"), 24, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    dawr_text_isolate(app->ref, 0, buf, sizeof buf);
    float usable = (float)(p->m->width - 2 * p->margin) / p->scale;
    if (text(p, buf, usable >= 560 ? 84 : 84 * usable / 560, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, &lay->number)) return -1;
    if (sv && text(p, ar ? sv->name_ar : sv->name_en, 28, DAWR_WEIGHT_BOLD, DAWR_ALIGN_CENTER, NULL)) return -1;
    rule(p, 1);
    if (dawr_date_format_both((int64_t)(ap->at / 1000), tz, p->lang, value, sizeof value) > 0 &&
        labelled(p, dawr_tr(p->lang, "Date"), value, 28))
        return -1;
    if (dawr_time_format((int64_t)(ap->at / 1000), tz, p->lang, value, sizeof value) > 0 &&
        labelled(p, dawr_tr(p->lang, "Time"), value, 32))
        return -1;
    if (sv && sv->document_count > 0) {
        rule(p, 1);
        if (text(p, dawr_tr(p->lang, "Documents to bring"), 28, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL)) return -1;
        for (int i = 0; i < sv->document_count; i++) {
            const char *doc = ar || !sv->documents_en[i] ? sv->documents_ar[i] : sv->documents_en[i];
            if (bullet(p, doc, 24)) return -1;
        }
    }
    gap(p, 8);
    if (text(p, dawr_tr(p->lang, "Please come a little before your time and show this slip at the reception screen"),
             24, DAWR_WEIGHT_BOLD, DAWR_ALIGN_START, NULL))
        return -1;
    if (channels(p)) return -1;
    rule(p, 1);
    char payload[128];
    dawr_receipt_appointment_qr_text(ap, payload, sizeof payload);
    return qr(p, payload, lay);
}

/* The page's start, SECTIONS' content, and the paper cut to it. */
static int render_page(dawr_receipt *r, const char *lang, dawr_mono *out, dawr_receipt_layout *layout,
                       int (*sections_fn)(page *p, const void *a, const void *b, dawr_ms now, dawr_receipt_layout *lay),
                       const void *a, const void *b, dawr_ms now)
{
    dawr_receipt_layout local;
    if (!layout) layout = &local;
    memset(layout, 0, sizeof *layout);
    r->error[0] = 0;
    if (dawr_mono_init(out, r->pr->width_dots, MAX_HEIGHT) < 0) return fail(r, "out of memory");
    page p = { r, out, 0, 0, r->pr->dpi / 203.0f, dawr_lang_parse(lang ? lang : r->pr->language), layout };
    p.margin = (int)(8 * p.scale);
    gap(&p, 16);
    if (sections_fn(&p, a, b, now, layout) < 0) {
        dawr_mono_release(out);
        return -1;
    }
    gap(&p, 24);
    if (p.y > MAX_HEIGHT) p.y = MAX_HEIGHT;
    if (dawr_mono_resize(out, p.y) < 0) { dawr_mono_release(out); return fail(r, "out of memory"); }
    return 0;
}

static int appointment_page(page *p, const void *app, const void *ap, dawr_ms now, dawr_receipt_layout *lay)
{
    (void)now;
    return appointment_sections(p, app, ap, lay);
}

int dawr_receipt_render_appointment(dawr_receipt *r, const dawr_application *app, const dawr_appointment *ap,
                                    const char *lang, dawr_ms now, dawr_mono *out, dawr_receipt_layout *layout)
{
    return render_page(r, lang, out, layout, appointment_page, app, ap, now);
}

int dawr_receipt_render(dawr_receipt *r, const dawr_ticket *t, const char *lang, dawr_ms now, dawr_mono *out,
                        dawr_receipt_layout *layout)
{
    return dawr_receipt_render_kind(r, t, DAWR_RECEIPT_TICKET, lang, now, out, layout);
}

static int ticket_page(page *p, const void *t, const void *kind, dawr_ms now, dawr_receipt_layout *lay)
{
    return *(const dawr_receipt_kind *)kind == DAWR_RECEIPT_DOCUMENTS ? documents_sections(p, t, now, lay)
                                                                      : sections(p, t, now, lay);
}

int dawr_receipt_render_kind(dawr_receipt *r, const dawr_ticket *t, dawr_receipt_kind kind, const char *lang,
                             dawr_ms now, dawr_mono *out, dawr_receipt_layout *layout)
{
    return render_page(r, lang, out, layout, ticket_page, t, &kind, now);
}
