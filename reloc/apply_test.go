package reloc_test

import (
	"debug/dwarf"
	debugelf "debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/reloc"
)

// sectionNames returns the names of f's sections by index.
func sectionNames(t testing.TB, f *reloc.File) []string {
	t.Helper()
	var names []string
	if e := f.Elf64(); e != nil {
		shdrs, err := e.SectionHeaders()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range shdrs.All() {
			n, _ := e.SectionName(s)
			names = append(names, n)
		}
		return names
	}
	e := f.Elf32()
	shdrs, err := e.SectionHeaders()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range shdrs.All() {
		n, _ := e.SectionName(s)
		names = append(names, n)
	}
	return names
}

// relocatedDWARF builds debug/dwarf data from f's .debug_* sections with
// our relocations applied, the way debug/elf's DWARF method assembles it.
func relocatedDWARF(t testing.TB, f *reloc.File) (*dwarf.Data, error) {
	t.Helper()
	sec := map[string][]byte{}
	for i, name := range sectionNames(t, f) {
		suffix, ok := strings.CutPrefix(name, ".debug_")
		if !ok {
			if suffix, ok = strings.CutPrefix(name, ".zdebug_"); !ok {
				continue
			}
		}
		b, err := f.RelocatedSection(nil, i)
		if err != nil {
			return nil, fmt.Errorf("RelocatedSection(%s): %w", name, err)
		}
		sec[suffix] = b
	}
	d, err := dwarf.New(sec["abbrev"], nil, nil, sec["info"], sec["line"], nil, sec["ranges"], sec["str"])
	if err != nil {
		return nil, err
	}
	for suffix, b := range sec {
		switch suffix {
		case "abbrev", "info", "line", "ranges", "str":
		case "types":
			if err := d.AddTypes("types", b); err != nil {
				return nil, err
			}
		default:
			if err := d.AddSection(".debug_"+suffix, b); err != nil {
				return nil, err
			}
		}
	}
	return d, nil
}

type dwarfField struct {
	Attr  dwarf.Attr
	Class dwarf.Class
	Val   any
}

type dwarfEntry struct {
	Offset   dwarf.Offset
	Tag      dwarf.Tag
	Children bool
	Fields   []dwarfField
	Ranges   [][2]uint64
}

type dwarfLine struct {
	Address                                 uint64
	File                                    string
	Line, Column                            int
	IsStmt, BasicBlock, PrologueEnd, EndSeq bool
	EpilogueBegin                           bool
	OpIndex, ISA, Discriminator             int
}

type dwarfSummary struct {
	Entries []dwarfEntry
	Lines   map[dwarf.Offset][]dwarfLine
}

// summarize reads every entry, its ranges, and every line table of d.
func summarize(d *dwarf.Data) (dwarfSummary, error) {
	s := dwarfSummary{Lines: map[dwarf.Offset][]dwarfLine{}}
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return s, err
		}
		if e == nil {
			break
		}
		de := dwarfEntry{Offset: e.Offset, Tag: e.Tag, Children: e.Children}
		for _, f := range e.Field {
			de.Fields = append(de.Fields, dwarfField{f.Attr, f.Class, f.Val})
		}
		if e.Tag == dwarf.TagCompileUnit || e.Tag == dwarf.TagSubprogram || e.Tag == dwarf.TagLexDwarfBlock || e.Tag == dwarf.TagInlinedSubroutine {
			rs, err := d.Ranges(e)
			if err != nil {
				return s, fmt.Errorf("ranges of entry %#x: %w", e.Offset, err)
			}
			for _, rg := range rs {
				de.Ranges = append(de.Ranges, [2]uint64{rg[0], rg[1]})
			}
		}
		s.Entries = append(s.Entries, de)
		if e.Tag != dwarf.TagCompileUnit {
			continue
		}
		lr, err := d.LineReader(e)
		if err != nil {
			return s, fmt.Errorf("line table of unit %#x: %w", e.Offset, err)
		}
		if lr == nil {
			continue
		}
		var le dwarf.LineEntry
		for {
			if err := lr.Next(&le); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return s, fmt.Errorf("line table of unit %#x: %w", e.Offset, err)
			}
			l := dwarfLine{Address: le.Address, Line: le.Line, Column: le.Column, IsStmt: le.IsStmt,
				BasicBlock: le.BasicBlock, PrologueEnd: le.PrologueEnd, EndSeq: le.EndSequence,
				EpilogueBegin: le.EpilogueBegin, OpIndex: le.OpIndex, ISA: le.ISA, Discriminator: le.Discriminator}
			if le.File != nil {
				l.File = le.File.Name
			}
			s.Lines[e.Offset] = append(s.Lines[e.Offset], l)
		}
	}
	return s, nil
}

