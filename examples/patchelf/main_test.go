package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

func runCmd(args ...string) (string, string, int) {
	var o, e bytes.Buffer
	rc := run(args, &o, &e)
	return o.String(), e.String(), rc
}

// TestPrintMatchesPatchelf compares the --print-* output with patchelf's on
// the system's programs and libraries.
func TestPrintMatchesPatchelf(t *testing.T) {
	if !testfiles.HaveTool("patchelf") {
		t.Skip("patchelf not installed")
	}
	max := 40
	if testing.Short() {
		max = 10
	}
	n := 0
	for _, path := range testfiles.Corpus(t, 400) {
		if n >= max {
			break
		}
		for _, flag := range []string{"--print-interpreter", "--print-rpath", "--print-needed", "--print-soname"} {
			cmd := exec.Command("patchelf", flag, path)
			var o, e bytes.Buffer
			cmd.Stdout, cmd.Stderr = &o, &e
			if err := cmd.Run(); err != nil {
				// patchelf refuses the file (or has no .interp): we must
				// fail too for --print-interpreter, and need not agree
				// otherwise.
				if flag == "--print-interpreter" && strings.Contains(e.String(), ".interp") {
					if _, _, rc := runCmd(flag, path); rc == 0 {
						t.Errorf("%s %s: succeeded where patchelf failed: %s", flag, path, e.String())
					}
				}
				continue
			}
			got, errOut, rc := runCmd(flag, path)
			if rc != 0 {
				t.Errorf("%s %s: %s", flag, path, errOut)
				continue
			}
			if d := cmp.Diff(o.String(), got); d != "" {
				t.Errorf("%s %s (-patchelf +ours):\n%s", flag, path, d)
			}
		}
		n++
	}
	if n == 0 {
		t.Skip("no sample files")
	}
}

// TestFailureLeavesFileUntouched checks that malformed inputs and changes
// that are not possible give an error and leave the file as it was.
func TestFailureLeavesFileUntouched(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := map[string][]byte{
		"truncated": good[:40],
		"not-elf":   []byte("hello, world\n"),
		"bad-phoff": func() []byte {
			b := bytes.Clone(good[:4096])
			for i := 32; i < 40; i++ { // e_phoff of ELF64 (or part of ELF32's header)
				b[i] = 0xff
			}
			return b
		}(),
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o755); err != nil {
			t.Fatal(err)
		}
		args := []string{"--set-rpath", "/" + strings.Repeat("r", 5000), p}
		if _, errOut, rc := runCmd(args...); rc == 0 {
			t.Errorf("%s: --set-rpath succeeded", name)
		} else if errOut == "" {
			t.Errorf("%s: no error message", name)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: the file was changed", name)
		}
	}
}

func TestUsage(t *testing.T) {
	if _, _, rc := runCmd(); rc == 0 {
		t.Error("no arguments: exit status 0")
	}
	if _, _, rc := runCmd("--no-such-flag", "x"); rc == 0 {
		t.Error("unknown flag: exit status 0")
	}
	if _, errOut, rc := runCmd("--set-rpath", "/x", "--add-rpath", "/y", "x"); rc == 0 ||
		!strings.HasPrefix(errOut, "patchelf: --set-rpath option not allowed with --add-rpath\n") {
		t.Errorf("--set-rpath with --add-rpath: exit status %d, %q", rc, errOut)
	}
	if _, _, rc := runCmd("--output", "a", "b", "c"); rc == 0 {
		t.Error("--output with two files: exit status 0")
	}
}

