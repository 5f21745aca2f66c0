// Package schedule reads AWS's schedule expressions and tells when a
// schedule fires next.
//
// Two dialects share one grammar. EventBridge rules take rate() and cron()
// evaluated in UTC, and insist that rate(1 minute) be singular and
// rate(5 minutes) plural. EventBridge Scheduler adds the one-time at(),
// takes either form of a rate's unit, and evaluates its expressions in an
// IANA time zone.
//
// cron() is AWS's six-field dialect, not Unix cron: minutes, hours,
// day-of-month, month, day-of-week (1 is Sunday) and year; exactly one of
// the two day fields is '?'; 'L' is the last day of the month (or, in the
// day-of-week field, Saturday, and "6L" the month's last Friday); "15W" is
// the weekday nearest the 15th within its month and "LW" the month's last
// weekday; "3#2" is the month's second Tuesday. No general-purpose cron
// library reads this dialect, so it is written here.
//
// Time zones follow what AWS documents for Scheduler: a cron time that
// does not exist because the clocks spring forward is skipped, and one
// that happens twice because they fall back fires once, at its first
// occurrence; a rate is a fixed duration, so rate(1 day) stays 24 hours
// across a change. Zone data comes from the system, or from the copy
// embedded in the binary (time/tzdata) where the system has none.
package schedule
