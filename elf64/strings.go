package elf64

import "bytes"

func indexNUL(b []byte) int { return bytes.IndexByte(b, 0) }
