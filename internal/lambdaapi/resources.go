package lambdaapi

import (
	"encoding/json"
	"errors"
	"strconv"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/lambda"
)

// The resources IAM policies name for each kind of operation.

// functionResource is the function (version or alias) a path names, as
// an ARN: a plain name is a function of the caller's own account.
func (s *Server) functionResource(ac *awsproto.Call) (string, error) {
	ref, err := (&call{Call: ac}).function()
	if err != nil {
		return "", err
	}
	return s.functionARN(ac, ref), nil
}

func (s *Server) functionARN(ac *awsproto.Call, ref arn.Function) string {
	fn := arn.FunctionARN(or(ref.Region, s.cfg.Region), or(ref.Account, ac.Account()), ref.Name)
	return arn.Qualified(fn, ref.Qualifier)
}

// newFunctionResource is the function CreateFunction would make.
func (s *Server) newFunctionResource(ac *awsproto.Call) (string, error) {
	var in struct{ FunctionName string }
	if json.Unmarshal(ac.Body, &in) != nil || in.FunctionName == "" {
		return "*", nil // the handler answers the malformed body
	}
	ref, err := arn.ParseFunction(in.FunctionName, "functionName")
	if err != nil {
		return "", err
	}
	return s.functionARN(ac, ref), nil
}

// layerResource is the layer, or layer version, a path names.
func (s *Server) layerResource(ac *awsproto.Call) (string, error) {
	l, err := arn.ParseLayerName(ac.R.PathValue("layer"))
	if err != nil {
		return "", err
	}
	layer := arn.LayerARN(or(l.Region, s.cfg.Region), or(l.Account, ac.Account()), l.Name)
	if v := ac.R.PathValue("version"); v != "" {
		if _, err := strconv.ParseInt(v, 10, 64); err == nil {
			return layer + ":" + v, nil
		}
	}
	return layer, nil
}

// taggedResource is the ARN a tagging operation names.
func taggedResource(ac *awsproto.Call) (string, error) { return ac.R.PathValue("arn"), nil }

// resourcePolicy is the policy of the function, version or alias resource
// names, as a document ("" when it has none, or names no function).
func (s *Server) resourcePolicy(ac *awsproto.Call, resource string) (string, error) {
	ref, err := arn.ParseFunction(resource, "functionName")
	if err != nil || ref.Account != s.cfg.Account {
		return "", nil
	}
	if ref.Qualifier == lambda.LatestVersion {
		ref.Qualifier = ""
	}
	p, _, err := s.policies.GetPolicy(ac.R.Context(), ref)
	if errors.Is(err, aws.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	doc, err := json.Marshal(p)
	return string(doc), err
}
