package elf64

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

// The library of the rename tests: functions that call each other through
// the PLT, a function whose address is taken, a data object (copied into a
// non-PIE program), a symbol with two versions and one left alone.
const renameLibSrc = `int lib_data = 42;
int alpha(int x) { return x + 1; }
int beta(int x) { return alpha(x) * 2; }
int gamma_fn(int x) { return beta(x) + lib_data; }
int (*get_alpha(void))(int) { return alpha; }
int delta_old(int x) { return x - 100; }
int delta_new(int x) { return x + 100; }
__asm__(".symver delta_old,delta@VERS_1");
__asm__(".symver delta_new,delta@@VERS_2");
int untouched(int x) { return x * 3; }
`

const renameLibScript = `VERS_1 { global: alpha; beta; delta; untouched; local: *; };
VERS_2 { global: gamma_fn; get_alpha; lib_data; } VERS_1;
`

const renameMainSrc = `#include <stdio.h>
extern int lib_data;
int alpha(int); int beta(int); int gamma_fn(int); int delta(int); int untouched(int);
int (*get_alpha(void))(int);
int main(void) {
	printf("%d %d %d %d %d %d %d %d\n",
		alpha(1), beta(2), gamma_fn(3), delta(4), get_alpha()(5), get_alpha() == alpha, lib_data, untouched(6));
	return 0;
}
`

// renameMap renames every exported symbol of the library but one: to a
// longer new string, to the end of an existing one ("ta" of "delta", "fn"
// of "gamma_fn"), and a symbol with two versions.
var renameMap = map[string]string{
	"alpha":     "alpha_renamed_to_a_longer_name",
	"beta":      "ta",
	"gamma_fn":  "fn",
	"delta":     "delta_v",
	"lib_data":  "lib_data_renamed",
	"get_alpha": "get_alpha2",
}

var identifier = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// renameSource applies m to the identifiers of a source text.
func renameSource(src string, m map[string]string) string {
	return identifier.ReplaceAllStringFunc(src, func(s string) string {
		if n, ok := m[s]; ok {
			return n
		}
		return s
	})
}

// renameBuild is a library and programs (PIE and not) using it, linked
// with one hash style.
type renameBuild struct {
	dir  string
	lib  string            // dir/libren.so.1
	exes map[string]string // "pie", "nopie" -> program
}

const renameSoname = "libren.so.1"

// buildRenameFixture compiles the sources with names renamed by m (nil:
// the originals) into dir.
func buildRenameFixture(t *testing.T, tg target, dir, style string, m map[string]string) renameBuild {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(renameSource(src, m)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cc := func(args ...string) {
		t.Helper()
		cmd := exec.Command(tg.cc, args...)
		if b, err := cmd.CombinedOutput(); err != nil || len(b) > 0 {
			t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
		}
	}
	hash := "-Wl,--hash-style=" + style
	rb := renameBuild{dir: dir, lib: filepath.Join(dir, renameSoname), exes: map[string]string{}}
	cc("-shared", "-fPIC", "-O1", "-o", rb.lib, write("ren.c", renameLibSrc), "-Wl,--version-script="+write("ren.map", renameLibScript),
		"-Wl,-soname,"+renameSoname, hash)
	msrc := write("main.c", renameMainSrc)
	for name, flags := range map[string][]string{"pie": {"-fPIE", "-pie"}, "nopie": {"-fno-PIE", "-no-pie"}} {
		out := filepath.Join(dir, name)
		cc(append(append([]string{"-O1", "-o", out, msrc}, flags...), rb.lib, hash)...)
		rb.exes[name] = out
	}
	return rb
}

// runIn runs a program with dir as LD_LIBRARY_PATH.
func runIn(tg target, dir, path string, args ...string) (stdout, stderr string, err error) {
	argv := append(append(tg.run[:len(tg.run):len(tg.run)], path), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "LD_LIBRARY_PATH="+dir)
	var o, e strings.Builder
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	return o.String(), e.String(), err
}

// readEditor returns the bytes of the file at path and an Editor over
// them.
func readEditor(t *testing.T, path string) ([]byte, *Editor) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return data, e
}

