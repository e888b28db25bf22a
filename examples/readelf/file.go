package main

// How the option groups plug in
//
// Each option group is a printer in its own file that registers itself in
// an init function:
//
//	func init() { printers[groupSymbols] = printSymbols }
//
//	func printSymbols(w io.Writer, f *file, o *options) error { ... }
//
// main (see run in main.go) calls the registered printers of the groups the
// command line selects, per file, in GNU readelf's order (groupOrder); a
// group with no registered printer is skipped. A printer writes standard
// output to w and diagnostics with f.warnf / f.errorf ("readelf: Warning:"
// / "readelf: Error:" on standard error; neither changes the exit status,
// as in GNU readelf, whose exit status stays 0 after most errors). Returning
// a non-nil error (printed by main as "readelf: Error: <err>", or not
// printed when it is errFailed) makes the exit status 1, as GNU readelf's
// is when one of its process_* functions fails.
//
// A *file gives class-neutral views (all numbers uint64): f.hdr (the ELF
// header), f.sections (nil when there is no usable section header table),
// f.segments, f.secName(i), f.machine(), and the raw readers f.f64 or
// f.f32 (exactly one is non-nil when the class is known) for everything
// else. f.data is the whole file.

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
)

// Option group names, the keys of printers.
const (
	groupFileHeader     = "file-header"
	groupSectionHeaders = "section-headers"
	groupSectionGroups  = "section-groups"
	groupProgramHeaders = "program-headers"
	groupDynamic        = "dynamic"
	groupRelocs         = "relocs"
	groupUnwind         = "unwind"
	groupSymbols        = "symbols" // called for -s and for --dyn-syms
	groupHistogram      = "histogram"
	groupVersionInfo    = "version-info"
	groupNotes          = "notes"
	groupArchSpecific   = "arch-specific"
)

// groupOrder is the order in which GNU readelf 2.40 prints the groups
// (process_object).
var groupOrder = []string{
	groupFileHeader,
	groupSectionHeaders,
	groupSectionGroups,
	groupProgramHeaders,
	groupDynamic,
	groupRelocs,
	groupUnwind,
	groupSymbols,
	groupHistogram,
	groupVersionInfo,
	groupNotes,
	groupArchSpecific,
}

// printFunc prints one option group of one file.
type printFunc func(w io.Writer, f *file, o *options) error

// printers holds the printer of each option group, filled by init
// functions.
var printers = map[string]printFunc{}

// options is the parsed command line.
type options struct {
	FileHeader     bool // -h
	ProgramHeaders bool // -l
	SectionHeaders bool // -S
	SectionGroups  bool // -g
	Symbols        bool // -s: .symtab and .dynsym
	DynSyms        bool // --dyn-syms: .dynsym only
	Dynamic        bool // -d
	VersionInfo    bool // -V
	Relocs         bool // -r
	Notes          bool // -n
	ArchSpecific   bool // -A (accepted, not printed)
	Unwind         bool // -u (accepted, not printed)
	Histogram      bool // -I (accepted, not printed)
	Wide           bool // -W
}

// header is the ELF header with every field widened.
type header struct {
	Ident     [elf.EI_NIDENT]byte
	Class     elf.Class // as in e_ident; anything but ELFCLASS64 is read as ELF32, as GNU does
	Type      uint64
	Machine   uint64
	Version   uint64
	Entry     uint64
	Phoff     uint64
	Shoff     uint64
	Flags     uint64
	Ehsize    uint64
	Phentsize uint64
	Phnum     uint64
	Shentsize uint64
	Shnum     uint64
	Shstrndx  uint64
}

// section is a section header with every field widened, and its name.
type section struct {
	Index     int
	NameOff   uint64
	Name      string // "" with NameOK false when it cannot be read
	NameOK    bool
	Type      uint64
	Flags     uint64
	Addr      uint64
	Offset    uint64
	Size      uint64
	Link      uint64
	Info      uint64
	Addralign uint64
	Entsize   uint64
}

// segment is a program header with every field widened.
type segment struct {
	Index  int
	Type   uint64
	Flags  uint64
	Offset uint64
	Vaddr  uint64
	Paddr  uint64
	Filesz uint64
	Memsz  uint64
	Align  uint64
}

