package vdso

import "github.com/elfkit/elf"

// The loong64 vDSO, as the kernel defines it in
// arch/loongarch/vdso/vdso.lds.S.
const (
	nativeClass   = elf.ELFCLASS64
	nativeMachine = elf.EM_LOONGARCH
	linuxVersion  = "LINUX_5.10"

	nameClockGettime   = "__vdso_clock_gettime"
	nameGettimeofday   = "__vdso_gettimeofday"
	nameTime           = ""
	nameClockGetres    = "__vdso_clock_getres"
	nameGetcpu         = "__vdso_getcpu"
	nameGetrandom      = "__vdso_getrandom"
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
