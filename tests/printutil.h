/* A private, real cupsd for the printer tests: its own ServerRoot in a new folder under
 * /tmp, listening on 127.0.0.1:a free port and a Unix socket, with Dawr's filter and a test
 * backend ("dawrtest") in its own ServerBin; its logs under $BUILD/tests/tmp. Nothing touches
 * the system's CUPS. See ../shared/notes/printing.md for why each line is here. */
#ifndef DAWR_TEST_PRINTUTIL_H
#define DAWR_TEST_PRINTUTIL_H

#include "testutil.h"
#include "escpos.h"

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
    char root[64];                /* under /tmp; removed by test_cupsd_remove */
    char log_dir[512];            /* absolute, under $BUILD/tests/tmp: kept for a look after a failure */
    char socket_path[128];
    char out_dir[128];            /* where dawrtest devices write, and the fault file */
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
        snprintf(log, sizeof log, "%s/stderr", c->log_dir);
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
    fprintf(stderr, "cupsd did not start; see %s/error_log and %s/stderr\n", c->log_dir, c->log_dir);
    run_cmd("tail -n 20 '%s/error_log' '%s/stderr' >&2", c->log_dir, c->log_dir);
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

/* Stops cupsd and removes its ServerRoot (the logs stay); nothing to do when it was never set up. */
static inline void test_cupsd_remove(test_cupsd *c)
{
    test_cupsd_stop(c);
    if (c->root[0]) run_cmd("rm -rf '%s'", c->root);
    c->root[0] = 0;
}

/* Makes the ServerRoot in a new folder /tmp/dawr-NAME-XXXXXX, the logs in the scratch folder
 * NAME, and starts cupsd; sets $CUPS_SERVER to its socket for lpadmin and friends. FILTER is
 * Dawr's built filter, copied in. Returns 0, or -1 with the reason on stderr. Undo with
 * test_cupsd_remove. */
static inline int test_cupsd_setup(test_cupsd *c, const char *name, const char *filter)
{
    memset(c, 0, sizeof *c);
    const char *dir = scratch_dir(name);
    char *abs = dir ? realpath(dir, NULL) : NULL;
    if (!abs || strlen(abs) >= sizeof c->log_dir) { free(abs); return -1; }
    snprintf(c->log_dir, sizeof c->log_dir, "%s", abs);
    free(abs);
    /* Not under the build: cupsd runs filters as lp, who may not pass the folders above the
     * clone (a 0700 mktemp folder, /root); /tmp and a 0755 folder in it lp can always pass. */
    snprintf(c->root, sizeof c->root, "/tmp/dawr-%s-XXXXXX", name);
    if (!mkdtemp(c->root) || chmod(c->root, 0755) != 0) { perror(c->root); c->root[0] = 0; return -1; }
    snprintf(c->socket_path, sizeof c->socket_path, "%s/run/cups.sock", c->root);
    snprintf(c->out_dir, sizeof c->out_dir, "%s/out", c->root);
    c->port = free_tcp_port();
    if (c->port < 0) return -1;
    /* Filters and backends: owned by root, not writable by group or others; a backend of
     * mode 0700 runs as root. umask 022: lp passes every folder whatever the caller's umask. */
    if (run_cmd("umask 022 && cd '%s' && mkdir -p etc/ppd spool/tmp cache run out bin/filter bin/backend &&"
                " chmod 1777 spool/tmp &&"
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
             "StateDir %s/run\nServerBin %s/bin\nDataDir /usr/share/cups\nAccessLog %s/access_log\n"
             "ErrorLog %s/error_log\nPageLog %s/page_log\nFileDevice Yes\nUser lp\nGroup lp\n"
             "SystemGroup root\n",
             c->root, c->root, c->root, c->root, c->root, c->root, c->log_dir, c->log_dir, c->log_dir);
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
    if (run_cmd("/usr/sbin/cupsd -t -c '%s/etc/cupsd.conf' -s '%s/etc/cups-files.conf' >'%s/check' 2>&1",
                c->root, c->root, c->log_dir) != 0) {
        run_cmd("cat '%s/check' >&2", c->log_dir);
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
    return run_cmd("lpadmin -p %s -E -v 'dawrtest:%s/%s' %s -o printer-error-policy=stop-printer >>'%s/lpadmin' 2>&1",
                   name, c->out_dir, name, ppd_arg, c->log_dir);
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

/* Waits up to 5 s for what the device got for CUPS job JOB on QUEUE and decodes it as ESC/POS
 * raster into OUT (release with dawr_mono_release) and INFO. Returns 0, or -1 with the reason
 * in ERR when nothing came or the bytes are not ESC/POS raster. */
static inline int test_cupsd_receipt(test_cupsd *c, const char *queue, int job, dawr_mono *out,
                                     dawr_escpos_info *info, char *err, size_t err_size)
{
    size_t len = 0;
    uint8_t *data = NULL;
    for (int i = 0; i < 100 && !(data = test_cupsd_output(c, queue, job, &len)); i++) sleep_ms(50);
    if (!data) {
        snprintf(err, err_size, "nothing reached the device for CUPS job %d on %s", job, queue);
        return -1;
    }
    char why[256];
    int rc = dawr_escpos_decode(data, len, out, info, why, sizeof why);
    free(data);
    if (rc != 0) snprintf(err, err_size, "the device got bytes that are not ESC/POS raster: %s", why);
    return rc == 0 ? 0 : -1;
}

static inline void test_cupsd_fault(test_cupsd *c, const char *fault)
{
    char path[700];
    snprintf(path, sizeof path, "%s/fault", c->out_dir);
    if (fault) write_file(path, fault);
    else unlink(path);
}

#endif
