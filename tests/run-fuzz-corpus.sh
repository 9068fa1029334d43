#!/bin/sh
# Replay every input the fuzzers ever crashed on (fuzz/crashes/NAME/)
# through its harness, built with gcc's ASan+UBSan: a fixed bug stays fixed.
set -u
dir=${1:-build/asan}
status=0
for corpus in fuzz/crashes/*/; do
	name=$(basename "$corpus")
	if ! "$dir/replay_$name" "$corpus" >"$dir/replay_$name.log" 2>&1; then
		echo "FAIL $name: see $dir/replay_$name.log"
		tail -20 "$dir/replay_$name.log"
		status=1
		continue
	fi
	echo "ok   $name: $(tail -1 "$dir/replay_$name.log")"
done
exit $status
