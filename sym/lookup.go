package sym

import (
	"github.com/elfkit/elf"
)

// gnuHash is a DT_GNU_HASH table, checked when it was set up so that the
// lookup reads only words inside it.
type gnuHash struct {
	ok         bool
	word8      bool   // bloom words are 8 bytes (ELF64), else 4
	nbuckets   uint32 // > 0
	symoffset  uint32
	shift      uint32
	nbloom     uint32 // > 0
	pow2       bool   // nbloom is a power of two, as linkers make it
	bloom      []byte // nbloom words
	buckets    []byte // nbuckets uint32
	chains     []byte // uint32 per symbol from symoffset on
	nchainWord uint32
}

func (t *Table) setGNUHash(bloom, buckets, chains []byte, symoffset, shift uint32) {
	w := 4
	if t.is64 {
		w = 8
	}
	g := gnuHash{
		word8:     t.is64,
		nbuckets:  uint32(len(buckets) / 4),
		symoffset: symoffset,
		shift:     shift,
		nbloom:    uint32(len(bloom) / w),
		bloom:     bloom,
		buckets:   buckets,
		chains:    chains,
	}
	if g.nbuckets == 0 || g.nbloom == 0 || uint64(len(chains))/4 > 1<<31 {
		return // the loader would treat an empty table as "no symbols"; scan instead
	}
	g.nchainWord = uint32(len(chains) / 4)
	g.pow2 = g.nbloom&(g.nbloom-1) == 0
	g.ok = true
	t.gnu = g
}

// sysvHash is a DT_HASH table.
type sysvHash struct {
	ok      bool
	word8   bool // 8-byte words (64-bit s390 and Alpha)
	nbucket uint32
	nchain  uint32
	buckets []byte
	chains  []byte
}

func (t *Table) setSysVHash(buckets, chains []byte, entSize int) {
	h := sysvHash{word8: entSize == 8, buckets: buckets, chains: chains}
	h.nbucket = uint32(len(buckets) / entSize)
	h.nchain = uint32(len(chains) / entSize)
	if h.nbucket == 0 || (entSize != 4 && entSize != 8) {
		return
	}
	h.ok = true
	t.sysv = h
}

func (t *Table) sysvWord(b []byte, i uint32) uint32 {
	if t.sysv.word8 {
		o := int(i) * 8
		return uint32(t.u64(b[o : o+8]))
	}
	o := int(i) * 4
	return t.u32(b[o : o+4])
}

// Lookup finds the definition of name the way dlsym does: the default
// version ("name@@V") or an unversioned definition, never a hidden version
// ("name@V") and never an undefined symbol. It reports false when there is
// none.
//
// A dynamic table is searched through DT_GNU_HASH (bloom filter first),
// else DT_HASH, else by a scan; a hash table found to be malformed during
// the search (a chain past its end, a symbol index outside the table) makes
// that lookup scan instead. A definition is a symbol that is not SHN_UNDEF,
// is STB_GLOBAL, STB_WEAK or STB_GNU_UNIQUE, of type NOTYPE, OBJECT, FUNC,
// COMMON, TLS or GNU_IFUNC, and, in a dynamic table, has a value or is TLS
// or SHN_ABS - the rules of glibc's check_match. When several qualify, the
// first in table order wins, as in a hash chain.
//
// Lookup allocates nothing.
func (t *Table) Lookup(name string) (Symbol, bool) {
	return t.lookup(t.Hash(), name, "", false)
}

// LookupVersion finds the definition of name at version, hidden or not,
// the way dlvsym does: the symbol's Versym index must name a version
// definition (not the file's base version) or requirement called version.
// In a file without symbol versions every definition matches, as in glibc.
// It reports false when there is none, and allocates nothing.
func (t *Table) LookupVersion(name, version string) (Symbol, bool) {
	return t.lookup(t.Hash(), name, version, true)
}

// lookupState carries a dlsym lookup's candidate across a chain: the one
// non-hidden versioned definition seen so far and how many there were.
type lookupState struct {
	versioned int
	count     int
}

// lookup looks name up through the hash table how names (SHT_GNU_HASH,
// SHT_HASH), or by a scan.
func (t *Table) lookup(how elf.SectionType, name, version string, versioned bool) (Symbol, bool) {
	st := lookupState{versioned: -1}
	var i int
	var broken bool
	switch {
	case how == elf.SHT_GNU_HASH && t.gnu.ok:
		i, broken = t.gnuLookup(name, version, versioned, &st)
	case how == elf.SHT_HASH && t.sysv.ok:
		i, broken = t.sysvLookup(name, version, versioned, &st)
	default:
		broken = true
	}
	if broken {
		st = lookupState{versioned: -1}
		i = t.scan(name, version, versioned, &st)
	}
	if i < 0 && st.count == 1 {
		i = st.versioned
	}
	if i < 0 {
		return Symbol{}, false
	}
	return t.symbol(i, t.rec(i), name), true
}

