/* The kiosk's speed and size, measured on the real build/dawr-kiosk under SDL's dummy video
 * driver (software renderer, 1920x1080), against Debian's chromium (headless) opening an
 * equivalent static page of the home screen. Prints "name: value unit" lines.
 *
 * Memory is the peak proportional set size (PSS, shared pages divided among the processes
 * sharing them) summed over the program's whole process tree, sampled every 10 ms; for the
 * kiosk also its peak resident set (ru_maxrss). */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

static char dir[600];

static long long unix_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static long long pss_kb(int pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/smaps_rollup", pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    long long kb = 0;
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, "Pss:", 4)) { kb = atoll(line + 4); break; }
    fclose(f);
    return kb;
}

static int parent_of(int pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    int ppid = -1;
    if (p) sscanf(p + 2, "%*c %d", &ppid);
    return ppid;
}

/* PSS of ROOT and all its descendants. */
static long long tree_pss_kb(int root)
{
    DIR *d = opendir("/proc");
    if (!d) return 0;
    long long total = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        int pid = atoi(e->d_name);
        if (pid <= 0) continue;
        for (int p = pid, depth = 0; p > 1 && depth < 16; p = parent_of(p), depth++)
            if (p == root) { total += pss_kb(pid); break; }
    }
    closedir(d);
    return total;
}

typedef struct {
    long long start_us, end_us;      /* spawn, exit */
    long long peak_pss_kb, maxrss_kb;
    long long file_at_us;            /* when WATCH_FILE appeared (0: never) */
} run_result;

/* Runs ARGV with ENV (NULL-terminated "K=V" list) and stdout/stderr to files in DIR; samples
 * memory until it exits (or TIMEOUT_S, then kills its group). */
static run_result run(char *const argv[], const char *const env[], const char *watch_file, int timeout_s)
{
    run_result r = { 0 };
    if (watch_file) unlink(watch_file);
    r.start_us = unix_us();
    pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, 0);
        for (int i = 0; env && env[i]; i++) putenv((char *)env[i]);
        char out[700];
        snprintf(out, sizeof out, "%s/child.out", dir);
        int fd = open(out, O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) { dup2(fd, 1); dup2(fd, 2); close(fd); }
        execvp(argv[0], argv);
        _exit(127);
    }
    for (;;) {
        int status;
        struct rusage ru;
        pid_t w = wait4(pid, &status, WNOHANG, &ru);
        if (w == pid) { r.maxrss_kb = ru.ru_maxrss; break; }
        long long pss = tree_pss_kb(pid);
        if (pss > r.peak_pss_kb) r.peak_pss_kb = pss;
        struct stat st;
        if (watch_file && !r.file_at_us && stat(watch_file, &st) == 0 && st.st_size > 0) r.file_at_us = unix_us();
        if (unix_us() - r.start_us > (long long)timeout_s * 1000000) kill(-pid, SIGKILL);
        usleep(10000);
    }
    r.end_us = unix_us();
    if (watch_file && !r.file_at_us) {
        struct stat st;
        if (stat(watch_file, &st) == 0 && st.st_size > 0) r.file_at_us = r.end_us;
    }
    kill(-pid, SIGKILL);           /* leftovers of a multi-process browser */
    return r;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static long long pct(long long *v, int n, double p)
{
    if (n == 0) return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_ll);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i];
}

static char conf[700], db[700], frames[700], script[700];

static run_result kiosk(const char *text)
{
    write_file(script, text);
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    char prog[600];
    snprintf(prog, sizeof prog, "%s/dawr-kiosk", build);
    char *argv[] = { prog, "--config", conf, "--db", db, "--script", script, "--frame-log", frames, "--mute",
                     "--size", "1920x1080", NULL };
    const char *env[] = { "SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=dummy", NULL };
    return run(argv, env, NULL, 60);
}

/* Unix µs of the first line of the frame log starting with PREFIX at or after FROM (a line
 * number), its line number in *LINE; -1 when none. */
