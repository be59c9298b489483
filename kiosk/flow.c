#include "flow.h"

#include "maint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MESSAGE_MS 20000            /* thank-you and kind refusals stay this long */
#define BUSY_MS 3000                /* the longest a tap waits for a busy database */

static const char *const SCREEN_NAMES[KIOSK_SCREEN_COUNT] = {
    "home", "services", "needs", "ticket", "rate_find", "rate_faces", "rate_reasons", "rate_thanks",
    "rate_already", "rate_not_found", "rate_not_served", "rate_too_old", "follow_find", "follow_status", "follow_not_found",
    "appt_find", "appt_notice",
    "help", "closed", "out_of_service", "maint_pin",
    "maint",
};

const char *kiosk_screen_name(kiosk_screen s) { return SCREEN_NAMES[s]; }

int kiosk_flow_closed(const kiosk_flow *f) { return f->have_hours && !f->hours.issuing; }

static void go(kiosk_flow *f, kiosk_screen s)
{
    if (s == KIOSK_HOME && kiosk_flow_closed(f)) s = KIOSK_CLOSED;   /* nobody is given a ticket that is never called */
    if (s == KIOSK_HOME || s == KIOSK_CLOSED) {
        f->have_ticket = 0;
        f->page = 0;
        f->needs = 0;
        f->score = 0;
        f->keypad[0] = f->pin[0] = f->scan[0] = f->follow_service[0] = f->appointment_service[0] = 0;
        f->checked_in = 0;
        memset(f->reasons, 0, sizeof f->reasons);
    }
    f->screen = s;
    f->entered_at = f->now;
    f->speak_pending = KIOSK_SAY_ARRIVAL;
    f->heard[0] = 0;
}

/* A store failure takes the kiosk out of service until the database answers again. */
static void out_of_service(kiosk_flow *f)
{
    if (f->q) snprintf(f->error, sizeof f->error, "%s", dawr_queue_error(f->q));
    fprintf(stderr, "dawr-kiosk: out of service: %s\n", f->error);
    dawr_queue_close(f->q);
    f->q = NULL;
    f->retry_at = 0;                   /* scheduled by the next tick: the failure may have taken a while */
    go(f, KIOSK_OUT_OF_SERVICE);
}

/* Looks at the opening hours now, and logs a prayer pause's start or end if this kiosk notices
 * it first. A store failure is left to the next operation to meet. */
static void look_at_hours(kiosk_flow *f)
{
    f->hours_at = f->now;
    if (!f->q) return;
    f->have_hours = dawr_queue_hours(f->q, &f->hours) == DAWR_OK;
    dawr_queue_note_pauses(f->q);
}

static int try_open(kiosk_flow *f)
{
    /* A visitor waits at most BUSY_MS on a database another program holds; then the calm
     * out-of-service screen, rather than a frozen one. */
    f->q = dawr_queue_open(f->cfg, f->db_path, &(dawr_queue_options){ .busy_ms = BUSY_MS }, f->error, sizeof f->error);
    if (!f->q) f->retry_at = f->now + KIOSK_RETRY_MS;
    int db;                                 /* maintenance's last choice outlasts a restart */
    if (f->q && dawr_queue_speech_volume(f->q, &db) == 1) f->volume_db = db;
    return f->q != NULL;
}

void kiosk_flow_init(kiosk_flow *f, const dawr_config *cfg, const char *db_path, dawr_slips *slips, kiosk_ms now)
{
    memset(f, 0, sizeof *f);
    f->cfg = cfg;
    f->db_path = db_path;
    f->slips = slips;
    f->now = f->last_touch = now;
    f->lang = dawr_lang_parse(dawr_config_settings(cfg)->language);
    f->volume_db = dawr_config_kiosk(cfg)->speech_volume_db;
    if (!try_open(f)) {
        fprintf(stderr, "dawr-kiosk: out of service: %s\n", f->error);
        go(f, KIOSK_OUT_OF_SERVICE);
    } else {
        look_at_hours(f);
        go(f, KIOSK_HOME);
    }
    f->speak_pending = KIOSK_SAY_NOTHING;   /* a kiosk starting speaks to nobody */
}

void kiosk_flow_finish(kiosk_flow *f)
{
    dawr_queue_close(f->q);
    f->q = NULL;
}

/* Today's finished visits not yet rated, ending at or after SINCE, into the list (numbered
 * NUMBER when not 0); returns how many rated ones matched, or -1 out of service. */
