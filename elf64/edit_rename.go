package elf64

import (
	"cmp"
	"slices"

	"github.com/elfkit/elf"
)

// Dynamic tags of compressed relocation formats whose symbol indexes the
// Editor cannot rewrite.
const (
	dtCREL        elf.DynTag = 38         // DT_CREL
	dtAndroidREL  elf.DynTag = 0x6000000f // DT_ANDROID_REL
	dtAndroidRELA elf.DynTag = 0x60000011 // DT_ANDROID_RELA
)

// RenameDynamicSymbols renames every dynamic symbol whose name is a key of
// m to the name m maps it to, as patchelf --rename-dynamic-symbols does
// (the empty name is never renamed). A new name refers to a copy already
// in .dynstr (a whole string or the end of a longer one) when there is
// one, else it is appended to .dynstr, which grows (see Editor) when it
// has no spare room.
//
// The hash tables are then rebuilt so that the dynamic loader finds the
// symbols under their new names. DT_GNU_HASH keeps its place and its bloom
// filter and bucket counts, but its chains must list the symbols of a
// bucket one after the other: when a new name moves a symbol to another
// bucket, the hashed symbols (from the table's symoffset on) are put back
// in bucket order, and .gnu.version, the dynamic SHT_SYMTAB_SHNDX section
// and the symbol index of every relocation of the dynamic table (DT_RELA,
// DT_REL, DT_JMPREL) or of a relocation section linked to .dynsym follow
// them. DT_HASH keeps its bucket count and is rebuilt in place. Version
// definitions and requirements name versions, not symbols, and are left
// as they are.
//
// Reordering is refused (elf.ErrUnsupported) on MIPS, whose .dynsym order
// is tied to its GOT, and with relocations in a compressed format
// (DT_CREL, DT_ANDROID_REL, DT_ANDROID_RELA). An error leaves the Editor
// unchanged.
func (e *Editor) RenameDynamicSymbols(m map[string]string) error {
	if len(m) == 0 {
		return nil
	}
	extra := 0
	for _, n := range m {
		extra += len(n) + 1
	}
	return e.edit(extra, func() error { return e.renameDynamicSymbols(m) })
}

func (e *Editor) renameDynamicSymbols(m map[string]string) error {
	syms, err := e.f.DynamicSymbols()
	if err != nil {
		return err
	}
	if err := e.checkDynsymStrings(syms); err != nil {
		return err
	}
	t, err := e.dynTable()
	if err != nil {
		return err
	}
	type rename struct {
		sym int
		off uint32
	}
	var todo []rename
	placed := map[string]uint32{}
	for i, s := range syms.All() {
		if s.Name() == 0 {
			continue
		}
		name, err := syms.Name(s)
		if err != nil {
			return err
		}
		nn, ok := m[name]
		if !ok || nn == name {
			continue
		}
		off, ok := placed[nn]
		if !ok {
			if off, err = e.placeString(t, nil, nil, nn); err != nil {
				return err
			}
			placed[nn] = off
		}
		todo = append(todo, rename{i, off})
	}
	if len(todo) == 0 {
		return nil
	}
	for _, r := range todo {
		p32(syms.At(r.sym).b, r.off, e.f.big) // st_name comes first in both classes
	}
	return e.rebuildHashTables()
}

// checkDynsymStrings checks that the dynamic symbols' names are in the
// string table DT_STRTAB names, where new names are placed.
func (e *Editor) checkDynsymStrings(syms Symbols) error {
	str, err := e.dynstr()
	if err != nil {
		return err
	}
	if a, b := e.f.OffsetOf(syms.Strings().Data()), e.f.OffsetOf(str); a != b {
		return elf.Errorf(a, elf.ErrBadLink, "the dynamic symbols' string table is at offset %d, DT_STRTAB at %d", a, b)
	}
	return nil
}

