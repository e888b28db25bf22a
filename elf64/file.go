package elf64

import (
	"encoding/binary"
	"unsafe"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/mmap"
)

// File is an ELF64 file or memory image, read in place.
//
// Every record, table, name and section returned by a File is a view of the
// bytes the File was made over; nothing is copied. Strings (symbol names,
// section names, library names) are made with unsafe.String over those
// bytes: for a File from Open they are valid until Close, and for one from
// NewFile or NewImage they are valid while the caller's bytes are alive and
// unchanged. Copy a string (strings.Clone) to keep it longer.
//
// A File checks only the ELF header when it is made; every other structure is
// checked when it is first asked for, so a damaged section header table does
// not stop anyone reading the program headers. All methods are safe for
// concurrent use, and none panics on malformed input: errors are
// *elf.FormatError values wrapping one of the elf.Err* sentinels.
//
// A mapped file that is truncated by someone else while mapped makes reads
// past the new end fault (SIGBUS); hold a private copy of such files.
type File struct {
	// data is all the bytes, for a File from NewFile or NewImage; a File
	// from Open maps its file only when something past head is asked for
	// (see whole).
	data    []byte
	head    []byte // the first bytes: all of data, or what Open read
	size    uint64 // the length of the file or image
	src     *mmap.Lazy
	cache   fileCache
	noCache bool // the bytes change (the Editor's): find everything anew
	big     bool
	ident   elf.Ident
	image   bool   // data is a memory image: addresses map with one bias
	base    uint64 // address of data[0] in the process (images only; 0 if unknown)

	// MaxDecompressedSize bounds the size of decompressed sections, in
	// addition to the size the compression header states. Zero means
	// DefaultMaxDecompressedSize.
	MaxDecompressedSize int64
}

// DefaultMaxDecompressedSize is the decompression limit of a File whose
// MaxDecompressedSize is zero.
const DefaultMaxDecompressedSize = 4 << 30

// Open opens the file at path and reads its ELF header. It reads the
// first page of the file, which in all but unusual files holds the program
// header table too, and maps the whole file read-only only when something
// past that page is first asked for: opening a file to look at its headers
// costs two system calls more than the open itself. Files that cannot be
// mapped (pipes, /proc entries) are read into memory instead.
func Open(path string) (*File, error) {
	src, err := mmap.OpenLazy(path)
	if err != nil {
		return nil, err
	}
	f := &File{src: src}
	if err := f.init(src.Head(), uint64(src.Size())); err != nil {
		src.Close()
		return nil, err
	}
	return f, nil
}

// NewFile reads the ELF header of the file whose bytes are b. The File
// refers to b: the caller must not change b while using the File.
func NewFile(b []byte) (*File, error) { return newFile(b, true) }

// newFile is NewFile, with the cache of headers (fileCache) only when
// cache is set: the Editor reads files whose bytes it changes.
func newFile(b []byte, cache bool) (*File, error) {
	f := &File{noCache: !cache}
	if err := f.init(b, uint64(len(b))); err != nil {
		return nil, err
	}
	return f, nil
}

// NewImage reads an ELF image laid out in memory by its PT_LOAD segments, as
// the kernel maps the vDSO or the loader maps a library: b starts at the
// image's ELF header, and the bytes of virtual address v are at
// b[v - (vaddr - offset of the first PT_LOAD)]. base is the run-time address
// of b[0] when dynamic entries hold relocated addresses (glibc relocates
// them in place for most machines), or 0. Section headers of an image are
// usually not mapped and are not used; dynamic structures come from
// PT_DYNAMIC.
func NewImage(b []byte, base uint64) (*File, error) {
	f := &File{image: true, base: base}
	if err := f.init(b, uint64(len(b))); err != nil {
		return nil, err
	}
	return f, nil
}

// init reads the ELF header from head, the first bytes of a file of size
// bytes (all of them unless f.src is set).
func (f *File) init(head []byte, size uint64) error {
	b := head
	id, err := elf.ParseIdent(b)
	if err != nil {
		return err
	}
	if id.Class != Class {
		return elf.Errorf(elf.EI_CLASS, elf.ErrBadClass, "e_ident[EI_CLASS] %v", id.Class)
	}
	if len(b) < EhdrSize {
		return elf.Errorf(0, elf.ErrTruncated, "ELF header")
	}
	f.head, f.size, f.big, f.ident = b, size, id.Data == elf.ELFDATA2MSB, id
	if f.src == nil {
		f.data = b
	}
	if v := f.Ehdr().Version(); v != uint32(elf.EV_CURRENT) {
		return elf.Errorf(20, elf.ErrBadVersion, "e_version %d", v)
	}
	return nil
}

