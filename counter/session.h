/* Staff sessions, in memory: a restart of the console signs everyone out, which is safe.
 * Tokens are 32 random bytes (libsodium) in hex; each session has its own CSRF token and is
 * bound to one counter for its whole life. Comparisons are constant-time. */
#ifndef DAWR_SESSION_H
#define DAWR_SESSION_H

#define DAWR_SESSION_TOKEN 65          /* 64 hex digits and NUL */
#define DAWR_SESSION_MAX 256

typedef struct {
    char token[DAWR_SESSION_TOKEN];
    char csrf[DAWR_SESSION_TOKEN];
    char counter[33];
    double last_used;                  /* monotonic seconds */
} dawr_session;

typedef struct dawr_sessions dawr_sessions;

enum { DAWR_SESSION_FOUND = 0, DAWR_SESSION_NONE = -1, DAWR_SESSION_EXPIRED = -2 };

/* Sessions that lapse LIFETIME seconds after their last request. NULL when out of memory. */
dawr_sessions *dawr_sessions_new(double lifetime);
void dawr_sessions_free(dawr_sessions *s);
double dawr_sessions_lifetime(const dawr_sessions *s);

/* Monotonic seconds, for NOW below. */
double dawr_sessions_now(void);

/* A new session for COUNTER; when full, the least recently used one makes room.
 * Returns it (owned by S, valid until removed) or NULL when no randomness was had. */
const dawr_session *dawr_sessions_create(dawr_sessions *s, const char *counter, double now);

/* The live session with TOKEN (may be NULL), its lifetime renewed, into *OUT.
 * Returns DAWR_SESSION_FOUND, or NONE / EXPIRED (an expired one is forgotten). */
int dawr_sessions_find(dawr_sessions *s, const char *token, double now, const dawr_session **out);

/* Whether TOKEN names a live session, without renewing it. */
int dawr_sessions_alive(dawr_sessions *s, const char *token, double now);

void dawr_sessions_remove(dawr_sessions *s, const char *token);

/* Whether HEADER is SESSION's CSRF token (constant time). */
int dawr_session_csrf_ok(const dawr_session *session, const char *header);

#endif
