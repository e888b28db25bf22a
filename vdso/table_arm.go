package vdso

import "github.com/elfkit/elf"

// The arm vDSO, as the kernel defines it in arch/arm/vdso/vdso.lds.S, and
// arch/arm64/kernel/vdso32/vdso.lds.S for arm programs on arm64 kernels.
const (
	nativeClass   = elf.ELFCLASS32
	nativeMachine = elf.EM_ARM
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
