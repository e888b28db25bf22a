package elf64

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/adler32"
	"io"
	"math"
	"strings"
	"sync"

	"github.com/elfkit/elf"
	"github.com/klauspost/compress/zstd"
)

// zdebugHeaderSize is the size of the header of a .zdebug_* section: "ZLIB"
// and the uncompressed size, 8 bytes big-endian, before the zlib stream.
const zdebugHeaderSize = 12

// Bounds on how far a stream of n bytes can expand, used to reject a stated
// size that no stream of that length can reach before allocating for it.
// Deflate expands at most 1032 times (258 bytes from a 1-bit length code
// and a 1-bit distance code); a zstd block of at least 3 bytes decodes to at
// most 128 KiB.
const (
	maxZlibRatio      = 1032
	zstdMinBlock      = 3
	zstdMaxBlockBytes = 128 << 10
)

// compression is how a section's bytes are stored.
type compression struct {
	typ  elf.CompressionType // 0 when the section is not compressed
	size uint64              // uncompressed size
	data []byte              // the compressed stream (or, uncompressed, the bytes)
	off  int64               // offset of data, for errors
	gnu  bool                // the .zdebug_* form
}

// CompressionHeader returns the compression header (Elf_Chdr) at the start
// of SHF_COMPRESSED section s.
func (f *File) CompressionHeader(s Shdr) (Chdr, error) {
	if s.Flags()&elf.SHF_COMPRESSED == 0 {
		return Chdr{}, elf.Errorf(int64(s.Offset()), elf.ErrNotFound, "compression header: section is not SHF_COMPRESSED")
	}
	b, err := f.SectionData(s)
	if err != nil {
		return Chdr{}, err
	}
	if len(b) < ChdrSize {
		return Chdr{}, elf.Errorf(int64(s.Offset()), elf.ErrTruncated, "compression header (section of %d bytes)", len(b))
	}
	return Chdr(view{b: b[:ChdrSize:ChdrSize], big: f.big}), nil
}

// compression finds out how section s is stored.
func (f *File) compression(s Shdr) (compression, error) {
	b, err := f.SectionData(s)
	if err != nil {
		return compression{}, err
	}
	off := int64(s.Offset())
	if s.Type() == elf.SHT_NOBITS {
		return compression{off: off}, nil
	}
	if s.Flags()&elf.SHF_COMPRESSED != 0 {
		c, err := f.CompressionHeader(s)
		if err != nil {
			return compression{}, err
		}
		typ := c.Type()
		if typ != elf.ELFCOMPRESS_ZLIB && typ != elf.ELFCOMPRESS_ZSTD {
			return compression{}, elf.Errorf(off, elf.ErrUnsupported, "compression header ch_type %v", typ)
		}
		return compression{typ: typ, size: uint64(c.Size()), data: b[ChdrSize:], off: off + ChdrSize}, nil
	}
	if len(b) >= zdebugHeaderSize && string(b[:4]) == "ZLIB" {
		// The name is looked up only when the magic matches: an ordinary
		// section may start with "ZLIB" too.
		if name, err := f.SectionName(s); err == nil && strings.HasPrefix(name, ".zdebug") {
			return compression{typ: elf.ELFCOMPRESS_ZLIB, size: binary.BigEndian.Uint64(b[4:]), data: b[zdebugHeaderSize:], off: off + zdebugHeaderSize, gnu: true}, nil
		}
	}
	return compression{size: uint64(len(b)), data: b, off: off}, nil
}

// DecompressedSize returns the length of the bytes Decompress returns for
// section s: ch_size of an SHF_COMPRESSED section, the size in the header
// of a .zdebug_* section, sh_size of any other section (0 for SHT_NOBITS).
// It is what the header says; Decompress checks it.
func (f *File) DecompressedSize(s Shdr) (uint64, error) {
	c, err := f.compression(s)
	return c.size, err
}

// Decompress returns the contents of section s, uncompressed.
//
// A section with SHF_COMPRESSED (zlib or zstd, after its compression
// header) or a .zdebug_* section in the older GNU form ("ZLIB", the size as
// 8 bytes big-endian, a zlib stream) is decompressed: into dst when
// cap(dst) is at least the stated size, returning dst[:size], and into a
// new slice of exactly that size otherwise. Decompressor state is pooled
// and reused: zstd then allocates nothing more, and zlib only the small
// Huffman tables that compress/flate makes for some blocks.
//
// Any other section is returned as SectionData returns it: its bytes in
// the file, not copied, and dst is not used; a caller that must own the
// result can tell the cases apart with DecompressedSize and copy.
//
// The stated size is checked before anything is allocated: a size above
// the File's MaxDecompressedSize (DefaultMaxDecompressedSize when that is
// zero or negative) gives an error wrapping elf.ErrTooLarge, and a size
// that no compressed stream of the section's length could reach gives
// elf.ErrCorrupt. A stream that is damaged, or that decodes to more or
// fewer bytes than stated, gives an error wrapping elf.ErrCorrupt (and the
// decompressor's error, if any); decoding stops as soon as the output would
// pass the stated size. An unknown ch_type wraps elf.ErrUnsupported.
func (f *File) Decompress(s Shdr, dst []byte) ([]byte, error) {
	c, err := f.compression(s)
	if err != nil {
		return nil, err
	}
	if c.typ == 0 {
		return c.data, nil
	}
	what := "compressed section"
	if c.gnu {
		what = ".zdebug section"
	}
	return f.decompress(c, dst, what)
}

