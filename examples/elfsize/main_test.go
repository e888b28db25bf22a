package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// testdataFiles returns the committed samples: both classes and byte
// orders, eight machines.
func testdataFiles(t *testing.T) []string {
	dir := filepath.Join(testfiles.ModuleRoot(), "testdata")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		path := filepath.Join(dir, e.Name())
		if !e.IsDir() && isELF(path) {
			out = append(out, path)
		}
	}
	return out
}

// sampleFiles returns the committed samples, and Go binaries and part of
// the machine's corpus.
func sampleFiles(t *testing.T) (testdata, others []string) {
	dir := filepath.Join(testfiles.ModuleRoot(), "testdata")
	testdata = testdataFiles(t)
	if !testing.Short() {
		for _, arch := range []string{"amd64", "386", "arm64", "s390x", "mips"} {
			others = append(others, testfiles.GoBinary(t, arch))
		}
	}
	limit := 60
	if testing.Short() {
		limit = 20
	}
	for _, p := range testfiles.Corpus(t, limit) {
		if !strings.HasPrefix(p, dir+string(filepath.Separator)) {
			others = append(others, p)
		}
	}
	return testdata, others
}

func isELF(path string) bool {
	b := make([]byte, 4)
	fd, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fd.Close()
	_, err = fd.Read(b)
	return err == nil && string(b) == elf.ELFMAG
}

// rowSizes returns the size of each row: its file size, or its VM size
// for rows that take no file bytes (.bss).
func rowSizes(rows []row) map[string]uint64 {
	m := map[string]uint64{}
	for _, r := range rows {
		m[r.Name] = max(r.File, r.VM)
	}
	return m
}

// sizeA runs `size -A` and returns the size of each section name (summed
// over sections of the same name).
func sizeA(t *testing.T, path string) (map[string]uint64, bool) {
	out, err := exec.Command("size", "-A", path).Output()
	if err != nil {
		return nil, false
	}
	m := map[string]uint64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for i := 0; sc.Scan(); i++ {
		f := strings.Fields(sc.Text())
		if i < 2 || len(f) != 3 {
			continue
		}
		n, err := strconv.ParseUint(f[1], 10, 64)
		if err != nil {
			t.Fatalf("size -A %s: %q", path, sc.Text())
		}
		m[f[0]] += n
	}
	return m, true
}

// nmSizes runs `nm -S --size-sort` and returns the size of each symbol
// name (without nm's @version suffix, summed over symbols of the same
// name).
func nmSizes(t *testing.T, path string) (map[string]uint64, bool) {
	out, err := exec.Command("nm", "-S", "--size-sort", path).Output()
	if err != nil {
		return nil, false
	}
	m := map[string]uint64{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		// "value size type name", where the name may hold spaces.
		f := strings.SplitN(sc.Text(), " ", 4)
		if len(f) != 4 {
			continue
		}
		n, err := strconv.ParseUint(f[1], 16, 64)
		if err != nil {
			t.Fatalf("nm -S %s: %q", path, sc.Text())
		}
		name, _, _ := strings.Cut(f[3], "@")
		m[name] += n
	}
	return m, true
}

// check compares the section and symbol views of path with size -A and
// nm -S; it returns the differences.
func check(t *testing.T, path string) (sections, symbols string) {
	p, err := load(path)
	if err != nil {
		return "load: " + err.Error(), ""
	}
	mine := rowSizes(p.Sections)
	if want, ok := sizeA(t, path); ok {
		got := map[string]uint64{}
		for name := range want {
			got[name] = mine[name]
		}
		sections = cmp.Diff(want, got)
	}
	if want, ok := nmSizes(t, path); ok && len(want) > 0 {
		// .symtab keeps the version in the names of symbols defined with
		// .symver ("f@@V2", "f@V1"), nm prints one for others: compare
		// without it.
		got := map[string]uint64{}
		for _, r := range p.Symbols {
			name, _, _ := strings.Cut(r.Name, "@")
			got[name] += max(r.File, r.VM)
		}
		symbols = cmp.Diff(want, got)
	}
	return sections, symbols
}

// TestAgainstSizeAndNm compares the per-section sizes with `size -A` and
// the per-symbol sizes with `nm -S --size-sort` (GNU binutils, which read
// every class and byte order). The committed samples must match; the match
// rate on the other files is logged.
func TestAgainstSizeAndNm(t *testing.T) {
	if !testfiles.HaveTool("size") || !testfiles.HaveTool("nm") {
		t.Skip("binutils size and nm not installed")
	}
	testdata, others := sampleFiles(t)
	for _, path := range testdata {
		sec, sym := check(t, path)
		if sec != "" {
			t.Errorf("%s: sections differ from size -A (-size +elfsize):\n%s", path, sec)
		}
		if sym != "" {
			t.Errorf("%s: symbols differ from nm -S (-nm +elfsize):\n%s", path, sym)
		}
	}
	secOK, symOK := 0, 0
	for _, path := range others {
		sec, sym := check(t, path)
		if sec == "" {
			secOK++
		} else {
			t.Logf("%s: sections differ from size -A (-size +elfsize):\n%s", path, sec)
		}
		if sym == "" {
			symOK++
		} else {
			t.Logf("%s: symbols differ from nm -S (-nm +elfsize):\n%s", path, sym)
		}
	}
	t.Logf("%d testdata files match; other files: sections match size -A on %d of %d, symbols match nm -S on %d of %d",
		len(testdata), secOK, len(others), symOK, len(others))
}

