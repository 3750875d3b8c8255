#!/bin/sh
# Print the release of the newest generic (not -rt) Debian amd64 kernel whose
# headers are installed: the kernel cticard.ko and DAHDI are built for and
# the VM boots by default. `make KVER=...` chooses another one explicitly.
ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
	sed 's|^/usr/src/linux-headers-||' | grep -v -- '-rt-' | sort -V | tail -n 1