// debugElfDiffers lists the machines whose debug sections use relocations
// debug/elf skips (it applies only absolute words): RISC-V's label
// differences (ADD/SUB/SET pairs) in DW_AT_high_pc, line programs and
// frame tables. They are checked against readelf instead.
func debugElfDiffers(m elf.Machine) bool { return m == elf.EM_RISCV }

// debugElfSkips reports why debug/elf's DWARF would not apply one of f's
// relocations that Apply (like readelf) does: for RELA machines it skips
// symbols that are undefined, absolute or common (whose st_value it
// ignores) and negative addends.
func debugElfSkips(t *testing.T, f *reloc.File) string {
	names := sectionNames(t, f)
	for tab, err := range f.Tables() {
		if err != nil || !tab.HasAddends() || tab.Target() >= len(names) {
			continue
		}
		if n := names[tab.Target()]; !strings.HasPrefix(n, ".debug_") && !strings.HasPrefix(n, ".zdebug_") {
			continue
		}
		syms, err := f.Symbols(tab)
		if err != nil {
			continue
		}
		for _, r := range tab.All() {
			if r.Addend < 0 {
				return fmt.Sprintf("negative addend at %#x in %s", r.Offset, names[tab.Section()])
			}
			if r.Sym == 0 {
				continue
			}
			s, err := syms.Symbol(r.Sym)
			if err == nil && s.Value != 0 && (s.Section == uint32(elf.SHN_UNDEF) || s.Section >= uint32(elf.SHN_LORESERVE)) {
				return fmt.Sprintf("symbol %q in section %#x, in %s", s.Name, s.Section, names[tab.Section()])
			}
		}
	}
	return ""
}

// compareDWARF checks that debug/dwarf over our relocated sections gives
// the same entries, ranges and line tables as debug/elf's DWARF method.
func compareDWARF(t *testing.T, p string) {
	f, err := reloc.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if debugElfDiffers(f.Machine()) {
		t.Skipf("debug/elf skips %v's label-difference relocations; see TestApplyReadelf", f.Machine())
	}
	if why := debugElfSkips(t, f); why != "" {
		t.Skipf("debug/elf skips relocations here (%s); see TestApplyReadelf", why)
	}
	ef, err := debugelf.Open(p)
	if err != nil {
		t.Skipf("debug/elf cannot open it: %v", err)
	}
	defer ef.Close()
	wantData, err := ef.DWARF()
	if err != nil {
		t.Skipf("debug/elf: %v", err)
	}
	want, err := summarize(wantData)
	if err != nil {
		t.Fatalf("debug/elf DWARF: %v", err)
	}
	gotData, err := relocatedDWARF(t, f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := summarize(gotData)
	if err != nil {
		t.Fatalf("reloc DWARF: %v", err)
	}
	if len(got.Entries) == 0 {
		t.Fatal("no DWARF entries")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DWARF of %s (-debug/elf +reloc):\n%s", p, diff)
	}
}

// TestApplyDWARF: for gcc -g -c objects of every cross compiler, Go
// external-link objects and debug/elf's own test objects, debug/dwarf over
// RelocatedSection's output equals debug/elf's DWARF.
func TestApplyDWARF(t *testing.T) {
	for _, s := range crossObjects(t) {
		t.Run(s.name, func(t *testing.T) { compareDWARF(t, s.path) })
	}
	for _, arch := range goObjectArchs() {
		t.Run("go-"+arch+".o", func(t *testing.T) { compareDWARF(t, goObject(t, arch)) })
	}
	for _, s := range append(append(gorootTestdata(t), moduleObjects(t)...), mcObjects(t)...) {
		t.Run(s.name, func(t *testing.T) { compareDWARF(t, s.path) })
	}
}

// readelfDIE is one debugging information entry as readelf prints it.
type readelfDIE struct {
	Offset uint64
	Attrs  []string // normalized values, in order
}

// parseReadelfInfo parses readelf --debug-dump=info, which applies the
// relocations of ET_REL objects itself (RISC-V pairs included).
func parseReadelfInfo(out string) []readelfDIE {
	var dies []readelfDIE
	for _, line := range strings.Split(out, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "<") && strings.Contains(t, ">: Abbrev Number: ") {
			// " <1><2e>: Abbrev Number: 1 (DW_TAG_base_type)"
			parts := strings.SplitN(t, ">", 3)
			off, _ := strconv.ParseUint(strings.TrimPrefix(parts[1], "<"), 16, 64)
			if strings.Contains(t, "Abbrev Number: 0") {
				continue // a null entry
			}
			dies = append(dies, readelfDIE{Offset: off})
			continue
		}
		if len(dies) == 0 || !strings.HasPrefix(t, "<") {
			continue
		}
		// "<31>   DW_AT_name        : (indirect string, offset: 0x44): long int"
		_, v, ok := strings.Cut(t, ": ")
		if !ok {
			_, v, _ = strings.Cut(t, ":")
		}
		d := &dies[len(dies)-1]
		d.Attrs = append(d.Attrs, normalizeReadelfValue(strings.TrimSpace(v)))
	}
	return dies
}