// file is one input file, read once.
type file struct {
	name   string
	data   []byte
	big    bool
	is64   bool
	order  binary.ByteOrder
	hdr    header
	f64    *elf64.File // non-nil for a readable ELF64 file
	f32    *elf32.File // non-nil for a readable ELF32 file
	stderr io.Writer
	failed bool // an error was reported: exit status 1

	sections    []section // nil when there is no section header table or it cannot be read
	sectionsErr error     // why sections is nil, if it is broken
	shnum       uint64    // real section count (e_shnum or section 0's sh_size)
	shstrndx    uint64    // real section name table index
	shstrtabOK  bool      // the section name table could be read
	segments    []segment
	segmentsErr error
	phnum       uint64 // real program header count
}

// warnf prints a warning in GNU's words.
func (f *file) warnf(format string, args ...any) {
	fmt.Fprintf(f.stderr, "readelf: Warning: "+format+"\n", args...)
}

// errorf prints an error in GNU's words. It does not change the exit
// status (return an error from the printer for that).
func (f *file) errorf(format string, args ...any) {
	fmt.Fprintf(f.stderr, "readelf: Error: "+format+"\n", args...)
}

// errFailed, returned by a printer, makes the exit status 1 without
// printing anything more.
var errFailed = errors.New("readelf: failed")

// errSilent marks a table GNU readelf does not read and does not complain
// about.
var errSilent = errors.New("silent")

// machine returns e_machine.
func (f *file) machine() elf.Machine { return elf.Machine(f.hdr.Machine) }

// bytesAt returns size bytes at off, or nil and false if they are not all
// in the file.
func (f *file) bytesAt(off, size uint64) ([]byte, bool) {
	n := uint64(len(f.data))
	if off > n || size > n-off {
		return nil, false
	}
	return f.data[off : off+size : off+size], true
}

// secName returns the name of section i as GNU readelf prints it
// (printable_section_name): "<no-strings>" without a name table,
// "<corrupt>" for an offset past it.
func (f *file) secName(i int) string {
	if i < 0 || i >= len(f.sections) {
		return "<corrupt>"
	}
	s := &f.sections[i]
	if s.NameOK {
		return s.Name
	}
	if f.strtabMissing() {
		return "<no-strings>"
	}
	return "<corrupt>"
}

// strtabMissing reports whether the section name table cannot be used.
func (f *file) strtabMissing() bool { return !f.shstrtabOK }

// headerSize returns the size of the ELF header of the file's class.
func headerSize(is64 bool) int {
	if is64 {
		return 64
	}
	return 52
}

