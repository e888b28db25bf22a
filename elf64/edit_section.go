package elf64

import (
	"slices"
	"strings"

	"github.com/elfkit/elf"
)

// Section edits, as objcopy makes them (--add-section, --remove-section,
// --update-section, --strip-debug), on a file that must keep running.
//
// Sections that are not loaded follow the loaded part of the file; an edit
// lays them out again one after the other in section order, followed by the
// section header table, so that the file holds no dead bytes there. Loaded
// sections never move, except a note that grows (see ReplaceSection); a new
// loaded section goes into a PT_LOAD at the end of the address space (see
// grow). Every change needs a section header table with a section name
// table; a file without one gives an error wrapping elf.ErrUnsupported.

// sectionModel returns the model of the Editor's file, which must have a
// section header table and a section name table.
func (e *Editor) sectionModel() (*editModel, error) {
	m, err := e.model()
	if err != nil {
		return nil, err
	}
	if m.secs == nil || m.shstrndx == 0 || m.secs[m.shstrndx].typ != elf.SHT_STRTAB {
		return nil, elf.Errorf(-1, elf.ErrUnsupported, "editing the sections of a file without a section header table and a section name table")
	}
	return m, nil
}

// names returns the section name table.
func (m *editModel) names() StringTable { return NewStringTable(m.secBytes(int(m.shstrndx))) }

// find returns the index of the section named name.
func (m *editModel) find(name string) (int, error) {
	names := m.names()
	for i := 1; i < len(m.secs); i++ {
		if b, err := names.Bytes(m.secs[i].name); err == nil && string(b) == name {
			return i, nil
		}
	}
	return -1, elf.Errorf(-1, elf.ErrNotFound, "section %q", name)
}

// addName returns the offset of name in the section name table, appending
// it (and so moving the table to the tail) when it is not there.
func (m *editModel) addName(name string) uint32 {
	t := m.secBytes(int(m.shstrndx))
	if off := findString(t, name); off >= 0 {
		return uint32(off)
	}
	s := &m.secs[m.shstrndx]
	d := make([]byte, 0, len(t)+len(name)+1)
	d = append(append(append(d, t...), name...), 0)
	s.tail, s.data = true, d
	return uint32(len(t))
}

// checkName checks a new section's name.
func checkName(name string) error {
	if name == "" || strings.IndexByte(name, 0) >= 0 {
		return elf.Errorf(-1, elf.ErrBadString, "section name %q", name)
	}
	return nil
}

// insert adds s where objcopy adds a section, before the symbol and string
// tables that end the section list, and renumbers the others.
func (m *editModel) insert(s secHdr) error {
	at := len(m.secs)
	for at > 1 {
		p := m.secs[at-1]
		if p.flags&elf.SHF_ALLOC != 0 || (p.typ != elf.SHT_SYMTAB && p.typ != elf.SHT_STRTAB && p.typ != elf.SHT_SYMTAB_SHNDX) {
			break
		}
		at--
	}
	mapping := make([]int, len(m.secs))
	for i := range mapping {
		mapping[i] = i
		if i >= at {
			mapping[i] = i + 1
		}
	}
	if err := m.renumber(mapping); err != nil {
		return err
	}
	m.secs = slices.Insert(m.secs, at, s)
	return nil
}

// symTable returns the writable bytes and entry size of symbol table
// section i, and the writable SHT_SYMTAB_SHNDX table that goes with it (nil
// when there is none).
func (m *editModel) symTable(i int) (data []byte, ent uint64, shndx []byte, err error) {
	s := &m.secs[i]
	if s.entsize < SymSize {
		return nil, 0, nil, elf.Errorf(-1, elf.ErrBadEntSize, "section %d: symbol entry size %d", i, s.entsize)
	}
	if s.tail {
		s.data = slices.Clone(s.data)
	}
	for j := range m.secs {
		x := &m.secs[j]
		if x.typ == elf.SHT_SYMTAB_SHNDX && x.link == uint32(i) {
			if x.tail {
				x.data = slices.Clone(x.data)
			}
			shndx = m.secBytes(j)
		}
	}
	return m.secBytes(i), s.entsize, shndx, nil
}

