package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
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
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errors.New("usage: virga nodes [--json]")
	}
	c, err := newClient(ctx, *dir)
	if err != nil {
		return err
	}
	data, err := c.send(ctx, http.MethodGet, "/_virga/health", nil, nil, "lambda")
	if err != nil {
		return err
	}
	var health struct {
		Cluster struct {
			Members []nodeLine `json:"members"`
		} `json:"cluster"`
	}
	if err := json.Unmarshal(data, &health); err != nil {
		return fmt.Errorf("health: %w", err)
	}
	if *asJSON {
		return json.NewEncoder(stdout).Encode(health.Cluster.Members)
	}
	return printNodes(stdout, health.Cluster.Members)
}

func printNodes(w io.Writer, nodes []nodeLine) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tURL\tINFLIGHT\tENVIRONMENTS\tDRAINING\tLAST-SEEN")
	for _, n := range nodes {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\n", n.Node, n.URL, n.Inflight, n.Environments,
			strconv.FormatBool(n.Draining), n.Seen.UTC().Format(time.RFC3339))
	}
	return tw.Flush()
}
