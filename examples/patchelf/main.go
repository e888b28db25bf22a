// Command patchelf edits the dynamic linking information of ELF executables
// and shared libraries, with the flags and the output of NixOS patchelf:
//
//	patchelf [--print-interpreter] [--set-interpreter FILE]
//	         [--print-rpath] [--set-rpath RPATH] [--add-rpath RPATH] [--remove-rpath]
//	         [--shrink-rpath] [--allowed-rpath-prefixes PREFIXES] [--force-rpath]
//	         [--print-needed] [--add-needed LIB] [--remove-needed LIB]
//	         [--replace-needed LIB NEW_LIB]
//	         [--print-soname] [--set-soname SONAME]
//	         [--print-os-abi] [--set-os-abi ABI]
//	         [--print-execstack] [--clear-execstack] [--set-execstack]
//	         [--no-default-lib] [--clear-symbol-version SYMBOL] [--add-debug-tag]
//	         [--rename-dynamic-symbols NAME_MAP_FILE]
//	         [--page-size SIZE] [--output FILE] FILE...
//
// The changes are made by elf64.Editor (or elf32.Editor): in place when
// they fit, else in a new PT_LOAD segment at the end of the file (aligned
// to --page-size, default the largest PT_LOAD alignment). Without --output
// each FILE is replaced atomically; a file that cannot be read or changed
// is never touched.
package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// editor is what elf32.Editor and elf64.Editor have in common.
type editor interface {
	Interpreter() (string, error)
	SetInterpreter(string) error
	Needed() ([]string, error)
	Soname() (string, error)
	SetSoname(string) error
	Rpath() (string, error)
	SetRpath(string, bool) error
	RemoveRpath() error
	AddRpath(string, bool) error
	ShrinkRpath([]string, bool) error
	NoDefaultLib() error
	RenameDynamicSymbols(map[string]string) error
	AddNeeded(...string) error
	RemoveNeeded(...string) error
	ReplaceNeeded(string, string) error
	ClearSymbolVersion(string) (int, error)
	AddDebugTag() error
	ExecStack() (bool, bool)
	SetExecStack(bool) error
	SetOSABI(elf.OSABI)
	SetPageSize(uint64)
	WriteFile(string, fs.FileMode) error
}

// options is the parsed command line.
type options struct {
	printInterp, printRpath, printNeeded, printSoname, printOSABI, printExec bool
	setInterp, setRpath, addRpath, setSoname, setOSABI                       *string
	removeRpath, shrinkRpath, forceRpath, addDebug, noDefaultLib             bool
	allowedPrefixes                                                          []string
	clearExec, setExec                                                       bool
	addNeeded, removeNeeded, clearVersion                                    []string
	replaceNeeded                                                            [][2]string
	renames                                                                  map[string]string
	output                                                                   string
	pageSize                                                                 uint64
	files                                                                    []string
}

const usage = `syntax: patchelf
  [--set-interpreter FILENAME]
  [--page-size SIZE]
  [--print-interpreter]
  [--print-os-abi]		Prints 'EI_OSABI' field of ELF header
  [--set-os-abi ABI]		Sets 'EI_OSABI' field of ELF header to ABI.
  [--print-soname]		Prints 'DT_SONAME' entry of .dynamic section.
  [--set-soname SONAME]		Sets 'DT_SONAME' entry to SONAME.
  [--set-rpath RPATH]
  [--add-rpath RPATH]
  [--remove-rpath]
  [--shrink-rpath]
  [--allowed-rpath-prefixes PREFIXES]		With '--shrink-rpath', reject rpath entries not starting with the allowed prefix
  [--print-rpath]
  [--force-rpath]
  [--add-needed LIBRARY]
  [--remove-needed LIBRARY]
  [--replace-needed LIBRARY NEW_LIBRARY]
  [--print-needed]
  [--no-default-lib]
  [--clear-symbol-version SYMBOL]
  [--add-debug-tag]
  [--rename-dynamic-symbols NAME_MAP_FILE]	Renames dynamic symbols. The map file should contain two symbols (old_name new_name) per line
  [--print-execstack]		Prints whether the object requests an executable stack
  [--clear-execstack]
  [--set-execstack]
  [--output FILE]
  FILENAME...
`

