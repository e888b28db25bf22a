package elf64

import (
	"slices"

	"github.com/elfkit/elf"
)

// phPlan is a program header decided before placement and filled after.
type phPlan struct {
	typ   elf.ProgType
	flags elf.ProgFlag
	group int           // PT_LOAD: the section group
	secs  []*OutSection // the sections it covers
	user  *OutSegment   // one of Segments
	done  *OutSegment   // a PT_LOAD, as place made it
}

const commonPageSize = 0x1000

// relroSet reports whether sec belongs in the RELRO part of its segment.
func (s *scratch) relroSet(sec *OutSection) bool {
	return groupOf(sec) == groupRW && (sec.RelRO || sec.Flags&elf.SHF_TLS != 0 || sec == s.dynamicSec)
}

// planSegments decides the program headers.
func (s *scratch) planSegments() {
	b := s.b
	secs := s.l.secs
	var plans []phPlan
	if b.Interp != "" {
		plans = append(plans, phPlan{typ: elf.PT_PHDR, flags: elf.PF_R})
		plans = append(plans, phPlan{typ: elf.PT_INTERP, flags: elf.PF_R, secs: []*OutSection{s.interp}})
	}
	flags := [...]elf.ProgFlag{elf.PF_R, elf.PF_R | elf.PF_X, elf.PF_R | elf.PF_W, elf.PF_R | elf.PF_W | elf.PF_X}
	for g := groupR; g <= groupRWX; g++ {
		var list []*OutSection
		for _, sec := range secs[1:] {
			if groupOf(sec) == g {
				list = append(list, sec)
			}
		}
		if g == groupR || len(list) > 0 {
			plans = append(plans, phPlan{typ: elf.PT_LOAD, flags: flags[g], group: g, secs: list})
		}
	}
	if s.dynamicSec != nil {
		plans = append(plans, phPlan{typ: elf.PT_DYNAMIC, flags: elf.PF_R | elf.PF_W, secs: []*OutSection{s.dynamicSec}})
	}
	// One PT_NOTE per run of adjacent loaded notes of the same alignment.
	for i := 1; i < len(secs); {
		sec := secs[i]
		if sec.Type != elf.SHT_NOTE || sec.Flags&elf.SHF_ALLOC == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(secs) && secs[j].Type == elf.SHT_NOTE && secs[j].Flags&elf.SHF_ALLOC != 0 && secAlign(secs[j]) == secAlign(sec) {
			j++
		}
		plans = append(plans, phPlan{typ: elf.PT_NOTE, flags: elf.PF_R, secs: secs[i:j:j]})
		i = j
	}
	var tls, relro []*OutSection
	for _, sec := range secs[1:] {
		if sec.Flags&elf.SHF_TLS != 0 && sec.Flags&elf.SHF_ALLOC != 0 {
			tls = append(tls, sec)
		}
		if s.relroSet(sec) && !(sec.Type == elf.SHT_NOBITS && sec.Flags&elf.SHF_TLS != 0) {
			// .tbss takes no room: it must not stretch the RELRO range
			// over what follows .tdata.
			relro = append(relro, sec)
		}
	}
	if len(tls) > 0 {
		plans = append(plans, phPlan{typ: elf.PT_TLS, flags: elf.PF_R, secs: tls})
	}
	stack := elf.PF_R | elf.PF_W
	if b.ExecStack {
		stack |= elf.PF_X
	}
	plans = append(plans, phPlan{typ: elf.PT_GNU_STACK, flags: stack})
	if len(relro) > 0 {
		plans = append(plans, phPlan{typ: elf.PT_GNU_RELRO, flags: elf.PF_R, secs: relro})
	}
	for _, u := range b.Segments {
		if u == nil {
			s.errorf(elf.ErrNotFound, "a Segments entry is nil")
			continue
		}
		plans = append(plans, phPlan{typ: u.Type, user: u})
	}
	s.plans = plans
}

