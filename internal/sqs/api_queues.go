package sqs

import (
	"net/url"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// queueURL is a queue's URL with the host the client called.
func (c *call) queueURL(rec *queue) string {
	scheme := "http"
	if c.R.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + c.R.Host + "/" + rec.Account + "/" + rec.Name
}

// queue finds the queue a QueueUrl names, by its path whatever its host;
// an empty one is the path the query protocol posted to.
func (c *call) queue(queueURL string) (*queue, error) {
	path := c.R.URL.Path
	if queueURL != "" {
		u, err := url.Parse(queueURL)
		if err != nil {
			return nil, queueDoesNotExist()
		}
		path = u.Path
	}
	if path == "" || path == "/" {
		return nil, missing("QueueUrl")
	}
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) != 2 {
		return nil, queueDoesNotExist()
	}
	return c.queueOf(parts[0], parts[1])
}

// queueOf finds a queue of account, which must be the caller's unless the
// caller is the administrator or the queue's policy admitted the caller.
func (c *call) queueOf(account, name string) (*queue, error) {
	if account != c.Acting() && c.Account() != c.q.cfg.Account {
		return nil, queueDoesNotExist()
	}
	return c.q.lookup(c.R.Context(), account, name)
}

func (c *call) byARN(queueARN string) (*queue, error) {
	account, name, ok := parseARN(queueARN)
	if !ok {
		return nil, queueDoesNotExist()
	}
	return c.queueOf(account, name)
}

type queueRef struct {
	QueueUrl string
}

// decodeQueue decodes in and finds the queue the request names.
func (c *call) decodeQueue(in any) (*queue, error) {
	var ref queueRef
	if err := c.Decode(&ref); err != nil {
		return nil, err
	}
	if err := c.Decode(in); err != nil {
		return nil, err
	}
	return c.queue(ref.QueueUrl)
}

type createQueueInput struct {
	QueueName  string
	Attributes map[string]string `query:"Attribute,flattened,key=Name,value=Value"`
	Tags       map[string]string `json:"tags" query:"Tag,flattened,key=Key,value=Value"`
}

type queueURLOutput struct {
	QueueUrl string
}

func createQueue(c *call, in *createQueueInput) (any, error) {
	if in.QueueName == "" {
		return nil, missing("QueueName")
	}
	rec, err := c.q.createQueue(c.R.Context(), c.Account(), in.QueueName, in.Attributes, in.Tags)
	if err != nil {
		return nil, err
	}
	return queueURLOutput{QueueUrl: c.queueURL(rec)}, nil
}

type getQueueURLInput struct {
	QueueName              string
	QueueOwnerAWSAccountId string
}

func getQueueURL(c *call, in *getQueueURLInput) (any, error) {
	if in.QueueName == "" {
		return nil, missing("QueueName")
	}
	account := in.QueueOwnerAWSAccountId
	if account == "" {
		account = c.Account()
	}
	rec, err := c.queueOf(account, in.QueueName)
	if err != nil {
		return nil, err
	}
	return queueURLOutput{QueueUrl: c.queueURL(rec)}, nil
}

func deleteQueue(c *call, rec *queue, _ *struct{}) (any, error) {
	return nil, c.q.deleteQueue(c.R.Context(), rec)
}

func purgeQueue(c *call, rec *queue, _ *struct{}) (any, error) {
	return nil, c.q.purge(c.R.Context(), rec)
}

type listQueuesInput struct {
	QueueNamePrefix string
	NextToken       string
	MaxResults      *int
}

type listQueuesOutput struct {
	QueueUrls []string `json:",omitempty" xml:"QueueUrl"`
	NextToken string   `json:",omitempty" xml:",omitempty"`
}

func listQueues(c *call, in *listQueuesInput) (any, error) {
	recs, err := c.q.listQueues(c.R.Context(), c.Account(), in.QueueNamePrefix)
	if err != nil {
		return nil, err
	}
	return c.pageOfURLs(recs, in.NextToken, in.MaxResults)
}

// pageOfURLs is a page of queue URLs; without MaxResults, the first 1000
// and no NextToken.
func (c *call) pageOfURLs(recs []*queue, token string, maxResults *int) (listQueuesOutput, error) {
	limit := 1000
	if n := maxResults; n != nil {
		if *n < 1 || *n > 1000 {
			return listQueuesOutput{}, invalidParameter("Value %d for parameter MaxResults is invalid. Reason: MaxResults must be an integer between 1 and 1000.", *n)
		}
		limit = *n
	}
	marker, ok := aws.ParseToken(token)
	if !ok {
		return listQueuesOutput{}, invalidParameter("Invalid NextToken value.")
	}
	page, next := aws.PageFrom(recs, func(r *queue) string { return r.Name }, marker, limit)
	out := listQueuesOutput{}
	for _, r := range page {
		out.QueueUrls = append(out.QueueUrls, c.queueURL(r))
	}
	if maxResults != nil {
		out.NextToken = aws.Token(next)
	}
	return out, nil
}

type getQueueAttributesInput struct {
	AttributeNames []string `query:",flattened,member=AttributeName"`
}

type attributesOutput struct {
	Attributes attrMap `json:",omitempty" xml:"Attribute"`
}

func getQueueAttributes(c *call, rec *queue, in *getQueueAttributesInput) (any, error) {
	for _, n := range in.AttributeNames {
		if n != "All" && !settable[n] && !readOnly[n] {
			return nil, aws.Errorf(ErrInvalidAttributeName, "Unknown Attribute %s.", n)
		}
	}
	if len(in.AttributeNames) == 0 {
		return attributesOutput{}, nil
	}
	all, err := c.q.attributes(c.R.Context(), rec)
	if err != nil {
		return nil, err
	}
	return attributesOutput{Attributes: pick(all, in.AttributeNames)}, nil
}

type setQueueAttributesInput struct {
	Attributes map[string]string `query:"Attribute,flattened,key=Name,value=Value"`
}

func setQueueAttributes(c *call, rec *queue, in *setQueueAttributesInput) (any, error) {
	return nil, c.q.setAttributes(c.R.Context(), rec, in.Attributes)
}

type tagsInput struct {
	Tags    map[string]string `query:"Tag,flattened,key=Key,value=Value"`
	TagKeys []string          `query:",flattened,member=TagKey"`
}

func tagQueue(c *call, rec *queue, in *tagsInput) (any, error) {
	return nil, c.q.tag(c.R.Context(), rec, in.Tags)
}

func untagQueue(c *call, rec *queue, in *tagsInput) (any, error) {
	return nil, c.q.untag(c.R.Context(), rec, in.TagKeys)
}

type tagsOutput struct {
	Tags tagMap `json:",omitempty" xml:"Tag"`
}

func listQueueTags(_ *call, rec *queue, _ *struct{}) (any, error) {
	return tagsOutput{Tags: rec.Tags}, nil
}

type deadLetterSourcesOutput struct {
	QueueUrls []string `json:"queueUrls" xml:"QueueUrl"`
	NextToken string   `json:",omitempty" xml:",omitempty"`
}

func listDeadLetterSourceQueues(c *call, rec *queue, in *listQueuesInput) (any, error) {
	recs, err := c.q.deadLetterSources(c.R.Context(), rec.Account, c.q.arnOf(rec))
	if err != nil {
		return nil, err
	}
	page, err := c.pageOfURLs(recs, in.NextToken, in.MaxResults)
	if err != nil {
		return nil, err
	}
	out := deadLetterSourcesOutput{QueueUrls: page.QueueUrls, NextToken: page.NextToken}
	if out.QueueUrls == nil {
		out.QueueUrls = []string{}
	}
	return out, nil
}
