package elf64

import "github.com/elfkit/elf"

// GNUHashTable is a view of a DT_GNU_HASH table (section SHT_GNU_HASH).
type GNUHashTable struct {
	nbuckets   uint32
	symoffset  uint32
	bloomShift uint32
	bloom      []byte // class-sized words
	buckets    []byte // nbuckets uint32
	chains     []byte // uint32 per symbol from symoffset on, to the end of the data
	big        bool
}

// NewGNUHashTable decodes a GNU hash table from its bytes. The chain array's
// length is not stored in the table; it is taken to run to the end of b.
func NewGNUHashTable(b []byte, big bool) (GNUHashTable, error) {
	if len(b) < 16 {
		return GNUHashTable{}, elf.Errorf(-1, elf.ErrTruncated, "GNU hash table header")
	}
	h := GNUHashTable{
		nbuckets:   u32(b, 0, big),
		symoffset:  u32(b, 4, big),
		bloomShift: u32(b, 12, big),
		big:        big,
	}
	nbloom := uint64(u32(b, 8, big))
	rest := uint64(len(b) - 16)
	if nbloom == 0 || nbloom > rest/wordSize {
		return GNUHashTable{}, elf.Errorf(8, elf.ErrTruncated, "GNU hash table bloom filter of %d words", nbloom)
	}
	h.bloom = b[16 : 16+nbloom*wordSize]
	rest -= nbloom * wordSize
	if h.nbuckets == 0 || uint64(h.nbuckets) > rest/4 {
		return GNUHashTable{}, elf.Errorf(0, elf.ErrTruncated, "GNU hash table of %d buckets", h.nbuckets)
	}
	start := 16 + nbloom*wordSize
	h.buckets = b[start : start+uint64(h.nbuckets)*4]
	h.chains = b[start+uint64(h.nbuckets)*4:]
	return h, nil
}

// NumBuckets returns the number of hash buckets.
func (h GNUHashTable) NumBuckets() uint32 { return h.nbuckets }

// SymOffset returns the index of the first symbol the table covers.
func (h GNUHashTable) SymOffset() uint32 { return h.symoffset }

// BloomShift returns the bloom filter's second shift count.
func (h GNUHashTable) BloomShift() uint32 { return h.bloomShift }

// NumBloom returns the number of class-sized bloom filter words.
func (h GNUHashTable) NumBloom() int { return len(h.bloom) / wordSize }

// Bloom returns bloom filter word i.
func (h GNUHashTable) Bloom(i int) uint64 { return word(h.bloom, i*wordSize, h.big) }

// Bucket returns bucket i: the lowest symbol index whose hash falls in it,
// or 0 for an empty bucket.
func (h GNUHashTable) Bucket(i uint32) uint32 { return u32(h.buckets, int(i)*4, h.big) }

// NumChains returns how many chain words the data holds.
func (h GNUHashTable) NumChains() int { return len(h.chains) / 4 }

// Chain returns the chain word of symbol index sym (sym >= SymOffset): the
// symbol's hash with bit 0 replaced by an end-of-chain mark. ok is false
// when the word is not in the data.
func (h GNUHashTable) Chain(sym uint32) (v uint32, ok bool) {
	i := uint64(sym) - uint64(h.symoffset)
	if sym < h.symoffset || i >= uint64(len(h.chains)/4) {
		return 0, false
	}
	return u32(h.chains, int(i)*4, h.big), true
}

// MayContain reports whether the bloom filter admits a name with GNU hash
// hash; false means the name is certainly not in the table.
func (h GNUHashTable) MayContain(hash uint32) bool {
	const bits = wordSize * 8
	n := uint32(len(h.bloom) / wordSize)
	w := h.Bloom(int((hash / bits) % n))
	mask := uint64(1)<<(hash%bits) | uint64(1)<<((hash>>(h.bloomShift%32))%bits)
	return w&mask == mask
}

