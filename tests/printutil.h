/* A private, real cupsd for the printer tests: its own ServerRoot under
 * $BUILD/tests/tmp, listening on 127.0.0.1:a free port and a Unix socket, with Dawr's
 * filter and a test backend ("dawrtest") in its own ServerBin. Nothing touches the
 * system's CUPS. See ../shared/notes/printing.md for why each line is here. */
#ifndef DAWR_TEST_PRINTUTIL_H
#define DAWR_TEST_PRINTUTIL_H

#include "testutil.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>

typedef struct {
    char root[512];               /* absolute */
    char socket_path[600];
    char out_dir[600];            /* where dawrtest devices write, and the fault file */
    int port;
    pid_t pid;
} test_cupsd;

/* The test backend: writes each job to OUT-jobN.prn for the device URI dawrtest:OUT; a word
 * in OUT's folder's "fault" file simulates a fault: media-empty (exit 4, the queue stops)
 * or offline (exit 1: with the stop-printer policy the queue stops too). */
static const char DAWRTEST_BACKEND[] =
    "#!/bin/sh\n"
    "if [ $# -eq 0 ]; then echo 'direct dawrtest \"Unknown\" \"Dawr test device\"'; exit 0; fi\n"
    "out=\"${DEVICE_URI#dawrtest:}\"\n"
    "fault=$(cat \"$(dirname \"$out\")/fault\" 2>/dev/null)\n"
    "case \"$fault\" in\n"
    "  media-empty) echo 'STATE: +media-empty-error' >&2; echo 'ERROR: Paper out' >&2; exit 4;;\n"
    "  offline) echo 'STATE: +offline-report' >&2; echo 'ERROR: The printer does not answer' >&2; exit 1;;\n"
    "esac\n"
    "echo 'STATE: -media-empty-error,offline-report' >&2\n"
    "if [ -n \"$6\" ]; then cat \"$6\"; else cat; fi > \"$out-job$1.tmp\" || exit 1\n"
    "mv \"$out-job$1.tmp\" \"$out-job$1.prn\"\n";

static inline int run_cmd(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static inline int free_tcp_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || getsockname(fd, (struct sockaddr *)&a, &len) < 0) {
        if (fd >= 0) close(fd);
        return -1;
    }
    close(fd);
    return ntohs(a.sin_port);
}

static inline int socket_answers(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    size_t n = strlen(path);
    if (n >= sizeof a.sun_path) { if (fd >= 0) close(fd); return 0; }
    memcpy(a.sun_path, path, n + 1);
    int ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    if (fd >= 0) close(fd);
    return ok;
}

