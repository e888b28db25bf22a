package reloc

import (
	"encoding/binary"

	"github.com/elfkit/elf"
)

// Symbols resolves the symbol indexes of a relocation table to symbols:
// name, value and, for dynamic symbols, version. Make one per table with
// File.Symbols and use it for every entry; lookups allocate nothing.
type Symbols struct {
	tab     symbolTable // nil for a table without symbols
	n       int
	versym  []byte // SHT_GNU_versym entries, 2 bytes each; nil when unversioned
	big     bool
	names   []versionName // by version index
	dynamic bool
}

type versionName struct {
	name string
	def  bool
}

// Symbol is a symbol a relocation refers to.
type Symbol struct {
	Name    string // the symbol's name (see elf64.File for how long it is valid)
	Value   uint64 // st_value
	Size    uint64 // st_size
	Info    uint8  // st_info
	Other   uint8  // st_other
	Section uint32 // st_shndx, with SHN_XINDEX resolved
	// Version is the symbol's version name for a versioned dynamic symbol
	// whose version index is 2 or more, and "" otherwise.
	Version string
	// DefaultVersion reports that Version is defined by this file and is
	// the default version of the name (readelf's "name@@version"), rather
	// than a hidden one or one required from another file ("name@version").
	DefaultVersion bool
}

// Bind returns the symbol's binding.
func (s Symbol) Bind() elf.SymBind { return elf.ST_BIND(s.Info) }

// Type returns the symbol's type.
func (s Symbol) Type() elf.SymType { return elf.ST_TYPE(s.Info) }

// Symbols returns the symbols table t's entries refer to: the symbol table
// its sh_link names, or the dynamic symbols for a table from the dynamic
// segment. Versions are resolved for dynamic symbols. A table without
// symbols (RELR, sh_link 0, or a table from NewTable) gives an empty
// Symbols, whose lookups of any index but 0 fail.
func (f *File) Symbols(t Table) (Symbols, error) {
	s := Symbols{big: f.big}
	if t.kind == RELR {
		return s, nil
	}
	dynamic := t.dynamic
	if t.section < 0 && !dynamic {
		return s, nil // a table from NewTable
	}
	if !dynamic {
		if t.link == 0 {
			return s, nil
		}
		ls, err := f.section(int(t.link))
		if err != nil {
			return s, err
		}
		switch ls.typ {
		case elf.SHT_DYNSYM:
			dynamic = true
		case elf.SHT_SYMTAB:
		default:
			return s, elf.Errorf(t.off, elf.ErrBadLink, "sh_link %d of relocation section %d is %v, not a symbol table", t.link, t.section, ls.typ)
		}
	}
	tab, section, err := f.c.symbols(dynamic)
	if err == nil && !dynamic && section != int(t.link) {
		err = elf.Errorf(t.off, elf.ErrUnsupported, "relocation section %d uses symbol table %d, not the first SHT_SYMTAB", t.section, t.link)
	}
	s.tab, s.n = tab, tab.len()
	if err != nil {
		return Symbols{}, err
	}
	s.dynamic = dynamic
	if dynamic {
		if s.versym, s.names, err = f.c.versions(); err != nil {
			return Symbols{}, err
		}
	}
	return s, nil
}

// symbolTable is a symbol table of either class (symbols64, symbols32).
type symbolTable interface {
	len() int
	// symbol returns symbol i, without its version; value its st_value.
	// i is inside the table.
	symbol(i uint32) (Symbol, error)
	value(i uint32) uint64
}

// Len returns the number of symbols, including the null symbol 0.
func (s Symbols) Len() int { return s.n }

// Dynamic reports whether the symbols are the dynamic symbols.
func (s Symbols) Dynamic() bool { return s.dynamic }

// Symbol returns symbol i. Index 0 is the null symbol (all zero). The error
// wraps elf.ErrOutOfRange when i is past the table.
func (s Symbols) Symbol(i uint32) (Symbol, error) {
	if i == 0 {
		return Symbol{}, nil
	}
	if uint64(i) >= uint64(s.n) {
		return Symbol{}, elf.Errorf(-1, elf.ErrOutOfRange, "symbol index %d past the table of %d symbols", i, s.n)
	}
	sym, err := s.tab.symbol(i)
	if err != nil {
		return sym, err
	}
	if k := 2 * uint64(i); s.versym != nil && k+2 <= uint64(len(s.versym)) {
		var v uint16
		if s.big {
			v = binary.BigEndian.Uint16(s.versym[k:])
		} else {
			v = binary.LittleEndian.Uint16(s.versym[k:])
		}
		if ndx := int(v & 0x7fff); ndx >= 2 && ndx < len(s.names) {
			n := s.names[ndx]
			sym.Version = n.name
			sym.DefaultVersion = n.def && v&0x8000 == 0
		}
	}
	return sym, nil
}

// value returns the value a relocation against symbol i uses in a
// relocatable object: st_value.
func (s *Symbols) value(i uint32) (uint64, error) {
	if i == 0 {
		return 0, nil
	}
	if uint64(i) >= uint64(s.n) {
		return 0, elf.Errorf(-1, elf.ErrOutOfRange, "symbol index %d past the table of %d symbols", i, s.n)
	}
	return s.tab.value(i), nil
}
