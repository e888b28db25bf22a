package main

// The -n (--notes) group: process_notes, process_notes_at and process_note
// of GNU readelf 2.40: per SHT_NOTE section, or per PT_NOTE segment for
// core files and files without note sections; build ID, ABI tag, GNU
// properties (x86 ISA and features, AArch64 BTI/PAC), gold version,
// stapsdt probes, core notes (NT_FILE decoded), Go build ID and the rest
// as description bytes.

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/elfkit/elf"
)

func init() { printers[groupNotes] = printNotes }

// printNotes prints the notes of a file.
func printNotes(w io.Writer, f *file, o *options) error {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	ok := true
	if elf.Type(f.hdr.Type) != elf.ET_CORE {
		n := 0
		for i := range f.sections {
			s := &f.sections[i]
			if s.Type != uint64(elf.SHT_NOTE) {
				continue
			}
			n++
			if !f.notesAt(bw, o, s, s.Offset, s.Size, s.Addralign) {
				ok = false
			}
		}
		if n > 0 {
			f.noteStatus(ok)
			return nil
		}
	} else if f.phnum == 0 {
		fmt.Fprint(bw, "No notes found file.\n")
		return nil
	}
	for i := range f.segments {
		p := &f.segments[i]
		if p.Type == uint64(elf.PT_NOTE) && !f.notesAt(bw, o, nil, p.Offset, p.Filesz, p.Align) {
			ok = false
		}
	}
	f.noteStatus(ok)
	return nil
}

// noteStatus makes the exit status 1 when a note table could not be
// processed, as GNU's process_notes result does.
func (f *file) noteStatus(ok bool) {
	if !ok {
		f.failed = true
	}
}

// notesAt prints one note table (process_notes_at).
func (f *file) notesAt(w *bufio.Writer, o *options, sec *section, offset, length, align uint64) bool {
	if length == 0 {
		return false
	}
	var b []byte
	if sec != nil {
		if sec.Type == uint64(elf.SHT_NOBITS) {
			fmt.Fprintf(w, "Section '%s' has no data to dump.\n", printableName(f.secName(sec.Index)))
			return false
		}
		var ok bool
		if b, ok = f.bytesAt(sec.Offset, sec.Size); !ok {
			w.Flush()
			f.symErrorf("Reading %d bytes extends past end of file for section contents", sec.Size)
			return false
		}
	} else {
		var ok bool
		if b, ok = f.bytesAt(offset, length); !ok {
			w.Flush()
			f.symErrorf("Reading %d bytes extends past end of file for notes", length)
			return false
		}
	}
	fmt.Fprint(w, "\n")
	if sec != nil {
		fmt.Fprintf(w, "Displaying notes found in: %s\n", printableName(f.secName(sec.Index)))
	} else {
		fmt.Fprintf(w, "Displaying notes found at file offset 0x%08x with length 0x%08x:\n", offset, length)
	}
	if align < 4 {
		align = 4
	} else if align != 4 && align != 8 {
		w.Flush()
		f.warnf("Corrupt note: alignment %d, expecting 4 or 8", int64(align))
		return false
	}
	fmt.Fprintf(w, "  %-20s %-10s\tDescription\n", "Owner", "Data size")
	res := true
	end := uint64(len(b))
	for pos := uint64(0); pos < end; {
		remaining := end - pos
		if remaining < 12 {
			w.Flush()
			if remaining == 1 {
				f.warnf("Corrupt note: only %d byte remains, not enough for a full note", remaining)
			} else {
				f.warnf("Corrupt note: only %d bytes remain, not enough for a full note", remaining)
			}
			break
		}
		remaining -= 12
		namesz, descsz, typ := f.u32(b[pos:]), f.u32(b[pos+4:]), f.u32(b[pos+8:])
		descRel := (12+namesz+align-1)&^(align-1) - 12 // from the name
		nextRel := (12+descRel+descsz+align-1)&^(align-1) - 12 - descRel
		if descRel < namesz || descRel > remaining || nextRel < descsz || nextRel > remaining-descRel {
			w.Flush()
			f.warnf("note with invalid namesz and/or descsz found at offset %s", cHex(pos))
			f.warnf(" type: %s, namesize: %s, descsize: %s, alignment: %d", cHex(typ), cHex(namesz), cHex(descsz), align)
			break
		}
		nameBytes := b[pos+12 : pos+12+namesz]
		desc := b[pos+12+descRel : pos+12+descRel+descsz]
		pos += 12 + descRel + nextRel
		name := cString(nameBytes)
		if namesz == 0 {
			// GNU still matches the owner prefixes against the bytes
			// where the name would be.
			name = cString(b[pos-(descRel+nextRel) : min(pos-(descRel+nextRel)+16, end)])
		}
		if !f.printNote(w, o, namesz, name, typ, desc) {
			res = false
		}
	}
	return res
}

