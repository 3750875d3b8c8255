#!/bin/bash
# make demo: show the parts of the stack that exist, end to end, on this
# machine. Each step says what it shows; steps whose parts are not built yet
# are listed as such.
set -euo pipefail
build=$1 kver=$2
top=$(cd "$(dirname "$0")/.." && pwd)
step() { printf '\n=== %s\n' "$*"; }

step "libcti $(sed -n 's/^Version: //p' "$build/lib/pkgconfig/libcti.pc") built: $(ls "$build/lib" | tr '\n' ' ')"

if [ -x "$build/examples/loop_calls" ]; then
	step "Calls between two in-process E1 spans (libpri NET <-> CPE over the loop backend)"
	"$build/examples/loop_calls"
else
	step "Calls over the loop backend: not built yet (examples/loop_calls.c)"
fi

if [ -x "$build/examples/trading_line" ]; then
	step "A telephone-trading call: PRI call, IVR flow with espeak-ng prompts, DTMF (password masked), balance read out, queue"
	"$build/examples/trading_line" "$build/prompts" "$top/examples/trading.flow"
fi

if [ -x "$build/examples/trading_line" ] && [ -x "$build/bin/cti-rec" ]; then
	step "The same call recorded by the engine (encrypted, signed ledger), verified, then one byte changed and verified again"
	rd="$build/demo-rec"
	rm -rf "$rd" && mkdir -p "$rd"
	"$build/bin/cti-rec" keys --signing "$rd/recorder" >/dev/null
	"$build/bin/cti-rec" keys --recipient "$rd/compliance" >/dev/null
	"$build/examples/trading_line" "$build/prompts" \
		"$top/examples/trading.flow" "$rd/rec" "$rd/recorder.key" \
		"$rd/compliance.pub" | grep -E 'REC_|ENDED'
	"$build/bin/cti-rec" verify "$rd/rec" --signer "$rd/recorder.pub"
	f=$(ls "$rd"/rec/*/*.ctr)
	echo "changing byte 100000 of ${f#"$rd/"}"
	b=$(od -An -tu1 -j100000 -N1 "$f")
	printf "\\$(printf '%03o' $((b ^ 255)))" |
		dd of="$f" bs=1 seek=100000 conv=notrunc status=none
	if "$build/bin/cti-rec" verify "$rd/rec" --signer "$rd/recorder.pub"; then
		echo "verify did not notice the change" >&2
		exit 1
	fi
fi

# Every tests/vm/demo/*.sh runs in one boot of the real kernel.
mapfile -t demos < <(cd "$top" && ls tests/vm/demo/*.sh)
step "Debian's kernel in QEMU with DAHDI (from dahdi-source) and the stock dahdi-tools: ${demos[*]##*/}"
"$top/tests/vm/run-vm.sh" --kver "$kver" --build "$build" --show "${demos[@]}"

if [ -x "$build/bin/ctid" ] && [ -x "$build/bin/cti-store" ]; then
	# The sample configuration itself (etc/ctid.conf: 50 dealers, three
	# queues, the hotline's menu flow, trading hours 09:00-11:30 and
	# 13:00-15:00 UTC+8) run by ctid on the virtual clock: its DAHDI
	# spans become loop pairs, cti-sim's far ends call 95500 and key the
	# menu (55 % equities, 30 % bonds/FX, 15 % any dealer), every dealer
	# is logged in ready. Calls out of trading hours hear the closed
	# flow's goodbye and are in no queue. The chart shows each queue's
	# service level beside the pooled Erlang C expectation for its load
	# (it ignores abandons: with many, it expects worse than measured).
	step "A simulated trading day of the sample hotline (ctid --simulate on etc/ctid.conf, virtual clock), its KPIs per 15 minutes charted from the store (cti-store chart)"
	dd="$build/demo"
	mkdir -p "$dd" && rm -f "$dd/kpi-day.db" "$dd/kpi-day.png"
	# the sample names the installed prompt set; the build's is the same
	"$build/bin/ctid" --simulate 8 --store "$dd/kpi-day.db" \
		--prompts "$build/prompts" --dtmf 1:55,2:30,0:15 \
		"$top/etc/ctid.conf" 2>"$dd/kpi-day.log" ||
		{ cat "$dd/kpi-day.log" >&2; exit 1; }
	echo "(ctid's warnings: $dd/kpi-day.log)"
	echo "chart (service level against the pooled Erlang C and the 80 % target, abandon rate, ASA; one panel per queue):"
	"$build/bin/cti-store" chart "$dd/kpi-day.db" --utc-offset 480 \
		--png "$dd/kpi-day.png"
fi
