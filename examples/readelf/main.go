package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"

	"github.com/elfkit/elf/internal/mmap"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// longOptions maps GNU readelf's long options (those this program knows)
// to the short option they stand for; "" entries are long-only.
var longOptions = []struct{ name, short string }{
	{"all", "a"},
	{"file-header", "h"},
	{"program-headers", "l"},
	{"segments", "l"},
	{"section-headers", "S"},
	{"sections", "S"},
	{"section-groups", "g"},
	{"headers", "e"},
	{"syms", "s"},
	{"symbols", "s"},
	{"dyn-syms", "dyn-syms"},
	{"notes", "n"},
	{"relocs", "r"},
	{"unwind", "u"},
	{"dynamic", "d"},
	{"version-info", "V"},
	{"arch-specific", "A"},
	{"histogram", "I"},
	{"wide", "W"},
	{"help", "H"},
	{"version", "v"},
	// Accepted by GNU readelf and listed here only so that prefixes are
	// ambiguous exactly when they are for GNU.
	{"sym-base", "?"},
	{"section-details", "?"},
}

const usageText = `Usage: readelf <option(s)> elf-file(s)
 Display information about the contents of ELF format files
 Options are (this program implements these; GNU readelf has more):
  -a --all               Equivalent to: -h -l -S -s -r -d -V -A -I
  -h --file-header       Display the ELF file header
  -l --program-headers   Display the program headers
     --segments          An alias for --program-headers
  -S --section-headers   Display the sections' header
     --sections          An alias for --section-headers
  -g --section-groups    Display the section groups
  -e --headers           Equivalent to: -h -l -S
  -s --syms              Display the symbol table
     --symbols           An alias for --syms
     --dyn-syms          Display the dynamic symbol table
  -n --notes             Display the core notes (if present)
  -r --relocs            Display the relocations (if present)
  -u --unwind            Display the unwind info (if present)
  -d --dynamic           Display the dynamic section (if present)
  -V --version-info      Display the version sections (if present)
  -A --arch-specific     Display architecture specific information (if any)
  -I --histogram         Display histogram of bucket list lengths
  -W --wide              Allow output width to exceed 80 characters
  -H --help              Display this information
  -v --version           Display the version number of readelf
`

// run is the whole program: it parses args (without the program name),
// prints to stdout and stderr, and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	var o options
	var files []string
	any := false
	set := func(c string) bool {
		switch c {
		case "a":
			o.FileHeader, o.ProgramHeaders, o.SectionHeaders, o.SectionGroups = true, true, true, true
			o.Symbols, o.Relocs, o.Dynamic, o.VersionInfo, o.Notes = true, true, true, true, true
			o.ArchSpecific, o.Unwind, o.Histogram = true, true, true
		case "h":
			o.FileHeader = true
		case "l":
			o.ProgramHeaders = true
		case "S":
			o.SectionHeaders = true
		case "g":
			o.SectionGroups = true
		case "e":
			o.FileHeader, o.ProgramHeaders, o.SectionHeaders = true, true, true
		case "s":
			o.Symbols = true
		case "dyn-syms":
			o.DynSyms = true
		case "n":
			o.Notes = true
		case "r":
			o.Relocs = true
		case "u":
			o.Unwind = true
		case "d":
			o.Dynamic = true
		case "V":
			o.VersionInfo = true
		case "A":
			o.ArchSpecific = true
		case "I":
			o.Histogram = true
		case "W":
			o.Wide = true
			return true // not an action
		default:
			return false
		}
		any = true
		return true
	}
	usage := func(w io.Writer) {
		fmt.Fprint(w, usageText)
	}
	onlyFiles := false
	for _, a := range args {
		switch {
		case onlyFiles || a == "-" || !strings.HasPrefix(a, "-"):
			files = append(files, a)
		case a == "--":
			onlyFiles = true
		case strings.HasPrefix(a, "--"):
			name := a[2:]
			if i := strings.IndexByte(name, '='); i >= 0 {
				name = name[:i]
			}
			var match []string
			short := ""
			for _, l := range longOptions {
				if l.name == name {
					match, short = []string{l.name}, l.short
					break
				}
				if strings.HasPrefix(l.name, name) {
					match = append(match, l.name)
					short = l.short
				}
			}
			switch {
			case len(match) == 0:
				fmt.Fprintf(stderr, "readelf: unrecognized option '%s'\n", a)
				usage(stderr)
				return 1
			case len(match) > 1:
				fmt.Fprintf(stderr, "readelf: option '%s' is ambiguous; possibilities:", a)
				for _, m := range match {
					fmt.Fprintf(stderr, " '--%s'", m)
				}
				fmt.Fprintln(stderr)
				usage(stderr)
				return 1
			}
			switch short {
			case "H":
				usage(stdout)
				return 0
			case "v":
				fmt.Fprintln(stdout, "GNU readelf (elfkit examples/readelf) 2.40")
				return 0
			}
			if !set(short) {
				fmt.Fprintf(stderr, "readelf: option '--%s' is not supported by this readelf\n", match[0])
				return 1
			}
		default:
			for _, c := range a[1:] {
				switch c {
				case 'H':
					usage(stdout)
					return 0
				case 'v':
					fmt.Fprintln(stdout, "GNU readelf (elfkit examples/readelf) 2.40")
					return 0
				}
				if !set(string(c)) {
					fmt.Fprintf(stderr, "readelf: invalid option -- '%c'\n", c)
					usage(stderr)
					return 1
				}
			}
		}
	}
	if !any {
		fmt.Fprintln(stderr, "readelf: Warning: Nothing to do.")
	}
	if !any || len(files) == 0 {
		usage(stderr)
		return 1
	}
	bw := bufio.NewWriterSize(stdout, 64<<10)
	status := 0
	for _, name := range files {
		if !processFile(bw, stderr, name, &o, len(files) > 1) {
			status = 1
		}
		bw.Flush()
	}
	return status
}

