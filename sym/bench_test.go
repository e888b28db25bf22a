package sym_test

import (
	"debug/elf"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"testing"

	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/elfkit/elf/sym"
)

// libLLVM returns the path of libLLVM-14, the large library the
// performance targets are stated for, or skips.
func libLLVM(tb testing.TB) string {
	tb.Helper()
	for _, pattern := range []string{"/usr/lib/*/libLLVM-14.so.1", "/usr/lib/*/libLLVM-14.so", "/usr/lib/llvm-14/lib/libLLVM-14.so*"} {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return m[0]
		}
	}
	tb.Skip("libLLVM-14 not installed")
	return ""
}

const (
	llvmFound   = "_ZN4llvm11raw_ostream5writeEPKcm"
	llvmMissing = "_ZN4llvm11raw_ostream5writeEPKcmXX"
)

// debugELFLookup is what a debug/elf user does to find a dynamic symbol:
// read them all, then scan.
func debugELFLookup(f *elf.File, name string) (elf.Symbol, bool) {
	syms, err := f.DynamicSymbols()
	if err != nil {
		return elf.Symbol{}, false
	}
	for _, s := range syms {
		if s.Name == name && s.Section != elf.SHN_UNDEF && (s.Version == "" || !s.VersionIndex.IsHidden()) {
			return s, true
		}
	}
	return elf.Symbol{}, false
}

func BenchmarkLookup(b *testing.B) {
	path := libLLVM(b)
	for _, c := range []struct {
		name, sym string
		found     bool
	}{{"found", llvmFound, true}, {"missing", llvmMissing, false}} {
		b.Run(c.name, func(b *testing.B) {
			b.Run("elfkit", func(b *testing.B) {
				f, err := elf64.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				defer f.Close()
				t, err := sym.Dynamic(f)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					if _, ok := t.Lookup(c.sym); ok != c.found {
						b.Fatalf("Lookup(%s) = %v", c.sym, ok)
					}
				}
			})
			b.Run("debug_elf", func(b *testing.B) {
				f, err := elf.Open(path)
				if err != nil {
					b.Fatal(err)
				}
				defer f.Close()
				b.ReportAllocs()
				for b.Loop() {
					if _, ok := debugELFLookup(f, c.sym); ok != c.found {
						b.Fatalf("lookup(%s) = %v", c.sym, ok)
					}
				}
			})
		})
	}
}

func BenchmarkOpenLookup(b *testing.B) {
	path := libLLVM(b)
	b.Run("elfkit", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := elf64.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			t, err := sym.Dynamic(f)
			if err != nil {
				b.Fatal(err)
			}
			if _, ok := t.Lookup(llvmFound); !ok {
				b.Fatal("not found")
			}
			f.Close()
		}
	})
	b.Run("debug_elf", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := elf.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			if _, ok := debugELFLookup(f, llvmFound); !ok {
				b.Fatal("not found")
			}
			f.Close()
		}
	})
}

// symbolizeQueries returns addresses inside the functions of a Go binary's
// .symtab, spread over the whole text.
func symbolizeQueries(tb testing.TB, path string) []uint64 {
	f, err := elf.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil {
		tb.Fatal(err)
	}
	var q []uint64
	for _, s := range syms {
		if elf.ST_TYPE(s.Info) == elf.STT_FUNC && s.Size > 0 {
			q = append(q, s.Value+s.Size/2)
		}
	}
	// Shuffle, deterministically, so that the queries do not walk memory
	// in order nor let the branch predictor learn the search path.
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(q), func(i, j int) { q[i], q[j] = q[j], q[i] })
	return q
}

// debugELFIndex is the usual symbolization index over debug/elf: symbols
// sorted by address, searched with sort.Search.
type debugELFIndex []elf.Symbol

func newDebugELFIndex(f *elf.File) debugELFIndex {
	syms, _ := f.Symbols()
	syms = slices.DeleteFunc(syms, func(s elf.Symbol) bool {
		return s.Section == elf.SHN_UNDEF || elf.ST_TYPE(s.Info) != elf.STT_FUNC
	})
	slices.SortFunc(syms, func(a, b elf.Symbol) int {
		switch {
		case a.Value < b.Value:
			return -1
		case a.Value > b.Value:
			return 1
		}
		return 0
	})
	return syms
}

func (x debugELFIndex) lookup(addr uint64) (elf.Symbol, bool) {
	i := sort.Search(len(x), func(i int) bool { return x[i].Value > addr }) - 1
	if i < 0 || addr >= x[i].Value+x[i].Size {
		return elf.Symbol{}, false
	}
	return x[i], true
}

func BenchmarkSymbolize(b *testing.B) {
	path := testfiles.GoBinary(b, runtime.GOARCH)
	queries := symbolizeQueries(b, path)
	b.Run("build", func(b *testing.B) {
		b.Run("elfkit", func(b *testing.B) {
			f, err := elf64.Open(path)
			if err != nil {
				b.Skip(err) // a 32-bit GOARCH
			}
			defer f.Close()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := sym.NewSymbolizer(f); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("debug_elf", func(b *testing.B) {
			f, err := elf.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			b.ReportAllocs()
			for b.Loop() {
				newDebugELFIndex(f)
			}
		})
	})
	b.Run("query", func(b *testing.B) {
		b.Run("elfkit", func(b *testing.B) {
			f, err := elf64.Open(path)
			if err != nil {
				b.Skip(err)
			}
			defer f.Close()
			s, err := sym.NewSymbolizer(f)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, _, ok := s.Lookup(queries[i]); !ok {
					b.Fatalf("%#x not found", queries[i])
				}
				if i++; i == len(queries) {
					i = 0
				}
			}
		})
		b.Run("debug_elf", func(b *testing.B) {
			f, err := elf.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			x := newDebugELFIndex(f)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, ok := x.lookup(queries[i]); !ok {
					b.Fatalf("%#x not found", queries[i])
				}
				if i++; i == len(queries) {
					i = 0
				}
			}
		})
	})
}
