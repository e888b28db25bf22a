package sym_test

import (
	"debug/elf"
	"errors"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/elfkit/elf/sym"
)

// partsFromDebugElf gathers the DynamicParts of a file with section
// headers through debug/elf, an independent reader: the sections by type,
// the string table by .dynsym's link, the version definitions from
// DynamicVersions. ok is false when the file has no .dynsym.
func partsFromDebugElf(f *elf.File) (p sym.DynamicParts, ok bool, err error) {
	p = sym.DynamicParts{
		Class:     elfkit.Class(f.Class),
		BigEndian: f.Data == elf.ELFDATA2MSB,
		Machine:   elfkit.Machine(f.Machine),
	}
	data := func(s *elf.Section) []byte {
		b, e := s.Data()
		if e != nil {
			err = e
		}
		return b
	}
	for _, s := range f.Sections {
		switch s.Type {
		case elf.SHT_DYNSYM:
			if ok {
				continue
			}
			p.Symbols, ok = data(s), true
			p.SymEnt = int(s.Entsize)
			if s.Entsize > 0 {
				p.Count = int(s.Size / s.Entsize)
			}
			if int(s.Link) < len(f.Sections) {
				p.Strings = data(f.Sections[s.Link])
			}
		case elf.SHT_GNU_VERSYM:
			p.Versym = data(s)
		case elf.SHT_GNU_HASH:
			p.GNUHash = data(s)
		case elf.SHT_HASH:
			p.SysVHash = data(s)
		}
	}
	if vers, e := f.DynamicVersions(); e == nil {
		for _, v := range vers {
			p.Definitions = append(p.Definitions, sym.Definition{Index: v.Index, Flags: elfkit.DynamicVersionFlag(v.Flags), Name: v.Name})
		}
	}
	if needs, e := f.DynamicVersionNeeds(); e == nil {
		for _, n := range needs {
			for _, d := range n.Needs {
				p.Requirements = append(p.Requirements, sym.Requirement{Index: d.Index, Flags: elfkit.DynamicVersionFlag(d.Flags), Name: d.Dep, File: n.Name})
			}
		}
	}
	return p, ok, err
}

// TestNewDynamicCorpus builds a Table with NewDynamic from the parts
// debug/elf finds in each file of the corpus, and checks it against
// Dynamic's Table of the same file (every symbol, with its version) and its lookups
// against the loader's rules over debug/elf's symbols.
func TestNewDynamicCorpus(t *testing.T) {
	checked := 0
	for _, path := range testfiles.Corpus(t, 200) {
		df, err := elf.Open(path)
		if err != nil {
			continue
		}
		syms, err := df.DynamicSymbols()
		if err != nil || len(syms) == 0 {
			df.Close()
			continue
		}
		p, ok, err := partsFromDebugElf(df)
		df.Close()
		if err != nil {
			t.Errorf("%s: %v", path, err)
		}
		if !ok || err != nil {
			continue
		}
		tb, c, err := openTables(path)
		if err != nil || tb.dynErr != nil {
			t.Errorf("%s: %v %v", path, err, tb.dynErr)
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			tab, err := sym.NewDynamic(p)
			if err != nil {
				t.Fatal(err)
			}
			if tab.Hash() != tb.dyn.Hash() || tab.Len() != tb.dyn.Len() || tab.Class() != tb.dyn.Class() || tab.Machine() != tb.dyn.Machine() {
				t.Errorf("hash %v, %d symbols, %v, %v; Dynamic: hash %v, %d symbols, %v, %v", tab.Hash(), tab.Len(), tab.Class(), tab.Machine(),
					tb.dyn.Hash(), tb.dyn.Len(), tb.dyn.Class(), tb.dyn.Machine())
			}
			var want, got []sym.Symbol
			for i, s := range tb.dyn.All() {
				want = append(want, s)
				got = append(got, tab.At(i))
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("symbols (-Dynamic +NewDynamic):\n%s", d)
			}
			checkLookups(t, tab, syms)
		})
		c.Close()
		checked++
	}
	t.Logf("checked %d files", checked)
	if checked == 0 {
		t.Fatal("no file with .dynsym in the corpus")
	}
}

