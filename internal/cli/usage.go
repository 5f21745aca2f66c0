package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// prices is a price list in US dollars.
type prices struct {
	RequestsPerMillion float64 `json:"requestsPerMillion"`
	GBSecond           float64 `json:"gbSecond"`
}

// awsX86 is AWS Lambda's public price for x86 functions.
var awsX86 = prices{RequestsPerMillion: 0.20, GBSecond: 0.0000166667}

type usageLine struct {
	Function    string  `json:"function"`
	Invocations int64   `json:"invocations"`
	BilledMs    int64   `json:"billedMs"`
	GBSeconds   float64 `json:"gbSeconds"`
	CostUSD     float64 `json:"costUSD"`
}

func (l *usageLine) price(p prices) {
	l.CostUSD = float64(l.Invocations)/1e6*p.RequestsPerMillion + l.GBSeconds*p.GBSecond
}

// runUsage prints what functions were billed, and what that would cost.
func runUsage(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs, dir := clientFlags("usage", stderr)
	function := fs.String("function", "", "only this function")
	since := fs.String("since", "", "only invocations this recent (a duration: 90m, 24h, 7d)")
	priceFile := fs.String("price-file", "", `JSON price list {"requestsPerMillion": 0.20, "gbSecond": 0.0000166667} (default: AWS's x86 prices)`)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return errors.New("usage: virga usage [--function F] [--since DURATION] [--price-file FILE] [--json]")
	}
	p, err := loadPrices(*priceFile)
	if err != nil {
		return err
	}
	q := url.Values{}
	if *function != "" {
		q.Set("function", *function)
	}
	if *since != "" {
		d, err := parseSince(*since)
		if err != nil {
			return err
		}
		q.Set("since", strconv.FormatInt(time.Now().Add(-d).UnixMilli(), 10))
	}
	lines, err := fetchUsage(ctx, *dir, q)
	if err != nil {
		return err
	}
	total := usageLine{Function: "TOTAL"}
	for i := range lines {
		lines[i].price(p)
		total.Invocations += lines[i].Invocations
		total.BilledMs += lines[i].BilledMs
		total.GBSeconds += lines[i].GBSeconds
	}
	total.price(p)
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(map[string]any{"functions": lines, "total": total, "prices": p})
	}
	printUsage(stdout, append(lines, total))
	return nil
}

func fetchUsage(ctx context.Context, dir dataDir, q url.Values) ([]usageLine, error) {
	c, err := newClient(ctx, dir)
	if err != nil {
		return nil, err
	}
	data, err := c.send(ctx, http.MethodGet, "/_virga/usage?"+q.Encode(), nil, nil, "lambda")
	if err != nil {
		return nil, err
	}
	var out struct {
		Functions []usageLine `json:"functions"`
	}
	return out.Functions, json.Unmarshal(data, &out)
}

func printUsage(w io.Writer, lines []usageLine) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "FUNCTION\tINVOCATIONS\tBILLED MS\tGB-SECONDS\tCOST (USD)\t")
	for _, l := range lines {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%.6f\t%.8f\t\n", l.Function, l.Invocations, l.BilledMs, l.GBSeconds, l.CostUSD)
	}
	tw.Flush()
}

// loadPrices reads a price list; fields it leaves out keep AWS's prices.
func loadPrices(path string) (prices, error) {
	p := awsX86
	if path == "" {
		return p, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return p, err
	}
	if err := json.Unmarshal(data, &p); err != nil {
		return p, fmt.Errorf("price file %s: %w", path, err)
	}
	return p, nil
}

// parseSince reads a duration, with d for days.
func parseSince(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.ParseFloat(days, 64)
		if err != nil || n < 0 {
			return 0, fmt.Errorf("--since %q: not a number of days", s)
		}
		return time.Duration(n * float64(24*time.Hour)), nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("--since %q: not a duration such as 90m, 24h or 7d", s)
	}
	return d, nil
}
