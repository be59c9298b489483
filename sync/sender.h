/* One round of sending a branch's log to the centre: for each generation of the database, the
 * central cursor is read and the newer events are sent in batches, each one transaction with
 * INSERT ... ON CONFLICT DO NOTHING. The cursor lives only in the centre, so a sender killed
 * between a commit and its note here loses nothing and sends nothing twice. The batch starts
 * again at the cursor's own event, so a database that is a copy gone its own way is noticed:
 * a payload the centre holds differently is an alarm, recorded and logged, and nothing more is
 * sent until a person has looked (never silently dropped). */
#ifndef DAWR_SENDER_H
#define DAWR_SENDER_H

#include "central.h"
#include "config.h"
#include "queue.h"

enum { DAWR_SYNC_SENT = 0, DAWR_SYNC_ALARM = 1, DAWR_SYNC_FAILED = -1 };

/* Sends what the centre lacks, BATCH events at a time (0: 1000), as the branch of CFG; counts
 * the events newly sent into *SENT. Records the outcome for dawrctl sync status (a good round,
 * the error or the alarm in words, also in ERR). Returns one of the DAWR_SYNC_ results. */
int dawr_sync_round(dawr_queue *q, const dawr_config *cfg, dawr_central *c, int batch, long long *sent, char *err,
                    size_t err_size);

/* The next wait after FAILURES failures in a row, in ms: doubling from 1 s up to CAP_MS, each
 * between half and the whole of it at random, so many branches do not come back all at once. */
long dawr_sync_backoff_ms(int failures, long cap_ms);

#endif
