/* The association's report from the central database: the same figures as each branch's own
 * `dawrctl report` (computed by the same code, engine/report.h's feed, from the events the
 * branches sent), one report per branch and one for the association as a whole. */
#ifndef DAWR_CENTRAL_REPORT_H
#define DAWR_CENTRAL_REPORT_H

#include "central.h"
#include "report.h"

#include <jansson.h>
#include <stdio.h>

typedef struct {
    dawr_central_branch branch;
    dawr_report *report;
} dawr_branch_report;

typedef struct {
    dawr_report *association;          /* every branch's tickets together */
    dawr_branch_report *branches;      /* by branch id */
    int branch_count;
} dawr_central_report;

/* Reads service days FROM..TO of every branch the connection may read. Returns DAWR_OK with
 * *OUT (free with dawr_central_report_free), DAWR_REFUSED for a bad range, DAWR_STORE_FAILED
 * when the centre failed; the reason in ERR. */
int dawr_central_report_compute(const dawr_config *cfg, dawr_central *c, const char *from, const char *to,
                                dawr_report_by by, dawr_central_report **out, char *err, size_t err_size);
void dawr_central_report_free(dawr_central_report *r);

/* {"from", "to", "association": report, "branches": [{"id", "name_ar", "name_en", "report"}]} */
json_t *dawr_central_report_json(const dawr_central_report *r);
/* The report's CSV (dawr_report_write_csv) with a first column "branch": "all" for the
 * association, else the branch's id. Returns 0, or -1 when writing failed. */
int dawr_central_report_write_csv(const dawr_central_report *r, FILE *out);

#endif
