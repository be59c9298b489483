-- Dawr's central database, version 3: the events about no ticket that reports read (help calls
-- and their answers, prayer pauses, tickets refused while closed) found by branch and time, so
-- a report reads the range's few of them without scanning every event. From this version on the
-- branches send what these events' details say that the figures read (engine/branch.c); those
-- sent before it hold an empty detail.
CREATE INDEX events_about_no_ticket ON events (branch, at)
    WHERE ticket = 0 AND kind IN ('help', 'help_ack', 'pause_start', 'pause_end', 'refused');
