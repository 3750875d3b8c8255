#!/bin/bash
# libcti's R2 side (lib/r2 over Debian's openr2 1.3.3, tests/vm/progs/r2_call)
# over cticard's cabled E1 CAS ports, variant CN (China No.1) unless said:
# - libcti calls openr2's r2test: DNIS, ANI and category arrive intact (the
#   China ANI shim: unpatched openr2 alone cannot send a No.1 ANI, see
#   69-r2-openr2-pair and docs/r2.md); answer; libcti clears forward.
# - r2test calls libcti, which first blocks the channel 2 s (r2test waits
#   for the unblocking), then gets the DNIS and category (r2test cannot send
#   a No.1 ANI, so libcti asks for none), answers and clears back.
# - libcti to libcti: DNIS, ANI, category; the called side clears first.
# - refusals: Q.850 17 goes out as busy (B-2) and comes back as 17; 1 as
#   unallocated and back as 1; 34 as congestion (B-4) and back as 34.
# - cti-span show (text and JSON) prints the R2 line state lib/r2
#   publishes for the channel of the call up.
# - audio after answer: DTMF from lib/dsp keyed into the call and decoded
#   by lib/dsp at the other end (r2test echoes it back to us).
# - ten calls in a row: setup latency (dial to answer) and the
#   answer-seizure ratio, as cti-call load reports them for PRI.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
command -v r2test >/dev/null || { echo "r2test missing (libopenr2-bin)"; exit 77; }
r2call=$CTI_VMPROGS/r2_call

cticard_up
trap cticard_down EXIT
cat >/etc/dahdi/system.conf <<'CONF'
span=1,1,0,cas,hdb3
span=2,0,0,cas,hdb3
cas=1-15:1101
cas=17-31:1101
cas=32-46:1101
cas=48-62:1101
CONF
dahdi_cfg
sleep 2

r2test_conf() { # FILE CHAN CALLER
	cat >"$1" <<CONF
variant=cn
loglevel=all
maxani=10
maxdnis=4
getanifirst=no
category=NATIONAL_SUBSCRIBER
mfbacktimeout=-1
meteringpulsetimeout=-1
dnid=4321
cid=8613901
caller=$3
channel=$2-$2
CONF
}

show() { for f in "$@"; do echo "--- $f"; grep -vE 'DEBUG|STACK' "$f" | tail -n 40; done
	echo "cticard: ticks $(cat $CARD/ticks) late $(cat $CARD/late_ticks) missed $(lost)"; }
