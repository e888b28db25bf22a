package elf64

import (
	"errors"
	"fmt"
	"runtime"
	"testing"
	"unsafe"

	"github.com/elfkit/elf"
)

// The fuzz targets open arbitrary bytes and walk everything a File exposes,
// checking invariants rather than just the absence of panics:
//
//   - every slice and string a File returns lies inside the input;
//   - every table fits in the input (Len()*record size <= len(input)) and
//     All yields exactly Len entries of the record's size;
//   - every error is a *elf.FormatError wrapping one of the elf.Err*
//     fuzzSentinels (an error from a decompressor may stand in for the
//     sentinel);
//   - walks of chains (hash chains, version lists, notes) end within a
//     bound set by the input's size;
//   - one walk allocates at most a small multiple of the input's size.
//
// The seed corpora in testdata/fuzz are made by TestUpdateSeeds
// (seeds_test.go) from real files of this package's class.

// FuzzNewFile opens the input with NewFile and walks it.
func FuzzNewFile(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte("\x7fELF"))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkAllocs(t, len(data), func() {
			file, err := NewFile(data)
			if err != nil {
				fuzzCheckErr(t, "NewFile", err)
				return
			}
			newWalker(t, data, file).walk()
		})
	})
}

// FuzzNewImage opens the input as a memory image with NewImage, with the
// image's run-time address base, and walks it.
func FuzzNewImage(f *testing.F) {
	f.Add([]byte{}, uint64(0))
	f.Fuzz(func(t *testing.T, data []byte, base uint64) {
		checkAllocs(t, len(data), func() {
			file, err := NewImage(data, base)
			if err != nil {
				fuzzCheckErr(t, "NewImage", err)
				return
			}
			if !file.IsImage() {
				t.Errorf("IsImage of a File from NewImage is false")
			}
			newWalker(t, data, file).walk()
		})
	})
}

// allocBudget is how many bytes one walk of an n-byte input may allocate:
// a constant for the walk's own bookkeeping and the errors it meets, plus a
// small multiple of the input (errors and String() of records are
// proportional to the records the input holds).
func allocBudget(n int) uint64 { return 1<<20 + 64*uint64(n) }

// heapAllocs returns the bytes allocated so far. ReadMemStats flushes the
// per-P caches, so that the count is exact (runtime/metrics counts small
// objects only when their span is handed back, off by up to a span per
// size class).
func heapAllocs() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.TotalAlloc
}

// checkAllocs runs fn and fails t when it allocates more than the budget
// for an n-byte input.
func checkAllocs(t *testing.T, n int, fn func()) {
	before := heapAllocs()
	fn()
	if got := heapAllocs() - before; got > allocBudget(n) {
		t.Errorf("walking %d input bytes allocated %d bytes (budget %d)", n, got, allocBudget(n))
	}
}

// fuzzSentinels are the kinds of error the readers may report.
var fuzzSentinels = []error{
	elf.ErrTruncated, elf.ErrBadMagic, elf.ErrBadClass, elf.ErrBadData,
	elf.ErrBadVersion, elf.ErrBadEntSize, elf.ErrOutOfRange, elf.ErrBadLink,
	elf.ErrBadString, elf.ErrLoop, elf.ErrNotFound, elf.ErrUnsupported,
	elf.ErrTooLarge, elf.ErrCorrupt,
}

// fuzzCheckErr fails t unless err is nil or a *elf.FormatError wrapping one
// of the elf.Err* sentinels.
func fuzzCheckErr(t *testing.T, what string, err error) {
	if p := errProblem(err, false); p != "" {
		t.Errorf("%s: %s", what, p)
	}
}

// errProblem returns what is wrong with a reader's error, or "". A
// decompressor's error may stand in for the sentinel when decompressor is
// set.
func errProblem(err error, decompressor bool) string {
	if err == nil {
		return ""
	}
	var fe *elf.FormatError
	if !errors.As(err, &fe) {
		return fmt.Sprintf("error %q (%T) is not a *elf.FormatError", err, err)
	}
	if decompressor {
		return ""
	}
	for _, s := range fuzzSentinels {
		if errors.Is(err, s) {
			return ""
		}
	}
	return fmt.Sprintf("error %q wraps none of the elf.Err* sentinels", err)
}

