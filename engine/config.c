/* Configuration: inih reads the lines, this file checks every key and value, then the
 * whole (prefixes unique, counters serve known services) before anything may start. */
#include "config.h"
#include "hijri.h"
#include "app.h"

#include <ctype.h>
#include <errno.h>
#include <arpa/inet.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The largest configuration read: far above any reception's, small enough that a runaway file
 * is refused with its line instead of filling memory. */
#define MAX_CONFIG_BYTES (256 * 1024)

struct dawr_config {
    dawr_settings settings;
    dawr_printer_settings printer;
    dawr_kiosk_settings kiosk;
    dawr_display_settings display;
    dawr_association_settings association;
    dawr_branch_settings branch;
    dawr_hours_settings hours;
    dawr_service services[DAWR_MAX_SERVICES];
    int service_count;
    dawr_counter counters[DAWR_MAX_COUNTERS];
    int counter_count;
    dawr_outcome outcomes[DAWR_MAX_OUTCOMES];
    int outcome_count;
    dawr_applications_settings applications;
    char **strings;                    /* every string handed out, freed together */
    int string_count, string_cap;
    size_t last_len, last_cap;         /* of strings[string_count - 1], so a text grows in place */
};

/* State of one parse: inih calls our reader once per line, so it knows the line number. */
typedef struct parser {
    dawr_config *cfg;
    const char *path;
    FILE *file;
    int line;
    int header_line;                   /* line of the latest [section] header */
    int long_line;                     /* first line longer than inih's buffer, or 0 */
    int section_line;
    char section[128];
    int (*on_section_key)(struct parser *p, const char *name, const char *value); /* NULL before a section */
    int settings_line[12];             /* where each of SETTINGS_SECTIONS began, 0 = not yet */
    int spans_line[8];                 /* where each weekday's spans (0..6) and ramadan's (7) were set */
    int pause_line;                    /* where pause_minutes was set */
    /* [applications]' lists naming steps, services and an outcome, checked once all is read. */
    struct app_list { const char *words[DAWR_MAX_STEPS + DAWR_MAX_SERVICES]; int count, line; }
        decisions, closing, open_services, open_outcome, follow_services, appointment_services;
    int steps_given;                   /* a step key was read: the default steps are gone */
    size_t bytes;                      /* read so far, against MAX_CONFIG_BYTES */
    int continued;                     /* the line just read is indented: it continues a value */
    struct seen_key { char name[64]; int line; } *seen;  /* keys of the current section */
    int seen_count, seen_cap;
    char *err;
    size_t err_size;
    int failed;
} parser;

static int fail(parser *p, int line, const char *fmt, ...)
{
    if (p->failed) return 0;
    p->failed = 1;
    int n = snprintf(p->err, p->err_size, "%s:%d: ", p->path, line);
    if (n < 0 || (size_t)n >= p->err_size) return 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err + n, p->err_size - n, fmt, ap);
    va_end(ap);
    return 0;
}

/* Keeps a copy of S until the configuration is freed. NULL when out of memory. */
static const char *keep(dawr_config *cfg, const char *s)
{
    if (cfg->string_count == cfg->string_cap) {
        int cap = cfg->string_cap ? cfg->string_cap * 2 : 64;
        char **grown = realloc(cfg->strings, (size_t)cap * sizeof *grown);
        if (!grown) return NULL;
        cfg->strings = grown;
        cfg->string_cap = cap;
    }
    char *copy = strdup(s);
    if (!copy) return NULL;
    cfg->strings[cfg->string_count++] = copy;
    cfg->last_len = strlen(copy);
    cfg->last_cap = cfg->last_len + 1;
    return copy;
}

/* Appends a continuation line (inih's multi-line values) to a text value, joined by a space.
 * The text being continued is the newest kept string, grown by doubling: linear in its length. */
static const char *keep_appended(dawr_config *cfg, const char *old, const char *more)
{
    if (!old || !*old) return keep(cfg, more);
    size_t add = strlen(more);
    if (!cfg->string_count || old != cfg->strings[cfg->string_count - 1]) {
        if (!(old = keep(cfg, old))) return NULL;
    }
    size_t need = cfg->last_len + 1 + add + 1;
    char *text = cfg->strings[cfg->string_count - 1];
    if (need > cfg->last_cap) {
        size_t cap = cfg->last_cap * 2 > need ? cfg->last_cap * 2 : need;
        if (!(text = realloc(text, cap))) return NULL;
        cfg->strings[cfg->string_count - 1] = text;
        cfg->last_cap = cap;
    }
    text[cfg->last_len] = ' ';
    memcpy(text + cfg->last_len + 1, more, add + 1);
    cfg->last_len += 1 + add;
    return text;
}

/* Whether NAME may be given more than once in a section: each one adds to a list. */
static int is_list_key(const char *name)
{
    return !strcmp(name, "document_ar") || !strcmp(name, "document_en") || !strcmp(name, "announcement_ar") ||
           !strcmp(name, "announcement_en") || !strcmp(name, "closed") || !strcmp(name, "closed_hijri") ||
           !strcmp(name, "step");
}

/* Whether NAME's value may continue on indented lines: a service's texts (joined with spaces). */
static int is_text_key(const parser *p, const char *name)
{
    return (!strncmp(p->section, "service ", 8) &&
            (!strcmp(name, "name_ar") || !strcmp(name, "name_en") ||
             !strcmp(name, "notice_ar") || !strcmp(name, "notice_en"))) ||
           (!strcmp(p->section, "central") && !strcmp(name, "connection"));
}

/* Refuses a key given twice in one section (a continuation line is not a second time), and a
 * continuation line after a value that is not a text. */
static int note_key(parser *p, const char *name)
{
    if (p->continued && !is_text_key(p, name))
        return fail(p, p->line, "an indented line continues only a service's name or notice, or [central] connection, not \"%s\"", name);
    if (p->continued || is_list_key(name)) return 1;
    for (int i = 0; i < p->seen_count; i++)
        if (!strcmp(p->seen[i].name, name))
            return fail(p, p->line, "\"%s\" is given twice in [%s] (first on line %d)", name, p->section, p->seen[i].line);
    if (p->seen_count == p->seen_cap) {
        int cap = p->seen_cap ? p->seen_cap * 2 : 16;
        struct seen_key *grown = realloc(p->seen, (size_t)cap * sizeof *grown);
        if (!grown) return fail(p, p->line, "out of memory");
        p->seen = grown;
        p->seen_cap = cap;
    }
    snprintf(p->seen[p->seen_count].name, sizeof p->seen[0].name, "%s", name);
    p->seen[p->seen_count++].line = p->line;
    return 1;
}

static char *read_line(char *buf, int size, void *stream)
{
    parser *p = stream;
    if (p->failed || !fgets(buf, size, p->file)) return NULL;
    p->line++;
    p->bytes += strlen(buf);
    if (p->bytes > MAX_CONFIG_BYTES) {
        fail(p, p->line, "the configuration is larger than %d KiB; is this the right file?", MAX_CONFIG_BYTES / 1024);
        return NULL;
    }
    p->continued = (buf[0] == ' ' || buf[0] == '\t') && buf[strspn(buf, " \t\r\n")] != 0;
    if (buf[strspn(buf, " \t")] == '[') p->header_line = p->line;
    size_t len = strlen(buf);
    if (len == (size_t)size - 1 && buf[len - 1] != '\n' && !feof(p->file)) {
        if (!p->long_line) p->long_line = p->line;
        int c;                         /* skip the rest so later line numbers stay right */
        while ((c = fgetc(p->file)) != EOF && c != '\n') {}
    }
    return buf;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

static int valid_id(const char *s, int allow_upper)
{
    if (!*s || strlen(s) > 32) return 0;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_' ||
              (allow_upper && (isupper((unsigned char)*s) || *s == '-'))))
            return 0;
    return 1;
}

