package main

import (
	"os/exec"
	"runtime"
	"testing"
)

func TestWrite(t *testing.T) {
	files, err := write(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, err := exec.LookPath("eu-elflint"); err == nil {
			if out, err := exec.Command("eu-elflint", "-q", "--gnu-ld", f).CombinedOutput(); err != nil || len(out) > 0 {
				t.Errorf("eu-elflint %s: %v\n%s", f, err, out)
			}
		}
	}
	if runtime.GOOS != "linux" || runtime.GOARCH != "amd64" {
		t.Skip("the programs are x86-64 Linux programs")
	}
	for i, want := range map[int]string{0: "hello from a file elfkit wrote\n", 2: "hello from a library elfkit wrote\n"} {
		out, err := exec.Command(files[i]).Output()
		if err != nil || string(out) != want {
			t.Errorf("%s printed %q (%v), want %q", files[i], out, err, want)
		}
	}
}
