package elf64

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/elfkit/elf"
)

// The seed corpora of the fuzz targets are made from real files by
// TestUpdateSeeds:
//
//	go test -run='^TestUpdateSeeds$' ./elf64 ./elf32 -args -update-seeds
//
// It takes the sample files of this package's class from seedSources (both
// classes are listed, so the generated elf32 copy of this file picks the
// 32-bit ones), and writes each file, its truncations at interesting points
// and corrupted variants to testdata/fuzz/FuzzNewFile, and memory images
// laid out from them to testdata/fuzz/FuzzNewImage. Only files named
// "seed-*" are replaced: inputs that the fuzzer saved stay.
var updateSeeds = flag.Bool("update-seeds", false, "rewrite the fuzz seed corpora in testdata/fuzz from sample files on this machine")

// maxSeedSize bounds a seed: bigger inputs slow every fuzzing execution.
const maxSeedSize = 20 << 10

// seedSource is a sample file for the seeds. The corrupted variants and
// truncations are made from a few small files only (about one per class and
// byte order), as every seed costs about four times its size in the
// corpus format.
type seedSource struct {
	path     string // "$GOROOT" is replaced by runtime.GOROOT(); relative paths are from the package
	corrupt  bool   // add the corrupted variants
	truncate bool   // add the truncations
	image    bool   // add memory images laid out from it and their variants
	head     int    // when not 0, keep only the first head bytes
}

var seedSources = []seedSource{
	// 64-bit. glibc's libdl is small and has versions defined and needed,
	// GNU and SysV hash tables; s390x has 8-byte DT_HASH words.
	{path: "/usr/riscv64-linux-gnu/lib/libdl.so.2", corrupt: true, truncate: true, image: true},
	{path: "/usr/s390x-linux-gnu/lib/libdl.so.2", corrupt: true, truncate: true, image: true},
	{path: "../testdata/libhello-x86_64.so", truncate: true, image: true},
	{path: "../testdata/libhello-x86_64.noshdr.so"},
	{path: "../testdata/relr-x86_64"},
	{path: "../testdata/hello-riscv64"},
	{path: "../testdata/debug-zstd-x86_64.o", truncate: true},
	{path: "../testdata/debug-zlib-gnu-x86_64.o"},
	{path: "$GOROOT/src/debug/elf/testdata/compressed-64.obj"},
	{path: "$GOROOT/src/debug/elf/testdata/zdebug-test-gcc484-x86-64.obj"},
	{path: "$GOROOT/src/debug/elf/testdata/hello-world-core.gz", head: 4096}, // headers and notes
	// 32-bit.
	{path: "/usr/arm-linux-gnueabihf/lib/libdl.so.2", corrupt: true, truncate: true, image: true},
	{path: "../testdata/libhello-mips.so", corrupt: true, truncate: true, image: true},
	{path: "../testdata/libhello-mips.noshdr.so"},
	{path: "../testdata/libhello-i386.so", truncate: true},
	{path: "../testdata/relr-i386"},
	{path: "../testdata/debug-zstd-i386.o"},
	{path: "../testdata/debug-zlib-mips.o", truncate: true},
	{path: "$GOROOT/src/debug/elf/testdata/compressed-32.obj"},
	{path: "$GOROOT/src/debug/elf/testdata/gcc-386-freebsd-exec"},
}

// fuzzSeed is one fuzz input.
type fuzzSeed struct {
	name string
	data []byte
	base uint64 // FuzzNewImage only
}

