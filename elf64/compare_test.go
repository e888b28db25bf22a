package elf64

// Helpers of the cross-check (crosscheck_test.go): what each reader says
// about a file, reduced to plain values that cmp.Diff can compare. Each
// "debug" function reads with debug/elf, each "our" function with this
// package; neither computes anything the other is checked for.

import (
	"bytes"
	delf "debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
)

// ccDiff is cmp.Diff for slices of comparable values, with a fast path for
// the common equal case: cmp's reflection costs seconds on the corpus's
// larger symbol tables.
func ccDiff[T comparable](want, got []T) string {
	if slices.Equal(want, got) {
		return ""
	}
	return cmp.Diff(want, got)
}

// ccHeader is the part of the ELF header that debug/elf exposes.
type ccHeader struct {
	Class, Data, Version, OSABI, ABIVersion uint8
	Type, Machine                           uint16
	Entry                                   uint64
}

func debugHeader(df *delf.File) ccHeader {
	return ccHeader{
		Class: uint8(df.Class), Data: uint8(df.Data), Version: uint8(df.Version),
		OSABI: uint8(df.OSABI), ABIVersion: df.ABIVersion,
		Type: uint16(df.Type), Machine: uint16(df.Machine), Entry: df.Entry,
	}
}

func ourHeader(f *File) ccHeader {
	id, h := f.Ident(), f.Ehdr()
	return ccHeader{
		Class: uint8(id.Class), Data: uint8(id.Data), Version: uint8(id.Version),
		OSABI: uint8(id.OSABI), ABIVersion: id.ABIVersion,
		Type: uint16(h.Type()), Machine: uint16(h.Machine()), Entry: uint64(h.Entry()),
	}
}

// ccProg is a program header.
type ccProg struct {
	Type, Flags                             uint32
	Off, Vaddr, Paddr, Filesz, Memsz, Align uint64
}

func debugProgs(df *delf.File) []ccProg {
	out := make([]ccProg, 0, len(df.Progs))
	for _, p := range df.Progs {
		out = append(out, ccProg{uint32(p.Type), uint32(p.Flags), p.Off, p.Vaddr, p.Paddr, p.Filesz, p.Memsz, p.Align})
	}
	return out
}

func ourProgs(t Table[Phdr]) []ccProg {
	out := make([]ccProg, 0, t.Len())
	for _, p := range t.All() {
		out = append(out, ccProg{uint32(p.Type()), uint32(p.Flags()), uint64(p.Offset()), uint64(p.Vaddr()),
			uint64(p.Paddr()), uint64(p.Filesz()), uint64(p.Memsz()), uint64(p.Align())})
	}
	return out
}

// ccSection is a section header with its name. Size is sh_size (debug/elf's
// FileSize; its Size is the uncompressed size).
type ccSection struct {
	Name                      string
	Type                      uint32
	Flags, Addr, Offset, Size uint64
	Link, Info                uint32
	Addralign, Entsize        uint64
}

func debugSections(df *delf.File) []ccSection {
	out := make([]ccSection, 0, len(df.Sections))
	for _, s := range df.Sections {
		out = append(out, ccSection{s.Name, uint32(s.Type), uint64(s.Flags), s.Addr, s.Offset, s.FileSize,
			s.Link, s.Info, s.Addralign, s.Entsize})
	}
	return out
}

// ourSections returns the section headers as debug/elf reports them, which
// for an SHF_COMPRESSED section means with ch_addralign in place of
// sh_addralign (debug/elf overwrites it); rawAlign holds the sh_addralign
// values we replaced, by section index, to check against readelf.
func ourSections(f *File, t Table[Shdr]) (out []ccSection, rawAlign map[int]uint64, err error) {
	names, nerr := f.SectionNames()
	if nerr != nil && !errors.Is(nerr, elf.ErrNotFound) {
		return nil, nil, nerr
	}
	out = make([]ccSection, 0, t.Len())
	for i, s := range t.All() {
		name := ""
		if nerr == nil {
			if name, err = names.String(s.Name()); err != nil {
				return nil, nil, fmt.Errorf("name of section %d: %w", i, err)
			}
		}
		align := uint64(s.Addralign())
		if s.Flags()&elf.SHF_COMPRESSED != 0 {
			if rawAlign == nil {
				rawAlign = make(map[int]uint64)
			}
			rawAlign[i] = align
			if b, err := f.SectionData(s); err == nil && len(b) >= ChdrSize {
				align = uint64(Chdr(view{b: b, big: f.big}).Addralign())
			}
		}
		out = append(out, ccSection{name, uint32(s.Type()), uint64(s.Flags()), uint64(s.Addr()), uint64(s.Offset()),
			uint64(s.Size()), s.Link(), s.Info(), align, uint64(s.Entsize())})
	}
	return out, rawAlign, nil
}