// renameWith renames the dynamic symbols of in with the Editor into out.
func renameWith(t *testing.T, in, out string, m map[string]string) {
	t.Helper()
	_, e := readEditor(t, in)
	if err := e.RenameDynamicSymbols(m); err != nil {
		t.Fatalf("%s: RenameDynamicSymbols: %v", in, err)
	}
	if err := checkHashLookups(e.File()); err != nil {
		t.Errorf("%s: after renaming: %v", in, err)
	}
	if err := e.WriteFile(out, 0o755); err != nil {
		t.Fatal(err)
	}
}

// dynSymNames returns the sorted names (with versions) readelf --dyn-syms
// -W prints (readelf -D -s -W with useDynamic, for a file without section
// headers).
func dynSymNames(t *testing.T, path string, useDynamic ...bool) []string {
	t.Helper()
	args := []string{"--dyn-syms", "-W", path}
	if len(useDynamic) > 0 && useDynamic[0] {
		args = []string{"-D", "-s", "-W", path}
	}
	out, errOut := tool(t, "readelf", args...)
	if errOut != "" {
		t.Errorf("readelf --dyn-syms -W %s: %s", path, errOut)
	}
	var names []string
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) >= 8 && strings.HasSuffix(f[0], ":") {
			names = append(names, f[7])
		}
	}
	sort.Strings(names)
	return names
}

// nmDynamic returns the sorted type and name columns of nm -D.
func nmDynamic(t *testing.T, path string) []string {
	t.Helper()
	out, errOut := tool(t, "nm", "-D", path)
	if errOut != "" {
		t.Errorf("nm -D %s: %s", path, errOut)
	}
	var lines []string
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) >= 2 {
			lines = append(lines, strings.Join(f[len(f)-2:], " "))
		}
	}
	sort.Strings(lines)
	return lines
}

// patchelfRenames reports whether the installed patchelf has
// --rename-dynamic-symbols (0.18 and later).
func patchelfRenames() bool {
	if !testfiles.HaveTool("patchelf") {
		return false
	}
	out, _ := exec.Command("patchelf", "--help").CombinedOutput()
	return bytes.Contains(out, []byte("--rename-dynamic-symbols"))
}

