package sym_test

import (
	"debug/elf"
	"runtime"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/elfkit/elf/sym"
)

func threadCPU() time.Duration {
	var ts syscall.Timespec
	syscall.Syscall(syscall.SYS_CLOCK_GETTIME, 3 /* CLOCK_THREAD_CPUTIME_ID */, uintptr(unsafe.Pointer(&ts)), 0)
	return time.Duration(ts.Nano())
}

func cpuPerOp(n int, f func(i int)) time.Duration {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	best := time.Duration(1 << 62)
	for r := 0; r < 9; r++ {
		start := threadCPU()
		for i := 0; i < n; i++ {
			f(i)
		}
		if d := (threadCPU() - start) / time.Duration(n); d < best {
			best = d
		}
	}
	return best
}

func TestCPU(t *testing.T) {
	path := libLLVM(t)
	f, _ := elf64.Open(path)
	defer f.Close()
	tab, _ := sym.Dynamic(f)
	t.Logf("Lookup found   %v", cpuPerOp(200000, func(int) { tab.Lookup(llvmFound) }))
	t.Logf("Lookup missing %v", cpuPerOp(200000, func(int) { tab.Lookup(llvmMissing) }))
	t.Logf("OpenLookup     %v", cpuPerOp(300, func(int) {
		f, _ := elf64.Open(path)
		tb, _ := sym.Dynamic(f)
		tb.Lookup(llvmFound)
		f.Close()
	}))
	df, _ := elf.Open(path)
	t.Logf("debug/elf lookup %v", cpuPerOp(2, func(int) { debugELFLookup(df, llvmFound) }))
	df.Close()

	gp := testfiles.GoBinary(t, runtime.GOARCH)
	q := symbolizeQueries(t, gp)
	gf, _ := elf64.Open(gp)
	defer gf.Close()
	sz, _ := sym.NewSymbolizer(gf)
	t.Logf("Symbolize build %v", cpuPerOp(20, func(int) { sym.NewSymbolizer(gf) }))
	t.Logf("Symbolize query %v", cpuPerOp(1000000, func(i int) { sz.Lookup(q[i%len(q)]) }))
	dg, _ := elf.Open(gp)
	x := newDebugELFIndex(dg)
	t.Logf("debug/elf query %v", cpuPerOp(1000000, func(i int) { x.lookup(q[i%len(q)]) }))
	t.Logf("debug/elf build %v", cpuPerOp(20, func(int) { newDebugELFIndex(dg) }))
}

func TestCPU2(t *testing.T) {
	gp := testfiles.GoBinary(t, runtime.GOARCH)
	q := symbolizeQueries(t, gp)
	gf, _ := elf64.Open(gp)
	defer gf.Close()
	sz, _ := sym.NewSymbolizer(gf)
	dg, _ := elf.Open(gp)
	x := newDebugELFIndex(dg)
	found1, found2 := 0, 0
	for _, a := range q {
		if _, _, ok := sz.Lookup(a); ok {
			found1++
		}
		if _, ok := x.lookup(a); ok {
			found2++
		}
	}
	t.Log(len(q), found1, found2, len(x))
	var sink uint64
	t.Logf("Symbolize query %v", cpuPerOp(1000000, func(i int) { s, off, _ := sz.Lookup(q[i%len(q)]); sink += s.Value + off }))
	t.Logf("debug/elf query %v", cpuPerOp(1000000, func(i int) { s, _ := x.lookup(q[i%len(q)]); sink += s.Value }))
}

func minflt() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Minflt
}

func TestFaults(t *testing.T) {
	path := libLLVM(t)
	step := func(name string, f func()) {
		a := minflt()
		for i := 0; i < 100; i++ {
			f()
		}
		t.Logf("%-30s %.1f faults", name, float64(minflt()-a)/100)
	}
	step("open+close", func() { f, _ := elf64.Open(path); f.Close() })
	step("open+shdrs", func() { f, _ := elf64.Open(path); f.SectionHeaders(); f.Close() })
	step("open+dynsyms", func() { f, _ := elf64.Open(path); f.DynamicSymbols(); f.Close() })
	step("open+gnuhash", func() { f, _ := elf64.Open(path); f.GNUHash(); f.Close() })
	step("open+versions", func() {
		f, _ := elf64.Open(path)
		v, _ := f.Versions()
		for range v.Definitions() {
		}
		f.Close()
	})
	step("open+versions+needs", func() {
		f, _ := elf64.Open(path)
		v, _ := f.Versions()
		for range v.Definitions() {
		}
		for r := range v.Requirements() {
			for range r.Needs() {
			}
		}
		f.Close()
	})
	step("open+Dynamic", func() { f, _ := elf64.Open(path); sym.Dynamic(f); f.Close() })
	step("open+Dynamic+Lookup", func() { f, _ := elf64.Open(path); tb, _ := sym.Dynamic(f); tb.Lookup(llvmFound); f.Close() })
	step("open+Dynamic+Lookup missing", func() { f, _ := elf64.Open(path); tb, _ := sym.Dynamic(f); tb.Lookup(llvmMissing); f.Close() })
}
