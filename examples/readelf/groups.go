package main

import (
	"fmt"
	"io"

	"github.com/elfkit/elf"
)

func init() {
	printers[groupSectionGroups] = printSectionGroups
}

// printSectionGroups prints -g, as GNU readelf's process_section_groups.
func printSectionGroups(w io.Writer, f *file, o *options) error {
	if f.shnum == 0 {
		fmt.Fprintf(w, "\nThere are no section groups in this file.\n")
		return nil
	}
	if f.sections == nil {
		f.errorf("Section headers are not available!")
		return nil
	}
	n := 0
	for i := range f.sections {
		if f.sections[i].Type == uint64(elf.SHT_GROUP) {
			n++
		}
	}
	if n == 0 {
		fmt.Fprintf(w, "\nThere are no section groups in this file.\n")
		return nil
	}
	symSize := uint64(16)
	if f.is64 {
		symSize = 24
	}
	inGroup := make(map[uint64]int) // section index -> group section index
	warnedZero := false
	nOver, nAlready := 0, 0
	for i := range f.sections {
		s := &f.sections[i]
		if s.Type != uint64(elf.SHT_GROUP) {
			continue
		}
		name := f.printableSectionName(i)
		if s.Link >= uint64(len(f.sections)) || f.sections[s.Link].Type != uint64(elf.SHT_SYMTAB) {
			f.errorf("Bad sh_link in group section `%s'", name)
			continue
		}
		symtab := &f.sections[s.Link]
		symData, ok := f.sectionData(symtab)
		if !ok || symtab.Entsize != symSize || symtab.Size == 0 {
			f.errorf("Corrupt header in group section `%s'", name)
			continue
		}
		nsyms := uint64(len(symData)) / symSize
		if s.Info >= nsyms {
			f.errorf("Bad sh_info in group section `%s'", name)
			continue
		}
		sym := symData[s.Info*symSize:]
		var stName uint64
		var stInfo byte
		var stShndx uint64
		if f.is64 {
			stName, stInfo, stShndx = uint64(f.order.Uint32(sym)), sym[4], uint64(f.order.Uint16(sym[6:]))
		} else {
			stName, stInfo, stShndx = uint64(f.order.Uint32(sym)), sym[12], uint64(f.order.Uint16(sym[14:]))
		}
		var groupName string
		if stInfo&0xf == uint8(elf.STT_SECTION) {
			if stShndx == 0 || stShndx >= uint64(len(f.sections)) {
				f.errorf("Bad sh_info in group section `%s'", name)
				continue
			}
			groupName = f.secName(int(stShndx))
		} else {
			groupName = "<corrupt>"
			if symtab.Link < uint64(len(f.sections)) {
				st := &f.sections[symtab.Link]
				if tab, ok := f.bytesAt(st.Offset, st.Size); ok && stName < uint64(len(tab)) {
					b := tab[stName:]
					k := 0
					for k < len(b) && b[k] != 0 {
						k++
					}
					groupName = string(b[:k])
				}
			}
		}
		if s.Entsize > s.Size {
			f.errorf("Section %s has sh_entsize (%#x) which is larger than its size (%#x)", name, s.Entsize, s.Size)
			continue
		}
		data, ok := f.bytesAt(s.Offset, s.Size)
		if !ok {
			f.errorf("Reading %d bytes extends past end of file for section data", s.Size)
			continue
		}
		if s.Entsize == 0 || len(data) < 4 {
			f.errorf("Section %s has an invalid sh_entsize of %#x", name, s.Entsize)
			continue
		}
		size := uint32(s.Size/s.Entsize) - 1
		flags := f.order.Uint32(data)
		fmt.Fprintf(w, "\n%sgroup section [%5d] `%s' [%s] contains %d sections:\n", groupFlags(flags), i, name, groupName, size)
		fmt.Fprintf(w, "   [Index]    Name\n")
		for j := uint32(0); j < size; j++ {
			off := 4 + 4*uint64(j)
			if off+4 > uint64(len(data)) {
				break
			}
			e := uint64(f.order.Uint32(data[off:]))
			if e >= uint64(len(f.sections)) {
				if nOver++; nOver <= 10 {
					f.errorf("section [%5d] in group section [%5d] > maximum section [%5d]", e, i, len(f.sections)-1)
				}
				continue
			}
			if g, ok := inGroup[e]; ok {
				if e != 0 {
					if nAlready++; nAlready <= 10 {
						f.errorf("section [%5d] in group section [%5d] already in group section [%5d]", e, i, g)
					}
					continue
				}
				if !warnedZero {
					f.errorf("section 0 in group section [%5d]", g)
					warnedZero = true
				}
			}
			inGroup[e] = i
			fmt.Fprintf(w, "   [%5d]   %s\n", e, f.printableSectionName(int(e)))
		}
	}
	return nil
}

// groupFlags is GNU readelf's get_group_flags.
func groupFlags(fl uint32) string {
	switch fl {
	case 0:
		return ""
	case 1:
		return "COMDAT "
	}
	s := fmt.Sprintf("[0x%x: ", fl)
	if fl&0x0ff00000 != 0 {
		s += "<OS specific>"
	}
	if fl&0xf0000000 != 0 {
		s += "<PROC specific>"
	}
	if fl&^(1|0x0ff00000|0xf0000000) != 0 {
		s += "<unknown>"
	}
	return s + "]"
}