// processFile prints the selected groups of one file, and reports whether
// GNU readelf would have succeeded.
func processFile(w *bufio.Writer, stderr io.Writer, name string, o *options, showName bool) bool {
	fail := func(format string, args ...any) bool {
		w.Flush()
		fmt.Fprintf(stderr, "readelf: Error: "+format+"\n", args...)
		return false
	}
	st, err := os.Stat(name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fail("'%s': No such file", name)
		}
		var errno syscall.Errno
		msg := err.Error()
		if errors.As(err, &errno) {
			msg = errno.Error()
			msg = strings.ToUpper(msg[:1]) + msg[1:]
		}
		return fail("Could not locate '%s'.  System error message: %s", name, msg)
	}
	if !st.Mode().IsRegular() {
		return fail("'%s' is not an ordinary file", name)
	}
	m, err := mmap.Open(name)
	if err != nil {
		return fail("Input file '%s' is not readable.", name)
	}
	defer m.Close()
	data := m.Data
	if len(data) < 8 {
		return fail("%s: Failed to read file's magic number", name)
	}
	if string(data[:8]) == "!<arch>\n" || string(data[:8]) == "!<thin>\n" {
		return fail("%s: archives are not supported by this readelf", name)
	}
	w.Flush()
	f, ok := newFile(name, data, w, &flushWriter{w, stderr}, showName)
	if !ok {
		return false
	}
	for _, g := range groupOrder {
		if !o.wants(g) {
			continue
		}
		p := printers[g]
		if p == nil {
			continue
		}
		if err := p(w, f, o); err != nil {
			if err != errFailed {
				f.errorf("%v", err)
			}
			f.failed = true
		}
	}
	return !f.failed
}

// wants reports whether group g is selected.
func (o *options) wants(g string) bool {
	switch g {
	case groupFileHeader:
		return o.FileHeader
	case groupSectionHeaders:
		return o.SectionHeaders
	case groupSectionGroups:
		return o.SectionGroups
	case groupProgramHeaders:
		return o.ProgramHeaders
	case groupDynamic:
		return o.Dynamic
	case groupRelocs:
		return o.Relocs
	case groupUnwind:
		return o.Unwind
	case groupHistogram:
		return o.Histogram
	case groupSymbols:
		return o.Symbols || o.DynSyms
	case groupVersionInfo:
		return o.VersionInfo
	case groupNotes:
		return o.Notes
	case groupArchSpecific:
		return o.ArchSpecific
	}
	return false
}

// flushWriter flushes the buffered standard output before each write to
// standard error, so a terminal shows both in order.
type flushWriter struct {
	out *bufio.Writer
	err io.Writer
}

func (fw *flushWriter) Write(p []byte) (int, error) {
	fw.out.Flush()
	return fw.err.Write(p)
}
