package s3

import (
	"encoding/base64"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
	"github.com/virga-dev/virga/internal/objects"
)

// maxListKeys is the most entries one page of a listing holds.
const maxListKeys = 1000

type listEntry struct {
	Key               string
	LastModified      string
	ETag              string
	Size              int64
	StorageClass      string
	Owner             *owner `xml:",omitempty"`
	ChecksumAlgorithm string `xml:",omitempty"`
}

type commonPrefix struct {
	Prefix string
}

type listResult struct {
	XMLName               xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
	Name                  string
	Prefix                string
	Marker                *string `xml:",omitempty"`
	NextMarker            string  `xml:",omitempty"`
	ContinuationToken     string  `xml:",omitempty"`
	NextContinuationToken string  `xml:",omitempty"`
	StartAfter            string  `xml:",omitempty"`
	KeyCount              *int    `xml:",omitempty"`
	MaxKeys               int
	Delimiter             string `xml:",omitempty"`
	IsTruncated           bool
	Contents              []listEntry
	CommonPrefixes        []commonPrefix
	EncodingType          string `xml:",omitempty"`
}

// listParams are the parameters both listings share.
type listParams struct {
	prefix, delimiter, encoding string
	max                         int
}

func readListParams(q url.Values) (listParams, error) {
	p := listParams{prefix: q.Get("prefix"), delimiter: q.Get("delimiter"), encoding: q.Get("encoding-type"), max: maxListKeys}
	if v := q.Get("max-keys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return p, &aws.Error{Kind: objects.ErrInvalidArgument, Message: "Provided max-keys not an integer or within integer range"}
		}
		p.max = min(n, maxListKeys)
	}
	if p.encoding != "" && p.encoding != "url" {
		return p, &aws.Error{Kind: objects.ErrInvalidArgument, Message: "Invalid Encoding Method specified in Request"}
	}
	return p, nil
}

func (a *API) listObjects(c *awsproto.Call) error {
	q := c.R.URL.Query()
	p, err := readListParams(q)
	if err != nil {
		return err
	}
	marker := q.Get("marker")
	out, pg, err := a.list(c, p, marker, true)
	if err != nil {
		return err
	}
	enc := encoder(p.encoding)
	out.Marker = &marker
	*out.Marker = enc(marker)
	if pg.truncated && p.delimiter != "" {
		out.NextMarker = enc(pg.last)
	}
	return c.Reply(http.StatusOK, out)
}

func (a *API) listObjectsV2(c *awsproto.Call) error {
	q := c.R.URL.Query()
	p, err := readListParams(q)
	if err != nil {
		return err
	}
	marker, token := q.Get("start-after"), q.Get("continuation-token")
	if token != "" {
		raw, err := base64.RawURLEncoding.DecodeString(token)
		if err != nil {
			return &aws.Error{Kind: objects.ErrInvalidArgument, Message: "The continuation token provided is incorrect"}
		}
		marker = max(marker, string(raw))
	}
	out, pg, err := a.list(c, p, marker, q.Get("fetch-owner") == "true")
	if err != nil {
		return err
	}
	count := len(out.Contents) + len(out.CommonPrefixes)
	out.KeyCount, out.ContinuationToken, out.StartAfter = &count, token, encoder(p.encoding)(q.Get("start-after"))
	if pg.truncated {
		out.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(pg.last))
	}
	return c.Reply(http.StatusOK, out)
}

// list makes the page of a listing after marker.
func (a *API) list(c *awsproto.Call, p listParams, marker string, owners bool) (listResult, page, error) {
	bucket := c.R.PathValue("bucket")
	keys, err := a.store.Keys(c.R.Context(), bucket, p.prefix)
	if err != nil {
		return listResult{}, page{}, err
	}
	pg := paginate(keys, p.prefix, p.delimiter, marker, p.max)
	enc := encoder(p.encoding)
	out := listResult{Name: bucket, Prefix: enc(p.prefix), MaxKeys: p.max, Delimiter: enc(p.delimiter), IsTruncated: pg.truncated, EncodingType: p.encoding}
	for _, k := range pg.keys {
		o, err := a.store.Get(c.R.Context(), bucket, k)
		if err != nil {
			continue
		}
		out.Contents = append(out.Contents, entryOf(o, enc, owners, c.Account()))
	}
	for _, cp := range pg.prefixes {
		out.CommonPrefixes = append(out.CommonPrefixes, commonPrefix{Prefix: enc(cp)})
	}
	return out, pg, nil
}

func entryOf(o objects.Object, enc func(string) string, owners bool, account string) listEntry {
	e := listEntry{Key: enc(o.Key), LastModified: o.Modified.Format(isoTime), ETag: quote(o.ETag), Size: o.Size, StorageClass: "STANDARD"}
	if owners {
		own := ownerOf(account)
		e.Owner = &own
	}
	for alg := range o.Checksums {
		e.ChecksumAlgorithm = alg
	}
	return e
}

// encoder is the encoding a listing's names take: url-encoded, as
// encoding-type=url asks, or as they are.
func encoder(encoding string) func(string) string {
	if encoding != "url" {
		return func(s string) string { return s }
	}
	return func(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "%2F", "/") }
}