// Close releases the mapping of a File from Open. Views, names and section
// bytes obtained from the File must not be used afterwards.
func (f *File) Close() error {
	if f == nil || f.src == nil {
		return nil
	}
	err := f.src.Close()
	f.src, f.head, f.size = nil, nil, 0
	return err
}

// Data returns the bytes the File reads, without copying. For a File from
// Open this maps the file if it is not mapped yet; if that fails (or the
// File is closed), Data returns nil.
func (f *File) Data() []byte {
	b, _ := f.whole()
	return b
}

// Size returns the length of the file or image in bytes.
func (f *File) Size() uint64 { return f.size }

// whole returns all the bytes, mapping the file of a File from Open on the
// first call.
func (f *File) whole() ([]byte, error) {
	if f.src == nil {
		return f.data, nil
	}
	b, err := f.src.Data()
	if err != nil {
		return nil, elf.Errorf(-1, elf.ErrTruncated, "reading the file: %v", err)
	}
	return b, nil
}

// at returns the bytes [off, off+size), which the caller has checked lie
// inside f.size: from head when they are there, else from the whole file.
func (f *File) at(off, size uint64, what string) ([]byte, error) {
	if off+size <= uint64(len(f.head)) {
		return f.head[off : off+size : off+size], nil
	}
	b, err := f.whole()
	if err != nil {
		return nil, err
	}
	if off+size > uint64(len(b)) {
		return nil, elf.Errorf(int64(off), elf.ErrTruncated, "%s (offset %#x, size %#x): the file shrank to %#x bytes", what, off, size, len(b))
	}
	return b[off : off+size : off+size], nil
}

// Ident returns the decoded e_ident.
func (f *File) Ident() elf.Ident { return f.ident }

// BigEndian reports whether the file is big-endian.
func (f *File) BigEndian() bool { return f.big }

