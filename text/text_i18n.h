/* The interface's words in Arabic and English: GNU gettext catalogues (po/ar.po, po/en.po,
 * compiled to LOCALEDIR/LANG/LC_MESSAGES/dawr.mo) read through glibc's libintl. A msgid is
 * the English text. Every look-up names its language: the kiosk changes language per visitor
 * and the waiting-room screen draws both on one screen, so the process locale cannot choose
 * it. The association's own texts (its name, services, notices) are in dawr.conf, not here.
 *
 * The catalogues' folder: $DAWR_LOCALEDIR; else build/locale when the program runs from the
 * source tree (as `make run` does); else the installed PREFIX/share/locale. */
#ifndef DAWR_TEXT_I18N_H
#define DAWR_TEXT_I18N_H

#include <stddef.h>

#include "text_number.h"

/* Marks a msgid for xgettext where the text is looked up later (tables). */
#define N_(msgid) msgid
/* The same for a msgid with a context (dawr_trc). */
#define NC_(context, msgid) msgid

/* Opens the catalogues in DIR (NULL: the folder above) and checks that both languages' are
 * there. Returns 0, or -1 with "DIR/ar/LC_MESSAGES/dawr.mo: reason" in ERR. Programs call it
 * at start, before any thread, so that a missing catalogue stops them with a clear message and
 * LANGUAGE is in the environment before a thread may read it; a look-up before it opens the
 * default folder by itself. */
int dawr_i18n_open(const char *dir, char *err, size_t err_size);

/* The language the user's environment asks for ($LANGUAGE, $LC_ALL, $LC_MESSAGES, $LANG, the
 * first one set, as gettext reads them): Arabic when it names ar, else English. For the
 * command-line programs; the screens choose per visitor. */
dawr_lang dawr_i18n_user_lang(void);

/* The folder the catalogues are read from (after dawr_i18n_open or the first look-up). */
const char *dawr_i18n_dir(void);

/* MSGID in LANG; MSGID itself when the catalogue lacks it. The result lives as long as the
 * process. Safe from any thread. */
const char *dawr_tr(dawr_lang lang, const char *msgid) __attribute__((format_arg(2)));

/* MSGID in LANG where the same English means different things (gettext's msgctxt). */
const char *dawr_trc(dawr_lang lang, const char *context, const char *msgid) __attribute__((format_arg(3)));

/* The form of SINGULAR/PLURAL for N in LANG (ngettext: Arabic has six forms). */
const char *dawr_ntr(dawr_lang lang, const char *singular, const char *plural, unsigned long n)
    __attribute__((format_arg(2))) __attribute__((format_arg(3)));

/* A counted phrase into OUT: the form of SINGULAR/PLURAL for N, its "{n}" replaced by N in
 * LANG's digits ("٣ دقائق", "3 minutes"; other fields are filled with dawr_template_fill).
 * Returns the bytes written, or -1 when OUT is too small. */
int dawr_tr_count(char *out, size_t size, dawr_lang lang, const char *singular, const char *plural, long n);

/* One entry of a catalogue, as dawr_i18n_each gives it; strings valid during the call. */
#define DAWR_I18N_MAX_FORMS 8
typedef struct {
    const char *context;               /* NULL when the msgid has none */
    const char *msgid;
    const char *plural;                /* the English plural of a counted msgid, else NULL */
    const char *forms[DAWR_I18N_MAX_FORMS]; /* the translation: one form, or one per plural form */
    int form_count;
} dawr_i18n_entry;

/* Calls FN for every translated msgid of LANG's catalogue (the compiled .mo, header left out),
 * in the catalogue's order. Returns how many, or -1 with "PATH: reason" in ERR. */
int dawr_i18n_each(dawr_lang lang, void (*fn)(const dawr_i18n_entry *e, void *ctx), void *ctx, char *err,
                   size_t err_size);

/* LANG's Plural-Forms expression from its catalogue's header, e.g. "(n != 1)", into OUT.
 * Returns 0, or -1 when there is none. */
int dawr_i18n_plural_rule(dawr_lang lang, char *out, size_t size);

/* The words of a rating (1 very dissatisfied .. 5 excellent) and of a low rating's reason
 * tag from dawr.conf's rating_reasons, in LANG; an unknown tag is returned as it is. */
const char *dawr_tr_rating(dawr_lang lang, int score);
const char *dawr_tr_rating_reason(dawr_lang lang, const char *tag);

/* Where the association answers while the reception is closed, in LANG, into OUT: its WEBSITE
 * and WHATSAPP number (its digits in LANG's), either may be "" or NULL; "" when both are. */
void dawr_tr_channels(char *out, size_t size, dawr_lang lang, const char *website, const char *whatsapp);

#endif
