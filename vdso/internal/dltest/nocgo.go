//go:build !cgo || !linux

package dltest

import "errors"

// Available reports whether this build can ask the loader (it has cgo).
const Available = false

// ErrNoHandle: dlopen of linux-vdso.so.1 and linux-gate.so.1 with
// RTLD_NOLOAD found no vDSO.
var ErrNoHandle = errors.New("dltest: built without cgo")

// Sym needs cgo; without it, it returns ErrNoHandle.
func Sym(name, version string) (uintptr, error) { return 0, ErrNoHandle }
