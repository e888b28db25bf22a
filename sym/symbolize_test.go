package sym_test

import (
	"bufio"
	"bytes"
	"debug/elf"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// symbolizeCase is a binary to symbolize and the binutils prefix of its
// architecture.
type symbolizeCase struct {
	name   string
	path   func(t *testing.T) string
	prefix string // "" for the host's binutils, else "<triple>-"
}

func symbolizeCases() []symbolizeCase {
	cases := []symbolizeCase{
		{"go", func(t *testing.T) string {
			if runtime.GOARCH != "amd64" && runtime.GOARCH != "386" {
				t.Skip("the host binutils read x86 only")
			}
			// Without DWARF, addr2line names functions from .symtab.
			return testfiles.GoBinary(t, runtime.GOARCH, "-ldflags=-w")
		}, ""},
		{"c-static", func(t *testing.T) string {
			src, err := os.ReadFile(testfiles.Testdata(t, "src/hello.c"))
			if err != nil {
				t.Fatal(err)
			}
			// Static glibc brings thousands of functions, IFUNCs and
			// aliases; no -g, so addr2line uses .symtab.
			return testfiles.CrossObject(t, "", string(src), "-O2", "-static")
		}, ""},
	}
	for _, a := range []struct{ arch, prefix string }{
		{"x86_64", ""}, {"i386", "i686-linux-gnu-"}, {"aarch64", "aarch64-linux-gnu-"},
		{"arm", "arm-linux-gnueabihf-"}, {"riscv64", "riscv64-linux-gnu-"},
		{"ppc64", "powerpc64-linux-gnu-"}, {"s390x", "s390x-linux-gnu-"}, {"mips", "mips-linux-gnu-"},
	} {
		for _, file := range []string{"hello-" + a.arch, "libhello-" + a.arch + ".so"} {
			cases = append(cases, symbolizeCase{file, func(t *testing.T) string { return testfiles.Testdata(t, file) }, a.prefix})
		}
	}
	return cases
}

// codeSymbol is a function symbol as debug/elf decodes it, at its code
// address.
type codeSymbol struct {
	name  string
	start uint64
	size  uint64
}

// codeSymbols lists the sized functions of path's .symtab (else .dynsym)
// at their code addresses, by symbol index: the Thumb bit cleared on ARM,
// the .opd descriptor followed on PowerPC64 ELFv1.
func codeSymbols(t *testing.T, path string) map[int]codeSymbol {
	f, err := elf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	syms, err := f.Symbols()
	if err != nil || len(syms) == 0 {
		if syms, err = f.DynamicSymbols(); err != nil {
			t.Fatal(err)
		}
	}
	var opd []byte
	var opdAddr uint64
	if s := f.Section(".opd"); s != nil && f.Machine == elf.EM_PPC64 && ppc64Flags(t, path)&3 != 2 {
		opd, _ = s.Data()
		opdAddr = s.Addr
	}
	out := map[int]codeSymbol{}
	for i, s := range syms {
		typ := elf.ST_TYPE(s.Info)
		if typ != elf.STT_FUNC && typ != elf.STT_GNU_IFUNC || s.Section == elf.SHN_UNDEF || s.Section == elf.SHN_ABS {
			continue
		}
		start := s.Value
		if f.Machine == elf.EM_ARM {
			start &^= 1
		}
		if opd != nil && start >= opdAddr && start+8 <= opdAddr+uint64(len(opd)) {
			start = f.ByteOrder.Uint64(opd[start-opdAddr:])
		}
		out[i+1] = codeSymbol{s.Name, start, s.Size}
	}
	return out
}

// addr2line runs <prefix>addr2line -f on the addresses and returns the
// function names it prints ("??" for none).
func addr2line(t *testing.T, prefix, path string, addrs []uint64) []string {
	tool := prefix + "addr2line"
	if !testfiles.HaveTool(tool) {
		t.Skipf("%s not installed", tool)
	}
	var in bytes.Buffer
	for _, a := range addrs {
		fmt.Fprintf(&in, "%#x\n", a)
	}
	cmd := exec.Command(tool, "-f", "-e", path)
	cmd.Stdin = &in
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", tool, err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 2*len(addrs) {
		t.Fatalf("%s printed %d lines for %d addresses", tool, len(lines), len(addrs))
	}
	names := make([]string, len(addrs))
	for i := range addrs {
		names[i] = lines[2*i]
	}
	return names
}

