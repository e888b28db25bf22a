package main

import (
	"fmt"
	"io"

	"github.com/elfkit/elf"
)

func init() {
	printers[groupSectionGroups] = printSectionGroups
	printers[groupUnwind] = printUnwind
	printers[groupHistogram] = printHistogram
	printers[groupArchSpecific] = printArchSpecific
}

// printArchSpecific prints -A as GNU readelf's process_arch_specific for
// RISC-V (the .riscv.attributes section) and for the machines whose
// information lives in SHT_GNU_ATTRIBUTES sections when there are none.
// The ARM, MIPS, PowerPC, s390, SPARC, C6000, C-SKY, ARC, MSP430 and NDS32
// decoders are not implemented.
func printArchSpecific(w io.Writer, f *file, o *options) error {
	if f.sections == nil {
		return nil
	}
	switch f.hdr.Machine {
	case 243: // EM_RISCV
		f.attributes(w, "riscv", 0x70000003)
	}
	return nil
}

// uleb reads an unsigned LEB128 number from b, as GNU's READ_ULEB: at
// most the bytes before end; it returns the value and the bytes read.
func uleb(b []byte) (uint64, int) {
	var v uint64
	var shift uint
	for i, c := range b {
		if shift < 64 {
			v |= uint64(c&0x7f) << shift
		}
		shift += 7
		if c&0x80 == 0 {
			return v, i + 1
		}
	}
	return v, len(b)
}

// attributes is GNU readelf's process_attributes with the RISC-V public
// attribute printer (display_riscv_attribute) and no GNU one.
func (f *file) attributes(w io.Writer, public string, typ uint64) {
	for i := range f.sections {
		sect := &f.sections[i]
		if sect.Type != typ && sect.Type != 0x6ffffff5 { // SHT_GNU_ATTRIBUTES
			continue
		}
		contents, ok := f.bytesAt(sect.Offset, sect.Size)
		if !ok {
			f.errorf("Reading %d bytes extends past end of file for attributes", sect.Size)
			continue
		}
		if len(contents) == 0 {
			continue
		}
		if contents[0] != 'A' {
			fmt.Fprintf(w, "Unknown attributes version '%c'(%d) - expecting 'A'\n", contents[0], contents[0])
			continue
		}
		p := contents[1:]
		sectionLen := uint64(len(contents)) - 1
		for sectionLen > 0 {
			if sectionLen <= 4 || len(p) < 4 {
				f.errorf("Tag section ends prematurely")
				break
			}
			attrLen := uint64(f.order.Uint32(p))
			p = p[4:]
			if attrLen > sectionLen {
				f.errorf("Bad attribute length (%d > %d)", attrLen, sectionLen)
				attrLen = sectionLen
			} else if attrLen < 5 {
				f.errorf("Attribute length of %d is too small", attrLen)
				break
			}
			sectionLen -= attrLen
			attrLen -= 4
			nameLen := uint64(0)
			for nameLen < attrLen && nameLen < uint64(len(p)) && p[nameLen] != 0 {
				nameLen++
			}
			nameLen++
			if nameLen >= attrLen || nameLen > uint64(len(p)) {
				f.errorf("Corrupt attribute section name")
				break
			}
			name := string(p[:nameLen-1])
			fmt.Fprintf(w, "Attribute Section: ")
			printSymbol(w, 1<<30, false, name, true)
			fmt.Fprintf(w, "\n")
			publicSection := name == public
			p = p[nameLen:]
			attrLen -= nameLen
			for attrLen > 0 && len(p) > 0 {
				if attrLen < 6 || len(p) < 5 {
					f.errorf("Unused bytes at end of section")
					sectionLen = 0
					break
				}
				tag := p[0]
				size := uint64(f.order.Uint32(p[1:]))
				if size > attrLen {
					f.errorf("Bad subsection length (%d > %d)", size, attrLen)
					size = attrLen
				}
				if size < 6 {
					f.errorf("Bad subsection length (%d < 6)", size)
					sectionLen = 0
					break
				}
				if size > uint64(len(p)) {
					size = uint64(len(p))
				}
				attrLen -= size
				sub := p[5:size] // the attributes, after tag and size
				p = p[size:]
				switch tag {
				case 1:
					fmt.Fprintf(w, "File Attributes\n")
				case 2, 3:
					if tag == 2 {
						fmt.Fprintf(w, "Section Attributes:")
					} else {
						fmt.Fprintf(w, "Symbol Attributes:")
					}
					for len(sub) > 0 {
						v, n := uleb(sub)
						sub = sub[n:]
						if v == 0 {
							break
						}
						fmt.Fprintf(w, " %d", int32(v))
					}
					fmt.Fprintf(w, "\n")
				default:
					fmt.Fprintf(w, "Unknown tag: %d\n", tag)
					publicSection = false
				}
				if publicSection && typ == 0x70000003 && f.hdr.Machine == 243 {
					for len(sub) > 0 {
						sub = riscvAttribute(w, sub)
					}
				} else if len(sub) > 0 {
					fmt.Fprintf(w, "  Unknown attribute:\n")
					rawAttribute(w, sub)
				} else {
					attrLen = 0
				}
			}
		}
	}
}

