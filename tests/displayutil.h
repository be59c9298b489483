/* What the dawr-display tests share: the program started in the background on the dummy
 * driver with its logs in a scratch folder, stopped cleanly, and its layout dump read. */
#ifndef DAWR_TEST_DISPLAYUTIL_H
#define DAWR_TEST_DISPLAYUTIL_H

#include <jansson.h>
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

#endif
