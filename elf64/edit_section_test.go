package elf64

import (
	"bytes"
	stdelf "debug/elf"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

// secFixture is a library and programs using it, built by the test with
// debugging information.
type secFixture struct {
	tg   target
	dir  string
	lib  string            // libfoo.so.1
	exes map[string]string // variant -> program
}

const (
	secLibSrc  = "int foo(int x) { return x * 6; }\n"
	secMainSrc = "#include <stdio.h>\nint foo(int);\nint main(void) { printf(\"foo=%d\\n\", foo(7)); puts(\"done\"); return 0; }\n"
)

// secRpath is a DT_RUNPATH too long for .dynstr of the fixture.
var secRpath = "/opt/" + strings.Repeat("a-long-directory-name/", 8) + "lib"

// newSectionFixture builds, with debugging information, a library and
// programs using it: PIE and not, with and without -z separate-code.
func newSectionFixture(t *testing.T) *secFixture {
	t.Helper()
	tg := linkTarget(t)
	for _, tool := range []string{"readelf", "objcopy", "eu-elflint"} {
		if !testfiles.HaveTool(tool) {
			t.Skipf("%s not installed", tool)
		}
	}
	dir := t.TempDir()
	fx := &secFixture{tg: tg, dir: dir, exes: map[string]string{}}
	cc := func(args ...string) {
		t.Helper()
		cmd := exec.Command(tg.cc, args...)
		if b, err := cmd.CombinedOutput(); err != nil || len(b) > 0 {
			t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
		}
	}
	lsrc, msrc := filepath.Join(dir, "foo.c"), filepath.Join(dir, "main.c")
	for p, src := range map[string]string{lsrc: secLibSrc, msrc: secMainSrc} {
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fx.lib = filepath.Join(dir, "libfoo.so.1")
	cc("-g", "-shared", "-fPIC", "-o", fx.lib, lsrc, "-Wl,-soname,libfoo.so.1")
	if err := os.Symlink("libfoo.so.1", filepath.Join(dir, "libfoo.so")); err != nil {
		t.Fatal(err)
	}
	for name, flags := range map[string][]string{
		"pie":           {"-fPIE", "-pie", "-Wl,-z,noseparate-code"},
		"pie-sepcode":   {"-fPIE", "-pie", "-Wl,-z,separate-code,-z,relro,-z,now"},
		"nopie":         {"-fno-PIE", "-no-pie", "-Wl,-z,noseparate-code"},
		"nopie-sepcode": {"-fno-PIE", "-no-pie", "-Wl,-z,separate-code"},
	} {
		out := filepath.Join(dir, name)
		cc(append(append([]string{"-g", "-o", out, msrc}, flags...), "-L"+dir, "-lfoo")...)
		fx.exes[name] = out
	}
	return fx
}

// secRow is a section as readelf -S -W shows it, without the place.
type secRow struct {
	Name, Type, Flags string
	Size              uint64
}

var secLine = regexp.MustCompile(`^\s*\[\s*\d+\]\s+(\S*)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*)\s+\d+\s+\d+\s+\d+$`)

// readelfSections returns the section list readelf -S -W prints.
func readelfSections(t *testing.T, path string) []secRow {
	t.Helper()
	out, errOut := tool(t, "readelf", "-S", "-W", path)
	if errOut != "" {
		t.Errorf("readelf -S -W %s: %s", path, errOut)
	}
	var rows []secRow
	for _, l := range strings.Split(out, "\n") {
		m := secLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		size, _ := strconv.ParseUint(m[3], 16, 64)
		rows = append(rows, secRow{m[1], m[2], m[4], size})
	}
	if len(rows) == 0 {
		t.Errorf("readelf -S -W %s: no sections:\n%s", path, out)
	}
	return rows
}

// checkLoadedSections checks, with debug/elf, that no PT_LOAD is writable and
// executable and that every loaded section lies in a PT_LOAD, at the file
// offset that maps to its address.
func checkLoadedSections(t *testing.T, path string) {
	t.Helper()
	f, err := stdelf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == stdelf.PT_LOAD && p.Flags&stdelf.PF_W != 0 && p.Flags&stdelf.PF_X != 0 {
			t.Errorf("%s: W+X PT_LOAD at %#x", path, p.Vaddr)
		}
	}
sections:
	for _, s := range f.Sections {
		if s.Flags&stdelf.SHF_ALLOC == 0 || s.Size == 0 || s.Type == stdelf.SHT_NOBITS {
			continue
		}
		for _, p := range f.Progs {
			if p.Type == stdelf.PT_LOAD && s.Addr >= p.Vaddr && s.Addr+s.Size <= p.Vaddr+p.Filesz && s.Offset-p.Off == s.Addr-p.Vaddr {
				continue sections
			}
		}
		t.Errorf("%s: section %s (%#x at %#x) is in no PT_LOAD", path, s.Name, s.Size, s.Addr)
	}
}

// sectionData returns a section's bytes as debug/elf reads them, or nil
// and false when the file has no such section.
func sectionData(t *testing.T, path, name string) ([]byte, bool) {
	t.Helper()
	f, err := stdelf.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s := f.Section(name)
	if s == nil {
		return nil, false
	}
	b, err := s.Data()
	if err != nil {
		t.Fatalf("%s: section %s: %v", path, name, err)
	}
	return b, true
}

// testNote encodes a note as the gABI lays it out, for objcopy and for
// comparison.
func testNote(order binary.AppendByteOrder, name string, typ uint32, desc []byte) []byte {
	pad := func(b []byte) []byte {
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		return b
	}
	b := order.AppendUint32(nil, uint32(len(name)+1))
	b = order.AppendUint32(b, uint32(len(desc)))
	b = order.AppendUint32(b, typ)
	b = pad(append(append(b, name...), 0))
	return pad(append(b, desc...))
}

func loadCount(t *testing.T, path string) int {
	l, _ := tool(t, "readelf", "-l", "-W", path)
	return strings.Count(l, "\n  LOAD ")
}

// writeChecked writes the Editor's file to out and checks it: the Builder
// writes the edited bytes back unchanged, readelf -a -W warns of nothing,
// loads more PT_LOAD segments than in (loads < 0: not checked), and the
// loaded sections lie in PT_LOAD segments (see checkLoadedSections).
func writeChecked(t *testing.T, e *Editor, in, out string, loads int) {
	t.Helper()
	if err := e.WriteFile(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, e.Bytes()) {
		t.Errorf("%s: the Builder did not write the edited bytes back unchanged", out)
	}
	if _, errOut := tool(t, "readelf", "-a", "-W", out); errOut != "" {
		t.Errorf("%s: readelf -a -W: %s", out, errOut)
	}
	if g, w := loadCount(t, out), loadCount(t, in)+loads; loads >= 0 && g != w {
		t.Errorf("%s: %d PT_LOAD, want %d", out, g, w)
	}
	checkLoadedSections(t, out)
}

// TestEditSections makes each section edit on programs and a library, and
// compares the result with objcopy making the same edit.
func TestEditSections(t *testing.T) {
	fx := newSectionFixture(t)
	order := binary.AppendByteOrder(binary.LittleEndian)
	if fx.tg.machine == elfkit.EM_PPC64 || fx.tg.machine == elfkit.EM_S390 {
		order = binary.BigEndian
	}
	blob := bytes.Repeat([]byte("elfkit section bytes\n"), 50)
	small := []byte("tiny")
	note := testNote(order, "GNU", 4, []byte("elfkit 1.0\x00"))            // NT_GNU_GOLD_VERSION
	smallNote := testNote(order, "GNU", 3, []byte{1, 2, 3, 4, 5, 6, 7, 8}) // an 8-byte NT_GNU_BUILD_ID
	bigNote := testNote(order, "GNU", 1, bytes.Repeat([]byte{7}, 40))
	file := func(name string, b []byte) string {
		p := filepath.Join(fx.dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fBlob, fSmall, fNote := file("blob", blob), file("small", small), file("note", note)
	fSmallNote, fBigNote := file("smallnote", smallNote), file("bignote", bigNote)
	type op struct {
		name    string
		objcopy []string
		edit    func(e *Editor) error
		section string // the section to read back
		want    []byte // its bytes; nil: it must be gone
		loads   int    // PT_LOAD segments added
		only    string // "lib" or "exe": only on those
	}
	ops := []op{
		{"add", []string{"--add-section", ".elfkit=" + fBlob},
			func(e *Editor) error { return e.AddSection(".elfkit", elfkit.SHT_PROGBITS, 0, 1, blob) }, ".elfkit", blob, 0, ""},
		{"add-alloc-r", []string{"--add-section", ".elfkit.r=" + fBlob, "--set-section-flags", ".elfkit.r=alloc,readonly,data"},
			func(e *Editor) error {
				return e.AddSection(".elfkit.r", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, 8, blob)
			}, ".elfkit.r", blob, 1, ""},
		{"add-alloc-rw", []string{"--add-section", ".elfkit.w=" + fSmall, "--set-section-flags", ".elfkit.w=alloc,data"},
			func(e *Editor) error {
				return e.AddSection(".elfkit.w", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE, 4, small)
			}, ".elfkit.w", small, 1, ""},
		{"add-alloc-rx", []string{"--add-section", ".elfkit.x=" + fSmall, "--set-section-flags", ".elfkit.x=alloc,readonly,code"},
			func(e *Editor) error {
				return e.AddSection(".elfkit.x", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, 16, small)
			}, ".elfkit.x", small, 1, ""},
		{"add-note", []string{"--add-section", ".note.GNU=" + fNote, "--set-section-flags", ".note.GNU=alloc,readonly,data"},
			func(e *Editor) error { return e.AddNote("GNU", 4, []byte("elfkit 1.0\x00")) }, ".note.GNU", note, 1, ""},
		{"remove-comment", []string{"--remove-section", ".comment"},
			func(e *Editor) error { return e.RemoveSection(".comment") }, ".comment", nil, 0, ""},
		{"remove-debug-info", []string{"--remove-section", ".debug_info"},
			func(e *Editor) error { return e.RemoveSection(".debug_info") }, ".debug_info", nil, 0, ""},
		{"update-bigger", []string{"--update-section", ".comment=" + fBlob},
			func(e *Editor) error { return e.ReplaceSection(".comment", blob) }, ".comment", blob, 0, ""},
		{"update-smaller", []string{"--update-section", ".debug_str=" + fSmall},
			func(e *Editor) error { return e.ReplaceSection(".debug_str", small) }, ".debug_str", small, 0, ""},
		// The library's build ID is a PT_NOTE of its own; the programs'
		// is followed by .note.ABI-tag (see TestEditSectionsRefused).
		{"update-note-smaller", []string{"--update-section", ".note.gnu.build-id=" + fSmallNote},
			func(e *Editor) error { return e.ReplaceSection(".note.gnu.build-id", smallNote) }, ".note.gnu.build-id", smallNote, 0, "lib"},
		// objcopy makes a broken file here (it moves the sections after
		// the note), but its section list is the one to have.
		{"update-note-bigger", []string{"--update-section", ".note.ABI-tag=" + fBigNote},
			func(e *Editor) error { return e.ReplaceSection(".note.ABI-tag", bigNote) }, ".note.ABI-tag", bigNote, 1, "exe"},
		// A loaded section at the end of the segment growth added grows in
		// place.
		{"add-update-bigger", []string{"--add-section", ".elfkit.r=" + fBlob, "--set-section-flags", ".elfkit.r=alloc,readonly,data"},
			func(e *Editor) error {
				if err := e.AddSection(".elfkit.r", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, 8, small); err != nil {
					return err
				}
				return e.ReplaceSection(".elfkit.r", blob)
			}, ".elfkit.r", blob, 1, ""},
		{"strip-debug", []string{"--strip-debug"},
			func(e *Editor) error { return e.StripDebug() }, ".debug_info", nil, 0, ""},
	}
	inputs := map[string]string{"lib": fx.lib}
	for k, v := range fx.exes {
		inputs[k] = v
	}
	want := fx.run(t, fx.exes["pie"])
	for _, o := range ops {
		t.Run(o.name, func(t *testing.T) {
			for variant, in := range inputs {
				if (o.only == "exe" && variant == "lib") || (o.only == "lib" && variant != "lib") {
					continue
				}
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
				writeChecked(t, e, in, ours, o.loads)
				theirs := in + "." + o.name + ".objcopy"
				cmd := exec.Command("objcopy", append(append([]string{}, o.objcopy...), in, theirs)...)
				if b, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
				}
				if d := cmp.Diff(readelfSections(t, theirs), readelfSections(t, ours)); d != "" {
					t.Errorf("%s: readelf -S -W (-objcopy +ours):\n%s", variant, d)
				}
				before, after := elflintSet(t, in), elflintSet(t, ours)
				for l := range after {
					if !before[l] {
						t.Errorf("%s: eu-elflint --gnu-ld: new message %q", variant, l)
					}
				}
				got, ok := sectionData(t, ours, o.section)
				if o.want == nil && ok {
					t.Errorf("%s: section %s is still there", variant, o.section)
				} else if o.want != nil && !bytes.Equal(got, o.want) {
					t.Errorf("%s: section %s is %q, want %q", variant, o.section, got, o.want)
				}
				if variant == "lib" {
					if got := fx.runWithLib(t, fx.exes["pie"], ours); got != want {
						t.Errorf("%s: output %q, want %q", variant, got, want)
					}
				} else if got := fx.run(t, ours); got != want {
					t.Errorf("%s: output %q, want %q", variant, got, want)
				}
			}
		})
	}
}

// run runs a program with the fixture's directory as LD_LIBRARY_PATH.
func (fx *secFixture) run(t *testing.T, path string) string {
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

// runWithLib runs exe with lib in place of the fixture's library.
func (fx *secFixture) runWithLib(t *testing.T, exe, lib string) string {
	t.Helper()
	saved := fx.lib + ".saved"
	if err := os.Rename(fx.lib, saved); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := os.Rename(saved, fx.lib); err != nil {
			t.Fatal(err)
		}
	}()
	b, err := os.ReadFile(lib)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(fx.lib, b, 0o755); err != nil {
		t.Fatal(err)
	}
	return fx.run(t, exe)
}

// TestEditSectionsGrowOnce makes several edits that each need a loaded
// segment, some with a new Editor over the result of the last: each
// reuses the segment added last when its flags allow, and the program
// still runs.
func TestEditSectionsGrowOnce(t *testing.T) {
	fx := newSectionFixture(t)
	for _, variant := range []string{"pie", "nopie-sepcode"} {
		in := fx.exes[variant]
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		e, err := NewEditor(data)
		if err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			edit  func() error
			loads int // PT_LOAD segments added so far
		}{
			{func() error { return e.AddSection(".r1", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, 8, []byte("one")) }, 1},
			{func() error { return e.AddSection(".r2", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, 8, []byte("two")) }, 1},
			{func() error { return e.AddNote("first", 1, []byte("note one")) }, 1},
			{func() error { return e.AddNote("second", 2, []byte("note two")) }, 1},
			{func() error {
				return e.AddSection(".x1", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, 16, []byte{0xc3})
			}, 2},
			{func() error { return growX1(e) }, 2},
			{func() error { return e.SetRpath(secRpath, false) }, 3},
			{func() error { return e.AddNote("third", 3, []byte("note three")) }, 3},
			{func() error { return e.AddNeeded("libdl.so.2", "libm.so.6", "libextra-with-a-long-name.so.1") }, 3},
			{func() error { return e.RemoveNeeded("libextra-with-a-long-name.so.1") }, 3},
			{func() error { return e.StripDebug() }, 3},
		}
		out := filepath.Join(fx.dir, variant+".grow")
		for i, s := range steps {
			if err := s.edit(); err != nil {
				t.Fatalf("%s: step %d: %v", variant, i, err)
			}
			writeChecked(t, e, in, out, s.loads)
			if i%2 == 1 {
				// A new Editor must recognize the segment growth added.
				if e, err = NewEditor(e.Bytes()); err != nil {
					t.Fatal(err)
				}
			}
		}
		notes, _ := tool(t, "readelf", "-n", "-W", out)
		for _, owner := range []string{"first", "second", "third"} {
			if !strings.Contains(notes, "\n  "+owner+" ") {
				t.Errorf("%s: readelf -n shows no note of %q:\n%s", variant, owner, notes)
			}
		}
		if r := dynLines(t, out, "RUNPATH"); len(r) != 1 || !strings.Contains(r[0], secRpath) {
			t.Errorf("%s: readelf -d RUNPATH: %q", variant, r)
		}
		for name, want := range map[string]string{".r1": "one", ".r2": "two", ".x1": x1} {
			if got, _ := sectionData(t, out, name); string(got) != want {
				t.Errorf("%s: section %s is %q, want %q", variant, name, got, want)
			}
		}
		if got, want := fx.run(t, out), fx.run(t, in); got != want {
			t.Errorf("%s: output %q, want %q", variant, got, want)
		}
	}
}

// x1 is what growX1 puts in section .x1.
var x1 = strings.Repeat("\x90", 100) + "\xc3"

// growX1 replaces section .x1, which ends the segment it is in, by longer
// contents, and checks that its address stays.
func growX1(e *Editor) error {
	_, s, err := e.File().SectionByName(".x1")
	if err != nil {
		return err
	}
	was := s.Addr()
	if err := e.ReplaceSection(".x1", []byte(x1)); err != nil {
		return err
	}
	if _, s, err = e.File().SectionByName(".x1"); err == nil && s.Addr() != was {
		return fmt.Errorf(".x1 moved from %#x to %#x", was, s.Addr())
	}
	return err
}

// TestEditSectionsRefused checks the edits that are refused, and that a
// refused edit leaves the Editor as it was.
func TestEditSectionsRefused(t *testing.T) {
	fx := newSectionFixture(t)
	data, err := os.ReadFile(fx.exes["pie"])
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		edit func() error
		want error
	}{
		{"remove .text", func() error { return e.RemoveSection(".text") }, elfkit.ErrUnsupported},
		{"remove .shstrtab", func() error { return e.RemoveSection(".shstrtab") }, elfkit.ErrUnsupported},
		{"remove .strtab", func() error { return e.RemoveSection(".strtab") }, elfkit.ErrBadLink},
		{"remove missing", func() error { return e.RemoveSection(".nothere") }, elfkit.ErrNotFound},
		{"grow .text", func() error { return e.ReplaceSection(".text", make([]byte, 1<<16)) }, elfkit.ErrUnsupported},
		{"replace .bss", func() error { return e.ReplaceSection(".bss", nil) }, elfkit.ErrUnsupported},
		{"shrink build-id", func() error { return e.ReplaceSection(".note.gnu.build-id", []byte{0}) }, elfkit.ErrUnsupported},
		{"add existing", func() error { return e.AddSection(".comment", elfkit.SHT_PROGBITS, 0, 1, nil) }, elfkit.ErrUnsupported},
		{"add W+X", func() error {
			return e.AddSection(".wx", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE|elfkit.SHF_EXECINSTR, 1, []byte{1})
		}, elfkit.ErrUnsupported},
		{"add TLS", func() error {
			return e.AddSection(".tls", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE|elfkit.SHF_TLS, 8, []byte{1})
		}, elfkit.ErrUnsupported},
		{"add NOBITS", func() error { return e.AddSection(".nb", elfkit.SHT_NOBITS, elfkit.SHF_ALLOC, 1, nil) }, elfkit.ErrUnsupported},
		{"add bad name", func() error { return e.AddSection("", elfkit.SHT_PROGBITS, 0, 1, nil) }, elfkit.ErrBadString},
		{"add bad align", func() error { return e.AddSection(".a", elfkit.SHT_PROGBITS, 0, 3, nil) }, elfkit.ErrOutOfRange},
	} {
		err := c.edit()
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if !bytes.Equal(e.Bytes(), data) {
			t.Fatalf("%s: the refused edit changed the file", c.name)
		}
	}

	// Without section headers, section edits are refused.
	f, err := NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	noSh := bytes.Clone(data)
	putWord(noSh[24+2*wordSize:], f.BigEndian(), 0)
	p16(noSh[EhdrSize-4:], 0, f.BigEndian())
	p16(noSh[EhdrSize-2:], 0, f.BigEndian())
	e, err = NewEditor(noSh)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.AddSection(".a", elfkit.SHT_PROGBITS, 0, 1, nil); !errors.Is(err, elfkit.ErrUnsupported) {
		t.Errorf("AddSection without section headers: %v", err)
	}
	if err := e.StripDebug(); !errors.Is(err, elfkit.ErrUnsupported) {
		t.Errorf("StripDebug without section headers: %v", err)
	}

	// A section past the end of the file: an error, nothing changed.
	bad := bytes.Clone(data)
	i, s, err := f.SectionByName(".comment")
	if err != nil {
		t.Fatal(err)
	}
	at := uint64(f.Ehdr().Shoff()) + uint64(i)*ShdrSize
	putShdr(bad[at:], f.BigEndian(), s.Name(), uint32(s.Type()), uint64(s.Flags()), 0, uint64(len(bad))-4, 64, 0, 0, 1, 1)
	if e, err = NewEditor(bad); err != nil {
		t.Fatal(err)
	}
	for name, fn := range map[string]func() error{
		"StripDebug":     e.StripDebug,
		"RemoveSection":  func() error { return e.RemoveSection(".debug_info") },
		"AddSection":     func() error { return e.AddSection(".a", elfkit.SHT_PROGBITS, 0, 1, nil) },
		"AddNote":        func() error { return e.AddNote("n", 1, nil) },
		"ReplaceSection": func() error { return e.ReplaceSection(".debug_str", nil) },
	} {
		if err := fn(); !errors.Is(err, elfkit.ErrTruncated) {
			t.Errorf("%s on a section past the end: %v, want ErrTruncated", name, err)
		}
		if !bytes.Equal(e.Bytes(), bad) {
			t.Errorf("%s on a section past the end changed the file", name)
		}
	}
}