func TestUpdateSeeds(t *testing.T) {
	if !*updateSeeds {
		t.Skip("run with -update-seeds to rewrite testdata/fuzz")
	}
	var files, images []fuzzSeed
	for _, src := range seedSources {
		path := strings.ReplaceAll(src.path, "$GOROOT", runtime.GOROOT())
		data, err := readSeedSource(path)
		if err != nil {
			t.Logf("skipping %s: %v", path, err)
			continue
		}
		if src.head > 0 && len(data) > src.head {
			data = data[:src.head]
		}
		if len(data) > maxSeedSize {
			t.Logf("skipping %s: %d bytes", path, len(data))
			continue
		}
		if id, err := elf.ParseIdent(data); err != nil || id.Class != Class {
			continue
		}
		name := seedName(path, data)
		if src.head > 0 {
			name += "-head"
		}
		files = append(files, fuzzSeed{name: name, data: data})
		if src.truncate {
			files = append(files, truncations(name, data)...)
		}
		var corrupted []fuzzSeed
		if src.corrupt {
			corrupted = corruptions(name, data)
			files = append(files, corrupted...)
		}
		if img := layoutImage(data); img != nil && src.image {
			images = append(images, fuzzSeed{name: name, data: img})
			if !src.corrupt || len(img) > 2*maxSeedSize {
				continue // variants of large images would make the corpus large
			}
			images = append(images, imageVariants(name, img)...)
			// The section headers are not in the image: only the
			// variants with damaged dynamic entries give new images.
			for _, c := range corrupted {
				if strings.HasPrefix(c.name, name+"-noshdrs-") && !strings.Contains(c.name, "gnuhash") {
					if img := layoutImage(c.data); img != nil {
						images = append(images, fuzzSeed{name: c.name, data: img})
					}
				}
			}
		}
	}
	if vdso := readVDSO(); vdso != nil {
		if id, err := elf.ParseIdent(vdso); err == nil && id.Class == Class {
			files = append(files, fuzzSeed{name: "vdso-" + runtime.GOARCH, data: vdso})
			images = append(images, fuzzSeed{name: "vdso-" + runtime.GOARCH, data: vdso})
		}
	}
	if len(files) == 0 {
		t.Fatalf("no sample file of class %v found", Class)
	}
	writeSeeds(t, "testdata/fuzz/FuzzNewFile", files, false)
	writeSeeds(t, "testdata/fuzz/FuzzNewImage", images, true)
}

// readSeedSource reads a sample file, unpacking .gz.
func readSeedSource(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil || !strings.HasSuffix(path, ".gz") {
		return data, err
	}
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(r, 16<<20))
}

// seedName names a sample: its file name and, for files named alike on
// several machines, the machine.
func seedName(path string, data []byte) string {
	base := strings.TrimSuffix(filepath.Base(path), ".gz")
	if f, err := NewFile(data); err == nil && strings.HasPrefix(base, "lib") {
		m := strings.ToLower(strings.TrimPrefix(f.Ehdr().Machine().String(), "EM_"))
		base += "-" + m
	}
	return strings.NewReplacer("/", "_", " ", "_").Replace(base)
}

// Field offsets of the class-dependent records, for the corruptions.
type fieldOffsets struct {
	phoff, shoff, phentsize, phnum, shentsize, shnum, shstrndx uint64
	shOffset, shSize, shLink, shInfo, shEntsize, shAddr        uint64
	dynVal                                                     uint64
}

var seedOffs = func() fieldOffsets {
	if Class == elf.ELFCLASS64 {
		return fieldOffsets{32, 40, 54, 56, 58, 60, 62, 24, 32, 40, 44, 56, 16, 8}
	}
	return fieldOffsets{28, 32, 42, 44, 46, 48, 50, 16, 20, 24, 28, 36, 12, 4}
}()

// patcher writes fields of a copy of a file.
type patcher struct {
	b   []byte
	big bool
}

func newPatcher(data []byte) *patcher {
	return &patcher{b: bytes.Clone(data), big: data[elf.EI_DATA] == byte(elf.ELFDATA2MSB)}
}