// rebuildHashTables rebuilds DT_GNU_HASH (reordering the hashed symbols
// when their buckets demand it) and then DT_HASH from the dynamic symbols'
// names.
func (e *Editor) rebuildHashTables() error {
	syms, err := e.f.DynamicSymbols()
	if err != nil {
		return err
	}
	names, err := symbolNames(syms)
	if err != nil {
		return err
	}
	if err := e.rebuildGNUHash(syms, names); err != nil {
		return err
	}
	return e.rebuildSysVHash(syms, names)
}

// symbolNames returns the names of the symbols, in order.
func symbolNames(syms Symbols) ([]string, error) {
	names := make([]string, syms.Len())
	for i, s := range syms.All() {
		n, err := syms.Name(s)
		if err != nil {
			return nil, err
		}
		names[i] = n
	}
	return names, nil
}

// rebuildGNUHash rebuilds the GNU hash table in place, with the same
// symoffset, bloom filter size, bloom shift and bucket count. names is
// permuted with the symbols when they must be reordered.
func (e *Editor) rebuildGNUHash(syms Symbols, names []string) error {
	h, err := e.f.GNUHash()
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if !h.hashesSymbols() {
		// No symbol is hashed (an executable that exports nothing), and
		// none becomes hashed by a rename.
		return nil
	}
	n, first := syms.Len(), int(h.SymOffset())
	if first > n || n-first > h.NumChains() {
		return elf.Errorf(-1, elf.ErrTruncated, "GNU hash table from symbol %d with %d chain words for %d dynamic symbols",
			first, h.NumChains(), n)
	}
	hashed := names[first:]
	nb := h.NumBuckets()
	hashes := make([]uint32, len(hashed))
	order := make([]int, len(hashed)) // new position -> old position
	for i, name := range hashed {
		hashes[i] = elf.GNUHash(name)
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(hashes[a]%nb, hashes[b]%nb) })
	if !isIdentityOrder(order) {
		if err := e.permuteDynamicSymbols(syms, first, order); err != nil {
			return err
		}
		permuteSlice(hashed, order)
		permuteSlice(hashes, order)
	}
	bloom, buckets, chains := h.Parts()
	clear(bloom)
	clear(buckets)
	const bits = wordSize * 8
	nbloom := uint32(h.NumBloom())
	shift := h.BloomShift() % 32
	for i, hv := range hashes {
		w := int((hv/bits)%nbloom) * wordSize
		putWord(bloom[w:], h.big, word(bloom, w, h.big)|1<<(hv%bits)|1<<((hv>>shift)%bits))
		b := hv % nb
		if i == 0 || hashes[i-1]%nb != b {
			p32(buckets[b*4:], uint32(first+i), h.big)
		}
		c := hv &^ 1
		if i == len(hashes)-1 || hashes[i+1]%nb != b {
			c |= 1
		}
		p32(chains[i*4:], c, h.big)
	}
	return nil
}

// rebuildSysVHash rebuilds the SysV hash table in place with the same
// bucket count, each chain listing its symbols from the highest index
// down. Local symbols (the section symbols some linkers put in .dynsym)
// are left out, as GNU ld leaves them out.
func (e *Editor) rebuildSysVHash(syms Symbols, names []string) error {
	h, err := e.f.SysVHash()
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if int(h.NumChains()) != syms.Len() {
		return elf.Errorf(-1, elf.ErrOutOfRange, "hash table of %d chains for %d dynamic symbols", h.NumChains(), syms.Len())
	}
	nb := h.NumBuckets()
	if nb == 0 {
		if syms.Len() > 1 {
			return elf.Errorf(-1, elf.ErrCorrupt, "hash table without buckets")
		}
		return nil
	}
	buckets, chains := h.Parts()
	clear(buckets)
	clear(chains)
	put := func(b []byte, i, v uint32) {
		if h.EntSize() == 8 {
			p64(b[i*8:], uint64(v), h.big)
		} else {
			p32(b[i*4:], v, h.big)
		}
	}
	for i := 1; i < len(names); i++ {
		if syms.At(i).Info()>>4 == byte(elf.STB_LOCAL) {
			continue
		}
		b := elf.SysVHash(names[i]) % nb
		put(chains, uint32(i), h.Bucket(b))
		put(buckets, b, uint32(i))
	}
	return nil
}

