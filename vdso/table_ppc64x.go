//go:build ppc64 || ppc64le

package vdso

import "github.com/elfkit/elf"

// The ppc64x vDSO, as the kernel defines it in
// arch/powerpc/kernel/vdso/vdso64.lds.S (VDSO_VERSION_STRING is
// LINUX_2.6.15).
const (
	nativeClass   = elf.ELFCLASS64
	nativeMachine = elf.EM_PPC64
	linuxVersion  = "LINUX_2.6.15"

	nameClockGettime   = "__kernel_clock_gettime"
	nameGettimeofday   = "__kernel_gettimeofday"
	nameTime           = "__kernel_time"
	nameClockGetres    = "__kernel_clock_getres"
	nameGetcpu         = "__kernel_getcpu"
	nameGetrandom      = "__kernel_getrandom"
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
