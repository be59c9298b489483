/* The queue engine: tickets from issue to done, on the store. No SDL, no printing.
 * Each operation is one immediate transaction that also appends its event, so a change
 * either happened completely, with its log line, or not at all. */
#ifndef DAWR_QUEUE_H
#define DAWR_QUEUE_H

#include "clock.h"
#include "config.h"
#include "hours.h"
#include <stddef.h>

typedef struct dawr_queue dawr_queue;

/* Results. Refusals leave the database untouched; dawr_queue_error() says why. */
enum {
    DAWR_OK = 0,
    DAWR_REFUSED = -1,       /* a rule forbids it (nobody waiting, already rated, ...) */
    DAWR_NOT_FOUND = -2,     /* no such ticket, service or counter */
    DAWR_STORE_FAILED = -3,  /* the database failed (full disk, I/O error, busy too long) */
};

/* ASIDE: a called or served visitor stepped away (to fetch a document or a relative); any counter
 * of its service takes it back with its number (dawr_queue_resume). */
typedef enum { DAWR_WAITING, DAWR_CALLED, DAWR_SERVING, DAWR_DONE, DAWR_NOSHOW, DAWR_CANCELLED, DAWR_ASIDE } dawr_state;

/* What a visitor may say at the kiosk or the desk, as X(NAME, "tag", is_priority): the first four
 * ask for priority (called first, by the rule of docs/queue.md), the others tell the counter how
 * to help. A ticket holds them as bits (1u << DAWR_NEED_NAME); the store and JSON hold the tags. */
#define DAWR_NEEDS(X) \
    X(WHEELCHAIR, "wheelchair", 1) \
    X(CANNOT_STAND, "cannot_stand", 1)   /* cannot stand long */ \
    X(FRAIL, "frail", 1)                 /* very frail */ \
    X(UNWELL, "unwell", 1) \
    X(HARD_OF_HEARING, "hard_of_hearing", 0) \
    X(COMPANION, "companion", 0)         /* comes with a companion */ \
    X(CANNOT_READ, "cannot_read", 0)

#define DAWR_NEED_ENUM_(name, tag, prio) DAWR_NEED_##name,
typedef enum { DAWR_NEEDS(DAWR_NEED_ENUM_) DAWR_NEED_COUNT } dawr_need;
#undef DAWR_NEED_ENUM_
#define DAWR_NEED_BIT(name) (1u << DAWR_NEED_##name)
/* The needs that ask for priority, as bits. */
unsigned dawr_needs_priority_mask(void);
/* The tag of NEED; "" out of range. */
const char *dawr_need_tag(dawr_need need);
/* Space- or comma-separated tags in TEXT into bits in OUT. Returns 0, or -1 with the first
 * unknown tag copied into BAD (BAD_SIZE bytes, may be NULL). */
int dawr_needs_parse(const char *text, unsigned *out, char *bad, size_t bad_size);
/* NEEDS' tags, space-separated, into OUT; returns OUT. */
char *dawr_needs_format(unsigned needs, char *out, size_t size);

/* How the visit reached the reception (the policy's channels), as X(NAME, "tag", in_person): a
 * ticket from the kiosk, or made at the desk for one of these. Only in-person tickets are called
 * on the waiting-room screen; the others (a call-back, a letter) are called at the counter only. */
#define DAWR_CHANNELS(X) \
    X(KIOSK, "kiosk", 1)                 /* the visitor took it at the kiosk */ \
    X(DESK, "desk", 1)                   /* in person, made at the desk */ \
    X(PHONE, "phone", 0) \
    X(WHATSAPP, "whatsapp", 0) \
    X(LETTER, "letter", 0) \
    X(BRANCH, "branch", 0)               /* the branch office's representative */ \
    X(HOME_VISIT, "home_visit", 0)       /* a request for a home visit */

#define DAWR_CHANNEL_ENUM_(name, tag, in_person) DAWR_CHANNEL_##name,
typedef enum { DAWR_CHANNELS(DAWR_CHANNEL_ENUM_) DAWR_CHANNEL_COUNT } dawr_channel;
#undef DAWR_CHANNEL_ENUM_
/* The tag of CHANNEL; "" out of range. */
const char *dawr_channel_tag(dawr_channel channel);
/* The channel tagged TAG into OUT. Returns 0, or -1 (OUT untouched). */
int dawr_channel_parse(const char *tag, dawr_channel *out);
/* Whether a ticket of CHANNEL has its visitor in the waiting room. */
int dawr_channel_in_person(dawr_channel channel);

