package reloc_test

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/reloc"
)

// entries decodes every entry of t.
func entries(t reloc.Table) []reloc.Reloc {
	var out []reloc.Reloc
	for _, r := range t.All() {
		out = append(out, r)
	}
	return out
}

// readAll decodes t with a Reader, batch entries at a time.
func readAll(t reloc.Table, batch int) []reloc.Reloc {
	var out []reloc.Reloc
	r := t.Reader()
	buf := make([]reloc.Reloc, batch)
	for {
		n := r.Read(buf)
		if n == 0 {
			return out
		}
		out = append(out, buf[:n]...)
	}
}

// TestAtMatchesAll checks random access and the Reader against iteration,
// for every table of the sample objects and linked files (RELR included).
func TestAtMatchesAll(t *testing.T) {
	for _, s := range append(crossObjects(t), crossLinked(t)...) {
		f, err := reloc.Open(s.path)
		if err != nil {
			t.Fatal(err)
		}
		for tab, err := range f.Tables() {
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			all := entries(tab)
			if len(all) != tab.Len() {
				t.Errorf("%s section %d: All gave %d entries, Len %d", s.name, tab.Section(), len(all), tab.Len())
			}
			var at []reloc.Reloc
			for i := range tab.Len() {
				at = append(at, tab.At(i))
			}
			if diff := cmp.Diff(all, at); diff != "" {
				t.Errorf("%s section %d: At differs from All:\n%s", s.name, tab.Section(), diff)
			}
			if tab.At(-1) != (reloc.Reloc{}) || tab.At(tab.Len()) != (reloc.Reloc{}) {
				t.Errorf("%s: At out of range is not the zero Reloc", s.name)
			}
			for _, batch := range []int{1, 7, 64} {
				if diff := cmp.Diff(all, readAll(tab, batch)); diff != "" {
					t.Errorf("%s section %d: Reader with batches of %d differs from All:\n%s", s.name, tab.Section(), batch, diff)
				}
			}
		}
		f.Close()
	}
}

// encodeCREL encodes relocations in the CREL format (the encoder LLVM
// uses, written from the format's description), for round trips.
func encodeCREL(rs []reloc.Reloc, is64, addends bool) []byte {
	mask := uint64(8)
	for _, r := range rs {
		mask |= r.Offset
	}
	shift := 0
	for mask&1 == 0 {
		mask >>= 1
		shift++
	}
	hdr := uint64(len(rs))*8 + uint64(shift)
	if addends {
		hdr |= 4
	}
	b := binary.AppendUvarint(nil, hdr)
	var offset, addend uint64
	var sym, typ uint32
	flagBits := uint(2)
	if addends {
		flagBits = 3
	}
	for _, r := range rs {
		delta := (r.Offset - offset) >> shift
		offset = r.Offset
		var c byte
		if sym != r.Sym {
			c |= 1
		}
		if typ != r.Type {
			c |= 2
		}
		a := uint64(r.Addend)
		if !is64 {
			a = uint64(uint32(a))
		}
		if addends && addend != a {
			c |= 4
		}
		if delta < 1<<(7-flagBits) {
			b = append(b, c|byte(delta<<flagBits))
		} else {
			b = append(b, c|byte(delta<<flagBits)|0x80)
			b = binary.AppendUvarint(b, delta>>(7-flagBits))
		}
		if c&1 != 0 {
			b = appendSLEB(b, int64(int32(r.Sym-sym)))
			sym = r.Sym
		}
		if c&2 != 0 {
			b = appendSLEB(b, int64(int32(r.Type-typ)))
			typ = r.Type
		}
		if c&4 != 0 {
			d := int64(a - addend)
			if !is64 {
				d = int64(int32(uint32(a) - uint32(addend)))
			}
			b = appendSLEB(b, d)
			addend = a
		}
	}
	return b
}

