package reloc

import (
	"strconv"

	"github.com/elfkit/elf"
)

// op is what Apply computes for a relocation type, with S the symbol's
// value, A the addend, P the place's address and F the field's contents.
type op uint8

const (
	opUnsupported op = iota // Apply fails naming the type
	opNone                  // writes nothing (R_*_NONE, relaxation markers)
	opAbs                   // S + A
	opPCRel                 // S + A - P
	opAdd                   // F + S + A
	opSub                   // F - (S + A)
	opSet6                  // low 6 bits of the byte = S + A
	opAdd6                  // low 6 bits of the byte = F + S + A
	opSub6                  // low 6 bits of the byte = F - (S + A)
	opSetULEB               // the ULEB128 in place = S + A, same length
	opAddULEB               // the ULEB128 in place = F + S + A
	opSubULEB               // the ULEB128 in place = F - (S + A)
	opTLS                   // the offset in the module's TLS block (DTPREL/DTPOFF): left as stored
)

// Flags of a row.
const (
	pc uint8 = 1 << iota // PC-relative
	sy                   // uses a symbol
	dy                   // processed by the dynamic loader
	wd                   // the field is a plain integer of the row's size
)

// Sizes that depend on the class.
const (
	word   = -1 // the class's word: 4 or 8 bytes
	words2 = -2 // two words
)

// row is one relocation type of one machine.
type row struct {
	name  string
	size  int8
	flags uint8
	op    op
}

// Howto describes one relocation type of one machine.
type Howto struct {
	Type uint32 // the relocation type
	Name string // its name, e.g. "R_X86_64_PC32"
	// Size is the number of bytes of the field the relocation writes: the
	// data word, or the instruction (or instruction pair) it patches. It is
	// 0 for types that write nothing (R_*_NONE, markers, stack operations,
	// R_*_COPY) and for variable-length fields (ULEB128).
	Size        int
	PCRelative  bool // the value is relative to the place's address
	NeedsSymbol bool // the value depends on the symbol (its value, GOT or PLT entry, TLS module)
	// Dynamic reports a type the dynamic loader processes in DT_REL,
	// DT_RELA, DT_JMPREL or DT_RELR tables (for ld.so of glibc), as well
	// as or instead of the static linker.
	Dynamic bool
	// Data reports that the field is a plain integer of Size bytes in the
	// file's byte order (not an instruction's bit field), so an implicit
	// addend can be read with ImplicitAddend.
	Data bool
	op   op
}

// CanApply reports whether Apply handles this type.
func (h Howto) CanApply() bool { return h.op != opUnsupported }

// rows returns the table of machine m, or nil.
func rows(m elf.Machine) []row {
	switch m {
	case elf.EM_X86_64:
		return x86_64Types[:]
	case elf.EM_386, elf.EM_IAMCU:
		return i386Types[:]
	case elf.EM_AARCH64:
		return aarch64Types[:]
	case elf.EM_ARM:
		return armTypes[:]
	case elf.EM_RISCV:
		return riscvTypes[:]
	case elf.EM_PPC:
		return ppcTypes[:]
	case elf.EM_PPC64:
		return ppc64Types[:]
	case elf.EM_S390:
		return s390Types[:]
	case elf.EM_MIPS, elf.EM_MIPS_RS3_LE:
		return mipsTypes[:]
	case elf.EM_LOONGARCH:
		return loongarchTypes[:]
	case elf.EM_SPARC, elf.EM_SPARC32PLUS, elf.EM_SPARCV9:
		return sparcTypes[:]
	}
	return nil
}

