/* The appliance image's parts that can be checked in seconds on the build host: every systemd
 * unit in image/units passes `systemd-analyze verify` and is rated "OK" or better by
 * `systemd-analyze security --offline=true` (each score is printed); sd_notify's datagrams;
 * `make install` twice into one DESTDIR keeps the database and the installer's dawr.conf; the
 * image's fstab, read by systemd's own generator, keeps the data on its own partition.
 * The image itself is built and booted by `make image-check`, not here. */
#include "harness.h"
#include "notify.h"
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/un.h>

#define OK_THRESHOLD 4.9         /* systemd-analyze: 1.0-4.9 OK, 0.1-0.9 SAFE, 0.0 PERFECT */
#define MAX_UNITS 32

static char units[MAX_UNITS][256];
static int n_units;

static void find_units(void)
{
    DIR *d = opendir("image/units");
    if (!d) { perror("image/units"); exit(2); }
    for (struct dirent *e; (e = readdir(d)) && n_units < MAX_UNITS;) {
        const char *dot = strrchr(e->d_name, '.');
        if (dot && (!strcmp(dot, ".service") || !strcmp(dot, ".timer")))
            if (strlen(e->d_name) < sizeof units[0]) strcpy(units[n_units++], e->d_name);
    }
    closedir(d);
}

/* Runs CMD and returns its output (stdout and stderr) in a new string; free with free().
 * *STATUS gets the exit code. */
static char *run(const char *cmd, int *status)
{
    char *full;
    if (asprintf(&full, "%s 2>&1", cmd) < 0) return NULL;
    FILE *p = popen(full, "r");
    free(full);
    if (!p) return NULL;
    size_t cap = 4096, len = 0;
    char *out = malloc(cap);
    for (size_t n; out && (n = fread(out + len, 1, cap - len - 1, p)) > 0;) {
        len += n;
        if (cap - len < 2) out = realloc(out, cap *= 2);
    }
    if (out) out[len] = '\0';
    int rc = pclose(p);
    *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    return out;
}

/* The file's bytes in a new string (NUL added; *SIZE gets the length when not NULL). */
static char *read_all(const char *path, long *size)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc(n + 1);
    if (s && fread(s, 1, n, f) != (size_t)n) { free(s); s = NULL; }
    if (s) s[n] = '\0';
    if (size) *size = n;
    fclose(f);
    return s;
}

/* TEXT with every FROM replaced by TO; a new string. */
static char *replace_all(const char *text, const char *from, const char *to)
{
    size_t fl = strlen(from), tl = strlen(to), count = 0;
    for (const char *p = text; (p = strstr(p, from)); p += fl) count++;
    char *out = malloc(strlen(text) + count * (tl > fl ? tl - fl : 0) + 1), *o = out;
    for (const char *p = text, *q; ; p = q + fl) {
        if (!(q = strstr(p, from))) { strcpy(o, p); break; }
        memcpy(o, p, q - p); o += q - p;
        memcpy(o, to, tl); o += tl;
    }
    return out;
}

/* The programs a unit may name that the build host need not have: the compositor, and the
 * kiosk and screen while their branches are not merged. */
static int may_be_missing(const char *line)
{
    static const char *allowed[] = { "/usr/bin/weston ", "/dawr-kiosk ", "/dawr-display ", NULL };
    if (!strstr(line, "is not executable")) return 0;
    for (int i = 0; allowed[i]; i++)
        if (strstr(line, allowed[i]) && access(strstr(line, "Command ") + 8, X_OK) != 0) return 1;
    return 0;
}

