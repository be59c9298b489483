/* The applications page's API over engine/application.h: a handle per request (a calloc), so
 * the page's reads and changes run in the engine's own transactions. */
#include "apps.h"

#include "application.h"
#include "appointment.h"
#include "family.h"
#include "text_message.h"
#include "clock.h"
#include "text_i18n.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#define LISTED_MAX 100                 /* applications one answer lists (the oldest); the total is sent too */

static const char *arg(console_request *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

/* The engine's last refusal as an answer: 404 for a reference that names nothing, 409 for a
 * refusal, 503 when the database failed. */
static int refused(console_request *req, dawr_applications *a, int r)
{
    unsigned status = r == DAWR_NOT_FOUND ? MHD_HTTP_NOT_FOUND : r == DAWR_REFUSED ? MHD_HTTP_CONFLICT
                                                                                    : MHD_HTTP_SERVICE_UNAVAILABLE;
    const char *code = dawr_applications_reason(a);
    int answer = console_reply_refusal(req, status, *code ? code : "db_failed",
                                       json_loads(dawr_applications_reason_values(a), 0, NULL), "%s",
                                       dawr_applications_error(a));
    dawr_applications_free(a);
    return answer;
}

static int out_of_memory(console_request *req)
{
    return console_reply_error(req, MHD_HTTP_SERVICE_UNAVAILABLE, DAWR_E_OUT_OF_MEMORY, N_("out of memory"));
}

/* The configured steps, in order, for the page's filter and its change of step. */
static json_t *steps_json(const dawr_config *cfg)
{
    const dawr_applications_settings *s = dawr_config_applications(cfg);
    json_t *steps = json_array();
    for (int i = 0; i < s->step_count; i++)
        json_array_append_new(steps, json_pack("{s:s, s:s, s:s, s:b, s:b}", "id", s->steps[i].id, "name_ar",
                                               s->steps[i].name_ar, "name_en", s->steps[i].name_en, "decision",
                                               s->steps[i].decision, "closes", s->steps[i].closes));
    return steps;
}

int console_apps_list(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)s; (void)body;
    const char *view = arg(req, "view"), *step = arg(req, "step");
    if (!view || !*view) view = "open";
    if (strcmp(view, "open") && strcmp(view, "overdue"))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("view must be open or overdue, for example ?view=overdue, not \"%.20s\""), view);
    dawr_applications *a = dawr_applications_new(c->queue);
    dawr_application *list = malloc(LISTED_MAX * sizeof *list);
    if (!a || !list) { free(list); dawr_applications_free(a); return out_of_memory(req); }
    int n = dawr_applications_list(a, step && *step ? step : NULL, !strcmp(view, "overdue"), list, LISTED_MAX);
    /* Fewer than a full page listed: that is all of them, no count needed. */
    int total = n < 0 || n < LISTED_MAX ? n : dawr_applications_count(a, step && *step ? step : NULL, !strcmp(view, "overdue"));
    if (n < 0 || total < 0) { free(list); return refused(req, a, n < 0 ? n : total); }
    json_t *arr = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(arr, dawr_application_json(a, &list[i]));
    free(list);
    /* Who should be told today: a decision not yet told, an appointment tomorrow. */
    dawr_to_tell *tell = malloc(DAWR_TO_TELL_MAX * sizeof *tell);
    int told = tell ? dawr_family_to_tell(a, tell, DAWR_TO_TELL_MAX) : DAWR_STORE_FAILED;
    if (told < 0) { free(tell); json_decref(arr); return refused(req, a, told); }
    json_t *to_tell = json_array();
    for (int i = 0; i < told; i++) {
        json_t *j = dawr_application_json(a, &tell[i].app);
        json_object_set_new(j, "message", json_string(dawr_message_kind_name(tell[i].kind)));
        if (tell[i].appointment[0]) json_object_set_new(j, "appointment_at", json_string(tell[i].appointment));
        json_array_append_new(to_tell, j);
    }
    free(tell);
    dawr_applications_free(a);
    char today[11];
    dawr_clock_day(dawr_clock_now(), today, sizeof today);
    return console_reply_json(req, MHD_HTTP_OK,
                              json_pack("{s:o, s:i, s:i, s:s, s:o, s:s, s:o}", "applications", arr, "total", total,
                                        "shown_max", LISTED_MAX, "view", view, "steps", steps_json(c->cfg), "day", today,
                                        "to_tell", to_tell), NULL);
}

static int add_event(const dawr_event *ev, void *ctx)
{
    char at[32];
    dawr_clock_format(ev->at, at, sizeof at);
    at[16] = 0;                        /* "YYYY-MM-DD HH:MM" */
    json_t *d = json_loads(ev->detail ? ev->detail : "{}", 0, NULL);
    json_array_append_new(ctx, json_pack("{s:I, s:s, s:s, s:s, s:o}", "id", (json_int_t)ev->id, "at", at, "kind",
                                         dawr_event_kind_name(ev->kind), "counter", ev->counter, "detail",
                                         d ? d : json_object()));
    return 0;
}