// symAt returns entry k of a symbol table and its section index (through
// the SHT_SYMTAB_SHNDX table for SHN_XINDEX).
func (m *editModel) symAt(data []byte, ent uint64, shndx []byte, k int) (Sym, uint32) {
	sym := Sym(view{b: data[uint64(k)*ent : uint64(k)*ent+SymSize], big: m.big})
	idx := uint32(sym.Shndx())
	if sym.Shndx() == elf.SHN_XINDEX && len(shndx) >= 4*(k+1) {
		idx = u32(shndx, 4*k, m.big)
	}
	return sym, idx
}

// isSectionIndex reports whether a symbol's st_shndx names a section.
func isSectionIndex(sym Sym) bool {
	x := sym.Shndx()
	return x != elf.SHN_UNDEF && (x < elf.SHN_LORESERVE || x == elf.SHN_XINDEX)
}

// renumber gives section i the index mapping[i] (-1: removed) in sh_link,
// sh_info, e_shstrndx and the st_shndx of every symbol.
func (m *editModel) renumber(mapping []int) error {
	remap := func(v uint32, what string, i int) (uint32, error) {
		if v == 0 || int64(v) >= int64(len(mapping)) {
			return v, nil
		}
		if mapping[v] < 0 {
			return 0, elf.Errorf(-1, elf.ErrBadLink, "%s %d refers to removed section %d", what, i, v)
		}
		return uint32(mapping[v]), nil
	}
	tables := func(j int) bool {
		return mapping[j] >= 0 && (m.secs[j].typ == elf.SHT_SYMTAB || m.secs[j].typ == elf.SHT_DYNSYM)
	}
	err := m.eachSymbol(tables, func(sym Sym, idx uint32, k uint64, shndx []byte) error {
		if !isSectionIndex(sym) {
			return nil
		}
		n, err := remap(idx, "symbol", int(k))
		if err != nil {
			return err
		}
		if sym.Shndx() == elf.SHN_XINDEX {
			if uint64(len(shndx)) >= 4*(k+1) {
				p32(shndx[4*k:], n, m.big)
			}
			return nil
		}
		if n >= uint32(elf.SHN_LORESERVE) {
			return elf.Errorf(-1, elf.ErrUnsupported, "symbol %d: section index %d needs SHN_XINDEX", k, n)
		}
		putSym(sym.b, m.big, sym.Name(), sym.Info(), sym.Other(), uint16(n), uint64(sym.Value()), uint64(sym.Size()))
		return nil
	})
	if err != nil {
		return err
	}
	for i := range m.secs {
		s := &m.secs[i]
		if mapping[i] < 0 {
			continue
		}
		if s.link, err = remap(s.link, "the sh_link of section", i); err != nil {
			return err
		}
		if s.typ == elf.SHT_REL || s.typ == elf.SHT_RELA || s.flags&elf.SHF_INFO_LINK != 0 {
			if s.info, err = remap(s.info, "the sh_info of section", i); err != nil {
				return err
			}
		}
	}
	if m.shstrndx, err = remap(m.shstrndx, "e_shstrndx", int(m.shstrndx)); err != nil {
		return err
	}
	return nil
}

// covered reports whether a segment maps section i's memory or holds its
// bytes.
func (m *editModel) covered(i int) bool {
	s := m.secs[i]
	for _, p := range m.segs {
		if p.typ == elf.PT_LOAD && s.flags&elf.SHF_ALLOC != 0 && s.addr < p.vaddr+p.memsz && p.vaddr < s.addr+max(s.size, 1) {
			return true
		}
		if s.typ != elf.SHT_NOBITS && p.filesz > 0 && s.off < p.off+p.filesz && p.off < s.off+max(s.size, 1) && !s.tail {
			return true
		}
	}
	return false
}

