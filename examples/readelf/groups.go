package main

import (
	"fmt"
	"io"

	"github.com/elfkit/elf"
)

func init() {
	printers[groupSectionGroups] = printSectionGroups
	printers[groupUnwind] = printUnwind
	printers[groupHistogram] = printHistogram
	printers[groupArchSpecific] = printArchSpecific
}

// printArchSpecific prints -A as GNU readelf's process_arch_specific
// does for the attribute sections of RISC-V, ARM, PowerPC, s390, MIPS
// (with its ABI flags and primary GOT) and the machines with only generic
// GNU attributes. SPARC, C6000, C-SKY, ARC, MSP430, m68k and NDS32 are not
// implemented.
func printArchSpecific(w io.Writer, f *file, o *options) error {
	// GNU skips this when the section headers could not be loaded.
	if !(f.shnum == 0 && f.hdr.Shoff == 0) && f.sections == nil {
		return nil
	}
	const shtGNUAttributes = 0x6ffffff5
	switch f.hdr.Machine {
	case 243: // EM_RISCV
		f.attributes(w, "riscv", 0x70000003, riscvAttribute, nil)
	case 40: // EM_ARM
		f.attributes(w, "aeabi", 0x70000003, armAttribute, genericAttribute)
	case 20, 21: // EM_PPC, EM_PPC64
		f.attributes(w, "", shtGNUAttributes, nil, powerAttribute)
	case 22, 0xa390: // EM_S390
		f.attributes(w, "", shtGNUAttributes, nil, s390Attribute)
	case 8, 10: // EM_MIPS, EM_MIPS_RS3_LE
		f.mipsSpecific(w)
		f.mipsGOT(w, o)
	case 43, 18, 2, 140, 252, 45, 93, 195, 105, 4, 167: // not implemented
	default:
		f.attributes(w, "gnu", shtGNUAttributes, nil, genericAttribute)
	}
	return nil
}

