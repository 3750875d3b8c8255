#!/bin/sh
# make check-install: `make install DESTDIR=<tmp> PREFIX=/usr`, check that
# headers, libcti.so.N, libcti.a and libcti.pc are where they belong, then
# build a program outside the tree with `pkg-config --cflags --libs libcti`
# (against the staged copy) and run it.
set -eu
build=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
make -s install DESTDIR="$stage/root" PREFIX=/usr BUILD="$build" >/dev/null
root=$stage/root
major=$(sed -n 's/^#define CTI_VERSION_MAJOR //p' include/cti/common.h)
for f in usr/include/cti/cti.h usr/include/cti/common.h usr/lib/libcti.a \
	"usr/lib/libcti.so.$major" usr/lib/libcti.so usr/lib/pkgconfig/libcti.pc; do
	[ -e "$root/$f" ] || { echo "check-install: $f not installed" >&2; exit 1; }
done
cat >"$stage/app.c" <<'APP'
#include <stdio.h>
#include <cti/cti.h>
int main(void)
{
	printf("check-install: built against libcti %s\n", cti_version_string());
	return cti_version() == CTI_VERSION_HEX ? 0 : 1;
}
APP
pc="pkg-config --define-prefix"
flags=$(PKG_CONFIG_PATH="$root/usr/lib/pkgconfig" $pc --cflags --libs libcti)
case $flags in *"$root/usr/include"*) ;; *) echo "check-install: bad cflags: $flags" >&2; exit 1 ;; esac
# shellcheck disable=SC2086
cc -Wall -Werror "$stage/app.c" $flags -o "$stage/app"
LD_LIBRARY_PATH="$root/usr/lib" "$stage/app"
echo "check-install: 1 passed, 0 failed"
