package main

import (
	"fmt"
	"io"

	"github.com/elfkit/elf"
)

func init() {
	printers[groupSectionHeaders] = printSectionHeaders
}

// printSectionHeaders prints -S, as GNU readelf's process_section_headers.
func printSectionHeaders(w io.Writer, f *file, o *options) error {
	h := &f.hdr
	if f.shnum == 0 {
		if h.Shoff != 0 {
			f.warnf("possibly corrupt ELF file header - it has a non-zero section header offset, but no section headers")
			return nil
		}
		fmt.Fprintf(w, "\nThere are no sections in this file.\n")
		return nil
	}
	if !o.FileHeader {
		if f.shnum == 1 {
			fmt.Fprintf(w, "There is %d section header, starting at offset 0x%x:\n", f.shnum, h.Shoff)
		} else {
			fmt.Fprintf(w, "There are %d section headers, starting at offset 0x%x:\n", f.shnum, h.Shoff)
		}
	}
	if f.sections == nil {
		if f.sectionsErr != nil {
			f.errorf("%v", f.sectionsErr)
		}
		return nil
	}
	if len(f.sections) > 1 {
		fmt.Fprintf(w, "\nSection Headers:\n")
	} else {
		fmt.Fprintf(w, "\nSection Header:\n")
	}
	switch {
	case !f.is64:
		fmt.Fprintf(w, "  [Nr] Name              Type            Addr     Off    Size   ES Flg Lk Inf Al\n")
	case o.Wide:
		fmt.Fprintf(w, "  [Nr] Name              Type            Address          Off    Size   ES Flg Lk Inf Al\n")
	default:
		fmt.Fprintf(w, "  [Nr] Name              Type             Address           Offset\n")
		fmt.Fprintf(w, "       Size              EntSize          Flags  Link  Info  Align\n")
	}
	for i := range f.sections {
		s := &f.sections[i]
		fmt.Fprintf(w, "  [%2d] ", i)
		printSymbol(w, 17, true, f.secName(i), o.Wide)
		if o.Wide {
			fmt.Fprintf(w, " %-15s ", sectionTypeName(f, s.Type))
		} else {
			fmt.Fprintf(w, " %-15.15s ", sectionTypeName(f, s.Type))
		}
		flags := sectionFlags(f, s.Flags)
		switch {
		case !f.is64:
			fmt.Fprintf(w, "%s %6.6x %6.6x %2.2x %3s %2d %3d %2d\n", f.longHex(s.Addr),
				uint32(s.Offset), uint32(s.Size), uint32(s.Entsize), flags, uint32(s.Link), uint32(s.Info), uint32(s.Addralign))
		case o.Wide:
			fmt.Fprintf(w, "%s %6.6x %6.6x %2.2x %3s %2d %3d %2d\n", f.longHex(s.Addr),
				s.Offset, s.Size, s.Entsize, flags, uint32(s.Link), uint32(s.Info), s.Addralign)
		default:
			fmt.Fprintf(w, " %s  %8.8x\n       %s  %s %3s      %2d   %3d     %d\n", f.longHex(s.Addr), s.Offset,
				f.longHex(s.Size), f.longHex(s.Entsize), flags, uint32(s.Link), uint32(s.Info), s.Addralign)
		}
	}
	fmt.Fprintf(w, "Key to Flags:\n"+
		"  W (write), A (alloc), X (execute), M (merge), S (strings), I (info),\n"+
		"  L (link order), O (extra OS processing required), G (group), T (TLS),\n"+
		"  C (compressed), x (unknown), o (OS specific), E (exclude),\n  ")
	osabi := f.hdr.Ident[elf.EI_OSABI]
	if osabi == 3 || osabi == 9 { // GNU, FreeBSD
		fmt.Fprintf(w, "R (retain), ")
	}
	if osabi == 0 || osabi == 3 || osabi == 9 {
		fmt.Fprintf(w, "D (mbind), ")
	}
	switch f.hdr.Machine {
	case 62, 180, 181: // x86-64, L1OM, K1OM
		fmt.Fprintf(w, "l (large), ")
	case 40: // ARM
		fmt.Fprintf(w, "y (purecode), ")
	case 20: // PPC
		fmt.Fprintf(w, "v (VLE), ")
	}
	fmt.Fprintf(w, "p (processor specific)\n")
	return nil
}

