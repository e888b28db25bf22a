package vdso

// The class-specific part of the package, for ELF64. zimage32.go is
// generated from image64.go by go generate (internal/classgen): keep here only
// what depends on the class, and the rest in the class-neutral files.
//
// An image is read with elf64's record views over its bytes and nothing
// else: one walk of the program headers, one of the dynamic table, and the
// tables those name, each found by its address. A File would find the same
// tables, but walks the headers again for each one it is asked for, and the
// first lookup in a process pays for every walk.

import (
	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/sym"
)

// headers64 returns the ELF header and the program header table at the
// start of b.
func headers64(b []byte, big bool) (elf64.Ehdr, elf64.Table[elf64.Phdr], error) {
	hs, err := elf64.NewTable[elf64.Ehdr](b, 1, elf64.EhdrSize, big)
	if err != nil {
		return elf64.Ehdr{}, elf64.Table[elf64.Phdr]{}, err
	}
	h := hs.At(0)
	if v := h.Version(); v != uint32(elf.EV_CURRENT) {
		return h, elf64.Table[elf64.Phdr]{}, elf.Errorf(20, elf.ErrBadVersion, "e_version %d", v)
	}
	phoff, phnum, phent := uint64(h.Phoff()), int(h.Phnum()), int(h.Phentsize())
	if phnum == 0 || phnum == int(elf.PN_XNUM) || phent < elf64.PhdrSize || phoff > uint64(len(b)) {
		return h, elf64.Table[elf64.Phdr]{}, elf.Errorf(0, elf.ErrOutOfRange, "program header table: e_phoff %#x, e_phnum %d, e_phentsize %d", phoff, phnum, phent)
	}
	phdrs, err := elf64.NewTable[elf64.Phdr](b[phoff:], phnum, phent, big)
	if err != nil {
		return h, phdrs, elf.Errorf(int64(phoff), elf.ErrTruncated, "program header table: %v", err)
	}
	return h, phdrs, nil
}

// extent64 returns how many bytes, from its ELF header on, an ELF64 image
// occupies according to its own headers: up to the end of the program
// header table, of the file bytes of every PT_LOAD segment (max of
// p_offset + p_filesz), and of the section header table when that lies
// inside the pages the PT_LOAD segments occupy (the kernel maps the vDSO
// whole, section headers included, but nothing promises more than those
// pages). first holds the image's first bytes, up to the end of its first
// page, whose size is page: the ELF header and the program header table
// must lie inside them.
func extent64(first []byte, page uint64, big bool) (uint64, error) {
	h, phdrs, err := headers64(first, big)
	if err != nil {
		return 0, err
	}
	phoff := uint64(h.Phoff())
	end := max(phoff+uint64(phdrs.Len()*int(h.Phentsize())), elf64.EhdrSize)
	// The kernel maps the vDSO file whole, and its one PT_LOAD segment has
	// p_vaddr == p_offset, so its file bytes end at p_offset + p_filesz
	// both in the file and in memory. An image laid out by its PT_LOAD
	// segments, as NewImage reads it, has a segment's bytes at p_vaddr
	// less the first segment's p_vaddr - p_offset: take both ends, for
	// images whose segments are not all the same distance from their
	// offsets.
	var loadEnd, delta uint64
	found := false
	for i := range phdrs.Len() {
		p := phdrs.At(i)
		if p.Type() != elf.PT_LOAD {
			continue
		}
		off, vaddr, size := uint64(p.Offset()), uint64(p.Vaddr()), uint64(p.Filesz())
		if !found {
			delta, found = vaddr-off, true
		}
		at := vaddr - delta // where the segment is in the layout
		if off > maxImageSize || at > maxImageSize || size > maxImageSize-max(off, at) {
			return 0, elf.Errorf(int64(phoff), elf.ErrTooLarge, "PT_LOAD segment at offset %#x, address %#x of %#x bytes", off, vaddr, size)
		}
		loadEnd = max(loadEnd, off+size, at+size)
	}
	if !found {
		return 0, elf.Errorf(int64(phoff), elf.ErrNotFound, "PT_LOAD segment")
	}
	end = max(end, loadEnd)
	mapped := (loadEnd + page - 1) / page * page
	shoff, shnum, shent := uint64(h.Shoff()), uint64(h.Shnum()), uint64(h.Shentsize())
	if shoff != 0 && shnum != 0 && shent >= elf64.ShdrSize && shoff <= mapped && shnum*shent <= mapped-shoff {
		end = max(end, shoff+shnum*shent)
	}
	return end, nil
}

