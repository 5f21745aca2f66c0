package cli

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"time"

	"github.com/virga-dev/virga/internal/sam"
)

// watchEvery is how often --watch looks at the code directories.
const watchEvery = 200 * time.Millisecond

// watch redeploys a function's code whenever a file of its directory
// changes, until ctx ends: hot reload without restarting anything.
func (d *deployer) watch(ctx context.Context, f deployFlags) error {
	st, err := d.plan(ctx, f)
	if err != nil {
		return err
	}
	seen := make([]string, len(st.Functions))
	for i, fn := range st.Functions {
		seen[i] = fingerprint(fn.CodeDir)
	}
	d.progress("watching %d code directories (Ctrl-C to stop)", len(st.Functions))
	tick := time.NewTicker(watchEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		for i, fn := range st.Functions {
			if now := fingerprint(fn.CodeDir); now != seen[i] {
				seen[i] = now
				d.reload(ctx, fn)
			}
		}
	}
}

// reload replaces one function's code (and moves its alias, if any); a
// failure is reported, not fatal.
func (d *deployer) reload(ctx context.Context, fn sam.Function) {
	code, err := sam.Zip(fn.CodeDir)
	if err == nil {
		err = d.updateCode(ctx, fn.Name, code, digest(fn, code))
	}
	if err == nil {
		fn.Shifting = "" // in the edit loop an alias moves at once
		err = d.publish(ctx, fn)
	}
	if err != nil {
		d.progress("reload %s: %v", fn.Name, err)
		return
	}
	d.progress("reloaded function %s", fn.Name)
}

// fingerprint changes when a file under dir is added, removed, resized or
// modified.
func fingerprint(dir string) string {
	var parts []any
	_ = filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if info, err := e.Info(); err == nil {
			parts = append(parts, path, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return fmt.Sprint(parts...)
}
