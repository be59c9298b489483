/* dawrctl as scripts use it: the real program, real files, exit codes, JSON on stdout,
 * reasons on stderr, and nothing changed by a refused command. */
#include "harness.h"
#include "testutil.h"

#include <jansson.h>
#include <sys/stat.h>
#include <sys/wait.h>

static char dir[600], out_path[700], err_path[700], db[700];
static char out[65536], err[8192];

/* Runs "dawrctl --config DEFAULT --db DB ARGS" with env PREFIX; returns its exit status. */
static int ctl(const char *env, const char *args)
{
    const char *build = getenv("BUILD");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s %s/dawrctl --config %s --db %s %s >%s 2>%s", env ? env : "", build ? build : "build",
             default_config_path(), db, args, out_path, err_path);
    int st = system(cmd);
    read_file_into(out_path, out, sizeof out);
    read_file_into(err_path, err, sizeof err);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static json_t *out_json(void)
{
    json_error_t e;
    json_t *j = json_loads(out, 0, &e);
    if (!j) fprintf(stderr, "  not JSON (%s): %s\n", e.text, out);
    return j;
}

static void setup(const char *name)
{
    snprintf(dir, sizeof dir, "%s", scratch_dir(name));
    snprintf(out_path, sizeof out_path, "%s/out", dir);
    snprintf(err_path, sizeof err_path, "%s/err", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
}

static void issue_and_call_in_json(void)
{
    setup("ctl-json");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl(NULL, "issue new_request --json"), 0);
    json_t *j = out_json();
    REQUIRE(j, "issue --json");
    CHECK_STR(json_string_value(json_object_get(j, "code")), "A-001");
    CHECK_STR(json_string_value(json_object_get(j, "service")), "new_request");
    CHECK_INT(json_integer_value(json_object_get(j, "number")), 1);
    CHECK(json_integer_value(json_object_get(j, "id")) > 0, "id");
    json_decref(j);
    CHECK_INT(ctl(NULL, "--json issue inquiry --priority"), 0);
    j = out_json();
    CHECK(j && json_is_true(json_object_get(j, "priority")), "priority: %s", out);
    json_decref(j);
    CHECK_INT(ctl(NULL, "call 1 --json"), 0);
    j = out_json();
    CHECK_STR(json_string_value(json_object_get(j, "code")), "C-001");
    CHECK_STR(json_string_value(json_object_get(j, "state")), "called");
    json_decref(j);
    CHECK_INT(ctl(NULL, "done 1"), 0);
    CHECK_INT(ctl(NULL, "rate C-001 2 --reason waiting --reason place --json"), 0);
    CHECK_INT(ctl(NULL, "events --json"), 0);
    /* One JSON object per line, each with the ticket's code. */
    int lines = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"), lines++) {
        json_error_t e;
        json_t *ev = json_loads(line, 0, &e);
        CHECK(ev && json_string_value(json_object_get(ev, "code")), "event line %d: %s", lines, line);
        json_decref(ev);
    }
    CHECK_INT(lines, 5);
    CHECK_INT(ctl(NULL, "events --since 4 --json"), 0);
    CHECK(strstr(out, "\"kind\":\"rate\"") && !strstr(out, "\"kind\":\"issue\""), "since: %s", out);
    CHECK_INT(ctl(NULL, "status --json"), 0);
    j = out_json();
    CHECK_INT(json_integer_value(json_object_get(j, "issued")), 2);
    CHECK(json_array_size(json_object_get(j, "services")) == 7, "services in status");
    CHECK(strstr(json_string_value(json_object_get(j, "rule")), "priority") != NULL, "rule in status");
    CHECK(strstr(json_string_value(json_object_get(j, "rule")), "until 10 minutes before its time") &&
          strstr(json_string_value(json_object_get(j, "rule")), "after every 3 appointment calls"), "the appointments' rule in status");
    json_decref(j);
    CHECK_INT(ctl(NULL, "check --json"), 0);
    CHECK(strstr(out, "\"ok\": true") != NULL, "check: %s", out);
}

