#!/bin/bash
# ISDN PRI over cticard's emulated E1 line: DAHDI's software HDLC runs over
# TS16 through both framers, so Q.921 comes up across the cable and a
# Q.931 call completes (pri_pair); libcti places a call whose B-channel
# carries a known pattern bit-exact both ways (pair_check); a cable pulled
# mid-call clears the call with a cause. Then the same over T1 (ESF).
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
cticard_up
trap cticard_down EXIT
cticard_pri_pair
sleep 2
"$CTI_VMPROGS/pri_pair" -t 30 /dev/dahdi/chan/001/016 /dev/dahdi/chan/002/016
"$CTI_BUILD/examples/pair_check" -v --dahdi 1 2

"$CTI_BIN/cti-call" --side net --json answer 2 >/tmp/answered.jsonl &
answerer=$!
"$CTI_BIN/cti-call" --wait 20 --json --hold 30 dial 1 5551000 >/tmp/dial.json &
dialer=$!
sleep 8 # link settle (3 s) and setup: the call is up
echo none >$CARD/port1/cable
rc=0; wait $dialer || rc=$?
kill -INT $answerer 2>/dev/null || true
wait $answerer || fail "cti-call answer died (exit $?) when its line went down"
cat /tmp/dial.json
[ "$(jq -r .outcome /tmp/dial.json)" != completed ] || [ "$(jq -r .cause /tmp/dial.json)" != 16 ] ||
	fail "call survived a pulled cable with normal clearing"
[ "$(jq -r .cause /tmp/dial.json)" = 38 ] || fail "cleared with cause $(jq -r .cause /tmp/dial.json), expected 38 (network out of order)"
[ "$(jq -r .connected_s /tmp/dial.json | cut -d. -f1)" -lt 20 ] || fail "call held on without a cable"
echo port2 >$CARD/port1/cable

# the application's view of a cable pulled mid-call: alarm, cleared call,
# span down (examples/place_call prints events). First the replugged line
# recovers (10 s) and the answering side's link comes up.
no_alarms() { "$CTI_BIN/cti-span" --json show "$1" --interval 0 | jq -e '.alarms | length == 0' >/dev/null; }
wait_for 15 no_alarms 1 || fail "span 1 did not recover after the cable came back"
"$CTI_BIN/cti-call" --side net answer 2 >/dev/null &
answerer=$!
sleep 3
"$CTI_BUILD/examples/place_call" --dahdi 1 5551000 30 >/tmp/events.txt 2>&1 &
dialer=$!
sleep 8 # link settle (3 s) and setup
echo none >$CARD/port1/cable
wait $dialer || true
kill -INT $answerer 2>/dev/null || true
wait $answerer || fail "cti-call answer died when its line went down"
cat /tmp/events.txt
grep -q 'ESTABLISHED' /tmp/events.txt || fail "place_call: call never established"
grep -q 'SPAN_ALARM' /tmp/events.txt || fail "place_call: no span alarm event after the cable was pulled"
grep -q 'CLEARED.*cause 38' /tmp/events.txt || fail "place_call: call not cleared with cause 38"
grep -q 'SPAN_DOWN' /tmp/events.txt || fail "place_call: no span-down event"
echo port2 >$CARD/port1/cable

# the same over a T1 pair (ESF, B8ZS, D channel on channel 24)
cticard_down
cticard_up linemode=t1 cabling=pairs
cat >/etc/dahdi/system.conf <<'CONF'
span=1,1,0,esf,b8zs
span=2,0,0,esf,b8zs
bchan=1-23
dchan=24
bchan=25-47
dchan=48
CONF
dahdi_cfg
sleep 2
"$CTI_VMPROGS/pri_pair" -t 30 /dev/dahdi/chan/001/024 /dev/dahdi/chan/002/024
"$CTI_BUILD/examples/pair_check" -v --t1 --dahdi 1 2
echo "PRI over cticard E1 and T1: Q.921 up, call completed, B-channel bit-exact both ways"
