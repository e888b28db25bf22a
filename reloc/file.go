package reloc

import (
	"errors"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
)

// File gives the relocations of an ELF file or memory image of either class.
// It is a thin layer over an *elf64.File or *elf32.File: every table it
// returns is a view of that file's bytes, valid as long as they are.
//
// A File is safe for concurrent use. No method panics on malformed input;
// errors are *elf.FormatError values wrapping one of the elf.Err* sentinels.
type File struct {
	c       classFile // the class-specific side: class64 or class32
	f64     *elf64.File
	f32     *elf32.File
	class   elf.Class
	big     bool
	machine elf.Machine
	typ     elf.Type
	owned   bool // Close closes the underlying file
}

// New64 returns the relocation view of an ELF64 file.
func New64(f *elf64.File) *File {
	h := f.Ehdr()
	return &File{c: class64{f}, f64: f, class: elf.ELFCLASS64, big: f.BigEndian(), machine: h.Machine(), typ: h.Type()}
}

// New32 returns the relocation view of an ELF32 file.
func New32(f *elf32.File) *File {
	h := f.Ehdr()
	return &File{c: class32{f}, f32: f, class: elf.ELFCLASS32, big: f.BigEndian(), machine: h.Machine(), typ: h.Type()}
}

// NewFile reads the ELF file whose bytes are b, of either class. The File
// refers to b: the caller must not change b while using the File.
func NewFile(b []byte) (*File, error) {
	id, err := elf.ParseIdent(b)
	if err != nil {
		return nil, err
	}
	if id.Class == elf.ELFCLASS64 {
		f, err := elf64.NewFile(b)
		if err != nil {
			return nil, err
		}
		return New64(f), nil
	}
	f, err := elf32.NewFile(b)
	if err != nil {
		return nil, err
	}
	return New32(f), nil
}

// NewImage reads an ELF image laid out in memory by its PT_LOAD segments
// (see elf64.NewImage): its dynamic relocation tables are found through
// PT_DYNAMIC, and base is the run-time address of b[0] when the dynamic
// entries hold relocated addresses, or 0.
func NewImage(b []byte, base uint64) (*File, error) {
	id, err := elf.ParseIdent(b)
	if err != nil {
		return nil, err
	}
	if id.Class == elf.ELFCLASS64 {
		f, err := elf64.NewImage(b, base)
		if err != nil {
			return nil, err
		}
		return New64(f), nil
	}
	f, err := elf32.NewImage(b, base)
	if err != nil {
		return nil, err
	}
	return New32(f), nil
}

// Open maps the ELF file at path read-only; Close unmaps it.
func Open(path string) (*File, error) {
	f64, err := elf64.Open(path)
	if err == nil {
		f := New64(f64)
		f.owned = true
		return f, nil
	}
	if !isBadClass(err) {
		return nil, err
	}
	f32, err := elf32.Open(path)
	if err != nil {
		return nil, err
	}
	f := New32(f32)
	f.owned = true
	return f, nil
}

// Close closes the underlying file if Open opened it. Tables, symbols and
// names obtained from the File must not be used afterwards.
func (f *File) Close() error {
	if f == nil || !f.owned {
		return nil
	}
	f.owned = false
	return f.c.close()
}

// Class returns the file's class.
func (f *File) Class() elf.Class { return f.class }

// Machine returns e_machine.
func (f *File) Machine() elf.Machine { return f.machine }

// Type returns e_type.
func (f *File) Type() elf.Type { return f.typ }

// BigEndian reports whether the file is big-endian.
func (f *File) BigEndian() bool { return f.big }

// Elf64 returns the underlying ELF64 file, or nil for an ELF32 one.
func (f *File) Elf64() *elf64.File { return f.f64 }

// Elf32 returns the underlying ELF32 file, or nil for an ELF64 one.
func (f *File) Elf32() *elf32.File { return f.f32 }

func (f *File) wordSize() int {
	if f.class == elf.ELFCLASS64 {
		return 8
	}
	return 4
}

// section is a section header's fields, whatever the class.
type section struct {
	typ     elf.SectionType
	flags   elf.SectionFlag
	addr    uint64
	offset  uint64
	size    uint64
	entsize uint64
	link    uint32
	info    uint32
}

// classFile is what File needs from the file of its class (class64,
// class32), in class-neutral types.
type classFile interface {
	close() error
	// offsetOf returns the file offset of b, a slice the file returned,
	// or -1.
	offsetOf(b []byte) int64
	numSections() (int, error)
	section(i int) (section, error)
	// sectionData returns the bytes of section i as stored, without
	// copying.
	sectionData(i int) ([]byte, error)
	// decompress returns section i's contents, decompressed into dst when
	// it is compressed and dst is large enough (see
	// elf64.File.Decompress).
	decompress(i int, dst []byte) ([]byte, error)
	addrBytes(a, size uint64) ([]byte, error)
	// dynValues returns the values of the dynamic entries with the given
	// tags (the first entry of each), and whether each was present, in
	// one walk of the dynamic table. A file without a dynamic table gives
	// none present.
	dynValues(tags []elf.DynTag, vals []uint64, ok []bool) error
	symbols(dynamic bool) (symbolTable, int, error)
	versions() (versym []byte, names []versionName, err error)
}

func (f *File) numSections() (int, error)                    { return f.c.numSections() }
func (f *File) section(i int) (section, error)               { return f.c.section(i) }
func (f *File) sectionData(i int) ([]byte, error)            { return f.c.sectionData(i) }
func (f *File) decompress(i int, dst []byte) ([]byte, error) { return f.c.decompress(i, dst) }
func (f *File) addrBytes(a, size uint64) ([]byte, error)     { return f.c.addrBytes(a, size) }
func (f *File) offsetOf(b []byte) int64                      { return f.c.offsetOf(b) }
func (f *File) dynValues(tags []elf.DynTag, vals []uint64, ok []bool) error {
	return f.c.dynValues(tags, vals, ok)
}

func isBadClass(err error) bool { return errors.Is(err, elf.ErrBadClass) }
