/* Draws the kiosk's screens with the UI shell's elements, laid out in millimetres of the real
 * panel (screen size from [kiosk]), mirrored for right-to-left Arabic, the same layout for
 * landscape and portrait. Also the words each screen speaks. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

#include <stddef.h>

#include "flow.h"
#include "app.h"
#include "ui_sdl.h"

/* What the screens draw with; the textures belong to the caller. */
typedef struct {
    dawr_ui *ui;
    SDL_Texture *faces[5];       /* the five faces, very dissatisfied first; may be NULL */
    char *button_words;          /* filled by each frame with its buttons' words, for "listen" */
    size_t button_words_size;
} kiosk_view;

/* Smallest sizes, in millimetres on the glass. */
#define KIOSK_TARGET_MM 20.0
#define KIOSK_GAP_MM 5.0
#define KIOSK_CHOICE_TEXT_MM 8.0

/* Draws one frame of F's current screen. */
void kiosk_screens_draw(const kiosk_view *v, const kiosk_flow *f);

/* The words the current screen speaks on arrival into OUT; with BUTTONS, followed by the
 * words of every button, for a visitor who cannot read. */
void kiosk_screens_prompt(const kiosk_view *v, const kiosk_flow *f, int buttons, char *out, size_t size);

/* Draws face SCORE (1..5) into a new SIZE x SIZE texture; free with SDL_DestroyTexture. */
SDL_Texture *kiosk_face_texture(SDL_Renderer *r, int score, int size);

#endif
