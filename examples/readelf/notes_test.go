package main

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/elfkit/elf/internal/testfiles"
)

// noteAsm has one note of every kind GNU readelf decodes (stapsdt, GNU
// properties of every class, gold version, HWCAP, ABI tag, an unknown GNU
// type, Go build ID, a nameless note, a foreign owner, an owner longer
// than the column, FDO packaging metadata) and a note that runs past its
// section.
const noteAsm = `
	.section .note.stapsdt,"",@note
	.balign 4
	.4byte 1f-0f, 3f-2f, 3
0:	.asciz "stapsdt"
1:	.balign 4
2:	.8byte 0x401136, 0x402010, 0
	.asciz "libfoo"
	.asciz "probe_one"
	.asciz "-4@%eax 8@%rbx"
3:	.balign 4
	.section .note.gnu.property,"a",@note
	.balign 8
	.4byte 4, 5f-4f, 5
	.asciz "GNU"
4:	.4byte 0xc0000002, 4, 3, 0
	.4byte 0xc0008002, 4, 0x6, 0
	.4byte 0xc0010001, 4, 0x1b, 0
	.4byte 0xc0008001, 4, 0, 0
	.4byte 0xc0000000, 4, 0x3, 0
	.4byte 1, 8
	.8byte 0x800000
	.4byte 2, 0
	.4byte 0xb0008000, 4, 1, 0
	.4byte 0xb0000005, 4, 0x10, 0
	.4byte 0xb0008003, 4, 0, 0
	.4byte 0x1234, 4, 0xabcdef, 0
	.4byte 0xe0000001, 2, 0x0102, 0
5:
	.section .note.misc,"",@note
	.balign 4
	.4byte 4, 12, 4
	.asciz "GNU"
	.ascii "gold 1.16\0\0\0"
	.4byte 4, 8, 2
	.asciz "GNU"
	.4byte 3, 0x7
	.4byte 4, 16, 1
	.asciz "GNU"
	.4byte 3, 2, 6, 9
	.4byte 4, 4, 0x77
	.asciz "GNU"
	.4byte 0xdeadbeef
	.4byte 3, 4, 4
	.asciz "Go"
	.byte 0
	.ascii "abcd"
	.4byte 0, 4, 7
	.ascii "wxyz"
	.4byte 8, 4, 1
	.ascii "FreeBSD\0"
	.4byte 123
	.4byte 25, 0, 2
	.ascii "AVeryLongOwnerNameHere12\0\0\0\0"
	.4byte 4, 11, 0xcafe1a7e
	.asciz "FDO"
	.ascii "{\"a\":\"b\"}\0\0"
	.balign 4
	.section .note.x,"",@note
	.balign 4
	.4byte 4, 20, 3
	.asciz "GNU"
	.4byte 1,2,3
`

// symAsm has symbols with control characters, DEL and bytes above 0x7f
// in their names, long names, IFUNC, UNIQUE, protected and internal
// visibility, a size above 99999 and versions longer than the narrow
// name column (symVersionScript).
const symAsm = `
	.text
	.globl "ctl\001name"
"ctl\001name":
	ret
	.globl "del\177name_and_long_long_long"
"del\177name_and_long_long_long":
	ret
	.globl "high\377bytes"
"high\377bytes":
	ret
	.globl a_function_with_a_rather_long_name_indeed
	.type a_function_with_a_rather_long_name_indeed,@function
a_function_with_a_rather_long_name_indeed:
	ret
	.globl ifn
	.type ifn,@gnu_indirect_function
ifn:	ret
	.data
	.globl uobj
	.type uobj,@gnu_unique_object
uobj:	.long 1
	.size uobj, 4
	.globl big
	.type big,@object
big:	.zero 100000
	.size big, 100000
	.globl prot
	.protected prot
prot:	.long 2
	.globl intern
	.internal intern
intern:	.long 3
	.symver a_function_with_a_rather_long_name_indeed, longfn@VERY_LONG_VERSION_NAME_NUMBER_ONE_1.0
	.symver a_function_with_a_rather_long_name_indeed, longfn2@@VERY_LONG_VERSION_NAME_NUMBER_TWO_2.0
	.symver ifn, x@V1
`

