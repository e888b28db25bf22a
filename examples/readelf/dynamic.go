package main

// The -d (--dynamic) group: process_dynamic_section of GNU readelf 2.40,
// and the dynamic information the -s, --dyn-syms and -V groups share
// with it (the dynamic string table and the DT_VER* addresses), found the
// way GNU finds them whether or not -d is given.

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/elfkit/elf"
)

func init() { printers[groupDynamic] = printDynamic }

// dynEntry is one dynamic entry with both fields widened.
type dynEntry struct {
	Tag uint64
	Val uint64
}

// dynInfo is what GNU readelf learns from the section headers, the
// program headers and the dynamic section before it prints any of the
// symbol, dynamic or version groups.
type dynInfo struct {
	addr    uint64 // file offset of the dynamic section (dynamic_addr)
	size    uint64 // its size (dynamic_size)
	entries []dynEntry

	strings    []byte // dynamic string table, nil when there is none
	hasStrings bool

	// version holds DT_VERSYM ... DT_VERNEEDNUM, indexed by
	// DT_VERNEEDNUM - tag (GNU's DT_VERSIONTAGIDX).
	version [16]uint64

	interp string // the program interpreter, from PT_INTERP

	verdefHits  map[uint64]verdefHit // see verdefWalk
	verneedHits map[uint64]uint64    // see verneedWalk
	verdefNames map[uint64][3]uint64 // see verdefName
}

// dynInfos caches dynInfo per file; files are processed one at a time.
var dynInfos = map[*file]*dynInfo{}

// verInfo returns the dynamic value of one of the DT_VER* tags.
func (d *dynInfo) verInfo(tag elf.DynTag) uint64 {
	i := uint64(elf.DT_VERNEEDNUM) - uint64(tag)
	if i >= uint64(len(d.version)) {
		return 0
	}
	return d.version[i]
}

// dynName returns the dynamic string at off (valid_dynamic_name and
// get_dynamic_name).
func (d *dynInfo) dynName(off uint64) (string, bool) {
	if !d.hasStrings || off >= uint64(len(d.strings)) {
		return "", false
	}
	return cString(d.strings[off:]), true
}

