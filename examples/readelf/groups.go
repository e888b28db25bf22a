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
// machines without an unwind decoder. The decoders of ARM, TI C6000, IA-64
// and PA-RISC are not implemented: nothing is printed for those.
func printUnwind(w io.Writer, f *file, o *options) error {
	// GNU skips unwind information when the section headers could not be
	// loaded.
	if !(f.shnum == 0 && f.hdr.Shoff == 0) && f.sections == nil {
		return nil
	}
	switch f.hdr.Machine {
	case 3, 62: // EM_386, EM_X86_64
		fmt.Fprintf(w, "No processor specific unwind information to decode\n")
	case 40, 140, 50, 15: // ARM, TI C6000, IA-64, PA-RISC: not implemented
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