static void refusals_exit_nonzero_and_change_nothing(void)
{
    setup("ctl-refuse");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl(NULL, "issue follow_up"), 0);
    CHECK_INT(ctl(NULL, "events --json"), 0);
    static char before[sizeof out];
    snprintf(before, sizeof before, "%s", out);
    static const struct { const char *args, *words; int status; } cases[] = {
        { "call 3", "nobody is waiting for counter 3", 1 },
        { "done 2", "nobody to finish", 1 },
        { "rate B-001 5", "has not finished", 1 },
        { "rate B-001 five", "from 1 to 5", 2 },
        { "issue lunch", "unknown service \"lunch\"", 1 },
        { "call 7", "unknown counter \"7\"", 1 },
        { "call 1 --ticket Q-1", "no ticket Q-001 today", 1 },
        { "fly 1", "unknown subcommand", 2 },
        { "issue", "usage: dawrctl issue SERVICE", 2 },
        { "issue inquiry --colour red", "unknown option --colour", 2 },
        /* Numbers from outside are range-checked, never narrowed: B-4294967297 is not B-001. */
        { "call 1 --ticket B-4294967297", "\"B-4294967297\" is not a ticket", 1 },
        { "show B-4294967297", "\"B-4294967297\" is not a ticket", 1 },
        { "show '#99999999999999999999'", "is not a ticket", 1 },
        { "cancel B-4294967297", "is not a ticket", 1 },
        { "rate B-001 4294967301", "a rating is a score from 1 to 5, not 4294967301", 1 },
        { "events --limit 4294967297", "--limit a count from 0 to 1000000", 2 },
        { "issue inquiry --need deaf", "unknown need \"deaf\"", 1 },
        { "issue inquiry --channel fax", "unknown channel \"fax\"", 1 },
        { "issue inquiry --channel kiosk --handled-at 1", "never a visit handled at once", 1 },
        { "issue inquiry --channel phone --handled-at 1 --outcome won", "unknown outcome \"won\"", 1 },
        { "aside 1", "nobody to set aside", 1 },
        { "resume 1 B-001", "B-001 is not set aside (it is waiting)", 1 },
        { "resume 1", "usage: dawrctl resume COUNTER TICKET", 2 },
        { "done 1 --outcome", "--outcome needs a value", 2 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int status = ctl(NULL, cases[i].args);
        CHECK(status == cases[i].status, "%s: exit %d, expected %d", cases[i].args, status, cases[i].status);
        CHECK(strstr(err, cases[i].words) != NULL, "%s: stderr \"%s\" lacks \"%s\"", cases[i].args, err, cases[i].words);
        CHECK(out[0] == 0, "%s: printed on stdout: %s", cases[i].args, out);
    }
    CHECK_INT(ctl(NULL, "events --json"), 0);
    CHECK_STR(out, before);
}

/* Issue 18.9: a note that is not UTF-8 text was dropped and the transfer made (exit 0, no
 * note); now it is refused with the reason and nothing changes. */
static void transfer_note_must_be_text(void)
{
    setup("ctl-note");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl(NULL, "issue inquiry"), 0);
    CHECK_INT(ctl(NULL, "call 1"), 0);
    CHECK_INT(ctl(NULL, "transfer 1 social_research --note \"$(printf 'widow \\377\\376')\""), 1);
    CHECK(strstr(err, "not valid UTF-8") != NULL, "stderr: %s", err);
    CHECK_STR(query_text(db, "SELECT state || ' ' || service FROM tickets"), "called inquiry");
    CHECK_INT(query_int(db, "SELECT count(*) FROM events WHERE kind = 'transfer'"), 0);
    CHECK_INT(ctl(NULL, "transfer 1 social_research --note 'أرملة، تحتاج زيارة'"), 0);
    CHECK_STR(query_text(db, "SELECT json_extract(detail, '$.note') FROM events WHERE kind = 'transfer'"),
              "أرملة، تحتاج زيارة");
}

/* Issue 14's actions as a script does them: needs and channels, a visit handled at once, set
 * aside and taken back at another counter, finished with an outcome; a stale --expect changes nothing. */
