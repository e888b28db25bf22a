package elf64

// The cross-check: every ELF file of this package's class that the machine
// has (internal/testfiles.Corpus) plus programs built for every GOARCH and
// cross C compiler of the class is read with this package and with
// debug/elf, and what the two say is compared with cmp.Diff: the header,
// program headers, section headers and bytes, .symtab, .dynsym with symbol
// versions, dynamic entries and strings, version definitions and needs.
//
// Where debug/elf is wrong or silent the test asks `readelf -W` instead:
// debug/elf reports ch_addralign as the alignment of an SHF_COMPRESSED
// section, and it leaves st_shndx SHN_XINDEX unresolved. debug/elf does not
// implement e_phnum == PN_XNUM; that is checked against the same file with
// a plain e_phnum. debug/elf's DynValue also lists entries after the first
// DT_NULL, which end the table for us, readelf and ld.so; no file on the
// machines this ran on has any, and one that does fails here.
//
// Files without section headers (a copy with e_shoff, e_shnum and
// e_shstrndx zeroed, and the committed sstrip output) and memory images
// (NewImage over the PT_LOAD segments laid out at their addresses, with and
// without the dynamic entries relocated as glibc does) are checked against
// what this package reads from the same file through its sections.

import (
	"bytes"
	delf "debug/elf"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
)

// ccStats counts what the cross-check compared.
type ccStats struct {
	files, rejected, sections, sectionBytes, symbols, dynsyms, dynamic, versioned atomic.Int64
	stripped, images, relocatedImages, xindex, dynsymNoSection                    atomic.Int64
	big                                                                           atomic.Int64
}

func (st *ccStats) String() string {
	return fmt.Sprintf("%d files compared (%d big-endian), %d rejected by debug/elf; %d sections (%d MB of bytes), "+
		"%d symbols, %d dynamic symbols, %d dynamic entries, %d versioned files; without section headers: %d files; "+
		"as memory images: %d (%d relocated); %d SHN_XINDEX symbols checked against readelf; %d files with dynamic symbols only through PT_DYNAMIC",
		st.files.Load(), st.big.Load(), st.rejected.Load(), st.sections.Load(), st.sectionBytes.Load()>>20,
		st.symbols.Load(), st.dynsyms.Load(), st.dynamic.Load(), st.versioned.Load(), st.stripped.Load(),
		st.images.Load(), st.relocatedImages.Load(), st.xindex.Load(), st.dynsymNoSection.Load())
}

// TestCrossCheckDebugELF compares this package with debug/elf on every file
// of crossCheckFiles, one parallel subtest per file.
func TestCrossCheckDebugELF(t *testing.T) {
	files := crossCheckFiles(t)
	var st ccStats
	t.Run("file", func(t *testing.T) {
		for _, path := range files {
			t.Run(strings.ReplaceAll(strings.TrimPrefix(path, "/"), "/", ":"), func(t *testing.T) {
				t.Parallel()
				crossCheckFile(t, path, &st)
			})
		}
	})
	t.Logf("%v: %v", Class, &st)
	if st.files.Load() == 0 {
		t.Errorf("no %v files compared", Class)
	}
}

