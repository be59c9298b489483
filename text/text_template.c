#include "text_template.h"

#include <stdarg.h>
#include <string.h>

int dawr_template_fill(char *out, size_t size, const char *template, ...)
{
    size_t n = 0;
    for (const char *p = template; *p;) {
        const char *value = NULL;
        size_t skip = 1;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            va_list ap;
            va_start(ap, template);
            for (const char *name; close && (name = va_arg(ap, const char *));) {
                const char *v = va_arg(ap, const char *);
                if (strlen(name) == (size_t)(close - p - 1) && !strncmp(p + 1, name, close - p - 1)) {
                    value = v ? v : "";
                    skip = (size_t)(close - p) + 1;
                    break;
                }
            }
            va_end(ap);
        }
        size_t len = value ? strlen(value) : 1;
        if (n + len + 1 > size) {
            if (size) out[0] = 0;
            return -1;
        }
        memcpy(out + n, value ? value : p, len);
        n += len;
        p += skip;
    }
    if (n + 1 > size) {
        if (size) out[0] = 0;
        return -1;
    }
    out[n] = 0;
    return (int)n;
}
