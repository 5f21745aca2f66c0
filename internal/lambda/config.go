package lambda

import "time"

// FunctionConfiguration is one version of a function, member for member as the
// Lambda API returns it. Virga stores it as is; optional members are pointers or
// omitted when empty so that the wire form matches AWS's.
type FunctionConfiguration struct {
	FunctionName     string            `json:"FunctionName"`
	FunctionArn      string            `json:"FunctionArn"`
	Runtime          string            `json:"Runtime,omitempty"`
	Role             string            `json:"Role"`
	Handler          string            `json:"Handler,omitempty"`
	CodeSize         int64             `json:"CodeSize"`
	Description      string            `json:"Description"`
	Timeout          int               `json:"Timeout"`
	MemorySize       int               `json:"MemorySize"`
	LastModified     string            `json:"LastModified"`
	CodeSha256       string            `json:"CodeSha256"`
	Version          string            `json:"Version"`
	DeadLetterConfig *DeadLetterConfig `json:"DeadLetterConfig,omitempty"`
	Environment      *Environment      `json:"Environment,omitempty"`
	KMSKeyArn        string            `json:"KMSKeyArn,omitempty"`
	TracingConfig    TracingConfig     `json:"TracingConfig"`
	RevisionId       string            `json:"RevisionId"`
	Layers           []Layer           `json:"Layers,omitempty"`
	State            string            `json:"State,omitempty"`
	StateReason      string            `json:"StateReason,omitempty"`
	StateReasonCode  string            `json:"StateReasonCode,omitempty"`
	LastUpdateStatus string            `json:"LastUpdateStatus,omitempty"`
	// LastUpdateStatusReason and its code are set while an update is in progress or failed.
	LastUpdateStatusReason     string           `json:"LastUpdateStatusReason,omitempty"`
	LastUpdateStatusReasonCode string           `json:"LastUpdateStatusReasonCode,omitempty"`
	PackageType                string           `json:"PackageType"`
	Architectures              []string         `json:"Architectures"`
	EphemeralStorage           EphemeralStorage `json:"EphemeralStorage"`
	SnapStart                  SnapStart        `json:"SnapStart"`
	RuntimeVersionConfig       *RuntimeVersion  `json:"RuntimeVersionConfig,omitempty"`
	LoggingConfig              LoggingConfig    `json:"LoggingConfig"`
	// VpcConfig shows a network setting other than the default: Virga
	// attaches no function to a VPC, and its VpcId names the function's
	// virga:network tag.
	VpcConfig *VpcConfig `json:"VpcConfig,omitempty"`
}

// VpcConfig is the VPC a function is attached to.
type VpcConfig struct {
	SubnetIds        []string `json:"SubnetIds"`
	SecurityGroupIds []string `json:"SecurityGroupIds"`
	VpcId            string   `json:"VpcId"`
}

// Environment holds the function's own environment variables. Order is
// the order a request gave them in, which AWS's size message keeps; it is
// not stored.
type Environment struct {
	Variables map[string]string `json:"Variables"`
	Order     []string          `json:"-"`
}

// TracingConfig is X-Ray's mode: PassThrough or Active.
type TracingConfig struct {
	Mode string `json:"Mode"`
}

// DeadLetterConfig names a queue or topic for failed asynchronous events.
type DeadLetterConfig struct {
	TargetArn string `json:"TargetArn,omitempty"`
}

// Layer is a layer version referenced by a function.
type Layer struct {
	Arn      string `json:"Arn"`
	CodeSize int64  `json:"CodeSize"`
}

// EphemeralStorage is the size of /tmp in MB.
type EphemeralStorage struct {
	Size int `json:"Size"`
}

// SnapStart is the function's SnapStart setting (ApplyOn) and whether this
// version starts from a prepared environment (OptimizationStatus: On for a
// published version of a function with ApplyOn PublishedVersions, Off for
// $LATEST and every other version).
type SnapStart struct {
	ApplyOn            string `json:"ApplyOn"`
	OptimizationStatus string `json:"OptimizationStatus"`
}

// SnapStartOptimized reports whether c is a version that SnapStart applies to.
func (c *FunctionConfiguration) SnapStartOptimized() bool {
	return c.SnapStart.OptimizationStatus == "On"
}

// RuntimeVersion identifies the managed runtime build.
type RuntimeVersion struct {
	RuntimeVersionArn string `json:"RuntimeVersionArn"`
}

// LoggingConfig selects the log format, levels and group.
type LoggingConfig struct {
	LogFormat           string `json:"LogFormat,omitempty"`
	ApplicationLogLevel string `json:"ApplicationLogLevel,omitempty"`
	SystemLogLevel      string `json:"SystemLogLevel,omitempty"`
	LogGroup            string `json:"LogGroup,omitempty"`
}

// Function states and update statuses as AWS names them.
const (
	StatePending = "Pending"
	StateActive  = "Active"
	StateFailed  = "Failed"

	UpdateInProgress = "InProgress"
	UpdateSuccessful = "Successful"
	UpdateFailed     = "Failed"

	LatestVersion = "$LATEST"
)

// TimestampLayout is the string form of FunctionConfiguration timestamps.
const TimestampLayout = "2006-01-02T15:04:05.000-0700"

// Timestamp formats t the way FunctionConfiguration.LastModified is written.
func Timestamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }
