package elf

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by the readers wraps one of these
// inside a *FormatError, so callers test the kind with errors.Is and the
// place with errors.As.
var (
	// ErrTruncated: a structure extends past the end of the data.
	ErrTruncated = errors.New("truncated")
	// ErrBadMagic: the data does not start with "\x7fELF".
	ErrBadMagic = errors.New("bad magic number")
	// ErrBadClass: EI_CLASS is not the class the reader handles.
	ErrBadClass = errors.New("unsupported ELF class")
	// ErrBadData: EI_DATA is neither ELFDATA2LSB nor ELFDATA2MSB.
	ErrBadData = errors.New("unsupported data encoding")
	// ErrBadVersion: EI_VERSION or e_version is not EV_CURRENT.
	ErrBadVersion = errors.New("unsupported ELF version")
	// ErrBadEntSize: a table's entry size is smaller than its record.
	ErrBadEntSize = errors.New("bad entry size")
	// ErrOutOfRange: an index, offset or address points outside what holds it.
	ErrOutOfRange = errors.New("out of range")
	// ErrBadLink: a section's sh_link/sh_info names the wrong kind of section.
	ErrBadLink = errors.New("bad section link")
	// ErrBadString: a string is not NUL-terminated inside its table.
	ErrBadString = errors.New("unterminated string")
	// ErrLoop: a chain (hash chain, version list, note list) does not end
	// within the table that holds it.
	ErrLoop = errors.New("chain does not end")
	// ErrNotFound: the requested section, segment, symbol or entry is absent.
	ErrNotFound = errors.New("not found")
	// ErrUnsupported: a valid but unsupported feature (compression type, ...).
	ErrUnsupported = errors.New("unsupported")
	// ErrTooLarge: a size exceeds a caller-set or built-in limit.
	ErrTooLarge = errors.New("too large")
	// ErrCorrupt: data that decodes but is inconsistent (bad compressed
	// stream, sizes that disagree).
	ErrCorrupt = errors.New("corrupt data")
)

// FormatError reports malformed input: the offset in the data where the
// problem is, the field or structure that holds it, and the kind of problem
// (one of the Err* sentinels, or an error from a decompressor).
type FormatError struct {
	Off  int64  // byte offset in the file or image, -1 when unknown
	What string // the field or structure, e.g. "section header 3 sh_offset"
	Err  error  // the kind, usually a sentinel
}

func (e *FormatError) Error() string {
	if e.Off < 0 {
		return fmt.Sprintf("elf: %s: %v", e.What, e.Err)
	}
	return fmt.Sprintf("elf: %s at offset %#x: %v", e.What, e.Off, e.Err)
}

// Unwrap returns the kind of error, for errors.Is and errors.As.
func (e *FormatError) Unwrap() error { return e.Err }

// Errorf builds a *FormatError. It is for the readers in this module; what
// is formatted with args (by fmt.Sprintf, so %w does not wrap: use %v)
// becomes What. Only err is wrapped.
func Errorf(off int64, err error, what string, args ...any) error {
	if len(args) > 0 {
		what = fmt.Sprintf(what, args...)
	}
	return &FormatError{Off: off, What: what, Err: err}
}
