package elf64

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// target is a machine the link tests build for: x86-64 for ELF64 and i386
// (under qemu, with the i686 cross toolchain's libraries) for ELF32.
type target struct {
	machine elfkit.Machine
	cc      string   // the C compiler that links
	run     []string // the command prefix that runs a program
	interp  string
	libc    string // the version of libc's puts and exit
}

func linkTarget(t *testing.T) target {
	t.Helper()
	var tg target
	if Class == elfkit.ELFCLASS64 {
		tg = target{machine: elfkit.EM_X86_64, cc: "gcc", interp: "/lib64/ld-linux-x86-64.so.2", libc: "GLIBC_2.2.5"}
		if _, err := os.Stat(tg.interp); err != nil {
			t.Skipf("not an x86-64 glibc system: %v", err)
		}
	} else {
		tg = target{machine: elfkit.EM_386, cc: "i686-linux-gnu-gcc", interp: "/lib/ld-linux.so.2", libc: "GLIBC_2.0",
			run: []string{"qemu-i386", "-L", "/usr/i686-linux-gnu"}}
		if !testfiles.HaveTool("qemu-i386") {
			t.Skip("qemu-i386 not installed (.ci/run installs qemu-user)")
		}
	}
	if !testfiles.HaveTool(tg.cc) {
		t.Skipf("%s not installed (.ci/run installs it)", tg.cc)
	}
	return tg
}

func (tg target) compile(t *testing.T, dir, csrc string, args ...string) string {
	t.Helper()
	src := filepath.Join(dir, "main.c")
	if err := os.WriteFile(src, []byte(csrc), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "main")
	cmd := exec.Command(tg.cc, append(append([]string{"-o", out, src}, args...), "-ldl")...)
	if b, err := cmd.CombinedOutput(); err != nil || len(b) > 0 {
		t.Fatalf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, b)
	}
	return out
}

