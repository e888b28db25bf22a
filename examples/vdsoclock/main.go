// Command vdsoclock prints the vDSO of its own process: where the kernel
// mapped it, every symbol with its version, and the address vdso.Lookup
// resolves for each function of this architecture's table.
//
// Usage:
//
//	go run ./examples/vdsoclock
//
// Under qemu-user, or with the vdso=0 boot option, the process has no vDSO;
// the command says so and exits with status 1.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"text/tabwriter"

	"github.com/dustin/go-humanize"

	"github.com/elfkit/elf/vdso"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "vdsoclock:", err)
		if errors.Is(err, vdso.ErrNoVDSO) {
			fmt.Fprintln(os.Stderr, "vdsoclock: (no vDSO: qemu-user, a sandbox, or vdso=0)")
		}
		os.Exit(1)
	}
}

func run(out io.Writer) error {
	im, err := vdso.Load()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "vDSO of %s/%s at %#x: %s, %v %v, versions %q\n\n",
		runtime.GOOS, runtime.GOARCH, im.Addr(), humanize.IBytes(uint64(len(im.Bytes()))),
		im.Class(), im.Machine(), im.Versions())

	syms := im.Symbols()
	w := tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)
	fmt.Fprintf(w, "%d symbols\tvalue\tsize\ttype\tbind\taddress\n", len(syms))
	for _, s := range syms {
		name := s.Name
		switch {
		case s.Version != "" && s.Hidden:
			name += "@" + s.Version
		case s.Version != "":
			name += "@@" + s.Version
		}
		addr := "-"
		if s.Addr != 0 {
			addr = fmt.Sprintf("%#x", s.Addr)
		}
		fmt.Fprintf(w, "  %s\t%#x\t%d\t%v\t%v\t%s\n", name, s.Value, s.Size, s.Type, s.Bind, addr)
	}
	if err := w.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(out, "\nvdso.Lookup of the %s table (functions at %s):\n", runtime.GOARCH, vdso.LinuxVersion)
	w = tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)
	for _, s := range vdso.Functions() {
		addr, err := vdso.Lookup(s)
		if err != nil {
			fmt.Fprintf(w, "  %v\t%v\n", s, err)
			continue
		}
		fmt.Fprintf(w, "  %v\t%#x\t(image + %#x)\n", s, addr, addr-im.Addr())
	}
	return w.Flush()
}