// place assigns offsets and addresses.
func (s *scratch) place() {
	l, b := s.l, s.b
	secs := l.secs
	if s.isRel {
		off := uint64(EhdrSize)
		for _, sec := range secs[1:] {
			sec.Addr = 0
			off = alignUp(off, secAlign(sec))
			sec.Offset = Off(off)
			if sec.Type != elf.SHT_NOBITS {
				off += uint64(sec.Size)
			}
		}
		for _, u := range b.Segments {
			if u != nil {
				s.errorf(elf.ErrUnsupported, "program headers (Segments) in an ET_REL")
				break
			}
		}
		l.shoff = alignUp(off, wordSize)
		l.size = l.shoff + uint64(len(secs))*ShdrSize
		return
	}
	s.planSegments()
	ps := s.ps
	base := uint64(b.Base)
	if base == 0 && b.Type != elf.ET_DYN {
		base = uint64(DefaultBase(b.Machine))
	}
	if base%ps != 0 {
		s.errorf(elf.ErrOutOfRange, "Base %#x is not a multiple of the page size %#x", base, ps)
	}
	l.phoff = EhdrSize
	off := uint64(EhdrSize) + uint64(len(s.plans))*PhdrSize
	mem := base
	for pi := range s.plans {
		p := &s.plans[pi]
		if p.typ != elf.PT_LOAD || p.user != nil {
			continue
		}
		list := p.secs
		segAlign := ps
		for _, sec := range list {
			segAlign = max(segAlign, secAlign(sec))
		}
		var segOff, segV uint64
		if p.group == groupR {
			segOff, segV = 0, base
		} else {
			off = alignUp(off, secAlign(list[0]))
			if p.group == groupRW {
				off = s.padRelro(list, off)
			}
			segOff = off
			segV = alignUp(mem, segAlign) + off%segAlign
		}
		m := segV + (off - segOff)
		tlsEnd := uint64(0)
		for _, sec := range list {
			a := secAlign(sec)
			size := uint64(sec.Size)
			if sec.Type == elf.SHT_NOBITS {
				sec.Offset = Off(off)
				if sec.Flags&elf.SHF_TLS != 0 {
					// .tbss takes no room in the segment's image.
					sec.Addr = Addr(alignUp(max(m, tlsEnd), a))
					tlsEnd = uint64(sec.Addr) + size
					continue
				}
				m = alignUp(m, a)
				sec.Addr = Addr(m)
				m += size
				continue
			}
			off = alignUp(off, a)
			m = segV + (off - segOff)
			sec.Offset, sec.Addr = Off(off), Addr(m)
			off += size
			m += size
			if sec.Flags&elf.SHF_TLS != 0 {
				tlsEnd = m
			}
		}
		p.done = &OutSegment{Type: elf.PT_LOAD, Flags: p.flags, Offset: Off(segOff), Vaddr: Addr(segV), Paddr: Addr(segV),
			Filesz: Xword(off - segOff), Memsz: Xword(m - segV), Align: Xword(segAlign)}
		mem = m
	}
	for _, sec := range secs[1:] {
		if sec.Flags&elf.SHF_ALLOC != 0 {
			continue
		}
		sec.Addr = 0
		off = alignUp(off, secAlign(sec))
		sec.Offset = Off(off)
		if sec.Type != elf.SHT_NOBITS {
			off += uint64(sec.Size)
		}
	}
	l.shoff = alignUp(off, wordSize)
	l.size = l.shoff + uint64(len(secs))*ShdrSize
	s.fillSegments(base)
}

// padRelro returns off moved forward so that the RELRO sections at the
// start of list, placed from there, end on a page boundary: then the page
// protection covers them all and nothing after them.
func (s *scratch) padRelro(list []*OutSection, off uint64) uint64 {
	cp := min(uint64(commonPageSize), s.ps)
	for range 4 {
		o := off
		any := false
		for _, sec := range list {
			if !s.relroSet(sec) {
				break
			}
			any = true
			if sec.Type == elf.SHT_NOBITS {
				continue
			}
			o = alignUp(o, secAlign(sec)) + uint64(sec.Size)
		}
		if !any || o%cp == 0 {
			return off
		}
		off += cp - o%cp
	}
	return off
}

