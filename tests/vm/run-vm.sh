#!/bin/bash
# Boot Debian's kernel in QEMU (TCG) with a throw-away initramfs, share the
# host root and the repository read-only over virtio-9p, and run the guest
# tests (tests/vm/guest/*.sh) with the real DAHDI and cticard modules.
#
#   run-vm.sh --kver KVER --build DIR [--show] [TEST...]
#
# Prints one VMTEST-RESULT line per test and "vm: N passed, N failed".
# Fails on any failed test, a timeout, or a kernel WARNING/BUG/Oops/Call
# Trace anywhere in the guest's console log (kept in DIR/vm/KVER/console.log).
# The modules come from DIR/kernel/KVER/ (mk/kernel.mk), built for KVER.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kver="" build="" tests=() show=0
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=$2; shift 2 ;;
	--build) build=$2; shift 2 ;;
	--show) show=1; shift ;; # stream the tests' own output too
	-h|--help) sed -n '2,10p' "$0"; exit 0 ;;
	*) tests+=("$1"); shift ;;
	esac
done
[ -n "$kver" ] || { echo "run-vm: --kver missing (no linux-headers-*-amd64?)" >&2; exit 2; }
build=$(cd "${build:-$repo/build}" && pwd)
case $build in "$repo"/*) ;; *) echo "run-vm: build dir must be inside $repo" >&2; exit 2 ;; esac
kernel=/boot/vmlinuz-$kver
moddir=/lib/modules/$kver
[ -r "$kernel" ] || { echo "run-vm: $kernel missing (linux-image-amd64)" >&2; exit 2; }
[ -r "$moddir/modules.dep" ] || { echo "run-vm: $moddir/modules.dep missing" >&2; exit 2; }

for ko in "$build/kernel/$kver/kmod/cticard.ko" \
	"$build/kernel/$kver/dahdi/modules/dahdi/drivers/dahdi/dahdi.ko"; do
	[ -r "$ko" ] || { echo "run-vm: $ko missing: make kmod KVER=$kver" >&2; exit 2; }
done

out=$build/vm/$kver
rm -rf "$out/initramfs"
mkdir -p "$out/initramfs"/{bin,dev,proc,sys,modules}
rd=$out/initramfs

# The guest needs these modules before it can mount the host over 9p;
# load order = dependencies first, as modules.dep says.
declare -A loaded=()
order=()
add_module() { # path relative to $moddir
	local rel=$1 dep
	[ -n "${loaded[$rel]:-}" ] && return
	loaded[$rel]=1
	for dep in $(sed -n "s|^$rel: *||p" "$moddir/modules.dep"); do
		add_module "$dep"
	done
	local name
	name=$(basename "$rel" .ko)
	cp "$moddir/$rel" "$rd/modules/$name.ko"
	order+=("$name")
}
for m in virtio_pci 9pnet_virtio 9p; do
	rel=$(grep -o "^[^:]*/$m\.ko:" "$moddir/modules.dep" | tr -d :) ||
		{ echo "run-vm: module $m not in $moddir" >&2; exit 2; }
	add_module "$rel"
done
printf '%s\n' "${order[@]}" >"$rd/modules.order"
cp /bin/busybox "$rd/bin/busybox"
cp "$here/init.sh" "$rd/init"
(cd "$rd" && find . | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz"

log=$out/console.log
: >"$log"
testlist=$(IFS=,; echo "${tests[*]:-}")
timeout=${CTI_VM_TIMEOUT:-1200}
echo "vm: kernel $kver: booting $kernel (TCG), console log in $log"
# Progress as it happens: the result lines, and kernel trouble.
progress='^VMTEST-(BEGIN|RESULT|FATAL)|WARNING:|BUG:|Oops'
[ $show -eq 1 ] && progress="$progress|^  \\["
tail -n +1 -F "$log" 2>/dev/null | grep --line-buffered -E "$progress" &
tailer=$!
trap 'kill $tailer 2>/dev/null || true' EXIT
rc=0
timeout -k 10 "$timeout" qemu-system-x86_64 \
	-machine q35,accel=tcg -cpu max -smp 2 -m 1536 \
	-display none -monitor none -serial "file:$log" -no-reboot \
	-kernel "$kernel" -initrd "$out/initramfs.cpio.gz" \
	-append "console=ttyS0 panic=-1 loglevel=5 cti.repo=$repo cti.build=$build cti.kver=$kver cti.tests=$testlist" \
	-fsdev local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
	-fsdev local,id=repo,path="$repo",security_model=none,readonly=on,multidevs=remap \
	-device virtio-9p-pci,fsdev=repo,mount_tag=repo \
	</dev/null || rc=$?
sleep 0.3
kill $tailer 2>/dev/null || true

if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	echo "vm: FAIL: the guest did not finish within ${timeout}s (CTI_VM_TIMEOUT)"
fi
pass=$(grep -c '^VMTEST-RESULT: .* PASS' "$log" || true)
fail=$(grep -c '^VMTEST-RESULT: .* FAIL' "$log" || true)
skip=$(grep -c '^VMTEST-RESULT: .* SKIP' "$log" || true)
ok=1
grep -q '^VMTEST-SUMMARY:' "$log" || { echo "vm: FAIL: no summary from the guest"; ok=0; }
if grep -qE 'WARNING:|BUG:|Oops|Call Trace|kmemleak|UBSAN:|KASAN:|Kernel panic' "$log"; then
	echo "vm: FAIL: the guest kernel reported a problem:"
	grep -nE -A3 'WARNING:|BUG:|Oops|Call Trace|kmemleak|UBSAN:|KASAN:|Kernel panic' "$log" | head -n 40
	ok=0
fi
[ "$fail" -eq 0 ] || ok=0
[ $((pass + fail)) -gt 0 ] || { echo "vm: FAIL: no test ran"; ok=0; }
echo "vm: $pass passed, $fail failed, $skip skipped (kernel $kver)"
[ $ok -eq 1 ]
