#include "ui_icon.h"

#include <cairo.h>
#include <ctype.h>
#include <expat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Screens use a dozen icons at two or three sizes; the cache never needs to forget. */
#define ICONS_MAX 96
#define DEPTH_MAX 32               /* nested groups */
#define FILE_MAX (1 << 20)         /* a pictogram is a few hundred bytes */

typedef struct {
    char *path;
    int size;
    SDL_Texture *tex;              /* NULL: the file failed (said once) */
} entry;

struct dawr_icons {
    SDL_Renderer *ren;
    entry e[ICONS_MAX];
    int n;
};

dawr_icons *dawr_icons_new(SDL_Renderer *renderer)
{
    dawr_icons *ic = calloc(1, sizeof *ic);
    if (ic) ic->ren = renderer;
    return ic;
}

void dawr_icons_free(dawr_icons *ic)
{
    if (!ic) return;
    for (int i = 0; i < ic->n; i++) {
        free(ic->e[i].path);
        if (ic->e[i].tex) SDL_DestroyTexture(ic->e[i].tex);
    }
    free(ic);
}

/* ---- The drawing: SVG's shapes, paths and painting attributes, straight onto cairo ---- */

/* What an element paints with: SVG's inherited painting properties and the current transform. */
typedef struct {
    int fill, stroke;              /* 0: none */
    double fill_rgb[3], stroke_rgb[3];
    double fill_opacity, stroke_opacity, opacity;
    double width;
    cairo_line_cap_t cap;
    cairo_line_join_t join;
    cairo_fill_rule_t rule;
    double dash[8];
    int ndash;
    cairo_matrix_t m;              /* user space to pixels */
} paint;

typedef struct {
    cairo_t *cr;
    int w, h;
    paint st[DEPTH_MAX];
    int depth;                     /* st[depth - 1] is the open element's */
    int skipping;                  /* inside an element drawn as nothing (title, editor's data): its depth */
    int root_seen;
    XML_Parser xml;
    char err[256];
} svg;

static void fail(svg *d, const char *fmt, const char *what)
{
    if (!*d->err) snprintf(d->err, sizeof d->err, fmt, what);
    XML_StopParser(d->xml, XML_FALSE);
}

static const char *skip_sep(const char *s)
{
    while (*s && (isspace((unsigned char)*s) || *s == ',')) s++;
    return s;
}

/* An SVG number at *S (sign, digits, fraction, exponent), whatever the process's locale. */
static int number(const char **s, double *out)
{
    const char *p = skip_sep(*s);
    double sign = 1, v = 0;
    int digits = 0;
    if (*p == '+' || *p == '-') sign = *p++ == '-' ? -1 : 1;
    while (isdigit((unsigned char)*p)) { v = v * 10 + (*p++ - '0'); digits++; }
    if (*p == '.') {
        double f = 0.1;
        for (p++; isdigit((unsigned char)*p); p++, f /= 10) { v += (*p - '0') * f; digits++; }
    }
    if (!digits) return -1;
    if ((*p == 'e' || *p == 'E') && (isdigit((unsigned char)p[1]) || ((p[1] == '-' || p[1] == '+') && isdigit((unsigned char)p[2])))) {
        int esign = p[1] == '-' ? -1 : 1, e = 0;
        p += p[1] == '-' || p[1] == '+' ? 2 : 1;
        for (; isdigit((unsigned char)*p); p++)
            if (e < 1000) e = e * 10 + (*p - '0');   /* past 1e308 it is no number anyway */
        v *= pow(10, esign * e);
    }
    if (!isfinite(v)) return -1;           /* 1e999 is no coordinate: the drawing is refused */
    *out = sign * v;
    *s = p;
    return 0;
}

/* An attribute's number (a length in user units; "px" allowed). */
static double attr_num(const char **atts, const char *name, double dflt)
{
    for (int i = 0; atts[i]; i += 2)
        if (!strcmp(atts[i], name)) {
            const char *p = atts[i + 1];
            double v;
            return number(&p, &v) == 0 ? v : dflt;
        }
    return dflt;
}

