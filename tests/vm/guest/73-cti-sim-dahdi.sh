#!/bin/bash
# cti-sim --far-end in real time over DAHDI against a call centre in
# another process. cticard's ports are cabled 1-3 and 2-4: the engine
# (tests/vm/progs/sim_centre: a trunk span, a station span, a flow on
# 95500 that wants "1" then queues, a queue on 95501, 4 agents) runs on
# spans 1 and 2; cti-sim plays the exchange on span 3 and the agents'
# phones on span 4: 20 callers in about 60 s, exponential patience and
# talk, DTMF "1" keyed 0.5 s after the centre answers; each phone keys
# "555" 0.5 s after it answers, which the callers listen for (lib/dsp's
# receiver on their audio) through the engine's bridge and both cables.
# No caller may hear another digit, and every answered caller must hear
# its agent (at least one of its digits: on the emulated CPU a digit may
# still be lost before the engine, in the kernel's buffers of a process
# woken very late). Blocks a late process reads in one burst cross the
# engine's bridge whole (lib/center/jbuf.c: numbered, not time-stamped).
#
# Every caller of the sim's tally must have exactly one record of the
# engine (an ACD CDR, or for a caller gone during the flow the whole-call
# record) with the same outcome and, if answered, the same agent; the
# counts per number are equal exactly. Waits (from the dial to the
# phone's answer, or to the caller's hang-up) are measured on two clocks
# and see the same two events from opposite ends of the lines: each end
# stamps a SETUP and a CONNECT (or DISCONNECT) when it sends or reads
# it, so a wait differs by the difference of two one-way latencies. One
# way is a Q.931 message in a Q.921 I-frame (~40 octets: 5 ms at 64
# kbit/s) through DAHDI's software HDLC, cticard's 1 ms tick and the
# receiving process's wake-up on an emulated (TCG) CPU: tens of ms, so
# the tolerance is 250 ms (the largest difference is printed).
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
centre=
cleanup() { [ -z "$centre" ] || kill "$centre" 2>/dev/null || true; cticard_down; }
cticard_up cabling=none
trap cleanup EXIT
cticard_pri_crossed
sleep 2

"$CTI_VMPROGS/sim_centre" -t 400 -a 4 -w 2000 1 2 "$CTI_BUILD/prompts" \
	>/tmp/centre.txt 2>/tmp/centre.err &
centre=$!
rc=0
"$CTI_BIN/cti-sim" --far-end --dahdi 3 --stations 4 --seed 71 --rate 1200 \
	--callers 20 --duration 60 --patience 30 --talk 8 --wrap 2 \
	--no-answer 0 --dtmf 1 --dtmf-delay 0.5 --phone-dtmf 555 --list \
	--timeout 300 \
	>/tmp/sim.txt 2>/tmp/sim.err || rc=$?
sleep 4 # the last wrap-up (2 s) ends: its CDR
kill -TERM "$centre"
wait "$centre" || fail "sim_centre exited $?"
centre=
cat /tmp/sim.txt /tmp/sim.err /tmp/centre.txt /tmp/centre.err
[ "$rc" = 0 ] || fail "cti-sim --far-end exited $rc"
grep -q 'every caller accounted once: yes' /tmp/sim.txt || fail "the sim's books do not balance"
grep -q 'cleared by the centre 0, hung up at the end 0' /tmp/sim.txt ||
	fail "calls cleared by the centre (DTMF not reaching the flow?) or left at the end"
/usr/bin/python3 - /tmp/sim.txt /tmp/centre.txt <<'PY'
import re, sys
TOL = 250
sim = [l.split() for l in open(sys.argv[1]) if l.startswith("caller ")]
cdr = {}
for l in open(sys.argv[2]):
    if not l.startswith("cdr "):
        continue
    f = l.split()
    if f[1] in cdr:
        sys.exit("FAIL: two engine records for %s" % f[1])
    cdr[f[1]] = f
if len(sim) < 10:
    sys.exit("FAIL: only %d callers" % len(sim))
if len(cdr) != len(sim):
    sys.exit("FAIL: %d callers, %d engine records" % (len(sim), len(cdr)))
worst, counts, digits, deaf = 0, {}, 0, 0
for s in sim:
    ani, dnis, out, wait, ext, heard = s[1], s[2], s[3], int(s[5]), s[8], s[10]
    c = cdr.get(ani)
    if not c:
        sys.exit("FAIL: caller %s has no engine record" % ani)
    queue, eout, ewait, agent = c[2], c[3], int(c[5]), c[8]
    want_q = {"95500": ("trading", "-"), "95501": ("accounts",)}[dnis]
    if queue not in want_q:
        sys.exit("FAIL: %s dialled %s, engine says queue %s" % (ani, dnis, queue))
    if out == "answered":
        if eout != "answered" or agent != "agent%02d" % (int(ext) - 3000):
            sys.exit("FAIL: %s answered by %s, engine: %s %s" % (ani, ext, eout, agent))
        if not re.fullmatch("5{0,3}", heard.strip("-")):
            sys.exit("FAIL: %s heard '%s' from its agent, not '555'" % (ani, heard))
        digits += len(heard.strip("-"))
        deaf += heard == "-"
    elif out in ("abandoned", "short"):
        if eout not in ("abandoned", "flow"):
            sys.exit("FAIL: %s abandoned, engine: %s" % (ani, eout))
    else:
        sys.exit("FAIL: %s ended %s" % (ani, out))
    key = (dnis, "answered" if out == "answered" else "abandoned")
    counts[key] = counts.get(key, 0) + 1
    worst = max(worst, abs(wait - ewait))
    if abs(wait - ewait) > TOL:
        sys.exit("FAIL: %s waited %d ms, engine says %d" % (ani, wait, ewait))
if not counts.get(("95500", "answered")):
    sys.exit("FAIL: no call through the flow answered (DTMF?)")
answered = sum(v for k, v in counts.items() if k[1] == "answered")
if deaf:
    sys.exit("FAIL: %d of %d answered callers heard nothing of their agent" % (deaf, answered))
print("callers %d = engine records %d; %s; %d of %d answered callers heard their agent (%d of %d digits); waits within %d ms (largest difference %d ms)"
      % (len(sim), len(cdr), ", ".join("%s %s %d" % (k[0], k[1], v) for k, v in sorted(counts.items())),
         answered - deaf, answered, digits, 3 * answered, TOL, worst))
PY
echo "cti-sim far ends over DAHDI: every caller's outcome, agent and wait equal the engine's records; DTMF to the flow, the agent heard"
