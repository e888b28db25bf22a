package sym

import (
	"bytes"
	"encoding/binary"
	"iter"
	"sync"
	"unsafe"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
)

// File is the set of file types the constructors accept: a file or memory
// image of either class. Code generic over File calls Dynamic, Static and
// NewSymbolizer once and gets the same class-neutral types back.
type File interface {
	*elf64.File | *elf32.File
}

// Table is one symbol table of a file of either class - the dynamic one
// (.dynsym, with its hash tables and symbol versions) or the static one
// (.symtab) - read in place. It decodes records itself from the table's
// bytes, so no call goes through an interface or a per-class dictionary per
// symbol; the class is a layout chosen once, when the Table is made.
//
// Strings in results (names, version names) point into the file's bytes
// and are valid as long as those are (see elf64.File). A Table is safe for
// concurrent use.
type Table struct {
	syms    []byte // the records, stride apart
	n       int    // number of records, including the null symbol
	stride  int
	is64    bool
	big     bool
	strtab  []byte
	shndx   []byte     // SHT_SYMTAB_SHNDX words, 4 bytes per symbol; may be empty
	versym  []byte     // 2 bytes per symbol; empty when unversioned
	defs    []verEntry // version definitions, sorted by index
	dynamic bool
	section int // the table's section index, -1 when found through PT_DYNAMIC
	machine elf.Machine
	flags   uint32 // e_flags

	gnu  gnuHash
	sysv sysvHash

	// The version requirements are read on first use: a lookup does not
	// need them, and in a large library they are spread over several
	// pages that opening and looking up would otherwise fault in.
	src       source
	needsOnce sync.Once
	needs     []verEntry // version requirements, sorted by index
}

// source is the class-specific reader a Table was made from, for what it
// reads on first use. Its implementations hold one pointer, so storing one
// in a Table does not allocate.
type source interface {
	requirements() []verEntry
}

// newTable allocates a Table with room for n version definitions in the
// same allocation when n is not large.
func newTable(n int) *Table {
	var t *Table
	var v []verEntry
	switch {
	case n == 0:
		return new(Table)
	case n <= 2: // a vDSO: its own name and one version
		x := new(struct {
			Table
			v [2]verEntry
		})
		t, v = &x.Table, x.v[:0]
	case n <= 8:
		x := new(struct {
			Table
			v [8]verEntry
		})
		t, v = &x.Table, x.v[:0]
	case n <= 32:
		x := new(struct {
			Table
			v [32]verEntry
		})
		t, v = &x.Table, x.v[:0]
	default:
		t, v = new(Table), make([]verEntry, 0, n)
	}
	t.defs = v
	return t
}

// Record layout of the two classes. Only st_name is at the same place.
const (
	sym64Size  = 24
	sym32Size  = 16
	sym64Info  = 4
	sym32Info  = 12
	sym64Shndx = 6
	sym32Shndx = 14
)

// Dynamic returns the dynamic symbol table of f (.dynsym, or DT_SYMTAB when
// there are no section headers) with the versions and hash tables that
// lookups use. The hash tables are optional: when both are absent or
// malformed, lookups scan the table. The error wraps elf.ErrNotFound when
// the file has no dynamic symbols.
func Dynamic[F File](f F) (*Table, error) {
	switch f := any(f).(type) {
	case *elf64.File:
		return class64{f}.dynamic()
	case *elf32.File:
		return class32{f}.dynamic()
	}
	return nil, errNilFile
}

// Static returns the static symbol table of f (.symtab). Its symbols have
// no versions and no hash table: lookups scan it. The error wraps
// elf.ErrNotFound when the file has none (a stripped file).
func Static[F File](f F) (*Table, error) {
	switch f := any(f).(type) {
	case *elf64.File:
		return class64{f}.static()
	case *elf32.File:
		return class32{f}.static()
	}
	return nil, errNilFile
}

var errNilFile = elf.Errorf(-1, elf.ErrNotFound, "file")

