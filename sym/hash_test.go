package sym

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/internal/testfiles"
)

// dynamicBoth is Dynamic with both hash tables set up when the file has
// them.
func dynamicBoth(t testing.TB, b []byte) *Table {
	t.Helper()
	id, err := elfkit.ParseIdent(b)
	if err != nil {
		t.Fatal(err)
	}
	var tab *Table
	if id.Class == elfkit.ELFCLASS64 {
		f, err := elf64.NewFile(b)
		if err != nil {
			t.Fatal(err)
		}
		if tab, err = Dynamic(f); err != nil {
			t.Fatal(err)
		}
		class64{f}.hashTables(tab, true)
	} else {
		f, err := elf32.NewFile(b)
		if err != nil {
			t.Fatal(err)
		}
		if tab, err = Dynamic(f); err != nil {
			t.Fatal(err)
		}
		class32{f}.hashTables(tab, true)
	}
	return tab
}

// strategy is a way to look names up in a table.
type strategy struct {
	tab *Table
	how elfkit.SectionType // SHT_GNU_HASH, SHT_HASH, or SHT_NULL for a scan
}

func (s strategy) Lookup(name string) (Symbol, bool) { return s.tab.lookup(s.how, name, "", false) }

func (s strategy) LookupVersion(name, version string) (Symbol, bool) {
	return s.tab.lookup(s.how, name, version, true)
}

// strategies returns the ways tab can be searched: through the GNU hash
// table, the SysV one, and a scan, as far as tab has them.
func strategies(tab *Table) map[string]strategy {
	m := map[string]strategy{"scan": {tab, elfkit.SHT_NULL}}
	if tab.gnu.ok {
		m["gnu"] = strategy{tab, elfkit.SHT_GNU_HASH}
	}
	if tab.sysv.ok {
		m["sysv"] = strategy{tab, elfkit.SHT_HASH}
	}
	return m
}

// lookupAll looks up every name of the table, with every version it
// has, and names that are not there, and returns the answers.
func lookupAll(s strategy) []string {
	tab := s.tab
	var out []string
	for i := 1; i < tab.n; i++ {
		sy := tab.At(i)
		for _, name := range []string{sy.Name, sy.Name + "_", "_" + sy.Name} {
			r, ok := s.Lookup(name)
			out = append(out, fmt.Sprintf("Lookup(%q) = %d %v", name, r.Index, ok))
		}
		if sy.Version.Name != "" {
			r, ok := s.LookupVersion(sy.Name, sy.Version.Name)
			out = append(out, fmt.Sprintf("LookupVersion(%q, %q) = %d %v", sy.Name, sy.Version.Name, r.Index, ok))
			r, ok = s.LookupVersion(sy.Name, sy.Version.Name+"x")
			out = append(out, fmt.Sprintf("LookupVersion(%q, %q) = %d %v", sy.Name, sy.Version.Name+"x", r.Index, ok))
		}
	}
	return out
}

// TestHashStrategiesAgree checks that the GNU hash walk, the SysV hash walk
// and the scan give the same answer for every name, on the samples of both
// classes and byte orders (s390x has 8-byte DT_HASH words) and on part of
// the corpus.
func TestHashStrategiesAgree(t *testing.T) {
	var files []string
	for _, arch := range []string{"x86_64", "i386", "aarch64", "arm", "riscv64", "ppc64", "s390x", "mips"} {
		files = append(files, testfiles.Testdata(t, "libhello-"+arch+".so"))
	}
	files = append(files, testfiles.Corpus(t, 60)...)
	seen := map[string]int{}
	for _, path := range files {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		df, err := elf.NewFile(bytesReader(b))
		if err != nil {
			continue
		}
		_, derr := df.DynamicSymbols()
		if derr != nil {
			continue
		}
		tab := dynamicBoth(t, b)
		if tab.Len() > 5000 {
			continue // every name by a scan is quadratic
		}
		base := lookupAll(strategies(tab)["scan"])
		for name, s := range strategies(tab) {
			seen[name]++
			if d := cmp.Diff(base, lookupAll(s)); d != "" {
				t.Errorf("%s: %s lookups differ from the scan (-scan +%s):\n%s", filepath.Base(path), name, name, d)
			}
		}
	}
	t.Logf("tables looked up by strategy: %v", seen)
	if seen["sysv"] == 0 || seen["gnu"] == 0 {
		t.Errorf("a strategy was never exercised: %v", seen)
	}
}

