package elf64

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

// editFixture is a library and programs using it, built by the test.
type editFixture struct {
	tg   target
	dir  string
	lib  string            // libfoo.so.1
	exes map[string]string // variant -> program
}

const editLibSrc = `int foo(int x) { return x * 6; }
`

const editMainSrc = `#include <stdio.h>
int foo(int);
int main(void) { printf("foo=%d\n", foo(7)); puts("done"); return 0; }
`

// longInterp is a longer spelling of the interpreter the programs are
// linked with, so that setting the usual one is an in-place change.
func (tg target) longInterp() string {
	d, f := filepath.Split(tg.interp)
	return d + "." + "/" + "." + "/" + f
}

// longerInterp is a spelling of the interpreter longer than longInterp,
// so that setting it needs growth.
func (tg target) longerInterp() string {
	d, f := filepath.Split(tg.interp)
	return d + strings.Repeat("./", 20) + f
}

// growRpath and growLib are strings that are not in any .dynstr of the
// fixture, too long to fit in place.
var (
	growRpath = "/opt/" + strings.Repeat("long-directory-name/", 8) + "lib:$ORIGIN/../lib"
	growLib   = "libfoo-with-a-much-longer-replacement-name.so.1"
)

func newEditFixture(t *testing.T) *editFixture {
	t.Helper()
	tg := linkTarget(t)
	for _, tool := range []string{"patchelf", "readelf", "eu-elflint"} {
		if !testfiles.HaveTool(tool) {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	fx := &editFixture{tg: tg, dir: dir, exes: map[string]string{}}
	cc := func(args ...string) {
		t.Helper()
		cmd := exec.Command(tg.cc, args...)
		if b, err := cmd.CombinedOutput(); err != nil || len(b) > 0 {
			t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
		}
	}
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	lsrc, msrc := write("foo.c", editLibSrc), write("main.c", editMainSrc)
	fx.lib = filepath.Join(dir, "libfoo.so.1")
	cc("-shared", "-fPIC", "-o", fx.lib, lsrc, "-Wl,-soname,libfoo.so.1", "-Wl,-z,relro,-z,now",
		"-Wl,-rpath,/opt/a-rather-long-library-directory/lib")
	if err := os.Symlink("libfoo.so.1", filepath.Join(dir, "libfoo.so")); err != nil {
		t.Fatal(err)
	}
	// A second name for the library, for --replace-needed.
	for _, alias := range []string{"libfo.so.1", growLib} {
		if err := os.Symlink("libfoo.so.1", filepath.Join(dir, alias)); err != nil {
			t.Fatal(err)
		}
	}
	variants := map[string][]string{
		"pie-relro":       {"-fPIE", "-pie", "-Wl,-z,relro"},
		"pie-now":         {"-fPIE", "-pie", "-Wl,-z,relro,-z,now"},
		"nopie-relro":     {"-fno-PIE", "-no-pie", "-Wl,-z,relro"},
		"nopie-now-rpath": {"-fno-PIE", "-no-pie", "-Wl,-z,relro,-z,now", "-Wl,--disable-new-dtags"},
	}
	for name, flags := range variants {
		out := filepath.Join(dir, name)
		args := append([]string{"-o", out, msrc}, flags...)
		args = append(args, "-L"+dir, "-lfoo", "-Wl,--no-as-needed", "-lm",
			"-Wl,-rpath,/opt/a-rather-long-library-directory/lib", "-Wl,--dynamic-linker="+tg.longInterp())
		cc(args...)
		fx.exes[name] = out
	}
	return fx
}

// run runs a program with the fixture's directory as LD_LIBRARY_PATH.
func (fx *editFixture) run(t *testing.T, path string) string {
	t.Helper()
	argv := append(fx.tg.run[:len(fx.tg.run):len(fx.tg.run)], path)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "LD_LIBRARY_PATH="+fx.dir)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
	}
	return stdout.String()
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

var interpLine = regexp.MustCompile(`\[Requesting program interpreter: .*\]`)

func TestEditOperations(t *testing.T) {
	fx := newEditFixture(t)
	type op struct {
		name     string
		patchelf []string
		edit     func(e *Editor) error
		dynTypes []string // readelf -d lines to compare with patchelf's result
		print    []string // patchelf --print-* flags to compare
		libOnly  bool
	}
	ops := []op{
		{"set-rpath", []string{"--set-rpath", "/opt/b"}, func(e *Editor) error { return e.SetRpath("/opt/b", false) },
			[]string{"RPATH", "RUNPATH"}, []string{"--print-rpath"}, false},
		{"force-rpath", []string{"--force-rpath", "--set-rpath", "/opt/c:/d"}, func(e *Editor) error { return e.SetRpath("/opt/c:/d", true) },
			[]string{"RPATH", "RUNPATH"}, []string{"--print-rpath"}, false},
		{"remove-rpath", []string{"--remove-rpath"}, func(e *Editor) error { return e.RemoveRpath() },
			[]string{"RPATH", "RUNPATH"}, []string{"--print-rpath"}, false},
		{"remove-needed", []string{"--remove-needed", "libm.so.6"}, func(e *Editor) error { return e.RemoveNeeded("libm.so.6") },
			[]string{"NEEDED"}, []string{"--print-needed"}, false},
		{"replace-needed", []string{"--replace-needed", "libfoo.so.1", "libfo.so.1"}, func(e *Editor) error { return e.ReplaceNeeded("libfoo.so.1", "libfo.so.1") },
			[]string{"NEEDED"}, []string{"--print-needed"}, false},
		{"set-interpreter", []string{"--set-interpreter", fx.tg.interp}, func(e *Editor) error { return e.SetInterpreter(fx.tg.interp) },
			nil, []string{"--print-interpreter"}, false},
		{"clear-symbol-version", []string{"--clear-symbol-version", "puts"}, func(e *Editor) error { _, err := e.ClearSymbolVersion("puts"); return err },
			nil, nil, false},
		{"set-soname", []string{"--set-soname", "libfoo.so.7"}, func(e *Editor) error { return e.SetSoname("libfoo.so.7") },
			[]string{"SONAME"}, []string{"--print-soname"}, true},
		// Changes that need growth.
		{"grow-set-rpath", []string{"--set-rpath", growRpath}, func(e *Editor) error { return e.SetRpath(growRpath, false) },
			[]string{"RPATH", "RUNPATH"}, []string{"--print-rpath"}, false},
		{"grow-force-rpath", []string{"--force-rpath", "--set-rpath", growRpath}, func(e *Editor) error { return e.SetRpath(growRpath, true) },
			[]string{"RPATH", "RUNPATH"}, []string{"--print-rpath"}, false},
		{"grow-add-needed", []string{"--add-needed", "libdl.so.2"}, func(e *Editor) error { return e.AddNeeded("libdl.so.2") },
			[]string{"NEEDED"}, []string{"--print-needed"}, false},
		{"grow-replace-needed", []string{"--replace-needed", "libfoo.so.1", growLib}, func(e *Editor) error { return e.ReplaceNeeded("libfoo.so.1", growLib) },
			[]string{"NEEDED"}, []string{"--print-needed"}, false},
		{"grow-set-interpreter", []string{"--set-interpreter", fx.tg.longerInterp()}, func(e *Editor) error { return e.SetInterpreter(fx.tg.longerInterp()) },
			nil, []string{"--print-interpreter"}, false},
		{"grow-set-soname", []string{"--set-soname", growLib}, func(e *Editor) error { return e.SetSoname(growLib) },
			[]string{"SONAME"}, []string{"--print-soname"}, true},
		{"grow-set-rpath-lib", []string{"--set-rpath", growRpath}, func(e *Editor) error { return e.SetRpath(growRpath, false) },
			[]string{"RPATH", "RUNPATH"}, []string{"--print-rpath"}, true},
	}
	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			inputs := map[string]string{"lib": fx.lib}
			if !o.libOnly {
				inputs = fx.exes
			}
			for variant, in := range inputs {
				data, err := os.ReadFile(in)
				if err != nil {
					t.Fatal(err)
				}
				e, err := NewEditor(data)
				if err != nil {
					t.Fatal(err)
				}
				if err := o.edit(e); err != nil {
					t.Errorf("%s: %v", variant, err)
					continue
				}
				ours := in + "." + o.name + ".ours"
				if err := e.WriteFile(ours, 0o755); err != nil {
					t.Fatalf("%s: %v", variant, err)
				}
				if got, _ := os.ReadFile(ours); !bytes.Equal(got, e.Bytes()) {
					t.Errorf("%s: the Builder did not write the edited bytes back unchanged", variant)
				}
				theirs := in + "." + o.name + ".patchelf"
				if out, errOut := tool(t, "patchelf", append(append([]string{}, o.patchelf...), "--output", theirs, in)...); errOut != "" {
					t.Fatalf("patchelf: %s%s", out, errOut)
				}
				if _, errOut := tool(t, "readelf", "-a", "-W", ours); errOut != "" {
					t.Errorf("%s: readelf -a -W: %s", variant, errOut)
				}
				before, after := elflintSet(t, in), elflintSet(t, ours)
				for l := range after {
					if !before[l] {
						t.Errorf("%s: eu-elflint --gnu-ld: new message %q", variant, l)
					}
				}
				if o.dynTypes != nil {
					if d := cmp.Diff(dynLines(t, theirs, o.dynTypes...), dynLines(t, ours, o.dynTypes...)); d != "" {
						t.Errorf("%s: readelf -d lines (-patchelf +ours):\n%s", variant, d)
					}
				}
				for _, p := range o.print {
					want, _ := tool(t, "patchelf", p, theirs)
					got, _ := tool(t, "patchelf", p, ours)
					if d := cmp.Diff(want, got); d != "" {
						t.Errorf("%s: patchelf %s (-patchelf +ours):\n%s", variant, p, d)
					}
				}
				if strings.HasSuffix(o.name, "set-interpreter") {
					rt, _ := tool(t, "readelf", "-l", "-W", theirs)
					ro, _ := tool(t, "readelf", "-l", "-W", ours)
					if d := cmp.Diff(interpLine.FindString(rt), interpLine.FindString(ro)); d != "" {
						t.Errorf("%s: interpreter (-patchelf +ours):\n%s", variant, d)
					}
				}
				if o.name == "clear-symbol-version" {
					rt, _ := tool(t, "readelf", "--dyn-syms", "-W", theirs)
					ro, _ := tool(t, "readelf", "--dyn-syms", "-W", ours)
					if d := cmp.Diff(rt, ro); d != "" {
						t.Errorf("%s: readelf --dyn-syms (-patchelf +ours):\n%s", variant, d)
					}
				}
				if o.libOnly {
					// The library must still be loaded by a program that
					// uses it: replace it for one run.
					exe := fx.exes["pie-now"]
					want := fx.run(t, exe)
					saved := fx.lib + ".saved"
					if err := os.Rename(fx.lib, saved); err != nil {
						t.Fatal(err)
					}
					if err := os.Rename(ours, fx.lib); err != nil {
						t.Fatal(err)
					}
					got := fx.run(t, exe)
					if err := os.Rename(saved, fx.lib); err != nil {
						t.Fatal(err)
					}
					if got != want {
						t.Errorf("%s: output %q, want %q", variant, got, want)
					}
				} else if got, want := fx.run(t, ours), fx.run(t, in); got != want {
					t.Errorf("%s: output %q, want %q", variant, got, want)
				}
			}
		})
	}
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
	big := f.BigEndian()
	putWord(data[24+2*wordSize:], big, 0) // e_shoff
	p16(data[EhdrSize-4:], 0, big)        // e_shnum
	p16(data[EhdrSize-2:], 0, big)        // e_shstrndx
	in := filepath.Join(fx.dir, "nosections")
	if err := os.WriteFile(in, data, 0o755); err != nil {
		t.Fatal(err)
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, fn := range []func() error{
		func() error { return e.SetInterpreter(fx.tg.longerInterp()) },
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
	if d := cmp.Diff([]any{fx.tg.longerInterp(), growRpath, wantNeeded}, []any{interp, rpath, needed}); d != "" {
		t.Errorf("after the changes (-want +got):\n%s", d)
	}
	if got, want := fx.run(t, out), fx.run(t, in); got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

// FuzzEditor checks that editing any input gives an error or a file that
// can be read again, and never panics.
func FuzzEditor(f *testing.F) {
	for _, p := range testfiles.Corpus(f, 8) {
		if b, err := os.ReadFile(p); err == nil && len(b) < 1<<20 {
			f.Add(b)
		}
	}
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
		_ = e.SetExecStack(true)
		_ = e.RemoveRpath()
		if _, err := NewFile(e.Bytes()); err != nil {
			t.Fatalf("the edited file cannot be read: %v", err)
		}
	})
}
