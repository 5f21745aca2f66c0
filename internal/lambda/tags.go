package lambda

import "github.com/virga-dev/virga/internal/aws"

// CheckTags applies the limits of Lambda's tags, on functions and event
// source mappings alike.
func CheckTags(tags map[string]string) error {
	if len(tags) > MaxTags {
		return aws.Errorf(aws.ErrInvalid, "Number of tags exceeds resource tag limit.")
	}
	for k, v := range tags {
		if len(k) < 1 || len(k) > 128 || len(v) > 256 {
			return aws.Errorf(aws.ErrInvalid, "The tag %q is invalid: keys are 1 to 128 characters and values at most 256.", k)
		}
	}
	return nil
}
