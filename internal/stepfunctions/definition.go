package stepfunctions

import (
	"errors"
	"fmt"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/statemachine"
	"github.com/virga-dev/virga/internal/workflow"
)

// parseDefinition parses and validates a definition for a machine of the
// given type; the error is AWS's InvalidDefinition.
func parseDefinition(text, typ string) (*statemachine.Definition, error) {
	d, diags := diagnose(text, typ)
	if len(diags) > 0 {
		return nil, aws.Errorf(errInvalidDefinition, "Invalid State Machine Definition: '%s'", (&statemachine.InvalidError{Diagnostics: diags}).Error())
	}
	return d, nil
}

// diagnose lists what is wrong with a definition.
func diagnose(text, typ string) (*statemachine.Definition, []statemachine.Diagnostic) {
	d, err := statemachine.Parse(text)
	var invalid *statemachine.InvalidError
	if errors.As(err, &invalid) {
		return nil, invalid.Diagnostics
	}
	if typ == "EXPRESS" {
		return d, expressDiagnostics(d, "")
	}
	return d, nil
}

// expressDiagnostics refuses the integration patterns Express machines
// do not support.
func expressDiagnostics(d *statemachine.Definition, at string) []statemachine.Diagnostic {
	var diags []statemachine.Diagnostic
	for _, name := range d.Order {
		s := d.States[name]
		where := at + "/States/" + name
		if s.Type == statemachine.TypeTask {
			if p := workflow.ParseResource(s.Resource).Pattern; p == "waitForTaskToken" || strings.HasPrefix(p, "sync") {
				diags = append(diags, statemachine.Diagnostic{Code: statemachine.CodeSchema,
					Message: fmt.Sprintf("Express state machine does not support '.%s' service integration ", p), Location: where + "/Resource"})
			}
		}
		for i, b := range s.Branches {
			diags = append(diags, expressDiagnostics(b, fmt.Sprintf("%s/Branches[%d]", where, i))...)
		}
		if s.Processor != nil {
			diags = append(diags, expressDiagnostics(s.Processor, where+"/ItemProcessor")...)
		}
	}
	return diags
}

func (s *Server) validateDefinition(c *awsproto.Call) error {
	var in struct {
		Definition, Type, Severity string
		MaxResults                 int
	}
	if err := c.Decode(&in); err != nil {
		return err
	}
	_, diags := diagnose(in.Definition, or(in.Type, "STANDARD"))
	out := make([]map[string]any, 0, len(diags))
	for _, d := range diags {
		item := map[string]any{"severity": "ERROR", "code": d.Code, "message": d.Message}
		if d.Location != "" {
			item["location"] = d.Location
		}
		out = append(out, item)
	}
	result := "OK"
	if len(out) > 0 {
		result = "FAIL"
	}
	truncated := false
	if max := in.MaxResults; max > 0 && len(out) > max {
		out, truncated = out[:max], true
	}
	return c.Reply(200, map[string]any{"result": result, "diagnostics": out, "truncated": truncated})
}
