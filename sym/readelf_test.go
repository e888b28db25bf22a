package sym_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf/internal/testfiles"
)

// readelfSym is one row of readelf --dyn-syms -W.
type readelfSym struct {
	typ, bind, ndx string
	name           string // with readelf's version suffix
}

// readelfDynSyms runs readelf --dyn-syms -W on path and returns the rows of
// its first symbol table by index; nil when readelf lists none. For a file
// without section headers it asks for the table of the dynamic segment
// (readelf -s -D).
func readelfDynSyms(tb testing.TB, path string) []readelfSym {
	tb.Helper()
	rows := runReadelf(tb, path, "--dyn-syms", "-W")
	if len(rows) == 0 {
		rows = runReadelf(tb, path, "-s", "-D", "-W")
	}
	return rows
}

func runReadelf(tb testing.TB, path string, args ...string) []readelfSym {
	tb.Helper()
	if !testfiles.HaveTool("readelf") {
		tb.Skip("readelf not installed")
	}
	out, err := exec.Command("readelf", append(args, path)...).Output()
	if err != nil {
		tb.Fatalf("readelf %v %s: %v", args, path, err)
	}
	var rows []readelfSym
	tables := 0
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "Symbol table ") {
			if tables++; tables > 1 {
				break
			}
			continue
		}
		f := strings.Fields(line)
		if len(f) < 7 || !strings.HasSuffix(f[0], ":") {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSuffix(f[0], ":"))
		if err != nil {
			continue
		}
		if i != len(rows) {
			tb.Fatalf("readelf %s: row %d after %d rows", path, i, len(rows))
		}
		// Num: Value Size Type Bind Vis Ndx Name; Name may be missing
		// (the null symbol) and may hold " (2)" after a required version.
		r := readelfSym{typ: f[3], bind: f[4], ndx: f[6]}
		rest := f[7:]
		if f[6] == "bad" { // "bad section index[ 15]" in place of Ndx
			for len(rest) > 0 && !strings.HasSuffix(rest[0], "]") {
				rest = rest[1:]
			}
			if len(rest) > 0 {
				rest = rest[1:]
			}
		}
		r.name = strings.Join(rest, " ")
		rows = append(rows, r)
	}
	return rows
}

// TestVersionsReadelf compares every dynamic symbol's name and version
// suffix with readelf --dyn-syms -W, on every file of the corpus.
func TestVersionsReadelf(t *testing.T) {
	files := testfiles.Corpus(t, 300)
	checked, versioned := 0, 0
	for _, path := range files {
		tb, c, err := openTables(path)
		if err != nil || tb.dynErr != nil {
			if c != nil {
				c.Close()
			}
			continue
		}
		rows := readelfDynSyms(t, path)
		var want, got []string
		corrupt := false
		for i, s := range tb.dyn.All() {
			got = append(got, strings.Clone(s.String())) // the file is closed below
			if s.Version.Name != "" {
				versioned++
			}
			if i < len(rows) {
				r := rows[i]
				if r.typ == "SECTION" && s.Name == "" {
					r.name = "" // readelf prints the section's name for a nameless section symbol
				}
				want = append(want, r.name)
				corrupt = corrupt || strings.Contains(r.name, "<corrupt>")
			}
		}
		for _, r := range rows[min(len(rows), len(got)):] {
			want = append(want, r.name)
		}
		c.Close()
		if corrupt {
			t.Logf("%s: readelf reports corrupt versions; not compared", path)
			continue
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s: names with versions (-readelf +sym):\n%s", path, d)
		}
		checked++
	}
	t.Logf("compared %d files, %d versioned symbols", checked, versioned)
	if checked == 0 {
		t.Fatal("no file with dynamic symbols in the corpus")
	}
}

// Example of the readelf rows, for the error messages of other tests.
func (r readelfSym) String() string { return fmt.Sprintf("%s %s %s %s", r.typ, r.bind, r.ndx, r.name) }
