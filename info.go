package elf

// The st_info, st_other and r_info packings, with debug/elf's names.

// ST_BIND returns the binding held in the high four bits of st_info.
func ST_BIND(info uint8) SymBind { return SymBind(info >> 4) }

// ST_TYPE returns the type held in the low four bits of st_info.
func ST_TYPE(info uint8) SymType { return SymType(info & 0xf) }

// ST_INFO packs a binding and a type into st_info.
func ST_INFO(bind SymBind, typ SymType) uint8 {
	return uint8(bind)<<4 | uint8(typ)&0xf
}

// ST_VISIBILITY returns the visibility held in the low two bits of st_other.
func ST_VISIBILITY(other uint8) SymVis { return SymVis(other & 3) }

// R_SYM32 returns the symbol index of an ELF32 r_info.
func R_SYM32(info uint32) uint32 { return info >> 8 }

// R_TYPE32 returns the relocation type of an ELF32 r_info.
func R_TYPE32(info uint32) uint32 { return info & 0xff }

// R_INFO32 packs a symbol index and a relocation type into an ELF32 r_info.
func R_INFO32(sym, typ uint32) uint32 { return sym<<8 | typ }

// R_SYM64 returns the symbol index of an ELF64 r_info.
func R_SYM64(info uint64) uint32 { return uint32(info >> 32) }

// R_TYPE64 returns the relocation type of an ELF64 r_info.
func R_TYPE64(info uint64) uint32 { return uint32(info) }

// R_INFO packs a symbol index and a relocation type into an ELF64 r_info.
func R_INFO(sym, typ uint32) uint64 { return uint64(sym)<<32 | uint64(typ) }
