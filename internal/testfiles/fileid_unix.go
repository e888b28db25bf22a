//go:build unix

package testfiles

import (
	"io/fs"
	"syscall"
)

func idOf(path string, fi fs.FileInfo) fileID {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		// The conversions are needed: Dev and Ino have other types on other OSes.
		return fileID{dev: uint64(st.Dev), ino: uint64(st.Ino)}
	}
	return pathID(path)
}
