package elf64

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/mmap"
	"github.com/google/go-cmp/cmp"
)

// openSample is a little-endian shared object of this package's class.
var openSample = map[elf.Class]string{
	elf.ELFCLASS64: "../testdata/libhello-x86_64.so",
	elf.ELFCLASS32: "../testdata/libhello-i386.so",
}[Class]

// fileSummary is what TestOpenLazy compares between a File from Open and
// one from NewFile over the same bytes.
type fileSummary struct {
	Size     uint64
	Phdrs    [][8]uint64
	Sections []string
	DynSyms  []string
	Needed   []string
	Data     []byte
}

func summarize(t *testing.T, f *File) fileSummary {
	t.Helper()
	var s fileSummary
	s.Size = f.Size()
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range phdrs.All() {
		s.Phdrs = append(s.Phdrs, [8]uint64{uint64(p.Type()), uint64(p.Flags()), uint64(p.Offset()), uint64(p.Vaddr()),
			uint64(p.Paddr()), uint64(p.Filesz()), uint64(p.Memsz()), uint64(p.Align())})
	}
	names, err := f.SectionNames()
	if err != nil {
		t.Fatal(err)
	}
	shdrs, err := f.SectionHeaders()
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range shdrs.All() {
		n, _ := names.String(sh.Name())
		s.Sections = append(s.Sections, n)
	}
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	for _, sym := range syms.All() {
		n, _ := syms.Name(sym)
		s.DynSyms = append(s.DynSyms, n)
	}
	if s.Needed, err = f.ImportedLibraries(); err != nil {
		t.Fatal(err)
	}
	s.Data = bytes.Clone(f.Data())
	return s
}

// TestOpenLazy checks that a File from Open, which reads the first page and
// maps the rest only when asked, reads what NewFile reads over the whole
// file: for the sample, for a copy whose program header table lies past
// the first page, and after Close.
func TestOpenLazy(t *testing.T) {
	orig, err := os.ReadFile(openSample)
	if err != nil {
		t.Fatal(err)
	}
	// A copy with the program header table moved to the end, past the
	// bytes Open reads first.
	moved := bytes.Clone(orig)
	moved = append(moved, make([]byte, mmap.HeadSize)...)
	h := Ehdr(view{b: moved[:EhdrSize]})
	phoff, phlen := uint64(h.Phoff()), uint64(h.Phnum())*uint64(h.Phentsize())
	newOff := uint64(len(moved))
	moved = append(moved, orig[phoff:phoff+phlen]...)
	phoffField := map[elf.Class]int{elf.ELFCLASS64: 32, elf.ELFCLASS32: 28}[Class]
	if wordSize == 8 {
		binary.LittleEndian.PutUint64(moved[phoffField:], newOff)
	} else {
		binary.LittleEndian.PutUint32(moved[phoffField:], uint32(newOff))
	}
	dir := t.TempDir()
	for name, b := range map[string][]byte{"sample": orig, "moved-phdrs": moved} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := NewFile(b)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(summarize(t, want), summarize(t, f)); d != "" {
			t.Errorf("%s: Open differs from NewFile (-NewFile +Open):\n%s", name, d)
		}
		if err := f.Close(); err != nil {
			t.Errorf("%s: Close: %v", name, err)
		}
		// A closed File reads nothing and does not fault.
		if f.Ehdr().Type() != 0 || f.Data() != nil || f.Size() != 0 {
			t.Errorf("%s: closed File still reads: size %d", name, f.Size())
		}
		if _, err := f.DynamicSymbols(); err == nil {
			t.Errorf("%s: closed File read its dynamic symbols", name)
		}
	}
}

// TestOpenConcurrentMap has many goroutines ask one freshly opened File
// for bytes past its first page at once: it maps once (run with -race).
func TestOpenConcurrentMap(t *testing.T) {
	want, err := os.ReadFile(openSample)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		f, err := Open(openSample)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		got := make([][]byte, 8)
		for i := range got {
			wg.Go(func() {
				shdrs, err := f.SectionHeaders()
				if err == nil && shdrs.Len() > 0 {
					got[i] = f.Data()
				}
			})
		}
		wg.Wait()
		for i, b := range got {
			if !bytes.Equal(b, want) {
				t.Fatalf("goroutine %d read %d bytes, want the file's %d", i, len(b), len(want))
			}
		}
		f.Close()
	}
}