func (tg target) exec(t *testing.T, path string, args ...string) (string, int) {
	t.Helper()
	argv := append(append(tg.run[:len(tg.run):len(tg.run)], path), args...)
	cmd := exec.Command(argv[0], argv[1:]...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if stderr.Len() > 0 || (err != nil && cmd.ProcessState == nil) {
		t.Errorf("%s: %v\n%s", strings.Join(argv, " "), err, stderr.String())
	}
	if cmd.ProcessState == nil {
		return stdout.String(), -1
	}
	return stdout.String(), cmd.ProcessState.ExitCode()
}

func le32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// TestBuilderRelocatable writes an object with a global function that calls
// an undefined function and reads .data, links it with a C program and
// runs the program.
func TestBuilderRelocatable(t *testing.T) {
	tg := linkTarget(t)
	b := NewBuilder(elfkit.ET_REL, tg.machine)
	var code []byte
	var callOff, dataOff Addr
	var callType, dataType uint32
	var callAddend, dataAddend Sxword
	if tg.machine == elfkit.EM_X86_64 {
		// sub $8,%rsp; call helper; add .data(%rip),%eax; add $8,%rsp; ret
		code = []byte{0x48, 0x83, 0xec, 0x08, 0xe8, 0, 0, 0, 0, 0x03, 0x05, 0, 0, 0, 0, 0x48, 0x83, 0xc4, 0x08, 0xc3}
		callOff, callType, callAddend = 5, uint32(elfkit.R_X86_64_PLT32), -4
		dataOff, dataType, dataAddend = 11, uint32(elfkit.R_X86_64_PC32), -4
	} else {
		// push 4(%esp); call helper; add $4,%esp; add .data,%eax; ret
		// (SHT_REL: the addends are in the code.)
		code = []byte{0xff, 0x74, 0x24, 0x04, 0xe8, 0xfc, 0xff, 0xff, 0xff, 0x83, 0xc4, 0x04, 0x03, 0x05, 0, 0, 0, 0, 0xc3}
		callOff, callType = 5, uint32(elfkit.R_386_PC32)
		dataOff, dataType = 14, uint32(elfkit.R_386_32)
	}
	text := b.AddSection(".text", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, code)
	text.Addralign = 16
	data := b.AddSection(".data", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE, append(le32(2), le32(7)...))
	data.Addralign = 4
	bss := b.AddSection(".bss", elfkit.SHT_NOBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE, nil)
	bss.Size, bss.Addralign = 16, 8
	b.AddSymbol("answer.s", elfkit.STB_LOCAL, elfkit.STT_FILE, nil, 0, 0).Shndx = elfkit.SHN_ABS
	// Globals before locals in the list: Layout must reorder.
	b.AddSymbol("answer", elfkit.STB_GLOBAL, elfkit.STT_FUNC, text, 0, Xword(len(code)))
	b.AddSymbol("answer_base", elfkit.STB_GLOBAL, elfkit.STT_OBJECT, data, 4, 4)
	helper := b.AddSymbol("helper", elfkit.STB_GLOBAL, elfkit.STT_NOTYPE, nil, 0, 0)
	dataSym := b.AddSymbol("", elfkit.STB_LOCAL, elfkit.STT_SECTION, data, 0, 0)
	b.AddSymbol("scratch", elfkit.STB_GLOBAL, elfkit.STT_OBJECT, bss, 0, 16)
	b.Relocs = []OutReloc{
		{Section: text, Offset: callOff, Symbol: helper, Type: callType, Addend: callAddend},
		{Section: text, Offset: dataOff, Symbol: dataSym, Type: dataType, Addend: dataAddend},
	}
	dir := t.TempDir()
	obj := filepath.Join(dir, "answer.o")
	if err := b.WriteFile(obj, 0o644); err != nil {
		t.Fatal(err)
	}
	checkWithTools(t, obj)
	crossCheck(t, obj, b)
	roundTrip(t, obj)
	prog := tg.compile(t, dir, `#include <stdio.h>
int answer(int);
extern int answer_base;
int helper(int x) { return x * 2; }
int main(void) { printf("%d %d\n", answer(20), answer_base); return 0; }
`, obj, "-no-pie")
	out, code2 := tg.exec(t, prog)
	if out != "42 7\n" || code2 != 0 {
		t.Errorf("program printed %q, exit %d; want \"42 7\\n\", 0", out, code2)
	}
}

// TestBuilderSharedObject writes a shared object with versioned dynamic
// symbols (foo@VERS_1, foo@@VERS_2, bar@@VERS_1, greeting@@VERS_2, which
// points to a string through a relative relocation, and an unversioned
// plain), both hash tables, and checks that dlopen and dlvsym find each.
func TestBuilderSharedObject(t *testing.T) {
	tg := linkTarget(t)
	for _, style := range []HashStyle{HashBoth, HashGNU, HashSysV} {
		t.Run([]string{"both", "gnu", "sysv"}[style], func(t *testing.T) {
			dir := t.TempDir()
			so := filepath.Join(dir, "libbuilt.so")
			b := buildSharedObject(t, tg, style)
			if err := b.WriteFile(so, 0o755); err != nil {
				t.Fatal(err)
			}
			checkWithTools(t, so)
			crossCheck(t, so, b)
			roundTrip(t, so)
			prog := tg.compile(t, dir, `#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
static void call(void *h, const char *name, const char *version) {
	int (*f)(void) = version ? dlvsym(h, name, version) : dlsym(h, name);
	printf("%s@%s=%d\n", name, version ? version : "", f ? f() : -1);
}
int main(int argc, char **argv) {
	void *h = dlopen(argv[1], RTLD_NOW);
	if (!h) { printf("dlopen: %s\n", dlerror()); return 1; }
	call(h, "foo", "VERS_1");
	call(h, "foo", "VERS_2");
	call(h, "foo", 0);
	call(h, "bar", "VERS_1");
	call(h, "bar", "VERS_2");
	call(h, "plain", 0);
	const char **g = dlvsym(h, "greeting", "VERS_2");
	printf("greeting=%s\n", g ? *g : "(none)");
	return 0;
}
`)
			out, code := tg.exec(t, prog, so)
			want := "foo@VERS_1=1\nfoo@VERS_2=2\nfoo@=2\nbar@VERS_1=3\nbar@VERS_2=-1\nplain@=4\ngreeting=hello, versions\n"
			if out != want || code != 0 {
				t.Errorf("program printed\n%s(exit %d), want\n%s", out, code, want)
			}
		})
	}
}

func buildSharedObject(t *testing.T, tg target, style HashStyle) *Builder {
	b := NewBuilder(elfkit.ET_DYN, tg.machine)
	b.HashStyle = style
	b.Soname = "libbuilt.so"
	b.Needed = []string{"libc.so.6"}
	ret := func(v byte) []byte { return []byte{0xb8, v, 0, 0, 0, 0xc3} } // mov $v,%eax; ret
	var code []byte
	for v := byte(1); v <= 4; v++ {
		code = append(code, ret(v)...)
	}
	text := b.AddSection(".text", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, code)
	text.Addralign = 16
	rodata := b.AddSection(".rodata", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, []byte("hello, versions\x00"))
	relro := b.AddSection(".data.rel.ro", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE, make([]byte, wordSize))
	relro.Addralign, relro.RelRO = wordSize, true
	b.Versions = []OutVersion{{Name: "VERS_1"}, {Name: "VERS_2", Parents: []string{"VERS_1"}}}
	sym := func(name, version string, hidden bool, typ elfkit.SymType, sec *OutSection, off Addr, size Xword) *OutSymbol {
		return &OutSymbol{Name: name, Version: version, Hidden: hidden, Bind: elfkit.STB_GLOBAL, Type: typ, Section: sec, Value: off, Size: size}
	}
	b.DynSymbols = []*OutSymbol{
		sym("foo", "VERS_1", true, elfkit.STT_FUNC, text, 0, 6),
		sym("foo", "VERS_2", false, elfkit.STT_FUNC, text, 6, 6),
		sym("bar", "VERS_1", false, elfkit.STT_FUNC, text, 12, 6),
		sym("plain", "", false, elfkit.STT_FUNC, text, 18, 6),
		sym("greeting", "VERS_2", false, elfkit.STT_OBJECT, relro, 0, wordSize),
	}
	// The static table names the same symbols, as ld's output does.
	for _, s := range b.DynSymbols {
		c := *s
		if s.Hidden {
			c.Name += "@" + s.Version
		} else if s.Version != "" {
			c.Name += "@@" + s.Version
		}
		c.Version = ""
		b.Symbols = append(b.Symbols, &c)
	}
	relative := uint32(elfkit.R_X86_64_RELATIVE)
	if tg.machine == elfkit.EM_386 {
		relative = uint32(elfkit.R_386_RELATIVE)
	}
	if b.RelocType == 0 && DefaultRelocType(tg.machine) == elfkit.SHT_REL {
		// The addend is the word being relocated; written after Layout.
		b.Relocs = []OutReloc{{Section: relro, Type: relative}}
	} else {
		b.Relocs = []OutReloc{{Section: relro, Type: relative, AddendSection: rodata}}
	}
	if err := b.Layout(); err != nil {
		t.Fatal(err)
	}
	if DefaultRelocType(tg.machine) == elfkit.SHT_REL {
		putWord(relro.Data, false, uint64(rodata.Addr))
	}
	return b
}

// TestBuilderDynamicExecutable writes an executable with PT_INTERP that
// calls puts and exit from libc through a GOT filled by GLOB_DAT
// relocations against versioned undefined symbols.
func TestBuilderDynamicExecutable(t *testing.T) {
	tg := linkTarget(t)
	t.Run("exec", func(t *testing.T) { testDynamicExecutable(t, tg, elfkit.ET_EXEC) })
	if tg.machine == elfkit.EM_X86_64 {
		// The x86-64 code is position-independent; the i386 code is not.
		t.Run("pie", func(t *testing.T) { testDynamicExecutable(t, tg, elfkit.ET_DYN) })
	}
}

func testDynamicExecutable(t *testing.T, tg target, typ elfkit.Type) {
	const msg = "hello through libc"
	b := NewBuilder(typ, tg.machine)
	b.Interp = tg.interp
	b.Needed = []string{"libc.so.6"}
	b.Needs = []OutNeed{{File: "libc.so.6", Versions: []OutNeedVersion{{Name: tg.libc}}}}
	flags1 := elfkit.DF_1_NOW
	if typ == elfkit.ET_DYN {
		flags1 |= elfkit.DF_1_PIE
	}
	b.DynEntries = []OutDyn{{Tag: elfkit.DT_FLAGS, Val: Xword(elfkit.DF_BIND_NOW)}, {Tag: elfkit.DT_FLAGS_1, Val: Xword(flags1)}}
	var codeLen int
	if tg.machine == elfkit.EM_X86_64 {
		codeLen = 7 + 6 + 5 + 6
	} else {
		codeLen = 5 + 6 + 5 + 6
	}
	text := b.AddSection(".text", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, make([]byte, codeLen))
	text.Addralign = 16
	rodata := b.AddSection(".rodata", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, []byte(msg+"\x00"))
	got := b.AddSection(".got", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE, make([]byte, 2*wordSize))
	got.Addralign, got.RelRO, got.Entsize = wordSize, true, wordSize
	puts := &OutSymbol{Name: "puts", Bind: elfkit.STB_GLOBAL, Type: elfkit.STT_FUNC, Version: tg.libc}
	exit := &OutSymbol{Name: "exit", Bind: elfkit.STB_GLOBAL, Type: elfkit.STT_FUNC, Version: tg.libc}
	b.DynSymbols = []*OutSymbol{puts, exit}
	globDat := uint32(elfkit.R_X86_64_GLOB_DAT)
	if tg.machine == elfkit.EM_386 {
		globDat = uint32(elfkit.R_386_GLOB_DAT)
	}
	b.Relocs = []OutReloc{{Section: got, Offset: 0, Symbol: puts, Type: globDat}, {Section: got, Offset: wordSize, Symbol: exit, Type: globDat}}
	b.AddSymbol("_start", elfkit.STB_GLOBAL, elfkit.STT_FUNC, text, 0, Xword(codeLen))
	b.EntrySection = text
	if err := b.Layout(); err != nil {
		t.Fatal(err)
	}
	pc, m, g := uint64(text.Addr), uint64(rodata.Addr), uint64(got.Addr)
	var c []byte
	if tg.machine == elfkit.EM_X86_64 {
		rel := func(target, next uint64) []byte { return le32(uint32(int32(int64(target) - int64(next)))) }
		c = append([]byte{0x48, 0x8d, 0x3d}, rel(m, pc+7)...)        // lea msg(%rip),%rdi
		c = append(append(c, 0xff, 0x15), rel(g, pc+13)...)          // call *puts@got(%rip)
		c = append(c, 0xbf, 42, 0, 0, 0)                             // mov $42,%edi
		c = append(append(c, 0xff, 0x15), rel(g+wordSize, pc+24)...) // call *exit@got(%rip)
	} else {
		c = append([]byte{0x68}, le32(uint32(m))...)                   // push $msg
		c = append(append(c, 0xff, 0x15), le32(uint32(g))...)          // call *puts@got
		c = append(c, 0x6a, 42, 0x90, 0x90, 0x90)                      // push $42
		c = append(append(c, 0xff, 0x15), le32(uint32(g+wordSize))...) // call *exit@got
	}
	copy(text.Data, c)
	dir := t.TempDir()
	path := filepath.Join(dir, "dyn-"+typ.String())
	if _, err := b.Bytes(); err != nil { // the same bytes WriteFile writes
		t.Fatal(err)
	}
	if err := b.WriteFile(path, 0o755); err != nil {
		t.Fatal(err)
	}
	checkWithTools(t, path)
	crossCheck(t, path, b)
	roundTrip(t, path)
	out, code := tg.exec(t, path)
	if out != msg+"\n" || code != 42 {
		t.Errorf("program printed %q, exit %d; want %q, 42", out, code, msg+"\n")
	}
}
