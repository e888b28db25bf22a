package elf64

import (
	"bytes"
	"debug/elf"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

// cmpWriter compares what is written with want without keeping it.
type cmpWriter struct {
	want   []byte
	off    int
	diffAt int // first differing offset, -1 while equal
}

func (w *cmpWriter) Write(p []byte) (int, error) {
	if w.diffAt < 0 {
		n := min(len(p), len(w.want)-w.off)
		if !bytes.Equal(p[:n], w.want[w.off:w.off+n]) {
			for i := range n {
				if p[i] != w.want[w.off+i] {
					w.diffAt = w.off + i
					break
				}
			}
		} else if n < len(p) {
			w.diffAt = len(w.want)
		}
	}
	w.off += len(p)
	return len(p), nil
}

// sysrootFiles lists the ELF files of the cross toolchains' sysroots
// (/usr/<triple>/lib): C libraries of other machines, both byte orders.
func sysrootFiles() []string {
	var files []string
	dirs, _ := filepath.Glob("/usr/*-linux-gnu*/lib")
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			f, err := os.Open(path)
			if err != nil {
				return nil
			}
			defer f.Close()
			var magic [4]byte
			if _, err := io.ReadFull(f, magic[:]); err == nil && string(magic[:]) == "\x7fELF" {
				files = append(files, path)
			}
			return nil
		})
	}
	return files
}

// TestBuilderRoundTrip loads every file of the corpus and of the cross
// sysroots of this package's class into a Builder and writes it back
// unchanged: the bytes must be identical.
func TestBuilderRoundTrip(t *testing.T) {
	files := testfiles.Corpus(t, 0)
	if !testing.Short() {
		files = append(files, sysrootFiles()...)
	}
	identical, other := 0, 0
	for _, path := range files {
		f, err := Open(path)
		if err != nil {
			other++ // another class, or not a file the reader opens
			continue
		}
		b, err := FromFile(f)
		if err != nil {
			t.Errorf("%s: FromFile: %v", path, err)
			f.Close()
			continue
		}
		if err := b.Layout(); err != nil {
			t.Errorf("%s: Layout: %v", path, err)
			f.Close()
			continue
		}
		w := &cmpWriter{want: f.Data(), diffAt: -1}
		n, err := b.WriteTo(w)
		switch {
		case err != nil:
			t.Errorf("%s: WriteTo: %v", path, err)
		case n != int64(len(f.Data())):
			t.Errorf("%s: wrote %d bytes, file has %d", path, n, len(f.Data()))
		case w.diffAt >= 0:
			t.Errorf("%s: first difference at offset %#x", path, w.diffAt)
		default:
			identical++
		}
		f.Close()
	}
	t.Logf("%d ELF%d files written back byte-identical (%d of the %d files are another class)", identical, 8*wordSize, other, len(files))
	if identical == 0 {
		t.Errorf("no file of class %v in the corpus", Class)
	}
}

// TestBuilderRoundTripBuilt round-trips files the tests build: Go programs
// for every GOARCH of this class, and C objects, shared objects and
// executables from the cross compilers (both byte orders).
func TestBuilderRoundTripBuilt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds programs: not in -short")
	}
	goarchs := map[elfkit.Class][]string{
		elfkit.ELFCLASS64: {"amd64", "arm64", "ppc64", "ppc64le", "s390x", "riscv64", "mips64", "loong64"},
		elfkit.ELFCLASS32: {"386", "arm", "mips", "mipsle"},
	}[Class]
	for _, goarch := range goarchs {
		t.Run("go-"+goarch, func(t *testing.T) {
			roundTrip(t, testfiles.GoBinary(t, goarch))
			roundTrip(t, testfiles.GoBinary(t, goarch, "-ldflags=-s -w"))
		})
	}
	triples := map[elfkit.Class][]string{
		elfkit.ELFCLASS64: {"", "aarch64-linux-gnu", "powerpc64-linux-gnu", "s390x-linux-gnu", "riscv64-linux-gnu"},
		elfkit.ELFCLASS32: {"i686-linux-gnu", "arm-linux-gnueabihf", "mips-linux-gnu"},
	}[Class]
	const src = "#include <stdio.h>\nint counter;\n__thread int tls = 3;\nint main(void) { printf(\"%d\\n\", counter + tls); return 0; }\n"
	for _, triple := range triples {
		t.Run("cc-"+triple, func(t *testing.T) {
			for _, flags := range [][]string{{"-c"}, {"-shared", "-fPIC"}, {}, {"-static"}, {"-g", "-c"}} {
				roundTrip(t, testfiles.CrossObject(t, triple, src, flags...))
			}
		})
	}
}