static int load_finished(kiosk_flow *f, kiosk_ms since, int number)
{
    dawr_finished all[256];
    int n = dawr_queue_finished(f->q, since, all, 256), rated = 0;
    if (n < 0) { out_of_service(f); return -1; }
    f->finished_count = 0;
    f->finished_filtered = number > 0;
    for (int i = 0; i < n && f->finished_count < KIOSK_MAX_FINISHED; i++) {
        if (number && all[i].ticket.number != number) continue;
        if (all[i].rated) rated++;          /* rated already: not offered again */
        else f->finished[f->finished_count++] = all[i];
    }
    return rated;
}

/* The visitor picked the finished visit T: faces, or a kind word when it is already rated. */
static void choose(kiosk_flow *f, const dawr_finished *t)
{
    f->ticket = t->ticket;
    f->have_ticket = 1;
    go(f, t->rated ? KIOSK_RATE_ALREADY : KIOSK_RATE_FACES);
}

/* Finds REF ("A-023" or "#12") among today's finished visits. */
static void choose_ref(kiosk_flow *f, const char *ref)
{
    dawr_ticket t;
    int r = dawr_queue_find(f->q, ref, &t);
    if (r == DAWR_STORE_FAILED) { out_of_service(f); return; }
    if (r == DAWR_OK && t.state == DAWR_DONE) {
        int rated = load_finished(f, 0, t.number);
        if (rated < 0) return;
        for (int i = 0; i < f->finished_count; i++)
            if (f->finished[i].ticket.id == t.id) { choose(f, &f->finished[i]); return; }
        if (rated) { go(f, KIOSK_RATE_ALREADY); return; }
    }
    go(f, KIOSK_RATE_NOT_FOUND);
}

/* A receipt's QR, "DAWR:T:<id>:<day>:<code>", names one ticket: its id, and its day and code
 * to be sure. That visit is rated if the engine allows it now, or the visitor is told why not. */
static void choose_receipt(kiosk_flow *f, const char *qr)
{
    const char *p = qr + strlen("DAWR:T:");
    size_t digits = strspn(p, "0123456789");
    char ref[24], day[11] = "", code[16] = "";
    /* At most 18 digits: a bigger number is no ticket, and never wraps into one. */
    if (digits == 0 || digits > 18 || p[digits] != ':' || sscanf(p + digits, ":%10[0-9-]:%15s", day, code) != 2) {
        go(f, KIOSK_RATE_NOT_FOUND);
        return;
    }
    snprintf(ref, sizeof ref, "#%.*s", (int)digits, p);
    dawr_ticket t;
    int r = dawr_queue_rateable(f->q, ref, &t);
    if (r == DAWR_STORE_FAILED) { out_of_service(f); return; }
    if ((r == DAWR_OK || r == DAWR_REFUSED) && (strcmp(t.day, day) || strcmp(t.code, code))) r = DAWR_NOT_FOUND;
    if (r == DAWR_OK) {
        dawr_finished it = { .ticket = t, .rated = 0 };
        choose(f, &it);
        return;
    }
    dawr_why why = dawr_queue_why(f->q);
    go(f, r != DAWR_REFUSED ? KIOSK_RATE_NOT_FOUND : why == DAWR_WHY_ALREADY_RATED ? KIOSK_RATE_ALREADY
        : why == DAWR_WHY_TOO_OLD_TO_RATE ? KIOSK_RATE_TOO_OLD : KIOSK_RATE_NOT_SERVED);
}

static void choose_number(kiosk_flow *f, int number)
{
    int rated = number > 0 ? load_finished(f, 0, number) : 0;
    if (number <= 0 || rated < 0) { if (number <= 0) go(f, KIOSK_RATE_NOT_FOUND); return; }
    if (f->finished_count == 1) choose(f, &f->finished[0]);
    else if (f->finished_count == 0) go(f, rated ? KIOSK_RATE_ALREADY : KIOSK_RATE_NOT_FOUND);
    else go(f, KIOSK_RATE_FIND);       /* several letters share the number: the list shows them */
}

static void submit_rating(kiosk_flow *f)
{
    const dawr_settings *s = dawr_config_settings(f->cfg);
    const char *tags[16];
    int n = 0;
    for (int i = 0; i < s->rating_reason_count && i < 16; i++)
        if (f->reasons[i]) tags[n++] = s->rating_reasons[i];
    dawr_ticket t;
    char ref[24];
    snprintf(ref, sizeof ref, "#%lld", f->ticket.id);
    int r = dawr_queue_rate(f->q, ref, f->score, tags, n, &t);
    if (r == DAWR_OK) go(f, KIOSK_RATE_THANKS);
    else if (r == DAWR_STORE_FAILED) out_of_service(f);
    else {
        snprintf(f->error, sizeof f->error, "%s", dawr_queue_error(f->q));
        go(f, dawr_queue_why(f->q) == DAWR_WHY_ALREADY_RATED ? KIOSK_RATE_ALREADY : KIOSK_RATE_NOT_FOUND);
    }
}

