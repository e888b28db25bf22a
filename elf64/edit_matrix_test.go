package elf64

import (
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

// editToolchain is a C toolchain the edit tests build programs with, and
// how those programs run.
type editToolchain struct {
	name    string
	cc, cxx string   // C and C++ compilers; cxx is "" when there is none
	run     []string // the command prefix that runs a program (qemu-user)
	sysroot string   // the directory qemu -L maps to /
	goarch  string   // GOARCH for the cgo program; "" for none
	native  bool     // programs run here directly (ldd works on them)
	main    bool     // the class's main toolchain: every variant is built
	short   bool     // used under -short
}

func qemuToolchain(name, triple, qemu string) editToolchain {
	sysroot := "/usr/" + triple
	return editToolchain{name: name, cc: triple + "-gcc", run: []string{qemu, "-L", sysroot}, sysroot: sysroot}
}

// editToolchains returns the toolchains of this package's class: x86-64
// (natively), arm64, riscv64, s390x and ppc64 (big-endian) for ELF64; i386
// and 32-bit ARM for ELF32; the others run under qemu-user.
func editToolchains() []editToolchain {
	if Class == elfkit.ELFCLASS64 {
		native := editToolchain{name: "x86_64", cc: "gcc", cxx: "g++", goarch: "amd64", native: true, main: true, short: true}
		arm64 := qemuToolchain("aarch64", "aarch64-linux-gnu", "qemu-aarch64")
		arm64.short = true
		s390x := qemuToolchain("s390x", "s390x-linux-gnu", "qemu-s390x")
		s390x.short = true
		return []editToolchain{native, arm64, qemuToolchain("riscv64", "riscv64-linux-gnu", "qemu-riscv64"),
			s390x, qemuToolchain("ppc64", "powerpc64-linux-gnu", "qemu-ppc64")}
	}
	i386 := qemuToolchain("i386", "i686-linux-gnu", "qemu-i386")
	// No cgo program: Go's 386 runtime crashes under qemu-i386.
	i386.main, i386.short = true, true
	arm := qemuToolchain("arm", "arm-linux-gnueabihf", "qemu-arm")
	arm.short = true
	return []editToolchain{i386, arm}
}

// skipUnlessUsable skips the test when the toolchain cannot be used here.
func (tc editToolchain) skipUnlessUsable(t *testing.T) {
	t.Helper()
	if tc.native && (runtime.GOOS != "linux" || runtime.GOARCH != "amd64") {
		t.Skipf("%s programs do not run natively on %s/%s", tc.name, runtime.GOOS, runtime.GOARCH)
	}
	for _, tool := range append([]string{tc.cc}, tc.run...) {
		if strings.HasPrefix(tool, "-") || strings.HasPrefix(tool, "/") {
			continue
		}
		if !testfiles.HaveTool(tool) {
			t.Skipf("%s not installed (.ci/run installs it)", tool)
		}
	}
}

// editVariant is one way of building the test program.
type editVariant struct {
	name  string
	lang  string // "c", "c++" or "go" (cgo)
	flags []string
	cross bool // built by every toolchain, not only the main one
	short bool // built under -short
}

var editVariants = []editVariant{
	{"pie-now", "c", []string{"-fPIE", "-pie", "-Wl,-z,relro,-z,now"}, true, true},
	{"pie-relro", "c", []string{"-fPIE", "-pie", "-Wl,-z,relro,-z,lazy"}, false, false},
	{"nopie-relro", "c", []string{"-fno-PIE", "-no-pie", "-Wl,-z,relro,-z,lazy"}, true, false},
	{"nopie-now-rpath", "c", []string{"-fno-PIE", "-no-pie", "-Wl,-z,relro,-z,now", "-Wl,--disable-new-dtags"}, false, true},
	{"separate-code", "c", []string{"-fPIE", "-pie", "-Wl,-z,separate-code,-z,relro,-z,now"}, false, false},
	{"noseparate-norelro", "c", []string{"-fno-PIE", "-no-pie", "-Wl,-z,noseparate-code,-z,norelro"}, false, false},
	// RELR: the variant is dropped where ld ignores the flag.
	{"relr", "c", []string{"-fPIE", "-pie", "-Wl,-z,relro,-z,now", "-Wl,-z,pack-relative-relocs"}, true, true},
	{"c++", "c++", []string{"-fPIE", "-pie"}, false, true},
	{"cgo", "go", nil, false, false},
}

// wanted reports whether tc builds the variant in this test run.
func (v editVariant) wanted(tc editToolchain) bool {
	switch {
	case v.lang == "c++" && tc.cxx == "", v.lang == "go" && tc.goarch == "":
		return false
	case !tc.main && !v.cross:
		return false
	case testing.Short() && (!v.short || !tc.short):
		return v.name == "pie-now" && tc.short
	}
	return true
}

func TestMain(m *testing.M) {
	code := m.Run()
	editFixtures.Lock()
	for _, fx := range editFixtures.m {
		os.RemoveAll(fx.dir)
	}
	editFixtures.Unlock()
	os.Exit(code)
}

// editOp is one change, made by the Editor and by patchelf.
type editOp struct {
	name     string
	patchelf [][]string // patchelf runs, each on the previous one's output; nil when patchelf 0.14 cannot do it
	edit     func(e *Editor) error
	dynTypes []string                   // readelf -d lines to compare with patchelf's result
	print    []string                   // patchelf --print-* flags to compare
	extract  func(path string) string   // more to compare with patchelf's result
	check    func(in, out string) error // a check of the result, for changes patchelf cannot make
	lib      bool                       // made on the library, not the programs
	short    bool                       // made under -short
}

var (
	interpLine = regexp.MustCompile(`\[Requesting program interpreter: .*\]`)
	stackLine  = regexp.MustCompile(`GNU_STACK .* (RWE|RW ) `)
	lddAddr    = regexp.MustCompile(` \(0x[0-9a-f]+\)`)
	lintPhdr   = regexp.MustCompile(`phdr\[\d+\]`)
	// sectionSymName is the name of a section symbol in readelf -s.
	sectionSymName = regexp.MustCompile(`(?m)( SECTION +\S+ +\S+ +\d+) .*$`)
)

// readelfOut returns readelf's output for args.
func readelfOut(args ...string) string {
	out, _ := exec.Command("readelf", args...).Output()
	return string(out)
}

// editOps returns the changes TestEditMatrix makes on fx's files.
func editOps(fx *editFixture) []editOp {
	rp, rn := []string{"RPATH", "RUNPATH"}, []string{"--print-rpath"}
	needed, pn := []string{"NEEDED"}, []string{"--print-needed"}
	// An rpath to shrink: a missing directory, one with the library built
	// for another machine, $ORIGIN, the fixture twice and a relative one.
	shrinkIn := strings.Join([]string{"/nonexistent/lib", fx.dir + "/wrong-machine", "$ORIGIN/../lib", fx.dir, fx.dir, "rel/lib"}, ":")
	shrink := func(prefixes []string, force bool) func(e *Editor) error {
		return func(e *Editor) error {
			if err := e.SetRpath(shrinkIn, false); err != nil {
				return err
			}
			return e.ShrinkRpath(prefixes, force)
		}
	}
	stack := func(exec bool) func(in, out string) error {
		return func(in, out string) error {
			want := "RW "
			if exec {
				want = "RWE"
			}
			if stackLine.FindStringSubmatch(readelfOut("-l", "-W", in)) == nil && !exec {
				// Clearing is a no-op without PT_GNU_STACK (ppc64).
				want = ""
			}
			if m := stackLine.FindStringSubmatch(readelfOut("-l", "-W", out)); (m == nil) != (want == "") || m != nil && m[1] != want {
				return fmt.Errorf("readelf -l: GNU_STACK flags %q, want %q", m, want)
			}
			return nil
		}
	}
	noDefLib := editOp{name: "no-default-lib", patchelf: [][]string{{"--no-default-lib"}},
		edit: func(e *Editor) error { return e.NoDefaultLib() }, dynTypes: []string{"FLAGS_1"}, short: true,
		check: func(_, path string) error {
			if l := dynLines2(path, "FLAGS_1"); len(l) != 1 || !strings.Contains(l[0], "NODEFLIB") {
				return fmt.Errorf("readelf -d FLAGS_1 lines %q, want one with NODEFLIB", l)
			}
			return nil
		}}
	if fx.big {
		// patchelf 0.14 ORs DF_1_NODEFLIB into an existing DT_FLAGS_1
		// in the host's byte order.
		noDefLib.patchelf = nil
	}
	return []editOp{
		{name: "set-rpath", patchelf: [][]string{{"--set-rpath", "/opt/b"}}, edit: func(e *Editor) error { return e.SetRpath("/opt/b", false) },
			dynTypes: rp, print: rn, short: true},
		{name: "force-rpath", patchelf: [][]string{{"--force-rpath", "--set-rpath", "/opt/c:/d"}}, edit: func(e *Editor) error { return e.SetRpath("/opt/c:/d", true) },
			dynTypes: rp, print: rn},
		{name: "remove-rpath", patchelf: [][]string{{"--remove-rpath"}}, edit: func(e *Editor) error { return e.RemoveRpath() },
			dynTypes: rp, print: rn},
		{name: "add-rpath", patchelf: [][]string{{"--add-rpath", "/opt/added"}}, edit: func(e *Editor) error { return e.AddRpath("/opt/added", false) },
			dynTypes: rp, print: rn, short: true},
		{name: "add-rpath-lib", patchelf: [][]string{{"--force-rpath", "--add-rpath", "$ORIGIN/x"}}, edit: func(e *Editor) error { return e.AddRpath("$ORIGIN/x", true) },
			dynTypes: rp, print: rn, lib: true},
		{name: "add-rpath-removed", patchelf: [][]string{{"--remove-rpath"}, {"--add-rpath", "/x"}},
			edit: func(e *Editor) error {
				if err := e.RemoveRpath(); err != nil {
					return err
				}
				return e.AddRpath("/x", false)
			}, dynTypes: rp, print: rn},
		{name: "shrink-rpath", patchelf: [][]string{{"--set-rpath", shrinkIn}, {"--shrink-rpath"}}, edit: shrink(nil, false),
			dynTypes: rp, print: rn, short: true},
		{name: "shrink-rpath-force", patchelf: [][]string{{"--set-rpath", shrinkIn}, {"--force-rpath", "--shrink-rpath"}}, edit: shrink(nil, true),
			dynTypes: rp, print: rn},
		{name: "shrink-rpath-prefixes", patchelf: [][]string{{"--set-rpath", shrinkIn}, {"--shrink-rpath", "--allowed-rpath-prefixes", "/nonexistent:" + fx.dir}},
			edit: shrink([]string{"/nonexistent", fx.dir}, false), dynTypes: rp, print: rn},
		{name: "shrink-rpath-lib", patchelf: [][]string{{"--shrink-rpath"}}, edit: func(e *Editor) error { return e.ShrinkRpath(nil, false) },
			dynTypes: rp, print: rn, lib: true},
		{name: "remove-needed", patchelf: [][]string{{"--remove-needed", "libm.so.6"}}, edit: func(e *Editor) error { return e.RemoveNeeded("libm.so.6") },
			dynTypes: needed, print: pn},
		{name: "replace-needed", patchelf: [][]string{{"--replace-needed", "libfoo.so.1", "libfo.so.1"}},
			edit: func(e *Editor) error { return e.ReplaceNeeded("libfoo.so.1", "libfo.so.1") }, dynTypes: needed, print: pn, short: true},
		{name: "set-interpreter", patchelf: [][]string{{"--set-interpreter", fx.interp}}, edit: func(e *Editor) error { return e.SetInterpreter(fx.interp) },
			print: []string{"--print-interpreter"}, extract: func(p string) string { return interpLine.FindString(readelfOut("-l", "-W", p)) }},
		{name: "clear-symbol-version", patchelf: [][]string{{"--clear-symbol-version", "puts"}},
			edit: func(e *Editor) error { _, err := e.ClearSymbolVersion("puts"); return err },
			extract: func(p string) string {
				// Without section headers, section symbols have no name.
				return sectionSymName.ReplaceAllString(readelfOut("--use-dynamic", "--syms", "-W", p), "$1")
			}},
		{name: "set-soname", patchelf: [][]string{{"--set-soname", "libfoo.so.7"}}, edit: func(e *Editor) error { return e.SetSoname("libfoo.so.7") },
			dynTypes: []string{"SONAME"}, print: []string{"--print-soname"}, lib: true},
		noDefLib,
		{name: "add-debug-tag", edit: func(e *Editor) error { return e.AddDebugTag() }, lib: true,
			check: func(_, path string) error {
				if l := dynLines2(path, "DEBUG"); len(l) != 1 {
					return fmt.Errorf("readelf -d DEBUG lines %q, want one", l)
				}
				return nil
			}},
		{name: "set-execstack", edit: func(e *Editor) error { return e.SetExecStack(true) }, check: stack(true)},
		{name: "clear-execstack", edit: func(e *Editor) error { return e.SetExecStack(false) }, check: stack(false)},
		{name: "set-os-abi", edit: func(e *Editor) error { e.SetOSABI(elfkit.ELFOSABI_LINUX); return nil }, lib: true,
			check: func(_, path string) error {
				if h := readelfOut("-h", path); !regexp.MustCompile(`OS/ABI:\s+UNIX - GNU`).MatchString(h) {
					return fmt.Errorf("readelf -h after SetOSABI(ELFOSABI_LINUX):\n%s", h)
				}
				return nil
			}},
		// Changes that need growth.
		{name: "grow-set-rpath", patchelf: [][]string{{"--set-rpath", growRpath}}, edit: func(e *Editor) error { return e.SetRpath(growRpath, false) },
			dynTypes: rp, print: rn, short: true},
		{name: "grow-force-rpath", patchelf: [][]string{{"--force-rpath", "--set-rpath", growRpath}}, edit: func(e *Editor) error { return e.SetRpath(growRpath, true) },
			dynTypes: rp, print: rn},
		{name: "grow-add-rpath", patchelf: [][]string{{"--add-rpath", growRpath}}, edit: func(e *Editor) error { return e.AddRpath(growRpath, false) },
			dynTypes: rp, print: rn},
		{name: "grow-add-needed", patchelf: [][]string{{"--add-needed", "libdl.so.2"}}, edit: func(e *Editor) error { return e.AddNeeded("libdl.so.2") },
			dynTypes: needed, print: pn, short: true},
		{name: "grow-replace-needed", patchelf: [][]string{{"--replace-needed", "libfoo.so.1", growLib}},
			edit: func(e *Editor) error { return e.ReplaceNeeded("libfoo.so.1", growLib) }, dynTypes: needed, print: pn},
		{name: "grow-set-interpreter", patchelf: [][]string{{"--set-interpreter", fx.longerInterp()}},
			edit: func(e *Editor) error { return e.SetInterpreter(fx.longerInterp()) }, print: []string{"--print-interpreter"}, short: true,
			extract: func(p string) string { return interpLine.FindString(readelfOut("-l", "-W", p)) }},
		{name: "grow-set-soname", patchelf: [][]string{{"--set-soname", growLib}}, edit: func(e *Editor) error { return e.SetSoname(growLib) },
			dynTypes: []string{"SONAME"}, print: []string{"--print-soname"}, lib: true, short: true},
		{name: "grow-set-rpath-lib", patchelf: [][]string{{"--set-rpath", growRpath}}, edit: func(e *Editor) error { return e.SetRpath(growRpath, false) },
			dynTypes: rp, print: rn, lib: true},
	}
}

// dynLines2 is dynLines without a testing.T.
func dynLines2(path string, types ...string) []string {
	var lines []string
	for _, l := range strings.Split(readelfOut("-d", "-W", path), "\n") {
		for _, ty := range types {
			if strings.Contains(l, "("+ty+")") {
				lines = append(lines, strings.TrimSpace(l))
			}
		}
	}
	return lines
}

// TestEditMatrix makes every change on every program (or the library) of
// every toolchain, with the Editor and with patchelf, and checks that the
// result runs (or is loaded) with the same output, that readelf and
// eu-elflint find nothing new, and that patchelf --print-*, readelf -d and
// ldd see the same as in patchelf's result.
func TestEditMatrix(t *testing.T) {
	for _, tc := range editToolchains() {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && !tc.short {
				t.Skip("-short")
			}
			fx := buildEditFixture(t, tc)
			for _, op := range editOps(fx) {
				t.Run(op.name, func(t *testing.T) {
					if testing.Short() && !op.short {
						t.Skip("-short")
					}
					inputs := fx.order
					if op.lib {
						inputs = []string{"lib"}
					}
					for _, v := range inputs {
						t.Run(v, func(t *testing.T) { fx.checkEdit(t, op, v) })
					}
				})
			}
		})
	}
}