// program is a tiny program that writes msg to stdout and exits with code.
type program struct {
	name    string
	machine elfkit.Machine
	class   elfkit.Class
	big     bool
	flags   uint32
	qemu    string // the qemu-user emulator, "" for a native x86-64 run
	// code returns the instructions placed at address pc that write the
	// len bytes at address msg and exit with code.
	code func(pc, msg uint64, n, code int, big bool) []byte
}

func put32(big bool, dst []byte, v uint32) []byte {
	if big {
		return binary.BigEndian.AppendUint32(dst, v)
	}
	return binary.LittleEndian.AppendUint32(dst, v)
}

var programs = []program{
	{name: "x86-64", machine: elfkit.EM_X86_64, class: elfkit.ELFCLASS64,
		code: func(pc, msg uint64, n, code int, big bool) []byte {
			c := []byte{0xb8, 1, 0, 0, 0, 0xbf, 1, 0, 0, 0, 0x48, 0x8d, 0x35}
			c = binary.LittleEndian.AppendUint32(c, uint32(int32(int64(msg)-int64(pc+17))))
			c = append(c, 0xba)
			c = binary.LittleEndian.AppendUint32(c, uint32(n))
			c = append(c, 0x0f, 0x05, 0xb8, 60, 0, 0, 0, 0xbf, byte(code), 0, 0, 0, 0x0f, 0x05)
			return c
		}},
	{name: "i386", machine: elfkit.EM_386, class: elfkit.ELFCLASS32, qemu: "qemu-i386",
		code: func(pc, msg uint64, n, code int, big bool) []byte {
			c := []byte{0xb8, 4, 0, 0, 0, 0xbb, 1, 0, 0, 0, 0xb9}
			c = binary.LittleEndian.AppendUint32(c, uint32(msg))
			c = append(c, 0xba)
			c = binary.LittleEndian.AppendUint32(c, uint32(n))
			c = append(c, 0xcd, 0x80, 0xb8, 1, 0, 0, 0, 0xbb, byte(code), 0, 0, 0, 0xcd, 0x80)
			return c
		}},
	{name: "arm64", machine: elfkit.EM_AARCH64, class: elfkit.ELFCLASS64, qemu: "qemu-aarch64",
		code: func(pc, msg uint64, n, code int, big bool) []byte {
			movz := func(rd, imm uint32) uint32 { return 0xd2800000 | imm<<5 | rd }
			page := uint32(int64(msg>>12) - int64((pc+4)>>12))
			adrp := 0x90000000 | (page&3)<<29 | ((page>>2)&0x7ffff)<<5 | 1
			add := 0x91000000 | uint32(msg&0xfff)<<10 | 1<<5 | 1
			var c []byte
			for _, w := range []uint32{movz(0, 1), adrp, add, movz(2, uint32(n)), movz(8, 64), 0xd4000001, movz(0, uint32(code)), movz(8, 93), 0xd4000001} {
				c = put32(false, c, w)
			}
			return c
		}},
	{name: "riscv64", machine: elfkit.EM_RISCV, class: elfkit.ELFCLASS64, qemu: "qemu-riscv64",
		code: func(pc, msg uint64, n, code int, big bool) []byte {
			addi := func(rd, rs, imm uint32) uint32 { return (imm&0xfff)<<20 | rs<<15 | rd<<7 | 0x13 }
			rel := int64(msg) - int64(pc+4) // auipc is the second instruction
			hi := uint32((rel + 0x800) >> 12)
			lo := uint32(rel - int64(int32(hi<<12)))
			var c []byte
			for _, w := range []uint32{addi(10, 0, 1), hi<<12 | 11<<7 | 0x17, addi(11, 11, lo), addi(12, 0, uint32(n)), addi(17, 0, 64), 0x73,
				addi(10, 0, uint32(code)), addi(17, 0, 93), 0x73} {
				c = put32(false, c, w)
			}
			return c
		}},
	{name: "s390x", machine: elfkit.EM_S390, class: elfkit.ELFCLASS64, big: true, qemu: "qemu-s390x",
		code: func(pc, msg uint64, n, code int, big bool) []byte {
			c := []byte{0xa7, 0x29, 0, 1, 0xc0, 0x30}
			c = binary.BigEndian.AppendUint32(c, uint32(int32((int64(msg)-int64(pc+4))/2)))
			c = append(c, 0xa7, 0x49, byte(n>>8), byte(n), 0x0a, 0x04, 0xa7, 0x29, 0, byte(code), 0x0a, 0x01)
			return c
		}},
	{name: "ppc", machine: elfkit.EM_PPC, class: elfkit.ELFCLASS32, big: true, qemu: "qemu-ppc",
		code: func(pc, msg uint64, n, code int, big bool) []byte {
			var c []byte
			for _, w := range []uint32{0x38000004, 0x38600001, 0x3c800000 | uint32(msg>>16), 0x60840000 | uint32(msg&0xffff),
				0x38a00000 | uint32(n), 0x44000002, 0x38000001, 0x38600000 | uint32(code), 0x44000002} {
				c = put32(true, c, w)
			}
			return c
		}},
}

