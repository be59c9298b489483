/* The environment overrides that exist only for tests and scripts, all in one place: production
 * code reads none of them with getenv, only through dawr_testhook_get, so this list is the whole
 * set. Each is X(NAME, "VARIABLE") with who reads it and what it takes:
 *   DAWR_NOW                the clock (engine/clock.c): "2026-11-25T08:30:00" local time, or
 *                           "@SECONDS" since the epoch; midnight and day roll-over become testable
 *   DAWR_KIOSK_PRINT_STATE  the kiosk's printing line (printer/slips.c): "printing", "printed"
 *                           or "attention", so layout tests measure the longest line; or a
 *                           list of them, one a ticket in turn */
#ifndef DAWR_TESTHOOK_H
#define DAWR_TESTHOOK_H

#define DAWR_TESTHOOKS(X) \
    X(NOW, "DAWR_NOW") \
    X(KIOSK_PRINT_STATE, "DAWR_KIOSK_PRINT_STATE")

#define DAWR_TESTHOOK_ENUM_(name, variable) DAWR_TESTHOOK_##name,
typedef enum { DAWR_TESTHOOKS(DAWR_TESTHOOK_ENUM_) DAWR_TESTHOOK_COUNT } dawr_testhook;
#undef DAWR_TESTHOOK_ENUM_

/* The override's value, or NULL when it is unset or empty (or HOOK is out of range). */
const char *dawr_testhook_get(dawr_testhook hook);

/* The environment variable behind HOOK ("" out of range), for messages and documentation. */
const char *dawr_testhook_variable(dawr_testhook hook);

#endif