func appendSLEB(b []byte, v int64) []byte {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v == 0 && c&0x40 == 0 || v == -1 && c&0x40 != 0 {
			return append(b, c)
		}
		b = append(b, c|0x80)
	}
}

// TestCRELRoundTrip re-encodes every REL and RELA table of the samples as
// CREL and checks that decoding gives the same entries, and that applying
// the CREL table relocates like the original.
func TestCRELRoundTrip(t *testing.T) {
	for _, s := range crossObjects(t) {
		f, err := reloc.Open(s.path)
		if err != nil {
			t.Fatal(err)
		}
		for tab, err := range f.Tables() {
			if err != nil || tab.Kind() == reloc.RELR {
				continue
			}
			want := entries(tab)
			if f.Machine() == elf.EM_MIPS && f.Class() == elf.ELFCLASS64 {
				continue // CREL's 32-bit type cannot hold MIPS64's three types and r_ssym as r_info does
			}
			b := encodeCREL(want, f.Class() == elf.ELFCLASS64, tab.HasAddends())
			crel, err := reloc.NewTable(b, reloc.CREL, f.Machine(), f.Class(), f.BigEndian())
			if err != nil {
				t.Fatalf("%s section %d: NewTable(CREL): %v", s.name, tab.Section(), err)
			}
			if crel.HasAddends() != tab.HasAddends() || crel.Len() != tab.Len() {
				t.Errorf("%s section %d: CREL Len %d addends %v, want %d %v", s.name, tab.Section(), crel.Len(), crel.HasAddends(), tab.Len(), tab.HasAddends())
			}
			if diff := cmp.Diff(want, entries(crel)); diff != "" {
				t.Errorf("%s section %d: CREL round trip (-%v +CREL):\n%s", s.name, tab.Section(), tab.Kind(), diff)
			}
			if diff := cmp.Diff(want, readAll(crel, 5)); diff != "" {
				t.Errorf("%s section %d: CREL Reader (-%v +CREL):\n%s", s.name, tab.Section(), tab.Kind(), diff)
			}
		}
		f.Close()
	}
}