// printNote prints one note (process_note).
func (f *file) printNote(w *bufio.Writer, o *options, namesz uint64, name string, typ uint64, desc []byte) bool {
	shown := name
	if namesz == 0 {
		shown = "(NONE)"
	}
	var nt string
	switch {
	case namesz == 0:
		nt = f.noteTypeName(typ)
	case strings.HasPrefix(name, "GNU"):
		nt = noteGNUTypeName(typ)
	case strings.HasPrefix(name, "SPU/"):
		nt, shown = name[4:], "SPU"
	case strings.HasPrefix(name, "stapsdt"):
		if typ == 3 {
			nt = "NT_STAPSDT (SystemTap probe descriptors)"
		} else {
			nt = fmt.Sprintf("Unknown note type: (0x%08x)", typ)
		}
	case strings.HasPrefix(name, "FreeBSD"), strings.HasPrefix(name, "NetBSD"), strings.HasPrefix(name, "OpenBSD"),
		strings.HasPrefix(name, "PaX"), strings.HasPrefix(name, "AMDGPU"), strings.HasPrefix(name, "IPF/VMS"):
		// Owners whose notes GNU decodes in ways this program does not.
		nt = f.noteTypeName(typ)
	default:
		nt = f.noteTypeName(typ)
	}
	fmt.Fprint(w, "  ")
	symPrint(w, -20, shown, o.Wide)
	if o.Wide {
		fmt.Fprintf(w, " 0x%08x\t%s\t", len(desc), nt)
	} else {
		fmt.Fprintf(w, " 0x%08x\t%s\n", len(desc), nt)
	}
	switch {
	case strings.HasPrefix(name, "GNU"):
		f.printGNUNote(w, o.Wide, typ, desc)
		return true
	case strings.HasPrefix(name, "stapsdt"):
		return f.printStapsdtNote(w, desc)
	case strings.HasPrefix(name, "CORE"):
		return f.printCoreNote(w, o, typ, desc)
	case strings.HasPrefix(name, "FDO"):
		if typ == 0xcafe1a7e {
			fmt.Fprintf(w, "    Packaging Metadata: %s\n", cString(desc))
		} else if o.Wide {
			fmt.Fprintln(w)
		}
		return true
	}
	if len(desc) > 0 {
		fmt.Fprint(w, "   description data: ")
		for _, c := range desc {
			fmt.Fprintf(w, "%02x ", c)
		}
		if !o.Wide {
			fmt.Fprintln(w)
		}
	}
	if o.Wide {
		fmt.Fprintln(w)
	}
	return true
}

// noteGNUTypeName names a note of owner "GNU" (get_gnu_elf_note_type).
func noteGNUTypeName(t uint64) string {
	switch t {
	case 1:
		return "NT_GNU_ABI_TAG (ABI version tag)"
	case 2:
		return "NT_GNU_HWCAP (DSO-supplied software HWCAP info)"
	case 3:
		return "NT_GNU_BUILD_ID (unique build ID bitstring)"
	case 4:
		return "NT_GNU_GOLD_VERSION (gold version)"
	case 5:
		return "NT_GNU_PROPERTY_TYPE_0"
	case 0x100:
		return "NT_GNU_BUILD_ATTRIBUTE_OPEN"
	case 0x101:
		return "NT_GNU_BUILD_ATTRIBUTE_FUNC"
	}
	return fmt.Sprintf("Unknown note type: (0x%08x)", t)
}

