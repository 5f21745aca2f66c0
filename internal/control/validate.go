package control

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/lambda"
)

var (
	roleRE     = regexp.MustCompile(`^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$`)
	envKeyRE   = regexp.MustCompile(`^[a-zA-Z]([a-zA-Z0-9_])+$`)
	handlerRE  = regexp.MustCompile(`^[^\s]+$`)
	logGroupRE = regexp.MustCompile(`^[\.\-_/#A-Za-z0-9]+$`)
)

// reservedEnv are the variables Lambda sets itself.
var reservedEnv = []string{
	"_HANDLER", "_X_AMZN_TRACE_ID", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
	"AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
	"AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID",
	"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
}

// validateConfig checks every setting of a configuration about to be
// stored. As on AWS, the model's constraints come first, all of them
// reported at once in the order of CreateFunction's members ("2
// validation errors detected: …; …"); the service's own checks follow,
// first failure first.
func validateConfig(c *lambda.FunctionConfiguration) error {
	var v aws.Violations
	for _, check := range []func(*aws.Violations, *lambda.FunctionConfiguration){
		roleViolations, handlerViolations, descriptionViolations, numberViolations, environmentViolations,
		tracingViolations, architectureViolations, storageViolations, snapStartViolations, loggingViolations,
	} {
		check(&v, c)
	}
	if err := v.Err(); err != nil {
		return err
	}
	for _, check := range []func(*lambda.FunctionConfiguration) error{validateCodeSettings, validateEnvironment, validateSnapStart, validateLogging, validateDeadLetter} {
		if err := check(c); err != nil {
			return err
		}
	}
	return nil
}

func roleViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	if !roleRE.MatchString(c.Role) {
		v.Add(c.Role, "role", `Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`)
	}
}

// checkRole refuses an execution role of the account's own that IAM does
// not know. Roles of other accounts are taken on trust: Virga cannot see them.
func (s *Service) checkRole(ctx context.Context, role string) error {
	if s.cfg.Roles == nil || !strings.HasPrefix(role, "arn:aws:iam::"+s.cfg.Account+":") {
		return nil
	}
	ok, err := s.cfg.Roles.RoleExists(ctx, role)
	if err != nil {
		return fmt.Errorf("look up role: %w", err)
	}
	if !ok {
		return aws.Errorf(aws.ErrInvalid, "The role defined for the function cannot be assumed by Lambda.")
	}
	return nil
}

func handlerViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	if c.Handler != "" && (len(c.Handler) > 128 || !handlerRE.MatchString(c.Handler)) {
		v.Add(c.Handler, "handler", `Member must satisfy regular expression pattern: [^\s]+`)
	}
}

func validateCodeSettings(c *lambda.FunctionConfiguration) error {
	if c.Runtime == "" || c.Handler == "" {
		return aws.Errorf(aws.ErrInvalid, "Runtime and Handler are mandatory parameters for functions created with deployment packages.")
	}
	return validateRuntime(c.Runtime)
}

func descriptionViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	v.Length(c.Description, len([]rune(c.Description)), "description", 0, 256)
}

func numberViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	v.Range(c.Timeout, "timeout", lambda.MinTimeout, lambda.MaxTimeout)
	v.Range(c.MemorySize, "memorySize", lambda.MinMemoryMB, lambda.MaxMemoryMB)
}

func storageViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	v.Range(c.EphemeralStorage.Size, "ephemeralStorage.size", lambda.MinTmpMB, lambda.MaxTmpMB)
}

func environmentViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	if c.Environment == nil {
		return
	}
	for k := range c.Environment.Variables {
		if !envKeyRE.MatchString(k) {
			*v = append(*v, "Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]")
			return
		}
	}
}

func validateEnvironment(c *lambda.FunctionConfiguration) error {
	if c.Environment == nil {
		return nil
	}
	vars := c.Environment.Variables
	var reserved []string
	for k := range vars {
		if slices.Contains(reservedEnv, k) {
			reserved = append(reserved, k)
		}
	}
	if len(reserved) > 0 {
		sort.Strings(reserved)
		return aws.Errorf(aws.ErrInvalid,
			"Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: %s",
			strings.Join(reserved, ", "))
	}
	if measured := compactJSON(vars, c.Environment.Order); len(measured) > lambda.MaxEnvironmentSize {
		return aws.Errorf(aws.ErrInvalid,
			"Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: %s", measured)
	}
	return nil
}

// compactJSON is the variables as AWS measures them: compact JSON, the keys
// in the order the request gave them (order; sorted when unknown).
func compactJSON(vars map[string]string, order []string) string {
	if len(order) != len(vars) {
		order = slices.Sorted(maps.Keys(vars))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, k := range order {
		if i > 0 {
			buf.WriteByte(',')
		}
		_ = enc.Encode(k) // strings always encode
		buf.Truncate(buf.Len() - 1)
		buf.WriteByte(':')
		_ = enc.Encode(vars[k])
		buf.Truncate(buf.Len() - 1)
	}
	buf.WriteByte('}')
	return buf.String()
}

func architectureViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	archs := c.Architectures
	if !v.Length(listValue(archs), len(archs), "architectures", 1, 1) {
		return
	}
	if a := archs[0]; a != "x86_64" && a != "arm64" {
		v.Add(listValue(archs), "architectures",
			"Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]")
	}
}

func tracingViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	if m := c.TracingConfig.Mode; m != "PassThrough" && m != "Active" {
		v.Add(m, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]")
	}
}

func loggingViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	lc := c.LoggingConfig
	if lc.LogFormat != "Text" && lc.LogFormat != "JSON" {
		v.Add(lc.LogFormat, "loggingConfig.logFormat", "Member must satisfy enum value set: [Text, JSON]")
	}
	if !oneOf(lc.ApplicationLogLevel, "", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL") {
		v.Add(lc.ApplicationLogLevel, "loggingConfig.applicationLogLevel", "Member must satisfy enum value set: [TRACE, DEBUG, INFO, WARN, ERROR, FATAL]")
	}
	if !oneOf(lc.SystemLogLevel, "", "DEBUG", "INFO", "WARN") {
		v.Add(lc.SystemLogLevel, "loggingConfig.systemLogLevel", "Member must satisfy enum value set: [DEBUG, INFO, WARN]")
	}
	if len(lc.LogGroup) > 512 || !logGroupRE.MatchString(lc.LogGroup) {
		v.Add(lc.LogGroup, "loggingConfig.logGroup", `Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`)
	}
}

func validateLogging(c *lambda.FunctionConfiguration) error {
	lc := c.LoggingConfig
	if lc.LogFormat == "Text" && (lc.ApplicationLogLevel != "" || lc.SystemLogLevel != "") {
		return aws.Errorf(aws.ErrInvalid, "To set ApplicationLogLevel or SystemLogLevel, LogFormat must be JSON.")
	}
	return nil
}

func oneOf(v string, options ...string) bool {
	for _, o := range options {
		if v == o {
			return true
		}
	}
	return false
}
