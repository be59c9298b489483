/* The parts' boundaries, as the build enforces them (README "The parts"): a small file that
 * includes a forbidden header is compiled with each part's own flags (`make print-part-cflags`)
 * and must fail, while an allowed one must compile; the archives reference no library they may
 * not use (nm -u). */
#include "harness.h"
#include "testutil.h"

/* The flags make gives PART's sources, into OUT. */
static int part_cflags(const char *part, char *out, size_t size)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "make -s --no-print-directory BUILD=%s print-part-cflags PART=%s", build_dir(), part);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    size_t n = fread(out, 1, size - 1, p);
    out[n] = 0;
    if (n && out[n - 1] == '\n') out[n - 1] = 0;
    return pclose(p) == 0 && n > 0 ? 0 : -1;
}

/* Compiles "#include HEADER" with PART's flags; 0 when it compiled. The compiler's words go to
 * LOG so a failing check can show why. */
static int compile_include(const char *part, const char *header, char *log, size_t log_size)
{
    char flags[4096], dir[512], src[600], cmd[6000];
    if (part_cflags(part, flags, sizeof flags) != 0) { snprintf(log, log_size, "no flags for %s", part); return -2; }
    snprintf(dir, sizeof dir, "%s", scratch_dir("parts"));
    snprintf(src, sizeof src, "%s/probe.c", dir);
    char text[300];
    snprintf(text, sizeof text, "#include %s\nint probe_part(void);\nint probe_part(void) { return 0; }\n", header);
    write_file(src, text);
    snprintf(cmd, sizeof cmd, "cc %s -c %s -o %s/probe.o >%s/cc.log 2>&1", flags, src, dir, dir);
    int rc = system(cmd);
    char path[600];
    snprintf(path, sizeof path, "%s/cc.log", dir);
    read_file_into(path, log, log_size);
    return rc == 0 ? 0 : 1;
}

typedef struct { const char *part, *header; int allowed; } include_case;