static const char *attr(const char **atts, const char *name)
{
    for (int i = 0; atts[i]; i += 2)
        if (!strcmp(atts[i], name)) return atts[i + 1];
    return NULL;
}

/* A colour: none, #rgb, #rrggbb, rgb(r,g,b) or one of a few names; -1 when not understood. */
static int colour(const char *v, int *on, double rgb[3])
{
    static const struct { const char *name; unsigned hex; } NAMES[] = {
        { "black", 0x000000 }, { "white", 0xFFFFFF }, { "red", 0xFF0000 }, { "green", 0x008000 },
        { "blue", 0x0000FF }, { "gray", 0x808080 }, { "grey", 0x808080 }, { "yellow", 0xFFFF00 },
        { "currentColor", 0x000000 },   /* a pictogram is tinted afterwards: its ink is what counts */
    };
    while (isspace((unsigned char)*v)) v++;
    unsigned hex = 0;
    *on = 1;
    if (!strncmp(v, "none", 4)) { *on = 0; return 0; }
    if (*v == '#') {
        size_t n = strspn(v + 1, "0123456789abcdefABCDEF");
        hex = (unsigned)strtoul(v + 1, NULL, 16);
        if (n == 3) hex = (hex >> 8 & 15) * 0x110000 + (hex >> 4 & 15) * 0x1100 + (hex & 15) * 0x11;
        else if (n != 6) return -1;
    } else if (!strncmp(v, "rgb(", 4)) {
        const char *p = v + 4;
        double c[3];
        for (int i = 0; i < 3; i++)
            if (number(&p, &c[i]) < 0) return -1;
        for (int i = 0; i < 3; i++) rgb[i] = fmin(fmax(c[i] / 255, 0), 1);
        return 0;
    } else {
        size_t i = 0, n = sizeof NAMES / sizeof *NAMES;
        while (i < n && strncmp(v, NAMES[i].name, strlen(NAMES[i].name))) i++;
        if (i == n) return -1;
        hex = NAMES[i].hex;
    }
    rgb[0] = (hex >> 16 & 255) / 255.0, rgb[1] = (hex >> 8 & 255) / 255.0, rgb[2] = (hex & 255) / 255.0;
    return 0;
}

/* TRANSFORM (matrix, translate, scale, rotate, skewX, skewY) applied to ST's matrix. */
static int transform(svg *d, paint *st, const char *v)
{
    cairo_set_matrix(d->cr, &st->m);
    for (const char *p = skip_sep(v); *p; p = skip_sep(p)) {
        const char *name = p, *q = strchr(p, '(');
        if (!q) return -1;
        size_t len = (size_t)(q - name);
        while (len && isspace((unsigned char)name[len - 1])) len--;
        double a[6];
        int n = 0;
        for (q++; n < 6 && number(&q, &a[n]) == 0;) n++;
        q = skip_sep(q);
        if (*q != ')') return -1;
        p = q + 1;
#define IS(word) (len == strlen(word) && !strncmp(name, word, len))
        if (IS("matrix") && n == 6) {
            cairo_matrix_t t = { a[0], a[1], a[2], a[3], a[4], a[5] };
            cairo_transform(d->cr, &t);
        } else if (IS("translate") && n <= 2 && n) cairo_translate(d->cr, a[0], n > 1 ? a[1] : 0);
        else if (IS("scale") && n <= 2 && n) cairo_scale(d->cr, a[0], n > 1 ? a[1] : a[0]);
        else if (IS("rotate") && (n == 1 || n == 3)) {
            if (n == 3) cairo_translate(d->cr, a[1], a[2]);
            cairo_rotate(d->cr, a[0] * M_PI / 180);
            if (n == 3) cairo_translate(d->cr, -a[1], -a[2]);
        } else if ((IS("skewX") || IS("skewY")) && n == 1) {
            double k = tan(a[0] * M_PI / 180);
            cairo_matrix_t t = { 1, name[4] == 'Y' ? k : 0, name[4] == 'X' ? k : 0, 1, 0, 0 };
            cairo_transform(d->cr, &t);
        } else return -1;
#undef IS
    }
    cairo_get_matrix(d->cr, &st->m);
    return 0;
}

