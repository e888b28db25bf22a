package elf64

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// TestBuilderManySections writes an object with more sections than
// e_shnum holds (e_shnum 0, e_shstrndx SHN_XINDEX, symbols through
// .symtab_shndx), links it with gcc and calls functions in sections below
// and above SHN_LORESERVE.
func TestBuilderManySections(t *testing.T) {
	if testing.Short() {
		t.Skip("70000 sections: not in -short")
	}
	tg := linkTarget(t)
	const n = 70000
	b := NewBuilder(elfkit.ET_REL, tg.machine)
	for i := range n {
		code := []byte{0xb8, byte(i), byte(i >> 8), byte(i >> 16), 0, 0xc3} // mov $i,%eax; ret
		sec := b.AddSection(".text.f"+strconv.Itoa(i), elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, code)
		b.AddSymbol("f"+strconv.Itoa(i), elfkit.STB_GLOBAL, elfkit.STT_FUNC, sec, 0, Xword(len(code)))
	}
	dir := t.TempDir()
	obj := filepath.Join(dir, "many.o")
	if err := b.WriteFile(obj, 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(obj)
	if err != nil {
		t.Fatal(err)
	}
	ef, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("debug/elf: %v", err)
	}
	if got, want := len(ef.Sections), len(b.SectionTable()); got != want || want < int(elfkit.SHN_LORESERVE) {
		t.Errorf("debug/elf reads %d sections, the builder wrote %d", got, want)
	}
	if h := ef.FileHeader; ef.Sections[0].Size != uint64(len(ef.Sections)) {
		t.Errorf("section 0 sh_size %d, header %+v", ef.Sections[0].Size, h)
	}
	if ef.Section(".symtab_shndx") == nil || ef.Section(".shstrtab") == nil {
		t.Errorf("no .symtab_shndx or .shstrtab")
	}
	// Our reader resolves SHN_XINDEX; debug/elf leaves it in Section.
	f, err := NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.Symbols()
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range syms.All() {
		if i == 0 {
			continue
		}
		name, _ := syms.Name(s)
		x, err := syms.SectionIndex(i)
		if err != nil {
			t.Fatal(err)
		}
		sec, err := f.Section(int(x))
		if err != nil {
			t.Fatal(err)
		}
		if sname, _ := f.SectionName(sec); sname != ".text."+name {
			t.Fatalf("symbol %d %q is in section %d %q", i, name, x, sname)
		}
	}
	if testfiles.HaveTool("readelf") {
		// readelf counts the sections from section 0 too.
		out, err := exec.Command("readelf", "-h", "-W", obj).CombinedOutput()
		if err != nil {
			t.Fatal(err)
		}
		if m := regexp.MustCompile(`Number of section headers:\s+0 \((\d+)\)`).FindSubmatch(out); m == nil || string(m[1]) != strconv.Itoa(len(b.SectionTable())) {
			t.Errorf("readelf -h:\n%s", out)
		}
	}
	checkWithTools(t, obj)
	roundTrip(t, obj)
	prog := tg.compile(t, dir, `#include <stdio.h>
int f5(void), f65279(void), f65280(void), f69999(void);
int main(void) { printf("%d %d %d %d\n", f5(), f65279(), f65280(), f69999()); return 0; }
`, obj, "-no-pie")
	if out, code := tg.exec(t, prog); out != "5 65279 65280 69999\n" || code != 0 {
		t.Errorf("program printed %q, exit %d", out, code)
	}
}

// TestBuilderManyProgramHeaders writes a file with more program headers
// than e_phnum holds (e_phnum PN_XNUM, the count in section 0's sh_info).
func TestBuilderManyProgramHeaders(t *testing.T) {
	const n = 70000
	b := NewBuilder(elfkit.ET_CORE, elfkit.EM_X86_64)
	if Class == elfkit.ELFCLASS32 {
		b.Machine = elfkit.EM_386
	}
	note := b.AddSection(".note.many", elfkit.SHT_NOTE, elfkit.SHF_ALLOC, []byte{4, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 'C', 'O', 'R', 0})
	note.Addralign = 4
	for range n {
		b.Segments = append(b.Segments, &OutSegment{Type: elfkit.PT_NOTE, Flags: elfkit.PF_R, Sections: []*OutSection{note}})
	}
	path := filepath.Join(t.TempDir(), "core")
	if err := b.WriteFile(path, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if f.Ehdr().Phnum() != elfkit.PN_XNUM {
		t.Errorf("e_phnum %#x, want PN_XNUM", f.Ehdr().Phnum())
	}
	ph, err := f.ProgramHeaders()
	if err != nil {
		t.Fatal(err)
	}
	if ph.Len() != len(b.ProgramHeaders()) || ph.Len() < n {
		t.Errorf("reader sees %d program headers, the builder wrote %d", ph.Len(), len(b.ProgramHeaders()))
	}
	if testfiles.HaveTool("readelf") {
		out, err := exec.Command("readelf", "-l", "-W", path).CombinedOutput()
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("There are %d program headers", len(b.ProgramHeaders()))
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("readelf -l does not say %q:\n%.500s", want, out)
		}
	}
	// binutils readelf checks sh_info of section 0 like that of any
	// SHT_NULL section, so the count the gABI puts there for PN_XNUM
	// always draws this warning.
	checkWithTools(t, path, regexp.MustCompile(`^readelf: Warning: \[ 0\]: Unexpected value \(`+strconv.Itoa(len(b.ProgramHeaders()))+`\) in info field\.$`))
	roundTrip(t, path)
}

