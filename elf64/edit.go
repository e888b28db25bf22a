package elf64

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"

	"github.com/elfkit/elf"
)

// Editor makes patchelf-style changes to a copy of an ELF file's bytes: the
// interpreter, DT_NEEDED, DT_SONAME, DT_RPATH and DT_RUNPATH (set, add,
// shrink, remove), DT_DEBUG, DF_1_NODEFLIB, symbol versions, dynamic symbol
// names (with the hash tables rebuilt), PT_GNU_STACK, the OS/ABI and
// e_flags; and objcopy-style changes to sections: add a section or a note,
// remove or replace a section, strip debug sections.
//
// A change is made in place when it can be: a new string goes where the
// old one was when it is not longer and no other entry shares its bytes,
// or refers to a copy of the string already in .dynstr; dynamic entries
// are removed by shifting the later ones down and padding with DT_NULL,
// and added (at the start, as patchelf does) in spare DT_NULL slots (one
// DT_NULL always stays). Otherwise the file grows: the program header
// table, the dynamic table and the dynamic string table (and the
// interpreter, when that is what grew) are copied into a read-write
// PT_LOAD segment at the end of the address space, page-aligned after the
// last one, with spare room; a later change that needs room extends the
// segment an earlier one added (the Editor's or patchelf's) instead of
// adding another. PT_PHDR, PT_DYNAMIC, PT_INTERP, DT_STRTAB, DT_STRSZ, the
// section headers and section symbols of the moved sections and the
// _DYNAMIC symbol are updated; the old copies stay, unused. Nothing that is
// loaded moves, so every address in the file stays valid; the sections
// that are not loaded and the section header table are laid out again
// after the loaded part. No segment is made writable and executable. A
// change that fails leaves the Editor as it was.
//
// The result is written with a Builder (WriteFile), which writes the
// edited bytes back unchanged, atomically.
type Editor struct {
	// PageSize is the alignment of the segment added when the file must
	// grow; zero means the larger of the machine's maximum page size and
	// the largest p_align of the PT_LOAD segments.
	PageSize uint64

	img     []byte
	f       *File
	strFree int // offset of free bytes at the end of .dynstr, after grow
}

// NewEditor returns an Editor over a copy of data, which must be an
// ET_EXEC or ET_DYN file of this package's class.
func NewEditor(data []byte) (*Editor, error) {
	img := bytes.Clone(data)
	f, err := newFile(img, false)
	if err != nil {
		return nil, err
	}
	if t := f.Ehdr().Type(); t != elf.ET_EXEC && t != elf.ET_DYN {
		return nil, elf.Errorf(0, elf.ErrUnsupported, "editing an ELF file of type %v", t)
	}
	if f.IsImage() {
		return nil, elf.Errorf(0, elf.ErrUnsupported, "editing a memory image")
	}
	if _, err := f.ProgramHeaders(); err != nil {
		return nil, err
	}
	return &Editor{img: img, f: f}, nil
}

// File returns a File over the edited bytes. It stays valid until the next
// change.
func (e *Editor) File() *File { return e.f }

// Bytes returns the edited file's bytes (not a copy).
func (e *Editor) Bytes() []byte { return e.img }

// Builder returns a Builder loaded from the edited file, for edits the
// Editor does not make.
func (e *Editor) Builder() (*Builder, error) { return FromFile(e.f) }

// WriteFile writes the edited file to path atomically (see
// Builder.WriteFile).
func (e *Editor) WriteFile(path string, perm fs.FileMode) error {
	b, err := FromFile(e.f)
	if err != nil {
		return err
	}
	return b.WriteFile(path, perm)
}

// reload re-reads the header after a change.
func (e *Editor) reload() error {
	f, err := newFile(e.img, false)
	if err != nil {
		return err
	}
	e.f = f
	return nil
}

// errGrow is the error of a change that needs the file to grow.
func errGrow(what string, args ...any) error {
	return elf.Errorf(-1, errNoRoom, "%s", fmt.Sprintf(what, args...))
}

