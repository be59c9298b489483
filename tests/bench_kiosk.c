/* The kiosk's speed and size, measured on the real build/dawr-kiosk under SDL's dummy video
 * driver (software renderer, 1920x1080), against Debian's chromium (headless) opening an
 * equivalent static page of the home screen. Prints "name: value unit" lines.
 *
 * Memory is the peak proportional set size (PSS, shared pages divided among the processes
 * sharing them) summed over the program's whole process tree, sampled every 10 ms; for the
 * kiosk also its peak resident set (ru_maxrss).
 *
 * With DAWR_BENCH_REF=DIR (make bench BENCH_REF=COMMIT builds that commit's tree there) the
 * kiosk of DIR/build runs too, on DIR's own assets and configuration, taking turns with this
 * one so both meet the same load; its figures and the ratios are printed after this one's. */
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

/* One kiosk under test: its programs, its assets and its scratch files. */
typedef struct {
    char build[PATH_MAX], assets[PATH_MAX], locale[PATH_MAX + 16];
    char conf[800], db[800], frames[800], script[800];
} kiosk_setup;

/* What one kiosk measured. */
typedef struct {
    long long first_ms, pss_kb, rss_kb;
    long long draws[2000], changes[100], presses[1000], tickets[16], cpu[2000];
    int nd, nc, np, nt, ncpu;
} figures;

static run_result kiosk(const kiosk_setup *k, const char *text)
{
    write_file(k->script, text);
    char prog[PATH_MAX + 16], assets[PATH_MAX + 16], locale[PATH_MAX + 32];
    snprintf(prog, sizeof prog, "%s/dawr-kiosk", k->build);
    snprintf(assets, sizeof assets, "DAWR_ASSETS=%s", k->assets);
    snprintf(locale, sizeof locale, "DAWR_LOCALEDIR=%s", k->locale);
    char *argv[] = { prog, "--config", (char *)k->conf, "--db", (char *)k->db, "--script", (char *)k->script,
                     "--frame-log", (char *)k->frames, "--mute", "--size", "1920x1080", NULL };
    const char *env[] = { "SDL_VIDEODRIVER=dummy", "SDL_AUDIODRIVER=dummy", assets, locale, NULL };
    return run(argv, env, NULL, 60);
}

/* Unix µs of the first line of FRAMES starting with PREFIX at or after FROM (a line number),
 * its line number in *LINE; -1 when none. */
static char logbuf[1 << 22];
static long long log_time(const char *frames, const char *prefix, int from, int *line, long long *draw_us)
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

/* K's files in DIR/NAME: SRC's default configuration (open at every hour when OPEN_HOURS, for a
 * tree whose kiosk does not read DAWR_NOW) with taps 150 ms apart allowed, and a database made
 * by BUILD's dawrctl init (an older tree's kiosk makes its own). */
static int setup(kiosk_setup *k, const char *name, const char *src_conf, const char *src_assets, const char *build,
                 int open_hours)
{
    char sub[700];
    snprintf(sub, sizeof sub, "%s/%s", dir, name);
    mkdir(sub, 0755);
    if (!realpath(build, k->build) || !realpath(src_assets, k->assets)) {
        fprintf(stderr, "bench_kiosk: %s or %s is missing\n", build, src_assets);
        return -1;
    }
    snprintf(k->locale, sizeof k->locale, "%s/locale", k->build);
    snprintf(k->conf, sizeof k->conf, "%s/dawr.conf", sub);
    snprintf(k->db, sizeof k->db, "%s/dawr.db", sub);
    snprintf(k->frames, sizeof k->frames, "%s/frames.log", sub);
    snprintf(k->script, sizeof k->script, "%s/script", sub);
    FILE *f = fopen(src_conf, "r");
    if (!f) { fprintf(stderr, "bench_kiosk: no %s\n", src_conf); return -1; }
    FILE *out = fopen(k->conf, "w");
    char line[1024];
    int hours = 0;
    while (out && fgets(line, sizeof line, f)) {
        static const char *const DAYS[] = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "ramadan" };
        if (line[0] == '[') hours = !strncmp(line, "[hours]", 7);
        int day = -1;
        for (int i = 0; i < 8 && hours && open_hours; i++)
            if (!strncmp(line, DAYS[i], strlen(DAYS[i])) && strchr(" =", line[strlen(DAYS[i])])) day = i;
        if (!strncmp(line, "double_tap_ms = 700", 19)) fputs("double_tap_ms = 150\n", out);
        else if (day >= 0) fprintf(out, "%s = 00:00-23:59\n", DAYS[day]);
        else fputs(line, out);
    }
    fclose(f);
    if (out) fclose(out);
    static char cmd[4 * PATH_MAX + 3300];
    snprintf(cmd, sizeof cmd, "DAWR_ASSETS=%s %s/dawrctl --config %s --db %s init >/dev/null 2>&1", k->assets, k->build,
             k->conf, k->db);
    if (system(cmd) != 0 && !open_hours) { fprintf(stderr, "bench_kiosk: %s failed\n", cmd); return -1; }
    return 0;
}