/* Splits a space-separated list into kept strings. Returns the count or -1 when over MAX. */
static int split_words(dawr_config *cfg, const char *value, const char **out, int max)
{
    int n = 0;
    const char *s = value;
    while (*s) {
        while (*s == ' ' || *s == '\t' || *s == ',') s++;
        if (!*s) break;
        const char *start = s;
        while (*s && *s != ' ' && *s != '\t' && *s != ',') s++;
        if (n == max) return -1;
        char word[64];
        size_t len = (size_t)(s - start) < sizeof word - 1 ? (size_t)(s - start) : sizeof word - 1;
        memcpy(word, start, len);
        word[len] = 0;
        out[n++] = keep(cfg, word);
    }
    return n;
}

static int set_int(parser *p, const char *name, const char *value, int lo, int hi, int *out)
{
    if (parse_int(value, lo, hi, out) < 0)
        return fail(p, p->line, "%s must be a whole number from %d to %d, not \"%s\"", name, lo, hi, value);
    return 1;
}

static int timezone_exists(const char *tz)
{
    if (!*tz || tz[0] == '/' || strstr(tz, "..")) return 0;
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
    return access(path, R_OK) == 0;
}

static int on_dawr_key(parser *p, const char *name, const char *value)
{
    dawr_settings *s = &p->cfg->settings;
    if (!strcmp(name, "timezone")) {
        if (!timezone_exists(value))
            return fail(p, p->line, "timezone \"%s\" is not a known time zone (for example Asia/Riyadh)", value);
        s->timezone = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "language")) {
        if (strcmp(value, "ar") && strcmp(value, "en"))
            return fail(p, p->line, "language must be ar or en, not \"%s\"", value);
        s->language = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "priority_ratio")) return set_int(p, name, value, 1, 20, &s->priority_ratio);
    if (!strcmp(name, "appointment_ratio")) return set_int(p, name, value, 1, 20, &s->appointment_ratio);
    if (!strcmp(name, "noshow_recalls")) return set_int(p, name, value, 0, 10, &s->noshow_recalls);
    if (!strcmp(name, "noshow_grace_minutes")) {
        int minutes;
        if (!set_int(p, name, value, 0, 120, &minutes)) return 0;
        s->noshow_grace_seconds = minutes * 60;
        return 1;
    }
    if (!strcmp(name, "open_counter_minutes")) return set_int(p, name, value, 1, 24 * 60, &s->open_counter_minutes);
    if (!strcmp(name, "rating_days")) return set_int(p, name, value, 0, 90, &s->rating_days);
    if (!strcmp(name, "help_answer_seconds")) return set_int(p, name, value, 10, 3600, &s->help_answer_seconds);
    if (!strcmp(name, "rating_reasons")) {
        int n = split_words(p->cfg, value, s->rating_reasons, DAWR_MAX_REASONS);
        if (n < 0) return fail(p, p->line, "rating_reasons lists more than %d reasons", DAWR_MAX_REASONS);
        for (int i = 0; i < n; i++)
            if (!valid_id(s->rating_reasons[i], 0))
                return fail(p, p->line, "rating reason \"%s\" must be lower-case letters, digits or _", s->rating_reasons[i]);
        s->rating_reason_count = n;
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [dawr]", name);
}

static int valid_queue_name(const char *s)
{
    if (!*s || strlen(s) > 127) return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '-' || *s == '.')) return 0;
    return 1;
}

static int on_printer_key(parser *p, const char *name, const char *value)
{
    dawr_printer_settings *pr = &p->cfg->printer;
    if (!strcmp(name, "format")) {
        if (strcmp(value, "raster") && strcmp(value, "raw") && strcmp(value, "ipp") && strcmp(value, "preview"))
            return fail(p, p->line, "format must be raster, raw, ipp or preview, not \"%s\"", value);
        pr->format = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "queue")) {
        if (!valid_queue_name(value))
            return fail(p, p->line, "queue \"%s\" must be a CUPS queue name: letters, digits, _, - or .", value);
        pr->queue = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "uri")) {
        if (strncmp(value, "ipp://", 6) && strncmp(value, "ipps://", 7))
            return fail(p, p->line, "uri must start with ipp:// or ipps://, not \"%s\"", value);
        pr->uri = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "server")) { pr->server = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "preview_dir")) { pr->preview_dir = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "language")) {
        if (strcmp(value, "ar") && strcmp(value, "en"))
            return fail(p, p->line, "language must be ar or en, not \"%s\"", value);
        pr->language = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "width_mm")) {
        int mm;
        if (parse_int(value, 0, 1000, &mm) < 0 || (mm != 58 && mm != 80))
            return fail(p, p->line, "width_mm must be 58 or 80 (the paper roll), not \"%s\"", value);
        pr->width_mm = mm;
        pr->width_dots = 0;
        return 1;
    }
    if (!strcmp(name, "width_dots")) {
        int dots;
        if (parse_int(value, 128, 2048, &dots) < 0 || dots % 8)
            return fail(p, p->line, "width_dots must be a multiple of 8 from 128 to 2048, not \"%s\"", value);
        pr->width_dots = dots;
        pr->width_mm = 0;
        return 1;
    }
    if (!strcmp(name, "dpi")) return set_int(p, name, value, 100, 600, &pr->dpi);
    return fail(p, p->line, "unknown key \"%s\" in [printer]", name);
}

int dawr_config_parse_listen(const char *text, char *host, size_t host_size, int *port)
{
    const char *colon = strrchr(text, ':');
    if (!colon || colon == text || (size_t)(colon - text) >= host_size || (size_t)(colon - text) > 15) return -1;
    memcpy(host, text, colon - text);
    host[colon - text] = 0;
    struct in_addr addr;
    if (inet_pton(AF_INET, host, &addr) != 1) return -1;
    return parse_int(colon + 1, 0, 65535, port);
}

static int on_console_key(parser *p, const char *name, const char *value)
{
    dawr_settings *s = &p->cfg->settings;
    if (!strcmp(name, "listen")) {
        char host[16];
        int port;
        if (dawr_config_parse_listen(value, host, sizeof host, &port) != 0)
            return fail(p, p->line, "listen must be an IPv4 address and a port, like 0.0.0.0:8080, not \"%s\"", value);
        s->console_listen = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "session_minutes")) return set_int(p, name, value, 1, 24 * 60, &s->session_minutes);
    if (!strcmp(name, "pin_attempts")) return set_int(p, name, value, 1, 20, &s->pin_attempts);
    if (!strcmp(name, "lockout_minutes")) return set_int(p, name, value, 1, 24 * 60, &s->lockout_minutes);
    if (!strcmp(name, "pin_failures_per_hour")) return set_int(p, name, value, 1, 1000, &s->pin_failures_per_hour);
    if (!strcmp(name, "pin_min_length")) return set_int(p, name, value, 4, 12, &s->pin_min_length);
    return fail(p, p->line, "unknown key \"%s\" in [console]", name);
}