// noteCoreTypes names the notes of core files (get_note_type, ET_CORE).
var noteCoreTypes = map[uint64]string{
	6:          "NT_AUXV (auxiliary vector)",
	1:          "NT_PRSTATUS (prstatus structure)",
	2:          "NT_FPREGSET (floating point registers)",
	3:          "NT_PRPSINFO (prpsinfo structure)",
	4:          "NT_TASKSTRUCT (task structure)",
	0xff0:      "NT_GDB_TDESC (GDB XML target description)",
	0x46e62b7f: "NT_PRXFPREG (user_xfpregs structure)",
	0x100:      "NT_PPC_VMX (ppc Altivec registers)",
	0x102:      "NT_PPC_VSX (ppc VSX registers)",
	0x103:      "NT_PPC_TAR (ppc TAR register)",
	0x104:      "NT_PPC_PPR (ppc PPR register)",
	0x105:      "NT_PPC_DSCR (ppc DSCR register)",
	0x106:      "NT_PPC_EBB (ppc EBB registers)",
	0x107:      "NT_PPC_PMU (ppc PMU registers)",
	0x108:      "NT_PPC_TM_CGPR (ppc checkpointed GPR registers)",
	0x109:      "NT_PPC_TM_CFPR (ppc checkpointed floating point registers)",
	0x10a:      "NT_PPC_TM_CVMX (ppc checkpointed Altivec registers)",
	0x10b:      "NT_PPC_TM_VSX (ppc checkpointed VSX registers)",
	0x10c:      "NT_PPC_TM_SPR (ppc TM special purpose registers)",
	0x10d:      "NT_PPC_TM_TAR (ppc checkpointed TAR register)",
	0x10e:      "NT_PPC_TM_PPR (ppc checkpointed PPR register)",
	0x10f:      "NT_PPC_TM_DSCR (ppc checkpointed DSCR register)",
	0x200:      "NT_386_TLS (x86 TLS information)",
	0x201:      "NT_386_IOPERM (x86 I/O permissions)",
	0x202:      "NT_X86_XSTATE (x86 XSAVE extended state)",
	0x203:      "NT_X86_CET (x86 CET state)",
	0x300:      "NT_S390_HIGH_GPRS (s390 upper register halves)",
	0x301:      "NT_S390_TIMER (s390 timer register)",
	0x302:      "NT_S390_TODCMP (s390 TOD comparator register)",
	0x303:      "NT_S390_TODPREG (s390 TOD programmable register)",
	0x304:      "NT_S390_CTRS (s390 control registers)",
	0x305:      "NT_S390_PREFIX (s390 prefix register)",
	0x306:      "NT_S390_LAST_BREAK (s390 last breaking event address)",
	0x307:      "NT_S390_SYSTEM_CALL (s390 system call restart data)",
	0x308:      "NT_S390_TDB (s390 transaction diagnostic block)",
	0x309:      "NT_S390_VXRS_LOW (s390 vector registers 0-15 upper half)",
	0x30a:      "NT_S390_VXRS_HIGH (s390 vector registers 16-31)",
	0x30b:      "NT_S390_GS_CB (s390 guarded-storage registers)",
	0x30c:      "NT_S390_GS_BC (s390 guarded-storage broadcast control)",
	0x400:      "NT_ARM_VFP (arm VFP registers)",
	0x401:      "NT_ARM_TLS (AArch TLS registers)",
	0x402:      "NT_ARM_HW_BREAK (AArch hardware breakpoint registers)",
	0x403:      "NT_ARM_HW_WATCH (AArch hardware watchpoint registers)",
	0x404:      "NT_ARM_SYSTEM_CALL (AArch system call number)",
	0x405:      "NT_ARM_SVE (AArch SVE registers)",
	0x406:      "NT_ARM_PAC_MASK (AArch pointer authentication code masks)",
	0x407:      "NT_ARM_PACA_KEYS (ARM pointer authentication address keys)",
	0x408:      "NT_ARM_PACG_KEYS (ARM pointer authentication generic keys)",
	0x409:      "NT_ARM_TAGGED_ADDR_CTRL (AArch tagged address control)",
	0x40a:      "NT_ARM_PAC_ENABLED_KEYS (AArch64 pointer authentication enabled keys)",
	0x600:      "NT_ARC_V2 (ARC HS accumulator/extra registers)",
	0x900:      "NT_RISCV_CSR (RISC-V control and status registers)",
	0xa00:      "NT_LARCH_CPUCFG (LoongArch CPU config registers)",
	0xa01:      "NT_LARCH_CSR (LoongArch control and status registers)",
	0xa02:      "NT_LARCH_LSX (LoongArch Loongson SIMD Extension registers)",
	0xa03:      "NT_LARCH_LASX (LoongArch Loongson Advanced SIMD Extension registers)",
	0xa04:      "NT_LARCH_LBT (LoongArch Loongson Binary Translation registers)",
	10:         "NT_PSTATUS (pstatus structure)",
	12:         "NT_FPREGS (floating point registers)",
	13:         "NT_PSINFO (psinfo structure)",
	16:         "NT_LWPSTATUS (lwpstatus_t structure)",
	17:         "NT_LWPSINFO (lwpsinfo_t structure)",
	18:         "NT_WIN32PSTATUS (win32_pstatus structure)",
	0x53494749: "NT_SIGINFO (siginfo_t data)",
	0x46494c45: "NT_FILE (mapped files)",
}

