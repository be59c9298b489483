/* The console's pages: files served only from one folder (assets/console), by plain names
 * ("index.html", "console.js"): no sub-folders, no "..", no directory listing. */
#ifndef DAWR_FILES_H
#define DAWR_FILES_H

#include "http.h"

typedef struct console_files console_files;

/* Opens the folder DIR. Returns a handle (free with console_files_close) or NULL with ERR. */
console_files *console_files_open(const char *dir, char *err, size_t err_size);
void console_files_close(console_files *f);

/* Answers REQ (a GET or HEAD) with the file its path names, or 404. "/" is index.html. */
int console_files_serve(console_files *f, console_request *req);

#endif
