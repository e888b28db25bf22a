package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/elfkit/elf/internal/testfiles"
)

// symGroups are the option groups of symbols.go, dynamic.go, versions.go
// and notes.go, each compared byte for byte with GNU readelf.
var symGroups = [][]string{
	{"-s"}, {"-s", "-W"},
	{"--dyn-syms"}, {"--dyn-syms", "-W"},
	{"-d"}, {"-d", "-W"},
	{"-V"}, {"-V", "-W"},
	{"-n"}, {"-n", "-W"},
}

// symCompare runs every group on every file with both programs, logs the
// match rate per group and returns the number of mismatches (standard
// output or exit status). Up to maxDiffs diffs are reported with report.
func symCompare(t *testing.T, set string, files []string, maxDiffs int, report func(format string, args ...any)) int {
	t.Helper()
	type rate struct{ ok, n int }
	rates := make([]rate, len(symGroups))
	bad, shown := 0, 0
	for _, path := range files {
		for gi, g := range symGroups {
			args := append(append([]string{}, g...), path)
			want, _, wantStatus := hdrGNU(t, args...)
			got, _, gotStatus := hdrOurs(t, args...)
			rates[gi].n++
			if want == got && wantStatus == gotStatus {
				rates[gi].ok++
				continue
			}
			bad++
			if shown < maxDiffs {
				shown++
				d := cmp.Diff(want, got)
				if len(d) > 3000 {
					d = d[:3000] + "\n..."
				}
				report("readelf %s: exit status GNU %d, ours %d; stdout (-GNU +ours):\n%s", strings.Join(args, " "), wantStatus, gotStatus, d)
			}
		}
	}
	for gi, g := range symGroups {
		r := rates[gi]
		pct := 100.0
		if r.n > 0 {
			pct = 100 * float64(r.ok) / float64(r.n)
		}
		t.Logf("%s: readelf %-13s %4d/%-4d files identical (%.1f%%)", set, strings.Join(g, " "), r.ok, r.n, pct)
	}
	return bad
}

// TestSymbolGroupsTestdata compares -s, --dyn-syms, -d, -V and -n, narrow
// and wide, on every committed sample (every machine, class and byte
// order, files without section headers): all must be identical to GNU
// readelf.
func TestSymbolGroupsTestdata(t *testing.T) {
	hdrNeedReadelf(t)
	symCompare(t, "testdata", hdrTestdata(t), 20, t.Errorf)
}

// TestSymbolGroupsBuilt compares the groups on the varied set built by
// hdrBuilt (Go binaries for many GOARCH, cross-compiled C objects, shared
// objects and PIEs, static and RELR executables, C++ COMDAT objects, the
// core dump, debug/elf's samples, an object with extended section
// numbering). Differences are logged: which files can be built depends on
// the installed compilers.
func TestSymbolGroupsBuilt(t *testing.T) {
	hdrNeedReadelf(t)
	files := hdrBuilt(t)
	t.Logf("built set: %d files", len(files))
	symCompare(t, "built", files, 20, t.Logf)
}

// TestSymbolGroupsCorpus compares the groups on the machine's ELF files
// (testfiles.Corpus; ELFKIT_CORPUS_MAX bounds it). Differences are logged,
// not failed: the corpus depends on the machine.
func TestSymbolGroupsCorpus(t *testing.T) {
	hdrNeedReadelf(t)
	n := 300
	if testing.Short() {
		n = 40
	}
	files := testfiles.Corpus(t, n)
	symCompare(t, "corpus", files, 10, t.Logf)
}

// TestSymbolGroupsCorrupt runs the groups on damaged copies of the
// committed samples (bytes overwritten at random in the first pages or
// anywhere, files cut short): the program must never panic, and the match
// rate with GNU readelf (standard output and exit status) is logged.
func TestSymbolGroupsCorrupt(t *testing.T) {
	files := hdrTestdata(t)
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(8, 8))
	n := 12
	if testing.Short() {
		n = 4
	}
	var damaged []string
	for _, path := range files {
		orig, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := range n {
			b := append([]byte(nil), orig...)
			switch i % 4 {
			case 0:
				b = b[:rng.IntN(len(b))]
			default:
				for range 1 + rng.IntN(16) {
					off := rng.IntN(len(b))
					if i%4 == 1 {
						off = 16 + rng.IntN(min(len(b)-16, 4096))
					}
					b[off] = byte(rng.Uint32())
				}
			}
			p := filepath.Join(dir, fmt.Sprintf("%s.%d", filepath.Base(path), i))
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			damaged = append(damaged, p)
		}
	}
	if testfiles.HaveTool("readelf") {
		symCompare(t, "corrupt", damaged, 5, t.Logf)
		return
	}
	for _, p := range damaged {
		for _, g := range symGroups {
			hdrOurs(t, append(g, p)...)
		}
	}
}