// layout64 finds the bytes of a virtual address in an image laid out by
// its PT_LOAD segments: address v is at b[v - (p_vaddr - p_offset)] of the
// first PT_LOAD segment, for v >= that segment's p_vaddr. It is the rule of
// elf64.File.AddrBytes for an image without a base.
type layout64 struct {
	b      []byte
	vaddr  uint64 // p_vaddr of the first PT_LOAD segment
	offset uint64 // its p_offset
}

// bytes returns the size bytes at address a.
func (l layout64) bytes(a, size uint64, what string) ([]byte, error) {
	off := a - l.vaddr + l.offset
	if a < l.vaddr || off > uint64(len(l.b)) || size > uint64(len(l.b))-off {
		return nil, elf.Errorf(-1, elf.ErrOutOfRange, "%s at address %#x (%#x bytes) outside the image", what, a, size)
	}
	return l.b[off : off+size : off+size], nil
}

// rest returns the bytes from address a to the end of the image, for
// tables whose size their own header states.
func (l layout64) rest(a uint64, what string) ([]byte, error) {
	off := a - l.vaddr + l.offset
	if a < l.vaddr || off > uint64(len(l.b)) {
		return nil, elf.Errorf(-1, elf.ErrOutOfRange, "%s at address %#x outside the image", what, a)
	}
	return l.b[off:], nil
}

// parse64 parses the ELF64 image b, whose first byte is at addr.
func parse64(b []byte, addr uintptr, big bool) (*Image, error) {
	h, phdrs, err := headers64(b, big)
	if err != nil {
		return nil, badImage(err)
	}
	im := &Image{data: b, addr: addr, class: elf64.Class, machine: h.Machine()}
	var l layout64
	var dyn elf64.Phdr
	foundLoad, foundDyn := false, false
	for i := range phdrs.Len() {
		switch p := phdrs.At(i); p.Type() {
		case elf.PT_LOAD:
			if !foundLoad {
				l = layout64{b: b, vaddr: uint64(p.Vaddr()), offset: uint64(p.Offset())}
				im.bias = uint64(addr) + l.offset - l.vaddr
				foundLoad = true
			}
		case elf.PT_DYNAMIC:
			if !foundDyn {
				dyn, foundDyn = p, true
			}
		}
	}
	if !foundLoad {
		return nil, badImage(elf.Errorf(int64(h.Phoff()), elf.ErrNotFound, "PT_LOAD segment"))
	}
	if !foundDyn {
		return nil, badImage(elf.Errorf(int64(h.Phoff()), elf.ErrNotFound, "dynamic table (PT_DYNAMIC)"))
	}

	// One walk of the dynamic table, up to DT_NULL; the first entry of
	// each tag counts.
	db, err := l.bytes(uint64(dyn.Vaddr()), uint64(dyn.Filesz()), "dynamic table")
	if err != nil {
		return nil, badImage(err)
	}
	dt, err := elf64.NewTable[elf64.Dyn](db, len(db)/elf64.DynSize, elf64.DynSize, big)
	if err != nil {
		return nil, badImage(err)
	}
	var val [numDynTags]uint64
	var have [numDynTags]bool
walk:
	for i := range dt.Len() {
		d := dt.At(i)
		tag := d.Tag()
		if tag == elf.DT_NULL {
			break
		}
		for k, t := range dynTags {
			if t == tag {
				if !have[k] {
					val[k], have[k] = uint64(d.Val()), true
				}
				continue walk
			}
		}
	}
	if !have[dynSymtab] || !have[dynStrtab] {
		return nil, badImage(elf.Errorf(-1, elf.ErrNotFound, "DT_SYMTAB and DT_STRTAB"))
	}

	parts := sym.DynamicParts{Class: elf64.Class, BigEndian: big, Machine: im.machine, Flags: h.Flags()}
	if parts.Strings, err = l.bytes(val[dynStrtab], val[dynStrsz], "string table (DT_STRTAB)"); err != nil {
		return nil, badImage(err)
	}
	if have[dynGNUHash] {
		if parts.GNUHash, err = l.rest(val[dynGNUHash], "DT_GNU_HASH"); err != nil {
			return nil, badImage(err)
		}
	}
	if have[dynHash] {
		if parts.SysVHash, err = l.rest(val[dynHash], "DT_HASH"); err != nil {
			return nil, badImage(err)
		}
	}
	n, err := symbolCount64(b, parts)
	if err != nil {
		return nil, badImage(err)
	}
	ent := uint64(elf64.SymSize)
	if have[dynSyment] && val[dynSyment] >= elf64.SymSize {
		ent = val[dynSyment]
	}
	if n > uint64(len(b))/ent {
		return nil, badImage(elf.Errorf(-1, elf.ErrTruncated, "dynamic symbol table of %d entries of %d bytes", n, ent))
	}
	parts.Count, parts.SymEnt = int(n), int(ent)
	if parts.Symbols, err = l.bytes(val[dynSymtab], n*ent, "dynamic symbol table (DT_SYMTAB)"); err != nil {
		return nil, badImage(err)
	}
	if have[dynVersym] {
		if parts.Versym, err = l.bytes(val[dynVersym], n*elf64.VersymSize, "version table (DT_VERSYM)"); err != nil {
			return nil, badImage(err)
		}
	}
	if have[dynVerdef] && val[dynVerdefnum] > 0 {
		if im.defs, parts.Definitions, err = versionDefs64(l, val[dynVerdef], val[dynVerdefnum], parts.Strings, big); err != nil {
			return nil, badImage(err)
		}
	}
	if im.tab, err = sym.NewDynamic(parts); err != nil {
		return nil, badImage(err)
	}
	return im, nil
}

