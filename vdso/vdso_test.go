//go:build linux

package vdso

import (
	"bufio"
	"bytes"
	debugelf "debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/elfkit/elf/vdso/internal/dltest"
)

// processImage returns this process's vDSO image, skipping the test when
// the process has none.
func processImage(t testing.TB) *Image {
	t.Helper()
	im, err := Load()
	if errors.Is(err, ErrNoVDSO) {
		t.Skipf("no vDSO: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// vdsoMapping returns the [vdso] line of /proc/self/maps as start, end.
func vdsoMapping(t testing.TB) (start, end uintptr, ok bool) {
	t.Helper()
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		t.Skipf("no /proc/self/maps: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasSuffix(line, "[vdso]") {
			continue
		}
		lo, hi, _ := strings.Cut(strings.Fields(line)[0], "-")
		a, err1 := strconv.ParseUint(lo, 16, 64)
		b, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad maps line %q", line)
		}
		return uintptr(a), uintptr(b), true
	}
	return 0, 0, false
}

func TestMapping(t *testing.T) {
	im := processImage(t)
	start, end, ok := vdsoMapping(t)
	if !ok {
		t.Fatal("Load found a vDSO but /proc/self/maps has no [vdso] line")
	}
	page := uintptr(os.Getpagesize())
	size := uintptr(len(im.Bytes()))
	t.Logf("[vdso] %#x-%#x; image at %#x, %d bytes from its headers", start, end, im.Addr(), size)
	if im.Addr() != start {
		t.Errorf("image at %#x, [vdso] mapping starts at %#x", im.Addr(), start)
	}
	if rounded := (size + page - 1) &^ (page - 1); rounded != end-start {
		t.Errorf("image of %d bytes rounds up to %#x, [vdso] mapping is %#x bytes", size, rounded, end-start)
	}
	for _, s := range im.Symbols() {
		if s.Addr != 0 && (s.Addr < start || s.Addr >= im.Addr()+size) {
			t.Errorf("%v at %#x, outside the image %#x-%#x", s.Symbol(), s.Addr, start, im.Addr()+size)
		}
	}
}

// copyImage writes the process's image to a file and returns its path.
func copyImage(t *testing.T, im *Image) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "vdso.so")
	if err := os.WriteFile(path, im.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// dynsym is a dynamic symbol as each reader reports it, for cmp.Diff.
type dynsym struct {
	Name, Version string
	Hidden        bool
	Value, Size   uint64
	Info          uint8
	Section       uint16
}

func ourSymbols(t *testing.T, im *Image) []dynsym {
	t.Helper()
	var out []dynsym
	for _, s := range im.Symbols() {
		out = append(out, dynsym{s.Name, s.Version, s.Hidden, s.Value, s.Size, elf.ST_INFO(s.Bind, s.Type), uint16(s.Section)})
	}
	return out
}

func debugElfSymbols(t *testing.T, f *debugelf.File) []dynsym {
	t.Helper()
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	var out []dynsym
	for _, s := range syms {
		out = append(out, dynsym{s.Name, s.Version, s.HasVersion && s.VersionIndex.IsHidden(), s.Value, s.Size, s.Info, uint16(s.Section)})
	}
	return out
}

type verdef struct {
	Index uint16
	Name  string
	Base  bool
}

func ourVersions(im *Image) []verdef {
	var out []verdef
	for _, d := range im.defs {
		out = append(out, verdef{d.ndx, d.name, d.base})
	}
	return out
}

// TestDebugElf copies the image to a file and reads it with debug/elf: the
// copy must hold every section (so the extent from the headers is right),
// and debug/elf must see the symbols and versions the package sees.
func TestDebugElf(t *testing.T) {
	im := processImage(t)
	f, err := debugelf.Open(copyImage(t, im))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if len(f.Sections) == 0 {
		t.Error("the copy has no section headers: the extent left them out")
	}
	for _, s := range f.Sections {
		if s.Type == debugelf.SHT_NOBITS {
			continue
		}
		if _, err := s.Data(); err != nil {
			t.Errorf("section %s: %v", s.Name, err)
		}
	}
	if diff := cmp.Diff(debugElfSymbols(t, f), ourSymbols(t, im)); diff != "" {
		t.Errorf("dynamic symbols (-debug/elf +vdso):\n%s", diff)
	}
	dv, err := f.DynamicVersions()
	if err != nil {
		t.Fatal(err)
	}
	var want []verdef
	for _, d := range dv {
		want = append(want, verdef{d.Index, d.Name, d.Flags&debugelf.VER_FLG_BASE != 0})
	}
	if diff := cmp.Diff(want, ourVersions(im)); diff != "" {
		t.Errorf("version definitions (-debug/elf +vdso):\n%s", diff)
	}
	if f.Machine != debugelf.Machine(im.Machine()) || f.Class != debugelf.Class(im.Class()) {
		t.Errorf("debug/elf: %v %v; vdso: %v %v", f.Class, f.Machine, im.Class(), im.Machine())
	}
}

// readelfSymbol matches a line of readelf --dyn-syms -W.
var readelfSymbol = regexp.MustCompile(`^\s*(\d+): ([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+(\S+)\s+(\S+)\s+\S+\s+(\S+)\s+(\S+)`)

// TestReadelf reads the copied image with GNU readelf -a -W: no warnings,
// the same sections as debug/elf, and the symbols and version definitions
// the package sees.
func TestReadelf(t *testing.T) {
	if !testfiles.HaveTool("readelf") {
		t.Skip("readelf not installed (.ci/run installs binutils)")
	}
	im := processImage(t)
	path := copyImage(t, im)
	cmd := exec.Command("readelf", "-a", "-W", path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("readelf -a -W: %v\n%s", err, stderr.Bytes())
	}
	if stderr.Len() > 0 || bytes.Contains(out, []byte("Warning")) {
		t.Errorf("readelf -a -W warns about the copy:\n%s", stderr.Bytes())
	}
	text := string(out)

	// Sections: readelf's table against debug/elf's.
	f, err := debugelf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type section struct {
		Name       string
		Addr, Off  uint64
		Size       uint64
		Entsize    uint64
		Link, Info uint32
	}
	var fromDebugElf, fromReadelf []section
	for _, s := range f.Sections[1:] {
		fromDebugElf = append(fromDebugElf, section{s.Name, s.Addr, s.Offset, s.Size, s.Entsize, s.Link, s.Info})
	}
	secLine := regexp.MustCompile(`^\s*\[\s*(\d+)\] (\S+)\s+\S+\s+([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) [A-Za-z ]*?\s*(\d+)\s+(\d+)\s+\d+$`)
	for line := range strings.Lines(text) {
		m := secLine.FindStringSubmatch(strings.TrimRight(line, "\n"))
		if m == nil || m[1] == "0" {
			continue
		}
		hex := func(s string) uint64 { v, _ := strconv.ParseUint(s, 16, 64); return v }
		dec := func(s string) uint32 { v, _ := strconv.ParseUint(s, 10, 32); return uint32(v) }
		fromReadelf = append(fromReadelf, section{m[2], hex(m[3]), hex(m[4]), hex(m[5]), hex(m[6]), dec(m[7]), dec(m[8])})
	}
	if diff := cmp.Diff(fromDebugElf, fromReadelf); diff != "" {
		t.Errorf("sections (-debug/elf +readelf):\n%s", diff)
	}

	// Dynamic symbols, in readelf's spelling.
	var want []string
	inDynsym := false
	for line := range strings.Lines(text) {
		switch {
		case strings.HasPrefix(line, "Symbol table '.dynsym'"):
			inDynsym = true
			continue
		case inDynsym && strings.TrimSpace(line) == "":
			inDynsym = false
		}
		if m := readelfSymbol.FindStringSubmatch(line); inDynsym && m != nil && m[1] != "0" {
			want = append(want, strings.Join(m[1:], " "))
		}
	}
	var got []string
	for _, s := range im.Symbols() {
		name := s.Name
		// readelf prints no version after the symbol a version
		// definition makes (absolute, named like the version).
		if s.Version != "" && !(s.Section == elf.SHN_ABS && s.Name == s.Version) {
			if s.Hidden {
				name += "@" + s.Version
			} else {
				name += "@@" + s.Version
			}
		}
		ndx := strconv.Itoa(int(s.Section))
		switch s.Section {
		case elf.SHN_UNDEF:
			ndx = "UND"
		case elf.SHN_ABS:
			ndx = "ABS"
		}
		width := 16
		if im.Class() == elf.ELFCLASS32 {
			width = 8
		}
		got = append(got, fmt.Sprintf("%d %0*x %d %s %s %s %s", s.Index, width, s.Value, s.Size,
			strings.TrimPrefix(s.Type.String(), "STT_"), strings.TrimPrefix(s.Bind.String(), "STB_"), ndx, name))
	}
	if len(want) == 0 {
		t.Fatalf("no symbols parsed from readelf output:\n%s", text)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("dynamic symbols (-readelf +vdso):\n%s", diff)
	}

	// Version definitions.
	verLine := regexp.MustCompile(`Rev: \d+\s+Flags: (\S+)\s+Index: (\d+)\s+Cnt: \d+\s+Name: (\S+)`)
	var defs []verdef
	for _, m := range verLine.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[2])
		defs = append(defs, verdef{uint16(n), m[3], strings.Contains(m[1], "BASE")})
	}
	if diff := cmp.Diff(defs, ourVersions(im)); diff != "" {
		t.Errorf("version definitions (-readelf +vdso):\n%s", diff)
	}
}

