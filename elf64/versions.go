package elf64

import (
	"iter"
	"slices"

	"github.com/elfkit/elf"
)

// Versions holds the GNU symbol versioning tables of a file: the per-symbol
// version indexes (SHT_GNU_versym), the version definitions
// (SHT_GNU_verdef) and the version requirements (SHT_GNU_verneed), all as
// views. Any of the three may be absent.
type Versions struct {
	versym  Table[Versym]
	verdef  []byte
	ndef    int
	verneed []byte
	nneed   int
	strings StringTable
	big     bool
}

// Versions returns the version tables, from the sections when the file has
// them and from DT_VERSYM, DT_VERDEF/DT_VERDEFNUM and DT_VERNEED/
// DT_VERNEEDNUM otherwise. The number of Versym entries is the number of
// dynamic symbols. A file without versioning gives empty tables and no
// error.
func (f *File) Versions() (Versions, error) {
	v := Versions{big: f.big}
	if !f.image {
		if shdrs, err := f.SectionHeaders(); err == nil && shdrs.Len() > 0 {
			found := false
			for _, s := range shdrs.All() {
				switch s.Type() {
				case elf.SHT_GNU_VERSYM:
					t, err := f.sectionTable(s, VersymSize, "SHT_GNU_versym")
					if err != nil {
						return v, err
					}
					v.versym, found = Table[Versym](t), true
				case elf.SHT_GNU_VERDEF:
					b, err := f.SectionData(s)
					if err != nil {
						return v, err
					}
					v.verdef, v.ndef, found = b, int(s.Info()), true
					if v.strings, err = f.StringTableAt(int(s.Link())); err != nil {
						return v, err
					}
				case elf.SHT_GNU_VERNEED:
					b, err := f.SectionData(s)
					if err != nil {
						return v, err
					}
					v.verneed, v.nneed, found = b, int(s.Info()), true
					if v.strings, err = f.StringTableAt(int(s.Link())); err != nil {
						return v, err
					}
				}
			}
			if found {
				return v, nil
			}
		}
	}
	dyn, err := f.Dynamic()
	if err != nil {
		if isNotFound(err) {
			return v, nil
		}
		return v, err
	}
	var vals [5]uint64
	var ok [5]bool
	dynValues(dyn, []elf.DynTag{elf.DT_VERSYM, elf.DT_VERDEF, elf.DT_VERDEFNUM, elf.DT_VERNEED, elf.DT_VERNEEDNUM}, vals[:], ok[:])
	if !ok[0] && !ok[1] && !ok[3] {
		return v, nil // not versioned
	}
	if v.strings, err = f.dynTableStrings(); err != nil {
		return v, err
	}
	if ok[0] {
		syms, err := f.DynamicSymbols()
		if err != nil {
			return v, err
		}
		b, err := f.AddrBytes(Addr(vals[0]), uint64(syms.Len())*VersymSize)
		if err != nil {
			return v, err
		}
		v.versym = newTable[Versym](b, syms.Len(), VersymSize, VersymSize, f.big)
	}
	if ok[1] {
		if v.verdef, err = f.addrToSegmentEnd(Addr(vals[1])); err != nil {
			return v, err
		}
		v.ndef = int(min(vals[2], uint64(len(v.verdef))/VerdefSize))
	}
	if ok[3] {
		if v.verneed, err = f.addrToSegmentEnd(Addr(vals[3])); err != nil {
			return v, err
		}
		v.nneed = int(min(vals[4], uint64(len(v.verneed))/VerneedSize))
	}
	return v, nil
}

// Versym returns the per-symbol version table (empty when absent).
func (v Versions) Versym() Table[Versym] { return v.versym }

// Strings returns the string table the version names are in.
func (v Versions) Strings() StringTable { return v.strings }

// NumDefinitions returns the number of version definitions the file states.
func (v Versions) NumDefinitions() int { return v.ndef }

// NumRequirements returns the number of files the version requirements
// name.
func (v Versions) NumRequirements() int { return v.nneed }

// VersionDefinition is one version definition with its names.
type VersionDefinition struct {
	Verdef        // the record
	Name   string // the version's name (its first Verdaux)
	sec    []byte
	auxOff uint64
	v      *Versions
}

// Parents iterates over the names of the definition's parents (the
// Verdaux entries after the first).
func (d VersionDefinition) Parents() iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		off := d.auxOff
		for i := 1; i < int(d.Cnt()); i++ {
			aux := Verdaux(view{b: sliceAt(d.sec, off, VerdauxSize), big: d.v.big})
			if aux.Next() == 0 {
				return
			}
			off += uint64(aux.Next())
			next := sliceAt(d.sec, off, VerdauxSize)
			if next == nil {
				yield("", elf.Errorf(-1, elf.ErrTruncated, "Verdaux at offset %#x of the version definitions", off))
				return
			}
			s, err := d.v.strings.String(Verdaux(view{b: next, big: d.v.big}).Name())
			if !yield(s, err) {
				return
			}
		}
	}
}

// sliceAt returns b[off:off+n], or nil when that is not inside b.
func sliceAt(b []byte, off, n uint64) []byte {
	if off > uint64(len(b)) || n > uint64(len(b))-off {
		return nil
	}
	return b[off : off+n : off+n]
}

