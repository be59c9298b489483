/* Receipt layout. Each section draws at the running y and moves it down; the bitmap is
 * cut to the height used. Text is rendered by the text pipeline as 8-bit coverage and
 * thresholded (crisp on thermal paper); the logo is dithered. */
#include "receipt.h"

#include <qrencode.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEIGHT 6000
#define MARGIN 12

struct dawr_receipt {
    const dawr_config *cfg;
    const dawr_printer_settings *pr;
    char error[256];
};

typedef struct {
    dawr_receipt *r;
    dawr_mono *m;
    int y;
    int lang_ar;
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
    return r;
}

void dawr_receipt_free(dawr_receipt *r)
{
    free(r);
}

const char *dawr_receipt_error(const dawr_receipt *r) { return r->error; }

void dawr_receipt_qr_text(const dawr_ticket *t, char *buf, size_t size)
{
    snprintf(buf, size, "DAWR:T:%lld:%s:%s", t->id, t->day, t->code);
}

/* The QR code, centred, with its quiet zone of 4 modules. */
static int draw_qr(page *p, const char *text, dawr_receipt_layout *lay)
{
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) return fail(p->r, "cannot make the QR code for \"%s\"", text);
    int module = (p->m->width / 3) / (qr->width + 8);
    if (module < 3) module = 3;
    int size = (qr->width + 8) * module;
    int x0 = (p->m->width - size) / 2, y0 = p->y;
    for (int j = 0; j < qr->width; j++)
        for (int i = 0; i < qr->width; i++)
            if (qr->data[j * qr->width + i] & 1)
                dawr_mono_fill(p->m, x0 + (i + 4) * module, y0 + (j + 4) * module, module, module, 1);
    lay->qr = (dawr_receipt_box){ x0, y0, size, size };
    lay->qr_module = module;
    snprintf(lay->qr_text, sizeof lay->qr_text, "%s", text);
    p->y += size;
    QRcode_free(qr);
    return 0;
}

int dawr_receipt_render(dawr_receipt *r, const dawr_ticket *t, const char *lang, dawr_ms now, dawr_mono *out,
                        dawr_receipt_layout *layout)
{
    dawr_receipt_layout local;
    if (!layout) layout = &local;
    memset(layout, 0, sizeof *layout);
    (void)now;
    if (!lang) lang = r->pr->language;
    if (dawr_mono_init(out, r->pr->width_dots, MAX_HEIGHT) < 0) return fail(r, "out of memory");
    page p = { r, out, MARGIN, !strcmp(lang, "ar") };
    /* Placeholder number until the text pipeline is in: a solid block. */
    layout->number = (dawr_receipt_box){ MARGIN * 4, p.y, out->width - MARGIN * 8, 160 };
    dawr_mono_fill(out, layout->number.x, layout->number.y, layout->number.w, layout->number.h, 1);
    p.y += 160 + 24;
    char qr[128];
    dawr_receipt_qr_text(t, qr, sizeof qr);
    if (draw_qr(&p, qr, layout) < 0) { dawr_mono_release(out); return -1; }
    p.y += MARGIN;
    if (dawr_mono_resize(out, p.y) < 0) { dawr_mono_release(out); return fail(r, "out of memory"); }
    return 0;
}