// runProgram runs the program at path (under qemu when p.qemu is set) and
// returns its standard output and exit code; it skips the test when the
// program cannot be run here.
func runProgram(t *testing.T, qemu, path string, args ...string) (string, int) {
	t.Helper()
	var cmd *exec.Cmd
	if qemu == "" {
		if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
			t.Skipf("cannot run an x86-64 Linux program on %s/%s", runtime.GOOS, runtime.GOARCH)
		}
		cmd = exec.Command(path)
	} else {
		if !testfiles.HaveTool(qemu) {
			t.Skipf("%s not installed (.ci/run installs qemu-user)", qemu)
		}
		cmd = exec.Command(qemu, append(args, path)...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running %s: %v\n%s", path, err, stderr.Bytes())
	}
	if stderr.Len() > 0 {
		t.Logf("%s stderr: %s", path, stderr.Bytes())
	}
	return stdout.String(), cmd.ProcessState.ExitCode()
}

// checkWithTools runs readelf -a -W (no warnings on stderr) and
// eu-elflint --gnu-ld (no output) on path. Lines of readelf's stderr that
// match one of allow are not counted.
func checkWithTools(t *testing.T, path string, allow ...*regexp.Regexp) {
	t.Helper()
	if testfiles.HaveTool("readelf") {
		cmd := exec.Command("readelf", "-a", "-W", path)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		err := cmd.Run()
		var warnings []string
		for _, line := range strings.Split(strings.TrimSpace(stderr.String()), "\n") {
			if line != "" && !slices.ContainsFunc(allow, func(re *regexp.Regexp) bool { return re.MatchString(line) }) {
				warnings = append(warnings, line)
			}
		}
		if err != nil || len(warnings) > 0 {
			t.Errorf("readelf -a -W %s: %v\n%s", filepath.Base(path), err, strings.Join(warnings, "\n"))
		}
	} else {
		t.Logf("readelf not installed: not checked")
	}
	if testfiles.HaveTool("eu-elflint") {
		out, err := exec.Command("eu-elflint", "-q", "--gnu-ld", path).CombinedOutput()
		if err != nil || len(out) > 0 {
			t.Errorf("eu-elflint -q --gnu-ld %s: %v\n%s", filepath.Base(path), err, out)
		}
	} else {
		t.Logf("eu-elflint not installed: not checked")
	}
}

