//go:build cgo && linux

// Package dlfcn calls the C dynamic loader (dlopen, dlsym, dlvsym) for the
// tests of package sym, which compare its lookups with the loader's. It is
// the only cgo in the module and no library package imports it.
package dlfcn

/*
#cgo LDFLAGS: -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/auxv.h>

static void *open_lib(const char *name) { return dlopen(name, RTLD_LAZY | RTLD_LOCAL); }

static uintptr_t lib_base(void *h, char **name) {
	struct link_map *lm = NULL;
	if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || lm == NULL) return 0;
	*name = lm->l_name;
	return (uintptr_t)lm->l_addr;
}

static void *base_ptr(void *h) {
	struct link_map *lm = NULL;
	if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || lm == NULL) return NULL;
	return (void *)lm->l_addr;
}

static uintptr_t sym(void *h, const char *name) { return (uintptr_t)dlsym(h, name); }

static uintptr_t vsym(void *h, const char *name, const char *version) {
	return (uintptr_t)dlvsym(h, name, version);
}

typedef void *(*resolver_t)(unsigned long, unsigned long);

// call_resolver calls an STT_GNU_IFUNC resolver the way the loader does on
// x86-64 (where the arguments are unused) and AArch64 (hwcap, hwcap2).
static uintptr_t call_resolver(uintptr_t fn) {
	return (uintptr_t)((resolver_t)fn)(getauxval(AT_HWCAP), getauxval(AT_HWCAP2));
}
*/
import "C"

import (
	"errors"
	"unsafe"
)

// Lib is a library opened with dlopen.
type Lib struct {
	h    unsafe.Pointer
	Base uintptr // l_addr: what the loader added to the file's addresses
	Path string  // l_name: the file the loader mapped
}

// Open dlopens name (RTLD_LAZY | RTLD_LOCAL).
func Open(name string) (*Lib, error) {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	h := C.open_lib(cs)
	if h == nil {
		return nil, errors.New(C.GoString(C.dlerror()))
	}
	var cname *C.char
	base := C.lib_base(h, &cname)
	return &Lib{h: h, Base: uintptr(base), Path: C.GoString(cname)}, nil
}

// Close dlcloses the library.
func (l *Lib) Close() { C.dlclose(l.h) }

// Image returns the first n bytes of the library as the loader mapped it,
// from its base address. The caller keeps n within the mapped segments.
func (l *Lib) Image(n int) []byte {
	return unsafe.Slice((*byte)(C.base_ptr(l.h)), n)
}

// Sym returns dlsym(l, name), 0 for none.
func (l *Lib) Sym(name string) uintptr {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return uintptr(C.sym(l.h, cs))
}

// VSym returns dlvsym(l, name, version), 0 for none.
func (l *Lib) VSym(name, version string) uintptr {
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	cv := C.CString(version)
	defer C.free(unsafe.Pointer(cv))
	return uintptr(C.vsym(l.h, cs, cv))
}

// CallResolver calls the STT_GNU_IFUNC resolver at addr and returns the
// implementation it picks, as the loader does for dlsym.
func CallResolver(addr uintptr) uintptr { return uintptr(C.call_resolver(C.uintptr_t(addr))) }
