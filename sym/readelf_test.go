package sym_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf/internal/testfiles"
)

// readelfRow matches a row of readelf's symbol table: number, value, size,
// type and binding (group 2), visibility with the machine's st_other note,
// section index (group 3: "UND", "ABS", a number, "bad section index[ 15]",
// "OS [0xff20]"), and the name with its version (group 4).
var readelfRow = regexp.MustCompile(`^\s*(\d+): [0-9a-f]+\s+(?:\d+|0x[0-9a-f]+)\s+(.+?)\s+(?:DEFAULT|HIDDEN|PROTECTED|INTERNAL)(?:\s+\[[^\]]*\])?\s+(bad section index\[\s*\d+\]|[A-Z]+\s*\[0x[0-9a-f]+\]|\S+) ?(.*)$`)

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
		m := readelfRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		i, err := strconv.Atoi(m[1])
		if err != nil {
			continue
		}
		if i != len(rows) {
			tb.Fatalf("readelf %s: row %d after %d rows", path, i, len(rows))
		}
		// Type and binding may be spelled "<OS specific>: 10".
		tf := strings.Fields(m[2])
		r := readelfSym{typ: tf[0], bind: tf[len(tf)-1], ndx: m[3], name: m[4]}
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