// permuteDynamicSymbols moves dynamic symbol first+order[j] to first+j,
// with its version index and SHT_SYMTAB_SHNDX entry, and rewrites the
// symbol indexes of the dynamic relocations to match.
func (e *Editor) permuteDynamicSymbols(syms Symbols, first int, order []int) error {
	n := syms.Len()
	if m := e.f.Ehdr().Machine(); m == elf.EM_MIPS || m == elf.EM_MIPS_RS3_LE {
		return elf.Errorf(-1, elf.ErrUnsupported, "reordering the dynamic symbols of a MIPS file (its GOT follows their order)")
	}
	v, err := e.f.Versions()
	if err != nil {
		return err
	}
	vs := v.Versym()
	if vs.Len() != 0 && vs.Len() < n {
		return elf.Errorf(-1, elf.ErrTruncated, "%d version indexes for %d dynamic symbols", vs.Len(), n)
	}
	shndx := syms.Shndx()
	if shndx.Len() != 0 && shndx.Len() < n {
		return elf.Errorf(-1, elf.ErrTruncated, "%d SHT_SYMTAB_SHNDX entries for %d dynamic symbols", shndx.Len(), n)
	}
	if _, err := e.f.DynValue(elf.DT_SYMTAB_SHNDX); err == nil && shndx.Len() == 0 {
		return elf.Errorf(-1, elf.ErrUnsupported, "reordering dynamic symbols with a DT_SYMTAB_SHNDX table but no section for it")
	}
	relocs, err := e.dynamicRelocTables(syms)
	if err != nil {
		return err
	}
	err = eachRelocation(relocs, func(r Rel) error {
		if s := int(r.Sym()); s >= n {
			return elf.Errorf(e.f.OffsetOf(r.b), elf.ErrOutOfRange, "relocation of symbol %d of %d dynamic symbols", s, n)
		}
		return nil
	})
	if err != nil {
		return err
	}
	newIndex := make([]uint32, len(order)) // old position -> new position
	for j, old := range order {
		newIndex[old] = uint32(j)
	}
	_ = eachRelocation(relocs, func(r Rel) error {
		if s := int(r.Sym()); s >= first {
			putWord(r.b[wordSize:], r.big, uint64(RInfo(uint32(first)+newIndex[s-first], r.Type())))
		}
		return nil
	})
	permuteTable(syms.Table(), first, order)
	if vs.Len() != 0 {
		permuteTable(vs, first, order)
	}
	if shndx.Len() != 0 {
		permuteTable(shndx, first, order)
	}
	return nil
}

// relocTable is a table of relocations that refer to the dynamic symbols.
type relocTable struct {
	b         []byte
	off       int64  // file offset of b
	ent, size uint64 // entry stride and record size (RelSize or RelaSize)
	big       bool
}