/* Each unit, with the image's program paths pointed at this build, passes verify. */
static void test_units_verify(void)
{
    REQUIRE(n_units >= 6, "expected the units of image/units, found %d", n_units);
    const char *dir = scratch_dir("units");
    char cwd[PATH_MAX], progs[PATH_MAX + 80], smoke[PATH_MAX + 80];
    REQUIRE(getcwd(cwd, sizeof cwd), "getcwd");
    /* The build's own PREFIX: another would rebuild the programs the other tests are running. */
    const char *b = getenv("BUILD") ? getenv("BUILD") : "build";
    if (b[0] == '/') snprintf(progs, sizeof progs, "%s/dawr", b);
    else snprintf(progs, sizeof progs, "%s/%s/dawr", cwd, b);
    snprintf(smoke, sizeof smoke, "%s/image/", cwd);
    for (int i = 0; i < n_units; i++) {
        char src[PATH_MAX], dst[PATH_MAX];
        snprintf(src, sizeof src, "image/units/%s", units[i]);
        snprintf(dst, sizeof dst, "%s/%s", dir, units[i]);
        char *text = read_all(src, NULL);
        REQUIRE(text, "cannot read %s", src);
        char *a = replace_all(text, "/usr/bin/dawr", progs);
        char *c = replace_all(a, "/usr/lib/dawr/", smoke);
        write_file(dst, c);
        free(text); free(a); free(c);
    }
    for (int i = 0; i < n_units; i++) {
        char cmd[PATH_MAX * 2];
        int rc;
        snprintf(cmd, sizeof cmd, "systemd-analyze verify --man=no '%s/%s'", dir, units[i]);
        char *out = run(cmd, &rc);
        REQUIRE(out, "cannot run %s", cmd);
        int bad = 0;
        for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
            if (!may_be_missing(line)) { bad++; fprintf(stderr, "  %s: %s\n", units[i], line); }
        CHECK(bad == 0, "%s: systemd-analyze verify complained %d times (exit %d)", units[i], bad, rc);
        free(out);
    }
}

/* Each service is rated OK or better; prints every score (timers have none). */
static void test_units_security(void)
{
    for (int i = 0; i < n_units; i++) {
        if (!strstr(units[i], ".service")) continue;
        char cmd[1024];
        int rc;
        snprintf(cmd, sizeof cmd, "systemd-analyze security --offline=true --no-pager image/units/%.200s", units[i]);
        char *out = run(cmd, &rc);
        REQUIRE(out, "cannot run %s", cmd);
        char *at = strstr(out, "Overall exposure level for ");
        double score = 99;
        char level[32] = "?";
        if (at && (at = strchr(at, ':'))) sscanf(at + 1, "%lf %31s", &score, level);
        printf("image: %-22s security exposure %.1f %s\n", units[i], score, level);
        CHECK(score <= OK_THRESHOLD, "%s: exposure %.1f %s, want OK (<= %.1f) or better", units[i], score, level,
              OK_THRESHOLD);
        free(out);
    }
}

/* The display-box's screen as systemd sees it: the unit as image/build.sh installs it for that
 * role (without the compositor's dependencies), then the drop-in image/files/display-box.conf
 * (drop-ins are read after the unit, so appending it is the same). It passes verify, rates OK
 * or better, and reaches the local network only. */
static void test_display_box_unit(void)
{
    const char *dir = scratch_dir("display-box");
    char cwd[PATH_MAX], cmd[PATH_MAX * 3], path[PATH_MAX];
    REQUIRE(getcwd(cwd, sizeof cwd), "getcwd");
    const char *b = getenv("BUILD") ? getenv("BUILD") : "build";
    snprintf(path, sizeof path, "%s/dawr-display.service", dir);
    snprintf(cmd, sizeof cmd, "{ grep -v -e '^BindsTo=dawr-weston.service$' -e '^After=dawr-weston.service$' "
             "image/units/dawr-display.service; cat image/files/display-box.conf; } | sed 's|/usr/bin/dawr|%s%s%s/dawr|' "
             ">%s", b[0] == '/' ? "" : cwd, b[0] == '/' ? "" : "/", b, path);
    int rc;
    char *out = run(cmd, &rc);
    REQUIRE(rc == 0, "cannot write the unit: %s", out ? out : "");
    free(out);
    char *unit = read_all(path, NULL);
    REQUIRE(unit, "cannot read %s", path);
    CHECK(!strstr(unit, "\nBindsTo=dawr-weston") && !strstr(unit, "\nAfter=dawr-weston"),
          "the display-box's screen still depends on the compositor");
    CHECK(strstr(unit, "\nPrivateNetwork=no\n") && strstr(unit, "\nIPAddressDeny=any\n") &&
          strstr(unit, "AF_INET AF_INET6"), "no network for the display-box's screen");
    CHECK(!strstr(unit, "0.0.0.0/0") && !strstr(unit, "IPAddressAllow=any"), "the whole internet allowed");
    free(unit);
    snprintf(cmd, sizeof cmd, "systemd-analyze verify --man=no '%s'", path);
    out = run(cmd, &rc);
    REQUIRE(out, "cannot run %s", cmd);
    int bad = 0;
    for (char *line = strtok(out, "\n"); line; line = strtok(NULL, "\n"))
        if (!may_be_missing(line)) { bad++; fprintf(stderr, "  display-box: %s\n", line); }
    CHECK(bad == 0, "display-box unit: systemd-analyze verify complained %d times (exit %d)", bad, rc);
    free(out);
    snprintf(cmd, sizeof cmd, "systemd-analyze security --offline=true --no-pager '%s'", path);
    out = run(cmd, &rc);
    REQUIRE(out, "cannot run %s", cmd);
    char *at = strstr(out, "Overall exposure level for ");
    double score = 99;
    char level[32] = "?";
    if (at && (at = strchr(at, ':'))) sscanf(at + 1, "%lf %31s", &score, level);
    printf("image: %-22s security exposure %.1f %s\n", "display-box's screen", score, level);
    CHECK(score <= OK_THRESHOLD, "display-box: exposure %.1f %s, want OK (<= %.1f) or better", score, level,
          OK_THRESHOLD);
    free(out);
}

