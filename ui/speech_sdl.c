/* Speech: a queue of clips, a worker thread that synthesises them (espeak-ng, synchronous
 * mode into memory) and appends them to SDL's audio queue, which plays them in order. The
 * thread exists because synthesising a sentence takes tens of milliseconds, longer than a
 * frame of the new-call animation. */
#include "speech_sdl.h"

#include "text_i18n.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RATE 22050                 /* espeak-ng's own rate; SDL converts for the device */

typedef enum { CLIP_CHIME, CLIP_CLICK, CLIP_SAY } clip_kind;

typedef struct clip {
    clip_kind kind;
    dawr_lang lang;
    char *text;
    struct clip *next;
} clip;

struct dawr_speech {
    dawr_speech_opts o;
    FILE *log;
    SDL_AudioDeviceID dev;
    SDL_Thread *thread;
    SDL_mutex *lock;
    SDL_cond *wake;
    clip *head, *tail;
    bool quit, working, voice_ok;
    /* The worker's synthesis buffer (espeak-ng calls back on the worker thread). */
    Sint16 *pcm;
    size_t n_pcm, cap_pcm;
};

static dawr_speech *synth_target;   /* espeak-ng's callback has no user pointer of its own */

static int on_samples(short *wav, int n, espeak_EVENT *events)
{
    (void)events;
    dawr_speech *s = synth_target;
    if (!wav || n <= 0 || !s) return 0;
    if (s->n_pcm + (size_t)n > s->cap_pcm) {
        size_t cap = (s->cap_pcm ? s->cap_pcm * 2 : RATE * 4) + (size_t)n;
        Sint16 *grown = realloc(s->pcm, cap * sizeof *grown);
        if (!grown) return 1;      /* stop this sentence */
        s->pcm = grown;
        s->cap_pcm = cap;
    }
    memcpy(s->pcm + s->n_pcm, wav, (size_t)n * sizeof *wav);
    s->n_pcm += (size_t)n;
    return 0;
}

/* A soft two-note chime (E5 then C5), sine with a little second harmonic and a slow decay. */
static void queue_tone(dawr_speech *s, bool chime)
{
    double notes[2] = { chime ? 659.25 : 1800, 523.25 };
    int count = chime ? 2 : 1;
    size_t note_len = chime ? RATE * 7 / 10 : RATE / 40;
    size_t total = note_len * (size_t)count + (chime ? RATE / 4 : 0);
    Sint16 *buf = calloc(total, sizeof *buf);
    if (!buf) return;
    for (int k = 0; k < count; k++)
        for (size_t i = 0; i < note_len; i++) {
            double t = (double)i / RATE;
            double attack = fmin(1.0, t / 0.015);
            double env = attack * exp(-t * (chime ? 3.5 : 120));
            double v = sin(2 * M_PI * notes[k] * t) + 0.2 * sin(4 * M_PI * notes[k] * t);
            buf[k * note_len + i] = (Sint16)(v * env * (chime ? 0.28 : 0.12) * 32767);
        }
    SDL_QueueAudio(s->dev, buf, (Uint32)(total * sizeof *buf));
    free(buf);
}