/* A ticket as a value. */
typedef struct {
    long long id;
    char day[11];                 /* service day "YYYY-MM-DD" its number belongs to */
    char code[16];                /* "A-023" */
    char prefix;
    int number;
    char service[33];
    char counter[33];             /* counter calling or serving it, or the one it was sent to */
    int priority;
    dawr_state state;
    dawr_ms issued_at, first_called_at, called_at, serving_at, finished_at; /* 0 = not yet; serving_at
                                     is moved on by time set aside while served, so finished_at -
                                     serving_at is the service time */
    int recalls;
    unsigned needs;               /* bits of DAWR_NEEDS */
    dawr_channel channel;
    char outcome[33];             /* recorded when finished; "" none */
    dawr_ms aside_at;             /* when set aside (state ASIDE), 0 otherwise */
    dawr_ms aside_ms;             /* time spent set aside so far, excluded from service time */
    dawr_ms appointment_at;       /* checked in for a return appointment at this instant (appointment.h):
                                     called near it; 0 = an ordinary ticket */
    int people_ahead;             /* filled when issued */
    int wait_minutes;             /* estimated, filled when issued */
} dawr_ticket;

/* Every kind of line in the log, as X(NAME, "name") with what its detail holds: the name is what
 * the events table, the console's JSON and dawrctl carry; code compares the enum. */
#define DAWR_EVENT_KINDS(X) \
    X(ISSUE, "issue")                 /* service, priority, day (its service day), channel, needs (tags),
                                         handled_at (a counter) */ \
    X(CALL, "call")                   /* priority, out_of_order when called by name; screen false for a
                                         visitor not in the room, long_call for one hard of hearing */ \
    X(RECALL, "recall")               /* recalls; screen, long_call as for call */ \
    X(SERVE, "serve")                 /* {} */ \
    X(NOSHOW, "noshow")               /* recalls, seconds since the first call */ \
    X(TRANSFER, "transfer")           /* from_service, to_service, to_counter, note */ \
    X(DONE, "done")                   /* service_seconds, outcome when recorded */ \
    X(CANCEL, "cancel")               /* {} */ \
    X(RATE, "rate")                   /* score, reasons */ \
    X(EXPIRE, "expire")               /* day, reason: still waiting when its service day ended */ \
    X(HELP, "help")                   /* source, screen: a visitor asked for help */ \
    X(HELP_ACK, "help_ack")           /* help (the help event's id), seconds: a counter is coming */ \
    X(ASIDE, "aside")                 /* from_state: set aside at the counter */ \
    X(RESUME, "resume")               /* aside_seconds, from_counter, state; screen, long_call: taken back,
                                         called to the counter */ \
    X(PIN, "pin")                     /* {}: a counter's PIN was set (staff.h) */ \
    X(LOCKOUT, "lockout")             /* minutes, where: sign-in locked after wrong PINs (staff.h) */ \
    X(PRINT, "print")                 /* a receipt sent to the printer (printer/print.h) */ \
    X(PRINT_HELD, "print_held")       /* the job waits: the printer needs attention */ \
    X(PRINT_DONE, "print_done") \
    X(PRINT_FAILED, "print_failed") \
    X(PRINTER_STATE, "printer_state") /* reachable, state, attention, message, problem */ \
    X(REFUSED, "refused")             /* service, channel, reason ("closed"), next_open (local "YYYY-MM-DD HH:MM"
                                         or null), holiday: a ticket asked for while closed; no ticket made */ \
    X(PAUSE_START, "pause_start")     /* day, prayer, from, to (local "HH:MM"): a prayer pause began */ \
    X(PAUSE_END, "pause_end")         /* day, prayer, early, cut_seconds (of the pause left when a counter
                                         ended it early; 0 when it ran its course) */ \
    X(APP_OPEN, "app_open")           /* application (its reference), step, answer_not_before, service:
                                         an application opened for the ticket (application.h) */ \
    X(APP_STEP, "app_step")           /* application, step, from_step, note: its step changed */ \
    X(APP_CONTACT, "app_contact")     /* application, consent_by: a contact recorded, never the number */ \
    X(APP_CONTACT_ERASED, "app_erase") /* application, why (request, retention) */ \
    X(APP_EXPORT, "app_export")       /* application: what is kept about it was handed over on request */ \
    X(APP_VISIT, "app_visit")         /* application, visit_ticket: a ticket taken about it (the kiosk's follow-up) */ \
    X(APP_BOOK, "app_book")           /* application, at (local "YYYY-MM-DD HH:MM"): a return appointment
                                         booked (appointment.h) */ \
    X(APP_MOVE, "app_move")           /* application, at, from: moved */ \
    X(APP_CANCEL, "app_cancel")       /* application, at: cancelled */ \
    X(APP_NOTIFY, "app_notify")       /* application, message (decision, documents, reminder), lang: the
                                         family's message prepared (family.h); never the number */ \
    X(APP_CHECKIN, "app_checkin")     /* application, at (the appointment's local time), visit_ticket, minutes
                                         (arrival minus appointment, signed): checked in at the kiosk */

