#!/bin/bash
# Demo: ctid, the call-centre server, with the trading hotline
# (etc/ctid-demo.conf, cut down from the sample etc/ctid.conf) on cticard
# spans: ports cabled 1-3 and 2-4; ctid's trunk span 1 faces an exchange
# and its station span 2 a PBX, both played by cti-sim --far-end on spans
# 3 and 4 (10 callers in about 40 s, dialling 95500 and 95501). Six
# dealers logged in ready with cti-ctl; the calls followed live with
# cti-ctl status/calls/agents/queues; then stop --drain and the records ctid's
# store holds of each call (cti-store export).
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
conf=$CTI_REPO/etc/ctid-demo.conf
d=/tmp/ctid-demo
ctid=; sim=
trap 'kill $ctid $sim 2>/dev/null || true; cticard_down' EXIT
cticard_up cabling=none
cticard_pri_crossed
rm -rf "$d" && mkdir -p "$d"
ctl() { echo "\$ cti-ctl $*"; "$CTI_BIN/cti-ctl" -s "$d/ctl.sock" "$@"; }
echo "\$ ctid --check etc/ctid-demo.conf"
"$CTI_BIN/ctid" --check "$conf"
echo "\$ ctid -c etc/ctid-demo.conf --foreground &"
"$CTI_BIN/ctid" -c "$conf" --foreground 2>"$d/ctid.log" &
ctid=$!
wait_for 20 test -S "$d/ctl.sock" || { cat "$d/ctid.log"; fail "ctid: no control socket"; }
spans_up() { "$CTI_BIN/cti-ctl" -s "$d/ctl.sock" --json spans |
	jq -e '[.spans[].up] | all' >/dev/null; }
# span 2's D channel comes up with ctid (the network side); span 1's
# once cti-sim opens span 3 (the exchange's side): start it first
echo "\$ cti-sim --far-end --dahdi 3 --stations 4 --callers 10 --duration 40 --rate 900 --patience 30 --talk 8 --dtmf 1 --dtmf-delay 0.5 &"
"$CTI_BIN/cti-sim" --far-end --dahdi 3 --stations 4 --seed 40 --rate 900 \
	--callers 10 --duration 40 --patience 30 --talk 8 --no-answer 0 \
	--dtmf 1 --dtmf-delay 0.5 --timeout 150 >"$d/sim.txt" 2>&1 &
sim=$!
for a in 1 2 3 4 5 6; do
	ctl agent login dealer0$a >/dev/null
	ctl agent ready dealer0$a >/dev/null
done
echo "(dealer01-06 logged in and ready: cti-ctl agent login/ready)"
wait_for 30 spans_up || { ctl spans; cat "$d/ctid.log"; fail "spans not up"; }
ctl spans
# followed live while the callers call
n=0
while kill -0 $sim 2>/dev/null && [ $n -lt 15 ]; do
	sleep 6
	n=$((n + 1))
	echo "--- t+$((n * 6)) s"
	ctl status
	ctl calls
	ctl agents
	ctl queues
done
rc=0; wait $sim || rc=$?
sim=
echo "\$ cti-sim's own tally (what the far ends saw)"
cat "$d/sim.txt"
[ "$rc" = 0 ] || fail "cti-sim --far-end exited $rc"
sleep 4 # the last wrap-up ends
ctl stop --drain 5
rc=0; wait $ctid || rc=$?
ctid=
[ "$rc" = 0 ] || { cat "$d/ctid.log"; fail "ctid exited $rc after stop --drain"; }
# The engine's records of each call, a few of their columns, then the
# KPI interval the clean stop stored (open until then: intervals lie on
# quarter hours): they must agree with the far ends' own tally.
echo "\$ cti-store export /tmp/ctid-demo/ctid.db --calls --csv   (one record per call, the short columns)"
"$CTI_BIN/cti-store" export "$d/ctid.db" --calls --csv >"$d/calls.csv"
awk -F, '{ printf "%-5s %-12s %-6s %-13s %-9s %-7s %-9s %-8s %s\n", $2, $16, $17, $19, $21, $11, $12, $13, $4 }' "$d/calls.csv"
echo "\$ cti-store export /tmp/ctid-demo/ctid.db --cdr --csv   (the ACD's record of each queued call)"
"$CTI_BIN/cti-store" export "$d/ctid.db" --cdr --csv >"$d/cdr.csv"
awk -F, '{ printf "%-8s %-13s %-9s %-10s %-8s %s\n", $2, $3, $4, $8, $13, $14 }' "$d/cdr.csv"
calls=$(($(wc -l <"$d/calls.csv") - 1))
answered=$(grep -c ',answered,' "$d/cdr.csv" || true)
sim_answered=$(sed -n 's/^every caller accounted once: yes (\([0-9]*\) answered.*/\1/p' "$d/sim.txt")
echo "ctid's store: $calls call records, $answered answered; cti-sim saw 10 callers, ${sim_answered:-?} answered"
[ "$calls" = 10 ] || fail "not one call record per caller in ctid's store"
[ "$answered" = "$sim_answered" ] || fail "the store's answered calls differ from the far ends' tally"
echo "\$ cti-store summary /tmp/ctid-demo/ctid.db   (the interval stored at the stop, per queue)"
"$CTI_BIN/cti-store" summary "$d/ctid.db" | tee "$d/summary.txt"
"$CTI_BIN/cti-store" export "$d/ctid.db" --intervals --csv >"$d/iv.csv"
iv_answered=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "answered") c = i; next }
	{ s += $c } END { print s + 0 }' "$d/iv.csv")
echo "ctid's stored intervals: $iv_answered answered"
[ "$iv_answered" = "$answered" ] || fail "the stored intervals' answered calls differ from the CDRs"
