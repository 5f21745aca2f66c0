package lambdaapi

import (
	"net/http"
	"strconv"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/control"
	"github.com/virga-dev/virga/internal/lambda"
)

func (s *Server) publishLayerVersion(c *call) error {
	var in control.PublishLayerVersionInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	v, err := s.layers.PublishLayerVersion(c.R.Context(), c.R.PathValue("layer"), in)
	if err != nil {
		return err
	}
	return s.writeLayerVersion(c, http.StatusCreated, v)
}

func (s *Server) getLayerVersion(c *call) error {
	n, err := c.layerVersion()
	if err != nil {
		return err
	}
	v, err := s.layers.GetLayerVersion(c.R.Context(), c.R.PathValue("layer"), n)
	if err != nil {
		return err
	}
	return s.writeLayerVersion(c, http.StatusOK, v)
}

// writeLayerVersion answers with a layer version and a link to its zip.
func (s *Server) writeLayerVersion(c *call, status int, v control.LayerVersion) error {
	loc, err := s.codeURL(c, v.Blob)
	if err != nil {
		return err
	}
	out := v.LayerVersion
	out.Content.Location = loc
	return c.Reply(status, out)
}

func (s *Server) deleteLayerVersion(c *call) error {
	n, err := c.layerVersion()
	if err != nil {
		return err
	}
	if err := s.layers.DeleteLayerVersion(c.R.Context(), c.R.PathValue("layer"), n); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

type listLayersOutput struct {
	Layers     []lambda.LayersListItem
	NextMarker string `json:",omitempty"`
}

// listLayers serves ListLayers and, with ?find=LayerVersion,
// GetLayerVersionByArn: the two operations share a path.
func (s *Server) listLayers(c *call) error {
	q := c.R.URL.Query()
	if q.Get("find") == "LayerVersion" {
		v, err := s.layers.GetLayerVersionByArn(c.R.Context(), q.Get("Arn"))
		if err != nil {
			return err
		}
		return s.writeLayerVersion(c, http.StatusOK, v)
	}
	f, max, err := c.layerFilter()
	if err != nil {
		return err
	}
	layers, next, err := s.layers.ListLayers(c.R.Context(), f, q.Get("Marker"), max)
	if err != nil {
		return err
	}
	if layers == nil {
		layers = []lambda.LayersListItem{}
	}
	return c.Reply(http.StatusOK, listLayersOutput{Layers: layers, NextMarker: next})
}

type listLayerVersionsOutput struct {
	LayerVersions []lambda.LayerVersionsListItem
	NextMarker    string `json:",omitempty"`
}

func (s *Server) listLayerVersions(c *call) error {
	f, max, err := c.layerFilter()
	if err != nil {
		return err
	}
	versions, next, err := s.layers.ListLayerVersions(c.R.Context(), c.R.PathValue("layer"), f, c.R.URL.Query().Get("Marker"), max)
	if err != nil {
		return err
	}
	if versions == nil {
		versions = []lambda.LayerVersionsListItem{}
	}
	return c.Reply(http.StatusOK, listLayerVersionsOutput{LayerVersions: versions, NextMarker: next})
}

type layerStatementOutput struct {
	Statement  string
	RevisionId string
}

func (s *Server) addLayerVersionPermission(c *call) error {
	n, err := c.layerVersion()
	if err != nil {
		return err
	}
	var in control.LayerPermissionInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	in.RevisionId = c.R.URL.Query().Get("RevisionId")
	st, rev, err := s.layers.AddLayerVersionPermission(c.R.Context(), c.R.PathValue("layer"), n, in)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, layerStatementOutput{Statement: st, RevisionId: rev})
}

type layerPolicyOutput struct {
	Policy     string
	RevisionId string
}

func (s *Server) getLayerVersionPolicy(c *call) error {
	n, err := c.layerVersion()
	if err != nil {
		return err
	}
	policy, rev, err := s.layers.GetLayerVersionPolicy(c.R.Context(), c.R.PathValue("layer"), n)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, layerPolicyOutput{Policy: policy, RevisionId: rev})
}

func (s *Server) removeLayerVersionPermission(c *call) error {
	n, err := c.layerVersion()
	if err != nil {
		return err
	}
	err = s.layers.RemoveLayerVersionPermission(c.R.Context(), c.R.PathValue("layer"), n, c.R.PathValue("sid"), c.R.URL.Query().Get("RevisionId"))
	if err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

// layerVersion parses the {version} path label, a long.
func (c *call) layerVersion() (int64, error) {
	v := c.R.PathValue("version")
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, arn.ConstraintError(v, "versionNumber", "Member must be a number")
	}
	return n, nil
}

// layerFilter parses the list operations' filters and MaxItems (1 to 50).
func (c *call) layerFilter() (control.LayerFilter, int, error) {
	q := c.R.URL.Query()
	max, err := c.maxItemsUpTo(50)
	return control.LayerFilter{Runtime: q.Get("CompatibleRuntime"), Architecture: q.Get("CompatibleArchitecture")}, max, err
}
