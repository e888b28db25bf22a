// Package mmap maps a file read-only into memory, falling back to reading it
// when it cannot be mapped (pipes, /proc files, empty files).
package mmap

import (
	"os"
	"unsafe"

	"golang.org/x/sys/unix"
)

// Mapping is a file's contents, either mapped or read into memory.
type Mapping struct {
	Data   []byte
	mapped bool
}

// Open maps the file at path read-only. Files that cannot be mapped are read
// into memory instead, so every readable file opens. It is OpenLazy with
// the whole file asked for at once.
func Open(path string) (*Mapping, error) {
	l, err := OpenLazy(path)
	if err != nil {
		return nil, err
	}
	if _, err := l.Data(); err != nil {
		l.Close()
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return l.m, nil
}

func readAll(fd int) ([]byte, error) {
	b := make([]byte, 0, 64<<10)
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := unix.Read(fd, b[len(b):cap(b)])
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return b, nil
		}
		b = b[:len(b)+n]
	}
}

// Close unmaps the data. Data must not be used afterwards: strings and
// slices made over it point at unmapped memory.
func (m *Mapping) Close() error {
	if m == nil || m.Data == nil {
		return nil
	}
	var err error
	if m.mapped {
		err = unix.MunmapPtr(unsafe.Pointer(unsafe.SliceData(m.Data)), uintptr(len(m.Data)))
	}
	m.Data = nil
	return err
}
