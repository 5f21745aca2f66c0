package events

import (
	"regexp"

	"github.com/virga-dev/virga/internal/aws"
)

// Patterns from the EventBridge model, as its messages quote them.
const (
	busNamePattern      = `[/\.\-_A-Za-z0-9]+`
	nameOrARNPattern    = `(arn:aws[\w-]*:events:[a-z]+-[a-z]+-[\w-]+:[0-9]{12}:event-bus\/)?[/\.\-_A-Za-z0-9]+`
	ruleNamePattern     = `[\.\-_A-Za-z0-9]+`
	targetIDPattern     = `[\.\-_A-Za-z0-9]+`
	pathsMapKeyPattern  = `[A-Za-z0-9\_\-]+`
	maxTargetsPerRule   = 5
	maxEntriesPerPut    = 10
	maxPutEventsBytes   = 256 * 1024
	maxTargetsPerCall   = 100
	maxInputTransformer = 100
)

var (
	busNameRE     = anchored(busNamePattern)
	nameOrARNRE   = anchored(nameOrARNPattern)
	ruleNameRE    = anchored(ruleNamePattern)
	targetIDRE    = anchored(targetIDPattern)
	pathsMapKeyRE = anchored(pathsMapKeyPattern)
)

func anchored(p string) *regexp.Regexp { return regexp.MustCompile(`^(?:` + p + `)$`) }

func checkRuleName(v *aws.Violations, name, field string) {
	v.Text(name, field, true, 1, 64, ruleNameRE, ruleNamePattern)
}

func checkBusRef(v *aws.Violations, ref, field string) {
	v.Text(ref, field, false, 1, 1600, nameOrARNRE, nameOrARNPattern)
}