/* T's slip; the ticket is valid whatever happens to it, so a failure is only logged. */
static void print_slip(kiosk_flow *f, const dawr_ticket *t, dawr_lang lang, dawr_slip_copy copy)
{
    if (!f->slips) return;
    int slip = dawr_slips_print(f->slips, t, lang, copy);
    if (slip < 0) fprintf(stderr, "dawr-kiosk: slip of %s: %s\n", t->code, dawr_slips_error(f->slips));
    else fprintf(stderr, "dawr-kiosk: printing %s (job %d)\n", t->code, slip);
}

int kiosk_flow_offers_need(const kiosk_flow *f, dawr_need need)
{
    if ((int)need < 0 || need >= DAWR_NEED_COUNT) return 0;
    return dawr_config_kiosk(f->cfg)->self_priority || !(dawr_needs_priority_mask() & (1u << need));
}

/* A ticket for SERVICE; about the application APPLICATION when not NULL (noted in its history). */
static void issue(kiosk_flow *f, const char *service, const char *application)
{
    dawr_ticket t;
    dawr_issue_request req = { .service = service, .needs = f->needs, .channel = DAWR_CHANNEL_KIOSK,
                               .application = application };
    int r = dawr_queue_issue_request(f->q, &req, &t);
    if (r == DAWR_STORE_FAILED) { out_of_service(f); return; }
    if (r == DAWR_REFUSED && dawr_queue_why(f->q) == DAWR_WHY_CLOSED) {   /* it closed while they chose */
        look_at_hours(f);
        go(f, KIOSK_HOME);
        return;
    }
    if (r != DAWR_OK) {                /* not a configured service: stay, say it in the log */
        fprintf(stderr, "dawr-kiosk: %s\n", dawr_queue_error(f->q));
        return;
    }
    /* Only now, with the ticket committed, may its number be shown. */
    f->checked_in = 0;
    f->ticket = f->last_issued = t;
    f->have_ticket = f->have_last_issued = 1;
    f->last_issued_lang = f->lang;
    print_slip(f, &t, f->lang, DAWR_SLIP_ORIGINAL);
    go(f, KIOSK_TICKET);
}

/* The visitor's check-in by TEXT (a slip's QR, or a reference typed in full): the ticket marked as
 * an appointment, or the kind refusal with an ordinary ticket offered (appointment.h). */
static int check_in(kiosk_flow *f, const char *text)
{
    dawr_applications *a = dawr_applications_new(f->q);
    if (!a) { out_of_service(f); return DAWR_STORE_FAILED; }
    dawr_issue_request req = { .service = f->appointment_service, .needs = f->needs, .channel = DAWR_CHANNEL_KIOSK };
    int r = dawr_appointment_checkin(a, text, &req, &f->checkin);
    f->checkin_why = dawr_applications_why(a);
    if (r != DAWR_OK) fprintf(stderr, "dawr-kiosk: check-in: %s\n", dawr_applications_error(a));
    dawr_applications_free(a);
    if (r == DAWR_STORE_FAILED) { out_of_service(f); return r; }
    if (r == DAWR_OK) {
        f->ticket = f->last_issued = f->checkin.ticket;
        f->have_ticket = f->have_last_issued = 1;
        f->last_issued_lang = f->lang;
        f->checked_in = 1;
        print_slip(f, &f->ticket, f->lang, DAWR_SLIP_ORIGINAL);
        go(f, KIOSK_TICKET);
    } else if (f->checkin_why == DAWR_APP_WHY_TICKET_REFUSED && dawr_queue_why(f->q) == DAWR_WHY_CLOSED) {
        look_at_hours(f);              /* it closed while they came */
        go(f, KIOSK_HOME);
    } else if (f->checkin_why == DAWR_APP_WHY_NO_APPLICATION || f->checkin_why == DAWR_APP_WHY_NOT_A_REFERENCE) {
        return r;                      /* a number typed: the caller may try last year's */
    } else go(f, KIOSK_APPT_NOTICE);
    return r;
}

/* The reference TYPED means: itself when written in full; when only its number was typed, that
 * number in this Hijri year (BACK 0) or the last (BACK 1). 0 with it in OUT, or -1: no more. */
static int typed_ref(const char *typed, int back, char *out, size_t size)
{
    if (strlen(typed) > 5) return back ? -1 : (snprintf(out, size, "%s", typed), 0);
    char day[11];
    dawr_hijri_date h;
    dawr_clock_day(dawr_clock_now(), day, sizeof day);
    if (back > 1 || dawr_hijri_from_gregorian(atoi(day), atoi(day + 5), atoi(day + 8), &h) != 0) return -1;
    snprintf(out, size, "%d-%s", h.year - back, typed);
    return 0;
}