/* One painting property NAME = VALUE (an attribute or a declaration of style=""). */
static void property(svg *d, paint *st, const char *name, const char *value)
{
    const char *p = value;
    double v;
    if (!strcmp(name, "fill") || !strcmp(name, "stroke")) {
        int fill = name[0] == 'f';
        if (colour(value, fill ? &st->fill : &st->stroke, fill ? st->fill_rgb : st->stroke_rgb) < 0)
            fail(d, "a colour it does not draw (%s): plain colours only", value);
    } else if (!strcmp(name, "stroke-width")) {
        if (number(&p, &v) == 0) st->width = v;
    } else if (!strcmp(name, "fill-opacity") || !strcmp(name, "stroke-opacity") || !strcmp(name, "opacity")) {
        if (number(&p, &v) < 0) return;
        v = fmin(fmax(v, 0), 1);
        if (name[0] == 'f') st->fill_opacity = v;
        else if (name[1] == 't') st->stroke_opacity = v;
        else st->opacity *= v;
    } else if (!strcmp(name, "stroke-linecap")) {
        st->cap = strstr(value, "round") ? CAIRO_LINE_CAP_ROUND : strstr(value, "square") ? CAIRO_LINE_CAP_SQUARE : CAIRO_LINE_CAP_BUTT;
    } else if (!strcmp(name, "stroke-linejoin")) {
        st->join = strstr(value, "round") ? CAIRO_LINE_JOIN_ROUND : strstr(value, "bevel") ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_MITER;
    } else if (!strcmp(name, "fill-rule")) {
        st->rule = strstr(value, "evenodd") ? CAIRO_FILL_RULE_EVEN_ODD : CAIRO_FILL_RULE_WINDING;
    } else if (!strcmp(name, "stroke-dasharray")) {
        st->ndash = 0;
        while (st->ndash < 8 && number(&p, &v) == 0) st->dash[st->ndash++] = v;
    } else if (!strcmp(name, "transform")) {
        if (transform(d, st, value) < 0) fail(d, "a transform it does not understand (%s)", value);
    }
}

/* style="name: value; ..." */
static void style_attr(svg *d, paint *st, const char *v)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", v);
    for (char *decl = strtok(buf, ";"); decl; decl = strtok(NULL, ";")) {
        char *colon = strchr(decl, ':');
        if (!colon) continue;
        *colon = 0;
        char *name = decl, *value = colon + 1, *end = colon;
        while (isspace((unsigned char)*name)) name++;
        while (end > name && isspace((unsigned char)end[-1])) *--end = 0;
        property(d, st, name, value);
    }
}

/* The elliptical arc from (X1,Y1) to (X2,Y2) as SVG's path data gives it (its implementation
 * notes, "conversion from endpoint to center parameterization"). */
static void arc(cairo_t *cr, double x1, double y1, double rx, double ry, double angle, int large, int sweep, double x2,
                double y2)
{
    if (x1 == x2 && y1 == y2) return;
    rx = fabs(rx), ry = fabs(ry);
    if (rx == 0 || ry == 0) { cairo_line_to(cr, x2, y2); return; }
    double phi = angle * M_PI / 180, c = cos(phi), s = sin(phi);
    double dx = (x1 - x2) / 2, dy = (y1 - y2) / 2;
    double xp = c * dx + s * dy, yp = -s * dx + c * dy;
    double lambda = xp * xp / (rx * rx) + yp * yp / (ry * ry);
    if (lambda > 1) rx *= sqrt(lambda), ry *= sqrt(lambda);
    double num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp, den = rx * rx * yp * yp + ry * ry * xp * xp;
    double k = sqrt(fmax(0, num / den)) * (large == sweep ? -1 : 1);
    double cxp = k * rx * yp / ry, cyp = -k * ry * xp / rx;
    double cx = c * cxp - s * cyp + (x1 + x2) / 2, cy = s * cxp + c * cyp + (y1 + y2) / 2;
    double t1 = atan2((yp - cyp) / ry, (xp - cxp) / rx), t2 = atan2((-yp - cyp) / ry, (-xp - cxp) / rx);
    double dt = t2 - t1;
    if (sweep && dt < 0) dt += 2 * M_PI;
    else if (!sweep && dt > 0) dt -= 2 * M_PI;
    cairo_matrix_t saved;
    cairo_get_matrix(cr, &saved);
    cairo_translate(cr, cx, cy);
    cairo_rotate(cr, phi);
    cairo_scale(cr, rx, ry);
    if (sweep) cairo_arc(cr, 0, 0, 1, t1, t1 + dt);
    else cairo_arc_negative(cr, 0, 0, 1, t1, t1 + dt);
    cairo_set_matrix(cr, &saved);
}

