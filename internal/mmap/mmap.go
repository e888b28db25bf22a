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
// into memory instead, so every readable file opens.
func Open(path string) (*Mapping, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return nil, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT == unix.S_IFREG && st.Size > 0 && uint64(st.Size) <= uint64(^uintptr(0)>>1) {
		p, err := unix.MmapPtr(fd, 0, nil, uintptr(st.Size), unix.PROT_READ, unix.MAP_SHARED)
		if err == nil {
			return &Mapping{Data: unsafe.Slice((*byte)(p), int(st.Size)), mapped: true}, nil
		}
		// Some file systems cannot map; read instead.
	}
	b, err := readAll(fd)
	if err != nil {
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return &Mapping{Data: b}, nil
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