/* The reference typed on the keypad: all its digits, or the number alone (this Hijri year's or
 * last year's, as for a follow-up). */
static void check_in_typed(kiosk_flow *f, const char *typed)
{
    int r = DAWR_NOT_FOUND;
    char full[64];
    for (int back = 0; typed_ref(typed, back, full, sizeof full) == 0; back++) {
        r = check_in(f, full);
        if (r != DAWR_NOT_FOUND || f->checkin_why != DAWR_APP_WHY_NO_APPLICATION) break;
    }
    if (r != DAWR_STORE_FAILED && f->screen == KIOSK_APPT_FIND &&
        (f->checkin_why == DAWR_APP_WHY_NO_APPLICATION || f->checkin_why == DAWR_APP_WHY_NOT_A_REFERENCE))
        go(f, KIOSK_APPT_NOTICE);
}

/* A scanned slip's text, at the start screen or the appointment's: straight to the check-in. */
static void check_in_scanned(kiosk_flow *f, const char *text)
{
    int r = check_in(f, text);
    if (r != DAWR_STORE_FAILED && f->screen != KIOSK_TICKET && f->screen != KIOSK_APPT_NOTICE &&
        f->screen != KIOSK_OUT_OF_SERVICE && (f->screen != KIOSK_HOME || f->checkin_why != DAWR_APP_WHY_TICKET_REFUSED))
        go(f, KIOSK_APPT_NOTICE);
}

/* Whether SERVICE asks for the appointment's slip ([applications] appointment_services). */
static int is_appointment(const kiosk_flow *f, const char *service)
{
    const dawr_applications_settings *a = dawr_config_applications(f->cfg);
    for (int i = 0; i < a->appointment_service_count; i++)
        if (!strcmp(a->appointment_services[i], service)) return 1;
    return 0;
}

/* Whether SERVICE asks for the application's reference first ([applications] follow_services). */
static int is_follow_up(const kiosk_flow *f, const char *service)
{
    const dawr_applications_settings *a = dawr_config_applications(f->cfg);
    for (int i = 0; i < a->follow_service_count; i++)
        if (!strcmp(a->follow_services[i], service)) return 1;
    return 0;
}

/* The application of REF ("1448-0007", or a number of this Hijri year or the last), or of the
 * ticket TICKET_ID when not 0: its status, or a kind "not found" with a ticket all the same. */
static void find_application(kiosk_flow *f, const char *ref, long long ticket_id)
{
    dawr_applications *a = dawr_applications_new(f->q);
    if (!a) { out_of_service(f); return; }
    int r = DAWR_NOT_FOUND;
    if (ticket_id) r = dawr_application_of_ticket(a, ticket_id, &f->follow);
    else {
        char full[64];
        for (int back = 0; r == DAWR_NOT_FOUND && typed_ref(ref, back, full, sizeof full) == 0; back++)
            r = dawr_application_find(a, full, &f->follow);
    }
    dawr_applications_free(a);
    if (r == DAWR_STORE_FAILED) { out_of_service(f); return; }
    go(f, r == DAWR_OK ? KIOSK_FOLLOW_STATUS : KIOSK_FOLLOW_NOT_FOUND);
}

/* A receipt's QR on the follow-up screen: the application its visit opened. */
static void follow_receipt(kiosk_flow *f, const char *qr)
{
    const char *p = qr + strlen("DAWR:T:");
    size_t digits = strspn(p, "0123456789");
    char ref[24], day[11] = "", code[16] = "";
    dawr_ticket t;
    int r = DAWR_NOT_FOUND;
    if (digits && digits <= 18 && p[digits] == ':' && sscanf(p + digits, ":%10[0-9-]:%15s", day, code) == 2) {
        snprintf(ref, sizeof ref, "#%.*s", (int)digits, p);
        r = dawr_queue_find(f->q, ref, &t);
        if (r == DAWR_STORE_FAILED) { out_of_service(f); return; }
    }
    if (r == DAWR_OK && !strcmp(t.day, day) && !strcmp(t.code, code)) find_application(f, "", t.id);
    else go(f, KIOSK_FOLLOW_NOT_FOUND);
}

static void type_digit(char *buf, size_t size, const char *name)
{
    size_t n = strlen(buf);
    if (!strcmp(name, "del")) { if (n) buf[n - 1] = 0; return; }
    if (isdigit((unsigned char)name[0]) && !name[1] && n + 1 < size) { buf[n] = name[0]; buf[n + 1] = 0; }
}

