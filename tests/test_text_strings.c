/* Every interface string (assets/strings.ini) and every value of the default configuration
 * (assets/dawr.conf) is laid out, regular and bold, and none may draw .notdef. Both files are
 * read with inih directly. Fonts are pinned (tests/fonts). */
#include "harness.h"
#include "text_fixture.h"
#include "text_layout.h"

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

static const test_case cases[] = {
    { "interface_strings_have_glyphs", test_interface_strings_have_glyphs },
    { "default_configuration_has_glyphs", test_default_configuration_has_glyphs },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    char err[256];
    fixture_use_pinned_fonts();
    engine = dawr_text_new(NULL, err, sizeof err);
    if (!engine) {
        fprintf(stderr, "cannot load fonts: %s\n", err);
        printf("test_text_strings: 0 passed, 1 failed\n");
        return 1;
    }
    int rc = harness_main("test_text_strings", cases, argc, argv);
    dawr_text_free(engine);
    return rc;
}
