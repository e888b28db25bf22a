package elf64

import (
	"errors"
	"slices"

	"github.com/elfkit/elf"
)

// errNoRoom is wrapped by the errors of changes that need the file to grow;
// edit then grows the file and tries again.
var errNoRoom = errors.New("no room")

// maxGrowGap bounds the zeros growth may put between the end of the file
// and the new segment (whose offset follows its address).
const maxGrowGap = 1 << 28

// growStrSlack is the number of spare .dynstr bytes growth adds.
const growStrSlack = 256

// roundUp rounds v up to a multiple of a (a power of two or any positive
// number).
func roundUp(v, a uint64) uint64 {
	if a <= 1 {
		return v
	}
	return (v + a - 1) / a * a
}

// SetPageSize sets PageSize (for callers that hold an Editor of either
// class through an interface).
func (e *Editor) SetPageSize(n uint64) { e.PageSize = n }

// pageSize returns the page size growth aligns a new segment to: the
// Editor's PageSize, else the larger of the largest p_align of the PT_LOAD
// segments and the machine's default maximum page size (64 KiB on arm64,
// ppc64 and loongarch), so that a file linked for small pages still loads
// on a kernel with large ones.
func (e *Editor) pageSize(segs []segHdr) uint64 {
	if e.PageSize != 0 {
		return e.PageSize
	}
	a := DefaultMaxPageSize(e.f.Ehdr().Machine())
	for _, s := range segs {
		if s.typ == elf.PT_LOAD && s.align > a && s.align&(s.align-1) == 0 {
			a = s.align
		}
	}
	return a
}

// segHdr is a program header of an editModel.
type segHdr struct {
	typ                                     elf.ProgType
	flags                                   elf.ProgFlag
	off, vaddr, paddr, filesz, memsz, align uint64
}

// secHdr is a section header of an editModel. A section in the tail of
// the file (after everything loaded) is laid out again by commit from
// data; the others stay where they are, in buf.
type secHdr struct {
	name           uint32
	typ            elf.SectionType
	flags          elf.SectionFlag
	addr, off      uint64
	size           uint64
	link, info     uint32
	align, entsize uint64
	tail           bool
	data           []byte // tail: the contents (nil for SHT_NOBITS)
}

// editModel is a change being made to an Editor's file: the loaded part of
// the file (every byte a segment or a loaded section covers, and whatever
// lies before it) as bytes that growth appends to, the program headers,
// and the section headers with the bytes of the sections that follow the
// loaded part. commit writes the file again: the loaded part, the tail
// sections one after the other in section order, the section header table.
// Bytes after the loaded part that no section covers are dropped, as
// objcopy drops them.
type editModel struct {
	e      *Editor
	big    bool
	buf    []byte
	segs   []segHdr
	phoff  uint64
	phaddr uint64 // the address of the program header table, when moved
	phCap  int    // the program headers that fit at phoff
	phMove bool   // the program header table moved
	page   uint64

	secs     []secHdr // with section 0; nil when the table is not modeled
	shstrndx uint32
}

