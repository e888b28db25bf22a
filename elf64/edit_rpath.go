package elf64

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/elfkit/elf"
)

// AddRpath appends dir to the search path, as patchelf --add-rpath does:
// the new path is the current one (DT_RUNPATH, else DT_RPATH) followed by
// ':' and dir, or dir alone when there is none. The entry it goes in is
// chosen as by SetRpath (force keeps or makes a DT_RPATH).
func (e *Editor) AddRpath(dir string, force bool) error {
	old, err := e.Rpath()
	if err != nil {
		return err
	}
	return e.SetRpath(appendPath(old, dir), force)
}

// appendPath appends dir to a colon-separated path.
func appendPath(path, dir string) string {
	if path == "" {
		return dir
	}
	return path + ":" + dir
}

// splitPath splits a colon-separated list the way patchelf does (C++
// getline on ':'): an empty item between two colons is kept, but a
// trailing colon ends the list without adding an empty item.
func splitPath(s string) []string {
	parts := strings.Split(s, ":")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// ShrinkRpath removes from the search path every directory that provides
// none of the needed libraries, as patchelf --shrink-rpath does; with
// allowedPrefixes (patchelf --allowed-rpath-prefixes), it also removes the
// absolute directories that start with none of them. The rules are
// patchelf's:
//
//   - an empty entry is dropped;
//   - an entry that is not an absolute path ($ORIGIN/..., a relative
//     directory) is kept as it is: it is not expanded;
//   - an absolute directory is kept when it holds, for a DT_NEEDED name not
//     yet found in an earlier directory, an ELF file whose e_machine (and,
//     here also, class) is this file's;
//   - a directory in which that file cannot be read for another reason
//     than not existing (a directory by that name, a path through a file,
//     a file too short or not ELF) is an error, and nothing changes.
//
// A file without DT_RPATH or DT_RUNPATH is left as it is. Otherwise the
// result is set as by SetRpath, so a DT_RPATH becomes a DT_RUNPATH unless
// force is set, even when no directory was removed.
func (e *Editor) ShrinkRpath(allowedPrefixes []string, force bool) error {
	t, err := e.dynTable()
	if err != nil {
		return err
	}
	if len(slotsOf(t, elf.DT_RPATH, elf.DT_RUNPATH)) == 0 {
		return nil
	}
	old, err := e.Rpath()
	if err != nil {
		return err
	}
	needed, err := e.Needed()
	if err != nil {
		return err
	}
	found := map[string]bool{}
	var keep []string
	for _, dir := range splitPath(old) {
		if dir == "" {
			continue
		}
		if !strings.HasPrefix(dir, "/") {
			keep = append(keep, dir)
			continue
		}
		if len(allowedPrefixes) > 0 && !hasAnyPrefix(dir, allowedPrefixes) {
			continue
		}
		provides := false
		for _, n := range needed {
			if found[n] {
				continue
			}
			ok, err := e.sameMachine(dir + "/" + n)
			if err != nil {
				return err
			}
			if ok {
				found[n], provides = true, true
			}
		}
		if provides {
			keep = append(keep, dir)
		}
	}
	return e.SetRpath(strings.Join(keep, ":"), force)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// sameMachine reports whether the file at path is an ELF file of this
// file's class and machine. A path that does not exist is false; a file
// that cannot be read, or is not ELF, is an error (as in patchelf).
func (e *Editor) sameMachine(path string) (bool, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return false, nil
		}
		return false, err
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	// e_machine is at the same offset in both classes; patchelf reads
	// the size of an ELF32 header.
	var hdr [52]byte
	if _, err := io.ReadFull(f, hdr[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return false, elf.Errorf(0, elf.ErrTruncated, "%s: missing ELF header", path)
		}
		return false, err
	}
	id, err := elf.ParseIdent(hdr[:])
	if err != nil {
		return false, elf.Errorf(0, elf.ErrBadMagic, "%s: not an ELF executable: %v", path, err)
	}
	if id.Class != Class {
		return false, nil
	}
	m := u16(hdr[:], 18, id.Data == elf.ELFDATA2MSB)
	return elf.Machine(m) == e.f.Ehdr().Machine(), nil
}

// NoDefaultLib sets DF_1_NODEFLIB in DT_FLAGS_1 (the default library
// directories are not searched for this object's dependencies), adding a
// DT_FLAGS_1 entry at the start of the dynamic table when there is none,
// as patchelf --no-default-lib does.
func (e *Editor) NoDefaultLib() error {
	return e.edit(0, func() error {
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		if s := slotsOf(t, elf.DT_FLAGS_1); len(s) > 0 {
			d := t.At(s[0])
			setDyn(t, s[0], elf.DT_FLAGS_1, uint64(d.Val())|uint64(elf.DF_1_NODEFLIB))
			return nil
		}
		return insertDyn(t, []elf.DynTag{elf.DT_FLAGS_1}, []uint64{uint64(elf.DF_1_NODEFLIB)})
	})
}
