package reloc_test

import (
	"debug/dwarf"
	"fmt"
	"log"
	"path/filepath"
	"runtime"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/reloc"
)

// Decode the relocations of a relocatable object's .debug_info, then read
// the object's DWARF with the relocations applied.
func Example() {
	path := filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata", "go-relocation-test-gcc441-x86-64.obj")
	f, err := reloc.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	e := f.Elf64() // the object is ELF64; f itself works for both classes
	sectionName := func(i int) string {
		s, _ := e.Section(i)
		name, _ := e.SectionName(s)
		return name
	}

	info, _, err := e.SectionByName(".debug_info")
	if err != nil {
		log.Fatal(err)
	}
	for tab, err := range f.TablesFor(info) {
		if err != nil {
			log.Fatal(err)
		}
		syms, err := f.Symbols(tab)
		if err != nil {
			log.Fatal(err)
		}
		for i, r := range tab.All() {
			if i == 5 {
				break
			}
			sym, err := syms.Symbol(r.Sym)
			if err != nil {
				log.Fatal(err)
			}
			name := sym.Name
			if sym.Type() == elf.STT_SECTION {
				name = sectionName(int(sym.Section))
			}
			fmt.Printf("%#x %-12s %s%+#x\n", r.Offset, reloc.TypeName(f.Machine(), r.Type), name, r.Addend)
		}
	}

	// The sections debug/dwarf needs, relocated.
	sec := map[string][]byte{}
	for _, name := range []string{".debug_abbrev", ".debug_info", ".debug_line", ".debug_str"} {
		i, _, err := e.SectionByName(name)
		if err != nil {
			log.Fatal(err)
		}
		if sec[name], err = f.RelocatedSection(nil, i); err != nil {
			log.Fatal(err)
		}
	}
	d, err := dwarf.New(sec[".debug_abbrev"], nil, nil, sec[".debug_info"], sec[".debug_line"], nil, nil, sec[".debug_str"])
	if err != nil {
		log.Fatal(err)
	}
	cu, err := d.Reader().Next()
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s, %s, pc %#x-%#x\n", cu.Val(dwarf.AttrName), cu.Val(dwarf.AttrProducer), cu.Val(dwarf.AttrLowpc), cu.Val(dwarf.AttrHighpc))
	// Output:
	// 0x6 R_X86_64_32  .debug_abbrev+0x0
	// 0xc R_X86_64_32  .debug_str+0x0
	// 0x11 R_X86_64_32  .debug_str+0xc
	// 0x15 R_X86_64_32  .debug_str+0x21
	// 0x19 R_X86_64_64  .text+0x0
	// go-relocation-test.c, GNU C 4.4.1, pc 0x0-0x6
}

// Count the R_X86_64_RELATIVE entries of a shared object's .rela.dyn
// through the zero-copy view of its records, falling back to decoding when
// the table is not stored in this machine's layout.
func ExampleTable_Rela64() {
	f, err := reloc.Open("../testdata/libhello-x86_64.so")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	i, _, err := f.Elf64().SectionByName(".rela.dyn")
	if err != nil {
		log.Fatal(err)
	}
	tab, err := f.SectionTable(i)
	if err != nil {
		log.Fatal(err)
	}
	relative := 0
	if recs, ok := tab.Rela64(); ok {
		for _, r := range recs {
			if elf.R_X86_64(r.Type()) == elf.R_X86_64_RELATIVE {
				relative++
			}
		}
	} else {
		for _, r := range tab.All() {
			if elf.R_X86_64(r.Type) == elf.R_X86_64_RELATIVE {
				relative++
			}
		}
	}
	fmt.Println(tab.Len(), "entries,", relative, "R_X86_64_RELATIVE")
	// Output: 8 entries, 3 R_X86_64_RELATIVE
}
