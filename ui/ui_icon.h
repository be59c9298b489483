/* Pictograms: SVG files (assets/icons/), their shapes and paths drawn onto a cairo image surface,
 * anti-aliased, into SDL textures, cached per file and size so a frame never rasterises.
 * The only module that sees expat or cairo; the screens get SDL textures. Text, gradients,
 * images, use and filters are refused with the reason (tests/test_ui.c holds it to librsvg). */
#ifndef DAWR_UI_ICON_H
#define DAWR_UI_ICON_H

#include <SDL.h>
#include <stddef.h>

typedef struct dawr_icons dawr_icons;

/* A cache of icons for RENDERER. NULL when out of memory. */
dawr_icons *dawr_icons_new(SDL_Renderer *renderer);
/* Frees the cache and every texture it made. Accepts NULL. */
void dawr_icons_free(dawr_icons *icons);

/* The pictogram of SVG file PATH fitted into SIZE x SIZE pixels, as white ink on transparent
 * (the shell tints it with the element's text colour). Owned by the cache. NULL when the file
 * cannot be read or drawn: said once on stderr (the caller then shows its words alone). */
SDL_Texture *dawr_icons_get(dawr_icons *icons, const char *path, int size);

/* SVG text DATA (LEN bytes) drawn in its own colours into a new W x H ARGB8888 surface;
 * free with SDL_FreeSurface. NULL with the reason in ERR. */
SDL_Surface *dawr_svg_surface(const char *data, size_t len, int w, int h, char *err, size_t err_size);
/* The same from the file PATH. */
SDL_Surface *dawr_svg_file_surface(const char *path, int w, int h, char *err, size_t err_size);
/* The same as a texture for RENDERER (blend mode BLEND); NULL with the reason in ERR. */
SDL_Texture *dawr_svg_texture(SDL_Renderer *renderer, const char *data, size_t len, int w, int h, char *err,
                              size_t err_size);

#endif
