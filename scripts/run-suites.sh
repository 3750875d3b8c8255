#!/bin/sh
# Run the Check suite binaries under $1 (unit/ and integration/), or only the
# suites named in $2, and print a total as "N passed, N failed".
set -u
dir=$1
only=${2:-}
export CK_VERBOSITY=${CK_VERBOSITY:-normal}
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-120}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

pass=0 fail=0 ran=0 failed_suites=""
for kind in unit integration; do
	for bin in "$dir/$kind"/*; do
		[ -x "$bin" ] && [ -f "$bin" ] || continue
		name=$(basename "$bin")
		if [ -n "$only" ]; then
			case " $only " in *" $name "*) ;; *) continue ;; esac
		fi
		ran=$((ran + 1))
		log="$bin.log"
		echo "== $kind/$name"
		t0=$(date +%s%N)
		"$bin" >"$log" 2>&1
		rc=$?
		cat "$log"
		echo "-- $kind/$name: $(( ($(date +%s%N) - t0) / 1000000 )) ms"
		# Check prints "NN%: Checks: N, Failures: N, Errors: N"
		sum=$(sed -n 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/p' "$log" | tail -n 1)
		if [ -n "$sum" ]; then
			set -- $sum
			pass=$((pass + $1 - $2 - $3))
			fail=$((fail + $2 + $3))
		fi
		if [ $rc -ne 0 ]; then
			[ -n "$sum" ] && [ $(( $2 + $3 )) -gt 0 ] || fail=$((fail + 1))
			failed_suites="$failed_suites $kind/$name"
		fi
	done
done
if [ $ran -eq 0 ]; then
	echo "run-suites: no suite matched '${only}'" >&2
	exit 2
fi
[ -n "$failed_suites" ] && echo "FAILED suites:$failed_suites"
echo "unit: $pass passed, $fail failed"
[ -z "$failed_suites" ]
