package main

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/elfkit/elf/vdso"
)

// TestRun checks that the output lists every symbol of the image and, for
// every function of the table, the address vdso.Lookup gives.
func TestRun(t *testing.T) {
	var out strings.Builder
	err := run(&out)
	if errors.Is(err, vdso.ErrNoVDSO) {
		t.Skipf("no vDSO: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	text := out.String()
	t.Log("\n" + text)
	im, err := vdso.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range im.Symbols() {
		if !strings.Contains(text, "  "+s.Name) {
			t.Errorf("symbol %s missing from the output", s.Name)
		}
	}
	// The lines of the table part: function, then address or error.
	resolved := map[string]string{}
	_, table, _ := strings.Cut(text, "vdso.Lookup of")
	for line := range strings.Lines(table) {
		if f := strings.Fields(line); len(f) >= 2 {
			resolved[f[0]] = f[1]
		}
	}
	for _, s := range vdso.Functions() {
		got, ok := resolved[s.String()]
		if !ok {
			t.Errorf("%v missing from the output", s)
			continue
		}
		if addr, err := vdso.Lookup(s); err == nil && got != fmt.Sprintf("%#x", addr) {
			t.Errorf("%v printed at %s, vdso.Lookup says %#x", s, got, addr)
		}
	}
}