// model reads the Editor's file into an editModel. Nothing of the Editor
// changes until commit.
func (e *Editor) model() (*editModel, error) {
	f := e.f
	h := f.Ehdr()
	n := uint64(len(e.img))
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return nil, err
	}
	if phdrs.Len() > 0 && h.Phentsize() != PhdrSize {
		return nil, elf.Errorf(54, elf.ErrUnsupported, "editing a file with e_phentsize %d", h.Phentsize())
	}
	m := &editModel{e: e, big: f.big, phoff: uint64(h.Phoff()), phCap: phdrs.Len()}
	keep := max(uint64(EhdrSize), m.phoff+uint64(phdrs.Len())*PhdrSize)
	for i, p := range phdrs.All() {
		s := segHdr{p.Type(), p.Flags(), uint64(p.Offset()), uint64(p.Vaddr()), uint64(p.Paddr()),
			uint64(p.Filesz()), uint64(p.Memsz()), uint64(p.Align())}
		m.segs = append(m.segs, s)
		if s.filesz == 0 || s.typ == elf.PT_NULL {
			continue
		}
		if s.off > n || s.filesz > n-s.off {
			return nil, elf.Errorf(int64(m.phoff)+int64(i)*PhdrSize, elf.ErrTruncated,
				"program header %d: %d bytes at %#x in a file of %d", i, s.filesz, s.off, n)
		}
		keep = max(keep, s.off+s.filesz)
	}
	m.page = e.pageSize(m.segs)
	if keep > n {
		return nil, elf.Errorf(0, elf.ErrTruncated, "program header table past the end of the file")
	}
	shdrs, err := f.SectionHeaders()
	if err != nil || shdrs.Len() == 0 || h.Shentsize() != ShdrSize {
		// Without a table that can be rewritten, every byte stays.
		m.buf = slices.Clone(e.img)
		return m, nil
	}
	m.shstrndx = f.Shstrndx()
	m.secs = make([]secHdr, shdrs.Len())
	var notLoaded []int
	for i, s := range shdrs.All() {
		m.secs[i] = secHdr{s.Name(), s.Type(), s.Flags(), uint64(s.Addr()), uint64(s.Offset()), uint64(s.Size()),
			s.Link(), s.Info(), uint64(s.Addralign()), uint64(s.Entsize()), false, nil}
		if i == 0 || s.Type() == elf.SHT_NOBITS || s.Type() == elf.SHT_NULL {
			continue
		}
		end := uint64(s.Offset()) + uint64(s.Size())
		if end < uint64(s.Offset()) || end > n {
			return nil, elf.Errorf(int64(h.Shoff())+int64(i)*ShdrSize, elf.ErrTruncated,
				"section %d: %d bytes at %#x in a file of %d", i, s.Size(), s.Offset(), n)
		}
		if s.Flags()&elf.SHF_ALLOC != 0 {
			keep = max(keep, end)
		} else {
			notLoaded = append(notLoaded, i)
		}
	}
	if m.shstrndx >= uint32(len(m.secs)) {
		m.shstrndx = 0
	}
	// A section that starts inside the loaded part stays there; the others
	// are the tail.
	slices.SortStableFunc(notLoaded, func(a, b int) int { return cmpU64(m.secs[a].off, m.secs[b].off) })
	for _, i := range notLoaded {
		if s := &m.secs[i]; s.off < keep {
			keep = max(keep, s.off+s.size)
		}
	}
	for i := 1; i < len(m.secs); i++ {
		s := &m.secs[i]
		if s.flags&elf.SHF_ALLOC == 0 && s.typ != elf.SHT_NULL && (s.off >= keep || s.typ == elf.SHT_NOBITS) {
			s.tail = true
			if s.typ != elf.SHT_NOBITS {
				s.data = e.img[s.off : s.off+s.size : s.off+s.size]
			}
		}
	}
	m.buf = slices.Clone(e.img[:keep])
	return m, nil
}

// lastLoad returns the index of the PT_LOAD that ends highest in memory,
// of the one that starts lowest, and the end address; -1 when there is no
// PT_LOAD.
func (m *editModel) lastLoad() (last, first int, end uint64) {
	last, first = -1, -1
	for i, s := range m.segs {
		if s.typ != elf.PT_LOAD {
			continue
		}
		if first < 0 || s.vaddr < m.segs[first].vaddr {
			first = i
		}
		if last < 0 || s.vaddr+s.memsz >= end {
			last, end = i, s.vaddr+s.memsz
		}
	}
	return last, first, end
}

// grown reports whether segment i is one growth added and can extend with
// flags: the last PT_LOAD in memory and in the file, with no bytes past its
// file size, not the first PT_LOAD, holding the program header table (which
// growth puts in the segment it adds), and with flags or, for read-only
// contents, read-write.
func (m *editModel) grown(i, first int, flags elf.ProgFlag) bool {
	if i < 0 || i == first {
		return false
	}
	s := m.segs[i]
	rwx := s.flags & (elf.PF_R | elf.PF_W | elf.PF_X)
	return s.filesz == s.memsz && s.off+s.filesz == uint64(len(m.buf)) &&
		m.phoff >= s.off && m.phoff < s.off+s.filesz &&
		(rwx == flags || (flags == elf.PF_R && rwx == elf.PF_R|elf.PF_W))
}