/* The application REF with its history, as the page shows it. */
static int reply_application(console *c, console_request *req, dawr_applications *a, const char *ref, unsigned status)
{
    dawr_application ap;
    int r = dawr_application_find(a, ref, &ap);
    json_t *history = json_array();
    if (!r) r = dawr_application_history(a, ap.ref, add_event, history);
    if (r) { json_decref(history); return refused(req, a, r); }
    dawr_appointment when;
    int has = dawr_appointment_of(a, ap.ref, &when);
    if (has != DAWR_OK && has != DAWR_NOT_FOUND) { json_decref(history); return refused(req, a, has); }
    json_t *j = json_pack("{s:o, s:o, s:o, s:o}", "application", dawr_application_json(a, &ap), "history", history,
                          "steps", steps_json(c->cfg), "appointment",
                          has == DAWR_OK ? dawr_appointment_json(&when) : json_null());
    dawr_applications_free(a);
    return console_reply_json(req, status, j, NULL);
}

int console_apps_show(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)s; (void)body;
    const char *ref = arg(req, "ref");
    if (!ref || !*ref)
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give ref, an application's reference, for example ?ref=1448-0007"));
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    return reply_application(c, req, a, ref, MHD_HTTP_OK);
}

/* A required string member NAME of BODY, or NULL. */
static const char *string_of(json_t *body, const char *name)
{
    const char *v = json_string_value(json_object_get(body, name));
    return v && *v ? v : NULL;
}

int console_apps_step(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *ref = string_of(body, "ref"), *step = string_of(body, "step");
    json_t *note = json_object_get(body, "note");
    if (!ref || !step || (note && !json_is_string(note) && !json_is_null(note)))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give \"ref\" (an application's reference), \"step\" (a step's id) and "
                                      "optionally \"note\" (text)"));
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    int r = dawr_application_set_step(a, ref, step, s->counter, json_string_value(note), NULL);
    if (r) return refused(req, a, r);
    c->changed = 1;
    return reply_application(c, req, a, ref, MHD_HTTP_OK);
}

/* POST /api/application/open: an application opened by hand for a ticket (a counter that did
 * not finish the visit as registered, or a request made at the desk). */
int console_apps_open(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *ticket = string_of(body, "ticket");
    if (!ticket)
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give \"ticket\", the visit's ticket (\"A-023\" of today, or \"#ID\")"));
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    dawr_application app;
    int r = dawr_application_open(a, ticket, s->counter, &app);
    if (r) return refused(req, a, r);
    c->changed = 1;
    return reply_application(c, req, a, app.ref, MHD_HTTP_CREATED);
}

/* POST /api/application/contact: the number is kept only with the consent said here, and goes
 * back in no answer. */
int console_apps_contact(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *ref = string_of(body, "ref"), *phone = string_of(body, "phone"), *by = string_of(body, "consent_by");
    if (!ref || !phone || !by)
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give \"ref\" (an application's reference), \"phone\" and \"consent_by\" "
                                      "(\"applicant\" or \"family\")"));
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    int r = dawr_application_set_contact(a, ref, phone, by, s->counter, NULL);
    if (r) return refused(req, a, r);
    c->changed = 1;
    return reply_application(c, req, a, ref, MHD_HTTP_OK);
}

/* POST /api/application/erase-contact: on the person's request, at once. */
int console_apps_erase_contact(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *ref = string_of(body, "ref");
    if (!ref)
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give \"ref\", an application's reference"));
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    int r = dawr_application_erase_contact(a, ref, s->counter);
    if (r) return refused(req, a, r);
    c->changed = 1;
    return reply_application(c, req, a, ref, MHD_HTTP_OK);
}

enum { BOOK, MOVE, CANCEL };

static int appointment_change(console *c, console_request *req, const console_session *s, json_t *body, int what)
{
    const char *ref = string_of(body, "ref"), *at = string_of(body, "at");
    if (!ref || (what != CANCEL && !at))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give \"ref\" (an application's reference) and, to book or move, \"at\" "
                                      "(local \"YYYY-MM-DD HH:MM\")"));
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    int r = what == BOOK ? dawr_appointment_book(a, ref, at, s->counter, NULL)
          : what == MOVE ? dawr_appointment_move(a, ref, at, s->counter, NULL)
          : dawr_appointment_cancel(a, ref, s->counter, NULL);
    if (r) return refused(req, a, r);
    c->changed = 1;
    return reply_application(c, req, a, ref, MHD_HTTP_OK);
}

