#include "testhook.h"

#include <stdlib.h>

#define DAWR_TESTHOOK_VARIABLE_(name, variable) [DAWR_TESTHOOK_##name] = variable,
static const char *const VARIABLES[DAWR_TESTHOOK_COUNT] = { DAWR_TESTHOOKS(DAWR_TESTHOOK_VARIABLE_) };
#undef DAWR_TESTHOOK_VARIABLE_

const char *dawr_testhook_variable(dawr_testhook hook)
{
    return hook >= 0 && hook < DAWR_TESTHOOK_COUNT ? VARIABLES[hook] : "";
}

const char *dawr_testhook_get(dawr_testhook hook)
{
    if (hook < 0 || hook >= DAWR_TESTHOOK_COUNT) return NULL;
    const char *value = getenv(VARIABLES[hook]);
    return value && *value ? value : NULL;
}
