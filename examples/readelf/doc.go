// Command readelf is a drop-in for GNU readelf 2.40 on the options people
// use every day, written with this module's readers:
//
//	go run ./examples/readelf -a /bin/ls
//
// Usage:
//
//	readelf <option(s)> elf-file(s)
//
// Options (short ones combine, as in -hlS or -aW; long ones may be
// abbreviated while unambiguous, as with getopt_long):
//
//	-a --all               -h -l -S -s -r -d -V -n -g -u -I -A
//	-h --file-header       the ELF header
//	-l --program-headers   the program headers (also --segments)
//	-S --section-headers   the section headers (also --sections)
//	-g --section-groups    the section groups
//	-e --headers           -h -l -S
//	-s --syms              the symbol tables (also --symbols)
//	   --dyn-syms          the dynamic symbol table
//	-r --relocs            the relocations
//	-d --dynamic           the dynamic section
//	-V --version-info      the version sections
//	-n --notes             the notes
//	-u --unwind            the unwind information (see below)
//	-I --histogram         bucket list length histograms of the hash tables
//	-A --arch-specific     architecture-specific information (see below)
//	-W --wide              allow lines wider than 80 columns
//
// For well-formed files of any class, byte order and machine, standard
// output is meant to be byte-identical to GNU readelf's (LC_ALL=C), groups
// printed in GNU's order (file header, section headers, section groups,
// program headers, dynamic section, relocations, unwind, symbols,
// histogram, version sections, notes, architecture-specific information), with "\nFile: name\n" before each file when there are
// several. Diagnostics go to standard error in GNU's words
// ("readelf: Error: ...", "readelf: Warning: ..."), and the exit status is
// GNU's: 1 when a file is missing, not a regular file, too short or not
// ELF, or the command line is wrong; 0 otherwise, even after warnings.
// Malformed files never make it panic, hang or allocate more than the file
// size: it prints what can still be read.
//
// # How the code is organised
//
// file.go reads a file once into a class-neutral view (header, section and
// program headers widened to uint64, section names) and keeps the
// elf64.File or elf32.File for the printers that need more. Each option
// group is a printer in its own file (headers.go: -h and -l; sections.go:
// -S; groups.go: -g, -u, -I and -A; the others in symbols.go, dynamic.go,
// versions.go, notes.go, relocs.go) registered in the printers map; main.go
// parses the command line and calls the printers of the selected groups.
//
// # Testing
//
// readelf_test.go runs this program (in-process) and GNU readelf on the
// committed testdata/ samples (every class, byte order and machine there),
// on a set it builds (Go binaries for 13 GOARCH values, C objects, shared
// objects and PIEs from every installed cross compiler, static and RELR
// executables, C++ COMDAT groups, compressed debug sections, an object with
// 65300 sections, the Go distribution's debug/elf samples and core dump),
// and on testfiles.Corpus, and compares standard output byte for byte per
// option group (-h, -l, -l -W, -S, -S -W, -g, -e, -e -W, -u, -I, -A),
// logging the match rate; e_machine names, OS/ABI names and e_flags decoding are
// checked on synthetic headers; truncated and corrupted copies of the
// samples check the exit status and the warnings.
//
// # Known differences from GNU readelf
//
//   - -A (--arch-specific) decodes the attribute sections of ARM,
//     RISC-V, PowerPC, s390, MIPS and the generic "gnu" ones, the MIPS ABI
//     flags and the MIPS primary GOT; it does not print the MIPS PLT GOT,
//     static GOT, .MIPS.options, library list and conflicts, and prints
//     nothing for SPARC, TI C6000, C-SKY, ARC, MSP430, m68k and NDS32.
//   - -I does not print the histogram of DT_MIPS_XHASH (.MIPS.xhash).
//   - -u does not decode the unwind tables of ARM, TI C6000, IA-64 and
//     PA-RISC: for a file that has them it prints nothing (GNU's "There are
//     no unwind sections in this file." when it has none), so -a differs on
//     ARM executables with .ARM.exidx. For the other machines it prints
//     GNU's one-line message.
//   - e_flags are decoded for ARM, MIPS, RISC-V, PowerPC, PowerPC64, s390,
//     LoongArch, SPARC v9 and IA-64; for other machines (ARC, AVR, NDS32,
//     AMDGPU, SuperH, V850, ...) only the hexadecimal value is printed.
//   - Archives (ar files) are not read: they are reported as an error.
//   - Standard error: GNU runs every check of every group whatever the
//     options; this program prints the diagnostics of the groups it runs,
//     and not all of GNU's sanity checks (e.g. the sh_link/sh_info checks
//     of -S).
//   - Names with bytes above 0x7f are printed as they are (GNU's output
//     then depends on the locale's multibyte handling).
//   - Only the options listed above; GNU's others (-x, -p, -w, -t, -D, -c,
//     ...) are rejected.
package main
