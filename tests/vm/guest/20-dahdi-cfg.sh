#!/bin/bash
# Stock dahdi_cfg configures a span set and dahdi_scan lists it. The spans
# come from DAHDI's own local dynamic driver (two E1-sized spans wired to
# each other, see lib.sh), so this tests the platform independently of
# cticard.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
dynamic_spans_up
trap dynamic_spans_down EXIT
cat /etc/dahdi/system.conf
dahdi_cfg -v | grep -E '^(Dynamic span|[0-9]+ channels)'
scan=$(dahdi_scan)
[ "$(grep -c '^\[' <<<"$scan")" -eq 2 ] || fail "dahdi_scan: expected 2 spans"
[ "$(grep -c '^totchans=31' <<<"$scan")" -eq 2 ] || fail "dahdi_scan: expected 31 channels a span"
[ "$(grep -c '^alarms=OK' <<<"$scan")" -eq 2 ] || fail "dahdi_scan: alarms"
[ -c /dev/dahdi/chan/001/016 ] || fail "no channel device nodes"
grep -q '16 .*HDLCFCS' /proc/dahdi/1 || fail "D channel of span 1 not HDLCFCS"
grep -q '47 .*HDLCFCS' /proc/dahdi/2 || fail "D channel of span 2 not HDLCFCS"
grep -c 'Clear' /proc/dahdi/1 | grep -qx 30 || fail "span 1: expected 30 B channels"
echo "dahdi_cfg configured 2 spans, 62 channels; dahdi_scan agrees"