// Lookup returns the facts of relocation type typ of machine m in a file of
// class c (which decides the size of word-sized fields). ok is false for a
// machine or a type the tables do not know. Known machines: x86-64 (and
// x32), i386, AArch64 (LP64 and ILP32), ARM, RISC-V, PowerPC, PowerPC64,
// s390/s390x, MIPS, LoongArch and SPARC.
func Lookup(m elf.Machine, c elf.Class, typ uint32) (h Howto, ok bool) {
	t := rows(m)
	if uint64(typ) >= uint64(len(t)) || t[typ].name == "" {
		return Howto{Type: typ, Name: TypeName(m, typ)}, false
	}
	r := &t[typ]
	size := int(r.size)
	ws := 4
	if c == elf.ELFCLASS64 {
		ws = 8
	}
	switch r.size {
	case word:
		size = ws
	case words2:
		size = 2 * ws
	}
	return Howto{
		Type:        typ,
		Name:        r.name,
		Size:        size,
		PCRelative:  r.flags&pc != 0,
		NeedsSymbol: r.flags&sy != 0,
		Dynamic:     r.flags&dy != 0,
		Data:        r.flags&wd != 0,
		op:          r.op,
	}, true
}

// TypeName returns the name of relocation type typ of machine m: the name
// the tables or the vocabulary package give it, else the vocabulary's
// String of the machine's type (as debug/elf prints it), else the number.
func TypeName(m elf.Machine, typ uint32) string {
	if t := rows(m); uint64(typ) < uint64(len(t)) && t[typ].name != "" {
		return t[typ].name
	}
	switch m {
	case elf.EM_X86_64:
		return elf.R_X86_64(typ).String()
	case elf.EM_386, elf.EM_IAMCU:
		return elf.R_386(typ).String()
	case elf.EM_AARCH64:
		return elf.R_AARCH64(typ).String()
	case elf.EM_ARM:
		return elf.R_ARM(typ).String()
	case elf.EM_RISCV:
		return elf.R_RISCV(typ).String()
	case elf.EM_PPC:
		return elf.R_PPC(typ).String()
	case elf.EM_PPC64:
		return elf.R_PPC64(typ).String()
	case elf.EM_S390:
		return elf.R_390(typ).String()
	case elf.EM_MIPS, elf.EM_MIPS_RS3_LE:
		return elf.R_MIPS(typ).String()
	case elf.EM_LOONGARCH:
		return elf.R_LARCH(typ).String()
	case elf.EM_SPARC, elf.EM_SPARC32PLUS, elf.EM_SPARCV9:
		return elf.R_SPARC(typ).String()
	case elf.EM_ALPHA:
		return elf.R_ALPHA(typ).String()
	}
	return strconv.FormatUint(uint64(typ), 10)
}

// relativeType returns the machine's RELATIVE type: the one RELR entries
// stand for.
func relativeType(m elf.Machine, is64 bool) (uint32, bool) {
	switch m {
	case elf.EM_X86_64:
		return uint32(elf.R_X86_64_RELATIVE), true
	case elf.EM_386, elf.EM_IAMCU:
		return uint32(elf.R_386_RELATIVE), true
	case elf.EM_AARCH64:
		if !is64 {
			return uint32(elf.R_AARCH64_P32_RELATIVE), true
		}
		return uint32(elf.R_AARCH64_RELATIVE), true
	case elf.EM_ARM:
		return uint32(elf.R_ARM_RELATIVE), true
	case elf.EM_RISCV:
		return uint32(elf.R_RISCV_RELATIVE), true
	case elf.EM_PPC:
		return uint32(elf.R_PPC_RELATIVE), true
	case elf.EM_PPC64:
		return uint32(elf.R_PPC64_RELATIVE), true
	case elf.EM_S390:
		return uint32(elf.R_390_RELATIVE), true
	case elf.EM_MIPS, elf.EM_MIPS_RS3_LE:
		return uint32(elf.R_MIPS_REL32), true
	case elf.EM_LOONGARCH:
		return uint32(elf.R_LARCH_RELATIVE), true
	case elf.EM_SPARC, elf.EM_SPARC32PLUS, elf.EM_SPARCV9:
		return uint32(elf.R_SPARC_RELATIVE), true
	}
	return 0, false
}

// RelativeType returns the relative relocation type of machine m in a file
// of class c (the type each RELR entry stands for); ok is false for a
// machine the tables do not know.
func RelativeType(m elf.Machine, c elf.Class) (typ uint32, ok bool) {
	return relativeType(m, c == elf.ELFCLASS64)
}