// cString returns b up to its first NUL.
func cString(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// u16 and the other readers decode the file's byte order.
func (f *file) u16(b []byte) uint64 { return uint64(f.order.Uint16(b)) }
func (f *file) u32(b []byte) uint64 { return uint64(f.order.Uint32(b)) }

// word reads a class-sized word.
func (f *file) word(b []byte) uint64 {
	if f.is64 {
		return f.order.Uint64(b)
	}
	return uint64(f.order.Uint32(b))
}

// wordSize returns the size of a class-sized word.
func (f *file) wordSize() uint64 {
	if f.is64 {
		return 8
	}
	return 4
}

// offsetFromVMA translates an address through the PT_LOAD segments the
// way GNU readelf's offset_from_vma does, including its fallback of using
// the address itself as the offset.
func (f *file) offsetFromVMA(vma, size uint64) uint64 {
	if len(f.segments) == 0 {
		f.warnf("Cannot interpret virtual addresses without program headers.")
		return vma
	}
	for i := range f.segments {
		p := &f.segments[i]
		if p.Type != uint64(elf.PT_LOAD) {
			continue
		}
		if vma >= p.Vaddr&-p.Align && vma+size <= p.Vaddr+p.Filesz {
			return vma - p.Vaddr + p.Offset
		}
	}
	f.warnf("Virtual address %#x not in any loadable segment.", vma)
	return vma
}

// findSection returns the first section called name (find_section), or -1.
func (f *file) findSection(name string) int {
	for i := range f.sections {
		if f.sections[i].NameOK && f.sections[i].Name == name {
			return i
		}
	}
	return -1
}

// dynamicInfo returns (and caches) the file's dynamic information.
func (f *file) dynamicInfo() *dynInfo {
	if d, ok := dynInfos[f]; ok {
		return d
	}
	for k := range dynInfos {
		delete(dynInfos, k)
	}
	d := &dynInfo{}
	dynInfos[f] = d

	// process_section_headers: the first .dynstr string table.
	for i := range f.sections {
		s := &f.sections[i]
		if s.Type == uint64(elf.SHT_STRTAB) && s.NameOK && s.Name == ".dynstr" {
			if b, ok := f.bytesAt(s.Offset, s.Size); ok && s.Size != 0 {
				d.strings, d.hasStrings = b, true
			}
			break
		}
	}

	// process_program_headers: PT_DYNAMIC, matched with .dynamic.
	for i := range f.segments {
		p := &f.segments[i]
		switch elf.ProgType(p.Type) {
		case elf.PT_INTERP:
			if b, ok := f.bytesAt(p.Offset, min(p.Filesz, 4096)); ok {
				d.interp = cString(b)
			}
		case elf.PT_DYNAMIC:
			d.addr, d.size = p.Offset, p.Filesz
			if f.sections != nil {
				j := f.findSection(".dynamic")
				if j < 0 || f.sections[j].Size == 0 {
					break
				}
				s := &f.sections[j]
				if s.Type == uint64(elf.SHT_NOBITS) {
					d.size = 0
					break
				}
				d.addr, d.size = s.Offset, s.Size
			}
			n := uint64(len(f.data))
			if d.addr > n || d.size > n-d.addr {
				d.addr, d.size = 0, 0
			}
		}
	}
	if d.size <= 1 {
		return d
	}
	b, ok := f.bytesAt(d.addr, d.size)
	if !ok {
		return d
	}
	es := 2 * f.wordSize()
	for off := uint64(0); off+es <= uint64(len(b)); off += es {
		e := dynEntry{Tag: f.word(b[off:]), Val: f.word(b[off+es/2:])}
		d.entries = append(d.entries, e)
		if e.Tag == 0 {
			break
		}
	}

	if !d.hasStrings {
		var strtab, strsz uint64
		for _, e := range d.entries {
			switch elf.DynTag(e.Tag) {
			case elf.DT_STRTAB:
				strtab = e.Val
			case elf.DT_STRSZ:
				strsz = e.Val
			}
			if strtab != 0 && strsz != 0 {
				off := f.offsetFromVMA(strtab, strsz)
				if b, ok := f.bytesAt(off, strsz); ok {
					d.strings, d.hasStrings = b, true
				} else {
					f.errorf("Corrupt DT_STRTAB dynamic entry")
				}
				break
			}
		}
	}
	for _, e := range d.entries {
		if e.Tag >= uint64(elf.DT_VERSYM) && e.Tag <= uint64(elf.DT_VERNEEDNUM) {
			d.version[uint64(elf.DT_VERNEEDNUM)-e.Tag] = e.Val
		}
	}
	return d
}

// printDynamic prints the dynamic section.
func printDynamic(w io.Writer, f *file, o *options) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	d := f.dynamicInfo()
	if d.size <= 1 {
		fmt.Fprint(bw, "\nThere is no dynamic section in this file.\n")
		return nil
	}
	if d.entries == nil {
		return nil
	}
	if d.addr != 0 {
		word := "entries"
		if len(d.entries) == 1 {
			word = "entry"
		}
		fmt.Fprintf(bw, "\nDynamic section at offset %#x contains %d %s:\n", d.addr, len(d.entries), word)
	}
	fmt.Fprint(bw, "  Tag        Type                         Name/Value\n")
	pad := 19
	if !f.is64 {
		pad = 27
	}
	m := f.machine()
	for _, e := range d.entries {
		if f.is64 {
			fmt.Fprintf(bw, " 0x%016x", e.Tag)
		} else {
			fmt.Fprintf(bw, " 0x%08x", e.Tag)
		}
		typ := f.dynTypeName(e.Tag)
		fmt.Fprintf(bw, " (%s)%*s", typ, pad-len(typ), " ")
		tag := elf.DynTag(e.Tag)
		switch tag {
		case elf.DT_FLAGS:
			dynPrintFlags(bw, e.Val)
		case elf.DT_AUXILIARY, elf.DT_FILTER, elf.DT_CONFIG, elf.DT_DEPAUDIT, elf.DT_AUDIT:
			switch tag {
			case elf.DT_AUXILIARY:
				fmt.Fprint(bw, "Auxiliary library")
			case elf.DT_FILTER:
				fmt.Fprint(bw, "Filter library")
			case elf.DT_CONFIG:
				fmt.Fprint(bw, "Configuration file")
			case elf.DT_DEPAUDIT:
				fmt.Fprint(bw, "Dependency audit library")
			case elf.DT_AUDIT:
				fmt.Fprint(bw, "Audit library")
			}
			if name, ok := d.dynName(e.Val); ok {
				fmt.Fprintf(bw, ": [%s]\n", name)
			} else {
				fmt.Fprintf(bw, ": %#x\n", e.Val)
			}
		case elf.DT_FEATURE:
			dynPrintBits(bw, e.Val, []string{"PARINIT", "CONFEXP"})
		case elf.DT_POSFLAG_1:
			dynPrintBits(bw, e.Val, []string{"LAZYLOAD", "GROUPPERM"})
		case elf.DT_FLAGS_1:
			dynPrintBits(bw, e.Val, dynFlags1)
		case elf.DT_PLTREL:
			fmt.Fprintln(bw, f.dynTypeName(e.Val))
		case elf.DT_NULL, elf.DT_NEEDED, elf.DT_PLTGOT, elf.DT_HASH, elf.DT_STRTAB,
			elf.DT_SYMTAB, elf.DT_RELA, elf.DT_INIT, elf.DT_FINI, elf.DT_SONAME,
			elf.DT_RPATH, elf.DT_SYMBOLIC, elf.DT_REL, elf.DT_RELR, elf.DT_DEBUG,
			elf.DT_TEXTREL, elf.DT_JMPREL, elf.DT_RUNPATH:
			name, ok := d.dynName(e.Val)
			switch {
			case ok && tag == elf.DT_NEEDED:
				fmt.Fprintf(bw, "Shared library: [%s]", name)
				if d.interp != "" && name == d.interp {
					fmt.Fprint(bw, " program interpreter")
				}
			case ok && tag == elf.DT_SONAME:
				fmt.Fprintf(bw, "Library soname: [%s]", name)
			case ok && tag == elf.DT_RPATH:
				fmt.Fprintf(bw, "Library rpath: [%s]", name)
			case ok && tag == elf.DT_RUNPATH:
				fmt.Fprintf(bw, "Library runpath: [%s]", name)
			default:
				fmt.Fprintf(bw, "%#x", e.Val)
			}
			fmt.Fprintln(bw)
		case elf.DT_PLTRELSZ, elf.DT_RELASZ, elf.DT_STRSZ, elf.DT_RELSZ, elf.DT_RELAENT,
			elf.DT_RELRSZ, elf.DT_RELRENT, elf.DT_SYMENT, elf.DT_RELENT,
			elf.DT_PLTPADSZ, elf.DT_MOVEENT, elf.DT_MOVESZ, elf.DT_PREINIT_ARRAYSZ,
			elf.DT_INIT_ARRAYSZ, elf.DT_FINI_ARRAYSZ, elf.DT_GNU_CONFLICTSZ, elf.DT_GNU_LIBLISTSZ:
			fmt.Fprintf(bw, "%d (bytes)\n", e.Val)
		case elf.DT_VERDEFNUM, elf.DT_VERNEEDNUM, elf.DT_RELACOUNT, elf.DT_RELCOUNT:
			fmt.Fprintf(bw, "%d\n", e.Val)
		case elf.DT_SYMINSZ, elf.DT_SYMINENT, elf.DT_SYMINFO, elf.DT_USED, elf.DT_INIT_ARRAY, elf.DT_FINI_ARRAY:
			if tag == elf.DT_USED {
				if name, ok := d.dynName(e.Val); ok && name != "" {
					fmt.Fprintf(bw, "Not needed object: [%s]\n", name)
					break
				}
			}
			fmt.Fprintf(bw, "%#x\n", e.Val)
		case elf.DT_BIND_NOW:
			fmt.Fprintln(bw)
		case elf.DT_GNU_PRELINKED:
			t := time.Unix(int64(e.Val), 0).UTC()
			fmt.Fprintf(bw, "%04d-%02d-%02dT%02d:%02d:%02d\n", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second())
		case elf.DT_GNU_HASH:
			fmt.Fprintf(bw, "%#x\n", e.Val)
		case 0x6ffffdf3: // DT_GNU_FLAGS_1
			dynPrintBits(bw, e.Val, []string{"UNIQUE"})
		default:
			switch m {
			case elf.EM_AARCH64:
				if e.Tag != 0x70000001 && e.Tag != 0x70000003 { // BTI_PLT, PAC_PLT
					fmt.Fprintf(bw, "%#x", e.Val)
				}
				fmt.Fprintln(bw)
			case elf.EM_MIPS, elf.EM_MIPS_RS3_LE:
				f.dynMIPSValue(bw, d, e)
			default:
				fmt.Fprintf(bw, "%#x\n", e.Val)
			}
		}
	}
	return nil
}