// walker walks one File, checking every result against the input.
type walker struct {
	t    *testing.T
	data []byte
	f    *File
	// steps bounds the walker's own loops over chains, so that a reader
	// bug cannot make the walk itself run without bound.
	steps int
	sum   uint64 // every field read, so that no read is optimized away
	// item is the index of the entry being walked, for messages, or -1.
	item int
}

func newWalker(t *testing.T, data []byte, f *File) *walker {
	return &walker{t: t, data: data, f: f, steps: 8*len(data) + 4096, item: -1}
}

// step spends one unit of the walk's budget and reports whether any was
// left.
func (w *walker) step() bool {
	w.steps--
	return w.steps >= 0
}

func (w *walker) errorf(format string, args ...any) {
	w.t.Errorf(format, args...)
}

func (w *walker) check(what string, err error) {
	if p := errProblem(err, false); p != "" {
		w.errorf("%s: %s", w.where(what), p)
	}
}

// where names what the walk is at, for messages.
func (w *walker) where(what string) string {
	if w.item < 0 {
		return what
	}
	return fmt.Sprintf("%s (entry %d)", what, w.item)
}

// offset returns the offset of b in the input, and false when b is not
// entirely inside it. An empty b is inside.
func (w *walker) offset(b []byte) (int, bool) {
	if len(b) == 0 {
		return 0, true
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(w.data)))
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	n := uintptr(len(w.data))
	if p < start || p-start > n || uintptr(len(b)) > n-(p-start) {
		return 0, false
	}
	return int(p - start), true
}

// inData fails the walk when b is not inside the input.
func (w *walker) inData(what string, b []byte) {
	if _, ok := w.offset(b); !ok {
		w.errorf("%s: %d bytes at %p are not inside the %d-byte input", w.where(what), len(b), unsafe.SliceData(b), len(w.data))
	}
}

// str fails the walk when s does not share memory with the input.
func (w *walker) str(what string, s string) {
	w.inData(what, unsafe.Slice(unsafe.StringData(s), len(s)))
}

// strtab checks that string table t lies inside the input and knows its
// offset there, for its errors.
func (w *walker) strtab(what string, t StringTable) {
	w.inData(what, t.Data())
	if off, ok := w.offset(t.Data()); ok && len(t.Data()) > 0 && int64(off) != t.off {
		w.errorf("%s: string table at offset %#x says it is at %#x", w.where(what), off, t.off)
	}
}

// checkTable checks that t lies inside the input, fits in it, and that All
// and At agree on its entries.
func checkTable[T record](w *walker, what string, t Table[T], size int) {
	n := t.Len()
	if n < 0 || uint64(n)*uint64(size) > uint64(len(w.data)) {
		w.errorf("%s: %d entries of %d bytes cannot fit in %d input bytes", what, n, size, len(w.data))
		return
	}
	w.inData(what, t.Bytes())
	if n > 0 && len(t.Bytes()) < n*size {
		w.errorf("%s: Bytes() holds %d bytes for %d entries of %d", what, len(t.Bytes()), n, size)
	}
	if b := view(t.At(n)).b; b != nil {
		w.errorf("%s: At(Len()) is not the zero view", what)
	}
	if b := view(t.At(-1)).b; b != nil {
		w.errorf("%s: At(-1) is not the zero view", what)
	}
	defer func() { w.item = -1 }()
	count := 0
	for i, r := range t.All() {
		if i != count {
			w.errorf("%s: All yields index %d after %d entries", what, i, count)
		}
		count++
		b := view(r).b
		if len(b) != size {
			w.errorf("%s: entry %d has %d bytes, not %d", what, i, len(b), size)
		}
		if i < 4 || i == n-1 {
			w.item = i
			w.inData(what+" entry", b)
			if at := view(t.At(i)).b; unsafe.SliceData(at) != unsafe.SliceData(b) || len(at) != len(b) {
				w.errorf("%s: At(%d) and All disagree", what, i)
			}
		}
		if count > n {
			break
		}
	}
	if count != n {
		w.errorf("%s: All yields %d entries, Len is %d", what, count, n)
	}
}

