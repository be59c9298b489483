/* Draws the kiosk's screens with the UI shell's elements, laid out in millimetres of the real
 * panel (screen size from [kiosk]), mirrored for right-to-left Arabic, the same layout for
 * landscape and portrait. Also the words each screen speaks. */
#ifndef KIOSK_SCREENS_H
#define KIOSK_SCREENS_H

#include <stddef.h>

#include "flow.h"
#include "app.h"
#include "speech_sdl.h"
#include "ui_icon.h"
#include "ui_sdl.h"

/* What one element of the last frame says: its words without symbols, in a language (the
 * language switch speaks in the other one), listed in reading order. */
typedef struct {
    char name[48];               /* the element's name; a button's is what hear-first says */
    dawr_lang lang;
    int whole;                   /* part of the whole screen's reading (not the keypad's keys) */
    char text[600];
} kiosk_spoken_item;

#define KIOSK_SPOKEN_MAX 64

typedef struct {
    kiosk_spoken_item item[KIOSK_SPOKEN_MAX];
    int count;
} kiosk_spoken;

/* What the screens draw with; the textures belong to the caller. */
typedef struct {
    dawr_ui *ui;
    SDL_Texture **faces;         /* the caller's five, very dissatisfied first: drawn the first time the
                                  * faces screen is shown (not before the first frame); may stay NULL */
    SDL_Texture *logo;           /* the association's logo (the receipt's file); may be NULL */
    dawr_icons *icons;           /* the pictograms, rasterised once per size; may be NULL */
    kiosk_spoken *spoken;        /* filled by each frame; may be NULL (nothing is said) */
    int reading;                 /* the whole screen is being read: "Listen" shows "Stop" */
} kiosk_view;

/* Smallest sizes, in millimetres on the glass. */
#define KIOSK_TARGET_MM 20.0
#define KIOSK_GAP_MM 5.0
#define KIOSK_CHOICE_TEXT_MM 8.0

/* Draws one frame of F's current screen. */
void kiosk_screens_draw(const kiosk_view *v, const kiosk_flow *f);

/* Says WHAT of the last frame drawn: the arrival prompt (on the ticket screen the number as
 * the waiting-room screen calls it, the people ahead, the wait, the printing line), the whole
 * screen in reading order (each document, the committee's notice with its date in both
 * calendars), or the one button hear-first touched. Runs of one language are one clip each. */
void kiosk_screens_speak(const kiosk_view *v, const kiosk_flow *f, kiosk_say what, dawr_speech *s);

/* Draws face SCORE (1..5), anti-aliased (an SVG drawn by the shell's ui_icon), into a new SIZE x SIZE
 * texture; free with SDL_DestroyTexture. NULL (said on stderr) when it cannot. */
SDL_Texture *kiosk_face_texture(SDL_Renderer *r, int score, int size);

#endif