static int worker(void *arg)
{
    dawr_speech *s = arg;
    synth_target = s;
    /* Synthesis may wait; the screen's frames may not. */
    SDL_SetThreadPriority(SDL_THREAD_PRIORITY_LOW);
    int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, NULL, espeakINITIALIZE_DONT_EXIT);
    SDL_LockMutex(s->lock);
    s->voice_ok = rate > 0;
    SDL_UnlockMutex(s->lock);
    if (rate > 0) {
        espeak_SetSynthCallback(on_samples);
        espeak_SetParameter(espeakRATE, s->o.rate_wpm > 0 ? s->o.rate_wpm : 135, 0);
    } else
        fprintf(stderr, "dawr-speech: espeak-ng did not start: announcements are silent\n");
    dawr_lang voice = (dawr_lang)-1;
    for (;;) {
        SDL_LockMutex(s->lock);
        while (!s->head && !s->quit) SDL_CondWait(s->wake, s->lock);
        if (s->quit) { SDL_UnlockMutex(s->lock); break; }
        clip *c = s->head;
        s->head = c->next;
        if (!s->head) s->tail = NULL;
        s->working = true;
        SDL_UnlockMutex(s->lock);

        if (c->kind != CLIP_SAY) queue_tone(s, c->kind == CLIP_CHIME);
        else if (rate > 0) {
            if (voice != c->lang) {
                espeak_SetVoiceByName(c->lang == DAWR_LANG_AR ? "ar" : "en");
                espeak_SetParameter(espeakRATE, s->o.rate_wpm > 0 ? s->o.rate_wpm : 135, 0);
                voice = c->lang;
            }
            s->n_pcm = 0;
            espeak_Synth(c->text, strlen(c->text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, NULL);
            /* a pause after each sentence, so announcements never run together */
            size_t pause = RATE * 6 / 10;
            if (s->n_pcm + pause > s->cap_pcm) {
                Sint16 *grown = realloc(s->pcm, (s->n_pcm + pause) * sizeof *grown);
                if (grown) { s->pcm = grown; s->cap_pcm = s->n_pcm + pause; }
            }
            if (s->n_pcm + pause <= s->cap_pcm) {
                memset(s->pcm + s->n_pcm, 0, pause * sizeof *s->pcm);
                s->n_pcm += pause;
            }
            SDL_QueueAudio(s->dev, s->pcm, (Uint32)(s->n_pcm * sizeof *s->pcm));
        }
        free(c->text);
        free(c);
        SDL_LockMutex(s->lock);
        s->working = false;
        SDL_UnlockMutex(s->lock);
    }
    if (rate > 0) espeak_Terminate();
    return 0;
}

dawr_speech *dawr_speech_open(const dawr_speech_opts *o, char *err, size_t err_size)
{
    dawr_speech *s = calloc(1, sizeof *s);
    if (!s) { snprintf(err, err_size, "out of memory"); return NULL; }
    s->o = *o;
    if (o->log_path) {
        s->log = fopen(o->log_path, "w");
        if (!s->log) { snprintf(err, err_size, "%s: cannot open", o->log_path); free(s); return NULL; }
        setvbuf(s->log, NULL, _IOLBF, 0);
    }
    if (o->mute) return s;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) < 0) {
        fprintf(stderr, "dawr-speech: no audio (%s): announcements are silent\n", SDL_GetError());
        return s;
    }
    SDL_AudioSpec want = { .freq = RATE, .format = AUDIO_S16SYS, .channels = 1, .samples = 2048 }, have;
    s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &have, 0);
    if (!s->dev) {
        fprintf(stderr, "dawr-speech: no audio device (%s): announcements are silent\n", SDL_GetError());
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        return s;
    }
    SDL_PauseAudioDevice(s->dev, 0);
    s->lock = SDL_CreateMutex();
    s->wake = SDL_CreateCond();
    if (s->lock && s->wake) s->thread = SDL_CreateThread(worker, "dawr-speech", s);
    if (!s->thread) {
        fprintf(stderr, "dawr-speech: cannot start the speech thread (%s): announcements are silent\n", SDL_GetError());
        SDL_CloseAudioDevice(s->dev);
        s->dev = 0;
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
    return s;
}

void dawr_speech_close(dawr_speech *s)
{
    if (!s) return;
    if (s->thread) {
        SDL_LockMutex(s->lock);
        s->quit = true;
        SDL_CondSignal(s->wake);
        SDL_UnlockMutex(s->lock);
        SDL_WaitThread(s->thread, NULL);
    }
    for (clip *c = s->head, *next; c; c = next) { next = c->next; free(c->text); free(c); }
    if (s->dev) { SDL_CloseAudioDevice(s->dev); SDL_QuitSubSystem(SDL_INIT_AUDIO); }
    if (s->wake) SDL_DestroyCond(s->wake);
    if (s->lock) SDL_DestroyMutex(s->lock);
    if (s->log) fclose(s->log);
    free(s->pcm);
    free(s);
}

