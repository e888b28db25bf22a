//go:build linux

package vdso

import (
	debugelf "debug/elf"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/sys/unix"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// sampleC is a stand-in for a vDSO: functions at two versions, one of them
// with a hidden older version, a data symbol, and an undefined one.
const sampleC = `
int __vdso_clock_gettime(int clock, void *ts) { return clock + 1; }
int __vdso_gettimeofday(void *tv, void *tz) { return tv == tz; }
long __vdso_time(long *t) { return t ? *t : 3; }
int getres_old(int clock, void *res) { return 4; }
int getres_new(int clock, void *res) { return 5; }
__asm__(".symver getres_old,__vdso_clock_getres@LINUX_2.5");
__asm__(".symver getres_new,__vdso_clock_getres@@LINUX_2.6");
int __vdso_data = 7;
extern int __vdso_elsewhere(void);
int __vdso_calls(void) { return __vdso_elsewhere() + 1; }
void __kernel_vsyscall(void) {}
`

// sampleMap is its version script, in the style of the kernel's.
const sampleMap = `
LINUX_2.5 { global: __kernel_vsyscall; };
LINUX_2.6 {
global: __vdso_clock_gettime; __vdso_gettimeofday; __vdso_time; __vdso_clock_getres; __vdso_data; __vdso_calls;
local: *;
} LINUX_2.5;
`

// kernelLDS lays a shared object out as the kernel's vDSO linker scripts
// do: one PT_LOAD segment holding the headers and everything else, so that
// file offsets and addresses coincide.
const kernelLDS = `
SECTIONS
{
	. = SIZEOF_HEADERS;
	.hash		: { *(.hash) }			:text
	.gnu.hash	: { *(.gnu.hash) }
	.dynsym		: { *(.dynsym) }
	.dynstr		: { *(.dynstr) }
	.gnu.version	: { *(.gnu.version) }
	.gnu.version_d	: { *(.gnu.version_d) }
	.gnu.version_r	: { *(.gnu.version_r) }
	.dynamic	: { *(.dynamic) }		:text	:dynamic
	.rodata		: { *(.rodata*) }		:text
	.text		: { *(.text*) *(.plt*) *(.iplt) }	:text
	.data		: { *(.data*) *(.sdata*) *(.got*) *(.toc*) *(.opd) *(.rel*) *(.bss*) *(.sbss*) }	:text
	/DISCARD/	: { *(.note.GNU-stack) *(.eh_frame*) *(.comment) }
}
PHDRS
{
	text		PT_LOAD		FLAGS(5) FILEHDR PHDRS;
	dynamic		PT_DYNAMIC	FLAGS(4);
}
`

// buildSample builds sampleC with the cross compiler for triple ("" for
// the host's gcc), laid out like the kernel's vDSO (layout "kernel") or
// like an ordinary shared object ("loader"), with hash tables of the given
// --hash-style. The test is skipped when the compiler is missing.
func buildSample(t *testing.T, triple, layout, hash string) string {
	t.Helper()
	dir := t.TempDir()
	mapPath := filepath.Join(dir, "vdso.map")
	ldsPath := filepath.Join(dir, "vdso.lds")
	if err := os.WriteFile(mapPath, []byte(sampleMap), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(ldsPath, []byte(kernelLDS), 0o644); err != nil {
		t.Fatal(err)
	}
	flags := []string{"-shared", "-nostdlib", "-fPIC", "-O1",
		"-Wl,--version-script=" + mapPath, "-Wl,--hash-style=" + hash, "-Wl,-soname=linux-vdso.so.1"}
	if layout == "kernel" {
		flags = append(flags, "-Wl,-T,"+ldsPath)
	}
	return testfiles.CrossObject(t, triple, sampleC, flags...)
}

// mapped is an image laid out in memory by its PT_LOAD segments, in a
// read-only mapping of its own, as the kernel maps the vDSO.
type mapped struct {
	mem  []byte  // the mapping
	addr uintptr // &mem[0]
	bias uint64  // addr + p_offset - p_vaddr of the first PT_LOAD
	file *debugelf.File
}

// layOut maps the shared object at path the way a loader would: the
// headers at the start, and each PT_LOAD segment's file bytes at its
// address less the first segment's p_vaddr - p_offset.
func layOut(t *testing.T, path string) *mapped {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := debugelf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	var loads []*debugelf.Prog
	for _, p := range f.Progs {
		if p.Type == debugelf.PT_LOAD {
			loads = append(loads, p)
		}
	}
	if len(loads) == 0 {
		t.Fatal("no PT_LOAD")
	}
	delta := loads[0].Vaddr - loads[0].Off
	size := uint64(0)
	for _, p := range loads {
		size = max(size, p.Vaddr-delta+p.Memsz)
	}
	page := uint64(os.Getpagesize())
	mem, err := unix.Mmap(-1, 0, int((size+page-1)/page*page), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Munmap(mem) })
	copy(mem, data[:min(uint64(len(data)), loads[0].Off+loads[0].Filesz)]) // the headers
	for _, p := range loads {
		copy(mem[p.Vaddr-delta:], data[p.Off:p.Off+p.Filesz])
	}
	if err := unix.Mprotect(mem, unix.PROT_READ); err != nil {
		t.Fatal(err)
	}
	addr := uintptr(unsafe.Pointer(&mem[0]))
	return &mapped{mem: mem, addr: addr, bias: uint64(addr) - delta, file: f}
}

type sampleCase struct {
	triple, layout, hash string
}

func (c sampleCase) name() string {
	tr := c.triple
	if tr == "" {
		tr = "host"
	}
	return tr + "/" + c.layout + "/" + c.hash
}

var sampleCases = []sampleCase{
	// 32-bit, both byte orders, all three hash table choices, both layouts.
	{"i686-linux-gnu", "kernel", "both"},
	{"i686-linux-gnu", "kernel", "gnu"},
	{"i686-linux-gnu", "kernel", "sysv"},
	{"i686-linux-gnu", "loader", "both"},
	{"arm-linux-gnueabihf", "kernel", "both"}, // Thumb: bit 0 of function values set
	{"mips-linux-gnu", "kernel", "both"},
	{"mips-linux-gnu", "loader", "sysv"},
	// 64-bit, both byte orders; s390x has 8-byte DT_HASH words.
	{"", "kernel", "both"},
	{"", "loader", "gnu"},
	{"aarch64-linux-gnu", "kernel", "both"},
	{"riscv64-linux-gnu", "kernel", "gnu"},
	{"powerpc64-linux-gnu", "kernel", "both"},
	{"s390x-linux-gnu", "loader", "sysv"},
	{"s390x-linux-gnu", "loader", "both"},
}

// TestSampleImages lays out shared objects of both classes and byte orders
// in memory and reads them through loadAt, the code Load runs after finding
// the image's address, comparing everything with debug/elf.
func TestSampleImages(t *testing.T) {
	for _, c := range sampleCases {
		t.Run(c.name(), func(t *testing.T) {
			m := layOut(t, buildSample(t, c.triple, c.layout, c.hash))
			im, err := loadAt(m.addr, elf.Class(m.file.Class))
			if err != nil {
				t.Fatal(err)
			}
			// Lookups go through DT_GNU_HASH when there is one, else
			// DT_HASH. Not every linker writes what --hash-style asks:
			// MIPS has no DT_GNU_HASH.
			want := elf.SHT_HASH
			if m.file.SectionByType(debugelf.SHT_GNU_HASH) != nil {
				want = elf.SHT_GNU_HASH
			}
			if got := im.tab.Hash(); got != want {
				t.Errorf("lookups use %v, want %v", got, want)
			}
			checkImage(t, im, m)

			// NewImage over the same bytes gives the same image.
			im2, err := NewImage(m.mem, m.addr)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(ourSymbols(t, im), ourSymbols(t, im2)); diff != "" {
				t.Errorf("loadAt and NewImage disagree:\n%s", diff)
			}
		})
	}
}

// checkImage compares an image with debug/elf's reading of the file it was
// laid out from: symbols, versions, and the result of Lookup and Find for
// every symbol name with its version and without, against what the rules
// (dlvsym/dlsym, functions only for Lookup) give on debug/elf's symbols.
func checkImage(t *testing.T, im *Image, m *mapped) {
	t.Helper()
	if diff := cmp.Diff(debugElfSymbols(t, m.file), ourSymbols(t, im)); diff != "" {
		t.Errorf("dynamic symbols (-debug/elf +vdso):\n%s", diff)
	}
	dv, err := m.file.DynamicVersions()
	if err != nil {
		t.Fatal(err)
	}
	var want []verdef
	for _, d := range dv {
		want = append(want, verdef{d.Index, d.Name, d.Flags&debugelf.VER_FLG_BASE != 0})
	}
	if diff := cmp.Diff(want, ourVersions(im)); diff != "" {
		t.Errorf("version definitions (-debug/elf +vdso):\n%s", diff)
	}

	dsyms, err := m.file.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	// expect returns the address a lookup of q must give, 0 for none.
	expect := func(q Symbol, fn bool) uintptr {
		for _, d := range dsyms {
			bind, typ := debugelf.ST_BIND(d.Info), debugelf.ST_TYPE(d.Info)
			switch {
			case d.Name != q.Name,
				d.Section == debugelf.SHN_UNDEF,
				d.Section == debugelf.SHN_ABS && d.Value == 0,
				bind != debugelf.STB_GLOBAL && bind != debugelf.STB_WEAK,
				fn && typ != debugelf.STT_FUNC,
				q.Version != "" && d.Version != q.Version,
				q.Version == "" && d.HasVersion && (d.VersionIndex.IsHidden() || d.VersionIndex.Index() == 0):
				continue
			}
			return uintptr(m.bias + d.Value)
		}
		return 0
	}
	var counts struct{ found, hidden, notFunc, rejected int }
	for _, d := range dsyms {
		for _, q := range []Symbol{{d.Name, d.Version}, {d.Name, ""}} {
			wantFind, wantFn := expect(q, false), expect(q, true)
			ds, err := im.Find(q)
			if got := ds.Addr; err != nil && !errors.Is(err, ErrNotFound) || got != wantFind {
				t.Errorf("Find(%v) = %#x, %v; want %#x", q, got, err, wantFind)
			}
			got, err := im.Lookup(q)
			if err != nil && !errors.Is(err, ErrNotFound) || got != wantFn {
				t.Errorf("Lookup(%v) = %#x, %v; want %#x", q, got, err, wantFn)
			}
			switch {
			case wantFn != 0:
				counts.found++
				if q.Version != "" && d.VersionIndex.IsHidden() {
					counts.hidden++
				}
			case wantFind != 0:
				counts.notFunc++
			default:
				counts.rejected++
			}
		}
	}
	// The sample has a hidden version, a data symbol, and undefined and
	// absolute symbols that no lookup may return: make sure all were seen.
	if counts.found == 0 || counts.hidden == 0 || counts.notFunc == 0 || counts.rejected == 0 {
		t.Errorf("lookups: %+v; the sample should give some of each", counts)
	}
}

// TestNoHashTables removes DT_HASH and DT_GNU_HASH from a laid-out image's
// dynamic table: lookups then scan the symbol table, with the same results.
func TestNoHashTables(t *testing.T) {
	for _, c := range []sampleCase{{"i686-linux-gnu", "kernel", "both"}, {"", "kernel", "both"}} {
		t.Run(c.name(), func(t *testing.T) {
			m := layOut(t, buildSample(t, c.triple, c.layout, c.hash))
			if err := unix.Mprotect(m.mem, unix.PROT_READ|unix.PROT_WRITE); err != nil {
				t.Fatal(err)
			}
			patchDynamic(t, m, map[debugelf.DynTag]debugelf.DynTag{
				debugelf.DT_HASH:     debugelf.DT_DEBUG,
				debugelf.DT_GNU_HASH: debugelf.DT_DEBUG,
			})
			im, err := loadAt(m.addr, elf.Class(m.file.Class))
			if err != nil {
				t.Fatal(err)
			}
			if got := im.tab.Hash(); got != elf.SHT_NULL {
				t.Fatalf("lookups still use %v", got)
			}
			checkImage(t, im, m)
		})
	}
}

// patchDynamic rewrites the tags of a laid-out image's dynamic entries.
func patchDynamic(t *testing.T, m *mapped, tags map[debugelf.DynTag]debugelf.DynTag) {
	t.Helper()
	var dyn *debugelf.Prog
	for _, p := range m.file.Progs {
		if p.Type == debugelf.PT_DYNAMIC {
			dyn = p
		}
	}
	if dyn == nil {
		t.Fatal("no PT_DYNAMIC")
	}
	off := uint64(m.addr) + dyn.Vaddr - m.bias
	bo := m.file.ByteOrder
	ent := uint64(16)
	if m.file.Class == debugelf.ELFCLASS32 {
		ent = 8
	}
	for i := uint64(0); i+ent <= dyn.Filesz; i += ent {
		b := m.mem[off+i:]
		var tag debugelf.DynTag
		if ent == 16 {
			tag = debugelf.DynTag(bo.Uint64(b))
		} else {
			tag = debugelf.DynTag(int32(bo.Uint32(b)))
		}
		nt, ok := tags[tag]
		if !ok {
			continue
		}
		if ent == 16 {
			bo.PutUint64(b, uint64(nt))
		} else {
			bo.PutUint32(b, uint32(nt))
		}
	}
}

// TestNoVersions reads an image without version definitions: a versioned
// lookup is an ErrNoVersions error (the Go runtime crashes there), and a
// lookup by name alone still works.
func TestNoVersions(t *testing.T) {
	path := testfiles.CrossObject(t, "i686-linux-gnu", "int __vdso_time(void) { return 1; }\nint __vdso_data = 2;\n",
		"-shared", "-nostdlib", "-fPIC", "-Wl,-soname=linux-vdso.so.1")
	m := layOut(t, path)
	im, err := loadAt(m.addr, elf.ELFCLASS32)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := im.Lookup(Symbol{"__vdso_time", "LINUX_2.6"}); !errors.Is(err, ErrNoVersions) {
		t.Errorf("versioned Lookup: %v, want ErrNoVersions", err)
	}
	if _, err := im.Lookup(Symbol{"__vdso_time", ""}); err != nil {
		t.Errorf("unversioned Lookup: %v", err)
	}
	if _, err := im.Lookup(Symbol{"__vdso_data", ""}); !errors.Is(err, ErrNotFound) {
		t.Errorf("Lookup of a data symbol: %v, want ErrNotFound", err)
	}
	for _, s := range im.Symbols() {
		if s.Version != "" {
			t.Errorf("%s has version %q", s.Name, s.Version)
		}
	}
}

// TestFault maps the first page of the process's image with the page after
// it inaccessible: the headers claim more than is readable, and loadAt must
// say so instead of crashing.
func TestFault(t *testing.T) {
	im := processImage(t)
	page := os.Getpagesize()
	if len(im.Bytes()) <= page {
		t.Skipf("the image (%d bytes) fits in one page", len(im.Bytes()))
	}
	mem, err := unix.Mmap(-1, 0, 2*page, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_PRIVATE|unix.MAP_ANON)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(mem)
	copy(mem, im.Bytes()[:page])
	if err := unix.Mprotect(mem[page:], unix.PROT_NONE); err != nil {
		t.Fatal(err)
	}
	_, err = loadAt(uintptr(unsafe.Pointer(&mem[0])), im.Class())
	if !errors.Is(err, ErrBadImage) {
		t.Fatalf("loadAt over a half-mapped image: %v, want ErrBadImage", err)
	}
	t.Log(err)
}

// TestDamaged feeds truncated and corrupted copies of real images to
// NewImage and everything after it: errors wrap ErrBadImage, nothing
// panics. (FuzzImage goes further.)
func TestDamaged(t *testing.T) {
	var images [][]byte
	if im, err := Load(); err == nil {
		images = append(images, im.Bytes())
	}
	if testfiles.HaveTool("i686-linux-gnu-gcc") {
		images = append(images, layOut(t, buildSample(t, "i686-linux-gnu", "kernel", "both")).mem)
	}
	if len(images) == 0 {
		t.Skip("no image to damage")
	}
	for _, orig := range images {
		for n := 0; n < len(orig); n += 1 + n/64 {
			exercise(t, orig[:n])
		}
		b := append([]byte(nil), orig...)
		for i := range min(len(b), 0x800) {
			for _, v := range []byte{0, 0xff, b[i] ^ 0x80} {
				old := b[i]
				b[i] = v
				exercise(t, b)
				b[i] = old
			}
		}
	}
}

// exercise reads b as an image and uses everything the Image offers.
func exercise(t testing.TB, b []byte) {
	for _, class := range []elf.Class{elf.ELFCLASS64, elf.ELFCLASS32} {
		first := b[:min(4096, len(b))]
		big := len(b) > elf.EI_DATA && elf.Data(b[elf.EI_DATA]) == elf.ELFDATA2MSB
		var size uint64
		var err error
		if class == elf.ELFCLASS64 {
			size, err = extent64(first, 4096, big)
		} else {
			size, err = extent32(first, 4096, big)
		}
		if err == nil && size > maxImageSize {
			t.Fatalf("extent %d past the limit", size)
		}
	}
	im, err := NewImage(b, 0x10000)
	if err != nil {
		if strings.Contains(err.Error(), "%!") {
			t.Fatalf("NewImage: a formatting slip in the error %q", err)
		}
		if !errors.Is(err, ErrBadImage) {
			t.Fatalf("NewImage: %v does not wrap ErrBadImage", err)
		}
		return
	}
	im.Versions()
	for _, s := range im.Symbols() {
		im.Find(s.Symbol())
		im.Lookup(s.Symbol())
		im.Find(Symbol{Name: s.Name})
	}
	for _, s := range Functions() {
		im.Lookup(s)
	}
}

func FuzzImage(f *testing.F) {
	if im, err := Load(); err == nil {
		f.Add(im.Bytes())
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		exercise(t, b)
	})
}

