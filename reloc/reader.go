package reloc

import "encoding/binary"

// Reader decodes a table's entries in order, many at a time: the way to
// walk large tables (hundreds of thousands of dynamic relocations) with no
// call per entry. The zero Reader reads nothing.
type Reader struct {
	t    Table
	i    int    // entries decoded so far
	p    int    // byte position in t.b
	base uint64 // RELR: address the next bitmap starts at
	bits uint64 // RELR: bitmap bits not yet expanded
	addr uint64 // RELR: address of the bitmap's next bit
	// CREL running values.
	offset, addend uint64
	sym, typ       uint32
}

// Reader returns a Reader positioned at the table's first entry.
func (t Table) Reader() Reader {
	r := Reader{t: t}
	if t.kind == CREL {
		r.p = t.crelHdr
	}
	return r
}

// Read decodes the next entries into dst and returns how many it decoded:
// len(dst), or fewer at the end of the table, where it returns 0.
func (r *Reader) Read(dst []Reloc) int {
	n := min(len(dst), r.t.n-r.i)
	if n <= 0 {
		return 0
	}
	dst = dst[:n]
	switch r.t.kind {
	case REL, RELA:
		r.readFixed(dst)
	case RELR:
		r.readRELR(dst)
	case CREL:
		for k := range dst {
			dst[k] = r.nextCREL()
		}
	}
	r.i += n
	return n
}

func (r *Reader) readFixed(dst []Reloc) {
	t := &r.t
	b, stride, rela := t.b, t.stride, t.addends
	p := r.i * stride
	switch {
	case t.fast:
		// ELF64 little-endian RELA, 24 bytes apart: the tables that
		// grow to hundreds of thousands of entries. One bounds check
		// for the batch, and each field written once.
		src := b[p : p+len(dst)*24]
		for k := range dst {
			e := src[k*24 : k*24+24 : k*24+24]
			d := &dst[k]
			d.Offset, d.Info, d.Addend = binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint64(e[8:]), int64(binary.LittleEndian.Uint64(e[16:]))
			d.Sym, d.Type, d.Type2, d.Type3, d.SSym = uint32(d.Info>>32), uint32(d.Info), 0, 0, 0
		}
	case t.layout != infoStandard:
		for k := range dst {
			dst[k] = t.fixed(b[p:])
			p += stride
		}
	case t.is64 && !t.big:
		for k := range dst {
			e := b[p : p+16]
			d := &dst[k]
			d.Offset, d.Info = binary.LittleEndian.Uint64(e), binary.LittleEndian.Uint64(e[8:])
			d.Addend = 0
			if rela {
				d.Addend = int64(binary.LittleEndian.Uint64(b[p+16 : p+24]))
			}
			d.Sym, d.Type, d.Type2, d.Type3, d.SSym = uint32(d.Info>>32), uint32(d.Info), 0, 0, 0
			p += stride
		}
	default:
		for k := range dst {
			dst[k] = t.fixed(b[p:])
			p += stride
		}
	}
}

func (r *Reader) readRELR(dst []Reloc) {
	t := &r.t
	ws := uint64(4)
	if t.is64 {
		ws = 8
	}
	info := t.packInfo(0, t.relative)
	for k := 0; k < len(dst); {
		// Expand what is left of the current bitmap.
		for r.bits != 0 && k < len(dst) {
			if r.bits&1 != 0 {
				dst[k] = Reloc{Offset: r.addr, Info: info, Type: t.relative}
				k++
			}
			r.bits >>= 1
			r.addr += ws
		}
		if k == len(dst) || r.p+int(ws) > len(t.b) {
			return
		}
		w := t.word(t.b[r.p:])
		r.p += int(ws)
		if w&1 == 0 {
			dst[k] = Reloc{Offset: w, Info: info, Type: t.relative}
			k++
			r.base = w + ws
			continue
		}
		r.bits, r.addr = w>>1, r.base
		r.base += (8*ws - 1) * ws
	}
}

func (r *Reader) nextCREL() Reloc {
	t := &r.t
	b := t.b
	flagBits := uint(t.crelBits)
	c := b[r.p]
	r.p++
	r.offset += uint64(c&0x7f) >> flagBits
	if c >= 0x80 {
		v, n := uleb(b[r.p:])
		r.p += n
		r.offset += v << (7 - flagBits)
	}
	if c&1 != 0 {
		v, n := sleb(b[r.p:])
		r.p += n
		r.sym += uint32(v)
	}
	if c&2 != 0 {
		v, n := sleb(b[r.p:])
		r.p += n
		r.typ += uint32(v)
	}
	if c&4 != 0 && t.addends {
		v, n := sleb(b[r.p:])
		r.p += n
		r.addend += uint64(v)
	}
	return t.crelEntry(r.offset, r.addend, r.sym, r.typ)
}