// rawAttribute is GNU readelf's display_raw_attribute.
func rawAttribute(w io.Writer, b []byte) {
	for len(b) > 0 {
		n := min(len(b), 16)
		fmt.Fprintf(w, "  ")
		for j := 0; j < 16; j++ {
			if j < n {
				fmt.Fprintf(w, "%02x ", b[j])
			} else {
				fmt.Fprintf(w, "   ")
			}
		}
		for j := 0; j < n; j++ {
			c := b[j]
			if c < 0x20 || c >= 0x7f {
				c = '.'
			}
			fmt.Fprintf(w, "%c", c)
		}
		fmt.Fprintf(w, "\n")
		b = b[n:]
	}
	fmt.Fprintf(w, "\n")
}

// tagValue is GNU readelf's display_tag_value: a NUL-terminated string for
// odd tags (and tag -1), an unsigned LEB128 number otherwise.
func tagValue(w io.Writer, tag int64, b []byte) []byte {
	if len(b) == 0 {
		return b
	}
	if tag&1 != 0 {
		maxlen := len(b) - 1
		fmt.Fprintf(w, "\"")
		if maxlen > 0 {
			s := b[:maxlen]
			n := 0
			for n < len(s) && s[n] != 0 {
				n++
			}
			printSymbol(w, maxlen, false, string(s[:n]), true)
			b = b[min(n+1, len(b)):]
		} else {
			fmt.Fprintf(w, "<corrupt string tag>")
			b = nil
		}
		fmt.Fprintf(w, "\"\n")
		return b
	}
	v, n := uleb(b)
	fmt.Fprintf(w, "%d (0x%x)\n", int64(v), v)
	return b[n:]
}

// riscvAttribute is GNU readelf's display_riscv_attribute.
func riscvAttribute(w io.Writer, b []byte) []byte {
	tag, n := uleb(b)
	b = b[n:]
	names := map[uint64]string{4: "Tag_RISCV_stack_align", 5: "Tag_RISCV_arch", 6: "Tag_RISCV_unaligned_access",
		8: "Tag_RISCV_priv_spec", 10: "Tag_RISCV_priv_spec_minor", 12: "Tag_RISCV_priv_spec_revision"}
	name, ok := names[tag]
	if !ok {
		return tagValue(w, int64(tag), b)
	}
	fmt.Fprintf(w, "  %s: ", name)
	switch tag {
	case 8, 10, 12:
		v, n := uleb(b)
		fmt.Fprintf(w, "%d\n", uint32(v))
		return b[n:]
	case 6:
		v, n := uleb(b)
		switch v {
		case 0:
			fmt.Fprintf(w, "No unaligned access\n")
		case 1:
			fmt.Fprintf(w, "Unaligned access\n")
		}
		return b[n:]
	case 4:
		v, n := uleb(b)
		fmt.Fprintf(w, "%d-bytes\n", uint32(v))
		return b[n:]
	}
	return tagValue(w, -1, b)
}

