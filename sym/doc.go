// Package sym looks up and symbolizes the symbols of ELF files of either
// class.
//
// It works over an elf64.File or an elf32.File - a file on disk or a memory
// image - through the same types: Dynamic and Static return a Table (one
// symbol table, read in place), NewSymbolizer returns a Symbolizer (an
// address index). The constructors are generic over the two file types, so
// code written once serves both classes; after construction nothing
// depends on the class's Go types, and the loops over symbols decode the
// records directly, without an interface call per symbol.
//
// What a Table does:
//
//   - Lookup and LookupVersion find a definition by name, and by name and
//     version, with the semantics of dlsym and dlvsym: through DT_GNU_HASH
//     (bloom filter first), else DT_HASH (including the 8-byte words of
//     64-bit s390 and Alpha), else a linear scan. A lookup without a
//     version finds the default ("name@@V") or an unversioned definition,
//     never a hidden version; one with a version finds exactly that version.
//     A broken hash table (no buckets, a chain that does not end, an index
//     past the table) makes the lookup fall back to the scan; nothing
//     panics and every walk is bounded by the size of its table.
//   - All and At give every symbol with its name and version, resolved from
//     Versym and Verdef/Vernaux the way readelf --dyn-syms prints them
//     (Version.String gives readelf's "@@V", "@V" or "@V (n)").
//
// A Symbolizer maps an address to the symbol that covers it and the offset
// into it, from .symtab when the file has one and .dynsym otherwise. See
// Symbolizer for which symbol wins when several cover an address, and how
// ARM Thumb functions and PowerPC64 ELFv1 function descriptors are handled.
//
// Names and version names returned are views of the file's bytes, valid
// while the File is open (see elf64.File); nothing is copied.
package sym