// sectionBytes returns the file bytes of the first section of type typ.
func sectionBytes(t *testing.T, b []byte, typ elf.SectionType) (off, size int) {
	t.Helper()
	f, err := elf.NewFile(bytesReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range f.Sections {
		if s.Type == typ {
			return int(s.Offset), int(s.Size)
		}
	}
	t.Fatalf("no %v section", typ)
	return 0, 0
}

// TestBrokenHashTables damages the hash tables of real files in the ways
// the loader could meet them and checks that lookups still give the
// scan's answers (or at least end, and do not panic).
func TestBrokenHashTables(t *testing.T) {
	type damage struct {
		name string
		fn   func(t *testing.T, b []byte, bo binary.ByteOrder, class elf.Class)
	}
	put32 := func(bo binary.ByteOrder, b []byte, v uint32) { bo.PutUint32(b, v) }
	gnuParts := func(t *testing.T, b []byte, bo binary.ByteOrder, class elf.Class) (off, nb, symoff, nbloom, buckets, chains, end int) {
		off, size := sectionBytes(t, b, elf.SHT_GNU_HASH)
		nb = int(bo.Uint32(b[off:]))
		symoff = int(bo.Uint32(b[off+4:]))
		nbloom = int(bo.Uint32(b[off+8:]))
		w := 8
		if class == elf.ELFCLASS32 {
			w = 4
		}
		buckets = off + 16 + nbloom*w
		chains = buckets + 4*nb
		return off, nb, symoff, nbloom, buckets, chains, off + size
	}
	damages := []damage{
		{"gnu zero buckets", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			off, _, _, _, _, _, _ := gnuParts(t, b, bo, c)
			put32(bo, b[off:], 0)
		}},
		{"gnu zero bloom words", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			off, _, _, _, _, _, _ := gnuParts(t, b, bo, c)
			put32(bo, b[off+8:], 0)
		}},
		{"gnu chains never end", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			_, _, _, _, _, chains, end := gnuParts(t, b, bo, c)
			for o := chains; o+4 <= end; o += 4 {
				put32(bo, b[o:], bo.Uint32(b[o:])&^1)
			}
		}},
		{"gnu buckets past the table", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			_, nb, _, _, buckets, _, _ := gnuParts(t, b, bo, c)
			for i := 0; i < nb; i++ {
				put32(bo, b[buckets+4*i:], 0xfffffff0)
			}
		}},
		{"gnu buckets below symoffset", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			_, nb, symoff, _, buckets, _, _ := gnuParts(t, b, bo, c)
			for i := 0; i < nb; i++ {
				if bo.Uint32(b[buckets+4*i:]) != 0 {
					put32(bo, b[buckets+4*i:], uint32(symoff-1))
				}
			}
		}},
		{"gnu hashes all match", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			// Every chain word equal and every bloom bit set: each lookup
			// compares every symbol of its chain.
			off, nb, _, nbloom, buckets, chains, end := gnuParts(t, b, bo, c)
			for o := off + 16; o < buckets; o++ {
				b[o] = 0xff
			}
			_ = nb
			_ = nbloom
			for o := chains; o+4 <= end; o += 4 {
				put32(bo, b[o:], 0x12345678)
			}
		}},
		{"sysv zero buckets", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			off, _ := sectionBytes(t, b, elf.SHT_HASH)
			for i := 0; i < 8; i++ {
				b[off+i] = 0
			}
		}},
		{"sysv chains loop", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			off, size := sectionBytes(t, b, elf.SHT_HASH)
			w := sysvWordSize(b)
			nb := int(readWord(bo, b[off:], w))
			for i := 0; i < (size/w - 2 - nb); i++ {
				writeWord(bo, b[off+(2+nb+i)*w:], w, uint64(i)) // every symbol chains to itself
			}
		}},
		{"sysv indexes past the table", func(t *testing.T, b []byte, bo binary.ByteOrder, c elf.Class) {
			off, size := sectionBytes(t, b, elf.SHT_HASH)
			w := sysvWordSize(b)
			for o := off + 2*w; o+w <= off+size; o += w {
				writeWord(bo, b[o:], w, 0xfffffff)
			}
		}},
	}
	for _, arch := range []string{"x86_64", "i386", "s390x", "ppc64", "arm"} {
		orig, err := os.ReadFile(testfiles.Testdata(t, "libhello-"+arch+".so"))
		if err != nil {
			t.Fatal(err)
		}
		df, err := elf.NewFile(bytesReader(orig))
		if err != nil {
			t.Fatal(err)
		}
		want := lookupAll(strategies(dynamicBoth(t, orig))["scan"])
		for _, d := range damages {
			t.Run(arch+"/"+d.name, func(t *testing.T) {
				b := append([]byte(nil), orig...)
				d.fn(t, b, df.ByteOrder, df.Class)
				start := time.Now()
				tab := dynamicBoth(t, b)
				for name, s := range strategies(tab) {
					if d := cmp.Diff(want, lookupAll(s)); d != "" {
						t.Errorf("%s lookups (-intact +damaged):\n%s", name, d)
					}
				}
				// Damage only one of the tables: the other must keep working.
				got := lookupAll(strategy{tab, tab.Hash()})
				if d := cmp.Diff(want, got); d != "" {
					t.Errorf("default lookups (-intact +damaged):\n%s", d)
				}
				if el := time.Since(start); el > 10*time.Second {
					t.Errorf("took %v", el)
				}
			})
		}
	}
}

