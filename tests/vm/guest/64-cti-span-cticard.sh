#!/bin/bash
# cti-span against cticard, with and without faults injected: every
# command agrees with dahdi_scan, validates against its JSON schema, and
# exits 0 when all is well, 1 when alarms or errors are found.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
span=$CTI_BIN/cti-span
cticard_up
trap cticard_down EXIT
cticard_pri_pair
sleep 3

expect_rc 0 "$span" list
echo "$out"
[ "$(grep -c '^[0-9]' <<<"$out")" -eq 4 ] || fail "list: expected 4 spans"
grep -Eq '^3 .*UNCONFIGURED$' <<<"$out" || fail "list: span 3 (not in system.conf) not shown UNCONFIGURED"
[ "$(scan_field 3 alarms)" = UNCONFIGURED ] || fail "dahdi_scan disagrees on span 3"
"$span" --json list | json_check list

scan=$(dahdi_scan)
for n in 1 2; do
	before=$(cat $CARD/ticks)
	json=$("$span" show "$n" --json --interval 0.5)
	json_check show <<<"$json"
	# the card's clock as the text prints it, read between two looks
	# at the driver's own counters
	for c in ticks late_ticks missed_ticks; do
		v=$(jq -r ".clock.$c" <<<"$json")
		[ "$v" -le "$(cat $CARD/$c)" ] || fail "span $n: clock.$c $v ahead of sysfs"
	done
	[ "$(jq -r .clock.ticks <<<"$json")" -ge "$before" ] || fail "span $n: clock.ticks older than the run"
	[ "$(jq -r .channels_total <<<"$json")" = "$(scan_field $n totchans)" ] || fail "span $n channels"
	[ "$(jq -r .name <<<"$json")" = "$(scan_field $n name)" ] || fail "span $n name"
	[ "$(jq -r .type <<<"$json")" = E1 ] || fail "span $n type"
	[ "$(jq -r .crc4 <<<"$json")" = true ] || fail "span $n crc4"
	[ "$(jq -r '.alarms|length' <<<"$json")" = 0 ] || fail "span $n alarms $(jq -c .alarms <<<"$json")"
	[ "$(jq -r .errors_rising <<<"$json")" = false ] || fail "span $n errors rising on a clean line"
done
expect_rc 0 "$span" show 1 --interval 0.5

# faults: each seen by show, by dahdi_scan, and in the exit status
expect_rc 0 "$span" inject 2 los
wait_for 5 bash -c "$span --json show 2 --interval 0 | jq -e '.alarms|index(\"RED\")'" ||
	fail "inject los: span 2 not RED"
[ "$(scan_field 2 alarms)" != OK ] || fail "dahdi_scan: span 2 OK under LOS"
expect_rc 1 "$span" show 2 --interval 0
grep -qi 'loss of signal\|RED' <<<"$out" || fail "show: no explanation of RED"
"$span" --json show 2 --interval 0 | json_check show
expect_rc 1 "$span" --json list
json_check list <<<"$out"
expect_rc 0 "$span" inject 2 clear
wait_for 15 bash -c "$span --json show 2 --interval 0 | jq -e '.alarms|length == 0'" ||
	fail "span 2 alarms did not clear"

expect_rc 0 "$span" inject 2 ber 1e-3
expect_rc 1 "$span" show 2 --interval 1
grep -q 'rising' <<<"$out" || fail "show: errors not seen rising under BER 1e-3"
"$span" --json show 2 --interval 1 | tee /tmp/show.json | json_check show
jq -e '.rates_per_second.bpv > 500' /tmp/show.json >/dev/null || fail "bpv rate under 1e-3: $(jq .rates_per_second.bpv /tmp/show.json)"
expect_rc 0 "$span" inject 2 clear
sleep 1
expect_rc 0 "$span" watch 2 --count 2 --interval 0.5
"$span" reset-counters 2
expect_rc 0 "$span" inject 2 slip
sleep 0.5
[ "$("$span" --json show 2 --interval 0 | jq .counters.fas)" -gt 0 ] || fail "inject slip: no FAS errors"
expect_rc 2 "$span" inject 2 ber 0.5
expect_rc 2 "$span" inject 2 ber
expect_rc 2 "$span" inject 9 los
expect_rc 2 "$span" inject 2 fire
expect_rc 2 "$span" loop 2 sideways

# loops and BERT through cti-span
expect_rc 0 "$span" reset-counters 1
expect_rc 0 "$span" loop 2 network
"$span" --json bert 1 --seconds 2 | tee /tmp/bert.json | json_check bert
[ "$(jq -r .result /tmp/bert.json)" = pass ] || fail "bert through a network loop"
expect_rc 0 "$span" loop 2 off
echo "cti-span list/show/watch/inject/loop/bert agree with dahdi_scan under faults"
