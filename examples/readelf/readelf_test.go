package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf/internal/testfiles"
)

// hdrGroups are the option groups of this file's tests, each compared
// byte for byte with GNU readelf.
var hdrGroups = [][]string{
	{"-h"},
	{"-l"}, {"-l", "-W"},
	{"-S"}, {"-S", "-W"},
	{"-g"},
	{"-e"}, {"-e", "-W"},
	{"-u"}, {"-I"}, {"-A"},
}

// hdrGNU runs GNU readelf in the C locale and returns its standard output,
// standard error and exit status.
func hdrGNU(t testing.TB, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var o, e bytes.Buffer
	cmd := exec.Command("readelf", args...)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		status = ee.ExitCode()
	default:
		t.Fatalf("readelf %v: %v", args, err)
	}
	return o.String(), e.String(), status
}

// hdrOurs runs this program in-process and returns what hdrGNU returns.
// A panic is turned into a test error.
func hdrOurs(t testing.TB, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var o, e bytes.Buffer
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("readelf %v panicked: %v", args, r)
				status = -1
			}
		}()
		status = run(args, &o, &e)
	}()
	return o.String(), e.String(), status
}

func hdrNeedReadelf(t *testing.T) {
	t.Helper()
	if !testfiles.HaveTool("readelf") {
		t.Skip("GNU readelf not installed")
	}
}

// hdrIsELF reports whether path starts with the ELF magic.
func hdrIsELF(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [4]byte
	_, err = io.ReadFull(f, b[:])
	return err == nil && string(b[:]) == "\x7fELF"
}

// hdrTestdata lists the committed samples.
func hdrTestdata(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join(testfiles.ModuleRoot(), "testdata")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		p := filepath.Join(dir, e.Name())
		if !e.IsDir() && hdrIsELF(p) {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Fatal("no ELF files in testdata")
	}
	return out
}

// hdrCompare runs every group on every file with both programs, logs the
// match rate per group and returns the number of mismatches. Up to
// maxDiffs diffs are reported with report.
func hdrCompare(t *testing.T, set string, files []string, maxDiffs int, report func(format string, args ...any)) int {
	t.Helper()
	type rate struct{ ok, known, n int }
	rates := make([]rate, len(hdrGroups))
	bad, shown := 0, 0
	for _, path := range files {
		for gi, g := range hdrGroups {
			args := append(append([]string{}, g...), path)
			want, _, wantStatus := hdrGNU(t, args...)
			got, _, gotStatus := hdrOurs(t, args...)
			rates[gi].n++
			if want == got && wantStatus == gotStatus {
				rates[gi].ok++
				continue
			}
			if k := hdrKnownDifference(g, want, got); k != "" {
				rates[gi].known++
				t.Logf("readelf %s: known difference: %s", strings.Join(args, " "), k)
				continue
			}
			bad++
			if shown < maxDiffs {
				shown++
				d := cmp.Diff(want, got)
				if len(d) > 3000 {
					d = d[:3000] + "\n..."
				}
				report("readelf %s: exit status GNU %d, ours %d; stdout (-GNU +ours):\n%s", strings.Join(args, " "), wantStatus, gotStatus, d)
			}
		}
	}
	for gi, g := range hdrGroups {
		r := rates[gi]
		pct := 100.0
		if r.n > 0 {
			pct = 100 * float64(r.ok) / float64(r.n)
		}
		t.Logf("%s: readelf %-6s %4d/%-4d files identical (%.1f%%), %d known differences", set, strings.Join(g, " "), r.ok, r.n, pct, r.known)
	}
	return bad
}

// hdrKnownDifference names the known difference (see the package doc)
// that explains GNU's output want for group g, or returns "".
func hdrKnownDifference(g []string, want, got string) string {
	if g[0] == "-u" && strings.Contains(want, "\nUnwind section '") {
		return "ARM/C6000/IA-64 unwind tables are not decoded"
	}
	if g[0] == "-A" && strings.Contains(want, "\nPrimary GOT:\n") && !strings.Contains(got, "\nPrimary GOT:\n") {
		return "the MIPS static GOT is not printed by -A"
	}
	if g[0] == "-A" && got == "" {
		return "-A is not decoded for SPARC, C6000, C-SKY, ARC, MSP430, m68k, NDS32"
	}
	return ""
}

// TestHeadersTestdata compares -h -l -S -g -e, narrow and wide, on every
// committed sample (every machine, class and byte order): all must be
// identical to GNU readelf.
func TestHeadersTestdata(t *testing.T) {
	hdrNeedReadelf(t)
	hdrCompare(t, "testdata", hdrTestdata(t), 20, t.Errorf)
}

