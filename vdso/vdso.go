package vdso

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/sym"
)

// maxImageSize bounds the size an image's headers may claim. A vDSO is a
// few pages.
const maxImageSize = 64 << 20

// AT_SYSINFO_EHDR is the auxiliary vector entry whose value is the address
// of the vDSO's ELF header (golang.org/x/sys/unix does not define it).
const AT_SYSINFO_EHDR = 33

// Errors. Lookups and loads return them wrapped; test with errors.Is.
var (
	// ErrNoVDSO: the process has no vDSO (no AT_SYSINFO_EHDR entry, as under
	// qemu-user, in some sandboxes or with the vdso=0 boot option), or the
	// operating system or architecture has none this package knows.
	ErrNoVDSO = errors.New("vdso: no vDSO in this process")
	// ErrNoVersions: a versioned lookup in an image without version
	// definitions (no DT_VERDEF).
	ErrNoVersions = errors.New("vdso: image has no version definitions")
	// ErrBadImage: the image is damaged: its headers, dynamic segment,
	// symbol table, version tables or hash tables do not hold together, or
	// they point outside the memory that holds the image. The error also
	// wraps the *elf.FormatError that says where, when there is one.
	ErrBadImage = errors.New("vdso: damaged image")
	// ErrNotFound: the image defines no symbol of that name and version (of
	// the right kind: Lookup wants a function). It wraps elf.ErrNotFound.
	ErrNotFound = fmt.Errorf("vdso: symbol %w", elf.ErrNotFound)
)

// Indexes of the dynamic entries parse64 and parse32 use, in dynTags.
const (
	dynSymtab = iota
	dynSyment
	dynStrtab
	dynStrsz
	dynHash
	dynGNUHash
	dynVersym
	dynVerdef
	dynVerdefnum
	numDynTags
)

// dynTags are the dynamic entries the image parsers read, by the indexes above.
var dynTags = [numDynTags]elf.DynTag{
	dynSymtab:    elf.DT_SYMTAB,
	dynSyment:    elf.DT_SYMENT,
	dynStrtab:    elf.DT_STRTAB,
	dynStrsz:     elf.DT_STRSZ,
	dynHash:      elf.DT_HASH,
	dynGNUHash:   elf.DT_GNU_HASH,
	dynVersym:    elf.DT_VERSYM,
	dynVerdef:    elf.DT_VERDEF,
	dynVerdefnum: elf.DT_VERDEFNUM,
}

// badImage wraps err, the reason an image is unusable, in ErrBadImage.
func badImage(err error) error { return fmt.Errorf("%w: %w", ErrBadImage, err) }

// Symbol names a symbol of the vDSO and the version it is defined at, such
// as {"__vdso_clock_gettime", "LINUX_2.6"}. The values ClockGettime,
// Gettimeofday, ... hold the right names for the architecture the program
// is built for.
//
// An empty Version asks for the default version of the name, as dlsym does;
// a Version asks for exactly that version, as dlvsym does (the Go runtime
// always asks for one). The zero Symbol names nothing: it is what the
// table holds for a function the architecture's kernel does not offer, and
// looking it up fails with ErrNotFound.
type Symbol struct {
	Name    string // the symbol name, e.g. "__kernel_clock_gettime"
	Version string // the version name, e.g. "LINUX_2.6.39"
}

// String returns name@version, or the name alone when Version is empty.
func (s Symbol) String() string {
	if s.Version == "" {
		return s.Name
	}
	return s.Name + "@" + s.Version
}

// Image is a parsed vDSO image: an ELF shared object laid out in memory by
// its PT_LOAD segments, as the kernel maps it. It holds views of the image's
// dynamic symbols, version tables and hash tables (a sym.Table), made once,
// so that a lookup is a hash-table probe that allocates nothing. An Image is
// immutable and safe for concurrent use.
type Image struct {
	data    []byte
	addr    uintptr // run-time address of data[0]
	bias    uint64  // addr + p_offset - p_vaddr of the first PT_LOAD
	class   elf.Class
	machine elf.Machine
	defs    []versionDef // the version definitions, in table order
	tab     *sym.Table   // the dynamic symbols, with their hash tables

	// found remembers the functions Lookup has resolved, so that asking
	// again costs a comparison of names rather than a hash-table probe.
	// Slots fill in order and never change once set.
	found [8]atomic.Pointer[foundFunc]
}

