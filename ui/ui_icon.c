#include "ui_icon.h"

#include <cairo.h>
#include <librsvg/rsvg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Screens use a dozen icons at two or three sizes; the cache never needs to forget. */
#define ICONS_MAX 96

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

/* Draws HANDLE fitted and centred into a new W x H surface. */
static SDL_Surface *render(RsvgHandle *handle, int w, int h, char *err, size_t err_size)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s) { snprintf(err, err_size, "%s", SDL_GetError()); return NULL; }
    /* cairo's ARGB32 is premultiplied native-endian ARGB: SDL's ARGB8888 in memory, made straight below */
    cairo_surface_t *cs = cairo_image_surface_create_for_data(s->pixels, CAIRO_FORMAT_ARGB32, w, h, s->pitch);
    cairo_t *cr = cairo_create(cs);
    GError *gerr = NULL;
    RsvgRectangle viewport = { 0, 0, w, h };
    int ok = rsvg_handle_render_document(handle, cr, &viewport, &gerr);
    cairo_destroy(cr);
    cairo_surface_flush(cs);
    cairo_surface_destroy(cs);
    if (!ok) {
        snprintf(err, err_size, "%s", gerr ? gerr->message : "cannot draw it");
        if (gerr) g_error_free(gerr);
        SDL_FreeSurface(s);
        return NULL;
    }
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

static SDL_Surface *from_handle(RsvgHandle *handle, GError *gerr, int w, int h, char *err, size_t err_size)
{
    if (!handle) {
        snprintf(err, err_size, "%s", gerr ? gerr->message : "not an SVG image");
        if (gerr) g_error_free(gerr);
        return NULL;
    }
    SDL_Surface *s = render(handle, w, h, err, err_size);
    g_object_unref(handle);
    return s;
}

SDL_Surface *dawr_svg_surface(const char *data, size_t len, int w, int h, char *err, size_t err_size)
{
    GError *gerr = NULL;
    RsvgHandle *handle = rsvg_handle_new_from_data((const guint8 *)data, len, &gerr);
    return from_handle(handle, gerr, w, h, err, err_size);
}

SDL_Surface *dawr_svg_file_surface(const char *path, int w, int h, char *err, size_t err_size)
{
    GError *gerr = NULL;
    RsvgHandle *handle = rsvg_handle_new_from_file(path, &gerr);
    return from_handle(handle, gerr, w, h, err, err_size);
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
    for (size_t n = strlen(err); n && (err[n - 1] == '\n' || err[n - 1] == ' '); n--) err[n - 1] = 0;   /* libxml ends in a newline */
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