static int enqueue(dawr_speech *s, clip_kind kind, dawr_lang lang, const char *text)
{
    if (s->log) {
        if (kind == CLIP_SAY) fprintf(s->log, "say %s %s\n", lang == DAWR_LANG_AR ? "ar" : "en", text);
        else fprintf(s->log, "%s\n", kind == CLIP_CHIME ? "chime" : "click");
    }
    if (!s->thread) return 0;
    clip *c = calloc(1, sizeof *c);
    if (!c || (text && !(c->text = strdup(text)))) { free(c); return -1; }
    c->kind = kind;
    c->lang = lang;
    SDL_LockMutex(s->lock);
    if (s->tail) s->tail->next = c;
    else s->head = c;
    s->tail = c;
    SDL_CondSignal(s->wake);
    SDL_UnlockMutex(s->lock);
    return 0;
}

int dawr_speech_chime(dawr_speech *s) { return enqueue(s, CLIP_CHIME, DAWR_LANG_AR, NULL); }
int dawr_speech_click(dawr_speech *s) { return enqueue(s, CLIP_CLICK, DAWR_LANG_AR, NULL); }
int dawr_speech_say(dawr_speech *s, dawr_lang lang, const char *text) { return enqueue(s, CLIP_SAY, lang, text); }

bool dawr_speech_busy(dawr_speech *s)
{
    if (!s->thread) return false;
    SDL_LockMutex(s->lock);
    bool busy = s->head || s->working;
    SDL_UnlockMutex(s->lock);
    return busy || SDL_GetQueuedAudioSize(s->dev) > 0;
}

bool dawr_speech_audible(dawr_speech *s)
{
    if (!s->thread) return false;
    SDL_LockMutex(s->lock);
    bool ok = s->voice_ok;
    SDL_UnlockMutex(s->lock);
    return ok;
}

int dawr_speech_ticket_words(const char *code, dawr_lang lang, char *out, size_t size)
{
    /* How a ticket's letter is said in each language: a translation, e.g. A is "إيه" in Arabic. */
    static const char *const names[26] = {
        NC_("spoken letter", "Ay"), NC_("spoken letter", "Bee"), NC_("spoken letter", "See"),
        NC_("spoken letter", "Dee"), NC_("spoken letter", "Ee"), NC_("spoken letter", "Eff"),
        NC_("spoken letter", "Gee"), NC_("spoken letter", "Aitch"), NC_("spoken letter", "Eye"),
        NC_("spoken letter", "Jay"), NC_("spoken letter", "Kay"), NC_("spoken letter", "El"),
        NC_("spoken letter", "Em"), NC_("spoken letter", "En"), NC_("spoken letter", "Oh"),
        NC_("spoken letter", "Pee"), NC_("spoken letter", "Cue"), NC_("spoken letter", "Ar"),
        NC_("spoken letter", "Ess"), NC_("spoken letter", "Tee"), NC_("spoken letter", "You"),
        NC_("spoken letter", "Vee"), NC_("spoken letter", "Double-you"), NC_("spoken letter", "Ex"),
        NC_("spoken letter", "Why"), NC_("spoken letter", "Zed"),
    };
    const char *p = code;
    const char *letter = "";
    if (*p >= 'A' && *p <= 'Z') {
        int i = *p++ - 'A';
        letter = dawr_trc(lang, "spoken letter", names[i]);
    }
    while (*p && (*p < '0' || *p > '9')) p++;
    long number = strtol(p, NULL, 10);
    int n = snprintf(out, size, "%s%s%ld", letter, *letter ? " " : "", number);
    return n < 0 || (size_t)n >= size ? -1 : n;
}
