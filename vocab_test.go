package elf_test

import (
	stdelf "debug/elf"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf"
)

// The vocabulary is checked against debug/elf twice over: its constants
// (names, types, values) by type-checking the Go distribution's elf.go and
// our own source side by side, and the printed form of every value by
// calling both String methods. Neither side is a list kept by hand, so the
// test follows debug/elf as it grows.

func goroot(t *testing.T) string {
	t.Helper()
	if b, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		if s := strings.TrimSpace(string(b)); s != "" {
			return s
		}
	}
	return runtime.GOROOT() //nolint:staticcheck // fallback only
}

// declarations type-checks the const and type declarations of files and
// returns the package scope. The vocabulary needs no imports; with strict
// false, errors from other declarations (a struct field of an imported
// type, say) are ignored.
func declarations(t *testing.T, path string, files []string, strict bool) *types.Scope {
	t.Helper()
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		var decls []ast.Decl
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && (g.Tok == token.CONST || g.Tok == token.TYPE) {
				decls = append(decls, g)
			}
		}
		parsed = append(parsed, &ast.File{Name: f.Name, Decls: decls})
	}
	conf := &types.Config{}
	if !strict {
		conf.Error = func(error) {}
	}
	pkg, err := conf.Check(path, fset, parsed, nil)
	if err != nil && strict {
		t.Fatal(err)
	}
	return pkg.Scope()
}

func stdScope(t *testing.T) *types.Scope {
	return declarations(t, "debug/elf", []string{filepath.Join(goroot(t), "src", "debug", "elf", "elf.go")}, true)
}

func ourScope(t *testing.T) *types.Scope {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = slices.DeleteFunc(files, func(s string) bool { return strings.HasSuffix(s, "_test.go") })
	return declarations(t, "github.com/elfkit/elf", files, false)
}

func unqualified(*types.Package) string { return "" }

// wider are the types whose underlying type differs from debug/elf's on
// purpose: the ELF64 field is wider.
var wider = map[string]string{"SectionFlag": "uint64", "DynTag": "int64"}

