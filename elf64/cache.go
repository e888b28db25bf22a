package elf64

import "sync"

// fileCache holds what a File finds by walking its headers, found once: the
// program header table, the dynamic table, the string table DT_STRTAB
// names and the dynamic symbol table.
// Everything else that reads dynamic entries starts from these, so asking
// a File for its versions, hash tables and symbols walks the headers once.
// They are views, like everything a File returns; a File over bytes that
// change (the Editor's) does not use its cache.
type fileCache struct {
	phdrs  once[Table[Phdr]]
	dyn    once[Table[Dyn]]
	dynstr once[StringTable]
	dynsym once[Symbols]
}

// once is the value and error of a function run once.
type once[T any] struct {
	once sync.Once
	v    T
	err  error
}

func (o *once[T]) get(f *File, fn func(*File) (T, error)) (T, error) {
	o.once.Do(func() { o.v, o.err = fn(f) })
	return o.v, o.err
}
