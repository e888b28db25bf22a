package mmap

import (
	"bytes"
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
