package sym

// This file is the only class-specific code of the package: it takes the
// tables of an elf64.File apart into the class-neutral Table. zclass32.go is
// generated from it (go generate).

//go:generate go run ../internal/classgen -in class64.go -names class64,records64,hashTablesFrom64,useGNUHash64,useSysVHash64

import (
	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
)

// class64 reads the parts of an ELF64 file that Tables and Symbolizers use.
type class64 struct{ f *elf64.File }

func (c class64) newTable(t *Table, s elf64.Symbols, dynamic bool) *Table {
	h := c.f.Ehdr()
	t.dynamic = dynamic
	t.section = s.Section()
	t.machine = h.Machine()
	t.flags = h.Flags()
	t.setRecords(s.Table().Bytes(), s.Len(), elf64.Class == elf.ELFCLASS64, c.f.BigEndian(),
		s.Strings().Data(), s.Shndx().Bytes())
	return t
}

func (c class64) dynamic() (*Table, error) {
	if c.f == nil {
		return nil, errNilFile
	}
	s, err := c.f.DynamicSymbols()
	if err != nil {
		return nil, err
	}
	v, err := c.f.Versions()
	if err != nil {
		return nil, err
	}
	// Count the definitions first, so that the Table and they take one
	// allocation. The requirements are read when first needed.
	n := 0
	if v.Versym().Len() > 0 {
		for _, err := range v.Definitions() {
			if err != nil {
				return nil, err
			}
			n++
		}
	}
	t := c.newTable(newTable(n), s, true)
	c.hashTables(t, false)
	if v.Versym().Len() == 0 {
		return t, nil
	}
	t.versym = v.Versym().Bytes()
	t.src = c
	for d := range v.Definitions() {
		t.defs = append(t.defs, verEntry{key: d.Ndx(), flags: d.Flags(), name: d.Name})
	}
	sortVersions(t.defs)
	return t, nil
}

// hashTables sets up the GNU hash table of t, and the SysV one when there
// is no usable GNU one or when both is set.
func (c class64) hashTables(t *Table, both bool) {
	if h, err := c.f.GNUHash(); err == nil {
		useGNUHash64(t, h)
	}
	if !t.gnu.ok || both {
		if h, err := c.f.SysVHash(); err == nil {
			useSysVHash64(t, h)
		}
	}
}

// records64 returns the bytes of n ELF64 symbol records stride apart at
// the start of b (stride 0: the record size), checked as elf64.NewTable
// checks any table.
func records64(b []byte, n, stride int, big bool) ([]byte, error) {
	if stride == 0 {
		stride = elf64.SymSize
	}
	t, err := elf64.NewTable[elf64.Sym](b, n, stride, big)
	return t.Bytes(), err
}

// hashTablesFrom64 sets up the hash tables of t from the bytes of a GNU
// hash table and a SysV one, either of which may be empty, as hashTables
// does: the SysV table only when the GNU one is missing or unusable.
func hashTablesFrom64(t *Table, gnu, sysv []byte) {
	if len(gnu) > 0 {
		if h, err := elf64.NewGNUHashTable(gnu, t.big); err == nil {
			useGNUHash64(t, h)
		}
	}
	if !t.gnu.ok && len(sysv) > 0 {
		if h, err := elf64.NewSysVHashTable(sysv, elf64.HashEntSize(t.machine), t.big); err == nil {
			useSysVHash64(t, h)
		}
	}
}

func useGNUHash64(t *Table, h elf64.GNUHashTable) {
	bloom, buckets, chains := h.Parts()
	t.setGNUHash(bloom, buckets, chains, h.SymOffset(), h.BloomShift())
}

func useSysVHash64(t *Table, h elf64.SysVHashTable) {
	buckets, chains := h.Parts()
	t.setSysVHash(buckets, chains, h.EntSize())
}

// requirements reads the version requirements. A malformed table gives
// those before the damage.
func (c class64) requirements() []verEntry {
	v, err := c.f.Versions()
	if err != nil {
		return nil
	}
	var needs []verEntry
	for r, err := range v.Requirements() {
		if err != nil {
			break
		}
		for a, err := range r.Needs() {
			if err != nil {
				break
			}
			needs = append(needs, verEntry{key: a.Other(), flags: a.Flags(), name: a.Name, file: r.File})
		}
	}
	sortVersions(needs)
	return needs
}

func (c class64) static() (*Table, error) {
	if c.f == nil {
		return nil, errNilFile
	}
	s, err := c.f.Symbols()
	if err != nil {
		return nil, err
	}
	return c.newTable(new(Table), s, false), nil
}

// symbolizer returns the table a Symbolizer indexes (.symtab, else
// .dynsym) and what it needs to know about the file's sections.
func (c class64) symbolizer() (*Table, fileLayout, error) {
	if c.f == nil {
		return nil, fileLayout{}, errNilFile
	}
	t, err := c.static()
	if err != nil || t.n <= 1 {
		t, err = c.dynamic()
		if err != nil {
			return nil, fileLayout{}, err
		}
	}
	var l fileLayout
	if c.f.IsImage() {
		return t, l, nil // section headers of an image are not used
	}
	shdrs, err := c.f.SectionHeaders()
	if err != nil || shdrs.Len() == 0 {
		return t, l, nil
	}
	l.sections = make([]span, shdrs.Len())
	for i, s := range shdrs.All() {
		if s.Flags()&elf.SHF_ALLOC != 0 {
			l.sections[i] = span{start: uint64(s.Addr()), end: uint64(s.Addr()) + uint64(s.Size())}
		}
	}
	if t.machine == elf.EM_PPC64 && t.flags&3 != 2 {
		if _, s, err := c.f.SectionByName(".opd"); err == nil {
			if b, err := c.f.SectionData(s); err == nil {
				l.opd, l.opdAddr = b, uint64(s.Addr())
			}
		}
	}
	return t, l, nil
}
