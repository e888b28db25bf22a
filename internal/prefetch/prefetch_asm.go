//go:build amd64 || arm64

package prefetch

// prefetch hints that *p will be read soon.
//
//go:noescape
func prefetch(p *byte)