// printHistogram prints -I, the bucket list length histograms of DT_HASH
// and DT_GNU_HASH, as GNU readelf's process_symbol_table does.
func printHistogram(w io.Writer, f *file, o *options) error {
	d := f.dynamicInfo()
	var hashVMA, gnuVMA uint64
	for _, e := range d.entries {
		switch elf.DynTag(e.Tag) {
		case elf.DT_HASH:
			hashVMA = e.Val
		case elf.DT_GNU_HASH:
			gnuVMA = e.Val
		}
	}
	if hashVMA != 0 {
		f.sysvHistogram(w, hashVMA)
	}
	if gnuVMA != 0 {
		f.gnuHistogram(w, gnuVMA)
	}
	return nil
}

// readWords reads n words of size ent at file offset off, or returns nil
// when they are not all in the file.
func (f *file) readWords(off, n, ent uint64) []uint64 {
	if ent == 0 || n > uint64(len(f.data))/ent {
		return nil
	}
	b, ok := f.bytesAt(off, n*ent)
	if !ok {
		return nil
	}
	out := make([]uint64, n)
	for i := range out {
		if ent == 8 {
			out[i] = f.order.Uint64(b[8*i:])
		} else {
			out[i] = uint64(f.order.Uint32(b[4*i:]))
		}
	}
	return out
}

func (f *file) sysvHistogram(w io.Writer, vma uint64) {
	ent := uint64(4)
	if m := f.hdr.Machine; (m == 0x9026 || m == 22 || m == 0xa390) && f.is64 {
		ent = 8
	}
	off := f.offsetFromVMA(vma, 2*ent)
	hdr := f.readWords(off, 2, ent)
	if hdr == nil {
		f.errorf("Failed to read in number of buckets")
		return
	}
	nbuckets, nchains := hdr[0], hdr[1]
	buckets := f.readWords(off+2*ent, nbuckets, ent)
	chains := f.readWords(off+2*ent+nbuckets*ent, nchains, ent)
	if buckets == nil || chains == nil {
		f.errorf("Unable to read in dynamic data")
		return
	}
	if nbuckets == 1 {
		fmt.Fprintf(w, "\nHistogram for bucket list length (total of %d bucket):\n", nbuckets)
	} else {
		fmt.Fprintf(w, "\nHistogram for bucket list length (total of %d buckets):\n", nbuckets)
	}
	fmt.Fprintf(w, " Length  Number     %% of total  Coverage\n")
	lengths := make([]uint64, nbuckets)
	visited := make([]bool, nchains)
	var maxlength, nsyms uint64
	for hn := range buckets {
		for si := buckets[hn]; si > 0; si = chains[si] {
			nsyms++
			lengths[hn]++
			if maxlength < lengths[hn] {
				maxlength++
			}
			if si >= nchains || visited[si] {
				f.errorf("histogram chain is corrupt")
				break
			}
			visited[si] = true
		}
	}
	histogramRows(w, lengths, maxlength, nsyms)
}