// TestCrossCheckExtendedNumbering checks a relocatable object with more
// than SHN_LORESERVE sections, made by the assembler: e_shnum is 0,
// e_shstrndx is SHN_XINDEX, and symbols have st_shndx SHN_XINDEX resolved
// through SHT_SYMTAB_SHNDX (checked against readelf, as debug/elf does not
// resolve them).
func TestCrossCheckExtendedNumbering(t *testing.T) {
	if testing.Short() {
		t.Skip("assembles 65300 sections")
	}
	if !testfiles.HaveTool("as") || !testfiles.HaveTool("readelf") {
		t.Skip("needs as and readelf (binutils)")
	}
	dir := t.TempDir()
	var src strings.Builder
	const n = 0xff00 + 100
	for i := range n {
		fmt.Fprintf(&src, ".section .s%d,\"a\"\n.globl g%d\ng%d: .byte %d\n", i, i, i, i&0x7f)
	}
	srcPath, obj := filepath.Join(dir, "many.s"), filepath.Join(dir, "many.o")
	if err := os.WriteFile(srcPath, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-o", obj, srcPath}
	if Class == elf.ELFCLASS32 {
		args = append([]string{"--32"}, args...)
	}
	if out, err := exec.Command("as", args...).CombinedOutput(); err != nil {
		t.Fatalf("as %v: %v\n%s", args, err, out)
	}
	f, err := Open(obj)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if h := f.Ehdr(); h.Shnum() != 0 || h.Shstrndx() != uint16(elf.SHN_XINDEX) {
		t.Fatalf("the assembler wrote e_shnum %d, e_shstrndx %#x: not extended numbering", h.Shnum(), h.Shstrndx())
	}
	var st ccStats
	crossCheckFile(t, obj, &st)
	if st.xindex.Load() < n-int64(elf.SHN_LORESERVE) {
		t.Errorf("%d SHN_XINDEX symbols checked, want at least %d", st.xindex.Load(), n-int64(elf.SHN_LORESERVE))
	}
	t.Logf("%v", &st)
}

// TestCrossCheckPNXNUM gives the committed samples e_phnum == PN_XNUM
// with the count in section 0's sh_info, as a file with 65535 or more
// program headers has it, and checks that the program headers read the
// same. debug/elf does not implement PN_XNUM; the unpatched file, checked
// against debug/elf by TestCrossCheckDebugELF, is the reference.
func TestCrossCheckPNXNUM(t *testing.T) {
	phnumOff, infoOff := 56, 44 // ELF64 offsets of e_phnum and of sh_info in a section header
	if Class == elf.ELFCLASS32 {
		phnumOff, infoOff = 44, 28
	}
	n := 0
	paths, _ := filepath.Glob(filepath.Join(testfiles.ModuleRoot(), "testdata", "*"))
	for _, path := range paths {
		if ccFileClass(path) != Class {
			continue
		}
		f, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		want, err1 := f.ProgramHeaders()
		shdrs, err2 := f.SectionHeaders()
		if err1 != nil || err2 != nil || want.Len() == 0 || shdrs.Len() == 0 {
			continue
		}
		b := bytes.Clone(f.Data())
		bo := f.ByteOrder()
		bo.PutUint16(b[phnumOff:], uint16(elf.PN_XNUM))
		bo.PutUint32(b[uint64(f.Ehdr().Shoff())+uint64(infoOff):], uint32(want.Len()))
		xf, err := NewFile(b)
		if err != nil {
			t.Fatal(err)
		}
		got, err := xf.ProgramHeaders()
		if err != nil {
			t.Errorf("%s with PN_XNUM: ProgramHeaders: %v", path, err)
			continue
		}
		if d := ccDiff(ourProgs(want), ourProgs(got)); d != "" {
			t.Errorf("%s with PN_XNUM: program headers (-e_phnum +PN_XNUM):\n%s", path, d)
		}
		n++
	}
	if n == 0 {
		t.Fatalf("no %v sample with program and section headers in testdata", Class)
	}
	t.Logf("%d files", n)
}

// TestCrossCheckSstrip compares the dynamic symbols, table, library names
// and versions of the committed shared objects that sstrip left without
// section headers (testdata/*.noshdr.so) with those of the objects they
// were made from, which TestCrossCheckDebugELF compares with debug/elf.
func TestCrossCheckSstrip(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(testfiles.ModuleRoot(), "testdata", "*.noshdr.so"))
	n := 0
	for _, path := range paths {
		if ccFileClass(path) != Class {
			continue
		}
		orig, err := Open(strings.TrimSuffix(path, ".noshdr.so") + ".so")
		if err != nil {
			t.Fatal(err)
		}
		defer orig.Close()
		f, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if shdrs, err := f.SectionHeaders(); err != nil || shdrs.Len() != 0 {
			t.Fatalf("%s: %d section headers, %v", path, shdrs.Len(), err)
		}
		want, err := ourDynamicView(orig)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		got, err := ourDynamicView(f)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if d := diffDynamicViews(want, got); d != "" {
			t.Errorf("%s (-with section headers +without):\n%s", path, d)
		}
		n++
	}
	if n == 0 {
		t.Skipf("no %v *.noshdr.so sample in testdata", Class)
	}
}

