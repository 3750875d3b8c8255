#!/bin/sh
# Called by DKMS (dkms.conf): build cticard.ko for kernel $1 (headers in $2)
# against the DAHDI that dahdi-dkms built for that kernel.
set -eu
kver=$1
ksrc=$2
src=$(ls -d /usr/src/dahdi-[0-9]* 2>/dev/null | sort -V | tail -n 1)
[ -n "$src" ] || { echo "dkms-build: dahdi-dkms sources not in /usr/src" >&2; exit 1; }
ver=${src#/usr/src/dahdi-}
symvers=""
for f in "/var/lib/dkms/dahdi/$ver/$kver/x86_64/build/drivers/dahdi/Module.symvers" \
	"/var/lib/dkms/dahdi/$ver/build/drivers/dahdi/Module.symvers"; do
	[ -r "$f" ] && { symvers=$f; break; }
done
[ -n "$symvers" ] || { echo "dkms-build: dahdi $ver not built by DKMS for $kver" >&2; exit 1; }
exec make kmod KVER="$kver" KDIR="$ksrc" DAHDI_INCLUDE="$src/include" \
	DAHDI_SYMVERS="$symvers"
