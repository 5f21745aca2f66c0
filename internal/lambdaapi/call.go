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
	sh := c.nameShape()
	ref, err := arn.ParseFunctionShape(c.R.PathValue("name"), "functionName", sh)
	if err != nil {
		return arn.Function{}, err
	}
	q, ok := c.R.URL.Query()["Qualifier"]
	if !ok {
		return ref, nil
	}
	validate := arn.ValidateQualifier
	if sh == arn.Namespaced {
		validate = arn.ValidateNamespacedQualifier
	}
	if err := validate(q[0]); err != nil && !c.urlQualifier {
		return arn.Function{}, err
	}
	if ref.Qualifier != "" && ref.Qualifier != q[0] {
		return arn.Function{}, aws.Errorf(aws.ErrInvalid, "The derived qualifier from the function name does not match the specified qualifier.")
	}
	ref.Qualifier = q[0]
	return ref, nil
}

// nameShape is the function-name member of the operation called, as the
// Lambda model declares it.
func (c *call) nameShape() arn.Shape {
	if c.Operation == nil {
		return arn.Plain
	}
	return operationShapes[c.Operation.Name]
}

// operationShapes lists the operations whose function name is not the
// plain FunctionName member.
var operationShapes = map[string]arn.Shape{
	"AddPermission": arn.Namespaced, "RemovePermission": arn.Namespaced, "GetPolicy": arn.Namespaced,
	"DeleteFunction": arn.Namespaced, "GetFunction": arn.Namespaced, "GetFunctionConfiguration": arn.Namespaced,
	"InvokeFunction": arn.Namespaced, "InvokeAsync": arn.Namespaced, "ListVersionsByFunction": arn.Namespaced,
	"PutFunctionEventInvokeConfig": arn.Namespaced, "UpdateFunctionEventInvokeConfig": arn.Namespaced,
	"GetFunctionEventInvokeConfig": arn.Namespaced, "DeleteFunctionEventInvokeConfig": arn.Namespaced,
	"ListFunctionEventInvokeConfigs": arn.Namespaced, "GetRuntimeManagementConfig": arn.Namespaced,
	"PutRuntimeManagementConfig": arn.Namespaced, "GetFunctionCodeSigningConfig": arn.Namespaced,
	"PutFunctionCodeSigningConfig": arn.Namespaced, "DeleteFunctionCodeSigningConfig": arn.Namespaced,
	"GetFunctionRecursionConfig": arn.Unqualified, "PutFunctionRecursionConfig": arn.Unqualified,
	"ListDurableExecutionsByFunction": arn.Namespaced,
	"GetFunctionScalingConfig":        arn.Unqualified, "PutFunctionScalingConfig": arn.Unqualified,
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