func parse(args []string) (*options, error) {
	o := &options{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		need := func(n int) ([]string, error) {
			if i+n >= len(args) {
				return nil, fmt.Errorf("%s needs %d argument(s)", a, n)
			}
			v := args[i+1 : i+1+n]
			i += n
			return v, nil
		}
		one := func() (*string, error) {
			v, err := need(1)
			if err != nil {
				return nil, err
			}
			return &v[0], nil
		}
		var err error
		switch a {
		case "--print-interpreter":
			o.printInterp = true
		case "--print-rpath":
			o.printRpath = true
		case "--print-needed":
			o.printNeeded = true
		case "--print-soname":
			o.printSoname = true
		case "--print-os-abi":
			o.printOSABI = true
		case "--print-execstack":
			o.printExec = true
		case "--set-interpreter", "--interpreter":
			o.setInterp, err = one()
		case "--set-rpath":
			o.setRpath, err = one()
		case "--set-soname":
			o.setSoname, err = one()
		case "--set-os-abi":
			o.setOSABI, err = one()
		case "--add-rpath":
			o.addRpath, err = one()
		case "--remove-rpath":
			o.removeRpath = true
		case "--shrink-rpath":
			o.shrinkRpath = true
		case "--allowed-rpath-prefixes":
			var v *string
			if v, err = one(); err == nil {
				o.allowedPrefixes = splitPrefixes(*v) // the last one counts, as in patchelf
			}
		case "--no-default-lib":
			o.noDefaultLib = true
		case "--force-rpath":
			o.forceRpath = true
		case "--add-debug-tag":
			o.addDebug = true
		case "--clear-execstack":
			o.clearExec = true
		case "--set-execstack":
			o.setExec = true
		case "--page-size":
			var v *string
			if v, err = one(); err == nil {
				if o.pageSize, err = strconv.ParseUint(*v, 0, 64); err != nil || o.pageSize == 0 || o.pageSize&(o.pageSize-1) != 0 {
					err = fmt.Errorf("invalid argument to --page-size: %s", *v)
				}
			}
		case "--add-needed":
			var v *string
			if v, err = one(); err == nil {
				o.addNeeded = append(o.addNeeded, *v)
			}
		case "--remove-needed":
			var v *string
			if v, err = one(); err == nil {
				o.removeNeeded = append(o.removeNeeded, *v)
			}
		case "--clear-symbol-version":
			var v *string
			if v, err = one(); err == nil {
				o.clearVersion = append(o.clearVersion, *v)
			}
		case "--replace-needed":
			var v []string
			if v, err = need(2); err == nil {
				o.replaceNeeded = append(o.replaceNeeded, [2]string{v[0], v[1]})
			}
		case "--rename-dynamic-symbols":
			var v *string
			if v, err = one(); err == nil {
				if o.renames == nil {
					o.renames = map[string]string{}
				}
				err = readNameMap(*v, o.renames)
			}
		case "--output":
			var v *string
			if v, err = one(); err == nil {
				o.output = *v
			}
		case "--help", "-h":
			return nil, errHelp
		default:
			if strings.HasPrefix(a, "--") {
				return nil, fmt.Errorf("unknown option %s", a)
			}
			o.files = append(o.files, a)
		}
		if err != nil {
			return nil, err
		}
	}
	if len(o.files) == 0 {
		return nil, errors.New("missing filename")
	}
	if o.output != "" && len(o.files) > 1 {
		return nil, errors.New("--output option only allowed with single input file")
	}
	if o.setRpath != nil && o.addRpath != nil {
		return nil, errors.New("--set-rpath option not allowed with --add-rpath")
	}
	if o.clearExec && o.setExec {
		return nil, errors.New("--clear-execstack and --set-execstack are mutually exclusive")
	}
	return o, nil
}

var errHelp = errors.New("help")

// run is the whole program; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	o, err := parse(args)
	var v verbatim
	if errors.As(err, &v) { // a bad map file: patchelf prints no usage
		fmt.Fprintf(stderr, "patchelf: %v\n", v)
		return 1
	}
	if err != nil {
		if err != errHelp {
			fmt.Fprintf(stderr, "patchelf: %v\n", err)
		}
		fmt.Fprint(stderr, usage)
		if err == errHelp {
			return 0
		}
		return 1
	}
	for _, name := range o.files {
		if err := o.patch(name, stdout); err != nil {
			var v verbatim
			if errors.As(err, &v) {
				fmt.Fprintf(stderr, "patchelf: %v\n", v)
			} else {
				fmt.Fprintf(stderr, "patchelf: %s: %v\n", name, err)
			}
			return 1
		}
	}
	return 0
}

