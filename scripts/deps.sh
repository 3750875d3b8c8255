#!/bin/sh
# Install the Debian packages of scripts/packages.txt that are missing:
# those of the groups named ("build", "test", "vm"), or of every group.
# Idempotent: with everything present it only asks dpkg and returns.
set -eu
list="$(dirname "$0")/packages.txt"
groups="$*"
pkgs=$(awk -v want=" $groups " '
	/^[[:space:]]*(#|$)/ { next }
	/^\[.*\]$/ { g = substr($0, 2, length($0) - 2); next }
	want == "  " || index(want, " " g " ") { print $1 }' "$list")

missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = installed ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: these Debian packages are missing:$missing" >&2
	echo "deps: run 'sudo scripts/deps.sh${groups:+ $groups}' (or install them) and retry" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing
