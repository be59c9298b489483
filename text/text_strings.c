#include "text_strings.h"

#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text_utf8.h"

typedef struct { char *key, *value; } entry;

typedef struct {
    entry *e;
    size_t n, cap;
} table;

struct dawr_strings {
    table lang[2];
};

typedef struct {
    dawr_strings *s;
    char why[160];
} loader;

static int entry_cmp(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->key, ((const entry *)b)->key);
}

static entry *table_find(const table *t, const char *key)
{
    entry probe = { (char *)key, NULL };
    return t->n ? bsearch(&probe, t->e, t->n, sizeof *t->e, entry_cmp) : NULL;
}

static entry *table_find_linear(const table *t, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (strcmp(t->e[i].key, key) == 0) return &t->e[i];
    return NULL;
}

/* Takes ownership of key and value (frees them on failure). */
static int table_add(table *t, char *key, char *value)
{
    if (!key || !value) goto fail;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        entry *e = realloc(t->e, cap * sizeof *e);
        if (!e) goto fail;
        t->e = e;
        t->cap = cap;
    }
    t->e[t->n++] = (entry){ key, value };
    return 0;
fail:
    free(key);
    free(value);
    return -1;
}

static bool valid_utf8(const char *s)
{
    size_t len = strlen(s);
    uint32_t *cps = malloc((len + 1) * sizeof *cps), *offs = malloc((len + 2) * sizeof *offs);
    bool ok = cps && offs;
    if (ok) {
        size_t n = dawr_utf8_decode(s, len, cps, offs);
        /* U+FFFD written in the file is fine; one made by the decoder is not. */
        for (size_t i = 0; i < n && ok; i++)
            if (cps[i] == DAWR_REPLACEMENT_CHAR && strncmp(s + offs[i], "\xEF\xBF\xBD", 3) != 0) ok = false;
    }
    free(cps);
    free(offs);
    return ok;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    loader *ld = user;
    int li;
    if (strcmp(section, "ar") == 0) li = DAWR_LANG_AR;
    else if (strcmp(section, "en") == 0) li = DAWR_LANG_EN;
    else {
        snprintf(ld->why, sizeof ld->why, "unknown section [%s] (want [ar] or [en])", section);
        return 0;
    }
    table *t = &ld->s->lang[li];
    if (table_find_linear(t, name)) {
        snprintf(ld->why, sizeof ld->why, "[%s] %s is given twice", section, name);
        return 0;
    }
    if (!valid_utf8(value) || !valid_utf8(name)) {
        snprintf(ld->why, sizeof ld->why, "[%s] %s is not valid UTF-8", section, name);
        return 0;
    }
    if (table_add(t, strdup(name), strdup(value)) < 0) {
        snprintf(ld->why, sizeof ld->why, "out of memory");
        return 0;
    }
    return 1;
}

/* Adds base = part_1 + " " + part_2 + … for every key ending in "_1" whose base is free. */
static int join_parts(table *t)
{
    size_t n = t->n;
    for (size_t i = 0; i < n; i++) {
        const char *k = t->e[i].key;
        size_t kl = strlen(k);
        if (kl < 3 || strcmp(k + kl - 2, "_1") != 0) continue;
        char base[256];
        if (kl - 2 >= sizeof base - 8) continue;
        memcpy(base, k, kl - 2);
        base[kl - 2] = 0;
        if (table_find_linear(t, base)) continue;
        size_t len = 0;
        char *joined = NULL, part[272];
        for (int p = 1;; p++) {
            snprintf(part, sizeof part, "%s_%d", base, p);
            entry *e = table_find_linear(t, part);
            if (!e) break;
            size_t vl = strlen(e->value);
            char *j = realloc(joined, len + vl + 2);
            if (!j) { free(joined); return -1; }
            joined = j;
            if (len) joined[len++] = ' ';
            memcpy(joined + len, e->value, vl + 1);
            len += vl;
        }
        if (table_add(t, strdup(base), joined) < 0) return -1;
    }
    return 0;
}

dawr_strings *dawr_strings_load(const char *path, char *err, size_t err_len)
{
    loader ld = { calloc(1, sizeof(dawr_strings)), "" };
    if (!ld.s) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    int rc = ini_parse(path, on_value, &ld);
    if (rc < 0) {
        snprintf(err, err_len, "%s: cannot read the file", path);
    } else if (rc > 0) {
        snprintf(err, err_len, "%s:%d: %s", path, rc, ld.why[0] ? ld.why : "syntax error");
    } else if (join_parts(&ld.s->lang[0]) < 0 || join_parts(&ld.s->lang[1]) < 0) {
        snprintf(err, err_len, "out of memory");
        rc = -1;
    }
    if (rc != 0) {
        dawr_strings_free(ld.s);
        return NULL;
    }
    for (int i = 0; i < 2; i++) qsort(ld.s->lang[i].e, ld.s->lang[i].n, sizeof(entry), entry_cmp);
    return ld.s;
}

void dawr_strings_free(dawr_strings *s)
{
    if (!s) return;
    for (int i = 0; i < 2; i++) {
        for (size_t k = 0; k < s->lang[i].n; k++) {
            free(s->lang[i].e[k].key);
            free(s->lang[i].e[k].value);
        }
        free(s->lang[i].e);
    }
    free(s);
}

const char *dawr_strings_get(const dawr_strings *s, dawr_lang lang, const char *key)
{
    int li = lang == DAWR_LANG_EN;
    entry *e = table_find(&s->lang[li], key);
    if (!e) e = table_find(&s->lang[!li], key);
    return e ? e->value : key;
}

size_t dawr_strings_count(const dawr_strings *s, dawr_lang lang)
{
    return s->lang[lang == DAWR_LANG_EN].n;
}

const char *dawr_strings_key(const dawr_strings *s, dawr_lang lang, size_t i)
{
    const table *t = &s->lang[lang == DAWR_LANG_EN];
    return i < t->n ? t->e[i].key : NULL;
}
