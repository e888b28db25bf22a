package sym

import (
	"slices"
	"strconv"

	"github.com/elfkit/elf"
)

// Version is the version of a dynamic symbol, from its Versym entry and the
// Verdef or Vernaux record that the entry's index names.
//
// A defined symbol has a version it defines: Name is the version, Hidden
// reports a non-default version (readelf's "name@VERSION"; the default is
// "name@@VERSION"). A symbol that refers to another object's definition has
// a version it requires: Needed is set, and File names the object expected
// to define it ("name@VERSION (index)"). A symbol of the base version, an
// unversioned symbol, and a symbol of a file without versions have the
// zero Version.
type Version struct {
	Name   string // the version name, e.g. "GLIBC_2.14"; "" for none
	File   string // for a required version, the file that provides it (vn_file)
	Index  uint16 // the version index: vd_ndx, or vna_other for a requirement
	Hidden bool   // the Versym entry's hidden bit: not the default version
	Needed bool   // the version is required from another file (Vernaux)
}

// Default reports whether v is the default version of a definition: the
// one a lookup without a version finds.
func (v Version) Default() bool { return v.Name != "" && !v.Hidden && !v.Needed }

// String returns what readelf --dyn-syms -W prints after a symbol's name:
// "@@NAME" for a default version, "@NAME" for a hidden one, "@NAME (INDEX)"
// for a required one, and "" when there is no version.
func (v Version) String() string {
	switch {
	case v.Name == "":
		return ""
	case v.Needed:
		return "@" + v.Name + " (" + strconv.Itoa(int(v.Index)) + ")"
	case v.Hidden:
		return "@" + v.Name
	}
	return "@@" + v.Name
}

// verEntry is a version definition or a version requirement. The entries
// of each kind are sorted by key, stably, so that among equal keys the
// first in file order comes first.
type verEntry struct {
	key   uint16 // vd_ndx of a definition, vna_other of a requirement
	flags elf.DynamicVersionFlag
	name  string // the version name
	file  string // a requirement's vn_file
}

// sortVersions sorts version entries by key.
func sortVersions(v []verEntry) {
	slices.SortStableFunc(v, func(a, b verEntry) int { return int(a.key) - int(b.key) })
}

// find returns the first entry of the sorted group g whose key is key.
func find(g []verEntry, key uint16) *verEntry {
	if len(g) == 0 {
		return nil
	}
	// Linkers number versions consecutively; try that before searching.
	if d := int(key) - int(g[0].key); d >= 0 && d < len(g) && g[d].key == key && (d == 0 || g[d-1].key != key) {
		return &g[d]
	}
	i, ok := slices.BinarySearchFunc(g, key, func(e verEntry, k uint16) int { return int(e.key) - int(k) })
	if !ok {
		return nil
	}
	return &g[i]
}

func (t *Table) findDef(key uint16) *verEntry { return find(t.defs, key) }

func (t *Table) findNeed(key uint16) *verEntry {
	t.needsOnce.Do(func() {
		if t.src != nil {
			t.needs = t.src.requirements()
		}
	})
	return find(t.needs, key)
}

// version returns the version of symbol i the way readelf resolves it
// (get_symbol_version_string in binutils): a defined symbol's index is
// looked up in the definitions first, except for the base version, and
// then, as for an undefined symbol, in the requirements, whose vna_other
// must equal the whole Versym entry.
func (t *Table) version(i int, defined bool) Version {
	vs, ok := t.versymAt(i)
	if !ok || vs == 0 {
		return Version{}
	}
	ndx, hidden := vs&0x7fff, vs&0x8000 != 0
	if defined && vs != 0x8001 && len(t.defs) > 0 {
		if e := t.findDef(ndx); e != nil {
			if ndx == 1 && e.flags == elf.VER_FLG_BASE {
				return Version{}
			}
			return Version{Name: e.name, Index: ndx, Hidden: hidden}
		}
	}
	if e := t.findNeed(vs); e != nil {
		return Version{Name: e.name, File: e.file, Index: vs, Hidden: hidden, Needed: true}
	}
	return Version{}
}

// lookupVersionName returns the name the loader knows version index ndx
// by (glibc's l_versions): a definition other than the base one, else a
// requirement.
func (t *Table) lookupVersionName(ndx uint16) (string, bool) {
	if e := t.findDef(ndx); e != nil && e.flags&elf.VER_FLG_BASE == 0 {
		return e.name, true
	}
	if e := t.findNeed(ndx); e != nil {
		return e.name, true
	}
	return "", false
}
