package apigw

import (
	"encoding/json"
	"fmt"
	"time"
)

// autoDescription is the description of deployments made by auto-deploy.
const autoDescription = "Automatic deployment triggered by changes to the Api configuration"

// autoDeploy deploys the API's configuration to each stage that deploys
// automatically.
func (s *Server) autoDeploy(a *API) {
	for _, st := range a.Stages {
		if st.AutoDeploy {
			s.deploy(a, st, autoDescription, true)
		}
	}
}

// deploy snapshots the API's configuration as a new deployment; st, when
// not nil, serves it from then on.
func (s *Server) deploy(a *API, st *Stage, description string, auto bool) *Deployment {
	if a.Deployments == nil {
		a.Deployments = map[string]*Deployment{}
	}
	now := s.now().UTC().Truncate(time.Second)
	d := &Deployment{
		DeploymentID: unusedID(a.Deployments, deploymentIDLen), DeploymentStatus: "DEPLOYED", AutoDeployed: auto,
		Description: description, CreatedDate: now, Snapshot: snapshot(a.Routing),
	}
	a.Deployments[d.DeploymentID] = d
	if st != nil {
		st.DeploymentID = d.DeploymentID
		st.LastDeploymentStatusMessage = fmt.Sprintf("Successfully deployed stage with deployment ID '%s'", d.DeploymentID)
		st.LastUpdatedDate = now
	}
	pruneSnapshots(a, d.DeploymentID)
	return d
}

// snapshot is a deep copy of c.
func snapshot(c Routing) *Routing {
	data, _ := json.Marshal(c)
	var out Routing
	_ = json.Unmarshal(data, &out)
	return &out
}

// pruneSnapshots drops the snapshots of deployments no stage serves but
// keep, the newest, which a stage may still be pointed at; the deployments
// themselves stay listed.
func pruneSnapshots(a *API, keep string) {
	served := map[string]bool{keep: true}
	for _, st := range a.Stages {
		served[st.DeploymentID] = true
	}
	for id, d := range a.Deployments {
		if !served[id] {
			d.Snapshot = nil
		}
	}
}
