package elf64

import (
	"bytes"
	debugelf "debug/elf"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"testing"
	"time"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// The benchmarks measure the performance targets of DESIGN.md. Each has
// the sub-benchmarks elfkit and debug_elf doing the same work on the same
// file, so that `go test -bench` prints the two side by side:
//
//	go test -run='^$' -bench=. -benchtime=2s ./elf64
//
// The files are found on the machine and are of this package's class: the
// 64-bit benchmarks use libLLVM (110 MB, 45k dynamic symbols) where it is
// installed, the 32-bit ones i386 libc; a benchmark whose file is missing is
// skipped with a message.

// bigLibraries are the large shared objects the benchmarks read, best
// first, of both classes.
var bigLibraries = []string{
	"/usr/lib/x86_64-linux-gnu/libLLVM-14*.so*",
	"/usr/lib/llvm-14/lib/libLLVM-14.so",
	"/usr/lib/x86_64-linux-gnu/libLLVM*.so*",
	"/usr/lib/llvm-*/lib/libLLVM*.so*",
	"/usr/i686-linux-gnu/lib/libc.so.6",
	"/usr/arm-linux-gnueabihf/lib/libc.so.6",
	"/usr/lib/i386-linux-gnu/libc.so.6",
}

// benchPath returns the first file matching one of patterns that is an ELF
// file of this package's class, or skips b.
func benchPath(b *testing.B, what string, patterns ...string) string {
	b.Helper()
	for _, p := range patterns {
		matches, _ := filepath.Glob(p)
		sort.Strings(matches)
		for _, m := range matches {
			if fileClass(m) == Class {
				return m
			}
		}
	}
	b.Skipf("no %s of class %v on this machine (looked for %q)", what, Class, patterns)
	return ""
}

// fileClass returns the ELF class of the file at path, or ELFCLASSNONE.
func fileClass(path string) elf.Class {
	f, err := os.Open(path)
	if err != nil {
		return elf.ELFCLASSNONE
	}
	defer f.Close()
	var id [elf.EI_NIDENT]byte
	if _, err := f.ReadAt(id[:], 0); err != nil {
		return elf.ELFCLASSNONE
	}
	i, err := elf.ParseIdent(id[:])
	if err != nil {
		return elf.ELFCLASSNONE
	}
	return i.Class
}

// benchOpen opens path with both readers for the whole benchmark.
func benchOpen(b *testing.B, path string) (*File, *debugelf.File) {
	b.Helper()
	f, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	g, err := debugelf.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { g.Close() })
	return f, g
}

// cpuClock returns the CPU time the process has used, in all its threads
// (the garbage collector's included).
func cpuClock() time.Duration {
	var r syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &r); err != nil {
		return 0
	}
	return time.Duration(r.Utime.Nano() + r.Stime.Nano())
}

// reportCPU reports the CPU time per operation since start, as cpu-ns/op.
// On a shared machine it is steadier than the wall-clock ns/op, which
// counts the time spent waiting for a CPU.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuClock()-start)/float64(b.N), "cpu-ns/op")
}

// benchSink keeps the results of the benchmarks' loops alive.
var benchSink uint64

// BenchmarkOpenHeaders opens a file and reads its ELF header and all its
// program headers. debug/elf reads the section headers and their names too
// when it opens a file, which is part of what it costs.
func BenchmarkOpenHeaders(b *testing.B) {
	path := benchPath(b, "large shared library", bigLibraries...)
	b.Run("elfkit", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			f, err := Open(path)
			if err != nil {
				b.Fatal(err)
			}
			h := f.Ehdr()
			benchSink += uint64(h.Type()) + uint64(h.Machine()) + uint64(h.Entry())
			phdrs, err := f.ProgramHeaders()
			if err != nil {
				b.Fatal(err)
			}
			for _, p := range phdrs.All() {
				benchSink += uint64(p.Type()) + uint64(p.Flags()) + uint64(p.Offset()) + uint64(p.Vaddr()) +
					uint64(p.Paddr()) + uint64(p.Filesz()) + uint64(p.Memsz()) + uint64(p.Align())
			}
			f.Close()
		}
		reportCPU(b, start)
	})
	b.Run("debug_elf", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			f, err := debugelf.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			benchSink += uint64(f.Type) + uint64(f.Machine) + f.Entry
			for _, p := range f.Progs {
				benchSink += uint64(p.Type) + uint64(p.Flags) + p.Off + p.Vaddr + p.Paddr + p.Filesz + p.Memsz + p.Align
			}
			f.Close()
		}
		reportCPU(b, start)
	})
}

// BenchmarkDynamicSymbols reads every dynamic symbol of an open file, with
// its name.
func BenchmarkDynamicSymbols(b *testing.B) {
	path := benchPath(b, "large shared library", bigLibraries...)
	f, g := benchOpen(b, path)
	b.Run("elfkit", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			syms, err := f.DynamicSymbols()
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range syms.All() {
				name, _ := syms.Name(s)
				benchSink += uint64(len(name)) + uint64(s.Value()) + uint64(s.Size()) + uint64(s.Info())
			}
		}
		reportCPU(b, start)
	})
	b.Run("debug_elf", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			syms, err := g.DynamicSymbols()
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range syms {
				benchSink += uint64(len(s.Name)) + s.Value + s.Size + uint64(s.Info)
			}
		}
		reportCPU(b, start)
	})
}

