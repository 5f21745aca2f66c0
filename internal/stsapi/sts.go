// Package stsapi is STS's GetCallerIdentity (query protocol): who the
// caller's key belongs to, which clients ask before anything else.
package stsapi

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

// Service is STS as the front door serves it; any account may ask.
func Service() *awsproto.Service {
	ops := []awsproto.Operation{{Name: "GetCallerIdentity", Handle: getCallerIdentity}}
	return &awsproto.Service{
		Name:      "sts",
		Protocols: []awsproto.Protocol{awsproto.NewQuery("https://sts.amazonaws.com/doc/2011-06-15/", ops)},
		Errors:    errorCodes,
		Authorize: awsproto.Everyone,
	}
}

type callerIdentity struct {
	Arn     string
	UserId  string
	Account string
}

func getCallerIdentity(c *awsproto.Call) error {
	account := c.Account()
	return c.Reply(http.StatusOK, callerIdentity{Arn: "arn:aws:iam::" + account + ":root", UserId: account, Account: account})
}

var errorCodes = awsproto.Errors{
	aws.ErrMalformed:        {Code: "MalformedInput", Status: http.StatusBadRequest},
	aws.ErrUnauthenticated:  {Code: "AccessDenied", Status: http.StatusForbidden},
	aws.ErrUnknownOperation: {Code: "InvalidAction", Status: http.StatusBadRequest},
	aws.ErrTooLarge:         {Code: "RequestEntityTooLarge", Status: http.StatusRequestEntityTooLarge},
	aws.ErrInternal:         {Code: "InternalFailure", Status: http.StatusInternalServerError},
}
