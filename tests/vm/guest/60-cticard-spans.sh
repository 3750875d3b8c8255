#!/bin/bash
# cticard registers a card of 4 E1 spans that stock dahdi-tools see as a
# hardware card's: dahdi_scan lists them, dahdi_cfg configures a PRI pair
# on the cabled ports 1-2, whose framers align (no alarm) while the
# unconfigured ports stay quiet; the module refuses to unload while a
# channel is open and unloads cleanly once configured spans are idle.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
cticard_up
trap cticard_down EXIT

scan=$(dahdi_scan || true) # exits 1 while spans are unconfigured
[ "$(grep -c '^\[' <<<"$scan")" -eq 4 ] || { echo "$scan"; fail "dahdi_scan: expected 4 spans"; }
[ "$(grep -c '^type=digital-E1' <<<"$scan")" -eq 4 ] || fail "dahdi_scan: spans not E1"
grep -q '^devicetype=cticard' <<<"$scan" || fail "dahdi_scan: devicetype"
[ "$(cat $CARD/port1/cable)" = port2 ] || fail "port1 not cabled to port2"
[ "$(cat $CARD/port3/cable)" = port4 ] || fail "port3 not cabled to port4"

cticard_pri_pair
# the framers hunt and align within milliseconds; RED would need 2.5 s
sleep 3
for n in 1 2; do
	[ "$(scan_field $n alarms)" = OK ] || { dahdi_scan; fail "span $n in alarm"; }
	scan_field $n framing | grep -q CCS || fail "span $n framing"
	[ "$(scan_field $n coding)" = HDB3 ] || fail "span $n coding"
	head -1 /proc/dahdi/$n | grep -q CRC4 || fail "span $n: no CRC-4"
done
grep -q '16 .*HDLCFCS' /proc/dahdi/1 || fail "D channel of span 1 not HDLCFCS"

# busy: an open channel pins the module
exec 3<>/dev/dahdi/chan/001/001
if rmmod cticard 2>/dev/null; then fail "rmmod succeeded with a channel open"; fi
exec 3>&-
# configured and running, but no channel open: unloads cleanly
rmmod cticard || fail "rmmod of a configured, idle card"
[ ! -d $CARD ] || fail "card directory left behind"
echo "4 E1 spans listed, PRI pair aligned without alarms, rmmod refused while busy, clean while configured"