// crossCheck compares what debug/elf reads from path with the Builder's
// sections and program headers.
func crossCheck(t *testing.T, path string, b *Builder) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("debug/elf: %v", err)
	}
	defer f.Close()
	type sec struct {
		Name                      string
		Type                      elf.SectionType
		Flags                     elf.SectionFlag
		Addr, Offset, Size, Align uint64
		Link, Info                uint32
		Entsize                   uint64
	}
	var got, want []sec
	for _, s := range f.Sections {
		got = append(got, sec{s.Name, s.Type, s.Flags, s.Addr, s.Offset, s.Size, s.Addralign, s.Link, s.Info, s.Entsize})
	}
	for _, s := range b.SectionTable() {
		link := s.rawLink
		if s.Link != nil {
			link = s.Link.Index()
		}
		info := s.Info
		if s.InfoSection != nil {
			info = s.InfoSection.Index()
		}
		want = append(want, sec{s.Name, elf.SectionType(s.Type), elf.SectionFlag(s.Flags), uint64(s.Addr), uint64(s.Offset),
			uint64(s.Size), uint64(s.Addralign), link, info, uint64(s.Entsize)})
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("sections (-builder +debug/elf):\n%s", d)
	}
	type prog struct {
		Type                                    elf.ProgType
		Flags                                   elf.ProgFlag
		Off, Vaddr, Paddr, Filesz, Memsz, Align uint64
	}
	var gotP, wantP []prog
	for _, p := range f.Progs {
		gotP = append(gotP, prog{p.Type, p.Flags, p.Off, p.Vaddr, p.Paddr, p.Filesz, p.Memsz, p.Align})
	}
	for _, p := range b.ProgramHeaders() {
		wantP = append(wantP, prog{elf.ProgType(p.Type), elf.ProgFlag(p.Flags), uint64(p.Offset), uint64(p.Vaddr), uint64(p.Paddr),
			uint64(p.Filesz), uint64(p.Memsz), uint64(p.Align)})
	}
	if d := cmp.Diff(wantP, gotP); d != "" {
		t.Errorf("program headers (-builder +debug/elf):\n%s", d)
	}
}

// writeProgram builds the static executable of p: .text with the code,
// .rodata with msg, a .symtab with _start and msg, .bss, and a build ID.
func writeProgram(t *testing.T, p program, msg string, code int, path string, extra ...func(*Builder)) *Builder {
	t.Helper()
	b := NewBuilder(elfkit.ET_EXEC, p.machine)
	b.BigEndian = p.big
	b.Flags = p.flags
	placeholder := p.code(0, 0, len(msg), code, p.big)
	text := b.AddSection(".text", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, make([]byte, len(placeholder)))
	text.Addralign = 4
	rodata := b.AddSection(".rodata", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC, []byte(msg))
	rodata.Addralign = 8
	data := b.AddSection(".data", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE, []byte("data"))
	data.Addralign = 4
	bss := b.AddSection(".bss", elfkit.SHT_NOBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE, nil)
	bss.Size, bss.Addralign = 100, 16
	b.AddSection(".comment", elfkit.SHT_PROGBITS, elfkit.SHF_MERGE|elfkit.SHF_STRINGS, []byte("elfkit\x00")).Entsize = 1
	b.AddSymbol("hello.s", elfkit.STB_LOCAL, elfkit.STT_FILE, nil, 0, 0).Shndx = elfkit.SHN_ABS
	b.AddSymbol("msg", elfkit.STB_LOCAL, elfkit.STT_OBJECT, rodata, 0, Xword(len(msg)))
	b.AddSymbol("_start", elfkit.STB_GLOBAL, elfkit.STT_FUNC, text, 0, Xword(len(placeholder)))
	b.AddSymbol("counter", elfkit.STB_GLOBAL, elfkit.STT_OBJECT, bss, 0, 100)
	b.EntrySection = text
	b.BuildID = []byte("0123456789abcdef0123")
	for _, f := range extra {
		f(b)
	}
	if err := b.Layout(); err != nil {
		t.Fatalf("Layout: %v", err)
	}
	copy(text.Data, p.code(uint64(text.Addr), uint64(rodata.Addr), len(msg), code, p.big))
	if err := b.WriteFile(path, 0o755); err != nil {
		t.Fatalf("WriteFile: %v", err)
	}
	return b
}