// remove removes the sections marked in gone, and the relocation sections
// that apply to them, from the section header table; the symbols of
// .symtab in them, or for which drop is true, from .symtab.
func (m *editModel) remove(gone []bool, drop func(Sym) bool) error {
	for i, s := range m.secs {
		if (s.typ == elf.SHT_REL || s.typ == elf.SHT_RELA) && s.flags&elf.SHF_ALLOC == 0 && s.info > 0 &&
			int64(s.info) < int64(len(gone)) && gone[s.info] {
			gone[i] = true
		}
	}
	names := m.names()
	for i, g := range gone {
		if !g {
			continue
		}
		name, _ := names.String(m.secs[i].name)
		switch {
		case i == 0:
			return elf.Errorf(-1, elf.ErrUnsupported, "removing section 0")
		case uint32(i) == m.shstrndx:
			return elf.Errorf(-1, elf.ErrUnsupported, "removing the section name table %q", name)
		case m.secs[i].flags&elf.SHF_ALLOC != 0 && m.covered(i):
			return elf.Errorf(-1, elf.ErrUnsupported, "removing section %q, which a segment loads", name)
		}
	}
	if err := m.dropSymbols(gone, drop); err != nil {
		return err
	}
	mapping := make([]int, len(m.secs))
	n := 0
	for i := range mapping {
		mapping[i] = -1
		if !gone[i] {
			mapping[i] = n
			n++
		}
	}
	if err := m.renumber(mapping); err != nil {
		return err
	}
	secs := m.secs[:0:0]
	for i, s := range m.secs {
		if !gone[i] {
			secs = append(secs, s)
		}
	}
	m.secs = secs
	return m.rebuildNames()
}

// rebuildNames writes the section name table again with only the names
// of the sections that remain, as objcopy does, unless another section
// uses it as its string table.
func (m *editModel) rebuildNames() error {
	for _, s := range m.secs {
		if s.link == m.shstrndx {
			return nil
		}
	}
	names := m.names()
	var st strtab
	refs := make([]uint32, len(m.secs))
	for i := 1; i < len(m.secs); i++ {
		name, err := names.String(m.secs[i].name)
		if err != nil {
			return err
		}
		refs[i] = st.add(name)
	}
	st.build()
	for i := 1; i < len(m.secs); i++ {
		m.secs[i].name = st.off[refs[i]]
	}
	m.setData(int(m.shstrndx), st.data)
	return nil
}

// dropSymbols removes from .symtab the symbols in a removed section and
// those for which drop is true, and rebuilds its string table from the
// names that remain when no other section uses it.
func (m *editModel) dropSymbols(gone []bool, drop func(Sym) bool) error {
	for i := range m.secs {
		if gone[i] || m.secs[i].typ != elf.SHT_SYMTAB {
			continue
		}
		data, ent, shndx, err := m.symTable(i)
		if err != nil {
			return err
		}
		n := int(uint64(len(data)) / ent)
		var keep []int
		for k := range n {
			sym, idx := m.symAt(data, ent, shndx, k)
			inGone := isSectionIndex(sym) && int64(idx) < int64(len(gone)) && gone[idx]
			if k == 0 || !(inGone || (drop != nil && drop(sym))) {
				keep = append(keep, k)
			}
		}
		if len(keep) == n {
			continue
		}
		strIdx := int(m.secs[i].link)
		sharedStr := strIdx == 0 || strIdx >= len(m.secs) || uint32(strIdx) == m.shstrndx || m.secs[strIdx].typ != elf.SHT_STRTAB
		for j, x := range m.secs {
			if gone[j] || j == i {
				continue
			}
			if x.typ == elf.SHT_REL || x.typ == elf.SHT_RELA {
				if x.link == uint32(i) {
					return elf.Errorf(-1, elf.ErrUnsupported, "removing symbols from a symbol table that relocation section %d uses", j)
				}
			}
			if x.link == uint32(strIdx) && x.typ != elf.SHT_SYMTAB_SHNDX {
				sharedStr = true
			}
		}
		var st strtab
		names := NewStringTable(nil)
		if !sharedStr {
			names = NewStringTable(m.secBytes(strIdx))
		}
		nd := make([]byte, uint64(len(keep))*ent)
		var nx []byte
		if shndx != nil {
			nx = make([]byte, 4*len(keep))
		}
		info := uint32(0)
		refs := make([]uint32, len(keep))
		for j, k := range keep {
			copy(nd[uint64(j)*ent:], data[uint64(k)*ent:uint64(k+1)*ent])
			if nx != nil && len(shndx) >= 4*(k+1) {
				copy(nx[4*j:], shndx[4*k:4*k+4])
			}
			if uint32(k) < m.secs[i].info {
				info++
			}
			if !sharedStr {
				sym, _ := m.symAt(data, ent, shndx, k)
				name, err := names.String(sym.Name())
				if err != nil {
					return err
				}
				refs[j] = st.add(name)
			}
		}
		if !sharedStr {
			st.build()
			for j := range keep {
				sym, _ := m.symAt(nd, ent, nil, j)
				putSym(sym.b, m.big, st.off[refs[j]], sym.Info(), sym.Other(), uint16(sym.Shndx()), uint64(sym.Value()), uint64(sym.Size()))
			}
			m.setData(strIdx, st.data)
		}
		m.secs[i].info = info
		m.setData(i, nd)
		for j, x := range m.secs {
			if x.typ == elf.SHT_SYMTAB_SHNDX && x.link == uint32(i) && !gone[j] {
				m.setData(j, nx)
			}
		}
	}
	return nil
}

