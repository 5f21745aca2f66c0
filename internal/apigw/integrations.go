package apigw

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
)

// integrationInput is CreateIntegration's and UpdateIntegration's request.
type integrationInput struct {
	IntegrationType      *string `json:"integrationType"`
	IntegrationURI       *string `json:"integrationUri"`
	IntegrationMethod    *string `json:"integrationMethod"`
	ConnectionType       *string `json:"connectionType"`
	PayloadFormatVersion *string `json:"payloadFormatVersion"`
	TimeoutInMillis      *int    `json:"timeoutInMillis"`
	Description          *string `json:"description"`
	CredentialsArn       *string `json:"credentialsArn"`
}

func (s *Server) createIntegration(c *call) error {
	var in integrationInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if in.IntegrationType == nil {
		return aws.Errorf(aws.ErrInvalid, "IntegrationType is a required parameter.")
	}
	var made *Integration
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		integ := &Integration{
			IntegrationID: unusedID(a.Integrations, integrationIDLen), IntegrationMethod: invocationsMethod,
			ConnectionType: connectionTypePlain, PayloadFormatVersion: "1.0", TimeoutInMillis: defaultTimeoutMs,
		}
		if err := applyIntegration(integ, in); err != nil {
			return err
		}
		if a.Integrations == nil {
			a.Integrations = map[string]*Integration{}
		}
		a.Integrations[integ.IntegrationID] = integ
		made = integ
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, made)
}

// applyIntegration checks in and applies it to integ.
func applyIntegration(integ *Integration, in integrationInput) error {
	next := *integ
	set(&next.IntegrationType, in.IntegrationType)
	set(&next.IntegrationURI, in.IntegrationURI)
	set(&next.IntegrationMethod, in.IntegrationMethod)
	set(&next.ConnectionType, in.ConnectionType)
	set(&next.PayloadFormatVersion, in.PayloadFormatVersion)
	set(&next.TimeoutInMillis, in.TimeoutInMillis)
	set(&next.Description, in.Description)
	set(&next.CredentialsArn, in.CredentialsArn)
	if err := checkIntegration(next); err != nil {
		return err
	}
	*integ = next
	return nil
}

func checkIntegration(integ Integration) error {
	switch integ.IntegrationType {
	case "AWS_PROXY":
	case "HTTP_PROXY", "AWS", "HTTP", "MOCK":
		return aws.Errorf(aws.ErrInvalid, "IntegrationType %s is not supported by Virga; HTTP APIs here integrate with Lambda (AWS_PROXY).", integ.IntegrationType)
	default:
		return aws.Errorf(aws.ErrInvalid, "Invalid integration type specified: %s. Must be one of [AWS, HTTP, MOCK, HTTP_PROXY, AWS_PROXY]", integ.IntegrationType)
	}
	switch {
	case integ.IntegrationURI == "":
		return aws.Errorf(aws.ErrInvalid, "IntegrationUri is required for an AWS_PROXY integration.")
	case integ.PayloadFormatVersion != "1.0" && integ.PayloadFormatVersion != "2.0":
		return aws.Errorf(aws.ErrInvalid, "Invalid payload format version specified: %s. Must be one of [1.0, 2.0]", integ.PayloadFormatVersion)
	case integ.TimeoutInMillis < 50 || integ.TimeoutInMillis > 30000:
		return aws.Errorf(aws.ErrInvalid, "Invalid timeout specified: %d. Timeout must be between 50 and 30000 milliseconds.", integ.TimeoutInMillis)
	case integ.ConnectionType != connectionTypePlain:
		return aws.Errorf(aws.ErrInvalid, "ConnectionType %s is not supported for AWS_PROXY integrations.", integ.ConnectionType)
	}
	return checkLambdaURI(integ.IntegrationURI)
}

func (s *Server) getIntegration(c *call) error {
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	integ, err := integrationByID(a, c.R.PathValue("integrationId"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, integ)
}

func (s *Server) getIntegrations(c *call) error {
	return getList(s, c, func(a *API) map[string]*Integration { return a.Integrations },
		func(i *Integration) string { return i.IntegrationID })
}

func (s *Server) updateIntegration(c *call) error {
	var in integrationInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var changed *Integration
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		integ, err := integrationByID(a, c.R.PathValue("integrationId"))
		if err != nil {
			return err
		}
		changed = integ
		return applyIntegration(integ, in)
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, changed)
}

// deleteIntegration deletes an integration even when routes target it, as
// the model allows no other answer; those routes then answer 500.
func (s *Server) deleteIntegration(c *call) error {
	return s.remove(c, func(a *API) error {
		integ, err := integrationByID(a, c.R.PathValue("integrationId"))
		if err != nil {
			return err
		}
		delete(a.Integrations, integ.IntegrationID)
		return nil
	})
}

func integrationByID(a *API, id string) (*Integration, error) {
	if integ, ok := a.Integrations[id]; ok {
		return integ, nil
	}
	return nil, aws.Errorf(aws.ErrNotFound, "Invalid Integration identifier specified %s", id)
}