func normalizeReadelfValue(v string) string {
	if strings.HasPrefix(v, "(indirect") {
		if _, s, ok := strings.Cut(v, "): "); ok {
			return "str:" + s
		}
	}
	if strings.HasPrefix(v, "<0x") {
		n, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(v, "<0x"), ">"), 16, 64)
		if err == nil {
			return "num:" + strconv.FormatUint(n, 10)
		}
	}
	if i := strings.Index(v, " byte block: "); i >= 0 {
		bytes := v[i+len(" byte block: "):]
		if j := strings.IndexByte(bytes, '\t'); j >= 0 {
			bytes = bytes[:j]
		}
		var out []string
		for _, b := range strings.Fields(bytes) {
			n, _ := strconv.ParseUint(b, 16, 8)
			out = append(out, strconv.FormatUint(n, 16))
		}
		return "block:" + strings.Join(out, " ")
	}
	first := v
	if i := strings.IndexAny(v, " \t"); i >= 0 {
		first = v[:i]
	}
	if n, err := strconv.ParseUint(strings.TrimPrefix(first, "0x"), 16, 64); err == nil && strings.HasPrefix(first, "0x") {
		return "num:" + strconv.FormatUint(n, 10)
	}
	if n, err := strconv.ParseInt(first, 10, 64); err == nil {
		return "num:" + strconv.FormatUint(uint64(n), 10)
	}
	return "str:" + v
}

// ourDIEs renders debug/dwarf's entries like normalizeReadelfValue.
func ourDIEs(d *dwarf.Data) ([]readelfDIE, error) {
	var dies []readelfDIE
	r := d.Reader()
	for {
		e, err := r.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return dies, nil
		}
		if e.Tag == 0 {
			continue
		}
		die := readelfDIE{Offset: uint64(e.Offset)}
		for _, f := range e.Field {
			var v string
			switch x := f.Val.(type) {
			case string:
				v = "str:" + strings.TrimSpace(x)
			case int64:
				v = "num:" + strconv.FormatUint(uint64(x), 10)
			case uint64:
				v = "num:" + strconv.FormatUint(x, 10)
			case dwarf.Offset:
				v = "num:" + strconv.FormatUint(uint64(x), 10)
			case bool:
				v = "num:0"
				if x {
					v = "num:1"
				}
			case []byte:
				var out []string
				for _, b := range x {
					out = append(out, strconv.FormatUint(uint64(b), 16))
				}
				v = "block:" + strings.Join(out, " ")
			default:
				v = fmt.Sprintf("%T:%v", x, x)
			}
			die.Attrs = append(die.Attrs, v)
		}
		dies = append(dies, die)
	}
}

// readelfLine is one row of readelf --debug-dump=decodedline.
type readelfLine struct {
	File    string
	Line    string // "-" at the end of a sequence
	Address uint64
	Stmt    bool
}

func parseReadelfLines(out string) []readelfLine {
	var lines []readelfLine
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if len(f) < 3 || strings.HasSuffix(f[0], ":") || f[0] == "File" || f[0] == "Contents" || f[0] == "CU:" {
			continue
		}
		if f[1] != "-" {
			if _, err := strconv.Atoi(f[1]); err != nil {
				continue
			}
		}
		a, err := strconv.ParseUint(strings.TrimPrefix(f[2], "0x"), 16, 64)
		if err != nil {
			continue
		}
		lines = append(lines, readelfLine{File: path.Base(f[0]), Line: f[1], Address: a, Stmt: f[len(f)-1] == "x"})
	}
	return lines
}

