package elf64_test

import (
	"fmt"
	"log"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
)

// A static x86-64 executable that exits with status 7, built in memory and
// read back.
func ExampleBuilder() {
	b := elf64.NewBuilder(elf.ET_EXEC, elf.EM_X86_64)
	code := []byte{
		0xb8, 60, 0, 0, 0, // mov $60,%eax (exit)
		0xbf, 7, 0, 0, 0, // mov $7,%edi
		0x0f, 0x05, // syscall
	}
	text := b.AddSection(".text", elf.SHT_PROGBITS, elf.SHF_ALLOC|elf.SHF_EXECINSTR, code)
	b.AddSymbol("_start", elf.STB_GLOBAL, elf.STT_FUNC, text, 0, elf64.Xword(len(code)))
	b.EntrySection = text
	data, err := b.Bytes() // Layout, then WriteTo; WriteFile writes a file atomically
	if err != nil {
		log.Fatal(err)
	}

	f, err := elf64.NewFile(data)
	if err != nil {
		log.Fatal(err)
	}
	sections, _ := f.SectionHeaders()
	for _, s := range sections.All() {
		name, _ := f.SectionName(s)
		fmt.Printf("%-10s %v\n", name, s.Type())
	}
	phdrs, _ := f.ProgramHeaders()
	for _, p := range phdrs.All() {
		fmt.Println(p.Type(), p.Flags())
	}
	fmt.Println(f.Ehdr().Entry() == text.Addr)
	// Output:
	//            SHT_NULL
	// .text      SHT_PROGBITS
	// .symtab    SHT_SYMTAB
	// .strtab    SHT_STRTAB
	// .shstrtab  SHT_STRTAB
	// PT_LOAD PF_R
	// PT_LOAD PF_X+PF_R
	// PT_GNU_STACK PF_W+PF_R
	// true
}
