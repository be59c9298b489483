/* Layouts on SDL screens: the same glyphs as the receipt's bitmap (text_raster), as an
 * SDL surface or texture in one colour with alpha. */
#ifndef DAWR_TEXT_SDL_H
#define DAWR_TEXT_SDL_H

#include <SDL.h>

#include "text_layout.h"

/* Returns a new ARGB8888 surface of the layout's size plus margin on each side, drawn in
 * color over transparent pixels; free with SDL_FreeSurface(). NULL with SDL_GetError()
 * set on failure. */
SDL_Surface *dawr_text_sdl_surface(const dawr_layout *l, SDL_Color color, int margin);

/* The same as a new texture for renderer (blend mode BLEND); free with
 * SDL_DestroyTexture(). NULL with SDL_GetError() set on failure. */
SDL_Texture *dawr_text_sdl_texture(SDL_Renderer *renderer, const dawr_layout *l, SDL_Color color,
                                   int margin);

#endif