// roundTrip checks that FromFile and WriteTo reproduce the file at path.
func roundTrip(t *testing.T, path string) {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := FromFile(f)
	if err != nil {
		t.Fatalf("FromFile: %v", err)
	}
	got, err := b.Bytes()
	if err != nil {
		t.Fatalf("Layout: %v", err)
	}
	if !bytes.Equal(got, f.Data()) {
		t.Errorf("%s written back differs", filepath.Base(path))
	}
}

// TestBuilderEdit loads an executable the builder wrote, edits it (renames a
// section, adds a section, changes a section in place, removes one) and
// checks that the result still runs and passes the tools.
func TestBuilderEdit(t *testing.T) {
	var p program
	for _, q := range programs {
		if q.class == Class && q.machine == map[elfkit.Class]elfkit.Machine{elfkit.ELFCLASS64: elfkit.EM_X86_64, elfkit.ELFCLASS32: elfkit.EM_386}[Class] {
			p = q
		}
	}
	dir := t.TempDir()
	orig := filepath.Join(dir, "orig")
	writeProgram(t, p, "hello edit\n", 3, orig)
	roundTrip(t, orig)

	f, err := Open(orig)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := FromFile(f)
	if err != nil {
		t.Fatal(err)
	}
	find := func(name string) *OutSection {
		for _, s := range b.Sections {
			if s.Name == name {
				return s
			}
		}
		t.Fatalf("no section %s", name)
		return nil
	}
	comment := find(".comment")
	comment.Name = ".comment.renamed.to.something.longer"
	rodata := find(".rodata")
	rodata.Data = []byte("HELLO EDIT\n") // same size: in place
	extra := &OutSection{Name: ".elfkit.extra", Type: elfkit.SHT_PROGBITS, Data: []byte("appended"), Addralign: 1}
	b.Sections = append(b.Sections, extra)
	edited := filepath.Join(dir, "edited")
	if err := b.WriteFile(edited, 0o755); err != nil {
		t.Fatal(err)
	}
	checkWithTools(t, edited)
	crossCheck(t, edited, b)
	ef, err := elf.Open(edited)
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	for _, name := range []string{".comment.renamed.to.something.longer", ".elfkit.extra", ".rodata"} {
		if ef.Section(name) == nil {
			t.Errorf("edited file has no %s", name)
		}
	}
	if d, _ := ef.Section(".elfkit.extra").Data(); string(d) != "appended" {
		t.Errorf(".elfkit.extra holds %q", d)
	}
	out, code := runProgram(t, p.qemu, edited)
	if out != "HELLO EDIT\n" || code != 3 {
		t.Errorf("edited program printed %q, exit %d", out, code)
	}

	// Edits Layout cannot make are errors, not broken files.
	text := find(".text")
	text.Data = append(bytes.Clone(text.Data), 0x90)
	if err := b.Layout(); !errors.Is(err, elfkit.ErrUnsupported) {
		t.Errorf("growing .text: Layout gives %v, want ErrUnsupported", err)
	}
	text.Data = text.Data[:len(text.Data)-1]
	// Moving a loaded section out of its segment, and making a segment
	// writable and executable.
	text.Addr += 0x100000
	if err := b.Layout(); !errors.Is(err, elfkit.ErrOutOfRange) {
		t.Errorf("moving .text: Layout gives %v, want ErrOutOfRange", err)
	}
	text.Addr -= 0x100000
	for _, p := range b.Segments {
		if p.Type == elfkit.PT_LOAD && p.Flags&elfkit.PF_X != 0 {
			p.Flags |= elfkit.PF_W
			if err := b.Layout(); !errors.Is(err, elfkit.ErrUnsupported) {
				t.Errorf("W+X segment: Layout gives %v, want ErrUnsupported", err)
			}
			b.AllowWX = true
			if err := b.Layout(); err != nil {
				t.Errorf("W+X segment with AllowWX: %v", err)
			}
			p.Flags &^= elfkit.PF_W
		}
	}
	b.Symbols = []*OutSymbol{{Name: "x"}}
	if err := b.Layout(); !errors.Is(err, elfkit.ErrUnsupported) {
		t.Errorf("Symbols on a FromFile builder: Layout gives %v, want ErrUnsupported", err)
	}
	b.Symbols = nil
	// A dangling link.
	var symtab *OutSection
	var rest []*OutSection
	for _, s := range b.Sections {
		if s.Type == elfkit.SHT_SYMTAB {
			symtab = s
		}
		if s.Name != ".strtab" {
			rest = append(rest, s)
		}
	}
	b.Sections = rest
	if err := b.Layout(); !errors.Is(err, elfkit.ErrBadLink) || symtab == nil {
		t.Errorf("removing .strtab: Layout gives %v, want ErrBadLink", err)
	}
}
