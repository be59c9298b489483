#include "files.h"
#include "text_i18n.h"

#include <ctype.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct console_files {
    int dir_fd;
};

static const struct { const char *ext, *type; } TYPES[] = {
    { ".html", "text/html; charset=utf-8" },  { ".css", "text/css; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" }, { ".svg", "image/svg+xml" },
    { ".wav", "audio/wav" },
    { ".png", "image/png" },                  { ".ico", "image/x-icon" },
    { ".woff2", "font/woff2" },
};

console_files *console_files_open(const char *dir, char *err, size_t err_size)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) { snprintf(err, err_size, "cannot open the pages folder %s", dir); return NULL; }
    console_files *f = malloc(sizeof *f);
    if (!f) { close(fd); snprintf(err, err_size, "out of memory"); return NULL; }
    f->dir_fd = fd;
    return f;
}

void console_files_close(console_files *f)
{
    if (!f) return;
    close(f->dir_fd);
    free(f);
}

/* The content type for NAME when it is a plain file name we serve, else NULL. A name is
 * letters, digits, '-', '_' and one '.', never first: nothing else can leave the folder. */
static const char *type_of(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 64 || name[0] == '.') return NULL;
    int dots = 0;
    for (const char *c = name; *c; c++) {
        if (*c == '.') dots++;
        else if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_') return NULL;
    }
    if (dots != 1) return NULL;
    const char *ext = strrchr(name, '.');
    for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0]; i++)
        if (!strcmp(ext, TYPES[i].ext)) return TYPES[i].type;
    return NULL;
}

int console_files_serve(console_files *f, console_request *req)
{
    if (strcmp(req->method, "GET") && strcmp(req->method, "HEAD"))
        return console_reply_error(req, MHD_HTTP_METHOD_NOT_ALLOWED, DAWR_E_BAD_METHOD, N_("pages are only read"));
    const char *name = !strcmp(req->path, "/") ? "index.html" : !strcmp(req->path, "/manager") ? "manager.html"
                     : !strcmp(req->path, "/applications") ? "applications.html"
                     : req->path + 1;
    const char *type = req->path[0] == '/' ? type_of(name) : NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; only regular files are served. */
    int fd = type ? openat(f->dir_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) : -1;
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) { close(fd); fd = -1; }
    if (fd < 0) return console_reply_error(req, MHD_HTTP_NOT_FOUND, DAWR_E_NOT_FOUND, N_("no such page"));
    struct MHD_Response *resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
    if (!resp) { close(fd); return -1; }
    MHD_add_response_header(resp, "Content-Type", type);
    MHD_add_response_header(resp, "Cache-Control", "no-cache");
    return console_reply(req, MHD_HTTP_OK, resp);
}
