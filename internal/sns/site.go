package sns

import (
	"encoding/xml"
	"errors"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/lambda"
)

// sitePath is where Virga serves what SNS serves without a signature: the
// signing certificate, and the links in its messages that confirm and
// delete subscriptions.
const sitePath = "/_virga/sns/"

// SitePath is the prefix of the Site handler.
const SitePath = sitePath

// Site serves the certificate and the subscription links.
func (t *Topics) Site() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, sitePath)
		switch {
		case name == t.signer.certName:
			w.Header().Set("Content-Type", "application/x-x509-ca-cert")
			_, _ = w.Write(t.signer.certPEM)
		case name != "":
			http.NotFound(w, r)
		default:
			t.serveLink(w, r)
		}
	})
}

// serveLink answers a SubscribeURL or an UnsubscribeURL, in SNS's XML.
func (t *Topics) serveLink(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	id := lambda.NewUUID()
	var result any
	var err error
	action := q.Get("Action")
	switch action {
	case "ConfirmSubscription":
		var arn string
		arn, err = t.ConfirmSubscription(r.Context(), q.Get("TopicArn"), q.Get("Token"), false, false)
		result = struct{ SubscriptionArn string }{arn}
	case "Unsubscribe":
		err = t.Unsubscribe(r.Context(), "", q.Get("SubscriptionArn"), false)
	default:
		err = invalid("Action")
	}
	w.Header().Set("Content-Type", "text/xml")
	if err != nil {
		f, known := errorCodes.Fault(err)
		if !known {
			t.log.Error("serving a subscription link failed", "action", action, "err", errors.Unwrap(err))
		}
		w.WriteHeader(f.Status)
		_ = xml.NewEncoder(w).Encode(xmlFault{Xmlns: xmlNamespace, Error: xmlError{Type: "Sender", Code: f.Code, Message: f.Message}, RequestID: id})
		return
	}
	resp := linkResponse{XMLName: xml.Name{Local: action + "Response"}, Xmlns: xmlNamespace, Result: result}
	resp.Metadata.RequestId = id
	_ = xml.NewEncoder(w).Encode(resp)
}

type linkResponse struct {
	XMLName  xml.Name
	Xmlns    string `xml:"xmlns,attr"`
	Result   any    `xml:"ConfirmSubscriptionResult,omitempty"`
	Metadata struct {
		RequestId string
	} `xml:"ResponseMetadata"`
}

type xmlFault struct {
	XMLName   xml.Name `xml:"ErrorResponse"`
	Xmlns     string   `xml:"xmlns,attr"`
	Error     xmlError
	RequestID string `xml:"RequestId"`
}

type xmlError struct{ Type, Code, Message string }
