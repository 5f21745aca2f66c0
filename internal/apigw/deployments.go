package apigw

import (
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
)

// deploymentInput is CreateDeployment's request.
type deploymentInput struct {
	Description *string `json:"description"`
	StageName   *string `json:"stageName"`
}

func (s *Server) createDeployment(c *call) error {
	var in deploymentInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var made *Deployment
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		var st *Stage
		if in.StageName != nil {
			var err error
			if st, err = stageByName(a, *in.StageName); err != nil {
				return aws.Errorf(aws.ErrInvalid, "Invalid stage identifier specified %s", *in.StageName)
			}
		}
		made = s.deploy(a, st, or(in.Description, ""), false)
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, deploymentView(made))
}

func (s *Server) getDeployment(c *call) error {
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	d, err := deploymentByID(a, c.R.PathValue("deploymentId"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, deploymentView(d))
}

func (s *Server) getDeployments(c *call) error {
	return getList(s, c, func(a *API) map[string]*Deployment {
		views := make(map[string]*Deployment, len(a.Deployments))
		for id, d := range a.Deployments {
			views[id] = deploymentView(d)
		}
		return views
	}, func(d *Deployment) string { return d.DeploymentID })
}

func (s *Server) deleteDeployment(c *call) error {
	return s.remove(c, func(a *API) error {
		d, err := deploymentByID(a, c.R.PathValue("deploymentId"))
		if err != nil {
			return err
		}
		for _, st := range a.Stages {
			if st.DeploymentID == d.DeploymentID {
				return aws.Errorf(aws.ErrInvalid, "Active stages pointing to this deployment must be moved or deleted")
			}
		}
		delete(a.Deployments, d.DeploymentID)
		return nil
	})
}

// deploymentView is a deployment as operations answer it.
func deploymentView(d *Deployment) *Deployment {
	v := *d
	v.Snapshot = nil
	return &v
}

func deploymentByID(a *API, id string) (*Deployment, error) {
	if d, ok := a.Deployments[id]; ok {
		return d, nil
	}
	return nil, aws.Errorf(aws.ErrNotFound, "Invalid Deployment identifier specified %s", id)
}
