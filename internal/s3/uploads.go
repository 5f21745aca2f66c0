package s3

import (
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

type partEntry struct {
	PartNumber   int
	LastModified string
	ETag         string
	Size         int64
}

type listPartsResult struct {
	XMLName              xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListPartsResult"`
	Bucket               string
	Key                  string
	UploadID             string `xml:"UploadId"`
	Initiator            owner
	Owner                owner
	StorageClass         string
	PartNumberMarker     int
	NextPartNumberMarker int
	MaxParts             int
	IsTruncated          bool
	Parts                []partEntry `xml:"Part"`
}

func (a *API) listParts(c *awsproto.Call) error {
	limit, marker, err := partsPage(c)
	if err != nil {
		return err
	}
	u, err := a.store.Upload(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"), c.R.URL.Query().Get("uploadId"))
	if err != nil {
		return err
	}
	out := listPartsResult{Bucket: u.Bucket, Key: u.Key, UploadID: u.ID, Initiator: ownerOf(u.Initiator), Owner: ownerOf(u.Initiator),
		StorageClass: "STANDARD", PartNumberMarker: marker, MaxParts: min(limit, 1000)}
	for _, p := range sortedParts(u) {
		if p.Number <= marker {
			continue
		}
		if len(out.Parts) == out.MaxParts {
			out.IsTruncated = true
			break
		}
		out.Parts = append(out.Parts, partEntry{PartNumber: p.Number, LastModified: p.Modified.Format(isoTime), ETag: quote(p.ETag), Size: p.Size})
		out.NextPartNumberMarker = p.Number
	}
	return c.Reply(http.StatusOK, out)
}

// partsPage reads ListParts' max-parts and part-number-marker.
func partsPage(c *awsproto.Call) (limit, marker int, err error) {
	if limit, err = intParam(c, "max-parts", 1000); err == nil {
		marker, err = intParam(c, "part-number-marker", 0)
	}
	return limit, marker, err
}

func sortedParts(u objects.Upload) []objects.Part {
	parts := make([]objects.Part, 0, len(u.Parts))
	for n := 1; len(parts) < len(u.Parts) && n <= objects.MaxParts; n++ {
		if p, ok := u.Parts[n]; ok {
			parts = append(parts, p)
		}
	}
	return parts
}

type uploadEntry struct {
	Key          string
	UploadID     string `xml:"UploadId"`
	Initiator    owner
	Owner        owner
	StorageClass string
	Initiated    string
}

type listUploadsResult struct {
	XMLName            xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListMultipartUploadsResult"`
	Bucket             string
	KeyMarker          string
	UploadIDMarker     string `xml:"UploadIdMarker"`
	NextKeyMarker      string
	NextUploadIDMarker string `xml:"NextUploadIdMarker"`
	Prefix             string
	MaxUploads         int
	IsTruncated        bool
	Uploads            []uploadEntry `xml:"Upload"`
}

func (a *API) listUploads(c *awsproto.Call) error {
	limit, err := intParam(c, "max-uploads", 1000)
	if err != nil {
		return err
	}
	bucket, q := c.R.PathValue("bucket"), c.R.URL.Query()
	us, err := a.store.Uploads(c.R.Context(), bucket)
	if err != nil {
		return err
	}
	out := listUploadsResult{Bucket: bucket, KeyMarker: q.Get("key-marker"), UploadIDMarker: q.Get("upload-id-marker"),
		Prefix: q.Get("prefix"), MaxUploads: min(limit, 1000)}
	for _, u := range us {
		if !strings.HasPrefix(u.Key, out.Prefix) || u.Key < out.KeyMarker || u.Key == out.KeyMarker && u.ID <= out.UploadIDMarker {
			continue
		}
		if len(out.Uploads) == out.MaxUploads {
			out.IsTruncated = true
			break
		}
		out.Uploads = append(out.Uploads, uploadEntry{Key: u.Key, UploadID: u.ID, Initiator: ownerOf(u.Initiator), Owner: ownerOf(u.Initiator),
			StorageClass: "STANDARD", Initiated: u.Initiated.Format(isoTime)})
		out.NextKeyMarker, out.NextUploadIDMarker = u.Key, u.ID
	}
	return c.Reply(http.StatusOK, out)
}