// setData replaces the bytes of a section that is not loaded.
func (m *editModel) setData(i int, d []byte) {
	s := &m.secs[i]
	if !s.tail && uint64(len(d)) <= s.size {
		b := m.buf[s.off : s.off+s.size]
		clear(b[copy(b, d):])
		s.size = uint64(len(d))
		return
	}
	s.tail, s.data, s.size = true, d, uint64(len(d))
}

// segFlags returns the segment flags that hold a section with flags f.
func segFlags(f elf.SectionFlag) (elf.ProgFlag, error) {
	p := elf.PF_R
	if f&elf.SHF_WRITE != 0 {
		p |= elf.PF_W
	}
	if f&elf.SHF_EXECINSTR != 0 {
		p |= elf.PF_X
	}
	if p&elf.PF_W != 0 && p&elf.PF_X != 0 {
		return 0, elf.Errorf(-1, elf.ErrUnsupported, "a section both writable and executable would need a W+X segment")
	}
	return p, nil
}

// place copies data into room reserved in a loaded segment for a section
// with flags f, with extra more program headers.
func (m *editModel) place(f elf.SectionFlag, align uint64, data []byte, extra int) (off, addr uint64, err error) {
	pf, err := segFlags(f)
	if err != nil {
		return 0, 0, err
	}
	off, addr, err = m.reserve(pf, uint64(len(data)), align, extra)
	if err != nil {
		return 0, 0, err
	}
	copy(m.buf[off:], data)
	return off, addr, nil
}

// AddSection adds a section named name with the given type, flags,
// alignment (0 means 1) and contents, where objcopy --add-section puts it
// in the section header table (before the symbol and string tables that
// end it). A section that is not loaded goes after the others at the end
// of the file. A loaded section (SHF_ALLOC) goes into a PT_LOAD at the end
// of the address space, read-only, read-write with SHF_WRITE or
// read-execute with SHF_EXECINSTR (both is refused), page-aligned after the
// last segment, or at the end of the one an earlier edit added when its
// flags agree (read-only contents may go into a read-write one); the
// program header table moves into it when it needs one more entry, and
// PT_PHDR follows. A name already in use, SHT_NOBITS, SHT_NULL and loaded
// SHF_TLS sections are refused.
func (e *Editor) AddSection(name string, typ elf.SectionType, flags elf.SectionFlag, align uint64, data []byte) error {
	m, err := e.addSection(name, typ, flags, align, data, 0)
	if err != nil {
		return err
	}
	return m.commit()
}

// addSection is AddSection reserving extra more program headers; it
// returns the model, not committed.
func (e *Editor) addSection(name string, typ elf.SectionType, flags elf.SectionFlag, align uint64, data []byte, extra int) (*editModel, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if typ == elf.SHT_NULL || typ == elf.SHT_NOBITS {
		return nil, elf.Errorf(-1, elf.ErrUnsupported, "adding a section of type %v", typ)
	}
	if flags&elf.SHF_ALLOC != 0 && flags&elf.SHF_TLS != 0 {
		return nil, elf.Errorf(-1, elf.ErrUnsupported, "adding a loaded SHF_TLS section (PT_TLS would change)")
	}
	align = max(align, 1)
	if align&(align-1) != 0 {
		return nil, elf.Errorf(-1, elf.ErrOutOfRange, "section alignment %d is not a power of two", align)
	}
	m, err := e.sectionModel()
	if err != nil {
		return nil, err
	}
	if _, err := m.find(name); err == nil {
		return nil, elf.Errorf(-1, elf.ErrUnsupported, "adding section %q: the file has one", name)
	}
	s := secHdr{typ: typ, flags: flags, size: uint64(len(data)), align: align}
	if flags&elf.SHF_ALLOC != 0 {
		if s.off, s.addr, err = m.place(flags, align, data, extra); err != nil {
			return nil, err
		}
	} else {
		s.tail, s.data = true, slices.Clone(data)
	}
	s.name = m.addName(name)
	if err := m.insert(s); err != nil {
		return nil, err
	}
	return m, nil
}