// TestSymbolizeAddr2line symbolizes addresses inside every function (the
// start, middle and last byte of a sized one, the start of one without a
// size; at most 3000 addresses per file) and
// compares the names with addr2line -f's, on a Go binary, a static C
// binary and the samples of every architecture (Thumb on ARM, function
// descriptors on PowerPC64 ELFv1). Where the two pick different aliases -
// symbols that start at the same address and both cover it - the test
// accepts either and counts them.
func TestSymbolizeAddr2line(t *testing.T) {
	for _, c := range symbolizeCases() {
		t.Run(c.name, func(t *testing.T) {
			path := c.path(t)
			funcs := codeSymbols(t, path)
			var addrs []uint64
			for _, s := range funcs {
				if s.size > 0 {
					addrs = append(addrs, s.start, s.start+s.size/2, s.start+s.size-1)
				} else {
					addrs = append(addrs, s.start)
				}
			}
			slices.Sort(addrs)
			addrs = slices.Compact(addrs)
			if n := len(addrs); n > 3000 {
				sample := make([]uint64, 3000)
				for i := range sample {
					sample[i] = addrs[i*n/len(sample)]
				}
				addrs = sample
			}
			if len(addrs) == 0 {
				t.Skip("no sized functions")
			}
			names := addr2line(t, c.prefix, path, addrs)

			tb := mustTables(t, path)
			sz, err := tb.symbolizer()
			if err != nil {
				t.Fatal(err)
			}
			covers := func(name string, start, a uint64) bool {
				for _, s := range funcs {
					if s.name == name && s.start == start && a-s.start < max(s.size, 1) {
						return true
					}
				}
				return false
			}
			var want, got []string
			aliases := 0
			for i, a := range addrs {
				s, off, ok := sz.Lookup(a)
				g := "??"
				if ok {
					g = s.Name
					if cs, known := funcs[s.Index]; known && cs.start+off != a {
						t.Errorf("%#x: %s+%#x, but %s starts at %#x", a, s.Name, off, s.Name, cs.start)
					}
				}
				w := strings.TrimSuffix(names[i], " (discriminator 1)")
				if g != w && ok && covers(w, a-off, a) {
					if aliases++; aliases <= 3 {
						t.Logf("%#x: addr2line %s, sym %s (%v %v)", a, w, g, s.Bind(), s.Type())
					}
					continue
				}
				want = append(want, fmt.Sprintf("%#x %s", a, w))
				got = append(got, fmt.Sprintf("%#x %s", a, g))
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("symbolization (-addr2line +sym):\n%s", d)
			}
			t.Logf("%d addresses, %d symbols indexed, %d resolved to another alias than addr2line's", len(addrs), sz.Len(), aliases)
		})
	}
}

// TestSymbolizeNM checks that the start of every sized text symbol nm -n
// lists symbolizes to offset 0 in one of the symbols nm lists at that
// address.
func TestSymbolizeNM(t *testing.T) {
	for _, c := range symbolizeCases() {
		if strings.HasPrefix(c.prefix, "powerpc64") {
			continue // nm lists ELFv1 functions at their descriptors; covered by addr2line
		}
		t.Run(c.name, func(t *testing.T) {
			path := c.path(t)
			tool := c.prefix + "nm"
			if !testfiles.HaveTool(tool) {
				t.Skipf("%s not installed", tool)
			}
			args := []string{"-n", "-S", "--defined-only", path}
			tb := mustTables(t, path)
			if tb.staticErr != nil {
				args = append([]string{"-D"}, args...)
			}
			out, err := exec.Command(tool, args...).Output()
			if err != nil {
				t.Fatalf("%s: %v", tool, err)
			}
			byAddr := map[uint64][]string{}
			var text []uint64
			sc := bufio.NewScanner(bytes.NewReader(out))
			for sc.Scan() {
				f := strings.Fields(sc.Text())
				if len(f) != 4 {
					continue // no size
				}
				addr, err1 := strconv.ParseUint(f[0], 16, 64)
				size, err2 := strconv.ParseUint(f[1], 16, 64)
				if err1 != nil || err2 != nil || size == 0 {
					continue
				}
				name := f[3]
				if tb.staticErr != nil {
					name, _, _ = strings.Cut(name, "@") // nm -D appends versions
				}
				byAddr[addr] = append(byAddr[addr], name)
				if strings.ContainsAny(f[2], "TtWwi") && len(byAddr[addr]) == 1 {
					text = append(text, addr)
				}
			}
			sz, err := tb.symbolizer()
			if err != nil {
				t.Fatal(err)
			}
			var want, got []string
			for _, a := range text {
				s, off, ok := sz.Lookup(a)
				if ok && off == 0 && slices.Contains(byAddr[a], s.Name) {
					continue
				}
				want = append(want, fmt.Sprintf("%#x+0 %v", a, byAddr[a]))
				got = append(got, fmt.Sprintf("%#x+%#x %s %v", a, off, s.Name, ok))
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("symbol starts (-nm +sym):\n%s", d)
			}
			t.Logf("%d text symbol starts", len(text))
		})
	}
}

