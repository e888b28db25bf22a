package elf64_test

import (
	"fmt"
	"log"

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
