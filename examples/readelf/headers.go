package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/elfkit/elf"
)

func init() {
	printers[groupFileHeader] = printFileHeader
	printers[groupProgramHeaders] = printProgramHeaders
}

// printFileHeader prints -h, as GNU readelf's process_file_header.
func printFileHeader(w io.Writer, f *file, o *options) error {
	h := &f.hdr
	fmt.Fprintf(w, "ELF Header:\n  Magic:   ")
	for _, b := range h.Ident {
		fmt.Fprintf(w, "%2.2x ", b)
	}
	fmt.Fprintf(w, "\n")
	fmt.Fprintf(w, "  Class:                             %s\n", className(h.Ident[elf.EI_CLASS]))
	fmt.Fprintf(w, "  Data:                              %s\n", dataName(h.Ident[elf.EI_DATA]))
	v := h.Ident[elf.EI_VERSION]
	vs := ""
	if v == 1 {
		vs = " (current)"
	} else if v != 0 {
		vs = " <unknown>"
	}
	fmt.Fprintf(w, "  Version:                           %d%s\n", v, vs)
	fmt.Fprintf(w, "  OS/ABI:                            %s\n", osabiName(h.Ident[elf.EI_OSABI], h.Machine))
	fmt.Fprintf(w, "  ABI Version:                       %d\n", h.Ident[elf.EI_ABIVERSION])
	fmt.Fprintf(w, "  Type:                              %s\n", fileTypeName(f))
	fmt.Fprintf(w, "  Machine:                           %s\n", machineName(h.Machine))
	fmt.Fprintf(w, "  Version:                           0x%x\n", h.Version)
	fmt.Fprintf(w, "  Entry point address:               0x%x\n", h.Entry)
	fmt.Fprintf(w, "  Start of program headers:          %d (bytes into file)\n", int64(h.Phoff))
	fmt.Fprintf(w, "  Start of section headers:          %d (bytes into file)\n", int64(h.Shoff))
	fmt.Fprintf(w, "  Flags:                             0x%x%s\n", h.Flags, machineFlags(f))
	fmt.Fprintf(w, "  Size of this header:               %d (bytes)\n", h.Ehsize)
	fmt.Fprintf(w, "  Size of program headers:           %d (bytes)\n", h.Phentsize)
	fmt.Fprintf(w, "  Number of program headers:         %d", h.Phnum)
	if h.Phnum == 0xffff && f.sections != nil {
		fmt.Fprintf(w, " (%d)", f.sections[0].Info)
	}
	fmt.Fprintf(w, "\n")
	fmt.Fprintf(w, "  Size of section headers:           %d (bytes)\n", h.Shentsize)
	fmt.Fprintf(w, "  Number of section headers:         %d", h.Shnum)
	if h.Shnum == 0 && f.sections != nil {
		fmt.Fprintf(w, " (%d)", f.sections[0].Size)
	}
	fmt.Fprintf(w, "\n")
	fmt.Fprintf(w, "  Section header string table index: %d", h.Shstrndx)
	if h.Shstrndx == uint64(elf.SHN_XINDEX) && f.sections != nil {
		fmt.Fprintf(w, " (%d)", f.sections[0].Link)
	} else if h.Shstrndx != 0 && h.Shstrndx >= f.shnum {
		fmt.Fprintf(w, " <corrupt: out of range>")
	}
	fmt.Fprintf(w, "\n")
	return nil
}

func className(c byte) string {
	switch c {
	case 0:
		return "none"
	case 1:
		return "ELF32"
	case 2:
		return "ELF64"
	}
	return fmt.Sprintf("<unknown: %x>", c)
}

func dataName(d byte) string {
	switch d {
	case 0:
		return "none"
	case 1:
		return "2's complement, little endian"
	case 2:
		return "2's complement, big endian"
	}
	return fmt.Sprintf("<unknown: %x>", d)
}

var osabiNames = map[byte]string{
	0: "UNIX - System V", 1: "UNIX - HP-UX", 2: "UNIX - NetBSD", 3: "UNIX - GNU",
	6: "UNIX - Solaris", 7: "UNIX - AIX", 8: "UNIX - IRIX", 9: "UNIX - FreeBSD",
	10: "UNIX - TRU64", 11: "Novell - Modesto", 12: "UNIX - OpenBSD",
	13: "VMS - OpenVMS", 14: "HP - Non-Stop Kernel", 15: "AROS", 16: "FenixOS",
	17: "Nuxi CloudABI", 18: "Stratus Technologies OpenVOS",
}