// dynFlags1 names the DF_1_* bits, lowest first.
var dynFlags1 = []string{
	"NOW", "GLOBAL", "GROUP", "NODELETE", "LOADFLTR", "INITFIRST", "NOOPEN", "ORIGIN",
	"DIRECT", "TRANS", "INTERPOSE", "NODEFLIB", "NODUMP", "CONFALT", "ENDFILTEE", "DISPRELDNE",
	"DISPRELPND", "NODIRECT", "IGNMULDEF", "NOKSYMS", "NOHDR", "EDITED", "NORELOC", "SYMINTPOSE",
	"GLOBAUDIT", "SINGLETON", "STUB", "PIE", "KMOD", "WEAKFILTER", "NOCOMMON",
}

// dynPrintBits prints "Flags:" and the names of the bits set in v, lowest
// first, then what is left in hex.
func dynPrintBits(w *bufio.Writer, v uint64, names []string) {
	fmt.Fprint(w, "Flags:")
	if v == 0 {
		fmt.Fprint(w, " None\n")
		return
	}
	for i, n := range names {
		if v&(1<<i) != 0 {
			fmt.Fprint(w, " ", n)
			v &^= 1 << i
		}
	}
	if v != 0 {
		fmt.Fprintf(w, " %x", v)
	}
	fmt.Fprintln(w)
}

