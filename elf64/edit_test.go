package elf64

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

// editFixture is a library and programs using it, built by the test for
// one toolchain.
type editFixture struct {
	tc     editToolchain
	dir    string
	interp string            // the interpreter the toolchain's programs ask for
	big    bool              // the toolchain's byte order is big-endian
	libDir string            // where the toolchain's libc is, as the program sees it
	lib    string            // libfoo.so.1
	exes   map[string]string // variant -> program
	order  []string          // the variants in a fixed order

	mu      sync.Mutex
	outputs map[string]string          // program -> its output
	lints   map[string]map[string]bool // file -> its eu-elflint messages
}

const editLibSrc = `int foo(int x) { return x * 6; }
`

const editMainSrc = `#include <stdio.h>
int foo(int);
static const char *words[] = {"relocated", "pointers", "in", "data"};
int main(void) {
	printf("foo=%d\n", foo(7));
	for (int i = 0; i < 4; i++) puts(words[i]);
	puts("done");
	return 0;
}
`

const editCxxSrc = `#include <cstdio>
#include <iostream>
#include <map>
#include <string>
extern "C" int foo(int);
int main() {
	std::map<std::string, int> m{{"six", foo(1)}, {"forty-two", foo(7)}};
	for (auto &kv : m) std::cout << kv.first << "=" << kv.second << std::endl;
	try { throw std::string("thrown"); } catch (const std::string &s) { std::cout << s << std::endl; }
	std::fflush(stdout);
	puts("done");
	return 0;
}
`

const editCgoSrc = `package main

/*
#include <stdio.h>
int foo(int);
static void hello(void) { puts("hello from C"); fflush(stdout); }
*/
import "C"

import "fmt"

func main() {
	C.hello()
	fmt.Println("foo =", C.foo(7))
}
`

// longInterp is a longer spelling of the interpreter the programs are
// linked with, so that setting the usual one is an in-place change.
func (fx *editFixture) longInterp() string {
	d, f := filepath.Split(fx.interp)
	return d + "." + "/" + "." + "/" + f
}

// longerInterp is a spelling of the interpreter longer than longInterp,
// so that setting it needs growth.
func (fx *editFixture) longerInterp() string {
	d, f := filepath.Split(fx.interp)
	return d + strings.Repeat("./", 20) + f
}

// growRpath and growLib are strings that are not in any .dynstr of the
// fixture, too long to fit in place.
var (
	growRpath = "/opt/" + strings.Repeat("long-directory-name/", 8) + "lib:$ORIGIN/../lib"
	growLib   = "libfoo-with-a-much-longer-replacement-name.so.1"
)

// oldRpath is the rpath the fixture's files are linked with.
const oldRpath = "/opt/a-rather-long-library-directory/lib"

// editFixtures holds the fixtures built by this test binary, by toolchain
// and test mode, so that each is built once.
var editFixtures = struct {
	sync.Mutex
	m map[string]*editFixture
}{m: map[string]*editFixture{}}

// newEditFixture returns the fixture of the class's first toolchain (x86-64
// or i386).
func newEditFixture(t *testing.T) *editFixture {
	t.Helper()
	tcs := editToolchains()
	return buildEditFixture(t, tcs[0])
}

// buildEditFixture builds (once per test binary) libfoo.so.1 and the
// programs of every variant the toolchain supports; under -short, a
// subset.
func buildEditFixture(t *testing.T, tc editToolchain) *editFixture {
	t.Helper()
	tc.skipUnlessUsable(t)
	for _, tool := range []string{"patchelf", "readelf", "eu-elflint"} {
		if !testfiles.HaveTool(tool) {
			t.Skipf("%s not installed", tool)
		}
	}
	key := fmt.Sprint(tc.name, testing.Short())
	editFixtures.Lock()
	defer editFixtures.Unlock()
	if fx := editFixtures.m[key]; fx != nil {
		return fx
	}
	dir, err := os.MkdirTemp("", "elfkit-edit-"+tc.name+"-")
	if err != nil {
		t.Fatal(err)
	}
	// The fixture outlives the test that builds it; TestMain removes it.
	fx := &editFixture{tc: tc, dir: dir, exes: map[string]string{},
		outputs: map[string]string{}, lints: map[string]map[string]bool{}}
	fx.build(t)
	editFixtures.m[key] = fx
	return fx
}

