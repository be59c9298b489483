/* The reception's configuration: one INI file (parsed by inih), checked whole before use.
 * A bad file is refused with "file:line: what is wrong"; nothing starts half-configured. */
#ifndef DAWR_CONFIG_H
#define DAWR_CONFIG_H

#include <stddef.h>

#define DAWR_MAX_SERVICES 26           /* one per prefix letter A..Z */
#define DAWR_MAX_COUNTERS 64
#define DAWR_MAX_DOCUMENTS 16
#define DAWR_MAX_REASONS 16

/* A visit reason. Strings are owned by the configuration. */
typedef struct {
    const char *id;                    /* used by scripts: new_request, follow_up, ... */
    char prefix;                       /* ticket letter, 'A'..'Z' */
    const char *name_ar, *name_en;
    const char *icon;                  /* image name under assets/, may be "" */
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
    int noshow_recalls;                /* recalls needed before a no-show is allowed */
    int noshow_grace_seconds;          /* and never sooner than this after the first call */
    int open_counter_minutes;          /* a counter that called within this is "open" */
    const char *rating_reasons[DAWR_MAX_REASONS]; /* tags a low rating may carry */
    int rating_reason_count;
} dawr_settings;

/* The touchscreen kiosk ([kiosk]). Sizes on screen are measured in millimetres of the real
 * panel, so a button is 20 mm wide on any resolution. */
typedef struct {
    int screen_width_mm, screen_height_mm; /* the visible panel, as mounted (either orientation) */
    int idle_seconds;                  /* an untouched screen returns home after this (>= 60) */
    int ticket_seconds;                /* the ticket stays this long unless tapped away */
    int double_tap_ms;                 /* a second tap sooner than this is a tremor, ignored */
} dawr_kiosk_settings;
/* The waiting-room screen ([display]). Strings are owned by the configuration. */
#define DAWR_MAX_ANNOUNCEMENTS 8
typedef struct {
    int width_mm, height_mm;           /* the TV's picture, for physical text sizes */
    int speak_english;                 /* announce calls in English too, after Arabic */
    const char *logo;                  /* PNG under assets/, may be "" */
    const char *announcements_ar[DAWR_MAX_ANNOUNCEMENTS], *announcements_en[DAWR_MAX_ANNOUNCEMENTS];
    int announcement_ar_count, announcement_en_count;
} dawr_display_settings;

typedef struct dawr_config dawr_config;

/* Reads and checks PATH. Returns a configuration (free with dawr_config_free) or NULL,
 * with the reason ("file:line: ...") written to ERR (ERR_SIZE bytes). */
dawr_config *dawr_config_load(const char *path, char *err, size_t err_size);
void dawr_config_free(dawr_config *cfg);

const dawr_settings *dawr_config_settings(const dawr_config *cfg);
const dawr_kiosk_settings *dawr_config_kiosk(const dawr_config *cfg);
const dawr_display_settings *dawr_config_display(const dawr_config *cfg);
int dawr_config_service_count(const dawr_config *cfg);
const dawr_service *dawr_config_service(const dawr_config *cfg, int index);
int dawr_config_counter_count(const dawr_config *cfg);
const dawr_counter *dawr_config_counter(const dawr_config *cfg, int index);

/* Look-ups by id; NULL when there is none. */
const dawr_service *dawr_config_find_service(const dawr_config *cfg, const char *id);
const dawr_service *dawr_config_find_prefix(const dawr_config *cfg, char prefix);
const dawr_counter *dawr_config_find_counter(const dawr_config *cfg, const char *id);

/* Whether COUNTER serves the service SERVICE_ID. */
int dawr_counter_serves(const dawr_counter *counter, const char *service_id);

/* The configuration file used when none is named: $DAWR_CONFIG, /etc/dawr/dawr.conf if
 * present, else the default in the assets folder. Returns a static string. */
const char *dawr_config_default_path(void);

#endif
