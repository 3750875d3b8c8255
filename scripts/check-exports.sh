#!/bin/sh
# Part of make check-install (docs/HACKING.md, "Versions and the SONAME"):
#  1. libcti.so exports only cti_ symbols (no libpri, no gettimeofday);
#  2. libcti.pc names exactly the libraries libcti.so needs (Requires.private
#     and Libs.private, against the NEEDED entries of the --as-needed link);
#  3. the whole static libcti.a links with nothing but what libcti.pc says.
set -eu
build=$1
so=$(readlink -f "$build/lib/libcti.so")
pcdir=$build/lib/pkgconfig
fail=0

bad=$(nm -D --defined-only "$so" | awk '$3 !~ /^cti_/ { print $3 }')
if [ -n "$bad" ]; then
	echo "check-exports: $so exports more than cti_*:" $bad >&2
	fail=1
fi

needed=$(readelf -d "$so" | sed -n 's/.*(NEEDED).*\[lib\([^].]*\)\.so.*/\1/p' |
	grep -Ev '^(c|m|pthread|dl|rt|ld-linux.*)$' | sort -u)
field() { sed -n "s/^$1:[[:space:]]*//p" "$pcdir/libcti.pc"; }
listed=$(
	for mod in $(field Requires.private | tr ',' ' '); do
		pkg-config --libs-only-l "$mod"
	done
	field Libs.private
)
listed=$(for f in $listed; do
	case $f in -l*) echo "${f#-l}" ;; esac
done | grep -Ev '^(c|m|pthread|dl|rt)$' | sort -u)
if [ "$needed" != "$listed" ]; then
	echo "check-exports: libcti.so needs [" $needed "] but libcti.pc" \
		"lists [" $listed "]" >&2
	fail=1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 'int cti_version(void); int main(void) { return !cti_version(); }' \
	>"$tmp/app.c"
# libcti.a static, the system's libraries shared: what Requires.private
# and Libs.private give (pkg-config --static would also want the static
# dependencies of those libraries, e.g. libsndfile's codecs)
libs="$(for mod in $(field Requires.private | tr ',' ' '); do
	pkg-config --libs "$mod"
done) $(field Libs.private)"
# shellcheck disable=SC2086
if ! cc -o "$tmp/app" "$tmp/app.c" -Wl,--whole-archive "$build/lib/libcti.a" \
	-Wl,--no-whole-archive $libs 2>"$tmp/err"; then
	echo "check-exports: the static libcti.a does not link with" \
		"libcti.pc's libraries ($libs):" >&2
	cat "$tmp/err" >&2
	fail=1
fi
[ "$fail" = 0 ] && echo "check-exports: only cti_ exported; libcti.pc" \
	"lists [" $needed "] as libcti needs; static link ok"
exit "$fail"