// parseHeader reads the ELF header from the raw bytes the way GNU readelf
// does (get_file_header): a class other than ELFCLASS64 is read as ELF32,
// a data encoding other than ELFDATA2MSB as little-endian. ok is false when
// the file is too short.
func parseHeader(b []byte) (h header, is64, big, ok bool) {
	if len(b) < elf.EI_NIDENT {
		return h, false, false, false
	}
	copy(h.Ident[:], b)
	h.Class = elf.Class(b[elf.EI_CLASS])
	is64 = h.Class == elf.ELFCLASS64
	big = elf.Data(b[elf.EI_DATA]) == elf.ELFDATA2MSB
	if len(b) < headerSize(is64) {
		return h, is64, big, false
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if big {
		bo = binary.BigEndian
	}
	u16 := func(o int) uint64 { return uint64(bo.Uint16(b[o:])) }
	u32 := func(o int) uint64 { return uint64(bo.Uint32(b[o:])) }
	u64 := func(o int) uint64 { return bo.Uint64(b[o:]) }
	h.Type, h.Machine, h.Version = u16(16), u16(18), u32(20)
	if is64 {
		h.Entry, h.Phoff, h.Shoff, h.Flags = u64(24), u64(32), u64(40), u32(48)
		h.Ehsize, h.Phentsize, h.Phnum = u16(52), u16(54), u16(56)
		h.Shentsize, h.Shnum, h.Shstrndx = u16(58), u16(60), u16(62)
	} else {
		h.Entry, h.Phoff, h.Shoff, h.Flags = u32(24), u32(28), u32(32), u32(36)
		h.Ehsize, h.Phentsize, h.Phnum = u16(40), u16(42), u16(44)
		h.Shentsize, h.Shnum, h.Shstrndx = u16(46), u16(48), u16(50)
	}
	return h, is64, big, true
}

// newFile makes a file over data. ok is false (with the error printed)
// when the file cannot be processed at all. The "File:" line, when the
// caller wants it, is printed by the caller's callback showName between the
// header read and the magic check, where GNU prints it.
func newFile(name string, data []byte, stdout, stderr io.Writer, showName bool) (*file, bool) {
	f := &file{name: name, data: data, stderr: stderr}
	h, is64, big, ok := parseHeader(data)
	if !ok {
		f.errorf("%s: Failed to read file header", name)
		f.failed = true
		return f, false
	}
	if showName {
		fmt.Fprintf(stdout, "\nFile: %s\n", name)
	}
	if string(data[:4]) != elf.ELFMAG {
		f.errorf("Not an ELF file - it has the wrong magic bytes at the start")
		f.failed = true
		return f, false
	}
	f.hdr, f.is64, f.big = h, is64, big
	f.order = binary.LittleEndian
	if big {
		f.order = binary.BigEndian
	}
	if _, err := elf.ParseIdent(data); err == nil {
		if is64 {
			f.f64, _ = elf64.NewFile(data)
		} else {
			f.f32, _ = elf32.NewFile(data)
		}
	}
	f.load()
	return f, true
}

// load reads the section and program header tables, keeping what can be
// read.
func (f *file) load() {
	h := &f.hdr
	shsize, phsize := uint64(40), uint64(32)
	if f.is64 {
		shsize, phsize = 64, 56
	}
	// Section 0 holds the real counts when the header's overflow.
	f.shnum, f.shstrndx, f.phnum = h.Shnum, h.Shstrndx, h.Phnum
	var s0 []byte
	if h.Shoff != 0 && h.Shentsize >= shsize {
		s0, _ = f.bytesAt(h.Shoff, shsize)
	}
	if s0 != nil {
		s := f.parseSection(s0)
		if f.shnum == 0 {
			f.shnum = s.Size
		}
		if f.shstrndx == uint64(elf.SHN_XINDEX) {
			f.shstrndx = s.Link
		}
		if f.phnum == 0xffff {
			f.phnum = s.Info
		}
	}
	// As GNU readelf, a table at offset 0 is no table, but e_shnum is
	// still the section count it reports.
	if f.shnum > 0 && h.Shoff != 0 {
		switch {
		case h.Shentsize < shsize:
			f.sectionsErr = fmt.Errorf("The e_shentsize field in the ELF header is less than the size of an ELF section header")
		default:
			if f.shnum > uint64(len(f.data))/shsize+1 || (f.shnum-1)*h.Shentsize+shsize > uint64(len(f.data)) || h.Shoff > uint64(len(f.data))-((f.shnum-1)*h.Shentsize+shsize) {
				f.sectionsErr = fmt.Errorf("Reading %d bytes extends past end of file for section headers", f.shnum*h.Shentsize)
				break
			}
			f.sections = make([]section, f.shnum)
			for i := range f.sections {
				off := h.Shoff + uint64(i)*h.Shentsize
				f.sections[i] = f.parseSection(f.data[off : off+shsize])
				f.sections[i].Index = i
			}
		}
	}
	if f.sections != nil && f.shstrndx < uint64(len(f.sections)) && f.shstrndx != 0 {
		st := f.sections[f.shstrndx]
		tab, ok := f.bytesAt(st.Offset, st.Size)
		f.shstrtabOK = ok && st.Size != 0
		for i := range f.sections {
			s := &f.sections[i]
			if ok && s.NameOff < uint64(len(tab)) {
				b := tab[s.NameOff:]
				n := 0
				for n < len(b) && b[n] != 0 {
					n++
				}
				s.Name, s.NameOK = string(b[:n]), true
			}
		}
	}
	if f.phnum > 0 {
		if f.phnum*phsize >= uint64(len(f.data)) {
			f.segmentsErr = fmt.Errorf("Too many program headers - %#x - the file is not that big", f.phnum)
		} else if h.Phentsize == 0 {
			f.segmentsErr = errSilent
		} else if h.Phentsize < phsize {
			f.segmentsErr = fmt.Errorf("The e_phentsize field in the ELF header is less than the size of an ELF program header")
		} else if f.phnum > uint64(len(f.data))/phsize+1 || (f.phnum-1)*h.Phentsize+phsize > uint64(len(f.data)) || h.Phoff > uint64(len(f.data))-((f.phnum-1)*h.Phentsize+phsize) {
			f.segmentsErr = fmt.Errorf("Reading %d bytes extends past end of file for program headers", f.phnum*h.Phentsize)
		} else {
			f.segments = make([]segment, f.phnum)
			for i := range f.segments {
				off := h.Phoff + uint64(i)*h.Phentsize
				f.segments[i] = f.parseSegment(f.data[off : off+phsize])
				f.segments[i].Index = i
			}
		}
	}
}

func (f *file) parseSection(b []byte) section {
	bo := f.order
	if f.is64 {
		return section{
			NameOff: uint64(bo.Uint32(b[0:])), Type: uint64(bo.Uint32(b[4:])),
			Flags: bo.Uint64(b[8:]), Addr: bo.Uint64(b[16:]), Offset: bo.Uint64(b[24:]),
			Size: bo.Uint64(b[32:]), Link: uint64(bo.Uint32(b[40:])), Info: uint64(bo.Uint32(b[44:])),
			Addralign: bo.Uint64(b[48:]), Entsize: bo.Uint64(b[56:]),
		}
	}
	u := func(o int) uint64 { return uint64(bo.Uint32(b[o:])) }
	return section{
		NameOff: u(0), Type: u(4), Flags: u(8), Addr: u(12), Offset: u(16),
		Size: u(20), Link: u(24), Info: u(28), Addralign: u(32), Entsize: u(36),
	}
}

func (f *file) parseSegment(b []byte) segment {
	bo := f.order
	if f.is64 {
		return segment{
			Type: uint64(bo.Uint32(b[0:])), Flags: uint64(bo.Uint32(b[4:])),
			Offset: bo.Uint64(b[8:]), Vaddr: bo.Uint64(b[16:]), Paddr: bo.Uint64(b[24:]),
			Filesz: bo.Uint64(b[32:]), Memsz: bo.Uint64(b[40:]), Align: bo.Uint64(b[48:]),
		}
	}
	u := func(o int) uint64 { return uint64(bo.Uint32(b[o:])) }
	return segment{
		Type: u(0), Offset: u(4), Vaddr: u(8), Paddr: u(12),
		Filesz: u(16), Memsz: u(20), Flags: u(24), Align: u(28),
	}
}

// sectionData returns the file bytes of section s (nil for SHT_NOBITS),
// and false when they are not all in the file.
func (f *file) sectionData(s *section) ([]byte, bool) {
	if s.Type == uint64(elf.SHT_NOBITS) {
		return nil, true
	}
	return f.bytesAt(s.Offset, s.Size)
}

// printSymbol is GNU readelf's print_symbol: it writes name in a field of
// width (left-aligned and padded when pad is true); unless wide, a longer
// name is cut to width-5 characters followed by "[...]". Control characters
// are written as ^X. It returns the number of columns written.
func printSymbol(w io.Writer, width int, pad bool, name string, wide bool) int {
	remaining := width
	dots := false
	if wide {
		remaining = 1 << 30
	} else if len(name) > width {
		remaining = max(width-5, 0)
		dots = true
	}
	var buf []byte
	n := 0
	for i := 0; i < len(name) && remaining > 0; i++ {
		c := name[i]
		switch {
		case c < 0x20 || c == 0x7f:
			if remaining < 2 {
				remaining = 0
				break
			}
			buf = append(buf, '^', c+0x40)
			remaining -= 2
			n += 2
		default:
			buf = append(buf, c)
			remaining--
			n++
		}
	}
	if dots {
		buf = append(buf, "[...]"...)
		n += 5
	}
	if pad && n < width {
		for ; n < width; n++ {
			buf = append(buf, ' ')
		}
	}
	w.Write(buf)
	return n
}

// printableSectionName is GNU readelf's printable_section_name: control
// characters as ^X, other non-printable bytes as <XX>.
func (f *file) printableSectionName(i int) string {
	name := f.secName(i)
	clean := true
	for j := 0; j < len(name); j++ {
		if name[j] < 0x20 || name[j] >= 0x7f {
			clean = false
			break
		}
	}
	if clean && len(name) <= 256 {
		return name
	}
	const hex = "0123456789ABCDEF"
	var b []byte
	remaining := 256
	for j := 0; j < len(name); j++ {
		c := name[j]
		switch {
		case c < 0x20 || c == 0x7f:
			if remaining < 2 {
				return string(b)
			}
			b = append(b, '^', c+0x40)
			remaining -= 2
		case c < 0x7f:
			b = append(b, c)
			remaining--
		default:
			if remaining < 4 {
				return string(b)
			}
			b = append(b, '<', hex[c>>4], hex[c&15], '>')
			remaining -= 4
		}
		if remaining == 0 {
			break
		}
	}
	return string(b)
}
