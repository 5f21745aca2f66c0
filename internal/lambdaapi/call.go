package lambdaapi

import (
	"fmt"
	"strconv"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// call is one request to a Lambda operation.
type call struct {
	*awsproto.Call
	// urlQualifier leaves the Qualifier to the function URL operations,
	// whose own pattern (aliases only) the control plane checks.
	urlQualifier bool
}

type handler func(c *call) error

// function parses the {name} path label together with the Qualifier query.
func (c *call) function() (arn.Function, error) {
	ref, err := arn.ParseFunction(c.R.PathValue("name"), "functionName")
	if err != nil {
		return arn.Function{}, err
	}
	q, ok := c.R.URL.Query()["Qualifier"]
	if !ok {
		return ref, nil
	}
	if err := arn.ValidateQualifier(q[0]); err != nil && !c.urlQualifier {
		return arn.Function{}, err
	}
	if ref.Qualifier != "" && ref.Qualifier != q[0] {
		return arn.Function{}, aws.Errorf(aws.ErrInvalid, "The derived qualifier from the function name does not match the specified qualifier.")
	}
	ref.Qualifier = q[0]
	return ref, nil
}

// maxItems parses the MaxItems query parameter (0 when absent).
func (c *call) maxItems() (int, error) { return c.maxItemsUpTo(10000) }

// maxItemsUpTo parses a MaxItems query parameter whose model bound is limit.
func (c *call) maxItemsUpTo(limit int) (int, error) {
	v := c.R.URL.Query().Get("MaxItems")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > limit {
		return 0, arn.ConstraintError(v, "maxItems", fmt.Sprintf("Member must have value between 1 and %d", limit))
	}
	return n, nil
}