// hashesSymbols reports whether any bucket is in use.
func (h GNUHashTable) hashesSymbols() bool {
	for i := uint32(0); i < h.nbuckets; i++ {
		if h.Bucket(i) != 0 {
			return true
		}
	}
	return false
}

// SymbolCount returns the number of dynamic symbols the table implies: one
// past the last symbol of the longest-reaching chain. When no bucket is in
// use it returns SymOffset, which is then only a lower bound: GNU ld writes
// 1 there in an executable that exports nothing. It walks at most the
// chain words that the data holds.
func (h GNUHashTable) SymbolCount() (int, error) {
	last := uint32(0)
	for i := uint32(0); i < h.nbuckets; i++ {
		last = max(last, h.Bucket(i))
	}
	if last < h.symoffset {
		return int(h.symoffset), nil // no symbols hashed
	}
	for {
		v, ok := h.Chain(last)
		if !ok {
			return 0, elf.Errorf(-1, elf.ErrLoop, "GNU hash chain of symbol %d runs past the table", last)
		}
		if v&1 != 0 {
			return int(last) + 1, nil
		}
		last++
	}
}

// SysVHashTable is a view of a DT_HASH table (section SHT_HASH). Its words
// are 4 bytes, except on 64-bit s390 and Alpha, where they are 8.
type SysVHashTable struct {
	nbucket, nchain uint32
	buckets, chains []byte
	entSize         int
	big             bool
}

// NewSysVHashTable decodes a SysV hash table whose words are entSize (4 or
// 8) bytes.
func NewSysVHashTable(b []byte, entSize int, big bool) (SysVHashTable, error) {
	if entSize != 4 && entSize != 8 {
		return SysVHashTable{}, elf.Errorf(-1, elf.ErrBadEntSize, "hash table entry size %d", entSize)
	}
	rd := func(i uint64) uint32 {
		if entSize == 8 {
			return uint32(u64(b, int(i*8), big))
		}
		return u32(b, int(i*4), big)
	}
	if uint64(len(b)) < 2*uint64(entSize) {
		return SysVHashTable{}, elf.Errorf(-1, elf.ErrTruncated, "hash table header")
	}
	h := SysVHashTable{nbucket: rd(0), nchain: rd(1), entSize: entSize, big: big}
	words := uint64(len(b))/uint64(entSize) - 2
	if uint64(h.nbucket)+uint64(h.nchain) > words {
		return SysVHashTable{}, elf.Errorf(-1, elf.ErrTruncated, "hash table of %d buckets and %d chains", h.nbucket, h.nchain)
	}
	e := uint64(entSize)
	h.buckets = b[2*e : (2+uint64(h.nbucket))*e]
	h.chains = b[(2+uint64(h.nbucket))*e : (2+uint64(h.nbucket)+uint64(h.nchain))*e]
	return h, nil
}

// NumBuckets returns nbucket.
func (h SysVHashTable) NumBuckets() uint32 { return h.nbucket }

// NumChains returns nchain, which equals the number of dynamic symbols.
func (h SysVHashTable) NumChains() uint32 { return h.nchain }

func (h SysVHashTable) at(b []byte, i uint32) uint32 {
	if h.entSize == 8 {
		return uint32(u64(b, int(i)*8, h.big))
	}
	return u32(b, int(i)*4, h.big)
}

// Bucket returns bucket i, the first symbol index of its chain.
func (h SysVHashTable) Bucket(i uint32) uint32 {
	if i >= h.nbucket {
		return 0
	}
	return h.at(h.buckets, i)
}

// Chain returns the symbol index after sym in its chain (0 ends it).
func (h SysVHashTable) Chain(sym uint32) uint32 {
	if sym >= h.nchain {
		return 0
	}
	return h.at(h.chains, sym)
}

// hashEntSize returns the DT_HASH word size of this file's machine.
func (f *File) hashEntSize() int { return HashEntSize(f.Ehdr().Machine()) }

