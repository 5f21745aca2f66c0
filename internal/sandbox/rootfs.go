//go:build linux

package sandbox

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// A sandbox's root is built in its mount namespace, so nothing mounted is
// ever seen by the host: startRoot makes a new root on a tmpfs at root,
// applySteps carries out steps in it (a spare's base ahead, the function's
// on demand), finishRoot pivots into it and makes it read-only.

// A pre-started sandbox's mounts start as slaves, so that the host's
// mounts on its attach points reach it (see attach.go); attachPoints makes
// the rest of its root private.
func startRoot(root string, slave bool) error {
	propagation := uintptr(unix.MS_PRIVATE)
	if slave {
		propagation = unix.MS_SLAVE
	}
	if err := unix.Mount("", "/", "", unix.MS_REC|propagation, ""); err != nil {
		return fmt.Errorf("make mounts private: %w", err)
	}
	if err := unix.Mount("tmpfs", root, "tmpfs", unix.MS_NOSUID|unix.MS_NODEV, "mode=0755,size=64k"); err != nil {
		return fmt.Errorf("mount root tmpfs: %w", err)
	}
	return nil
}

func applySteps(root string, steps []mountStep) error {
	for _, s := range steps {
		if err := apply(root, s); err != nil {
			return err
		}
	}
	return nil
}

// finishRoot pivots into root, built with steps, and makes it read-only.
func finishRoot(root string, steps []mountStep) error {
	if err := pivot(root); err != nil {
		return err
	}
	if err := readOnly("/"); err != nil {
		return err
	}
	for _, s := range steps {
		if s.Op == opTmpfs && s.ReadOnly {
			if err := readOnly(s.Dst); err != nil {
				return err
			}
		}
	}
	return nil
}

// apply carries out one step below root.
func apply(root string, s mountStep) error {
	dst := filepath.Join(root, s.Dst)
	var err error
	switch s.Op {
	case opBind:
		err = bind(s, dst)
	case opLayer:
		err = layer(s.Src, dst, s.Data)
	case opMask:
		err = mask(dst)
	case opTmpfs:
		err = mountFS("tmpfs", dst, unix.MS_NOSUID|unix.MS_NODEV, s.Data)
	case opProc:
		err = mountFS("proc", dst, unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, "")
	case opSymlink:
		err = symlink(s.Src, dst)
	case opDir:
		err = os.MkdirAll(dst, 0o755)
	default:
		err = errors.New("unknown step")
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", s.Op, s.Dst, err)
	}
	return nil
}

func mountFS(fstype, dst string, flags uintptr, data string) error {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	return unix.Mount(fstype, dst, fstype, flags, data)
}

func symlink(target, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.Symlink(target, dst)
}

// bind mounts a host file or directory, read-only unless s.Writable.
func bind(s mountStep, dst string) error {
	st, err := os.Stat(s.Src)
	if s.Optional && errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := mountPoint(dst, st.IsDir()); err != nil {
		return err
	}
	if err := unix.Mount(s.Src, dst, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		return err
	}
	attr := unix.MOUNT_ATTR_RDONLY | unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NODEV
	if s.Device {
		// A device node cannot be nodev, and stays writable on a
		// read-only mount: the kernel checks only files, directories and
		// links against it.
		attr = unix.MOUNT_ATTR_RDONLY | unix.MOUNT_ATTR_NOSUID | unix.MOUNT_ATTR_NOEXEC
	}
	return setattr(dst, &unix.MountAttr{Attr_set: uint64(attr)}, true)
}

// layer mounts host directory src read-only at dst as an overlay of src
// over the empty directory empty (an overlay without an upper directory
// needs two layers). Unlike a bind mount, whose line in mountinfo names
// its source's path on the host, the overlay names only the descriptors
// it was given.
func layer(src, dst, empty string) error {
	fds := make([]int, 0, 2)
	defer func() { closeAll(fds) }()
	for _, dir := range []string{src, empty} {
		fd, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		fds = append(fds, fd)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	data := fmt.Sprintf("lowerdir=/proc/self/fd/%d:/proc/self/fd/%d", fds[0], fds[1])
	return unix.Mount("overlay", dst, "overlay", unix.MS_RDONLY|unix.MS_NOSUID|unix.MS_NODEV, data)
}

// mask hides a file or directory of /proc as Docker does: a directory
// under an empty read-only tmpfs, a file under the null device, which on
// a nodev mount cannot even be opened. A path this kernel lacks is left.
func mask(dst string) error {
	st, err := os.Stat(dst)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	flags := uintptr(unix.MS_RDONLY | unix.MS_NOSUID | unix.MS_NODEV | unix.MS_NOEXEC)
	if st.IsDir() {
		return unix.Mount("tmpfs", dst, "tmpfs", flags, "size=4k,nr_inodes=1,mode=0555")
	}
	if err := unix.Mount("/dev/null", dst, "", unix.MS_BIND, ""); err != nil {
		return err
	}
	return unix.Mount("", dst, "", unix.MS_BIND|unix.MS_REMOUNT|flags, "")
}

// mountPoint makes an empty directory or file to mount on.
func mountPoint(dst string, dir bool) error {
	if dir {
		return os.MkdirAll(dst, 0o755)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_RDONLY, 0o644)
	if err != nil {
		return err
	}
	return f.Close()
}

// readOnly makes the mount at path (not those below it) read-only.
func readOnly(path string) error {
	if err := setattr(path, &unix.MountAttr{Attr_set: unix.MOUNT_ATTR_RDONLY}, false); err != nil {
		return fmt.Errorf("make %s read-only: %w", path, err)
	}
	return nil
}

// setattr sets mount attributes with mount_setattr (Linux 5.12), or by
// remounting where that is missing; a remount keeps the flags the kernel
// locks in a user namespace only for the top mount.
func setattr(path string, attr *unix.MountAttr, recursive bool) error {
	flags := uint(0)
	if recursive {
		flags = unix.AT_RECURSIVE
	}
	err := unix.MountSetattr(unix.AT_FDCWD, path, flags, attr)
	if !errors.Is(err, unix.ENOSYS) {
		return err
	}
	var st unix.Statfs_t
	if err := unix.Statfs(path, &st); err != nil {
		return err
	}
	remount := uintptr(unix.MS_BIND|unix.MS_REMOUNT) | uintptr(st.Flags)&(unix.MS_NOEXEC|unix.MS_NOSUID|unix.MS_NODEV|unix.MS_RDONLY)
	if attr.Attr_set&unix.MOUNT_ATTR_RDONLY != 0 {
		remount |= unix.MS_RDONLY
	}
	if attr.Attr_set&unix.MOUNT_ATTR_NOSUID != 0 {
		remount |= unix.MS_NOSUID
	}
	if attr.Attr_set&unix.MOUNT_ATTR_NODEV != 0 {
		remount |= unix.MS_NODEV
	}
	return unix.Mount("", path, "", remount, "")
}

// pivot makes root the root directory and drops the host's tree.
func pivot(root string) error {
	if err := unix.Chdir(root); err != nil {
		return fmt.Errorf("chdir to new root: %w", err)
	}
	if err := unix.PivotRoot(".", "."); err != nil {
		return fmt.Errorf("pivot_root: %w", err)
	}
	if err := unix.Unmount(".", unix.MNT_DETACH); err != nil {
		return fmt.Errorf("detach host root: %w", err)
	}
	return unix.Chdir("/")
}
