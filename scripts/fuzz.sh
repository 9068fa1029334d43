#!/bin/sh
# Run each libFuzzer harness for a bounded time, both at once (one core
# each).  Usage: scripts/fuzz.sh BUILD_DIR SECONDS NAME...
#
# The working corpus grows under BUILD_DIR/corpus/NAME, seeded from the
# project's own fixtures, examples and profiles.  Crashing, hanging and
# memory-hungry inputs are kept in fuzz/crashes/NAME/: fix each, then
# leave it there, where `make check` replays it for good.  Fork mode lets
# a run go on after a crash, so one run finds more than one bug.
set -eu
build=$1
seconds=$2
shift 2
[ $# -gt 0 ] || { echo "usage: $0 BUILD_DIR SECONDS NAME..." >&2; exit 2; }

seeds() {
	case $1 in
	pipeline) find tests/fixtures examples -name '*.[ch]' ;;
	profile) find profiles tests/fixtures -name '*.profile' ;;
	*) echo "fuzz.sh: no harness '$1'" >&2; exit 2 ;;
	esac
}

# the pipeline harness scans with tocsin's cache, so that loading entries
# is fuzzed too; keep that cache in the build tree, not the user's
XDG_CACHE_HOME=$(cd "$build" && pwd)/cache
export XDG_CACHE_HOME

pids=
for name in "$@"; do
	corpus=$build/corpus/$name
	crashes=fuzz/crashes/$name
	mkdir -p "$corpus" "$crashes"
	seeds "$name" | while read -r f; do
		cp "$f" "$corpus/seed-$(echo "$f" | tr / _)"
	done
	before=$(ls "$crashes" | wc -l)
	echo "fuzz: $name for ${seconds}s, corpus $corpus"
	(
		"$build/fuzz_$name" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
			-ignore_ooms=1 -timeout=20 -rss_limit_mb=2048 \
			-max_total_time="$seconds" -print_final_stats=1 \
			-artifact_prefix="$crashes/" "$corpus" \
			>"$build/fuzz-$name.log" 2>&1 || true
		after=$(ls "$crashes" | wc -l)
		echo "fuzz: $name done: $((after - before)) new input(s) in $crashes" \
			"(log: $build/fuzz-$name.log)"
	) &
	pids="$pids $!"
done
for p in $pids; do
	wait "$p"
done
# new crashes fail the target, so they are not missed
new=$(git status --porcelain --untracked-files=all fuzz/crashes 2>/dev/null | wc -l)
if [ "$new" -gt 0 ]; then
	echo "fuzz: new inputs in fuzz/crashes/ -- fix them and commit them" >&2
	exit 1
fi