int kiosk_flow_tap(kiosk_flow *f, const char *name, kiosk_ms now)
{
    kiosk_screen before = f->screen;
    f->now = f->last_touch = now;
    if (!strcmp(name, "listen")) {
        f->hear_first = 1;
        f->heard[0] = 0;
        f->speak_pending = KIOSK_SAY_SCREEN;
        return 0;
    }
    /* Hear-first: the first tap says the button, the second (a tremor's repeat is already
     * ignored by the touch guard) chooses it. Staff screens are never spoken button by button. */
    if (f->hear_first && f->screen != KIOSK_MAINT && f->screen != KIOSK_MAINT_PIN) {
        if (strcmp(f->heard, name) || now - f->heard_at > KIOSK_HEAR_MS) {
            snprintf(f->heard, sizeof f->heard, "%s", name);
            f->heard_at = now;
            f->speak_pending = KIOSK_SAY_BUTTON;
            return 0;
        }
        f->heard[0] = 0;
    }
    if (!strcmp(name, "help")) {
        if (f->screen != KIOSK_HELP) f->before_help = f->screen;
        dawr_help_call h = { 0 };
        if (f->q && dawr_queue_help(f->q, "kiosk", kiosk_screen_name(f->screen), &h, NULL) == DAWR_STORE_FAILED) {
            out_of_service(f);
            f->before_help = KIOSK_OUT_OF_SERVICE;
        }
        f->help_call = h.id;
        f->help_counter[0] = 0;
        f->help_polled = now;
        go(f, KIOSK_HELP);
        return 1;
    }
    if (!strcmp(name, "language")) {
        f->lang = f->lang == DAWR_LANG_AR ? DAWR_LANG_EN : DAWR_LANG_AR;
        f->speak_pending = KIOSK_SAY_ARRIVAL;
        return 1;
    }
    if (!strcmp(name, "home")) {
        if (f->screen == KIOSK_HELP && f->before_help != KIOSK_HELP) go(f, f->before_help);
        else if (f->screen != KIOSK_OUT_OF_SERVICE) go(f, KIOSK_HOME);
        return f->screen != before;
    }
    switch (f->screen) {
    case KIOSK_CLOSED:                 /* rating stays open for the day's visits */
        if (!strcmp(name, "rate_visit") && load_finished(f, dawr_clock_now() - 3600 * 1000, 0) == 0) go(f, KIOSK_RATE_FIND);
        break;
    case KIOSK_HOME:
        if (!strcmp(name, "take_ticket")) go(f, KIOSK_SERVICES);
        else if (!strcmp(name, "needs")) go(f, KIOSK_NEEDS);
        else if (!strcmp(name, "rate_visit") && load_finished(f, dawr_clock_now() - 3600 * 1000, 0) >= 0)
            go(f, KIOSK_RATE_FIND);
        break;
    case KIOSK_SERVICES:
        if (!strncmp(name, "service_", 8) && is_appointment(f, name + 8)) {
            snprintf(f->appointment_service, sizeof f->appointment_service, "%s", name + 8);
            f->keypad[0] = 0;
            go(f, KIOSK_APPT_FIND);
        } else if (!strncmp(name, "service_", 8) && is_follow_up(f, name + 8)) {
            snprintf(f->follow_service, sizeof f->follow_service, "%s", name + 8);
            f->keypad[0] = 0;
            go(f, KIOSK_FOLLOW_FIND);
        } else if (!strncmp(name, "service_", 8)) issue(f, name + 8, NULL);
        else if (!strcmp(name, "needs") && f->needs) go(f, KIOSK_NEEDS);   /* add another need, or take one back */
        else if (!strcmp(name, "page_next")) f->page++;
        else if (!strcmp(name, "page_prev") && f->page > 0) f->page--;
        break;
    case KIOSK_NEEDS:
        /* One tap marks it (or, marked, takes it back) and goes on to the visit reasons: one tap
         * more than the common path; the reasons' screen offers to come back for another. */
        for (int i = 0; !strncmp(name, "need_", 5) && i < DAWR_NEED_COUNT; i++)
            if (!strcmp(name + 5, dawr_need_tag((dawr_need)i)) && kiosk_flow_offers_need(f, (dawr_need)i)) {
                go(f, KIOSK_SERVICES);
                f->needs ^= 1u << i;
            }
        break;
    case KIOSK_TICKET:
        if (!strcmp(name, "ticket_done")) go(f, KIOSK_HOME);
        else if (!strcmp(name, "page_next")) f->page++;            /* documents that need more than one page */
        else if (!strcmp(name, "page_prev") && f->page > 0) f->page--;
        break;
    case KIOSK_RATE_FIND:
        if (!strncmp(name, "finished_", 9)) {
            for (int i = 0; i < f->finished_count; i++)
                if (!strcmp(f->finished[i].ticket.code, name + 9)) { choose(f, &f->finished[i]); break; }
        } else if (!strcmp(name, "key_ok")) {
            choose_number(f, atoi(f->keypad));
            f->keypad[0] = 0;
        } else if (!strncmp(name, "key_", 4)) type_digit(f->keypad, 4, name + 4);
        break;
    case KIOSK_FOLLOW_FIND:
        if (!strcmp(name, "key_ok") && f->keypad[0]) {
            char typed[sizeof f->keypad];
            snprintf(typed, sizeof typed, "%s", f->keypad);
            f->keypad[0] = 0;
            find_application(f, typed, 0);
        } else if (!strcmp(name, "follow_without")) issue(f, f->follow_service, NULL);
        else if (!strncmp(name, "key_", 4)) type_digit(f->keypad, sizeof f->keypad, name + 4);
        break;
    case KIOSK_APPT_FIND:
        if (!strcmp(name, "key_ok") && f->keypad[0]) {
            char typed[sizeof f->keypad];
            snprintf(typed, sizeof typed, "%s", f->keypad);
            f->keypad[0] = 0;
            check_in_typed(f, typed);
        } else if (!strcmp(name, "appt_without")) issue(f, f->appointment_service, NULL);
        else if (!strncmp(name, "key_", 4)) type_digit(f->keypad, sizeof f->keypad, name + 4);
        break;
    case KIOSK_APPT_NOTICE:
        if (!strcmp(name, "message_done")) go(f, KIOSK_HOME);
        else if (!strcmp(name, "appt_again")) { f->keypad[0] = 0; go(f, KIOSK_APPT_FIND); }
        else if (!strcmp(name, "appt_ticket") && f->checkin_why != DAWR_APP_WHY_ALREADY_CHECKED_IN) {
            /* An ordinary ticket; about the application when the slip named one (its history notes the visit). */
            int known = f->checkin_why != DAWR_APP_WHY_NO_APPLICATION && f->checkin_why != DAWR_APP_WHY_NOT_A_SLIP &&
                        f->checkin_why != DAWR_APP_WHY_NOT_A_REFERENCE && f->checkin.appointment.ref[0];
            char ref[16];
            snprintf(ref, sizeof ref, "%s", f->checkin.appointment.ref);
            issue(f, f->appointment_service, known ? ref : NULL);
        }
        break;
    case KIOSK_FOLLOW_STATUS:
        if (!strcmp(name, "follow_ticket")) issue(f, f->follow_service, f->follow.ref);
        break;
    case KIOSK_FOLLOW_NOT_FOUND:
        if (!strcmp(name, "follow_without")) issue(f, f->follow_service, NULL);
        else if (!strcmp(name, "follow_again")) go(f, KIOSK_FOLLOW_FIND);
        break;
    case KIOSK_RATE_FACES:
        if (!strncmp(name, "face_", 5) && name[5] >= '1' && name[5] <= '5' && !name[6]) {
            f->score = name[5] - '0';
            if (f->score <= 2 && dawr_config_settings(f->cfg)->rating_reason_count) go(f, KIOSK_RATE_REASONS);
            else submit_rating(f);
        } else if (!strcmp(name, "skip_rating")) go(f, KIOSK_HOME);   /* a right, never a duty: nothing stored */
        break;
    case KIOSK_RATE_REASONS: {
        const dawr_settings *s = dawr_config_settings(f->cfg);
        if (!strncmp(name, "reason_", 7)) {
            for (int i = 0; i < s->rating_reason_count && i < 16; i++)
                if (!strcmp(s->rating_reasons[i], name + 7)) f->reasons[i] = !f->reasons[i];
        } else if (!strcmp(name, "reasons_send")) submit_rating(f);
        break;
    }
    case KIOSK_RATE_THANKS: case KIOSK_RATE_ALREADY: case KIOSK_RATE_NOT_FOUND: case KIOSK_RATE_NOT_SERVED:
    case KIOSK_RATE_TOO_OLD:
        if (!strcmp(name, "message_done")) go(f, KIOSK_HOME);
        break;
    case KIOSK_MAINT_PIN:
        if (!strcmp(name, "pin_ok")) {
            char why[256] = "";
            int ok = f->q && kiosk_maint_pin_ok(f->q, f->cfg, f->pin, why, sizeof why);
            memset(f->pin, 0, sizeof f->pin);
            fprintf(stderr, "dawr-kiosk: maintenance PIN %s%s%s\n", ok ? "accepted" : "refused", *why ? ": " : "", why);
            go(f, ok ? KIOSK_MAINT : KIOSK_HOME);
        } else if (!strncmp(name, "pin_", 4)) type_digit(f->pin, sizeof f->pin, name + 4);
        break;
    case KIOSK_MAINT:
        if (!strcmp(name, "maint_reprint") && f->have_last_issued) {
            fprintf(stderr, "dawr-kiosk: maintenance: reprint %s\n", f->last_issued.code);
            print_slip(f, &f->last_issued, f->last_issued_lang, DAWR_SLIP_REPRINT);
        }
        else if (!strcmp(name, "maint_exit")) f->quit = 1;
        else if (!strcmp(name, "maint_quieter") || !strcmp(name, "maint_louder")) {
            int db = f->volume_db + (name[6] == 'l' ? KIOSK_VOLUME_STEP_DB : -KIOSK_VOLUME_STEP_DB);
            f->volume_db = db < KIOSK_QUIETEST_DB ? KIOSK_QUIETEST_DB : db > 0 ? 0 : db;
            if (!f->q || dawr_queue_set_speech_volume(f->q, f->volume_db) != DAWR_OK)   /* heard now, kept if it can be */
                fprintf(stderr, "dawr-kiosk: the voice volume %d dB is not kept for the next start: %s\n", f->volume_db,
                        f->q ? dawr_queue_error(f->q) : "no database");
            f->speak_pending = KIOSK_SAY_ARRIVAL;   /* staff hear the new loudness */
        }
        break;
    default:
        break;
    }
    return f->screen != before;
}

