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
} console_session;

typedef struct console_sessions console_sessions;

enum { DAWR_SESSION_FOUND = 0, DAWR_SESSION_NONE = -1, DAWR_SESSION_EXPIRED = -2 };

/* NOW below is monotonic seconds: dawr_clock_monotonic_us() / 1e6. */

/* Sessions that lapse LIFETIME seconds after their last request. NULL when out of memory. */
console_sessions *console_sessions_new(double lifetime);
void console_sessions_free(console_sessions *s);
double console_sessions_lifetime(const console_sessions *s);

/* A new session for COUNTER; when full, the least recently used one makes room.
 * Returns it (owned by S, valid until removed) or NULL when no randomness was had. */
const console_session *console_sessions_create(console_sessions *s, const char *counter, double now);

/* The live session with TOKEN (may be NULL), its lifetime renewed, into *OUT.
 * Returns DAWR_SESSION_FOUND, or NONE / EXPIRED (an expired one is forgotten). */
int console_sessions_find(console_sessions *s, const char *token, double now, const console_session **out);

/* Whether TOKEN names a live session, without renewing it. */
int console_sessions_alive(console_sessions *s, const char *token, double now);

void console_sessions_remove(console_sessions *s, const char *token);

/* Whether HEADER is SESSION's CSRF token (constant time). */
int console_session_csrf_ok(const console_session *session, const char *header);

#endif
