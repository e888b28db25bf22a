package elf64

import (
	"errors"

	"github.com/elfkit/elf"
)

// errNoRoom is wrapped by the errors of changes that need the file to grow;
// edit then grows the file and tries again.
var errNoRoom = errors.New("no room")

// roundUp rounds v up to a multiple of a (a power of two or any positive
// number).
// maxGrowGap bounds the zeros growth may put between the end of the file
// and the new segment (whose offset follows its address).
const maxGrowGap = 1 << 28

// growStrSlack is the number of spare .dynstr bytes growth adds.
const growStrSlack = 256

func roundUp(v, a uint64) uint64 {
	if a <= 1 {
		return v
	}
	return (v + a - 1) / a * a
}

// SetPageSize sets PageSize (for callers that hold an Editor of either
// class through an interface).
func (e *Editor) SetPageSize(n uint64) { e.PageSize = n }

// pageSize returns the page size growth aligns the new segment to: the
// Editor's PageSize, else the largest p_align of the PT_LOAD segments, else
// the machine's default.
func (e *Editor) pageSize(phdrs Table[Phdr]) uint64 {
	if e.PageSize != 0 {
		return e.PageSize
	}
	var a uint64
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_LOAD && uint64(p.Align()) > a {
			a = uint64(p.Align())
		}
	}
	if a == 0 {
		a = DefaultMaxPageSize(e.f.Ehdr().Machine())
	}
	return a
}