// noteTypeName names a note by the default table (get_note_type).
func (f *file) noteTypeName(t uint64) string {
	if elf.Type(f.hdr.Type) == elf.ET_CORE {
		if n, ok := noteCoreTypes[t]; ok {
			return n
		}
	} else {
		switch t {
		case 1:
			return "NT_VERSION (version)"
		case 2:
			return "NT_ARCH (architecture)"
		case 0x100:
			return "OPEN"
		case 0x101:
			return "func"
		case 4:
			return "GO BUILDID"
		case 0xcafe1a7e:
			return "FDO_PACKAGING_METADATA"
		}
	}
	return fmt.Sprintf("Unknown note type: (0x%08x)", t)
}

// printGNUNote prints the description of a GNU note (print_gnu_note).
func (f *file) printGNUNote(w *bufio.Writer, wide bool, typ uint64, desc []byte) {
	switch typ {
	case 3: // NT_GNU_BUILD_ID
		fmt.Fprint(w, "    Build ID: ")
		for _, c := range desc {
			fmt.Fprintf(w, "%02x", c)
		}
		fmt.Fprintln(w)
	case 1: // NT_GNU_ABI_TAG
		if len(desc) < 16 {
			fmt.Fprint(w, "    <corrupt GNU_ABI_TAG>\n")
			return
		}
		osname := map[uint64]string{0: "Linux", 1: "Hurd", 2: "Solaris", 3: "FreeBSD", 4: "NetBSD", 5: "Syllable", 6: "NaCl"}[f.u32(desc)]
		if osname == "" {
			osname = "Unknown"
		}
		// GNU prints the unsigned words with %d.
		fmt.Fprintf(w, "    OS: %s, ABI: %d.%d.%d\n", osname, int32(f.u32(desc[4:])), int32(f.u32(desc[8:])), int32(f.u32(desc[12:])))
	case 4: // NT_GNU_GOLD_VERSION
		fmt.Fprintf(w, "    Version: %s\n", cString(desc))
	case 2: // NT_GNU_HWCAP
		fmt.Fprint(w, "      Hardware Capabilities: ")
		if len(desc) < 8 {
			w.Flush()
			f.symErrorf("<corrupt GNU_HWCAP>")
			return
		}
		fmt.Fprintf(w, "num entries: %d, enabled mask: %x\n", f.u32(desc), f.u32(desc[4:]))
	case 5: // NT_GNU_PROPERTY_TYPE_0
		f.printGNUProperties(w, wide, desc)
	default:
		fmt.Fprint(w, "    Description data: ")
		for _, c := range desc {
			fmt.Fprintf(w, "%02x ", c)
		}
		fmt.Fprintln(w)
	}
}