// osabiName is GNU's get_osabi_name.
func osabiName(osabi byte, machine uint64) string {
	if s, ok := osabiNames[osabi]; ok {
		return s
	}
	if osabi >= 64 {
		switch machine {
		case 224: // EM_AMDGPU
			switch osabi {
			case 64:
				return "AMD HSA"
			case 65:
				return "AMD PAL"
			case 66:
				return "AMD Mesa3D"
			}
		case 40: // EM_ARM
			switch osabi {
			case 97:
				return "ARM"
			case 65:
				return "ARM FDPIC"
			}
		case 105, 0x1059, 221: // EM_MSP430, EM_MSP430_OLD, EM_VISIUM
			if osabi == 255 {
				return "Standalone App"
			}
		case 140: // EM_TI_C6000
			switch osabi {
			case 64:
				return "Bare-metal C6000"
			case 65:
				return "Linux C6000"
			}
		}
	}
	return fmt.Sprintf("<unknown: %x>", osabi)
}

// fileTypeName is GNU's get_file_type.
func fileTypeName(f *file) string {
	t := f.hdr.Type
	switch t {
	case 0:
		return "NONE (None)"
	case 1:
		return "REL (Relocatable file)"
	case 2:
		return "EXEC (Executable file)"
	case 3:
		if f.isPIE() {
			return "DYN (Position-Independent Executable file)"
		}
		return "DYN (Shared object file)"
	case 4:
		return "CORE (Core file)"
	}
	switch {
	case t >= 0xff00:
		return fmt.Sprintf("Processor Specific: (%x)", t)
	case t >= 0xfe00:
		return fmt.Sprintf("OS Specific: (%x)", t)
	}
	return fmt.Sprintf("<unknown>: %x", t)
}

// isPIE reports whether the dynamic section has DT_FLAGS_1 with DF_1_PIE,
// the first DT_FLAGS_1 before DT_NULL deciding.
func (f *file) isPIE() bool {
	var dyn []byte
	for _, p := range f.segments {
		if p.Type == uint64(elf.PT_DYNAMIC) {
			if p.Filesz == 0 {
				break
			}
			dyn, _ = f.bytesAt(p.Offset, p.Filesz)
			break
		}
	}
	ent := 8
	if f.is64 {
		ent = 16
	}
	for i := 0; i+ent <= len(dyn); i += ent {
		var tag, val uint64
		if f.is64 {
			tag, val = f.order.Uint64(dyn[i:]), f.order.Uint64(dyn[i+8:])
		} else {
			tag, val = uint64(f.order.Uint32(dyn[i:])), uint64(f.order.Uint32(dyn[i+4:]))
		}
		if tag == 0 {
			break
		}
		if tag == uint64(elf.DT_FLAGS_1) {
			return val&uint64(elf.DF_1_PIE) != 0
		}
	}
	return false
}

