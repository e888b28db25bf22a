package elf64

import (
	"errors"
	"iter"
	"unsafe"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/prefetch"
)

// Symbols is a symbol table with its string table and, for tables with more
// than SHN_LORESERVE sections, its SHT_SYMTAB_SHNDX section.
type Symbols struct {
	table   Table[Sym]
	strings StringTable
	shndx   Table[Shndx]
	section int  // the table's section index, -1 when found through PT_DYNAMIC
	hashed  bool // dynamic symbols: sorted by hash, names all over (see Name)
}

// NewSymbols builds a symbol table view from its parts; shndx may be empty.
func NewSymbols(table Table[Sym], strings StringTable, shndx Table[Shndx], section int) Symbols {
	return Symbols{table: table, strings: strings, shndx: shndx, section: section}
}

// Len returns the number of symbols, including the null symbol at index 0.
func (s Symbols) Len() int { return s.table.Len() }

// At returns symbol i (the zero view when i is out of range).
func (s Symbols) At(i int) Sym { return s.table.At(i) }

// All iterates over the symbols, including the null symbol at index 0.
func (s Symbols) All() iter.Seq2[int, Sym] { return s.table.All() }

// namePrefetch is how many symbols ahead Name fetches names: enough for
// the fetch to arrive before the name is read, measured on libLLVM's table
// (4 ahead gains half as much as 8; 16 no more than 8).
const namePrefetch = 8

// Table returns the table of Sym records.
func (s Symbols) Table() Table[Sym] { return s.table }

// Strings returns the string table the symbol names are in.
func (s Symbols) Strings() StringTable { return s.strings }

// Shndx returns the table's SHT_SYMTAB_SHNDX entries (empty when it has
// none): the section indexes of the symbols whose st_shndx is SHN_XINDEX.
func (s Symbols) Shndx() Table[Shndx] { return s.shndx }

// Section returns the index of the section holding the table, or -1 when it
// was found through the dynamic segment.
func (s Symbols) Section() int { return s.section }

// Name returns the name of sym (see File for how long it is valid).
//
// For the dynamic symbols, when sym is a record of this table, Name also
// asks the processor to fetch the name of the symbol namePrefetch records
// further on (see internal/prefetch): the dynamic symbols are sorted by
// hash bucket, so their names lie all over the string table, and a walk
// that reads every name in table order would otherwise wait for each one in
// turn (libLLVM: 45k names in 3 MB, read about 25% faster). Other tables
// list their names about in string table order, and gain nothing.
func (s Symbols) Name(sym Sym) (string, error) {
	if s.hashed {
		s.prefetchAfter(sym)
	}
	return s.strings.String(sym.Name())
}

// prefetchAfter hints the name of the symbol namePrefetch records after
// sym, found from sym's position in the table's bytes.
func (s Symbols) prefetchAfter(sym Sym) {
	t := s.table
	if len(sym.b) == 0 || len(t.b) == 0 {
		return
	}
	off := uintptr(unsafe.Pointer(&sym.b[0])) - uintptr(unsafe.Pointer(&t.b[0]))
	next := off + namePrefetch*uintptr(t.stride)
	if off < uintptr(len(t.b)) && next < uintptr(len(t.b)) && uintptr(len(t.b))-next >= 4 {
		prefetch.Byte(s.strings.b, u32(t.b, int(next), t.big))
	}
}

// SectionIndex returns the section index of symbol i, taking it from the
// SHT_SYMTAB_SHNDX section when st_shndx is SHN_XINDEX. Reserved indexes
// (SHN_UNDEF, SHN_ABS, SHN_COMMON, ...) are returned as they are.
func (s Symbols) SectionIndex(i int) (uint32, error) {
	sym := s.table.At(i)
	x := sym.Shndx()
	if x != elf.SHN_XINDEX {
		return uint32(x), nil
	}
	if i >= s.shndx.Len() {
		return 0, elf.Errorf(-1, elf.ErrNotFound, "SHT_SYMTAB_SHNDX entry for symbol %d", i)
	}
	return s.shndx.At(i).Index(), nil
}

