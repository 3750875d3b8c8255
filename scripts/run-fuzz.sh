#!/bin/sh
# make fuzz: run every libFuzzer target under $1/bin (or those named in $3)
# for $2 seconds each, from its seed corpus tests/fuzz/<target>/corpus/
# (if it has one).
# New inputs go to $1/corpus/<target>/ (the tree's corpus is only read);
# a crash, leak, timeout or sanitizer report fails the target and leaves
# its input in $1/crash/. Prints "fuzz: N passed, N failed".
set -u
dir=$1
secs=$2
only=${3:-}
top=$(cd "$(dirname "$0")/.." && pwd)
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

pass=0 fail=0 failed=""
mkdir -p "$dir/crash"
for bin in "$dir"/bin/*; do
	[ -x "$bin" ] && [ -f "$bin" ] || continue
	name=$(basename "$bin")
	if [ -n "$only" ]; then
		case " $only " in *" $name "*) ;; *) continue ;; esac
	fi
	# the seed corpus, if the target has one (else it starts empty)
	seeds=$top/tests/fuzz/$name/corpus
	[ -d "$seeds" ] || seeds=""
	work=$dir/corpus/$name
	log=$dir/$name.log
	mkdir -p "$work"
	# a target's dict (libFuzzer dictionary) and options (flags, one a
	# line, # comments) beside its sources
	extra=""
	[ -f "$top/tests/fuzz/$name/dict" ] && extra="-dict=$top/tests/fuzz/$name/dict"
	[ -f "$top/tests/fuzz/$name/options" ] &&
		extra="$extra $(grep -v '^[[:space:]]*\(#\|$\)' "$top/tests/fuzz/$name/options" | tr '\n' ' ')"
	start=$(date +%s)
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$dir/crash/$name-" \
		$extra "$work" ${seeds:+"$seeds"} >"$log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "fuzz $name: ok, ${runs:-?} runs in ${took} s"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "fuzz $name: FAILED (exit $rc) after ${took} s; log $log"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -n 8
		echo "  reproduce: $bin $dir/crash/$name-<file>"
	fi
done
if [ $((pass + fail)) -eq 0 ]; then
	echo "run-fuzz: no fuzz target matched '${only}'" >&2
	exit 2
fi
[ -n "$failed" ] && echo "FAILED fuzz targets:$failed"
echo "fuzz: $pass passed, $fail failed"
[ -z "$failed" ]