// machineNames is GNU's get_machine_name.
var machineNames = map[uint64]string{
	0: "None", 1: "WE32100", 2: "Sparc", 3: "Intel 80386", 4: "MC68000", 5: "MC88000",
	6: "Intel MCU", 7: "Intel 80860", 8: "MIPS R3000", 9: "IBM System/370",
	10: "MIPS R4000 big-endian", 11: "Sparc v9 (old)", 15: "HPPA", 17: "Fujitsu VPP500",
	18: "Sparc v8+", 19: "Intel 80960", 20: "PowerPC", 21: "PowerPC64", 22: "IBM S/390",
	23: "SPU", 36: "Renesas V850 (using RH850 ABI)", 37: "Fujitsu FR20", 38: "TRW RH32",
	39: "MCORE", 40: "ARM", 41: "Digital Alpha (old)", 42: "Renesas / SuperH SH",
	43: "Sparc v9", 44: "Siemens Tricore", 45: "ARC", 46: "Renesas H8/300",
	47: "Renesas H8/300H", 48: "Renesas H8S", 49: "Renesas H8/500", 50: "Intel IA-64",
	51: "Stanford MIPS-X", 52: "Motorola Coldfire", 53: "Motorola MC68HC12 Microcontroller",
	54: "Fujitsu Multimedia Accelerator", 55: "Siemens PCP",
	56: "Sony nCPU embedded RISC processor", 57: "Denso NDR1 microprocesspr",
	58: "Motorola Star*Core processor", 59: "Toyota ME16 processor",
	60: "STMicroelectronics ST100 processor", 61: "Advanced Logic Corp. TinyJ embedded processor",
	62: "Advanced Micro Devices X86-64", 63: "Sony DSP processor",
	64: "Digital Equipment Corp. PDP-10", 65: "Digital Equipment Corp. PDP-11",
	66: "Siemens FX66 microcontroller", 67: "STMicroelectronics ST9+ 8/16 bit microcontroller",
	68: "STMicroelectronics ST7 8-bit microcontroller", 69: "Motorola MC68HC16 Microcontroller",
	70: "Motorola MC68HC11 Microcontroller", 71: "Motorola MC68HC08 Microcontroller",
	72: "Motorola MC68HC05 Microcontroller", 73: "Silicon Graphics SVx",
	74: "STMicroelectronics ST19 8-bit microcontroller", 75: "Digital VAX",
	76: "Axis Communications 32-bit embedded processor",
	77: "Infineon Technologies 32-bit embedded cpu", 78: "Element 14 64-bit DSP processor",
	79: "LSI Logic's 16-bit DSP processor", 80: "Donald Knuth's educational 64-bit processor",
	81: "Harvard Universitys's machine-independent object format", 82: "Vitesse Prism",
	83: "Atmel AVR 8-bit microcontroller", 84: "Fujitsu FR30", 85: "d10v", 86: "d30v",
	87: "Renesas V850", 88: "Renesas M32R (formerly Mitsubishi M32r)", 89: "mn10300",
	90: "mn10200", 91: "picoJava", 92: "OpenRISC 1000", 93: "ARCompact",
	94: "Tensilica Xtensa Processor", 95: "Alphamosaic VideoCore processor",
	96: "Thompson Multimedia General Purpose Processor",
	97: "National Semiconductor 32000 series", 98: "Tenor Network TPC processor",
	99: "Trebia SNP 1000 processor", 100: "STMicroelectronics ST200 microcontroller",
	101: "Ubicom IP2xxx 8-bit microcontrollers", 102: "MAX Processor",
	103: "National Semiconductor CompactRISC", 104: "Fujitsu F2MC16",
	105: "Texas Instruments msp430 microcontroller", 106: "Analog Devices Blackfin",
	107: "S1C33 Family of Seiko Epson processors", 108: "Sharp embedded microprocessor",
	109: "Arca RISC microprocessor", 110: "Unicore",
	111: "eXcess 16/32/64-bit configurable embedded CPU",
	112: "Icera Semiconductor Inc. Deep Execution Processor", 113: "Altera Nios II",
	114: "National Semiconductor CRX microprocessor", 115: "Motorola XGATE embedded processor",
	116: "Infineon Technologies xc16x", 117: "Renesas M16C series microprocessors",
	118: "Microchip Technology dsPIC30F Digital Signal Controller",
	119: "Freescale Communication Engine RISC core", 120: "Renesas M32c",
	131: "Altium TSK3000 core", 132: "Freescale RS08 embedded processor",
	134: "Cyan Technology eCOG2 microprocessor", 135: "SUNPLUS S+Core",
	136: "New Japan Radio (NJR) 24-bit DSP Processor", 137: "Broadcom VideoCore III processor",
	138: "Lattice Mico32", 139: "Seiko Epson C17 family",
	140: "Texas Instruments TMS320C6000 DSP family", 141: "Texas Instruments TMS320C2000 DSP family",
	142: "Texas Instruments TMS320C55x DSP family", 144: "TI PRU I/O processor",
	160: "STMicroelectronics 64bit VLIW Data Signal Processor", 161: "Cypress M8C microprocessor",
	162: "Renesas R32C series microprocessors", 163: "NXP Semiconductors TriMedia architecture family",
	164: "QUALCOMM DSP6 Processor", 165: "Intel 8051 and variants",
	166: "STMicroelectronics STxP7x family",
	167: "Andes Technology compact code size embedded RISC processor family",
	168: "Cyan Technology eCOG1X family", 169: "Dallas Semiconductor MAXQ30 Core microcontrollers",
	170: "New Japan Radio (NJR) 16-bit DSP Processor", 171: "M2000 Reconfigurable RISC Microprocessor",
	172: "Cray Inc. NV2 vector architecture", 173: "Renesas RX",
	174: "Imagination Technologies Meta processor architecture",
	175: "MCST Elbrus general purpose hardware architecture", 176: "Cyan Technology eCOG16 family",
	177: "Xilinx MicroBlaze", 178: "Freescale Extended Time Processing Unit",
	179: "Infineon Technologies SLE9X core", 180: "Intel L1OM", 181: "Intel K1OM",
	182: "Intel (reserved)", 183: "AArch64", 184: "ARM (reserved)",
	185: "Atmel Corporation 32-bit microprocessor", 186: "STMicroeletronics STM8 8-bit microcontroller",
	187: "Tilera TILE64 multicore architecture family", 188: "Tilera TILEPro multicore architecture family",
	189: "Xilinx MicroBlaze", 190: "NVIDIA CUDA architecture",
	191: "Tilera TILE-Gx multicore architecture family", 192: "CloudShield architecture family",
	193: "KIPO-KAIST Core-A 1st generation processor family",
	194: "KIPO-KAIST Core-A 2nd generation processor family", 195: "ARCv2",
	196: "Open8 8-bit RISC soft processor core", 197: "Renesas RL78",
	198: "Broadcom VideoCore V processor", 199: "Renesas 78K0R",
	200: "Freescale 56800EX Digital Signal Controller (DSC)", 201: "Beyond BA1 CPU architecture",
	202: "Beyond BA2 CPU architecture", 203: "XMOS xCORE processor family",
	204: "Microchip 8-bit PIC(r) family", 205: "Intel Graphics Technology",
	210: "KM211 KM32 32-bit processor", 211: "KM211 KMX32 32-bit processor",
	212: "KM211 KMX16 16-bit processor", 213: "KM211 KMX8 8-bit processor",
	214: "KM211 KVARC processor", 215: "Paneve CDP architecture family",
	216: "Cognitive Smart Memory Processor", 217: "Bluechip Systems CoolEngine",
	218: "Nanoradio Optimized RISC", 219: "CSR Kalimba architecture family",
	220: "Zilog Z80", 221: "CDS VISIUMcore processor", 222: "FTDI Chip FT32", 223: "Moxie",
	224: "AMD GPU", 243: "RISC-V", 244: "Lanai 32-bit processor",
	245: "CEVA Processor Architecture Family", 246: "CEVA X2 Processor Family", 247: "Linux BPF",
	248: "Graphcore Intelligent Processing Unit", 249: "Imagination Technologies",
	250: "Netronome Flow Processor", 251: "NEC Vector Engine", 252: "C-SKY",
	253: "Synopsys ARCv2.3 64-bit", 254: "MOS Technology MCS 6502 processor",
	255: "Synopsys ARCv2.3 32-bit", 256: "Kalray VLIW core of the MPPA processor family",
	257: "WDC 65816/65C816", 258: "LoongArch", 259: "ChipON KungFu32",
	// Large numbers.
	0x2530: "Morpho Techologies MT processor", 0x9026: "Alpha", 0x4157: "Web Assembly",
	0x5aa5: "OpenDLX", 0xad45: "Sanyo XStormy16 CPU core", 0xfeba: "Vitesse IQ2000",
	0xfeb0: "Altera Nios", 0xfebb: "Altera Nios", 0xf00d: "Toshiba MeP Media Engine",
	0x1223: "Adapteva EPIPHANY", 0x5441: "Fujitsu FR-V", 0x4def: "Freescale S12Z",
	// Old unofficial values GNU maps to the official names.
	0xa390: "IBM S/390", 0x1057: "Atmel AVR 8-bit microcontroller", 0x3330: "Fujitsu FR30",
	0x7650: "d10v", 0x7676: "d30v", 0x9080: "Renesas V850",
	0x9041: "Renesas M32R (formerly Mitsubishi M32r)", 0xbeef: "mn10300", 0xdead: "mn10200",
	0xabc7: "Tensilica Xtensa Processor", 0x8217: "Ubicom IP2xxx 8-bit microcontrollers",
	0x4688: "Infineon Technologies xc16x", 0xbaab: "Xilinx MicroBlaze",
}