static const include_case includes[] = {
    /* The engine knows nothing of SDL, CUPS, HTTP or cairo, nor of the parts above it. */
    { "engine", "<SDL2/SDL.h>", 0 },      { "engine", "<SDL.h>", 0 },
    { "engine", "<cups/cups.h>", 0 },     { "engine", "<microhttpd.h>", 0 },
    { "engine", "<curl/curl.h>", 0 },     { "engine", "<cairo.h>", 0 },
    { "engine", "<cairo/cairo.h>", 0 },   { "engine", "\"text_layout.h\"", 0 },
    { "engine", "\"print.h\"", 0 },       { "engine", "\"ui_sdl.h\"", 0 },
    { "engine", "\"queue.h\"", 1 },       { "engine", "<sqlite3.h>", 1 },
    /* ICU's calendar arithmetic, for Umm al-Qura dates (opening hours); formatting stays in text/. */
    { "engine", "<unicode/ucal.h>", 1 },
    /* The text pipeline draws words; it does not know the screens, printers or the store. */
    { "text", "<SDL2/SDL.h>", 0 },        { "text", "<cups/cups.h>", 0 },
    { "text", "<sqlite3.h>", 0 },         { "text", "\"queue.h\"", 0 },
    { "text", "<hb.h>", 1 },              { "text", "<fribidi.h>", 1 },
    /* PNG is text_png's alone: the printer, the screens and the tools go through it. */
    { "text", "<png.h>", 1 },             { "printer", "<png.h>", 0 },
    { "ui", "<png.h>", 0 },               { "tools", "<png.h>", 0 },
    { "kiosk", "<png.h>", 0 },            { "engine", "<png.h>", 0 },
    /* The SDL shell: SDL and the text pipeline, no printer, HTTP or store. */
    { "ui", "<cups/cups.h>", 0 },         { "ui", "<microhttpd.h>", 0 },
    { "ui", "\"queue.h\"", 0 },           { "ui", "<SDL.h>", 1 },
    /* Pictograms: SVG read by expat, drawn on a cairo surface in the shell (ui_icon), never in a
     * screen program; librsvg is the tests' reference only. */
    { "ui", "<librsvg/rsvg.h>", 0 },      { "ui", "<cairo.h>", 1 },         { "ui", "<expat.h>", 1 },
    { "kiosk", "<librsvg/rsvg.h>", 0 },   { "display", "<librsvg/rsvg.h>", 0 },
    { "display", "<cairo.h>", 0 },        { "engine", "<librsvg/rsvg.h>", 0 },
    /* Printing: CUPS, the engine's values and the text pipeline; no screen, HTTP or SQL. */
    { "printer", "<SDL2/SDL.h>", 0 },     { "printer", "<microhttpd.h>", 0 },
    { "printer", "<cairo/cairo.h>", 0 },  { "printer", "<sqlite3.h>", 0 },
    { "printer", "<cups/cups.h>", 1 },    { "printer", "\"queue.h\"", 1 },
    /* Only the engine runs SQL: above it the store and the queue's insides do not compile. */
    { "kiosk", "<sqlite3.h>", 0 },        { "kiosk", "\"store.h\"", 0 },
    { "kiosk", "\"queue_internal.h\"", 0 }, { "kiosk", "\"queue.h\"", 1 },
    { "display", "<sqlite3.h>", 0 },      { "display", "\"store.h\"", 0 },
    { "console", "<sqlite3.h>", 0 },      { "console", "\"queue_internal.h\"", 0 },
    { "console", "\"report.h\"", 1 },     { "console", "\"staff.h\"", 1 },
    { "tools", "<sqlite3.h>", 0 },        { "tools", "\"store.h\"", 0 },
    { "tools", "\"report.h\"", 1 },
    /* Front-ends never include each other, and each keeps to its own libraries. */
    { "kiosk", "\"display.h\"", 0 },      { "kiosk", "\"api.h\"", 0 },
    { "kiosk", "\"http.h\"", 0 },         { "kiosk", "<cups/cups.h>", 0 },
    { "kiosk", "<microhttpd.h>", 0 },     { "kiosk", "<cairo.h>", 0 },
    { "kiosk", "\"ui_sdl.h\"", 1 },       { "kiosk", "\"print.h\"", 1 },
    { "display", "\"flow.h\"", 0 },       { "display", "\"screens.h\"", 0 },
    { "display", "\"session.h\"", 0 },    { "display", "<cups/cups.h>", 0 },
    { "display", "<microhttpd.h>", 0 },   { "display", "\"print.h\"", 0 },
    { "display", "<curl/curl.h>", 1 },    { "display", "\"ui_sdl.h\"", 1 },
    { "console", "\"flow.h\"", 0 },       { "console", "\"display.h\"", 0 },
    { "console", "<SDL2/SDL.h>", 0 },     { "console", "\"ui_sdl.h\"", 0 },
    { "console", "<cups/cups.h>", 0 },    { "console", "<curl/curl.h>", 0 },
    { "console", "<microhttpd.h>", 1 },   { "console", "\"print.h\"", 1 },
    /* Only the branch sender speaks to PostgreSQL (and the tools' central report through it). */
    { "engine", "<libpq-fe.h>", 0 },      { "console", "<libpq-fe.h>", 0 },
    { "kiosk", "<libpq-fe.h>", 0 },       { "display", "<libpq-fe.h>", 0 },
    { "printer", "<libpq-fe.h>", 0 },     { "text", "<libpq-fe.h>", 0 },
    { "sync", "<libpq-fe.h>", 1 },        { "sync", "\"branch.h\"", 1 },
    { "sync", "<sqlite3.h>", 0 },         { "sync", "\"store.h\"", 0 },
    { "sync", "<SDL2/SDL.h>", 0 },        { "sync", "<cups/cups.h>", 0 },
    { "sync", "<microhttpd.h>", 0 },      { "sync", "\"api.h\"", 0 },
    { "sync", "\"print.h\"", 0 },       { "tools", "\"central.h\"", 1 },
    /* The command-line tools: cairo for the board's PDF, no screen or HTTP. */
    { "tools", "<SDL2/SDL.h>", 0 },       { "tools", "<microhttpd.h>", 0 },
    { "tools", "\"flow.h\"", 0 },         { "tools", "<cairo.h>", 1 },
    { NULL, NULL, 0 },
};

