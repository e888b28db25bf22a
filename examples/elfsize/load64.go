package main

// The class-specific part of elfsize. zload32.go is generated from this
// file (go generate): keep here only what depends on the class.

//go:generate go run ../../internal/classgen -in load64.go -names read64

import (
	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
)

// read64 reads an ELF64 file. Tables that cannot be read are left out:
// elfsize shows what it can.
func read64(path string) (*neutral, int, error) {
	f, err := elf64.Open(path)
	if err != nil {
		return nil, 0, err
	}
	size := int(f.Size())
	h := f.Ehdr()
	n := &neutral{desc: describe(h.Machine(), h.Type()), ehsize: uint64(h.Ehsize())}
	if ph, err := f.ProgramHeaders(); err == nil {
		n.phdrs, n.phsize = uint64(h.Phoff()), uint64(ph.Len())*uint64(h.Phentsize())
		for _, p := range ph.All() {
			n.segments = append(n.segments, nseg{p.Type(), p.Flags(), uint64(p.Offset()), uint64(p.Vaddr()), uint64(p.Filesz()), uint64(p.Memsz())})
		}
	}
	sh, err := f.SectionHeaders()
	if err != nil {
		return n, size, nil
	}
	n.shdrs, n.shsize = uint64(h.Shoff()), uint64(sh.Len())*uint64(h.Shentsize())
	for _, s := range sh.All() {
		name, _ := f.SectionName(s)
		n.sections = append(n.sections, nsec{name, s.Type(), s.Flags(), uint64(s.Offset()), uint64(s.Size())})
	}
	syms, err := f.Symbols()
	if err != nil || syms.Len() == 0 {
		syms, err = f.DynamicSymbols()
	}
	if err == nil {
		for i, s := range syms.All() {
			if i == 0 {
				continue
			}
			name, _ := syms.Name(s)
			shndx, err := syms.SectionIndex(i)
			if err != nil {
				continue
			}
			n.symbols = append(n.symbols, nsym{name, uint64(s.Value()), elf.SymType(s.Info() & 0xf), shndx, uint64(s.Size())})
		}
	}
	return n, size, nil
}
