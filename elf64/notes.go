package elf64

import (
	"iter"
	"unsafe"

	"github.com/elfkit/elf"
)

// Note is one note of a note section or segment: its header, the owner's
// name and the descriptor. Name and Desc share memory with the File (see
// File for how long they are valid).
type Note struct {
	Off  int64  // offset of the note header: in the file or image, or in the bytes given to NewNoteTable
	Nhdr Nhdr   // n_namesz, n_descsz, n_type
	Name string // the owner, n_namesz bytes up to the first NUL ("GNU", "Go", "CORE", ...)
	Desc []byte // the descriptor, n_descsz bytes

	// RawName is all n_namesz bytes of the name, NULs included, for the
	// few notes that put data there (annobin's "GA" build attributes).
	RawName []byte
}

// Type returns n_type, whose meaning depends on Name: for "GNU" it is an
// elf.GNUNoteType, for "CORE" and "LINUX" an elf.NType.
func (n Note) Type() uint32 { return n.Nhdr.Type() }

// NoteTable is a view of the notes of one SHT_NOTE section or PT_NOTE
// segment: note headers, each followed by its name and descriptor padded to
// the table's alignment.
//
// The alignment is 4 for almost every note; 8 is used by 64-bit
// NT_GNU_PROPERTY_TYPE_0 notes, in a section or segment aligned to 8. With
// alignment a, a note's descriptor starts at the first multiple of a past
// its 12-byte header and n_namesz name bytes, and the next note at the first
// multiple of a past the descriptor, as binutils and the Linux kernel read
// them.
type NoteTable struct {
	b     []byte
	off   int64 // offset of b[0], for Note.Off and errors
	align uint64
	big   bool
}

// NewNoteTable returns a view of the notes in b, of byte order big (true for
// big-endian), aligned to align bytes: 0, 1 and 4 mean 4-byte alignment and
// 8 means 8; any other alignment is an error wrapping elf.ErrUnsupported
// (readelf refuses it too). Note.Off of its notes counts from b[0].
func NewNoteTable(b []byte, align uint64, big bool) (NoteTable, error) {
	return newNoteTable(b, 0, align, big)
}

func newNoteTable(b []byte, off int64, align uint64, big bool) (NoteTable, error) {
	switch align {
	case 0, 1, 4:
		align = 4
	case 8:
	default:
		return NoteTable{}, elf.Errorf(off, elf.ErrUnsupported, "note alignment %d (want 4 or 8)", align)
	}
	return NoteTable{b: b, off: off, align: align, big: big}, nil
}

// Len returns the size of the table in bytes.
func (t NoteTable) Len() int { return len(t.b) }

// Data returns the table's bytes, without copying.
func (t NoteTable) Data() []byte { return t.b }

// Align returns the alignment of the notes, 4 or 8.
func (t NoteTable) Align() int { return int(t.align) }

// All iterates over the notes in order. A note whose name or descriptor
// runs past the end of the table, or bytes left over that cannot hold a
// note header, end the walk with an error wrapping elf.ErrTruncated. Every
// note takes at least 12 bytes, so the walk ends within Len()/12 steps.
func (t NoteTable) All() iter.Seq2[Note, error] {
	return func(yield func(Note, error) bool) {
		b, a := t.b, t.align
		n := uint64(len(b))
		for pos := uint64(0); pos < n; {
			rest := n - pos
			if rest < NhdrSize {
				yield(Note{}, elf.Errorf(t.off+int64(pos), elf.ErrTruncated, "note header (%d bytes left in the table)", rest))
				return
			}
			h := Nhdr(view{b: b[pos : pos+NhdrSize : pos+NhdrSize], big: t.big})
			namesz, descsz := uint64(h.Namesz()), uint64(h.Descsz())
			descOff := (NhdrSize + namesz + a - 1) &^ (a - 1) // from pos; no overflow: namesz < 1<<32
			if namesz > rest-NhdrSize || descsz > 0 && (descOff > rest || descsz > rest-descOff) {
				yield(Note{}, elf.Errorf(t.off+int64(pos), elf.ErrTruncated, "note n_namesz %d n_descsz %d: past the end of the table (%d bytes left)", namesz, descsz, rest))
				return
			}
			raw := b[pos+NhdrSize : pos+NhdrSize+namesz : pos+NhdrSize+namesz]
			name := raw
			if i := indexNUL(name); i >= 0 {
				name = name[:i]
			}
			note := Note{Off: t.off + int64(pos), Nhdr: h, RawName: raw}
			if len(name) > 0 {
				note.Name = unsafe.String(&name[0], len(name))
			}
			if descsz > 0 {
				note.Desc = b[pos+descOff : pos+descOff+descsz : pos+descOff+descsz]
			}
			if !yield(note, nil) {
				return
			}
			// The last note's padding may be missing.
			pos += min((descOff+descsz+a-1)&^(a-1), rest)
		}
	}
}

