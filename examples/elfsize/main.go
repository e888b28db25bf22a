// Command elfsize shows where the bytes of an ELF file go, in the spirit
// of bloaty: by segment, by section and by symbol, with the size each takes
// in the file and in memory (VM size), largest first. Given two files it
// shows what grew and what shrank between them.
//
// Usage:
//
//	elfsize [-n N] [-sort file|vm] [-d segments,sections,symbols] file
//	elfsize [-n N] [-sort file|vm] [-d ...] old new
//
// It reads files of either class and byte order, for any machine. The
// section view accounts for every byte of the file: besides the sections
// it has rows for the ELF header, the program and section header tables,
// and the padding between them. Sections and symbols of the same name are
// summed. The symbol view lists defined symbols with a size from .symtab,
// or from .dynsym when there is no .symtab; -n bounds how many are shown
// (the rest are summed in one row).
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/dustin/go-humanize"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is the parsed command line.
type config struct {
	top    int    // -n
	byVM   bool   // -sort vm
	views  string // -d
	files  []string
	stdout io.Writer
}

// run is the whole program; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("elfsize", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := config{stdout: stdout}
	fs.IntVar(&c.top, "n", 20, "show the top `N` symbols (0: all)")
	sortBy := fs.String("sort", "file", "sort by `file` size or by vm size")
	fs.StringVar(&c.views, "d", "segments,sections,symbols", "the `views` to show, comma-separated")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: elfsize [-n N] [-sort file|vm] [-d segments,sections,symbols] file [newfile]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	c.files = fs.Args()
	if len(c.files) < 1 || len(c.files) > 2 || (*sortBy != "file" && *sortBy != "vm") || c.top < 0 {
		fs.Usage()
		return 2
	}
	c.byVM = *sortBy == "vm"
	for _, v := range strings.Split(c.views, ",") {
		if v != "segments" && v != "sections" && v != "symbols" {
			fmt.Fprintf(stderr, "elfsize: unknown view %q\n", v)
			return 2
		}
	}
	var profiles []*profile
	for _, path := range c.files {
		p, err := load(path)
		if err != nil {
			fmt.Fprintf(stderr, "elfsize: %v\n", err)
			return 1
		}
		profiles = append(profiles, p)
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if len(profiles) == 1 {
		c.show(w, profiles[0])
	} else {
		c.diff(w, profiles[0], profiles[1])
	}
	return 0
}

// wants reports whether view v was asked for.
func (c *config) wants(v string) bool {
	for _, s := range strings.Split(c.views, ",") {
		if s == v {
			return true
		}
	}
	return false
}

// size formats a byte count for people: "1.2 KiB", or "0".
func size(n uint64) string {
	if n == 0 {
		return "0"
	}
	return humanize.IBytes(n)
}

// percent returns 100*n/total, 0 for an empty total.
func percent(n, total uint64) float64 {
	if total == 0 {
		return 0
	}
	return 100 * float64(n) / float64(total)
}

// show prints the views of one file.
func (c *config) show(w io.Writer, p *profile) {
	fmt.Fprintf(w, "%s: %s, %s (%s bytes)\n", p.Path, p.Desc, size(p.Size), humanize.Comma(int64(p.Size)))
	views := []struct {
		name  string
		title string
		rows  []row
		top   int
	}{
		{"segments", "SEGMENT", p.Segments, 0},
		{"sections", "SECTION", p.Sections, 0},
		{"symbols", "SYMBOL", p.Symbols, c.top},
	}
	for _, v := range views {
		if !c.wants(v.name) {
			continue
		}
		rows := append([]row(nil), v.rows...)
		c.sortRows(rows)
		var total row
		for _, r := range rows {
			total.File += r.File
			total.VM += r.VM
		}
		if v.top > 0 && len(rows) > v.top {
			var rest row
			for _, r := range rows[v.top:] {
				rest.File += r.File
				rest.VM += r.VM
			}
			rest.Name = fmt.Sprintf("[%d others]", len(rows)-v.top)
			rows = append(rows[:v.top:v.top], rest)
		}
		fmt.Fprintf(w, "\n%20s  %20s  %s\n", "FILE SIZE", "VM SIZE", v.title)
		fmt.Fprintf(w, "%20s  %20s  %s\n", "--------------", "--------------", strings.Repeat("-", len(v.title)))
		for _, r := range rows {
			fmt.Fprintf(w, "%10s %7.1f%%  %10s %7.1f%%  %s\n", size(r.File), percent(r.File, total.File), size(r.VM), percent(r.VM, total.VM), r.Name)
		}
		fmt.Fprintf(w, "%10s %7.1f%%  %10s %7.1f%%  %s\n", size(total.File), percent(total.File, total.File), size(total.VM), percent(total.VM, total.VM), "TOTAL")
	}
}