// TestWriteSeeds writes the fuzz seeds of testdata/fuzz/FuzzImage from the
// process's image and the sample images, when ELFKIT_WRITE_SEEDS is set.
func TestWriteSeeds(t *testing.T) {
	if os.Getenv("ELFKIT_WRITE_SEEDS") == "" {
		t.Skip("set ELFKIT_WRITE_SEEDS=1 to rewrite testdata/fuzz/FuzzImage")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzImage")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		var sb strings.Builder
		sb.WriteString("go test fuzz v1\n[]byte(")
		sb.WriteString(goQuote(b))
		sb.WriteString(")\n")
		if err := os.WriteFile(filepath.Join(dir, name), []byte(sb.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	im := processImage(t)
	write("vdso-"+strings.ToLower(im.Machine().String()), im.Bytes())
	write("vdso-truncated-dynamic", im.Bytes()[:len(im.Bytes())/3])
	if im.Class() == elf.ELFCLASS64 && im.Bytes()[elf.EI_DATA] == byte(elf.ELFDATA2LSB) {
		noVerdef := append([]byte(nil), im.Bytes()...)
		write("vdso-no-verdef", removeTag(t, noVerdef, elf.DT_VERDEF))
	}
	for _, c := range []sampleCase{{"i686-linux-gnu", "kernel", "sysv"}, {"mips-linux-gnu", "kernel", "both"}, {"s390x-linux-gnu", "loader", "sysv"}} {
		m := layOut(t, buildSample(t, c.triple, c.layout, c.hash))
		end := 0
		for i := len(m.mem) - 1; i >= 0; i-- {
			if m.mem[i] != 0 {
				end = i + 1
				break
			}
		}
		write("sample-"+strings.ReplaceAll(c.name(), "/", "-"), m.mem[:end])
	}
}

// removeTag changes every dynamic entry with tag tag of a 64-bit
// little-endian image laid out from offset 0 into a DT_DEBUG entry.
func removeTag(t *testing.T, b []byte, tag elf.DynTag) []byte {
	phoff := binary.LittleEndian.Uint64(b[32:])
	phnum := int(binary.LittleEndian.Uint16(b[56:]))
	for i := range phnum {
		p := b[phoff+uint64(i)*56:]
		if elf.ProgType(binary.LittleEndian.Uint32(p)) != elf.PT_DYNAMIC {
			continue
		}
		off, size := binary.LittleEndian.Uint64(p[8:]), binary.LittleEndian.Uint64(p[32:])
		for d := off; d+16 <= off+size; d += 16 {
			if elf.DynTag(binary.LittleEndian.Uint64(b[d:])) == tag {
				binary.LittleEndian.PutUint64(b[d:], uint64(elf.DT_DEBUG))
			}
		}
	}
	return b
}

// goQuote quotes b as a Go string literal, as the fuzz corpus format wants.
func goQuote(b []byte) string {
	var sb strings.Builder
	sb.WriteByte('"')
	for _, c := range b {
		switch {
		case c == '"' || c == '\\':
			sb.WriteByte('\\')
			sb.WriteByte(c)
		case c >= 0x20 && c < 0x7f:
			sb.WriteByte(c)
		default:
			const hex = "0123456789abcdef"
			sb.WriteString(`\x`)
			sb.WriteByte(hex[c>>4])
			sb.WriteByte(hex[c&15])
		}
	}
	sb.WriteByte('"')
	return sb.String()
}
