// Package testfiles finds and builds sample ELF files for tests.
//
// Tests cross-check the readers against debug/elf and the GNU and elfutils
// tools on real files rather than on hand-made expectations. This package
// supplies those files: the ELF files already on the machine ([Corpus]),
// the module's committed samples ([Testdata]), Go programs built for any
// GOARCH ([GoBinary]), C compiled with a cross compiler ([CrossObject]) and
// objects too big to commit ([ManySections]). A missing cross compiler skips
// the test that asked for it; .ci/run installs all of them.
package testfiles

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// elfMagic is the start of e_ident of every ELF file.
const elfMagic = "\x7fELF"

// maxCorpusFileSize keeps multi-gigabyte debug files out of the corpus: they
// add time, not coverage.
const maxCorpusFileSize = 200 << 20

// shortCorpusMax is the corpus size under `go test -short`.
const shortCorpusMax = 300

// CorpusMaxEnv names the environment variable that, when set to an integer,
// replaces the max passed to [Corpus] (0 means all files). It wins over
// -short too.
const CorpusMaxEnv = "ELFKIT_CORPUS_MAX"

// Corpus returns paths of real ELF files to cross-check against: the
// module's testdata directories, the Go distribution's
// src/debug/elf/testdata, then everything under /usr/lib, /usr/bin and
// GOROOT. Only regular files (or symlinks to them) that start with the ELF
// magic and are at most 200 MB are listed, each real file once (a symlink
// or hard link to a file already listed is left out). Compressed files
// (.gz) are not unpacked.
//
// The order is deterministic for a given machine. max bounds the count
// (0 means all); under testing.Short the bound is at most 300; the
// ELFKIT_CORPUS_MAX environment variable overrides both. When the list is
// cut, the testdata files are kept first and the rest are taken evenly
// spread across the remaining list, so every directory stays represented.
//
// The directories are walked once per process.
func Corpus(tb testing.TB, max int) []string {
	tb.Helper()
	corpusOnce.Do(func() { corpusPriority, corpusRest = walkCorpus() })

	limit := max
	if testing.Short() && (limit <= 0 || limit > shortCorpusMax) {
		limit = shortCorpusMax
	}
	if s, ok := os.LookupEnv(CorpusMaxEnv); ok && s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			tb.Fatalf("testfiles: %s=%q is not a count", CorpusMaxEnv, s)
		}
		limit = n
	}
	out := pick(corpusPriority, corpusRest, limit)
	if len(out) == 0 {
		tb.Fatalf("testfiles: no ELF files found (looked in testdata, %s, /usr/lib, /usr/bin)", goroot())
	}
	return out
}

var (
	corpusOnce     sync.Once
	corpusPriority []string // testdata files, always kept first
	corpusRest     []string // system files
)

// pick returns at most limit paths (all if limit <= 0): priority first, then
// rest sampled at evenly spaced indexes.
func pick(priority, rest []string, limit int) []string {
	if limit <= 0 || len(priority)+len(rest) <= limit {
		return slices.Concat(priority, rest)
	}
	if len(priority) >= limit {
		return slices.Clone(priority[:limit])
	}
	n := limit - len(priority)
	out := slices.Clip(slices.Clone(priority))
	for i := range n {
		out = append(out, rest[i*len(rest)/n])
	}
	return out
}

func walkCorpus() (priority, rest []string) {
	root := goroot()
	seen := make(map[fileID]bool)
	var testdata []string
	if m := ModuleRoot(); m != "" {
		testdata = append(testdata, testdataDirs(m)...)
	}
	if root != "" {
		testdata = append(testdata, filepath.Join(root, "src", "debug", "elf", "testdata"))
	}
	for _, dir := range testdata {
		priority = appendELFFiles(priority, dir, seen)
	}
	system := []string{"/usr/lib", "/usr/bin"}
	if root != "" {
		system = append(system, root)
	}
	for _, dir := range system {
		rest = appendELFFiles(rest, dir, seen)
	}
	return priority, rest
}

// testdataDirs returns every directory named testdata under root, in lexical
// order, without descending into hidden directories.
func testdataDirs(root string) []string {
	var dirs []string
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
			return filepath.SkipDir
		}
		if name == "testdata" {
			dirs = append(dirs, path)
			return filepath.SkipDir
		}
		return nil
	})
	return dirs
}

// appendELFFiles walks dir in lexical order and appends the ELF files it
// holds that are not yet in seen.
func appendELFFiles(out []string, dir string, seen map[fileID]bool) []string {
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&^fs.ModeSymlink != 0 {
			return nil // device, pipe, socket
		}
		if strings.HasSuffix(path, ".gz") {
			return nil
		}
		fi, err := os.Stat(path) // follows a symlink; a dangling one fails
		if err != nil || !fi.Mode().IsRegular() || fi.Size() < int64(len(elfMagic)) || fi.Size() > maxCorpusFileSize {
			return nil
		}
		id := idOf(path, fi)
		if seen[id] {
			return nil
		}
		if !hasELFMagic(path) {
			return nil
		}
		seen[id] = true
		out = append(out, path)
		return nil
	})
	return out
}

