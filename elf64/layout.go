package elf64

// This file is the only one written by hand for each class: the sizes and
// field offsets of the class-dependent records, the word types and the
// r_info packing. Everything else in elf32 is generated from elf64.

import (
	"encoding/binary"

	"github.com/elfkit/elf"
)

// Word types of the ELF64 specification.
type (
	Addr   uint64 // program address
	Off    uint64 // file offset
	Xword  uint64 // unsigned class-sized word (sizes, flags)
	Sxword int64  // signed class-sized word (addends, tags)
)

// Class is the ELF class this package reads.
const Class = elf.ELFCLASS64

// Record sizes of ELF64.
const (
	EhdrSize = 64
	PhdrSize = 56
	ShdrSize = 64
	SymSize  = 24
	DynSize  = 16
	RelSize  = 16
	RelaSize = 24
	ChdrSize = 24
	wordSize = 8
)

func word(b []byte, off int, big bool) uint64 { return u64(b, off, big) }

// Ehdr is the ELF file header.
type Ehdr view

// Ident returns the 16 bytes of e_ident.
func (h Ehdr) Ident() []byte {
	if len(h.b) < elf.EI_NIDENT {
		return nil
	}
	return h.b[:elf.EI_NIDENT:elf.EI_NIDENT]
}

// Type returns e_type.
func (h Ehdr) Type() elf.Type { return elf.Type(u16(h.b, 16, h.big)) }

// Machine returns e_machine.
func (h Ehdr) Machine() elf.Machine { return elf.Machine(u16(h.b, 18, h.big)) }

// Version returns e_version.
func (h Ehdr) Version() uint32 { return u32(h.b, 20, h.big) }

// Entry returns e_entry.
func (h Ehdr) Entry() Addr { return Addr(u64(h.b, 24, h.big)) }

// Phoff returns e_phoff.
func (h Ehdr) Phoff() Off { return Off(u64(h.b, 32, h.big)) }

// Shoff returns e_shoff.
func (h Ehdr) Shoff() Off { return Off(u64(h.b, 40, h.big)) }

// Flags returns e_flags.
func (h Ehdr) Flags() uint32 { return u32(h.b, 48, h.big) }

// Ehsize returns e_ehsize.
func (h Ehdr) Ehsize() uint16 { return u16(h.b, 52, h.big) }

// Phentsize returns e_phentsize.
func (h Ehdr) Phentsize() uint16 { return u16(h.b, 54, h.big) }

// Phnum returns e_phnum as stored (PN_XNUM when the count is in section 0).
func (h Ehdr) Phnum() uint16 { return u16(h.b, 56, h.big) }

// Shentsize returns e_shentsize.
func (h Ehdr) Shentsize() uint16 { return u16(h.b, 58, h.big) }

// Shnum returns e_shnum as stored (0 when the count is in section 0).
func (h Ehdr) Shnum() uint16 { return u16(h.b, 60, h.big) }

// Shstrndx returns e_shstrndx as stored (SHN_XINDEX when it is in section 0).
func (h Ehdr) Shstrndx() uint16 { return u16(h.b, 62, h.big) }

// Phdr is a program header.
type Phdr view

// Type returns p_type.
func (p Phdr) Type() elf.ProgType { return elf.ProgType(u32(p.b, 0, p.big)) }

// Flags returns p_flags.
func (p Phdr) Flags() elf.ProgFlag { return elf.ProgFlag(u32(p.b, 4, p.big)) }

// Offset returns p_offset.
func (p Phdr) Offset() Off { return Off(u64(p.b, 8, p.big)) }

// Vaddr returns p_vaddr.
func (p Phdr) Vaddr() Addr { return Addr(u64(p.b, 16, p.big)) }

// Paddr returns p_paddr.
func (p Phdr) Paddr() Addr { return Addr(u64(p.b, 24, p.big)) }

// Filesz returns p_filesz.
func (p Phdr) Filesz() Xword { return Xword(u64(p.b, 32, p.big)) }

// Memsz returns p_memsz.
func (p Phdr) Memsz() Xword { return Xword(u64(p.b, 40, p.big)) }

// Align returns p_align.
func (p Phdr) Align() Xword { return Xword(u64(p.b, 48, p.big)) }

// Shdr is a section header.
type Shdr view

// Name returns sh_name, the offset of the name in the section name table.
func (s Shdr) Name() uint32 { return u32(s.b, 0, s.big) }

// Type returns sh_type.
func (s Shdr) Type() elf.SectionType { return elf.SectionType(u32(s.b, 4, s.big)) }

