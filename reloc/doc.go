// Package reloc reads ELF relocations of either class: it decodes
// relocation tables, knows the relocation types of the common machines,
// and applies the static relocations that debug sections of relocatable
// objects need.
//
// # Tables
//
// A [File] sits over an [elf64.File] or [elf32.File] (or opens one). Its
// relocation tables are [Table] views of the file's bytes:
//
//   - from sections: SHT_REL, SHT_RELA, SHT_RELR and SHT_CREL
//     ([File.Tables], [File.TablesFor], [File.SectionTable]);
//   - from the dynamic segment: DT_REL, DT_RELA, DT_JMPREL (with
//     DT_PLTREL) and DT_RELR, in files without section headers and in
//     memory images too ([File.DynamicTables], [NewImage]).
//
// [Table.All] iterates over the entries as [Reloc] values: offset, type,
// symbol index and addend; a [Reader] decodes them into a caller's buffer
// many at a time, for the largest tables; [Table.At] gives one. Decoding
// allocates nothing and costs a few nanoseconds per entry; an ELF64 RELA
// table stored in the running program's byte order (the large tables of
// x86-64, arm64 and riscv64 programs) is also offered as a slice of
// [Rela64] records over the file's bytes ([Table.Rela64]), which costs
// nothing to decode. Each table is checked when it is made (sizes, entry
// sizes, RELR and CREL encodings), so iteration cannot fail. RELR words
// expand to one entry per address. The r_info of 64-bit MIPS, which
// holds three types and a special symbol (and is byte-swapped in
// little-endian files), and of SPARC V9, whose type field carries a datum,
// are unpacked. [File.Symbols] resolves symbol indexes to names, values and
// versions; [File.Addend] reads the implicit addends of REL and RELR
// entries from the place they relocate.
//
// # Relocation types
//
// [Lookup] gives the facts of a relocation type of x86-64 (and x32), i386,
// AArch64, ARM, RISC-V, PowerPC, PowerPC64, s390/s390x, MIPS, LoongArch and
// SPARC: its name (the vocabulary's, github.com/elfkit/elf), the size of
// the field it writes, whether it is PC-relative, whether it uses a
// symbol, and whether the dynamic loader processes it.
//
// # Applying
//
// The DWARF of a relocatable object (ET_REL) is incomplete until its
// relocations are applied: string offsets, addresses and, on RISC-V and
// LoongArch, label differences are left to the linker. [File.RelocatedSection]
// returns a section with them applied, as debug/elf does before handing
// .debug_* sections to debug/dwarf, into a buffer the caller can reuse;
// [File.Apply] applies one table to bytes the caller holds. Types they do
// not handle are errors that name the type.
//
// Malformed input never makes this package panic, loop without bound or
// allocate in proportion to a count the file merely states; errors are
// *elf.FormatError values wrapping the elf.Err* sentinels.
package reloc
