// Package sam reads an AWS SAM template and expands it into the resources
// Virga deploys: functions with their code directories, queues, the routes
// of the stack's HTTP API, queue event sources and schedules. It resolves
// Parameters, Globals and the intrinsics Ref, Fn::GetAtt, Fn::Sub and
// Fn::Join against names known before anything is created, and reports the
// resource and event types it does not serve instead of skipping them.
package sam
