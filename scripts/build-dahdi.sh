#!/bin/sh
# Build DAHDI's core module (dahdi.ko, plus dahdi_dynamic{,_loc}.ko for
# tests that need spans without our driver) for the kernel whose headers
# are in $1, under $2, from Debian's dahdi-source tarball or from the DAHDI
# source tree given as $3 (dahdi-dkms's /usr/src/dahdi-<version>). Our
# Kbuild links against the Module.symvers this leaves in
# $2/modules/dahdi/drivers/dahdi/.
#
# DAHDI is third-party code that warns a lot with today's compilers: its
# build goes to $2/build.log and this prints one line (on failure, the
# end of the log and its path).
set -eu
kdir=$1
out=$2
srcdir=${3:-}
tarball=/usr/src/dahdi.tar.bz2
[ -d "$kdir" ] || { echo "build-dahdi: no kernel headers at $kdir" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/modules"
if [ -n "$srcdir" ]; then
	[ -d "$srcdir/drivers/dahdi" ] || { echo "build-dahdi: $srcdir is not a DAHDI source tree" >&2; exit 1; }
	cp -r "$srcdir" "$out/modules/dahdi"
	from=$srcdir
else
	[ -r "$tarball" ] || { echo "build-dahdi: $tarball missing (dahdi-source)" >&2; exit 1; }
	tar -xjf "$tarball" -C "$out"
	from="dahdi-source $(dpkg-query -W -f='${Version}' dahdi-source 2>/dev/null || echo '?')"
fi
src=$(cd "$out/modules/dahdi" && pwd)
log=$(cd "$out" && pwd)/build.log
start=$(date +%s)
if ! make -C "$kdir" M="$src/drivers/dahdi" DAHDI_INCLUDE="$src/include" \
	DAHDI_BUILD_ALL= CONFIG_DAHDI=m CONFIG_DAHDI_DYNAMIC=m \
	CONFIG_DAHDI_DYNAMIC_LOC=m modules >"$log" 2>&1; then
	tail -n 30 "$log" >&2
	echo "build-dahdi: FAILED building DAHDI ($from) for ${kdir##*/linux-headers-}; whole log: $log" >&2
	exit 1
fi
echo "dahdi: DAHDI core ($from) built for ${kdir##*/linux-headers-} in $(( $(date +%s) - start ))s (log: $log)"
