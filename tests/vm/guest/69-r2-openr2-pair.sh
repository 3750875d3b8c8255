#!/bin/bash
# MFC/R2 between two instances of openr2's own r2test (Debian's libopenr2-bin,
# no libcti) over cticard's cabled E1 CAS ports: the reproduction of issue 15.
#
# - variant ITU: line signals, compelled MF for DNIS and ANI, answer.
# - variant CN (China No.1), both ANI orders: the backward end asks for the
#   ANI with A-1 after the category (China's A-1 means "next digit", DNIS or
#   ANI alike) and openr2 1.3.3's forward end takes every A-1 for a DNIS
#   request (r2proto.c handle_group_a_request() tries the DNIS requests
#   first), so it sends DNIS digits as ANI or, with the DNIS spent, nothing:
#   the backward end's MF cycle timer (5 s) expires in the ANI request, it
#   reports a protocol error and the forward end then sees Invalid CAS.
#   Pinned here exactly, so a fixed openr2 shows up as a failure to revisit.
# - the same pair on DAHDI's own dynamic local spans (no cticard, no framer,
#   no line) fails identically: the fault is not in our line or CAS timing.
# - CN_R2TEST=/path/to/r2test (an openr2 with the fix in docs/r2.md) must
#   complete CN calls with DNIS, ANI and category intact.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
command -v r2test >/dev/null || { echo "r2test missing (libopenr2-bin)"; exit 77; }

# r2pair R2TEST VARIANT ANIFIRST FWD_CHAN BACK_CHAN SECONDS: one call from
# FWD_CHAN (forward, caller) to BACK_CHAN; logs in /tmp/fwd.log /tmp/back.log
# (openr2 stamps each line [MM:SS:mmm])
r2pair() {
	local bin=$1 variant=$2 anifirst=$3 fwd=$4 back=$5 secs=$6 side
	for side in fwd back; do
		{
			echo "variant=$variant"
			echo "loglevel=all"
			echo "maxani=10"
			echo "maxdnis=4"
			echo "getanifirst=$anifirst"
			echo "category=NATIONAL_SUBSCRIBER"
			echo "mfbacktimeout=-1" # r2test: 0 (its default) means a 0 ms MF cycle
			echo "meteringpulsetimeout=-1"
			if [ $side = fwd ]; then
				echo "dnid=4321"
				echo "cid=8613901"
				echo "caller=yes"
				echo "channel=$fwd-$fwd"
			else
				echo "channel=$back-$back"
			fi
		} >/tmp/$side.conf
	done
	stdbuf -oL "$bin" -c /tmp/back.conf >/tmp/back.log 2>&1 &
	local bpid=$!
	sleep 1
	stdbuf -oL "$bin" -c /tmp/fwd.conf >/tmp/fwd.log 2>&1 &
	local fpid=$!
	sleep "$secs"
	kill $fpid $bpid 2>/dev/null || true
	wait $fpid $bpid 2>/dev/null || true
}

# ms FILE PATTERN: openr2's [MM:SS:mmm] stamp of the last line matching
# PATTERN, in milliseconds within the hour
ms() {
	grep -E "$2" "$1" | tail -n 1 |
		sed -n 's/^\[\([0-9]*\):\([0-9]*\):\([0-9]*\)\].*/\1 \2 \3/p' |
		awk '{ print ($1 * 60 + $2) * 1000 + $3 }'
}

show_logs() { echo "--- forward"; grep -E 'USER:|MF|CAS|error|timed out' /tmp/fwd.log | tail -n 40
	echo "--- backward"; grep -E 'USER:|MF|CAS|error|timed out' /tmp/back.log | tail -n 40; }

expect_call_ok() { # what: a call completed with DNIS 4321, ANI 8613901
	grep -q 'USER: call ready on chan .*ANI = 8613901, DNIS = 4321, Category = 0' /tmp/back.log ||
		{ show_logs; fail "$1: backward end did not get ANI 8613901 DNIS 4321"; }
	grep -q 'USER: call has been answered' /tmp/fwd.log ||
		{ show_logs; fail "$1: forward end saw no answer"; }
	if grep -qiE 'protocol error|timed out' /tmp/fwd.log /tmp/back.log; then
		show_logs; fail "$1: protocol error"
	fi
	# setup latency: the forward end's seizure to the answer it received
	local t0 t1
	t0=$(ms /tmp/fwd.log 'CAS Tx >> \[SEIZE\]')
	t1=$(ms /tmp/fwd.log 'CAS Rx << \[ANSWER\]')
	[ "$t1" -ge "$t0" ] || t1=$((t1 + 3600000))
	echo "$1: seizure to answer $((t1 - t0)) ms, $(grep -c 'MF Tx >> .* \[ON\]' /tmp/fwd.log) forward MF signals"
}

