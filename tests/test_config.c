/* Configuration: the default file loads as the association's reception, and every kind of
 * bad file is refused with "file:line: what is wrong". */
#include "harness.h"
#include "testutil.h"

static void default_is_the_associations_reception(void)
{
    dawr_config *cfg = load_default_config();
    static const struct { const char *id; char prefix; } services[] = {
        { "new_request", 'A' }, { "follow_up", 'B' }, { "inquiry", 'C' },
        { "social_research", 'D' }, { "documents", 'E' }, { "complaint", 'F' }, { "appointment", 'G' },
    };
    CHECK_INT(dawr_config_service_count(cfg), 7);
    for (int i = 0; i < 7; i++) {
        const dawr_service *sv = dawr_config_find_service(cfg, services[i].id);
        REQUIRE(sv != NULL, "service %s missing", services[i].id);
        CHECK(sv->prefix == services[i].prefix, "%s has prefix %c", sv->id, sv->prefix);
        CHECK(*sv->name_ar && *sv->name_en, "%s lacks a name", sv->id);
        /* its own pictogram and colour: no two reasons alike, white words on each at 7:1 */
        CHECK(*sv->icon, "%s has no icon", sv->id);
        CHECK(dawr_config_white_contrast(sv->colour) >= 7.0, "%s: colour %06X", sv->id, (unsigned)sv->colour);
        for (int j = 0; j < i; j++) {
            const dawr_service *o = dawr_config_find_service(cfg, services[j].id);
            CHECK(o->colour != sv->colour, "%s and %s share the colour %06X", sv->id, o->id, (unsigned)sv->colour);
            CHECK(strcmp(o->icon, sv->icon), "%s and %s share the icon %s", sv->id, o->id, sv->icon);
        }
    }
    const dawr_service *nr = dawr_config_find_service(cfg, "new_request");
    CHECK(strstr(nr->notice_ar, "أسبوعين") != NULL, "Arabic notice: %s", nr->notice_ar);
    CHECK(strstr(nr->notice_en, "in two weeks at the earliest") != NULL, "English notice: %s", nr->notice_en);
    CHECK(nr->document_count >= 3, "documents: %d", nr->document_count);
    CHECK(nr->documents_en[nr->document_count - 1] != NULL, "English documents");
    CHECK_INT(dawr_config_counter_count(cfg), 3);
    const dawr_counter *researcher = dawr_config_find_counter(cfg, "3");
    REQUIRE(researcher != NULL, "counter 3");
    CHECK(dawr_counter_serves(researcher, "social_research"), "counter 3 serves social_research");
    CHECK(!dawr_counter_serves(researcher, "inquiry"), "counter 3 is the researcher's office only");
    CHECK(dawr_counter_serves(dawr_config_find_counter(cfg, "1"), "new_request"), "counter 1");
    CHECK_STR(dawr_config_settings(cfg)->timezone, "Asia/Riyadh");
    CHECK_STR(dawr_config_settings(cfg)->language, "ar");
    CHECK_STR(dawr_config_settings(cfg)->console_listen, "0.0.0.0:8080");
    CHECK_INT(dawr_config_settings(cfg)->session_minutes, 60);
    CHECK_INT(dawr_config_settings(cfg)->pin_attempts, 5);
    CHECK_INT(dawr_config_settings(cfg)->lockout_minutes, 5);
    CHECK_INT(dawr_config_settings(cfg)->pin_failures_per_hour, 20);
    CHECK_INT(dawr_config_settings(cfg)->pin_min_length, 4);
    CHECK_INT(dawr_config_settings(cfg)->rating_reason_count, 5);
    const dawr_printer_settings *pr = dawr_config_printer(cfg);
    CHECK_STR(pr->format, "raster");
    CHECK_STR(pr->queue, "dawr-receipt");
    CHECK_STR(pr->language, "ar");
    CHECK_INT(pr->width_dots, 576);
    CHECK_INT(pr->dpi, 203);
    CHECK_INT(dawr_config_settings(cfg)->report_show_counters, 1);
    const dawr_display_settings *d = dawr_config_display(cfg);
    CHECK(d->width_mm > 500 && d->height_mm > 300, "TV size %dx%d mm", d->width_mm, d->height_mm);
    CHECK(d->announcement_ar_count >= 1 && d->announcement_en_count >= 1, "announcements");
    CHECK_STR(d->source, "");          /* the local database unless a display-box names its console */
    const dawr_association_settings *a = dawr_config_association(cfg);
    CHECK_STR(a->name_ar, "رُؤفَاء لرعاية كبار السن بأملج");
    CHECK_STR(a->name_en, "Roofaa Association for the Care of the Elderly in Umluj");
    CHECK_STR(a->website, "Roofaa.org.sa");
    REQUIRE(a->whatsapp_count == 2, "WhatsApp numbers: %d", a->whatsapp_count);
    CHECK_STR(a->whatsapp[0], "0537063819");
    CHECK_STR(a->whatsapp[1], "0555375887");
    dawr_config_free(cfg);
}

