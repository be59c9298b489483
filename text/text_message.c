/* The family's messages: gettext's words filled with text_template, links built by hand. */
#include "text_message.h"

#include "text_date.h"
#include "text_i18n.h"
#include "text_template.h"

#include <stdio.h>
#include <string.h>

int dawr_message_compose(const char *kind, dawr_lang lang, const char *association, const char *ref,
                         const char *const *documents, int count, int64_t at, const char *tz, char *out, size_t size)
{
    char isolated[64], list[1024] = "", day[256] = "", time[64] = "";
    snprintf(isolated, sizeof isolated, DAWR_LRI "%s" DAWR_PDI, ref);       /* 1448-0007 stays in one piece */
    /* One document a line: easy to read aloud to someone who cannot read. */
    for (int i = 0; documents && i < count; i++)
        snprintf(list + strlen(list), sizeof list - strlen(list), "\n- %s", documents[i]);
    if (at) {
        dawr_date_format_both(at, tz, lang, day, sizeof day);
        dawr_time_format(at, tz, lang, time, sizeof time);
    }
    const char *words;
    if (!strcmp(kind, "decision"))
        words = dawr_tr(lang, "Peace be upon you. {association}: the answer to request {ref} is ready. Please visit "
                              "us or call us during opening hours. Thank you.");
    else if (!strcmp(kind, "documents"))
        words = count ? dawr_tr(lang, "Peace be upon you. {association}: to go on with request {ref}, please bring "
                                      "these documents:{documents}\nThank you.")
                      : dawr_tr(lang, "Peace be upon you. {association}: to go on with request {ref}, some documents "
                                      "are needed. Please visit us or call us. Thank you.");
    else if (!strcmp(kind, "reminder"))
        words = count ? dawr_tr(lang, "Peace be upon you. {association}: a reminder of your appointment for request "
                                      "{ref} on {day} at {time}. Please bring:{documents}\nWe look forward to seeing you.")
                      : dawr_tr(lang, "Peace be upon you. {association}: a reminder of your appointment for request "
                                      "{ref} on {day} at {time}. We look forward to seeing you.");
    else
        return -1;
    return dawr_template_fill(out, size, words, "association", association, "ref", isolated, "documents", list, "day",
                              day, "time", time, (const char *)NULL);
}

int dawr_message_whatsapp_number(const char *phone, char *out, size_t size)
{
    char digits[32];
    size_t n = 0;
    for (const char *p = phone; *p && n < sizeof digits - 1; p++)
        if (*p >= '0' && *p <= '9') digits[n++] = *p;
    digits[n] = 0;
    const char *rest = digits;
    const char *country = "";
    if (phone[0] != '+' && digits[0] == '0') {     /* a local number: its country's code for its 0 */
        country = DAWR_MESSAGE_COUNTRY;
        rest = digits + 1;
    }
    int w = snprintf(out, size, "%s%s", country, rest);
    return w < 0 || (size_t)w >= size ? -1 : 0;
}

int dawr_message_whatsapp_link(const char *phone, const char *text, char *out, size_t size)
{
    char number[40];
    if (dawr_message_whatsapp_number(phone, number, sizeof number) < 0) return -1;
    int w = snprintf(out, size, "https://wa.me/%s?text=", number);
    if (w < 0 || (size_t)w >= size) return -1;
    size_t n = (size_t)w;
    static const char HEX[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                    *p == '-' || *p == '_' || *p == '.' || *p == '~';
        if (n + (plain ? 1 : 3) >= size) return -1;
        if (plain) out[n++] = (char)*p;
        else {
            out[n++] = '%';
            out[n++] = HEX[*p >> 4];
            out[n++] = HEX[*p & 15];
        }
    }
    out[n] = 0;
    return 0;
}

int dawr_message_tel_link(const char *phone, char *out, size_t size)
{
    int w = snprintf(out, size, "tel:%s", phone);
    return w < 0 || (size_t)w >= size ? -1 : 0;
}
