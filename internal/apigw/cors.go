package apigw

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
)

var corsMethods = map[string]bool{
	"*": true, "GET": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "HEAD": true, "OPTIONS": true,
}

// checkCors checks a CORS configuration as CreateApi and UpdateApi take it.
func checkCors(c *Cors) error {
	if c == nil {
		return nil
	}
	for _, m := range c.AllowMethods {
		if !corsMethods[strings.ToUpper(m)] {
			return aws.Errorf(aws.ErrInvalid, "Invalid CORS method %s: AllowMethods are HTTP methods or *.", m)
		}
	}
	if c.MaxAge != nil && (*c.MaxAge < -1 || *c.MaxAge > 86400) {
		return aws.Errorf(aws.ErrInvalid, "Invalid CORS MaxAge %d: it must be between -1 and 86400.", *c.MaxAge)
	}
	if c.AllowCredentials != nil && *c.AllowCredentials && contains(c.AllowOrigins, "*") {
		return aws.Errorf(aws.ErrInvalid, "AllowCredentials cannot be true when AllowOrigins includes *.")
	}
	return nil
}

// isPreflight reports a CORS preflight request.
func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Origin") != "" && r.Header.Get("Access-Control-Request-Method") != ""
}

// allowedOrigin is the Access-Control-Allow-Origin value for the request's
// origin, or "" when the configuration does not allow it.
func (c *Cors) allowedOrigin(origin string) string {
	for _, o := range c.AllowOrigins {
		switch {
		case o == "*":
			return "*"
		case strings.EqualFold(o, origin):
			return origin
		}
	}
	return ""
}

// preflight answers a CORS preflight from the configuration, without
// invoking anything.
func (c *Cors) preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	if origin := c.allowedOrigin(r.Header.Get("Origin")); origin != "" {
		h.Set("Access-Control-Allow-Origin", origin)
		if len(c.AllowMethods) > 0 {
			h.Set("Access-Control-Allow-Methods", strings.Join(c.AllowMethods, ","))
		}
		if len(c.AllowHeaders) > 0 {
			h.Set("Access-Control-Allow-Headers", strings.Join(c.AllowHeaders, ","))
		}
		if c.MaxAge != nil && *c.MaxAge >= 0 {
			h.Set("Access-Control-Max-Age", strconv.Itoa(*c.MaxAge))
		}
		c.credentials(h)
	}
	w.WriteHeader(http.StatusNoContent)
}

// apply replaces the CORS headers of a response with the configured ones:
// the configuration wins over what the integration sent.
func (c *Cors) apply(h http.Header, origin string) {
	for k := range h {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			delete(h, k)
		}
	}
	allowed := c.allowedOrigin(origin)
	if origin == "" || allowed == "" {
		return
	}
	h.Set("Access-Control-Allow-Origin", allowed)
	if len(c.ExposeHeaders) > 0 {
		h.Set("Access-Control-Expose-Headers", strings.Join(c.ExposeHeaders, ","))
	}
	c.credentials(h)
}

func (c *Cors) credentials(h http.Header) {
	if c.AllowCredentials != nil && *c.AllowCredentials {
		h.Set("Access-Control-Allow-Credentials", "true")
	}
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