// sectionFlags is GNU readelf's get_elf_section_flags without
// --section-details.
func sectionFlags(f *file, fl uint64) string {
	var b []byte
	m := f.hdr.Machine
	for fl != 0 {
		bit := fl & -fl
		fl &^= bit
		var c byte
		switch bit {
		case 0x1:
			c = 'W'
		case 0x2:
			c = 'A'
		case 0x4:
			c = 'X'
		case 0x10:
			c = 'M'
		case 0x20:
			c = 'S'
		case 0x40:
			c = 'I'
		case 0x80:
			c = 'L'
		case 0x100:
			c = 'O'
		case 0x200:
			c = 'G'
		case 0x400:
			c = 'T'
		case 0x80000000:
			c = 'E'
		case 0x800:
			c = 'C'
		default:
			switch {
			case (m == 62 || m == 180 || m == 181) && bit == 0x10000000:
				c = 'l'
			case m == 40 && bit == 0x20000000:
				c = 'y'
			case m == 20 && bit == 0x10000000:
				c = 'v'
			case bit&0x0ff00000 != 0:
				switch f.hdr.Ident[elf.EI_OSABI] {
				case 3, 9: // GNU, FreeBSD
					if bit == 0x200000 {
						c = 'R'
					} else if bit == 0x01000000 {
						c = 'D'
					}
				case 0:
					if bit == 0x01000000 {
						c = 'D'
					}
				}
				if c == 0 {
					c = 'o'
					fl &^= 0x0ff00000
				}
			case bit&0xf0000000 != 0:
				c = 'p'
				fl &^= 0xf0000000
			default:
				c = 'x'
			}
		}
		if c != 0 {
			b = append(b, c)
		}
	}
	return string(b)
}

// sectionTypeName is GNU readelf's get_section_type_name.
func sectionTypeName(f *file, t uint64) string {
	switch t {
	case 0:
		return "NULL"
	case 1:
		return "PROGBITS"
	case 2:
		return "SYMTAB"
	case 3:
		return "STRTAB"
	case 4:
		return "RELA"
	case 19:
		return "RELR"
	case 5:
		return "HASH"
	case 6:
		return "DYNAMIC"
	case 7:
		return "NOTE"
	case 8:
		return "NOBITS"
	case 9:
		return "REL"
	case 10:
		return "SHLIB"
	case 11:
		return "DYNSYM"
	case 14:
		return "INIT_ARRAY"
	case 15:
		return "FINI_ARRAY"
	case 16:
		return "PREINIT_ARRAY"
	case 0x6ffffff6:
		return "GNU_HASH"
	case 17:
		return "GROUP"
	case 18:
		return "SYMTAB SECTION INDICES"
	case 0x6ffffffd, 0x6ffffffc:
		return "VERDEF"
	case 0x6ffffffe:
		return "VERNEED"
	case 0x6fffffff, 0x6ffffff0:
		return "VERSYM"
	case 0x7ffffffd:
		return "AUXILIARY"
	case 0x7fffffff:
		return "FILTER"
	case 0x6ffffff7:
		return "GNU_LIBLIST"
	}
	m := f.hdr.Machine
	switch {
	case t >= 0x70000000 && t <= 0x7fffffff:
		if s := procSectionTypeName(m, t); s != "" {
			return s
		}
		return fmt.Sprintf("LOPROC+%#x", t-0x70000000)
	case t >= 0x60000000 && t <= 0x6fffffff:
		if f.hdr.Ident[elf.EI_OSABI] != 6 && m != 50 {
			switch t {
			case 0x6fff4700:
				return "GNU_INCREMENTAL_INPUTS"
			case 0x6ffffff5:
				return "GNU_ATTRIBUTES"
			}
		}
		return fmt.Sprintf("LOOS+%#x", t-0x60000000)
	case t >= 0x80000000 && t <= 0xffffffff:
		if m == 36 || m == 87 || m == 0x9080 {
			switch t {
			case 0xff000000:
				return "V850 Small Common"
			case 0xff000001:
				return "V850 Tiny Common"
			case 0xff000002:
				return "V850 Zero Common"
			}
		}
		return fmt.Sprintf("LOUSER+%#x", t-0x80000000)
	}
	return fmt.Sprintf("%08x: <unknown>", t)
}

