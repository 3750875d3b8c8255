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

# cticard_up [MODULE PARAMS...]: DAHDI plus cticard (default: 4 E1 ports,
# ports 1-2 and 3-4 cabled), spans assigned automatically.
cticard_up() {
	insmod "$DAHDI_KO_DIR/dahdi.ko" auto_assign_spans=1
	insmod "$CTICARD_KO" "${@:-cabling=pairs}"
	CARD=/sys/devices/platform/cticard
	[ -d $CARD/port1 ] || fail "cticard: no $CARD/port1"
}

cticard_down() {
	dahdi_cfg -s >/dev/null 2>&1 || true
	rmmod cticard 2>/dev/null || true
	rmmod dahdi 2>/dev/null || true
}

# cticard_pri_pair [LINE]: spans 1 and 2 as an E1 PRI pair (LINE: the span
# line's framing/coding, default ccs,hdb3,crc4); span 1 takes timing.
cticard_pri_pair() {
	local line=${1:-ccs,hdb3,crc4}
	cat >/etc/dahdi/system.conf <<CONF
span=1,1,0,$line
span=2,0,0,$line
bchan=1-15,17-31
dchan=16
bchan=32-46,48-62
dchan=47
CONF
	dahdi_cfg >/dev/null
}

# cticard_pri_crossed: four E1 PRI spans, ports cabled 1-3 and 2-4 (a
# centre's spans 1 and 2, their far ends' 3 and 4); span 1 takes timing.
# cticard must be up with cabling=none.
cticard_pri_crossed() {
	echo port3 >"$CARD/port1/cable"
	echo port4 >"$CARD/port2/cable"
	cat >/etc/dahdi/system.conf <<'CONF'
span=1,1,0,ccs,hdb3,crc4
span=2,0,0,ccs,hdb3,crc4
span=3,0,0,ccs,hdb3,crc4
span=4,0,0,ccs,hdb3,crc4
bchan=1-15,17-31
dchan=16
bchan=32-46,48-62
dchan=47
bchan=63-77,79-93
dchan=78
bchan=94-108,110-124
dchan=109
CONF
	dahdi_cfg
}

# span_alarms N: the alarm words of span N as /proc/dahdi/N's title line
# prints them ("" when clear)
span_alarms() {
	head -1 "/proc/dahdi/$1" | sed -n 's/.*"[^"]*" *\(.*\)$/\1/p' |
		sed 's/(MASTER)//; s/ClockSource//; s/  */ /g; s/^ //; s/ $//'
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds
wait_for() {
	local n=$(( $1 * 5 ))
	shift
	while ! "$@" >/dev/null 2>&1; do
		n=$((n - 1))
		[ $n -gt 0 ] || return 1
		sleep 0.2
	done
}

# scan_field N FIELD: FIELD's value in dahdi_scan's section of span N
scan_field() {
	dahdi_scan | awk -v s="[$1]" -v f="$2" -F= '
		/^\[/ { in_span = ($0 == s) }
		in_span && $1 == f { print substr($0, length(f) + 2); exit }'
}