// reserve makes room for size bytes aligned to align in a loaded segment
// with flags flags at the end of the address space and of the loaded part
// of the file, and for extra more program headers that the caller then
// adds. It extends the segment growth added before when it can, else adds
// a PT_LOAD page-aligned after the last one. When the program header table
// must grow it moves into the segment too (PT_PHDR follows it at commit).
// It returns the file offset and the address of the room, zeroed.
func (m *editModel) reserve(flags elf.ProgFlag, size, align uint64, extra int) (off, addr uint64, err error) {
	if flags&elf.PF_W != 0 && flags&elf.PF_X != 0 {
		return 0, 0, elf.Errorf(-1, elf.ErrUnsupported, "a segment both writable and executable")
	}
	align = max(align, 1)
	if align > m.page || align&(align-1) != 0 {
		return 0, 0, elf.Errorf(-1, elf.ErrUnsupported, "alignment %#x (page size %#x)", align, m.page)
	}
	last, first, end := m.lastLoad()
	if last < 0 {
		return 0, 0, elf.Errorf(-1, elf.ErrUnsupported, "growing a file without PT_LOAD")
	}
	need := len(m.segs) + extra
	cur := uint64(len(m.buf))
	if m.grown(last, first, flags) {
		s := &m.segs[last]
		off = roundUp(cur, align)
		segEnd := off + size
		var phAt uint64
		if need > m.phCap {
			phAt = roundUp(segEnd, wordSize)
			segEnd = phAt + uint64(need)*PhdrSize
		}
		if err := m.extendTo(s.vaddr+(segEnd-s.off), segEnd); err != nil {
			return 0, 0, err
		}
		s.filesz, s.memsz = segEnd-s.off, segEnd-s.off
		if phAt != 0 {
			m.movePhdrs(phAt, s.vaddr+(phAt-s.off), need)
		}
		return off, s.vaddr + (off - s.off), nil
	}
	need++ // the new PT_LOAD
	fl := m.segs[first]
	// The kernel may find the program headers at the first segment's
	// address plus e_phoff less its offset: keep that difference.
	delta := fl.vaddr - fl.off
	if delta%m.page != 0 {
		return 0, 0, elf.Errorf(-1, elf.ErrUnsupported, "growing a file whose first PT_LOAD is not page-aligned")
	}
	segOff := roundUp(cur, m.page)
	if want := roundUp(end, m.page); want < end {
		return 0, 0, elf.Errorf(-1, elf.ErrTooLarge, "a segment after %#x", end)
	} else if want-delta > segOff {
		segOff = want - delta
	}
	if segOff-cur > maxGrowGap {
		return 0, 0, elf.Errorf(-1, elf.ErrTooLarge, "the new segment would start at file offset %#x", segOff)
	}
	vaddr := segOff + delta
	phSize := uint64(0)
	if need > m.phCap {
		phSize = uint64(need) * PhdrSize
	}
	off = roundUp(segOff+phSize, align)
	segEnd := off + size
	if err := m.extendTo(vaddr+(segEnd-segOff), segEnd); err != nil {
		return 0, 0, err
	}
	at := 0
	for i, s := range m.segs {
		if s.typ == elf.PT_LOAD {
			at = i + 1
		}
	}
	m.segs = slices.Insert(m.segs, at, segHdr{elf.PT_LOAD, flags, segOff, vaddr, vaddr, segEnd - segOff, segEnd - segOff, m.page})
	if phSize > 0 {
		m.movePhdrs(segOff, vaddr, need)
	}
	return off, vaddr + (off - segOff), nil
}

// extendTo appends zeros to buf up to the file offset end of a segment
// ending at address vend, after checking both.
func (m *editModel) extendTo(vend, end uint64) error {
	cur := uint64(len(m.buf))
	if end < cur || (wordSize == 4 && (vend > 1<<32 || end > 1<<32)) {
		return elf.Errorf(-1, elf.ErrTooLarge, "a segment ending at file offset %#x, address %#x", end, vend)
	}
	m.buf = append(m.buf, make([]byte, end-cur)...)
	return nil
}

// movePhdrs moves the program header table to file offset off, address
// addr, with room for n entries.
func (m *editModel) movePhdrs(off, addr uint64, n int) {
	m.phoff, m.phaddr, m.phCap, m.phMove = off, addr, n, true
}

// addSegment inserts a program header after the last one of type after (or
// at the end when there is none). The room must have been reserved.
func (m *editModel) addSegment(after elf.ProgType, s segHdr) {
	at := len(m.segs)
	for i, p := range m.segs {
		if p.typ == after {
			at = i + 1
		}
	}
	m.segs = slices.Insert(m.segs, at, s)
}

