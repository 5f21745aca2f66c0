// Package pattern decides whether a JSON event matches an event pattern: the
// one grammar behind EventBridge rules, the FilterCriteria of Lambda event
// source mappings and SNS subscription filter policies.
//
// A pattern has the shape of the events it selects. Each key names a field of
// the event; a nested object descends into the event's object of that name; an
// array lists the values the field may hold, any one of which will do. Every
// key must match (AND), any listed value may match (OR), and "$or" offers
// alternative sets of keys. Besides literal values (strings; numbers, compared
// as numbers, so 300 matches 3e2; true, false and null) a list may hold match
// expressions: prefix, suffix, equals-ignore-case, wildcard, anything-but,
// numeric ranges, cidr and exists.
//
// Matching works on values, never on text. A field holding an array matches
// when any of its elements does; two keys under the same nested pattern must
// be found in the same element of an array of objects. Only leaves are values:
// a field holding an object, or an empty array, equals nothing and does not
// "exist", exactly like a missing field. null is a value of its own, distinct
// from the empty string.
//
// Compile checks a pattern once, against AWS's grammar and limits, and reports
// what is wrong as an *Error worded as the service words it. Match then reads
// an event in one pass, keeping only the fields the pattern names, so that a
// compiled pattern can be tried against many events cheaply and from many
// goroutines at once. SNS filter policies are a dialect with their own limits
// and quirks, chosen with the SNS option.
package pattern
