package elf64

import (
	"errors"
	"math/bits"

	"github.com/elfkit/elf"
)

// layout is the result of a successful Layout: what WriteTo writes.
type layout struct {
	secs   []*OutSection // section header table order; secs[0] is the null section
	phdrs  []OutSegment  // the program header table
	pieces []piece       // sorted by offset
	size   uint64
	phoff  uint64
	shoff  uint64

	symtab, dynsym *symTable
}

// SectionTable returns the sections in section header table order as of the
// last successful Layout, starting with the null section: index i of the
// result is section index i. It includes the sections Layout synthesized.
func (b *Builder) SectionTable() []*OutSection {
	if b.lay == nil {
		return nil
	}
	return b.lay.secs
}

// ProgramHeaders returns the program headers of the last successful
// Layout.
func (b *Builder) ProgramHeaders() []OutSegment {
	if b.lay == nil {
		return nil
	}
	return b.lay.phdrs
}

// SymbolValue returns the st_value Layout gives s: its section's address
// plus Value (Value alone in an ET_REL or when s has no section; for an
// STT_TLS symbol, the offset in the PT_TLS segment).
func (b *Builder) SymbolValue(s *OutSymbol) Addr {
	if s.Section == nil || b.Type == elf.ET_REL {
		return s.Value
	}
	if s.Type == elf.STT_TLS && b.lay != nil {
		// Relative to the TLS segment.
		for _, ph := range b.lay.phdrs {
			if ph.Type == elf.PT_TLS {
				return s.Section.Addr - ph.Vaddr + s.Value
			}
		}
	}
	return s.Section.Addr + s.Value
}

// Layout assigns offsets and addresses, synthesizes the derived sections
// and program headers, and checks the model. It returns every problem it
// finds, joined (errors.Join), each a *elf.FormatError wrapping a sentinel:
// elf.ErrBadLink for a link to a section that is not in the file,
// elf.ErrNotFound for a symbol, version or section that is referred to but
// missing, elf.ErrCorrupt for overlapping segments or sections,
// elf.ErrOutOfRange for a section outside its segment or a value too wide
// for the class, elf.ErrUnsupported for a writable and executable segment
// without AllowWX and for edits FromFile builders cannot make. After a
// successful Layout, WriteTo fails only on I/O errors.
func (b *Builder) Layout() error {
	b.lay = nil
	var (
		l   *layout
		err error
	)
	if b.keep != nil {
		l, err = b.layoutKeep()
	} else {
		l, err = b.layoutScratch()
	}
	if err != nil {
		return err
	}
	b.lay = l
	return nil
}

func bad(sentinel error, format string, args ...any) error {
	return elf.Errorf(-1, sentinel, format, args...)
}

func alignUp(v, a uint64) uint64 {
	if a <= 1 {
		return v
	}
	return (v + a - 1) &^ (a - 1)
}

func isPow2(v uint64) bool { return v&(v-1) == 0 }

// secAlign is a section's alignment, at least 1.
func secAlign(s *OutSection) uint64 { return max(uint64(s.Addralign), 1) }

// symTable is a symbol table in the order it is written.
type symTable struct {
	syms   []*OutSymbol // without the null symbol
	recs   []symRec     // the same symbols, as written
	nlocal int
	versym []uint16 // .dynsym only, without the null symbol's entry
}

// symRec is what a symbol table entry is written from: compact, so that
// writing a table reads memory in order and chases no pointers.
type symRec struct {
	value, size uint64 // value: relative to the section when sec != 0
	name        uint32 // string table reference, then offset
	sec         uint32 // the section's place in Builder.Sections plus 1, or 0
	info, other uint8
	shndx       uint16 // st_shndx when sec == 0
}

// scratch is the state of a from-scratch Layout.
type scratch struct {
	b       *Builder
	l       *layout
	errs    []error
	big     bool
	isRel   bool
	relType elf.SectionType
	relSize uint64
	ps      uint64
	dynamic bool

	interp, hash, gnuHash, dynsym, dynstr, versym, verdef, verneed *OutSection
	relDyn, dynamicSec, symtab, shndx, strtab, shstrtab, stack     *OutSection
	notes                                                          []*OutSection
	relSecs                                                        map[*OutSection]*OutSection // ET_REL: target -> its relocations

	dynStr, symStr, shStr strtab
	dynEnts               []OutDyn
	verNdx, needNdx       map[string]uint16
	nameOff               []uint32 // sh_name per section
	plans                 []phPlan
	fatal                 bool // an error that stops Layout before placing
}

func (s *scratch) errorf(sentinel error, format string, args ...any) {
	s.errs = append(s.errs, bad(sentinel, format, args...))
}

// fatalf records an error after which the file cannot be laid out.
func (s *scratch) fatalf(sentinel error, format string, args ...any) {
	s.errorf(sentinel, format, args...)
	s.fatal = true
}