func (p *patcher) order() binary.ByteOrder {
	if p.big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

func (p *patcher) ok(off uint64, n int) bool {
	return off <= uint64(len(p.b)) && uint64(n) <= uint64(len(p.b))-off
}

func (p *patcher) u16(off uint64, v uint16) {
	if p.ok(off, 2) {
		p.order().PutUint16(p.b[off:], v)
	}
}

func (p *patcher) u32(off uint64, v uint32) {
	if p.ok(off, 4) {
		p.order().PutUint32(p.b[off:], v)
	}
}

// word writes a class-sized word.
func (p *patcher) word(off uint64, v uint64) {
	if Class == elf.ELFCLASS64 {
		if p.ok(off, 8) {
			p.order().PutUint64(p.b[off:], v)
		}
		return
	}
	p.u32(off, uint32(v))
}

// sectionOff returns the offset of section header i.
func sectionOff(f *File, i int) uint64 {
	h := f.Ehdr()
	return uint64(h.Shoff()) + uint64(i)*uint64(h.Shentsize())
}

// truncations cuts the file inside the ELF header, the program headers,
// the section headers and its largest section.
func truncations(name string, data []byte) []fuzzSeed {
	f, err := NewFile(data)
	if err != nil {
		return nil
	}
	h := f.Ehdr()
	cuts := map[string]uint64{"ehdr": EhdrSize / 2}
	if h.Phnum() > 0 {
		cuts["phdrs"] = uint64(h.Phoff()) + uint64(h.Phnum())*uint64(h.Phentsize())/2 + 3
	}
	if h.Shnum() > 0 {
		cuts["shdrs"] = uint64(h.Shoff()) + uint64(h.Shnum())*uint64(h.Shentsize())/2 + 5
	}
	if shdrs, err := f.SectionHeaders(); err == nil {
		var big Shdr
		for _, s := range shdrs.All() {
			if s.Type() != elf.SHT_NOBITS && s.Size() > big.Size() {
				big = s
			}
		}
		if big.Size() > 0 {
			cuts["section"] = uint64(big.Offset()) + uint64(big.Size())/2
		}
	}
	var out []fuzzSeed
	for what, n := range cuts {
		if n > 0 && n < uint64(len(data)) {
			out = append(out, fuzzSeed{name: name + "-trunc-" + what, data: data[:n]})
		}
	}
	return out
}

// corruptions makes variants of a linked file with damaged headers and
// tables, and without section headers (so that the dynamic structures come
// from PT_DYNAMIC).
func corruptions(name string, data []byte) []fuzzSeed {
	f, err := NewFile(data)
	if err != nil {
		return nil
	}
	h := f.Ehdr()
	shdrs, err := f.SectionHeaders()
	if err != nil || shdrs.Len() == 0 {
		return nil
	}
	var out []fuzzSeed
	add := func(what string, fn func(p *patcher)) {
		p := newPatcher(data)
		fn(p)
		out = append(out, fuzzSeed{name: name + "-" + what, data: p.b})
	}
	s0 := sectionOff(f, 0)
	nsec, nph := uint64(shdrs.Len()), uint32(h.Phnum())
	// Extended numbering, valid and not.
	add("shnum0", func(p *patcher) { p.u16(seedOffs.shnum, 0); p.word(s0+(seedOffs.shSize), nsec) })
	add("shnum0-bad-s0", func(p *patcher) { p.u16(seedOffs.shnum, 0); p.word(s0+(seedOffs.shSize), 0xffffffff) })
	add("phnum-xnum", func(p *patcher) { p.u16(seedOffs.phnum, 0xffff); p.u32(s0+(seedOffs.shInfo), nph) })
	add("phnum-xnum-bad", func(p *patcher) { p.u16(seedOffs.phnum, 0xffff); p.u32(s0+(seedOffs.shInfo), 0xffffffff) })
	add("shstrndx-xindex", func(p *patcher) {
		p.u16(seedOffs.shstrndx, uint16(elf.SHN_XINDEX))
		p.u32(s0+(seedOffs.shLink), uint32(h.Shstrndx()))
	})
	add("shstrndx-xindex-bad", func(p *patcher) {
		p.u16(seedOffs.shstrndx, uint16(elf.SHN_XINDEX))
		p.u32(s0+(seedOffs.shLink), 0xffffffff)
	})
	add("shstrndx-oob", func(p *patcher) { p.u16(seedOffs.shstrndx, 0xfffe) })
	add("phentsize1", func(p *patcher) { p.u16(seedOffs.phentsize, 1) })
	add("shentsize0", func(p *patcher) { p.u16(seedOffs.shentsize, 0) })
	add("phoff-past-end", func(p *patcher) { p.word(seedOffs.phoff, uint64(len(data))-8) })
	add("shoff-huge", func(p *patcher) { p.word(seedOffs.shoff, ^uint64(0)-16) })

	// Damaged sections.
	section := func(typ elf.SectionType) (int, Shdr) {
		i, s, err := f.SectionByType(typ)
		if err != nil {
			return -1, Shdr{}
		}
		return i, s
	}
	if i, s := section(elf.SHT_DYNSYM); i >= 0 {
		o := sectionOff(f, i)
		add("dynsym-link-oob", func(p *patcher) { p.u32(o+(seedOffs.shLink), 0xffff) })
		add("dynsym-link-self", func(p *patcher) { p.u32(o+(seedOffs.shLink), uint32(i)) })
		add("dynsym-entsize0", func(p *patcher) { p.word(o+(seedOffs.shEntsize), 0) })
		add("dynsym-entsize1", func(p *patcher) { p.word(o+(seedOffs.shEntsize), 1) })
		add("dynsym-size-huge", func(p *patcher) { p.word(o+(seedOffs.shSize), ^uint64(0)>>1) })
		if j := int(s.Link()); j > 0 && j < shdrs.Len() {
			add("dynstr-size-huge", func(p *patcher) { p.word(sectionOff(f, j)+(seedOffs.shSize), ^uint64(0)) })
			add("dynstr-unterminated", func(p *patcher) {
				st := shdrs.At(j)
				if st.Size() > 0 {
					p.b[uint64(st.Offset())+uint64(st.Size())-1] = 'x'
				}
			})
		}
	}
	if i, s := section(elf.SHT_GNU_HASH); i >= 0 {
		o := uint64(s.Offset())
		add("gnuhash-0buckets", func(p *patcher) { p.u32(o, 0) })
		add("gnuhash-huge", func(p *patcher) { p.u32(o, 0xffffffff); p.u32(o+8, 0x7fffffff) })
		add("gnuhash-symoffset-huge", func(p *patcher) { p.u32(o+4, 0xfffffff0) })
	}
	if i, s := section(elf.SHT_HASH); i >= 0 {
		o := uint64(s.Offset())
		add("hash-nchain-huge", func(p *patcher) { p.u32(o+4, 0xffffffff) })
	}
	if i, s := section(elf.SHT_GNU_VERDEF); i >= 0 {
		o, so := uint64(s.Offset()), sectionOff(f, i)
		add("verdef-count-huge", func(p *patcher) { p.u32(so+(seedOffs.shInfo), 0xffffffff) })
		// vd_next of 0 with a large count: readers that do not stop at 0
		// read the first entry forever.
		add("verdef-next0", func(p *patcher) {
			p.u32(so+(seedOffs.shInfo), 0xffff)
			p.u32(o+16, 0)
		})
		// vd_next of 1: entries overlap, a walk that trusts the count
		// crawls through the section byte by byte.
		add("verdef-next1", func(p *patcher) {
			p.u32(so+(seedOffs.shInfo), 0xffffffff)
			p.u32(o+16, 1)
		})
		add("verdef-aux-loop", func(p *patcher) {
			p.u16(o+6, 0xffff)                                 // vd_cnt
			p.u32(o+uint64(p.order().Uint32(p.b[o+12:]))+4, 0) // vda_next
		})
		add("verdef-ndx-max", func(p *patcher) { p.u16(o+4, 0x7fff) })
	}
	if i, s := section(elf.SHT_GNU_VERNEED); i >= 0 {
		o, so := uint64(s.Offset()), sectionOff(f, i)
		add("verneed-next1", func(p *patcher) {
			p.u32(so+(seedOffs.shInfo), 0xffffffff)
			p.u32(o+12, 1)
		})
		add("verneed-cnt-huge", func(p *patcher) { p.u16(o+2, 0xffff) })
	}

	// No section headers: everything dynamic comes from PT_DYNAMIC.
	noshdrs := func(p *patcher) {
		p.word(seedOffs.shoff, 0)
		p.u16(seedOffs.shnum, 0)
		p.u16(seedOffs.shstrndx, 0)
	}
	add("noshdrs", noshdrs)
	dynOff := uint64(0)
	var dyn Table[Dyn]
	if phdrs, err := f.ProgramHeaders(); err == nil {
		for _, ph := range phdrs.All() {
			if ph.Type() == elf.PT_DYNAMIC {
				dynOff = uint64(ph.Offset())
			}
		}
	}
	if d, err := f.Dynamic(); err == nil && dynOff != 0 {
		dyn = d
	}
	// setDyn changes the value of every entry with tag tag.
	setDyn := func(p *patcher, tag elf.DynTag, v func(old uint64) uint64) {
		for i, d := range dyn.All() {
			if d.Tag() == tag {
				p.word(dynOff+uint64(i)*DynSize+(seedOffs.dynVal), v(uint64(d.Val())))
			}
		}
	}
	// retag changes the tag of every entry with tag from.
	retag := func(p *patcher, from, to elf.DynTag) {
		for i, d := range dyn.All() {
			if d.Tag() == from {
				p.word(dynOff+uint64(i)*DynSize, uint64(to))
			}
		}
	}
	if dyn.Len() > 0 {
		add("noshdrs-strsz-huge", func(p *patcher) {
			noshdrs(p)
			setDyn(p, elf.DT_STRSZ, func(uint64) uint64 { return ^uint64(0) >> 1 })
		})
		add("noshdrs-no-hash", func(p *patcher) {
			noshdrs(p)
			retag(p, elf.DT_HASH, elf.DT_DEBUG)
			retag(p, elf.DT_GNU_HASH, elf.DT_DEBUG)
		})
		add("noshdrs-verdefnum-huge", func(p *patcher) {
			noshdrs(p)
			setDyn(p, elf.DT_VERDEFNUM, func(uint64) uint64 { return 0xffffffff })
			setDyn(p, elf.DT_VERNEEDNUM, func(uint64) uint64 { return 0xffffffff })
		})
		add("noshdrs-symtab-oob", func(p *patcher) {
			noshdrs(p)
			setDyn(p, elf.DT_SYMTAB, func(uint64) uint64 { return ^uint64(0) - 8 })
		})
		if _, s := section(elf.SHT_GNU_HASH); s.Size() > 0 {
			add("noshdrs-gnuhash-0buckets", func(p *patcher) {
				noshdrs(p)
				p.u32(uint64(s.Offset()), 0)
			})
		}
		add("dynamic-no-null", func(p *patcher) {
			for i, d := range dyn.All() {
				_ = d
				p.word(dynOff+uint64(i)*DynSize, uint64(elf.DT_DEBUG))
			}
			for i := dyn.Len(); i < dyn.Len()+8; i++ {
				p.word(dynOff+uint64(i)*DynSize, uint64(elf.DT_NEEDED))
				p.word(dynOff+uint64(i)*DynSize+(seedOffs.dynVal), uint64(i))
			}
		})
	}
	return out
}

// layoutImage lays the PT_LOAD segments of a file out as a loader maps
// them, for NewImage: the bytes of address v at v - (p_vaddr - p_offset) of
// the first PT_LOAD. It returns nil for files without PT_LOAD segments or
// whose image would be large.
func layoutImage(data []byte) []byte {
	f, err := NewFile(data)
	if err != nil {
		return nil
	}
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return nil
	}
	var bias, end uint64
	first := true
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD {
			continue
		}
		if first {
			bias, first = uint64(p.Vaddr())-uint64(p.Offset()), false
		}
		end = max(end, uint64(p.Vaddr())+uint64(p.Memsz())-bias)
	}
	if first || end > 4*maxSeedSize {
		return nil
	}
	img := make([]byte, end)
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD {
			continue
		}
		b, err := f.SegmentData(p)
		if err != nil || uint64(p.Vaddr()) < bias {
			return nil
		}
		copy(img[uint64(p.Vaddr())-bias:], b)
	}
	return img
}

