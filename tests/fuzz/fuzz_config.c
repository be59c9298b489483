/* Fuzzes the configuration parser: any bytes as a dawr.conf. A configuration is either loaded
 * or refused with "file:line: reason"; never a crash, a leak or a silent NULL. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) snprintf(path, sizeof path, "/tmp/dawr-fuzz-config-%d.conf", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    char err[512] = "";
    dawr_config *cfg = dawr_config_load(path, err, sizeof err);
    if (!cfg && strncmp(err, path, strlen(path)) != 0) abort();   /* a refusal always names the file */
    dawr_config_free(cfg);
    return 0;
}
