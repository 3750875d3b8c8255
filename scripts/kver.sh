#!/bin/sh
# Print the release of a Debian amd64 kernel whose headers are installed:
#   kver.sh        the newest generic one (never -rt): the default KVER, the
#                  kernel cticard.ko and DAHDI are built for and the VM boots
#   kver.sh --rt   the newest PREEMPT_RT one (linux-headers-rt-amd64), the
#                  second kernel of `make check`
# Nothing is printed when there is none. `make KVER=...` chooses any kernel
# explicitly; the choice is never left to sort order between flavours.
case ${1:-} in
--rt) want='-rt-amd64$' ;;
'') want='' ;;
*) echo "usage: kver.sh [--rt]" >&2; exit 2 ;;
esac
ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
	sed 's|^/usr/src/linux-headers-||' |
	if [ -n "$want" ]; then grep -- "$want"; else grep -v -- '-rt-'; fi |
	sort -V | tail -n 1
