package elf64

import (
	"bytes"
	stdelf "debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/klauspost/compress/zstd"
)

// debug/elf's Section.Data decompresses SHF_COMPRESSED sections (zlib and
// zstd, with its own zstd decoder), so it is the reference for those. It
// does not decompress .zdebug_* sections by themselves; for those the
// reference is objcopy --decompress-debug-sections.

// compressDebugSource is C with enough debug information for multi-block streams.
const compressDebugSource = `
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
struct point { int x, y; const char *name; double weight[4]; };
struct list { struct list *next; struct point p; unsigned long flags; };
static struct list *push(struct list *l, int x, int y, const char *name) {
	struct list *n = malloc(sizeof *n);
	memset(n, 0, sizeof *n);
	n->next = l; n->p.x = x; n->p.y = y; n->p.name = name;
	return n;
}
int sum(struct list *l) { int s = 0; for (; l; l = l->next) s += l->p.x * l->p.y; return s; }
int main(int argc, char **argv) {
	struct list *l = 0;
	for (int i = 0; i < argc; i++) l = push(l, i, (int)strlen(argv[i]), argv[i]);
	printf("%d\n", sum(l));
	return 0;
}
`

// compressedSections returns the indexes of the SHF_COMPRESSED sections
// of f that have bytes in the file.
func compressedSections(t testing.TB, f *File) []int {
	t.Helper()
	shdrs, err := f.SectionHeaders()
	if err != nil {
		return nil
	}
	var out []int
	for i, s := range shdrs.All() {
		if s.Flags()&elf.SHF_COMPRESSED != 0 && s.Type() != elf.SHT_NOBITS {
			out = append(out, i)
		}
	}
	return out
}

// checkDecompressDebugElf compares Decompress with debug/elf's
// Section.Data on every SHF_COMPRESSED section of the file at path, and
// returns how many sections it compared.
func checkDecompressDebugElf(t *testing.T, path string) int {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatalf("%s: Open: %v", path, err)
	}
	defer f.Close()
	idx := compressedSections(t, f)
	if len(idx) == 0 {
		return 0
	}
	df, err := stdelf.Open(path)
	if err != nil {
		t.Logf("%s: debug/elf: %v", path, err)
		return 0
	}
	defer df.Close()
	var buf []byte
	for _, i := range idx {
		s, _ := f.Section(i)
		want, wantErr := df.Sections[i].Data()
		got, err := f.Decompress(s, nil)
		if wantErr != nil {
			if err == nil {
				t.Errorf("%s: section %d: Decompress ok, debug/elf: %v", path, i, wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: section %d (%s): %v", path, i, df.Sections[i].Name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: section %d (%s): %d bytes differ from debug/elf's %d", path, i, df.Sections[i].Name, len(got), len(want))
		}
		if n, err := f.DecompressedSize(s); err != nil || n != uint64(len(want)) {
			t.Errorf("%s: section %d: DecompressedSize %d, %v; want %d", path, i, n, err, len(want))
		}
		// Again into a buffer that is big enough: the result is in it.
		if cap(buf) < len(want) {
			buf = make([]byte, len(want)+7)
		}
		got, err = f.Decompress(s, buf)
		if err != nil || !bytes.Equal(got, want) || len(got) > 0 && &got[0] != &buf[0] {
			t.Errorf("%s: section %d: Decompress into a buffer: %d bytes, %v (in the buffer: %v)", path, i, len(got), err, len(got) > 0 && &got[0] == &buf[0])
		}
	}
	return len(idx)
}

