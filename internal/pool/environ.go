package pool

import (
	"sort"
	"strconv"

	"github.com/virga-dev/virga/internal/lambda"
	"github.com/virga-dev/virga/internal/runtimes"
)

// RuntimeAPIAddr is where the Runtime API listens inside every sandbox.
const RuntimeAPIAddr = "127.0.0.1:9001"

// environ is the environment of a function's runtime process: Lambda's
// defaults, the function's own variables, then what only Lambda may set.
// platform holds the role's credentials, which only Lambda may set, and
// AWS_ENDPOINT_URL, which a function's own variable overrides.
func environ(cfg lambda.FunctionConfiguration, region, stream, initType string, runtimeEnv []string, platform map[string]string) []string {
	vars := map[string]string{
		"LANG":                     runtimes.Lang,
		"TZ":                       ":UTC",
		"PATH":                     "/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin",
		"LD_LIBRARY_PATH":          runtimes.LibraryPath,
		"AWS_XRAY_CONTEXT_MISSING": "LOG_ERROR",
		"SHLVL":                    "0",
		"PWD":                      "/var/task",
	}
	for _, kv := range runtimeEnv {
		if k, v, ok := cut(kv); ok {
			vars[k] = v
		}
	}
	if url, ok := platform["AWS_ENDPOINT_URL"]; ok {
		vars["AWS_ENDPOINT_URL"] = url
	}
	if cfg.Environment != nil {
		for k, v := range cfg.Environment.Variables {
			vars[k] = v
		}
	}
	reserved := map[string]string{
		"_HANDLER":                        cfg.Handler,
		"AWS_REGION":                      region,
		"AWS_DEFAULT_REGION":              region,
		"AWS_LAMBDA_FUNCTION_NAME":        cfg.FunctionName,
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE": strconv.Itoa(cfg.MemorySize),
		"AWS_LAMBDA_FUNCTION_VERSION":     cfg.Version,
		"AWS_LAMBDA_INITIALIZATION_TYPE":  initType,
		"AWS_LAMBDA_LOG_GROUP_NAME":       cfg.LoggingConfig.LogGroup,
		"AWS_LAMBDA_LOG_STREAM_NAME":      stream,
		"AWS_LAMBDA_RUNTIME_API":          RuntimeAPIAddr,
		"LAMBDA_TASK_ROOT":                "/var/task",
		"LAMBDA_RUNTIME_DIR":              "/var/runtime",
	}
	if !isProvided(cfg.Runtime) {
		reserved["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + cfg.Runtime
	}
	if cfg.LoggingConfig.LogFormat == "JSON" {
		reserved["AWS_LAMBDA_LOG_FORMAT"] = "JSON"
		reserved["AWS_LAMBDA_LOG_LEVEL"] = cfg.LoggingConfig.ApplicationLogLevel
	}
	for k, v := range reserved {
		vars[k] = v
	}
	for k, v := range platform {
		if k != "AWS_ENDPOINT_URL" {
			vars[k] = v
		}
	}
	env := make([]string, 0, len(vars))
	for k, v := range vars {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	return env
}

func isProvided(runtime string) bool {
	return runtime == "provided" || runtime == "provided.al2" || runtime == "provided.al2023"
}

func cut(kv string) (string, string, bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], true
		}
	}
	return "", "", false
}
