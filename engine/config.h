/* The reception's configuration: one INI file (parsed by inih), checked whole before use.
 * A bad file is refused with "file:line: what is wrong"; nothing starts half-configured. */
#ifndef DAWR_CONFIG_H
#define DAWR_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "prayer.h"

#define DAWR_MAX_SERVICES 26           /* one per prefix letter A..Z */
#define DAWR_MAX_COUNTERS 64
#define DAWR_MAX_DOCUMENTS 16
#define DAWR_MAX_REASONS 16
#define DAWR_MAX_OUTCOMES 16

/* The outcome that also prints the service's documents to bring (printer/slips.h). */
#define DAWR_OUTCOME_DOCUMENTS_MISSING "documents_missing"

/* An outcome a counter may record when a visit ends ([outcomes]). Strings owned by the configuration. */
typedef struct {
    const char *id;                    /* answered, registered, documents_missing, ... */
    const char *name_ar, *name_en;
} dawr_outcome;

/* A service's tile colour when dawr.conf gives none: the kiosk's deep green. */
#define DAWR_SERVICE_COLOUR 0x0B4F3Cu

/* A visit reason. Strings are owned by the configuration. */
typedef struct {
    const char *id;                    /* used by scripts: new_request, follow_up, ... */
    char prefix;                       /* ticket letter, 'A'..'Z' */
    const char *name_ar, *name_en;
    const char *icon;                  /* pictogram: assets/icons/ICON.svg (checked to exist), may be "" */
    uint32_t colour;                   /* its tiles' fill, 0xRRGGBB, white words at >= 7:1 */
    const char *notice_ar, *notice_en; /* may be "" */
    const char *documents_ar[DAWR_MAX_DOCUMENTS], *documents_en[DAWR_MAX_DOCUMENTS];
    int document_count;
    int expected_minutes;              /* service time assumed until real ones are known */
    int line;                          /* where its section starts, for messages */
} dawr_service;

/* A desk that calls visitors. */
typedef struct {
    const char *id;                    /* "1", "2", "3" */
    const char *name_ar, *name_en;
    const char *services[DAWR_MAX_SERVICES]; /* ids of the services it serves */
    int service_count;
    int line;
} dawr_counter;

/* Settings of the whole reception. */
typedef struct {
    const char *timezone;              /* the service day is the local day here */
    const char *language;              /* "ar" or "en": the visitor's first language */
    int priority_ratio;                /* priority tickets called in a row before an ordinary one */
    int appointment_ratio;             /* appointments called ahead of ordinary tickets in a row before one of those */
    int noshow_recalls;                /* recalls needed before a no-show is allowed */
    int noshow_grace_seconds;          /* and never sooner than this after the first call */
    int open_counter_minutes;          /* a counter that called within this is "open" */
    const char *rating_reasons[DAWR_MAX_REASONS]; /* tags a low rating may carry */
    int rating_reason_count;
    int rating_days;                   /* an older receipt's visit may be rated this many days on */
    int help_answer_seconds;           /* an unanswered help call is raised again after this */
    /* [console]: the staff console's web server. */
    const char *console_listen;        /* "ADDR:PORT", IPv4; default "0.0.0.0:8080" */
    int session_minutes;               /* a sign-in lapses after this long without a request */
    int pin_attempts;                  /* wrong PINs in a row before that counter's sign-in locks */
    int lockout_minutes;               /* how long it stays locked */
    int pin_failures_per_hour;         /* wrong PINs at every place together before all sign-in stops */
    int pin_min_length;                /* digits set-pin requires (DAWR_PIN_MIN..DAWR_PIN_MAX) */
    int report_show_counters;          /* [reports] show_counters: per-counter figures in the PDF */
} dawr_settings;

/* The receipt printer ([printer]). Strings are owned by the configuration. */
typedef struct {
    const char *format;                /* raster (CUPS driver queue), raw (ESC/POS bytes), ipp, preview */
    const char *queue;                 /* CUPS queue name, for raster and raw */
    const char *uri;                   /* the IPP Everywhere printer, for ipp: ipp://host:port/ipp/print */
    const char *server;                /* CUPS server, "" = $CUPS_SERVER or the system's */
    const char *preview_dir;           /* where the preview format writes ticket PNGs */
    const char *language;              /* receipt language when the visitor chose none: ar or en */
    int width_mm;                      /* paper: 58 or 80, 0 when width_dots was given */
    int width_dots;                    /* printable dots per line, a multiple of 8 */
    int dpi;                           /* dots per inch, 203 on most thermal printers */
} dawr_printer_settings;

