/* The SQLite file behind Dawr, owned by the queue: opening with the safe settings (WAL,
 * synchronous=FULL, busy timeout, foreign keys), the schema and its forward migrations, change
 * detection, backup, and the check of the file and of the rules its rows keep (no duplicate or
 * missing numbers, every ticket's issue event, ratings of served tickets only). The SQL of the
 * operations lives in queue.c (and staff.c, report.c beside it). Internal to the engine:
 * programs open the queue (queue.h); this header includes <sqlite3.h>, refused above the engine. */
#ifndef DAWR_STORE_H
#define DAWR_STORE_H

#include <sqlite3.h>
#include <stddef.h>

typedef struct dawr_store dawr_store;

enum { DAWR_STORE_READ_WRITE = 0, DAWR_STORE_READ_ONLY = 1 };

/* Opens the database at PATH and brings its schema up to date (read-write); only with CREATE
 * (dawrctl init, restore) is a missing or empty file made a database, otherwise it is refused
 * ("no Dawr database at PATH: run dawrctl init"). A -wal left by a file that was at PATH before
 * is set aside, never replayed (read-only: refused). Opening and every statement wait at most
 * BUSY_MS for another connection's lock (0: 10 s read-write, 100 ms read-only). Every commit
 * is refused once PATH names another file or none. Returns a handle (close with
 * dawr_store_close) or NULL with the reason in ERR. */
dawr_store *dawr_store_open(const char *path, int mode, int busy_ms, int create, char *err, size_t err_size);
void dawr_store_close(dawr_store *store);

/* Whether PATH still names the file the store opened (a stat: cheap enough for every poll). */
enum { DAWR_STORE_FILE_SAME, DAWR_STORE_FILE_GONE, DAWR_STORE_FILE_REPLACED };
int dawr_store_file_state(dawr_store *store);
const char *dawr_store_path(const dawr_store *store);

/* Copies the database BACKUP into this one through SQLite's online backup (one write
 * transaction: other connections see the old or the new content whole, and the -wal stays this
 * file's), then migrates it. Returns 0, or -1 with the reason in ERR (nothing changed). */
int dawr_store_restore(dawr_store *store, const char *backup, char *err, size_t err_size);
/* Whether BACKUP is a readable, healthy Dawr database: 0, or -1 with the reason in ERR. */
int dawr_store_backup_usable(const char *backup, char *err, size_t err_size);

/* The connection, for the queue's prepared statements. Owned by the store. */
sqlite3 *dawr_store_db(dawr_store *store);

/* Schema version of the file (PRAGMA user_version) and the newest this program knows. */
int dawr_store_schema_version(dawr_store *store);
int dawr_store_schema_latest(void);

/* A number that changes whenever another connection commits (PRAGMA data_version):
 * readers poll it to learn of changes without re-reading everything. -1 on error. */
long long dawr_store_data_version(dawr_store *store);

/* Copies the live database to DEST with SQLite's online backup, then checks the copy.
 * Returns 0, or -1 with the reason in ERR. */
int dawr_store_backup(dawr_store *store, const char *dest, char *err, size_t err_size);

/* Integrity check of the file and of Dawr's own rules (no duplicate or missing ticket
 * numbers, every ticket has its issue event, foreign keys). Returns the number of problems
 * found (0 = healthy) and describes them in REPORT; -1 when the check itself could not run. */
int dawr_store_check(dawr_store *store, char *report, size_t report_size);

/* Plain-language text for an SQLite failure RC, for messages people read. */
const char *dawr_store_describe(int rc);

#endif
