// Command mkelf writes three x86-64 Linux programs with elf64.Builder, no
// compiler or linker involved, and runs them:
//
//   - hello, a static executable that writes a line with the write system
//     call and exits;
//   - libgreet.so, a shared object whose greet@@GREET_1.0 returns a string;
//   - greet, a dynamically linked executable (PT_INTERP, DT_NEEDED,
//     DT_RUNPATH $ORIGIN) that calls greet from libgreet.so and puts and
//     exit from libc through a GOT the dynamic loader fills.
//
// Usage:
//
//	mkelf [-o dir] [-run=false]
package main

import (
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"

	"github.com/dustin/go-humanize"
	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
)

func main() {
	dir := flag.String("o", ".", "directory to write the files to")
	run := flag.Bool("run", true, "run the programs after writing them")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("mkelf: ")
	files, err := write(*dir)
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("wrote %s (%s)\n", f, humanize.IBytes(uint64(fi.Size())))
	}
	if !*run {
		return
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		log.Printf("not running x86-64 Linux programs on %s/%s", runtime.GOOS, runtime.GOARCH)
		return
	}
	for _, prog := range []string{files[0], files[2]} {
		out, err := exec.Command(prog).CombinedOutput()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			log.Fatal(err)
		}
		fmt.Printf("$ %s\n%s", prog, out)
	}
}

// write writes hello, libgreet.so and greet into dir and returns their
// paths.
func write(dir string) ([]string, error) {
	paths := []string{filepath.Join(dir, "hello"), filepath.Join(dir, "libgreet.so"), filepath.Join(dir, "greet")}
	for i, b := range []func() (*elf64.Builder, error){hello, libgreet, greet} {
		bl, err := b()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", paths[i], err)
		}
		if err := bl.WriteFile(paths[i], 0o755); err != nil {
			return nil, fmt.Errorf("%s: %w", paths[i], err)
		}
	}
	return paths, nil
}

// rel32 is the 32-bit displacement from next (the address after the
// instruction) to target.
func rel32(code []byte, target, next elf64.Addr) []byte {
	return binary.LittleEndian.AppendUint32(code, uint32(int32(int64(target)-int64(next))))
}

// hello is a static executable: write(1, msg, len); exit(0).
func hello() (*elf64.Builder, error) {
	const msg = "hello from a file elfkit wrote\n"
	b := elf64.NewBuilder(elf.ET_EXEC, elf.EM_X86_64)
	text := b.AddSection(".text", elf.SHT_PROGBITS, elf.SHF_ALLOC|elf.SHF_EXECINSTR, make([]byte, 36))
	text.Addralign = 16
	rodata := b.AddSection(".rodata", elf.SHT_PROGBITS, elf.SHF_ALLOC, []byte(msg))
	b.AddSymbol("_start", elf.STB_GLOBAL, elf.STT_FUNC, text, 0, elf64.Xword(len(text.Data)))
	b.EntrySection = text
	b.BuildID = []byte("mkelf-hello-build-id")
	// Layout first: the code needs the message's address.
	if err := b.Layout(); err != nil {
		return nil, err
	}
	pc := text.Addr
	c := []byte{0xb8, 1, 0, 0, 0, 0xbf, 1, 0, 0, 0, 0x48, 0x8d, 0x35} // mov $1,%eax; mov $1,%edi; lea msg(%rip),%rsi
	c = rel32(c, rodata.Addr, pc+17)
	c = append(c, 0xba)                                                     // mov $len,%edx
	c = binary.LittleEndian.AppendUint32(c, uint32(len(msg)))               //
	c = append(c, 0x0f, 0x05, 0xb8, 60, 0, 0, 0, 0x31, 0xff, 0x0f, 0x05, 0) // syscall; mov $60,%eax; xor %edi,%edi; syscall
	copy(text.Data, c)
	return b, nil
}