static void needs_channels_aside_and_outcomes(void)
{
    setup("ctl-visits");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl(NULL, "issue new_request --need hard_of_hearing --need wheelchair,companion --json"), 0);
    json_t *j = out_json();
    CHECK(j && json_is_true(json_object_get(j, "priority")), "a wheelchair asks for priority: %s", out);
    char *needs = json_dumps(json_object_get(j, "needs"), JSON_COMPACT);
    CHECK_STR(needs, "[\"wheelchair\",\"hard_of_hearing\",\"companion\"]");
    free(needs);
    CHECK_STR(json_string_value(json_object_get(j, "channel")), "kiosk");
    json_decref(j);
    CHECK_INT(ctl(NULL, "issue inquiry --channel phone --handled-at 2 --outcome answered"), 0);
    CHECK_STR(out, "C-001 recorded as handled at once at counter 2\n");
    CHECK_INT(ctl(NULL, "issue inquiry --channel whatsapp --json"), 0);
    j = out_json();
    CHECK_STR(json_string_value(json_object_get(j, "state")), "waiting");
    CHECK_STR(json_string_value(json_object_get(j, "channel")), "whatsapp");
    json_decref(j);
    CHECK_INT(ctl(NULL, "call 1"), 0);
    CHECK_STR(out, "A-001 called at counter 1\n");
    CHECK_INT(ctl(NULL, "events --json"), 0);
    static char before[sizeof out];
    snprintf(before, sizeof before, "%s", out);
    CHECK_INT(ctl(NULL, "aside 1 --expect C-002"), 1);
    CHECK(strstr(err, "counter 1 now has A-001, not C-002") != NULL, "stale: %s", err);
    CHECK_INT(ctl(NULL, "events --json"), 0);
    CHECK_STR(out, before);
    CHECK_INT(ctl(NULL, "aside 1 --expect A-001"), 0);
    CHECK_STR(out, "A-001 set aside (keeps its number) at counter 1\n");
    CHECK_INT(ctl(NULL, "status --json"), 0);
    j = out_json();
    json_t *aside = json_object_get(j, "set_aside");
    CHECK_INT(json_array_size(aside), 1);
    CHECK_STR(json_string_value(json_object_get(json_array_get(aside, 0), "code")), "A-001");
    CHECK_STR(json_string_value(json_object_get(json_array_get(aside, 0), "state")), "aside");
    json_decref(j);
    CHECK_INT(ctl(NULL, "resume 3 A-001"), 1);
    CHECK(strstr(err, "counter 3 does not serve new_request") != NULL, "%s", err);
    CHECK_INT(ctl(NULL, "resume 2 A-001"), 0);
    CHECK_STR(out, "A-001 taken back, called at counter 2\n");
    CHECK_INT(ctl(NULL, "done 2 --outcome documents_missing --json"), 0);
    j = out_json();
    CHECK_STR(json_string_value(json_object_get(j, "outcome")), "documents_missing");
    CHECK_STR(json_string_value(json_object_get(j, "state")), "done");
    json_decref(j);
    CHECK_INT(ctl(NULL, "events"), 0);
    CHECK(strstr(out, " aside ") && strstr(out, " resume ") && strstr(out, "\"outcome\":\"documents_missing\""),
          "the log: %s", out);
}

static void a_bad_config_starts_nothing(void)
{
    setup("ctl-config");
    char conf[700];
    snprintf(conf, sizeof conf, "%s/bad.conf", dir);
    write_file(conf, "[service a]\nprefix = A\nname_ar = ا\nname_en = A\n[counter 1]\nname_ar = ١\nname_en = 1\nservices = b\n");
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s init 2>%s", getenv("BUILD") ? getenv("BUILD") : "build",
             conf, db, err_path);
    int st = system(cmd);
    read_file_into(err_path, err, sizeof err);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "exit %d", WEXITSTATUS(st));
    CHECK(strstr(err, "bad.conf:5: counter \"1\" serves unknown service \"b\"") != NULL, "stderr: %s", err);
    CHECK(access(db, F_OK) != 0, "a database was created with a bad configuration");
}

static void injected_clock_for_scripts(void)
{
    setup("ctl-clock");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl("DAWR_NOW=2026-11-25T23:59:00", "issue inquiry --json"), 0);
    CHECK(strstr(out, "\"day\": \"2026-11-25\""), "%s", out);
    CHECK_INT(ctl("DAWR_NOW=2026-11-26T00:00:30", "issue inquiry --json"), 0);
    CHECK(strstr(out, "\"code\": \"C-001\"") && strstr(out, "\"day\": \"2026-11-26\""), "%s", out);
    CHECK_INT(ctl(NULL, "backup /nonexistent/dir/x.db"), 3);
    CHECK(strstr(err, "cannot be opened") != NULL, "stderr: %s", err);
}

/* The human output is in the user's language (LANG, as gettext reads it), from the catalogues;
 * the calling rule comes in both languages, counted in the right plural. */