// imageVariants relocates the dynamic pointers of an image as glibc does
// (so that NewImage needs its base), and damages its dynamic structures.
func imageVariants(name string, img []byte) []fuzzSeed {
	f, err := NewImage(img, 0)
	if err != nil {
		return nil
	}
	dyn, err := f.Dynamic()
	if err != nil || dyn.Len() == 0 {
		return nil
	}
	dynOff, ok := offsetIn(img, dyn.Bytes())
	if !ok {
		return nil
	}
	base := uint64(0x7f12_3456_0000)
	if Class == elf.ELFCLASS32 {
		base = 0xf700_0000
	}
	var out []fuzzSeed
	add := func(what string, base uint64, fn func(p *patcher)) {
		p := newPatcher(img)
		fn(p)
		out = append(out, fuzzSeed{name: name + "-" + what, data: p.b, base: base})
	}
	pointers := map[elf.DynTag]bool{
		elf.DT_HASH: true, elf.DT_GNU_HASH: true, elf.DT_STRTAB: true, elf.DT_SYMTAB: true,
		elf.DT_VERSYM: true, elf.DT_VERDEF: true, elf.DT_VERNEED: true, elf.DT_PLTGOT: true,
		elf.DT_RELA: true, elf.DT_REL: true, elf.DT_JMPREL: true,
	}
	relocate := func(p *patcher) {
		for i, d := range dyn.All() {
			if pointers[d.Tag()] {
				p.word(dynOff+uint64(i)*DynSize+(seedOffs.dynVal), uint64(d.Val())+base)
			}
		}
	}
	add("relocated", base, relocate)
	add("relocated-nobase", 0, relocate)
	if a, err := f.DynValue(elf.DT_GNU_HASH); err == nil {
		if b, err := f.AddrBytes(Addr(a), 4); err == nil {
			if o, ok := offsetIn(img, b); ok {
				add("gnuhash-0buckets", 0, func(p *patcher) { p.u32(o, 0) })
			}
		}
	}
	add("dynamic-past-end", 0, func(p *patcher) {
		for i, d := range dyn.All() {
			if pointers[d.Tag()] {
				p.word(dynOff+uint64(i)*DynSize+(seedOffs.dynVal), uint64(len(img))-2)
			}
		}
	})
	add("trunc-dynamic", 0, func(p *patcher) { p.b = p.b[:dynOff+DynSize+3] })
	return out
}