void kiosk_flow_text(kiosk_flow *f, const char *utf8, kiosk_ms now)
{
    f->now = f->last_touch = now;
    size_t n = strlen(f->scan), add = strlen(utf8);
    if (n + add < sizeof f->scan) memcpy(f->scan + n, utf8, add + 1);
}

/* A scanned code: a receipt's QR (one ticket, any day), "A-023" (today's), "#12", or digits. */
void kiosk_flow_enter(kiosk_flow *f, kiosk_ms now)
{
    char text[sizeof f->scan];
    snprintf(text, sizeof text, "%s", f->scan);
    f->scan[0] = 0;
    f->now = f->last_touch = now;
    if (!f->q || !*text || f->screen >= KIOSK_OUT_OF_SERVICE) return;
    if (f->screen == KIOSK_TICKET || f->screen == KIOSK_SERVICES) return;
    for (char *p = text; *p; p++) *p = (char)toupper((unsigned char)*p);
    const char *qr = strstr(text, "DAWR:T:");
    /* An appointment slip, at the start screen or the appointment's: straight to the check-in. */
    if ((f->screen == KIOSK_APPT_FIND || f->screen == KIOSK_APPT_NOTICE ||
         (f->screen == KIOSK_HOME && strstr(text, "DAWR:A:"))) && !kiosk_flow_closed(f)) {
        if (!f->appointment_service[0]) {
            const dawr_applications_settings *a = dawr_config_applications(f->cfg);
            if (!a->appointment_service_count) return;
            snprintf(f->appointment_service, sizeof f->appointment_service, "%s", a->appointment_services[0]);
        }
        check_in_scanned(f, text);
        return;
    }
    if (f->screen == KIOSK_FOLLOW_FIND || f->screen == KIOSK_FOLLOW_STATUS || f->screen == KIOSK_FOLLOW_NOT_FOUND) {
        /* A follow-up: a receipt's QR, or any code holding a reference (1448-0007). */
        if (!f->follow_service[0]) return;
        if (qr) { follow_receipt(f, qr); return; }
        const char *slip = strstr(text, "DAWR:A:");            /* an appointment slip names its request */
        if (slip) {
            char ref[24];
            snprintf(ref, sizeof ref, "%.*s", (int)strcspn(slip + 7, ":"), slip + 7);
            find_application(f, ref, 0);
            return;
        }
        int year, number;
        const char *at = text;
        while (*at && !(isdigit((unsigned char)at[0]) && dawr_application_parse_ref(at, &year, &number) == 0)) at++;
        if (*at) find_application(f, at, 0);
        else go(f, KIOSK_FOLLOW_NOT_FOUND);
        return;
    }
    if (qr) { choose_receipt(f, qr); return; }
    /* The digits go on as text: the engine range-checks them (never atoi, which wraps). */
    char ref[24] = "";
    for (const char *p = text; *p; p++)
        if (p[0] >= 'A' && p[0] <= 'Z' && p[1] == '-' && isdigit((unsigned char)p[2]) && !(p > text && isalnum((unsigned char)p[-1]))) {
            snprintf(ref, sizeof ref, "%c-%.20s", p[0], p + 2);
            ref[2 + strspn(ref + 2, "0123456789")] = 0;
        }
    if (!*ref && text[0] == '#' && isdigit((unsigned char)text[1])) {
        snprintf(ref, sizeof ref, "#%.20s", text + 1);
        ref[1 + strspn(ref + 1, "0123456789")] = 0;
    }
    size_t digits = strspn(text, "0123456789");
    if (*ref) choose_ref(f, ref);
    else if (digits == strlen(text) && digits <= 6) choose_number(f, atoi(text));   /* a day's numbers are fewer */
    else go(f, KIOSK_RATE_NOT_FOUND);
}

