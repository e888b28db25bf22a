//go:build !(386 || amd64 || arm || arm64 || loong64 || mips || mipsle || mips64 || mips64le || ppc64 || ppc64le || riscv64 || s390x)

package vdso

import "github.com/elfkit/elf"

// Architectures without a vDSO this package knows.
const (
	nativeClass   = elf.ELFCLASSNONE
	nativeMachine = elf.EM_NONE
	linuxVersion  = ""

	nameClockGettime   = ""
	nameGettimeofday   = ""
	nameTime           = ""
	nameClockGetres    = ""
	nameGetcpu         = ""
	nameGetrandom      = ""
	nameClockGettime64 = ""
	nameClockGetres64  = ""
)