// ByteOrder returns the file's byte order.
func (f *File) ByteOrder() binary.ByteOrder {
	if f.big {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// IsImage reports whether the File was made by NewImage.
func (f *File) IsImage() bool { return f.image }

// Ehdr returns the ELF header.
func (f *File) Ehdr() Ehdr {
	if len(f.head) < EhdrSize { // closed
		return Ehdr{}
	}
	return Ehdr(view{b: f.head[:EhdrSize:EhdrSize], big: f.big})
}

// slice returns data[off:off+size] after checking, without overflow, that
// it lies inside the data. what names the structure for the error.
func (f *File) slice(off, size uint64, what string) ([]byte, error) {
	n := f.size
	if off > n || size > n-off {
		return nil, elf.Errorf(int64(min(off, n)), elf.ErrTruncated, "%s (offset %#x, size %#x, file size %#x)", what, off, size, n)
	}
	return f.at(off, size, what)
}

// Bytes returns the size bytes at offset off of the file or image, without
// copying, or an error if they are not all there.
func (f *File) Bytes(off, size uint64) ([]byte, error) { return f.slice(off, size, "range") }

// table checks and builds a table of n entries at off, stride bytes apart,
// each at least size bytes.
func table[T record](f *File, off, n, stride uint64, size int, what string) (Table[T], error) {
	if n == 0 {
		return Table[T]{big: f.big}, nil
	}
	if stride < uint64(size) {
		return Table[T]{}, elf.Errorf(int64(off), elf.ErrBadEntSize, "%s: entry size %d < %d", what, stride, size)
	}
	// The last entry needs only size bytes; the others stride.
	flen := f.size
	if off > flen || (n-1) > (flen-off)/stride || (n-1)*stride+uint64(size) > flen-off {
		return Table[T]{}, elf.Errorf(int64(min(off, flen)), elf.ErrTruncated, "%s: %d entries of %d bytes at %#x", what, n, stride, off)
	}
	b, err := f.at(off, (n-1)*stride+uint64(size), what)
	if err != nil {
		return Table[T]{}, err
	}
	return newTable[T](b, int(n), int(stride), size, f.big), nil
}

// section0 returns the first section header, which holds the real counts
// when e_shnum, e_shstrndx or e_phnum overflow. ok is false when there is
// no section header table or it cannot be read.
func (f *File) section0() (Shdr, bool) {
	h := f.Ehdr()
	if h.Shoff() == 0 || h.Shentsize() < ShdrSize {
		return Shdr{}, false
	}
	b, err := f.slice(uint64(h.Shoff()), ShdrSize, "section header 0")
	if err != nil {
		return Shdr{}, false
	}
	return Shdr(view{b: b, big: f.big}), true
}

// ProgramHeaders returns the program header table. A file without one gives
// an empty table. e_phnum == PN_XNUM takes the count from section 0's
// sh_info.
func (f *File) ProgramHeaders() (Table[Phdr], error) {
	if f.noCache || f.size == 0 {
		return f.programHeaders()
	}
	return f.cache.phdrs.get(f, (*File).programHeaders)
}

func (f *File) programHeaders() (Table[Phdr], error) {
	h := f.Ehdr()
	n := uint64(h.Phnum())
	if n == 0xffff { // PN_XNUM
		s0, ok := f.section0()
		if !ok {
			return Table[Phdr]{}, elf.Errorf(56, elf.ErrOutOfRange, "e_phnum is PN_XNUM but section 0 cannot be read")
		}
		n = uint64(s0.Info())
	}
	if h.Phoff() == 0 {
		n = 0
	}
	return table[Phdr](f, uint64(h.Phoff()), n, uint64(h.Phentsize()), PhdrSize, "program header table")
}

// SectionHeaders returns the section header table. A file without one gives
// an empty table. e_shnum == 0 with a table present takes the count from
// section 0's sh_size.
func (f *File) SectionHeaders() (Table[Shdr], error) {
	h := f.Ehdr()
	if h.Shoff() == 0 {
		return Table[Shdr]{big: f.big}, nil
	}
	n := uint64(h.Shnum())
	if n == 0 {
		if h.Shentsize() < ShdrSize {
			return Table[Shdr]{}, elf.Errorf(58, elf.ErrBadEntSize, "e_shentsize %d", h.Shentsize())
		}
		s0, ok := f.section0()
		if !ok {
			return Table[Shdr]{}, elf.Errorf(int64(h.Shoff()), elf.ErrTruncated, "section header 0")
		}
		n = uint64(s0.Size())
	}
	return table[Shdr](f, uint64(h.Shoff()), n, uint64(h.Shentsize()), ShdrSize, "section header table")
}

// Shstrndx returns the index of the section name table, resolving
// SHN_XINDEX through section 0's sh_link.
func (f *File) Shstrndx() uint32 {
	i := uint32(f.Ehdr().Shstrndx())
	if i == uint32(elf.SHN_XINDEX) {
		if s0, ok := f.section0(); ok {
			return s0.Link()
		}
	}
	return i
}

// Section returns section header i.
func (f *File) Section(i int) (Shdr, error) {
	t, err := f.SectionHeaders()
	if err != nil {
		return Shdr{}, err
	}
	if uint(i) >= uint(t.Len()) {
		return Shdr{}, elf.Errorf(-1, elf.ErrOutOfRange, "section index %d of %d", i, t.Len())
	}
	return t.At(i), nil
}

// SectionNames returns the section name string table (.shstrtab).
func (f *File) SectionNames() (StringTable, error) {
	i := f.Shstrndx()
	if i == 0 {
		return StringTable{}, elf.Errorf(62, elf.ErrNotFound, "section name table (e_shstrndx is 0)")
	}
	return f.StringTableAt(int(i))
}

// SectionName returns the name of section s.
func (f *File) SectionName(s Shdr) (string, error) {
	t, err := f.SectionNames()
	if err != nil {
		return "", err
	}
	return t.String(s.Name())
}

// SectionByName returns the index and header of the first section named
// name. The error wraps elf.ErrNotFound when there is none.
func (f *File) SectionByName(name string) (int, Shdr, error) {
	t, err := f.SectionHeaders()
	if err != nil {
		return -1, Shdr{}, err
	}
	names, err := f.SectionNames()
	if err != nil {
		return -1, Shdr{}, err
	}
	for i, s := range t.All() {
		if b, err := names.Bytes(s.Name()); err == nil && string(b) == name {
			return i, s, nil
		}
	}
	return -1, Shdr{}, elf.Errorf(-1, elf.ErrNotFound, "section %q", name)
}

// SectionByType returns the index and header of the first section of type
// typ. The error wraps elf.ErrNotFound when there is none.
func (f *File) SectionByType(typ elf.SectionType) (int, Shdr, error) {
	t, err := f.SectionHeaders()
	if err != nil {
		return -1, Shdr{}, err
	}
	for i, s := range t.All() {
		if s.Type() == typ {
			return i, s, nil
		}
	}
	return -1, Shdr{}, elf.Errorf(-1, elf.ErrNotFound, "section of type %v", typ)
}

// SectionData returns the bytes of section s as stored in the file, without
// copying (compressed sections stay compressed; see Decompress). A section
// of type SHT_NOBITS occupies no file bytes and gives nil.
func (f *File) SectionData(s Shdr) ([]byte, error) {
	if s.Type() == elf.SHT_NOBITS {
		return nil, nil
	}
	if f.image {
		return f.AddrBytes(s.Addr(), uint64(s.Size()))
	}
	return f.slice(uint64(s.Offset()), uint64(s.Size()), "section data")
}

// SegmentData returns the p_filesz bytes of segment p, without copying.
func (f *File) SegmentData(p Phdr) ([]byte, error) {
	if f.image {
		return f.AddrBytes(p.Vaddr(), uint64(p.Filesz()))
	}
	return f.slice(uint64(p.Offset()), uint64(p.Filesz()), "segment data")
}

// StringTableAt returns section i as a string table.
func (f *File) StringTableAt(i int) (StringTable, error) {
	s, err := f.Section(i)
	if err != nil {
		return StringTable{}, err
	}
	if s.Type() != elf.SHT_STRTAB {
		return StringTable{}, elf.Errorf(int64(s.Offset()), elf.ErrBadLink, "section %d is %v, not SHT_STRTAB", i, s.Type())
	}
	b, err := f.SectionData(s)
	if err != nil {
		return StringTable{}, err
	}
	off := int64(s.Offset())
	if f.image {
		off = f.OffsetOf(b) // an image's sections are found by address
	}
	return StringTable{b: b, off: off}, nil
}

// AddrBytes returns the size bytes at virtual address a, without copying.
// In a file they are found through the PT_LOAD segment that holds them in
// the file (bytes past p_filesz are not in the file); in an image through
// the bias of the first PT_LOAD segment, or, when NewImage was given a
// base, as an absolute address in the process.
func (f *File) AddrBytes(a Addr, size uint64) ([]byte, error) {
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return nil, err
	}
	if f.image {
		for _, p := range phdrs.All() {
			if p.Type() != elf.PT_LOAD {
				continue
			}
			// Address v is at offset v - (p_vaddr - p_offset).
			off := uint64(a) - uint64(p.Vaddr()) + uint64(p.Offset())
			if uint64(a) >= uint64(p.Vaddr()) && off <= uint64(len(f.data)) && size <= uint64(len(f.data))-off {
				return f.data[off : off+size : off+size], nil
			}
			break
		}
		if f.base != 0 && uint64(a) >= f.base {
			return f.slice(uint64(a)-f.base, size, "image address")
		}
		return nil, elf.Errorf(-1, elf.ErrOutOfRange, "address %#x (size %#x) outside the image", uint64(a), size)
	}
	for _, p := range phdrs.All() {
		if p.Type() != elf.PT_LOAD {
			continue
		}
		d := uint64(a) - uint64(p.Vaddr())
		if uint64(a) < uint64(p.Vaddr()) || d >= uint64(p.Filesz()) && !(d == 0 && size == 0) {
			continue
		}
		if size > uint64(p.Filesz())-d {
			return nil, elf.Errorf(int64(p.Offset()), elf.ErrOutOfRange, "address %#x size %#x past the file part of its segment", uint64(a), size)
		}
		return f.slice(uint64(p.Offset())+d, size, "segment data at address")
	}
	return nil, elf.Errorf(-1, elf.ErrOutOfRange, "address %#x not in any PT_LOAD segment", uint64(a))
}

// StringTable is a view of a string table: NUL-terminated strings addressed
// by the offset of their first byte.
type StringTable struct {
	b   []byte
	off int64 // file offset, for errors
}

// NewStringTable returns a string table over b.
func NewStringTable(b []byte) StringTable { return StringTable{b: b} }

// Bytes returns the string at offset i without its NUL, without copying.
func (t StringTable) Bytes(i uint32) ([]byte, error) {
	if uint64(i) >= uint64(len(t.b)) {
		if i == 0 && len(t.b) == 0 {
			return nil, nil // empty table: only the empty string
		}
		return nil, elf.Errorf(t.off+int64(i), elf.ErrOutOfRange, "string offset %d in table of %d bytes", i, len(t.b))
	}
	s := t.b[i:]
	n := indexNUL(s)
	if n < 0 {
		return nil, elf.Errorf(t.off+int64(i), elf.ErrBadString, "string at offset %d", i)
	}
	return s[:n:n], nil
}

// String returns the string at offset i, sharing memory with the table (see
// File for how long it is valid).
func (t StringTable) String(i uint32) (string, error) {
	b, err := t.Bytes(i)
	if len(b) == 0 {
		return "", err
	}
	return unsafe.String(&b[0], len(b)), nil
}

// Len returns the size of the table in bytes.
func (t StringTable) Len() int { return len(t.b) }

// Data returns the table's bytes, without copying.
func (t StringTable) Data() []byte { return t.b }
