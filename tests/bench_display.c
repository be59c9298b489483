/* dawr-display benchmark: the real program under SDL's dummy video driver (software
 * renderer) and dummy audio, on a scratch database. Prints "name: value unit" lines:
 * call-to-screen latency (from `dawrctl call` returning to the frame showing the ticket,
 * taken from the display's frame log) p50/p99, frame time p99, CPU while idle, peak memory.
 * Speech runs as in the waiting room (espeak-ng into the dummy audio device); set
 * DAWR_DISPLAY_ARGS=--mute to measure without it. */
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#define CALLS 30

static char dir[600], db[700], frames[700];

static long long unix_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int ctl(const char *args)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "%s/dawrctl --config %s --db %s %s >/dev/null 2>&1", build_dir(), default_config_path(),
             db, args);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static pid_t start_display(const char *log)
{
    pid_t pid = fork();
    if (pid == 0) {
        char cmd[4096];
        snprintf(cmd, sizeof cmd, "exec %s/dawr-display --config %s --db %s --frame-log %s $DAWR_DISPLAY_ARGS >/dev/null 2>&1",
                 build_dir(), default_config_path(), db, log);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* The Unix µs of the first frame-log line containing NEEDLE, or 0. */
static long long logged_at(const char *log, const char *needle)
{
    FILE *f = fopen(log, "r");
    char line[512];
    long long at = 0;
    while (f && fgets(line, sizeof line, f))
        if (strstr(line, needle)) {
            at = atoll(line);
            if (!strncmp(line, "frame ", 6)) at = atoll(line + 6);
            break;
        }
    if (f) fclose(f);
    return at;
}

static long long wait_logged(const char *log, const char *needle, int ms)
{
    for (int t = 0; t < ms; t += 10) {
        long long at = logged_at(log, needle);
        if (at) return at;
        usleep(10000);
    }
    return 0;
}

static int cmp_ll(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

static long long pct(long long *v, int n, double p)
{
    qsort(v, (size_t)n, sizeof *v, cmp_ll);
    int i = (int)(p * (n - 1) + 0.5);
    return v[i < 0 ? 0 : i >= n ? n - 1 : i];
}

/* utime + stime of PID in clock ticks. */
static long long cpu_ticks(pid_t pid)
{
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    long long ut = 0, st = 0;
    if (p) sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lld %lld", &ut, &st);
    return ut + st;
}

static long peak_kb(pid_t pid)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long kb = 0;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, "VmHWM:", 6)) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

static void stop(pid_t pid)
{
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_AUDIODRIVER", "dummy", 1);
    snprintf(dir, sizeof dir, "%s", scratch_dir("bench-display"));
    snprintf(db, sizeof db, "%s/dawr.db", dir);
    snprintf(frames, sizeof frames, "%s/frames.log", dir);
    if (ctl("init") != 0) { fprintf(stderr, "bench_display: init failed\n"); return 1; }
    for (int i = 0; i < CALLS; i++) ctl("issue new_request");

    /* Idle first: a screen showing a clock must not burn a core. */
    pid_t pid = start_display(frames);
    if (!wait_logged(frames, "frame ", 20000)) { fprintf(stderr, "bench_display: no first frame\n"); stop(pid); return 1; }
    usleep(1000000);
    long long c0 = cpu_ticks(pid), t0 = unix_us();
    usleep(5000000);
    long long c1 = cpu_ticks(pid), t1 = unix_us();
    double idle = (double)(c1 - c0) / sysconf(_SC_CLK_TCK) / ((t1 - t0) / 1e6) * 100;

    long long lat[CALLS];
    int n = 0;
    for (int i = 0; i < CALLS; i++) {
        if (i) ctl("done 1");
        usleep(150000);
        if (ctl("call 1") != 0) break;
        long long returned = unix_us();
        char needle[32];
        snprintf(needle, sizeof needle, "shown A-%03d", i + 1);
        long long shown = wait_logged(frames, needle, 5000);
        if (!shown) { fprintf(stderr, "bench_display: %s never shown\n", needle + 6); break; }
        lat[n++] = shown > returned ? shown - returned : 0;
    }
    long kb = peak_kb(pid);
    stop(pid);
    if (n < CALLS) return 1;

    /* Frame times, from the log: draw + present of each frame. */
    static long long ft[100000];
    int nf = 0;
    FILE *f = fopen(frames, "r");
    char line[512];
    while (f && nf < 100000 && fgets(line, sizeof line, f)) {
        long long at, us;
        if (sscanf(line, "frame %lld %lld", &at, &us) == 2) ft[nf++] = us;
    }
    if (f) fclose(f);

    printf("display_call_to_screen_p50: %.1f ms\n", pct(lat, n, 0.5) / 1000.0);
    printf("display_call_to_screen_p99: %.1f ms\n", pct(lat, n, 0.99) / 1000.0);
    printf("display_frames: %d frames\n", nf);
    printf("display_frame_time_p50: %.2f ms (dummy driver, software renderer, 1920x1080)\n", pct(ft, nf, 0.5) / 1000.0);
    printf("display_frame_time_p99: %.2f ms (dummy driver, software renderer, 1920x1080)\n", pct(ft, nf, 0.99) / 1000.0);
    printf("display_idle_cpu: %.2f %% of one core\n", idle);
    printf("display_peak_memory: %.1f MB\n", kb / 1024.0);
    return 0;
}
