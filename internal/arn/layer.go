package arn

import (
	"regexp"
	"strconv"
	"strings"
)

// Layer patterns as AWS quotes them today (newer than the botocore model's:
// the region is checked and may be an eusc- one). A function's Layers list
// cites a longer form, with AWS-owned layers and a 2048 limit.
const (
	layerARNPrefix       = `arn:(aws[a-zA-Z-]*)?:lambda:(eusc-)?[a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\d{1}:\d{12}:layer:[a-zA-Z0-9-_]+`
	layerNamePattern     = `(` + layerARNPrefix + `)|[a-zA-Z0-9-_]+`
	layerVersionPattern  = layerARNPrefix + `:[0-9]+`
	functionLayerPattern = `(` + layerARNPrefix + `:[0-9]+)|(arn:[a-zA-Z0-9-]+:lambda:::awslayer:[a-zA-Z0-9-_]+)`
)

var (
	layerNameRE    = regexp.MustCompile(`^(?:` + layerNamePattern + `)$`)
	layerVersionRE = regexp.MustCompile(`^(?:` + layerVersionPattern + `)$`)
)

// Layer is a parsed layer name or layer (version) ARN. Region and Account
// are empty for a plain name; Version is 0 when none was given.
type Layer struct {
	Region  string
	Account string
	Name    string
	Version int64
}

// ParseLayerName parses a LayerName member: a name or an unversioned layer
// ARN.
func ParseLayerName(s string) (Layer, error) {
	if len(s) < 1 || len(s) > 140 {
		return Layer{}, lengthError(s, "layerName", 140)
	}
	if !layerNameRE.MatchString(s) {
		return Layer{}, patternError(s, "layerName", layerNamePattern)
	}
	parts := strings.Split(s, ":")
	if len(parts) == 1 {
		return Layer{Name: s}, nil
	}
	return Layer{Region: parts[3], Account: parts[4], Name: parts[6]}, nil
}

// ParseLayerVersion parses a layer version ARN given in field.
func ParseLayerVersion(s, field string) (Layer, error) {
	if len(s) < 1 || len(s) > 140 {
		return Layer{}, lengthError(s, field, 140)
	}
	if !layerVersionRE.MatchString(s) {
		return Layer{}, patternError(s, field, layerVersionPattern)
	}
	parts := strings.Split(s, ":")
	v, err := strconv.ParseInt(parts[7], 10, 64)
	if err != nil {
		return Layer{}, patternError(s, field, layerVersionPattern)
	}
	return Layer{Region: parts[3], Account: parts[4], Name: parts[6], Version: v}, nil
}

// ParseFunctionLayer parses one entry of a function's Layers list; errors
// quote the list member's constraints, as AWS does.
func ParseFunctionLayer(s string) (Layer, error) {
	l, err := ParseLayerVersion(s, "layers")
	if err != nil {
		return Layer{}, ConstraintError("["+s+"]", "layers",
			"Member must satisfy constraint: [Member must have length less than or equal to 2048, Member must have length greater than or equal to 1, Member must satisfy regular expression pattern: "+
				functionLayerPattern+", Member must not be null]")
	}
	return l, nil
}

// LayerARN is the ARN of a layer.
func LayerARN(region, account, name string) string {
	return "arn:aws:lambda:" + region + ":" + account + ":layer:" + name
}

// LayerVersionARN is the ARN of one version of a layer.
func LayerVersionARN(region, account, name string, version int64) string {
	return LayerARN(region, account, name) + ":" + strconv.FormatInt(version, 10)
}
