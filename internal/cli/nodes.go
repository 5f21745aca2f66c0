package cli

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"
)

// nodeLine is one member as the health check reports it.
type nodeLine struct {
	Node         string    `json:"node"`
	URL          string    `json:"url"`
	Inflight     int       `json:"inflight"`
	Environments int       `json:"environments"`
	Draining     bool      `json:"draining"`
	Seen         time.Time `json:"seen"`
}

// runNodes prints the servers of the cluster the endpoint belongs to.
func runNodes(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dir := clientFlags("nodes", stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil || fs.NArg() != 0 {
		return cmp.Or(err, errors.New("usage: virga nodes [--json]"))
	}
	nodes, err := fetchNodes(ctx, *dir)
	switch {
	case err != nil:
		return err
	case *asJSON:
		return json.NewEncoder(stdout).Encode(nodes)
	}
	return printNodes(stdout, nodes)
}

// fetchNodes reads the members from the health check.
func fetchNodes(ctx context.Context, dir dataDir) ([]nodeLine, error) {
	c, err := newClient(ctx, dir)
	if err != nil {
		return nil, err
	}
	data, err := c.send(ctx, "GET", "/_virga/health", nil, nil, "lambda")
	if err != nil {
		return nil, err
	}
	var health struct {
		Cluster struct {
			Members []nodeLine `json:"members"`
		} `json:"cluster"`
	}
	if err := json.Unmarshal(data, &health); err != nil {
		return nil, fmt.Errorf("health: %w", err)
	}
	return health.Cluster.Members, nil
}

func printNodes(w io.Writer, nodes []nodeLine) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tURL\tINFLIGHT\tENVIRONMENTS\tDRAINING\tLAST-SEEN")
	for _, n := range nodes {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%t\t%s\n", n.Node, n.URL, n.Inflight, n.Environments,
			n.Draining, n.Seen.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}