// commit lays out the tail, writes the headers and makes the result the
// Editor's file.
func (m *editModel) commit() error {
	e, big := m.e, m.big
	img := m.buf
	n := len(m.segs)
	if n > m.phCap {
		return elf.Errorf(-1, elf.ErrUnsupported, "%d program headers in a table of %d", n, m.phCap)
	}
	if m.phMove {
		for i := range m.segs {
			if s := &m.segs[i]; s.typ == elf.PT_PHDR {
				s.off, s.vaddr, s.paddr = m.phoff, m.phaddr, m.phaddr
				s.filesz, s.memsz = uint64(n)*PhdrSize, uint64(n)*PhdrSize
			}
		}
	}
	if n >= elf.PN_XNUM && m.secs == nil {
		return elf.Errorf(-1, elf.ErrUnsupported, "%d program headers need a section header table", n)
	}
	if m.secs != nil {
		pos, pad := uint64(len(img)), uint64(0)
		for i := 1; i < len(m.secs); i++ {
			s := &m.secs[i]
			if !s.tail {
				continue
			}
			// A damaged sh_addralign must not make the file huge: the
			// padding of the tail is bounded like growth's gap.
			aligned := roundUp(pos, max(s.align, 1))
			if s.align > maxGrowGap || aligned < pos || pad+(aligned-pos) > maxGrowGap {
				return elf.Errorf(-1, elf.ErrTooLarge, "section %d: alignment %#x", i, s.align)
			}
			pad += aligned - pos
			pos = aligned
			s.off = pos
			if s.typ != elf.SHT_NOBITS {
				s.size = uint64(len(s.data))
				pos += s.size
			}
		}
		shoff := roundUp(pos, wordSize)
		total := shoff + uint64(len(m.secs))*ShdrSize
		if wordSize == 4 && total > 1<<32 {
			return elf.Errorf(-1, elf.ErrTooLarge, "a file of %d bytes", total)
		}
		img = append(img, make([]byte, total-uint64(len(img)))...)
		ns, xindex := len(m.secs), m.shstrndx >= uint32(elf.SHN_LORESERVE)
		s0 := &m.secs[0]
		s0.size, s0.link, s0.info = 0, 0, 0
		if ns >= int(elf.SHN_LORESERVE) {
			s0.size = uint64(ns)
		}
		if xindex {
			s0.link = m.shstrndx
		}
		if n >= elf.PN_XNUM {
			s0.info = uint32(n)
		}
		for i, s := range m.secs {
			if s.tail && s.typ != elf.SHT_NOBITS {
				copy(img[s.off:], s.data)
			}
			putShdr(img[shoff+uint64(i)*ShdrSize:], big, s.name, uint32(s.typ), uint64(s.flags), s.addr, s.off, s.size,
				s.link, s.info, s.align, s.entsize)
		}
		putWord(img[24+2*wordSize:], big, shoff)
		p16(img[EhdrSize-6:], ShdrSize, big)
		p16(img[EhdrSize-4:], uint16(ns), big)
		if ns >= int(elf.SHN_LORESERVE) {
			p16(img[EhdrSize-4:], 0, big)
		}
		p16(img[EhdrSize-2:], uint16(m.shstrndx), big)
		if xindex {
			p16(img[EhdrSize-2:], uint16(elf.SHN_XINDEX), big)
		}
	}
	if n > 0 {
		for i, s := range m.segs {
			putPhdr(img[m.phoff+uint64(i)*PhdrSize:], big, uint32(s.typ), uint32(s.flags), s.off, s.vaddr, s.paddr,
				s.filesz, s.memsz, s.align)
		}
		putWord(img[24+wordSize:], big, m.phoff)
		p16(img[EhdrSize-10:], PhdrSize, big)
		p16(img[EhdrSize-8:], uint16(min(n, elf.PN_XNUM)), big)
	}
	saved := e.img
	e.img = img
	if err := e.reload(); err != nil {
		e.img = saved
		_ = e.reload()
		return err
	}
	return nil
}

// secBytes returns the bytes of section i in the model.
func (m *editModel) secBytes(i int) []byte {
	s := &m.secs[i]
	if s.tail || s.typ == elf.SHT_NOBITS {
		return s.data
	}
	return m.buf[s.off : s.off+s.size : s.off+s.size]
}

