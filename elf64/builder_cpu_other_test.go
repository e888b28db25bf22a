//go:build !linux

package elf64

import "time"

// threadCPU is not measured outside Linux.
func threadCPU() time.Duration { return 0 }
