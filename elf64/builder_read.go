package elf64

import (
	"bytes"
	"errors"
	"slices"
	"unsafe"

	"github.com/elfkit/elf"
)

// original is what FromFile read: the file, and the raw values of what the
// model does not hold, so that an unchanged file is written back as it was.
type original struct {
	data []byte // the whole file
	ehdr []byte // its ELF header

	phModeled, shModeled bool // the tables were read into Segments and Sections
	phoff, shoff         uint64
	segs                 []OutSegment // the program headers as read
	phentsize, shentsize uint16
	nph, nsec            int  // the counts as read (nsec includes section 0)
	phXnum               bool // e_phnum was PN_XNUM
	shExt                bool // e_shnum was 0 with a section header table
	shstrXindex          bool // e_shstrndx was SHN_XINDEX
	sec0                 []byte
	shstrtab             *OutSection
	shstrData            []byte // shstrtab's Data as read
	gaps                 []piece
}

// origSection is a section as FromFile read it.
type origSection struct {
	name    string
	nameOff uint32
	size    Xword
	data    []byte
	hdr     OutSection // the header fields as read
}

// edited reports whether sec differs from the section FromFile read.
func (o *origSection) edited(sec *OutSection) bool {
	h := &o.hdr
	return !sameSlice(sec.Data, o.data) || sec.Type != h.Type || sec.Flags != h.Flags || sec.Addr != h.Addr ||
		sec.Offset != h.Offset || sec.Size != h.Size || sec.Addralign != h.Addralign
}

// sameSlice reports whether a and b are the same slice (not just equal).
func sameSlice(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.SliceData(a) == unsafe.SliceData(b))
}

