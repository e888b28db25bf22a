package main

// The -V (--version-info) group: process_version_sections of GNU readelf
// 2.40. Like GNU, it reads the version sections through the section
// headers, names version definitions and requirements from the dynamic
// string table, and resolves the Versym entries through DT_VERNEED and
// DT_VERDEF.

import (
	"bufio"
	"fmt"
	"io"

	"github.com/elfkit/elf"
)

func init() { printers[groupVersionInfo] = printVersions }

// verFlags renders vd_flags / vna_flags (get_ver_flags).
func verFlags(flags uint64) string {
	if flags == 0 {
		return "none"
	}
	s := ""
	if flags&1 != 0 {
		s += "BASE"
	}
	if flags&2 != 0 {
		if flags&1 != 0 {
			s += " | "
		}
		s += "WEAK"
	}
	if flags&4 != 0 {
		if flags&3 != 0 {
			s += " | "
		}
		s += "INFO"
	}
	if flags&^7 != 0 {
		if flags&7 != 0 {
			s += " | "
		}
		s += "<unknown>"
	}
	return s
}

// verLinkName names the section a version section links to
// (printable_section_name_from_index).
func (f *file) verLinkName(i uint64) string {
	if i >= uint64(len(f.sections)) {
		return "<corrupt>"
	}
	return printableName(f.secName(int(i)))
}

// verHeader prints the two header lines of a version section.
func (f *file) verHeader(w *bufio.Writer, what string, s *section, count uint64, link string) {
	word := "entries"
	if count == 1 {
		word = "entry"
	}
	fmt.Fprintf(w, "\n%s section '%s' contains %d %s:\n", what, printableName(f.secName(s.Index)), count, word)
	fmt.Fprintf(w, " Addr: 0x%016x  Offset: 0x%08x  Link: %d (%s)\n", s.Addr, s.Offset, s.Link, link)
}

// verAltHex formats like C's "%#06lx" (no 0x for zero).
func verAltHex(v uint64) string {
	if v == 0 {
		return "000000"
	}
	return fmt.Sprintf("0x%04x", v)
}

// printVersions prints the version sections.
func printVersions(w io.Writer, f *file, o *options) error {
	if f.sectionsErr != nil {
		// GNU turns -s, --dyn-syms and -V off when the section headers
		// cannot be loaded (process_object).
		return nil
	}
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	d := f.dynamicInfo()
	found := false
	for i := range f.sections {
		s := &f.sections[i]
		switch elf.SectionType(s.Type) {
		case elf.SHT_GNU_VERDEF:
			found = true
			f.verPrintDefs(bw, d, s)
		case elf.SHT_GNU_VERNEED:
			found = true
			f.verPrintNeeds(bw, d, s)
		case elf.SHT_GNU_VERSYM:
			if f.verPrintSyms(bw, d, s) {
				found = true
			}
		}
	}
	if !found {
		fmt.Fprint(bw, "\nNo version information found in this file.\n")
	}
	return nil
}

// verPrintDefs prints a SHT_GNU_verdef section.
func (f *file) verPrintDefs(w *bufio.Writer, d *dynInfo, s *section) {
	f.verHeader(w, "Version definition", s, s.Info, f.verLinkName(s.Link))
	b, ok := f.bytesAt(s.Offset, s.Size)
	if !ok || s.Size == 0 {
		w.Flush()
		f.symErrorf("Reading %d bytes extends past end of file for version definition section", s.Size)
		return
	}
	end := uint64(len(b))
	var idx, cnt uint64
	for cnt = 0; cnt < s.Info; cnt++ {
		vstart := idx
		if vstart+20 > end {
			break
		}
		e := b[vstart:]
		version, flags, ndx, vcnt := f.u16(e), f.u16(e[2:]), f.u16(e[4:]), f.u16(e[6:])
		aux, next := f.u32(e[12:]), f.u32(e[16:])
		fmt.Fprintf(w, "  %s: Rev: %d  Flags: %s", verAltHex(idx), version, verFlags(flags))
		fmt.Fprintf(w, "  Index: %d  Cnt: %d  ", ndx, vcnt)
		if aux > end-vstart {
			break
		}
		vstart += aux
		if vstart+8 > end {
			break
		}
		name, anext := f.u32(b[vstart:]), f.u32(b[vstart+4:])
		if n, ok := d.dynName(name); ok {
			fmt.Fprintf(w, "Name: %s\n", n)
		} else {
			fmt.Fprintf(w, "Name index: %d\n", name)
		}
		isum := idx + aux
		j := uint64(1)
		for ; j < vcnt; j++ {
			if anext < 8 && !(j == vcnt-1 && anext == 0) {
				w.Flush()
				f.warnf("Invalid vda_next field of %x", anext)
				j = vcnt
				break
			}
			if anext > end-vstart {
				break
			}
			isum += anext
			vstart += anext
			if vstart+8 > end {
				break
			}
			name, anext = f.u32(b[vstart:]), f.u32(b[vstart+4:])
			if n, ok := d.dynName(name); ok {
				fmt.Fprintf(w, "  %s: Parent %d: %s\n", verAltHex(isum), j, n)
			} else {
				fmt.Fprintf(w, "  %s: Parent %d, name index: %d\n", verAltHex(isum), j, name)
			}
		}
		if j < vcnt {
			fmt.Fprint(w, "  Version def aux past end of section\n")
		}
		if next < 20 && !(cnt == s.Info-1 && next == 0) {
			w.Flush()
			f.warnf("Invalid vd_next field of %x", next)
			cnt = s.Info
			break
		}
		if next > end-idx {
			break
		}
		idx += next
	}
	if cnt < s.Info {
		fmt.Fprint(w, "  Version definition past end of section\n")
	}
}

