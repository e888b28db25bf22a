package elf_test

import (
	"fmt"

	"github.com/elfkit/elf"
)

// Constants print as debug/elf prints them; values without a name of their
// own print relative to the nearest one, and bit sets name each bit.
func Example() {
	fmt.Println(elf.SHT_GNU_HASH, elf.SHT_LOOS+5, elf.ET_LOPROC+1)
	fmt.Println(elf.PF_R|elf.PF_W|0x50, elf.SHF_ALLOC|elf.SHF_GNU_RETAIN)
	fmt.Printf("%v %#v\n", elf.DT_RELR, elf.EM_X86_64)

	info := elf.ST_INFO(elf.STB_GLOBAL, elf.STT_FUNC)
	fmt.Println(elf.ST_BIND(info), elf.ST_TYPE(info))

	fmt.Println(elf.NT_GNU_BUILD_ID, elf.GNU_PROPERTY_X86_FEATURE_1_IBT|elf.GNU_PROPERTY_X86_FEATURE_1_SHSTK)
	// Output:
	// SHT_GNU_HASH SHT_LOOS+5 ET_LOPROC+1
	// PF_W+PF_R+0x50 SHF_ALLOC+SHF_GNU_RETAIN
	// DT_RELR elf.EM_X86_64
	// STB_GLOBAL STT_FUNC
	// NT_GNU_BUILD_ID GNU_PROPERTY_X86_FEATURE_1_IBT+GNU_PROPERTY_X86_FEATURE_1_SHSTK
}