func ourLines(s dwarfSummary, units []dwarf.Offset) []readelfLine {
	var out []readelfLine
	for _, u := range units {
		for _, l := range s.Lines[u] {
			rl := readelfLine{File: path.Base(l.File), Line: strconv.Itoa(l.Line), Address: l.Address, Stmt: l.IsStmt}
			if l.EndSeq {
				rl.Line, rl.Stmt = "-", false
			}
			out = append(out, rl)
		}
	}
	return out
}

// compareReadelfDWARF checks entries and line tables against readelf's
// dumps of the object, which relocate on their own.
func compareReadelfDWARF(t *testing.T, p string) {
	f, err := reloc.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := relocatedDWARF(t, f)
	if err != nil {
		t.Fatal(err)
	}
	got, err := ourDIEs(d)
	if err != nil {
		t.Fatal(err)
	}
	want := parseReadelfInfo(readelfRelocs(t, "--debug-dump=info", p))
	if len(want) == 0 {
		t.Fatal("readelf printed no entries")
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("readelf --debug-dump=info %s (-readelf +reloc):\n%s", p, diff)
	}

	s, err := summarize(d)
	if err != nil {
		t.Fatal(err)
	}
	var units []dwarf.Offset
	for _, e := range s.Entries {
		if e.Tag == dwarf.TagCompileUnit {
			units = append(units, e.Offset)
		}
	}
	wantLines := parseReadelfLines(readelfRelocs(t, "--debug-dump=decodedline", "-W", p))
	gotLines := ourLines(s, units)
	if diff := cmp.Diff(wantLines, gotLines); diff != "" {
		t.Errorf("readelf --debug-dump=decodedline %s (-readelf +reloc):\n%s", p, diff)
	}
}

// TestApplyReadelf compares the DWARF of our relocated gcc -g -c objects
// with readelf's dumps, which apply relocations themselves: the check for
// machines where debug/elf's DWARF is incomplete (RISC-V), and a second
// opinion for the others.
func TestApplyReadelf(t *testing.T) {
	needReadelf(t)
	for _, s := range append(append(append(crossObjects(t), gorootTestdata(t)...), moduleObjects(t)...), mcObjects(t)...) {
		t.Run(s.name, func(t *testing.T) { compareReadelfDWARF(t, s.path) })
	}
}

// neutralized returns a copy of the object at p in which every .debug_*
// section and .eh_frame holds what RelocatedSection makes of it and the
// relocation sections that apply to them no longer do (their sh_type
// becomes SHT_PROGBITS). readelf's debug dumps of the copy and of the original
// then agree exactly when our relocations agree with readelf's, for every
// debug section, frames and ranges included. ok is false for objects
// with compressed debug sections, which cannot be rewritten in place.
func neutralized(t *testing.T, p string) (copyPath string, ok bool) {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := reloc.NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte(nil), data...)
	names := sectionNames(t, f)
	var shoff, shentsize uint64
	order := binary.ByteOrder(binary.LittleEndian)
	if f.BigEndian() {
		order = binary.BigEndian
	}
	if f.Class() == elf.ELFCLASS64 {
		shoff, shentsize = order.Uint64(data[40:]), uint64(order.Uint16(data[58:]))
	} else {
		shoff, shentsize = uint64(order.Uint32(data[32:])), uint64(order.Uint16(data[46:]))
	}
	isDebug := map[int]bool{}
	for i, n := range names {
		if !strings.HasPrefix(n, ".debug_") && n != ".eh_frame" {
			if strings.HasPrefix(n, ".zdebug_") {
				return "", false
			}
			continue
		}
		var off, size uint64
		var flags uint64
		if e := f.Elf64(); e != nil {
			s, _ := e.Section(i)
			off, size, flags = uint64(s.Offset()), uint64(s.Size()), uint64(s.Flags())
		} else {
			s, _ := f.Elf32().Section(i)
			off, size, flags = uint64(s.Offset()), uint64(s.Size()), uint64(s.Flags())
		}
		if flags&uint64(elf.SHF_COMPRESSED) != 0 {
			return "", false
		}
		b, err := f.RelocatedSection(nil, i)
		if err != nil {
			t.Fatalf("RelocatedSection(%s): %v", n, err)
		}
		if uint64(len(b)) != size {
			t.Fatalf("RelocatedSection(%s): %d bytes, want %d", n, len(b), size)
		}
		copy(out[off:], b)
		isDebug[i] = true
	}
	for tab, err := range f.Tables() {
		if err != nil || !isDebug[tab.Target()] {
			continue
		}
		order.PutUint32(out[shoff+uint64(tab.Section())*shentsize+4:], uint32(elf.SHT_PROGBITS))
	}
	copyPath = filepath.Join(t.TempDir(), filepath.Base(p))
	if err := os.WriteFile(copyPath, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return copyPath, true
}

