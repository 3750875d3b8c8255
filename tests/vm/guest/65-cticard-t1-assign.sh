#!/bin/bash
# Manual span assignment and line modes with stock tools, as for a
# hardware card: with DAHDI's auto assignment off the card's spans wait
# unassigned; dahdi_span_types makes them T1 (set_spantype) and
# dahdi_span_assignments numbers them. On the T1 pair (ESF/B8ZS), a
# loop-up code from span 1 puts span 2 in line loop after 5 s (span 1 then
# hears its own PRBS), and a loop-down code takes it out: ESF codes act
# after 10 repetitions (T1.403), so within dahdi_maint's 5 s.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
span=$CTI_BIN/cti-span
insmod "$DAHDI_KO_DIR/dahdi.ko" auto_assign_spans=0
insmod "$CTICARD_KO" ports=2 cabling=pairs
trap cticard_down EXIT
[ -z "$(ls /sys/bus/dahdi_spans/devices/ 2>/dev/null)" ] || fail "spans assigned with auto assignment off"

echo "* *:T1" >/etc/dahdi/span-types.conf # every span of every device
dahdi_span_types set
dahdi_span_assignments auto
scan=$(dahdi_scan || true)
[ "$(grep -c '^type=digital-T1' <<<"$scan")" -eq 2 ] || { echo "$scan"; fail "spans not T1 after dahdi_span_types"; }
[ "$(scan_field 1 totchans)" = 24 ] || fail "T1 span with $(scan_field 1 totchans) channels"

cat >/etc/dahdi/system.conf <<'CONF'
span=1,1,0,esf,b8zs
span=2,0,0,esf,b8zs
bchan=1-23
dchan=24
bchan=25-47
dchan=48
CONF
dahdi_cfg
sleep 3
[ "$(scan_field 1 alarms)" = OK ] && [ "$(scan_field 2 alarms)" = OK ] || { dahdi_scan; fail "T1 pair in alarm"; }
# an E1 line on a T1 span is refused, as a card would
cat >/tmp/bad.conf <<'CONF'
span=1,1,0,ccs,hdb3,crc4
bchan=1-15,17-31
CONF
if dahdi_cfg -c /tmp/bad.conf 2>/dev/null; then fail "dahdi_cfg accepted HDB3/CRC4 on a T1 span"; fi
dahdi_cfg

dahdi_maint -s 1 -l loopup # sends it for 5 s, then stops
wait_for 3 grep -q 'LOOP' /proc/dahdi/2 || { head -1 /proc/dahdi/2; fail "span 2 not looped by the loop-up code"; }
"$span" --json bert 1 --seconds 2 | jq -e '.result == "pass"' >/dev/null ||
	fail "span 1's PRBS did not come back through span 2's loop"
dahdi_maint -s 1 -l loopdown # sends it for 5 s (AT&T TR 54016)
wait_for 3 bash -c "! grep -q LOOP /proc/dahdi/2" || fail "span 2 still looped after the loop-down code"
echo "T1 by dahdi_span_types, manual assignment, loop-up/loop-down codes acted on"