// fillSegments turns the plans into the program header table.
func (s *scratch) fillSegments(base uint64) {
	l := s.l
	l.phdrs = make([]OutSegment, len(s.plans))
	for i, p := range s.plans {
		ph := &l.phdrs[i]
		switch {
		case p.done != nil:
			*ph = *p.done
		case p.user != nil:
			*ph = *p.user
			ph.Sections = nil
			if len(p.user.Sections) > 0 {
				cover(ph, p.user.Sections)
				if p.user.Align == 0 {
					ph.Align = 0
					for _, sec := range p.user.Sections {
						ph.Align = max(ph.Align, Xword(secAlign(sec)))
					}
				}
			}
		case p.typ == elf.PT_PHDR:
			n := uint64(len(s.plans)) * PhdrSize
			*ph = OutSegment{Type: p.typ, Flags: p.flags, Offset: Off(l.phoff), Vaddr: Addr(base + l.phoff), Paddr: Addr(base + l.phoff),
				Filesz: Xword(n), Memsz: Xword(n), Align: wordSize}
		case p.typ == elf.PT_GNU_STACK:
			*ph = OutSegment{Type: p.typ, Flags: p.flags, Align: 16}
		default:
			*ph = OutSegment{Type: p.typ, Flags: p.flags}
			cover(ph, p.secs)
			switch p.typ {
			case elf.PT_GNU_RELRO, elf.PT_INTERP:
				ph.Align = 1
			default:
				for _, sec := range p.secs {
					ph.Align = max(ph.Align, Xword(secAlign(sec)))
				}
			}
			if p.typ == elf.PT_GNU_RELRO {
				ph.Filesz = ph.Memsz
			}
		}
	}
}

// cover sets the offset, addresses and sizes of ph to span secs.
func cover(ph *OutSegment, secs []*OutSection) {
	first := true
	var off, fend, addr, mend uint64
	for _, sec := range secs {
		o, a := uint64(sec.Offset), uint64(sec.Addr)
		fe := o
		if sec.Type != elf.SHT_NOBITS {
			fe += uint64(sec.Size)
		}
		me := a + uint64(sec.Size)
		if first {
			off, fend, addr, mend = o, fe, a, me
			first = false
			continue
		}
		off, fend, addr, mend = min(off, o), max(fend, fe), min(addr, a), max(mend, me)
	}
	ph.Offset, ph.Vaddr, ph.Paddr = Off(off), Addr(addr), Addr(addr)
	ph.Filesz, ph.Memsz = Xword(fend-off), Xword(mend-addr)
}

// inTable reports whether sec is section sec.index of secs.
func inTable(secs []*OutSection, sec *OutSection) bool {
	return sec != nil && sec.index != 0 && int(sec.index) < len(secs) && secs[sec.index] == sec
}

