#!/bin/sh
# Verify every rule fixture: each .c file under tests/fixtures/RULE/ is one
# run, each directory there is one run over all its files (a scenario that
# spans files, with the .profile files it brings).  The examples/ are
# verified the same way: the demo's output is part of the tests.
# Expectations are in the files (see src/report/verify.h).
set -u
TOCSIN=${TOCSIN:-build/tocsin}
pass=0
failed=0
for rule in tests/fixtures/*/ examples/; do
	for f in "$rule"*; do
		case "$f" in
		*.c|*.h) ;;
		*) [ -d "$f" ] || continue ;;
		esac
		# a scenario directory may bring its own profiles
		extra=
		if [ -d "$f" ]; then
			for p in "$f"/*.profile; do
				[ -f "$p" ] && extra="$extra --profile-file $p"
			done
		fi
		if out=$("$TOCSIN" --verify -q $extra "$f" 2>&1); then
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
