/* Translations: the catalogues (po/LANG.po, compiled into $BUILD/locale) through text_i18n.
 * Counted words with Arabic's six plural forms, look-ups that switch language in one process
 * and from two threads, and a catalogue that lacks none of the msgids in the sources. */
#include "harness.h"
#include "testutil.h"
#include "text_i18n.h"
#include "text_template.h"

#include <errno.h>
#include <pthread.h>
#include <sys/wait.h>

static const long COUNTS[] = { 0, 1, 2, 3, 10, 11, 100 };
static char language_at_start[256];      /* $LANGUAGE before any look-up */

static void check_counts(dawr_lang lang, const char *singular, const char *plural, const char *const want[7])
{
    char out[128];
    for (int i = 0; i < 7; i++) {
        CHECK(dawr_tr_count(out, sizeof out, lang, singular, plural, COUNTS[i]) > 0, "n = %ld", COUNTS[i]);
        CHECK(strcmp(out, want[i]) == 0, "%s, n = %ld: expected \"%s\", got \"%s\"", lang == DAWR_LANG_AR ? "ar" : "en",
              COUNTS[i], want[i], out);
    }
}

static void minutes_in_six_forms(void)
{
    static const char *const ar[7] = { "٠ دقيقة", "دقيقة واحدة", "دقيقتان", "٣ دقائق", "١٠ دقائق", "١١ دقيقة", "١٠٠ دقيقة" };
    static const char *const en[7] = { "0 minutes", "1 minute", "2 minutes", "3 minutes", "10 minutes", "11 minutes",
                                       "100 minutes" };
    check_counts(DAWR_LANG_AR, "{n} minute", "{n} minutes", ar);
    check_counts(DAWR_LANG_EN, "{n} minute", "{n} minutes", en);
    /* 103..110 take the form of 3..10 again, 101 and 102 that of 100 */
    char out[64];
    dawr_tr_count(out, sizeof out, DAWR_LANG_AR, "{n} minute", "{n} minutes", 103);
    CHECK_STR(out, "١٠٣ دقائق");
    dawr_tr_count(out, sizeof out, DAWR_LANG_AR, "{n} minute", "{n} minutes", 102);
    CHECK_STR(out, "١٠٢ دقيقة");
}

static void people_in_six_forms(void)
{
    static const char *const ar[7] = { "لا أحد", "شخص واحد", "شخصان", "٣ أشخاص", "١٠ أشخاص", "١١ شخصًا", "١٠٠ شخص" };
    static const char *const en[7] = { "0 people", "1 person", "2 people", "3 people", "10 people", "11 people",
                                       "100 people" };
    check_counts(DAWR_LANG_AR, "{n} person", "{n} people", ar);
    check_counts(DAWR_LANG_EN, "{n} person", "{n} people", en);
}

/* The kiosk changes language per visitor and the display draws both: no look-up may return
 * the language of the one before it. */
static void languages_switch_in_one_process(void)
{
    for (int round = 0; round < 3; round++) {
        CHECK_STR(dawr_tr(DAWR_LANG_AR, "Number"), "الرقم");
        CHECK_STR(dawr_tr(DAWR_LANG_EN, "Number"), "Number");
        CHECK_STR(dawr_tr(DAWR_LANG_AR, "Number"), "الرقم");
        CHECK_STR(dawr_ntr(DAWR_LANG_EN, "{n} minute", "{n} minutes", 2), "{n} minutes");
        CHECK_STR(dawr_ntr(DAWR_LANG_AR, "{n} minute", "{n} minutes", 2), "دقيقتان");
    }
    /* The same English with two meanings, told apart by context. */
    CHECK_STR(dawr_trc(DAWR_LANG_AR, "keypad key that confirms", "OK"), "تم");
    CHECK_STR(dawr_trc(DAWR_LANG_AR, "button that closes a message", "OK"), "حسنًا");
    CHECK_STR(dawr_trc(DAWR_LANG_EN, "button that closes a message", "OK"), "OK");
    /* A msgid the catalogue lacks comes back as it is, in both languages. */
    CHECK_STR(dawr_tr(DAWR_LANG_AR, "No such words in any catalogue"), "No such words in any catalogue");
    CHECK_STR(dawr_trc(DAWR_LANG_AR, "nowhere", "OK"), "OK");
    CHECK_STR(dawr_tr_rating(DAWR_LANG_AR, 5), "ممتاز");
    CHECK_STR(dawr_tr_rating(DAWR_LANG_EN, 1), "Not satisfied");
    CHECK_STR(dawr_tr_rating_reason(DAWR_LANG_AR, "waiting"), "مدة الانتظار");
    CHECK_STR(dawr_tr_rating_reason(DAWR_LANG_AR, "parking"), "parking");
    char rule[256];
    REQUIRE(dawr_i18n_plural_rule(DAWR_LANG_AR, rule, sizeof rule) == 0, "no Plural-Forms in the Arabic catalogue");
    CHECK(strstr(rule, "n%100>=11") != NULL, "Arabic rule: %s", rule);
    REQUIRE(dawr_i18n_plural_rule(DAWR_LANG_EN, rule, sizeof rule) == 0, "no Plural-Forms in the English catalogue");
    CHECK_STR(rule, "(n != 1)");
}

