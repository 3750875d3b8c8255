#!/bin/bash
# Load and unload cticard twenty times with traffic each time: a PRI pair
# configured, Q.921 brought up across the cable (DAHDI's software HDLC
# through both framers), a B-channel read meanwhile, then shut down and
# unloaded. Any leak, use-after-free or lock problem of probe/remove or
# the clock thread shows up as a kernel report (checked after the test)
# or a failed load; DAHDI's own module is reloaded too every fifth time.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
trap cticard_down EXIT
insmod "$DAHDI_KO_DIR/dahdi.ko" auto_assign_spans=1
for i in $(seq 1 20); do
	insmod "$CTICARD_KO" cabling=pairs ports=2 || fail "load $i"
	cticard_pri_pair
	cat /dev/dahdi/chan/002/001 >/dev/null 2>&1 &
	reader=$!
	"$CTI_VMPROGS/pri_pair" -n -t 20 /dev/dahdi/chan/001/016 \
		/dev/dahdi/chan/002/016 >/tmp/pri.log 2>&1 ||
		{ cat /tmp/pri.log; fail "cycle $i: Q.921 did not come up"; }
	kill $reader 2>/dev/null || true
	wait $reader 2>/dev/null || true
	dahdi_cfg -s >/dev/null 2>&1 || true # exits 1 with nothing left to stop
	rmmod cticard || fail "unload $i"
	[ ! -d /sys/devices/platform/cticard ] || fail "cycle $i: card left behind"
	if [ $((i % 5)) -eq 0 ]; then
		rmmod dahdi || fail "dahdi unload after cycle $i"
		insmod "$DAHDI_KO_DIR/dahdi.ko" auto_assign_spans=1
	fi
done
echo "20 load/configure/Q.921 up/unload cycles"