// HashEntSize returns the size of the words of a SysV hash table (DT_HASH,
// SHT_HASH) in a file of this class for machine m: 8 for 64-bit s390 and
// Alpha, whose tables break the gABI's rule of 4-byte words, else 4.
func HashEntSize(m elf.Machine) int {
	if wordSize == 8 {
		switch m {
		case elf.EM_S390, elf.EM_ALPHA:
			return 8
		}
	}
	return 4
}

// GNUHash returns the GNU hash table: the SHT_GNU_HASH section, else
// DT_GNU_HASH (its data taken to run to the end of its segment). The error
// wraps elf.ErrNotFound when there is none.
func (f *File) GNUHash() (GNUHashTable, error) {
	b, err := f.hashBytes(elf.SHT_GNU_HASH, elf.DT_GNU_HASH)
	if err != nil {
		return GNUHashTable{}, err
	}
	return NewGNUHashTable(b, f.big)
}

// SysVHash returns the SysV hash table: the SHT_HASH section, else DT_HASH.
// The error wraps elf.ErrNotFound when there is none.
func (f *File) SysVHash() (SysVHashTable, error) {
	b, err := f.hashBytes(elf.SHT_HASH, elf.DT_HASH)
	if err != nil {
		return SysVHashTable{}, err
	}
	return NewSysVHashTable(b, f.hashEntSize(), f.big)
}

func (f *File) hashBytes(typ elf.SectionType, tag elf.DynTag) ([]byte, error) {
	if !f.image {
		if _, s, err := f.SectionByType(typ); err == nil {
			return f.SectionData(s)
		}
	}
	addr, err := f.DynValue(tag)
	if err != nil {
		return nil, err
	}
	return f.addrToSegmentEnd(Addr(addr))
}

// addrToSegmentEnd returns the bytes from address a to the end of the file
// part of the PT_LOAD segment holding it, for tables whose size is not
// stored.
func (f *File) addrToSegmentEnd(a Addr) ([]byte, error) {
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return nil, err
	}
	a = f.linkAddr(phdrs, a)
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD || a < p.Vaddr() || uint64(a-p.Vaddr()) >= uint64(p.Filesz()) {
			continue
		}
		return f.AddrBytes(a, uint64(p.Filesz())-uint64(a-p.Vaddr()))
	}
	return nil, elf.Errorf(-1, elf.ErrOutOfRange, "address %#x not in any PT_LOAD segment", uint64(a))
}

// linkAddr returns the link-time address of a. In an image made with a base
// address, a relocated address (one outside every PT_LOAD segment that,
// taken relative to the base, lies inside the image) is turned back into
// the address the file was linked at; the loader relocates some dynamic
// entries and not others. Anything else is returned as it is.
func (f *File) linkAddr(phdrs Table[Phdr], a Addr) Addr {
	if !f.image || f.base == 0 || uint64(a) < f.base || uint64(a)-f.base >= uint64(len(f.data)) {
		return a
	}
	var bias uint64
	found := false
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD {
			continue
		}
		if !found {
			bias, found = uint64(p.Vaddr())-uint64(p.Offset()), true
		}
		if a >= p.Vaddr() && uint64(a-p.Vaddr()) < uint64(p.Memsz()) {
			return a
		}
	}
	if !found {
		return a
	}
	return Addr(uint64(a) - f.base + bias)
}

// Parts returns the table's bloom filter (NumBloom class-sized words), its
// buckets (NumBuckets 4-byte words) and its chain words (4 bytes each, for
// the symbols from SymOffset on), as views of the file's bytes in the
// file's byte order. It lets a caller that looks up many names walk the
// table without a call per word.
func (h GNUHashTable) Parts() (bloom, buckets, chains []byte) {
	return h.bloom, h.buckets, h.chains
}

// EntSize returns the size of the table's words: 4, or 8 on 64-bit s390
// and Alpha.
func (h SysVHashTable) EntSize() int { return h.entSize }

// Parts returns the table's buckets (NumBuckets words) and chains
// (NumChains words), EntSize bytes each in the file's byte order, as views
// of the file's bytes.
func (h SysVHashTable) Parts() (buckets, chains []byte) { return h.buckets, h.chains }
