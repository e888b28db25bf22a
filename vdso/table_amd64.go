package vdso

import "github.com/elfkit/elf"

// The amd64 vDSO, as the kernel defines it in
// arch/x86/entry/vdso/vdso64/vdso64.lds.S (the unprefixed aliases,
// clock_gettime and so on, are weak).
const (
	nativeClass   = elf.ELFCLASS64
	nativeMachine = elf.EM_X86_64
	linuxVersion  = "LINUX_2.6"

	nameClockGettime   = "__vdso_clock_gettime"
	nameGettimeofday   = "__vdso_gettimeofday"
	nameTime           = "__vdso_time"
	nameClockGetres    = "__vdso_clock_getres"
	nameGetcpu         = "__vdso_getcpu"
	nameGetrandom      = "__vdso_getrandom"
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
