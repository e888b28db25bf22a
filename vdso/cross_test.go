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

// crossTestBinary builds this package's test binary for goarch and
// returns its path: with cgo, through cc, when cc is not empty.
func crossTestBinary(t *testing.T, goarch, cc string) string {
	t.Helper()
	crossBuildMu.Lock()
	defer crossBuildMu.Unlock()
	key := goarch + " " + cc
	if bin, ok := crossBuilt[key]; ok {
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
	if cc != "" {
		cmd.Env = append(cmd.Env, "CGO_ENABLED=1", "CC="+cc)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		t.Fatalf("go test -c for GOARCH=%s CC=%q: %v\n%s", goarch, cc, err, out)
	}
	crossBuilt[key] = bin
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

// processTests are the tests that read the process's own vDSO.
const processTests = "^(TestProcess|TestMapping|TestDebugElf|TestReadelf|TestDlvsym|TestFunctions|TestRules|TestLookupAllocs|TestFault|TestDamaged)$"

// TestCrossArch runs this package's tests in test binaries built for other
// architectures. Under qemu-user (arm, arm64), which in Debian 12 (qemu
// 7.2) gives its guests no vDSO, TestProcess runs the no-vDSO path for
// real. A 386 binary runs natively where the kernel runs 32-bit x86
// programs (CONFIG_IA32_EMULATION; skipped with a message where it does
// not), and then every test of the process's own image runs on the
// kernel's 32-bit vDSO: with cgo, through the i686 cross toolchain's
// loader, when that is installed, so that TestDlvsym compares with the
// 32-bit C loader too. (Go's 386 runtime does not start under qemu-i386
// 7.2, so there is no emulated 386 run.)
func TestCrossArch(t *testing.T) {
	if testing.Short() {
		t.Skip("builds test binaries for other GOARCHes (not in -short)")
	}
	for _, c := range []struct{ goarch, qemu string }{
		{"arm", "qemu-arm"},
		{"arm64", "qemu-aarch64"},
		{"386", ""},
	} {
		name := c.goarch + "/native"
		if c.qemu != "" {
			name = c.goarch + "/" + c.qemu
		}
		t.Run(name, func(t *testing.T) {
			if c.qemu != "" && !testfiles.HaveTool(c.qemu) {
				t.Skipf("%s not installed (.ci/run installs qemu-user)", c.qemu)
			}
			var cmd *exec.Cmd
			cgo := false
			switch {
			case c.qemu != "":
				bin := crossTestBinary(t, c.goarch, "")
				cmd = exec.Command(c.qemu, bin, "-test.run=^TestProcess$", "-test.v")
			default:
				args := []string{"-test.run=" + processTests, "-test.v"}
				const cc, libdir = "i686-linux-gnu-gcc", "/usr/i686-linux-gnu/lib"
				loader := filepath.Join(libdir, "ld-linux.so.2")
				if _, err := os.Stat(loader); err == nil && testfiles.HaveTool(cc) {
					bin := crossTestBinary(t, c.goarch, cc)
					cmd = exec.Command(loader, append([]string{"--library-path", libdir, bin}, args...)...)
					cgo = true
				} else {
					cmd = exec.Command(crossTestBinary(t, c.goarch, ""), args...)
				}
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
			if cgo && strings.HasPrefix(line, "vdso-process: found") && !strings.Contains(string(out), "agree with dlvsym") {
				t.Errorf("TestDlvsym did not compare with the 32-bit loader:\n%s", out)
			}
			for l := range strings.Lines(string(out)) {
				if strings.HasPrefix(l, "--- ") {
					t.Log(strings.TrimSpace(l))
				}
			}
		})
	}
}
