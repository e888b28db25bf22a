package elf64

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/elfkit/elf"
)

func p16(b []byte, v uint16, big bool) {
	if big {
		binary.BigEndian.PutUint16(b, v)
	} else {
		binary.LittleEndian.PutUint16(b, v)
	}
}

func p32(b []byte, v uint32, big bool) {
	if big {
		binary.BigEndian.PutUint32(b, v)
	} else {
		binary.LittleEndian.PutUint32(b, v)
	}
}

func p64(b []byte, v uint64, big bool) {
	if big {
		binary.BigEndian.PutUint64(b, v)
	} else {
		binary.LittleEndian.PutUint64(b, v)
	}
}

// ehdrFields are the ELF header fields after e_ident, for putEhdr.
type ehdrFields struct {
	typ                                                  elf.Type
	machine                                              elf.Machine
	version                                              uint32
	entry, phoff, shoff                                  uint64
	flags                                                uint32
	ehsize, phentsize, phnum, shentsize, shnum, shstrndx uint16
}

// piece is a range of the output file and what fills it: bytes, a
// section's Data, or a generator. Pieces are written in offset order; the
// bytes between them are zeros, and a piece that starts inside the bytes
// already written (overlapping sections of a file from FromFile) is written
// from where the output is.
type piece struct {
	off  uint64
	size uint64
	data []byte                   // when sec and gen are nil; zeros after its end
	sec  *OutSection              // its Data, which must still hold size bytes
	gen  func(w *bufWriter) error // writes exactly size bytes
}

// bufWriter collects small writes into a buffer and passes large ones
// straight through.
type bufWriter struct {
	w   io.Writer
	buf []byte
	n   int64 // bytes handed to w
	err error
}

const (
	writeBufSize = 64 << 10
	directWrite  = 16 << 10 // writes at least this large bypass the buffer
)

var zeroPage [writeBufSize]byte

func (w *bufWriter) flush() {
	if w.err != nil || len(w.buf) == 0 {
		w.buf = w.buf[:0]
		return
	}
	n, err := w.w.Write(w.buf)
	w.n += int64(n)
	if err == nil && n < len(w.buf) {
		err = io.ErrShortWrite
	}
	w.err = err
	w.buf = w.buf[:0]
}

func (w *bufWriter) write(p []byte) {
	if w.err != nil {
		return
	}
	if len(p) >= directWrite {
		w.flush()
		if w.err != nil {
			return
		}
		n, err := w.w.Write(p)
		w.n += int64(n)
		if err == nil && n < len(p) {
			err = io.ErrShortWrite
		}
		w.err = err
		return
	}
	if len(p) > cap(w.buf)-len(w.buf) {
		w.flush()
	}
	w.buf = append(w.buf, p...)
}

func (w *bufWriter) zeros(n uint64) {
	for n > 0 && w.err == nil {
		k := min(n, uint64(len(zeroPage)))
		w.write(zeroPage[:k])
		n -= k
	}
}

// space returns the next n bytes of the buffer for the caller to fill
// (n <= writeBufSize), flushing first when they do not fit.
func (w *bufWriter) space(n int) []byte {
	if n > cap(w.buf)-len(w.buf) {
		w.flush()
	}
	l := len(w.buf)
	w.buf = w.buf[:l+n]
	return w.buf[l : l+n : l+n]
}

// records writes n records of size bytes each, filled by put(dst, first,
// count) in batches of as many as fit in the buffer.
func (w *bufWriter) records(n, size int, put func(dst []byte, first, count int)) {
	per := writeBufSize / size
	for i := 0; i < n && w.err == nil; {
		free := (cap(w.buf) - len(w.buf)) / size
		if free == 0 {
			w.flush()
			free = per
		}
		k := min(free, n-i)
		put(w.space(k*size), i, k)
		i += k
	}
}

// WriteTo writes the file laid out by the last successful Layout to w and
// returns the number of bytes written. It fails only when w does, or when
// the Builder was changed in a way that needs a new Layout (a section's
// Data changed size).
func (b *Builder) WriteTo(w io.Writer) (int64, error) {
	l := b.lay
	if l == nil {
		return 0, errors.New("elf: Builder.WriteTo before a successful Layout")
	}
	for _, p := range l.pieces {
		if p.sec != nil && uint64(len(p.sec.Data)) < p.size {
			return 0, fmt.Errorf("elf: section %q: Data is %d bytes, Layout made it %d: call Layout again", p.sec.Name, len(p.sec.Data), p.size)
		}
	}
	if cap(b.bw.buf) < writeBufSize {
		b.bw.buf = make([]byte, 0, writeBufSize)
	}
	bw := &b.bw
	bw.w, bw.buf, bw.n, bw.err = w, bw.buf[:0], 0, nil
	defer func() { bw.w, bw.err = nil, nil }()
	pos := uint64(0)
	for _, p := range l.pieces {
		if bw.err != nil {
			break
		}
		if p.size == 0 {
			continue
		}
		skip := uint64(0)
		if p.off < pos {
			skip = pos - p.off
			if skip >= p.size {
				continue
			}
		} else if p.off > pos {
			bw.zeros(p.off - pos)
			pos = p.off
		}
		switch {
		case p.gen != nil:
			if skip != 0 {
				// Layout checked that generated pieces overlap nothing.
				return bw.n, fmt.Errorf("elf: internal error: generated piece at %#x overlaps", p.off)
			}
			if err := p.gen(bw); err != nil && bw.err == nil {
				bw.err = err
			}
		case p.sec != nil:
			bw.write(p.sec.Data[skip:p.size])
		default:
			d := p.data[:min(uint64(len(p.data)), p.size)]
			if skip < uint64(len(d)) {
				bw.write(d[skip:])
			}
			bw.zeros(p.size - max(skip, uint64(len(d))))
		}
		pos = p.off + p.size
	}
	if bw.err == nil && pos < l.size {
		bw.zeros(l.size - pos)
	}
	bw.flush()
	return bw.n, bw.err
}

// Size returns the size of the file the last successful Layout laid out.
func (b *Builder) Size() int64 {
	if b.lay == nil {
		return 0
	}
	return int64(b.lay.size)
}

// Bytes lays the file out and returns its bytes.
func (b *Builder) Bytes() ([]byte, error) {
	if err := b.Layout(); err != nil {
		return nil, err
	}
	buf := &sliceWriter{b: make([]byte, 0, b.lay.size)}
	if _, err := b.WriteTo(buf); err != nil {
		return nil, err
	}
	return buf.b, nil
}

type sliceWriter struct{ b []byte }

func (s *sliceWriter) Write(p []byte) (int, error) {
	s.b = append(s.b, p...)
	return len(p), nil
}

// WriteFile lays the file out and writes it to path atomically: into a
// temporary file in the same directory, synced to disk, then renamed over
// path, so that a crash leaves either the old file or the new one, never a
// part of one. A file that exists keeps its permission bits (and setuid,
// setgid and sticky bits); a new one gets perm (not reduced by the umask).
// When path is a symbolic link, the file it points to is replaced.
func (b *Builder) WriteFile(path string, perm fs.FileMode) (err error) {
	if err := b.Layout(); err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	mode := perm & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if _, err = b.WriteTo(f); err != nil {
		return err
	}
	if err = f.Chmod(mode); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	// Make the rename itself durable.
	if d, derr := os.Open(dir); derr == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
