// Package elf is the vocabulary of the ELF format shared by the rest of
// the module: the constants of the gABI and of the processor and OS
// supplements, each a named type with String and GoString methods, the
// decoding of e_ident, the hash functions of DT_HASH and DT_GNU_HASH, and
// the error types the readers return. It does no I/O; reading and writing
// files is for the elf64 and elf32 packages.
//
// Names, values and printed forms are those of debug/elf wherever it has
// them, so code moves over by changing the import path:
// SHT_LOOS+5 prints as "SHT_LOOS+5", PF_R|PF_W as "PF_W+PF_R". Where ELF64
// fields are wider than debug/elf's types, the types here are wider too
// (SectionFlag is a uint64, DynTag an int64). Constants debug/elf lacks are
// added: DT_RELR and SHT_RELR, PT_GNU_SFRAME, SHF_GNU_RETAIN, newer EM_*
// values, the symbol-versioning constants (VER_NDX_*, VERSYM_*), the GNU
// note types (GNUNoteType) and GNU program properties (GNUProperty).
//
// The constants live in zvocab.go, generated from debug/elf's source in the
// Go distribution and the additions listed in internal/vocabgen.
package elf

//go:generate go run ./internal/vocabgen
