package apigw

import (
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// authorizerInput is CreateAuthorizer's and UpdateAuthorizer's request.
type authorizerInput struct {
	Name                           *string  `json:"name"`
	AuthorizerType                 *string  `json:"authorizerType"`
	AuthorizerURI                  *string  `json:"authorizerUri"`
	AuthorizerPayloadFormatVersion *string  `json:"authorizerPayloadFormatVersion"`
	AuthorizerResultTTLInSeconds   *int     `json:"authorizerResultTtlInSeconds"`
	EnableSimpleResponses          *bool    `json:"enableSimpleResponses"`
	IdentitySource                 []string `json:"identitySource"`
	AuthorizerCredentialsArn       *string  `json:"authorizerCredentialsArn"`
}

func (s *Server) createAuthorizer(c *call) error {
	var in authorizerInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	switch {
	case in.Name == nil:
		return aws.Errorf(aws.ErrInvalid, "Name is a required parameter.")
	case in.AuthorizerType == nil:
		return aws.Errorf(aws.ErrInvalid, "AuthorizerType is a required parameter.")
	}
	var made *Authorizer
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		au := &Authorizer{AuthorizerID: unusedID(a.Authorizers, authorizerIDLen)}
		if err := applyAuthorizer(au, in); err != nil {
			return err
		}
		if a.Authorizers == nil {
			a.Authorizers = map[string]*Authorizer{}
		}
		a.Authorizers[au.AuthorizerID] = au
		made = au
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, made)
}

// applyAuthorizer checks in and applies it to au.
func applyAuthorizer(au *Authorizer, in authorizerInput) error {
	next := *au
	set(&next.Name, in.Name)
	set(&next.AuthorizerType, in.AuthorizerType)
	set(&next.AuthorizerURI, in.AuthorizerURI)
	set(&next.AuthorizerPayloadFormatVersion, in.AuthorizerPayloadFormatVersion)
	set(&next.AuthorizerResultTTLInSeconds, in.AuthorizerResultTTLInSeconds)
	set(&next.EnableSimpleResponses, in.EnableSimpleResponses)
	set(&next.AuthorizerCredentialsArn, in.AuthorizerCredentialsArn)
	if in.IdentitySource != nil {
		next.IdentitySource = in.IdentitySource
	}
	if err := checkAuthorizer(next); err != nil {
		return err
	}
	*au = next
	return nil
}

func checkAuthorizer(au Authorizer) error {
	switch au.AuthorizerType {
	case "REQUEST":
	case "JWT":
		return aws.Errorf(aws.ErrInvalid, "AuthorizerType JWT is not supported by Virga; use a Lambda REQUEST authorizer.")
	default:
		return aws.Errorf(aws.ErrInvalid, "Invalid authorizer type specified: %s. Must be one of [REQUEST, JWT]", au.AuthorizerType)
	}
	switch {
	case len(au.Name) < 1 || len(au.Name) > 128:
		return aws.Errorf(aws.ErrInvalid, "Invalid authorizer name specified. Name must be between 1 and 128 characters.")
	case au.AuthorizerURI == "":
		return aws.Errorf(aws.ErrInvalid, "AuthorizerUri is required for a REQUEST authorizer.")
	case au.AuthorizerPayloadFormatVersion != "1.0" && au.AuthorizerPayloadFormatVersion != "2.0":
		return aws.Errorf(aws.ErrInvalid, "AuthorizerPayloadFormatVersion is required for a REQUEST authorizer of an HTTP API and must be one of [1.0, 2.0].")
	case au.EnableSimpleResponses && au.AuthorizerPayloadFormatVersion != "2.0":
		return aws.Errorf(aws.ErrInvalid, "EnableSimpleResponses can be true only when AuthorizerPayloadFormatVersion is 2.0.")
	case au.AuthorizerResultTTLInSeconds < 0 || au.AuthorizerResultTTLInSeconds > 3600:
		return aws.Errorf(aws.ErrInvalid, "Invalid AuthorizerResultTtlInSeconds specified: %d. It must be between 0 and 3600.", au.AuthorizerResultTTLInSeconds)
	case au.AuthorizerResultTTLInSeconds > 0 && len(au.IdentitySource) == 0:
		return aws.Errorf(aws.ErrInvalid, "IdentitySource is required when authorizer caching is enabled (AuthorizerResultTtlInSeconds greater than 0).")
	}
	for _, src := range au.IdentitySource {
		if !validIdentitySource(src) {
			return aws.Errorf(aws.ErrInvalid, "Invalid identity source %s: expected $request.header.<name>, $request.querystring.<name>, $context.<name> or $stageVariables.<name>.", src)
		}
	}
	return checkLambdaURI(au.AuthorizerURI)
}

// identitySourcePrefixes are the mapping expressions an identity source
// may use.
var identitySourcePrefixes = []string{"$request.header.", "$request.querystring.", "$context.", "$stageVariables."}

func validIdentitySource(src string) bool {
	for _, p := range identitySourcePrefixes {
		if name, ok := strings.CutPrefix(src, p); ok && name != "" {
			return true
		}
	}
	return false
}

func (s *Server) getAuthorizer(c *call) error {
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	au, err := authorizerByID(a, c.R.PathValue("authorizerId"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, au)
}

func (s *Server) getAuthorizers(c *call) error {
	return getList(s, c, func(a *API) map[string]*Authorizer { return a.Authorizers },
		func(au *Authorizer) string { return au.AuthorizerID })
}

func (s *Server) updateAuthorizer(c *call) error {
	var in authorizerInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var changed *Authorizer
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		au, err := authorizerByID(a, c.R.PathValue("authorizerId"))
		if err != nil {
			return err
		}
		changed = au
		return applyAuthorizer(au, in)
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, changed)
}

// deleteAuthorizer deletes an authorizer even when routes use it, as the
// model allows no other answer; those routes then answer 500.
func (s *Server) deleteAuthorizer(c *call) error {
	return s.remove(c, func(a *API) error {
		au, err := authorizerByID(a, c.R.PathValue("authorizerId"))
		if err != nil {
			return err
		}
		delete(a.Authorizers, au.AuthorizerID)
		return nil
	})
}

func authorizerByID(a *API, id string) (*Authorizer, error) {
	if au, ok := a.Authorizers[id]; ok {
		return au, nil
	}
	return nil, aws.Errorf(aws.ErrNotFound, "Invalid Authorizer identifier specified %s", id)
}
