package s3

import (
	"encoding/xml"
	"net/http"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/awsproto"
)

type notificationConfiguration struct {
	XMLName xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ NotificationConfiguration"`
}

// getNotification answers the bucket's notification configuration, empty
// when no Notifications serves them.
func (a *API) getNotification(c *awsproto.Call) error {
	bucket := c.R.PathValue("bucket")
	if _, err := a.store.Bucket(c.R.Context(), bucket); err != nil {
		return err
	}
	if a.cfg.Notifications == nil {
		return c.Reply(http.StatusOK, notificationConfiguration{})
	}
	doc, err := a.cfg.Notifications.Get(c.R.Context(), bucket)
	if err != nil {
		return err
	}
	return document(c, "application/xml", doc)
}

// document answers 200 with a document as it is stored.
func document(c *awsproto.Call, contentType string, doc []byte) error {
	c.W.Header().Set("Content-Type", contentType)
	c.W.WriteHeader(http.StatusOK)
	_, err := c.W.Write(doc)
	return err
}

func (a *API) putNotification(c *awsproto.Call) error {
	bucket := c.R.PathValue("bucket")
	if _, err := a.store.Bucket(c.R.Context(), bucket); err != nil {
		return err
	}
	if a.cfg.Notifications == nil {
		return &aws.Error{Kind: aws.ErrUnknownOperation, Message: "Bucket notifications are not enabled on this server"}
	}
	body, err := readBody(c)
	if err != nil {
		return err
	}
	if err := a.cfg.Notifications.Put(c.R.Context(), bucket, body); err != nil {
		return err
	}
	return c.Empty(http.StatusOK)
}
