package vdso

import "github.com/elfkit/elf"

// The 386 vDSO, as the kernel defines it in
// arch/x86/entry/vdso/vdso32/vdso32.lds.S; the image also has
// __kernel_vsyscall and the sigreturn trampolines at LINUX_2.5.
const (
	nativeClass   = elf.ELFCLASS32
	nativeMachine = elf.EM_386
	linuxVersion  = "LINUX_2.6"

	nameClockGettime   = "__vdso_clock_gettime"
	nameGettimeofday   = "__vdso_gettimeofday"
	nameTime           = "__vdso_time"
	nameClockGetres    = "__vdso_clock_getres"
	nameGetcpu         = "__vdso_getcpu"
	nameGetrandom      = ""
	nameClockGettime64 = "__vdso_clock_gettime64"
	nameClockGetres64  = "__vdso_clock_getres_time64"
)
