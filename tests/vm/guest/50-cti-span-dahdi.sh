#!/bin/bash
# cti-span against DAHDI's own dynamic spans (no cticard): it must agree
# with dahdi_scan, validate against its JSON schema, refuse what the driver
# cannot do with exit 2, and exit 2 with usage on bad arguments.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
span=$CTI_BIN/cti-span

expect_rc 2 "$span" list           # DAHDI not loaded yet: system error
grep -q 'not loaded' <<<"$out" || fail "no 'not loaded' message: $out"

dynamic_spans_up
trap dynamic_spans_down EXIT

expect_rc 0 "$span" list
echo "$out"
[ "$(grep -c '^[0-9]' <<<"$out")" -eq 2 ] || fail "list: expected 2 spans"
"$span" --json list | json_check list

# Agree with dahdi_scan on every span.
scan=$(dahdi_scan)
for n in 1 2; do
	json=$("$span" show "$n" --json --interval 0.2)
	json_check show <<<"$json"
	sect=$(awk -v s="[$n]" '$0==s{on=1;next} /^\[/{on=0} on' <<<"$scan")
	want_chans=$(sed -n 's/^totchans=//p' <<<"$sect")
	want_base=$(sed -n 's/^basechan=//p' <<<"$sect")
	want_name=$(sed -n 's/^name=//p' <<<"$sect")
	want_alarms=$(sed -n 's/^alarms=//p' <<<"$sect")
	[ "$(jq -r .channels_total <<<"$json")" = "$want_chans" ] || fail "span $n channels"
	[ "$(jq -r .base_channel <<<"$json")" = "$want_base" ] || fail "span $n basechan"
	[ "$(jq -r .name <<<"$json")" = "$want_name" ] || fail "span $n name"
	[ "$want_alarms" = OK ] && [ "$(jq -r '.alarms|length' <<<"$json")" = 0 ] ||
		fail "span $n alarms: dahdi_scan says $want_alarms, we say $(jq -c .alarms <<<"$json")"
	[ "$(jq '[.channels[]|select(.configured)]|length' <<<"$json")" = 31 ] || fail "span $n configured channels"
	[ "$(jq -r '.dchannels[0].position' <<<"$json")" = 16 ] || fail "span $n D channel position"
done

expect_rc 0 "$span" show 1 --interval 0.2
echo "$out"
grep -q 'D channel 16 (position 16, HDLCFCS): not open' <<<"$out" || fail "show: D channel line"

# Open the D channel (as a PRI stack would): show must see it in use.
exec 7<>/dev/dahdi/chan/001/016
json=$("$span" show 1 --json --interval 0)
exec 7>&-
[ "$(jq -r '.dchannels[0].open' <<<"$json")" = true ] || fail "D channel open not seen"
[ "$(jq -r '.dchannels[0].open' <<<"$("$span" show 1 --json --interval 0)")" = false ] ||
	fail "D channel still seen open after close"

expect_rc 0 "$span" watch 1 --count 2 --interval 0.2
[ "$(grep -c '^Span 1:' <<<"$out")" -eq 2 ] || fail "watch: expected 2 refreshes"
"$span" watch 2 --count 2 --interval 0.2 --json | json_check show

# The dynamic driver has no maintenance: a clear refusal, exit 2.
expect_rc 2 "$span" loop 1 local
grep -q 'does not support' <<<"$out" || fail "loop: $out"
expect_rc 2 "$span" inject 1 los
grep -q 'only cticard' <<<"$out" || fail "inject: $out"

# Bad arguments: exit 2 with a reason.
expect_rc 2 "$span" show
expect_rc 2 "$span" show 99
grep -q 'no span 99' <<<"$out" || fail "show 99: $out"
expect_rc 2 "$span" loop 1 sideways
expect_rc 2 "$span" inject 1 ber
expect_rc 2 "$span" inject 1 ber 0.5
expect_rc 2 "$span" bert 1 --seconds 0
expect_rc 2 "$span" frobnicate 1
expect_rc 2 "$span"
expect_rc 0 "$span" --help
echo "cti-span agrees with dahdi_scan on 2 dynamic spans"