static inline void sleep_ms(int ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Starts cupsd (again, when it was stopped). Returns 0, or -1 with the reason on stderr. */
static inline int test_cupsd_start(test_cupsd *c)
{
    c->pid = fork();
    if (c->pid < 0) return -1;
    if (c->pid == 0) {
        char conf[700], files[700], log[700];
        snprintf(conf, sizeof conf, "%s/etc/cupsd.conf", c->root);
        snprintf(files, sizeof files, "%s/etc/cups-files.conf", c->root);
        snprintf(log, sizeof log, "%s/log/stderr", c->root);
        if (!freopen(log, "a", stderr) || !freopen("/dev/null", "r", stdin)) _exit(127);
        prctl(PR_SET_PDEATHSIG, SIGTERM);     /* a crashed test leaves no cupsd behind */
        execl("/usr/sbin/cupsd", "cupsd", "-f", "-c", conf, "-s", files, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) {
        if (socket_answers(c->socket_path)) return 0;
        int status;
        if (waitpid(c->pid, &status, WNOHANG) == c->pid) break;
        sleep_ms(50);
    }
    fprintf(stderr, "cupsd did not start; see %s/log/error_log and %s/log/stderr\n", c->root, c->root);
    run_cmd("tail -n 20 '%s/log/error_log' '%s/log/stderr' >&2", c->root, c->root);
    return -1;
}

/* Stops cupsd by its pid and waits for it. */
static inline void test_cupsd_stop(test_cupsd *c)
{
    if (c->pid <= 0) return;
    kill(c->pid, SIGTERM);
    waitpid(c->pid, NULL, 0);
    c->pid = 0;
    unlink(c->socket_path);
}

/* Makes the ServerRoot in a new scratch folder NAME and starts cupsd there; sets
 * $CUPS_SERVER to its socket for lpadmin and friends. FILTER is Dawr's built filter.
 * Returns 0, or -1 with the reason on stderr. */
static inline int test_cupsd_setup(test_cupsd *c, const char *name, const char *filter)
{
    memset(c, 0, sizeof *c);
    const char *dir = scratch_dir(name);
    char *abs = dir ? realpath(dir, NULL) : NULL;
    if (!abs || strlen(abs) >= 400) { free(abs); return -1; }
    snprintf(c->root, sizeof c->root, "%s", abs);
    free(abs);
    snprintf(c->socket_path, sizeof c->socket_path, "%s/run/cups.sock", c->root);
    if (strlen(c->socket_path) >= sizeof ((struct sockaddr_un *)0)->sun_path) /* a deep checkout */
        snprintf(c->socket_path, sizeof c->socket_path, "/tmp/dawr-cupsd-%d.sock", (int)getpid());
    snprintf(c->out_dir, sizeof c->out_dir, "%s/out", c->root);
    c->port = free_tcp_port();
    if (c->port < 0) return -1;
    /* Filters and backends: owned by root, not writable by group or others; a backend of
     * mode 0700 runs as root, so it may write under the build folder. */
    if (run_cmd("cd '%s' && mkdir -p etc/ppd spool/tmp cache run log out bin/filter bin/backend &&"
                " chmod 0755 bin bin/filter bin/backend && chmod 1777 spool/tmp &&"
                " ln -s /usr/lib/cups/daemon bin/daemon && ln -s /usr/lib/cups/filter/gziptoany bin/filter/ &&"
                " install -m 0755 '%s' bin/filter/rastertoescpos", c->root, filter) != 0)
        return -1;
    char path[700];
    snprintf(path, sizeof path, "%s/bin/backend/dawrtest", c->root);
    write_file(path, DAWRTEST_BACKEND);
    chmod(path, 0700);
    char text[8192];
    snprintf(path, sizeof path, "%s/etc/cups-files.conf", c->root);
    snprintf(text, sizeof text,
             "ServerRoot %s/etc\nRequestRoot %s/spool\nTempDir %s/spool/tmp\nCacheDir %s/cache\n"
             "StateDir %s/run\nServerBin %s/bin\nDataDir /usr/share/cups\nAccessLog %s/log/access_log\n"
             "ErrorLog %s/log/error_log\nPageLog %s/log/page_log\nFileDevice Yes\nUser lp\nGroup lp\n"
             "SystemGroup root\n",
             c->root, c->root, c->root, c->root, c->root, c->root, c->root, c->root, c->root);
    write_file(path, text);
    snprintf(path, sizeof path, "%s/etc/cupsd.conf", c->root);
    snprintf(text, sizeof text,
             "LogLevel debug\nListen 127.0.0.1:%d\nListen %s\nBrowsing No\nWebInterface No\n"
             "JobRetryInterval 1\nMaxJobs 0\nPreserveJobHistory Yes\n"
             "<Location />\n  Order allow,deny\n  Allow from 127.0.0.1\n  Allow from @LOCAL\n</Location>\n"
             "<Policy default>\n  <Limit All>\n    Order deny,allow\n  </Limit>\n</Policy>\n",
             c->port, c->socket_path);
    write_file(path, text);
    setenv("CUPS_SERVER", c->socket_path, 1);
    if (run_cmd("/usr/sbin/cupsd -t -c '%s/etc/cupsd.conf' -s '%s/etc/cups-files.conf' >'%s/log/check' 2>&1",
                c->root, c->root, c->root) != 0) {
        run_cmd("cat '%s/log/check' >&2", c->root);
        return -1;
    }
    return test_cupsd_start(c);
}

/* Adds queue NAME writing to OUT_DIR/NAME-jobN.prn: with Dawr's PPD PPD (raster) or raw (NULL). */
static inline int test_cupsd_add_queue(test_cupsd *c, const char *name, const char *ppd)
{
    char ppd_arg[1200] = "";
    if (ppd) snprintf(ppd_arg, sizeof ppd_arg, "-P '%s'", ppd);
    /* stop-printer: a job the device cannot take waits in the stopped queue until cupsenable
     * (the policy README asks the installer to set), rather than being retried and aborted. */
    return run_cmd("lpadmin -p %s -E -v 'dawrtest:%s/%s' %s -o printer-error-policy=stop-printer >>'%s/log/lpadmin' 2>&1",
                   name, c->out_dir, name, ppd_arg, c->root);
}

/* The whole file at PATH, its size in *LEN, or NULL when it cannot be opened. Free with free(). */
static inline uint8_t *test_read_bytes(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *data = malloc(n > 0 ? (size_t)n : 1);
    *len = data ? fread(data, 1, (size_t)n, f) : 0;
    fclose(f);
    return data;
}

/* The bytes of OUT_DIR/QUEUE-jobN.prn, or NULL when it is not there. Free with free(). */
static inline uint8_t *test_cupsd_output(test_cupsd *c, const char *queue, int job, size_t *len)
{
    char path[800];
    snprintf(path, sizeof path, "%s/%s-job%d.prn", c->out_dir, queue, job);
    return test_read_bytes(path, len);
}

static inline void test_cupsd_fault(test_cupsd *c, const char *fault)
{
    char path[700];
    snprintf(path, sizeof path, "%s/fault", c->out_dir);
    if (fault) write_file(path, fault);
    else unlink(path);
}

#endif