// machineName is GNU's get_machine_name.
func machineName(m uint64) string {
	if s, ok := machineNames[m]; ok {
		return s
	}
	return fmt.Sprintf("<unknown>: 0x%x", m)
}

// machineFlags is GNU's get_machine_flags for the machines it decodes
// here (ARM, MIPS, RISC-V, PowerPC, s390, LoongArch, SPARC v9, IA-64).
func machineFlags(f *file) string {
	fl := uint32(f.hdr.Flags)
	if fl == 0 {
		return ""
	}
	var b strings.Builder
	switch f.hdr.Machine {
	case 40: // EM_ARM
		armFlags(&b, fl)
	case 20: // EM_PPC
		if fl&0x80000000 != 0 {
			b.WriteString(", emb")
		}
		if fl&0x00010000 != 0 {
			b.WriteString(", relocatable")
		}
		if fl&0x00008000 != 0 {
			b.WriteString(", relocatable-lib")
		}
	case 21: // EM_PPC64
		if fl&3 != 0 {
			fmt.Fprintf(&b, ", abiv%d", fl&3)
		}
	case 8, 10: // EM_MIPS, EM_MIPS_RS3_LE
		mipsFlags(&b, fl)
	case 243: // EM_RISCV
		if fl&1 != 0 {
			b.WriteString(", RVC")
		}
		if fl&8 != 0 {
			b.WriteString(", RVE")
		}
		if fl&0x10 != 0 {
			b.WriteString(", TSO")
		}
		switch fl & 6 {
		case 0:
			b.WriteString(", soft-float ABI")
		case 2:
			b.WriteString(", single-float ABI")
		case 4:
			b.WriteString(", double-float ABI")
		case 6:
			b.WriteString(", quad-float ABI")
		}
	case 22: // EM_S390
		if fl&1 != 0 {
			b.WriteString(", highgprs")
		}
	case 258: // EM_LOONGARCH
		switch fl & 7 {
		case 1:
			b.WriteString(", SOFT-FLOAT")
		case 2:
			b.WriteString(", SINGLE-FLOAT")
		case 3:
			b.WriteString(", DOUBLE-FLOAT")
		}
		switch fl & 0xc0 {
		case 0:
			b.WriteString(", OBJ-v0")
		case 0x40:
			b.WriteString(", OBJ-v1")
		}
	case 43: // EM_SPARCV9
		if fl&0x100 != 0 {
			b.WriteString(", v8+")
		}
		if fl&0x200 != 0 {
			b.WriteString(", ultrasparcI")
		}
		if fl&0x800 != 0 {
			b.WriteString(", ultrasparcIII")
		}
		if fl&0x400 != 0 {
			b.WriteString(", halr1")
		}
		if fl&0x800000 != 0 {
			b.WriteString(", ledata")
		}
		switch fl & 3 {
		case 0:
			b.WriteString(", tso")
		case 1:
			b.WriteString(", pso")
		case 2:
			b.WriteString(", rmo")
		}
	case 50: // EM_IA_64
		if fl&0x10 != 0 {
			b.WriteString(", 64-bit")
		} else {
			b.WriteString(", 32-bit")
		}
		if fl&0x20 != 0 {
			b.WriteString(", reduced fp model")
		}
		if fl&0x80 != 0 {
			b.WriteString(", no function descriptors, constant gp")
		} else if fl&0x40 != 0 {
			b.WriteString(", constant gp")
		}
		if fl&0x100 != 0 {
			b.WriteString(", absolute")
		}
	}
	return b.String()
}

