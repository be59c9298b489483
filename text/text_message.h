/* The family's messages (issue 16): ready-made words in Arabic or English for a decision ready,
 * documents needed, or an appointment reminder, and the links that open them on a staff
 * member's own device — WhatsApp's click-to-chat (https://wa.me/NUMBER?text=...) and tel:.
 * Dawr sends nothing itself. The words name the association and the request's reference, never
 * the decision itself nor anyone's name. */
#ifndef DAWR_TEXT_MESSAGE_H
#define DAWR_TEXT_MESSAGE_H

#include "text_number.h"

#include <stddef.h>
#include <stdint.h>

/* The country a local number (a leading 0) belongs to: the association is in Saudi Arabia. */
#define DAWR_MESSAGE_COUNTRY "966"

/* The message KIND ("decision", "documents", "reminder") in LANG for request REF from the
 * association ASSOCIATION: for documents the list DOCUMENTS (COUNT); for a reminder the
 * appointment at AT (seconds since the epoch) in zone TZ, its day in both calendars. Returns
 * its bytes, or -1 (an unknown kind, or OUT too small). */
int dawr_message_compose(const char *kind, dawr_lang lang, const char *association, const char *ref,
                         const char *const *documents, int count, int64_t at, const char *tz, char *out, size_t size);

/* PHONE as kept ("0551234567", "+966551234567") as WhatsApp's number: the digits with the country
 * code, no + and no leading 0 ("966551234567"). Returns 0, or -1 when too long. */
int dawr_message_whatsapp_number(const char *phone, char *out, size_t size);

/* The click-to-chat link "https://wa.me/NUMBER?text=TEXT" (TEXT percent-encoded as UTF-8) and the
 * "tel:PHONE" link. Return 0, or -1 when OUT is too small. */
int dawr_message_whatsapp_link(const char *phone, const char *text, char *out, size_t size);
int dawr_message_tel_link(const char *phone, char *out, size_t size);

#endif