// verPrintNeeds prints a SHT_GNU_verneed section.
func (f *file) verPrintNeeds(w *bufio.Writer, d *dynInfo, s *section) {
	f.verHeader(w, "Version needs", s, s.Info, f.verLinkName(s.Link))
	b, ok := f.bytesAt(s.Offset, s.Size)
	if !ok || s.Size == 0 {
		w.Flush()
		f.symErrorf("Reading %d bytes extends past end of file for Version Needs section", s.Size)
		return
	}
	end := uint64(len(b))
	var idx, cnt uint64
	for cnt = 0; cnt < s.Info; cnt++ {
		vstart := idx
		if vstart+16 > end {
			break
		}
		e := b[vstart:]
		version, vcnt, file := f.u16(e), f.u16(e[2:]), f.u32(e[4:])
		aux, next := f.u32(e[8:]), f.u32(e[12:])
		fmt.Fprintf(w, "  %s: Version: %d", verAltHex(idx), version)
		if n, ok := d.dynName(file); ok {
			fmt.Fprintf(w, "  File: %s", n)
		} else {
			fmt.Fprintf(w, "  File: %x", file)
		}
		fmt.Fprintf(w, "  Cnt: %d\n", vcnt)
		if aux > end-vstart {
			break
		}
		vstart += aux
		isum := idx + aux
		j := uint64(0)
		for ; j < vcnt; j++ {
			if vstart+16 > end {
				break
			}
			a := b[vstart:]
			flags, other, name, anext := f.u16(a[4:]), f.u16(a[6:]), f.u32(a[8:]), f.u32(a[12:])
			if n, ok := d.dynName(name); ok {
				fmt.Fprintf(w, "  %s:   Name: %s", verAltHex(isum), n)
			} else {
				fmt.Fprintf(w, "  %s:   Name index: %x", verAltHex(isum), name)
			}
			fmt.Fprintf(w, "  Flags: %s  Version: %d\n", verFlags(flags), other)
			if anext < 16 && !(j == vcnt-1 && anext == 0) {
				w.Flush()
				f.warnf("Invalid vna_next field of %x", anext)
				j = vcnt
				break
			}
			if anext > end-vstart {
				break
			}
			isum += anext
			vstart += anext
		}
		if j < vcnt {
			w.Flush()
			f.warnf("Missing Version Needs auxiliary information")
		}
		if next < 16 && !(cnt == s.Info-1 && next == 0) {
			w.Flush()
			f.warnf("Invalid vn_next field of %x", next)
			cnt = s.Info
			break
		}
		if next > end-idx {
			break
		}
		idx += next
	}
	if cnt < s.Info {
		w.Flush()
		f.warnf("Missing Version Needs information")
	}
}