// TestApplyReadelfAllDebug checks every debug section (frames, ranges,
// location lists, macros, ... not only what debug/dwarf reads) by comparing
// readelf --debug-dump of each object with that of a copy holding our
// relocated sections and no debug relocations.
func TestApplyReadelfAllDebug(t *testing.T) {
	needReadelf(t)
	for _, s := range append(append(append(append(crossObjects(t), gorootTestdata(t)...), moduleObjects(t)...), mcObjects(t)...), raceObjects(t)...) {
		t.Run(s.name, func(t *testing.T) {
			cp, ok := neutralized(t, s.path)
			if !ok {
				t.Skip("compressed debug sections")
			}
			want, warnings := readelfWithWarnings(t, "--debug-dump", "-W", s.path)
			if skip := readelfSkipsApplied(t, s.path, warnings); skip != "" {
				t.Skipf("readelf does not apply %s, which Apply does", skip)
			}
			got := readelfRelocs(t, "--debug-dump", "-W", cp)
			if !strings.Contains(want, "Contents of the") {
				t.Fatal("readelf printed no debug sections")
			}
			if diff := cmp.Diff(dumpLines(want), dumpLines(got)); diff != "" {
				t.Errorf("readelf --debug-dump: original (-) vs our relocated sections (+):\n%s", diff)
			}
		})
	}
}

// dumpLines splits a readelf dump into lines, without blank lines and the
// warning readelf adds to sections that have relocations.
func dumpLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" && !strings.Contains(l, "This section has relocations") {
			out = append(out, l)
		}
	}
	return out
}

// readelfWithWarnings runs readelf, returning its output and its warnings.
func readelfWithWarnings(t *testing.T, args ...string) (string, string) {
	t.Helper()
	var out, errb strings.Builder
	cmd := exec.Command("readelf", args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Logf("readelf %v: %v", args, err)
	}
	return out.String(), errb.String()
}

var reUnsupported = regexp.MustCompile(`unable to apply unsupported reloc type (\d+)`)

// readelfSkipsApplied returns the name of a relocation type that readelf
// said it could not apply and that Apply applies, or "".
func readelfSkipsApplied(t *testing.T, path, warnings string) string {
	f, err := reloc.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, m := range reUnsupported.FindAllStringSubmatch(warnings, -1) {
		typ, _ := strconv.ParseUint(m[1], 10, 32)
		h, ok := reloc.Lookup(f.Machine(), f.Class(), uint32(typ))
		if !ok || !h.CanApply() {
			continue
		}
		b := make([]byte, 16)
		if err := applyOne(f, uint32(typ), b); err == nil && !allZero(b) {
			return h.Name
		}
	}
	return ""
}

// applyOne applies a relocation of type typ with addend 1 and no symbol to
// b, to tell types that write something from those Apply leaves alone.
func applyOne(f *reloc.File, typ uint32, b []byte) error {
	var rela []byte
	order := binary.AppendByteOrder(binary.LittleEndian)
	if f.BigEndian() {
		order = binary.BigEndian
	}
	kind := reloc.RELA
	if f.Class() == elf.ELFCLASS64 {
		rela = order.AppendUint64(rela, 4)
		rela = order.AppendUint64(rela, uint64(typ))
		rela = order.AppendUint64(rela, 1)
	} else {
		rela = order.AppendUint32(rela, 4)
		rela = order.AppendUint32(rela, typ&0xff)
		rela = order.AppendUint32(rela, 1)
	}
	tab, err := reloc.NewTable(rela, kind, f.Machine(), f.Class(), f.BigEndian())
	if err != nil {
		return err
	}
	return f.Apply(b, tab)
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
