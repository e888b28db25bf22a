package vdso

import "github.com/elfkit/elf"

// The arm64 vDSO, as the kernel defines it in
// arch/arm64/kernel/vdso/vdso.lds.S.
const (
	nativeClass   = elf.ELFCLASS64
	nativeMachine = elf.EM_AARCH64
	linuxVersion  = "LINUX_2.6.39"

	nameClockGettime   = "__kernel_clock_gettime"
	nameGettimeofday   = "__kernel_gettimeofday"
	nameTime           = ""
	nameClockGetres    = "__kernel_clock_getres"
	nameGetcpu         = ""
	nameGetrandom      = "__kernel_getrandom"
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