static int on_reports_key(parser *p, const char *name, const char *value)
{
    dawr_settings *s = &p->cfg->settings;
    if (!strcmp(name, "show_counters")) {
        if (!strcmp(value, "yes")) s->report_show_counters = 1;
        else if (!strcmp(value, "no")) s->report_show_counters = 0;
        else return fail(p, p->line, "show_counters must be yes or no, not \"%s\"", value);
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [reports]", name);
}

/* [outcomes]: "id = Arabic name | English name"; the section replaces the default list. */
static int on_outcomes_key(parser *p, const char *name, const char *value)
{
    dawr_config *cfg = p->cfg;
    if (p->seen_count == 1) cfg->outcome_count = 0;   /* the section's first key */
    if (!valid_id(name, 0)) return fail(p, p->line, "outcome id \"%s\" must be lower-case letters, digits or _", name);
    const char *bar = strchr(value, '|');
    if (!bar) return fail(p, p->line, "outcome %s must be \"Arabic name | English name\", not \"%s\"", name, value);
    char ar[256], en[256];
    snprintf(ar, sizeof ar, "%.*s", (int)(bar - value), value);
    snprintf(en, sizeof en, "%s", bar + 1);
    for (char *t = ar + strlen(ar); t > ar && t[-1] == ' '; ) *--t = 0;
    const char *e = en;
    while (*e == ' ') e++;
    if (!*ar || !*e) return fail(p, p->line, "outcome %s needs both an Arabic and an English name", name);
    if (cfg->outcome_count == DAWR_MAX_OUTCOMES) return fail(p, p->line, "[outcomes] lists more than %d outcomes", DAWR_MAX_OUTCOMES);
    cfg->outcomes[cfg->outcome_count++] = (dawr_outcome){ keep(cfg, name), keep(cfg, ar), keep(cfg, e) };
    return 1;
}

static int on_kiosk_key(parser *p, const char *name, const char *value)
{
    dawr_kiosk_settings *k = &p->cfg->kiosk;
    if (!strcmp(name, "screen_width_mm")) return set_int(p, name, value, 100, 3000, &k->screen_width_mm);
    if (!strcmp(name, "screen_height_mm")) return set_int(p, name, value, 100, 3000, &k->screen_height_mm);
    /* Decision screens never hurry a visitor: less than a minute is refused. */
    if (!strcmp(name, "idle_seconds")) return set_int(p, name, value, 60, 3600, &k->idle_seconds);
    if (!strcmp(name, "ticket_seconds")) return set_int(p, name, value, 15, 600, &k->ticket_seconds);
    if (!strcmp(name, "double_tap_ms")) return set_int(p, name, value, 100, 3000, &k->double_tap_ms);
    if (!strcmp(name, "speech_volume_db")) return set_int(p, name, value, -24, 0, &k->speech_volume_db);
    if (!strcmp(name, "self_priority")) {
        if (strcmp(value, "yes") && strcmp(value, "no"))
            return fail(p, p->line, "self_priority must be yes or no, not \"%s\"", value);
        k->self_priority = !strcmp(value, "yes");
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [kiosk]", name);
}

/* A service's pictogram: a plain name (no path) of an SVG file in assets/icons/ that is there. */
static int set_icon(parser *p, dawr_service *sv, const char *value)
{
    if (!*value) { sv->icon = ""; return 1; }
    if (strspn(value, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(value) || strlen(value) > 64)
        return fail(p, p->line, "icon of service \"%s\" must be a name of lower-case letters, digits and '-' (a file "
                                "assets/icons/NAME.svg), not \"%s\"", sv->id, value);
    char file[128], path[1024];
    snprintf(file, sizeof file, "icons/%s.svg", value);
    if (access(dawr_asset_path(file, path, sizeof path), R_OK) != 0)
        return fail(p, p->line, "icon of service \"%s\": there is no icon file %s", sv->id, path);
    sv->icon = keep(p->cfg, value);
    return sv->icon ? 1 : fail(p, p->line, "out of memory");
}

/* WCAG 2 relative luminance of one 0..255 channel. */
static double channel_luminance(unsigned v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* WCAG 2 contrast of white words on the fill RGB (0xRRGGBB). */
double dawr_config_white_contrast(uint32_t rgb)
{
    double l = 0.2126 * channel_luminance(rgb >> 16 & 255) + 0.7152 * channel_luminance(rgb >> 8 & 255) +
               0.0722 * channel_luminance(rgb & 255);
    return 1.05 / (l + 0.05);
}

/* A service's tile colour, #RRGGBB, dark enough for its white words at 7:1 (WCAG 2 AAA). */
static int set_colour(parser *p, dawr_service *sv, const char *value)
{
    if (value[0] != '#' || strlen(value) != 7 || strspn(value + 1, "0123456789abcdefABCDEF") != 6)
        return fail(p, p->line, "colour of service \"%s\" must be #RRGGBB (six hexadecimal digits), not \"%s\"", sv->id,
                    value);
    uint32_t rgb = (uint32_t)strtoul(value + 1, NULL, 16);
    double contrast = dawr_config_white_contrast(rgb);
    if (contrast < 7.0)
        return fail(p, p->line, "colour %s of service \"%s\" is too light: white words on it have a contrast of %.1f:1, "
                                "7:1 is the least (choose a darker colour)", value, sv->id, contrast);
    sv->colour = rgb;
    return 1;
}

static int on_service_key(parser *p, const char *name, const char *value)
{
    dawr_config *cfg = p->cfg;
    dawr_service *sv = &cfg->services[cfg->service_count - 1];
    if (!strcmp(name, "prefix")) {
        if (strlen(value) != 1 || value[0] < 'A' || value[0] > 'Z')
            return fail(p, p->line, "prefix of service \"%s\" must be one capital letter A-Z, not \"%s\"", sv->id, value);
        sv->prefix = value[0];
        return 1;
    }
    if (!strcmp(name, "expected_minutes")) return set_int(p, name, value, 1, 240, &sv->expected_minutes);
    if (!strcmp(name, "icon")) return set_icon(p, sv, value);
    if (!strcmp(name, "colour")) return set_colour(p, sv, value);
    const char **text = !strcmp(name, "name_ar") ? &sv->name_ar : !strcmp(name, "name_en") ? &sv->name_en
                      : !strcmp(name, "notice_ar") ? &sv->notice_ar
                      : !strcmp(name, "notice_en") ? &sv->notice_en : NULL;
    if (text) {                        /* a repeated key continues the text (inih multi-line) */
        *text = keep_appended(cfg, **text ? *text : "", value);
        return 1;
    }
    int ar = !strcmp(name, "document_ar"), en = !strcmp(name, "document_en");
    if (ar || en) {
        const char **list = ar ? sv->documents_ar : sv->documents_en;
        int i = 0;
        while (i < DAWR_MAX_DOCUMENTS && list[i]) i++;
        if (i == DAWR_MAX_DOCUMENTS)
            return fail(p, p->line, "service \"%s\" lists more than %d documents", sv->id, DAWR_MAX_DOCUMENTS);
        list[i] = keep(cfg, value);
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [service %s]", name, sv->id);
}

static int on_counter_key(parser *p, const char *name, const char *value)
{
    dawr_counter *c = &p->cfg->counters[p->cfg->counter_count - 1];
    if (!strcmp(name, "name_ar")) { c->name_ar = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "name_en")) { c->name_en = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "services")) {
        int n = split_words(p->cfg, value, c->services, DAWR_MAX_SERVICES);
        if (n < 0) return fail(p, p->line, "counter \"%s\" lists more than %d services", c->id, DAWR_MAX_SERVICES);
        c->service_count = n;
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [counter %s]", name, c->id);
}

static int on_display_key(parser *p, const char *name, const char *value)
{
    dawr_display_settings *d = &p->cfg->display;
    if (!strcmp(name, "width_mm")) return set_int(p, name, value, 200, 5000, &d->width_mm);
    if (!strcmp(name, "height_mm")) return set_int(p, name, value, 200, 5000, &d->height_mm);
    if (!strcmp(name, "speak_english")) {
        if (strcmp(value, "yes") && strcmp(value, "no"))
            return fail(p, p->line, "speak_english must be yes or no, not \"%s\"", value);
        d->speak_english = !strcmp(value, "yes");
        return 1;
    }
    if (!strcmp(name, "logo")) { d->logo = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "source")) {
        /* Only plain http: the console has no TLS, and a typo should stop the start, not the screen. */
        size_t n = strlen(value);
        if (n && (strncmp(value, "http://", 7) || n == 7 || n > 200 || strpbrk(value, " ?#\"\\")))
            return fail(p, p->line, "source must be empty (the local database) or the console's address "
                        "http://HOST:PORT, not \"%s\"", value);
        d->source = keep(p->cfg, value);
        return 1;
    }
    int ar = !strcmp(name, "announcement_ar"), en = !strcmp(name, "announcement_en");
    if (ar || en) {
        int *n = ar ? &d->announcement_ar_count : &d->announcement_en_count;
        if (*n == DAWR_MAX_ANNOUNCEMENTS)
            return fail(p, p->line, "[display] lists more than %d announcements in %s", DAWR_MAX_ANNOUNCEMENTS,
                        ar ? "Arabic" : "English");
        (ar ? d->announcements_ar : d->announcements_en)[(*n)++] = keep(p->cfg, value);
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [display]", name);
}

static int on_association_key(parser *p, const char *name, const char *value)
{
    dawr_association_settings *a = &p->cfg->association;
    if (!strcmp(name, "name_ar")) { a->name_ar = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "name_en")) { a->name_en = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "website")) { a->website = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "whatsapp")) {
        int n = split_words(p->cfg, value, a->whatsapp, DAWR_MAX_PHONES);
        if (n < 0) return fail(p, p->line, "whatsapp lists more than %d numbers", DAWR_MAX_PHONES);
        for (int i = 0; i < n; i++) {
            const char *d = a->whatsapp[i] + (a->whatsapp[i][0] == '+');
            if (!*d || strspn(d, "0123456789") != strlen(d))
                return fail(p, p->line, "whatsapp number \"%s\" must be digits (Western, 0-9), with + first at most",
                            a->whatsapp[i]);
        }
        a->whatsapp_count = n;
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [association]", name);
}

static int on_branch_key(parser *p, const char *name, const char *value)
{
    dawr_branch_settings *b = &p->cfg->branch;
    if (!strcmp(name, "id")) {
        /* It names the branch's rows at the centre and its database role: plain and short. */
        size_t n = strlen(value);
        if (!n || n > 32 || strspn(value, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != n)
            return fail(p, p->line, "id must be 1 to 32 letters, digits or '-', not \"%s\"", value);
        b->id = keep(p->cfg, value);
        return 1;
    }
    if (!strcmp(name, "name_ar")) { b->name_ar = keep(p->cfg, value); return 1; }
    if (!strcmp(name, "name_en")) { b->name_en = keep(p->cfg, value); return 1; }
    return fail(p, p->line, "unknown key \"%s\" in [branch]", name);
}

static int on_central_key(parser *p, const char *name, const char *value)
{
    if (!strcmp(name, "connection")) {
        /* dawr.conf is world-readable: the secret belongs in a file only the sender reads. */
        dawr_branch_settings *b = &p->cfg->branch;
        b->central = keep_appended(p->cfg, *b->central ? b->central : "", value);   /* may go on over lines */
        if (b->central && strstr(b->central, "password"))
            return fail(p, p->line, "connection must not hold a password: put it in a passfile "
                        "(passfile=/etc/dawr/central.pgpass, mode 0600) or a service file");
        return 1;
    }
    return fail(p, p->line, "unknown key \"%s\" in [central]", name);
}

/* A list key of [applications] kept as words with its line, for check_applications. */
static int keep_app_list(parser *p, struct app_list *list, const char *name, const char *value, int max)
{
    int n = split_words(p->cfg, value, list->words, max);
    if (n < 0) return fail(p, p->line, "%s lists more than %d names", name, max);
    list->count = n;
    list->line = p->line;
    return 1;
}

/* The services LIST names (its KEY; absent: DEFAULT_ID when configured) into OUT and *COUNT;
 * 1, or 0 with the reason said when it names an unknown one. */
static int services_of(parser *p, const struct app_list *list, const char *key, const char *default_id,
                       const char **out, int *count)
{
    *count = 0;
    if (!list->line) {
        const dawr_service *sv = dawr_config_find_service(p->cfg, default_id);
        if (sv) out[(*count)++] = sv->id;
        return 1;
    }
    for (int w = 0; w < list->count; w++) {
        const dawr_service *sv = dawr_config_find_service(p->cfg, list->words[w]);
        if (!sv) return fail(p, list->line, "%s names unknown service \"%s\"", key, list->words[w]);
        out[(*count)++] = sv->id;
    }
    return 1;
}

/* [applications]: "step = id | Arabic name | English name" (repeated, in order; the first step
 * given replaces the default steps), the lists naming steps, and the days. */
static int on_applications_key(parser *p, const char *name, const char *value)
{
    dawr_applications_settings *a = &p->cfg->applications;
    if (!strcmp(name, "committee_days")) return set_int(p, name, value, 1, 365, &a->committee_days);
    if (!strcmp(name, "contact_days")) return set_int(p, name, value, 0, 365, &a->contact_days);
    if (!strcmp(name, "answer_target_days")) return set_int(p, name, value, 1, 365, &a->answer_target_days);
    if (!strcmp(name, "appointment_early_minutes"))
        return set_int(p, name, value, 0, 600, &a->appointment_early_minutes);
    if (!strcmp(name, "appointment_late_minutes")) return set_int(p, name, value, 0, 240, &a->appointment_late_minutes);
    if (!strcmp(name, "decisions")) return keep_app_list(p, &p->decisions, name, value, DAWR_MAX_STEPS);
    if (!strcmp(name, "closing")) return keep_app_list(p, &p->closing, name, value, DAWR_MAX_STEPS);
    if (!strcmp(name, "open_services")) return keep_app_list(p, &p->open_services, name, value, DAWR_MAX_SERVICES);
    if (!strcmp(name, "open_outcome")) return keep_app_list(p, &p->open_outcome, name, value, 1);
    if (!strcmp(name, "follow_services")) return keep_app_list(p, &p->follow_services, name, value, DAWR_MAX_SERVICES);
    if (!strcmp(name, "appointment_services"))
        return keep_app_list(p, &p->appointment_services, name, value, DAWR_MAX_SERVICES);
    if (strcmp(name, "step")) return fail(p, p->line, "unknown key \"%s\" in [applications]", name);
    if (!p->steps_given) {                     /* the section's first step replaces the defaults */
        a->step_count = 0;
        p->steps_given = 1;
    }
    char id[64], ar[256], en[256];
    const char *bar1 = strchr(value, '|'), *bar2 = bar1 ? strchr(bar1 + 1, '|') : NULL;
    if (!bar2) return fail(p, p->line, "step must be \"id | Arabic name | English name\", not \"%s\"", value);
    snprintf(id, sizeof id, "%.*s", (int)(bar1 - value < 63 ? bar1 - value : 63), value);
    snprintf(ar, sizeof ar, "%.*s", (int)(bar2 - bar1 - 1 < 255 ? bar2 - bar1 - 1 : 255), bar1 + 1);
    snprintf(en, sizeof en, "%s", bar2 + 1);
    char *parts[3] = { id, ar, en };
    for (int i = 0; i < 3; i++) {              /* trim the spaces around each part */
        char *t = parts[i] + strlen(parts[i]);
        while (t > parts[i] && t[-1] == ' ') *--t = 0;
        memmove(parts[i], parts[i] + strspn(parts[i], " "), strlen(parts[i] + strspn(parts[i], " ")) + 1);
    }
    if (!valid_id(id, 0)) return fail(p, p->line, "step id \"%s\" must be lower-case letters, digits or _", id);
    if (!*ar || !*en) return fail(p, p->line, "step %s needs both an Arabic and an English name", id);
    for (int i = 0; i < a->step_count; i++)
        if (!strcmp(a->steps[i].id, id)) return fail(p, p->line, "step %s is given twice", id);
    if (a->step_count == DAWR_MAX_STEPS) return fail(p, p->line, "[applications] lists more than %d steps", DAWR_MAX_STEPS);
    a->steps[a->step_count++] = (dawr_step){ keep(p->cfg, id), keep(p->cfg, ar), keep(p->cfg, en), 0, 0 };
    return 1;
}

static const char *const WEEKDAYS[7] = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };

/* "HH:MM" (00:00..23:59) at S into minutes; the characters read into *USED. -1 when it is not. */
static int parse_clock(const char *s, int *minutes, int *used)
{
    int h, m, n = 0;
    if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 || h < 0 || h > 23 || m < 0 || m > 59) return -1;
    *minutes = h * 60 + m;
    *used = n;
    return 0;
}

static int span_cmp(const void *a, const void *b)
{
    return ((const dawr_span *)a)->from - ((const dawr_span *)b)->from;
}

/* "closed", or spans "08:00-12:00 16:00-18:00" (spaces or commas between) for WHAT. */
static int parse_spans(parser *p, const char *what, const char *value, dawr_day_spans *out)
{
    dawr_day_spans d = { .count = 0 };
    if (!strcmp(value, "closed")) { *out = d; return 1; }
    const char *s = value;
    for (;;) {
        while (*s == ' ' || *s == ',' || *s == '\t') s++;
        if (!*s) break;
        int from, to, n1, n2;
        /* A span may end at 24:00, the day's end: open until midnight. */
        int day_end = strlen(s) >= 11 && !strncmp(s + 5, "-24:00", 6) && (!s[11] || strchr(" ,\t", s[11]));
        if (day_end && parse_clock(s, &from, &n1) == 0) { to = 24 * 60; n2 = 5; }
        else if (parse_clock(s, &from, &n1) < 0 || s[n1] != '-' || parse_clock(s + n1 + 1, &to, &n2) < 0 ||
            (s[n1 + 1 + n2] && !strchr(" ,\t", s[n1 + 1 + n2])))
            return fail(p, p->line, "%s must be \"closed\" or spans like 08:00-14:00 (24-hour, several "
                        "separated by spaces), not \"%s\"", what, value);
        if (to <= from)
            return fail(p, p->line, "the span %.11s on %s ends before it starts: a span may not go past midnight",
                        s, what);
        if (d.count == DAWR_MAX_SPANS) return fail(p, p->line, "%s has more than %d spans", what, DAWR_MAX_SPANS);
        d.spans[d.count++] = (dawr_span){ from, to };
        s += n1 + 1 + n2;
    }
    if (!d.count) return fail(p, p->line, "%s must be \"closed\" or spans like 08:00-14:00", what);
    qsort(d.spans, d.count, sizeof d.spans[0], span_cmp);
    for (int i = 1; i < d.count; i++)
        if (d.spans[i].from < d.spans[i - 1].to)
            return fail(p, p->line, "the spans %02d:%02d-%02d:%02d and %02d:%02d-%02d:%02d on %s overlap", d.spans[i - 1].from / 60,
                        d.spans[i - 1].from % 60, d.spans[i - 1].to / 60, d.spans[i - 1].to % 60, d.spans[i].from / 60,
                        d.spans[i].from % 60, d.spans[i].to / 60, d.spans[i].to % 60, what);
    *out = d;
    return 1;
}

/* "MM-DD[..MM-DD] name" into a closed-day rule. */
static int parse_closed(parser *p, const char *name, const char *value, int hijri)
{
    dawr_hours_settings *h = &p->cfg->hours;
    if (h->closed_count == DAWR_MAX_CLOSED) return fail(p, p->line, "[hours] lists more than %d closed days", DAWR_MAX_CLOSED);
    dawr_closed_days c = { .hijri = hijri, .line = p->line };
    int n = 0;
    if (sscanf(value, "%2d-%2d%n", &c.from_month, &c.from_day, &n) != 2 || n != 5) goto bad;
    c.to_month = c.from_month;
    c.to_day = c.from_day;
    if (!strncmp(value + n, "..", 2)) {
        int m = 0;
        if (sscanf(value + n + 2, "%2d-%2d%n", &c.to_month, &c.to_day, &m) != 2 || m != 5) goto bad;
        n += 2 + m;
    }
    if (value[n] && value[n] != ' ' && value[n] != '\t') goto bad;
    for (int i = 0; i < 2; i++) {
        int month = i ? c.to_month : c.from_month, day = i ? c.to_day : c.from_day;
        if (hijri && !dawr_hijri_month_day_exists(month, day))
            return fail(p, p->line, "%s: %02d-%02d is no Hijri date (months 1 to 12 have 29 or 30 days)", name, month, day);
        static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
        if (!hijri && (month < 1 || month > 12 || day < 1 || day > mdays[month - 1]))
            return fail(p, p->line, "%s: %02d-%02d is no Gregorian date", name, month, day);
    }
    while (value[n] == ' ' || value[n] == '\t') n++;
    c.name = keep(p->cfg, value + n);
    h->closed[h->closed_count++] = c;
    return 1;
bad:
    return fail(p, p->line, "%s must be a month-day like %s, or a range like %s, then its name; not \"%s\"", name,
                hijri ? "10-01" : "09-23", hijri ? "09-29..10-04" : "09-23..09-24", value);
}

static int parse_degrees(parser *p, const char *name, const char *value, double limit, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(value, &end);
    if (errno || end == value || *end || !isfinite(v) || fabs(v) > limit)
        return fail(p, p->line, "%s must be a number of degrees from -%g to %g (north and east positive), not \"%s\"",
                    name, limit, limit, value);
    *out = v;
    return 1;
}

static int on_hours_key(parser *p, const char *name, const char *value)
{
    dawr_hours_settings *h = &p->cfg->hours;
    for (int i = 0; i < 7; i++)
        if (!strcmp(name, WEEKDAYS[i])) {
            p->spans_line[i] = p->line;
            return parse_spans(p, name, value, &h->week[i]);
        }
    if (!strcmp(name, "ramadan")) {
        p->spans_line[7] = p->line;
        if (!strcmp(value, "closed")) return fail(p, p->line, "ramadan must be spans like 10:00-15:00; close days with closed_hijri");
        return parse_spans(p, name, value, &h->ramadan);
    }
    if (!strcmp(name, "last_ticket_minutes")) return set_int(p, name, value, 0, 240, &h->last_ticket_minutes);
    if (!strcmp(name, "closed")) return parse_closed(p, name, value, 0);
    if (!strcmp(name, "closed_hijri")) return parse_closed(p, name, value, 1);
    if (!strcmp(name, "pause_minutes")) {
        p->pause_line = p->line;
        return set_int(p, name, value, 1, 120, &h->pause_minutes);
    }
    if (!strcmp(name, "pause_prayers")) {
        const char *words[DAWR_PRAYER_COUNT + 1];
        int n = split_words(p->cfg, value, words, DAWR_PRAYER_COUNT + 1);
        h->pause_prayers = 0;
        if (n == 1 && !strcmp(words[0], "none")) return 1;
        for (int i = 0; i < n; i++) {
            dawr_prayer pr;
            if (dawr_prayer_parse(words[i], &pr) < 0 || pr == DAWR_PRAYER_SUNRISE) n = -1;
            else h->pause_prayers |= 1u << pr;
            if (n < 0) break;
        }
        if (n <= 0) return fail(p, p->line, "pause_prayers must be \"none\" or some of fajr dhuhr asr maghrib isha, not \"%s\"", value);
        return 1;
    }
    if (!strcmp(name, "latitude")) return parse_degrees(p, name, value, 90, &h->latitude);
    if (!strcmp(name, "longitude")) return parse_degrees(p, name, value, 180, &h->longitude);
    const char *under = strchr(name, '_');
    if (under) {
        char prayer_name[16];
        snprintf(prayer_name, sizeof prayer_name, "%.*s", (int)(under - name), name);
        dawr_prayer pr;
        if (dawr_prayer_parse(prayer_name, &pr) == 0 && pr != DAWR_PRAYER_SUNRISE) {
            if (!strcmp(under, "_offset")) return set_int(p, name, value, -60, 60, &h->offset_minutes[pr]);
            int used;
            if (!strcmp(under, "_at")) {
                if (parse_clock(value, &h->fixed_minutes[pr], &used) < 0 || value[used])
                    return fail(p, p->line, "%s must be a time like 12:15 (24-hour), not \"%s\"", name, value);
                return 1;
            }
        }
    }
    return fail(p, p->line, "unknown key \"%s\" in [hours]", name);
}

static int settings_section_line(const parser *p, const char *name);

/* The whole of [hours]: a pause and the last-ticket margin fit inside every span. */
static int check_hours(parser *p)
{
    dawr_hours_settings *h = &p->cfg->hours;
    for (int d = 0; d < 8; d++) {
        const dawr_day_spans *day = d < 7 ? &h->week[d] : &h->ramadan;
        const char *what = d < 7 ? WEEKDAYS[d] : "ramadan";
        int line = p->spans_line[d] ? p->spans_line[d] : settings_section_line(p, "hours");
        for (int i = 0; i < day->count; i++) {
            const dawr_span *s = &day->spans[i];
            int length = s->to - s->from;
            if (h->pause_prayers && h->pause_minutes >= length)
                return fail(p, p->pause_line ? p->pause_line : line,
                            "a pause of %d minutes is longer than the span %02d:%02d-%02d:%02d on %s (line %d)",
                            h->pause_minutes, s->from / 60, s->from % 60, s->to / 60, s->to % 60, what, line);
            if (h->last_ticket_minutes >= length)
                return fail(p, line, "the span %02d:%02d-%02d:%02d on %s is not longer than last_ticket_minutes (%d): "
                            "no ticket could be issued in it", s->from / 60, s->from % 60, s->to / 60, s->to % 60,
                            what, h->last_ticket_minutes);
        }
    }
    return 1;
}

/* The sections of settings, each with the function that takes its keys. */
static const struct {
    const char *name;
    int (*on_key)(parser *p, const char *name, const char *value);
} SETTINGS_SECTIONS[] = {
    { "dawr", on_dawr_key },
    { "printer", on_printer_key },
    { "kiosk", on_kiosk_key },
    { "console", on_console_key },
    { "display", on_display_key },
    { "reports", on_reports_key },
    { "association", on_association_key },
    { "branch", on_branch_key },
    { "central", on_central_key },
    { "hours", on_hours_key },
    { "outcomes", on_outcomes_key },
    { "applications", on_applications_key },
};
#define SETTINGS_SECTION_COUNT (sizeof SETTINGS_SECTIONS / sizeof SETTINGS_SECTIONS[0])
_Static_assert(SETTINGS_SECTION_COUNT <= sizeof ((parser *)0)->settings_line / sizeof(int), "parser.settings_line too small");

/* [applications] as a whole: its lists name its steps, known services and a known outcome. */
static int check_applications(parser *p)
{
    dawr_config *cfg = p->cfg;
    dawr_applications_settings *a = &cfg->applications;
    for (size_t i = 0; i < SETTINGS_SECTION_COUNT; i++)
        if (!strcmp(SETTINGS_SECTIONS[i].name, "applications")) a->line = p->settings_line[i];
    if (a->step_count < 2) return fail(p, a->line ? a->line : p->line, "[applications] needs at least two steps");
    struct { struct app_list *list; const char *key; int is_decision; } marks[] = {
        { &p->decisions, "decisions", 1 }, { &p->closing, "closing", 0 } };
    for (int m = 0; m < 2; m++) {
        if (!marks[m].list->line) continue;    /* absent: the default marks stay */
        for (int i = 0; i < a->step_count; i++) *(marks[m].is_decision ? &a->steps[i].decision : &a->steps[i].closes) = 0;
        for (int w = 0; w < marks[m].list->count; w++) {
            dawr_step *st = (dawr_step *)dawr_config_find_step(cfg, marks[m].list->words[w]);
            if (!st) return fail(p, marks[m].list->line, "%s names \"%s\", which is no step of [applications]",
                                 marks[m].key, marks[m].list->words[w]);
            *(marks[m].is_decision ? &st->decision : &st->closes) = 1;
        }
    }
    int closing = 0;
    for (int i = 0; i < a->step_count; i++) closing += a->steps[i].closes;
    if (a->steps[0].closes)
        return fail(p, p->closing.line ? p->closing.line : a->line, "the first step, %s, may not close an application: "
                    "a new one would be finished at once", a->steps[0].id);
    if (!closing)
        return fail(p, p->closing.line ? p->closing.line : a->line ? a->line : p->line,
                    "no step closes an application (closing = ...): no contact would ever be erased");
    if (p->open_outcome.line) {
        if (!p->open_outcome.count) return fail(p, p->open_outcome.line, "open_outcome has no value");
        a->open_outcome = p->open_outcome.words[0];
    }
    if (!dawr_config_find_outcome(cfg, a->open_outcome)) {
        if (p->open_outcome.line)
            return fail(p, p->open_outcome.line, "open_outcome \"%s\" is not one of [outcomes]", a->open_outcome);
        a->open_outcome = "";                  /* an [outcomes] without "registered": none opens by itself */
    }
    /* By default new support requests open applications, follow-ups ask for one, appointments for the slip. */
    return services_of(p, &p->open_services, "open_services", "new_request", a->open_services, &a->open_service_count) &&
           services_of(p, &p->follow_services, "follow_services", "follow_up", a->follow_services,
                       &a->follow_service_count) &&
           services_of(p, &p->appointment_services, "appointment_services", "appointment", a->appointment_services,
                       &a->appointment_service_count);
}

/* A new [section]: one of SETTINGS_SECTIONS, "service ID" or "counter ID". */
static int begin_section(parser *p, const char *section)
{
    dawr_config *cfg = p->cfg;
    snprintf(p->section, sizeof p->section, "%s", section);
    p->section_line = p->header_line;
    p->seen_count = 0;
    p->on_section_key = NULL;
    for (size_t i = 0; i < SETTINGS_SECTION_COUNT; i++)
        if (!strcmp(section, SETTINGS_SECTIONS[i].name)) {
            if (p->settings_line[i])
                return fail(p, p->header_line, "[%s] is given twice (first on line %d)", section, p->settings_line[i]);
            p->settings_line[i] = p->header_line;
            p->on_section_key = SETTINGS_SECTIONS[i].on_key;
            return 1;
        }
    int is_service = !strncmp(section, "service ", 8), is_counter = !strncmp(section, "counter ", 8);
    if (!is_service && !is_counter) {
        char known[256] = "";
        for (size_t i = 0; i < SETTINGS_SECTION_COUNT; i++) {
            size_t len = strlen(known);
            snprintf(known + len, sizeof known - len, "[%s], ", SETTINGS_SECTIONS[i].name);
        }
        return fail(p, p->header_line, "unknown section [%s] (expected %s[service ID] or [counter ID])", section, known);
    }
    const char *id = section + 8;
    while (*id == ' ') id++;
    if (is_service) {
        if (!valid_id(id, 0)) return fail(p, p->header_line, "service id \"%s\" must be lower-case letters, digits or _", id);
        const dawr_service *old = dawr_config_find_service(cfg, id);
        if (old) return fail(p, p->header_line, "service \"%s\" is defined twice (first on line %d)", id, old->line);
        if (cfg->service_count == DAWR_MAX_SERVICES) return fail(p, p->line, "more than %d services", DAWR_MAX_SERVICES);
        dawr_service *sv = &cfg->services[cfg->service_count++];
        sv->id = keep(cfg, id);
        sv->name_ar = sv->name_en = sv->icon = sv->notice_ar = sv->notice_en = "";
        sv->expected_minutes = 10;
        sv->colour = DAWR_SERVICE_COLOUR;
        sv->line = p->header_line;
        p->on_section_key = on_service_key;
    } else {
        if (!valid_id(id, 1)) return fail(p, p->header_line, "counter id \"%s\" must be letters, digits, _ or -", id);
        const dawr_counter *old = dawr_config_find_counter(cfg, id);
        if (old) return fail(p, p->header_line, "counter \"%s\" is defined twice (first on line %d)", id, old->line);
        if (cfg->counter_count == DAWR_MAX_COUNTERS) return fail(p, p->line, "more than %d counters", DAWR_MAX_COUNTERS);
        dawr_counter *c = &cfg->counters[cfg->counter_count++];
        c->id = keep(cfg, id);
        c->name_ar = c->name_en = "";
        c->line = p->header_line;
        p->on_section_key = on_counter_key;
    }
    return 1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parser *p = user;
    if (p->failed) return 0;
    if (strcmp(section, p->section) != 0 || !p->on_section_key)
        if (!begin_section(p, section)) return 0;
    if (!*value && strncmp(name, "notice", 6) && strcmp(name, "icon") && strcmp(name, "logo") && strcmp(name, "server") &&
        strcmp(name, "source") && strcmp(name, "website") && strcmp(name, "whatsapp"))
        return fail(p, p->line, "\"%s\" has no value", name);
    if (!note_key(p, name)) return 0;
    return p->on_section_key(p, name, value);
}

/* Where the settings section NAME began, or the last line read when it is absent. */
static int settings_section_line(const parser *p, const char *name)
{
    for (size_t i = 0; i < SETTINGS_SECTION_COUNT; i++)
        if (!strcmp(SETTINGS_SECTIONS[i].name, name) && p->settings_line[i]) return p->settings_line[i];
    return p->line;
}

/* Checks the whole once every line is read. Returns 1 when the configuration may be used. */
static int check_whole(parser *p)
{
    dawr_config *cfg = p->cfg;
    dawr_printer_settings *pr = &cfg->printer;
    if (!strcmp(pr->format, "ipp") && !*pr->uri)
        return fail(p, settings_section_line(p, "printer"), "[printer] format ipp needs uri = ipp://host:port/ipp/print");
    if (!*pr->language) pr->language = cfg->settings.language;
    if (!pr->width_dots) {             /* printable width: 72 mm of 80 mm paper, 48 mm of 58 mm */
        double printable_mm = pr->width_mm == 58 ? 48.0 : 72.0;
        pr->width_dots = (int)(printable_mm * pr->dpi / 25.4 / 8.0 + 0.5) * 8;
    }
    dawr_branch_settings *br = &cfg->branch;
    if ((*br->name_ar || *br->name_en || *br->central) && (!*br->id || !*br->name_ar || !*br->name_en))
        return fail(p, settings_section_line(p, "branch"), "[branch] needs id, name_ar and name_en together");
    if (!check_hours(p)) return 0;
    if (cfg->service_count == 0) return fail(p, p->line, "no [service ID] section: the kiosk would offer nothing");
    if (cfg->counter_count == 0) return fail(p, p->line, "no [counter ID] section: nobody could call a ticket");
    for (int i = 0; i < cfg->service_count; i++) {
        dawr_service *sv = &cfg->services[i];
        if (!sv->prefix) return fail(p, sv->line, "service \"%s\" has no prefix", sv->id);
        if (!*sv->name_ar || !*sv->name_en)
            return fail(p, sv->line, "service \"%s\" needs both name_ar and name_en", sv->id);
        for (int j = 0; j < i; j++)
            if (cfg->services[j].prefix == sv->prefix)
                return fail(p, sv->line, "services \"%s\" and \"%s\" share the prefix %c (line %d)",
                            cfg->services[j].id, sv->id, sv->prefix, cfg->services[j].line);
        int n_ar = 0, n_en = 0;
        while (n_ar < DAWR_MAX_DOCUMENTS && sv->documents_ar[n_ar]) n_ar++;
        while (n_en < DAWR_MAX_DOCUMENTS && sv->documents_en[n_en]) n_en++;
        if (n_en && n_ar != n_en)
            return fail(p, sv->line, "service \"%s\" lists %d documents in Arabic but %d in English", sv->id, n_ar, n_en);
        sv->document_count = n_ar;
    }
    for (int i = 0; i < cfg->counter_count; i++) {
        dawr_counter *c = &cfg->counters[i];
        if (!*c->name_ar || !*c->name_en)
            return fail(p, c->line, "counter \"%s\" needs both name_ar and name_en", c->id);
        if (c->service_count == 0) return fail(p, c->line, "counter \"%s\" serves no service", c->id);
        for (int j = 0; j < c->service_count; j++)
            if (!dawr_config_find_service(cfg, c->services[j]))
                return fail(p, c->line, "counter \"%s\" serves unknown service \"%s\"", c->id, c->services[j]);
        if (dawr_config_find_service(cfg, c->id))
            return fail(p, c->line, "counter \"%s\" has the id of a service; ids must differ", c->id);
    }
    return check_applications(p);
}

dawr_config *dawr_config_load(const char *path, char *err, size_t err_size)
{
    dawr_config *cfg = calloc(1, sizeof *cfg);
    parser p = { .cfg = cfg, .path = path, .err = err, .err_size = err_size };
    if (!cfg) { snprintf(err, err_size, "%s: out of memory", path); return NULL; }
    cfg->settings = (dawr_settings){ .timezone = "Asia/Riyadh", .language = "ar", .priority_ratio = 2, .appointment_ratio = 3,
                                     .noshow_recalls = 2, .noshow_grace_seconds = 300,
                                     .open_counter_minutes = 30, .rating_days = 7, .help_answer_seconds = 60,
                                     .console_listen = "0.0.0.0:8080",
                                     .session_minutes = 60, .pin_attempts = 5, .lockout_minutes = 5,
                                     .pin_failures_per_hour = 20, .pin_min_length = 4,
                                     .report_show_counters = 1 };
    cfg->printer = (dawr_printer_settings){ .format = "raster", .queue = "dawr-receipt", .uri = "", .server = "",
                                            .preview_dir = "/var/lib/dawr/receipts", .language = "",
                                            .width_mm = 80, .dpi = 203 };
    cfg->kiosk = (dawr_kiosk_settings){ .screen_width_mm = 476, .screen_height_mm = 268, .idle_seconds = 90,
                                        .ticket_seconds = 60, .double_tap_ms = 700, .self_priority = 1,
                                        .speech_volume_db = -6 };
    static const dawr_outcome default_outcomes[] = {
        { "answered", "أُجيب عن طلبه", "Answered" },
        { "registered", "سُجِّل طلبه", "Registered" },
        { DAWR_OUTCOME_DOCUMENTS_MISSING, "مستندات ناقصة", "Documents missing" },
        { "referred", "أُحيل إلى جهة أخرى", "Referred on" },
        { "complaint_recorded", "سُجِّلت الشكوى", "Complaint recorded" },
    };
    for (size_t i = 0; i < sizeof default_outcomes / sizeof default_outcomes[0]; i++)
        cfg->outcomes[cfg->outcome_count++] = default_outcomes[i];
    /* The policy's steps 5-7: the committee, its answer, registration, the service delivered. */
    static const dawr_step default_steps[] = {
        { "received", "استُلم الطلب", "Received", 0, 0 },
        { "committee", "لدى لجنة البحث", "With the research committee", 0, 0 },
        { "documents_needed", "مستندات مطلوبة", "Documents needed", 0, 0 },
        { "accepted", "قُبل الطلب", "Accepted", 1, 0 },
        { "declined", "اعتُذر عن الطلب", "Declined", 1, 1 },
        { "registered", "اكتمل التسجيل", "Registered", 0, 0 },
        { "delivered", "قُدّمت الخدمة", "Service delivered", 0, 1 },
    };
    for (size_t i = 0; i < sizeof default_steps / sizeof default_steps[0]; i++)
        cfg->applications.steps[cfg->applications.step_count++] = default_steps[i];
    cfg->applications.committee_days = 14;
    cfg->applications.contact_days = 30;
    cfg->applications.answer_target_days = 30;
    cfg->applications.appointment_early_minutes = 60;
    cfg->applications.appointment_late_minutes = 30;
    cfg->applications.open_outcome = "registered";
    cfg->display = (dawr_display_settings){ .width_mm = 1210, .height_mm = 680, .speak_english = 1, .logo = "",
                                            .source = "" };
    cfg->association = (dawr_association_settings){ .name_ar = "", .name_en = "", .website = "" };
    cfg->branch = (dawr_branch_settings){ .id = "", .name_ar = "", .name_en = "", .central = "" };
    /* Sunday to Thursday 08:00-14:00, Ramadan 10:00-15:00, Dhuhr and Asr pause 20 minutes, Umluj. */
    dawr_hours_settings *h = &cfg->hours;
    for (int d = 0; d <= 4; d++) h->week[d] = (dawr_day_spans){ { { 8 * 60, 14 * 60 } }, 1 };
    h->ramadan = (dawr_day_spans){ { { 10 * 60, 15 * 60 } }, 1 };
    h->last_ticket_minutes = 15;
    h->pause_prayers = 1u << DAWR_PRAYER_DHUHR | 1u << DAWR_PRAYER_ASR;
    h->pause_minutes = 20;
    for (int i = 0; i < DAWR_PRAYER_COUNT; i++) h->fixed_minutes[i] = -1;
    h->latitude = 25.0213;
    h->longitude = 37.2685;
    p.file = fopen(path, "r");
    if (!p.file) {
        snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        dawr_config_free(cfg);
        return NULL;
    }
    int bad_line = ini_parse_stream(read_line, &p, on_key, &p);
    fclose(p.file);
    free(p.seen);
    if (!p.failed && p.long_line)
        fail(&p, p.long_line, "line is longer than %d bytes; continue a long text on indented lines", INI_MAX_LINE - 1);
    if (!p.failed && bad_line > 0)
        fail(&p, bad_line, "cannot read this line (expected [section] or key = value)");
    if (!p.failed && bad_line < 0) fail(&p, 0, "out of memory while reading");
    if (!p.failed) check_whole(&p);
    if (p.failed) {
        dawr_config_free(cfg);
        return NULL;
    }
    return cfg;
}

void dawr_config_free(dawr_config *cfg)
{
    if (!cfg) return;
    for (int i = 0; i < cfg->string_count; i++) free(cfg->strings[i]);
    free(cfg->strings);
    free(cfg);
}

const dawr_settings *dawr_config_settings(const dawr_config *cfg) { return &cfg->settings; }
const dawr_printer_settings *dawr_config_printer(const dawr_config *cfg) { return &cfg->printer; }
const dawr_kiosk_settings *dawr_config_kiosk(const dawr_config *cfg) { return &cfg->kiosk; }
const dawr_display_settings *dawr_config_display(const dawr_config *cfg) { return &cfg->display; }
const dawr_association_settings *dawr_config_association(const dawr_config *cfg) { return &cfg->association; }
const dawr_branch_settings *dawr_config_branch(const dawr_config *cfg) { return &cfg->branch; }
const dawr_hours_settings *dawr_config_hours(const dawr_config *cfg) { return &cfg->hours; }
const dawr_applications_settings *dawr_config_applications(const dawr_config *cfg) { return &cfg->applications; }

const dawr_step *dawr_config_find_step(const dawr_config *cfg, const char *id)
{
    for (int i = 0; id && i < cfg->applications.step_count; i++)
        if (!strcmp(cfg->applications.steps[i].id, id)) return &cfg->applications.steps[i];
    return NULL;
}
int dawr_config_service_count(const dawr_config *cfg) { return cfg->service_count; }
const dawr_service *dawr_config_service(const dawr_config *cfg, int i) { return &cfg->services[i]; }
int dawr_config_counter_count(const dawr_config *cfg) { return cfg->counter_count; }
const dawr_counter *dawr_config_counter(const dawr_config *cfg, int i) { return &cfg->counters[i]; }

int dawr_config_outcome_count(const dawr_config *cfg) { return cfg->outcome_count; }
const dawr_outcome *dawr_config_outcome(const dawr_config *cfg, int i) { return &cfg->outcomes[i]; }

const dawr_outcome *dawr_config_find_outcome(const dawr_config *cfg, const char *id)
{
    for (int i = 0; id && i < cfg->outcome_count; i++)
        if (!strcmp(cfg->outcomes[i].id, id)) return &cfg->outcomes[i];
    return NULL;
}

const dawr_service *dawr_config_find_service(const dawr_config *cfg, const char *id)
{
    for (int i = 0; i < cfg->service_count; i++)
        if (!strcmp(cfg->services[i].id, id)) return &cfg->services[i];
    return NULL;
}

const dawr_counter *dawr_config_find_counter(const dawr_config *cfg, const char *id)
{
    for (int i = 0; i < cfg->counter_count; i++)
        if (!strcmp(cfg->counters[i].id, id)) return &cfg->counters[i];
    return NULL;
}

int dawr_counter_serves(const dawr_counter *counter, const char *service_id)
{
    for (int i = 0; i < counter->service_count; i++)
        if (!strcmp(counter->services[i], service_id)) return 1;
    return 0;
}

#ifndef DAWR_DATADIR
#define DAWR_DATADIR "/usr/local/share/dawr"
#endif

const char *dawr_config_default_path(void)
{
    static char path[1024];
    const char *env = getenv("DAWR_CONFIG");
    if (env && *env) return env;
    if (access("/etc/dawr/dawr.conf", R_OK) == 0) return "/etc/dawr/dawr.conf";
    const char *assets = getenv("DAWR_ASSETS");
    snprintf(path, sizeof path, "%s/dawr.conf", assets && *assets ? assets : DAWR_DATADIR);
    if (access(path, R_OK) == 0) return path;
    return "assets/dawr.conf";
}
