//go:build cgo && linux

package sym_test

import (
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	elfkit "github.com/elfkit/elf"
	"github.com/elfkit/elf/elf64"
	"github.com/elfkit/elf/sym"
	"github.com/elfkit/elf/sym/internal/dlfcn"
)

// TestLoader compares Lookup and LookupVersion with the C loader's dlsym
// and dlvsym on real libraries: for every defined dynamic symbol and every
// version it has, dlvsym(name, version) must be the library's base plus the
// value of the symbol LookupVersion finds, and dlsym(name) the address of
// the symbol Lookup finds (or an address outside the library's definitions
// when Lookup finds none, for a name whose definitions are all hidden).
//
// The loader's address of an STT_GNU_IFUNC symbol is what its resolver
// returns, so the resolver is called (amd64 and arm64; elsewhere they are
// counted and skipped); TLS symbols have no fixed address and are skipped;
// SHN_ABS symbols are not relocated.
func TestLoader(t *testing.T) {
	libs := []string{"libc.so.6", "libm.so.6", "libstdc++.so.6"}
	if testing.Short() {
		libs = libs[:2]
	} else if p := libLLVMPath(); p != "" {
		libs = append(libs, p)
	}
	for _, name := range libs {
		t.Run(filepath.Base(name), func(t *testing.T) {
			lib, err := dlfcn.Open(name)
			if err != nil {
				t.Skipf("dlopen: %v", err)
			}
			defer lib.Close()
			tb := mustTables(t, lib.Path)
			if tb.dynErr != nil {
				t.Fatal(tb.dynErr)
			}
			checkLoader(t, lib, tb.dyn)
		})
	}
}

func libLLVMPath() string {
	var p string
	testing.Benchmark(func(b *testing.B) { p = libLLVM(b) })
	return p
}

// loaderAddr is the address the loader gives symbol s of lib.
func loaderAddr(lib *dlfcn.Lib, s sym.Symbol) (addr uintptr, ok bool) {
	switch {
	case s.Type() == elfkit.STT_TLS:
		return 0, false
	case s.Section == elfkit.SHN_ABS:
		return uintptr(s.Value), true
	case s.Type() == elfkit.STT_GNU_IFUNC:
		if runtime.GOARCH != "amd64" && runtime.GOARCH != "arm64" {
			return 0, false
		}
		return dlfcn.CallResolver(lib.Base + uintptr(s.Value)), true
	}
	return lib.Base + uintptr(s.Value), true
}

func checkLoader(t *testing.T, lib *dlfcn.Lib, tab *sym.Table) {
	var versioned, hidden, dflt, notDefault, tls, ifunc int
	names := map[string][]sym.Symbol{} // the definitions of each name
	for _, s := range tab.All() {
		if !s.Defined() || s.Bind() == elfkit.STB_LOCAL || s.Name == "" || s.Version.Needed {
			continue
		}
		names[s.Name] = append(names[s.Name], s)
		if s.Version.Name == "" || s.Name == s.Version.Name {
			continue
		}
		got, ok := tab.LookupVersion(s.Name, s.Version.Name)
		want := lib.VSym(s.Name, s.Version.Name)
		if !ok {
			t.Errorf("LookupVersion(%s, %s) found nothing; dlvsym gives %#x", s.Name, s.Version.Name, want)
			continue
		}
		if got.Index != s.Index {
			t.Errorf("LookupVersion(%s, %s) = symbol %d, want %d", s.Name, s.Version.Name, got.Index, s.Index)
		}
		addr, ok := loaderAddr(lib, got)
		if !ok {
			tls++
			continue
		}
		if got.Type() == elfkit.STT_GNU_IFUNC {
			ifunc++
		}
		if addr != want {
			t.Errorf("LookupVersion(%s, %s) = %#x (%v), dlvsym %#x", s.Name, s.Version.Name, addr, got, want)
		}
		versioned++
		if s.Version.Hidden {
			hidden++
		}
	}
	for name, defs := range names {
		got, ok := tab.Lookup(name)
		want := lib.Sym(name)
		if !ok {
			// Every definition is hidden (or otherwise not for dlsym):
			// the loader must not return one of them.
			for _, d := range defs {
				if a, ok := loaderAddr(lib, d); ok && a == want && want != 0 {
					t.Errorf("Lookup(%s) found nothing; dlsym gives %#x = %v", name, want, d)
				}
			}
			notDefault++
			continue
		}
		if got.Version.Hidden {
			t.Errorf("Lookup(%s) = %v, a hidden version", name, got)
		}
		addr, ok := loaderAddr(lib, got)
		if !ok {
			tls++
			continue
		}
		if addr != want {
			t.Errorf("Lookup(%s) = %#x (%v), dlsym %#x", name, addr, got, want)
		}
		dflt++
	}
	t.Logf("%s: dlvsym agrees on %d versioned definitions (%d hidden), dlsym on %d names; %d names without a default definition; %d IFUNCs resolved; %d TLS skipped",
		lib.Path, versioned, hidden, dflt, notDefault, ifunc, tls)
}