func TestEditRenameDynamicSymbols(t *testing.T) {
	tg := linkTarget(t)
	for _, tl := range []string{"readelf", "nm", "eu-elflint"} {
		if !testfiles.HaveTool(tl) {
			t.Skipf("%s not installed", tl)
		}
	}
	withPatchelf := patchelfRenames()
	if !withPatchelf {
		t.Log("patchelf has no --rename-dynamic-symbols (it came in 0.18): comparing with a relinked reference only")
	}
	for _, style := range []string{"both", "gnu", "sysv"} {
		t.Run(style, func(t *testing.T) {
			top := t.TempDir()
			orig := buildRenameFixture(t, tg, filepath.Join(top, "orig"), style, nil)
			// The reference: the same sources with the new names, linked.
			ref := buildRenameFixture(t, tg, filepath.Join(top, "ref"), style, renameMap)
			ours := renameBuild{dir: filepath.Join(top, "ours"), lib: filepath.Join(top, "ours", renameSoname), exes: map[string]string{}}
			if err := os.MkdirAll(ours.dir, 0o755); err != nil {
				t.Fatal(err)
			}
			pairs := [][2]string{{orig.lib, ours.lib}}
			renameWith(t, orig.lib, ours.lib, renameMap)
			for name, in := range orig.exes {
				ours.exes[name] = filepath.Join(ours.dir, name)
				renameWith(t, in, ours.exes[name], renameMap)
				pairs = append(pairs, [2]string{in, ours.exes[name]})
			}
			for _, p := range pairs {
				in, out := p[0], p[1]
				if _, errOut := tool(t, "readelf", "-a", "-W", out); errOut != "" {
					t.Errorf("%s: readelf -a -W: %s", out, errOut)
				}
				for _, l := range newElflintMessages(t, in, out) {
					t.Errorf("%s: eu-elflint --gnu-ld: new message %q", out, l)
				}
				refPath := filepath.Join(ref.dir, filepath.Base(out))
				if d := cmp.Diff(dynSymNames(t, refPath), dynSymNames(t, out)); d != "" {
					t.Errorf("%s: readelf --dyn-syms names (-relinked +ours):\n%s", out, d)
				}
				if d := cmp.Diff(nmDynamic(t, refPath), nmDynamic(t, out)); d != "" {
					t.Errorf("%s: nm -D (-relinked +ours):\n%s", out, d)
				}
			}
			for name := range orig.exes {
				want, errOut, err := runIn(tg, orig.dir, orig.exes[name])
				if err != nil || errOut != "" || !strings.HasPrefix(want, "2 6 ") {
					t.Fatalf("%s: %v %s%s", orig.exes[name], err, want, errOut)
				}
				for _, b := range []renameBuild{ref, ours} {
					if got, errOut, err := runIn(tg, b.dir, b.exes[name]); got != want || errOut != "" || err != nil {
						t.Errorf("%s: output %q (%v, %s), want %q", b.exes[name], got, err, errOut, want)
					}
				}
				// A renamed program does not run with the original library,
				// nor the original program with the renamed library.
				for _, c := range [][2]string{{orig.dir, ours.exes[name]}, {ours.dir, orig.exes[name]}} {
					if _, errOut, err := runIn(tg, c[0], c[1]); err == nil || !strings.Contains(errOut, "symbol lookup error") {
						t.Errorf("%s with the libraries of %s: %v, %q; want a symbol lookup error", c[1], c[0], err, errOut)
					}
				}
			}
			if !withPatchelf {
				return
			}
			mapFile := filepath.Join(top, "rename.map")
			var lines []string
			for k, v := range renameMap {
				lines = append(lines, k+" "+v+"\n")
			}
			if err := os.WriteFile(mapFile, []byte(strings.Join(lines, "")), 0o644); err != nil {
				t.Fatal(err)
			}
			theirs := filepath.Join(top, "theirs")
			if err := os.MkdirAll(theirs, 0o755); err != nil {
				t.Fatal(err)
			}
			for _, p := range pairs {
				out := filepath.Join(theirs, filepath.Base(p[1]))
				if o, errOut := tool(t, "patchelf", "--rename-dynamic-symbols", mapFile, "--output", out, p[0]); errOut != "" {
					t.Fatalf("patchelf: %s%s", o, errOut)
				}
				if d := cmp.Diff(dynSymNames(t, out), dynSymNames(t, p[1])); d != "" {
					t.Errorf("%s: readelf --dyn-syms names (-patchelf +ours):\n%s", p[1], d)
				}
			}
			for name := range orig.exes {
				want, _, _ := runIn(tg, orig.dir, orig.exes[name])
				if got, errOut, err := runIn(tg, theirs, filepath.Join(theirs, name)); got != want || err != nil {
					t.Errorf("patchelf's %s: output %q (%v, %s), want %q", name, got, err, errOut, want)
				}
			}
		})
	}
}

// renameDlsymSrc looks names up with dlsym and dlvsym in the library named
// by argv[1], with the names given by argv[2...] as NAME or NAME@VERSION.
const renameDlsymSrc = `#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
	void *h = dlopen(argv[1], RTLD_NOW);
	if (!h) { printf("dlopen: %s\n", dlerror()); return 1; }
	for (int i = 2; i < argc; i++) {
		char name[256];
		snprintf(name, sizeof name, "%s", argv[i]);
		char *ver = strchr(name, '@');
		if (ver) *ver++ = 0;
		void *p = ver ? dlvsym(h, name, ver) : dlsym(h, name);
		if (!p) { printf("%s: missing\n", argv[i]); continue; }
		if (strstr(name, "data")) printf("%s: %d\n", argv[i], *(int *)p);
		else if (strstr(name, "get_")) printf("%s: %d\n", argv[i], ((int (*)(int))((void *(*)(void))p)())(10));
		else printf("%s: %d\n", argv[i], ((int (*)(int))p)(10));
	}
	return 0;
}
`

