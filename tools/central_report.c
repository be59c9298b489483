/* The association's report: the centre's events about no ticket (help calls, prayer pauses,
 * refusals while closed) read first, then the applications' events, then its tickets once, each with its log of events; all
 * fed to its branch's report, and the branches' added up for the association's (each
 * branch's waits set against its own pauses). */
#include "central_report.h"

#include <stdlib.h>
#include <string.h>

#define MAX_BRANCHES 256
#define MAX_FIELDS 6

typedef struct {
    dawr_central_report *r;
    dawr_report_feed *all, **feeds;
    int current;                       /* branch of the previous row */
    long long ticket_seq;              /* each row is a ticket: tells the feeds where one ends */
    int failed;
} reading;

/* The milliseconds at the start of a line: digits, maybe after a minus (atoll, which reads
 * the locale's blanks and signs, was 4 % of the report). */
static long long leading_ms(const char *p)
{
    int minus = *p == '-';
    long long v = 0;
    for (p += minus; *p >= '0' && *p <= '9'; p++) v = v * 10 + (*p - '0');
    return minus ? -v : v;
}

/* One line of a ticket's log (sync/central.h), its fields at F[0..N), into its branch's report. */
static int feed_line(reading *rd, char *const *f, int n)
{
    if (n < 3) return 0;                            /* not a line the centre writes */
    dawr_event_kind kind = DAWR_EVENT_NONE;
    dawr_event_kind_parse(f[1], &kind);
    dawr_report_detail d = { 0 };
    switch (kind) {
    case DAWR_EVENT_ISSUE: d.day = f[3], d.service = f[4], d.channel = f[5]; break;
    case DAWR_EVENT_TRANSFER: d.from_service = f[3], d.to_service = f[4]; break;
    case DAWR_EVENT_DONE: d.outcome = f[3]; break;
    case DAWR_EVENT_RATE: d.score = f[3] ? atoi(f[3]) : 0, d.reasons = f[4]; break;
    case DAWR_EVENT_RESUME: d.state = f[3]; break;
    default: break;
    }
    long long at = leading_ms(f[0]);
    return dawr_report_feed_detail(rd->feeds[rd->current], rd->ticket_seq, at, kind, f[2], &d) < 0 ? -1 : 0;
}

/* Makes BRANCH the current one; 0 when it is not in the report (added while reading: in the next). */
static int find_branch(reading *rd, const char *branch)
{
    if (rd->current >= 0 && !strcmp(rd->r->branches[rd->current].branch.id, branch)) return 1;
    rd->current = -1;
    for (int i = 0; i < rd->r->branch_count && rd->current < 0; i++)
        if (!strcmp(rd->r->branches[i].branch.id, branch)) rd->current = i;
    return rd->current >= 0;
}

/* One event about no ticket (sync/central.h) into its branch's report. */
static int on_event(const char *branch, const char *kind, long long at, const char *const fields[4], void *ctx)
{
    reading *rd = ctx;
    if (!find_branch(rd, branch)) return 0;
    dawr_report_feed *mine = rd->feeds[rd->current];
    int r = 0;
    if (!strcmp(kind, "help")) {
        double seconds = fields[0] ? atof(fields[0]) : 0;
        r = dawr_report_feed_help(mine, at, fields[0] != NULL, seconds);
    } else if (!strcmp(kind, "pause_start"))
        r = dawr_report_feed_pause(mine, fields[0], fields[1], fields[2], fields[3] ? atoll(fields[3]) : 0);
    else if (!strcmp(kind, "refused"))
        r = dawr_report_feed_refused(mine, at, fields[0], fields[1]);
    if (r) rd->failed = 1;
    return r;
}

/* One application's event (sync/central.h) into its branch's report. */
static int on_application(const char *branch, const char *kind, long long at, const char *const fields[7], void *ctx)
{
    reading *rd = ctx;
    if (!find_branch(rd, branch)) return 0;
    dawr_event_kind k = DAWR_EVENT_NONE;
    dawr_event_kind_parse(kind, &k);
    dawr_report_app_detail d = { .application = fields[0], .step = fields[1], .answer_not_before = fields[2],
                                 .at = fields[3], .from = fields[4], .minutes = fields[5] ? atoi(fields[5]) : 0,
                                 .message = fields[6] };
    int r = dawr_report_feed_application(rd->feeds[rd->current], at, k, &d);
    if (r) rd->failed = 1;
    return r;
}

/* A ticket's log, cut in place into lines and their tab-separated fields in one pass. */
static int on_ticket(const char *branch, char *log, size_t len, void *ctx)
{
    reading *rd = ctx;
    if (!find_branch(rd, branch)) return 0;
    rd->ticket_seq++;
    char *p = log, *end = log + len;
    while (p < end) {
        char *f[MAX_FIELDS] = { 0 };
        int n = 0;
        f[n++] = p;
        for (; p < end && *p != '\n'; p++)
            if (*p == '\t') {
                *p = 0;
                if (n < MAX_FIELDS) f[n++] = p + 1;
            }
        *p++ = 0;                                   /* the line break, or the NUL after the log */
        if (feed_line(rd, f, n) < 0) { rd->failed = 1; return 1; }
    }
    return 0;
}