/* Path data D (every command of SVG 1.1) as cairo's current path; -1 on a syntax error. */
static int path_data(cairo_t *cr, const char *p)
{
    double x = 0, y = 0, sx = 0, sy = 0, qx = 0, qy = 0, cx = 0, cy = 0;   /* point, subpath start, last controls */
    char cmd = 0, last = 0;
    for (p = skip_sep(p); *p; p = skip_sep(p)) {
        if (isalpha((unsigned char)*p)) cmd = *p++;
        else if (!cmd || toupper(cmd) == 'Z') return -1;
        char C = (char)toupper(cmd);
        int rel = cmd != C;
        double a[7], ox = rel ? x : 0, oy = rel ? y : 0;
        int n = strchr("MLT", C) ? 2 : strchr("HV", C) ? 1 : C == 'C' ? 6 : strchr("SQ", C) ? 4 : C == 'A' ? 7 : 0;
        if (!strchr("MLTHVCSQAZ", C)) return -1;
        for (int i = 0; i < n; i++) {
            if (C == 'A' && (i == 3 || i == 4)) {   /* flags: one digit each, maybe unseparated */
                p = skip_sep(p);
                if (*p != '0' && *p != '1') return -1;
                a[i] = *p++ - '0';
            } else if (number(&p, &a[i]) < 0) return -1;
        }
        switch (C) {
        case 'M':
            x = sx = a[0] + ox, y = sy = a[1] + oy;
            cairo_move_to(cr, x, y);
            cmd = rel ? 'l' : 'L';           /* more pairs after a move are lines */
            break;
        case 'L': x = a[0] + ox, y = a[1] + oy; cairo_line_to(cr, x, y); break;
        case 'H': x = a[0] + ox; cairo_line_to(cr, x, y); break;
        case 'V': y = a[0] + (rel ? y : 0); cairo_line_to(cr, x, y); break;
        case 'C':
        case 'S': {
            double x1, y1;
            if (C == 'C') x1 = a[0] + ox, y1 = a[1] + oy;
            else if (last == 'C' || last == 'S') x1 = 2 * x - cx, y1 = 2 * y - cy;
            else x1 = x, y1 = y;
            const double *b = C == 'C' ? a + 2 : a;
            cx = b[0] + ox, cy = b[1] + oy;
            x = b[2] + ox, y = b[3] + oy;
            cairo_curve_to(cr, x1, y1, cx, cy, x, y);
            break;
        }
        case 'Q':
        case 'T': {
            if (C == 'Q') qx = a[0] + ox, qy = a[1] + oy;
            else if (last == 'Q' || last == 'T') qx = 2 * x - qx, qy = 2 * y - qy;
            else qx = x, qy = y;
            double nx = (C == 'Q' ? a[2] : a[0]) + ox, ny = (C == 'Q' ? a[3] : a[1]) + oy;
            /* a quadratic curve as the cubic that draws it */
            cairo_curve_to(cr, x + 2.0 / 3 * (qx - x), y + 2.0 / 3 * (qy - y), nx + 2.0 / 3 * (qx - nx), ny + 2.0 / 3 * (qy - ny),
                           nx, ny);
            x = nx, y = ny;
            break;
        }
        case 'A':
            arc(cr, x, y, a[0], a[1], a[2], (int)a[3], (int)a[4], a[5] + ox, a[6] + oy);
            x = a[5] + ox, y = a[6] + oy;
            break;
        case 'Z':
            cairo_close_path(cr);
            x = sx, y = sy;
            break;
        }
        last = C;
    }
    return 0;
}

