package vdso

import "github.com/elfkit/elf"

// The riscv64 vDSO, as the kernel defines it in
// arch/riscv/kernel/vdso/vdso.lds.S.
const (
	nativeClass   = elf.ELFCLASS64
	nativeMachine = elf.EM_RISCV
	linuxVersion  = "LINUX_4.15"

	nameClockGettime   = "__vdso_clock_gettime"
	nameGettimeofday   = "__vdso_gettimeofday"
	nameTime           = ""
	nameClockGetres    = "__vdso_clock_getres"
	nameGetcpu         = "__vdso_getcpu"
	nameGetrandom      = "__vdso_getrandom"
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