// walk calls every reader of the File.
func (w *walker) walk() {
	f := w.f
	w.inData("Data", f.Data())
	if len(f.Data()) != len(w.data) {
		w.errorf("Data has %d bytes, the input %d", len(f.Data()), len(w.data))
	}
	id := f.Ident()
	if id.Class != Class {
		w.errorf("Ident().Class is %v in the %v package", id.Class, Class)
	}
	if f.BigEndian() != (id.Data == elf.ELFDATA2MSB) {
		w.errorf("BigEndian %v with EI_DATA %v", f.BigEndian(), id.Data)
	}
	_ = f.ByteOrder()
	w.header()
	w.programHeaders()
	w.sections()
	w.symbols("Symbols", f.Symbols)
	w.symbols("DynamicSymbols", f.DynamicSymbols)
	w.dynamic()
	w.versions()
	w.gnuHash()
	w.sysvHash()
	w.addresses()
	w.extras()
	if w.steps < 0 {
		w.errorf("the walk's chains took more than their budget of steps")
	}
}

func (w *walker) header() {
	h := w.f.Ehdr()
	w.inData("Ehdr", view(h).b)
	w.inData("Ehdr.Ident", h.Ident())
	if len(view(h).b) != EhdrSize {
		w.errorf("Ehdr has %d bytes, not %d", len(view(h).b), EhdrSize)
	}
	w.sum += uint64(h.Type()) + uint64(h.Machine()) + uint64(h.Version()) + uint64(h.Entry()) +
		uint64(h.Phoff()) + uint64(h.Shoff()) + uint64(h.Flags()) + uint64(h.Ehsize()) +
		uint64(h.Phentsize()) + uint64(h.Phnum()) + uint64(h.Shentsize()) + uint64(h.Shnum()) +
		uint64(h.Shstrndx())
	_ = h.Type().String()
	_ = h.Machine().String()
}

func (w *walker) programHeaders() {
	f := w.f
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		w.check("ProgramHeaders", err)
		return
	}
	checkTable(w, "program headers", phdrs, PhdrSize)
	defer func() { w.item = -1 }()
	for i, p := range phdrs.All() {
		w.sum += uint64(p.Type()) + uint64(p.Flags()) + uint64(p.Offset()) + uint64(p.Vaddr()) +
			uint64(p.Paddr()) + uint64(p.Filesz()) + uint64(p.Memsz()) + uint64(p.Align())
		_ = p.Type().String()
		_ = p.Flags().String()
		b, err := f.SegmentData(p)
		if err != nil {
			w.item = i
			w.check("SegmentData of a program header", err)
			continue
		}
		w.item = i
		w.inData("SegmentData of a program header", b)
		if uint64(len(b)) != uint64(p.Filesz()) {
			w.errorf("SegmentData of program header %d: %d bytes, p_filesz %d", i, len(b), uint64(p.Filesz()))
		}
	}
}

// maxByName bounds the sections looked up by name, as each lookup is
// linear in the number of sections.
const maxByName = 64