#define GOOD_SERVICE "[service a]\nprefix = A\nname_ar = ا\nname_en = A\n"
#define GOOD_COUNTER "[counter 1]\nname_ar = ١\nname_en = One\nservices = a\n"

static const struct { const char *name, *text, *message; } BAD[] = {
    { "unknown key", GOOD_SERVICE "color = red\n" GOOD_COUNTER, ":5: unknown key \"color\" in [service a]" },
    /* A tile's pictogram and colour: a file that is there, #RRGGBB, white words on it at 7:1. */
    { "unknown icon", GOOD_SERVICE "icon = no-such-picture\n" GOOD_COUNTER,
      ":5: icon of service \"a\": there is no icon file " },
    { "icon as a path", GOOD_SERVICE "icon = ../dawr\n" GOOD_COUNTER,
      ":5: icon of service \"a\" must be a name of lower-case letters, digits and '-'" },
    { "bad colour", GOOD_SERVICE "colour = red\n" GOOD_COUNTER,
      ":5: colour of service \"a\" must be #RRGGBB (six hexadecimal digits), not \"red\"" },
    { "colour too light", GOOD_SERVICE "colour = #3A7BD5\n" GOOD_COUNTER,
      ":5: colour #3A7BD5 of service \"a\" is too light: white words on it have a contrast of 4.2:1, 7:1 is the least" },
    { "unknown dawr key", "[dawr]\ntimezone = Asia/Riyadh\nspeed = 3\n" GOOD_SERVICE GOOD_COUNTER,
      ":3: unknown key \"speed\" in [dawr]" },
    { "unknown section", "[paper]\nwidth = 576\n" GOOD_SERVICE GOOD_COUNTER, ":1: unknown section [paper]" },
    { "unknown printer key", "[printer]\nwidth = 576\n" GOOD_SERVICE GOOD_COUNTER, ":2: unknown key \"width\" in [printer]" },
    { "bad paper width", "[printer]\nqueue = receipts\nwidth_mm = 76\n" GOOD_SERVICE GOOD_COUNTER,
      ":3: width_mm must be 58 or 80 (the paper roll), not \"76\"" },
    { "dots not a multiple of 8", "[printer]\nwidth_dots = 570\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: width_dots must be a multiple of 8 from 128 to 2048" },
    { "bad print format", "[printer]\nformat = pdf\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: format must be raster, raw, ipp or preview, not \"pdf\"" },
    { "bad queue name", "[printer]\nqueue = my printer\n" GOOD_SERVICE GOOD_COUNTER, ":2: queue \"my printer\" must be a CUPS queue name" },
    { "ipp without uri", "[printer]\nformat = ipp\n" GOOD_SERVICE GOOD_COUNTER, ":1: [printer] format ipp needs uri" },
    { "bad show_counters", "[reports]\nshow_counters = maybe\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: show_counters must be yes or no, not \"maybe\"" },
    { "unknown reports key", "[reports]\nshow_counters = no\ncolours = 3\n" GOOD_SERVICE GOOD_COUNTER,
      ":3: unknown key \"colours\" in [reports]" },
    { "bad number", "[dawr]\npriority_ratio = many\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: priority_ratio must be a whole number from 1 to 20, not \"many\"" },
    { "number out of range", "[dawr]\nnoshow_grace_minutes = -3\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: noshow_grace_minutes must be a whole number from 0 to 120" },
    { "kiosk idle under a minute", "[kiosk]\nscreen_width_mm = 476\nidle_seconds = 20\n" GOOD_SERVICE GOOD_COUNTER,
      ":3: idle_seconds must be a whole number from 60 to 3600, not \"20\"" },
    { "unknown kiosk key", "[kiosk]\nbrightness = 9\n" GOOD_SERVICE GOOD_COUNTER, ":2: unknown key \"brightness\" in [kiosk]" },
    { "bad language", "[dawr]\nlanguage = fr\n" GOOD_SERVICE GOOD_COUNTER, ":2: language must be ar or en" },
    { "PIN shorter than 4", "[console]\npin_min_length = 3\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: pin_min_length must be a whole number from 4 to 12" },
    { "no PIN budget", "[console]\npin_failures_per_hour = 0\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: pin_failures_per_hour must be a whole number from 1 to 1000" },
    { "bad time zone", "[dawr]\ntimezone = Mars/Olympus\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: timezone \"Mars/Olympus\" is not a known time zone" },
    { "service without prefix", GOOD_SERVICE "[service b]\nname_ar = ب\nname_en = B\n" GOOD_COUNTER,
      ":5: service \"b\" has no prefix" },
    { "shared prefix", GOOD_SERVICE "[service b]\nprefix = A\nname_ar = ب\nname_en = B\n" GOOD_COUNTER,
      ":5: services \"a\" and \"b\" share the prefix A (line 1)" },
    { "bad prefix", "[service a]\nprefix = a1\nname_ar = ا\nname_en = A\n" GOOD_COUNTER,
      ":2: prefix of service \"a\" must be one capital letter A-Z, not \"a1\"" },
    { "counter serving unknown service", GOOD_SERVICE "[counter 1]\nname_ar = ١\nname_en = One\nservices = a lunch\n",
      ":5: counter \"1\" serves unknown service \"lunch\"" },
    { "counter serving nothing", GOOD_SERVICE "[counter 1]\nname_ar = ١\nname_en = One\n",
      ":5: counter \"1\" serves no service" },
    { "missing English name", "[service a]\nprefix = A\nname_ar = ا\n" GOOD_COUNTER,
      ":1: service \"a\" needs both name_ar and name_en" },
    { "no services", GOOD_COUNTER, "no [service ID] section" },
    { "no counters", GOOD_SERVICE, "no [counter ID] section" },
    { "twice the same settings section", "[dawr]\nlanguage = ar\n" GOOD_SERVICE "[dawr]\nlanguage = en\n" GOOD_COUNTER,
      ":7: [dawr] is given twice (first on line 1)" },
    { "twice the same service", GOOD_SERVICE GOOD_COUNTER "[service a]\nprefix = B\n",
      ":9: service \"a\" is defined twice (first on line 1)" },
    { "syntax error", GOOD_SERVICE "this is not a setting\n" GOOD_COUNTER, ":5: cannot read this line" },
    { "key without value", GOOD_SERVICE "name_en =\n" GOOD_COUNTER, ":5: \"name_en\" has no value" },
    { "bad service id", "[service New Request]\nprefix = A\n" GOOD_COUNTER,
      ":1: service id \"New Request\" must be lower-case letters" },
    { "documents out of step", GOOD_SERVICE "document_ar = هوية\ndocument_ar = سجل\ndocument_en = ID\n" GOOD_COUNTER,
      ":1: service \"a\" lists 2 documents in Arabic but 1 in English" },
    { "bad branch id", "[branch]\nid = North Branch\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: id must be 1 to 32 letters, digits or '-', not \"North Branch\"" },
    { "branch without names", "[branch]\nid = north\n[central]\nconnection = host=centre dbname=dawr\n" GOOD_SERVICE GOOD_COUNTER,
      ":1: [branch] needs id, name_ar and name_en together" },
    { "password in dawr.conf", "[central]\nconnection = host=centre password=secret\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: connection must not hold a password: put it in a passfile" },
    { "password on a continued line", "[central]\nconnection = host=centre\n  password=secret\n" GOOD_SERVICE GOOD_COUNTER,
      ":3: connection must not hold a password" },
    { "unknown central key", "[central]\nhost = centre\n" GOOD_SERVICE GOOD_COUNTER, ":2: unknown key \"host\" in [central]" },
    { "bad console listen", "[console]\nlisten = 8080\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: listen must be an IPv4 address and a port, like 0.0.0.0:8080, not \"8080\"" },
    { "bad console port", "[console]\nlisten = 0.0.0.0:70000\n" GOOD_SERVICE GOOD_COUNTER, ":2: listen must be" },
    { "bad session minutes", "[console]\nsession_minutes = 0\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: session_minutes must be a whole number from 1 to 1440, not \"0\"" },
    { "unknown console key", "[console]\nport = 80\n" GOOD_SERVICE GOOD_COUNTER, ":2: unknown key \"port\" in [console]" },
    { "unknown rating reason form", "[dawr]\nrating_reasons = waiting Bad-Tag\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: rating reason \"Bad-Tag\"" },
    { "display size", "[display]\nwidth_mm = 1210\nheight_mm = huge\n" GOOD_SERVICE GOOD_COUNTER,
      ":3: height_mm must be a whole number from 200 to 5000, not \"huge\"" },
    { "display yes or no", "[display]\nspeak_english = sometimes\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: speak_english must be yes or no, not \"sometimes\"" },
    { "display source not http", "[display]\nsource = https://10.0.0.5:8080\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: source must be empty (the local database) or the console's address http://HOST:PORT, not "
      "\"https://10.0.0.5:8080\"" },
    { "display source with a query", "[display]\nsource = http://10.0.0.5:8080/?x=1\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: source must be empty" },
    { "unknown display key", "[display]\nbrightness = 9\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: unknown key \"brightness\" in [display]" },
    { "WhatsApp in Arabic-Indic digits", "[association]\nwhatsapp = ٠٥٣٧٠٦٣٨١٩\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: whatsapp number \"٠٥٣٧٠٦٣٨١٩\" must be digits (Western, 0-9)" },
    { "too many WhatsApp numbers", "[association]\nwhatsapp = 1 2 3 4 5\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: whatsapp lists more than 4 numbers" },
    { "unknown association key", "[association]\nemail = a@b\n" GOOD_SERVICE GOOD_COUNTER,
      ":2: unknown key \"email\" in [association]" },
    { "a key twice", "[dawr]\ntimezone = Asia/Riyadh\nlanguage = ar\ntimezone = Asia/Dubai\n" GOOD_SERVICE GOOD_COUNTER,
      ":4: \"timezone\" is given twice in [dawr] (first on line 2)" },
    { "a service's name twice", GOOD_SERVICE "name_en = Again\n" GOOD_COUNTER,
      ":5: \"name_en\" is given twice in [service a] (first on line 4)" },
    { "a setting continued", "[dawr]\ntimezone = Asia/Riyadh\n  Europe/London\n" GOOD_SERVICE GOOD_COUNTER,
      ":3: an indented line continues only a service's name or notice, or [central] connection, not \"timezone\"" },
};

