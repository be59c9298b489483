/* The kiosk's screens and what each button does, without SDL: a state machine over the
 * queue engine. The screen builder (screens.c) draws the state; main.c feeds it taps by
 * button name, typed text (the USB barcode scanner) and the passing time. */
#ifndef KIOSK_FLOW_H
#define KIOSK_FLOW_H

#include "application.h"
#include "appointment.h"
#include "queue.h"
#include "slips.h"
#include "text_number.h"
#include "touch.h"

typedef enum {
    KIOSK_HOME,
    KIOSK_SERVICES,          /* take a ticket: the visit reasons */
    KIOSK_NEEDS,             /* priority or what would help, one tap each, before the visit reasons */
    KIOSK_TICKET,            /* the number, after the store committed it */
    KIOSK_RATE_FIND,         /* finished visits of the last hour, keypad, scanner */
    KIOSK_RATE_FACES,
    KIOSK_RATE_REASONS,      /* for the two lowest faces, optional */
    KIOSK_RATE_THANKS,
    KIOSK_RATE_ALREADY,      /* a second attempt, told kindly */
    KIOSK_RATE_NOT_FOUND,
    KIOSK_RATE_NOT_SERVED,   /* a receipt whose visit did not finish: nothing to rate */
    KIOSK_RATE_TOO_OLD,      /* a receipt older than rating_days */
    KIOSK_FOLLOW_FIND,       /* a follow-up: the application's reference typed, or a receipt scanned */
    KIOSK_FOLLOW_STATUS,     /* where the application is, in kind words; the follow-up ticket */
    KIOSK_FOLLOW_NOT_FOUND,  /* no such application: a ticket all the same */
    KIOSK_APPT_FIND,         /* "I have an appointment": scan the slip, or type the reference */
    KIOSK_APPT_NOTICE,       /* a check-in refused, said kindly (checkin_why): an ordinary ticket all the same */
    KIOSK_HELP,
    KIOSK_CLOSED,            /* the reception is closed: the next opening, the association's channels, rating */
    KIOSK_OUT_OF_SERVICE,    /* the database failed; retried by itself */
    KIOSK_MAINT_PIN,
    KIOSK_MAINT,
    KIOSK_SCREEN_COUNT
} kiosk_screen;

/* What the kiosk is to say after the next frame (speak_pending). */
typedef enum {
    KIOSK_SAY_NOTHING,
    KIOSK_SAY_ARRIVAL,       /* the screen changed: its prompt, and on the ticket screen the essentials */
    KIOSK_SAY_SCREEN,        /* "Listen": the whole screen in reading order, then how to hear a button */
    KIOSK_SAY_BUTTON,        /* hear-first: the words of the button named in heard */
} kiosk_say;

/* Hear-first: after "Listen", a tap on a button says its words and outlines it; a second
 * counted tap on the same button within this long chooses it. */
#define KIOSK_HEAR_MS 20000
#define KIOSK_VOLUME_STEP_DB 3       /* maintenance's quieter and louder */
#define KIOSK_QUIETEST_DB (-24)      /* the same range as the speech's, DAWR_SPEECH_QUIETEST_DB */

#define KIOSK_RETRY_MS 3000      /* a failed database is tried again this often */
#define KIOSK_HOURS_MS 5000      /* the opening hours are looked at this often */
#define KIOSK_HELP_POLL_MS 1000  /* the help screen asks the store this often whether a counter answered */
#define KIOSK_MAX_FINISHED 12
#define KIOSK_PER_PAGE 6

