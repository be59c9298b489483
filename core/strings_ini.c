/* Interface strings: inih reads strings.ini into two small tables. */
#include "strings_ini.h"

#include <errno.h>
#include <ini.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef DAWR_DATADIR
#define DAWR_DATADIR "/usr/local/share/dawr"
#endif

typedef struct { char *key, *value; } entry;

struct dawr_strings {
    entry *items[2];
    int count[2], cap[2];
    char *joined[2][64];          /* values joined from numbered keys, made on first use */
    char *joined_key[2][64];
};

static int add(dawr_strings *s, int lang, const char *key, const char *value)
{
    if (s->count[lang] == s->cap[lang]) {
        int cap = s->cap[lang] ? 2 * s->cap[lang] : 64;
        entry *grown = realloc(s->items[lang], (size_t)cap * sizeof *grown);
        if (!grown) return 0;
        s->items[lang] = grown;
        s->cap[lang] = cap;
    }
    entry *e = &s->items[lang][s->count[lang]];
    e->key = strdup(key);
    e->value = strdup(value);
    if (!e->key || !e->value) { free(e->key); free(e->value); return 0; }
    s->count[lang]++;
    return 1;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    int lang = !strcmp(section, "ar") ? DAWR_LANG_AR : !strcmp(section, "en") ? DAWR_LANG_EN : -1;
    if (lang < 0) return 1;       /* other sections belong to other readers */
    return add(user, lang, name, value);
}

dawr_strings *dawr_strings_load(const char *path, char *err, size_t err_size)
{
    dawr_strings *s = calloc(1, sizeof *s);
    if (!s) { snprintf(err, err_size, "%s: out of memory", path); return NULL; }
    int r = ini_parse(path, on_key, s);
    if (r != 0) {
        if (r < 0) snprintf(err, err_size, "%s: cannot open: %s", path, strerror(errno));
        else snprintf(err, err_size, "%s:%d: cannot read this line", path, r);
        dawr_strings_free(s);
        return NULL;
    }
    return s;
}

void dawr_strings_free(dawr_strings *s)
{
    if (!s) return;
    for (int l = 0; l < 2; l++) {
        for (int i = 0; i < s->count[l]; i++) { free(s->items[l][i].key); free(s->items[l][i].value); }
        free(s->items[l]);
        for (int i = 0; i < 64; i++) { free(s->joined[l][i]); free(s->joined_key[l][i]); }
    }
    free(s);
}

static const char *find(const dawr_strings *s, int lang, const char *key)
{
    for (int i = 0; i < s->count[lang]; i++)
        if (!strcmp(s->items[lang][i].key, key)) return s->items[lang][i].value;
    return NULL;
}

/* KEY_1 KEY_2 ... joined by spaces, kept in the table. */
static const char *find_joined(dawr_strings *s, int lang, const char *key)
{
    int slot = 0;
    for (; slot < 64 && s->joined_key[lang][slot]; slot++)
        if (!strcmp(s->joined_key[lang][slot], key)) return s->joined[lang][slot];
    if (slot == 64) return NULL;
    char *text = NULL;
    size_t len = 0;
    for (int i = 1;; i++) {
        char part_key[128];
        snprintf(part_key, sizeof part_key, "%s_%d", key, i);
        const char *part = find(s, lang, part_key);
        if (!part) break;
        char *grown = realloc(text, len + strlen(part) + 2);
        if (!grown) { free(text); return NULL; }
        text = grown;
        if (len) text[len++] = ' ';
        strcpy(text + len, part);
        len += strlen(part);
    }
    if (!text) return NULL;
    s->joined[lang][slot] = text;
    s->joined_key[lang][slot] = strdup(key);
    return text;
}

const char *dawr_strings_get(const dawr_strings *s, dawr_lang lang, const char *key)
{
    if (!s) return key;
    dawr_strings *m = (dawr_strings *)s;   /* the joined cache is filled on first use */
    for (int pass = 0; pass < 2; pass++) {
        int l = pass ? !lang : (int)lang;
        const char *v = find(s, l, key);
        if (!v) v = find_joined(m, l, key);
        if (v) return v;
    }
    return key;
}

int dawr_strings_fill(char *out, size_t size, const char *template, ...)
{
    size_t n = 0;
    for (const char *p = template; *p;) {
        const char *value = NULL;
        size_t skip = 1;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            va_list ap;
            va_start(ap, template);
            for (const char *name; close && (name = va_arg(ap, const char *));) {
                const char *v = va_arg(ap, const char *);
                if (strlen(name) == (size_t)(close - p - 1) && !strncmp(p + 1, name, close - p - 1)) {
                    value = v ? v : "";
                    skip = (size_t)(close - p) + 1;
                    break;
                }
            }
            va_end(ap);
        }
        size_t len = value ? strlen(value) : 1;
        if (n + len + 1 > size) return -1;
        memcpy(out + n, value ? value : p, len);
        n += len;
        p += skip;
    }
    if (n + 1 > size) return -1;
    out[n] = 0;
    return (int)n;
}

const char *dawr_asset_path(const char *file, char *out, size_t size)
{
    const char *env = getenv("DAWR_ASSETS");
    if (env && *env) snprintf(out, size, "%s/%s", env, file);
    else if (access("assets/dawr.conf", R_OK) == 0) snprintf(out, size, "assets/%s", file);
    else snprintf(out, size, "%s/%s", DAWR_DATADIR, file);
    return out;
}
