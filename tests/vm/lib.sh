# Shared by guest tests: source "$CTI_REPO/tests/vm/lib.sh".
# shellcheck shell=bash

fail() { echo "FAIL: $*"; exit 1; }

# expect_rc WANT CMD...: run CMD, fail unless it exits WANT; output kept in $out
expect_rc() {
	local want=$1 rc=0
	shift
	out=$("$@" 2>&1) || rc=$?
	[ "$rc" -eq "$want" ] || { echo "$out"; fail "'$*' exited $rc, expected $want"; }
}

# json_check DEFINITION: validate stdin against docs/cti-span.schema.json
json_check() {
	/usr/bin/python3 "$CTI_REPO/tests/vm/check-json.py" \
		"$CTI_REPO/docs/cti-span.schema.json" "$1"
}

# Two E1-sized spans of DAHDI's own local dynamic driver, wired to each
# other and configured as a PRI pair: spans for tests that need no cticard.
dynamic_spans_up() {
	local d=$DAHDI_KO_DIR
	insmod "$d/dahdi.ko" auto_assign_spans=1
	insmod "$d/dahdi_dynamic.ko"
	insmod "$d/dahdi_dynamic_loc.ko"
	cat >/etc/dahdi/system.conf <<'CONF'
dynamic=loc,1:0,31,0
dynamic=loc,1:1,31,0
bchan=1-15,17-31
dchan=16
bchan=32-46,48-62
dchan=47
CONF
	dahdi_cfg >/dev/null
}

dynamic_spans_down() {
	dahdi_cfg -s >/dev/null 2>&1 || true
	rmmod dahdi_dynamic_loc dahdi_dynamic dahdi 2>/dev/null || true
}