// dynamicRelocTables returns the relocation tables that refer to the
// dynamic symbols: those of DT_RELA, DT_REL and DT_JMPREL and the SHT_REL
// and SHT_RELA sections linked to .dynsym (which may overlap).
func (e *Editor) dynamicRelocTables(syms Symbols) ([]relocTable, error) {
	f := e.f
	for _, tag := range []elf.DynTag{dtCREL, dtAndroidREL, dtAndroidRELA} {
		if _, err := f.DynValue(tag); err == nil {
			return nil, elf.Errorf(-1, elf.ErrUnsupported, "reordering dynamic symbols with relocations in a compressed format (%v)", tag)
		}
	}
	var out []relocTable
	add := func(b []byte, ent uint64, rela bool) error {
		size := uint64(RelSize)
		if rela {
			size = RelaSize
		}
		if ent < size {
			return elf.Errorf(f.OffsetOf(b), elf.ErrBadEntSize, "relocation entry size %d < %d", ent, size)
		}
		if uint64(len(b)) >= size {
			out = append(out, relocTable{b: b, off: f.OffsetOf(b), ent: ent, size: size, big: f.big})
		}
		return nil
	}
	pltRela, pltEnt := false, elf.DT_RELENT
	if v, err := f.DynValue(elf.DT_PLTREL); err == nil {
		pltRela = elf.DynTag(v) == elf.DT_RELA
	} else if _, err := f.DynValue(elf.DT_RELA); err == nil {
		pltRela = true
	}
	if pltRela {
		pltEnt = elf.DT_RELAENT
	}
	for _, t := range []struct {
		addr, size, ent elf.DynTag
		rela            bool
	}{
		{elf.DT_RELA, elf.DT_RELASZ, elf.DT_RELAENT, true},
		{elf.DT_REL, elf.DT_RELSZ, elf.DT_RELENT, false},
		{elf.DT_JMPREL, elf.DT_PLTRELSZ, pltEnt, pltRela},
	} {
		a, err := f.DynValue(t.addr)
		if err != nil {
			continue
		}
		size, err := f.DynValue(t.size)
		if err != nil {
			return nil, elf.Errorf(-1, elf.ErrNotFound, "%v without %v", t.addr, t.size)
		}
		ent := uint64(RelSize)
		if t.rela {
			ent = RelaSize
		}
		if v, err := f.DynValue(t.ent); err == nil {
			ent = uint64(v)
		}
		b, err := f.AddrBytes(Addr(a), uint64(size))
		if err != nil {
			return nil, err
		}
		if err := add(b, ent, t.rela); err != nil {
			return nil, err
		}
	}
	if syms.Section() < 0 {
		return out, nil
	}
	shdrs, err := f.SectionHeaders()
	if err != nil {
		return nil, err
	}
	for _, s := range shdrs.All() {
		if (s.Type() != elf.SHT_REL && s.Type() != elf.SHT_RELA) || int(s.Link()) != syms.Section() {
			continue
		}
		b, err := f.SectionData(s)
		if err != nil {
			return nil, err
		}
		ent := uint64(s.Entsize())
		if ent == 0 {
			ent = RelSize
			if s.Type() == elf.SHT_RELA {
				ent = RelaSize
			}
		}
		if err := add(b, ent, s.Type() == elf.SHT_RELA); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// eachRelocation calls fn with each relocation of the tables once, as a
// Rel view (r_offset and r_info are laid out alike in Rel and Rela): an
// entry that an earlier table covers too is skipped.
func eachRelocation(tables []relocTable, fn func(Rel) error) error {
	for k, t := range tables {
		n := (uint64(len(t.b))-t.size)/t.ent + 1 // add kept len(b) >= size
	entries:
		for j := uint64(0); j < n; j++ {
			i := j * t.ent // <= len(b)-size: no overflow
			off := t.off + int64(i)
			for _, u := range tables[:k] {
				if off >= u.off && off < u.off+int64(len(u.b)) {
					continue entries
				}
			}
			if err := fn(Rel(view{b: t.b[i : i+RelSize : i+RelSize], big: t.big})); err != nil {
				return err
			}
		}
	}
	return nil
}

// permuteTable moves entry first+order[j] of t to first+j. The caller has
// checked that t has first+len(order) entries.
func permuteTable[T record](t Table[T], first int, order []int) {
	tmp := make([]byte, len(order)*t.size)
	for j, old := range order {
		at := (first + old) * t.stride
		copy(tmp[j*t.size:], t.b[at:at+t.size])
	}
	for j := range order {
		at := (first + j) * t.stride
		copy(t.b[at:at+t.size], tmp[j*t.size:])
	}
}

// permuteSlice reorders s so that s[j] becomes the old s[order[j]].
func permuteSlice[T any](s []T, order []int) {
	old := slices.Clone(s)
	for j, o := range order {
		s[j] = old[o]
	}
}

func isIdentityOrder(order []int) bool {
	for i, o := range order {
		if i != o {
			return false
		}
	}
	return true
}