// symbolCount64 returns the number of dynamic symbols: DT_HASH's nchain,
// else the end of DT_GNU_HASH's longest chain. For an image with neither
// (or a GNU table whose buckets are all empty) elf64 works the count out
// from where the other tables lie, as for any file without sections.
func symbolCount64(b []byte, p sym.DynamicParts) (uint64, error) {
	if len(p.SysVHash) > 0 {
		if h, err := elf64.NewSysVHashTable(p.SysVHash, elf64.HashEntSize(p.Machine), p.BigEndian); err == nil {
			return uint64(h.NumChains()), nil
		}
	}
	if len(p.GNUHash) > 0 {
		h, err := elf64.NewGNUHashTable(p.GNUHash, p.BigEndian)
		if err != nil {
			return 0, err
		}
		n, err := h.SymbolCount()
		if err != nil || n > int(h.SymOffset()) {
			return uint64(n), err
		}
	}
	f, err := elf64.NewImage(b, 0)
	if err != nil {
		return 0, err
	}
	s, err := f.DynamicSymbols()
	return uint64(s.Len()), err
}

// versionDefs64 reads the num version definitions at address at, with their
// vd_hash, which lookups check as the Go runtime does, and the same as
// sym.Definitions for the symbol table. The walk reads at most num entries
// (and no more than the image could hold), each inside the image.
func versionDefs64(l layout64, at, num uint64, strtab []byte, big bool) ([]versionDef, []sym.Definition, error) {
	num = min(num, uint64(len(l.b))/elf64.VerdefSize) // each entry takes its own bytes
	strs := elf64.NewStringTable(strtab)
	defs := make([]versionDef, 0, min(num, 8))
	parts := make([]sym.Definition, 0, min(num, 8))
	for range num {
		vb, err := l.bytes(at, elf64.VerdefSize, "version definition (DT_VERDEF)")
		if err != nil {
			return nil, nil, err
		}
		vt, err := elf64.NewTable[elf64.Verdef](vb, 1, elf64.VerdefSize, big)
		if err != nil {
			return nil, nil, err
		}
		vd := vt.At(0)
		d := versionDef{ndx: vd.Ndx(), base: vd.Flags()&elf.VER_FLG_BASE != 0}
		if vd.Cnt() > 0 { // the first Verdaux names the version
			ab, err := l.bytes(at+uint64(vd.Aux()), elf64.VerdauxSize, "version definition auxiliary entry")
			if err != nil {
				return nil, nil, err
			}
			aux, err := elf64.NewTable[elf64.Verdaux](ab, 1, elf64.VerdauxSize, big)
			if err != nil {
				return nil, nil, err
			}
			if d.name, err = strs.String(aux.At(0).Name()); err != nil {
				return nil, nil, err
			}
		}
		d.hashOK = vd.Hash() == elf.SysVHash(d.name)
		defs = append(defs, d)
		parts = append(parts, sym.Definition{Index: d.ndx, Flags: vd.Flags(), Name: d.name})
		if vd.Next() == 0 {
			break
		}
		at += uint64(vd.Next())
	}
	return defs, parts, nil
}