// noteBytes encodes one note with 4-byte alignment, as Linux notes are.
func noteBytes(name string, typ uint32, desc []byte, big bool) []byte {
	nsz := roundUp(uint64(len(name)+1), 4)
	b := make([]byte, 12+nsz+roundUp(uint64(len(desc)), 4))
	p32(b[0:], uint32(len(name)+1), big)
	p32(b[4:], uint32(len(desc)), big)
	p32(b[8:], typ, big)
	copy(b[12:], name)
	copy(b[12+nsz:], desc)
	return b
}

// AddNote adds a note with owner name, type typ and descriptor desc in a
// new loaded section ".note.<name>" of type SHT_NOTE (SHF_ALLOC, 4-byte
// alignment; see AddSection), and a PT_NOTE that covers it, as GNU ld
// makes for a note section: the PT_NOTE an earlier AddNote added grows
// instead when the new section directly follows it.
func (e *Editor) AddNote(name string, typ uint32, desc []byte) error {
	if strings.IndexByte(name, 0) >= 0 {
		return elf.Errorf(-1, elf.ErrBadString, "note name %q", name)
	}
	if uint64(len(name))+uint64(len(desc)) >= 1<<31 {
		return elf.Errorf(-1, elf.ErrTooLarge, "a note of %d bytes", len(desc))
	}
	data := noteBytes(name, typ, desc, e.f.big)
	m, err := e.addSection(".note."+name, elf.SHT_NOTE, elf.SHF_ALLOC, 4, data, 1)
	if err != nil {
		return err
	}
	i, err := m.find(".note." + name)
	if err != nil {
		return err
	}
	m.addNoteSegment(m.secs[i].off, m.secs[i].addr, uint64(len(data)), 4)
	return m.commit()
}

// addNoteSegment makes a PT_NOTE cover size bytes of notes at off and
// addr: the PT_NOTE with the same alignment that ends there grows, else a
// new one goes after the last PT_NOTE (or PT_LOAD).
func (m *editModel) addNoteSegment(off, addr, size, align uint64) {
	for i := range m.segs {
		p := &m.segs[i]
		if p.typ == elf.PT_NOTE && p.align == align && p.off+p.filesz == off && p.vaddr+p.memsz == addr {
			p.filesz += size
			p.memsz += size
			return
		}
	}
	after := elf.PT_LOAD
	for _, p := range m.segs {
		if p.typ == elf.PT_NOTE {
			after = elf.PT_NOTE
		}
	}
	m.addSegment(after, segHdr{elf.PT_NOTE, elf.PF_R, off, addr, addr, size, size, align})
}

// RemoveSection removes the section named name from the section header
// table, as objcopy --remove-section does: the relocation sections that
// apply to it go too, the symbols of .symtab defined in it are removed
// (.strtab is rebuilt from the names that remain), and the sh_link and
// sh_info of the other sections, e_shstrndx and the st_shndx of every
// symbol are renumbered. It refuses to remove section 0, the section name
// table, a section another one links to, a loaded section a segment maps
// (its bytes would stay in the memory image, and addresses into it are not
// known), and symbols from a .symtab that static relocations use.
func (e *Editor) RemoveSection(name string) error {
	m, err := e.sectionModel()
	if err != nil {
		return err
	}
	i, err := m.find(name)
	if err != nil {
		return err
	}
	gone := make([]bool, len(m.secs))
	gone[i] = true
	if err := m.remove(gone, nil); err != nil {
		return err
	}
	return m.commit()
}

