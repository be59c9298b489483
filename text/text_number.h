/* Numbers for the interface: Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩, class AN) in Arabic,
 * Western digits in English, and ticket codes such as "A-023" isolated (LRI…PDI) so that
 * they read the same inside Arabic and English sentences. */
#ifndef DAWR_TEXT_NUMBER_H
#define DAWR_TEXT_NUMBER_H

#include <stddef.h>

typedef enum { DAWR_LANG_AR, DAWR_LANG_EN } dawr_lang;

#define DAWR_LRI "\xE2\x81\xA6"   /* U+2066 LEFT-TO-RIGHT ISOLATE */
#define DAWR_RLI "\xE2\x81\xA7"   /* U+2067 RIGHT-TO-LEFT ISOLATE */
#define DAWR_FSI "\xE2\x81\xA8"   /* U+2068 FIRST STRONG ISOLATE */
#define DAWR_PDI "\xE2\x81\xA9"   /* U+2069 POP DIRECTIONAL ISOLATE */

/* Parses "ar" or "en" (also "ar_SA", "en-GB"); anything else is Arabic. */
dawr_lang dawr_lang_parse(const char *s);

/* Writes n in the language's digits to buf (len bytes, NUL-terminated), zero-padded to
 * width digits. Returns the bytes written, or -1 when buf is too small. */
int dawr_number_format(long long n, int width, dawr_lang lang, char *buf, size_t len);

/* Returns a copy of s with ASCII digits turned into Arabic-Indic ones (DAWR_LANG_AR) or
 * Arabic-Indic and Persian digits into ASCII ones (DAWR_LANG_EN); free with free().
 * NULL when out of memory. */
char *dawr_digits_localize(const char *s, dawr_lang lang);

/* Writes s inside LRI…PDI (or FSI…PDI with first_strong, for a field whose direction comes
 * from its own text). Returns the bytes written, or -1 when buf is too small. A ticket code
 * ("A-023", made by the engine) goes in LRI…PDI so it keeps its order after Arabic words; it
 * keeps Western digits in both languages: it is what the staff call and the ticket shows. */
int dawr_text_isolate(const char *s, int first_strong, char *buf, size_t len);

#endif
