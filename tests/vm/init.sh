#!/bin/busybox sh
# /init of the test initramfs: mount the host's root filesystem (virtio-9p,
# read-only) and the repository, then run the guest test runner inside it.
# Everything the tests need (bash, dahdi-tools, our build) comes from there.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

arg() { sed -n "s/.*\bcti\.$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
die() { echo "VMTEST-FATAL: $*"; reboot -f; }

for m in $(cat /modules.order); do
	insmod "/modules/$m.ko" || die "insmod $m failed"
done

repo=$(arg repo)
root=/host
mkdir -p $root
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose \
	hostroot $root || die "cannot mount the host root over 9p"
mount -t proc proc $root/proc
mount -t sysfs sysfs $root/sys
mount -t devtmpfs devtmpfs $root/dev
mkdir -p $root/dev/shm $root/dev/pts
mount -t tmpfs -o mode=1777 tmpfs $root/dev/shm # sem_open() (dahdi_cfg)
mount -t devpts devpts $root/dev/pts
for d in tmp run etc/dahdi root; do
	mount -t tmpfs -o mode=0755 tmpfs "$root/$d" || die "tmpfs on /$d"
done
chmod 1777 $root/tmp
[ -d /sys/kernel/debug ] && mount -t debugfs debugfs $root/sys/kernel/debug
mkdir -p "$root$repo"
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose \
	repo "$root$repo" || die "cannot mount the repository over 9p"

chroot $root /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
	TERM=dumb /bin/bash "$repo/tests/vm/guest-run.sh" "$repo" \
	"$(arg build)" "$(arg kver)" "$(arg tests)"
echo "VMTEST-EXIT: $?"
sync
reboot -f
