package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/elfkit/elf"
)

// row is one line of a view: a segment, a section or a symbol, with the
// bytes it takes in the file and in memory once loaded.
type row struct {
	Name string
	File uint64 // bytes in the file
	VM   uint64 // bytes of the address space (0 for what is not loaded)
}

// profile is where the bytes of one file go.
type profile struct {
	Path     string
	Desc     string // class, byte order, machine, type
	Size     uint64 // file size
	Segments []row  // PT_LOAD segments, and the file bytes outside them
	Sections []row  // sections by name (duplicates summed), headers, padding
	Symbols  []row  // defined symbols with a size, by name (duplicates summed)
}

// Names of the synthetic rows.
const (
	rowNotLoaded   = "[not in a LOAD segment]"
	rowEhdr        = "[ELF header]"
	rowPhdrs       = "[program headers]"
	rowShdrs       = "[section headers]"
	rowUnaccounted = "[padding and unaccounted]"
)

// neutral is what elfsize needs of a file, read through elf64 or elf32.
type neutral struct {
	desc     string
	ehsize   uint64
	phdrs    uint64 // offset of the program header table
	phsize   uint64 // its size
	shdrs    uint64
	shsize   uint64
	segments []nseg
	sections []nsec
	symbols  []nsym
}

type nseg struct {
	typ                       elf.ProgType
	flags                     elf.ProgFlag
	off, vaddr, filesz, memsz uint64
}

type nsec struct {
	name      string
	typ       elf.SectionType
	flags     elf.SectionFlag
	off, size uint64
}

type nsym struct {
	name  string
	value uint64
	typ   elf.SymType
	shndx uint32
	size  uint64
}

