package sym_test

import (
	"fmt"
	"log"

	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/sym"
)

// Look up a symbol the way dlsym and dlvsym do, and symbolize an address.
func Example() {
	f, err := elf64.Open("../testdata/libhello-x86_64.so")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()

	dyn, err := sym.Dynamic(f)
	if err != nil {
		log.Fatal(err)
	}
	def, _ := dyn.Lookup("hello_version")                     // dlsym: the default version
	old, _ := dyn.LookupVersion("hello_version", "HELLO_1.0") // dlvsym: a hidden one
	fmt.Printf("%s at %#x\n", def, def.Value)
	fmt.Printf("%s at %#x\n", old, old.Value)
	if _, ok := dyn.Lookup("hello_internal"); !ok {
		fmt.Println("hello_internal is not exported")
	}

	s, err := sym.NewSymbolizer(f) // .symtab when there is one
	if err != nil {
		log.Fatal(err)
	}
	fn, off, _ := s.Lookup(def.Value + 2)
	fmt.Printf("%#x is %s+%d\n", def.Value+2, fn.Name, off)
	// Output:
	// hello_version@@HELLO_2.0 at 0x1114
	// hello_version@HELLO_1.0 at 0x110e
	// hello_internal is not exported
	// 0x1116 is hello_version@@HELLO_2.0+2
}

// describe finds hello_version in a file of either class: written once,
// instantiated for each.
func describe[F sym.File](f F) string {
	dyn, err := sym.Dynamic(f)
	if err != nil {
		return err.Error()
	}
	s, ok := dyn.Lookup("hello_version")
	if !ok {
		return "no hello_version"
	}
	return fmt.Sprintf("%v %v: %s, %d bytes", dyn.Class(), dyn.Machine(), s, s.Size)
}

// Code generic over sym.File works on files of either class.
func ExampleDynamic() {
	f64, err := elf64.Open("../testdata/libhello-s390x.so")
	if err != nil {
		log.Fatal(err)
	}
	defer f64.Close()
	f32, err := elf32.Open("../testdata/libhello-mips.so")
	if err != nil {
		log.Fatal(err)
	}
	defer f32.Close()
	fmt.Println(describe(f64))
	fmt.Println(describe(f32))
	// Output:
	// ELFCLASS64 EM_S390: hello_version@@HELLO_2.0, 6 bytes
	// ELFCLASS32 EM_MIPS: hello_version@@HELLO_2.0, 8 bytes
}
