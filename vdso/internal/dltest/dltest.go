//go:build cgo && linux

// Package dltest asks the C library's dynamic loader about the process's
// vDSO, for the tests of package vdso to compare with. It needs cgo (test
// files cannot use cgo themselves); package vdso does not.
package dltest

/*
#cgo LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

// The vDSO's soname: linux-gate.so.1 on i386, linux-vdso.so.1 elsewhere.
static void *vdso_handle(void) {
	void *h = dlopen("linux-vdso.so.1", RTLD_NOLOAD | RTLD_LAZY);
	if (h == NULL)
		h = dlopen("linux-gate.so.1", RTLD_NOLOAD | RTLD_LAZY);
	return h;
}
*/
import "C"

import (
	"errors"
	"unsafe"
)

// Available reports whether this build can ask the loader (it has cgo).
const Available = true

// ErrNoHandle: dlopen of linux-vdso.so.1 and linux-gate.so.1 with
// RTLD_NOLOAD found no vDSO.
var ErrNoHandle = errors.New("dltest: dlopen(linux-vdso.so.1 or linux-gate.so.1, RTLD_NOLOAD) returned NULL")

// Sym returns what dlvsym(handle, name, version) returns for the vDSO's
// handle, or dlsym(handle, name) when version is empty: the address, or 0
// when the loader finds no such symbol.
func Sym(name, version string) (uintptr, error) {
	h := C.vdso_handle()
	if h == nil {
		return 0, ErrNoHandle
	}
	defer C.dlclose(h)
	cname := C.CString(name)
	defer C.free(unsafe.Pointer(cname))
	if version == "" {
		return uintptr(C.dlsym(h, cname)), nil
	}
	cver := C.CString(version)
	defer C.free(unsafe.Pointer(cver))
	return uintptr(C.dlvsym(h, cname, cver)), nil
}