func synth(name string, typ elf.SectionType, flags elf.SectionFlag, align, entsize uint64) *OutSection {
	return &OutSection{Name: name, Type: typ, Flags: flags, Addralign: Xword(align), Entsize: Xword(entsize)}
}

func (b *Builder) layoutScratch() (*layout, error) {
	s := &scratch{b: b, l: &layout{}, big: b.BigEndian, isRel: b.Type == elf.ET_REL}
	s.ps = b.MaxPageSize
	if s.ps == 0 {
		s.ps = DefaultMaxPageSize(b.Machine)
	}
	if !isPow2(s.ps) {
		s.errorf(elf.ErrOutOfRange, "MaxPageSize %#x is not a power of two", s.ps)
		s.ps = 0x1000
	}
	s.relType = b.RelocType
	if s.relType == 0 {
		s.relType = DefaultRelocType(b.Machine)
	}
	switch s.relType {
	case elf.SHT_REL:
		s.relSize = RelSize
	case elf.SHT_RELA:
		s.relSize = RelaSize
	default:
		s.errorf(elf.ErrUnsupported, "RelocType %v: want SHT_REL or SHT_RELA", s.relType)
		s.relType, s.relSize = elf.SHT_RELA, RelaSize
	}
	s.dynamic = !s.isRel && (b.Interp != "" || len(b.DynSymbols) > 0 || len(b.Needed) > 0 || b.Soname != "" ||
		len(b.DynEntries) > 0 || len(b.Relocs) > 0 || len(b.Versions) > 0 || len(b.Needs) > 0 || b.Type == elf.ET_DYN)

	s.checkSections()
	s.makeNotes()
	if b.Interp != "" {
		if s.isRel {
			s.errorf(elf.ErrUnsupported, "Interp in an ET_REL")
		}
		s.interp = synth(".interp", elf.SHT_PROGBITS, elf.SHF_ALLOC, 1, 0)
		s.interp.Data = append([]byte(b.Interp), 0)
	}
	s.makeSymtab()
	if s.dynamic {
		s.makeDynamic()
	} else if len(b.DynSymbols) > 0 || len(b.Needs) > 0 || len(b.Versions) > 0 {
		s.errorf(elf.ErrUnsupported, "dynamic symbols or versions in an ET_REL")
	}
	s.makeRelocSections()
	if s.isRel {
		flags := elf.SectionFlag(0)
		if b.ExecStack {
			flags = elf.SHF_EXECINSTR
		}
		s.stack = synth(".note.GNU-stack", elf.SHT_PROGBITS, flags, 1, 0)
	}
	if s.fatal {
		return nil, errors.Join(s.errs...)
	}

	s.order()
	s.l.secs[0] = &OutSection{}
	for i, sec := range s.l.secs {
		sec.index = uint32(i)
		if sec.Type != elf.SHT_NOBITS && sec != s.symtab && sec != s.dynsym {
			sec.Size = Xword(len(sec.Data))
		}
	}
	s.makeShstrtab()
	s.place()
	s.fillAddressed()
	s.check()
	if len(s.errs) > 0 {
		return nil, errors.Join(s.errs...)
	}
	s.makePieces()
	return s.l, nil
}

// checkSections checks the caller's sections and sets the sizes of those
// with Data.
func (s *scratch) checkSections() {
	seen := make(map[*OutSection]bool, len(s.b.Sections))
	for i, sec := range s.b.Sections {
		if sec == nil {
			s.fatalf(elf.ErrNotFound, "Sections[%d] is nil", i)
			continue
		}
		if seen[sec] {
			s.fatalf(elf.ErrCorrupt, "section %q is in Sections twice", sec.Name)
		}
		seen[sec] = true
		if !isPow2(uint64(sec.Addralign)) {
			s.errorf(elf.ErrOutOfRange, "section %q: sh_addralign %#x is not a power of two", sec.Name, sec.Addralign)
		}
		if sec.Type == elf.SHT_NOBITS && len(sec.Data) > 0 {
			s.errorf(elf.ErrCorrupt, "section %q: SHT_NOBITS with %d bytes of Data", sec.Name, len(sec.Data))
		}
		if sec.Type != elf.SHT_NOBITS {
			sec.Size = Xword(len(sec.Data))
		}
		sec.index = 0
		sec.lid = uint32(i + 1)
	}
}

// symRec captures sym for writing, with its name's string reference.
func (s *scratch) symRec(sym *OutSymbol, name uint32) symRec {
	r := symRec{value: uint64(sym.Value), size: uint64(sym.Size), name: name,
		info: elf.ST_INFO(sym.Bind, sym.Type), other: sym.Other, shndx: uint16(sym.Shndx)}
	if sec := sym.Section; sec != nil {
		if sec.lid == 0 || int(sec.lid) > len(s.b.Sections) || s.b.Sections[sec.lid-1] != sec {
			s.errorf(elf.ErrNotFound, "symbol %q: section %q is not in Sections", sym.Name, sec.Name)
			return r
		}
		r.sec = sec.lid
		if sym.Type == elf.STT_TLS {
			// The value of a TLS symbol is relative to the TLS segment:
			// the second half of secValues.
			r.sec += uint32(len(s.b.Sections)) + 1
		}
	}
	return r
}

