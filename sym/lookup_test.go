package sym_test

import (
	"debug/elf"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/elfkit/elf/sym"
)

// loaderRules restates, over debug/elf's decoding, which symbols dlsym and
// dlvsym accept (glibc's check_match and do_lookup_x), so that the hash
// table walks can be checked on every file of the corpus. The rules
// themselves are checked against the real loader in dlsym_cgo_test.go.
type loaderRules struct {
	dflt     map[string]int    // name -> symbol index dlsym finds
	versions map[[2]string]int // name, version -> symbol index dlvsym finds
	names    []string          // every name in the table, in order
}

func isDefinition(s elf.Symbol) bool {
	if s.Section == elf.SHN_UNDEF {
		return false
	}
	switch elf.ST_BIND(s.Info) {
	case elf.STB_GLOBAL, elf.STB_WEAK, elf.STB_LOOS:
	default:
		return false
	}
	switch typ := elf.ST_TYPE(s.Info); typ {
	case elf.STT_NOTYPE, elf.STT_OBJECT, elf.STT_FUNC, elf.STT_COMMON, elf.STT_TLS, elf.STT_LOOS:
		return s.Value != 0 || s.Section == elf.SHN_ABS || typ == elf.STT_TLS
	}
	return false
}

func newLoaderRules(syms []elf.Symbol) loaderRules {
	r := loaderRules{dflt: map[string]int{}, versions: map[[2]string]int{}}
	versioned := map[string][]int{} // non-hidden versioned definitions
	seen := map[string]bool{}
	for i, s := range syms {
		idx := i + 1 // debug/elf leaves out the null symbol
		if !seen[s.Name] {
			seen[s.Name] = true
			r.names = append(r.names, s.Name)
		}
		if !isDefinition(s) {
			continue
		}
		ndx := uint16(1)
		if s.HasVersion {
			ndx = s.VersionIndex.Index()
		}
		if ndx < 2 {
			if _, ok := r.dflt[s.Name]; !ok {
				r.dflt[s.Name] = idx
			}
			continue
		}
		if !s.VersionIndex.IsHidden() {
			versioned[s.Name] = append(versioned[s.Name], idx)
		}
		k := [2]string{s.Name, s.Version}
		if _, ok := r.versions[k]; !ok {
			r.versions[k] = idx
		}
	}
	for name, v := range versioned {
		if _, ok := r.dflt[name]; !ok && len(v) == 1 {
			r.dflt[name] = v[0]
		}
	}
	return r
}

// checkLookups compares every lookup the rules imply, and lookups of names
// that are not there, with the table's answers.
func checkLookups(t *testing.T, tab *sym.Table, syms []elf.Symbol) {
	t.Helper()
	r := newLoaderRules(syms)
	type result struct {
		Found   bool
		Index   int
		Version string
	}
	var want, got []string
	add := func(what string, w result, s sym.Symbol, ok bool) {
		g := result{Found: ok}
		if ok {
			g.Index, g.Version = s.Index, s.Version.Name
		}
		if w.Found && w.Version == "" && ok {
			g.Version = "" // the version of an unversioned lookup is checked by the readelf test
		}
		want = append(want, fmt.Sprintf("%s %+v", what, w))
		got = append(got, fmt.Sprintf("%s %+v", what, g))
	}
	for _, name := range r.names {
		i, ok := r.dflt[name]
		s, found := tab.Lookup(name)
		add("Lookup("+name+")", result{Found: ok, Index: i}, s, found)
		s, found = tab.Lookup(name + "\x01missing")
		add("Lookup("+name+"+missing)", result{}, s, found)
	}
	for k, i := range r.versions {
		s, found := tab.LookupVersion(k[0], k[1])
		add("LookupVersion("+k[0]+", "+k[1]+")", result{Found: true, Index: i, Version: k[1]}, s, found)
		s, found = tab.LookupVersion(k[0], k[1]+"_missing")
		add("LookupVersion("+k[0]+", "+k[1]+"_missing)", result{}, s, found)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("lookups (-loader rules over debug/elf +sym):\n%s", d)
	}
}

