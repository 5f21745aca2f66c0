package rules

import (
	"slices"
	"testing"
)

// The layers of Virga, lowest first. A package imports packages of lower
// layers only, and of its own layer only those its entry names as peers.
const (
	vocabulary  = iota // what every part speaks: function configuration, ARNs, error kinds
	mechanisms         // leaves that know nothing of Lambda's parts: storage, signing, zips, the data directory
	components         // Lambda's parts: control plane, invoker, pool, sandboxes, logs, usage
	services           // the API of one AWS service each
	frontDoor          // the HTTP endpoint that authenticates a request and hands it to its service
	root               // the composition root, which builds and wires every part
	commandLine        // the `virga` command and its subcommands
	doorway            // cmd/virga, which calls the command line
	outside            // what looks at Virga from outside: end-to-end tests, benchmarks, fixture functions, these rules
)

var layerNames = []string{"vocabulary", "mechanisms", "components", "services", "front door", "root", "command line", "doorway", "outside"}

// place is a package's layer and the packages of that layer it may import.
type place struct {
	layer int
	peers []string
}

// layers places every package of the module; entries for packages that do
// not exist (yet) are allowed.
var layers = map[string]place{
	"internal/aws":     {layer: vocabulary},
	"internal/lambda":  {layer: vocabulary, peers: []string{"internal/aws"}},
	"internal/arn":     {layer: vocabulary, peers: []string{"internal/aws", "internal/lambda"}},
	"internal/network": {layer: vocabulary},

	"internal/sigv4":        {layer: mechanisms},
	"internal/store":        {layer: mechanisms},
	"internal/codezip":      {layer: mechanisms},
	"internal/datadir":      {layer: mechanisms},
	"internal/logctx":       {layer: mechanisms},
	"internal/awsproto":     {layer: mechanisms, peers: []string{"internal/sigv4"}},
	"internal/delivery":     {layer: mechanisms},
	"internal/tracing":      {layer: mechanisms},
	"internal/concurrency":  {layer: mechanisms},
	"internal/schedule":     {layer: mechanisms},
	"internal/timers":       {layer: mechanisms, peers: []string{"internal/schedule", "internal/store"}},
	"internal/targets":      {layer: mechanisms, peers: []string{"internal/delivery"}},
	"internal/pattern":      {layer: mechanisms},
	"internal/policy":       {layer: mechanisms},
	"internal/egress":       {layer: mechanisms},
	"internal/asl":          {layer: mechanisms}, // the States Language data layer: paths, payloads, Choice rules, intrinsics, JSONata
	"internal/statemachine": {layer: mechanisms, peers: []string{"internal/asl"}},
	"internal/audit":        {layer: mechanisms, peers: []string{"internal/store"}},
	"internal/sam":          {layer: mechanisms}, // SAM templates read and expanded into what a deploy makes
	"internal/samples":      {layer: mechanisms}, // sample events of every trigger

	"internal/control":    {layer: components, peers: []string{"internal/pool"}},
	"internal/iam":        {layer: components},
	"internal/sts":        {layer: components, peers: []string{"internal/iam"}},
	"internal/logs":       {layer: components},
	"internal/usage":      {layer: components, peers: []string{"internal/logs"}},
	"internal/metrics":    {layer: components, peers: []string{"internal/logs", "internal/pool"}},
	"internal/invoke":     {layer: components, peers: []string{"internal/async", "internal/control", "internal/pool"}},
	"internal/async":      {layer: components},
	"internal/esm":        {layer: components, peers: []string{"internal/control"}},
	"internal/pool":       {layer: components, peers: []string{"internal/extensions", "internal/logs", "internal/runtimeapi", "internal/runtimes", "internal/sandbox"}},
	"internal/sandbox":    {layer: components},
	"internal/runtimeapi": {layer: components},
	"internal/runtimes":   {layer: components},
	"internal/extensions": {layer: components},
	"internal/codecache":  {layer: components},
	"internal/httpevent":  {layer: components},
	"internal/sqs":        {layer: components},
	"internal/workflow":   {layer: components},
	"internal/objects":    {layer: components},
	"internal/kms":        {layer: components},
	"internal/s3notify":   {layer: components, peers: []string{"internal/async", "internal/objects"}},
	"internal/cluster":    {layer: components},

	"internal/lambdaapi":     {layer: services},
	"internal/logsapi":       {layer: services},
	"internal/iamapi":        {layer: services},
	"internal/stsapi":        {layer: services},
	"internal/functionurl":   {layer: services},
	"internal/apigw":         {layer: services},
	"internal/sns":           {layer: services},
	"internal/events":        {layer: services},
	"internal/scheduler":     {layer: services},
	"internal/stepfunctions": {layer: services},
	"internal/cloudtrail":    {layer: services},
	"internal/s3":            {layer: services},
	"internal/console":       {layer: services},

	"internal/api":    {layer: frontDoor},
	"internal/server": {layer: root},
	"internal/cli":    {layer: commandLine},
	"cmd/virga":       {layer: doorway},

	"e2e":                    {layer: outside},
	"e2e/functions/goecho":   {layer: outside},
	"e2e/functions/goext":    {layer: outside},
	"e2e/functions/gocaller": {layer: outside},
	"e2e/functions/goprobe":  {layer: outside},
	"bench":                  {layer: outside},
	"internal/rules":         {layer: outside},
	"internal/testhost":      {layer: outside}, // test hosts for tests of outbound networking
	"internal/testnats":      {layer: outside}, // NATS clusters for tests of cluster mode
	"deploy/kubernetes":      {layer: outside}, // manifests, and the test that checks them
}

// TestLayers checks that the imports of every package's non-test files
// point inward. Tests may reach further: a test may use a real package of
// its own layer as a fake.
func TestLayers(t *testing.T) {
	for _, p := range modulePackages(t) {
		from, ok := layers[p.path]
		if !ok {
			t.Errorf("%s is not in the layer table: add it to layers in internal/rules/layers_test.go, in the lowest layer its imports allow", p.path)
			continue
		}
		for _, imp := range p.imports {
			to, ok := layers[imp]
			switch {
			case !ok:
				// Reported where the imported package itself is walked.
			case to.layer > from.layer:
				t.Errorf("%s (%s) imports %s (%s): imports point inward, to lower layers", p.path, layerNames[from.layer], imp, layerNames[to.layer])
			case to.layer == from.layer && !slices.Contains(from.peers, imp):
				t.Errorf("%s imports %s of its own layer (%s): name it among the peers of %s in the table, or move one of them", p.path, imp, layerNames[from.layer], p.path)
			}
		}
	}
}

// TestOnlyRootWires checks the two imports the layers alone would allow
// too widely: only the composition root builds the front door and the
// services, and only the command line starts the composition root.
func TestOnlyRootWires(t *testing.T) {
	for _, p := range modulePackages(t) {
		for _, imp := range p.imports {
			layer := layers[imp].layer
			if (layer == services || layer == frontDoor) && p.path != "internal/server" {
				t.Errorf("%s imports %s: only internal/server builds the front door and the services", p.path, imp)
			}
			if imp == "internal/server" && p.path != "internal/cli" {
				t.Errorf("%s imports internal/server: only internal/cli starts the server", p.path)
			}
		}
	}
}
