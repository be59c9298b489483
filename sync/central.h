/* The association's central PostgreSQL database, through libpq: its schema made and migrated
 * from the versioned SQL files in assets/central/, one role per branch, the cursor and the
 * batches a branch sends, and the events reports read back. The only part that speaks to
 * PostgreSQL; nothing here knows SQLite. */
#ifndef DAWR_CENTRAL_H
#define DAWR_CENTRAL_H

#include <stddef.h>

typedef struct dawr_central dawr_central;

/* Connects with CONNINFO (a libpq connection string or URI; the password comes from the
 * passfile or service file it names, or ~/.pgpass), giving up after 10 s unless it sets its
 * own connect_timeout. NULL with the reason in ERR. */
dawr_central *dawr_central_connect(const char *conninfo, char *err, size_t err_size);
void dawr_central_close(dawr_central *c);

/* Applies, each in its own transaction, the files NNN-*.sql of SQL_DIR not yet applied
 * (the version is kept in dawr_schema). *VERSION gets the version the database is at.
 * Returns 0, or -1 with the reason in ERR. */
int dawr_central_init(dawr_central *c, const char *sql_dir, int *version, char *err, size_t err_size);

/* Makes BRANCH's login role "dawr_branch_<id in lower case>" (member of dawr_branch) and its
 * row; the administrator gives it a password (ALTER ROLE ... PASSWORD) or a certificate.
 * The role's name into ROLE. Returns 0, or -1 with the reason in ERR. */
int dawr_central_add_branch(dawr_central *c, const char *branch, char *role, size_t role_size, char *err,
                            size_t err_size);

/* The highest event id the centre holds for BRANCH and GENERATION (0 when none) into *OUT.
 * Returns 0, or -1 with the reason in ERR. */
int dawr_central_cursor(dawr_central *c, const char *branch, const char *generation, long long *out, char *err,
                        size_t err_size);

/* Writes the branch's names on its row. Returns 0, or -1 with the reason in ERR. */
int dawr_central_name_branch(dawr_central *c, const char *branch, const char *name_ar, const char *name_en,
                             char *err, size_t err_size);

/* Sends one batch, BATCH_JSON an array of objects {id, at, ticket, ticket_generation, counter,
 * kind, detail}, in one transaction with INSERT ... ON CONFLICT DO NOTHING. An event the centre
 * holds already with the same payload is fine; one held with a different payload rolls the
 * whole batch back. Returns 0 (committed), 1 (conflict: the first such id in *CONFLICT_ID,
 * nothing written) or -1 (failed, nothing written; the reason in ERR). */
int dawr_central_send(dawr_central *c, const char *branch, const char *generation, const char *batch_json,
                      long long *conflict_id, char *err, size_t err_size);

/* A branch as the centre knows it. */
typedef struct {
    char id[33];
    char name_ar[200], name_en[200];
} dawr_central_branch;

/* The branches this connection may read, by id, into OUT (at most MAX). Returns the count, or
 * -1 with the reason in ERR. */
int dawr_central_branches(dawr_central *c, dawr_central_branch *out, int max, char *err, size_t err_size);

/* Calls FN for every ticket issued on service days FROM..TO of every branch readable, with
 * its log: its events in the order they reached the centre, one a line, each line's fields
 * separated by tabs: at (ms), kind, counter, then what the kind's detail says that reports
 * read (issue: day, service, channel; transfer: from_service, to_service; done: outcome;
 * rate: score, reasons separated by spaces; resume: state). The centre keeps these lines
 * (assets/central/002-ticket-logs.sql). LOG (LEN bytes, NUL-terminated) is FN's to cut up
 * until it returns. FROM and TO are "YYYY-MM-DD". Rows are read as they come (a binary COPY),
 * never all held. Stops when FN returns non-zero. Returns 0, or -1 with the reason in ERR. */
int dawr_central_ticket_logs(dawr_central *c, const char *from, const char *to,
                             int (*fn)(const char *branch, char *log, size_t len, void *ctx), void *ctx, char *err,
                             size_t err_size);

/* Calls FN, by branch and time, for the events about no ticket that reports read, of every
 * branch readable, made from two days before FROM to three days after TO (UTC; the report
 * places each by its local day): KIND "help" (FIELDS[0]: the seconds its first 'help_ack'
 * says, NULL when unanswered), "pause_start" (the day, from and to its detail says, and the
 * first 'pause_end' marked early of that day and prayer, ms, or NULL) and "refused" when
 * closed (service, channel). FIELDS not used are NULL. Stops when FN returns non-zero.
 * Returns 0, or -1 with the reason in ERR. */
int dawr_central_about_no_ticket(dawr_central *c, const char *from, const char *to,
                                 int (*fn)(const char *branch, const char *kind, long long at,
                                           const char *const fields[4], void *ctx),
                                 void *ctx, char *err, size_t err_size);

/* Calls FN, by branch and in log order, for the applications' events that reports read
 * (app_open, app_step, app_book, app_move, app_cancel, app_checkin, app_notify) of every branch
 * readable, made up to three days after TO (UTC; the report keeps those up to its horizon):
 * FIELDS are what the detail says, NULL where it says nothing: application, step,
 * answer_not_before, at, from, minutes, message. Stops when FN returns non-zero. Returns 0, or
 * -1 with the reason in ERR. */
int dawr_central_applications(dawr_central *c, const char *to,
                              int (*fn)(const char *branch, const char *kind, long long at,
                                        const char *const fields[7], void *ctx),
                              void *ctx, char *err, size_t err_size);

#endif