const symVersionScript = `V1 { global: *; };
VERY_LONG_VERSION_NAME_NUMBER_ONE_1.0 { global: longfn; } V1;
VERY_LONG_VERSION_NAME_NUMBER_TWO_2.0 { global: longfn2; } VERY_LONG_VERSION_NAME_NUMBER_ONE_1.0;
`

// noteTool runs a tool in dir, skipping the test when it is missing or
// fails (an assembler too old for a directive).
func noteTool(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	if !testfiles.HaveTool(name) {
		t.Skipf("%s not installed", name)
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Skipf("%s %v: %v\n%s", name, args, err, out)
	}
}

// TestNotesAssembled compares -n on assembled notes of every kind, for
// both classes and byte orders, in an object and an executable.
func TestNotesAssembled(t *testing.T) {
	hdrNeedReadelf(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "n.s"), []byte(noteAsm), 0o644); err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, c := range []struct{ name, as, flag string }{
		{"x86_64", "as", "--64"}, {"i386", "as", "--32"},
		{"s390x", "s390x-linux-gnu-as", ""}, {"mips", "mips-linux-gnu-as", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := []string{"-o", c.name + ".o", "n.s"}
			if c.flag != "" {
				args = append([]string{c.flag}, args...)
			}
			noteTool(t, dir, c.as, args...)
			files = append(files, filepath.Join(dir, c.name+".o"))
		})
	}
	t.Run("x86_64-exec", func(t *testing.T) {
		noteTool(t, dir, "as", "--64", "-o", "e.o", "n.s")
		noteTool(t, dir, "ld", "-e", "0", "-o", "e", "e.o")
		files = append(files, filepath.Join(dir, "e"))
	})
	t.Run("aarch64-bti-pac", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "a.c"), []byte("int f(int x) { return x + 1; }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		noteTool(t, dir, "aarch64-linux-gnu-gcc", "-mbranch-protection=standard", "-c", "-o", "a64.o", "a.c")
		files = append(files, filepath.Join(dir, "a64.o"))
	})
	t.Run("x86_64-ibt-shstk", func(t *testing.T) {
		if err := os.WriteFile(filepath.Join(dir, "c.c"), []byte("int main(void) { return 0; }\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		noteTool(t, dir, "gcc", "-fcf-protection=full", "-o", "cet", "c.c")
		files = append(files, filepath.Join(dir, "cet"))
	})
	if symCompare(t, "notes", files, 10, t.Errorf) != 0 {
		t.Error("output differs from GNU readelf")
	}
}

// TestSymbolsAssembled compares the symbol, dynamic and version groups on
// an object, a shared object with a version script and a program linked
// against it, whose symbol names and versions exercise the narrow
// column's truncation and GNU's escaping of unprintable bytes.
func TestSymbolsAssembled(t *testing.T) {
	hdrNeedReadelf(t)
	dir := t.TempDir()
	for name, body := range map[string]string{
		"s.s":   symAsm,
		"s.map": symVersionScript,
		"u.c":   "extern int longfn2(void);\nextern int uobj;\nint main(void) { return longfn2() + uobj; }\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	noteTool(t, dir, "as", "--64", "-o", "s.o", "s.s")
	noteTool(t, dir, "ld", "-shared", "--version-script", "s.map", "-o", "libs.so", "s.o")
	files := []string{filepath.Join(dir, "s.o"), filepath.Join(dir, "libs.so")}
	if testfiles.HaveTool("gcc") {
		cmd := exec.Command("gcc", "-o", "u", "u.c", "./libs.so")
		cmd.Dir = dir
		if err := cmd.Run(); err == nil {
			files = append(files, filepath.Join(dir, "u"))
		}
	}
	if symCompare(t, "assembled", files, 10, t.Errorf) != 0 {
		t.Error("output differs from GNU readelf")
	}
}

// noteCore writes an ET_CORE file of the given class and byte order with
// one PT_NOTE segment holding CORE notes (NT_PRSTATUS, NT_FILE with two
// mappings, an unknown type), a LINUX note and a malformed NT_FILE.
func noteCore(t *testing.T, dir string, is64, big bool) string {
	t.Helper()
	var bo interface {
		binary.ByteOrder
		binary.AppendByteOrder
	} = binary.LittleEndian
	if big {
		bo = binary.BigEndian
	}
	word := 4
	if is64 {
		word = 8
	}
	putWord := func(b []byte, v uint64) []byte {
		if is64 {
			return bo.AppendUint64(b, v)
		}
		return bo.AppendUint32(b, uint32(v))
	}
	note := func(b []byte, name string, typ uint32, desc []byte) []byte {
		b = bo.AppendUint32(b, uint32(len(name)+1))
		b = bo.AppendUint32(b, uint32(len(desc)))
		b = bo.AppendUint32(b, typ)
		b = append(b, name...)
		b = append(b, 0)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		b = append(b, desc...)
		for len(b)%4 != 0 {
			b = append(b, 0)
		}
		return b
	}
	var file []byte
	file = putWord(file, 2)
	file = putWord(file, 4096)
	file = putWord(file, 0x400000)
	file = putWord(file, 0x401000)
	file = putWord(file, 0)
	file = putWord(file, 0x7f0000001000)
	file = putWord(file, 0x7f0000005000)
	file = putWord(file, 3)
	file = append(file, "/usr/bin/hello\x00/lib/libc.so.6\x00"...)
	var notes []byte
	notes = note(notes, "CORE", 1, make([]byte, 3*word))
	notes = note(notes, "CORE", 0x46494c45, file)
	notes = note(notes, "CORE", 0x12345, []byte{1, 2, 3})
	notes = note(notes, "LINUX", 0x202, []byte{9, 8, 7, 6})
	notes = note(notes, "CORE", 0x53494749, make([]byte, 8))
	notes = note(notes, "CORE", 0x46494c45, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})

	ehsize, phsize := 52, 32
	if is64 {
		ehsize, phsize = 64, 56
	}
	b := make([]byte, ehsize)
	copy(b, "\x7fELF")
	b[4], b[5], b[6] = 1, 1, 1
	if is64 {
		b[4] = 2
	}
	if big {
		b[5] = 2
	}
	machine := uint16(3)
	if is64 {
		machine = 62
	}
	bo.PutUint16(b[16:], 4) // ET_CORE
	bo.PutUint16(b[18:], machine)
	bo.PutUint32(b[20:], 1)
	noteOff := uint64(ehsize + phsize)
	if is64 {
		bo.PutUint64(b[32:], uint64(ehsize))
		bo.PutUint16(b[52:], uint16(ehsize))
		bo.PutUint16(b[54:], uint16(phsize))
		bo.PutUint16(b[56:], 1)
		bo.PutUint16(b[58:], 64)
	} else {
		bo.PutUint32(b[28:], uint32(ehsize))
		bo.PutUint16(b[40:], uint16(ehsize))
		bo.PutUint16(b[42:], uint16(phsize))
		bo.PutUint16(b[44:], 1)
		bo.PutUint16(b[46:], 40)
	}
	ph := make([]byte, phsize)
	bo.PutUint32(ph, 4) // PT_NOTE
	if is64 {
		bo.PutUint64(ph[8:], noteOff)
		bo.PutUint64(ph[32:], uint64(len(notes)))
		bo.PutUint64(ph[48:], 4)
	} else {
		bo.PutUint32(ph[4:], uint32(noteOff))
		bo.PutUint32(ph[16:], uint32(len(notes)))
		bo.PutUint32(ph[28:], 4)
	}
	b = append(append(b, ph...), notes...)
	name := "core32"
	if is64 {
		name = "core64"
	}
	if big {
		name += "be"
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNotesCore compares -n on synthetic core files of both classes and
// byte orders (NT_FILE decoding, core note names, a malformed NT_FILE and
// the exit status it causes).
func TestNotesCore(t *testing.T) {
	hdrNeedReadelf(t)
	dir := t.TempDir()
	var files []string
	for _, is64 := range []bool{true, false} {
		for _, big := range []bool{false, true} {
			files = append(files, noteCore(t, dir, is64, big))
		}
	}
	if symCompare(t, "core", files, 10, t.Errorf) != 0 {
		t.Error("output differs from GNU readelf")
	}
}
