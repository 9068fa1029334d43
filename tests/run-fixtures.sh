#!/bin/sh
# Verify every rule fixture: each .c file under tests/fixtures/RULE/ is one
# run, each directory there is one run over all its files (a scenario that
# spans files).  Expectations are in the files (see src/verify.h).
set -u
TOCSIN=${TOCSIN:-build/tocsin}
pass=0
failed=0
for rule in tests/fixtures/*/; do
	for f in "$rule"*; do
		case "$f" in
		*.c|*.h) ;;
		*) [ -d "$f" ] || continue ;;
		esac
		if out=$("$TOCSIN" --verify -q "$f" 2>&1); then
			pass=$((pass + 1))
		else
			printf '%s\n' "$out" | grep -v '^verify:'
			echo "FAIL: $f"
			failed=$((failed + 1))
		fi
	done
done
echo "fixtures: $pass passed, $failed failed"
[ "$failed" = 0 ]
