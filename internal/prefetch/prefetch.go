// Package prefetch asks the processor to start loading memory that will be
// read soon, so that a walk over scattered data does not wait for each
// cache miss in turn. Walking a dynamic symbol table with names is such a
// walk: the table is sorted by hash bucket, so consecutive symbols' names
// lie far apart in the string table, and each name is a cache miss.
//
// On amd64 and arm64 a hint is one instruction (PREFETCHT0, PRFM
// PLDL1KEEP) behind a call; elsewhere it does nothing. A hint never faults
// and changes nothing but timing.
package prefetch

// Byte hints that b[i] will be read soon. It does nothing when i is out of
// range.
func Byte(b []byte, i uint32) {
	if uint64(i) < uint64(len(b)) {
		prefetch(&b[i])
	}
}
