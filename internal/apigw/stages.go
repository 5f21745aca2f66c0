package apigw

import (
	"net/http"
	"regexp"
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

// stageInput is CreateStage's and UpdateStage's request.
type stageInput struct {
	StageName      *string           `json:"stageName"`
	Description    *string           `json:"description"`
	AutoDeploy     *bool             `json:"autoDeploy"`
	DeploymentID   *string           `json:"deploymentId"`
	StageVariables map[string]string `json:"stageVariables"`
	Tags           map[string]string `json:"tags"`
}

var (
	stageNameRE     = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,128}$`)
	stageVarNameRE  = regexp.MustCompile(`^[a-zA-Z0-9_]{1,64}$`)
	stageVarValueRE = regexp.MustCompile(`^[a-zA-Z0-9\-._~:/?#&=,]*$`)
)

func (s *Server) createStage(c *call) error {
	var in stageInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	switch {
	case in.StageName == nil:
		return aws.Errorf(aws.ErrInvalid, "StageName is a required parameter.")
	case *in.StageName != defaultStage && !stageNameRE.MatchString(*in.StageName):
		return aws.Errorf(aws.ErrInvalid, "Invalid stage name specified: %s. A stage name is $default or 1 to 128 letters, digits, hyphens and underscores.", *in.StageName)
	}
	if err := checkTags(in.Tags); err != nil {
		return err
	}
	var made *Stage
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		if _, ok := a.Stages[*in.StageName]; ok {
			return aws.Errorf(aws.ErrConflict, "Stage %s already exists", *in.StageName)
		}
		now := s.now().UTC().Truncate(time.Second)
		st := &Stage{
			StageName: *in.StageName, StageVariables: map[string]string{}, Tags: map[string]string{},
			RouteSettings: map[string]any{}, CreatedDate: now, LastUpdatedDate: now,
		}
		if in.Tags != nil {
			st.Tags = in.Tags
		}
		if err := s.applyStage(a, st, in); err != nil {
			return err
		}
		if a.Stages == nil {
			a.Stages = map[string]*Stage{}
		}
		a.Stages[st.StageName] = st
		made = st
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, made)
}

// applyStage checks in and applies it to st; a stage that now deploys
// automatically is deployed at once.
func (s *Server) applyStage(a *API, st *Stage, in stageInput) error {
	if err := checkStageVariables(in.StageVariables); err != nil {
		return err
	}
	if in.DeploymentID != nil {
		d, ok := a.Deployments[*in.DeploymentID]
		if !ok || d.Snapshot == nil {
			return aws.Errorf(aws.ErrInvalid, "Invalid deployment identifier specified %s", *in.DeploymentID)
		}
	}
	set(&st.Description, in.Description)
	set(&st.DeploymentID, in.DeploymentID)
	if in.StageVariables != nil {
		st.StageVariables = in.StageVariables
	}
	turnedOn := in.AutoDeploy != nil && *in.AutoDeploy && !st.AutoDeploy
	set(&st.AutoDeploy, in.AutoDeploy)
	st.LastUpdatedDate = s.now().UTC().Truncate(time.Second)
	if turnedOn {
		s.deploy(a, st, autoDescription, true)
	}
	return nil
}

func checkStageVariables(vars map[string]string) error {
	for k, v := range vars {
		if !stageVarNameRE.MatchString(k) {
			return aws.Errorf(aws.ErrInvalid, "Invalid stage variable name %s: names are 1 to 64 letters, digits and underscores.", k)
		}
		if len(v) > 2048 || !stageVarValueRE.MatchString(v) {
			return aws.Errorf(aws.ErrInvalid, "Invalid stage variable value %s for %s: values are up to 2048 of the characters A-Z a-z 0-9 - . _ ~ : / ? # & = ,", v, k)
		}
	}
	return nil
}

func (s *Server) getStage(c *call) error {
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	st, err := stageByName(a, c.R.PathValue("stageName"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, st)
}

func (s *Server) getStages(c *call) error {
	return getList(s, c, func(a *API) map[string]*Stage { return a.Stages }, func(st *Stage) string { return st.StageName })
}

func (s *Server) updateStage(c *call) error {
	var in stageInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var changed *Stage
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		st, err := stageByName(a, c.R.PathValue("stageName"))
		if err != nil {
			return err
		}
		changed = st
		in.StageName = nil
		return s.applyStage(a, st, in)
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, changed)
}

func (s *Server) deleteStage(c *call) error {
	return s.remove(c, func(a *API) error {
		st, err := stageByName(a, c.R.PathValue("stageName"))
		if err == nil {
			delete(a.Stages, st.StageName)
			pruneSnapshots(a, "")
		}
		return err
	})
}

// resetAuthorizersCache forgets the authorizer results cached for a stage.
func (s *Server) resetAuthorizersCache(c *call) error {
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	st, err := stageByName(a, c.R.PathValue("stageName"))
	if err != nil {
		return err
	}
	s.cache.reset(a.APIID, st.StageName)
	return c.Empty(http.StatusNoContent)
}

func stageByName(a *API, name string) (*Stage, error) {
	if st, ok := a.Stages[name]; ok {
		return st, nil
	}
	return nil, aws.Errorf(aws.ErrNotFound, "Invalid stage identifier specified %s", name)
}