func armFlags(b *strings.Builder, fl uint32) {
	eabi := fl & 0xff000000
	fl &^= 0xff000000
	unknown := false
	if fl&0x01 != 0 {
		b.WriteString(", relocatable executable")
		fl &^= 0x01
	}
	if fl&0x20 != 0 {
		b.WriteString(", position independent")
		fl &^= 0x20
	}
	bits := func(names map[uint32]string) {
		for fl != 0 {
			bit := fl & -fl
			fl &^= bit
			if s, ok := names[bit]; ok {
				b.WriteString(s)
			} else {
				unknown = true
			}
		}
	}
	switch eabi {
	default:
		b.WriteString(", <unrecognized EABI>")
		if fl != 0 {
			unknown = true
		}
	case 0x01000000:
		b.WriteString(", Version1 EABI")
		bits(map[uint32]string{0x04: ", sorted symbol tables"})
	case 0x02000000:
		b.WriteString(", Version2 EABI")
		bits(map[uint32]string{0x04: ", sorted symbol tables", 0x08: ", dynamic symbols use segment index", 0x10: ", mapping symbols precede others"})
	case 0x03000000:
		b.WriteString(", Version3 EABI")
	case 0x04000000:
		b.WriteString(", Version4 EABI")
		bits(map[uint32]string{0x00800000: ", BE8", 0x00400000: ", LE8"})
	case 0x05000000:
		b.WriteString(", Version5 EABI")
		bits(map[uint32]string{0x00800000: ", BE8", 0x00400000: ", LE8", 0x200: ", soft-float ABI", 0x400: ", hard-float ABI"})
	case 0:
		b.WriteString(", GNU EABI")
		bits(map[uint32]string{0x04: ", interworking enabled", 0x08: ", uses APCS/26", 0x10: ", uses APCS/float",
			0x20: ", position independent", 0x40: ", 8 bit structure alignment", 0x80: ", uses new ABI",
			0x100: ", uses old ABI", 0x200: ", software FP", 0x400: ", VFP", 0x800: ", Maverick FP"})
	}
	if unknown {
		b.WriteString(", <unknown>")
	}
}

func mipsFlags(b *strings.Builder, fl uint32) {
	for _, x := range []struct {
		bit uint32
		s   string
	}{{1, ", noreorder"}, {2, ", pic"}, {4, ", cpic"}, {0x10, ", ugen_reserved"}, {0x20, ", abi2"},
		{0x80, ", odk first"}, {0x100, ", 32bitmode"}, {0x400, ", nan2008"}, {0x200, ", fp64"}} {
		if fl&x.bit != 0 {
			b.WriteString(x.s)
		}
	}
	mach := map[uint32]string{
		0x00810000: "3900", 0x00820000: "4010", 0x00830000: "4100", 0x00880000: "4111",
		0x00870000: "4120", 0x00850000: "4650", 0x00910000: "5400", 0x00980000: "5500",
		0x00920000: "5900", 0x008a0000: "sb1", 0x00990000: "9000", 0x00a00000: "loongson-2e",
		0x00a10000: "loongson-2f", 0x00a20000: "gs464", 0x00a30000: "gs464e", 0x00a40000: "gs264e",
		0x008b0000: "octeon", 0x008d0000: "octeon2", 0x008e0000: "octeon3", 0x008c0000: "xlr",
		0x00930000: "interaptiv-mr2",
	}
	if m := fl & 0x00ff0000; m != 0 {
		if s, ok := mach[m]; ok {
			b.WriteString(", " + s)
		} else {
			b.WriteString(", unknown CPU")
		}
	}
	switch fl & 0xf000 {
	case 0:
	case 0x1000:
		b.WriteString(", o32")
	case 0x2000:
		b.WriteString(", o64")
	case 0x3000:
		b.WriteString(", eabi32")
	case 0x4000:
		b.WriteString(", eabi64")
	default:
		b.WriteString(", unknown ABI")
	}
	if fl&0x08000000 != 0 {
		b.WriteString(", mdmx")
	}
	if fl&0x04000000 != 0 {
		b.WriteString(", mips16")
	}
	if fl&0x02000000 != 0 {
		b.WriteString(", micromips")
	}
	isa := []string{", mips1", ", mips2", ", mips3", ", mips4", ", mips5", ", mips32", ", mips64",
		", mips32r2", ", mips64r2", ", mips32r6", ", mips64r6"}
	if a := fl >> 28; int(a) < len(isa) {
		b.WriteString(isa[a])
	} else {
		b.WriteString(", unknown ISA")
	}
}