// TestDlvsym compares every address the package resolves with what the C
// library's loader resolves for the same name and version.
func TestDlvsym(t *testing.T) {
	if !dltest.Available {
		t.Skip("built without cgo: cannot ask the C loader")
	}
	im := processImage(t)
	if _, err := dltest.Sym("__nonexistent", ""); err != nil {
		t.Skipf("the C loader does not know the vDSO: %v", err)
	}
	checked, found := 0, 0
	for _, s := range im.Symbols() {
		for _, version := range []string{s.Version, ""} {
			q := Symbol{s.Name, version}
			want, err := dltest.Sym(q.Name, q.Version)
			if err != nil {
				t.Fatal(err)
			}
			var got uintptr
			d, err := im.Find(q)
			switch {
			case err == nil:
				got = d.Addr
			case !errors.Is(err, ErrNotFound):
				t.Errorf("Find(%v): %v", q, err)
			}
			if got != want {
				t.Errorf("Find(%v) = %#x (%v), dlvsym = %#x", q, got, err, want)
			}
			isFunc := err == nil && d.Type == elf.STT_FUNC
			if fn, err := im.Lookup(q); isFunc && (err != nil || fn != want) || !isFunc && !errors.Is(err, ErrNotFound) {
				t.Errorf("Lookup(%v) = %#x, %v; dlvsym = %#x (%v)", q, fn, err, want, d.Type)
			}
			checked++
			if want != 0 {
				found++
			}
		}
	}
	if found == 0 {
		t.Error("dlvsym found none of the image's symbols")
	}
	t.Logf("%d symbol and version pairs agree with dlvsym/dlsym (%d found)", checked, found)
}

