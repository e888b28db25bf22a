package elf64

import (
	delf "debug/elf"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// TestNewTable views the program header table and the dynamic table of the
// corpus files of this class with NewTable, over bytes located from the
// ELF header by hand, and compares every field with debug/elf's Progs and
// DynValue.
func TestNewTable(t *testing.T) {
	checked := 0
	for _, path := range testfiles.Corpus(t, 100) {
		df, err := delf.Open(path)
		if err != nil {
			continue
		}
		if df.Class != delf.Class(Class) || len(df.Progs) == 0 || len(df.Progs) >= int(elf.PN_XNUM) {
			df.Close()
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		big := df.Data == delf.ELFDATA2MSB
		hs, err := NewTable[Ehdr](b, 1, EhdrSize, big)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		h := hs.At(0)
		phdrs, err := NewTable[Phdr](b[h.Phoff():], int(h.Phnum()), int(h.Phentsize()), big)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		type prog struct {
			Type                                    delf.ProgType
			Flags                                   delf.ProgFlag
			Off, Vaddr, Paddr, Filesz, Memsz, Align uint64
		}
		var want, got []prog
		var dynamic []byte
		for i, p := range df.Progs {
			want = append(want, prog{p.Type, p.Flags, p.Off, p.Vaddr, p.Paddr, p.Filesz, p.Memsz, p.Align})
			q := phdrs.At(i)
			got = append(got, prog{delf.ProgType(q.Type()), delf.ProgFlag(q.Flags()), uint64(q.Offset()), uint64(q.Vaddr()),
				uint64(q.Paddr()), uint64(q.Filesz()), uint64(q.Memsz()), uint64(q.Align())})
			if p.Type == delf.PT_DYNAMIC && p.Off+p.Filesz <= uint64(len(b)) {
				dynamic = b[p.Off : p.Off+p.Filesz]
			}
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: program headers (-debug/elf +NewTable):\n%s", path, d)
		}
		if dynamic != nil && df.SectionByType(delf.SHT_DYNAMIC) != nil { // debug/elf reads the section
			dyn, err := NewTable[Dyn](dynamic, len(dynamic)/DynSize, DynSize, big)
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			for _, tag := range []delf.DynTag{delf.DT_NEEDED, delf.DT_STRTAB, delf.DT_SYMTAB, delf.DT_GNU_HASH, delf.DT_VERSYM, delf.DT_FLAGS_1} {
				want, _ := df.DynValue(tag)
				var got []uint64
				for _, d := range dyn.All() {
					if d.Tag() == elf.DT_NULL {
						break
					}
					if d.Tag() == elf.DynTag(tag) {
						got = append(got, uint64(d.Val()))
					}
				}
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("%s: %v (-debug/elf +NewTable):\n%s", path, tag, d)
				}
			}
		}
		df.Close()
		checked++
	}
	t.Logf("checked %d files", checked)
	if checked == 0 {
		t.Skip("no file of this class in the corpus")
	}
}

// TestNewTableBounds checks the sizes NewTable accepts: n records need
// (n-1)*stride plus one record's bytes, and each view is exactly a record.
func TestNewTableBounds(t *testing.T) {
	b := make([]byte, 3*PhdrSize+8)
	for _, tc := range []struct {
		n, stride int
		b         []byte
		want      error
	}{
		{3, PhdrSize, b, nil},
		{3, PhdrSize + 4, b, nil},
		{3, PhdrSize + 5, b, elf.ErrTruncated},
		{4, PhdrSize, b, elf.ErrTruncated},
		{1, PhdrSize, b[:PhdrSize-1], elf.ErrTruncated},
		{0, PhdrSize, nil, nil},
		{1, PhdrSize - 1, b, elf.ErrOutOfRange},
		{-1, PhdrSize, b, elf.ErrOutOfRange},
		{1 << 40, PhdrSize, b, elf.ErrTruncated},
	} {
		tab, err := NewTable[Phdr](tc.b, tc.n, tc.stride, false)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("NewTable(%d bytes, %d, %d): %v, want %v", len(tc.b), tc.n, tc.stride, err, tc.want)
			continue
		}
		if err != nil {
			continue
		}
		if tab.Len() != tc.n {
			t.Errorf("NewTable(%d bytes, %d, %d): %d records", len(tc.b), tc.n, tc.stride, tab.Len())
		}
		for i, p := range tab.All() {
			if len(p.b) != PhdrSize || &p.b[0] != &tc.b[i*tc.stride] {
				t.Errorf("NewTable(%d bytes, %d, %d): record %d is %d bytes at the wrong place", len(tc.b), tc.n, tc.stride, i, len(p.b))
			}
		}
	}
	for _, size := range []int{recordSize[Ehdr](), recordSize[Shdr](), recordSize[Sym](), recordSize[Rela](), recordSize[Verdef](), recordSize[Versym]()} {
		if size < 2 {
			t.Errorf("record size %d", size)
		}
	}
}

// FuzzNewTable views arbitrary bytes as tables of symbols and dynamic
// entries of any count and stride and reads every field of every record.
func FuzzNewTable(f *testing.F) {
	f.Add(make([]byte, 3*SymSize), 3, SymSize, false)
	f.Add(make([]byte, 100), 4, 25, true)
	f.Fuzz(func(t *testing.T, b []byte, n, stride int, big bool) {
		if syms, err := NewTable[Sym](b, n, stride, big); err == nil {
			for _, s := range syms.All() {
				_ = s.Name() + uint32(s.Info()) + uint32(s.Other()) + uint32(s.Shndx())
				_ = uint64(s.Value()) + uint64(s.Size())
			}
			if len(syms.Bytes()) > len(b) {
				t.Fatalf("%d bytes of table in %d", len(syms.Bytes()), len(b))
			}
		} else {
			fuzzCheckErr(t, "NewTable", err)
		}
		if dyn, err := NewTable[Dyn](b, n, stride, big); err == nil {
			for _, d := range dyn.All() {
				_ = uint64(d.Tag()) + uint64(d.Val())
			}
		}
	})
}