// fillAddressed writes the contents that hold addresses or indexes: the
// dynamic table, the relocations and .symtab_shndx.
func (s *scratch) fillAddressed() {
	l, b := s.l, s.b
	secs := l.secs
	for i, e := range s.dynEnts {
		v := uint64(e.Val)
		if e.Section != nil {
			if !inTable(secs, e.Section) {
				s.errorf(elf.ErrNotFound, "dynamic entry %v: section %q is not in the file", e.Tag, e.Section.Name)
				continue
			}
			v += uint64(e.Section.Addr)
		}
		putDyn(s.dynamicSec.Data[uint64(i)*DynSize:], s.big, int64(e.Tag), v)
	}
	cursor := map[*OutSection]uint64{}
	for i, r := range b.Relocs {
		if r.Section == nil || !inTable(secs, r.Section) {
			s.errorf(elf.ErrNotFound, "Relocs[%d]: section is not in the file", i)
			continue
		}
		var sym uint32
		if r.Symbol != nil {
			t, idx := l.dynsym, r.Symbol.dynIndex
			if s.isRel {
				t, idx = l.symtab, r.Symbol.symIndex
			}
			if t == nil || idx == 0 || int(idx) > len(t.syms) || t.syms[idx-1] != r.Symbol {
				which := "DynSymbols"
				if s.isRel {
					which = "Symbols"
				}
				s.errorf(elf.ErrNotFound, "Relocs[%d]: symbol %q is not in %s", i, r.Symbol.Name, which)
				continue
			}
			sym = idx
		}
		addend := int64(r.Addend)
		if r.AddendSection != nil {
			if !inTable(secs, r.AddendSection) {
				s.errorf(elf.ErrNotFound, "Relocs[%d]: AddendSection %q is not in the file", i, r.AddendSection.Name)
				continue
			}
			addend += int64(r.AddendSection.Addr)
		}
		off := uint64(r.Offset)
		dst := s.relDyn
		if s.isRel {
			dst = s.relSecs[r.Section]
		} else {
			off += uint64(r.Section.Addr)
		}
		at := cursor[dst]
		cursor[dst] = at + s.relSize
		if s.relType == elf.SHT_REL {
			if addend != 0 {
				s.errorf(elf.ErrUnsupported, "Relocs[%d]: addend %d in an SHT_REL relocation (put it in the section's bytes)", i, addend)
			}
			putRel(dst.Data[at:], s.big, off, sym, r.Type)
		} else {
			putRela(dst.Data[at:], s.big, off, sym, r.Type, addend)
		}
	}
	if s.shndx != nil {
		for i := range l.symtab.recs {
			if sec := s.recSection(&l.symtab.recs[i]); sec != nil && sec.index >= uint32(elf.SHN_LORESERVE) {
				p32(s.shndx.Data[4*(i+1):], sec.index, s.big)
			}
		}
	}
}

// check validates the laid out file.
func (s *scratch) check() {
	l, b := s.l, s.b
	secs := l.secs
	for _, sec := range secs[1:] {
		if sec.Link != nil && !inTable(secs, sec.Link) {
			s.errorf(elf.ErrBadLink, "section %q: sh_link to section %q, which is not in the file", sec.Name, sec.Link.Name)
		}
		if sec.InfoSection != nil && !inTable(secs, sec.InfoSection) {
			s.errorf(elf.ErrBadLink, "section %q: sh_info to section %q, which is not in the file", sec.Name, sec.InfoSection.Name)
		}
	}
	if b.EntrySection != nil && !inTable(secs, b.EntrySection) {
		s.errorf(elf.ErrNotFound, "EntrySection %q is not in the file", b.EntrySection.Name)
	}
	for _, u := range b.Segments {
		if u == nil {
			continue
		}
		for _, sec := range u.Sections {
			if !inTable(secs, sec) {
				s.errorf(elf.ErrNotFound, "segment %v: section %v is not in the file", u.Type, sec)
			}
		}
	}
	if !s.isRel {
		s.errs = append(s.errs, checkSegments(l.phdrs, secs, b.AllowWX, nil, nil)...)
	}
	s.errs = append(s.errs, checkOverlap(l, nil)...)
	s.errs = append(s.errs, checkWidth(l, nil)...)
}