func TestEditRenameDlsym(t *testing.T) {
	tg := linkTarget(t)
	top := t.TempDir()
	prog := tg.compile(t, top, renameDlsymSrc)
	lookups := func(m map[string]string) []string {
		var out []string
		for _, n := range []string{"alpha", "beta", "gamma_fn", "get_alpha", "untouched", "lib_data", "delta", "delta@VERS_1", "delta@VERS_2"} {
			if v, ok := m[strings.Split(n, "@")[0]]; ok {
				n = v + strings.TrimPrefix(n, strings.Split(n, "@")[0])
			}
			out = append(out, n)
		}
		return out
	}
	results := func(lib string, names []string) string {
		t.Helper()
		out, errOut, err := runIn(tg, filepath.Dir(lib), prog, append([]string{lib}, names...)...)
		if err != nil || errOut != "" {
			t.Errorf("%s %s: %v %s", prog, lib, err, errOut)
		}
		// Results by position: the names differ between the runs.
		var vals []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			_, v, _ := strings.Cut(l, ": ")
			vals = append(vals, v)
		}
		return strings.Join(vals, " ")
	}
	for _, style := range []string{"both", "gnu", "sysv"} {
		t.Run(style, func(t *testing.T) {
			orig := buildRenameFixture(t, tg, filepath.Join(top, style, "orig"), style, nil)
			ours := filepath.Join(top, style, "ours", renameSoname)
			if err := os.MkdirAll(filepath.Dir(ours), 0o755); err != nil {
				t.Fatal(err)
			}
			renameWith(t, orig.lib, ours, renameMap)
			want := results(orig.lib, lookups(nil))
			if strings.Contains(want, "missing") || strings.Contains(want, "dlopen") {
				t.Fatalf("the original library: %s", want)
			}
			if got := results(ours, lookups(renameMap)); got != want {
				t.Errorf("new names in the renamed library: %s, want %s", got, want)
			}
			// The old names are gone (but "untouched", which was not renamed).
			var gone []string
			for _, n := range lookups(nil) {
				if n != "untouched" {
					gone = append(gone, n)
				}
			}
			if got, want := results(ours, gone), strings.TrimSpace(strings.Repeat("missing ", len(gone))); got != want {
				t.Errorf("old names in the renamed library: %s, want %s", got, want)
			}
		})
	}
}

// TestEditRenameRebuildUnchanged rebuilds the hash tables of files GNU ld
// wrote without renaming anything: the GNU hash table must come out
// byte for byte as ld wrote it (the same symbol order), and the SysV one
// with the same chains (ld fills them in its own order).
func TestEditRenameRebuildUnchanged(t *testing.T) {
	t.Run("testdata", func(t *testing.T) {
		for _, p := range sampleLibs(t) {
			checkRebuildUnchanged(t, p)
		}
	})
	t.Run("built", func(t *testing.T) {
		tg := linkTarget(t)
		for _, style := range []string{"both", "gnu", "sysv"} {
			rb := buildRenameFixture(t, tg, filepath.Join(t.TempDir(), style), style, nil)
			for _, p := range []string{rb.lib, rb.exes["pie"], rb.exes["nopie"]} {
				checkRebuildUnchanged(t, p)
			}
		}
	})
}

func checkRebuildUnchanged(t *testing.T, path string) {
	t.Helper()
	data, e := readEditor(t, path)
	wantSysV := sysVChains(t, e.File())
	if err := e.rebuildHashTables(); err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if d := cmp.Diff(wantSysV, sysVChains(t, e.File())); d != "" {
		t.Errorf("%s: SysV hash chains (-ld +rebuilt):\n%s", path, d)
	}
	if h, err := e.File().SysVHash(); err == nil {
		// Take ld's SysV table back: the rest must be unchanged.
		orig, err := NewFile(data)
		if err != nil {
			t.Fatal(err)
		}
		ho, err := orig.SysVHash()
		if err != nil {
			t.Fatal(err)
		}
		buckets, chains := h.Parts()
		ob, oc := ho.Parts()
		copy(buckets, ob)
		copy(chains, oc)
	}
	if !bytes.Equal(e.Bytes(), data) {
		t.Errorf("%s: rebuilding the GNU hash table changed the file", path)
	}
	if err := checkHashLookups(e.File()); err != nil {
		t.Errorf("%s: %v", path, err)
	}
}

// sysVChains returns, for each SysV hash bucket, the sorted symbol indexes
// of its chain.
func sysVChains(t *testing.T, f *File) [][]uint32 {
	t.Helper()
	h, err := f.SysVHash()
	if err != nil {
		return nil
	}
	out := make([][]uint32, h.NumBuckets())
	for b := range out {
		for i, n := h.Bucket(uint32(b)), uint32(0); i != 0 && n <= h.NumChains(); i, n = h.Chain(i), n+1 {
			out[b] = append(out[b], i)
		}
		slices.Sort(out[b])
	}
	return out
}

