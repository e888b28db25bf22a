package sym_test

import (
	"errors"
	"io"
	"os"
	"testing"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/elf32"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/sym"
)

// openFile opens path with the reader of its class and calls fn with the
// tables sym makes from it. The Dynamic and Static errors are passed on;
// an error opening the file is returned.
type tables struct {
	dyn, static       *sym.Table
	dynErr, staticErr error
	symbolizer        func() (*sym.Symbolizer, error)
}

func openTables(path string) (tables, io.Closer, error) {
	var head [elfkit.EI_NIDENT]byte
	fd, err := os.Open(path)
	if err != nil {
		return tables{}, nil, err
	}
	_, err = io.ReadFull(fd, head[:])
	fd.Close()
	if err != nil {
		return tables{}, nil, err
	}
	id, err := elfkit.ParseIdent(head[:])
	if err != nil {
		return tables{}, nil, err
	}
	var tb tables
	switch id.Class {
	case elfkit.ELFCLASS64:
		f, err := elf64.Open(path)
		if err != nil {
			return tables{}, nil, err
		}
		tb.dyn, tb.dynErr = sym.Dynamic(f)
		tb.static, tb.staticErr = sym.Static(f)
		tb.symbolizer = func() (*sym.Symbolizer, error) { return sym.NewSymbolizer(f) }
		return tb, f, nil
	case elfkit.ELFCLASS32:
		f, err := elf32.Open(path)
		if err != nil {
			return tables{}, nil, err
		}
		tb.dyn, tb.dynErr = sym.Dynamic(f)
		tb.static, tb.staticErr = sym.Static(f)
		tb.symbolizer = func() (*sym.Symbolizer, error) { return sym.NewSymbolizer(f) }
		return tb, f, nil
	}
	return tables{}, nil, errors.New("unknown class")
}

// mustTables is openTables for files the test knows to be good.
func mustTables(t testing.TB, path string) tables {
	t.Helper()
	tb, c, err := openTables(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	t.Cleanup(func() { c.Close() })
	return tb
}
