/* The central database through libpq: parameters always bound (PQexecParams), never spliced;
 * but COPY, which takes none, gets its two days checked and quoted by PQescapeLiteral. */
#include "central.h"

#include <dirent.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct dawr_central {
    PGconn *conn;
};

/* libpq's message without its trailing line break, after WHAT. */
static int fail_with(dawr_central *c, const char *what, char *err, size_t err_size)
{
    const char *msg = c && c->conn ? PQerrorMessage(c->conn) : "";
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) n--;
    snprintf(err, err_size, "%s: %.*s", what, (int)n, msg);
    return -1;
}

/* Runs SQL with text parameters; the result when it has STATUS, else NULL with ERR filled. */
static PGresult *run(dawr_central *c, const char *sql, int n, const char *const *values, ExecStatusType status,
                     const char *what, char *err, size_t err_size)
{
    PGresult *res = PQexecParams(c->conn, sql, n, NULL, values, NULL, NULL, 0);
    if (PQresultStatus(res) == status) return res;
    const char *msg = PQresultErrorMessage(res);
    size_t len = strlen(msg);
    while (len && (msg[len - 1] == '\n' || msg[len - 1] == ' ')) len--;
    if (len) snprintf(err, err_size, "%s: %.*s", what, (int)len, msg);
    else fail_with(c, what, err, err_size);
    PQclear(res);
    return NULL;
}

static int run_ok(dawr_central *c, const char *sql, const char *what, char *err, size_t err_size)
{
    PGresult *res = run(c, sql, 0, NULL, PGRES_COMMAND_OK, what, err, err_size);
    PQclear(res);
    return res ? 0 : -1;
}

dawr_central *dawr_central_connect(const char *conninfo, char *err, size_t err_size)
{
    dawr_central *c = calloc(1, sizeof *c);
    if (!c) { snprintf(err, err_size, "out of memory"); return NULL; }
    /* Keywords given in CONNINFO override these defaults (expand_dbname). */
    const char *keys[] = { "connect_timeout", "application_name", "dbname", NULL };
    const char *values[] = { "10", "dawr-sync", conninfo, NULL };
    c->conn = PQconnectdbParams(keys, values, 1);
    if (!c->conn || PQstatus(c->conn) != CONNECTION_OK) {
        fail_with(c, "the central database cannot be reached", err, err_size);
        dawr_central_close(c);
        return NULL;
    }
    PGresult *res = PQexec(c->conn, "SET client_min_messages = warning");
    PQclear(res);
    return c;
}

void dawr_central_close(dawr_central *c)
{
    if (!c) return;
    PQfinish(c->conn);
    free(c);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Reads PATH whole into a new string, or NULL. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *text = NULL;
    size_t len = 0, cap = 0, got;
    char chunk[8192];
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + got + 1 > cap) {
            cap = (len + got + 1) * 2;
            char *grown = realloc(text, cap);
            if (!grown) { free(text); fclose(f); return NULL; }
            text = grown;
        }
        memcpy(text + len, chunk, got);
        len += got;
    }
    fclose(f);
    if (!text && (text = malloc(1))) len = 0;
    if (text) text[len] = 0;
    return text;
}