// foundFunc is a function Lookup has resolved.
type foundFunc struct {
	s    Symbol
	addr uintptr
}

// versionDef is one version definition of the image.
type versionDef struct {
	ndx    uint16 // vd_ndx
	name   string // the first Verdaux's name
	base   bool   // VER_FLG_BASE: the image's own name, not a symbol version
	hashOK bool   // vd_hash is the SysV hash of name
}

// NewImage parses the vDSO image whose bytes are b, laid out in memory by
// its PT_LOAD segments as the kernel maps it (b[0] is the ELF header; the
// byte of virtual address v is at b[v - (p_vaddr - p_offset)] of the first
// PT_LOAD). addr is the address b[0] has in the process the image belongs
// to: addresses returned by Lookup and Find are computed from it. Both ELF
// classes and byte orders are read, whatever the running program's.
//
// The Image refers to b, and the names it returns share b's memory: the
// caller must keep b alive and unchanged while using the Image.
func NewImage(b []byte, addr uintptr) (*Image, error) {
	id, err := elf.ParseIdent(b)
	if err != nil {
		return nil, badImage(err)
	}
	big := id.Data == elf.ELFDATA2MSB
	switch id.Class {
	case elf.ELFCLASS64:
		return parse64(b, addr, big)
	case elf.ELFCLASS32:
		return parse32(b, addr, big)
	}
	return nil, badImage(elf.Errorf(elf.EI_CLASS, elf.ErrBadClass, "e_ident[EI_CLASS] %v", id.Class))
}

// Bytes returns the image's bytes, without copying: for the process's vDSO
// (Load) the mapped image itself, read-only memory that must not be written.
func (im *Image) Bytes() []byte { return im.data }

// Addr returns the address of the image's ELF header in the process.
func (im *Image) Addr() uintptr { return im.addr }

// Class returns the image's ELF class.
func (im *Image) Class() elf.Class { return im.class }

// Machine returns the image's e_machine.
func (im *Image) Machine() elf.Machine { return im.machine }

// Versions returns the names of the image's version definitions in table
// order, starting with the image's own name (the VER_FLG_BASE definition,
// "linux-vdso.so.1" or "linux-gate.so.1") when it has one.
func (im *Image) Versions() []string {
	names := make([]string, len(im.defs))
	for i, d := range im.defs {
		names[i] = d.name
	}
	return names
}

// lookup finds the symbol that satisfies s through the image's hash
// tables (package sym does the probing, with dlvsym's rules for a version
// and dlsym's without) and applies the rules of this package on top: the
// version must be a definition whose vd_hash is the SysV hash of its name,
// as the Go runtime checks; absolute symbols of value 0 (the ones the
// linker makes for each version definition) and, when fn is set, anything
// but a function do not count.
func (im *Image) lookup(s Symbol, fn bool) (sym.Symbol, error) {
	if s.Name == "" {
		return sym.Symbol{}, ErrNotFound
	}
	var d sym.Symbol
	var ok bool
	if s.Version == "" {
		d, ok = im.tab.Lookup(s.Name)
	} else {
		if len(im.defs) == 0 {
			return sym.Symbol{}, ErrNoVersions
		}
		ndx := -1
		for i := range im.defs {
			v := &im.defs[i]
			if !v.base && v.hashOK && v.name == s.Version {
				ndx = int(v.ndx)
				break
			}
		}
		if ndx < 0 {
			return sym.Symbol{}, fmt.Errorf("%w: %v (the image defines no version %q)", ErrNotFound, s, s.Version)
		}
		d, ok = im.tab.LookupVersion(s.Name, s.Version)
		ok = ok && !d.Version.Needed && int(d.Version.Index) == ndx
	}
	switch {
	case !ok,
		d.Section == elf.SHN_ABS && d.Value == 0,
		fn && d.Type() != elf.STT_FUNC:
		return sym.Symbol{}, fmt.Errorf("%w: %v", ErrNotFound, s)
	}
	return d, nil
}