// sameBytes reads r to its end and reports how many bytes it gave and
// whether they equal want (all of it).
func sameBytes(r io.Reader, want []byte, buf []byte) (n int, equal bool) {
	equal = true
	for {
		k, err := io.ReadFull(r, buf)
		if k > 0 {
			if n+k > len(want) || !bytes.Equal(buf[:k], want[n:n+k]) {
				equal = false
			}
			n += k
		}
		if err != nil {
			return n, equal && n == len(want)
		}
	}
}

// ccSym is a symbol as debug/elf's Symbol has it. Section is st_shndx as
// stored (debug/elf does not resolve SHN_XINDEX).
type ccSym struct {
	Name         string
	Info, Other  uint8
	Section      uint16
	Value, Size  uint64
	HasVersion   bool
	VersionIndex uint16
	Version      string
	Library      string
}

func debugSyms(syms []delf.Symbol) []ccSym {
	out := make([]ccSym, 0, len(syms))
	for _, s := range syms {
		out = append(out, ccSym{s.Name, s.Info, s.Other, uint16(s.Section), s.Value, s.Size,
			s.HasVersion, uint16(s.VersionIndex), s.Version, s.Library})
	}
	return out
}

// ourSyms returns the symbols after the null symbol, as debug/elf lists
// them, and the resolved section index of every SHN_XINDEX symbol (by
// symbol index).
func ourSyms(syms Symbols) (out []ccSym, xindex map[int]uint32, err error) {
	out = make([]ccSym, 0, max(syms.Len()-1, 0))
	for i, s := range syms.All() {
		if i == 0 {
			continue
		}
		name, err := syms.Name(s)
		if err != nil {
			return nil, nil, fmt.Errorf("symbol %d: %w", i, err)
		}
		if s.Shndx() == elf.SHN_XINDEX {
			x, err := syms.SectionIndex(i)
			if err != nil {
				return nil, nil, fmt.Errorf("symbol %d: %w", i, err)
			}
			if xindex == nil {
				xindex = make(map[int]uint32)
			}
			xindex[i] = x
		}
		out = append(out, ccSym{Name: name, Info: s.Info(), Other: s.Other(), Section: uint16(s.Shndx()),
			Value: uint64(s.Value()), Size: uint64(s.Size())})
	}
	return out, xindex, nil
}

// ourDynSyms returns the dynamic symbols with their versions the way
// debug/elf's DynamicSymbols reports them: when there is a version table,
// an index of 0 or 1 has a version without a name, an index that a
// requirement names gives that version and file (requirements win over
// definitions, as in debug/elf), a defined one the version alone, and an
// index found nowhere (or a symbol past the end of the table) no version.
func ourDynSyms(f *File) ([]ccSym, error) {
	syms, err := f.DynamicSymbols()
	if err != nil {
		return nil, err
	}
	out, _, err := ourSyms(syms)
	if err != nil {
		return nil, err
	}
	vers, err := f.Versions()
	if err != nil {
		return nil, fmt.Errorf("versions: %w", err)
	}
	names, err := vers.Names(nil)
	if err != nil {
		return nil, fmt.Errorf("version names: %w", err)
	}
	vs := vers.Versym()
	if vs.Len() == 0 {
		return out, nil
	}
	for i := range out {
		if i+1 >= vs.Len() {
			break
		}
		v := vs.At(i + 1)
		s := &out[i]
		switch ndx := int(v.Index()); {
		case ndx <= 1:
			s.HasVersion, s.VersionIndex = true, v.Value()
		case ndx < len(names) && names[ndx].Name != "":
			s.HasVersion, s.VersionIndex, s.Version, s.Library = true, v.Value(), names[ndx].Name, names[ndx].File
		}
	}
	return out, nil
}