// BenchmarkSymbols reads every symbol of a Go program's .symtab, with its
// name.
func BenchmarkSymbols(b *testing.B) {
	goarch := "amd64"
	if Class == elf.ELFCLASS32 {
		goarch = "386"
	}
	path := testfiles.GoBinary(b, goarch)
	f, g := benchOpen(b, path)
	b.Run("elfkit", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			syms, err := f.Symbols()
			if err != nil {
				b.Fatal(err)
			}
			for i, s := range syms.All() {
				name, _ := syms.Name(s)
				x, _ := syms.SectionIndex(i)
				benchSink += uint64(len(name)) + uint64(s.Value()) + uint64(s.Size()) + uint64(x)
			}
		}
		reportCPU(b, start)
	})
	b.Run("debug_elf", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			syms, err := g.Symbols()
			if err != nil {
				b.Fatal(err)
			}
			for _, s := range syms {
				benchSink += uint64(len(s.Name)) + s.Value + s.Size + uint64(s.Section)
			}
		}
		reportCPU(b, start)
	})
}

// BenchmarkVersions reads the symbol versioning of a shared library: the
// Versym table, every version definition (with its parents) and
// requirement with its name, and for elfkit the table from version index
// to name (Names), which makes the version of any symbol one lookup.
//
// debug/elf keeps the versions in its File after the first call, so each
// iteration of both sub-benchmarks starts from a new File over the same
// bytes; debug/elf then reads the dynamic symbol table too, as it cannot
// find the versions without it.
func BenchmarkVersions(b *testing.B) {
	path := benchPath(b, "large shared library", bigLibraries...)
	f, _ := benchOpen(b, path)
	data := f.Data()
	b.Run("elfkit", func(b *testing.B) {
		b.ReportAllocs()
		names := make([]VersionName, 0, 1024)
		start := cpuClock()
		for b.Loop() {
			f, err := NewFile(data)
			if err != nil {
				b.Fatal(err)
			}
			v, err := f.Versions()
			if err != nil {
				b.Fatal(err)
			}
			for d, err := range v.Definitions() {
				if err != nil {
					b.Fatal(err)
				}
				benchSink += uint64(len(d.Name)) + uint64(d.Ndx())
				for p, err := range d.Parents() {
					if err != nil {
						b.Fatal(err)
					}
					benchSink += uint64(len(p))
				}
			}
			for r, err := range v.Requirements() {
				if err != nil {
					b.Fatal(err)
				}
				benchSink += uint64(len(r.File))
				for n, err := range r.Needs() {
					if err != nil {
						b.Fatal(err)
					}
					benchSink += uint64(len(n.Name)) + uint64(n.Other())
				}
			}
			names, err = v.Names(names)
			if err != nil {
				b.Fatal(err)
			}
			benchSink += uint64(len(names)) + uint64(v.Versym().Len())
		}
		reportCPU(b, start)
	})
	b.Run("debug_elf", func(b *testing.B) {
		b.ReportAllocs()
		r := bytes.NewReader(data)
		start := cpuClock()
		for b.Loop() {
			g, err := debugelf.NewFile(r)
			if err != nil {
				b.Fatal(err)
			}
			defs, err := g.DynamicVersions()
			if err != nil {
				b.Fatal(err)
			}
			for _, d := range defs {
				benchSink += uint64(len(d.Name)) + uint64(d.Index)
				for _, p := range d.Deps {
					benchSink += uint64(len(p))
				}
			}
			needs, err := g.DynamicVersionNeeds()
			if err != nil {
				b.Fatal(err)
			}
			for _, n := range needs {
				benchSink += uint64(len(n.Name))
				for _, a := range n.Needs {
					benchSink += uint64(len(a.Dep)) + uint64(a.Index)
				}
			}
		}
		reportCPU(b, start)
	})
}

// BenchmarkSectionData finds a large shared library's .text section by
// name and gets its bytes.
func BenchmarkSectionData(b *testing.B) {
	path := benchPath(b, "large shared library", bigLibraries...)
	f, g := benchOpen(b, path)
	b.Run("elfkit", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			_, s, err := f.SectionByName(".text")
			if err != nil {
				b.Fatal(err)
			}
			d, err := f.SectionData(s)
			if err != nil {
				b.Fatal(err)
			}
			benchSink += uint64(len(d)) + uint64(d[len(d)-1])
		}
		reportCPU(b, start)
	})
	b.Run("debug_elf", func(b *testing.B) {
		b.ReportAllocs()
		start := cpuClock()
		for b.Loop() {
			s := g.Section(".text")
			if s == nil {
				b.Fatal("no .text")
			}
			d, err := s.Data()
			if err != nil {
				b.Fatal(err)
			}
			benchSink += uint64(len(d)) + uint64(d[len(d)-1])
		}
		reportCPU(b, start)
	})
}
