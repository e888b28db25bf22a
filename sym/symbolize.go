package sym

import (
	"slices"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
)

// Symbolizer maps addresses to the symbols that cover them. It is built
// once from a table, in O(n log n), into a sorted list of address ranges
// and their owners; each Lookup is then a binary search, O(log n), that
// allocates nothing. A Symbolizer is immutable and safe for concurrent use.
//
// Which symbols count:
//
//   - defined symbols with an address: not SHN_UNDEF, SHN_ABS or
//     SHN_COMMON, not in a section that does not occupy memory, and not of
//     type SECTION, FILE or TLS (a TLS symbol's value is an offset);
//   - not nameless symbols, and not the mapping symbols ($a, $d, $t, $x,
//     ...) of ARM, AArch64 and RISC-V, which mark code and data inside
//     functions.
//
// Where a symbol is:
//
//   - its value, except that an ARM (EM_ARM) function's value has its
//     Thumb bit (bit 0) cleared, and a PowerPC64 ELFv1 function's value,
//     which is the address of its descriptor in .opd, is replaced by the
//     code address the descriptor holds (its first doubleword; this needs
//     the .opd section header, which memory images lack);
//   - a symbol with a size covers [address, address+size); one of size
//     zero covers from its address to the next address at which any symbol
//     starts or a sized symbol ends (or its section ends), and only where no
//     sized symbol covers.
//
// Which symbol owns an address covered by several: the one that starts last
// (the innermost, for nested symbols), and among aliases that start at the
// same address the preferred one: a sized symbol over a zero-size one,
// then by binding STB_GLOBAL or STB_GNU_UNIQUE over STB_WEAK over
// STB_LOCAL, then by type FUNC or GNU_IFUNC over OBJECT over NOTYPE, then
// the lowest symbol index.
type Symbolizer struct {
	t      *Table
	starts []uint64  // the ranges' start addresses, ascending
	ranges []segment // ranges[k] covers [starts[k], starts[k+1])
	count  int       // symbols indexed
}

// segment is the owner of an address range: the symbol and its address.
type segment struct {
	addr    uint64 // the owner's address (its code address for ELFv1 and Thumb)
	sym     int32  // the owner's symbol index, -1 for none
	nameLen uint32 // the length of the owner's name
}

// span is an address range [start, end).
type span struct{ start, end uint64 }

// fileLayout is what a Symbolizer needs from the file besides the table.
type fileLayout struct {
	sections []span // by section index; empty spans for sections not in memory
	opd      []byte // PowerPC64 ELFv1 function descriptors
	opdAddr  uint64
}

// NewSymbolizer indexes the static symbol table of f (.symtab), or its
// dynamic symbol table (.dynsym) when f has no static one.
func NewSymbolizer[F File](f F) (*Symbolizer, error) {
	var t *Table
	var l fileLayout
	var err error
	switch f := any(f).(type) {
	case *elf64.File:
		t, l, err = class64{f}.symbolizer()
	case *elf32.File:
		t, l, err = class32{f}.symbolizer()
	default:
		err = errNilFile
	}
	if err != nil {
		return nil, err
	}
	return newSymbolizer(t, l), nil
}

// Table returns the symbol table the Symbolizer indexes.
func (s *Symbolizer) Table() *Table { return s.t }

// Len returns the number of symbols the Symbolizer indexes.
func (s *Symbolizer) Len() int { return s.count }

// Lookup returns the symbol that owns addr and the offset of addr from the
// symbol's address (its code address, for Thumb and ELFv1 functions). It
// reports false for an address no symbol covers.
func (s *Symbolizer) Lookup(addr uint64) (sym Symbol, off uint64, ok bool) {
	// Find the last range starting at or below addr.
	starts := s.starts
	n := len(starts)
	if n == 0 || addr < starts[0] {
		return Symbol{}, 0, false
	}
	lo := 0
	for n > 1 {
		half := n >> 1
		if starts[lo+half] <= addr {
			lo += half
		}
		n -= half
	}
	g := s.ranges[lo]
	if g.sym < 0 {
		return Symbol{}, 0, false
	}
	i := int(g.sym)
	return s.t.symbolNamed(i, s.t.rec(i), g.nameLen), addr - g.addr, true
}

// indexEntry is a symbol being indexed.
type indexEntry struct {
	start, end uint64 // end == start for a zero-size symbol
	limit      uint64 // a zero-size symbol's section end, 0 when unknown
	rank       uint8
	sized      bool
	sym        int32
}

// rank orders aliases: higher is preferred.
func rank(info uint8) uint8 {
	var b, t uint8
	switch elf.ST_BIND(info) {
	case elf.STB_GLOBAL, stbGNUUnique:
		b = 2
	case elf.STB_WEAK:
		b = 1
	}
	switch elf.ST_TYPE(info) {
	case elf.STT_FUNC, elf.STT_GNU_IFUNC:
		t = 3
	case elf.STT_OBJECT:
		t = 2
	case elf.STT_NOTYPE:
		t = 1
	}
	return b<<2 | t
}

// isMappingSymbol reports whether name is an ARM, AArch64 or RISC-V mapping
// symbol ("$a", "$d.1", "$x", "$xrv64i2p1", ...).
func isMappingSymbol(m elf.Machine, name string) bool {
	switch m {
	case elf.EM_ARM, elf.EM_AARCH64, elf.EM_RISCV:
		return len(name) >= 2 && name[0] == '$'
	}
	return false
}

