#!/bin/sh
# check-install, the service's part: what `make install DESTDIR=ROOT
# PREFIX=/usr` must have put under ROOT for ctid to run as a service
# (ctid(8), "THE SERVICE"). Usage: check-install-service.sh BUILD ROOT
set -eu
build=$1
root=$2
fail() { echo "check-install: $*" >&2; exit 1; }

for d in utils/*/; do
	t=$(basename "$d")
	ls "$d"*.c >/dev/null 2>&1 || continue
	[ "$t" = common ] && continue # what the tools share (Makefile), no tool
	[ -x "$root/usr/bin/$t" ] || fail "usr/bin/$t not installed"
done
for m in man/*.[1-8]; do
	p=$(basename "$m")
	s=${p##*.}
	[ -f "$root/usr/share/man/man$s/$p" ] || fail "$p not in usr/share/man/man$s"
done
for s in 1 5 8; do
	[ -n "$(ls "$root/usr/share/man/man$s" 2>/dev/null)" ] ||
		fail "no man page in section $s"
done
for f in usr/lib/systemd/system/ctid.service usr/lib/sysusers.d/ctid.conf \
	usr/lib/tmpfiles.d/ctid.conf; do
	[ -f "$root/$f" ] || fail "$f not installed"
done
unit=$root/usr/lib/systemd/system/ctid.service
grep -q '^ExecStart=/usr/bin/ctid --config /etc/cti/ctid.conf$' "$unit" ||
	fail "ctid.service: ExecStart is not the installed ctid with /etc/cti/ctid.conf"
! grep -q '@[A-Z]*@' "$unit" || fail "ctid.service: a @VARIABLE@ left unfilled"
grep -q '^u ctid ' "$root/usr/lib/sysusers.d/ctid.conf" ||
	fail "sysusers.d/ctid.conf: no user ctid"
# the sample as installed: the prompt set where this install put it, the
# store and the control socket in the directories the unit gives ctid,
# and it passes the installed ctid's --check (prompts read from ROOT)
if [ -f etc/ctid.conf ]; then
	c=$root/etc/cti/ctid.conf
	for f in ctid.conf ctid.conf.sample; do
		sed 's|"/usr/local/share/cti/|"/usr/share/cti/|g' etc/ctid.conf |
			cmp -s - "$root/etc/cti/$f" ||
			fail "etc/cti/$f is not the sample (with /usr/share)"
	done
	for f in etc/flows/*.flow; do
		[ -e "$f" ] || continue
		cmp -s "$f" "$root/etc/cti/flows/$(basename "$f")" ||
			fail "etc/cti/flows/$(basename "$f") is not the sample's"
	done
	grep -q '^prompts = "/usr/share/cti/prompts";' "$c" ||
		fail "etc/cti/ctid.conf: prompts is not /usr/share/cti/prompts"
	st=$(sed -n 's/^StateDirectory=//p' "$unit")
	rt=$(sed -n 's/^RuntimeDirectory=//p' "$unit")
	grep -q "^store = \"/var/lib/$st/" "$c" ||
		fail "etc/cti/ctid.conf: the store is not under /var/lib/$st (the unit's StateDirectory=: ctid may write nothing else)"
	# recordings and any other state path too, commented-out ones included:
	# an operator uncommenting one must not find ctid unable to write it
	! grep -o '"/var/lib/[^"]*"' "$c" | grep -v "^\"/var/lib/$st/" ||
		fail "etc/cti/ctid.conf: a path under /var/lib but not /var/lib/$st (the unit's StateDirectory=)"
	grep -q "^control = \"/run/$rt/" "$c" ||
		fail "etc/cti/ctid.conf: the control socket is not under /run/$rt (the unit's RuntimeDirectory=)"
	sed "s|\"/usr/share/cti/|\"$root/usr/share/cti/|" "$c" > "$root/etc/cti/check.conf"
	LD_LIBRARY_PATH=$root/usr/lib "$root/usr/bin/ctid" --check \
		-c "$root/etc/cti/check.conf" >/dev/null ||
		fail "the installed ctid --check refuses the installed sample"
	rm -f "$root/etc/cti/check.conf"
fi
# the prompt set as built, language by language, file by file
n=0
for d in "$build"/prompts/*/; do
	l=$(basename "$d")
	for w in "$d"*.wav; do
		cmp -s "$w" "$root/usr/share/cti/prompts/$l/$(basename "$w")" ||
			fail "prompt $l/$(basename "$w") not installed"
		n=$((n + 1))
	done
done
[ "$n" -gt 100 ] || fail "only $n prompts in $build/prompts"

# systemd-analyze verify on the staged unit: its programs are looked up
# under ROOT, and its Documentation= pages in ROOT's man pages when all are
# there (else --man=no: a page missing is reported above)
if command -v systemd-analyze >/dev/null; then
	v=$(mktemp -d)
	sed "s|=/usr/bin/|=$root/usr/bin/|g" "$unit" > "$v/ctid.service"
	man=no
	[ -f "$root/usr/share/man/man5/ctid.conf.5" ] && man=yes
	MANPATH=$root/usr/share/man systemd-analyze verify --man=$man \
		"$v/ctid.service" > "$v/out" 2>&1 || {
		cat "$v/out" >&2
		rm -rf "$v"
		fail "systemd-analyze verify ctid.service failed"
	}
	rm -rf "$v"
else
	echo "check-install: no systemd-analyze: ctid.service not verified" >&2
fi
echo "check-install: the service's files: $n prompts, unit verified"