func sysvWordSize(b []byte) int {
	f, err := elf.NewFile(bytesReader(b))
	if err == nil && f.Class == elf.ELFCLASS64 && (f.Machine == elf.EM_S390 || f.Machine == elf.EM_ALPHA) {
		return 8
	}
	return 4
}

func readWord(bo binary.ByteOrder, b []byte, w int) uint64 {
	if w == 8 {
		return bo.Uint64(b)
	}
	return uint64(bo.Uint32(b))
}

func writeWord(bo binary.ByteOrder, b []byte, w int, v uint64) {
	if w == 8 {
		bo.PutUint64(b, v)
		return
	}
	bo.PutUint32(b, uint32(v))
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

// TestStride checks tables whose sh_entsize is larger than the record,
// with no padding after the last record.
func TestStride(t *testing.T) {
	for _, is64 := range []bool{true, false} {
		size := sym32Size
		if is64 {
			size = sym64Size
		}
		const stride = 40
		b := make([]byte, 2*stride+size)
		strtab := []byte("\x00a\x00bb\x00ccc\x00")
		for i, name := range []uint32{1, 3, 6} {
			binary.LittleEndian.PutUint32(b[i*stride:], name)
			info, shndx := sym64Info, sym64Shndx
			if !is64 {
				info, shndx = sym32Info, sym32Shndx
			}
			b[i*stride+info] = byte(elf.STB_GLOBAL)<<4 | byte(elf.STT_FUNC)
			binary.LittleEndian.PutUint16(b[i*stride+shndx:], 1)
		}
		tab := new(Table)
		tab.setRecords(b, 3, is64, false, strtab, nil)
		if tab.stride != stride || tab.Len() != 3 {
			t.Fatalf("stride %d, %d records", tab.stride, tab.Len())
		}
		var got []string
		for _, s := range tab.All() {
			got = append(got, s.Name)
		}
		if d := cmp.Diff([]string{"a", "bb", "ccc"}, got); d != "" {
			t.Errorf("names (-want +got):\n%s", d)
		}
		if s, ok := tab.Lookup("ccc"); !ok || s.Index != 2 {
			t.Errorf("Lookup(ccc) = %v %v", s, ok)
		}
	}
}