// TestDecompressDebugElf compares every SHF_COMPRESSED section of the
// corpus (including the Go distribution's compressed-*.obj), of Go programs
// and of C objects built with -gz=zlib for machines of this class, and of
// zstd versions of those, with debug/elf.
func TestDecompressDebugElf(t *testing.T) {
	var paths []string
	for _, p := range testfiles.Corpus(t, 0) {
		if noteTestClassFile(p) {
			paths = append(paths, p)
		}
	}
	for _, goarch := range notesGoArches() {
		paths = append(paths, testfiles.GoBinary(t, goarch))
	}
	sections := 0
	for _, p := range paths {
		sections += checkDecompressDebugElf(t, p)
	}
	t.Logf("%d files, %d compressed sections", len(paths), sections)

	for _, triple := range notesCrossTriples() {
		t.Run(triple, func(t *testing.T) {
			obj := testfiles.CrossObject(t, triple, compressDebugSource, "-g", "-gz=zlib", "-c")
			if checkDecompressDebugElf(t, obj) == 0 {
				t.Fatalf("%s: no compressed sections", obj)
			}
			for name, enc := range zstdEncoders(t) {
				zobj := zstdVariant(t, obj, enc)
				if checkDecompressDebugElf(t, zobj) == 0 {
					t.Fatalf("%s (%s): no compressed sections", obj, name)
				}
			}
		})
	}
	t.Run("go-zstd", func(t *testing.T) {
		for _, goarch := range notesGoArches() {
			for name, enc := range zstdEncoders(t) {
				if checkDecompressDebugElf(t, zstdVariant(t, testfiles.GoBinary(t, goarch), enc)) == 0 {
					t.Fatalf("%s %s: no compressed sections", goarch, name)
				}
			}
		}
	})
}

// zstdEncoders returns the zstd encoders the zstd test files are made
// with: the zstd command reading a pipe (frames without a content size) when
// it is installed, klauspost's encoder (frames with a content size), and two
// frames one after the other.
func zstdEncoders(t testing.TB) map[string]func([]byte) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]func([]byte) []byte{
		"go": func(b []byte) []byte { return enc.EncodeAll(b, nil) },
		"go-2frames": func(b []byte) []byte {
			h := len(b) / 2
			return enc.EncodeAll(b[h:], enc.EncodeAll(b[:h], nil))
		},
	}
	if testfiles.HaveTool("zstd") {
		m["cli"] = func(b []byte) []byte {
			cmd := exec.Command("zstd", "-q", "-c", "-")
			cmd.Stdin = bytes.NewReader(b)
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("zstd: %v", err)
			}
			return out
		}
	}
	return m
}

// compressShdrFields returns the positions in the file of section header i's
// sh_offset and sh_size.
func compressShdrFields(f *File, i int) (offPos, sizePos int) {
	base := int(f.Ehdr().Shoff()) + i*int(f.Ehdr().Shentsize())
	if Class == elf.ELFCLASS64 {
		return base + 24, base + 32
	}
	return base + 16, base + 20
}

// compressPutWord stores a class-sized word.
func compressPutWord(bo binary.ByteOrder, b []byte, v uint64) {
	if Class == elf.ELFCLASS64 {
		bo.PutUint64(b, v)
	} else {
		bo.PutUint32(b, uint32(v))
	}
}

// compressChdrSizePos is the position of ch_size in a Chdr.
func compressChdrSizePos() int {
	if Class == elf.ELFCLASS64 {
		return 8
	}
	return 4
}