// SectionNotes returns the notes of section s (normally of type SHT_NOTE),
// aligned to its sh_addralign.
func (f *File) SectionNotes(s Shdr) (NoteTable, error) {
	b, err := f.SectionData(s)
	if err != nil {
		return NoteTable{}, err
	}
	off := int64(s.Offset())
	if f.image {
		off = f.OffsetOf(b)
	}
	return newNoteTable(b, off, uint64(s.Addralign()), f.big)
}

// SegmentNotes returns the notes of segment p (normally of type PT_NOTE),
// aligned to its p_align.
func (f *File) SegmentNotes(p Phdr) (NoteTable, error) {
	b, err := f.SegmentData(p)
	if err != nil {
		return NoteTable{}, err
	}
	off := int64(p.Offset())
	if f.image {
		off = f.OffsetOf(b)
	}
	return newNoteTable(b, off, uint64(p.Align()), f.big)
}

// noteSections reports whether Notes reads sections: the file is not a
// core dump or a memory image, and its section headers can be read and hold
// an SHT_NOTE section.
func (f *File) noteSections() (Table[Shdr], bool) {
	if f.image || f.Ehdr().Type() == elf.ET_CORE {
		return Table[Shdr]{}, false
	}
	t, err := f.SectionHeaders()
	if err != nil {
		return Table[Shdr]{}, false
	}
	for _, s := range t.All() {
		if s.Type() == elf.SHT_NOTE {
			return t, true
		}
	}
	return Table[Shdr]{}, false
}

// Notes iterates over the notes of the file, choosing the tables as
// readelf -n does: the SHT_NOTE sections, in section order, when the file
// is not a core dump (ET_CORE) and has at least one; otherwise the PT_NOTE
// segments, in program header order (a core dump, a file without section
// headers or with a section header table that cannot be read, and a memory
// image from NewImage). A linked file normally has the same notes both
// ways.
//
// A table that cannot be read or that ends in a damaged note yields an
// error, and the walk goes on with the next table; a caller that stops at
// the first error just returns.
func (f *File) Notes() iter.Seq2[Note, error] {
	return func(yield func(Note, error) bool) {
		walk := func(t NoteTable, err error) bool {
			if err != nil {
				return yield(Note{}, err)
			}
			for n, err := range t.All() {
				if !yield(n, err) {
					return false
				}
			}
			return true
		}
		if shdrs, ok := f.noteSections(); ok {
			for _, s := range shdrs.All() {
				if s.Type() == elf.SHT_NOTE && !walk(f.SectionNotes(s)) {
					return
				}
			}
			return
		}
		phdrs, err := f.ProgramHeaders()
		if err != nil {
			yield(Note{}, err)
			return
		}
		for _, p := range phdrs.All() {
			if p.Type() == elf.PT_NOTE && !walk(f.SegmentNotes(p)) {
				return
			}
		}
	}
}

// findNote returns the descriptor of the first note of owner name and type
// typ. When there is none the error is the first error met on the way, or
// one wrapping elf.ErrNotFound.
func (f *File) findNote(name string, typ uint32, what string) ([]byte, error) {
	var first error
	for n, err := range f.Notes() {
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		if n.Type() == typ && n.Name == name {
			return n.Desc, nil
		}
	}
	if first != nil {
		return nil, first
	}
	return nil, elf.Errorf(-1, elf.ErrNotFound, "%s note", what)
}

// BuildID returns the descriptor of the NT_GNU_BUILD_ID note of owner
// "GNU" (ld --build-id; usually 20 bytes, a SHA-1), without copying. With
// none the error wraps elf.ErrNotFound, or is the error that stopped the
// search of a damaged note table.
func (f *File) BuildID() ([]byte, error) {
	return f.findNote("GNU", uint32(elf.NT_GNU_BUILD_ID), "NT_GNU_BUILD_ID")
}

// GoBuildID returns the Go build ID, the descriptor of the note of owner
// "Go" and type NT_GO_BUILD_ID that the Go linker writes (section
// .note.go.buildid), as `go tool buildid` prints it. The string shares
// memory with the File. With no such note the error wraps elf.ErrNotFound.
func (f *File) GoBuildID() (string, error) {
	d, err := f.findNote("Go", elf.NT_GO_BUILD_ID, "Go build ID")
	if len(d) == 0 {
		return "", err
	}
	return unsafe.String(&d[0], len(d)), nil
}
