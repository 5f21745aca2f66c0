package sam

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// Step is one stage of traffic shifting: Weight of the alias's traffic
// goes to the new version for Wait before the next step.
type Step struct {
	Weight float64
	Wait   time.Duration
}

var (
	canaryType = regexp.MustCompile(`^Canary(\d+)Percent(\d+)Minutes?$`)
	linearType = regexp.MustCompile(`^Linear(\d+)PercentEvery(\d+)Minutes?$`)
)

// Steps are the stages of a DeploymentPreference Type before all traffic
// moves: none for AllAtOnce, one for CanaryNPercentMMinutes, one every M
// minutes for LinearNPercentEveryMMinutes.
func Steps(kind string) ([]Step, error) {
	if kind == "" || kind == "AllAtOnce" {
		return nil, nil
	}
	if m := canaryType.FindStringSubmatch(kind); m != nil {
		pct, minutes := atoi(m[1]), atoi(m[2])
		return []Step{{Weight: float64(pct) / 100, Wait: time.Duration(minutes) * time.Minute}}, nil
	}
	if m := linearType.FindStringSubmatch(kind); m != nil && atoi(m[1]) > 0 {
		var steps []Step
		for pct := atoi(m[1]); pct < 100; pct += atoi(m[1]) {
			steps = append(steps, Step{Weight: float64(pct) / 100, Wait: time.Duration(atoi(m[2])) * time.Minute})
		}
		return steps, nil
	}
	return nil, fmt.Errorf("DeploymentPreference Type %q: want AllAtOnce, Canary<N>Percent<M>Minutes or Linear<N>PercentEvery<M>Minute(s)", kind)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// deployment reads AutoPublishAlias and DeploymentPreference.
func (f *Function) deployment(p map[string]any) error {
	f.Alias = text(p["AutoPublishAlias"])
	pref, _ := p["DeploymentPreference"].(map[string]any)
	if pref == nil || pref["Enabled"] == false {
		return nil
	}
	if f.Alias == "" {
		return fmt.Errorf("DeploymentPreference needs AutoPublishAlias")
	}
	for _, k := range []string{"Hooks", "Alarms", "TriggerConfigurations"} {
		if pref[k] != nil {
			return fmt.Errorf("DeploymentPreference %s is not supported", k)
		}
	}
	f.Shifting = text(pref["Type"])
	_, err := Steps(f.Shifting)
	return err
}

// Target is what events invoke: the alias when the function has one.
func (f *Function) Target() string {
	if f.Alias == "" {
		return f.Name
	}
	return f.Name + ":" + f.Alias
}