static void ellipse(cairo_t *cr, double cx, double cy, double rx, double ry)
{
    if (rx <= 0 || ry <= 0) return;
    cairo_matrix_t saved;
    cairo_get_matrix(cr, &saved);
    cairo_translate(cr, cx, cy);
    cairo_scale(cr, rx, ry);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 1, 0, 2 * M_PI);
    cairo_close_path(cr);
    cairo_set_matrix(cr, &saved);
}

/* Fills then strokes the current path as ST says. */
static void draw(cairo_t *cr, const paint *st, int fillable)
{
    if (fillable && st->fill) {
        cairo_set_source_rgba(cr, st->fill_rgb[0], st->fill_rgb[1], st->fill_rgb[2], st->fill_opacity * st->opacity);
        cairo_set_fill_rule(cr, st->rule);
        cairo_fill_preserve(cr);
    }
    if (st->stroke && st->width > 0) {
        cairo_set_source_rgba(cr, st->stroke_rgb[0], st->stroke_rgb[1], st->stroke_rgb[2], st->stroke_opacity * st->opacity);
        cairo_set_line_width(cr, st->width);
        cairo_set_line_cap(cr, st->cap);
        cairo_set_line_join(cr, st->join);
        cairo_set_miter_limit(cr, 4);
        cairo_set_dash(cr, st->dash, st->ndash, 0);
        cairo_stroke_preserve(cr);
    }
    cairo_new_path(cr);
}

/* The root's viewBox (or width and height) fitted and centred into the W x H viewport. */
static void viewport(svg *d, paint *st, const char **atts)
{
    double vb[4] = { 0, 0, attr_num(atts, "width", 0), attr_num(atts, "height", 0) };
    const char *box = attr(atts, "viewBox");
    if (box)
        for (int i = 0; i < 4; i++)
            if (number(&box, &vb[i]) < 0) { fail(d, "a viewBox it does not understand%s", ""); return; }
    if (vb[2] <= 0 || vb[3] <= 0) { fail(d, "no size: give the svg element a viewBox%s", ""); return; }
    double s = fmin(d->w / vb[2], d->h / vb[3]);
    cairo_matrix_init(&st->m, s, 0, 0, s, (d->w - vb[2] * s) / 2 - vb[0] * s, (d->h - vb[3] * s) / 2 - vb[1] * s);
}