func TestConstantsMatchDebugElf(t *testing.T) {
	std, ours := stdScope(t), ourScope(t)
	want, got := map[string]string{}, map[string]string{}
	for _, name := range std.Names() {
		obj := std.Lookup(name)
		if !obj.Exported() {
			continue
		}
		describe := func(o types.Object) string {
			switch o := o.(type) {
			case *types.Const:
				return "const " + types.TypeString(o.Type(), unqualified) + " = " + o.Val().ExactString()
			case *types.TypeName:
				if _, ok := o.Type().Underlying().(*types.Struct); ok {
					return "struct"
				}
				u := types.TypeString(o.Type().Underlying(), unqualified)
				if w, ok := wider[o.Name()]; ok && u == w {
					u = "(wider) " + u
				}
				return "type " + u
			}
			return fmt.Sprintf("%T", o)
		}
		d := describe(obj)
		if d == "struct" {
			continue // records are elf32/elf64's business
		}
		if tn, ok := obj.(*types.TypeName); ok {
			if w, ok := wider[tn.Name()]; ok {
				d = "type (wider) " + w
			}
		}
		want[name] = d
		if o := ours.Lookup(name); o != nil {
			got[name] = describe(o)
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("elf vs debug/elf declarations (-debug/elf +ours):\n%s", diff)
	}
	if len(want) < 1000 {
		t.Errorf("only %d declarations found in debug/elf; is the parse right?", len(want))
	}
}

// printable is what both sides of a comparison have.
type printable interface {
	~int | ~int64 | ~uint8 | ~uint16 | ~uint32 | ~uint64
	String() string
	GoString() string
}

type printed struct {
	ours, std [2]string
	same      bool // the value converts to both types without loss
}

func pair[O, S printable](v uint64) printed {
	o, s := O(v), S(v)
	return printed{
		ours: [2]string{o.String(), o.GoString()},
		std:  [2]string{s.String(), s.GoString()},
		same: uint64(o) == uint64(s),
	}
}

// pairs covers every debug/elf type with a String method; the test checks
// that none is missing.
var pairs = map[string]func(uint64) printed{
	"Version":         pair[elf.Version, stdelf.Version],
	"Class":           pair[elf.Class, stdelf.Class],
	"Data":            pair[elf.Data, stdelf.Data],
	"OSABI":           pair[elf.OSABI, stdelf.OSABI],
	"Type":            pair[elf.Type, stdelf.Type],
	"Machine":         pair[elf.Machine, stdelf.Machine],
	"SectionIndex":    pair[elf.SectionIndex, stdelf.SectionIndex],
	"SectionType":     pair[elf.SectionType, stdelf.SectionType],
	"SectionFlag":     pair[elf.SectionFlag, stdelf.SectionFlag],
	"CompressionType": pair[elf.CompressionType, stdelf.CompressionType],
	"ProgType":        pair[elf.ProgType, stdelf.ProgType],
	"ProgFlag":        pair[elf.ProgFlag, stdelf.ProgFlag],
	"DynTag":          pair[elf.DynTag, stdelf.DynTag],
	"DynFlag":         pair[elf.DynFlag, stdelf.DynFlag],
	"DynFlag1":        pair[elf.DynFlag1, stdelf.DynFlag1],
	"NType":           pair[elf.NType, stdelf.NType],
	"SymBind":         pair[elf.SymBind, stdelf.SymBind],
	"SymType":         pair[elf.SymType, stdelf.SymType],
	"SymVis":          pair[elf.SymVis, stdelf.SymVis],
	"R_X86_64":        pair[elf.R_X86_64, stdelf.R_X86_64],
	"R_AARCH64":       pair[elf.R_AARCH64, stdelf.R_AARCH64],
	"R_ALPHA":         pair[elf.R_ALPHA, stdelf.R_ALPHA],
	"R_ARM":           pair[elf.R_ARM, stdelf.R_ARM],
	"R_386":           pair[elf.R_386, stdelf.R_386],
	"R_MIPS":          pair[elf.R_MIPS, stdelf.R_MIPS],
	"R_LARCH":         pair[elf.R_LARCH, stdelf.R_LARCH],
	"R_PPC":           pair[elf.R_PPC, stdelf.R_PPC],
	"R_PPC64":         pair[elf.R_PPC64, stdelf.R_PPC64],
	"R_RISCV":         pair[elf.R_RISCV, stdelf.R_RISCV],
	"R_390":           pair[elf.R_390, stdelf.R_390],
	"R_SPARC":         pair[elf.R_SPARC, stdelf.R_SPARC],
}

// noStdString are the debug/elf types without a String method.
var noStdString = map[string]bool{"DynamicVersionFlag": true}

func TestStringMatchesDebugElf(t *testing.T) {
	if _, ok := any(stdelf.DynamicVersionFlag(0)).(fmt.Stringer); ok {
		t.Error("debug/elf's DynamicVersionFlag has a String method now: add it to pairs")
	}
	std := stdScope(t)
	stdNames := map[string]bool{}
	values := map[string][]uint64{} // debug/elf's constants by type
	for _, name := range std.Names() {
		switch o := std.Lookup(name).(type) {
		case *types.Const:
			stdNames[name] = true
			if n, ok := o.Type().(*types.Named); ok {
				v, _ := constantUint64(o)
				values[n.Obj().Name()] = append(values[n.Obj().Name()], v)
			}
		case *types.TypeName:
			if _, ok := o.Type().Underlying().(*types.Struct); ok || !o.Exported() {
				continue
			}
			if _, ok := pairs[name]; !ok && !noStdString[name] {
				t.Errorf("debug/elf type %s is not compared", name)
			}
		}
	}

	// usesAddition reports whether s names something debug/elf does not
	// have, which is where the outputs may rightly differ.
	usesAddition := func(s string) bool {
		for tok := range strings.SplitSeq(s, "+") {
			tok = strings.TrimPrefix(tok, "elf.")
			if tok != "" && (tok[0] == '_' || tok[0] >= 'A' && tok[0] <= 'Z') && !stdNames[tok] {
				return true
			}
		}
		return false
	}

	rng := rand.New(rand.NewPCG(1, 2))
	typeNames := make([]string, 0, len(pairs))
	for name := range pairs {
		typeNames = append(typeNames, name)
	}
	slices.Sort(typeNames)
	for _, name := range typeNames {
		print := pairs[name]
		consts := values[name]
		probes := []uint64{0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x100, 0xfff0, 0xffff, 0x10000,
			0x7fffffff, 0x80000000, 0xffffffff, 1 << 32, 1<<32 + 5, 1 << 63, ^uint64(0), ^uint64(4)}
		if width := widthOf(print); width <= 16 {
			for v := range uint64(1) << width {
				probes = append(probes, v)
			}
		}
		for _, c := range consts {
			probes = append(probes, c-1, c, c+1, c+5, c+100)
		}
		for range 2000 {
			probes = append(probes, uint64(rng.Uint32()), rng.Uint64()>>rng.IntN(64))
		}
		for range 500 { // bit sets: unions of named values and stray bits
			var v uint64
			for _, c := range consts {
				if rng.IntN(3) == 0 {
					v |= c
				}
			}
			if rng.IntN(2) == 0 {
				v |= 1 << rng.IntN(32)
			}
			probes = append(probes, v)
		}

		var compared, extended int
		for _, v := range probes {
			p := print(v)
			if !p.same {
				continue // the value does not fit debug/elf's type
			}
			if name == "DynTag" && v > 0xffffffff {
				// debug/elf formats uint32(tag), so a tag beyond 32 bits
				// prints as some other tag; ours keeps all 64 bits, and a
				// negative one prints in decimal.
				continue
			}
			compared++
			for k, what := range []string{"String", "GoString"} {
				if p.ours[k] == p.std[k] {
					continue
				}
				if usesAddition(p.ours[k]) {
					extended++
					continue
				}
				t.Errorf("%s(%#x).%s() = %q, debug/elf says %q", name, v, what, p.ours[k], p.std[k])
			}
		}
		t.Logf("%s: %d values compared, %d printed with an added name", name, compared, extended)
	}
}

func constantUint64(c *types.Const) (uint64, bool) {
	return constant.Uint64Val(c.Val())
}

// widthOf finds the bit width of a type from how a wide value truncates.
func widthOf(print func(uint64) printed) int {
	for _, w := range []int{8, 16, 32} {
		if !print(1 << w).same {
			return w
		}
	}
	return 64
}

func TestAdditions(t *testing.T) {
	tests := []struct {
		v    fmt.Stringer
		want string
	}{
		{elf.SHT_RELR, "SHT_RELR"},
		{elf.SectionType(20), "SHT_RELR+1"},
		{elf.SHT_CREL, "SHT_CREL"},
		{elf.SHT_LLVM_ADDRSIG, "SHT_LLVM_ADDRSIG"},
		{elf.SHF_ALLOC | elf.SHF_GNU_RETAIN, "SHF_ALLOC+SHF_GNU_RETAIN"},
		{elf.SHF_ALLOC | 1<<40, "SHF_ALLOC+0x10000000000"},
		{elf.SHF_EXCLUDE, "SHF_EXCLUDE"},
		{elf.ELFCOMPRESS_ZSTD, "COMPRESS_ZSTD"},
		{elf.PT_GNU_SFRAME, "PT_GNU_SFRAME"},
		{elf.DT_RELR, "DT_RELR"},
		{elf.DT_RELRSZ, "DT_RELRSZ"},
		{elf.DT_RELRENT, "DT_RELRENT"},
		{elf.DynTag(38), "DT_RELRENT+1"},
		{elf.DynTag(-1), "-1"},
		{elf.EM_CSKY, "EM_CSKY"},
		{elf.EM_IAMCU, "EM_486"},
		{elf.ELFOSABI_GNU, "ELFOSABI_LINUX"},
		{elf.ELFOSABI_OPENVOS, "ELFOSABI_OPENVOS"},
		{elf.NT_SIGINFO, "NT_SIGINFO"},
		{elf.NT_FILE, "NT_FILE"},
		{elf.NT_X86_XSTATE, "NT_X86_XSTATE"},
		{elf.VER_FLG_BASE | elf.VER_FLG_WEAK, "VER_FLG_BASE+VER_FLG_WEAK"},
		{elf.DynamicVersionFlag(0x10), "0x10"},
		{elf.NT_GNU_BUILD_ID, "NT_GNU_BUILD_ID"},
		{elf.GNUNoteType(0), "0"},
		{elf.GNU_PROPERTY_X86_FEATURE_1_AND, "GNU_PROPERTY_X86_FEATURE_1_AND"},
		{elf.GNU_PROPERTY_X86_ISA_1_NEEDED, "GNU_PROPERTY_X86_ISA_1_NEEDED"},
		{elf.GNU_PROPERTY_X86_ISA_1_USED, "GNU_PROPERTY_X86_ISA_1_USED"},
		{elf.GNU_PROPERTY_AARCH64_FEATURE_1_AND, "GNU_PROPERTY_AARCH64_FEATURE_1_AND"},
		{elf.GNU_PROPERTY_1_NEEDED, "GNU_PROPERTY_1_NEEDED"},
		{elf.GNU_PROPERTY_X86_FEATURE_1_IBT | elf.GNU_PROPERTY_X86_FEATURE_1_SHSTK,
			"GNU_PROPERTY_X86_FEATURE_1_IBT+GNU_PROPERTY_X86_FEATURE_1_SHSTK"},
		{elf.GNU_PROPERTY_X86_ISA_1_BASELINE | elf.GNU_PROPERTY_X86_ISA_1_V2 | 0x100,
			"GNU_PROPERTY_X86_ISA_1_BASELINE+GNU_PROPERTY_X86_ISA_1_V2+0x100"},
		{elf.GNU_PROPERTY_AARCH64_FEATURE_1_BTI | elf.GNU_PROPERTY_AARCH64_FEATURE_1_PAC,
			"GNU_PROPERTY_AARCH64_FEATURE_1_BTI+GNU_PROPERTY_AARCH64_FEATURE_1_PAC"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%T(%#v).String() = %q, want %q", tt.v, tt.v, got, tt.want)
		}
	}
	if got := fmt.Sprintf("%#v", elf.DT_RELR); got != "elf.DT_RELR" {
		t.Errorf("GoString of DT_RELR = %q", got)
	}
	if elf.PN_XNUM != 0xffff || elf.VERSYM_HIDDEN|elf.VERSYM_VERSION != 0xffff || elf.VER_NDX_ELIMINATE != elf.VER_NDX_LORESERVE+1 {
		t.Error("versioning constants are inconsistent")
	}
}

func TestInfoHelpersMatchDebugElf(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 10000 {
		b := uint8(rng.Uint32())
		if got, want := elf.ST_BIND(b), stdelf.ST_BIND(b); uint64(got) != uint64(want) {
			t.Fatalf("ST_BIND(%#x) = %v, want %v", b, got, want)
		}
		if got, want := elf.ST_TYPE(b), stdelf.ST_TYPE(b); uint64(got) != uint64(want) {
			t.Fatalf("ST_TYPE(%#x) = %v, want %v", b, got, want)
		}
		if got, want := elf.ST_VISIBILITY(b), stdelf.ST_VISIBILITY(b); uint64(got) != uint64(want) {
			t.Fatalf("ST_VISIBILITY(%#x) = %v, want %v", b, got, want)
		}
		bind, typ := uint8(rng.Uint32()), uint8(rng.Uint32())
		if got, want := elf.ST_INFO(elf.SymBind(bind), elf.SymType(typ)), stdelf.ST_INFO(stdelf.SymBind(bind), stdelf.SymType(typ)); got != want {
			t.Fatalf("ST_INFO(%#x, %#x) = %#x, want %#x", bind, typ, got, want)
		}
		i32, i64 := rng.Uint32(), rng.Uint64()
		s, ty := rng.Uint32(), rng.Uint32()
		if elf.R_SYM32(i32) != stdelf.R_SYM32(i32) || elf.R_TYPE32(i32) != stdelf.R_TYPE32(i32) ||
			elf.R_SYM64(i64) != stdelf.R_SYM64(i64) || elf.R_TYPE64(i64) != stdelf.R_TYPE64(i64) ||
			elf.R_INFO32(s>>8, ty&0xff) != stdelf.R_INFO32(s>>8, ty&0xff) || elf.R_INFO(s, ty) != stdelf.R_INFO(s, ty) {
			t.Fatalf("r_info helpers differ for %#x %#x %#x %#x", i32, i64, s, ty)
		}
	}
}

// hashFile opens a system library with both .hash and .gnu.hash.
func hashFile(t *testing.T) *stdelf.File {
	t.Helper()
	for _, p := range []string{
		"/usr/lib/x86_64-linux-gnu/libc.so.6",
		"/usr/lib/aarch64-linux-gnu/libc.so.6",
		"/lib64/libc.so.6",
		filepath.Join(goroot(t), "src", "debug", "elf", "testdata", "gcc-amd64-linux-exec"),
	} {
		if f, err := stdelf.Open(p); err == nil {
			t.Cleanup(func() { f.Close() })
			return f
		}
	}
	t.Skip("no ELF file with hash sections found")
	return nil
}

// TestGNUHash checks GNUHash against the hashes a linker stored: every
// symbol in a DT_GNU_HASH table has its hash (low bit aside) in the chain
// array, and sits in the bucket the hash picks.
func TestGNUHash(t *testing.T) {
	if h := elf.GNUHash(""); h != 5381 {
		t.Errorf("GNUHash(\"\") = %d, want 5381", h)
	}
	f := hashFile(t)
	sec := f.Section(".gnu.hash")
	if sec == nil {
		t.Skip(".gnu.hash not found")
	}
	data, err := sec.Data()
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	bo := f.ByteOrder
	nbuckets, symoffset, bloomSize := bo.Uint32(data), bo.Uint32(data[4:]), bo.Uint32(data[8:])
	word := 4
	if f.Class == stdelf.ELFCLASS64 {
		word = 8
	}
	buckets := data[16+int(bloomSize)*word:]
	chains := buckets[4*nbuckets:]
	checked := 0
	for j, s := range syms {
		i := uint32(j + 1) // DynamicSymbols leaves out entry 0
		if i < symoffset {
			continue
		}
		h := elf.GNUHash(s.Name)
		stored := bo.Uint32(chains[4*(i-symoffset):])
		if stored|1 != h|1 {
			t.Fatalf("symbol %d %q: GNUHash = %#x, table has %#x", i, s.Name, h, stored)
		}
		if first := bo.Uint32(buckets[4*(h%nbuckets):]); first == 0 || first > i {
			t.Fatalf("symbol %d %q: bucket %d starts at %d", i, s.Name, h%nbuckets, first)
		}
		if h2 := elf.GNUHash([]byte(s.Name)); h2 != h {
			t.Fatalf("GNUHash differs for string and []byte of %q", s.Name)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no hashed symbols")
	}
	t.Logf("%d symbols checked", checked)
}

// TestSysVHash checks SysVHash against a DT_HASH table: every symbol is on
// the chain of the bucket its hash picks.
func TestSysVHash(t *testing.T) {
	if h := elf.SysVHash(""); h != 0 {
		t.Errorf("SysVHash(\"\") = %d, want 0", h)
	}
	f := hashFile(t)
	sec := f.Section(".hash")
	if sec == nil {
		t.Skip(".hash not found")
	}
	data, err := sec.Data()
	if err != nil {
		t.Fatal(err)
	}
	syms, err := f.DynamicSymbols()
	if err != nil {
		t.Fatal(err)
	}
	word := func(i uint32) uint32 { return f.ByteOrder.Uint32(data[4*i:]) }
	nbucket, nchain := word(0), word(1)
	if int(nchain) != len(syms)+1 {
		t.Fatalf("nchain %d, %d dynamic symbols", nchain, len(syms)+1)
	}
	for j, s := range syms {
		want := uint32(j + 1)
		found := false
		for i, n := word(2+elf.SysVHash(s.Name)%nbucket), 0; i != 0 && n <= int(nchain); i, n = word(2+nbucket+i), n+1 {
			if i == want {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("symbol %d %q is not on the chain of bucket SysVHash %% nbucket", want, s.Name)
		}
	}
	t.Logf("%d symbols checked", len(syms))
}
