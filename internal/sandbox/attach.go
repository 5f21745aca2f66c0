//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// A pre-started sandbox runs its program before it knows its function, so
// the function's code reaches /var/task and /opt later, from outside: by
// mount propagation. Before the spare starts, the server mounts a small
// tmpfs of its own (its attach directory, with empty task and opt
// subdirectories) on the host and makes it a shared mount. The spare's init binds those
// subdirectories at /var/task and /opt as slaves of it, and keeps every
// other mount of the sandbox private. When a cold start claims the spare,
// the server mounts the code and the layers, read-only, on the attach
// directory's task and opt; the kernel copies the mounts into the
// sandbox. Then the server makes the attach directory private again, which
// cuts the sandbox's copies loose, and unmounts it on the host: nothing of
// the function stays mounted outside the sandbox, and nothing mounted
// later reaches it.

// makeAttach prepares dir as an attach directory: a small tmpfs of its
// own, so that the sandbox's mount table names no host path.
func makeAttach(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := unix.Mount("tmpfs", dir, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "mode=0755,size=4k"); err != nil {
		return fmt.Errorf("mount attach directory: %w", err)
	}
	for _, sub := range []string{"task", "opt"} {
		if err := os.Mkdir(filepath.Join(dir, sub), 0o755); err != nil {
			removeAttach(dir)
			return err
		}
	}
	if err := unix.Mount("", dir, "", unix.MS_SHARED, ""); err != nil {
		removeAttach(dir)
		return fmt.Errorf("share attach directory: %w", err)
	}
	return nil
}

// attachCode mounts code and opt (none when "") into the sandbox attached
// at dir, then releases dir. empty is as for layer.
func attachCode(dir, code, opt, empty string) error {
	defer removeAttach(dir)
	if err := layer(code, filepath.Join(dir, "task"), empty); err != nil {
		return fmt.Errorf("attach code: %w", err)
	}
	if opt == "" {
		return nil
	}
	if err := layer(opt, filepath.Join(dir, "opt"), empty); err != nil {
		return fmt.Errorf("attach layers: %w", err)
	}
	return nil
}

// detachAttach cuts dir from the sandbox it was attached to and unmounts
// it on the host. Unmounted alone, a mount on task or opt would take the
// sandbox's copy with it; the whole tree at once does not.
func detachAttach(dir string) {
	_ = unix.Mount("", dir, "", unix.MS_REC|unix.MS_PRIVATE, "")
	_ = unix.Unmount(dir, unix.MNT_DETACH)
}

// removeAttach removes dir from the host. The directories the sandbox
// binds live in dir's tmpfs, so removing the mount point touches nothing
// of the sandbox; were the unmount to have failed, Remove fails too.
func removeAttach(dir string) {
	detachAttach(dir)
	_ = os.Remove(dir)
}

// releaseStaleAttaches removes the attach directories an earlier server
// left under dir.
func releaseStaleAttaches(dir string) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	for _, e := range entries {
		removeAttach(filepath.Join(dir, e.Name()))
	}
}

// attachPoints, in a pre-started sandbox's init, makes its root private
// and binds the attach directory's task and opt at /var/task and /opt:
// binds of slave mounts, they stay slaves of the host's attach directory.
func attachPoints(root, attach string) error {
	if err := unix.Mount("", root, "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fmt.Errorf("make root private: %w", err)
	}
	for _, p := range [][2]string{{"task", "/var/task"}, {"opt", "/opt"}} {
		dst := filepath.Join(root, p[1])
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return err
		}
		if err := unix.Mount(filepath.Join(attach, p[0]), dst, "", unix.MS_BIND, ""); err != nil {
			return fmt.Errorf("bind attach point %s: %w", p[1], err)
		}
		if err := setattr(dst, &unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY | unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV}, false); err != nil {
			return err
		}
	}
	return nil
}
