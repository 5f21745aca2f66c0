package sam

// Stack is what a template expands to, with every intrinsic resolved.
type Stack struct {
	Name      string
	Functions []Function
	Queues    []Queue
	Topics    []Topic
	Layers    []Layer
	Buckets   []Bucket
	Routes    []Route // of the stack's one HTTP API
	Outputs   []Output
}

// Output is one of the template's Outputs, resolved; Err says why its
// Value could not be (a Ref to a resource Virga names only once made).
type Output struct {
	Name, Value string
	Err         error
}

// Function is one AWS::Serverless::Function.
type Function struct {
	Logical      string
	Name         string
	Runtime      string
	Handler      string
	CodeDir      string // an absolute local directory
	MemorySize   int32
	Timeout      int32
	Architecture string
	Role         string
	// NewRole is the name of the execution role the deploy makes when the
	// template names none, as SAM makes <Function>Role; Policies are the
	// managed policies attached to it.
	NewRole      string
	Policies     []string
	Environment  map[string]string
	Layers       []string
	Alias        string // AutoPublishAlias: each change publishes a version the alias moves to
	Shifting     string // DeploymentPreference Type: how the alias's traffic moves (Steps)
	QueueSources []QueueSource
	Topics       []TopicSource
	SchedulesV2  []ScheduleV2
	URLAuth      string // FunctionUrlConfig AuthType; "" without a URL
	Schedules    []Schedule
	// Notifications are its Type: S3 events; each is also on its bucket.
	Notifications []Notification
}

// QueueSource is a Type: SQS event: an event source mapping.
type QueueSource struct {
	QueueArn  string
	BatchSize int32
}

// Schedule is a Type: Schedule or EventBridgeRule event: an EventBridge
// rule on the default bus, with a schedule expression or an event pattern,
// and the function as its target.
type Schedule struct {
	Rule       string
	Expression string
	Pattern    string // JSON
	Input      string
	InputPath  string
	Enabled    bool
}

// TopicSource is a Type: SNS event: a subscription of the function.
type TopicSource struct {
	TopicArn     string
	FilterPolicy string // JSON
	FilterScope  string
}

// Topic is one AWS::SNS::Topic.
type Topic struct {
	Logical    string
	Name       string
	Attributes map[string]string
}

// ScheduleV2 is a Type: ScheduleV2 event: an EventBridge Scheduler
// schedule in the default group.
type ScheduleV2 struct {
	Name, Expression, Timezone, Input string
	WindowMinutes                     int32 // 0: FlexibleTimeWindow OFF
	Enabled                           bool
}

// Layer is one AWS::Serverless::LayerVersion.
type Layer struct {
	Logical, Name, ContentDir string
	Runtimes                  []string
}

// Queue is one AWS::SQS::Queue.
type Queue struct {
	Logical    string
	Name       string
	Attributes map[string]string
}

// Route is one Type: Api or HttpApi event: a route of the stack's HTTP API
// to a function, with payload 1.0 for Api and 2.0 for HttpApi.
type Route struct {
	Key            string // "GET /hello"
	Function       string
	PayloadVersion string
}