// input returns the path of a variant's program, or of the library.
func (fx *editFixture) input(variant string) string {
	if variant == "lib" {
		return fx.lib
	}
	return fx.exes[variant]
}

// checkEdit makes op on one input and checks the result.
func (fx *editFixture) checkEdit(t *testing.T, op editOp, variant string) {
	in := fx.input(variant)
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := op.edit(e); err != nil {
		t.Fatal(err)
	}
	ours := in + "." + op.name + ".ours"
	if err := e.WriteFile(ours, 0o755); err != nil {
		t.Fatal(err)
	}
	defer os.Remove(ours)
	if got, _ := os.ReadFile(ours); !slices.Equal(got, e.Bytes()) {
		t.Errorf("the Builder did not write the edited bytes back unchanged")
	}
	if _, errOut := tool(t, "readelf", "-a", "-W", ours); errOut != "" {
		t.Errorf("readelf -a -W: %s", errOut)
	}
	norm := func(m map[string]bool) map[string]bool {
		out := map[string]bool{}
		for l := range m {
			out[lintPhdr.ReplaceAllString(l, "phdr[N]")] = true
		}
		return out
	}
	before, after := norm(fx.lintInput(t, in)), norm(elflintSet(t, ours))
	for l := range after {
		if !before[l] {
			t.Errorf("eu-elflint --gnu-ld: new message %q", l)
		}
	}
	if op.check != nil {
		if err := op.check(in, ours); err != nil {
			t.Error(err)
		}
	}
	if op.patchelf != nil {
		theirs := fx.patchelf(t, fx.input(strings.TrimSuffix(variant, noShdr)), op)
		defer os.Remove(theirs)
		fx.compare(t, op, in, theirs, ours, strings.HasSuffix(variant, noShdr))
	}
	fx.checkRuns(t, variant, ours)
}