// segmentTypeName is GNU's get_segment_type.
func segmentTypeName(f *file, t uint64) string {
	switch t {
	case 0:
		return "NULL"
	case 1:
		return "LOAD"
	case 2:
		return "DYNAMIC"
	case 3:
		return "INTERP"
	case 4:
		return "NOTE"
	case 5:
		return "SHLIB"
	case 6:
		return "PHDR"
	case 7:
		return "TLS"
	case 0x6474e550:
		return "GNU_EH_FRAME"
	case 0x6474e551:
		return "GNU_STACK"
	case 0x6474e552:
		return "GNU_RELRO"
	case 0x6474e553:
		return "GNU_PROPERTY"
	case 0x6474e554:
		return "GNU_SFRAME"
	case 0x65a3dbe5:
		return "OPENBSD_MUTABLE"
	case 0x65a3dbe6:
		return "OPENBSD_RANDOMIZE"
	case 0x65a3dbe7:
		return "OPENBSD_WXNEEDED"
	case 0x65a41be6:
		return "OPENBSD_BOOTDATA"
	}
	switch {
	case t >= 0x70000000 && t <= 0x7fffffff:
		var s string
		switch f.hdr.Machine {
		case 183: // AArch64
			switch t {
			case 0x70000000:
				s = "AARCH64_ARCHEXT"
			case 0x70000002:
				s = "AARCH64_MEMTAG_MTE"
			}
		case 40:
			if t == 0x70000001 {
				s = "EXIDX"
			}
		case 8, 10:
			switch t {
			case 0x70000000:
				s = "REGINFO"
			case 0x70000001:
				s = "RTPROC"
			case 0x70000002:
				s = "OPTIONS"
			case 0x70000003:
				s = "ABIFLAGS"
			}
		case 15: // PARISC
			switch t {
			case 0x70000000:
				s = "PARISC_ARCHEXT"
			case 0x70000001:
				s = "PARISC_UNWIND"
			case 0x70000002:
				s = "PARISC_WEAKORDER"
			}
		case 50: // IA-64
			switch t {
			case 0x70000000:
				s = "IA_64_ARCHEXT"
			case 0x70000001:
				s = "IA_64_UNWIND"
			}
		case 140:
			if t == 0x70000000 {
				s = "C6000_PHATTR"
			}
		case 22, 0xa390:
			if t == 0x70000000 {
				s = "S390_PGSTE"
			}
		case 243:
			if t == 0x70000003 {
				s = "RISCV_ATTRIBUTES"
			}
		}
		if s != "" {
			return s
		}
		return fmt.Sprintf("LOPROC+%#x", t-0x70000000)
	case t >= 0x60000000 && t <= 0x6fffffff:
		switch f.hdr.Ident[elf.EI_OSABI] {
		case 3, 9: // GNU, FreeBSD
			if t >= 0x6474e555 && t <= 0x6474f554 {
				return fmt.Sprintf("GNU_MBIND+%#x", t-0x6474e555)
			}
		case 6: // Solaris
			switch t {
			case 0x6464e550:
				return "PT_SUNW_UNWIND"
			case 0x6474e550:
				return "PT_SUNW_EH_FRAME"
			case 0x6ffffff7:
				return "PT_LOSUNW"
			case 0x6ffffffa:
				return "PT_SUNWBSS"
			case 0x6ffffffb:
				return "PT_SUNWSTACK"
			case 0x6ffffffc:
				return "PT_SUNWDTRACE"
			case 0x6ffffffd:
				return "PT_SUNWCAP"
			case 0x6fffffff:
				return "PT_HISUNW"
			}
		}
		return fmt.Sprintf("LOOS+%#x", t-0x60000000)
	}
	return fmt.Sprintf("<unknown>: %x", t)
}

// fullHex is GNU's print_vma(v, FULL_HEX).
func (f *file) fullHex(v uint64) string {
	if f.is64 {
		return fmt.Sprintf("0x%016x", v)
	}
	return fmt.Sprintf("0x%08x", uint32(v))
}

// longHex is GNU's print_vma(v, LONG_HEX).
func (f *file) longHex(v uint64) string {
	if f.is64 {
		return fmt.Sprintf("%016x", v)
	}
	return fmt.Sprintf("%08x", uint32(v))
}