func TestBuilderStaticExecutable(t *testing.T) {
	for _, p := range programs {
		if p.class != Class {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			const msg = "hello from elfkit\n"
			path := filepath.Join(t.TempDir(), "hello-"+p.name)
			b := writeProgram(t, p, msg, 42, path)
			checkWithTools(t, path)
			crossCheck(t, path, b)
			roundTrip(t, path)
			out, code := runProgram(t, p.qemu, path)
			if out != msg || code != 42 {
				t.Errorf("%s printed %q and exited with %d, want %q and 42", p.name, out, code, msg)
			}
		})
	}
}

// TestBuilderTLS adds thread-local sections to the static program: Layout
// must place .tdata and .tbss at the start of the writable segment, under
// PT_TLS and PT_GNU_RELRO, with .tbss taking no room in the image.
func TestBuilderTLS(t *testing.T) {
	for _, p := range programs {
		if p.class != Class {
			continue
		}
		t.Run(p.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tls-"+p.name)
			var tdata, tbss, data *OutSection
			b := writeProgram(t, p, "tls\n", 0, path, func(b *Builder) {
				for _, s := range b.Sections {
					if s.Name == ".data" {
						data = s
					}
				}
				tdata = b.AddSection(".tdata", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE|elfkit.SHF_TLS, []byte{1, 2, 3, 4, 5})
				tdata.Addralign = 4
				tbss = b.AddSection(".tbss", elfkit.SHT_NOBITS, elfkit.SHF_ALLOC|elfkit.SHF_WRITE|elfkit.SHF_TLS, nil)
				tbss.Size, tbss.Addralign = 32, 16
				b.AddSymbol("tls_var", elfkit.STB_GLOBAL, elfkit.STT_TLS, tdata, 0, 4)
			})
			checkWithTools(t, path)
			crossCheck(t, path, b)
			roundTrip(t, path)
			var tls *OutSegment
			for _, ph := range b.ProgramHeaders() {
				if ph.Type == elfkit.PT_TLS {
					tls = &ph
				}
			}
			if tls == nil {
				t.Fatal("no PT_TLS")
			}
			want := OutSegment{Type: elfkit.PT_TLS, Flags: elfkit.PF_R, Offset: tdata.Offset, Vaddr: tdata.Addr, Paddr: tdata.Addr,
				Filesz: 5, Memsz: Xword(uint64(tbss.Addr) + 32 - uint64(tdata.Addr)), Align: 16}
			if d := cmp.Diff(want, *tls); d != "" {
				t.Errorf("PT_TLS (-want +got):\n%s", d)
			}
			// RELRO covers .tdata and stops before .data.
			for _, ph := range b.ProgramHeaders() {
				if ph.Type == elfkit.PT_GNU_RELRO && (ph.Vaddr != tdata.Addr || uint64(ph.Vaddr)+uint64(ph.Memsz) > uint64(data.Addr)) {
					t.Errorf("PT_GNU_RELRO %#x+%#x, .tdata at %#x, .data at %#x", ph.Vaddr, ph.Memsz, tdata.Addr, data.Addr)
				}
			}
			if out, code := runProgram(t, p.qemu, path); out != "tls\n" || code != 0 {
				t.Errorf("program printed %q, exit %d", out, code)
			}
		})
	}
}

