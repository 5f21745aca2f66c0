package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/virga-dev/virga/internal/sam"
)

// deploy creates what the template declares and the server lacks, updates
// what changed, leaves alone what did not, and removes what the template
// no longer declares.
func (d *deployer) deploy(ctx context.Context, f deployFlags) error {
	st, err := d.plan(ctx, f)
	if err != nil {
		return err
	}
	now, err := d.current(ctx)
	if err != nil {
		return err
	}
	for _, q := range st.Queues {
		if err := d.applyQueue(ctx, q, now.queues); err != nil {
			return fmt.Errorf("queue %s: %w", q.Logical, err)
		}
	}
	for _, t := range st.Topics {
		if err := d.applyTopic(ctx, t, now.topics); err != nil {
			return fmt.Errorf("topic %s: %w", t.Logical, err)
		}
	}
	if err := d.makeBuckets(ctx, st.Buckets, now.buckets); err != nil {
		return err
	}
	for _, fn := range st.Functions {
		if err := d.applyFunction(ctx, fn, now.functions); err != nil {
			return fmt.Errorf("function %s: %w", fn.Logical, err)
		}
	}
	if err := d.notifyBuckets(ctx, st.Buckets, now.buckets); err != nil {
		return err
	}
	if err := d.applyAPI(ctx, st.Routes, now.apis); err != nil {
		return fmt.Errorf("HTTP API: %w", err)
	}
	if err := d.removeStale(ctx, st, now); err != nil {
		return err
	}
	d.printOutputs(st.Outputs)
	return nil
}

// printOutputs shows the template's Outputs.
func (d *deployer) printOutputs(outs []sam.Output) {
	for _, o := range outs {
		if o.Err != nil {
			d.progress("output %s: not known (%v)", o.Name, o.Err)
			continue
		}
		d.progress("output %s: %s", o.Name, o.Value)
	}
}

// applyQueue creates or updates one queue.
func (d *deployer) applyQueue(ctx context.Context, q sam.Queue, now map[string]string) error {
	dg := digest(q)
	url, exists := byName(now, q.Name)
	switch {
	case exists && now[url] == dg:
		d.progress("queue %s unchanged", q.Name)
		return nil
	case exists:
		d.progress("updating queue %s", q.Name)
		if _, err := d.sqs.SetQueueAttributes(ctx, &sqs.SetQueueAttributesInput{QueueUrl: &url, Attributes: q.Attributes}); err != nil {
			return err
		}
		_, err := d.sqs.TagQueue(ctx, &sqs.TagQueueInput{QueueUrl: &url, Tags: d.tags(dg)})
		return err
	}
	d.progress("creating queue %s", q.Name)
	_, err := d.sqs.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: &q.Name, Attributes: q.Attributes, Tags: d.tags(dg)})
	return err
}

// byName finds a queue URL or topic ARN by the name it ends with.
func byName(ids map[string]string, name string) (string, bool) {
	for id := range ids {
		if lastName(id) == name {
			return id, true
		}
	}
	return "", false
}

// lastName is what a queue URL or topic ARN ends with: the name.
func lastName(id string) string { return id[strings.LastIndexAny(id, "/:")+1:] }

// applyFunction creates or updates one function and its event sources.
func (d *deployer) applyFunction(ctx context.Context, fn sam.Function, now map[string]string) error {
	code, err := sam.Zip(fn.CodeDir)
	if err != nil {
		return err
	}
	dg := digest(fn, code)
	old, exists := now[fn.Name]
	if exists && old == dg {
		d.progress("function %s unchanged", fn.Name)
		return nil
	}
	if fn.NewRole != "" {
		if err := d.ensureRole(ctx, fn); err != nil {
			return fmt.Errorf("role: %w", err)
		}
	}
	if exists {
		d.progress("updating function %s", fn.Name)
		err = d.updateFunction(ctx, fn, code, dg)
	} else {
		d.progress("creating function %s", fn.Name)
		err = d.createFunction(ctx, fn, code, dg)
	}
	if err != nil {
		return err
	}
	if err := d.publish(ctx, fn); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return d.rewire(ctx, fn)
}

func (d *deployer) createFunction(ctx context.Context, fn sam.Function, code []byte, dg string) error {
	in := &lambda.CreateFunctionInput{FunctionName: &fn.Name, Code: &lambdaCode{ZipFile: code}, Tags: d.tags(dg)}
	c := functionConfig(fn)
	in.Runtime, in.Handler, in.Role, in.MemorySize, in.Timeout = c.Runtime, c.Handler, c.Role, c.MemorySize, c.Timeout
	in.Environment, in.Layers = c.Environment, c.Layers
	if fn.Architecture != "" {
		in.Architectures = []lambdaArch{lambdaArch(fn.Architecture)}
	}
	if _, err := d.lambda.CreateFunction(ctx, in); err != nil {
		return err
	}
	w := lambda.NewFunctionActiveV2Waiter(d.lambda, func(o *lambda.FunctionActiveV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, time.Second
	})
	return w.Wait(ctx, &lambda.GetFunctionInput{FunctionName: &fn.Name}, 5*time.Minute)
}

func (d *deployer) updateFunction(ctx context.Context, fn sam.Function, code []byte, dg string) error {
	if err := d.updateCode(ctx, fn.Name, code, dg); err != nil {
		return err
	}
	if _, err := d.lambda.UpdateFunctionConfiguration(ctx, functionConfig(fn)); err != nil {
		return err
	}
	return d.waitUpdated(ctx, fn.Name)
}

// waitUpdated waits until an update of the function has been applied.
func (d *deployer) waitUpdated(ctx context.Context, name string) error {
	w := lambda.NewFunctionUpdatedV2Waiter(d.lambda, func(o *lambda.FunctionUpdatedV2WaiterOptions) {
		o.MinDelay, o.MaxDelay = 50*time.Millisecond, time.Second
	})
	return w.Wait(ctx, &lambda.GetFunctionInput{FunctionName: &name}, 5*time.Minute)
}

// updateCode replaces a function's code and records its new digest.
func (d *deployer) updateCode(ctx context.Context, name string, code []byte, dg string) error {
	out, err := d.lambda.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: &name, ZipFile: code})
	if err != nil {
		return err
	}
	if err := d.waitUpdated(ctx, name); err != nil {
		return err
	}
	_, err = d.lambda.TagResource(ctx, &lambda.TagResourceInput{Resource: out.FunctionArn, Tags: d.tags(dg)})
	return err
}

// functionConfig is the configuration the template gives a function.
func functionConfig(fn sam.Function) *lambda.UpdateFunctionConfigurationInput {
	in := &lambda.UpdateFunctionConfigurationInput{FunctionName: &fn.Name, Runtime: lambdaRuntime(fn.Runtime),
		Handler: &fn.Handler, Role: &fn.Role, Environment: &lambdaEnv{Variables: fn.Environment}, Layers: fn.Layers}
	if fn.MemorySize > 0 {
		in.MemorySize = aws.Int32(fn.MemorySize)
	}
	if fn.Timeout > 0 {
		in.Timeout = aws.Int32(fn.Timeout)
	}
	return in
}
