package reloc

import (
	"iter"

	"github.com/elfkit/elf"
)

// SectionTable returns relocation section i (SHT_REL, SHT_RELA, SHT_RELR or
// SHT_CREL) as a table.
func (f *File) SectionTable(i int) (Table, error) {
	s, err := f.section(i)
	if err != nil {
		return Table{}, err
	}
	var kind Kind
	switch s.typ {
	case elf.SHT_REL:
		kind = REL
	case elf.SHT_RELA:
		kind = RELA
	case elf.SHT_RELR:
		kind = RELR
	case elf.SHT_CREL:
		kind = CREL
	default:
		return Table{}, elf.Errorf(int64(s.offset), elf.ErrBadLink, "section %d is %v, not a relocation section", i, s.typ)
	}
	if s.flags&elf.SHF_COMPRESSED != 0 {
		return Table{}, elf.Errorf(int64(s.offset), elf.ErrUnsupported, "compressed relocation section %d", i)
	}
	b, err := f.sectionData(i)
	if err != nil {
		return Table{}, err
	}
	t, err := newTable(b, kind, f.machine, f.class == elf.ELFCLASS64, f.big, s.entsize, int64(s.offset))
	if err != nil {
		return Table{}, err
	}
	t.section, t.link, t.target = i, s.link, s.info
	if kind == RELR {
		t.link, t.target = 0, 0 // RELR has no symbols and relocates the image
	}
	return t, nil
}

// Tables iterates over the file's relocation sections (SHT_REL, SHT_RELA,
// SHT_RELR, SHT_CREL) in section order. A section that cannot be read is
// yielded with its error, and iteration goes on.
func (f *File) Tables() iter.Seq2[Table, error] {
	return func(yield func(Table, error) bool) {
		n, err := f.numSections()
		if err != nil {
			yield(Table{}, err)
			return
		}
		for i := 0; i < n; i++ {
			s, err := f.section(i)
			if err != nil {
				if !yield(Table{}, err) {
					return
				}
				continue
			}
			switch s.typ {
			case elf.SHT_REL, elf.SHT_RELA, elf.SHT_RELR, elf.SHT_CREL:
			default:
				continue
			}
			if !yield(f.SectionTable(i)) {
				return
			}
		}
	}
}

// TablesFor iterates over the relocation sections whose sh_info is section
// target (SHT_REL, SHT_RELA and SHT_CREL): the relocations that apply to it
// in an ET_REL object. Only those sections are read, so a damaged
// relocation section for another section does not get in the way.
func (f *File) TablesFor(target int) iter.Seq2[Table, error] {
	return func(yield func(Table, error) bool) {
		n, err := f.numSections()
		if err != nil {
			yield(Table{}, err)
			return
		}
		for i := 0; i < n; i++ {
			s, err := f.section(i)
			if err != nil {
				if !yield(Table{}, err) {
					return
				}
				continue
			}
			switch s.typ {
			case elf.SHT_REL, elf.SHT_RELA, elf.SHT_CREL:
			default:
				continue
			}
			if int64(s.info) != int64(target) {
				continue
			}
			if !yield(f.SectionTable(i)) {
				return
			}
		}
	}
}

// DynamicTables are the relocation tables the dynamic segment points at.
// A table the file does not have is empty (Len 0) but has its Kind.
type DynamicTables struct {
	Rel  Table // DT_REL, DT_RELSZ, DT_RELENT
	Rela Table // DT_RELA, DT_RELASZ, DT_RELAENT
	PLT  Table // DT_JMPREL, DT_PLTRELSZ, of the kind DT_PLTREL says
	Relr Table // DT_RELR, DT_RELRSZ, DT_RELRENT
}

// All iterates over the non-empty tables, in the order the dynamic loader
// usually processes them: Relr, Rel, Rela, PLT.
func (d DynamicTables) All() iter.Seq[Table] {
	return func(yield func(Table) bool) {
		for _, t := range [...]Table{d.Relr, d.Rel, d.Rela, d.PLT} {
			if t.n > 0 && !yield(t) {
				return
			}
		}
	}
}

