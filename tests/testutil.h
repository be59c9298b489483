/* Helpers shared by the store, queue and dawrctl tests: scratch folders, files, the default
 * configuration, an injected clock. */
#ifndef DAWR_TESTUTIL_H
#define DAWR_TESTUTIL_H

#include "config.h"
#include "queue.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A new empty folder for one test, under $BUILD/tests/tmp. Returns a static path. */
static inline const char *scratch_dir(const char *name)
{
    static char path[512];
    const char *build = getenv("BUILD");
    snprintf(path, sizeof path, "%s/tests/tmp", build ? build : "build");
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/tests/tmp/%s-%d", build ? build : "build", name, (int)getpid());
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0) return NULL;
    mkdir(path, 0755);
    return path;
}

static inline void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) { perror(path); exit(2); }
    fputs(text, f);
    fclose(f);
}

/* Reads the file at PATH into BUF (SIZE bytes, NUL-terminated); "" when it cannot be read. */
static inline void read_file_into(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, size - 1, f) : 0;
    buf[n] = 0;
    if (f) fclose(f);
}

/* Where make put the programs ($BUILD, as the Makefile passes it). */
static inline const char *build_dir(void)
{
    const char *b = getenv("BUILD");
    return b && *b ? b : "build";
}

/* The default configuration as tests not about opening hours use it: open all day every day, no
 * pause (make writes it with tests/always-open.awk), so they issue and call at any hour. */
static inline const char *default_config_path(void)
{
    static char path[512];
    const char *build = getenv("BUILD");
    snprintf(path, sizeof path, "%s/tests/always-open.conf", build && *build ? build : "build");
    return path;
}

/* [hours] open all day every day with no pause, for a test's own configuration not about hours. */
#define ALWAYS_OPEN_HOURS "[hours]\nsunday = 00:00-24:00\nmonday = 00:00-24:00\ntuesday = 00:00-24:00\n" \
    "wednesday = 00:00-24:00\nthursday = 00:00-24:00\nfriday = 00:00-24:00\nsaturday = 00:00-24:00\n" \
    "ramadan = 00:00-24:00\nlast_ticket_minutes = 0\npause_prayers = none\n"

/* The default configuration as shipped, its [hours] included: for the opening hours' tests. */
static inline const char *shipped_config_path(void)
{
    static char path[512];
    const char *assets = getenv("DAWR_ASSETS");
    snprintf(path, sizeof path, "%s/dawr.conf", assets ? assets : "assets");
    return path;
}

static inline dawr_config *load_default_config(void)
{
    char err[512];
    dawr_config *cfg = dawr_config_load(default_config_path(), err, sizeof err);
    if (!cfg) { fprintf(stderr, "default configuration: %s\n", err); exit(2); }
    return cfg;
}

/* The first column of the first row of SQL on the database at PATH, read by a connection of
 * its own (as another program would). Text into a static buffer; "" when there is none. */
static inline const char *query_text(const char *path, const char *sql)
{
    static char out[4096];
    sqlite3 *db;
    sqlite3_stmt *st;
    out[0] = 0;
    sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
        sqlite3_column_text(st, 0))
        snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
}

static inline long long query_int(const char *path, const char *sql)
{
    const char *text = query_text(path, sql);
    return *text ? atoll(text) : -1;
}

/* A fresh database path "DIR/dawr.db" in a new scratch folder NAME. Returns a static path. */
static inline const char *scratch_db(const char *name)
{
    static char path[700];
    snprintf(path, sizeof path, "%s/dawr.db", scratch_dir(name));
    return path;
}

/* The injected clock: tests move fake_now by hand. */
static dawr_ms fake_now;
static inline dawr_ms fake_clock(void *ctx) { (void)ctx; return fake_now; }

/* Milliseconds of a local (Asia/Riyadh) time given as "YYYY-MM-DDTHH:MM:SS". */
static inline dawr_ms at_local(const char *text)
{
    dawr_ms t = 0;
    dawr_clock_use_timezone("Asia/Riyadh");
    if (dawr_clock_parse(text, &t) != 0) { fprintf(stderr, "bad time %s\n", text); exit(2); }
    return t;
}

/* A copy of S without spaces and without the bidi controls pdftotext puts around numbers
 * (U+202A..U+202E, U+2066..U+2069), for finding text whatever its spacing. Static buffer. */
static inline const char *squeeze(const char *s)
{
    static char out[262144];
    size_t n = 0;
    while (*s && n + 1 < sizeof out) {
        const unsigned char *u = (const unsigned char *)s;
        if (*s == ' ' || *s == '\n') { s++; continue; }
        if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0xAA && u[2] <= 0xAE) { s += 3; continue; }
        if (u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9) { s += 3; continue; }
        out[n++] = *s++;
    }
    out[n] = 0;
    return out;
}

#endif
