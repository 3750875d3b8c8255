#!/bin/bash
# Channel-associated signalling through cticard: a channel signalling like
# a telephone (fxsks) goes off hook and on hook, and the channel feeding it
# on the far span (fxoks) sees both, over E1 CAS (ABCD bits in TS16
# multiframes, G.704 5.1.3) and over T1 robbed bits (D4 and ESF), while a
# clear channel on the same T1 span carries data untouched.
set -eu
source "$CTI_REPO/tests/vm/lib.sh"
cas=$CTI_VMPROGS/cas_pair

cticard_up
trap cticard_down EXIT
cat >/etc/dahdi/system.conf <<'CONF'
span=1,1,0,cas,hdb3
span=2,0,0,cas,hdb3
fxsks=1-15,17-31
fxoks=32-46,48-62
CONF
dahdi_cfg
sleep 2
"$cas" /dev/dahdi/chan/001/001 /dev/dahdi/chan/002/001
"$cas" /dev/dahdi/chan/001/031 /dev/dahdi/chan/002/031
cticard_down

for framing in d4,ami esf,b8zs; do
	cticard_up linemode=t1 cabling=pairs
	cat >/etc/dahdi/system.conf <<CONF
span=1,1,0,$framing
span=2,0,0,$framing
fxsks=1-23
fxoks=25-47
CONF
	dahdi_cfg
	sleep 2
	"$cas" /dev/dahdi/chan/001/001 /dev/dahdi/chan/002/001
	"$cas" /dev/dahdi/chan/001/023 /dev/dahdi/chan/002/023
	cticard_down
done
echo "E1 CAS and T1 robbed-bit signalling (D4, ESF) carried hook changes"
