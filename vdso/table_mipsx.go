//go:build mips || mipsle

package vdso

import "github.com/elfkit/elf"

// The mipsx vDSO, as the kernel defines it in arch/mips/vdso/vdso.lds.S, o32
// ABI.
const (
	nativeClass   = elf.ELFCLASS32
	nativeMachine = elf.EM_MIPS
	linuxVersion  = "LINUX_2.6"

	nameClockGettime   = "__vdso_clock_gettime"
	nameGettimeofday   = "__vdso_gettimeofday"
	nameTime           = ""
	nameClockGetres    = "__vdso_clock_getres"
	nameGetcpu         = ""
	nameGetrandom      = ""
	nameClockGettime64 = "__vdso_clock_gettime64"
	nameClockGetres64  = "__vdso_clock_getres_time64"
)
