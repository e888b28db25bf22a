package reloc

import (
	"encoding/binary"
	"iter"
	"math/bits"
	"strconv"

	"github.com/elfkit/elf"
)

// Kind is the encoding of a relocation table.
type Kind uint8

// The relocation table encodings.
const (
	REL  Kind = iota + 1 // Elf_Rel records: addends stored at the place relocated
	RELA                 // Elf_Rela records: explicit addends
	RELR                 // packed relative relocations (SHT_RELR, DT_RELR)
	CREL                 // compact relocations (SHT_CREL), LEB128-encoded deltas
)

var kindNames = [...]string{REL: "REL", RELA: "RELA", RELR: "RELR", CREL: "CREL"}

func (k Kind) String() string {
	if int(k) < len(kindNames) && kindNames[k] != "" {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Reloc is one decoded relocation entry.
type Reloc struct {
	// Offset is r_offset: the offset of the place in the section relocated
	// (ET_REL files), or its virtual address (executables, shared objects).
	Offset uint64
	// Info is r_info. For 64-bit MIPS it is in the canonical layout
	// (r_sym<<32 | r_ssym<<24 | r_type3<<16 | r_type2<<8 | r_type) whatever
	// the byte order, as readelf prints it; for RELR and CREL entries, which
	// store no r_info, it is made from Sym and Type.
	Info uint64
	// Addend is r_addend for tables with explicit addends (RELA, CREL with
	// addends), and 0 otherwise: File.Addend reads the implicit ones.
	Addend int64
	// Sym is the symbol table index; 0 means no symbol.
	Sym uint32
	// Type is the relocation type (for 64-bit MIPS, the first of three).
	Type uint32
	// Type2 and Type3 are the second and third relocation types of a 64-bit
	// MIPS entry, applied in turn to the result of the previous one
	// (R_MIPS_NONE, 0, elsewhere).
	Type2, Type3 uint8
	// SSym is the special symbol of a 64-bit MIPS entry (r_ssym).
	SSym uint8
}

// infoLayout says how r_info packs the symbol and the type.
type infoLayout uint8

const (
	infoStandard infoLayout = iota // ELF32: sym<<8|type8; ELF64: sym<<32|type32
	infoMIPS64LE                   // r_sym 32 bits, then r_ssym, r_type3, r_type2, r_type bytes, read little-endian
	infoMIPS64BE                   // the same fields, read big-endian: the canonical layout
	infoSPARCV9                    // type in the low 8 bits; bits 8-31 are a type-specific datum
)

// Table is one relocation table: a relocation section, or a table the
// dynamic segment points at. It is a view of the file's bytes; decoding an
// entry copies nothing and allocates nothing.
type Table struct {
	b        []byte
	n        int // number of relocations
	stride   int // REL, RELA: bytes between records
	kind     Kind
	is64     bool
	big      bool
	layout   infoLayout
	addends  bool
	crelBits uint8 // CREL: flag bits in the first byte of each entry (2 or 3)
	crelSh   uint8 // CREL: offset shift
	crelHdr  int   // CREL: size of the header
	machine  elf.Machine
	relative uint32 // the machine's RELATIVE type, for RELR entries
	section  int    // section index, -1 when not from a section
	dynamic  bool   // from the dynamic segment
	fast     bool   // ELF64 little-endian RELA records 24 bytes apart, r_info standard
	link     uint32 // sh_link: the symbol table
	target   uint32 // sh_info: the section relocated
	off      int64  // file offset of the table, -1 if unknown
}

// Kind returns the table's encoding.
func (t Table) Kind() Kind { return t.kind }

// Len returns the number of relocations in the table (for RELR, the number
// of addresses its words encode).
func (t Table) Len() int { return t.n }

// HasAddends reports whether entries carry explicit addends (RELA, and CREL
// tables whose header says so).
func (t Table) HasAddends() bool { return t.addends }

// Section returns the index of the relocation section, or -1 for a table
// found through the dynamic segment or made by NewTable.
func (t Table) Section() int { return t.section }

// Target returns sh_info, the index of the section the relocations apply to
// (0 when they apply to the whole image, and for dynamic tables).
func (t Table) Target() int { return int(t.target) }

// SymbolTable returns sh_link, the index of the symbol table the entries'
// symbol indexes refer to (0 for dynamic tables, whose symbols are the
// dynamic symbols, and for tables from NewTable, which have none).
func (t Table) SymbolTable() int { return int(t.link) }

// Dynamic reports whether the table was found through the dynamic
// segment.
func (t Table) Dynamic() bool { return t.dynamic }

// Machine returns the machine whose relocation types the table holds.
func (t Table) Machine() elf.Machine { return t.machine }

// Bytes returns the table's encoded bytes, without copying.
func (t Table) Bytes() []byte { return t.b }

// At returns relocation i (the zero Reloc when i is out of range). It is
// constant time for REL and RELA tables; for RELR and CREL, whose entries
// depend on the ones before, it decodes from the start.
func (t Table) At(i int) Reloc {
	if uint(i) >= uint(t.n) {
		return Reloc{}
	}
	switch t.kind {
	case REL, RELA:
		return t.fixed(t.b[i*t.stride:])
	}
	for j, r := range t.All() {
		if j == i {
			return r
		}
	}
	return Reloc{}
}

// All iterates over the relocations in table order. RELR words are
// expanded to one entry per address they encode, each with the machine's
// RELATIVE type and no symbol. Tables are checked when they are made, so
// iteration cannot fail.
func (t Table) All() iter.Seq2[int, Reloc] {
	return func(yield func(int, Reloc) bool) {
		if t.fast {
			// ELF64 little-endian RELA, most tables there are: a loop
			// small enough for the compiler to inline with the caller's
			// loop body.
			b := t.b
			for i := 0; i < t.n; i++ {
				e := b[i*24 : i*24+24]
				info := binary.LittleEndian.Uint64(e[8:])
				if !yield(i, Reloc{Offset: binary.LittleEndian.Uint64(e), Info: info, Addend: int64(binary.LittleEndian.Uint64(e[16:])), Sym: uint32(info >> 32), Type: uint32(info)}) {
					return
				}
			}
			return
		}
		t.all(yield)
	}
}

func (t *Table) all(yield func(int, Reloc) bool) {
	switch t.kind {
	case REL, RELA:
		t.allFixed(yield)
	case RELR:
		t.allRELR(yield)
	case CREL:
		t.allBatched(yield)
	}
}

// allRELR expands RELR words: an even word is an address to relocate; an
// odd one is a bitmap whose bit j (j >= 1) relocates the word at
// base + (j-1)*wordsize, base being just past the last address or the
// previous bitmap's range.
func (t *Table) allRELR(yield func(int, Reloc) bool) {
	ws := uint64(4)
	if t.is64 {
		ws = 8
	}
	info := t.packInfo(0, t.relative)
	i := 0
	var base uint64
	for k := 0; k+int(ws) <= len(t.b); k += int(ws) {
		w := t.word(t.b[k:])
		if w&1 == 0 {
			if !yield(i, Reloc{Offset: w, Info: info, Type: t.relative}) {
				return
			}
			i++
			base = w + ws
			continue
		}
		for m, a := w>>1, base; m != 0; m, a = m>>1, a+ws {
			if m&1 != 0 {
				if !yield(i, Reloc{Offset: a, Info: info, Type: t.relative}) {
					return
				}
				i++
			}
		}
		base += (8*ws - 1) * ws
	}
}

// fixed decodes the REL or RELA record at the start of b.
func (t *Table) fixed(b []byte) Reloc {
	var r Reloc
	if t.is64 {
		if t.big {
			r.Offset, r.Info = binary.BigEndian.Uint64(b), binary.BigEndian.Uint64(b[8:])
			if t.addends {
				r.Addend = int64(binary.BigEndian.Uint64(b[16:]))
			}
		} else {
			r.Offset, r.Info = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
			if t.addends {
				r.Addend = int64(binary.LittleEndian.Uint64(b[16:]))
			}
		}
	} else {
		var off, info uint32
		if t.big {
			off, info = binary.BigEndian.Uint32(b), binary.BigEndian.Uint32(b[4:])
			if t.addends {
				r.Addend = int64(int32(binary.BigEndian.Uint32(b[8:])))
			}
		} else {
			off, info = binary.LittleEndian.Uint32(b), binary.LittleEndian.Uint32(b[4:])
			if t.addends {
				r.Addend = int64(int32(binary.LittleEndian.Uint32(b[8:])))
			}
		}
		r.Offset, r.Info = uint64(off), uint64(info)
	}
	t.unpackInfo(&r)
	return r
}

// unpackInfo sets Sym and Type (and the MIPS64 fields) from Info.
func (t *Table) unpackInfo(r *Reloc) {
	info := r.Info
	if !t.is64 {
		r.Sym, r.Type = uint32(info>>8), uint32(info&0xff)
		return
	}
	switch t.layout {
	case infoStandard:
		r.Sym, r.Type = uint32(info>>32), uint32(info)
	case infoSPARCV9:
		r.Sym, r.Type = uint32(info>>32), uint32(info&0xff)
	case infoMIPS64LE:
		// Read little-endian, r_sym is the low word and the type bytes
		// come in reverse order; store the canonical layout.
		r.Sym = uint32(info)
		r.SSym, r.Type3, r.Type2 = uint8(info>>32), uint8(info>>40), uint8(info>>48)
		r.Type = uint32(info >> 56)
		r.Info = uint64(r.Sym)<<32 | uint64(r.SSym)<<24 | uint64(r.Type3)<<16 | uint64(r.Type2)<<8 | uint64(r.Type)
	case infoMIPS64BE:
		r.Sym = uint32(info >> 32)
		r.SSym, r.Type3, r.Type2 = uint8(info>>24), uint8(info>>16), uint8(info>>8)
		r.Type = uint32(info & 0xff)
	}
}

// packInfo makes an r_info for an entry that stores none (RELR, CREL).
func (t *Table) packInfo(sym, typ uint32) uint64 {
	if !t.is64 {
		return uint64(sym)<<8 | uint64(typ&0xff)
	}
	return uint64(sym)<<32 | uint64(typ)
}

// allFixed iterates over REL and RELA records. The common layouts have a
// loop each, so that the byte order and class cost nothing per entry.
func (t *Table) allFixed(yield func(int, Reloc) bool) {
	b, stride, n, rela := t.b, t.stride, t.n, t.addends
	switch {
	case t.layout != infoStandard:
		for i := 0; i < n; i++ {
			if !yield(i, t.fixed(b[i*stride:])) {
				return
			}
		}
	case t.is64 && !t.big:
		for i, p := 0, 0; i < n; i, p = i+1, p+stride {
			e := b[p : p+16]
			r := Reloc{Offset: binary.LittleEndian.Uint64(e), Info: binary.LittleEndian.Uint64(e[8:])}
			if rela {
				r.Addend = int64(binary.LittleEndian.Uint64(b[p+16 : p+24]))
			}
			r.Sym, r.Type = uint32(r.Info>>32), uint32(r.Info)
			if !yield(i, r) {
				return
			}
		}
	case t.is64:
		for i, p := 0, 0; i < n; i, p = i+1, p+stride {
			e := b[p : p+16]
			r := Reloc{Offset: binary.BigEndian.Uint64(e), Info: binary.BigEndian.Uint64(e[8:])}
			if rela {
				r.Addend = int64(binary.BigEndian.Uint64(b[p+16 : p+24]))
			}
			r.Sym, r.Type = uint32(r.Info>>32), uint32(r.Info)
			if !yield(i, r) {
				return
			}
		}
	case !t.big:
		for i, p := 0, 0; i < n; i, p = i+1, p+stride {
			e := b[p : p+8]
			info := binary.LittleEndian.Uint32(e[4:])
			r := Reloc{Offset: uint64(binary.LittleEndian.Uint32(e)), Info: uint64(info), Sym: info >> 8, Type: info & 0xff}
			if rela {
				r.Addend = int64(int32(binary.LittleEndian.Uint32(b[p+8 : p+12])))
			}
			if !yield(i, r) {
				return
			}
		}
	default:
		for i, p := 0, 0; i < n; i, p = i+1, p+stride {
			e := b[p : p+8]
			info := binary.BigEndian.Uint32(e[4:])
			r := Reloc{Offset: uint64(binary.BigEndian.Uint32(e)), Info: uint64(info), Sym: info >> 8, Type: info & 0xff}
			if rela {
				r.Addend = int64(int32(binary.BigEndian.Uint32(b[p+8 : p+12])))
			}
			if !yield(i, r) {
				return
			}
		}
	}
}

// allBatched iterates over a CREL table, whose entries depend on the ones
// before, through a Reader.
func (t *Table) allBatched(yield func(int, Reloc) bool) {
	r := t.Reader()
	var buf [32]Reloc
	i := 0
	for {
		n := r.Read(buf[:])
		if n == 0 {
			return
		}
		for _, e := range buf[:n] {
			if !yield(i, e) {
				return
			}
			i++
		}
	}
}

func (t *Table) word(b []byte) uint64 {
	if t.is64 {
		if t.big {
			return binary.BigEndian.Uint64(b)
		}
		return binary.LittleEndian.Uint64(b)
	}
	if t.big {
		return uint64(binary.BigEndian.Uint32(b))
	}
	return uint64(binary.LittleEndian.Uint32(b))
}

// relrCount checks RELR words and returns the number of addresses they
// encode.
func relrCount(b []byte, is64, big bool, off int64) (int, error) {
	t := Table{is64: is64, big: big}
	ws := 4
	if is64 {
		ws = 8
	}
	if len(b)%ws != 0 {
		return 0, elf.Errorf(off, elf.ErrCorrupt, "RELR table of %d bytes is not a whole number of %d-byte words", len(b), ws)
	}
	n := 0
	for k := 0; k < len(b); k += ws {
		w := t.word(b[k:])
		if w&1 == 0 {
			n++
			continue
		}
		if k == 0 {
			return 0, elf.Errorf(off, elf.ErrCorrupt, "RELR table starts with a bitmap, not an address")
		}
		n += bits.OnesCount64(w) - 1
	}
	return n, nil
}

// CREL: a ULEB128 header (count<<3 | addends<<2 | shift), then per entry a
// byte whose low 2 or 3 bits say which of symbol index, type and addend
// change (each then follows as an SLEB128 delta) and whose other bits, with
// a ULEB128 continuation when the byte's top bit is set, are the offset
// delta, scaled by 1<<shift.

const crelAddendFlag = 4

// crelHeader decodes a CREL header and checks every entry, returning the
// table's fields. Nothing is allocated, whatever count the header claims.
func crelHeader(b []byte, is64 bool, off int64) (Table, error) {
	hdr, n := uleb(b)
	if n == 0 {
		return Table{}, elf.Errorf(off, elf.ErrTruncated, "CREL header")
	}
	t := Table{b: b, kind: CREL, is64: is64, crelHdr: n, crelSh: uint8(hdr % crelAddendFlag), crelBits: 2}
	if hdr&crelAddendFlag != 0 {
		t.addends, t.crelBits = true, 3
	}
	count := hdr / 8
	// Every entry takes at least one byte.
	if count > uint64(len(b)-n) {
		return Table{}, elf.Errorf(off, elf.ErrTruncated, "CREL header claims %d entries in %d bytes", count, len(b)-n)
	}
	t.n = int(count)
	p := n
	for i := 0; i < t.n; i++ {
		var err error
		if p, err = t.crelSkip(p); err != nil {
			return Table{}, elf.Errorf(off+int64(p), elf.ErrTruncated, "CREL entry %d", i)
		}
	}
	return t, nil
}

var errLEB = elf.ErrTruncated

// crelSkip checks the CREL entry at p and returns the offset of the next.
func (t *Table) crelSkip(p int) (int, error) {
	if p >= len(t.b) {
		return p, errLEB
	}
	c := t.b[p]
	p++
	if c >= 0x80 {
		_, n := uleb(t.b[p:])
		if n == 0 {
			return p, errLEB
		}
		p += n
	}
	for _, has := range [3]bool{c&1 != 0, c&2 != 0, c&4 != 0 && t.addends} {
		if has {
			_, n := uleb(t.b[p:])
			if n == 0 {
				return p, errLEB
			}
			p += n
		}
	}
	return p, nil
}

// crelEntry makes the Reloc of a decoded CREL entry.
func (t *Table) crelEntry(offset, addend uint64, sym, typ uint32) Reloc {
	r := Reloc{Offset: offset << t.crelSh, Sym: sym, Type: typ, Addend: int64(addend)}
	if !t.is64 {
		r.Offset = uint64(uint32(r.Offset))
		r.Addend = int64(int32(addend))
	}
	r.Info = t.packInfo(sym, typ)
	if t.layout == infoMIPS64BE || t.layout == infoMIPS64LE {
		// CREL stores a 32-bit type; for MIPS64 it holds the three
		// type bytes and r_ssym as in the canonical r_info.
		r.Type, r.Type2, r.Type3, r.SSym = typ&0xff, uint8(typ>>8), uint8(typ>>16), uint8(typ>>24)
	}
	return r
}

// uleb decodes an unsigned LEB128 number; n is 0 when b ends inside it.
// Bits past 64 are dropped.
func uleb(b []byte) (v uint64, n int) {
	var shift uint
	for i, c := range b {
		if shift < 64 {
			v |= uint64(c&0x7f) << shift
		}
		shift += 7
		if c < 0x80 {
			return v, i + 1
		}
	}
	return 0, 0
}

// sleb decodes a signed LEB128 number; n is 0 when b ends inside it.
func sleb(b []byte) (v int64, n int) {
	var shift uint
	for i, c := range b {
		if shift < 64 {
			v |= int64(c&0x7f) << shift
		}
		shift += 7
		if c < 0x80 {
			if shift < 64 && c&0x40 != 0 {
				v |= -1 << shift
			}
			return v, i + 1
		}
	}
	return 0, 0
}

// NewTable decodes a relocation table from its bytes: kind says the
// encoding, m the machine (which decides how r_info packs the type and
// which type RELR entries get), class and big the record layout. It is for
// tables that are not in a File (a builder's output, a table read
// elsewhere); the table has no section, symbol table or target.
func NewTable(b []byte, kind Kind, m elf.Machine, class elf.Class, big bool) (Table, error) {
	return newTable(b, kind, m, class == elf.ELFCLASS64, big, 0, -1)
}

// newTable checks b as a table of kind with records stride bytes apart
// (0: the record size).
func newTable(b []byte, kind Kind, m elf.Machine, is64, big bool, stride uint64, off int64) (Table, error) {
	layout := infoStandard
	if is64 {
		switch m {
		case elf.EM_MIPS:
			layout = infoMIPS64LE
			if big {
				layout = infoMIPS64BE
			}
		case elf.EM_SPARCV9:
			layout = infoSPARCV9
		}
	}
	rel, _ := relativeType(m, is64)
	t := Table{b: b, kind: kind, is64: is64, big: big, layout: layout, machine: m, relative: rel, section: -1, off: off}
	switch kind {
	case REL, RELA:
		size := uint64(recordSize(kind, is64))
		if stride == 0 {
			stride = size
		}
		if stride < size {
			return Table{}, elf.Errorf(off, elf.ErrBadEntSize, "%v table: entry size %d < %d", kind, stride, size)
		}
		if uint64(len(b))%stride != 0 {
			return Table{}, elf.Errorf(off, elf.ErrCorrupt, "%v table of %d bytes is not a whole number of %d-byte entries", kind, len(b), stride)
		}
		t.n, t.stride, t.addends = int(uint64(len(b))/stride), int(stride), kind == RELA
		t.fast = kind == RELA && is64 && !big && layout == infoStandard && stride == 24
	case RELR:
		ws := uint64(4)
		if is64 {
			ws = 8
		}
		if stride != 0 && stride != ws {
			return Table{}, elf.Errorf(off, elf.ErrBadEntSize, "RELR table: entry size %d, not %d", stride, ws)
		}
		n, err := relrCount(b, is64, big, off)
		if err != nil {
			return Table{}, err
		}
		t.n, t.stride = n, int(ws)
	case CREL:
		c, err := crelHeader(b, is64, off)
		if err != nil {
			return Table{}, err
		}
		t.n, t.addends, t.crelBits, t.crelSh, t.crelHdr = c.n, c.addends, c.crelBits, c.crelSh, c.crelHdr
	default:
		return Table{}, elf.Errorf(off, elf.ErrUnsupported, "relocation table kind %v", kind)
	}
	return t, nil
}

func recordSize(kind Kind, is64 bool) int {
	switch {
	case is64 && kind == RELA:
		return 24
	case is64:
		return 16
	case kind == RELA:
		return 12
	}
	return 8
}
