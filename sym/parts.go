package sym

import (
	"github.com/elfkit/elf"
)

// DynamicParts are the pieces of a dynamic symbol table that a caller has
// located itself, in memory that no elf64.File or elf32.File describes,
// such as the image of a shared object in a process found through its
// program headers. NewDynamic makes a Table of them. Every byte slice is a
// view that the Table keeps; nothing is copied.
type DynamicParts struct {
	Class     elf.Class   // ELFCLASS64 or ELFCLASS32
	BigEndian bool        // the byte order of every table below
	Machine   elf.Machine // e_machine (it sets the DT_HASH word size)
	Flags     uint32      // e_flags

	// Symbols holds the Count records of the table (DT_SYMTAB), SymEnt
	// bytes apart: SymEnt 0 means the class's record size. Count includes
	// the null symbol at index 0; DT_HASH's nchain gives it, or the end of
	// DT_GNU_HASH's longest chain.
	Symbols []byte
	Count   int
	SymEnt  int
	// Strings is the string table of the names (DT_STRTAB, DT_STRSZ).
	Strings []byte
	// Versym holds the 2-byte version index of each symbol (DT_VERSYM);
	// empty when the table is not versioned.
	Versym []byte
	// Definitions are the version definitions (DT_VERDEF) and Requirements
	// the versions required of other files (DT_VERNEED), each in table
	// order. A memory image often has no requirements (the vDSO has none).
	Definitions  []Definition
	Requirements []Requirement
	// GNUHash and SysVHash hold the hash tables (DT_GNU_HASH, DT_HASH) from
	// their first byte; they may run on past the table's end, which the
	// table's own header fixes. Either may be empty: without a usable hash
	// table, lookups scan the symbols.
	GNUHash  []byte
	SysVHash []byte
}

// Definition is a version definition: a Verdef record and the name of its
// first Verdaux.
type Definition struct {
	Index uint16                 // vd_ndx, the index Versym entries use
	Flags elf.DynamicVersionFlag // vd_flags; VER_FLG_BASE marks the file's own name
	Name  string                 // the version name
}

// Requirement is a version required of another file: a Vernaux record,
// with the file its Verneed names.
type Requirement struct {
	Index uint16                 // vna_other, the index Versym entries use
	Flags elf.DynamicVersionFlag // vna_flags
	Name  string                 // the version name
	File  string                 // the file expected to define it (vn_file)
}

// NewDynamic returns the dynamic symbol table made of p: a Table like the
// one Dynamic returns for a file, with the same lookups and versions. It
// checks that the symbol records fit in p.Symbols, as elf64.NewTable
// checks a table; a malformed hash table makes lookups scan, as with
// Dynamic. The error wraps elf.ErrBadClass for a class other than ELF32
// and ELF64, elf.ErrOutOfRange for a negative Count or a SymEnt smaller
// than a record, and elf.ErrTruncated when Symbols cannot hold Count
// records SymEnt apart.
func NewDynamic(p DynamicParts) (*Table, error) {
	var recs []byte
	var err error
	switch p.Class {
	case elf.ELFCLASS64:
		recs, err = records64(p.Symbols, p.Count, p.SymEnt, p.BigEndian)
	case elf.ELFCLASS32:
		recs, err = records32(p.Symbols, p.Count, p.SymEnt, p.BigEndian)
	default:
		return nil, elf.Errorf(elf.EI_CLASS, elf.ErrBadClass, "symbol table of class %v", p.Class)
	}
	if err != nil {
		return nil, err
	}
	n := p.Count
	t := newTable(len(p.Definitions))
	t.dynamic, t.section, t.machine, t.flags = true, -1, p.Machine, p.Flags
	t.setRecords(recs, n, p.Class == elf.ELFCLASS64, p.BigEndian, p.Strings, nil)
	if p.Class == elf.ELFCLASS64 {
		hashTablesFrom64(t, p.GNUHash, p.SysVHash)
	} else {
		hashTablesFrom32(t, p.GNUHash, p.SysVHash)
	}
	if len(p.Versym) == 0 {
		return t, nil
	}
	t.versym = p.Versym[:min(len(p.Versym), 2*n)]
	for _, d := range p.Definitions {
		t.defs = append(t.defs, verEntry{key: d.Index, flags: d.Flags, name: d.Name})
	}
	sortVersions(t.defs)
	if len(p.Requirements) > 0 {
		t.needs = make([]verEntry, 0, len(p.Requirements))
		for _, r := range p.Requirements {
			t.needs = append(t.needs, verEntry{key: r.Index, flags: r.Flags, name: r.Name, file: r.File})
		}
		sortVersions(t.needs)
	}
	return t, nil
}