func (w *walker) sections() {
	f := w.f
	w.sum += uint64(f.Shstrndx())
	names, nerr := f.SectionNames()
	if nerr != nil {
		w.check("SectionNames", nerr)
	} else {
		w.strtab("SectionNames", names)
	}
	shdrs, err := f.SectionHeaders()
	if err != nil {
		w.check("SectionHeaders", err)
		if _, err := f.Section(0); err == nil {
			w.errorf("Section(0) succeeds where SectionHeaders fails")
		}
		return
	}
	checkTable(w, "section headers", shdrs, ShdrSize)
	if _, err := f.Section(-1); err == nil {
		w.errorf("Section(-1) gives no error")
	}
	if _, err := f.Section(shdrs.Len()); err == nil {
		w.errorf("Section(Len()) gives no error")
	}
	for i, s := range shdrs.All() {
		const what = "section"
		w.item = i
		w.sum += uint64(s.Name()) + uint64(s.Type()) + uint64(s.Flags()) + uint64(s.Addr()) +
			uint64(s.Offset()) + uint64(s.Size()) + uint64(s.Link()) + uint64(s.Info()) +
			uint64(s.Addralign()) + uint64(s.Entsize())
		_ = s.Type().String()
		_ = s.Flags().String()
		if s2, err := f.Section(i); err != nil {
			w.errorf("Section(%d): %v", i, err)
		} else if unsafe.SliceData(view(s2).b) != unsafe.SliceData(view(s).b) {
			w.errorf("Section(%d) is not entry %d of SectionHeaders", i, i)
		}
		name, err := f.SectionName(s)
		w.check(what+" SectionName", err)
		w.str(what+" SectionName", name)
		if nerr == nil {
			if n2, _ := names.String(s.Name()); n2 != name {
				w.errorf("%s: SectionName %q, SectionNames().String %q", what, name, n2)
			}
		}
		if err == nil && i < maxByName {
			j, s3, err := f.SectionByName(name)
			if err != nil {
				w.errorf("SectionByName(%q) of %s: %v", name, what, err)
			} else if j < 0 || j > i {
				w.errorf("SectionByName(%q) of %s gives index %d", name, what, j)
			} else if n3, err := f.SectionName(s3); err != nil || n3 != name {
				w.errorf("SectionByName(%q) gives section %d named %q (%v)", name, j, n3, err)
			}
		}
		b, err := f.SectionData(s)
		w.check(what+" SectionData", err)
		w.inData(what+" SectionData", b)
		if err == nil && s.Type() != elf.SHT_NOBITS && uint64(len(b)) != uint64(s.Size()) {
			w.errorf("%s: SectionData has %d bytes, sh_size %d", what, len(b), uint64(s.Size()))
		}
		st, err := f.StringTableAt(i)
		w.check(what+" StringTableAt", err)
		if err == nil {
			w.strtab(what+" StringTableAt", st)
			s0, err := st.String(0)
			w.check(what+" string 0", err)
			w.str(what+" string 0", s0)
			if _, err := st.Bytes(uint32(st.Len())); err == nil && st.Len() > 0 {
				w.errorf("%s: string at the table's end gives no error", what)
			}
		}
	}
	w.item = -1
	if _, _, err := f.SectionByName("\x00no such section"); err == nil {
		w.errorf("SectionByName of a name no section has succeeds")
	} else {
		w.check("SectionByName (missing)", err)
	}
	for _, typ := range []elf.SectionType{elf.SHT_SYMTAB, elf.SHT_NOTE, elf.SHT_GNU_HASH} {
		i, s, err := f.SectionByType(typ)
		if err != nil {
			w.check("SectionByType", err)
			continue
		}
		if s.Type() != typ || i < 0 || i >= shdrs.Len() {
			w.errorf("SectionByType(%v) gives section %d of type %v", typ, i, s.Type())
		}
	}
}

func (w *walker) symbols(what string, get func() (Symbols, error)) {
	syms, err := get()
	if err != nil {
		w.check(what, err)
		return
	}
	checkTable(w, what, syms.Table(), SymSize)
	checkTable(w, what+" SHT_SYMTAB_SHNDX", syms.Shndx(), ShndxSize)
	w.strtab(what+" strings", syms.Strings())
	w.sum += uint64(syms.Section())
	if syms.Len() != syms.Table().Len() {
		w.errorf("%s: Len %d, Table().Len %d", what, syms.Len(), syms.Table().Len())
	}
	if b := view(syms.At(syms.Len())).b; b != nil {
		w.errorf("%s: At(Len()) is not the zero view", what)
	}
	for i, s := range syms.All() {
		w.item = i
		w.sum += uint64(s.Name()) + uint64(s.Info()) + uint64(s.Other()) + uint64(s.Shndx()) +
			uint64(s.Value()) + uint64(s.Size())
		name, err := syms.Name(s)
		w.check(what+" Name", err)
		w.str(what+" Name", name)
		x, err := syms.SectionIndex(i)
		w.check(what+" SectionIndex", err)
		w.sum += uint64(x)
	}
	w.item = -1
}

