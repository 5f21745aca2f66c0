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
	// LayerArns are the version ARNs of the template's layers, by logical
	// id, once published: expand once to learn the layers, publish them,
	// then expand again with their ARNs.
	LayerArns map[string]string
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
	if err := st.linkBuckets(); err != nil {
		return nil, err
	}
	st.Outputs = outputs(n, doc)
	return st, nil
}

// outputs resolves the template's Outputs.
func outputs(n *names, doc map[string]any) []Output {
	outs, _ := doc["Outputs"].(map[string]any)
	var list []Output
	for _, name := range sortedKeys(outs) {
		o, _ := outs[name].(map[string]any)
		v, err := n.resolve(o["Value"])
		list = append(list, Output{Name: name, Value: text(v), Err: err})
	}
	return list
}

const (
	typeFunction = "AWS::Serverless::Function"
	typeQueue    = "AWS::SQS::Queue"
	typeTopic    = "AWS::SNS::Topic"
	typeLayer    = "AWS::Serverless::LayerVersion"
	typeBucket   = "AWS::S3::Bucket"
)

// checkTypes reports every resource whose type Virga does not deploy.
func checkTypes(resources map[string]any) error {
	var unknown []string
	for _, logical := range sortedKeys(resources) {
		t := resourceType(resources[logical])
		if t != typeFunction && t != typeQueue && t != typeTopic && t != typeLayer && t != typeBucket {
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
	case typeBucket:
		return st.addBucket(logical, n.refName(logical), resolved)
	case typeLayer:
		return st.addLayer(opt, logical, n.refName(logical), resolved)
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

func (st *Stack) addLayer(opt Options, logical, name string, p map[string]any) error {
	dir, err := localDir(opt, p["ContentUri"], "ContentUri")
	if err != nil {
		return err
	}
	st.Layers = append(st.Layers, Layer{Logical: logical, Name: name, ContentDir: dir, Runtimes: texts(p["CompatibleRuntimes"])})
	return nil
}

// localDir is a CodeUri or ContentUri: a directory relative to the
// template's.
func localDir(opt Options, v any, what string) (string, error) {
	dir, ok := v.(string)
	if !ok || strings.HasPrefix(dir, "s3://") {
		return "", fmt.Errorf("%s must be a local directory", what)
	}
	if filepath.IsAbs(dir) {
		return dir, nil
	}
	return filepath.Join(opt.BaseDir, dir), nil
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
	var err error
	if f.CodeDir, err = localDir(opt, p["CodeUri"], "CodeUri"); err != nil {
		return err
	}
	if err := f.deployment(p); err != nil {
		return err
	}
	if err := f.functionURL(p["FunctionUrlConfig"]); err != nil {
		return err
	}
	events, _ := p["Events"].(map[string]any)
	for _, id := range sortedKeys(events) {
		if err := st.addEvent(opt, &f, id, events[id]); err != nil {
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
