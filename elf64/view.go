package elf64

import (
	"encoding/binary"
	"iter"
	"math/bits"

	"github.com/elfkit/elf"
)

// view is what every record type is: the record's bytes and the byte order.
// Accessors never panic: a view shorter than its record (only the zero
// value can be) reads as zeros.
type view struct {
	b   []byte
	big bool
}

// record is satisfied by every record view type of this package.
type record interface {
	~struct {
		b   []byte
		big bool
	}
}

func u8(b []byte, off int) uint8 {
	if off >= len(b) {
		return 0
	}
	return b[off]
}

func u16(b []byte, off int, big bool) uint16 {
	if off < 0 || len(b) < off+2 {
		return 0
	}
	if big {
		return binary.BigEndian.Uint16(b[off:])
	}
	return binary.LittleEndian.Uint16(b[off:])
}

func u32(b []byte, off int, big bool) uint32 {
	if off < 0 || len(b) < off+4 {
		return 0
	}
	if big {
		return binary.BigEndian.Uint32(b[off:])
	}
	return binary.LittleEndian.Uint32(b[off:])
}

func u64(b []byte, off int, big bool) uint64 {
	if off < 0 || len(b) < off+8 {
		return 0
	}
	if big {
		return binary.BigEndian.Uint64(b[off:])
	}
	return binary.LittleEndian.Uint64(b[off:])
}

// Table is a view of an array of records of type T: a program header table,
// a section header table, a symbol table, a dynamic table, ... It copies
// nothing; At builds the view of one entry.
type Table[T record] struct {
	b      []byte
	stride int // distance between entries (>= the record size)
	size   int // bytes of one record
	n      int
	big    bool
}

// newTable builds a table of n entries of size bytes each, stride apart.
// The caller has checked that n*stride bytes (the last entry needing only
// size) lie inside b.
func newTable[T record](b []byte, n, stride, size int, big bool) Table[T] {
	return Table[T]{b: b, stride: stride, size: size, n: n, big: big}
}

// NewTable returns a view of the n records of type T at the start of b,
// stride bytes apart, in big-endian byte order when big is set: a table a
// caller has located itself, such as the dynamic table of a process image
// found through its program headers. (A File's methods find the tables of
// a file.) It copies nothing. The error wraps elf.ErrOutOfRange when stride
// is smaller than a record of T or n is negative, and elf.ErrTruncated when
// b cannot hold n records (the last one needs only a record's bytes).
func NewTable[T record](b []byte, n, stride int, big bool) (Table[T], error) {
	size := recordSize[T]()
	if n < 0 || stride < size {
		return Table[T]{}, elf.Errorf(-1, elf.ErrOutOfRange, "table of %d records of %d bytes, %d apart", n, size, stride)
	}
	if n > 0 {
		// The last record needs only its own bytes.
		hi, lo := bits.Mul64(uint64(n-1), uint64(stride))
		if len(b) < size || hi != 0 || lo > uint64(len(b)-size) {
			return Table[T]{}, elf.Errorf(-1, elf.ErrTruncated, "table of %d records of %d bytes, %d apart, in %d bytes", n, size, stride, len(b))
		}
	}
	return Table[T]{b: b, stride: stride, size: size, n: n, big: big}, nil
}

// recordSize returns the size in bytes of a record of type T.
func recordSize[T record]() int {
	var r T
	switch any(r).(type) {
	case Ehdr:
		return EhdrSize
	case Phdr:
		return PhdrSize
	case Shdr:
		return ShdrSize
	case Sym:
		return SymSize
	case Dyn:
		return DynSize
	case Rel:
		return RelSize
	case Rela:
		return RelaSize
	case Chdr:
		return ChdrSize
	case Nhdr:
		return NhdrSize
	case Versym:
		return VersymSize
	case Shndx:
		return ShndxSize
	case Verdef:
		return VerdefSize
	case Verdaux:
		return VerdauxSize
	case Verneed:
		return VerneedSize
	case Vernaux:
		return VernauxSize
	}
	return 1 // view: raw bytes
}

// Len returns the number of entries.
func (t Table[T]) Len() int { return t.n }

// At returns entry i. An i outside [0, Len()) gives the zero view, whose
// accessors all return zero.
func (t Table[T]) At(i int) T {
	if uint(i) >= uint(t.n) {
		var zero T
		return zero
	}
	off := i * t.stride
	return T(view{b: t.b[off : off+t.size : off+t.size], big: t.big})
}

// All iterates over the entries in order.
func (t Table[T]) All() iter.Seq2[int, T] {
	return func(yield func(int, T) bool) {
		for i := 0; i < t.n; i++ {
			off := i * t.stride
			if !yield(i, T(view{b: t.b[off : off+t.size : off+t.size], big: t.big})) {
				return
			}
		}
	}
}

// Bytes returns the bytes that hold the table, without copying.
func (t Table[T]) Bytes() []byte {
	if t.n == 0 {
		return nil
	}
	return t.b[:(t.n-1)*t.stride+t.size]
}