// checkSegments checks the program headers against each other and the
// sections: W+X, overlapping PT_LOADs, p_offset congruent to p_vaddr, and
// every loaded section inside a PT_LOAD at the right place. Only sections
// for which only(sec) is true and program headers for which onlySeg(i) is
// true are checked (all when the function is nil): a file from FromFile
// is checked for what was edited.
func checkSegments(phdrs []OutSegment, secs []*OutSection, allowWX bool, only func(*OutSection) bool, onlySeg func(int) bool) []error {
	var errs []error
	var loads []OutSegment
	anySeg := false
	for i, p := range phdrs {
		if p.Type != elf.PT_LOAD {
			continue
		}
		loads = append(loads, p)
		if onlySeg != nil && !onlySeg(i) {
			continue
		}
		anySeg = true
		if p.Flags&elf.PF_W != 0 && p.Flags&elf.PF_X != 0 && !allowWX {
			errs = append(errs, bad(elf.ErrUnsupported, "program header %d: PT_LOAD is writable and executable (set AllowWX to allow it)", i))
		}
		if p.Filesz > p.Memsz {
			errs = append(errs, bad(elf.ErrCorrupt, "program header %d: p_filesz %#x > p_memsz %#x", i, p.Filesz, p.Memsz))
		}
		if a := uint64(p.Align); a > 1 && (uint64(p.Vaddr)-uint64(p.Offset))%a != 0 {
			errs = append(errs, bad(elf.ErrOutOfRange, "program header %d: p_vaddr %#x and p_offset %#x differ modulo p_align %#x", i, p.Vaddr, p.Offset, p.Align))
		}
	}
	if len(loads) == 0 {
		return errs
	}
	sorted := slices.Clone(loads)
	slices.SortStableFunc(sorted, func(a, b OutSegment) int { return cmpU64(uint64(a.Vaddr), uint64(b.Vaddr)) })
	if anySeg {
		// Sorted by address, each segment must start after the furthest
		// end so far.
		far := 0
		for i := 1; i < len(sorted); i++ {
			p, q := sorted[far], sorted[i]
			if uint64(q.Vaddr) < uint64(p.Vaddr)+uint64(p.Memsz) && q.Memsz > 0 && p.Memsz > 0 {
				errs = append(errs, bad(elf.ErrCorrupt, "PT_LOAD segments at %#x and %#x overlap", p.Vaddr, q.Vaddr))
			}
			if uint64(q.Vaddr)+uint64(q.Memsz) > uint64(p.Vaddr)+uint64(p.Memsz) {
				far = i
			}
		}
	}
	for _, sec := range secs[1:] {
		if sec.Flags&elf.SHF_ALLOC == 0 || (only != nil && !only(sec)) {
			continue
		}
		if sec.Flags&elf.SHF_TLS != 0 && sec.Type == elf.SHT_NOBITS {
			continue // .tbss has no address of its own in the image
		}
		a, end := uint64(sec.Addr), uint64(sec.Addr)+uint64(sec.Size)
		ok := false
		// The segment that starts last at or before a.
		i, _ := slices.BinarySearchFunc(sorted, a+1, func(p OutSegment, t uint64) int { return cmpU64(uint64(p.Vaddr), t) })
		if i > 0 {
			p := sorted[i-1]
			if end <= uint64(p.Vaddr)+uint64(p.Memsz) {
				if sec.Type == elf.SHT_NOBITS || sec.Size == 0 {
					ok = true
				} else {
					fo := uint64(p.Offset) + (a - uint64(p.Vaddr))
					ok = fo == uint64(sec.Offset) && end-uint64(p.Vaddr) <= uint64(p.Filesz)
				}
			}
		}
		if !ok {
			errs = append(errs, bad(elf.ErrOutOfRange, "section %q (address %#x, size %#x, offset %#x) is not inside its PT_LOAD segment", sec.Name, sec.Addr, sec.Size, sec.Offset))
		}
	}
	return errs
}

// checkOverlap checks that the file ranges of the sections and the header
// tables do not overlap. Only pairs with at least one range for which
// only(sec) is true are checked (all when only is nil; a nil section
// stands for a header table).
func checkOverlap(l *layout, only func(*OutSection) bool) []error {
	type rng struct {
		off, end uint64
		sec      *OutSection
		what     string
	}
	var rs []rng
	rs = append(rs, rng{0, EhdrSize, nil, "ELF header"})
	if len(l.phdrs) > 0 {
		rs = append(rs, rng{l.phoff, l.phoff + uint64(len(l.phdrs))*PhdrSize, nil, "program header table"})
	}
	rs = append(rs, rng{l.shoff, l.shoff + uint64(len(l.secs))*ShdrSize, nil, "section header table"})
	for _, sec := range l.secs[1:] {
		if sec.Type == elf.SHT_NOBITS || sec.Size == 0 {
			continue
		}
		rs = append(rs, rng{uint64(sec.Offset), uint64(sec.Offset) + uint64(sec.Size), sec, "section " + sec.Name})
	}
	slices.SortStableFunc(rs, func(a, b rng) int { return cmpU64(a.off, b.off) })
	var errs []error
	far := 0 // the range reaching furthest so far
	for i := 1; i < len(rs); i++ {
		p, q := rs[far], rs[i]
		if q.off < p.end && (only == nil || (q.sec != nil && only(q.sec)) || (p.sec != nil && only(p.sec))) {
			errs = append(errs, bad(elf.ErrCorrupt, "%s (%#x-%#x) overlaps %s (%#x-%#x)", q.what, q.off, q.end, p.what, p.off, p.end))
		}
		if q.end > p.end {
			far = i
		}
	}
	return errs
}

