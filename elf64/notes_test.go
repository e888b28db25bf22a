package elf64

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/elfkit/elf"
	"github.com/elfkit/elf/internal/testfiles"
	"github.com/google/go-cmp/cmp"
)

// debug/elf has no notes API, so notes are checked against GNU readelf -n.

// readelfNote is what readelf -n -W prints of one note.
type readelfNote struct {
	Owner  string
	Descsz uint64
	Type   string // the description column: a type name, "Unknown note type: (0x...)", ...
	Data   string // the descriptor in hex when readelf prints it (a build ID, "description data:")
}

// readelfNoteTable is one "Displaying notes found ..." block.
type readelfNoteTable struct {
	Where string // "in: <section>" or "at file offset 0x... with length 0x...:"
	Notes []readelfNote
}

var (
	readelfNoteLine = regexp.MustCompile(`^  (\S.*?) +0x([0-9a-f]+)\t([^\t]*)(?:\t(.*))?$`)
	readelfBuildID  = regexp.MustCompile(`^\s*Build ID: ([0-9a-f]+)\s*$`)
	readelfDescData = regexp.MustCompile(`^\s*description data: ((?:[0-9a-f]{2} ?)*)\s*$`)
)

// readelfNotes runs readelf -n -W on path and parses its output. warned
// reports whether readelf printed a warning or an error.
func readelfNotes(t *testing.T, path string) (tables []readelfNoteTable, warned bool) {
	t.Helper()
	cmd := exec.Command("readelf", "-n", "-W", path)
	cmd.Env = append(os.Environ(), "LC_ALL=C")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil && stderr.Len() == 0 {
		t.Fatalf("readelf -n %s: %v", path, err)
	}
	for line := range strings.Lines(stdout.String()) {
		line = strings.TrimRight(line, "\n")
		if w, ok := strings.CutPrefix(line, "Displaying notes found "); ok {
			tables = append(tables, readelfNoteTable{Where: w})
			continue
		}
		if len(tables) == 0 {
			continue
		}
		cur := &tables[len(tables)-1]
		if m := readelfNoteLine.FindStringSubmatch(line); m != nil && !strings.HasPrefix(line, "  Owner ") {
			size, err := strconv.ParseUint(m[2], 16, 64)
			if err != nil {
				t.Fatalf("readelf -n %s: %q: %v", path, line, err)
			}
			n := readelfNote{Owner: m[1], Descsz: size, Type: strings.TrimSpace(m[3])}
			cur.Notes = append(cur.Notes, n)
			line = m[4] // the description may start on the same line
		}
		if len(cur.Notes) == 0 {
			continue
		}
		last := &cur.Notes[len(cur.Notes)-1]
		if m := readelfBuildID.FindStringSubmatch(line); m != nil {
			last.Data = m[1]
		} else if m := readelfDescData.FindStringSubmatch(line); m != nil {
			last.Data = strings.ReplaceAll(m[1], " ", "")
		}
	}
	return tables, stderr.Len() > 0
}

// noteTypeMismatch compares a note's n_type with the description readelf
// printed, where readelf's text identifies the type, and says what differs.
func noteTypeMismatch(n Note, printed string) string {
	typ := n.Type()
	if hexs, ok := strings.CutPrefix(printed, "Unknown note type: (0x"); ok {
		v, err := strconv.ParseUint(strings.TrimSuffix(hexs, ")"), 16, 32)
		if err != nil || uint32(v) != typ {
			return fmt.Sprintf("type %#x, readelf %q", typ, printed)
		}
		return ""
	}
	switch n.Name {
	case "GNU":
		// readelf prints the name, then sometimes a gloss in parentheses.
		name := elf.GNUNoteType(typ).String()
		if strings.Contains(name, "+") {
			return fmt.Sprintf("type %#x (no name), readelf %q", typ, printed)
		}
		if first, _, _ := strings.Cut(printed, " "); first != name {
			return fmt.Sprintf("type %s, readelf %q", name, printed)
		}
	case "Go":
		if printed == "GO BUILDID" && typ != elf.NT_GO_BUILD_ID {
			return fmt.Sprintf("type %#x, readelf %q", typ, printed)
		}
	}
	return ""
}