#define DAWR_EVENT_ENUM_(name, text) DAWR_EVENT_##name,
typedef enum { DAWR_EVENT_NONE, DAWR_EVENT_KINDS(DAWR_EVENT_ENUM_) DAWR_EVENT_KIND_COUNT } dawr_event_kind;
#undef DAWR_EVENT_ENUM_

/* The name of KIND; "" for DAWR_EVENT_NONE or out of range. */
const char *dawr_event_kind_name(dawr_event_kind kind);
/* The kind named NAME into OUT. Returns 0, or -1 (OUT untouched) when NAME is no kind. */
int dawr_event_kind_parse(const char *name, dawr_event_kind *out);

/* One line of the append-only log. */
typedef struct {
    long long id;
    dawr_ms at;
    long long ticket;             /* 0 when the event is about no ticket */
    char code[16];                /* the ticket's code, "" when none */
    char counter[33];
    dawr_event_kind kind;         /* DAWR_EVENT_NONE for a name this program does not know */
    const char *detail;           /* JSON object; valid during the callback only */
} dawr_event;

/* The calls a screen is told of: the current one and the five before it. */
#define DAWR_RECENT_CALLS 6

/* What screens need to know now. */
typedef struct {
    char day[11];
    struct {
        const dawr_service *service;
        int waiting, waiting_priority;
        int wait_minutes;         /* estimate for a ticket taken now */
        double median_service_minutes;
        int samples;              /* finished visits behind the median (0: the configured guess) */
    } services[DAWR_MAX_SERVICES];
    int service_count;
    struct {
        const dawr_counter *counter;
        int open;                 /* called someone recently */
        int has_ticket;
        dawr_ticket ticket;       /* the one called or being served there */
        int waiting;              /* tickets this counter could call */
    } counters[DAWR_MAX_COUNTERS];
    int counter_count;
    dawr_ticket recent_calls[DAWR_RECENT_CALLS]; /* newest first, as called: counter and called_at
                                     are the call event's, not where the ticket is now */
    int recent_call_count;
    int issued_today, served_today, noshow_today;
    int help_open;                /* today's help calls nobody has answered yet */
    dawr_ms help_oldest_at;       /* when the oldest of them was made, 0 when none */
    long long last_event_id;
    dawr_hours_now hours;         /* the opening hours now, a counter's early end of a pause counted */
} dawr_status;

/* How a program opens the queue; all zero (or NULL) for one that writes and may wait long. */
typedef struct {
    int read_only;                /* for screens that only watch: never writes, never migrates */
    int busy_ms;                  /* the longest opening and each operation wait for another
                                     program's lock before failing (DAWR_STORE_FAILED);
                                     0: 10000 read-write, 100 read-only */
    int create;                   /* dawrctl init only: make the database when there is none */
} dawr_queue_options;

/* Opens the database at DB_PATH for the reception in CFG (which must outlive the queue),
 * migrating it when needed (unless read-only), as OPTIONS say (NULL: defaults). Without
 * OPTIONS->create a missing or empty file is refused: "no Dawr database at PATH: run dawrctl
 * init". NULL with the reason in ERR on failure. */