// checkWidth checks that every value fits the class's fields: the file
// size, and the end of every section for which only(sec) is true (all when
// only is nil).
func checkWidth(l *layout, only func(*OutSection) bool) []error {
	limit := uint64(^Xword(0))
	var errs []error
	if l.size > limit {
		errs = append(errs, bad(elf.ErrOutOfRange, "file size %#x does not fit ELF%d", l.size, 8*wordSize))
	}
	for _, sec := range l.secs[1:] {
		if only != nil && !only(sec) {
			continue
		}
		if uint64(sec.Addr)+uint64(sec.Size) < uint64(sec.Addr) || (wordSize == 4 && uint64(sec.Addr)+uint64(sec.Size) > limit+1) {
			errs = append(errs, bad(elf.ErrOutOfRange, "section %q: address %#x + size %#x does not fit ELF%d", sec.Name, sec.Addr, sec.Size, 8*wordSize))
		}
	}
	return errs
}

// makePieces lists what WriteTo writes: the ELF header, the program header
// table, the sections and the section header table.
func (s *scratch) makePieces() {
	l, b := s.l, s.b
	secs := l.secs
	nsec := uint64(len(secs))
	shnum, shstrndx := uint16(nsec), uint16(s.shstrtab.index)
	var sec0 OutSection
	if nsec >= uint64(elf.SHN_LORESERVE) {
		shnum = 0
		sec0.Size = Xword(nsec)
	}
	if s.shstrtab.index >= uint32(elf.SHN_LORESERVE) {
		shstrndx = uint16(elf.SHN_XINDEX)
		sec0.rawLink = s.shstrtab.index
	}
	phnum := uint16(len(l.phdrs))
	if len(l.phdrs) >= elf.PN_XNUM {
		phnum = elf.PN_XNUM
		sec0.Info = uint32(len(l.phdrs))
	}
	entry := uint64(b.Entry)
	if b.EntrySection != nil {
		entry += uint64(b.EntrySection.Addr)
	}
	h := ehdrFields{typ: b.Type, machine: b.Machine, version: 1, entry: entry, shoff: l.shoff, flags: b.Flags,
		ehsize: EhdrSize, shentsize: ShdrSize, shnum: shnum, shstrndx: shstrndx, phnum: phnum}
	if len(l.phdrs) > 0 {
		h.phoff, h.phentsize = l.phoff, PhdrSize
	}
	eh := make([]byte, EhdrSize)
	b.putIdent(eh, nil)
	putEhdr(eh, s.big, &h)
	l.pieces = append(l.pieces, piece{off: 0, size: EhdrSize, data: eh})
	if len(l.phdrs) > 0 {
		l.pieces = append(l.pieces, piece{off: l.phoff, size: uint64(len(l.phdrs)) * PhdrSize, data: phdrBytes(l.phdrs, s.big)})
	}
	for _, sec := range secs[1:] {
		if sec.Type == elf.SHT_NOBITS || sec.Size == 0 {
			continue
		}
		p := piece{off: uint64(sec.Offset), size: uint64(sec.Size), sec: sec}
		switch sec {
		case s.symtab:
			p.sec, p.gen = nil, symGen(l.symtab, s.secValues(), s.big)
		case s.dynsym:
			p.sec, p.gen = nil, symGen(l.dynsym, s.secValues(), s.big)
		}
		l.pieces = append(l.pieces, p)
	}
	sh := make([]byte, nsec*ShdrSize)
	putShdr(sh, s.big, 0, 0, 0, 0, 0, uint64(sec0.Size), sec0.rawLink, sec0.Info, 0, 0)
	for i, sec := range secs[1:] {
		putSection(sh[uint64(i+1)*ShdrSize:], s.big, sec, s.nameOff[i+1])
	}
	l.pieces = append(l.pieces, piece{off: l.shoff, size: uint64(len(sh)), data: sh})
	sortPieces(l.pieces)
}

