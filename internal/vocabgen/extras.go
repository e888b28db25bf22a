package main

// This file is the hand-kept half of the vocabulary: how each type is
// declared and documented, and the constants debug/elf does not have.
// Values come from the gABI, binutils' include/elf/common.h, LLVM's
// BinaryFormat/ELF.h and Linux's uapi/linux/elf.h; only values that those
// agree on are listed.

// typeInfo says how a type of the vocabulary is declared. Every named
// non-struct type of debug/elf must have one (vocabgen stops otherwise, so
// a new type in a new Go release is a decision, not an accident); types
// that debug/elf lacks are declared from here alone.
type typeInfo struct {
	name       string
	underlying string // "" keeps debug/elf's
	doc        string
	flags      bool   // String formats a bit set; only read when debug/elf has no String for it
	fallback   string // comment for constants that carry none in debug/elf
}

var typeInfos = []typeInfo{
	{name: "Version", doc: "Version is the ELF format version, in e_ident[EI_VERSION] and e_version."},
	{name: "Class", doc: "Class is the file class, in e_ident[EI_CLASS]: 32- or 64-bit records."},
	{name: "Data", doc: "Data is the data encoding, in e_ident[EI_DATA]: the byte order of every multi-byte field."},
	{name: "OSABI", doc: "OSABI is the OS or ABI extension the file uses, in e_ident[EI_OSABI]."},
	{name: "Type", doc: "Type is the object file type, e_type."},
	{name: "Machine", doc: "Machine is the architecture, e_machine."},
	{name: "SectionIndex", doc: "SectionIndex is a section header table index (st_shndx and the like);\n" +
		"values from SHN_LORESERVE up are reserved for special meanings."},
	{name: "SectionType", doc: "SectionType is a section's kind, sh_type."},
	{name: "SectionFlag", underlying: "uint64", doc: "SectionFlag is a bit set of section attributes, sh_flags. It is\n" +
		"64 bits wide, as sh_flags is in ELF64 (debug/elf's is 32)."},
	{name: "CompressionType", doc: "CompressionType is the compression of an SHF_COMPRESSED section, ch_type.\n" +
		"The gABI names these ELFCOMPRESS_*; both spellings are defined."},
	{name: "ProgType", doc: "ProgType is a segment's kind, p_type."},
	{name: "ProgFlag", doc: "ProgFlag is a bit set of segment permissions, p_flags."},
	{name: "DynTag", underlying: "int64", fallback: "see the gABI or the processor supplement", doc: "DynTag is the kind of a dynamic section entry, d_tag. It is 64 bits\n" +
		"wide, as d_tag (an Sxword) is in ELF64 (debug/elf's is int)."},
	{name: "DynFlag", doc: "DynFlag is a bit set of DT_FLAGS values."},
	{name: "DynFlag1", doc: "DynFlag1 is a bit set of DT_FLAGS_1 values."},
	{name: "NType", doc: "NType is the type of a note in a core file (owner \"CORE\" or \"LINUX\"),\n" +
		"n_type. Notes of owner \"GNU\" use GNUNoteType."},
	{name: "SymBind", doc: "SymBind is a symbol's binding, the high four bits of st_info (see ST_BIND)."},
	{name: "SymType", doc: "SymType is a symbol's type, the low four bits of st_info (see ST_TYPE)."},
	{name: "SymVis", doc: "SymVis is a symbol's visibility, the low two bits of st_other (see ST_VISIBILITY)."},
	{name: "R_X86_64", doc: "R_X86_64 is a relocation type for x86-64.", fallback: "x86-64 relocation"},
	{name: "R_AARCH64", doc: "R_AARCH64 is a relocation type for AArch64 (arm64).", fallback: "AArch64 relocation"},
	{name: "R_ALPHA", doc: "R_ALPHA is a relocation type for Alpha.", fallback: "Alpha relocation"},
	{name: "R_ARM", doc: "R_ARM is a relocation type for 32-bit ARM.", fallback: "ARM relocation"},
	{name: "R_386", doc: "R_386 is a relocation type for i386.", fallback: "i386 relocation"},
	{name: "R_MIPS", doc: "R_MIPS is a relocation type for MIPS.", fallback: "MIPS relocation"},
	{name: "R_LARCH", doc: "R_LARCH is a relocation type for LoongArch.", fallback: "LoongArch relocation"},
	{name: "R_PPC", doc: "R_PPC is a relocation type for 32-bit PowerPC. Values shared with R_PPC64\n" +
		"(R_POWERPC_* in the ABI) are named R_PPC_* here.", fallback: "PowerPC relocation"},
	{name: "R_PPC64", doc: "R_PPC64 is a relocation type for 64-bit PowerPC. Values shared with R_PPC\n" +
		"(R_POWERPC_* in the ABI) are named R_PPC64_* here.", fallback: "PowerPC64 relocation"},
	{name: "R_RISCV", doc: "R_RISCV is a relocation type for RISC-V.", fallback: "RISC-V relocation"},
	{name: "R_390", doc: "R_390 is a relocation type for s390x.", fallback: "s390x relocation"},
	{name: "R_SPARC", doc: "R_SPARC is a relocation type for SPARC.", fallback: "SPARC relocation"},
	{name: "DynamicVersionFlag", flags: true, doc: "DynamicVersionFlag is a bit set of version flags, vd_flags and vna_flags."},

	// Types debug/elf does not have.
	{name: "GNUNoteType", underlying: "uint32", doc: "GNUNoteType is the type of a note whose owner is \"GNU\", n_type."},
	{name: "GNUProperty", underlying: "uint32", doc: "GNUProperty is the type of a property in an NT_GNU_PROPERTY_TYPE_0 note,\n" +
		"pr_type. Processor-specific values overlap between machines; String\n" +
		"names 0xc0000000 after AArch64, the only current user of that value."},
	{name: "GNUPropertyX86Feature1", underlying: "uint32", flags: true,
		doc: "GNUPropertyX86Feature1 is the bit set of a GNU_PROPERTY_X86_FEATURE_1_AND property."},
	{name: "GNUPropertyX86ISA1", underlying: "uint32", flags: true,
		doc: "GNUPropertyX86ISA1 is the bit set of a GNU_PROPERTY_X86_ISA_1_NEEDED or\n" +
			"GNU_PROPERTY_X86_ISA_1_USED property: the x86-64 micro-architecture levels."},
	{name: "GNUPropertyAArch64Feature1", underlying: "uint32", flags: true,
		doc: "GNUPropertyAArch64Feature1 is the bit set of a GNU_PROPERTY_AARCH64_FEATURE_1_AND property."},
}

