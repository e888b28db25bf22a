package reloc

import (
	"encoding/binary"
	"unsafe"
)

// Rela64 is an ELF64 RELA record as the file stores it, in the byte order
// of the running program: what Table.Rela64 returns a slice of.
type Rela64 struct {
	Offset uint64 // r_offset
	Info   uint64 // r_info: symbol index << 32 | type
	Addend int64  // r_addend
}

// Sym returns the symbol index of the record.
func (r Rela64) Sym() uint32 { return uint32(r.Info >> 32) }

// Type returns the relocation type of the record.
func (r Rela64) Type() uint32 { return uint32(r.Info) }

// hostBigEndian reports the byte order of the running program.
var hostBigEndian = binary.NativeEndian.Uint16([]byte{0, 1}) == 1

// Rela64 returns the table's records as a slice of Rela64 over the file's
// bytes, without decoding or copying anything, when that is how they are
// stored: an ELF64 RELA table whose records are 24 bytes apart, 8-byte
// aligned in memory, in the running program's byte order, with the
// standard r_info layout (not 64-bit MIPS). That is the table of nearly
// every large x86-64, arm64, riscv64, ppc64le and loongarch64 program on
// the machine it runs on: walking it costs what reading the bytes does.
// For any other table ok is false; use All or Reader.
//
// The slice aliases the file's memory, which is read-only when the file is
// mapped: writing to it faults.
func (t Table) Rela64() (recs []Rela64, ok bool) {
	if t.kind != RELA || !t.is64 || t.stride != 24 || t.big != hostBigEndian || t.layout != infoStandard {
		return nil, false
	}
	if t.n == 0 {
		return nil, true
	}
	p := unsafe.Pointer(unsafe.SliceData(t.b))
	if uintptr(p)%unsafe.Alignof(Rela64{}) != 0 || len(t.b) < t.n*24 {
		return nil, false
	}
	return unsafe.Slice((*Rela64)(p), t.n), true
}