func sortPieces(ps []piece) {
	slices.SortStableFunc(ps, func(a, b piece) int { return cmpU64(a.off, b.off) })
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// putSection writes the header of sec with sh_name name.
func putSection(dst []byte, big bool, sec *OutSection, name uint32) {
	link := sec.rawLink
	if sec.Link != nil {
		link = sec.Link.index
	}
	info := sec.Info
	if sec.InfoSection != nil {
		info = sec.InfoSection.index
	}
	putShdr(dst, big, name, uint32(sec.Type), uint64(sec.Flags), uint64(sec.Addr), uint64(sec.Offset), uint64(sec.Size),
		link, info, uint64(sec.Addralign), uint64(sec.Entsize))
}

func phdrBytes(phdrs []OutSegment, big bool) []byte {
	d := make([]byte, uint64(len(phdrs))*PhdrSize)
	for i, p := range phdrs {
		putPhdr(d[uint64(i)*PhdrSize:], big, uint32(p.Type), uint32(p.Flags), uint64(p.Offset), uint64(p.Vaddr), uint64(p.Paddr),
			uint64(p.Filesz), uint64(p.Memsz), uint64(p.Align))
	}
	return d
}

// putIdent writes e_ident: a copy of orig when given, else the magic, class
// and version, then the byte order and OS/ABI fields of b.
func (b *Builder) putIdent(dst, orig []byte) {
	if orig != nil {
		copy(dst[:elf.EI_NIDENT], orig)
	} else {
		copy(dst, "\x7fELF")
		dst[elf.EI_CLASS] = byte(Class)
		dst[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	}
	dst[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	if b.BigEndian {
		dst[elf.EI_DATA] = byte(elf.ELFDATA2MSB)
	}
	dst[elf.EI_OSABI] = byte(b.OSABI)
	dst[elf.EI_ABIVERSION] = b.ABIVersion
}

// secValues returns, by place in Builder.Sections plus 1, what a symbol
// in the section adds to its value and its st_shndx.
// The second half is for TLS symbols, whose values are relative to the
// TLS segment.
func (s *scratch) secValues() []secValue {
	n := len(s.b.Sections) + 1
	v := make([]secValue, 2*n)
	tls := s.tlsStart()
	for i, sec := range s.b.Sections {
		x := &v[i+1]
		if !s.isRel {
			x.addr = uint64(sec.Addr)
		}
		x.shndx = uint16(sec.index)
		if sec.index >= uint32(elf.SHN_LORESERVE) {
			x.shndx = uint16(elf.SHN_XINDEX)
		}
		v[n+i+1] = *x
		if !s.isRel {
			v[n+i+1].addr -= tls
		}
	}
	return v
}

// tlsStart returns the address of the TLS segment (0 without one).
func (s *scratch) tlsStart() uint64 {
	for _, ph := range s.l.phdrs {
		if ph.Type == elf.PT_TLS {
			return uint64(ph.Vaddr)
		}
	}
	return 0
}

type secValue struct {
	addr  uint64
	shndx uint16
}

// symGen returns the generator of a symbol table's bytes.
func symGen(t *symTable, secs []secValue, big bool) func(*bufWriter) error {
	return func(w *bufWriter) error {
		w.write(zeroPage[:SymSize])
		w.records(len(t.recs), SymSize, func(dst []byte, first, n int) {
			putSymRecs(dst, big, t.recs[first:first+n], secs)
		})
		return nil
	}
}
