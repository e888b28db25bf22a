package elf64

import (
	"iter"
	"unsafe"

	"github.com/elfkit/elf"
)

// Dynamic returns the dynamic table: the SHT_DYNAMIC section of a file with
// section headers, else the PT_DYNAMIC segment. The table ends at the first
// DT_NULL entry (which is not included), or at the end of its bytes. The
// error wraps elf.ErrNotFound when there is no dynamic table.
func (f *File) Dynamic() (Table[Dyn], error) {
	if f.noCache || f.size == 0 {
		return f.dynamic()
	}
	return f.cache.dyn.get(f, (*File).dynamic)
}

func (f *File) dynamic() (Table[Dyn], error) {
	if !f.image {
		if shdrs, err := f.SectionHeaders(); err == nil {
			for _, s := range shdrs.All() {
				if s.Type() == elf.SHT_DYNAMIC {
					t, err := f.sectionTable(s, DynSize, "dynamic section")
					if err != nil {
						return Table[Dyn]{}, err
					}
					return dynUntilNull(Table[Dyn](t)), nil
				}
			}
		}
	}
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return Table[Dyn]{}, err
	}
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_DYNAMIC {
			continue
		}
		b, err := f.SegmentData(p)
		if err != nil {
			return Table[Dyn]{}, err
		}
		return dynUntilNull(newTable[Dyn](b, len(b)/DynSize, DynSize, DynSize, f.big)), nil
	}
	return Table[Dyn]{}, elf.Errorf(-1, elf.ErrNotFound, "dynamic table")
}

func dynUntilNull(t Table[Dyn]) Table[Dyn] {
	for i, d := range t.All() {
		if d.Tag() == elf.DT_NULL {
			t.n = i
			break
		}
	}
	return t
}

// DynValue returns the value of the first dynamic entry with tag tag. The
// error wraps elf.ErrNotFound when there is none.
func (f *File) DynValue(tag elf.DynTag) (Xword, error) {
	t, err := f.Dynamic()
	if err != nil {
		return 0, err
	}
	return dynValue(t, tag)
}

func dynValue(t Table[Dyn], tag elf.DynTag) (Xword, error) {
	if v, ok := dynLookup(t, tag); ok {
		return v, nil
	}
	return 0, elf.Errorf(-1, elf.ErrNotFound, "dynamic entry %v", tag)
}

// dynLookup returns the value of the first entry with tag tag, for tags
// that may well be absent (it makes no error).
func dynLookup(t Table[Dyn], tag elf.DynTag) (Xword, bool) {
	for _, d := range t.All() {
		if d.Tag() == tag {
			return d.Val(), true
		}
	}
	return 0, false
}

// DynValues finds, in one walk of the dynamic table, the value of the first
// entry with each tag in tags: vals[k] and ok[k] are set for tags[k] when it
// is present (entries already marked ok are left alone). A file without a
// dynamic table marks nothing and returns no error.
func (f *File) DynValues(tags []elf.DynTag, vals []uint64, ok []bool) error {
	t, err := f.Dynamic()
	if err != nil {
		if isNotFound(err) {
			return nil
		}
		return err
	}
	dynValues(t, tags, vals, ok)
	return nil
}

func dynValues(t Table[Dyn], tags []elf.DynTag, vals []uint64, ok []bool) {
	for _, d := range t.All() {
		for k, tag := range tags {
			if d.Tag() == tag && !ok[k] {
				vals[k], ok[k] = uint64(d.Val()), true
			}
		}
	}
}

// DynamicStrings returns the dynamic string table: the section linked from
// SHT_DYNAMIC, else DT_STRTAB with DT_STRSZ.
func (f *File) DynamicStrings() (StringTable, error) {
	if !f.image {
		if shdrs, err := f.SectionHeaders(); err == nil {
			for _, s := range shdrs.All() {
				if s.Type() == elf.SHT_DYNAMIC {
					return f.StringTableAt(int(s.Link()))
				}
			}
		}
	}
	return f.dynTableStrings()
}