// zstdVariant writes a copy of the file at path in which every
// SHF_COMPRESSED section is recompressed with zstd by enc (the contents
// from debug/elf, appended to the end of the file, the section header
// pointed at them), and returns its path.
func zstdVariant(t testing.TB, path string, enc func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(b)
	if err != nil {
		t.Fatal(err)
	}
	df, err := stdelf.NewFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	bo := f.ByteOrder()
	out := slices.Clone(b)
	for _, i := range compressedSections(t, f) {
		data, err := df.Sections[i].Data()
		if err != nil {
			t.Fatal(err)
		}
		s, _ := f.Section(i)
		old, err := f.CompressionHeader(s)
		if err != nil {
			t.Fatal(err)
		}
		chdr := make([]byte, ChdrSize)
		bo.PutUint32(chdr, uint32(elf.ELFCOMPRESS_ZSTD))
		compressPutWord(bo, chdr[compressChdrSizePos():], uint64(len(data)))
		compressPutWord(bo, chdr[ChdrSize-wordSize:], uint64(old.Addralign()))
		for len(out)%8 != 0 {
			out = append(out, 0)
		}
		off := len(out)
		out = append(out, chdr...)
		out = append(out, enc(data)...)
		offPos, sizePos := compressShdrFields(f, i)
		compressPutWord(bo, out[offPos:], uint64(off))
		compressPutWord(bo, out[sizePos:], uint64(len(out)-off))
	}
	p := filepath.Join(t.TempDir(), filepath.Base(path)+".zstd")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// compressObjcopy returns the objcopy of the gcc triple ("" when there is none).
func compressObjcopy(triple string) string {
	for _, name := range []string{triple + "-objcopy", "objcopy"} {
		if testfiles.HaveTool(name) && (name != "objcopy" || triple == "" || strings.HasPrefix(triple, runtime.GOARCH) || triple == "x86_64-linux-gnu" && runtime.GOARCH == "amd64") {
			return name
		}
	}
	return ""
}

// checkZdebug compares Decompress of every .zdebug_* section of the file
// at path with the .debug_* section that objcopy --decompress-debug-sections
// makes of it, read with debug/elf.
func checkZdebug(t *testing.T, path, objcopy string) {
	t.Helper()
	plain := filepath.Join(t.TempDir(), "plain.o")
	if out, err := exec.Command(objcopy, "--decompress-debug-sections", path, plain).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", objcopy, err, out)
	}
	df, err := stdelf.Open(plain)
	if err != nil {
		t.Fatal(err)
	}
	defer df.Close()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shdrs, err := f.SectionHeaders()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range shdrs.All() {
		name, _ := f.SectionName(s)
		rest, ok := strings.CutPrefix(name, ".zdebug")
		if !ok {
			continue
		}
		ds := df.Section(".debug" + rest)
		if ds == nil {
			t.Errorf("%s: objcopy made no .debug%s", path, rest)
			continue
		}
		want, err := ds.Data()
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.Decompress(s, nil)
		if err != nil {
			t.Errorf("%s: %s: %v", path, name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %s: %d bytes, objcopy %d bytes, differ", path, name, len(got), len(want))
		}
		if size, err := f.DecompressedSize(s); err != nil || size != uint64(len(want)) {
			t.Errorf("%s: %s: DecompressedSize %d, %v; want %d", path, name, size, err, len(want))
		}
		n++
	}
	if n == 0 {
		t.Errorf("%s: no .zdebug sections", path)
	}
}

// TestDecompressZdebug checks the old GNU .zdebug_* form on gcc -gz=zlib-gnu
// objects of this class and on the Go distribution's gcc 4.8.4 object.
func TestDecompressZdebug(t *testing.T) {
	if Class == elf.ELFCLASS64 {
		t.Run("gcc484", func(t *testing.T) {
			p := filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata", "zdebug-test-gcc484-x86-64.obj")
			if _, err := os.Stat(p); err != nil || compressObjcopy("x86_64-linux-gnu") == "" {
				t.Skip("no sample or no objcopy for x86-64")
			}
			checkZdebug(t, p, compressObjcopy("x86_64-linux-gnu"))
		})
	}
	for _, triple := range notesCrossTriples() {
		t.Run(triple, func(t *testing.T) {
			objcopy := compressObjcopy(triple)
			if objcopy == "" {
				t.Skipf("no objcopy for %s", triple)
			}
			obj := testfiles.CrossObject(t, triple, compressDebugSource, "-g", "-gz=zlib-gnu", "-c")
			checkZdebug(t, obj, objcopy)
		})
	}
}

// boundsCase is a compressed section of some form in a file's bytes.
type boundsCase struct {
	name string
	b    []byte // the file
	i    int    // the section
	size uint64 // its real uncompressed size
}

// boundsCases builds the largest compressed section of a zlib, a zstd and
// a .zdebug object of this class.
func boundsCases(t *testing.T) []boundsCase {
	triple := notesCrossTriples()[0]
	zlibObj := testfiles.CrossObject(t, triple, compressDebugSource, "-g", "-gz=zlib", "-c")
	gnuObj := testfiles.CrossObject(t, triple, compressDebugSource, "-g", "-gz=zlib-gnu", "-c")
	var cases []boundsCase
	add := func(name, path string) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := NewFile(b)
		if err != nil {
			t.Fatal(err)
		}
		shdrs, err := f.SectionHeaders()
		if err != nil {
			t.Fatal(err)
		}
		best := boundsCase{name: name, b: b, i: -1}
		for i, s := range shdrs.All() {
			d, err := f.Decompress(s, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c, err := f.compression(s); err == nil && c.typ != 0 && uint64(len(d)) > best.size {
				best.i, best.size = i, uint64(len(d))
			}
		}
		if best.i < 0 {
			t.Fatalf("%s: no compressed section", path)
		}
		cases = append(cases, best)
	}
	add("zlib", zlibObj)
	for name, enc := range zstdEncoders(t) {
		add("zstd-"+name, zstdVariant(t, zlibObj, enc))
	}
	add("zdebug", gnuObj)
	return cases
}

// patched returns a copy of c's file with the stated uncompressed size set
// to size, and the section's sh_size multiplied by shrink (to cut the
// stream), opened.
func (c boundsCase) patched(t *testing.T, size uint64, shrink float64) (*File, Shdr) {
	b := slices.Clone(c.b)
	f, err := NewFile(b)
	if err != nil {
		t.Fatal(err)
	}
	s, err := f.Section(c.i)
	if err != nil {
		t.Fatal(err)
	}
	bo := f.ByteOrder()
	off := int(s.Offset())
	if c.name == "zdebug" {
		binary.BigEndian.PutUint64(b[off+4:], size)
	} else {
		compressPutWord(bo, b[off+compressChdrSizePos():], size)
	}
	if shrink != 1 {
		_, sizePos := compressShdrFields(f, c.i)
		compressPutWord(bo, b[sizePos:], uint64(float64(s.Size())*shrink))
	}
	s, _ = f.Section(c.i)
	return f, s
}

// compressHeapAlloc is the bytes allocated so far.
func compressHeapAlloc() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// TestDecompressBounds checks the limits: a stated size over
// MaxDecompressedSize fails with ErrTooLarge before allocating it; a stated
// size larger or smaller than the real one, a cut stream and a damaged
// stream fail with ErrCorrupt; a big enough dst is used without allocating.
func TestDecompressBounds(t *testing.T) {
	for _, c := range boundsCases(t) {
		t.Run(c.name, func(t *testing.T) {
			check := func(what string, f *File, s Shdr, want error) {
				t.Helper()
				got, err := f.Decompress(s, nil)
				if !errors.Is(err, want) {
					t.Errorf("%s: %d bytes, %v; want %v", what, len(got), err, want)
				}
				var fe *elf.FormatError
				if err != nil && !errors.As(err, &fe) {
					t.Errorf("%s: %T is not a *elf.FormatError", what, err)
				}
			}
			f, s := c.patched(t, c.size, 1)
			if _, err := f.Decompress(s, nil); err != nil {
				t.Fatalf("unchanged: %v", err)
			}

			f.MaxDecompressedSize = int64(c.size) - 1
			check("limit size-1", f, s, elf.ErrTooLarge)
			f.MaxDecompressedSize = int64(c.size)
			if _, err := f.Decompress(s, nil); err != nil {
				t.Errorf("limit size: %v", err)
			}

			// A huge stated size fails before allocating it: over the
			// limit, or (under the default limit) more than the stream
			// could hold.
			const huge = 1 << 31
			f, s = c.patched(t, huge, 1)
			for _, limit := range []int64{1 << 20, 0} {
				f.MaxDecompressedSize = limit
				before := compressHeapAlloc()
				_, err := f.Decompress(s, nil)
				if allocated := compressHeapAlloc() - before; allocated > 64<<10 {
					t.Errorf("limit %d, stated size %d: allocated %d bytes", limit, huge, allocated)
				}
				want := elf.ErrTooLarge
				if limit == 0 {
					want = elf.ErrCorrupt
				}
				if !errors.Is(err, want) {
					t.Errorf("limit %d, stated size %d: %v, want %v", limit, huge, err, want)
				}
			}

			for _, size := range []uint64{c.size + 1, c.size - 1, c.size * 2, c.size / 2, 0} {
				f, s := c.patched(t, size, 1)
				check(fmt.Sprintf("stated size %d of %d", size, c.size), f, s, elf.ErrCorrupt)
			}
			f, s = c.patched(t, c.size, 0.5)
			check("stream cut in half", f, s, elf.ErrCorrupt)

			// Damage the stream in the middle.
			f, s = c.patched(t, c.size, 1)
			data, _ := f.SectionData(s)
			mid := len(data) / 2
			for i := mid; i < mid+8 && i < len(data); i++ {
				data[i] ^= 0x55
			}
			check("damaged stream", f, s, elf.ErrCorrupt)

			// Into a big enough buffer: no allocation, the result is in it.
			f, s = c.patched(t, c.size, 1)
			buf := make([]byte, c.size+100)
			got, err := f.Decompress(s, buf)
			if err != nil || uint64(len(got)) != c.size || &got[0] != &buf[0] {
				t.Errorf("into a buffer: %d bytes, %v, in the buffer: %v", len(got), err, err == nil && &got[0] == &buf[0])
			}
			// zstd allocates nothing. (compress/flate allocates Huffman
			// tables for some blocks, and its pooled state is dropped at
			// a GC, so zlib is not counted.)
			if strings.HasPrefix(c.name, "zstd") {
				if allocs := testing.AllocsPerRun(20, func() { _, _ = f.Decompress(s, buf) }); allocs > 0 {
					t.Errorf("into a buffer: %.1f allocations per call", allocs)
				}
			}
			// Into a small one: a new slice of exactly the size.
			got, err = f.Decompress(s, make([]byte, 0, c.size-1))
			if err != nil || uint64(len(got)) != c.size || uint64(cap(got)) != c.size {
				t.Errorf("small buffer: len %d cap %d, %v; want %d", len(got), cap(got), err, c.size)
			}
		})
	}
}

// TestDecompressUncompressed checks that a section that is not compressed
// comes back as its bytes in the file, not copied.
func TestDecompressUncompressed(t *testing.T) {
	f, err := Open(testfiles.GoBinary(t, notesGoArches()[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shdrs, err := f.SectionHeaders()
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, s := range shdrs.All() {
		if s.Flags()&elf.SHF_COMPRESSED != 0 {
			continue
		}
		raw, err := f.SectionData(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.Decompress(s, make([]byte, 0, 1<<20))
		if err != nil || len(got) != len(raw) || len(raw) > 0 && &got[0] != &raw[0] {
			t.Errorf("section %d: Decompress gives %d bytes (%v), not the section's %d bytes", i, len(got), err, len(raw))
		}
		if n, err := f.DecompressedSize(s); err != nil || n != uint64(len(raw)) {
			t.Errorf("section %d: DecompressedSize %d, %v; want %d", i, n, err, len(raw))
		}
		checked++
	}
	if _, err := f.CompressionHeader(shdrs.At(1)); !errors.Is(err, elf.ErrNotFound) {
		t.Errorf("CompressionHeader of a plain section: %v, want ErrNotFound", err)
	}
	if checked == 0 {
		t.Fatal("no sections")
	}
}

// FuzzDecompress decodes arbitrary streams with arbitrary stated sizes: no
// panic, and a result is exactly the stated size.
func FuzzDecompress(f *testing.F) {
	file, err := Open(testfiles.GoBinary(f, notesGoArches()[0]))
	if err != nil {
		f.Fatal(err)
	}
	defer file.Close()
	zenc, err := zstd.NewWriter(nil)
	if err != nil {
		f.Fatal(err)
	}
	idx := compressedSections(f, file)
	for _, i := range idx[:min(2, len(idx))] {
		s, _ := file.Section(i)
		c, err := file.compression(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(elf.ELFCOMPRESS_ZLIB), c.size, slices.Clone(c.data))
		plain, err := file.Decompress(s, nil)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint8(elf.ELFCOMPRESS_ZSTD), c.size, zenc.EncodeAll(plain, nil))
	}
	f.Fuzz(func(t *testing.T, typ uint8, size uint64, data []byte) {
		ff := &File{MaxDecompressedSize: 1 << 20}
		out, err := ff.decompress(compression{typ: elf.CompressionType(typ%2 + 1), size: size, data: data}, nil, "fuzz")
		if err == nil && uint64(len(out)) != size {
			t.Fatalf("%d bytes, stated %d", len(out), size)
		}
		if err != nil && !errors.Is(err, elf.ErrCorrupt) && !errors.Is(err, elf.ErrTooLarge) && !errors.Is(err, elf.ErrUnsupported) {
			t.Fatalf("error %v wraps none of ErrCorrupt, ErrTooLarge, ErrUnsupported", err)
		}
		var fe *elf.FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("error %v is not a *elf.FormatError", err)
		}
	})
}

// compressBenchSection returns the largest compressed debug section of a Go
// program of this class, and the same section in debug/elf.
func compressBenchSection(b *testing.B, path string) (*File, Shdr, *stdelf.Section) {
	f, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	df, err := stdelf.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { df.Close() })
	best := -1
	for _, i := range compressedSections(b, f) {
		if best < 0 || df.Sections[i].Size > df.Sections[best].Size {
			best = i
		}
	}
	if best < 0 {
		b.Skip("no compressed section")
	}
	s, _ := f.Section(best)
	return f, s, df.Sections[best]
}

// benchDecompress runs the elfkit and debug_elf sub-benchmarks on a
// section.
func benchDecompress(b *testing.B, f *File, s Shdr, ds *stdelf.Section) {
	b.Run("elfkit", func(b *testing.B) {
		n, err := f.DecompressedSize(s)
		if err != nil {
			b.Fatal(err)
		}
		buf := make([]byte, 0, n)
		b.ReportAllocs()
		for b.Loop() {
			out, err := f.Decompress(s, buf)
			if err != nil {
				b.Fatal(err)
			}
			buf = out
		}
		b.SetBytes(int64(len(buf)))
	})
	b.Run("debug_elf", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			out, err := ds.Data()
			if err != nil {
				b.Fatal(err)
			}
			n = len(out)
		}
		b.SetBytes(int64(n))
	})
}

// BenchmarkDecompress decompresses the largest zlib-compressed DWARF
// section of a Go program (.debug_info or .debug_line), reusing the output
// buffer, against debug/elf's Section.Data.
func BenchmarkDecompress(b *testing.B) {
	f, s, ds := compressBenchSection(b, testfiles.GoBinary(b, notesGoArches()[0]))
	name, _ := f.SectionName(s)
	b.Logf("%s: %d bytes compressed, %d uncompressed", name, s.Size(), ds.Size)
	benchDecompress(b, f, s, ds)
}

// BenchmarkDecompressZstd is BenchmarkDecompress on the same section
// recompressed with zstd.
func BenchmarkDecompressZstd(b *testing.B) {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		b.Fatal(err)
	}
	src := testfiles.GoBinary(b, notesGoArches()[0])
	path := zstdVariant(b, src, func(p []byte) []byte { return enc.EncodeAll(p, nil) })
	f, s, ds := compressBenchSection(b, path)
	benchDecompress(b, f, s, ds)
}
