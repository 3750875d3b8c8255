#!/bin/bash
# D-channel capture on cticard spans: cti-call --pcap on both ends of a PRI
# call across the emulated E1 cable (DAHDI's HDLC through both framers),
# the two files decoded by tshark. Files do not come out of the guest (the
# host filesystem is mounted read-only, only the console returns), so the
# decode runs here, with the host's own tshark from that read-only root:
# the same program on the same file.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
command -v tshark >/dev/null || { echo "SKIP: no tshark on the host"; exit 77; }
export HOME=/tmp # tshark's profile directory
cticard_up
trap cticard_down EXIT
cticard_pri_pair
sleep 2

umask 022
"$CTI_BIN/cti-call" --side net --json --calls 1 --pcap /tmp/net.pcap answer 2 >/tmp/answered.jsonl &
answerer=$!
"$CTI_BIN/cti-call" --wait 20 --json --hold 1 --pcap /tmp/cpe.pcap dial 1 5551000 >/tmp/dial.json ||
	{ cat /tmp/dial.json; fail "the call did not complete"; }
wait $answerer || fail "cti-call answer exited $?"
cat /tmp/dial.json
[ "$(jq -r .outcome /tmp/dial.json)" = completed ] || fail "call not completed"

for f in /tmp/cpe.pcap /tmp/net.pcap; do
	[ "$(stat -c %a $f)" = 600 ] || fail "$f has mode $(stat -c %a $f), want 600"
	[ -z "$(tshark -r $f -Y '_ws.malformed || _ws.expert.severity >= "Warning"' 2>/dev/null)" ] ||
		fail "$f: tshark finds malformed frames or warnings"
done

# "out SETUP" per frame: direction from the pseudo-header (0 sent by us),
# the Q.931 message type (Table 4-2), or the Q.921 frame type
frames() {
	tshark -r "$1" -T fields -E separator=, -e frame.p2p_dir -e lapd.control.ftype \
		-e lapd.control.u_modifier_cmd -e lapd.control.u_modifier_resp \
		-e q931.message_type 2>/dev/null | awk -F, '
	BEGIN { m["0x05"] = "SETUP"; m["0x02"] = "CALL_PROCEEDING"; m["0x01"] = "ALERTING"
		m["0x07"] = "CONNECT"; m["0x0f"] = "CONNECT_ACKNOWLEDGE"; m["0x45"] = "DISCONNECT"
		m["0x4d"] = "RELEASE"; m["0x5a"] = "RELEASE_COMPLETE"; m["0x46"] = "RESTART"
		m["0x4e"] = "RESTART_ACKNOWLEDGE" }
	{ d = $1 == "0" ? "out" : "in"
	  if ($2 == "0x0000") t = ($5 in m) ? m[$5] : "Q931:" $5
	  else if ($2 == "0x0001") t = "S"
	  else if ($3 == "0x1b") t = "SABME"
	  else if ($4 == "0x18") t = "UA"
	  else t = "U:" $3 $4
	  print d, t }'
}
frames /tmp/cpe.pcap >/tmp/cpe.txt
frames /tmp/net.pcap >/tmp/net.txt

# Q.921 5.5.1: the capture opens with our SABME, and a UA goes each way
[ "$(head -1 /tmp/cpe.txt)" = "out SABME" ] || fail "cpe.pcap does not begin with our SABME: $(head -1 /tmp/cpe.txt)"
[ "$(head -1 /tmp/net.txt)" = "out SABME" ] || fail "net.pcap does not begin with our SABME"
for f in cpe net; do
	grep -qx "out UA" /tmp/$f.txt && grep -qx "in UA" /tmp/$f.txt || fail "$f.pcap: no UA both ways"
	grep -qx "in S" /tmp/$f.txt && grep -qx "out S" /tmp/$f.txt || fail "$f.pcap: no RR both ways"
done
# both ends RESTART the B-channels at link-up (Q.931 5.5, cti-call on
# DAHDI), paced, for as long as each runs: every RESTART that came in was
# acknowledged (5.5.2), and the answering side, up longest, sent some
count() { grep -cx "$1" "$2" || true; }
for f in cpe net; do
	echo "$f.pcap: $(sort /tmp/$f.txt | uniq -c | tr -s ' ' | tr '\n' ';')"
	[ "$(count 'in RESTART' /tmp/$f.txt)" = "$(count 'out RESTART_ACKNOWLEDGE' /tmp/$f.txt)" ] ||
		fail "$f.pcap: a RESTART left unacknowledged"
done
[ "$(count 'out RESTART' /tmp/net.txt)" -gt 0 ] || fail "net.pcap: no RESTART sent at link-up"

# a clean cable: every frame one end sent, the other received (the two
# captures hold the same frames, directions swapped), SABMEs apart: one
# sent while the far end's span was not yet open is lost and T200 repeats
# it (Q.921 5.5.1.1), how often depends on the host's load
mirror() { sed 's/^out /x /; s/^in /out /; s/^x /in /' "$1"; }
[ "$(grep -v SABME /tmp/cpe.txt | sort | uniq -c)" = "$(mirror /tmp/net.txt | grep -v SABME | sort | uniq -c)" ] ||
	fail "the two ends' captures do not hold the same frames"

# the call itself, Q.931 5.1 (the user calls) and 5.3.3 (the user clears)
call() { grep -E ' (SETUP|CALL_PROC|ALERT|CONNECT|DISCONNECT|RELEASE)' "$1" | tr '\n' ' '; }
want_cpe="out SETUP in CALL_PROCEEDING in ALERTING in CONNECT out CONNECT_ACKNOWLEDGE out DISCONNECT in RELEASE out RELEASE_COMPLETE "
want_net="in SETUP out CALL_PROCEEDING out ALERTING out CONNECT in CONNECT_ACKNOWLEDGE in DISCONNECT out RELEASE in RELEASE_COMPLETE "
[ "$(call /tmp/cpe.txt)" = "$want_cpe" ] || fail "cpe.pcap call: $(call /tmp/cpe.txt)"
[ "$(call /tmp/net.txt)" = "$want_net" ] || fail "net.pcap call: $(call /tmp/net.txt)"
echo "cticard E1: $(wc -l </tmp/cpe.txt) and $(wc -l </tmp/net.txt) frames captured, decoded by tshark, the call's Q.931 exchange as expected both ends"
