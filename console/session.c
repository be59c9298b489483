#include "session.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct console_sessions {
    console_session list[DAWR_SESSION_MAX];
    int used[DAWR_SESSION_MAX];
    double lifetime;
};

console_sessions *console_sessions_new(double lifetime)
{
    if (sodium_init() < 0) return NULL;
    console_sessions *s = calloc(1, sizeof *s);
    if (s) s->lifetime = lifetime;
    return s;
}

void console_sessions_free(console_sessions *s)
{
    if (s) sodium_memzero(s, sizeof *s);
    free(s);
}

double console_sessions_lifetime(const console_sessions *s) { return s->lifetime; }

static void random_hex(char out[DAWR_SESSION_TOKEN])
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2hex(out, DAWR_SESSION_TOKEN, bytes, sizeof bytes);
    sodium_memzero(bytes, sizeof bytes);
}

const console_session *console_sessions_create(console_sessions *s, const char *counter, double now)
{
    int slot = -1;
    for (int i = 0; i < DAWR_SESSION_MAX && slot < 0; i++)
        if (!s->used[i] || now - s->list[i].last_used > s->lifetime) slot = i;
    if (slot < 0) {                    /* full of live sessions: the least recently used goes */
        slot = 0;
        for (int i = 1; i < DAWR_SESSION_MAX; i++)
            if (s->list[i].last_used < s->list[slot].last_used) slot = i;
    }
    console_session *n = &s->list[slot];
    random_hex(n->token);
    random_hex(n->csrf);
    snprintf(n->counter, sizeof n->counter, "%s", counter);
    n->last_used = now;
    s->used[slot] = 1;
    return n;
}

/* The slot holding TOKEN, or -1. Every live slot is compared, in constant time each. */
static int slot_of(console_sessions *s, const char *token)
{
    if (!token || strlen(token) != DAWR_SESSION_TOKEN - 1) return -1;
    int found = -1;
    for (int i = 0; i < DAWR_SESSION_MAX; i++)
        if (s->used[i] && sodium_memcmp(s->list[i].token, token, DAWR_SESSION_TOKEN - 1) == 0) found = i;
    return found;
}

int console_sessions_find(console_sessions *s, const char *token, double now, const console_session **out)
{
    *out = NULL;
    int i = slot_of(s, token);
    if (i < 0) return DAWR_SESSION_NONE;
    if (now - s->list[i].last_used > s->lifetime) {
        s->used[i] = 0;
        sodium_memzero(&s->list[i], sizeof s->list[i]);
        return DAWR_SESSION_EXPIRED;
    }
    s->list[i].last_used = now;
    *out = &s->list[i];
    return DAWR_SESSION_FOUND;
}

int console_sessions_alive(console_sessions *s, const char *token, double now)
{
    int i = slot_of(s, token);
    return i >= 0 && now - s->list[i].last_used <= s->lifetime;
}

void console_sessions_remove(console_sessions *s, const char *token)
{
    int i = slot_of(s, token);
    if (i < 0) return;
    s->used[i] = 0;
    sodium_memzero(&s->list[i], sizeof s->list[i]);
}

int console_session_csrf_ok(const console_session *session, const char *header)
{
    return header && strlen(header) == DAWR_SESSION_TOKEN - 1 &&
           sodium_memcmp(session->csrf, header, DAWR_SESSION_TOKEN - 1) == 0;
}