// open reads a file into an Editor of its class.
func open(name string) (editor, fs.FileMode, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, 0, err
	}
	st, err := os.Stat(name)
	if err != nil {
		return nil, 0, err
	}
	id, err := elf.ParseIdent(data)
	if err != nil {
		return nil, 0, err
	}
	if id.Class == elf.ELFCLASS32 {
		e, err := elf32.NewEditor(data)
		return e, st.Mode().Perm(), err
	}
	e, err := elf64.NewEditor(data)
	return e, st.Mode().Perm(), err
}

// patch applies the options to one file, in patchelf's order.
func (o *options) patch(name string, stdout io.Writer) error {
	e, perm, err := open(name)
	if err != nil {
		return err
	}
	e.SetPageSize(o.pageSize)
	changed := false
	if o.printInterp {
		s, err := e.Interpreter()
		if err != nil {
			return errors.New("cannot find section '.interp'. The input file is most likely statically linked")
		}
		fmt.Fprintln(stdout, s)
	}
	if o.printOSABI {
		b, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, osabiName(elf.OSABI(b[elf.EI_OSABI])))
	}
	if o.setOSABI != nil {
		abi, err := parseOSABI(*o.setOSABI)
		if err != nil {
			return err
		}
		e.SetOSABI(abi)
		changed = true
	}
	if o.printSoname {
		if s, err := e.Soname(); err == nil {
			fmt.Fprintln(stdout, s)
		} else if !errors.Is(err, elf.ErrNotFound) {
			return err
		}
	}
	if o.setSoname != nil {
		if err := e.SetSoname(*o.setSoname); err != nil {
			return err
		}
		changed = true
	}
	if o.setInterp != nil {
		if err := e.SetInterpreter(*o.setInterp); err != nil {
			return err
		}
		changed = true
	}
	if o.printRpath {
		s, err := e.Rpath()
		if err != nil && !errors.Is(err, elf.ErrNotFound) {
			return err
		}
		fmt.Fprintln(stdout, s)
	}
	// One rpath change, in patchelf's order of precedence.
	switch {
	case o.shrinkRpath:
		if err := e.ShrinkRpath(o.allowedPrefixes, o.forceRpath); err != nil {
			return shrinkError(err)
		}
		changed = true
	case o.removeRpath:
		if err := e.RemoveRpath(); err != nil {
			return err
		}
		changed = true
	case o.setRpath != nil:
		if err := e.SetRpath(*o.setRpath, o.forceRpath); err != nil {
			return err
		}
		changed = true
	case o.addRpath != nil:
		if err := e.AddRpath(*o.addRpath, o.forceRpath); err != nil {
			return err
		}
		changed = true
	}
	if o.printNeeded {
		n, err := e.Needed()
		if err != nil && !errors.Is(err, elf.ErrNotFound) {
			return err
		}
		for _, s := range n {
			fmt.Fprintln(stdout, s)
		}
	}
	if len(o.removeNeeded) > 0 {
		if err := e.RemoveNeeded(o.removeNeeded...); err != nil {
			return err
		}
		changed = true
	}
	for _, r := range o.replaceNeeded {
		if err := e.ReplaceNeeded(r[0], r[1]); err != nil {
			return err
		}
		changed = true
	}
	if len(o.addNeeded) > 0 {
		if err := e.AddNeeded(o.addNeeded...); err != nil {
			return err
		}
		changed = true
	}
	if o.printExec {
		found, exec := e.ExecStack()
		c := '?'
		if found {
			c = '-'
			if exec {
				c = 'X'
			}
		}
		fmt.Fprintf(stdout, "execstack: %c\n", c)
	}
	if o.clearExec || o.setExec {
		if err := e.SetExecStack(o.setExec); err != nil {
			return err
		}
		changed = true
	}
	for _, s := range o.clearVersion {
		if _, err := e.ClearSymbolVersion(s); err != nil && !errors.Is(err, elf.ErrNotFound) {
			return err
		}
		changed = true
	}
	if o.noDefaultLib {
		if err := e.NoDefaultLib(); err != nil {
			return err
		}
		changed = true
	}
	if o.addDebug {
		if err := e.AddDebugTag(); err != nil {
			return err
		}
		changed = true
	}
	if o.renames != nil {
		if err := e.RenameDynamicSymbols(o.renames); err != nil {
			return err
		}
		changed = true
	}
	out := name
	if o.output != "" {
		out = o.output
	}
	if !changed && out == name {
		return nil
	}
	return e.WriteFile(out, perm)
}