static char logbuf[1 << 22];
static long long log_time(const char *prefix, int from, int *line, long long *draw_us)
{
    FILE *f = fopen(frames, "r");
    if (!f) return -1;
    size_t n = fread(logbuf, 1, sizeof logbuf - 1, f);
    fclose(f);
    logbuf[n] = 0;
    int i = 0;
    for (char *l = strtok(logbuf, "\n"); l; l = strtok(NULL, "\n"), i++) {
        if (i < from) continue;
        long long t = 0, d = 0;
        if (!strncmp(l, "frame ", 6)) { sscanf(l + 6, "%lld %lld", &t, &d); if (!strncmp(prefix, "frame", 5)) goto hit; }
        else {
            char *sp = strchr(l, ' ');
            if (sp && !strncmp(sp + 1, prefix, strlen(prefix))) { t = atoll(l); goto hit; }
        }
        continue;
    hit:
        if (line) *line = i;
        if (draw_us) *draw_us = d;
        return t;
    }
    return -1;
}

static const char *HOME_HTML =
    "<!doctype html><html lang=ar dir=rtl><head><meta charset=utf-8><style>"
    "html,body{margin:0;width:1920px;height:1080px;background:#FBF8F1;color:#111;font-family:'Noto Sans Arabic','Noto Sans',sans-serif}"
    "header{display:flex;align-items:center;gap:20px;padding:20px 32px}"
    ".logo{width:105px;height:105px;background:#0B4F3C;color:#fff;font:bold 64px 'Noto Sans Arabic';display:flex;align-items:center;justify-content:center}"
    ".name{font-weight:bold;font-size:36px}.date{font-size:26px}"
    ".greet{font-size:40px;padding:0 32px}"
    ".choices{display:flex;gap:64px;padding:24px 32px;height:560px}"
    ".choices div{flex:1;border-radius:16px;color:#fff;font-weight:bold;font-size:60px;display:flex;flex-direction:column;"
    "align-items:center;justify-content:center;border:3px solid #041F17}"
    ".take{background:#0B4F3C}.rate{background:#12263F}"
    "footer{position:absolute;bottom:32px;left:32px;right:32px;display:flex;gap:32px;height:120px}"
    "footer div{flex:1;border-radius:16px;color:#fff;background:#3D4A52;font-weight:bold;font-size:46px;display:flex;"
    "align-items:center;justify-content:center}footer .help{flex:1.8;background:#8A1C00}"
    "</style></head><body><header><div class=logo>ر</div><div><div class=name>رُؤفَاء لرعاية كبار السن بأملج</div>"
    "<div class=date>٢٥ نوفمبر ٢٠٢٦ م — ١٥ جمادى الآخرة ١٤٤٨ هـ</div></div></header>"
    "<div class=greet>أهلاً وسهلاً بكم، يسعدنا خدمتكم</div>"
    "<div class=choices><div class=take>✚<br>تفضّلوا بأخذ رقم الانتظار</div><div class=rate>★<br>فضلاً، قيّموا زيارتكم</div></div>"
    "<footer><div>استمعوا ♫</div><div>English</div><div class=help>أحتاج إلى مساعدة</div></footer></body></html>\n";

