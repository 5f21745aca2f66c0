package kms

import (
	"time"

	"github.com/virga-dev/virga/internal/aws"
)

type createKeyInput struct {
	Description string
	KeyUsage    string
	KeySpec     string
	Origin      string
}

func (s *Server) createKey(c *call, in createKeyInput) (any, error) {
	if err := checkCreate(in); err != nil {
		return nil, err
	}
	md, err := s.keys.Create(c.R.Context(), c.Account(), in.Description, s.now())
	return describeOutput{md}, err
}

// checkCreate accepts the symmetric encryption keys Virga makes.
func checkCreate(in createKeyInput) error {
	switch {
	case len(in.Description) > 8192:
		return aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value at 'description' failed to satisfy constraint: Member must have length less than or equal to 8192")
	case in.KeyUsage != "" && in.KeyUsage != "ENCRYPT_DECRYPT":
		return aws.Errorf(aws.ErrInvalid, "Virga makes symmetric ENCRYPT_DECRYPT keys only, not KeyUsage %s", in.KeyUsage)
	case in.KeySpec != "" && in.KeySpec != "SYMMETRIC_DEFAULT":
		return aws.Errorf(aws.ErrInvalid, "Virga makes SYMMETRIC_DEFAULT keys only, not KeySpec %s", in.KeySpec)
	case in.Origin != "" && in.Origin != "AWS_KMS":
		return aws.Errorf(aws.ErrInvalid, "Virga makes its own key material (Origin AWS_KMS), not Origin %s", in.Origin)
	}
	return nil
}

type describeOutput struct {
	KeyMetadata Metadata
}

func (s *Server) describeKey(c *call, in keyRef) (any, error) {
	md, err := s.keys.Describe(c.R.Context(), c.Account(), in.KeyId)
	return describeOutput{md}, err
}

type keyListEntry struct {
	KeyId  string
	KeyArn string
}

type listInput struct {
	Limit  *int
	Marker string
}

// listOutput is a page of a List operation: Keys or Aliases.
type listOutput struct {
	Keys       []keyListEntry `json:"Keys,omitempty"`
	Aliases    []Alias        `json:"Aliases,omitempty"`
	NextMarker string         `json:"NextMarker,omitempty"`
	Truncated  bool
}

func (s *Server) listKeys(c *call, in listInput) (any, error) {
	keys, err := s.keys.List(c.R.Context(), c.Account())
	if err != nil {
		return nil, err
	}
	entries := make([]keyListEntry, len(keys))
	for i, md := range keys {
		entries[i] = keyListEntry{KeyId: md.KeyId, KeyArn: md.Arn}
	}
	page, err := pageOf(entries, func(e keyListEntry) string { return e.KeyId }, in)
	return listOutput{Keys: page.Items, NextMarker: page.Next, Truncated: page.Next != ""}, err
}

func (s *Server) enableKey(c *call, in keyRef) (any, error) {
	return s.setState(c, in, stateEnabled)
}

func (s *Server) disableKey(c *call, in keyRef) (any, error) {
	return s.setState(c, in, stateDisabled)
}

// setState enables or disables the key the call names, unless it is
// pending deletion, and answers with nothing.
func (s *Server) setState(c *call, in keyRef, state string) (any, error) {
	_, err := s.keys.Update(c.R.Context(), c.Account(), in.KeyId, func(md *Metadata) error {
		if md.KeyState == statePendingDeletion {
			return usable(*md)
		}
		md.KeyState, md.Enabled = state, state == stateEnabled
		return nil
	})
	return struct{}{}, err
}

type scheduleInput struct {
	KeyId               string
	PendingWindowInDays *int
}

type scheduleOutput struct {
	KeyId               string
	DeletionDate        float64
	KeyState            string
	PendingWindowInDays int
}

func (s *Server) scheduleKeyDeletion(c *call, in scheduleInput) (any, error) {
	days := 30
	if in.PendingWindowInDays != nil {
		days = *in.PendingWindowInDays
	}
	if days < 7 || days > 30 {
		return nil, aws.Errorf(aws.ErrInvalid, "1 validation error detected: Value '%d' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value between 7 and 30", days)
	}
	when := epoch(s.now().Add(time.Duration(days) * 24 * time.Hour))
	md, err := s.keys.Update(c.R.Context(), c.Account(), in.KeyId, func(md *Metadata) error {
		if md.KeyState == statePendingDeletion {
			return usable(*md)
		}
		md.KeyState, md.Enabled, md.DeletionDate, md.PendingDeletionWindowInDays = statePendingDeletion, false, &when, &days
		return nil
	})
	return scheduleOutput{md.Arn, when, md.KeyState, days}, err
}

// cancelKeyDeletion leaves the key disabled, as KMS does.
func (s *Server) cancelKeyDeletion(c *call, in keyRef) (any, error) {
	md, err := s.keys.Update(c.R.Context(), c.Account(), in.KeyId, func(md *Metadata) error {
		if md.KeyState != statePendingDeletion {
			return aws.Errorf(ErrInvalidState, "%s is not pending deletion.", md.Arn)
		}
		md.KeyState, md.DeletionDate, md.PendingDeletionWindowInDays = stateDisabled, nil, nil
		return nil
	})
	return keyRef{md.Arn}, err
}