// edit runs fn on the bytes and keeps the result only when fn succeeds.
// When fn finds no room (errNoRoom), the file grows (see grow) with
// strBytes more bytes of dynamic strings and a few more dynamic entries,
// and fn runs again.
func (e *Editor) edit(strBytes int, fn func() error) error {
	saved, savedFree := bytes.Clone(e.img), e.strFree
	restore := func(err error) error {
		e.img, e.strFree = saved, savedFree
		if rerr := e.reload(); rerr != nil {
			return rerr
		}
		return err
	}
	err := fn()
	if errors.Is(err, errNoRoom) {
		if err := restore(nil); err != nil {
			return err
		}
		saved = bytes.Clone(e.img)
		if err := e.growSynced(strBytes, growDynEntries, 0); err != nil {
			return restore(err)
		}
		err = fn()
	}
	if err == nil {
		err = e.reload()
	}
	if err != nil {
		return restore(err)
	}
	return nil
}

// growSynced grows the file (see grow) and then moves the STT_SECTION
// symbols of the sections that growth moved to their new addresses, as
// the linker would have written them (and as patchelf does).
func (e *Editor) growSynced(strExtra, dynExtra, interp int) error {
	old := map[int]uint64{}
	if shdrs, err := e.f.SectionHeaders(); err == nil {
		for i, sh := range shdrs.All() {
			old[i] = uint64(sh.Addr())
		}
	}
	if err := e.grow(strExtra, dynExtra, interp); err != nil {
		return err
	}
	shdrs, err := e.f.SectionHeaders()
	if err != nil {
		return nil
	}
	for _, get := range []func() (Symbols, error){e.f.Symbols, e.f.DynamicSymbols} {
		syms, err := get()
		if err != nil {
			continue
		}
		for _, sym := range syms.All() {
			i := int(sym.Shndx())
			if elf.SymType(sym.Info()&0xf) != elf.STT_SECTION || i == 0 || i >= shdrs.Len() {
				continue
			}
			was, now := old[i], uint64(shdrs.At(i).Addr())
			if was != now && uint64(sym.Value()) == was {
				putWord(sym.b[wordSize:], e.f.big, now)
			}
		}
	}
	return nil
}

// growDynEntries is the number of spare dynamic entries growth adds.
const growDynEntries = 8

// SetOSABI sets e_ident[EI_OSABI].
func (e *Editor) SetOSABI(abi elf.OSABI) {
	e.img[elf.EI_OSABI] = byte(abi)
	_ = e.reload() // cannot fail: the header was valid and is still
}

// SetFlags sets e_flags.
func (e *Editor) SetFlags(flags uint32) {
	// e_flags is the word before the six half-words at the end of the
	// header, in both classes.
	p32(e.img[EhdrSize-16:], flags, e.f.big)
	_ = e.reload() // cannot fail: e_flags is not checked
}

// Interpreter returns the PT_INTERP string. The error wraps elf.ErrNotFound
// when there is none.
func (e *Editor) Interpreter() (string, error) {
	b, err := e.interp()
	if err != nil {
		return "", err
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b), nil
}

func (e *Editor) interp() ([]byte, error) {
	phdrs, err := e.f.ProgramHeaders()
	if err != nil {
		return nil, err
	}
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_INTERP {
			return e.f.SegmentData(p)
		}
	}
	return nil, elf.Errorf(-1, elf.ErrNotFound, "PT_INTERP")
}

// SetInterpreter replaces the PT_INTERP string (and so .interp, which has
// the same bytes), NUL-padding the rest of the old one.
func (e *Editor) SetInterpreter(s string) error {
	if bytes.IndexByte([]byte(s), 0) >= 0 {
		return elf.Errorf(-1, elf.ErrBadString, "interpreter contains NUL")
	}
	b, err := e.interp()
	if err != nil {
		return err
	}
	if len(s)+1 > len(b) {
		saved := bytes.Clone(e.img)
		if err := e.growSynced(0, 0, len(s)+1); err != nil {
			e.img = saved
			_ = e.reload()
			return err
		}
		if b, err = e.interp(); err != nil {
			return err
		}
	}
	clear(b[copy(b, s):])
	return nil
}

// ExecStack reports whether the file has a PT_GNU_STACK program header and
// whether that asks for an executable stack.
func (e *Editor) ExecStack() (found, exec bool) {
	phdrs, err := e.f.ProgramHeaders()
	if err != nil {
		return false, false
	}
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_GNU_STACK {
			return true, p.Flags()&elf.PF_X != 0
		}
	}
	return false, false
}

