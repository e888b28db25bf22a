package vdso_test

import (
	"errors"
	"fmt"

	"github.com/elfkit/elf/vdso"
)

// Look up clock_gettime in this process's vDSO. The name and version differ
// by architecture (__vdso_clock_gettime@LINUX_2.6 on amd64,
// __kernel_clock_gettime@LINUX_2.6.39 on arm64, ...); vdso.ClockGettime
// holds the right ones. The address depends on the machine, so this example
// has no fixed output.
func Example() {
	addr, err := vdso.Lookup(vdso.ClockGettime)
	switch {
	case errors.Is(err, vdso.ErrNoVDSO):
		fmt.Println("no vDSO here (qemu-user, a sandbox, or vdso=0)")
	case err != nil:
		fmt.Println("lookup failed:", err)
	default:
		fmt.Printf("%v is at %#x\n", vdso.ClockGettime, addr)
	}
}

// List the symbols of the image with their versions, as a tool would.
func ExampleImage_Symbols() {
	im, err := vdso.Load()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range im.Symbols() {
		fmt.Printf("%s@%s %v %#x\n", s.Name, s.Version, s.Type, s.Addr)
	}
}

// A Symbol names a function and its version; String gives the usual
// name@version spelling.
func ExampleSymbol() {
	s := vdso.Symbol{Name: "__vdso_time", Version: "LINUX_2.6"}
	fmt.Println(s)
	fmt.Println(vdso.Symbol{Name: "__vdso_time"})
	// Output:
	// __vdso_time@LINUX_2.6
	// __vdso_time
}
