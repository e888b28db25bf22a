//go:build linux

package vdso

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/elfkit/elf/internal/testfiles"
)

// TestProcess checks Load against the auxiliary vector of the process it
// runs in: with an AT_SYSINFO_EHDR entry the image must load there and
// resolve ClockGettime and Gettimeofday inside itself; without one, Load
// and every lookup must fail with ErrNoVDSO. TestCrossArch runs it in
// binaries built for other architectures. It logs one "vdso-process:" line
// for TestCrossArch to read.
func TestProcess(t *testing.T) {
	auxv, err := unix.Auxv()
	if err != nil {
		t.Fatalf("unix.Auxv: %v", err)
	}
	var ehdr uintptr
	for _, kv := range auxv {
		if kv[0] == AT_SYSINFO_EHDR {
			ehdr = kv[1]
		}
	}
	im, err := Load()
	if ehdr == 0 {
		if !errors.Is(err, ErrNoVDSO) {
			t.Fatalf("no AT_SYSINFO_EHDR, but Load returns %v, %v", im, err)
		}
		for _, s := range []Symbol{ClockGettime, Gettimeofday} {
			if _, err := Lookup(s); !errors.Is(err, ErrNoVDSO) {
				t.Errorf("no AT_SYSINFO_EHDR, but Lookup(%v) returns %v", s, err)
			}
		}
		t.Logf("vdso-process: none (%v)", err)
		return
	}
	if err != nil {
		t.Fatalf("AT_SYSINFO_EHDR is %#x, but Load fails: %v", ehdr, err)
	}
	if im.Addr() != ehdr {
		t.Errorf("image at %#x, AT_SYSINFO_EHDR %#x", im.Addr(), ehdr)
	}
	for _, s := range []Symbol{ClockGettime, Gettimeofday} {
		a, err := Lookup(s)
		if err != nil || a < im.Addr() || a >= im.Addr()+uintptr(len(im.Bytes())) {
			t.Errorf("Lookup(%v) = %#x, %v; image %#x+%#x", s, a, err, im.Addr(), len(im.Bytes()))
		}
	}
	t.Logf("vdso-process: found %v %v at %#x, %d symbols", im.Class(), im.Machine(), im.Addr(), len(im.Symbols()))
}

var (
	crossBuildMu sync.Mutex
	crossBuilt   = map[string]string{}
)

// crossTestBinary builds this package's test binary for goarch (without
// cgo) and returns its path.
func crossTestBinary(t *testing.T, goarch string) string {
	t.Helper()
	crossBuildMu.Lock()
	defer crossBuildMu.Unlock()
	if bin, ok := crossBuilt[goarch]; ok {
		return bin
	}
	gobin := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		if gobin, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command to build with")
		}
	}
	dir, err := os.MkdirTemp("", "vdso-cross-")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "vdso.test."+goarch)
	cmd := exec.Command(gobin, "test", "-c", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH="+goarch, "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		t.Fatalf("go test -c for GOARCH=%s: %v\n%s", goarch, err, out)
	}
	crossBuilt[goarch] = bin
	return bin
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, bin := range crossBuilt {
		os.RemoveAll(filepath.Dir(bin))
	}
	os.Exit(code)
}

// qemuMajor returns the major version of a qemu-user emulator, 0 if unknown.
func qemuMajor(qemu string) int {
	out, err := exec.Command(qemu, "--version").Output()
	if err != nil {
		return 0
	}
	m := regexp.MustCompile(`version (\d+)\.`).FindSubmatch(out)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(m[1]))
	return n
}

// TestCrossArch runs TestProcess in test binaries built for other
// architectures: under qemu-user, which in Debian 12 (qemu 7.2) gives its
// guests no vDSO, so that the no-vDSO path runs for real; and, for 386,
// natively where this kernel runs 32-bit x86 programs (skipped with a
// message where it does not).
func TestCrossArch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries for other GOARCHes (not in -short)")
	}
	for _, c := range []struct{ goarch, qemu string }{
		{"arm", "qemu-arm"},
		{"arm64", "qemu-aarch64"},
		{"386", ""},
		{"386", "qemu-i386"},
	} {
		name := c.goarch + "/native"
		if c.qemu != "" {
			name = c.goarch + "/" + c.qemu
		}
		t.Run(name, func(t *testing.T) {
			if c.qemu != "" && !testfiles.HaveTool(c.qemu) {
				t.Skipf("%s not installed (.ci/run installs qemu-user)", c.qemu)
			}
			bin := crossTestBinary(t, c.goarch)
			args := []string{"-test.run=^TestProcess$", "-test.v"}
			cmd := exec.Command(bin, args...)
			if c.qemu != "" {
				cmd = exec.Command(c.qemu, append([]string{bin}, args...)...)
			}
			out, err := cmd.CombinedOutput()
			if c.qemu == "" && errors.Is(err, syscall.ENOEXEC) {
				t.Skipf("this kernel cannot run GOARCH=%s programs: %v", c.goarch, err)
			}
			if err != nil {
				t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
			}
			i := strings.Index(string(out), "vdso-process: ")
			if i < 0 {
				t.Fatalf("no result line in the output:\n%s", out)
			}
			line, _, _ := strings.Cut(string(out[i:]), "\n")
			t.Log(line)
			if c.qemu != "" && qemuMajor(c.qemu) < 8 && !strings.HasPrefix(line, "vdso-process: none") {
				t.Errorf("%s before 8.0 offers no vDSO, but the guest found one", c.qemu)
			}
		})
	}
}
