// Package logs captures what execution environments print, adds Lambda's
// platform lines (INIT_START, START, END, REPORT) in AWS's exact formats, and
// keeps the events per log group and stream in a durable stream, from which
// `virga logs` and the CloudWatch-Logs-compatible API read them.
package logs