static void *lookups(void *arg)
{
    dawr_lang lang = (dawr_lang)(long)arg;
    const char *want = lang == DAWR_LANG_AR ? "الرقم" : "Number";
    long wrong = 0;
    for (int i = 0; i < 20000; i++) wrong += strcmp(dawr_tr(lang, "Number"), want) != 0;
    return (void *)wrong;
}

static void threads_keep_their_language(void)
{
    pthread_t a, b;
    void *wrong_a, *wrong_b;
    pthread_create(&a, NULL, lookups, (void *)(long)DAWR_LANG_AR);
    pthread_create(&b, NULL, lookups, (void *)(long)DAWR_LANG_EN);
    pthread_join(a, &wrong_a);
    pthread_join(b, &wrong_b);
    CHECK_INT((long)wrong_a, 0);
    CHECK_INT((long)wrong_b, 0);
}

/* A look-up leaves LANGUAGE as it found it: a program started from ours (dawrctl from a test,
 * say) must not inherit the language of the last look-up. */
static void the_environment_is_left_as_it_was(void)
{
    CHECK_STR(dawr_tr(DAWR_LANG_AR, "Number"), "الرقم");
    const char *now = getenv("LANGUAGE");
    CHECK_STR(now ? now : "", language_at_start);
    CHECK_INT(system("test \"$LANGUAGE\" != ar"), 0);
    /* Other libraries' messages keep the user's language: with none asked for, glibc's own are English. */
    if (!*language_at_start)
        CHECK(strstr(strerror(ENOENT), "No such file") != NULL, "strerror: %s", strerror(ENOENT));
}

/* Opening the catalogues puts LANGUAGE in the environment; look-ups after it only replace its
 * value, never grow environ, which another thread's getenv may be reading (the speech thread's
 * espeak-ng crashed in getenv when a first look-up added LANGUAGE as it started). */
static void look_ups_never_grow_the_environment(void)
{
    extern char **environ;
    char err[512], dir[1024];
    snprintf(dir, sizeof dir, "%s", dawr_i18n_dir());
    unsetenv("LANGUAGE");
    REQUIRE(dawr_i18n_open(dir, err, sizeof err) == 0, "%s", err);
    CHECK(getenv("LANGUAGE") != NULL, "LANGUAGE is not in the environment after the catalogues are opened");
    char **before = environ;
    CHECK_STR(dawr_tr(DAWR_LANG_AR, "Number"), "الرقم");
    CHECK_STR(dawr_tr(DAWR_LANG_EN, "Number"), "Number");
    CHECK(environ == before, "a look-up grew the environment");
}

static void fill_and_count_limits(void)
{
    char out[256];
    CHECK_INT(dawr_tr_count(out, 6, DAWR_LANG_AR, "{n} minute", "{n} minutes", 11), -1);
    CHECK(dawr_template_fill(out, sizeof out, dawr_tr(DAWR_LANG_AR, "Number {number}, please go to {counter}"), "number", "إيه 1",
                    "counter", "شباك ١", (const char *)NULL) > 0, "fill Arabic");
    CHECK_STR(out, "الرقم إيه 1، تفضّلوا إلى شباك ١");
}

static int entries;
static void count_entry(const dawr_i18n_entry *e, void *ctx)
{
    (void)ctx;
    entries++;
    if (e->plural) CHECK(e->form_count == 6 || e->form_count == 2, "%s: %d forms", e->msgid, e->form_count);
}