// recSection returns the section of a symbol record (nil for none).
func (s *scratch) recSection(r *symRec) *OutSection {
	n := uint32(len(s.b.Sections))
	switch {
	case r.sec == 0:
		return nil
	case r.sec > n:
		return s.b.Sections[r.sec-n-2]
	}
	return s.b.Sections[r.sec-1]
}

// makeNotes builds the note sections: the build ID, then the notes of
// Notes grouped by section in the order the sections first appear.
func (s *scratch) makeNotes() {
	b := s.b
	if len(b.BuildID) > 0 {
		sec := synth(".note.gnu.build-id", elf.SHT_NOTE, elf.SHF_ALLOC, 4, 0)
		sec.Data = s.appendNote(nil, "GNU", uint32(elf.NT_GNU_BUILD_ID), b.BuildID)
		s.notes = append(s.notes, sec)
	}
	byName := map[string]*OutSection{}
	for _, n := range b.Notes {
		name := n.Section
		if name == "" {
			name = ".note"
		}
		sec := byName[name]
		if sec == nil {
			sec = synth(name, elf.SHT_NOTE, elf.SHF_ALLOC, 4, 0)
			byName[name] = sec
			s.notes = append(s.notes, sec)
		}
		sec.Data = s.appendNote(sec.Data, n.Name, n.Type, n.Desc)
	}
}

// appendNote appends a note with 4-byte alignment.
func (s *scratch) appendNote(dst []byte, name string, typ uint32, desc []byte) []byte {
	namesz := uint64(len(name)) + 1
	if name == "" {
		namesz = 0
	}
	var h [NhdrSize]byte
	p32(h[0:], uint32(namesz), s.big)
	p32(h[4:], uint32(len(desc)), s.big)
	p32(h[8:], typ, s.big)
	dst = append(dst, h[:]...)
	if namesz > 0 {
		dst = append(dst, name...)
		dst = append(dst, make([]byte, alignUp(namesz, 4)-uint64(len(name)))...)
	}
	dst = append(dst, desc...)
	return append(dst, make([]byte, alignUp(uint64(len(desc)), 4)-uint64(len(desc)))...)
}

// orderSymbols returns a table of syms, locals first, each part in the
// caller's order.
func orderSymbols(syms []*OutSymbol) *symTable {
	t := &symTable{syms: make([]*OutSymbol, len(syms)), recs: make([]symRec, len(syms))}
	for _, sym := range syms {
		if sym != nil && sym.Bind == elf.STB_LOCAL {
			t.nlocal++
		}
	}
	li, gi := 0, t.nlocal
	for _, sym := range syms {
		if sym != nil && sym.Bind == elf.STB_LOCAL {
			t.syms[li] = sym
			li++
		} else {
			t.syms[gi] = sym
			gi++
		}
	}
	return t
}

// makeSymtab builds .symtab and .strtab.
func (s *scratch) makeSymtab() {
	b := s.b
	if len(b.Symbols) == 0 && !s.isRel {
		return
	}
	t := orderSymbols(b.Symbols)
	for _, sym := range b.Symbols {
		if sym != nil {
			sym.symIndex = 0
		}
	}
	s.symStr.reset(len(t.syms))
	for i, sym := range t.syms {
		if sym == nil {
			s.fatalf(elf.ErrNotFound, "a Symbols entry is nil")
			continue
		}
		if sym.symIndex != 0 {
			s.errorf(elf.ErrCorrupt, "symbol %q is in Symbols twice", sym.Name)
		}
		sym.symIndex = uint32(i + 1)
		t.recs[i] = s.symRec(sym, s.symStr.add(sym.Name))
	}
	s.symStr.build()
	for i := range t.recs {
		t.recs[i].name = s.symStr.off[t.recs[i].name]
	}
	s.l.symtab = t
	s.symtab = synth(".symtab", elf.SHT_SYMTAB, 0, wordSize, SymSize)
	s.symtab.Size = Xword(uint64(len(t.syms)+1) * SymSize)
	s.symtab.Info = uint32(t.nlocal + 1)
	s.strtab = synth(".strtab", elf.SHT_STRTAB, 0, 1, 0)
	s.strtab.Data = s.symStr.data
	s.symtab.Link = s.strtab
}

