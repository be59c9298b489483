/* glibc chooses a catalogue's language from $LANGUAGE (when LC_MESSAGES is not "C") and
 * caches each translation until _nl_msg_cat_cntr changes. So, under one lock, a look-up sets
 * LANGUAGE to its language, bumps the counter, asks, and puts LANGUAGE back as the user had it
 * (so a program started from ours, and other libraries' messages, see no change). LC_MESSAGES
 * is set to C.UTF-8 (always present) so that LANGUAGE counts. Measured here: 0.4 µs a look-up.
 * LANGUAGE is put in the environment when the catalogues are opened, before a program starts
 * its threads: later look-ups only replace its value, whereas adding a variable grows environ
 * and another thread's getenv (espeak-ng's in the speech thread, tzset's) can read it freed.
 * The per-language alternative, reading the .mo files ourselves, would mean evaluating the
 * Plural-Forms expressions by hand. */
#include "text_i18n.h"
#include "text_number.h"
#include "text_template.h"

#include <libintl.h>
#include <locale.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DOMAIN "dawr"

#ifndef DAWR_LOCALEDIR
#define DAWR_LOCALEDIR "/usr/local/share/locale"
#endif

extern int _nl_msg_cat_cntr;      /* glibc's catalogue generation, part of its ABI for this */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int opened;
static int user = -1;             /* the language the environment asks for (dawr_i18n_user_lang) */
static char user_language[256];   /* $LANGUAGE as the program found it ("" when unset) */
static char dir[1024];

static const char *code(dawr_lang lang) { return lang == DAWR_LANG_EN ? "en" : "ar"; }

static void default_dir(char *out, size_t size)
{
    const char *env = getenv("DAWR_LOCALEDIR");
    if (env && *env) snprintf(out, size, "%s", env);
    else if (access("build/locale/ar/LC_MESSAGES/" DOMAIN ".mo", R_OK) == 0) snprintf(out, size, "build/locale");
    else snprintf(out, size, "%s", DAWR_LOCALEDIR);
}