dawr_queue *dawr_queue_open(const dawr_config *cfg, const char *db_path, const dawr_queue_options *options,
                            char *err, size_t err_size);
void dawr_queue_close(dawr_queue *q);
/* From now on each operation waits at most MS (> 0) for another program's lock, then fails
 * (DAWR_STORE_FAILED, nothing changed): for a server whose one loop must not stall. */
void dawr_queue_set_busy_ms(dawr_queue *q, int ms);

/* What dawr_queue_watch_file found. */
typedef enum {
    DAWR_FILE_SAME,               /* the file and its generation are those read before */
    DAWR_FILE_RELOADED,           /* restored (a new generation) or replaced by another Dawr database,
                                     now read: whatever was read before (event ids too) is stale */
    DAWR_FILE_LOST,               /* deleted, or replaced by no usable database: every operation fails
                                     (db_replaced) until a later call finds one */
} dawr_file_state;

/* Whether the path still names the database file the queue opened, with the generation it had
 * (a stat, and a read only after another program's commit): called on every poll by each program,
 * so a database deleted or replaced under it is noticed at once. On a change it opens the file
 * now at the path when that is a Dawr database. dawr_queue_error() says what happened. */
dawr_file_state dawr_queue_watch_file(dawr_queue *q);

/* Whether the path still names the file the queue opened (one stat, no reload): DAWR_OK, or
 * DAWR_STORE_FAILED with db_replaced and the reason in dawr_queue_error(). For a program that
 * answers between polls (the console's API). */
int dawr_queue_file_ok(dawr_queue *q);

/* Why the last operation failed. Owned by the queue; valid until the next operation. */
const char *dawr_queue_error(const dawr_queue *q);

/* Every reason an operation is refused or fails, as X(NAME, "code"): the code is stable, for
 * programs and for saying it in the reader's language (the console's pages, docs/api.md). */
#define DAWR_QUEUE_REASONS(X) \
    X(DB_FAILED, "db_failed")                 /* the database failed; nothing was changed */ \
    X(DB_REPLACED, "db_replaced")             /* path: the file was deleted or replaced while in use */ \
    X(UNKNOWN_COUNTER, "unknown_counter")     /* counter */ \
    X(UNKNOWN_SERVICE, "unknown_service")     /* service */ \
    X(UNKNOWN_TARGET, "unknown_target")       /* target: no service or counter by that id */ \
    X(NOT_A_TICKET, "not_a_ticket")           /* ticket: not written like A-023 */ \
    X(NO_TICKET, "no_ticket")                 /* ticket: no such ticket (today) */ \
    X(COUNTER_BUSY, "counter_busy")           /* counter, ticket, state: finish that one first */ \
    X(NOBODY_WAITING, "nobody_waiting")       /* counter */ \
    X(NOT_WAITING, "not_waiting")             /* ticket, state */ \
    X(OTHER_DAY, "other_day")                 /* ticket, day */ \
    X(SENT_ELSEWHERE, "sent_elsewhere")       /* ticket, counter it was sent to */ \
    X(NOT_SERVED_HERE, "not_served_here")     /* ticket, counter, service */ \
    X(NO_VISITOR, "no_visitor")               /* counter: nobody called or being served there */ \
    X(ALREADY_SERVING, "already_serving")     /* ticket */ \
    X(NOSHOW_WHILE_SERVING, "noshow_while_serving") /* ticket */ \
    X(NOSHOW_TOO_EARLY, "noshow_too_early")   /* ticket, recalls, recalls_left, seconds, seconds_left */ \
    X(ALREADY_AT_COUNTER, "already_at_counter") /* ticket, counter */ \
    X(ALREADY_FOR_SERVICE, "already_for_service") /* ticket, service */ \
    X(NOTE_TOO_LONG, "note_too_long")         /* max_bytes */ \
    X(NOTE_NOT_TEXT, "note_not_text")         /* the note's bytes are not valid UTF-8 */ \
    X(CANNOT_CANCEL, "cannot_cancel")         /* ticket, state */ \
    X(BAD_SCORE, "bad_score")                 /* score */ \
    X(UNKNOWN_REASON, "unknown_reason")       /* reason: not one of rating_reasons */ \
    X(NOT_FINISHED, "not_finished")           /* ticket, state: only a finished visit is rated */ \
    X(ALREADY_RATED, "already_rated")         /* ticket */ \
    X(BAD_EVENT, "bad_event")                 /* kind */ \
    X(TOO_OLD_TO_RATE, "too_old_to_rate")     /* ticket, day, days: older than rating_days */ \
    X(NO_HELP_CALL, "no_help_call")           /* call: no open help call by that id today */ \
    X(HELP_ANSWERED, "help_answered")         /* call, counter: another counter already answered */ \
    X(UNKNOWN_NEED, "unknown_need")           /* need */ \
    X(UNKNOWN_CHANNEL, "unknown_channel")     /* channel */ \
    X(UNKNOWN_OUTCOME, "unknown_outcome")     /* outcome: not one of [outcomes] */ \
    X(NOT_HANDLED_AT_ONCE, "not_handled_at_once") /* channel: a kiosk ticket is never handled at once */ \
    X(OUTCOME_NEEDS_HANDLING, "outcome_needs_handling") /* outcome: only a visit handled at once has one when made */ \
    X(CANNOT_SET_ASIDE, "cannot_set_aside")   /* ticket, state */ \
    X(NOT_ASIDE, "not_aside")                 /* ticket, state */ \
    X(STALE, "stale")                         /* ticket, expected: the counter's visitor changed since the page was drawn */ \
    X(CLOSED, "closed")                       /* next_open (local "YYYY-MM-DD HH:MM", null when none), holiday */ \
    X(PAUSED, "paused")                       /* prayer, until (local "HH:MM"): nobody is called during a pause */ \
    X(NOT_PAUSED, "not_paused")               /* no prayer pause is on to end */

