package vdso

import "github.com/elfkit/elf"

// The s390x vDSO, as the kernel defines it in
// arch/s390/kernel/vdso/vdso.lds.S (VDSO_VERSION_STRING is LINUX_2.6.29).
const (
	nativeClass   = elf.ELFCLASS64
	nativeMachine = elf.EM_S390
	linuxVersion  = "LINUX_2.6.29"

	nameClockGettime   = "__kernel_clock_gettime"
	nameGettimeofday   = "__kernel_gettimeofday"
	nameTime           = ""
	nameClockGetres    = "__kernel_clock_getres"
	nameGetcpu         = "__kernel_getcpu"
	nameGetrandom      = "__kernel_getrandom"
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