// libgreet is a shared object: const char *greet(void) at version
// GREET_1.0.
func libgreet() (*elf64.Builder, error) {
	b := elf64.NewBuilder(elf.ET_DYN, elf.EM_X86_64)
	b.Soname = "libgreet.so"
	b.Versions = []elf64.OutVersion{{Name: "GREET_1.0"}}
	text := b.AddSection(".text", elf.SHT_PROGBITS, elf.SHF_ALLOC|elf.SHF_EXECINSTR, make([]byte, 8))
	text.Addralign = 16
	rodata := b.AddSection(".rodata", elf.SHT_PROGBITS, elf.SHF_ALLOC, []byte("hello from a library elfkit wrote\x00"))
	greet := &elf64.OutSymbol{Name: "greet", Version: "GREET_1.0", Bind: elf.STB_GLOBAL, Type: elf.STT_FUNC, Section: text, Size: 8}
	b.DynSymbols = []*elf64.OutSymbol{greet}
	b.Symbols = []*elf64.OutSymbol{{Name: "greet", Bind: elf.STB_GLOBAL, Type: elf.STT_FUNC, Section: text, Size: 8}}
	if err := b.Layout(); err != nil {
		return nil, err
	}
	c := rel32([]byte{0x48, 0x8d, 0x05}, rodata.Addr, text.Addr+7) // lea msg(%rip),%rax
	copy(text.Data, append(c, 0xc3))                               // ret
	return b, nil
}

// greet is a dynamically linked executable: puts(greet()); exit(0), with
// the three functions called through a GOT of GLOB_DAT relocations.
func greet() (*elf64.Builder, error) {
	b := elf64.NewBuilder(elf.ET_EXEC, elf.EM_X86_64)
	b.Interp = "/lib64/ld-linux-x86-64.so.2"
	b.Needed = []string{"libgreet.so", "libc.so.6"}
	b.Runpath = "$ORIGIN"
	b.Needs = []elf64.OutNeed{
		{File: "libgreet.so", Versions: []elf64.OutNeedVersion{{Name: "GREET_1.0"}}},
		{File: "libc.so.6", Versions: []elf64.OutNeedVersion{{Name: "GLIBC_2.2.5"}}},
	}
	b.DynEntries = []elf64.OutDyn{{Tag: elf.DT_FLAGS, Val: elf64.Xword(elf.DF_BIND_NOW)}}
	text := b.AddSection(".text", elf.SHT_PROGBITS, elf.SHF_ALLOC|elf.SHF_EXECINSTR, make([]byte, 23))
	text.Addralign = 16
	got := b.AddSection(".got", elf.SHT_PROGBITS, elf.SHF_ALLOC|elf.SHF_WRITE, make([]byte, 3*8))
	got.Addralign, got.Entsize, got.RelRO = 8, 8, true
	fn := func(name, version string) *elf64.OutSymbol {
		return &elf64.OutSymbol{Name: name, Version: version, Bind: elf.STB_GLOBAL, Type: elf.STT_FUNC}
	}
	greet, puts, exit := fn("greet", "GREET_1.0"), fn("puts", "GLIBC_2.2.5"), fn("exit", "GLIBC_2.2.5")
	b.DynSymbols = []*elf64.OutSymbol{greet, puts, exit}
	for i, s := range b.DynSymbols {
		b.Relocs = append(b.Relocs, elf64.OutReloc{Section: got, Offset: elf64.Addr(8 * i), Symbol: s, Type: uint32(elf.R_X86_64_GLOB_DAT)})
	}
	b.AddSymbol("_start", elf.STB_GLOBAL, elf.STT_FUNC, text, 0, elf64.Xword(len(text.Data)))
	b.EntrySection = text
	if err := b.Layout(); err != nil {
		return nil, err
	}
	pc, g := text.Addr, got.Addr
	c := rel32([]byte{0xff, 0x15}, g, pc+6)       // call *greet@got(%rip)
	c = append(c, 0x48, 0x89, 0xc7)               // mov %rax,%rdi
	c = rel32(append(c, 0xff, 0x15), g+8, pc+15)  // call *puts@got(%rip)
	c = append(c, 0x31, 0xff)                     // xor %edi,%edi
	c = rel32(append(c, 0xff, 0x15), g+16, pc+23) // call *exit@got(%rip)
	copy(text.Data, c)
	return b, nil
}