// TestEditRpathFlagsMatchPatchelf runs --add-rpath, --shrink-rpath (with and
// without --allowed-rpath-prefixes and --force-rpath) and --no-default-lib
// with this command and with patchelf on copies of a program, and compares
// what readelf -d and patchelf --print-rpath show, and the errors of
// --shrink-rpath on directories patchelf cannot search.
func TestEditRpathFlagsMatchPatchelf(t *testing.T) {
	for _, tool := range []string{"patchelf", "gcc", "readelf"} {
		if !testfiles.HaveTool(tool) {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	sub, empty, notELF, isDir := filepath.Join(dir, "sub"), filepath.Join(dir, "empty"), filepath.Join(dir, "notelf"), filepath.Join(dir, "dirlib")
	for _, d := range []string{sub, empty, notELF, filepath.Join(isDir, "libfoo.so")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(notELF, "libfoo.so"), []byte("hi\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lib := testfiles.CrossObject(t, "", "int foo(int x) { return x; }", "-shared", "-fPIC")
	data, err := os.ReadFile(lib)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "libfoo.so"), data, 0o755); err != nil {
		t.Fatal(err)
	}
	rpath := strings.Join([]string{"$ORIGIN/sub", empty, sub, "$ORIGIN/empty", "rel/dir", sub, "/nonexistent"}, ":")
	progs := map[string]string{}
	for name, flags := range map[string][]string{
		"runpath": {"-Wl,-rpath," + rpath, "-Wl,--enable-new-dtags"},
		"rpath":   {"-Wl,-rpath," + rpath, "-Wl,--disable-new-dtags"},
		// Empty items, and a trailing colon.
		"empty-items": {"-Wl,-rpath," + sub + "::" + empty + ":"},
	} {
		progs[name] = testfiles.CrossObject(t, "", "int foo(int); int main(void) { return foo(0); }",
			append([]string{"-L" + sub, "-lfoo"}, flags...)...)
	}
	dynLines := func(path string) string {
		out, err := exec.Command("readelf", "-d", "-W", path).Output()
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		for _, l := range strings.Split(string(out), "\n") {
			if strings.Contains(l, "PATH)") || strings.Contains(l, "(FLAGS") || strings.Contains(l, "(NEEDED)") {
				keep = append(keep, strings.TrimSpace(l))
			}
		}
		return strings.Join(keep, "\n")
	}
	cases := [][]string{
		{"--add-rpath", "/opt/new"},
		{"--force-rpath", "--add-rpath", "/opt/new"},
		{"--shrink-rpath"},
		{"--shrink-rpath", "--force-rpath"},
		{"--shrink-rpath", "--allowed-rpath-prefixes", "/nonexistent:" + sub},
		{"--shrink-rpath", "--add-rpath", "/ignored"},
		{"--shrink-rpath", "--allowed-rpath-prefixes", sub, "--allowed-rpath-prefixes", "/nonexistent"},
		{"--add-rpath", "/ignored", "--remove-rpath"},
		{"--no-default-lib"},
		{"--no-default-lib", "--add-rpath", "/x"},
	}
	for name, prog := range progs {
		for _, args := range cases {
			theirs, ours := filepath.Join(dir, "theirs"), filepath.Join(dir, "ours")
			cmd := exec.Command("patchelf", append(append([]string{}, args...), "--output", theirs, prog)...)
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
			}
			if _, errOut, rc := runCmd(append(append([]string{}, args...), "--output", ours, prog)...); rc != 0 {
				t.Errorf("%s %q: %s", name, args, errOut)
				continue
			}
			if d := cmp.Diff(dynLines(theirs), dynLines(ours)); d != "" {
				t.Errorf("%s %q: readelf -d (-patchelf +ours):\n%s", name, args, d)
			}
			want, _ := exec.Command("patchelf", "--print-rpath", theirs).Output()
			got, _, _ := runCmd("--print-rpath", ours)
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("%s %q: --print-rpath (-patchelf +ours):\n%s", name, args, d)
			}
		}
	}
	// Directories patchelf cannot search: the same error, and the file
	// is left as it was.
	for _, bad := range []string{notELF, isDir, filepath.Join(progs["rpath"], "sub")} {
		in := filepath.Join(dir, "bad")
		cmd := exec.Command("patchelf", "--set-rpath", bad+":"+sub, "--output", in, progs["runpath"])
		if b, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
		}
		before, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		var stderr bytes.Buffer
		cmd = exec.Command("patchelf", "--shrink-rpath", in)
		cmd.Stderr = &stderr
		if err := cmd.Run(); err == nil {
			t.Fatalf("patchelf --shrink-rpath with %s in the rpath succeeded", bad)
		}
		if err := os.WriteFile(in, before, 0o755); err != nil {
			t.Fatal(err)
		}
		_, errOut, rc := runCmd("--shrink-rpath", in)
		if rc == 0 {
			t.Errorf("--shrink-rpath with %s in the rpath succeeded", bad)
		}
		if d := cmp.Diff(stderr.String(), errOut); d != "" {
			t.Errorf("--shrink-rpath with %s in the rpath: stderr (-patchelf +ours):\n%s", bad, d)
		}
		if after, _ := os.ReadFile(in); !bytes.Equal(after, before) {
			t.Errorf("--shrink-rpath with %s in the rpath changed the file", bad)
		}
	}
}

