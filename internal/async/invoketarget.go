package async

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/delivery"
	"github.com/virga-dev/virga/internal/lambda"
)

// InvokeKind is the target kind of other services' events for a function
// (topics, event buses, schedules, bucket notifications): an asynchronous
// invocation, which Lambda's own retries and destinations then carry, as
// on AWS. A target's name is the function's ARN, qualified or not.
const InvokeKind = "lambda"

// Attributes of a delivery of kind InvokeKind that name the service that
// invokes (a principal, "sns.amazonaws.com") and the source it invokes for
// (a topic's ARN and its account): the function's resource-based policy
// must then allow it, as on AWS.
const (
	AttrSourcePrincipal = delivery.AttrSourcePrincipal
	AttrSourceArn       = delivery.AttrSourceArn
	AttrSourceAccount   = delivery.AttrSourceAccount
)

// Grants reads functions' resource-based policies.
type Grants interface {
	ServiceMayInvoke(ctx context.Context, ref arn.Function, principal, sourceARN, sourceAccount string) (bool, error)
}

// InvokeTarget hands a delivery to a function as an Event invocation.
type InvokeTarget struct {
	invoker Invoker
	grants  Grants
}

// NewInvokeTarget builds the target of kind InvokeKind.
func NewInvokeTarget(inv Invoker, grants Grants) *InvokeTarget {
	return &InvokeTarget{invoker: inv, grants: grants}
}

// requestID is the id of the invocation an attempt makes, derived from
// the delivery and its attempt: an attempt made again after a crash, its
// event already queued, is then recognized as a duplicate and the
// function runs once.
func requestID(d delivery.Delivery) string {
	return lambda.DerivedUUID(d.Producer + "/" + d.ID + "/" + strconv.Itoa(d.Attempts))
}

// Deliver returns once the function's queue holds the event. A function
// that does not exist is gone; a payload the function cannot take, or a
// service its policy does not allow, is refused; anything else is tried
// again.
func (t *InvokeTarget) Deliver(ctx context.Context, d delivery.Delivery) (delivery.Reply, error) {
	ref, err := arn.ParseFunction(d.Target.Name, "functionName")
	if err != nil {
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	}
	if err := t.allowed(ctx, ref, d); err != nil {
		return delivery.Reply{}, err
	}
	_, err = t.invoker.Invoke(ctx, lambda.Invocation{
		Region: ref.Region, Account: ref.Account, Name: ref.Name, Qualifier: ref.Qualifier,
		Type: lambda.InvokeEvent, RequestID: requestID(d), Payload: d.Payload, TraceID: d.Attributes[attrTrace],
	})
	switch {
	case errors.Is(err, aws.ErrNotFound):
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrGone, err)
	case errors.Is(err, aws.ErrTooLarge), errors.Is(err, aws.ErrInvalid), errors.Is(err, aws.ErrMalformed):
		return delivery.Reply{}, fmt.Errorf("%w: %w", delivery.ErrPermanent, err)
	}
	return delivery.Reply{}, err
}

// allowed checks the function's policy when a service invokes it.
func (t *InvokeTarget) allowed(ctx context.Context, ref arn.Function, d delivery.Delivery) error {
	principal := d.Attributes[AttrSourcePrincipal]
	if principal == "" || t.grants == nil {
		return nil
	}
	ok, err := t.grants.ServiceMayInvoke(ctx, ref, principal, d.Attributes[AttrSourceArn], d.Attributes[AttrSourceAccount])
	switch {
	case errors.Is(err, aws.ErrNotFound):
		return fmt.Errorf("%w: %w", delivery.ErrGone, err)
	case err != nil:
		return err
	case !ok:
		return fmt.Errorf("%w: the resource-based policy of %s does not allow %s to invoke it for %s", delivery.ErrPermanent,
			d.Target.Name, principal, d.Attributes[AttrSourceArn])
	}
	return nil
}