// TestEditSectionsCross makes section edits on programs of other machines,
// of both byte orders, linked for 4 KiB pages, and runs them under qemu:
// where the maximum page size is 64 KiB (arm64, ppc64, arm, mips), the
// segment growth adds is aligned for 64 KiB pages.
func TestEditSectionsCross(t *testing.T) {
	type machine struct {
		triple, qemu string
		m            elfkit.Machine
	}
	machines := []machine{{"aarch64-linux-gnu", "qemu-aarch64", elfkit.EM_AARCH64},
		{"powerpc64-linux-gnu", "qemu-ppc64", elfkit.EM_PPC64}, {"s390x-linux-gnu", "qemu-s390x", elfkit.EM_S390}}
	if Class == elfkit.ELFCLASS32 {
		machines = []machine{{"arm-linux-gnueabihf", "qemu-arm", elfkit.EM_ARM}, {"mips-linux-gnu", "qemu-mips", elfkit.EM_MIPS}}
	}
	if !testfiles.HaveTool("readelf") {
		t.Skip("readelf not installed")
	}
	for _, mc := range machines {
		t.Run(mc.triple, func(t *testing.T) {
			cc := mc.triple + "-gcc"
			for _, tl := range []string{cc, mc.qemu} {
				if !testfiles.HaveTool(tl) {
					t.Skipf("%s not installed", tl)
				}
			}
			dir := t.TempDir()
			src := filepath.Join(dir, "hello.c")
			if err := os.WriteFile(src, []byte("#include <stdio.h>\nint main(void) { puts(\"hello\"); return 0; }\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			in := filepath.Join(dir, "hello")
			if b, err := exec.Command(cc, "-g", "-o", in, src, "-Wl,-z,max-page-size=4096").CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", cc, err, b)
			}
			data, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			e, err := NewEditor(data)
			if err != nil {
				t.Fatal(err)
			}
			if e.File().Ehdr().Machine() != mc.m {
				t.Fatalf("%s made a program for %v", cc, e.File().Ehdr().Machine())
			}
			for _, edit := range []func() error{
				func() error { return e.AddSection(".elfkit", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, 8, []byte("page")) },
				func() error { return e.AddNote("GNU", 4, []byte("elfkit 1.0\x00")) },
				func() error { return e.AddSection(".elfkit.info", elfkit.SHT_PROGBITS, 0, 1, []byte("info")) },
				func() error { return e.RemoveSection(".comment") },
				e.StripDebug,
			} {
				if err := edit(); err != nil {
					t.Fatal(err)
				}
			}
			out := filepath.Join(dir, "hello.out")
			writeChecked(t, e, in, out, 1)
			f, err := stdelf.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			var last *stdelf.Prog
			for _, p := range f.Progs {
				if p.Type == stdelf.PT_LOAD {
					last = p
				}
			}
			page := DefaultMaxPageSize(mc.m)
			if last == nil || last.Vaddr%page != 0 || last.Off%page != 0 || last.Align != page {
				t.Errorf("the added PT_LOAD: %+v, want %#x-aligned", last, page)
			}
			for name, want := range map[string]string{".elfkit": "page", ".elfkit.info": "info", ".debug_info": "", ".comment": ""} {
				if got, _ := sectionData(t, out, name); string(got) != want {
					t.Errorf("section %s is %q, want %q", name, got, want)
				}
			}
			if n, _ := tool(t, "readelf", "-n", "-W", out); !strings.Contains(n, "Version: elfkit 1.0") {
				t.Errorf("readelf -n shows no note:\n%s", n)
			}
			cmd := exec.Command(mc.qemu, "-L", "/usr/"+mc.triple, out)
			if b, err := cmd.CombinedOutput(); err != nil || string(b) != "hello\n" {
				t.Errorf("%s: %v\n%s", out, err, b)
			}
		})
	}
}

// TestEditSectionsExtendedNumbering edits a program whose e_phnum is
// PN_XNUM (the count in section 0's sh_info): the result has the usual
// numbering, since the count fits, and runs.
func TestEditSectionsExtendedNumbering(t *testing.T) {
	fx := newSectionFixture(t)
	in := fx.exes["pie-sepcode"]
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	big, phnum := f.BigEndian(), f.Ehdr().Phnum()
	p16(data[EhdrSize-8:], elfkit.PN_XNUM, big)
	// Section 0, all zeros from the linker, with the count in sh_info.
	putShdr(data[f.Ehdr().Shoff():], big, 0, 0, 0, 0, 0, 0, 0, uint32(phnum), 0, 0)
	xnum := filepath.Join(fx.dir, "xnum")
	if err := os.WriteFile(xnum, data, 0o755); err != nil {
		t.Fatal(err)
	}
	if h, _ := tool(t, "readelf", "-h", "-W", xnum); !strings.Contains(h, "65535 ("+strconv.Itoa(int(phnum))+")") {
		t.Fatalf("the input is not PN_XNUM-numbered:\n%s", h)
	}
	for name, edit := range map[string]func(e *Editor) error{
		"add-alloc": func(e *Editor) error {
			return e.AddSection(".elfkit", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, 8, []byte("xnum"))
		},
		"strip-debug": func(e *Editor) error { return e.StripDebug() },
	} {
		e, err := NewEditor(data)
		if err != nil {
			t.Fatal(err)
		}
		if err := edit(e); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out := xnum + "." + name
		writeChecked(t, e, in, out, -1)
		h, _ := tool(t, "readelf", "-h", "-W", out)
		want := int(phnum)
		if name == "add-alloc" {
			want++
		}
		if !strings.Contains(h, "Number of program headers:         "+strconv.Itoa(want)+"\n") {
			t.Errorf("%s: readelf -h:\n%s", name, h)
		}
		if got, w := fx.run(t, out), fx.run(t, in); got != w {
			t.Errorf("%s: output %q, want %q", name, got, w)
		}
	}
}

// TestEditAddProgramHeader adds a PT_GNU_STACK to a program that has none
// (its own made PT_NULL): the table moves and the program runs.
func TestEditAddProgramHeader(t *testing.T) {
	fx := newSectionFixture(t)
	in := fx.exes["nopie"]
	data, err := os.ReadFile(in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range phdrs.All() {
		if p.Type() == elfkit.PT_GNU_STACK {
			p32(p.b, uint32(elfkit.PT_NULL), f.BigEndian())
		}
	}
	e, err := NewEditor(data)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.addProgramHeader(elfkit.PT_GNU_STACK, elfkit.PF_R|elfkit.PF_W, 16); err != nil {
		t.Fatal(err)
	}
	out := in + ".stack"
	writeChecked(t, e, in, out, 1)
	if l, _ := tool(t, "readelf", "-l", "-W", out); !regexp.MustCompile(`GNU_STACK .* RW  0x10\n`).MatchString(l) {
		t.Errorf("readelf -l shows no PT_GNU_STACK RW:\n%s", l)
	}
	if got, want := fx.run(t, out), fx.run(t, in); got != want {
		t.Errorf("output %q, want %q", got, want)
	}
}

// FuzzEditorSections checks that the section edits on any input give an
// error that leaves the file as it was, or a file that can be read again,
// and never panic.
func FuzzEditorSections(f *testing.F) {
	addEditSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := NewEditor(data)
		if err != nil {
			return
		}
		for _, edit := range []func() error{
			func() error { return e.AddSection(".fuzz", elfkit.SHT_PROGBITS, 0, 1, []byte("fuzz")) },
			func() error { return e.AddSection(".fuzz.r", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, 8, []byte("fuzz")) },
			func() error { return e.AddNote("fuzz", 1, []byte("fuzz")) },
			func() error { return e.ReplaceSection(".comment", []byte("fuzz")) },
			func() error { return e.ReplaceSection(".note.gnu.build-id", make([]byte, 64)) },
			func() error { return e.RemoveSection(".comment") },
			e.StripDebug,
			func() error { return e.addProgramHeader(elfkit.PT_GNU_STACK, elfkit.PF_R|elfkit.PF_W, 16) },
		} {
			before := bytes.Clone(e.Bytes())
			if err := edit(); err != nil {
				if !bytes.Equal(before, e.Bytes()) {
					t.Fatalf("a failed edit changed the file: %v", err)
				}
				continue
			}
			if _, err := NewFile(e.Bytes()); err != nil {
				t.Fatalf("the edited file cannot be read: %v", err)
			}
		}
	})
}
