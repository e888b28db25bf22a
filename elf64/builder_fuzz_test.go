package elf64

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	elfkit "github.com/elfkit/elf"
)

// FuzzBuilderRoundTrip checks the round-trip promise on any input the
// reader accepts: FromFile, Layout and WriteTo without edits give back the
// input, byte for byte, and nothing panics.
func FuzzBuilderRoundTrip(f *testing.F) {
	// Seeds: the small files of this class in debug/elf's testdata (not
	// the whole corpus: every fuzz worker runs this), and files the
	// builder makes.
	paths, _ := filepath.Glob(filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata", "*"))
	for _, path := range paths {
		fi, err := os.Stat(path)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > 64<<10 {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		if _, err := NewFile(data); err == nil {
			f.Add(data)
		}
	}
	for _, typ := range []elfkit.Type{elfkit.ET_EXEC, elfkit.ET_DYN, elfkit.ET_REL} {
		b := NewBuilder(typ, elfkit.EM_X86_64)
		text := b.AddSection(".text", elfkit.SHT_PROGBITS, elfkit.SHF_ALLOC|elfkit.SHF_EXECINSTR, []byte{0xc3})
		sym := &OutSymbol{Name: "f", Bind: elfkit.STB_GLOBAL, Type: elfkit.STT_FUNC, Section: text, Size: 1, Version: "V1"}
		b.Symbols = []*OutSymbol{{Name: "f", Bind: elfkit.STB_GLOBAL, Type: elfkit.STT_FUNC, Section: text, Size: 1}}
		if typ == elfkit.ET_DYN {
			b.DynSymbols = []*OutSymbol{sym}
			b.Versions = []OutVersion{{Name: "V1"}}
			b.Soname = "libf.so"
		}
		b.BuildID = []byte{1, 2, 3, 4}
		data, err := b.Bytes()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := NewFile(data)
		if err != nil {
			return
		}
		b, err := FromFile(file)
		if err != nil {
			t.Fatalf("FromFile: %v", err)
		}
		if err := b.Layout(); err != nil {
			t.Fatalf("Layout of an unedited file: %v", err)
		}
		w := &cmpWriter{want: data, diffAt: -1}
		n, err := b.WriteTo(w)
		if err != nil {
			t.Fatalf("WriteTo: %v", err)
		}
		if n != int64(len(data)) || w.diffAt >= 0 {
			t.Fatalf("wrote %d bytes for %d, first difference at %#x", n, len(data), w.diffAt)
		}
	})
}