// grow moves the program header table, the dynamic table and the dynamic
// string table (and, when interp is not zero, the interpreter string) into
// a new read-write PT_LOAD segment at the end of the file, page-aligned
// after the last segment, with room for dynExtra more dynamic entries,
// strExtra more string bytes and an interpreter of interp bytes. PT_PHDR,
// PT_DYNAMIC, PT_INTERP, DT_STRTAB, DT_STRSZ and the section headers of
// the moved sections are updated. The old copies stay where they were,
// unused.
func (e *Editor) grow(strExtra, dynExtra, interp int) error {
	f := e.f
	big := f.big
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return err
	}
	phnum := phdrs.Len()
	if phnum+1 >= 0xffff {
		return elf.Errorf(-1, elf.ErrUnsupported, "growing a file with %d program headers", phnum)
	}
	if f.Ehdr().Phentsize() != PhdrSize {
		return elf.Errorf(-1, elf.ErrUnsupported, "growing a file with e_phentsize %d", f.Ehdr().Phentsize())
	}
	page := e.pageSize(phdrs)
	var first Phdr
	lastLoad := -1
	var end uint64
	for i, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD {
			continue
		}
		if lastLoad < 0 {
			first = p
		}
		lastLoad = i
		end = max(end, uint64(p.Vaddr())+uint64(p.Memsz()))
	}
	if lastLoad < 0 {
		return elf.Errorf(-1, elf.ErrUnsupported, "growing a file without PT_LOAD")
	}
	// The kernel finds the program headers at the first segment's
	// address plus e_phoff less its offset: keep that difference.
	delta := uint64(first.Vaddr()) - uint64(first.Offset())
	off := roundUp(uint64(len(e.img)), page)
	if off+delta < roundUp(end, page) {
		off = roundUp(end, page) - delta
	}
	if off < uint64(len(e.img)) || off-uint64(len(e.img)) > maxGrowGap {
		return elf.Errorf(-1, elf.ErrTooLarge, "the new segment would start at file offset %#x", off)
	}
	vaddr := off + delta

	dyn, err := e.dynTable()
	if err != nil {
		return err
	}
	str, err := e.dynstr()
	if err != nil {
		return err
	}
	var oldInterp []byte
	if interp > 0 {
		if oldInterp, err = e.interp(); err != nil {
			return err
		}
	}
	const al = wordSize
	phOff := uint64(0)
	dynOff := roundUp(phOff+uint64(phnum+1)*PhdrSize, al)
	dynN := dyn.Len() + dynExtra
	strOff := dynOff + uint64(dynN)*DynSize
	// Some spare string bytes, so that the next changes fit.
	strSize := uint64(len(str) + strExtra + growStrSlack)
	inOff := roundUp(strOff+strSize, al)
	size := inOff + uint64(interp)
	if wordSize == 4 && vaddr+size > 1<<32 {
		return elf.Errorf(-1, elf.ErrTooLarge, "new segment at %#x", vaddr)
	}

	img := make([]byte, off+size)
	copy(img, e.img)
	seg := img[off:]
	// Program headers: the old ones, with the new PT_LOAD after the last
	// PT_LOAD.
	j := 0
	put := func(typ elf.ProgType, flags elf.ProgFlag, o, va, fs, ms, align uint64) {
		putPhdr(seg[phOff+uint64(j)*PhdrSize:], big, uint32(typ), uint32(flags), o, va, va, fs, ms, align)
		j++
	}
	for i, p := range phdrs.All() {
		o, va, pa, fs, ms := uint64(p.Offset()), uint64(p.Vaddr()), uint64(p.Paddr()), uint64(p.Filesz()), uint64(p.Memsz())
		switch p.Type() {
		case elf.PT_PHDR:
			o, va, pa = off+phOff, vaddr+phOff, vaddr+phOff
			fs, ms = uint64(phnum+1)*PhdrSize, uint64(phnum+1)*PhdrSize
		case elf.PT_DYNAMIC:
			o, va, pa = off+dynOff, vaddr+dynOff, vaddr+dynOff
			fs, ms = uint64(dynN)*DynSize, uint64(dynN)*DynSize
		case elf.PT_INTERP:
			if interp > 0 {
				o, va, pa = off+inOff, vaddr+inOff, vaddr+inOff
				fs, ms = uint64(interp), uint64(interp)
			}
		}
		putPhdr(seg[phOff+uint64(j)*PhdrSize:], big, uint32(p.Type()), uint32(p.Flags()), o, va, pa, fs, ms, uint64(p.Align()))
		j++
		if i == lastLoad {
			put(elf.PT_LOAD, elf.PF_R|elf.PF_W, off, vaddr, size, size, page)
		}
	}
	// The dynamic table, with DT_STRTAB and DT_STRSZ repointed and spare
	// DT_NULL entries.
	for i, d := range dyn.All() {
		v := uint64(d.Val())
		switch d.Tag() {
		case elf.DT_STRTAB:
			v = vaddr + strOff
		case elf.DT_STRSZ:
			v = strSize
		}
		putDyn(seg[dynOff+uint64(i)*DynSize:], big, int64(d.Tag()), v)
	}
	copy(seg[strOff:], str)
	if interp > 0 {
		copy(seg[inOff:inOff+uint64(interp)], oldInterp)
	}

	// The ELF header: e_phoff (after e_entry) and e_phnum.
	putWord(img[24+wordSize:], big, off+phOff)
	p16(img[EhdrSize-8:], uint16(phnum+1), big)

	// Section headers of the moved sections.
	if shdrs, err := f.SectionHeaders(); err == nil {
		strAddr, _ := f.DynValue(elf.DT_STRTAB)
		var interpOff uint64
		for _, p := range phdrs.All() {
			if p.Type() == elf.PT_INTERP {
				interpOff = uint64(p.Offset())
			}
		}
		shoff, shent := uint64(f.Ehdr().Shoff()), uint64(f.Ehdr().Shentsize())
		for i, s := range shdrs.All() {
			no, na, ns := uint64(0), uint64(0), uint64(0)
			switch {
			case s.Type() == elf.SHT_DYNAMIC:
				no, na, ns = off+dynOff, vaddr+dynOff, uint64(dynN)*DynSize
			case s.Type() == elf.SHT_STRTAB && s.Flags()&elf.SHF_ALLOC != 0 && uint64(s.Addr()) == uint64(strAddr):
				no, na, ns = off+strOff, vaddr+strOff, strSize
			case interp > 0 && s.Type() == elf.SHT_PROGBITS && s.Flags()&elf.SHF_ALLOC != 0 && uint64(s.Offset()) == interpOff:
				no, na, ns = off+inOff, vaddr+inOff, uint64(interp)
			default:
				continue
			}
			// The header's bytes in the new image.
			at := shoff + uint64(i)*shent
			putShdr(img[at:], big, s.Name(), uint32(s.Type()), uint64(s.Flags()), na, no, ns,
				s.Link(), s.Info(), uint64(s.Addralign()), uint64(s.Entsize()))
		}
	}
	nf, err := NewFile(img)
	if err != nil {
		return err
	}
	// _DYNAMIC names the dynamic table: follow it (in the new image's
	// symbol tables, whose views are over img).
	oldDyn := uint64(0)
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_DYNAMIC {
			oldDyn = uint64(p.Vaddr())
		}
	}
	for _, get := range []func() (Symbols, error){nf.Symbols, nf.DynamicSymbols} {
		syms, err := get()
		if err != nil {
			continue
		}
		for _, sym := range syms.All() {
			if uint64(sym.Value()) == oldDyn && sym.Info()&0xf == byte(elf.STT_OBJECT) {
				if n, err := syms.Name(sym); err == nil && n == "_DYNAMIC" {
					putWord(sym.b[wordSize:], big, vaddr+dynOff)
				}
			}
		}
	}
	e.img, e.f = img, nf
	// New strings go after the old ones, each followed by a NUL.
	e.strFree = len(str)
	if len(str) == 0 || str[len(str)-1] != 0 {
		e.strFree = len(str) + 1
	}
	return nil
}