// Dynamic-segment tags, in the order dynTags lists them.
var dynTags = [...]elf.DynTag{
	elf.DT_REL, elf.DT_RELSZ, elf.DT_RELENT,
	elf.DT_RELA, elf.DT_RELASZ, elf.DT_RELAENT,
	elf.DT_JMPREL, elf.DT_PLTRELSZ, elf.DT_PLTREL,
	elf.DT_RELR, elf.DT_RELRSZ, elf.DT_RELRENT,
}

// DynamicTables returns the relocation tables named by the dynamic segment:
// DT_REL, DT_RELA, DT_JMPREL (with DT_PLTREL) and DT_RELR, with their sizes
// and entry sizes. It works from PT_DYNAMIC alone, so it reads stripped
// files and memory images (where the addresses are translated as
// NewImage's base says). A file without a dynamic table gives empty tables
// and no error. The PLT table's range is reported as stated even where
// DT_RELA's range covers it too, as some linkers emit.
func (f *File) DynamicTables() (DynamicTables, error) {
	d := DynamicTables{
		Rel:  Table{kind: REL, section: -1, machine: f.machine, dynamic: true},
		Rela: Table{kind: RELA, section: -1, machine: f.machine, dynamic: true},
		PLT:  Table{kind: RELA, section: -1, machine: f.machine, dynamic: true},
		Relr: Table{kind: RELR, section: -1, machine: f.machine, dynamic: true},
	}
	var vals [len(dynTags)]uint64
	var ok [len(dynTags)]bool
	if err := f.dynValues(dynTags[:], vals[:], ok[:]); err != nil {
		return d, err
	}
	get := func(kind Kind, k int, sizeTag elf.DynTag) (Table, error) {
		if !ok[k] {
			return Table{kind: kind, section: -1, machine: f.machine, dynamic: true}, nil
		}
		if !ok[k+1] {
			return Table{kind: kind, section: -1, machine: f.machine, dynamic: true}, elf.Errorf(-1, elf.ErrNotFound, "%v without %v", dynTags[k], sizeTag)
		}
		var ent uint64
		if k+2 < len(dynTags) && ok[k+2] && dynTags[k+2] != elf.DT_PLTREL {
			ent = vals[k+2]
		}
		if vals[k+1] == 0 {
			return Table{kind: kind, section: -1, machine: f.machine, dynamic: true}, nil
		}
		b, err := f.addrBytes(vals[k], vals[k+1])
		if err != nil {
			return Table{kind: kind, section: -1, machine: f.machine, dynamic: true}, err
		}
		t, err := newTable(b, kind, f.machine, f.class == elf.ELFCLASS64, f.big, ent, f.offsetOf(b))
		t.dynamic = err == nil
		return t, err
	}
	var err error
	if d.Rel, err = get(REL, 0, elf.DT_RELSZ); err != nil {
		return d, err
	}
	if d.Rela, err = get(RELA, 3, elf.DT_RELASZ); err != nil {
		return d, err
	}
	pltKind := RELA
	if ok[8] {
		switch elf.DynTag(vals[8]) {
		case elf.DT_REL:
			pltKind = REL
		case elf.DT_RELA:
		default:
			return d, elf.Errorf(-1, elf.ErrCorrupt, "DT_PLTREL is %d, neither DT_REL nor DT_RELA", vals[8])
		}
	} else if d.Rel.n > 0 && d.Rela.n == 0 {
		pltKind = REL
	}
	if d.PLT, err = get(pltKind, 6, elf.DT_PLTRELSZ); err != nil {
		return d, err
	}
	if d.Relr, err = get(RELR, 9, elf.DT_RELRSZ); err != nil {
		return d, err
	}
	return d, nil
}