// Flags returns sh_flags.
func (s Shdr) Flags() elf.SectionFlag { return elf.SectionFlag(u64(s.b, 8, s.big)) }

// Addr returns sh_addr.
func (s Shdr) Addr() Addr { return Addr(u64(s.b, 16, s.big)) }

// Offset returns sh_offset.
func (s Shdr) Offset() Off { return Off(u64(s.b, 24, s.big)) }

// Size returns sh_size.
func (s Shdr) Size() Xword { return Xword(u64(s.b, 32, s.big)) }

// Link returns sh_link.
func (s Shdr) Link() uint32 { return u32(s.b, 40, s.big) }

// Info returns sh_info.
func (s Shdr) Info() uint32 { return u32(s.b, 44, s.big) }

// Addralign returns sh_addralign.
func (s Shdr) Addralign() Xword { return Xword(u64(s.b, 48, s.big)) }

// Entsize returns sh_entsize.
func (s Shdr) Entsize() Xword { return Xword(u64(s.b, 56, s.big)) }

// Sym is a symbol table entry.
type Sym view

// Name returns st_name, the offset of the name in the string table.
func (s Sym) Name() uint32 { return u32(s.b, 0, s.big) }

// Info returns st_info (binding and type).
func (s Sym) Info() uint8 { return u8(s.b, 4) }

// Other returns st_other (visibility and machine bits).
func (s Sym) Other() uint8 { return u8(s.b, 5) }

// Shndx returns st_shndx as stored (SHN_XINDEX when the index is in the
// SHT_SYMTAB_SHNDX section; see Symbols.SectionIndex).
func (s Sym) Shndx() elf.SectionIndex { return elf.SectionIndex(u16(s.b, 6, s.big)) }

// Value returns st_value.
func (s Sym) Value() Addr { return Addr(u64(s.b, 8, s.big)) }

// Size returns st_size.
func (s Sym) Size() Xword { return Xword(u64(s.b, 16, s.big)) }

// Dyn is a dynamic table entry.
type Dyn view

// Tag returns d_tag.
func (d Dyn) Tag() elf.DynTag { return elf.DynTag(int64(u64(d.b, 0, d.big))) }

// Val returns d_un (d_val or d_ptr).
func (d Dyn) Val() Xword { return Xword(u64(d.b, 8, d.big)) }

// Rel is a relocation without addend.
type Rel view

// Offset returns r_offset.
func (r Rel) Offset() Addr { return Addr(u64(r.b, 0, r.big)) }

// Info returns r_info.
func (r Rel) Info() Xword { return Xword(u64(r.b, 8, r.big)) }

// Sym returns the symbol index packed in r_info.
func (r Rel) Sym() uint32 { return uint32(r.Info() >> 32) }

// Type returns the relocation type packed in r_info.
func (r Rel) Type() uint32 { return uint32(r.Info()) }

// Rela is a relocation with an explicit addend.
type Rela view

// Offset returns r_offset.
func (r Rela) Offset() Addr { return Addr(u64(r.b, 0, r.big)) }

// Info returns r_info.
func (r Rela) Info() Xword { return Xword(u64(r.b, 8, r.big)) }

// Addend returns r_addend.
func (r Rela) Addend() Sxword { return Sxword(int64(u64(r.b, 16, r.big))) }

// Sym returns the symbol index packed in r_info.
func (r Rela) Sym() uint32 { return uint32(r.Info() >> 32) }

// Type returns the relocation type packed in r_info.
func (r Rela) Type() uint32 { return uint32(r.Info()) }

// RInfo packs a symbol index and a relocation type into r_info.
func RInfo(sym, typ uint32) Xword { return Xword(sym)<<32 | Xword(typ) }

// Chdr is the header at the start of an SHF_COMPRESSED section.
type Chdr view

// Type returns ch_type.
func (c Chdr) Type() elf.CompressionType { return elf.CompressionType(u32(c.b, 0, c.big)) }

// Size returns ch_size, the size of the uncompressed data.
func (c Chdr) Size() Xword { return Xword(u64(c.b, 8, c.big)) }

// Addralign returns ch_addralign.
func (c Chdr) Addralign() Xword { return Xword(u64(c.b, 16, c.big)) }

// The writers below serialize the class-dependent records for the Builder.
// Each writes one record at the start of b, which must be long enough;
// values wider than the class's fields have been rejected by Layout.