// dynPrintFlags prints a DT_FLAGS value (print_dynamic_flags).
func dynPrintFlags(w *bufio.Writer, flags uint64) {
	var parts []string
	for flags != 0 {
		flag := flags & -flags
		flags &^= flag
		switch elf.DynFlag(flag) {
		case elf.DF_ORIGIN:
			parts = append(parts, "ORIGIN")
		case elf.DF_SYMBOLIC:
			parts = append(parts, "SYMBOLIC")
		case elf.DF_TEXTREL:
			parts = append(parts, "TEXTREL")
		case elf.DF_BIND_NOW:
			parts = append(parts, "BIND_NOW")
		case elf.DF_STATIC_TLS:
			parts = append(parts, "STATIC_TLS")
		default:
			parts = append(parts, "unknown")
		}
	}
	fmt.Fprintln(w, strings.Join(parts, " "))
}

// dynMIPSValue prints the value of a MIPS-specific entry
// (dynamic_section_mips_val).
func (f *file) dynMIPSValue(w *bufio.Writer, d *dynInfo, e dynEntry) {
	switch elf.DynTag(e.Tag) {
	case elf.DT_MIPS_FLAGS:
		if e.Val == 0 {
			fmt.Fprint(w, "NONE")
			break
		}
		opts := []string{"QUICKSTART", "NOTPOT", "NO_LIBRARY_REPLACEMENT",
			"NO_MOVE", "SGI_ONLY", "GUARANTEE_INIT", "DELTA_C_PLUS_PLUS",
			"GUARANTEE_START_INIT", "PIXIE", "DEFAULT_DELAY_LOAD",
			"REQUICKSTART", "REQUICKSTARTED", "CORD", "NO_UNRES_UNDEF",
			"RLD_ORDER_SAFE"}
		first := true
		for i, o := range opts {
			if e.Val&(1<<i) != 0 {
				if !first {
					fmt.Fprint(w, " ")
				}
				fmt.Fprint(w, o)
				first = false
			}
		}
	case elf.DT_MIPS_IVERSION:
		if name, ok := d.dynName(e.Val); ok {
			fmt.Fprintf(w, "Interface Version: %s", name)
		} else if f.is64 {
			fmt.Fprintf(w, "<corrupt: %016x>", e.Val)
		} else {
			fmt.Fprintf(w, "<corrupt: %08x>", e.Val)
		}
	case elf.DT_MIPS_TIME_STAMP:
		t := time.Unix(int64(e.Val), 0).UTC()
		fmt.Fprintf(w, "Time Stamp: %04d-%02d-%02dT%02d:%02d:%02d", t.Year(), int(t.Month()), t.Day(), t.Hour(), t.Minute(), t.Second())
	case elf.DT_MIPS_RLD_VERSION, elf.DT_MIPS_LOCAL_GOTNO, elf.DT_MIPS_CONFLICTNO,
		elf.DT_MIPS_LIBLISTNO, elf.DT_MIPS_SYMTABNO, elf.DT_MIPS_UNREFEXTNO,
		elf.DT_MIPS_HIPAGENO, elf.DT_MIPS_DELTA_CLASS_NO, elf.DT_MIPS_DELTA_INSTANCE_NO,
		elf.DT_MIPS_DELTA_RELOC_NO, elf.DT_MIPS_DELTA_SYM_NO, elf.DT_MIPS_DELTA_CLASSSYM_NO,
		elf.DT_MIPS_COMPACT_SIZE:
		fmt.Fprintf(w, "%d", int64(e.Val))
	default:
		fmt.Fprintf(w, "%#x", e.Val)
	}
	fmt.Fprintln(w)
}