static void forbidden_includes_fail_allowed_compile(void)
{
    for (const include_case *c = includes; c->part; c++) {
        char log[4096];
        int rc = compile_include(c->part, c->header, log, sizeof log);
        REQUIRE(rc >= 0, "%s", log);
        if (c->allowed) CHECK(rc == 0, "%s/ should compile #include %s:\n%s", c->part, c->header, log);
        else CHECK(rc == 1, "%s/ compiled #include %s, which it may not use", c->part, c->header);
    }
}

/* A forbidden system header fails with the build's own message, not by chance. */
static void a_forbidden_header_says_why(void)
{
    char log[4096];
    REQUIRE(compile_include("engine", "<cups/cups.h>", log, sizeof log) == 1, "compiled");
    CHECK(strstr(log, "engine/ may not include <cups/cups.h>") != NULL, "the compiler said:\n%s", log);
}

/* Undefined symbols of an archive matching PATTERN (an extended regex), counted; the first into FIRST. */
static int undefined_matching(const char *archive, const char *pattern, char *first, size_t size)
{
    char cmd[800];
    snprintf(cmd, sizeof cmd, "nm -u %s/%s 2>/dev/null | awk '{print $NF}' | grep -E '%s' | sort -u",
             build_dir(), archive, pattern);
    FILE *p = popen(cmd, "r");
    if (!p) return -1;
    int count = 0;
    char line[256];
    first[0] = 0;
    while (fgets(line, sizeof line, p)) {
        if (!count) snprintf(first, size, "%s", line);
        count++;
    }
    pclose(p);
    return count;
}

typedef struct { const char *archive, *forbidden, *expected; } symbol_case;

static const symbol_case symbols[] = {
    { "libdawr-engine.a", "^(SDL_|TTF_|cups|ipp[A-Z]|MHD_|curl_|cairo_|espeak_|hb_|FcConfig|png_|PQ)", "^sqlite3_" },
    { "libdawr-text.a", "^(SDL_|TTF_|cups|ipp[A-Z]|MHD_|curl_|cairo_|espeak_|sqlite3_|PQ)", "^hb_" },
    { "libdawr-ui.a", "^(cups|ipp[A-Z]|MHD_|curl_|sqlite3_|png_|PQ|rsvg_)", "^XML_ParserCreate" },
    { "libdawr-printer.a", "^(SDL_|TTF_|MHD_|curl_|cairo_|espeak_|sqlite3_|png_|PQ)", "^cups" },
    { "libdawr-kiosk.a", "^(cups|ipp[A-Z]|MHD_|curl_|cairo_|rsvg_|sqlite3_|png_|PQ)", "^dawr_icons_get" },
    { "libdawr-display.a", "^(cups|ipp[A-Z]|MHD_|cairo_|rsvg_|sqlite3_|png_|PQ)", "^curl_" },
    { "libdawr-console.a", "^(SDL_|TTF_|cups|ipp[A-Z]|curl_|cairo_|espeak_|sqlite3_|png_|PQ)", "^MHD_" },
    { "libdawr-sync.a", "^(SDL_|TTF_|cups|ipp[A-Z]|MHD_|curl_|cairo_|espeak_|sqlite3_|hb_|png_)", "^PQ" },
    { NULL, NULL, NULL },
};

static void archives_reference_only_their_libraries(void)
{
    for (const symbol_case *c = symbols; c->archive; c++) {
        char first[256];
        int bad = undefined_matching(c->archive, c->forbidden, first, sizeof first);
        CHECK(bad == 0, "%s references %d forbidden symbols, e.g. %s", c->archive, bad, first);
        /* The same look finds what the archive is allowed to use, so it can see symbols at all. */
        int good = undefined_matching(c->archive, c->expected, first, sizeof first);
        CHECK(good > 0, "%s: no symbol matching %s found by nm -u", c->archive, c->expected);
    }
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "forbidden_includes_fail_allowed_compile", forbidden_includes_fail_allowed_compile },
        { "a_forbidden_header_says_why", a_forbidden_header_says_why },
        { "archives_reference_only_their_libraries", archives_reference_only_their_libraries },
        { NULL, NULL },
    };
    return harness_main("parts", cases, argc, argv);
}
