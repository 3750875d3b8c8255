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

vmtests=(20-dahdi-cfg)
[ -f "$top/tests/vm/guest/90-demo-cticard.sh" ] && vmtests+=(90-demo-cticard)
step "Real kernel in QEMU: DAHDI from Debian's dahdi-source, configured by the stock dahdi_cfg (${vmtests[*]})"
"$top/tests/vm/run-vm.sh" --kver "$kver" --build "$build" --show "${vmtests[@]}"