// checkHashLookups checks that every dynamic symbol is found under its name
// through the hash tables, as the dynamic loader looks them up: through
// DT_GNU_HASH (bloom filter, bucket, chain) for the hashed ones, and
// through DT_HASH for every one but the local ones. It takes time linear in
// the size of the tables, whatever they hold.
func checkHashLookups(f *File) error {
	syms, err := f.DynamicSymbols()
	if err != nil {
		return err
	}
	names, err := symbolNames(syms)
	if err != nil {
		return err
	}
	if h, err := f.GNUHash(); err == nil && h.hashesSymbols() {
		first := int(h.SymOffset())
		// ends[k]: the chain words before symbol first+k that end a chain.
		ends := make([]int, max(len(names)-first, 0)+1)
		for k := range len(ends) - 1 {
			c, ok := h.Chain(uint32(first + k))
			if !ok {
				return fmt.Errorf("GNU hash: no chain word for symbol %d", first+k)
			}
			ends[k+1] = ends[k] + int(c&1)
		}
		for i := first; i < len(names); i++ {
			hv := elfkit.GNUHash(names[i])
			if !h.MayContain(hv) {
				return fmt.Errorf("GNU hash: the bloom filter rejects symbol %d %q", i, names[i])
			}
			start := int(h.Bucket(hv % h.NumBuckets()))
			c, _ := h.Chain(uint32(i))
			if start < first || start > i || ends[i-first] != ends[start-first] || c|1 != hv|1 {
				return fmt.Errorf("GNU hash: symbol %d %q not in its chain (from %d)", i, names[i], start)
			}
			// A chain ends at the last symbol of its bucket, so that a
			// name that is not there is not looked for in the next one.
			last := i == len(names)-1 || elfkit.GNUHash(names[i+1])%h.NumBuckets() != hv%h.NumBuckets()
			if last != (c&1 != 0) {
				return fmt.Errorf("GNU hash: symbol %d %q: end of chain %v, want %v", i, names[i], c&1 != 0, last)
			}
		}
	} else if err != nil && !errors.Is(err, elfkit.ErrNotFound) {
		return err
	}
	h, err := f.SysVHash()
	if errors.Is(err, elfkit.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if h.NumBuckets() == 0 {
		if len(names) > 1 {
			return errors.New("SysV hash: no buckets")
		}
		return nil
	}
	// bucketOf[i]: the bucket whose chain holds symbol i, plus one.
	bucketOf := make([]uint32, h.NumChains())
	for b := range h.NumBuckets() {
		for j := h.Bucket(b); j != 0 && j < h.NumChains() && bucketOf[j] == 0; j = h.Chain(j) {
			bucketOf[j] = b + 1
		}
	}
	for i := 1; i < len(names); i++ {
		if syms.At(i).Info()>>4 == byte(elfkit.STB_LOCAL) {
			continue
		}
		if b := elfkit.SysVHash(names[i]) % h.NumBuckets(); i >= len(bucketOf) || bucketOf[i] != b+1 {
			return fmt.Errorf("SysV hash: symbol %d %q not in its chain", i, names[i])
		}
	}
	return nil
}

// TestEditRenameTestdata renames symbols of the sample libraries of every
// machine, both byte orders, with and without section headers, and checks
// the names with readelf and the tables with eu-elflint.
func TestEditRenameTestdata(t *testing.T) {
	m := map[string]string{
		"hello_fn_10":   "hello_fn_10_renamed_longer",
		"hello_fn_20":   "hello_fn_2",
		"hello_version": "hv",
		"hello_fn_31":   "hello_fn_30", // two symbols of one name
	}
	dir := t.TempDir()
	for _, in := range sampleLibs(t) {
		n := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(in), "libhello-"), ".so")
		_, e := readEditor(t, in)
		wantNames := readNames(t, e.File(), m)
		if err := e.RenameDynamicSymbols(m); err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if err := checkHashLookups(e.File()); err != nil {
			t.Errorf("%s: %v", n, err)
		}
		if d := cmp.Diff(wantNames, readNames(t, e.File(), nil)); d != "" {
			t.Errorf("%s: names (-want +got):\n%s", n, d)
		}
		out := filepath.Join(dir, filepath.Base(in))
		if err := e.WriteFile(out, 0o755); err != nil {
			t.Fatal(err)
		}
		if !testfiles.HaveTool("readelf") {
			continue
		}
		noshdr := strings.Contains(n, "noshdr")
		if d := cmp.Diff(replaceNames(dynSymNames(t, in, noshdr), m), dynSymNames(t, out, noshdr)); d != "" {
			t.Errorf("%s: readelf --dyn-syms names (-want +got):\n%s", n, d)
		}
		if _, errOut := tool(t, "readelf", "-a", "-W", out); errOut != "" && !strings.Contains(n, "noshdr") {
			t.Errorf("%s: readelf -a -W: %s", n, errOut)
		}
		if testfiles.HaveTool("eu-elflint") && !strings.Contains(n, "noshdr") {
			for _, l := range newElflintMessages(t, in, out) {
				t.Errorf("%s: eu-elflint --gnu-ld: new message %q", n, l)
			}
		}
	}
}