// verPrintSyms prints a SHT_GNU_versym section, four entries a line, and
// reports whether GNU counts it as version information found.
func (f *file) verPrintSyms(w *bufio.Writer, d *dynInfo, s *section) bool {
	shnum := uint64(len(f.sections))
	if s.Link >= shnum {
		return false
	}
	link := &f.sections[s.Link]
	total := s.Size / 2
	if link.Link >= shnum {
		return false
	}
	syms, ok := f.readSymbols(int(s.Link))
	if !ok {
		return true
	}
	strSec := &f.sections[link.Link]
	strtab, ok := f.bytesAt(strSec.Offset, strSec.Size)
	if !ok || strSec.Size == 0 {
		return true
	}
	word := "entries"
	if total == 1 {
		word = "entry"
	}
	fmt.Fprintf(w, "\nVersion symbols section '%s' contains %d %s:\n", printableName(f.secName(s.Index)), total, word)
	fmt.Fprintf(w, " Addr: 0x%016x  Offset: 0x%08x  Link: %d (%s)\n", s.Addr, s.Offset, s.Link, printableName(f.secName(link.Index)))
	w.Flush()
	off := f.offsetFromVMA(d.verInfo(elf.DT_VERSYM), total*2)
	raw, ok := f.bytesAt(off, total*2)
	if !ok || total == 0 {
		if total != 0 {
			f.symErrorf("Reading %d bytes extends past end of file for version symbol data", total*2)
		}
		return true
	}
	vernaux := f.verneedWalk(d)
	for cnt := uint64(0); cnt < total; cnt += 4 {
		fmt.Fprintf(w, "  %03x:", cnt)
		for j := uint64(0); j < 4 && cnt+j < total; j++ {
			v := f.u16(raw[2*(cnt+j):])
			switch v {
			case 0:
				fmt.Fprint(w, "   0 (*local*)    ")
				continue
			case 1:
				fmt.Fprint(w, "   1 (*global*)   ")
				continue
			}
			h := byte(' ')
			if v&0x8000 != 0 {
				h = 'h'
			}
			s := fmt.Sprintf("%4x%c", v&0x7fff, h)
			w.WriteString(s)
			nn := len(s)
			if cnt+j >= uint64(len(syms)) {
				w.Flush()
				f.warnf("invalid index into symbol array")
				continue
			}
			name, hasName := "", false
			if d.verInfo(elf.DT_VERNEED) != 0 {
				if vnaName, ok := vernaux[v]; ok {
					if vnaName >= strSec.Size {
						name = "*invalid*"
					} else {
						name = cString(strtab[vnaName:])
					}
					hasName = true
				}
			}
			if v != 0x8001 && d.verInfo(elf.DT_VERDEF) != 0 {
				if vdaName, ok, stop := f.verdefName(d, v&0x7fff); stop {
					// GNU's "break" out of the switch: no name, no padding.
					continue
				} else if ok {
					switch {
					case vdaName >= strSec.Size:
						name = "*invalid*"
					case hasName && name != "*invalid*":
						name = "*both*"
					default:
						name = cString(strtab[vdaName:])
					}
					hasName = true
				}
			}
			if hasName {
				s := fmt.Sprintf("(%s%-*s", name, 12-len(name), ")")
				w.WriteString(s)
				nn += len(s)
			}
			if nn < 18 {
				fmt.Fprintf(w, "%*c", 18-nn, ' ')
			}
		}
		w.WriteByte('\n')
	}
	return true
}

// verneedNames maps each vna_other found through DT_VERNEED to its
// vna_name, keeping the first, as GNU's walk does.
func (f *file) verneedNames(d *dynInfo) map[uint64]uint64 {
	m := map[uint64]uint64{}
	vn := d.verInfo(elf.DT_VERNEED)
	if vn == 0 {
		return m
	}
	off := f.quietOffset(vn, 16)
	budget := 1 << 20 // records visited; GNU's walk ends at the end of the file, this one sooner on a crafted chain
	for budget > 0 {
		budget--
		b, ok := f.bytesAt(off, 16)
		if !ok {
			break
		}
		vnAux, vnNext := f.u32(b[8:]), f.u32(b[12:])
		a := off + vnAux
		for ; budget > 0; budget-- {
			var other, next, name uint64
			if b, ok := f.bytesAt(a, 16); ok {
				other, next, name = f.u16(b[6:]), f.u32(b[12:]), f.u32(b[8:])
			}
			if _, dup := m[other]; !dup {
				m[other] = name
			}
			a += next
			if next == 0 {
				break
			}
		}
		off += vnNext
		if vnNext == 0 {
			break
		}
	}
	return m
}

// verdefName finds version index ndx through DT_VERDEF and returns its
// first vda_name. stop is true when GNU gives up on the entry (its
// "break" out of the column when the Verdaux cannot be read).
func (f *file) verdefName(d *dynInfo, ndx uint64) (name uint64, ok, stop bool) {
	if r, hit := d.verdefNames[ndx]; hit {
		return r[0], r[1] != 0, r[2] != 0
	}
	name, ok, stop = f.verdefNameWalk(d, ndx)
	if d.verdefNames == nil {
		d.verdefNames = map[uint64][3]uint64{}
	}
	b2u := func(b bool) uint64 {
		if b {
			return 1
		}
		return 0
	}
	d.verdefNames[ndx] = [3]uint64{name, b2u(ok), b2u(stop)}
	return name, ok, stop
}

// verdefNameWalk is verdefName without the cache.
func (f *file) verdefNameWalk(d *dynInfo, ndx uint64) (name uint64, ok, stop bool) {
	off := f.quietOffset(d.verInfo(elf.DT_VERDEF), 20)
	var vdNdx, next, aux uint64
	for steps := 0; ; steps++ {
		b, ok := f.bytesAt(off, 20)
		if !ok {
			next, vdNdx = 0, ndx+1
			break
		}
		next, vdNdx, aux = f.u32(b[16:]), f.u16(b[4:]), f.u32(b[12:])
		off += next
		if vdNdx == ndx || next == 0 || steps > 1<<20 {
			break
		}
	}
	if vdNdx != ndx {
		return 0, false, false
	}
	b, ok2 := f.bytesAt(off-next+aux, 8)
	if !ok2 {
		return 0, false, true
	}
	return f.u32(b), true, false
}
