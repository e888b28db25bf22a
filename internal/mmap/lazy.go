package mmap

import (
	"os"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// HeadSize is the number of leading bytes OpenLazy reads: the ELF header
// and, in all but unusual files, the program header table.
const HeadSize = 4096

// Lazy is a file whose first bytes are read when it is opened and whose
// whole contents are mapped only when something past them is asked for.
// Mapping and unmapping a file costs more than reading a page of it, and
// many users only look at the headers.
type Lazy struct {
	head []byte
	size int64

	once sync.Once
	fd   int // -1 once mapped, read in, or closed
	m    *Mapping
	err  error
}

// OpenLazy opens the file at path and reads its first HeadSize bytes. A
// file that is not a regular file (a pipe, a /proc entry) is read in whole
// at once.
func OpenLazy(path string) (*Lazy, error) {
	fd, err := unix.Open(path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: path, Err: err}
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	if st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size <= 0 || uint64(st.Size) > uint64(^uintptr(0)>>1) {
		b, err := readAll(fd)
		unix.Close(fd)
		if err != nil {
			return nil, &os.PathError{Op: "read", Path: path, Err: err}
		}
		l := &Lazy{head: b, size: int64(len(b)), fd: -1, m: &Mapping{Data: b}}
		l.once.Do(func() {})
		return l, nil
	}
	head := make([]byte, min(st.Size, HeadSize))
	n, err := preadFull(fd, head, 0)
	if err != nil {
		unix.Close(fd)
		return nil, &os.PathError{Op: "read", Path: path, Err: err}
	}
	return &Lazy{head: head[:n:n], size: st.Size, fd: fd}, nil
}

// preadFull reads len(b) bytes at off, or fewer at the end of the file.
func preadFull(fd int, b []byte, off int64) (int, error) {
	n := 0
	for n < len(b) {
		k, err := unix.Pread(fd, b[n:], off+int64(n))
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return n, err
		}
		if k == 0 {
			break
		}
		n += k
	}
	return n, nil
}

// Head returns the bytes read when the file was opened: the first
// min(Size, HeadSize) bytes, or fewer if the file shrank meanwhile.
func (l *Lazy) Head() []byte { return l.head }

// Size returns the file's size when it was opened.
func (l *Lazy) Size() int64 { return l.size }

// Data returns the whole file, mapping it on the first call (or reading it
// in if it cannot be mapped). It is safe for concurrent use.
func (l *Lazy) Data() ([]byte, error) {
	l.once.Do(l.load)
	if l.err != nil {
		return nil, l.err
	}
	if l.m == nil {
		return nil, os.ErrClosed
	}
	return l.m.Data, nil
}

func (l *Lazy) load() {
	if l.fd < 0 {
		return
	}
	defer func() { unix.Close(l.fd); l.fd = -1 }()
	p, err := unix.MmapPtr(l.fd, 0, nil, uintptr(l.size), unix.PROT_READ, unix.MAP_SHARED)
	if err == nil {
		l.m = &Mapping{Data: unsafe.Slice((*byte)(p), int(l.size)), mapped: true}
		return
	}
	// Some file systems cannot map; read instead.
	b := make([]byte, l.size)
	n, err := preadFull(l.fd, b, 0)
	if err != nil {
		l.err = err
		return
	}
	l.m = &Mapping{Data: b[:n:n]}
}

// Close unmaps the data, or closes the file if it was never mapped. Head
// and Data must not be used afterwards.
func (l *Lazy) Close() error {
	if l == nil {
		return nil
	}
	l.once.Do(func() {}) // a later Data must not map
	var err error
	if l.fd >= 0 {
		err = unix.Close(l.fd)
		l.fd = -1
	}
	if l.m != nil {
		if e := l.m.Close(); err == nil {
			err = e
		}
		l.m = nil
	}
	l.head = nil
	return err
}
