package kubernetes

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// manifests are the decoded documents of every *.yaml file here.
type manifests struct {
	configMaps   map[string]*corev1.ConfigMap
	services     map[string]*corev1.Service
	statefulSets map[string]*appsv1.StatefulSet
	budgets      map[string]*policyv1.PodDisruptionBudget
}

// load strict-decodes every document into the type its apiVersion and kind
// name: a field the type does not have, a duplicate key, a value of the
// wrong type or a quantity that does not parse fails the test.
func load(t *testing.T) *manifests {
	t.Helper()
	m := &manifests{configMaps: map[string]*corev1.ConfigMap{}, services: map[string]*corev1.Service{},
		statefulSets: map[string]*appsv1.StatefulSet{}, budgets: map[string]*policyv1.PodDisruptionBudget{}}
	files, _ := filepath.Glob("*.yaml")
	if len(files) == 0 {
		t.Fatal("no manifests")
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range documents(data) {
			if err := m.add(doc); err != nil {
				t.Errorf("%s, document %d: %v", file, i+1, err)
			}
		}
	}
	return m
}

// documents splits a YAML stream at its "---" lines, leaving out documents
// that hold only comments.
func documents(data []byte) [][]byte {
	var docs [][]byte
	for _, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(data), -1) {
		if strings.TrimSpace(regexp.MustCompile(`(?m)^\s*#.*$`).ReplaceAllString(doc, "")) != "" {
			docs = append(docs, []byte(doc))
		}
	}
	return docs
}

func (m *manifests) add(doc []byte) error {
	var meta metav1.TypeMeta
	if err := yaml.Unmarshal(doc, &meta); err != nil {
		return err
	}
	switch meta.APIVersion + " " + meta.Kind {
	case "v1 ConfigMap":
		return decodeInto(doc, m.configMaps)
	case "v1 Service":
		return decodeInto(doc, m.services)
	case "apps/v1 StatefulSet":
		return decodeInto(doc, m.statefulSets)
	case "policy/v1 PodDisruptionBudget":
		return decodeInto(doc, m.budgets)
	}
	return fmt.Errorf("kind %q of %q is not one this test knows", meta.Kind, meta.APIVersion)
}

// decodeInto strict-decodes doc and files it under its name.
func decodeInto[T any, P interface {
	*T
	GetName() string
}](doc []byte, byName map[string]P) error {
	obj := P(new(T))
	if err := yaml.UnmarshalStrict(doc, obj); err != nil {
		return err
	}
	if obj.GetName() == "" {
		return errors.New("an object without a name")
	}
	byName[obj.GetName()] = obj
	return nil
}

func TestManifests(t *testing.T) {
	m := load(t)
	for _, name := range []string{"nats", "virga"} {
		if m.statefulSets[name] == nil || m.budgets[name] == nil {
			t.Fatalf("no StatefulSet or PodDisruptionBudget %s", name)
		}
	}
	t.Run("Selectors", func(t *testing.T) { checkSelectors(t, m) })
	t.Run("References", func(t *testing.T) { checkReferences(t, m) })
	t.Run("NATSConfig", func(t *testing.T) { checkNATSConfig(t, m) })
	t.Run("VirgaFlags", func(t *testing.T) { checkVirgaFlags(t, m) })
}

// podLabels returns the pod labels of every StatefulSet.
func (m *manifests) podLabels() map[string]map[string]string {
	labels := map[string]map[string]string{}
	for name, s := range m.statefulSets {
		labels[name] = s.Spec.Template.Labels
	}
	return labels
}