// extra is a constant debug/elf lacks. When a later debug/elf defines the
// same name, vocabgen drops the extra (after checking that the values
// agree), so the list can only lag, never conflict.
type extra struct {
	typ   string // "" for an untyped constant
	name  string
	value string // a Go integer literal, or the name of a constant it equals
	doc   string
	named bool // String prints this name; false for aliases and for
	// processor-specific values that overlap between machines
}

var extras = []extra{
	{"OSABI", "ELFOSABI_GNU", "ELFOSABI_LINUX", "GNU; the gABI's name for ELFOSABI_LINUX", false},
	{"OSABI", "ELFOSABI_OPENVOS", "18", "Stratus Technologies OpenVOS", true},
	{"OSABI", "ELFOSABI_CUDA_V2", "41", "NVIDIA CUDA architecture (LLVM)", true},
	{"OSABI", "ELFOSABI_CUDA", "51", "NVIDIA CUDA architecture (LLVM)", true},
	{"OSABI", "ELFOSABI_AMDGPU_HSA", "64", "AMD HSA runtime; processor-specific", false},
	{"OSABI", "ELFOSABI_AMDGPU_PAL", "65", "AMD PAL runtime; processor-specific", false},
	{"OSABI", "ELFOSABI_AMDGPU_MESA3D", "66", "AMD GCN GPUs for Mesa; processor-specific", false},
	{"OSABI", "ELFOSABI_ARM_FDPIC", "65", "ARM FDPIC; processor-specific", false},
	{"OSABI", "ELFOSABI_C6000_ELFABI", "64", "bare-metal TMS320C6000; processor-specific", false},
	{"OSABI", "ELFOSABI_C6000_LINUX", "65", "Linux TMS320C6000; processor-specific", false},

	{"Machine", "EM_IAMCU", "6", "Intel MCU; the current name of value 6 (debug/elf: EM_486)", false},
	{"Machine", "EM_CEVA", "245", "CEVA Processor Architecture Family", true},
	{"Machine", "EM_CEVA_X2", "246", "CEVA X2 Processor Family", true},
	{"Machine", "EM_GRAPHCORE_IPU", "248", "Graphcore Intelligent Processing Unit", true},
	{"Machine", "EM_IMG1", "249", "Imagination Technologies", true},
	{"Machine", "EM_NFP", "250", "Netronome Flow Processor", true},
	{"Machine", "EM_VE", "251", "NEC Vector Engine", true},
	{"Machine", "EM_CSKY", "252", "C-SKY processor family", true},
	{"Machine", "EM_ARC_COMPACT3_64", "253", "Synopsys ARCv2.3 64-bit", true},
	{"Machine", "EM_MCS6502", "254", "MOS Technology MCS 6502 processor", true},
	{"Machine", "EM_ARC_COMPACT3", "255", "Synopsys ARCv2.3 32-bit", true},
	{"Machine", "EM_KVX", "256", "Kalray VLIW core of the MPPA processor family", true},
	{"Machine", "EM_65816", "257", "WDC 65816/65C816", true},
	{"Machine", "EM_KF32", "259", "ChipON KungFu32", true},
	{"Machine", "EM_U16_U8CORE", "260", "LAPIS nX-U16/U8", true},
	{"Machine", "EM_TACHYUM", "261", "Tachyum", true},
	{"Machine", "EM_56800EF", "262", "NXP 56800EF Digital Signal Controller", true},
	{"Machine", "EM_SBF", "263", "Solana Bytecode Format", true},
	{"Machine", "EM_AIENGINE", "264", "AMD/Xilinx AIEngine architecture", true},
	{"Machine", "EM_SIMA_MLA", "265", "SiMa MLA", true},
	{"Machine", "EM_BANG", "266", "Cambricon BANG", true},
	{"Machine", "EM_LOONGGPU", "267", "Loongson LoongArch GPU", true},

	{"SectionType", "SHT_RELR", "19", "relative relocations, compressed (DT_RELR)", true},
	{"SectionType", "SHT_CREL", "0x40000014", "compact relocations (CREL)", true},
	{"SectionType", "SHT_LLVM_ODRTAB", "0x6fff4c00", "LLVM ODR table", true},
	{"SectionType", "SHT_LLVM_LINKER_OPTIONS", "0x6fff4c01", "LLVM linker options", true},
	{"SectionType", "SHT_LLVM_ADDRSIG", "0x6fff4c03", "LLVM address-significant symbols, for safe ICF", true},
	{"SectionType", "SHT_LLVM_DEPENDENT_LIBRARIES", "0x6fff4c04", "LLVM dependent library specifiers", true},
	{"SectionType", "SHT_LLVM_SYMPART", "0x6fff4c05", "LLVM symbol partition specification", true},
	{"SectionType", "SHT_LLVM_PART_EHDR", "0x6fff4c06", "LLVM ELF header for a loadable partition", true},
	{"SectionType", "SHT_LLVM_PART_PHDR", "0x6fff4c07", "LLVM program headers for a loadable partition", true},
	{"SectionType", "SHT_LLVM_BB_ADDR_MAP_V0", "0x6fff4c08", "LLVM basic block address map, old version", true},
	{"SectionType", "SHT_LLVM_CALL_GRAPH_PROFILE", "0x6fff4c09", "LLVM call graph profile", true},
	{"SectionType", "SHT_LLVM_BB_ADDR_MAP", "0x6fff4c0a", "LLVM basic block address map", true},
	{"SectionType", "SHT_LLVM_OFFLOADING", "0x6fff4c0b", "LLVM device offloading data", true},
	{"SectionType", "SHT_LLVM_LTO", "0x6fff4c0c", "LLVM .llvm.lto, for fat LTO", true},
	{"SectionType", "SHT_GNU_INCREMENTAL_INPUTS", "0x6fff4700", "gold incremental build data", true},
	{"SectionType", "SHT_X86_64_UNWIND", "0x70000001", "x86-64 unwind information; processor-specific", false},
	{"SectionType", "SHT_ARM_EXIDX", "0x70000001", "ARM exception index table; processor-specific", false},
	{"SectionType", "SHT_ARM_PREEMPTMAP", "0x70000002", "ARM BPABI DLL dynamic linking pre-emption map; processor-specific", false},
	{"SectionType", "SHT_ARM_ATTRIBUTES", "0x70000003", "ARM object compatibility attributes; processor-specific", false},

	{"SectionFlag", "SHF_GNU_RETAIN", "0x200000", "Section is kept by linker garbage collection.", true},
	{"SectionFlag", "SHF_GNU_MBIND", "0x1000000", "Section is mbind'ed (GNU).", true},
	{"SectionFlag", "SHF_X86_64_LARGE", "0x10000000", "Section may be more than 2 GiB away (x86-64); processor-specific.", false},
	{"SectionFlag", "SHF_EXCLUDE", "0x80000000", "The link editor leaves the section out of its output (GNU).", true},

	{"CompressionType", "ELFCOMPRESS_ZLIB", "COMPRESS_ZLIB", "gABI name of COMPRESS_ZLIB", false},
	{"CompressionType", "ELFCOMPRESS_ZSTD", "COMPRESS_ZSTD", "gABI name of COMPRESS_ZSTD", false},
	{"CompressionType", "ELFCOMPRESS_LOOS", "COMPRESS_LOOS", "gABI name of COMPRESS_LOOS", false},
	{"CompressionType", "ELFCOMPRESS_HIOS", "COMPRESS_HIOS", "gABI name of COMPRESS_HIOS", false},
	{"CompressionType", "ELFCOMPRESS_LOPROC", "COMPRESS_LOPROC", "gABI name of COMPRESS_LOPROC", false},
	{"CompressionType", "ELFCOMPRESS_HIPROC", "COMPRESS_HIPROC", "gABI name of COMPRESS_HIPROC", false},

	{"ProgType", "PT_GNU_PROPERTY", "0x6474e553", "GNU property notes", true},
	{"ProgType", "PT_GNU_SFRAME", "0x6474e554", "SFrame stack trace information", true},

	{"DynTag", "DT_RELRSZ", "35", "Total size of the DT_RELR table.", true},
	{"DynTag", "DT_RELR", "36", "Address of the DT_RELR (relative relocation) table.", true},
	{"DynTag", "DT_RELRENT", "37", "Size of a DT_RELR entry.", true},

	{"NType", "NT_PRFPREG", "NT_FPREGSET", "Linux name of NT_FPREGSET", false},
	{"NType", "NT_TASKSTRUCT", "4", "Task structure.", true},
	{"NType", "NT_AUXV", "6", "Auxiliary vector (Elf_auxv_t entries).", true},
	{"NType", "NT_PPC_VMX", "0x100", "PowerPC Altivec/VMX registers.", true},
	{"NType", "NT_PPC_VSX", "0x102", "PowerPC VSX registers.", true},
	{"NType", "NT_386_TLS", "0x200", "i386 TLS slots.", true},
	{"NType", "NT_386_IOPERM", "0x201", "x86 I/O permission bitmap.", true},
	{"NType", "NT_X86_XSTATE", "0x202", "x86 XSAVE extended state.", true},
	{"NType", "NT_S390_HIGH_GPRS", "0x300", "s390 upper halves of the GPRs.", true},
	{"NType", "NT_ARM_VFP", "0x400", "ARM VFP registers.", true},
	{"NType", "NT_ARM_TLS", "0x401", "AArch64 TLS register.", true},
	{"NType", "NT_ARM_HW_BREAK", "0x402", "AArch64 hardware breakpoint registers.", true},
	{"NType", "NT_ARM_HW_WATCH", "0x403", "AArch64 hardware watchpoint registers.", true},
	{"NType", "NT_ARM_SVE", "0x405", "AArch64 SVE registers.", true},
	{"NType", "NT_ARM_PAC_MASK", "0x406", "AArch64 pointer authentication code masks.", true},
	{"NType", "NT_RISCV_CSR", "0x900", "RISC-V control and status registers.", true},
	{"NType", "NT_FILE", "0x46494c45", "Files mapped into the process.", true},
	{"NType", "NT_PRXFPREG", "0x46e62b7f", "x86 user_fxsr_struct (FXSAVE) registers.", true},
	{"NType", "NT_SIGINFO", "0x53494749", "The siginfo_t of the signal that ended the process.", true},

	{"GNUNoteType", "NT_GNU_ABI_TAG", "1", "ABI tag: OS and earliest kernel version (.note.ABI-tag).", true},
	{"GNUNoteType", "NT_GNU_HWCAP", "2", "Hardware capabilities.", true},
	{"GNUNoteType", "NT_GNU_BUILD_ID", "3", "Build ID (ld --build-id).", true},
	{"GNUNoteType", "NT_GNU_GOLD_VERSION", "4", "Version of gold that linked the file.", true},
	{"GNUNoteType", "NT_GNU_PROPERTY_TYPE_0", "5", "Program properties (.note.gnu.property).", true},
	{"GNUNoteType", "NT_GNU_BUILD_ATTRIBUTE_OPEN", "0x100", "Build attributes, open (annobin).", true},
	{"GNUNoteType", "NT_GNU_BUILD_ATTRIBUTE_FUNC", "0x101", "Build attributes, function (annobin).", true},

	{"GNUProperty", "GNU_PROPERTY_STACK_SIZE", "1", "Stack size the program needs.", true},
	{"GNUProperty", "GNU_PROPERTY_NO_COPY_ON_PROTECTED", "2", "No copy relocations against protected data symbols.", true},
	{"GNUProperty", "GNU_PROPERTY_UINT32_AND_LO", "0xb0000000", "First 4-byte property whose bits are ANDed over inputs.", true},
	{"GNUProperty", "GNU_PROPERTY_UINT32_AND_HI", "0xb0007fff", "Last 4-byte property whose bits are ANDed over inputs.", true},
	{"GNUProperty", "GNU_PROPERTY_1_NEEDED", "0xb0008000", "Features the object needs (GNU_PROPERTY_1_NEEDED_* bits).", true},
	{"GNUProperty", "GNU_PROPERTY_UINT32_OR_LO", "GNU_PROPERTY_1_NEEDED", "First 4-byte property whose bits are ORed over inputs.", false},
	{"GNUProperty", "GNU_PROPERTY_UINT32_OR_HI", "0xb000ffff", "Last 4-byte property whose bits are ORed over inputs.", true},
	{"GNUProperty", "GNU_PROPERTY_AARCH64_FEATURE_1_AND", "0xc0000000", "AArch64 features (GNUPropertyAArch64Feature1), ANDed over inputs.", true},
	{"GNUProperty", "GNU_PROPERTY_LOPROC", "GNU_PROPERTY_AARCH64_FEATURE_1_AND", "First processor-specific property.", false},
	{"GNUProperty", "GNU_PROPERTY_X86_FEATURE_1_AND", "0xc0000002", "x86 features (GNUPropertyX86Feature1), ANDed over inputs.", true},
	{"GNUProperty", "GNU_PROPERTY_X86_FEATURE_2_NEEDED", "0xc0008001", "x86 features the object needs.", true},
	{"GNUProperty", "GNU_PROPERTY_X86_ISA_1_NEEDED", "0xc0008002", "x86 ISA levels the object needs (GNUPropertyX86ISA1).", true},
	{"GNUProperty", "GNU_PROPERTY_X86_FEATURE_2_USED", "0xc0010001", "x86 features the object uses.", true},
	{"GNUProperty", "GNU_PROPERTY_X86_ISA_1_USED", "0xc0010002", "x86 ISA levels the object uses (GNUPropertyX86ISA1).", true},
	{"GNUProperty", "GNU_PROPERTY_HIPROC", "0xdfffffff", "Last processor-specific property.", true},
	{"GNUProperty", "GNU_PROPERTY_LOUSER", "0xe0000000", "First application-specific property.", true},
	{"GNUProperty", "GNU_PROPERTY_HIUSER", "0xffffffff", "Last application-specific property.", true},

	{"GNUPropertyX86Feature1", "GNU_PROPERTY_X86_FEATURE_1_IBT", "0x1", "Indirect branch tracking (CET).", true},
	{"GNUPropertyX86Feature1", "GNU_PROPERTY_X86_FEATURE_1_SHSTK", "0x2", "Shadow stack (CET).", true},
	{"GNUPropertyX86Feature1", "GNU_PROPERTY_X86_FEATURE_1_LAM_U48", "0x4", "Linear address masking, 48-bit user addresses.", true},
	{"GNUPropertyX86Feature1", "GNU_PROPERTY_X86_FEATURE_1_LAM_U57", "0x8", "Linear address masking, 57-bit user addresses.", true},

	{"GNUPropertyX86ISA1", "GNU_PROPERTY_X86_ISA_1_BASELINE", "0x1", "x86-64 baseline: CMOV, CX8, FPU, FXSR, MMX, SCE, SSE, SSE2.", true},
	{"GNUPropertyX86ISA1", "GNU_PROPERTY_X86_ISA_1_V2", "0x2", "x86-64-v2: baseline, CMPXCHG16B, LAHF-SAHF, POPCNT, SSE3, SSSE3, SSE4.1, SSE4.2.", true},
	{"GNUPropertyX86ISA1", "GNU_PROPERTY_X86_ISA_1_V3", "0x4", "x86-64-v3: v2, AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT, MOVBE, XSAVE.", true},
	{"GNUPropertyX86ISA1", "GNU_PROPERTY_X86_ISA_1_V4", "0x8", "x86-64-v4: v3, AVX512F, AVX512BW, AVX512CD, AVX512DQ, AVX512VL.", true},

	{"GNUPropertyAArch64Feature1", "GNU_PROPERTY_AARCH64_FEATURE_1_BTI", "0x1", "Branch target identification.", true},
	{"GNUPropertyAArch64Feature1", "GNU_PROPERTY_AARCH64_FEATURE_1_PAC", "0x2", "Pointer authentication (return addresses).", true},
	{"GNUPropertyAArch64Feature1", "GNU_PROPERTY_AARCH64_FEATURE_1_GCS", "0x4", "Guarded control stack.", true},

	{"", "PN_XNUM", "0xffff", "PN_XNUM in e_phnum means the number of program headers is in sh_info\nof section header 0 (extended numbering).", false},
	{"", "STN_UNDEF", "0", "STN_UNDEF is the index of the undefined symbol, entry 0 of every symbol table.", false},
	{"", "VER_NDX_LOCAL", "0", "VER_NDX_LOCAL in a versym entry: the symbol is local, not available outside the object.", false},
	{"", "VER_NDX_GLOBAL", "1", "VER_NDX_GLOBAL in a versym entry: the symbol is global, of the base version.", false},
	{"", "VER_NDX_LORESERVE", "0xff00", "VER_NDX_LORESERVE is the first reserved versym index.", false},
	{"", "VER_NDX_ELIMINATE", "0xff01", "VER_NDX_ELIMINATE in a versym entry: the symbol is to be eliminated.", false},
	{"", "VERSYM_HIDDEN", "0x8000", "VERSYM_HIDDEN is the bit of a versym entry that hides the symbol from\nlookups that do not name its version.", false},
	{"", "VERSYM_VERSION", "0x7fff", "VERSYM_VERSION masks the version index out of a versym entry.", false},
	{"", "VER_DEF_NONE", "0", "VER_DEF_NONE is an invalid vd_version.", false},
	{"", "VER_DEF_CURRENT", "1", "VER_DEF_CURRENT is the current vd_version.", false},
	{"", "VER_NEED_NONE", "0", "VER_NEED_NONE is an invalid vn_version.", false},
	{"", "VER_NEED_CURRENT", "1", "VER_NEED_CURRENT is the current vn_version.", false},
	{"", "GNU_PROPERTY_1_NEEDED_INDIRECT_EXTERN_ACCESS", "0x1", "GNU_PROPERTY_1_NEEDED_INDIRECT_EXTERN_ACCESS in a GNU_PROPERTY_1_NEEDED\nproperty: the object needs canonical function pointers and no copy\nrelocations.", false},
	{"", "NT_GO_BUILD_ID", "4", "NT_GO_BUILD_ID is the type of the note of owner \"Go\" that holds the Go\nbuild ID (section .note.go.buildid).", false},
}

// definedByHand are debug/elf constants that the elf package declares in a
// hand-written file; vocabgen leaves them out of zvocab.go.
var definedByHand = map[string]bool{
	"EI_CLASS": true, "EI_DATA": true, "EI_VERSION": true, "EI_OSABI": true,
	"EI_ABIVERSION": true, "EI_PAD": true, "EI_NIDENT": true, "ELFMAG": true,
}

// untypedDocs documents untyped debug/elf constants, in place of the
// comment there (if any), which does not begin with the name.
var untypedDocs = map[string]string{
	"Sym32Size":              "Sym32Size is the size in bytes of an ELF32 symbol table entry.",
	"Sym64Size":              "Sym64Size is the size in bytes of an ELF64 symbol table entry.",
	"ARM_MAGIC_TRAMP_NUMBER": "ARM_MAGIC_TRAMP_NUMBER is the magic number of the ELF trampoline, chosen to be\nan immediate value.",
}

// constComments documents debug/elf constants that carry no comment there
// and whose type has no fallback that fits.
var constComments = map[string]string{
	"EV_NONE":    "Invalid version.",
	"EV_CURRENT": "Current version.",
}