/* The touchscreen kiosk ([kiosk]). Sizes on screen are measured in millimetres of the real
 * panel, so a button is 20 mm wide on any resolution. */
typedef struct {
    int screen_width_mm, screen_height_mm; /* the visible panel, as mounted (either orientation) */
    int idle_seconds;                  /* an untouched screen returns home after this (>= 60) */
    int ticket_seconds;                /* the ticket stays this long unless tapped away */
    int double_tap_ms;                 /* a second tap sooner than this is a tremor, ignored */
    int speech_volume_db;              /* the voice's loudness at start, -24..0 dB (maintenance changes it) */
    int self_priority;                 /* visitors may ask for priority themselves (default yes) */
} dawr_kiosk_settings;
/* The waiting-room screen ([display]). Strings are owned by the configuration. */
#define DAWR_MAX_ANNOUNCEMENTS 8
typedef struct {
    int width_mm, height_mm;           /* the TV's picture, for physical text sizes */
    int speak_english;                 /* announce calls in English too, after Arabic */
    const char *logo;                  /* PNG under assets/, may be "" */
    const char *source;                /* "" = the local database; "http://HOST:PORT" = that console */
    const char *announcements_ar[DAWR_MAX_ANNOUNCEMENTS], *announcements_en[DAWR_MAX_ANNOUNCEMENTS];
    int announcement_ar_count, announcement_en_count;
} dawr_display_settings;

/* The association itself ([association]): its own words, shown on every screen, receipt and
 * report. Strings are owned by the configuration; each may be "". */
#define DAWR_MAX_PHONES 4
typedef struct {
    const char *name_ar, *name_en;
    const char *website;               /* printed on the receipt, e.g. Roofaa.org.sa */
    const char *whatsapp[DAWR_MAX_PHONES]; /* numbers in Western digits; shown in the language's */
    int whatsapp_count;
} dawr_association_settings;
/* This appliance as one branch of the association ([branch]), and the association's central
 * database its log is sent to ([central]). Strings are owned by the configuration; "" when not
 * given (a lone appliance sends nothing). */
typedef struct {
    const char *id;                    /* stable: letters, digits and '-', at most 32 */
    const char *name_ar, *name_en;
    const char *central;               /* libpq connection string, never with a password: the
                                          secret lives in its own passfile or service file */
} dawr_branch_settings;
/* Opening hours ([hours]). Times are minutes after local midnight. */
#define DAWR_MAX_SPANS 4               /* spans in one day */
#define DAWR_MAX_CLOSED 32             /* closed-day rules */
typedef struct {
    int from, to;                      /* from < to, both within the day */
} dawr_span;
typedef struct {
    dawr_span spans[DAWR_MAX_SPANS];   /* in order, not overlapping */
    int count;                         /* 0 = closed that day */
} dawr_day_spans;
/* Days closed every year: a Gregorian or Hijri month-day, or a range of them (which may wrap
 * the year's end). */
typedef struct {
    int hijri;                         /* 1: Umm al-Qura months, 0: Gregorian */
    int from_month, from_day, to_month, to_day;
    const char *name;                  /* "National Day", as written in dawr.conf */
    int line;
} dawr_closed_days;
typedef struct {
    dawr_day_spans week[7];            /* [0] is Sunday */
    dawr_day_spans ramadan;            /* replaces an open day's spans in Hijri month 9 */
    int last_ticket_minutes;           /* no ticket this close to a span's end */
    dawr_closed_days closed[DAWR_MAX_CLOSED];
    int closed_count;
    unsigned pause_prayers;            /* bit (1 << dawr_prayer): prayers that pause the reception */
    int pause_minutes;                 /* a pause's length from the prayer's time */
    int offset_minutes[DAWR_PRAYER_COUNT]; /* added to the computed time */
    int fixed_minutes[DAWR_PRAYER_COUNT];  /* the mosque's own time, -1 = computed */
    double latitude, longitude;        /* the place, for the prayer times */
    int line;                          /* where [hours] began, 0 = absent (defaults) */
} dawr_hours_settings;

