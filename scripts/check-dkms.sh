#!/bin/bash
# make check-dkms: build cticard.ko through DKMS, as a user installing it
# next to Debian's dahdi-dkms would, for every kernel whose headers are
# installed (the generic and the PREEMPT_RT one here), then remove it
# again. Checks that each module is for its own kernel (vermagic) and that
# DKMS found it where dkms.conf says. Needs root, dkms and dahdi-dkms
# (scripts/packages.txt); the tree copied to /usr/src is the repository's
# tracked files under a test version, so an installed cticard is untouched.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
name=cticard ver=0.0.0.check
pass=0 fail=0
say() { echo "dkms: $*"; }
if [ "$(id -u)" -ne 0 ] || ! command -v dkms >/dev/null; then
	say "needs root and dkms (scripts/packages.txt)"; say "0 passed, 1 failed"; exit 1
fi
if ! ls -d /usr/src/dahdi-[0-9]* >/dev/null 2>&1; then
	say "dahdi-dkms is not installed"; say "0 passed, 1 failed"; exit 1
fi
src=/usr/src/$name-$ver
cleanup() {
	dkms remove "$name/$ver" --all >/dev/null 2>&1 || true
	rm -rf "$src"
}
trap cleanup EXIT
cleanup
mkdir -p "$src"
(cd "$top" && git ls-files -z | xargs -0 cp --parents -t "$src")
sed -i "s/^PACKAGE_VERSION=.*/PACKAGE_VERSION=\"$ver\"/" "$src/dkms.conf"
dkms add "$name/$ver" >/dev/null
for kdir in /usr/src/linux-headers-*-amd64; do
	kver=${kdir#/usr/src/linux-headers-}
	log=$(mktemp)
	start=$(date +%s)
	if dkms build "$name/$ver" -k "$kver" >"$log" 2>&1; then
		ko=$(find "/var/lib/dkms/$name/$ver/$kver" -name "$name.ko*" | head -n 1)
		magic=$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)
		if [ "$magic" = "$kver" ]; then
			say "$kver: built in $(( $(date +%s) - start ))s, vermagic $magic: PASS"
			pass=$((pass + 1))
		else
			say "$kver: module $ko has vermagic '$magic': FAIL"
			fail=$((fail + 1))
		fi
	else
		tail -n 30 "$log"
		mk=$(ls /var/lib/dkms/$name/$ver/build/make.log 2>/dev/null || true)
		say "$kver: dkms build failed${mk:+ (log: $mk)}: FAIL"
		fail=$((fail + 1))
	fi
	rm -f "$log"
done
say "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