want() { # FILE REGEX WHAT
	grep -qE "$2" "$1" || { show /tmp/*.log; fail "$3"; }
}
# ms_between FILE REGEX1 REGEX2: r2_call's stamps of two events
ms_between() {
	local a b
	a=$(grep -E "$2" "$1" | head -n 1 | cut -d' ' -f1)
	b=$(grep -E "$3" "$1" | head -n 1 | cut -d' ' -f1)
	echo $((b - a))
}

# once WHAT FN: run scenario FN. R2's compelled MF signalling needs the
# audio on time: when QEMU is starved by a loaded host, cticard drops ticks
# (missed_ticks: audio lost), an MF tone splits in two and a digit doubles.
# A failed scenario is retried once, said out loud; if the retry fails too
# while ticks were lost, the test is skipped (77) naming the lost ticks,
# since then the host, not the code, is what was measured.
# (cticard's missed_ticks; lost_ticks before the tick became a kthread).
# max_late: the most the card's tick ran late since it was loaded (this
# test loaded it), in us; 0 where the module does not say.
max_late() {
	if [ -n "${CARD:-}" ] && [ -r "$CARD/max_late_us" ]; then cat "$CARD/max_late_us"; else echo 0; fi
}
lost() {
	if [ -r "$CARD/missed_ticks" ]; then cat "$CARD/missed_ticks"
	else cat "$CARD/lost_ticks"; fi
}
once() {
	local l0 l1
	l0=$(lost)
	if (trap 'kill $(jobs -p) 2>/dev/null || true' EXIT; "$2") >/tmp/try1.out 2>&1; then
		cat /tmp/try1.out
		return
	fi
	echo "$1: first attempt failed ($(( $(lost) - l0 )) ticks lost meanwhile, tick up to $(max_late) us late so far), retrying once:"
	grep -E 'FAIL|OFFERED|call ready|cticard:' /tmp/try1.out | sed 's/^/  /'
	sleep 1
	l1=$(lost)
	if ! (trap 'kill $(jobs -p) 2>/dev/null || true' EXIT; "$2") >/tmp/try2.out 2>&1; then
		cat /tmp/try2.out
		if [ "$(lost)" -gt "$l1" ] || [ "$(max_late)" -ge 20000 ]; then
			echo "SKIP: host overloaded: cticard lost $(( $(lost) - l1 )) ticks (audio dropped) during the retry and its tick ran up to $(max_late) us late (more than a 20 ms audio block) in this test; retry of '$1'"
			exit 77
		fi
		fail "$1: failed twice with no tick lost"
	fi
	cat /tmp/try2.out
}

# 1. libcti (forward, chan 32) -> r2test (backward, chan 1)
s1() {
rm -f /tmp/*.log
r2test_conf /tmp/back.conf 1 no
stdbuf -oL r2test -c /tmp/back.conf >/tmp/r2test.log 2>&1 &
r2pid=$!
sleep 1
"$r2call" -t 25 -H 6000 -D '1234567890*#' -c 4321,8613901,national 32 >/tmp/fwd.log 2>&1 &
fpid=$!
# cti-span shows the R2 line state lib/r2 publishes, while the call is up
wait_for 15 grep -q ' ANSWERED ' /tmp/fwd.log || { kill $fpid; show /tmp/fwd.log; fail "no answer"; }
"$CTI_BIN/cti-span" show 2 --interval 0 >/tmp/show.txt || true
"$CTI_BIN/cti-span" --json show 2 --interval 0 >/tmp/show.json || true
grep -q '^  R2 channel 32 (position 1, CN): answered out, last register signals received [0-9]*, sent [0-9]* (pid [0-9]*)$' /tmp/show.txt ||
	{ cat /tmp/show.txt; fail "cti-span show: no R2 line for channel 32"; }
json_check show </tmp/show.json || fail "cti-span show --json does not match its schema"
[ "$(jq -r '.channels[] | select(.channel == 32) | .r2 | "\(.line) \(.direction) \(.variant)"' /tmp/show.json)" = "answered out CN" ] ||
	{ cat /tmp/show.json; fail "cti-span show: channel 32 is not an answered outgoing CN call"; }
rc=0; wait $fpid || rc=$?
sleep 0.5
kill $r2pid; wait $r2pid 2>/dev/null || true
[ $rc -eq 0 ] || { show /tmp/fwd.log /tmp/r2test.log; fail "libcti -> r2test: r2_call exited $rc"; }
want /tmp/r2test.log 'call ready on chan 1\. ANI = 8613901, DNIS = 4321, Category = 0' "r2test did not get ANI 8613901 DNIS 4321"
want /tmp/fwd.log ' ACCEPTED chan=32' "libcti saw no acceptance"
want /tmp/fwd.log ' ANSWERED chan=32' "libcti saw no answer"
want /tmp/fwd.log ' END chan=32' "libcti's call did not end"
want /tmp/r2test.log 'got disconnect on chan 1: Normal Clearing' "r2test saw no clear forward"
if grep -qiE 'protocol error' /tmp/r2test.log /tmp/fwd.log; then show /tmp/fwd.log /tmp/r2test.log; fail "protocol error"; fi
# r2test echoes what it reads: our DTMF crossed both ways
want /tmp/fwd.log '^HEARD 1234567890\*#$' "the DTMF keyed did not come back from r2test's echo"
grep '^  R2 channel 32' /tmp/show.txt
echo "libcti -> r2test: ANI 8613901, DNIS 4321, national; dial to answer $(ms_between /tmp/fwd.log ' DIAL ' ' ANSWERED ') ms; DTMF 1234567890*# echoed back"

}
once "libcti -> r2test" s1

# 2. r2test (forward, chan 32) -> libcti (backward, chan 1), which blocks first
s2() {
rm -f /tmp/*.log
r2test_conf /tmp/fwd.conf 32 yes
"$r2call" -t 25 -d 4 -a -1 -B 2000 -H 1000 1 >/tmp/back.log 2>&1 &
cpid=$!
sleep 2.5 # r2_call blocks at 1.5 s for 2 s
stdbuf -oL r2test -c /tmp/fwd.conf >/tmp/r2test.log 2>&1 &
r2pid=$!
rc=0; wait $cpid || rc=$?
sleep 0.5
kill $r2pid; wait $r2pid 2>/dev/null || true
[ $rc -eq 0 ] || { show /tmp/back.log /tmp/r2test.log; fail "r2test -> libcti: r2_call exited $rc"; }
want /tmp/r2test.log 'far end blocked on chan 32' "r2test did not see the blocking"
want /tmp/r2test.log 'far end unblocked on chan 32' "r2test did not see the unblocking"
want /tmp/back.log ' OFFERED chan=1 cause=0 ani= dnis=4321 category=national' "libcti was not offered DNIS 4321, national"
want /tmp/r2test.log 'call has been answered on chan 32' "r2test saw no answer"
want /tmp/r2test.log 'got disconnect on chan 32: Normal Clearing' "r2test saw no clear back"
want /tmp/back.log ' END chan=1' "libcti's call did not end"
blocked=$(ms_between /tmp/back.log ' BLOCK rc=0' ' UNBLOCK rc=0')
[ "$blocked" -ge 1900 ] || fail "blocked for $blocked ms only"
echo "r2test -> libcti: blocked $blocked ms, then DNIS 4321, national, answered, cleared back"

}
once "r2test -> libcti" s2

# 3. libcti -> libcti with ANI; the called side clears first
s3() {
rm -f /tmp/*.log
"$r2call" -t 20 -d 4 -H 3500 -D '147*' 1 >/tmp/back.log 2>&1 &
cpid=$!
sleep 1
rc=0; "$r2call" -t 20 -D 2580# -c 4321,8613901,national-priority 32 >/tmp/fwd.log 2>&1 || rc=$?
wait $cpid || { show /tmp/back.log /tmp/fwd.log; fail "called r2_call failed"; }
[ $rc -eq 0 ] || { show /tmp/back.log /tmp/fwd.log; fail "calling r2_call exited $rc"; }
want /tmp/back.log ' OFFERED chan=1 cause=0 ani=8613901 dnis=4321 category=national-priority' "libcti -> libcti: ANI/DNIS/category"
want /tmp/fwd.log ' DISCONNECT chan=32 cause=16' "the caller did not see the clear back as cause 16"
want /tmp/back.log '^HEARD 2580#$' "the called side did not hear the caller's DTMF 2580#"
want /tmp/fwd.log '^HEARD 147\*$' "the caller did not hear the called side's DTMF 147*"
echo "libcti -> libcti: ANI 8613901, DNIS 4321, national-priority; dial to answer $(ms_between /tmp/fwd.log ' DIAL ' ' ANSWERED ') ms; DTMF 2580# and 147* across"

}
once "libcti -> libcti" s3

# 4. refusals, Q.850 out and back
refusal() {
	rm -f /tmp/*.log
	"$r2call" -t 20 -d 4 -r "$out" 1 >/tmp/back.log 2>&1 &
	cpid=$!
	sleep 1
	rc=0; "$r2call" -t 20 -c 4321,8613901 32 >/tmp/fwd.log 2>&1 || rc=$?
	wait $cpid || { show /tmp/back.log /tmp/fwd.log; fail "refusing r2_call failed"; }
	[ $rc -eq 0 ] || { show /tmp/back.log /tmp/fwd.log; fail "refused r2_call exited $rc"; }
	want /tmp/fwd.log " DISCONNECT chan=32 cause=$back " "refused with $out: caller saw no cause $back"
	grep -q ' ANSWERED ' /tmp/fwd.log && fail "refused with $out, yet answered"
	echo "refused with cause $out: the caller got $(grep -o 'DISCONNECT chan=32 cause=.*' /tmp/fwd.log)"
}
for pair in "17:17" "1:1" "34:34"; do
	out=${pair%%:*} back=${pair##*:}
	export out back
	once "refusal $out" refusal
done
# 5. ten calls in a row, libcti -> libcti: setup latency, answer-seizure ratio
s5() {
	rm -f /tmp/*.log
	"$r2call" -t 90 -n 10 -d 4 1 >/tmp/back.log 2>&1 &
	cpid=$!
	sleep 1
	rc=0; "$r2call" -t 90 -n 10 -H 300 -c 4321,8613901 32 >/tmp/fwd.log 2>&1 || rc=$?
	wait $cpid || { show /tmp/back.log /tmp/fwd.log; fail "called r2_call failed"; }
	[ $rc -eq 0 ] || { show /tmp/back.log /tmp/fwd.log; fail "calling r2_call exited $rc"; }
	want /tmp/fwd.log '^LOAD calls=10 answered=10 asr=100% .* errors=0$' "not every call of ten answered"
	[ "$(grep -c ' OFFERED chan=1 cause=0 ani=8613901 dnis=4321 category=national$' /tmp/back.log)" -eq 10 ] ||
		{ show /tmp/back.log; fail "not ten calls offered with ANI 8613901 DNIS 4321"; }
	echo "ten calls: $(grep '^LOAD' /tmp/fwd.log)"
}
once "ten calls" s5
echo "lib/r2 over cticard: China calls both ways, blocking, clearing from either side, causes, DTMF, ten calls"
