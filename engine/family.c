/* Word to the family in the applications' transactions (application_internal.h). Who was told
 * is read from the log (app_notify), so nothing but the log records it. */
#include "family.h"
#include "application_internal.h"
#include "queue_internal.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const KIND_NAMES[DAWR_MESSAGE_COUNT] = { "decision", "documents", "reminder" };

const char *dawr_message_kind_name(dawr_message_kind kind)
{
    return (unsigned)kind < DAWR_MESSAGE_COUNT ? KIND_NAMES[kind] : "";
}

int dawr_message_kind_parse(const char *name, dawr_message_kind *out)
{
    for (int i = 0; name && i < DAWR_MESSAGE_COUNT; i++)
        if (!strcmp(name, KIND_NAMES[i])) { *out = (dawr_message_kind)i; return 0; }
    return -1;
}

static int do_notify(dawr_applications *a, const char *ref, const char *kind_name, const char *lang,
                     const char *counter, dawr_application *app, dawr_contact *contact, dawr_appointment *ap)
{
    memset(ap, 0, sizeof *ap);
    dawr_message_kind kind;
    int r = dawr_app_counter_known(a, counter);
    if (r || (r = dawr_app_load(a, ref, app, NULL))) return r;
    if (dawr_message_kind_parse(kind_name, &kind) < 0)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_UNKNOWN_MESSAGE, json_pack("{s:s}", "message", kind_name ? kind_name : ""),
                             "unknown message \"%s\" (decision, documents or reminder)", kind_name ? kind_name : "");
    if (!lang || (strcmp(lang, "ar") && strcmp(lang, "en"))) lang = "ar";
    /* Only with consent: the number is kept only when it was given. */
    if ((r = dawr_application_contact_in(a, app->ref, contact))) return r;
    if (kind == DAWR_MESSAGE_DECISION && !app->decided_at)
        return dawr_app_fail(a, DAWR_REFUSED, DAWR_APP_WHY_NO_DECISION, json_pack("{s:s, s:s}", "application", app->ref,
                                                                                  "step", app->step),
                             "application %s has no decision yet (%s): there is nothing to tell", app->ref, app->step);
    if (kind == DAWR_MESSAGE_REMINDER && (r = dawr_appointment_coming_in(a, app, ap))) return r;
    json_t *detail = json_pack("{s:s, s:s, s:s}", "application", app->ref, "message", KIND_NAMES[kind], "lang", lang);
    dawr_queue *q = dawr_app_queue(a);
    if ((r = dawr_queue_append_event(q, dawr_queue_op_now(q), app->ticket, counter, DAWR_EVENT_APP_NOTIFY, detail)))
        return dawr_app_from_queue(a, r);
    return DAWR_OK;
}

int dawr_family_notify(dawr_applications *a, const char *ref, const char *kind, const char *lang, const char *counter,
                       dawr_application *app, dawr_contact *contact, dawr_appointment *appointment)
{
    DAWR_APP_IN_TRANSACTION(a, do_notify(a, ref, kind, lang, counter, app, contact, appointment));
}

/* The day after DAY ("YYYY-MM-DD") into OUT (11 bytes). */
static void next_day(const char *day, char *out)
{
    struct tm tm = { 0 };
    sscanf(day, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tm.tm_mday += 1;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(tm.tm_year + 1900) % 10000u, (unsigned)(tm.tm_mon + 1) % 100u,
             (unsigned)tm.tm_mday % 100u);
}

static int do_to_tell(dawr_applications *a, dawr_to_tell *out, int max)
{
    dawr_queue *q = dawr_app_queue(a);
    sqlite3 *db = dawr_queue_db(q);
    char tomorrow[11];
    next_day(dawr_queue_op_day(q), tomorrow);
    /* The decisions first (oldest first), then tomorrow's appointments by their time; each
     * application read with its row, not loaded again one by one. */
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db, "SELECT " DAWR_APP_COLUMNS ", 0, '' AS local" DAWR_APP_FROM " WHERE a.decided_at IS NOT NULL"
                               " AND NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket = a.ticket AND e.kind = ?2"
                               " AND json_extract(e.detail, '$.message') = 'decision' AND e.at >= a.decided_at)"
                               " UNION ALL"
                               " SELECT " DAWR_APP_COLUMNS ", 1, p.local" DAWR_APP_FROM " JOIN appointments p ON p.application = a.id"
                               " WHERE p.cancelled_at IS NULL"
                               " AND p.local >= ?1 AND p.local < ?1 || 'z' AND NOT EXISTS (SELECT 1 FROM events e"
                               " WHERE e.ticket = a.ticket AND e.kind = ?2 AND json_extract(e.detail, '$.message') ="
                               " 'reminder' AND e.id > (SELECT max(b.id) FROM events b WHERE b.ticket = a.ticket AND b.kind IN (?3, ?4)))"
                               " ORDER BY 17, 18, 1, 2", -1, &st, NULL) != SQLITE_OK)
        return dawr_app_db_failed(a, sqlite3_errcode(db));
    sqlite3_bind_text(st, 1, tomorrow, -1, SQLITE_TRANSIENT);
    dawr_bind_event_kind(st, 2, DAWR_EVENT_APP_NOTIFY);
    dawr_bind_event_kind(st, 3, DAWR_EVENT_APP_BOOK);     /* a reminder counts after the last booking or move */
    dawr_bind_event_kind(st, 4, DAWR_EVENT_APP_MOVE);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < max && n < DAWR_TO_TELL_MAX) {
        memset(&out[n], 0, sizeof out[n]);
        dawr_app_from_row(a, st, &out[n].app);
        out[n].kind = sqlite3_column_int(st, 16) ? DAWR_MESSAGE_REMINDER : DAWR_MESSAGE_DECISION;
        snprintf(out[n].appointment, sizeof out[n].appointment, "%s", (const char *)sqlite3_column_text(st, 17));
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return dawr_app_db_failed(a, rc);
    return n;
}

int dawr_family_to_tell(dawr_applications *a, dawr_to_tell *out, int max)
{
    int r = dawr_app_begin(a);
    if (r) return r;
    int n = do_to_tell(a, out, max);
    r = dawr_app_end(a, n < 0 ? n : DAWR_OK);
    return r ? r : n;
}
