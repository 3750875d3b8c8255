#!/bin/bash
# make check, after the build: unit + integration suites, the fuzz targets
# (FUZZ_SECONDS each), lint, the install check,
# the kernel tests in QEMU (generic kernel, then PREEMPT_RT), the DKMS
# build for every installed kernel; then one line per stage with its time
# and one total line. Exits non-zero if any stage failed or reported a
# failure.
set -u
make=$1
total_pass=0 total_fail=0 failed="" times=""
for stage in check-unit fuzz lint check-install check-vm check-vm-rt check-dkms; do
	log=$(mktemp)
	t0=$(date +%s)
	$make --no-print-directory "$stage" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	times="$times$(printf 'check: %-14s %4d s' "$stage" $(($(date +%s) - t0)))"$'\n'
	sum=$(grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	rm -f "$log"
	if [ -n "$sum" ]; then
		p=$(sed -E 's/^[a-z-]+: ([0-9]+) passed, ([0-9]+) failed.*/\1/' <<<"$sum")
		f=$(sed -E 's/^[a-z-]+: ([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$sum")
		total_pass=$((total_pass + p)) total_fail=$((total_fail + f))
	fi
	if [ "$rc" -ne 0 ]; then
		failed="$failed $stage"
		[ -n "$sum" ] && [ "${f:-0}" -gt 0 ] || total_fail=$((total_fail + 1))
	fi
done
echo
printf '%s' "$times"
[ -n "$failed" ] && echo "check: FAILED:$failed"
echo "check: $total_pass passed, $total_fail failed"
[ -z "$failed" ]