// TestLoaderHiddenVersions checks the libc cases where a hidden old
// version and a default new one of the same name have different code.
func TestLoaderHiddenVersions(t *testing.T) {
	lib, err := dlfcn.Open("libc.so.6")
	if err != nil {
		t.Skipf("dlopen: %v", err)
	}
	defer lib.Close()
	tb := mustTables(t, lib.Path)
	if tb.dynErr != nil {
		t.Fatal(tb.dynErr)
	}
	cases := 0
	for _, name := range []string{"memcpy", "realpath", "pthread_cond_wait", "pthread_cond_signal",
		"pthread_cond_broadcast", "pthread_cond_init", "pthread_cond_destroy", "pthread_cond_timedwait"} {
		var hiddenVers []string
		for _, s := range tb.dyn.All() {
			if s.Name == name && s.Defined() && s.Version.Hidden {
				hiddenVers = append(hiddenVers, s.Version.Name)
			}
		}
		def, ok := tb.dyn.Lookup(name)
		if !ok || !def.Version.Default() {
			t.Errorf("Lookup(%s) = %v, %v; want the default version", name, def, ok)
			continue
		}
		for _, v := range hiddenVers {
			old, ok := tb.dyn.LookupVersion(name, v)
			if !ok || !old.Version.Hidden || old.Value == def.Value {
				t.Errorf("LookupVersion(%s, %s) = %v, %v", name, v, old, ok)
				continue
			}
			oldAddr, _ := loaderAddr(lib, old)
			defAddr, _ := loaderAddr(lib, def)
			if got := lib.VSym(name, v); got != oldAddr {
				t.Errorf("dlvsym(%s, %s) = %#x, sym %#x", name, v, got, oldAddr)
			}
			if got := lib.Sym(name); got != defAddr || got == oldAddr {
				t.Errorf("dlsym(%s) = %#x, sym %#x (hidden one at %#x)", name, got, defAddr, oldAddr)
			}
			t.Logf("%s@%s at %#x, %s", name, v, oldAddr, def)
			cases++
		}
	}
	if cases < 3 {
		t.Errorf("only %d hidden-version cases in this libc", cases)
	}
}

// TestLoaderImage reads libc as the loader mapped it into this process - a
// memory image whose dynamic entries hold relocated addresses - and checks
// that every lookup gives what it gives on the file.
func TestLoaderImage(t *testing.T) {
	lib, err := dlfcn.Open("libc.so.6")
	if err != nil {
		t.Skipf("dlopen: %v", err)
	}
	defer lib.Close()
	file, err := elf64.Open(lib.Path)
	if err != nil {
		t.Skip(err) // not a 64-bit process
	}
	defer file.Close()
	fromFile, err := sym.Dynamic(file)
	if err != nil {
		t.Fatal(err)
	}
	// The image spans the PT_LOAD segments; the loader maps them without
	// holes that fault.
	phdrs, err := file.ProgramHeaders()
	if err != nil {
		t.Fatal(err)
	}
	var end uint64
	for _, p := range phdrs.All() {
		if p.Type() == elfkit.PT_LOAD {
			end = max(end, uint64(p.Vaddr())+uint64(p.Memsz()))
		}
	}
	img := lib.Image(int(end))
	mem, err := elf64.NewImage(img, uint64(lib.Base))
	if err != nil {
		t.Fatal(err)
	}
	fromImage, err := sym.Dynamic(mem)
	if err != nil {
		t.Fatal(err)
	}
	if fromImage.Hash() != fromFile.Hash() || fromImage.Len() != fromFile.Len() {
		t.Fatalf("image: %d symbols, %v; file: %d, %v", fromImage.Len(), fromImage.Hash(), fromFile.Len(), fromFile.Hash())
	}
	var want, got []string
	for _, s := range fromFile.All() {
		a, ok1 := fromFile.LookupVersion(s.Name, s.Version.Name)
		b, ok2 := fromImage.LookupVersion(s.Name, s.Version.Name)
		want = append(want, fmt.Sprintf("%s %d %v %v", s, a.Index, ok1, a.Version))
		got = append(got, fmt.Sprintf("%s %d %v %v", s, b.Index, ok2, b.Version))
		a, ok1 = fromFile.Lookup(s.Name)
		b, ok2 = fromImage.Lookup(s.Name)
		want = append(want, fmt.Sprintf("%s %d %v %v", s.Name, a.Index, ok1, a.Version))
		got = append(got, fmt.Sprintf("%s %d %v %v", s.Name, b.Index, ok2, b.Version))
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("lookups (-file +image):\n%s", d)
	}
}
