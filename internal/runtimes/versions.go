package runtimes

import "strings"

// The runtimes each interpreter stands in for: every python3.x function
// runs on the host's one Python, every nodejs function on its one Node.js.
var (
	pythonRuntimes = []string{"python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14"}
	nodeRuntimes   = []string{"nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"}
)

// StandIn is an interpreter that runs functions declaring runtimes of
// another version than its own.
type StandIn struct {
	Interpreter string   // e.g. "python 3.11.7"
	Runtimes    []string // the declared runtimes whose version differs
}

// StandIns lists, per interpreter found, the runtimes it runs at another
// version than theirs, so that the server can say so once.
func (c *Catalogue) StandIns() []StandIn {
	var out []StandIn
	if c.python != nil {
		out = appendStandIn(out, "python "+c.python.Version, pythonRuntimes, "python"+majorMinor(c.python.Version))
	}
	if c.node != nil {
		out = appendStandIn(out, "node "+c.node.Version, nodeRuntimes, "nodejs"+major(c.node.Version)+".x")
	}
	return out
}

func appendStandIn(out []StandIn, interpreter string, runtimes []string, own string) []StandIn {
	var differ []string
	for _, r := range runtimes {
		if r != own {
			differ = append(differ, r)
		}
	}
	if len(differ) == 0 {
		return out
	}
	return append(out, StandIn{Interpreter: interpreter, Runtimes: differ})
}

func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

func major(v string) string {
	m, _, _ := strings.Cut(strings.TrimPrefix(v, "v"), ".")
	return m
}
