#!/bin/bash
# Runs inside the guest (as root, host filesystem read-only): each test of
# tests/vm/guest/ in turn, one result line each, a kernel-log check after
# each, and a final "N passed, N failed" line.
#   guest-run.sh REPO BUILD KVER "test1,test2"   (empty list: all tests)
set -u
repo=$1 build=$2 kver=$3 only=${4:-}
export CTI_REPO=$repo CTI_BUILD=$build KVER=$kver
# Modules built for this very kernel (mk/kernel.mk: build/kernel/<KVER>/)
export DAHDI_KO_DIR=$build/kernel/$kver/dahdi/modules/dahdi/drivers/dahdi
export CTICARD_KO=$build/kernel/$kver/kmod/cticard.ko
export CTI_VMPROGS=$build/vmprogs CTI_BIN=$build/bin
export TMPDIR=/tmp
test_timeout=${CTI_VMTEST_TIMEOUT:-300}
kernel_bad='WARNING:|BUG:|Oops|Call Trace|kmemleak|general protection|list_add corruption|UBSAN:|KASAN:'

dmesg -n 5 # console: warnings and worse; routine driver chatter stays in dmesg
pass=0 fail=0 skip=0
tests=()
if [ -n "$only" ]; then
	IFS=, read -r -a names <<<"$only"
	for n in "${names[@]}"; do
		case $n in
		*/*) tests+=("$repo/${n%.sh}.sh") ;; # a path in the repository
		*) tests+=("$repo/tests/vm/guest/${n%.sh}.sh") ;;
		esac
	done
else
	tests=("$repo"/tests/vm/guest/*.sh)
fi

for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	if [ ! -f "$t" ]; then
		echo "VMTEST-RESULT: $name FAIL (no such test)"
		fail=$((fail + 1))
		continue
	fi
	dmesg -C
	echo "VMTEST-BEGIN: $name"
	start=$(date +%s%N)
	( cd /tmp && timeout -k 5 "$test_timeout" bash "$t" ) 2>&1 | sed "s/^/  [$name] /"
	rc=${PIPESTATUS[0]}
	secs=$(( ($(date +%s%N) - start) / 1000000 ))
	secs="$((secs / 1000)).$(printf %03d $((secs % 1000)))s"
	bad=$(dmesg | grep -E "$kernel_bad")
	if [ -n "$bad" ]; then
		echo "$bad" | sed "s/^/  [$name] kernel: /"
		dmesg | sed "s/^/  [$name] dmesg: /" | tail -n 80
		rc=99
	fi
	case $rc in
	0) echo "VMTEST-RESULT: $name PASS ($secs)"; pass=$((pass + 1)) ;;
	77) echo "VMTEST-RESULT: $name SKIP ($secs)"; skip=$((skip + 1)) ;;
	124) echo "VMTEST-RESULT: $name FAIL (timeout after ${test_timeout}s)"; fail=$((fail + 1)) ;;
	99) echo "VMTEST-RESULT: $name FAIL (kernel reported a problem)"; fail=$((fail + 1)) ;;
	*) echo "VMTEST-RESULT: $name FAIL (exit $rc, $secs)"; fail=$((fail + 1)) ;;
	esac
done
echo "VMTEST-SUMMARY: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