#define DAWR_WHY_ENUM_(name, code) DAWR_WHY_##name,
typedef enum { DAWR_WHY_NONE, DAWR_QUEUE_REASONS(DAWR_WHY_ENUM_) DAWR_WHY_COUNT } dawr_why;
#undef DAWR_WHY_ENUM_

/* The last operation's reason (DAWR_WHY_NONE after a success), for programs to react to. */
dawr_why dawr_queue_why(const dawr_queue *q);
/* The same as its code ("" after a success), and the values its words name (the comments
 * above) as a JSON object's text, "{}" when none. Valid until the next operation. */
const char *dawr_queue_reason(const dawr_queue *q);
const char *dawr_queue_reason_values(const dawr_queue *q);
/* The code of WHY; "" for DAWR_WHY_NONE or out of range. */
const char *dawr_why_code(dawr_why why);

/* Replaces the clock (tests). NOW(CTX) returns milliseconds since the epoch. */
void dawr_queue_set_clock(dawr_queue *q, dawr_ms (*now)(void *ctx), void *ctx);

/* Each operation fills OUT (when not NULL) with the ticket it acted on. */
int dawr_queue_issue(dawr_queue *q, const char *service_id, int priority, dawr_ticket *out);
/* A ticket with its needs and channel: at the kiosk, or made at the desk. */
typedef struct {
    const char *service;
    int priority;                 /* asked for; any priority need also makes it a priority ticket */
    unsigned needs;               /* bits of DAWR_NEEDS */
    dawr_channel channel;         /* 0 = the kiosk */
    const char *handled_at;       /* a counter id: a visit handled at once there (done now), NULL to queue it */
    const char *outcome;          /* with handled_at: the visit's outcome, NULL or "" for none */
    const char *application;      /* a visit about this application (1448-0007), noted in its history;
                                     NULL for none (an unknown one is not noted, the ticket stands) */
    dawr_ms appointment_at;       /* a ticket for a return appointment at this instant, 0 none: set by
                                     dawr_appointment_checkin (appointment.h), which checks the slip */
} dawr_issue_request;

/* The calling rule for appointments (docs/queue.md): an appointment ticket waits like any other
 * until this many minutes before its time (the walk to the counter); from then it goes ahead of
 * ordinary tickets, but after every appointment_ratio such calls at a counter the ordinary ticket
 * waiting longest is called. Priority tickets keep going first by their own rule. */