// dynTypeNames are GNU readelf's names of the generic tags.
var dynTypeNames = map[uint64]string{
	0: "NULL", 1: "NEEDED", 2: "PLTRELSZ", 3: "PLTGOT", 4: "HASH", 5: "STRTAB",
	6: "SYMTAB", 7: "RELA", 8: "RELASZ", 9: "RELAENT", 10: "STRSZ", 11: "SYMENT",
	12: "INIT", 13: "FINI", 14: "SONAME", 15: "RPATH", 16: "SYMBOLIC", 17: "REL",
	18: "RELSZ", 19: "RELENT", 20: "PLTREL", 21: "DEBUG", 22: "TEXTREL", 23: "JMPREL",
	24: "BIND_NOW", 25: "INIT_ARRAY", 26: "FINI_ARRAY", 27: "INIT_ARRAYSZ",
	28: "FINI_ARRAYSZ", 29: "RUNPATH", 30: "FLAGS", 32: "PREINIT_ARRAY",
	33: "PREINIT_ARRAYSZ", 34: "SYMTAB_SHNDX", 35: "RELRSZ", 36: "RELR", 37: "RELRENT",

	0x6ffffdf5: "GNU_PRELINKED", 0x6ffffdf6: "GNU_CONFLICTSZ", 0x6ffffdf7: "GNU_LIBLISTSZ",
	0x6ffffdf8: "CHECKSUM", 0x6ffffdf9: "PLTPADSZ", 0x6ffffdfa: "MOVEENT",
	0x6ffffdfb: "MOVESZ", 0x6ffffdfc: "FEATURE", 0x6ffffdfd: "POSFLAG_1",
	0x6ffffdfe: "SYMINSZ", 0x6ffffdff: "SYMINENT",

	0x6ffffe00: "ADDRRNGLO", 0x6ffffef5: "GNU_HASH", 0x6ffffef6: "TLSDESC_PLT",
	0x6ffffef7: "TLSDESC_GOT", 0x6ffffef8: "GNU_CONFLICT", 0x6ffffef9: "GNU_LIBLIST",
	0x6ffffefa: "CONFIG", 0x6ffffefb: "DEPAUDIT", 0x6ffffefc: "AUDIT",
	0x6ffffefd: "PLTPAD", 0x6ffffefe: "MOVETAB", 0x6ffffeff: "SYMINFO",

	0x6ffffff0: "VERSYM", 0x6ffffff9: "RELACOUNT", 0x6ffffffa: "RELCOUNT",
	0x6ffffffb: "FLAGS_1", 0x6ffffffc: "VERDEF", 0x6ffffffd: "VERDEFNUM",
	0x6ffffffe: "VERNEED", 0x6fffffff: "VERNEEDNUM",
	0x7ffffffd: "AUXILIARY", 0x7ffffffe: "USED", 0x7fffffff: "FILTER",
	0x6ffffdf3: "GNU_FLAGS_1",
}