// setRecords sets the symbol records: n records in b, of the class's size,
// with their string table and SHT_SYMTAB_SHNDX words.
func (t *Table) setRecords(b []byte, n int, is64, big bool, strtab, shndx []byte) {
	size := sym32Size
	if is64 {
		size = sym64Size
	}
	t.syms, t.n, t.is64, t.big, t.strtab, t.shndx = b, n, is64, big, strtab, shndx
	t.stride = size
	if n >= 2 {
		// The table's bytes end with its last record, so the stride (the
		// section's sh_entsize) is what spaces the other n-1 records.
		t.stride = (len(b) - size) / (n - 1)
	}
	if n > 0 && (t.stride < size || (n-1)*t.stride+size > len(b)) {
		t.n = 0 // cannot happen with tables from elf64/elf32; stay safe
	}
}

// Len returns the number of symbols, including the null symbol at index 0.
func (t *Table) Len() int { return t.n }

// IsDynamic reports whether t is a dynamic symbol table, whose lookups follow
// the dynamic loader's rules.
func (t *Table) IsDynamic() bool { return t.dynamic }

// Section returns the index of the section that holds the table, or -1 when
// it was found through the dynamic segment.
func (t *Table) Section() int { return t.section }

// Class returns the ELF class of the file the table is in.
func (t *Table) Class() elf.Class {
	if t.is64 {
		return elf.ELFCLASS64
	}
	return elf.ELFCLASS32
}

// Machine returns e_machine of the file the table is in.
func (t *Table) Machine() elf.Machine { return t.machine }

// Hash returns the kind of hash table lookups use: elf.SHT_GNU_HASH,
// elf.SHT_HASH, or elf.SHT_NULL when they scan the table.
func (t *Table) Hash() elf.SectionType {
	switch {
	case t.gnu.ok:
		return elf.SHT_GNU_HASH
	case t.sysv.ok:
		return elf.SHT_HASH
	}
	return elf.SHT_NULL
}

// rec returns the bytes of record i; i must be in [0, n).
func (t *Table) rec(i int) []byte {
	off, size := i*t.stride, t.recSize()
	return t.syms[off : off+size : off+size]
}

func (t *Table) recSize() int {
	if t.is64 {
		return sym64Size
	}
	return sym32Size
}

func (t *Table) u16(b []byte) uint16 {
	if t.big {
		return binary.BigEndian.Uint16(b)
	}
	return binary.LittleEndian.Uint16(b)
}

func (t *Table) u32(b []byte) uint32 {
	if t.big {
		return binary.BigEndian.Uint32(b)
	}
	return binary.LittleEndian.Uint32(b)
}

func (t *Table) u64(b []byte) uint64 {
	if t.big {
		return binary.BigEndian.Uint64(b)
	}
	return binary.LittleEndian.Uint64(b)
}

// Field accessors of a record from rec.
func (t *Table) stName(r []byte) uint32 { return t.u32(r[0:4]) }

func (t *Table) stInfo(r []byte) uint8 {
	if t.is64 {
		return r[sym64Info]
	}
	return r[sym32Info]
}

func (t *Table) stOther(r []byte) uint8 {
	if t.is64 {
		return r[sym64Info+1]
	}
	return r[sym32Info+1]
}

func (t *Table) stShndx(r []byte) elf.SectionIndex {
	if t.is64 {
		return elf.SectionIndex(t.u16(r[sym64Shndx : sym64Shndx+2]))
	}
	return elf.SectionIndex(t.u16(r[sym32Shndx : sym32Shndx+2]))
}

func (t *Table) stValue(r []byte) uint64 {
	if t.is64 {
		return t.u64(r[8:16])
	}
	return uint64(t.u32(r[4:8]))
}

func (t *Table) stSize(r []byte) uint64 {
	if t.is64 {
		return t.u64(r[16:24])
	}
	return uint64(t.u32(r[8:12]))
}

// name returns the NUL-terminated string at offset off of the string
// table, or "" when it is not inside the table.
func (t *Table) name(off uint32) string {
	if uint64(off) >= uint64(len(t.strtab)) {
		return ""
	}
	s := t.strtab[off:]
	n := bytes.IndexByte(s, 0)
	if n <= 0 {
		return ""
	}
	return unsafe.String(&s[0], n)
}

// nameIs reports whether the string at offset off is name.
func (t *Table) nameIs(off uint32, name string) bool {
	end := uint64(off) + uint64(len(name))
	if end >= uint64(len(t.strtab)) {
		return false
	}
	return t.strtab[end] == 0 && string(t.strtab[off:end]) == name
}

