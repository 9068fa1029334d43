#!/usr/bin/env bash
# Measure tocsin on the whole Debian linux-source-6.12 tree, in one run:
#
#   --parse-only                 the front end alone
#   full scan, all rules         cold: no cache
#   -r double-fetch              with its lexical prefilter, against a full run
#   full scan filling the cache  what the first cached scan costs
#   warm re-scan                 after a change to one file, from the cache
#                                (fastest of the rounds, as the two above)
#
# with wall time and peak RSS of each, the ratios the goals are stated in,
# and whether the prefiltered and the warm reports equal the cold one.  Plus
# how many function definitions the analysis found against a plain count
# of function_definition nodes.
#
#   bench/run.sh [JOBS]        (default 2)
#
# TOCSIN_BENCH_ROUNDS (default 2) sets how many times --parse-only, the
# full scan and -r double-fetch are each run, in turn, and then the warm
# re-scan; the fastest of each is reported.
#
# TOCSIN_BENCH_AGAINST=BINARY also runs another build of tocsin (the one
# before a change) on the same tree in every round, right after ours: its
# full scan and -r double-fetch, the fastest of each, the ratio of ours to
# it, and whether the two builds' reports are the same.  A change that
# should alter nothing (a renovation) is measured so.
#
# The tree is extracted once into $TOCSIN_BENCH_DIR (default
# ${XDG_CACHE_HOME:-~/.cache}/tocsin-bench), never into the repository; the
# one-file change is made in that copy and undone on exit.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
jobs=${1:-2}
rounds=${TOCSIN_BENCH_ROUNDS:-2}
against=${TOCSIN_BENCH_AGAINST:-}
[ -z "$against" ] || [ -x "$against" ] || { echo "bench: TOCSIN_BENCH_AGAINST: not an executable: $against" >&2; exit 2; }
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench: TOCSIN_BENCH_ROUNDS must be a positive integer" >&2; exit 2; }
cache=${TOCSIN_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tocsin-bench}
tarball=/usr/src/linux-source-6.12.tar.xz
tree=$cache/linux-source-6.12
scan_cache=$cache/scan-cache
# Coccinelle's double-fetch detector on this tree, here (issue 7)
peer_seconds=492

cd "$top"
scripts/setup-deps.sh build bench
make -s all
if [ ! -f "$tree/.tocsin-extracted" ]; then
	mkdir -p "$cache"
	rm -rf "$tree"
	echo "bench: extracting $tarball into $cache (once)"
	tar -C "$cache" -xJf "$tarball"
	touch "$tree/.tocsin-extracted"
fi
version=$(dpkg-query -W -f='${Version}' linux-source-6.12)
tocsin=$top/build/tocsin

measure() {
	# measure NAME CMD...: wall seconds and peak RSS (KiB) of CMD
	local name=$1
	shift
	local t0 t1 rss
	t0=$(date +%s.%N)
	/usr/bin/time -f '%M' -o "$cache/$name.rss" "$@" >/dev/null 2>"$cache/$name.err" || {
		local s=$?
		# exit 1 means findings, not failure
		[ "$s" = 1 ] || { cat "$cache/$name.err" >&2; exit "$s"; }
	}
	t1=$(date +%s.%N)
	rss=$(tail -n 1 "$cache/$name.rss")
	echo "$(echo "$t1 - $t0" | bc -l) $rss"
}

row() {	# row LABEL SECONDS RSS_KIB
	printf '%-34s %8.1f %8.1f %7.0f MiB\n' "$1" "$2" "$(echo "$mb / $2" | bc -l)" \
		"$(echo "$3 / 1024" | bc -l)"
}

verdict() {	# verdict OK-EXPRESSION: "met" or "missed"
	[ "$(echo "$1" | bc -l)" = 1 ] && echo met || echo MISSED
}

# the findings of one JSON report as sorted lines, optionally of one rule
findings() {
	/usr/bin/python3 -c '
import json, sys
only = sys.argv[2] if len(sys.argv) > 2 else None
for f in json.load(open(sys.argv[1]))["findings"]:
    if only is None or f["rule"] == only:
        print(json.dumps(f, sort_keys=True))' "$@"
}

mb=$(cd "$tree" && find . \( -name '*.c' -o -name '*.h' \) -type f -size -4097k -printf '%s\n' |
	awk '{s += $1} END {printf "%.1f", s / 1048576}')
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "bench: $(date -u +%Y-%m-%d), tocsin $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "bench: linux-source-6.12 $version, $mb MB of .c/.h, -j$jobs"
echo "bench: $(nproc) CPUs ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"

