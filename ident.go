package elf

// Sizes and offsets of e_ident, which every ELF file of any class starts with.
const (
	EI_CLASS      = 4  // index of the file class byte
	EI_DATA       = 5  // index of the data encoding byte
	EI_VERSION    = 6  // index of the file version byte
	EI_OSABI      = 7  // index of the OS/ABI byte
	EI_ABIVERSION = 8  // index of the ABI version byte
	EI_PAD        = 9  // index of the start of padding
	EI_NIDENT     = 16 // size of e_ident
)

// ELFMAG is the magic number at the start of every ELF file.
const ELFMAG = "\177ELF"

// Ident is the decoded e_ident of an ELF file of either class.
type Ident struct {
	Class      Class
	Data       Data
	Version    Version
	OSABI      OSABI
	ABIVersion uint8
}

// BigEndian reports whether the file's multi-byte fields are big-endian.
func (id Ident) BigEndian() bool { return id.Data == ELFDATA2MSB }

// ParseIdent decodes the first EI_NIDENT bytes of b. It checks the magic
// number, that the class and data encoding are ones the readers know, and
// that the version is EV_CURRENT; the OS/ABI may be any value.
func ParseIdent(b []byte) (Ident, error) {
	if len(b) < EI_NIDENT {
		if len(b) >= 4 && string(b[:4]) != ELFMAG {
			return Ident{}, Errorf(0, ErrBadMagic, "e_ident")
		}
		return Ident{}, Errorf(0, ErrTruncated, "e_ident")
	}
	if string(b[:4]) != ELFMAG {
		return Ident{}, Errorf(0, ErrBadMagic, "e_ident")
	}
	id := Ident{
		Class:      Class(b[EI_CLASS]),
		Data:       Data(b[EI_DATA]),
		Version:    Version(b[EI_VERSION]),
		OSABI:      OSABI(b[EI_OSABI]),
		ABIVersion: b[EI_ABIVERSION],
	}
	if id.Class != ELFCLASS32 && id.Class != ELFCLASS64 {
		return id, Errorf(EI_CLASS, ErrBadClass, "e_ident[EI_CLASS] %d", uint8(id.Class))
	}
	if id.Data != ELFDATA2LSB && id.Data != ELFDATA2MSB {
		return id, Errorf(EI_DATA, ErrBadData, "e_ident[EI_DATA] %d", uint8(id.Data))
	}
	if id.Version != EV_CURRENT {
		return id, Errorf(EI_VERSION, ErrBadVersion, "e_ident[EI_VERSION] %d", uint8(id.Version))
	}
	return id, nil
}
