package mmap

import (
	"errors"

	"bytes"
	"golang.org/x/sys/unix"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenRegularAndProc(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	want := bytes.Repeat([]byte("elfkit"), 10000)
	if err := os.WriteFile(p, want, 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if !m.mapped || !bytes.Equal(m.Data, want) {
		t.Errorf("mapped=%v, equal=%v", m.mapped, bytes.Equal(m.Data, want))
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	// /proc files report size 0 and cannot be mapped: they are read instead.
	m, err = Open("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	if m.mapped || !bytes.Contains(m.Data, []byte("Name:")) {
		t.Errorf("proc: mapped=%v data=%q", m.mapped, m.Data)
	}
	m.Close()
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}

func TestOpenLazy(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []int{1, HeadSize - 1, HeadSize, HeadSize + 1, 60000} {
		p := filepath.Join(dir, "f")
		want := bytes.Repeat([]byte("elfkit!"), n)[:n]
		if err := os.WriteFile(p, want, 0o644); err != nil {
			t.Fatal(err)
		}
		l, err := OpenLazy(p)
		if err != nil {
			t.Fatal(err)
		}
		if l.Size() != int64(n) || !bytes.Equal(l.Head(), want[:min(n, HeadSize)]) {
			t.Errorf("%d bytes: size %d, head of %d bytes", n, l.Size(), len(l.Head()))
		}
		if l.m != nil {
			t.Errorf("%d bytes: mapped before Data", n)
		}
		got, err := l.Data()
		if err != nil || !bytes.Equal(got, want) || !l.m.mapped {
			t.Errorf("%d bytes: Data: %v, equal %v", n, err, bytes.Equal(got, want))
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		if b, err := l.Data(); b != nil || !errors.Is(err, os.ErrClosed) {
			t.Errorf("%d bytes: Data after Close: %d bytes, %v", n, len(b), err)
		}
	}
	// Closed before it was ever mapped: the descriptor is closed and Data
	// does not map.
	l, err := OpenLazy("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	fd := l.fd
	l.Close()
	if _, err := unix.FcntlInt(uintptr(fd), unix.F_GETFD, 0); err != unix.EBADF {
		t.Errorf("descriptor %d still open after Close: %v", fd, err)
	}
	if b, _ := l.Data(); b != nil {
		t.Error("Data mapped a closed file")
	}
	// /proc files report size 0: read in whole at once.
	l, err = OpenLazy("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	if b, err := l.Data(); err != nil || !bytes.Equal(b, l.Head()) || !bytes.Contains(b, []byte("Name:")) {
		t.Errorf("proc: %q, %v", b, err)
	}
	l.Close()
	if _, err := OpenLazy(filepath.Join(dir, "missing")); !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}