// noteBits prints the names of the bits set in mask, lowest first,
// separated by ", ", with "<unknown: %x>" for bits without a name, and
// none (when not "") for an empty mask.
func noteBits(w *bufio.Writer, mask uint64, names map[uint64]string, none string) {
	if mask == 0 && none != "" {
		fmt.Fprint(w, none)
		return
	}
	for mask != 0 {
		bit := mask & -mask
		mask &^= bit
		if n, ok := names[bit]; ok {
			fmt.Fprint(w, n)
		} else {
			fmt.Fprintf(w, "<unknown: %x>", bit)
		}
		if mask != 0 {
			fmt.Fprint(w, ", ")
		}
	}
}

var (
	noteX86ISA = map[uint64]string{1: "x86-64-baseline", 2: "x86-64-v2", 4: "x86-64-v3", 8: "x86-64-v4"}
	noteX86F1  = map[uint64]string{1: "IBT", 2: "SHSTK", 4: "LAM_U48", 8: "LAM_U57"}
	noteX86F2  = map[uint64]string{1: "x86", 2: "x87", 4: "MMX", 8: "XMM", 0x10: "YMM", 0x20: "ZMM",
		0x40: "FXSR", 0x80: "XSAVE", 0x100: "XSAVEOPT", 0x200: "XSAVEC", 0x400: "TMM", 0x800: "MASK"}
	noteX86Compat = map[uint64]string{1: "i486", 2: "586", 4: "686", 8: "SSE", 0x10: "SSE2", 0x20: "SSE3",
		0x40: "SSSE3", 0x80: "SSE4_1", 0x100: "SSE4_2", 0x200: "AVX", 0x400: "AVX2", 0x800: "AVX512F",
		0x1000: "AVX512CD", 0x2000: "AVX512ER", 0x4000: "AVX512PF", 0x8000: "AVX512VL",
		0x10000: "AVX512DQ", 0x20000: "AVX512BW"}
	noteX86Compat2 = map[uint64]string{1: "CMOV", 2: "SSE", 4: "SSE2", 8: "SSE3", 0x10: "SSSE3",
		0x20: "SSE4_1", 0x40: "SSE4_2", 0x80: "AVX", 0x100: "AVX2", 0x200: "FMA", 0x400: "AVX512F",
		0x800: "AVX512CD", 0x1000: "AVX512ER", 0x2000: "AVX512PF", 0x4000: "AVX512VL",
		0x8000: "AVX512DQ", 0x10000: "AVX512BW", 0x20000: "AVX512_4FMAPS", 0x40000: "AVX512_4VNNIW",
		0x80000: "AVX512_BITALG", 0x100000: "AVX512_IFMA", 0x200000: "AVX512_VBMI",
		0x400000: "AVX512_VBMI2", 0x800000: "AVX512_VNNI", 0x1000000: "AVX512_BF16"}
	noteAArch64F1 = map[uint64]string{1: "BTI", 2: "PAC"}
	note1Needed   = map[uint64]string{1: "indirect external access"}
)