// ccDyn is a dynamic entry.
type ccDyn struct {
	Tag int64
	Val uint64
}

func ourDynamic(t Table[Dyn]) []ccDyn {
	out := make([]ccDyn, 0, t.Len())
	for _, d := range t.All() {
		out = append(out, ccDyn{int64(d.Tag()), uint64(d.Val())})
	}
	return out
}

// debugDynTags lists every dynamic tag debug/elf has a name for: the values
// to ask its DynValue about.
var debugDynTags = func() []delf.DynTag {
	var tags []delf.DynTag
	add := func(lo, hi int64) {
		for t := lo; t <= hi; t++ {
			tag := delf.DynTag(t)
			if s := tag.String(); !strings.HasPrefix(s, "DynTag(") && !strings.Contains(s, "+") && tag != delf.DT_NULL {
				tags = append(tags, tag)
			}
		}
	}
	add(0, 64)
	add(0x6000000d, 0x6000000d)
	add(0x6ffff000, 0x6fffffff)
	add(0x70000000, 0x700001ff)
	return tags
}()

// ourDynStrings returns the strings of tag's entries.
func ourDynStrings(f *File, tag elf.DynTag) ([]string, error) {
	var out []string
	for s, err := range f.DynStrings(tag) {
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

func ourVersionDefs(v *Versions) ([]delf.DynamicVersion, error) {
	var out []delf.DynamicVersion
	for d, err := range v.Definitions() {
		if err != nil {
			return out, err
		}
		dv := delf.DynamicVersion{Name: d.Name, Index: d.Ndx(), Flags: delf.DynamicVersionFlag(d.Flags())}
		for p, err := range d.Parents() {
			if err != nil {
				return out, err
			}
			dv.Deps = append(dv.Deps, p)
		}
		out = append(out, dv)
	}
	return out, nil
}

func ourVersionNeeds(v *Versions) ([]delf.DynamicVersionNeed, error) {
	var out []delf.DynamicVersionNeed
	for r, err := range v.Requirements() {
		if err != nil {
			return out, err
		}
		n := delf.DynamicVersionNeed{Name: r.File}
		for a, err := range r.Needs() {
			if err != nil {
				return out, err
			}
			n.Needs = append(n.Needs, delf.DynamicVersionDep{Flags: delf.DynamicVersionFlag(a.Flags()), Index: a.Other(), Dep: a.Name})
		}
		out = append(out, n)
	}
	return out, nil
}

// ccDynamicView is everything a file's dynamic segment gives: what must be
// the same with and without section headers, and in a memory image.
type ccDynamicView struct {
	DynSyms                        []ccSym
	Dynamic                        []ccDyn
	Needed, Soname, Rpath, Runpath []string
	Defs                           []delf.DynamicVersion
	Needs                          []delf.DynamicVersionNeed
}

func ourDynamicView(f *File) (v ccDynamicView, err error) {
	wrap := func(what string, err error) error { return fmt.Errorf("%s: %w", what, err) }
	if v.DynSyms, err = ourDynSyms(f); err != nil {
		return v, wrap("dynamic symbols", err)
	}
	dyn, err := f.Dynamic()
	if err != nil {
		return v, wrap("dynamic table", err)
	}
	v.Dynamic = ourDynamic(dyn)
	if v.Needed, err = f.ImportedLibraries(); err != nil {
		return v, wrap("imported libraries", err)
	}
	for _, x := range []struct {
		tag elf.DynTag
		dst *[]string
	}{{elf.DT_SONAME, &v.Soname}, {elf.DT_RPATH, &v.Rpath}, {elf.DT_RUNPATH, &v.Runpath}} {
		if *x.dst, err = ourDynStrings(f, x.tag); err != nil {
			return v, wrap(x.tag.String(), err)
		}
	}
	vers, err := f.Versions()
	if err != nil {
		return v, wrap("versions", err)
	}
	if v.Defs, err = ourVersionDefs(&vers); err != nil {
		return v, wrap("version definitions", err)
	}
	if v.Needs, err = ourVersionNeeds(&vers); err != nil {
		return v, wrap("version requirements", err)
	}
	return v, nil
}

// withoutSectionHeaders returns a copy of the file with e_shoff, e_shnum
// and e_shstrndx zeroed, as sstrip leaves a file.
func withoutSectionHeaders(data []byte) []byte {
	b := bytes.Clone(data)
	shoff, shnum := 40, 60 // ELF64 offsets of e_shoff and e_shnum
	if Class == elf.ELFCLASS32 {
		shoff, shnum = 32, 48
	}
	clear(b[shoff : shoff+wordSize])
	clear(b[shnum : shnum+4]) // e_shnum and e_shstrndx
	return b
}

// loadImage lays the file out in memory the way a loader maps it: the file
// bytes of each PT_LOAD segment at p_vaddr minus the first segment's
// p_vaddr, zeros elsewhere. ok is false for files this cannot be done for
// (no PT_LOAD, a first segment not starting at offset 0, an image much
// larger than the file).
func loadImage(f *File) (img []byte, ok bool) {
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return nil, false
	}
	var base, end uint64
	found := false
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD {
			continue
		}
		if !found {
			if p.Offset() != 0 {
				return nil, false
			}
			base, found = uint64(p.Vaddr()), true
		}
		if uint64(p.Vaddr()) < base {
			return nil, false
		}
		end = max(end, uint64(p.Vaddr())+uint64(p.Memsz()))
	}
	data := f.Data()
	if !found || end-base > 4*uint64(len(data))+16<<20 {
		return nil, false
	}
	img = make([]byte, end-base)
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD {
			continue
		}
		src, err := f.SegmentData(p)
		if err != nil || uint64(p.Filesz()) > uint64(p.Memsz()) {
			return nil, false
		}
		copy(img[uint64(p.Vaddr())-base:], src)
	}
	return img, true
}