// crossCheckFiles returns the corpus files of this package's class, and,
// except under -short, Go programs for every GOARCH of the class and C
// programs, objects and a versioned shared object from each cross compiler
// of the class that is installed.
func crossCheckFiles(t *testing.T) []string {
	var paths []string
	for _, p := range testfiles.Corpus(t, 0) {
		if ccFileClass(p) == Class {
			paths = append(paths, p)
		}
	}
	if testing.Short() {
		return paths
	}
	goarches := map[elf.Class][]string{
		elf.ELFCLASS32: {"386", "arm", "mips", "mipsle"},
		elf.ELFCLASS64: {"amd64", "arm64", "ppc64", "ppc64le", "s390x", "riscv64", "mips64", "loong64"},
	}[Class]
	for _, goarch := range goarches {
		paths = append(paths, testfiles.GoBinary(t, goarch))
	}
	if Class == elf.ELFCLASS64 {
		// Position-independent Go executables have a dynamic section.
		paths = append(paths, testfiles.GoBinary(t, "amd64", "-buildmode=pie"), testfiles.GoBinary(t, "arm64", "-buildmode=pie"))
	}
	triples := map[elf.Class][]string{
		elf.ELFCLASS32: {"i686-linux-gnu", "arm-linux-gnueabihf", "mips-linux-gnu", "mipsel-linux-gnu", "powerpc-linux-gnu"},
		elf.ELFCLASS64: {"", "aarch64-linux-gnu", "powerpc64-linux-gnu", "s390x-linux-gnu", "riscv64-linux-gnu"},
	}[Class]
	root := testfiles.ModuleRoot()
	hello, err1 := os.ReadFile(filepath.Join(root, "testdata", "src", "hello.c"))
	libhello, err2 := os.ReadFile(filepath.Join(root, "testdata", "src", "libhello.c"))
	if err := errors.Join(err1, err2); err != nil {
		t.Fatalf("C sources of testdata: %v", err)
	}
	mapfile := filepath.Join(root, "testdata", "src", "libhello.map")
	for _, triple := range triples {
		cc := "gcc"
		if triple != "" {
			cc = triple + "-gcc"
		}
		if !testfiles.HaveTool(cc) {
			t.Logf("%s not installed: its files are not compared", cc)
			continue
		}
		paths = append(paths,
			testfiles.CrossObject(t, triple, string(hello), "-O1"),
			testfiles.CrossObject(t, triple, string(hello), "-O1", "-c"),
			testfiles.CrossObject(t, triple, string(libhello), "-O1", "-fPIC", "-shared", "-Wl,--version-script="+mapfile),
			testfiles.CrossObject(t, triple, string(libhello), "-O1", "-fPIC", "-shared", "-Wl,--hash-style=sysv", "-Wl,--version-script="+mapfile),
		)
	}
	return paths
}

// ccFileClass returns the EI_CLASS byte of the file at path, or 0.
func ccFileClass(path string) elf.Class {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	var id [elf.EI_NIDENT]byte
	if _, err := f.ReadAt(id[:], 0); err != nil {
		return 0
	}
	return elf.Class(id[elf.EI_CLASS])
}

// crossCheckFile compares everything debug/elf can read of the file at path
// with what this package reads, then checks a copy without section headers
// and a memory image of it against this package's own reading.
func crossCheckFile(t *testing.T, path string, st *ccStats) {
	df, derr := delf.Open(path)
	if derr != nil {
		// A file debug/elf rejects may be rejected by us too; Open checks
		// only the ELF header, so it usually is not.
		st.rejected.Add(1)
		if f, err := Open(path); err == nil {
			f.Close()
		}
		t.Logf("debug/elf rejects it, not compared: %v", derr)
		return
	}
	defer df.Close()
	f, err := Open(path)
	if err != nil {
		t.Fatalf("debug/elf reads it, Open: %v", err)
	}
	defer f.Close()
	st.files.Add(1)
	if f.BigEndian() {
		st.big.Add(1)
	}

	if d := cmp.Diff(debugHeader(df), ourHeader(f)); d != "" {
		t.Errorf("ELF header (-debug/elf +elfkit):\n%s", d)
	}
	if phdrs, err := f.ProgramHeaders(); err != nil {
		t.Errorf("ProgramHeaders: %v", err)
	} else if d := ccDiff(debugProgs(df), ourProgs(phdrs)); d != "" {
		t.Errorf("program headers (-debug/elf +elfkit):\n%s", d)
	}
	if shdrs, err := f.SectionHeaders(); err != nil {
		t.Errorf("SectionHeaders: %v", err)
	} else {
		crossCheckSections(t, path, df, f, shdrs, st)
	}
	crossCheckSymbols(t, path, df, f, st)
	crossCheckDynamicSymbols(t, df, f, st)
	crossCheckDynamic(t, df, f, st)
	crossCheckVersions(t, df, f, st)
	crossCheckDynamicViews(t, df, f, st)
}

