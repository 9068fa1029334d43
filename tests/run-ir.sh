#!/bin/sh
# Golden IR dumps: tests/ir/NAME.c must dump (tocsin --dump-ir) exactly as
# tests/ir/NAME.ir.  After a deliberate IR change, review the new dumps and
# regenerate them with: UPDATE=1 tests/run-ir.sh
set -u
TOCSIN=${TOCSIN:-build/tocsin}
pass=0
failed=0
for c in tests/ir/*.c; do
	want=${c%.c}.ir
	got=$("$TOCSIN" --dump-ir "$c" 2>&1)
	if [ "${UPDATE:-}" = 1 ]; then
		printf '%s\n' "$got" >"$want"
		continue
	fi
	if printf '%s\n' "$got" | diff -u "$want" - >/tmp/tocsin-ir-diff.$$ 2>&1; then
		pass=$((pass + 1))
	else
		cat /tmp/tocsin-ir-diff.$$
		echo "FAIL: $c"
		failed=$((failed + 1))
	fi
	rm -f /tmp/tocsin-ir-diff.$$
done
echo "ir: $pass passed, $failed failed"
[ "$failed" = 0 ]