// sampleLibs returns the sample libraries in testdata of this package's
// class: several machines, both byte orders, with and without section
// headers, with DT_HASH only or with both hash tables.
func sampleLibs(tb testing.TB) []string {
	tb.Helper()
	var out []string
	for _, n := range []string{"aarch64", "arm", "i386", "mips", "mips.noshdr", "ppc64", "riscv64", "s390x", "x86_64", "x86_64.noshdr"} {
		p := testfiles.Testdata(tb, "libhello-"+n+".so")
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		if len(b) > elfkit.EI_CLASS && elfkit.Class(b[elfkit.EI_CLASS]) == Class {
			out = append(out, p)
		}
	}
	return out
}

// growMessages are what eu-elflint says of two things Editor.grow does
// not do yet, which are not the rename's: a section symbol in .symtab
// whose section grow moved (.dynstr, .dynamic) keeps the old address, and
// the new read-write segment holds only read-only sections on machines
// whose .dynamic is read-only (MIPS).
var growMessages = regexp.MustCompile(`^section \[ *\d+\] '\.symtab': symbol \d+ \(\): st_value out of bounds$|` +
	`^loadable segment \[\d+\] is writable but contains no writable sections$`)

// newElflintMessages returns the messages of eu-elflint --gnu-ld on out
// that it does not print for in.
func newElflintMessages(t *testing.T, in, out string) []string {
	t.Helper()
	before, after := elflintSet(t, in), elflintSet(t, out)
	var msgs []string
	for l := range after {
		if !before[l] && !growMessages.MatchString(l) {
			msgs = append(msgs, l)
		}
	}
	sort.Strings(msgs)
	return msgs
}