func crossCheckSections(t *testing.T, path string, df *delf.File, f *File, shdrs Table[Shdr], st *ccStats) {
	got, rawAlign, err := ourSections(f, shdrs)
	if err != nil {
		t.Errorf("sections: %v", err)
		return
	}
	if d := ccDiff(debugSections(df), got); d != "" {
		t.Errorf("section headers (-debug/elf +elfkit):\n%s", d)
		return
	}
	st.sections.Add(int64(len(got)))
	if len(got) <= 300 { // the look-ups are linear: quadratic in all
		for i, s := range df.Sections {
			if first := df.Section(s.Name); first == s && s.Name != "" {
				if j, _, err := f.SectionByName(s.Name); err != nil || j != i {
					t.Errorf("SectionByName(%q): %d, %v; debug/elf: %d", s.Name, j, err, i)
				}
			}
			if first := df.SectionByType(s.Type); first == s {
				if j, _, err := f.SectionByType(elf.SectionType(s.Type)); err != nil || j != i {
					t.Errorf("SectionByType(%v): %d, %v; debug/elf: %d", s.Type, j, err, i)
				}
			}
		}
	}
	if len(rawAlign) > 0 {
		// debug/elf reports ch_addralign as the alignment of a compressed
		// section; the stored sh_addralign is checked against readelf.
		want, err := readelfSectionAligns(path)
		if err != nil {
			t.Error(err)
		} else {
			for i, a := range rawAlign {
				if want[i] != a {
					t.Errorf("section %d (%s): sh_addralign %d, readelf says %d", i, got[i].Name, a, want[i])
				}
			}
		}
	}

	file, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	buf := make([]byte, 256<<10)
	for i, s := range df.Sections {
		sh := shdrs.At(i)
		b, err := f.SectionData(sh)
		if s.Type == delf.SHT_NOBITS {
			if b != nil || err != nil {
				t.Errorf("section %d (%s) is SHT_NOBITS: SectionData gives %d bytes, %v", i, s.Name, len(b), err)
			}
			continue
		}
		if s.Flags&delf.SHF_COMPRESSED != 0 && len(b) >= ChdrSize {
			// debug/elf's Size is ch_size.
			if c := Chdr(view{b: b, big: f.big}); uint64(c.Size()) != s.Size {
				t.Errorf("section %d (%s): ch_size %d; debug/elf: %d", i, s.Name, c.Size(), s.Size)
			}
		}
		// debug/elf's Open decompresses SHF_COMPRESSED sections and
		// .zdebug_* sections with a "ZLIB" header; compare those with the
		// stored bytes read from the file at the offset and size debug/elf
		// reports.
		var r io.Reader = s.Open()
		if s.Flags&delf.SHF_COMPRESSED != 0 || strings.HasPrefix(s.Name, ".zdebug") {
			r = readRaw(file, s.Offset, s.FileSize)
		}
		n, equal := sameBytes(r, b, buf)
		if err != nil {
			if uint64(n) == s.FileSize {
				t.Errorf("section %d (%s): SectionData: %v; debug/elf reads all %d bytes", i, s.Name, err, n)
			}
			continue
		}
		if !equal {
			t.Errorf("section %d (%s): SectionData gives %d bytes that differ from the %d bytes debug/elf reads", i, s.Name, len(b), n)
		}
		st.sectionBytes.Add(int64(len(b)))
	}
}

