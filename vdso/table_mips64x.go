//go:build mips64 || mips64le

package vdso

import "github.com/elfkit/elf"

// The mips64x vDSO, as the kernel defines it in arch/mips/vdso/vdso.lds.S,
// n64 ABI.
const (
	nativeClass   = elf.ELFCLASS64
	nativeMachine = elf.EM_MIPS
	linuxVersion  = "LINUX_2.6"

	nameClockGettime   = "__vdso_clock_gettime"
	nameGettimeofday   = "__vdso_gettimeofday"
	nameTime           = ""
	nameClockGetres    = "__vdso_clock_getres"
	nameGetcpu         = ""
	nameGetrandom      = ""
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
