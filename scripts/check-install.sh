#!/bin/sh
# make check-install: `make install DESTDIR=<tmp> PREFIX=/usr`, check that
# headers, libcti.so.SONAME, libcti.a and libcti.pc are where they belong
# (the SONAME by the rule of docs/HACKING.md, and the one the library says), then
# build a program outside the tree with `pkg-config --cflags --libs libcti`
# (against the staged copy) and run it. Then the service's files: every
# tool in bin, every man page in the section its name ends in, the unit
# (with the installed paths, passing systemd-analyze verify), its
# sysusers.d and tmpfiles.d snippets, the sample configuration, the
# default prompt set as built; then make uninstall leaves only the
# operator's configuration.
set -eu
build=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
make -s install DESTDIR="$stage/root" PREFIX=/usr BUILD="$build" >/dev/null
root=$stage/root
major=$(sed -n 's/^#define CTI_VERSION_MAJOR //p' include/cti/common.h)
minor=$(sed -n 's/^#define CTI_VERSION_MINOR //p' include/cti/common.h)
if [ "$major" = 0 ]; then soname=libcti.so.0.$minor; else soname=libcti.so.$major; fi
for f in usr/include/cti/cti.h usr/include/cti/common.h usr/lib/libcti.a \
	"usr/lib/$soname" usr/lib/libcti.so usr/lib/pkgconfig/libcti.pc; do
	[ -e "$root/$f" ] || { echo "check-install: $f not installed" >&2; exit 1; }
done
got=$(readelf -d "$root/usr/lib/$soname" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$got" = "$soname" ] || { echo "check-install: SONAME is '$got', the rule says $soname" >&2; exit 1; }
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
# what libcti.so exports and needs, and libcti.pc says (scripts/check-exports.sh)
scripts/check-exports.sh "$build"
scripts/check-install-service.sh "$build" "$root"
# make uninstall takes all of it away but the operator's configuration
make -s uninstall DESTDIR="$root" PREFIX=/usr BUILD="$build" >/dev/null
left=$(cd "$root" && find . ! -type d | sort | tr '\n' ' ')
# (ctid.conf and its flows: the Makefile's uninstall keeps them)
want=$([ -f etc/ctid.conf ] && echo "./etc/cti/ctid.conf ")
for f in etc/flows/*.flow; do
	[ -e "$f" ] && want="$want./etc/cti/flows/$(basename "$f") "
done
want=$(echo "$want" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' ')
[ "$left" = "$want" ] || { echo "check-install: left after make uninstall: $left" >&2; exit 1; }
echo "check-install: 4 passed, 0 failed"
