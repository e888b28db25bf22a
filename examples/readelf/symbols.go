package main

// The -s (--syms) and --dyn-syms groups: process_symbol_table and
// print_dynamic_symbol of GNU readelf 2.40, with the symbol versions of
// get_symbol_version_string.

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/elfkit/elf"
)

func init() { printers[groupSymbols] = printSymbols }

// symEntry is a symbol with every field widened. Shndx already holds the
// extended index when the symbol uses SHN_XINDEX and the file has one.
type symEntry struct {
	Name  uint64
	Info  uint8
	Other uint8
	Shndx uint64
	Value uint64
	Size  uint64
	Xndx  bool // Shndx came from SHT_SYMTAB_SHNDX
}

// symErrorf prints an error the way GNU's error() does, without changing
// the exit status (GNU's symbol printing never fails the file).
func (f *file) symErrorf(format string, args ...any) {
	fmt.Fprintf(f.stderr, "readelf: Error: "+format+"\n", args...)
}

// symSize returns the size of one symbol record.
func (f *file) symSize() uint64 {
	if f.is64 {
		return 24
	}
	return 16
}

// readSymbols reads the symbols of section i the way get_elf_symbols
// does: records are read at the record size of the class, whatever
// sh_entsize says, and SHN_XINDEX is resolved through the
// SHT_SYMTAB_SHNDX section linked to the table. ok is false when GNU
// would get no symbols.
func (f *file) readSymbols(i int) ([]symEntry, bool) {
	s := &f.sections[i]
	if s.Size == 0 {
		return nil, false
	}
	name := printableName(f.secName(i))
	entsize := f.entsize(s)
	if entsize == 0 || entsize > s.Size {
		f.symErrorf("Section %s has an invalid sh_entsize of %#x", name, entsize)
		return nil, false
	}
	if s.Size > uint64(len(f.data)) {
		f.symErrorf("Section %s has an invalid sh_size of %#x", name, s.Size)
		return nil, false
	}
	number := s.Size / entsize
	rs := f.symSize()
	if number*rs > s.Size+1 {
		f.symErrorf("Size (%#x) of section %s is not a multiple of its sh_entsize (%#x)", s.Size, name, entsize)
		return nil, false
	}
	b, ok := f.bytesAt(s.Offset, s.Size)
	if !ok {
		f.symErrorf("Reading %d bytes extends past end of file for symbols", s.Size)
		return nil, false
	}
	var shndx []byte
	for j := range f.sections {
		x := &f.sections[j]
		if x.Type != uint64(elf.SHT_SYMTAB_SHNDX) || x.Link != uint64(i) {
			continue
		}
		if shndx != nil {
			f.symErrorf("Multiple symbol table index sections associated with the same symbol section")
		}
		d, ok := f.bytesAt(x.Offset, x.Size)
		if !ok {
			f.symErrorf("Reading %d bytes extends past end of file for symbol table section indices", x.Size)
			return nil, false
		}
		if x.Size/4 < number {
			f.symErrorf("Index section %s has an sh_size of %#x - expected %#x", printableName(f.secName(j)), x.Size, s.Size)
			return nil, false
		}
		shndx = d
	}
	syms := make([]symEntry, number)
	for j := range syms {
		off := uint64(j) * rs
		if off+rs > uint64(len(b)) {
			// number*rs may exceed sh_size by one byte (GNU reads the
			// terminating NUL it adds); treat the missing bytes as zero.
			var pad [24]byte
			copy(pad[:], b[off:])
			syms[j] = f.decodeSym(pad[:rs])
		} else {
			syms[j] = f.decodeSym(b[off : off+rs])
		}
		if syms[j].Shndx == uint64(elf.SHN_XINDEX) && shndx != nil {
			syms[j].Shndx, syms[j].Xndx = f.u32(shndx[4*j:]), true
		}
	}
	return syms, true
}

// decodeSym decodes one symbol record.
func (f *file) decodeSym(b []byte) symEntry {
	if f.is64 {
		return symEntry{
			Name: f.u32(b), Info: b[4], Other: b[5], Shndx: f.u16(b[6:]),
			Value: f.order.Uint64(b[8:]), Size: f.order.Uint64(b[16:]),
		}
	}
	return symEntry{
		Name: f.u32(b), Value: f.u32(b[4:]), Size: f.u32(b[8:]),
		Info: b[12], Other: b[13], Shndx: f.u16(b[14:]),
	}
}

