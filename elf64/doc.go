// Package elf64 reads ELF64 files and memory images in place.
//
// A File sits over the file's bytes (mapped by Open, or the caller's for
// NewFile and NewImage). Every record - Ehdr, Phdr, Shdr, Sym, Dyn, Rel,
// Rela, Verdef, Verdaux, Verneed, Vernaux, Versym, Nhdr, Chdr - is a small
// value view of those bytes with accessor methods named after the fields of
// the specification; tables of records are Table values with Len, At and
// All. Nothing is decoded into copies, and nothing panics on malformed input.
//
// The packages for the two classes have the same API: the 32-bit one is
// generated from the 64-bit one, except for the layout of the records
// (layout.go, written by hand in each).
package elf64

//go:generate go run ../internal/classgen
