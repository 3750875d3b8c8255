#!/bin/sh
# Called by DKMS (dkms.conf): build cticard.ko for kernel $1 (headers in $2)
# against the DAHDI of Debian's dahdi-dkms, into build/kernel/$1/kmod/.
# DKMS keeps no Module.symvers of the dahdi it installed, so DAHDI's core
# is rebuilt here from the same source for the same kernel: its symbol
# versions are those of the installed dahdi.ko. Warnings do not fail the
# build (CTI_WERROR=n): a kernel or compiler newer than the project tried
# may warn where ours does not.
set -eu
kver=$1
ksrc=$2
src=$(ls -d /usr/src/dahdi-[0-9]* 2>/dev/null | sort -V | tail -n 1)
[ -n "$src" ] || { echo "dkms-build: dahdi-dkms sources not in /usr/src" >&2; exit 1; }
out=build/kernel/$kver/dahdi-dkms
scripts/build-dahdi.sh "$ksrc" "$out" "$src"
exec make --no-print-directory kmod KVER="$kver" KDIR="$ksrc" CTI_WERROR=n \
	DAHDI_INCLUDE="$src/include" \
	DAHDI_SYMVERS="$out/modules/dahdi/drivers/dahdi/Module.symvers"