// ourNoteTables reads the notes of f from the tables readelf -n reads (see
// Notes), in readelf's terms. errs holds the error that ended each table
// that had one.
func ourNoteTables(t *testing.T, f *File) (tables []readelfNoteTable, notes [][]Note, errs []error) {
	t.Helper()
	add := func(where string, nt NoteTable, err error) {
		tables = append(tables, readelfNoteTable{Where: where})
		notes = append(notes, nil)
		if err != nil {
			errs = append(errs, err)
			return
		}
		cur := &tables[len(tables)-1]
		for n, err := range nt.All() {
			if err != nil {
				errs = append(errs, err)
				break
			}
			owner := n.Name
			if n.Nhdr.Namesz() == 0 {
				owner = "(NONE)"
			}
			r := readelfNote{Owner: owner, Descsz: uint64(n.Nhdr.Descsz()), Type: "?"}
			cur.Notes = append(cur.Notes, r)
			notes[len(notes)-1] = append(notes[len(notes)-1], n)
		}
	}
	if shdrs, ok := f.noteSections(); ok {
		for _, s := range shdrs.All() {
			if s.Type() != elf.SHT_NOTE {
				continue
			}
			name, err := f.SectionName(s)
			if err != nil {
				t.Fatalf("SectionName: %v", err)
			}
			nt, err := f.SectionNotes(s)
			add("in: "+name, nt, err)
		}
		return
	}
	phdrs, err := f.ProgramHeaders()
	if err != nil {
		t.Fatalf("ProgramHeaders: %v", err)
	}
	for _, p := range phdrs.All() {
		if p.Type() == elf.PT_NOTE {
			nt, err := f.SegmentNotes(p)
			add(fmt.Sprintf("at file offset 0x%08x with length 0x%08x:", uint64(p.Offset()), uint64(p.Filesz())), nt, err)
		}
	}
	return
}