/* Applications followed to their answer ([applications], engine/application.h): the steps an
 * application moves through, in order, each with its names; which steps are the committee's
 * answer and which close it; the policy's minimum before an answer; how long a contact outlives
 * its application. Strings owned by the configuration. */
#define DAWR_MAX_STEPS 16
typedef struct {
    const char *id;                    /* received, committee, ... */
    const char *name_ar, *name_en;
    int decision;                      /* the committee's answer (accepted, declined) */
    int closes;                        /* the application is finished (declined, delivered) */
} dawr_step;
typedef struct {
    dawr_step steps[DAWR_MAX_STEPS];   /* a new application starts at steps[0] */
    int step_count;
    int committee_days;                /* earliest answer: the day opened + this many calendar days */
    int contact_days;                  /* a contact is erased this many days after its application closes */
    int answer_target_days;            /* the association's own target for a decision (reports' share within) */
    int appointment_early_minutes;     /* a check-in this long before the appointment is early (still welcome) */
    int appointment_late_minutes;      /* a check-in up to this long after it is late but kept as an appointment */
    const char *open_services[DAWR_MAX_SERVICES]; /* a visit of these finished with open_outcome opens one */
    int open_service_count;
    const char *open_outcome;          /* "registered" */
    const char *follow_services[DAWR_MAX_SERVICES]; /* the kiosk asks these visitors for their reference */
    int follow_service_count;
    const char *appointment_services[DAWR_MAX_SERVICES]; /* "I have an appointment": the kiosk asks for the slip */
    int appointment_service_count;
    int line;                          /* where [applications] began, 0 = absent (defaults) */
} dawr_applications_settings;

typedef struct dawr_config dawr_config;

/* Reads and checks PATH. Returns a configuration (free with dawr_config_free) or NULL,
 * with the reason ("file:line: ...") written to ERR (ERR_SIZE bytes). */
dawr_config *dawr_config_load(const char *path, char *err, size_t err_size);
void dawr_config_free(dawr_config *cfg);

const dawr_settings *dawr_config_settings(const dawr_config *cfg);
const dawr_printer_settings *dawr_config_printer(const dawr_config *cfg);
const dawr_kiosk_settings *dawr_config_kiosk(const dawr_config *cfg);
const dawr_display_settings *dawr_config_display(const dawr_config *cfg);
const dawr_association_settings *dawr_config_association(const dawr_config *cfg);
const dawr_branch_settings *dawr_config_branch(const dawr_config *cfg);
const dawr_hours_settings *dawr_config_hours(const dawr_config *cfg);
const dawr_applications_settings *dawr_config_applications(const dawr_config *cfg);
/* The step named ID of [applications], or NULL. */
const dawr_step *dawr_config_find_step(const dawr_config *cfg, const char *id);
int dawr_config_service_count(const dawr_config *cfg);
const dawr_service *dawr_config_service(const dawr_config *cfg, int index);
int dawr_config_counter_count(const dawr_config *cfg);
const dawr_counter *dawr_config_counter(const dawr_config *cfg, int index);

/* The outcomes a visit may end with, in the file's order (the five defaults without [outcomes]). */
int dawr_config_outcome_count(const dawr_config *cfg);
const dawr_outcome *dawr_config_outcome(const dawr_config *cfg, int index);
const dawr_outcome *dawr_config_find_outcome(const dawr_config *cfg, const char *id);

/* Look-ups by id; NULL when there is none. */
const dawr_service *dawr_config_find_service(const dawr_config *cfg, const char *id);
/* WCAG 2 contrast ratio (1..21) of white words on the colour RGB (0xRRGGBB). */
double dawr_config_white_contrast(uint32_t rgb);
const dawr_counter *dawr_config_find_counter(const dawr_config *cfg, const char *id);

/* Whether COUNTER serves the service SERVICE_ID. */
int dawr_counter_serves(const dawr_counter *counter, const char *service_id);

/* Splits "ADDR:PORT" (ADDR a dotted IPv4 address, PORT 0..65535) into HOST (at least 16
 * bytes) and PORT. Returns 0, or -1 when TEXT is not of that form. */
int dawr_config_parse_listen(const char *text, char *host, size_t host_size, int *port);

/* The configuration file used when none is named: $DAWR_CONFIG, /etc/dawr/dawr.conf if
 * present, else the default in the assets folder. Returns a static string. */
const char *dawr_config_default_path(void);

#endif
