#!/bin/bash
# Demo: cticard.ko, a software E1 card whose framers run over an emulated
# line. Ports 1-2 are cabled as a PRI pair; a call crosses them; then the
# cable into port 2 loses signal and the alarms emerge as on hardware.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
span=$CTI_BIN/cti-span
cticard_up
trap 'kill $answerer 2>/dev/null || true; cticard_down' EXIT
cticard_pri_pair
sleep 2
echo "\$ dahdi_scan | grep -E '^\\[|^(type|alarms|framing|coding)='"
dahdi_scan | grep -E '^\[|^(type|alarms|framing|coding)=' | head -16
echo "\$ cti-call --side net answer 2 &  ;  cti-call dial 1 5551000 --dtmf 2580# --hold 2"
"$CTI_BIN/cti-call" --side net answer 2 &
answerer=$!
"$CTI_BIN/cti-call" dial 1 5551000 --dtmf '2580#' --hold 2
kill -INT $answerer
wait $answerer || true
echo "\$ echo 1 > /sys/devices/platform/cticard/port2/los   (unplug the cable into port 2)"
echo 1 >$CARD/port2/los
sleep 3.5
echo "\$ cti-span list"
"$span" list || true
echo "\$ cti-span show 2 --interval 0 | head -12"
"$span" show 2 --interval 0 | head -12 || true
"$span" inject 2 clear
echo "\$ cti-span inject 2 ber 1e-4 ; cti-span show 2   (errors counted by the framer)"
"$span" reset-counters 2 >/dev/null
"$span" inject 2 ber 1e-4
sleep 12
"$span" show 2 --interval 1 | grep -E 'Alarms|bipolar|CRC|E-bits|errored' || true
"$span" inject 2 clear
