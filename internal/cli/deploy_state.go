package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// deployed is what a stack has on the server now: name (or URL, or API
// id) → digest.
type deployed struct {
	functions, queues, topics, apis, buckets map[string]string
}

// current finds the stack's resources by their tags.
func (d *deployer) current(ctx context.Context) (deployed, error) {
	var now deployed
	var err error
	if now.functions, err = d.currentFunctions(ctx); err != nil {
		return now, fmt.Errorf("list functions: %w", err)
	}
	if now.queues, err = d.currentQueues(ctx); err != nil {
		return now, fmt.Errorf("list queues: %w", err)
	}
	if now.topics, err = d.currentTopics(ctx); err != nil {
		return now, fmt.Errorf("list topics: %w", err)
	}
	if now.apis, err = d.currentAPIs(ctx); err != nil {
		return now, fmt.Errorf("list APIs: %w", err)
	}
	if now.buckets, err = d.currentBuckets(ctx); err != nil {
		return now, fmt.Errorf("list buckets: %w", err)
	}
	return now, nil
}

func (d *deployer) currentFunctions(ctx context.Context) (map[string]string, error) {
	var names []string
	pages := lambda.NewListFunctionsPaginator(d.lambda, &lambda.ListFunctionsInput{})
	err := eachPage(ctx, pages, func(page *lambda.ListFunctionsOutput) {
		for _, f := range page.Functions {
			names = append(names, *f.FunctionArn)
		}
	})
	if err != nil {
		return nil, err
	}
	return d.tagged(names, func(arn string) (map[string]string, error) {
		var tags map[string]string
		out, err := d.lambda.ListTags(ctx, &lambda.ListTagsInput{Resource: &arn})
		if out != nil {
			tags = out.Tags
		}
		return tags, err
	}, func(arn string) string { return arn[strings.LastIndex(arn, ":")+1:] })
}

func (d *deployer) currentQueues(ctx context.Context) (map[string]string, error) {
	var urls []string
	pages := sqs.NewListQueuesPaginator(d.sqs, &sqs.ListQueuesInput{})
	err := eachPage(ctx, pages, func(page *sqs.ListQueuesOutput) { urls = append(urls, page.QueueUrls...) })
	if err != nil {
		return nil, err
	}
	return d.tagged(urls, func(url string) (map[string]string, error) {
		out, err := d.sqs.ListQueueTags(ctx, &sqs.ListQueueTagsInput{QueueUrl: &url})
		if err != nil {
			return nil, err
		}
		return out.Tags, nil
	}, func(url string) string { return url })
}

// tagged keeps the resources tagged with the stack's name, keyed by
// key(id), with their digests.
func (d *deployer) tagged(ids []string, tagsOf func(string) (map[string]string, error), key func(string) string) (map[string]string, error) {
	found := map[string]string{}
	for _, id := range ids {
		tags, err := tagsOf(id)
		if err != nil {
			return nil, err
		}
		if tags[tagStack] == d.stack {
			found[key(id)] = tags[tagDigest]
		}
	}
	return found, nil
}

func (d *deployer) currentAPIs(ctx context.Context) (map[string]string, error) {
	found := map[string]string{}
	in := &apigatewayv2.GetApisInput{}
	for {
		page, err := d.apis.GetApis(ctx, in)
		if err != nil {
			return nil, err
		}
		for _, a := range page.Items {
			if a.Tags[tagStack] == d.stack {
				found[*a.ApiId] = a.Tags[tagDigest]
			}
		}
		if page.NextToken == nil {
			return found, nil
		}
		in.NextToken = page.NextToken
	}
}

// pager is an SDK paginator.
type pager[Page, Option any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...Option) (Page, error)
}

// eachPage hands every page of a paginator to use.
func eachPage[Page, Option any](ctx context.Context, p pager[Page, Option], use func(Page)) error {
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		use(page)
	}
	return nil
}
