package sym_test

import (
	"testing"

	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/sym"
)

func TestSmoke(t *testing.T) {
	for _, p := range []string{"/lib/x86_64-linux-gnu/libc.so.6", "../testdata/libhello-x86_64.so", "../testdata/libhello-x86_64.noshdr.so"} {
		f, err := elf64.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := sym.Dynamic(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Log(p, tab.Len(), tab.Hash())
		for _, q := range [][2]string{{"memcpy", ""}, {"memcpy", "GLIBC_2.2.5"}, {"memcpy", "GLIBC_2.14"}, {"realpath", ""}, {"realpath", "GLIBC_2.2.5"}, {"nonexistent", ""}, {"hello_version", ""}, {"hello_version", "HELLO_1.0"}, {"hello_version", "HELLO_2.0"}, {"hello_add", ""}} {
			var s sym.Symbol
			var ok bool
			if q[1] == "" {
				s, ok = tab.Lookup(q[0])
			} else {
				s, ok = tab.LookupVersion(q[0], q[1])
			}
			if ok {
				t.Logf("%v -> %d %s %#x %d", q, s.Index, s, s.Value, s.Size)
			}
		}
		n := 0
		for _, s := range tab.All() {
			if n < 5 || s.Name == "memcpy" {
				t.Log(s.Index, s.String())
			}
			n++
		}
		f.Close()
	}
}