// patchelf makes op with patchelf and returns the result's path.
func (fx *editFixture) patchelf(t *testing.T, in string, op editOp) string {
	t.Helper()
	theirs := in + "." + op.name + ".patchelf"
	from := in
	for _, args := range op.patchelf {
		if out, errOut := tool(t, "patchelf", append(slices.Clone(args), "--output", theirs, from)...); errOut != "" {
			t.Fatalf("patchelf %q: %s%s", args, out, errOut)
		}
		from = theirs
	}
	return theirs
}

// compare compares what readelf, patchelf --print-* and ldd show of
// patchelf's result and of ours.
func (fx *editFixture) compare(t *testing.T, op editOp, in, theirs, ours string, noShdr bool) {
	t.Helper()
	if op.dynTypes != nil {
		if d := cmp.Diff(dynLines(t, theirs, op.dynTypes...), dynLines(t, ours, op.dynTypes...)); d != "" {
			t.Errorf("readelf -d lines (-patchelf +ours):\n%s", d)
		}
	}
	for _, p := range op.print {
		want, _ := tool(t, "patchelf", p, theirs)
		var got string
		if noShdr {
			// patchelf does not read files without section headers.
			got = editorPrint(t, p, ours)
		} else {
			got, _ = tool(t, "patchelf", p, ours)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("patchelf %s (-patchelf +ours):\n%s", p, d)
		}
	}
	if op.extract != nil && noShdr && strings.Contains(op.extract(in), "not available") {
		// readelf 2.40 -D cannot show the symbols of some files without
		// section headers (aarch64, riscv64, s390x, ppc64), edited or not.
		t.Logf("readelf cannot show what to compare without section headers")
	} else if op.extract != nil {
		if d := cmp.Diff(op.extract(theirs), op.extract(ours)); d != "" {
			t.Errorf("(-patchelf +ours):\n%s", d)
		}
	}
	if fx.tc.native {
		if d := cmp.Diff(fx.ldd(t, theirs), fx.ldd(t, ours)); d != "" {
			t.Errorf("ldd (-patchelf +ours):\n%s", d)
		}
	}
}