// Symbols returns the static symbol table (SHT_SYMTAB). The error wraps
// elf.ErrNotFound when the file has none.
func (f *File) Symbols() (Symbols, error) { return f.symbolSection(elf.SHT_SYMTAB) }

// symbolSection returns the first section of type typ as a symbol table,
// with its linked string table and its SHT_SYMTAB_SHNDX section if any.
func (f *File) symbolSection(typ elf.SectionType) (Symbols, error) {
	shdrs, err := f.SectionHeaders()
	if err != nil {
		return Symbols{}, err
	}
	idx := -1
	for i, s := range shdrs.All() {
		if s.Type() == typ {
			idx = i
			break
		}
	}
	if idx < 0 {
		return Symbols{}, elf.Errorf(-1, elf.ErrNotFound, "%v section", typ)
	}
	s := shdrs.At(idx)
	t, err := f.sectionTable(s, SymSize, "symbol table")
	if err != nil {
		return Symbols{}, err
	}
	syms := Table[Sym](t)
	strs, err := f.StringTableAt(int(s.Link()))
	if err != nil {
		return Symbols{}, elf.Errorf(int64(s.Offset()), elf.ErrBadLink, "sh_link %d of symbol table section %d: %v", s.Link(), idx, err)
	}
	var shndx Table[Shndx]
	for _, x := range shdrs.All() {
		if x.Type() == elf.SHT_SYMTAB_SHNDX && int(x.Link()) == idx {
			t, err := f.sectionTable(x, ShndxSize, "SHT_SYMTAB_SHNDX")
			if err != nil {
				return Symbols{}, err
			}
			shndx = Table[Shndx](t)
			break
		}
	}
	return Symbols{table: syms, strings: strs, shndx: shndx, section: idx}, nil
}

// sectionTable returns the data of section s as a table of records of size
// bytes each, sh_entsize apart (size apart when sh_entsize is 0).
func (f *File) sectionTable(s Shdr, size int, what string) (Table[view], error) {
	b, err := f.SectionData(s)
	if err != nil {
		return Table[view]{}, err
	}
	stride := uint64(s.Entsize())
	if stride == 0 {
		stride = uint64(size)
	}
	if stride < uint64(size) {
		return Table[view]{}, elf.Errorf(int64(s.Offset()), elf.ErrBadEntSize, "%s: sh_entsize %d < %d", what, stride, size)
	}
	n := uint64(len(b)) / stride
	if rem := uint64(len(b)) - n*stride; rem >= uint64(size) {
		n++ // a last entry without trailing padding
	}
	return newTable[view](b, int(n), int(stride), size, f.big), nil
}

// DynamicSymbols returns the dynamic symbol table: the SHT_DYNSYM section,
// else DT_SYMTAB and DT_STRTAB from the dynamic table. Without a section the
// number of symbols comes from DT_HASH's nchain, else from walking
// DT_GNU_HASH, else from the distance between DT_SYMTAB and DT_STRTAB when
// the string table follows the symbols (as every linker lays them out). The
// error wraps elf.ErrNotFound when the file has no dynamic symbols.
func (f *File) DynamicSymbols() (Symbols, error) {
	var s Symbols
	var err error
	if f.noCache || f.size == 0 {
		s, err = f.dynamicSymbols()
	} else {
		s, err = f.cache.dynsym.get(f, (*File).dynamicSymbols)
	}
	s.hashed = true
	return s, err
}

