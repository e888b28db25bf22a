package vdso

// The class-specific part of the package, for ELF64. zimage32.go is
// generated from image64.go by go generate (internal/classgen): keep here only
// what depends on the class, and the rest in the class-neutral files.

import (
	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/sym"
)

// extent64 returns how many bytes, from its ELF header on, an ELF64 image
// occupies according to its own headers: up to the end of the program
// header table, of the file bytes of every PT_LOAD segment (max of
// p_offset + p_filesz), and of the section header table when that lies
// inside the pages the PT_LOAD segments occupy (the kernel maps the vDSO
// whole, section headers included, but nothing promises more than those
// pages). peek(n) returns the image's first n bytes; it is asked only for
// the first page, and the program header table must lie inside it.
func extent64(peek func(n uint64) []byte, page uint64) (uint64, error) {
	// The first page is mapped whole; the headers say how much of it to
	// read.
	f, err := elf64.NewFile(peek(page))
	if err != nil {
		return 0, err
	}
	h := f.Ehdr()
	phoff, phnum, phent := uint64(h.Phoff()), uint64(h.Phnum()), uint64(h.Phentsize())
	if phnum == 0 || phnum == uint64(elf.PN_XNUM) || phent < elf64.PhdrSize {
		return 0, elf.Errorf(0, elf.ErrOutOfRange, "program header table: e_phnum %d, e_phentsize %d", phnum, phent)
	}
	// phnum and phent are 16-bit, so their product cannot overflow.
	if phoff > page || phnum*phent > page-phoff {
		return 0, elf.Errorf(0, elf.ErrOutOfRange, "program header table (e_phoff %#x, %d entries of %d bytes) outside the first page", phoff, phnum, phent)
	}
	end := max(phoff+phnum*phent, elf64.EhdrSize)
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return 0, err
	}
	// The kernel maps the vDSO file whole, and its one PT_LOAD segment has
	// p_vaddr == p_offset, so its file bytes end at p_offset + p_filesz
	// both in the file and in memory. An image laid out by its PT_LOAD
	// segments, as NewImage reads it, has a segment's bytes at p_vaddr
	// less the first segment's p_vaddr - p_offset: take both ends, for
	// images whose segments are not all the same distance from their
	// offsets.
	var loadEnd, delta uint64
	found := false
	for _, p := range phdrs.All() {
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

// parse64 parses the ELF64 image b, whose first byte is at addr.
func parse64(b []byte, addr uintptr) (*Image, error) {
	f, err := elf64.NewImage(b, 0)
	if err != nil {
		return nil, badImage(err)
	}
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return nil, badImage(err)
	}
	im := &Image{data: b, addr: addr, class: elf64.Class, machine: f.Ehdr().Machine()}
	found := false
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_LOAD {
			im.bias = uint64(addr) + uint64(p.Offset()) - uint64(p.Vaddr())
			found = true
			break
		}
	}
	if !found {
		return nil, badImage(elf.Errorf(int64(f.Ehdr().Phoff()), elf.ErrNotFound, "PT_LOAD segment"))
	}
	if im.tab, err = sym.Dynamic(f); err != nil {
		return nil, badImage(err)
	}
	if im.defs, err = versionDefs64(f); err != nil {
		return nil, badImage(err)
	}
	return im, nil
}

// versionDefs64 reads the version definitions of f from DT_VERDEF with
// their vd_hash, which lookups check as the Go runtime does. (sym.Table
// resolves the names but does not keep the hashes; elf64's Versions would
// read the whole version and symbol tables again.) The walk reads at most
// DT_VERDEFNUM entries, each inside the image.
func versionDefs64(f *elf64.File) ([]versionDef, error) {
	dyn, err := f.Dynamic()
	if err != nil {
		return nil, err
	}
	var verdef, num, strtab, strsz uint64
	found := false
	for _, d := range dyn.All() {
		switch v := uint64(d.Val()); d.Tag() {
		case elf.DT_VERDEF:
			verdef, found = v, true
		case elf.DT_VERDEFNUM:
			num = v
		case elf.DT_STRTAB:
			strtab = v
		case elf.DT_STRSZ:
			strsz = v
		}
	}
	if !found || num == 0 {
		return nil, nil
	}
	num = min(num, uint64(len(f.Data()))/elf64.VerdefSize) // each entry takes its own bytes
	sb, err := f.AddrBytes(elf64.Addr(strtab), strsz)
	if err != nil {
		return nil, err
	}
	strs := elf64.NewStringTable(sb)
	bo := f.ByteOrder()
	defs := make([]versionDef, 0, min(num, 8))
	at := verdef
	for i := uint64(0); i < num; i++ {
		vd, err := f.AddrBytes(elf64.Addr(at), elf64.VerdefSize)
		if err != nil {
			return nil, err
		}
		d := versionDef{
			ndx:  bo.Uint16(vd[4:]),
			base: elf.DynamicVersionFlag(bo.Uint16(vd[2:]))&elf.VER_FLG_BASE != 0,
		}
		if bo.Uint16(vd[6:]) > 0 { // vd_cnt: the first Verdaux names the version
			aux, err := f.AddrBytes(elf64.Addr(at+uint64(bo.Uint32(vd[12:]))), elf64.VerdauxSize)
			if err != nil {
				return nil, err
			}
			if d.name, err = strs.String(bo.Uint32(aux)); err != nil {
				return nil, err
			}
		}
		d.hashOK = bo.Uint32(vd[8:]) == elf.SysVHash(d.name)
		defs = append(defs, d)
		next := uint64(bo.Uint32(vd[16:]))
		if next == 0 {
			break
		}
		at += next
	}
	return defs, nil
}