int dawr_central_report_compute(const dawr_config *cfg, dawr_central *c, const char *from, const char *to,
                                dawr_report_by by, dawr_central_report **out, char *err, size_t err_size)
{
    *out = NULL;
    reading rd = { .current = -1 };
    rd.all = dawr_report_feed_new(cfg, from, to, by, err, err_size);
    if (!rd.all) return strstr(err, "memory") ? DAWR_STORE_FAILED : DAWR_REFUSED;
    dawr_central_report *r = calloc(1, sizeof *r);
    dawr_central_branch *list = calloc(MAX_BRANCHES, sizeof *list);
    int n = r && list ? dawr_central_branches(c, list, MAX_BRANCHES, err, err_size) : -1;
    if (n >= 0) {
        r->branches = calloc((size_t)(n ? n : 1), sizeof *r->branches);
        rd.feeds = calloc((size_t)(n ? n : 1), sizeof *rd.feeds);
    }
    int ok = n >= 0 && r->branches && rd.feeds;
    for (int i = 0; ok && i < n; i++) {
        r->branches[i].branch = list[i];
        if (!(rd.feeds[i] = dawr_report_feed_new(cfg, from, to, by, err, err_size))) ok = 0;
        else r->branch_count = i + 1;
    }
    free(list);
    rd.r = r;
    /* The pauses first: a ticket's wait is set against them when it is read. */
    if (ok && dawr_central_about_no_ticket(c, from, to, on_event, &rd, err, err_size) < 0) ok = 0;
    if (ok && !rd.failed && dawr_central_applications(c, to, on_application, &rd, err, err_size) < 0) ok = 0;
    if (ok && !rd.failed && dawr_central_ticket_logs(c, from, to, on_ticket, &rd, err, err_size) < 0) ok = 0;
    if (rd.failed) { snprintf(err, err_size, "out of memory"); ok = 0; }
    /* The association's is the branches' added, each before it is finished (and its values
     * freed: the association's copy of them grows as the branches' go). */
    for (int i = 0; r && i < r->branch_count; i++) {
        if (ok && dawr_report_feed_add(rd.all, rd.feeds[i]) < 0) { snprintf(err, err_size, "out of memory"); ok = 0; }
        if (dawr_report_feed_finish(rd.feeds[i], &r->branches[i].report, err, err_size) != DAWR_OK) ok = 0;
    }
    if (dawr_report_feed_finish(rd.all, r ? &r->association : &(dawr_report *){ NULL }, err, err_size) != DAWR_OK) ok = 0;
    free(rd.feeds);
    if (!ok) {
        if (n >= 0 && !*err) snprintf(err, err_size, "out of memory");
        dawr_central_report_free(r);
        return DAWR_STORE_FAILED;
    }
    *out = r;
    return DAWR_OK;
}

void dawr_central_report_free(dawr_central_report *r)
{
    if (!r) return;
    dawr_report_free(r->association);
    for (int i = 0; i < r->branch_count; i++) dawr_report_free(r->branches[i].report);
    free(r->branches);
    free(r);
}

json_t *dawr_central_report_json(const dawr_central_report *r)
{
    json_t *branches = json_array();
    for (int i = 0; i < r->branch_count; i++) {
        const dawr_central_branch *b = &r->branches[i].branch;
        json_array_append_new(branches, json_pack("{s:s, s:s, s:s, s:o}", "id", b->id, "name_ar", b->name_ar, "name_en",
                                                  b->name_en, "report", dawr_report_json(r->branches[i].report)));
    }
    return json_pack("{s:s, s:s, s:o, s:o}", "from", r->association->from, "to", r->association->to, "association",
                     dawr_report_json(r->association), "branches", branches);
}

/* Copies one report's CSV after a first column (the header line only when HEADER). */
static int csv_with_branch(const dawr_report *report, const char *branch, int header, FILE *out)
{
    char *text = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&text, &size);
    if (!mem) return -1;
    int rc = dawr_report_write_csv(report, mem);
    fclose(mem);
    for (char *line = text, *next; rc == 0 && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next) *next++ = 0;
        if (line == text) { if (header) fprintf(out, "branch,%s\n", line); }
        else fprintf(out, "%s,%s\n", branch, line);
    }
    free(text);
    return rc;
}

int dawr_central_report_write_csv(const dawr_central_report *r, FILE *out)
{
    int rc = csv_with_branch(r->association, "all", 1, out);
    for (int i = 0; !rc && i < r->branch_count; i++) rc = csv_with_branch(r->branches[i].report, r->branches[i].branch.id, 0, out);
    return rc == 0 && fflush(out) == 0 && !ferror(out) ? 0 : -1;
}
