#!/usr/bin/env bash
# Measure tocsin on the whole Debian linux-source-6.12 tree, in one run:
# --parse-only versus a full scan with every rule, wall time, MB/s and peak
# RSS of each, and their ratio; plus how many function definitions the
# analysis found against a plain count of function_definition nodes.
#
#   bench/run.sh [JOBS]        (default 2)
#
# The tree is extracted once into $TOCSIN_BENCH_DIR (default
# ${XDG_CACHE_HOME:-~/.cache}/tocsin-bench), never into the repository.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
jobs=${1:-2}
cache=${TOCSIN_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tocsin-bench}
tarball=/usr/src/linux-source-6.12.tar.xz
tree=$cache/linux-source-6.12

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

mb=$(cd "$tree" && find . \( -name '*.c' -o -name '*.h' \) -type f -size -4097k -printf '%s\n' |
	awk '{s += $1} END {printf "%.1f", s / 1048576}')
echo "bench: linux-source-6.12 $version, $mb MB of .c/.h, -j$jobs, $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"

read -r p_s p_rss < <(measure parse "$tocsin" --parse-only -j"$jobs" "$tree")
read -r f_s f_rss < <(measure full "$tocsin" -j"$jobs" --format json -o /dev/null "$tree")

printf '%-24s %8s %8s %10s\n' "" seconds MB/s "peak RSS"
printf '%-24s %8.1f %8.1f %7.0f MiB\n' "--parse-only" "$p_s" "$(echo "$mb / $p_s" | bc -l)" "$(echo "$p_rss / 1024" | bc -l)"
printf '%-24s %8.1f %8.1f %7.0f MiB\n' "full scan, all rules" "$f_s" "$(echo "$mb / $f_s" | bc -l)" "$(echo "$f_rss / 1024" | bc -l)"
printf 'full / parse-only: %.2f (goal: at most 1.30)\n' "$(echo "$f_s / $p_s" | bc -l)"
grep -E 'functions|finding' "$cache/full.err" | sed 's/^/full scan: /'

# function definitions: tocsin's count against a plain count of nodes
cc -O2 -std=c11 -o "$cache/count-definitions" bench/count-definitions.c \
	-I build/deps/tree-sitter/vendor/tree-sitter/lib/include build/libtocsin.a -lpthread
plain=$(cd "$tree" && find . \( -name '*.c' -o -name '*.h' \) -type f -size -4097k | "$cache/count-definitions")
found=$(grep -o '[0-9]* functions' "$cache/full.err" | grep -o '[0-9]*')
echo "function definitions: tocsin analysed $found; plain count of function_definition nodes: ${plain#* } (in ${plain% *} files)"
echo "found / plain: $(echo "100 * $found / ${plain#* }" | bc -l | xargs printf '%.1f')%"
