#!/bin/bash
# Alarms and counters EMERGE from the receiving framer reading an impaired
# line, as on a hardware card: no signal into span 2 → RED after 2.5 s
# (not before), the far end sees RAI → YELLOW; signal back → RECOVER, then
# clear after about 10 s; AIS → BLUE; bit errors → CRC-4 errors and
# bipolar violations on span 2, E-bits counted on span 1; a bit shift →
# frame alignment lost and found again. cti-span agrees with dahdi_scan.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
span=$CTI_BIN/cti-span
cticard_up
trap cticard_down EXIT
cticard_pri_pair
sleep 3

alarms() { "$span" --json show "$1" --interval 0 | jq -r '.alarms | join(",")'; }
counter() { "$span" --json show "$1" --interval 0 | jq -r ".counters.$2"; }
has_alarm() { alarms "$1" | tr ',' '\n' | grep -qx "$2"; }
lacks_alarm() { ! has_alarm "$@"; }
no_alarms() { [ -z "$(alarms "$1")" ]; }

[ -z "$(alarms 1)" ] && [ -z "$(alarms 2)" ] || fail "alarms before any fault: 1=$(alarms 1) 2=$(alarms 2)"

# Too early is judged in line time, the card's 1 ms ticks (a loaded host
# stretches the guest's commands, not the line's clock): ticks read
# before a change and again after a look bound the change's age at that
# look from above.
ticks() { cat $CARD/ticks; }
t0=$(ticks)
echo 1 >$CARD/port2/los
sleep 1.5
if has_alarm 2 RED; then
	age=$(( $(ticks) - t0 ))
	[ $age -ge 2500 ] || fail "span 2 RED after $age ms of LOS (needs 2.5 s)"
fi
wait_for 4 has_alarm 2 RED || fail "span 2 not RED after LOS; alarms=$(alarms 2)"
has_alarm 2 LOS || fail "span 2: LOS detail missing ($(alarms 2))"
wait_for 2 has_alarm 1 YELLOW || fail "span 1 not YELLOW while span 2 is RED; alarms=$(alarms 1)"
[ "$(scan_field 2 alarms)" != OK ] || fail "dahdi_scan disagrees: span 2 OK"
"$span" show 2 --interval 0 | grep -q RED || fail "cti-span show: no RED"
expect_rc 1 "$span" show 2 --interval 0

t1=$(ticks)
echo 0 >$CARD/port2/los
wait_for 3 has_alarm 2 RECOVER || fail "span 2 not RECOVERing; alarms=$(alarms 2)"
has_alarm 2 RED && fail "span 2 still RED after recovery began"
wait_for 3 lacks_alarm 1 YELLOW || fail "span 1 still YELLOW"
sleep 5
if ! has_alarm 2 RECOVER; then
	age=$(( $(ticks) - t1 ))
	[ $age -ge 10000 ] || fail "span 2 cleared RECOVER after $age ms (needs 10 s)"
fi
wait_for 10 no_alarms 2 || fail "span 2 alarms did not clear: $(alarms 2)"

echo 1 >$CARD/port2/ais
wait_for 5 has_alarm 2 BLUE || fail "span 2 not BLUE on AIS; alarms=$(alarms 2)"
echo 1 >$CARD/port2/clear
wait_for 15 no_alarms 2 || fail "span 2 alarms did not clear after AIS"

"$span" reset-counters 1
"$span" reset-counters 2
echo 1e-4 >$CARD/port2/ber
[ "$(cat $CARD/port2/ber)" = 1e-4 ] || fail "ber reads back $(cat $CARD/port2/ber)"
sleep 2
echo 0 >$CARD/port2/ber
crc=$(counter 2 crc4); bpv=$(counter 2 bpv); ebit=$(counter 1 ebit)
echo "BER 1e-4 for 2 s: span 2 crc4=$crc bpv=$bpv, span 1 ebit=$ebit"
# 2 s at 1e-4 of 2.048 Mbit/s: ~410 errored bits, each one a BPV
[ "$bpv" -gt 200 ] && [ "$bpv" -lt 800 ] || fail "bpv $bpv not near 410"
[ "$crc" -gt 100 ] || fail "crc4 $crc: too few CRC-4 errors"
[ "$ebit" -gt 0 ] || fail "no E-bits counted at the far end"
"$span" inject 2 ber 1e-1 2>/dev/null && fail "ber 1e-1 accepted"
expect_rc 2 "$span" inject 2 ber 1e-1

"$span" reset-counters 2
"$span" inject 2 slip
sleep 1
fas=$(counter 2 fas)
[ "$fas" -gt 0 ] || fail "no FAS errors after a bit shift"
sleep 2
[ -z "$(alarms 2)" ] || fail "span 2 did not realign after the shift: $(alarms 2)"
echo "LOS→RED/YELLOW→RECOVER→OK, AIS→BLUE, BER→crc4/bpv/ebit, shift→fas=$fas and realigned"