func crossCheckSymbols(t *testing.T, path string, df *delf.File, f *File, st *ccStats) {
	want, derr := df.Symbols()
	syms, err := f.Symbols()
	switch {
	case errors.Is(derr, delf.ErrNoSymbols):
		// No SHT_SYMTAB, or an empty one.
		if err == nil && syms.Len() > 0 {
			t.Errorf("Symbols: %d symbols where debug/elf finds none", syms.Len())
		} else if err != nil && !errors.Is(err, elf.ErrNotFound) {
			t.Errorf("Symbols: %v; debug/elf finds no symbol table", err)
		}
		return
	case derr != nil:
		t.Logf("debug/elf Symbols: %v (not compared)", derr)
		return
	case err != nil:
		t.Errorf("Symbols: %v", err)
		return
	}
	got, xindex, err := ourSyms(syms)
	if err != nil {
		t.Errorf("Symbols: %v", err)
		return
	}
	if d := ccDiff(debugSyms(want), got); d != "" {
		t.Errorf("symbols (-debug/elf +elfkit):\n%s", d)
		return
	}
	st.symbols.Add(int64(len(got)))
	if len(xindex) > 0 {
		// debug/elf leaves st_shndx SHN_XINDEX as it is: compare the
		// resolved index with readelf's Ndx column.
		name, _ := f.SectionName(shdrsAt(f, syms.Section()))
		ndx, err := readelfSymbolSections(path, name)
		if err != nil {
			t.Error(err)
			return
		}
		for i, x := range xindex {
			if r, ok := ndx[i]; !ok || r != x {
				t.Errorf("symbol %d: SectionIndex %d, readelf says %d (found %v)", i, x, r, ok)
			}
		}
		st.xindex.Add(int64(len(xindex)))
	}
}

func shdrsAt(f *File, i int) Shdr {
	s, _ := f.Section(i)
	return s
}

func crossCheckDynamicSymbols(t *testing.T, df *delf.File, f *File, st *ccStats) {
	want, derr := df.DynamicSymbols()
	got, err := ourDynSyms(f)
	switch {
	case errors.Is(derr, delf.ErrNoSymbols):
		// debug/elf reads only SHT_DYNSYM; we may find the table through
		// PT_DYNAMIC.
		if err == nil && len(got) > 0 {
			st.dynsymNoSection.Add(1)
			t.Logf("no SHT_DYNSYM section; %d dynamic symbols through PT_DYNAMIC", len(got))
		}
		return
	case derr != nil:
		t.Logf("debug/elf DynamicSymbols: %v (not compared)", derr)
		return
	case err != nil:
		t.Errorf("DynamicSymbols: %v", err)
		return
	}
	if d := ccDiff(debugSyms(want), got); d != "" {
		t.Errorf("dynamic symbols (-debug/elf +elfkit):\n%s", d)
		return
	}
	st.dynsyms.Add(int64(len(got)))
}

