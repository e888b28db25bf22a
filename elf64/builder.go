package elf64

import (
	"github.com/elfkit/elf"
)

// Builder is the model of an ELF64 file to be written: the header fields,
// the sections with their bytes, the symbols, relocations, dynamic entries,
// versions and notes. Layout assigns offsets and addresses and derives
// everything that must agree (string tables, symbol order, sh_link and
// sh_info, hash tables, the dynamic table, version sections, program
// headers); WriteTo or WriteFile then writes the file.
//
// A Builder is made in one of two ways.
//
// From scratch (NewBuilder, or a Builder literal): the caller fills in the
// header fields, Sections, Symbols, DynSymbols, Relocs, Needed, Versions
// and so on, and Layout synthesizes every table section (.interp, notes,
// .hash, .gnu.hash, .dynsym, .dynstr, .gnu.version*, .rela.dyn or
// .rela<section>, .dynamic, .symtab, .symtab_shndx, .strtab, .shstrtab) and
// every program header (PT_PHDR, PT_INTERP, PT_LOAD, PT_DYNAMIC, PT_NOTE,
// PT_TLS, PT_GNU_STACK, PT_GNU_RELRO), in the order GNU ld uses.
//
// From a file (FromFile): every section, program header and byte of the
// file is loaded as it is, with its offset, and Layout keeps them where
// they are, so that WriteTo without edits writes the same bytes. Sections
// may then be edited; see FromFile for what Layout can move.
//
// The exported fields are the model. Layout writes the fields documented as
// set by Layout and never changes the others. A Builder is not safe for
// concurrent use.
type Builder struct {
	// BigEndian selects ELFDATA2MSB.
	BigEndian bool
	// OSABI is e_ident[EI_OSABI].
	OSABI elf.OSABI
	// ABIVersion is e_ident[EI_ABIVERSION].
	ABIVersion uint8
	// Type is e_type.
	Type elf.Type
	// Machine is e_machine.
	Machine elf.Machine
	// Flags is e_flags.
	Flags uint32
	// Entry is e_entry; when EntrySection is set it is an offset in that
	// section and e_entry is the section's address plus Entry.
	Entry        Addr
	EntrySection *OutSection

	// Base is the address of the ELF header (the first loaded byte) of an
	// ET_EXEC; zero means DefaultBase(Machine). Shared objects start at 0.
	Base Addr
	// MaxPageSize is the alignment of PT_LOAD segments (p_align); zero
	// means DefaultMaxPageSize(Machine).
	MaxPageSize uint64
	// RelocType is SHT_REL or SHT_RELA for the relocation sections Layout
	// makes; zero means the machine's usual one (DefaultRelocType).
	RelocType elf.SectionType
	// HashStyle selects the dynamic symbol hash tables; the zero value
	// makes both .hash and .gnu.hash.
	HashStyle HashStyle
	// AllowWX allows a PT_LOAD segment that is both writable and
	// executable; without it such a segment is a Layout error.
	AllowWX bool
	// ExecStack makes PT_GNU_STACK (or, in an ET_REL, .note.GNU-stack) ask
	// for an executable stack.
	ExecStack bool

	// Interp is the program interpreter (PT_INTERP, .interp), e.g.
	// "/lib64/ld-linux-x86-64.so.2". Empty for a static executable or a
	// shared object.
	Interp string
	// Sections are the caller's sections, in the order they should appear
	// among the sections of their kind. The synthesized sections are not
	// in this list (see SectionTable).
	Sections []*OutSection
	// Segments are extra program headers, after the ones Layout derives.
	// In a Builder from FromFile they are the whole program header table.
	Segments []*OutSegment
	// Symbols is the static symbol table (.symtab) without its null
	// symbol. Layout writes locals first, keeping the caller's order
	// otherwise. A file with no Symbols has no .symtab, except an ET_REL,
	// which always has one.
	Symbols []*OutSymbol
	// DynSymbols is the dynamic symbol table (.dynsym) without its null
	// symbol. Layout writes locals first, then undefined symbols, then the
	// defined ones in GNU hash bucket order.
	DynSymbols []*OutSymbol
	// Relocs are the relocations. In an ET_REL they go into one
	// .rela<section> (or .rel<section>) per patched section and refer to
	// Symbols; otherwise into .rela.dyn (.rel.dyn) and refer to DynSymbols.
	Relocs []OutReloc
	// Needed are the DT_NEEDED libraries, in order.
	Needed []string
	// Soname is DT_SONAME; it also names the base version definition.
	Soname string
	// Rpath and Runpath are DT_RPATH and DT_RUNPATH when not empty.
	Rpath, Runpath string
	// DynEntries are extra dynamic entries (DT_FLAGS, DT_FLAGS_1,
	// DT_INIT_ARRAY, ...), written after the derived ones.
	DynEntries []OutDyn
	// Versions are the version definitions (.gnu.version_d), without the
	// base definition, which Layout adds.
	Versions []OutVersion
	// Needs are the version requirements (.gnu.version_r), one per file.
	Needs []OutNeed
	// BuildID, when not empty, is the descriptor of an NT_GNU_BUILD_ID note
	// in .note.gnu.build-id.
	BuildID []byte
	// Notes are other notes, each in the SHT_NOTE section its Section
	// names.
	Notes []OutNote

	keep *original // FromFile: the file being edited
	lay  *layout   // the last successful Layout
	bw   bufWriter // WriteTo's buffer, kept for the next call
}