// TestLookupCorpus checks Lookup and LookupVersion for every name of every
// dynamic symbol table in the corpus.
func TestLookupCorpus(t *testing.T) {
	files := testfiles.Corpus(t, 300)
	checked := 0
	hashes := map[elfkit.SectionType]int{}
	for _, path := range files {
		df, err := elf.Open(path)
		if err != nil {
			continue
		}
		syms, err := df.DynamicSymbols()
		df.Close()
		if err != nil || len(syms) == 0 {
			continue
		}
		tb, c, err := openTables(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if tb.dynErr != nil {
			t.Errorf("%s: Dynamic: %v", path, tb.dynErr)
			c.Close()
			continue
		}
		if tb.dyn.Len() != len(syms)+1 {
			t.Errorf("%s: %d dynamic symbols, debug/elf has %d", path, tb.dyn.Len()-1, len(syms))
		}
		t.Run(filepath.Base(path), func(t *testing.T) { checkLookups(t, tb.dyn, syms) })
		hashes[tb.dyn.Hash()]++
		checked++
		c.Close()
	}
	t.Logf("checked %d files; hash tables used: %v", checked, hashes)
	if checked == 0 {
		t.Fatal("no file with dynamic symbols in the corpus")
	}
}

// TestLookupTestdata checks the committed samples of every class and byte
// order, with and without section headers, against readelf's view of
// their versions: each "name@V" and "name@@V" definition is found by
// LookupVersion, each "name@@V" and unversioned global definition by
// Lookup, and no "name@V" by Lookup.
func TestLookupTestdata(t *testing.T) {
	for _, name := range []string{
		"libhello-x86_64.so", "libhello-i386.so", "libhello-aarch64.so", "libhello-arm.so",
		"libhello-riscv64.so", "libhello-ppc64.so", "libhello-s390x.so", "libhello-mips.so",
		"libhello-x86_64.noshdr.so", "libhello-mips.noshdr.so",
	} {
		t.Run(name, func(t *testing.T) {
			path := testfiles.Testdata(t, name)
			tb := mustTables(t, path)
			if tb.dynErr != nil {
				t.Fatal(tb.dynErr)
			}
			rows := readelfDynSyms(t, path)
			if len(rows) != tb.dyn.Len() {
				t.Fatalf("readelf lists %d dynamic symbols, sym %d", len(rows), tb.dyn.Len())
			}
			checkAgainstReadelf(t, tb.dyn, rows)
			// The hello_version pair of libhello.map.
			def, ok := tb.dyn.Lookup("hello_version")
			if !ok || def.Version.Name != "HELLO_2.0" || def.Version.Hidden {
				t.Errorf("Lookup(hello_version) = %v, %v; want hello_version@@HELLO_2.0", def, ok)
			}
			old, ok := tb.dyn.LookupVersion("hello_version", "HELLO_1.0")
			if !ok || old.Version.Name != "HELLO_1.0" || !old.Version.Hidden || old.Value == def.Value {
				t.Errorf("LookupVersion(hello_version, HELLO_1.0) = %v, %v; want the hidden hello_version@HELLO_1.0", old, ok)
			}
			if s, ok := tb.dyn.Lookup("hello_internal"); ok {
				t.Errorf("Lookup(hello_internal) = %v; it is not exported", s)
			}
			t.Logf("%v, %d symbols, hash %v", tb.dyn.Class(), tb.dyn.Len(), tb.dyn.Hash())
		})
	}
}

// checkAgainstReadelf derives the lookups readelf's listing implies and
// compares them with the table's.
func checkAgainstReadelf(t *testing.T, tab *sym.Table, rows []readelfSym) {
	t.Helper()
	var want, got []string
	for i, r := range rows {
		if i == 0 || r.ndx == "UND" || r.bind == "LOCAL" || r.typ == "SECTION" || r.typ == "FILE" {
			continue
		}
		name, ver, hidden := r.name, "", false
		if n, v, ok := strings.Cut(r.name, "@@"); ok {
			name, ver = n, v
		} else if n, v, ok := strings.Cut(r.name, "@"); ok {
			name, ver, hidden = n, v, true
		}
		if ver != "" {
			s, ok := tab.LookupVersion(name, ver)
			want = append(want, fmt.Sprintf("LookupVersion(%s, %s) = %d true", name, ver, i))
			got = append(got, fmt.Sprintf("LookupVersion(%s, %s) = %d %v", name, ver, s.Index, ok))
		}
		s, ok := tab.Lookup(name)
		if hidden {
			if ok && s.Index == i {
				t.Errorf("Lookup(%s) found the hidden %s", name, r.name)
			}
			continue
		}
		want = append(want, fmt.Sprintf("Lookup(%s) = %d true", name, i))
		got = append(got, fmt.Sprintf("Lookup(%s) = %d %v", name, s.Index, ok))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("lookups (-readelf +sym):\n%s", d)
	}
}

// TestLookupNil checks the constructors on a nil file.
func TestLookupNil(t *testing.T) {
	if _, err := sym.Dynamic((*elf64.File)(nil)); !errors.Is(err, elfkit.ErrNotFound) {
		t.Errorf("Dynamic(nil) error %v, want ErrNotFound", err)
	}
	if _, err := sym.Static((*elf32.File)(nil)); !errors.Is(err, elfkit.ErrNotFound) {
		t.Errorf("Static(nil) error %v, want ErrNotFound", err)
	}
	if _, err := sym.NewSymbolizer((*elf64.File)(nil)); !errors.Is(err, elfkit.ErrNotFound) {
		t.Errorf("NewSymbolizer(nil) error %v, want ErrNotFound", err)
	}
}

// TestAllocs checks that lookups, iteration and symbolization allocate
// nothing once the tables are made.
func TestAllocs(t *testing.T) {
	path := testfiles.Testdata(t, "libhello-x86_64.so")
	tb := mustTables(t, path)
	sz, err := tb.symbolizer()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := tb.dyn.Lookup("hello_add")
	for name, fn := range map[string]func(){
		"Lookup found":   func() { tb.dyn.Lookup("hello_add") },
		"Lookup missing": func() { tb.dyn.Lookup("hello_nothing") },
		"LookupVersion":  func() { tb.dyn.LookupVersion("hello_version", "HELLO_1.0") },
		"Static Lookup":  func() { tb.static.Lookup("main") },
		"All": func() {
			for range tb.dyn.All() {
			}
		},
		"Symbolizer":      func() { sz.Lookup(def.Value + 1) },
		"Symbolizer miss": func() { sz.Lookup(0) },
	} {
		if n := testing.AllocsPerRun(100, fn); n != 0 {
			t.Errorf("%s: %v allocations", name, n)
		}
	}
}