func crossCheckDynamic(t *testing.T, df *delf.File, f *File, st *ccStats) {
	ds := df.SectionByType(delf.SHT_DYNAMIC)
	dyn, err := f.Dynamic()
	if ds == nil {
		return // debug/elf reads the dynamic table only from its section
	}
	if err != nil {
		t.Errorf("Dynamic: %v", err)
		return
	}
	got := ourDynamic(dyn)
	// Every tag debug/elf knows, and every other tag the table has. Note
	// that debug/elf lists entries past the first DT_NULL too, which end the
	// table for us (and for readelf and ld.so); a file with entries there
	// would show up here.
	tags := slices.Clone(debugDynTags)
	for _, d := range got {
		tag := delf.DynTag(d.Tag)
		if Class == elf.ELFCLASS32 {
			tag = delf.DynTag(uint32(d.Tag)) // debug/elf does not sign-extend
		}
		if !slices.Contains(tags, tag) {
			tags = append(tags, tag)
		}
	}
	for _, tag := range tags {
		want, err := df.DynValue(tag)
		if err != nil {
			t.Logf("debug/elf DynValue: %v (not compared)", err)
			return
		}
		var have []uint64
		for _, d := range got {
			if d.Tag == int64(tag) || Class == elf.ELFCLASS32 && uint32(d.Tag) == uint32(tag) {
				have = append(have, d.Val)
			}
		}
		if d := cmp.Diff(want, have, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("DynValue(%v) (-debug/elf +elfkit):\n%s", tag, d)
		}
	}
	st.dynamic.Add(int64(len(got)))
	for _, tag := range []delf.DynTag{delf.DT_NEEDED, delf.DT_SONAME, delf.DT_RPATH, delf.DT_RUNPATH} {
		want, derr := df.DynString(tag)
		have, err := ourDynStrings(f, elf.DynTag(tag))
		if derr != nil {
			t.Logf("debug/elf DynString(%v): %v (not compared)", tag, derr)
			continue
		}
		if err != nil {
			t.Errorf("DynStrings(%v): %v", tag, err)
			continue
		}
		if d := cmp.Diff(want, have, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("DynString(%v) (-debug/elf +elfkit):\n%s", tag, d)
		}
	}
	want, derr := df.ImportedLibraries()
	have, err := f.ImportedLibraries()
	if derr == nil && err == nil {
		if d := cmp.Diff(want, have, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("ImportedLibraries (-debug/elf +elfkit):\n%s", d)
		}
	} else if derr == nil {
		t.Errorf("ImportedLibraries: %v", err)
	}
	for _, x := range []struct {
		tag elf.DynTag
		get func() (string, error)
	}{{elf.DT_SONAME, f.Soname}, {elf.DT_RPATH, f.Rpath}, {elf.DT_RUNPATH, f.Runpath}} {
		want, derr := df.DynString(delf.DynTag(x.tag))
		have, err := x.get()
		switch {
		case derr != nil:
		case len(want) == 0 && !errors.Is(err, elf.ErrNotFound):
			t.Errorf("%v: %q, %v; debug/elf finds none", x.tag, have, err)
		case len(want) > 0 && (err != nil || have != want[0]):
			t.Errorf("%v: %q, %v; debug/elf: %q", x.tag, have, err, want[0])
		}
	}
}

func crossCheckVersions(t *testing.T, df *delf.File, f *File, st *ccStats) {
	wantDefs, derr1 := df.DynamicVersions()
	wantNeeds, derr2 := df.DynamicVersionNeeds()
	if derr1 != nil || derr2 != nil {
		return // no versym (or no dynsym) section: debug/elf reads no versions
	}
	vers, err := f.Versions()
	if err != nil {
		t.Errorf("Versions: %v", err)
		return
	}
	defs, err := ourVersionDefs(&vers)
	if err != nil {
		t.Errorf("version definitions: %v", err)
	}
	needs, err := ourVersionNeeds(&vers)
	if err != nil {
		t.Errorf("version requirements: %v", err)
	}
	if d := cmp.Diff(wantDefs, defs, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("DynamicVersions (-debug/elf +elfkit):\n%s", d)
	}
	if d := cmp.Diff(wantNeeds, needs, cmpopts.EquateEmpty()); d != "" {
		t.Errorf("DynamicVersionNeeds (-debug/elf +elfkit):\n%s", d)
	}
	st.versioned.Add(1)
}

