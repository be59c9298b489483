/* Telling systemd how a service is doing (sd_notify's protocol, without libsystemd):
 * one datagram to the socket named by $NOTIFY_SOCKET. Without that variable (not run by
 * systemd, or not Type=notify) every call does nothing and succeeds. */
#ifndef DAWR_NOTIFY_H
#define DAWR_NOTIFY_H

/* Sends STATE (e.g. "READY=1", "STATUS=listening") as is. Returns 0, or -1 when the socket
 * exists but the datagram could not be sent (reported once to stderr by the caller's choice). */
int dawr_notify(const char *state);

/* "READY=1": start-up is over (the first frame is drawn, the server listens). */
int dawr_notify_ready(void);

/* "WATCHDOG=1", at most once per half of the watchdog interval ($WATCHDOG_USEC) however
 * often it is called, so a main loop can call it every turn. Without a watchdog it does nothing. */
int dawr_notify_watchdog(void);

/* "STOPPING=1": the program is shutting down cleanly. */
int dawr_notify_stopping(void);

#endif
