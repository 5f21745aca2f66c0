package control

import (
	"context"
	"slices"

	"github.com/virga-dev/virga/internal/arn"
	"github.com/virga-dev/virga/internal/aws"
	"github.com/virga-dev/virga/internal/lambda"
)

// SnapStart's ApplyOn values.
const (
	publishedVersions = "PublishedVersions"
	snapStartNone     = "None"
)

// snapStartRuntimes are the runtimes AWS accepts SnapStart for. Of these,
// Virga runs the Python ones; a published version of such a function starts
// from a pre-started runtime kept ready for it (see the pool).
var snapStartRuntimes = []string{
	"java11", "java17", "java21", "java25", "python3.12", "python3.13", "python3.14", "dotnet8", "dotnet10",
}

// applySnapStart takes a create's or update's SnapStart member. $LATEST is
// never optimized; publishing a version sets its status.
func applySnapStart(c *lambda.FunctionConfiguration, in *SnapStartInput) {
	if in == nil {
		return
	}
	c.SnapStart.ApplyOn = in.ApplyOn
	if c.SnapStart.ApplyOn == "" {
		c.SnapStart.ApplyOn = snapStartNone
	}
	c.SnapStart.OptimizationStatus = "Off"
}

// snapStartStatus is the OptimizationStatus of a version published with
// applyOn.
func snapStartStatus(applyOn string) string {
	if applyOn == publishedVersions {
		return "On"
	}
	return "Off"
}

func snapStartViolations(v *aws.Violations, c *lambda.FunctionConfiguration) {
	switch c.SnapStart.ApplyOn {
	case publishedVersions, snapStartNone:
	default:
		v.Add(c.SnapStart.ApplyOn, "snapStart.applyOn", "Member must satisfy enum value set: [PublishedVersions, None]")
	}
}

// validateSnapStart refuses SnapStart for a runtime AWS does not offer it for.
func validateSnapStart(c *lambda.FunctionConfiguration) error {
	if c.SnapStart.ApplyOn != publishedVersions || slices.Contains(snapStartRuntimes, c.Runtime) {
		return nil
	}
	return aws.Errorf(aws.ErrInvalid, "%s is not supported for SnapStart enabled functions.", c.Runtime)
}

// snapStartKey names, among the provisioner's targets, the environment kept
// for the SnapStart version whose version key is key.
func snapStartKey(key string) string { return "snapstart:" + key }

// keepSnapStart has the provisioner keep one environment of a newly
// published SnapStart version initialized, as AWS runs a version's init
// when it is published: its first invocation starts from it, and later
// cold starts from pre-started runtimes. After a restart keepSnapStarts
// keeps it again.
func (s *Service) keepSnapStart(ctx context.Context, cfg lambda.FunctionConfiguration) {
	if s.cfg.Provisioner == nil || !cfg.SnapStartOptimized() {
		return
	}
	fn, err := s.GetFunction(ctx, arn.Function{Name: cfg.FunctionName, Qualifier: cfg.Version})
	if err != nil {
		return
	}
	target := s.poolFunction(cfg.FunctionName, fn)
	target.InitType = "snap-start"
	s.cfg.Provisioner.Provision(snapStartKey(provisionedKey(cfg.FunctionName, cfg.Version)), target, 1, func(int, error) {})
}

// keepSnapStarts keeps again, after a restart, the environment of every
// published SnapStart version of the functions named, as publishing it
// did. Every server of a cluster keeps its own.
func (s *Service) keepSnapStarts(ctx context.Context, names []string) {
	defer s.wg.Done()
	for _, name := range names {
		ns, err := s.versionNumbers(ctx, name)
		if err != nil {
			continue // deleted meanwhile, or the store is closing
		}
		for _, n := range ns {
			if v, err := s.loadVersion(ctx, name, n); err == nil {
				s.keepSnapStart(ctx, v.Config)
			}
		}
	}
}
