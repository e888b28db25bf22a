package vdso

import (
	"fmt"
	"os"
	"runtime/debug"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/elfkit/elf"
)

// processState is the process's vDSO image, parsed once.
type processState struct {
	once sync.Once
	im   *Image
	err  error
}

// process is replaced by tests and benchmarks to parse the image again.
var process = new(processState)

// Load returns this process's vDSO image: it finds the image's address in
// the auxiliary vector (AT_SYSINFO_EHDR), sizes the image from its own
// headers, checks that it has the class and machine of the running program,
// and parses it. That happens on the first call; later calls return the
// same Image, or the same error. The error wraps ErrNoVDSO when the process
// has no vDSO and ErrBadImage when the image is damaged.
func Load() (*Image, error) {
	p := process
	p.once.Do(func() { p.im, p.err = loadProcess() })
	return p.im, p.err
}

func loadProcess() (*Image, error) {
	if nativeClass == elf.ELFCLASSNONE {
		return nil, fmt.Errorf("%w: no vDSO support for this architecture", ErrNoVDSO)
	}
	addr, err := sysinfoEhdr()
	if err != nil {
		return nil, err
	}
	im, err := loadAt(addr, nativeClass)
	if err != nil {
		return nil, err
	}
	if im.machine != nativeMachine {
		return nil, badImage(fmt.Errorf("e_machine is %v, want %v", im.machine, nativeMachine))
	}
	return im, nil
}

// sysinfoEhdr returns the value of AT_SYSINFO_EHDR.
func sysinfoEhdr() (uintptr, error) {
	auxv, err := unix.Auxv()
	if err != nil {
		return 0, fmt.Errorf("%w: reading the auxiliary vector: %w", ErrNoVDSO, err)
	}
	for _, kv := range auxv {
		if kv[0] == AT_SYSINFO_EHDR && kv[1] != 0 {
			return kv[1], nil
		}
	}
	return 0, fmt.Errorf("%w (no AT_SYSINFO_EHDR in the auxiliary vector)", ErrNoVDSO)
}

// loadAt reads the image of class class mapped at addr, as the kernel maps
// the vDSO. It reads the ELF header and the program header table, which
// must lie in the first page, computes the image's extent from them, and
// reads one byte of every page of that extent, so that headers claiming
// more memory than is mapped give an error here, not a fault in a later
// lookup. A fault while reading becomes an ErrBadImage error.
func loadAt(addr uintptr, class elf.Class) (im *Image, err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			fault, ok := r.(interface{ Addr() uintptr })
			if !ok {
				panic(r)
			}
			im, err = nil, badImage(fmt.Errorf("memory fault at %#x reading the image at %#x", fault.Addr(), addr))
		}
	}()
	p := unsafe.Add(unsafe.Pointer(nil), addr)
	peek := func(n uint64) []byte { return unsafe.Slice((*byte)(p), n) }
	id, err := elf.ParseIdent(peek(elf.EI_NIDENT))
	if err != nil {
		return nil, badImage(err)
	}
	if id.Class != class {
		return nil, badImage(elf.Errorf(elf.EI_CLASS, elf.ErrBadClass, "e_ident[EI_CLASS] %v, want %v", id.Class, class))
	}
	page := uint64(os.Getpagesize())
	big := id.Data == elf.ELFDATA2MSB
	var size uint64
	if class == elf.ELFCLASS64 {
		size, err = extent64(peek(page), page, big)
	} else {
		size, err = extent32(peek(page), page, big)
	}
	if err != nil {
		return nil, badImage(err)
	}
	b := peek(size)
	touchPages(b, int(page))
	if class == elf.ELFCLASS64 {
		return parse64(b, addr, big)
	}
	return parse32(b, addr, big)
}

// touchPages reads a byte of every page b spans.
//
//go:noinline
func touchPages(b []byte, page int) byte {
	var sum byte
	for off := 0; off < len(b); off += page {
		sum += b[off]
	}
	if len(b) > 0 {
		sum += b[len(b)-1]
	}
	return sum
}
