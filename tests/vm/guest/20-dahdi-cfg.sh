#!/bin/bash
# Stock dahdi_cfg configures a span set and dahdi_scan lists it. The spans
# come from DAHDI's own local dynamic driver (two E1-sized spans wired to
# each other), so this tests the platform independently of cticard.
set -eu
d=$DAHDI_KO_DIR
insmod "$d/dahdi.ko" auto_assign_spans=1
insmod "$d/dahdi_dynamic.ko"
insmod "$d/dahdi_dynamic_loc.ko"
trap 'dahdi_cfg -s >/dev/null 2>&1 || true; rmmod dahdi_dynamic_loc dahdi_dynamic dahdi 2>/dev/null || true' EXIT

cat >/etc/dahdi/system.conf <<'CONF'
dynamic=loc,1:0,31,0
dynamic=loc,1:1,31,0
bchan=1-15,17-31
dchan=16
bchan=32-46,48-62
dchan=47
loadzone=us
defaultzone=us
CONF
dahdi_cfg -v
scan=$(dahdi_scan)
echo "$scan"
[ "$(grep -c '^\[' <<<"$scan")" -eq 2 ] || { echo "dahdi_scan: expected 2 spans"; exit 1; }
grep -q '^totchans=31' <<<"$scan" || { echo "dahdi_scan: expected 31 channels"; exit 1; }
grep -q 'dahdi_dynamic' /proc/modules
ls /dev/dahdi/
[ -c /dev/dahdi/chan/001/001 ] || [ -c /dev/dahdi/1 ] || { echo "no channel devices"; exit 1; }
grep -E '^ +(16|47) ' /proc/dahdi/* || true
grep -q 'HDLCFCS' /proc/dahdi/1 || { echo "D channel not configured"; cat /proc/dahdi/1; exit 1; }