// bucketCount is the number of hash buckets GNU ld uses for n symbols.
func bucketCount(n int) uint32 {
	sizes := [...]uint32{1, 3, 17, 37, 67, 97, 131, 197, 263, 521, 1031, 2053, 4099, 8209, 16411, 32771, 65537, 131101, 262147}
	best := sizes[0]
	for i, v := range sizes {
		best = v
		if i+1 == len(sizes) || uint64(n) < uint64(sizes[i+1]) {
			break
		}
	}
	return best
}

func defined(sym *OutSymbol) bool { return sym.Section != nil || sym.Shndx != elf.SHN_UNDEF }

// makeDynamic builds .dynsym, .dynstr, the hash tables, the version
// sections and .dynamic (whose values are filled in after placement).
func (s *scratch) makeDynamic() {
	b := s.b
	t := orderSymbols(b.DynSymbols)
	for _, sym := range t.syms {
		if sym == nil {
			s.fatalf(elf.ErrNotFound, "a DynSymbols entry is nil")
			return
		}
		sym.dynIndex = 0
	}
	// Globals: undefined first, then defined (hashed) ones by bucket.
	globals := t.syms[t.nlocal:]
	nundef := 0
	for _, sym := range globals {
		if !defined(sym) {
			nundef++
		}
	}
	{
		ordered := make([]*OutSymbol, 0, len(globals))
		for _, sym := range globals {
			if !defined(sym) {
				ordered = append(ordered, sym)
			}
		}
		for _, sym := range globals {
			if defined(sym) {
				ordered = append(ordered, sym)
			}
		}
		copy(globals, ordered)
	}
	hashed := globals[nundef:]
	var gnuHashes []uint32
	var nbuckets uint32
	if s.b.HashStyle != HashSysV && len(hashed) > 0 {
		// Counting sort by bucket, stable.
		nbuckets = bucketCount(len(hashed))
		hs := make([]uint32, len(hashed))
		count := make([]uint32, nbuckets+1)
		for i, sym := range hashed {
			hs[i] = elf.GNUHash(sym.Name)
			count[hs[i]%nbuckets+1]++
		}
		for i := 1; i < len(count); i++ {
			count[i] += count[i-1]
		}
		sorted := make([]*OutSymbol, len(hashed))
		gnuHashes = make([]uint32, len(hashed))
		for i, sym := range hashed {
			k := hs[i] % nbuckets
			sorted[count[k]] = sym
			gnuHashes[count[k]] = hs[i]
			count[k]++
		}
		copy(hashed, sorted)
	}
	symoff := uint32(1 + t.nlocal + nundef)

	// Versions.
	s.verNdx = map[string]uint16{}
	s.needNdx = map[string]uint16{}
	next := uint16(2)
	if len(b.Versions) > 0 {
		for _, v := range b.Versions {
			if _, dup := s.verNdx[v.Name]; dup || v.Name == "" {
				s.errorf(elf.ErrCorrupt, "version definition %q is empty or defined twice", v.Name)
			}
			s.verNdx[v.Name] = next
			next++
		}
	}
	for _, n := range b.Needs {
		for _, v := range n.Versions {
			if _, dup := s.needNdx[v.Name]; !dup {
				s.needNdx[v.Name] = next
			}
			next++
		}
	}
	versioned := len(b.Versions) > 0 || len(b.Needs) > 0
	if versioned {
		t.versym = make([]uint16, len(t.syms))
	}

	s.dynStr.reset(len(t.syms) + 16)
	for i, sym := range t.syms {
		if sym.dynIndex != 0 {
			s.errorf(elf.ErrCorrupt, "symbol %q is in DynSymbols twice", sym.Name)
		}
		sym.dynIndex = uint32(i + 1)
		t.recs[i] = s.symRec(sym, s.dynStr.add(sym.Name))
		var ndx uint16
		switch {
		case sym.Bind == elf.STB_LOCAL:
			ndx = 0
		case sym.Version == "":
			ndx = 1
		case defined(sym):
			v, ok := s.verNdx[sym.Version]
			if !ok {
				s.errorf(elf.ErrNotFound, "dynamic symbol %q: version %q is not in Versions", sym.Name, sym.Version)
			}
			ndx = v
			if sym.Hidden {
				ndx |= 0x8000
			}
		default:
			v, ok := s.needNdx[sym.Version]
			if !ok {
				s.errorf(elf.ErrNotFound, "undefined dynamic symbol %q: version %q is not in Needs", sym.Name, sym.Version)
			}
			ndx = v
		}
		if t.versym != nil {
			t.versym[i] = ndx
		}
	}
	// Strings of the dynamic table and the versions.
	neededRefs := make([]uint32, len(b.Needed))
	for i, n := range b.Needed {
		neededRefs[i] = s.dynStr.add(n)
	}
	var sonameRef, rpathRef, runpathRef uint32
	if b.Soname != "" {
		sonameRef = s.dynStr.add(b.Soname)
	}
	if b.Rpath != "" {
		rpathRef = s.dynStr.add(b.Rpath)
	}
	if b.Runpath != "" {
		runpathRef = s.dynStr.add(b.Runpath)
	}
	var defRefs [][]uint32 // per definition (base first): name, parents...
	if len(b.Versions) > 0 {
		defRefs = append(defRefs, []uint32{s.dynStr.add(b.Soname)})
		for _, v := range b.Versions {
			refs := []uint32{s.dynStr.add(v.Name)}
			for _, p := range v.Parents {
				if _, ok := s.verNdx[p]; !ok {
					s.errorf(elf.ErrNotFound, "version %q: parent %q is not in Versions", v.Name, p)
				}
				refs = append(refs, s.dynStr.add(p))
			}
			defRefs = append(defRefs, refs)
		}
	}
	var needRefs [][]uint32 // per file: file, versions...
	for _, n := range b.Needs {
		refs := []uint32{s.dynStr.add(n.File)}
		for _, v := range n.Versions {
			refs = append(refs, s.dynStr.add(v.Name))
		}
		needRefs = append(needRefs, refs)
	}
	s.dynStr.build()
	off := s.dynStr.off
	for i := range t.recs {
		t.recs[i].name = off[t.recs[i].name]
	}
	s.l.dynsym = t

	s.dynstr = synth(".dynstr", elf.SHT_STRTAB, elf.SHF_ALLOC, 1, 0)
	s.dynstr.Data = s.dynStr.data
	s.dynsym = synth(".dynsym", elf.SHT_DYNSYM, elf.SHF_ALLOC, wordSize, SymSize)
	s.dynsym.Size = Xword(uint64(len(t.syms)+1) * SymSize)
	s.dynsym.Info = uint32(t.nlocal + 1)
	s.dynsym.Link = s.dynstr

	nsym := len(t.syms) + 1
	if s.b.HashStyle != HashGNU {
		s.hash = synth(".hash", elf.SHT_HASH, elf.SHF_ALLOC, wordSize, uint64(hashEntrySize(b.Machine)))
		s.hash.Data = s.sysvHash(t)
		s.hash.Link = s.dynsym
	}
	if s.b.HashStyle != HashSysV {
		// GNU ld's sh_entsize: 4 in ELF32 (every word is 4 bytes), 0 in
		// ELF64 (the bloom words are 8).
		s.gnuHash = synth(".gnu.hash", elf.SHT_GNU_HASH, elf.SHF_ALLOC, wordSize, 8-wordSize)
		s.gnuHash.Data = s.gnuHashTable(nbuckets, symoff, gnuHashes, nsym)
		s.gnuHash.Link = s.dynsym
	}
	if versioned {
		s.versym = synth(".gnu.version", elf.SHT_GNU_VERSYM, elf.SHF_ALLOC, 2, 2)
		d := make([]byte, 2*nsym)
		for i, v := range t.versym {
			p16(d[2*(i+1):], v, s.big)
		}
		s.versym.Data = d
		s.versym.Link = s.dynsym
	}
	if len(defRefs) > 0 {
		s.verdef = synth(".gnu.version_d", elf.SHT_GNU_VERDEF, elf.SHF_ALLOC, wordSize, 0)
		s.verdef.Data = s.verdefData(defRefs)
		s.verdef.Link = s.dynstr
		s.verdef.Info = uint32(len(defRefs))
	}
	if len(needRefs) > 0 {
		s.verneed = synth(".gnu.version_r", elf.SHT_GNU_VERNEED, elf.SHF_ALLOC, wordSize, 0)
		s.verneed.Data = s.verneedData(needRefs)
		s.verneed.Link = s.dynstr
		s.verneed.Info = uint32(len(needRefs))
	}
	if len(b.Relocs) > 0 {
		name := ".rela.dyn"
		if s.relType == elf.SHT_REL {
			name = ".rel.dyn"
		}
		s.relDyn = synth(name, s.relType, elf.SHF_ALLOC, wordSize, s.relSize)
		s.relDyn.Data = make([]byte, uint64(len(b.Relocs))*s.relSize)
		s.relDyn.Link = s.dynsym
	}
	s.dynamicSec = synth(".dynamic", elf.SHT_DYNAMIC, elf.SHF_ALLOC|elf.SHF_WRITE, wordSize, DynSize)
	s.dynamicSec.Link = s.dynstr

	// The dynamic table, in GNU ld's order.
	e := func(tag elf.DynTag, val uint64, sec *OutSection) {
		s.dynEnts = append(s.dynEnts, OutDyn{Tag: tag, Val: Xword(val), Section: sec})
	}
	for _, r := range neededRefs {
		e(elf.DT_NEEDED, uint64(off[r]), nil)
	}
	if b.Soname != "" {
		e(elf.DT_SONAME, uint64(off[sonameRef]), nil)
	}
	if b.Rpath != "" {
		e(elf.DT_RPATH, uint64(off[rpathRef]), nil)
	}
	if b.Runpath != "" {
		e(elf.DT_RUNPATH, uint64(off[runpathRef]), nil)
	}
	if s.hash != nil {
		e(elf.DT_HASH, 0, s.hash)
	}
	if s.gnuHash != nil {
		e(elf.DT_GNU_HASH, 0, s.gnuHash)
	}
	e(elf.DT_STRTAB, 0, s.dynstr)
	e(elf.DT_SYMTAB, 0, s.dynsym)
	e(elf.DT_STRSZ, uint64(len(s.dynstr.Data)), nil)
	e(elf.DT_SYMENT, SymSize, nil)
	if b.Interp != "" {
		e(elf.DT_DEBUG, 0, nil) // for debuggers; the loader fills it in
	}
	if s.relDyn != nil {
		if s.relType == elf.SHT_RELA {
			e(elf.DT_RELA, 0, s.relDyn)
			e(elf.DT_RELASZ, uint64(len(s.relDyn.Data)), nil)
			e(elf.DT_RELAENT, RelaSize, nil)
		} else {
			e(elf.DT_REL, 0, s.relDyn)
			e(elf.DT_RELSZ, uint64(len(s.relDyn.Data)), nil)
			e(elf.DT_RELENT, RelSize, nil)
		}
		for _, r := range b.Relocs {
			if r.Section != nil && r.Section.Flags&elf.SHF_WRITE == 0 {
				e(elf.DT_TEXTREL, 0, nil)
				break
			}
		}
	}
	s.dynEnts = append(s.dynEnts, b.DynEntries...)
	if s.verdef != nil {
		e(elf.DT_VERDEF, 0, s.verdef)
		e(elf.DT_VERDEFNUM, uint64(len(defRefs)), nil)
	}
	if s.verneed != nil {
		e(elf.DT_VERNEED, 0, s.verneed)
		e(elf.DT_VERNEEDNUM, uint64(len(needRefs)), nil)
	}
	if s.versym != nil {
		e(elf.DT_VERSYM, 0, s.versym)
	}
	e(elf.DT_NULL, 0, nil)
	s.dynamicSec.Data = make([]byte, uint64(len(s.dynEnts))*DynSize)
}

