package stepfunctions

import (
	"encoding/hex"
	"strings"
	"unicode"

	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// validName reports whether a state machine or execution name is one AWS
// takes: 1 to 80 characters, no whitespace, wildcards, brackets, control
// characters or the specials : ; , \ | ^ ~ $ # % & ` ".
func validName(name string) bool {
	if name == "" || len([]rune(name)) > 80 {
		return false
	}
	for _, r := range name {
		if unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("?*<>{}[]:;,\\|^~$#%&`\"", r) {
			return false
		}
	}
	return true
}

func checkName(name string) error {
	if !validName(name) {
		return aws.Errorf(errInvalidName, "Invalid Name: '%s'", name)
	}
	return nil
}

// machineARN is a state machine's ARN.
func (s *Server) machineARN(account, name string) string {
	return "arn:aws:states:" + s.cfg.Region + ":" + account + ":stateMachine:" + name
}

// executionARN is an execution's ARN: "execution" for Standard ones,
// "express" for Express ones.
func (s *Server) executionARN(account, kind, machine, name string) string {
	return "arn:aws:states:" + s.cfg.Region + ":" + account + ":" + kind + ":" + machine + ":" + name
}

// arnParts splits an ARN of this service into its account and resource
// parts ("stateMachine", "name", ...).
func arnParts(arn string) (account string, parts []string, ok bool) {
	f := strings.Split(arn, ":")
	if len(f) < 7 || f[0] != "arn" || f[1] != "aws" || f[2] != "states" {
		return "", nil, false
	}
	return f[4], f[5:], true
}

// machineOf reads a state machine ARN.
func machineOf(arn string) (account, name string, err error) {
	account, parts, ok := arnParts(arn)
	if !ok || parts[0] != "stateMachine" || len(parts) != 2 {
		return "", "", aws.Errorf(errInvalidArn, "Invalid Arn: 'Resource type not valid in this context: %s'", resourceType(arn))
	}
	return account, parts[1], nil
}

// executionOf reads an execution ARN.
func executionOf(arn string) (account, machine, name string, err error) {
	account, parts, ok := arnParts(arn)
	if !ok || (parts[0] != "execution" && parts[0] != "express") || len(parts) < 3 {
		return "", "", "", aws.Errorf(errInvalidArn, "Invalid Arn: 'Resource type not valid in this context: %s'", resourceType(arn))
	}
	return account, parts[1], parts[2], nil
}

func resourceType(arn string) string {
	if _, parts, ok := arnParts(arn); ok {
		return parts[0]
	}
	return arn
}

// machineKey is a state machine's key in its bucket.
func machineKey(account, name string) string {
	return account + "." + hex.EncodeToString([]byte(name))
}

// executionKey is an execution's key: its machine's, then its name's.
func executionKey(account, machine, name string) string {
	return machineKey(account, machine) + "." + hex.EncodeToString([]byte(name))
}

// newRevision names a machine's new revision.
func newRevision() string { return lambda.NewUUID() }
