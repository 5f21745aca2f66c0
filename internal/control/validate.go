package control

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/arn"
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

// validateConfig checks every setting of a configuration about to be stored.
func validateConfig(c *lambda.FunctionConfiguration) error {
	checks := []func(*lambda.FunctionConfiguration) error{
		validateRole, validateCodeSettings, validateNumbers, validateDescription,
		validateEnvironment, validateArchitectures, validateTracing, validateLogging, validateDeadLetter,
	}
	for _, check := range checks {
		if err := check(c); err != nil {
			return err
		}
	}
	return nil
}

func validateRole(c *lambda.FunctionConfiguration) error {
	if !roleRE.MatchString(c.Role) {
		return arn.ConstraintError(c.Role, "role",
			`Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+`)
	}
	return nil
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

func validateCodeSettings(c *lambda.FunctionConfiguration) error {
	if c.Runtime == "" || c.Handler == "" {
		return aws.Errorf(aws.ErrInvalid, "Runtime and Handler are mandatory parameters for functions created with deployment packages.")
	}
	if len(c.Handler) > 128 || !handlerRE.MatchString(c.Handler) {
		return arn.ConstraintError(c.Handler, "handler", `Member must satisfy regular expression pattern: [^\s]+`)
	}
	return validateRuntime(c.Runtime)
}

func validateNumbers(c *lambda.FunctionConfiguration) error {
	switch {
	case c.MemorySize < lambda.MinMemoryMB:
		return arn.ConstraintError(c.MemorySize, "memorySize", "Member must have value greater than or equal to 128")
	case c.MemorySize > lambda.MaxMemoryMB:
		return arn.ConstraintError(c.MemorySize, "memorySize", "Member must have value less than or equal to 10240")
	case c.Timeout < lambda.MinTimeout:
		return arn.ConstraintError(c.Timeout, "timeout", "Member must have value greater than or equal to 1")
	case c.Timeout > lambda.MaxTimeout:
		return arn.ConstraintError(c.Timeout, "timeout", "Member must have value less than or equal to 900")
	case c.EphemeralStorage.Size < lambda.MinTmpMB:
		return arn.ConstraintError(c.EphemeralStorage.Size, "ephemeralStorage.size", "Member must have value greater than or equal to 512")
	case c.EphemeralStorage.Size > lambda.MaxTmpMB:
		return arn.ConstraintError(c.EphemeralStorage.Size, "ephemeralStorage.size", "Member must have value less than or equal to 10240")
	}
	return nil
}

func validateDescription(c *lambda.FunctionConfiguration) error {
	if len([]rune(c.Description)) > 256 {
		return arn.ConstraintError(c.Description, "description", "Member must have length less than or equal to 256")
	}
	return nil
}

func validateEnvironment(c *lambda.FunctionConfiguration) error {
	if c.Environment == nil {
		return nil
	}
	vars := c.Environment.Variables
	var reserved []string
	for k := range vars {
		if !envKeyRE.MatchString(k) {
			return aws.Errorf(aws.ErrValidation,
				"1 validation error detected: Value at 'environment.variables' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z]([a-zA-Z0-9_])+]")
		}
		for _, r := range reservedEnv {
			if k == r {
				reserved = append(reserved, k)
			}
		}
	}
	if len(reserved) > 0 {
		sort.Strings(reserved)
		return aws.Errorf(aws.ErrInvalid,
			"Lambda was unable to configure your environment variables because the environment variables you have provided contains reserved keys that are currently not supported for modification. Reserved keys used in this request: %s",
			strings.Join(reserved, ", "))
	}
	if measured := compactJSON(vars); len(measured) > lambda.MaxEnvironmentSize {
		return aws.Errorf(aws.ErrInvalid,
			"Lambda was unable to configure your environment variables because the environment variables you have provided exceeded the 4KB limit. String measured: %s", measured)
	}
	return nil
}

func compactJSON(vars map[string]string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(vars) // a map of strings always encodes
	return strings.TrimSuffix(buf.String(), "\n")
}

func validateArchitectures(c *lambda.FunctionConfiguration) error {
	if len(c.Architectures) != 1 {
		return arn.ConstraintError(fmt.Sprint(c.Architectures), "architectures",
			"Member must have length less than or equal to 1")
	}
	if a := c.Architectures[0]; a != "x86_64" && a != "arm64" {
		return arn.ConstraintError(fmt.Sprintf("[%s]", a), "architectures",
			"Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64]]")
	}
	return nil
}

func validateTracing(c *lambda.FunctionConfiguration) error {
	if m := c.TracingConfig.Mode; m != "PassThrough" && m != "Active" {
		return arn.ConstraintError(m, "tracingConfig.mode", "Member must satisfy enum value set: [Active, PassThrough]")
	}
	return nil
}

func validateLogging(c *lambda.FunctionConfiguration) error {
	lc := c.LoggingConfig
	switch {
	case lc.LogFormat != "Text" && lc.LogFormat != "JSON":
		return arn.ConstraintError(lc.LogFormat, "loggingConfig.logFormat", "Member must satisfy enum value set: [Text, JSON]")
	case lc.LogFormat == "Text" && (lc.ApplicationLogLevel != "" || lc.SystemLogLevel != ""):
		return aws.Errorf(aws.ErrInvalid, "To set ApplicationLogLevel or SystemLogLevel, LogFormat must be JSON.")
	case !oneOf(lc.ApplicationLogLevel, "", "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"):
		return arn.ConstraintError(lc.ApplicationLogLevel, "loggingConfig.applicationLogLevel",
			"Member must satisfy enum value set: [TRACE, DEBUG, INFO, WARN, ERROR, FATAL]")
	case !oneOf(lc.SystemLogLevel, "", "DEBUG", "INFO", "WARN"):
		return arn.ConstraintError(lc.SystemLogLevel, "loggingConfig.systemLogLevel",
			"Member must satisfy enum value set: [DEBUG, INFO, WARN]")
	case len(lc.LogGroup) > 512 || !logGroupRE.MatchString(lc.LogGroup):
		return arn.ConstraintError(lc.LogGroup, "loggingConfig.logGroup", `Member must satisfy regular expression pattern: [\.\-_/#A-Za-z0-9]+`)
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