// entsize returns sh_entsize of section s as GNU readelf uses it: its
// process_section_headers (CHECK_ENTSIZE) replaces a wrong sh_entsize of
// a symbol table with the record size of the class for the rest of the
// dump.
func (f *file) entsize(s *section) uint64 {
	if t := elf.SectionType(s.Type); (t == elf.SHT_SYMTAB || t == elf.SHT_DYNSYM) && s.Entsize != f.symSize() {
		return f.symSize()
	}
	return s.Entsize
}

// printSymbols prints the symbol tables -s or --dyn-syms select.
func printSymbols(w io.Writer, f *file, o *options) error {
	if f.sectionsErr != nil {
		// GNU turns -s, --dyn-syms and -V off when the section headers
		// cannot be loaded (process_object).
		return nil
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	if f.sections == nil {
		if o.Symbols {
			fmt.Fprint(bw, "\nDynamic symbol information is not available for displaying symbols.\n")
		}
		return nil
	}
	d := f.dynamicInfo()
	for i := range f.sections {
		s := &f.sections[i]
		typ := elf.SectionType(s.Type)
		if typ != elf.SHT_SYMTAB && typ != elf.SHT_DYNSYM || !o.Symbols && typ == elf.SHT_SYMTAB {
			continue
		}
		name := printableName(f.secName(i))
		entsize := f.entsize(s)
		if entsize == 0 {
			fmt.Fprintf(bw, "\nSymbol table '%s' has a sh_entsize of zero!\n", name)
			continue
		}
		num := s.Size / entsize
		word := "entries"
		if num == 1 {
			word = "entry"
		}
		fmt.Fprintf(bw, "\nSymbol table '%s' contains %d %s:\n", name, num, word)
		if f.is64 {
			fmt.Fprint(bw, "   Num:    Value          Size Type    Bind   Vis      Ndx Name\n")
		} else {
			fmt.Fprint(bw, "   Num:    Value  Size Type    Bind   Vis      Ndx Name\n")
		}
		bw.Flush()
		syms, ok := f.readSymbols(i)
		if !ok {
			continue
		}
		var strtab []byte
		hasStrtab := false
		if s.Link == f.shstrndx {
			if f.shstrndx < uint64(len(f.sections)) && f.shstrndx != 0 {
				st := &f.sections[f.shstrndx]
				if st.Type != uint64(elf.SHT_NOBITS) {
					strtab, hasStrtab = f.bytesAt(st.Offset, st.Size)
				}
			}
		} else if s.Link < uint64(len(f.sections)) {
			st := &f.sections[s.Link]
			strtab, hasStrtab = f.bytesAt(st.Offset, st.Size)
			if st.Size == 0 {
				hasStrtab = false
			}
		}
		for j := range syms {
			f.printSymbol(bw, d, o, s, typ == elf.SHT_DYNSYM, syms, j, strtab, hasStrtab)
		}
	}
	return nil
}

// printSymbol prints one line of a symbol table (print_dynamic_symbol).
func (f *file) printSymbol(bw *bufio.Writer, d *dynInfo, o *options, sec *section, dynsym bool, syms []symEntry, si int, strtab []byte, hasStrtab bool) {
	p := &syms[si]
	fmt.Fprintf(bw, "%6d: ", si)
	if f.is64 {
		fmt.Fprintf(bw, "%016x", p.Value)
	} else {
		fmt.Fprintf(bw, "%08x", p.Value)
	}
	bw.WriteByte(' ')
	if p.Size <= 99999 {
		fmt.Fprintf(bw, "%5d", p.Size)
	} else {
		fmt.Fprintf(bw, "%#x", p.Size)
	}
	typ := p.Info & 0xf
	bind := p.Info >> 4
	fmt.Fprintf(bw, " %-7s", f.symTypeName(typ))
	fmt.Fprintf(bw, " %-6s", f.symBindName(bind))
	vis := p.Other & 3
	fmt.Fprintf(bw, " %-7s", [...]string{"DEFAULT", "INTERNAL", "HIDDEN", "PROTECTED"}[vis])
	if p.Other^vis != 0 {
		fmt.Fprintf(bw, " [%s] ", f.symOtherName(p.Other^vis))
	}
	fmt.Fprintf(bw, " %4s ", f.symIndexName(p.Shndx, p.Xndx))

	var sstr string
	if elf.SymType(typ) == elf.STT_SECTION && p.Shndx < f.shnum && f.sections != nil && p.Name == 0 {
		sec := &f.sections[p.Shndx]
		if sec.NameOK {
			sstr = sec.Name
		} else {
			sstr = "<corrupt>"
		}
	} else if hasStrtab && p.Name < uint64(len(strtab)) {
		sstr = cString(strtab[p.Name:])
	} else {
		sstr = "<corrupt>"
	}

	var version string
	var kind symVersionKind
	var vnaOther uint64
	hasVersion := false
	if dynsym {
		version, kind, vnaOther, hasVersion = f.symbolVersion(d, uint64(si), p, strtab, hasStrtab)
	}
	avail := 21
	if !o.Wide && hasVersion {
		avail -= 1 + len(version)
		if kind == symUndefined {
			avail -= len(fmt.Sprintf(" (%d)", vnaOther))
		} else if kind != symHidden {
			avail--
		}
	}
	symPrint(bw, avail, sstr, o.Wide)
	if hasVersion {
		switch kind {
		case symUndefined:
			fmt.Fprintf(bw, "@%s (%d)", version, vnaOther)
		case symHidden:
			fmt.Fprintf(bw, "@%s", version)
		default:
			fmt.Fprintf(bw, "@@%s", version)
		}
	}
	bw.WriteByte('\n')
	if elf.SymBind(bind) == elf.STB_LOCAL && uint64(si) >= sec.Info && f.machine() != elf.EM_MIPS &&
		f.hdr.Ident[elf.EI_OSABI] != byte(elf.ELFOSABI_SOLARIS) {
		bw.Flush()
		f.warnf("local symbol %d found at index >= %s's sh_info value of %d", si, printableName(f.secName(sec.Index)), sec.Info)
	}
}

// symPrint prints a name the way GNU's print_symbol does: control
// characters (and DEL) as ^X, other bytes as they are, cut to width
// with "[...]" unless wide; a negative width pads to -width.
func symPrint(w *bufio.Writer, width int, s string, wide bool) int {
	pad := false
	if width < 0 {
		width, pad = -width, true
	} else if width == 0 {
		return 0
	}
	remaining := width
	dots := false
	if wide {
		remaining = 1 << 30
	} else if len(s) > width {
		remaining = max(width-5, 0)
		dots = true
	}
	n := 0
	for i := 0; i < len(s) && remaining > 0; i++ {
		c := s[i]
		switch {
		case c < 0x20 || c == 0x7f:
			if remaining < 2 {
				remaining = 0
				continue
			}
			w.WriteByte('^')
			w.WriteByte(c + 0x40)
			remaining -= 2
			n += 2
		default:
			w.WriteByte(c)
			remaining--
			n++
		}
	}
	if dots {
		w.WriteString("[...]")
		n += 5
	}
	if pad && n < width {
		w.WriteString(strings.Repeat(" ", width-n))
		n = width
	}
	return n
}

// printableName renders a section name as printable_section_name does.
func printableName(name string) string {
	var b strings.Builder
	remaining := 256
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c < 0x20 || c == 0x7f:
			if remaining < 2 {
				return b.String()
			}
			b.WriteByte('^')
			b.WriteByte(c + 0x40)
			remaining -= 2
		case c < 0x7f:
			b.WriteByte(c)
			remaining--
		default:
			if remaining < 4 {
				return b.String()
			}
			fmt.Fprintf(&b, "<%02X>", c)
			remaining -= 4
		}
		if remaining == 0 {
			break
		}
	}
	return b.String()
}

