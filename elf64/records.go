package elf64

import "github.com/elfkit/elf"

// Sizes of the records whose layout is the same in both classes.
const (
	NhdrSize    = 12
	VerdefSize  = 20
	VerdauxSize = 8
	VerneedSize = 16
	VernauxSize = 16
	VersymSize  = 2
	ShndxSize   = 4 // an SHT_SYMTAB_SHNDX entry
)

// Nhdr is a note header; the name and descriptor follow it, each padded to
// the note section's alignment.
type Nhdr view

// Namesz returns n_namesz (including the terminating NUL).
func (n Nhdr) Namesz() uint32 { return u32(n.b, 0, n.big) }

// Descsz returns n_descsz.
func (n Nhdr) Descsz() uint32 { return u32(n.b, 4, n.big) }

// Type returns n_type; its meaning depends on the note's name.
func (n Nhdr) Type() uint32 { return u32(n.b, 8, n.big) }

// Versym is an entry of SHT_GNU_versym: the version index of the symbol with
// the same index, and the hidden bit.
type Versym view

// Value returns the raw entry.
func (v Versym) Value() uint16 { return u16(v.b, 0, v.big) }

// Index returns the version index without the hidden bit.
func (v Versym) Index() uint16 { return v.Value() & 0x7fff }

// Hidden reports whether the hidden bit (0x8000) is set: the symbol is not
// the default version of its name.
func (v Versym) Hidden() bool { return v.Value()&0x8000 != 0 }

// Shndx is an entry of SHT_SYMTAB_SHNDX: the full section index of the
// symbol with the same index when its st_shndx is SHN_XINDEX.
type Shndx view

// Index returns the section index.
func (s Shndx) Index() uint32 { return u32(s.b, 0, s.big) }

// Verdef is a version definition (Elf_Verdef).
type Verdef view

// Version returns vd_version.
func (v Verdef) Version() uint16 { return u16(v.b, 0, v.big) }

// Flags returns vd_flags.
func (v Verdef) Flags() elf.DynamicVersionFlag { return elf.DynamicVersionFlag(u16(v.b, 2, v.big)) }

// Ndx returns vd_ndx, the version index that Versym entries refer to.
func (v Verdef) Ndx() uint16 { return u16(v.b, 4, v.big) }

// Cnt returns vd_cnt, the number of Verdaux entries.
func (v Verdef) Cnt() uint16 { return u16(v.b, 6, v.big) }

// Hash returns vd_hash, the SysV hash of the version name.
func (v Verdef) Hash() uint32 { return u32(v.b, 8, v.big) }

// Aux returns vd_aux, the offset from this entry to its first Verdaux.
func (v Verdef) Aux() uint32 { return u32(v.b, 12, v.big) }

// Next returns vd_next, the offset from this entry to the next, 0 at the end.
func (v Verdef) Next() uint32 { return u32(v.b, 16, v.big) }

// Verdaux is a version definition's name entry (Elf_Verdaux).
type Verdaux view

// Name returns vda_name, the offset of the name in the string table.
func (v Verdaux) Name() uint32 { return u32(v.b, 0, v.big) }

// Next returns vda_next, the offset to the next Verdaux, 0 at the end.
func (v Verdaux) Next() uint32 { return u32(v.b, 4, v.big) }

// Verneed is a version requirement on one file (Elf_Verneed).
type Verneed view

// Version returns vn_version.
func (v Verneed) Version() uint16 { return u16(v.b, 0, v.big) }

// Cnt returns vn_cnt, the number of Vernaux entries.
func (v Verneed) Cnt() uint16 { return u16(v.b, 2, v.big) }

// File returns vn_file, the offset of the file name in the string table.
func (v Verneed) File() uint32 { return u32(v.b, 4, v.big) }

// Aux returns vn_aux, the offset from this entry to its first Vernaux.
func (v Verneed) Aux() uint32 { return u32(v.b, 8, v.big) }

// Next returns vn_next, the offset to the next Verneed, 0 at the end.
func (v Verneed) Next() uint32 { return u32(v.b, 12, v.big) }

// Vernaux is one required version of a file (Elf_Vernaux).
type Vernaux view

// Hash returns vna_hash, the SysV hash of the version name.
func (v Vernaux) Hash() uint32 { return u32(v.b, 0, v.big) }

// Flags returns vna_flags.
func (v Vernaux) Flags() elf.DynamicVersionFlag { return elf.DynamicVersionFlag(u16(v.b, 4, v.big)) }

// Other returns vna_other, the version index that Versym entries refer to.
func (v Vernaux) Other() uint16 { return u16(v.b, 6, v.big) }

// Name returns vna_name, the offset of the name in the string table.
func (v Vernaux) Name() uint32 { return u32(v.b, 8, v.big) }

// Next returns vna_next, the offset to the next Vernaux, 0 at the end.
func (v Vernaux) Next() uint32 { return u32(v.b, 12, v.big) }
