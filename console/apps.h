/* The applications page's API (docs/api.md "Applications"): the list with its filters, one
 * application with its history, and the staff's changes to it. Reads need a session, changes
 * its CSRF token too (api.c's routes); the engine's refusals come back as 409 or 404 with its
 * reason code, values and words. The contact's number is shown on no list: only inside the
 * "notify" links, on the staff member's own device. */
#ifndef DAWR_APPS_H
#define DAWR_APPS_H

#include "api.h"

/* GET /api/applications?view=open|overdue&step=ID, with who should be told today */
int console_apps_list(console *c, console_request *req, const console_session *s, json_t *body);
/* GET /api/application?ref=REF: the application, its history and its appointment. */
int console_apps_show(console *c, console_request *req, const console_session *s, json_t *body);
/* POST /api/application/step {"ref", "step", "note"?} */
int console_apps_step(console *c, console_request *req, const console_session *s, json_t *body);
/* POST /api/application/open {"ticket"}: an application opened by hand (201). */
int console_apps_open(console *c, console_request *req, const console_session *s, json_t *body);
/* POST /api/application/contact {"ref", "phone", "consent_by": "applicant"|"family"}, and
 * /erase-contact {"ref"}: the number kept with consent, or erased on request. */
int console_apps_contact(console *c, console_request *req, const console_session *s, json_t *body);
int console_apps_erase_contact(console *c, console_request *req, const console_session *s, json_t *body);

/* POST /api/application/book {"ref", "at": "YYYY-MM-DD HH:MM"}, /move the same, /cancel {"ref"} */
int console_apps_book(console *c, console_request *req, const console_session *s, json_t *body);
int console_apps_move(console *c, console_request *req, const console_session *s, json_t *body);
int console_apps_cancel(console *c, console_request *req, const console_session *s, json_t *body);
/* POST /api/application/slip {"ref", "lang"?}: the coming appointment's slip, printed. */
int console_apps_slip(console *c, console_request *req, const console_session *s, json_t *body);
/* POST /api/application/notify {"ref", "message": "decision"|"documents"|"reminder", "lang"?}:
 * the ready-made message and its WhatsApp and tel: links (only with consent; logged). */
int console_apps_notify(console *c, console_request *req, const console_session *s, json_t *body);

#endif
