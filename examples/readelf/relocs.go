package main

// The -r (--relocs) group: process_relocs and dump_relocations of GNU
// readelf 2.40.

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/reloc"
)

func init() { printers[groupRelocs] = printRelocs }

// printRelocs prints every SHT_REL, SHT_RELA and SHT_RELR section, or the
// line that says there are none.
func printRelocs(w io.Writer, f *file, o *options) error {
	if f.sectionsErr != nil {
		// GNU readelf turns -r off when the section headers cannot be
		// loaded (process_object).
		return nil
	}
	var rf *reloc.File
	switch {
	case f.f64 != nil:
		rf = reloc.New64(f.f64)
	case f.f32 != nil:
		rf = reloc.New32(f.f32)
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	found := false
	for i := range f.sections {
		s := &f.sections[i]
		var kind reloc.Kind
		switch elf.SectionType(s.Type) {
		case elf.SHT_REL:
			kind = reloc.REL
		case elf.SHT_RELA:
			kind = reloc.RELA
		case elf.SHT_RELR:
			kind = reloc.RELR
		default:
			continue
		}
		if s.Size == 0 {
			continue
		}
		fmt.Fprint(bw, "\nRelocation section ")
		if f.strtabMissing() {
			fmt.Fprintf(bw, "%d", s.NameOff)
		} else {
			fmt.Fprintf(bw, "'%s'", f.printableSectionName(i))
		}
		var n uint64
		if s.Entsize != 0 {
			n = s.Size / s.Entsize
		}
		word := "entries"
		if n == 1 {
			word = "entry"
		}
		fmt.Fprintf(bw, " at offset %s contains %d %s:\n", relocAltHex(s.Offset), n, word)
		withSyms := s.Link != 0 && s.Link < uint64(len(f.sections))
		if withSyms {
			st := elf.SectionType(f.sections[s.Link].Type)
			if st != elf.SHT_SYMTAB && st != elf.SHT_DYNSYM {
				continue
			}
		}
		if rf == nil {
			found = true
			continue
		}
		t, err := rf.SectionTable(i)
		var syms reloc.Symbols
		var symsErr error
		if err == nil {
			syms, symsErr = rf.Symbols(t)
			if withSyms && symsErr != nil {
				// get_symtab failed: readelf goes on with the next section.
				continue
			}
		}
		found = true
		if err != nil {
			fmt.Fprintf(f.stderr, "readelf: Error: %s: %v\n", f.name, err)
			continue
		}
		if t.Kind() != kind {
			continue
		}
		dumpRelocTable(bw, f, t, syms, symsErr, o.Wide)
	}
	if found {
		return nil
	}
	for _, tag := range []elf.DynTag{elf.DT_RELASZ, elf.DT_RELSZ, elf.DT_RELRSZ, elf.DT_PLTRELSZ} {
		if f.relocDynValue(tag) != 0 {
			fmt.Fprint(bw, "\nThere are no static relocations in this file.")
			fmt.Fprint(bw, "\nTo see the dynamic relocations add --use-dynamic to the command line.\n")
			return nil
		}
	}
	fmt.Fprint(bw, "\nThere are no relocations in this file.\n")
	return nil
}

// relocDynValue returns the value of the first dynamic entry with tag, or 0.
func (f *file) relocDynValue(tag elf.DynTag) uint64 {
	switch {
	case f.f64 != nil:
		v, err := f.f64.DynValue(tag)
		if err == nil {
			return uint64(v)
		}
	case f.f32 != nil:
		v, err := f.f32.DynValue(tag)
		if err == nil {
			return uint64(v)
		}
	}
	return 0
}

// dumpRelocTable prints the entries of one table (dump_relocations).
//
// syms resolves the entries' symbol indexes; symsErr, when not nil, says
// why there are none.
func dumpRelocTable(w *bufio.Writer, f *file, t reloc.Table, syms reloc.Symbols, symsErr error, wide bool) {
	is32 := !f.is64
	if t.Kind() == reloc.RELR {
		w.WriteString("  " + fmt.Sprint(t.Len()))
		if t.Len() == 1 {
			w.WriteString(" offset\n")
		} else {
			w.WriteString(" offsets\n")
		}
		format := "%016x\n"
		if is32 {
			format = "%08x\n"
		}
		for _, r := range t.All() {
			fmt.Fprintf(w, format, r.Offset)
		}
		return
	}
	rela := t.HasAddends()
	var hdr string
	switch {
	case is32 && wide:
		hdr = " Offset     Info    Type                Sym. Value  Symbol's Name"
	case is32:
		hdr = " Offset     Info    Type            Sym.Value  Sym. Name"
	case wide:
		hdr = "    Offset             Info             Type               Symbol's Value  Symbol's Name"
	default:
		hdr = "  Offset          Info           Type           Sym. Value    Sym. Name"
	}
	w.WriteString(hdr)
	if rela {
		w.WriteString(" + Addend")
	}
	w.WriteByte('\n')

	m := f.machine()
	for _, r := range t.All() {
		switch {
		case is32:
			fmt.Fprintf(w, "%8.8x  %8.8x ", uint32(r.Offset), uint32(r.Info))
		case wide:
			fmt.Fprintf(w, "%16.16x  %16.16x ", r.Offset, r.Info)
		default:
			fmt.Fprintf(w, "%12.12x  %12.12x ", r.Offset, r.Info)
		}
		rtype, known := relocTypeName(m, f.hdr.Class, r.Type)
		switch {
		case !known:
			fmt.Fprintf(w, "unrecognized: %-7x", r.Type)
		case wide:
			fmt.Fprintf(w, "%-22s", rtype)
		default:
			fmt.Fprintf(w, "%-17.17s", relocTrunc(rtype, 17))
		}
		switch {
		case r.Sym != 0:
			var sym reloc.Symbol
			var err error = symsErr
			if err == nil {
				sym, err = syms.Symbol(r.Sym)
			}
			if err != nil {
				fmt.Fprintf(f.stderr, "readelf: Error:  bad symbol index: %08x in reloc\n", r.Sym)
				break
			}
			w.WriteByte(' ')
			version := ""
			if sym.Version != "" {
				if sym.DefaultVersion {
					version = "@@" + sym.Version
				} else {
					version = "@" + sym.Version
				}
			}
			if elf.SymType(sym.Info&0xf) == elf.STT_GNU_IFUNC {
				width := 14
				if is32 {
					width = 8
				}
				name := sym.Name
				if name == "" {
					name = "??"
				}
				n := printSymbol(w, width, false, name, wide)
				w.WriteString(version)
				pad := 1
				if n <= width {
					pad = width + 1 - n
				}
				fmt.Fprintf(w, "()%-*s", pad, " ")
			} else if is32 {
				fmt.Fprintf(w, "%8.8x   ", uint32(sym.Value))
			} else {
				fmt.Fprintf(w, "%16.16x ", sym.Value)
			}
			if sym.Name == "" {
				printSymbol(w, 22, false, relocSectionSymbolName(f, sym), wide)
			} else {
				printSymbol(w, 22, false, sym.Name, wide)
				w.WriteString(version)
			}
			if rela {
				if r.Addend < 0 {
					fmt.Fprintf(w, " - %x", uint64(-r.Addend))
				} else {
					fmt.Fprintf(w, " + %x", uint64(r.Addend))
				}
			}
		case rela:
			n := 20
			if is32 {
				n = 12
			}
			w.WriteString(strings.Repeat(" ", n))
			if r.Addend < 0 {
				fmt.Fprintf(w, "-%x", uint64(-r.Addend))
			} else {
				fmt.Fprintf(w, "%x", uint64(r.Addend))
			}
		}
		if m == elf.EM_SPARCV9 && known && rtype == "R_SPARC_OLO10" {
			// ELF64_R_TYPE_DATA: the 24 bits above the type, sign-extended.
			d := int64(int32(uint32(r.Info)&0xffffff00)) >> 8
			fmt.Fprintf(w, " + %x", uint64(d))
		}
		w.WriteByte('\n')
		if !is32 && m == elf.EM_MIPS {
			for i, ty := range []uint8{r.Type2, r.Type3} {
				if i == 0 {
					w.WriteString("                    Type2: ")
				} else {
					w.WriteString("\n                    Type3: ")
				}
				name, ok := relocTypeName(m, f.hdr.Class, uint32(ty))
				if ok {
					fmt.Fprintf(w, "%-17.17s", relocTrunc(name, 17))
				} else {
					fmt.Fprintf(w, "unrecognized: %-7x", ty)
				}
			}
			w.WriteByte('\n')
		}
	}
}

// relocSectionSymbolName is what readelf prints for a symbol without a
// name: the section's name for an STT_SECTION symbol, else "<null>".
func relocSectionSymbolName(f *file, sym reloc.Symbol) string {
	if elf.SymType(sym.Info&0xf) != elf.STT_SECTION {
		return "<null>"
	}
	shndx := elf.SectionIndex(sym.Section)
	m := f.machine()
	switch {
	case uint64(sym.Section) < uint64(len(f.sections)):
		return f.secName(int(sym.Section))
	case shndx == elf.SHN_ABS:
		return "ABS"
	case shndx == elf.SHN_COMMON:
		return "COMMON"
	case m == elf.EM_MIPS && sym.Section == 0xff03, m == elf.EM_TI_C6000 && sym.Section == 0xff00:
		return "SCOMMON"
	case m == elf.EM_MIPS && sym.Section == 0xff04:
		return "SUNDEF"
	case m == elf.EM_X86_64 && sym.Section == 0xff02:
		return "LARGE_COMMON"
	}
	return fmt.Sprintf("<section 0x%x>", sym.Section)
}

// relocTrunc returns s cut to n bytes (printf's %.*s).
func relocTrunc(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// relocAltHex formats v as C's %#x: "0" for zero, 0x... otherwise.
func relocAltHex(v uint64) string {
	if v == 0 {
		return "0"
	}
	return fmt.Sprintf("%#x", v)
}

// relocTypeName returns the name GNU readelf 2.40 gives relocation type
// typ of machine m, and false when readelf does not know it ("unrecognized").
// The names come from package reloc and the vocabulary (debug/elf's
// spelling); readelfRelocNames holds the names binutils spells differently.
func relocTypeName(m elf.Machine, class elf.Class, typ uint32) (string, bool) {
	if names, ok := readelfRelocNames[m]; ok {
		if name, ok := names[typ]; ok {
			return name, name != ""
		}
	}
	if h, ok := reloc.Lookup(m, class, typ); ok {
		return h.Name, true
	}
	name := reloc.TypeName(m, typ)
	if strings.HasPrefix(name, "R_") && !strings.ContainsAny(name, "+(") {
		return name, true
	}
	return "", false
}

// readelfRelocNames holds, per machine, the relocation type names that
// binutils 2.40 (include/elf/*.h) spells differently from package reloc,
// and the types reloc names that readelf does not know (""). The table was
// made from TestRelocsTypeNames, which compares every type number of these
// machines with GNU readelf's output.
var readelfRelocNames = map[elf.Machine]map[uint32]string{
	elf.EM_X86_64: {
		7:  "R_X86_64_JUMP_SLOT",
		43: "",
		44: "",
		45: "",
		46: "",
		47: "",
		48: "",
		49: "",
		50: "",
		51: "",
	},
	elf.EM_386: {
		7:   "R_386_JUMP_SLOT",
		200: "R_386_USED_BY_INTEL_200",
	},
	elf.EM_AARCH64: {
		29:  "",
		86:  "",
		93:  "",
		94:  "",
		95:  "",
		96:  "",
		97:  "",
		98:  "",
		99:  "",
		100: "",
		101: "",
		102: "",
		120: "",
		121: "",
		314: "",
		315: "",
		563: "R_AARCH64_TLSDESC_LD64_LO12",
		564: "R_AARCH64_TLSDESC_ADD_LO12",
	},
	elf.EM_ARM: {
		4:   "R_ARM_LDR_PC_G0",
		10:  "R_ARM_THM_CALL",
		12:  "R_ARM_BREL_ADJ",
		13:  "R_ARM_TLS_DESC",
		24:  "R_ARM_GOTOFF32",
		25:  "R_ARM_BASE_PREL",
		26:  "R_ARM_GOT_BREL",
		32:  "R_ARM_ALU_PCREL7_0",
		33:  "R_ARM_ALU_PCREL15_8",
		34:  "R_ARM_ALU_PCREL23_15",
		35:  "R_ARM_LDR_SBREL_11_0",
		36:  "R_ARM_ALU_SBREL_19_12",
		37:  "R_ARM_ALU_SBREL_27_20",
		112: "",
		113: "",
		114: "",
		115: "",
		116: "",
		117: "",
		118: "",
		119: "",
		120: "",
		121: "",
		122: "",
		123: "",
		124: "",
		125: "",
		126: "",
		127: "",
		129: "R_ARM_THM_TLS_DESCSEQ",
		130: "",
		131: "",
		135: "R_ARM_THM_ALU_ABS_G3_NC",
		161: "R_ARM_GOTFUNCDESC",
		162: "R_ARM_GOTOFFFUNCDESC",
		163: "R_ARM_FUNCDESC",
		164: "R_ARM_FUNCDESC_VALUE",
		165: "R_ARM_TLS_GD32_FDPIC",
		166: "R_ARM_TLS_LDM32_FDPIC",
		167: "R_ARM_TLS_IE32_FDPIC",
	},
	elf.EM_RISCV: {
		12:  "",
		41:  "",
		42:  "",
		59:  "",
		60:  "",
		61:  "",
		62:  "",
		63:  "",
		64:  "",
		65:  "",
		191: "",
	},
	elf.EM_PPC64: {
		66: "R_PPC64_PLTGOT16_LO_DS",
	},
	elf.EM_PPC: {
		97:  "",
		98:  "",
		99:  "",
		100: "",
		119: "R_PPC_PLTSEQ",
		120: "R_PPC_PLTCALL",
		216: "R_PPC_VLE_REL8",
		217: "R_PPC_VLE_REL15",
		218: "R_PPC_VLE_REL24",
		219: "R_PPC_VLE_LO16A",
		220: "R_PPC_VLE_LO16D",
		221: "R_PPC_VLE_HI16A",
		222: "R_PPC_VLE_HI16D",
		223: "R_PPC_VLE_HA16A",
		224: "R_PPC_VLE_HA16D",
		225: "R_PPC_VLE_SDA21",
		226: "R_PPC_VLE_SDA21_LO",
		227: "R_PPC_VLE_SDAREL_LO16A",
		228: "R_PPC_VLE_SDAREL_LO16D",
		229: "R_PPC_VLE_SDAREL_HI16A",
		230: "R_PPC_VLE_SDAREL_HI16D",
		231: "R_PPC_VLE_SDAREL_HA16A",
		232: "R_PPC_VLE_SDAREL_HA16D",
		233: "R_PPC_VLE_ADDR20",
		246: "R_PPC_REL16DX_HA",
	},
	elf.EM_S390: {
		13:  "R_390_GOTOFF32",
		34:  "R_390_PLTOFF16",
		35:  "R_390_PLTOFF32",
		36:  "R_390_PLTOFF64",
		250: "R_390_GNU_VTINHERIT",
		251: "R_390_GNU_VTENTRY",
	},
	elf.EM_MIPS: {
		13:  "R_MIPS_UNUSED1",
		14:  "R_MIPS_UNUSED2",
		15:  "R_MIPS_UNUSED3",
		113: "R_MIPS16_PC16_S1",
		174: "",
		175: "",
		176: "",
		177: "",
		250: "R_MIPS_GNU_REL16_S2",
		253: "R_MIPS_GNU_VTINHERIT",
		254: "R_MIPS_GNU_VTENTRY",
	},
	elf.EM_LOONGARCH: {
		13:  "",
		14:  "",
		101: "",
		102: "",
		103: "",
		104: "",
		105: "",
		106: "",
		107: "",
		108: "",
		109: "",
		110: "",
		111: "",
		112: "",
		113: "",
		114: "",
		115: "",
		116: "",
		117: "",
		118: "",
		119: "",
		120: "",
		121: "",
		122: "",
		123: "",
		124: "",
		125: "",
		126: "",
	},
	elf.EM_SPARCV9: {
		42: "R_SPARC_UNUSED_42",
	},
	elf.EM_SPARC: {
		42: "R_SPARC_UNUSED_42",
	},
}