// SetExecStack sets or clears PF_X in PT_GNU_STACK. A file without
// PT_GNU_STACK gets one in place of a PT_NULL program header (read and
// write, plus execute when exec); without a PT_NULL, clearing is a no-op
// (the default stack is not executable on the machines that have
// PT_GNU_STACK) and setting adds a program header, moving the table into
// a loaded segment at the end of the file.
func (e *Editor) SetExecStack(exec bool) error {
	phdrs, err := e.f.ProgramHeaders()
	if err != nil {
		return err
	}
	put := func(p Phdr, typ elf.ProgType, flags elf.ProgFlag, align uint64) {
		putPhdr(p.b, p.big, uint32(typ), uint32(flags), uint64(p.Offset()), uint64(p.Vaddr()), uint64(p.Paddr()),
			uint64(p.Filesz()), uint64(p.Memsz()), align)
	}
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_GNU_STACK {
			fl := p.Flags() &^ elf.PF_X
			if exec {
				fl |= elf.PF_X
			}
			put(p, elf.PT_GNU_STACK, fl, uint64(p.Align()))
			return nil
		}
	}
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_NULL {
			fl := elf.PF_R | elf.PF_W
			if exec {
				fl |= elf.PF_X
			}
			putPhdr(p.b, p.big, uint32(elf.PT_GNU_STACK), uint32(fl), 0, 0, 0, 0, 0, 16)
			return nil
		}
	}
	if !exec {
		return nil
	}
	// Neither header to reuse: add one, moving the program header table
	// into a loaded segment at the end.
	return e.addProgramHeader(elf.PT_GNU_STACK, elf.PF_R|elf.PF_W|elf.PF_X, 16)
}

// dynTable is the whole dynamic table, DT_NULL entries included.
func (e *Editor) dynTable() (Table[Dyn], error) {
	t, err := e.f.Dynamic()
	if err != nil {
		return t, err
	}
	if len(t.b) >= t.size {
		t.n = (len(t.b)-t.size)/t.stride + 1
	}
	return t, nil
}

// dynLen returns the number of entries before the first DT_NULL.
func dynLen(t Table[Dyn]) int {
	for i, d := range t.All() {
		if d.Tag() == elf.DT_NULL {
			return i
		}
	}
	return t.Len()
}

// dynstr returns the dynamic string table's bytes (DT_STRTAB, DT_STRSZ).
func (e *Editor) dynstr() ([]byte, error) {
	a, err := e.f.DynValue(elf.DT_STRTAB)
	if err != nil {
		return nil, err
	}
	n, err := e.f.DynValue(elf.DT_STRSZ)
	if err != nil {
		return nil, err
	}
	return e.f.AddrBytes(Addr(a), uint64(n))
}

func isStringTag(t elf.DynTag) bool {
	switch t {
	case elf.DT_NEEDED, elf.DT_SONAME, elf.DT_RPATH, elf.DT_RUNPATH, elf.DT_AUXILIARY, elf.DT_FILTER,
		elf.DT_CONFIG, elf.DT_DEPAUDIT, elf.DT_AUDIT:
		return true
	}
	return false
}

// strRef is a reference to a .dynstr string: a dynamic entry (dyn >= 0),
// or a symbol or version record (dyn < 0) that cannot change.
type strRef struct {
	off uint32
	dyn int
	vn  Verneed // a version requirement's vn_file, when dyn == -2
}

// strRefs lists every reference into .dynstr.
func (e *Editor) strRefs(t Table[Dyn]) []strRef {
	var refs []strRef
	for i, d := range t.All() {
		if isStringTag(d.Tag()) {
			refs = append(refs, strRef{off: uint32(d.Val()), dyn: i})
		}
	}
	if syms, err := e.f.DynamicSymbols(); err == nil {
		for _, s := range syms.All() {
			refs = append(refs, strRef{off: s.Name(), dyn: -1})
		}
	}
	if v, err := e.f.Versions(); err == nil {
		for r, err := range v.Requirements() {
			if err != nil {
				break
			}
			refs = append(refs, strRef{off: r.Verneed.File(), dyn: -2, vn: r.Verneed})
			for n, err := range r.Needs() {
				if err != nil {
					break
				}
				refs = append(refs, strRef{off: n.Vernaux.Name(), dyn: -1})
			}
		}
	}
	return refs
}