// TestNewDynamicErrors checks what NewDynamic refuses, and that it reads
// no more symbols than it is given bytes for.
func TestNewDynamicErrors(t *testing.T) {
	rec := make([]byte, 3*24)
	for _, tc := range []struct {
		name string
		p    sym.DynamicParts
		want error
	}{
		{"no class", sym.DynamicParts{Symbols: rec, Count: 3}, elfkit.ErrBadClass},
		{"short", sym.DynamicParts{Class: elfkit.ELFCLASS64, Symbols: rec[:71], Count: 3}, elfkit.ErrTruncated},
		{"wide stride", sym.DynamicParts{Class: elfkit.ELFCLASS64, Symbols: rec, Count: 3, SymEnt: 25}, elfkit.ErrTruncated},
		{"narrow stride", sym.DynamicParts{Class: elfkit.ELFCLASS64, Symbols: rec, Count: 3, SymEnt: 16}, elfkit.ErrOutOfRange},
		{"negative count", sym.DynamicParts{Class: elfkit.ELFCLASS32, Symbols: rec, Count: -1}, elfkit.ErrOutOfRange},
		{"huge count", sym.DynamicParts{Class: elfkit.ELFCLASS32, Symbols: rec, Count: 1 << 60}, elfkit.ErrTruncated},
	} {
		if _, err := sym.NewDynamic(tc.p); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	for _, p := range []sym.DynamicParts{
		{Class: elfkit.ELFCLASS64, Symbols: rec, Count: 3},
		{Class: elfkit.ELFCLASS32, Symbols: rec, Count: 4, SymEnt: 16},
		{Class: elfkit.ELFCLASS64, Symbols: rec, Count: 0},
	} {
		tab, err := sym.NewDynamic(p)
		if err != nil || tab.Len() != p.Count || !tab.IsDynamic() || tab.Section() != -1 || tab.Hash() != elfkit.SHT_NULL {
			t.Errorf("%+v: %v", p, err)
		}
	}
}

// FuzzNewDynamic cuts arbitrary bytes into the parts of a dynamic symbol
// table and uses the Table NewDynamic makes of them. The seeds are the
// parts of the committed samples.
func FuzzNewDynamic(f *testing.F) {
	for _, name := range []string{"libhello-x86_64.so", "libhello-arm.so", "libhello-mips.so", "libhello-s390x.so"} {
		df, err := elf.Open(testfiles.Testdata(f, name))
		if err != nil {
			f.Fatal(err)
		}
		p, _, err := partsFromDebugElf(df)
		df.Close()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(p.Class), p.BigEndian, uint16(p.Machine), p.Count, p.SymEnt, p.Symbols, p.Strings, p.Versym, p.GNUHash, p.SysVHash, "HELLO_1.0")
	}
	f.Fuzz(func(t *testing.T, class uint8, big bool, machine uint16, count, ent int, syms, strs, versym, gnu, sysv []byte, version string) {
		p := sym.DynamicParts{
			Class: elfkit.Class(class), BigEndian: big, Machine: elfkit.Machine(machine),
			Symbols: syms, Count: count, SymEnt: ent, Strings: strs, Versym: versym, GNUHash: gnu, SysVHash: sysv,
			Definitions:  []sym.Definition{{Index: 1, Flags: elfkit.VER_FLG_BASE, Name: "lib"}, {Index: 2, Name: version}, {Index: 2, Name: "dup"}},
			Requirements: []sym.Requirement{{Index: 3, Name: "GLIBC_2.2.5", File: "libc.so.6"}, {Index: 0x8003, Name: "hidden"}},
		}
		if tab, err := sym.NewDynamic(p); err == nil {
			exerciseTable(tab, version)
		}
	})
}
