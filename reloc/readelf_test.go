package reloc_test

import (
	"bufio"
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
	"github.com/elfkit/elf/reloc"
)

// relEntry is one relocation as readelf -r -W prints it.
type relEntry struct {
	Offset   uint64
	Info     uint64
	Type     string
	Type2    string // 64-bit MIPS
	Type3    string
	HasSym   bool
	IFunc    bool // readelf shows "name()" instead of the value of an STT_GNU_IFUNC symbol
	SymValue uint64
	SymName  string // with @version or @@version for versioned dynamic symbols
	Addend   string // RELA: "+ 10", "- 8", or the bare hex readelf prints without a symbol
}

// relTable is one relocation table as readelf prints it.
type relTable struct {
	Name    string // section name, or 'REL', 'RELA', 'RELR', 'PLT' with -D
	Offset  uint64 // file offset readelf states
	Entries []relEntry
	RELR    []uint64
}

var (
	reSection = regexp.MustCompile("^Relocation section '(.*)' at offset 0x([0-9a-f]+) contains")
	reDynamic = regexp.MustCompile("^'([A-Z]+)' relocation section at offset 0x([0-9a-f]+) contains")
)

// parseReadelf parses the output of readelf -r -W (or -D -r -W).
func parseReadelf(out string, is64 bool) ([]relTable, error) {
	var tables []relTable
	var cur *relTable
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := reSection.FindStringSubmatch(line); m != nil {
			off, _ := strconv.ParseUint(m[2], 16, 64)
			tables = append(tables, relTable{Name: m[1], Offset: off})
			cur = &tables[len(tables)-1]
			continue
		}
		if m := reDynamic.FindStringSubmatch(line); m != nil {
			off, _ := strconv.ParseUint(m[2], 16, 64)
			tables = append(tables, relTable{Name: m[1], Offset: off})
			cur = &tables[len(tables)-1]
			continue
		}
		if cur == nil {
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "", strings.HasPrefix(trimmed, "Offset"), strings.HasSuffix(trimmed, " offsets"),
			strings.HasPrefix(trimmed, "Index:"):
			continue
		case strings.HasPrefix(trimmed, "Type2:"):
			if n := len(cur.Entries); n > 0 {
				cur.Entries[n-1].Type2 = strings.TrimSpace(strings.TrimPrefix(trimmed, "Type2:"))
			}
			continue
		case strings.HasPrefix(trimmed, "Type3:"):
			if n := len(cur.Entries); n > 0 {
				cur.Entries[n-1].Type3 = strings.TrimSpace(strings.TrimPrefix(trimmed, "Type3:"))
			}
			continue
		}
		fields := strings.Fields(line)
		if len(fields) == 1 { // a RELR offset
			v, err := strconv.ParseUint(fields[0], 16, 64)
			if err != nil {
				return nil, fmt.Errorf("RELR line %q: %v", line, err)
			}
			cur.RELR = append(cur.RELR, v)
			continue
		}
		if len(fields) < 3 {
			return nil, fmt.Errorf("unexpected line %q", line)
		}
		var e relEntry
		var err error
		if e.Offset, err = strconv.ParseUint(fields[0], 16, 64); err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
		if e.Info, err = strconv.ParseUint(fields[1], 16, 64); err != nil {
			return nil, fmt.Errorf("line %q: %v", line, err)
		}
		// The rest of the line starts after the type.
		rest := afterFields(line, 2)
		if strings.HasPrefix(rest, "unrecognized: ") {
			f := strings.Fields(rest)
			e.Type = f[0] + " " + f[1]
			rest = afterFields(rest, 2)
		} else {
			e.Type = fields[2]
			rest = afterFields(rest, 1)
		}
		rest = strings.TrimSpace(rest)
		sym := e.Info >> 8
		if is64 {
			sym = e.Info >> 32
		}
		if sym != 0 && rest != "" {
			e.HasSym = true
			v, after, _ := strings.Cut(rest, " ")
			if strings.HasSuffix(v, "()") {
				e.IFunc = true
			} else if e.SymValue, err = strconv.ParseUint(v, 16, 64); err != nil {
				return nil, fmt.Errorf("line %q: symbol value: %v", line, err)
			}
			name := after
			if i := max(strings.LastIndex(after, " + "), strings.LastIndex(after, " - ")); i >= 0 {
				name, e.Addend = after[:i], strings.TrimSpace(after[i:])
			}
			e.SymName = strings.TrimSpace(name)
		} else {
			e.Addend = rest
		}
		cur.Entries = append(cur.Entries, e)
	}
	return tables, sc.Err()
}

// afterFields returns s after its first n space-separated fields, without
// the spaces that follow them.
func afterFields(s string, n int) string {
	for ; n > 0; n-- {
		s = strings.TrimLeft(s, " ")
		if i := strings.IndexByte(s, ' '); i >= 0 {
			s = s[i:]
		} else {
			s = ""
		}
	}
	return strings.TrimLeft(s, " ")
}