// placeString returns the .dynstr offset where s can be found after the
// change, making the dynamic entries at indexes slots (and the version
// requirements in vns) refer to it: an existing copy of s, else the place
// of the string they refer to now, when s fits there and nothing else
// uses those bytes.
func (e *Editor) placeString(t Table[Dyn], slots []int, vns []Verneed, s string) (uint32, error) {
	if bytes.IndexByte([]byte(s), 0) >= 0 {
		return 0, elf.Errorf(-1, elf.ErrBadString, "string %q contains NUL", s)
	}
	str, err := e.dynstr()
	if err != nil {
		return 0, err
	}
	if i := bytes.Index(str, append([]byte(s), 0)); i >= 0 {
		return uint32(i), nil
	}
	if e.strFree > 0 && e.strFree+len(s)+1 <= len(str) {
		off := e.strFree
		copy(str[off:], s)
		str[off+len(s)] = 0
		e.strFree += len(s) + 1
		return uint32(off), nil
	}
	if len(slots) == 0 {
		return 0, errGrow("adding the string %q to .dynstr", s)
	}
	off := uint32(t.At(slots[0]).Val())
	for _, i := range slots {
		if uint32(t.At(i).Val()) != off {
			return 0, errGrow("setting %q", s)
		}
	}
	if uint64(off) >= uint64(len(str)) {
		return 0, elf.Errorf(-1, elf.ErrOutOfRange, "string offset %d in .dynstr of %d bytes", off, len(str))
	}
	n := bytes.IndexByte(str[off:], 0)
	if n < 0 {
		return 0, elf.Errorf(-1, elf.ErrBadString, "string at %d in .dynstr is not terminated", off)
	}
	if len(s) > n {
		return 0, errGrow("setting %q in place of %q", s, str[off:int(off)+n])
	}
	end := int(off) + n // the NUL that ends the old string
	mine := func(r strRef) bool {
		for _, i := range slots {
			if r.dyn == i {
				return true
			}
		}
		for _, v := range vns {
			if r.dyn == -2 && &r.vn.b[0] == &v.b[0] {
				return true
			}
		}
		return false
	}
	for _, r := range e.strRefs(t) {
		if uint64(r.off) >= uint64(len(str)) || mine(r) {
			continue
		}
		if j := bytes.IndexByte(str[r.off:], 0); j >= 0 && int(r.off)+j == end {
			return 0, errGrow("setting %q in place of %q, which is shared", s, str[off:end])
		}
	}
	if v, err := e.f.Versions(); err == nil {
		// The names of version definitions are not in strRefs: compare
		// them by value (a name that is a suffix of the old string may
		// share its bytes).
		old := string(str[off:end])
		shared := func(p string) bool {
			return len(p) > 0 && len(old) >= len(p) && old[len(old)-len(p):] == p
		}
		for d, err := range v.Definitions() {
			if err != nil {
				break
			}
			if shared(d.Name) {
				return 0, errGrow("setting %q in place of %q, which is shared", s, old)
			}
			for p, err := range d.Parents() {
				if err == nil && shared(p) {
					return 0, errGrow("setting %q in place of %q, which is shared", s, old)
				}
			}
		}
	}
	clear(str[int(off)+copy(str[off:], s) : end])
	return off, nil
}