# The machine's speed drifts by a quarter between runs, so the two runs the
# ratio is made of alternate, $rounds times each, with -r double-fetch
# (whose goal is a fixed number of seconds) beside them, and the fastest of
# each counts: the least disturbed measure of the work itself.
p_s='' f_s='' d_s='' p_rss=0 f_rss=0 d_rss=0 pair_ratios=()
af_s='' ad_s='' af_rss=0 ad_rss=0
for round in $(seq "$rounds"); do
	read -r s rss < <(measure parse "$tocsin" --parse-only -j"$jobs" "$tree")
	echo "bench: round $round: --parse-only $s s"
	round_parse=$s
	{ [ -z "$p_s" ] || [ "$(echo "$s < $p_s" | bc -l)" = 1 ]; } && p_s=$s
	[ "$rss" -gt "$p_rss" ] && p_rss=$rss
	read -r s rss < <(measure full "$tocsin" -j"$jobs" --no-cache --show-acknowledged \
		--format json -o "$cache/cold.json" "$tree")
	echo "bench: round $round: full scan $s s"
	pair_ratios+=("$(echo "$s / $round_parse" | bc -l)")
	{ [ -z "$f_s" ] || [ "$(echo "$s < $f_s" | bc -l)" = 1 ]; } && f_s=$s
	[ "$rss" -gt "$f_rss" ] && f_rss=$rss
	read -r s rss < <(measure double-fetch "$tocsin" -j"$jobs" --no-cache --show-acknowledged \
		-r double-fetch --format json -o "$cache/double-fetch.json" "$tree")
	echo "bench: round $round: -r double-fetch $s s"
	{ [ -z "$d_s" ] || [ "$(echo "$s < $d_s" | bc -l)" = 1 ]; } && d_s=$s
	[ "$rss" -gt "$d_rss" ] && d_rss=$rss
	[ -n "$against" ] || continue
	read -r s rss < <(measure against-full "$against" -j"$jobs" --no-cache --show-acknowledged \
		--format json -o "$cache/against-cold.json" "$tree")
	echo "bench: round $round: full scan of $against $s s"
	{ [ -z "$af_s" ] || [ "$(echo "$s < $af_s" | bc -l)" = 1 ]; } && af_s=$s
	[ "$rss" -gt "$af_rss" ] && af_rss=$rss
	read -r s rss < <(measure against-double-fetch "$against" -j"$jobs" --no-cache \
		--show-acknowledged -r double-fetch --format json -o "$cache/against-df.json" "$tree")
	echo "bench: round $round: -r double-fetch of $against $s s"
	{ [ -z "$ad_s" ] || [ "$(echo "$s < $ad_s" | bc -l)" = 1 ]; } && ad_s=$s
	[ "$rss" -gt "$ad_rss" ] && ad_rss=$rss
done
rm -rf "$scan_cache"
read -r c_s c_rss < <(measure fill "$tocsin" -j"$jobs" --cache-dir "$scan_cache" \
	--show-acknowledged --format json -o /dev/null "$tree")

# One changed file: a comment appended, so no line of a finding moves.  The
# warm re-scan is part of a ratio too, so it is run $rounds times and the
# fastest counts; each round appends a comment of its own, so that every
# re-scan finds the file changed since the cache saw it.
changed=$tree/kernel/sched/core.c
cp "$changed" "$cache/changed.orig"
trap 'cp "$cache/changed.orig" "$changed"' EXIT
w_s='' w_rss=0
for round in $(seq "$rounds"); do
	cp "$cache/changed.orig" "$changed"
	printf '\n/* tocsin bench: one changed file, round %s */\n' "$round" >>"$changed"
	read -r s rss < <(measure warm "$tocsin" -j"$jobs" --cache-dir "$scan_cache" \
		--show-acknowledged --format json -o "$cache/warm.json" "$tree")
	echo "bench: round $round: warm re-scan $s s"
	{ [ -z "$w_s" ] || [ "$(echo "$s < $w_s" | bc -l)" = 1 ]; } && w_s=$s
	[ "$rss" -gt "$w_rss" ] && w_rss=$rss
done
cp "$cache/changed.orig" "$changed"