// putEhdr writes the ELF header fields after e_ident.
func putEhdr(b []byte, big bool, h *ehdrFields) {
	_ = b[EhdrSize-1]
	p16(b[16:], uint16(h.typ), big)
	p16(b[18:], uint16(h.machine), big)
	p32(b[20:], h.version, big)
	p64(b[24:], h.entry, big)
	p64(b[32:], h.phoff, big)
	p64(b[40:], h.shoff, big)
	p32(b[48:], h.flags, big)
	p16(b[52:], h.ehsize, big)
	p16(b[54:], h.phentsize, big)
	p16(b[56:], h.phnum, big)
	p16(b[58:], h.shentsize, big)
	p16(b[60:], h.shnum, big)
	p16(b[62:], h.shstrndx, big)
}

// putPhdr writes a program header.
func putPhdr(b []byte, big bool, typ, flags uint32, off, vaddr, paddr, filesz, memsz, align uint64) {
	_ = b[PhdrSize-1]
	p32(b[0:], typ, big)
	p32(b[4:], flags, big)
	p64(b[8:], off, big)
	p64(b[16:], vaddr, big)
	p64(b[24:], paddr, big)
	p64(b[32:], filesz, big)
	p64(b[40:], memsz, big)
	p64(b[48:], align, big)
}

// putShdr writes a section header.
func putShdr(b []byte, big bool, name, typ uint32, flags, addr, off, size uint64, link, info uint32, align, entsize uint64) {
	_ = b[ShdrSize-1]
	p32(b[0:], name, big)
	p32(b[4:], typ, big)
	p64(b[8:], flags, big)
	p64(b[16:], addr, big)
	p64(b[24:], off, big)
	p64(b[32:], size, big)
	p32(b[40:], link, big)
	p32(b[44:], info, big)
	p64(b[48:], align, big)
	p64(b[56:], entsize, big)
}

// putSym writes a symbol table entry.
func putSym(b []byte, big bool, name uint32, info, other uint8, shndx uint16, value, size uint64) {
	_ = b[SymSize-1]
	p32(b[0:], name, big)
	b[4] = info
	b[5] = other
	p16(b[6:], shndx, big)
	p64(b[8:], value, big)
	p64(b[16:], size, big)
}

// putDyn writes a dynamic entry.
func putDyn(b []byte, big bool, tag int64, val uint64) {
	_ = b[DynSize-1]
	p64(b[0:], uint64(tag), big)
	p64(b[8:], val, big)
}

// putRel writes a relocation without addend.
func putRel(b []byte, big bool, off uint64, sym, typ uint32) {
	_ = b[RelSize-1]
	p64(b[0:], off, big)
	p64(b[8:], uint64(RInfo(sym, typ)), big)
}

// putRela writes a relocation with addend.
func putRela(b []byte, big bool, off uint64, sym, typ uint32, addend int64) {
	_ = b[RelaSize-1]
	p64(b[0:], off, big)
	p64(b[8:], uint64(RInfo(sym, typ)), big)
	p64(b[16:], uint64(addend), big)
}

// putWord writes a class-sized word.
func putWord(b []byte, big bool, v uint64) { p64(b, v, big) }

// putSymRecs writes the symbol table entries of recs into dst, one after
// the other; a symbol in a section gets the section's values from secs.
func putSymRecs(dst []byte, big bool, recs []symRec, secs []secValue) {
	_ = dst[len(recs)*SymSize-1]
	if big {
		for i := range recs {
			r := &recs[i]
			value, shndx := r.value, r.shndx
			if r.sec != 0 {
				x := secs[r.sec]
				value += x.addr
				shndx = x.shndx
			}
			d := dst[i*SymSize : i*SymSize+SymSize]
			binary.BigEndian.PutUint32(d[0:], r.name)
			d[4] = r.info
			d[5] = r.other
			binary.BigEndian.PutUint16(d[6:], shndx)
			binary.BigEndian.PutUint64(d[8:], value)
			binary.BigEndian.PutUint64(d[16:], r.size)
		}
		return
	}
	for i := range recs {
		r := &recs[i]
		value, shndx := r.value, r.shndx
		if r.sec != 0 {
			x := secs[r.sec]
			value += x.addr
			shndx = x.shndx
		}
		d := dst[i*SymSize : i*SymSize+SymSize]
		binary.LittleEndian.PutUint32(d[0:], r.name)
		d[4] = r.info
		d[5] = r.other
		binary.LittleEndian.PutUint16(d[6:], shndx)
		binary.LittleEndian.PutUint64(d[8:], value)
		binary.LittleEndian.PutUint64(d[16:], r.size)
	}
}
