#!/bin/bash
# The guest booted into the host tree with the right kernel and can write
# where tests write.
set -eu
[ "$(uname -r)" = "$KVER" ] || { echo "kernel $(uname -r), expected $KVER"; exit 1; }
[ -d "$CTI_REPO/tests/vm" ] || { echo "repository not visible at $CTI_REPO"; exit 1; }
touch /tmp/w /etc/dahdi/w /run/w
echo "booted $(uname -r), repository at $CTI_REPO"