// readNames returns the dynamic symbols' names, renamed by m, sorted.
func readNames(t *testing.T, f *File, m map[string]string) []string {
	t.Helper()
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range syms.All() {
		n, err := syms.Name(s)
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := m[n]; ok && n != "" {
			n = v
		}
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// replaceNames applies m to readelf's NAME@VERSION names.
func replaceNames(names []string, m map[string]string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		base, ver, _ := strings.Cut(n, "@")
		if v, ok := m[base]; ok {
			base = v
		}
		out[i] = base
		if ver != "" || strings.Contains(n, "@") {
			out[i] += "@" + ver
		}
	}
	sort.Strings(out)
	return out
}

// hostSample returns the sample library of this package's class for the
// x86 family (GNU and SysV hash, versions, little-endian).
func hostSample(t *testing.T) string {
	if Class == elfkit.ELFCLASS64 {
		return testfiles.Testdata(t, "libhello-x86_64.so")
	}
	return testfiles.Testdata(t, "libhello-i386.so")
}

// reorderingRename returns a rename that moves the last hashed symbol
// into the bucket of the first one, so that the symbols must be reordered.
func reorderingRename(t *testing.T, f *File) map[string]string {
	t.Helper()
	gh, err := f.GNUHash()
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	first, last := int(gh.SymOffset()), syms.Len()-1
	name := func(i int) string {
		n, err := syms.Name(syms.At(i))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	nb := gh.NumBuckets()
	b0 := elfkit.GNUHash(name(first)) % nb
	if last < first+2 || elfkit.GNUHash(name(last))%nb == b0 {
		t.Fatalf("the sample's last hashed symbol %q is in the first bucket", name(last))
	}
	for i := 0; ; i++ {
		n := fmt.Sprintf("%s_moved_%d", name(last), i)
		if elfkit.GNUHash(n)%nb == b0 {
			return map[string]string{name(last): n}
		}
	}
}

func TestEditRenameMalformed(t *testing.T) {
	data, e := readEditor(t, hostSample(t))
	f := e.File()
	_, ghs, _ := f.SectionByType(elfkit.SHT_GNU_HASH)
	_, hs, _ := f.SectionByType(elfkit.SHT_HASH)
	_, ds, _ := f.SectionByType(elfkit.SHT_DYNSYM)
	var rs Shdr // the first relocation section
	if shdrs, err := f.SectionHeaders(); err == nil {
		for _, s := range shdrs.All() {
			if (s.Type() == elfkit.SHT_RELA || s.Type() == elfkit.SHT_REL) && s.Size() > 0 {
				rs = s
				break
			}
		}
	}
	// A name that moves a symbol to another GNU hash bucket, so that the
	// symbols must be reordered.
	moved := reorderingRename(t, f)
	put32 := func(off uint64, v uint32) func([]byte) {
		return func(b []byte) { p32(b[off:], v, false) }
	}
	for _, c := range []struct {
		name    string
		corrupt func([]byte)
		m       map[string]string
		want    error
	}{
		{"NUL in a new name", nil, map[string]string{"hello_fn_10": "a\x00b"}, elfkit.ErrBadString},
		{"GNU hash buckets", put32(uint64(ghs.Offset()), 1<<30), moved, elfkit.ErrTruncated},
		{"GNU hash symoffset", put32(uint64(ghs.Offset())+4, 1000), moved, elfkit.ErrTruncated},
		{"SysV hash nchain", put32(uint64(hs.Offset())+4, 3), moved, elfkit.ErrOutOfRange},
		{"symbol name offset", put32(uint64(ds.Offset())+5*SymSize, 1<<30), moved, elfkit.ErrOutOfRange},
		{"relocation symbol", func(b []byte) { putWord(b[uint64(rs.Offset())+wordSize:], false, uint64(RInfo(5000, 7))) }, moved, elfkit.ErrOutOfRange},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := bytes.Clone(data)
			if c.corrupt != nil {
				c.corrupt(in)
			}
			e, err := NewEditor(in)
			if err != nil {
				t.Fatal(err)
			}
			before := bytes.Clone(e.Bytes())
			err = e.RenameDynamicSymbols(c.m)
			if !errors.Is(err, c.want) {
				t.Errorf("RenameDynamicSymbols: %v, want %v", err, c.want)
			}
			var fe *elfkit.FormatError
			if err != nil && !errors.As(err, &fe) {
				t.Errorf("error %T is not a *elf.FormatError", err)
			}
			if !bytes.Equal(e.Bytes(), before) {
				t.Error("a failed rename changed the Editor's bytes")
			}
		})
	}
	// Reordering is refused on MIPS, whose .dynsym order follows the GOT.
	in := bytes.Clone(data)
	p16(in[18:], uint16(elfkit.EM_MIPS), false)
	e, err := NewEditor(in)
	if err != nil {
		t.Fatal(err)
	}
	before := bytes.Clone(e.Bytes())
	if err := e.RenameDynamicSymbols(moved); !errors.Is(err, elfkit.ErrUnsupported) || !bytes.Equal(e.Bytes(), before) {
		t.Errorf("renaming on MIPS: %v (changed: %v), want elf.ErrUnsupported", err, !bytes.Equal(e.Bytes(), before))
	}
	// A rename that needs no reordering is fine on MIPS.
	if err := e.RenameDynamicSymbols(map[string]string{"hello_fn_10": "hello_fn_10"}); err != nil {
		t.Errorf("renaming a symbol to its own name: %v", err)
	}
}