// TestSymbolizeRules checks the documented choices on the x86-64 sample:
// gaps are not symbolized, a zero-size symbol covers up to the next
// symbol, and aliases resolve to the preferred symbol.
func TestSymbolizeRules(t *testing.T) {
	tb := mustTables(t, testfiles.Testdata(t, "hello-x86_64"))
	sz, err := tb.symbolizer()
	if err != nil {
		t.Fatal(err)
	}
	main, ok := tb.static.Lookup("main")
	if !ok {
		t.Fatal("no main")
	}
	if s, off, ok := sz.Lookup(main.Value + 1); !ok || s.Name != "main" || off != 1 {
		t.Errorf("Lookup(main+1) = %v+%d %v", s, off, ok)
	}
	if s, off, ok := sz.Lookup(0); ok {
		t.Errorf("Lookup(0) = %v+%d, want nothing", s, off)
	}
	if s, off, ok := sz.Lookup(^uint64(0)); ok {
		t.Errorf("Lookup(max) = %v+%d, want nothing", s, off)
	}
	// deregister_tm_clones (crtbegin.o) has no size: it covers the code up
	// to the next symbol.
	dtc, ok := tb.static.Lookup("deregister_tm_clones")
	if ok {
		t.Fatalf("Lookup found the local deregister_tm_clones: %v", dtc)
	}
	var zero, next uint64
	for _, s := range tb.static.All() {
		switch s.Name {
		case "deregister_tm_clones":
			if s.Size != 0 {
				t.Skipf("%v has a size", s)
			}
			zero = s.Value
		case "register_tm_clones":
			next = s.Value
		}
	}
	if zero == 0 || next <= zero+1 {
		t.Fatalf("deregister_tm_clones at %#x, register_tm_clones at %#x", zero, next)
	}
	if s, off, ok := sz.Lookup(next - 1); !ok || s.Name != "deregister_tm_clones" || off != next-1-zero {
		t.Errorf("Lookup(register_tm_clones-1) = %v+%d %v, want deregister_tm_clones", s, off, ok)
	}
	// __data_start (GLOBAL) and data_start (WEAK) alias, both NOTYPE and
	// zero-size: the global one wins.
	ds, ok := tb.static.Lookup("__data_start")
	if !ok {
		t.Fatal("no __data_start")
	}
	if s, off, ok := sz.Lookup(ds.Value); !ok || s.Name != "__data_start" || off != 0 {
		t.Errorf("Lookup(__data_start) = %v+%d %v", s, off, ok)
	}
	// _init has no size; it covers .init up to its end, not the code after.
	ini, ok := tb.static.Lookup("_init")
	if !ok || ini.Size != 0 {
		t.Fatalf("_init = %v %v", ini, ok)
	}
	if s, off, ok := sz.Lookup(ini.Value + 4); !ok || s.Name != "_init" || off != 4 {
		t.Errorf("Lookup(_init+4) = %v+%d %v", s, off, ok)
	}
}

// ppc64Flags returns e_flags of a 64-bit file, which debug/elf does not
// decode.
func ppc64Flags(t *testing.T, path string) uint32 {
	b, err := os.ReadFile(path)
	if err != nil || len(b) < 52 {
		t.Fatalf("reading e_flags of %s: %v", path, err)
	}
	if b[elf.EI_DATA] == byte(elf.ELFDATA2MSB) {
		return uint32(b[48])<<24 | uint32(b[49])<<16 | uint32(b[50])<<8 | uint32(b[51])
	}
	return uint32(b[51])<<24 | uint32(b[50])<<16 | uint32(b[49])<<8 | uint32(b[48])
}

// TestSymbolizeDynamic checks a file without section headers, which is
// symbolized from its dynamic symbols: every exported function of the
// sample resolves, from its middle, to itself or to an alias (the same
// address and size) that the file also defines.
func TestSymbolizeDynamic(t *testing.T) {
	for _, name := range []string{"libhello-x86_64.noshdr.so", "libhello-mips.noshdr.so"} {
		t.Run(name, func(t *testing.T) {
			tb := mustTables(t, testfiles.Testdata(t, name))
			if tb.staticErr == nil {
				t.Fatal("the file has a .symtab")
			}
			sz, err := tb.symbolizer()
			if err != nil {
				t.Fatal(err)
			}
			if !sz.Table().IsDynamic() {
				t.Fatal("the symbolizer does not use .dynsym")
			}
			n := 0
			for _, s := range tb.dyn.All() {
				if !s.Defined() || s.Type() != elfkit.STT_FUNC || s.Size == 0 {
					continue
				}
				got, off, ok := sz.Lookup(s.Value + s.Size/2)
				if !ok || got.Value != s.Value || got.Size != s.Size || off != s.Size/2 {
					t.Errorf("Lookup(%s+%d) = %s+%d %v", s, s.Size/2, got, off, ok)
				}
				n++
			}
			if n < 30 {
				t.Errorf("only %d functions", n)
			}
		})
	}
}
