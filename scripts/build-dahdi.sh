#!/bin/sh
# Build DAHDI's core module (dahdi.ko, plus dahdi_dynamic{,_loc}.ko for
# tests that need spans without our driver) from Debian's dahdi-source for the
# kernel whose headers are in $1, under $2. Our Kbuild links against the
# Module.symvers this leaves in $2/modules/dahdi/drivers/dahdi/.
set -eu
kdir=$1
out=$2
tarball=/usr/src/dahdi.tar.bz2
[ -d "$kdir" ] || { echo "build-dahdi: no kernel headers at $kdir" >&2; exit 1; }
[ -r "$tarball" ] || { echo "build-dahdi: $tarball missing (dahdi-source)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out"
tar -xjf "$tarball" -C "$out"
src=$(cd "$out/modules/dahdi" && pwd)
make -C "$kdir" M="$src/drivers/dahdi" DAHDI_INCLUDE="$src/include" \
	DAHDI_BUILD_ALL= CONFIG_DAHDI=m CONFIG_DAHDI_DYNAMIC=m \
	CONFIG_DAHDI_DYNAMIC_LOC=m modules