// cHex formats v as C's printf("%#lx") does: "0" for zero.
func cHex(v uint64) string {
	if v == 0 {
		return "0"
	}
	return fmt.Sprintf("%#x", v)
}

func flagLetters(fl uint64) string {
	c := func(bit uint64, ch byte) byte {
		if fl&bit != 0 {
			return ch
		}
		return ' '
	}
	return string([]byte{c(4, 'R'), c(2, 'W'), c(1, 'E')})
}

// printProgramHeaders prints -l, as GNU readelf's process_program_headers.
func printProgramHeaders(w io.Writer, f *file, o *options) error {
	h := &f.hdr
	if f.phnum == 0 {
		if h.Phoff != 0 {
			f.warnf("possibly corrupt ELF header - it has a non-zero program header offset, but no program headers")
		} else {
			fmt.Fprintf(w, "\nThere are no program headers in this file.\n")
		}
		return nil
	}
	if !o.FileHeader {
		fmt.Fprintf(w, "\nElf file type is %s\n", fileTypeName(f))
		fmt.Fprintf(w, "Entry point 0x%x\n", h.Entry)
		if f.phnum == 1 {
			fmt.Fprintf(w, "There is %d program header, starting at offset %d\n", f.phnum, h.Phoff)
		} else {
			fmt.Fprintf(w, "There are %d program headers, starting at offset %d\n", f.phnum, h.Phoff)
		}
	}
	if f.segments == nil {
		if f.segmentsErr != nil && f.segmentsErr != errSilent {
			f.errorf("%v", f.segmentsErr)
		}
		return nil
	}
	fmt.Fprintf(w, "\nProgram Headers:\n")
	switch {
	case !f.is64:
		fmt.Fprintf(w, "  Type           Offset   VirtAddr   PhysAddr   FileSiz MemSiz  Flg Align\n")
	case o.Wide:
		fmt.Fprintf(w, "  Type           Offset   VirtAddr           PhysAddr           FileSiz  MemSiz   Flg Align\n")
	default:
		fmt.Fprintf(w, "  Type           Offset             VirtAddr           PhysAddr\n")
		fmt.Fprintf(w, "                 FileSiz            MemSiz              Flags  Align\n")
	}
	hex6 := func(v uint64, sep string) string { return fmt.Sprintf("0x%6.6x%s", v, sep) }
	var prevLoad *segment
	dynamicSeen := false
	for i := range f.segments {
		p := f.segments[i]
		switch p.Type {
		case uint64(elf.PT_LOAD):
			if prevLoad != nil && prevLoad.Vaddr > p.Vaddr {
				f.errorf("LOAD segments must be sorted in order of increasing VirtAddr")
			} else if p.Memsz < p.Filesz {
				f.errorf("the segment's file size is larger than its memory size")
			}
			prevLoad = &f.segments[i]
		case uint64(elf.PT_PHDR):
			if i > 0 && prevLoad != nil {
				f.errorf("the PHDR segment must occur before any LOAD segment")
			}
			if h.Machine != 15 { // EM_PARISC
				covered := false
				for _, l := range f.segments[1:] {
					if l.Type == uint64(elf.PT_LOAD) && l.Offset <= p.Offset && l.Offset+l.Filesz >= p.Offset+p.Filesz &&
						l.Vaddr <= p.Vaddr && l.Vaddr+l.Filesz >= p.Vaddr+p.Filesz {
						covered = true
						break
					}
				}
				if !covered {
					f.errorf("the PHDR segment is not covered by a LOAD segment")
				}
			}
		case uint64(elf.PT_DYNAMIC):
			if dynamicSeen {
				f.errorf("more than one dynamic segment")
			}
			dynamicSeen = true
			if f.sections != nil {
				j := f.findSectionByName(".dynamic")
				if j < 0 || f.sections[j].Size == 0 {
					f.errorf("no .dynamic section in the dynamic segment")
				} else if s := &f.sections[j]; s.Type != uint64(elf.SHT_NOBITS) {
					if s.Offset < p.Offset || s.Offset > p.Offset+p.Filesz {
						f.warnf("the .dynamic section is not contained within the dynamic segment")
					} else if s.Offset > p.Offset {
						f.warnf("the .dynamic section is not the first section in the dynamic segment.")
					}
				}
			}
		}
		fmt.Fprintf(w, "  %-14.14s ", segmentTypeName(f, p.Type))
		switch {
		case !f.is64:
			fmt.Fprintf(w, "0x%6.6x 0x%8.8x 0x%8.8x 0x%5.5x 0x%5.5x %s %s", p.Offset, p.Vaddr, p.Paddr, p.Filesz, p.Memsz, flagLetters(p.Flags), cHex(p.Align))
		case o.Wide:
			fmt.Fprintf(w, "%s%s %s %s%s %s ", hex6(p.Offset, " "), f.fullHex(p.Vaddr), f.fullHex(p.Paddr), hex6(p.Filesz, " "), hex6(p.Memsz, ""), flagLetters(p.Flags))
			fmt.Fprint(w, cHex(p.Align))
		default:
			fmt.Fprintf(w, "%s %s %s\n                 %s %s  %s    0x%x", f.fullHex(p.Offset), f.fullHex(p.Vaddr), f.fullHex(p.Paddr), f.fullHex(p.Filesz), f.fullHex(p.Memsz), flagLetters(p.Flags), p.Align)
		}
		fmt.Fprintf(w, "\n")
		if p.Type == uint64(elf.PT_INTERP) {
			b, ok := f.bytesAt(p.Offset, p.Filesz)
			if !ok || p.Filesz == 0 {
				f.errorf("Unable to find program interpreter name")
			} else {
				if i := strings.IndexByte(string(b), 0); i >= 0 {
					b = b[:i]
				}
				fmt.Fprintf(w, "      [Requesting program interpreter: %s]\n", b)
			}
		}
	}
	if f.sections == nil || f.strtabMissing() || f.sections[f.shstrndx].Size == 0 {
		return nil
	}
	fmt.Fprintf(w, "\n Section to Segment mapping:\n")
	fmt.Fprintf(w, "  Segment Sections...\n")
	for i := range f.segments {
		p := &f.segments[i]
		fmt.Fprintf(w, "   %2.2d     ", i)
		for j := 1; j < len(f.sections); j++ {
			s := &f.sections[j]
			if !tbssSpecial(s, p) && sectionInSegment(s, p) {
				fmt.Fprintf(w, "%s ", f.secName(j))
			}
		}
		fmt.Fprintf(w, "\n")
	}
	return nil
}

