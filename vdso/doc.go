// Package vdso finds the functions of the running process's vDSO, the
// small shared object the Linux kernel maps into every process
// (linux-vdso.so.1) so that clock_gettime, gettimeofday and a few other
// system calls can run without entering the kernel.
//
// Lookup returns the address of a function by name and version, as the C
// library's loader and the Go runtime find them:
//
//	addr, err := vdso.Lookup(vdso.ClockGettime)
//
// ClockGettime, Gettimeofday, Time, ClockGetres, Getcpu, Getrandom,
// ClockGettime64 and ClockGetres64 hold the names and version the kernel
// uses on the architecture the program is built for
// (__vdso_clock_gettime@LINUX_2.6 on amd64, __kernel_clock_gettime@LINUX_2.6.39
// on arm64, ...), so the same call works on every architecture; a
// function the architecture's kernel lacks is the zero Symbol, and a lookup
// of it fails with ErrNotFound.
//
// The image is found through the auxiliary vector (AT_SYSINFO_EHDR), sized
// from its own headers without reading past what they state, and read in
// place with package elf64 or elf32 (the class of the running program) on
// the first lookup. Package sym then finds names through the image's GNU
// or SysV hash table, without allocating; Lookup also remembers the
// functions it has found, so asking for the same one again is a comparison
// of names. A symbol qualifies when its version index names a version
// definition whose hash and name match the version asked for, as in the Go
// runtime's vdso_linux.go; undefined symbols, the absolute symbols the
// linker makes for each version definition, and (for Lookup) anything but
// functions never do.
//
// A process without a vDSO (under qemu-user, in some sandboxes, booted
// with vdso=0), an image without version definitions, or a damaged image
// give errors (ErrNoVDSO, ErrNoVersions, ErrBadImage), never a crash.
//
// NewImage reads any vDSO image laid out in memory, of either class and
// byte order, for tools: Image.Symbols lists every symbol with its
// version.
//
// Lookup's promise is the address. Calling a vDSO function from Go needs an
// assembly trampoline that switches to a stack the function may use and
// copes with signals arriving meanwhile, as the runtime's own does; this
// package does not provide one.
package vdso

//go:generate go run ../internal/classgen -in image64.go -names parse64,extent64,versionDefs64,headers64,layout64,symbolCount64