static void XMLCALL start(void *user, const char *name, const char **atts)
{
    svg *d = user;
    if (d->skipping) { d->depth++; return; }
    if (d->depth == DEPTH_MAX) { fail(d, "more than %s nested elements", "32"); return; }
    paint *st = &d->st[d->depth];
    if (d->depth) *st = d->st[d->depth - 1];
    d->depth++;
    static const char *const QUIET[] = { "title", "desc", "metadata", NULL };
    int quiet = strchr(name, ':') != NULL;            /* an editor's own elements (inkscape:, sodipodi:) */
    for (int i = 0; QUIET[i]; i++) quiet |= !strcmp(name, QUIET[i]);
    if (quiet) { d->skipping = d->depth; return; }
    if (!d->root_seen) {
        if (strcmp(name, "svg")) { fail(d, "not an SVG image (its root is <%s>)", name); return; }
        d->root_seen = 1;
        viewport(d, st, atts);
    } else if (!strcmp(name, "svg")) { fail(d, "an <%s> inside the image, which it does not draw", name); return; }
    for (int i = 0; atts[i]; i += 2) property(d, st, atts[i], atts[i + 1]);
    const char *style = attr(atts, "style");
    if (style) style_attr(d, st, style);
    if (*d->err) return;
    cairo_t *cr = d->cr;
    cairo_set_matrix(cr, &st->m);
    cairo_new_path(cr);
    if (!strcmp(name, "svg") || !strcmp(name, "g")) return;
    if (!strcmp(name, "path")) {
        const char *data = attr(atts, "d");
        if (data && path_data(cr, data) < 0) { fail(d, "path data it cannot read (%s)", data); return; }
        draw(cr, st, 1);
    } else if (!strcmp(name, "circle") || !strcmp(name, "ellipse")) {
        double r = attr_num(atts, "r", 0);
        ellipse(cr, attr_num(atts, "cx", 0), attr_num(atts, "cy", 0), name[0] == 'c' ? r : attr_num(atts, "rx", 0),
                name[0] == 'c' ? r : attr_num(atts, "ry", 0));
        draw(cr, st, 1);
    } else if (!strcmp(name, "rect")) {
        double x = attr_num(atts, "x", 0), y = attr_num(atts, "y", 0), w = attr_num(atts, "width", 0), h = attr_num(atts, "height", 0);
        double rx = attr_num(atts, "rx", -1), ry = attr_num(atts, "ry", -1);
        if (rx < 0) rx = ry < 0 ? 0 : ry;
        if (ry < 0) ry = rx;
        rx = fmin(rx, w / 2), ry = fmin(ry, h / 2);
        if (w > 0 && h > 0) {
            cairo_move_to(cr, x + rx, y);
            cairo_line_to(cr, x + w - rx, y);
            arc(cr, x + w - rx, y, rx, ry, 0, 0, 1, x + w, y + ry);
            cairo_line_to(cr, x + w, y + h - ry);
            arc(cr, x + w, y + h - ry, rx, ry, 0, 0, 1, x + w - rx, y + h);
            cairo_line_to(cr, x + rx, y + h);
            arc(cr, x + rx, y + h, rx, ry, 0, 0, 1, x, y + h - ry);
            cairo_line_to(cr, x, y + ry);
            arc(cr, x, y + ry, rx, ry, 0, 0, 1, x + rx, y);
            cairo_close_path(cr);
        }
        draw(cr, st, 1);
    } else if (!strcmp(name, "line")) {
        cairo_move_to(cr, attr_num(atts, "x1", 0), attr_num(atts, "y1", 0));
        cairo_line_to(cr, attr_num(atts, "x2", 0), attr_num(atts, "y2", 0));
        draw(cr, st, 0);
    } else if (!strcmp(name, "polyline") || !strcmp(name, "polygon")) {
        const char *p = attr(atts, "points");
        double px, py;
        for (int i = 0; p && number(&p, &px) == 0 && number(&p, &py) == 0; i++)
            i ? cairo_line_to(cr, px, py) : cairo_move_to(cr, px, py);
        if (name[4] == 'g') cairo_close_path(cr);
        draw(cr, st, 1);
    } else fail(d, "<%s>, which the pictograms' renderer does not draw (shapes and paths in plain colours only)", name);
}

static void XMLCALL end(void *user, const char *name)
{
    svg *d = user;
    (void)name;
    if (d->skipping == d->depth) d->skipping = 0;
    d->depth--;
}