// hdrBuilt builds the varied set: Go binaries for several GOARCH, C
// objects, executables and shared objects from the cross compilers, C++
// COMDAT groups, a static and a -m32 executable, the core dump and the
// samples of GOROOT/src/debug/elf/testdata.
func hdrBuilt(t *testing.T) []string {
	t.Helper()
	var files []string
	add := func(name string, build func(t *testing.T) string) {
		ok := t.Run("build/"+name, func(t *testing.T) { files = append(files, build(t)) })
		_ = ok
	}
	goarchs := []string{"amd64", "386", "arm", "arm64", "riscv64", "ppc64", "ppc64le", "s390x", "mips", "mipsle", "mips64", "mips64le", "loong64"}
	if testing.Short() {
		goarchs = []string{"amd64", "arm64", "ppc64", "mips"}
	}
	for _, a := range goarchs {
		add("go-"+a, func(t *testing.T) string { return testfiles.GoBinary(t, a) })
	}
	add("go-amd64-pie", func(t *testing.T) string { return testfiles.GoBinary(t, "amd64", "-buildmode=pie") })
	add("go-amd64-stripped", func(t *testing.T) string { return testfiles.GoBinary(t, "amd64", "-ldflags=-s -w") })
	const csrc = "#include <stdio.h>\n__thread int tv = 3;\nint counter;\nstatic const char *msg = \"hi\";\nint main(void) { printf(\"%s %d\\n\", msg, counter + tv); return 0; }\n"
	for _, tr := range []string{"", "i686-linux-gnu", "aarch64-linux-gnu", "arm-linux-gnueabihf", "riscv64-linux-gnu", "powerpc64-linux-gnu", "s390x-linux-gnu", "mips-linux-gnu"} {
		name := tr
		if name == "" {
			name = "host"
		}
		add("c-"+name+".o", func(t *testing.T) string { return testfiles.CrossObject(t, tr, csrc, "-c", "-g") })
		add("c-"+name+".so", func(t *testing.T) string { return testfiles.CrossObject(t, tr, csrc, "-shared", "-fPIC") })
		add("c-"+name+"-pie", func(t *testing.T) string { return testfiles.CrossObject(t, tr, csrc, "-pie", "-fPIE") })
	}
	add("c-host-static", func(t *testing.T) string { return testfiles.CrossObject(t, "", csrc, "-static") })
	add("c-host-nopie-relr", func(t *testing.T) string {
		return testfiles.CrossObject(t, "", csrc, "-no-pie", "-Wl,-z,pack-relative-relocs")
	})
	add("c-host-gz", func(t *testing.T) string { return testfiles.CrossObject(t, "", csrc, "-c", "-g", "-gz=zlib") })
	add("c++-comdat.o", func(t *testing.T) string {
		if !testfiles.HaveTool("g++") {
			t.Skip("no g++")
		}
		dir := t.TempDir()
		src := filepath.Join(dir, "g.cc")
		out := filepath.Join(dir, "g.o")
		code := "template<class T> T f(T x){return x+1;}\nint g(){return f(1)+(int)f(2.0);}\ninline int h(){static int z; return ++z;}\nint k(){return h();}\n"
		if err := os.WriteFile(src, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		if b, err := exec.Command("g++", "-c", "-g", "-o", out, src).CombinedOutput(); err != nil {
			t.Skipf("g++: %v\n%s", err, b)
		}
		return out
	})
	add("core", func(t *testing.T) string {
		gz := filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata", "hello-world-core.gz")
		f, err := os.Open(gz)
		if err != nil {
			t.Skip(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		out := filepath.Join(t.TempDir(), "hello-world-core")
		if err := os.WriteFile(out, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return out
	})
	if ents, err := os.ReadDir(filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata")); err == nil {
		for _, e := range ents {
			p := filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata", e.Name())
			if hdrIsELF(p) {
				files = append(files, p)
			}
		}
	}
	if !testing.Short() {
		add("many-sections.o", func(t *testing.T) string { return testfiles.ManySections(t, "") })
	}
	return files
}

// TestHeadersBuilt compares the groups on the varied set the test builds.
func TestHeadersBuilt(t *testing.T) {
	hdrNeedReadelf(t)
	files := hdrBuilt(t)
	t.Logf("built set: %d files", len(files))
	hdrCompare(t, "built", files, 20, t.Errorf)
}

// TestHeadersCorpus compares the groups on the machine's ELF files
// (testfiles.Corpus; ELFKIT_CORPUS_MAX bounds it). Differences are logged,
// not failed: the corpus depends on the machine.
func TestHeadersCorpus(t *testing.T) {
	hdrNeedReadelf(t)
	files := testfiles.Corpus(t, 400)
	hdrCompare(t, "corpus", files, 10, t.Logf)
}

// hdrSynthetic writes a minimal ELF header (no program or section headers)
// of the given class, byte order, machine, flags and OS/ABI.
func hdrSynthetic(t *testing.T, dir string, is64, big bool, machine uint16, flags uint32, osabi byte) string {
	t.Helper()
	size := 52
	if is64 {
		size = 64
	}
	b := make([]byte, size)
	copy(b, "\x7fELF")
	b[4], b[5], b[6], b[7] = 1, 1, 1, osabi
	var bo binary.ByteOrder = binary.LittleEndian
	if big {
		b[5] = 2
		bo = binary.BigEndian
	}
	if is64 {
		b[4] = 2
	}
	bo.PutUint16(b[16:], 1) // ET_REL
	bo.PutUint16(b[18:], machine)
	bo.PutUint32(b[20:], 1)
	if is64 {
		bo.PutUint32(b[48:], flags)
		bo.PutUint16(b[52:], uint16(size))
	} else {
		bo.PutUint32(b[36:], flags)
		bo.PutUint16(b[40:], uint16(size))
	}
	p := filepath.Join(dir, fmt.Sprintf("m%d-f%x-o%d-%v-%v", machine, flags, osabi, is64, big))
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestHeaderNames compares -h on synthetic headers for every e_machine
// value GNU readelf names (and some it does not), every OS/ABI, and
// e_flags of the machines whose flags it decodes.
func TestHeaderNames(t *testing.T) {
	hdrNeedReadelf(t)
	dir := t.TempDir()
	var files []string
	var machines []int
	for m := 0; m <= 300; m++ {
		machines = append(machines, m)
	}
	machines = append(machines, 0x1057, 0x1059, 0x1223, 0x2530, 0x3330, 0x4157, 0x4688, 0x4def, 0x5441,
		0x5aa5, 0x7650, 0x7676, 0x8217, 0x9026, 0x9041, 0x9080, 0xa390, 0xabc7, 0xad45, 0xbaab,
		0xbeef, 0xdead, 0xf00d, 0xfeb0, 0xfeba, 0xfebb, 0xfeed, 0xffff)
	for _, m := range machines {
		files = append(files, hdrSynthetic(t, dir, m%2 == 0, m%3 == 0, uint16(m), 0, 0))
	}
	for o := 0; o < 256; o++ {
		for _, m := range []uint16{3, 40, 224, 105, 140} {
			if o < 64 && m != 3 {
				continue
			}
			files = append(files, hdrSynthetic(t, dir, true, false, m, 0, byte(o)))
		}
	}
	flags := map[uint16][]uint32{
		40:  {1, 0x20, 0x5000400, 0x5000200, 0x5000202, 0x5800000, 0x4400000, 0x4000001, 0x3000000, 0x2000018, 0x1000004, 0x1000008, 0x6000000, 0x6000010, 0xffe, 0x004, 0x1000},
		8:   {1, 0x70001007, 0x50001005, 0x80000007, 0x60000027, 0x90001400, 0xa0000600, 0x00830000, 0x00ff0000, 0x0000f000, 0x2000, 0x3000, 0x4000, 0x0e000000, 0xb0000000, 0x80, 0x100, 0x10, 0x008b0000, 0x00840000},
		243: {1, 5, 4, 2, 6, 8, 0x10, 0x15, 0x20},
		21:  {1, 2, 3, 4},
		20:  {0x80000000, 0x10000, 0x8000, 0x1},
		22:  {1, 2},
		258: {1, 2, 3, 0x41, 0x43, 0x83, 0xc3, 4},
		43:  {0x100, 0x200, 0x400, 0x800, 0x800000, 1, 2, 3},
		50:  {0x10, 0x20, 0x40, 0x80, 0x100, 0x1},
		62:  {1},
	}
	var ms []int
	for m := range flags {
		ms = append(ms, int(m))
	}
	sort.Ints(ms)
	for _, m := range ms {
		for _, fl := range flags[uint16(m)] {
			files = append(files, hdrSynthetic(t, dir, m != 40 && m != 8 && m != 20, m == 8 || m == 21, uint16(m), fl, 0))
		}
	}
	// One command line with every file: also checks the "File:" lines.
	const chunk = 200
	for i := 0; i < len(files); i += chunk {
		args := append([]string{"-h"}, files[i:min(i+chunk, len(files))]...)
		want, _, ws := hdrGNU(t, args...)
		got, _, gs := hdrOurs(t, args...)
		if d := cmp.Diff(want, got); d != "" || ws != gs {
			t.Errorf("readelf -h on synthetic headers %d..: exit status GNU %d, ours %d; (-GNU +ours):\n%s", i, ws, gs, d)
		}
	}
}

// TestCommandLine checks several files per command line, missing and
// non-ELF files, combined and long options, and the exit status.
func TestCommandLine(t *testing.T) {
	hdrNeedReadelf(t)
	td := hdrTestdata(t)
	dir := t.TempDir()
	notELF := filepath.Join(dir, "notelf")
	os.WriteFile(notELF, []byte("this is not an ELF file at all, but long enough\n"), 0o644)
	short := filepath.Join(dir, "short")
	os.WriteFile(short, []byte("\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00"), 0o644)
	tiny := filepath.Join(dir, "tiny")
	os.WriteFile(tiny, []byte("\x7fELF"), 0o644)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o644)
	cases := [][]string{
		{"-hlS", td[0]},
		{"-h", "-l", "-S", td[1], td[2]},
		{"--file-header", "--segments", "--sections", "--wide", td[3]},
		{"--program-headers", "--section-headers", "--section-groups", td[4]},
		{"--headers", td[5], td[6], td[7]},
		{"-eW", td[0]},
		{"-h", filepath.Join(dir, "missing"), td[0]},
		{"-h", td[0], notELF},
		{"-h", short},
		{"-h", tiny},
		{"-h", empty},
		{"-h", dir},
		{"-h", td[0], short, td[1]},
		{"-e", "--", td[0]},
	}
	for _, args := range cases {
		want, wantErr, ws := hdrGNU(t, args...)
		got, gotErr, gs := hdrOurs(t, args...)
		if d := cmp.Diff(want, got); d != "" || ws != gs {
			t.Errorf("readelf %v: exit status GNU %d, ours %d; stdout (-GNU +ours):\n%s", args, ws, gs, d)
		}
		if d := cmp.Diff(wantErr, gotErr); d != "" && strings.Contains(wantErr, "Error:") {
			t.Errorf("readelf %v: stderr (-GNU +ours):\n%s", args, d)
		}
	}
	// Errors in usage: exit status only.
	for _, args := range [][]string{{}, {td[0]}, {"-q", td[0]}, {"--no-such-option", td[0]}, {"-h"}} {
		_, _, ws := hdrGNU(t, args...)
		_, gotErr, gs := hdrOurs(t, args...)
		if ws != gs || gotErr == "" {
			t.Errorf("readelf %v: exit status GNU %d, ours %d; stderr %q", args, ws, gs, gotErr)
		}
	}
}

// TestAll checks that -a, the README's command, works on every committed
// sample: GNU's exit status, no panic, and the groups of this file appear
// in GNU's order.
func TestAll(t *testing.T) {
	hdrNeedReadelf(t)
	for _, path := range hdrTestdata(t) {
		for _, w := range [][]string{{"-a"}, {"-a", "-W"}} {
			args := append(append([]string{}, w...), path)
			want, _, ws := hdrGNU(t, args...)
			got, _, gs := hdrOurs(t, args...)
			if ws != gs {
				t.Errorf("readelf %v: exit status GNU %d, ours %d", args, ws, gs)
			}
			// Our -h -S -g -l output is a prefix of GNU's -a output, up to
			// the groups this file does not own.
			e, _, _ := hdrOurs(t, append(append([]string{}, w[1:]...), "-h", "-S", "-g", "-l", path)...)
			if !strings.HasPrefix(want, e) || !strings.HasPrefix(got, e) {
				t.Errorf("readelf %v: the header groups are not first, in GNU's order", args)
			}
		}
	}
}

// TestMalformed runs both programs on truncated and corrupted copies of
// the committed samples: ours must not panic, must exit with GNU's status,
// and must warn on standard error when GNU does.
func TestMalformed(t *testing.T) {
	hdrNeedReadelf(t)
	dir := t.TempDir()
	td := hdrTestdata(t)
	if testing.Short() {
		td = td[:min(len(td), 8)]
	}
	n := 0
	write := func(name string, b []byte) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("%03d-%s", n, name))
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var files []string
	for _, path := range td {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(path)
		for _, cut := range []int{5, 8, 16, 40, 52, 63, 64, 100, 300, len(b) / 3, len(b) / 2, len(b) - 100, len(b) - 1} {
			if cut > 0 && cut < len(b) {
				files = append(files, write(fmt.Sprintf("%s-cut%d", base, cut), b[:cut]))
			}
		}
		is64 := b[4] == 2
		bo := binary.ByteOrder(binary.LittleEndian)
		if b[5] == 2 {
			bo = binary.BigEndian
		}
		// Field offsets of e_phoff, e_shoff, e_phentsize, e_phnum,
		// e_shentsize, e_shnum, e_shstrndx.
		phoff, shoff, phent, phnum, shent, shnum, shstr := 28, 32, 42, 44, 46, 48, 50
		if is64 {
			phoff, shoff, phent, phnum, shent, shnum, shstr = 32, 40, 54, 56, 58, 60, 62
		}
		mut := func(name string, f func(c []byte)) {
			c := bytes.Clone(b)
			f(c)
			files = append(files, write(base+"-"+name, c))
		}
		mut("shoff-big", func(c []byte) {
			if is64 {
				bo.PutUint64(c[shoff:], 1<<40)
			} else {
				bo.PutUint32(c[shoff:], 1<<30)
			}
		})
		mut("phoff-big", func(c []byte) {
			if is64 {
				bo.PutUint64(c[phoff:], 1<<40)
			} else {
				bo.PutUint32(c[phoff:], 1<<30)
			}
		})
		mut("shnum-big", func(c []byte) { bo.PutUint16(c[shnum:], 0xfeff) })
		mut("phnum-big", func(c []byte) { bo.PutUint16(c[phnum:], 0xfffe) })
		mut("shentsize-small", func(c []byte) { bo.PutUint16(c[shent:], 8) })
		mut("phentsize-small", func(c []byte) { bo.PutUint16(c[phent:], 8) })
		mut("shstrndx-bad", func(c []byte) { bo.PutUint16(c[shstr:], 0xfeee) })
		mut("class-bad", func(c []byte) { c[4] = 7 })
		mut("data-bad", func(c []byte) { c[5] = 9 })
	}
	runs, same := 0, 0
	var diffs []string
	for _, p := range files {
		for _, args := range [][]string{{"-e", "-g"}, {"-e", "-g", "-W"}} {
			args = append(args, p)
			want, wantErr, ws := hdrGNU(t, args...)
			got, gotErr, gs := hdrOurs(t, args...)
			runs++
			if want == got {
				same++
			} else if len(diffs) < 40 {
				diffs = append(diffs, fmt.Sprintf("readelf %v (-GNU +ours):\n%s", args, cmp.Diff(want, got)))
			}
			if ws != gs {
				t.Errorf("readelf %v: exit status GNU %d, ours %d", args, ws, gs)
			}
			// GNU runs every process_* function whatever the options, so
			// its standard error has the dynamic section's complaints too.
			if wantErr != "" && gotErr == "" && !hdrOnlyDynamic(wantErr) {
				t.Errorf("readelf %v: GNU warns %q, we print nothing on stderr", args, hdrFirstLine(wantErr))
			}
		}
		// The README command must not panic either, whatever the groups
		// of the other files print.
		hdrOurs(t, "-a", "-W", p)
	}
	t.Logf("%d malformed files: standard output of -e -g identical to GNU's in %d/%d runs (%.1f%%)", len(files), same, runs, 100*float64(same)/float64(max(runs, 1)))
	for _, d := range diffs {
		t.Log(d)
	}
}

// hdrOnlyDynamic reports whether every line of GNU's standard error is
// about the dynamic section, which -e -g does not print.
func hdrOnlyDynamic(stderr string) bool {
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if !strings.Contains(l, "dynamic") {
			return false
		}
	}
	return true
}

func hdrFirstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// FuzzReadelf runs the whole program (-a -W, every group of every
// engineer) on arbitrary bytes: it must not panic, and must exit 0 or 1.
// The seeds are the committed samples, cut to 16 KiB.
func FuzzReadelf(f *testing.F) {
	dir := filepath.Join(testfiles.ModuleRoot(), "testdata")
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || len(b) < 4 || string(b[:4]) != "\x7fELF" {
			continue
		}
		f.Add(b[:min(len(b), 16<<10)])
	}
	tmp := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		p := filepath.Join(tmp, "in")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		var o, e bytes.Buffer
		if d := os.Getenv("READELF_FUZZ_HANG_DIR"); d != "" {
			// Debugging aid: save an input that runs for more than 20 s.
			tm := time.AfterFunc(20*time.Second, func() {
				os.WriteFile(filepath.Join(d, "hang"), b, 0o644)
				panic("readelf: input runs for more than 20 s")
			})
			defer tm.Stop()
		}
		if s := run([]string{"-a", "-W", "--dyn-syms", p}, &o, &e); s != 0 && s != 1 {
			t.Fatalf("exit status %d", s)
		}
	})
}