/* Under the lock, before LANGUAGE is first changed. */
static void remember_user_lang(void)
{
    if (user >= 0) return;
    const char *language = getenv("LANGUAGE");
    snprintf(user_language, sizeof user_language, "%s", language ? language : "");
    static const char *const VARS[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
    const char *value = "";
    for (size_t i = 0; i < sizeof VARS / sizeof VARS[0] && !*value; i++) {
        const char *v = getenv(VARS[i]);
        if (v) value = v;
    }
    user = !strncmp(value, "ar", 2) ? DAWR_LANG_AR : DAWR_LANG_EN;
}

dawr_lang dawr_i18n_user_lang(void)
{
    pthread_mutex_lock(&lock);
    remember_user_lang();
    pthread_mutex_unlock(&lock);
    return (dawr_lang)user;
}

/* Under the lock. */
static int open_locked(const char *want, char *err, size_t err_size)
{
    char path[1200];
    if (want) snprintf(dir, sizeof dir, "%s", want);
    else if (!opened) default_dir(dir, sizeof dir);
    if (!setlocale(LC_MESSAGES, "C.UTF-8")) {
        if (err) snprintf(err, err_size, "the C.UTF-8 locale is missing, so no catalogue can be used");
        return -1;
    }
    /* bindtextdomain wants an absolute folder: a relative one would follow a later chdir. */
    char absolute[PATH_MAX];
    const char *use = realpath(dir, absolute) ? absolute : dir;
    if (!bindtextdomain(DOMAIN, use) || !bind_textdomain_codeset(DOMAIN, "UTF-8")) {
        if (err) snprintf(err, err_size, "out of memory");
        return -1;
    }
    remember_user_lang();
    if (setenv("LANGUAGE", user_language, 1) != 0) {
        if (err) snprintf(err, err_size, "out of memory");
        return -1;
    }
    opened = 1;
    for (int l = DAWR_LANG_AR; l <= DAWR_LANG_EN; l++) {
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/" DOMAIN ".mo", dir, code((dawr_lang)l));
        if (access(path, R_OK) != 0) {
            if (err) snprintf(err, err_size, "%s: no %s catalogue there (make builds it, make install installs it)",
                              path, l == DAWR_LANG_AR ? "Arabic" : "English");
            return -1;
        }
    }
    return 0;
}

int dawr_i18n_open(const char *d, char *err, size_t err_size)
{
    pthread_mutex_lock(&lock);
    int rc = open_locked(d, err, err_size);
    pthread_mutex_unlock(&lock);
    return rc;
}

const char *dawr_i18n_dir(void)
{
    pthread_mutex_lock(&lock);
    if (!opened) open_locked(NULL, NULL, 0);
    pthread_mutex_unlock(&lock);
    return dir;
}

/* Under the lock: LANG is the catalogues' language for one look-up ... */
static void use_locked(dawr_lang lang)
{
    if (!opened) open_locked(NULL, NULL, 0);
    remember_user_lang();
    setenv("LANGUAGE", code(lang), 1);
    ++_nl_msg_cat_cntr;
}

/* ... and then LANGUAGE is the user's again. */
static void done_locked(void)
{
    setenv("LANGUAGE", user_language, 1);
    ++_nl_msg_cat_cntr;
}

const char *dawr_tr(dawr_lang lang, const char *msgid)
{
    pthread_mutex_lock(&lock);
    use_locked(lang);
    const char *s = dgettext(DOMAIN, msgid);
    done_locked();
    pthread_mutex_unlock(&lock);
    return s;
}

const char *dawr_trc(dawr_lang lang, const char *context, const char *msgid)
{
    /* A msgctxt is stored as "CONTEXT\004MSGID" (what gettext.h's pgettext does). */
    char key[1024];
    if ((size_t)snprintf(key, sizeof key, "%s\004%s", context, msgid) >= sizeof key) return msgid;
    pthread_mutex_lock(&lock);
    use_locked(lang);
    const char *s = dgettext(DOMAIN, key);
    done_locked();
    pthread_mutex_unlock(&lock);
    return s == key ? msgid : s;
}

const char *dawr_ntr(dawr_lang lang, const char *singular, const char *plural, unsigned long n)
{
    pthread_mutex_lock(&lock);
    use_locked(lang);
    const char *s = dngettext(DOMAIN, singular, plural, n);
    done_locked();
    pthread_mutex_unlock(&lock);
    return s;
}

int dawr_tr_count(char *out, size_t size, dawr_lang lang, const char *singular, const char *plural, long n)
{
    char num[32];
    if (dawr_number_format(n, 0, lang, num, sizeof num) < 0) return -1;
    return dawr_template_fill(out, size, dawr_ntr(lang, singular, plural, n < 0 ? (unsigned long)-n : (unsigned long)n), "n",
                     num, (const char *)NULL);
}

/* A compiled catalogue (GNU .mo): a header of 32-bit words, then N (length, offset) pairs for
 * the msgids and N for their translations; a counted msgid holds "singular\0plural" and its
 * translation the forms one after another, each ending in \0. */
typedef struct {
    unsigned char *data;
    size_t size;
    int swap;                          /* written on a machine of the other byte order */
} mo_file;

static uint32_t mo_word(const mo_file *mo, size_t at)
{
    uint32_t w;
    memcpy(&w, mo->data + at, 4);
    return mo->swap ? __builtin_bswap32(w) : w;
}

/* The I-th string of the table at TABLE; NULL when it lies outside the file. */
static const char *mo_string(const mo_file *mo, uint32_t table, uint32_t i, uint32_t *len)
{
    size_t at = (size_t)table + (size_t)i * 8;
    if (at + 8 > mo->size) return NULL;
    uint32_t n = mo_word(mo, at), off = mo_word(mo, at + 4);
    if ((size_t)off + n + 1 > mo->size || mo->data[off + n] != 0) return NULL;
    *len = n;
    return (const char *)mo->data + off;
}

static int mo_read(dawr_lang lang, mo_file *mo, char *err, size_t err_size)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/" DOMAIN ".mo", dawr_i18n_dir(), code(lang));
    memset(mo, 0, sizeof *mo);
    FILE *f = fopen(path, "rb");
    if (!f) { if (err) snprintf(err, err_size, "%s: cannot open", path); return -1; }
    long n = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    mo->data = n >= 28 && fseek(f, 0, SEEK_SET) == 0 ? malloc((size_t)n) : NULL;
    int ok = mo->data && fread(mo->data, 1, (size_t)n, f) == (size_t)n;
    fclose(f);
    mo->size = ok ? (size_t)n : 0;
    uint32_t magic = ok ? mo_word(mo, 0) : 0;
    if (magic == 0xde120495) mo->swap = 1;
    if (!ok || (magic != 0x950412de && magic != 0xde120495)) {
        if (err) snprintf(err, err_size, "%s: not a compiled catalogue", path);
        free(mo->data);
        mo->data = NULL;
        return -1;
    }
    return 0;
}

