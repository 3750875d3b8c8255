#!/bin/sh
# Called by DKMS (dkms.conf): build cticard.ko for kernel $1 (headers in $2)
# against the DAHDI of Debian's dahdi-dkms. DKMS keeps no Module.symvers
# of the dahdi it installed, so DAHDI's core is rebuilt here from the same
# source for the same kernel: its symbol versions are those of the
# installed dahdi.ko.
set -eu
kver=$1
ksrc=$2
src=$(ls -d /usr/src/dahdi-[0-9]* 2>/dev/null | sort -V | tail -n 1)
[ -n "$src" ] || { echo "dkms-build: dahdi-dkms sources not in /usr/src" >&2; exit 1; }
scripts/build-dahdi.sh "$ksrc" build/dahdi-dkms "$src"
dahdi=build/dahdi-dkms/modules/dahdi
exec make kmod KVER="$kver" KDIR="$ksrc" DAHDI_INCLUDE="$src/include" \
	DAHDI_SYMVERS="$dahdi/drivers/dahdi/Module.symvers"
