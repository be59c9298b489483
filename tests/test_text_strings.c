/* Every interface string (assets/strings.ini) and every value of the default configuration
 * (assets/dawr.conf) is laid out, regular and bold, and none may draw .notdef. Both files are
 * read with inih directly. Fonts are pinned (tests/fonts). */
#include "harness.h"
#include "text_fixture.h"
#include "text_layout.h"
#include "text_strings.h"

#include <ini.h>
#include <unistd.h>

static dawr_text *engine;

typedef struct {
    const char *file;
    int is_strings;    /* strings.ini: [ar] is right-to-left, [en] left-to-right */
    int laid_out, with_notdef;
    int ar_keys, en_keys;
} walk;

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    walk *w = user;
    dawr_dir dir = DAWR_DIR_AUTO;
    if (w->is_strings) {
        if (strcmp(section, "ar") == 0) { dir = DAWR_DIR_RTL; w->ar_keys++; }
        else if (strcmp(section, "en") == 0) { dir = DAWR_DIR_LTR; w->en_keys++; }
        else CHECK(0, "%s: unknown section [%s]", w->file, section);
    }
    for (int weight = 0; weight < 2; weight++) {
        dawr_layout_opts o = { .size_px = 28, .width_px = 600, .dir = dir, .weight = (dawr_weight)weight };
        dawr_layout *l = dawr_text_layout(engine, value, (size_t)-1, &o);
        if (!l) { CHECK(0, "%s: [%s] %s: layout failed", w->file, section, name); return 1; }
        size_t notdef = dawr_layout_notdef_count(l);
        w->laid_out++;
        if (notdef) {
            w->with_notdef++;
            CHECK(0, "%s: [%s] %s = \"%s\" draws %zu .notdef glyph(s)", w->file, section, name, value, notdef);
        }
        dawr_layout_free(l);
    }
    return 1;
}

static const char *assets_dir(void)
{
    const char *a = getenv("DAWR_ASSETS");
    return a && *a ? a : "assets";
}

static void test_interface_strings_have_glyphs(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/strings.ini", assets_dir());
    walk w = { path, 1, 0, 0, 0, 0 };
    int rc = ini_parse(path, on_value, &w);
    REQUIRE(rc == 0, "%s: %s (line %d)", path, rc < 0 ? "cannot open" : "syntax error", rc);
    CHECK(w.ar_keys > 40, "only %d Arabic strings", w.ar_keys);
    CHECK_INT(w.ar_keys, w.en_keys);
    printf("strings.ini: %d layouts, %d with .notdef\n", w.laid_out, w.with_notdef);
}

static void test_default_configuration_has_glyphs(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/dawr.conf", assets_dir());
    if (access(path, R_OK) != 0) {
        /* The configuration comes with the queue engine (branch main); after the merge this
         * test covers it. */
        printf("dawr.conf: %s not on this branch yet, skipped\n", path);
        return;
    }
    walk w = { path, 0, 0, 0, 0, 0 };
    int rc = ini_parse(path, on_value, &w);
    REQUIRE(rc == 0, "%s: %s (line %d)", path, rc < 0 ? "cannot open" : "syntax error", rc);
    CHECK(w.laid_out > 0, "no values in %s", path);
    printf("dawr.conf: %d layouts, %d with .notdef\n", w.laid_out, w.with_notdef);
}

/* The loader the front-ends use: joined long texts, fallbacks, and every string of both
 * languages, joined ones included, laid out without .notdef. */
static void test_strings_loader(void)
{
    char path[1024], err[256];
    snprintf(path, sizeof path, "%s/strings.ini", assets_dir());
    dawr_strings *s = dawr_strings_load(path, err, sizeof err);
    REQUIRE(s, "%s", err);
    CHECK_STR(dawr_strings_get(s, DAWR_LANG_AR, "association_name"), "رُؤفَاء لرعاية كبار السن بأملج");
    CHECK_STR(dawr_strings_get(s, DAWR_LANG_EN, "association_name"),
              "Roofaa Association for the Care of the Elderly in Umluj");
    CHECK_STR(dawr_strings_get(s, DAWR_LANG_AR, "whatsapp_1"), "٠٥٣٧٠٦٣٨١٩");
    const char *notice = dawr_strings_get(s, DAWR_LANG_AR, "committee_notice");
    CHECK(strstr(notice, "أسبوعين") && strstr(notice, "وتفهّمكم"), "joined notice: %s", notice);
    CHECK_STR(dawr_strings_get(s, DAWR_LANG_EN, "no_such_key"), "no_such_key");
    int with_notdef = 0;
    for (int lang = 0; lang < 2; lang++)
        for (size_t i = 0; i < dawr_strings_count(s, (dawr_lang)lang); i++) {
            const char *key = dawr_strings_key(s, (dawr_lang)lang, i);
            dawr_layout_opts o = { .size_px = 28, .dir = lang == DAWR_LANG_AR ? DAWR_DIR_RTL : DAWR_DIR_LTR };
            dawr_layout *l = dawr_text_layout(engine, dawr_strings_get(s, (dawr_lang)lang, key), (size_t)-1, &o);
            REQUIRE(l, "layout failed");
            if (dawr_layout_notdef_count(l)) {
                with_notdef++;
                CHECK(0, "%s draws .notdef", key);
            }
            dawr_layout_free(l);
        }
    CHECK(dawr_strings_count(s, DAWR_LANG_AR) == dawr_strings_count(s, DAWR_LANG_EN),
          "[ar] has %zu strings, [en] %zu", dawr_strings_count(s, DAWR_LANG_AR), dawr_strings_count(s, DAWR_LANG_EN));
    dawr_strings_free(s);
    dawr_strings_free(NULL);
}

static void check_bad_file(const char *content, const char *want)
{
    char path[600], err[256] = "";
    snprintf(path, sizeof path, "%s/tests/bad-strings.ini", fixture_build_dir());
    FILE *f = fopen(path, "w");
    REQUIRE(f, "cannot write %s", path);
    fputs(content, f);
    fclose(f);
    dawr_strings *s = dawr_strings_load(path, err, sizeof err);
    CHECK(s == NULL, "loaded a bad file: %s", content);
    CHECK(strstr(err, want) != NULL, "expected \"%s\" in \"%s\"", want, err);
    dawr_strings_free(s);
}

static void test_strings_errors_name_the_line(void)
{
    check_bad_file("[ar]\na = ب\n[fr]\nb = c\n", "bad-strings.ini:4: unknown section [fr]");
    check_bad_file("[ar]\na = ب\na = ت\n", "bad-strings.ini:3: [ar] a is given twice");
    check_bad_file("[en]\nok = yes\nbad = \xff\xfe\n", "bad-strings.ini:3: [en] bad is not valid UTF-8");
    check_bad_file("[ar]\nno equals sign\n", "bad-strings.ini:2: syntax error");
    char err[256];
    CHECK(dawr_strings_load("/nonexistent/strings.ini", err, sizeof err) == NULL, "missing file");
    CHECK(strstr(err, "/nonexistent/strings.ini: cannot read") != NULL, "message: %s", err);
}

static const test_case cases[] = {
    { "strings_loader", test_strings_loader },
    { "strings_errors_name_the_line", test_strings_errors_name_the_line },
    { "interface_strings_have_glyphs", test_interface_strings_have_glyphs },
    { "default_configuration_has_glyphs", test_default_configuration_has_glyphs },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    return fixture_main("text_strings", cases, &engine, -1, argc, argv);
}