static void bad_files_are_refused_with_file_and_line(void)
{
    const char *dir = scratch_dir("config");
    char path[600], err[1024];
    snprintf(path, sizeof path, "%s/bad.conf", dir);
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        write_file(path, BAD[i].text);
        err[0] = 0;
        dawr_config *cfg = dawr_config_load(path, err, sizeof err);
        CHECK(cfg == NULL, "%s: accepted", BAD[i].name);
        dawr_config_free(cfg);
        CHECK(strncmp(err, path, strlen(path)) == 0, "%s: message does not start with the file: %s", BAD[i].name, err);
        CHECK(strstr(err, BAD[i].message) != NULL, "%s: expected \"%s\" in \"%s\"", BAD[i].name, BAD[i].message, err);
    }
}

/* A display-box names its console; an empty source is the local database. */
static void display_source(void)
{
    const char *dir = scratch_dir("config-source");
    char path[600], err[1024];
    snprintf(path, sizeof path, "%s/box.conf", dir);
    write_file(path, "[display]\nsource = http://192.168.1.20:8080\n" GOOD_SERVICE GOOD_COUNTER);
    dawr_config *cfg = dawr_config_load(path, err, sizeof err);
    REQUIRE(cfg, "refused: %s", err);
    CHECK_STR(dawr_config_display(cfg)->source, "http://192.168.1.20:8080");
    dawr_config_free(cfg);
    write_file(path, "[display]\nsource =\n" GOOD_SERVICE GOOD_COUNTER);
    cfg = dawr_config_load(path, err, sizeof err);
    REQUIRE(cfg, "empty source refused: %s", err);
    CHECK_STR(dawr_config_display(cfg)->source, "");
    dawr_config_free(cfg);
}

