/* Benchmark of the text pipeline against Pango on the kiosk's and receipt's strings
 * (every translation in both catalogues plus composed receipt lines): paragraphs laid out and rasterised per
 * second, cold (layout cache off; the faces' glyph caches warm, as on a running kiosk),
 * cached (layouts of unchanged strings from the cache, rasterised again, and with the
 * bitmap kept with the cached layout, dawr_raster_cached()), and the same strings through
 * pangocairo into an A8 image in the same run (a new PangoLayout per paragraph; Pango's
 * font and glyph caches warm). Prints "name: value unit" lines and ratios.
 * Fonts are the tests' pinned ones, for us and for Pango. */
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clock.h"
#include "text_date.h"
#include "text_fixture.h"
#include "text_i18n.h"
#include "text_layout.h"
#include "text_number.h"
#include "text_raster.h"

#define SIZE_PX 28
#define WIDTH_PX 560
#define RUN_SECONDS 1.0
#define MAX_STRINGS 1024

typedef struct { char *text; int rtl; } para_t;
static para_t paras[MAX_STRINGS];
static int n_paras;

static double now(void)
{
    return dawr_clock_monotonic_us() / 1e6;
}

static void add(const char *s, int rtl)
{
    if (n_paras < MAX_STRINGS) paras[n_paras++] = (para_t){ strdup(s), rtl };
}

static void on_entry(const dawr_i18n_entry *e, void *rtl)
{
    for (int i = 0; i < e->form_count; i++) add(e->forms[i], rtl != NULL);
}

static void load_strings(void)
{
    char err[512], buf[512], code[64], date[256];
    if (dawr_i18n_each(DAWR_LANG_AR, on_entry, "rtl", err, sizeof err) < 0 ||
        dawr_i18n_each(DAWR_LANG_EN, on_entry, NULL, err, sizeof err) < 0)
        fprintf(stderr, "bench_text: %s\n", err);
    /* The association's name, as dawr.conf has it. */
    add("رُؤفَاء لرعاية كبار السن بأملج", 1);
    add("Roofaa Association for the Care of the Elderly in Umluj", 0);
    /* Receipt lines as the printer composes them. */
    dawr_text_isolate("A-023", 0, code, sizeof code);
    snprintf(buf, sizeof buf, "تذكرة رقم %s", code);
    add(buf, 1);
    if (dawr_date_format_both(1795597200, "Asia/Riyadh", DAWR_LANG_AR, date, sizeof date) > 0) {
        snprintf(buf, sizeof buf, "التاريخ: %s", date);
        add(buf, 1);
    }
    add("عدد المنتظرين قبلكم: ٧ — مدة الانتظار المتوقعة: ٢٥ دقيقة", 1);
    add("واتساب: ٠٥٣٧٠٦٣٨١٩ – ٠٥٥٥٣٧٥٨٨٧ — Roofaa.org.sa — Gameciaroofaa@gmail.com", 1);
}

typedef int (*one_fn)(void *ctx, const para_t *p);

/* Runs fn over all strings repeatedly for RUN_SECONDS; returns paragraphs per second. */
static double measure(one_fn fn, void *ctx)
{
    for (int i = 0; i < n_paras; i++) fn(ctx, &paras[i]);  /* warm-up */
    long done = 0;
    double t0 = now(), t;
    do {
        for (int i = 0; i < n_paras; i++) done += fn(ctx, &paras[i]);
        t = now();
    } while (t - t0 < RUN_SECONDS);
    return (double)done / (t - t0);
}

static int dawr_one(void *ctx, const para_t *p)
{
    dawr_layout_opts o = { .size_px = SIZE_PX, .width_px = WIDTH_PX, .dir = p->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR };
    dawr_layout *l = dawr_text_layout(ctx, p->text, (size_t)-1, &o);
    dawr_bitmap bm;
    int ok = l && dawr_raster_layout(l, 0, &bm) == 0;
    if (ok) dawr_bitmap_release(&bm);
    dawr_layout_free(l);
    return ok;
}

/* The cached path as the front-ends use it: the layout and its bitmap both kept. */
static int dawr_cached_bitmap(void *ctx, const para_t *p)
{
    dawr_layout_opts o = { .size_px = SIZE_PX, .width_px = WIDTH_PX, .dir = p->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR };
    dawr_layout *l = dawr_text_layout(ctx, p->text, (size_t)-1, &o);
    int ok = l && dawr_raster_cached(l) != NULL;
    dawr_layout_free(l);
    return ok;
}

