package s3

import (
	"encoding/xml"
	"net/http"
	"time"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// isoTime is how S3's XML writes times.
const isoTime = "2006-01-02T15:04:05.000Z"

type owner struct {
	ID          string
	DisplayName string
}

type listBucketsResult struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListAllMyBucketsResult"`
	Owner   owner
	Buckets []bucketEntry `xml:"Buckets>Bucket"`
}

type bucketEntry struct {
	Name         string
	CreationDate string
	BucketRegion string
}

func (a *API) listBuckets(c *awsproto.Call) error {
	bs, err := a.store.Buckets(c.R.Context())
	if err != nil {
		return err
	}
	out := listBucketsResult{Owner: ownerOf(c.Account())}
	for _, b := range bs {
		out.Buckets = append(out.Buckets, bucketEntry{Name: b.Name, CreationDate: b.Created.Format(isoTime), BucketRegion: b.Region})
	}
	return c.Reply(http.StatusOK, out)
}

func ownerOf(account string) owner { return owner{ID: account, DisplayName: account} }

type createBucketConfiguration struct {
	LocationConstraint string
}

func (a *API) createBucket(c *awsproto.Call) error {
	var in createBucketConfiguration
	if err := c.Decode(&in); err != nil {
		return err
	}
	region, err := a.location(in.LocationConstraint)
	if err != nil {
		return err
	}
	bucket := c.R.PathValue("bucket")
	if err := a.store.CreateBucket(c.R.Context(), bucket, c.Account(), region); err != nil {
		return err
	}
	c.W.Header().Set("Location", "/"+bucket)
	return c.Empty(http.StatusOK)
}

// location is the region a CreateBucket's LocationConstraint asks for:
// the endpoint's own, which us-east-1 never names.
func (a *API) location(constraint string) (string, error) {
	switch {
	case constraint == "":
		return a.cfg.Region, nil
	case constraint == a.cfg.Region && constraint != "us-east-1":
		return constraint, nil
	case constraint == "us-east-1":
		return "", &aws.Error{Kind: objects.ErrInvalidLocation, Message: "The specified location-constraint is not valid"}
	}
	return "", &aws.Error{Kind: objects.ErrIllegalLocation,
		Message: "The " + constraint + " location constraint is incompatible for the region specific endpoint this request was sent to."}
}

func (a *API) headBucket(c *awsproto.Call) error {
	b, err := a.store.Bucket(c.R.Context(), c.R.PathValue("bucket"))
	if err != nil {
		return err
	}
	c.W.Header().Set("x-amz-bucket-region", b.Region)
	return c.Empty(http.StatusOK)
}

func (a *API) deleteBucket(c *awsproto.Call) error {
	bucket := c.R.PathValue("bucket")
	if err := a.store.DeleteBucket(c.R.Context(), bucket); err != nil {
		return err
	}
	if f, ok := a.cfg.Notifications.(forgetter); ok {
		if err := f.Delete(c.R.Context(), bucket); err != nil {
			return err
		}
	}
	return c.Empty(http.StatusNoContent)
}

type locationConstraint struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ LocationConstraint"`
	Region  string   `xml:",chardata"`
}

func (a *API) getBucketLocation(c *awsproto.Call) error {
	b, err := a.store.Bucket(c.R.Context(), c.R.PathValue("bucket"))
	if err != nil {
		return err
	}
	out := locationConstraint{Region: b.Region}
	if b.Region == "us-east-1" {
		out.Region = ""
	}
	return c.Reply(http.StatusOK, out)
}

type versioningConfiguration struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ VersioningConfiguration"`
}

// getBucketVersioning answers that versioning was never enabled: Virga
// keeps one version of each object.
func (a *API) getBucketVersioning(c *awsproto.Call) error {
	if _, err := a.store.Bucket(c.R.Context(), c.R.PathValue("bucket")); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, versioningConfiguration{})
}

// requester is who makes a call, as change events tell it.
func requester(c *awsproto.Call) objects.Requester {
	principal := c.Account()
	if c.Identity.Key.Role.ARN != "" {
		principal = "AWS:" + c.Identity.Key.UserID()
	}
	return objects.Requester{Principal: principal, SourceIP: c.SourceIP(), RequestID: c.RequestID, HostID: hostID(c.RequestID)}
}

// httpTime is how S3's headers write times.
func httpTime(t time.Time) string { return t.UTC().Format(http.TimeFormat) }