func (f *file) gnuHistogram(w io.Writer, vma uint64) {
	off := f.offsetFromVMA(vma, 16)
	hdr := f.readWords(off, 4, 4)
	if hdr == nil {
		f.errorf("Failed to read in number of buckets")
		return
	}
	nb, symidx, maskwords := hdr[0], hdr[1], hdr[2]
	bucketsVMA := vma + 16 + maskwords*f.wordSize()
	buckets := f.readWords(f.offsetFromVMA(bucketsVMA, 4), nb, 4)
	if buckets == nil {
		f.errorf("Unable to read in dynamic data")
		return
	}
	maxchain := uint64(0xffffffff)
	for _, b := range buckets {
		if b != 0 {
			if b < symidx {
				return
			}
			if maxchain == 0xffffffff || b > maxchain {
				maxchain = b
			}
		}
	}
	if maxchain == 0xffffffff {
		return
	}
	maxchain -= symidx
	coff := f.offsetFromVMA(bucketsVMA+4*(nb+maxchain), 4)
	for {
		word := f.readWords(coff, 1, 4)
		if word == nil {
			f.errorf("Failed to determine last chain length")
			return
		}
		coff += 4
		if maxchain+1 == 0 {
			return
		}
		maxchain++
		if word[0]&1 != 0 {
			break
		}
	}
	chains := f.readWords(f.offsetFromVMA(bucketsVMA+4*nb, 4), maxchain, 4)
	if chains == nil {
		f.errorf("Unable to read in dynamic data")
		return
	}
	if nb == 1 {
		fmt.Fprintf(w, "\nHistogram for `.gnu.hash' bucket list length (total of %d bucket):\n", nb)
	} else {
		fmt.Fprintf(w, "\nHistogram for `.gnu.hash' bucket list length (total of %d buckets):\n", nb)
	}
	fmt.Fprintf(w, " Length  Number     %% of total  Coverage\n")
	lengths := make([]uint64, nb)
	var maxlength, nsyms uint64
	for hn, b := range buckets {
		if b == 0 {
			continue
		}
		length := uint64(1)
		for o := b - symidx; o < uint64(len(chains)) && chains[o]&1 == 0; o++ {
			length++
		}
		lengths[hn] = length
		maxlength = max(maxlength, length)
		nsyms += length
	}
	histogramRows(w, lengths, maxlength, nsyms)
}

// histogramRows prints the rows of a histogram of bucket lengths.
func histogramRows(w io.Writer, lengths []uint64, maxlength, nsyms uint64) {
	if len(lengths) == 0 {
		return
	}
	counts := make([]uint64, maxlength+1)
	for _, l := range lengths {
		counts[l]++
	}
	n := float64(len(lengths))
	fmt.Fprintf(w, "      0  %-10d (%5.1f%%)\n", counts[0], float64(counts[0])*100/n)
	var nzero uint64
	for i := uint64(1); i <= maxlength; i++ {
		nzero += counts[i] * i
		fmt.Fprintf(w, "%7d  %-10d (%5.1f%%)    %5.1f%%\n", i, counts[i], float64(counts[i])*100/n, float64(nzero)*100/float64(nsyms))
	}
}

// printUnwind prints -u as GNU readelf's process_unwind does for the
// machines without an unwind decoder. The unwind tables of ARM, TI C6000,
// IA-64 and PA-RISC are not decoded: only GNU's "There are no unwind
// sections" line is printed for the first three.
func printUnwind(w io.Writer, f *file, o *options) error {
	// GNU skips unwind information when the section headers could not be
	// loaded.
	if !(f.shnum == 0 && f.hdr.Shoff == 0) && f.sections == nil {
		return nil
	}
	switch f.hdr.Machine {
	case 3, 62: // EM_386, EM_X86_64
		fmt.Fprintf(w, "No processor specific unwind information to decode\n")
	case 40, 140, 50: // ARM, TI C6000, IA-64: tables not decoded
		typ := uint64(0x70000001) // SHT_ARM_EXIDX, SHT_C6000_UNWIND, SHT_IA_64_UNWIND
		found := false
		for i := range f.sections {
			if f.sections[i].Type == typ {
				found = true
			}
		}
		if !found {
			fmt.Fprintf(w, "\nThere are no unwind sections in this file.\n")
		}
	case 15: // PA-RISC: not implemented
	default:
		fmt.Fprintf(w, "\nThe decoding of unwind sections for machine type %s is not currently supported.\n", machineName(f.hdr.Machine))
	}
	return nil
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