// printGNUProperties prints a NT_GNU_PROPERTY_TYPE_0 descriptor
// (print_gnu_property_note).
func (f *file) printGNUProperties(w *bufio.Writer, wide bool, desc []byte) {
	fmt.Fprint(w, "      Properties: ")
	size := f.wordSize()
	n := uint64(len(desc))
	if n < 8 || n%size != 0 {
		fmt.Fprintf(w, "<corrupt GNU_PROPERTY_TYPE, size = %s>\n", cHex(n))
		return
	}
	m := f.machine()
	ptr := uint64(0)
	for ptr < n {
		if n-ptr < 8 {
			fmt.Fprintf(w, "<corrupt descsz: %s>\n", cHex(n))
			break
		}
		typ, datasz := f.u32(desc[ptr:]), f.u32(desc[ptr+4:])
		ptr += 8
		if datasz > n-ptr {
			fmt.Fprintf(w, "<corrupt type (%s) datasz: %s>\n", cHex(typ), cHex(datasz))
			break
		}
		data := desc[ptr : ptr+datasz]
		var v4 uint64
		if datasz == 4 {
			v4 = f.u32(data)
		}
		done := false
		bits := func(label string, names map[uint64]string, none string) {
			if datasz != 4 {
				fmt.Fprintf(w, "%s: <corrupt length: %s> ", label, cHex(datasz))
			} else {
				fmt.Fprintf(w, "%s: ", label)
				noteBits(w, v4, names, none)
			}
			done = true
		}
		if typ >= 0xc0000000 && typ <= 0xdfffffff {
			switch {
			case m == elf.EM_X86_64 || m == elf.EM_IAMCU || m == elf.EM_386:
				switch typ {
				case 0xc0010002:
					bits("x86 ISA used", noteX86ISA, "<None>")
				case 0xc0008002:
					bits("x86 ISA needed", noteX86ISA, "<None>")
				case 0xc0000002:
					bits("x86 feature", noteX86F1, "<None>")
				case 0xc0010001:
					bits("x86 feature used", noteX86F2, "<None>")
				case 0xc0008001:
					bits("x86 feature needed", noteX86F2, "<None>")
				case 0xc0000000:
					bits("x86 ISA used", noteX86Compat, "<None>")
				case 0xc0000001:
					bits("x86 ISA needed", noteX86Compat, "<None>")
				case 0xc0010000:
					bits("x86 ISA used", noteX86Compat2, "<None>")
				case 0xc0008000:
					bits("x86 ISA needed", noteX86Compat2, "<None>")
				}
			case m == elf.EM_AARCH64 && typ == 0xc0000000:
				fmt.Fprint(w, "AArch64 feature: ")
				if datasz != 4 {
					fmt.Fprintf(w, "<corrupt length: %s> ", cHex(datasz))
				} else {
					noteBits(w, v4, noteAArch64F1, "")
				}
				done = true
			}
		} else {
			switch {
			case typ == 1:
				fmt.Fprint(w, "stack size: ")
				if datasz != size {
					fmt.Fprintf(w, "<corrupt length: %s> ", cHex(datasz))
				} else {
					fmt.Fprintf(w, "%s", cHex(f.word(data)))
				}
				done = true
			case typ == 2:
				fmt.Fprint(w, "no copy on protected ")
				if datasz != 0 {
					fmt.Fprintf(w, "<corrupt length: %s> ", cHex(datasz))
				}
				done = true
			case typ >= 0xb0000000 && typ <= 0xb000ffff:
				if typ == 0xb0008000 {
					bits("1_needed", note1Needed, "")
					break
				}
				if typ <= 0xb0007fff {
					fmt.Fprintf(w, "UINT32_AND (%s): ", cHex(typ))
				} else {
					fmt.Fprintf(w, "UINT32_OR (%s): ", cHex(typ))
				}
				if datasz != 4 {
					fmt.Fprintf(w, "<corrupt length: %s> ", cHex(datasz))
				} else if v4 == 0 {
					fmt.Fprint(w, "0")
				} else {
					fmt.Fprintf(w, "%s", cHex(v4))
				}
				done = true
			}
		}
		if !done {
			switch {
			case typ < 0xc0000000:
				fmt.Fprintf(w, "<unknown type %s data: ", cHex(typ))
			case typ < 0xe0000000:
				fmt.Fprintf(w, "<processor-specific type %s data: ", cHex(typ))
			default:
				fmt.Fprintf(w, "<application-specific type %s data: ", cHex(typ))
			}
			for _, c := range data {
				fmt.Fprintf(w, "%02x ", c)
			}
			fmt.Fprint(w, ">")
		}
		ptr += (datasz + size - 1) &^ (size - 1)
		if ptr >= n {
			break
		}
		if wide {
			fmt.Fprint(w, ", ")
		} else {
			fmt.Fprint(w, "\n\t")
		}
	}
	fmt.Fprintln(w)
}