// dynSymNames returns the names readelf --dyn-syms -W prints for path, with
// their versions.
func dynSymNames(t *testing.T, path string) []string {
	t.Helper()
	out, err := exec.Command("readelf", "--dyn-syms", "-W", path).Output()
	if err != nil {
		t.Fatalf("readelf --dyn-syms %s: %v", path, err)
	}
	var names []string
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) == 8 && strings.HasSuffix(f[0], ":") {
			names = append(names, f[7])
		}
	}
	return names
}

// TestRenameDynamicSymbolsFlag renames exports of the sample libraries of
// both classes through a map file, as patchelf 0.18 reads one (the
// installed patchelf predates the flag): readelf must show the new names
// with their versions and nothing else changed, eu-elflint must find
// nothing; bad map files give patchelf's messages and leave the file as it
// was.
func TestRenameDynamicSymbolsFlag(t *testing.T) {
	if !testfiles.HaveTool("readelf") {
		t.Skip("readelf not installed")
	}
	dir := t.TempDir()
	mapFile := filepath.Join(dir, "map")
	if err := os.WriteFile(mapFile, []byte("hello_fn_4 hi_fn_4\nhello_fn_9\t greet_nine\n\nignored after a blank line\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	renames := map[string]string{"hello_fn_4": "hi_fn_4", "hello_fn_9": "greet_nine"}
	for _, lib := range []string{"libhello-x86_64.so", "libhello-i386.so", "libhello-s390x.so"} {
		in := filepath.Join("..", "..", "testdata", lib)
		out := filepath.Join(dir, lib)
		if _, errOut, rc := runCmd("--rename-dynamic-symbols", mapFile, "--output", out, in); rc != 0 {
			t.Fatalf("%s: %s", lib, errOut)
		}
		var want []string
		for _, n := range dynSymNames(t, in) {
			base, _, _ := strings.Cut(n, "@")
			if r, ok := renames[base]; ok {
				n = r + strings.TrimPrefix(n, base)
			}
			want = append(want, n)
		}
		got := dynSymNames(t, out)
		slices.Sort(want)
		slices.Sort(got)
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: dynamic symbols (-want +got):\n%s", lib, d)
		}
		if testfiles.HaveTool("eu-elflint") {
			if msg, err := exec.Command("eu-elflint", "--gnu-ld", out).CombinedOutput(); err != nil {
				t.Errorf("%s: eu-elflint: %s", lib, msg)
			}
		}
	}
	target := filepath.Join(dir, "target.so")
	orig, err := os.ReadFile(filepath.Join("..", "..", "testdata", "libhello-x86_64.so"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ content, msg string }{
		{"a\n", ":1: Map file line is missing the second element"},
		{"a b\nc d\na e\n", ":3: Name 'a' appears twice in the map file"},
		{"a@V b\n", ":1: Name pair contains version tag: a@V b"},
	} {
		if err := os.WriteFile(target, orig, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(mapFile, []byte(c.content), 0o644); err != nil {
			t.Fatal(err)
		}
		_, errOut, rc := runCmd("--rename-dynamic-symbols", mapFile, target)
		if want := "patchelf: " + mapFile + c.msg + "\n"; rc != 1 || errOut != want {
			t.Errorf("map %q: rc %d, stderr %q, want %q", c.content, rc, errOut, want)
		}
		if b, _ := os.ReadFile(target); !bytes.Equal(b, orig) {
			t.Errorf("map %q: the file changed", c.content)
		}
	}
}
