package testfiles

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestCorpus(t *testing.T) {
	t.Setenv(CorpusMaxEnv, "")
	files := Corpus(t, 0)
	t.Logf("%d files", len(files))
	if again := Corpus(t, 0); !slices.Equal(files, again) {
		t.Errorf("Corpus is not deterministic")
	}
	seen := make(map[string]bool)
	for _, f := range files {
		if seen[f] {
			t.Errorf("%s listed twice", f)
		}
		seen[f] = true
		if !hasELFMagic(f) {
			t.Errorf("%s: no ELF magic", f)
		}
		if strings.HasSuffix(f, ".gz") {
			t.Errorf("%s: compressed file listed", f)
		}
	}
	if root := ModuleRoot(); root != "" {
		td := filepath.Join(root, "testdata") + string(filepath.Separator)
		if !slices.ContainsFunc(files, func(f string) bool { return strings.HasPrefix(f, td) }) {
			t.Errorf("no file from %s in the corpus", td)
		}
	}

	if small := Corpus(t, 5); len(small) > 5 {
		t.Errorf("Corpus(5) returned %d files", len(small))
	}
	t.Setenv(CorpusMaxEnv, "3")
	if n := len(Corpus(t, 100)); n > 3 {
		t.Errorf("with %s=3, Corpus returned %d files", CorpusMaxEnv, n)
	}
}

func TestPick(t *testing.T) {
	pri := []string{"p0", "p1"}
	rest := []string{"r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"}
	for _, tt := range []struct {
		limit int
		want  []string
	}{
		{0, slices.Concat(pri, rest)},
		{10, slices.Concat(pri, rest)},
		{100, slices.Concat(pri, rest)},
		{1, []string{"p0"}},
		{2, []string{"p0", "p1"}},
		{4, []string{"p0", "p1", "r0", "r4"}},
		{6, []string{"p0", "p1", "r0", "r2", "r4", "r6"}},
	} {
		if got := pick(pri, rest, tt.limit); !slices.Equal(got, tt.want) {
			t.Errorf("pick(limit=%d) = %v, want %v", tt.limit, got, tt.want)
		}
	}
}

func TestGoBinary(t *testing.T) {
	archs := []struct {
		goarch  string
		machine elf.Machine
		class   elf.Class
		order   binary.ByteOrder
	}{
		{runtime.GOARCH, 0, 0, nil},
		{"s390x", elf.EM_S390, elf.ELFCLASS64, binary.BigEndian},
		{"arm", elf.EM_ARM, elf.ELFCLASS32, binary.LittleEndian},
	}
	for i, a := range archs {
		if i > 0 && testing.Short() {
			break // a cold cross build of the runtime takes a while
		}
		t.Run(a.goarch, func(t *testing.T) {
			exe := GoBinary(t, a.goarch, "-trimpath")
			if again := GoBinary(t, a.goarch, "-trimpath"); again != exe {
				t.Errorf("second build at %s, first at %s", again, exe)
			}
			f, err := elf.Open(exe)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.Type != elf.ET_EXEC {
				t.Errorf("type %v, want ET_EXEC", f.Type)
			}
			if a.machine != 0 && (f.Machine != a.machine || f.Class != a.class || f.ByteOrder != a.order) {
				t.Errorf("got %v %v %v, want %v %v %v", f.Machine, f.Class, f.ByteOrder, a.machine, a.class, a.order)
			}
			if a.goarch == runtime.GOARCH && runtime.GOOS == "linux" {
				out, err := exec.Command(exe).Output()
				if err != nil {
					t.Fatal(err)
				}
				if got, want := string(out), "HELLO, ELF 2\n"; got != want {
					t.Errorf("output %q, want %q", got, want)
				}
			}
		})
	}
}

const helloC = `#include <stdio.h>
int counter = 42;
int answer(void) { return counter; }
int main(void) { printf("%d\n", answer()); return 0; }
`

