/* The UI shell shared by the kiosk and the waiting-room screen: a window and renderer, a tiny
 * retained model of named elements drawn with the text pipeline, taps, and the test
 * conventions every screen program follows:
 *   --script FILE        plays lines as real SDL events through the program's one loop:
 *                        tap NAME | tap X Y | press NAME | press X Y | release | wait MS |
 *                        key NAME (SDL key name) | type TEXT | screenshot NAME | dump NAME | quit
 *                        (dump NAME: the layout dump so far, now, to FILE-NAME.json beside --dump-layout's)
 *   --screenshot-dir DIR writes DIR/NNN-SCREEN.png on each screen change (and on `screenshot`)
 *   --dump-layout[=FILE] at exit, prints every screen's latest elements as JSON (stdout or FILE):
 *                        name, kind, rect (px), rect_mm, text, text_px, ink_height_mm,
 *                        ink_rect_mm (where the text's ink fell: a test finds text cut or overlapping), contrast
 *                        (WCAG, text on what is behind it), notdef (glyphs no font has),
 *                        fill (#RRGGBB of an opaque fill), icon_rect_mm (where an icon was drawn)
 *   --frame-log FILE     one line per frame, "frame UNIX_US DRAW_US SCREEN", and dawr_ui_log lines
 *   --size WxH           window size (default: the desktop's; 1920x1080 headless)
 *   --windowed           not full screen
 *   --at X,Y             the window's top-left corner on the desktop (default: centred)
 * A program's loop:
 *   while (running) {
 *       SDL_Event ev;
 *       if (dawr_ui_wait_event(ui, &ev, timeout_ms)) {
 *           if (ev.type == SDL_QUIT) running = 0;
 *           const char *tapped = dawr_ui_handle_event(ui, &ev);   // button released inside
 *           ...
 *       }
 *       if (state changed) dawr_ui_invalidate(ui);
 *       if (dawr_ui_dirty(ui)) { dawr_ui_begin(ui, "home", bg); dawr_ui_add(ui, &el)...; dawr_ui_present(ui); }
 *   }
 */
#ifndef DAWR_UI_SDL_H
#define DAWR_UI_SDL_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>

#include "text_layout.h"

typedef struct dawr_ui dawr_ui;

typedef enum { DAWR_UI_LABEL, DAWR_UI_BUTTON, DAWR_UI_BOX, DAWR_UI_IMAGE } dawr_ui_kind;

/* Element flags. */
enum {
    DAWR_UI_WRAP = 1,          /* wrap the text to the rectangle's width */
    DAWR_UI_FIT = 2,           /* shrink the text until it fits: one line in the width, or with
                                  DAWR_UI_WRAP, all its lines in the height */
    DAWR_UI_TOP = 4,           /* text at the top of the rectangle instead of centred */
    DAWR_UI_HIDDEN_DUMP = 8,   /* not listed by --dump-layout (decoration) */
    DAWR_UI_ICON_START = 16,   /* the icon at the start of the line (right in RTL), not above the text */
};

/* One element, a plain value; dawr_ui_add copies the strings. Drawn in the order added. */
typedef struct {
    const char *name;          /* unique on its screen: what scripts tap and the dump lists */
    dawr_ui_kind kind;
    SDL_Rect rect;             /* pixels */
    const char *text;          /* UTF-8, may be NULL */
    float size_px;             /* text em size; 0 = 24 px */
    dawr_weight weight;
    dawr_align align;          /* start = right in right-to-left text */
    dawr_dir dir;              /* paragraph direction; set RTL for Arabic interface strings */
    SDL_Color fg;              /* text colour */
    SDL_Color bg;              /* fill; alpha 0 = none (the text then sits on what is below) */
    SDL_Color border;          /* alpha 0 = none */
    int border_px;
    int radius_px;             /* rounded corners of the fill and border */
    int pad_px;                /* inner margin for the text */
    float line_em;             /* line height in ems for wrapped text; 0 = the layout's by script */
    int flags;
    SDL_Texture *image;        /* DAWR_UI_IMAGE: drawn fitted in rect, not owned */
    SDL_Texture *icon;         /* a pictogram (white ink, tinted fg) above the text or at its start;
                                  the text takes the rest of the rectangle; not owned; NULL = none */
    int icon_px;               /* the icon's square side */
} dawr_ui_element;