// TestTotals checks that the section view accounts for every byte of the
// file, and that the segment view covers at least the whole file.
func TestTotals(t *testing.T) {
	for _, path := range testdataFiles(t) {
		p, err := load(path)
		if err != nil {
			t.Fatal(err)
		}
		var secFile, segFile uint64
		for _, r := range p.Sections {
			secFile += r.File
		}
		for _, r := range p.Segments {
			segFile += r.File
		}
		if secFile != p.Size {
			t.Errorf("%s: sections add up to %d bytes, the file has %d", path, secFile, p.Size)
		}
		if segFile < p.Size && len(p.Segments) > 0 {
			t.Errorf("%s: segments add up to %d bytes, the file has %d", path, segFile, p.Size)
		}
	}
}

// TestRun runs the command on a file and on a pair, checking the output
// names what size -A and nm report.
func TestRun(t *testing.T) {
	a := testfiles.Testdata(t, "hello-x86_64.nopie")
	b := testfiles.Testdata(t, "hello-x86_64")
	var out, errb bytes.Buffer
	if st := run([]string{"-n", "5", a}, &out, &errb); st != 0 {
		t.Fatalf("exit %d: %s", st, errb.String())
	}
	for _, want := range []string{"SEGMENT", "SECTION", "SYMBOL", ".text", "main", "TOTAL"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if st := run([]string{a, b}, &out, &errb); st != 0 {
		t.Fatalf("exit %d: %s", st, errb.String())
	}
	// The PIE has more dynamic relocations than the non-PIE executable.
	if !regexpLine(out.String(), ".rela.dyn", "+") {
		t.Errorf("diff does not show .rela.dyn growing:\n%s", out.String())
	}
	if st := run([]string{"-sort", "bogus", a}, &out, &errb); st != 2 {
		t.Errorf("bad -sort: exit %d, want 2", st)
	}
}

// regexpLine reports whether a line ending in name starts with sign.
func regexpLine(s, name, sign string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasSuffix(l, "  "+name) && strings.HasPrefix(strings.TrimSpace(l), sign) {
			return true
		}
	}
	return false
}

// TestDiffAgainstSizeA checks the diff mode: the change it reports for
// each section is the change in `size -A` between the two files, and it
// reports no section whose size did not change.
func TestDiffAgainstSizeA(t *testing.T) {
	if !testfiles.HaveTool("size") {
		t.Skip("binutils size not installed")
	}
	pairs := [][2]string{
		{"hello-x86_64.nopie", "hello-x86_64"},
		{"hello-mips.nopie", "hello-mips"},
		{"hello-i386", "relr-i386"},
		{"libhello-s390x.so", "libhello-ppc64.so"},
		{"hello-x86_64.o", "debug-zlib-x86_64.o"},
	}
	c := &config{}
	for _, pair := range pairs {
		a, b := testfiles.Testdata(t, pair[0]), testfiles.Testdata(t, pair[1])
		pa, err := load(a)
		if err != nil {
			t.Fatal(err)
		}
		pb, err := load(b)
		if err != nil {
			t.Fatal(err)
		}
		sa, okA := sizeA(t, a)
		sb, okB := sizeA(t, b)
		if !okA || !okB {
			t.Fatalf("size -A failed on %s or %s", a, b)
		}
		want := map[string]int64{}
		for name := range sa {
			want[name] = int64(sb[name]) - int64(sa[name])
		}
		for name := range sb {
			want[name] = int64(sb[name]) - int64(sa[name])
		}
		for name, d := range want {
			if d == 0 {
				delete(want, name)
			}
		}
		got := map[string]int64{}
		for _, d := range c.diffRows(pa.Sections, pb.Sections) {
			if _, ok := sa[d.Name]; !ok {
				if _, ok := sb[d.Name]; !ok {
					continue // a section size -A does not list
				}
			}
			got[d.Name] = int64(max(d.New.File, d.New.VM)) - int64(max(d.Old.File, d.Old.VM))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s -> %s: section changes differ from size -A (-size +elfsize):\n%s", pair[0], pair[1], diff)
		}
	}
}

// TestTruncated runs elfsize on every committed sample cut short at many
// lengths: it must report what it can or an error, never panic.
func TestTruncated(t *testing.T) {
	dir := t.TempDir()
	for _, path := range testdataFiles(t) {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 10, 16, 52, 64, 100, len(b) / 3, len(b) / 2, len(b) - 1} {
			if n > len(b) {
				continue
			}
			cut := filepath.Join(dir, "cut")
			if err := os.WriteFile(cut, b[:n], 0o644); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			run([]string{cut}, &out, &errb)
		}
	}
}