static void human_output_in_the_users_language(void)
{
    setup("ctl-lang");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl(NULL, "issue inquiry"), 0);
    CHECK(strstr(out, "C-001 issued (0 ahead, about") != NULL, "English: %s", out);
    CHECK_INT(ctl("LANG=ar_SA.UTF-8", "issue inquiry"), 0);
    CHECK(strstr(out, "صدرت التذكرة C-002") != NULL, "Arabic: %s", out);
    CHECK_INT(ctl("LANG=ar_SA.UTF-8", "status"), 0);
    CHECK(strstr(out, "يوم الخدمة") && strstr(out, "القاعدة: يُنادى الأقدم انتظارًا أولًا") &&
          strstr(out, "بعد كل اثنين منهم") && strstr(out, "Rule: The longest-waiting"), "Arabic status: %s", out);
    CHECK_INT(ctl(NULL, "status --json"), 0);
    json_t *j = out_json();
    const char *rule = json_string_value(json_object_get(j, "rule"));
    CHECK(rule && strstr(rule, "after every 2 priority calls an ordinary ticket"), "rule: %s", rule ? rule : "");
    json_decref(j);
    CHECK_INT(ctl("LANGUAGE=ar", "rate C-001 five"), 2);
    CHECK(strstr(err, "dawrctl: ") && strstr(err, "five"), "Arabic refusal: %s", err);
    CHECK(strstr(err, "التقييم") != NULL, "Arabic refusal: %s", err);
}

/* In words: a ticket just issued says who is ahead and the wait; a call says where. */
static void issue_in_words_says_who_is_ahead(void)
{
    setup("ctl-words");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl(NULL, "issue new_request"), 0);
    CHECK_STR(out, "A-001 issued (0 ahead, about 0 min)\n");
    CHECK_INT(ctl(NULL, "issue new_request --priority"), 0);
    CHECK_STR(out, "A-002 issued (priority, 0 ahead, about 0 min)\n");
    CHECK_INT(ctl(NULL, "issue new_request"), 0);
    CHECK(!strncmp(out, "A-003 issued (2 ahead, about ", 29), "out: %s", out);
    CHECK_INT(ctl(NULL, "call 1"), 0);
    CHECK_STR(out, "A-002 called at counter 1\n");
}

/* Only init makes a database: after `rm dawr.db*` every other command refuses, saying so, and
 * never starts the day again at C-001 in a new file. */
static void only_init_makes_a_database(void)
{
    setup("ctl-only-init");
    CHECK_INT(ctl(NULL, "issue inquiry"), 3);
    CHECK(strstr(err, "no Dawr database at") && strstr(err, "run dawrctl init"), "stderr: %s", err);
    CHECK(access(db, F_OK) != 0, "issue made a database");
    CHECK_INT(ctl(NULL, "init"), 0);
    CHECK_INT(ctl(NULL, "issue inquiry"), 0);
    CHECK_INT(ctl(NULL, "issue inquiry"), 0);
    char cmd[2200];
    snprintf(cmd, sizeof cmd, "rm -f %s %s-wal %s-shm", db, db, db);
    CHECK_INT(system(cmd), 0);
    static const char *const refusing[] = { "issue inquiry", "status", "events", "call 1", "backup x.db", "check" };
    for (size_t i = 0; i < sizeof refusing / sizeof refusing[0]; i++) {
        CHECK(ctl(NULL, refusing[i]) != 0, "%s on a deleted database: exit 0, out %s", refusing[i], out);
        CHECK(strstr(err, "run dawrctl init") != NULL, "%s: stderr %s", refusing[i], err);
        CHECK(access(db, F_OK) != 0, "%s made a database", refusing[i]);
    }
    /* An empty file (touch) is no database either, and is left as it was. */
    write_file(db, "");
    CHECK_INT(ctl(NULL, "issue inquiry"), 3);
    CHECK(strstr(err, "run dawrctl init") != NULL, "stderr: %s", err);
    struct stat st;
    CHECK(stat(db, &st) == 0 && st.st_size == 0, "the empty file was written");
}

int main(int argc, char **argv)
{
    /* English unless a case asks otherwise, whatever the machine's locale. */
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "C.UTF-8", 1);
    static const test_case cases[] = {
        { "issue_and_call_in_json", issue_and_call_in_json },
        { "issue_in_words_says_who_is_ahead", issue_in_words_says_who_is_ahead },
        { "refusals_exit_nonzero_and_change_nothing", refusals_exit_nonzero_and_change_nothing },
        { "transfer_note_must_be_text", transfer_note_must_be_text },
        { "a_bad_config_starts_nothing", a_bad_config_starts_nothing },
        { "needs_channels_aside_and_outcomes", needs_channels_aside_and_outcomes },
        { "injected_clock_for_scripts", injected_clock_for_scripts },
        { "human_output_in_the_users_language", human_output_in_the_users_language },
        { "only_init_makes_a_database", only_init_makes_a_database },
        { NULL, NULL },
    };
    return harness_main("dawrctl", cases, argc, argv);
}
