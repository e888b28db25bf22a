//go:build linux

package vdso

import (
	"bytes"
	debugelf "debug/elf"
	"testing"
)

// BenchmarkLookup measures Lookup(ClockGettime): "first" finds the image in
// the auxiliary vector, sizes and parses it and looks the symbol up, as the
// first call in a process does; "later" is every call after that; "probe"
// is the hash-table lookup alone, what a first call for another function
// costs. The
// debug_elf twins do the same with debug/elf over a copy of the image:
// parse it and search its dynamic symbols, then search them again.
func BenchmarkLookup(b *testing.B) {
	im := processImage(b)
	saved := process
	defer func() { process = saved }()
	b.Run("elfkit/first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			process = new(processState)
			if _, err := Lookup(ClockGettime); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("elfkit/later", func(b *testing.B) {
		b.ReportAllocs()
		if _, err := Lookup(ClockGettime); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := Lookup(ClockGettime); err != nil {
				b.Fatal(err)
			}
		}
	})
	// The hash-table probe that Lookup does the first time it is asked for
	// a function (later times it finds the answer among those it
	// remembers).
	b.Run("elfkit/probe", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := im.lookup(ClockGettime, true); err != nil {
				b.Fatal(err)
			}
		}
	})

	img := bytes.Clone(im.Bytes())
	find := func(syms []debugelf.Symbol) uintptr {
		for _, s := range syms {
			if s.Name == ClockGettime.Name && s.Version == ClockGettime.Version && s.Section != debugelf.SHN_UNDEF {
				return im.Addr() + uintptr(s.Value)
			}
		}
		b.Fatalf("debug/elf: no %v", ClockGettime)
		return 0
	}
	b.Run("debug_elf/first", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := debugelf.NewFile(bytes.NewReader(img))
			if err != nil {
				b.Fatal(err)
			}
			syms, err := f.DynamicSymbols()
			if err != nil {
				b.Fatal(err)
			}
			find(syms)
		}
	})
	b.Run("debug_elf/later", func(b *testing.B) {
		b.ReportAllocs()
		f, err := debugelf.NewFile(bytes.NewReader(img))
		if err != nil {
			b.Fatal(err)
		}
		syms, err := f.DynamicSymbols()
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			find(syms)
		}
	})
}
