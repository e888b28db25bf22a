package reloc

import (
	"errors"
	"unsafe"

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
	return &File{f64: f, class: elf.ELFCLASS64, big: f.BigEndian(), machine: h.Machine(), typ: h.Type()}
}

// New32 returns the relocation view of an ELF32 file.
func New32(f *elf32.File) *File {
	h := f.Ehdr()
	return &File{f32: f, class: elf.ELFCLASS32, big: f.BigEndian(), machine: h.Machine(), typ: h.Type()}
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
	if f.f64 != nil {
		return f.f64.Close()
	}
	return f.f32.Close()
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

func (f *File) numSections() (int, error) {
	if f.f64 != nil {
		t, err := f.f64.SectionHeaders()
		return t.Len(), err
	}
	t, err := f.f32.SectionHeaders()
	return t.Len(), err
}

func (f *File) section(i int) (section, error) {
	if f.f64 != nil {
		s, err := f.f64.Section(i)
		if err != nil {
			return section{}, err
		}
		return section{typ: s.Type(), flags: s.Flags(), addr: uint64(s.Addr()), offset: uint64(s.Offset()),
			size: uint64(s.Size()), entsize: uint64(s.Entsize()), link: s.Link(), info: s.Info()}, nil
	}
	s, err := f.f32.Section(i)
	if err != nil {
		return section{}, err
	}
	return section{typ: s.Type(), flags: s.Flags(), addr: uint64(s.Addr()), offset: uint64(s.Offset()),
		size: uint64(s.Size()), entsize: uint64(s.Entsize()), link: s.Link(), info: s.Info()}, nil
}

// sectionData returns the bytes of section i as stored, without copying.
func (f *File) sectionData(i int) ([]byte, error) {
	if f.f64 != nil {
		s, err := f.f64.Section(i)
		if err != nil {
			return nil, err
		}
		return f.f64.SectionData(s)
	}
	s, err := f.f32.Section(i)
	if err != nil {
		return nil, err
	}
	return f.f32.SectionData(s)
}

// decompress returns section i's contents, decompressed into dst when it
// is compressed and dst is large enough (see elf64.File.Decompress).
func (f *File) decompress(i int, dst []byte) ([]byte, error) {
	if f.f64 != nil {
		s, err := f.f64.Section(i)
		if err != nil {
			return nil, err
		}
		return f.f64.Decompress(s, dst)
	}
	s, err := f.f32.Section(i)
	if err != nil {
		return nil, err
	}
	return f.f32.Decompress(s, dst)
}

func (f *File) addrBytes(a, size uint64) ([]byte, error) {
	if f.f64 != nil {
		return f.f64.AddrBytes(elf64.Addr(a), size)
	}
	if a > 0xffffffff {
		return nil, elf.Errorf(-1, elf.ErrOutOfRange, "address %#x in an ELF32 file", a)
	}
	return f.f32.AddrBytes(elf32.Addr(a), size)
}

// dynValues returns the values of the dynamic entries with the given tags
// (the first entry of each), and whether each was present, in one walk of
// the dynamic table. A file without a dynamic table gives none present.
func (f *File) dynValues(tags []elf.DynTag, vals []uint64, ok []bool) error {
	if f.f64 != nil {
		return f.f64.DynValues(tags, vals, ok)
	}
	return f.f32.DynValues(tags, vals, ok)
}

// offsetOf returns the offset of sub-slice b in the file's data, for
// errors, or -1.
func (f *File) offsetOf(b []byte) int64 {
	var data []byte
	if f.f64 != nil {
		data = f.f64.Data()
	} else {
		data = f.f32.Data()
	}
	if len(b) == 0 || len(data) == 0 {
		return -1
	}
	d := uintptr(unsafe.Pointer(unsafe.SliceData(b))) - uintptr(unsafe.Pointer(unsafe.SliceData(data)))
	if d >= uintptr(len(data)) {
		return -1
	}
	return int64(d)
}

func isBadClass(err error) bool { return errors.Is(err, elf.ErrBadClass) }