printf '\n%-34s %8s %8s %10s\n' "" seconds MB/s "peak RSS"
row "--parse-only" "$p_s" "$p_rss"
row "full scan, all rules, no cache" "$f_s" "$f_rss"
row "-r double-fetch" "$d_s" "$d_rss"
row "full scan filling the cache" "$c_s" "$c_rss"
row "warm re-scan, one file changed" "$w_s" "$w_rss"
grep -E 'functions|finding|prefilter' "$cache/full.err" "$cache/double-fetch.err" "$cache/warm.err" |
	sed "s|^$cache/||" || true
echo "cache: $(du -sh "$scan_cache" | cut -f1) in $(find "$scan_cache" -type f | wc -l) entries"

findings "$cache/cold.json" double-fetch >"$cache/cold-df.txt"
findings "$cache/double-fetch.json" >"$cache/df.txt"
findings "$cache/cold.json" >"$cache/cold.txt"
findings "$cache/warm.json" >"$cache/warm.txt"
same_df=$(cmp -s "$cache/cold-df.txt" "$cache/df.txt" && echo yes || echo NO)
same_warm=$(cmp -s "$cache/cold.txt" "$cache/warm.txt" && echo yes || echo NO)
max_rss=$(printf '%s\n' "$p_rss" "$f_rss" "$d_rss" "$c_rss" "$w_rss" | sort -n | tail -n 1)

echo
printf 'full / parse-only:       %5.2f   goal at most 1.30: %s\n' "$(echo "$f_s / $p_s" | bc -l)" \
	"$(verdict "$f_s <= 1.3 * $p_s")"
# The same ratio within each round, whose two runs are minutes apart
# rather than up to an hour: less exposed to the machine's drift.
printf '  within each round:     %s; median %.2f\n' \
	"$(printf '%.2f\n' "${pair_ratios[@]}" | paste -sd ' ')" \
	"$(printf '%s\n' "${pair_ratios[@]}" | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}')"
printf -- '-r double-fetch:         %5.1f s goal at most %.1f s (1/20 of %u s): %s; same %u findings as the full run: %s\n' \
	"$d_s" "$(echo "$peer_seconds / 20" | bc -l)" "$peer_seconds" \
	"$(verdict "$d_s <= $peer_seconds / 20")" "$(wc -l <"$cache/df.txt")" "$same_df"
printf 'warm / cold:             %5.3f   goal at most 0.100: %s; same report: %s\n' \
	"$(echo "$w_s / $f_s" | bc -l)" "$(verdict "$w_s <= 0.1 * $f_s")" "$same_warm"
printf 'peak RSS:                %5.0f MiB goal under 2048 MiB: %s\n' "$(echo "$max_rss / 1024" | bc -l)" \
	"$(verdict "$max_rss < 2097152")"

if [ -n "$against" ]; then
	findings "$cache/against-cold.json" >"$cache/against-cold.txt"
	findings "$cache/against-df.json" >"$cache/against-df.txt"
	echo
	echo "against $against:"
	printf '  full scan:       %6.1f s, %5.0f MiB; ours / theirs %5.2f; same report: %s\n' "$af_s" \
		"$(echo "$af_rss / 1024" | bc -l)" "$(echo "$f_s / $af_s" | bc -l)" \
		"$(cmp -s "$cache/cold.txt" "$cache/against-cold.txt" && echo yes || echo NO)"
	printf '  -r double-fetch: %6.1f s, %5.0f MiB; ours / theirs %5.2f; same report: %s\n' "$ad_s" \
		"$(echo "$ad_rss / 1024" | bc -l)" "$(echo "$d_s / $ad_s" | bc -l)" \
		"$(cmp -s "$cache/df.txt" "$cache/against-df.txt" && echo yes || echo NO)"
fi

# function definitions: tocsin's count against a plain count of nodes
cc -O2 -std=c11 -o "$cache/count-definitions" bench/count-definitions.c \
	-I build/deps/tree-sitter/vendor/tree-sitter/lib/include build/libtocsin.a -lpthread
plain=$(cd "$tree" && find . \( -name '*.c' -o -name '*.h' \) -type f -size -4097k | "$cache/count-definitions")
found=$(grep -o '[0-9]* functions' "$cache/full.err" | grep -o '[0-9]*')
echo "function definitions: tocsin analysed $found; plain count of function_definition nodes: ${plain#* } (in ${plain% *} files)"
echo "found / plain: $(echo "100 * $found / ${plain#* }" | bc -l | xargs printf '%.1f')%"
