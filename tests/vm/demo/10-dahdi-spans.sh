#!/bin/bash
# Demo: DAHDI configured by the stock dahdi_cfg, looked at with cti-span.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
dynamic_spans_up
trap dynamic_spans_down EXIT
echo "\$ dahdi_cfg && cti-span list"
"$CTI_BIN/cti-span" list
echo
echo "\$ cti-span show 1"
"$CTI_BIN/cti-span" show 1
