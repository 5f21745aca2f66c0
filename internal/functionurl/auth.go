package functionurl

import (
	"time"

	"github.com/virga-dev/virga/internal/httpevent"
	"github.com/virga-dev/virga/internal/lambda"
)

// authorize lets a request through as the URL's auth type requires, and
// tells who made it; a refusal is the answer to give instead.
func (s *Site) authorize(req *request) (httpevent.Info, *answer) {
	u := req.target
	if u.url.AuthType != lambda.URLAuthIAM {
		if !u.policy.Allows(urlAccess("", lambda.URLAuthNone)) {
			return httpevent.Info{}, &notPublic
		}
		return s.info(req, "anonymous", nil), nil
	}
	id, err := s.auth.Verify(req.r, req.body, time.Now())
	if err != nil || id.RequireService("lambda") != nil {
		return httpevent.Info{}, &forbidden
	}
	account := id.Key.Account
	if account != s.cfg.Account && !u.policy.Allows(urlAccess(account, lambda.URLAuthIAM)) {
		return httpevent.Info{}, &forbidden
	}
	// Virga's keys are accounts' root users.
	iam := &httpevent.IAM{
		AccessKey: id.Key.AccessKeyID, AccountID: account, CallerID: account,
		UserARN: "arn:aws:iam::" + account + ":root", UserID: account,
	}
	return s.info(req, account, &httpevent.Authorizer{IAM: iam}), nil
}

// urlAccess is a request to a URL of authType as a resource-based policy
// judges it: by anyone (account "") for a URL without auth, else by the
// signer's account, whose own account is the source account.
func urlAccess(account, authType string) lambda.Access {
	keys := map[string]string{"lambda:FunctionUrlAuthType": authType}
	if account != "" {
		keys["AWS:SourceAccount"] = account
	}
	return lambda.Access{Account: account, Action: lambda.ActionInvokeURL, Keys: keys}
}