func TestCrossObject(t *testing.T) {
	for _, tt := range []struct {
		triple  string
		machine elf.Machine
		class   elf.Class
		order   binary.ByteOrder
	}{
		{"i686-linux-gnu", elf.EM_386, elf.ELFCLASS32, binary.LittleEndian},
		{"aarch64-linux-gnu", elf.EM_AARCH64, elf.ELFCLASS64, binary.LittleEndian},
		{"arm-linux-gnueabihf", elf.EM_ARM, elf.ELFCLASS32, binary.LittleEndian},
		{"riscv64-linux-gnu", elf.EM_RISCV, elf.ELFCLASS64, binary.LittleEndian},
		{"powerpc64-linux-gnu", elf.EM_PPC64, elf.ELFCLASS64, binary.BigEndian},
		{"s390x-linux-gnu", elf.EM_S390, elf.ELFCLASS64, binary.BigEndian},
		{"mips-linux-gnu", elf.EM_MIPS, elf.ELFCLASS32, binary.BigEndian},
	} {
		t.Run(tt.triple, func(t *testing.T) {
			obj := CrossObject(t, tt.triple, helloC, "-c", "-O1")
			if filepath.Ext(obj) != ".o" {
				t.Errorf("object named %s", obj)
			}
			f, err := elf.Open(obj)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if f.Type != elf.ET_REL || f.Machine != tt.machine || f.Class != tt.class || f.ByteOrder != tt.order {
				t.Errorf("got %v %v %v %v, want ET_REL %v %v %v",
					f.Type, f.Machine, f.Class, f.ByteOrder, tt.machine, tt.class, tt.order)
			}
		})
	}
}

func TestCrossObjectHost(t *testing.T) {
	for _, tt := range []struct {
		flags []string
		ext   string
		typ   elf.Type
	}{
		{[]string{"-c"}, ".o", elf.ET_REL},
		{[]string{"-shared", "-fPIC"}, ".so", elf.ET_DYN},
		{[]string{"-no-pie"}, "", elf.ET_EXEC},
	} {
		out := CrossObject(t, "", helloC, tt.flags...)
		if filepath.Ext(out) != tt.ext {
			t.Errorf("%v: output %s, want extension %q", tt.flags, out, tt.ext)
		}
		f, err := elf.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		if f.Type != tt.typ {
			t.Errorf("%v: type %v, want %v", tt.flags, f.Type, tt.typ)
		}
		f.Close()
	}
}

func TestHaveTool(t *testing.T) {
	if !HaveTool("go") {
		t.Error(`HaveTool("go") = false while running go test`)
	}
	if HaveTool("elfkit-no-such-tool") {
		t.Error("HaveTool reports a tool that does not exist")
	}
}

func TestTestdata(t *testing.T) {
	if ModuleRoot() == "" {
		t.Skip("not inside the module")
	}
	p := Testdata(t, "README.md")
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
}

func TestManySections(t *testing.T) {
	for i, tt := range []struct {
		triple string
		flags  []string
		class  elf.Class
		order  binary.ByteOrder
	}{
		{"", []string{"--64"}, elf.ELFCLASS64, binary.LittleEndian},
		{"", []string{"--32"}, elf.ELFCLASS32, binary.LittleEndian},
		{"s390x-linux-gnu", nil, elf.ELFCLASS64, binary.BigEndian},
		{"mips-linux-gnu", nil, elf.ELFCLASS32, binary.BigEndian},
	} {
		if i > 0 && testing.Short() {
			break
		}
		t.Run(fmt.Sprint(tt.triple, tt.flags), func(t *testing.T) {
			path := ManySections(t, tt.triple, tt.flags...)
			if again := ManySections(t, tt.triple, tt.flags...); again != path {
				t.Errorf("second call gave %s, first %s", again, path)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			// e_shnum and e_shstrndx are the last two half-words of the header.
			hdrEnd := 52
			if tt.class == elf.ELFCLASS64 {
				hdrEnd = 64
			}
			if shnum, shstrndx := tt.order.Uint16(b[hdrEnd-4:]), tt.order.Uint16(b[hdrEnd-2:]); shnum != 0 || shstrndx != uint16(elf.SHN_XINDEX) {
				t.Errorf("e_shnum = %d, e_shstrndx = %#x; want 0, SHN_XINDEX", shnum, shstrndx)
			}
			f, err := elf.NewFile(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if f.Class != tt.class || f.ByteOrder != tt.order || f.Type != elf.ET_REL {
				t.Errorf("got %v %v %v", f.Class, f.ByteOrder, f.Type)
			}
			if len(f.Sections) <= ManySectionsCount {
				t.Errorf("%d sections, want more than %d", len(f.Sections), ManySectionsCount)
			}
			last := fmt.Sprintf(".s%d", ManySectionsCount-1)
			if f.Section(last) == nil || f.Section(".symtab_shndx") == nil {
				t.Errorf("no %s or .symtab_shndx section", last)
			}
		})
	}
}