/* Reads K's frame log of the frames run into F. */
static void read_frames(const kiosk_setup *k, figures *fg)
{
    FILE *lf = fopen(k->frames, "r");
    static char l[512];
    long long press_at = 0, tap_at = 0;
    char prev_screen[64] = "";
    while (lf && fgets(l, sizeof l, lf)) {
        long long t, d;
        char screen[64];
        if (sscanf(l, "frame %lld %lld %63s", &t, &d, screen) == 3) {
            int change = strcmp(screen, prev_screen) != 0;
            if (change && fg->nc < 100) fg->changes[fg->nc++] = d;
            else if (fg->nd < 2000) fg->draws[fg->nd++] = d;
            if (press_at && fg->np < 1000) fg->presses[fg->np++] = t - press_at;
            if (tap_at && change && !strcmp(screen, "ticket") && fg->nt < 16) fg->tickets[fg->nt++] = t - tap_at;
            press_at = tap_at = 0;
            snprintf(prev_screen, sizeof prev_screen, "%s", screen);
        } else if (strstr(l, " draw_cpu_us ")) {
            if (strstr(l, " same") && fg->ncpu < 2000) fg->cpu[fg->ncpu++] = atoll(strstr(l, " draw_cpu_us ") + 13);
        } else if (strstr(l, " press")) press_at = atoll(l);
        else if (strstr(l, " tap service_")) tap_at = atoll(l);
    }
    if (lf) fclose(lf);
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
    /* The kiosk runs at an instant the shipped hours keep open. */
    setenv("DAWR_NOW", "2026-12-06T09:00:00", 0);
    static kiosk_setup cur, ref;
    const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
    if (setup(&cur, "kiosk", default_config_path(), "assets", build, 0) < 0) return 1;
    const char *ref_dir = getenv("DAWR_BENCH_REF");
    int with_ref = ref_dir && *ref_dir;
    if (with_ref) {
        char conf[PATH_MAX + 32], assets[PATH_MAX + 16], rbuild[PATH_MAX + 16];
        snprintf(conf, sizeof conf, "%s/assets/dawr.conf", ref_dir);
        snprintf(assets, sizeof assets, "%s/assets", ref_dir);
        snprintf(rbuild, sizeof rbuild, "%s/build", ref_dir);
        if (setup(&ref, "reference", conf, assets, rbuild, 1) < 0) return 1;
    }
    static figures fc, fr;

    /* Cold start to first frame, five times each, taking turns (the database exists: the appliance's case). */
    long long first[2][5], pss[2][5], rss[2][5];
    for (int i = 0; i < 5; i++)
        for (int w = 0; w < 1 + with_ref; w++) {
            const kiosk_setup *k = w ? &ref : &cur;
            run_result r = kiosk(k, "quit\n");
            long long t = log_time(k->frames, "frame", 0, NULL, NULL);
            first[w][i] = t > 0 ? t - r.start_us : -1;
            pss[w][i] = r.peak_pss_kb;
            rss[w][i] = r.maxrss_kb;
        }
    for (int w = 0; w < 1 + with_ref; w++) (w ? &fr : &fc)->first_ms = pct(first[w], 5, 0.5) / 1000;
    long long first_ms = fc.first_ms;
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
    for (int w = 0; w < 1 + with_ref; w++) {
        const kiosk_setup *k = w ? &ref : &cur;
        figures *fg = w ? &fr : &fc;
        run_result r = kiosk(k, s);
        read_frames(k, fg);
        fg->pss_kb = r.peak_pss_kb > pct(pss[w], 5, 1.0) ? r.peak_pss_kb : pct(pss[w], 5, 1.0);
        fg->rss_kb = r.maxrss_kb > pct(rss[w], 5, 1.0) ? r.maxrss_kb : pct(rss[w], 5, 1.0);
    }
    free(s);
    double load = 0;
    FILE *la = fopen("/proc/loadavg", "r");
    if (la) { if (fscanf(la, "%lf", &load) != 1) load = 0; fclose(la); }
    printf("kiosk_frame_p50: %.2f ms (1920x1080, software renderer, dummy driver, %d frames on a drawn screen)\n",
           pct(fc.draws, fc.nd, 0.5) / 1000.0, fc.nd);
    double p99 = pct(fc.draws, fc.nd, 0.99) / 1000.0;
    printf("kiosk_frame_p99: %.2f ms (target < 8; wall clock, load average %.1f on %ld cores)\n", p99, load,
           sysconf(_SC_NPROCESSORS_ONLN));
    printf("kiosk_frame_cpu_p50: %.2f ms (CPU time of the kiosk's thread per frame, %d frames)\n",
           pct(fc.cpu, fc.ncpu, 0.5) / 1000.0, fc.ncpu);
    printf("kiosk_frame_cpu_p99: %.2f ms\n", pct(fc.cpu, fc.ncpu, 0.99) / 1000.0);
    printf("kiosk_screen_change_frame_p50: %.2f ms (first frame of a screen, new texts laid out; %d)\n",
           pct(fc.changes, fc.nc, 0.5) / 1000.0, fc.nc);
    printf("kiosk_screen_change_frame_max: %.2f ms\n", pct(fc.changes, fc.nc, 1.0) / 1000.0);
    printf("kiosk_tap_to_pressed_frame_p50: %.2f ms (%d presses)\n", pct(fc.presses, fc.np, 0.5) / 1000.0, fc.np);
    printf("kiosk_tap_to_pressed_frame_p99: %.2f ms\n", pct(fc.presses, fc.np, 0.99) / 1000.0);
    printf("kiosk_tap_to_ticket_shown_p50: %.2f ms (store commit with synchronous=FULL included; %d tickets)\n",
           pct(fc.tickets, fc.nt, 0.5) / 1000.0, fc.nt);
    printf("kiosk_tap_to_ticket_shown_max: %.2f ms\n", pct(fc.tickets, fc.nt, 1.0) / 1000.0);
    long long kiosk_pss = fc.pss_kb;
    printf("kiosk_peak_memory_pss: %.1f MiB\n", fc.pss_kb / 1024.0);
    printf("kiosk_peak_memory_rss: %.1f MiB\n", fc.rss_kb / 1024.0);
    if (with_ref) {
        double rp99 = pct(fr.draws, fr.nd, 0.99) / 1000.0;
        printf("reference_kiosk: %s (its own assets and configuration; runs taking turns with this kiosk's)\n", ref_dir);
        printf("reference_kiosk_cold_start_to_first_frame: %lld ms (median of 5)\n", fr.first_ms);
        printf("reference_kiosk_frame_p99: %.2f ms (%d frames)\n", rp99, fr.nd);
        double cpu99 = pct(fc.cpu, fc.ncpu, 0.99) / 1000.0, rcpu99 = pct(fr.cpu, fr.ncpu, 0.99) / 1000.0;
        printf("reference_kiosk_frame_cpu_p99: %.2f ms\n", rcpu99);
        printf("reference_kiosk_peak_memory_pss: %.1f MiB\n", fr.pss_kb / 1024.0);
        printf("reference_kiosk_peak_memory_rss: %.1f MiB\n", fr.rss_kb / 1024.0);
        printf("kiosk_over_reference_first_frame: %.2f x\n", fr.first_ms > 0 ? (double)fc.first_ms / fr.first_ms : 0);
        printf("kiosk_over_reference_frame_p99: %.2f x (wall clock: the machine's load weighs on it)\n", rp99 > 0 ? p99 / rp99 : 0);
        printf("kiosk_over_reference_frame_cpu_p99: %.2f x\n", rcpu99 > 0 ? cpu99 / rcpu99 : 0);
        printf("kiosk_over_reference_peak_memory_pss: %.2f x\n", fr.pss_kb > 0 ? (double)fc.pss_kb / fr.pss_kb : 0);
        printf("kiosk_over_reference_peak_memory_rss: %.2f x\n", fr.rss_kb > 0 ? (double)fc.rss_kb / fr.rss_kb : 0);
    }

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