// Lookup returns the address in the process of function s of the image: a
// defined STT_FUNC symbol with that name and version (see Symbol), plus the
// image's load bias. On 32-bit ARM the address keeps bit 0 of the symbol's
// value, which marks Thumb code, as dlvsym does. The first lookups of up to
// eight functions are remembered, so that asking for the same function
// again is a comparison of names; other lookups probe the hash table. It
// allocates nothing once a function has been found.
func (im *Image) Lookup(s Symbol) (uintptr, error) {
	for i := range im.found {
		f := im.found[i].Load()
		if f == nil {
			break
		}
		if f.s == s {
			return f.addr, nil
		}
	}
	d, err := im.lookup(s, true)
	if err != nil {
		return 0, err
	}
	addr := im.addrOf(d.Value)
	for i := range im.found {
		f := im.found[i].Load()
		if f == nil && im.found[i].CompareAndSwap(nil, &foundFunc{s: s, addr: addr}) {
			break
		}
		if f = im.found[i].Load(); f.s == s {
			break // another goroutine got there first
		}
	}
	return addr, nil
}

// Find returns the symbol of the image that satisfies s, of any type:
// like Lookup, but for data and untyped symbols too (such as
// __kernel_rt_sigreturn on arm64, which is STT_NOTYPE).
func (im *Image) Find(s Symbol) (ImageSymbol, error) {
	d, err := im.lookup(s, false)
	if err != nil {
		return ImageSymbol{}, err
	}
	return im.describe(d), nil
}

// Symbols returns every dynamic symbol of the image after the null symbol
// at index 0, in table order, with its version: the defined functions, and
// also the absolute symbols the linker makes for the version definitions
// (named like their version and defined at it; readelf --dyn-syms prints
// them without the version).
func (im *Image) Symbols() []ImageSymbol {
	out := make([]ImageSymbol, 0, max(im.tab.Len()-1, 0))
	for i, d := range im.tab.All() {
		if i > 0 {
			out = append(out, im.describe(d))
		}
	}
	return out
}

// ImageSymbol is one dynamic symbol of an image, with its version. Its
// strings share the image's memory (see NewImage; the process's vDSO stays
// mapped for the life of the process).
type ImageSymbol struct {
	Index   int              // index in the dynamic symbol table
	Name    string           // the symbol name
	Version string           // the version name; "" when unversioned
	Hidden  bool             // the version is not the default one (name@version, not name@@version)
	Value   uint64           // st_value
	Size    uint64           // st_size
	Type    elf.SymType      // ST_TYPE(st_info)
	Bind    elf.SymBind      // ST_BIND(st_info)
	Section elf.SectionIndex // st_shndx
	Addr    uintptr          // address in the process; 0 for undefined symbols and version-definition symbols
}

// Symbol returns the name and version of s, for Lookup and Find.
func (s ImageSymbol) Symbol() Symbol { return Symbol{Name: s.Name, Version: s.Version} }

// describe builds the ImageSymbol of a symbol from the table.
func (im *Image) describe(d sym.Symbol) ImageSymbol {
	s := ImageSymbol{
		Index:   d.Index,
		Name:    d.Name,
		Version: d.Version.Name,
		Hidden:  d.Version.Hidden,
		Value:   d.Value,
		Size:    d.Size,
		Type:    d.Type(),
		Bind:    d.Bind(),
		Section: d.Section,
	}
	if s.Version == "" && d.Section == elf.SHN_ABS && d.Value == 0 {
		// The symbol the linker makes for a version definition is
		// defined at that version; readelf does not print it, so some
		// readers leave it out. Say it, whatever the table reader does.
		for _, v := range im.defs {
			if !v.base && v.name == d.Name {
				s.Version = v.name
			}
		}
	}
	switch {
	case d.Section == elf.SHN_UNDEF:
	case d.Section == elf.SHN_ABS:
		s.Addr = uintptr(d.Value) // absolute: not moved by the load bias
	default:
		s.Addr = im.addrOf(d.Value)
	}
	return s
}

// addrOf returns the run-time address of virtual address v of the image.
func (im *Image) addrOf(v uint64) uintptr { return uintptr(im.bias + v) }

// Lookup returns the address of function s in this process's vDSO (see
// Image.Lookup), reading and parsing the image on first use. After that a
// lookup allocates nothing. The error wraps ErrNoVDSO when the process has
// no vDSO.
func Lookup(s Symbol) (uintptr, error) {
	im, err := Load()
	if err != nil {
		return 0, err
	}
	return im.Lookup(s)
}