// sysvHash builds the .hash table of the symbols of t.
func (s *scratch) sysvHash(t *symTable) []byte {
	ent := hashEntrySize(s.b.Machine)
	nsym := uint32(len(t.syms) + 1)
	nb := bucketCount(len(t.syms) - t.nlocal)
	d := make([]byte, ent*int(2+nb+nsym))
	put := func(i uint32, v uint32) {
		if ent == 8 {
			p64(d[8*i:], uint64(v), s.big)
		} else {
			p32(d[4*i:], v, s.big)
		}
	}
	get := func(i uint32) uint32 {
		if ent == 8 {
			return uint32(u64(d, 8*int(i), s.big))
		}
		return u32(d, 4*int(i), s.big)
	}
	put(0, nb)
	put(1, nsym)
	for i := t.nlocal; i < len(t.syms); i++ {
		idx := uint32(i + 1)
		b := elf.SysVHash(t.syms[i].Name) % nb
		put(2+nb+idx, get(2+b))
		put(2+b, idx)
	}
	return d
}

// gnuHashTable builds the .gnu.hash table of nsym symbols whose hashed ones,
// from index symoff, have the hashes hs and are sorted by bucket.
func (s *scratch) gnuHashTable(nbuckets, symoff uint32, hs []uint32, nsym int) []byte {
	if len(hs) == 0 {
		// GNU ld's empty table: one empty bucket, one zero bloom word.
		d := make([]byte, 16+wordSize+4)
		p32(d[0:], 1, s.big)
		p32(d[4:], 1, s.big)
		p32(d[8:], 1, s.big)
		return d
	}
	// The bloom filter as GNU ld sizes it: a power of two of words.
	n := uint32(len(hs))
	log2 := uint32(bits.Len32(n - 1)) // ceil(log2(n))
	if n == 1 {
		log2 = 0
	}
	maskbitsLog2 := log2 + 1
	switch {
	case maskbitsLog2 < 3:
		maskbitsLog2 = 5
	case (1<<(maskbitsLog2-2))&n != 0:
		maskbitsLog2 += 3
	default:
		maskbitsLog2 += 2
	}
	shift1 := uint32(5)
	if wordSize == 8 {
		shift1 = 6
		if maskbitsLog2 == 5 {
			maskbitsLog2 = 6
		}
	}
	shift2 := maskbitsLog2
	maskwords := uint32(1) << (maskbitsLog2 - shift1)
	wbits := uint32(8 * wordSize)
	bloom := make([]uint64, maskwords)
	for _, h := range hs {
		w := (h / wbits) & (maskwords - 1)
		bloom[w] |= 1<<(h%wbits) | 1<<((h>>shift2)%wbits)
	}
	size := 16 + int(maskwords)*wordSize + 4*int(nbuckets) + 4*len(hs)
	d := make([]byte, size)
	p32(d[0:], nbuckets, s.big)
	p32(d[4:], symoff, s.big)
	p32(d[8:], maskwords, s.big)
	p32(d[12:], shift2, s.big)
	o := 16
	for _, w := range bloom {
		putWord(d[o:], s.big, w)
		o += wordSize
	}
	buckets := d[o : o+4*int(nbuckets)]
	chains := d[o+4*int(nbuckets):]
	for i, h := range hs {
		b := h % nbuckets
		if u32(buckets, 4*int(b), s.big) == 0 {
			p32(buckets[4*b:], symoff+uint32(i), s.big)
		}
		v := h &^ 1
		if i+1 == len(hs) || hs[i+1]%nbuckets != b {
			v |= 1
		}
		p32(chains[4*i:], v, s.big)
	}
	return d
}