// selects says whether a selector picks pods with the given labels.
func selects(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// selectsAny names the StatefulSet whose pods selector picks, or "".
func (m *manifests) selectsAny(selector map[string]string) string {
	for name, labels := range m.podLabels() {
		if selects(selector, labels) {
			return name
		}
	}
	return ""
}

// checkSelectors: each StatefulSet selects its own pods, and every Service
// and budget selects some StatefulSet's pods.
func checkSelectors(t *testing.T, m *manifests) {
	for name, s := range m.statefulSets {
		if s.Spec.Selector == nil || !selects(s.Spec.Selector.MatchLabels, s.Spec.Template.Labels) {
			t.Errorf("StatefulSet %s does not select its own pods", name)
		}
	}
	for name, s := range m.services {
		if m.selectsAny(s.Spec.Selector) == "" {
			t.Errorf("Service %s selects no pods", name)
		}
	}
	for name, b := range m.budgets {
		if b.Spec.Selector == nil || m.selectsAny(b.Spec.Selector.MatchLabels) != name {
			t.Errorf("PodDisruptionBudget %s does not select the pods of StatefulSet %s", name, name)
		}
	}
}

// checkReferences: governing services are headless, volumes and config
// maps exist, probes and services name ports the containers have.
func checkReferences(t *testing.T, m *manifests) {
	for name, s := range m.statefulSets {
		if svc := m.services[s.Spec.ServiceName]; svc == nil || svc.Spec.ClusterIP != corev1.ClusterIPNone {
			t.Errorf("StatefulSet %s: governing service %q is not a headless Service here", name, s.Spec.ServiceName)
		}
		if s.Spec.Template.Spec.TerminationGracePeriodSeconds == nil {
			t.Errorf("StatefulSet %s: no terminationGracePeriodSeconds", name)
		}
		checkVolumes(t, m, s)
		for _, c := range s.Spec.Template.Spec.Containers {
			checkProbes(t, name, c)
		}
	}
	for name, svc := range m.services {
		ports := containerPorts(m.statefulSets[m.selectsAny(svc.Spec.Selector)])
		for _, p := range svc.Spec.Ports {
			if !ports[p.TargetPort.String()] {
				t.Errorf("Service %s: target port %s is no container's", name, p.TargetPort.String())
			}
		}
	}
}

func checkVolumes(t *testing.T, m *manifests, s *appsv1.StatefulSet) {
	volumes := map[string]bool{}
	for _, v := range s.Spec.Template.Spec.Volumes {
		volumes[v.Name] = true
		if v.ConfigMap != nil && m.configMaps[v.ConfigMap.Name] == nil {
			t.Errorf("StatefulSet %s: volume %s wants ConfigMap %s, which is not here", s.Name, v.Name, v.ConfigMap.Name)
		}
	}
	for _, c := range s.Spec.VolumeClaimTemplates {
		volumes[c.Name] = true
	}
	for _, c := range s.Spec.Template.Spec.Containers {
		for _, vm := range c.VolumeMounts {
			if !volumes[vm.Name] {
				t.Errorf("StatefulSet %s: container %s mounts volume %s, which is not declared", s.Name, c.Name, vm.Name)
			}
		}
	}
}

func checkProbes(t *testing.T, workload string, c corev1.Container) {
	ports := map[string]bool{}
	for _, p := range c.Ports {
		ports[p.Name] = true
	}
	for kind, p := range map[string]*corev1.Probe{"startup": c.StartupProbe, "readiness": c.ReadinessProbe, "liveness": c.LivenessProbe} {
		switch {
		case p == nil || p.HTTPGet == nil:
			t.Errorf("%s/%s: no HTTP %s probe", workload, c.Name, kind)
		case !ports[p.HTTPGet.Port.String()]:
			t.Errorf("%s/%s: %s probe on port %s, which the container does not name", workload, c.Name, kind, p.HTTPGet.Port.String())
		}
	}
}

// containerPorts lists the names and numbers of a StatefulSet's container
// ports.
func containerPorts(s *appsv1.StatefulSet) map[string]bool {
	ports := map[string]bool{}
	if s == nil {
		return ports
	}
	for _, c := range s.Spec.Template.Spec.Containers {
		for _, p := range c.Ports {
			ports[p.Name], ports[fmt.Sprint(p.ContainerPort)] = true, true
		}
	}
	return ports
}

// podNames lists a StatefulSet's pods as reached through its governing
// service: name-0.service, ….
func podNames(s *appsv1.StatefulSet) []string {
	var names []string
	for i := range int(*s.Spec.Replicas) {
		names = append(names, fmt.Sprintf("%s-%d.%s", s.Name, i, s.Spec.ServiceName))
	}
	return names
}

// envHasPodName says whether a container's POD_NAME comes from the pod's
// name.
func envHasPodName(c corev1.Container) bool {
	for _, e := range c.Env {
		if e.Name == "POD_NAME" && e.ValueFrom != nil && e.ValueFrom.FieldRef != nil && e.ValueFrom.FieldRef.FieldPath == "metadata.name" {
			return true
		}
	}
	return false
}