func hasELFMagic(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	var b [len(elfMagic)]byte
	if _, err := io.ReadFull(f, b[:]); err != nil {
		return false
	}
	return string(b[:]) == elfMagic
}

// ModuleRoot returns the directory of the go.mod of module
// github.com/elfkit/elf, found by walking up from the working directory
// (go test runs each test binary in its package directory), or "" when the
// working directory is outside the module.
func ModuleRoot() string {
	moduleRootOnce.Do(func() {
		dir, err := os.Getwd()
		if err != nil {
			return
		}
		for {
			b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
			if err == nil && bytes.Contains(b, []byte("module github.com/elfkit/elf\n")) {
				moduleRoot = dir
				return
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				return
			}
			dir = parent
		}
	})
	return moduleRoot
}

var (
	moduleRootOnce sync.Once
	moduleRoot     string
)

// Testdata returns the path of name in the module's top-level testdata
// directory, failing the test if it does not exist.
func Testdata(tb testing.TB, name string) string {
	tb.Helper()
	root := ModuleRoot()
	if root == "" {
		tb.Fatalf("testfiles: cannot find the module root from the working directory")
	}
	path := filepath.Join(root, "testdata", name)
	if _, err := os.Stat(path); err != nil {
		tb.Fatalf("testfiles: %v (regenerate with testdata/gen.sh)", err)
	}
	return path
}

// HaveTool reports whether the named program is on PATH.
func HaveTool(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}

// helloGo is the program GoBinary builds: small, but with data, a
// goroutine, an interface call and a map, so the binary has the usual
// sections and a non-trivial symbol table.
const helloGo = `package main

import (
	"fmt"
	"os"
	"strings"
)

var greeting = "hello, elf"

type shouter interface{ shout(string) string }

type upper struct{}

func (upper) shout(s string) string { return strings.ToUpper(s) }

func main() {
	var s shouter = upper{}
	counts := map[string]int{}
	done := make(chan struct{})
	go func() {
		for _, f := range strings.Fields(greeting) {
			counts[f]++
		}
		close(done)
	}()
	<-done
	fmt.Fprintln(os.Stdout, s.shout(greeting), len(counts))
}
`

// GoBinary builds a small hello-world Go program for linux/goarch with
// CGO_ENABLED=0 and returns the executable's path. extra is passed to
// `go build` before the package (e.g. "-ldflags=-s -w", "-buildmode=pie",
// "-trimpath").
//
// Builds are cached: within a process by their arguments, and across
// processes in a directory under os.TempDir named by a hash of the
// arguments, the Go version and the program source, so the many test
// binaries of one `go test ./...` share them. The file is written under a
// temporary name and renamed into place, so concurrent builders are safe.
func GoBinary(tb testing.TB, goarch string, extra ...string) string {
	tb.Helper()
	if !HaveTool("go") {
		tb.Skip("testfiles: go command not on PATH")
	}
	key := cacheKey(append([]string{"gobinary", goVersion(), helloGo, goarch}, extra...)...)
	return cached(tb, key, "hello-"+goarch, func(dir, out string) error {
		for name, content := range map[string]string{
			"go.mod":  "module hello\n\ngo 1.22\n",
			"main.go": helloGo,
		} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
				return err
			}
		}
		args := append([]string{"build", "-o", out}, extra...)
		args = append(args, ".")
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			"CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch,
			"GOWORK=off", "GOFLAGS=", "GOTOOLCHAIN=local")
		if b, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("GOARCH=%s go %s: %v\n%s", goarch, strings.Join(args, " "), err, b)
		}
		return nil
	})
}

// ManySectionsCount is the number of sections .s0 ... named in the object
// [ManySections] assembles, more than SHN_LORESERVE (0xff00) - 1.
const ManySectionsCount = 65300

// ManySections assembles, with `<triple>-as` (the host's `as` when triple
// is ""), a relocatable object with more sections than e_shnum can count:
// ManySectionsCount sections named .s0, .s1, ..., so the object uses
// extended numbering (e_shnum == 0 and e_shstrndx == SHN_XINDEX, the real
// values in section header 0). The last one defines the global symbol
// "last", whose st_shndx is SHN_XINDEX with the index in .symtab_shndx;
// ".data" and the last section each hold a 4-byte relocation against it.
// Some assemblers (ARM) also emit a section symbol per section.
//
// asflags go to the assembler, e.g. "--32" for an i386 object from the
// host's x86-64 as. The object is 2.5 to 5 MB, too big for testdata/, and
// takes about a second to assemble; it is cached like [GoBinary]. The test
// is skipped when the assembler is not installed.
func ManySections(tb testing.TB, triple string, asflags ...string) string {
	tb.Helper()
	as := "as"
	if triple != "" {
		as = triple + "-as"
	}
	if !HaveTool(as) {
		tb.Skipf("testfiles: %s not installed (.ci/run installs it)", as)
	}
	version, err := exec.Command(as, "--version").Output()
	if err != nil {
		tb.Fatalf("testfiles: %s --version: %v", as, err)
	}
	version, _, _ = bytes.Cut(version, []byte("\n"))
	src := manySectionsSource()
	key := cacheKey(append([]string{"manysections", as, string(version), src}, asflags...)...)
	name := "many-sections.o"
	if triple != "" {
		name = "many-sections-" + triple + ".o"
	}
	return cached(tb, key, name, func(dir, out string) error {
		s := filepath.Join(dir, "many.s")
		if err := os.WriteFile(s, []byte(src), 0o644); err != nil {
			return err
		}
		args := append(slices.Clone(asflags), s, "-o", out)
		if b, err := exec.Command(as, args...).CombinedOutput(); err != nil {
			return fmt.Errorf("%s %s: %v\n%s", as, strings.Join(args, " "), err, b)
		}
		return nil
	})
}