func (fx *editFixture) build(t *testing.T) {
	t.Helper()
	tc, dir := fx.tc, fx.dir
	cc := func(compiler string, args ...string) (warned bool) {
		t.Helper()
		cmd := exec.Command(compiler, args...)
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
		}
		if len(b) > 0 && !bytes.Contains(b, []byte("ignored")) {
			t.Fatalf("%s:\n%s", strings.Join(cmd.Args, " "), b)
		}
		return len(b) > 0
	}
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lsrc, msrc := write("foo.c", editLibSrc), write("main.c", editMainSrc)
	// The interpreter and the libc directory, from the toolchain itself.
	probe := filepath.Join(dir, "probe")
	cc(tc.cc, "-o", probe, msrc, "-x", "c", "/dev/null", "-Wl,--unresolved-symbols=ignore-all")
	if data, err := os.ReadFile(probe); err != nil {
		t.Fatal(err)
	} else if e, err := NewEditor(data); err != nil {
		t.Fatal(err)
	} else if fx.interp, err = e.Interpreter(); err != nil {
		t.Fatal(err)
	} else {
		fx.big = e.File().BigEndian()
	}
	out, err := exec.Command(tc.cc, "-print-file-name=libc.so.6").Output()
	if err != nil {
		t.Fatal(err)
	}
	fx.libDir = filepath.Dir(filepath.Clean(strings.TrimSpace(string(out))))
	if tc.sysroot != "" {
		fx.libDir = strings.TrimPrefix(fx.libDir, tc.sysroot)
	}

	fx.lib = filepath.Join(dir, "libfoo.so.1")
	cc(tc.cc, "-shared", "-fPIC", "-o", fx.lib, lsrc, "-Wl,-soname,libfoo.so.1", "-Wl,-z,relro,-z,now",
		"-Wl,-rpath,"+oldRpath)
	if err := os.Symlink("libfoo.so.1", filepath.Join(dir, "libfoo.so")); err != nil {
		t.Fatal(err)
	}
	// Other names for the library, for --replace-needed.
	for _, alias := range []string{"libfo.so.1", growLib} {
		if err := os.Symlink("libfoo.so.1", filepath.Join(dir, alias)); err != nil {
			t.Fatal(err)
		}
	}
	link := []string{"-L" + dir, "-lfoo", "-Wl,--no-as-needed", "-lm", "-Wl,-rpath," + oldRpath,
		"-Wl,--dynamic-linker=" + fx.longInterp()}
	for _, v := range editVariants {
		if !v.wanted(tc) {
			continue
		}
		out := filepath.Join(dir, v.name)
		switch v.lang {
		case "c", "c++":
			compiler, src := tc.cc, msrc
			if v.lang == "c++" {
				compiler, src = tc.cxx, write("main.cc", editCxxSrc)
			}
			args := append([]string{"-o", out, src}, v.flags...)
			if cc(compiler, append(args, link...)...) {
				continue // the linker ignored a flag: not this variant
			}
		case "go":
			fx.buildCgo(t, out, link)
		}
		fx.exes[v.name] = out
		fx.order = append(fx.order, v.name)
	}
	// The first program without section headers: patchelf cannot edit
	// it, so its results are compared with patchelf's on the original.
	if first, ok := fx.exes[editVariants[0].name]; ok {
		data, err := os.ReadFile(first)
		if err != nil {
			t.Fatal(err)
		}
		f, err := NewFile(data)
		if err != nil {
			t.Fatal(err)
		}
		dropSectionHeaders(data, f.BigEndian())
		name := editVariants[0].name + noShdr
		fx.exes[name] = filepath.Join(dir, name)
		fx.order = append(fx.order, name)
		if err := os.WriteFile(fx.exes[name], data, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	// A copy of the library with another machine, which --shrink-rpath
	// must not count.
	wrong := filepath.Join(dir, "wrong-machine")
	data, err := os.ReadFile(fx.lib)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	p16(data[18:], uint16(f.Ehdr().Machine())+1, f.BigEndian())
	if err := os.MkdirAll(wrong, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(wrong, "libfoo.so.1"), data, 0o755); err != nil {
		t.Fatal(err)
	}
}

// dropSectionHeaders makes the ELF header of data say that there are no
// section headers.
func dropSectionHeaders(data []byte, big bool) {
	putWord(data[24+2*wordSize:], big, 0) // e_shoff
	p16(data[EhdrSize-4:], 0, big)        // e_shnum
	p16(data[EhdrSize-2:], 0, big)        // e_shstrndx
}

// buildCgo builds the Go program with cgo, linked like the C ones.
func (fx *editFixture) buildCgo(t *testing.T, out string, link []string) {
	t.Helper()
	src := filepath.Join(fx.dir, "cgo-src")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, content := range map[string]string{"go.mod": "module cgoprog\n\ngo 1.22\n", "main.go": editCgoSrc} {
		if err := os.WriteFile(filepath.Join(src, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ld := link[:len(link)-1] // the interpreter goes through -I
	cmd := exec.Command("go", "build", "-o", out, "-ldflags=-linkmode=external -I "+fx.longInterp(), ".")
	cmd.Dir = src
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1", "GOOS=linux", "GOARCH="+fx.tc.goarch, "CC="+fx.tc.cc, "CGO_LDFLAGS="+strings.Join(ld, " "),
		"GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build (cgo): %v\n%s", err, b)
	}
}

// env is the environment programs run with: the fixture's directory and
// libc's (for DF_1_NODEFLIB) as LD_LIBRARY_PATH.
func (fx *editFixture) env() []string {
	return append(os.Environ(), "LD_LIBRARY_PATH="+fx.dir+":"+fx.libDir)
}

// run runs a program and returns its output.
func (fx *editFixture) run(t *testing.T, path string) string {
	t.Helper()
	argv := append(fx.tc.run[:len(fx.tc.run):len(fx.tc.run)], path)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = fx.env()
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
	}
	return stdout.String()
}

// runInput returns the output of an unedited program, run once.
func (fx *editFixture) runInput(t *testing.T, path string) string {
	t.Helper()
	fx.mu.Lock()
	defer fx.mu.Unlock()
	if out, ok := fx.outputs[path]; ok {
		return out
	}
	out := fx.run(t, path)
	if out == "" {
		t.Fatalf("%s printed nothing", path)
	}
	fx.outputs[path] = out
	return out
}

// lintInput returns the eu-elflint messages of an unedited file.
func (fx *editFixture) lintInput(t *testing.T, path string) map[string]bool {
	t.Helper()
	fx.mu.Lock()
	defer fx.mu.Unlock()
	if m, ok := fx.lints[path]; ok {
		return m
	}
	m := elflintSet(t, path)
	fx.lints[path] = m
	return m
}

func tool(t *testing.T, name string, args ...string) (stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	_ = cmd.Run() // eu-elflint exits 1 when it finds something
	return o.String(), e.String()
}

// elflintSet returns the messages of eu-elflint --gnu-ld, without the file
// name.
func elflintSet(t *testing.T, path string) map[string]bool {
	t.Helper()
	out, _ := tool(t, "eu-elflint", "--gnu-ld", path)
	m := map[string]bool{}
	for _, l := range strings.Split(out, "\n") {
		l = strings.ReplaceAll(l, path, "FILE")
		if l != "" && !strings.HasPrefix(l, "No errors") {
			m[l] = true
		}
	}
	return m
}

// dynLines returns the readelf -d lines with the given type names.
func dynLines(t *testing.T, path string, types ...string) []string {
	t.Helper()
	out, _ := tool(t, "readelf", "-d", "-W", path)
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		for _, ty := range types {
			if strings.Contains(l, "("+ty+")") {
				lines = append(lines, strings.TrimSpace(l))
			}
		}
	}
	return lines
}