// HashStyle selects the dynamic symbol hash tables Layout makes.
type HashStyle uint8

// Hash table styles.
const (
	HashBoth HashStyle = iota // .hash and .gnu.hash
	HashGNU                   // .gnu.hash only
	HashSysV                  // .hash only
)

// OutSection is a section of a Builder.
type OutSection struct {
	Name  string
	Type  elf.SectionType
	Flags elf.SectionFlag
	// Addr is sh_addr, set by Layout for SHF_ALLOC sections of a file
	// built from scratch.
	Addr Addr
	// Offset is sh_offset, set by Layout.
	Offset Off
	// Size is sh_size. Layout sets it to len(Data) for every section that
	// occupies file bytes (all but SHT_NOBITS); for SHT_NOBITS the caller
	// sets it.
	Size Xword
	// Link is the section sh_link refers to; nil gives 0.
	Link *OutSection
	// Info is sh_info, unless InfoSection is set: then sh_info is that
	// section's index.
	Info        uint32
	InfoSection *OutSection
	// Addralign is sh_addralign; 0 and 1 mean no alignment.
	Addralign Xword
	// Entsize is sh_entsize.
	Entsize Xword
	// Data is the section's contents. The Builder does not copy it; it may
	// change between Layout and WriteTo, but not in size.
	Data []byte
	// RelRO places a writable section in the part of its segment that
	// PT_GNU_RELRO makes read-only after relocation.
	RelRO bool

	index   uint32       // section index, set by Layout
	lid     uint32       // place in Builder.Sections plus 1, set by Layout
	rawLink uint32       // sh_link when Link is nil (FromFile: out of range)
	orig    *origSection // FromFile: the section as read
}

// Index returns the section's index in the section header table, as of the
// last Layout (0 before).
func (s *OutSection) Index() uint32 { return s.index }

// OutSegment is a program header of a Builder.
type OutSegment struct {
	Type   elf.ProgType
	Flags  elf.ProgFlag
	Offset Off
	Vaddr  Addr
	Paddr  Addr
	Filesz Xword
	Memsz  Xword
	Align  Xword
	// Sections, when not empty, are the sections the segment covers; Layout
	// then sets Offset, Vaddr, Paddr, Filesz and Memsz of the program
	// header from them (and Align when it is zero).
	Sections []*OutSection
}

// OutSymbol is a symbol of a Builder's .symtab or .dynsym. The same symbol
// may be in both.
type OutSymbol struct {
	Name string
	// Value is an offset in Section when Section is set (st_value is the
	// section's address plus Value, or Value alone in an ET_REL), else
	// st_value itself.
	Value   Addr
	Size    Xword
	Bind    elf.SymBind
	Type    elf.SymType
	Other   uint8 // st_other: the visibility (elf.STV_*) and machine bits
	Section *OutSection
	// Shndx is st_shndx when Section is nil: SHN_UNDEF, SHN_ABS or
	// SHN_COMMON.
	Shndx elf.SectionIndex
	// Version is the symbol's version name in .dynsym: one of Versions for
	// a defined symbol, one of the versions of Needs for an undefined one;
	// empty for an unversioned symbol.
	Version string
	// Hidden marks a defined versioned symbol as a non-default version
	// (name@VERSION rather than name@@VERSION).
	Hidden bool

	symIndex uint32 // index in .symtab, set by Layout
	dynIndex uint32 // index in .dynsym, set by Layout
}

// SymIndex returns the symbol's index in .symtab as of the last Layout.
func (s *OutSymbol) SymIndex() uint32 { return s.symIndex }

// DynIndex returns the symbol's index in .dynsym as of the last Layout.
func (s *OutSymbol) DynIndex() uint32 { return s.dynIndex }

// OutReloc is a relocation of a Builder.
type OutReloc struct {
	// Section is the section the relocation patches; r_offset is its
	// address plus Offset (Offset alone in an ET_REL).
	Section *OutSection
	Offset  Addr
	// Symbol is the symbol; nil gives symbol index 0.
	Symbol *OutSymbol
	// Type is the machine's relocation type (elf.R_X86_64_PC32, ...).
	Type uint32
	// Addend is r_addend; when AddendSection is set, the addend written is
	// that section's address plus Addend (for R_*_RELATIVE and the like).
	// Relocations of type SHT_REL have no addend field: Addend must then be
	// 0 (the caller puts the implicit addend in the section's bytes).
	Addend        Sxword
	AddendSection *OutSection
}

