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
		# each test starts with an empty cache of its own, outside $TMP
		XDG_CACHE_HOME=$(mktemp -d)
		export XDG_CACHE_HOME
		if (cd "$PWD" && $t); then
			pass=$((pass + 1))
		else
			echo "FAIL: $(basename "$file") $t"
			failed=$((failed + 1))
		fi
		chmod -R u+rwx "$TMP" "$XDG_CACHE_HOME" 2>/dev/null
		rm -rf "$TMP" "$XDG_CACHE_HOME"
	done
done
echo "cli: $pass passed, $failed failed"
[ "$failed" = 0 ]