func newSymbolizer(t *Table, l fileLayout) *Symbolizer {
	arm := t.machine == elf.EM_ARM
	entries := make([]indexEntry, 0, max(t.n-1, 0))
	for i := 1; i < t.n; i++ {
		r := t.rec(i)
		shndx := t.stShndx(r)
		switch shndx {
		case elf.SHN_UNDEF, elf.SHN_ABS, elf.SHN_COMMON:
			continue
		case elf.SHN_XINDEX:
			if o := 4 * i; o+4 <= len(t.shndx) {
				shndx = elf.SectionIndex(t.u32(t.shndx[o : o+4]))
			}
		}
		info := t.stInfo(r)
		typ := elf.ST_TYPE(info)
		switch typ {
		case elf.STT_SECTION, elf.STT_FILE, elf.STT_TLS:
			continue
		}
		nameOff := t.stName(r)
		if nameOff == 0 || uint64(nameOff) >= uint64(len(t.strtab)) || t.strtab[nameOff] == 0 {
			continue
		}
		if t.strtab[nameOff] == '$' && isMappingSymbol(t.machine, t.name(nameOff)) {
			continue
		}
		var sec span
		haveSec := false
		if shndx < elf.SHN_LORESERVE || t.stShndx(r) == elf.SHN_XINDEX {
			if int(shndx) < len(l.sections) {
				sec, haveSec = l.sections[shndx], true
				if sec.start == sec.end {
					continue // not in memory (or empty)
				}
			}
		}
		start, size := t.stValue(r), t.stSize(r)
		isFunc := typ == elf.STT_FUNC || typ == elf.STT_GNU_IFUNC
		switch {
		case arm && isFunc:
			start &^= 1
		case l.opd != nil && isFunc && start >= l.opdAddr && start-l.opdAddr <= uint64(len(l.opd))-8 && len(l.opd) >= 8:
			o := start - l.opdAddr
			start = t.u64(l.opd[o : o+8])
			haveSec = false // the code is not in .opd
		}
		e := indexEntry{start: start, end: start, rank: rank(info), sym: int32(i)}
		if size > 0 {
			e.sized = true
			e.end = start + size
			if e.end < start {
				e.end = ^uint64(0)
			}
		} else if haveSec && sec.end > start && sec.start <= start {
			e.limit = sec.end
		}
		entries = append(entries, e)
	}
	s := &Symbolizer{t: t, count: len(entries)}
	if len(entries) == 0 {
		return s
	}
	slices.SortFunc(entries, func(a, b indexEntry) int {
		switch {
		case a.start != b.start:
			if a.start < b.start {
				return -1
			}
			return 1
		case a.sized != b.sized:
			if b.sized {
				return -1
			}
			return 1
		case a.rank != b.rank:
			return int(a.rank) - int(b.rank)
		}
		return int(b.sym) - int(a.sym) // the lowest index last, as the best
	})

	// The points where the owner can change.
	points := make([]uint64, 0, 2*len(entries))
	for _, e := range entries {
		points = append(points, e.start)
		if e.sized && e.end != ^uint64(0) {
			points = append(points, e.end)
		}
		if e.limit > e.start {
			points = append(points, e.limit)
		}
	}
	slices.Sort(points)
	points = slices.Compact(points)

	// Sweep the points: the owner of [p, next point) is the active sized
	// entry that sorts last, else the best zero-size entry starting at p.
	var heap entryHeap
	heap.h = make([]int32, 0, 16)
	s.starts = make([]uint64, 0, len(points)+1)
	s.ranges = make([]segment, 0, len(points)+1)
	last := int32(-2)
	next := 0
	for _, p := range points {
		zero := int32(-1)
		for next < len(entries) && entries[next].start == p {
			if entries[next].sized {
				heap.push(int32(next))
			} else {
				zero = int32(next)
			}
			next++
		}
		for len(heap.h) > 0 && entries[heap.h[0]].end <= p {
			heap.pop()
		}
		owner := zero
		if len(heap.h) > 0 {
			owner = heap.h[0]
		}
		if owner == last {
			continue
		}
		last = owner
		g := segment{sym: -1}
		if owner >= 0 {
			e := entries[owner]
			g = segment{addr: e.start, sym: e.sym, nameLen: uint32(len(t.name(t.stName(t.rec(int(e.sym))))))}
		}
		s.starts = append(s.starts, p)
		s.ranges = append(s.ranges, g)
	}
	// A zero-size symbol at the last point, with no section to end it,
	// covers only its own address.
	if last >= 0 && !entries[last].sized {
		if p := points[len(points)-1]; p != ^uint64(0) {
			s.starts = append(s.starts, p+1)
			s.ranges = append(s.ranges, segment{sym: -1})
		}
	}
	return s
}

// entryHeap is a max-heap of positions in the sorted entries: the top is
// the entry that sorts last.
type entryHeap struct{ h []int32 }

func (q *entryHeap) push(i int32) {
	q.h = append(q.h, i)
	h := q.h
	for j := len(h) - 1; j > 0; {
		p := (j - 1) / 2
		if h[p] >= h[j] {
			break
		}
		h[p], h[j] = h[j], h[p]
		j = p
	}
}

func (q *entryHeap) pop() {
	h := q.h
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for j := 0; ; {
		l, r, m := 2*j+1, 2*j+2, j
		if l < n && h[l] > h[m] {
			m = l
		}
		if r < n && h[r] > h[m] {
			m = r
		}
		if m == j {
			break
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
	q.h = h
}