// versymAt returns the Versym entry of symbol i and whether there is one.
func (t *Table) versymAt(i int) (uint16, bool) {
	off := 2 * i
	if off+2 > len(t.versym) || off < 0 {
		return 0, false
	}
	return t.u16(t.versym[off : off+2]), true
}

// Symbol is a symbol with its name and version, decoded from a table of
// either class.
type Symbol struct {
	Name    string           // the name, a view of the file's string table
	Value   uint64           // st_value as stored (for a Thumb function, with bit 0 set)
	Size    uint64           // st_size
	Info    uint8            // st_info: binding and type
	Other   uint8            // st_other: visibility
	Section elf.SectionIndex // st_shndx, with SHN_XINDEX replaced by the index it stands for
	Index   int              // the symbol's index in its table
	Version Version          // the symbol's version; the zero Version when it has none
}

// Bind returns the symbol's binding.
func (s Symbol) Bind() elf.SymBind { return elf.ST_BIND(s.Info) }

// Type returns the symbol's type.
func (s Symbol) Type() elf.SymType { return elf.ST_TYPE(s.Info) }

// Visibility returns the symbol's visibility.
func (s Symbol) Visibility() elf.SymVis { return elf.ST_VISIBILITY(s.Other) }

// Defined reports whether the symbol is defined in its file (st_shndx is
// not SHN_UNDEF).
func (s Symbol) Defined() bool { return s.Section != elf.SHN_UNDEF }

// String returns the name followed by the version the way readelf -W
// prints it: "memcpy@@GLIBC_2.14", "memcpy@GLIBC_2.2.5",
// "puts@GLIBC_2.2.5 (2)", or the bare name. Like readelf, it leaves out the
// version of the symbol that names a version definition ("GLIBC_2.2.5"
// rather than "GLIBC_2.2.5@@GLIBC_2.2.5").
func (s Symbol) String() string {
	if s.Name == s.Version.Name && !s.Version.Needed {
		return s.Name
	}
	return s.Name + s.Version.String()
}

// At returns symbol i with its name and version. An i outside [0, Len())
// gives the zero Symbol with Index i.
func (t *Table) At(i int) Symbol {
	if uint(i) >= uint(t.n) {
		return Symbol{Index: i}
	}
	return t.symbol(i, t.rec(i), "")
}

// All iterates over the symbols in table order, with names and versions,
// starting with the null symbol at index 0.
func (t *Table) All() iter.Seq2[int, Symbol] {
	return func(yield func(int, Symbol) bool) {
		for i := 0; i < t.n; i++ {
			if !yield(i, t.symbol(i, t.rec(i), "")) {
				return
			}
		}
	}
}

// symbol decodes record r of symbol i. name, when not empty, is the name
// already known to be the record's.
func (t *Table) symbol(i int, r []byte, name string) Symbol {
	off := t.stName(r)
	if name != "" {
		name = unsafe.String(&t.strtab[off], len(name))
	} else {
		name = t.name(off)
	}
	return t.decode(i, r, name)
}

// symbolNamed decodes record r of symbol i, whose name is known to be n
// bytes long.
func (t *Table) symbolNamed(i int, r []byte, n uint32) Symbol {
	var name string
	if n > 0 {
		name = unsafe.String(&t.strtab[t.stName(r)], n)
	}
	return t.decode(i, r, name)
}

// decode decodes record r of symbol i, named name.
func (t *Table) decode(i int, r []byte, name string) Symbol {
	s := Symbol{
		Name:    name,
		Value:   t.stValue(r),
		Size:    t.stSize(r),
		Info:    t.stInfo(r),
		Other:   t.stOther(r),
		Section: t.stShndx(r),
		Index:   i,
	}
	if s.Section == elf.SHN_XINDEX {
		if o := 4 * i; o >= 0 && o+4 <= len(t.shndx) {
			s.Section = elf.SectionIndex(t.u32(t.shndx[o : o+4]))
		}
	}
	if len(t.versym) > 0 {
		s.Version = t.version(i, s.Section != elf.SHN_UNDEF)
	}
	return s
}
