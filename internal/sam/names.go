package sam

import (
	"fmt"
)

// newNames resolves parameters and gives every resource the name, ARN and
// URL it will have, before anything is created.
func newNames(doc, resources map[string]any, opt Options) (*names, error) {
	n := &names{refs: map[string]any{
		"AWS::Region": opt.Region, "AWS::AccountId": opt.Account, "AWS::StackName": opt.Stack,
		"AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com",
	}, attrs: map[string]string{}}
	if err := n.parameters(doc, opt.Params); err != nil {
		return nil, err
	}
	for _, logical := range sortedKeys(resources) {
		n.resource(logical, resources[logical], opt)
	}
	return n, nil
}

// parameters takes each parameter's override, else its Default.
func (n *names) parameters(doc map[string]any, overrides map[string]string) error {
	params, _ := doc["Parameters"].(map[string]any)
	for _, name := range sortedKeys(params) {
		if v, ok := overrides[name]; ok {
			n.refs[name] = v
			continue
		}
		p, _ := params[name].(map[string]any)
		def, ok := p["Default"]
		if !ok {
			return fmt.Errorf("parameter %s has no Default and no value was given (--param %s=VALUE)", name, name)
		}
		n.refs[name] = text(def)
	}
	for name := range overrides {
		if _, ok := params[name]; !ok {
			return fmt.Errorf("parameter %s is not declared in the template", name)
		}
	}
	return nil
}

// resource names one resource: its explicit name, else stack-Logical.
func (n *names) resource(logical string, r any, opt Options) {
	props := properties(r)
	key := map[string]string{typeQueue: "QueueName", typeTopic: "TopicName", typeLayer: "LayerName", typeBucket: "BucketName"}[resourceType(r)]
	if key == "" {
		key = "FunctionName"
	}
	name := limit(opt.Stack+"-"+logical, 64)
	if resourceType(r) == typeBucket {
		name = bucketName(opt.Stack, logical)
	}
	if v, err := n.resolve(props[key]); err == nil && text(v) != "" {
		name = text(v)
	}
	n.attrs[logical+".Name"] = name
	if resourceType(r) == typeQueue {
		arn := fmt.Sprintf("arn:aws:sqs:%s:%s:%s", opt.Region, opt.Account, name)
		n.refs[logical] = opt.QueueURL(name)
		n.attrs[logical+".Arn"], n.attrs[logical+".QueueName"], n.attrs[logical+".QueueUrl"] = arn, name, opt.QueueURL(name)
		return
	}
	if resourceType(r) == typeLayer {
		arn, ok := opt.LayerArns[logical]
		if !ok {
			arn = fmt.Sprintf("arn:aws:lambda:%s:%s:layer:%s:0", opt.Region, opt.Account, name)
		}
		n.refs[logical] = arn
		return
	}
	if resourceType(r) == typeBucket {
		n.refs[logical], n.attrs[logical+".Arn"] = name, "arn:aws:s3:::"+name
		return
	}
	if resourceType(r) == typeTopic {
		arn := fmt.Sprintf("arn:aws:sns:%s:%s:%s", opt.Region, opt.Account, name)
		n.refs[logical], n.attrs[logical+".TopicArn"], n.attrs[logical+".TopicName"] = arn, arn, name
		return
	}
	n.refs[logical] = name
	n.attrs[logical+".Arn"] = fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", opt.Region, opt.Account, name)
}

// refName is the name given to a resource.
func (n *names) refName(logical string) string { return n.attrs[logical+".Name"] }