// verdefData builds .gnu.version_d; refs[i] are the string references of
// definition i (base first): its name, then its parents.
func (s *scratch) verdefData(refs [][]uint32) []byte {
	var d []byte
	off := s.dynStr.off
	for i, r := range refs {
		var rec [VerdefSize]byte
		flags := elf.VER_FLG_BASE
		if i > 0 {
			flags = s.b.Versions[i-1].Flags
		}
		name := s.b.Soname
		if i > 0 {
			name = s.b.Versions[i-1].Name
		}
		p16(rec[0:], 1, s.big)
		p16(rec[2:], uint16(flags), s.big)
		p16(rec[4:], uint16(i+1), s.big)
		p16(rec[6:], uint16(len(r)), s.big)
		p32(rec[8:], elf.SysVHash(name), s.big)
		p32(rec[12:], VerdefSize, s.big)
		if i+1 < len(refs) {
			p32(rec[16:], uint32(VerdefSize+VerdauxSize*len(r)), s.big)
		}
		d = append(d, rec[:]...)
		for j, ref := range r {
			var aux [VerdauxSize]byte
			p32(aux[0:], off[ref], s.big)
			if j+1 < len(r) {
				p32(aux[4:], VerdauxSize, s.big)
			}
			d = append(d, aux[:]...)
		}
	}
	return d
}

