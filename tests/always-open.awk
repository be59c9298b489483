# The default configuration with its [hours] replaced by open all day, every day, no pause: the
# configuration of the tests that are not about opening hours, so they issue and call at whatever
# hour they run (make writes it to $(BUILD)/tests/always-open.conf; testutil.h names it).
/^\[hours\]/ {
    skip = 1
    print
    split("sunday monday tuesday wednesday thursday friday saturday ramadan", days, " ")
    for (i = 1; i <= 8; i++) print days[i] " = 00:00-24:00"
    print "last_ticket_minutes = 0"
    print "pause_prayers = none"
    print ""
    next
}
/^\[/ { skip = 0 }
!skip
