package prefetch

import "testing"

// TestByte gives hints inside, at the edges of and outside slices: none
// faults or changes the bytes.
func TestByte(t *testing.T) {
	b := []byte("elfkit")
	for _, i := range []uint32{0, 5, 6, 1 << 31, ^uint32(0)} {
		Byte(b, i)
		Byte(nil, i)
		Byte(b[:0], i)
	}
	if string(b) != "elfkit" {
		t.Fatalf("bytes changed: %q", b)
	}
}

// BenchmarkByte is the cost of one hint.
func BenchmarkByte(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 1<<20)
	var i uint32
	for b.Loop() {
		Byte(buf, i)
		i = (i + 4099) & (1<<20 - 1)
	}
}
