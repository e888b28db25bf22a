package elf_test

import (
	"bytes"
	"debug/elf"
	"errors"
	"os"
	"testing"

	elfkit "github.com/elfkit/elf"
)

// FuzzParseIdent checks ParseIdent against debug/elf's acceptance of e_ident:
// whatever debug/elf opens, ParseIdent accepts with the same class, data and
// OS/ABI; every rejection is a *FormatError wrapping a sentinel.
func FuzzParseIdent(f *testing.F) {
	for _, name := range []string{"testdata/hello-x86_64", "testdata/hello-mips", "testdata/hello-i386.o", "testdata/libhello-s390x.so"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:64])
	}
	f.Add([]byte("\x7fELF"))
	f.Add([]byte("\x7fELF\x03\x01\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		id, err := elfkit.ParseIdent(b)
		if err != nil {
			var fe *elfkit.FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FormatError", err)
			}
			sentinels := []error{elfkit.ErrTruncated, elfkit.ErrBadMagic, elfkit.ErrBadClass, elfkit.ErrBadData, elfkit.ErrBadVersion}
			ok := false
			for _, s := range sentinels {
				ok = ok || errors.Is(err, s)
			}
			if !ok {
				t.Fatalf("error %v wraps no sentinel", err)
			}
			return
		}
		if f, err := elf.NewFile(bytes.NewReader(b)); err == nil {
			if elfkit.Class(f.Class) != id.Class || elfkit.Data(f.Data) != id.Data || elfkit.OSABI(f.OSABI) != id.OSABI || f.ABIVersion != id.ABIVersion {
				t.Fatalf("ParseIdent %+v, debug/elf class %v data %v osabi %v abiversion %d", id, f.Class, f.Data, f.OSABI, f.ABIVersion)
			}
		}
	})
}
