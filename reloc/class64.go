package reloc

// The class-specific code of the package: what File and Symbols need from
// an *elf64.File, in class-neutral types. zclass32.go is generated from
// this file (go generate): keep here only what depends on the class.

//go:generate go run ../internal/classgen -in class64.go -names class64,symbols64

import (
	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
)

// class64 is the ELF64 side of a File.
type class64 struct{ f *elf64.File }

func (c class64) close() error { return c.f.Close() }

func (c class64) offsetOf(b []byte) int64 { return c.f.OffsetOf(b) }

func (c class64) numSections() (int, error) {
	t, err := c.f.SectionHeaders()
	return t.Len(), err
}

func (c class64) section(i int) (section, error) {
	s, err := c.f.Section(i)
	if err != nil {
		return section{}, err
	}
	return section{typ: s.Type(), flags: s.Flags(), addr: uint64(s.Addr()), offset: uint64(s.Offset()),
		size: uint64(s.Size()), entsize: uint64(s.Entsize()), link: s.Link(), info: s.Info()}, nil
}

func (c class64) sectionData(i int) ([]byte, error) {
	s, err := c.f.Section(i)
	if err != nil {
		return nil, err
	}
	return c.f.SectionData(s)
}

func (c class64) decompress(i int, dst []byte) ([]byte, error) {
	s, err := c.f.Section(i)
	if err != nil {
		return nil, err
	}
	return c.f.Decompress(s, dst)
}

func (c class64) addrBytes(a, size uint64) ([]byte, error) {
	if a > uint64(^elf64.Addr(0)) {
		return nil, elf.Errorf(-1, elf.ErrOutOfRange, "address %#x in an %v file", a, elf64.Class)
	}
	return c.f.AddrBytes(elf64.Addr(a), size)
}

func (c class64) dynValues(tags []elf.DynTag, vals []uint64, ok []bool) error {
	return c.f.DynValues(tags, vals, ok)
}

// symbols returns the dynamic symbols, or the SHT_SYMTAB ones, and the
// index of the section they are in (-1 when found through the dynamic
// segment).
func (c class64) symbols(dynamic bool) (symbolTable, int, error) {
	var s elf64.Symbols
	var err error
	if dynamic {
		s, err = c.f.DynamicSymbols()
	} else {
		s, err = c.f.Symbols()
	}
	return symbols64{s}, s.Section(), err
}

// versions returns the SHT_GNU_versym entries and the version names by
// index.
func (c class64) versions() ([]byte, []versionName, error) {
	v, err := c.f.Versions()
	if err != nil {
		return nil, nil, err
	}
	names, err := v.Names(nil)
	if err != nil {
		return nil, nil, err
	}
	out := make([]versionName, len(names))
	for i, n := range names {
		out[i] = versionName{name: n.Name, def: n.Def}
	}
	return v.Versym().Bytes(), out, nil
}

// symbols64 is an ELF64 symbol table.
type symbols64 struct{ s elf64.Symbols }

func (s symbols64) len() int { return s.s.Len() }

func (s symbols64) value(i uint32) uint64 { return uint64(s.s.At(int(i)).Value()) }

func (s symbols64) symbol(i uint32) (Symbol, error) {
	e := s.s.At(int(i))
	sym := Symbol{Value: uint64(e.Value()), Size: uint64(e.Size()), Info: e.Info(), Other: e.Other()}
	var err error
	sym.Name, err = s.s.Name(e)
	if err == nil {
		sym.Section, err = s.s.SectionIndex(int(i))
	}
	return sym, err
}
