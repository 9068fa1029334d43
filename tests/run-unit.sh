#!/bin/sh
# Run each unit test binary; fail if any fails.
fail=0
for t in "$@"; do
	if ! "$t" >"$t.log" 2>&1; then
		cat "$t.log"
		echo "FAIL: $t"
		fail=1
	else
		echo "ok: $(basename "$t") ($(grep -c '\[       OK \]' "$t.log") tests)"
	fi
done
exit $fail