// osabiNames are the names patchelf prints and accepts for EI_OSABI.
var osabiNames = []struct {
	abi   elf.OSABI
	name  string
	alias []string
}{
	{elf.ELFOSABI_NONE, "System V", []string{"none", "sysv", "system v"}},
	{elf.ELFOSABI_HPUX, "HP-UX", []string{"hpux", "hp-ux"}},
	{elf.ELFOSABI_NETBSD, "NetBSD", []string{"netbsd"}},
	{elf.ELFOSABI_LINUX, "Linux", []string{"linux", "gnu"}},
	{elf.ELFOSABI_HURD, "GNU Hurd", []string{"hurd", "gnu hurd"}},
	{elf.ELFOSABI_SOLARIS, "Solaris", []string{"solaris"}},
	{elf.ELFOSABI_AIX, "AIX", []string{"aix"}},
	{elf.ELFOSABI_IRIX, "IRIX", []string{"irix"}},
	{elf.ELFOSABI_FREEBSD, "FreeBSD", []string{"freebsd"}},
	{elf.ELFOSABI_TRU64, "Tru64", []string{"tru64"}},
	{elf.ELFOSABI_MODESTO, "Modesto", []string{"modesto"}},
	{elf.ELFOSABI_OPENBSD, "OpenBSD", []string{"openbsd"}},
	{elf.ELFOSABI_ARM, "ARM", []string{"arm"}},
	{elf.ELFOSABI_STANDALONE, "Standalone App", []string{"standalone", "standalone app"}},
}

func osabiName(a elf.OSABI) string {
	for _, n := range osabiNames {
		if n.abi == a {
			return n.name
		}
	}
	return fmt.Sprintf("0x%02x", uint8(a))
}

func parseOSABI(s string) (elf.OSABI, error) {
	l := strings.ToLower(s)
	for _, n := range osabiNames {
		for _, a := range n.alias {
			if l == a {
				return n.abi, nil
			}
		}
	}
	if v, err := strconv.ParseUint(s, 0, 8); err == nil {
		return elf.OSABI(v), nil
	}
	return 0, fmt.Errorf("unrecognized OS ABI %q", s)
}

// splitPrefixes splits --allowed-rpath-prefixes as patchelf does (C++
// getline on ':': a trailing colon adds no empty prefix).
func splitPrefixes(s string) []string {
	parts := strings.Split(s, ":")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	return parts
}

// verbatim is an error printed as it is, without the file name, as
// patchelf prints the errors of --shrink-rpath.
type verbatim string

// readNameMap adds the pairs of a --rename-dynamic-symbols map file to m,
// as patchelf reads it: a line a pair, "old new" separated by white space;
// reading stops at a line with no name; a line with one name, a name given
// twice or a name with a version ("@") is an error.
func readNameMap(path string, m map[string]string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return verbatim("Cannot open map file " + path)
	}
	for n, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			break
		}
		at := fmt.Sprintf("%s:%d: ", path, n+1)
		switch {
		case len(f) == 1:
			return verbatim(at + "Map file line is missing the second element")
		case m[f[0]] != "":
			return verbatim(at + "Name '" + f[0] + "' appears twice in the map file")
		case strings.Contains(f[0], "@") || strings.Contains(f[1], "@"):
			return verbatim(at + "Name pair contains version tag: " + f[0] + " " + f[1])
		}
		m[f[0]] = f[1]
	}
	return nil
}

func (v verbatim) Error() string { return string(v) }

// shrinkError words an error of ShrinkRpath about a file in an rpath
// directory as patchelf does.
func shrinkError(err error) error {
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		what := "reading"
		if pe.Op == "stat" {
			what = "getting info about"
		} else if pe.Op == "open" {
			what = "opening"
		}
		msg := pe.Err.Error()
		if msg != "" {
			msg = strings.ToUpper(msg[:1]) + msg[1:]
		}
		return verbatim(fmt.Sprintf("%s '%s': %s", what, pe.Path, msg))
	case errors.Is(err, elf.ErrTruncated):
		return verbatim("missing ELF header")
	case errors.Is(err, elf.ErrBadMagic):
		return verbatim("not an ELF executable")
	}
	return err
}