int console_apps_book(console *c, console_request *req, const console_session *s, json_t *body)
{
    return appointment_change(c, req, s, body, BOOK);
}

int console_apps_move(console *c, console_request *req, const console_session *s, json_t *body)
{
    return appointment_change(c, req, s, body, MOVE);
}

int console_apps_cancel(console *c, console_request *req, const console_session *s, json_t *body)
{
    return appointment_change(c, req, s, body, CANCEL);
}

/* The slip of a coming appointment only: a past one would send the visitor on the wrong day. */
int console_apps_slip(console *c, console_request *req, const console_session *s, json_t *body)
{
    (void)s;
    const char *ref = string_of(body, "ref"), *lang;
    json_t *l = json_object_get(body, "lang");
    lang = json_string_value(l);
    if (!ref || (l && !json_is_null(l) && (!lang || (strcmp(lang, "ar") && strcmp(lang, "en")))))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give \"ref\" (an application's reference) and optionally \"lang\" (\"ar\" or \"en\")"));
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    dawr_application app;
    dawr_appointment ap;
    int r = dawr_application_find(a, ref, &app);
    if (!r) r = dawr_appointment_of(a, app.ref, &ap);
    if (r) return refused(req, a, r);
    if (ap.past) {
        json_t *values = json_pack("{s:s, s:s}", "application", app.ref, "at", ap.local);
        dawr_applications_free(a);
        return console_reply_refusal(req, MHD_HTTP_CONFLICT, "appointment_past", values,
                                     N_("the appointment of %s at %s has passed: book a new one to print its slip"),
                                     app.ref, ap.local);
    }
    dawr_applications_free(a);
    int job = dawr_slips_print_appointment(c->slips, &app, &ap, lang ? dawr_lang_parse(lang) : dawr_slips_language(c->slips));
    if (job < 0)
        return console_reply_refusal(req, MHD_HTTP_SERVICE_UNAVAILABLE, console_http_code_name(DAWR_E_CANNOT_PRINT),
                                     json_pack("{s:s}", "application", app.ref), N_("%s; nothing was printed"),
                                     dawr_slips_error(c->slips));
    c->changed = 1;                    /* the "print" event, now */
    return console_reply_json(req, MHD_HTTP_ACCEPTED, json_pack("{s:s, s:s, s:i}", "application", app.ref, "at", ap.local,
                                                                "job", job), NULL);
}

/* Prepares the family's message: the engine checks consent and logs it; the words and links are
 * made here, for the staff member's own device. The number goes only into the links. */
int console_apps_notify(console *c, console_request *req, const console_session *s, json_t *body)
{
    const char *ref = string_of(body, "ref"), *kind = string_of(body, "message"), *lang = string_of(body, "lang");
    if (!ref || !kind || (lang && strcmp(lang, "ar") && strcmp(lang, "en")))
        return console_reply_error(req, MHD_HTTP_BAD_REQUEST, DAWR_E_BAD_REQUEST,
                                   N_("give \"ref\" (an application's reference), \"message\" (decision, documents or "
                                      "reminder) and optionally \"lang\" (\"ar\" or \"en\")"));
    if (!lang) lang = "ar";
    dawr_applications *a = dawr_applications_new(c->queue);
    if (!a) return out_of_memory(req);
    dawr_application app;
    dawr_contact contact;
    dawr_appointment ap;
    int r = dawr_family_notify(a, ref, kind, lang, s->counter, &app, &contact, &ap);
    if (r) return refused(req, a, r);
    dawr_applications_free(a);
    c->changed = 1;
    const dawr_service *sv = dawr_config_find_service(c->cfg, app.service);
    const dawr_association_settings *as = dawr_config_association(c->cfg);
    dawr_lang l = dawr_lang_parse(lang);
    const char *docs[DAWR_MAX_DOCUMENTS];
    int n = 0;
    for (int i = 0; sv && i < sv->document_count && i < DAWR_MAX_DOCUMENTS; i++)
        docs[n++] = l == DAWR_LANG_AR || !sv->documents_en[i] ? sv->documents_ar[i] : sv->documents_en[i];
    char text[4096], wa[16384], tel[64];
    if (dawr_message_compose(kind, l, l == DAWR_LANG_AR ? as->name_ar : as->name_en, app.ref, docs, n, ap.at / 1000,
                             dawr_config_settings(c->cfg)->timezone, text, sizeof text) < 0 ||
        dawr_message_whatsapp_link(contact.phone, text, wa, sizeof wa) < 0 || dawr_message_tel_link(contact.phone, tel, sizeof tel) < 0)
        return out_of_memory(req);
    return console_reply_json(req, MHD_HTTP_OK, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "application", app.ref, "message",
                                                          kind, "lang", lang, "text", text, "whatsapp", wa, "tel", tel),
                              NULL);
}