var mipsSectionTypes = []string{
	"MIPS_LIBLIST", "MIPS_MSYM", "MIPS_CONFLICT", "MIPS_GPTAB", "MIPS_UCODE", "MIPS_DEBUG",
	"MIPS_REGINFO", "MIPS_PACKAGE", "MIPS_PACKSYM", "MIPS_RELD", "", "MIPS_IFACE",
	"MIPS_CONTENT", "MIPS_OPTIONS", "", "", "MIPS_SHDR", "MIPS_FDESC", "MIPS_EXTSYM",
	"MIPS_DENSE", "MIPS_PDESC", "MIPS_LOCSYM", "MIPS_AUXSYM", "MIPS_OPTSYM", "MIPS_LOCSTR",
	"MIPS_LINE", "MIPS_RFDESC", "MIPS_DELTASYM", "MIPS_DELTAINST", "MIPS_DELTACLASS",
	"MIPS_DWARF", "MIPS_DELTADECL", "MIPS_SYMBOL_LIB", "MIPS_EVENTS", "MIPS_TRANSLATE",
	"MIPS_PIXIE", "MIPS_XLATE", "MIPS_XLATE_DEBUG", "MIPS_WHIRL", "MIPS_EH_REGION",
	"MIPS_XLATE_OLD", "MIPS_PDR_EXCEPTION", "MIPS_ABIFLAGS", "MIPS_XHASH",
}

// procSectionTypeName names the processor-specific section types GNU
// readelf knows, or returns "".
func procSectionTypeName(m, t uint64) string {
	switch m {
	case 8, 10: // MIPS
		if i := t - 0x70000000; i < uint64(len(mipsSectionTypes)) {
			return mipsSectionTypes[i]
		}
	case 62, 180, 181:
		if t == 0x70000001 {
			return "X86_64_UNWIND"
		}
	case 40: // ARM
		switch t {
		case 0x70000001:
			return "ARM_EXIDX"
		case 0x70000002:
			return "ARM_PREEMPTMAP"
		case 0x70000003:
			return "ARM_ATTRIBUTES"
		case 0x70000004:
			return "ARM_DEBUGOVERLAY"
		case 0x70000005:
			return "ARM_OVERLAYSECTION"
		}
	case 243: // RISC-V
		if t == 0x70000003 {
			return "RISCV_ATTRIBUTES"
		}
	case 252: // C-SKY
		if t == 0x70000001 {
			return "CSKY_ATTRIBUTES"
		}
	case 45, 93, 195: // ARC
		if t == 0x70000001 {
			return "ARC_ATTRIBUTES"
		}
	case 105: // MSP430
		switch t {
		case 0x7f000005:
			return "MSP430_SEC_FLAGS"
		case 0x7f000006:
			return "MSP430_SYM_ALIASES"
		case 0x70000003:
			return "MSP430_ATTRIBUTES"
		}
	case 140: // TI C6000
		switch t {
		case 0x70000001:
			return "C6000_UNWIND"
		case 0x70000002:
			return "C6000_PREEMPTMAP"
		case 0x70000003:
			return "C6000_ATTRIBUTES"
		case 0x7f000000:
			return "TI_ICODE"
		case 0x7f000001:
			return "TI_XREF"
		case 0x7f000002:
			return "TI_HANDLER"
		case 0x7f000003:
			return "TI_INITINFO"
		case 0x7f000004:
			return "TI_PHATTRS"
		}
	case 50: // IA-64
		switch t {
		case 0x70000000:
			return "IA_64_EXT"
		case 0x70000001:
			return "IA_64_UNWIND"
		}
	}
	return ""
}
