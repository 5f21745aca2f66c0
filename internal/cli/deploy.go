package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/virga-dev/virga/internal/sam"
)

// deployFlags are `virga deploy`'s options.
type deployFlags struct {
	template, stack string
	dir             dataDir
	remove, watch   bool
	shiftStep       time.Duration
	params          paramFlag
}

// runDeploy deploys a SAM template through the server's own APIs.
func runDeploy(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f deployFlags
	fs, dir := clientFlags("deploy", stderr)
	fs.StringVar(&f.template, "template", "template.yaml", "the SAM template")
	fs.StringVar(&f.stack, "stack", "", "the stack's name (default: the template's directory name)")
	fs.BoolVar(&f.remove, "delete", false, "remove everything the stack deployed")
	fs.BoolVar(&f.watch, "watch", false, "stay running and redeploy a function's code when its directory changes")
	fs.DurationVar(&f.shiftStep, "shift-step", 0, "wait this long at each traffic shifting step instead of the DeploymentPreference's minutes")
	fs.Var(&f.params, "param", "a parameter override NAME=VALUE (repeatable)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	f.dir = *dir
	if f.stack == "" {
		abs, _ := filepath.Abs(f.template)
		f.stack = filepath.Base(filepath.Dir(abs))
	}
	d, err := newDeployer(ctx, f.dir, f.stack, stdout)
	if err != nil {
		return err
	}
	d.shiftStep = f.shiftStep
	if f.remove {
		return d.remove(ctx)
	}
	if err := d.deploy(ctx, f); err != nil || !f.watch {
		return err
	}
	return d.watch(ctx, f)
}

// expand reads and expands the template against the caller's account.
func (d *deployer) expand(ctx context.Context, f deployFlags, layers map[string]string) (*sam.Stack, error) {
	data, err := os.ReadFile(f.template)
	if err != nil {
		return nil, err
	}
	id, err := d.sts.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		return nil, fmt.Errorf("who am I: %w", err)
	}
	base, _ := filepath.Abs(filepath.Dir(f.template))
	account := *id.Account
	return sam.Expand(data, sam.Options{Stack: d.stack, Region: d.region, Account: account,
		Params: f.params.values, BaseDir: base, LayerArns: layers,
		QueueURL: func(name string) string { return d.endpoint + "/" + account + "/" + name }})
}

// paramFlag collects NAME=VALUE pairs.
type paramFlag struct{ values map[string]string }

func (p *paramFlag) String() string { return "" }

func (p *paramFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return errors.New("want NAME=VALUE")
	}
	if p.values == nil {
		p.values = map[string]string{}
	}
	p.values[k] = v
	return nil
}
