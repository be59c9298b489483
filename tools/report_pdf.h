/* The board's PDF report, drawn with cairo: a cover (the association, the period in
 * Gregorian and Hijri, the key figures), charts (visits per reason, waiting time by hour,
 * the five faces, the satisfaction trend) and tables. Arabic right to left, or English.
 * The association's PDF adds a page comparing its branches. Every string goes through the project's text pipeline (dawr_text_layout); its positioned
 * glyphs are drawn with cairo_show_text_glyphs, so the PDF carries the text for search and
 * copying in logical order. */
#ifndef DAWR_REPORT_PDF_H
#define DAWR_REPORT_PDF_H

#include "report.h"
#include "text_number.h"

#include <stddef.h>

/* One branch of the association, for the association's PDF. */
typedef struct {
    const char *id, *name_ar, *name_en;
    const dawr_report *report;
} dawr_report_pdf_branch;

typedef struct {
    dawr_lang lang;
    int show_counters;        /* per-counter tables ([reports] show_counters) */
    const char *timezone;     /* for the dates of the period; NULL = Asia/Riyadh */
    const char *family;       /* font family asked first; NULL = the pipeline's default */
    const char *association;  /* the association's name in LANG (dawr.conf [association]); may be NULL */
    /* The association's PDF (dawrctl report --central): the report is every branch's together,
     * and a page compares these branches (names in both languages, a chart of waits and
     * satisfaction, a table). None for one appliance's report. */
    const dawr_report_pdf_branch *branches;
    int branch_count;
} dawr_report_pdf_opts;

/* Writes the report R as a PDF file at PATH. Returns 0, or -1 with the reason in ERR. */
int dawr_report_pdf_write(const dawr_report *r, const char *path, const dawr_report_pdf_opts *o, char *err,
                          size_t err_size);

#endif