// verneedData builds .gnu.version_r; refs[i] are the string references of
// file i: its name, then its versions.
func (s *scratch) verneedData(refs [][]uint32) []byte {
	var d []byte
	off := s.dynStr.off
	next := uint16(2 + len(s.b.Versions))
	if len(s.b.Versions) == 0 {
		next = 2
	}
	for i, r := range refs {
		need := s.b.Needs[i]
		var rec [VerneedSize]byte
		p16(rec[0:], 1, s.big)
		p16(rec[2:], uint16(len(need.Versions)), s.big)
		p32(rec[4:], off[r[0]], s.big)
		p32(rec[8:], VerneedSize, s.big)
		if i+1 < len(refs) {
			p32(rec[12:], uint32(VerneedSize+VernauxSize*len(need.Versions)), s.big)
		}
		d = append(d, rec[:]...)
		for j, v := range need.Versions {
			var aux [VernauxSize]byte
			p32(aux[0:], elf.SysVHash(v.Name), s.big)
			p16(aux[4:], uint16(v.Flags), s.big)
			p16(aux[6:], next, s.big)
			next++
			p32(aux[8:], off[r[1+j]], s.big)
			if j+1 < len(need.Versions) {
				p32(aux[12:], VernauxSize, s.big)
			}
			d = append(d, aux[:]...)
		}
	}
	return d
}

// makeRelocSections makes the relocation sections of an ET_REL, one per
// patched section (their contents are written after placement).
func (s *scratch) makeRelocSections() {
	if !s.isRel || len(s.b.Relocs) == 0 {
		return
	}
	s.relSecs = map[*OutSection]*OutSection{}
	count := map[*OutSection]int{}
	for i, r := range s.b.Relocs {
		if r.Section == nil {
			s.errorf(elf.ErrNotFound, "Relocs[%d]: no Section", i)
			continue
		}
		count[r.Section]++
	}
	prefix := ".rela"
	if s.relType == elf.SHT_REL {
		prefix = ".rel"
	}
	for _, sec := range s.b.Sections {
		if n := count[sec]; n > 0 && s.relSecs[sec] == nil {
			rs := synth(prefix+sec.Name, s.relType, elf.SHF_INFO_LINK, wordSize, s.relSize)
			rs.Data = make([]byte, uint64(n)*s.relSize)
			rs.InfoSection = sec
			rs.Link = s.symtab
			s.relSecs[sec] = rs
		}
	}
}

