package reloc

import (
	"encoding/binary"

	"github.com/elfkit/elf"
)

// ImplicitAddend decodes the addend stored in the field of a relocation of
// type typ of machine m, in a file of class c and byte order big: the
// addend of a REL or RELR entry. b holds the bytes at the place relocated
// (at least the field's size). The field is read at the size the type
// writes and sign-extended. Types whose field is not a plain integer
// (instruction bit fields) give an error wrapping elf.ErrUnsupported.
func ImplicitAddend(m elf.Machine, c elf.Class, big bool, typ uint32, b []byte) (int64, error) {
	h, ok := Lookup(m, c, typ)
	if !ok {
		return 0, elf.Errorf(-1, elf.ErrUnsupported, "relocation type %s of %v", h.Name, m)
	}
	if !h.Data || h.Size == 0 || h.Size > 8 {
		return 0, elf.Errorf(-1, elf.ErrUnsupported, "implicit addend of %s: the field is not a plain integer", h.Name)
	}
	if len(b) < h.Size {
		return 0, elf.Errorf(-1, elf.ErrTruncated, "%d-byte field of %s in %d bytes", h.Size, h.Name, len(b))
	}
	return signExtend(getUint(b, h.Size, big), h.Size), nil
}

// Addend returns the addend of entry r of table t: r.Addend when the table
// has explicit addends, otherwise the value stored at the place r
// relocates (read with ImplicitAddend): in an ET_REL file from the section
// the table applies to, elsewhere from the virtual address r.Offset.
func (f *File) Addend(t Table, r Reloc) (int64, error) {
	if t.addends {
		return r.Addend, nil
	}
	h, ok := Lookup(t.machine, f.class, r.Type)
	if !ok || !h.Data || h.Size == 0 {
		return ImplicitAddend(t.machine, f.class, f.big, r.Type, nil)
	}
	b, err := f.place(t, r.Offset, uint64(h.Size))
	if err != nil {
		return 0, err
	}
	return ImplicitAddend(t.machine, f.class, f.big, r.Type, b)
}

// place returns the size bytes relocated at offset (ET_REL) or address off.
func (f *File) place(t Table, off, size uint64) ([]byte, error) {
	if f.typ == elf.ET_REL && t.section >= 0 && t.target != 0 {
		b, err := f.sectionData(int(t.target))
		if err != nil {
			return nil, err
		}
		if off > uint64(len(b)) || size > uint64(len(b))-off {
			return nil, elf.Errorf(t.off, elf.ErrOutOfRange, "relocation at offset %#x (%d bytes) past section %d of %#x bytes", off, size, t.target, len(b))
		}
		return b[off : off+size], nil
	}
	return f.addrBytes(off, size)
}