// load reads the profile of the ELF file at path. The file is mapped
// (elf64.Open, elf32.Open) and stays mapped: the names in the profile are
// views of it.
func load(path string) (*profile, error) {
	fd, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	b := make([]byte, elf.EI_NIDENT)
	_, err = io.ReadFull(fd, b)
	fd.Close()
	if err != nil {
		return nil, fmt.Errorf("%s: not an ELF file: %w", path, err)
	}
	id, err := elf.ParseIdent(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var n *neutral
	var size int
	if id.Class == elf.ELFCLASS64 {
		n, size, err = read64(path)
	} else {
		n, size, err = read32(path)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	order := "LSB"
	if id.BigEndian() {
		order = "MSB"
	}
	p := &profile{
		Path: path,
		Desc: fmt.Sprintf("%s %s %s", "ELF"+strings.TrimPrefix(id.Class.String(), "ELFCLASS"), order, n.desc),
		Size: uint64(size),
	}
	p.build(n)
	return p, nil
}

// build fills the views from the neutral file.
func (p *profile) build(n *neutral) {
	size := p.Size
	clip := func(off, sz uint64) (uint64, uint64) {
		if off >= size {
			return size, size
		}
		return off, off + min(sz, size-off)
	}
	type span struct{ lo, hi uint64 }
	covered := func(spans []span) uint64 {
		sort.Slice(spans, func(i, j int) bool { return spans[i].lo < spans[j].lo })
		var total, end uint64
		for _, s := range spans {
			if s.hi <= end {
				continue
			}
			lo := max(s.lo, end)
			total += s.hi - lo
			end = s.hi
		}
		return total
	}

	// Segments.
	var loads []span
	for i, s := range n.segments {
		if s.typ != elf.PT_LOAD {
			continue
		}
		p.Segments = append(p.Segments, row{Name: fmt.Sprintf("LOAD #%d [%s]", i, flagString(s.flags)), File: s.filesz, VM: s.memsz})
		lo, hi := clip(s.off, s.filesz)
		loads = append(loads, span{lo, hi})
	}
	if rest := size - covered(loads); rest > 0 {
		p.Segments = append(p.Segments, row{Name: rowNotLoaded, File: rest})
	}

	// Sections.
	bySec := map[string]*row{}
	var spans []span
	add := func(m map[string]*row, name string, file, vm uint64) {
		r := m[name]
		if r == nil {
			r = &row{Name: name}
			m[name] = r
		}
		r.File += file
		r.VM += vm
	}
	for _, s := range n.sections {
		if s.typ == elf.SHT_NULL {
			continue
		}
		var file, vm uint64
		if s.typ != elf.SHT_NOBITS {
			file = s.size
			lo, hi := clip(s.off, s.size)
			spans = append(spans, span{lo, hi})
		}
		if s.flags&elf.SHF_ALLOC != 0 {
			vm = s.size
		}
		add(bySec, s.name, file, vm)
	}
	for _, h := range []struct {
		name    string
		off, sz uint64
	}{{rowEhdr, 0, n.ehsize}, {rowPhdrs, n.phdrs, n.phsize}, {rowShdrs, n.shdrs, n.shsize}} {
		if h.sz == 0 {
			continue
		}
		lo, hi := clip(h.off, h.sz)
		spans = append(spans, span{lo, hi})
		vm := uint64(0)
		if h.name != rowShdrs && inLoad(n.segments, h.off, h.sz) {
			vm = h.sz
		}
		add(bySec, h.name, hi-lo, vm)
	}
	if rest := size - covered(spans); rest > 0 {
		add(bySec, rowUnaccounted, rest, 0)
	}
	p.Sections = rows(bySec)

	// Symbols.
	bySym := map[string]*row{}
	for _, s := range n.symbols {
		if s.size == 0 || s.typ == elf.STT_SECTION || s.typ == elf.STT_FILE {
			continue
		}
		sh := elf.SectionIndex(s.shndx)
		if sh == elf.SHN_UNDEF {
			continue
		}
		var file, vm uint64
		if int(s.shndx) < len(n.sections) {
			sec := n.sections[s.shndx]
			if sec.typ != elf.SHT_NOBITS {
				file = s.size
			}
			if sec.flags&elf.SHF_ALLOC != 0 {
				vm = s.size
			}
		} else if len(n.sections) == 0 && sh < elf.SHN_LORESERVE {
			// No section headers (a stripped image): place the symbol
			// by its address in the PT_LOAD segments.
			file, vm = placeInLoad(n.segments, s.value, s.size)
		} else if sh == elf.SHN_ABS || sh == elf.SHN_COMMON {
			vm = s.size
		}
		add(bySym, s.name, file, vm)
	}
	p.Symbols = rows(bySym)
}

// inLoad reports whether [off, off+size) is inside the file image of a
// PT_LOAD segment.
func inLoad(segs []nseg, off, size uint64) bool {
	for _, s := range segs {
		if s.typ == elf.PT_LOAD && off >= s.off && off-s.off <= s.filesz && size <= s.filesz-(off-s.off) {
			return true
		}
	}
	return false
}

// placeInLoad returns the file and VM bytes of [addr, addr+size) that
// the PT_LOAD segments hold.
func placeInLoad(segs []nseg, addr, size uint64) (file, vm uint64) {
	for _, s := range segs {
		if s.typ != elf.PT_LOAD || addr < s.vaddr || addr-s.vaddr >= s.memsz {
			continue
		}
		off := addr - s.vaddr
		vm = min(size, s.memsz-off)
		if off < s.filesz {
			file = min(size, s.filesz-off)
		}
		return file, vm
	}
	return 0, 0
}

// rows returns the rows of m in name order.
func rows(m map[string]*row) []row {
	out := make([]row, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// flagString returns segment flags as "RWX" letters.
func flagString(f elf.ProgFlag) string {
	s := ""
	if f&elf.PF_R != 0 {
		s += "R"
	}
	if f&elf.PF_W != 0 {
		s += "W"
	}
	if f&elf.PF_X != 0 {
		s += "X"
	}
	if s == "" {
		s = "-"
	}
	return s
}

// describe returns "x86-64 DYN" style text for a machine and type.
func describe(m elf.Machine, t elf.Type) string {
	return strings.TrimPrefix(m.String(), "EM_") + " " + strings.TrimPrefix(t.String(), "ET_")
}
