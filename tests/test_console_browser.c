/* The staff console in a real browser: runs tests/browser/console.test.mjs (playwright-core
 * driving Debian's headless chromium) and reports its count as this suite's. Installs the
 * pinned playwright-core with "npm ci" when node_modules is missing. Skips, saying why, only
 * when node or chromium is not installed (CI installs both: see CONSOLE_DEBS). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(void)
{
    const char *chromium = getenv("CHROMIUM") ? getenv("CHROMIUM") : "/usr/bin/chromium";
    if (run("command -v node >/dev/null 2>&1") != 0 || access(chromium, X_OK) != 0) {
        printf("console_browser: skipped: %s is not installed (apt-get install chromium nodejs)\n",
               access(chromium, X_OK) != 0 ? chromium : "node");
        printf("console_browser: 0 passed, 0 failed\n");
        return 0;
    }
    if (access("tests/browser/node_modules/playwright-core/package.json", R_OK) != 0 &&
        run("cd tests/browser && npm ci --no-audit --no-fund >&2") != 0) {
        fprintf(stderr, "npm ci in tests/browser failed: playwright-core could not be installed\n");
        printf("console_browser: 0 passed, 1 failed\n");
        return 1;
    }
    FILE *p = popen("node tests/browser/console.test.mjs", "r");
    if (!p) { printf("console_browser: 0 passed, 1 failed\n"); return 1; }
    char line[512];
    int passed = 0, failed = -1;
    while (fgets(line, sizeof line, p)) {
        fputs(line, stderr);
        sscanf(line, "browser: %d passed, %d failed", &passed, &failed);
    }
    int st = pclose(p);
    if (failed < 0) {
        fprintf(stderr, "the browser test printed no summary (exit %d)\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        failed = 1;
    }
    printf("console_browser: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