// offsetIn returns the offset of the non-empty sub-slice b in data.
func offsetIn(data, b []byte) (uint64, bool) {
	if len(b) == 0 || len(data) == 0 {
		return 0, false
	}
	d := uintptr(unsafe.Pointer(&b[0])) - uintptr(unsafe.Pointer(&data[0]))
	if d >= uintptr(len(data)) {
		return 0, false
	}
	return uint64(d), true
}

// readVDSO returns a copy of the running process's vDSO, or nil.
func readVDSO() []byte {
	maps, err := os.Open("/proc/self/maps")
	if err != nil {
		return nil
	}
	defer maps.Close()
	var lo, hi uint64
	sc := bufio.NewScanner(maps)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasSuffix(line, "[vdso]") {
			continue
		}
		r, _, _ := strings.Cut(line, " ")
		a, b, _ := strings.Cut(r, "-")
		lo, _ = strconv.ParseUint(a, 16, 64)
		hi, _ = strconv.ParseUint(b, 16, 64)
	}
	if lo == 0 || hi <= lo || hi-lo > 1<<20 {
		return nil
	}
	mem, err := os.Open("/proc/self/mem")
	if err != nil {
		return nil
	}
	defer mem.Close()
	b := make([]byte, hi-lo)
	if _, err := mem.ReadAt(b, int64(lo)); err != nil {
		return nil
	}
	// The mapping is whole pages; the image ends with its section headers.
	if f, err := NewFile(b); err == nil {
		h := f.Ehdr()
		if end := uint64(h.Shoff()) + uint64(h.Shnum())*uint64(h.Shentsize()); end > EhdrSize && end <= uint64(len(b)) {
			b = b[:end]
		}
	}
	return b
}

// writeSeeds replaces the seed-* files of dir with seeds, in the format of
// go test's corpus files.
func writeSeeds(t *testing.T, dir string, seeds []fuzzSeed, image bool) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	old, _ := filepath.Glob(filepath.Join(dir, "seed-*"))
	for _, name := range old {
		if err := os.Remove(name); err != nil {
			t.Fatal(err)
		}
	}
	sort.Slice(seeds, func(i, j int) bool { return seeds[i].name < seeds[j].name })
	total := 0
	for _, s := range seeds {
		var b bytes.Buffer
		fmt.Fprintf(&b, "go test fuzz v1\n[]byte(%q)\n", s.data)
		if image {
			fmt.Fprintf(&b, "uint64(%d)\n", s.base)
		}
		total += b.Len()
		if err := os.WriteFile(filepath.Join(dir, "seed-"+s.name), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%s: %d seeds, %d bytes", dir, len(seeds), total)
}
