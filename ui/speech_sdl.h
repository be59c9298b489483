/* Speech for the screens: espeak-ng synthesises into memory, SDL audio plays one clip after
 * another (never two at once). A worker thread synthesises so the screen's loop never waits
 * for it. Without an audio device it logs once and stays silent; everything else works.
 * A speech log (one line per queued clip: "chime", "click" or "say LANG TEXT") lets tests
 * check what would be said, in order, without audio. */
#ifndef DAWR_SPEECH_SDL_H
#define DAWR_SPEECH_SDL_H

#include <stdbool.h>
#include <stddef.h>

#include "text_number.h"

typedef struct dawr_speech dawr_speech;

typedef struct {
    const char *log_path;          /* NULL: no speech log */
    bool mute;                     /* log only; no audio device, no synthesis */
    int rate_wpm;                  /* 0: 135 words a minute, calm for elderly listeners */
} dawr_speech_opts;

/* Opens audio and starts the synthesis thread. Returns NULL only when out of memory or the
 * log cannot be opened (reason in ERR); a missing audio device or voice gives a silent
 * speech that still logs. Free with dawr_speech_close (accepts NULL). */
dawr_speech *dawr_speech_open(const dawr_speech_opts *o, char *err, size_t err_size);
void dawr_speech_close(dawr_speech *s);

/* Queue clips after those already queued. Return 0, or -1 when out of memory. */
int dawr_speech_chime(dawr_speech *s);   /* a soft two-note chime, before a call */
int dawr_speech_click(dawr_speech *s);   /* a short soft click, for taps */
int dawr_speech_say(dawr_speech *s, dawr_lang lang, const char *text);

/* Stops what is being said and drops what is queued (logs "stop"); the next clip plays as
 * usual. A visitor's "stop" must silence the kiosk at once. */
void dawr_speech_stop(dawr_speech *s);

/* Sets the loudness of everything that follows, in decibels below full scale: DB from
 * DAWR_SPEECH_QUIETEST_DB to 0 (clamped; logs "volume DB"). Returns the value set. */
#define DAWR_SPEECH_QUIETEST_DB (-24)
int dawr_speech_set_volume(dawr_speech *s, int db);

/* Whether anything is queued or playing. */
bool dawr_speech_busy(dawr_speech *s);
/* Whether sound actually comes out (an audio device and a voice). */
bool dawr_speech_audible(dawr_speech *s);

/* Writes the ticket code ("A-023") as it should be spoken: the letter's name, then the number
 * as digits without leading zeros, which espeak-ng reads as a number in words ("إيه 23" →
 * "ثلاثة وعشرون"; "Ay 23" → "twenty-three"). Returns the bytes written, or -1. */
int dawr_speech_ticket_words(const char *code, dawr_lang lang, char *out, size_t size);

#endif