static void catalogue_is_walked_and_a_missing_one_named(void)
{
    char err[512];
    entries = 0;
    int n = dawr_i18n_each(DAWR_LANG_AR, count_entry, NULL, err, sizeof err);
    CHECK(n > 50 && n == entries, "%d entries (%d seen): %s", n, entries, err);
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", dawr_i18n_dir());
    CHECK_INT(dawr_i18n_open("/nonexistent/locale", err, sizeof err), -1);
    CHECK(strstr(err, "/nonexistent/locale/ar/LC_MESSAGES/dawr.mo: no Arabic catalogue") != NULL, "message: %s", err);
    REQUIRE(dawr_i18n_open(dir, err, sizeof err) == 0, "%s", err);
    CHECK_STR(dawr_tr(DAWR_LANG_AR, "Number"), "الرقم");
}

static int run(const char *cmd)
{
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Every msgid xgettext finds in the sources (make pot, as translators get them) is in both
 * catalogues with a translation that is neither empty nor fuzzy, and po/dawr.pot is current. */
static void catalogues_lack_no_source_string(void)
{
    const char *dir = scratch_dir("translations");
    REQUIRE(dir, "no scratch folder");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "make -s --no-print-directory pot POT=%s/fresh.pot >%s/xgettext.log 2>&1", dir, dir);
    REQUIRE(run(cmd) == 0, "make pot failed: see %s/xgettext.log", dir);
    for (const char *const *po = (const char *const[]){ "po/ar.po", "po/en.po", NULL }; *po; po++) {
        snprintf(cmd, sizeof cmd, "msgfmt --check -o /dev/null %s", *po);
        CHECK(run(cmd) == 0, "msgfmt --check %s failed", *po);
        snprintf(cmd, sizeof cmd, "msgcmp %s %s/fresh.pot >&2", *po, dir);
        CHECK(run(cmd) == 0, "%s lacks a msgid of the sources, or leaves one untranslated or fuzzy (msgcmp above); "
              "run make pot, msgmerge --update %s po/dawr.pot and translate", *po, *po);
    }
    snprintf(cmd, sizeof cmd, "msgcmp --use-untranslated po/dawr.pot %s/fresh.pot >&2", dir);
    CHECK(run(cmd) == 0, "po/dawr.pot is out of date: run make pot");
    /* The check itself fails when a source string is new. */
    snprintf(cmd, sizeof cmd, "printf 'x = dawr_tr(lang, \"A sentence nobody translated\");\\n' >%s/new.c && "
             "xgettext --from-code=UTF-8 --keyword=dawr_tr:2 -o %s/new.pot %s/new.c && "
             "msgcat -o %s/more.pot %s/fresh.pot %s/new.pot", dir, dir, dir, dir, dir, dir);
    REQUIRE(run(cmd) == 0, "could not make the test's catalogue");
    snprintf(cmd, sizeof cmd, "msgcmp po/ar.po %s/more.pot 2>/dev/null", dir);
    CHECK(run(cmd) != 0, "msgcmp did not notice a new msgid");
}

static const test_case cases[] = {
    { "minutes_in_six_forms", minutes_in_six_forms },
    { "people_in_six_forms", people_in_six_forms },
    { "languages_switch_in_one_process", languages_switch_in_one_process },
    { "threads_keep_their_language", threads_keep_their_language },
    { "the_environment_is_left_as_it_was", the_environment_is_left_as_it_was },
    { "fill_and_count_limits", fill_and_count_limits },
    { "catalogue_is_walked_and_a_missing_one_named", catalogue_is_walked_and_a_missing_one_named },
    { "catalogues_lack_no_source_string", catalogues_lack_no_source_string },
    { "look_ups_never_grow_the_environment", look_ups_never_grow_the_environment },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    char err[512];
    const char *language = getenv("LANGUAGE");
    snprintf(language_at_start, sizeof language_at_start, "%s", language ? language : "");
    if (dawr_i18n_open(NULL, err, sizeof err) < 0) {
        fprintf(stderr, "%s\n", err);
        printf("translations: 0 passed, 1 failed\n");
        return 1;
    }
    return harness_main("translations", cases, argc, argv);
}
