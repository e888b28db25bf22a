package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestUpToDate regenerates zvocab.go in memory and compares it with the
// checked-in file, so that go test notices what CI's git diff would. It
// uses the running Go distribution's debug/elf, as go generate does.
func TestUpToDate(t *testing.T) {
	std, err := parseStd(filepath.Join(goroot(), "src", "debug", "elf", "elf.go"))
	if err != nil {
		t.Fatal(err)
	}
	code, err := generate(std)
	if err != nil {
		t.Fatal(err)
	}
	have, err := os.ReadFile(filepath.Join("..", "..", "zvocab.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(code, have) {
		t.Error("zvocab.go is stale: run go generate in the module root")
	}
}

// TestDeterministic generates twice: nothing may depend on map order.
func TestDeterministic(t *testing.T) {
	src := filepath.Join(goroot(), "src", "debug", "elf", "elf.go")
	var outs [][]byte
	for range 3 {
		std, err := parseStd(src)
		if err != nil {
			t.Fatal(err)
		}
		code, err := generate(std)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, code)
	}
	if !bytes.Equal(outs[0], outs[1]) || !bytes.Equal(outs[0], outs[2]) {
		t.Error("generator output differs between runs")
	}
}
