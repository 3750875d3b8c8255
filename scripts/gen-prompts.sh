#!/bin/sh
# Render the default prompt set with espeak-ng: every "name<TAB>text" line
# of prompts/<lang>.txt becomes <out>/<lang>/<name>.wav (8 kHz, 16-bit,
# mono). Usage: scripts/gen-prompts.sh OUTDIR
set -eu
out=$1
tmp=$out.tmp.$$
trap 'rm -rf "$tmp"' EXIT
command -v espeak-ng >/dev/null || { echo "gen-prompts: espeak-ng is not installed" >&2; exit 1; }
command -v sox >/dev/null || { echo "gen-prompts: sox is not installed" >&2; exit 1; }
rm -rf "$tmp"
for lang in zh en; do
	case $lang in
	zh) voice=cmn ;;
	en) voice=en-us ;;
	esac
	mkdir -p "$tmp/$lang"
	n=0
	# tab-separated; '#' lines are comments
	grep -v '^#' "prompts/$lang.txt" | while IFS='	' read -r name text; do
		[ -n "$name" ] || continue
		case $name in
		*/* | .*) echo "gen-prompts: prompts/$lang.txt: bad name '$name'" >&2; exit 1 ;;
		esac
		espeak-ng -v "$voice" -s 150 --stdout "$text" |
			sox -q -t wav - -r 8000 -b 16 -c 1 "$tmp/$lang/$name.wav" vol 0.5
		n=$((n + 1))
	done
done
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "gen-prompts: $(ls "$out"/zh | wc -l) Mandarin and $(ls "$out"/en | wc -l) English prompts in $out"