func TestEditExecStackAndHeader(t *testing.T) {
	fx := newEditFixture(t)
	in := fx.exes["pie-now"]
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, exec := range []bool{true, false} {
		e, err := NewEditor(data)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.SetExecStack(exec); err != nil {
			t.Fatal(err)
		}
		if found, got := e.ExecStack(); !found || got != exec {
			t.Errorf("ExecStack() = %v, %v after SetExecStack(%v)", found, got, exec)
		}
		out := filepath.Join(fx.dir, "stack")
		if err := e.WriteFile(out, 0o755); err != nil {
			t.Fatal(err)
		}
		l, _ := tool(t, "readelf", "-l", "-W", out)
		re := regexp.MustCompile(`GNU_STACK .* (RWE|RW ) `)
		m := re.FindStringSubmatch(l)
		want := "RW "
		if exec {
			want = "RWE"
		}
		if m == nil || m[1] != want {
			t.Errorf("SetExecStack(%v): readelf -l GNU_STACK flags %q, want %q", exec, m, want)
		}
		if got, want := fx.run(t, out), fx.run(t, in); got != want {
			t.Errorf("output %q, want %q", got, want)
		}
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	e.SetOSABI(elfkit.ELFOSABI_FREEBSD)
	e.SetFlags(0x1234)
	out := filepath.Join(fx.dir, "hdr")
	if err := e.WriteFile(out, 0o755); err != nil {
		t.Fatal(err)
	}
	h, _ := tool(t, "readelf", "-h", out)
	if !strings.Contains(h, "UNIX - FreeBSD") || !strings.Contains(h, "0x1234") {
		t.Errorf("readelf -h after SetOSABI and SetFlags:\n%s", h)
	}
}

// TestEditAddInSpareSlots adds entries in the spare DT_NULL slots GNU ld
// leaves, with strings already in .dynstr.
func TestEditAddInSpareSlots(t *testing.T) {
	fx := newEditFixture(t)
	data, err := os.ReadFile(fx.lib)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	// "foo" is in .dynstr (the symbol name); DT_DEBUG needs no string.
	err = e.AddDebugTag()
	if errors.Is(err, elfkit.ErrUnsupported) {
		t.Skipf("no spare DT_NULL slots: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(fx.dir, "libdebug")
	if err := e.WriteFile(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if l := dynLines(t, out, "DEBUG"); len(l) != 1 {
		t.Errorf("readelf -d DEBUG lines: %q", l)
	}
	if _, errOut := tool(t, "readelf", "-a", "-W", out); errOut != "" {
		t.Errorf("readelf -a -W: %s", errOut)
	}
}

// TestEditGrowOnceWithoutSections makes several changes that need growth
// to a program without section headers: the file must grow by one
// segment and still run.
func TestEditGrowOnceWithoutSections(t *testing.T) {
	fx := newEditFixture(t)
	data, err := os.ReadFile(fx.exes["pie-now"])
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	dropSectionHeaders(data, f.BigEndian())
	in := filepath.Join(fx.dir, "nosections")
	if err := os.WriteFile(in, data, 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range []func() error{
		func() error { return e.SetInterpreter(fx.longerInterp()) },
		func() error { return e.SetRpath(growRpath, false) },
		func() error { return e.AddNeeded("libdl.so.2") },
		func() error { return e.ReplaceNeeded("libfoo.so.1", growLib) },
	} {
		if err := fn(); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(fx.dir, "nosections.out")
	if err := e.WriteFile(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, errOut := tool(t, "readelf", "-a", "-W", out); errOut != "" {
		t.Errorf("readelf -a -W: %s", errOut)
	}
	loads := func(path string) int {
		l, _ := tool(t, "readelf", "-l", "-W", path)
		return strings.Count(l, "\n  LOAD ")
	}
	if got, want := loads(out), loads(in)+1; got != want {
		t.Errorf("%d PT_LOAD segments, want %d", got, want)
	}
	orig, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	wantNeeded, _ := orig.Needed()
	for i, n := range wantNeeded {
		if n == "libfoo.so.1" {
			wantNeeded[i] = growLib
		}
	}
	wantNeeded = append([]string{"libdl.so.2"}, wantNeeded...)
	written, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	re, err := NewEditor(written)
	if err != nil {
		t.Fatal(err)
	}
	interp, _ := re.Interpreter()
	rpath, _ := re.Rpath()
	needed, _ := re.Needed()
	if d := cmp.Diff([]any{fx.longerInterp(), growRpath, wantNeeded}, []any{interp, rpath, needed}); d != "" {
		t.Errorf("after the changes (-want +got):\n%s", d)
	}
	if got, want := fx.run(t, out), fx.run(t, in); got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

// addEditSeeds adds files of the corpus under 1 MiB as fuzz seeds.
func addEditSeeds(f *testing.F) {
	for _, p := range testfiles.Corpus(f, 8) {
		if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
}

// FuzzEditor checks that editing any input gives an error or a file that
// can be read again, and never panics.
func FuzzEditor(f *testing.F) {
	addEditSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := NewEditor(data)
		if err != nil {
			return
		}
		_, _ = e.Interpreter()
		_, _ = e.Needed()
		_, _ = e.Soname()
		_, _ = e.Rpath()
		e.ExecStack()
		_ = e.SetRpath("/fuzz/rpath/that/is/long/enough/to/need/growth", false)
		_ = e.RemoveNeeded("libc.so.6")
		_ = e.AddNeeded("libfuzz.so.1")
		_ = e.ReplaceNeeded("libm.so.6", "libfuzzm.so.6")
		_ = e.SetSoname("libfuzz.so.2")
		_ = e.SetInterpreter("/lib/fuzz-interpreter-with-a-long-name.so.1")
		_, _ = e.ClearSymbolVersion("puts")
		_ = e.AddDebugTag()
		_ = e.AddRpath("/fuzz/added", false)
		_ = e.NoDefaultLib()
		_ = e.SetExecStack(true)
		_ = e.RemoveRpath()
		if _, err := NewFile(e.Bytes()); err != nil {
			t.Fatalf("the edited file cannot be read: %v", err)
		}
	})
}