/* READY=1 and WATCHDOG=1 reach $NOTIFY_SOCKET as datagrams; the watchdog is rate-limited to
 * half of $WATCHDOG_USEC; without the variable nothing is sent and nothing fails. */
static void test_notify(void)
{
    const char *dir = scratch_dir("notify");
    char path[PATH_MAX + 700], cwd[PATH_MAX], buf[64];
    REQUIRE(getcwd(cwd, sizeof cwd), "getcwd");
    snprintf(path, sizeof path, "%s/%s/n.sock", dir[0] == '/' ? "" : cwd, dir);   /* systemd's is absolute */
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    REQUIRE(strlen(path) < sizeof sa.sun_path, "socket path too long: %s", path);
    memcpy(sa.sun_path, path, strlen(path) + 1);
    REQUIRE(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0, "bind %s: %s", path, strerror(errno));
    unsetenv("NOTIFY_SOCKET");
    CHECK_INT(dawr_notify_ready(), 0);
    setenv("NOTIFY_SOCKET", path, 1);
    setenv("WATCHDOG_USEC", "10000000", 1);
    CHECK_INT(dawr_notify_ready(), 0);
    ssize_t n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
    buf[n > 0 ? n : 0] = '\0';
    CHECK_STR(buf, "READY=1");
    CHECK_INT(dawr_notify_watchdog(), 0);
    CHECK_INT(dawr_notify_watchdog(), 0);     /* within 5 s of the last: not sent */
    n = recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
    buf[n > 0 ? n : 0] = '\0';
    CHECK_STR(buf, "WATCHDOG=1");
    CHECK(recv(fd, buf, sizeof buf, MSG_DONTWAIT) < 0, "a second watchdog datagram came within half the interval");
    setenv("NOTIFY_SOCKET", "/nonexistent/socket", 1);
    CHECK_INT(dawr_notify("STATUS=x"), -1);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    close(fd);
}