// isDebugSection reports whether a section that is not loaded is debugging
// information by its name, by the rule of GNU BFD (which objcopy and strip
// use).
func isDebugSection(name string) bool {
	for _, p := range []string{".debug", ".zdebug", ".gnu.debuglto_.debug_", ".gnu.linkonce.wi.", ".line", ".stab"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return name == ".gdb_index"
}

// StripDebug removes the debugging information as strip --strip-debug
// (objcopy --strip-debug) does: the sections that are not loaded and whose
// names GNU BFD takes for debugging information (.debug*, .zdebug*,
// .gnu.debuglto_.debug_*, .gnu.linkonce.wi.*, .line*, .stab*, .gdb_index),
// the relocation sections for them, and the symbols of .symtab in them or
// of type STT_FILE (see RemoveSection).
func (e *Editor) StripDebug() error {
	m, err := e.sectionModel()
	if err != nil {
		return err
	}
	names := m.names()
	gone := make([]bool, len(m.secs))
	for i := 1; i < len(m.secs); i++ {
		if name, err := names.String(m.secs[i].name); err == nil && m.secs[i].flags&elf.SHF_ALLOC == 0 && isDebugSection(name) {
			gone[i] = true
		}
	}
	isFile := func(s Sym) bool { return elf.SymType(s.Info()&0xf) == elf.STT_FILE }
	if err := m.remove(gone, isFile); err != nil {
		return err
	}
	return m.commit()
}

// ReplaceSection replaces the contents of the section named name, as
// objcopy --update-section does. A section that is not loaded may take any
// size. A loaded section keeps its address when the contents are no longer
// than the old: they are written in place, the rest zeroed, and sh_size is
// the new size (a PT_NOTE that ends with the section shrinks with it). A
// loaded section that grows stays where it is when it ends the last
// PT_LOAD, which ends the loaded part of the file (as a section AddSection
// added last does): the segment grows. Otherwise a loaded note (SHT_NOTE)
// that grows moves into a segment at the end of the address space (see
// AddSection) with a PT_NOTE of its own, when it is a whole PT_NOTE or at
// either end of one and no dynamic symbol is in it; its .symtab symbols
// move with it. Refused: other loaded sections that grow (what refers to
// their addresses is not known), SHT_NOBITS sections,
// notes in the middle of a PT_NOTE that change size, and sections that
// change size in a segment other than PT_LOAD, PT_GNU_RELRO and PT_NOTE
// (PT_INTERP, PT_DYNAMIC, PT_GNU_PROPERTY, ...).
func (e *Editor) ReplaceSection(name string, data []byte) error {
	m, err := e.sectionModel()
	if err != nil {
		return err
	}
	i, err := m.find(name)
	if err != nil {
		return err
	}
	s := &m.secs[i]
	size := uint64(len(data))
	switch {
	case s.typ == elf.SHT_NOBITS:
		return elf.Errorf(-1, elf.ErrUnsupported, "replacing the contents of SHT_NOBITS section %q", name)
	case s.flags&elf.SHF_ALLOC == 0:
		m.setData(i, slices.Clone(data))
	case size <= s.size:
		if size < s.size {
			if err := m.resizeNote(i, size, false); err != nil {
				return err
			}
		}
		b := m.buf[s.off : s.off+s.size]
		clear(b[copy(b, data):])
		s.size = size
	default:
		grown, err := m.growInPlace(i, data)
		if err == nil && !grown {
			err = m.moveNote(i, data)
		}
		if err != nil {
			return err
		}
	}
	return m.commit()
}

// growInPlace grows loaded section i to hold data where it is when it ends
// the PT_LOAD that ends the address space and the loaded part of the file
// (as a section AddSection put there does), so that its address stays.
func (m *editModel) growInPlace(i int, data []byte) (bool, error) {
	s := &m.secs[i]
	last, _, _ := m.lastLoad()
	if last < 0 {
		return false, nil
	}
	p := &m.segs[last]
	end := s.off + s.size
	if p.filesz != p.memsz || p.off+p.filesz != end || end != uint64(len(m.buf)) || s.addr+s.size != p.vaddr+p.memsz {
		return false, nil
	}
	size := uint64(len(data))
	if err := m.resizeNote(i, size, false); err != nil {
		return false, err
	}
	d := size - s.size
	if err := m.extendTo(p.vaddr+p.memsz+d, end+d); err != nil {
		return false, err
	}
	p.filesz, p.memsz = p.filesz+d, p.memsz+d
	copy(m.buf[s.off:], data)
	s.size = size
	return true, nil
}

// resizeNote adjusts the segments other than PT_LOAD and PT_GNU_RELRO that
// cover loaded section i, which is to have size bytes: a PT_NOTE that ends
// with it changes size with it; with out, the section leaves them (a
// PT_NOTE that starts with it then starts after it, one that is just the
// section goes). A section in the middle of a PT_NOTE, or in another kind
// of segment, is refused.
func (m *editModel) resizeNote(i int, size uint64, out bool) error {
	s := m.secs[i]
	end := s.off + s.size
	for j := 0; j < len(m.segs); j++ {
		p := &m.segs[j]
		// PT_GNU_RELRO is a range of pages, not something to parse.
		if p.typ == elf.PT_LOAD || p.typ == elf.PT_GNU_RELRO || p.filesz == 0 || s.off >= p.off+p.filesz || p.off >= end {
			continue
		}
		if p.typ != elf.PT_NOTE {
			return elf.Errorf(-1, elf.ErrUnsupported, "section %d is in a %v segment", i, p.typ)
		}
		pend := p.off + p.filesz
		switch {
		case out && p.off == s.off && pend == end:
			m.segs = slices.Delete(m.segs, j, j+1)
			j--
		case out && p.off == s.off:
			d := end - p.off
			p.off, p.vaddr, p.paddr, p.filesz, p.memsz = end, p.vaddr+d, p.paddr+d, p.filesz-d, p.memsz-d
		case pend == end && p.filesz >= s.size:
			if out {
				size = 0
			}
			p.filesz, p.memsz = p.filesz-s.size+size, p.memsz-s.size+size
		default:
			return elf.Errorf(-1, elf.ErrUnsupported, "section %d is in the middle of a PT_NOTE", i)
		}
	}
	return nil
}

// moveNote moves loaded note section i, with new contents data, into a
// segment at the end of the address space.
func (m *editModel) moveNote(i int, data []byte) error {
	s := m.secs[i]
	if s.typ != elf.SHT_NOTE {
		return elf.Errorf(-1, elf.ErrUnsupported, "growing loaded section %d of type %v (addresses into it are not known)", i, s.typ)
	}
	err := m.symbolsIn(elf.SHT_DYNSYM, i, func(sym Sym, k uint64) error {
		return elf.Errorf(-1, elf.ErrUnsupported, "moving section %d, which dynamic symbol %d is in", i, k)
	})
	if err != nil {
		return err
	}
	if err := m.resizeNote(i, 0, true); err != nil {
		return err
	}
	align := max(s.align, 4)
	off, addr, err := m.place(s.flags, align, data, 1)
	if err != nil {
		return err
	}
	m.addNoteSegment(off, addr, uint64(len(data)), align)
	err = m.symbolsIn(elf.SHT_SYMTAB, i, func(sym Sym, _ uint64) error {
		v := uint64(sym.Value()) - s.addr + addr
		putSym(sym.b, m.big, sym.Name(), sym.Info(), sym.Other(), uint16(sym.Shndx()), v, uint64(sym.Size()))
		return nil
	})
	if err != nil {
		return err
	}
	ns := &m.secs[i]
	ns.off, ns.addr, ns.size = off, addr, uint64(len(data))
	return nil
}

// symbolsIn calls fn, until it fails, with each symbol (writable) of the
// symbol tables of type typ that is in section i, and its index.
func (m *editModel) symbolsIn(typ elf.SectionType, i int, fn func(Sym, uint64) error) error {
	return m.eachSymbol(func(j int) bool { return m.secs[j].typ == typ }, func(sym Sym, idx uint32, k uint64, _ []byte) error {
		if isSectionIndex(sym) && idx == uint32(i) {
			return fn(sym, k)
		}
		return nil
	})
}

// eachSymbol calls fn, until it fails, with each symbol (writable) of the
// symbol table sections j for which table(j) is true, its section index,
// its index in the table and the table's SHT_SYMTAB_SHNDX entries
// (writable, nil when there are none).
func (m *editModel) eachSymbol(table func(j int) bool, fn func(sym Sym, idx uint32, k uint64, shndx []byte) error) error {
	for j := range m.secs {
		if !table(j) {
			continue
		}
		d, ent, shndx, err := m.symTable(j)
		if err != nil {
			return err
		}
		for k := range uint64(len(d)) / ent {
			sym, idx := m.symAt(d, ent, shndx, int(k))
			if err := fn(sym, idx, k, shndx); err != nil {
				return err
			}
		}
	}
	return nil
}
