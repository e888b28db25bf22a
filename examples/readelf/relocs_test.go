package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// relocGNU runs GNU readelf with args on path and returns its standard
// output.
func relocGNU(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("readelf", args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	out, _ := cmd.Output()
	return string(out)
}

// relocOurs runs this program with args and returns its standard output.
func relocOurs(args ...string) string {
	var stdout, stderr bytes.Buffer
	run(args, &stdout, &stderr)
	return stdout.String()
}

// relocCompare compares -r and -r -W of both programs on path and returns
// the diffs ("" when both match).
func relocCompare(t *testing.T, path string) (narrow, wide string) {
	narrow = cmp.Diff(relocGNU(t, "-r", path), relocOurs("-r", path))
	wide = cmp.Diff(relocGNU(t, "-r", "-W", path), relocOurs("-r", "-W", path))
	return narrow, wide
}

func relocNeedReadelf(t *testing.T) {
	if !testfiles.HaveTool("readelf") {
		t.Skip("GNU readelf not installed")
	}
}

// TestRelocsTestdata compares -r with GNU readelf on every committed
// sample: every machine, class and byte order, objects, executables,
// shared objects, RELR, files without section headers.
func TestRelocsTestdata(t *testing.T) {
	relocNeedReadelf(t)
	dir := filepath.Join(testfiles.ModuleRoot(), "testdata")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ents {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() || !relocIsELF(path) {
			continue
		}
		n++
		narrow, wide := relocCompare(t, path)
		if narrow != "" {
			t.Errorf("readelf -r %s: (-GNU +ours)\n%s", e.Name(), narrow)
		}
		if wide != "" {
			t.Errorf("readelf -r -W %s: (-GNU +ours)\n%s", e.Name(), wide)
		}
	}
	if n == 0 {
		t.Fatal("no ELF files in testdata")
	}
}

// TestRelocsCorpus compares -r with GNU readelf on Go binaries for several
// GOARCHes and on the machine's ELF files, and logs the match rate.
func TestRelocsCorpus(t *testing.T) {
	relocNeedReadelf(t)
	var files []string
	if !testing.Short() {
		for _, arch := range []string{"amd64", "386", "arm64", "arm", "riscv64", "ppc64", "ppc64le", "s390x", "mips", "mips64", "mips64le", "loong64"} {
			files = append(files, testfiles.GoBinary(t, arch))
		}
	}
	limit := 200
	if testing.Short() {
		limit = 40
	}
	files = append(files, testfiles.Corpus(t, limit)...)
	match, total := 0, 0
	for _, path := range files {
		narrow, wide := relocCompare(t, path)
		for _, d := range []string{narrow, wide} {
			total++
			if d == "" {
				match++
				continue
			}
			t.Logf("%s differs: (-GNU +ours)\n%s", path, relocHead(d, 12))
		}
	}
	t.Logf("readelf -r / -r -W: %d of %d outputs byte-identical (%.1f%%) on %d files", match, total, 100*float64(match)/float64(max(total, 1)), len(files))
}

// relocBuiltSource has data and code relocations against local, global,
// undefined and IFUNC symbols, with positive and negative addends.
const relocBuiltSource = `
extern int ext[];
int glob[4];
static int loc[4];
int *ptrs[] = { &ext[2], &glob[1], &loc[3], &ext[-2] };
static long impl(void) { return 1; }
#ifdef __mips__
#define ifn impl
#else
static void *resolve(void) { return (void *)impl; }
long ifn(void) __attribute__((ifunc("resolve")));
#endif
long (*fp)(void) = ifn;
__thread int tls;
int f(int i) { return ext[i] + glob[i] + loc[i] + tls + (int)ifn(); }
`

// TestRelocsBuilt compares -r with GNU readelf on objects, shared objects
// and executables built with the host and cross compilers: 64-bit MIPS
// (three types per entry, both byte orders), -m32, IFUNC symbols, static
// executables. It logs the match rate; the committed samples are the ones
// that must match.
func TestRelocsBuilt(t *testing.T) {
	relocNeedReadelf(t)
	if testing.Short() {
		t.Skip("builds with cross compilers")
	}
	builds := []struct {
		triple string
		flags  []string
	}{
		{"", []string{"-c", "-O2"}},
		{"", []string{"-shared", "-fPIC", "-O2"}},
		{"", []string{"-c", "-O2", "-m32"}},
		{"", []string{"-static", "-O2", "-Wl,--unresolved-symbols=ignore-all"}},
		{"mips-linux-gnu", []string{"-c", "-O2", "-mabi=64"}},
		{"mips-linux-gnu", []string{"-c", "-O2", "-mabi=64", "-EL"}},
		{"mips-linux-gnu", []string{"-shared", "-fPIC", "-O2", "-mabi=64", "-nostdlib"}},
		{"aarch64-linux-gnu", []string{"-shared", "-fPIC", "-O2"}},
		{"powerpc64-linux-gnu", []string{"-shared", "-fPIC", "-O2"}},
		{"riscv64-linux-gnu", []string{"-c", "-O2"}},
		{"s390x-linux-gnu", []string{"-shared", "-fPIC", "-O2"}},
		{"arm-linux-gnueabihf", []string{"-shared", "-fPIC", "-O2"}},
		{"i686-linux-gnu", []string{"-shared", "-fPIC", "-O2"}},
	}
	match, total := 0, 0
	for _, b := range builds {
		t.Run(strings.Join(append([]string{b.triple}, b.flags...), " "), func(t *testing.T) {
			path := testfiles.CrossObject(t, b.triple, relocBuiltSource, b.flags...)
			narrow, wide := relocCompare(t, path)
			for _, d := range []string{narrow, wide} {
				total++
				if d == "" {
					match++
				} else {
					t.Logf("differs: (-GNU +ours)\n%s", relocHead(d, 12))
				}
			}
		})
	}
	// Extended section numbering: relocations against a symbol in section
	// 65299 (SHN_XINDEX), ELF64 LE and ELF32 BE.
	for _, triple := range []string{"", "mips-linux-gnu"} {
		t.Run("many-sections "+triple, func(t *testing.T) {
			path := testfiles.ManySections(t, triple)
			narrow, wide := relocCompare(t, path)
			for _, d := range []string{narrow, wide} {
				total++
				if d == "" {
					match++
				} else {
					t.Logf("differs: (-GNU +ours)\n%s", relocHead(d, 12))
				}
			}
		})
	}
	t.Logf("readelf -r / -r -W on built files: %d of %d outputs byte-identical", match, total)
}

// TestRelocsTypeNames builds, per machine, an object whose relocation
// section holds every type number up to a bound, and compares the names
// this program prints with GNU readelf's.
func TestRelocsTypeNames(t *testing.T) {
	relocNeedReadelf(t)
	machines := []struct {
		m     elf.Machine
		is64  bool
		big   bool
		types uint32
	}{
		{elf.EM_X86_64, true, false, 256},
		{elf.EM_386, false, false, 256},
		{elf.EM_AARCH64, true, false, 1300},
		{elf.EM_ARM, false, false, 256},
		{elf.EM_RISCV, true, false, 256},
		{elf.EM_PPC64, true, true, 256},
		{elf.EM_PPC, false, true, 256},
		{elf.EM_S390, true, true, 256},
		{elf.EM_MIPS, false, true, 256},
		{elf.EM_LOONGARCH, true, false, 256},
		{elf.EM_SPARCV9, true, true, 256},
		{elf.EM_SPARC, false, true, 256},
	}
	dir := t.TempDir()
	for _, mc := range machines {
		path := filepath.Join(dir, mc.m.String()+".o")
		if err := os.WriteFile(path, relocTypesObject(mc.m, mc.is64, mc.big, mc.types), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, w := range [][]string{{"-r"}, {"-r", "-W"}} {
			args := append(w, path)
			gnu, ours := relocGNU(t, args...), relocOurs(args...)
			if gnu == ours {
				continue
			}
			gl, ol := strings.Split(gnu, "\n"), strings.Split(ours, "\n")
			if len(gl) != len(ol) {
				t.Errorf("readelf %s (%v): %d lines, ours %d", strings.Join(w, " "), mc.m, len(gl), len(ol))
				continue
			}
			for i := range gl {
				if gl[i] != ol[i] {
					t.Errorf("readelf %s (%v):\n GNU:  %q\n ours: %q", strings.Join(w, " "), mc.m, gl[i], ol[i])
				}
			}
		}
	}
}

// relocTypesObject returns an ET_REL file of machine m with one SHT_REL
// section whose entry i has type i and no symbol, for i < n.
func relocTypesObject(m elf.Machine, is64, big bool, n uint32) []byte {
	var bo interface {
		binary.ByteOrder
		binary.AppendByteOrder
	} = binary.LittleEndian
	data := byte(elf.ELFDATA2LSB)
	if big {
		bo, data = binary.BigEndian, byte(elf.ELFDATA2MSB)
	}
	ehsize, shsize, relsize := 52, 40, 8
	class := byte(elf.ELFCLASS32)
	if is64 {
		ehsize, shsize, relsize, class = 64, 64, 16, byte(elf.ELFCLASS64)
	}
	shstr := []byte("\x00.rel.x\x00.shstrtab\x00")
	var rels []byte
	for i := uint32(0); i < n; i++ {
		if is64 {
			rels = bo.AppendUint64(rels, uint64(i))
			rels = bo.AppendUint64(rels, uint64(i))
		} else {
			rels = bo.AppendUint32(rels, i)
			rels = bo.AppendUint32(rels, i)
		}
	}
	relOff := ehsize
	strOff := relOff + len(rels)
	shOff := (strOff + len(shstr) + 7) &^ 7
	b := make([]byte, shOff+3*shsize)
	copy(b, elf.ELFMAG)
	b[elf.EI_CLASS], b[elf.EI_DATA], b[elf.EI_VERSION] = class, data, 1
	bo.PutUint16(b[16:], uint16(elf.ET_REL))
	bo.PutUint16(b[18:], uint16(m))
	bo.PutUint32(b[20:], 1)
	if is64 {
		bo.PutUint64(b[40:], uint64(shOff))
		bo.PutUint16(b[52:], uint16(ehsize))
		bo.PutUint16(b[58:], uint16(shsize))
		bo.PutUint16(b[60:], 3)
		bo.PutUint16(b[62:], 2)
	} else {
		bo.PutUint32(b[32:], uint32(shOff))
		bo.PutUint16(b[40:], uint16(ehsize))
		bo.PutUint16(b[46:], uint16(shsize))
		bo.PutUint16(b[48:], 3)
		bo.PutUint16(b[50:], 2)
	}
	copy(b[relOff:], rels)
	copy(b[strOff:], shstr)
	sh := func(i int, name, typ uint32, off, size, entsize int) {
		s := b[shOff+i*shsize:]
		bo.PutUint32(s[0:], name)
		bo.PutUint32(s[4:], typ)
		if is64 {
			bo.PutUint64(s[24:], uint64(off))
			bo.PutUint64(s[32:], uint64(size))
			bo.PutUint64(s[48:], 1)
			bo.PutUint64(s[56:], uint64(entsize))
		} else {
			bo.PutUint32(s[16:], uint32(off))
			bo.PutUint32(s[20:], uint32(size))
			bo.PutUint32(s[32:], 1)
			bo.PutUint32(s[36:], uint32(entsize))
		}
	}
	sh(1, 1, uint32(elf.SHT_REL), relOff, len(rels), relsize)
	sh(2, 8, uint32(elf.SHT_STRTAB), strOff, len(shstr), 0)
	return b
}

func relocIsELF(path string) bool {
	b := make([]byte, 4)
	fd, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fd.Close()
	if _, err := fd.Read(b); err != nil {
		return false
	}
	return string(b) == elf.ELFMAG
}

// relocHead returns the first n lines of s.
func relocHead(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		return strings.Join(lines[:n], "") + fmt.Sprintf("... (%d more lines)\n", len(lines)-n)
	}
	return s
}

// TestRelocsDamaged runs -r on committed samples that are cut short or
// have bytes of their relocation sections and headers overwritten: it
// must print what it can, never panic or hang.
func TestRelocsDamaged(t *testing.T) {
	dir := filepath.Join(testfiles.ModuleRoot(), "testdata")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(t.TempDir(), "damaged")
	for _, e := range ents {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() || !relocIsELF(path) {
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var variants [][]byte
		for _, n := range []int{len(b) / 4, len(b) / 2, len(b) - 100} {
			if n > 0 {
				variants = append(variants, b[:n])
			}
		}
		// Overwrite every 97th byte from the middle on with 0xff: entry
		// sizes, links, symbol indexes and names go wrong.
		c := bytes.Clone(b)
		for i := len(c) / 2; i < len(c); i += 97 {
			c[i] = 0xff
		}
		variants = append(variants, c)
		for _, v := range variants {
			if err := os.WriteFile(tmp, v, 0o644); err != nil {
				t.Fatal(err)
			}
			relocOurs("-r", tmp)
			relocOurs("-r", "-W", tmp)
		}
	}
}