static int dawr_layout_only(void *ctx, const para_t *p)
{
    dawr_layout_opts o = { .size_px = SIZE_PX, .width_px = WIDTH_PX, .dir = p->rtl ? DAWR_DIR_RTL : DAWR_DIR_LTR };
    dawr_layout *l = dawr_text_layout(ctx, p->text, (size_t)-1, &o);
    dawr_layout_free(l);
    return l != NULL;
}

typedef struct { PangoContext *pc; PangoFontDescription *fd; int raster; } pango_ctx;

static int pango_one(void *ctx, const para_t *p)
{
    pango_ctx *c = ctx;
    PangoLayout *l = pango_layout_new(c->pc);
    pango_layout_set_font_description(l, c->fd);
    pango_layout_set_width(l, WIDTH_PX * PANGO_SCALE);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD);
    pango_layout_set_auto_dir(l, FALSE);
    pango_context_set_base_dir(c->pc, p->rtl ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    pango_layout_set_text(l, p->text, -1);
    int w, h;
    pango_layout_get_pixel_size(l, &w, &h);
    if (c->raster) {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, w > 0 ? w : 1, h > 0 ? h : 1);
        cairo_t *cr = cairo_create(s);
        pango_cairo_show_layout(cr, l);
        cairo_destroy(cr);
        cairo_surface_destroy(s);
    }
    g_object_unref(l);
    return 1;
}

int main(void)
{
    char err[256];
    fixture_use_pinned_fonts();
    load_strings();
    dawr_text *t = dawr_text_new(NULL, err, sizeof err);
    if (!t || n_paras == 0) {
        fprintf(stderr, "bench_text: %s\n", t ? "no strings" : err);
        return 1;
    }
    printf("strings: %d paragraphs (kiosk, display and receipt; %d px, wrapped at %d px)\n", n_paras,
           SIZE_PX, WIDTH_PX);

    dawr_text_set_cache_size(t, 0);
    double cold = measure(dawr_one, t);
    double cold_layout = measure(dawr_layout_only, t);
    dawr_text_set_cache_size(t, 512);
    double cached = measure(dawr_one, t);
    double cached_bitmap = measure(dawr_cached_bitmap, t);
    double cached_layout = measure(dawr_layout_only, t);

    PangoFontMap *fm = pango_cairo_font_map_new();
    pango_ctx pc = { pango_font_map_create_context(fm), pango_font_description_from_string("Noto Sans Arabic"), 1 };
    pango_font_description_set_absolute_size(pc.fd, SIZE_PX * PANGO_SCALE);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    pango_cairo_context_set_font_options(pc.pc, fo);
    double pango = measure(pango_one, &pc);
    pc.raster = 0;
    double pango_layout = measure(pango_one, &pc);

    printf("dawr_cold_layout_raster: %.0f paragraphs/s\n", cold);
    printf("dawr_cached_layout_raster: %.0f paragraphs/s\n", cached);
    printf("dawr_cached_layout_cached_bitmap: %.0f paragraphs/s\n", cached_bitmap);
    printf("pango_layout_raster: %.0f paragraphs/s\n", pango);
    printf("dawr_cold_layout_only: %.0f paragraphs/s\n", cold_layout);
    printf("dawr_cached_layout_only: %.0f paragraphs/s\n", cached_layout);
    printf("pango_layout_only: %.0f paragraphs/s\n", pango_layout);
    printf("ratio_cold_vs_pango: %.2f x\n", cold / pango);
    printf("ratio_cached_vs_pango: %.2f x\n", cached / pango);
    printf("ratio_cached_bitmap_vs_pango: %.2f x\n", cached_bitmap / pango);
    printf("ratio_cold_layout_only_vs_pango: %.2f x\n", cold_layout / pango_layout);
    printf("ratio_cached_layout_only_vs_pango: %.2f x\n", cached_layout / pango_layout);
    printf("target cold >= pango: %s\n", cold >= pango ? "met" : "NOT met");
    printf("target cached >= 20x pango: %s with the cached bitmap, %s when the cached layout is "
           "rasterised again\n", cached_bitmap >= 20 * pango ? "met" : "NOT met",
           cached >= 20 * pango ? "met" : "not met");

    cairo_font_options_destroy(fo);
    pango_font_description_free(pc.fd);
    g_object_unref(pc.pc);
    g_object_unref(fm);
    dawr_text_free(t);
    for (int i = 0; i < n_paras; i++) free(paras[i].text);
    return 0;
}