// checkNotesReadelf compares the notes of the file at path with readelf -n.
func checkNotesReadelf(t *testing.T, path string) {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer f.Close()
	want, warned := readelfNotes(t, path)
	got, notes, errs := ourNoteTables(t, f)

	// readelf prints nothing for an empty table; drop ours too.
	for i := len(got) - 1; i >= 0; i-- {
		if len(got[i].Notes) == 0 && len(notes[i]) == 0 && !slices.ContainsFunc(want, func(w readelfNoteTable) bool { return w.Where == got[i].Where }) {
			got = slices.Delete(got, i, i+1)
			notes = slices.Delete(notes, i, i+1)
		}
	}
	if len(errs) > 0 && !warned {
		t.Errorf("%s: our errors %v, but readelf -n gave no warning", path, errs)
	}
	if len(errs) == 0 && warned && len(want) > 0 {
		// readelf warns about things outside the notes too (e.g. a
		// relocation it does not know); only a note warning matters, and
		// then our lists differ below.
		t.Logf("%s: readelf -n warned, we did not fail", path)
	}

	// Compare owner and size; then type and data where readelf shows them.
	// readelf decodes the names of annobin's build attribute notes ("GA"
	// and a kind, then binary data); compare those up to the kind.
	strip := func(ts []readelfNoteTable) []readelfNoteTable {
		out := make([]readelfNoteTable, len(ts))
		for i, tb := range ts {
			out[i].Where = tb.Where
			for _, n := range tb.Notes {
				owner := n.Owner
				if len(owner) > 3 && strings.HasPrefix(owner, "GA") && strings.ContainsRune("$*+!", rune(owner[2])) {
					owner = owner[:3]
				}
				out[i].Notes = append(out[i].Notes, readelfNote{Owner: owner, Descsz: n.Descsz})
			}
		}
		return out
	}
	if d := cmp.Diff(strip(want), strip(got)); d != "" {
		t.Errorf("%s: notes (-readelf +elfkit):\n%s", path, d)
		return
	}
	for i, tb := range want {
		for j, w := range tb.Notes {
			n := notes[i][j]
			if msg := noteTypeMismatch(n, w.Type); msg != "" {
				t.Errorf("%s: %s note %d (%s): %s", path, tb.Where, j, n.Name, msg)
			}
			if w.Data != "" && w.Data != hex.EncodeToString(n.Desc) {
				t.Errorf("%s: %s note %d (%s): desc %x, readelf %s", path, tb.Where, j, n.Name, n.Desc, w.Data)
			}
		}
	}

	// Notes walks the same tables, in order.
	var all, flat []Note
	for n, err := range f.Notes() {
		if err == nil {
			all = append(all, n)
		}
	}
	for _, ns := range notes {
		flat = append(flat, ns...)
	}
	if !slices.EqualFunc(all, flat, func(a, b Note) bool { return a.Off == b.Off && a.Name == b.Name && bytes.Equal(a.Desc, b.Desc) }) {
		t.Errorf("%s: Notes gives %d notes, the tables %d", path, len(all), len(flat))
	}

	// BuildID is the first GNU build ID readelf shows.
	var wantID string
	for _, tb := range want {
		for _, n := range tb.Notes {
			if wantID == "" && n.Owner == "GNU" && strings.HasPrefix(n.Type, "NT_GNU_BUILD_ID") {
				wantID = n.Data
			}
		}
	}
	id, err := f.BuildID()
	switch {
	case wantID == "" && err == nil:
		t.Errorf("%s: BuildID %x, readelf shows none", path, id)
	case wantID == "" && !errors.Is(err, elf.ErrNotFound) && len(errs) == 0:
		t.Errorf("%s: BuildID: %v, want ErrNotFound", path, err)
	case wantID != "" && hex.EncodeToString(id) != wantID:
		t.Errorf("%s: BuildID %x (%v), readelf %s", path, id, err, wantID)
	}
}

// noteTestClassFile reports whether path is an ELF file of this package's class.
func noteTestClassFile(path string) bool {
	fd, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fd.Close()
	var id [elf.EI_NIDENT]byte
	if _, err := io.ReadFull(fd, id[:]); err != nil {
		return false
	}
	i, err := elf.ParseIdent(id[:])
	return err == nil && i.Class == Class
}

// noteTestCore unpacks the Go distribution's x86-64 core dump, for the notes of
// an ET_CORE file, or returns "".
func noteTestCore(t *testing.T) string {
	gz := filepath.Join(runtime.GOROOT(), "src", "debug", "elf", "testdata", "hello-world-core.gz")
	fd, err := os.Open(gz)
	if err != nil {
		return ""
	}
	defer fd.Close()
	zr, err := gzip.NewReader(fd)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "core")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestNotesReadelf compares the notes of every corpus file of this class,
// the Go distribution's core dump, Go programs and C objects, with
// readelf -n -W: which tables, and per note the owner, the descriptor size,
// the type (where readelf's text names it), the build ID and the data that
// readelf dumps in hex.
func TestNotesReadelf(t *testing.T) {
	if !testfiles.HaveTool("readelf") {
		t.Skip("readelf not installed")
	}
	paths := slices.DeleteFunc(testfiles.Corpus(t, 0), func(p string) bool { return !noteTestClassFile(p) })
	if p := noteTestCore(t); p != "" && noteTestClassFile(p) {
		paths = append(paths, p)
	}
	for _, goarch := range notesGoArches() {
		paths = append(paths, testfiles.GoBinary(t, goarch))
	}
	for _, p := range paths {
		checkNotesReadelf(t, p)
	}
	t.Logf("%d files", len(paths))
}