// RelocatedSection returns the contents of section i with the relocations
// that apply to it (every SHT_REL, SHT_RELA and SHT_CREL section whose
// sh_info is i) applied, as a linker would with the object's sections at
// address 0: what a DWARF reader needs from the .debug_* sections of an
// ET_REL object. A compressed section (SHF_COMPRESSED, or the older
// .zdebug_* form) is decompressed first, within the File's
// MaxDecompressedSize. The result is written to dst, which is used when
// its capacity suffices, and returned; the file's bytes are not changed. A
// file other than ET_REL has its relocations applied already, and the
// section is returned as stored (decompressed).
func (f *File) RelocatedSection(dst []byte, i int) ([]byte, error) {
	raw, err := f.sectionData(i)
	if err != nil {
		return dst[:0], err
	}
	out, err := f.decompress(i, dst)
	if err != nil {
		return dst[:0], err
	}
	if len(out) == 0 || len(raw) > 0 && &out[0] == &raw[0] {
		// Not compressed: Decompress returned the file's bytes.
		out = append(dst[:0], raw...)
	}
	if f.typ != elf.ET_REL {
		return out, nil
	}
	for t, err := range f.TablesFor(i) {
		if err != nil {
			return out, err
		}
		if err := f.Apply(out, t); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Apply applies the relocations of table t to b, which holds the contents
// of the section they apply to (section t.Target() of an ET_REL object, as
// stored or decompressed), with that section at its sh_addr (0 in
// objects). S, the symbol's value, is st_value (as readelf takes it; 0 for
// an undefined symbol). The offset of a thread-local variable in its module's TLS block
// (DTPREL, DTPOFF: in the location of a __thread variable) is not known
// before the TLS segment is laid out: those fields are left as stored, as
// debug/elf and readelf leave them.
//
// Apply handles the static relocations that data and debug sections use on
// every machine Lookup knows: absolute and PC-relative words (ABS32/ABS64,
// R_X86_64_32, R_386_32, R_ARM_ABS32, R_MIPS_32/64, R_390_32/64,
// R_PPC64_ADDR32/64, R_SPARC_UA32, ...) and the label differences of
// RISC-V and LoongArch (ADD, SUB, SET, SUB6/SET6, ULEB128 pairs).
// Any other type is an error naming it (Howto.CanApply tells in advance);
// so are symbol indexes past the symbol table and places past b.
func (f *File) Apply(b []byte, t Table) error {
	syms, err := f.Symbols(t)
	if err != nil {
		return err
	}
	var base uint64
	if t.target != 0 {
		if s, err := f.section(int(t.target)); err == nil {
			base = s.addr
		}
	}
	a := applier{rows: rows(t.machine), machine: t.machine, is64: f.class == elf.ELFCLASS64, big: f.big,
		addends: t.addends, syms: &syms, base: base, off: t.off}
	for _, r := range t.All() {
		if err := a.apply(b, r); err != nil {
			return err
		}
	}
	return nil
}

type applier struct {
	rows    []row
	machine elf.Machine
	is64    bool
	big     bool
	addends bool
	syms    *Symbols
	base    uint64
	off     int64
}

func (a *applier) unsupported(typ uint32, r Reloc) error {
	return elf.Errorf(a.off, elf.ErrUnsupported, "relocation type %s at offset %#x: not one Apply handles", TypeName(a.machine, typ), r.Offset)
}

func (a *applier) apply(b []byte, r Reloc) error {
	if r.Type2 != 0 || r.Type3 != 0 {
		// Composed MIPS64 relocations are for code, not data.
		return elf.Errorf(a.off, elf.ErrUnsupported, "relocation %s/%s/%s at offset %#x: composed types",
			TypeName(a.machine, r.Type), TypeName(a.machine, uint32(r.Type2)), TypeName(a.machine, uint32(r.Type3)), r.Offset)
	}
	if uint64(r.Type) >= uint64(len(a.rows)) {
		return a.unsupported(r.Type, r)
	}
	rw := &a.rows[r.Type]
	if rw.op == opNone || rw.op == opTLS {
		return nil
	}
	if rw.op == opUnsupported {
		return a.unsupported(r.Type, r)
	}
	size := int(rw.size)
	switch rw.size {
	case word:
		size = 4
		if a.is64 {
			size = 8
		}
	case words2:
		return a.unsupported(r.Type, r)
	case 0:
		size = 1 // ULEB128: at least one byte
	}
	if r.Offset > uint64(len(b)) || uint64(size) > uint64(len(b))-r.Offset {
		return elf.Errorf(a.off, elf.ErrOutOfRange, "relocation %s at offset %#x (%d bytes) past the section's %#x bytes",
			TypeName(a.machine, r.Type), r.Offset, size, len(b))
	}
	s, err := a.syms.value(r.Sym)
	if err != nil {
		return elf.Errorf(a.off, elf.ErrOutOfRange, "relocation %s at offset %#x: symbol index %d past the table of %d symbols",
			TypeName(a.machine, r.Type), r.Offset, r.Sym, a.syms.n)
	}
	field := b[r.Offset:]
	addend := uint64(r.Addend)
	if !a.addends && size <= 8 {
		switch rw.op {
		case opAbs, opPCRel, opTLS:
			// The addend is the field's contents.
			addend = uint64(signExtend(getUint(field, size, a.big), size))
		default:
			// The field's contents already take the part of the addend.
			addend = 0
		}
	}
	v := s + addend
	switch rw.op {
	case opAbs, opTLS:
		putUint(field, size, a.big, v)
	case opPCRel:
		putUint(field, size, a.big, v-(a.base+r.Offset))
	case opAdd:
		putUint(field, size, a.big, getUint(field, size, a.big)+v)
	case opSub:
		putUint(field, size, a.big, getUint(field, size, a.big)-v)
	case opSet6:
		field[0] = field[0]&0xc0 | byte(v)&0x3f
	case opAdd6:
		field[0] = field[0]&0xc0 | (field[0]+byte(v))&0x3f
	case opSub6:
		field[0] = field[0]&0xc0 | (field[0]-byte(v))&0x3f
	case opSetULEB, opAddULEB, opSubULEB:
		old, n := uleb(field)
		if n == 0 {
			return elf.Errorf(a.off, elf.ErrTruncated, "ULEB128 at offset %#x of relocation %s", r.Offset, TypeName(a.machine, r.Type))
		}
		switch rw.op {
		case opAddULEB:
			v += old
		case opSubULEB:
			v = old - v
		}
		if !putULEB(field[:n], v) {
			return elf.Errorf(a.off, elf.ErrOutOfRange, "relocation %s at offset %#x: value %#x does not fit the %d-byte ULEB128",
				TypeName(a.machine, r.Type), r.Offset, v, n)
		}
	}
	return nil
}

// getUint reads a size-byte unsigned integer (size 1 to 8).
func getUint(b []byte, size int, big bool) uint64 {
	switch size {
	case 1:
		return uint64(b[0])
	case 2:
		if big {
			return uint64(binary.BigEndian.Uint16(b))
		}
		return uint64(binary.LittleEndian.Uint16(b))
	case 4:
		if big {
			return uint64(binary.BigEndian.Uint32(b))
		}
		return uint64(binary.LittleEndian.Uint32(b))
	case 8:
		if big {
			return binary.BigEndian.Uint64(b)
		}
		return binary.LittleEndian.Uint64(b)
	}
	var v uint64
	for i := 0; i < size; i++ {
		if big {
			v = v<<8 | uint64(b[i])
		} else {
			v |= uint64(b[i]) << (8 * i)
		}
	}
	return v
}

// putUint writes the low size bytes of v (size 1 to 8).
func putUint(b []byte, size int, big bool, v uint64) {
	switch size {
	case 1:
		b[0] = byte(v)
	case 2:
		if big {
			binary.BigEndian.PutUint16(b, uint16(v))
		} else {
			binary.LittleEndian.PutUint16(b, uint16(v))
		}
	case 4:
		if big {
			binary.BigEndian.PutUint32(b, uint32(v))
		} else {
			binary.LittleEndian.PutUint32(b, uint32(v))
		}
	case 8:
		if big {
			binary.BigEndian.PutUint64(b, v)
		} else {
			binary.LittleEndian.PutUint64(b, v)
		}
	default:
		for i := 0; i < size; i++ {
			if big {
				b[size-1-i] = byte(v >> (8 * i))
			} else {
				b[i] = byte(v >> (8 * i))
			}
		}
	}
}

func signExtend(v uint64, size int) int64 {
	if size >= 8 {
		return int64(v)
	}
	sh := uint(64 - 8*size)
	return int64(v<<sh) >> sh
}

// putULEB writes v as a ULEB128 of exactly len(b) bytes (padding with
// continuation bytes), reporting false when it does not fit.
func putULEB(b []byte, v uint64) bool {
	for i := range b {
		c := byte(v & 0x7f)
		v >>= 7
		if i < len(b)-1 {
			c |= 0x80
		}
		b[i] = c
	}
	return v == 0
}