func (f *File) dynamicSymbols() (Symbols, error) {
	if !f.image {
		syms, err := f.symbolSection(elf.SHT_DYNSYM)
		if err == nil || !isNotFound(err) {
			return syms, err
		}
	}
	dyn, err := f.Dynamic()
	if err != nil {
		return Symbols{}, err
	}
	addr, err := dynValue(dyn, elf.DT_SYMTAB)
	if err != nil {
		return Symbols{}, err
	}
	ent := uint64(SymSize)
	if e, ok := dynLookup(dyn, elf.DT_SYMENT); ok && uint64(e) >= SymSize {
		ent = uint64(e)
	}
	strs, err := f.dynTableStrings()
	if err != nil {
		return Symbols{}, err
	}
	n, err := f.dynSymCount(dyn, Addr(addr), ent)
	if err != nil {
		return Symbols{}, err
	}
	if n > f.size/ent { // n*ent would overflow or pass the end
		return Symbols{}, elf.Errorf(-1, elf.ErrTruncated, "dynamic symbol table of %d entries of %d bytes", n, ent)
	}
	b, err := f.AddrBytes(Addr(addr), n*ent)
	if err != nil {
		return Symbols{}, err
	}
	return Symbols{table: newTable[Sym](b, int(n), int(ent), SymSize, f.big), strings: strs, section: -1}, nil
}

// dynSymCount returns the number of dynamic symbols of a file without
// section headers. DT_HASH's nchain is the count. A DT_GNU_HASH table gives
// it only when some bucket is in use: the hashed symbols are the last ones,
// so the end of the longest chain is the end of the table; with every
// bucket empty (an executable that exports nothing) GNU ld still writes a
// symoffset of 1, and the count is not recorded anywhere. Then, and without
// any hash table, the table is taken to run up to the nearest table that
// the dynamic section places after it (linkers put .dynstr, .gnu.version
// or a hash table there), else to the end of its segment.
func (f *File) dynSymCount(dyn Table[Dyn], symtab Addr, ent uint64) (uint64, error) {
	if a, ok := dynLookup(dyn, elf.DT_HASH); ok {
		if b, err := f.addrToSegmentEnd(Addr(a)); err == nil {
			if h, err := NewSysVHashTable(b, f.hashEntSize(), f.big); err == nil {
				return uint64(h.NumChains()), nil
			}
		}
	}
	lower := uint64(0)
	if a, ok := dynLookup(dyn, elf.DT_GNU_HASH); ok {
		b, err := f.addrToSegmentEnd(Addr(a))
		if err != nil {
			return 0, err
		}
		h, err := NewGNUHashTable(b, f.big)
		if err != nil {
			return 0, err
		}
		n, err := h.SymbolCount()
		if err != nil || h.hashesSymbols() {
			return uint64(n), err
		}
		lower = uint64(n)
	}
	b, err := f.addrToSegmentEnd(symtab)
	if err != nil {
		return 0, err
	}
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return 0, err
	}
	symtab = f.linkAddr(phdrs, symtab)
	limit := uint64(len(b))
	for _, d := range dyn.All() {
		if a := f.linkAddr(phdrs, Addr(d.Val())); isTableAddr(d.Tag()) && a > symtab {
			limit = min(limit, uint64(a-symtab))
		}
	}
	return max(limit/ent, lower), nil
}

// isTableAddr reports whether a dynamic entry with tag holds the address
// of a table that linkers may place right after the dynamic symbols.
func isTableAddr(tag elf.DynTag) bool {
	switch tag {
	case elf.DT_STRTAB, elf.DT_HASH, elf.DT_GNU_HASH, elf.DT_VERSYM, elf.DT_VERDEF, elf.DT_VERNEED,
		elf.DT_RELA, elf.DT_REL, elf.DT_JMPREL, elf.DT_RELR, elf.DT_SYMTAB_SHNDX, elf.DT_PLTGOT,
		elf.DT_INIT, elf.DT_FINI, elf.DT_INIT_ARRAY, elf.DT_FINI_ARRAY, elf.DT_PREINIT_ARRAY:
		return true
	}
	return false
}

func isNotFound(err error) bool { return errors.Is(err, elf.ErrNotFound) }