// symTypeName returns GNU's name of a symbol type (get_symbol_type).
func (f *file) symTypeName(t uint8) string {
	switch t {
	case 0:
		return "NOTYPE"
	case 1:
		return "OBJECT"
	case 2:
		return "FUNC"
	case 3:
		return "SECTION"
	case 4:
		return "FILE"
	case 5:
		return "COMMON"
	case 6:
		return "TLS"
	case 8:
		return "RELC"
	case 9:
		return "SRELC"
	}
	m := f.machine()
	osabi := elf.OSABI(f.hdr.Ident[elf.EI_OSABI])
	switch {
	case t >= 13:
		switch {
		case m == elf.EM_ARM && t == 13:
			return "THUMB_FUNC"
		case m == elf.EM_SPARCV9 && t == 13:
			return "REGISTER"
		case m == elf.EM_PARISC && t == 13:
			return "PARISC_MILLI"
		}
		return fmt.Sprintf("<processor specific>: %d", t)
	case t >= 10:
		if m == elf.EM_PARISC {
			if t == 11 {
				return "HP_OPAQUE"
			}
			if t == 12 {
				return "HP_STUB"
			}
		}
		if t == 10 && (osabi == elf.ELFOSABI_LINUX || osabi == elf.ELFOSABI_FREEBSD) {
			return "IFUNC"
		}
		return fmt.Sprintf("<OS specific>: %d", t)
	}
	return fmt.Sprintf("<unknown>: %d", t)
}