// caretEscape writes control characters as readelf prints them: ^A for
// 0x01, ^? for 0x7f.
func caretEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20:
			b.WriteByte('^')
			b.WriteByte(c + 0x40)
		case c == 0x7f:
			b.WriteString("^?")
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// readelfTypeName maps a type name of the vocabulary (debug/elf's names) to
// the one GNU readelf 2.40 prints where they differ: the same type, two
// spellings.
func readelfTypeName(m elf.Machine, name string) string {
	switch name {
	case "R_X86_64_JMP_SLOT":
		return "R_X86_64_JUMP_SLOT"
	case "R_386_JMP_SLOT":
		return "R_386_JUMP_SLOT"
	case "R_ARM_THM_PC22":
		return "R_ARM_THM_CALL"
	case "R_ARM_SWI24":
		return "R_ARM_TLS_DESC"
	case "R_ARM_PC13":
		return "R_ARM_LDR_PC_G0"
	case "R_ARM_GOTOFF":
		return "R_ARM_GOTOFF32"
	case "R_ARM_GOTPC":
		return "R_ARM_BASE_PREL"
	case "R_ARM_GOT32":
		return "R_ARM_GOT_BREL"
	case "R_ARM_AMP_VCALL9":
		return "R_ARM_BREL_ADJ"
	case "R_AARCH64_TLSDESC_LD64_LO12_NC":
		return "R_AARCH64_TLSDESC_LD64_LO12"
	case "R_AARCH64_TLSDESC_ADD_LO12_NC":
		return "R_AARCH64_TLSDESC_ADD_LO12"
	case "R_390_GOTPLTOFF16":
		return "R_390_PLTOFF16"
	case "R_390_GOTPLTOFF32":
		return "R_390_PLTOFF32"
	case "R_390_GOTPLTOFF64":
		return "R_390_PLTOFF64"
	}
	return name
}

// ourTables renders what reloc decodes in readelf's terms.
func ourTables(t *testing.T, f *reloc.File, names func(int) string, sectionName func(uint32) string, dynamic bool) []relTable {
	t.Helper()
	var out []relTable
	add := func(tab reloc.Table, name string, off uint64) {
		rt := relTable{Name: name, Offset: off}
		if tab.Kind() == reloc.RELR {
			for _, r := range tab.All() {
				rt.RELR = append(rt.RELR, r.Offset)
			}
			out = append(out, rt)
			return
		}
		syms, err := f.Symbols(tab)
		if err != nil {
			t.Errorf("%s: Symbols: %v", name, err)
		}
		for _, r := range tab.All() {
			e := relEntry{Offset: r.Offset, Info: r.Info, Type: readelfTypeName(f.Machine(), reloc.TypeName(f.Machine(), r.Type))}
			if f.Machine() == elf.EM_MIPS && f.Class() == elf.ELFCLASS64 {
				e.Type2 = reloc.TypeName(f.Machine(), uint32(r.Type2))
				e.Type3 = reloc.TypeName(f.Machine(), uint32(r.Type3))
			}
			if r.Sym != 0 {
				s, err := syms.Symbol(r.Sym)
				if err != nil {
					t.Errorf("%s: symbol %d: %v", name, r.Sym, err)
				}
				e.HasSym, e.SymValue = true, s.Value
				if s.Type() == elf.STT_GNU_IFUNC {
					e.IFunc, e.SymValue = true, 0
				}
				e.SymName = caretEscape(s.Name)
				if s.Type() == elf.STT_SECTION && s.Name == "" {
					e.SymName = sectionName(s.Section)
				}
				if s.Version != "" {
					if s.DefaultVersion {
						e.SymName += "@@" + s.Version
					} else {
						e.SymName += "@" + s.Version
					}
				}
				e.SymName = strings.TrimSpace(e.SymName)
				if tab.HasAddends() {
					if r.Addend < 0 {
						e.Addend = "- " + strconv.FormatUint(uint64(-r.Addend), 16)
					} else {
						e.Addend = "+ " + strconv.FormatUint(uint64(r.Addend), 16)
					}
				}
			} else if tab.HasAddends() {
				a := uint64(r.Addend)
				if f.Class() == elf.ELFCLASS32 {
					a = uint64(uint32(a))
				}
				e.Addend = strconv.FormatUint(a, 16)
			}
			rt.Entries = append(rt.Entries, e)
		}
		out = append(out, rt)
	}
	if dynamic {
		d, err := f.DynamicTables()
		if err != nil {
			t.Fatalf("DynamicTables: %v", err)
		}
		// readelf -D prints REL, RELA, RELR, then PLT.
		for _, x := range []struct {
			tab  reloc.Table
			name string
		}{{d.Rel, "REL"}, {d.Rela, "RELA"}, {d.Relr, "RELR"}, {d.PLT, "PLT"}} {
			if x.tab.Len() > 0 {
				add(x.tab, x.name, 0)
			}
		}
		return out
	}
	for tab, err := range f.Tables() {
		if err != nil {
			t.Errorf("Tables: %v", err)
			continue
		}
		off := uint64(0)
		if f.Elf64() != nil {
			s, _ := f.Elf64().Section(tab.Section())
			off = uint64(s.Offset())
		} else {
			s, _ := f.Elf32().Section(tab.Section())
			off = uint64(s.Offset())
		}
		if tab.Len() == 0 && tab.Kind() != reloc.RELR {
			continue // readelf does not list empty sections
		}
		add(tab, names(tab.Section()), off)
	}
	return out
}