// dynTableStrings is dynStrings of the dynamic table, found once.
func (f *File) dynTableStrings() (StringTable, error) {
	if f.noCache || f.size == 0 {
		return f.dynTableStringsUncached()
	}
	return f.cache.dynstr.get(f, (*File).dynTableStringsUncached)
}

func (f *File) dynTableStringsUncached() (StringTable, error) {
	t, err := f.Dynamic()
	if err != nil {
		return StringTable{}, err
	}
	return f.dynStrings(t)
}

func (f *File) dynStrings(t Table[Dyn]) (StringTable, error) {
	addr, err := dynValue(t, elf.DT_STRTAB)
	if err != nil {
		return StringTable{}, err
	}
	size, err := dynValue(t, elf.DT_STRSZ)
	if err != nil {
		return StringTable{}, err
	}
	b, err := f.AddrBytes(Addr(addr), uint64(size))
	if err != nil {
		return StringTable{}, err
	}
	return StringTable{b: b, off: f.OffsetOf(b)}, nil
}

// OffsetOf returns the offset in the file (or image) of b's first byte,
// when b is a slice of bytes the File returned, and -1 otherwise: for
// errors about a table found through an address. The slices a File returns
// have their capacity cut, so only the pointers tell.
func (f *File) OffsetOf(b []byte) int64 {
	if len(b) == 0 {
		return -1
	}
	if off, ok := offsetWithin(b, f.head); ok {
		return off
	}
	d, _ := f.whole()
	if off, ok := offsetWithin(b, d); ok {
		return off
	}
	return -1
}

// offsetWithin returns the offset of b's first byte in d, if it lies there.
func offsetWithin(b, d []byte) (int64, bool) {
	if len(d) == 0 {
		return 0, false
	}
	p, start := uintptr(unsafe.Pointer(&b[0])), uintptr(unsafe.Pointer(&d[0]))
	if p < start || p-start >= uintptr(len(d)) {
		return 0, false
	}
	return int64(p - start), true
}

// DynStrings iterates over the strings of every dynamic entry with tag tag
// (DT_NEEDED, DT_SONAME, DT_RPATH, DT_RUNPATH, ...), in table order.
func (f *File) DynStrings(tag elf.DynTag) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		t, err := f.Dynamic()
		if err != nil {
			yield("", err)
			return
		}
		var strs StringTable
		loaded := false
		for _, d := range t.All() {
			if d.Tag() != tag {
				continue
			}
			if !loaded {
				if strs, err = f.DynamicStrings(); err != nil {
					yield("", err)
					return
				}
				loaded = true
			}
			s, err := strs.String(uint32(d.Val()))
			if uint64(d.Val()) > 0xffffffff {
				s, err = "", elf.Errorf(-1, elf.ErrOutOfRange, "%v string offset %#x", tag, uint64(d.Val()))
			}
			if !yield(s, err) {
				return
			}
		}
	}
}

// ImportedLibraries returns the DT_NEEDED names, in order.
func (f *File) ImportedLibraries() ([]string, error) {
	var libs []string
	for s, err := range f.DynStrings(elf.DT_NEEDED) {
		if err != nil {
			return libs, err
		}
		libs = append(libs, s)
	}
	return libs, nil
}

// Soname returns the DT_SONAME string. The error wraps elf.ErrNotFound when
// there is none.
func (f *File) Soname() (string, error) { return f.firstDynString(elf.DT_SONAME) }

// Rpath returns the DT_RPATH string. The error wraps elf.ErrNotFound when
// there is none.
func (f *File) Rpath() (string, error) { return f.firstDynString(elf.DT_RPATH) }

// Runpath returns the DT_RUNPATH string. The error wraps elf.ErrNotFound when
// there is none.
func (f *File) Runpath() (string, error) { return f.firstDynString(elf.DT_RUNPATH) }

func (f *File) firstDynString(tag elf.DynTag) (string, error) {
	for s, err := range f.DynStrings(tag) {
		return s, err
	}
	return "", elf.Errorf(-1, elf.ErrNotFound, "dynamic entry %v", tag)
}