// dynMIPSNames are the MIPS processor-specific tags (get_mips_dynamic_type).
var dynMIPSNames = map[uint64]string{
	0x70000001: "MIPS_RLD_VERSION", 0x70000002: "MIPS_TIME_STAMP", 0x70000003: "MIPS_ICHECKSUM",
	0x70000004: "MIPS_IVERSION", 0x70000005: "MIPS_FLAGS", 0x70000006: "MIPS_BASE_ADDRESS",
	0x70000007: "MIPS_MSYM", 0x70000008: "MIPS_CONFLICT", 0x70000009: "MIPS_LIBLIST",
	0x7000000a: "MIPS_LOCAL_GOTNO", 0x7000000b: "MIPS_CONFLICTNO", 0x70000010: "MIPS_LIBLISTNO",
	0x70000011: "MIPS_SYMTABNO", 0x70000012: "MIPS_UNREFEXTNO", 0x70000013: "MIPS_GOTSYM",
	0x70000014: "MIPS_HIPAGENO", 0x70000016: "MIPS_RLD_MAP", 0x70000017: "MIPS_DELTA_CLASS",
	0x70000018: "MIPS_DELTA_CLASS_NO", 0x70000019: "MIPS_DELTA_INSTANCE",
	0x7000001a: "MIPS_DELTA_INSTANCE_NO", 0x7000001b: "MIPS_DELTA_RELOC",
	0x7000001c: "MIPS_DELTA_RELOC_NO", 0x7000001d: "MIPS_DELTA_SYM", 0x7000001e: "MIPS_DELTA_SYM_NO",
	0x70000020: "MIPS_DELTA_CLASSSYM", 0x70000021: "MIPS_DELTA_CLASSSYM_NO",
	0x70000022: "MIPS_CXX_FLAGS", 0x70000023: "MIPS_PIXIE_INIT", 0x70000024: "MIPS_SYMBOL_LIB",
	0x70000025: "MIPS_LOCALPAGE_GOTIDX", 0x70000026: "MIPS_LOCAL_GOTIDX",
	0x70000027: "MIPS_HIDDEN_GOTIDX", 0x70000028: "MIPS_PROTECTED_GOTIDX",
	0x70000029: "MIPS_OPTIONS", 0x7000002a: "MIPS_INTERFACE", 0x7000002b: "MIPS_DYNSTR_ALIGN",
	0x7000002c: "MIPS_INTERFACE_SIZE", 0x7000002d: "MIPS_RLD_TEXT_RESOLVE_ADDR",
	0x7000002e: "MIPS_PERF_SUFFIX", 0x7000002f: "MIPS_COMPACT_SIZE", 0x70000030: "MIPS_GP_VALUE",
	0x70000031: "MIPS_AUX_DYNAMIC", 0x70000032: "MIPS_PLTGOT", 0x70000034: "MIPS_RWPLT",
	0x70000035: "MIPS_RLD_MAP_REL", 0x70000036: "MIPS_XHASH",
}