// sortRows sorts by the chosen size, largest first, then by the other
// size, then by name.
func (c *config) sortRows(rows []row) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		ka, kb, la, lb := a.File, b.File, a.VM, b.VM
		if c.byVM {
			ka, kb, la, lb = la, lb, ka, kb
		}
		if ka != kb {
			return ka > kb
		}
		if la != lb {
			return la > lb
		}
		return a.Name < b.Name
	})
}

// delta is one changed row of a diff.
type delta struct {
	Name           string
	Old, New       row
	DFile, DVM     int64
	added, removed bool
}

// diffRows returns the rows that differ between old and new, biggest
// change first.
func (c *config) diffRows(old, new []row) []delta {
	m := map[string]*delta{}
	for _, r := range old {
		m[r.Name] = &delta{Name: r.Name, Old: r, removed: true}
	}
	for _, r := range new {
		d := m[r.Name]
		if d == nil {
			d = &delta{Name: r.Name, added: true}
			m[r.Name] = d
		}
		d.New, d.removed = r, false
	}
	var out []delta
	for _, d := range m {
		d.DFile = int64(d.New.File) - int64(d.Old.File)
		d.DVM = int64(d.New.VM) - int64(d.Old.VM)
		if d.DFile != 0 || d.DVM != 0 {
			out = append(out, *d)
		}
	}
	abs := func(v int64) int64 { return max(v, -v) }
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		ka, kb, la, lb := abs(a.DFile), abs(b.DFile), abs(a.DVM), abs(b.DVM)
		if c.byVM {
			ka, kb, la, lb = la, lb, ka, kb
		}
		if ka != kb {
			return ka > kb
		}
		if la != lb {
			return la > lb
		}
		return a.Name < b.Name
	})
	return out
}

// signed formats a size change: "+1.2 KiB", "-300 B", "0".
func signed(d int64) string {
	switch {
	case d > 0:
		return "+" + humanize.IBytes(uint64(d))
	case d < 0:
		return "-" + humanize.IBytes(uint64(-d))
	}
	return "0"
}

// change formats a change relative to the old size.
func change(old uint64, d int64, added, removed bool) string {
	switch {
	case d == 0:
		return ""
	case added || old == 0:
		return "[NEW]"
	case removed:
		return "[DEL]"
	}
	return fmt.Sprintf("%+.1f%%", 100*float64(d)/float64(old))
}

// diff prints what changed from old to new.
func (c *config) diff(w io.Writer, old, new *profile) {
	fmt.Fprintf(w, "%s: %s, %s\n", old.Path, old.Desc, size(old.Size))
	fmt.Fprintf(w, "%s: %s, %s\n", new.Path, new.Desc, size(new.Size))
	views := []struct {
		name     string
		title    string
		old, new []row
		top      int
	}{
		{"segments", "SEGMENT", old.Segments, new.Segments, 0},
		{"sections", "SECTION", old.Sections, new.Sections, 0},
		{"symbols", "SYMBOL", old.Symbols, new.Symbols, c.top},
	}
	for _, v := range views {
		if !c.wants(v.name) {
			continue
		}
		ds := c.diffRows(v.old, v.new)
		var tf, tv int64
		var of, ov uint64
		for _, r := range v.old {
			of += r.File
			ov += r.VM
		}
		for _, d := range ds {
			tf += d.DFile
			tv += d.DVM
		}
		shown := ds
		if v.top > 0 && len(ds) > v.top {
			shown = ds[:v.top]
		}
		fmt.Fprintf(w, "\n%20s  %20s  %s\n", "FILE SIZE", "VM SIZE", v.title)
		fmt.Fprintf(w, "%20s  %20s  %s\n", "--------------", "--------------", strings.Repeat("-", len(v.title)))
		if len(ds) == 0 {
			fmt.Fprintf(w, "%20s  %20s  %s\n", "", "", "(no change)")
			continue
		}
		for _, d := range shown {
			fmt.Fprintf(w, "%10s %8s  %10s %8s  %s\n", signed(d.DFile), change(d.Old.File, d.DFile, d.added, d.removed), signed(d.DVM), change(d.Old.VM, d.DVM, d.added, d.removed), d.Name)
		}
		if len(shown) < len(ds) {
			var rf, rv int64
			for _, d := range ds[len(shown):] {
				rf += d.DFile
				rv += d.DVM
			}
			fmt.Fprintf(w, "%10s %8s  %10s %8s  [%d others]\n", signed(rf), "", signed(rv), "", len(ds)-len(shown))
		}
		fmt.Fprintf(w, "%10s %8s  %10s %8s  TOTAL\n", signed(tf), change(of, tf, false, false), signed(tv), change(ov, tv, false, false))
	}
}
