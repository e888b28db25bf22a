//go:build !linux

package vdso

import "fmt"

// Load returns this process's vDSO image. Only Linux has one: elsewhere the
// error wraps ErrNoVDSO.
func Load() (*Image, error) {
	return nil, fmt.Errorf("%w: not Linux", ErrNoVDSO)
}
