#!/bin/sh
# Run every t_* function of tests/cli/test_*.sh in a fresh temporary
# directory; print one line per test; fail if any fails.
set -u
. tests/cli/lib.sh
pass=0
failed=0
for file in tests/cli/test_*.sh; do
	. "$file"
	for t in $(grep -o '^t_[a-z0-9_]*' "$file"); do
		TMP=$(mktemp -d)
		if (cd "$PWD" && $t); then
			pass=$((pass + 1))
		else
			echo "FAIL: $(basename "$file") $t"
			failed=$((failed + 1))
		fi
		rm -rf "$TMP"
	done
done
echo "cli: $pass passed, $failed failed"
[ "$failed" = 0 ]
