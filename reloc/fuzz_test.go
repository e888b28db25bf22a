package reloc_test

import (
	"encoding/binary"
	"os"
	"testing"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/reloc"
)

// fuzzBudget bounds the entries one input may make the fuzz targets walk,
// so that a large table costs time in proportion to its bytes, not more.
const fuzzBudget = 1 << 16

// FuzzFile opens arbitrary bytes and walks every relocation service:
// section and dynamic tables, symbols and versions, implicit addends, and
// relocated sections. Nothing may panic or hang. The seeds in
// testdata/fuzz/FuzzFile are small objects and linked files of several
// machines; the sample objects and their truncations are added at run
// time when the cross compilers are installed.
func FuzzFile(f *testing.F) {
	if !testing.Short() {
		for _, s := range sampleSeeds(f) {
			f.Add(s)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rf, err := reloc.NewFile(data)
		if err != nil {
			return
		}
		if e := rf.Elf64(); e != nil {
			e.MaxDecompressedSize = 1 << 20
		} else {
			rf.Elf32().MaxDecompressedSize = 1 << 20
		}
		budget := fuzzBudget
		walk := func(tab reloc.Table) {
			syms, _ := rf.Symbols(tab)
			for _, r := range tab.All() {
				if budget--; budget < 0 {
					return
				}
				syms.Symbol(r.Sym)
				rf.Addend(tab, r)
				reloc.Lookup(tab.Machine(), rf.Class(), r.Type)
			}
			tab.At(tab.Len() - 1)
		}
		n := 0
		for tab, err := range rf.Tables() {
			if n++; n > 256 {
				break
			}
			if err == nil {
				walk(tab)
			}
		}
		if d, err := rf.DynamicTables(); err == nil {
			for tab := range d.All() {
				walk(tab)
			}
		}
		var buf []byte
		for i := range 64 {
			buf, err = rf.RelocatedSection(buf, i)
			if err != nil && buf == nil {
				continue
			}
		}
	})
}

// sampleSeeds returns the sample objects and truncations of them.
func sampleSeeds(tb testing.TB) [][]byte {
	var seeds [][]byte
	for _, s := range buildCrossObjects(tb) {
		b, err := os.ReadFile(s.path)
		if err != nil {
			tb.Fatal(err)
		}
		seeds = append(seeds, b, b[:len(b)/2], b[:len(b)-1])
	}
	return seeds
}

// FuzzTable decodes arbitrary bytes as a relocation table of each kind.
func FuzzTable(f *testing.F) {
	// A RELR table: an address, a bitmap, an address, a bitmap.
	var relr []byte
	for _, w := range []uint64{0x1000, 0xf5, 0x2000, 1<<63 | 1} {
		relr = binary.LittleEndian.AppendUint64(relr, w)
	}
	f.Add(relr, uint8(reloc.RELR), uint16(elf.EM_X86_64), true, false)
	f.Add(relr[:12], uint8(reloc.RELR), uint16(elf.EM_386), false, true)
	// A CREL table of three entries with addends.
	crel := []byte{3*8 | 4 | 3, 0x07, 0x02, 0x02, 0x04, 0x0f, 0x02, 0x7f, 0x88, 0x01, 0x01}
	f.Add(crel, uint8(reloc.CREL), uint16(elf.EM_RISCV), true, false)
	f.Add([]byte{0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}, uint8(reloc.CREL), uint16(elf.EM_AARCH64), true, false)
	rela := make([]byte, 48)
	binary.BigEndian.PutUint64(rela[8:], 0x0000001200050403)
	f.Add(rela, uint8(reloc.RELA), uint16(elf.EM_MIPS), true, true)
	f.Add(rela[:16], uint8(reloc.REL), uint16(elf.EM_SPARCV9), true, true)
	f.Fuzz(func(t *testing.T, data []byte, kind uint8, machine uint16, is64, big bool) {
		class := elf.ELFCLASS32
		if is64 {
			class = elf.ELFCLASS64
		}
		tab, err := reloc.NewTable(data, reloc.Kind(kind), elf.Machine(machine), class, big)
		if err != nil {
			return
		}
		n := 0
		for i, r := range tab.All() {
			if i != n {
				t.Fatalf("index %d, want %d", i, n)
			}
			n++
			if n > fuzzBudget {
				return
			}
			reloc.TypeName(elf.Machine(machine), r.Type)
		}
		if n != tab.Len() {
			t.Fatalf("All gave %d entries, Len %d", n, tab.Len())
		}
		if got := len(readAll(tab, 3)); got != n {
			t.Fatalf("Reader gave %d entries, All %d", got, n)
		}
		if n > 0 && tab.At(n-1) != tab.At(n-1) {
			t.Fatal("At is not deterministic")
		}
	})
}