// grow moves the program header table, the dynamic table and the dynamic
// string table (and, when interp is not zero, the interpreter string) into
// a read-write loaded segment at the end of the file (see reserve: the one
// growth added before, extended, or a new one page-aligned after the last
// segment), with room for dynExtra more dynamic entries, strExtra more
// string bytes and an interpreter of interp bytes. PT_PHDR, PT_DYNAMIC,
// PT_INTERP, DT_STRTAB, DT_STRSZ, the section headers of the moved
// sections and the _DYNAMIC symbol are updated. The old copies stay where
// they were, unused.
func (e *Editor) grow(strExtra, dynExtra, interp int) error {
	m, err := e.model()
	if err != nil {
		return err
	}
	dyn, err := e.dynTable()
	if err != nil {
		return err
	}
	str, err := e.dynstr()
	if err != nil {
		return err
	}
	strAddr, _ := e.f.DynValue(elf.DT_STRTAB)
	var oldInterp []byte
	if interp > 0 {
		if oldInterp, err = e.interp(); err != nil {
			return err
		}
	}
	const al = wordSize
	dynN := dyn.Len() + dynExtra
	strOff := uint64(dynN) * DynSize
	// Some spare string bytes, so that the next changes fit.
	strSize := uint64(len(str) + strExtra + growStrSlack)
	inOff := roundUp(strOff+strSize, al)
	off, vaddr, err := m.reserve(elf.PF_R|elf.PF_W, inOff+uint64(interp), al, 0)
	if err != nil {
		return err
	}
	seg := m.buf[off:]
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
		putDyn(seg[uint64(i)*DynSize:], m.big, int64(d.Tag()), v)
	}
	copy(seg[strOff:], str)
	copy(seg[inOff:inOff+uint64(interp)], oldInterp)
	var oldDyn, interpOff uint64
	for i := range m.segs {
		s := &m.segs[i]
		switch {
		case s.typ == elf.PT_DYNAMIC:
			oldDyn = s.vaddr
			s.off, s.vaddr, s.paddr, s.filesz, s.memsz = off, vaddr, vaddr, uint64(dynN)*DynSize, uint64(dynN)*DynSize
		case s.typ == elf.PT_INTERP && interp > 0:
			interpOff = s.off
			s.off, s.vaddr, s.paddr = off+inOff, vaddr+inOff, vaddr+inOff
			s.filesz, s.memsz = uint64(interp), uint64(interp)
		}
	}
	for i := range m.secs {
		s := &m.secs[i]
		switch {
		case s.typ == elf.SHT_DYNAMIC:
			s.off, s.addr, s.size = off, vaddr, uint64(dynN)*DynSize
		case s.typ == elf.SHT_STRTAB && s.flags&elf.SHF_ALLOC != 0 && s.addr == uint64(strAddr):
			s.off, s.addr, s.size = off+strOff, vaddr+strOff, strSize
		case interp > 0 && s.typ == elf.SHT_PROGBITS && s.flags&elf.SHF_ALLOC != 0 && s.off == interpOff:
			s.off, s.addr, s.size = off+inOff, vaddr+inOff, uint64(interp)
		}
	}
	saved, savedFree := e.img, e.strFree
	if err := m.commit(); err != nil {
		return err
	}
	// _DYNAMIC names the dynamic table: follow it.
	if err := e.moveSymbol("_DYNAMIC", oldDyn, vaddr); err != nil {
		e.img, e.strFree = saved, savedFree
		_ = e.reload()
		return err
	}
	// New strings go after the old ones, each followed by a NUL.
	e.strFree = len(str)
	if len(str) == 0 || str[len(str)-1] != 0 {
		e.strFree = len(str) + 1
	}
	return nil
}

// moveSymbol sets the value of the object symbols named name at old to
// new, in .symtab and .dynsym.
func (e *Editor) moveSymbol(name string, old, new uint64) error {
	for _, get := range []func() (Symbols, error){e.f.Symbols, e.f.DynamicSymbols} {
		syms, err := get()
		if err != nil {
			continue
		}
		for _, sym := range syms.All() {
			if uint64(sym.Value()) == old && sym.Info()&0xf == byte(elf.STT_OBJECT) {
				if n, err := syms.Name(sym); err == nil && n == name {
					putSym(sym.b, e.f.big, sym.Name(), sym.Info(), sym.Other(), uint16(sym.Shndx()), new, uint64(sym.Size()))
				}
			}
		}
	}
	return e.reload()
}

// addProgramHeader adds a program header that maps no bytes of its own
// (PT_GNU_STACK, ...) at the end of the table, which moves into a loaded
// segment at the end of the file (see reserve).
func (e *Editor) addProgramHeader(typ elf.ProgType, flags elf.ProgFlag, align uint64) error {
	m, err := e.model()
	if err != nil {
		return err
	}
	if _, _, err := m.reserve(elf.PF_R, 0, 1, 1); err != nil {
		return err
	}
	m.segs = append(m.segs, segHdr{typ: typ, flags: flags, align: align})
	return m.commit()
}