// Definitions iterates over the version definitions in file order. The
// walk follows vd_next and stops after the stated count, at a zero vd_next,
// or with an error when an entry is outside the table.
func (v *Versions) Definitions() iter.Seq2[VersionDefinition, error] {
	return func(yield func(VersionDefinition, error) bool) {
		off := uint64(0)
		for i := 0; i < v.ndef; i++ {
			b := sliceAt(v.verdef, off, VerdefSize)
			if b == nil {
				yield(VersionDefinition{}, elf.Errorf(-1, elf.ErrTruncated, "Verdef %d at offset %#x of the version definitions", i, off))
				return
			}
			d := Verdef(view{b: b, big: v.big})
			def := VersionDefinition{Verdef: d, sec: v.verdef, auxOff: off + uint64(d.Aux()), v: v}
			var err error
			if d.Cnt() > 0 {
				ab := sliceAt(v.verdef, def.auxOff, VerdauxSize)
				if ab == nil {
					err = elf.Errorf(-1, elf.ErrTruncated, "Verdaux of Verdef %d", i)
				} else {
					def.Name, err = v.strings.String(Verdaux(view{b: ab, big: v.big}).Name())
				}
			}
			if !yield(def, err) || err != nil {
				return
			}
			if d.Next() == 0 {
				return
			}
			off += uint64(d.Next())
		}
	}
}

// VersionRequirement is the version requirement on one file.
type VersionRequirement struct {
	Verneed        // the record
	File    string // the file name (vn_file), e.g. "libc.so.6"
	sec     []byte
	off     uint64
	v       *Versions
}

// VersionNeed is one version required from a file.
type VersionNeed struct {
	Vernaux        // the record
	Name    string // the version name, e.g. "GLIBC_2.34"
}

// Needs iterates over the versions required from the file.
func (r VersionRequirement) Needs() iter.Seq2[VersionNeed, error] {
	return func(yield func(VersionNeed, error) bool) {
		off := r.off + uint64(r.Aux())
		for i := 0; i < int(r.Cnt()); i++ {
			b := sliceAt(r.sec, off, VernauxSize)
			if b == nil {
				yield(VersionNeed{}, elf.Errorf(-1, elf.ErrTruncated, "Vernaux %d of %q", i, r.File))
				return
			}
			a := Vernaux(view{b: b, big: r.v.big})
			name, err := r.v.strings.String(a.Name())
			if !yield(VersionNeed{Vernaux: a, Name: name}, err) || err != nil {
				return
			}
			if a.Next() == 0 {
				return
			}
			off += uint64(a.Next())
		}
	}
}

// Requirements iterates over the version requirements in file order.
func (v *Versions) Requirements() iter.Seq2[VersionRequirement, error] {
	return func(yield func(VersionRequirement, error) bool) {
		off := uint64(0)
		for i := 0; i < v.nneed; i++ {
			b := sliceAt(v.verneed, off, VerneedSize)
			if b == nil {
				yield(VersionRequirement{}, elf.Errorf(-1, elf.ErrTruncated, "Verneed %d at offset %#x of the version requirements", i, off))
				return
			}
			n := Verneed(view{b: b, big: v.big})
			file, err := v.strings.String(n.File())
			if !yield(VersionRequirement{Verneed: n, File: file, sec: v.verneed, off: off, v: v}, err) || err != nil {
				return
			}
			if n.Next() == 0 {
				return
			}
			off += uint64(n.Next())
		}
	}
}

// VersionName is what a version index stands for.
type VersionName struct {
	Name string // the version name; empty for an unused index
	File string // for a required version, the file that provides it
	Def  bool   // defined here (Verdef), not required (Vernaux)
}

// Names fills dst, indexed by version index, with the name of every
// version index the tables define or require, and returns it. Indexes 0
// (local) and 1 (global) are left empty. Pass a slice with capacity to
// spare to avoid allocating. Linkers number versions without gaps: an index
// past the number of versions plus one is left out, and the error wraps
// elf.ErrOutOfRange.
func (v *Versions) Names(dst []VersionName) ([]VersionName, error) {
	// Linkers number versions from 1 without gaps, so no index passes the
	// number of entries plus one. A larger one is damage: growing dst to
	// it would allocate up to 32768 names for a few bytes of input.
	limit := 1
	for _, err := range v.Definitions() {
		if err != nil {
			break
		}
		limit++
	}
	for r, err := range v.Requirements() {
		if err != nil {
			break
		}
		for _, err := range r.Needs() {
			if err != nil {
				break
			}
			limit++
		}
	}
	dst = slices.Grow(dst[:0], limit+1)
	var bad error
	set := func(ndx uint16, n VersionName) {
		i := int(ndx & 0x7fff)
		if i > limit {
			if bad == nil {
				bad = elf.Errorf(-1, elf.ErrOutOfRange, "version index %d of %s (%d versions)", i, n.Name, limit-1)
			}
			return
		}
		for len(dst) <= i {
			dst = append(dst, VersionName{})
		}
		dst[i] = n
	}
	for d, err := range v.Definitions() {
		if err != nil {
			return dst, err
		}
		if d.Flags()&elf.VER_FLG_BASE != 0 {
			continue // the file's own name, not a symbol version
		}
		set(d.Ndx(), VersionName{Name: d.Name, Def: true})
	}
	for r, err := range v.Requirements() {
		if err != nil {
			return dst, err
		}
		for n, err := range r.Needs() {
			if err != nil {
				return dst, err
			}
			set(n.Other(), VersionName{Name: n.Name, File: r.File})
		}
	}
	return dst, bad
}