// notesAsm adds two note sections to a C program: one aligned to 8 whose
// names and descriptors end off an 8-byte boundary (so 4- and 8-byte
// padding read it differently), and one aligned to 4 with the same shape.
const notesAsm = `
__asm__(
	".section .note.elfkit.align8,\"a\",%note\n"
	".balign 8\n"
	".long 5, 3, 0x1234\n"
	".asciz \"ABCD\"\n"
	".balign 8\n"
	".byte 1, 2, 3\n"
	".balign 8\n"
	".long 6, 9, 0x99\n"
	".asciz \"XYZWV\"\n"
	".balign 8\n"
	".byte 1, 2, 3, 4, 5, 6, 7, 8, 9\n"
	".balign 8\n"
	".section .note.elfkit.align4,\"a\",%note\n"
	".balign 4\n"
	".long 5, 3, 0x1234\n"
	".asciz \"ABCD\"\n"
	".balign 4\n"
	".byte 1, 2, 3\n"
	".balign 4\n"
	".long 0, 2, 7\n"
	".byte 9, 8\n"
	".balign 4\n"
	".text\n");
`

// TestNotesCross compares with readelf the notes of C programs built for
// machines of this class (both byte orders), with notes aligned to 4 and
// to 8, in an object, in an executable and in the executable without
// section headers (notes from PT_NOTE).
func TestNotesCross(t *testing.T) {
	if !testfiles.HaveTool("readelf") {
		t.Skip("readelf not installed")
	}
	for _, triple := range notesCrossTriples() {
		t.Run(triple, func(t *testing.T) {
			src := notesHelloC(t) + notesAsm
			exe := testfiles.CrossObject(t, triple, src, "-Wl,--build-id")
			checkNotesReadelf(t, exe)
			checkNotesAligned8(t, exe)
			obj := testfiles.CrossObject(t, triple, src, "-c")
			checkNotesReadelf(t, obj)
			// Without section headers, the notes come from PT_NOTE.
			stripped := filepath.Join(t.TempDir(), "stripped")
			b, err := os.ReadFile(exe)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(stripped, noteTestDropShdrs(t, b), 0o644); err != nil {
				t.Fatal(err)
			}
			checkNotesReadelf(t, stripped)
			checkNotesAligned8(t, stripped)
		})
	}
}

// checkNotesAligned8 checks that the file has a note table aligned to 8
// holding the notes of notesAsm, so the readelf comparison covered it.
func checkNotesAligned8(t *testing.T, path string) {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for n, err := range f.Notes() {
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if n.Name == "XYZWV" {
			return
		}
	}
	t.Errorf("%s: the 8-aligned note XYZWV is missing", path)
}

// noteTestDropShdrs returns a copy of the ELF file b with e_shoff, e_shnum
// and e_shstrndx zeroed, as sstrip leaves a file.
func noteTestDropShdrs(t *testing.T, b []byte) []byte {
	b = slices.Clone(b)
	f, err := NewFile(b)
	if err != nil {
		t.Fatal(err)
	}
	bo := f.ByteOrder()
	shoff := 40 // e_shoff
	if Class == elf.ELFCLASS32 {
		shoff = 32
		bo.PutUint32(b[shoff:], 0)
	} else {
		bo.PutUint64(b[shoff:], 0)
	}
	bo.PutUint16(b[EhdrSize-4:], 0) // e_shnum
	bo.PutUint16(b[EhdrSize-2:], 0) // e_shstrndx
	return b
}

// notesGoArches lists GOARCH values of this class, little- and big-endian.
func notesGoArches() []string {
	if Class == elf.ELFCLASS64 {
		return []string{"amd64", "s390x"}
	}
	return []string{"386", "mips"}
}

