/* What the dawr-display tests share: the program started in the background on the dummy
 * driver with its logs in a scratch folder, stopped cleanly, and its layout dump read. */
#ifndef DAWR_TEST_DISPLAYUTIL_H
#define DAWR_TEST_DISPLAYUTIL_H

#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

/* One run's files, all in DIR (a scratch folder). */
typedef struct {
    char dir[600], db[700], frames[700], speech[700], dump[700], shots[700], errlog[700];
} display_files;

static inline void display_files_in(display_files *f, const char *name)
{
    snprintf(f->dir, sizeof f->dir, "%s", scratch_dir(name));
    snprintf(f->db, sizeof f->db, "%s/dawr.db", f->dir);
    snprintf(f->frames, sizeof f->frames, "%s/frames.log", f->dir);
    snprintf(f->speech, sizeof f->speech, "%s/speech.log", f->dir);
    snprintf(f->dump, sizeof f->dump, "%s/layout.json", f->dir);
    snprintf(f->shots, sizeof f->shots, "%s/shots", f->dir);
    snprintf(f->errlog, sizeof f->errlog, "%s/stderr", f->dir);
}

/* Starts "ENV dawr-display --config CONFIG --db DB ARGS" in the background, logging frames,
 * speech, the layout and screenshots into F; returns its pid. */
static inline pid_t display_start(const display_files *f, const char *env, const char *config, const char *db,
                                  const char *args)
{
    pid_t pid = fork();
    if (pid == 0) {
        char cmd[8192];
        snprintf(cmd, sizeof cmd, "%s exec %s/dawr-display --config %s --db %s --frame-log %s --speech-log %s "
                 "--dump-layout=%s --screenshot-dir %s %s >%s/stdout 2>%s", env ? env : "", build_dir(),
                 config, db, f->frames, f->speech, f->dump, f->shots, args ? args : "", f->dir, f->errlog);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Stops the display with SIGTERM (it draws a last frame, writes its dump) and reaps it; its exit
 * status, or -1 when it had to be killed. */
static inline int display_stop(pid_t pid)
{
    kill(pid, SIGTERM);
    int st = 0;
    for (int t = 0; t < 15000; t += 20) {
        if (waitpid(pid, &st, WNOHANG) == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
        usleep(20000);
    }
    kill(pid, SIGKILL);
    waitpid(pid, &st, 0);
    return -1;
}

/* The elements of the one screen in F's layout dump (ROOT to json_decref), or NULL. */
static inline json_t *display_elements(const display_files *f, json_t **root)
{
    json_error_t e;
    *root = json_load_file(f->dump, 0, &e);
    if (!*root) { fprintf(stderr, "  layout dump: %s\n", e.text); return NULL; }
    return json_object_get(json_array_get(json_object_get(*root, "screens"), 0), "elements");
}

static inline json_t *display_element(json_t *elements, const char *name)
{
    size_t i;
    json_t *el;
    json_array_foreach(elements, i, el)
        if (!strcmp(json_string_value(json_object_get(el, "name")), name)) return el;
    return NULL;
}

static inline const char *display_text_of(json_t *elements, const char *name)
{
    json_t *el = display_element(elements, name);
    return el ? json_string_value(json_object_get(el, "text")) : NULL;
}

static inline double display_num(json_t *o, const char *key) { return json_number_value(json_object_get(o, key)); }

/* The layout checks of one dumped screen W x H px: every text at least 7:1, no .notdef glyph,
 * every element on the screen, and the ink of each text whose name starts with one of PREFIXES
 * (NULL-terminated) inside its own box and off every other element (a text cut, overflowing or
 * drawn over another shows there). WHAT names the run. */
static inline void display_check_layout(const char *what, json_t *els, int w, int h, const char *const *prefixes)
{
    size_t i, k;
    json_t *el, *other;
    json_array_foreach(els, i, el) {
        const char *name = json_string_value(json_object_get(el, "name"));
        json_t *c = json_object_get(el, "contrast"), *notdef = json_object_get(el, "notdef");
        CHECK(!notdef || json_integer_value(notdef) == 0, "%s %s: %d .notdef glyphs", what, name,
              (int)json_integer_value(notdef));
        if (json_is_real(c)) CHECK(json_real_value(c) >= 7, "%s %s: contrast %.2f", what, name, json_real_value(c));
        json_t *r = json_object_get(el, "rect"), *mm = json_object_get(el, "rect_mm"), *ink = json_object_get(el, "ink_rect_mm");
        CHECK(display_num(r, "x") >= 0 && display_num(r, "y") >= 0 && display_num(r, "x") + display_num(r, "w") <= w &&
                  display_num(r, "y") + display_num(r, "h") <= h, "%s %s outside the screen", what, name);
        int checked = 0;
        for (const char *const *p = prefixes; *p; p++) checked |= !strncmp(name, *p, strlen(*p));
        if (!checked || !ink || display_num(ink, "h") <= 0) continue;
        double tol = display_num(mm, "w") / display_num(r, "w") + 0.05;   /* a pixel, in mm */
        double ix = display_num(ink, "x"), iy = display_num(ink, "y"), iw = display_num(ink, "w"), ih = display_num(ink, "h");
        CHECK(ix >= display_num(mm, "x") - tol && iy >= display_num(mm, "y") - tol &&
                  ix + iw <= display_num(mm, "x") + display_num(mm, "w") + tol &&
                  iy + ih <= display_num(mm, "y") + display_num(mm, "h") + tol,
              "%s %s: text overflows its box: ink %.1f,%.1f %.1fx%.1f mm", what, name, ix, iy, iw, ih);
        json_array_foreach(els, k, other) {
            if (k == i) continue;
            json_t *o = json_object_get(other, "rect_mm");
            double cx = fmin(ix + iw, display_num(o, "x") + display_num(o, "w")) - fmax(ix, display_num(o, "x"));
            double cy = fmin(iy + ih, display_num(o, "y") + display_num(o, "h")) - fmax(iy, display_num(o, "y"));
            CHECK(cx <= tol || cy <= tol, "%s: the text of %s overlaps %s", what, name,
                  json_string_value(json_object_get(other, "name")));
        }
    }
}

#endif