// symBindName returns GNU's name of a symbol binding (get_symbol_binding).
func (f *file) symBindName(b uint8) string {
	switch b {
	case 0:
		return "LOCAL"
	case 1:
		return "GLOBAL"
	case 2:
		return "WEAK"
	}
	switch {
	case b >= 13:
		return fmt.Sprintf("<processor specific>: %d", b)
	case b >= 10:
		if b == 10 && elf.OSABI(f.hdr.Ident[elf.EI_OSABI]) == elf.ELFOSABI_LINUX {
			return "UNIQUE"
		}
		return fmt.Sprintf("<OS specific>: %d", b)
	}
	return fmt.Sprintf("<unknown>: %d", b)
}

// symOtherName names the st_other bits beside the visibility
// (get_symbol_other).
func (f *file) symOtherName(other uint8) string {
	switch f.machine() {
	case elf.EM_AARCH64:
		if other&0x80 != 0 {
			if other&^0x80 == 0 {
				return "VARIANT_PCS"
			}
			return fmt.Sprintf("VARIANT_PCS | %x", other&^0x80)
		}
	case elf.EM_RISCV:
		// get_riscv_symbol_other: other bits replace the name.
		if other&^0x80 != 0 {
			return fmt.Sprintf("%x", other&^0x80)
		}
		return "VARIANT_CC"
	case elf.EM_MIPS:
		switch other {
		case 0x04:
			return "OPTIONAL"
		case 0x08:
			return "MIPS PLT"
		case 0x20:
			return "MIPS PIC"
		case 0x80:
			return "MICROMIPS"
		case 0xa0:
			return "MICROMIPS, MIPS PIC"
		case 0xf0:
			return "MIPS16"
		}
	case elf.EM_PPC64:
		if other&^0xe0 == 0 {
			v := uint(other >> 5)
			return fmt.Sprintf("<localentry>: %d", ((1<<v)>>2)<<2)
		}
	case elf.EM_ALPHA:
		switch other {
		case 0x80:
			return "NOPV"
		case 0x88:
			return "STD_GPLOAD"
		}
	}
	return fmt.Sprintf("<other>: %x", other)
}

// symIndexName renders st_shndx (get_symbol_index_type).
func (f *file) symIndexName(t uint64, xndx bool) string {
	m := f.machine()
	switch {
	case xndx && t >= 0xff00 && t != 0xfff1 && t != 0xfff2:
		// An extended index is a section index even in the reserved range.
	case t == 0:
		return "UND"
	case t == 0xfff1:
		return "ABS"
	case t == 0xfff2:
		return "COM"
	case t == 0xff00 && m == elf.EM_IA_64 && elf.OSABI(f.hdr.Ident[elf.EI_OSABI]) == elf.ELFOSABI_HPUX:
		return "ANSI_COM"
	case t == 0xff02 && (m == elf.EM_X86_64 || m == 180 || m == 181):
		return "LARGE_COM"
	case t == 0xff03 && m == elf.EM_MIPS, t == 0xff00 && m == elf.EM_TI_C6000:
		return "SCOM"
	case t == 0xff04 && m == elf.EM_MIPS:
		return "SUND"
	case t >= 0xff00 && t <= 0xff1f:
		return fmt.Sprintf("PRC[0x%04x]", t&0xffff)
	case t >= 0xff20 && t <= 0xff3f:
		return fmt.Sprintf("OS [0x%04x]", t&0xffff)
	case t >= 0xff00:
		return fmt.Sprintf("RSV[0x%04x]", t&0xffff)
	}
	if f.shnum != 0 && t >= f.shnum {
		return fmt.Sprintf("bad section index[%3d]", t)
	}
	return fmt.Sprintf("%3d", t)
}

// symVersionKind says how a symbol's version is printed.
type symVersionKind int

const (
	symPublic    symVersionKind = iota // "@@V"
	symHidden                          // "@V"
	symUndefined                       // "@V (n)"
)

