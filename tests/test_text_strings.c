/* Every interface string (each form of each translation in both catalogues) and every value
 * of the default configuration (assets/dawr.conf) is laid out, regular and bold, and none may
 * draw .notdef. Fonts are pinned (tests/fonts). */
#include "harness.h"
#include "text_fixture.h"
#include "text_i18n.h"
#include "text_layout.h"

#include <ini.h>
#include <unistd.h>

static dawr_text *engine;

typedef struct {
    const char *file;
    dawr_dir dir;
    int laid_out, with_notdef;
    int entries;
} walk;

/* Lays VALUE out in both weights; counts it, and fails the case when it draws .notdef. */
static void lay_out(walk *w, dawr_dir dir, const char *section, const char *name, const char *value)
{
    for (int weight = 0; weight < 2; weight++) {
        dawr_layout_opts o = { .size_px = 28, .width_px = 600, .dir = dir, .weight = (dawr_weight)weight };
        dawr_layout *l = dawr_text_layout(engine, value, (size_t)-1, &o);
        if (!l) { CHECK(0, "%s: [%s] %s: layout failed", w->file, section, name); return; }
        size_t notdef = dawr_layout_notdef_count(l);
        w->laid_out++;
        if (notdef) {
            w->with_notdef++;
            CHECK(0, "%s: [%s] %s = \"%s\" draws %zu .notdef glyph(s)", w->file, section, name, value, notdef);
        }
        dawr_layout_free(l);
    }
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
    lay_out(user, DAWR_DIR_AUTO, section, name, value);
    return 1;
}

static void on_entry(const dawr_i18n_entry *e, void *user)
{
    walk *w = user;
    w->entries++;
    for (int i = 0; i < e->form_count; i++) {
        char form[24];
        snprintf(form, sizeof form, "form %d", i);
        lay_out(w, w->dir, e->plural ? form : "", e->msgid, e->forms[i]);
    }
}

static const char *assets_dir(void)
{
    const char *a = getenv("DAWR_ASSETS");
    return a && *a ? a : "assets";
}

static void test_interface_strings_have_glyphs(void)
{
    for (int lang = DAWR_LANG_AR; lang <= DAWR_LANG_EN; lang++) {
        char err[512];
        walk w = { lang == DAWR_LANG_AR ? "ar.mo" : "en.mo", lang == DAWR_LANG_AR ? DAWR_DIR_RTL : DAWR_DIR_LTR, 0, 0, 0 };
        int n = dawr_i18n_each((dawr_lang)lang, on_entry, &w, err, sizeof err);
        REQUIRE(n >= 0, "%s", err);
        CHECK(w.entries > 60, "only %d translations in %s", w.entries, w.file);
        printf("%s: %d layouts, %d with .notdef\n", w.file, w.laid_out, w.with_notdef);
    }
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
    walk w = { path, DAWR_DIR_AUTO, 0, 0, 0 };
    int rc = ini_parse(path, on_value, &w);
    REQUIRE(rc == 0, "%s: %s (line %d)", path, rc < 0 ? "cannot open" : "syntax error", rc);
    CHECK(w.laid_out > 0, "no values in %s", path);
    printf("dawr.conf: %d layouts, %d with .notdef\n", w.laid_out, w.with_notdef);
}

static const test_case cases[] = {
    { "interface_strings_have_glyphs", test_interface_strings_have_glyphs },
    { "default_configuration_has_glyphs", test_default_configuration_has_glyphs },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    return fixture_main("text_strings", cases, &engine, -1, argc, argv);
}
