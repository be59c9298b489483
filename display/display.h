/* dawr-display's parts: the feed watches the store (or, on a display-box, the appliance's
 * console over the network), the view draws the screen. */
#ifndef DAWR_DISPLAY_H
#define DAWR_DISPLAY_H

#include <stdbool.h>

#include "config.h"
#include "queue.h"
#include "speech_sdl.h"
#include "app.h"
#include "ui_sdl.h"

/* --- feed.c: the store through a read-only connection of its own ------------------------- */

typedef struct display_feed display_feed;

/* The boolean NAME in a call event's detail ("screen", "long_call"), ABSENT when it has none. */
bool display_call_flag(const dawr_event *ev, const char *name, bool absent);

/* A call or recall seen in the log, oldest first. */
typedef void (*display_call_fn)(const dawr_event *ev, void *ctx);

/* Watches DB_PATH for CFG (both must outlive the feed), or, when CFG's [display] source names
 * a console, that console's GET /api/screen (remote.c). Never fails for a missing or locked
 * database or an unreachable console: it keeps trying. NULL only when out of memory. */
display_feed *display_feed_new(const dawr_config *cfg, const char *db_path);
void display_feed_free(display_feed *f);

/* Looks for changes (cheap when nothing changed; FORCE re-reads the status, e.g. each
 * minute for the day's rollover), calls ON_CALL for each new call or recall, and returns
 * true when what the screen shows changed. */
bool display_feed_poll(display_feed *f, bool force, display_call_fn on_call, void *ctx);

/* The last known status (zeroed before the first), and whether the store answers now. */
const dawr_status *display_feed_status(const display_feed *f);
bool display_feed_online(const display_feed *f);

/* --- remote.c: the feed of a display-box, over HTTP --------------------------------------- */

/* The same contract as display_feed, from the console at BASE_URL ("http://HOST:PORT"); each
 * poll does one non-blocking step of libcurl's multi interface, so it never stalls the frame
 * loop. display_feed_new picks it from the configuration; the view and main do not know. */
typedef struct display_remote display_remote;
display_remote *display_remote_new(const dawr_config *cfg, const char *base_url);
void display_remote_free(display_remote *r);
bool display_remote_poll(display_remote *r, bool force, display_call_fn on_call, void *ctx);
const dawr_status *display_remote_status(const display_remote *r);
bool display_remote_online(const display_remote *r);

/* --- view.c: the screen ---------------------------------------------------------------------- */

typedef struct {
    const dawr_config *cfg;
    const dawr_status *status;
    bool online;
    char clock[64];                /* the time and both dates, formatted once a minute */
    char date_gregorian[160], date_hijri[160];
    float highlight;               /* 1 at a new call, fading to 0 over the animation */
    int ticker_index;              /* which announcement is shown */
    bool help_needed;              /* a visitor's help call went unanswered: the ticker says so */
    SDL_Texture *logo;             /* may be NULL */
} display_view;

/* Formats the clock and both dates of NOW_MS (local time) into V. */
void display_view_set_time(display_view *v, long long now_ms);

/* Draws the whole screen as one frame of elements. */
void display_view_draw(dawr_ui *ui, const display_view *v);

/* Whether a help call in ST has waited past the configured help_answer_seconds at NOW_MS. */
bool display_view_help_needed(const dawr_config *cfg, const dawr_status *st, long long now_ms);

/* How many announcements the ticker rotates through (Arabic ones first, then English). */
int display_view_ticker_count(const dawr_config *cfg);

#endif
