#!/bin/sh
# make lint-kernel: static checks of cticard.ko's sources (kernel/).
#   lint-kernel.sh KDIR OUTDIR DAHDI_INCLUDE DAHDI_SYMVERS
# - sparse, through kbuild (C=2: every file, with the kernel's own sparse
#   flags: address spaces, endianness, lock contexts); its findings in our
#   files fail the check (DAHDI's headers' own are not ours to fix and are
#   left out);
# - checkpatch.pl --file on every source, when the kernel tree has it
#   (KDIR/scripts/checkpatch.pl, or CHECKPATCH=/path/to/checkpatch.pl):
#   Debian's headers packages do not ship it.
set -eu
kdir=$1 out=$2 dinc=$3 dsym=$4
top=$(cd "$(dirname "$0")/.." && pwd)
command -v sparse >/dev/null || { echo "lint-kernel: sparse not installed (make deps)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out"
cp -as "$top/Kbuild" "$top/kernel" "$out/"
log=$out/sparse.log
rc=0
make --no-print-directory -C "$kdir" M="$out" C=2 CHECK=sparse \
	DAHDI_INCLUDE="$dinc" KBUILD_EXTRA_SYMBOLS="$dsym" CTI_WERROR= \
	modules >"$log" 2>&1 || rc=$?
# findings in our sources (kbuild names them by the symlink tree's path)
found=$(grep -E "^$out/kernel/.*: (warning|error):" "$log" | sed "s|^$out/||" || true)
if [ $rc -ne 0 ] && [ -z "$found" ]; then
	tail -n 20 "$log" >&2
	echo "lint-kernel: the sparse build failed; log: $log" >&2
	exit 1
fi
n=0
if [ -n "$found" ]; then
	echo "$found"
	n=$(echo "$found" | wc -l)
fi
echo "lint-kernel: sparse: $n findings in kernel/ ($(find "$top/kernel" -name '*.c' | wc -l) files)"

cp=${CHECKPATCH:-$kdir/scripts/checkpatch.pl}
if [ -x "$cp" ] || [ -r "$cp" ]; then
	cpn=0
	for f in $(cd "$top" && find kernel -name '*.[ch]' | sort); do
		perl "$cp" --no-tree --file --terse --strict --show-types \
			--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES,LINUX_VERSION_CODE \
			"$top/$f" || cpn=$((cpn + 1))
	done
	echo "lint-kernel: checkpatch: $cpn files with findings"
	[ $cpn -eq 0 ] || n=$((n + cpn))
else
	echo "lint-kernel: checkpatch.pl not in $kdir/scripts (set CHECKPATCH=...): skipped"
fi
[ "$n" -eq 0 ]