func (w *walker) dynamic() {
	f := w.f
	dyn, err := f.Dynamic()
	n := 0
	if err != nil {
		w.check("Dynamic", err)
	} else {
		checkTable(w, "Dynamic", dyn, DynSize)
		n = dyn.Len()
		for _, d := range dyn.All() {
			w.sum += uint64(d.Tag()) + uint64(d.Val())
			if d.Tag() == elf.DT_NULL {
				w.errorf("Dynamic includes a DT_NULL entry")
			}
		}
	}
	for _, tag := range []elf.DynTag{elf.DT_STRTAB, elf.DT_SYMTAB, elf.DT_GNU_HASH, elf.DT_FLAGS_1} {
		v, err := f.DynValue(tag)
		w.check("DynValue", err)
		w.sum += uint64(v)
	}
	strs, err := f.DynamicStrings()
	w.check("DynamicStrings", err)
	w.strtab("DynamicStrings", strs)
	for _, tag := range []elf.DynTag{elf.DT_NEEDED, elf.DT_SONAME, elf.DT_RPATH, elf.DT_RUNPATH} {
		count := 0
		for s, err := range f.DynStrings(tag) {
			count++
			w.check("DynStrings", err)
			w.str("DynStrings", s)
			if count > n+1 {
				w.errorf("DynStrings(%v) yields more strings than the %d dynamic entries", tag, n)
				break
			}
		}
	}
	libs, err := f.ImportedLibraries()
	w.check("ImportedLibraries", err)
	if len(libs) > n {
		w.errorf("ImportedLibraries gives %d names from %d dynamic entries", len(libs), n)
	}
	for _, l := range libs {
		w.str("ImportedLibraries", l)
	}
	for what, get := range map[string]func() (string, error){"Soname": f.Soname, "Rpath": f.Rpath, "Runpath": f.Runpath} {
		s, err := get()
		w.check(what, err)
		w.str(what, s)
	}
}

func (w *walker) versions() {
	v, err := w.f.Versions()
	if err != nil {
		w.check("Versions", err)
		return
	}
	checkTable(w, "Versym", v.Versym(), VersymSize)
	for _, vs := range v.Versym().All() {
		w.sum += uint64(vs.Value()) + uint64(vs.Index())
		if vs.Hidden() != (vs.Value()&0x8000 != 0) || vs.Index() != vs.Value()&0x7fff {
			w.errorf("Versym %#x: Index %d, Hidden %v", vs.Value(), vs.Index(), vs.Hidden())
		}
	}
	w.strtab("version strings", v.Strings())
	w.sum += uint64(v.NumDefinitions()) + uint64(v.NumRequirements())
	for d, err := range v.Definitions() {
		w.check("Definitions", err)
		if !w.step() {
			break
		}
		w.inData("Verdef", view(d.Verdef).b)
		w.str("Verdef name", d.Name)
		w.sum += uint64(d.Version()) + uint64(d.Flags()) + uint64(d.Ndx()) + uint64(d.Cnt()) +
			uint64(d.Hash()) + uint64(d.Aux()) + uint64(d.Next())
		if err != nil {
			continue
		}
		for p, err := range d.Parents() {
			w.check("Parents", err)
			w.str("Parents", p)
			if !w.step() {
				break
			}
		}
	}
	for r, err := range v.Requirements() {
		w.check("Requirements", err)
		if !w.step() {
			break
		}
		w.inData("Verneed", view(r.Verneed).b)
		w.str("Verneed file", r.File)
		w.sum += uint64(r.Version()) + uint64(r.Cnt()) + uint64(r.Aux()) + uint64(r.Next())
		if err != nil {
			continue
		}
		for n, err := range r.Needs() {
			w.check("Needs", err)
			w.inData("Vernaux", view(n.Vernaux).b)
			w.str("Vernaux name", n.Name)
			w.sum += uint64(n.Hash()) + uint64(n.Flags()) + uint64(n.Other()) + uint64(n.Next())
			if !w.step() {
				break
			}
		}
	}
	names, err := v.Names(nil)
	w.check("Names", err)
	if len(names) > 0x8000 {
		w.errorf("Names gives %d entries for 15-bit version indexes", len(names))
	}
	for _, n := range names {
		w.str("Names name", n.Name)
		w.str("Names file", n.File)
	}
}

