#!/bin/bash
# Demo: ctid, the call-centre server, with the trading hotline
# (etc/ctid-demo.conf, cut down from the sample etc/ctid.conf) on cticard
# spans: ports cabled 1-3 and 2-4; ctid's trunk span 1 faces an exchange
# and its station span 2 a PBX, both played by cti-sim --far-end on spans
# 3 and 4 (10 callers in about 40 s, dialling 95500 and 95501). Six
# dealers logged in ready with cti-ctl; the calls followed live with
# cti-ctl status/calls/agents/queues; then stop --drain and the store's
# summary per queue (cti-store).
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
conf=$CTI_REPO/etc/ctid-demo.conf
d=/tmp/ctid-demo
ctid=; sim=
trap 'kill $ctid $sim 2>/dev/null || true; cticard_down' EXIT
cticard_up cabling=none
echo port3 >"$CARD/port1/cable"
echo port4 >"$CARD/port2/cable"
cat >/etc/dahdi/system.conf <<'CONF'
span=1,1,0,ccs,hdb3,crc4
span=2,0,0,ccs,hdb3,crc4
span=3,0,0,ccs,hdb3,crc4
span=4,0,0,ccs,hdb3,crc4
bchan=1-15,17-31
dchan=16
bchan=32-46,48-62
dchan=47
bchan=63-77,79-93
dchan=78
bchan=94-108,110-124
dchan=109
CONF
dahdi_cfg
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
echo "\$ cti-store summary /tmp/ctid-demo/ctid.db   (the engine's records of the same calls)"
"$CTI_BIN/cti-store" summary "$d/ctid.db" || true