typedef struct {
    const dawr_config *cfg;
    const char *db_path;
    dawr_queue *q;               /* NULL while out of service */
    dawr_slips *slips;           /* prints the tickets' slips; NULL: the kiosk prints nothing */
    dawr_lang lang;
    kiosk_screen screen, before_help;
    kiosk_ms now, entered_at, last_touch, retry_at;
    int page;                    /* of the visit reasons */
    long long help_call;         /* the help event this kiosk's visitor waits on, 0 none */
    char help_counter[33];       /* the counter that answered it, "" while nobody has */
    kiosk_ms help_polled;
    unsigned needs;              /* chosen on the needs screen for the next ticket (DAWR_NEEDS bits) */
    dawr_ticket ticket;          /* the one shown on the ticket screen or being rated */
    int have_ticket;
    dawr_ticket last_issued;     /* the newest ticket this kiosk issued, for a reprint */
    int have_last_issued;
    dawr_lang last_issued_lang;  /* the language its visitor chose, for the reprint */
    dawr_finished finished[KIOSK_MAX_FINISHED];
    int finished_count;
    int finished_filtered;       /* the list shows keypad matches, not the last hour */
    char keypad[12];             /* digits typed on the keypad */
    char follow_service[33];     /* the follow-up service chosen, while its reference is asked for */
    dawr_application follow;     /* the application found for it */
    char appointment_service[33];/* the appointment service chosen (or the first, for a slip scanned at home) */
    dawr_checkin checkin;        /* the last check-in: the ticket screen's words, or the refusal's */
    dawr_app_why checkin_why;    /* why it was refused (APPT_NOTICE); DAWR_APP_WHY_NONE when checked in */
    int checked_in;              /* the ticket shown came from a check-in */
    char scan[64];               /* text typed by the barcode scanner, until Enter */
    int score;
    int reasons[16];             /* chosen rating reasons, by index in the configuration */
    char pin[12];
    int quit;                    /* maintenance chose "exit" */
    kiosk_say speak_pending;     /* what to say after the next frame */
    int hear_first;              /* "Listen" was tapped: a first tap on a button only says it */
    char heard[48];              /* the button last said in hear-first, "" none */
    kiosk_ms heard_at;
    int volume_db;               /* the voice's loudness, set in maintenance */
    kiosk_ms idle_after;         /* set when an idle screen went home: untouched this long */
    char error[256];             /* last store message, for the log */
    dawr_hours_now hours;        /* the opening hours as last looked at (dawr_queue_hours) */
    int have_hours;
    kiosk_ms hours_at;           /* when they were looked at */
} kiosk_flow;

/* Starts on the home screen in the configuration's language, opening DB_PATH (a failure
 * shows the out-of-service screen and is retried); each ticket's slip goes to SLIPS (may be
 * NULL). What it points to must outlive it. */
void kiosk_flow_init(kiosk_flow *f, const dawr_config *cfg, const char *db_path, dawr_slips *slips, kiosk_ms now);
void kiosk_flow_finish(kiosk_flow *f);

/* Times (NOW) are milliseconds of a monotonic clock; the queue keeps its own wall clock
 * (dawr_clock_now, which DAWR_NOW can pin for tests). */

/* The visitor tapped the button NAME. Returns 1 when the screen changed. */
int kiosk_flow_tap(kiosk_flow *f, const char *name, kiosk_ms now);
/* Text typed by a keyboard (the scanner). Enter ends a code. */
void kiosk_flow_text(kiosk_flow *f, const char *utf8, kiosk_ms now);
void kiosk_flow_enter(kiosk_flow *f, kiosk_ms now);
/* The hidden staff gesture was made: opens the PIN pad. */
void kiosk_flow_maintenance(kiosk_flow *f, kiosk_ms now);
/* Time passes: idle screens go home, the ticket goes after ticket_seconds, a failed database
 * is retried, the help screen learns which counter is coming (said aloud when it does). Returns 1 when the screen changed. */
int kiosk_flow_tick(kiosk_flow *f, kiosk_ms now);

/* Whether the reception is closed for new tickets (as last looked at): home is the closed screen. */
int kiosk_flow_closed(const kiosk_flow *f);

/* Whether the needs screen offers NEED ([kiosk] self_priority lets visitors ask for priority). */
int kiosk_flow_offers_need(const kiosk_flow *f, dawr_need need);

/* How long SCREEN waits untouched before going home, in ms (0: never). */
kiosk_ms kiosk_flow_timeout(const kiosk_flow *f, kiosk_screen screen);

const char *kiosk_screen_name(kiosk_screen s);

#endif
