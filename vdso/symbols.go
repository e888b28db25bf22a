package vdso

// The functions of the vDSO, by what they do, with the names and version
// the kernel gives them on the architecture the program is built for
// (table_<arch>.go). Where that kernel has no such function the value is
// the zero Symbol, and looking it up fails with ErrNotFound; a function
// added to the kernel after the running one fails the same way.
var (
	// ClockGettime is clock_gettime(2): __vdso_clock_gettime on amd64, 386,
	// arm, loong64, mips*, riscv64, __kernel_clock_gettime on arm64, ppc64*,
	// s390x. On 32-bit architectures it takes a 32-bit time_t and is absent
	// from kernels built without CONFIG_COMPAT_32BIT_TIME; see
	// ClockGettime64.
	ClockGettime = entry(nameClockGettime)
	// Gettimeofday is gettimeofday(2).
	Gettimeofday = entry(nameGettimeofday)
	// Time is time(2): amd64, 386 and ppc64* only.
	Time = entry(nameTime)
	// ClockGetres is clock_getres(2); 32-bit time_t on 32-bit
	// architectures, see ClockGetres64.
	ClockGetres = entry(nameClockGetres)
	// Getcpu is getcpu(2): amd64, 386, loong64, ppc64*, riscv64, s390x.
	Getcpu = entry(nameGetcpu)
	// Getrandom is the vDSO getrandom of Linux 6.11 and later (amd64;
	// arm64, loong64, ppc64*, s390x since 6.12, riscv64 since 6.16),
	// whose calling convention differs from getrandom(2): see the kernel's
	// lib/vdso/getrandom.c.
	Getrandom = entry(nameGetrandom)
	// ClockGettime64 is clock_gettime(2) with a 64-bit time_t on 32-bit
	// architectures (__vdso_clock_gettime64 on 386, arm, mips, mipsle);
	// zero on 64-bit ones, where ClockGettime takes a 64-bit time_t.
	ClockGettime64 = entry(nameClockGettime64)
	// ClockGetres64 is clock_getres(2) with a 64-bit time_t on 32-bit
	// architectures (__vdso_clock_getres_time64, in recent kernels); zero on
	// 64-bit ones.
	ClockGetres64 = entry(nameClockGetres64)
)

// LinuxVersion is the version the kernel defines its vDSO functions at on
// the architecture the program is built for: LINUX_2.6 on amd64, 386, arm,
// mips*; LINUX_2.6.39 on arm64; LINUX_2.6.15 on ppc64*; LINUX_2.6.29 on
// s390x; LINUX_4.15 on riscv64; LINUX_5.10 on loong64. It is empty on
// architectures without a vDSO this package knows.
const LinuxVersion = linuxVersion

// entry returns the Symbol for a function name of the table, or the zero
// Symbol for an empty name.
func entry(name string) Symbol {
	if name == "" {
		return Symbol{}
	}
	return Symbol{Name: name, Version: linuxVersion}
}

// Functions returns the functions of the table above that the
// architecture's kernel offers (the non-zero ones), in the order they are
// declared.
func Functions() []Symbol {
	var out []Symbol
	for _, s := range []Symbol{ClockGettime, Gettimeofday, Time, ClockGetres, Getcpu, Getrandom, ClockGettime64, ClockGetres64} {
		if s != (Symbol{}) {
			out = append(out, s)
		}
	}
	return out
}