// gnuLookup walks the GNU hash chain of name. It returns the index of the
// symbol found (-1 for none) and whether the table turned out malformed.
func (t *Table) gnuLookup(name, version string, versioned bool, st *lookupState) (int, bool) {
	g := &t.gnu
	h := elf.GNUHash(name)
	// The bloom filter: bits h and h>>shift (mod the word size) of word
	// (h / word size) mod nbloom must both be set.
	bits := uint32(32)
	if g.word8 {
		bits = 64
	}
	wi := h / bits
	if g.pow2 {
		wi &= g.nbloom - 1
	} else {
		wi %= g.nbloom
	}
	var w uint64
	if g.word8 {
		w = t.u64(g.bloom[wi*8 : wi*8+8])
	} else {
		w = uint64(t.u32(g.bloom[wi*4 : wi*4+4]))
	}
	if (w>>(h%bits))&(w>>((h>>(g.shift&31))%bits))&1 == 0 {
		return -1, false
	}
	bo := int(h%g.nbuckets) * 4
	b := t.u32(g.buckets[bo : bo+4])
	if b == 0 {
		return -1, false
	}
	if b < g.symoffset {
		return -1, true
	}
	// Each step reads a chain word inside the data, so the walk ends.
	for ci := b - g.symoffset; ci < g.nchainWord; ci++ {
		c := t.u32(g.chains[int(ci)*4 : int(ci)*4+4])
		if (c^h)>>1 == 0 {
			i := uint64(ci) + uint64(g.symoffset)
			if i >= uint64(t.n) {
				return -1, true
			}
			if t.match(int(i), name, version, versioned, st) {
				return int(i), false
			}
		}
		if c&1 != 0 {
			return -1, false
		}
	}
	return -1, true // the chain ran off the end of the table
}

// sysvLookup walks the SysV hash chain of name, like gnuLookup.
func (t *Table) sysvLookup(name, version string, versioned bool, st *lookupState) (int, bool) {
	s := &t.sysv
	h := elf.SysVHash(name)
	i := t.sysvWord(s.buckets, h%s.nbucket)
	// A chain visits each symbol at most once; more steps mean a loop.
	for steps := uint32(0); i != 0; steps++ {
		if i >= s.nchain || int64(i) >= int64(t.n) || steps >= s.nchain {
			return -1, true
		}
		if t.match(int(i), name, version, versioned, st) {
			return int(i), false
		}
		i = t.sysvWord(s.chains, i)
	}
	return -1, false
}

// scan looks at every symbol in table order.
func (t *Table) scan(name, version string, versioned bool, st *lookupState) int {
	for i := 1; i < t.n; i++ {
		if t.match(i, name, version, versioned, st) {
			return i
		}
	}
	return -1
}

// allowedTypes are the symbol types that can satisfy a lookup.
const allowedTypes = 1<<elf.STT_NOTYPE | 1<<elf.STT_OBJECT | 1<<elf.STT_FUNC |
	1<<elf.STT_COMMON | 1<<elf.STT_TLS | 1<<elf.STT_GNU_IFUNC

// match reports whether symbol i is the definition sought (glibc's
// check_match followed by the binding test of do_lookup_x). A non-hidden
// versioned definition met in a lookup without version is only noted in st:
// it is the answer if no unversioned definition turns up.
func (t *Table) match(i int, name, version string, versioned bool, st *lookupState) bool {
	r := t.rec(i)
	if !t.nameIs(t.stName(r), name) {
		return false
	}
	shndx := t.stShndx(r)
	if shndx == elf.SHN_UNDEF {
		return false
	}
	info := t.stInfo(r)
	typ := elf.ST_TYPE(info)
	if allowedTypes&(1<<typ) == 0 {
		return false
	}
	switch elf.ST_BIND(info) {
	case elf.STB_GLOBAL, elf.STB_WEAK, stbGNUUnique:
	default:
		return false
	}
	if !t.dynamic {
		return true
	}
	if typ != elf.STT_TLS && shndx != elf.SHN_ABS && t.stValue(r) == 0 {
		return false
	}
	if len(t.versym) == 0 {
		return true // an unversioned file satisfies any version
	}
	vs, ok := t.versymAt(i)
	if !ok {
		vs = 1 // no entry: as if global
	}
	ndx := vs & 0x7fff
	if versioned {
		v, ok := t.lookupVersionName(ndx)
		return ok && v == version
	}
	if ndx < 2 {
		return true
	}
	if vs&0x8000 == 0 {
		if st.count == 0 {
			st.versioned = i
		}
		st.count++
	}
	return false
}

// stbGNUUnique is STB_GNU_UNIQUE, the GNU binding (STB_LOOS) of a symbol
// that the loader keeps unique across the process.
const stbGNUUnique = elf.STB_LOOS