void kiosk_flow_maintenance(kiosk_flow *f, kiosk_ms now)
{
    f->now = f->last_touch = now;
    f->pin[0] = 0;
    go(f, KIOSK_MAINT_PIN);
}

kiosk_ms kiosk_flow_timeout(const kiosk_flow *f, kiosk_screen s)
{
    const dawr_kiosk_settings *k = dawr_config_kiosk(f->cfg);
    switch (s) {
    case KIOSK_HOME: case KIOSK_CLOSED: case KIOSK_OUT_OF_SERVICE: return 0;
    case KIOSK_TICKET: return (kiosk_ms)k->ticket_seconds * 1000;
    case KIOSK_RATE_THANKS: case KIOSK_RATE_ALREADY: case KIOSK_RATE_NOT_FOUND: case KIOSK_RATE_NOT_SERVED:
    case KIOSK_RATE_TOO_OLD: return MESSAGE_MS;
    case KIOSK_APPT_NOTICE: return f->checkin_why == DAWR_APP_WHY_ALREADY_CHECKED_IN ? MESSAGE_MS
                                                                                    : (kiosk_ms)k->idle_seconds * 1000;
    default: return (kiosk_ms)k->idle_seconds * 1000;   /* decisions: at least a minute */
    }
}

int kiosk_flow_tick(kiosk_flow *f, kiosk_ms now)
{
    kiosk_screen before = f->screen;
    f->now = now;
    if (f->screen == KIOSK_OUT_OF_SERVICE || (!f->q && f->screen == KIOSK_HELP)) {
        if (!f->retry_at) f->retry_at = now + KIOSK_RETRY_MS;   /* the calm screen shows first */
        else if (now >= f->retry_at && try_open(f)) {
            fprintf(stderr, "dawr-kiosk: the database answers again; back in service\n");
            go(f, KIOSK_HOME);
            f->speak_pending = KIOSK_SAY_NOTHING;
        }
        return f->screen != before;
    }
    /* A database deleted or replaced under the kiosk: out of service (nothing is written) until
     * one is there again; restored or replaced by another, the next visitor starts afresh. */
    if (f->q) {
        dawr_file_state file = dawr_queue_watch_file(f->q);
        if (file == DAWR_FILE_LOST) { out_of_service(f); return f->screen != before; }
        if (file == DAWR_FILE_RELOADED) {
            fprintf(stderr, "dawr-kiosk: %s\n", dawr_queue_error(f->q));
            if (f->screen != KIOSK_HOME) go(f, KIOSK_HOME);
        }
    }
    /* The visitor waiting for help hears which counter answered, as soon as the store has it. */
    if (f->screen == KIOSK_HELP && f->help_call && !f->help_counter[0] && now - f->help_polled >= KIOSK_HELP_POLL_MS) {
        f->help_polled = now;
        if (dawr_queue_help_answered(f->q, f->help_call, f->help_counter, sizeof f->help_counter) == DAWR_STORE_FAILED) {
            out_of_service(f);
            return 1;
        }
        if (f->help_counter[0]) {
            f->speak_pending = KIOSK_SAY_ARRIVAL;
            f->entered_at = now;       /* the news stays a whole idle time on the screen */
        }
    }
    if (now - f->hours_at >= KIOSK_HOURS_MS) {
        look_at_hours(f);
        /* Opening and closing change the resting screen by themselves, for nobody in particular. */
        if ((f->screen == KIOSK_HOME && kiosk_flow_closed(f)) || (f->screen == KIOSK_CLOSED && !kiosk_flow_closed(f))) {
            go(f, KIOSK_HOME);
            f->speak_pending = KIOSK_SAY_NOTHING;
        }
    }
    kiosk_ms limit = kiosk_flow_timeout(f, f->screen);
    kiosk_ms since = f->last_touch > f->entered_at ? f->last_touch : f->entered_at;
    if (limit && now - since >= limit) {
        f->lang = dawr_lang_parse(dawr_config_settings(f->cfg)->language);   /* the next visitor */
        f->idle_after = now - since;
        f->hear_first = 0;             /* nor the first visitor's way of choosing */
        go(f, KIOSK_HOME);
        f->speak_pending = KIOSK_SAY_NOTHING;   /* nobody is there to hear it */
    }
    return f->screen != before;
}