// decompress decodes c, checking its stated size first.
func (f *File) decompress(c compression, dst []byte, what string) ([]byte, error) {
	limit := f.MaxDecompressedSize
	if limit <= 0 {
		limit = DefaultMaxDecompressedSize
	}
	if c.size > uint64(limit) || c.size > math.MaxInt {
		return nil, elf.Errorf(c.off, elf.ErrTooLarge, "%s: uncompressed size %d over the limit %d", what, c.size, limit)
	}
	n := uint64(len(c.data))
	var most uint64 // the largest size a stream of n bytes can decode to
	if c.typ == elf.ELFCOMPRESS_ZLIB {
		most = (n + 1) * maxZlibRatio
	} else {
		most = (n/zstdMinBlock + 1) * zstdMaxBlockBytes
	}
	if c.size > most {
		return nil, elf.Errorf(c.off, elf.ErrCorrupt, "%s: uncompressed size %d from %d compressed bytes", what, c.size, n)
	}
	size := int(c.size)
	var out []byte
	if cap(dst) >= size {
		out = dst[:size]
	} else {
		out = make([]byte, size)
	}
	var err error
	if c.typ == elf.ELFCOMPRESS_ZLIB {
		err = inflate(out, c.data, c.off)
	} else {
		err = unzstd(out, c.data, c.off)
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// corrupt makes the error of a damaged stream: it wraps elf.ErrCorrupt and,
// when there is one, the decompressor's error.
func corrupt(off int64, err error, what string, args ...any) error {
	if err != nil {
		err = fmt.Errorf("%w: %w", elf.ErrCorrupt, err)
	} else {
		err = elf.ErrCorrupt
	}
	return elf.Errorf(off, err, what, args...)
}

// inflater is a pooled deflate decompressor with its input reader. The
// zlib wrapper (RFC 1950) is read here rather than by compress/zlib, whose
// Reset allocates a new checksum each time.
type inflater struct {
	r   bytes.Reader
	fr  io.ReadCloser
	buf [4]byte
}

var inflaters sync.Pool

// inflate decompresses the zlib stream in into out, which must come out
// exactly full.
func inflate(out, in []byte, off int64) error {
	// The header: CMF (method 8, window up to 32 KiB), FLG (check bits, no
	// preset dictionary).
	if len(in) < 2 {
		return corrupt(off, nil, "zlib header: %d bytes", len(in))
	}
	if cmf, flg := in[0], in[1]; cmf&0x0f != 8 || cmf>>4 > 7 || (uint(cmf)<<8|uint(flg))%31 != 0 {
		return corrupt(off, nil, "zlib header %#02x %#02x", cmf, flg)
	} else if flg&0x20 != 0 {
		return elf.Errorf(off, elf.ErrUnsupported, "zlib stream with a preset dictionary")
	}
	z, _ := inflaters.Get().(*inflater)
	if z == nil {
		z = new(inflater)
	}
	defer func() {
		z.r.Reset(nil)
		inflaters.Put(z)
	}()
	z.r.Reset(in[2:])
	if z.fr == nil {
		z.fr = flate.NewReader(&z.r)
	} else if err := z.fr.(flate.Resetter).Reset(&z.r, nil); err != nil {
		return corrupt(off, err, "deflate stream")
	}
	if got, err := io.ReadFull(z.fr, out); err != nil {
		if got < len(out) && (err == io.EOF || err == io.ErrUnexpectedEOF) {
			// The stream ended early, or was cut.
			return corrupt(off, nil, "zlib stream: %d bytes, fewer than the stated %d (or the stream is cut)", got, len(out))
		}
		return corrupt(off, err, "zlib stream")
	}
	// The deflate stream must end here. bytes.Reader is an io.ByteReader,
	// so flate reads no further than the stream and the Adler-32 of the
	// output follows.
	switch n, err := io.ReadFull(z.fr, z.buf[:1]); {
	case n > 0:
		return corrupt(off, nil, "zlib stream: more than the stated %d bytes", len(out))
	case err != io.EOF:
		return corrupt(off, err, "zlib stream end")
	}
	if _, err := io.ReadFull(&z.r, z.buf[:4]); err != nil {
		return corrupt(off, nil, "zlib stream: no Adler-32 checksum")
	}
	if binary.BigEndian.Uint32(z.buf[:4]) != adler32.Checksum(out) {
		return corrupt(off, zlib.ErrChecksum, "zlib stream")
	}
	return nil
}

// zstdDecoder decodes every zstd section, with DecodeAll, which runs
// concurrently and writes straight into the output slice: no window is
// allocated, and with the cap limit decoding stops once cap(out) would be
// passed. The per-decoder limits are set high because each call's real
// bound is the capacity it passes (the stated size, itself bounded by
// MaxDecompressedSize).
var zstdDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
	return zstd.NewReader(nil,
		zstd.WithDecodeAllCapLimit(true),
		zstd.WithDecoderMaxMemory(1<<40),
		zstd.WithDecoderMaxWindow(1<<40),
	)
})

// unzstd decompresses the zstd frames in into out, which must come out
// exactly full.
func unzstd(out, in []byte, off int64) error {
	d, err := zstdDecoder()
	if err != nil {
		return elf.Errorf(off, fmt.Errorf("%w: %w", elf.ErrUnsupported, err), "zstd decoder")
	}
	got, err := d.DecodeAll(in, out[:0:len(out)])
	switch {
	case errors.Is(err, zstd.ErrDecoderSizeExceeded):
		return corrupt(off, nil, "zstd stream: more than the stated %d bytes", len(out))
	case err != nil:
		return corrupt(off, err, "zstd stream")
	case len(got) != len(out):
		return corrupt(off, nil, "zstd stream: %d bytes, not the stated %d", len(got), len(out))
	case len(got) > 0 && &got[0] != &out[0]:
		// Cannot happen with the cap limit; keep the promise anyway.
		copy(out, got)
	}
	return nil
}