func (w *walker) gnuHash() {
	h, err := w.f.GNUHash()
	if err != nil {
		w.check("GNUHash", err)
		return
	}
	bloom, buckets, chains := h.Parts()
	w.inData("GNU hash bloom", bloom)
	w.inData("GNU hash buckets", buckets)
	w.inData("GNU hash chains", chains)
	if len(bloom) != h.NumBloom()*wordSize || uint64(len(buckets)) != 4*uint64(h.NumBuckets()) || len(chains) < 4*h.NumChains() {
		w.errorf("GNUHash: %d, %d and %d bytes for %d bloom words, %d buckets and %d chain words",
			len(bloom), len(buckets), len(chains), h.NumBloom(), h.NumBuckets(), h.NumChains())
	}
	w.sum += uint64(h.SymOffset()) + uint64(h.BloomShift()) + uint64(h.NumBloom()) + uint64(h.NumChains())
	for i := -1; i <= h.NumBloom(); i++ {
		w.sum += h.Bloom(i)
	}
	for _, name := range []string{"", "printf", "dlopen"} {
		if h.MayContain(elf.GNUHash(name)) {
			w.sum++
		}
	}
	n, err := h.SymbolCount()
	w.check("GNUHash SymbolCount", err)
	if err == nil && n > int(h.SymOffset()) && n-int(h.SymOffset()) > h.NumChains() {
		w.errorf("GNUHash SymbolCount %d past symoffset %d and %d chain words", n, h.SymOffset(), h.NumChains())
	}
	for i := uint32(0); i <= h.NumBuckets(); i++ {
		sym := h.Bucket(i)
		if i == h.NumBuckets() && sym != 0 {
			w.errorf("GNUHash Bucket(NumBuckets()) is %d, not 0", sym)
		}
		if sym == 0 {
			continue
		}
		for steps := 0; steps <= h.NumChains(); steps++ {
			if !w.step() {
				return
			}
			v, ok := h.Chain(sym)
			if !ok || v&1 != 0 {
				break
			}
			sym++
		}
	}
	for _, sym := range []uint32{0, h.SymOffset() - 1, h.SymOffset(), ^uint32(0)} {
		_, ok := h.Chain(sym)
		want := sym >= h.SymOffset() && uint64(sym-h.SymOffset()) < uint64(h.NumChains())
		if ok != want {
			w.errorf("GNUHash Chain(%d) ok is %v with symoffset %d and %d chain words", sym, ok, h.SymOffset(), h.NumChains())
		}
	}
}

func (w *walker) sysvHash() {
	h, err := w.f.SysVHash()
	if err != nil {
		w.check("SysVHash", err)
		return
	}
	buckets, chains := h.Parts()
	w.inData("SysV hash buckets", buckets)
	w.inData("SysV hash chains", chains)
	if e := uint64(h.EntSize()); uint64(len(buckets)) != e*uint64(h.NumBuckets()) || uint64(len(chains)) != e*uint64(h.NumChains()) {
		w.errorf("SysVHash: %d and %d bytes for %d buckets and %d chains of %d bytes",
			len(buckets), len(chains), h.NumBuckets(), h.NumChains(), e)
	}
	if uint64(h.NumBuckets())+uint64(h.NumChains()) > uint64(len(w.data))/4 {
		w.errorf("SysVHash: %d buckets and %d chains in %d bytes", h.NumBuckets(), h.NumChains(), len(w.data))
	}
	for i := uint32(0); i <= h.NumBuckets(); i++ {
		sym := h.Bucket(i)
		for steps := uint32(0); sym != 0 && steps <= h.NumChains(); steps++ {
			if !w.step() {
				return
			}
			sym = h.Chain(sym)
		}
	}
	w.sum += uint64(h.Chain(h.NumChains()))
}

