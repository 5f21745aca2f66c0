package sam

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Options are what a template is expanded against.
type Options struct {
	Stack, Region, Account string
	Params                 map[string]string // parameter overrides
	BaseDir                string            // CodeUri is relative to it
	QueueURL               func(name string) string
}

// Expand reads a template and expands it.
func Expand(data []byte, opt Options) (*Stack, error) {
	doc, err := parse(data)
	if err != nil {
		return nil, err
	}
	resources, _ := doc["Resources"].(map[string]any)
	if len(resources) == 0 {
		return nil, errors.New("the template declares no Resources")
	}
	if err := checkTypes(resources); err != nil {
		return nil, err
	}
	n, err := newNames(doc, resources, opt)
	if err != nil {
		return nil, err
	}
	globals := globalFunction(doc)
	st := &Stack{Name: opt.Stack}
	for _, logical := range sortedKeys(resources) {
		if err := st.add(n, opt, logical, resources[logical], globals); err != nil {
			return nil, fmt.Errorf("%s: %w", logical, err)
		}
	}
	return st, nil
}

const (
	typeFunction = "AWS::Serverless::Function"
	typeQueue    = "AWS::SQS::Queue"
	typeTopic    = "AWS::SNS::Topic"
)

// checkTypes reports every resource whose type Virga does not deploy.
func checkTypes(resources map[string]any) error {
	var unknown []string
	for _, logical := range sortedKeys(resources) {
		t := resourceType(resources[logical])
		if t != typeFunction && t != typeQueue && t != typeTopic {
			unknown = append(unknown, fmt.Sprintf("%s (%s)", logical, t))
		}
	}
	if len(unknown) > 0 {
		return fmt.Errorf("resource types Virga does not deploy: %s", strings.Join(unknown, ", "))
	}
	return nil
}

func resourceType(r any) string {
	m, _ := r.(map[string]any)
	t, _ := m["Type"].(string)
	return t
}

func properties(r any) map[string]any {
	m, _ := r.(map[string]any)
	p, _ := m["Properties"].(map[string]any)
	if p == nil {
		p = map[string]any{}
	}
	return p
}

func (st *Stack) add(n *names, opt Options, logical string, r any, globals map[string]any) error {
	props := properties(r)
	if resourceType(r) == typeFunction {
		props = merge(globals, props)
	}
	resolved, err := n.resolveMap(props)
	if err != nil {
		return err
	}
	switch resourceType(r) {
	case typeQueue:
		st.Queues = append(st.Queues, queue(logical, n.refName(logical), resolved))
		return nil
	case typeTopic:
		st.Topics = append(st.Topics, topic(logical, n.refName(logical), resolved))
		return nil
	}
	return st.addFunction(opt, logical, n.refName(logical), resolved)
}

func queue(logical, name string, props map[string]any) Queue {
	q := Queue{Logical: logical, Name: name, Attributes: map[string]string{}}
	for _, k := range sortedKeys(props) {
		if k != "QueueName" && k != "Tags" {
			q.Attributes[k] = attribute(props[k])
		}
	}
	return q
}

// topic keeps the properties that are SNS topic attributes.
func topic(logical, name string, props map[string]any) Topic {
	t := Topic{Logical: logical, Name: name, Attributes: map[string]string{}}
	for _, k := range []string{"DisplayName", "FifoTopic", "ContentBasedDeduplication", "KmsMasterKeyId", "SignatureVersion"} {
		if v, ok := props[k]; ok {
			t.Attributes[k] = text(v)
		}
	}
	return t
}

func (st *Stack) addFunction(opt Options, logical, name string, p map[string]any) error {
	f := Function{Logical: logical, Name: name, Runtime: text(p["Runtime"]), Handler: text(p["Handler"]),
		MemorySize: number(p["MemorySize"]), Timeout: number(p["Timeout"]), Role: text(p["Role"]),
		Environment: environment(p["Environment"]), Layers: texts(p["Layers"])}
	if f.Role == "" {
		f.NewRole = limit(name, 59) + "-role"
		f.Role = fmt.Sprintf("arn:aws:iam::%s:role/%s", opt.Account, f.NewRole)
	}
	if archs := texts(p["Architectures"]); len(archs) > 0 {
		f.Architecture = archs[0]
	}
	code, ok := p["CodeUri"].(string)
	if !ok || strings.HasPrefix(code, "s3://") {
		return errors.New("CodeUri must be a local directory")
	}
	f.CodeDir = filepath.Join(opt.BaseDir, code)
	if filepath.IsAbs(code) {
		f.CodeDir = code
	}
	if err := f.deployment(p); err != nil {
		return err
	}
	events, _ := p["Events"].(map[string]any)
	for _, id := range sortedKeys(events) {
		if err := st.addEvent(&f, id, events[id]); err != nil {
			return fmt.Errorf("event %s: %w", id, err)
		}
	}
	if f.NewRole != "" {
		if err := f.addPolicies(p["Policies"]); err != nil {
			return err
		}
	}
	st.Functions = append(st.Functions, f)
	return nil
}
