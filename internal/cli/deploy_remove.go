package cli

import (
	"context"
	"fmt"
	"path"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/virga-dev/virga/internal/sam"
)

// remove deletes everything the stack deployed (`virga deploy --delete`).
func (d *deployer) remove(ctx context.Context) error {
	now, err := d.current(ctx)
	if err != nil {
		return err
	}
	if err := d.removeStale(ctx, &sam.Stack{}, now); err != nil {
		return err
	}
	d.progress("deleted")
	return nil
}

// removeStale deletes what the stack has on the server and st no longer
// declares.
func (d *deployer) removeStale(ctx context.Context, st *sam.Stack, now deployed) error {
	keep := map[string]bool{}
	for _, fn := range st.Functions {
		keep["function:"+fn.Name] = true
	}
	for _, q := range st.Queues {
		keep["queue:"+q.Name] = true
	}
	for _, t := range st.Topics {
		keep["topic:"+t.Name] = true
	}
	for _, l := range st.Layers {
		keep["layer:"+l.Name] = true
	}
	for _, b := range st.Buckets {
		keep["bucket:"+b.Name] = true
	}
	for name := range now.functions {
		if !keep["function:"+name] {
			if err := d.deleteFunction(ctx, name); err != nil {
				return fmt.Errorf("delete function %s: %w", name, err)
			}
		}
	}
	for url := range now.queues {
		if !keep["queue:"+lastName(url)] {
			d.progress("deleting queue %s", lastName(url))
			if _, err := d.sqs.DeleteQueue(ctx, &sqs.DeleteQueueInput{QueueUrl: &url}); err != nil {
				return fmt.Errorf("delete queue %s: %w", url, err)
			}
		}
	}
	for arn := range now.topics {
		if !keep["topic:"+lastName(arn)] {
			if err := d.deleteTopic(ctx, arn); err != nil {
				return fmt.Errorf("delete topic %s: %w", arn, err)
			}
		}
	}
	for name := range now.buckets {
		if !keep["bucket:"+name] {
			if err := d.deleteBucket(ctx, name); err != nil {
				return fmt.Errorf("delete bucket %s: %w", name, err)
			}
		}
	}
	if err := d.deleteLayers(ctx, keep); err != nil {
		return fmt.Errorf("delete layers: %w", err)
	}
	if len(st.Routes) == 0 {
		return d.deleteAPIs(ctx, now.apis)
	}
	return nil
}

func (d *deployer) deleteFunction(ctx context.Context, name string) error {
	d.progress("deleting function %s", name)
	if err := d.unwire(ctx, name); err != nil {
		return err
	}
	fn, err := d.lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: &name})
	if err != nil {
		return err
	}
	if _, err := d.lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: &name}); err != nil {
		return err
	}
	return d.deleteRole(ctx, path.Base(aws.ToString(fn.Configuration.Role)))
}