#define DAWR_APPOINTMENT_LEAD_MINUTES 10
int dawr_queue_issue_request(dawr_queue *q, const dawr_issue_request *req, dawr_ticket *out);
int dawr_queue_call_next(dawr_queue *q, const char *counter_id, dawr_ticket *out);
int dawr_queue_call_ticket(dawr_queue *q, const char *counter_id, const char *ref, dawr_ticket *out);
int dawr_queue_recall(dawr_queue *q, const char *counter_id, dawr_ticket *out);
int dawr_queue_serve(dawr_queue *q, const char *counter_id, dawr_ticket *out);
int dawr_queue_noshow(dawr_queue *q, const char *counter_id, dawr_ticket *out);
/* TARGET is a service id or a counter id; NOTE may be NULL. */
int dawr_queue_transfer(dawr_queue *q, const char *counter_id, const char *target, const char *note,
                        dawr_ticket *out);
int dawr_queue_done(dawr_queue *q, const char *counter_id, dawr_ticket *out);
/* Finishes with OUTCOME, the id of one of [outcomes] (NULL or "": none). EXPECT, when not NULL or
 * "", is the code of the ticket the caller saw at the counter: another one there is refused as
 * stale (DAWR_WHY_STALE), so a late click never finishes the next visitor. */
int dawr_queue_done_outcome(dawr_queue *q, const char *counter_id, const char *outcome, const char *expect,
                            dawr_ticket *out);
/* Sets the ticket called or served at COUNTER_ID aside (EXPECT as for done): the counter is free. */
int dawr_queue_aside(dawr_queue *q, const char *counter_id, const char *expect, dawr_ticket *out);
/* Takes the set-aside ticket REF back at COUNTER_ID, which must serve its service and be free: it
 * is called there again (serving again when it had been served), with its number. */
int dawr_queue_resume(dawr_queue *q, const char *counter_id, const char *ref, dawr_ticket *out);
/* Today's set-aside tickets, longest aside first, into OUT (MAX). Returns the count or <0. */
int dawr_queue_set_aside(dawr_queue *q, dawr_ticket *out, int max);
int dawr_queue_cancel(dawr_queue *q, const char *ref, dawr_ticket *out);
/* One rating per served ticket; REASONS are tags from the configuration's rating_reasons. */
int dawr_queue_rate(dawr_queue *q, const char *ref, int score, const char *const *reasons, int reason_count,
                    dawr_ticket *out);

/* Appends an event that changes no ticket: printing and printer state (DAWR_EVENT_PRINT ...
 * DAWR_EVENT_PRINTER_STATE). DETAIL_JSON is the text of a JSON object, or NULL for {};
 * TICKET_ID is 0 when it concerns no ticket. Returns DAWR_OK, DAWR_REFUSED for a kind out of
 * range or a bad detail, DAWR_NOT_FOUND for no such ticket, or DAWR_STORE_FAILED. */
int dawr_queue_log(dawr_queue *q, long long ticket_id, dawr_event_kind kind, const char *detail_json);

/* A finished visit a visitor may rate. */
typedef struct {
    dawr_ticket ticket;
    int rated;                    /* 1 when its one rating is already stored */
} dawr_finished;

/* Fills OUT (MAX entries) with today's finished (done) tickets whose visit ended at or after
 * SINCE (milliseconds since the epoch; 0 = all day), newest first, each with whether it has
 * been rated. Returns the count, or a negative DAWR_ result. For the kiosk's "rate your visit". */
int dawr_queue_finished(dawr_queue *q, dawr_ms since, dawr_finished *out, int max);

/* The kiosk's voice volume as maintenance last set it, kept in the store so that it outlasts
 * a restart (dawr.conf's speech_volume_db is only the first value). Returns 1 with *DB set,
 * 0 when maintenance never set one, or a negative DAWR_ result. */
int dawr_queue_speech_volume(dawr_queue *q, int *db);
/* Keeps DB as the kiosk's voice volume, held to −24..0 (the nearest end outside it). DAWR_OK
 * or a store failure. */
int dawr_queue_set_speech_volume(dawr_queue *q, int db);

/* A visitor's call for help: the help event, until a counter answers it. */
typedef struct {
    long long id;                 /* the help event's id */
    dawr_ms at;
    char source[33];              /* where: "kiosk" */
    char screen[33];              /* the screen the visitor was on */
} dawr_help_call;

