// Command vocabgen writes zvocab.go, the constants and named types of the
// elf package, from two sources only: debug/elf's elf.go in the Go
// distribution that runs it, and the table of additions in extras.go.
//
// Names, values, comments and the String tables come from debug/elf, so
// that the vocabulary stays a drop-in replacement; the additions are what
// debug/elf lacks. Run it through go generate from the module root:
//
//	go generate .
//
// The output depends on nothing else (no map order, no clock, no paths),
// so CI can regenerate and compare with git diff --exit-code.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/printer"
	"go/token"
	"go/types"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
)

func main() {
	log.SetFlags(0)
	log.SetPrefix("vocabgen: ")
	out := flag.String("o", "zvocab.go", "output file")
	src := flag.String("src", "", "debug/elf's elf.go (default: from the Go distribution)")
	flag.Parse()
	if *src == "" {
		*src = filepath.Join(goroot(), "src", "debug", "elf", "elf.go")
	}
	std, err := parseStd(*src)
	if err != nil {
		log.Fatal(err)
	}
	code, err := generate(std)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, code, 0o666); err != nil {
		log.Fatal(err)
	}
}

// goroot asks the go command, as go generate runs with it anyway, and falls
// back to the GOROOT this binary was built with.
func goroot() string {
	if b, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		if s := strings.TrimSpace(string(b)); s != "" {
			return s
		}
	}
	return runtime.GOROOT() //nolint:staticcheck // fallback only
}

// stdConst is one constant of debug/elf.
type stdConst struct {
	name    string
	typ     string // "" when untyped
	expr    string // the value as written in elf.go
	value   constant.Value
	doc     []string // lines of the comment above it
	comment string   // the comment after it, on one line
	gap     bool     // a blank line separates it from the previous one
}

// stdType is one named non-struct type of debug/elf.
type stdType struct {
	name       string
	underlying string
	doc        []string
	table      []entry // the String table, in debug/elf's order
	hasString  bool
	flags      bool // String formats a bit set
}

type entry struct {
	value uint64
	name  string
}

type stdPkg struct {
	types  []*stdType
	byName map[string]*stdType
	blocks [][]*stdConst // const blocks in source order
	consts map[string]*stdConst
}

// parseStd reads elf.go and type-checks its constant, type and variable
// declarations (it needs no imports for those), so that every value is
// known exactly.
func parseStd(path string) (*stdPkg, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	// Methods, so we know which table formats which type and how.
	methods := map[string]struct {
		table string
		flags bool
	}{}
	var decls []ast.Decl
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil || d.Name.Name != "String" || len(d.Body.List) != 1 {
				continue
			}
			ret, ok := d.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 {
				continue
			}
			call, ok := ret.Results[0].(*ast.CallExpr)
			if !ok || len(call.Args) != 3 {
				continue
			}
			fn, _ := call.Fun.(*ast.Ident)
			tab, _ := call.Args[1].(*ast.Ident)
			recv, _ := d.Recv.List[0].Type.(*ast.Ident)
			if fn == nil || tab == nil || recv == nil {
				continue
			}
			switch fn.Name {
			case "stringName", "flagName":
			default:
				return nil, fmt.Errorf("%s.String uses %s, which vocabgen does not know", recv.Name, fn.Name)
			}
			methods[recv.Name] = struct {
				table string
				flags bool
			}{tab.Name, fn.Name == "flagName"}
		case *ast.GenDecl:
			if d.Tok != token.IMPORT {
				decls = append(decls, d)
			}
		}
	}
	checked := &ast.File{Name: f.Name, Decls: decls}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{}
	if _, err := conf.Check("debug/elf", fset, []*ast.File{checked}, info); err != nil {
		return nil, fmt.Errorf("type-checking %s: %v", path, err)
	}

	pkg := &stdPkg{byName: map[string]*stdType{}, consts: map[string]*stdConst{}}
	tables := map[string][]entry{}
	for _, d := range decls {
		d := d.(*ast.GenDecl)
		switch d.Tok {
		case token.TYPE:
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				id, ok := ts.Type.(*ast.Ident)
				if !ok {
					continue // struct types are not vocabulary
				}
				doc := ts.Doc
				if doc == nil {
					doc = d.Doc
				}
				t := &stdType{name: ts.Name.Name, underlying: id.Name, doc: docLines(doc)}
				pkg.types = append(pkg.types, t)
				pkg.byName[t.name] = t
			}
		case token.VAR:
			for _, s := range d.Specs {
				vs := s.(*ast.ValueSpec)
				if len(vs.Names) != 1 || len(vs.Values) != 1 {
					continue
				}
				lit, ok := vs.Values[0].(*ast.CompositeLit)
				if !ok {
					continue
				}
				var tab []entry
				for _, e := range lit.Elts {
					el, ok := e.(*ast.CompositeLit)
					if !ok || len(el.Elts) != 2 {
						return nil, fmt.Errorf("%s: unexpected table element", vs.Names[0].Name)
					}
					v, ok1 := constant.Uint64Val(info.Types[el.Elts[0]].Value)
					n := constant.StringVal(info.Types[el.Elts[1]].Value)
					if !ok1 {
						return nil, fmt.Errorf("%s: value of %s is not a uint64", vs.Names[0].Name, n)
					}
					tab = append(tab, entry{v, n})
				}
				tables[vs.Names[0].Name] = tab
			}
		case token.CONST:
			var block []*stdConst
			prevEnd := 0
			for _, s := range d.Specs {
				vs := s.(*ast.ValueSpec)
				start := vs.Pos()
				if vs.Doc != nil {
					start = vs.Doc.Pos()
				}
				gap := prevEnd != 0 && fset.Position(start).Line > prevEnd+1
				prevEnd = fset.Position(vs.End()).Line
				if vs.Comment != nil {
					prevEnd = fset.Position(vs.Comment.End()).Line
				}
				if len(vs.Names) != 1 || len(vs.Values) != 1 {
					return nil, fmt.Errorf("line %d: vocabgen expects one name and one value per constant", fset.Position(vs.Pos()).Line)
				}
				c := &stdConst{name: vs.Names[0].Name, gap: gap}
				if id, ok := vs.Type.(*ast.Ident); ok {
					c.typ = id.Name
				}
				var buf bytes.Buffer
				if err := printer.Fprint(&buf, fset, vs.Values[0]); err != nil {
					return nil, err
				}
				c.expr = buf.String()
				c.value = info.Defs[vs.Names[0]].(*types.Const).Val()
				c.doc = docLines(vs.Doc)
				if d.Lparen == token.NoPos && c.doc == nil {
					c.doc = docLines(d.Doc)
				}
				c.comment = oneLine(vs.Comment)
				block = append(block, c)
				pkg.consts[c.name] = c
			}
			pkg.blocks = append(pkg.blocks, block)
		}
	}
	for _, t := range pkg.types {
		m, ok := methods[t.name]
		if !ok {
			continue
		}
		tab, ok := tables[m.table]
		if !ok {
			return nil, fmt.Errorf("%s.String uses table %s, which is not in elf.go", t.name, m.table)
		}
		t.table, t.hasString, t.flags = tab, true, m.flags
	}
	return pkg, nil
}

// docLines turns a comment group into the lines of a // comment.
func docLines(g *ast.CommentGroup) []string {
	if g == nil {
		return nil
	}
	text := strings.TrimSpace(g.Text())
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

// oneLine turns a trailing comment (often a multi-line /* */ one in
// elf.go) into the text of a single // comment.
func oneLine(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.Join(strings.Fields(g.Text()), " ")
}
