#!/bin/sh
# Everything `make check` runs, in order; stops at nothing, fails at the end.
set -u
BUILD=${BUILD:-build}
status=0
# tocsin caches parses under $XDG_CACHE_HOME: the tests use their own
XDG_CACHE_HOME=$(mktemp -d)
export XDG_CACHE_HOME
trap 'rm -rf "$XDG_CACHE_HOME"' EXIT
step() {
	echo "== $1"
	shift
	"$@" || status=1
}
step "stages depend one way, no cycle" scripts/check-layers.sh "$BUILD/obj"
step "unit tests" tests/run-unit.sh $(ls "$BUILD"/tests/test_* | grep -v '\.log$')
step "IR dumps" tests/run-ir.sh
step "rule fixtures" tests/run-fixtures.sh
step "rule fixtures under ASan+UBSan" env TOCSIN="$BUILD/asan/tocsin" tests/run-fixtures.sh
# again, now that the cache holds every fixture: loading is checked too
step "rule fixtures under ASan+UBSan, from the cache" env TOCSIN="$BUILD/asan/tocsin" tests/run-fixtures.sh
step "fuzzers' crash corpus under ASan+UBSan" tests/run-fuzz-corpus.sh "$BUILD/asan"
step "command line" tests/run-cli.sh
step "fix hints apply, compile and silence their findings" tests/run-hints.sh
step "fix hints under ASan+UBSan" env TOCSIN="$BUILD/asan/tocsin" tests/run-hints.sh
step "HTML report in a browser" tests/browser/test_html.sh
if [ "$status" = 0 ]; then
	echo "== all tests passed"
else
	echo "== SOME TESTS FAILED"
fi
exit $status
