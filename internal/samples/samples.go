// Package samples holds a sample event of each trigger Virga serves, in
// AWS's shape: what `virga events generate` prints and what the console
// offers as test events.
package samples

import (
	"embed"
	"slices"
	"strings"
)

//go:embed events/*.json
var events embed.FS

// Names names the sources there are samples of, sorted.
func Names() []string {
	entries, _ := events.ReadDir("events")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".json"))
	}
	return slices.Sorted(slices.Values(names))
}

// Event is the sample event of source; ok is false when there is none.
func Event(source string) ([]byte, bool) {
	if !slices.Contains(Names(), source) {
		return nil, false
	}
	data, err := events.ReadFile("events/" + source + ".json")
	return data, err == nil
}
