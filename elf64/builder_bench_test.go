package elf64

import (
	"io"
	"runtime"
	"strconv"
	"testing"
	"time"

	elfkit "github.com/elfkit/elf"
)

// BenchmarkWrite writes 100 MiB of section bytes (100 sections of 1 MiB)
// to io.Discard. debug/elf has no writer to compare with.
func BenchmarkWrite(b *testing.B) {
	bl := NewBuilder(elfkit.ET_EXEC, elfkit.EM_X86_64)
	for i := range 100 {
		flags := elfkit.SHF_ALLOC
		if i%2 == 0 {
			flags |= elfkit.SHF_EXECINSTR
		}
		data := make([]byte, 1<<20)
		data[i] = byte(i)
		bl.AddSection(".s"+strconv.Itoa(i), elfkit.SHT_PROGBITS, flags, data).Addralign = 16
	}
	if err := bl.Layout(); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(bl.Size())
	b.ReportAllocs()
	cpu := startCPU()
	for b.Loop() {
		if _, err := bl.WriteTo(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	cpu.report(b, float64(bl.Size())/1e9, "cpu-GB/s", true)
}

// cpuTimer measures the CPU time of the benchmark's thread.
type cpuTimer struct{ start time.Duration }

func startCPU() cpuTimer {
	runtime.LockOSThread()
	return cpuTimer{threadCPU()}
}

// report reports per/(CPU seconds per op) as a rate when rate is set, else
// CPU nanoseconds per op divided by per, under unit.
func (c cpuTimer) report(b *testing.B, per float64, unit string, rate bool) {
	d := threadCPU() - c.start
	runtime.UnlockOSThread()
	if d <= 0 || b.N == 0 {
		return
	}
	op := float64(d.Nanoseconds()) / float64(b.N)
	if rate {
		b.ReportMetric(per/(op/1e9), unit)
	} else {
		b.ReportMetric(op/per, unit)
	}
}

// symbolsBuilder returns an ET_REL with n named symbols in .symtab.
func symbolsBuilder(n int) *Builder {
	bl := NewBuilder(elfkit.ET_REL, elfkit.EM_X86_64)
	text := bl.AddSection(".text", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, make([]byte, 4096))
	syms := make([]OutSymbol, n)
	bl.Symbols = make([]*OutSymbol, n)
	for i := range syms {
		bind := elfkit.STB_GLOBAL
		if i%10 == 0 {
			bind = elfkit.STB_LOCAL
		}
		syms[i] = OutSymbol{Name: "symbol_number_" + strconv.Itoa(i), Bind: bind, Type: elfkit.STT_FUNC, Section: text, Value: Addr(i % 4096), Size: 1}
		bl.Symbols[i] = &syms[i]
	}
	return bl
}

// BenchmarkWriteSymbols writes 1M symbols with their names: WriteTo is the
// serialization (records written straight into the output buffer), Layout
// the string table and symbol order it writes from.
func BenchmarkWriteSymbols(b *testing.B) {
	const n = 1 << 20
	bl := symbolsBuilder(n)
	b.Run("WriteTo", func(b *testing.B) {
		if err := bl.Layout(); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(bl.Size())
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			if _, err := bl.WriteTo(io.Discard); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/symbol")
		cpu.report(b, n, "cpu-ns/symbol", false)
	})
	b.Run("Layout", func(b *testing.B) {
		b.ReportAllocs()
		cpu := startCPU()
		for b.Loop() {
			if err := bl.Layout(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/symbol")
		cpu.report(b, n, "cpu-ns/symbol", false)
	})
}
