#!/usr/bin/env bash
# Regenerates the sample ELF files in this directory from src/. Needs the
# compilers and binutils that .ci/run installs (gcc-<triple>-linux-gnu,
# binutils); a missing one is an error, not a silent gap. README.md lists
# what each file is for.
#
# The output is reproducible for a given toolchain: debug info names the
# build directory ".", and nothing else depends on the machine.
set -euo pipefail

cd "$(dirname "$0")"

# arch name -> compiler triple ("" is the host gcc, which must be x86-64).
declare -A TRIPLE=(
	[x86_64]=""
	[i386]=i686-linux-gnu
	[aarch64]=aarch64-linux-gnu
	[arm]=arm-linux-gnueabihf
	[riscv64]=riscv64-linux-gnu
	[ppc64]=powerpc64-linux-gnu
	[s390x]=s390x-linux-gnu
	[mips]=mips-linux-gnu
)
ARCHS=(x86_64 i386 aarch64 arm riscv64 ppc64 s390x mips)

[[ $(uname -m) == x86_64 ]] || {
	echo "gen.sh: expects an x86-64 host (the host gcc builds the x86_64 files)" >&2
	exit 1
}

tool() { # tool ARCH NAME -> the NAME (gcc, objcopy, ...) for ARCH
	local t=${TRIPLE[$1]}
	if [[ -z $t ]]; then
		echo "$2"
	else
		echo "$t-$2"
	fi
}

for a in "${ARCHS[@]}"; do
	for n in gcc objcopy readelf; do
		command -v "$(tool "$a" "$n")" >/dev/null || {
			echo "gen.sh: $(tool "$a" "$n") not found (run .ci/run to install the cross toolchains)" >&2
			exit 1
		}
	done
done

COMMON=(-O1 -fdebug-prefix-map="$PWD"=. -fno-ident)

# sstrip IN OUT: a copy of IN without section headers, cut after the last
# byte any segment maps, as sstrip(1) and memory images leave files: e_shoff,
# e_shnum and e_shstrndx are zero. Zero bytes read the same in either byte
# order, so this works for every class and data encoding.
sstrip() {
	local in=$1 out=$2 end=0 off filesz class
	while read -r off filesz; do
		if ((off + filesz > end)); then
			end=$((off + filesz))
		fi
	done < <(readelf -lW "$in" | awk '$1 ~ /^[A-Z]/ && $2 ~ /^0x/ { print $2, $5 }')
	((end > 0)) || {
		echo "gen.sh: $in has no segments" >&2
		exit 1
	}
	cp "$in" "$out"
	truncate -s "$end" "$out"
	class=$(od -An -tu1 -j4 -N1 "$out" | tr -d ' ')
	if [[ $class == 2 ]]; then # ELFCLASS64
		zero "$out" 40 8       # e_shoff
		zero "$out" 60 4       # e_shnum, e_shstrndx
	else
		zero "$out" 32 4 # e_shoff
		zero "$out" 48 4 # e_shnum, e_shstrndx
	fi
}

zero() { # zero FILE OFFSET COUNT
	dd if=/dev/zero of="$1" bs=1 seek="$2" count="$3" conv=notrunc status=none
}

hash_style() { # MIPS has no DT_GNU_HASH in GNU ld
	if [[ $1 == mips ]]; then
		echo -Wl,--hash-style=sysv
	else
		echo -Wl,--hash-style=both
	fi
}

built=()

# One relocatable object, shared object and executable per architecture.
for a in "${ARCHS[@]}"; do
	cc=$(tool "$a" gcc)
	echo "== $a ($cc)"
	"$cc" "${COMMON[@]}" -g -c src/hello.c -o "hello-$a.o"
	"$cc" "${COMMON[@]}" -shared -fPIC "$(hash_style "$a")" \
		-Wl,--version-script=src/libhello.map src/libhello.c -o "libhello-$a.so"
	"$cc" "${COMMON[@]}" src/hello.c -o "hello-$a"
	built+=("hello-$a.o" "libhello-$a.so" "hello-$a")
done

# ET_EXEC (the compilers default to PIE, which is ET_DYN).
for a in x86_64 mips; do
	"$(tool "$a" gcc)" "${COMMON[@]}" -no-pie src/hello.c -o "hello-$a.nopie"
	built+=("hello-$a.nopie")
done

# SHF_COMPRESSED debug sections (Elf32_Chdr and Elf64_Chdr, both byte orders).
for a in x86_64 i386 s390x mips; do
	cc=$(tool "$a" gcc)
	"$cc" "${COMMON[@]}" -g -gz=zlib -c src/hello.c -o "debug-zlib-$a.o"
	built+=("debug-zlib-$a.o")
done

# ELFCOMPRESS_ZSTD: gcc 12 has no -gz=zstd, binutils 2.40 objcopy does it.
for a in x86_64 i386 s390x; do
	"$(tool "$a" objcopy)" --compress-debug-sections=zstd "hello-$a.o" "debug-zstd-$a.o"
	built+=("debug-zstd-$a.o")
done

# The old GNU form: .zdebug_* sections with a "ZLIB" + big-endian size header.
gcc "${COMMON[@]}" -g -gz=zlib-gnu -c src/hello.c -o debug-zlib-gnu-x86_64.o
built+=(debug-zlib-gnu-x86_64.o)

# DT_RELR (-z pack-relative-relocs), 64- and 32-bit entries.
for a in x86_64 i386; do
	"$(tool "$a" gcc)" "${COMMON[@]}" -fPIE -pie -Wl,-z,pack-relative-relocs src/relr.c -o "relr-$a"
	built+=("relr-$a")
done

# No section headers: dynamic symbols only through PT_DYNAMIC.
for a in x86_64 mips; do
	sstrip "libhello-$a.so" "libhello-$a.noshdr.so"
	built+=("libhello-$a.noshdr.so")
done

# Sanity: every file parses without a warning, and the special ones have
# what they are for.
for f in "${built[@]}"; do
	if readelf -aW "$f" 2>&1 >/dev/null | grep .; then
		echo "gen.sh: readelf warns about $f" >&2
		exit 1
	fi
done
for a in x86_64 i386; do
	readelf -dW "relr-$a" | grep -q '(RELR)' || {
		echo "gen.sh: relr-$a has no DT_RELR" >&2
		exit 1
	}
done
for f in libhello-x86_64.noshdr.so libhello-mips.noshdr.so; do
	readelf -SW "$f" | grep -q 'There are no sections' || {
		echo "gen.sh: $f still has section headers" >&2
		exit 1
	}
done
readelf -SW debug-zlib-gnu-x86_64.o | grep -q '\.zdebug_info' || {
	echo "gen.sh: debug-zlib-gnu-x86_64.o has no .zdebug_info" >&2
	exit 1
}

echo "== built ${#built[@]} files"
ls -l "${built[@]}" | awk '{ total += $5; print } END { print total " bytes in all" }'