// printStapsdtNote prints a SystemTap probe (print_stapsdt_note).
func (f *file) printStapsdtNote(w *bufio.Writer, desc []byte) bool {
	as := f.wordSize()
	n := uint64(len(desc))
	tooSmall := func() bool {
		fmt.Fprint(w, "  <corrupt - note is too small>\n")
		w.Flush()
		f.symErrorf("corrupt stapdt note - the data size is too small")
		return false
	}
	if n < 3*as {
		return tooSmall()
	}
	pc, base, sem := f.word(desc), f.word(desc[as:]), f.word(desc[2*as:])
	pos := 3 * as
	var strs [3]string
	for i := range strs {
		if pos >= n {
			return tooSmall()
		}
		j := pos
		for j < n && desc[j] != 0 {
			j++
		}
		if j == n {
			return tooSmall()
		}
		strs[i] = string(desc[pos:j])
		pos = j + 1
	}
	fmt.Fprintf(w, "    Provider: %s\n", strs[0])
	fmt.Fprintf(w, "    Name: %s\n", strs[1])
	fmt.Fprintf(w, "    Location: %s, Base: %s, Semaphore: %s\n", f.fullHex(pc), f.fullHex(base), f.fullHex(sem))
	fmt.Fprintf(w, "    Arguments: %s\n", strs[2])
	return pos == n
}

// printCoreNote prints a CORE note: only NT_FILE has a description
// (print_core_note).
func (f *file) printCoreNote(w *bufio.Writer, o *options, typ uint64, desc []byte) bool {
	if typ != 0x46494c45 {
		if o.Wide {
			fmt.Fprintln(w)
		}
		return true
	}
	if f.is64 {
		// binutils 2.40 lost the #ifdef around this check, so a 64-bit
		// readelf says it for every 64-bit NT_FILE note.
		fmt.Fprint(w, "    Cannot decode 64-bit note in 32-bit build\n")
		return true
	}
	as := f.wordSize()
	n := uint64(len(desc))
	if n < 2*as {
		w.Flush()
		f.symErrorf("    Malformed note - too short for header")
		return false
	}
	if desc[n-1] != 0 {
		w.Flush()
		f.symErrorf("    Malformed note - does not end with \\0")
		return false
	}
	count, page := f.word(desc), f.word(desc[as:])
	if count > (^uint64(0)-2*as)/(3*as) || n < 2*as+count*3*as {
		w.Flush()
		f.symErrorf("    Malformed note - too short for supplied file count")
		return false
	}
	fmt.Fprintf(w, "    Page size: %d\n", int64(page))
	fmt.Fprintf(w, "    %*s%*s %*s\n", 2+2*as, "Start", 4+2*as, "End", 2*as, "Page Offset")
	d := 2 * as
	names := d + count*3*as
	for ; count > 0; count-- {
		if names == n {
			w.Flush()
			f.symErrorf("    Malformed note - filenames end too early")
			return false
		}
		start, end, off := f.word(desc[d:]), f.word(desc[d+as:]), f.word(desc[d+2*as:])
		d += 3 * as
		name := cString(desc[names:])
		fmt.Fprintf(w, "    %s  %s  %s\n        %s\n", f.fullHex(start), f.fullHex(end), f.fullHex(off), name)
		names += uint64(len(name)) + 1
	}
	return true
}