// FromFile loads f into a Builder that writes it back unchanged: every
// section with its header fields and bytes (Data refers to f's bytes, so f
// must stay open while the Builder is used), every program header (as
// Segments, without Sections), the header fields, and every byte that no
// header or section covers (padding, data only program headers reach) at
// its offset. Parts of the file that cannot be read as tables (a damaged
// section header table, a section past the end of the file) are kept as
// bytes.
//
// Layout then keeps every offset and address. Edits it can lay out:
// changing any header field, section or segment field; changing a
// section's Data (in place when it is no longer than before, else, for a
// section that is not loaded, moved to the end of the file); renaming a
// section (the name is found in the section name table, or appended to a
// copy of its Data that Layout puts in its place); removing sections and
// program headers; adding sections that are not loaded (at the end of the
// file, as is the section header table when it grows). Growing or adding
// loaded sections and adding program headers give elf.ErrUnsupported.
// Layout checks what was edited: inconsistencies the file had when it was
// read are kept, so that any file can be written back. The derived-table fields
// (Symbols, DynSymbols, Relocs, Needed, Versions, Notes, ...) are for files
// built from scratch and must stay empty: the symbol and dynamic tables of
// a loaded file are sections like any other.
func FromFile(f *File) (*Builder, error) {
	data := f.Data()
	h := f.Ehdr()
	id := f.Ident()
	b := &Builder{
		BigEndian:  f.BigEndian(),
		OSABI:      id.OSABI,
		ABIVersion: id.ABIVersion,
		Type:       h.Type(),
		Machine:    h.Machine(),
		Flags:      h.Flags(),
		Entry:      h.Entry(),
	}
	k := &original{data: data, ehdr: data[:EhdrSize:EhdrSize]}
	b.keep = k
	type rng struct{ off, end uint64 }
	covered := []rng{{0, EhdrSize}}
	fsize := uint64(len(data))

	if phdrs, err := f.ProgramHeaders(); err == nil && phdrs.Len() > 0 {
		k.phModeled = true
		k.phoff, k.phentsize, k.nph = uint64(h.Phoff()), h.Phentsize(), phdrs.Len()
		k.phXnum = h.Phnum() == elf.PN_XNUM
		b.Segments = make([]*OutSegment, phdrs.Len())
		segs := make([]OutSegment, phdrs.Len())
		for i, p := range phdrs.All() {
			segs[i] = OutSegment{Type: p.Type(), Flags: p.Flags(), Offset: p.Offset(), Vaddr: p.Vaddr(), Paddr: p.Paddr(),
				Filesz: p.Filesz(), Memsz: p.Memsz(), Align: p.Align()}
			b.Segments[i] = &segs[i]
			k.segs = append(k.segs, segs[i])
			off := k.phoff + uint64(i)*uint64(k.phentsize)
			covered = append(covered, rng{off, off + PhdrSize})
		}
	}
	if shdrs, err := f.SectionHeaders(); err == nil && shdrs.Len() > 0 {
		k.shModeled = true
		k.shoff, k.shentsize, k.nsec = uint64(h.Shoff()), h.Shentsize(), shdrs.Len()
		k.shExt = h.Shnum() == 0
		k.shstrXindex = h.Shstrndx() == uint16(elf.SHN_XINDEX)
		k.sec0 = data[k.shoff : k.shoff+ShdrSize : k.shoff+ShdrSize]
		for i := range shdrs.Len() {
			off := k.shoff + uint64(i)*uint64(k.shentsize)
			covered = append(covered, rng{off, off + ShdrSize})
		}
		names, nerr := f.SectionNames()
		n := shdrs.Len()
		secs := make([]OutSection, n-1)
		origs := make([]origSection, n-1)
		b.Sections = make([]*OutSection, n-1)
		for i := 1; i < n; i++ {
			s := shdrs.At(i)
			sec := &secs[i-1]
			o := &origs[i-1]
			*sec = OutSection{Type: s.Type(), Flags: s.Flags(), Addr: s.Addr(), Offset: s.Offset(), Size: s.Size(),
				Info: s.Info(), Addralign: s.Addralign(), Entsize: s.Entsize(), index: uint32(i), orig: o}
			o.nameOff, o.size = s.Name(), s.Size()
			if nerr == nil {
				if name, err := names.String(s.Name()); err == nil {
					o.name = name
				}
			}
			sec.Name = o.name
			if s.Type() != elf.SHT_NOBITS {
				off, size := uint64(s.Offset()), uint64(s.Size())
				if off < fsize {
					end := off + min(size, fsize-off)
					sec.Data = data[off:end:end]
					covered = append(covered, rng{off, end})
				}
			}
			o.data = sec.Data
			o.hdr = *sec
			o.hdr.orig = nil
			b.Sections[i-1] = sec
		}
		for i := 1; i < n; i++ {
			s := shdrs.At(i)
			sec := b.Sections[i-1]
			if l := s.Link(); l > 0 && int(l) < n {
				sec.Link = b.Sections[l-1]
			} else {
				sec.rawLink = l
			}
			if info := s.Info(); (s.Type() == elf.SHT_REL || s.Type() == elf.SHT_RELA || s.Flags()&elf.SHF_INFO_LINK != 0) && info > 0 && int(info) < n {
				sec.InfoSection = b.Sections[info-1]
			}
		}
		if i := f.Shstrndx(); i > 0 && int(i) < n {
			k.shstrtab = b.Sections[i-1]
			k.shstrData = k.shstrtab.Data
		}
	}

	// Everything else is kept as bytes.
	slices.SortFunc(covered, func(a, b rng) int {
		if a.off != b.off {
			if a.off < b.off {
				return -1
			}
			return 1
		}
		return 0
	})
	pos := uint64(0)
	for _, r := range covered {
		if r.off > pos {
			k.gaps = append(k.gaps, piece{off: pos, size: r.off - pos, data: data[pos:r.off:r.off]})
		}
		pos = max(pos, r.end)
	}
	if pos < fsize {
		k.gaps = append(k.gaps, piece{off: pos, size: fsize - pos, data: data[pos:fsize:fsize]})
	}
	// Drop gaps of zeros: WriteTo writes zeros between pieces anyway.
	gaps := k.gaps[:0]
	for _, g := range k.gaps {
		if !allZero(g.data) {
			gaps = append(gaps, g)
		}
	}
	k.gaps = gaps
	return b, nil
}

