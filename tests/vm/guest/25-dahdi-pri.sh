#!/bin/bash
# Q.921 comes up and a Q.931 call completes between libpri NET and CPE on
# two DAHDI spans wired to each other (DAHDI's local dynamic driver): the
# platform's software HDLC, D-channel device API and libpri work together
# in this kernel before any driver of ours is involved.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
dynamic_spans_up
trap dynamic_spans_down EXIT
"$CTI_VMPROGS/pri_pair" -t 30 /dev/dahdi/chan/001/016 /dev/dahdi/chan/002/016
