package elf64_test

import (
	"fmt"
	"log"
	"os"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
)

// A sample shared object of this package's class from the module's testdata.
var exampleFile = map[elf.Class]string{
	elf.ELFCLASS64: "../testdata/libhello-x86_64.so",
	elf.ELFCLASS32: "../testdata/libhello-i386.so",
}[elf64.Class]

// Example opens a shared object, reads its version definitions and finds a
// dynamic symbol with its version, without copying anything out of the
// mapped file.
func Example() {
	f, err := elf64.Open(exampleFile)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	v, err := f.Versions()
	if err != nil {
		log.Fatal(err)
	}
	for d, err := range v.Definitions() {
		if err != nil {
			log.Fatal(err)
		}
		if d.Flags()&elf.VER_FLG_BASE != 0 {
			continue // the file's own name, not a symbol version
		}
		fmt.Println("defines", d.Name, "index", d.Ndx())
	}

	syms, err := f.DynamicSymbols()
	if err != nil {
		log.Fatal(err)
	}
	names, err := v.Names(nil)
	if err != nil {
		log.Fatal(err)
	}
	for i, s := range syms.All() {
		name, _ := syms.Name(s)
		if name != "hello_counter" {
			continue
		}
		vs := v.Versym().At(i)
		fmt.Printf("%s@%s: %v, %d bytes\n", name, names[vs.Index()].Name, elf.SymType(s.Info()&0xf), s.Size())
	}
	// Output:
	// defines HELLO_1.0 index 2
	// defines HELLO_2.0 index 3
	// hello_counter@HELLO_1.0: STT_OBJECT, 4 bytes
}

// ExampleNewTable views the program headers of a file read into memory,
// located from the ELF header by hand, as one would in memory that no File
// describes (another process's image, a core dump's segment).
func ExampleNewTable() {
	b, err := os.ReadFile(exampleFile)
	if err != nil {
		log.Fatal(err)
	}
	id, err := elf.ParseIdent(b)
	if err != nil {
		log.Fatal(err)
	}
	big := id.Data == elf.ELFDATA2MSB
	hdr, err := elf64.NewTable[elf64.Ehdr](b, 1, elf64.EhdrSize, big)
	if err != nil {
		log.Fatal(err)
	}
	h := hdr.At(0)
	if uint64(h.Phoff()) > uint64(len(b)) {
		log.Fatal("program header table past the end")
	}
	phdrs, err := elf64.NewTable[elf64.Phdr](b[h.Phoff():], int(h.Phnum()), int(h.Phentsize()), big)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_LOAD || p.Type() == elf.PT_DYNAMIC {
			fmt.Println(p.Type(), p.Flags())
		}
	}
	// Output:
	// PT_LOAD PF_R
	// PT_LOAD PF_X+PF_R
	// PT_LOAD PF_R
	// PT_LOAD PF_W+PF_R
	// PT_DYNAMIC PF_W+PF_R
}