// TestDynamicImage reads the dynamic relocations of shared objects laid out
// as a loader maps them (NewImage, no section headers used) and checks
// them, with their symbols and versions, against the file's.
func TestDynamicImage(t *testing.T) {
	for _, s := range crossLinked(t) {
		data, err := os.ReadFile(s.path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := reloc.NewFile(data)
		if err != nil {
			t.Fatal(err)
		}
		img := layOut(t, f, data)
		fi, err := reloc.NewImage(img, 0)
		if err != nil {
			t.Fatal(err)
		}
		want, got := dynamicDump(t, f), dynamicDump(t, fi)
		if len(want) == 0 {
			t.Errorf("%s: no dynamic relocations", s.name)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: image (+) differs from file (-):\n%s", s.name, diff)
		}
	}
}

type dynEntry struct {
	Table   string
	R       reloc.Reloc
	Sym     reloc.Symbol
	Addend  int64
	AddendE string
}

func dynamicDump(t *testing.T, f *reloc.File) []dynEntry {
	t.Helper()
	d, err := f.DynamicTables()
	if err != nil {
		t.Fatal(err)
	}
	var out []dynEntry
	for tab := range d.All() {
		syms, err := f.Symbols(tab)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range tab.All() {
			e := dynEntry{Table: tab.Kind().String(), R: r}
			if e.Sym, err = syms.Symbol(r.Sym); err != nil {
				t.Fatal(err)
			}
			if e.Addend, err = f.Addend(tab, r); err != nil {
				e.AddendE = err.Error()
			}
			out = append(out, e)
		}
	}
	return out
}

// layOut copies the PT_LOAD segments of f to where a loader maps them,
// relative to the first one, zeroing the rest (the section headers are not
// in any segment, so the image has none that are usable).
func layOut(t *testing.T, f *reloc.File, data []byte) []byte {
	t.Helper()
	type seg struct{ off, vaddr, filesz, memsz uint64 }
	var segs []seg
	if e := f.Elf64(); e != nil {
		ph, _ := e.ProgramHeaders()
		for _, p := range ph.All() {
			if p.Type() == elf.PT_LOAD {
				segs = append(segs, seg{uint64(p.Offset()), uint64(p.Vaddr()), uint64(p.Filesz()), uint64(p.Memsz())})
			}
		}
	} else {
		ph, _ := f.Elf32().ProgramHeaders()
		for _, p := range ph.All() {
			if p.Type() == elf.PT_LOAD {
				segs = append(segs, seg{uint64(p.Offset()), uint64(p.Vaddr()), uint64(p.Filesz()), uint64(p.Memsz())})
			}
		}
	}
	if len(segs) == 0 {
		t.Fatal("no PT_LOAD")
	}
	bias := segs[0].vaddr - segs[0].off
	end := uint64(0)
	for _, s := range segs {
		end = max(end, s.vaddr-bias+s.memsz)
	}
	img := make([]byte, end)
	for _, s := range segs {
		copy(img[s.vaddr-bias:], data[s.off:s.off+s.filesz])
	}
	// No section headers in an image.
	if f.Class() == elf.ELFCLASS64 {
		clear(img[40:48])
		clear(img[60:64])
	} else {
		clear(img[32:36])
		clear(img[48:52])
	}
	return img
}

func wantErr(t *testing.T, what string, err, kind error) {
	t.Helper()
	var fe *elf.FormatError
	if err == nil {
		t.Errorf("%s: no error, want %v", what, kind)
		return
	}
	if !errors.As(err, &fe) || !errors.Is(err, kind) {
		t.Errorf("%s: error %v (%T), want a *elf.FormatError wrapping %v", what, err, err, kind)
	}
}

// TestBadInput: malformed tables give errors of the right kind, never a
// panic, and a count that the bytes cannot hold allocates nothing.
func TestBadInput(t *testing.T) {
	_, err := reloc.NewTable(make([]byte, 12), reloc.RELR, elf.EM_X86_64, elf.ELFCLASS64, false)
	wantErr(t, "RELR of 12 bytes in ELF64", err, elf.ErrCorrupt)
	_, err = reloc.NewTable([]byte{1, 0, 0, 0, 0, 0, 0, 0}, reloc.RELR, elf.EM_X86_64, elf.ELFCLASS64, false)
	wantErr(t, "RELR starting with a bitmap", err, elf.ErrCorrupt)
	_, err = reloc.NewTable(make([]byte, 25), reloc.RELA, elf.EM_X86_64, elf.ELFCLASS64, false)
	wantErr(t, "RELA of 25 bytes", err, elf.ErrCorrupt)
	_, err = reloc.NewTable(make([]byte, 9), reloc.REL, elf.EM_386, elf.ELFCLASS32, false)
	wantErr(t, "REL of 9 bytes", err, elf.ErrCorrupt)

	// A CREL header claiming 2^60 entries in a few bytes.
	huge := binary.AppendUvarint(nil, 1<<63|4)
	allocs := testing.AllocsPerRun(10, func() {
		_, err = reloc.NewTable(huge, reloc.CREL, elf.EM_X86_64, elf.ELFCLASS64, false)
	})
	wantErr(t, "CREL claiming 2^60 entries", err, elf.ErrTruncated)
	if allocs > 3 {
		t.Errorf("CREL with a huge count: %v allocations", allocs)
	}
	// Entries cut short.
	cut := binary.AppendUvarint(nil, 3*8|4)
	cut = append(cut, 0x87, 0x80) // offset continuation that never ends
	_, err = reloc.NewTable(cut, reloc.CREL, elf.EM_X86_64, elf.ELFCLASS64, false)
	wantErr(t, "CREL entry cut short", err, elf.ErrTruncated)
	_, err = reloc.NewTable(nil, reloc.CREL, elf.EM_X86_64, elf.ELFCLASS64, false)
	wantErr(t, "empty CREL", err, elf.ErrTruncated)
	_, err = reloc.NewTable(nil, reloc.Kind(9), elf.EM_X86_64, elf.ELFCLASS64, false)
	wantErr(t, "unknown kind", err, elf.ErrUnsupported)

	objs := crossObjects(t)
	var x86 string
	for _, s := range objs {
		if s.name == "x86_64.o" {
			x86 = s.path
		}
	}
	if x86 == "" {
		t.Skip("no x86-64 object")
	}
	data, err := os.ReadFile(x86)
	if err != nil {
		t.Fatal(err)
	}
	f, err := reloc.NewFile(data)
	if err != nil {
		t.Fatal(err)
	}
	names := sectionNames(t, f)
	info := -1
	for i, n := range names {
		if n == ".rela.debug_info" {
			info = i
		}
	}
	if info < 0 {
		t.Fatal("no .rela.debug_info")
	}
	tab, err := f.SectionTable(info)
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.Symbols(tab)
	if err != nil {
		t.Fatal(err)
	}
	_, err = syms.Symbol(uint32(syms.Len()))
	wantErr(t, "symbol index past the table", err, elf.ErrOutOfRange)
	_, err = f.SectionTable(1)
	wantErr(t, "SectionTable of .text", err, elf.ErrBadLink)

	// Rewrite the first entry of .rela.debug_info: first a symbol index
	// past the table, then an offset past the section.
	e := f.Elf64()
	sh, _ := e.Section(info)
	first := sh.Offset()
	target := tab.Target()
	mutate := func(what string, edit func(b []byte), kind error) {
		t.Helper()
		b := append([]byte(nil), data...)
		edit(b[first:])
		g, err := reloc.NewFile(b)
		if err != nil {
			t.Fatal(err)
		}
		_, err = g.RelocatedSection(nil, target)
		wantErr(t, what, err, kind)
	}
	mutate("symbol index past the table", func(b []byte) {
		binary.LittleEndian.PutUint32(b[12:], uint32(syms.Len()+5))
	}, elf.ErrOutOfRange)
	mutate("offset past the section", func(b []byte) {
		binary.LittleEndian.PutUint64(b, 1<<40)
	}, elf.ErrOutOfRange)
	mutate("offset at the last byte of the section", func(b []byte) {
		ts, _ := e.Section(target)
		binary.LittleEndian.PutUint64(b, uint64(ts.Size())-1)
	}, elf.ErrOutOfRange)
	mutate("unsupported type", func(b []byte) {
		binary.LittleEndian.PutUint32(b[8:], uint32(elf.R_X86_64_GOTPCREL))
	}, elf.ErrUnsupported)
	mutate("unknown type", func(b []byte) {
		binary.LittleEndian.PutUint32(b[8:], 200)
	}, elf.ErrUnsupported)
}

// TestUnsupportedTypeNamed: Apply names a type it does not handle.
func TestUnsupportedTypeNamed(t *testing.T) {
	b := make([]byte, 16)
	rela := binary.LittleEndian.AppendUint64(nil, 0)
	rela = binary.LittleEndian.AppendUint64(rela, uint64(elf.R_X86_64_GOTPCREL))
	rela = binary.LittleEndian.AppendUint64(rela, 0)
	tab, err := reloc.NewTable(rela, reloc.RELA, elf.EM_X86_64, elf.ELFCLASS64, false)
	if err != nil {
		t.Fatal(err)
	}
	f := x86File(t)
	err = f.Apply(b, tab)
	wantErr(t, "Apply of R_X86_64_GOTPCREL", err, elf.ErrUnsupported)
	if err != nil && !contains(err.Error(), "R_X86_64_GOTPCREL") {
		t.Errorf("error %q does not name the type", err)
	}
}

func x86File(t *testing.T) *reloc.File {
	t.Helper()
	for _, s := range crossObjects(t) {
		if s.name == "x86_64.o" {
			f, err := reloc.Open(s.path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			return f
		}
	}
	t.Skip("no x86-64 object")
	return nil
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestHowtoNames: every name in the tables is the vocabulary's name where
// the vocabulary has one for the value.
func TestHowtoNames(t *testing.T) {
	for _, m := range []elf.Machine{elf.EM_X86_64, elf.EM_386, elf.EM_AARCH64, elf.EM_ARM, elf.EM_RISCV,
		elf.EM_PPC, elf.EM_PPC64, elf.EM_S390, elf.EM_MIPS, elf.EM_LOONGARCH, elf.EM_SPARCV9} {
		n := 0
		for typ := uint32(0); typ < 2048; typ++ {
			h, ok := reloc.Lookup(m, elf.ELFCLASS64, typ)
			if !ok {
				continue
			}
			n++
			if v := vocabName(m, typ); v != "" && v != h.Name {
				t.Errorf("%v type %d: table name %s, vocabulary %s", m, typ, h.Name, v)
			}
			if h.Name != reloc.TypeName(m, typ) {
				t.Errorf("%v type %d: TypeName %s, Lookup %s", m, typ, reloc.TypeName(m, typ), h.Name)
			}
			if h.Size < 0 || h.Size > 16 {
				t.Errorf("%v %s: size %d", m, h.Name, h.Size)
			}
		}
		if n < 40 {
			t.Errorf("%v: only %d types", m, n)
		}
		rel, ok := reloc.RelativeType(m, elf.ELFCLASS64)
		if h, _ := reloc.Lookup(m, elf.ELFCLASS64, rel); !ok || !h.Dynamic || h.NeedsSymbol && m != elf.EM_MIPS {
			t.Errorf("%v: relative type %d (%s) is not a dynamic relocation without symbol", m, rel, h.Name)
		}
	}
	if _, ok := reloc.Lookup(elf.EM_NONE, elf.ELFCLASS64, 1); ok {
		t.Error("Lookup of EM_NONE succeeded")
	}
}

// vocabName is the vocabulary's String of the value when it names it
// exactly (not "R_X_Y+3" or a number).
func vocabName(m elf.Machine, typ uint32) string {
	var s string
	switch m {
	case elf.EM_X86_64:
		s = elf.R_X86_64(typ).String()
	case elf.EM_386:
		s = elf.R_386(typ).String()
	case elf.EM_AARCH64:
		s = elf.R_AARCH64(typ).String()
	case elf.EM_ARM:
		s = elf.R_ARM(typ).String()
	case elf.EM_RISCV:
		s = elf.R_RISCV(typ).String()
	case elf.EM_PPC:
		s = elf.R_PPC(typ).String()
	case elf.EM_PPC64:
		s = elf.R_PPC64(typ).String()
	case elf.EM_S390:
		s = elf.R_390(typ).String()
	case elf.EM_MIPS:
		s = elf.R_MIPS(typ).String()
	case elf.EM_LOONGARCH:
		s = elf.R_LARCH(typ).String()
	case elf.EM_SPARCV9:
		s = elf.R_SPARC(typ).String()
	}
	if contains(s, "+") || s == "" || s[0] >= '0' && s[0] <= '9' {
		return ""
	}
	return s
}

// TestImplicitAddend reads the addends of i386 PIE dynamic relocations
// (REL) and checks them against the words in the file, read with
// encoding/binary.
func TestImplicitAddend(t *testing.T) {
	for _, s := range crossLinked(t) {
		data, err := os.ReadFile(s.path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := reloc.NewFile(data)
		if err != nil {
			t.Fatal(err)
		}
		d, err := f.DynamicTables()
		if err != nil {
			t.Fatal(err)
		}
		for tab := range d.All() {
			if tab.HasAddends() {
				continue
			}
			for _, r := range tab.All() {
				h, _ := reloc.Lookup(f.Machine(), f.Class(), r.Type)
				a, err := f.Addend(tab, r)
				if !h.Data || h.Size == 0 {
					if err == nil {
						t.Errorf("%s: %s at %#x: addend without a plain field", s.name, h.Name, r.Offset)
					}
					continue
				}
				if err != nil {
					t.Errorf("%s: %s at %#x: %v", s.name, h.Name, r.Offset, err)
					continue
				}
				off := fileOffset(t, f, r.Offset)
				var want int64
				order := binary.ByteOrder(binary.LittleEndian)
				if f.BigEndian() {
					order = binary.BigEndian
				}
				switch h.Size {
				case 4:
					want = int64(int32(order.Uint32(data[off:])))
				case 8:
					want = int64(order.Uint64(data[off:]))
				}
				if a != want {
					t.Errorf("%s: %s at %#x: addend %#x, want %#x", s.name, h.Name, r.Offset, a, want)
				}
			}
		}
	}
}

// fileOffset translates a virtual address through the PT_LOAD segments.
func fileOffset(t *testing.T, f *reloc.File, a uint64) uint64 {
	t.Helper()
	if e := f.Elf64(); e != nil {
		ph, _ := e.ProgramHeaders()
		for _, p := range ph.All() {
			if p.Type() == elf.PT_LOAD && a >= uint64(p.Vaddr()) && a-uint64(p.Vaddr()) < uint64(p.Filesz()) {
				return a - uint64(p.Vaddr()) + uint64(p.Offset())
			}
		}
	} else {
		ph, _ := f.Elf32().ProgramHeaders()
		for _, p := range ph.All() {
			if p.Type() == elf.PT_LOAD && a >= uint64(p.Vaddr()) && a-uint64(p.Vaddr()) < uint64(p.Filesz()) {
				return a - uint64(p.Vaddr()) + uint64(p.Offset())
			}
		}
	}
	t.Fatalf("address %#x not in the file", a)
	return 0
}

// TestRela64 checks the zero-copy view of RELA tables against All, for
// every table of the sample files: it must be offered exactly for ELF64
// RELA tables in this machine's byte order (not 64-bit MIPS, whose r_info
// differs), and refused for a misaligned copy.
func TestRela64(t *testing.T) {
	hostBig := binary.NativeEndian.Uint16([]byte{0, 1}) == 1
	offered := 0
	for _, s := range append(crossObjects(t), crossLinked(t)...) {
		f, err := reloc.Open(s.path)
		if err != nil {
			t.Fatal(err)
		}
		for tab, err := range f.Tables() {
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			recs, ok := tab.Rela64()
			want := tab.Kind() == reloc.RELA && f.Class() == elf.ELFCLASS64 && f.BigEndian() == hostBig && f.Machine() != elf.EM_MIPS
			if ok != want {
				t.Errorf("%s section %d (%v, %v, %v): Rela64 ok = %v, want %v", s.name, tab.Section(), tab.Kind(), f.Class(), f.Machine(), ok, want)
				continue
			}
			if !ok {
				continue
			}
			offered++
			var got []reloc.Reloc
			for _, r := range recs {
				got = append(got, reloc.Reloc{Offset: r.Offset, Info: r.Info, Addend: r.Addend, Sym: r.Sym(), Type: r.Type()})
			}
			if diff := cmp.Diff(entries(tab), got); diff != "" {
				t.Errorf("%s section %d: Rela64 differs from All:\n%s", s.name, tab.Section(), diff)
			}
			// The same bytes one byte off their alignment are refused.
			if tab.Len() > 0 {
				b := append(make([]byte, 1, len(tab.Bytes())+1), tab.Bytes()...)[1:]
				mis, err := reloc.NewTable(b, reloc.RELA, f.Machine(), f.Class(), f.BigEndian())
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := mis.Rela64(); ok {
					t.Errorf("%s section %d: Rela64 offered over misaligned bytes", s.name, tab.Section())
				}
			}
		}
		f.Close()
	}
	if offered == 0 {
		t.Error("no sample table offered Rela64")
	}
}