func (w *walker) addresses() {
	f := w.f
	entry := f.Ehdr().Entry()
	for _, size := range []uint64{0, 1, 16} {
		b, err := f.AddrBytes(entry, size)
		w.check("AddrBytes of the entry", err)
		if err != nil {
			continue
		}
		w.inData("AddrBytes of the entry", b)
		if uint64(len(b)) != size {
			w.errorf("AddrBytes(%#x, %d) has %d bytes", uint64(entry), size, len(b))
		}
	}
	if b, err := f.AddrBytes(^Addr(0), 2); err == nil {
		w.inData("AddrBytes at the top of the address space", b)
	} else {
		w.check("AddrBytes at the top of the address space", err)
	}
	if b, err := f.Bytes(0, uint64(len(w.data))); err != nil || len(b) != len(w.data) {
		w.errorf("Bytes of the whole input: %d bytes, %v", len(b), err)
	}
	if _, err := f.Bytes(uint64(len(w.data)), 1); err == nil {
		w.errorf("Bytes past the end gives no error")
	} else {
		w.check("Bytes past the end", err)
	}
	if _, err := f.Bytes(1, ^uint64(0)); err == nil {
		w.errorf("Bytes of an overflowing size gives no error")
	}
}

// maxDecompressed is the MaxDecompressedSize of the Files the walk
// decompresses sections of; the walk's buffer has this capacity, so that
// Decompress never needs to allocate.
const maxDecompressed = 64 << 10

// extras walks notes and compressed sections.
func (w *walker) extras() {
	f := w.f
	tables := 1
	if t, err := f.ProgramHeaders(); err == nil {
		tables += t.Len()
	}
	shdrs, shErr := f.SectionHeaders()
	if shErr == nil {
		tables += shdrs.Len()
	}
	// Every note takes at least 12 bytes of its table, and each table
	// yields at most one error.
	maxNotes := tables * (len(w.data)/NhdrSize + 2)
	count := 0
	for n, err := range f.Notes() {
		w.check("Notes", err)
		w.inData("Note header", view(n.Nhdr).b)
		w.inData("Note desc", n.Desc)
		w.str("Note name", n.Name)
		w.sum += uint64(n.Type()) + uint64(n.Off)
		if count++; count > maxNotes {
			w.errorf("Notes yields more than %d notes from %d tables", maxNotes, tables)
			break
		}
	}
	id, err := f.BuildID()
	w.check("BuildID", err)
	w.inData("BuildID", id)
	gid, err := f.GoBuildID()
	w.check("GoBuildID", err)
	w.str("GoBuildID", gid)
	if shErr != nil {
		return
	}
	f.MaxDecompressedSize = maxDecompressed
	dst := make([]byte, 0, maxDecompressed)
	defer func() { w.item = -1 }()
	for i, s := range shdrs.All() {
		if i >= maxByName {
			break
		}
		const what = "section"
		w.item = i
		if t, err := f.SectionNotes(s); err != nil {
			w.check(what+" SectionNotes", err)
		} else {
			w.inData(what+" SectionNotes", t.Data())
			w.sum += uint64(t.Align())
			count := 0
			for n, err := range t.All() {
				w.check(what+" SectionNotes", err)
				w.inData(what+" note desc", n.Desc)
				w.str(what+" note name", n.Name)
				if count++; count > t.Len()/NhdrSize+1 {
					w.errorf("%s: SectionNotes yields %d notes from %d bytes", what, count, t.Len())
					break
				}
			}
		}
		if c, err := f.CompressionHeader(s); err != nil {
			w.check(what+" CompressionHeader", err)
		} else {
			w.inData(what+" CompressionHeader", view(c).b)
			w.sum += uint64(c.Type()) + uint64(c.Size()) + uint64(c.Addralign())
		}
		size, err := f.DecompressedSize(s)
		w.check(what+" DecompressedSize", err)
		out, err := f.Decompress(s, dst)
		if err != nil {
			if p := errProblem(err, true); p != "" {
				w.errorf("%s: %s", w.where(what+" Decompress"), p)
			}
			continue
		}
		if uint64(len(out)) != size {
			w.errorf("%s: Decompress gives %d bytes, DecompressedSize %d", what, len(out), size)
		}
		if _, in := w.offset(out); !in && len(out) > 0 && unsafe.SliceData(out) != unsafe.SliceData(dst) {
			w.errorf("%s: Decompress of %d bytes allocated though the buffer has room for %d", what, len(out), cap(dst))
		}
	}
}
