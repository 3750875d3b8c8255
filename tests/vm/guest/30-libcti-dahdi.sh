#!/bin/bash
# libcti's dahdi backend on the real kernel: over two DAHDI spans wired to
# each other (DAHDI's local dynamic driver), one context runs CPE on span 1
# and NET on span 2, places a call, sends a known octet pattern both ways
# on the B-channel and checks it arrives intact, then clears
# (examples/pair_check, docs/call.md).
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
dynamic_spans_up
trap dynamic_spans_down EXIT
"$CTI_BUILD/examples/pair_check" -v --dahdi 1 2