func allZero(b []byte) bool {
	for len(b) >= 8 {
		if *(*uint64)(unsafe.Pointer(&b[0])) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// layoutKeep lays out a Builder from FromFile: everything stays where it
// was, except what was changed.
func (b *Builder) layoutKeep() (*layout, error) {
	k := b.keep
	l := &layout{}
	var errs []error
	errorf := func(sentinel error, format string, args ...any) {
		errs = append(errs, bad(sentinel, format, args...))
	}
	if len(b.Symbols) > 0 || len(b.DynSymbols) > 0 || len(b.Relocs) > 0 || len(b.Needed) > 0 || b.Interp != "" ||
		b.Soname != "" || b.Rpath != "" || b.Runpath != "" || len(b.DynEntries) > 0 || len(b.Versions) > 0 ||
		len(b.Needs) > 0 || len(b.BuildID) > 0 || len(b.Notes) > 0 {
		errorf(elf.ErrUnsupported, "a Builder from FromFile edits sections and segments; the derived-table fields (Symbols, DynSymbols, Relocs, Needed, ...) must be empty")
	}
	fsize := uint64(len(k.data))
	end := fsize // where appended data goes

	secs := make([]*OutSection, 1, len(b.Sections)+1)
	secs[0] = &OutSection{}
	seen := make(map[*OutSection]bool, len(b.Sections))
	for i, sec := range b.Sections {
		if sec == nil {
			errorf(elf.ErrNotFound, "Sections[%d] is nil", i)
			continue
		}
		if seen[sec] {
			errorf(elf.ErrCorrupt, "section %q is in Sections twice", sec.Name)
			continue
		}
		seen[sec] = true
		sec.index = uint32(len(secs))
		secs = append(secs, sec)
	}
	l.secs = secs
	writeSh := k.shModeled || len(secs) > 1
	if !k.shModeled && len(secs) > 1 && k.shstrtab == nil {
		errorf(elf.ErrUnsupported, "adding sections to a file without a section name table")
	}

	// Section names: as read when unchanged, else found in or appended to
	// the section name table.
	nameOff := make([]uint32, len(secs))
	var shstr []byte
	if k.shstrtab != nil {
		shstr = k.shstrtab.Data
	}
	shstrAsRead := k.shstrtab == nil || sameSlice(k.shstrtab.Data, k.shstrData)
	for i, sec := range secs[1:] {
		if o := sec.orig; o != nil && sec.Name == o.name && shstrAsRead {
			nameOff[i+1] = o.nameOff
			continue
		}
		if k.shstrtab == nil || !inTable(secs, k.shstrtab) {
			errorf(elf.ErrUnsupported, "section %q: no section name table to name it in", sec.Name)
			continue
		}
		if off := findString(shstr, sec.Name); off >= 0 {
			nameOff[i+1] = uint32(off)
			continue
		}
		if sameSlice(shstr, k.shstrtab.Data) {
			shstr = slices.Clip(shstr)
		}
		nameOff[i+1] = uint32(len(shstr))
		shstr = append(append(shstr, sec.Name...), 0)
	}
	if k.shstrtab != nil && !sameSlice(shstr, k.shstrtab.Data) {
		k.shstrtab.Data = shstr
	}

	// Sizes and places.
	changed := map[*OutSection]bool{}
	for _, sec := range secs[1:] {
		o := sec.orig
		if o != nil && !o.edited(sec) {
			continue
		}
		changed[sec] = true
		if o != nil && sameSlice(sec.Data, o.data) {
			continue // only header fields changed
		}
		if sec.Type != elf.SHT_NOBITS {
			sec.Size = Xword(len(sec.Data))
		}
		if o != nil && (sec.Type == elf.SHT_NOBITS || uint64(sec.Size) <= uint64(o.size)) {
			continue // fits where it was
		}
		if sec.Flags&elf.SHF_ALLOC != 0 {
			if o == nil {
				errorf(elf.ErrUnsupported, "section %q: adding a loaded section to a file from FromFile", sec.Name)
			} else {
				errorf(elf.ErrUnsupported, "section %q: a loaded section cannot grow (%#x to %#x bytes) in a file from FromFile", sec.Name, o.size, sec.Size)
			}
			continue
		}
		end = alignUp(end, secAlign(sec))
		sec.Offset = Off(end)
		if sec.Type != elf.SHT_NOBITS {
			end += uint64(sec.Size)
		}
	}

	// Header tables.
	if k.phModeled {
		l.phoff = k.phoff
		if len(b.Segments) > k.nph {
			errorf(elf.ErrUnsupported, "adding program headers to a file from FromFile (%d, was %d)", len(b.Segments), k.nph)
		}
	} else if len(b.Segments) > 0 {
		errorf(elf.ErrUnsupported, "adding program headers to a file from FromFile without a readable program header table")
	}
	l.phdrs = make([]OutSegment, 0, len(b.Segments))
	for i, p := range b.Segments {
		if p == nil {
			errorf(elf.ErrNotFound, "Segments[%d] is nil", i)
			continue
		}
		ph := *p
		if len(p.Sections) > 0 {
			cover(&ph, p.Sections)
			for _, sec := range p.Sections {
				if !inTable(secs, sec) {
					errorf(elf.ErrNotFound, "segment %d: section %q is not in the file", i, sec.Name)
				}
			}
		}
		l.phdrs = append(l.phdrs, ph)
	}
	shentsize := uint64(ShdrSize)
	if k.shModeled {
		shentsize = uint64(k.shentsize)
	}
	if writeSh {
		if k.shModeled && len(secs) <= k.nsec {
			l.shoff = k.shoff
		} else {
			end = alignUp(end, wordSize)
			l.shoff = end
			end += uint64(len(secs)) * shentsize
		}
	}
	l.size = max(fsize, end)

	// Checks of what changed.
	for _, sec := range secs[1:] {
		if sec.Link != nil && !inTable(secs, sec.Link) {
			errorf(elf.ErrBadLink, "section %q: sh_link to section %q, which is not in the file", sec.Name, sec.Link.Name)
		}
		if sec.InfoSection != nil && !inTable(secs, sec.InfoSection) {
			errorf(elf.ErrBadLink, "section %q: sh_info to section %q, which is not in the file", sec.Name, sec.InfoSection.Name)
		}
	}
	if b.EntrySection != nil && !inTable(secs, b.EntrySection) {
		errorf(elf.ErrNotFound, "EntrySection %q is not in the file", b.EntrySection.Name)
	}
	isChanged := func(sec *OutSection) bool { return changed[sec] }
	segChanged := func(i int) bool {
		if i >= len(k.segs) || i >= len(b.Segments) || b.Segments[i] == nil || len(b.Segments[i].Sections) > 0 {
			return true
		}
		p, q := b.Segments[i], &k.segs[i]
		return p.Type != q.Type || p.Flags != q.Flags || p.Offset != q.Offset || p.Vaddr != q.Vaddr || p.Paddr != q.Paddr ||
			p.Filesz != q.Filesz || p.Memsz != q.Memsz || p.Align != q.Align
	}
	anySeg := false
	for i := range l.phdrs {
		anySeg = anySeg || segChanged(i)
	}
	if len(changed) > 0 || anySeg {
		errs = append(errs, checkSegments(l.phdrs, secs, b.AllowWX, isChanged, segChanged)...)
		errs = append(errs, checkOverlap(l, isChanged)...)
	}
	errs = append(errs, checkWidth(l, isChanged)...)
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}

	// Pieces.
	h := Ehdr(view{b: k.ehdr, big: b.BigEndian})
	fields := ehdrFields{typ: b.Type, machine: b.Machine, version: h.Version(), entry: uint64(b.Entry), flags: b.Flags,
		ehsize: h.Ehsize(), phoff: uint64(h.Phoff()), phentsize: h.Phentsize(), phnum: h.Phnum(),
		shoff: uint64(h.Shoff()), shentsize: h.Shentsize(), shnum: h.Shnum(), shstrndx: h.Shstrndx()}
	if b.EntrySection != nil {
		fields.entry += uint64(b.EntrySection.Addr)
	}
	var sec0 []byte
	if k.sec0 != nil {
		sec0 = slices.Clone(k.sec0)
	} else {
		sec0 = make([]byte, ShdrSize)
	}
	s0 := Shdr(view{b: sec0, big: b.BigEndian})
	s0size, s0link, s0info := uint64(s0.Size()), s0.Link(), s0.Info()
	if k.phModeled {
		n := len(l.phdrs)
		fields.phnum = uint16(n)
		if k.phXnum || n >= elf.PN_XNUM {
			if !writeSh {
				return nil, bad(elf.ErrUnsupported, "%d program headers need a section header table", n)
			}
			fields.phnum, s0info = elf.PN_XNUM, uint32(n)
		}
	}
	if writeSh {
		n := len(secs)
		fields.shoff, fields.shnum = l.shoff, uint16(n)
		if !k.shModeled {
			fields.shentsize = ShdrSize
		}
		if k.shExt || n >= int(elf.SHN_LORESERVE) {
			fields.shnum, s0size = 0, uint64(n)
		}
		if k.shstrtab != nil && inTable(secs, k.shstrtab) {
			idx := k.shstrtab.index
			fields.shstrndx = uint16(idx)
			if k.shstrXindex || idx >= uint32(elf.SHN_LORESERVE) {
				fields.shstrndx, s0link = uint16(elf.SHN_XINDEX), idx
			}
		} else if k.shstrtab != nil {
			fields.shstrndx = 0
		}
		putShdr(sec0, b.BigEndian, s0.Name(), uint32(s0.Type()), uint64(s0.Flags()), uint64(s0.Addr()), uint64(s0.Offset()),
			s0size, s0link, s0info, uint64(s0.Addralign()), uint64(s0.Entsize()))
	}
	eh := slices.Clone(k.ehdr)
	b.putIdent(eh, k.ehdr)
	putEhdr(eh, b.BigEndian, &fields)
	l.pieces = append(l.pieces, piece{off: 0, size: EhdrSize, data: eh})
	if k.phModeled && len(l.phdrs) > 0 {
		d := phdrBytes(l.phdrs, b.BigEndian)
		stride := uint64(k.phentsize)
		for i := range l.phdrs {
			off := k.phoff + uint64(i)*stride
			l.pieces = append(l.pieces, piece{off: off, size: PhdrSize, data: d[uint64(i)*PhdrSize : uint64(i+1)*PhdrSize]})
		}
	}
	if writeSh {
		d := make([]byte, uint64(len(secs))*ShdrSize)
		copy(d, sec0)
		for i, sec := range secs[1:] {
			putSection(d[uint64(i+1)*ShdrSize:], b.BigEndian, sec, nameOff[i+1])
		}
		if shentsize == ShdrSize {
			l.pieces = append(l.pieces, piece{off: l.shoff, size: uint64(len(d)), data: d})
		} else {
			for i := range secs {
				l.pieces = append(l.pieces, piece{off: l.shoff + uint64(i)*shentsize, size: ShdrSize, data: d[uint64(i)*ShdrSize : uint64(i+1)*ShdrSize]})
			}
		}
	}
	for _, sec := range secs[1:] {
		if sec.Type == elf.SHT_NOBITS || sec.Size == 0 || len(sec.Data) == 0 {
			continue
		}
		l.pieces = append(l.pieces, piece{off: uint64(sec.Offset), size: min(uint64(sec.Size), uint64(len(sec.Data))), sec: sec})
	}
	l.pieces = append(l.pieces, k.gaps...)
	sortPieces(l.pieces)
	return l, nil
}

// findString returns the offset of a string equal to s in the string table
// t (possibly the tail of a longer one), or -1.
func findString(t []byte, s string) int {
	if s == "" {
		if len(t) > 0 && t[0] == 0 {
			return 0
		}
		if i := bytes.IndexByte(t, 0); i >= 0 {
			return i
		}
		return -1
	}
	for from := 0; ; {
		i := bytes.Index(t[from:], []byte(s))
		if i < 0 {
			return -1
		}
		i += from
		if i+len(s) < len(t) && t[i+len(s)] == 0 {
			return i
		}
		from = i + 1
	}
}