/* How the program wants its window. Zero means the defaults. */
typedef struct {
    const char *title;
    int width, height;                     /* 0: the desktop's size (1920x1080 headless) */
    bool windowed;
    bool placed; int x, y;                 /* --at X,Y; otherwise centred */
    double screen_width_mm, screen_height_mm; /* the physical screen; 0: 96 dpi assumed */
    /* Test conventions, normally filled by dawr_ui_parse_args: */
    const char *script_path;
    const char *screenshot_dir;
    const char *dump_layout_path;          /* "-" = stdout; NULL = no dump */
    const char *frame_log_path;
} dawr_ui_opts;

/* Takes the shell's options (above) out of ARGV, shifting the rest down, into O (which must be
 * zeroed or preset by the caller). Returns 0, or -1 with the reason in ERR. */
int dawr_ui_parse_args(dawr_ui_opts *o, int *argc, char **argv, char *err, size_t err_size);

/* Opens SDL video, the window, the renderer and the text engine; loads the script.
 * Returns the shell (free with dawr_ui_close) or NULL with the reason in ERR. */
dawr_ui *dawr_ui_open(const dawr_ui_opts *o, char *err, size_t err_size);
/* Writes the layout dump when asked for, then frees everything. Accepts NULL. */
void dawr_ui_close(dawr_ui *ui);

SDL_Renderer *dawr_ui_renderer(dawr_ui *ui);
void dawr_ui_size(const dawr_ui *ui, int *w, int *h);
double dawr_ui_px_per_mm(const dawr_ui *ui);
/* Pixels for MM millimetres on the physical screen, rounded. */
int dawr_ui_mm(const dawr_ui *ui, double mm);

/* Waits up to TIMEOUT_MS (-1: forever) for an event, playing the script's due steps first
 * (and waking for the next one). Returns 1 with EV filled, 0 on timeout. A script that has
 * ended without `quit` leaves the program running. */
int dawr_ui_wait_event(dawr_ui *ui, SDL_Event *ev, int timeout_ms);

/* Follows presses on buttons: returns the name of the button released inside the one that was
 * pressed (a tap), else NULL; sliding off cancels. The pressed button is drawn pressed
 * (marks the frame dirty). The returned name is owned by the shell, valid until the next
 * dawr_ui_begin. Long presses count as taps. */
const char *dawr_ui_handle_event(dawr_ui *ui, const SDL_Event *ev);
/* The button being pressed now, or NULL. */
const char *dawr_ui_pressed(const dawr_ui *ui);

/* Asks for a new frame; dawr_ui_dirty says whether one is wanted (window exposed or resized,
 * pressed state changed, script screenshot, invalidated). */
void dawr_ui_invalidate(dawr_ui *ui);
bool dawr_ui_dirty(const dawr_ui *ui);

/* Starts a frame of the screen SCREEN (a short name such as "home"): forgets the previous
 * frame's elements and fills with BACKGROUND. */
void dawr_ui_begin(dawr_ui *ui, const char *screen, SDL_Color background);
/* Adds an element and draws it. Returns 0, or -1 when out of memory. */
int dawr_ui_add(dawr_ui *ui, const dawr_ui_element *e);
/* The height in pixels E's text takes, wrapped to E's width with its size, line spacing and
 * padding: a screen gives a text the room it needs instead of shrinking it. Draws nothing. */
int dawr_ui_text_height(dawr_ui *ui, const dawr_ui_element *e);
/* Finds an element of the current frame by name; NULL when there is none. */
const dawr_ui_element *dawr_ui_find(const dawr_ui *ui, const char *name);
/* Shows the frame: screenshots when the screen changed or the script asked, the frame log,
 * the layout kept for the dump. Clears the dirty flag. */
void dawr_ui_present(dawr_ui *ui);

/* Writes a line to the frame log (when one is open), prefixed with the time in Unix µs. */
void dawr_ui_log(dawr_ui *ui, const char *fmt, ...) SDL_PRINTF_VARARG_FUNC(2);

/* Loads a PNG into a texture for the renderer; NULL (logged) when it cannot. Free with
 * SDL_DestroyTexture. */
SDL_Texture *dawr_ui_load_png(dawr_ui *ui, const char *path);
/* The same for a round logo (the receipt's badge): what lies outside the circle inscribed in
 * the image is made transparent, so the paper's white corners do not show on a screen. */
SDL_Texture *dawr_ui_load_round_png(dawr_ui *ui, const char *path);
/* Asks for DIR/NNN-NAME.png of the next frame (with --screenshot-dir); marks the frame dirty. */
void dawr_ui_request_screenshot(dawr_ui *ui, const char *name);

/* WCAG 2 contrast ratio of two colours, 1..21. */
double dawr_ui_contrast(SDL_Color a, SDL_Color b);
/* A colour between A (t=0) and B (t=1). */
SDL_Color dawr_ui_mix(SDL_Color a, SDL_Color b, float t);

#endif