// Section groups in the order of the file.
const (
	groupR = iota // read-only, with the headers
	groupRX
	groupRW
	groupRWX
	groupNone // not loaded
	numGroups
)

func groupOf(sec *OutSection) int {
	if sec.Flags&elf.SHF_ALLOC == 0 {
		return groupNone
	}
	w, x := sec.Flags&elf.SHF_WRITE != 0, sec.Flags&elf.SHF_EXECINSTR != 0
	switch {
	case w && x:
		return groupRWX
	case x:
		return groupRX
	case w:
		return groupRW
	}
	return groupR
}

// order puts every section in file order into l.secs (index 0 left for
// the null section).
func (s *scratch) order() {
	b := s.b
	secs := []*OutSection{nil}
	add := func(list ...*OutSection) {
		for _, sec := range list {
			if sec != nil {
				secs = append(secs, sec)
			}
		}
	}
	if s.isRel {
		for _, sec := range b.Sections {
			add(sec, s.relSecs[sec])
		}
		add(s.stack)
		add(s.symtab)
		s.addShndx(&secs)
		add(s.strtab)
		s.shstrtab = synth(".shstrtab", elf.SHT_STRTAB, 0, 1, 0)
		add(s.shstrtab)
		s.l.secs = secs
		return
	}
	var byGroup [numGroups][]*OutSection
	for _, sec := range b.Sections {
		g := groupOf(sec)
		byGroup[g] = append(byGroup[g], sec)
	}
	// Read-only: .interp, notes, dynamic linking tables, then the caller's.
	add(s.interp)
	add(s.notes...)
	for _, sec := range byGroup[groupR] {
		if sec.Type == elf.SHT_NOTE {
			add(sec)
		}
	}
	add(s.hash, s.gnuHash, s.dynsym, s.dynstr, s.versym, s.verdef, s.verneed, s.relDyn)
	for _, nobits := range []bool{false, true} {
		for _, sec := range byGroup[groupR] {
			if sec.Type != elf.SHT_NOTE && (sec.Type == elf.SHT_NOBITS) == nobits {
				add(sec)
			}
		}
	}
	addGroup := func(list []*OutSection, relro bool) {
		// TLS first, then RELRO, then data, then NOBITS.
		for _, sec := range list {
			if sec.Flags&elf.SHF_TLS != 0 && sec.Type != elf.SHT_NOBITS {
				add(sec)
			}
		}
		for _, sec := range list {
			if sec.Flags&elf.SHF_TLS != 0 && sec.Type == elf.SHT_NOBITS {
				add(sec)
			}
		}
		if relro {
			for _, sec := range list {
				if sec.RelRO && sec.Flags&elf.SHF_TLS == 0 && sec.Type != elf.SHT_NOBITS {
					add(sec)
				}
			}
			add(s.dynamicSec)
		}
		for _, sec := range list {
			if !(relro && sec.RelRO) && sec.Flags&elf.SHF_TLS == 0 && sec.Type != elf.SHT_NOBITS {
				add(sec)
			}
		}
		for _, sec := range list {
			if sec.Flags&elf.SHF_TLS == 0 && sec.Type == elf.SHT_NOBITS {
				add(sec)
			}
		}
	}
	addGroup(byGroup[groupRX], false)
	addGroup(byGroup[groupRW], true)
	addGroup(byGroup[groupRWX], false)
	add(byGroup[groupNone]...)
	add(s.symtab)
	s.addShndx(&secs)
	add(s.strtab)
	s.shstrtab = synth(".shstrtab", elf.SHT_STRTAB, 0, 1, 0)
	add(s.shstrtab)
	s.l.secs = secs
}

// makeShstrtab builds the section name table.
func (s *scratch) makeShstrtab() {
	secs := s.l.secs
	s.shStr.reset(len(secs))
	refs := make([]uint32, len(secs))
	for i, sec := range secs {
		refs[i] = s.shStr.add(sec.Name)
	}
	s.shStr.build()
	s.shstrtab.Data = s.shStr.data
	s.shstrtab.Size = Xword(len(s.shstrtab.Data))
	s.nameOff = make([]uint32, len(secs))
	for i := range secs {
		s.nameOff[i] = s.shStr.off[refs[i]]
	}
}

// addShndx adds .symtab_shndx after .symtab (the last of secs) when a
// symbol may refer to a section whose index does not fit st_shndx: one
// before .symtab at SHN_LORESERVE or more.
func (s *scratch) addShndx(secs *[]*OutSection) {
	if s.symtab == nil || len(*secs)-2 < int(elf.SHN_LORESERVE) {
		return
	}
	s.shndx = synth(".symtab_shndx", elf.SHT_SYMTAB_SHNDX, 0, 4, 4)
	s.shndx.Link = s.symtab
	s.shndx.Data = make([]byte, 4*(len(s.l.symtab.syms)+1))
	*secs = append(*secs, s.shndx)
}