// findSectionByName returns the index of the first section named name,
// or -1.
func (f *file) findSectionByName(name string) int {
	for i := range f.sections {
		if f.sections[i].NameOK && f.sections[i].Name == name {
			return i
		}
	}
	return -1
}

const (
	shfAlloc = uint64(elf.SHF_ALLOC)
	shfTLS   = uint64(elf.SHF_TLS)
	shtNobit = uint64(elf.SHT_NOBITS)
)

// tbssSpecial is binutils' ELF_TBSS_SPECIAL.
func tbssSpecial(s *section, p *segment) bool {
	return s.Flags&shfTLS != 0 && s.Type == shtNobit && p.Type != uint64(elf.PT_TLS)
}

// sectionSize is binutils' ELF_SECTION_SIZE.
func sectionSize(s *section, p *segment) uint64 {
	if s.Flags&shfTLS == 0 || s.Type != shtNobit || p.Type == uint64(elf.PT_TLS) {
		return s.Size
	}
	return 0
}

// sectionInSegment is binutils' ELF_SECTION_IN_SEGMENT_STRICT
// (include/elf/internal.h), with its unsigned arithmetic.
func sectionInSegment(s *section, p *segment) bool {
	const (
		ptLoad, ptDynamic, ptNote, ptPhdr, ptTLS = 1, 2, 4, 6, 7
		ptGNUEHFrame, ptGNUStack, ptGNURelro     = 0x6474e550, 0x6474e551, 0x6474e552
		ptGNUSFrame, ptMbindLo, ptMbindHi        = 0x6474e554, 0x6474e555, 0x6474f554
	)
	tls := s.Flags&shfTLS != 0
	alloc := s.Flags&shfAlloc != 0
	pt := p.Type
	if !((tls && (pt == ptTLS || pt == ptGNURelro || pt == ptLoad)) || (!tls && pt != ptTLS && pt != ptPhdr)) {
		return false
	}
	if !alloc && (pt == ptLoad || pt == ptDynamic || pt == ptGNUEHFrame || pt == ptGNUStack ||
		pt == ptGNURelro || pt == ptGNUSFrame || (pt >= ptMbindLo && pt <= ptMbindHi)) {
		return false
	}
	size := sectionSize(s, p)
	if s.Type != shtNobit {
		if !(s.Offset >= p.Offset && s.Offset-p.Offset <= p.Filesz-1 && s.Offset-p.Offset+size <= p.Filesz) {
			return false
		}
	}
	if alloc {
		if !(s.Addr >= p.Vaddr && s.Addr-p.Vaddr <= p.Memsz-1 && s.Addr-p.Vaddr+size <= p.Memsz) {
			return false
		}
	}
	if (pt == ptDynamic || pt == ptNote) && s.Size == 0 && p.Memsz != 0 {
		inFile := s.Type == shtNobit || (s.Offset > p.Offset && s.Offset-p.Offset < p.Filesz)
		inMem := !alloc || (s.Addr > p.Vaddr && s.Addr-p.Vaddr < p.Memsz)
		if !(inFile && inMem) {
			return false
		}
	}
	return true
}
