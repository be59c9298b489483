#include "text_sdl.h"

#include "text_raster.h"

SDL_Surface *dawr_text_sdl_surface(const dawr_layout *l, SDL_Color color, int margin)
{
    dawr_bitmap bm;
    if (dawr_raster_layout(l, margin, &bm) < 0) {
        SDL_SetError("dawr_text_sdl_surface: cannot allocate a %.0fx%.0f bitmap",
                     dawr_layout_width(l), dawr_layout_height(l));
        return NULL;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, bm.width, bm.height, 32, SDL_PIXELFORMAT_ARGB8888);
    if (s) {
        Uint32 rgb = (Uint32)color.r << 16 | (Uint32)color.g << 8 | color.b;
        for (int y = 0; y < bm.height; y++) {
            Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
            const Uint8 *src = bm.pixels + (size_t)y * (size_t)bm.stride;
            for (int x = 0; x < bm.width; x++)
                row[x] = (Uint32)(src[x] * color.a / 255) << 24 | rgb;
        }
        SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_BLEND);
    }
    dawr_bitmap_release(&bm);
    return s;
}

SDL_Texture *dawr_text_sdl_texture(SDL_Renderer *renderer, const dawr_layout *l, SDL_Color color,
                                   int margin)
{
    SDL_Surface *s = dawr_text_sdl_surface(l, color, margin);
    if (!s) return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(renderer, s);
    SDL_FreeSurface(s);
    if (tex) SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
    return tex;
}
