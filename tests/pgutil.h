/* A private PostgreSQL 15 cluster for tests: initdb and pg_ctl from Debian's postgresql-15 in
 * a temporary folder, listening only on a Unix socket there (nothing on the network), run as
 * the postgres user when the tests run as root (PostgreSQL refuses root). Its superuser is
 * "dawr", with trust authentication on the socket; the database is "dawr". */
#ifndef DAWR_TEST_PGUTIL_H
#define DAWR_TEST_PGUTIL_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    char dir[256];                /* the cluster's folder; its socket is there too */
    char bin[256];
    char why[2048];               /* why it could not start */
} test_pg;

#define TEST_PG_PORT 5433

/* Runs a PostgreSQL program (BIN/NAME ARGS) as the user PostgreSQL accepts; 0 when it worked. */
static inline int test_pg_run(test_pg *pg, const char *name, const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s %s/%s %s >>%s/pg.out 2>&1", geteuid() == 0 ? "runuser -u postgres --" : "", pg->bin,
             name, args, pg->dir);
    return system(cmd) == 0 ? 0 : -1;
}

static inline int test_pg_start(test_pg *pg)
{
    char args[1024];
    snprintf(args, sizeof args, "-D %s/data -o \"-k %s -p %d -c listen_addresses='' -c fsync=off\" -l %s/log -w start",
             pg->dir, pg->dir, TEST_PG_PORT, pg->dir);
    return test_pg_run(pg, "pg_ctl", args);
}

static inline int test_pg_stop(test_pg *pg)
{
    char args[600];
    snprintf(args, sizeof args, "-D %s/data -m fast -w stop", pg->dir);
    return test_pg_run(pg, "pg_ctl", args);
}

/* A libpq connection string for USER on the cluster's database DB. Returns a static string. */
static inline const char *test_pg_conninfo(const test_pg *pg, const char *user, const char *db)
{
    static char out[4][512];
    static int next;
    char *s = out[next++ % 4];
    snprintf(s, 512, "host=%s port=%d user=%s dbname=%s", pg->dir, TEST_PG_PORT, user, db);
    return s;
}

/* Makes the cluster and its database "dawr". Returns 0, or -1 with the reason in pg->why. */
static inline int test_pg_setup(test_pg *pg)
{
    snprintf(pg->bin, sizeof pg->bin, "/usr/lib/postgresql/15/bin");
    char tmpl[] = "/tmp/dawr-pg-XXXXXX";
    if (!mkdtemp(tmpl)) { snprintf(pg->why, sizeof pg->why, "no temporary folder"); return -1; }
    snprintf(pg->dir, sizeof pg->dir, "%s", tmpl);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "%s/initdb", pg->bin);
    if (access(cmd, X_OK) != 0) {
        snprintf(pg->why, sizeof pg->why, "PostgreSQL 15 is not installed (%s missing; make deps installs postgresql-15)", cmd);
        return -1;
    }
    if (geteuid() == 0) snprintf(cmd, sizeof cmd, "chmod 755 %s && chown postgres %s", pg->dir, pg->dir);
    else snprintf(cmd, sizeof cmd, "chmod 755 %s", pg->dir);
    char args[600];
    snprintf(args, sizeof args, "-D %s/data -A trust -U dawr --no-sync", pg->dir);
    if (system(cmd) != 0 || test_pg_run(pg, "initdb", args) != 0 || test_pg_start(pg) != 0) {
        snprintf(pg->why, sizeof pg->why, "the private cluster in %s did not start (see %s/pg.out and %s/log)", pg->dir,
                 pg->dir, pg->dir);
        return -1;
    }
    PGconn *c = PQconnectdb(test_pg_conninfo(pg, "dawr", "postgres"));
    PGresult *r = PQexec(c, "CREATE DATABASE dawr");
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) snprintf(pg->why, sizeof pg->why, "CREATE DATABASE: %s", PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return ok ? 0 : -1;
}

static inline void test_pg_remove(test_pg *pg)
{
    if (!pg->dir[0]) return;
    test_pg_stop(pg);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", pg->dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", pg->dir);
}

/* The first column of the first row of SQL as USER, as a number; -1 when it failed (the error
 * into ERR when not NULL). */
static inline long long test_pg_int(const test_pg *pg, const char *user, const char *sql, char *err, size_t err_size)
{
    PGconn *c = PQconnectdb(test_pg_conninfo(pg, user, "dawr"));
    PGresult *r = PQexec(c, sql);
    long long v = -1;
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) v = atoll(PQgetvalue(r, 0, 0));
    else if (st == PGRES_COMMAND_OK) v = atoll(PQcmdTuples(r));
    else if (err) snprintf(err, err_size, "%s", PQresultErrorMessage(r));
    if (err && (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)) err[0] = 0;
    PQclear(r);
    PQfinish(c);
    return v;
}

#endif
