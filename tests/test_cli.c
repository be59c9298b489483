/* Every program as an admin meets it on the command line: --help and --version the GNU way
 * (exit 0, to stdout, before the configuration is read), a man page that man(1) renders without
 * a warning, and every option the program's --help names described in its man page. */
#include "harness.h"
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const PROGRAMS[] = { "dawrctl", "dawr-kiosk", "dawr-display", "dawr-console", "dawr-sync", NULL };
static char out[65536], err[8192];

/* Runs SHELL_CMD with stdout and stderr into out and err; returns the exit status (-1: a signal). */
static int run(const char *shell_cmd)
{
    char dir[600], cmd[4096], o[700], e[700];
    snprintf(dir, sizeof dir, "%s", scratch_dir("cli"));
    snprintf(o, sizeof o, "%s/out", dir);
    snprintf(e, sizeof e, "%s/err", dir);
    snprintf(cmd, sizeof cmd, "%s >%s 2>%s", shell_cmd, o, e);
    int st = system(cmd);
    read_file_into(o, out, sizeof out);
    read_file_into(e, err, sizeof err);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* debian/changelog's first version: the one the programs must print. */
static void changelog_version(char *v, size_t size)
{
    char text[4096];
    read_file_into("debian/changelog", text, sizeof text);
    const char *open = strchr(text, '('), *close = open ? strchr(open, ')') : NULL;
    snprintf(v, size, "%.*s", open && close ? (int)(close - open - 1) : 0, open ? open + 1 : "");
}

static void help_and_version_gnu_way(void)
{
    char version[64], cmd[2048], want[256];
    changelog_version(version, sizeof version);
    REQUIRE(*version, "no version in debian/changelog");
    for (const char *const *p = PROGRAMS; *p; p++) {
        /* A configuration that cannot be read proves they answer before reading it. */
        snprintf(cmd, sizeof cmd, "%s/%s --config /nonexistent/dawr.conf --help", build_dir(), *p);
        CHECK_INT(run(cmd), 0);
        snprintf(want, sizeof want, "usage: %s ", *p);
        CHECK(!strncmp(out, want, strlen(want)), "%s --help printed to stdout: %.200s", *p, out);
        CHECK(!*err, "%s --help wrote to stderr: %s", *p, err);
        snprintf(cmd, sizeof cmd, "%s/%s --version --config /nonexistent/dawr.conf", build_dir(), *p);
        CHECK_INT(run(cmd), 0);
        snprintf(want, sizeof want, "%s (Dawr) %s\n", *p, version);
        CHECK_STR(out, want);
        CHECK(!*err, "%s --version wrote to stderr: %s", *p, err);
        /* A wrong option is still a usage error on stderr. */
        snprintf(cmd, sizeof cmd, "%s/%s --config %s --no-such-option", build_dir(), *p, default_config_path());
        int st = run(cmd);
        CHECK(st == 2, "%s --no-such-option exited %d, not 2", *p, st);
        CHECK(strstr(err, "--no-such-option") != NULL, "%s did not name the bad option: %s", *p, err);
    }
}

static void man_pages_render_without_warnings(void)
{
    const char *pages[] = { "man/dawrctl.1", "man/dawr-kiosk.1", "man/dawr-display.1", "man/dawr-console.1", "man/dawr-sync.1",
                            "man/dawr.conf.5", NULL };
    REQUIRE(run("command -v man") == 0, "man (man-db) is not installed: make deps installs it");
    for (const char **m = pages; *m; m++) {
        char cmd[1024];
        REQUIRE(access(*m, R_OK) == 0, "%s is missing", *m);
        snprintf(cmd, sizeof cmd, "LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l %s", *m);
        CHECK_INT(run(cmd), 0);
        CHECK(!*err, "%s: man --warnings says: %s", *m, err);
        CHECK(strstr(out, "NAME") && strstr(out, "SEE ALSO"), "%s rendered without NAME or SEE ALSO", *m);
    }
}

/* Each --option of a program's --help appears in its man page (as groff writes it, \-\-NAME). */
static void man_pages_name_every_option(void)
{
    for (const char *const *p = PROGRAMS; *p; p++) {
        char cmd[1024], page[65536], path[256];
        snprintf(path, sizeof path, "man/%s.1", *p);
        read_file_into(path, page, sizeof page);
        REQUIRE(*page, "%s is missing", path);
        snprintf(cmd, sizeof cmd, "%s/%s --help", build_dir(), *p);
        REQUIRE(run(cmd) == 0, "%s --help failed", *p);
        int named = 0;
        for (const char *s = out; (s = strstr(s, "--")); ) {
            size_t n = 2 + strspn(s + 2, "abcdefghijklmnopqrstuvwxyz-");
            if (n > 2) {
                char want[80] = "\\-\\-";
                snprintf(want + 4, sizeof want - 4, "%.*s", (int)(n - 2), s + 2);
                for (char *c = want + 4; (c = strchr(c, '-')); c += 2) {
                    memmove(c + 1, c, strlen(c) + 1);
                    *c = '\\';
                }
                CHECK(strstr(page, want) != NULL, "%s's --help names --%.*s, its man page does not (%s)", *p,
                      (int)(n - 2), s + 2, want);
                named++;
            }
            s += n;
        }
        CHECK(named >= 3, "%s --help names only %d options", *p, named);
    }
}

/* make run's kiosk: with --closable the window's close (SDL_QUIT, which Ctrl-C also sends)
 * ends it cleanly; without it the appliance's kiosk ignores SDL's quit. */
static void closable_kiosk_ends_on_quit(void)
{
    for (int closable = 0; closable <= 1; closable++) {
        char dir[600], db[700];
        snprintf(dir, sizeof dir, "%s", scratch_dir(closable ? "cli-closable" : "cli-locked"));
        snprintf(db, sizeof db, "%s/dawr.db", dir);
        pid_t pid = fork();
        REQUIRE(pid >= 0, "fork");
        if (pid == 0) {
            char *argv[] = { (char *)"dawr-kiosk", (char *)"--config", (char *)default_config_path(), (char *)"--db", db,
                             (char *)"--mute", (char *)"--size", (char *)"800x600", closable ? (char *)"--closable" : NULL,
                             NULL };
            char path[600];
            snprintf(path, sizeof path, "%s/dawr-kiosk", build_dir());
            freopen("/dev/null", "w", stdout);
            execv(path, argv);
            _exit(127);
        }
        usleep(1500 * 1000);                   /* its first frame */
        kill(pid, SIGINT);                     /* SDL turns it into SDL_QUIT when it handles signals */
        int st = -1, waited = 0;
        for (int i = 0; i < 50 && !waited; i++) {
            waited = waitpid(pid, &st, WNOHANG) == pid;
            if (!waited) usleep(100 * 1000);
        }
        if (closable) {
            CHECK(waited && WIFEXITED(st) && WEXITSTATUS(st) == 0,
                  "dawr-kiosk --closable did not end cleanly on quit (status %d, %s)", st, waited ? "ended" : "running");
        } else {
            /* The locked kiosk leaves SIGINT to its default: it dies of it, it never quits by SDL. */
            CHECK(waited && WIFSIGNALED(st) && WTERMSIG(st) == SIGINT,
                  "the appliance's kiosk handled the quit itself (status %d, %s)", st, waited ? "ended" : "running");
        }
        if (!waited) { kill(pid, SIGKILL); waitpid(pid, NULL, 0); }
    }
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        { "help_and_version_gnu_way", help_and_version_gnu_way },
        { "man_pages_render_without_warnings", man_pages_render_without_warnings },
        { "man_pages_name_every_option", man_pages_name_every_option },
        { "closable_kiosk_ends_on_quit", closable_kiosk_ends_on_quit },
        { NULL, NULL },
    };
    return harness_main("cli", cases, argc, argv);
}