int dawr_i18n_each(dawr_lang lang, void (*fn)(const dawr_i18n_entry *e, void *ctx), void *ctx, char *err,
                   size_t err_size)
{
    mo_file mo;
    if (mo_read(lang, &mo, err, err_size) < 0) return -1;
    uint32_t count = mo_word(&mo, 8), ids = mo_word(&mo, 12), strs = mo_word(&mo, 16);
    int done = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint32_t id_len, str_len;
        const char *id = mo_string(&mo, ids, i, &id_len), *str = mo_string(&mo, strs, i, &str_len);
        if (!id || !str) {
            if (err) snprintf(err, err_size, "%s/%s: entry %u lies outside the file", dawr_i18n_dir(), code(lang), i);
            done = -1;
            break;
        }
        if (!*id) continue;                /* the header */
        dawr_i18n_entry e = { .msgid = id };
        const char *eot = strchr(id, '\004');   /* "CONTEXT\004MSGID" */
        char context[512];
        if (eot) {
            snprintf(context, sizeof context, "%.*s", (int)(eot - id), id);
            e.context = context;
            e.msgid = eot + 1;
        }
        size_t first = strlen(id);
        if (first < id_len) e.plural = id + first + 1;
        for (const char *f = str; f <= str + str_len && e.form_count < DAWR_I18N_MAX_FORMS; f += strlen(f) + 1)
            e.forms[e.form_count++] = f;
        fn(&e, ctx);
        done++;
    }
    free(mo.data);
    return done;
}

int dawr_i18n_plural_rule(dawr_lang lang, char *out, size_t size)
{
    /* The header is the translation of "": "Plural-Forms: nplurals=N; plural=EXPR;\n". */
    pthread_mutex_lock(&lock);
    use_locked(lang);
    const char *header = dgettext(DOMAIN, "");   /* not dawr_tr: xgettext would take "" for a msgid */
    done_locked();
    pthread_mutex_unlock(&lock);
    const char *at = strstr(header, "Plural-Forms:"), *rule = at ? strstr(at, "plural=") : NULL;
    if (!rule) return -1;
    rule += 7;
    size_t n = strcspn(rule, ";\n");
    if (n >= size) return -1;
    memcpy(out, rule, n);
    out[n] = 0;
    return 0;
}

const char *dawr_tr_rating(dawr_lang lang, int score)
{
    static const char *const WORDS[5] = { N_("Not satisfied"), N_("Fair"), N_("Good"), N_("Very good"), N_("Excellent") };
    return score >= 1 && score <= 5 ? dawr_tr(lang, WORDS[score - 1]) : "";
}

const char *dawr_tr_rating_reason(dawr_lang lang, const char *tag)
{
    static const struct { const char *tag, *words; } REASONS[] = {
        { "waiting", N_("Waiting time") },           { "courtesy", N_("Courtesy of the staff") },
        { "clarity", N_("Clarity of the procedure") }, { "place", N_("The place") },
        { "other", N_("Something else") },
    };
    for (size_t i = 0; i < sizeof REASONS / sizeof REASONS[0]; i++)
        if (!strcmp(REASONS[i].tag, tag)) return dawr_tr(lang, REASONS[i].words);
    return tag;
}

void dawr_tr_channels(char *out, size_t size, dawr_lang lang, const char *website, const char *whatsapp)
{
    char web[160] = "", wa[160] = "";
    out[0] = 0;
    if (website && *website) dawr_text_isolate(website, 0, web, sizeof web);
    if (whatsapp && *whatsapp) {
        char *digits = dawr_digits_localize(whatsapp, lang);
        dawr_text_isolate(digits ? digits : whatsapp, 0, wa, sizeof wa);
        free(digits);
    }
    if (!*web && !*wa) return;
    const char *form = *web && *wa ? dawr_tr(lang, "Meanwhile we answer at {website} and on WhatsApp {whatsapp}")
                     : *web ? dawr_tr(lang, "Meanwhile we answer at {website}")
                            : dawr_tr(lang, "Meanwhile we answer on WhatsApp {whatsapp}");
    dawr_template_fill(out, size, form, "website", web, "whatsapp", wa, NULL);
}