static void long_line_and_missing_file(void)
{
    const char *dir = scratch_dir("config-long");
    char path[600], err[1024], text[2048];
    snprintf(path, sizeof path, "%s/long.conf", dir);
    char notice[400];
    memset(notice, 'x', sizeof notice - 1);
    notice[sizeof notice - 1] = 0;
    snprintf(text, sizeof text, GOOD_SERVICE "notice_en = %s\n" GOOD_COUNTER, notice);
    write_file(path, text);
    CHECK(dawr_config_load(path, err, sizeof err) == NULL, "a truncated line was accepted");
    CHECK(strstr(err, ":5: line is longer than") != NULL, "message: %s", err);
    /* A long text split over indented lines is one value. */
    snprintf(text, sizeof text, GOOD_SERVICE "notice_en = first half\n  second half\n" GOOD_COUNTER);
    write_file(path, text);
    dawr_config *cfg = dawr_config_load(path, err, sizeof err);
    REQUIRE(cfg != NULL, "%s", err);
    CHECK_STR(dawr_config_find_service(cfg, "a")->notice_en, "first half second half");
    dawr_config_free(cfg);
    snprintf(path, sizeof path, "%s/absent.conf", dir);
    CHECK(dawr_config_load(path, err, sizeof err) == NULL, "a missing file was accepted");
    CHECK(strstr(err, "cannot open") != NULL, "message: %s", err);
}