// crossCheckDynamicViews reads the dynamic symbols, dynamic table, library
// names and versions of a copy of the file without section headers (so they
// come from PT_DYNAMIC, the symbol count from DT_HASH or DT_GNU_HASH) and
// of a memory image of the file (NewImage), and compares them with what
// the sections give, which the tests above compared with debug/elf.
func crossCheckDynamicViews(t *testing.T, df *delf.File, f *File, st *ccStats) {
	if df.SectionByType(delf.SHT_DYNSYM) == nil || df.SectionByType(delf.SHT_DYNAMIC) == nil {
		return
	}
	if _, err := df.DynamicSymbols(); err != nil {
		return // not compared above
	}
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return
	}
	hasDynamic := false
	for _, p := range phdrs.All() {
		hasDynamic = hasDynamic || p.Type() == elf.PT_DYNAMIC
	}
	if !hasDynamic {
		return
	}
	want, err := ourDynamicView(f)
	if err != nil {
		t.Errorf("from the sections: %v", err)
		return
	}
	check := func(what string, nf *File, want ccDynamicView) {
		got, err := ourDynamicView(nf)
		if err != nil {
			t.Errorf("%s: %v", what, err)
			return
		}
		if d := diffDynamicViews(want, got); d != "" {
			t.Errorf("%s: (-from sections +%s):\n%s", what, what, d)
		}
	}
	nf, err := NewFile(withoutSectionHeaders(f.Data()))
	if err != nil {
		t.Errorf("without section headers: NewFile: %v", err)
	} else {
		check("without section headers", nf, want)
		st.stripped.Add(1)
	}
	if img, ok := loadImage(f); ok {
		nf, err := NewImage(img, 0)
		if err != nil {
			t.Errorf("image: NewImage: %v", err)
		} else {
			check("image", nf, want)
			st.images.Add(1)
			if base, ok := relocateImage(nf); ok {
				rf, err := NewImage(img, base)
				if err != nil {
					t.Errorf("relocated image: NewImage: %v", err)
				} else {
					relocated := want
					relocated.Dynamic = slices.Clone(want.Dynamic)
					for i, d := range relocated.Dynamic {
						if glibcRelocates(elf.DynTag(d.Tag)) {
							relocated.Dynamic[i].Val = uint64(Xword(d.Val + base))
						}
					}
					check("relocated image", rf, relocated)
					st.relocatedImages.Add(1)
				}
			}
		}
	}
}

// relocateImage does to the dynamic table of an image of a
// position-independent file what glibc's loader does where the table is
// writable (elf/get-dynamic-info.h): it adds the load address to DT_HASH,
// DT_PLTGOT, DT_STRTAB, DT_SYMTAB, DT_RELA, DT_REL, DT_JMPREL, DT_RELR,
// DT_VERSYM and DT_GNU_HASH, and leaves the other entries (DT_VERDEF and
// DT_VERNEED among them) as they are. It returns the load address, or false
// for a file that is not position-independent.
func relocateImage(f *File) (base uint64, ok bool) {
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		return 0, false
	}
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_LOAD {
			if p.Vaddr() != 0 {
				return 0, false
			}
			break
		}
	}
	dyn, err := f.Dynamic()
	if err != nil {
		return 0, false
	}
	base = 0x7f3a_5c00_0000
	if Class == elf.ELFCLASS32 {
		base = 0x7050_0000
	}
	for _, d := range dyn.All() {
		if glibcRelocates(d.Tag()) {
			v := uint64(d.Val()) + base
			if wordSize == 8 {
				f.ByteOrder().PutUint64(d.b[wordSize:], v)
			} else {
				f.ByteOrder().PutUint32(d.b[wordSize:], uint32(v))
			}
		}
	}
	return base, true
}

// glibcRelocates reports whether glibc's loader adds the load address to
// dynamic entries with tag.
func glibcRelocates(tag elf.DynTag) bool {
	switch tag {
	case elf.DT_HASH, elf.DT_PLTGOT, elf.DT_STRTAB, elf.DT_SYMTAB, elf.DT_RELA, elf.DT_REL,
		elf.DT_JMPREL, elf.DT_RELR, elf.DT_VERSYM, elf.DT_GNU_HASH:
		return true
	}
	return false
}

func diffDynamicViews(want, got ccDynamicView) string {
	var b strings.Builder
	add := func(what, d string) {
		if d != "" {
			fmt.Fprintf(&b, "%s:\n%s", what, d)
		}
	}
	add("dynamic symbols", ccDiff(want.DynSyms, got.DynSyms))
	add("dynamic table", ccDiff(want.Dynamic, got.Dynamic))
	add("DT_NEEDED", ccDiff(want.Needed, got.Needed))
	add("DT_SONAME", ccDiff(want.Soname, got.Soname))
	add("DT_RPATH", ccDiff(want.Rpath, got.Rpath))
	add("DT_RUNPATH", ccDiff(want.Runpath, got.Runpath))
	add("version definitions", cmp.Diff(want.Defs, got.Defs, cmpopts.EquateEmpty()))
	add("version requirements", cmp.Diff(want.Needs, got.Needs, cmpopts.EquateEmpty()))
	return b.String()
}
