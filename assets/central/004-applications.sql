-- Dawr's central database, version 4: the applications' events that reports read (opened, steps,
-- appointments booked, moved, cancelled and checked in, messages to the family), found by
-- branch in log order, so a report reads their few rows without scanning every event.
CREATE INDEX events_applications ON events (branch, id)
    WHERE kind IN ('app_open', 'app_step', 'app_book', 'app_move', 'app_cancel', 'app_checkin', 'app_notify');