// dynTypeName returns GNU readelf's name of a dynamic tag for the file's
// machine (get_dynamic_type).
func (f *file) dynTypeName(tag uint64) string {
	if n, ok := dynTypeNames[tag]; ok {
		return n
	}
	m := f.machine()
	solaris := f.hdr.Ident[elf.EI_OSABI] == byte(elf.ELFOSABI_SOLARIS)
	switch {
	case tag >= 0x70000000 && tag <= 0x7fffffff:
		var n string
		switch m {
		case elf.EM_AARCH64:
			n = map[uint64]string{0x70000001: "AARCH64_BTI_PLT", 0x70000003: "AARCH64_PAC_PLT", 0x70000005: "AARCH64_VARIANT_PCS"}[tag]
		case elf.EM_MIPS, elf.EM_MIPS_RS3_LE:
			n = dynMIPSNames[tag]
		case elf.EM_SPARCV9:
			n = map[uint64]string{0x70000001: "SPARC_REGISTER"}[tag]
		case elf.EM_PPC:
			n = map[uint64]string{0x70000000: "PPC_GOT", 0x70000001: "PPC_OPT"}[tag]
		case elf.EM_PPC64:
			n = map[uint64]string{0x70000000: "PPC64_GLINK", 0x70000001: "PPC64_OPD", 0x70000002: "PPC64_OPDSZ", 0x70000003: "PPC64_OPT"}[tag]
		case elf.EM_ALPHA:
			n = map[uint64]string{0x70000000: "ALPHA_PLTRO"}[tag]
		case elf.EM_RISCV:
			n = map[uint64]string{0x70000001: "RISCV_VARIANT_CC"}[tag]
		case elf.EM_IA_64:
			n = map[uint64]string{0x70000000: "IA_64_PLT_RESERVE"}[tag]
		default:
			if solaris {
				n = dynSolarisName(tag)
			}
		}
		if n != "" {
			return n
		}
		return fmt.Sprintf("Processor Specific: %x", tag)
	case tag >= 0x6000000d && tag <= 0x6ffff000:
		if solaris {
			if n := dynSolarisName(tag); n != "" {
				return n
			}
		}
		return fmt.Sprintf("Operating System specific: %x", tag)
	}
	return fmt.Sprintf("<unknown>: %x", tag)
}

// dynSolarisName names the Solaris tags GNU knows (get_solaris_dynamic_type).
func dynSolarisName(tag uint64) string {
	return map[uint64]string{
		0x6000000d: "SUNW_AUXILIARY", 0x6000000e: "SUNW_RTLDINF", 0x6000000f: "SUNW_FILTER",
		0x60000010: "SUNW_CAP", 0x60000011: "SUNW_SYMTAB", 0x60000012: "SUNW_SYMSZ",
		0x60000013: "SUNW_SORTENT", 0x60000014: "SUNW_SYMSORT", 0x60000015: "SUNW_SYMSORTSZ",
		0x60000016: "SUNW_TLSSORT", 0x60000017: "SUNW_TLSSORTSZ", 0x60000018: "SUNW_CAPINFO",
		0x60000019: "SUNW_STRPAD", 0x6000001a: "SUNW_CAPCHAIN", 0x6000001b: "SUNW_LDMACH",
		0x6000001d: "SUNW_CAPCHAINENT", 0x6000001f: "SUNW_CAPCHAINSZ", 0x6000001c: "SUNW_SYMTAB_SHNDX",
		0x70000001: "SPARC_REGISTER",
	}[tag]
}