// notesCrossTriples lists gcc triples of this class, little- and
// big-endian ("" is the host compiler).
func notesCrossTriples() []string {
	if Class == elf.ELFCLASS64 {
		return []string{"x86_64-linux-gnu", "aarch64-linux-gnu", "powerpc64-linux-gnu", "s390x-linux-gnu"}
	}
	return []string{"i686-linux-gnu", "arm-linux-gnueabihf", "mips-linux-gnu"}
}

// notesHelloC returns the C source of the module's sample program.
func notesHelloC(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join(testfiles.ModuleRoot(), "testdata", "src", "hello.c"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBuildIDFile compares BuildID with the build ID file(1) prints, for
// the first corpus files that have one.
func TestBuildIDFile(t *testing.T) {
	if !testfiles.HaveTool("file") {
		t.Skip("file not installed")
	}
	re := regexp.MustCompile(`BuildID\[[^\]]*\]=([0-9a-f]+)`)
	checked := 0
	for _, p := range testfiles.Corpus(t, 0) {
		if checked == 30 {
			break
		}
		if !noteTestClassFile(p) {
			continue
		}
		out, err := exec.Command("file", "-b", p).Output()
		if err != nil {
			t.Fatalf("file %s: %v", p, err)
		}
		m := re.FindSubmatch(out)
		if m == nil {
			continue
		}
		f, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		id, err := f.BuildID()
		got := hex.EncodeToString(id)
		f.Close()
		if err != nil || got != string(m[1]) {
			t.Errorf("%s: BuildID %s, %v; file says %s", p, got, err, m[1])
		}
		checked++
	}
	if checked == 0 {
		t.Skip("no file with a build ID in the corpus")
	}
}

// TestGoBuildID compares GoBuildID with `go tool buildid`, on Go programs
// of both byte orders and on Go programs in the corpus.
func TestGoBuildID(t *testing.T) {
	if !testfiles.HaveTool("go") {
		t.Skip("go not installed")
	}
	var files []string
	for _, goarch := range notesGoArches() {
		files = append(files, testfiles.GoBinary(t, goarch))
	}
	goroot := runtime.GOROOT()
	for _, p := range testfiles.Corpus(t, 0) {
		if len(files) == 8 {
			break
		}
		if strings.HasPrefix(p, filepath.Join(goroot, "bin")+"/") || strings.HasPrefix(p, filepath.Join(goroot, "pkg", "tool")+"/") {
			if noteTestClassFile(p) {
				files = append(files, p)
			}
		}
	}
	for _, p := range files {
		out, err := exec.Command("go", "tool", "buildid", p).Output()
		if err != nil {
			t.Fatalf("go tool buildid %s: %v", p, err)
		}
		f, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		id, err := f.GoBuildID()
		if err != nil || id != strings.TrimSpace(string(out)) {
			t.Errorf("%s: GoBuildID %q, %v; go tool buildid %q", p, id, err, strings.TrimSpace(string(out)))
		}
		f.Close()
	}
}

// TestNotesDamaged cuts and corrupts real note tables: the walk never
// panics, ends with an error wrapping elf.ErrTruncated once a note runs
// past the end, and yields the notes before it unchanged.
func TestNotesDamaged(t *testing.T) {
	var tables []NoteTable
	for _, goarch := range notesGoArches() {
		f, err := Open(testfiles.GoBinary(t, goarch))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		for n, err := range f.Notes() {
			if err != nil {
				t.Fatal(err)
			}
			_ = n
		}
		shdrs, err := f.SectionHeaders()
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range shdrs.All() {
			if s.Type() == elf.SHT_NOTE {
				nt, err := f.SectionNotes(s)
				if err != nil {
					t.Fatal(err)
				}
				tables = append(tables, nt)
			}
		}
	}
	if len(tables) == 0 {
		t.Fatal("no note sections")
	}
	for _, nt := range tables {
		var whole []Note
		for n, err := range nt.All() {
			if err != nil {
				t.Fatalf("whole table: %v", err)
			}
			whole = append(whole, n)
		}
		ends := map[int64]bool{int64(nt.Len()): true} // offsets where a note ends
		for _, n := range whole {
			ends[n.Off-nt.off] = true
		}
		for cut := range nt.Len() {
			cutTable, err := NewNoteTable(nt.Data()[:cut], uint64(nt.Align()), nt.big)
			if err != nil {
				t.Fatal(err)
			}
			var got []Note
			var walkErr error
			for n, err := range cutTable.All() {
				if err != nil {
					walkErr = err
					break
				}
				got = append(got, n)
			}
			if len(got) > len(whole) {
				t.Fatalf("cut at %d: %d notes from a table of %d", cut, len(got), len(whole))
			}
			for i, n := range got {
				w := whole[i]
				if n.Name != w.Name || n.Type() != w.Type() || !bytes.Equal(n.Desc, w.Desc) && i < len(got)-1 {
					t.Errorf("cut at %d: note %d differs", cut, i)
				}
			}
			// A cut at a note boundary (or inside the last note's padding)
			// may end cleanly; any other cut must be an error.
			if walkErr == nil && len(got) < len(whole) && !ends[int64(cut)] {
				t.Errorf("cut at %d: %d of %d notes and no error", cut, len(got), len(whole))
			}
			if walkErr != nil {
				var fe *elf.FormatError
				if !errors.As(walkErr, &fe) || !errors.Is(walkErr, elf.ErrTruncated) {
					t.Errorf("cut at %d: error %v, want a FormatError wrapping ErrTruncated", cut, walkErr)
				}
			}
		}
	}
}

// TestNoteTableAlign checks the alignments NewNoteTable accepts, as readelf
// does: 0, 1, 4 read as 4, and 8; others are refused.
func TestNoteTableAlign(t *testing.T) {
	for _, c := range []struct {
		align uint64
		want  int
	}{{0, 4}, {1, 4}, {4, 4}, {8, 8}, {2, 0}, {16, 0}} {
		nt, err := NewNoteTable(nil, c.align, false)
		if c.want == 0 {
			if !errors.Is(err, elf.ErrUnsupported) {
				t.Errorf("align %d: %v, want ErrUnsupported", c.align, err)
			}
			continue
		}
		if err != nil || nt.Align() != c.want {
			t.Errorf("align %d: Align %d, %v; want %d", c.align, nt.Align(), err, c.want)
		}
	}
}

// FuzzNoteTable walks arbitrary bytes as a note table: no panic, every
// note inside the input, a bounded number of steps.
func FuzzNoteTable(f *testing.F) {
	for _, goarch := range notesGoArches() {
		file, err := Open(testfiles.GoBinary(f, goarch))
		if err != nil {
			f.Fatal(err)
		}
		for _, p := range noteTestPhdrs(f, file).All() {
			if p.Type() == elf.PT_NOTE {
				b, err := file.SegmentData(p)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(slices.Clone(b), uint8(p.Align()), file.BigEndian())
			}
		}
		file.Close()
	}
	f.Add([]byte{}, uint8(8), false)
	f.Fuzz(func(t *testing.T, b []byte, align uint8, big bool) {
		nt, err := NewNoteTable(b, uint64(align), big)
		if err != nil {
			return
		}
		steps := 0
		for n, err := range nt.All() {
			steps++
			if steps > len(b)/NhdrSize+1 {
				t.Fatalf("%d steps over %d bytes", steps, len(b))
			}
			if err != nil {
				break
			}
			if n.Off < 0 || n.Off+NhdrSize > int64(len(b)) || len(n.Desc) != int(n.Nhdr.Descsz()) || len(n.Name) > int(n.Nhdr.Namesz()) {
				t.Fatalf("note %+v outside a table of %d bytes", n, len(b))
			}
		}
	})
}

func noteTestPhdrs(tb testing.TB, f *File) Table[Phdr] {
	t, err := f.ProgramHeaders()
	if err != nil {
		tb.Fatal(err)
	}
	return t
}
