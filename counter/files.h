/* The console's pages: files served only from one folder (assets/console), by plain names
 * ("index.html", "console.js"): no sub-folders, no "..", no directory listing. */
#ifndef DAWR_FILES_H
#define DAWR_FILES_H

#include "http.h"

typedef struct dawr_files dawr_files;

/* Opens the folder DIR. Returns a handle (free with dawr_files_close) or NULL with ERR. */
dawr_files *dawr_files_open(const char *dir, char *err, size_t err_size);
void dawr_files_close(dawr_files *f);

/* Answers REQ (a GET or HEAD) with the file its path names, or 404. "/" is index.html. */
int dawr_files_serve(dawr_files *f, dawr_request *req);

#endif
