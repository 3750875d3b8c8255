#!/bin/bash
# Demo: a PRI call over real DAHDI spans with libcti, watched with cti-span.
# Span 2 (network side) answers and decodes DTMF; span 1 (user side) dials
# 5551000 and keys 1234#.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
dynamic_spans_up
trap 'kill $answerer 2>/dev/null || true; dynamic_spans_down' EXIT
echo "\$ cti-call --side net answer 2 &"
"$CTI_BIN/cti-call" --side net answer 2 &
answerer=$!
echo "\$ cti-call dial 1 5551000 --from 2025550100 --dtmf 1234# --hold 3"
"$CTI_BIN/cti-call" dial 1 5551000 --from 2025550100 --dtmf '1234#' --hold 3 &
dialer=$!
sleep 4.5 # the call is up 3 s (link settle) after the dialler starts
echo "\$ cti-span show 1   (during the call)"
"$CTI_BIN/cti-span" show 1 --interval 0.5 | grep -E 'Span|Alarms|D channel|B channels' || true
wait $dialer
sleep 0.5
kill -INT $answerer
wait $answerer || true
