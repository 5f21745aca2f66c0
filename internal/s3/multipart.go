package s3

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

type initiateResult struct {
	XMLName  xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ InitiateMultipartUploadResult"`
	Bucket   string
	Key      string
	UploadID string `xml:"UploadId"`
}

func (a *API) createUpload(c *awsproto.Call) error {
	tags, err := headerTags(c.R.Header)
	if err != nil {
		return err
	}
	alg := strings.ToUpper(c.R.Header.Get("x-amz-checksum-algorithm"))
	if alg != "" && !objects.KnownAlgorithm(alg) {
		return &aws.Error{Kind: objects.ErrInvalidRequest, Message: "Checksum algorithm provided is unsupported. Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]"}
	}
	u, err := a.store.CreateUpload(c.R.Context(), objects.Upload{Bucket: c.R.PathValue("bucket"), Key: c.R.PathValue("key"),
		Initiator: c.Account(), Headers: objectHeaders(c.R.Header), Meta: userMeta(c.R.Header), Tags: tags, Algorithm: alg})
	if err != nil {
		return err
	}
	if alg != "" {
		c.W.Header().Set("x-amz-checksum-algorithm", alg)
	}
	return c.Reply(http.StatusOK, initiateResult{Bucket: u.Bucket, Key: u.Key, UploadID: u.ID})
}

// partNumber reads the partNumber parameter, 1 to 10,000.
func partNumber(c *awsproto.Call) (int, error) {
	n, err := strconv.Atoi(c.R.URL.Query().Get("partNumber"))
	if err != nil || n < 1 || n > objects.MaxParts {
		return 0, &aws.Error{Kind: objects.ErrInvalidArgument, Message: "Part number must be an integer between 1 and 10000, inclusive"}
	}
	return n, nil
}

func (a *API) uploadPart(c *awsproto.Call) error {
	n, err := partNumber(c)
	if err != nil {
		return err
	}
	if err := checkLength(c.R, objects.MaxPut); err != nil {
		return err
	}
	check, err := checker(c)
	if err != nil {
		return err
	}
	p, err := a.store.PutPart(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"), c.R.URL.Query().Get("uploadId"), n, c.Stream.Body, check)
	if err != nil {
		return err
	}
	c.W.Header().Set("ETag", quote(p.ETag))
	writeChecksums(c.W.Header(), p.Checksums)
	return c.Empty(http.StatusOK)
}

type copyPartResult struct {
	XMLName      xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CopyPartResult"`
	LastModified string
	ETag         string
}

// uploadPartCopy makes a part of an object's bytes, all or the range
// x-amz-copy-source-range names.
func (a *API) uploadPartCopy(c *awsproto.Call) error {
	n, err := partNumber(c)
	if err != nil {
		return err
	}
	src, err := a.source(c)
	if err != nil {
		return err
	}
	rng := byteRange{0, src.Size - 1}
	if h := c.R.Header.Get("x-amz-copy-source-range"); h != "" {
		var ok bool
		if rng, ok, _ = parseRange(h, src.Size); !ok {
			return &aws.Error{Kind: objects.ErrInvalidArgument, Message: "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy"}
		}
	}
	r, err := a.store.Read(c.R.Context(), src, rng.start, rng.end-rng.start+1)
	if err != nil {
		return err
	}
	defer r.Close()
	p, err := a.store.PutPart(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"), c.R.URL.Query().Get("uploadId"), n, r, nil)
	if err != nil {
		return err
	}
	return c.Reply(http.StatusOK, copyPartResult{LastModified: p.Modified.Format(isoTime), ETag: quote(p.ETag)})
}

type completeRequest struct {
	Parts []struct {
		PartNumber int
		ETag       string
	} `xml:"Part"`
}

func (a *API) completeUpload(c *awsproto.Call) error {
	var in completeRequest
	if err := c.Decode(&in); err != nil {
		return err
	}
	if len(in.Parts) == 0 {
		return malformedXML()
	}
	chosen := make([]objects.Chosen, len(in.Parts))
	for i, p := range in.Parts {
		chosen[i] = objects.Chosen{Number: p.PartNumber, ETag: p.ETag}
	}
	bucket, key := c.R.PathValue("bucket"), c.R.PathValue("key")
	o, err := a.store.Complete(c.R.Context(), bucket, key, c.R.URL.Query().Get("uploadId"), chosen, requester(c))
	if err != nil {
		return err
	}
	out := completeResult{Location: "/" + bucket + "/" + key, Bucket: bucket, Key: key, ETag: quote(o.ETag),
		ChecksumCRC32: o.Checksums["CRC32"], ChecksumCRC32C: o.Checksums["CRC32C"], ChecksumSHA1: o.Checksums["SHA1"], ChecksumSHA256: o.Checksums["SHA256"]}
	return c.Reply(http.StatusOK, out)
}

type completeResult struct {
	XMLName        xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ CompleteMultipartUploadResult"`
	Location       string
	Bucket         string
	Key            string
	ETag           string
	ChecksumCRC32  string `xml:",omitempty"`
	ChecksumCRC32C string `xml:",omitempty"`
	ChecksumSHA1   string `xml:",omitempty"`
	ChecksumSHA256 string `xml:",omitempty"`
}

func (a *API) abortUpload(c *awsproto.Call) error {
	if err := a.store.Abort(c.R.Context(), c.R.PathValue("bucket"), c.R.PathValue("key"), c.R.URL.Query().Get("uploadId")); err != nil {
		return err
	}
	return c.Empty(http.StatusNoContent)
}

// intParam reads an optional integer parameter of at least 0.
func intParam(c *awsproto.Call, name string, def int) (int, error) {
	v := c.R.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, &aws.Error{Kind: objects.ErrInvalidArgument, Message: "Provided " + name + " not an integer or within integer range"}
	}
	return n, nil
}