// TestFunctions resolves the architecture's table: every entry the image
// defines must resolve to the address of the symbol debug/elf finds.
func TestFunctions(t *testing.T) {
	im := processImage(t)
	f, err := debugelf.NewFile(bytes.NewReader(im.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	dsyms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	if len(Functions()) == 0 {
		t.Fatalf("no functions in the %v table", nativeMachine)
	}
	for _, s := range Functions() {
		var want uintptr
		for _, d := range dsyms {
			if d.Name == s.Name && d.Version == s.Version && debugelf.ST_TYPE(d.Info) == debugelf.STT_FUNC {
				want = im.Addr() + uintptr(d.Value)
			}
		}
		got, err := Lookup(s)
		switch {
		case want == 0 && errors.Is(err, ErrNotFound):
			t.Logf("%v: not in this kernel's vDSO", s)
		case err != nil:
			t.Errorf("Lookup(%v): %v", s, err)
		case got != want:
			t.Errorf("Lookup(%v) = %#x, want %#x", s, got, want)
		default:
			t.Logf("%v = %#x", s, got)
		}
	}
	// Every architecture's vDSO has these two.
	for _, s := range []Symbol{ClockGettime, Gettimeofday} {
		if _, err := Lookup(s); err != nil {
			t.Errorf("Lookup(%v): %v", s, err)
		}
	}
}

// TestRules checks what a lookup must not return, on the real image.
func TestRules(t *testing.T) {
	im := processImage(t)
	var version string
	for _, d := range im.defs {
		if !d.base {
			version = d.name
		}
	}
	if version == "" {
		t.Fatal("no version definition")
	}
	for _, tc := range []struct {
		s    Symbol
		want error
	}{
		{Symbol{}, ErrNotFound},
		{Symbol{version, version}, ErrNotFound},                                // the version's own absolute symbol
		{Symbol{version, ""}, ErrNotFound},                                     // ... also without a version
		{Symbol{ClockGettime.Name, ClockGettime.Version + ".99"}, ErrNotFound}, // no such version
		{Symbol{ClockGettime.Name, im.defs[0].name}, ErrNotFound},              // the base definition is no version
		{Symbol{"__vdso_nonexistent", ClockGettime.Version}, ErrNotFound},
	} {
		if _, err := im.Lookup(tc.s); !errors.Is(err, tc.want) {
			t.Errorf("Lookup(%v): %v, want %v", tc.s, err, tc.want)
		}
		if _, err := im.Find(tc.s); !errors.Is(err, tc.want) {
			t.Errorf("Find(%v): %v, want %v", tc.s, err, tc.want)
		}
		if _, err := im.Lookup(tc.s); !errors.Is(err, elf.ErrNotFound) {
			t.Errorf("Lookup(%v): %v does not wrap elf.ErrNotFound", tc.s, err)
		}
	}
	// The default version is the one asked for by name alone.
	a, err1 := im.Lookup(ClockGettime)
	b, err2 := im.Lookup(Symbol{Name: ClockGettime.Name})
	if err1 != nil || err2 != nil || a != b {
		t.Errorf("Lookup(%v) = %#x, %v; without version: %#x, %v", ClockGettime, a, err1, b, err2)
	}
}

func TestLookupAllocs(t *testing.T) {
	processImage(t)
	if n := testing.AllocsPerRun(100, func() {
		if _, err := Lookup(ClockGettime); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Errorf("Lookup allocates %v times per call", n)
	}
}

func TestSymbolString(t *testing.T) {
	for s, want := range map[Symbol]string{
		{"__vdso_time", "LINUX_2.6"}: "__vdso_time@LINUX_2.6",
		{"__vdso_time", ""}:          "__vdso_time",
	} {
		if got := s.String(); got != want {
			t.Errorf("%#v.String() = %q, want %q", s, got, want)
		}
	}
	for _, s := range Functions() {
		if s.Name == "" || s.Version != LinuxVersion {
			t.Errorf("table entry %#v", s)
		}
	}
}
