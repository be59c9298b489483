#include "printing.h"

#include <stdlib.h>
#include <string.h>

void kiosk_printing_submit(const dawr_ticket *t)
{
    (void)t;                 /* the printer branch sends it to printer/ here */
}

kiosk_print_state kiosk_printing_state(const dawr_ticket *t)
{
    (void)t;
    const char *env = getenv("DAWR_KIOSK_PRINT_STATE");
    if (env && !strcmp(env, "printing")) return KIOSK_PRINT_PRINTING;
    if (env && !strcmp(env, "printed")) return KIOSK_PRINT_PRINTED;
    if (env && !strcmp(env, "attention")) return KIOSK_PRINT_ATTENTION;
    return KIOSK_PRINT_UNKNOWN;
}

const char *kiosk_printing_describe(void)
{
    switch (kiosk_printing_state(NULL)) {
    case KIOSK_PRINT_PRINTING: return "printing";
    case KIOSK_PRINT_PRINTED: return "ready";
    case KIOSK_PRINT_ATTENTION: return "needs attention";
    default: return "unknown (no printer connected to the kiosk yet)";
    }
}
