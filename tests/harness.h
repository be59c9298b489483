/* A tiny test harness: tests in a table, checks with messages, one summary line.
 * Each test program ends by printing "NAME: N passed, N failed" and exits non-zero on failure. */
#ifndef DAWR_TEST_HARNESS_H
#define DAWR_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const char *name; void (*run)(void); } test_case;

static int harness_checks_failed_in_case;

/* CHECK(cond, fmt, ...): records a failure with a message; the test case goes on. */
#define CHECK(cond, ...) do { if (!(cond)) { \
        harness_checks_failed_in_case++; \
        fprintf(stderr, "  %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* REQUIRE: like CHECK, but leaves the test case at once (for preconditions). */
#define REQUIRE(cond, ...) do { if (!(cond)) { CHECK(cond, __VA_ARGS__); return; } } while (0)

#define CHECK_STR(got, want) do { const char *g_ = (got), *w_ = (want); \
        CHECK(g_ && w_ && strcmp(g_, w_) == 0, "expected \"%s\", got \"%s\"", w_ ? w_ : "(null)", \
              g_ ? g_ : "(null)"); } while (0)

#define CHECK_INT(got, want) do { long long g_ = (long long)(got), w_ = (long long)(want); \
        CHECK(g_ == w_, "expected %lld, got %lld", w_, g_); } while (0)

/* Runs the cases named on the command line, or all; prints the summary line. */
static inline int harness_main(const char *suite, const test_case *cases, int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (const test_case *t = cases; t->name; t++) {
        int wanted = argc < 2;
        for (int i = 1; i < argc; i++)
            if (strcmp(argv[i], t->name) == 0) wanted = 1;
        if (!wanted) continue;
        harness_checks_failed_in_case = 0;
        t->run();
        if (harness_checks_failed_in_case) { failed++; fprintf(stderr, "FAIL %s.%s\n", suite, t->name); }
        else { passed++; fprintf(stderr, "ok   %s.%s\n", suite, t->name); }
    }
    printf("%s: %d passed, %d failed\n", suite, passed, failed);
    return failed ? 1 : 0;
}

#endif