// noShdr ends the name of a variant without section headers.
const noShdr = "-noshdr"

// editorPrint returns what patchelf prints with flag (--print-*) for the
// file at path, from the Editor's answers.
func editorPrint(t *testing.T, flag, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	switch flag {
	case "--print-rpath":
		s, err := e.Rpath()
		if err != nil {
			t.Fatal(err)
		}
		lines = []string{s}
	case "--print-needed":
		if lines, err = e.Needed(); err != nil {
			t.Fatal(err)
		}
	case "--print-interpreter":
		s, err := e.Interpreter()
		if err != nil {
			t.Fatal(err)
		}
		lines = []string{s}
	case "--print-soname":
		s, err := e.Soname()
		if err != nil {
			t.Fatal(err)
		}
		lines = []string{s}
	default:
		t.Fatalf("editorPrint: %s", flag)
	}
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	return b.String()
}

// ldd returns what ldd prints for path, without load addresses.
func (fx *editFixture) ldd(t *testing.T, path string) string {
	t.Helper()
	cmd := exec.Command("ldd", path)
	cmd.Env = fx.env()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("ldd %s: %v\n%s", path, err, out)
	}
	return lddAddr.ReplaceAllString(strings.ReplaceAll(string(out), path, "FILE"), "")
}

// checkRuns checks that the edited program gives the output of the
// original one; for the library, that the first program still loads the
// edited library in its place and gives the same output.
func (fx *editFixture) checkRuns(t *testing.T, variant, ours string) {
	t.Helper()
	if variant != "lib" {
		if got, want := fx.run(t, ours), fx.runInput(t, fx.input(variant)); got != want {
			t.Errorf("output %q, want %q", got, want)
		}
		return
	}
	exe := fx.exes[fx.order[0]]
	want := fx.runInput(t, exe)
	saved := fx.lib + ".saved"
	if err := os.Rename(fx.lib, saved); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(ours, fx.lib); err != nil {
		t.Fatal(err)
	}
	got := fx.run(t, exe)
	if err := os.Rename(saved, fx.lib); err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("with the edited library: output %q, want %q", got, want)
	}
}