/* An update by `make install` leaves /var/lib/dawr and the installer's dawr.conf alone. */
static void test_install_keeps_data(void)
{
    const char *d = scratch_dir("install");
    char dest[512], cmd[8192], db[600], conf[600];
    int rc;
    snprintf(dest, sizeof dest, "%s", d);
    const char *b = getenv("BUILD") ? getenv("BUILD") : "build";
    snprintf(cmd, sizeof cmd, "make -s --no-print-directory install BUILD=%s DESTDIR=%s >/dev/null", b,
             dest);
    char *out = run(cmd, &rc);
    CHECK_INT(rc, 0);
    if (rc) fprintf(stderr, "%s\n", out);
    free(out);
    snprintf(db, sizeof db, "%s/var/lib/dawr/dawr.db", dest);
    snprintf(conf, sizeof conf, "%s/etc/dawr/dawr.conf", dest);
    /* The installed configuration keeps the shipped hours: the ticket at an open Wednesday morning. */
    snprintf(cmd, sizeof cmd, "mkdir -p %s/var/lib/dawr && %s/usr/local/bin/dawrctl --config %s --db %s init && "
             "DAWR_NOW=2026-11-25T09:00:00 %s/usr/local/bin/dawrctl --config %s --db %s issue inquiry >/dev/null && "
             "sed -i 's/^noshow_grace_minutes = 5/noshow_grace_minutes = 7/' %s", dest, dest, conf, db, dest, conf, db,
             conf);
    out = run(cmd, &rc);
    CHECK(rc == 0, "a database in the DESTDIR: %s", out);
    free(out);
    long before_n = 0, after_n = -1;
    char *before = read_all(db, &before_n);
    snprintf(cmd, sizeof cmd, "make -s --no-print-directory install BUILD=%s DESTDIR=%s >/dev/null", b,
             dest);
    out = run(cmd, &rc);
    CHECK(rc == 0, "second install: %s", out);
    free(out);
    char *after = read_all(db, &after_n), *c = read_all(conf, NULL);
    CHECK(before && after && before_n == after_n && !memcmp(before, after, before_n), "the database changed on install");
    CHECK(c && strstr(c, "noshow_grace_minutes = 7"), "the installer's dawr.conf was replaced");
    CHECK_STR(query_text(db, "SELECT count(*) FROM tickets"), "1");
    free(before); free(after); free(c);
}

/* The image's fstab as systemd reads it (its own generator, SYSTEMD_FSTAB): the data partition
 * (label dawr-data) is checked and required at every boot, and /var/lib/dawr and /etc/dawr are
 * bind mounts from it, so a new root partition (image/update.sh) keeps them. */
static void test_fstab_keeps_data_apart(void)
{
    const char *dir = scratch_dir("fstab");
    REQUIRE(dir, "scratch folder");
    char cmd[2048], path[1024];
    int rc;
    snprintf(cmd, sizeof cmd, "SYSTEMD_FSTAB=image/files/fstab /usr/lib/systemd/system-generators/systemd-fstab-generator"
             " %s %s %s", dir, dir, dir);
    char *out = run(cmd, &rc);
    CHECK(rc == 0, "systemd-fstab-generator: %s", out);
    free(out);
    static const struct { const char *unit, *lines[3]; } want[] = {
        { "var-lib-dawr\\x2ddata.mount", { "What=/dev/disk/by-label/dawr-data", "Requires=systemd-fsck@", "Type=ext4" } },
        { "var-lib-dawr.mount", { "What=/var/lib/dawr-data/state", "Where=/var/lib/dawr", "Options=bind" } },
        { "etc-dawr.mount", { "What=/var/lib/dawr-data/etc", "Where=/etc/dawr", "Options=bind" } },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, want[i].unit);
        char *unit = read_all(path, NULL);
        CHECK(unit != NULL, "no %s from the image's fstab", want[i].unit);
        for (int j = 0; unit && j < 3; j++)
            CHECK(strstr(unit, want[i].lines[j]) != NULL, "%s lacks %s:\n%s", want[i].unit, want[i].lines[j], unit);
        free(unit);
        snprintf(path, sizeof path, "%s/local-fs.target.requires/%s", dir, want[i].unit);
        CHECK(access(path, F_OK) == 0, "%s is not required at boot (nofail?)", want[i].unit);
    }
    snprintf(cmd, sizeof cmd, "cd %s && systemd-analyze verify --man=no ./var-lib-dawr.mount ./etc-dawr.mount"
             " './var-lib-dawr\\x2ddata.mount'", dir);
    out = run(cmd, &rc);
    CHECK(rc == 0, "systemd-analyze verify of the mounts: %s", out);
    free(out);
}

int main(int argc, char **argv)
{
    find_units();
    static const test_case cases[] = {
        { "units_verify", test_units_verify },
        { "units_security", test_units_security },
        { "display_box_unit", test_display_box_unit },
        { "notify", test_notify },
        { "install_keeps_data", test_install_keeps_data },
        { "fstab_keeps_data_apart", test_fstab_keeps_data_apart },
        { NULL, NULL },
    };
    return harness_main("image", cases, argc, argv);
}
