/* sd_notify in a few lines: a datagram to an AF_UNIX socket ("@" is the abstract namespace). */
#include "notify.h"

#include "clock.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int dawr_notify(const char *state)
{
    const char *path = getenv("NOTIFY_SOCKET");
    if (!path || !*path) return 0;
    size_t len = strlen(path);
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    if ((path[0] != '/' && path[0] != '@') || len >= sizeof sa.sun_path) return -1;
    memcpy(sa.sun_path, path, len);
    if (path[0] == '@') sa.sun_path[0] = '\0';
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    ssize_t n = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (struct sockaddr *)&sa, salen);
    close(fd);
    return n == (ssize_t)strlen(state) ? 0 : -1;
}

int dawr_notify_ready(void) { return dawr_notify("READY=1"); }

int dawr_notify_stopping(void) { return dawr_notify("STOPPING=1"); }

int dawr_notify_watchdog(void)
{
    static double last, interval = -1;
    if (interval < 0) {
        const char *usec = getenv("WATCHDOG_USEC");
        interval = usec && *usec ? strtod(usec, NULL) / 1e6 / 2 : 0;
    }
    if (interval <= 0) return 0;
    double now = dawr_clock_monotonic_us() / 1e6;
    if (last && now - last < interval) return 0;
    last = now;
    return dawr_notify("WATCHDOG=1");
}
