/* What every Dawr program does first: read the common options (--config FILE, --db FILE)
 * and load the configuration, refusing to start half-configured. */
#ifndef DAWR_APP_H
#define DAWR_APP_H

#include "config.h"

#include <stdio.h>

typedef struct {
    const char *config_path;
    const char *db_path;
    dawr_config *config;          /* owned; free with dawr_app_finish */
} dawr_app;

/* Takes --config and --db (also --config=FILE) out of ARGV, shifting the rest down, and
 * loads the configuration. Returns 0, or prints "PROGRAM: reason" to stderr and returns -1. */
int dawr_app_start(dawr_app *app, const char *program, int *argc, char **argv);
void dawr_app_finish(dawr_app *app);

/* GNU's --help and --version, looked for before anything else is read (up to a "--"): calls
 * USAGE(stdout), or prints "PROGRAM (Dawr) VERSION", and returns 1 (the caller exits 0);
 * returns 0 when ARGV holds neither. */
int dawr_app_answer_gnu(const char *program, int argc, char **argv, void (*usage)(FILE *));

/* Dawr's version (debian/changelog's first entry, compiled in). */
const char *dawr_version(void);

/* The database used when none is named: $DAWR_DB, else /var/lib/dawr/dawr.db. */
const char *dawr_app_default_db(void);

/* The path of FILE in the assets folder ($DAWR_ASSETS, ./assets when it has dawr.conf, else the
 * installed data folder) into OUT. Returns OUT. */
const char *dawr_asset_path(const char *file, char *out, size_t size);

#endif
