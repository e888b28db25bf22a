package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

func runCmd(args ...string) (string, string, int) {
	var o, e bytes.Buffer
	rc := run(args, &o, &e)
	return o.String(), e.String(), rc
}

// TestPrintMatchesPatchelf compares the --print-* output with patchelf's on
// the system's programs and libraries.
func TestPrintMatchesPatchelf(t *testing.T) {
	if !testfiles.HaveTool("patchelf") {
		t.Skip("patchelf not installed")
	}
	max := 40
	if testing.Short() {
		max = 10
	}
	n := 0
	for _, path := range testfiles.Corpus(t, 400) {
		if n >= max {
			break
		}
		for _, flag := range []string{"--print-interpreter", "--print-rpath", "--print-needed", "--print-soname"} {
			cmd := exec.Command("patchelf", flag, path)
			var o, e bytes.Buffer
			cmd.Stdout, cmd.Stderr = &o, &e
			if err := cmd.Run(); err != nil {
				// patchelf refuses the file (or has no .interp): we must
				// fail too for --print-interpreter, and need not agree
				// otherwise.
				if flag == "--print-interpreter" && strings.Contains(e.String(), ".interp") {
					if _, _, rc := runCmd(flag, path); rc == 0 {
						t.Errorf("%s %s: succeeded where patchelf failed: %s", flag, path, e.String())
					}
				}
				continue
			}
			got, errOut, rc := runCmd(flag, path)
			if rc != 0 {
				t.Errorf("%s %s: %s", flag, path, errOut)
				continue
			}
			if d := cmp.Diff(o.String(), got); d != "" {
				t.Errorf("%s %s (-patchelf +ours):\n%s", flag, path, d)
			}
		}
		n++
	}
	if n == 0 {
		t.Skip("no sample files")
	}
}

// TestFailureLeavesFileUntouched checks that malformed inputs and changes
// that are not possible give an error and leave the file as it was.
func TestFailureLeavesFileUntouched(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cases := map[string][]byte{
		"truncated": good[:40],
		"not-elf":   []byte("hello, world\n"),
		"bad-phoff": func() []byte {
			b := bytes.Clone(good[:4096])
			for i := 32; i < 40; i++ { // e_phoff of ELF64 (or part of ELF32's header)
				b[i] = 0xff
			}
			return b
		}(),
	}
	for name, data := range cases {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o755); err != nil {
			t.Fatal(err)
		}
		args := []string{"--set-rpath", "/" + strings.Repeat("r", 5000), p}
		if _, errOut, rc := runCmd(args...); rc == 0 {
			t.Errorf("%s: --set-rpath succeeded", name)
		} else if errOut == "" {
			t.Errorf("%s: no error message", name)
		}
		got, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s: the file was changed", name)
		}
	}
}

func TestUsage(t *testing.T) {
	if _, _, rc := runCmd(); rc == 0 {
		t.Error("no arguments: exit status 0")
	}
	if _, _, rc := runCmd("--no-such-flag", "x"); rc == 0 {
		t.Error("unknown flag: exit status 0")
	}
	if _, _, rc := runCmd("--output", "a", "b", "c"); rc == 0 {
		t.Error("--output with two files: exit status 0")
	}
}
