#!/bin/bash
# cti-call over real DAHDI spans (DAHDI's local dynamic driver, span 1
# wired to span 2): `answer` on the network side, `dial` and `load` from the
# user side; the results must show every call answered and cleared.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
call=$CTI_BIN/cti-call
dynamic_spans_up
trap 'kill $answerer 2>/dev/null || true; dynamic_spans_down' EXIT

"$call" --side net --json answer 2 >/tmp/answered.jsonl &
answerer=$!
# cti-span shows the Q.921 state the answering process publishes
wait_for 10 bash -c "$CTI_BIN/cti-span --json show 2 --interval 0 | jq -e '.dchannels[0].q921 == \"down\" or .dchannels[0].q921 == \"up\"'" ||
	fail "cti-span: no Q.921 state for span 2 while cti-call holds it"
"$CTI_BIN/cti-span" --json show 2 --interval 0 | json_check show
"$CTI_BIN/cti-span" show 2 --interval 0 | grep 'D channel'
"$call" --wait 20 --json --dtmf 123 --hold 1 dial 1 5551000 | tee /tmp/dial.json
[ "$(jq -r .outcome /tmp/dial.json)" = completed ] || fail "dial did not complete"
[ "$(jq -r .cause /tmp/dial.json)" = 16 ] || fail "dial cause"

# Every B channel is open (the answerer holds them all); cti-span tells
# open apart from the calls the libcti holder publishes: one call up.
"$call" --wait 20 --json --hold 4 dial 1 5551001 >/tmp/dial2.json &
dialer=$!
wait_for 15 bash -c "$CTI_BIN/cti-span --json show 2 --interval 0 | jq -e '.calls == 1'" ||
	fail "cti-span: not 1 call on span 2 during a call"
"$CTI_BIN/cti-span" show 2 --interval 0 | tee /tmp/show2.txt
grep -Eq '^  B channels 30 configured, 30 open by a program: 32-46 48-62$' /tmp/show2.txt ||
	fail "cti-span: B channels not shown open"
grep -Eq '^  Calls     1 \(as published by pid [0-9]+, the libcti process holding the D channel\): B channels [0-9]+$' /tmp/show2.txt ||
	fail "cti-span: the call is not counted apart"
wait $dialer || fail "second dial failed"
wait_for 5 bash -c "$CTI_BIN/cti-span --json show 2 --interval 0 | jq -e '.calls == 0'" ||
	fail "cti-span: calls left counted after the call ended"

"$call" --wait 20 --json load 1 --rate 5 --calls 10 --duration 1 | tee /tmp/load.json
[ "$(jq -r .answered /tmp/load.json)" = 10 ] || fail "load: not all 10 calls answered"
[ "$(jq -r .asr_percent /tmp/load.json)" = 100 ] || fail "load: ASR"
"$CTI_BIN/cti-span" --json show 2 --interval 0 | jq -e '.dchannels[0].q921 == "up"' >/dev/null ||
	fail "cti-span: Q.921 not up on span 2 after calls"
kill -INT $answerer
wait $answerer || fail "answer did not exit cleanly on SIGINT"
"$CTI_BIN/cti-span" --json show 2 --interval 0 | jq -e '.dchannels[0].q921 == "unknown"' >/dev/null ||
	fail "cti-span: Q.921 state left behind by an exited process"
[ "$(wc -l </tmp/answered.jsonl)" -eq 12 ] || fail "answer saw $(wc -l </tmp/answered.jsonl) calls, expected 12"
echo "cti-call: 12 calls over DAHDI, all answered and cleared"
