package elf64

import (
	"slices"
	"strings"
)

// strtab lays out a string table: every distinct string once, and a string
// that is the tail of another ("bar" of "foobar") sharing the other's bytes.
// Offset 0 holds the empty string.
//
// Strings are added with add, which returns a reference (the order of
// adding); after build, off[ref] is the string's offset in data.
type strtab struct {
	strs []string
	keys []uint64 // revKey of each string
	off  []uint32
	data []byte

	// build's scratch space, kept for the next build.
	order, tmp []keyRef
	host       []int32 // per string: the string whose tail it is, or -1
}

type keyRef struct {
	key uint64
	ref uint32
}

func (t *strtab) reset(n int) {
	t.strs = slices.Grow(t.strs[:0], n)
	t.keys = slices.Grow(t.keys[:0], n)
	t.data = nil
}

// add adds s and returns its reference.
func (t *strtab) add(s string) uint32 {
	ref := uint32(len(t.strs))
	t.strs = append(t.strs, s)
	t.keys = append(t.keys, revKey(s))
	return ref
}

// revKey packs the last up to 8 bytes of s, last byte first, into a uint64
// from its high byte down, so that comparing keys compares reversed strings
// by their first 8 bytes (a shorter reversed string that is a prefix of
// another sorts first, as names contain no NUL).
func revKey(s string) uint64 {
	var k uint64
	n := min(len(s), 8)
	for i := range n {
		k |= uint64(s[len(s)-1-i]) << (56 - 8*i)
	}
	return k
}

// cmpRev compares the reversal of a with the reversal of b, whose keys are
// equal.
func cmpRev(a, b string) int {
	if len(a) <= 8 || len(b) <= 8 {
		return len(a) - len(b)
	}
	i, j := len(a)-9, len(b)-9
	for i >= 0 && j >= 0 {
		if a[i] != b[j] {
			return int(a[i]) - int(b[j])
		}
		i--
		j--
	}
	return len(a) - len(b)
}

// sortByKey sorts t.order by key: a radix sort on 16-bit digits for large
// tables, a comparison sort for small ones. Equal keys keep their order.
func (t *strtab) sortByKey() {
	n := len(t.order)
	if n < 2048 {
		slices.SortStableFunc(t.order, func(a, b keyRef) int {
			if a.key != b.key {
				if a.key < b.key {
					return -1
				}
				return 1
			}
			return 0
		})
		return
	}
	t.tmp = slices.Grow(t.tmp[:0], n)[:n]
	src, dst := t.order, t.tmp
	var count [1 << 16]uint32
	for shift := uint(0); shift < 64; shift += 16 {
		clear(count[:])
		for i := range src {
			count[uint16(src[i].key>>shift)]++
		}
		if count[uint16(src[0].key>>shift)] == uint32(n) {
			continue // every key has this digit
		}
		sum := uint32(0)
		for d := range count {
			c := count[d]
			count[d] = sum
			sum += c
		}
		for i := range src {
			d := uint16(src[i].key >> shift)
			dst[count[d]] = src[i]
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &t.order[0] {
		copy(t.order, src)
	}
}

// build lays the table out. Sorted by reversed string, a string whose
// reversal is a prefix of the next one's is that one's tail, and walking the
// order backwards the last string that is no tail is the one to share with.
// The strings that are no tail are written in the order they were added,
// so their bytes are read in order.
func (t *strtab) build() {
	n := len(t.strs)
	t.order = slices.Grow(t.order[:0], n)[:n]
	for i, k := range t.keys {
		t.order[i] = keyRef{k, uint32(i)}
	}
	t.sortByKey()
	// Order runs of equal keys by the whole reversed string.
	for i := 0; i < n; {
		j := i + 1
		for j < n && t.order[j].key == t.order[i].key {
			j++
		}
		if j-i > 1 {
			slices.SortStableFunc(t.order[i:j], func(a, b keyRef) int { return cmpRev(t.strs[a.ref], t.strs[b.ref]) })
		}
		i = j
	}
	t.host = slices.Grow(t.host[:0], n)[:n]
	if cap(t.off) < n {
		t.off = make([]uint32, n)
	}
	t.off = t.off[:n]
	prev := int32(-1)
	var prevKey uint64
	for i := n - 1; i >= 0; i-- {
		e := t.order[i]
		s := t.strs[e.ref]
		t.host[e.ref] = -1
		if s == "" {
			continue
		}
		if prev >= 0 {
			// A tail of prev has prev's key in its first min(len, 8) bytes.
			shift := uint(0)
			if len(s) < 8 {
				shift = uint(64 - 8*len(s))
			}
			if (e.key^prevKey)>>shift == 0 && strings.HasSuffix(t.strs[prev], s) {
				t.host[e.ref] = prev
				continue
			}
		}
		prev, prevKey = int32(e.ref), e.key
	}
	size := 1
	for i, s := range t.strs {
		if s != "" && t.host[i] < 0 {
			size += len(s) + 1
		}
	}
	data := make([]byte, 1, size)
	for i, s := range t.strs {
		switch {
		case s == "":
			t.off[i] = 0
		case t.host[i] < 0:
			t.off[i] = uint32(len(data))
			data = append(data, s...)
			data = append(data, 0)
		}
	}
	for i, h := range t.host {
		if h >= 0 {
			t.off[i] = t.off[h] + uint32(len(t.strs[h])-len(t.strs[i]))
		}
	}
	t.data = data
}
