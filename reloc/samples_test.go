package reloc_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/elfkit/elf/internal/testfiles"
)

// The samples are built once per test binary into a directory removed when
// it exits.
var sampleDir string

func TestMain(m *testing.M) {
	d, err := os.MkdirTemp("", "elfkit-reloc-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	sampleDir = d
	code := m.Run()
	os.RemoveAll(d)
	os.Exit(code)
}

// objectSrc is compiled to relocatable objects: data pointers (absolute
// relocations in data and in DWARF), a TLS variable (TLS offsets in
// DWARF), an extern (undefined symbol), a switch (jump tables), a string
// table.
const objectSrc = `
struct point { int x, y; const char *name; };
static struct point pts[3] = {{1, 2, "a"}, {3, 4, "b"}, {5, 6, "c"}};
__thread int tls_counter;
int *ptrs[] = {&pts[0].x, &pts[1].y, &pts[2].x};
extern int ext_var;
int *ext_ptr = &ext_var;
static const char *names[] = {"zero", "one", "two", "three", "four", "five"};

int sum(int n) {
	int s = 0;
	for (int i = 0; i < n && i < 3; i++)
		s += pts[i].x * pts[i].y;
	tls_counter += s;
	return s;
}

const char *pick(int k) {
	switch (k) {
	case 0: return names[1];
	case 1: return names[3];
	case 2: return names[5];
	case 3: return pts[1].name;
	case 4: return names[0];
	case 5: return names[2];
	default: return "many";
	}
}

long counter(void) {
	static long calls;
	return ++calls + tls_counter;
}
`

// linkedSrc is linked into PIE executables and shared objects: pointers in
// data (RELATIVE, packed into RELR where the linker can), calls and data
// references to libc (JUMP_SLOT, GLOB_DAT, versioned symbols), TLS.
const linkedSrc = `
#include <stdio.h>
#include <stdlib.h>
static int values[40];
int *table[40] = {
	&values[0], &values[1], &values[2], &values[3], &values[4],
	&values[5], &values[6], &values[7], &values[8], &values[9],
	&values[10], &values[11], &values[12], &values[13], &values[14],
	&values[15], &values[16], &values[17], &values[18], &values[19],
	&values[20], &values[21], &values[22], &values[23], &values[24],
	&values[25], &values[26], &values[27], &values[28], &values[29],
	&values[30], &values[31], &values[32], &values[33], &values[34],
	&values[35], &values[36], &values[37], &values[38], &values[39],
};
struct gappy { const char *name; long pad[3]; } gaps[4] = {{"a", {0}}, {"b", {0}}, {"c", {0}}, {"d", {0}}};
__thread int tls_counter;
void *funcs[] = {(void *)printf, (void *)malloc, (void *)free};
int run(int n) {
	int sum = 0;
	for (int i = 0; i < 40 && i < n; i++)
		sum += *table[i];
	tls_counter += sum;
	printf("%d %s %p\n", sum, gaps[3].name, funcs[n % 3]);
	return sum;
}
int main(void) { return run(40) & 1; }
`

type sample struct {
	name string
	path string
}

// crossVariant is a cross compiler with the flags that pick a target;
// link says whether the Debian cross packages have its libraries, so that
// it can link executables and shared objects too.
type crossVariant struct {
	triple string
	flags  []string
	link   bool
}

var crossVariants = []crossVariant{
	{"x86_64-linux-gnu", nil, true},
	{"x86_64-linux-gnu", []string{"-mx32"}, false},
	{"i686-linux-gnu", nil, true},
	{"aarch64-linux-gnu", nil, true},
	{"aarch64-linux-gnu", []string{"-mbig-endian"}, false},
	{"aarch64-linux-gnu", []string{"-mabi=ilp32"}, false},
	{"arm-linux-gnueabihf", nil, true},
	{"arm-linux-gnueabihf", []string{"-marm"}, true},
	{"arm-linux-gnueabihf", []string{"-mbig-endian"}, false},
	{"riscv64-linux-gnu", nil, true},
	{"riscv64-linux-gnu", []string{"-march=rv32gc", "-mabi=ilp32d"}, false},
	{"powerpc64-linux-gnu", nil, true},
	{"powerpc64-linux-gnu", []string{"-mlittle"}, false},
	{"powerpc64-linux-gnu", []string{"-m32"}, false},
	{"s390x-linux-gnu", nil, true},
	{"s390x-linux-gnu", []string{"-m31"}, false},
	{"mips-linux-gnu", nil, true},
	{"mips-linux-gnu", []string{"-EL"}, false},
	{"mips-linux-gnu", []string{"-mabi=64"}, false},
	{"mips-linux-gnu", []string{"-mabi=64", "-EL"}, false},
	{"mips-linux-gnu", []string{"-mabi=n32"}, false},
}

func (v crossVariant) String() string {
	return strings.Join(append([]string{v.triple}, v.flags...), " ")
}

// compile runs cc with args, writing out; it reports whether it worked.
func compile(tb testing.TB, cc string, src string, out string, args ...string) bool {
	tb.Helper()
	if _, err := os.Stat(out); err == nil {
		return true
	}
	if _, err := exec.LookPath(cc); err != nil {
		return false
	}
	sum := sha256.Sum256([]byte(src))
	srcPath := filepath.Join(sampleDir, hex.EncodeToString(sum[:8])+".c")
	if err := os.WriteFile(srcPath, []byte(src), 0o644); err != nil {
		tb.Fatal(err)
	}
	tmp := out + ".tmp"
	cmd := exec.Command(cc, append(append([]string{srcPath}, args...), "-o", tmp)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		if testing.Verbose() {
			tb.Logf("not built: %s %s: %v: %s", cc, strings.Join(args, " "), err, firstLines(string(b), 1))
		}
		return false
	}
	if err := os.Rename(tmp, out); err != nil {
		tb.Fatal(err)
	}
	return true
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

func sampleName(v crossVariant, kind string) string {
	n := v.triple + strings.Join(v.flags, "")
	n = strings.NewReplacer("=", "", "-linux-gnu", "", "eabihf", "").Replace(n)
	return n + "." + kind
}

var (
	crossObjectsOnce sync.Once
	crossObjectsList []sample
	crossLinkedOnce  sync.Once
	crossLinkedList  []sample
)

// crossObjects compiles objectSrc with `gcc -g -O1 -c` for every cross
// variant installed, skipping the test when there is none.
func crossObjects(tb testing.TB) []sample {
	tb.Helper()
	if len(buildCrossObjects(tb)) == 0 {
		tb.Skip("no cross compiler installed (.ci/run installs them)")
	}
	return crossObjectsList
}

func buildCrossObjects(tb testing.TB) []sample {
	tb.Helper()
	crossObjectsOnce.Do(func() {
		for _, v := range crossVariants {
			out := filepath.Join(sampleDir, sampleName(v, "o"))
			args := append(append([]string{}, v.flags...), "-g", "-O1", "-c")
			if compile(tb, v.triple+"-gcc", objectSrc, out, args...) {
				crossObjectsList = append(crossObjectsList, sample{sampleName(v, "o"), out})
			}
		}
	})
	return crossObjectsList
}

// crossLinked links linkedSrc into a PIE executable and a shared object for
// every cross variant whose libraries are installed, with packed relative
// relocations (DT_RELR) where the linker supports them.
func crossLinked(tb testing.TB) []sample {
	tb.Helper()
	crossLinkedOnce.Do(func() {
		for _, v := range crossVariants {
			if !v.link {
				continue
			}
			for _, kind := range []string{"pie", "so", "relr"} {
				args := append([]string{}, v.flags...)
				args = append(args, "-O1", "-g")
				switch kind {
				case "pie":
					args = append(args, "-fPIE", "-pie")
				case "so":
					args = append(args, "-fPIC", "-shared")
				case "relr":
					if v.triple != "x86_64-linux-gnu" && v.triple != "i686-linux-gnu" {
						continue // binutils 2.40 packs relative relocations for x86 only
					}
					args = append(args, "-fPIE", "-pie", "-Wl,-z,pack-relative-relocs")
				}
				out := filepath.Join(sampleDir, sampleName(v, kind))
				if compile(tb, v.triple+"-gcc", linkedSrc, out, args...) {
					crossLinkedList = append(crossLinkedList, sample{sampleName(v, kind), out})
				}
			}
		}
	})
	if len(crossLinkedList) == 0 {
		tb.Skip("no cross compiler installed (.ci/run installs them)")
	}
	return crossLinkedList
}

// goObjectSrc is a Go program small enough to build quickly for any GOARCH.
const goObjectSrc = `package main

var x = 3
var p = &x
var table = []*int{&x, p}

func main() { println(*p, len(table)) }
`

var goObjectMu sync.Mutex

// goObject returns the relocatable object (go.o) that the Go linker writes
// for an external linker, for goarch: an ET_REL with DWARF of a machine the
// cross compilers may not cover (loong64, mips64le). It links with
// -linkmode=external and a linker that does nothing, keeping its temporary
// directory. The test is skipped when the toolchain cannot do it.
func goObject(tb testing.TB, goarch string) string {
	tb.Helper()
	goObjectMu.Lock()
	defer goObjectMu.Unlock()
	dir := filepath.Join(sampleDir, "go-"+goarch)
	obj := filepath.Join(dir, "link", "go.o")
	if _, err := os.Stat(obj); err == nil {
		return obj
	}
	if !testfiles.HaveTool("go") {
		tb.Skip("go command not on PATH")
	}
	if err := os.MkdirAll(filepath.Join(dir, "link"), 0o755); err != nil {
		tb.Fatal(err)
	}
	for name, content := range map[string]string{"go.mod": "module hello\n\ngo 1.22\n", "main.go": goObjectSrc} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	env := append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0", "GOFLAGS=", "GOWORK=off", "GOTOOLCHAIN=local")
	list := exec.Command("go", "list", "-export", "-deps", "-f", "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", ".")
	list.Dir, list.Env = dir, env
	out, err := list.Output()
	if err != nil {
		tb.Skipf("GOARCH=%s go list -export: %v", goarch, err)
	}
	var cfg strings.Builder
	var mainPkg string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, ok := strings.CutPrefix(line, "packagefile hello="); ok {
			mainPkg = p
			line = "packagefile main=" + p
		}
		cfg.WriteString(line + "\n")
	}
	cfgPath := filepath.Join(dir, "importcfg")
	if err := os.WriteFile(cfgPath, []byte(cfg.String()), 0o644); err != nil {
		tb.Fatal(err)
	}
	link := exec.Command("go", "tool", "link", "-importcfg", cfgPath, "-linkmode=external",
		"-extld=/bin/true", "-tmpdir", filepath.Join(dir, "link"), "-o", filepath.Join(dir, "a.out"), mainPkg)
	link.Dir, link.Env = dir, env
	if b, err := link.CombinedOutput(); err != nil {
		tb.Skipf("GOARCH=%s go tool link -linkmode=external: %v\n%s", goarch, err, firstLines(string(b), 3))
	}
	if _, err := os.Stat(obj); err != nil {
		tb.Skipf("GOARCH=%s: the Go linker left no go.o: %v", goarch, err)
	}
	return obj
}

// goObjectArchs are the GOARCH values whose external-link objects the tests
// read: all with -short off, else the two machines no cross compiler here
// covers.
func goObjectArchs() []string {
	if testing.Short() {
		return []string{"loong64", "mips64le"}
	}
	return []string{"loong64", "mips64le", "mips64", "riscv64", "s390x", "ppc64le", "arm64", "amd64", "386", "arm", "mips", "mipsle"}
}

// gorootTestdata returns the relocatable objects of debug/elf's tests.
func gorootTestdata(tb testing.TB) []sample {
	tb.Helper()
	dir := filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata")
	matches, _ := filepath.Glob(filepath.Join(dir, "go-relocation-test-*"))
	more, _ := filepath.Glob(filepath.Join(dir, "*.obj"))
	seen := map[string]bool{}
	var out []sample
	for _, p := range append(matches, more...) {
		if !seen[p] {
			seen[p] = true
			out = append(out, sample{"goroot/" + filepath.Base(p), p})
		}
	}
	return out
}

// moduleObjects returns the relocatable objects committed in the module's
// testdata directory (both classes and byte orders, compressed debug
// sections among them).
func moduleObjects(tb testing.TB) []sample {
	tb.Helper()
	root := testfiles.ModuleRoot()
	if root == "" {
		return nil
	}
	matches, _ := filepath.Glob(filepath.Join(root, "testdata", "*.o"))
	var out []sample
	for _, p := range matches {
		out = append(out, sample{"testdata/" + filepath.Base(p), p})
	}
	return out
}

// sparcAsm assembles, with -g, into SPARC objects that have instruction,
// data and DWARF relocations (the cross compilers here have no SPARC).
const sparcAsm = `
	.text
	.globl	f
	.type	f,@function
f:
	sethi	%hi(data), %o0
	or	%o0, %lo(data), %o0
	call	g
	nop
	retl
	nop
	.size	f, .-f
	.data
	.globl	data
data:
	.word	f
	.word	data+4
	.word	ext
	.section .rodata
tab:
	.word	f
	.word	tab
`

var (
	mcObjectsOnce sync.Once
	mcObjectsList []sample
)

// mcObjects assembles sparcAsm with LLVM's llvm-mc for 32- and 64-bit
// SPARC, when llvm-mc is installed.
func mcObjects(tb testing.TB) []sample {
	tb.Helper()
	mcObjectsOnce.Do(func() {
		mc, err := exec.LookPath("llvm-mc")
		if err != nil {
			matches, _ := filepath.Glob("/usr/lib/llvm-*/bin/llvm-mc")
			if len(matches) == 0 {
				return
			}
			mc = matches[len(matches)-1]
		}
		src := filepath.Join(sampleDir, "sparc.s")
		if err := os.WriteFile(src, []byte(sparcAsm), 0o644); err != nil {
			tb.Fatal(err)
		}
		for _, triple := range []string{"sparc-linux-gnu", "sparcv9-linux-gnu"} {
			out := filepath.Join(sampleDir, triple+".o")
			cmd := exec.Command(mc, "-triple="+triple, "-filetype=obj", "-g", src, "-o", out)
			if b, err := cmd.CombinedOutput(); err != nil {
				tb.Logf("llvm-mc -triple=%s: %v: %s", triple, err, firstLines(string(b), 2))
				continue
			}
			mcObjectsList = append(mcObjectsList, sample{"llvm-mc-" + triple + ".o", out})
		}
	})
	return mcObjectsList
}

// raceObjects returns the race detector objects of the Go distribution:
// ET_REL files from a C compiler for arm64, loong64, ppc64le, riscv64 and
// s390x, without DWARF but with .eh_frame and many relocation types.
func raceObjects(tb testing.TB) []sample {
	matches, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", "runtime", "race", "race_linux_*.syso"))
	var out []sample
	for _, p := range matches {
		out = append(out, sample{"race/" + filepath.Base(p), p})
	}
	return out
}
