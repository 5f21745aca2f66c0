package apigw

import (
	"net/http"
	"sort"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

// routeInput is CreateRoute's and UpdateRoute's request.
type routeInput struct {
	RouteKey          *string `json:"routeKey"`
	Target            *string `json:"target"`
	AuthorizationType *string `json:"authorizationType"`
	AuthorizerID      *string `json:"authorizerId"`
	APIKeyRequired    *bool   `json:"apiKeyRequired"`
	OperationName     *string `json:"operationName"`
}

func (s *Server) createRoute(c *call) error {
	var in routeInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if in.RouteKey == nil {
		return aws.Errorf(aws.ErrInvalid, "RouteKey is a required parameter.")
	}
	var made *Route
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		r := &Route{RouteID: unusedID(a.Routes, routeIDLen), AuthorizationType: "NONE"}
		if err := applyRoute(a, r, in); err != nil {
			return err
		}
		if a.Routes == nil {
			a.Routes = map[string]*Route{}
		}
		a.Routes[r.RouteID] = r
		made = r
		return nil
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusCreated, made)
}

// applyRoute checks in against the API and applies it to r.
func applyRoute(a *API, r *Route, in routeInput) error {
	next := *r
	set(&next.RouteKey, in.RouteKey)
	set(&next.Target, in.Target)
	set(&next.AuthorizationType, in.AuthorizationType)
	set(&next.AuthorizerID, in.AuthorizerID)
	set(&next.APIKeyRequired, in.APIKeyRequired)
	set(&next.OperationName, in.OperationName)
	if next.AuthorizationType == "NONE" && in.AuthorizerID == nil {
		next.AuthorizerID = ""
	}
	if err := checkRoute(a, next); err != nil {
		return err
	}
	*r = next
	return nil
}

func checkRoute(a *API, r Route) error {
	if _, err := parseRouteKey(r.RouteKey); err != nil {
		return err
	}
	for _, other := range a.Routes {
		if other.RouteID != r.RouteID && other.RouteKey == r.RouteKey {
			return aws.Errorf(aws.ErrConflict, "Unable to create route %s. A route with this key already exists.", r.RouteKey)
		}
	}
	if r.Target != "" {
		id, ok := strings.CutPrefix(r.Target, "integrations/")
		if _, exists := a.Integrations[id]; !ok || !exists {
			return aws.Errorf(aws.ErrInvalid, "Invalid target %s: a route's target must be integrations/ and the id of one of the API's integrations.", r.Target)
		}
	}
	return checkRouteAuth(a, r)
}

func checkRouteAuth(a *API, r Route) error {
	switch r.AuthorizationType {
	case "NONE":
		if r.AuthorizerID != "" {
			return aws.Errorf(aws.ErrInvalid, "AuthorizerId can be set only when AuthorizationType is CUSTOM.")
		}
		return nil
	case "CUSTOM":
		if _, ok := a.Authorizers[r.AuthorizerID]; !ok {
			return aws.Errorf(aws.ErrInvalid, "Invalid authorizer identifier specified %s: a CUSTOM route needs the id of one of the API's authorizers.", r.AuthorizerID)
		}
		return nil
	case "AWS_IAM", "JWT":
		return aws.Errorf(aws.ErrInvalid, "AuthorizationType %s is not supported by Virga; use NONE or CUSTOM.", r.AuthorizationType)
	}
	return aws.Errorf(aws.ErrInvalid, "Invalid authorization type specified: %s. Must be one of [NONE, AWS_IAM, CUSTOM, JWT]", r.AuthorizationType)
}

func (s *Server) getRoute(c *call) error {
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	r, err := routeOf(a, c.R.PathValue("routeId"))
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, r)
}

func (s *Server) getRoutes(c *call) error {
	return getList(s, c, func(a *API) map[string]*Route { return a.Routes }, func(r *Route) string { return r.RouteID })
}

func (s *Server) updateRoute(c *call) error {
	var in routeInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	var changed *Route
	_, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), func(a *API) error {
		r, err := routeOf(a, c.R.PathValue("routeId"))
		if err != nil {
			return err
		}
		changed = r
		return applyRoute(a, r, in)
	})
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, changed)
}

func (s *Server) deleteRoute(c *call) error {
	return s.remove(c, func(a *API) error {
		r, err := routeOf(a, c.R.PathValue("routeId"))
		if err == nil {
			delete(a.Routes, r.RouteID)
		}
		return err
	})
}

func routeOf(a *API, id string) (*Route, error) {
	if r, ok := a.Routes[id]; ok {
		return r, nil
	}
	return nil, aws.Errorf(aws.ErrNotFound, "Invalid Route identifier specified %s", id)
}

// remove runs a deletion on the API and answers 204.
func (s *Server) remove(c *call, del func(a *API) error) error {
	if _, err := s.modify(c.R.Context(), c.R.PathValue("apiId"), del); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

// getList answers a page of one kind of the API's resources, by id.
func getList[T any](s *Server, c *call, items func(*API) map[string]*T, key func(*T) string) error {
	limit, marker, err := c.page()
	if err != nil {
		return err
	}
	a, err := s.load(c.R.Context(), c.R.PathValue("apiId"))
	if err != nil {
		return err
	}
	all := make([]*T, 0, len(items(a)))
	for _, v := range items(a) {
		all = append(all, v)
	}
	sort.Slice(all, func(i, j int) bool { return key(all[i]) < key(all[j]) })
	page, next := aws.PageFrom(all, key, marker, limit)
	return c.Reply(http.StatusOK, list(page, next))
}

// integrationOf is the integration id of a route's target.
func integrationOf(target string) string {
	id, _ := strings.CutPrefix(target, "integrations/")
	return id
}
