//go:build !amd64 && !arm64

package prefetch

// prefetch does nothing where no hint instruction is wired up.
func prefetch(p *byte) {}
