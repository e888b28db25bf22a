package reloc_test

import (
	"bytes"
	debugelf "debug/elf"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/reloc"
)

// libLLVM returns the path of libLLVM-14 (a 110 MB shared object with 355k
// RELA entries), or skips.
func libLLVM(b *testing.B) string {
	b.Helper()
	for _, p := range []string{"/usr/lib/x86_64-linux-gnu/libLLVM-14.so.1", "/usr/lib/llvm-14/lib/libLLVM-14.so"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	matches, _ := filepath.Glob("/usr/lib/*/libLLVM*.so*")
	if len(matches) == 0 {
		b.Skip("no libLLVM on this machine")
	}
	return matches[0]
}

// BenchmarkRelocations measures decoding every entry of libLLVM's
// .rela.dyn (elfkit: the zero-copy table; debug_elf: section Data and
// binary.Read into elf.Rela64, as debug/elf decodes relocations itself),
// and building DWARF for a relocatable object (elfkit: RelocatedSection of
// each debug section and debug/dwarf; debug_elf: File.DWARF, which
// relocates the same sections).
func BenchmarkRelocations(b *testing.B) {
	b.Run("decode", func(b *testing.B) {
		path := libLLVM(b)
		b.Run("elfkit", func(b *testing.B) {
			f, err := reloc.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			i, _, err := f.Elf64().SectionByName(".rela.dyn")
			if err != nil {
				b.Fatal(err)
			}
			t, err := f.SectionTable(i)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var sum uint64
			for b.Loop() {
				for _, r := range t.All() {
					sum += r.Offset + uint64(r.Addend) + uint64(r.Type) + uint64(r.Sym)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(t.Len()), "ns/entry")
			b.ReportMetric(float64(t.Len()), "entries")
			sink = sum
		})
		b.Run("debug_elf", func(b *testing.B) {
			f, err := debugelf.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			s := f.Section(".rela.dyn")
			n := int(s.Size / 24)
			b.ReportAllocs()
			b.ResetTimer()
			var sum uint64
			for b.Loop() {
				data, err := s.Data()
				if err != nil {
					b.Fatal(err)
				}
				r := bytes.NewReader(data)
				var rela debugelf.Rela64
				for r.Len() > 0 {
					binary.Read(r, f.ByteOrder, &rela)
					sum += rela.Off + uint64(rela.Addend) + uint64(debugelf.R_TYPE64(rela.Info)) + uint64(debugelf.R_SYM64(rela.Info))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/entry")
			sink = sum
		})
	})
	b.Run("dwarf", func(b *testing.B) {
		path := goObject(b, "amd64")
		b.Run("elfkit", func(b *testing.B) {
			f, err := reloc.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			entries := 0
			for t, err := range f.Tables() {
				if err == nil {
					entries += t.Len()
				}
			}
			names := sectionNames(b, f)
			bufs := make([][]byte, len(names))
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				// The caller keeps its buffers: the relocation work
				// allocates nothing once they are large enough.
				for i, n := range names {
					if len(n) > 7 && n[:7] == ".debug_" {
						if bufs[i], err = f.RelocatedSection(bufs[i], i); err != nil {
							b.Fatal(err)
						}
					}
				}
			}
			b.ReportMetric(float64(entries), "relocs")
		})
		b.Run("debug_elf", func(b *testing.B) {
			f, err := debugelf.Open(path)
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := f.DWARF(); err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

var sink uint64

// BenchmarkRELR measures expanding packed relative relocations.
func BenchmarkRELR(b *testing.B) {
	// A RELR table as lld writes it for 64 Ki consecutive pointers: one
	// address, then bitmaps of 63 entries each.
	var words []byte
	words = binary.LittleEndian.AppendUint64(words, 0x10000)
	for range 1040 {
		words = binary.LittleEndian.AppendUint64(words, ^uint64(0))
	}
	t, err := reloc.NewTable(words, reloc.RELR, elf.EM_X86_64, elf.ELFCLASS64, false)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var sum uint64
	for b.Loop() {
		for _, r := range t.All() {
			sum += r.Offset
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(t.Len()), "ns/entry")
	sink = sum
}
