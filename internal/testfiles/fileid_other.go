//go:build !unix

package testfiles

import "io/fs"

func idOf(path string, _ fs.FileInfo) fileID { return pathID(path) }
