package logsapi

import (
	"net/http"
	"strings"

	"github.com/virga-dev/virga/internal/aws"

	"github.com/virga-dev/virga/internal/logs"
)

type createLogGroupInput struct {
	LogGroupName  string            `json:"logGroupName"`
	Tags          map[string]string `json:"tags"`
	LogGroupClass string            `json:"logGroupClass"`
}

func (s *Server) createLogGroup(c *call) error {
	var in createLogGroupInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := checkGroupName(in.LogGroupName); err != nil {
		return err
	}
	if in.LogGroupClass != "" && in.LogGroupClass != "STANDARD" {
		return aws.Errorf(aws.ErrInvalid, "Virga keeps every log group in the STANDARD class.")
	}
	if err := checkTags(in.Tags, 0); err != nil {
		return err
	}
	if err := s.logs.CreateGroup(c.R.Context(), logs.Group{Name: in.LogGroupName, Tags: in.Tags}); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

func (s *Server) deleteLogGroup(c *call) error {
	name, err := c.groupName()
	if err != nil {
		return err
	}
	if err := s.logs.DeleteGroup(c.R.Context(), name); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

// groupName decodes a request that names one log group.
func (c *call) groupName() (string, error) {
	var in groupRef
	if err := c.Decode(&in); err != nil {
		return "", err
	}
	return in.name()
}

type describeLogGroupsInput struct {
	LogGroupNamePrefix  string `json:"logGroupNamePrefix"`
	LogGroupNamePattern string `json:"logGroupNamePattern"`
	NextToken           string `json:"nextToken"`
	Limit               *int   `json:"limit"`
}

// logGroupOutput is a log group; found by name pattern, only its name,
// creation time and ARN, as on AWS.
type logGroupOutput struct {
	LogGroupName      string `json:"logGroupName"`
	CreationTime      int64  `json:"creationTime"`
	RetentionInDays   int    `json:"retentionInDays,omitempty"`
	MetricFilterCount *int   `json:"metricFilterCount,omitempty"`
	Arn               string `json:"arn"`
	StoredBytes       *int64 `json:"storedBytes,omitempty"`
	LogGroupClass     string `json:"logGroupClass,omitempty"`
	LogGroupArn       string `json:"logGroupArn,omitempty"`
}

type describeLogGroupsOutput struct {
	LogGroups []logGroupOutput `json:"logGroups"`
	NextToken string           `json:"nextToken,omitempty"`
}

func (s *Server) describeLogGroups(c *call) error {
	var in describeLogGroupsInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	limit, err := pageLimit(in.Limit, 50, 50)
	if err != nil {
		return err
	}
	if in.LogGroupNamePrefix != "" && in.LogGroupNamePattern != "" {
		return aws.Errorf(aws.ErrInvalid, "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.")
	}
	after := ""
	if in.NextToken != "" {
		if after, err = parseToken(in.NextToken); err != nil {
			return err
		}
	}
	groups, err := s.logs.Groups(c.R.Context(), in.LogGroupNamePrefix)
	if err != nil {
		return err
	}
	sizes, err := s.logs.StoredBytes(c.R.Context())
	if err != nil {
		return err
	}
	out := describeLogGroupsOutput{LogGroups: []logGroupOutput{}}
	for _, g := range groups {
		if g.Name <= after || !strings.Contains(g.Name, in.LogGroupNamePattern) {
			continue
		}
		if len(out.LogGroups) == limit {
			out.NextToken = pageToken(out.LogGroups[limit-1].LogGroupName)
			break
		}
		out.LogGroups = append(out.LogGroups, s.logGroup(c, g, sizes, in.LogGroupNamePattern != ""))
	}
	return c.Reply(http.StatusOK, out)
}

func (s *Server) logGroup(c *call, g logs.Group, sizes map[string]int64, brief bool) logGroupOutput {
	out := logGroupOutput{LogGroupName: g.Name, CreationTime: g.Created, Arn: s.groupARN(c, g.Name, true)}
	if brief {
		return out
	}
	out.RetentionInDays, out.MetricFilterCount, out.StoredBytes = g.RetentionDays, ptr(0), ptr(sizes[g.Name])
	out.LogGroupClass, out.LogGroupArn = "STANDARD", s.groupARN(c, g.Name, false)
	return out
}

type putRetentionPolicyInput struct {
	LogGroupName    string `json:"logGroupName"`
	RetentionInDays *int   `json:"retentionInDays"`
}

func (s *Server) putRetentionPolicy(c *call) error {
	var in putRetentionPolicyInput
	if err := c.Decode(&in); err != nil {
		return err
	}
	if err := checkGroupName(in.LogGroupName); err != nil {
		return err
	}
	if in.RetentionInDays == nil {
		return notNull("retentionInDays")
	}
	if *in.RetentionInDays == 0 {
		return constraint(0, "retentionInDays", "Member must satisfy enum value set")
	}
	if err := s.logs.SetRetention(c.R.Context(), in.LogGroupName, *in.RetentionInDays); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}

func (s *Server) deleteRetentionPolicy(c *call) error {
	name, err := c.groupName()
	if err != nil {
		return err
	}
	if err := s.logs.SetRetention(c.R.Context(), name, 0); err != nil {
		return err
	}
	return c.Reply(http.StatusOK, struct{}{})
}