int dawr_central_init(dawr_central *c, const char *sql_dir, int *version, char *err, size_t err_size)
{
    DIR *d = opendir(sql_dir);
    if (!d) { snprintf(err, err_size, "%s: the central schema's SQL files are not there", sql_dir); return -1; }
    char *names[1000];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 1000) {
        size_t len = strlen(e->d_name);
        if (len > 8 && e->d_name[3] == '-' && !strcmp(e->d_name + len - 4, ".sql") &&
            strspn(e->d_name, "0123456789") == 3)
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    int rc = run_ok(c, "CREATE TABLE IF NOT EXISTS dawr_schema (version integer NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                    "cannot keep the schema's version", err, err_size);
    *version = 0;
    for (int i = 0; !rc && i < n; i++) {
        int v = atoi(names[i]);
        if (v != i + 1) {
            snprintf(err, err_size, "%s/%s: the SQL files must be numbered 001, 002, ... without gaps", sql_dir, names[i]);
            rc = -1;
            break;
        }
        /* One transaction per version, behind a lock, so two installers cannot both apply it. */
        if (run_ok(c, "BEGIN", "cannot begin", err, err_size) ||
            run_ok(c, "LOCK TABLE dawr_schema IN EXCLUSIVE MODE", "cannot lock the schema", err, err_size)) { rc = -1; break; }
        PGresult *res = run(c, "SELECT coalesce(max(version), 0) FROM dawr_schema", 0, NULL, PGRES_TUPLES_OK,
                            "cannot read the schema's version", err, err_size);
        if (!res) { rc = -1; break; }
        int at = atoi(PQgetvalue(res, 0, 0));
        PQclear(res);
        *version = at;
        if (at >= v) { run_ok(c, "COMMIT", "cannot commit", err, err_size); continue; }
        char path[1200];
        snprintf(path, sizeof path, "%s/%s", sql_dir, names[i]);
        char *sql = slurp(path);
        if (!sql) { snprintf(err, err_size, "%s: cannot read", path); rc = -1; break; }
        res = PQexec(c->conn, sql);
        free(sql);
        if (PQresultStatus(res) != PGRES_COMMAND_OK && PQresultStatus(res) != PGRES_TUPLES_OK) {
            char what[1300];
            snprintf(what, sizeof what, "%s failed", path);
            PQclear(res);
            fail_with(c, what, err, err_size);
            rc = -1;
            break;
        }
        PQclear(res);
        char vtext[16];
        snprintf(vtext, sizeof vtext, "%d", v);
        const char *values[] = { vtext };
        res = run(c, "INSERT INTO dawr_schema (version) VALUES ($1::integer)", 1, values, PGRES_COMMAND_OK,
                  "cannot record the schema's version", err, err_size);
        if (!res) { rc = -1; break; }
        PQclear(res);
        if (run_ok(c, "COMMIT", "cannot commit", err, err_size)) { rc = -1; break; }
        *version = v;
    }
    if (rc) { PGresult *res = PQexec(c->conn, "ROLLBACK"); PQclear(res); }
    for (int i = 0; i < n; i++) free(names[i]);
    return rc;
}

int dawr_central_add_branch(dawr_central *c, const char *branch, char *role, size_t role_size, char *err,
                            size_t err_size)
{
    size_t len = strlen(branch);
    if (!len || len > 32 || strspn(branch, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") != len) {
        snprintf(err, err_size, "a branch id is 1 to 32 letters, digits or '-', not \"%s\"", branch);
        return -1;
    }
    char name[64];
    snprintf(name, sizeof name, "dawr_branch_%s", branch);
    for (char *p = name; *p; p++) if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    snprintf(role, role_size, "%s", name);
    char *ident = PQescapeIdentifier(c->conn, name, strlen(name));
    if (!ident) return fail_with(c, "cannot name the role", err, err_size);
    char sql[400];
    snprintf(sql, sizeof sql, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%s') THEN "
             "CREATE ROLE %s LOGIN IN ROLE dawr_branch; END IF; END $$", name, ident);
    PQfreemem(ident);
    if (run_ok(c, "BEGIN", "cannot begin", err, err_size)) return -1;
    const char *values[] = { branch, name };
    PGresult *res = NULL;
    int rc = run_ok(c, sql, "cannot make the branch's role", err, err_size);
    if (!rc) {
        res = run(c, "INSERT INTO branches (id, role) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING", 2, values,
                  PGRES_COMMAND_OK, "cannot add the branch", err, err_size);
        rc = res ? 0 : -1;
        PQclear(res);
    }
    if (!rc) rc = run_ok(c, "COMMIT", "cannot commit", err, err_size);
    else { res = PQexec(c->conn, "ROLLBACK"); PQclear(res); }
    return rc;
}

int dawr_central_cursor(dawr_central *c, const char *branch, const char *generation, long long *out, char *err,
                        size_t err_size)
{
    const char *values[] = { branch, generation };
    PGresult *res = run(c, "SELECT coalesce(max(id), 0) FROM events WHERE branch = $1 AND generation = $2", 2, values,
                        PGRES_TUPLES_OK, "cannot read the central cursor", err, err_size);
    if (!res) return -1;
    *out = atoll(PQgetvalue(res, 0, 0));
    PQclear(res);
    return 0;
}

int dawr_central_name_branch(dawr_central *c, const char *branch, const char *name_ar, const char *name_en,
                             char *err, size_t err_size)
{
    const char *values[] = { branch, name_ar, name_en };
    PGresult *res = run(c, "UPDATE branches SET name_ar = $2, name_en = $3 WHERE id = $1"
                           " AND (name_ar, name_en) IS DISTINCT FROM ($2, $3)", 3, values,
                        PGRES_COMMAND_OK, "cannot name the branch", err, err_size);
    PQclear(res);
    return res ? 0 : -1;
}

/* The batch's rows, inserted when new; then, of those not inserted, the first the centre holds
 * with another payload (a data-modifying WITH does not show its own rows to the outer query;
 * the lateral look-up by key keeps it an index probe per row, never a scan of the table). */
static const char SEND_SQL[] =
    "WITH incoming AS ("
    "  SELECT * FROM jsonb_to_recordset($3::jsonb) AS i (id bigint, at bigint, ticket bigint,"
    "    ticket_generation text, counter text, kind text, detail jsonb)),"
    " added AS ("
    "  INSERT INTO events (branch, generation, id, at, ticket, ticket_generation, counter, kind, detail)"
    "  SELECT $1, $2, id, at, ticket, ticket_generation, counter, kind, detail FROM incoming"
    "  ON CONFLICT (branch, generation, id) DO NOTHING RETURNING id)"
    " SELECT min(i.id) FROM incoming i"
    "  CROSS JOIN LATERAL (SELECT * FROM events e WHERE e.branch = $1 AND e.generation = $2 AND e.id = i.id LIMIT 1) e"
    "  WHERE i.id NOT IN (SELECT id FROM added)"
    "    AND (e.at, e.ticket, e.ticket_generation, e.counter, e.kind, e.detail)"
    "    IS DISTINCT FROM (i.at, i.ticket, i.ticket_generation, i.counter, i.kind, i.detail)"
    /* Senders before schema version 3 sent these kinds with an empty detail: the same event. */
    "    AND NOT (e.detail = '{}' AND e.kind IN ('help_ack', 'pause_start', 'pause_end', 'refused')"
    "             AND (e.at, e.ticket, e.counter) IS NOT DISTINCT FROM (i.at, i.ticket, i.counter) AND e.kind = i.kind)";

int dawr_central_send(dawr_central *c, const char *branch, const char *generation, const char *batch_json,
                      long long *conflict_id, char *err, size_t err_size)
{
    *conflict_id = 0;
    if (run_ok(c, "BEGIN", "cannot begin a batch", err, err_size)) return -1;
    const char *values[] = { branch, generation, batch_json };
    PGresult *res = run(c, SEND_SQL, 3, values, PGRES_TUPLES_OK, "the centre refused the batch", err, err_size);
    int rc = -1;
    if (res) {
        if (!PQgetisnull(res, 0, 0)) {
            *conflict_id = atoll(PQgetvalue(res, 0, 0));
            rc = 1;
        } else rc = 0;
        PQclear(res);
    }
    if (rc == 0) return run_ok(c, "COMMIT", "the batch could not be committed", err, err_size);
    res = PQexec(c->conn, "ROLLBACK");
    PQclear(res);
    return rc;
}

int dawr_central_branches(dawr_central *c, dawr_central_branch *out, int max, char *err, size_t err_size)
{
    PGresult *res = run(c, "SELECT id, name_ar, name_en FROM branches ORDER BY id", 0, NULL, PGRES_TUPLES_OK,
                        "cannot read the branches", err, err_size);
    if (!res) return -1;
    int n = PQntuples(res) < max ? PQntuples(res) : max;
    for (int i = 0; i < n; i++) {
        snprintf(out[i].id, sizeof out[i].id, "%s", PQgetvalue(res, i, 0));
        snprintf(out[i].name_ar, sizeof out[i].name_ar, "%s", PQgetvalue(res, i, 1));
        snprintf(out[i].name_en, sizeof out[i].name_en, "%s", PQgetvalue(res, i, 2));
    }
    PQclear(res);
    return n;
}

/* A big-endian integer of N bytes at P. */
static long be_int(const unsigned char *p, int n)
{
    unsigned long v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return n == 2 ? (long)(short)v : (long)(int)v;
}

/* One message of a binary COPY of (branch, log) rows (the header before the first row, the
 * trailer -1 at the end), each row to FN with its log ended by a NUL for the call. Returns 1
 * at the trailer, 0 after rows, -1 when the message is not what COPY sends, or FN's non-zero
 * as 2. */
static int copy_rows(unsigned char *p, long len, int first,
                     int (*fn)(const char *branch, char *log, size_t len, void *ctx), void *ctx)
{
    static const unsigned char SIGNATURE[11] = "PGCOPY\n\377\r\n";
    unsigned char *end = p + len;
    if (first) {
        long extension = len < 19 ? -1 : be_int(p + 15, 4);   /* after the flags, the header extension's length */
        if (extension < 0 || extension > len - 19 || memcmp(p, SIGNATURE, sizeof SIGNATURE)) return -1;
        p += 19 + extension;
    }
    while (p < end) {
        if (end - p < 2) return -1;
        long fields = be_int(p, 2);
        if (fields == -1) return 1;
        p += 2;
        if (fields != 2 || end - p < 4) return -1;
        long blen = be_int(p, 4);
        if (blen < 0 || blen > 32 || end - p - 4 < blen + 4) return -1;
        char branch[33];
        memcpy(branch, p + 4, (size_t)blen);
        branch[blen] = 0;
        p += 4 + blen;
        long loglen = be_int(p, 4);
        p += 4;
        if (loglen < 0 || end - p < loglen) return -1;
        /* The byte after the log (the next row's, or libpq's NUL) is put back after the call. */
        unsigned char after = p[loglen];
        p[loglen] = 0;
        int stop = fn(branch, (char *)p, (size_t)loglen, ctx);
        p[loglen] = after;
        if (stop) return 2;
        p += loglen;
    }
    return 0;
}

int dawr_central_ticket_logs(dawr_central *c, const char *from, const char *to,
                             int (*fn)(const char *branch, char *log, size_t len, void *ctx), void *ctx, char *err,
                             size_t err_size)
{
    /* COPY takes no parameters: the two days, checked, are quoted by libpq. In binary, a row
     * costs a length to read instead of a PGresult to make and a log to unescape. */
    const char *days[2] = { from, to };
    char *quoted[2] = { NULL, NULL };
    for (int i = 0; i < 2; i++) {
        if (strlen(days[i]) != 10 || strspn(days[i], "0123456789-") != 10) {
            snprintf(err, err_size, "cannot read the central tickets: \"%s\" is not a day", days[i]);
            PQfreemem(quoted[0]);
            return -1;
        }
        quoted[i] = PQescapeLiteral(c->conn, days[i], 10);
    }
    char sql[300];
    snprintf(sql, sizeof sql, "COPY (SELECT branch, log FROM ticket_logs WHERE day BETWEEN %s AND %s) TO STDOUT (FORMAT binary)",
             quoted[0] ? quoted[0] : "NULL", quoted[1] ? quoted[1] : "NULL");
    int quoted_ok = quoted[0] && quoted[1];
    PQfreemem(quoted[0]);
    PQfreemem(quoted[1]);
    if (!quoted_ok) return fail_with(c, "cannot read the central tickets", err, err_size);
    PGresult *res = PQexec(c->conn, sql);
    if (PQresultStatus(res) != PGRES_COPY_OUT) {
        PQclear(res);
        return fail_with(c, "cannot read the central tickets", err, err_size);
    }
    PQclear(res);
    /* Rows come a message each while the report folds; after a stop or a bad message the rest
     * is read and dropped, so the connection stays usable. */
    int rc = 0, state = 0, first = 1;
    char *msg;
    long len;
    while ((len = PQgetCopyData(c->conn, &msg, 0)) > 0) {
        if (state == 0) state = copy_rows((unsigned char *)msg, len, first, fn, ctx);
        first = 0;
        PQfreemem(msg);
    }
    if (state < 0) {
        snprintf(err, err_size, "cannot read the central tickets: not the rows of a binary COPY");
        rc = -1;
    }
    if (len == -2 && !rc) rc = fail_with(c, "cannot read the central tickets", err, err_size);
    while ((res = PQgetResult(c->conn))) {
        if (PQresultStatus(res) != PGRES_COMMAND_OK && !rc) {
            const char *m = PQresultErrorMessage(res);
            snprintf(err, err_size, "cannot read the central tickets: %.*s", (int)strcspn(m, "\n"), m);
            rc = -1;
        }
        PQclear(res);
    }
    return rc;
}

/* The events about no ticket of the range and a day either side, read once through one index
 * (events_about_no_ticket) by branch and time; each help call's first answer and each pause's
 * early end are then found among their neighbours here (an answer comes the same day). */
static const char ABOUT_NO_TICKET_SQL[] =
    "SELECT branch, generation, id, at, kind,"
    "  CASE kind WHEN 'help_ack' THEN detail ->> 'help' WHEN 'refused' THEN detail ->> 'service' ELSE detail ->> 'day' END,"
    "  CASE kind WHEN 'help_ack' THEN detail ->> 'seconds' WHEN 'pause_start' THEN detail ->> 'from'"
    "    WHEN 'refused' THEN detail ->> 'channel' ELSE detail ->> 'prayer' END,"
    "  CASE kind WHEN 'pause_start' THEN detail ->> 'to' WHEN 'pause_end' THEN (detail -> 'early' = 'true')::text"
    "    WHEN 'refused' THEN detail ->> 'reason' END,"
    "  CASE kind WHEN 'pause_start' THEN detail ->> 'prayer' END"
    " FROM events WHERE ticket = 0 AND kind IN ('help', 'help_ack', 'pause_start', 'pause_end', 'refused')"
    "   AND at BETWEEN (($1::date - 3) - date '1970-01-01')::bigint * 86400000"
    "              AND (($2::date + 4) - date '1970-01-01')::bigint * 86400000"
    " ORDER BY branch, at, id";

enum { F_BRANCH, F_GENERATION, F_ID, F_AT, F_KIND, F_1, F_2, F_3, F_4 };
#define DAY_MS 86400000LL

static int same(const PGresult *res, int i, int j, int field)
{
    return !PQgetisnull(res, i, field) && !PQgetisnull(res, j, field) &&
           !strcmp(PQgetvalue(res, i, field), PQgetvalue(res, j, field));
}

int dawr_central_about_no_ticket(dawr_central *c, const char *from, const char *to,
                                 int (*fn)(const char *branch, const char *kind, long long at,
                                           const char *const fields[4], void *ctx),
                                 void *ctx, char *err, size_t err_size)
{
    const char *values[] = { from, to };
    PGresult *res = run(c, ABOUT_NO_TICKET_SQL, 2, values, PGRES_TUPLES_OK, "cannot read the central events about no ticket",
                        err, err_size);
    if (!res) return -1;
    /* What reports read: from two days before FROM to three after TO, as the branch's own report. */
    long long lo = 0, hi = 0;
    PGresult *bounds = run(c, "SELECT (($1::date - 2) - date '1970-01-01')::bigint * 86400000,"
                              " (($2::date + 3) - date '1970-01-01')::bigint * 86400000", 2, values, PGRES_TUPLES_OK,
                           "cannot read the central events about no ticket", err, err_size);
    if (!bounds) { PQclear(res); return -1; }
    lo = atoll(PQgetvalue(bounds, 0, 0));
    hi = atoll(PQgetvalue(bounds, 0, 1));
    PQclear(bounds);
    int n = PQntuples(res);
    for (int i = 0, stop = 0; !stop && i < n; i++) {
        const char *kind = PQgetvalue(res, i, F_KIND);
        long long at = atoll(PQgetvalue(res, i, F_AT));
        if (at < lo || at > hi) continue;
        const char *fields[4] = { NULL, NULL, NULL, NULL };
        char early[24];
        if (!strcmp(kind, "help")) {
            /* Its first answer (the lowest id) in the same branch and generation, the same day. */
            long long best = 0;
            const char *id = PQgetvalue(res, i, F_ID);
            for (int j = i + 1; j < n && same(res, i, j, F_BRANCH) && atoll(PQgetvalue(res, j, F_AT)) <= at + DAY_MS; j++)
                if (!strcmp(PQgetvalue(res, j, F_KIND), "help_ack") && same(res, i, j, F_GENERATION) &&
                    !PQgetisnull(res, j, F_1) && !strcmp(PQgetvalue(res, j, F_1), id) &&
                    (!best || atoll(PQgetvalue(res, j, F_ID)) < best)) {
                    best = atoll(PQgetvalue(res, j, F_ID));
                    fields[0] = PQgetisnull(res, j, F_2) ? "0" : PQgetvalue(res, j, F_2);
                }
        } else if (!strcmp(kind, "pause_start")) {
            fields[0] = PQgetisnull(res, i, F_1) ? NULL : PQgetvalue(res, i, F_1);
            fields[1] = PQgetisnull(res, i, F_2) ? NULL : PQgetvalue(res, i, F_2);
            fields[2] = PQgetisnull(res, i, F_3) ? NULL : PQgetvalue(res, i, F_3);
            /* The first end marked early of that day and prayer, a day either side. */
            long long first = 0;
            int j = i;
            while (j > 0 && same(res, i, j - 1, F_BRANCH) && atoll(PQgetvalue(res, j - 1, F_AT)) >= at - DAY_MS) j--;
            for (; j < n && same(res, i, j, F_BRANCH) && atoll(PQgetvalue(res, j, F_AT)) <= at + DAY_MS; j++) {
                long long end = atoll(PQgetvalue(res, j, F_AT));
                if (!strcmp(PQgetvalue(res, j, F_KIND), "pause_end") && !strcmp(PQgetvalue(res, j, F_3), "true") &&
                    same(res, i, j, F_1) && !PQgetisnull(res, i, F_4) && !PQgetisnull(res, j, F_2) &&
                    !strcmp(PQgetvalue(res, i, F_4), PQgetvalue(res, j, F_2)) && (!first || end < first))
                    first = end;
            }
            if (first) { snprintf(early, sizeof early, "%lld", first); fields[3] = early; }
        } else if (!strcmp(kind, "refused")) {
            if (PQgetisnull(res, i, F_3) || strcmp(PQgetvalue(res, i, F_3), "closed")) continue;
            fields[0] = PQgetisnull(res, i, F_1) ? NULL : PQgetvalue(res, i, F_1);
            fields[1] = PQgetisnull(res, i, F_2) ? NULL : PQgetvalue(res, i, F_2);
        } else continue;
        stop = fn(PQgetvalue(res, i, F_BRANCH), kind, at, fields, ctx);
    }
    PQclear(res);
    return 0;
}

/* The applications' events, through events_applications (assets/central/004-applications.sql). */
static const char APPLICATIONS_SQL[] =
    "SELECT branch, at, kind, detail ->> 'application', detail ->> 'step', detail ->> 'answer_not_before',"
    "  detail ->> 'at', detail ->> 'from', detail ->> 'minutes', detail ->> 'message'"
    " FROM events WHERE kind IN ('app_open', 'app_step', 'app_book', 'app_move', 'app_cancel', 'app_checkin', 'app_notify')"
    "   AND at <= (($1::date + 3) - date '1970-01-01')::bigint * 86400000"
    " ORDER BY branch, id, generation";

int dawr_central_applications(dawr_central *c, const char *to,
                              int (*fn)(const char *branch, const char *kind, long long at,
                                        const char *const fields[7], void *ctx),
                              void *ctx, char *err, size_t err_size)
{
    const char *values[] = { to };
    PGresult *res = run(c, APPLICATIONS_SQL, 1, values, PGRES_TUPLES_OK, "cannot read the central applications", err,
                        err_size);
    if (!res) return -1;
    int n = PQntuples(res);
    for (int i = 0, stop = 0; !stop && i < n; i++) {
        const char *fields[7];
        for (int k = 0; k < 7; k++) fields[k] = PQgetisnull(res, i, 3 + k) ? NULL : PQgetvalue(res, i, 3 + k);
        stop = fn(PQgetvalue(res, i, 0), PQgetvalue(res, i, 2), atoll(PQgetvalue(res, i, 1)), fields, ctx);
    }
    PQclear(res);
    return 0;
}
