#include "app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DAWR_VERSION
#define DAWR_VERSION "unknown"
#endif

const char *dawr_version(void) { return DAWR_VERSION; }

int dawr_app_answer_gnu(const char *program, int argc, char **argv, void (*usage)(FILE *))
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 1;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("%s (Dawr) %s\n", program, DAWR_VERSION);
            return 1;
        }
    }
    return 0;
}

const char *dawr_app_default_db(void)
{
    const char *env = getenv("DAWR_DB");
    return env && *env ? env : "/var/lib/dawr/dawr.db";
}

/* Matches "--NAME VALUE" or "--NAME=VALUE" at ARGV[*i]; stores VALUE and advances *i. */
static int take_option(const char *name, int argc, char **argv, int *i, const char **value)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0) return 0;
    if (argv[*i][n] == '=') { *value = argv[*i] + n + 1; return 1; }
    if (argv[*i][n] != 0) return 0;
    if (*i + 1 >= argc) { *value = NULL; return 1; }
    *value = argv[++*i];
    return 1;
}

int dawr_app_start(dawr_app *app, const char *program, int *argc, char **argv)
{
    memset(app, 0, sizeof *app);
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        const char *value;
        const char **slot = NULL;
        if (take_option("--config", *argc, argv, &i, &value)) slot = &app->config_path;
        else if (take_option("--db", *argc, argv, &i, &value)) slot = &app->db_path;
        else { argv[out++] = argv[i]; continue; }
        if (!value || !*value) {
            fprintf(stderr, "%s: %s needs a file name\n", program, slot == &app->db_path ? "--db" : "--config");
            return -1;
        }
        *slot = value;
    }
    argv[out] = NULL;
    *argc = out;
    if (!app->config_path) app->config_path = dawr_config_default_path();
    if (!app->db_path) app->db_path = dawr_app_default_db();
    char err[1024];
    app->config = dawr_config_load(app->config_path, err, sizeof err);
    if (!app->config) {
        fprintf(stderr, "%s: %s\n", program, err);
        return -1;
    }
    return 0;
}

void dawr_app_finish(dawr_app *app)
{
    dawr_config_free(app->config);
    app->config = NULL;
}

#ifndef DAWR_DATADIR
#define DAWR_DATADIR "/usr/local/share/dawr"
#endif

const char *dawr_asset_path(const char *file, char *out, size_t size)
{
    const char *env = getenv("DAWR_ASSETS");
    if (env && *env) snprintf(out, size, "%s/%s", env, file);
    else if (access("assets/dawr.conf", R_OK) == 0) snprintf(out, size, "assets/%s", file);
    else snprintf(out, size, "%s/%s", DAWR_DATADIR, file);
    return out;
}