expect_cn_ani_failure() { # what
	grep -q 'MF back cycle timed out' /tmp/back.log ||
		{ show_logs; fail "$1: no MF back cycle timeout on the backward end"; }
	# the timeout hits while the backward end waits for an ANI digit
	grep -q 'Protocol error. Reason = Multi Frequency Cycle Timeout, .*MF state = ANI Request Transmitted' /tmp/back.log ||
		{ show_logs; fail "$1: the backward end did not time out in its ANI request"; }
	grep -q 'Protocol error. Reason = Invalid CAS' /tmp/fwd.log ||
		{ show_logs; fail "$1: forward end did not report Invalid CAS"; }
	grep -q 'call ready' /tmp/back.log && { show_logs; fail "$1: a call was offered"; }
	# how long the backward end waited between its ANI request and giving up
	local t0 t1
	t0=$(grep -B100 'MF back cycle timed out' /tmp/back.log > /tmp/before.log; ms /tmp/before.log 'MF Tx >> .* \[ON\]')
	t1=$(ms /tmp/back.log 'MF back cycle timed out')
	[ -n "$t0" ] && [ -n "$t1" ] || { show_logs; fail "$1: no MF stamps"; }
	[ "$t1" -ge "$t0" ] || t1=$((t1 + 3600000))
	echo "$1: ANI request unanswered for $((t1 - t0)) ms, then protocol error"
	[ $((t1 - t0)) -ge 4500 ] || fail "$1: timed out after $((t1 - t0)) ms, expected the 5000 ms MF cycle"
}

# Checks of a pair's outcome (a call that completes, or CN's failure at
# the ANI request) under the host's load. R2's compelled
# MF signalling needs the audio on time: when QEMU is starved by a loaded
# host, cticard drops ticks (missed_ticks: audio lost), an MF tone splits in
# two and a digit doubles, on any DAHDI span. One retry, said out loud; if
# it fails too while cticard lost ticks, the test is skipped (77) naming
# them: then the host, not the code, was measured.
# (cticard's missed_ticks; lost_ticks before the tick became a kthread).
# max_late: the most the card's tick ran late since it was loaded (this
# test loaded it), in us; 0 where the module does not say.
max_late() {
	if [ -n "${CARD:-}" ] && [ -r "$CARD/max_late_us" ]; then cat "$CARD/max_late_us"; else echo 0; fi
}
lost() {
	if [ -z "${CARD:-}" ]; then echo 0
	elif [ -r "$CARD/missed_ticks" ]; then cat "$CARD/missed_ticks"
	else cat "$CARD/lost_ticks"; fi
}
# checked WHAT CHECK R2PAIR-ARGS...: run the pair, then CHECK (a function
# of WHAT) on its logs, with the retry/skip policy above
checked() {
	local what=$1 check=$2 l0 l1
	shift 2
	l0=$(lost)
	r2pair "$@"
	if ("$check" "$what") >/tmp/try1.out 2>&1; then
		cat /tmp/try1.out
		return
	fi
	echo "$what: first attempt failed ($(( $(lost) - l0 )) ticks lost meanwhile), retrying once:"
	grep -E 'FAIL|call ready' /tmp/try1.out | sed 's/^/  /'
	l1=$(lost)
	r2pair "$@"
	if ! ("$check" "$what") >/tmp/try2.out 2>&1; then
		cat /tmp/try2.out
		if [ -z "${CARD:-}" ]; then
			echo "SKIP: '$what' failed twice; DAHDI's dynamic spans count no lost ticks, so a loaded host cannot be told from a fault there (the same check passed over cticard above)"
			exit 77
		fi
		if [ "$(lost)" -gt "$l1" ] || [ "$(max_late)" -ge 20000 ]; then
			echo "SKIP: host overloaded: cticard lost $(( $(lost) - l1 )) ticks (audio dropped) during the retry and its tick ran up to $(max_late) us late (more than a 20 ms audio block) in this test; retry of '$what'"
			exit 77
		fi
		fail "$what: failed twice"
	fi
	cat /tmp/try2.out
}
call_ok() { local w=$1; shift; checked "$w" expect_call_ok "$@"; }
cn_fails() { local w=$1; shift; checked "$w" expect_cn_ani_failure "$@"; }

cas_spans() { # span lines + every channel as CAS with the R2 idle bits
	cat >/etc/dahdi/system.conf <<CONF
$1
cas=1-15:1101
cas=17-31:1101
cas=32-46:1101
cas=48-62:1101
CONF
	dahdi_cfg
	sleep 2
}

cticard_up
trap cticard_down EXIT
cas_spans "span=1,1,0,cas,hdb3
span=2,0,0,cas,hdb3"

call_ok "ITU over cticard" r2test itu no 32 1 6
echo "ITU over cticard: DNIS, ANI, category, answer"

for anifirst in no yes; do
	cn_fails "CN (getanifirst=$anifirst) over cticard" r2test cn $anifirst 32 1 9
done
# the same on the last channel of the span
cn_fails "CN channel 31 over cticard" r2test cn no 62 31 9

if [ -n "${CN_R2TEST:-}" ]; then
	for anifirst in no yes; do
		call_ok "CN (getanifirst=$anifirst) with the fixed openr2" "$CN_R2TEST" cn $anifirst 32 1 12
		echo "CN (getanifirst=$anifirst) with the fixed openr2: DNIS, ANI, category, answer"
	done
fi
cticard_down
trap - EXIT

# control: DAHDI's own dynamic local spans, no cticard at all
d=$DAHDI_KO_DIR
insmod "$d/dahdi.ko" auto_assign_spans=1
insmod "$d/dahdi_dynamic.ko"
insmod "$d/dahdi_dynamic_loc.ko"
trap dynamic_spans_down EXIT
cas_spans "dynamic=loc,1:0,31,0
dynamic=loc,1:1,31,0"
CARD=
call_ok "ITU over dahdi_dynamic_loc" r2test itu no 32 1 6
cn_fails "CN over dahdi_dynamic_loc" r2test cn no 32 1 9
echo "r2test pairs: ITU completes, CN fails at the ANI request on cticard and on DAHDI's own spans alike"
