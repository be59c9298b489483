/* Unit checks of the text pipeline's traps: numbers after Arabic words, dates and time
 * ranges, font fallback, line breaking, Hijri dates; and bad input: invalid UTF-8, empty
 * and very long strings, missing fonts. Fonts are pinned (tests/fonts). Also the template
 * filler and the PNG module every part reads and writes pictures through. */
#include "harness.h"
#include "text_date.h"
#include "text_fixture.h"
#include "text_layout.h"
#include "text_number.h"
#include "text_png.h"
#include "text_raster.h"
#include "text_speak.h"
#include "text_sdl.h"
#include "text_template.h"
#include "text_utf8.h"

#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static dawr_text *engine;

static dawr_layout *lay(const char *s, dawr_dir dir, float width)
{
    dawr_layout_opts o = { .size_px = 24, .width_px = width, .dir = dir };
    return dawr_text_layout(engine, s, (size_t)-1, &o);
}

/* 2026-11-25 12:00 in Riyadh (UTC+3). */
static int64_t fixed_instant(void)
{
    struct tm tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 25, .tm_hour = 9 };
    return (int64_t)timegm(&tm);
}

static void test_number_after_arabic_keeps_order(void)
{
    dawr_layout *l = lay("تذكرة رقم ٢٣", DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    float x2 = fixture_glyph_x(l, fixture_offset(l, "٢")), x3 = fixture_glyph_x(l, fixture_offset(l, "٣"));
    float xt = fixture_glyph_x(l, 0);
    CHECK(x2 < x3, "٢ (x=%.1f) must be left of ٣ (x=%.1f): the number reads ٢٣", x2, x3);
    CHECK(x3 < xt, "the number (x=%.1f) must be left of the first word (x=%.1f)", x3, xt);
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
}

static void test_ticket_code_after_arabic(void)
{
    char code[64], text[160];
    REQUIRE(dawr_text_isolate("A-023", 0, code, sizeof code) > 0, "isolate failed");
    CHECK_STR(code, DAWR_LRI "A-023" DAWR_PDI);
    snprintf(text, sizeof text, "تذكرة رقم %s من فضلكم", code);
    dawr_layout *l = lay(text, DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    const char *order[] = { "A", "-", "0", "2", "3" };
    float prev = -1;
    for (int i = 0; i < 5; i++) {
        float x = fixture_glyph_x(l, fixture_offset(l, order[i]));
        CHECK(x > prev, "\"%s\" at x=%.1f is not right of the previous character (%.1f)", order[i], x, prev);
        prev = x;
    }
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
}

static void test_numbers_in_both_languages(void)
{
    char buf[64];
    CHECK_INT(dawr_number_format(23, 0, DAWR_LANG_AR, buf, sizeof buf), 4);
    CHECK_STR(buf, "٢٣");
    dawr_number_format(7, 3, DAWR_LANG_EN, buf, sizeof buf);
    CHECK_STR(buf, "007");
    dawr_number_format(-1234567890, 0, DAWR_LANG_AR, buf, sizeof buf);
    CHECK_STR(buf, "-١٢٣٤٥٦٧٨٩٠");
    CHECK_INT(dawr_number_format(123, 0, DAWR_LANG_AR, buf, 6), -1);
    char *s = dawr_digits_localize("0537063819", DAWR_LANG_AR);
    CHECK_STR(s, "٠٥٣٧٠٦٣٨١٩");
    free(s);
    s = dawr_digits_localize("رقم ٠٥٥٥٣٧٥٨٨٧ و ۱۲", DAWR_LANG_EN);
    CHECK_STR(s, "رقم 0555375887 و 12");
    free(s);
    CHECK_INT(dawr_lang_parse("en_GB"), DAWR_LANG_EN);
    CHECK_INT(dawr_lang_parse("ar"), DAWR_LANG_AR);
    CHECK_INT(dawr_lang_parse(NULL), DAWR_LANG_AR);
}

static void test_hijri_date_fixed_instant(void)
{
    char buf[256];
    int64_t t = fixed_instant();
    REQUIRE(dawr_date_format(t, "Asia/Riyadh", DAWR_CAL_HIJRI, DAWR_LANG_AR, 0, buf, sizeof buf) > 0,
            "ICU failed");
    CHECK_STR(buf, "١٥ جمادى الآخرة ١٤٤٨ هـ");
    dawr_date_format(t, "Asia/Riyadh", DAWR_CAL_HIJRI, DAWR_LANG_AR, 1, buf, sizeof buf);
    CHECK_STR(buf, "الأربعاء ١٥ جمادى الآخرة ١٤٤٨ هـ");
    dawr_date_format(t, "Asia/Riyadh", DAWR_CAL_GREGORIAN, DAWR_LANG_AR, 0, buf, sizeof buf);
    CHECK_STR(buf, "٢٥ نوفمبر ٢٠٢٦ م");
    dawr_date_format(t, "Asia/Riyadh", DAWR_CAL_HIJRI, DAWR_LANG_EN, 0, buf, sizeof buf);
    CHECK(strstr(buf, "15") && strstr(buf, "1448"), "English Hijri date: %s", buf);
    dawr_date_format(t, "Asia/Riyadh", DAWR_CAL_GREGORIAN, DAWR_LANG_EN, 0, buf, sizeof buf);
    CHECK_STR(buf, "25 November 2026 AD");
    REQUIRE(dawr_date_format_both(t, "Asia/Riyadh", DAWR_LANG_AR, buf, sizeof buf) > 0, "both failed");
    CHECK_STR(buf, DAWR_FSI "٢٥ نوفمبر ٢٠٢٦ م" DAWR_PDI " — " DAWR_FSI "١٥ جمادى الآخرة ١٤٤٨ هـ" DAWR_PDI);
    /* Just before midnight in Riyadh it is still the 25th; a minute later the Hijri 16th. */
    dawr_date_format(t + 11 * 3600 + 59 * 60, "Asia/Riyadh", DAWR_CAL_HIJRI, DAWR_LANG_AR, 0, buf, sizeof buf);
    CHECK_STR(buf, "١٥ جمادى الآخرة ١٤٤٨ هـ");
    dawr_date_format(t + 12 * 3600 + 60, "Asia/Riyadh", DAWR_CAL_HIJRI, DAWR_LANG_AR, 0, buf, sizeof buf);
    CHECK_STR(buf, "١٦ جمادى الآخرة ١٤٤٨ هـ");
    CHECK_INT(dawr_date_format(t, "Not/AZone", DAWR_CAL_HIJRI, DAWR_LANG_AR, 0, buf, sizeof buf), -1);
    CHECK_INT(dawr_date_format(t, "Asia/Riyadh", DAWR_CAL_HIJRI, DAWR_LANG_AR, 0, buf, 8), -1);
}

static void test_date_after_arabic_not_reversed(void)
{
    char date[64], text[200];
    /* The trap, as UAX #9 has it: unisolated, the date after Arabic words reverses. */
    dawr_layout *l = lay("الموعد 2024-05-01", DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    CHECK(fixture_glyph_x(l, fixture_offset(l, "2024")) > fixture_glyph_x(l, fixture_offset(l, "01")),
          "expected the unisolated date to show reversed (01-05-2024)");
    dawr_layout_free(l);

    REQUIRE(dawr_date_format_numeric(fixed_instant(), "Asia/Riyadh", DAWR_LANG_AR, date, sizeof date) > 0,
            "ICU failed");
    CHECK_STR(date, DAWR_LRI "٢٠٢٦\u200E-\u200E١١\u200E-\u200E٢٥" DAWR_PDI);
    snprintf(text, sizeof text, "الموعد %s الساعة", date);
    l = lay(text, DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    float xy = fixture_glyph_x(l, fixture_offset(l, "٢٠٢٦")), xm = fixture_glyph_x(l, fixture_offset(l, "١١"));
    float xd = fixture_glyph_x(l, fixture_offset(l, "٢٥"));
    CHECK(xy < xm && xm < xd, "isolated date must read ٢٠٢٦-١١-٢٥ left to right (x %.1f %.1f %.1f)", xy, xm, xd);
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);

    char range[96];
    REQUIRE(dawr_time_range_format(fixed_instant() - 1800 + 2700, fixed_instant() + 5400, "Asia/Riyadh",
                                   DAWR_LANG_EN, range, sizeof range) > 0, "ICU failed");
    CHECK_STR(range, DAWR_LRI "12:15 - 13:30" DAWR_PDI);
    snprintf(text, sizeof text, "موعدكم %s اليوم", range);
    l = lay(text, DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    CHECK(fixture_glyph_x(l, fixture_offset(l, "12")) < fixture_glyph_x(l, fixture_offset(l, "13")),
          "the time range must keep its ends in order");
    dawr_layout_free(l);
    REQUIRE(dawr_time_range_format(fixed_instant() - 1800 + 2700, fixed_instant() + 5400, "Asia/Riyadh",
                                   DAWR_LANG_AR, range, sizeof range) > 0, "ICU failed");
    snprintf(text, sizeof text, "موعدكم %s اليوم", range);
    l = lay(text, DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    float a1 = fixture_glyph_x(l, fixture_offset(l, "١٢")), a2 = fixture_glyph_x(l, fixture_offset(l, "١٥"));
    float b1 = fixture_glyph_x(l, fixture_offset(l, "١٣"));
    CHECK(a1 < a2 && a2 < b1, "Arabic time range must read ١٢:١٥ - ١٣:٣٠ left to right (%.1f %.1f %.1f)",
          a1, a2, b1);
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
}

static void test_fallback_for_brackets_and_latin(void)
{
    dawr_layout *l = lay("الخدمة (A-023) Roofaa.org.sa", DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    size_t n;
    const dawr_run *runs = dawr_layout_runs(l, &n);
    dawr_face *arabic = NULL;
    for (size_t i = 0; i < n; i++)
        if (runs[i].start == 0) arabic = dawr_layout_face(l, runs[i].face);
    REQUIRE(arabic, "no run starts the text");
    CHECK(strstr(dawr_face_path(arabic), "NotoSansArabic"), "Arabic face is %s", dawr_face_path(arabic));
    CHECK(!dawr_face_has_char(arabic, '('), "Noto Sans Arabic is expected to lack '('");
    CHECK(!dawr_face_has_char(arabic, 'A'), "Noto Sans Arabic is expected to lack Latin letters");
    uint32_t paren = fixture_offset(l, "(");
    for (size_t i = 0; i < n; i++)
        if (runs[i].start <= paren && paren < runs[i].end)
            CHECK(dawr_layout_face(l, runs[i].face) != arabic, "'(' drawn with the Arabic face");
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    /* In the right-to-left paragraph the brackets are mirrored: "(" draws as ")" on the right. */
    CHECK(fixture_glyph_x(l, paren) > fixture_glyph_x(l, fixture_offset(l, "A")),
          "the opening bracket must be right of A");
    dawr_layout_free(l);
    /* Mirrored in a right-to-left run: "(" draws the glyph of ")" and vice versa. */
    dawr_layout *ltr = lay("()", DAWR_DIR_LTR, 0), *rtl = lay("(كبار)", DAWR_DIR_RTL, 0);
    REQUIRE(ltr && rtl, "layout failed");
    size_t nl, nr2;
    const dawr_glyph *gl = dawr_layout_glyphs(ltr, &nl), *gr = dawr_layout_glyphs(rtl, &nr2);
    uint32_t open_rtl = 0, close_rtl = 0;
    for (size_t i = 0; i < nr2; i++) {
        if (gr[i].cluster == 0) open_rtl = gr[i].id;
        if (gr[i].cluster == strlen("(كبار")) close_rtl = gr[i].id;
    }
    CHECK(nl == 2 && open_rtl == gl[1].id && close_rtl == gl[0].id,
          "brackets not mirrored: ( %u ) %u, want %u %u", open_rtl, close_rtl, nl == 2 ? gl[1].id : 0, gl[0].id);
    dawr_layout_free(ltr);
    dawr_layout_free(rtl);
    /* A combining mark Noto Sans lacks takes its base to a face that has both. */
    l = lay("v\u20D7 = 1", DAWR_DIR_LTR, 0);
    REQUIRE(l, "layout failed");
    runs = dawr_layout_runs(l, &n);
    CHECK(n >= 1 && runs[0].start == 0 && runs[0].end >= 4 &&
          strstr(dawr_face_path(dawr_layout_face(l, runs[0].face)), "DejaVuSans"),
          "v and U+20D7 must share DejaVu Sans");
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
    /* Symbols beyond Noto: DejaVu Sans through fontconfig. */
    l = lay("☺ ✓ ← %", DAWR_DIR_AUTO, 0);
    REQUIRE(l, "layout failed");
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
}

static int is_space_at(const char *text, uint32_t off)
{
    return text[off] == ' ';
}

static void test_line_breaking_between_words(void)
{
    const char *text = "تردّ لجنة البحث على الطلبات خلال مدة لا تقل عن أسبوعين، ونشكر لكم صبركم وتفهّمكم "
                       "ونتمنى لكم دوام الصحة والعافية";
    dawr_layout *l = lay(text, DAWR_DIR_RTL, 220);
    REQUIRE(l, "layout failed");
    size_t n;
    const dawr_line *lines = dawr_layout_lines(l, &n);
    CHECK(n >= 4, "expected the paragraph to wrap, got %zu lines", n);
    for (size_t i = 0; i < n; i++) {
        CHECK(lines[i].width <= 220.5f, "line %zu is %.1f px wide", i, lines[i].width);
        if (i + 1 < n)
            CHECK(is_space_at(text, lines[i].end - 1), "line %zu ends inside a word (byte %u)", i, lines[i].end);
        CHECK(lines[i].x + lines[i].width <= 220.5f && lines[i].x >= -0.5f, "line %zu misplaced", i);
    }
    CHECK_INT(lines[n - 1].end, strlen(text));
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
    /* A word wider than the line is not cut. */
    l = lay("الاستقبالالاستقبالالاستقبال كبار", DAWR_DIR_RTL, 60);
    REQUIRE(l, "layout failed");
    lines = dawr_layout_lines(l, &n);
    CHECK_INT(n, 2);
    CHECK(n >= 1 && lines[0].end == strlen("الاستقبالالاستقبالالاستقبال "), "the long word was cut");
    dawr_layout_free(l);
    /* Line feeds end paragraphs; each line keeps its own direction. */
    l = lay("مرحباً\nWelcome\r\nأهلاً", DAWR_DIR_AUTO, 0);
    REQUIRE(l, "layout failed");
    lines = dawr_layout_lines(l, &n);
    REQUIRE(n == 3, "expected 3 lines, got %zu", n);
    CHECK(lines[0].rtl && !lines[1].rtl && lines[2].rtl, "paragraph directions");
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
}

static void test_alignment(void)
{
    dawr_layout_opts o = { .size_px = 20, .width_px = 400, .dir = DAWR_DIR_RTL };
    dawr_layout *l = dawr_text_layout(engine, "أهلاً", (size_t)-1, &o);
    REQUIRE(l, "layout failed");
    size_t n;
    const dawr_line *line = dawr_layout_lines(l, &n);
    CHECK(fabsf(line->x + line->width - 400) < 0.5f, "start of RTL is the right edge (x=%.1f)", line->x);
    dawr_layout_free(l);
    o.align = DAWR_ALIGN_CENTER;
    l = dawr_text_layout(engine, "أهلاً", (size_t)-1, &o);
    line = dawr_layout_lines(l, &n);
    CHECK(fabsf(line->x - (400 - line->width) / 2) < 0.5f, "centred");
    dawr_layout_free(l);
    /* Line height: the faces' by default, or as asked. */
    dawr_layout_opts two = { .size_px = 20, .width_px = 60, .dir = DAWR_DIR_RTL, .line_em = 1.5f };
    dawr_layout *l2 = dawr_text_layout(engine, "أهلاً وسهلاً بكم", (size_t)-1, &two);
    REQUIRE(l2, "layout failed");
    const dawr_line *lines = dawr_layout_lines(l2, &n);
    CHECK(n >= 2 && fabsf(lines[1].baseline - lines[0].baseline - 30) < 0.01f, "1.5 em lines");
    CHECK(fabsf(dawr_layout_height(l2) - 30.0f * (float)n) < 0.01f, "height %.2f", dawr_layout_height(l2));
    dawr_layout_free(l2);
    o.align = DAWR_ALIGN_END;
    o.dir = DAWR_DIR_LTR;
    l = dawr_text_layout(engine, "Hello", (size_t)-1, &o);
    line = dawr_layout_lines(l, &n);
    CHECK(fabsf(line->x + line->width - 400) < 0.5f, "end of LTR is the right edge");
    dawr_layout_free(l);
}

/* Issue 15's typography, in the layout itself. */
static void test_line_spacing_by_script(void)
{
    size_t n;
    dawr_layout_opts ar = { .size_px = 20, .width_px = 60, .dir = DAWR_DIR_RTL };
    dawr_layout *l = dawr_text_layout(engine, "أهلاً وسهلاً بكم", (size_t)-1, &ar);
    REQUIRE(l, "layout failed");
    const dawr_line *lines = dawr_layout_lines(l, &n);
    float em = n >= 2 ? (lines[1].baseline - lines[0].baseline) / 20 : 0;
    CHECK(em >= 1.6f && em <= 1.8f, "Arabic lines %.2f em apart", em);
    dawr_layout_free(l);
    dawr_layout_opts en = { .size_px = 20, .width_px = 60, .dir = DAWR_DIR_LTR };
    l = dawr_text_layout(engine, "Welcome to you all", (size_t)-1, &en);
    REQUIRE(l, "layout failed");
    lines = dawr_layout_lines(l, &n);
    em = n >= 2 ? (lines[1].baseline - lines[0].baseline) / 20 : 0;
    CHECK(em >= 1.3f && em <= 1.5f, "Latin lines %.2f em apart", em);
    dawr_layout_free(l);
}

/* Where greedy filling would leave "ddd" alone, the last line takes "ccc" too. */
static void test_no_word_alone_on_the_last_line(void)
{
    dawr_layout_opts one = { .size_px = 20, .dir = DAWR_DIR_LTR };
    dawr_layout *l = dawr_text_layout(engine, "aaa bbb ccc", (size_t)-1, &one);
    REQUIRE(l, "layout failed");
    float w = dawr_layout_width(l);
    dawr_layout_free(l);
    dawr_layout_opts o = { .size_px = 20, .width_px = w + 4, .dir = DAWR_DIR_LTR };
    const char *text = "aaa bbb ccc ddd";
    l = dawr_text_layout(engine, text, (size_t)-1, &o);
    REQUIRE(l, "layout failed");
    size_t n;
    const dawr_line *lines = dawr_layout_lines(l, &n);
    CHECK_INT(n, 2);
    if (n == 2) {
        char last[32];
        snprintf(last, sizeof last, "%.*s", (int)(lines[1].end - lines[1].start), text + lines[1].start);
        CHECK_STR(last, "ccc ddd");
    }
    dawr_layout_free(l);
    /* And no line of one word made to give it company: "New support" / "request" stays. */
    l = dawr_text_layout(engine, "New support", (size_t)-1, &one);
    REQUIRE(l, "layout failed");
    o.width_px = dawr_layout_width(l) + 4;
    dawr_layout_free(l);
    l = dawr_text_layout(engine, "New support request", (size_t)-1, &o);
    lines = dawr_layout_lines(l, &n);
    CHECK(n == 2 && lines[0].end - lines[0].start >= strlen("New support"), "the first line lost its second word");
    dawr_layout_free(l);
}

/* A date or a time (isolated by text_date) is never broken inside, however narrow the line. */
static void test_dates_and_times_never_broken(void)
{
    int64_t t = 1796720400;                 /* 2026-12-08 12:00 in Riyadh: in Jumada II 1448 */
    char date[256], time_[64], text[512];
    REQUIRE(dawr_date_format_both(t, "Asia/Riyadh", DAWR_LANG_EN, date, sizeof date) > 0, "date");
    REQUIRE(dawr_time_format(t, "Asia/Riyadh", DAWR_LANG_EN, time_, sizeof time_) > 0, "time");
    snprintf(text, sizeof text, "Date: %s at %s", date, time_);
    for (float width = 60; width <= 400; width += 20) {
        dawr_layout_opts o = { .size_px = 20, .width_px = width, .dir = DAWR_DIR_LTR };
        dawr_layout *l = dawr_text_layout(engine, text, (size_t)-1, &o);
        REQUIRE(l, "layout failed");
        size_t n;
        const dawr_line *lines = dawr_layout_lines(l, &n);
        for (size_t i = 1; i < n; i++) {
            int depth = 0;           /* isolates open where line I starts */
            for (uint32_t k = 0; k < lines[i].start; k++) {
                const unsigned char *c = (const unsigned char *)text + k;
                if (c[0] == 0xE2 && c[1] == 0x81 && c[2] >= 0xA6 && c[2] <= 0xA8) depth++;
                if (c[0] == 0xE2 && c[1] == 0x81 && c[2] == 0xA9) depth--;
            }
            CHECK(depth == 0, "at %.0f px a line starts inside a date or time: \"%s\"", width, text + lines[i].start);
        }
        dawr_layout_free(l);
    }
}

/* One time format everywhere: 12-hour, ص/م in Arabic with Arabic-Indic digits, AM/PM in
 * English, a no-break space before the marker. */
static void test_twelve_hour_time(void)
{
    char buf[64];
    int64_t t1 = 1795592700, t2 = 1795608300;   /* 2026-11-25 10:45 and 15:05 in Riyadh (UTC+3) */
    REQUIRE(dawr_time_format(t1, "Asia/Riyadh", DAWR_LANG_AR, buf, sizeof buf) > 0, "format");
    CHECK(strstr(buf, "١٠:٤٥") && strstr(buf, "\xC2\xA0ص"), "Arabic morning: %s", buf);
    REQUIRE(dawr_time_format(t2, "Asia/Riyadh", DAWR_LANG_AR, buf, sizeof buf) > 0, "format");
    CHECK(strstr(buf, "٣:٠٥") && strstr(buf, "\xC2\xA0م"), "Arabic afternoon: %s", buf);
    REQUIRE(dawr_time_format(t2, "Asia/Riyadh", DAWR_LANG_EN, buf, sizeof buf) > 0, "format");
    CHECK(strstr(buf, "3:05") && strstr(buf, "\xC2\xA0PM") && !strstr(buf, "15:05"), "English afternoon: %s", buf);
    CHECK(dawr_time_format(t2, "Not/AZone", DAWR_LANG_EN, buf, sizeof buf) < 0, "a bad zone accepted");
}

static void test_invalid_utf8_draws_replacement(void)
{
    const char bad[] = "رقم \xff\xfe \xc3 A\xe2\x82 \xed\xa0\x80 \xf0\x9f\x98";
    dawr_layout *l = lay(bad, DAWR_DIR_AUTO, 0);
    REQUIRE(l, "layout of invalid UTF-8 failed");
    size_t n;
    const dawr_glyph *g = dawr_layout_glyphs(l, &n);
    CHECK(n > 8, "too few glyphs: %zu", n);
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    int replaced = 0;
    for (size_t i = 0; i < n; i++) replaced += g[i].cluster == 8 || g[i].cluster == 9;
    CHECK(replaced == 2, "bytes ff and fe must draw one U+FFFD each (got %d)", replaced);
    dawr_layout_free(l);
    l = lay("a\x01z\x7f", DAWR_DIR_AUTO, 0);
    REQUIRE(l, "layout failed");
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_layout_free(l);
}

static void test_empty_string(void)
{
    dawr_layout *l = lay("", DAWR_DIR_AUTO, 0);
    REQUIRE(l, "layout of \"\" failed");
    size_t n;
    dawr_layout_glyphs(l, &n);
    CHECK_INT(n, 0);
    CHECK(dawr_layout_width(l) == 0, "width %.1f", dawr_layout_width(l));
    dawr_bitmap bm;
    CHECK_INT(dawr_raster_layout(l, 0, &bm), 0);
    dawr_bitmap_release(&bm);
    char *json = dawr_layout_dump_json(l);
    CHECK(json && strstr(json, "\"lines\""), "dump of empty layout");
    free(json);
    dawr_layout_free(l);
    l = dawr_text_layout(engine, NULL, 0, NULL);
    CHECK(l != NULL, "NULL text is an empty string");
    dawr_layout_free(l);
    dawr_layout_free(NULL);
}

static void test_ten_thousand_characters(void)
{
    const char *word = "رعاية كبار السن (A-023) ٢٣ ";
    size_t wl = strlen(word), chars = 0;
    char *s = malloc(wl * 600 + 1);
    REQUIRE(s, "out of memory");
    size_t o = 0;
    while (chars < 10000) { memcpy(s + o, word, wl); o += wl; chars += 27; }
    s[o] = 0;
    dawr_layout *l = lay(s, DAWR_DIR_RTL, 700);
    REQUIRE(l, "layout of %zu characters failed", chars);
    size_t n;
    dawr_layout_lines(l, &n);
    CHECK(n > 50, "expected many lines, got %zu", n);
    CHECK_INT(dawr_layout_notdef_count(l), 0);
    dawr_bitmap bm;
    CHECK_INT(dawr_raster_layout(l, 4, &bm), 0);
    dawr_bitmap_release(&bm);
    dawr_layout_free(l);
    /* One line, no break opportunity: 10,000 Arabic letters. */
    o = 0;
    for (int i = 0; i < 10000; i++) { memcpy(s + o, "ب", 2); o += 2; }
    s[o] = 0;
    l = lay(s, DAWR_DIR_AUTO, 300);
    REQUIRE(l, "layout failed");
    dawr_layout_lines(l, &n);
    CHECK_INT(n, 1);
    dawr_layout_free(l);
    free(s);
}

/* Text that starts with an explicit bidi control lays out (it once failed as "out of memory":
 * a shaping run of only removed characters has no glyph), in every direction. */
static void test_leading_bidi_controls(void)
{
    static const char *const texts[] = {
        "\u202Aabc", "\u202Babc", "\u202Cabc", "\u202Dabc", "\u202Eabc", "\u2066abc\u2069",
        "\u2067مرحبا\u2069 A-023", "\u2068abc", "\u2069", "\u202B\u202C", "\u202E\u202E\u202E",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (int dir = 0; dir < 3; dir++) {
            dawr_layout *l = lay(texts[i], (dawr_dir)dir, 300);
            CHECK(l != NULL, "text %zu in direction %d: no layout", i, dir);
            if (l) CHECK_INT(dawr_layout_notdef_count(l), 0);
            dawr_layout_free(l);
        }
}

/* A flood of combining marks keeps at most 30 on a base (Unicode's stream-safe limit), so it is
 * laid out in linear time instead of quadratic (40,000 marks took 4 s); ordinary marks stay. */
static void test_a_flood_of_marks(void)
{
    size_t marks = 40000;
    char *s = malloc(2 * marks + 8);
    REQUIRE(s, "out of memory");
    size_t o = 0;
    s[o++] = 'a';
    for (size_t i = 0; i < marks; i++) { memcpy(s + o, "\xCC\x81", 2); o += 2; }  /* U+0301 */
    s[o++] = 'b';
    s[o] = 0;
    dawr_layout *l = lay(s, DAWR_DIR_LTR, 0);
    REQUIRE(l, "no layout");
    size_t n;
    dawr_layout_glyphs(l, &n);
    CHECK(n >= 2 && n <= 32, "%zu glyphs for a, b and 40,000 marks (at most 30 marks kept)", n);
    const dawr_line *lines = dawr_layout_lines(l, &n);
    CHECK(n == 1 && lines[0].end == o, "the line covers the whole text: %u of %zu bytes", n ? lines[0].end : 0, o);
    dawr_layout_free(l);
    free(s);
    /* Arabic with its vowel marks keeps every one of them. */
    l = lay("رُؤفَاءُ لِرَعَايَةِ كِبَارِ السِّنِ", DAWR_DIR_RTL, 0);
    REQUIRE(l, "no layout");
    dawr_layout *bare = lay("رؤفاء لرعاية كبار السن", DAWR_DIR_RTL, 0);
    size_t with_marks, without;
    dawr_layout_glyphs(l, &with_marks);
    dawr_layout_glyphs(bare, &without);
    CHECK(with_marks >= without + 12, "%zu glyphs with the vowel marks, %zu without", with_marks, without);
    dawr_layout_free(l);
    dawr_layout_free(bare);
}

/* Random bytes, mostly valid UTF-8 of many scripts, with random options: a layout every
 * time, a bitmap and a dump, never a crash (run under the sanitizers by make check-asan). */
static void test_random_bytes_never_crash(void)
{
    uint32_t r = 99;
    static const uint32_t pool[] = { 'a', ' ', '1', '(', 0x0627, 0x0644, 0x064E, 0x0661, 0x05D0, 0x2067,
                                     0x2069, 0x202E, 0x200D, 0x0301, 0x4E2D, 0x1F600, 0x0E01, 0x0915,
                                     0x093F, '\n', 0xFFFD, 0x10FFFF, 0xE000 };
    for (int k = 0; k < 300; k++) {
        char s[400];
        size_t len = 0, n = (r = r * 1103515245u + 12345u) >> 16 & 63;
        for (size_t i = 0; i < n; i++) {
            r = r * 1103515245u + 12345u;
            if ((r >> 8 & 7) == 0) s[len++] = (char)(r >> 16);           /* any byte */
            else len += dawr_utf8_encode(pool[(r >> 16) % (sizeof pool / sizeof *pool)], s + len);
        }
        dawr_layout_opts o = { .size_px = (float)(8 + (r >> 4 & 31)), .width_px = (float)(r >> 9 & 127),
                               .dir = (dawr_dir)(r % 3), .align = (dawr_align)(r >> 3 & 1 ? 2 : 0),
                               .weight = (dawr_weight)(r >> 5 & 1) };
        dawr_layout *l = dawr_text_layout(engine, s, len, &o);
        REQUIRE(l, "layout %d failed", k);
        dawr_bitmap bm;
        CHECK_INT(dawr_raster_layout(l, 1, &bm), 0);
        dawr_bitmap_release(&bm);
        char *json = dawr_layout_dump_json(l);
        CHECK(json != NULL, "dump %d", k);
        free(json);
        dawr_layout_free(l);
    }
}

static void test_missing_font_is_an_error(void)
{
    char err[256] = "";
    dawr_text *t = dawr_text_new("No Such Font Family", err, sizeof err);
    CHECK(t == NULL, "engine made with a missing family");
    CHECK(strstr(err, "No Such Font Family") && strstr(err, "not installed"), "message: %s", err);
    dawr_text_free(t);
    /* No fonts at all: a configuration without font directories. */
    char conf[PATH_MAX], rel[512];
    snprintf(rel, sizeof rel, "%s/tests/empty-fonts.conf", fixture_build_dir());
    FILE *f = fopen(rel, "w");
    REQUIRE(f, "cannot write %s", rel);
    fputs("<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n", f);
    fclose(f);
    REQUIRE(realpath(rel, conf), "realpath %s", rel);
    char *saved = strdup(getenv("FONTCONFIG_FILE") ? getenv("FONTCONFIG_FILE") : "");
    setenv("FONTCONFIG_FILE", conf, 1);
    err[0] = 0;
    t = dawr_text_new(NULL, err, sizeof err);
    CHECK(t == NULL, "engine made without fonts");
    CHECK(strstr(err, "no font"), "message: %s", err);
    dawr_text_free(t);
    setenv("FONTCONFIG_FILE", saved, 1);
    free(saved);
    /* The tool says so too and fails. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s/textshot --font 'No Such Font Family' --dump 'x' >/dev/null 2>&1",
             fixture_build_dir());
    CHECK(system(cmd) != 0, "textshot with a missing font must fail");
}

static void test_layout_cache(void)
{
    dawr_layout *a = lay("شكرًا لكم", DAWR_DIR_RTL, 0), *b = lay("شكرًا لكم", DAWR_DIR_RTL, 0);
    dawr_layout *c = lay("شكرًا لكم", DAWR_DIR_RTL, 100);
    CHECK(a && a == b, "an unchanged string must come from the cache");
    CHECK(c && c != a, "other options make another layout");
    dawr_layout_free(a); dawr_layout_free(b); dawr_layout_free(c);
    dawr_text_set_cache_size(engine, 0);
    a = lay("شكرًا لكم", DAWR_DIR_RTL, 0);
    b = lay("شكرًا لكم", DAWR_DIR_RTL, 0);
    CHECK(a && b && a != b, "no cache: two layouts");
    size_t na, nb;
    const dawr_glyph *ga = dawr_layout_glyphs(a, &na), *gb = dawr_layout_glyphs(b, &nb);
    CHECK(na == nb && memcmp(ga, gb, na * sizeof *ga) == 0, "the same glyphs");
    dawr_layout_free(a); dawr_layout_free(b);
    dawr_text_set_cache_size(engine, 512);
    /* The bitmap kept with a cached layout is the one rasterised afresh. */
    a = lay("تفضّلوا بأخذ رقم الانتظار", DAWR_DIR_RTL, 0);
    REQUIRE(a, "layout failed");
    const dawr_bitmap *k1 = dawr_raster_cached(a), *k2 = dawr_raster_cached(a);
    dawr_bitmap fresh;
    REQUIRE(k1 && k1 == k2 && dawr_raster_layout(a, 0, &fresh) == 0, "cached bitmap");
    CHECK(fresh.width == k1->width && fresh.height == k1->height &&
          memcmp(fresh.pixels, k1->pixels, (size_t)fresh.width * (size_t)fresh.height) == 0,
          "cached bitmap differs from a fresh one");
    dawr_bitmap_release(&fresh);
    dawr_layout_free(a);
}

static void test_sdl_surface_and_texture(void)
{
    dawr_layout *l = lay("أهلاً Welcome", DAWR_DIR_RTL, 0);
    REQUIRE(l, "layout failed");
    SDL_Color ink = { 10, 20, 30, 255 };
    SDL_Surface *s = dawr_text_sdl_surface(l, ink, 2);
    REQUIRE(s, "surface: %s", SDL_GetError());
    dawr_bitmap bm;
    REQUIRE(dawr_raster_layout(l, 2, &bm) == 0, "bitmap");
    CHECK(s->w == bm.width && s->h == bm.height, "surface %dx%d, bitmap %dx%d", s->w, s->h, bm.width, bm.height);
    int same = 1;
    for (int y = 0; y < bm.height && same; y++)
        for (int x = 0; x < bm.width; x++) {
            Uint32 p = ((Uint32 *)((Uint8 *)s->pixels + y * s->pitch))[x];
            if ((p >> 24) != bm.pixels[y * bm.stride + x] || (p & 0xFFFFFF) != 0x0A141E) { same = 0; break; }
        }
    CHECK(same, "surface alpha must equal the bitmap's coverage, colour the ink");
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    REQUIRE(r, "software renderer: %s", SDL_GetError());
    SDL_Texture *tex = dawr_text_sdl_texture(r, l, ink, 0);
    CHECK(tex != NULL, "texture: %s", SDL_GetError());
    if (tex) SDL_DestroyTexture(tex);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    dawr_bitmap_release(&bm);
    dawr_layout_free(l);
}

static void test_template_fill(void)
{
    char out[256];
    CHECK_INT(dawr_template_fill(out, sizeof out, "Number {number}, counter {counter} {x}", "number", "A-023", "counter",
                                 "2", (const char *)NULL), 27);
    CHECK_STR(out, "Number A-023, counter 2 {x}");
    /* every occurrence, an unclosed brace kept, a NULL value empty */
    CHECK(dawr_template_fill(out, sizeof out, "{n}+{n} {open", "n", "٣", (const char *)NULL) > 0, "fill");
    CHECK_STR(out, "٣+٣ {open");
    CHECK(dawr_template_fill(out, sizeof out, "[{gone}]", "gone", (const char *)NULL, (const char *)NULL) > 0, "fill");
    CHECK_STR(out, "[]");
    /* too small: -1 and an empty string, never a cut one */
    CHECK_INT(dawr_template_fill(out, 8, "{number}", "number", "A-023-long", (const char *)NULL), -1);
    CHECK_STR(out, "");
    CHECK_INT(dawr_template_fill(out, 5, "12345", (const char *)NULL), -1);
    CHECK_STR(out, "");
}

/* Every format written to a file and to memory reads back as the same picture; the
 * resolution is recorded; bad input is refused with the path and the reason. */
static void test_png_round_trip(void)
{
    enum { W = 13, H = 5 };
    uint8_t gray[W * H], rgb[W * H * 3], rgba[W * H * 4], bits[2 * H];
    for (int i = 0; i < W * H; i++) {
        gray[i] = (uint8_t)(i * 37);
        for (int c = 0; c < 3; c++) rgb[i * 3 + c] = (uint8_t)(i * 11 + c * 80);
        for (int c = 0; c < 4; c++) rgba[i * 4 + c] = (uint8_t)(i * 7 + c * 60);
    }
    for (int i = 0; i < 2 * H; i++) bits[i] = (uint8_t)(0xA5 ^ i);
    char dir[600], path[700], err[512];
    const char *scratch = getenv("BUILD") ? getenv("BUILD") : "build";
    snprintf(dir, sizeof dir, "%s/tests/tmp", scratch);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/png-%d.png", dir, (int)getpid());
    struct { dawr_png_format f; const uint8_t *px; int bpp; } cases[] = {
        { DAWR_PNG_GRAY, gray, 1 }, { DAWR_PNG_RGB, rgb, 3 }, { DAWR_PNG_RGBA, rgba, 4 },
    };
    for (int k = 0; k < 3; k++) {
        REQUIRE(dawr_png_write(path, cases[k].f, cases[k].px, W, H, (size_t)W * cases[k].bpp, 0, err, sizeof err) == 0,
                "%s", err);
        int w = 0, h = 0;
        uint8_t *back = dawr_png_read(path, cases[k].f, &w, &h, err, sizeof err);
        REQUIRE(back, "%s", err);
        CHECK(w == W && h == H, "format %d: %d x %d", k, w, h);
        CHECK(memcmp(back, cases[k].px, (size_t)W * H * cases[k].bpp) == 0, "format %d: pixels differ", k);
        free(back);
        uint8_t *mem = NULL;
        size_t size = 0;
        REQUIRE(dawr_png_encode(cases[k].f, cases[k].px, W, H, (size_t)W * cases[k].bpp, 0, &mem, &size) == 0, "encode");
        CHECK(size > 8 && !memcmp(mem, "\x89PNG\r\n\x1a\n", 8), "format %d: not a PNG in memory", k);
        free(mem);
    }
    /* 1 bit a pixel with 203 dpi: white where the bit is set, the resolution in pHYs */
    REQUIRE(dawr_png_write(path, DAWR_PNG_GRAY1, bits, W, H, 2, 203, err, sizeof err) == 0, "%s", err);
    int w, h;
    uint8_t *back = dawr_png_read(path, DAWR_PNG_GRAY, &w, &h, err, sizeof err);
    REQUIRE(back, "%s", err);
    int same = 1;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            same &= (back[y * W + x] == 255) == ((bits[y * 2 + x / 8] >> (7 - x % 8)) & 1);
    CHECK(same, "1-bit pixels differ");
    free(back);
    static uint8_t file[4096];
    FILE *f = fopen(path, "rb");
    size_t n = f ? fread(file, 1, sizeof file, f) : 0;
    if (f) fclose(f);
    const uint8_t *phys = memmem(file, n, "pHYs", 4);
    REQUIRE(phys, "no pHYs chunk");
    uint32_t ppm = (uint32_t)phys[4] << 24 | (uint32_t)phys[5] << 16 | (uint32_t)phys[6] << 8 | phys[7];
    CHECK_INT(ppm, 7992);                /* 203 dpi in dots per metre */
    /* bad input */
    CHECK(!dawr_png_read("/nonexistent/x.png", DAWR_PNG_GRAY, &w, &h, err, sizeof err), "read a missing file");
    CHECK(strncmp(err, "/nonexistent/x.png: ", 20) == 0, "message: %s", err);
    CHECK(dawr_png_write("/nonexistent/x.png", DAWR_PNG_GRAY, gray, W, H, W, 0, err, sizeof err) == -1, "wrote");
    CHECK(strstr(err, "/nonexistent/x.png: cannot write") != NULL, "message: %s", err);
    CHECK(dawr_png_write(path, DAWR_PNG_GRAY, gray, 0, H, W, 0, err, sizeof err) == -1, "an empty image");
    CHECK(strstr(err, "not an image") != NULL, "message: %s", err);
    CHECK(dawr_png_write(path, DAWR_PNG_RGB, rgb, W, H, W, 0, err, sizeof err) == -1, "a short row");
    f = fopen(path, "w");
    if (f) { fputs("not a picture", f); fclose(f); }
    CHECK(!dawr_png_read(path, DAWR_PNG_RGB, &w, &h, err, sizeof err), "read text as a PNG");
    CHECK(strstr(err, path) == err && strlen(err) > strlen(path) + 2, "message: %s", err);
    unlink(path);
}

/* What reaches the voice: no pictogram characters, bullets or isolates; Arabic-Indic digits
 * as ASCII (espeak-ng reads those as numbers); lines as pauses in the line's own script. */
static void test_speakable_text(void)
{
    char out[512];
    dawr_text_speakable("\xE2\x9C\x9A\nتفضّلوا بأخذ رقم الانتظار", out, sizeof out);
    CHECK_STR(out, "تفضّلوا بأخذ رقم الانتظار");
    dawr_text_speakable("المستندات:\n\xE2\x80\xA2 سجل الأسرة\n\xE2\x80\xA2 الهوية", out, sizeof out);
    CHECK_STR(out, "المستندات: سجل الأسرة، الهوية");
    dawr_text_speakable("Listen \xE2\x99\xAB  now\n\xE2\x80\xA2 ID", out, sizeof out);
    CHECK_STR(out, "Listen now, ID");
    dawr_text_speakable("عدد المنتظرين: \xD9\xA3 " DAWR_LRI "A-023" DAWR_PDI, out, sizeof out);
    CHECK_STR(out, "عدد المنتظرين: 3 A-023");
    CHECK(dawr_text_unspeakable("Listen \xE2\x99\xAB") == 0x266B, "♫ is a symbol");
    CHECK(dawr_text_unspeakable(out) == 0, "cleaned text still holds a symbol");
    /* a small buffer cuts between characters, never inside one */
    char tiny[6];
    dawr_text_speakable("أهلاً", tiny, sizeof tiny);
    CHECK_STR(tiny, "أه");
    REQUIRE(dawr_text_speak_date(fixed_instant(), "Asia/Riyadh", DAWR_LANG_AR, out, sizeof out) > 0, "ICU failed");
    CHECK_STR(out, "15 جمادى الآخرة 1448 هجري، الموافق 25 نوفمبر 2026 ميلادي");
    dawr_text_speak_date(fixed_instant(), "Asia/Riyadh", DAWR_LANG_EN, out, sizeof out);
    CHECK(strstr(out, "1448 in the Hijri calendar, 25 November 2026") != NULL, "English: %s", out);
    CHECK_INT(dawr_text_speak_date(fixed_instant(), "Nowhere/At_all", DAWR_LANG_AR, out, sizeof out), -1);
}

static const test_case cases[] = {
    { "speakable_text", test_speakable_text },
    { "number_after_arabic_keeps_order", test_number_after_arabic_keeps_order },
    { "template_fill", test_template_fill },
    { "png_round_trip", test_png_round_trip },
    { "ticket_code_after_arabic", test_ticket_code_after_arabic },
    { "numbers_in_both_languages", test_numbers_in_both_languages },
    { "hijri_date_fixed_instant", test_hijri_date_fixed_instant },
    { "date_after_arabic_not_reversed", test_date_after_arabic_not_reversed },
    { "fallback_for_brackets_and_latin", test_fallback_for_brackets_and_latin },
    { "line_breaking_between_words", test_line_breaking_between_words },
    { "alignment", test_alignment },
    { "invalid_utf8_draws_replacement", test_invalid_utf8_draws_replacement },
    { "empty_string", test_empty_string },
    { "ten_thousand_characters", test_ten_thousand_characters },
    { "random_bytes_never_crash", test_random_bytes_never_crash },
    { "leading_bidi_controls", test_leading_bidi_controls },
    { "a_flood_of_marks", test_a_flood_of_marks },
    { "missing_font_is_an_error", test_missing_font_is_an_error },
    { "layout_cache", test_layout_cache },
    { "line_spacing_by_script", test_line_spacing_by_script },
    { "no_word_alone_on_the_last_line", test_no_word_alone_on_the_last_line },
    { "dates_and_times_never_broken", test_dates_and_times_never_broken },
    { "twelve_hour_time", test_twelve_hour_time },
    { "sdl_surface_and_texture", test_sdl_surface_and_texture },
    { NULL, NULL },
};

int main(int argc, char **argv)
{
    return fixture_main("text_units", cases, &engine, -1, argc, argv);
}
