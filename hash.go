package elf

// GNUHash is the hash function of DT_GNU_HASH sections (the "djb2" hash,
// h*33 + c, starting at 5381), over a symbol name.
func GNUHash[T ~string | ~[]byte](name T) uint32 {
	h := uint32(5381)
	for i := 0; i < len(name); i++ {
		h = h*33 + uint32(name[i])
	}
	return h
}

// SysVHash is the hash function of DT_HASH sections, as in the System V
// ABI, over a symbol name.
func SysVHash[T ~string | ~[]byte](name T) uint32 {
	var h uint32
	for i := 0; i < len(name); i++ {
		h = h<<4 + uint32(name[i])
		g := h & 0xf0000000
		h ^= g >> 24
		h &^= g
	}
	return h
}