func readelfRelocs(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command("readelf", args...)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Logf("readelf %v: %v\n%s", args, err, firstLines(string(ee.Stderr), 3))
		} else {
			t.Fatalf("readelf: %v", err)
		}
	}
	return string(out)
}

// compareReadelf checks every relocation section of path, and its dynamic
// tables, against GNU readelf.
func compareReadelf(t *testing.T, path string) {
	t.Helper()
	f, err := reloc.Open(path)
	if err != nil {
		t.Skipf("Open: %v", err)
	}
	defer f.Close()
	is64 := f.Class() == elf.ELFCLASS64
	names := func(i int) string {
		if f.Elf64() != nil {
			s, _ := f.Elf64().Section(i)
			n, _ := f.Elf64().SectionName(s)
			return n
		}
		s, _ := f.Elf32().Section(i)
		n, _ := f.Elf32().SectionName(s)
		return n
	}
	secName := func(i uint32) string { return names(int(i)) }

	want, err := parseReadelf(readelfRelocs(t, "-r", "-W", path), is64)
	if err != nil {
		t.Fatal(err)
	}
	got := ourTables(t, f, names, secName, false)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("readelf -r -W %s (-readelf +reloc):\n%s", path, diff)
	}

	if f.Type() == elf.ET_REL {
		return
	}
	want, err = parseReadelf(readelfRelocs(t, "-D", "-r", "-W", path), is64)
	if err != nil {
		t.Fatal(err)
	}
	got = ourTables(t, f, names, secName, true)
	// -D prints the file offset of each table; we compare contents.
	for i := range want {
		want[i].Offset = 0
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("readelf -D -r -W %s (-readelf +reloc):\n%s", path, diff)
	}
}

func needReadelf(t *testing.T) {
	t.Helper()
	if !testfiles.HaveTool("readelf") {
		t.Skip("readelf not installed")
	}
}

// TestReadelfCross compares with readelf on objects, PIE executables and
// shared objects built by the cross compilers: every machine but LoongArch
// and SPARC, both classes and byte orders, REL and RELA, RELR.
func TestReadelfCross(t *testing.T) {
	needReadelf(t)
	for _, s := range append(crossObjects(t), crossLinked(t)...) {
		t.Run(s.name, func(t *testing.T) { compareReadelf(t, s.path) })
	}
}

// TestReadelfGo compares with readelf on the ET_REL objects the Go linker
// writes for external linking (LoongArch and 64-bit little-endian MIPS
// among them) and on Go PIE executables.
func TestReadelfGo(t *testing.T) {
	needReadelf(t)
	for _, arch := range goObjectArchs() {
		t.Run(arch+".o", func(t *testing.T) { compareReadelf(t, goObject(t, arch)) })
	}
	// The GOARCH values whose Go linker makes PIEs without cgo.
	for _, arch := range []string{"amd64", "arm64", "loong64", "ppc64le"} {
		if testing.Short() {
			break // each needs the standard library built for PIE
		}
		t.Run(arch+".pie", func(t *testing.T) {
			compareReadelf(t, testfiles.GoBinary(t, arch, "-buildmode=pie"))
		})
	}
}

// TestReadelfGoroot compares with readelf on debug/elf's test objects,
// which include SPARC64, MIPS64 and PowerPC objects from other compilers,
// on the module's committed objects, on SPARC objects from llvm-mc and on
// the race detector's objects (LoongArch and RISC-V from a C compiler).
func TestReadelfGoroot(t *testing.T) {
	needReadelf(t)
	for _, s := range append(append(append(gorootTestdata(t), moduleObjects(t)...), mcObjects(t)...), raceObjects(t)...) {
		t.Run(s.name, func(t *testing.T) { compareReadelf(t, s.path) })
	}
}

// TestReadelfCorpus compares with readelf on the machine's ELF files (the
// module's testdata first; ELFKIT_CORPUS_MAX sets how many).
func TestReadelfCorpus(t *testing.T) {
	needReadelf(t)
	max := 1000
	if testing.Short() {
		max = 60
	}
	for _, p := range testfiles.Corpus(t, max) {
		fi, err := os.Stat(p)
		if err != nil || fi.Size() > 64<<20 && testing.Short() {
			continue
		}
		t.Run(filepath.Base(p), func(t *testing.T) { compareReadelf(t, p) })
	}
}
