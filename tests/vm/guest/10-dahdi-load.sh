#!/bin/bash
# DAHDI's core module, built from Debian's dahdi-source, loads and unloads.
set -eu
ko=$DAHDI_KO_DIR/dahdi.ko
[ -r "$ko" ] || { echo "missing $ko"; exit 1; }
insmod "$ko"
grep -q '^dahdi ' /proc/modules
[ -c /dev/dahdi/ctl ] || { echo "/dev/dahdi/ctl not created"; exit 1; }
echo "dahdi $(cat /sys/module/dahdi/version 2>/dev/null || echo '?') loaded"
rmmod dahdi
! grep -q '^dahdi ' /proc/modules
