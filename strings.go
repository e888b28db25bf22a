package elf

import "strconv"

// valueName is one entry of a name table in zvocab.go. A table lists the
// names that String prints, in an order that matters: debug/elf's, which is
// mostly ascending but not always (Machine lists its aliases last), and
// String output is kept identical to debug/elf's.
type valueName struct {
	value uint64
	name  string
}

// formatEnum names v from names: the first entry with v's value, or else
// the last entry (in table order) with a smaller value plus the difference
// in decimal, or else v in decimal. goSyntax qualifies names with "elf.".
func formatEnum(v uint64, names []valueName, goSyntax bool) string {
	for _, n := range names {
		if n.value == v {
			return qualify(n.name, goSyntax)
		}
	}
	for i := len(names) - 1; i >= 0; i-- {
		if n := names[i]; n.value < v {
			return qualify(n.name, goSyntax) + "+" + strconv.FormatUint(v-n.value, 10)
		}
	}
	return strconv.FormatUint(v, 10)
}

// formatSignedEnum is formatEnum for a 64-bit signed field (DynTag): a
// negative value has no name and prints in decimal.
func formatSignedEnum(v int64, names []valueName, goSyntax bool) string {
	if v < 0 {
		return strconv.FormatInt(v, 10)
	}
	return formatEnum(uint64(v), names, goSyntax)
}

// formatFlags names the bits of v: every table entry whose bits are all set
// in v, in table order and joined by "+", then what no entry covered as
// "+0x..". A value no entry matches prints as hexadecimal alone.
func formatFlags(v uint64, names []valueName, goSyntax bool) string {
	var b []byte
	for _, n := range names {
		if v&n.value != n.value {
			continue
		}
		if len(b) > 0 {
			b = append(b, '+')
		}
		if goSyntax {
			b = append(b, "elf."...)
		}
		b = append(b, n.name...)
		v &^= n.value
	}
	if len(b) == 0 {
		return "0x" + strconv.FormatUint(v, 16)
	}
	if v != 0 {
		b = append(b, "+0x"...)
		b = strconv.AppendUint(b, v, 16)
	}
	return string(b)
}

func qualify(name string, goSyntax bool) string {
	if goSyntax {
		return "elf." + name
	}
	return name
}
