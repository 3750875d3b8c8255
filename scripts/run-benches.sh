#!/bin/sh
# Run every benchmark binary under $1 (or those named in $2) in turn; each
# prints its own figures. Fails if any benchmark fails.
set -u
dir=$1
only=${2:-}
rc=0 ran=0
for b in "$dir"/*; do
	[ -f "$b" ] && [ -x "$b" ] || continue
	name=$(basename "$b")
	if [ -n "$only" ]; then
		case " $only " in *" $name "*) ;; *) continue ;; esac
	fi
	ran=$((ran + 1))
	echo "== bench/$name"
	"$b" || { echo "bench/$name: FAILED"; rc=1; }
done
[ $ran -gt 0 ] || echo "bench: no benchmark built yet"
exit $rc
