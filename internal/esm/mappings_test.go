package esm

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

func ptr[T any](v T) *T { return &v }

type controlFixture struct {
	m         *Mappings
	functions *fakeFunctions
	queue     *memQueue
	bucket    WatchedBucket
}

func newControl(t *testing.T) *controlFixture {
	t.Helper()
	b := openBucket(t, openStore(t))
	f := &controlFixture{functions: newFunctions("fn", "other"), queue: newQueue(queueARN), bucket: b}
	f.m = NewMappings(Config{Region: region, Account: account}, b, f.functions, f.queue, fakeCompile)
	return f
}

func create(in CreateInput) CreateInput {
	if in.FunctionName == "" {
		in.FunctionName = "fn"
	}
	if in.EventSourceArn == "" {
		in.EventSourceArn = queueARN
	}
	return in
}

func TestCreateDefaults(t *testing.T) {
	f := newControl(t)
	got, err := f.m.CreateEventSourceMapping(context.Background(), create(CreateInput{}))
	if err != nil {
		t.Fatal(err)
	}
	want := Configuration{
		UUID: got.UUID, BatchSize: 10, EventSourceArn: queueARN,
		FunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:fn", LastModified: got.LastModified,
		LastProcessingResult: "No records processed", State: "Creating", StateTransitionReason: "USER_INITIATED",
		FunctionResponseTypes: []string{}, EventSourceMappingArn: "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:" + got.UUID,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("(-want +got)\n%s", diff)
	}
	if !validUUID(got.UUID) || got.LastModified == 0 {
		t.Fatalf("UUID %q, LastModified %v", got.UUID, got.LastModified)
	}
	again, err := f.m.GetEventSourceMapping(context.Background(), got.UUID)
	if err != nil || !cmp.Equal(again, got) {
		t.Fatalf("Get = %+v, %v; want what Create returned", again, err)
	}
}

func TestCreateRefuses(t *testing.T) {
	tests := []struct {
		name    string
		in      CreateInput
		setup   func(f *controlFixture)
		kind    *aws.Kind
		message string
	}{
		{"BatchSizeOver10WithoutWindow", CreateInput{Settings: Settings{BatchSize: ptr(11)}}, nil, aws.ErrInvalid,
			"Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10"},
		{"BatchSizeZero", CreateInput{Settings: Settings{BatchSize: ptr(0)}}, nil, aws.ErrValidation,
			"1 validation error detected: Value '0' at 'batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1"},
		{"BatchSizeTooLarge", CreateInput{Settings: Settings{BatchSize: ptr(10001), MaximumBatchingWindowInSeconds: ptr(1)}}, nil, aws.ErrValidation,
			"1 validation error detected: Value '10001' at 'batchSize' failed to satisfy constraint: Member must have value less than or equal to 10000"},
		{"WindowTooLong", CreateInput{Settings: Settings{MaximumBatchingWindowInSeconds: ptr(301)}}, nil, aws.ErrValidation,
			"1 validation error detected: Value '301' at 'maximumBatchingWindowInSeconds' failed to satisfy constraint: Member must have value less than or equal to 300"},
		{"ConcurrencyOne", CreateInput{Settings: Settings{ScalingConfig: &ScalingConfig{MaximumConcurrency: ptr(1)}}}, nil, aws.ErrValidation,
			"1 validation error detected: Value '1' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value greater than or equal to 2"},
		{"ConcurrencyTooHigh", CreateInput{Settings: Settings{ScalingConfig: &ScalingConfig{MaximumConcurrency: ptr(1001)}}}, nil, aws.ErrValidation,
			"1 validation error detected: Value '1001' at 'scalingConfig.maximumConcurrency' failed to satisfy constraint: Member must have value less than or equal to 1000"},
		{"ResponseType", CreateInput{Settings: Settings{FunctionResponseTypes: []string{"Everything"}}}, nil, aws.ErrValidation,
			"1 validation error detected: Value '[Everything]' at 'functionResponseTypes' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [ReportBatchItemFailures]]"},
		{"BadFilter", CreateInput{Settings: Settings{FilterCriteria: &FilterCriteria{Filters: []Filter{{Pattern: `{"body": `}}}}}, nil, aws.ErrInvalid,
			"Invalid filter pattern definition."},
		{"NoQueue", CreateInput{EventSourceArn: "arn:aws:sqs:us-east-1:123456789012:nope"}, nil, aws.ErrInvalid,
			"Error occurred while ReceiveMessage. SQS Error Code: AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist for this wsdl version."},
		{"NoFunction", CreateInput{FunctionName: "nope"}, nil, aws.ErrNotFound,
			"Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope"},
		{"NotAQueue", CreateInput{EventSourceArn: "arn:aws:kinesis:us-east-1:123456789012:stream/s"}, nil, aws.ErrInvalid,
			"Unrecognized event source."},
		{"StartingPosition", CreateInput{StartingPosition: "LATEST"}, nil, aws.ErrInvalid,
			"StartingPosition is not valid for SQS event sources."},
		{"StreamSetting", CreateInput{Settings: Settings{otherSources: otherSources{MaximumRetryAttempts: ptr(2)}}}, nil, aws.ErrInvalid,
			"Unsupported MaximumRetryAttempts parameter for given event source mapping type."},
		{"VisibilityBelowTimeout", CreateInput{}, func(f *controlFixture) { f.functions.put("fn", 60, nil) }, aws.ErrInvalid,
			"Queue visibility timeout: 30 seconds is less than Function timeout: 60 seconds"},
		{"FIFOBatch", CreateInput{Settings: Settings{BatchSize: ptr(11), MaximumBatchingWindowInSeconds: ptr(1)}},
			func(f *controlFixture) { f.queue.attrs["FifoQueue"] = "true" }, aws.ErrInvalid, "Batch size must be between 1 and 10 for FIFO queues."},
		{"BadFunctionName", CreateInput{FunctionName: "bad name"}, nil, aws.ErrValidation,
			"1 validation error detected: Value 'bad name' at 'functionName' failed to satisfy constraint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newControl(t)
			if tt.setup != nil {
				tt.setup(f)
			}
			_, err := f.m.CreateEventSourceMapping(context.Background(), create(tt.in))
			checkError(t, err, tt.kind, tt.message)
		})
	}
}