/* A notice continued over many lines is joined in linear time and memory, and a runaway file is
 * refused at the line where it passes the stated limit (1,000 continuation lines once used up a
 * fixed table of strings and crashed every program with a NULL). */
static void many_lines_and_a_runaway_file(void)
{
    const char *dir = scratch_dir("config-many");
    char path[600], err[1024];
    snprintf(path, sizeof path, "%s/many.conf", dir);
    FILE *f = fopen(path, "w");
    REQUIRE(f, "cannot write %s", path);
    fputs(GOOD_SERVICE "notice_en = start\n", f);
    for (int i = 0; i < 3000; i++) fprintf(f, "  line %d of a long notice\n", i);
    fputs(GOOD_COUNTER, f);
    for (int i = 0; i < 1500; i++) fprintf(f, "[service s%d]\nprefix = %c\nname_ar = س\nname_en = S\n", i, 'A' + i % 26);
    fclose(f);
    dawr_config *cfg = dawr_config_load(path, err, sizeof err);
    CHECK(cfg == NULL, "1,500 services were accepted");
    CHECK(strstr(err, "more than") != NULL, "message: %s", err);
    dawr_config_free(cfg);
    /* The same long notice alone is one value of every line joined by spaces. */
    f = fopen(path, "w");
    REQUIRE(f, "cannot write %s", path);
    fputs(GOOD_SERVICE "notice_en = start\n", f);
    for (int i = 0; i < 3000; i++) fprintf(f, "  line %d\n", i);
    fputs(GOOD_COUNTER, f);
    fclose(f);
    cfg = dawr_config_load(path, err, sizeof err);
    REQUIRE(cfg != NULL, "%s", err);
    const char *notice = dawr_config_find_service(cfg, "a")->notice_en;
    CHECK(!strncmp(notice, "start line 0 line 1 line 2 ", 27), "notice begins: %.40s", notice);
    CHECK(strstr(notice, " line 2999") && !strcmp(strstr(notice, " line 2999"), " line 2999"), "notice ends wrong");
    dawr_config_free(cfg);
    /* Past the stated size: refused at the line where it passes, not read to the end. */
    f = fopen(path, "w");
    REQUIRE(f, "cannot write %s", path);
    fputs(GOOD_SERVICE "notice_en = start\n", f);
    for (int i = 0; i < 40000; i++) fprintf(f, "  a line of the notice that goes on and on\n");
    fputs(GOOD_COUNTER, f);
    fclose(f);
    cfg = dawr_config_load(path, err, sizeof err);
    CHECK(cfg == NULL, "a 1.7 MB configuration was accepted");
    CHECK(strstr(err, "larger than 256 KiB") != NULL, "message: %s", err);
    dawr_config_free(cfg);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "default_is_the_associations_reception", default_is_the_associations_reception },
        { "bad_files_are_refused_with_file_and_line", bad_files_are_refused_with_file_and_line },
        { "display_source", display_source },
        { "long_line_and_missing_file", long_line_and_missing_file },
        { "many_lines_and_a_runaway_file", many_lines_and_a_runaway_file },
        { NULL, NULL },
    };
    return harness_main("config", cases, argc, argv);
}
