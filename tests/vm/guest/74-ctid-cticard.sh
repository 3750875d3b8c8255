#!/bin/bash
# ctid on a cticard span (an E1 PRI pair: ctid on span 1 as the user side
# of a trunk, cti-call on span 2 playing the exchange), operated with
# cti-ctl: the span up with no alarm, a call from the exchange queued with
# its numbers, the cable pulled mid-call: the span in alarm and down, the
# call gone; then stop --drain and ctid exits 0.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
cticard_up
d=$(mktemp -d)
ctid=; dialer=
trap 'kill $ctid $dialer 2>/dev/null || true; cticard_down' EXIT
cticard_pri_pair
cat >"$d/ctid.conf" <<CONF
prompts = "$CTI_BUILD/prompts";
control = "$d/ctl.sock";
log = { level = "notice"; target = "stderr"; };
trunks = ( { name = "pstn"; kind = "network"; } );
spans = ( { name = "exchange-a"; trunk = "pstn"; dahdi = 1; type = "e1";
            side = "cpe"; } );
queues = ( { name = "sales"; } );
routes = ( { target = "queue:sales"; } );
CONF
ctl() { "$CTI_BIN/cti-ctl" -s "$d/ctl.sock" "$@"; }
"$CTI_BIN/ctid" --check "$d/ctid.conf" || fail "ctid --check refused the configuration"
"$CTI_BIN/ctid" -c "$d/ctid.conf" --foreground 2>"$d/ctid.log" &
ctid=$!
wait_for 20 test -S "$d/ctl.sock" || { cat "$d/ctid.log"; fail "ctid: no control socket"; }
# the exchange (span 2's D channel is cti-call's: the link comes up once
# it runs) calls; the call waits in sales (no agent), with its numbers
"$CTI_BIN/cti-call" --side net --from 5550123 --hold 60 --wait 30 dial 2 95501 >"$d/dial.txt" 2>&1 &
dialer=$!
span_up() { ctl --json spans | jq -e '.spans[0].up' >/dev/null; }
wait_for 30 span_up || { ctl spans; fail "span 1 not up under ctid"; }
ctl spans
[ "$(ctl --json spans | jq -c '.spans[0] | [.name, .trunk, .dahdi_span, .alarms, .channels]')" = \
	'["exchange-a","pstn",1,[],30]' ] || fail "spans: not what span 1 is"
queued() { ctl --json calls | jq -e '.calls[0].state == "QUEUED"' >/dev/null; }
wait_for 20 queued || { ctl calls; cat "$d/ctid.log"; fail "no queued call"; }
ctl calls
[ "$(ctl --json calls | jq -c '.calls[0] | [.ani, .dnis, .queue, .agent]')" = \
	'["5550123","95501","sales",null]' ] || fail "calls: not the exchange's call"
[ "$(ctl --json queues | jq -c '.queues[0] | [.name, .waiting, .staffed]')" = '["sales",1,0]' ] ||
	fail "queues: the call is not waiting in sales"
[ "$(ctl --json spans | jq '.spans[0].in_use')" = 1 ] || fail "spans: the call's channel not in use"

# the cable pulled: alarms, the D channel down, the call cleared
echo none >$CARD/port1/cable
gone() { [ "$(ctl --json calls | jq '.calls | length')" = 0 ]; }
wait_for 30 gone || { ctl calls; fail "the call survived the pulled cable"; }
in_alarm() { ctl --json spans | jq -e '.spans[0].alarms | index("RED")' >/dev/null; }
wait_for 10 in_alarm || { ctl spans; fail "span 1 shows no RED alarm without its cable"; }
down() { ctl --json spans | jq -e '.spans[0].up | not' >/dev/null; }
wait_for 30 down || { ctl spans; fail "span 1 still up without its cable"; }
ctl spans
ctl status | grep -qx 'spans     0 of 1 up' || { ctl status; fail "status: spans"; }
echo port2 >$CARD/port1/cable
wait $dialer || true

expect_rc 0 ctl stop --drain 5
rc=0; wait $ctid || rc=$?
[ "$rc" = 0 ] || { cat "$d/ctid.log"; fail "ctid exited $rc after stop --drain"; }
[ ! -e "$d/ctl.sock" ] || fail "ctid left its control socket behind"
echo "ctid on cticard: span, queued call, pulled cable and drain seen through cti-ctl"
