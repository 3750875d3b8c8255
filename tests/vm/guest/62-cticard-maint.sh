#!/bin/bash
# Maintenance as on a hardware card, through stock dahdi_maint and
# cti-span: PRBS 2^15-1 over a loopback plug passes clean and counts bit
# errors under BER; local, network line and payload loops (LOOPBACK alarm, pattern
# returned); single defects inserted at one end are counted at the other;
# a clock offset between the ends gives controlled slips, not re-hunts;
# counters reset.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
span=$CTI_BIN/cti-span
cticard_up cabling=pairs
trap cticard_down EXIT
echo loop >$CARD/port3/cable
cat >/etc/dahdi/system.conf <<'CONF'
span=1,1,0,ccs,hdb3,crc4
span=2,0,0,ccs,hdb3,crc4
span=3,0,0,ccs,hdb3,crc4
bchan=1-15,17-31
dchan=16
bchan=32-46,48-62
dchan=47
bchan=63-93
CONF
dahdi_cfg
sleep 3
counter() { "$span" --json show "$1" --interval 0 | jq -r ".counters.$2"; }
alarms() { "$span" --json show "$1" --interval 0 | jq -r '.alarms | join(",")'; }

# PRBS over the loopback plug of port 3
"$span" --json bert 3 --seconds 3 | tee /tmp/bert.json | json_check bert
[ "$(jq -r .result /tmp/bert.json)" = pass ] || fail "clean BERT over a loop plug failed"
echo 1e-4 >$CARD/port3/ber
expect_rc 1 "$span" --json bert 3 --seconds 3
errors=$(jq -r .bit_errors <<<"$out")
echo 0 >$CARD/port3/ber
echo "BERT at 1e-4: $errors bit errors"
[ "$errors" -gt 20 ] || fail "BERT under 1e-4 counted only $errors errors"

# local loop: LOOPBACK alarm, our own pattern comes back
dahdi_maint -s 1 -l localhost
wait_for 2 bash -c "grep -q LOOP /proc/dahdi/1" || fail "no LOOPBACK alarm"
"$span" --json bert 1 --seconds 2 | jq -e '.result == "pass"' >/dev/null ||
	fail "BERT over a local loop failed"
dahdi_maint -s 1 -l off
wait_for 2 bash -c "! grep -q LOOP /proc/dahdi/1" || fail "LOOPBACK stayed"

# network line loop at span 2: span 1's pattern returns from the far end
sleep 1
dahdi_maint -s 2 -l networkline
"$span" --json bert 1 --seconds 2 | jq -e '.result == "pass"' >/dev/null ||
	fail "BERT through the far end's line loop failed"
dahdi_maint -s 2 -l off
# network payload loop: the payload comes back reframed by span 2
dahdi_maint -s 2 -l networkpayload
"$span" --json bert 1 --seconds 2 | jq -e '.result == "pass"' >/dev/null ||
	fail "BERT through the far end's payload loop failed"
dahdi_maint -s 2 -l off
sleep 3

# single defects: each counted exactly once at the far end
defect() { # KIND SPAN2-COUNTER [SPAN1-COUNTER]
	dahdi_maint -s 2 -r >/dev/null
	dahdi_maint -s 1 -r >/dev/null
	dahdi_maint -s 1 -i "$1"
	sleep 1
	echo "defect $1: span 2 $2=$(counter 2 "$2")${3:+, span 1 $3=$(counter 1 "$3")}"
	[ "$(counter 2 "$2")" -eq 1 ] || fail "$1 defect counted $(counter 2 "$2") times"
	[ -z "${3:-}" ] || [ "$(counter 1 "$3")" -eq 1 ] || fail "$1 defect: far end returned $(counter 1 "$3") $3"
}
defect fas fas
defect crc crc4 ebit
dahdi_maint -s 2 | grep -q 'CRC Errors : 1' || fail "dahdi_maint disagrees on CRC errors"
defect bipolar bpv

# clock offset: 500 ppm = 4 controlled slips a second, alignment kept
dahdi_maint -s 2 -r >/dev/null
echo 500 >$CARD/port2/ppm
sleep 3
slips=$(counter 2 timingslips)
echo 0 >$CARD/port2/ppm
echo "500 ppm for 3 s: $slips slips"
[ "$slips" -ge 8 ] && [ "$slips" -le 16 ] || fail "slips $slips, expected about 12"
[ "$(counter 2 fas)" -eq 0 ] || fail "slips caused FAS errors (re-hunts)"
[ -z "$(alarms 2)" ] || fail "slips raised alarms: $(alarms 2)"

"$span" reset-counters 2
[ "$(counter 2 timingslips)" -eq 0 ] || fail "reset-counters"
echo "PRBS, loops, defects, slips and counter reset behave as on hardware"
