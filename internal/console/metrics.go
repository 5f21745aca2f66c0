package console

import (
	"net/http"
	"regexp"

	"github.com/virga-dev/virga/internal/metrics"
)

// functionName is a function's name as the API spells it.
var functionName = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// function is the {function} of the call's path, checked.
func (k *call) function() (string, error) {
	name := k.r.PathValue("function")
	if !functionName.MatchString(name) {
		return "", errorf(http.StatusBadRequest, "%q is not a function name", name)
	}
	return name, nil
}

// functionMetrics answers a function's samples over the charts' window.
// Functions are the administrator's: only its root user sees them.
func (c *Console) functionMetrics(k *call) error {
	key := k.identity.Key
	if key.Account != c.cfg.Account || key.Role.ARN != "" {
		return errorf(http.StatusForbidden, "only the administrator's key may read metrics")
	}
	name, err := k.function()
	if err != nil {
		return err
	}
	return k.reply(http.StatusOK, map[string]any{
		"stepSeconds": metrics.Step.Seconds(), "samples": c.series.Samples(name),
	})
}
