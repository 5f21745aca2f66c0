package rules

import (
	"go/parser"
	"go/token"
	"path"
	"path/filepath"
	"strings"
	"testing"
)

// TestPackageDoc checks that every package says what it is, once: exactly
// one of its files carries a package doc comment, and it begins "Package
// <name> " (for a command, "Command <folder> ").
func TestPackageDoc(t *testing.T) {
	for _, p := range modulePackages(t) {
		want := "Package " + p.name + " "
		if p.name == "main" {
			want = "Command " + path.Base(p.path) + " "
		}
		var documented []string
		fset := token.NewFileSet()
		for _, name := range p.files {
			f, err := parser.ParseFile(fset, filepath.Join(p.dir, name), nil, parser.PackageClauseOnly|parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if f.Doc == nil {
				continue
			}
			documented = append(documented, name)
			if doc := f.Doc.Text(); !strings.HasPrefix(doc, want) {
				t.Errorf("%s/%s: the package doc comment begins %q; begin it %q", p.path, name, firstLine(doc), want)
			}
		}
		switch len(documented) {
		case 0:
			t.Errorf("%s: no package doc comment; write one, beginning %q, above the package clause of one file (doc.go when no file stands for the package)", p.path, want)
		case 1:
		default:
			t.Errorf("%s: package doc comments on %d files %v; keep one", p.path, len(documented), documented)
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