// TestEditRenameReorders checks, on a library GNU ld wrote, that a rename
// that moves a symbol to another GNU hash bucket reorders the symbols and
// keeps versions and relocations with them.
func TestEditRenameReorders(t *testing.T) {
	data, e := readEditor(t, hostSample(t))
	f := e.File()
	m := reorderingRename(t, f)
	m["hello_version"] = "hv" // two versions
	type symInfo struct {
		Name, Version string
		Value         uint64
		Relocs        []uint64 // r_offset of the relocations naming it
	}
	describe := func(f *File, m map[string]string) []symInfo {
		syms, err := f.DynamicSymbols()
		if err != nil {
			t.Fatal(err)
		}
		v, err := f.Versions()
		if err != nil {
			t.Fatal(err)
		}
		names, err := v.Names(nil)
		if err != nil {
			t.Fatal(err)
		}
		out := make([]symInfo, syms.Len())
		for i, s := range syms.All() {
			n, _ := syms.Name(s)
			if r, ok := m[n]; ok {
				n = r
			}
			out[i] = symInfo{Name: n, Value: uint64(s.Value())}
			if x := int(v.Versym().At(i).Index()); x < len(names) {
				out[i].Version = names[x].Name
			}
		}
		e := &Editor{img: f.data, f: f}
		relocs, err := e.dynamicRelocTables(syms)
		if err != nil {
			t.Fatal(err)
		}
		_ = eachRelocation(relocs, func(r Rel) error {
			out[r.Sym()].Relocs = append(out[r.Sym()].Relocs, uint64(r.Offset()))
			return nil
		})
		slices.SortFunc(out, func(a, b symInfo) int { return strings.Compare(a.Name+"@"+a.Version, b.Name+"@"+b.Version) })
		return out
	}
	want := describe(f, m)
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.RenameDynamicSymbols(m); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, describe(e.File(), nil)); d != "" {
		t.Errorf("symbols with their versions and relocations (-want +got):\n%s", d)
	}
	order := func(f *File) []string {
		syms, _ := f.DynamicSymbols()
		var out []string
		for _, s := range syms.All() {
			n, _ := syms.Name(s)
			out = append(out, n)
		}
		return out
	}
	if slices.Equal(replaceNames(order(f), m), order(e.File())) {
		t.Error("the symbols were not reordered: the test no longer moves a symbol to another bucket")
	}
	if err := checkHashLookups(e.File()); err != nil {
		t.Error(err)
	}
}

// FuzzEditorRename checks that renaming dynamic symbols in any input gives
// an error that leaves the bytes as they were, or a file that can be read
// again and whose hash tables find every symbol when the input's did.
func FuzzEditorRename(f *testing.F) {
	for _, p := range sampleLibs(f) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := NewEditor(data)
		if err != nil {
			return
		}
		syms, err := e.File().DynamicSymbols()
		if err != nil {
			return
		}
		var names []string
		for i, s := range syms.All() {
			if n, err := syms.Name(s); err == nil && n != "" && !slices.Contains(names, n) {
				names = append(names, n)
			}
			if len(names) == 3 || i > 64 {
				break
			}
		}
		if len(names) == 0 {
			return
		}
		m := map[string]string{names[0]: names[0] + "_renamed_by_the_fuzzer"}
		if len(names) > 1 {
			m[names[1]] = "x"
		}
		if len(names) > 2 {
			m[names[2]] = names[0]
		}
		wasOK := checkHashLookups(e.File()) == nil
		before := bytes.Clone(e.Bytes())
		if err := e.RenameDynamicSymbols(m); err != nil {
			if !bytes.Equal(e.Bytes(), before) {
				t.Fatalf("RenameDynamicSymbols failed (%v) and changed the bytes", err)
			}
			return
		}
		if _, err := NewFile(e.Bytes()); err != nil {
			t.Fatalf("the edited file cannot be read: %v", err)
		}
		if err := checkHashLookups(e.File()); wasOK && err != nil {
			t.Fatalf("after renaming: %v", err)
		}
	})
}

// TestEditRenameReusesStrings renames to names that .dynstr already holds,
// whole or as the end of a longer string: the file must not grow.
func TestEditRenameReusesStrings(t *testing.T) {
	data, e := readEditor(t, hostSample(t))
	m := map[string]string{"hello_fn_10": "fn_11", "hello_fn_20": "hello_fn_21", "hello_version": "version"}
	want := readNames(t, e.File(), m)
	if err := e.RenameDynamicSymbols(m); err != nil {
		t.Fatal(err)
	}
	if len(e.Bytes()) != len(data) {
		t.Errorf("the file grew from %d to %d bytes", len(data), len(e.Bytes()))
	}
	if d := cmp.Diff(want, readNames(t, e.File(), nil)); d != "" {
		t.Errorf("names (-want +got):\n%s", d)
	}
	if err := checkHashLookups(e.File()); err != nil {
		t.Error(err)
	}
}