// dynStringsOf returns the strings of the dynamic entries with tag tag.
func (e *Editor) dynStringsOf(tag elf.DynTag) ([]string, error) {
	var out []string
	for s, err := range e.f.DynStrings(tag) {
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Needed returns the DT_NEEDED strings in order.
func (e *Editor) Needed() ([]string, error) { return e.dynStringsOf(elf.DT_NEEDED) }

// Soname returns DT_SONAME. The error wraps elf.ErrNotFound when there is
// none.
func (e *Editor) Soname() (string, error) {
	s, err := e.dynStringsOf(elf.DT_SONAME)
	if err != nil {
		return "", err
	}
	if len(s) == 0 {
		return "", elf.Errorf(-1, elf.ErrNotFound, "DT_SONAME")
	}
	return s[0], nil
}

// Rpath returns the search path patchelf prints: DT_RUNPATH when there is
// one, else DT_RPATH, else "".
func (e *Editor) Rpath() (string, error) {
	for _, tag := range []elf.DynTag{elf.DT_RUNPATH, elf.DT_RPATH} {
		s, err := e.dynStringsOf(tag)
		if err != nil {
			return "", err
		}
		if len(s) > 0 {
			return s[0], nil
		}
	}
	return "", nil
}

// removeDyn removes the entries for which drop is true, shifting the later
// ones down and padding the table with DT_NULL.
func removeDyn(t Table[Dyn], drop func(Dyn) bool) {
	n := dynLen(t)
	w := 0
	for i := 0; i < n; i++ {
		d := t.At(i)
		if drop(d) {
			continue
		}
		if w != i {
			putDyn(t.At(w).b, t.big, int64(d.Tag()), uint64(d.Val()))
		}
		w++
	}
	for ; w < n; w++ {
		putDyn(t.At(w).b, t.big, 0, 0)
	}
}

// insertDyn inserts entries at the start of the table, shifting the others
// up into spare DT_NULL slots.
func insertDyn(t Table[Dyn], tags []elf.DynTag, vals []uint64) error {
	n := dynLen(t)
	k := len(tags)
	if n+k+1 > t.Len() {
		return errGrow("adding %d dynamic entries to a table with %d spare DT_NULL entries", k, t.Len()-n-1)
	}
	for i := n - 1; i >= 0; i-- {
		d := t.At(i)
		putDyn(t.At(i+k).b, t.big, int64(d.Tag()), uint64(d.Val()))
	}
	for i := range tags {
		putDyn(t.At(i).b, t.big, int64(tags[i]), vals[i])
	}
	return nil
}

// slotsOf returns the indexes of the entries with tag tag.
func slotsOf(t Table[Dyn], tags ...elf.DynTag) []int {
	var out []int
	n := dynLen(t)
	for i := 0; i < n; i++ {
		for _, tag := range tags {
			if t.At(i).Tag() == tag {
				out = append(out, i)
			}
		}
	}
	return out
}

// setDyn sets entry i's value.
func setDyn(t Table[Dyn], i int, tag elf.DynTag, val uint64) {
	putDyn(t.At(i).b, t.big, int64(tag), val)
}

// SetSoname sets DT_SONAME, adding it when there is none.
func (e *Editor) SetSoname(s string) error {
	return e.setStringEntry(elf.DT_SONAME, s)
}

func (e *Editor) setStringEntry(tag elf.DynTag, s string) error {
	return e.edit(len(s)+1, func() error {
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		slots := slotsOf(t, tag)
		off, err := e.placeString(t, slots, nil, s)
		if err != nil {
			return err
		}
		if len(slots) == 0 {
			return insertDyn(t, []elf.DynTag{tag}, []uint64{uint64(off)})
		}
		for _, i := range slots {
			setDyn(t, i, tag, uint64(off))
		}
		return nil
	})
}

// SetRpath sets the search path as patchelf --set-rpath does: DT_RUNPATH,
// converting a DT_RPATH to it, or with force DT_RPATH, converting a
// DT_RUNPATH to it (and removing a DT_RUNPATH when both are present). A
// file with neither gets a new entry.
func (e *Editor) SetRpath(s string, force bool) error {
	return e.edit(len(s)+1, func() error {
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		rp, rn := slotsOf(t, elf.DT_RPATH), slotsOf(t, elf.DT_RUNPATH)
		want := elf.DT_RUNPATH
		if force {
			want = elf.DT_RPATH
			if len(rp) > 0 && len(rn) > 0 {
				removeDyn(t, func(d Dyn) bool { return d.Tag() == elf.DT_RUNPATH })
				rn = nil
				rp = slotsOf(t, elf.DT_RPATH)
			}
		} else if len(rp) > 0 && len(rn) > 0 {
			// Both stay, with the same string, as patchelf leaves them.
			want = 0
		}
		slots := slotsOf(t, elf.DT_RPATH, elf.DT_RUNPATH)
		off, err := e.placeString(t, slots, nil, s)
		if err != nil {
			return err
		}
		if len(slots) == 0 {
			return insertDyn(t, []elf.DynTag{want}, []uint64{uint64(off)})
		}
		for _, i := range slots {
			tag := want
			if tag == 0 {
				tag = t.At(i).Tag()
			}
			setDyn(t, i, tag, uint64(off))
		}
		return nil
	})
}

// RemoveRpath removes every DT_RPATH and DT_RUNPATH entry.
func (e *Editor) RemoveRpath() error {
	return e.edit(0, func() error {
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		removeDyn(t, func(d Dyn) bool { return d.Tag() == elf.DT_RPATH || d.Tag() == elf.DT_RUNPATH })
		return nil
	})
}

// RemoveNeeded removes the DT_NEEDED entries naming one of names.
func (e *Editor) RemoveNeeded(names ...string) error {
	return e.edit(0, func() error {
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		str, err := e.dynstr()
		if err != nil {
			return err
		}
		st := NewStringTable(str)
		removeDyn(t, func(d Dyn) bool {
			if d.Tag() != elf.DT_NEEDED {
				return false
			}
			s, err := st.String(uint32(d.Val()))
			if err != nil {
				return false
			}
			for _, n := range names {
				if s == n {
					return true
				}
			}
			return false
		})
		return nil
	})
}

// ReplaceNeeded replaces the DT_NEEDED entries naming old by new, and the
// file name of the version requirements on old.
func (e *Editor) ReplaceNeeded(old, new string) error {
	return e.edit(len(new)+1, func() error {
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		str, err := e.dynstr()
		if err != nil {
			return err
		}
		st := NewStringTable(str)
		var slots []int
		for _, i := range slotsOf(t, elf.DT_NEEDED) {
			if s, err := st.String(uint32(t.At(i).Val())); err == nil && s == old {
				slots = append(slots, i)
			}
		}
		if len(slots) == 0 {
			return nil
		}
		var vns []Verneed
		if v, err := e.f.Versions(); err == nil {
			for r, err := range v.Requirements() {
				if err != nil {
					break
				}
				if r.File == old {
					vns = append(vns, r.Verneed)
				}
			}
		}
		var off uint32
		if len(vns) > 0 && vns[0].File() != uint32(t.At(slots[0]).Val()) {
			// Two copies of the name: both must be replaced, so only an
			// existing copy of new will do.
			off, err = e.placeString(t, nil, nil, new)
		} else {
			off, err = e.placeString(t, slots, vns, new)
		}
		if err != nil {
			return err
		}
		for _, i := range slots {
			setDyn(t, i, elf.DT_NEEDED, uint64(off))
		}
		for _, v := range vns {
			p32(v.b[8:], off, v.big)
		}
		return nil
	})
}

// AddNeeded adds DT_NEEDED entries for names at the start of the dynamic
// table, as patchelf does; a name already needed is skipped.
func (e *Editor) AddNeeded(names ...string) error {
	return e.edit(strSize(names), func() error {
		have, err := e.Needed()
		if err != nil {
			return err
		}
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		var tags []elf.DynTag
		var vals []uint64
	names:
		for _, n := range names {
			for _, h := range have {
				if h == n {
					continue names
				}
			}
			off, err := e.placeString(t, nil, nil, n)
			if err != nil {
				return err
			}
			tags = append(tags, elf.DT_NEEDED)
			vals = append(vals, uint64(off))
			have = append(have, n)
		}
		if len(tags) == 0 {
			return nil
		}
		return insertDyn(t, tags, vals)
	})
}

// AddDebugTag adds a DT_DEBUG entry when there is none.
func (e *Editor) AddDebugTag() error {
	return e.edit(0, func() error {
		t, err := e.dynTable()
		if err != nil {
			return err
		}
		if len(slotsOf(t, elf.DT_DEBUG)) > 0 {
			return nil
		}
		return insertDyn(t, []elf.DynTag{elf.DT_DEBUG}, []uint64{0})
	})
}

// ClearSymbolVersion sets the version index of the dynamic symbols named
// name to 1 (global, unversioned). It returns the number of symbols
// changed.
func (e *Editor) ClearSymbolVersion(name string) (int, error) {
	syms, err := e.f.DynamicSymbols()
	if err != nil {
		return 0, err
	}
	v, err := e.f.Versions()
	if err != nil {
		return 0, err
	}
	vs := v.Versym()
	if vs.Len() == 0 {
		return 0, elf.Errorf(-1, elf.ErrNotFound, "symbol versions")
	}
	n := 0
	for i, s := range syms.All() {
		if nm, err := syms.Name(s); err == nil && nm == name && i < vs.Len() {
			p16(vs.At(i).b, 1, vs.big)
			n++
		}
	}
	return n, nil
}

// strSize returns the bytes the strings take in a string table.
func strSize(ss []string) int {
	n := 0
	for _, s := range ss {
		n += len(s) + 1
	}
	return n
}
