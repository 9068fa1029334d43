#!/usr/bin/env bash
# The stages in src/ depend one way, from the command line down to the
# base library (docs/ARCHITECTURE.md):
#
#   1. a file includes headers and calls functions of its own folder or of
#      a folder below it in LAYERS, never of one above;
#   2. no files include or call each other in a circle, in a folder or
#      across folders (a file and its header count as one module).
#
#   scripts/check-layers.sh OBJDIR     (the build's obj/, for the calls)
#
# Includes are read from the sources; calls from the objects' symbol
# tables (nm), so a call through a function pointer registered by a
# higher stage -- a hook -- is no dependency, which is the point of hooks.
set -euo pipefail

LAYERS="base ir profile input frontend index rules triage report cli"

top=$(cd "$(dirname "$0")/.." && pwd)
obj=${1:?usage: check-layers.sh OBJDIR}
[ -d "$obj" ] || { echo "check-layers: no such directory: $obj" >&2; exit 2; }
cd "$top"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

rank_of() {
	local i=0 l
	for l in $LAYERS; do
		[ "$l" = "$1" ] && { echo $i; return; }
		i=$((i + 1))
	done
	echo "check-layers: src/$1/ is in no layer; add it to LAYERS" >&2
	exit 2
}

# module edges "from to", module = folder/stem
for f in src/*/*.[ch]; do
	from=${f#src/}
	from=${from%.*}
	{ grep -o '^#include "[a-z_]*/[a-z_]*\.h"' "$f" || true; } |
		sed 's/^#include "//; s/\.h"$//' |
		while read -r to; do echo "$from $to include"; done
done >"$tmp/edges"

find "$obj" -name '*.o' ! -path '*/ts/*' ! -path '*/gen/*' | sort >"$tmp/objs"
[ -s "$tmp/objs" ] || { echo "check-layers: no objects under $obj: build first" >&2; exit 2; }
while read -r o; do
	m=${o#"$obj"/}
	m=${m%.o}
	nm -g --defined-only "$o" | awk -v m="$m" 'NF == 3 { print $3, m }'
done <"$tmp/objs" | sort -k1,1 >"$tmp/defs"
while read -r o; do
	m=${o#"$obj"/}
	m=${m%.o}
	nm -u "$o" | awk -v m="$m" '{ print $2, m }'
done <"$tmp/objs" | sort -k1,1 >"$tmp/uses"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3, "call" }' >>"$tmp/edges"
sort -u "$tmp/edges" -o "$tmp/edges"

status=0
while read -r from to how; do
	[ "$from" = "$to" ] && continue
	rf=$(rank_of "${from%%/*}")
	rt=$(rank_of "${to%%/*}")
	if [ "$rt" -gt "$rf" ]; then
		echo "check-layers: src/$from ${how}s src/$to, a later stage" >&2
		status=1
	fi
done <"$tmp/edges"

awk '$1 != $2 { print $1, $2 }' "$tmp/edges" | sort -u >"$tmp/pairs"
if ! tsort "$tmp/pairs" >/dev/null 2>"$tmp/loops"; then
	echo "check-layers: modules that include or call each other in a circle:" >&2
	grep -v 'input contains a loop' "$tmp/loops" | sed 's/^tsort: /  /' >&2
	status=1
fi
n=$(awk '{ print $1 }' "$tmp/pairs" | sort -u | wc -l)
[ "$status" = 0 ] && echo "layers: $n modules in $(echo $LAYERS | wc -w) stages, every dependency downward, no cycle"
exit $status