int main(void)
{
    snprintf(dir, sizeof dir, "%s", scratch_dir("bench-kiosk"));
    snprintf(conf, sizeof conf, "%s/dawr.conf", dir);
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(frames, sizeof frames, "%s/frames.log", dir);
    snprintf(script, sizeof script, "%s/script", dir);
    /* The default configuration with taps 150 ms apart allowed, for a quick script. */
    static char text[16384];
    FILE *f = fopen(default_config_path(), "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f) fclose(f);
    text[n] = 0;
    char *at = strstr(text, "double_tap_ms = 700");
    if (at) memcpy(at, "double_tap_ms = 150", 19);
    write_file(conf, text);
    /* Only dawrctl init makes a database; the kiosk runs at an instant the shipped hours keep open. */
    setenv("DAWR_NOW", "2026-12-06T09:00:00", 0);
    char init[2400];
    snprintf(init, sizeof init, "%s/dawrctl --config %s --db %s init >/dev/null",
             getenv("BUILD") ? getenv("BUILD") : "build", conf, db);
    if (system(init) != 0) { fprintf(stderr, "bench_kiosk: %s failed\n", init); return 1; }

    /* Cold start to first frame, five times (the database exists: the appliance's case). */
    long long first[5], pss[5], rss[5];
    for (int i = 0; i < 5; i++) {
        run_result r = kiosk("quit\n");
        long long t = log_time("frame", 0, NULL, NULL);
        first[i] = t > 0 ? t - r.start_us : -1;
        pss[i] = r.peak_pss_kb;
        rss[i] = r.maxrss_kb;
    }
    long long first_ms = pct(first, 5, 0.5) / 1000;
    printf("kiosk_cold_start_to_first_frame: %lld ms (median of 5, SDL dummy driver)\n", first_ms);

    /* Frames: pressed states back and forth on home, then every visit reason's ticket. */
    char *s = malloc(1 << 16);
    size_t len = 0;
    for (int i = 0; i < 150; i++) len += (size_t)sprintf(s + len, "press take_ticket\npress rate_visit\n");
    static const char *const SERVICES[] = { "new_request", "follow_up", "inquiry", "social_research", "documents", "complaint" };
    for (int i = 0; i < 6; i++)
        len += (size_t)sprintf(s + len, "tap take_ticket\nwait 200\ntap service_%s\nwait 200\ntap home\nwait 200\n", SERVICES[i]);
    for (int i = 0; i < 100; i++) len += (size_t)sprintf(s + len, "press take_ticket\npress rate_visit\n");
    sprintf(s + len, "quit\n");
    run_result r = kiosk(s);
    free(s);
    double load = 0;
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) { if (fscanf(la, "%lf", &load) != 1) load = 0; fclose(la); }
    long long draws[2000], changes[100], presses[1000], tickets[16], cpu[2000];
    int nd = 0, nc = 0, np = 0, nt = 0, ncpu = 0, line = 0;
    FILE *lf = fopen(frames, "r");
    static char l[512];
    long long press_at = 0, tap_at = 0;
    char prev_screen[64] = "";
    while (lf && fgets(l, sizeof l, lf)) {
        long long t, d;
        char screen[64];
        if (sscanf(l, "frame %lld %lld %63s", &t, &d, screen) == 3) {
            int change = strcmp(screen, prev_screen) != 0;
            if (change && nc < 100) changes[nc++] = d;
            else if (nd < 2000) draws[nd++] = d;
            if (press_at && np < 1000) presses[np++] = t - press_at;
            if (tap_at && change && !strcmp(screen, "ticket") && nt < 16) tickets[nt++] = t - tap_at;
            press_at = tap_at = 0;
            snprintf(prev_screen, sizeof prev_screen, "%s", screen);
        } else if (strstr(l, " draw_cpu_us ")) {
            if (strstr(l, " same") && ncpu < 2000) cpu[ncpu++] = atoll(strstr(l, " draw_cpu_us ") + 13);
        } else if (strstr(l, " press")) press_at = atoll(l);
        else if (strstr(l, " tap service_")) tap_at = atoll(l);
        line++;
    }
    if (lf) fclose(lf);
    printf("kiosk_frame_p50: %.2f ms (1920x1080, software renderer, dummy driver, %d frames on a drawn screen)\n",
           pct(draws, nd, 0.5) / 1000.0, nd);
    printf("kiosk_frame_p99: %.2f ms (target < 8; wall clock, load average %.1f on %ld cores)\n",
           pct(draws, nd, 0.99) / 1000.0, load, sysconf(_SC_NPROCESSORS_ONLN));
    printf("kiosk_frame_cpu_p50: %.2f ms (CPU time of the kiosk's thread per frame, %d frames)\n",
           pct(cpu, ncpu, 0.5) / 1000.0, ncpu);
    printf("kiosk_frame_cpu_p99: %.2f ms\n", pct(cpu, ncpu, 0.99) / 1000.0);
    printf("kiosk_screen_change_frame_p50: %.2f ms (first frame of a screen, new texts laid out; %d)\n",
           pct(changes, nc, 0.5) / 1000.0, nc);
    printf("kiosk_screen_change_frame_max: %.2f ms\n", pct(changes, nc, 1.0) / 1000.0);
    printf("kiosk_tap_to_pressed_frame_p50: %.2f ms (%d presses)\n", pct(presses, np, 0.5) / 1000.0, np);
    printf("kiosk_tap_to_pressed_frame_p99: %.2f ms\n", pct(presses, np, 0.99) / 1000.0);
    printf("kiosk_tap_to_ticket_shown_p50: %.2f ms (store commit with synchronous=FULL included; %d tickets)\n",
           pct(tickets, nt, 0.5) / 1000.0, nt);
    printf("kiosk_tap_to_ticket_shown_max: %.2f ms\n", pct(tickets, nt, 1.0) / 1000.0);
    long long kiosk_pss = r.peak_pss_kb > pct(pss, 5, 1.0) ? r.peak_pss_kb : pct(pss, 5, 1.0);
    long long kiosk_rss = r.maxrss_kb > pct(rss, 5, 1.0) ? r.maxrss_kb : pct(rss, 5, 1.0);
    printf("kiosk_peak_memory_pss: %.1f MiB\n", kiosk_pss / 1024.0);
    printf("kiosk_peak_memory_rss: %.1f MiB\n", kiosk_rss / 1024.0);

    /* Chromium headless: start-up to a screenshot of the same home screen, three times. */
    char html[700], url[PATH_MAX + 16], shot[700];
    snprintf(html, sizeof html, "%s/home.html", dir);
    write_file(html, HOME_HTML);
    char abs[PATH_MAX];
    if (!realpath(html, abs)) snprintf(abs, sizeof abs, "%s", html);
    snprintf(url, sizeof url, "file://%s", abs);
    snprintf(shot, sizeof shot, "%s/chromium.png", dir);
    const char *chromium = access("/usr/bin/chromium", X_OK) == 0 ? "/usr/bin/chromium" : NULL;
    if (!chromium) {
        printf("chromium: not installed (apt-get install chromium); no ratios\n");
        return 0;
    }
    long long c_first[3], c_pss[3];
    for (int i = 0; i < 3; i++) {
        char profile[700], shot_arg[800];
        snprintf(profile, sizeof profile, "--user-data-dir=%s/chromium-profile-%d", dir, i);
        snprintf(shot_arg, sizeof shot_arg, "--screenshot=%s", shot);
        char *argv[] = { (char *)chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         profile, shot_arg, "--window-size=1920,1080", "--hide-scrollbars", url, NULL };
        run_result c = run(argv, NULL, shot, 120);
        c_first[i] = c.file_at_us ? c.file_at_us - c.start_us : -1;
        c_pss[i] = c.peak_pss_kb;
    }
    long long chrome_ms = pct(c_first, 3, 0.5) / 1000, chrome_pss = pct(c_pss, 3, 1.0);
    printf("chromium_start_to_screenshot: %lld ms (median of 3, headless, fresh profile)\n", chrome_ms);
    printf("chromium_peak_memory_pss: %.1f MiB (all its processes)\n", chrome_pss / 1024.0);
    printf("first_frame_ratio_chromium_over_kiosk: %.1f x (target >= 5)\n", first_ms > 0 ? (double)chrome_ms / first_ms : 0);
    printf("memory_ratio_chromium_over_kiosk: %.1f x (PSS; target >= 6)\n", kiosk_pss > 0 ? (double)chrome_pss / kiosk_pss : 0);
    return 0;
}
