package sigv4

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// authorization is a parsed signature, from the header or the query.
type authorization struct {
	accessKey, date, region, service string
	signedHeaders                    []string
	signature                        string
	amzDate                          string
	time                             time.Time
	presigned                        bool
	expires                          time.Duration
}

func parse(r *http.Request) (*authorization, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		return parseHeader(h, r)
	}
	q := r.URL.Query()
	if q.Get("X-Amz-Algorithm") != "" {
		return parseQuery(q)
	}
	return nil, &Error{"MissingAuthenticationTokenException", "Missing Authentication Token"}
}

func parseHeader(h string, r *http.Request) (*authorization, error) {
	rest, ok := strings.CutPrefix(h, algorithm+" ")
	if !ok {
		return nil, incomplete("Authorization header requires the " + algorithm + " algorithm. Authorization=" + h)
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		fields[k] = v
	}
	for _, need := range []string{"Credential", "SignedHeaders", "Signature"} {
		if fields[need] == "" {
			return nil, incomplete(fmt.Sprintf("Authorization header requires '%s' parameter. Authorization=%s", need, h))
		}
	}
	a := &authorization{signature: fields["Signature"], signedHeaders: strings.Split(fields["SignedHeaders"], ";")}
	if err := a.setCredential(fields["Credential"]); err != nil {
		return nil, err
	}
	a.amzDate = r.Header.Get("X-Amz-Date")
	if a.amzDate == "" {
		return nil, incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=" + h)
	}
	return a, a.setTime()
}

func parseQuery(q map[string][]string) (*authorization, error) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	if get("X-Amz-Algorithm") != algorithm {
		return nil, incomplete("X-Amz-Algorithm only supports \"" + algorithm + "\"")
	}
	for _, need := range []string{"X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Signature", "X-Amz-Expires"} {
		if get(need) == "" {
			return nil, incomplete("AWS query-string parameters must include '" + need + "'. Re-examine the query-string parameters.")
		}
	}
	secs, err := strconv.Atoi(get("X-Amz-Expires"))
	if err != nil || secs < 1 || secs > 604800 {
		return nil, incomplete("X-Amz-Expires must be a number of seconds between 1 and 604800.")
	}
	a := &authorization{
		signature: get("X-Amz-Signature"), signedHeaders: strings.Split(get("X-Amz-SignedHeaders"), ";"),
		amzDate: get("X-Amz-Date"), presigned: true, expires: time.Duration(secs) * time.Second,
	}
	if err := a.setCredential(get("X-Amz-Credential")); err != nil {
		return nil, err
	}
	return a, a.setTime()
}

// setCredential parses AKID/date/region/service/aws4_request.
func (a *authorization) setCredential(c string) error {
	parts := strings.Split(c, "/")
	if len(parts) != 5 || parts[4] != scopeTerminal || parts[0] == "" || len(parts[1]) != 8 || parts[2] == "" || parts[3] == "" {
		return incomplete("Credential should be scoped to a valid region and service, and end in '" + scopeTerminal + "'. Credential=" + c)
	}
	a.accessKey, a.date, a.region, a.service = parts[0], parts[1], parts[2], parts[3]
	return nil
}

func (a *authorization) setTime() error {
	t, err := time.Parse(timeFormat, a.amzDate)
	if err != nil {
		return incomplete("Date must be in ISO-8601 'basic format'. Got '" + a.amzDate + "'. See http://en.wikipedia.org/wiki/ISO_8601")
	}
	if a.date != a.amzDate[:8] {
		return &Error{"InvalidSignatureException", "Credential should be scoped to a valid date: '" + a.amzDate[:8] + "', not '" + a.date + "'."}
	}
	a.time = t
	return nil
}

func (a *authorization) checkTime(now time.Time) error {
	now = now.UTC()
	f := func(t time.Time) string { return t.Format(timeFormat) }
	if a.presigned {
		if now.After(a.time.Add(a.expires)) {
			return &Error{"InvalidSignatureException", "Signature expired: " + f(a.time.Add(a.expires)) + " is now earlier than " + f(now) + "."}
		}
		return nil
	}
	if a.time.Before(now.Add(-maxSkew)) {
		return &Error{"InvalidSignatureException", fmt.Sprintf("Signature expired: %s is now earlier than %s (%s - 15 min.)",
			f(a.time), f(now.Add(-maxSkew)), f(now))}
	}
	if a.time.After(now.Add(maxSkew)) {
		return &Error{"InvalidSignatureException", fmt.Sprintf("Signature not yet current: %s is still later than %s (%s + 15 min.)",
			f(a.time), f(now.Add(maxSkew)), f(now))}
	}
	return nil
}

func incomplete(msg string) error { return &Error{"IncompleteSignatureException", msg} }