func checkError(t *testing.T, err error, kind *aws.Kind, message string) {
	t.Helper()
	e, ok := aws.As(err)
	if !ok || !errors.Is(err, kind) || !strings.HasPrefix(e.Message, message) {
		t.Fatalf("error %v; want %v %q", err, kind, message)
	}
}

func TestCreateAcceptsLargeBatchWithWindow(t *testing.T) {
	f := newControl(t)
	in := create(CreateInput{Settings: Settings{
		BatchSize: ptr(10000), MaximumBatchingWindowInSeconds: ptr(300), Enabled: ptr(false),
		FunctionResponseTypes: []string{"ReportBatchItemFailures"}, ScalingConfig: &ScalingConfig{MaximumConcurrency: ptr(2)},
		FilterCriteria: &FilterCriteria{Filters: []Filter{{Pattern: `{"body": ["a"]}`}}},
	}})
	got, err := f.m.CreateEventSourceMapping(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if got.BatchSize != 10000 || got.MaximumBatchingWindowInSeconds != 300 || *got.ScalingConfig.MaximumConcurrency != 2 ||
		len(got.FilterCriteria.Filters) != 1 || got.FunctionResponseTypes[0] != "ReportBatchItemFailures" {
		t.Fatalf("got %+v", got)
	}
}

func TestCreateTwiceConflicts(t *testing.T) {
	f := newControl(t)
	ctx := context.Background()
	first, err := f.m.CreateEventSourceMapping(ctx, create(CreateInput{}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = f.m.CreateEventSourceMapping(ctx, create(CreateInput{FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:fn"}))
	checkError(t, err, aws.ErrConflict, `The event source arn (" `+queueARN+` ") and function (" fn ") provided mapping already exists. Please update or delete the existing mapping with UUID `+first.UUID)
	if _, err := f.m.CreateEventSourceMapping(ctx, create(CreateInput{FunctionName: "other"})); err != nil {
		t.Fatalf("another function: %v", err)
	}
	if _, err := f.m.CreateEventSourceMapping(ctx, create(CreateInput{FunctionName: "fn:live"})); err != nil {
		t.Fatalf("an alias of the function: %v", err)
	}
}

// settleNow moves a mapping out of its transition as the pollers would.
func settleNow(t *testing.T, f *controlFixture, uuid string) {
	t.Helper()
	p := &Pollers{bucket: f.bucket}
	if err := p.settle(context.Background(), uuid); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateStates(t *testing.T) {
	f := newControl(t)
	ctx := context.Background()
	c, _ := f.m.CreateEventSourceMapping(ctx, create(CreateInput{}))

	_, err := f.m.UpdateEventSourceMapping(ctx, c.UUID, UpdateInput{Settings: Settings{BatchSize: ptr(5)}})
	checkError(t, err, lambda.ErrResourceInUse, "Cannot update the event source mapping because it is in use.")

	settleNow(t, f, c.UUID)
	steps := []struct {
		in    Settings
		state string
		after string
	}{
		{Settings{BatchSize: ptr(5)}, StateUpdating, StateEnabled},
		{Settings{Enabled: ptr(false)}, StateDisabling, StateDisabled},
		{Settings{BatchSize: ptr(6)}, StateUpdating, StateDisabled},
		{Settings{Enabled: ptr(true)}, StateEnabling, StateEnabled},
	}
	for _, s := range steps {
		got, err := f.m.UpdateEventSourceMapping(ctx, c.UUID, UpdateInput{Settings: s.in})
		if err != nil {
			t.Fatal(err)
		}
		if got.State != s.state || got.StateTransitionReason != "User action" {
			t.Fatalf("after %+v: state %s (%s), want %s", s.in, got.State, got.StateTransitionReason, s.state)
		}
		settleNow(t, f, c.UUID)
		if got, _ := f.m.GetEventSourceMapping(ctx, c.UUID); got.State != s.after {
			t.Fatalf("settled in %s, want %s", got.State, s.after)
		}
	}
	if got, _ := f.m.GetEventSourceMapping(ctx, c.UUID); got.BatchSize != 6 {
		t.Fatalf("batch size %d", got.BatchSize)
	}
}

func TestUpdateChecks(t *testing.T) {
	f := newControl(t)
	ctx := context.Background()
	c, _ := f.m.CreateEventSourceMapping(ctx, create(CreateInput{}))
	settleNow(t, f, c.UUID)

	_, err := f.m.UpdateEventSourceMapping(ctx, c.UUID, UpdateInput{Settings: Settings{BatchSize: ptr(100)}})
	checkError(t, err, aws.ErrInvalid, "Maximum batch window in seconds must be greater than 0")
	_, err = f.m.UpdateEventSourceMapping(ctx, c.UUID, UpdateInput{FunctionName: "nope"})
	checkError(t, err, aws.ErrNotFound, "Function not found")
	_, err = f.m.UpdateEventSourceMapping(ctx, "00000000-0000-4000-8000-000000000000", UpdateInput{})
	checkError(t, err, aws.ErrNotFound, "Event source mapping not found: arn:aws:lambda:us-east-1:123456789012:event-source-mapping:00000000-0000-4000-8000-000000000000")

	got, err := f.m.UpdateEventSourceMapping(ctx, c.UUID, UpdateInput{FunctionName: "other", Settings: Settings{
		ScalingConfig: &ScalingConfig{MaximumConcurrency: ptr(5)}, FilterCriteria: &FilterCriteria{Filters: []Filter{{Pattern: `{"body": ["x"]}`}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if got.FunctionArn != "arn:aws:lambda:us-east-1:123456789012:function:other" || *got.ScalingConfig.MaximumConcurrency != 5 || got.FilterCriteria == nil {
		t.Fatalf("got %+v", got)
	}
	settleNow(t, f, c.UUID)
	if _, err := f.m.CreateEventSourceMapping(ctx, create(CreateInput{})); err != nil {
		t.Fatalf("the pair the update left: %v", err)
	}
	got, err = f.m.UpdateEventSourceMapping(ctx, c.UUID, UpdateInput{Settings: Settings{ScalingConfig: &ScalingConfig{}, FilterCriteria: &FilterCriteria{}}})
	if err != nil || got.ScalingConfig != nil || got.FilterCriteria != nil {
		t.Fatalf("clearing: %+v, %v", got, err)
	}
}

func TestDelete(t *testing.T) {
	f := newControl(t)
	ctx := context.Background()
	c, _ := f.m.CreateEventSourceMapping(ctx, create(CreateInput{}))
	_, err := f.m.DeleteEventSourceMapping(ctx, c.UUID)
	checkError(t, err, lambda.ErrResourceInUse, "Cannot delete the event source mapping because it is in use.")
	settleNow(t, f, c.UUID)

	got, err := f.m.DeleteEventSourceMapping(ctx, c.UUID)
	if err != nil || got.State != StateDeleting {
		t.Fatalf("Delete = %s, %v", got.State, err)
	}
	if again, err := f.m.DeleteEventSourceMapping(ctx, c.UUID); err != nil || again.State != StateDeleting {
		t.Fatalf("again: %s, %v", again.State, err)
	}
	settleNow(t, f, c.UUID)
	_, err = f.m.GetEventSourceMapping(ctx, c.UUID)
	checkError(t, err, aws.ErrNotFound, "Event source mapping not found")
	if _, err := f.m.CreateEventSourceMapping(ctx, create(CreateInput{})); err != nil {
		t.Fatalf("the pair the delete left: %v", err)
	}
}

func TestList(t *testing.T) {
	f := newControl(t)
	ctx := context.Background()
	second := "arn:aws:sqs:us-east-1:123456789012:second"
	f.m.queues = multiQueue{f.queue, newQueue(second)}
	var made []string
	for _, in := range []CreateInput{{}, {FunctionName: "other"}, {EventSourceArn: second}, {FunctionName: "fn:live"}} {
		c, err := f.m.CreateEventSourceMapping(ctx, create(in))
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, c.UUID)
	}
	count := func(in ListInput) int {
		t.Helper()
		got, _, err := f.m.ListEventSourceMappings(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return len(got)
	}
	for _, tt := range []struct {
		in   ListInput
		want int
	}{
		{ListInput{}, 4},
		{ListInput{EventSourceArn: queueARN}, 3},
		{ListInput{FunctionName: "fn"}, 3},
		{ListInput{FunctionName: "fn:live"}, 1},
		{ListInput{FunctionName: "arn:aws:lambda:us-east-1:123456789012:function:other"}, 1},
		{ListInput{FunctionName: "arn:aws:lambda:us-east-1:999999999999:function:other"}, 0},
		{ListInput{EventSourceArn: second, FunctionName: "fn"}, 1},
		{ListInput{EventSourceArn: second, FunctionName: "other"}, 0},
	} {
		if got := count(tt.in); got != tt.want {
			t.Errorf("%+v: %d mappings, want %d", tt.in, got, tt.want)
		}
	}

	var paged []string
	marker := ""
	for {
		page, next, err := f.m.ListEventSourceMappings(ctx, ListInput{Marker: marker, MaxItems: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			paged = append(paged, c.UUID)
		}
		if next == "" {
			break
		}
		marker = next
	}
	if len(paged) != 4 || !strings.Contains(strings.Join(paged, ","), made[0]) {
		t.Fatalf("pages gave %v, made %v", paged, made)
	}
	_, _, err := f.m.ListEventSourceMappings(ctx, ListInput{Marker: "%%%"})
	checkError(t, err, aws.ErrInvalid, "Invalid marker")
}

// multiQueue answers for several queues.
type multiQueue []*memQueue

func (m multiQueue) Attributes(ctx context.Context, a string) (map[string]string, error) {
	for _, q := range m {
		if q.arn == a {
			return q.attrs, nil
		}
	}
	return nil, aws.Errorf(aws.ErrNotFound, "no queue")
}

func TestTags(t *testing.T) {
	f := newControl(t)
	ctx := context.Background()
	c, err := f.m.CreateEventSourceMapping(ctx, create(CreateInput{Tags: map[string]string{"team": "a"}}))
	if err != nil {
		t.Fatal(err)
	}
	resource := c.EventSourceMappingArn
	if !IsMappingARN(resource) {
		t.Fatalf("%s is not a mapping's ARN", resource)
	}
	if err := f.m.TagResource(ctx, resource, map[string]string{"env": "test"}); err != nil {
		t.Fatal(err)
	}
	if err := f.m.UntagResource(ctx, resource, []string{"team"}); err != nil {
		t.Fatal(err)
	}
	got, err := f.m.ListTags(ctx, resource)
	if err != nil || !cmp.Equal(got, map[string]string{"env": "test"}) {
		t.Fatalf("tags %v, %v", got, err)
	}
	err = f.m.TagResource(ctx, resource, map[string]string{"": "empty key"})
	checkError(t, err, aws.ErrInvalid, "The tag")
	_, err = f.m.ListTags(ctx, "arn:aws:lambda:us-east-1:123456789012:event-source-mapping:00000000-0000-4000-8000-000000000000")
	checkError(t, err, aws.ErrNotFound, "Event source mapping not found")
	_, err = f.m.ListTags(ctx, "arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:"+c.UUID)
	checkError(t, err, aws.ErrNotFound, "Event source mapping not found")
}