func manySectionsSource() string {
	var b strings.Builder
	b.WriteString("\t.section .data,\"aw\"\n\t.4byte last\n")
	for i := range ManySectionsCount {
		fmt.Fprintf(&b, "\t.section .s%d,\"a\"\n", i)
	}
	b.WriteString("\t.globl last\nlast:\n\t.byte 1\n\t.4byte last\n")
	return b.String()
}

// cached returns the path of the file name built for key. Within a process
// the answer is remembered; across processes the file lives in
// os.TempDir()/elfkit-testfiles-<key>, so the many test binaries of one
// `go test ./...` share it. build gets a fresh scratch directory and the
// path to write; the result is renamed into place, so concurrent builders
// in other processes are safe and a failed build leaves nothing behind.
func cached(tb testing.TB, key, name string, build func(dir, out string) error) string {
	tb.Helper()
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if p, ok := cache[key]; ok {
		return p
	}
	dir := filepath.Join(os.TempDir(), "elfkit-testfiles-"+key)
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err == nil {
		cache[key] = path
		return path
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatalf("testfiles: %v", err)
	}
	scratch, err := os.MkdirTemp(dir, "build-")
	if err != nil {
		tb.Fatalf("testfiles: %v", err)
	}
	defer os.RemoveAll(scratch)
	tmp := filepath.Join(scratch, name)
	if err := build(scratch, tmp); err != nil {
		tb.Fatalf("testfiles: building %s: %v", name, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		tb.Fatalf("testfiles: %v", err)
	}
	cache[key] = path
	return path
}

var (
	cacheMu sync.Mutex
	cache   = make(map[string]string)
)

// goVersion is `go env GOVERSION` of the go command on PATH, which is the
// one that builds; it can differ from the version of the test binary.
var goVersion = sync.OnceValue(func() string {
	out, err := exec.Command("go", "env", "GOVERSION").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
})

// goroot is the GOROOT of the go command on PATH, or "" without one.
var goroot = sync.OnceValue(func() string {
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		if s := strings.TrimSpace(string(out)); s != "" {
			return s
		}
	}
	if fi, err := os.Stat("/usr/local/go"); err == nil && fi.IsDir() {
		return "/usr/local/go"
	}
	return ""
})

func cacheKey(parts ...string) string {
	h := sha256.New()
	for _, p := range parts {
		fmt.Fprintf(h, "%d:%s\x00", len(p), p)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// CrossObject compiles the C source csrc with `<triple>-gcc` (the host's
// `gcc` when triple is "") and returns the output's path, in a directory
// removed when the test ends. flags go to the compiler after the source
// file; they decide the output: with "-c" a relocatable object (out.o),
// with "-shared" a shared object (out.so), otherwise an executable (out).
// The test is skipped when the compiler is not installed.
//
// Examples of triples: i686-linux-gnu, aarch64-linux-gnu,
// arm-linux-gnueabihf, riscv64-linux-gnu, powerpc64-linux-gnu,
// s390x-linux-gnu, mips-linux-gnu.
func CrossObject(tb testing.TB, triple string, csrc string, flags ...string) string {
	tb.Helper()
	cc := "gcc"
	if triple != "" {
		cc = triple + "-gcc"
	}
	if !HaveTool(cc) {
		tb.Skipf("testfiles: %s not installed (.ci/run installs it)", cc)
	}
	dir := tb.TempDir()
	src := filepath.Join(dir, "src.c")
	if err := os.WriteFile(src, []byte(csrc), 0o644); err != nil {
		tb.Fatalf("testfiles: %v", err)
	}
	out := filepath.Join(dir, "out")
	switch {
	case slices.Contains(flags, "-c"):
		out += ".o"
	case slices.Contains(flags, "-shared"):
		out += ".so"
	}
	args := append([]string{src}, flags...)
	args = append(args, "-o", out)
	cmd := exec.Command(cc, args...)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			tb.Fatalf("testfiles: %s %s: %v\n%s", cc, strings.Join(args, " "), err, b)
		}
		tb.Fatalf("testfiles: running %s: %v", cc, err)
	}
	return out
}

// fileID identifies a file by device and inode where the platform has them,
// so that symlinks and hard links to a file already listed are skipped.
type fileID struct {
	dev, ino uint64
	path     string // fallback when there is no inode
}

// pathID identifies a file by its path with every symlink resolved.
func pathID(path string) fileID {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	return fileID{path: path}
}