/* Records that a visitor asked for help at a screen: a DAWR_EVENT_HELP with detail
 * {"source": SOURCE, "screen": SCREEN} (either may be NULL) that the staff console shows.
 * While SOURCE has a call nobody answered today, no second call is made: OUT (may be NULL)
 * gets the open one and *AGAIN (may be NULL) is 1. Returns DAWR_OK or a store failure. */
int dawr_queue_help(dawr_queue *q, const char *source, const char *screen, dawr_help_call *out, int *again);

/* Today's help calls nobody has answered, oldest first, into OUT (MAX). Returns the count or a
 * negative DAWR_ result. */
int dawr_queue_help_calls(dawr_queue *q, dawr_help_call *out, int max);

/* COUNTER_ID answers the open help call CALL_ID (0: the oldest open one): a DAWR_EVENT_HELP_ACK
 * with the seconds since the call. OUT (may be NULL) gets the call, *SECONDS (may be NULL) the
 * time it took. Refuses an unknown counter, no such open call today (DAWR_NOT_FOUND,
 * no_help_call) and a call another counter answered (DAWR_REFUSED, help_answered). */
int dawr_queue_help_ack(dawr_queue *q, const char *counter_id, long long call_id, dawr_help_call *out, int *seconds);

/* Who answered help call CALL_ID: DAWR_OK with the counter's id in COUNTER (SIZE bytes), "" while
 * nobody has; or a store failure. Writes nothing: the kiosk asks it while its visitor waits. */
int dawr_queue_help_answered(dawr_queue *q, long long call_id, char *counter, size_t size);

/* Whether the visit of ticket REF (as dawr_queue_find, into OUT) may be rated now, by the rules
 * dawr_queue_rate keeps: DAWR_OK, or DAWR_REFUSED with the reason (not_finished, too_old_to_rate,
 * already_rated), DAWR_NOT_FOUND or a store failure. Writes nothing. */
int dawr_queue_rateable(dawr_queue *q, const char *ref, dawr_ticket *out);

/* Finds a ticket by REF: "A-023" (today's), or "#ID" / "ID" (the ticket's id). */
int dawr_queue_find(dawr_queue *q, const char *ref, dawr_ticket *out);

int dawr_queue_status(dawr_queue *q, dawr_status *out);

/* The one answer to "open, paused until T, or closed until T" at the queue's now, for every
 * program: the hours of the configuration (hours.h) with a pause a counter ended early counted as
 * over (OUT->paused 0, OUT->pause_to the early end). Returns DAWR_OK or a failure. Writes nothing. */
int dawr_queue_hours(dawr_queue *q, dawr_hours_now *out);
/* Logs the start and end of each of today's prayer pauses up to now that the log lacks: whichever
 * program notices first writes it, in one immediate transaction that first looks for it, so two
 * programs noticing at once log it once. Returns the events written (0: none), or <0. */
int dawr_queue_note_pauses(dawr_queue *q);
/* COUNTER_ID ends the prayer pause on now early (a DAWR_EVENT_PAUSE_END with early and its
 * counter): calls are made again. Refuses an unknown counter, and not_paused when none is on. */
int dawr_queue_end_pause(dawr_queue *q, const char *counter_id);
/* The milliseconds of prayer pauses between FROM and TO, the pauses counters ended early cut
 * short: the part of a wait spent in pauses. Returns 0 on failure. */
dawr_ms dawr_queue_paused_between(dawr_queue *q, dawr_ms from, dawr_ms to);

/* Calls FN for each event with id > SINCE, oldest first, at most LIMIT (0 = all).
 * Stops early when FN returns non-zero. */
int dawr_queue_events(dawr_queue *q, long long since, int limit,
                      int (*fn)(const dawr_event *ev, void *ctx), void *ctx);

/* Cheap change signals: the newest event's id, and SQLite's data_version. */
long long dawr_queue_last_event_id(dawr_queue *q);
long long dawr_queue_data_version(dawr_queue *q);

int dawr_queue_backup(dawr_queue *q, const char *dest);
/* Returns the number of problems found (0 = healthy), described in REPORT; <0 on failure. */
int dawr_queue_check(dawr_queue *q, char *report, size_t report_size);

const char *dawr_state_name(dawr_state state);

#endif