func TestBuilderWriteFileKeepsMode(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	b := NewBuilder(elfkit.ET_REL, elfkit.EM_X86_64)
	if err := b.WriteFile(path, 0o755); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, want the old file's 0640", fi.Mode())
	}
	got, _ := os.ReadFile(path)
	want, _ := b.Bytes()
	if !bytes.Equal(got, want) {
		t.Errorf("file holds %d bytes, not the %d the builder makes", len(got), len(want))
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("directory holds %d entries after WriteFile, want 1 (no temporary file left)", len(ents))
	}
	// A new file gets the mode asked for.
	path2 := filepath.Join(dir, "g")
	if err := b.WriteFile(path2, 0o751); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path2); fi.Mode().Perm() != 0o751 {
		t.Errorf("new file mode %v, want 0751", fi.Mode())
	}
	// A failing write leaves the old file alone and no temporary file.
	b.Sections = append(b.Sections, nil)
	if err := b.WriteFile(path, 0o755); err == nil {
		t.Errorf("WriteFile with a nil section succeeded")
	}
	if got2, _ := os.ReadFile(path); !bytes.Equal(got2, got) {
		t.Errorf("failed WriteFile changed the file")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("directory holds %d entries, want 2", len(ents))
	}
}

// TestBuilderLayoutErrors checks that Layout reports every inconsistency.
func TestBuilderLayoutErrors(t *testing.T) {
	b := NewBuilder(elfkit.ET_EXEC, elfkit.EM_X86_64)
	stray := &OutSection{Name: ".stray", Type: elfkit.SHT_PROGBITS}
	text := b.AddSection(".text", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, []byte{0xc3})
	text.Link = stray
	b.AddSection(".wx", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR|elfkit.SHF_WRITE, []byte{0})
	b.AddSymbol("s", elfkit.STB_GLOBAL, elfkit.STT_FUNC, stray, 0, 0)
	b.Segments = append(b.Segments, &OutSegment{Type: elfkit.PT_LOAD, Flags: elfkit.PF_R, Vaddr: Addr(DefaultBase(elfkit.EM_X86_64)), Memsz: 0x10})
	err := b.Layout()
	if err == nil {
		t.Fatal("Layout succeeded")
	}
	for _, want := range []struct {
		sentinel error
		text     string
	}{
		{elfkit.ErrBadLink, `section ".text": sh_link`},
		{elfkit.ErrUnsupported, "writable and executable"},
		{elfkit.ErrNotFound, `symbol "s"`},
		{elfkit.ErrCorrupt, "overlap"},
	} {
		if !errors.Is(err, want.sentinel) || !strings.Contains(err.Error(), want.text) {
			t.Errorf("Layout error lacks %v %q:\n%v", want.sentinel, want.text, err)
		}
	}
	var fe *elfkit.FormatError
	if !errors.As(err, &fe) {
		t.Errorf("Layout error is not a *elf.FormatError: %v", err)
	}
	if _, err := b.WriteTo(io.Discard); err == nil {
		t.Errorf("WriteTo after a failed Layout succeeded")
	}
	b.AllowWX = true
	b.Segments = nil
	b.Symbols = nil
	text.Link = nil
	if err := b.Layout(); err != nil {
		t.Errorf("Layout with AllowWX: %v", err)
	}
}

func TestStrtabSuffixSharing(t *testing.T) {
	var st strtab
	st.reset(0)
	names := []string{"foobar", "bar", "", "ar", "foobar", "baz", "obar", "r", "xfoobar"}
	refs := make([]uint32, len(names))
	for i, n := range names {
		refs[i] = st.add(n)
	}
	st.build()
	for i, n := range names {
		off := st.off[refs[i]]
		got, err := NewStringTable(st.data).String(off)
		if err != nil || got != n {
			t.Errorf("%q at offset %d reads back as %q, %v", n, off, got, err)
		}
	}
	// Only "xfoobar" and "baz" need bytes of their own.
	if want := 1 + len("xfoobar\x00") + len("baz\x00"); len(st.data) != want {
		t.Errorf("table is %d bytes %q, want %d", len(st.data), st.data, want)
	}
}