/* Draws the SVG text DATA fitted and centred into a new W x H surface. */
SDL_Surface *dawr_svg_surface(const char *data, size_t len, int w, int h, char *err, size_t err_size)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) { snprintf(err, err_size, "%s", SDL_GetError()); return NULL; }
    /* cairo's ARGB32 is premultiplied native-endian ARGB: SDL's ARGB8888 in memory, made straight below */
    cairo_surface_t *cs = cairo_image_surface_create_for_data(s->pixels, CAIRO_FORMAT_ARGB32, w, h, s->pitch);
    static svg zero;
    svg *d = malloc(sizeof *d);
    XML_Parser xml = XML_ParserCreate("UTF-8");
    if (!d || !xml) {
        snprintf(err, err_size, "out of memory");
        free(d);
        if (xml) XML_ParserFree(xml);
        cairo_surface_destroy(cs);
        SDL_FreeSurface(s);
        return NULL;
    }
    *d = zero;
    d->cr = cairo_create(cs);
    d->w = w, d->h = h, d->xml = xml;
    /* SVG's initial values: black fill, no stroke, a one-unit butt-capped mitred line */
    d->st[0] = (paint){ .fill = 1, .fill_opacity = 1, .stroke_opacity = 1, .opacity = 1, .width = 1,
                        .cap = CAIRO_LINE_CAP_BUTT, .join = CAIRO_LINE_JOIN_MITER, .rule = CAIRO_FILL_RULE_WINDING };
    cairo_matrix_init_identity(&d->st[0].m);
    XML_SetUserData(xml, d);
    XML_SetElementHandler(xml, start, end);
    if (XML_Parse(xml, data, (int)len, 1) == XML_STATUS_ERROR && !*d->err)
        snprintf(d->err, sizeof d->err, "%s at line %lu", XML_ErrorString(XML_GetErrorCode(xml)),
                 (unsigned long)XML_GetCurrentLineNumber(xml));
    if (!*d->err && !d->root_seen) snprintf(d->err, sizeof d->err, "not an SVG image");
    cairo_destroy(d->cr);
    cairo_surface_flush(cs);
    cairo_surface_destroy(cs);
    XML_ParserFree(xml);
    int ok = !*d->err;
    if (!ok) snprintf(err, err_size, "%s", d->err);
    free(d);
    if (!ok) { SDL_FreeSurface(s); return NULL; }
    for (int y = 0; y < h; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < w; x++) {
            Uint32 p = row[x], a = p >> 24;
            if (a == 0 || a == 255) continue;
            Uint32 r = ((p >> 16 & 255) * 255 + a / 2) / a, g = ((p >> 8 & 255) * 255 + a / 2) / a, b = ((p & 255) * 255 + a / 2) / a;
            row[x] = a << 24 | (r > 255 ? 255 : r) << 16 | (g > 255 ? 255 : g) << 8 | (b > 255 ? 255 : b);
        }
    }
    return s;
}

SDL_Surface *dawr_svg_file_surface(const char *path, int w, int h, char *err, size_t err_size)
{
    FILE *f = fopen(path, "rb");
    if (!f) { snprintf(err, err_size, "cannot open it"); return NULL; }
    char *buf = malloc(FILE_MAX);
    size_t n = buf ? fread(buf, 1, FILE_MAX, f) : 0;
    int too_big = buf && n == FILE_MAX;
    fclose(f);
    SDL_Surface *s = NULL;
    if (!buf) snprintf(err, err_size, "out of memory");
    else if (too_big) snprintf(err, err_size, "larger than a megabyte");
    else s = dawr_svg_surface(buf, n, w, h, err, err_size);
    free(buf);
    return s;
}

static SDL_Texture *texture_of(SDL_Renderer *r, SDL_Surface *s, char *err, size_t err_size)
{
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    if (!t) { snprintf(err, err_size, "%s", SDL_GetError()); return NULL; }
    SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
    return t;
}

SDL_Texture *dawr_svg_texture(SDL_Renderer *renderer, const char *data, size_t len, int w, int h, char *err,
                              size_t err_size)
{
    SDL_Surface *s = dawr_svg_surface(data, len, w, h, err, err_size);
    return s ? texture_of(renderer, s, err, err_size) : NULL;
}

SDL_Texture *dawr_icons_get(dawr_icons *ic, const char *path, int size)
{
    if (!ic || !path || !*path || size <= 0) return NULL;
    for (int i = 0; i < ic->n; i++)
        if (ic->e[i].size == size && !strcmp(ic->e[i].path, path)) return ic->e[i].tex;
    char err[512];
    SDL_Surface *s = dawr_svg_file_surface(path, size, size, err, sizeof err);
    SDL_Texture *t = NULL;
    if (s) {
        /* White ink with the drawing's coverage: any colour the screen asks for, by tinting. */
        for (int y = 0; y < s->h; y++) {
            Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
            for (int x = 0; x < s->w; x++) row[x] |= 0x00FFFFFF;
        }
        t = texture_of(ic->ren, s, err, sizeof err);
    }
    if (!t) fprintf(stderr, "dawr-ui: the icon %s cannot be drawn (%s); its button shows its words alone\n", path, err);
    if (ic->n < ICONS_MAX) {
        char *copy = strdup(path);
        if (copy) ic->e[ic->n++] = (entry){ copy, size, t };
        else if (t) { SDL_DestroyTexture(t); t = NULL; }
    } else if (t) {
        SDL_DestroyTexture(t);         /* never reached by the screens: nothing kept, nothing leaked */
        t = NULL;
    }
    return t;
}
