package reloc_test

import (
	"bytes"
	"debug/dwarf"
	debugelf "debug/elf"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

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

// relaDyn opens path for the rest of the benchmark and returns its
// .rela.dyn table.
func relaDyn(b *testing.B, path string) reloc.Table {
	b.Helper()
	f, err := reloc.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { f.Close() })
	i, _, err := f.Elf64().SectionByName(".rela.dyn")
	if err != nil {
		b.Fatal(err)
	}
	t, err := f.SectionTable(i)
	if err != nil {
		b.Fatal(err)
	}
	return t
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
			t := relaDyn(b, path)
			b.ReportAllocs()
			b.ResetTimer()
			var sum uint64
			cpu := cpuTime()
			for b.Loop() {
				for _, r := range t.All() {
					sum += r.Offset + uint64(r.Addend) + uint64(r.Type) + uint64(r.Sym)
				}
			}
			reportPerEntry(b, cpu, t.Len())
			b.ReportMetric(float64(t.Len()), "entries")
			sink = sum
		})
		// floor: the same bytes summed as three words per entry, with no
		// Reloc made and no call: what reading the table costs at least on
		// this machine, to judge the others by when it is busy.
		b.Run("floor", func(b *testing.B) {
			t := relaDyn(b, path)
			data := t.Bytes()
			b.ReportAllocs()
			b.ResetTimer()
			var sum uint64
			cpu := cpuTime()
			for b.Loop() {
				for p := 0; p+24 <= len(data); p += 24 {
					sum += binary.LittleEndian.Uint64(data[p:]) + binary.LittleEndian.Uint64(data[p+8:]) + binary.LittleEndian.Uint64(data[p+16:])
				}
			}
			reportPerEntry(b, cpu, t.Len())
			sink = sum
		})
		b.Run("elfkit-reader", func(b *testing.B) {
			t := relaDyn(b, path)
			b.ReportAllocs()
			b.ResetTimer()
			var sum uint64
			var buf [256]reloc.Reloc
			cpu := cpuTime()
			for b.Loop() {
				rd := t.Reader()
				for n := rd.Read(buf[:]); n > 0; n = rd.Read(buf[:]) {
					for _, r := range buf[:n] {
						sum += r.Offset + uint64(r.Addend) + uint64(r.Type) + uint64(r.Sym)
					}
				}
			}
			reportPerEntry(b, cpu, t.Len())
			sink = sum
		})
		// elfkit-rela64: the zero-copy view of the same table as Rela64
		// records (offered for ELF64 RELA tables in this machine's byte
		// order), with Sym and Type from r_info.
		b.Run("elfkit-rela64", func(b *testing.B) {
			t := relaDyn(b, path)
			b.ReportAllocs()
			b.ResetTimer()
			var sum uint64
			cpu := cpuTime()
			for b.Loop() {
				recs, ok := t.Rela64()
				if !ok {
					b.Fatal("Rela64 not offered for libLLVM's .rela.dyn")
				}
				for _, r := range recs {
					sum += r.Offset + uint64(r.Addend) + uint64(r.Type()) + uint64(r.Sym())
				}
			}
			reportPerEntry(b, cpu, t.Len())
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
			cpu := cpuTime()
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
			reportPerEntry(b, cpu, n)
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
			names := sectionNames(b, f)
			entries := 0
			for t, err := range f.Tables() {
				if err == nil && strings.HasPrefix(names[t.Target()], ".debug_") {
					entries += t.Len()
				}
			}
			// The caller keeps its buffers: relocating allocates nothing
			// once they are large enough; dwarf.New allocates the rest.
			bufs := make([][]byte, len(names))
			sec := map[string][]byte{}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for i, n := range names {
					if strings.HasPrefix(n, ".debug_") {
						if bufs[i], err = f.RelocatedSection(bufs[i], i); err != nil {
							b.Fatal(err)
						}
						sec[n[len(".debug_"):]] = bufs[i]
					}
				}
				d, err := dwarf.New(sec["abbrev"], nil, nil, sec["info"], sec["line"], nil, sec["ranges"], sec["str"])
				if err != nil {
					b.Fatal(err)
				}
				for _, n := range []string{"addr", "line_str", "str_offsets", "rnglists", "loclists"} {
					if sec[n] != nil {
						d.AddSection(".debug_"+n, sec[n])
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
	cpu := cpuTime()
	for b.Loop() {
		for _, r := range t.All() {
			sum += r.Offset
		}
	}
	reportPerEntry(b, cpu, t.Len())
	sink = sum
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportPerEntry reports the wall time per entry and, as cpu-ns/entry, the
// CPU time per entry since start: on a machine shared with other work the
// wall time includes waiting for a CPU, the CPU time does not.
func reportPerEntry(b *testing.B, start time.Duration, entries int) {
	n := float64(b.N) * float64(entries)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/entry")
	if start > 0 {
		b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/n, "cpu-ns/entry")
	}
}
