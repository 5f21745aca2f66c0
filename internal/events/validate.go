package events

import (
	"regexp"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
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

// checker is an operation's input that checks its own members.
type checker interface{ check(v *aws.Violations) }

// decode reads an operation's input and checks its members against the
// model, answering AWS's ValidationException for those that break it.
func decode[T any, P interface {
	*T
	checker
}](c *awsproto.Call) (T, error) {
	var in T
	if err := c.Decode(&in); err != nil {
		return in, err
	}
	var v aws.Violations
	P(&in).check(&v)
	return in, v.Err()
}

// ruleRef is the rule and bus an input names.
type ruleRef struct {
	Rule         string
	EventBusName string
}

func (r ruleRef) check(v *aws.Violations) {
	checkRuleName(v, r.Rule, "rule")
	checkBusRef(v, r.EventBusName, "eventBusName")
}

func (r ruleRef) bus() string { return busName(r.EventBusName) }

// page is a list operation's Limit and NextToken.
type page struct {
	NextToken string
	Limit     *int
}

func (p page) check(v *aws.Violations) {
	if p.Limit != nil {
		v.Range(*p.Limit, "limit", 1, 100)
	}
}

func (p page) limit() int {
	if p.Limit == nil {
		return 100
	}
	return *p.Limit
}

// listed is one page of items and the token of the next.
func listed[T any](items []T, key func(T) string, p page, ordered bool) ([]T, string, error) {
	return aws.TokenPage(items, key, p.NextToken, p.limit(), ordered)
}
