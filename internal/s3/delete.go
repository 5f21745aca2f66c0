package s3

import (
	"encoding/xml"
	"net/http"

	"github.com/virga-dev/virga/internal/awsproto"
)

// maxDeleteKeys is the most keys one DeleteObjects may name.
const maxDeleteKeys = 1000

func (a *API) deleteObject(c *awsproto.Call) error {
	if err := a.store.Delete(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"), requester(c)); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

type deleteRequest struct {
	Quiet   bool
	Objects []struct {
		Key       string
		VersionID string `xml:"VersionId"`
	} `xml:"Object"`
}

type deleteResult struct {
	XMLName xml.Name       `xml:"http://s3.amazonaws.com/doc/2006-03-01/ DeleteResult"`
	Deleted []deletedEntry `xml:"Deleted"`
	Errors  []deleteError  `xml:"Error"`
}

type deletedEntry struct {
	Key string
}

type deleteError struct {
	Key     string
	Code    string
	Message string
}

func (a *API) deleteObjects(c *awsproto.Call) error {
	var in deleteRequest
	if err := c.Decode(&in); err != nil {
		return err
	}
	if len(in.Objects) == 0 || len(in.Objects) > maxDeleteKeys {
		return malformedXML()
	}
	bucket := c.R.PathValue("bucket")
	if _, err := a.store.Bucket(c.R.Context(), bucket); err != nil {
		return err
	}
	var out deleteResult
	for _, o := range in.Objects {
		err := a.store.Delete(c.R.Context(), bucket, o.Key, requester(c))
		switch e, known := errorCodes.Fault(err); {
		case err == nil && !in.Quiet:
			out.Deleted = append(out.Deleted, deletedEntry{Key: o.Key})
		case err != nil && known:
			out.Errors = append(out.Errors, deleteError{Key: o.Key, Code: e.Code, Message: e.Message})
		case err != nil:
			out.Errors = append(out.Errors, deleteError{Key: o.Key, Code: "InternalError", Message: "We encountered an internal error. Please try again."})
		}
	}
	return c.Reply(http.StatusOK, out)
}
