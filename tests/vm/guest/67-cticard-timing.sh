#!/bin/bash
# DAHDI's own timing check with cticard as the master: dahdi_test reads a
# pseudo channel, which only the master span's ticks feed, and compares
# the samples that arrive with the system clock, pass by pass (8192
# samples each). The figures are printed (docs/cticard.md keeps them per
# kernel, with the clock thread's CPU share). It fails if cticard is not
# the master, if the cumulative accuracy (the long-run sample rate
# against the system clock) falls below 99 % or the average pass below
# 95 %. On a quiet host both are above 99.6 %. On an overloaded one the
# guest's vCPUs stall for hundreds of milliseconds (586 ms seen at load 9
# on 2 cores): no clock can keep time through that, so when the clock had
# to drop ticks (missed_ticks: more than 100 ms behind) while its own CPU
# share stayed modest, the run says so and is a SKIP, not a verdict.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
cticard_up
trap cticard_down EXIT
cticard_pri_pair
sleep 1
master=$(head -qn 1 /proc/dahdi/* | grep MASTER || true)
grep -q CTICARD <<<"$master" || { head -qn 1 /proc/dahdi/*; fail "no cticard span is DAHDI's master"; }

read_card() { echo "$(cat $CARD/ticks) $(cat $CARD/late_ticks) $(cat $CARD/missed_ticks)"; }
# CPU time of the clock thread (utime + stime, in clock ticks)
clock_cpu() {
	local p
	for p in /proc/[0-9]*; do
		[ "$(cat "$p/comm" 2>/dev/null)" = cticard-clock ] || continue
		awk '{ print $14 + $15 }' "$p/stat"
		return
	done
	echo 0
}
c0=$(clock_cpu)
read -r t0 l0 m0 <<<"$(read_card)"
s0=$(date +%s%N)
out=$(dahdi_test -c 20)
read -r t1 l1 m1 <<<"$(read_card)"
s1=$(date +%s%N)
c1=$(clock_cpu)
hz=$(getconf CLK_TCK)
tail -n 4 <<<"$out"
avg=$(sed -n 's/.*Average: \([0-9.]*\)%.*/\1/p' <<<"$out")
cum=$(sed -n 's/^Cumulative Accuracy (not per pass): \([0-9.]*\).*/\1/p' <<<"$out")
[ -n "$avg" ] && [ -n "$cum" ] || fail "no accuracy in dahdi_test's output"
cpu=$(( (c1 - c0) * 1000000000 / hz * 100 / (s1 - s0) ))
echo "kernel $(uname -r): dahdi_test average $avg %, cumulative $cum %;" \
	"cticard ticks $((t1 - t0)), late $((l1 - l0)), missed $((m1 - m0)), worst wake-up $(cat $CARD/max_late_us) us late;" \
	"clock thread $cpu % of a CPU over $(( (s1 - s0) / 1000000 )) ms"
# operators see the same figures in cti-span show
"$CTI_BIN/cti-span" show 1 --interval 0 | grep -E '^  Clock .* late .* missed' ||
	fail "cti-span show: no card clock line"
if ! awk -v a="$avg" -v c="$cum" 'BEGIN { exit !(a >= 95 && c >= 99) }'; then
	if [ "$m1" -gt "$m0" ] && [ "$cpu" -lt 80 ]; then
		echo "SKIP: the guest stalled (worst wake-up $(cat $CARD/max_late_us) us, $((m1 - m0)) ticks dropped) with the clock thread at $cpu % of a CPU: the host is too loaded to measure timing"
		exit 77
	fi
	fail "timing accuracy too low (average $avg %, cumulative $cum %)"
fi