// OutDyn is an extra dynamic entry. When Section is set, d_val is the
// section's address plus Val.
type OutDyn struct {
	Tag     elf.DynTag
	Val     Xword
	Section *OutSection
}

// OutVersion is a version definition.
type OutVersion struct {
	Name string
	// Flags is vd_flags (elf.VER_FLG_WEAK, ...).
	Flags elf.DynamicVersionFlag
	// Parents are the names of the versions this one inherits from (the
	// second and later Verdaux entries).
	Parents []string
}

// OutNeed is the set of versions required from one file.
type OutNeed struct {
	File     string // the file's DT_NEEDED name, e.g. "libc.so.6"
	Versions []OutNeedVersion
}

// OutNeedVersion is one required version.
type OutNeedVersion struct {
	Name  string
	Flags elf.DynamicVersionFlag // vna_flags (elf.VER_FLG_WEAK)
}

// OutNote is a note of a Builder.
type OutNote struct {
	// Section is the SHT_NOTE section that holds the note; empty means
	// ".note".
	Section string
	Name    string // the owner, e.g. "GNU"
	Type    uint32
	Desc    []byte
}

// NewBuilder returns a Builder for a file of type typ for machine m with the
// byte order of m's usual Linux ABI (big-endian for s390x, sparc, m68k,
// mips, hppa, ppc and ppc64; little-endian otherwise; set BigEndian to
// change it).
func NewBuilder(typ elf.Type, m elf.Machine) *Builder {
	b := &Builder{Type: typ, Machine: m}
	switch m {
	case elf.EM_S390, elf.EM_SPARC, elf.EM_SPARCV9, elf.EM_SPARC32PLUS, elf.EM_68K, elf.EM_MIPS, elf.EM_PPC, elf.EM_PPC64, elf.EM_PARISC:
		b.BigEndian = true
	}
	return b
}

// AddSection appends a section to b.Sections and returns it.
func (b *Builder) AddSection(name string, typ elf.SectionType, flags elf.SectionFlag, data []byte) *OutSection {
	s := &OutSection{Name: name, Type: typ, Flags: flags, Data: data, Addralign: 1}
	b.Sections = append(b.Sections, s)
	return s
}

// AddSymbol appends a symbol to b.Symbols and returns it.
func (b *Builder) AddSymbol(name string, bind elf.SymBind, typ elf.SymType, sec *OutSection, value Addr, size Xword) *OutSymbol {
	s := &OutSymbol{Name: name, Bind: bind, Type: typ, Section: sec, Value: value, Size: size}
	b.Symbols = append(b.Symbols, s)
	return s
}

// DefaultMaxPageSize returns the maximum page size GNU ld uses for m:
// 64 KiB on arm64, ppc, ppc64, mips, arm and loongarch, 4 KiB elsewhere.
func DefaultMaxPageSize(m elf.Machine) uint64 {
	switch m {
	case elf.EM_AARCH64, elf.EM_PPC64, elf.EM_PPC, elf.EM_MIPS, elf.EM_ARM, elf.EM_LOONGARCH:
		return 0x10000
	case elf.EM_SPARCV9:
		return 0x100000
	}
	return 0x1000
}

// DefaultBase returns the address GNU ld gives the first segment of an
// ET_EXEC for m.
func DefaultBase(m elf.Machine) Addr {
	switch m {
	case elf.EM_386:
		return 0x8048000
	case elf.EM_RISCV, elf.EM_ARM, elf.EM_LOONGARCH:
		return 0x10000
	case elf.EM_PPC, elf.EM_PPC64:
		return 0x10000000
	case elf.EM_S390:
		return 0x1000000
	}
	return 0x400000
}

// DefaultRelocType returns the relocation section type the psABI of m
// uses: SHT_REL for i386, arm and mips, SHT_RELA otherwise.
func DefaultRelocType(m elf.Machine) elf.SectionType {
	switch m {
	case elf.EM_386, elf.EM_ARM, elf.EM_MIPS, elf.EM_MIPS_RS3_LE:
		return elf.SHT_REL
	}
	return elf.SHT_RELA
}

// hashEntrySize is the size of a .hash word for machine m (8 on 64-bit
// s390 and alpha, 4 elsewhere).
func hashEntrySize(m elf.Machine) int {
	if wordSize == 8 && (m == elf.EM_S390 || m == elf.EM_ALPHA) {
		return 8
	}
	return 4
}