// uleb reads an unsigned LEB128 number from b, as GNU's READ_ULEB: at
// most the bytes before end; it returns the value and the bytes read.
func uleb(b []byte) (uint64, int) {
	var v uint64
	var shift uint
	for i, c := range b {
		if shift < 64 {
			v |= uint64(c&0x7f) << shift
		}
		shift += 7
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return v, len(b)
}

type (
	pubAttrFunc func(w io.Writer, b []byte) []byte
	gnuAttrFunc func(w io.Writer, tag uint64, b []byte) []byte
)

// attributes is GNU readelf's process_attributes: it prints the
// attribute sections of type typ or SHT_GNU_ATTRIBUTES, decoding the
// vendor section named public with pub and the "gnu" one with gnuProc.
func (f *file) attributes(w io.Writer, public string, typ uint64, pub pubAttrFunc, gnuProc gnuAttrFunc) {
	for i := range f.sections {
		sect := &f.sections[i]
		if sect.Type != typ && sect.Type != 0x6ffffff5 { // SHT_GNU_ATTRIBUTES
			continue
		}
		contents, ok := f.bytesAt(sect.Offset, sect.Size)
		if !ok {
			f.errorf("Reading %d bytes extends past end of file for attributes", sect.Size)
			continue
		}
		if len(contents) == 0 {
			continue
		}
		if contents[0] != 'A' {
			fmt.Fprintf(w, "Unknown attributes version '%c'(%d) - expecting 'A'\n", contents[0], contents[0])
			continue
		}
		p := contents[1:]
		sectionLen := uint64(len(contents)) - 1
		for sectionLen > 0 {
			if sectionLen <= 4 || len(p) < 4 {
				f.errorf("Tag section ends prematurely")
				break
			}
			attrLen := uint64(f.order.Uint32(p))
			p = p[4:]
			if attrLen > sectionLen {
				f.errorf("Bad attribute length (%d > %d)", attrLen, sectionLen)
				attrLen = sectionLen
			} else if attrLen < 5 {
				f.errorf("Attribute length of %d is too small", attrLen)
				break
			}
			sectionLen -= attrLen
			attrLen -= 4
			nameLen := uint64(0)
			for nameLen < attrLen && nameLen < uint64(len(p)) && p[nameLen] != 0 {
				nameLen++
			}
			nameLen++
			if nameLen >= attrLen || nameLen > uint64(len(p)) {
				f.errorf("Corrupt attribute section name")
				break
			}
			name := string(p[:nameLen-1])
			fmt.Fprintf(w, "Attribute Section: ")
			printSymbol(w, 1<<30, false, name, true)
			fmt.Fprintf(w, "\n")
			publicSection := public != "" && name == public
			gnuSection := name == "gnu"
			p = p[nameLen:]
			attrLen -= nameLen
			for attrLen > 0 && len(p) > 0 {
				if attrLen < 6 || len(p) < 5 {
					f.errorf("Unused bytes at end of section")
					sectionLen = 0
					break
				}
				tag := p[0]
				size := uint64(f.order.Uint32(p[1:]))
				if size > attrLen {
					f.errorf("Bad subsection length (%d > %d)", size, attrLen)
					size = attrLen
				}
				if size < 6 {
					f.errorf("Bad subsection length (%d < 6)", size)
					sectionLen = 0
					break
				}
				if size > uint64(len(p)) {
					size = uint64(len(p))
				}
				attrLen -= size
				sub := p[5:size] // the attributes, after tag and size
				p = p[size:]
				switch tag {
				case 1:
					fmt.Fprintf(w, "File Attributes\n")
				case 2, 3:
					if tag == 2 {
						fmt.Fprintf(w, "Section Attributes:")
					} else {
						fmt.Fprintf(w, "Symbol Attributes:")
					}
					for len(sub) > 0 {
						v, n := uleb(sub)
						sub = sub[n:]
						if v == 0 {
							break
						}
						fmt.Fprintf(w, " %d", int32(v))
					}
					fmt.Fprintf(w, "\n")
				default:
					fmt.Fprintf(w, "Unknown tag: %d\n", tag)
					publicSection = false
				}
				switch {
				case publicSection && pub != nil:
					for len(sub) > 0 {
						sub = pub(w, sub)
					}
				case gnuSection && gnuProc != nil:
					for len(sub) > 0 {
						sub = gnuAttribute(w, sub, gnuProc)
					}
				case len(sub) > 0:
					fmt.Fprintf(w, "  Unknown attribute:\n")
					rawAttribute(w, sub)
				default:
					attrLen = 0
				}
			}
		}
	}
}

// gnuAttribute is GNU readelf's display_gnu_attribute.
func gnuAttribute(w io.Writer, b []byte, proc gnuAttrFunc) []byte {
	tag, n := uleb(b)
	b = b[n:]
	if tag == 32 { // Tag_compatibility
		v, n := uleb(b)
		b = b[n:]
		fmt.Fprintf(w, "flag = %d, vendor = ", uint32(v))
		if len(b) == 0 {
			fmt.Fprintf(w, "<corrupt>\n")
			return b
		}
		return vendorString(w, b)
	}
	if tag&2 == 0 && proc != nil {
		return proc(w, tag, b)
	}
	return tagValue(w, int64(tag), b)
}

// vendorString prints the NUL-terminated vendor name of Tag_compatibility.
func vendorString(w io.Writer, b []byte) []byte {
	if len(b) > 1 {
		maxlen := len(b) - 1
		n := 0
		for n < maxlen && b[n] != 0 {
			n++
		}
		printSymbol(w, maxlen, false, string(b[:n]), true)
		b = b[min(n+1, len(b)):]
	} else {
		fmt.Fprintf(w, "<corrupt>")
		b = nil
	}
	fmt.Fprintf(w, "\n")
	return b
}

// genericAttribute is GNU readelf's display_generic_attribute.
func genericAttribute(w io.Writer, tag uint64, b []byte) []byte {
	fmt.Fprintf(w, "  Tag_unknown_%d: ", uint32(tag))
	return tagValue(w, int64(tag), b)
}

// powerAttribute is GNU readelf's display_power_gnu_attribute.
func powerAttribute(w io.Writer, tag uint64, b []byte) []byte {
	var name string
	switch tag {
	case 4:
		name = "Tag_GNU_Power_ABI_FP"
	case 8:
		name = "Tag_GNU_Power_ABI_Vector"
	case 12:
		name = "Tag_GNU_Power_ABI_Struct_Return"
	default:
		return tagValue(w, int64(tag&1), b)
	}
	fmt.Fprintf(w, "  %s: ", name)
	if len(b) == 0 {
		fmt.Fprintf(w, "<corrupt>\n")
		return b
	}
	v, n := uleb(b)
	b = b[n:]
	val := uint32(v)
	switch tag {
	case 4:
		if val > 15 {
			fmt.Fprintf(w, "(%#x), ", val)
		}
		fmt.Fprint(w, []string{"unspecified hard/soft float, ", "hard float, ", "soft float, ", "single-precision hard float, "}[val&3])
		fmt.Fprint(w, []string{"unspecified long double\n", "128-bit IBM long double\n", "64-bit long double\n", "128-bit IEEE long double\n"}[(val&0xc)>>2])
	case 8:
		if val > 3 {
			fmt.Fprintf(w, "(%#x), ", val)
		}
		fmt.Fprint(w, []string{"unspecified\n", "generic\n", "AltiVec\n", "SPE\n"}[val&3])
	case 12:
		if val > 2 {
			fmt.Fprintf(w, "(%#x), ", val)
		}
		fmt.Fprint(w, []string{"unspecified\n", "r3/r4\n", "memory\n", "???\n"}[val&3])
	}
	return b
}

// s390Attribute is GNU readelf's display_s390_gnu_attribute.
func s390Attribute(w io.Writer, tag uint64, b []byte) []byte {
	if tag != 8 {
		return tagValue(w, int64(tag&1), b)
	}
	fmt.Fprintf(w, "  Tag_GNU_S390_ABI_Vector: ")
	v, n := uleb(b)
	switch v {
	case 0:
		fmt.Fprintf(w, "any\n")
	case 1:
		fmt.Fprintf(w, "software\n")
	case 2:
		fmt.Fprintf(w, "hardware\n")
	default:
		fmt.Fprintf(w, "??? (%d)\n", uint32(v))
	}
	return b[n:]
}

// armAttrTags is GNU readelf's arm_attr_public_tags: the name, and the
// value names of the tags decoded by table (kind 'T'), strings ('S'),
// numbers ('N') or specially ('X').
var armAttrTags = map[uint64]struct {
	name  string
	kind  byte
	table []string
}{
	4:  {"CPU_raw_name", 'S', nil},
	5:  {"CPU_name", 'S', nil},
	6:  {"CPU_arch", 'T', armCPUArch},
	7:  {"CPU_arch_profile", 'X', nil},
	8:  {"ARM_ISA_use", 'T', []string{"No", "Yes"}},
	9:  {"THUMB_ISA_use", 'T', []string{"No", "Thumb-1", "Thumb-2", "Yes"}},
	10: {"FP_arch", 'T', []string{"No", "VFPv1", "VFPv2", "VFPv3", "VFPv3-D16", "VFPv4", "VFPv4-D16", "FP for ARMv8", "FPv5/FP-D16 for ARMv8"}},
	11: {"WMMX_arch", 'T', []string{"No", "WMMXv1", "WMMXv2"}},
	12: {"Advanced_SIMD_arch", 'T', []string{"No", "NEONv1", "NEONv1 with Fused-MAC", "NEON for ARMv8", "NEON for ARMv8.1"}},
	13: {"PCS_config", 'T', []string{"None", "Bare platform", "Linux application", "Linux DSO", "PalmOS 2004", "PalmOS (reserved)", "SymbianOS 2004", "SymbianOS (reserved)"}},
	14: {"ABI_PCS_R9_use", 'T', []string{"V6", "SB", "TLS", "Unused"}},
	15: {"ABI_PCS_RW_data", 'T', []string{"Absolute", "PC-relative", "SB-relative", "None"}},
	16: {"ABI_PCS_RO_data", 'T', []string{"Absolute", "PC-relative", "None"}},
	17: {"ABI_PCS_GOT_use", 'T', []string{"None", "direct", "GOT-indirect"}},
	18: {"ABI_PCS_wchar_t", 'T', []string{"None", "??? 1", "2", "??? 3", "4"}},
	19: {"ABI_FP_rounding", 'T', []string{"Unused", "Needed"}},
	20: {"ABI_FP_denormal", 'T', []string{"Unused", "Needed", "Sign only"}},
	21: {"ABI_FP_exceptions", 'T', []string{"Unused", "Needed"}},
	22: {"ABI_FP_user_exceptions", 'T', []string{"Unused", "Needed"}},
	23: {"ABI_FP_number_model", 'T', []string{"Unused", "Finite", "RTABI", "IEEE 754"}},
	24: {"ABI_align_needed", 'X', nil},
	25: {"ABI_align_preserved", 'X', nil},
	26: {"ABI_enum_size", 'T', []string{"Unused", "small", "int", "forced to int"}},
	27: {"ABI_HardFP_use", 'T', []string{"As Tag_FP_arch", "SP only", "Reserved", "Deprecated"}},
	28: {"ABI_VFP_args", 'T', []string{"AAPCS", "VFP registers", "custom", "compatible"}},
	29: {"ABI_WMMX_args", 'T', []string{"AAPCS", "WMMX registers", "custom"}},
	30: {"ABI_optimization_goals", 'T', []string{"None", "Prefer Speed", "Aggressive Speed", "Prefer Size", "Aggressive Size", "Prefer Debug", "Aggressive Debug"}},
	31: {"ABI_FP_optimization_goals", 'T', []string{"None", "Prefer Speed", "Aggressive Speed", "Prefer Size", "Aggressive Size", "Prefer Accuracy", "Aggressive Accuracy"}},
	32: {"compatibility", 'X', nil},
	34: {"CPU_unaligned_access", 'T', []string{"None", "v6"}},
	36: {"FP_HP_extension", 'T', []string{"Not Allowed", "Allowed"}},
	38: {"ABI_FP_16bit_format", 'T', []string{"None", "IEEE 754", "Alternative Format"}},
	42: {"MPextension_use", 'T', []string{"Not Allowed", "Allowed"}},
	44: {"DIV_use", 'T', []string{"Allowed in Thumb-ISA, v7-R or v7-M", "Not allowed", "Allowed in v7-A with integer division extension"}},
	46: {"DSP_extension", 'T', []string{"Follow architecture", "Allowed"}},
	48: {"MVE_arch", 'T', []string{"No MVE", "MVE Integer only", "MVE Integer and FP"}},
	50: {"PAC_extension", 'T', []string{"No PAC/AUT instructions", "PAC/AUT instructions permitted in the NOP space", "PAC/AUT instructions permitted in the NOP and in the non-NOP space"}},
	52: {"BTI_extension", 'T', []string{"BTI instructions not permitted", "BTI instructions permitted in the NOP space", "BTI instructions permitted in the NOP and in the non-NOP space"}},
	74: {"BTI_use", 'T', []string{"Compiled without branch target enforcement", "Compiled with branch target enforcement"}},
	76: {"PACRET_use", 'T', []string{"Compiled without return address signing and authentication", "Compiled with return address signing and authentication"}},
	64: {"nodefaults", 'X', nil},
	65: {"also_compatible_with", 'X', nil},
	66: {"T2EE_use", 'T', []string{"Not Allowed", "Allowed"}},
	67: {"conformance", 'S', nil},
	68: {"Virtualization_use", 'T', []string{"Not Allowed", "TrustZone", "Virtualization Extensions", "TrustZone and Virtualization Extensions"}},
	70: {"MPextension_use_legacy", 'T', []string{"Not Allowed", "Allowed"}},
}

var armCPUArch = []string{"Pre-v4", "v4", "v4T", "v5T", "v5TE", "v5TEJ", "v6", "v6KZ", "v6T2",
	"v6K", "v7", "v6-M", "v6S-M", "v7E-M", "v8", "v8-R", "v8-M.baseline",
	"v8-M.mainline", "v8.1-A", "v8.2-A", "v8.3-A", "v8.1-M.mainline", "v9"}

// armAttribute is GNU readelf's display_arm_attribute.
func armAttribute(w io.Writer, b []byte) []byte {
	tag, n := uleb(b)
	b = b[n:]
	attr, ok := armAttrTags[tag]
	if !ok {
		return tagValue(w, int64(tag), b)
	}
	fmt.Fprintf(w, "  Tag_%s: ", attr.name)
	switch attr.kind {
	case 'S':
		return tagValue(w, -1, b)
	case 'T':
		v, n := uleb(b)
		if v >= uint64(len(attr.table)) {
			fmt.Fprintf(w, "??? (%d)\n", uint32(v))
		} else {
			fmt.Fprintf(w, "%s\n", attr.table[v])
		}
		return b[n:]
	}
	switch tag {
	case 7:
		v, n := uleb(b)
		switch v {
		case 0:
			fmt.Fprintf(w, "None\n")
		case 'A':
			fmt.Fprintf(w, "Application\n")
		case 'R':
			fmt.Fprintf(w, "Realtime\n")
		case 'M':
			fmt.Fprintf(w, "Microcontroller\n")
		case 'S':
			fmt.Fprintf(w, "Application or Realtime\n")
		default:
			fmt.Fprintf(w, "??? (%d)\n", uint32(v))
		}
		return b[n:]
	case 24, 25:
		v, n := uleb(b)
		switch {
		case v == 0:
			fmt.Fprintf(w, "None\n")
		case v == 1 && tag == 24:
			fmt.Fprintf(w, "8-byte\n")
		case v == 1:
			fmt.Fprintf(w, "8-byte, except leaf SP\n")
		case v == 2 && tag == 24:
			fmt.Fprintf(w, "4-byte\n")
		case v == 2:
			fmt.Fprintf(w, "8-byte\n")
		case v == 3:
			fmt.Fprintf(w, "??? 3\n")
		case v <= 12:
			fmt.Fprintf(w, "8-byte and up to %d-byte extended\n", 1<<v)
		default:
			fmt.Fprintf(w, "??? (%d)\n", uint32(v))
		}
		return b[n:]
	case 32:
		v, n := uleb(b)
		b = b[n:]
		fmt.Fprintf(w, "flag = %d, vendor = ", uint32(v))
		return vendorString(w, b)
	case 64:
		if len(b) > 0 {
			b = b[1:]
		}
		fmt.Fprintf(w, "True\n")
		return b
	case 65:
		v, n := uleb(b)
		b = b[n:]
		if v == 6 {
			v, n := uleb(b)
			b = b[n:]
			if v >= uint64(len(armCPUArch)) {
				fmt.Fprintf(w, "??? (%d)\n", uint32(v))
			} else {
				fmt.Fprintf(w, "%s\n", armCPUArch[v])
			}
		} else {
			fmt.Fprintf(w, "???\n")
		}
		for len(b) > 0 {
			c := b[0]
			b = b[1:]
			if c == 0 {
				break
			}
		}
		return b
	}
	fmt.Fprintf(w, "<unknown: %d>\n", uint32(tag))
	return b
}

// rawAttribute is GNU readelf's display_raw_attribute.
func rawAttribute(w io.Writer, b []byte) {
	addr := 0
	for len(b) > 0 {
		n := min(len(b), 16)
		fmt.Fprintf(w, "  0x%8.8x ", addr)
		for j := 0; j < 16; j++ {
			if j < n {
				fmt.Fprintf(w, "%2.2x", b[j])
			} else {
				fmt.Fprintf(w, "  ")
			}
			if j&3 == 3 {
				fmt.Fprintf(w, " ")
			}
		}
		for j := 0; j < n; j++ {
			c := b[j]
			if c < ' ' || c >= 0x7f {
				c = '.'
			}
			fmt.Fprintf(w, "%c", c)
		}
		fmt.Fprintf(w, "\n")
		b = b[n:]
		addr += n
	}
	fmt.Fprintf(w, "\n")
}

var mipsFPABI = []string{"Hard or soft float", "Hard float (double precision)", "Hard float (single precision)",
	"Soft float", "Hard float (MIPS32r2 64-bit FPU 12 callee-saved)", "Hard float (32-bit CPU, Any FPU)",
	"Hard float (32-bit CPU, 64-bit FPU)", "Hard float compat (32-bit CPU, 64-bit FPU)", "NaN 2008 compatibility"}

// mipsFPABIValue is GNU readelf's print_mips_fp_abi_value.
func mipsFPABIValue(w io.Writer, v uint64) {
	if v < uint64(len(mipsFPABI)) {
		fmt.Fprintf(w, "%s\n", mipsFPABI[v])
	} else {
		fmt.Fprintf(w, "??? (%d)\n", uint32(v))
	}
}

// mipsAttribute is GNU readelf's display_mips_gnu_attribute.
func mipsAttribute(w io.Writer, tag uint64, b []byte) []byte {
	switch tag {
	case 4: // Tag_GNU_MIPS_ABI_FP
		fmt.Fprintf(w, "  Tag_GNU_MIPS_ABI_FP: ")
		v, n := uleb(b)
		mipsFPABIValue(w, v)
		return b[n:]
	case 8: // Tag_GNU_MIPS_ABI_MSA
		fmt.Fprintf(w, "  Tag_GNU_MIPS_ABI_MSA: ")
		v, n := uleb(b)
		switch v {
		case 0:
			fmt.Fprintf(w, "Any MSA or not\n")
		case 1:
			fmt.Fprintf(w, "128-bit MSA\n")
		default:
			fmt.Fprintf(w, "??? (%d)\n", uint32(v))
		}
		return b[n:]
	}
	return tagValue(w, int64(tag&1), b)
}

// mipsSpecific is the part of GNU readelf's process_mips_specific before
// the GOT: the attributes and the ABI flags.
func (f *file) mipsSpecific(w io.Writer) {
	f.attributes(w, "", 0x6ffffff5, nil, mipsAttribute)
	i := f.findSectionByName(".MIPS.abiflags")
	if i < 0 {
		return
	}
	s := &f.sections[i]
	if s.Size != 24 {
		f.errorf("Corrupt MIPS ABI Flags section.")
		return
	}
	b, ok := f.bytesAt(s.Offset, 24)
	if !ok {
		f.errorf("Reading 24 bytes extends past end of file for MIPS ABI Flags section")
		return
	}
	regSize := func(r byte) int {
		switch r {
		case 0:
			return 0
		case 1:
			return 32
		case 2:
			return 64
		case 3:
			return 128
		}
		return -1
	}
	fmt.Fprintf(w, "\nMIPS ABI Flags Version: %d\n", f.order.Uint16(b))
	fmt.Fprintf(w, "\nISA: MIPS%d", b[2])
	if b[3] > 1 {
		fmt.Fprintf(w, "r%d", b[3])
	}
	fmt.Fprintf(w, "\nGPR size: %d", regSize(b[4]))
	fmt.Fprintf(w, "\nCPR1 size: %d", regSize(b[5]))
	fmt.Fprintf(w, "\nCPR2 size: %d", regSize(b[6]))
	fmt.Fprintf(w, "\nFP ABI: ")
	mipsFPABIValue(w, uint64(b[7]))
	fmt.Fprintf(w, "ISA Extension: ")
	ext := f.order.Uint32(b[8:])
	exts := map[uint32]string{1: "RMI XLR", 19: "Cavium Networks Octeon3", 2: "Cavium Networks Octeon2",
		3: "Cavium Networks OcteonP", 5: "Cavium Networks Octeon", 6: "Toshiba R5900", 7: "MIPS R4650",
		8: "LSI R4010", 9: "NEC VR4100", 10: "Toshiba R3900", 11: "MIPS R10000", 12: "Broadcom SB-1",
		13: "NEC VR4111/VR4181", 14: "NEC VR4120", 15: "NEC VR5400", 16: "NEC VR5500",
		17: "ST Microelectronics Loongson 2E", 18: "ST Microelectronics Loongson 2F", 20: "Imagination interAptiv MR2"}
	if ext == 0 {
		fmt.Fprintf(w, "None")
	} else if s, ok := exts[ext]; ok {
		fmt.Fprintf(w, "%s", s)
	} else {
		fmt.Fprintf(w, "Unknown (%d)", ext)
	}
	fmt.Fprintf(w, "\nASEs:")
	ases := f.order.Uint32(b[12:])
	for _, a := range []struct {
		bit  uint32
		name string
	}{{0x1, "DSP ASE"}, {0x2, "DSP R2 ASE"}, {0x2000, "DSP R3 ASE"}, {0x4, "Enhanced VA Scheme"},
		{0x8, "MCU (MicroController) ASE"}, {0x10, "MDMX ASE"}, {0x20, "MIPS-3D ASE"}, {0x40, "MT ASE"},
		{0x80, "SmartMIPS ASE"}, {0x100, "VZ ASE"}, {0x200, "MSA ASE"}, {0x400, "MIPS16 ASE"},
		{0x800, "MICROMIPS ASE"}, {0x1000, "XPA ASE"}, {0x4000, "MIPS16e2 ASE"}, {0x8000, "CRC ASE"},
		{0x20000, "GINV ASE"}, {0x40000, "Loongson MMI ASE"}, {0x80000, "Loongson CAM ASE"},
		{0x100000, "Loongson EXT ASE"}, {0x200000, "Loongson EXT2 ASE"}} {
		if ases&a.bit != 0 {
			fmt.Fprintf(w, "\n\t%s", a.name)
		}
	}
	if ases == 0 {
		fmt.Fprintf(w, "\n\tNone")
	} else if ases&^0x3effff != 0 {
		fmt.Fprintf(w, "\n\tUnknown (%x)", ases&^0x3effff)
	}
	fmt.Fprintf(w, "\nFLAGS 1: %8.8x", f.order.Uint32(b[16:]))
	fmt.Fprintf(w, "\nFLAGS 2: %8.8x", f.order.Uint32(b[20:]))
	fmt.Fprintf(w, "\n")
}

// mipsGOT prints the primary GOT of a dynamic MIPS file as GNU readelf's
// process_mips_specific does (not the PLT GOT, .MIPS.options, the library
// list nor the conflicts).
func (f *file) mipsGOT(w io.Writer, o *options) {
	d := f.dynamicInfo()
	if len(d.entries) == 0 {
		return
	}
	var pltgot, localGotno, gotsym, symtabno uint64
	for _, e := range d.entries {
		if e.Tag == 0 {
			break
		}
		switch e.Tag {
		case uint64(elf.DT_PLTGOT):
			pltgot = e.Val
		case 0x7000000a: // DT_MIPS_LOCAL_GOTNO
			localGotno = e.Val
		case 0x70000013: // DT_MIPS_GOTSYM
			gotsym = e.Val
		case 0x70000011: // DT_MIPS_SYMTABNO
			symtabno = e.Val
		}
	}
	if pltgot == 0 || localGotno == 0 {
		return
	}
	as := f.wordSize()
	localEnd := pltgot + localGotno*as
	if symtabno < gotsym {
		f.errorf("The GOT symbol offset (%d) is greater than the symbol table size (%d)", gotsym, symtabno)
		return
	}
	globalEnd := localEnd + (symtabno-gotsym)*as
	if globalEnd < localEnd {
		f.errorf("Too many GOT symbols: %d", symtabno)
		return
	}
	off := f.offsetFromVMA(pltgot, globalEnd-pltgot)
	data, ok := f.bytesAt(off, globalEnd-pltgot)
	if !ok {
		data = nil
	}
	hexw := int(as * 2)
	entry := func(addr uint64) (uint64, bool) {
		fmt.Fprintf(w, "  %s ", f.longHex(addr))
		if addr < pltgot+0xfff0 {
			fmt.Fprintf(w, "%6d(gp)", int32(addr-pltgot-0x7ff0))
		} else {
			fmt.Fprintf(w, "%10s", "")
		}
		fmt.Fprintf(w, " ")
		if data == nil {
			fmt.Fprintf(w, "%*s", hexw, "<unknown>")
			return addr + as, true
		}
		if addr-pltgot+as > uint64(len(data)) {
			f.warnf("MIPS GOT entry extends beyond the end of available data")
			fmt.Fprintf(w, "%*s", hexw, "<corrupt>")
			return 0, false
		}
		fmt.Fprintf(w, "%s", f.longHex(f.word(data[addr-pltgot:])))
		return addr + as, true
	}
	fmt.Fprintf(w, "\nPrimary GOT:\n")
	fmt.Fprintf(w, " Canonical gp value: %s\n\n", f.longHex(pltgot+0x7ff0))
	fmt.Fprintf(w, " Reserved entries:\n")
	fmt.Fprintf(w, "  %*s %10s %*s Purpose\n", hexw, "Address", "Access", hexw, "Initial")
	ent, ok := entry(pltgot)
	fmt.Fprintf(w, " Lazy resolver\n")
	if !ok {
		return
	}
	if data != nil && ent-pltgot+as <= uint64(len(data)) && f.word(data[ent-pltgot:])>>(as*8-1) != 0 {
		ent, ok = entry(ent)
		fmt.Fprintf(w, " Module pointer (GNU extension)\n")
		if !ok {
			return
		}
	}
	fmt.Fprintf(w, "\n")
	if data != nil && ent < localEnd {
		fmt.Fprintf(w, " Local entries:\n")
		fmt.Fprintf(w, "  %*s %10s %*s\n", hexw, "Address", "Access", hexw, "Initial")
		for ent < localEnd {
			ent, ok = entry(ent)
			fmt.Fprintf(w, "\n")
			if !ok {
				return
			}
		}
		fmt.Fprintf(w, "\n")
	}
	if data == nil || gotsym >= symtabno {
		return
	}
	// The dynamic symbols, from the SHT_DYNSYM section.
	var syms []byte
	for i := range f.sections {
		if s := &f.sections[i]; s.Type == uint64(elf.SHT_DYNSYM) {
			syms, _ = f.sectionData(s)
			break
		}
	}
	ss := uint64(16)
	if f.is64 {
		ss = 24
	}
	if syms == nil && f.sections == nil && o.Histogram {
		// No section headers: GNU reads DT_SYMTAB, counted by DT_HASH's
		// nchain, only for the histogram (-I).
		var symtab, hash uint64
		for _, e := range d.entries {
			switch e.Tag {
			case uint64(elf.DT_SYMTAB):
				symtab = e.Val
			case uint64(elf.DT_HASH):
				hash = e.Val
			}
		}
		if symtab != 0 && hash != 0 {
			if h := f.readWords(f.offsetFromVMA(hash, 8), 2, 4); h != nil {
				syms, _ = f.bytesAt(f.offsetFromVMA(symtab, h[1]*ss), h[1]*ss)
			}
		}
	}
	nsyms := uint64(len(syms)) / ss
	fmt.Fprintf(w, " Global entries:\n")
	fmt.Fprintf(w, "  %*s %10s %*s %*s %-7s %3s %s\n", hexw, "Address", "Access", hexw, "Initial", hexw, "Sym.Val.", "Type", "Ndx", "Name")
	symWidth := 80 - 28 - int(as)*6 - 1
	if f.is64 {
		symWidth = 160 - 28 - int(as)*6 - 1
	}
	for i := gotsym; i < symtabno; i++ {
		ent, ok = entry(ent)
		fmt.Fprintf(w, " ")
		switch {
		case syms == nil:
			fmt.Fprintf(w, "<no dynamic symbols>")
		case i < nsyms:
			b := syms[i*ss:]
			var name, value, shndx uint64
			var info byte
			if f.is64 {
				name, info, shndx, value = uint64(f.order.Uint32(b)), b[4], uint64(f.order.Uint16(b[6:])), f.order.Uint64(b[8:])
			} else {
				name, value, info, shndx = uint64(f.order.Uint32(b)), uint64(f.order.Uint32(b[4:])), b[12], uint64(f.order.Uint16(b[14:]))
			}
			fmt.Fprintf(w, "%s %-7s %3s ", f.longHex(value), mipsSymType(info&0xf), f.mipsSymIndex(shndx))
			if n, ok := d.dynName(name); ok {
				printSymbol(w, symWidth, false, n, o.Wide)
			} else {
				fmt.Fprintf(w, "<corrupt: %14d>", name)
			}
		default:
			fmt.Fprintf(w, "<symbol index %d exceeds number of dynamic symbols>", i)
		}
		fmt.Fprintf(w, "\n")
		if !ok {
			break
		}
	}
	fmt.Fprintf(w, "\n")
}

// mipsSymType names the symbol types a MIPS GOT shows.
func mipsSymType(t byte) string {
	names := []string{"NOTYPE", "OBJECT", "FUNC", "SECTION", "FILE", "COMMON", "TLS"}
	if int(t) < len(names) {
		return names[t]
	}
	if t >= 13 {
		return fmt.Sprintf("<processor specific>: %d", t)
	}
	if t >= 10 {
		return fmt.Sprintf("<OS specific>: %d", t)
	}
	return fmt.Sprintf("<unknown>: %d", t)
}

// mipsSymIndex is GNU readelf's get_symbol_index_type for MIPS.
func (f *file) mipsSymIndex(t uint64) string {
	switch {
	case t == 0:
		return "UND"
	case t == 0xfff1:
		return "ABS"
	case t == 0xfff2:
		return "COM"
	case t == 0xff03:
		return "SCOM"
	case t == 0xff04:
		return "SUND"
	case t >= 0xff00 && t <= 0xff1f:
		return fmt.Sprintf("PRC[0x%04x]", t)
	case t >= 0xff20 && t <= 0xff3f:
		return fmt.Sprintf("OS [0x%04x]", t)
	case t >= 0xff00:
		return fmt.Sprintf("RSV[0x%04x]", t)
	case f.hdr.Shnum != 0 && t >= f.hdr.Shnum:
		return fmt.Sprintf("bad section index[%3d]", t)
	}
	return fmt.Sprintf("%3d", t)
}

// tagValue is GNU readelf's display_tag_value: a NUL-terminated string for
// odd tags (and tag -1), an unsigned LEB128 number otherwise.
func tagValue(w io.Writer, tag int64, b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	if tag&1 != 0 {
		maxlen := len(b) - 1
		fmt.Fprintf(w, "\"")
		if maxlen > 0 {
			s := b[:maxlen]
			n := 0
			for n < len(s) && s[n] != 0 {
				n++
			}
			printSymbol(w, maxlen, false, string(s[:n]), true)
			b = b[min(n+1, len(b)):]
		} else {
			fmt.Fprintf(w, "<corrupt string tag>")
			b = nil
		}
		fmt.Fprintf(w, "\"\n")
		return b
	}
	v, n := uleb(b)
	fmt.Fprintf(w, "%d (0x%x)\n", int64(v), v)
	return b[n:]
}

// riscvAttribute is GNU readelf's display_riscv_attribute.
func riscvAttribute(w io.Writer, b []byte) []byte {
	tag, n := uleb(b)
	b = b[n:]
	names := map[uint64]string{4: "Tag_RISCV_stack_align", 5: "Tag_RISCV_arch", 6: "Tag_RISCV_unaligned_access",
		8: "Tag_RISCV_priv_spec", 10: "Tag_RISCV_priv_spec_minor", 12: "Tag_RISCV_priv_spec_revision"}
	name, ok := names[tag]
	if !ok {
		return tagValue(w, int64(tag), b)
	}
	fmt.Fprintf(w, "  %s: ", name)
	switch tag {
	case 8, 10, 12:
		v, n := uleb(b)
		fmt.Fprintf(w, "%d\n", uint32(v))
		return b[n:]
	case 6:
		v, n := uleb(b)
		switch v {
		case 0:
			fmt.Fprintf(w, "No unaligned access\n")
		case 1:
			fmt.Fprintf(w, "Unaligned access\n")
		}
		return b[n:]
	case 4:
		v, n := uleb(b)
		fmt.Fprintf(w, "%d-bytes\n", uint32(v))
		return b[n:]
	}
	return tagValue(w, -1, b)
}

// printHistogram prints -I, the bucket list length histograms of DT_HASH
// and DT_GNU_HASH, as GNU readelf's process_symbol_table does.
func printHistogram(w io.Writer, f *file, o *options) error {
	d := f.dynamicInfo()
	var hashVMA, gnuVMA uint64
	for _, e := range d.entries {
		switch elf.DynTag(e.Tag) {
		case elf.DT_HASH:
			hashVMA = e.Val
		case elf.DT_GNU_HASH:
			gnuVMA = e.Val
		}
	}
	if hashVMA != 0 {
		f.sysvHistogram(w, hashVMA)
	}
	if gnuVMA != 0 {
		f.gnuHistogram(w, gnuVMA)
	}
	return nil
}

// readWords reads n words of size ent at file offset off, or returns nil
// when they are not all in the file.
func (f *file) readWords(off, n, ent uint64) []uint64 {
	if ent == 0 || n > uint64(len(f.data))/ent {
		return nil
	}
	b, ok := f.bytesAt(off, n*ent)
	if !ok {
		return nil
	}
	out := make([]uint64, n)
	for i := range out {
		if ent == 8 {
			out[i] = f.order.Uint64(b[8*i:])
		} else {
			out[i] = uint64(f.order.Uint32(b[4*i:]))
		}
	}
	return out
}

func (f *file) sysvHistogram(w io.Writer, vma uint64) {
	ent := uint64(4)
	if m := f.hdr.Machine; (m == 0x9026 || m == 22 || m == 0xa390) && f.is64 {
		ent = 8
	}
	off := f.offsetFromVMA(vma, 2*ent)
	hdr := f.readWords(off, 2, ent)
	if hdr == nil {
		f.errorf("Failed to read in number of buckets")
		return
	}
	nbuckets, nchains := hdr[0], hdr[1]
	buckets := f.readWords(off+2*ent, nbuckets, ent)
	chains := f.readWords(off+2*ent+nbuckets*ent, nchains, ent)
	if buckets == nil || chains == nil {
		f.errorf("Unable to read in dynamic data")
		return
	}
	if nbuckets == 1 {
		fmt.Fprintf(w, "\nHistogram for bucket list length (total of %d bucket):\n", nbuckets)
	} else {
		fmt.Fprintf(w, "\nHistogram for bucket list length (total of %d buckets):\n", nbuckets)
	}
	fmt.Fprintf(w, " Length  Number     %% of total  Coverage\n")
	lengths := make([]uint64, nbuckets)
	visited := make([]bool, nchains)
	var maxlength, nsyms uint64
	for hn := range buckets {
		for si := buckets[hn]; si > 0; si = chains[si] {
			nsyms++
			lengths[hn]++
			if maxlength < lengths[hn] {
				maxlength++
			}
			if si >= nchains || visited[si] {
				f.errorf("histogram chain is corrupt")
				break
			}
			visited[si] = true
		}
	}
	histogramRows(w, lengths, maxlength, nsyms)
}

func (f *file) gnuHistogram(w io.Writer, vma uint64) {
	off := f.offsetFromVMA(vma, 16)
	hdr := f.readWords(off, 4, 4)
	if hdr == nil {
		f.errorf("Failed to read in number of buckets")
		return
	}
	nb, symidx, maskwords := hdr[0], hdr[1], hdr[2]
	bucketsVMA := vma + 16 + maskwords*f.wordSize()
	buckets := f.readWords(f.offsetFromVMA(bucketsVMA, 4), nb, 4)
	if buckets == nil {
		f.errorf("Unable to read in dynamic data")
		return
	}
	maxchain := uint64(0xffffffff)
	for _, b := range buckets {
		if b != 0 {
			if b < symidx {
				return
			}
			if maxchain == 0xffffffff || b > maxchain {
				maxchain = b
			}
		}
	}
	if maxchain == 0xffffffff {
		return
	}
	maxchain -= symidx
	coff := f.offsetFromVMA(bucketsVMA+4*(nb+maxchain), 4)
	for {
		word := f.readWords(coff, 1, 4)
		if word == nil {
			f.errorf("Failed to determine last chain length")
			return
		}
		coff += 4
		if maxchain+1 == 0 {
			return
		}
		maxchain++
		if word[0]&1 != 0 {
			break
		}
	}
	chains := f.readWords(f.offsetFromVMA(bucketsVMA+4*nb, 4), maxchain, 4)
	if chains == nil {
		f.errorf("Unable to read in dynamic data")
		return
	}
	if nb == 1 {
		fmt.Fprintf(w, "\nHistogram for `.gnu.hash' bucket list length (total of %d bucket):\n", nb)
	} else {
		fmt.Fprintf(w, "\nHistogram for `.gnu.hash' bucket list length (total of %d buckets):\n", nb)
	}
	fmt.Fprintf(w, " Length  Number     %% of total  Coverage\n")
	lengths := make([]uint64, nb)
	var maxlength, nsyms uint64
	for hn, b := range buckets {
		if b == 0 {
			continue
		}
		length := uint64(1)
		for o := b - symidx; o < uint64(len(chains)) && chains[o]&1 == 0; o++ {
			length++
		}
		lengths[hn] = length
		maxlength = max(maxlength, length)
		nsyms += length
	}
	histogramRows(w, lengths, maxlength, nsyms)
}

// histogramRows prints the rows of a histogram of bucket lengths.
func histogramRows(w io.Writer, lengths []uint64, maxlength, nsyms uint64) {
	if len(lengths) == 0 {
		return
	}
	counts := make([]uint64, maxlength+1)
	for _, l := range lengths {
		counts[l]++
	}
	n := float64(len(lengths))
	fmt.Fprintf(w, "      0  %-10d (%5.1f%%)\n", counts[0], float64(counts[0])*100/n)
	var nzero uint64
	for i := uint64(1); i <= maxlength; i++ {
		nzero += counts[i] * i
		fmt.Fprintf(w, "%7d  %-10d (%5.1f%%)    %5.1f%%\n", i, counts[i], float64(counts[i])*100/n, float64(nzero)*100/float64(nsyms))
	}
}

// printUnwind prints -u as GNU readelf's process_unwind does for the
// machines without an unwind decoder. The unwind tables of ARM, TI C6000,
// IA-64 and PA-RISC are not decoded: only GNU's "There are no unwind
// sections" line is printed for the first three.
func printUnwind(w io.Writer, f *file, o *options) error {
	// GNU skips unwind information when the section headers could not be
	// loaded.
	if !(f.shnum == 0 && f.hdr.Shoff == 0) && f.sections == nil {
		return nil
	}
	switch f.hdr.Machine {
	case 3, 62: // EM_386, EM_X86_64
		fmt.Fprintf(w, "No processor specific unwind information to decode\n")
	case 40, 140, 50: // ARM, TI C6000, IA-64: tables not decoded
		typ := uint64(0x70000001) // SHT_ARM_EXIDX, SHT_C6000_UNWIND, SHT_IA_64_UNWIND
		found := false
		for i := range f.sections {
			if f.sections[i].Type == typ {
				found = true
			}
		}
		if !found {
			fmt.Fprintf(w, "\nThere are no unwind sections in this file.\n")
		}
	case 15: // PA-RISC: not implemented
	default:
		fmt.Fprintf(w, "\nThe decoding of unwind sections for machine type %s is not currently supported.\n", machineName(f.hdr.Machine))
	}
	return nil
}

// printSectionGroups prints -g, as GNU readelf's process_section_groups.
func printSectionGroups(w io.Writer, f *file, o *options) error {
	if f.shnum == 0 {
		fmt.Fprintf(w, "\nThere are no section groups in this file.\n")
		return nil
	}
	if f.sections == nil {
		f.errorf("Section headers are not available!")
		return nil
	}
	n := 0
	for i := range f.sections {
		if f.sections[i].Type == uint64(elf.SHT_GROUP) {
			n++
		}
	}
	if n == 0 {
		fmt.Fprintf(w, "\nThere are no section groups in this file.\n")
		return nil
	}
	symSize := uint64(16)
	if f.is64 {
		symSize = 24
	}
	inGroup := make(map[uint64]int) // section index -> group section index
	warnedZero := false
	nOver, nAlready := 0, 0
	for i := range f.sections {
		s := &f.sections[i]
		if s.Type != uint64(elf.SHT_GROUP) {
			continue
		}
		name := f.printableSectionName(i)
		if s.Link >= uint64(len(f.sections)) || f.sections[s.Link].Type != uint64(elf.SHT_SYMTAB) {
			f.errorf("Bad sh_link in group section `%s'", name)
			continue
		}
		symtab := &f.sections[s.Link]
		symData, ok := f.sectionData(symtab)
		if !ok || symtab.Entsize != symSize || symtab.Size == 0 {
			f.errorf("Corrupt header in group section `%s'", name)
			continue
		}
		nsyms := uint64(len(symData)) / symSize
		if s.Info >= nsyms {
			f.errorf("Bad sh_info in group section `%s'", name)
			continue
		}
		sym := symData[s.Info*symSize:]
		var stName uint64
		var stInfo byte
		var stShndx uint64
		if f.is64 {
			stName, stInfo, stShndx = uint64(f.order.Uint32(sym)), sym[4], uint64(f.order.Uint16(sym[6:]))
		} else {
			stName, stInfo, stShndx = uint64(f.order.Uint32(sym)), sym[12], uint64(f.order.Uint16(sym[14:]))
		}
		var groupName string
		if stInfo&0xf == uint8(elf.STT_SECTION) {
			if stShndx == 0 || stShndx >= uint64(len(f.sections)) {
				f.errorf("Bad sh_info in group section `%s'", name)
				continue
			}
			groupName = f.secName(int(stShndx))
		} else {
			groupName = "<corrupt>"
			if symtab.Link < uint64(len(f.sections)) {
				st := &f.sections[symtab.Link]
				if tab, ok := f.bytesAt(st.Offset, st.Size); ok && stName < uint64(len(tab)) {
					b := tab[stName:]
					k := 0
					for k < len(b) && b[k] != 0 {
						k++
					}
					groupName = string(b[:k])
				}
			}
		}
		if s.Entsize > s.Size {
			f.errorf("Section %s has sh_entsize (%#x) which is larger than its size (%#x)", name, s.Entsize, s.Size)
			continue
		}
		data, ok := f.bytesAt(s.Offset, s.Size)
		if !ok {
			f.errorf("Reading %d bytes extends past end of file for section data", s.Size)
			continue
		}
		if s.Entsize == 0 || len(data) < 4 {
			f.errorf("Section %s has an invalid sh_entsize of %#x", name, s.Entsize)
			continue
		}
		size := uint32(s.Size/s.Entsize) - 1
		flags := f.order.Uint32(data)
		fmt.Fprintf(w, "\n%sgroup section [%5d] `%s' [%s] contains %d sections:\n", groupFlags(flags), i, name, groupName, size)
		fmt.Fprintf(w, "   [Index]    Name\n")
		for j := uint32(0); j < size; j++ {
			off := 4 + 4*uint64(j)
			if off+4 > uint64(len(data)) {
				break
			}
			e := uint64(f.order.Uint32(data[off:]))
			if e >= uint64(len(f.sections)) {
				if nOver++; nOver <= 10 {
					f.errorf("section [%5d] in group section [%5d] > maximum section [%5d]", e, i, len(f.sections)-1)
				}
				continue
			}
			if g, ok := inGroup[e]; ok {
				if e != 0 {
					if nAlready++; nAlready <= 10 {
						f.errorf("section [%5d] in group section [%5d] already in group section [%5d]", e, i, g)
					}
					continue
				}
				if !warnedZero {
					f.errorf("section 0 in group section [%5d]", g)
					warnedZero = true
				}
			}
			inGroup[e] = i
			fmt.Fprintf(w, "   [%5d]   %s\n", e, f.printableSectionName(int(e)))
		}
	}
	return nil
}

// groupFlags is GNU readelf's get_group_flags.
func groupFlags(fl uint32) string {
	switch fl {
	case 0:
		return ""
	case 1:
		return "COMDAT "
	}
	s := fmt.Sprintf("[0x%x: ", fl)
	if fl&0x0ff00000 != 0 {
		s += "<OS specific>"
	}
	if fl&0xf0000000 != 0 {
		s += "<PROC specific>"
	}
	if fl&^(1|0x0ff00000|0xf0000000) != 0 {
		s += "<unknown>"
	}
	return s + "]"
}
