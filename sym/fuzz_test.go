package sym_test

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/elfkit/elf/sym"
)

// FuzzLookup feeds arbitrary bytes to everything sym does with a file:
// both tables, lookups with and without versions of the names it finds and
// of fixed names, iteration with versions, and symbolization. The seeds in
// testdata/fuzz/FuzzLookup are small shared objects of both classes and
// byte orders, truncated ones, and ones with broken hash tables; the
// smaller committed samples are added too.
func FuzzLookup(f *testing.F) {
	// The 64 KiB-aligned samples (aarch64, ppc64) are left out: the fuzzer
	// minimizes new inputs in proportion to their size.
	for _, name := range []string{
		"libhello-x86_64.so", "libhello-i386.so", "libhello-arm.so", "libhello-mips.so",
		"libhello-s390x.so", "libhello-riscv64.so", "libhello-x86_64.noshdr.so",
		"libhello-mips.noshdr.so", "hello-arm", "hello-i386",
	} {
		b, err := os.ReadFile(testfiles.Testdata(f, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) { exercise(b) })
}

// exercise runs every sym entry point over b, as a file and as an image.
func exercise(b []byte) {
	id, err := elfkit.ParseIdent(b)
	if err != nil {
		return
	}
	switch id.Class {
	case elfkit.ELFCLASS64:
		if f, err := elf64.NewFile(b); err == nil {
			exerciseFile(f)
		}
		if f, err := elf64.NewImage(b, 0); err == nil {
			exerciseFile(f)
		}
	case elfkit.ELFCLASS32:
		if f, err := elf32.NewFile(b); err == nil {
			exerciseFile(f)
		}
		if f, err := elf32.NewImage(b, 0); err == nil {
			exerciseFile(f)
		}
	}
}

func exerciseFile[F sym.File](f F) {
	for _, mk := range []func(F) (*sym.Table, error){sym.Dynamic[F], sym.Static[F]} {
		if tab, err := mk(f); err == nil {
			exerciseTable(tab, "HELLO_1.0")
		}
	}
	sz, err := sym.NewSymbolizer(f)
	if err != nil {
		return
	}
	tab := sz.Table()
	for i := 0; i < tab.Len() && i < 300; i++ {
		s := tab.At(i)
		sz.Lookup(s.Value)
		sz.Lookup(s.Value + s.Size/2)
		sz.Lookup(s.Value + s.Size)
	}
	sz.Lookup(0)
	sz.Lookup(^uint64(0))
}

// exerciseTable looks up, with and without their versions, the first
// symbols of tab and a few fixed names, the latter at version.
func exerciseTable(tab *sym.Table, version string) {
	n := 0
	for _, s := range tab.All() {
		if n++; n > 300 {
			break
		}
		_ = s.String()
		tab.Lookup(s.Name)
		tab.LookupVersion(s.Name, s.Version.Name)
	}
	for _, name := range []string{"", "hello_version", "hello_add", "main", "memcpy"} {
		tab.Lookup(name)
		tab.LookupVersion(name, version)
	}
	tab.At(-1)
	tab.At(tab.Len())
}

// TestWriteFuzzSeeds regenerates testdata/fuzz/FuzzLookup when
// SYM_WRITE_FUZZ_SEEDS=1, from the committed samples: small ones whole,
// truncated, and with damaged hash tables.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("SYM_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set SYM_WRITE_FUZZ_SEEDS=1 to regenerate the seeds")
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(testfiles.Testdata(t, name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	seeds := map[string][]byte{}
	for _, name := range []string{"libhello-mips.noshdr.so", "libhello-arm.so", "libhello-s390x.so", "libhello-x86_64.noshdr.so"} {
		b := read(name)
		seeds[name] = b
		seeds[name+".half"] = b[:len(b)/2]
	}
	seeds["libhello-mips.noshdr.so.1000"] = read("libhello-mips.noshdr.so")[:1000]

	// Damaged hash tables: GNU chains that never end (arm), and both
	// tables of s390x broken (no GNU buckets, a SysV chain looping on
	// itself), so that lookups fall back to the scan.
	arm := read("libhello-arm.so")
	off, size, bo := section(t, arm, elf.SHT_GNU_HASH)
	nb, nbloom := int(bo.Uint32(arm[off:])), int(bo.Uint32(arm[off+8:]))
	for o := off + 16 + 4*nbloom + 4*nb; o+4 <= off+size; o += 4 {
		bo.PutUint32(arm[o:], bo.Uint32(arm[o:])&^1)
	}
	seeds["libhello-arm.so.endless-gnu-chains"] = arm
	s390 := read("libhello-s390x.so")
	off, _, bo = section(t, s390, elf.SHT_GNU_HASH)
	bo.PutUint32(s390[off:], 0)
	off, size, bo = section(t, s390, elf.SHT_HASH)
	nb = int(bo.Uint64(s390[off:]))
	for i := 0; 2+nb+i < size/8; i++ {
		bo.PutUint64(s390[off+8*(2+nb+i):], uint64(i))
	}
	seeds["libhello-s390x.so.broken-hashes"] = s390

	dir := filepath.Join("testdata", "fuzz", "FuzzLookup")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range seeds {
		content := "go test fuzz v1\n[]byte(" + strconv.Quote(string(b)) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func section(t *testing.T, b []byte, typ elf.SectionType) (off, size int, bo binary.ByteOrder) {
	f, err := elf.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range f.Sections {
		if s.Type == typ {
			return int(s.Offset), int(s.Size), f.ByteOrder
		}
	}
	t.Fatal(fmt.Sprintf("no %v section", typ))
	return 0, 0, nil
}
