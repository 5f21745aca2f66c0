package iamapi

import "github.com/virga-dev/virga/internal/awsproto"

// The resources IAM policies name for the IAM actions: the role (as
// arn:aws:iam::account:role/NAME, without its path, which the request does
// not carry) or the managed policy.

func formValue(c *awsproto.Call, name string) string {
	form, err := c.Form()
	if err != nil {
		return ""
	}
	return form.Get(name)
}

func roleResource(c *awsproto.Call) (string, error) {
	return "arn:aws:iam::" + c.Account() + ":role/" + formValue(c, "RoleName"), nil
}

func policyResource(c *awsproto.Call) (string, error) {
	if arn := formValue(c, "PolicyArn"); arn != "" {
		return arn, nil
	}
	path := formValue(c, "Path")
	if path == "" {
		path = "/"
	}
	return "arn:aws:iam::" + c.Account() + ":policy" + path + formValue(c, "PolicyName"), nil
}