// quietOffset translates an address like offsetFromVMA without the
// warnings, which GNU repeats for every symbol.
func (f *file) quietOffset(vma, size uint64) uint64 {
	for i := range f.segments {
		p := &f.segments[i]
		if p.Type != uint64(elf.PT_LOAD) {
			continue
		}
		if vma >= p.Vaddr&-p.Align && vma+size <= p.Vaddr+p.Filesz {
			return vma - p.Vaddr + p.Offset
		}
	}
	return vma
}

// symbolVersion returns the version of dynamic symbol si as GNU's
// get_symbol_version_string finds it: through DT_VERSYM, DT_VERDEF and
// DT_VERNEED, names from the symbol table's string table.
func (f *file) symbolVersion(d *dynInfo, si uint64, p *symEntry, strtab []byte, hasStrtab bool) (string, symVersionKind, uint64, bool) {
	versym := d.verInfo(elf.DT_VERSYM)
	if versym == 0 {
		return "", 0, 0, false
	}
	off := f.quietOffset(versym, 2+si*2)
	b, ok := f.bytesAt(off+si*2, 2)
	if !ok {
		return "", 0, 0, false
	}
	vers := f.u16(b)
	if vers == 0 {
		return "", 0, 0, false
	}
	kind := symPublic
	if vers&0x8000 != 0 {
		kind = symHidden
	}
	name := func(i uint64) string {
		if hasStrtab && i < uint64(len(strtab)) {
			return cString(strtab[i:])
		}
		return "<corrupt>"
	}
	maxVd := uint64(0)
	if p.Shndx != 0 && vers != 0x8001 && d.verInfo(elf.DT_VERDEF) != 0 {
		h := f.verdefWalk(d, vers&0x7fff)
		maxVd = h.maxVd
		if h.found {
			if h.ndx == 1 && h.flags == uint64(elf.VER_FLG_BASE) {
				return "", 0, 0, false
			}
			if h.auxOK && p.Name != h.vdaName {
				return name(h.vdaName), kind, 0, true
			}
		}
	}
	if d.verInfo(elf.DT_VERNEED) != 0 {
		if vnaName, ok := f.verneedWalk(d)[vers]; ok {
			return name(vnaName), symUndefined, vers, true
		}
		if (maxVd != 0 || vers&0x7fff != 1) && vers&0x7fff > maxVd {
			return "<corrupt>", kind, 0, true
		}
	}
	return "", 0, 0, false
}

// verdefHit is the outcome of GNU's walk of DT_VERDEF for one version
// index.
type verdefHit struct {
	found   bool   // a Verdef with the index was found
	ndx     uint64 // its vd_ndx
	flags   uint64 // its vd_flags
	vdaName uint64 // the vda_name of its first Verdaux
	auxOK   bool   // the Verdaux could be read
	maxVd   uint64 // the largest vd_ndx seen on the way
}

// verdefWalk walks DT_VERDEF as get_symbol_version_string does until it
// finds index ndx, caching the outcome per index so that a long or
// crafted chain is walked once, not once per symbol.
func (f *file) verdefWalk(d *dynInfo, ndx uint64) verdefHit {
	if h, ok := d.verdefHits[ndx]; ok {
		return h
	}
	var h verdefHit
	off := f.quietOffset(d.verInfo(elf.DT_VERDEF), 20)
	var vdNdx, aux, next, flags uint64
	for steps := 0; ; steps++ {
		vdNdx, aux, next, flags = 0, 0, 0, 0
		if b, ok := f.bytesAt(off, 20); ok {
			flags, vdNdx, aux, next = f.u16(b[2:]), f.u16(b[4:]), f.u32(b[12:]), f.u32(b[16:])
		}
		h.maxVd = max(h.maxVd, vdNdx&0x7fff)
		off += next
		if vdNdx == ndx || next == 0 || steps > 1<<20 {
			break
		}
	}
	if vdNdx == ndx {
		h.found, h.ndx, h.flags = true, vdNdx, flags
		if b, ok := f.bytesAt(off-next+aux, 8); ok {
			h.vdaName, h.auxOK = f.u32(b), true
		}
	}
	if d.verdefHits == nil {
		d.verdefHits = map[uint64]verdefHit{}
	}
	d.verdefHits[ndx] = h
	return h
}

// verneedWalk maps each vna_other reachable through DT_VERNEED to the
// vna_name of its first Vernaux in GNU's walk order, computed once.
func (f *file) verneedWalk(d *dynInfo) map[uint64]uint64 {
	if d.verneedHits == nil {
		d.verneedHits = f.verneedNames(d)
	}
	return d.verneedHits
}