// readelfSectionAligns returns sh_addralign of every section, by index, from
// `readelf -S -W`.
func readelfSectionAligns(path string) (map[int]uint64, error) {
	out, err := runReadelf("-S", "-W", path)
	if err != nil {
		return nil, err
	}
	aligns := make(map[int]uint64)
	for _, line := range strings.Split(out, "\n") {
		// "  [ 5] .debug_info PROGBITS 0000000000000000 000100 000abc 00 C 0 0 8"
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "[") {
			continue
		}
		close := strings.IndexByte(line, ']')
		idx, err := strconv.Atoi(strings.TrimSpace(line[1:close]))
		if err != nil {
			continue // the "[Nr] Name ..." heading
		}
		fields := strings.Fields(line[close+1:])
		al, err := strconv.ParseUint(fields[len(fields)-1], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("readelf -S line %q: %v", line, err)
		}
		aligns[idx] = al
	}
	return aligns, nil
}

// readelfSymbolSections returns the Ndx column of `readelf -s -W` for the
// symbol table named table (".symtab"), by symbol index, for the symbols
// whose index is a number.
func readelfSymbolSections(path, table string) (map[int]uint32, error) {
	out, err := runReadelf("-s", "-W", path)
	if err != nil {
		return nil, err
	}
	ndx := make(map[int]uint32)
	in := false
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "Symbol table '") {
			in = strings.HasPrefix(line, "Symbol table '"+table+"'")
			continue
		}
		fields := strings.Fields(line)
		if !in || len(fields) < 7 || !strings.HasSuffix(fields[0], ":") {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSuffix(fields[0], ":"))
		if err != nil {
			continue // the "Num:" heading
		}
		if n, err := strconv.ParseUint(fields[6], 10, 32); err == nil {
			ndx[i] = uint32(n)
		}
	}
	return ndx, nil
}

func runReadelf(args ...string) (string, error) {
	cmd := exec.Command("readelf", args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("readelf %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.String(), nil
}

// readRaw returns a reader of the size bytes at offset off of file: the
// stored bytes of a compressed section (debug/elf's Open decompresses).
func readRaw(file *os.File, off, size uint64) io.Reader {
	return io.NewSectionReader(file, int64(off), int64(size))
}
